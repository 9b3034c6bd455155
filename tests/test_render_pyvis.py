"""argmap.render.pyvis: the corpus graph as a pyvis Network, on the seed maps."""

from __future__ import annotations

import html
import json
from collections import Counter, defaultdict
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pyvis.network import Network

from argmap import ArgmapError, ArgumentMap, Corpus, load_map
from argmap.formats.registry import load
from argmap.graph import corpus_graph
from argmap.render.pyvis import LABEL_CHARS, to_pyvis
from tests.conftest import DATA, ROOT
from tests.test_render import hostile_arguments

SEED_FILES = sorted((ROOT / "data").glob("*.yaml"))
CLAIMS = "https://w3id.org/argmap/id/map/arguments/claim/"
ATTACK_TEXT = "</script><script>alert(1)</script><img src=x onerror=alert(2)>"


@pytest.fixture(scope="module")
def seed() -> Corpus:
    return load(SEED_FILES)


@pytest.fixture(scope="module")
def net(seed: Corpus) -> Network:
    return to_pyvis(seed)


@pytest.fixture(scope="module")
def arguments() -> ArgumentMap:
    return load_map(DATA / "arguments.yaml")


def test_one_pyvis_node_and_edge_per_graph_node_and_edge_with_the_same_ids(
    seed: Corpus, net: Network
) -> None:
    g = corpus_graph(seed)
    assert len(net.nodes) == g.number_of_nodes() == net.num_nodes()
    assert len(net.edges) == g.number_of_edges() == net.num_edges()
    assert [n["id"] for n in net.nodes] == list(g.nodes)
    assert {e["id"] for e in net.edges} == {key for *_, key in g.edges(keys=True)}
    ends = {key: (u, v) for u, v, key in g.edges(keys=True)}
    assert all(ends[e["id"]] == (e["from"], e["to"]) for e in net.edges)
    assert all(net.nodes[i]["kind"] == g.nodes[n]["kind"] for i, n in enumerate(g.nodes))


def test_built_in_bulk_it_is_still_a_consistent_pyvis_network(net: Network) -> None:
    # The module fills pyvis's lists directly; pyvis's own accessors must agree with them.
    assert net.directed
    assert net.get_nodes() == [n["id"] for n in net.nodes]
    assert all(net.get_node(n["id"]) is n for n in net.nodes)
    edge = next(e for e in net.edges if e["kind"] == "support")
    assert edge["to"] in net.neighbors(edge["from"])
    # And pyvis's public API keeps working on it.
    net_copy = to_pyvis(load(SEED_FILES[:1]))
    net_copy.add_node("extra", label="extra")
    net_copy.add_edge("extra", net_copy.nodes[0]["id"])
    assert net_copy.num_nodes() == len(net_copy.nodes)


def test_node_kinds_have_distinct_shapes(net: Network, arguments: ArgumentMap) -> None:
    shapes: dict[str, set[tuple[str, int | None]]] = defaultdict(set)
    for n in net.nodes:
        shapes[n["kind"]].add((n["shape"], n.get("size")))
    assert set(shapes) == {"claim", "issue", "actor", "relation"}
    # An argument is a small diamond: an issue is a big one (with its text beside it).
    for n in to_pyvis(arguments).nodes:
        if n["kind"] == "argument":
            shapes["argument"].add((n["shape"], n["size"]))
    assert shapes["argument"] == {("diamond", 8)} and shapes["issue"] == {("diamond", 22)}
    assert all(len(s) == 1 for s in shapes.values()), shapes
    assert len({s.pop() for s in shapes.values()}) == len(shapes)


def test_arguments_are_junctions_with_their_scheme_and_who_argues_them_on_hover(
    arguments: ArgumentMap,
) -> None:
    net = to_pyvis(arguments)
    g = corpus_graph(Corpus(maps=(arguments,)))
    junctions = {n["id"]: n for n in net.nodes if n["kind"] == "argument"}
    assert len(junctions) == len(arguments.arguments)
    expert = junctions["https://w3id.org/argmap/id/map/arguments/argument/expert"]
    assert expert["label"] == ""
    assert expert["title"].split("\n")[:3] == [
        "argument (Argument from expert opinion)",
        "3 linked premises (all needed together)",
        "by: Sam Reporter",
    ]
    trend = junctions["https://w3id.org/argmap/id/map/arguments/argument/trend"]
    assert "by: the analyst's reconstruction" in trend["title"]
    assert trend["shapeProperties"]["borderDashes"]  # hollow and dashed: not colour alone
    into = defaultdict(set)
    for e in net.edges:
        if e["kind"] == "premise":
            into[e["to"]].add(e["from"])
            assert e["arrows"]["to"]["enabled"] is False
        if e["kind"] == "conclusion":
            assert e["from"] in junctions and e["arrows"]["to"]["type"] == "triangle"
    premises = arguments.arguments_by_id["expert"].premises
    assert into[expert["id"]] == {f"{CLAIMS}{p}" for p in premises}
    assert {e["from"] for e in net.edges if e["to"] == expert["id"]} == {
        *into[expert["id"]],
        f"{CLAIMS}lee-funded",  # its undercut
    }
    assert len(net.edges) == g.number_of_edges()
    kinds = {e["kind"]: e for e in net.edges}
    assert kinds["undermine"]["arrows"]["to"]["type"] == "box"
    assert kinds["undermine"]["title"] == "undermines a premise\nby: Coal Power Council"
    assert kinds["contradictory"]["arrows"]["from"]["enabled"] is True  # both ways
    assert "from" not in kinds["contrary"]["arrows"]  # one way
    assert kinds["rephrase"]["background"]["enabled"] is True  # a double line, an "="


def test_supports_are_green_and_solid_attacks_red_and_dashed(net: Network) -> None:
    kinds = Counter(e["kind"] for e in net.edges)
    assert kinds["support"] and kinds["attack"] and kinds["undercut"]
    for e in net.edges:
        if e["kind"] == "support":
            assert e["dashes"] is False and e["color"] == "#2e7d32"
        if e["kind"] in ("attack", "undercut"):
            assert e["dashes"] and e["color"] == "#c62828"


def test_no_edge_kind_is_told_apart_by_colour_alone(seed: Corpus, arguments: ArgumentMap) -> None:
    net = to_pyvis(Corpus(maps=(*seed.maps, arguments)), sources=True)
    look: dict[str, set[tuple[str, str, bool]]] = defaultdict(set)
    for e in net.edges:
        arrows = json.dumps(e["arrows"], sort_keys=True)
        look[e["kind"]].add((json.dumps(e["dashes"]), arrows, "background" in e))
    assert {"support", "attack", "undercut", "answers", "member_of", "quotes"} <= set(look)
    assert {"endorses", "concerned", "opposes"} <= set(look)
    assert {"premise", "conclusion", "undermine", "contrary", "contradictory", "rephrase"} <= set(
        look
    )
    assert all(len(v) == 1 for v in look.values()), look
    assert len({v.pop() for v in look.values()}) == len(look)


def test_hover_text_names_the_kind_and_holds_the_full_text(seed: Corpus, net: Network) -> None:
    g = corpus_graph(seed)
    titles = {e["kind"]: e["title"].split("\n")[0] for e in net.edges}
    assert titles["support"] == "supports"
    assert titles["attack"].startswith("attacks")
    assert titles["endorses"] == "actor endorses"
    longest = max((n for n in net.nodes if n["kind"] == "claim"), key=lambda n: len(n["title"]))
    text = g.nodes[longest["id"]]["text"]
    assert len(text) > 150  # the seed maps have long claims
    assert longest["title"].startswith("claim")
    assert html.escape(text, quote=False) in longest["title"]
    assert len(longest["label"].replace("\n", " ")) <= LABEL_CHARS
    assert longest["label"].endswith("…")
    warrants = [e for e in net.edges if "warrant: " in e["title"]]
    assert len(warrants) == sum(1 for *_, d in g.edges(data=True) if d.get("warrant"))


def test_sources_add_documents_and_quote_edges(seed: Corpus, net: Network) -> None:
    with_sources = to_pyvis(seed, sources=True)
    documents = [n for n in with_sources.nodes if n["kind"] == "source"]
    assert len(documents) == len(seed.sources) > 0
    assert {n["shape"] for n in documents} == {"database"}
    assert with_sources.nodes[: len(net.nodes)] == net.nodes
    quotes = [e for e in with_sources.edges if e["kind"] == "quotes"]
    # One edge per (claim or issue, source it quotes), however often it quotes that source.
    quoted = {
        (m.id, "claim", c.id, q.source) for m in seed.maps for c in m.claims for q in c.quotes
    }
    quoted |= {
        (m.id, "issue", i.id, q.source) for m in seed.maps for i in m.issues for q in i.quotes
    }
    assert len(quotes) == len(quoted)
    ids = set(with_sources.get_nodes())
    assert all(e["from"] in ids and e["to"] in ids for e in with_sources.edges)
    assert len({e["id"] for e in with_sources.edges}) == len(with_sources.edges)


def test_generate_html_holds_every_node_id(seed: Corpus) -> None:
    page = to_pyvis(seed, sources=True).generate_html()
    assert "<html>" in page and "new vis.Network(" in page
    data = page[page.index("new vis.DataSet(") :]
    for node in corpus_graph(seed).nodes:
        assert f'"{node}"' in data


def test_an_argument_map_and_a_list_of_maps_are_accepted(seed: Corpus, net: Network) -> None:
    first = seed.maps[0]
    one = to_pyvis(first)
    assert [n["id"] for n in one.nodes] == list(corpus_graph(Corpus(maps=(first,))).nodes)
    from_list = to_pyvis(list(seed.maps))
    assert from_list.nodes == net.nodes and from_list.edges == net.edges
    assert to_pyvis(tuple(seed.maps)).edges == net.edges
    with pytest.raises(ArgmapError):
        to_pyvis(["not a map"])  # type: ignore[list-item]


class _Tags(HTMLParser):
    """Counts the elements a browser would build (script bodies are raw text to it too)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: Counter[str] = Counter()

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.tags[tag] += 1


def _tags(page: str) -> Counter[str]:
    parser = _Tags()
    parser.feed(page)
    return parser.tags


def _with_hostile_texts(m: ArgumentMap) -> ArgumentMap:
    data = m.model_dump(mode="json", by_alias=True, exclude_none=True)
    data["claims"][0]["text"] = ATTACK_TEXT
    data["claims"][1]["text"] = "x " * 40 + ATTACK_TEXT  # cut in the label mid-attack
    data["claims"][1]["note"] = ATTACK_TEXT
    data["actors"][0]["name"] = ATTACK_TEXT
    data["sources"][0]["title"] = ATTACK_TEXT
    data["issues"][0]["text"] = "<!-- " + ATTACK_TEXT
    warranted = next(r for r in data["relations"] if r.get("warrant"))
    warranted["warrant"] = ATTACK_TEXT
    return ArgumentMap.model_validate(data)


@pytest.mark.parametrize("which", ["seed", "hostile.yaml", "arguments"])
def test_hostile_text_cannot_escape_the_script_or_the_hover(seed: Corpus, which: str) -> None:
    if which == "arguments":  # a scheme's label, a name in by, a warrant
        m = hostile_arguments()
    else:
        m = (
            _with_hostile_texts(seed.maps[0])
            if which == "seed"
            else load_map(DATA / "hostile.yaml")
        )
    net = to_pyvis(m, sources=True)
    for node in net.nodes:
        assert "</" not in node["label"] and "<!" not in node["label"]
    for item in (*net.nodes, *net.edges):
        assert "<" not in item["title"] and ">" not in item["title"]
    # Even embedded as plain JSON (as older pyvis templates did) nothing can end the script.
    assert "</" not in json.dumps([net.nodes, net.edges], ensure_ascii=False)
    page = net.generate_html()
    for fragment in (ATTACK_TEXT, "<script>alert(1)", "<img src=x", "</script><script>"):
        assert fragment not in page
    # The page has exactly the elements of an empty pyvis network of the same settings.
    empty = Network(directed=True, notebook=True, cdn_resources="in_line", height="750px")
    assert _tags(page) == _tags(empty.generate_html())


def test_hostile_claim_text_is_shown_in_full_on_hover(seed: Corpus) -> None:
    net = to_pyvis(_with_hostile_texts(seed.maps[0]))
    first = seed.maps[0].claims[0].id
    claim = next(n for n in net.nodes if n["id"].endswith(f"/claim/{first}"))
    assert claim["title"].split("\n")[0].startswith("claim")
    assert claim["title"].endswith("\n" + html.escape(ATTACK_TEXT, quote=False))
    # The label is a cut of the text: only line breaks, word joiners and "…" were added.
    label = "".join(claim["label"].replace("\u2060", "").split())
    assert label.endswith("…")
    assert "".join(ATTACK_TEXT.split()).startswith(label[:-1])


def test_save_writes_one_self_contained_file(
    seed: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # pyvis writes next to the working directory
    to_pyvis(seed).write_html("map.html")
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]
    assert "vis.Network" in (tmp_path / "map.html").read_text(encoding="utf-8")
