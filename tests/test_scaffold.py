"""``argmap new``: the starter map validates (integrity, SHACL, quotes), shows every part of
the format (a linked argument with a scheme and ``by`` among them), keeps any title exactly,
and never overwrites a file."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from argmap import InputError, loads_map
from argmap.cli import app
from argmap.cli.scaffold import SOURCE_TEXT, new_map_text
from argmap.model.entities import ANALYST, AttackKind, RelationType
from argmap.model.ids import slugify
from argmap.model.schemes import BUILTIN_SCHEMES

runner = CliRunner()

HOSTILE_TITLES = [
    '"; rm -rf /',
    "</script><script>alert(1)</script>",
    "key: value # x",
    "- [a, b]: {c: d} & *ref !!python/object:os.system |",
    "'single' \"double\" \\back\\slash",
    "line one\nline two\ttab",
    "  leading and trailing spaces  ",
    "ünïcödé — 日本語の題名 🙂",
    "\x00\x07\x1b[31m\x85\u2028\ufeff control characters",
    "{{template}} {0} %s ${HOME}",
    "...",
    "---",
    "null",
    "yes",
    "123",
    "A very long title " * 20,
]


def _new(path: Path, title: str) -> None:
    # `--` ends the options, so a title may start with "-".
    result = runner.invoke(app, ["new", "-o", str(path), "--", title])
    assert result.exit_code == 0, result.output
    assert path.is_file()


def test_new_map_passes_validate_with_shacl_and_check_quotes(tmp_path: Path) -> None:
    path = tmp_path / "debate.yaml"
    _new(path, "Should we adopt a four-day week?")
    validated = runner.invoke(app, ["validate", str(path), "--shacl"])
    assert validated.exit_code == 0, validated.output
    assert validated.stdout.startswith("ok: 1 map(s), 5 claims,")
    checked = runner.invoke(app, ["check-quotes", str(path)])
    assert checked.exit_code == 0, checked.output
    assert "5 quotes in 1 map(s) stand verbatim at their offsets" in checked.stdout


def test_new_map_shows_every_part_of_the_format() -> None:
    m = loads_map(new_map_text("A debate"))
    assert m.id == "a-debate" and m.title == "A debate"
    assert len(m.sources) == 1 and m.sources[0].text == SOURCE_TEXT
    assert len(m.actors) == 2 and len(m.issues) == 1 and len(m.stances) == 2
    assert len(m.claims) == 5
    # Every claim the text states quotes it; the one premise it leaves unstated cannot.
    unquoted = [c.id for c in m.claims if not c.quotes]
    assert unquoted == ["trial-firms-typical"]
    kinds = sorted((r.type, r.kind) for r in m.relations)
    assert kinds == [
        (RelationType.ATTACK, AttackKind.REBUT),
        (RelationType.ATTACK, AttackKind.UNDERCUT),
        (RelationType.ATTACK, AttackKind.UNDERMINE),
        (RelationType.SUPPORT, None),
    ]
    assert {s.position.value for s in m.stances} == {"endorses", "opposes"}
    for owner in [*m.claims, *m.stances]:
        for q in owner.quotes:
            assert q.start is not None and SOURCE_TEXT[q.start : q.end] == q.text


def test_new_map_has_a_linked_argument_with_a_scheme_and_by() -> None:
    m = loads_map(new_map_text("A debate"))
    (argument,) = m.arguments
    assert len(argument.premises) == 2  # linked: the conclusion needs both
    assert argument.scheme in BUILTIN_SCHEMES
    assert argument.by and set(argument.by) <= set(m.actors_by_id)
    # The attacks hit the argument in each of the three ways.
    by_kind = {r.kind: r for r in m.relations if r.kind is not None}
    assert by_kind[AttackKind.UNDERCUT].target == argument.id
    assert by_kind[AttackKind.UNDERMINE].target in argument.premises
    assert by_kind[AttackKind.REBUT].target == argument.conclusion
    # The text makes the argument; the analyst adds one link of their own.
    analyst = [r.id for r in m.relations if ANALYST in r.by]
    assert analyst == ["larger-firms-support-small-firms"]


def test_new_map_is_commented_for_a_newcomer() -> None:
    text = new_map_text("A debate", file="debate.yaml")
    comments = [line for line in text.splitlines() if line.lstrip().startswith("#")]
    assert len(comments) >= 5
    assert "#   argmap validate debate.yaml --shacl" in text
    assert "# The format is described in docs/authoring.md" in text
    spaced = new_map_text("A debate", file="my maps/a debate.yaml")
    assert "#   argmap check-quotes 'my maps/a debate.yaml'" in spaced
    assert "#   argmap check-quotes FILE.yaml" in new_map_text("A debate", file="a\nb.yaml")


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_hostile_title_round_trips_exactly_into_a_valid_map(tmp_path: Path, title: str) -> None:
    path = tmp_path / "map.yaml"
    _new(path, title)
    text = path.read_text("utf-8")
    m = loads_map(text, path)
    assert m.title == title
    assert m.id == slugify(title, fallback="new-map")
    # The title is one line of the file, never spilling into comments or other keys.
    assert sum(line.startswith("title: ") for line in text.splitlines()) == 1
    assert yaml.safe_load(text)["title"] == title
    validated = runner.invoke(app, ["validate", str(path), "--shacl"])
    assert validated.exit_code == 0, validated.output


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1).filter(lambda t: t.strip() != ""))
def test_any_title_round_trips_exactly(title: str) -> None:
    m = loads_map(new_map_text(title))
    assert m.title == title
    assert m.id == slugify(title, fallback="new-map")
    assert yaml.safe_load(new_map_text(title))["title"] == title


@pytest.mark.parametrize("title", ["", "   ", "\n\t"])
def test_empty_title_is_refused_on_one_line(tmp_path: Path, title: str) -> None:
    with pytest.raises(InputError, match="the title is empty"):
        new_map_text(title)
    result = runner.invoke(app, ["new", "-o", str(tmp_path / "x.yaml"), "--", title])
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.output
    assert not (tmp_path / "x.yaml").exists()


def test_new_refuses_to_overwrite_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("my precious map\n", encoding="utf-8")
    result = runner.invoke(app, ["new", "Another debate", "-o", str(path)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {path}: already exists; choose another file with -o, or remove it first\n"
    )
    assert path.read_text("utf-8") == "my precious map\n"
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


def test_new_refuses_to_overwrite_through_a_dangling_symlink(tmp_path: Path) -> None:
    link = tmp_path / "link.yaml"
    link.symlink_to(tmp_path / "elsewhere.yaml")
    result = runner.invoke(app, ["new", "A debate", "-o", str(link)])
    assert result.exit_code == 1
    assert not (tmp_path / "elsewhere.yaml").exists()


def test_new_names_the_file_after_the_title_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["new", "Should We Adopt a 4-Day Week?"])
    assert result.exit_code == 0, result.output
    made = tmp_path / "should-we-adopt-a-4-day-week.yaml"
    assert loads_map(made.read_text("utf-8")).id == "should-we-adopt-a-4-day-week"
    assert "wrote should-we-adopt-a-4-day-week.yaml" in result.stderr
    again = runner.invoke(app, ["new", "Should We Adopt a 4-Day Week?"])
    assert again.exit_code == 1 and "already exists" in again.stderr


def test_new_writes_to_stdout_with_dash() -> None:
    result = runner.invoke(app, ["new", "On stdout", "-o", "-"])
    assert result.exit_code == 0, result.output
    assert loads_map(result.stdout).title == "On stdout"


def test_new_reports_a_missing_folder_on_one_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["new", "A debate", "-o", str(tmp_path / "no" / "m.yaml")])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and len(result.stderr.splitlines()) == 1
