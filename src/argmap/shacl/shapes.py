"""Reading a SHACL shapes graph into shapes the engine evaluates (W3C SHACL, §2 and §4).

Only what this validator implements is accepted: targets (§2.1.3, implicit class targets
included), predicate and inverse paths (§2.3.1), and the constraint components of §4
except sh:closed, sh:languageIn and sh:uniqueLang. Anything else in the sh: namespace on a
shape (a SPARQL constraint, a sequence path, a severity other than sh:Violation, a recursive
shape...) raises :class:`ShapesError` when the shapes are read, so an edit to the shapes
that this validator would not check fails loudly instead of being skipped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path as FilePath
from typing import NamedTuple

import pyoxigraph as ox

from argmap.errors import InputError
from argmap.rdf.terms import RDF_NS, RDFS_NS, XSD, Lit
from argmap.shacl.data import DataGraph
from argmap.shacl.terms import (
    RDF_TYPE,
    SH,
    Blank,
    LangLit,
    Term,
    from_oxigraph,
    text,
)  # fmt: skip
from argmap.shacl.xsd import Key, order_key

__all__ = [
    "ClassOf", "Constraint", "Count", "Datatype", "HasValue", "In", "Inverse", "Length",
    "Logical", "NodeKind", "Pair", "Path", "Pattern", "Qualified", "Range", "Shape", "Shapes",
    "ShapesError", "read_shapes", "read_turtle_shapes",
]  # fmt: skip


class ShapesError(InputError):
    """The shapes graph uses SHACL this validator does not implement, or is malformed."""


class Inverse(NamedTuple):
    """``[ sh:inversePath p ]``: the subjects that have the focus node as a value of p."""

    predicate: str


Path = str | Inverse


@dataclass(frozen=True)
class ClassOf:
    cls: Term


@dataclass(frozen=True)
class Datatype:
    datatype: str


@dataclass(frozen=True)
class NodeKind:
    kinds: frozenset[type]


@dataclass(frozen=True)
class Count:
    minimum: bool  # sh:minCount, else sh:maxCount
    count: int


@dataclass(frozen=True)
class Range:
    parameter: str  # minInclusive, minExclusive, maxInclusive, maxExclusive
    bound: Key


@dataclass(frozen=True)
class Length:
    minimum: bool
    length: int


@dataclass(frozen=True)
class Pattern:
    regex: re.Pattern[str]


@dataclass(frozen=True)
class In:
    values: frozenset[Term]


@dataclass(frozen=True)
class HasValue:
    value: Term


@dataclass(frozen=True)
class Pair:
    parameter: str  # equals, disjoint, lessThan, lessThanOrEquals
    predicate: str


@dataclass(frozen=True, eq=False)
class Logical:
    parameter: str  # node, not, and, or, xone
    shapes: tuple[Shape, ...]


@dataclass(frozen=True, eq=False)
class Qualified:
    shape: Shape
    minimum: int | None
    maximum: int | None


Constraint = (
    ClassOf | Datatype | NodeKind | Count | Range | Length | Pattern | In | HasValue | Pair
    | Logical | Qualified
)  # fmt: skip


@dataclass(eq=False)
class Shape:
    node: Term
    path: Path | None  # None: a node shape
    message: str | None
    deactivated: bool
    constraints: list[Constraint] = field(default_factory=list)
    properties: list[Shape] = field(default_factory=list)
    target_nodes: list[Term] = field(default_factory=list)
    target_classes: list[Term] = field(default_factory=list)
    target_subjects_of: list[str] = field(default_factory=list)
    target_objects_of: list[str] = field(default_factory=list)

    def has_targets(self) -> bool:
        return bool(
            self.target_nodes
            or self.target_classes
            or self.target_subjects_of
            or self.target_objects_of
        )


class Shapes(NamedTuple):
    targeted: tuple[Shape, ...]  # the shapes whose targets are validated


_TARGETS = {SH + n for n in ("targetNode", "targetClass", "targetSubjectsOf", "targetObjectsOf")}
_SHAPE_REFERENCES = {SH + n for n in ("property", "node", "not", "qualifiedValueShape")}
_SHAPE_LISTS = {SH + n for n in ("and", "or", "xone")}
_NOT_VALIDATING = {SH + n for n in ("name", "description", "order", "group", "defaultValue")}
_PARAMETERS = {
    SH + n
    for n in (
        "class", "datatype", "nodeKind", "minCount", "maxCount", "minInclusive",
        "maxInclusive", "minExclusive", "maxExclusive", "minLength", "maxLength", "pattern",
        "flags", "in", "hasValue", "equals", "disjoint", "lessThan", "lessThanOrEquals",
        "qualifiedMinCount", "qualifiedMaxCount", "qualifiedValueShapesDisjoint",
    )
}  # fmt: skip
_KNOWN = (
    _TARGETS | _SHAPE_REFERENCES | _SHAPE_LISTS | _NOT_VALIDATING | _PARAMETERS
    | {SH + n for n in ("path", "message", "severity", "deactivated")}
)  # fmt: skip
_NODE_KINDS: dict[str, frozenset[type]] = {
    SH + "IRI": frozenset({str}),
    SH + "BlankNode": frozenset({Blank}),
    SH + "Literal": frozenset({Lit, LangLit}),
    SH + "BlankNodeOrIRI": frozenset({Blank, str}),
    SH + "BlankNodeOrLiteral": frozenset({Blank, Lit, LangLit}),
    SH + "IRIOrLiteral": frozenset({str, Lit, LangLit}),
}
_FLAGS = {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL, "x": re.VERBOSE}
_XSD_INTEGER = XSD + "integer"
_TRUE = Lit("true", XSD + "boolean")


def read_turtle_shapes(path: FilePath) -> Shapes:
    """The shapes of a Turtle file (parsed by pyoxigraph, far faster than rdflib)."""
    quads = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
    return read_shapes(
        DataGraph.from_triples(
            (from_oxigraph(q.subject), from_oxigraph(q.predicate), from_oxigraph(q.object))
            for q in quads
        )
    )


def read_shapes(graph: DataGraph) -> Shapes:
    return _Reader(graph).read()


class _Reader:
    def __init__(self, graph: DataGraph) -> None:
        self.graph = graph
        self.shapes: dict[Term, Shape] = {}
        self.reading: list[Term] = []  # the chain of shapes being read, to find recursion

    def value(self, node: Term, name: str) -> Term | None:
        values = self.graph.values(node, SH + name)
        if len(values) > 1:
            raise ShapesError(f"shape {text(node)}: more than one sh:{name}")
        return values[0] if values else None

    def items(self, head: Term) -> list[Term]:
        """The members of an RDF list."""
        found: list[Term] = []
        while head != RDF_NS + "nil":
            first = self.graph.values(head, RDF_NS + "first")
            rest = self.graph.values(head, RDF_NS + "rest")
            if len(first) != 1 or len(rest) != 1 or len(found) > 100_000:
                raise ShapesError(f"not a well-formed RDF list: {text(head)}")
            found.append(first[0])
            head = rest[0]
        return found

    def shape_nodes(self) -> list[Term]:
        """Every shape (§2.1): typed as one, with targets or parameters, or used as one."""
        nodes: dict[Term, None] = {}
        typed = self.graph.inverse_index(RDF_TYPE)
        for shape_type in (SH + "NodeShape", SH + "PropertyShape"):
            nodes.update(dict.fromkeys(typed.values(shape_type)))
        paths = set(self.graph.index(SH + "path").objects())
        for predicate in self.graph.predicates():
            if not predicate.startswith(SH):
                continue
            index = self.graph.index(predicate)
            nodes.update(dict.fromkeys(s for s in index.first if s not in paths))
            if predicate in _SHAPE_REFERENCES:
                nodes.update(dict.fromkeys(index.objects()))
            elif predicate in _SHAPE_LISTS:
                for head in index.objects():
                    nodes.update(dict.fromkeys(self.items(head)))
        return list(nodes)

    def read(self) -> Shapes:
        # Read every shape, targeted or not, so that none escapes the checks.
        shapes = [self.shape(node) for node in self.shape_nodes()]
        return Shapes(tuple(s for s in shapes if s.has_targets() and not s.deactivated))

    def shape(self, node: Term) -> Shape:
        found = self.shapes.get(node)
        if found is not None:
            return found
        if node in self.reading:
            chain = " -> ".join(text(n) for n in (*self.reading, node))
            raise ShapesError(f"recursive shapes are not supported (SHACL §3.4.3): {chain}")
        self.reading.append(node)
        try:
            shape = self._read(node)
        finally:
            self.reading.pop()
        self.shapes[node] = shape
        return shape

    def _read(self, node: Term) -> Shape:
        unknown = sorted(
            p for p in self.graph.predicates() if p.startswith(SH) and p not in _KNOWN
            and self.graph.values(node, p)
        )  # fmt: skip
        if unknown:
            names = ", ".join("sh:" + p.removeprefix(SH) for p in unknown)
            raise ShapesError(f"shape {text(node)}: {names} not supported by this validator")
        severity = self.value(node, "severity")
        if severity is not None and severity != SH + "Violation":
            raise ShapesError(f"shape {text(node)}: only sh:Violation severity is supported")
        path_node = self.value(node, "path")
        messages = self.graph.values(node, SH + "message")
        shape = Shape(
            node=node,
            path=self.path(path_node) if path_node is not None else None,
            message=choose_message([text(m) for m in messages], messages),
            deactivated=self.value(node, "deactivated") == _TRUE,
        )
        self.targets(shape)
        self.constraints(shape)
        for prop in self.graph.values(node, SH + "property"):
            nested = self.shape(prop)
            if nested.path is None:
                raise ShapesError(f"shape {text(node)}: sh:property {text(prop)} has no sh:path")
            shape.properties.append(nested)
        return shape

    def path(self, node: Term) -> Path:
        if isinstance(node, str):
            return node
        inverse = self.graph.values(node, SH + "inversePath")
        if len(inverse) == 1 and isinstance(inverse[0], str):
            return Inverse(inverse[0])
        raise ShapesError(
            f"path {text(node)}: only predicate and inverse paths are supported by this validator"
        )

    def targets(self, shape: Shape) -> None:
        g, node = self.graph, shape.node
        shape.target_nodes.extend(g.values(node, SH + "targetNode"))
        shape.target_classes.extend(g.values(node, SH + "targetClass"))
        if RDFS_NS + "Class" in g.values(node, RDF_TYPE):  # an implicit class target (§2.1.3.3)
            shape.target_classes.append(node)
        for name, found in (
            ("targetSubjectsOf", shape.target_subjects_of),
            ("targetObjectsOf", shape.target_objects_of),
        ):
            found.extend(self.iri(p, name) for p in g.values(node, SH + name))

    def iri(self, value: Term, name: str) -> str:
        if not isinstance(value, str):
            raise ShapesError(f"sh:{name} must be an IRI, not {text(value)}")
        return value

    def integer(self, value: Term, name: str) -> int:
        if not isinstance(value, Lit) or value.datatype != _XSD_INTEGER:
            raise ShapesError(f"sh:{name} must be an xsd:integer, not {text(value)}")
        return int(value.lexical)

    def constraints(self, shape: Shape) -> None:
        g, node, add = self.graph, shape.node, shape.constraints.append
        on_property = shape.path is not None

        def values(name: str) -> list[Term]:
            found = list(g.values(node, SH + name))
            if found and not on_property and name in _PROPERTY_ONLY:
                raise ShapesError(f"shape {text(node)}: sh:{name} is for property shapes only")
            return found

        for cls in values("class"):
            add(ClassOf(cls))
        for datatype in values("datatype"):
            add(Datatype(self.iri(datatype, "datatype")))
        for kind in values("nodeKind"):
            if kind not in _NODE_KINDS:
                raise ShapesError(f"sh:nodeKind {text(kind)} is not a SHACL node kind")
            add(NodeKind(_NODE_KINDS[kind]))
        for name, minimum in (("minCount", True), ("maxCount", False)):
            for count in values(name):
                add(Count(minimum, self.integer(count, name)))
        for name in ("minInclusive", "maxInclusive", "minExclusive", "maxExclusive"):
            for bound in values(name):
                key = order_key(bound)
                if key is None or key[0] not in ("number", "string", "boolean"):
                    raise ShapesError(f"sh:{name} {text(bound)}: not a bound this validator orders")
                add(Range(name, key))
        for name, minimum in (("minLength", True), ("maxLength", False)):
            for length in values(name):
                add(Length(minimum, self.integer(length, name)))
        flags = self.value(node, "flags")
        for pattern in values("pattern"):
            add(Pattern(self.regex(pattern, flags)))
        if flags is not None and not values("pattern"):
            raise ShapesError(f"shape {text(node)}: sh:flags without sh:pattern")
        for head in values("in"):
            add(In(frozenset(self.items(head))))
        for value in values("hasValue"):
            add(HasValue(value))
        for name in ("equals", "disjoint", "lessThan", "lessThanOrEquals"):
            for predicate in values(name):
                add(Pair(name, self.iri(predicate, name)))
        for name in ("node", "not"):
            for ref in values(name):
                add(Logical(name, (self.shape(ref),)))
        for name in ("and", "or", "xone"):
            for head in values(name):
                add(Logical(name, tuple(self.shape(m) for m in self.items(head))))
        self.qualified(shape, values)

    def qualified(self, shape: Shape, values: _Values) -> None:
        node = shape.node
        disjoint = self.value(node, "qualifiedValueShapesDisjoint")
        if disjoint is not None and disjoint != Lit("false", XSD + "boolean"):
            raise ShapesError(f"shape {text(node)}: sh:qualifiedValueShapesDisjoint not supported")
        minimum, maximum = (
            self.value(node, "qualifiedMinCount"),
            self.value(node, "qualifiedMaxCount"),
        )
        qualified = values("qualifiedValueShape")
        if (minimum is not None or maximum is not None) != bool(qualified) or len(qualified) > 1:
            raise ShapesError(
                f"shape {text(node)}: needs one sh:qualifiedValueShape with a qualified count"
            )
        if qualified:
            shape.constraints.append(
                Qualified(
                    self.shape(qualified[0]),
                    None if minimum is None else self.integer(minimum, "qualifiedMinCount"),
                    None if maximum is None else self.integer(maximum, "qualifiedMaxCount"),
                )
            )

    def regex(self, pattern: Term, flags: Term | None) -> re.Pattern[str]:
        # XPath regular expressions (as SPARQL's REGEX) read as Python's, as pySHACL does;
        # they agree on the classes, anchors and quantifiers patterns commonly use.
        if not isinstance(pattern, Lit):
            raise ShapesError(f"sh:pattern must be a string literal, not {text(pattern)}")
        options = 0
        for flag in text(flags) if flags is not None else "":
            if flag not in _FLAGS:
                raise ShapesError(f"sh:flags {flag!r} is not supported")
            options |= _FLAGS[flag]
        try:
            return re.compile(pattern.lexical, options)
        except re.error as exc:
            raise ShapesError(f"sh:pattern {pattern.lexical!r}: {exc}") from exc


_Values = Callable[[str], list[Term]]
# Parameters that need value nodes reached by a path (SHACL §4.2.1, §4.5.3, §4.5.4, §4.7.3).
_PROPERTY_ONLY = {
    "minCount", "maxCount", "lessThan", "lessThanOrEquals", "qualifiedValueShape",
    "qualifiedMinCount", "qualifiedMaxCount",
}  # fmt: skip


def choose_message(texts: Sequence[str], terms: Sequence[Term]) -> str | None:
    """One sh:message of several (one per language): the untagged one, else the first."""
    if not texts:
        return None
    untagged = [t for t, term in zip(texts, terms, strict=True) if not isinstance(term, LangLit)]
    return min(untagged) if untagged else min(texts)
