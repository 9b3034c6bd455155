"""SHACL validation of a corpus's graph against ``ontology/shapes.ttl``, as readable problems.

Two engines find the same problems:

- ``argmap`` (the default): our own SHACL Core validator, :mod:`argmap.shacl`, on an index
  built straight from :func:`argmap.rdf.write.corpus_quads` (no rdflib terms), evaluating each
  constraint for all focus nodes of a shape at once rather than node by node, so it is far
  faster than pySHACL on big maps.
- ``pyshacl``: the reference, pySHACL on the shapes exactly as written, the data in rdflib.

``tests/test_validate.py`` checks that both report the same results (focus node, path,
value, constraint component, message) on every fixture and on randomly damaged graphs.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Literal, get_args

import rdflib

from argmap.errors import Problem
from argmap.model.corpus import Corpus
from argmap.rdf.terms import AM_NS, DCT, ontology_path
from argmap.rdf.write import corpus_quads, to_graph
from argmap.shacl import DataGraph, Result, Shapes, read_turtle_shapes, results_of_report
from argmap.shacl import validate as shacl_validate
from argmap.shacl.shapes import Inverse
from argmap.shacl.terms import RDF_TYPE, SH, Term, from_rdflib, text
from argmap.util.gcpause import collector_paused

__all__ = ["ENGINES", "Engine", "graph_shacl_problems", "shacl_problems", "shapes_graph"]

Engine = Literal["argmap", "pyshacl"]
ENGINES: tuple[Engine, ...] = get_args(Engine)

_IDENTIFIER, _PART_OF = DCT + "identifier", DCT + "isPartOf"
_BROAD_CLASSES = frozenset({AM_NS + "Argument", AM_NS + "Relation"})


@cache
def shapes_graph() -> rdflib.Graph:
    """The SHACL shapes shipped with argmap, in rdflib (parsed once)."""
    graph = rdflib.Graph()
    graph.parse(ontology_path("shapes.ttl"), format="turtle")
    return graph


@cache
def shapes() -> Shapes:
    """The same shapes as :func:`shapes_graph`, read for the ``argmap`` engine (once)."""
    return read_turtle_shapes(ontology_path("shapes.ttl"))


def shacl_problems(corpus: Corpus, engine: Engine = "argmap") -> list[Problem]:
    """Every SHACL violation of the corpus's RDF graph, naming entity, rule and fix."""
    if engine == "pyshacl":
        return graph_shacl_problems(to_graph(corpus), engine="pyshacl")
    # The index is hundreds of thousands of long-lived objects: no collector passes over them.
    with collector_paused():
        data = DataGraph.from_quads(corpus_quads(corpus))
        return _problems(shacl_validate(shapes(), data), data)


def graph_shacl_problems(data: rdflib.Graph, engine: Engine = "argmap") -> list[Problem]:
    """Every SHACL violation of an RDF graph in argmap's ontology (a Dataset: all its graphs)."""
    with collector_paused():
        indexed = _data_graph(data)
        if engine == "pyshacl":
            return _problems(_pyshacl_results(data), indexed)
        return _problems(shacl_validate(shapes(), indexed), indexed)


def graph_shacl_results(data: rdflib.Graph, engine: Engine = "argmap") -> set[Result]:
    """The validation results themselves (for comparing the engines)."""
    if engine == "pyshacl":
        return _pyshacl_results(data)
    return shacl_validate(shapes(), _data_graph(data))


def _triples(data: rdflib.Graph) -> Iterable[tuple[rdflib.term.Node, ...]]:
    if isinstance(data, rdflib.Dataset):
        return ((s, p, o) for s, p, o, _ in data.quads())
    return data.triples((None, None, None))


def _data_graph(data: rdflib.Graph) -> DataGraph:
    return DataGraph.from_triples(
        (from_rdflib(s), from_rdflib(p), from_rdflib(o)) for s, p, o in _triples(data)
    )


def _pyshacl_results(data: rdflib.Graph) -> set[Result]:
    import pyshacl  # slow to import, and only the reference engine needs it

    union = rdflib.Graph()  # pySHACL would validate a Dataset's graphs one by one
    for triple in _triples(data):
        union.add(triple)  # type: ignore[arg-type]
    conforms, report, _ = pyshacl.validate(
        union, shacl_graph=shapes_graph(), inference="none", advanced=False, allow_warnings=True
    )
    return set() if conforms else results_of_report(report)


# ---- the report ------------------------------------------------------------------------------


def _problems(results: Iterable[Result], data: DataGraph) -> list[Problem]:
    """One problem per distinct result, sorted."""
    problems = set()
    for result in results:
        path = result.path
        if path is None:
            rule = "node"
        elif isinstance(path, Inverse):
            rule = "^" + _short(path.predicate)
        else:
            rule = _short(path)
        message = result.message or f"violates sh:{result.component.removeprefix(SH)}"
        value = result.value
        shown = f" (value: {_short(text(value))})" if value is not None else ""
        problems.add(
            Problem(f"SHACL {rule}: {message}{shown}", entity=_describe(data, result.focus))
        )
    return sorted(problems, key=lambda p: (p.entity or "", p.message))


def _short(text: str) -> str:
    for prefix, namespace in (("am:", AM_NS), ("dcterms:", DCT)):
        if text.startswith(namespace):
            return prefix + text[len(namespace) :]
    return text if len(text) <= 80 else text[:77] + "..."


def _describe(data: DataGraph, focus: Term) -> str:
    if not isinstance(focus, str):
        return text(focus)
    # A node may break the rules by having two types, ids or maps: name it by the first
    # (argmap types first, the broad am:Argument and am:Relation of a support or an attack
    # after its own class), so that the same graph always gives the same words.
    ident = _first(data.values(focus, _IDENTIFIER))
    types = sorted(
        map(text, data.values(focus, RDF_TYPE)),
        key=lambda t: (not t.startswith(AM_NS), t in _BROAD_CLASSES, t),
    )
    kind_name = _short(types[0]).removeprefix("am:").lower() if types else "node"
    map_id = _first(i for m in data.values(focus, _PART_OF) for i in data.values(m, _IDENTIFIER))
    where = f" in map '{map_id}'" if map_id is not None else ""
    return f"{kind_name} '{ident}'{where}" if ident is not None else f"<{focus}>"


def _first(terms: Iterable[Term]) -> str | None:
    return min(map(text, terms), default=None)
