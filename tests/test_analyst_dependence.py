"""What rests on the analyst's links (issue 17): ``argmap analyze`` solves the statuses again
without the links marked ``by: analyst`` and reports what changes, in every format; the map
page's "only what the text argues" drops the same links."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from argmap.analysis.semantics import grounded_statuses_for_corpus
from argmap.cli import app
from argmap.formats.authoring import load_corpus
from argmap.model.analyst import analyst_additions, analyst_share, without_analyst
from argmap.render.elements import build_elements, text_selection

ROOT = Path(__file__).resolve().parents[1]
ARGUMENTS = ROOT / "tests" / "data" / "arguments.yaml"
SEED = sorted((ROOT / "data").glob("*.yaml"))
runner = CliRunner()

# The analyst's attack on the only attacker of `cheap` is what keeps `cheap` accepted: without
# it, `costly` stands unattacked and `cheap` is rejected; nothing else changes (the text's
# support and stance stay).
DEFENDED = """\
argmap: 1
id: toy
title: One claim defended by the analyst
actors:
- {id: writer, name: The writer, kind: person}
claims:
- {id: cheap, text: Solar is cheap.}
- {id: costly, text: Solar is costly.}
- {id: subsidised, text: The costs counted include subsidies.}
- {id: panels, text: Panel prices fell.}
relations:
- {id: costly-rebuts, type: attack, from: costly, to: cheap, by: [writer]}
- {id: subsidies-rebut, type: attack, from: subsidised, to: costly, by: [analyst]}
- {id: panels-support, type: support, from: panels, to: cheap, by: [writer]}
stances:
- {id: writer-cheap, actor: writer, claim: cheap, position: endorses, by: [writer]}
"""


def analyze(paths: list[Path], *args: str) -> str:
    result = runner.invoke(app, ["analyze", *map(str, paths), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def defended(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("dependence") / "toy.yaml"
    path.write_text(DEFENDED, "utf-8")
    return path


def _by_hand_without_analyst(path: Path, out: Path) -> Path:
    """The map's YAML with the analyst's entries (and relations aimed at them) cut out, by
    a second, independent reading of the rule."""
    data: dict[str, Any] = yaml.safe_load(path.read_text("utf-8"))
    gone = set()
    for name in ("arguments", "relations", "stances"):
        gone |= {e["id"] for e in data.get(name, []) if "analyst" in e.get("by", [])}
    while True:
        more = {r["id"] for r in data.get("relations", []) if r["to"] in gone} - gone
        if not more:
            break
        gone |= more
    for name in ("arguments", "relations", "stances"):
        if name in data:
            data[name] = [e for e in data[name] if e["id"] not in gone]
    out.write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
    return out


def test_removing_the_analysts_defence_flips_exactly_those_claims_in_json(
    defended: Path,
) -> None:
    section = json.loads(analyze([defended], "--format", "json"))["analyst_dependence"]
    assert section["claims"] == [
        {
            "claim": "toy:cheap",
            "text": "Solar is cheap.",
            "with_analyst": "accepted",
            "without_analyst": "rejected",
        },
        {
            "claim": "toy:costly",
            "text": "Solar is costly.",
            "with_analyst": "rejected",
            "without_analyst": "accepted",
        },
    ]
    assert section["links"] == {
        "arguments": 0,
        "relations": 1,
        "stances": 0,
        "total": 1,
        "all": 4,
        "share": 0.25,
    }


def test_markdown_and_table_name_the_claim_with_both_statuses(defended: Path) -> None:
    markdown = analyze([defended], "--format", "markdown")
    section = markdown.split("## What rests on the analyst's links", 1)[1].split("\n## ", 1)[0]
    assert "1 of 4 links \\(25%\\) are the analyst's" in section
    assert "| toy:cheap | accepted | rejected | Solar is cheap. |" in section
    assert "| toy:costly | rejected | accepted | Solar is costly. |" in section
    assert section.count("| toy:") == 2
    table = analyze([defended])
    assert "What rests on the analyst's links: 1 of 4 links (25%)" in table
    rows = table.split("Claims whose status rests on the analyst's links (2)", 1)[1].splitlines()
    row = next(line for line in rows if "toy:cheap" in line)
    assert row.index("accepted") < row.index("rejected")
    row = next(line for line in rows if "toy:costly" in line)
    assert row.index("rejected") < row.index("accepted")


def test_arguments_fixture_lists_every_claim_the_analysts_links_decide(tmp_path: Path) -> None:
    report = json.loads(analyze([ARGUMENTS], "--format", "json"))
    section = report["analyst_dependence"]
    corpus = load_corpus([ARGUMENTS])
    with_analyst = grounded_statuses_for_corpus(corpus).claims
    by_hand = load_corpus([_by_hand_without_analyst(ARGUMENTS, tmp_path / "arguments.yaml")])
    without = grounded_statuses_for_corpus(by_hand).claims
    changed = {k: (v, without.get(k)) for k, v in with_analyst.items() if without.get(k) != v}
    assert changed  # the fixture's analyst links decide something
    assert {c["claim"]: (c["with_analyst"], c["without_analyst"]) for c in section["claims"]} == (
        changed
    )
    share = analyst_share(corpus)
    assert section["links"]["total"] == share.total > 0
    assert section["links"]["all"] == share.links
    # Every claim listed in JSON is in the Markdown and the table too.
    markdown = analyze([ARGUMENTS], "--format", "markdown")
    table = analyze([ARGUMENTS])
    for key in changed:
        assert f"| {key} |" in markdown and key in table


def test_without_analyst_drops_what_the_map_page_hides_and_keeps_every_claim() -> None:
    corpus = load_corpus([ARGUMENTS])
    removed = analyst_additions(corpus.maps)
    # The analyst's undercut of the text's undercut goes, and so does the undercut-of-it chain.
    assert "arguments:undercut-undercut" in removed and "arguments:trend" in removed
    reduced = without_analyst(corpus)
    assert [len(m.claims) for m in reduced.maps] == [len(m.claims) for m in corpus.maps]
    kept = {f"{m.id}:{e.id}" for m in reduced.maps for e in (*m.relations, *m.stances)}
    assert not kept & removed
    elements = build_elements(corpus)
    _, dropped = text_selection(elements)
    assert {e.partition("#")[0] for e in dropped} == removed


def test_a_map_without_analyst_links_says_so_in_one_line() -> None:
    # The seed maps mark no link as the analyst's yet; the section says so and solves nothing.
    corpus = load_corpus(SEED)
    assert analyst_share(corpus).total == 0 and without_analyst(corpus) is corpus
    section = json.loads(analyze(SEED, "--format", "json"))["analyst_dependence"]
    assert section["claims"] == [] and section["bridges"] == []
    assert section["links"]["total"] == 0 and section["links"]["all"] > 0
    assert all(moved == [] for moved in section["rankings"].values())
    markdown = analyze(SEED, "--format", "markdown")
    block = markdown.split("## What rests on the analyst's links\n\n", 1)[1].split("\n\n")[0]
    assert block.startswith("No argument, relation or stance is the analyst's")
    assert "\n" not in block
    table = analyze(SEED)
    lines = [line for line in table.splitlines() if "What rests on the analyst" in line]
    assert len(lines) == 1 and "No argument" in lines[0]
