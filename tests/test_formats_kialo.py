"""Kialo discussion exports: the shared corpus file imports with exact counts; multi-line
texts, links and escapes follow the export's rules."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from argmap import InputError, load_map
from argmap.formats import kialo
from argmap.formats.authoring import dump_yaml
from argmap.formats.registry import import_file, load
from tests.conftest import DATA

NO_THESIS = (
    "x.txt: no thesis line like '1. The claim under discussion.';"
    " is this a Kialo discussion export (.txt)?"
)
HATE_SPEECH = DATA / "corpora" / "kialo-should-hate-speech-be-illegal-6148.txt"


def numbered_lines(path: Path) -> list[tuple[str, str | None, str]]:
    """(number, Pro/Con or None, text) of each numbered line of a Kialo export, read with one
    regular expression (independent of the importer's item-by-item rules)."""
    found = re.findall(
        r"^(\d+(?:\.\d+)*)\. (?:(Pro|Con): )?(.*)$", path.read_text("utf-8"), re.MULTILINE
    )
    return [(number, stance or None, text) for number, stance, text in found]


def test_hate_speech_discussion_imports_one_claim_per_numbered_line() -> None:
    m = import_file(HATE_SPEECH)  # Kialo told from the .txt content
    assert m.id == "kialo-should-hate-speech-be-illegal-6148"
    assert m.title == "Should hate speech be illegal?"
    lines = numbered_lines(HATE_SPEECH)
    # 1 thesis + 105 numbered Pro/Con lines, one of which is a link (-> See) to a claim
    assert len(lines) == 106
    assert sorted(str(c.note) for c in m.claims) == sorted(
        f"Kialo {number}" + (f" -> See {text[7:-1]}" if text.startswith("-> See") else "")
        for number, _, text in lines
    )
    by_type = Counter(r.type.value for r in m.relations)
    pros = sum(stance == "Pro" for _, stance, _ in lines)
    cons = sum(stance == "Con" for _, stance, _ in lines)
    links = sum(text.startswith("-> See ") for _, _, text in lines)
    assert (pros, cons, links) == (42, 63, 1)
    assert by_type == {"support": pros, "attack": cons, "rephrase": links}
    assert all(r.kind is not None and r.kind.value == "rebut" for r in m.relations if r.kind)
    assert m.description == (
        "Imported from a Kialo discussion: 42 pros, 63 cons,"
        " 1 links to other claims (-> See, each a rephrase)."
    )
    thesis = m.claims[0]
    assert (thesis.text, thesis.note) == ("Hate speech should be banned.", "Kialo 1")
    # Each numbered line's pro or con goes to the claim of its parent's number.
    claim_note = {c.id: str(c.note) for c in m.claims}
    for r in m.relations:
        if r.type.value in ("support", "attack"):
            number = r.id.removeprefix("r")
            assert claim_note[r.source].split(" ")[1] == number
            assert claim_note[r.target] == f"Kialo {number.rpartition('.')[0]}"


def test_see_link_is_a_claim_of_its_own_that_rephrases_the_linked_claim() -> None:
    m = import_file(HATE_SPEECH)
    link = next(c for c in m.claims if c.note == "Kialo 1.6.4 -> See 1.2.2")
    linked = next(c for c in m.claims if c.note == "Kialo 1.2.2")
    assert link.id != linked.id and link.text == linked.text
    pro = m.relations_by_id["r1.6.4"]
    assert (pro.type.value, pro.source, m.claim(pro.target).note) == (
        "support",
        link.id,
        "Kialo 1.6",
    )
    see = m.relations_by_id["r1.6.4-see"]
    assert (see.type.value, see.source, see.target) == ("rephrase", link.id, linked.id)
    # 1.2.2 keeps its own place: one relation, to 1.2
    assert [m.claim(r.target).note for r in m.relations if r.source == linked.id] == ["Kialo 1.2"]
    assert not any(c.text.startswith("->") for c in m.claims)


def test_escaped_brackets_are_unescaped() -> None:
    m = import_file(HATE_SPEECH)
    trolls = next(c for c in m.claims if c.note == "Kialo 1.1.10")
    assert 'a few bad actors ("Trolls") to have' in trolls.text
    assert not any("\\(" in c.text or "\\)" in c.text for c in m.claims)


def test_multi_line_texts_numbered_lines_inside_them_and_several_theses() -> None:
    text = (
        "Discussion Name: Cats or dogs?\n\n"
        "1. Cats are better.\n"
        "1.1. Pro: They are quiet.\n"
        "Mostly at night.\n"
        "3. not an item: no thesis 3 was opened, so this is text\n"
        "1.2. Con: Dogs \\[really\\] love you \\*a lot\\*.\n"
        "2. Dogs are better.\n"
        "2.1. Con: -> See 1.1.\n"
    )
    m = kialo.loads(text, "pets.txt", "pets")
    assert m.title == "Cats or dogs?"
    assert [c.text for c in m.claims] == [
        "Cats are better.",
        "They are quiet.\nMostly at night.\n"
        "3. not an item: no thesis 3 was opened, so this is text",
        "Dogs [really] love you *a lot*.",
        "Dogs are better.",
        "They are quiet.\nMostly at night.\n"
        "3. not an item: no thesis 3 was opened, so this is text",
    ]
    assert [
        (r.id, r.type.value, m.claim(r.source).note, m.claim(r.target).note) for r in m.relations
    ] == [
        ("r1.1", "support", "Kialo 1.1", "Kialo 1"),
        ("r1.2", "attack", "Kialo 1.2", "Kialo 1"),
        ("r2.1", "attack", "Kialo 2.1 -> See 1.1", "Kialo 2"),
        ("r2.1-see", "rephrase", "Kialo 2.1 -> See 1.1", "Kialo 1.1"),
    ]


def test_links_to_links_dangling_links_and_replies_to_a_link() -> None:
    text = (
        "1. Thesis.\n"
        "1.1. Pro: First reason.\n"
        "1.2. Con: -> See 1.1.\n"
        "1.2.1. Con: A reply to the link.\n"
        "1.3. Pro: -> See 1.2.\n"
        "1.4. Con: -> See 7.7.\n"
    )
    m = kialo.loads(text, "links.txt", "links")
    texts = {c.note: c.text for c in m.claims}
    assert texts == {
        "Kialo 1": "Thesis.",
        "Kialo 1.1": "First reason.",
        "Kialo 1.2 -> See 1.1": "First reason.",
        "Kialo 1.2.1": "A reply to the link.",
        "Kialo 1.3 -> See 1.2": "First reason.",  # a link to a link shows the claim's text
        "Kialo 1.4 -> See 7.7": "-> See 7.7.",  # nothing to show: kept as written
    }
    note = {c.id: c.note for c in m.claims}
    assert [(r.id, r.type.value, note[r.source], note[r.target]) for r in m.relations] == [
        ("r1.1", "support", "Kialo 1.1", "Kialo 1"),
        ("r1.2", "attack", "Kialo 1.2 -> See 1.1", "Kialo 1"),
        ("r1.2-see", "rephrase", "Kialo 1.2 -> See 1.1", "Kialo 1.1"),
        ("r1.2.1", "attack", "Kialo 1.2.1", "Kialo 1.2 -> See 1.1"),
        ("r1.3", "support", "Kialo 1.3 -> See 1.2", "Kialo 1"),
        ("r1.3-see", "rephrase", "Kialo 1.3 -> See 1.2", "Kialo 1.2 -> See 1.1"),
        ("r1.4", "attack", "Kialo 1.4 -> See 7.7", "Kialo 1"),
    ]
    assert str(m.description).endswith(
        "3 links to other claims (-> See, each a rephrase);"
        " 1 links to no claim in this file, kept as written."
    )


def test_imported_discussion_writes_yaml_that_loads_back_equal(tmp_path: Path) -> None:
    m = import_file(HATE_SPEECH)
    out = tmp_path / "hate-speech.yaml"
    dump_yaml(m, out)
    assert load_map(out) == m
    assert load([HATE_SPEECH]).maps == (m,)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "",
            NO_THESIS,
        ),
        (
            "Discussion Title: x\n\nsome prose\n",
            NO_THESIS,
        ),
        (
            "1. Thesis\n1.1. Maybe: x\n",
            "x.txt:2: item 1.1 has no 'Pro:' or 'Con:';"
            " every item below a thesis says whether it is a pro or a con",
        ),
        ("1. Thesis\n1.1. Pro:\n", "x.txt:2: item 1.1 has no text; write the claim after '1.1.'"),
    ],
)
def test_bad_kialo_files_fail_with_one_line(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "x.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as error:
        import_file(path, "kialo")
    assert str(error.value) == message.replace("x.txt", str(path))


def test_a_deep_discussion_gets_short_notes_and_relation_ids() -> None:
    # Kialo numbers an item with its whole path; ids and notes made from 10 kB numbers made
    # the YAML of a 5,000-deep discussion 26 MB (tests/hostile/test_misc.py times it).
    lines, number = ["1. Thesis."], "1"
    for level in range(1, 151):
        number += ".1"
        lines.append(f"{number}. Pro: Level {level}.")
    m = kialo.loads("\n".join(lines), "deep.txt", "deep")
    assert m.claims[99].note == "Kialo " + ".".join(["1"] * 100)  # 199 characters: kept
    assert m.claims[-1].note == "Kialo 1.1.1.….1.1.1 (level 151)"
    assert m.relations[0].id == "r1.1"
    assert all(len(r.id) <= 120 for r in m.relations)
    assert len({r.id for r in m.relations}) == 150


def test_a_long_item_number_is_shortened_in_messages() -> None:
    text = "1. Thesis.\n" + "".join(f"1{'.1' * n}. Pro: x\n" for n in range(1, 120)) + "1"
    text += ".1" * 120 + ". Maybe: x\n"
    with pytest.raises(InputError, match=r"item 1\.1\.1\.….1\.1\.1 \(level 121\) has no 'Pro:'"):
        kialo.loads(text, "x.txt")
