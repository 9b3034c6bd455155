"""Hostile YAML in map files and Argdown front matter: YAML 1.1 base-60 numbers (which
PyYAML converts in quadratic time) and tags that build a non-text value from text (which
would slip past the text limits). Each command-line case runs under tests/hostile/bounded.py's
limits and must end in one line of error, well within them."""

from __future__ import annotations

import base64
import datetime as dt
import sys
from pathlib import Path

import pytest
import yaml

from argmap.errors import InputError
from argmap.formats import argdown
from argmap.formats.authoring import loads_map
from tests.hostile.bounded import Bounded, run_bounded

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX files and limits")

HEAD = "argmap: 1\nid: m\ntitle: A map\n"
CLAIMS = "claims:\n  - {id: c1, text: A claim.}\n"
#: 400,000 base-60 groups, 1.2 MB: converting it as a number took PyYAML 37 s.
BASE60 = "1" + ":59" * 400_000
#: 300 kB of base64, three times the 100 kB a text may hold.
BINARY = base64.b64encode(b"x" * 225_000).decode("ascii")


def _bounded(args: list[str], cwd: Path) -> Bounded:
    result = run_bounded(args, cwd=cwd)
    print(
        f"argmap {' '.join(args)}: {result.cpu_seconds:.2f} s CPU, {result.peak_megabytes:.0f} MB"
    )
    return result


# ---- base-60 numbers are text -----------------------------------------------------------------


def test_a_long_base60_number_in_a_map_is_a_long_text(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(f"{HEAD}x: {BASE60}\n{CLAIMS}", encoding="utf-8")
    result = _bounded(["validate", str(path)], tmp_path)
    result.assert_within_bounds()
    result.assert_one_line_error(f"{path}:4:", "'x' is longer than argmap reads in a text")


def test_a_long_base60_number_in_argdown_front_matter_is_text(tmp_path: Path) -> None:
    # A third of BASE60 (as a number PyYAML took some 4 s on it): the import parses its front
    # matter with PyYAML's pure-Python parser and writes the value back, about 1 s a megabyte.
    path = tmp_path / "d.argdown"
    path.write_text(f"===\nx: {BASE60[:400_000]}\n===\n\n[A]: A claim.\n", encoding="utf-8")
    # The value lands in the description, so the text limit is raised for it.
    result = _bounded(["--max-text-kb", "1000", "import", str(path)], tmp_path)
    result.assert_within_bounds()
    assert result.code == 0, result.stderr
    assert '"x": "1:59:59:59' in result.stdout  # the front matter, in the description


def test_base60_reads_as_text_in_a_map() -> None:
    m = loads_map(f"{HEAD}description: 1:30\n{CLAIMS}")
    assert m.description == "1:30"
    m = loads_map(f"{HEAD}description: -1:30:00.5\n{CLAIMS}")
    assert m.description == "-1:30:00.5"


def test_base60_reads_as_text_in_argdown_front_matter() -> None:
    m = argdown.loads("===\ntitle: 1:30\n===\n\n[A]: A claim.\n")
    assert m.title == "1:30"


@pytest.mark.parametrize(
    "scalar",
    ["!!int 1:30", "!!float 1:30.5", "!!int 1" + ":59" * 100_000],
)
def test_a_tagged_base60_number_is_refused(scalar: str) -> None:
    with pytest.raises(InputError, match=r"<string>:4: .*base-60"):
        loads_map(f"{HEAD}x: {scalar}\n{CLAIMS}")


def test_other_scalars_resolve_as_before() -> None:
    """Only base-60 changed: every other implicit int, float, bool, null and date reads as
    PyYAML's SafeLoader reads it (a date as its ISO text)."""
    from argmap.formats.authoring import _parse_yaml
    from argmap.util.limits import current

    same = [
        *"12 -3 +4 0x1F 0o17 017 0b101 1_000 1.5 -.5 1e3 1.0e+3 .inf -.Inf .nan".split(),  # noqa: SIM905
        *"yes No on OFF true null ~ '' 2024-06-01 1:3a a:b 12:x 0:30 1.2:30".split(),  # noqa: SIM905
        "2024-06-01 10:00:00",
        "2024-6-1 1:02:03",
    ]
    base60 = ["1:30", "10:00", "-1:30", "+190:20:30", "1:30.5", "-1:0:30.25_5", "0:30.5"]
    block = "".join(f"  - {value}\n" for value in [*same, *base60])
    values = _parse_yaml(f"a:\n{block}", "<t>", current(None))[0]["a"]
    plain = yaml.safe_load("".join(f"- {value}\n" for value in same))
    expected = [v.isoformat() if isinstance(v, dt.date) else v for v in plain]
    assert repr(values) == repr([*expected, *base60])
    assert 15 in values and 1000.0 in values and "0:30" in values  # a few spot checks


# ---- tags that build a non-text value from text -----------------------------------------------


def test_binary_in_a_map_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(f"argmap: 1\nid: m\ntitle: !!binary {BINARY}\n{CLAIMS}", encoding="utf-8")
    result = _bounded(["validate", str(path)], tmp_path)
    result.assert_within_bounds()
    result.assert_one_line_error(
        f"{path}:3:", "tag !!binary is not allowed in a map; write the text itself"
    )


def test_binary_in_argdown_front_matter_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "d.argdown"
    path.write_text(f"===\ntitle: !!binary {BINARY}\n===\n\n[A]: A claim.\n", encoding="utf-8")
    result = _bounded(["import", str(path)], tmp_path)
    result.assert_within_bounds()
    result.assert_one_line_error(f"{path}:2", "tag !!binary is not allowed in a map")


@pytest.mark.parametrize(
    "value",
    [
        "!!binary aGVsbG8=",
        "!!set {a, b}",
        "!!omap [{a: 1}]",
        "!!pairs [{a: 1}]",
        "!!binary |\n    aGVsbG8=",
    ],
)
def test_tags_that_build_other_values_are_refused(value: str) -> None:
    tag = value.split()[0]
    with pytest.raises(InputError, match=rf"<string>:3: .*tag {tag} is not allowed in a map"):
        loads_map(f"argmap: 1\nid: m\ndescription: {value}\ntitle: T\n{CLAIMS}")
    with pytest.raises(InputError, match=rf"tag {tag} is not allowed in a map"):
        argdown.loads(f"===\nx: {value}\n===\n\n[A]: A claim.\n")


def test_a_timestamp_tag_on_text_is_an_error_not_a_crash() -> None:
    with pytest.raises(InputError, match=r"<string>:3: .*timestamp"):
        loads_map(f"argmap: 1\nid: m\ntitle: !!timestamp not a date\n{CLAIMS}")
    m = loads_map(f"argmap: 1\nid: m\ntitle: !!timestamp 2024-06-01\n{CLAIMS}")
    assert m.title == "2024-06-01"
