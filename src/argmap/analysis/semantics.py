"""Dung semantics of a :class:`~argmap.analysis.framework.Framework`.

* Grounded labelling (Caminada & Gabbay 2009, "A logical account of formal argumentation"):
  queue-based propagation in O(arguments + attacks) — an argument whose attackers are all
  ``out`` becomes ``in``, whatever an ``in`` argument attacks becomes ``out``, the rest is
  ``undec``.
* Complete, preferred and stable extensions, and credulous / sceptical acceptance, by
  reduction to SAT as the ICCMA solvers do (Besnard & Doutre 2004, "Checking the acceptability
  of a set of arguments"; the CEGAR loop for preferred of Dvořák, Järvisalo, Wallner & Woltran
  2014, "Complexity-sensitive decision procedures for abstract argumentation", AIJ 206). The
  encoding has two variables per argument, ``in_a`` and ``out_a``, with

      not (in_a and out_a);  in_a iff out_b for all b -> a;  out_a iff in_b for some b -> a

  whose models are exactly the complete labellings; stable adds ``in_a or out_a``. Arguments the
  grounded labelling decides are fixed as unit clauses first (every complete labelling
  extends the grounded one). The SAT solver is CaDiCaL from ``python-sat``;
  benchmarks/semantics_bench.py measures it against python-argumentation's pure-Python
  labelling search (Nofal, Atkinson & Dunne 2014).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Sequence
from typing import Literal

from pysat.solvers import Solver  # type: ignore[import-untyped]

from argmap.analysis.framework import Framework, framework_from_corpus, is_auxiliary
from argmap.corpus import Corpus
from argmap.errors import InputError

__all__ = [
    "SEMANTICS",
    "Label",
    "complete_extensions",
    "credulously_accepted",
    "extensions",
    "grounded_extension",
    "grounded_labelling",
    "grounded_labels_for_corpus",
    "preferred_extensions",
    "sceptically_accepted",
    "some_extension",
    "stable_extensions",
]

Label = Literal["in", "out", "undec"]
Semantics = Literal["GR", "CO", "PR", "ST"]
SEMANTICS: tuple[Semantics, ...] = ("GR", "CO", "PR", "ST")
_SAT_BACKEND = "cadical153"


def _indexed(framework: Framework) -> tuple[list[Sequence[int]], list[Sequence[int]]]:
    """Attackers and attacked of each argument, by argument position."""
    return framework.adjacency()


def _grounded(n: int, attackers: list[Sequence[int]], attacked: list[Sequence[int]]) -> list[int]:
    """Grounded labelling as ints: 1 in, -1 out, 0 undec. Each attack is looked at at most
    twice (once when its attacker turns in or out), so the cost is linear."""
    label = [0] * n
    alive = list(map(len, attackers))  # attackers not (yet) out
    queue = deque([i for i, count in enumerate(alive) if not count])
    for i in queue:
        label[i] = 1
    while queue:
        i = queue.popleft()
        for j in attacked[i]:
            if label[j] == 0:
                label[j] = -1
                for k in attacked[j]:
                    alive[k] -= 1
                    if alive[k] == 0 and label[k] == 0:
                        label[k] = 1
                        queue.append(k)
    return label


_LABEL: dict[int, Label] = {1: "in", -1: "out", 0: "undec"}
_STATUS_OF: dict[int, str] = {1: "accepted", -1: "rejected", 0: "undecided"}


def grounded_labelling(framework: Framework) -> dict[str, Label]:
    """The grounded labelling: every argument ``in``, ``out`` or ``undec``."""
    attackers, attacked = _indexed(framework)
    ints = _grounded(len(framework.arguments), attackers, attacked)
    return dict(zip(framework.arguments, map(_LABEL.__getitem__, ints), strict=True))


def grounded_extension(framework: Framework) -> frozenset[str]:
    """The grounded extension: the arguments labelled ``in``."""
    attackers, attacked = _indexed(framework)
    ints = _grounded(len(framework.arguments), attackers, attacked)
    return frozenset(a for a, v in zip(framework.arguments, ints, strict=True) if v == 1)


def grounded_labels_for_corpus(
    corpus: Corpus, *, min_strength: float | None = None, bipolar: bool = False
) -> dict[str, str]:
    """Every claim key ``"<map-id>:<claim-id>"`` -> ``"accepted"`` | ``"rejected"`` |
    ``"undecided"``: its label (in / out / undec) in the grounded labelling of the corpus's
    framework (see :func:`~argmap.analysis.framework.framework_from_corpus`)."""
    framework = framework_from_corpus(corpus, min_strength=min_strength, bipolar=bipolar)
    attackers, attacked = _indexed(framework)
    ints = _grounded(len(framework.arguments), attackers, attacked)
    return {
        a: _STATUS_OF[v]
        for a, v in zip(framework.arguments, ints, strict=True)
        if not is_auxiliary(a)
    }


class _Encoding:
    """The complete-labelling CNF of a framework in an incremental SAT solver."""

    def __init__(self, framework: Framework, *, stable: bool = False) -> None:
        self.n = n = len(framework.arguments)
        self.names = framework.arguments
        attackers, attacked = _indexed(framework)
        self.grounded = _grounded(n, attackers, attacked)
        self.solver = Solver(name=_SAT_BACKEND)
        self._next_var = 2 * n + 1
        add = self.solver.add_clause
        for a in range(n):
            i, o = self.in_(a), self.out(a)
            add([-i, -o])
            add([i, *(-self.out(b) for b in attackers[a])])
            for b in attackers[a]:
                add([-i, self.out(b)])
                add([o, -self.in_(b)])
            add([-o, *(self.in_(b) for b in attackers[a])])
            if stable:
                add([i, o])
            if self.grounded[a] == 1:
                add([i])
            elif self.grounded[a] == -1:
                add([o])

    def in_(self, a: int) -> int:
        return a + 1

    def out(self, a: int) -> int:
        return self.n + a + 1

    def fresh(self) -> int:
        self._next_var += 1
        return self._next_var

    def solve(self, assumptions: list[int] | None = None) -> frozenset[int] | None:
        """The in-set of a model, or None when unsatisfiable."""
        if not self.solver.solve(assumptions=assumptions or []):
            return None
        model = self.solver.get_model() or []
        return frozenset(v - 1 for v in model[: self.n] if v > 0)

    def block(self, in_set: frozenset[int]) -> None:
        """Exclude exactly this in-set from later models."""
        self.solver.add_clause(
            [-self.in_(a) if a in in_set else self.in_(a) for a in range(self.n)]
        )

    def named(self, in_set: frozenset[int]) -> frozenset[str]:
        return frozenset(self.names[a] for a in in_set)

    def close(self) -> None:
        self.solver.delete()


def _all_models(enc: _Encoding) -> Iterator[frozenset[str]]:
    try:
        while (found := enc.solve()) is not None:
            yield enc.named(found)
            if enc.n == 0:
                return
            enc.block(found)
    finally:
        enc.close()


def complete_extensions(framework: Framework) -> list[frozenset[str]]:
    """Every complete extension."""
    return list(_all_models(_Encoding(framework)))


def stable_extensions(framework: Framework) -> list[frozenset[str]]:
    """Every stable extension (possibly none)."""
    return list(_all_models(_Encoding(framework, stable=True)))


def _maximise(enc: _Encoding, found: frozenset[int], fixed: list[int]) -> frozenset[int]:
    """Grow a complete in-set until no complete in-set strictly contains it (so it is
    preferred)."""
    while True:
        outside = [enc.in_(a) for a in range(enc.n) if a not in found]
        if not outside:
            return found
        selector = enc.fresh()
        enc.solver.add_clause([-selector, *outside])
        bigger = enc.solve([*fixed, selector, *(enc.in_(a) for a in found)])
        enc.solver.add_clause([-selector])  # retire the clause
        if bigger is None:
            return found
        found = bigger


def _preferred(framework: Framework, fixed: list[str] | None = None) -> Iterator[frozenset[str]]:
    """Preferred extensions; with ``fixed``, only those containing (``"+a"``) or lacking
    (``"-a"``) the given arguments... each preferred one at most once."""
    enc = _Encoding(framework)
    index = {a: i for i, a in enumerate(framework.arguments)}
    assumptions = [
        (enc.in_(index[f[1:]]) if f[0] == "+" else -enc.in_(index[f[1:]])) for f in fixed or []
    ]
    try:
        while (found := enc.solve(assumptions)) is not None:
            # Maximise without the assumptions: a preferred superset may break them, and then
            # this branch has no preferred extension of the asked shape; the block below still
            # makes progress because every subset of it is excluded.
            best = _maximise(enc, found, [])
            if all((index[f[1:]] in best) == (f[0] == "+") for f in fixed or []):
                yield enc.named(best)
            outside = [enc.in_(a) for a in range(enc.n) if a not in best]
            if not outside:
                return
            enc.solver.add_clause(outside)  # later models are not subsets of best
    finally:
        enc.close()


def _preferred_lacking(framework: Framework, argument: str) -> frozenset[str] | None:
    """A preferred extension without ``argument``, or None (the CEGAR loop of Dvorak et al.
    2014 for sceptical preferred acceptance: no enumeration of all preferred extensions)."""
    enc = _Encoding(framework)
    lacking = [-enc.in_(framework.arguments.index(argument))]
    try:
        while (found := enc.solve(lacking)) is not None:
            best = _maximise(enc, found, lacking)  # maximal among complete sets lacking it
            if _maximise(enc, best, []) == best:
                return enc.named(best)  # no complete strict superset at all: preferred
            # No preferred extension lacking the argument lies inside best: skip its subsets.
            outside = [enc.in_(a) for a in range(enc.n) if a not in best]
            enc.solver.add_clause(outside)
        return None
    finally:
        enc.close()


def preferred_extensions(framework: Framework) -> list[frozenset[str]]:
    """Every preferred extension (maximal complete, equivalently maximal admissible)."""
    return list(_preferred(framework))


def extensions(framework: Framework, semantics: Semantics) -> list[frozenset[str]]:
    """Every extension under ``semantics`` (``GR``, ``CO``, ``PR`` or ``ST``)."""
    if semantics == "GR":
        return [grounded_extension(framework)]
    if semantics == "CO":
        return complete_extensions(framework)
    if semantics == "PR":
        return preferred_extensions(framework)
    if semantics == "ST":
        return stable_extensions(framework)
    raise InputError(f"unknown semantics {semantics!r}; use one of {', '.join(SEMANTICS)}")


def some_extension(framework: Framework, semantics: Semantics) -> frozenset[str] | None:
    """One extension under ``semantics``, or None when there is none (only stable can lack
    one)."""
    if semantics in ("GR", "CO"):
        return grounded_extension(framework)
    if semantics == "PR":
        return next(_preferred(framework), None)
    enc = _Encoding(framework, stable=True)
    try:
        found = enc.solve()
        return None if found is None else enc.named(found)
    finally:
        enc.close()


def _check(framework: Framework, argument: str) -> None:
    if argument not in framework.arguments:
        raise InputError(f"unknown argument {argument!r}; name one of the framework's arguments")


def credulously_accepted(
    framework: Framework, argument: str, semantics: Semantics
) -> frozenset[str] | None:
    """An extension containing ``argument`` (a witness that it is credulously accepted), or
    None. Credulous acceptance under preferred equals that under complete (every complete
    extension is contained in a preferred one)."""
    _check(framework, argument)
    if semantics == "GR":
        ext = grounded_extension(framework)
        return ext if argument in ext else None
    if semantics == "PR":
        return next(_preferred(framework, ["+" + argument]), None)
    enc = _Encoding(framework, stable=semantics == "ST")
    try:
        found = enc.solve([enc.in_(framework.arguments.index(argument))])
        return None if found is None else enc.named(found)
    finally:
        enc.close()


def sceptically_accepted(
    framework: Framework, argument: str, semantics: Semantics
) -> tuple[bool, frozenset[str] | None]:
    """Whether ``argument`` is in every extension, with a counterexample extension lacking it
    when it is not. With no stable extension, every argument is sceptically accepted under
    stable (the ICCMA convention)."""
    _check(framework, argument)
    if semantics in ("GR", "CO"):
        ext = grounded_extension(framework)  # the least complete extension
        return (True, None) if argument in ext else (False, ext)
    if semantics == "PR":
        counter = _preferred_lacking(framework, argument)
        return counter is None, counter
    enc = _Encoding(framework, stable=True)
    try:
        found = enc.solve([-enc.in_(framework.arguments.index(argument))])
        return (True, None) if found is None else (False, enc.named(found))
    finally:
        enc.close()
