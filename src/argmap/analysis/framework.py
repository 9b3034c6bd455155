"""Dung abstract argumentation frameworks, and building one from a corpus of argument maps.

A :class:`Framework` is a pair (arguments, attacks) as in Dung (1995), "On the acceptability
of arguments and its fundamental role in nonmonotonic reasoning, logic programming and
n-person games", AIJ 77.

From a corpus the framework is built the way structured argumentation does it (ASPIC+:
Modgil & Prakken 2014, "The ASPIC+ framework for structured argumentation: a tutorial",
Argument & Computation 5), over two kinds of node.

Positions
    Every claim is a node named by its *claim key* ``"<map-id>:<claim-id>"`` (a qualified
    reference ``"other:c"`` resolves to the claim key ``"other:c"``). Claims joined by
    ``rephrase`` relations (within a map or across maps; the transitive closure, by
    union-find) are one *position*: its first claim in corpus order stands for it and
    carries every attack made on or by any of its claims; each other claim of the position
    is a node attacked by the position's attackers and attacking nothing, so in every
    complete labelling (hence grounded, preferred and stable) it has the position's label.

Attacks between positions
    Attackers are claims (the ``from`` of a relation). An attack that ``rebut``s a claim or
    ``undermine``s a premise from ``x`` to ``y`` is the attack ``(x, y)`` on ``y``'s position;
    a rebut whose target is an argument (an ``arguments:`` id or a support relation id)
    attacks that argument's conclusion. ``contrary`` from ``a`` to ``b`` is the one-way
    attack ``(a, b)`` (ASPIC+'s contrariness); ``contradictory`` between ``a`` and ``b`` gives
    ``(a, b)`` and ``(b, a)``. A rephrase is no attack.

Undercuts of attacks (an undercut whose target is an attack, contrary or contradictory)
    An undercut defeats the attack it targets rather than a claim. We flatten this
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
    equivalent and smaller. A contradictory relation that is undercut gets a chain for each
    direction (the one from ``to`` to ``from`` named ``r#out-back`` / ``r#holds-back``), and
    its undercutters hit both. An undercut of an undercut targets the inner one's ``#holds``
    argument, so the reduction is recursive. (An undercut attack relation whose own target
    has no node here, an argument or a rephrase, still gets its chain when it is undercut.)
    Auxiliary arguments are named ``"<map-id>:<relation-id>#out"`` / ``"...#holds"``; ``#``
    cannot occur in a slug, so they never clash with claim keys (:func:`is_auxiliary`).

Arguments
    Every inference of a map (:attr:`~argmap.model.entities.ArgumentMap.inferences`: each
    ``arguments:`` entry, and each support relation as the one-premise argument it is
    shorthand for) is an abstract argument named ``"<map-id>:<argument-id>"``. It is attacked
    by every attacker of its conclusion's position (rebut, contrary, contradictory), by every
    attacker of each of its premises' positions (undermine: a linked argument needs *all* its
    premises), and by every undercut of it (the undercutter's claim, or the undercut's
    ``#holds`` when that undercut is undercut in turn). Arguments attack nothing, so in every
    complete labelling an argument is

    * ``in`` when its premises and its conclusion are ``in`` and every undercut of it is
      ``out`` (does not hold),
    * ``out`` when a premise or its conclusion is ``out`` or an undercut of it is ``in``,
    * ``undec`` otherwise;

    so two convergent arguments for one conclusion stand or fall apart, and an undermined
    premise brings down the arguments it is a premise of, not (outside bipolar mode) their
    conclusion. The semantics solve the framework of positions and chains alone and derive
    each argument's label from it, which is exact for every complete-based labelling and
    for each extension (:class:`StructuredFramework`); :func:`framework_from_corpus` with
    ``arguments=True`` gives the whole framework, argument nodes included, for tools that
    want one Dung framework.

Supports (``bipolar=True``)
    Following Cayrol & Lagasquie-Schiex (2005), "On the acceptability of arguments in bipolar
    argumentation frameworks", ECSQARU, LNAI 3571, each argument gives a support from each of
    its premises' positions to its conclusion's position (a linked argument's premises each
    support the conclusion: an attack on any one of them then reaches the conclusion), and
    each *supported attack* (``a`` supports ... supports ``b``, ``b`` attacks ``c``: ``a``
    attacks ``c``) and each *secondary attack* (``a`` attacks ``b``, ``b`` supports ...
    supports ``c``: ``a`` attacks ``c``) is added as an attack between positions. An argument
    that is surely undercut (one of its undercutters' claims is unattacked) gives no support,
    and a derived attack that passes through an undercut attack is dropped only when that
    undercutter is unattacked (i.e. surely accepted); otherwise it is kept. Arguments still
    attack nothing; their labels follow the rule above from the bipolar framework's labels.

Strength
    ``min_strength`` drops every conflict relation (an attack of any kind, a contrary, a
    contradictory) whose ``strength`` is below it; a relation without a strength counts as
    full strength (1.0). Supports, arguments and rephrases are kept whatever their strength.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from operator import floordiv, mod
from typing import TYPE_CHECKING

from argmap.errors import InputError
from argmap.model.corpus import Corpus
from argmap.model.entities import AttackKind, RelationType
from argmap.model.ids import claim_key
from argmap.util.gcpause import collector_paused

__all__ = [
    "Framework",
    "StructuredFramework",
    "framework_from_corpus",
    "is_auxiliary",
    "structured_framework",
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
    shared empty tuple stands for every position no attack touches, and a list is made only
    for a position an attack reaches: a big sparse framework (most claims attack nothing and
    are attacked by nothing) neither makes nor leaves 2n lists for the garbage collector."""
    attackers: list[Sequence[int]] = [_NONE] * n
    attacked: list[Sequence[int]] = [_NONE] * n
    for a, b in zip(sources, targets, strict=True):
        row = attackers[b]
        if isinstance(row, list):
            row.append(a)
        else:
            attackers[b] = [a]
        row = attacked[a]
        if isinstance(row, list):
            row.append(b)
        else:
            attacked[a] = [b]
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


@dataclass(frozen=True)
class StructuredFramework:
    """The framework of a corpus's positions and undercut chains (what the semantics solve),
    and the corpus's arguments with the positions their labels follow from.

    For argument ``i``: ``arguments[i]`` is its key ``"<map-id>:<argument-id>"``,
    ``conclusions[i]`` and ``premises[i]`` the framework positions (indexes into
    ``framework.arguments``) of its conclusion's and premises' positions, and
    ``undercutters[i]`` the positions of the nodes that undercut it (a claim, or an
    undercut's ``#holds``). See the module docstring for the rule.
    """

    framework: Framework
    arguments: tuple[str, ...] = ()
    conclusions: tuple[int, ...] = ()
    premises: tuple[tuple[int, ...], ...] = ()
    undercutters: tuple[tuple[int, ...], ...] = ()

    def argument_labels(self, labels: Sequence[int]) -> list[int]:
        """Each argument's label (1 in, -1 out, 0 undec) from a complete labelling of the
        framework given the same way: the least of its conclusion's and premises' labels and
        of its undercutters' labels negated (an argument is in when every attacker is out,
        out when one is in)."""
        found: list[int] = []
        append = found.append
        for conclusion, premises, cutters in zip(
            self.conclusions, self.premises, self.undercutters, strict=True
        ):
            value = labels[conclusion]
            for p in premises:
                if labels[p] < value:
                    value = labels[p]
            for u in cutters:
                if -labels[u] < value:
                    value = -labels[u]
            append(value)
        return found

    def with_arguments(self) -> Framework:
        """The whole Dung framework: the positions and chains, then one node per argument
        attacked by the attackers of its conclusion's and premises' positions and by its
        undercutters (and attacking nothing)."""
        base = self.framework
        attackers = base.adjacency()[0]
        size = len(base.arguments)
        n = size + len(self.arguments)
        codes = {a * n + b for b, row in enumerate(attackers) for a in row}
        for offset, (conclusion, premises, cutters) in enumerate(
            zip(self.conclusions, self.premises, self.undercutters, strict=True)
        ):
            node = size + offset
            for target in (conclusion, *premises):
                codes.update(a * n + node for a in attackers[target])
            codes.update(u * n + node for u in cutters)
        return Framework._indexed((*base.arguments, *self.arguments), codes)


def framework_from_corpus(
    corpus: Corpus,
    *,
    min_strength: float | None = None,
    bipolar: bool = False,
    arguments: bool = False,
) -> Framework:
    """The Dung framework of a corpus: claims (positions) and undercut chains as arguments,
    rebuts, undermines, contraries, contradictories and (flattened) undercuts as attacks;
    supports as derived attacks when ``bipolar``; with ``arguments``, the map's arguments as
    nodes too (see the module docstring)."""
    with collector_paused():  # the build makes many small containers and frees them all
        structure = _build(corpus, min_strength, bipolar, with_arguments=arguments)
    return structure.with_arguments() if arguments else structure.framework


def structured_framework(
    corpus: Corpus, *, min_strength: float | None = None, bipolar: bool = False
) -> StructuredFramework:
    """The framework of positions and chains, with the corpus's arguments beside it (see
    :class:`StructuredFramework` and the module docstring)."""
    with collector_paused():
        return _build(corpus, min_strength, bipolar, with_arguments=True)


_SUPPORT = RelationType.SUPPORT
_CONTRADICTORY = RelationType.CONTRADICTORY
_REPHRASE = RelationType.REPHRASE
_UNDERCUT = AttackKind.UNDERCUT


def _build(
    corpus: Corpus, min_strength: float | None, bipolar: bool, *, with_arguments: bool
) -> StructuredFramework:
    # Built on node positions in parallel lists, not a tuple or an object per relation: on a
    # big corpus the containers a naive build keeps alive cost more than the build itself,
    # in garbage collections that each walk the whole corpus.
    claims: list[str] = []
    for m in corpus.maps:
        prefix = m.id + ":"
        claims += [prefix + c.id for c in m.claims]
    position = dict(zip(claims, range(len(claims)), strict=True))
    if len(position) != len(claims):
        Framework(tuple(claims))  # raises: names the claim key listed twice
    at = position.get

    # The attacks that can matter (every conflict at or above min_strength), by attack
    # number: relation key, source position (-1: no claim) and where it lands (a claim's
    # position; -1 until resolved below when its target is no claim). A contradictory is two
    # attacks, the second (to -> from) numbered right after the first and listed in ``back``.
    keys: list[str] = []
    source_at: list[int] = []
    lands: list[int] = []
    off_claims: list[tuple[int, str, bool]] = []  # (attack number, target key, is undercut)
    back: set[int] = set()
    rephrased: list[tuple[str, str]] = []
    for m in corpus.maps:
        prefix = m.id + ":"
        for rel in m.relations:
            kind = rel.type
            if kind is _SUPPORT:
                continue  # an argument: read with the arguments when they are needed
            source, target = rel.source, rel.target
            source = prefix + source if ":" not in source else _key(prefix, source)
            target = prefix + target if ":" not in target else _key(prefix, target)
            if kind is _REPHRASE:
                rephrased.append((source, target))
                continue
            if min_strength is not None and (
                (1.0 if rel.strength is None else rel.strength) < min_strength
            ):
                continue
            origin = at(source, -1)
            landing = at(target, -1)
            if landing < 0:
                off_claims.append((len(keys), target, rel.kind is _UNDERCUT))
            key = prefix + rel.id
            keys.append(key)
            source_at.append(origin)
            lands.append(landing)
            if kind is _CONTRADICTORY:
                back.add(len(keys))
                keys.append(key)
                source_at.append(landing)
                lands.append(origin)

    # undercutters[r]: the undercuts of attack r (both halves of a contradictory); an undercut
    # of an argument (or of a support) is kept by argument key for the arguments' labels.
    last_attack = dict(zip(keys, range(len(keys)), strict=True))  # the back half of a contradictory
    undercutters: dict[int, list[int]] = {}
    cutting_arguments: dict[str, list[int]] = {}
    rebut_arguments: list[tuple[int, str]] = []
    for i, target, is_undercut in off_claims:
        if not is_undercut:
            rebut_arguments.append((i, target))
            continue
        r = last_attack.get(target)
        if r is None:
            cutting_arguments.setdefault(target, []).append(i)
            continue
        if r in back:
            undercutters.setdefault(r - 1, []).append(i)
        undercutters.setdefault(r, []).append(i)
    if rebut_arguments:  # a rebut of an argument attacks its conclusion
        conclusions = _conclusion_keys(corpus, [t for _, t in rebut_arguments])
        for i, target in rebut_arguments:
            lands[i] = at(conclusions.get(target, ""), -1)

    # Every undercut attack gets its chain x -> r#out -> r#holds, numbered in attack order
    # after the claims. (Also one whose own target has no node, e.g. an undercut of an
    # argument: its #holds then attacks no position, but an undercut of it has a node to hit.)
    claim_count = len(claims)
    nodes = claims  # extended in place: claims first, then the chains
    holds: dict[int, int] = {}
    for r in sorted(undercutters):
        holds[r] = len(nodes) + 1
        tail = "-back" if r in back else ""
        nodes += [keys[r] + AUX_MARK + "out" + tail, keys[r] + AUX_MARK + "holds" + tail]
    more_lands: dict[int, int] = {}  # an undercut of a contradictory hits two #holds
    for r, cutters in undercutters.items():
        for u in cutters:
            if lands[u] < 0:
                lands[u] = holds[r]
            else:
                more_lands[u] = holds[r]

    # Rephrased claims are one position, carried by its first claim (the smallest position):
    # ``moved`` maps each other claim of a position to that one.
    moved = _positions([(at(a, -1), at(b, -1)) for a, b in rephrased]) if rephrased else {}
    if moved:
        # Every node to its position's (chains and -1, "nowhere", stay), looked up in C.
        carrier = [*range(len(nodes)), -1]
        for claim, first in moved.items():
            carrier[claim] = first
        source_at = list(map(carrier.__getitem__, source_at))
        lands = list(map(carrier.__getitem__, lands))

    inferences = _inferences(corpus, at, moved) if with_arguments or bipolar else _NO_INFERENCES
    n = len(nodes)
    codes: set[int] = set()
    add = codes.add
    for i, landing in enumerate(lands):
        if landing < 0 and i not in holds:
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
            attacker = h
        if landing >= 0:
            add(attacker * n + landing)
        if more_lands and i in more_lands:
            add(attacker * n + more_lands[i])

    def hitter(u: int) -> int:
        """The node whose attack is undercut ``u``'s: its #holds when it is undercut."""
        return holds[u] if u in holds else source_at[u]

    if bipolar:
        codes |= _bipolar_attacks(
            source_at, lands, claim_count, undercutters, codes, n, inferences, cutting_arguments
        )
    if moved:
        codes |= _restatements(moved, codes, n)
    framework = Framework._indexed(tuple(nodes), codes)
    if not with_arguments:
        return StructuredFramework(framework)
    return StructuredFramework(
        framework,
        tuple(inferences.keys),
        tuple(inferences.conclusions),
        tuple(inferences.premises),
        tuple(tuple(hitter(u) for u in cutting_arguments.get(k, ())) for k in inferences.keys),
    )


class _Inferences:
    """The corpus's arguments (each ``arguments:`` entry, then each support, map by map, as
    :attr:`~argmap.model.entities.ArgumentMap.inferences` orders them): key, conclusion's
    position and premises' positions."""

    def __init__(self) -> None:
        self.keys: list[str] = []
        self.conclusions: list[int] = []
        self.premises: list[tuple[int, ...]] = []


_NO_INFERENCES = _Inferences()


def _inferences(
    corpus: Corpus, at: Callable[[str, int], int], moved: dict[int, int]
) -> _Inferences:
    found = _Inferences()
    keys, conclusions, premises = found.keys, found.conclusions, found.premises
    offset = 0  # claims are numbered map by map, in corpus order
    for m in corpus.maps:
        prefix = m.id + ":"
        # A map's own claims by id (an id's hash is kept: no key to build and hash per ref).
        count = len(m.claims)
        own = dict(zip([c.id for c in m.claims], range(offset, offset + count), strict=True))
        for number, first in moved.items():
            if offset <= number < offset + count:
                own[m.claims[number - offset].id] = first
        offset += count

        def other(ref: str, what: str, prefix: str = prefix) -> int:
            """Another map's claim (or, in a map not validated, no claim: an error)."""
            number = at(_key(prefix, ref), -1)
            if number < 0:  # (a validated corpus never gets here)
                raise InputError(f"argument '{what}' names no claim '{ref}' of the corpus; fix it")
            return moved.get(number, number)

        mine = own.get
        for argument in m.arguments:
            key = prefix + argument.id
            keys.append(key)
            ref = argument.conclusion
            conclusions.append(n if (n := mine(ref)) is not None else other(ref, key))
            premises.append(
                tuple(
                    [n if (n := mine(p)) is not None else other(p, key) for p in argument.premises]
                )
            )
        for rel in m.relations:
            if rel.type is _SUPPORT:
                key = prefix + rel.id
                keys.append(key)
                ref = rel.target
                conclusions.append(n if (n := mine(ref)) is not None else other(ref, key))
                ref = rel.source
                premises.append((n if (n := mine(ref)) is not None else other(ref, key),))
    return found


def _conclusion_keys(corpus: Corpus, targets: list[str]) -> dict[str, str]:
    """The claim key of the conclusion of each argument or support named (by key)."""
    found: dict[str, str] = {}
    maps = corpus.maps_by_id
    for target in targets:
        map_id, _, local = target.partition(":")
        m = maps.get(map_id)
        if m is None:
            continue
        prefix = map_id + ":"
        argument = m.arguments_by_id.get(local)
        if argument is not None:
            found[target] = _key(prefix, argument.conclusion)
            continue
        rel = m.relations_by_id.get(local)
        if rel is not None and rel.type is _SUPPORT:
            found[target] = _key(prefix, rel.target)
    return found


def _positions(pairs: list[tuple[int, int]]) -> dict[int, int]:
    """Each claim that rephrases joins to a smaller one, mapped to the smallest claim of its
    position (union-find over the rephrases; the claims no rephrase names are left out)."""
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        up = parent.get(x, x)
        while up != x:
            parent[x] = parent.get(up, up)  # path halving
            x, up = up, parent.get(up, up)
        return x

    for a, b in pairs:
        if a < 0 or b < 0:  # (a validated corpus never gets here)
            raise InputError("a rephrase names no claim of the corpus; name two claims")
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)  # a root is always its class's smallest claim
    return {x: r for x in parent if (r := root(x)) != x}


def _restatements(moved: dict[int, int], codes: set[int], n: int) -> set[int]:
    """The attacks on each restating claim: those on the claim that carries its position."""
    wanted = set(moved.values())
    attackers: dict[int, list[int]] = {}
    for code in codes:
        target = code % n
        if target in wanted:
            attackers.setdefault(target, []).append(code // n)
    return {a * n + claim for claim, r in moved.items() for a in attackers.get(r, ())}


def _bipolar_attacks(
    source_at: list[int],
    lands: list[int],
    claim_count: int,
    undercutters: dict[int, list[int]],
    codes: set[int],
    n: int,
    inferences: _Inferences,
    cutting_arguments: dict[str, list[int]],
) -> set[int]:
    """Supported and secondary attacks (Cayrol & Lagasquie-Schiex 2005) between positions, as
    codes ``attacker * n + attacked`` (see :meth:`Framework._indexed`)."""
    attacked_nodes = {code % n for code in codes}

    def surely_cut(cutters: Sequence[int]) -> bool:
        # Surely defeated: some undercutter's source claim is unattacked.
        return any(source_at[u] not in attacked_nodes for u in cutters)

    supports: dict[int, list[int]] = {}  # position -> the positions it supports directly
    supported_by: dict[int, list[int]] = {}
    for key, conclusion, premises in zip(
        inferences.keys, inferences.conclusions, inferences.premises, strict=True
    ):
        if surely_cut(cutting_arguments.get(key, ())):
            continue
        for premise in premises:
            supports.setdefault(premise, []).append(conclusion)
            supported_by.setdefault(conclusion, []).append(premise)
    claim_attacks: set[int] = set()
    for r, b in enumerate(lands):
        if not 0 <= b < claim_count or surely_cut(undercutters.get(r, ())):
            continue
        a = source_at[r]
        if a < 0:
            raise InputError("an attack comes from no claim of the corpus; name a claim")
        claim_attacks.add(a * n + b)

    def reached(start: int, edges: dict[int, list[int]]) -> set[int]:
        """Positions reached from ``start`` through one or more edges."""
        seen: set[int] = set()
        stack = list(edges.get(start, ()))
        while stack:
            node = stack.pop()
            if node not in seen:
                seen.add(node)
                stack.extend(edges.get(node, ()))
        return seen

    # Reachability per position that needs it, not for every supporter against every attack
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
