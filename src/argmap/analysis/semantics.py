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

  whose models are exactly the complete labellings; stable adds ``in_a or out_a``. Preferred
  extensions are the subset-maximal admissible sets (Dung 1995), so their searches drop the
  ``in_a if all attackers out`` half (models: the admissible labellings), which makes the
  final "nothing bigger" proof cheaper on hard frameworks. Arguments the grounded labelling
  decides are fixed as unit clauses first (every complete labelling extends the grounded one;
  the union of the grounded extension and an admissible set is admissible, so the maximal
  admissible models are unchanged). The SAT solver is CaDiCaL from ``python-sat``;
  benchmarks/semantics_bench.py measures it against python-argumentation's pure-Python
  labelling search (Nofal, Atkinson & Dunne 2014).

For a corpus, :func:`grounded_labels_for_corpus` gives the claims' statuses (the fast path),
:func:`grounded_statuses_for_corpus` the claims' and the arguments' and
:func:`labellings_for_corpus` every labelling of claims and arguments under any semantics.
The arguments attack nothing, so the framework of positions and undercut chains is solved
alone and each argument's label is derived from it (exact for every complete labelling; see
:mod:`~argmap.analysis.framework`): a big corpus's arguments do not enlarge the problem.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

from pysat.solvers import Solver  # type: ignore[import-untyped]

from argmap.analysis.framework import (
    Framework,
    StructuredFramework,
    framework_from_corpus,
    is_auxiliary,
    structured_framework,
)
from argmap.errors import InputError
from argmap.model.corpus import Corpus

__all__ = [
    "SEMANTICS",
    "CorpusLabelling",
    "CorpusStatus",
    "Label",
    "complete_extensions",
    "credulously_accepted",
    "extensions",
    "grounded_extension",
    "grounded_labelling",
    "grounded_labels_for_corpus",
    "grounded_statuses_for_corpus",
    "labellings_for_corpus",
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


class CorpusStatus(NamedTuple):
    """Grounded statuses (``accepted`` / ``rejected`` / ``undecided``) by key: ``claims`` by
    claim key ``"<map-id>:<claim-id>"``, ``arguments`` by ``"<map-id>:<argument-id>"`` (each
    ``arguments:`` entry and each support relation)."""

    claims: dict[str, str]
    arguments: dict[str, str]


def grounded_statuses_for_corpus(
    corpus: Corpus, *, min_strength: float | None = None, bipolar: bool = False
) -> CorpusStatus:
    """The grounded status of every claim (as :func:`grounded_labels_for_corpus` gives it)
    and of every argument: accepted (in) when its premises and conclusion are accepted and
    no undercut of it holds, rejected (out) when one of them is rejected or an undercut of it
    holds, undecided otherwise (see :mod:`~argmap.analysis.framework`)."""
    structure = structured_framework(corpus, min_strength=min_strength, bipolar=bipolar)
    framework = structure.framework
    attackers, attacked = _indexed(framework)
    ints = _grounded(len(framework.arguments), attackers, attacked)
    claims = {
        a: _STATUS_OF[v]
        for a, v in zip(framework.arguments, ints, strict=True)
        if not is_auxiliary(a)
    }
    arguments = dict(
        zip(
            structure.arguments,
            map(_STATUS_OF.__getitem__, structure.argument_labels(ints)),
            strict=True,
        )
    )
    return CorpusStatus(claims, arguments)


@dataclass(frozen=True)
class CorpusLabelling:
    """One labelling of a corpus: each claim's and each argument's label, by key."""

    claims: dict[str, Label]
    arguments: dict[str, Label]


def labellings_for_corpus(
    corpus: Corpus,
    semantics: Semantics,
    *,
    min_strength: float | None = None,
    bipolar: bool = False,
) -> list[CorpusLabelling]:
    """Every labelling of the corpus's claims and arguments under ``semantics`` (``GR``,
    ``CO``, ``PR`` or ``ST``; for ``GR`` the one grounded labelling): the labellings of the
    framework of positions and chains, each with its arguments' labels derived, and the
    auxiliary arguments left out (two labellings that differ only on those count once).
    Stable semantics may give none."""
    structure = structured_framework(corpus, min_strength=min_strength, bipolar=bipolar)
    framework = structure.framework
    attackers, attacked = _indexed(framework)
    n = len(framework.arguments)
    if semantics == "GR":
        found = [_grounded(n, attackers, attacked)]
    else:
        index = {a: i for i, a in enumerate(framework.arguments)}
        found = [
            _labels_of(n, {index[a] for a in ext}, attacked)
            for ext in extensions(framework, semantics)
        ]
    return _projected(structure, found)


def _labels_of(n: int, in_set: set[int], attacked: list[Sequence[int]]) -> list[int]:
    """The labelling of a complete extension: in, out when attacked by it, undec else."""
    labels = [0] * n
    for a in in_set:
        labels[a] = 1
    for a in in_set:
        for b in attacked[a]:
            labels[b] = -1
    return labels


def _projected(structure: StructuredFramework, found: list[list[int]]) -> list[CorpusLabelling]:
    names = structure.framework.arguments
    shown = [i for i, a in enumerate(names) if not is_auxiliary(a)]
    seen: set[tuple[int, ...]] = set()
    result: list[CorpusLabelling] = []
    for labels in found:
        argument_labels = structure.argument_labels(labels)
        key = (*(labels[i] for i in shown), *argument_labels)
        if key in seen:
            continue
        seen.add(key)
        result.append(
            CorpusLabelling(
                {names[i]: _LABEL[labels[i]] for i in shown},
                dict(
                    zip(structure.arguments, map(_LABEL.__getitem__, argument_labels), strict=True)
                ),
            )
        )
    return result


class _Encoding:
    """The complete-labelling CNF of a framework in an incremental SAT solver.

    With ``maximising`` (the preferred searches), the admissible-labelling CNF instead (no
    ``in_a if all attackers out`` clause; the subset-maximal models are the same, the preferred
    extensions) and the fixed gadget that lets one ask by assumptions alone for an
    in-set with an argument outside a given set S: ``n`` variables ``t_a`` with
    ``t_a -> in_a`` and one clause ``g -> (t_1 or ... or t_n)``. Assuming ``g`` and
    ``not t_a`` for every a in S leaves only the ``t_b`` of arguments b outside S to satisfy
    it; not assuming ``g`` switches it off. The clause set never grows with the queries (no
    fresh selector per query, nothing to retire)."""

    def __init__(
        self, framework: Framework, *, stable: bool = False, maximising: bool = False
    ) -> None:
        self.n = n = len(framework.arguments)
        self.names = framework.arguments
        attackers, attacked = _indexed(framework)
        self.grounded = _grounded(n, attackers, attacked)
        self.solver = Solver(name=_SAT_BACKEND)
        add = self.solver.add_clause
        for a in range(n):
            i, o = self.in_(a), self.out(a)
            add([-i, -o])
            if not maximising:  # complete: in when every attacker is out
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
        self.gate = 3 * n + 1  # g
        if maximising:
            for a in range(n):
                add([-self.new(a), self.in_(a)])
            add([-self.gate, *(self.new(a) for a in range(n))])

    def in_(self, a: int) -> int:
        return a + 1

    def out(self, a: int) -> int:
        return self.n + a + 1

    def new(self, a: int) -> int:
        """``t_a`` of the growth gadget: a is in, as the argument outside the given set."""
        return 2 * self.n + a + 1

    def beyond(self, in_set: frozenset[int]) -> list[int]:
        """Assumptions: some argument outside ``in_set`` is in (with the growth gadget)."""
        return [self.gate, *(-self.new(a) for a in in_set)]

    def within(self, in_set: frozenset[int]) -> list[int]:
        """Assumptions: every argument of ``in_set`` is in."""
        return [self.in_(a) for a in in_set]

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

    def block_subsets(self, in_set: frozenset[int]) -> None:
        """Exclude this in-set and all its subsets from later models."""
        self.solver.add_clause([self.in_(a) for a in range(self.n) if a not in in_set])

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
    """Grow an admissible in-set until no admissible in-set (under the assumptions
    ``fixed``) strictly contains it: each step asks, by assumptions only, for a superset
    with at least one more argument (the growth gadget of :class:`_Encoding`)."""
    while len(found) < enc.n:
        bigger = enc.solve([*fixed, *enc.within(found), *enc.beyond(found)])
        if bigger is None:
            return found
        found = bigger
    return found


def _preferred_all(enc: _Encoding) -> Iterator[frozenset[int]]:
    """Every preferred in-set, each once: the iterative maximisation of PrefSAT (Cerutti,
    Dunne, Giacomin & Vallati 2013, "Computing preferred extensions in abstract argumentation:
    a SAT-based approach", TAFA; also in Cegartix), in one incremental solver.

    Invariant: the clause set holds, for each preferred set P found so far, the clause "some
    argument outside P is in", so every model is an admissible set no subset of a found one.
    A candidate X (such a model) is grown by asking for a model with an argument outside X
    (assumptions only), *without* requiring it to contain X:

    * unsatisfiable: every admissible set is a subset of X or of a found one. A strict
      superset of X would be neither, so X is preferred, and it is the last: one proof
      where growing and then re-querying would take two;
    * a strict superset of X: grow to it;
    * incomparable with X: ask for a strict superset of X (X's members assumed in). None: X
      is preferred; after blocking X's subsets the incomparable model is still a model, so
      it seeds the next candidate with no extra call. Else grow to that superset.
    """
    seed = enc.solve()
    while seed is not None:
        x, seed = seed, None
        while True:
            if len(x) == enc.n:
                yield x
                return
            other = enc.solve(enc.beyond(x))
            if other is None:
                yield x
                return
            if x < other:
                x = other
                continue
            bigger = enc.solve([*enc.within(x), *enc.beyond(x)])
            if bigger is None:
                yield x
                enc.block_subsets(x)
                seed = other
                break
            x = bigger


def _preferred(framework: Framework, fixed: list[str] | None = None) -> Iterator[frozenset[str]]:
    """Preferred extensions; with ``fixed``, only those containing (``"+a"``) or lacking
    (``"-a"``) the given arguments... each preferred one at most once."""
    enc = _Encoding(framework, maximising=True)
    index = {a: i for i, a in enumerate(framework.arguments)}
    try:
        if not fixed:
            yield from map(enc.named, _preferred_all(enc))
            return
        assumptions = [
            (enc.in_(index[f[1:]]) if f[0] == "+" else -enc.in_(index[f[1:]])) for f in fixed
        ]
        while (found := enc.solve(assumptions)) is not None:
            # Maximise without the assumptions: a preferred superset may break them, and then
            # this branch has no preferred extension of the asked shape; the block below still
            # makes progress because every subset of it is excluded.
            best = _maximise(enc, found, [])
            if all((index[f[1:]] in best) == (f[0] == "+") for f in fixed):
                yield enc.named(best)
            if len(best) == enc.n:
                return
            enc.block_subsets(best)  # later models are not subsets of best
    finally:
        enc.close()


def _preferred_lacking(framework: Framework, argument: str) -> frozenset[str] | None:
    """A preferred extension without ``argument``, or None (the CEGAR loop of Dvorak et al.
    2014 for sceptical preferred acceptance: no enumeration of all preferred extensions)."""
    enc = _Encoding(framework, maximising=True)
    lacking = [-enc.in_(framework.arguments.index(argument))]
    try:
        while (found := enc.solve(lacking)) is not None:
            best = _maximise(enc, found, lacking)  # maximal among admissible sets lacking it
            if _maximise(enc, best, []) == best:
                return enc.named(best)  # no admissible strict superset at all: preferred
            # No preferred extension lacking the argument lies inside best: skip its subsets.
            enc.block_subsets(best)
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
        enc = _Encoding(framework, maximising=True)
        try:  # maximise one model: proves it maximal, not that it is the only one
            found = enc.solve()
            return None if found is None else enc.named(_maximise(enc, found, []))
        finally:
            enc.close()
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
