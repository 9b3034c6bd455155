"""Structured semantics: arguments with linked premises, undermines, undercuts of arguments,
rephrased claims as one position, contrary (one-way) and contradictory (both ways); the
textbook cases through the public API and ``argmap analyze``, and a brute-force oracle,
written from the definitions on the maps themselves, on random small maps."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from argmap import ArgumentMap, Corpus
from argmap.analysis.framework import framework_from_corpus, is_auxiliary, structured_framework
from argmap.analysis.semantics import (
    grounded_labelling,
    grounded_labels_for_corpus,
    grounded_statuses_for_corpus,
    labellings_for_corpus,
    preferred_extensions,
)
from argmap.cli import app
from argmap.formats.registry import load
from tests.conftest import ROOT

runner = CliRunner()


def map_data(
    claims: Iterable[str],
    arguments: Iterable[dict[str, Any]] = (),
    relations: Iterable[dict[str, Any]] = (),
    map_id: str = "m",
) -> dict[str, Any]:
    return {
        "argmap": 1,
        "id": map_id,
        "title": f"map {map_id}",
        "claims": [{"id": c, "text": f"claim {c}"} for c in claims],
        "arguments": list(arguments),
        "relations": list(relations),
    }


def corpus_of(*maps: dict[str, Any]) -> Corpus:
    return Corpus(maps=tuple(ArgumentMap.model_validate(m) for m in maps))


def argument(aid: str, premises: list[str], conclusion: str) -> dict[str, Any]:
    return {"id": aid, "premises": premises, "conclusion": conclusion}


def rel(rid: str, kind: str, a: str, b: str, **extra: Any) -> dict[str, Any]:
    """A relation: ``kind`` is support, contrary, contradictory, rephrase or an attack kind."""
    if kind in ("rebut", "undermine", "undercut"):
        return {"id": rid, "type": "attack", "kind": kind, "from": a, "to": b, **extra}
    return {"id": rid, "type": kind, "from": a, "to": b, **extra}


def grounded(corpus: Corpus, **options: Any) -> tuple[dict[str, str], dict[str, str]]:
    claims, arguments = grounded_statuses_for_corpus(corpus, **options)
    return claims, arguments


# --- textbook cases ----------------------------------------------------------------------

LINKED = map_data(
    ["p1", "p2", "c", "x"],
    [argument("a", ["p1", "p2"], "c")],
    [rel("u", "undermine", "x", "p1")],
)


def test_an_undermined_linked_argument_falls_and_its_conclusion_stands() -> None:
    claims, arguments = grounded(corpus_of(LINKED))
    assert arguments == {"m:a": "rejected"}  # a linked argument needs all its premises
    assert claims == {"m:p1": "rejected", "m:p2": "accepted", "m:c": "accepted", "m:x": "accepted"}


def test_bipolar_mode_carries_the_undermine_to_the_conclusion() -> None:
    # x attacks p1 and p1 supports c (as a premise of a): a secondary attack on c.
    claims, arguments = grounded(corpus_of(LINKED), bipolar=True)
    assert claims["m:c"] == "rejected" and arguments == {"m:a": "rejected"}
    assert claims["m:p2"] == "accepted"


def test_bipolar_mode_takes_no_support_from_a_surely_undercut_argument() -> None:
    cut = map_data(
        ["p", "c", "x", "z"],
        [argument("a", ["p"], "c")],
        [rel("u", "undermine", "x", "p"), rel("k", "undercut", "z", "a")],
    )
    claims, arguments = grounded(corpus_of(cut), bipolar=True)
    assert claims["m:c"] == "accepted" and arguments == {"m:a": "rejected"}
    uncut = {**cut, "relations": cut["relations"][:1]}
    assert grounded(corpus_of(uncut), bipolar=True)[0]["m:c"] == "rejected"


def test_a_convergent_argument_with_one_attacked_premise_stands() -> None:
    corpus = corpus_of(
        map_data(
            ["p1", "p2", "c", "x"],
            [argument("a1", ["p1"], "c")],
            [rel("s2", "support", "p2", "c"), rel("u", "undermine", "x", "p1")],
        )
    )
    claims, arguments = grounded(corpus)
    assert arguments == {"m:a1": "rejected", "m:s2": "accepted"}
    assert claims["m:c"] == "accepted" and claims["m:p1"] == "rejected"


def test_an_undercut_argument_is_out_and_an_undercut_of_the_undercut_restores_it() -> None:
    claims = ["p", "c", "z", "w"]
    cut = [rel("u", "undercut", "z", "a")]
    corpus = corpus_of(map_data(claims, [argument("a", ["p"], "c")], cut))
    labels, arguments = grounded(corpus)
    assert arguments == {"m:a": "rejected"}
    assert set(labels.values()) == {"accepted"}  # an undercut hits the inference, no claim
    restored = corpus_of(
        map_data(claims, [argument("a", ["p"], "c")], [*cut, rel("uu", "undercut", "w", "u")])
    )
    assert grounded(restored)[1] == {"m:a": "accepted"}


def test_an_undercut_of_a_support_is_an_undercut_of_that_one_premise_argument() -> None:
    corpus = corpus_of(
        map_data(
            ["p", "c", "z"], [], [rel("s", "support", "p", "c"), rel("u", "undercut", "z", "s")]
        )
    )
    claims, arguments = grounded(corpus)
    assert arguments == {"m:s": "rejected"} and set(claims.values()) == {"accepted"}


def test_a_rebut_of_an_argument_attacks_its_conclusion() -> None:
    corpus = corpus_of(
        map_data(["p", "c", "x"], [argument("a", ["p"], "c")], [rel("r", "rebut", "x", "a")])
    )
    claims, arguments = grounded(corpus)
    assert claims == {"m:p": "accepted", "m:c": "rejected", "m:x": "accepted"}
    assert arguments == {"m:a": "rejected"}


def test_rephrased_claims_share_one_status_and_an_attack_on_one_hits_the_other() -> None:
    corpus = corpus_of(
        map_data(
            ["a", "b", "x", "y"],
            [],
            [
                rel("k", "rephrase", "b", "a"),
                rel("r", "rebut", "x", "b"),
                rel("r2", "rebut", "a", "y"),
            ],
        )
    )
    claims, _ = grounded(corpus)
    assert claims == {"m:a": "rejected", "m:b": "rejected", "m:x": "accepted", "m:y": "accepted"}
    # Without x, the position stands, and its attack (made by a) defeats y; b says the same.
    alone = corpus_of(
        map_data(["a", "b", "y"], [], [rel("k", "rephrase", "a", "b"), rel("r", "rebut", "b", "y")])
    )
    assert grounded(alone)[0] == {"m:a": "accepted", "m:b": "accepted", "m:y": "rejected"}


def test_rephrases_join_positions_across_maps() -> None:
    first = map_data(["a", "x"], [], [rel("r", "rebut", "x", "a")], map_id="one")
    second = map_data(
        ["b", "c"], [argument("g", ["b"], "c")], [rel("k", "rephrase", "b", "one:a")], "two"
    )
    claims, arguments = grounded(corpus_of(first, second))
    assert claims["one:a"] == claims["two:b"] == "rejected"
    assert claims["two:c"] == "accepted"
    assert arguments == {"two:g": "rejected"}  # its premise's position is attacked


def test_contrary_is_one_way_and_contradictory_both_ways() -> None:
    contrary = corpus_of(map_data(["a", "b"], [], [rel("k", "contrary", "a", "b")]))
    assert grounded(contrary)[0] == {"m:a": "accepted", "m:b": "rejected"}
    contradictory = corpus_of(map_data(["a", "b"], [], [rel("k", "contradictory", "a", "b")]))
    assert grounded(contradictory)[0] == {"m:a": "undecided", "m:b": "undecided"}
    preferred = labellings_for_corpus(contradictory, "PR")
    assert sorted(tuple(p.claims.values()) for p in preferred) == [("in", "out"), ("out", "in")]
    assert len(labellings_for_corpus(contradictory, "ST")) == 2


def test_min_strength_drops_weak_contraries_and_undermines() -> None:
    corpus = corpus_of(
        map_data(
            ["p", "c", "x", "y"],
            [argument("a", ["p"], "c")],
            [
                rel("k", "contrary", "x", "c", strength=0.3),
                rel("u", "undermine", "y", "p", strength=0.4),
            ],
        )
    )
    assert grounded(corpus)[1] == {"m:a": "rejected"}
    claims, arguments = grounded(corpus, min_strength=0.5)
    assert arguments == {"m:a": "accepted"} and set(claims.values()) == {"accepted"}


def test_an_undercut_of_a_contradictory_switches_off_both_directions() -> None:
    corpus = corpus_of(
        map_data(
            ["a", "b", "z"],
            [],
            [rel("k", "contradictory", "a", "b"), rel("u", "undercut", "z", "k")],
        )
    )
    assert grounded(corpus)[0] == {"m:a": "accepted", "m:b": "accepted", "m:z": "accepted"}
    names = framework_from_corpus(corpus).arguments
    assert {"m:k#holds", "m:k#holds-back"} <= set(names)


def test_the_whole_framework_with_argument_nodes_gives_the_same_labels() -> None:
    corpus = corpus_of(LINKED)
    whole = framework_from_corpus(corpus, arguments=True)
    assert whole.arguments == ("m:p1", "m:p2", "m:c", "m:x", "m:a")
    assert whole.attacks == {("m:x", "m:p1"), ("m:x", "m:a")}
    assert grounded_labelling(whole)["m:a"] == "out"
    # The framework the semantics solve has no argument nodes: they attack nothing.
    assert framework_from_corpus(corpus).arguments == ("m:p1", "m:p2", "m:c", "m:x")


def test_old_maps_supports_are_one_premise_arguments_and_claims_keep_their_statuses() -> None:
    seed = load(sorted((ROOT / "data").glob("*.yaml")))
    claims, arguments = grounded_statuses_for_corpus(seed)
    assert claims == grounded_labels_for_corpus(seed)
    inferences = {f"{m.id}:{a.id}" for m in seed.maps for a in m.inferences}
    supports = {f"{m.id}:{r.id}" for m in seed.maps for r in m.relations if r.type == "support"}
    assert set(arguments) == inferences and supports <= inferences
    # An accepted argument has accepted premises and conclusion (a rejected one need not).
    for m in seed.maps:
        for a in m.inferences:
            if arguments[f"{m.id}:{a.id}"] == "accepted":
                ends = [*a.premises, a.conclusion]
                assert all(claims[p if ":" in p else f"{m.id}:{p}"] == "accepted" for p in ends)


# --- argmap analyze ----------------------------------------------------------------------


def test_analyze_reports_argument_statuses_beside_the_claims(tmp_path: Path) -> None:
    path = tmp_path / "linked.json"
    data = map_data(
        ["p1", "p2", "c", "x", "q"],
        [argument("a", ["p1", "p2"], "c"), {**argument("b", ["q"], "c"), "scheme": "example"}],
        [rel("u", "undermine", "x", "p1")],
    )
    path.write_text(json.dumps(data), encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["counts"] == {"accepted": 4, "rejected": 1, "undecided": 0}
    section = report["arguments"]
    assert section["counts"] == {"accepted": 1, "rejected": 1, "undecided": 0}
    assert section["status"]["rejected"] == [
        {"argument": "m:a", "premises": ["m:p1", "m:p2"], "conclusion": "m:c", "scheme": None}
    ]
    assert section["status"]["accepted"][0]["scheme"] == "example"
    markdown = runner.invoke(app, ["analyze", str(path), "--format", "markdown"]).stdout
    assert "## Arguments" in markdown and "`m:a` m:p1 \\+ m:p2 → m:c" in markdown
    assert "undecided = undec: neither" in markdown
    table = runner.invoke(app, ["analyze", str(path)]).stdout
    assert "Arguments: 1 accepted, 1 rejected, 0 undecided" in table
    assert "Rejected arguments (1)" in table
    help_text = runner.invoke(app, ["analyze", "--help"]).stdout
    assert '"in"' in help_text and '"out"' in help_text and '"undec"' in help_text


# --- the oracle --------------------------------------------------------------------------

Label = int  # 1 in, -1 out, 0 undec, as the definitions below use them
NAMES = {1: "in", -1: "out", 0: "undec"}


def rule(attacks: Iterable[Label]) -> Label:
    """The complete-labelling condition: in when every attack on it fails (is out), out
    when one succeeds (is in), undec otherwise."""
    values = list(attacks)
    if any(v == 1 for v in values):
        return -1
    return 1 if all(v == -1 for v in values) else 0


def oracle(
    corpus: Corpus, min_strength: float | None, bipolar: bool
) -> dict[str, set[tuple[tuple[str, ...], tuple[str, ...]]]]:
    """The grounded, preferred and stable labellings of claims and arguments, by brute force
    from the structured map: every assignment of labels to positions and to the success of
    each undercut conflict is checked against the definitions."""
    claims = [f"{m.id}:{c.id}" for m in corpus.maps for c in m.claims]

    def key(map_id: str, ref: str) -> str:
        return ref if ":" in ref else f"{map_id}:{ref}"

    inferences: dict[str, tuple[list[str], str]] = {}
    relations: dict[str, tuple[str, str, str]] = {}  # key -> (type or kind, from, to)
    for m in corpus.maps:
        for entry in m.arguments:
            inferences[key(m.id, entry.id)] = (
                [key(m.id, p) for p in entry.premises],
                key(m.id, entry.conclusion),
            )
        for r in m.relations:
            k, src, dst = key(m.id, r.id), key(m.id, r.source), key(m.id, r.target)
            if r.type == "support":
                inferences[k] = ([src], dst)
                continue
            conflict = r.type != "rephrase"
            strength = 1.0 if r.strength is None else r.strength
            if conflict and min_strength is not None and strength < min_strength:
                continue
            relations[k] = (r.kind.value if r.kind else r.type.value, src, dst)

    # Positions: connected components of the rephrase graph.
    neighbours: dict[str, set[str]] = {c: set() for c in claims}
    for kind, src, dst in relations.values():
        if kind == "rephrase":
            neighbours[src].add(dst)
            neighbours[dst].add(src)
    position: dict[str, int] = {}
    for c in claims:
        if c not in position:
            stack, number = [c], len(set(position.values()))
            while stack:
                x = stack.pop()
                if x not in position:
                    position[x] = number
                    stack.extend(neighbours[x])
    count = len(set(position.values()))

    # Conflicts: (name, relation key, source position, target) with target ("pos", p),
    # ("arg", argument key) or ("rel", relation key); a contradictory is two.
    conflicts: list[tuple[str, str, int, tuple[str, Any]]] = []
    for k, (kind, src, dst) in relations.items():
        if kind in ("rebut", "undermine", "contrary"):
            hit = dst if dst in position else inferences[dst][1]
            conflicts.append((k, k, position[src], ("pos", position[hit])))
        elif kind == "contradictory":
            conflicts.append((k, k, position[src], ("pos", position[dst])))
            conflicts.append((k + "/back", k, position[dst], ("pos", position[src])))
        elif kind == "undercut":
            if dst in inferences:
                conflicts.append((k, k, position[src], ("arg", dst)))
            elif dst in relations and relations[dst][0] != "rephrase":
                conflicts.append((k, k, position[src], ("rel", dst)))
    cutters = {
        c[0]: [u for u in conflicts if u[3] == ("rel", c[1])] for c in conflicts
    }  # the undercuts of each conflict
    arg_cutters = {a: [u for u in conflicts if u[3] == ("arg", a)] for a in inferences}

    on_position: dict[int, list[tuple[str, int]]] = {p: [] for p in range(count)}
    for name, _, origin, target in conflicts:
        if target[0] == "pos":
            on_position[target[1]].append((name, origin))
    if bipolar:
        attacked = {p for p, hits in on_position.items() if hits}

        def surely_cut(undercuts: list[Any]) -> bool:
            return any(u[2] not in attacked for u in undercuts)

        supports = {
            (position[p], position[c])
            for inference, (premises, c) in inferences.items()
            if not surely_cut(arg_cutters[inference])
            for p in premises
        }

        def closure(start: int, forward: bool) -> set[int]:
            seen: set[int] = set()
            frontier = {start}
            while frontier:
                step = {
                    to if forward else at
                    for at, to in supports
                    if (at if forward else to) in frontier
                }
                frontier = step - seen
                seen |= step
            return seen

        plain = [
            (origin, target[1])
            for name, _, origin, target in conflicts
            if target[0] == "pos" and not surely_cut(cutters[name])
        ]
        for attacker, attacked_position in plain:
            for supporter in closure(attacker, forward=False):  # supported attacks
                on_position[attacked_position].append(("derived", supporter))
            for y in closure(attacked_position, forward=True):  # secondary attacks
                on_position[y].append(("derived", attacker))

    undercut = [c[0] for c in conflicts if cutters[c[0]]]  # their success is a variable
    source = {c[0]: c[2] for c in conflicts}

    complete: list[tuple[tuple[int, ...], dict[str, int], dict[str, int]]] = []
    for labels in itertools.product((1, -1, 0), repeat=count):
        for chosen in itertools.product((1, -1, 0), repeat=len(undercut)):
            success = {name: labels[source[name]] for name in source}
            success.update(zip(undercut, chosen, strict=True))
            success["derived"] = 0  # (never read: derived attacks use their source)

            def succeeds(
                name: str, src: int, labels: tuple[int, ...] = labels, success: Any = success
            ) -> int:
                return labels[src] if name == "derived" else int(success[name])

            if any(
                success[name]
                != min([labels[source[name]], *(-success[u[0]] for u in cutters[name])])
                for name in undercut
            ):
                continue
            if any(
                labels[p] != rule(succeeds(n, s) for n, s in on_position[p]) for p in range(count)
            ):
                continue
            args: dict[str, int] = {}
            for inference, (premises, c) in inferences.items():
                ends = {position[c], *(position[p] for p in premises)}
                hits = [succeeds(n, s) for p in ends for n, s in on_position[p]]
                hits += [success[u[0]] for u in arg_cutters[inference]]
                args[inference] = rule(hits)
            complete.append((labels, {n: success[n] for n in undercut}, args))

    def in_set(item: tuple[tuple[int, ...], dict[str, int], dict[str, int]]) -> frozenset[str]:
        labels, success, args = item
        return frozenset(
            [f"p{p}" for p in range(count) if labels[p] == 1]
            + [n for n, v in success.items() if v == 1]
            + [a for a, v in args.items() if v == 1]
        )

    def shown(items: list[Any]) -> set[tuple[tuple[str, ...], tuple[str, ...]]]:
        return {
            (
                tuple(NAMES[labels[position[c]]] for c in claims),
                tuple(NAMES[args[a]] for a in inferences),
            )
            for labels, _, args in items
        }

    sets = [in_set(item) for item in complete]
    least = [item for item, s in zip(complete, sets, strict=True) if all(s <= t for t in sets)]
    assert len(shown(least)) == 1  # the grounded labelling: the least complete one
    preferred = [
        item for item, s in zip(complete, sets, strict=True) if not any(s < t for t in sets)
    ]
    stable = [
        (labels, success, args)
        for labels, success, args in complete
        if 0 not in labels and 0 not in success.values() and 0 not in args.values()
    ]
    return {"GR": shown(least), "PR": shown(preferred), "ST": shown(stable)}


@st.composite
def structured_corpora(draw: st.DrawFn) -> Corpus:
    """One or two small maps (at most 7 claims in all) with linked arguments, supports,
    rebuts (of claims and of arguments), undermines, undercuts (of arguments, supports,
    conflicts and undercuts), contraries, contradictories and rephrases, with strengths; the
    second map refers to the first."""
    maps: list[dict[str, Any]] = []
    foreign_claims: list[str] = []
    foreign_inferences: list[str] = []
    foreign_relations: list[str] = []
    for map_id, size in (("m", draw(st.integers(2, 4))), ("n", draw(st.integers(0, 3)))):
        if not size:
            break
        claims = [f"{map_id}c{i}" for i in range(size)]
        ends = claims + foreign_claims
        arguments = []
        for i in range(draw(st.integers(0, 2))):
            conclusion = draw(st.sampled_from(claims))
            others = [c for c in ends if c != conclusion]
            premises = draw(st.lists(st.sampled_from(others), min_size=1, max_size=3, unique=True))
            arguments.append(argument(f"{map_id}a{i}", premises, conclusion))
        relations: list[dict[str, Any]] = []
        local_premises = {p for a in arguments for p in a["premises"] if ":" not in p}
        inferences = [a["id"] for a in arguments]
        kinds = [
            "support",
            "rebut",
            "undermine",
            "undercut",
            "contrary",
            "contradictory",
            "rephrase",
        ]
        for i in range(draw(st.integers(0, 6))):
            rid = f"{map_id}r{i}"
            kind = draw(st.sampled_from(kinds))
            origin = draw(st.sampled_from(ends))
            if kind == "undercut":
                conflicts = [r["id"] for r in relations if r["type"] != "support"]
                targets = inferences + conflicts * 2  # undercuts of conflicts are the rarer
                targets += foreign_inferences + foreign_relations
            elif kind == "rebut":
                targets = [c for c in ends if c != origin] + inferences + foreign_inferences
            elif kind == "undermine":
                targets = [c for c in sorted(local_premises) + foreign_claims if c != origin]
            else:
                targets = [c for c in ends if c != origin]
            if not targets:
                continue
            relation = rel(rid, kind, origin, draw(st.sampled_from(targets)))
            if kind not in ("support", "rephrase"):
                strength = draw(st.sampled_from([None, None, 0.3, 0.8]))
                if strength is not None:
                    relation["strength"] = strength
            relations.append(relation)
            if kind == "support":
                inferences.append(rid)
                if ":" not in origin:
                    local_premises.add(origin)
        maps.append(map_data(claims, arguments, relations, map_id=map_id))
        foreign_claims = [f"{map_id}:{c}" for c in claims]
        foreign_inferences = [f"{map_id}:{a}" for a in inferences]
        foreign_relations = [f"{map_id}:{r['id']}" for r in relations if r["type"] != "support"]
    return corpus_of(*maps)


def ours(
    corpus: Corpus, semantics: str, min_strength: float | None, bipolar: bool
) -> set[tuple[tuple[str, ...], tuple[str, ...]]]:
    found = labellings_for_corpus(
        corpus,
        semantics,  # type: ignore[arg-type]
        min_strength=min_strength,
        bipolar=bipolar,
    )
    return {(tuple(f.claims.values()), tuple(f.arguments.values())) for f in found}


@settings(
    max_examples=250,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(structured_corpora(), st.sampled_from([None, 0.5]), st.booleans())
def test_grounded_preferred_and_stable_agree_with_the_brute_force_oracle(
    corpus: Corpus, min_strength: float | None, bipolar: bool
) -> None:
    structure = structured_framework(corpus, min_strength=min_strength, bipolar=bipolar)
    positions = sum(1 for a in structure.framework.arguments if not is_auxiliary(a))
    undercut = sum(1 for a in structure.framework.arguments if "#holds" in a)
    assume(positions + undercut <= 9)  # keeps the brute force (3^variables) quick
    expected = oracle(corpus, min_strength, bipolar)
    for semantics in ("GR", "PR", "ST"):
        assert ours(corpus, semantics, min_strength, bipolar) == expected[semantics], semantics
    # The fast paths and the whole framework (argument nodes included) say the same.
    claims, arguments = grounded_statuses_for_corpus(
        corpus, min_strength=min_strength, bipolar=bipolar
    )
    ((claim_labels, argument_labels),) = expected["GR"]
    status = {"in": "accepted", "out": "rejected", "undec": "undecided"}
    assert tuple(claims.values()) == tuple(status[v] for v in claim_labels)
    assert tuple(arguments.values()) == tuple(status[v] for v in argument_labels)
    assert grounded_labels_for_corpus(corpus, min_strength=min_strength, bipolar=bipolar) == claims
    whole = framework_from_corpus(
        corpus, min_strength=min_strength, bipolar=bipolar, arguments=True
    )
    labels = grounded_labelling(whole)
    assert tuple(labels[a] for a in arguments) == argument_labels
    preferred = {
        tuple(
            "in" if a in e else "out" if any((b, a) in whole.attacks for b in e) else "undec"
            for a in arguments
        )
        for e in preferred_extensions(whole)
    }
    assert preferred == {args for _, args in expected["PR"]}
