"""Map files load into equal models from YAML and JSON, and every bad input gets one clear,
located line: file, line, entity, problem and fix."""

from __future__ import annotations

import contextlib
import gc
import json
import re
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
            "an undercut attacks an inference, but 'quality-gap' is a claim",
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
    assert str(caught.value).startswith(f"{path}:{line}: source 'note': text_file ")
    assert "'mini-source.txt' does not exist" in str(caught.value)
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


# ---- untrusted input: text_file confinement and limits -------------------------------------------


def _with_text_file(name: str) -> str:
    return MINI.replace("text_file: mini-source.txt", f"text_file: '{name}'")


def test_a_text_file_outside_the_folder_is_refused_unless_its_folder_is_allowed(
    tmp_path: Path,
) -> None:
    from argmap.util.limits import Limits, applied

    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "note.txt").write_text((DATA / "mini-source.txt").read_text("utf-8"), "utf-8")
    (tmp_path / "maps").mkdir()
    path = _write(tmp_path / "maps", _with_text_file("../texts/note.txt"))
    line = _line_of(MINI, "text_file:")
    with pytest.raises(InputError) as caught:
        load_map(path)
    assert str(caught.value) == (
        f"{path}:{line}: source 'note': text_file '../texts/note.txt' is outside the map's"
        " folder; move the text beside the map or allow its folder"
    )
    assert caught.value.option == "allow-dir"
    expected = load_map(_write(tmp_path, MINI))
    assert load_map(path, allow_dirs=[texts]) == expected
    assert load_corpus([path], allow_dirs=[str(texts)]).maps == (expected,)
    assert loads_map(path.read_text("utf-8"), path, allow_dirs=[texts]) == expected
    with applied(Limits(allow_dirs=(texts,))):
        assert load_map(path) == expected
    with pytest.raises(InputError, match="outside the map's folder"):
        load_map(path)  # the limits applied ended with their block


def test_text_file_path_says_which_file_a_map_may_read(tmp_path: Path) -> None:
    from argmap.formats.authoring import text_file_path
    from argmap.util.limits import Limits

    map_file = tmp_path / "maps" / "m.yaml"
    map_file.parent.mkdir()
    assert text_file_path(map_file, "sub/../a.txt") == (tmp_path / "maps" / "a.txt").resolve()
    with pytest.raises(InputError, match=r"m\.yaml: text_file '\.\./a\.txt' is outside"):
        text_file_path(map_file, "../a.txt")
    allowed = Limits(allow_dirs=(tmp_path,))
    assert text_file_path(map_file, "../a.txt", allowed) == (tmp_path / "a.txt").resolve()


@pytest.mark.parametrize(
    ("make", "needle"),
    [
        (lambda p: p.mkdir(), "is a folder; name a text file"),
        (lambda p: p.write_bytes(b"caf\xe9"), "is not UTF-8 text (byte 0xe9 at offset 3)"),
        (lambda p: p.symlink_to(p.parent / "mini-source.txt"), None),  # a link inside: fine
    ],
    ids=["folder", "not-utf8", "link-inside"],
)
def test_a_text_file_must_be_a_readable_utf8_regular_file(
    tmp_path: Path, make: Any, needle: str | None
) -> None:
    path = _write(tmp_path, _with_text_file("the-text"))
    make(tmp_path / "the-text")
    if needle is None:
        assert load_map(path).sources[0].text == (DATA / "mini-source.txt").read_text("utf-8")
        return
    with pytest.raises(
        InputError, match=re.escape(f"source 'note': text_file 'the-text' {needle}")
    ):
        load_map(path)


def test_a_source_text_over_its_limit_is_refused_inline_or_in_a_file(tmp_path: Path) -> None:
    from argmap.util.limits import Limits

    small = Limits(max_source_bytes=100)
    path = _write(tmp_path, MINI)
    with pytest.raises(InputError) as caught:
        load_map(path, limits=small)
    assert str(caught.value).endswith(
        "text_file 'mini-source.txt' is larger than argmap reads in a source text (100 bytes,"
        " 100 bytes); split the source"
    )
    assert caught.value.option == "max-source-mb"
    inline = MINI.replace("text_file: mini-source.txt", "text: " + "w" * 101)
    with pytest.raises(InputError) as caught:
        load_map(_write(tmp_path, inline), limits=small)
    assert f":{_line_of(MINI, 'text_file:')}: source 'note': 'text' is longer" in str(caught.value)
    assert caught.value.option == "max-source-mb"


@pytest.mark.parametrize("name", ["map.yaml", "map.json"])
def test_a_text_over_the_text_limit_is_refused_with_its_place(tmp_path: Path, name: str) -> None:
    from argmap.util.limits import Limits

    data = yaml.safe_load(MINI)
    data["claims"][2]["note"] = "é" * 60_000  # 60,000 characters, 120,000 bytes
    text = (
        yaml.safe_dump(data, width=1 << 30, allow_unicode=True)
        if name == "map.yaml"
        else json.dumps(data, indent=1, ensure_ascii=False)
    )
    path = _write(tmp_path, text, name)
    with pytest.raises(InputError) as caught:
        load_map(path)
    line = _line_of(text, "éééé")
    assert str(caught.value) == (
        f"{path}:{line}: claim 'quality-gap': 'note' is longer than argmap reads in a text"
        " (100000 bytes, 100 kB); shorten it"
    )
    assert caught.value.option == "max-text-kb"
    assert load_map(path, limits=Limits(max_text_bytes=120_000)).claims[2].note == "é" * 60_000


def test_a_map_file_over_the_file_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    from argmap.util.limits import Limits

    path = _write(tmp_path, MINI)
    with pytest.raises(InputError) as caught:
        load_map(path, limits=Limits(max_file_bytes=1000))
    assert str(caught.value) == (
        f"{path}: argmap reads a map file of up to 1000 bytes (1 kB) and this is"
        f" {path.stat().st_size} bytes; split the file"
    )
    assert caught.value.option == "max-file-mb"
    with pytest.raises(InputError, match="map file of up to 1000 bytes"):
        loads_map(MINI, path, limits=Limits(max_file_bytes=1000))


def test_a_few_aliases_are_fine_and_more_than_the_budget_are_refused(tmp_path: Path) -> None:
    from argmap.util.limits import Limits

    shared = MINI.replace("topics: [economics]", "topics: &econ [economics]", 1).replace(
        'topics: [competition]\n    quotes:\n      - {source: note, text: "they erode',
        'topics: *econ\n    quotes:\n      - {source: note, text: "they erode',
    )
    assert shared.count("*econ") == 1
    assert load_map(_write(tmp_path, shared)).claims[1].topics == ("economics",)
    many = "argmap: 1\nid: m\ntitle: &t T\ndescription: [" + ", ".join(["*t"] * 101) + "]\n"
    with pytest.raises(InputError, match=r"map\.yaml: the YAML uses more than 100 aliases"):
        load_map(_write(tmp_path, many))
    few = many.replace(", *t" * 100, ", *t" * 9)
    with pytest.raises(InputError, match="expand it to more than 5 values"):
        load_map(_write(tmp_path, few), limits=Limits(max_yaml_nodes=5))


def test_merge_keys_count_against_the_alias_budget(tmp_path: Path) -> None:
    from argmap.util.limits import Limits

    levels = ["a0: &a0 {k0: x}"] + [
        f"a{i}: &a{i} {{<<: [*a{i - 1}, *a{i - 1}], k{i}: x}}" for i in range(1, 30)
    ]
    path = _write(tmp_path, "argmap: 1\nid: m\ntitle: T\n" + "\n".join(levels) + "\n")
    with pytest.raises(InputError, match="expand it to more than 1000000 values"):
        load_map(path, limits=Limits(max_yaml_aliases=1000))


# ---- the YAML writer: byte for byte what PyYAML's dumper wrote -----------------------------------
#
# dumps_yaml writes with its own walk (formats.authoring._YamlWriter) and PyYAML's emitter for
# the values it quotes. The writer it replaced is kept here, as it was, to compare with.


class _ReferenceDumper(yaml.SafeDumper):
    """The writer before _YamlWriter: PyYAML's pure Python dumper."""


def _reference_represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = '"' if any(c in value for c in "\x85\u2028\u2029") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_ReferenceDumper.add_representer(str, _reference_represent_str)


def _reference_dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_ReferenceDumper, sort_keys=False, allow_unicode=True, width=100)


def _reference_dumps_yaml(m: Any) -> str:
    data = m.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    return _reference_dump({"argmap": 1, **data})


# Pieces of text that make PyYAML quote, escape, fold or resolve: indicators where they count,
# line breaks of every kind, characters it escapes, words that read as other types.
_TRICKY = [
    *" :#-?'\"\\,[]{}&*!|>%@`=~\t\n\r\x85\u2028\u2029\ufeff\xa0\x00\x07\x7f\x9f\ud800\ufffe",
    *"\U0010ffff\U0010fffeé中😀",
    *["  ", ": ", " #", "- ", "? ", "...", "---", "<<", "\n\n", "\r\n", "true", "No", "null"],
    *["1", "-2", "1.5", "1e3", "0x1F", ".inf", "2024-05-17", "12:30", "yes", "on"],
]
_words = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABC0123456789.", min_size=1, max_size=12)
_pieces = st.one_of(_words, _words, st.sampled_from(_TRICKY), st.text(max_size=4))
_tricky_texts = st.lists(_pieces, max_size=50).map("".join)
# Words and single spaces (an empty word makes two): what a long plain value is made of.
_prose = st.lists(
    _words | st.sampled_from(["", "é", "中文字", "😀", "it's", "a,b", "(x)", "x:y", "#1"]),
    min_size=1,
    max_size=60,
).map(" ".join)
_scalars = st.one_of(
    _tricky_texts,
    _prose,
    st.integers(),
    st.floats(),
    st.booleans(),
    st.none(),
)
_keys = st.one_of(
    st.sampled_from(["id", "text", "claims", "from", "to", "on", "null", "1", "a: b", "-"]),
    st.sampled_from(["k" * 121, "k" * 122, "é" * 122, "'k" * 61]),  # 128 with the tag: simple
    _words,
    # On one line: a key that is empty, has a line break, or is of 128 or more is written
    # '? key' (by PyYAML: _YamlWriter leaves such a map to it).
    st.lists(_pieces, min_size=1, max_size=8)
    .map("".join)
    .filter(lambda text: text and not re.search("[\n\r\x85\u2028\u2029]", text)),
)
_documents = st.dictionaries(
    _keys,
    st.recursive(
        _scalars,
        lambda children: (
            st.lists(children, max_size=4) | st.dictionaries(_keys, children, max_size=4)
        ),
        max_leaves=30,
    ),
    min_size=1,
    max_size=6,
)


def _written(data: dict[str, Any]) -> str | None:
    """What _YamlWriter writes, or None for data it leaves to PyYAML."""
    from argmap.formats.authoring import _UnsupportedError, _YamlWriter

    try:
        return _YamlWriter().dumps(data)
    except _UnsupportedError:
        return None


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_documents)
def test_the_writer_writes_any_data_as_pyyaml_did(data: dict[str, Any]) -> None:
    try:
        expected = _reference_dump(data)
    except ValueError:  # an integer of more than 4300 digits: neither writes it
        return
    written = _written(data)
    assert written is None or written == expected


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(argument_maps())
def test_written_yaml_is_what_pyyaml_wrote(m) -> None:
    assert dumps_yaml(m) == _reference_dumps_yaml(m)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(argument_maps(), st.data())
def test_written_yaml_of_long_and_tricky_texts_is_what_pyyaml_wrote(m, data) -> None:
    from argmap import ArgumentMap

    texts = (_tricky_texts | _prose).filter(
        lambda text: text and not re.search("[\ud800-\udfff]", text)
    )
    dumped = m.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    dumped["title"] = data.draw(texts)
    dumped["description"] = data.draw(texts)
    for claim in dumped["claims"]:
        claim["text"] = data.draw(texts)
        claim["note"] = data.draw(texts)
    m = ArgumentMap.model_validate(dumped)
    assert dumps_yaml(m) == _reference_dumps_yaml(m)


@pytest.mark.parametrize(
    "value",
    [
        "word " * 40,  # a long plain value, broken at the width
        ("word " * 40).strip(),
        "a  b " * 30 + "end",  # runs of spaces never break
        "x" * 150 + " y",
        "key: value " * 15,  # single-quoted, broken at the width
        "tab\there " * 15,  # double-quoted, broken at the width
        "line\u2028break " * 15,
        "😀 " * 60 + "end",
        "",
        "true",
        "0.5",
        "-dash",
        "colon:",
        "a #b",
        "a#b",
        "...more",
    ],
)
@pytest.mark.parametrize("where", ["value", "item", "key", "nested"])
def test_the_writer_writes_chosen_values_as_pyyaml_did(value: str, where: str) -> None:
    data: dict[str, Any] = {
        "value": {"argmap": 1, "v": value, "n": 1.5, "e": [], "m": {}},
        "item": {"items": [value, [value, []], {"k": value}]},
        "key": {value: value, "k": [{value: [value]}]},
        "nested": {"a": [[[value, {"b": [[value]]}]]]},
    }[where]
    written = _written(data)
    assert written is not None or where == "key"
    assert written is None or written == _reference_dump(data)


def _map_files() -> list[Path]:
    root = DATA.parent.parent
    return sorted(
        path
        for folder in (root / "data", DATA, root / "tests" / "golden")
        for path in folder.rglob("*")
        if path.suffix in (".yaml", ".yml", ".json")
    )


def test_every_stored_map_is_written_as_pyyaml_wrote_it() -> None:
    written = 0
    for path in _map_files():
        try:
            m = load_map(path)
        except ArgmapError:  # not a map (a golden export, a hostile file)
            continue
        assert dumps_yaml(m) == _reference_dumps_yaml(m), path
        written += 1
    assert written >= 5


# ---- arguments, schemes, attacks on arguments, conflicts and `by` (issue 15) -----------------

ARGUMENTS_FILE = DATA / "arguments.yaml"
ARGUMENTS = ARGUMENTS_FILE.read_text("utf-8")


def test_the_arguments_example_holds_every_kind_of_argument_and_link() -> None:
    from argmap.model.entities import ANALYST, AttackKind, RelationType
    from argmap.model.schemes import BUILTIN_SCHEMES

    m = load_map(ARGUMENTS_FILE)
    expert, forecast = m.arguments_by_id["expert"], m.arguments_by_id["forecast"]
    assert expert.premises == ("costs-in-field", "lee-expert", "lee-says")  # linked, a set
    assert expert.scheme in BUILTIN_SCHEMES and expert.by == ("reporter",)
    (own,) = m.schemes
    assert forecast.scheme == own.id and own.broader in BUILTIN_SCHEMES
    assert m.arguments_by_id["trend"].by == (ANALYST,)
    # The words that make an argument stand at their offsets in the source.
    (text,) = [s.text for s in m.sources]
    for argument in m.arguments:
        for q in argument.quotes:
            assert text is not None and text[q.start : q.end] == q.text
    assert expert.quotes and forecast.quotes

    def relation(type_: RelationType, kind: AttackKind | None = None) -> list[tuple[str, str]]:
        return [(r.source, r.target) for r in m.relations if (r.type, r.kind) == (type_, kind)]

    attack = RelationType.ATTACK
    assert relation(attack, AttackKind.UNDERMINE) == [("subsidies", "solar-cheaper")]
    assert "solar-cheaper" in forecast.premises  # what is undermined is a premise
    assert relation(attack, AttackKind.UNDERCUT) == [
        ("lee-funded", "expert"),  # an argument's inference
        ("funding-disclosed", "undercut-expert"),  # the undercut itself
    ]
    assert relation(attack, AttackKind.REBUT) == [("grid-limits", "forecast")]
    assert relation(RelationType.CONTRARY) == [("coal-cheapest", "solar-cheaper")]
    assert relation(RelationType.CONTRADICTORY) == [("solar-not-cheaper", "solar-cheaper")]
    assert relation(RelationType.REPHRASE) == [("solar-wins", "solar-overtakes")]
    # A support is a one-premise argument; two arguments conclude solar-overtakes.
    assert [a.id for a in m.arguments_for("solar-overtakes")] == ["forecast", "trend"]
    assert m.inferences[-1].premises == ("cheap-draws",)
    whom = {who for e in (*m.arguments, *m.relations, *m.stances) for who in e.by}
    assert whom == {"reporter", "coal-lobby", ANALYST}


def test_the_arguments_example_is_written_back_byte_for_byte() -> None:
    m = load_map(ARGUMENTS_FILE)
    assert dumps_yaml(m) == ARGUMENTS
    assert _reference_dumps_yaml(m) == ARGUMENTS  # the fast writer agrees with PyYAML
    assert loads_map(dumps_yaml(m)) == m


def test_written_yaml_keeps_the_collections_and_fields_in_the_files_order() -> None:
    written = dumps_yaml(load_map(ARGUMENTS_FILE))
    tops = [line[:-1] for line in written.splitlines() if line.endswith(":") and line[0] != " "]
    assert tops == ["sources", "actors", "schemes", "issues", "claims", "arguments", "relations",
                    "stances"]  # fmt: skip
    expert = written[written.index("- id: expert") : written.index("- id: forecast")]
    keys = re.findall(r"^(?:- |  )([a-z_]+):", expert, re.MULTILINE)
    assert keys == ["id", "premises", "conclusion", "scheme", "quotes", "by"]


def test_the_arguments_example_reads_the_same_from_json(tmp_path: Path) -> None:
    path = tmp_path / "arguments.json"
    path.write_text(json.dumps(yaml.safe_load(ARGUMENTS), indent=2), encoding="utf-8")
    assert load_map(path) == load_map(ARGUMENTS_FILE)


def _after(text: str, anchor: str, old: str, new: str) -> str:
    """``text`` with the first ``old`` after ``anchor`` replaced by ``new``."""
    at = text.index(anchor)
    assert old in text[at:]
    return text[:at] + text[at:].replace(old, new, 1)


@pytest.mark.parametrize(
    ("anchor", "old", "new", "needle", "expected"),
    [
        (
            "- id: expert",
            "  - lee-says\n",
            "  - lee-sez\n",
            "- lee-sez",
            "argument 'expert': 'premises' names unknown claim 'lee-sez'; define it or fix the id",
        ),
        (
            # Premises are a set the model sorts: the error is still on the line of the id.
            "- id: expert",
            "  - lee-says\n",
            "  - Lee Says\n",
            "- Lee Says",
            "argument 'expert': 'Lee Says' is not a valid id",
        ),
        (
            "- id: expert",
            "  premises:\n  - costs-in-field\n  - lee-expert\n  - lee-says\n",
            "  premises: []\n",
            "premises: []",
            "argument 'expert': an argument needs at least one premise: list the claims that give"
            " its conclusion",
        ),
        (
            "- id: expert",
            "conclusion: solar-cheaper",
            "conclusion: lee-says",
            "- lee-says",
            "'lee-says' is both a premise and the conclusion",
        ),
        (
            "- id: expert",
            "conclusion: solar-cheaper",
            "conclusion: coal-lobby",
            "conclusion: coal-lobby",
            "'conclusion' names 'coal-lobby' is an actor, not a claim",
        ),
        (
            "- id: expert",
            "scheme: expert-opinion",
            "scheme: expert-opinon",
            "scheme: expert-opinon",
            "unknown scheme 'expert-opinon'; did you mean 'expert-opinion'? use a built-in scheme"
            " (see 'argmap schemes') or define it under 'schemes:'",
        ),
        (
            "- id: trend",
            "scheme: sign",
            "scheme: lee-says",
            "scheme: lee-says",
            "argument 'trend': 'lee-says' is a claim, not a scheme",
        ),
        (
            "- id: expert",
            "  conclusion: solar-cheaper\n",
            "  conclusion: solar-cheaper\n  premise: lee-says\n",
            "premise: lee-says",
            "argument 'expert': unknown key 'premise'; did you mean 'premises'?",
        ),
        (
            "schemes:",
            "broader: cause-to-effect",
            "broader: cause-effect",
            "broader: cause-effect",
            "scheme 'market-forecast': 'broader' names unknown scheme 'cause-effect'",
        ),
        (
            "schemes:",
            "broader: cause-to-effect",
            "broader: market-forecast",
            "broader: market-forecast",
            "scheme 'market-forecast': a scheme cannot refine itself",
        ),
        (
            "- id: forecast",
            "  - reporter\n",
            "  - reportr\n",
            "- reportr",
            "argument 'forecast': 'by' names unknown actor 'reportr'; define it or fix the id,"
            " or write 'analyst' for your own link",
        ),
        (
            "- id: lobby-overtakes",
            "  - analyst\n",
            "  - analyst\n  - nobody\n",
            "- nobody",
            "stance 'lobby-overtakes': 'by' names unknown actor 'nobody'",
        ),
        (
            "- id: undermine-cheaper",
            "to: solar-cheaper",
            "to: grid-limits",
            "to: grid-limits",
            "'grid-limits' is no argument's premise, so nothing is undermined; use kind: rebut",
        ),
        (
            "- id: undermine-cheaper",
            "to: solar-cheaper",
            "to: trend",
            "to: trend",
            "an undermine attacks a premise, but 'trend' is an argument",
        ),
        (
            "- id: undercut-expert",
            "to: expert",
            "to: lee-expert",
            "to: lee-expert",
            "an undercut attacks an inference, but 'lee-expert' is a claim",
        ),
        (
            "- id: rebut-forecast",
            "to: forecast",
            "to: coal-contrary",
            "to: coal-contrary",
            "'coal-contrary' is a contrary relation: an attack on it is an undercut; set kind:"
            " undercut",
        ),
        (
            "- id: coal-contrary",
            "to: solar-cheaper",
            "to: trend",
            "to: trend",
            "relation 'coal-contrary': a contrary must target a claim, not an argument",
        ),
        (
            "- id: wins-rephrase",
            "  type: rephrase\n",
            "  type: rephrase\n  kind: undercut\n",
            "- id: wins-rephrase",  # the relation's line: the model checks the two keys together
            "a rephrase has no 'kind'",
        ),
        (
            "- id: cheaper-contradictory",
            "type: contradictory",
            "type: contradicts",
            "type: contradicts",
            "'contradicts' is not allowed for 'type'; use one of: 'support', 'attack', 'contrary',"
            " 'contradictory' or 'rephrase'",
        ),
    ],
    ids=[
        "unknown-premise",
        "bad-premise-id-sorted-first",
        "no-premises",
        "conclusion-among-premises",
        "conclusion-not-a-claim",
        "misspelt-scheme",
        "scheme-names-a-claim",
        "misspelt-premises-key",
        "unknown-broader-scheme",
        "scheme-refines-itself",
        "unknown-actor-in-by",
        "unknown-actor-in-a-stances-by",
        "undermine-of-no-premise",
        "undermine-of-an-argument",
        "undercut-of-a-claim",
        "rebut-of-a-contrary",
        "contrary-to-an-argument",
        "rephrase-with-a-kind",
        "misspelt-type",
    ],
)
def test_bad_argument_or_link_is_reported_on_the_line_of_the_mistake(
    tmp_path: Path, anchor: str, old: str, new: str, needle: str, expected: str
) -> None:
    text = _after(ARGUMENTS, anchor, old, new)
    assert text.count(needle) == 1, needle
    problems = _problems(tmp_path, text)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{tmp_path / 'map.yaml'}:{_line_of(text, needle)}: "), problems
    assert expected in problems[0]


def test_an_actor_may_not_be_called_analyst(tmp_path: Path) -> None:
    text = ARGUMENTS.replace("- id: lee\n", "- id: analyst\n").replace(
        "actor: lee\n", "actor: analyst\n"
    )
    problems = _problems(tmp_path, text)
    assert problems == [
        f"{tmp_path / 'map.yaml'}:{_line_of(text, 'id: analyst')}: actor 'analyst': the id"
        " 'analyst' is kept for 'by: analyst' (the mapper's own links); rename the actor"
    ]


def test_a_map_scheme_may_not_reuse_a_built_in_slug(tmp_path: Path) -> None:
    text = ARGUMENTS.replace("id: market-forecast", "id: sign").replace(
        "scheme: market-forecast", "scheme: sign"
    )
    problems = _problems(tmp_path, text)
    assert problems == [
        f"{tmp_path / 'map.yaml'}:{_line_of(text, 'id: sign')}: scheme 'sign': scheme 'sign' is"
        " built in; use it without defining it, or rename yours"
    ]


def test_every_bad_premise_of_one_argument_is_on_its_own_line(tmp_path: Path) -> None:
    text = _after(ARGUMENTS, "- id: expert", "  - costs-in-field\n", "  - zz-costs\n")
    text = _after(text, "- id: expert", "  - lee-expert\n", "  - aa-expert\n")
    problems = _problems(tmp_path, text)
    assert sorted(problems) == sorted(
        f"{tmp_path / 'map.yaml'}:{_line_of(text, f'- {ref}')}: argument 'expert': 'premises'"
        f" names unknown claim '{ref}'; define it or fix the id"
        for ref in ("zz-costs", "aa-expert")
    )


def test_json_argument_problems_are_on_the_line_of_the_id(tmp_path: Path) -> None:
    data = yaml.safe_load(ARGUMENTS)
    data["arguments"][0]["premises"] = ["costs-in-field", "lee-expert", "lee-sez"]
    data["relations"][0]["by"] = ["coal-lobby", "Not An Id"]
    text = json.dumps(data, indent=2)
    problems = _problems(tmp_path, text, "map.json")
    assert problems == [
        f"{tmp_path / 'map.json'}:{_line_of(text, 'Not An Id')}: relation 'undermine-cheaper':"
        " 'Not An Id' is not a valid id: use letters, digits, '-', '_' or '.', starting with a"
        " letter or digit"  # no "another map's entity": 'by' names this file's actors
    ]
    data["relations"][0]["by"] = ["coal-lobby"]
    text = json.dumps(data, indent=2)
    problems = _problems(tmp_path, text, "map.json")
    assert problems == [
        f"{tmp_path / 'map.json'}:{_line_of(text, 'lee-sez')}: argument 'expert': 'premises'"
        " names unknown claim 'lee-sez'; define it or fix the id"
    ]


def test_json_schema_offers_the_built_in_schemes_and_analyst() -> None:
    from argmap.formats.authoring import json_schema
    from argmap.model.schemes import BUILTIN_SCHEMES

    schema = json_schema()
    assert list(schema["properties"])[5:] == [
        "sources", "topics", "actors", "schemes", "issues", "claims", "arguments", "relations",
        "stances", "locutions", "illocutions", "transitions",
    ]  # fmt: skip
    defs = schema["$defs"]
    argument = defs["Argument"]
    assert argument["required"] == ["id", "premises", "conclusion"]
    assert argument["properties"]["premises"]["minItems"] == 1
    (named,) = [b for b in argument["properties"]["scheme"]["anyOf"] if b.get("type") == "string"]
    assert named["examples"] == list(BUILTIN_SCHEMES)
    assert set(defs["Scheme"]["properties"]) == {"id", "label", "description", "broader"}
    for name in ("Argument", "Relation", "Stance"):
        assert defs[name]["properties"]["by"]["items"]["examples"] == ["analyst"]
    assert defs["RelationType"]["enum"] == [
        "support", "attack", "contrary", "contradictory", "rephrase",
    ]  # fmt: skip
    assert defs["AttackKind"]["enum"] == ["rebut", "undermine", "undercut"]
