"""The data graph, indexed for validation: the values of each predicate, both ways.

Built from plain terms (:mod:`argmap.shacl.terms`) in one pass that only groups the pairs
of each predicate; a predicate's index is made the first time a shape asks for it, mostly
by C-level ``dict`` building (one value per subject is the usual case), and the index from
values back to subjects only when a shape reports a value or needs it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import chain

from argmap.rdf.terms import SUBCLASS_OF
from argmap.shacl.terms import RDF_TYPE, Term

__all__ = ["DataGraph", "PathIndex"]

_NO_VALUES: tuple[Term, ...] = ()


class PathIndex:
    """The values of one predicate (or its inverse) for every subject that has any."""

    def __init__(self, subjects: list[Term], objects: list[Term]) -> None:
        first = dict(zip(subjects, objects, strict=True))
        multi: dict[Term, list[Term]] = {}
        if len(first) != len(subjects):  # a subject with two values, or a pair twice
            groups: dict[Term, list[Term]] = {}
            for s, o in dict.fromkeys(zip(subjects, objects, strict=True)):
                group = groups.get(s)
                if group is None:
                    groups[s] = [o]
                else:
                    group.append(o)
            multi = {s: group for s, group in groups.items() if len(group) > 1}
        self.first = first  # subject -> one of its values
        self.multi = multi  # subject -> all its values, for subjects with two or more
        self._objects: frozenset[Term] | None = None

    def values(self, subject: Term) -> Sequence[Term]:
        several = self.multi.get(subject)
        if several is not None:
            return several
        if subject in self.first:
            return (self.first[subject],)
        return _NO_VALUES

    def objects(self) -> frozenset[Term]:
        """Every value of every subject."""
        if self._objects is None:
            found = set(self.first.values())
            for several in self.multi.values():
                found.update(several)
            self._objects = frozenset(found)
        return self._objects

    def each_value_of(self, subjects: set[Term]) -> Iterator[Term]:
        """Every value of the given subjects, once per subject that has it (at C speed)."""
        having = subjects.intersection(self.first)
        several = having.intersection(self.multi)
        return chain(
            map(self.first.__getitem__, having - several if several else having),
            chain.from_iterable(map(self.multi.__getitem__, several)),
        )


_EMPTY = PathIndex([], [])


class DataGraph:
    """A set of triples (graph names dropped: a corpus is validated as one union graph)."""

    def __init__(self, columns: dict[str, tuple[list[Term], list[Term]]]) -> None:
        # By predicate, its subjects and objects in two lists: cheaper than a list of pairs
        # to build and to free, and zip() pairs them up at C speed when indexing.
        self._columns = columns
        self._forward: dict[str, PathIndex] = {}
        self._inverse: dict[str, PathIndex] = {}
        self._instances: dict[Term, frozenset[Term]] = {}

    @classmethod
    def from_triples(cls, triples: Iterable[tuple[Term, Term, Term]]) -> DataGraph:
        columns: dict[str, tuple[list[Term], list[Term]]] = {}
        get = columns.get
        for s, p, o in triples:
            found = get(p)  # type: ignore[arg-type]  # a predicate is an IRI
            if found is None:
                found = columns[p] = ([], [])  # type: ignore[index]
            found[0].append(s)
            found[1].append(o)
        return cls(columns)

    @classmethod
    def from_quads(cls, quads: Iterable[tuple[Term, str, Term, str]]) -> DataGraph:
        # The same loop as from_triples without a generator in between: it runs per quad.
        columns: dict[str, tuple[list[Term], list[Term]]] = {}
        get = columns.get
        for s, p, o, _graph in quads:
            found = get(p)
            if found is None:
                found = columns[p] = ([], [])
            found[0].append(s)
            found[1].append(o)
        return cls(columns)

    def triples(self) -> Iterator[tuple[Term, str, Term]]:
        for predicate, (subjects, objects) in self._columns.items():
            for s, o in zip(subjects, objects, strict=True):
                yield s, predicate, o

    def predicates(self) -> Iterator[str]:
        return iter(self._columns)

    def index(self, predicate: str) -> PathIndex:
        """Subject -> values of the predicate."""
        found = self._forward.get(predicate)
        if found is None:
            columns = self._columns.get(predicate)
            found = self._forward[predicate] = PathIndex(*columns) if columns else _EMPTY
        return found

    def inverse_index(self, predicate: str) -> PathIndex:
        """Value -> subjects that have it for the predicate."""
        found = self._inverse.get(predicate)
        if found is None:
            columns = self._columns.get(predicate)
            found = self._inverse[predicate] = (
                PathIndex(columns[1], columns[0]) if columns else _EMPTY
            )
        return found

    def values(self, subject: Term, predicate: str) -> Sequence[Term]:
        return self.index(predicate).values(subject)

    def instances(self, cls: Term) -> frozenset[Term]:
        """SHACL instances of a class: typed with it or a subclass (rdfs:subClassOf*)."""
        found = self._instances.get(cls)
        if found is None:
            typed = self.inverse_index(RDF_TYPE)
            subclasses = self.inverse_index(SUBCLASS_OF)
            seen, todo, members = {cls}, [cls], set[Term]()
            while todo:
                current = todo.pop()
                members.update(typed.values(current))
                for sub in subclasses.values(current):
                    if sub not in seen:
                        seen.add(sub)
                        todo.append(sub)
            found = self._instances[cls] = frozenset(members)
        return found
