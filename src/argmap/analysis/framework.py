"""Dung abstract argumentation frameworks, and building one from a corpus of argument maps.

A :class:`Framework` is a pair (arguments, attacks) as in Dung (1995), "On the acceptability
of arguments and its fundamental role in nonmonotonic reasoning, logic programming and
n-person games", AIJ 77.

From a corpus (:func:`framework_from_corpus`) every claim is an argument named by its *claim
key* ``"<map-id>:<claim-id>"``; a qualified reference ``"other:c"`` in a relation resolves to
the claim key ``"other:c"``. Relations become attacks as follows.

Rebuts
    An attack relation from claim ``x`` to claim ``y`` is the attack ``(x, y)``.

Undercuts (an attack whose target is a relation)
    An undercut defeats the relation it targets rather than a claim. We flatten this
    *extended* framework into a Dung framework with the meta-argument reduction of Boella,
    Gabbay, van der Torre & Villata (2009), "Meta-argumentation modelling I", Studia Logica
    93, also used to give AFRA (Baroni, Cerutti, Giacomin & Guida 2011, "AFRA: Argumentation
    framework with recursive attacks", IJAR 52) and Modgil's EAF (2009, "Reasoning about
    preferences in argumentation frameworks", AIJ 173) a Dung semantics. An attack relation
    ``r`` from ``x`` to ``y`` that is itself attacked is replaced by the chain

        x -> r#out -> r#holds -> y

    where the auxiliary argument ``r#out`` ("x is not accepted") is attacked by ``x`` and
    ``r#holds`` ("the attack r succeeds") is attacked by ``r#out`` and by every undercutter of
    ``r``. So ``r#holds`` is in exactly when ``x`` is in and no undercutter is accepted, and only
    then does ``r`` defeat ``y``; an unattacked undercutter switches the attack off entirely.
    An attack relation that nobody undercuts keeps its direct form (``x``, ``y``), which is
    equivalent and smaller. An undercut of an undercut targets the inner one's ``#holds``
    argument, so the reduction is recursive. (An undercut attack relation whose own target
    has no effect here, a support outside bipolar mode or a relation below ``min_strength``,
    still gets its chain when it is undercut, with a ``#holds`` that attacks nothing.)
    Auxiliary arguments are named ``"<map-id>:<relation-id>#out"`` / ``"...#holds"``; ``#``
    cannot occur in a slug, so they never clash with claim keys (:func:`is_auxiliary`).
    Semantics reported per claim are the projection of the flattened framework's labellings
    or extensions onto claim keys.

Supports
    Ignored unless ``bipolar=True``. Then, following Cayrol & Lagasquie-Schiex (2005), "On
    the acceptability of arguments in bipolar argumentation frameworks", ECSQARU, LNAI 3571,
    each *supported attack* (``a`` supports ... supports ``b``, ``b`` attacks ``c``: ``a``
    attacks ``c``) and each *secondary attack* (``a`` attacks ``b``, ``b`` supports ... supports
    ``c``: ``a`` attacks ``c``) is added as an attack between claims. A derived attack that
    passes through an undercut support or an undercut attack is dropped only when that
    undercutter is unattacked (i.e. surely accepted); otherwise it is kept.
    An undercut of a support has no effect when ``bipolar`` is off.

Strength
    ``min_strength`` drops every attack relation (rebut or undercut) whose ``strength`` is below
    it; a relation without a strength counts as full strength (1.0).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from operator import floordiv, mod
from typing import TYPE_CHECKING

from argmap.errors import InputError
from argmap.model.corpus import Corpus
from argmap.model.entities import RelationType
from argmap.model.ids import claim_key
from argmap.util.gcpause import collector_paused

__all__ = [
    "Framework",
    "framework_from_corpus",
    "is_auxiliary",
]

AUX_MARK = "#"
_NONE: tuple[int, ...] = ()  # the adjacency of an argument no attack touches (most of them)
Adjacency = tuple[list[Sequence[int]], list[Sequence[int]]]


@dataclass(frozen=True)
class Framework:
    """A Dung abstract argumentation framework: arguments and the attacks between them.

    ``attacks`` holds pairs ``(attacker, attacked)``; both must be in ``arguments`` (checked),
    and ``arguments`` must not repeat. Use :meth:`build` to make one from any iterables.
    """

    arguments: tuple[str, ...]
    attacks: frozenset[tuple[str, str]] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        with collector_paused():  # hundreds of thousands of new lists and ints, none garbage
            self._index_attacks()

    def _index_attacks(self) -> None:
        index = dict(zip(self.arguments, range(len(self.arguments)), strict=True))
        if len(index) != len(self.arguments):
            seen: set[str] = set()
            for argument in self.arguments:
                if argument in seen:
                    raise InputError(
                        f"argument {argument!r} is listed twice; list each argument once"
                    )
                seen.add(argument)
        # The integer adjacency lists every algorithm uses, built once with the validation
        # (the string lookups dominate the cost of a linear-time labelling).
        pairs = list(self.attacks)
        attackers_named, attacked_named = zip(*pairs, strict=True) if pairs else ((), ())
        try:
            sources = list(map(index.__getitem__, attackers_named))
            targets = list(map(index.__getitem__, attacked_named))
        except KeyError:
            for attacker, attacked in sorted(pairs):
                for end in (attacker, attacked):
                    if end not in index:
                        raise InputError(
                            f"attack ({attacker!r}, {attacked!r}) names unknown argument"
                            f" {end!r}; declare it as an argument first"
                        ) from None
            raise
        object.__setattr__(self, "_adjacency", _adjacency(len(self.arguments), sources, targets))

    @classmethod
    def _indexed(cls, arguments: tuple[str, ...], codes: set[int]) -> Framework:
        """A framework from attacks given by position, each as ``attacker * n + attacked``
        (n = number of arguments), for builders that already hold distinct arguments and
        valid positions: no string is looked up again, and ``attacks`` is made from the
        positions only when first read (see ``__getattr__``)."""
        n = len(arguments)
        with collector_paused():
            sources = list(map(floordiv, codes, repeat(n)))
            targets = list(map(mod, codes, repeat(n)))
            adjacency = _adjacency(n, sources, targets)
        framework = object.__new__(cls)
        object.__setattr__(framework, "arguments", arguments)
        object.__setattr__(framework, "_adjacency", adjacency)
        object.__setattr__(framework, "_positions", (sources, targets))
        return framework

    if not TYPE_CHECKING:  # (to a type checker, Framework has no attribute it does not declare)

        def __getattr__(self, name: str) -> frozenset[tuple[str, str]]:
            # Only reached for an attribute the instance lacks: ``attacks`` of a framework
            # made by _indexed. The semantics work on positions and never read it, so its
            # string pairs, a large part of building a big framework, are made only on demand.
            positions = self.__dict__.get("_positions")
            if name != "attacks" or positions is None:
                raise AttributeError(f"'Framework' object has no attribute {name!r}")
            name_of = self.arguments.__getitem__
            sources, targets = positions
            attacks = frozenset(zip(map(name_of, sources), map(name_of, targets), strict=True))
            object.__setattr__(self, "attacks", attacks)
            return attacks

    def adjacency(self) -> Adjacency:
        """``(attackers, attacked)``: for each argument position, the positions of the
        arguments attacking it and of those it attacks. Shared: do not modify."""
        adjacency: Adjacency = self.__dict__["_adjacency"]
        return adjacency

    @classmethod
    def build(cls, arguments: Iterable[str], attacks: Iterable[tuple[str, str]]) -> Framework:
        with collector_paused():
            return cls(tuple(arguments), frozenset(attacks))

    def attackers(self) -> dict[str, list[str]]:
        """Each argument's attackers (in argument order for the keys)."""
        result: dict[str, list[str]] = {a: [] for a in self.arguments}
        for attacker, attacked in self.attacks:
            result[attacked].append(attacker)
        return result


def _adjacency(n: int, sources: Sequence[int], targets: Sequence[int]) -> Adjacency:
    """Attackers and attacked of each position from (distinct) attacks by position. One
    shared empty tuple stands for each empty list in the end, so a big sparse framework does
    not leave 2n lists for the garbage collector to walk. (Appending to a list per position
    is cheaper than grouping in a dict; the empty lists are freed on return.)"""
    attackers_of: list[list[int]] = [[] for _ in range(n)]
    attacked_by: list[list[int]] = [[] for _ in range(n)]
    for a, b in zip(sources, targets, strict=True):
        attackers_of[b].append(a)
        attacked_by[a].append(b)
    attackers: list[Sequence[int]] = [found or _NONE for found in attackers_of]
    attacked: list[Sequence[int]] = [found or _NONE for found in attacked_by]
    return attackers, attacked


def _key(prefix: str, ref: str) -> str:
    """:func:`claim_key` with the map id and its colon as ``prefix``; the builder calls it
    only for a ref with a colon (a valid ref has at most one, never first)."""
    if ":" not in ref:
        return prefix + ref
    return ref if ref[0] != ":" else claim_key(prefix[:-1], ref)


def is_auxiliary(argument: str) -> bool:
    """True for the meta-arguments the undercut reduction adds (not claims)."""
    return AUX_MARK in argument


def framework_from_corpus(
    corpus: Corpus, *, min_strength: float | None = None, bipolar: bool = False
) -> Framework:
    """The Dung framework of a corpus: claims as arguments, rebuts and (flattened) undercuts
    as attacks; supports as derived attacks when ``bipolar`` (see the module docstring)."""
    # Built on argument positions in parallel lists, not a tuple or an object per relation:
    # on a big corpus the containers a naive build keeps alive cost more than the build
    # itself, in garbage collections that each walk the whole corpus.
    claims: list[str] = []
    for m in corpus.maps:
        prefix = m.id + ":"
        claims += [prefix + c.id for c in m.claims]
    position = dict(zip(claims, range(len(claims)), strict=True))
    if len(position) != len(claims):
        return Framework(tuple(claims))  # raises: names the claim key listed twice
    at = position.get

    # The relations that can matter (attacks at or above min_strength; supports only when
    # bipolar), by relation number: key, source position (-1: no claim), where it lands (a
    # claim's position; -1 until resolved below when its target is no claim) and type.
    keys: list[str] = []
    source_at: list[int] = []
    lands: list[int] = []
    is_attack: list[bool] = []
    off_claims: list[tuple[int, str]] = []  # (relation number, target key): undercuts
    attack_type = RelationType.ATTACK
    for m in corpus.maps:
        prefix = m.id + ":"
        for rel in m.relations:
            if rel.type is attack_type:
                if min_strength is not None and (
                    (1.0 if rel.strength is None else rel.strength) < min_strength
                ):
                    continue
                is_attack.append(True)
            elif bipolar:
                is_attack.append(False)
            else:
                continue
            source, target = rel.source, rel.target
            source_at.append(at(prefix + source if ":" not in source else _key(prefix, source), -1))
            target = prefix + target if ":" not in target else _key(prefix, target)
            landing = at(target, -1)
            if landing < 0:
                off_claims.append((len(keys), target))
            lands.append(landing)
            keys.append(prefix + rel.id)

    # undercutters[r]: the attacks whose target is relation r (an attack or a support); an
    # attack on an attack r lands on r's #holds argument (numbered below).
    relation = dict(zip(keys, range(len(keys)), strict=True))
    undercutters: dict[int, list[int]] = {}
    for i, target in off_claims:
        r = relation.get(target)
        if is_attack[i] and r is not None:
            undercutters.setdefault(r, []).append(i)
    # Every undercut attack relation gets its chain x -> r#out -> r#holds, numbered in
    # relation order after the claims. (Also one whose own target is nowhere, e.g. a support
    # outside bipolar mode: its #holds then attacks nothing, but an undercut of it has an
    # argument to hit.)
    claim_count = len(claims)
    arguments = claims  # extended in place: claims first, then the chains
    holds: dict[int, int] = {}
    for r in sorted(r for r in undercutters if is_attack[r]):
        holds[r] = len(arguments) + 1
        arguments += [keys[r] + AUX_MARK + "out", keys[r] + AUX_MARK + "holds"]
    for i, target in off_claims:
        r = relation.get(target)
        if r is not None and r in holds:
            lands[i] = holds[r]

    n = len(arguments)
    codes: set[int] = set()
    add = codes.add
    for i, landing in enumerate(lands):
        if not is_attack[i] or (landing < 0 and i not in holds):
            continue
        attacker = source_at[i]
        if attacker < 0:  # (a validated corpus never gets here)
            raise InputError(
                f"relation '{keys[i]}' comes from no claim of the corpus; name a claim as its"
                " source"
            )
        if i in holds:
            h = holds[i]  # r#out is h - 1
            add(attacker * n + h - 1)
            add((h - 1) * n + h)
            if landing >= 0:
                add(h * n + landing)
        elif landing >= 0:
            add(attacker * n + landing)
    if bipolar:
        codes |= _bipolar_attacks(source_at, lands, claim_count, is_attack, undercutters, codes, n)
    return Framework._indexed(tuple(arguments), codes)


def _bipolar_attacks(
    source_at: list[int],
    lands: list[int],
    claim_count: int,
    is_attack: list[bool],
    undercutters: dict[int, list[int]],
    codes: set[int],
    n: int,
) -> set[int]:
    """Supported and secondary attacks (Cayrol & Lagasquie-Schiex 2005) between claims, as
    codes ``attacker * n + attacked`` (see :meth:`Framework._indexed`)."""
    attacked_nodes = {code % n for code in codes}

    def switched_off(r: int) -> bool:
        # Surely defeated: some undercutter's source claim is unattacked.
        return any(source_at[u] not in attacked_nodes for u in undercutters.get(r, ()))

    supports: dict[int, list[int]] = {}  # claim -> the claims it supports directly
    supported_by: dict[int, list[int]] = {}
    claim_attacks: set[int] = set()
    for r, b in enumerate(lands):
        if not 0 <= b < claim_count or switched_off(r):
            continue
        a = source_at[r]
        if a < 0:
            raise InputError("a support comes from no claim of the corpus; name a claim")
        if is_attack[r]:
            claim_attacks.add(a * n + b)
        else:
            supports.setdefault(a, []).append(b)
            supported_by.setdefault(b, []).append(a)

    def reached(start: int, edges: dict[int, list[int]]) -> set[int]:
        """Claims reached from ``start`` through one or more edges."""
        seen: set[int] = set()
        stack = list(edges.get(start, ()))
        while stack:
            node = stack.pop()
            if node not in seen:
                seen.add(node)
                stack.extend(edges.get(node, ()))
        return seen

    # Reachability per claim that needs it, not for every supporter against every attack
    # (which is quadratic on a big corpus).
    forward: dict[int, set[int]] = {}
    backward: dict[int, set[int]] = {}
    derived: set[int] = set()
    for code in claim_attacks:
        a, b = divmod(code, n)
        # supported attack: x supports+ a, a attacks b -> x attacks b
        if a not in backward:
            backward[a] = reached(a, supported_by)
        derived.update(x * n + b for x in backward[a])
        # secondary attack: a attacks b, b supports+ c -> a attacks c
        if b not in forward:
            forward[b] = reached(b, supports)
        derived.update(a * n + c for c in forward[b])
    return derived
