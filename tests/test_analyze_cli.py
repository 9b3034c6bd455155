"""``argmap analyze`` on the seed debate: the report's real content in every format, the TriG
write-back and the status-coloured map."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
from typer.testing import CliRunner

from argmap.analysis.report import analysis_report, report_markdown
from argmap.analysis.semantics import grounded_labels_for_corpus
from argmap.cli import app
from argmap.formats.registry import load

ROOT = Path(__file__).resolve().parents[1]
SEED = [str(p) for p in sorted((ROOT / "data").glob("*.yaml"))]
QUERIES = ROOT / "tests" / "data" / "queries"
runner = CliRunner()


def analyze(*args: str) -> str:
    result = runner.invoke(app, ["analyze", *SEED, *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_json_report_on_the_seed_debate_counts_every_claim_once() -> None:
    report = json.loads(analyze("--format", "json"))
    counts = report["counts"]
    assert sum(counts.values()) == 101
    labels = grounded_labels_for_corpus(load([Path(p) for p in SEED]))
    assert counts == {
        s: sum(1 for v in labels.values() if v == s) for s in ("accepted", "rejected", "undecided")
    }
    assert counts["rejected"] > 0 and counts["accepted"] > 0
    rejected = {c["claim"] for c in report["status"]["rejected"]}
    assert "deepseek-tipping-point:open-models-misuse" in rejected
    assert [m["id"] for m in report["maps"]] == [
        "big-tech-open-source-ai",
        "deepseek-tipping-point",
    ]


def test_json_report_names_coalitions_controversies_and_bridges() -> None:
    report = json.loads(analyze("--format", "json", "--top", "3"))
    coalitions = [{a["actor"] for a in group} for group in report["coalitions"]]
    assert {"openai", "google", "anthropic"} in coalitions
    assert len(report["controversies"]) == 3
    top = report["controversies"][0]
    assert top["claim"] == "deepseek-tipping-point:open-models-misuse"
    assert top["supports"] + top["endorsers"] == top["attacks"] + top["opponents"] == 3
    assert len(report["bridges"]) == 14
    assert all(b["from"].split(":")[0] != b["to"].split(":")[0] for b in report["bridges"])
    assert report["important"][0]["claim"] == "big-tech-open-source-ai:big-tech-in-tizzy"
    closed = report["contested"]["openai"][0]
    assert (closed["claim"], closed["attacks"]) == (
        "deepseek-tipping-point:closed-access-strategy",
        2,
    )
    assert report["matrix"]["openai"]["google"] == report["matrix"]["google"]["openai"] == 1


def test_markdown_report_has_its_sections_and_escapes_user_text() -> None:
    text = analyze("--format", "markdown")
    for heading in ("# Analysis", "## Rejected (", "## Coalitions", "## Top controversies"):
        assert heading in text
    assert "Anthropic (`anthropic`)" in text
    assert "`deepseek-tipping-point:closed-access-strategy` (1 dissenting, 2 attacks)" in text
    corpus = load([QUERIES / "mini.yaml", QUERIES / "reply.yaml"])
    report = analysis_report(corpus, {"mini:open-cheap": "rejected"})
    report["status"]["rejected"][0]["text"] = "a | b *bold* <script>"
    assert "a \\| b \\*bold\\* \\<script\\>" in report_markdown(report)


def test_table_report_prints_statuses_coalitions_and_controversies() -> None:
    text = analyze()
    assert "Claims: " in text and " rejected" in text
    for title in ("Rejected claims", "Coalitions", "Top controversies", "Bridges between maps"):
        assert title in text
    assert "OpenAI (openai)" in text


def test_write_and_render_outputs(tmp_path: Path) -> None:
    trig, page = tmp_path / "analysis.trig", tmp_path / "map.html"
    result = runner.invoke(
        app, ["analyze", *SEED, "-f", "json", "--write", str(trig), "--render", str(page)]
    )
    assert result.exit_code == 0, result.output
    quads = list(ox.parse(path=str(trig), format=ox.RdfFormat.TRIG))
    statuses = [q for q in quads if q.predicate.value.endswith("#status")]
    assert len(statuses) == 101
    assert {q.graph_name.value for q in quads} == {"https://w3id.org/argmap/id/analysis"}
    html = page.read_text("utf-8")
    assert "claim-rejected" in html and "claim-accepted" in html


def test_bad_format_and_missing_file_are_one_line_errors() -> None:
    result = runner.invoke(app, ["analyze", *SEED, "--format", "xml"])
    assert result.exit_code == 1
    assert "unknown format 'xml'" in result.stderr
    missing = runner.invoke(app, ["analyze", "nope.yaml"])
    assert missing.exit_code == 1
    assert "Traceback" not in missing.output


def test_bipolar_option_counts_the_statuses_of_bipolar_grounded_semantics() -> None:
    plain = json.loads(analyze("--format", "json"))
    bipolar = json.loads(analyze("--format", "json", "--bipolar"))
    expected = grounded_labels_for_corpus(load([Path(p) for p in SEED]), bipolar=True)
    assert bipolar["semantics"] == "grounded, bipolar" and plain["semantics"] == "grounded"
    assert bipolar["counts"] == {
        s: sum(1 for v in expected.values() if v == s)
        for s in ("accepted", "rejected", "undecided")
    }
    assert bipolar["counts"] != plain["counts"]  # supports change what stands on the seed maps


def test_markdown_report_lists_every_agreement_pair_of_the_json_report() -> None:
    pairs = json.loads(analyze("--format", "json"))["agreement"]
    text = analyze("--format", "markdown")
    assert "## Agreement between actors" in text
    rows = [
        line for line in text.split("## Agreement between actors")[1].split("##")[0].splitlines()
    ]
    body = [r for r in rows if r.startswith("| ") and not r.startswith("| one")]
    assert len(body) == len(pairs) > 0
    first = pairs[0]
    assert body[0].startswith(f"| {first['one']} | {first['other']} | {first['agree']} |")


def test_json_report_gives_every_argument_a_status_and_keeps_the_claims_where_they_were() -> None:
    report = json.loads(analyze("--format", "json"))
    corpus = load([Path(p) for p in SEED])
    inferences = {f"{m.id}:{a.id}" for m in corpus.maps for a in m.inferences}
    section = report["arguments"]
    listed = [i["argument"] for items in section["status"].values() for i in items]
    assert sorted(listed) == sorted(inferences)  # supports included, each once
    assert sum(section["counts"].values()) == len(inferences)
    assert set(report["counts"]) == {"accepted", "rejected", "undecided"}
    assert sum(report["counts"].values()) == 101  # the claims' section is unchanged
    rejected = {i["argument"]: i for i in section["status"]["rejected"]}
    claims = {c["claim"]: s for s, items in report["status"].items() for c in items}
    for item in rejected.values():  # a rejected argument has a rejected end or an undercut
        ends = [claims[k] for k in (*item["premises"], item["conclusion"])]
        assert "rejected" in ends or any(
            r.type == "attack" and r.kind == "undercut" and f"{m.id}:{r.target}" == item["argument"]
            for m in corpus.maps
            for r in m.relations
        )
