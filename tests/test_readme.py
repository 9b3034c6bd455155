"""The README's example queries print exactly what the README shows."""

from __future__ import annotations

import re
import shlex

import pytest
from typer.testing import CliRunner

from argmap.cli import app
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text("utf-8")
EXAMPLES = re.findall(r"```\n\$ (argmap query[^\n]*)\n([\s\S]*?)```", README)
SEED = [str(p) for p in sorted((ROOT / "data").glob("*.yaml"))]


def test_readme_has_its_three_debate_questions() -> None:
    assert len(EXAMPLES) >= 3


@pytest.mark.parametrize(("command", "shown"), EXAMPLES, ids=[c[:60] for c, _ in EXAMPLES])
def test_readme_example_prints_what_the_readme_shows(command: str, shown: str) -> None:
    args = shlex.split(command)[1:]
    at = args.index("data/*.yaml")
    result = CliRunner().invoke(app, [*args[:at], *SEED, *args[at + 1 :]])
    assert result.exit_code == 0, result.output
    assert result.stdout == shown
