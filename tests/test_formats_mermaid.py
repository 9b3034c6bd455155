"""Mermaid against the real `mermaid` package (tests/js, run under Node with jsdom): what we
write parses, what Mermaid would refuse (over its default maxEdges 500 or maxTextSize 50,000)
we refuse first with one line saying what to do; `export --focus` narrows every graph view
by the rule `render --focus` follows; a `.md` output holds one diagram per thesis."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from typer.testing import CliRunner

from argmap import ArgumentMap, Corpus
from argmap.cli import app
from argmap.formats import mermaid
from argmap.formats.authoring import dump_yaml
from argmap.formats.graph_views import GRAPH_VIEWS
from argmap.formats.registry import export, load
from argmap.formats.synth import synth_corpus
from argmap.graph.neighbourhood import focus_graph, thesis_graphs
from argmap.graph.projection import corpus_graph
from tests.conftest import DATA, ROOT, TESTS
from tests.test_render import model_neighbourhood

CHECK = TESTS / "js" / "mermaid-check.mjs"
SEED_FILES = sorted((ROOT / "data").glob("*.yaml"))
MAPS = [DATA / "mini.yaml", DATA / "arguments.yaml", DATA / "hostile.yaml"]
CORPORA = sorted((DATA / "corpora").glob("*.*"))
runner = CliRunner()


def mermaid_check(paths: list[Path], parse_only: list[Path]) -> dict[str, dict[str, Any]]:
    """The real Mermaid's verdict on each file: ``parse`` ("ok" or the error's first line)
    and ``tooLarge`` (render shows its "Maximum text size" notice instead; None for the
    files ``parse_only``, whose render takes seconds)."""
    result = subprocess.run(
        ["node", str(CHECK), *map(str, paths), "--parse-only", *map(str, parse_only)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return {Path(r["file"]).name: r for r in json.loads(result.stdout)}


def mermaid_draws(verdict: dict[str, Any]) -> bool:
    return verdict["parse"] == "ok" and verdict["tooLarge"] is not True


def long_label_map(size: int) -> Corpus:
    """A map of a few claims with long texts whose diagram Mermaid measures at exactly
    ``size`` characters, while the whole text (with its %% comment lines) is longer."""

    def corpus(pad: int) -> Corpus:
        claims = [
            {"id": f"c{i}", "text": " ".join(f"word{i}-{w}" for w in range(400))} for i in range(9)
        ]
        claims.append({"id": "pad", "text": "x" * pad})  # one word: no wrapping
        relations = [
            {"id": f"r{i}", "type": "support", "from": f"c{i}", "to": "c0"} for i in (1, 2)
        ]
        m = ArgumentMap.model_validate(
            {"id": "long", "title": "Long labels", "claims": claims, "relations": relations}
        )
        return Corpus(maps=(m,))

    base = mermaid.measured_size(mermaid.dumps_graph(corpus_graph(corpus(1))))
    return corpus(1 + size - base)


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic map of 839 claims, as large as the one of the issue."""
    path = tmp_path_factory.mktemp("big") / "big.yaml"
    dump_yaml(synth_corpus(839, actors=20, seed=0).maps[0], path)
    return path


@pytest.fixture(scope="module")
def checked(
    tmp_path_factory: pytest.TempPathFactory, big: Path
) -> tuple[dict[str, str], dict[str, dict[str, Any]]]:
    """Every diagram of these tests, with what we say of it (None: we write it; else what
    it exceeds) and what the real Mermaid says, from one run of Node."""
    folder = tmp_path_factory.mktemp("mermaid")
    corpora: dict[str, Corpus] = {"seed.mmd": load(SEED_FILES)}
    corpora |= {f"{p.stem}.mmd": load([p]) for p in [*MAPS, *CORPORA]}
    corpora["synth-under-edges.mmd"] = synth_corpus(150, actors=5, seed=1)
    corpora["synth-over-edges.mmd"] = synth_corpus(160, actors=5, seed=1)
    corpora["big-whole.mmd"] = load([big])
    corpora["size-at-limit.mmd"] = long_label_map(mermaid.MAX_TEXT_SIZE)
    corpora["size-over-limit.mmd"] = long_label_map(mermaid.MAX_TEXT_SIZE + 1)
    ours: dict[str, Any] = {}
    for name, corpus in corpora.items():
        g = corpus_graph(corpus)
        text = mermaid.dumps_graph(g)  # unchecked: the real Mermaid judges it too
        (folder / name).write_text(text, "utf-8")
        ours[name] = mermaid.over_limits(text, g.number_of_edges())
    focused = folder / "big-focus.mmd"
    result = runner.invoke(
        app,
        ["export", str(big), "--to", "mermaid", "--focus", "synth-0:c0", "-o", str(focused)],
    )
    assert result.exit_code == 0, result.output
    ours[focused.name] = None
    split = folder / "big.md"
    result = runner.invoke(app, ["export", str(big), "--to", "mermaid", "-o", str(split)])
    assert result.exit_code == 0, result.output
    # The part with the most edges, the nearest the limits, parsed only: the 84 parts take
    # Mermaid 10 s; test_markdown_has_one_diagram_per_thesis_covering_every_statement checks
    # that each is within the limits by our measure, which the boundary files test.
    blocks = markdown_blocks(split.read_text("utf-8"))
    largest = folder / "big-largest-part.mmd"
    largest.write_text(max(blocks, key=lambda b: b.count(" n")), "utf-8")
    ours[largest.name] = None
    others = sorted(p for p in folder.glob("*.mmd") if p != largest)
    return ours, mermaid_check(others, [largest])


def markdown_blocks(text: str) -> list[str]:
    return re.findall(r"^```mermaid\n(.*?)^```$", text, flags=re.MULTILINE | re.DOTALL)


def test_our_limit_check_agrees_with_the_real_mermaid_on_every_diagram(
    checked: tuple[dict[str, str | None], dict[str, dict[str, Any]]],
) -> None:
    ours, theirs = checked
    assert set(ours) == set(theirs)
    for name, over in ours.items():
        assert (over is None) == mermaid_draws(theirs[name]), (name, over, theirs[name])
    drawn = {name for name, over in ours.items() if over is None}
    # seed maps, test maps, corpora, the synthetic map under the limits, the boundary, the
    # neighbourhood and the parts of the big map: all drawn
    assert {"seed.mmd", "arguments.mmd", "hostile.mmd", "synth-under-edges.mmd"} <= drawn
    assert {"size-at-limit.mmd", "big-focus.mmd", "big-largest-part.mmd"} <= drawn
    assert {f"{p.stem}.mmd" for p in CORPORA} <= drawn


def test_edges_past_500_are_refused_by_mermaid_and_by_us(
    checked: tuple[dict[str, str | None], dict[str, dict[str, Any]]],
) -> None:
    ours, theirs = checked
    under, over = theirs["synth-under-edges.mmd"], theirs["synth-over-edges.mmd"]
    assert under["parse"] == "ok"
    assert over["parse"].startswith("Edge limit exceeded. 500 edges found")
    assert ours["synth-over-edges.mmd"] == "517 edges (over maxEdges 500)"
    assert ours["big-whole.mmd"] is not None and "over maxTextSize 50,000" in ours["big-whole.mmd"]


def test_text_size_is_measured_as_mermaid_does_without_comment_lines(
    checked: tuple[dict[str, str | None], dict[str, dict[str, Any]]], tmp_path: Path
) -> None:
    ours, theirs = checked
    assert not theirs["size-at-limit.mmd"]["tooLarge"]
    assert theirs["size-over-limit.mmd"]["tooLarge"]
    assert ours["size-over-limit.mmd"] == "50,001 characters (over maxTextSize 50,000)"
    text = mermaid.dumps_graph(corpus_graph(long_label_map(mermaid.MAX_TEXT_SIZE)))
    assert len(text) > mermaid.MAX_TEXT_SIZE  # the %% comments do not count


def test_export_of_a_map_over_the_limits_fails_on_one_line_and_writes_nothing(
    big: Path, tmp_path: Path
) -> None:
    out = tmp_path / "big.mmd"
    result = runner.invoke(app, ["export", str(big), "--to", "mermaid", "-o", str(out)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert re.fullmatch(
        rf"error: {re.escape(str(out))}: the Mermaid diagram would have [\d,]+ edges \(over"
        r" maxEdges 500\) and [\d,]+ characters \(over maxTextSize 50,000\), Mermaid's default"
        r" limits; export a claim's neighbourhood with --focus CLAIM \[--depth N\], or one"
        r" diagram per thesis with -o FILE\.md\n",
        result.stderr,
    )
    assert not out.exists()
    with pytest.raises(mermaid.DiagramTooLargeError, match="over maxEdges 500"):
        export(load([big]), "mermaid", out)  # the library refuses too
    assert not out.exists()


def test_a_too_deep_focus_says_to_lower_the_depth(big: Path, tmp_path: Path) -> None:
    out = tmp_path / "deep.mmd"
    args = ["export", str(big), "--to", "mermaid", "--focus", "c0", "--depth", "20"]
    result = runner.invoke(app, [*args, "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and result.stderr.endswith("; give a smaller --depth\n")
    assert not out.exists()


# ---- Markdown: one diagram per thesis ----------------------------------------------------------


def test_markdown_has_one_diagram_per_thesis_covering_every_statement(
    big: Path, tmp_path: Path
) -> None:
    corpus = load([big])
    g = corpus_graph(corpus)
    parts = thesis_graphs(g)
    m = corpus.maps[0]
    assert [key for key, _ in parts][: len(m.issues)] == [f"{m.id}:{i.id}" for i in m.issues]
    covered = set().union(*(set(part) for _, part in parts))
    statements = {n for n, d in g.nodes(data=True) if d["kind"] in ("claim", "issue", "argument")}
    assert statements <= covered
    for _, part in parts:  # every edge of a part is an edge of the map, with its attributes
        for s, t, k, d in part.edges(keys=True, data=True):
            assert g.edges[s, t, k] == d
    out = tmp_path / "big.md"
    assert (
        runner.invoke(app, ["export", str(big), "--to", "mermaid", "-o", str(out)]).exit_code == 0
    )
    text = out.read_text("utf-8")
    assert len(markdown_blocks(text)) == len(parts)
    assert [mermaid.dumps_graph(part) for _, part in parts] == markdown_blocks(text)


def test_markdown_headings_show_the_thesis_text_escaped() -> None:
    m = ArgumentMap.model_validate(
        {
            "id": "m",
            "title": "A *title* <b>",
            "claims": [
                {"id": "t", "text": "# Not a heading, [not a link](x) & <i>no tag</i>"},
                {"id": "p", "text": "A premise"},
            ],
            "relations": [{"id": "r", "type": "support", "from": "p", "to": "t"}],
        }
    )
    g = corpus_graph(Corpus(maps=(m,)))
    text = mermaid.markdown_parts(m.title, thesis_graphs(g))
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings == [
        r"# A \*title\* \<b\>",
        r"## 1. \# Not a heading\, \[not a link\]\(x\) \& \<i\>no tag\<\/i\>",
    ]


def test_markdown_refuses_a_thesis_whose_diagram_alone_is_too_large(tmp_path: Path) -> None:
    path = tmp_path / "flat.yaml"
    claims = [{"id": "thesis", "text": "The thesis."}]
    claims += [{"id": f"c{i}", "text": f"Reason {i}."} for i in range(501)]
    relations = [
        {"id": f"r{i}", "type": "support", "from": f"c{i}", "to": "thesis"} for i in range(501)
    ]
    dump_yaml(
        ArgumentMap.model_validate(
            {"id": "flat", "title": "Flat", "claims": claims, "relations": relations}
        ),
        path,
    )
    out = tmp_path / "flat.md"
    result = runner.invoke(app, ["export", str(path), "--to", "mermaid", "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {out}: the diagram of 'flat:thesis' would have 501 edges (over maxEdges 500),"
        " Mermaid's default limits; export that part alone with --focus flat:thesis [--depth N]\n"
    )
    assert not out.exists()


# ---- export --focus ----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", GRAPH_VIEWS)
def test_focus_wide_enough_for_the_whole_map_writes_the_plain_export(
    fmt: str, tmp_path: Path
) -> None:
    """The focused writer serialises a graph exactly as each format's own export does."""
    mini = DATA / "mini.yaml"
    plain, focused = tmp_path / "plain", tmp_path / "focused"
    for out, extra in ((plain, []), (focused, ["--focus", "mini:open-cheap", "--depth", "50"])):
        result = runner.invoke(app, ["export", str(mini), "--to", fmt, "-o", str(out), *extra])
        assert result.exit_code == 0, result.output
    if fmt == "neo4j":
        assert {p.name: p.read_bytes() for p in plain.iterdir()} == {
            p.name: p.read_bytes() for p in focused.iterdir()
        }
    else:
        assert plain.read_bytes() == focused.read_bytes()


@pytest.mark.parametrize("depth", [0, 1, 2])
@pytest.mark.parametrize(
    "centre",
    [
        "big-tech-open-source-ai:oss-erodes-competitive-advantage",
        "deepseek-tipping-point:tipping-point",
    ],
)
def test_focus_keeps_the_claims_render_focus_keeps(centre: str, depth: int) -> None:
    seed = load(SEED_FILES)
    g = focus_graph(corpus_graph(seed), centre, depth)
    kept = {
        f"{d['map']}:{d['argmap_id']}"
        for _, d in g.nodes(data=True)
        if d["kind"] in ("claim", "issue")
    }
    assert kept == set(model_neighbourhood(seed, centre, depth))
    whole = corpus_graph(seed)
    actors = {n for n, d in g.nodes(data=True) if d["kind"] == "actor"}
    holders = {s for s, t, d in whole.edges(data=True) if d["kind"] == "stance" and t in g}
    assert actors == holders


def test_focused_graph_exports_read_back_as_the_neighbourhood(tmp_path: Path) -> None:
    seed = load(SEED_FILES)
    centre = "big-tech-open-source-ai:oss-erodes-competitive-advantage"
    out = tmp_path / "around.graphml"
    args = ["export", *map(str, SEED_FILES), "-o", str(out), "--focus", centre, "--depth", "1"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    back = nx.read_graphml(out, force_multigraph=True)
    wanted = focus_graph(corpus_graph(seed), centre, 1)
    assert (
        set(back.nodes) == set(wanted.nodes) and back.number_of_edges() == wanted.number_of_edges()
    )


@pytest.mark.parametrize("fmt", ["aif", "argdown", "turtle", "yaml"])
def test_focus_is_refused_for_formats_that_write_whole_maps(fmt: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["export", str(DATA / "mini.yaml"), "--to", fmt, "-o", str(out), "--focus", "c1"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: --focus narrows the graph views ({', '.join(GRAPH_VIEWS)}); {fmt} writes the"
        " maps themselves: export them without --focus\n"
    )
    assert not out.exists()


def test_depth_without_focus_and_an_unknown_focus_fail_on_one_line(tmp_path: Path) -> None:
    out = tmp_path / "x.dot"
    result = runner.invoke(app, ["export", str(DATA / "mini.yaml"), "-o", str(out), "--depth", "1"])
    assert (result.exit_code, result.stderr) == (
        1,
        "error: --depth needs --focus; name the claim to centre on\n",
    )
    result = runner.invoke(
        app, ["export", str(DATA / "mini.yaml"), "-o", str(out), "--focus", "nope"]
    )
    assert (result.exit_code, result.stderr) == (
        1,
        "error: no claim or issue 'nope' in these maps; give its id as MAP:ID or ID\n",
    )
    assert not out.exists()


def test_labels_break_at_every_javascript_line_terminator(tmp_path: Path) -> None:
    """Mermaid takes %% at the start of any JavaScript line (after \\u2028 too) for a comment:
    no such line break may stay inside a label, or a label could hide the rest of a line."""
    text = "one\u2028  %% two\u2029three\x85four\rfive\nsix\x0bseven"
    label = mermaid.mermaid_label(text)
    assert label == '"one<br>  %% two<br>three<br>four<br>five<br>six<br>seven"'
    m = ArgumentMap.model_validate({"id": "m", "title": "t", "claims": [{"id": "c", "text": text}]})
    path = tmp_path / "breaks.mmd"
    path.write_bytes(mermaid.dumps(Corpus(maps=(m,))))
    verdict = mermaid_check([path], [])["breaks.mmd"]
    assert verdict == {"file": str(path), "parse": "ok", "tooLarge": False}
    assert mermaid.measured_size(path.read_text("utf-8")) < len(path.read_text("utf-8"))
