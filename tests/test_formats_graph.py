"""Graph exports, each read back by a real consumer: networkx, python-igraph, the npm
`cytoscape` package under Node, Graphviz `dot`, a Mermaid syntax check, and a CSV re-read
that follows the neo4j-admin header rules."""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import igraph
import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from typer.testing import CliRunner

from argmap import ArgumentMap, Corpus
from argmap.cli import app
from argmap.formats import cytoscape, dot, gexf, graphml, mermaid, neo4j, nodelink
from argmap.formats.registry import export, exports, load
from argmap.graph.projection import LIST_SEPARATOR, corpus_graph, relation_node_id
from tests.conftest import DATA, ROOT, TESTS
from tests.strategies import argument_maps

SEED_FILES = sorted((ROOT / "data").glob("*.yaml"))
# A map with every kind of argument, scheme, relation and `by` (issue 15).
ARGUMENTS = DATA / "arguments.yaml"
GOLDEN = TESTS / "golden"
JS = TESTS / "js"
runner = CliRunner()
# A few examples per property: each one runs real parsers (and for DOT a process).
FEW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def seed() -> Corpus:
    return load(SEED_FILES)


@pytest.fixture(scope="module")
def seed_graph(seed: Corpus) -> nx.MultiDiGraph:
    return corpus_graph(seed)


@pytest.fixture(scope="module")
def arguments() -> Corpus:
    return load([ARGUMENTS])


@pytest.fixture(scope="module")
def arguments_graph(arguments: Corpus) -> nx.MultiDiGraph:
    return corpus_graph(arguments)


@pytest.fixture(scope="module", params=["seed", "arguments"])
def each(request: pytest.FixtureRequest) -> tuple[Corpus, nx.MultiDiGraph]:
    """The seed maps, and the map with linked arguments, schemes, undermines, contraries,
    contradictories, rephrases and `by`: each export is read back from both."""
    corpus = load(SEED_FILES) if request.param == "seed" else load([ARGUMENTS])
    return corpus, corpus_graph(corpus)


def flat(data: dict[str, Any]) -> dict[str, Any]:
    """Attributes as a format without lists holds them."""
    return {k: LIST_SEPARATOR.join(v) if isinstance(v, list) else v for k, v in data.items()}


def nodes_of(g: nx.MultiDiGraph, drop: set[str] = frozenset()) -> dict[str, dict[str, Any]]:  # type: ignore[assignment]
    return {n: {k: v for k, v in flat(d).items() if k not in drop} for n, d in g.nodes(data=True)}


def edges_of(g: nx.MultiDiGraph, drop: set[str] = frozenset()) -> dict[Any, dict[str, Any]]:  # type: ignore[assignment]
    return {
        (s, t, k): {a: v for a, v in flat(d).items() if a not in drop}
        for s, t, k, d in g.edges(keys=True, data=True)
    }


# ---- the graph view ----------------------------------------------------------------------------


def test_graph_view_of_the_seed_maps_has_every_entity_once(seed_graph: nx.MultiDiGraph) -> None:
    kinds = [d["kind"] for _, d in seed_graph.nodes(data=True)]
    assert kinds.count("claim") == 101
    edge_kinds = [d["kind"] for *_, d in seed_graph.edges(keys=True, data=True)]
    assert edge_kinds.count("support") + edge_kinds.count("attack") == 143
    assert edge_kinds.count("stance") == 58
    # Every value is a scalar or a list of strings: nothing a writer cannot spell.
    for _, data in seed_graph.nodes(data=True):
        for value in data.values():
            assert isinstance(value, str | int | float | list) and value is not None


def test_undercuts_point_at_a_node_standing_for_the_relation(mini: ArgumentMap) -> None:
    g = corpus_graph(Corpus(maps=(mini,)))
    r2 = "https://w3id.org/argmap/id/map/mini/relation/r2"
    assert g.nodes[relation_node_id(r2)]["kind"] == "relation"
    undercut = [(s, t) for s, t, d in g.edges(data=True) if d.get("attack_kind") == "undercut"]
    assert undercut == [("https://w3id.org/argmap/id/map/mini/claim/gap-closing", f"{r2}/node")]
    # the relation itself is still an edge, keyed by its IRI
    assert any(k == r2 for *_, k in g.edges(keys=True))


# ---- GraphML -----------------------------------------------------------------------------------

YED_EXTRAS = {"x", "y", "shape_type"}  # what networkx reads out of the yEd node graphics


def test_graphml_reads_back_in_networkx_with_same_nodes_edges_and_attributes(
    each: tuple[Corpus, nx.MultiDiGraph], tmp_path: Path
) -> None:
    seed, seed_graph = each
    path = tmp_path / "seed.graphml"
    export(seed, "graphml", path)
    back = nx.read_graphml(path, force_multigraph=True)
    assert nodes_of(back, YED_EXTRAS) == nodes_of(seed_graph)
    assert edges_of(back) == edges_of(seed_graph)
    assert flat(seed_graph.graph) == {
        k: v for k, v in back.graph.items() if k not in {"node_default", "edge_default"}
    }


def test_graphml_reads_back_in_igraph_with_same_nodes_edges_and_attributes(
    each: tuple[Corpus, nx.MultiDiGraph], tmp_path: Path
) -> None:
    seed, seed_graph = each
    path = tmp_path / "seed.graphml"
    export(seed, "graphml", path)
    ig = igraph.Graph.Read_GraphML(str(path))
    assert ig.is_directed()

    def present(attrs: dict[str, Any]) -> dict[str, Any]:
        # igraph fills attributes an element lacks with "" (strings), NaN (numbers) or False
        # (booleans: argmap writes only 'analyst' true, so False is absent)
        return {
            k: v
            for k, v in attrs.items()
            if v != "" and v is not False and not (isinstance(v, float) and math.isnan(v))
        }

    vertices = {v["id"]: present({k: v[k] for k in ig.vs.attributes() if k != "id"}) for v in ig.vs}
    assert vertices == nodes_of(seed_graph)
    # igraph's edge 'id' attribute does not hold the GraphML edge id: compare by endpoints
    # and attributes, as multisets.
    got = sorted(
        json.dumps(
            [
                ig.vs[e.source]["id"],
                ig.vs[e.target]["id"],
                present({k: e[k] for k in ig.es.attributes() if k != "id"}),
            ],
            sort_keys=True,
        )
        for e in ig.es
    )
    want = sorted(
        json.dumps([s, t, d], sort_keys=True) for (s, t, _), d in edges_of(seed_graph).items()
    )
    assert got == want


def test_graphml_carries_yed_labels_for_every_node_and_edge(
    each: tuple[Corpus, nx.MultiDiGraph],
) -> None:
    seed, seed_graph = each
    root = ET.fromstring(graphml.dumps(seed))
    ns = {"g": "http://graphml.graphdrawing.org/xmlns", "y": "http://www.yworks.com/xml/graphml"}
    keys = {k.get("id"): k.get("yfiles.type") for k in root.findall("g:key", ns)}
    assert keys["n_graphics"] == "nodegraphics" and keys["e_graphics"] == "edgegraphics"
    nodes = root.findall(".//g:node", ns)
    assert len(nodes) == seed_graph.number_of_nodes()
    for node in nodes:
        label = node.find("g:data/y:ShapeNode/y:NodeLabel", ns)
        assert label is not None and label.text
        expected = seed_graph.nodes[node.get("id")]["label"]
        assert " ".join(label.text.split()).rstrip(" …") in " ".join(expected.split())
    edges = root.findall(".//g:edge", ns)
    assert len(edges) == seed_graph.number_of_edges()
    assert all(e.find("g:data/y:PolyLineEdge/y:EdgeLabel", ns) is not None for e in edges)


def test_graphml_key_types_are_typed_not_all_strings(seed: Corpus) -> None:
    root = ET.fromstring(graphml.dumps(seed))
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    types = {
        (k.get("for"), k.get("attr.name")): k.get("attr.type") for k in root.findall("g:key", ns)
    }
    assert types[("edge", "strength")] == "double"
    assert types[("node", "topics")] == "string"  # a list, joined with ';'


# ---- GEXF --------------------------------------------------------------------------------------


def test_gexf_round_trips_through_networkx(
    each: tuple[Corpus, nx.MultiDiGraph], tmp_path: Path
) -> None:
    seed, seed_graph = each
    path = tmp_path / "seed.gexf"
    export(seed, "gexf", path)
    back = nx.read_gexf(path, version="1.3")
    assert back.is_directed()
    got_nodes = {n: {k: v for k, v in d.items() if k != "viz"} for n, d in back.nodes(data=True)}
    assert got_nodes == nodes_of(seed_graph)
    # networkx keeps the GEXF edge id both as the key and as an 'id' attribute
    got_edges = sorted(json.dumps([s, t, d], sort_keys=True) for s, t, d in back.edges(data=True))
    want_edges = sorted(
        json.dumps([s, t, {**d, "id": k}], sort_keys=True)
        for (s, t, k), d in edges_of(seed_graph).items()
    )
    assert got_edges == want_edges


def test_gexf_keeps_the_corpus_title_in_meta_where_networkx_would_drop_it(seed: Corpus) -> None:
    root = ET.fromstring(gexf.dumps(seed))
    ns = {"x": "http://gexf.net/1.3"}
    assert root.get("version") == "1.3"
    description = root.findtext("x:meta/x:description", namespaces=ns) or ""
    assert all(m.title in description for m in seed.maps)
    assert root.findtext("x:meta/x:keywords", namespaces=ns) == ";".join(seed.maps_by_id)


# ---- node-link JSON ----------------------------------------------------------------------------


def test_node_link_json_round_trips_through_networkx(
    each: tuple[Corpus, nx.MultiDiGraph],
) -> None:
    seed, seed_graph = each
    data = json.loads(nodelink.dumps(seed))
    assert set(data) >= {"nodes", "edges", "graph"}
    # The key is the one the installed networkx writes and reads by default.
    assert set(nx.node_link_data(nx.MultiDiGraph())) >= {nodelink.EDGES}
    back = nx.node_link_graph(data)  # networkx's defaults, as a user calls it
    assert nx.utils.graphs_equal(back, seed_graph)


# ---- Cytoscape.js ------------------------------------------------------------------------------


def load_in_cytoscape(path: Path) -> dict[str, Any]:
    result = subprocess.run(
        ["node", str(JS / "cytoscape-load.mjs"), str(path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    loaded: dict[str, Any] = json.loads(result.stdout)
    return loaded


def test_cytoscape_json_loads_in_cytoscape_js_with_the_expected_elements(
    seed: Corpus, seed_graph: nx.MultiDiGraph, tmp_path: Path
) -> None:
    path = tmp_path / "seed.cyjs"
    export(seed, None, path)  # told by the suffix
    loaded = load_in_cytoscape(path)
    assert loaded["nodeCount"] == seed_graph.number_of_nodes() == 138
    assert loaded["edgeCount"] == seed_graph.number_of_edges() == 302
    nodes = {n["data"]["id"]: n for n in loaded["nodes"]}
    for node, data in seed_graph.nodes(data=True):
        assert nodes[node]["data"] == {"id": node, **data}
        assert nodes[node]["classes"] == [data["kind"]]
    edges = {e["data"]["id"]: e for e in loaded["edges"]}
    for source, target, key, data in seed_graph.edges(keys=True, data=True):
        assert edges[key]["data"] == {"id": key, "source": source, "target": target, **data}
    assert sum("undercut" in e["classes"] for e in loaded["edges"]) == 6


# ---- DOT ---------------------------------------------------------------------------------------


def render_svg(dot_text: bytes) -> str:
    result = subprocess.run(
        ["dot", "-Tsvg"], input=dot_text, capture_output=True, check=True, timeout=120
    )
    assert result.stderr == b"", result.stderr.decode()
    return result.stdout.decode("utf-8")


def svg_node_titles(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    ns = {"s": "http://www.w3.org/2000/svg"}
    groups = [
        g
        for g in root.iter("{http://www.w3.org/2000/svg}g")
        if "node" in (g.get("class") or "").split()
    ]
    return [g.findtext("s:title", namespaces=ns) or "" for g in groups]


def test_dot_renders_with_graphviz_one_node_group_per_node(
    each: tuple[Corpus, nx.MultiDiGraph],
) -> None:
    seed, seed_graph = each
    svg = render_svg(dot.dumps(seed))
    titles = svg_node_titles(svg)
    # IRIs hold ':' and '/': quoted ids keep each one a single node (no 'http' node).
    assert sorted(titles) == sorted(seed_graph.nodes)
    edges = [
        g
        for g in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}g")
        if "edge" in (g.get("class") or "").split()
    ]
    assert len(edges) == seed_graph.number_of_edges()


def test_dot_labels_show_user_text_exactly_even_with_escapes_and_entities() -> None:
    tricky = 'Say "hi" \\N & &amp; <b> \\G done'
    text = dot.dumps_graph(_one_node_graph(tricky))
    svg = render_svg(text.encode())
    root = ET.fromstring(svg)
    texts = [t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert " ".join(texts).find('Say "hi" \\N &') >= 0
    assert any("&amp; <b> \\G done" in t for t in texts)


def _one_node_graph(label: str) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph(title="t")
    g.add_node("http://x.org/a:b", kind="claim", label=label, text=label, map="m")
    return g


# ---- Mermaid -----------------------------------------------------------------------------------

MERMAID_NODE = re.compile(
    r"^  (n\d+)(\[|\{\{|\{|\(\[|\(\()"  # id and opening bracket of a shape
    r'"((?:[^"#<>&`]|#(?:quot|amp|lt|gt|35|96);|<br>)*)"'  # quoted label, entities only
    r"(\]|\}\}|\}|\]\)|\)\))$"
)
# Links of the flowchart syntax: arrow, cross, dotted, open, circle, both-ends cross and
# both-ends dotted; a word between pipes, or none (premise and conclusion edges).
MERMAID_EDGE = re.compile(
    r"^  (n\d+) (-->|--x|-\.->|---|--o|x--x|<-\.->)(?:\|([a-z ]+)\|)? (n\d+)$"
)
MERMAID_OTHER = re.compile(
    r"^(flowchart (TB|BT|LR|RL)|  %% [^\n]*|  classDef [a-z]+ [a-z:#0-9A-F,]+"
    r"|  class n\d+(,n\d+)* [a-z]+"
    r"|  linkStyle \d+(,\d+)* stroke:#[0-9A-F]{6}(,stroke-dasharray:\d+ \d+)?)$"
)
DECODE = {"#quot;": '"', "#amp;": "&", "#lt;": "<", "#gt;": ">", "#35;": "#", "#96;": "`"}


def check_mermaid(text: str) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    """Check every line against the syntax rules mermaid.py relies on; return the decoded
    labels by node id and the edges (source, word or the arrow of an unlabelled link,
    target)."""
    labels: dict[str, str] = {}
    edges = []
    lines = text.splitlines()
    assert lines[0] == "flowchart BT"
    for line in lines:
        if m := MERMAID_NODE.match(line):
            assert m.group(1) not in labels, f"node defined twice: {line}"
            label = re.sub(r"#(?:quot|amp|lt|gt|35|96);", lambda e: DECODE[e.group(0)], m.group(3))
            labels[m.group(1)] = label.replace("<br>", " ")
        elif m := MERMAID_EDGE.match(line):
            edges.append((m.group(1), m.group(3) or m.group(2), m.group(4)))
        else:
            assert MERMAID_OTHER.match(line), f"line breaks the syntax rules: {line!r}"
    assert all(s in labels and t in labels for s, _, t in edges), "edge to an undefined node"
    return labels, edges


def test_mermaid_follows_the_syntax_rules_and_labels_decode_to_the_text(
    seed: Corpus, seed_graph: nx.MultiDiGraph
) -> None:
    labels, edges = check_mermaid(mermaid.dumps(seed).decode())
    assert len(labels) == seed_graph.number_of_nodes()
    assert len(edges) == seed_graph.number_of_edges()
    wanted = sorted(" ".join(str(d["label"]).split()) for _, d in seed_graph.nodes(data=True))
    assert sorted(" ".join(v.split()) for v in labels.values()) == wanted
    assert (
        sum(w == "attack" for _, w, _ in edges) == 22
        and sum(w == "undercut" for _, w, _ in edges) == 6
    )


# ---- Neo4j CSV ---------------------------------------------------------------------------------

NEO4J_TYPES = {"int", "long", "float", "double", "boolean", "byte", "short", "char", "string"}


def check_neo4j_header(header: list[str], relationships: bool) -> None:
    """The neo4j-admin import header rules: name:type fields, one ID (nodes) or START/END/TYPE."""
    special = [h for h in header if h.startswith(":") or h.endswith(":ID")]
    if relationships:
        assert sorted(special) == [":END_ID", ":START_ID", ":TYPE"]
    else:
        assert sum(h.endswith(":ID") for h in header) == 1 and ":LABEL" in header
    for field in header:
        if field in special:
            continue
        name, _, kind = field.rpartition(":")
        assert name and kind.removesuffix("[]") in NEO4J_TYPES, field


def read_neo4j(folder: Path) -> nx.MultiDiGraph:
    """Re-read the CSV files the way neo4j-admin does, into a graph view."""

    def value(kind: str, cell: str) -> Any:
        if kind == "double":
            return float(cell)
        if kind == "long":
            return int(cell)
        if kind == "boolean":
            assert cell in ("true", "false"), cell
            return cell == "true"
        if kind == "string[]":
            return cell.split(";")
        return cell

    g = nx.MultiDiGraph()
    for name in neo4j.NODE_FILES.values():
        if not (folder / name).exists():
            continue
        rows = list(csv.reader(io.StringIO((folder / name).read_text("utf-8"))))
        check_neo4j_header(rows[0], relationships=False)
        for row in rows[1:]:
            cells = dict(zip(rows[0], row, strict=True))
            node = cells.pop("iri:ID")
            cells.pop(":LABEL")
            g.add_node(
                node,
                **{
                    f.rpartition(":")[0]: value(f.rpartition(":")[2], c)
                    for f, c in cells.items()
                    if c != ""
                },
            )
    rows = list(csv.reader(io.StringIO((folder / "relationships.csv").read_text("utf-8"))))
    check_neo4j_header(rows[0], relationships=True)
    for row in rows[1:]:
        cells = dict(zip(rows[0], row, strict=True))
        s, t, key = cells.pop(":START_ID"), cells.pop(":END_ID"), cells.pop("iri:string")
        cells.pop(":TYPE")
        g.add_edge(
            s,
            t,
            key=key,
            **{
                f.rpartition(":")[0]: value(f.rpartition(":")[2], c)
                for f, c in cells.items()
                if c != ""
            },
        )
    return g


def test_neo4j_csvs_follow_the_import_header_format_and_read_back_equal(
    seed: Corpus, seed_graph: nx.MultiDiGraph, tmp_path: Path
) -> None:
    folder = tmp_path / "neo4j"
    export(seed, "neo4j", folder)
    assert sorted(p.name for p in folder.iterdir()) == [
        "actors.csv",
        "claims.csv",
        "import.cypher",
        "issues.csv",
        "relations.csv",
        "relationships.csv",
    ]
    back = read_neo4j(folder)
    assert nx.utils.nodes_equal(back.nodes(data=True), seed_graph.nodes(data=True))
    assert edges_of(back) == edges_of(seed_graph)
    types = {
        row[-1]
        for row in csv.reader(io.StringIO((folder / "relationships.csv").read_text("utf-8")))
    }
    assert types >= {
        "SUPPORTS",
        "ATTACKS",
        "ENDORSES",
        "OPPOSES",
        "IS_CONCERNED_ABOUT",
        "ANSWERS",
        "MEMBER_OF",
    }
    cypher = (folder / "import.cypher").read_text("utf-8")
    assert cypher.count("LOAD CSV WITH HEADERS") == 4 + 7


# ---- arguments, schemes, new relation kinds and `by` in every graph export ---------------------

ARG = "https://w3id.org/argmap/id/map/arguments/argument/"
CLAIM = "https://w3id.org/argmap/id/map/arguments/claim/"
# What arguments.yaml holds, as edges of the graph view: kind (and attack kind) -> count.
ARGUMENT_EDGE_KINDS = {
    "premise": 6,  # expert has 3 premises, forecast 2, trend 1
    "conclusion": 3,
    "support": 1,
    "contrary": 1,
    "contradictory": 1,
    "rephrase": 1,
    "attack rebut": 1,
    "attack undermine": 1,
    "attack undercut": 2,
}


def edge_kinds(g: nx.MultiDiGraph) -> dict[str, int]:
    kinds = [
        f"{d['kind']} {d['attack_kind']}" if "attack_kind" in d else str(d["kind"])
        for *_, d in g.edges(keys=True, data=True)
        if d["kind"] not in ("stance", "answers", "member_of")
    ]
    return {k: kinds.count(k) for k in sorted(set(kinds))}


def test_graph_view_of_the_arguments_map_has_argument_junctions(
    arguments_graph: nx.MultiDiGraph,
) -> None:
    assert edge_kinds(arguments_graph) == dict(sorted(ARGUMENT_EDGE_KINDS.items()))
    expert = arguments_graph.nodes[ARG + "expert"]
    assert (expert["scheme"], expert["premise_count"], expert["by"]) == (
        "expert-opinion",
        3,
        ["reporter"],
    )


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "nodelink"])
def test_argument_nodes_keep_scheme_premises_and_by_through_networkx_readers(
    fmt: str, arguments: Corpus, tmp_path: Path
) -> None:
    path = tmp_path / f"arguments.{fmt}"
    export(arguments, fmt, path)
    if fmt == "graphml":
        back = nx.read_graphml(path, force_multigraph=True)
    elif fmt == "gexf":
        back = nx.read_gexf(path, version="1.3")
    else:
        back = nx.node_link_graph(json.loads(path.read_text("utf-8")))
    forecast = back.nodes[ARG + "forecast"]
    assert forecast["kind"] == "argument"
    assert forecast["scheme"] == "market-forecast"  # a map's own scheme
    assert forecast["scheme_label"] == forecast["label"] == "Argument from market forces"
    assert (forecast["premise_count"], forecast["strength"]) == (2, 0.7)
    assert back.nodes[ARG + "trend"]["analyst"] is True  # a boolean, not the text "True"
    premises = sorted(s for s, t, d in back.edges(data=True) if d["kind"] == "premise")
    assert premises[:3] == [
        CLAIM + "cheap-draws",
        CLAIM + "costs-in-field",
        CLAIM + "investment-grows",
    ]
    assert [t for s, t, d in back.edges(data=True) if s == ARG + "expert"] == [
        CLAIM + "solar-cheaper"
    ]
    kinds = {
        d.get("argmap_id"): (d["kind"], d.get("attack_kind")) for *_, d in back.edges(data=True)
    }
    assert kinds["undermine-cheaper"] == ("attack", "undermine")
    assert kinds["coal-contrary"] == ("contrary", None)
    assert kinds["cheaper-contradictory"] == ("contradictory", None)
    assert kinds["wins-rephrase"] == ("rephrase", None)


def test_graphml_draws_arguments_as_small_junctions_for_yed(arguments: Corpus) -> None:
    root = ET.fromstring(graphml.dumps(arguments))
    ns = {"g": "http://graphml.graphdrawing.org/xmlns", "y": "http://www.yworks.com/xml/graphml"}
    for node in root.findall("g:graph/g:node", ns):
        shape = node.find("g:data/y:ShapeNode", ns)
        assert shape is not None
        geometry, kind = shape.find("y:Geometry", ns), shape.find("y:Shape", ns)
        assert geometry is not None and kind is not None
        if node.get("id", "").startswith(ARG):
            assert kind.get("type") == "octagon"
            assert (geometry.get("width"), geometry.get("height")) == ("30", "30")
        else:
            assert kind.get("type") != "octagon"
    lines = {}
    for edge in root.findall("g:graph/g:edge", ns):
        style = edge.find("g:data/y:PolyLineEdge/y:LineStyle", ns)
        arrows = edge.find("g:data/y:PolyLineEdge/y:Arrows", ns)
        assert style is not None and arrows is not None
        lines[edge.get("id", "").rsplit("/", 1)[-1]] = (
            style.get("type"),
            style.get("color"),
            arrows.get("source"),
            arrows.get("target"),
        )
    assert lines["undermine-cheaper"] == ("dashed_dotted", "#C62828", "none", "standard")
    assert lines["cheaper-contradictory"][2:] == ("standard", "standard")  # both ways
    assert lines["coal-contrary"][1] != lines["cheaper-contradictory"][1] != "#C62828"
    assert lines["wins-rephrase"][0] == "dashed"
    assert lines["cheap-draws"] == ("line", "#2E7D32", "none", "none")  # a premise edge
    types = {
        (k.get("for"), k.get("attr.name")): k.get("attr.type")
        for k in root.findall("g:key", {"g": "http://graphml.graphdrawing.org/xmlns"})
    }
    assert types[("node", "analyst")] == types[("edge", "analyst")] == "boolean"
    assert types[("node", "premise_count")] == "long"


def test_gexf_gives_argument_junctions_a_small_diamond(arguments: Corpus) -> None:
    root = ET.fromstring(gexf.dumps(arguments))
    ns = {"x": "http://gexf.net/1.3", "viz": "http://gexf.net/1.3/viz"}
    shapes = {
        n.get("id"): (n.find("viz:shape", ns), n.find("viz:size", ns))
        for n in root.iterfind(".//x:node", ns)
    }
    for node, (shape, size) in shapes.items():
        if node and node.startswith(ARG):
            assert shape is not None and shape.get("value") == "diamond"
            assert size is not None and float(size.get("value", "0")) < 10
        else:
            assert shape is None and size is None


def test_cytoscape_js_reads_argument_classes_for_styling_and_filtering(
    arguments: Corpus, arguments_graph: nx.MultiDiGraph, tmp_path: Path
) -> None:
    path = tmp_path / "arguments.cyjs"
    export(arguments, "cytoscape", path)
    loaded = load_in_cytoscape(path)
    assert loaded["nodeCount"] == arguments_graph.number_of_nodes()
    assert loaded["edgeCount"] == arguments_graph.number_of_edges()
    nodes = {n["data"]["id"]: n for n in loaded["nodes"]}
    assert nodes[ARG + "expert"]["classes"] == ["argument"]
    assert nodes[ARG + "trend"]["classes"] == ["argument", "analyst"]
    assert nodes[ARG + "expert"]["data"]["scheme"] == "expert-opinion"
    assert nodes[ARG + "expert"]["data"]["by"] == ["reporter"]  # a list, as JSON holds it
    edges = {e["data"].get("argmap_id", e["data"]["id"]): e for e in loaded["edges"]}
    assert edges["undermine-cheaper"]["classes"] == ["attack", "undermine"]
    assert edges["undercut-expert"]["classes"] == ["attack", "undercut"]
    assert edges["wins-rephrase"]["classes"] == ["rephrase", "analyst"]
    # "show only what the text argues": the analyst's links are one class to hide
    analyst = [e["data"]["id"] for e in loaded["edges"] if "analyst" in e["classes"]]
    assert len(analyst) == 6
    for node, data in arguments_graph.nodes(data=True):
        assert nodes[node]["data"] == {"id": node, **data}


def svg_groups(svg: str, cls: str) -> dict[str, ET.Element]:
    ns = "{http://www.w3.org/2000/svg}"
    return {
        g.findtext(f"{ns}title") or "": g
        for g in ET.fromstring(svg).iter(f"{ns}g")
        if cls in (g.get("class") or "").split()
    }


def test_dot_draws_arguments_as_junctions_and_conflicts_in_their_own_style(
    arguments: Corpus,
) -> None:
    text = dot.dumps(arguments).decode()
    svg = render_svg(text.encode())
    ns = "{http://www.w3.org/2000/svg}"
    nodes = svg_node_titles(svg)
    assert sum(t.startswith(ARG) for t in nodes) == 3
    drawn = " ".join(t.text or "" for t in ET.fromstring(svg).iter(f"{ns}text"))
    for scheme in ("Argument from expert opinion", "Argument from market forces"):
        assert scheme in " ".join(drawn.split())  # the scheme, written beside the junction
    line = {
        found[1]: x
        for x in text.splitlines()
        if "->" in x and (found := re.search(r'argmap_id="([^"]+)"', x))
    }
    assert "dir=both" in line["cheaper-contradictory"]
    assert "arrowhead=tee" in line["coal-contrary"]
    assert "style=dotted" in line["undermine-cheaper"] and "#C62828" in line["undermine-cheaper"]
    assert "arrowhead=empty" in line["wins-rephrase"]
    assert 'by="coal-lobby"' in line["undermine-cheaper"]
    assert 'analyst="true"' in line["wins-rephrase"]
    edges = svg_groups(svg, "edge")
    heads = {title: len(g.findall(f"{ns}polygon")) for title, g in edges.items()}
    contradictory = f"{CLAIM}solar-not-cheaper->{CLAIM}solar-cheaper"
    assert heads[contradictory] == 2  # a head at both ends
    assert heads[f"{CLAIM}lee-expert->{ARG}expert"] == 0  # premises run in without a head
    assert heads[f"{ARG}expert->{CLAIM}solar-cheaper"] == 1


def test_mermaid_draws_arguments_as_rhombus_junctions(arguments: Corpus) -> None:
    text = mermaid.dumps(arguments).decode()
    labels, edges = check_mermaid(text)
    assert sorted(v for v in labels.values() if v.startswith("Argument from")) == [
        "Argument from expert opinion",
        "Argument from market forces",
        "Argument from sign",
    ]
    rhombi = re.findall(r'^  (n\d+)\{"', text, flags=re.MULTILINE)
    assert len(rhombi) == 3
    words = [w for _, w, _ in edges]
    assert words.count("---") == 6  # premises join their junction without a head
    assert sum(w == "-->" and t in rhombi for _, w, t in edges) == 0
    assert sum(s in rhombi and w == "-->" for s, w, _ in edges) == 3  # one conclusion each
    for word in ("contrary", "contradictory", "rephrase", "undermine"):
        assert words.count(word) == 1
    assert "x--x|contradictory|" in text and "--o|contrary|" in text
    assert "<-.->|rephrase|" in text
    assert re.search(r"^  linkStyle \d+ stroke:#C62828,stroke-dasharray:4 3$", text, re.MULTILINE)


def test_neo4j_writes_an_argument_label_and_premise_conclusion_relationships(
    arguments: Corpus, arguments_graph: nx.MultiDiGraph, tmp_path: Path
) -> None:
    folder = tmp_path / "neo4j"
    export(arguments, "neo4j", folder)
    assert "arguments.csv" in {p.name for p in folder.iterdir()}
    back = read_neo4j(folder)
    assert nx.utils.nodes_equal(back.nodes(data=True), arguments_graph.nodes(data=True))
    assert edges_of(back) == edges_of(arguments_graph)
    rows = list(csv.reader(io.StringIO((folder / "arguments.csv").read_text("utf-8"))))
    assert {row[-1] for row in rows[1:]} == {"Argument;ArgmapNode"}
    assert "premise_count:long" in rows[0] and "analyst:boolean" in rows[0]
    types = [
        row[-1]
        for row in csv.reader(io.StringIO((folder / "relationships.csv").read_text("utf-8")))
    ][1:]
    assert types.count("PREMISE") == 6 and types.count("CONCLUSION") == 3
    assert {"CONTRARY_TO", "CONTRADICTS", "REPHRASES", "ATTACKS", "SUPPORTS"} <= set(types)
    cypher = (folder / "import.cypher").read_text("utf-8")
    assert "SET n:Argument" in cypher
    assert "toBoolean(row.`analyst:boolean`)" in cypher
    assert "MERGE (a)-[r:PREMISE {iri: row.`iri:string`}]->(b)" in cypher


# ---- every export, on random maps ------------------------------------------------------------


@FEW
@given(argument_maps())
def test_every_graph_export_of_any_map_is_read_by_its_consumer(m: ArgumentMap) -> None:
    corpus = Corpus(maps=(m,))
    g = corpus_graph(corpus)
    back = nx.read_graphml(io.BytesIO(graphml.dumps(corpus)), force_multigraph=True)
    assert nodes_of(back, YED_EXTRAS) == nodes_of(_xml_safe(g))
    assert edges_of(back) == edges_of(_xml_safe(g))
    back = nx.read_gexf(io.BytesIO(gexf.dumps(corpus)), version="1.3")
    got = {n: {k: v for k, v in d.items() if k != "viz"} for n, d in back.nodes(data=True)}
    assert got == nodes_of(_xml_safe(g))
    assert nx.utils.graphs_equal(nx.node_link_graph(json.loads(nodelink.dumps(corpus))), g)
    labels, _ = check_mermaid(mermaid.dumps(corpus).decode())
    assert len(labels) == g.number_of_nodes()
    data = json.loads(cytoscape.dumps(corpus))
    assert len(data["elements"]["nodes"]) == g.number_of_nodes()


@FEW
@given(argument_maps())
def test_neo4j_csvs_of_any_map_read_back_equal(
    tmp_path_factory: pytest.TempPathFactory, m: ArgumentMap
) -> None:
    folder = tmp_path_factory.mktemp("neo4j") / "out"
    neo4j.write(Corpus(maps=(m,)), folder)
    g = corpus_graph(Corpus(maps=(m,)))
    back = read_neo4j(folder)
    assert nx.utils.nodes_equal(back.nodes(data=True), g.nodes(data=True))
    assert edges_of(back) == edges_of(g)


@settings(max_examples=8, deadline=None)
@given(argument_maps())
def test_dot_of_any_map_renders_with_graphviz(m: ArgumentMap) -> None:
    corpus = Corpus(maps=(m,))
    titles = svg_node_titles(render_svg(dot.dumps(corpus)))
    assert sorted(titles) == sorted(corpus_graph(corpus).nodes)


def _xml_safe(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """What an XML parser gives back: text outside XML 1.0's characters becomes U+FFFD."""
    illegal = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

    def clean(v: Any) -> Any:
        return illegal.sub("\ufffd", v) if isinstance(v, str) else v

    h = nx.MultiDiGraph()
    for n, d in g.nodes(data=True):
        h.add_node(n, **{k: clean(v) for k, v in d.items()})
    for s, t, k, d in g.edges(keys=True, data=True):
        h.add_edge(s, t, key=k, **{a: clean(v) for a, v in d.items()})
    return h


# ---- golden files ------------------------------------------------------------------------------

GOLDEN_SUFFIXES = {
    "graphml": ".graphml",
    "gexf": ".gexf",
    "cytoscape": ".cyjs",
    "dot": ".dot",
    "mermaid": ".mmd",
    "nodelink": ".nodelink.json",
    "aif": ".aif.json",
    "argdown": ".argdown",
}
# mini.yaml is a map as maps were before arguments: its goldens must never change (old maps
# export byte for byte as before); arguments.yaml holds every feature arguments brought.
GOLDEN_MAPS = {"mini": DATA / "mini.yaml", "arguments": ARGUMENTS}


@pytest.mark.parametrize("name", sorted(GOLDEN_MAPS))
@pytest.mark.parametrize("fmt", sorted(GOLDEN_SUFFIXES))
def test_export_matches_its_golden_file(fmt: str, name: str, tmp_path: Path) -> None:
    """Regenerate with ARGMAP_UPDATE_GOLDEN=1 after an intended change, and review the diff."""
    file_name = name + GOLDEN_SUFFIXES[fmt]
    golden = GOLDEN / fmt / file_name
    out = tmp_path / file_name
    export(load([GOLDEN_MAPS[name]]), fmt, out)
    if os.environ.get("ARGMAP_UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(out, golden)
    assert out.read_bytes() == golden.read_bytes()


@pytest.mark.parametrize(("name", "folder"), [("mini", "neo4j"), ("arguments", "neo4j-arguments")])
def test_neo4j_export_matches_its_golden_files(name: str, folder: str, tmp_path: Path) -> None:
    export(load([GOLDEN_MAPS[name]]), "neo4j", tmp_path / "neo4j")
    golden = GOLDEN / folder
    if os.environ.get("ARGMAP_UPDATE_GOLDEN"):
        shutil.rmtree(golden, ignore_errors=True)
        shutil.copytree(tmp_path / "neo4j", golden)
    written = {p.name: p.read_bytes() for p in (tmp_path / "neo4j").iterdir()}
    assert written == {p.name: p.read_bytes() for p in golden.iterdir()}


# ---- registry and command line ---------------------------------------------------------------


def test_exports_lists_every_format_of_the_issue() -> None:
    names = {f.name for f in exports()}
    assert names >= {
        "graphml",
        "gexf",
        "cytoscape",
        "dot",
        "mermaid",
        "nodelink",
        "neo4j",
        "aif",
        "argdown",
        "jsonld",
        "turtle",
        "trig",
    }


def test_cli_export_writes_the_format_told_by_the_suffix(tmp_path: Path) -> None:
    out = tmp_path / "seed.gexf"
    result = runner.invoke(app, ["export", *map(str, SEED_FILES), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {out} (gexf, 2 map(s))\n"
    assert nx.read_gexf(out, version="1.3").number_of_nodes() == 138


def test_cli_export_to_rdf_formats_of_the_core(tmp_path: Path) -> None:
    out = tmp_path / "seed.out"
    result = runner.invoke(app, ["export", str(DATA / "mini.yaml"), "--to", "trig", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert load([out.rename(tmp_path / "mini.trig")]).maps[0].id == "mini"


def test_cli_export_with_an_ambiguous_or_unknown_format_fails_on_one_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", str(DATA / "mini.yaml"), "-o", str(tmp_path / "x.json")])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {tmp_path / 'x.json'}: cannot tell the export format")
    assert len(result.stderr.splitlines()) == 1
    result = runner.invoke(app, ["export", str(DATA / "mini.yaml"), "--to", "pdf", "-o", "x.pdf"])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: unknown format 'pdf'; use one of: graphml, gexf")
    result = runner.invoke(app, ["export", str(DATA / "mini.yaml"), "--to", "kialo", "-o", "x.txt"])
    assert result.stderr == "error: argmap imports kialo but cannot export it; use --to\n"
    assert not (tmp_path / "x.json").exists()


def test_cli_export_into_a_missing_folder_fails_without_a_traceback(tmp_path: Path) -> None:
    out = tmp_path / "no" / "such" / "x.graphml"
    result = runner.invoke(app, ["export", str(DATA / "mini.yaml"), "-o", str(out)])
    assert result.exit_code == 1
    assert "does not exist; create it first" in result.stderr
    assert "Traceback" not in result.output
