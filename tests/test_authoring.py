"""Map files load into equal models from YAML and JSON, and every bad input gets one clear,
located line: file, line, entity, problem and fix."""

from __future__ import annotations

import contextlib
import gc
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap import ArgmapError, InputError, MapError, dumps_yaml, load_map, loads_map
from argmap.formats.authoring import _JsonLines, _node_line, load_corpus
from argmap.model.corpus import corpus_of
from tests.conftest import DATA
from tests.strategies import argument_maps

MINI = (DATA / "mini.yaml").read_text("utf-8")


def _write(tmp_path: Path, text: str, name: str = "map.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    (tmp_path / "mini-source.txt").write_text((DATA / "mini-source.txt").read_text("utf-8"))
    return path


def _problems(tmp_path: Path, text: str, name: str = "map.yaml") -> list[str]:
    path = _write(tmp_path, text, name)
    with pytest.raises(MapError) as caught:
        load_map(path)
    return [str(p) for p in caught.value.problems]


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_mini_map_loads_with_everything_it_declares(mini) -> None:
    assert (len(mini.claims), len(mini.relations), len(mini.stances)) == (4, 3, 3)
    assert mini.sources[0].text is not None and mini.sources[0].text.startswith("Open models")
    assert mini.relations_by_id["r2"].kind == "rebut"  # attacks default to rebut


def test_json_file_loads_to_the_same_model_as_yaml(mini, tmp_path: Path) -> None:
    data = yaml.safe_load(MINI)
    path = _write(tmp_path, json.dumps(data), "map.json")
    assert load_map(path) == mini


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(argument_maps())
def test_written_yaml_reads_back_to_an_equal_map(m) -> None:
    assert loads_map(dumps_yaml(m)) == m


@pytest.mark.parametrize(
    ("old", "new", "needle", "expected"),
    [
        (
            "    kind: fact\n",
            "    kind: fact\n    colour: red\n",
            "colour: red",
            "claim 'open-cheap': unknown key 'colour'",
        ),
        (
            "    kind: fact\n",
            "    kinds: fact\n",
            "kinds: fact",
            "unknown key 'kinds'; did you mean 'kind'?",
        ),
        (
            "  - id: open-cheap\n    text: Open models are cheap to use.\n",
            "  - id: open-cheap\n",
            "id: open-cheap",
            "claim 'open-cheap': missing required key 'text'",
        ),
        (
            "  - {id: r3,",
            "  - {id: r1,",
            "id: r1, type: attack",
            "relation 'r1': duplicate id 'r1' (also a relation)",
        ),
        (
            "from: quality-gap, to: erodes-advantage}",
            "from: quality-gap, to: c99}",
            "to: c99",
            "relation 'r2': 'to' names unknown claim 'c99'; define it or fix the id",
        ),
        (
            "actor: hobbyists",
            "actor: nobody",
            "actor: nobody",
            "stance 'st2': 'actor' names unknown actor 'nobody'; define it or fix the id",
        ),
        (
            "kind: undercut, from: gap-closing, to: r2",
            "kind: undercut, from: gap-closing, to: quality-gap",
            "to: quality-gap",
            "an undercut must target a relation, but 'quality-gap' is a claim",
        ),
        (
            "from: quality-gap, to: erodes-advantage}",
            "from: quality-gap, to: quality-gap}",
            "to: quality-gap}",
            "relation 'r2': relation from 'quality-gap' to itself",
        ),
        (
            "strength: 0.8,",
            "strength: 1.5,",
            "strength: 1.5",
            "relation 'r1': strength 1.5 is out of range; use a number from 0 to 1",
        ),
        (
            '"Critics say open models lag in quality", start: 79, end: 117',
            '"Critics say open models lag in qualty", start: 79, end: 116',
            "lag in qualty",
            'nearest match at 79-116: "Critics say open models lag in qualit"',
        ),
        (
            '"the gap closes every month", start: 123, end: 149',
            '"the gap closes every month", start: 124, end: 150',
            "start: 124",
            "the text is at offsets 123-149, not at 124; set start: 123, end: 149",
        ),
        (
            "position: opposes",
            "position: hates",
            "position: hates",
            "'hates' is not allowed for 'position'; use one of: 'endorses', 'opposes' or"
            " 'concerned'",
        ),
        ("  - {id: r1,", "  - {id: has space,", "id: has space", "'has space' is not a valid id"),
        (
            "kind: company",
            "kind: corporation",
            "kind: corporation",
            "'corporation' is not allowed for 'kind'",
        ),
        (
            "type: support, from: open-cheap",
            "type: support, kind: rebut, from: open-cheap",
            "kind: rebut, from: open-cheap",
            "a support has no 'kind'",
        ),
        ('date: "2026-11"', 'date: "Nov 2026"', "Nov 2026", "must be YYYY, YYYY-MM or YYYY-MM-DD"),
    ],
    ids=[
        "unknown-key",
        "misspelt-key",
        "missing-field",
        "duplicate-id",
        "dangling-relation",
        "unknown-actor",
        "undercut-on-claim",
        "self-attack",
        "strength-1.5",
        "quote-not-found",
        "quote-offsets-wrong",
        "bad-enum",
        "bad-slug",
        "bad-actor-kind",
        "support-with-kind",
        "bad-date",
    ],
)
def test_bad_map_gets_a_located_actionable_message(
    tmp_path: Path, old: str, new: str, needle: str, expected: str
) -> None:
    assert old in MINI
    text = MINI.replace(old, new, 1)
    problems = _problems(tmp_path, text)
    assert len(problems) == 1, problems
    line = _line_of(text, needle)
    assert problems[0].startswith(f"{tmp_path / 'map.yaml'}:{line}: "), problems[0]
    assert expected in problems[0]


def test_every_problem_in_a_file_is_reported_not_just_the_first(tmp_path: Path) -> None:
    text = MINI.replace("actor: hobbyists", "actor: nobody").replace(
        "to: erodes-advantage}", "to: c99}"
    )
    problems = _problems(tmp_path, text)
    assert len(problems) == 2
    assert any("unknown actor 'nobody'" in p for p in problems)
    assert any("unknown claim 'c99'" in p for p in problems)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("claims: [\n  - id: a\n", "map.yaml:2: not valid YAML"),
        ("", "map.yaml: the file is empty"),
        ("   \n\n", "map.yaml: the file is empty"),
        ("- just\n- a list\n", "map.yaml:1: the top level must be a mapping"),
        ("argmap: 1\nid: a\nid: b\ntitle: t\n", "map.yaml:3: not valid YAML: duplicate key 'id'"),
        ("argmap: 1\nid: a\ntitle: t\nx: !!python/object:os.system ls\n", "not valid YAML"),
    ],
    ids=["malformed", "empty", "blank", "not-a-mapping", "duplicate-key", "unsafe-tag"],
)
def test_unreadable_yaml_gets_one_line_naming_file_and_line(
    tmp_path: Path, content: str, expected: str
) -> None:
    path = _write(tmp_path, content)
    with pytest.raises(InputError) as caught:
        load_map(path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(str(tmp_path))
    assert expected in message


def test_malformed_json_names_line_and_column(tmp_path: Path) -> None:
    path = _write(tmp_path, '{\n  "argmap": 1,\n  "id": "x",\n  "title": \n}', "map.json")
    with pytest.raises(InputError, match=r"map\.json:5: not valid JSON: Expecting value"):
        load_map(path)


def test_json_with_duplicate_keys_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, '{"argmap": 1, "id": "x", "id": "y", "title": "t"}', "map.json")
    with pytest.raises(InputError, match="duplicate key 'id'"):
        load_map(path)


def test_json_problems_carry_line_numbers(tmp_path: Path) -> None:
    data = yaml.safe_load(MINI)
    data["relations"][0]["strength"] = 1.5
    text = json.dumps(data, indent=2)
    problems = _problems(tmp_path, text, "map.json")
    assert problems == [
        f"{tmp_path / 'map.json'}:{_line_of(text, '1.5')}: relation 'r1': strength 1.5 is out of"
        " range; use a number from 0 to 1"
    ]


def test_non_utf8_file_names_the_line_and_byte(tmp_path: Path) -> None:
    path = tmp_path / "map.yaml"
    path.write_bytes(b"argmap: 1\nid: x\ntitle: caf\xe9\n")
    with pytest.raises(InputError) as caught:
        load_map(path)
    assert str(caught.value) == (
        f"{path}:3: not UTF-8 text (byte 0xe9 at offset 26); save the file as UTF-8"
    )


def test_fifty_megabytes_of_junk_fails_fast_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "junk.yaml"
    junk = bytes(range(32, 127)) * (50 * 1024 * 1024 // 95)
    path.write_bytes(b"argmap: 1\nid: x\ntitle: t\nclaims: " + junk)
    with pytest.raises(ArgmapError) as caught:
        load_map(path)
    assert "\n" not in str(caught.value) and str(path) in str(caught.value)


def test_random_bytes_never_raise_anything_but_argmap_errors(tmp_path: Path) -> None:
    @settings(max_examples=150, deadline=None)
    @given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
    def check(raw: bytes) -> None:
        path = tmp_path / "fuzz.yaml"
        path.write_bytes(raw)
        try:
            load_map(path)
        except ArgmapError as exc:
            assert str(exc)

    check()


def test_missing_source_text_file_is_named_with_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "map.yaml"
    path.write_text(MINI, encoding="utf-8")  # without mini-source.txt beside it
    with pytest.raises(InputError) as caught:
        load_map(path)
    line = _line_of(MINI, "text_file:")
    assert str(caught.value).startswith(f"{path}:{line}: source text: ")
    assert "no such source text file" in str(caught.value)
    assert "relative to the map file" in str(caught.value)


def test_unknown_map_file_suffix_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"unknown map file type '\.txt'; use \.yaml"):
        load_map(tmp_path / "map.txt")


def test_loading_does_not_change_the_callers_data(tmp_path: Path) -> None:
    data = yaml.safe_load(MINI)
    before = json.dumps(data, sort_keys=True)
    loads_map(yaml.safe_dump(data), path=tmp_path / "m.yaml", base_dir=DATA)
    assert json.dumps(data, sort_keys=True) == before


@pytest.mark.parametrize("name", ["map.yaml", "map.json"])
def test_a_huge_integer_is_one_line_not_a_traceback(tmp_path: Path, name: str) -> None:
    digits = "9" * 5000
    text = (
        f"argmap: 1\nid: x\ntitle: t\nn: {digits}\n"
        if name.endswith(".yaml")
        else f'{{"argmap": 1, "id": "x", "title": "t", "n": {digits}}}'
    )
    path = _write(tmp_path, text, name)
    with pytest.raises(InputError, match="Exceeds the limit"):
        load_map(path)


def test_json_duplicate_key_deep_in_an_object_is_named(tmp_path: Path) -> None:
    text = (
        '{"argmap": 1, "id": "x", "title": "t",'
        ' "claims": [{"id": "a", "text": "A", "kind": "fact", "text": "again"}]}'
    )
    path = _write(tmp_path, text, "map.json")
    with pytest.raises(InputError, match="duplicate key 'text' in one object"):
        load_map(path)


@pytest.mark.parametrize("collector_on", [True, False])
@pytest.mark.parametrize("content", [MINI, MINI.replace("actor: hobbyists", "actor: nobody")])
def test_loading_leaves_the_garbage_collector_as_it_found_it(
    tmp_path: Path, collector_on: bool, content: str
) -> None:
    # Loading pauses the collector (a big map is millions of objects it would scan for
    # nothing); whatever happens, it must come back as it was.
    path = _write(tmp_path, content)
    was = gc.isenabled()
    try:
        if collector_on:
            gc.enable()
        else:
            gc.disable()
        with contextlib.suppress(MapError):
            load_map(path)
        assert gc.isenabled() is collector_on
    finally:
        if was:
            gc.enable()
        else:
            gc.disable()


def _every_path(
    value: object, prefix: tuple[str | int, ...] = ()
) -> Iterator[tuple[str | int, ...]]:
    """Every location in the data, and some that are not there."""
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _every_path(item, (*prefix, key))
        yield (*prefix, "no-such-key")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _every_path(item, (*prefix, index))
        yield (*prefix, len(value))
    else:
        yield (*prefix, "deeper")


@pytest.mark.parametrize("layout", [{"indent": 2}, {}, {"indent": 1, "separators": (",", ":")}])
def test_json_lines_are_those_of_the_yaml_view_of_the_text(layout: dict[str, Any]) -> None:
    # JSON problems used to be located by composing the text as YAML (minutes for a big map);
    # the JSON index must give the same line for every location.
    data = yaml.safe_load(MINI)
    text = json.dumps(data, **layout)
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    lines = _JsonLines(text)
    for loc in _every_path(data):
        assert lines.line(loc) == _node_line(node, loc), loc


def test_tab_indented_json_problems_carry_line_numbers(tmp_path: Path) -> None:
    # Tabs are fine in JSON though YAML refuses them, so its view could give no line at all.
    data = yaml.safe_load(MINI)
    data["stances"][1]["actor"] = "nobody"
    text = json.dumps(data, indent="\t")
    problems = _problems(tmp_path, text, "map.json")
    assert problems == [
        f"{tmp_path / 'map.json'}:{_line_of(text, 'nobody')}: stance 'st2': 'actor' names"
        " unknown actor 'nobody'; define it or fix the id"
    ]


def test_a_missing_file_or_a_folder_is_one_line_naming_what_was_wanted(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"nope\.yaml: no such map file; check the path$"):
        load_map(tmp_path / "nope.yaml")
    (tmp_path / "dir.yaml").mkdir()
    with pytest.raises(InputError, match=r"dir\.yaml: is a folder, not a map file$"):
        load_map(tmp_path / "dir.yaml")


def test_corpus_problems_name_the_place_given_for_them_else_the_label(mini) -> None:
    with pytest.raises(MapError) as caught:
        corpus_of([mini, mini], label="maps.ttl")
    assert [str(p) for p in caught.value.problems] == [
        "maps.ttl: two maps have the id 'mini'; give each map its own id"
    ]
    with pytest.raises(MapError) as caught:
        corpus_of([mini, mini], lambda map_id, loc: (f"{map_id}.yaml", 3))
    assert [str(p) for p in caught.value.problems] == [
        "mini.yaml:3: two maps have the id 'mini'; give each map its own id"
    ]
    assert corpus_of([mini]).maps == (mini,)


def test_corpus_problems_of_map_files_carry_file_and_line(tmp_path: Path) -> None:
    other = MINI.replace("id: mini", "id: other").replace("name: Acme AI", "name: Acme")
    first, second = _write(tmp_path, MINI, "a.yaml"), _write(tmp_path, other, "b.yaml")
    with pytest.raises(MapError) as caught:
        load_corpus([first, second])
    [problem] = caught.value.problems
    assert (problem.path, problem.line, problem.entity) == (
        str(second),
        _line_of(other, "id: acme"),
        "actor 'acme'",
    )
    assert problem.message.startswith("defined differently in map 'mini' ('name' differs")
