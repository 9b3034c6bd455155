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
    argument, so the reduction is recursive. Auxiliary arguments are named
    ``"<map-id>:<relation-id>#out"`` / ``"...#holds"``; ``#`` cannot occur in a slug, so they never
    clash with claim keys (:func:`is_auxiliary`). Semantics reported per claim are the
    projection of the flattened framework's labellings or extensions onto claim keys.

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

from collections.abc import Iterable
from dataclasses import dataclass, field

from argmap.corpus import Corpus
from argmap.errors import InputError
from argmap.ids import split_ref
from argmap.model import RelationType

__all__ = [
    "Framework",
    "claim_key",
    "framework_from_corpus",
    "is_auxiliary",
]

AUX_MARK = "#"


@dataclass(frozen=True)
class Framework:
    """A Dung abstract argumentation framework: arguments and the attacks between them.

    ``attacks`` holds pairs ``(attacker, attacked)``; both must be in ``arguments`` (checked),
    and ``arguments`` must not repeat. Use :meth:`build` to make one from any iterables.
    """

    arguments: tuple[str, ...]
    attacks: frozenset[tuple[str, str]] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        index = {a: i for i, a in enumerate(self.arguments)}
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
        try:
            sources = list(map(index.__getitem__, [a for a, _ in pairs]))
            targets = list(map(index.__getitem__, [b for _, b in pairs]))
        except KeyError:
            for attacker, attacked in sorted(pairs):
                for end in (attacker, attacked):
                    if end not in index:
                        raise InputError(
                            f"attack ({attacker!r}, {attacked!r}) names unknown argument"
                            f" {end!r}; declare it as an argument first"
                        ) from None
            raise
        attackers: list[list[int]] = [[] for _ in self.arguments]
        attacked_by: list[list[int]] = [[] for _ in self.arguments]
        for ia, ib in zip(sources, targets, strict=True):
            attackers[ib].append(ia)
            attacked_by[ia].append(ib)
        object.__setattr__(self, "_adjacency", (attackers, attacked_by))

    def adjacency(self) -> tuple[list[list[int]], list[list[int]]]:
        """``(attackers, attacked)``: for each argument position, the positions of the
        arguments attacking it and of those it attacks. Shared: do not modify."""
        adjacency: tuple[list[list[int]], list[list[int]]] = self.__dict__["_adjacency"]
        return adjacency

    @classmethod
    def build(cls, arguments: Iterable[str], attacks: Iterable[tuple[str, str]]) -> Framework:
        return cls(tuple(arguments), frozenset(attacks))

    def attackers(self) -> dict[str, list[str]]:
        """Each argument's attackers (in argument order for the keys)."""
        result: dict[str, list[str]] = {a: [] for a in self.arguments}
        for attacker, attacked in self.attacks:
            result[attacked].append(attacker)
        return result


def claim_key(map_id: str, ref: str) -> str:
    """The key of the claim ``ref`` as referenced from map ``map_id``."""
    other, local = split_ref(ref)
    return f"{other or map_id}:{local}"


def is_auxiliary(argument: str) -> bool:
    """True for the meta-arguments the undercut reduction adds (not claims)."""
    return AUX_MARK in argument


def framework_from_corpus(
    corpus: Corpus, *, min_strength: float | None = None, bipolar: bool = False
) -> Framework:
    """The Dung framework of a corpus: claims as arguments, rebuts and (flattened) undercuts
    as attacks; supports as derived attacks when ``bipolar`` (see the module docstring)."""
    claims: list[str] = [f"{m.id}:{c.id}" for m in corpus.maps for c in m.claims]
    claim_set = set(claims)
    # relation key -> (source claim, target key, is_attack); target key is a claim key or a
    # relation key.
    relations: dict[str, tuple[str, str, bool]] = {}
    for m in corpus.maps:
        for rel in m.relations:
            if (
                rel.type is RelationType.ATTACK
                and min_strength is not None
                and (1.0 if rel.strength is None else rel.strength) < min_strength
            ):
                continue
            relations[f"{m.id}:{rel.id}"] = (
                claim_key(m.id, rel.source),
                claim_key(m.id, rel.target),
                rel.type is RelationType.ATTACK,
            )
    undercutters: dict[str, list[str]] = {}
    for key, (_, target, is_attack) in relations.items():
        if is_attack and target not in claim_set and target in relations:
            undercutters.setdefault(target, []).append(key)

    arguments = list(claims)
    attacks: set[tuple[str, str]] = set()

    def holds(rel_key: str) -> str:
        return rel_key + AUX_MARK + "holds"

    for key, (source, target, is_attack) in relations.items():
        if not is_attack:
            continue
        if target in claim_set:
            target_node = target
        elif target in relations and relations[target][2]:
            target_node = holds(target)  # undercut of an attack: defeats its #holds argument
        else:
            continue  # undercut of a support: only matters in bipolar mode
        if key in undercutters:
            out = key + AUX_MARK + "out"
            arguments += [out, holds(key)]
            attacks |= {(source, out), (out, holds(key)), (holds(key), target_node)}
        else:
            attacks.add((source, target_node))
    if bipolar:
        attacks |= _bipolar_attacks(relations, claim_set, undercutters, attacks)
    return Framework(tuple(arguments), frozenset(attacks))


def _bipolar_attacks(
    relations: dict[str, tuple[str, str, bool]],
    claim_set: set[str],
    undercutters: dict[str, list[str]],
    attacks: set[tuple[str, str]],
) -> set[tuple[str, str]]:
    """Supported and secondary attacks (Cayrol & Lagasquie-Schiex 2005) between claims."""
    attacked_nodes = {b for _, b in attacks}

    def switched_off(rel_key: str) -> bool:
        # Surely defeated: some undercutter's source claim is unattacked.
        return any(relations[u][0] not in attacked_nodes for u in undercutters.get(rel_key, ()))

    supports: dict[str, set[str]] = {}
    claim_attacks: set[tuple[str, str]] = set()
    for key, (source, target, is_attack) in relations.items():
        if target not in claim_set or switched_off(key):
            continue
        if is_attack:
            claim_attacks.add((source, target))
        else:
            supports.setdefault(source, set()).add(target)
    # Transitive closure of support: reach[a] = claims a supports through a chain.
    reach: dict[str, set[str]] = {}
    for start in supports:
        seen: set[str] = set()
        stack = list(supports[start])
        while stack:
            node = stack.pop()
            if node not in seen:
                seen.add(node)
                stack.extend(supports.get(node, ()))
        reach[start] = seen
    derived: set[tuple[str, str]] = set()
    for a, b in claim_attacks:
        # supported attack: x supports+ a, a attacks b -> x attacks b
        derived.update((x, b) for x, reached in reach.items() if a in reached)
        # secondary attack: a attacks b, b supports+ c -> a attacks c
        derived.update((a, c) for c in reach.get(b, ()))
    return derived
