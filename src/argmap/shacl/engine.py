"""Evaluating shapes on a data graph: each constraint over all focus nodes of a shape at once.

SHACL defines validation node by node (§3.4); the results are the same when a constraint
is evaluated for the whole set of focus nodes, and much cheaper in Python: a constraint on
each value alone (sh:class, sh:datatype, sh:in, sh:pattern, sh:or...) is tested once per
distinct value, sh:class and sh:minCount 1 are set differences, and only the values that
fail are traced back to their focus nodes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from functools import partial

from argmap.rdf.terms import Lit
from argmap.shacl.data import DataGraph, PathIndex
from argmap.shacl.results import Result
from argmap.shacl.shapes import (
    ClassOf,
    Count,
    Datatype,
    HasValue,
    In,
    Inverse,
    Length,
    Logical,
    NodeKind,
    Pair,
    Pattern,
    Qualified,
    Range,
    Shape,
    Shapes,
)  # fmt: skip
from argmap.shacl.terms import SH, Blank, LangLit, Term, text
from argmap.shacl.xsd import Key, less, order_key, well_formed

__all__ = ["validate"]


def validate(shapes: Shapes, data: DataGraph) -> set[Result]:
    """Every result of validating the data graph against the shapes."""
    return _Validator(data).run(shapes)


class _Values:
    """The value nodes of a shape's focus nodes: the nodes themselves, or along a path."""

    def __init__(
        self, focus: set[Term], index: PathIndex | None, inverse: Callable[[], PathIndex]
    ) -> None:
        self.focus = focus
        self.index = index
        self._inverse = inverse  # value -> subjects, made only if a value is reported

    def of(self, node: Term) -> Sequence[Term]:
        return (node,) if self.index is None else self.index.values(node)

    def distinct(self) -> set[Term]:
        return self.focus if self.index is None else set(self.index.each_value_of(self.focus))

    def inverse(self) -> PathIndex:
        return self._inverse()

    def pairs(self, bad: Iterable[Term]) -> Iterator[tuple[Term, Term]]:
        """(focus node, value) for each value in ``bad``."""
        if self.index is None:
            for value in bad:
                if value in self.focus:
                    yield value, value
            return
        focus, subjects = self.focus, None
        for value in bad:
            if subjects is None:  # the first bad value: only now is the inverse index worth it
                subjects = self._inverse().values
            for node in subjects(value):
                if node in focus:
                    yield node, value


# Constraints on each value node alone: which values fail them does not depend on the focus
# node, so it is worked out once per path for all values, whichever shapes share the path.
_ON_EACH_VALUE = (ClassOf, Datatype, NodeKind, Range, Length, Pattern, In, Logical)
_UNKNOWN = object()
_NAMES = {
    ClassOf: "Class", Datatype: "Datatype", NodeKind: "NodeKind", Pattern: "Pattern", In: "In",
}  # fmt: skip


class _Validator:
    def __init__(self, data: DataGraph) -> None:
        self.data = data
        # By shape: the nodes known to conform to it, and known not to.
        self._conforms: dict[int, tuple[set[Term], set[Term]]] = {}
        self._failing: dict[tuple[object, object], set[Term]] = {}  # by (path, constraint)
        self._keys: dict[Term, Key | None] = {}  # order_key, as values recur

    def run(self, shapes: Shapes) -> set[Result]:
        results: set[Result] = set()
        for shape in shapes.targeted:
            self.check(shape, self.focus_nodes(shape), results)
        return results

    def focus_nodes(self, shape: Shape) -> set[Term]:
        focus = set(shape.target_nodes)
        for cls in shape.target_classes:
            focus.update(self.data.instances(cls))
        for predicate in shape.target_subjects_of:
            focus.update(self.data.index(predicate).first)
        for predicate in shape.target_objects_of:
            focus.update(self.data.index(predicate).objects())
        return focus

    def conforming(self, shape: Shape, nodes: set[Term]) -> set[Term]:
        """The nodes that conform to a shape (no results), each node checked once."""
        good, bad = self._conforms.setdefault(id(shape), (set(), set()))
        todo = nodes - good - bad
        if todo:
            failing = self.failing_nodes(shape, todo)
            bad |= failing
            good |= todo - failing
        return nodes & good

    def failing_nodes(self, shape: Shape, nodes: set[Term]) -> set[Term]:
        """The nodes with a result for a shape."""
        if (
            shape.path is None
            and not shape.properties
            and not shape.deactivated
            and all(isinstance(c, _ON_EACH_VALUE) for c in shape.constraints)
        ):
            # A node shape's value node is the focus node: the nodes that fail are the values
            # that fail, found without making results only to drop them (sh:or's branches).
            failing: set[Term] = set()
            for constraint in shape.constraints:
                failing |= self.failing(constraint, nodes)
            return failing
        results: set[Result] = set()
        self.check(shape, nodes, results)
        return {r.focus for r in results}

    def index(self, shape: Shape) -> PathIndex | None:
        path = shape.path
        if path is None:
            return None
        if isinstance(path, Inverse):
            return self.data.inverse_index(path.predicate)
        return self.data.index(path)

    def inverse(self, shape: Shape) -> PathIndex:
        """From value to focus nodes along the shape's path."""
        path = shape.path
        if path is None:
            raise TypeError("a node shape has no path")
        if isinstance(path, Inverse):
            return self.data.index(path.predicate)
        return self.data.inverse_index(path)

    def check(self, shape: Shape, focus: set[Term], out: set[Result]) -> None:
        if shape.deactivated or not focus:
            return
        values = _Values(focus, self.index(shape), partial(self.inverse, shape))
        for constraint in shape.constraints:
            self.constraint(shape, constraint, values, out)
        if shape.properties:
            inner = focus if shape.path is None else values.distinct()
            for prop in shape.properties:
                self.check(prop, inner, out)

    def constraint(  # one branch per constraint component
        self, shape: Shape, constraint: object, values: _Values, out: set[Result]
    ) -> None:
        def report(name: str, pairs: Iterable[tuple[Term, Term | None]]) -> None:
            component = f"{SH}{name}ConstraintComponent"
            message = shape.message
            path = shape.path
            out.update(Result(f, path, v, component, message) for f, v in pairs)

        def report_values(name: str, bad: Iterable[Term]) -> None:
            report(name, values.pairs(bad))

        def report_nodes(name: str, nodes: Iterable[Term]) -> None:
            report(name, ((n, None) for n in nodes))

        if isinstance(constraint, _ON_EACH_VALUE):
            report_values(_name(constraint), self.failing_values(shape, constraint, values))
            return
        match constraint:
            case Count(minimum, count):
                name = "MinCount" if minimum else "MaxCount"
                report_nodes(name, self.counted(values, minimum, count))
            case HasValue(value):
                report_nodes("HasValue", [f for f in values.focus if value not in values.of(f)])
            case Pair(parameter, predicate):
                report(_capital(parameter), self.pair(values, parameter, predicate))
            case Qualified(nested, minimum, maximum):
                counts = self.qualified_counts(values, nested)
                focus = values.focus
                if minimum is not None:
                    few = (
                        focus.difference(counts)
                        if minimum == 1
                        else [f for f in focus if counts.get(f, 0) < minimum]
                    )
                    report_nodes("QualifiedMinCount", few)
                if maximum is not None:
                    many = [f for f, n in counts.items() if n > maximum and f in focus]
                    report_nodes("QualifiedMaxCount", many)
            case _:
                raise TypeError(f"not a constraint: {constraint!r}")

    def qualified_counts(self, values: _Values, nested: Shape) -> Counter[Term]:
        """For each focus node with any, how many of its values conform to the nested shape."""
        ok = self.conforming(nested, values.distinct())
        if values.index is None:
            return Counter(ok & values.focus)
        return Counter(values.inverse().each_value_of(ok))

    def failing_values(self, shape: Shape, constraint: object, values: _Values) -> set[Term]:
        """The values that fail a constraint on each value alone (see _ON_EACH_VALUE)."""
        if values.index is None:
            return self.failing(constraint, values.focus)
        key = (shape.path, constraint)
        found = self._failing.get(key)
        if found is None:
            found = self._failing[key] = self.failing(constraint, values.index.objects())
        return found

    def failing(self, constraint: object, nodes: AbstractSet[Term]) -> set[Term]:
        match constraint:
            case ClassOf(cls):
                return set(nodes - self.data.instances(cls))
            case Datatype(datatype):
                return {v for v in nodes if not _has_datatype(v, datatype)}
            case NodeKind(kinds):
                return {v for v in nodes if type(v) not in kinds}
            case Range(parameter, bound):
                return {v for v in nodes if not _in_range(v, parameter, bound)}
            case Length(minimum, length):
                return {v for v in nodes if not _has_length(v, minimum, length)}
            case Pattern(regex):
                search = regex.search
                return {v for v in nodes if isinstance(v, Blank) or search(text(v)) is None}
            case In(allowed):
                return set(nodes - allowed)
            case Logical(parameter, shapes):
                return self.logical(set(nodes), parameter, shapes)
        raise TypeError(f"not a constraint on each value: {constraint!r}")

    def counted(self, values: _Values, minimum: bool, count: int) -> Iterable[Term]:
        """The focus nodes with fewer (or more) values than ``count``."""
        index, focus = values.index, values.focus
        if index is None:  # a node shape has one value node, itself
            return focus if (count > 1 if minimum else count < 1) else ()
        if minimum:
            if count == 1:
                return focus.difference(index.first)
            return [f for f in focus if len(index.values(f)) < count]
        candidates = focus.intersection(index.multi if count >= 1 else index.first)
        return [f for f in candidates if len(index.values(f)) > count]

    def pair(self, values: _Values, parameter: str, predicate: str) -> Iterator[tuple[Term, Term]]:
        """(focus node, value) for each value that breaks a property pair constraint (§4.5)."""
        other = self.data.index(predicate)
        if parameter in ("equals", "disjoint"):
            for f in values.focus:
                mine, theirs = set(values.of(f)), other.values(f)
                if parameter == "equals":
                    shared = mine.symmetric_difference(theirs)
                else:
                    shared = mine.intersection(theirs)
                for v in shared:
                    yield f, v
            return
        # sh:lessThan(OrEquals): only focus nodes with values on both sides have pairs.
        or_equal = parameter == "lessThanOrEquals"
        key = self.order_key
        index = values.index
        if index is None:
            raise TypeError(f"sh:{parameter} on a node shape")
        for f in values.focus.intersection(index.first).intersection(other.first):
            bounds = [key(w) for w in other.values(f)]
            for v in index.values(f):
                k = key(v)
                if k is None or any(b is None or not less(k, b, or_equal=or_equal) for b in bounds):
                    yield f, v

    def order_key(self, term: Term) -> Key | None:
        found = self._keys.get(term, _UNKNOWN)
        if found is _UNKNOWN:
            found = self._keys[term] = order_key(term)
        return found  # type: ignore[return-value]

    def logical(self, nodes: set[Term], parameter: str, shapes: tuple[Shape, ...]) -> set[Term]:
        """The nodes that break sh:node, sh:not, sh:and, sh:or or sh:xone (§4.6)."""
        if parameter in ("node", "and"):
            bad: set[Term] = set()
            for shape in shapes:
                bad |= nodes - self.conforming(shape, nodes)
            return bad
        if parameter == "not":
            return self.conforming(shapes[0], nodes)
        if parameter == "or":
            remaining = nodes
            for shape in shapes:
                remaining = remaining - self.conforming(shape, remaining)
            return remaining
        counts = dict.fromkeys(nodes, 0)
        for shape in shapes:
            for node in self.conforming(shape, nodes):
                counts[node] += 1
        return {node for node, count in counts.items() if count != 1}


def _capital(name: str) -> str:
    return name[0].upper() + name[1:]


def _name(constraint: object) -> str:
    """The constraint component's name, less "ConstraintComponent"."""
    if isinstance(constraint, (Range, Logical)):
        return _capital(constraint.parameter)
    if isinstance(constraint, Length):
        return "MinLength" if constraint.minimum else "MaxLength"
    return _NAMES[type(constraint)]


def _has_datatype(value: Term, datatype: str) -> bool:
    return isinstance(value, (Lit, LangLit)) and value.datatype == datatype and well_formed(value)


def _has_length(value: Term, minimum: bool, length: int) -> bool:
    if isinstance(value, Blank):
        return False
    size = len(text(value))
    return size >= length if minimum else size <= length


def _in_range(value: Term, parameter: str, bound: tuple[str, object]) -> bool:
    key = order_key(value)
    if key is None:
        return False
    if parameter.startswith("min"):
        return less(bound, key, or_equal=parameter == "minInclusive")
    return less(key, bound, or_equal=parameter == "maxInclusive")
