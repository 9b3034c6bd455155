"""Dung semantics: frameworks from maps (undercuts, strengths, bipolar), grounded labels,
complete / preferred / stable extensions and acceptance, checked against python-argumentation."""

from __future__ import annotations

import gc
from collections import Counter
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from py_arg.abstract_argumentation_classes.abstract_argumentation_framework import (
    AbstractArgumentationFramework,
)
from py_arg.abstract_argumentation_classes.argument import Argument
from py_arg.abstract_argumentation_classes.defeat import Defeat
from py_arg.algorithms.semantics.get_complete_extensions import get_complete_extensions
from py_arg.algorithms.semantics.get_grounded_extension import get_grounded_extension
from py_arg.algorithms.semantics.get_preferred_extensions import get_preferred_extensions
from py_arg.algorithms.semantics.get_stable_extensions import get_stable_extensions

from argmap import ArgumentMap, Corpus
from argmap.analysis import grounded_labels_for_corpus
from argmap.analysis.framework import Framework, framework_from_corpus, is_auxiliary
from argmap.analysis.semantics import (
    complete_extensions,
    credulously_accepted,
    extensions,
    grounded_extension,
    grounded_labelling,
    preferred_extensions,
    sceptically_accepted,
    some_extension,
    stable_extensions,
)
from argmap.errors import InputError
from argmap.formats.registry import load
from tests.conftest import ROOT

SEED = load(sorted((ROOT / "data").glob("*.yaml")))


def corpus_of(claims: list[str], relations: list[dict[str, Any]], map_id: str = "m") -> Corpus:
    data = {
        "id": map_id,
        "title": "test map",
        "claims": [{"id": c, "text": f"claim {c}"} for c in claims],
        "relations": relations,
    }
    return Corpus(maps=(ArgumentMap.model_validate(data),))


def attack(rid: str, a: str, b: str, **extra: Any) -> dict[str, Any]:
    return {"id": rid, "type": "attack", "from": a, "to": b, **extra}


def support(rid: str, a: str, b: str) -> dict[str, Any]:
    return {"id": rid, "type": "support", "from": a, "to": b}


# --- frameworks from maps ---------------------------------------------------------------


def test_claims_are_arguments_named_by_map_and_claim_id_and_rebuts_are_attacks() -> None:
    fw = framework_from_corpus(corpus_of(["a", "b"], [attack("r", "a", "b")]))
    assert fw.arguments == ("m:a", "m:b")
    assert fw.attacks == {("m:a", "m:b")}


def test_supports_are_not_attacks_by_default() -> None:
    fw = framework_from_corpus(corpus_of(["a", "b"], [support("s", "a", "b")]))
    assert fw.attacks == frozenset()


def test_unattacked_undercut_switches_off_the_attack_it_targets(mini_corpus: Corpus) -> None:
    # mini.yaml: quality-gap attacks erodes-advantage (r2); gap-closing undercuts r2 (r3).
    labels = grounded_labels_for_corpus(mini_corpus)
    assert labels["mini:erodes-advantage"] == "accepted"
    assert labels["mini:quality-gap"] == "accepted"
    assert labels["mini:gap-closing"] == "accepted"
    assert not any(is_auxiliary(k) for k in labels)


def test_undercut_of_a_defeated_undercutter_leaves_the_attack_standing() -> None:
    # u undercuts r (x -> y); d rebuts u's source z, so z is out and r succeeds again.
    corpus = corpus_of(
        ["x", "y", "z", "d"],
        [attack("r", "x", "y"), attack("u", "z", "r", kind="undercut"), attack("k", "d", "z")],
    )
    labels = grounded_labels_for_corpus(corpus)
    assert labels == {"m:x": "accepted", "m:y": "rejected", "m:z": "rejected", "m:d": "accepted"}


def test_undercut_by_an_undecided_claim_leaves_the_target_undecided() -> None:
    corpus = corpus_of(
        ["x", "y", "z", "w"],
        [
            attack("r", "x", "y"),
            attack("u", "z", "r", kind="undercut"),
            attack("k1", "z", "w"),
            attack("k2", "w", "z"),
        ],
    )
    labels = grounded_labels_for_corpus(corpus)
    assert labels["m:y"] == "undecided"
    fw = framework_from_corpus(corpus)
    prefs = {frozenset(a for a in e if not is_auxiliary(a)) for e in preferred_extensions(fw)}
    # z accepted: the attack on y is switched off; w accepted: z is out and r defeats y.
    assert prefs == {frozenset({"m:x", "m:z", "m:y"}), frozenset({"m:x", "m:w"})}


def test_undercut_of_an_undercut_restores_the_inner_attack() -> None:
    corpus = corpus_of(
        ["x", "y", "z", "v"],
        [
            attack("r", "x", "y"),
            attack("u", "z", "r", kind="undercut"),
            attack("uu", "v", "u", kind="undercut"),
        ],
    )
    assert grounded_labels_for_corpus(corpus)["m:y"] == "rejected"


def test_min_strength_drops_weak_attacks_and_undercuts(mini_corpus: Corpus) -> None:
    # r3 (the undercut, strength 0.5) goes; r2 (no strength = 1.0) stays and now defeats.
    labels = grounded_labels_for_corpus(mini_corpus, min_strength=0.6)
    assert labels["mini:erodes-advantage"] == "rejected"
    assert grounded_labels_for_corpus(mini_corpus, min_strength=1.0)["mini:erodes-advantage"] == (
        "rejected"
    )


def test_qualified_references_resolve_to_the_other_maps_claim_key() -> None:
    fw = framework_from_corpus(SEED)
    assert (
        "deepseek-tipping-point:r-nofees-rebuts-closed#holds",
        "deepseek-tipping-point:closed-access-strategy",
    ) in fw.attacks
    assert (
        "big-tech-open-source-ai:hybrid-retains-control",
        "deepseek-tipping-point:r-nofees-rebuts-closed#holds",
    ) in fw.attacks


def test_bipolar_adds_supported_and_secondary_attacks_only_when_asked() -> None:
    corpus = corpus_of(
        ["a", "b", "c", "d"],
        [support("s1", "a", "b"), attack("r", "b", "c"), support("s2", "c", "d")],
    )
    plain = framework_from_corpus(corpus)
    assert plain.attacks == {("m:b", "m:c")}
    bipolar = framework_from_corpus(corpus, bipolar=True)
    # a supports b attacks c: supported attack (a, c); b attacks c supports d: secondary (b, d)
    assert bipolar.attacks == {("m:b", "m:c"), ("m:a", "m:c"), ("m:b", "m:d")}
    assert grounded_labels_for_corpus(corpus)["m:d"] == "accepted"
    assert grounded_labels_for_corpus(corpus, bipolar=True)["m:d"] == "rejected"


def test_seed_maps_grounded_labels_cover_every_claim() -> None:
    labels = grounded_labels_for_corpus(SEED)
    claims = {f"{m.id}:{c.id}" for m in SEED.maps for c in m.claims}
    assert set(labels) == claims and len(claims) == 101
    assert Counter(labels.values()) == {"accepted": 87, "rejected": 12, "undecided": 2}
    assert labels["deepseek-tipping-point:proprietary-keeps-grip"] == "undecided"


def test_undercut_of_an_undercut_of_a_support_is_no_error_and_changes_nothing() -> None:
    # r undercuts a support (no effect outside bipolar mode); u undercuts r: u has r#holds to
    # hit (it used to name an argument that did not exist).
    corpus = corpus_of(
        ["a", "b", "c", "d"],
        [
            support("s", "a", "b"),
            attack("r", "c", "s", kind="undercut"),
            attack("u", "d", "r", kind="undercut"),
        ],
    )
    for bipolar in (False, True):
        labels = grounded_labels_for_corpus(corpus, bipolar=bipolar)
        assert labels == dict.fromkeys(["m:a", "m:b", "m:c", "m:d"], "accepted")
    assert framework_from_corpus(corpus).attacks == {
        ("m:c", "m:r#out"),
        ("m:r#out", "m:r#holds"),
        ("m:d", "m:r#holds"),
    }


def reference_framework(
    corpus: Corpus, min_strength: float | None = None, bipolar: bool = False
) -> Framework:
    """The module docstring's construction, spelled out on strings with no care for speed:
    the specification the fast builder is checked against."""
    claims = [f"{m.id}:{c.id}" for m in corpus.maps for c in m.claims]
    claim_set = set(claims)

    def key(map_id: str, ref: str) -> str:
        return ref if ":" in ref else f"{map_id}:{ref}"

    relations: dict[str, tuple[str, str, bool]] = {}
    for m in corpus.maps:
        for rel in m.relations:
            strength = 1.0 if rel.strength is None else rel.strength
            is_attack = rel.type == "attack"
            if is_attack and min_strength is not None and strength < min_strength:
                continue
            relations[f"{m.id}:{rel.id}"] = (
                key(m.id, rel.source),
                key(m.id, rel.target),
                is_attack,
            )
    undercutters: dict[str, list[str]] = {}
    for k, (_, target, is_attack) in relations.items():
        if is_attack and target not in claim_set and target in relations:
            undercutters.setdefault(target, []).append(k)
    arguments = list(claims)
    attacks: set[tuple[str, str]] = set()
    for k, (source, target, is_attack) in relations.items():
        if not is_attack:
            continue
        node = None
        if target in claim_set:
            node = target
        elif target in relations and relations[target][2]:
            node = target + "#holds"
        if k in undercutters:
            arguments += [k + "#out", k + "#holds"]
            attacks |= {(source, k + "#out"), (k + "#out", k + "#holds")}
            if node is not None:
                attacks.add((k + "#holds", node))
        elif node is not None:
            attacks.add((source, node))
    if bipolar:
        attacked = {b for _, b in attacks}
        supports: dict[str, set[str]] = {}
        claim_attacks = set()
        for k, (source, target, is_attack) in relations.items():
            off = any(relations[u][0] not in attacked for u in undercutters.get(k, ()))
            if target not in claim_set or off:
                continue
            if is_attack:
                claim_attacks.add((source, target))
            else:
                supports.setdefault(source, set()).add(target)

        def reach(start: str) -> set[str]:
            seen: set[str] = set()
            stack = list(supports.get(start, ()))
            while stack:
                node = stack.pop()
                if node not in seen:
                    seen.add(node)
                    stack.extend(supports.get(node, ()))
            return seen

        for a, b in claim_attacks:
            attacks |= {(x, b) for x in claims if a in reach(x)}
            attacks |= {(a, c) for c in reach(b)}
    return Framework.build(arguments, attacks)


@st.composite
def corpora(draw: st.DrawFn) -> Corpus:
    """Two maps with rebuts, supports, undercuts (of attacks, supports and undercuts, in
    cycles too), strengths and references across the maps."""
    maps: list[dict[str, Any]] = []
    for map_id in ("m", "n"):
        claims = [f"c{i}" for i in range(draw(st.integers(1, 6)))]
        count = draw(st.integers(0, 10))
        ids = [f"r{i}" for i in range(count)]
        foreign_claims = [f"m:{c['id']}" for c in maps[0]["claims"]] if maps else []
        foreign_relations = [f"m:{r['id']}" for r in maps[0]["relations"]] if maps else []
        ends = claims + foreign_claims
        relations = []
        for rid in ids:
            kind = draw(st.sampled_from(["support", "rebut", "rebut", "undercut"]))
            source = draw(st.sampled_from(ends))
            targets = (
                [r for r in ids if r != rid] + foreign_relations
                if kind == "undercut"
                else [c for c in ends if c != source]
            )
            if not targets:
                continue
            rel: dict[str, Any] = {
                "id": rid,
                "type": "support" if kind == "support" else "attack",
                "from": source,
                "to": draw(st.sampled_from(targets)),
            }
            if kind == "undercut":
                rel["kind"] = "undercut"
            strength = draw(st.sampled_from([None, 0.2, 0.5, 0.9]))
            if strength is not None:
                rel["strength"] = strength
            relations.append(rel)
        while True:  # drop undercuts of relations skipped above (and of those dropped)
            kept = {r["id"] for r in relations}
            valid = [
                r
                for r in relations
                if r.get("kind") != "undercut" or ":" in r["to"] or r["to"] in kept
            ]
            if len(valid) == len(relations):
                break
            relations = valid
        maps.append(
            {
                "id": map_id,
                "title": map_id,
                "claims": [{"id": c, "text": f"claim {c}"} for c in claims],
                "relations": relations,
            }
        )
    return Corpus(maps=tuple(ArgumentMap.model_validate(m) for m in maps))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corpora(), st.sampled_from([None, 0.5, 1.5]), st.booleans())
def test_framework_from_corpus_matches_the_reference_construction(
    corpus: Corpus, min_strength: float | None, bipolar: bool
) -> None:
    ours = framework_from_corpus(corpus, min_strength=min_strength, bipolar=bipolar)
    spec = reference_framework(corpus, min_strength=min_strength, bipolar=bipolar)
    assert ours == spec  # the same arguments in the same order, the same attacks
    assert grounded_labelling(ours) == grounded_labelling(spec)
    attackers, attacked = ours.adjacency()
    pairs = {(ours.arguments[a], ours.arguments[b]) for a, row in enumerate(attacked) for b in row}
    assert pairs == ours.attacks
    assert sum(map(len, attackers)) == len(ours.attacks)


def test_a_framework_from_a_big_corpus_keeps_few_objects_alive() -> None:
    # Every object the builder keeps (lists, tuples, dicts) is walked by each full garbage
    # collection, and on a corpus of 100,000 claims those collections cost more than the
    # build: keep them to the attacks, not a list or tuple per argument or relation.
    from argmap.formats.synth import synth_corpus

    corpus = synth_corpus(3000, actors=20, seed=3)
    gc.collect()
    before = len(gc.get_objects())
    framework = framework_from_corpus(corpus)
    gc.collect()
    kept = len(gc.get_objects()) - before
    assert len(framework.arguments) >= 3000
    assert kept < 3 * len(framework.attacks) + 100, (kept, len(framework.attacks))


@settings(max_examples=200, deadline=None)
@given(
    st.integers(0, 30).flatmap(
        lambda n: (
            st.tuples(st.just(n), st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1))))
            if n
            else st.just((0, []))
        )
    )
)
def test_framework_adjacency_lists_each_attack_once_in_attack_order(
    shape: tuple[int, list[tuple[int, int]]],
) -> None:
    n, pairs = shape
    framework = Framework.build([f"a{i}" for i in range(n)], [(f"a{a}", f"a{b}") for a, b in pairs])
    position = {a: i for i, a in enumerate(framework.arguments)}
    attackers: list[list[int]] = [[] for _ in range(n)]
    attacked: list[list[int]] = [[] for _ in range(n)]
    for a, b in framework.attacks:  # the order the adjacency has always had
        attackers[position[b]].append(position[a])
        attacked[position[a]].append(position[b])
    assert [list(row) for row in framework.adjacency()[0]] == attackers
    assert [list(row) for row in framework.adjacency()[1]] == attacked


# --- semantics on the textbook frameworks -----------------------------------------------


def fw(args: str, attacks: str) -> Framework:
    return Framework.build(args.split(), [tuple(p.split(">")) for p in attacks.split()])  # type: ignore[misc]


def test_reinstatement_chain_grounded_accepts_first_and_third() -> None:
    chain = fw("a b c", "a>b b>c")
    assert grounded_labelling(chain) == {"a": "in", "b": "out", "c": "in"}
    for sem in ("CO", "PR", "ST"):
        assert extensions(chain, sem) == [frozenset({"a", "c"})]  # type: ignore[arg-type]


def test_even_cycle_has_two_preferred_and_stable_and_empty_grounded() -> None:
    cycle = fw("a b", "a>b b>a")
    assert grounded_extension(cycle) == frozenset()
    assert set(preferred_extensions(cycle)) == {frozenset("a"), frozenset("b")}
    assert set(stable_extensions(cycle)) == {frozenset("a"), frozenset("b")}
    assert set(complete_extensions(cycle)) == {frozenset(), frozenset("a"), frozenset("b")}
    assert credulously_accepted(cycle, "a", "PR") == frozenset("a")
    assert sceptically_accepted(cycle, "a", "PR") == (False, frozenset("b"))


def test_odd_cycle_has_no_stable_extension_and_only_the_empty_preferred() -> None:
    odd = fw("a b c", "a>b b>c c>a")
    assert stable_extensions(odd) == []
    assert some_extension(odd, "ST") is None
    assert preferred_extensions(odd) == [frozenset()]
    assert credulously_accepted(odd, "a", "ST") is None
    assert sceptically_accepted(odd, "a", "ST") == (True, None)  # vacuous: no stable extension


def test_self_attacker_is_out_of_every_extension_and_its_victim_undecided() -> None:
    selfish = fw("a b", "a>a a>b")
    assert grounded_labelling(selfish) == {"a": "undec", "b": "undec"}
    assert preferred_extensions(selfish) == [frozenset()]


def test_empty_framework_has_one_empty_extension_under_every_semantics() -> None:
    empty = Framework((), frozenset())
    for sem in ("GR", "CO", "PR", "ST"):
        assert extensions(empty, sem) == [frozenset()]  # type: ignore[arg-type]


def test_grounded_labelling_of_a_long_chain_alternates() -> None:
    n = 20_001
    chain = Framework.build(
        [str(i) for i in range(n)], [(str(i), str(i + 1)) for i in range(n - 1)]
    )
    labels = grounded_labelling(chain)
    assert labels["0"] == "in" and labels["1"] == "out" and labels[str(n - 1)] == "in"
    assert Counter(labels.values()) == {"in": 10_001, "out": 10_000}


def test_unknown_query_argument_and_bad_frameworks_are_one_line_errors() -> None:
    with pytest.raises(InputError, match="unknown argument 'z'"):
        credulously_accepted(fw("a", ""), "z", "PR")
    with pytest.raises(InputError, match="names unknown argument 'q'"):
        Framework.build(["a"], [("a", "q")])
    with pytest.raises(InputError, match="listed twice"):
        Framework.build(["a", "a"], [])


# --- differential check against python-argumentation ------------------------------------


@st.composite
def frameworks(draw: st.DrawFn) -> Framework:
    n = draw(st.integers(0, 12))
    args = [f"a{i}" for i in range(n)]
    pairs = [(a, b) for a in args for b in args]
    density = draw(st.sampled_from([0.05, 0.1, 0.2, 0.35]))
    mask = draw(st.lists(st.floats(0, 1), min_size=len(pairs), max_size=len(pairs)))
    attacks = {p for p, r in zip(pairs, mask, strict=True) if r < density}
    # Make the classic shapes common: a cycle (odd or even) and a self-attack.
    if n >= 2 and draw(st.booleans()):
        length = draw(st.integers(2, n))
        attacks |= {(args[i], args[(i + 1) % length]) for i in range(length)}
    if n and draw(st.booleans()):
        attacks.add((args[0], args[0]))
    return Framework.build(args, attacks)


def peer(framework: Framework) -> AbstractArgumentationFramework:
    arguments = {a: Argument(a) for a in framework.arguments}
    defeats = [Defeat(arguments[a], arguments[b]) for a, b in sorted(framework.attacks)]
    return AbstractArgumentationFramework("peer", list(arguments.values()), defeats)


def names(found: Any) -> set[frozenset[str]]:
    return {frozenset(a.name for a in e) for e in found}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frameworks())
def test_every_semantics_agrees_with_python_argumentation(framework: Framework) -> None:
    theirs = peer(framework)
    assert grounded_extension(framework) == frozenset(
        a.name for a in get_grounded_extension(theirs)
    )
    complete = complete_extensions(framework)
    preferred = preferred_extensions(framework)
    stable = stable_extensions(framework)
    assert set(complete) == names(get_complete_extensions(theirs))
    assert set(preferred) == names(get_preferred_extensions(theirs))
    assert set(stable) == names(get_stable_extensions(theirs))
    assert len(set(complete)) == len(complete) and len(set(preferred)) == len(preferred)
    assert some_extension(framework, "PR") in preferred
    by_semantics = {"CO": complete, "PR": preferred, "ST": stable}
    for argument in framework.arguments[:4]:
        for sem, exts in by_semantics.items():
            witness = credulously_accepted(framework, argument, sem)  # type: ignore[arg-type]
            assert (witness is not None) == any(argument in e for e in exts)
            assert witness is None or (witness in exts and argument in witness)
            accepted, counter = sceptically_accepted(framework, argument, sem)  # type: ignore[arg-type]
            assert accepted == all(argument in e for e in exts)
            assert counter is None or (counter in exts and argument not in counter)


@st.composite
def mutual_frameworks(draw: st.DrawFn) -> Framework:
    """Each unordered pair attacks both ways (probability p) or not at all: every argument
    defends itself, so the preferred extensions are exactly the maximal conflict-free sets
    (and they are stable)."""
    n = draw(st.integers(0, 12))
    p = draw(st.sampled_from([0.1, 0.2, 0.35, 0.6]))
    args = [f"a{i}" for i in range(n)]
    pairs = [(a, b) for i, a in enumerate(args) for b in args[i + 1 :]]
    mask = draw(st.lists(st.floats(0, 1), min_size=len(pairs), max_size=len(pairs)))
    chosen = [pair for pair, r in zip(pairs, mask, strict=True) if r < p]
    return Framework.build(args, chosen + [(b, a) for a, b in chosen])


def maximal_conflict_free(framework: Framework) -> set[frozenset[str]]:
    """By brute force over all 2^n subsets."""
    args = framework.arguments
    free = [
        s
        for s in (
            frozenset(a for i, a in enumerate(args) if mask >> i & 1)
            for mask in range(1 << len(args))
        )
        if not any(a in s and b in s for a, b in framework.attacks)
    ]
    return {s for s in free if not any(s < t for t in free)}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutual_frameworks())
def test_preferred_on_mutual_frameworks_are_the_maximal_conflict_free_sets(
    framework: Framework,
) -> None:
    expected = maximal_conflict_free(framework)
    preferred = preferred_extensions(framework)
    assert len(preferred) == len(expected) and set(preferred) == expected
    assert set(stable_extensions(framework)) == expected
    assert some_extension(framework, "PR") in expected
    for argument in framework.arguments[:3]:
        witness = credulously_accepted(framework, argument, "PR")
        assert witness in expected and argument in witness  # every argument is in one
        accepted, counter = sceptically_accepted(framework, argument, "PR")
        assert accepted == all(argument in e for e in expected)
        assert counter is None or (counter in expected and argument not in counter)
