"""Argdown both ways: the cases the issue found (each from its minimal case), errors a user
can fix, hostile shapes, and round trips through our own importer. The differential tests
against the official CLI are in tests/test_formats_argdown_cli.py."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from argmap import ArgumentMap, Corpus, InputError, load_map
from argmap.formats import argdown
from argmap.formats.registry import export, import_file
from argmap.model.entities import AttackKind, RelationType
from argmap.util.limits import Limits, applied
from tests.conftest import DATA
from tests.strategies import argument_maps

PRIMER = DATA / "corpora" / "argdown-primer.argdown"
ARGUMENTS = DATA / "arguments.yaml"  # linked arguments, schemes, conflicts, rephrases

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


# The minimal case of each reading the issue found wrong (the CLI test compares them too).
REGRESSIONS = {
    "wrapped-description": "<A>: desc wrapped\nover two lines.\n\n(1) P\n----\n(2) C\n",
    "heading-wraps": "# A heading that\nwraps here\n\n[S]: text\n  + [T]: other\n",
    "list-items": "* First item\n* Second item\n\n[X]: y\n  + z\n",
    "odd-indent": "A\n  + B\n  - C\n      <+ D\n        <- E\n          +> F\n    -> G\n",
    "untitled-numbering": (
        "First\n  + second\n    - third\n\n(1) p\n(2) q\n----\n(3) r\n\n"
        "<Named>\n\n(1) s\n----\n(2) t\n"
    ),
    "group-data": (
        "# Section {isGroup: false}\n\n## Sub heading\nwrapped {isGroup: false, isClosed: true}"
        "\n\n[S]: text {isInMap: false}\n"
    ),
    "remove-tags": (
        "===\nmodel:\n    removeTagsFromText: true\n===\n\n"
        "[S]: text #tag and #(more tags) end\n  + [T]: other #x\n"
    ),
    "escaped-comma": (
        "<A>\n\n(1) p\n(2) q\n-- Modus ponens\\, generalised, Argument from expert opinion --\n"
        "(3) r\n\n<B>\n\n(1) x\n-- Argument from expert opinion --\n(2) y\n"
    ),
    "strict": (
        "===\nmodel:\n    mode: strict\n===\n\n[A]: a\n  - [B]: b\n  + [C]: c\n  >< [D]: d"
        "\n\n[B]\n  - [A]\n"
    ),
}


def read(name: str) -> ArgumentMap:
    return argdown.loads(REGRESSIONS[name], f"{name}.argdown", name)


def by_identifier(m: ArgumentMap) -> dict[str, str]:
    return {c.id: c.identifier or "" for c in m.claims}


def test_a_description_wrapped_over_two_lines_keeps_its_structure() -> None:
    m = read("wrapped-description")
    (argument,) = m.arguments
    assert (argument.identifier, argument.warrant) == ("A", "desc wrapped over two lines.")
    names = by_identifier(m)
    assert ([names[p] for p in argument.premises], names[argument.conclusion]) == (
        ["Untitled 1"],
        "Untitled 2",
    )
    assert not any("Untitled" in (a.identifier or "") for a in m.arguments)


def test_a_heading_over_two_lines_is_one_heading() -> None:
    m = read("heading-wraps")
    assert [t.label for t in m.topics] == ["A heading that wraps here"]
    assert [c.text for c in m.claims] == ["text", "other"]


def test_list_items_are_statements_of_their_own() -> None:
    m = read("list-items")
    assert [c.text for c in m.claims][:2] == ["First item", "Second item"]


def test_a_relation_at_an_odd_indentation_attaches_where_argdown_attaches_it() -> None:
    m = read("odd-indent")
    text = {c.id: c.text for c in m.claims}
    pairs = {(text[r.source], r.type.value, text[r.target]) for r in m.relations}
    assert ("A", "attack", "G") in pairs  # G (indented 4) belongs to A, not to C (2) or D (6)
    assert ("C", "attack", "G") not in pairs and ("D", "attack", "G") not in pairs


def test_untitled_statements_and_arguments_are_numbered_as_argdown_numbers_them() -> None:
    m = read("untitled-numbering")
    assert [c.identifier for c in m.claims] == [f"Untitled {n}" for n in (1, 2, 3, 5, 6, 7, 8, 9)]
    assert [a.identifier for a in m.arguments] == ["Untitled 4", "Named"]


def test_data_blocks_do_not_stay_in_labels_or_texts() -> None:
    m = read("group-data")
    assert [t.label for t in m.topics] == ["Section", "Sub heading wrapped"]
    (claim,) = m.claims
    assert claim.text == "text"
    assert claim.note == 'Argdown [S]; data: {"isInMap": false}'


def test_remove_tags_from_text_in_the_front_matter_is_honoured() -> None:
    m = read("remove-tags")
    assert [c.text for c in m.claims] == ["text and end", "other"]
    assert sorted(t.label for t in m.topics) == ["more tags", "tag", "x"]


def test_escaped_commas_stay_in_the_inference_rule() -> None:
    m = read("escaped-comma")
    a, b = m.arguments
    (scheme,) = m.schemes
    assert a.scheme == scheme.id
    assert scheme.label == "Modus ponens, generalised, Argument from expert opinion"
    assert scheme.broader == "expert-opinion"  # the rules name a built-in scheme
    assert b.scheme == "expert-opinion"


def test_strict_mode_reads_attacks_between_statements_as_contraries() -> None:
    m = read("strict")
    text = {c.id: c.text for c in m.claims}
    pairs = sorted((text[r.source], r.type.value, text[r.target]) for r in m.relations)
    assert pairs == [("a", "contradictory", "d"), ("b", "contrary", "a"), ("c", "support", "a")]


def test_arguments_are_arguments_with_premises_conclusion_and_scheme() -> None:
    m = argdown.loads(EXAMPLES["every-relation"], "x.argdown", "x")
    steps = {a.identifier: a for a in m.arguments}
    assert sorted(steps) == ["A1", "A1 - 1", "A5"]
    names = by_identifier(m)
    main = steps["A1"]
    assert sorted(names[p] for p in main.premises) == ["Untitled 2", "Untitled 3"]  # uses: [3, 4]
    assert names[main.conclusion] == "C" and main.warrant == "Argument one."
    assert main.scheme is not None and m.schemes[0].label == "Modus ponens"
    first = steps["A1 - 1"]  # the intermediate conclusion, a chained argument
    assert names[first.conclusion] == "Untitled 2"
    assert sorted(names[p] for p in first.premises) == ["P1", "Untitled 1"]
    # <A3> undercuts <A1>: an undercut of its main inference
    undercut = next(r for r in m.relations if r.kind is AttackKind.UNDERCUT)
    assert undercut.target == main.id
    # arguments without a structure are claims standing for them
    assert {c.identifier for c in m.claims if (c.note or "").startswith("Argdown <")} == {
        "A2",
        "A3",
    }


def test_members_of_a_statement_with_other_texts_are_rephrasing_claims() -> None:
    m = import_file(PRIMER)
    statement_2 = [c for c in m.claims if c.identifier == "Statement 2"]
    assert [c.text for c in statement_2] == [
        "Let's do that now: The previous statement was @[Statement 1].",
        "We have already defined a statement with this title. Argdown allows you to add"
        ' multiple statements to the same "equivalence class" by giving them the same title.'
        " The statements will then be treated as logically equivalent.",
    ]
    (rephrase,) = [r for r in m.relations if r.type is RelationType.REPHRASE]
    assert (rephrase.source, rephrase.target) == (statement_2[1].id, statement_2[0].id)
    assert m.title == "❤ Welcome to Argdown! ❤"  # the first heading, shortcodes resolved
    basics = next(t for t in m.topics if t.label == "Argument reconstructions")
    assert basics.broader == ("argdown-basics",)


def test_front_matter_is_kept_in_the_description() -> None:
    m = argdown.loads(EXAMPLES["every-relation"], "x.argdown", "x")
    assert m.title == "Every relation"
    assert m.description is not None
    assert 'Front matter: {"title": "Every relation", "author": "argmap tests"}' in m.description


def test_include_is_refused_with_a_clear_message() -> None:
    with pytest.raises(InputError) as error:
        argdown.loads("[A]: a\n\n@include(other.argdown)\n", "x.argdown")
    assert str(error.value) == (
        "x.argdown:3: '@include' is not followed (argmap imports one file);"
        " join the included files into one"
    )


# ---- round trip through our own importer ---------------------------------------------------------


def norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def assert_kept_by_argdown(original: ArgumentMap, back: ArgumentMap) -> None:
    """Every claim's text, each argument's premises and conclusion (by text) and every
    support, attack, contrary and contradictory between claims come back; undercuts come
    back as undercuts."""
    texts = {c.id: norm(c.text) for c in original.claims}
    back_texts = {c.id: norm(c.text) for c in back.claims}
    assert {t for t in texts.values() if t} <= set(back_texts.values())

    def claim_pairs(m: ArgumentMap, text: dict[str, str]) -> set[tuple[str, str, str]]:
        # a relation an undercut or rebut attacks is written as an argument standing for it
        attacked = {r.target for r in m.relations if r.target in m.relations_by_id}
        pairs = set()
        for r in m.relations:
            if r.type is RelationType.REPHRASE or r.kind is AttackKind.UNDERCUT:
                continue
            blank = not text.get(r.source) or not text.get(r.target)  # written as a title
            if r.source in text and r.target in text and r.id not in attacked and not blank:
                kind = r.type.value
                if r.type in (RelationType.ATTACK, RelationType.CONTRARY):
                    kind = "attack"
                ends = (text[r.source], text[r.target])
                if r.type is RelationType.CONTRADICTORY:
                    ends = (min(ends), max(ends))
                pairs.add((ends[0], kind, ends[1]))
        return pairs

    kept = claim_pairs(back, back_texts)
    for source, kind, target in claim_pairs(original, texts):
        assert (source, kind, target) in kept or (
            kind == "support" and (frozenset([source]), target) in back_supports(back, back_texts)
        )
    back_arguments = {
        (frozenset(back_texts[p] for p in a.premises), back_texts[a.conclusion])
        for a in back.arguments
    }
    for a in original.arguments:
        premises = frozenset(texts[p] for p in a.premises)
        if all(premises) and texts[a.conclusion]:  # a blank text comes back as its title
            assert (premises, texts[a.conclusion]) in back_arguments
    # Argdown reads a relation written twice as one
    undercuts = {(r.source, r.target) for r in original.relations if r.kind is AttackKind.UNDERCUT}
    assert sum(r.kind is AttackKind.UNDERCUT for r in back.relations) == len(undercuts)


def back_supports(m: ArgumentMap, text: dict[str, str]) -> set[tuple[frozenset[str], str]]:
    return {(frozenset(text[p] for p in a.premises), text[a.conclusion]) for a in m.arguments}


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
    # the restatement is another member of the statement it restates: a rephrase again
    (rephrase,) = [r for r in back.relations if r.type is RelationType.REPHRASE]
    assert back.claim(rephrase.source).text == "Solar power will beat coal."


@pytest.mark.parametrize(
    "path",
    [
        p
        for p in sorted((DATA / "corpora" / "argdown").glob("*.argdown"))
        if p.stem != "lexer-lists"
    ],
    ids=lambda p: p.stem,
)
def test_real_argdown_round_trips_through_our_export(path: Path) -> None:
    original = import_file(path)
    back = argdown.loads(argdown.to_argdown(Corpus(maps=(original,))), "x.argdown", "x")
    assert_kept_by_argdown(original, back)
    assert len(back.claims) == len(original.claims)
    assert len(back.arguments) == len(original.arguments)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(argument_maps())
def test_any_map_round_trips_through_argdown_keeping_claims_and_relations(m: ArgumentMap) -> None:
    text = argdown.to_argdown(Corpus(maps=(m,)))
    assert_kept_by_argdown(m, argdown.loads(text, "x.argdown", "x"))


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
            "x.argdown:1: expected a statement, an argument, a heading or '(1)', found relation"
            " '+'; put a relation below the statement or argument it belongs to, indented",
        ),
        (
            "<A>\n\n(1) p\n(2) q\n",
            "x.argdown:4: argument <A> has no conclusion;"
            " end its premise-conclusion structure with '--' and a conclusion",
        ),
        (
            "<A>\n\n(1) p\n--\n",
            "x.argdown:4: inference '--' is not closed;"
            " end the line with '--' and put '(n) conclusion' below it",
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
    text = '===\ntitle: "\\ud83d\\ude00"\n2020-01-01: new year\n===\n\n[A]: a\n'
    m = argdown.loads(text, "x.argdown")
    assert m.title == "\U0001f600"
    assert m.description is not None
    assert m.description.endswith('Front matter: {"title": "\U0001f600", "2020-01-01": "new year"}')


def test_text_holding_the_escape_marker_characters_stays_text() -> None:
    # Found by reading clean_text: U+F8FF 5 U+F8FE in a text was an IndexError (it set
    # escaped characters aside as such markers) and escapes inside a tag kept the marker.
    m = argdown.loads("[A]: x \uf8ff5\uf8fe \\* y #(a\\)b)\n", "x.argdown")
    # as Argdown reads it: no escapes inside a tag, which ends at the first ')'
    assert m.claims[0].text == "x \uf8ff5\uf8fe * y #(a\\)b)"
    assert [t.label for t in m.topics] == ["a\\"]


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
        try:
            argdown.loads(text, "x.argdown")
        except InputError as error:  # headings without empty lines, unclosed emphasis
            assert "\n" not in str(error)
    assert time.process_time() - started < 2.0


def test_an_undercut_and_a_rebut_of_one_argument_by_one_claim_are_both_kept() -> None:
    # found by the round-trip property test; @argdown/cli 1.7.5 reads this file as an
    # undercut of A's inference and an attack on A, both from P
    text = "[P]: p\n  _> <A>\n  -> <A>\n\n<A>\n\n(1) [P]\n----\n(2) [C]: c\n"
    m = argdown.loads(text, "x.argdown", "x")
    kinds = sorted((r.source, r.kind.value if r.kind else "", r.target) for r in m.relations)
    assert kinds == [("P", "rebut", "A"), ("P", "undercut", "A")]
