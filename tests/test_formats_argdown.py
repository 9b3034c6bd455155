"""Argdown both ways, checked against the official Argdown CLI (npm @argdown/cli 1.7.5):
our parser finds the statements and relations the CLI finds (differential test on the
primer and on examples written here), and the CLI reads our exports with the statements and
support/attack relations of the map."""

from __future__ import annotations

import json
import re
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from argmap import ArgumentMap, Corpus, InputError, load_map
from argmap.formats import argdown
from argmap.formats.registry import export, import_file, load
from argmap.model.entities import AttackKind, RelationType
from argmap.model.ids import split_ref
from argmap.util.limits import Limits, applied
from tests.conftest import DATA, ROOT, TESTS
from tests.strategies import argument_maps

PRIMER = DATA / "corpora" / "argdown-primer.argdown"
ARGUMENTS = DATA / "arguments.yaml"  # linked arguments, schemes, conflicts, rephrases
SEED_FILES = sorted((ROOT / "data").glob("*.yaml"))
ARGDOWN_CLI = TESTS / "js" / "node_modules" / ".bin" / "argdown"

# Examples written for these tests: every relation symbol, premise-conclusion structures with
# intermediate conclusions and inference data, front matter, data blocks, headings, tags.
EXAMPLES = {
    "every-relation": """===
title: Every relation
author: argmap tests
===

# Section A

[S1]: Statement one. #(tag one)
  + [S2]: Statement two.
  - [S3]: Statement three. {certainty: 0.5}
  >< [S4]: Statement four.
  _ [S5]: Statement five undercuts a statement.
  <+ [S6]: Six.
  <- [S7]: Seven.
  +> [S8]: Eight.
  -> [S9]: Nine.
  _> [S10]: Ten.
  <_ [S11]: Eleven.

## Sub

<A1>: Argument one.
  - <A2>: Argument two.
  _ <A3>: Argument three.
  _ [S12]: Twelve.
  + [S13]: Thirteen.

<A1>

(1) [P1]: Premise one.
(2) Premise two.
----
(3) Intermediate.
(4) Premise four.
-- Modus ponens {uses: [3,4]} --
(5) [C]: Conclusion.
  -> [S1]

[S14]: Fourteen
  - <A1>
  + <A5>: five

<A5>

(1) p
(2) q
----
(3) r
""",
    "paragraphs-and-pcs": """Just text first, with **bold**, _italic_ and a [link](https://example.org/a//b).

(1) Orphan premise
(2) [Q]: Other premise
----
(3) Orphan conclusion

[R]: Root // a comment to the end of the line
  + [U]: indented child
  + second child
    that goes on
    - grandchild <!-- a comment -->

[R]
  - [V]: from a second place

<B>: Arg B {x: 1}
  + [W]: support of B

<B>

(1) [W]
(2) b two
-- rule a, rule b --
(3) [R]
""",
    "escapes-and-shortcodes": """# Logic :heart:

[T1]: E.g. this, i.e. fine, 3.5 million, a.b.c, :heart: and .->. here.
  - [T2]: snake\\_case and 2\\*3 and **bold** and *it* and __b__ and _i_ end.
    + [T3]: C\\# rocks, 50% off, mail a\\@b.c, #tag1 #(two words), \\[escaped\\] \\* star.

[T4]: Parens (x) and dash - and slash / and colon: here; semi.
  >< [T5]: Line one
    line two   with   spaces
""",
}


def run_argdown_cli(files: dict[str, str], folder: Path) -> dict[str, dict[str, Any]]:
    """Parse Argdown sources with the official CLI; its JSON export per file."""
    source = folder / "in"
    out = folder / "out"
    source.mkdir()
    for name, text in files.items():
        (source / f"{name}.argdown").write_text(text, encoding="utf-8")
    result = subprocess.run(
        [str(ARGDOWN_CLI), "json", f"{source}/*.argdown", str(out)],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    parsed = {}
    for name in files:
        json_file = out / f"{name}.json"
        assert json_file.exists(), f"argdown could not parse {name}: {result.stdout}{result.stderr}"
        parsed[name] = json.loads(json_file.read_text("utf-8"))
    return parsed


def norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


Node = tuple[str, str]  # ("statement" | "argument", Argdown title)


def expected_from_cli(data: dict[str, Any]) -> tuple[dict[Node, str], set[tuple[Node, str, Node]]]:
    """What the CLI found, in the terms of the mapping docs/formats.md describes: statements
    and arguments with their texts, and support / attack / undercut relations."""
    texts: dict[Node, str] = {}
    for kind, collection in (("statement", "statements"), ("argument", "arguments")):
        for title, item in data[collection].items():
            found = [norm(m.get("text")) for m in item["members"] if norm(m.get("text"))]
            texts[(kind, title)] = found[0] if found else title
    kinds = {"equivalence-class": "statement", "argument": "argument", "inference": "argument"}
    relations: set[tuple[Node, str, Node]] = set()
    for r in data["relations"]:
        source, target = (kinds[r["fromType"]], r["from"]), (kinds[r["toType"]], r["to"])
        if r["relationType"] in ("support", "attack"):
            relations.add((source, r["relationType"], target))
        elif r["relationType"] == "contradictory":
            relations |= {(source, "attack", target), (target, "attack", source)}
        elif r["toType"] == "inference":
            relations.add((source, "undercut", target))
        else:  # an undercut of a statement or of an argument without reconstruction
            relations.add((source, "attack", target))
    for title, argument in data["arguments"].items():
        pcs = argument.get("pcs") or []
        if not pcs:
            continue
        relations.add((("argument", title), "support", ("statement", pcs[-1]["title"])))
        for index, statement in enumerate(pcs):
            if not statement["role"].endswith("conclusion"):
                continue
            uses = ((statement.get("inference") or {}).get("data") or {}).get("uses")
            if uses:
                premises = [pcs[u - 1] for u in uses]
            else:  # every statement since the previous conclusion, and that conclusion
                premises = []
                for earlier in reversed(pcs[:index]):
                    premises.insert(0, earlier)
                    if earlier["role"].endswith("conclusion"):
                        break
            for premise in premises:
                relations.add(
                    (("statement", premise["title"]), "support", ("statement", statement["title"]))
                )
    return texts, relations


def found_by_us(m: ArgumentMap) -> tuple[dict[Node, str], set[tuple[Node, str, Node]]]:
    """The same, read from our imported map (each claim's note names its Argdown element)."""
    names: dict[str, Node] = {}
    for claim in m.claims:
        match = re.match(r"Argdown (?:\[(.*?)\]|<(.*?)>)(?:;|$)", claim.note or "")
        assert match, claim
        names[claim.id] = (
            ("statement", match[1]) if match[1] is not None else ("argument", match[2])
        )
    inference_of = {
        r.id: names[r.source]
        for r in m.relations
        if r.type is RelationType.SUPPORT and names[r.source][0] == "argument"
    }
    relations = set()
    for r in m.relations:
        if r.kind is AttackKind.UNDERCUT:
            relations.add((names[r.source], "undercut", inference_of[r.target]))
        else:
            relations.add((names[r.source], r.type.value, names[r.target]))
    return {names[c.id]: c.text for c in m.claims}, relations


@pytest.fixture(scope="module")
def cli_results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """One CLI run (it takes a second to start) over every file the tests compare."""
    files = {**EXAMPLES, "primer": PRIMER.read_text("utf-8")}
    seed = load(SEED_FILES)
    files["seed-export"] = argdown.to_argdown(seed)
    files["mini-export"] = argdown.to_argdown(load([DATA / "mini.yaml"]))
    files["tricky-export"] = argdown.to_argdown(Corpus(maps=(tricky_map(),)))
    files["arguments-export"] = argdown.to_argdown(load([ARGUMENTS]))
    return run_argdown_cli(files, tmp_path_factory.mktemp("argdown"))


# ---- differential: our parser vs the official CLI ------------------------------------------------


@pytest.mark.parametrize("name", ["primer", *EXAMPLES])
def test_our_parser_finds_the_statements_and_relations_the_official_cli_finds(
    name: str, cli_results: dict[str, dict[str, Any]]
) -> None:
    text = PRIMER.read_text("utf-8") if name == "primer" else EXAMPLES[name]
    ours = found_by_us(argdown.loads(text, f"{name}.argdown", name))
    assert ours == expected_from_cli(cli_results[name])


def test_primer_imports_with_the_expected_counts() -> None:
    m = import_file(PRIMER)
    assert m.title == "❤ Welcome to Argdown! ❤"  # the first heading, shortcodes resolved
    assert sum(c.note.startswith("Argdown [") for c in m.claims if c.note) == 17
    assert sum(c.note.startswith("Argdown <") for c in m.claims if c.note) == 4
    types = [(r.type.value, r.kind and r.kind.value) for r in m.relations]
    # 10 relations of the map + 2 premises of <Argument 1> + <Argument 1> to its conclusion
    assert len(types) == 13
    assert types.count(("support", None)) == 8 and types.count(("attack", "rebut")) == 5
    statement_2 = m.claim("statement-2")
    assert statement_2.text == "Let's do that now: The previous statement was @[Statement 1]."
    assert statement_2.note is not None and "also stated as: We have already" in statement_2.note
    inference = m.relations_by_id["r1"]
    assert inference.warrant == "Some inference rule: p ∧ (p → q) → q"
    assert {t.label for t in m.topics} >= {"Argdown Basics", "tag", "Another tag"}
    basics = next(t for t in m.topics if t.label == "Argument reconstructions")
    assert basics.broader == ("argdown-basics",)


def test_undercuts_and_contradictions_are_attacks_never_supports() -> None:
    m = argdown.loads(EXAMPLES["every-relation"], "x.argdown", "x")
    by_title = {c.note.split(";")[0].removeprefix("Argdown "): c.id for c in m.claims if c.note}

    def relations_from(title: str) -> list[tuple[str, str | None, str]]:
        return [
            (r.type.value, r.kind and r.kind.value, r.target)
            for r in m.relations
            if r.source == by_title[title]
        ]

    # [S5] undercuts a statement: no inference there, so an attack (rebut)
    assert relations_from("[S5]") == [("attack", "rebut", by_title["[S1]"])]
    # >< is one attack each way
    assert ("attack", "rebut", by_title["[S4]"]) in relations_from("[S1]")
    assert relations_from("[S4]") == [("attack", "rebut", by_title["[S1]"])]
    # <A3> undercuts <A1>, which is reconstructed: an undercut of <A1>'s inference
    (undercut,) = relations_from("<A3>")
    assert undercut[:2] == ("attack", "undercut")
    inference = m.relations_by_id[undercut[2]]
    assert (inference.source, inference.target) == (by_title["<A1>"], by_title["[C]"])
    assert inference.warrant == "Modus ponens"
    assert all(r.type is RelationType.ATTACK for r in m.relations if r.kind is not None)


def test_data_blocks_and_front_matter_are_kept_as_metadata() -> None:
    m = argdown.loads(EXAMPLES["every-relation"], "x.argdown", "x")
    assert m.title == "Every relation"
    assert m.description is not None
    assert 'Front matter: {"title": "Every relation", "author": "argmap tests"}' in m.description
    s3 = next(c for c in m.claims if c.note and c.note.startswith("Argdown [S3]"))
    assert s3.text == "Statement three."
    assert s3.note == "Argdown [S3]; data: {certainty: 0.5}"


# ---- our export, read by the official CLI --------------------------------------------------------


def written_as_arguments(m: ArgumentMap) -> set[str]:
    """Relations the export writes as arguments: those an undercut or a rebut attacks."""
    return {
        split_ref(r.target)[1]
        for r in m.relations
        if r.kind in (AttackKind.UNDERCUT, AttackKind.REBUT)
        and split_ref(r.target)[1] in m.relations_by_id
    }


def statement_titles(m: ArgumentMap, title: Any) -> dict[str, str]:
    """Claim id -> the title of the Argdown statement it is written in. A claim that restates
    another (a rephrase no undercut attacks) is a member of that statement (an equivalence
    class): the class is named by its first claim that restates nothing."""
    attacked = written_as_arguments(m)
    parent = {c.id: c.id for c in m.claims}

    def root(claim: str) -> str:
        while parent[claim] != claim:
            claim = parent[claim]
        return claim

    restating = set()
    for r in m.relations:
        if r.type is RelationType.REPHRASE and r.id not in attacked:
            restating.add(r.source)
            parent[root(r.source)] = root(r.target)
    order = [c.id for c in m.claims]
    heads = {}
    for claim in order:
        members = [c for c in order if root(c) == root(claim)]
        heads[claim] = next((c for c in members if c not in restating), members[0])
    return {c: title(heads[c]) for c in order}


def cli_member_texts(data: dict[str, Any]) -> dict[str, list[str]]:
    """Statement title -> the texts of its members as the CLI read them."""
    return {
        t: [norm(m["text"]) for m in ec["members"] if norm(m.get("text"))]
        for t, ec in data["statements"].items()
    }


def assert_cli_reads_the_map(m: ArgumentMap, data: dict[str, Any], qualified: bool) -> None:
    """The CLI finds every claim (as a statement, or a member of the statement it restates),
    every argument with its premise-conclusion structure, and every relation, in the terms
    expected_from_cli uses (contradictory: an attack each way; contrary: an attack, as
    Argdown's default mode reads '-')."""

    def title(ref: str) -> str:
        map_id, local = split_ref(ref)
        return f"{map_id or m.id}:{local}" if qualified else local

    statement_of = statement_titles(m, title)

    def statement(ref: str) -> tuple[str, str]:
        return ("statement", statement_of.get(ref, title(ref)))

    members = cli_member_texts(data)
    for claim in m.claims:
        texts = members[statement_of[claim.id]]
        assert norm(claim.text) in texts or not norm(claim.text)  # blank: only a title
    relations = expected_from_cli(data)[1]
    as_argument = written_as_arguments(m)
    arguments = {title(a) for a in m.arguments_by_id} | {title(r) for r in as_argument}
    for a in m.arguments:
        pcs = data["arguments"][title(a.id)]["pcs"]
        assert [s["title"] for s in pcs] == [
            *dict.fromkeys(statement_of[p] for p in a.premises),
            statement_of[a.conclusion],
        ]
        assert (("argument", title(a.id)), "support", statement(a.conclusion)) in relations
        for premise in a.premises:
            assert (statement(premise), "support", statement(a.conclusion)) in relations
    for r in m.relations:
        source, target = statement(r.source), statement(r.target)
        if r.type is RelationType.REPHRASE and r.id not in as_argument:
            assert source == target  # one statement
            continue
        if source == target:
            continue  # a relation inside one equivalence class is not written
        if r.kind is AttackKind.UNDERCUT and r.id not in as_argument:
            target_relation = m.relations_by_id.get(split_ref(r.target)[1])
            reconstructed = target_relation is None or target_relation.type in (
                RelationType.SUPPORT,
                RelationType.REPHRASE,
            )  # an argument, or a relation written with a premise-conclusion structure
            kind = "undercut" if reconstructed else "attack"
            assert (source, kind, ("argument", title(r.target))) in relations
        elif r.id in as_argument:
            # a relation an undercut (or rebut) attacks is an argument standing for it
            argument = ("argument", title(r.id))
            if r.type in (RelationType.SUPPORT, RelationType.REPHRASE):
                assert (source, "support", target) in relations  # premise -> conclusion
                assert (argument, "support", target) in relations  # the inference
            else:
                aimed = ("argument", title(r.target)) if title(r.target) in arguments else target
                kind = "undercut" if r.kind is AttackKind.UNDERCUT else "attack"
                if kind == "undercut" and title(r.target) not in {
                    title(a) for a in m.arguments_by_id
                }:
                    kind = "attack"  # an undercut of an argument without reconstruction
                assert (argument, kind, aimed) in relations
                assert (source, "support", argument) in relations
        elif title(r.target) in arguments:  # a rebut of an argument
            local = split_ref(r.target)[1]
            authored = m.arguments_by_id.get(local)
            premises = authored.premises if authored else (m.relations_by_id[local].source,)
            # Argdown folds the attack into one its source makes on a premise, if any
            assert (source, "attack", ("argument", title(r.target))) in relations or any(
                (source, "attack", statement(p)) in relations for p in premises
            )
        elif r.type is RelationType.SUPPORT:
            assert (source, "support", target) in relations
        else:  # attack, contrary, contradictory
            assert (source, "attack", target) in relations
            if r.type is RelationType.CONTRADICTORY:
                assert (target, "attack", source) in relations


def test_official_cli_reads_our_export_of_the_seed_maps(cli_results: dict[str, Any]) -> None:
    seed = load(SEED_FILES)
    data = cli_results["seed-export"]
    assert len(data["statements"]) == 101
    for m in seed.maps:
        assert_cli_reads_the_map(m, data, qualified=True)


def test_official_cli_reads_our_export_of_the_mini_map(
    mini: ArgumentMap, cli_results: dict[str, Any]
) -> None:
    assert_cli_reads_the_map(mini, cli_results["mini-export"], qualified=False)


def test_official_cli_reads_our_export_of_the_arguments_map(cli_results: dict[str, Any]) -> None:
    m = load_map(ARGUMENTS)
    data = cli_results["arguments-export"]
    assert_cli_reads_the_map(m, data, qualified=False)
    # 3 arguments with a premise-conclusion structure, and the undercut 'undercut-expert'
    # (which an undercut attacks) as an argument standing for it
    assert sorted(data["arguments"]) == ["expert", "forecast", "trend", "undercut-expert"]
    pcs = {title: a.get("pcs") or [] for title, a in data["arguments"].items()}
    assert [(s["title"], s["role"]) for s in pcs["expert"]] == [
        ("costs-in-field", "premise"),
        ("lee-expert", "premise"),
        ("lee-says", "premise"),
        ("solar-cheaper", "main-conclusion"),
    ]
    # the scheme is the inference rule; the warrant the argument's description
    assert pcs["expert"][-1]["inference"]["inferenceRules"] == ["Argument from expert opinion"]
    assert pcs["forecast"][-1]["inference"]["inferenceRules"] == ["Argument from market forces"]
    forecast = data["arguments"]["forecast"]["members"]
    assert [norm(m.get("text")) for m in forecast if m.get("text")] == [
        "What draws investment grows."
    ]
    # 13 statements: 14 claims, one of which restates another (one equivalence class)
    assert len(data["statements"]) == 13
    assert cli_member_texts(data)["solar-overtakes"] == [
        "Solar will overtake coal.",
        "Solar power will beat coal.",
    ]
    relations = sorted(
        (r["from"], r["relationType"], r["to"], r["toType"]) for r in data["relations"]
    )
    assert relations == [
        ("cheap-draws", "support", "investment-grows", "equivalence-class"),
        ("coal-cheapest", "attack", "solar-cheaper", "equivalence-class"),  # the contrary
        ("funding-disclosed", "undercut", "undercut-expert", "argument"),
        ("grid-limits", "attack", "forecast", "argument"),  # a rebut of the argument
        ("lee-funded", "support", "undercut-expert", "argument"),
        ("solar-cheaper", "contradictory", "solar-not-cheaper", "equivalence-class"),
        ("subsidies", "attack", "solar-cheaper", "equivalence-class"),  # the undermine
        ("undercut-expert", "undercut", "expert", "inference"),  # of the linked inference
    ]


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(argument_maps())
def test_official_cli_reads_our_export_of_any_map(m: ArgumentMap) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        data = run_argdown_cli({"any": argdown.to_argdown(Corpus(maps=(m,)))}, Path(folder))
    assert_cli_reads_the_map(m, data["any"], qualified=False)


def tricky_map() -> ArgumentMap:
    """Claim texts full of what Argdown gives a meaning to."""
    texts = [
        "Refs [x] and [y]: z and <arg> and <a>: b",
        "Tags #tag and #(two words), mail a@b.c and @[c1] @<x>",
        "Stars *it* **bold** _u_ __uu__ snake_case 2*3",
        "Data {a: 1} and } braces { here",
        "Comments // not one, /* nor this */ <!-- nor this --> http://x.org/a//b",
        "Shortcodes :heart: .->. :+1: e.g. a.b.c :x: .v. end",
        "Backslash \\ and \\[ and trailing \\",
        "Line one\n+ not a relation\n(1) not a premise\n-- not inference\n# not a heading",
        "Ünïcödé ✓ 日本語 — “quotes” 'single' \"double\"",
        "- leading dash and >< and _> and <+ and ---- end",
    ]
    claims = [{"id": f"c{i}", "text": t} for i, t in enumerate(texts, start=1)]
    relations = [
        {"id": "r1", "type": "support", "from": "c1", "to": "c2"},
        {"id": "r2", "type": "attack", "from": "c3", "to": "c2"},
        {"id": "r3", "type": "attack", "kind": "undercut", "from": "c4", "to": "r1"},
        {"id": "r4", "type": "support", "from": "c5", "to": "c6"},
        {"id": "r5", "type": "attack", "from": "c7", "to": "c8"},
        {"id": "r6", "type": "attack", "from": "c9", "to": "c10"},
    ]
    return ArgumentMap.model_validate(
        {
            "id": "tricky",
            "title": "Tricky [texts] <and> #tags",
            "claims": claims,
            "relations": relations,
        }
    )


def test_official_cli_reads_texts_full_of_argdown_syntax_as_plain_text(
    cli_results: dict[str, Any],
) -> None:
    assert_cli_reads_the_map(tricky_map(), cli_results["tricky-export"], qualified=False)


# ---- round trip through our own importer ---------------------------------------------------------


def assert_kept_by_argdown(original: ArgumentMap, back: ArgumentMap) -> None:
    """Claim ids and texts (whitespace runs as one space; a claim that restates another is
    read back as that claim's other formulation), every support, rebuttal, undermine,
    contrary and contradictory between claims, and each argument's premises leading to its
    conclusion."""
    statement_of = statement_titles(original, lambda ref: ref)
    texts = {c.id: norm(c.text) for c in back.claims}
    notes = {c.id: norm(c.note) for c in back.claims}
    for claim in original.claims:
        head = statement_of[claim.id]
        if head == claim.id:
            # a text of only whitespace comes back as the statement's title, the claim id,
            # or as the text of a claim restating it (a member of the same statement)
            members = {norm(c.text) for c in original.claims if statement_of[c.id] == head}
            assert texts[claim.id] == norm(claim.text) or (
                not norm(claim.text) and texts[claim.id] in {claim.id} | members
            )
        else:
            assert norm(claim.text) in f"{texts[head]} {notes[head]}"
    as_argument = written_as_arguments(original)
    kept = {
        (r.source, r.type, r.target) for r in back.relations if r.kind is not AttackKind.UNDERCUT
    }
    linked = {(p, a.conclusion) for a in back.arguments for p in a.premises}
    kept |= {(p, RelationType.SUPPORT, c) for p, c in linked}

    def conflict(a: str, b: str, rel_type: RelationType) -> bool:
        return (a, RelationType.ATTACK, b) in kept or (a, rel_type, b) in kept

    for a in original.arguments:
        for premise in a.premises:
            source, target = statement_of[premise], statement_of[a.conclusion]
            if source != target:
                assert (source, RelationType.SUPPORT, target) in kept
    for r in original.relations:
        if r.kind is AttackKind.UNDERCUT or r.type is RelationType.REPHRASE:
            continue
        if r.target in original.arguments_by_id or r.target in original.relations_by_id:
            continue  # a rebut of an argument: an attack on the argument's element
        if r.id in as_argument and r.type is not RelationType.SUPPORT:
            continue
        source, target = statement_of[r.source], statement_of[r.target]
        if source == target:
            continue
        if r.type is RelationType.SUPPORT:
            assert (source, RelationType.SUPPORT, target) in kept
        elif r.type is RelationType.CONTRADICTORY:
            assert conflict(source, target, r.type) or conflict(target, source, r.type)
        else:
            assert conflict(source, target, r.type)


def test_mini_map_round_trips_through_argdown(mini: ArgumentMap, tmp_path: Path) -> None:
    path = tmp_path / "mini.argdown"
    export(Corpus(maps=(mini,)), None, path)
    back = import_file(path)
    assert back.title == mini.title  # from the front matter
    assert_kept_by_argdown(mini, back)


def test_arguments_map_round_trips_through_argdown(tmp_path: Path) -> None:
    original = load_map(ARGUMENTS)
    path = tmp_path / "arguments.argdown"
    export(Corpus(maps=(original,)), None, path)
    back = import_file(path)
    assert_kept_by_argdown(original, back)
    # the restatement is the other formulation of the claim it restates: one position
    overtakes = back.claim("solar-overtakes")
    assert overtakes.text == "Solar will overtake coal."
    assert "also stated as: Solar power will beat coal." in (overtakes.note or "")
    assert "solar-wins" not in back.claims_by_id


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(argument_maps())
def test_any_map_round_trips_through_argdown_keeping_claims_and_relations(m: ArgumentMap) -> None:
    text = argdown.to_argdown(Corpus(maps=(m,)))
    assert_kept_by_argdown(m, argdown.loads(text, "x.argdown", "x"))


@pytest.mark.parametrize("text", ["{}", "{x: 1}", "{}{}", "ends in a brace }", "x\\{y}", "a \\"])
def test_braces_in_claim_text_are_text_not_a_data_block(text: str) -> None:
    # Found by the round trip above: '{}' came back as '\\' when the reader took the
    # escaped braces of our export for a trailing '{yaml}' data block.
    m = ArgumentMap.model_validate(
        {"id": "m", "title": "t", "claims": [{"id": "a", "text": text}], "relations": []}
    )
    back = argdown.loads(argdown.to_argdown(Corpus(maps=(m,))), "x.argdown", "x")
    assert [c.text for c in back.claims] == [text]


# ---- bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "+ [A]: nothing above\n",
            "x.argdown:1: relation '+' has nothing above it;"
            " put it below the statement or argument it belongs to, indented",
        ),
        (
            "<A>\n\n(1) p\n(2) q\n",
            "x.argdown:4: argument <A> has no conclusion;"
            " end its premise-conclusion structure with '--' and a conclusion",
        ),
        (
            "<A>\n\n(1) p\n--\n",
            "x.argdown:4: inference without a conclusion below it; add '(n) conclusion'",
        ),
        (
            "===\ntitle: x\n",
            "x.argdown:1: front matter '===' is not closed; end it with a '===' line",
        ),
        (
            "===\ntitle: [x\n===\n[A]: a\n",
            "x.argdown:2: front matter is not valid YAML"
            " (expected ',' or ']', but got '<stream end>'); fix the YAML",
        ),
        (
            "[A]: a\x00b\n",
            "x.argdown:1: control character U+0000 in the text;"
            " is this an Argdown file? remove the character",
        ),
        (
            '{"nodes": [], "edges": []}\n',
            "x.argdown: no Argdown statements '[Title]:', arguments '<Title>', relations"
            " or headings; is this an Argdown file?",
        ),
        ("", "x.argdown: no statements or arguments; is this an Argdown file?"),
        # Found by tests/hostile/test_fuzz.py or by reading the YAML paths it reached:
        (  # a lone surrogate made an invalid map
            '===\ntitle: "a \\ud800"\n===\n[A]: a\n',
            "x.argdown:2: front matter holds \\ud800, half of a UTF-16 surrogate pair without"
            " its other half; write the character itself",
        ),
        (  # a value that holds itself was a ValueError from json.dumps
            "===\nx: &a [*a]\n===\n[A]: a\n",
            "x.argdown:2: front matter holds more than 100000 values (aliases counted as"
            " copies); simplify it",
        ),
        (  # aliases of aliases wrote a description of 10^n values
            "===\n"
            + "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
            + "".join(f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]\n" for n in range(1, 7))
            + "===\n[A]: a\n",
            "x.argdown:2: front matter holds more than 100000 values (aliases counted as"
            " copies); simplify it",
        ),
        (  # a number of 4,000 digits was a ValueError from str() (base 60 now reads as text)
            "<A>\n\n(1) a\n-- {uses: [" + "9" * 4000 + "]} --\n(2) b\n",
            "x.argdown:4: inference data holds a number of over 3,900 digits; shorten it",
        ),
    ],
)
def test_bad_argdown_fails_with_one_line_naming_file_line_and_fix(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "x.argdown"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as error:
        import_file(path)
    assert str(error.value) == message.replace("x.argdown", str(path))


def test_front_matter_with_dates_for_keys_and_escaped_pairs_imports() -> None:
    # Found by tests/hostile/test_fuzz.py: a date key was a TypeError from json.dumps.
    text = '===\ntitle: "\\ud83d\\ude00"\n2020-01-01: new year\n===\n[A]: a\n'
    m = argdown.loads(text, "x.argdown")
    assert m.title == "\U0001f600"
    assert m.description is not None
    assert m.description.endswith('Front matter: {"title": "\U0001f600", "2020-01-01": "new year"}')


def test_text_holding_the_escape_marker_characters_stays_text() -> None:
    # Found by reading clean_text: U+F8FF 5 U+F8FE in a text was an IndexError (it set
    # escaped characters aside as such markers) and escapes inside a tag kept the marker.
    m = argdown.loads("[A]: x \uf8ff5\uf8fe \\* y #(a\\)b)\n", "x.argdown")
    assert m.claims[0].text == "x \uf8ff5\uf8fe * y #(a)b)"
    assert [t.label for t in m.topics] == ["a)b"]


@pytest.mark.parametrize(
    "text",
    [
        "".join(f"# a{n}\n## b{n}\n" for n in range(5_000)) + "[A]: a\n",
        "[A]: " + "**a " * 50_000 + "\n",
        "[A]: " + "_a " * 50_000 + "\n",
        "<A>\n\n" + "".join(f"({n}) p{n}\n-- x --\n" for n in range(1, 5_000)) + "(0) c\n",
    ],
    ids=["headings", "unclosed-bold", "unclosed-italic", "conclusions"],
)
def test_hostile_shapes_are_read_in_linear_time(text: str) -> None:
    # Each was quadratic (a search per heading, a scan to the end per unclosed marker, a
    # copy of the structure per conclusion): seconds at these sizes, now a small fraction.
    started = time.process_time()
    with applied(Limits(max_text_bytes=10_000_000)):  # the texts here are long on purpose
        argdown.loads(text, "x.argdown")
    assert time.process_time() - started < 2.0
