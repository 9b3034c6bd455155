"""The README's example queries print exactly what the README shows."""

from __future__ import annotations

import re
import shlex

import pytest
from typer.testing import CliRunner

from argmap import loads_map
from argmap.cli import app
from argmap.model.entities import AttackKind
from argmap.model.schemes import BUILTIN_SCHEMES
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


WALKTHROUGH = re.search(r"## Five minutes with argmap\n[\s\S]*?```sh\n([\s\S]*?)```", README)


def _walkthrough_commands() -> list[list[str]]:
    assert WALKTHROUGH is not None, "README lost its 'Five minutes with argmap' walkthrough"
    commands = []
    for line in WALKTHROUGH.group(1).splitlines():
        words = shlex.split(line, comments=True)
        if words and words[0] == "argmap":
            commands.append(words[1:])
    return commands


def test_readme_walkthrough_runs_as_written_on_a_new_map(tmp_path, monkeypatch) -> None:
    commands = _walkthrough_commands()
    assert [c[0] for c in commands] == [
        "new",
        "validate",
        "check-quotes",
        "queries",
        "query",
        "query",
        "render",
        "export",
    ]
    monkeypatch.chdir(tmp_path)
    outputs = []
    for args in commands:
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, f"argmap {shlex.join(args)}: {result.output}"
        outputs.append(result.stdout)
    # The new map's claims come back from the hand-written query, and the files exist.
    assert outputs[5].count("\n") >= 4
    assert (tmp_path / "town.html").stat().st_size > 100_000
    gexf = (tmp_path / "town.gexf").read_text("utf-8")
    assert "<gexf" in gexf and "Should our town ban cars" in gexf


AUTHORING = re.search(r"## The authoring format by example\n[\s\S]*?```yaml\n([\s\S]*?)```", README)


def test_readme_authoring_example_validates_with_shapes_and_its_quotes_stand(tmp_path) -> None:
    assert AUTHORING is not None, "README lost its authoring example"
    path = tmp_path / "example.yaml"
    path.write_text(AUTHORING.group(1), encoding="utf-8")
    validated = CliRunner().invoke(app, ["validate", str(path), "--shacl"])
    assert validated.exit_code == 0, validated.output
    assert "4 claims" in validated.output
    checked = CliRunner().invoke(app, ["check-quotes", str(path)])
    assert checked.exit_code == 0, checked.output


def test_readme_authoring_example_shows_a_linked_argument_with_a_scheme_and_by() -> None:
    assert AUTHORING is not None
    m = loads_map(AUTHORING.group(1))
    (argument,) = m.arguments
    assert len(argument.premises) == 2  # linked
    assert argument.scheme in BUILTIN_SCHEMES
    assert argument.by and set(argument.by) <= set(m.actors_by_id)
    # The attack undermines one of the argument's premises.
    (attack,) = m.relations
    assert attack.kind is AttackKind.UNDERMINE and attack.target in argument.premises


def test_readme_shows_the_error_argmap_gives_for_a_comma_in_a_flow_mapping(
    tmp_path, monkeypatch
) -> None:
    assert AUTHORING is not None
    shown = re.search(r"```text\n\$ argmap validate town.yaml\n(error: [^\n]*)\n```", README)
    assert shown is not None, "README lost its example of an error"
    quoted = AUTHORING.group(1)
    broken = quoted.replace('warrant: "If', "warrant: If").replace('ones."}', "ones.}")
    assert broken != quoted
    (tmp_path / "town.yaml").write_text(broken, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["validate", "town.yaml"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [shown.group(1)]


def test_readme_security_section_names_every_limit_and_how_to_raise_it() -> None:
    import dataclasses

    from argmap.util.limits import Limits

    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme[readme.index("## Security and limits") : readme.index("## Documentation")]
    flags = {
        "max_file_bytes": "--max-file-mb",
        "max_aif_bytes": "--max-file-mb",
        "max_source_bytes": "--max-source-mb",
        "max_text_bytes": "--max-text-kb",
        "allow_dirs": "--allow-dir",
    }
    for field in dataclasses.fields(Limits):
        assert flags.get(field.name, f"{field.name}=") in section, field.name
