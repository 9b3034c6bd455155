"""The graph projection of arguments: junction nodes, premise/conclusion edges, conflicts
and attribution, as every graph export and the map page see them."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from argmap import load
from argmap.graph.projection import EDGE_KINDS, NODE_KINDS, corpus_graph

DATA = Path(__file__).parent / "data"
BASE = "https://w3id.org/argmap/id/map/arguments/"


def _graph() -> nx.MultiDiGraph:
    return corpus_graph(load([DATA / "arguments.yaml"]))


def _edges(g: nx.MultiDiGraph, kind: str) -> set[tuple[str, str]]:
    return {
        (u.removeprefix(BASE), v.removeprefix(BASE))
        for u, v, attrs in g.edges(data=True)
        if attrs["kind"] == kind
    }


def test_a_linked_argument_is_one_junction_node_its_premises_flow_into() -> None:
    g = _graph()
    node = g.nodes[BASE + "argument/expert"]
    assert node["kind"] == "argument"
    assert node["scheme"] == "expert-opinion"
    assert node["label"] == "Argument from expert opinion"
    assert node["premise_count"] == 3
    assert node["by"] == ["reporter"]
    into = {u.removeprefix(BASE) for u, _ in g.in_edges(BASE + "argument/expert")}
    assert {"claim/costs-in-field", "claim/lee-expert", "claim/lee-says"} <= into
    assert _edges(g, "conclusion") >= {("argument/expert", "claim/solar-cheaper")}
    assert sum(1 for _, _, k in g.out_edges(BASE + "argument/expert", data="kind")) == 1


def test_a_map_scheme_shows_its_own_label_and_analyst_links_are_marked() -> None:
    g = _graph()
    assert g.nodes[BASE + "argument/forecast"]["label"] == "Argument from market forces"
    trend = g.nodes[BASE + "argument/trend"]
    assert trend["analyst"] is True and "by" not in trend
    analyst_edges = {
        attrs["argmap_id"] for _, _, attrs in g.edges(data=True) if attrs.get("analyst")
    }
    assert analyst_edges == {
        "undercut-undercut",
        "coal-contrary",
        "cheaper-contradictory",
        "wins-rephrase",
        "draws-grows",
        "lobby-overtakes",
    }


def test_attacks_point_at_what_they_hit() -> None:
    g = _graph()
    attacks = {
        attrs["argmap_id"]: (v.removeprefix(BASE), attrs["attack_kind"])
        for _, v, attrs in g.edges(data=True)
        if attrs["kind"] == "attack"
    }
    assert attacks == {
        "undermine-cheaper": ("claim/solar-cheaper", "undermine"),
        "undercut-expert": ("argument/expert", "undercut"),
        "undercut-undercut": ("relation/undercut-expert/node", "undercut"),
        "rebut-forecast": ("argument/forecast", "rebut"),
    }


def test_conflicts_and_restatements_are_edges_of_their_own_kind() -> None:
    g = _graph()
    assert _edges(g, "contrary") == {("claim/coal-cheapest", "claim/solar-cheaper")}
    assert _edges(g, "contradictory") == {("claim/solar-not-cheaper", "claim/solar-cheaper")}
    assert _edges(g, "rephrase") == {("claim/solar-wins", "claim/solar-overtakes")}
    assert _edges(g, "support") == {("claim/cheap-draws", "claim/investment-grows")}


def test_every_kind_in_the_graph_is_a_declared_kind() -> None:
    g = _graph()
    assert {k for _, k in g.nodes(data="kind")} <= set(NODE_KINDS)
    assert {k for _, _, k in g.edges(data="kind")} <= set(EDGE_KINDS)
    assert {k for _, k in g.nodes(data="kind")} >= {"claim", "argument", "relation", "actor"}
