"""The map page in a real browser: Debian's headless Chromium, driven by Playwright, offline.

Every page is opened from a file:// URL in a context with the network switched off and
every request that is not the page itself aborted and recorded; a test fails on any
console error, page error, dialog or request. Screenshots go to out/test-artifacts/.
These tests fail (never skip) when /usr/bin/chromium is missing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from argmap import ArgumentMap, Corpus, load_map
from argmap.formats.registry import load
from argmap.render import EDGE_STYLES, render
from tests.conftest import DATA, ROOT
from tests.render_support import chromium_browser, synthetic_map
from tests.test_render import (
    HOSTILE,
    SEED_FILES,
    expected_counts,
    hostile_arguments,
    page_data,
)

ARTIFACTS = ROOT / "out" / "test-artifacts"
READY = "() => window.argmap && window.argmap.ready"


@dataclass
class Opened:
    page: Any
    url: str
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def js(self, expression: str, arg: Any = None) -> Any:
        # Functions, not strings: the page's CSP forbids eval, which string predicates need.
        return self.page.evaluate(expression, arg)

    def assert_clean(self) -> None:
        assert self.errors == []
        assert self.dialogs == []
        assert self.blocked == []
        assert self.requests == [self.url]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium_browser() as launched:
        yield launched


@pytest.fixture(scope="module")
def seed() -> Corpus:
    return load(SEED_FILES)


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pages")


def open_page(browser: Any, path: Path, width: int = 1400, height: int = 900) -> Opened:
    context = browser.new_context(viewport={"width": width, "height": height}, offline=True)
    page = context.new_page()
    opened = Opened(page=page, url=path.resolve().as_uri())

    def route(handled: Any) -> None:
        if handled.request.url == opened.url:
            handled.continue_()
        else:
            opened.blocked.append(handled.request.url)
            handled.abort()

    context.route("**/*", route)
    page.on("request", lambda request: opened.requests.append(request.url))
    page.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: opened.errors.append(str(error)))

    def dialog(d: Any) -> None:
        opened.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    page.goto(opened.url)
    page.wait_for_function(READY, timeout=30_000)
    return opened


@pytest.fixture(scope="module")
def seed_page(browser: Any, seed: Corpus, pages: Path) -> Iterator[Opened]:
    path = render(seed).save(pages / "seed.html")
    opened = open_page(browser, path)
    yield opened
    opened.page.context.close()


def test_seed_map_draws_every_node_and_edge_offline_with_no_error_or_request(
    seed_page: Opened, seed: Corpus
) -> None:
    nodes, edges = expected_counts(seed)
    counts = seed_page.js(
        """() => ({
            nodes: argmap.nodes.length, edges: argmap.edges.length,
            drawnNodes: argmap.network.body.nodeIndices.length,
            drawnEdges: argmap.network.body.edgeIndices.length,
            canvas: document.querySelectorAll('#network canvas').length,
            counts: document.getElementById('counts').textContent,
        })"""
    )
    assert counts == {
        "nodes": nodes,
        "edges": edges,
        "drawnNodes": nodes,
        "drawnEdges": edges,
        "canvas": 1,
        "counts": f"{nodes} nodes · {edges} edges",
    }
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "seed-map.png"
    seed_page.page.screenshot(path=str(shot))
    assert shot.stat().st_size > 50_000  # a drawn map, not a blank page
    # The first view (set from the positions, not by vis-network's fit) holds every node.
    outside = seed_page.js(
        """() => {
            const net = argmap.network, box = document.getElementById('network');
            const a = net.DOMtoCanvas({x: 0, y: 0});
            const b = net.DOMtoCanvas({x: box.clientWidth, y: box.clientHeight});
            return Object.values(net.getPositions())
                .filter(p => p.x < a.x || p.x > b.x || p.y < a.y || p.y > b.y).length;
        }"""
    )
    assert outside == 0
    seed_page.assert_clean()


def test_search_by_text_or_id_focuses_the_claim(seed_page: Opened) -> None:
    page = seed_page.page
    page.fill("#search", "")
    page.type("#search", "tipping point that reshapes")
    first = page.locator("#search-results li").first
    assert "DeepSeek's decision to open-source" in first.inner_text()
    page.press("#search", "Enter")
    wanted = "deepseek-tipping-point:deepseek-tipping-point"
    page.wait_for_function(
        """(id) => {
            const n = argmap.network, p = n.getPositions([id])[id], v = n.getViewPosition();
            return n.getSelectedNodes()[0] === id && Math.hypot(p.x - v.x, p.y - v.y) < 2;
        }""",
        arg=wanted,
        timeout=5_000,
    )
    assert wanted in page.inner_text("#details")
    # An id (without its map) finds the claim too.
    page.fill("#search", "oss-disrupts-revenue")
    page.press("#search", "Enter")
    page.wait_for_function(
        "() => argmap.network.getSelectedNodes()[0] === "
        "'big-tech-open-source-ai:oss-disrupts-revenue'",
        timeout=5_000,
    )
    seed_page.assert_clean()


def test_hovering_a_claim_shows_its_text_quotes_sources_holders_and_id(
    seed_page: Opened, seed: Corpus
) -> None:
    m = seed.maps_by_id["big-tech-open-source-ai"]
    claim = next(c for c in m.claims if c.quotes and m.endorsers(c.id))
    key = f"{m.id}:{claim.id}"
    page = seed_page.page
    seed_page.js(
        "(id) => argmap.network.moveTo({position: argmap.network.getPositions([id])[id], "
        "scale: 1})",
        key,
    )
    seed_page.js("() => argmap.unpin()")  # an earlier test may have pinned a node
    box = page.locator("#network").bounding_box()
    spot = seed_page.js(
        "(id) => argmap.network.canvasToDOM(argmap.network.getPositions([id])[id])", key
    )
    page.mouse.move(box["x"] + spot["x"], box["y"] + spot["y"])
    page.wait_for_function(
        "(text) => document.getElementById('details').textContent.includes(text)",
        arg=claim.text,
        timeout=5_000,
    )
    details = page.inner_text("#details")
    assert f"id: {key}" in details
    assert claim.quotes[0].text in details
    assert m.sources[0].title in details
    for actor in m.endorsers(claim.id):
        assert f"{actor.name} — endorses" in details
    seed_page.assert_clean()


def test_filters_by_map_relation_kind_and_actor(seed_page: Opened, seed: Corpus) -> None:
    page = seed_page.page
    page.click("#filters-toggle")
    page.uncheck("#filter-maps input[data-map='deepseek-tipping-point']")
    shown = seed_page.js("() => argmap.nodesView.getIds()")
    kinds = seed_page.js(
        "() => Object.fromEntries(argmap.nodes.getIds().map(id => [id, argmap.info(id)]))"
    )
    big = seed.maps_by_id["big-tech-open-source-ai"]
    assert {k for k in shown if kinds[k]["kind"] in ("claim", "issue")} == {
        f"{big.id}:{e.id}" for e in (*big.claims, *big.issues)
    }
    assert {k for k in shown if kinds[k]["kind"] == "actor"} == {
        f"actor:{s.actor}" for s in big.stances
    }
    seed_page.js("() => argmap.resetFilters()")
    page.uncheck("#filter-kinds input[data-kind='support']")
    edge_kinds = seed_page.js("() => argmap.edgesView.getIds().map(argmap.edgeKind)")
    assert "support" not in edge_kinds and "attack" in edge_kinds
    seed_page.js("() => argmap.resetFilters()")
    # The actor filter shows what `argmap render --actor` keeps.
    page.select_option("#filter-actor", "big-tech")
    in_page = set(seed_page.js("() => argmap.nodesView.getIds()"))
    assert in_page == set(kinds) & _ids(render(seed, actor="big-tech"))
    seed_page.js("() => argmap.resetFilters()")
    page.click("#filters-toggle")
    assert seed_page.js("() => argmap.nodesView.length") == len(kinds)
    seed_page.assert_clean()


def _ids(page: Any) -> set[str]:
    return {n["id"] for n in page_data(page.html)["nodes"]}


def test_layout_toggle_grouping_and_physics(seed_page: Opened, seed: Corpus) -> None:
    page = seed_page.page
    page.click("#layout-toggle")
    page.wait_for_function(READY, timeout=10_000)
    levels = seed_page.js(
        """() => {
            const p = argmap.network.getPositions();
            const x = (kind) => argmap.nodes.getIds().filter(id => argmap.info(id).kind === kind)
                .map(id => p[id].x);
            return {issues: Math.max(...x('issue')), claims: Math.min(...x('claim')),
                    mode: argmap.layout()};
        }"""
    )
    assert levels["mode"] == "hierarchical"
    assert levels["issues"] < levels["claims"]  # issues first, claims after (left to right)
    page.click("#layout-toggle")
    page.wait_for_function(READY, timeout=10_000)
    page.click("#cluster-issue")
    clusters = seed_page.js(
        "() => argmap.network.body.nodeIndices.filter(id => id.startsWith('cluster:')).length"
    )
    issues = sum(len(m.issues) for m in seed.maps)
    assert issues <= clusters < issues + 10  # each issue, and conclusions answering none
    page.click("#expand-all")
    assert seed_page.js("() => argmap.network.body.nodeIndices.length") == expected_counts(seed)[0]
    page.click("#physics-toggle")
    assert page.inner_text("#physics-toggle") == "Physics: on"
    # Physics comes on with every node in its simulation (the page skips that bookkeeping
    # while physics is off).
    assert (
        seed_page.js("() => argmap.network.physics.physicsBody.physicsNodeIndices.length")
        == expected_counts(seed)[0]
    )
    page.click("#physics-toggle")
    assert page.inner_text("#physics-toggle") == "Physics: off"
    seed_page.assert_clean()


def test_hostile_text_is_shown_as_text_and_runs_nothing(browser: Any, pages: Path) -> None:
    hostile: ArgumentMap = load_map(DATA / "hostile.yaml")
    opened = open_page(browser, render(hostile, sources=True).save(pages / "hostile.html"))
    page = opened.page
    assert page.inner_text("#map-title") == hostile.title
    assert page.title() == hostile.title
    page.fill("#search", "onerror=alert")
    page.press("#search", "Enter")
    page.wait_for_function(
        "() => argmap.network.getSelectedNodes()[0] === 'hostile:img'", timeout=5_000
    )
    details = page.inner_text("#details")
    assert "<img src=x onerror=alert(1)>" in details
    assert "</script><script>window.__pwned='quote'</script>" in details
    assert hostile.sources[0].title in details
    assert "<a href=\"javascript:window.__pwned='note'\">click</a>" in details
    found = opened.js(
        """() => ({
            pwned: window.__pwned === undefined ? null : String(window.__pwned),
            images: document.querySelectorAll('img, iframe, object, embed').length,
            links: [...document.querySelectorAll('a')].map(a => a.href),
            labels: argmap.nodes.get().map(n => n.label).join(' '),
        })"""
    )
    assert found["pwned"] is None
    assert found["images"] == 0
    assert found["links"] == []
    assert "<img src=x onerror=alert(1)>" in found["labels"]  # drawn on the canvas as text
    opened.js("() => argmap.focusNode('source:evil-source')")
    links = opened.js("() => [...document.querySelectorAll('#details a')].map(a => a.href)")
    assert links == ["https://example.org/a?b=1&c=2#x';alert(1)"]
    opened.assert_clean()
    page.context.close()


def test_notebook_iframe_shows_the_map_offline(browser: Any, seed: Corpus) -> None:
    context = browser.new_context(viewport={"width": 1200, "height": 800}, offline=True)
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    shown = render(seed)._repr_html_()
    page.set_content(f"<!DOCTYPE html><html><body>{shown}</body></html>")
    frame = page.frames[1]
    frame.wait_for_function(READY, timeout=30_000)
    assert frame.evaluate("() => argmap.nodes.length") == expected_counts(seed)[0]
    assert [r for r in requests if not r.startswith(("about:", "data:"))] == []
    assert errors == []
    context.close()


def test_focus_page_draws_the_neighbourhood(browser: Any, seed: Corpus, pages: Path) -> None:
    focused = render(seed, focus="oss-erodes-competitive-advantage", depth=1)
    opened = open_page(browser, focused.save(pages / "focus.html"))
    assert opened.js("() => [argmap.nodes.length, argmap.edges.length]") == [
        focused.node_count,
        focused.edge_count,
    ]
    opened.assert_clean()
    opened.page.context.close()


def test_a_3000_node_map_draws_at_once_and_labels_what_comes_into_view(
    browser: Any, pages: Path
) -> None:
    page = render(synthetic_map(3000))
    opened = open_page(browser, page.save(pages / "big.html"))
    timings = opened.js("() => argmap.timings")
    # Positions come from Python with physics off: no settling before the first picture.
    # (With pyvis's defaults, physics on, a 5,000-node page had not drawn after 188 s.)
    assert timings["firstDraw"] < 8_000, timings
    assert opened.js("() => argmap.network.body.nodeIndices.length") == page.node_count
    target = "synthetic:c100"
    assert opened.js("(id) => argmap.nodes.get(id).label === undefined", target)
    opened.js(
        "(id) => argmap.network.moveTo({position: argmap.network.getPositions([id])[id], "
        "scale: 1.0, animation: {duration: 50}})",
        target,
    )
    opened.page.wait_for_function(
        "(id) => typeof argmap.nodes.get(id).label === 'string'", arg=target, timeout=5_000
    )
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    opened.page.screenshot(path=str(ARTIFACTS / "large-map-zoomed.png"))
    opened.assert_clean()
    opened.page.context.close()


def test_a_big_map_looks_up_details_on_demand_and_shows_them_as_text(
    browser: Any, pages: Path
) -> None:
    hostile: ArgumentMap = load_map(DATA / "hostile.yaml")
    page = render([synthetic_map(2500), hostile], sources=True)
    opened = open_page(browser, page.save(pages / "big-hostile.html"))
    tab = opened.page
    assert opened.js("() => argmap.meta.lazy_labels")
    # vis-network holds what it draws and no more: texts, quotes and labels stay outside.
    # (A plain claim has no group: its style is every node's default.)
    assert set(opened.js("() => argmap.nodes.get('hostile:img')")) == {"id", "x", "y"}
    issue = opened.js("() => argmap.nodes.get('hostile:q')")
    assert set(issue) == {"id", "group", "x", "y"} and issue["group"] == "issue"
    # Filter lists and the search index are made in idle time, after the first draw.
    tab.wait_for_function("() => argmap.timings.idle > argmap.timings.firstDraw", timeout=20_000)
    actors = opened.js("() => document.querySelectorAll('#filter-actor option').length")
    assert actors == 1 + len(page_data(page.html)["meta"]["actors"])
    tab.fill("#search", "onerror=alert")
    tab.press("#search", "Enter")
    tab.wait_for_function(
        "() => argmap.network.getSelectedNodes()[0] === 'hostile:img'", timeout=5_000
    )
    details = tab.inner_text("#details")
    assert "<img src=x onerror=alert(1)>" in details
    assert "</script><script>window.__pwned='quote'</script>" in details
    assert hostile.sources[0].title in details  # the quote's source, named by its index
    assert "id: hostile:img" in details
    # An edge drawn as half of a relation (r1 is undercut, so it runs through a node of
    # its own) shows the relation: its ends, its warrant, its id.
    opened.js("() => { argmap.network.emit('click', {nodes: [], edges: ['hostile:r1#to']}); }")
    relation = opened.js("() => document.getElementById('details').textContent")
    assert relation.startswith("Support relation")
    assert "<b onmouseover=\"window.__pwned='warrant'\">w</b>" in relation
    assert "Ends the script: </script><script>" in relation and "id: hostile:r1" in relation
    opened.js("() => { argmap.network.emit('click', {nodes: ['hostile:img'], edges: []}); }")
    # Zoomed in, the label arrives: drawn on the canvas as text.
    tab.wait_for_function(
        "() => argmap.nodes.get('hostile:img').label === '<img src=x onerror=alert(1)>'",
        timeout=5_000,
    )
    found = opened.js(
        """() => ({
            pwned: window.__pwned === undefined ? null : String(window.__pwned),
            markup: document.querySelectorAll('img, iframe, object, embed, svg image').length,
        })"""
    )
    assert found == {"pwned": None, "markup": 0}
    opened.assert_clean()
    tab.context.close()


# ---- arguments, conflicts and who argues what ----------------------------------------------


def panel_text(page: Any) -> str:
    """The details panel's text as read, one line per paragraph or item."""
    text: str = page.inner_text("#details")
    return "\n".join(line for line in text.splitlines() if line.strip())


@pytest.fixture(scope="module")
def arguments() -> ArgumentMap:
    return load_map(DATA / "arguments.yaml")


@pytest.fixture(scope="module")
def arguments_page(browser: Any, arguments: ArgumentMap, pages: Path) -> Iterator[Opened]:
    opened = open_page(browser, render(arguments).save(pages / "arguments.html"))
    yield opened
    opened.page.context.close()


def test_arguments_are_drawn_as_junctions_their_premises_flow_into(
    arguments_page: Opened, arguments: ArgumentMap
) -> None:
    keys = [f"arguments:{a.id}" for a in arguments.arguments]
    drawn = arguments_page.js(
        """(ids) => ids.map(id => {
            const net = argmap.network, body = net.body, node = body.nodes[id];
            const touching = net.getConnectedEdges(id).map(e => body.edges[e]);
            return {
                kind: argmap.info(id).kind, shape: node.options.shape, size: node.options.size,
                into: touching.filter(e => e.toId === id && argmap.edgeKind(e.id) === 'premise')
                    .map(e => [e.fromId, e.options.arrows.to.enabled]).sort(),
                out: touching.filter(e => e.fromId === id)
                    .map(e => [e.toId, argmap.edgeKind(e.id), e.options.arrows.to.enabled]),
            };
        })""",
        keys,
    )
    for a, found in zip(arguments.arguments, drawn, strict=True):
        assert found["kind"] == "argument"
        assert (found["shape"], found["size"]) == ("diamond", 8)
        # Premises flow in without a head; the one edge out carries the arrow.
        assert found["into"] == sorted([f"arguments:{p}", False] for p in a.premises)
        assert found["out"] == [[f"arguments:{a.conclusion}", "conclusion", True]]
    looks = arguments_page.js(
        """() => Object.fromEntries(['wins-rephrase', 'cheaper-contradictory', 'coal-contrary',
            'undermine-cheaper', 'rebut-forecast'].map(k => {
            const e = argmap.network.body.edges['arguments:' + k].options;
            return [k, {from: e.arrows.from.enabled, to: e.arrows.to.type,
                        double: e.background.enabled, dashes: e.dashes}];
        }))"""
    )
    assert looks["cheaper-contradictory"]["from"] and not looks["coal-contrary"]["from"]
    assert looks["wins-rephrase"]["double"] and not looks["coal-contrary"]["double"]
    assert looks["undermine-cheaper"]["to"] == "box" and looks["rebut-forecast"]["to"] == "bar"
    assert looks["undermine-cheaper"]["dashes"] != looks["rebut-forecast"]["dashes"]
    legend = arguments_page.js(
        """() => Object.fromEntries([...document.querySelectorAll('#legend li[data-kind]')]
            .map(li => [li.dataset.kind, li.textContent]))"""
    )
    for kind in ("premise", "conclusion", "undermine", "contrary", "contradictory", "rephrase"):
        assert legend[kind] == EDGE_STYLES[kind]["label"]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    arguments_page.page.screenshot(path=str(ARTIFACTS / "arguments-map.png"))
    arguments_page.assert_clean()


def test_hovering_a_junction_shows_its_scheme_and_who_argues_it(arguments_page: Opened) -> None:
    page = arguments_page.page
    key = "arguments:expert"
    arguments_page.js("() => argmap.unpin()")
    arguments_page.js(
        "(id) => argmap.network.moveTo({position: argmap.network.getPositions([id])[id], "
        "scale: 1.5})",
        key,
    )
    box = page.locator("#network").bounding_box()
    spot = arguments_page.js(
        "(id) => argmap.network.canvasToDOM(argmap.network.getPositions([id])[id])", key
    )
    page.mouse.move(box["x"] + spot["x"], box["y"] + spot["y"])
    page.wait_for_function(
        "() => document.getElementById('details').textContent.includes('id: arguments:expert')",
        timeout=5_000,
    )
    details = panel_text(page)
    assert details.startswith("ARGUMENT\nArgument from expert opinion\nPremises (3, all needed")
    for premise in ("Dr. Lee is an expert on energy markets.", "Dr. Lee says solar panels"):
        assert premise in details
    assert "therefore\nSolar panels now cost less than coal plants." in details
    assert "Scheme: Argument from expert opinion (expert-opinion)" in details
    assert "By: Sam Reporter" in details
    # vis-network's own hover box names the scheme too.
    page.wait_for_function(
        """() => { const tip = document.querySelector('div.vis-tooltip');
            return tip && tip.style.visibility === 'visible'; }""",
        timeout=5_000,
    )
    assert page.inner_text("div.vis-tooltip") == (
        "Argument from expert opinion: 3 linked premises (all needed together)"
    )

    def clicked(nodes: list[str], edges: list[str]) -> str:
        arguments_page.js(
            "([n, e]) => argmap.network.emit('click', {nodes: n, edges: e})", [nodes, edges]
        )
        return panel_text(page)

    analyst = "By: the analyst's reconstruction (the text does not make this link)"
    trend = clicked(["arguments:trend"], [])
    assert "Argument from sign" in trend and analyst in trend
    rephrase = clicked([], ["arguments:wins-rephrase"])
    assert rephrase.startswith("REPHRASE RELATION\nSolar power will beat coal.\n= restates")
    assert analyst in rephrase
    undermine = clicked([], ["arguments:undermine-cheaper"])
    assert "Undermines (attacks a premise)".lower() in undermine.lower()
    assert "By: Coal Power Council" in undermine
    # An edge into or out of a junction shows the argument.
    premise = clicked([], ["arguments:forecast#premise:arguments:cheap-draws"])
    assert "id: arguments:forecast" in premise and "Argument from market forces" in premise
    assert "Warrant: What draws investment grows." in premise
    stance = clicked([], ["arguments:lee-cheaper"])
    assert "Dr. Lee endorses" in stance and "By: Sam Reporter" in stance
    # A rebuttal of an argument names it by its scheme and what it concludes.
    rebut = clicked([], ["arguments:rebut-forecast"])
    assert "Argument from market forces for \u201cSolar will overtake coal.\u201d" in rebut
    arguments_page.js("() => argmap.unpin()")
    arguments_page.assert_clean()


def test_only_what_the_text_argues_hides_the_analysts_links_and_arguments(
    arguments_page: Opened, arguments: ArgumentMap
) -> None:
    page = arguments_page.page
    every = arguments_page.js("() => [argmap.nodesView.length, argmap.edgesView.length]")
    page.click("#filters-toggle")
    assert page.is_visible("#text-only")
    page.check("#text-only")
    shown = arguments_page.js(
        "() => [argmap.nodesView.getIds().sort(), argmap.edgesView.getIds().sort(),"
        " argmap.network.body.nodeIndices.length]"
    )
    # The same as `argmap render --text-only` draws.
    expected = page_data(render(arguments, text_only=True).html)
    assert shown[0] == sorted(n["id"] for n in expected["nodes"])
    assert shown[1] == sorted(e["id"] for e in expected["edges"])
    assert shown[2] == len(expected["nodes"])
    assert "arguments:trend" not in shown[0] and "arguments:wins-rephrase" not in shown[1]
    assert page.inner_text("#counts") == f"{len(shown[0])} nodes · {len(shown[1])} edges"
    # With another filter on too: still none of the analyst's links.
    page.uncheck("#filter-kinds input[data-kind='premise']")
    edges = arguments_page.js("() => argmap.edgesView.getIds()")
    assert set(edges) == {e for e in shown[1] if "#premise:" not in e}
    page.click("#filters-reset")
    assert not page.is_checked("#text-only")
    assert arguments_page.js("() => [argmap.nodesView.length, argmap.edgesView.length]") == every
    page.click("#filters-toggle")
    arguments_page.assert_clean()


def test_hostile_text_in_arguments_is_shown_as_text(browser: Any, pages: Path) -> None:
    opened = open_page(browser, render(hostile_arguments()).save(pages / "hostile-args.html"))
    page = opened.page
    key = "hostile-args:a"
    # Hovered, with the view moved there at once (no animation): the junction is under the
    # mouse.
    opened.js(
        "(id) => argmap.network.moveTo({position: argmap.network.getPositions([id])[id], "
        "scale: 1.5})",
        key,
    )
    box = page.locator("#network").bounding_box()
    spot = opened.js(
        "(id) => argmap.network.canvasToDOM(argmap.network.getPositions([id])[id])", key
    )
    page.mouse.move(box["x"] + spot["x"], box["y"] + spot["y"])
    page.wait_for_function(
        "(id) => document.getElementById('details').textContent.includes('id: ' + id)",
        arg=key,
        timeout=5_000,
    )
    details = page.inner_text("#details")
    assert HOSTILE.format("scheme") + "</script>" in details
    assert "By: " + HOSTILE.format("by") in details
    assert "Warrant: " + HOSTILE.format("warrant") in details
    page.wait_for_function(
        """() => { const tip = document.querySelector('div.vis-tooltip');
            return tip && tip.style.visibility === 'visible'; }""",
        timeout=5_000,
    )
    assert page.inner_text("div.vis-tooltip").startswith(HOSTILE.format("scheme") + "</script>")
    found = opened.js(
        """() => ({
            pwned: window.__pwned === undefined ? null : String(window.__pwned),
            markup: document.querySelectorAll('img, iframe, object, embed, svg image').length,
            textOnly: document.getElementById('text-only').parentNode.hidden,
        })"""
    )
    # No analyst's link here: the "only what the text argues" filter is not offered.
    assert found == {"pwned": None, "markup": 0, "textOnly": True}
    opened.assert_clean()
    page.context.close()


def test_a_big_map_with_arguments_draws_at_once_and_filters_to_the_text(
    browser: Any, pages: Path
) -> None:
    from argmap.formats.synth import synth_corpus

    # Synthetic corpora are shaped like real AIF data: two in three inferences linked, some
    # said to be the analyst's.
    corpus = synth_corpus(2500, actors=30, seed=3)
    page = render(corpus)
    data = page_data(page.html)
    opened = open_page(browser, page.save(pages / "big-arguments.html"))
    timings = opened.js("() => argmap.timings")
    assert timings["firstDraw"] < 8_000, timings
    junctions = opened.js(
        "() => argmap.network.body.nodeIndices.filter(id => argmap.info(id).kind === 'argument')"
    )
    assert len(junctions) == sum(len(m.arguments) for m in corpus.maps) > 500
    hidden = data["raw"]["text_only"]
    assert hidden["hidden"] and hidden["edges"]
    took = opened.js(
        """() => { const box = document.getElementById('text-only');
            const start = performance.now();
            box.checked = true; box.dispatchEvent(new Event('change'));
            const ms = performance.now() - start;
            return [ms, argmap.nodesView.getIds(), argmap.edgesView.length]; }"""
    )
    assert took[0] < 3_000, took[0]
    # What the page was told to hide (test_render checks that against render(text_only)).
    ids = data["raw"]["nodes"]["id"]
    gone = {ids[i] for i in hidden["hidden"]}
    dropped = {data["raw"]["edges"]["id"][j] for j in hidden["edges"]}
    assert set(took[1]) == set(ids) - gone
    assert took[2] == sum(
        1
        for e in data["edges"]
        if e["id"] not in dropped and e["from"] not in gone and e["to"] not in gone
    )
    opened.assert_clean()
    opened.page.context.close()


@pytest.mark.parametrize("grouping", ["#cluster-map", "#cluster-issue"])
def test_grouping_in_the_hierarchical_layout_draws_groups_without_an_error(
    browser: Any, seed: Corpus, pages: Path, grouping: str
) -> None:
    opened = open_page(browser, render(seed).save(pages / f"seed-{grouping[1:]}.html"))
    page = opened.page
    page.click("#layout-toggle")
    page.wait_for_function(READY, timeout=10_000)
    page.click(grouping)
    page.wait_for_timeout(300)  # a redraw after the grouping throws asynchronously, if at all
    clusters = opened.js(
        "() => argmap.network.body.nodeIndices.filter(id => id.startsWith('cluster:')).length"
    )
    assert clusters >= 1
    assert opened.js("() => argmap.layout()") == "hierarchical"
    page.click("#expand-all")
    page.wait_for_timeout(300)
    assert opened.js("() => argmap.network.body.nodeIndices.length") == expected_counts(seed)[0]
    opened.assert_clean()
    opened.page.context.close()
