"""argmap: turn arguments into a knowledge graph you can check, query, picture and share.

The front door, for notebooks and scripts::

    import argmap
    corpus = argmap.load(["data/a.yaml", "data/b.yaml"])     # maps, RDF, AIF, Argdown, Kialo
    argmap.validate(corpus)                                   # [] when the maps are valid
    argmap.query(corpus, "SELECT ?c WHERE { ?c a am:Claim }").column("c")
    argmap.run_named(corpus, "claims-endorsed-by", {"actor": "big-tech"}).records()
    argmap.render(corpus).save("out/map.html")
    argmap.export(corpus, "graphml", "out/map.graphml")
    one_map = argmap.import_file("debate.argdown")
    store = argmap.to_store(corpus)                           # pyoxigraph.Store

Each stage is a package of its own (model, rdf, graph, formats, sparql, shacl, analysis,
render, cli); the names here reach into them. They are imported on first use (PEP 562), so
that ``import argmap.cli`` (run on every shell-completion TAB) does not pay for pydantic and
rdflib up front.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

from argmap.util.lazy import lazy_exports
from argmap.util.version import __version__

if TYPE_CHECKING:
    import pyoxigraph

    from argmap.errors import ArgmapError, FormatError, InputError, MapError, OutputError, Problem
    from argmap.formats.authoring import dump_yaml, dumps_yaml, load_corpus, load_map, loads_map
    from argmap.formats.registry import export, exports, import_file, load
    from argmap.model.corpus import Corpus
    from argmap.model.entities import (
        Actor,
        ActorKind,
        Argument,
        ArgumentMap,
        AttackKind,
        Claim,
        ClaimKind,
        Issue,
        Position,
        Quote,
        Relation,
        RelationType,
        Scheme,
        Source,
        Stance,
        Topic,
    )
    from argmap.render import render
    from argmap.sparql.local import QueryResult

__all__ = [
    "Actor",
    "ActorKind",
    "ArgmapError",
    "Argument",
    "ArgumentMap",
    "AttackKind",
    "Claim",
    "ClaimKind",
    "Corpus",
    "FormatError",
    "InputError",
    "Issue",
    "MapError",
    "OutputError",
    "Position",
    "Problem",
    "Quote",
    "Relation",
    "RelationType",
    "Scheme",
    "Source",
    "Stance",
    "Topic",
    "__version__",
    "dump_yaml",
    "dumps_yaml",
    "export",
    "exports",
    "import_file",
    "load",
    "load_corpus",
    "load_map",
    "loads_map",
    "query",
    "render",
    "run_named",
    "to_store",
    "validate",
]

_lazy_name, __dir__ = lazy_exports(
    __name__,
    globals(),
    {
        "argmap.model.corpus": ("Corpus",),
        "argmap.errors": (
            "ArgmapError", "FormatError", "InputError", "MapError", "OutputError", "Problem"
        ),
        "argmap.formats.authoring": (
            "dump_yaml", "dumps_yaml", "load_corpus", "load_map", "loads_map"
        ),
        "argmap.formats.registry": ("export", "exports", "import_file", "load"),
        "argmap.model.entities": (
            "Actor", "ActorKind", "Argument", "ArgumentMap", "AttackKind", "Claim", "ClaimKind",
            "Issue", "Position", "Quote", "Relation", "RelationType", "Scheme", "Source",
            "Stance", "Topic",
        ),
        "argmap.render": ("render",),
    },
)  # fmt: skip


def __getattr__(name: str) -> Any:
    if name == "render":
        # The package itself, which is callable (argmap.render(corpus) renders a page):
        # importing any argmap.render.* module sets this attribute to the package anyway.
        import argmap.render

        return argmap.render
    return _lazy_name(name)


def _corpus(maps: Any) -> Corpus:
    """A corpus of ``maps``: a Corpus as it is, one map, or the maps read from files."""
    from argmap.formats.registry import load
    from argmap.model.corpus import Corpus, corpus_of
    from argmap.model.entities import ArgumentMap

    if isinstance(maps, Corpus):
        return maps
    if isinstance(maps, ArgumentMap):
        return corpus_of([maps])
    if isinstance(maps, str | PathLike):
        return load([Path(maps)])
    return load(maps)


def validate(maps: Any, *, shacl: bool = True, engine: str = "argmap") -> list[Problem]:
    """Every problem of ``maps`` (a corpus, a map or map files), each naming file, line and
    entity; ``[]`` when they are valid. ``shacl`` also checks the ontology's SHACL shapes
    (``engine``: ``argmap``, or ``pyshacl`` as the reference). A file that cannot be read
    still raises :class:`InputError`."""
    from argmap.errors import MapError
    from argmap.shacl.maps import ENGINES, shacl_problems

    if engine not in ENGINES:
        raise _unknown("engine", engine, ENGINES)
    try:
        corpus = _corpus(maps)
    except MapError as exc:
        return list(exc.problems)
    return shacl_problems(corpus, engine) if shacl else []


def to_store(maps: Any) -> pyoxigraph.Store:
    """``maps`` (a corpus, a map, or map and RDF files) in a new in-memory pyoxigraph Store,
    one named graph per map."""
    from argmap.formats.registry import load
    from argmap.sparql.local import open_source

    if isinstance(maps, str | PathLike) or _is_paths(maps):
        return open_source(maps, load=load)  # type: ignore[no-any-return]
    from argmap.rdf.store import to_store as corpus_store

    return corpus_store(_corpus(maps))


def query(maps: Any, sparql: str, params: Mapping[str, Any] | None = None) -> QueryResult:
    """Run a SPARQL query over ``maps`` (a corpus, a map, files, or a pyoxigraph Store).
    ``params`` binds variables (values are bound as RDF terms, never pasted into the text);
    the prefixes ``am:``, ``dcterms:``, ``skos:``… need no PREFIX line."""
    from argmap.sparql.local import query as run_query

    return run_query(_queryable(maps), sparql, params or {})


def run_named(maps: Any, name: str, params: Mapping[str, Any] | None = None) -> QueryResult:
    """Run the named query ``name`` (see ``argmap queries``) over ``maps``."""
    from argmap.sparql.named import run_named as run

    return run(_queryable(maps), name, params or {})


def _queryable(maps: Any) -> Any:
    import pyoxigraph

    return maps if isinstance(maps, pyoxigraph.Store) else to_store(maps)


def _is_paths(maps: Any) -> bool:
    from argmap.model.corpus import Corpus
    from argmap.model.entities import ArgumentMap

    return not isinstance(maps, Corpus | ArgumentMap) and isinstance(maps, Iterable)


def _unknown(what: str, value: str, choices: Iterable[str]) -> ArgmapError:
    from argmap.errors import ArgmapError

    return ArgmapError(f"{what} '{value}' is unknown; use one of: {', '.join(choices)}")
