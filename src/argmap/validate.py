"""SHACL validation of a corpus's graph against ``ontology/shapes.ttl``, as readable problems.

pySHACL checks shapes node by node in Python, so the form in which the shapes and the data
reach it decides the speed (issue 9: 10,000 claims took 110 s of CPU time on our 2-core
machine, now about 7 s; 1,000 claims 11 s, now 0.6 s). None of this changes what is checked:
``tests/test_validate.py`` compares the problems found with pySHACL's on the shapes as
written, for every fixture and for randomly damaged maps.

- The shapes are compiled once into an equivalent form (:func:`_compile_shapes`).
  pySHACL validates a node shape's ``sh:property`` shapes once *per focus node*, each time
  re-reading the shape and rebuilding its constraints; a property shape that carries the
  targets itself is validated once for all its focus nodes. And pySHACL evaluates every
  branch of an ``sh:or`` and every value of a qualified value shape as a nested shape,
  building a full validation result for each one that fails only to throw it away; an
  ``sh:or`` of bare ``sh:class`` shapes becomes one ``sh:class`` of a private union class,
  counting the values of one class becomes counting a derived property, and an ``sh:or``
  whose branch is picked by a property's value (the attack kind that must match the
  target) is worked out from the branches' bulk results.
- The data goes into a private, lean triple index (:class:`_TripleIndex`) rather than
  rdflib's Memory store, which keeps per-context bookkeeping on every add and lookup, and
  the values of one property of one node, most of what pySHACL asks, come straight from
  it (:class:`_IndexedGraph`).
- Every IRI is written in full in the text pySHACL renders for each result (which we never
  show); rdflib's own namespace manager inserts each new namespace (every quote has its own)
  into a prefix trie that grows slower as it grows.
- The cyclic garbage collector is paused while the graph is built and checked: the graph is
  hundreds of thousands of long-lived objects that every full collection would walk again
  (it costs 30% more time for 10,000 claims otherwise, for the same peak memory).

What is left for 10,000 claims is pySHACL's own per-node work, about 4.5 s, and building
the graph, about 2.5 s (half of that making rdflib terms).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING, NamedTuple

import pyshacl
import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SH, NamespaceManager
from rdflib.paths import Path
from rdflib.store import Store
from rdflib.term import Node

from argmap.corpus import Corpus
from argmap.errors import Problem
from argmap.gcpause import collector_paused
from argmap.rdf import Lit, corpus_quads
from argmap.vocab import AM_NS, ontology_path

if TYPE_CHECKING:
    from rdflib.graph import _ContextType, _TriplePatternType, _TripleType

__all__ = ["shacl_problems", "shapes_graph"]

Triple = tuple[Node, Node, Node]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
# Private classes that stand for "one of these classes" in compiled shapes; never in data.
_UNION_NS = "urn:argmap:shacl:class-union:"
_TYPED_VALUES_NS = "urn:argmap:shacl:typed-values:"
_CHOICE_NS = "urn:argmap:shacl:branch:"
_NOTHING: dict[Node, dict[Node, None]] = {}


@cache
def shapes_graph() -> rdflib.Graph:
    """The SHACL shapes shipped with argmap (parsed once)."""
    graph = rdflib.Graph()
    graph.parse(ontology_path("shapes.ttl"), format="turtle")
    return graph


def shacl_problems(corpus: Corpus) -> list[Problem]:
    """Every SHACL violation of the corpus's RDF graph, naming entity, rule and fix."""
    with collector_paused():
        return _problems(_validation_graph(_corpus_triples(corpus)))


def graph_shacl_problems(data: rdflib.Graph) -> list[Problem]:
    """Every SHACL violation of an RDF graph in argmap's ontology (a Dataset: all its graphs)."""
    if isinstance(data, rdflib.Dataset):
        triples: Iterable[Triple] = ((s, p, o) for s, p, o, _ in data.quads())
    else:
        triples = data.triples((None, None, None))
    with collector_paused():
        return _problems(_validation_graph(triples))


# ---- compiling the shapes --------------------------------------------------------------------


class _TypedValues(NamedTuple):
    """A derived property: ``s predicate v`` for each ``s path v`` whose v is a ``cls``."""

    predicate: URIRef
    path: URIRef
    cls: Node


class _Branch(NamedTuple):
    """One branch of a :class:`_Choice`."""

    predicate: URIRef  # derived: "a predicate value" when focus node a has the value
    value: Node  # the sh:hasValue that picks this branch
    shapes: frozenset[Node]  # its other property shapes, now targeting subjects of predicate


class _Choice(NamedTuple):
    """A node shape whose ``sh:or`` branches are picked by one property's value."""

    shape: Node
    classes: tuple[Node, ...]  # its sh:targetClass
    path: URIRef
    message: str
    branches: tuple[_Branch, ...]


class _CompiledShapes(NamedTuple):
    """Shapes equivalent to ``shapes.ttl`` for pySHACL, and what they need in the data."""

    shapes: rdflib.Graph
    # "C rdfs:subClassOf <union>" for each class C of each union class.
    data_triples: tuple[Triple, ...]
    # Derived properties that stand for qualified value shapes; results on them are shown
    # with their path.
    typed_values: tuple[_TypedValues, ...]
    # Node-level sh:or shapes that :func:`_report_problems` evaluates from their branches'
    # results.
    choices: tuple[_Choice, ...]


_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
_SHAPE_REFERENCES = (SH.node, SH["not"], SH.qualifiedValueShape)
_SHAPE_LISTS = (SH["or"], SH["and"], SH.xone)


@cache
def _compiled_shapes() -> _CompiledShapes:
    return _compile_shapes(shapes_graph())


def _compile_shapes(shapes: rdflib.Graph) -> _CompiledShapes:
    """Rewrite shapes into an equivalent form that pySHACL validates much faster.

    1. A node shape with targets (and no other use) hands its targets to each of its
       ``sh:property`` shapes, which become top-level property shapes. In SHACL a property
       shape with targets validates those focus nodes exactly as it does when a targeted
       node shape points to it; the results are the same (same focus node, path, value,
       message and source shape). A property shape that two node shapes share gets both
       targets, so a node that is an instance of both is checked once instead of twice.
    2. ``sh:or ([sh:class C1] ... [sh:class Cn])`` on a shape with an ``sh:message``
       becomes ``sh:class U`` for a fresh class U, and each Ci is declared a subclass of U
       in the validated data. A value conforms to ``sh:class U`` exactly when one of its
       types is a (data-declared) subclass of some Ci, which is when it conforms to one of
       the branches; its result names the same focus node, path, value and message (only
       the constraint component is sh:ClassConstraintComponent, not sh:OrConstraint...).
       Skipped when a shape mentions rdfs:subClassOf, which could then see the added triples.
    3. A property shape that only counts values of one class (``sh:path p``,
       ``sh:qualifiedValueShape [sh:class C]``, ``sh:qualifiedMinCount`` /
       ``sh:qualifiedMaxCount``, an ``sh:message``) counts a derived property instead: its
       path becomes a fresh predicate H with ``sh:minCount`` / ``sh:maxCount``, and the
       validated data gets ``s H v`` for each ``s p v`` whose v is an instance of C (the
       same test as ``sh:class C``). The counts are the same, so are the focus nodes
       and messages of the results; :func:`_problems` shows H's results under path p.
    4. A targeted node shape N whose ``sh:or`` branches are each picked by a value of one
       property (each branch: ``[sh:path k; sh:hasValue x_i]`` and other property shapes
       R_i, used nowhere else) is evaluated from bulk results instead of node by node: the
       data gets ``a H_i x_i`` for each focus node a of N that has the value x_i, each R_i
       targets the subjects of H_i, and :func:`_report_problems` turns R_i's results back
       into N's: a fails N when no branch is picked for it or every picked branch has a
       result on it, which is when it conforms to no branch. Its problem is N's, as before
       (node-level, N's message, the focus node as value); R_i's results are not shown.
    """
    compiled = rdflib.Graph()
    for triple in shapes:
        compiled.add(triple)
    _give_property_shapes_their_targets(compiled)
    unions = _class_unions(compiled)
    typed_values = _typed_values(compiled)
    return _CompiledShapes(compiled, tuple(unions), tuple(typed_values), tuple(_choices(compiled)))


def _nested_shapes(shapes: rdflib.Graph) -> set[Node]:
    """Shapes that other shapes use as a constraint (not via sh:property)."""
    nested: set[Node] = {o for p in _SHAPE_REFERENCES for o in shapes.objects(None, p)}
    for p in _SHAPE_LISTS:
        for head in shapes.objects(None, p):
            nested.update(shapes.items(head))
    return nested


def _give_property_shapes_their_targets(shapes: rdflib.Graph) -> None:
    nested = _nested_shapes(shapes)
    for node_shape in set(shapes.subjects(SH.property, None)):
        targets = [(p, o) for p in _TARGETS for o in shapes.objects(node_shape, p)]
        if (
            not targets
            or node_shape in nested
            # A property shape's sh:property shapes apply to its values, not its focus nodes.
            or (node_shape, SH.path, None) in shapes
            or (node_shape, SH.deactivated, None) in shapes
        ):
            continue
        for prop in list(shapes.objects(node_shape, SH.property)):
            shapes.remove((node_shape, SH.property, prop))
            shapes.add((prop, RDF.type, SH.PropertyShape))
            for p, o in targets:
                shapes.add((prop, p, o))


def _class_unions(shapes: rdflib.Graph) -> list[Triple]:
    if (None, None, RDFS.subClassOf) in shapes:
        return []
    added: list[Triple] = []
    for shape, head in list(shapes.subject_objects(SH["or"])):
        classes = [_bare_class(shapes, member) for member in shapes.items(head)]
        if not classes or (shape, SH.message, None) not in shapes:
            continue
        known = [c for c in classes if c is not None]
        if len(known) < len(classes):
            continue
        union = URIRef(f"{_UNION_NS}{len(added)}")
        shapes.remove((shape, SH["or"], head))
        shapes.add((shape, SH["class"], union))
        added.extend((c, RDFS.subClassOf, union) for c in known)
    return added


# What a counting property shape may say besides its qualified value shape and counts.
_ANNOTATIONS = {RDF.type, SH.path, SH.name, SH.description, SH.message, SH.severity, SH.order,
                SH.group, *_TARGETS}  # fmt: skip
_QUALIFIED = {SH.qualifiedValueShape, SH.qualifiedMinCount, SH.qualifiedMaxCount}
_COUNTS = {SH.qualifiedMinCount: SH.minCount, SH.qualifiedMaxCount: SH.maxCount}


def _typed_values(shapes: rdflib.Graph) -> list[_TypedValues]:
    derived: list[_TypedValues] = []
    for shape, qualified in list(shapes.subject_objects(SH.qualifiedValueShape)):
        path = shapes.value(shape, SH.path)
        cls = _bare_class(shapes, qualified)
        predicates = set(shapes.predicates(shape))
        if (
            not isinstance(path, URIRef)
            or cls is None
            or SH.message not in predicates
            or not predicates <= _ANNOTATIONS | _QUALIFIED
            or len(list(shapes.objects(shape, SH.qualifiedValueShape))) != 1
        ):
            continue
        predicate = URIRef(f"{_TYPED_VALUES_NS}{len(derived)}")
        for qualified_count, count in _COUNTS.items():
            for number in list(shapes.objects(shape, qualified_count)):
                shapes.add((shape, count, number))
        for p in _QUALIFIED | {SH.path}:
            shapes.remove((shape, p, None))
        shapes.add((shape, SH.path, predicate))
        derived.append(_TypedValues(predicate, path, cls))
    return derived


_CHOICE_KEYS = {RDF.type, RDFS.comment, SH.targetClass, SH.message, SH["or"], SH.name,
                SH.description}  # fmt: skip
_BRANCH_KEYS = {RDF.type, RDFS.comment, SH.property}
_PICK_KEYS = {RDF.type, SH.path, SH.hasValue, SH.name, SH.message}


def _shape_uses(shapes: rdflib.Graph) -> dict[Node, int]:
    """How often each shape is used by another (as a property, nested or listed shape)."""
    uses: dict[Node, int] = {}
    for p in (*_SHAPE_REFERENCES, SH.property):
        for o in shapes.objects(None, p):
            uses[o] = uses.get(o, 0) + 1
    for p in _SHAPE_LISTS:
        for head in shapes.objects(None, p):
            for member in shapes.items(head):
                uses[member] = uses.get(member, 0) + 1
    return uses


def _choices(shapes: rdflib.Graph) -> list[_Choice]:
    uses = _shape_uses(shapes)
    choices: list[_Choice] = []
    for shape, head in list(shapes.subject_objects(SH["or"])):
        classes = tuple(shapes.objects(shape, SH.targetClass))
        message = shapes.value(shape, SH.message)
        if (
            not classes
            or message is None
            or uses.get(shape)
            or not set(shapes.predicates(shape)) <= _CHOICE_KEYS
            or not set(shapes.objects(shape, RDF.type)) <= {SH.NodeShape}
        ):
            continue
        picked = [_picked_branch(shapes, member, uses) for member in shapes.items(head)]
        branches = [b for b in picked if b is not None]
        paths = {path for path, _, _ in branches}
        values = {value for _, value, _ in branches}
        if not branches or len(branches) < len(picked) or len(paths) != 1:
            continue
        if len(values) < len(branches):
            continue
        number = len(choices)
        built = []
        for i, (_, value, others) in enumerate(branches):
            predicate = URIRef(f"{_CHOICE_NS}{number}/{i}")
            for prop in others:
                shapes.add((prop, RDF.type, SH.PropertyShape))
                shapes.add((prop, SH.targetSubjectsOf, predicate))
            built.append(_Branch(predicate, value, frozenset(others)))
        shapes.remove((shape, SH["or"], head))
        choices.append(_Choice(shape, classes, paths.pop(), str(message), tuple(built)))
    return choices


def _picked_branch(
    shapes: rdflib.Graph, member: Node, uses: dict[Node, int]
) -> tuple[URIRef, Node, list[Node]] | None:
    """(k, x, other property shapes) for a branch ``[sh:path k; sh:hasValue x]`` + others."""
    if uses.get(member) != 1 or not set(shapes.predicates(member)) <= _BRANCH_KEYS:
        return None
    props = list(shapes.objects(member, SH.property))
    picks = [
        p
        for p in props
        if (p, SH.hasValue, None) in shapes and set(shapes.predicates(p)) <= _PICK_KEYS
    ]
    if len(picks) != 1 or any(uses.get(p) != 1 for p in props):
        return None
    # Targets of their own would make them report outside the choice; a severity would let
    # a nested shape conform despite its results, which the report can no longer tell.
    if any((p, key, None) in shapes for p in props for key in (*_TARGETS, SH.severity)):
        return None
    path, values = shapes.value(picks[0], SH.path), list(shapes.objects(picks[0], SH.hasValue))
    if not isinstance(path, URIRef) or len(values) != 1:
        return None
    return path, values[0], [p for p in props if p != picks[0]]


def _bare_class(shapes: rdflib.Graph, member: Node) -> Node | None:
    """C when ``member`` is a blank node shape that only says ``sh:class C``."""
    if not isinstance(member, BNode):
        return None
    pairs = [
        (p, o) for p, o in shapes.predicate_objects(member) if (p, o) != (RDF.type, SH.NodeShape)
    ]
    if len(pairs) == 1 and pairs[0][0] == SH["class"]:
        return pairs[0][1]
    return None


# ---- the data graph --------------------------------------------------------------------------


class _TripleIndex(Store):
    """An in-memory triple store for one validation run: two dict indexes, nothing else.

    By subject and by predicate: a lookup by object alone (rare) scans the few predicates.

    It holds a single graph. pySHACL wraps the data graph in an rdflib Dataset, which
    insists on a context- and graph-aware store, so it claims both: every context sees all
    triples, and there are no named graphs to list.
    """

    context_aware = True
    graph_aware = True

    def __init__(self) -> None:
        super().__init__()
        self._spo: dict[Node, dict[Node, dict[Node, None]]] = {}
        self._pos: dict[Node, dict[Node, dict[Node, None]]] = {}
        self._size = 0

    def add(self, triple: _TripleType, context: _ContextType | None, quoted: bool = False) -> None:
        # get-then-create, not setdefault(key, {}), which makes a dict every call.
        s, p, o = triple
        by_predicate = self._spo.get(s)
        if by_predicate is None:
            by_predicate = self._spo[s] = {}
        objects = by_predicate.get(p)
        if objects is None:
            objects = by_predicate[p] = {}
        if o in objects:
            return
        objects[o] = None
        by_object = self._pos.get(p)
        if by_object is None:
            by_object = self._pos[p] = {}
        subjects = by_object.get(o)
        if subjects is None:
            subjects = by_object[o] = {}
        subjects[s] = None
        self._size += 1

    def remove(
        self, triple_pattern: _TriplePatternType, context: _ContextType | None = None
    ) -> None:
        for (s, p, o), _contexts in list(self.triples(triple_pattern)):
            del self._spo[s][p][o]
            del self._pos[p][o][s]
            self._size -= 1

    def triples(
        self, triple_pattern: _TriplePatternType, context: _ContextType | None = None
    ) -> Iterator[tuple[_TripleType, Iterator[_ContextType | None]]]:
        s, p, o = triple_pattern
        if s is not None:
            yield from self._by_subject(s, p, o)
        elif p is not None:
            by_object = self._pos.get(p, {})
            if o is not None:
                for subj in by_object.get(o, {}):
                    yield (subj, p, o), iter(())
            else:
                for obj, subjects in by_object.items():
                    for subj in subjects:
                        yield (subj, p, obj), iter(())
        elif o is not None:
            for pred, by_object in self._pos.items():
                for subj in by_object.get(o, {}):
                    yield (subj, pred, o), iter(())
        else:
            for subj, by_predicate in self._spo.items():
                for pred, objects in by_predicate.items():
                    for obj in objects:
                        yield (subj, pred, obj), iter(())

    def _by_subject(
        self, s: Node, p: Node | None, o: Node | None
    ) -> Iterator[tuple[_TripleType, Iterator[_ContextType | None]]]:
        by_predicate = self._spo.get(s)
        if by_predicate is None:
            return
        if p is not None:
            objects = by_predicate.get(p)
            if objects is None:
                return
            if o is None:
                for obj in objects:
                    yield (s, p, obj), iter(())
            elif o in objects:
                yield (s, p, o), iter(())
            return
        for pred, objects in by_predicate.items():
            if o is None:
                for obj in objects:
                    yield (s, pred, obj), iter(())
            elif o in objects:
                yield (s, pred, o), iter(())

    def __len__(self, context: _ContextType | None = None) -> int:
        # pySHACL tests the data graph's truth (so its length) for every result it builds.
        return self._size

    def contexts(self, triple: _TripleType | None = None) -> Iterator[_ContextType]:  # type: ignore[override]
        return iter(())

    def add_graph(self, graph: rdflib.Graph) -> None:
        """Nothing to do: the store holds one graph."""

    def remove_graph(self, graph: rdflib.Graph) -> None:
        """Nothing to do: the store holds one graph."""


class _IndexedGraph(rdflib.Graph):
    """A Graph over a :class:`_TripleIndex` that looks up the values of one property of one
    node (most of what pySHACL asks: millions of times for 10,000 claims) in the index
    directly, not through rdflib's general pattern matching and four nested generators."""

    def __init__(self, index: _TripleIndex) -> None:
        super().__init__(store=index)
        self._spo = index._spo

    def objects(  # type: ignore[override]  # returns a plain iterator, not a generator
        self,
        subject: Node | list[Node] | None = None,
        predicate: Path | Node | None = None,
        unique: bool = False,
    ) -> Iterator[Node]:
        if subject is None or isinstance(subject, list) or not isinstance(predicate, URIRef):
            return super().objects(subject, predicate, unique)
        return iter(self._spo.get(subject, _NOTHING).get(predicate, _NOTHING))


class _FullIris(NamespaceManager):
    """A namespace manager that binds nothing and writes every IRI in full, quickly."""

    def __init__(self, graph: rdflib.Graph) -> None:
        super().__init__(graph, bind_namespaces="none")

    def bind(
        self, prefix: str | None, namespace: object, override: bool = True, replace: bool = False
    ) -> None:
        return None

    def normalizeUri(self, rdfTerm: str) -> str:  # noqa: N802, N803  # rdflib's names
        return f"<{rdfTerm}>"


def _corpus_triples(corpus: Corpus) -> Iterator[Triple]:
    """The corpus's triples (all maps' graphs together) as rdflib terms, like ``to_graph``.

    Each distinct IRI and literal is made once: creating an rdflib term (which checks the
    IRI) costs more than looking it up, and most terms recur (predicates, classes, ids).
    """
    iris: dict[str, URIRef] = {}
    literals: dict[Lit, Literal] = {}

    def iri(value: str) -> URIRef:
        term = iris.get(value)
        if term is None:
            term = iris[value] = URIRef(value)
        return term

    for s, p, o, _graph in corpus_quads(corpus):
        if isinstance(o, Lit):
            obj: Node | None = literals.get(o)
            if obj is None:
                # RDF 1.1: a simple literal is an xsd:string; rdflib tells them apart (as
                # argmap.rdf.to_graph does, write it simple).
                obj = literals[o] = (
                    Literal(o.lexical)
                    if o.datatype == _XSD_STRING
                    else Literal(o.lexical, datatype=iri(o.datatype))
                )
        else:
            obj = iri(o)
        yield iri(s), iri(p), obj


def _validation_graph(triples: Iterable[Triple]) -> rdflib.Graph:
    store = _TripleIndex()
    add = store.add
    for triple in triples:
        add(triple, None)
    compiled = _compiled_shapes()
    for triple in compiled.data_triples:
        add(triple, None)
    graph = _IndexedGraph(store)
    graph.namespace_manager = _FullIris(graph)
    for derived in compiled.typed_values:
        for triple in list(_typed_value_triples(graph, derived)):
            add(triple, None)
    for choice in compiled.choices:
        for triple in list(_branch_triples(graph, choice)):
            add(triple, None)
    return graph


def _instances(graph: rdflib.Graph, classes: Iterable[Node]) -> set[Node]:
    """The focus nodes of ``sh:targetClass`` classes: instances of them or their subclasses."""
    found: set[Node] = set()
    for cls in classes:
        for subclass in graph.transitive_subjects(RDFS.subClassOf, cls):
            found.update(graph.subjects(RDF.type, subclass))
    return found


def _branch_triples(graph: rdflib.Graph, choice: _Choice) -> Iterator[Triple]:
    """``a H_i x_i`` for each focus node a of the choice that has the branch's value x_i."""
    for node in _instances(graph, choice.classes):
        values = set(graph.objects(node, choice.path))
        for branch in choice.branches:
            if branch.value in values:
                yield node, branch.predicate, branch.value


def _typed_value_triples(graph: rdflib.Graph, derived: _TypedValues) -> Iterator[Triple]:
    """``s H v`` for each ``s path v`` where v conforms to ``sh:class C`` (as pySHACL tests it)."""
    is_instance: dict[Node, bool] = {}  # by type: is it C or a subclass of C?
    for s, v in graph.subject_objects(derived.path):
        if isinstance(v, Literal):
            continue
        for t in graph.objects(v, RDF.type):
            if t not in is_instance:
                is_instance[t] = derived.cls in graph.transitive_objects(t, RDFS.subClassOf)
            if is_instance[t]:
                yield s, derived.predicate, v
                break


# ---- the report ------------------------------------------------------------------------------


def _problems(data: rdflib.Graph) -> list[Problem]:
    compiled = _compiled_shapes()
    # Not "if conforms: return []": a choice's problems are worked out from the report.
    _conforms, report, _ = pyshacl.validate(
        data, shacl_graph=compiled.shapes, inference="none", advanced=False, allow_warnings=True
    )
    shown_paths = {d.predicate: d.path for d in compiled.typed_values}
    return _report_problems(report, data, shown_paths, compiled.choices)


def _report_problems(
    report: rdflib.Graph,
    data: rdflib.Graph,
    shown_paths: dict[URIRef, URIRef],
    choices: tuple[_Choice, ...] = (),
) -> list[Problem]:
    """One problem per distinct validation result of a pySHACL report, sorted."""
    branch_of = {
        shape: (c, b)
        for c, choice in enumerate(choices)
        for b, branch in enumerate(choice.branches)
        for shape in branch.shapes
    }
    failed: dict[tuple[int, Node], set[int]] = {}  # (choice, focus) -> branches with results
    problems = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        source = report.value(result, SH.sourceShape)
        if source in branch_of and focus is not None:
            c, b = branch_of[source]
            failed.setdefault((c, focus), set()).add(b)
            continue
        path = report.value(result, SH.resultPath)
        path = shown_paths.get(path, path) if isinstance(path, URIRef) else path
        message = report.value(result, SH.resultMessage) or "violates a shape"
        value = report.value(result, SH.value)
        rule = _short(path) if isinstance(path, URIRef) else "node"
        shown = f" (value: {_short(value)})" if value is not None else ""
        problems.add(Problem(f"SHACL {rule}: {message}{shown}", entity=_describe(data, focus)))
    for c, choice in enumerate(choices):
        for node in _instances(data, choice.classes):
            picked = {
                b
                for b, branch in enumerate(choice.branches)
                if (node, branch.predicate, branch.value) in data
            }
            if picked <= failed.get((c, node), set()):
                shown = f"SHACL node: {choice.message} (value: {_short(node)})"
                problems.add(Problem(shown, entity=_describe(data, node)))
    return sorted(problems, key=lambda p: (p.entity or "", p.message))


def _short(term: object) -> str:
    text = str(term)
    for prefix, namespace in (("am:", AM_NS), ("dcterms:", str(DCTERMS))):
        if text.startswith(namespace):
            return prefix + text[len(namespace) :]
    return text if len(text) <= 80 else text[:77] + "..."


def _describe(data: rdflib.Graph, focus: object) -> str:
    if not isinstance(focus, URIRef):
        return str(focus)
    # A node may break the rules by having two types, ids or maps: name it by the first
    # (argmap types first), so that the same graph always gives the same words.
    ident = _first(data.objects(focus, DCTERMS.identifier))
    types = sorted(
        map(str, data.objects(focus, RDF.type)), key=lambda t: (not t.startswith(AM_NS), t)
    )
    kind_name = _short(types[0]).removeprefix("am:").lower() if types else "node"
    map_id = _first(
        i
        for m in data.objects(focus, DCTERMS.isPartOf)
        for i in data.objects(m, DCTERMS.identifier)
    )
    where = f" in map '{map_id}'" if map_id is not None else ""
    return f"{kind_name} '{ident}'{where}" if ident is not None else f"<{focus}>"


def _first(terms: Iterable[Node]) -> str | None:
    return min(map(str, terms), default=None)
