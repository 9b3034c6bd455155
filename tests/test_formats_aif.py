"""AIF JSON both ways: the AIFdb corpus file imports with exact counts, our export reads back
in our importer and in the arguebuf package, and hand-written AIF covers CA, MA, undercuts,
xAIF and OVA shapes."""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from argmap import ArgumentMap, Corpus, InputError, load_map
from argmap.cli import app
from argmap.formats import aif, aif_vocab, aif_write
from argmap.formats.registry import export, import_file, load
from argmap.model.entities import AttackKind
from argmap.model.schemes import BUILTIN_SCHEMES
from tests.conftest import DATA, ROOT
from tests.strategies import argument_maps

AIFDB = DATA / "corpora" / "aifdb-nodeset-6064-original.json"
SEED_FILES = sorted((ROOT / "data").glob("*.yaml"))
runner = CliRunner()


def arguebuf_counts(path: Path) -> dict[str, int]:
    """I-, RA- and CA-node counts as the arguebuf package (PyPI) loads the file."""
    import arguebuf

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # arguebuf warns about its own dependencies
        graph = arguebuf.load.file(path)
    schemes = [type(n.scheme).__name__ for n in graph.scheme_nodes.values()]
    return {
        "I": len(graph.atom_nodes),
        "RA": schemes.count("Support"),
        "CA": schemes.count("Attack"),
    }


# ---- the AIFdb corpus file ---------------------------------------------------------------------


def test_aifdb_nodeset_6064_imports_with_the_expected_counts() -> None:
    m = import_file(AIFDB)  # AIF told from the content of a .json file
    assert m.id == "aifdb-nodeset-6064-original"
    assert len(m.claims) == 9  # 9 I-nodes
    assert [r.type.value for r in m.relations] == ["support"] * 5  # 5 RA, no CA, no MA
    assert [r.id for r in m.relations] == [
        "ra-111803",
        "ra-111814",
        "ra-111821",
        "ra-111824",
        "ra-111844",
    ]
    # CL and NL from the locutions' personIDs (kept as the actors' identifiers); M from the
    # "M: CL : …" prefix of the locutions that have no locutions entry
    assert {(a.name, a.identifier) for a in m.actors} == {("CL", "409"), ("NL", "437"), ("M", None)}
    positions = [(s.actor, s.position.value) for s in m.stances]
    assert positions.count(("cl", "endorses")) == 6  # 5 Asserting + 1 Popular Conceding
    assert positions.count(("cl", "concerned")) == 1  # Pure Questioning
    assert positions.count(("nl", "endorses")) == 2  # Asserting + Popular Conceding
    assert len(m.stances) == 9
    assert (
        m.description == "Imported from AIF: 9 I-nodes, 5 RA, 0 CA, 0 MA, 16 L, 14 YA, 8 TA nodes."
    )
    # the dialogue is kept whole: every L, YA and TA node
    assert (len(m.locutions), len(m.illocutions), len(m.transitions)) == (16, 14, 8)


def test_aifdb_supports_link_the_texts_the_nodeset_links() -> None:
    m = import_file(AIFDB)
    text = {c.id: c.text for c in m.claims}
    r = m.relations_by_id["ra-111803"]
    assert text[r.source].startswith("decided that this had taught an important lesson")
    assert text[r.target] == "and therefore the only way forward was for Britain to withdraw"
    source = m.claims_by_id[r.source]
    assert (source.identifier, source.created, source.note) == (
        "29053",
        "2014-04-28 15:51:38",
        None,
    )
    assert (r.identifier, r.created) == ("111803", "2015-11-25 16:13:50")


def test_aif_without_locutions_key_imports_speakers_from_the_locution_texts(
    tmp_path: Path,
) -> None:
    data = json.loads(AIFDB.read_text("utf-8"))
    del data["locutions"]
    path = tmp_path / "no-locutions.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    m = import_file(path)
    assert len(m.claims) == 9 and len(m.relations) == 5
    assert {(a.name, a.identifier) for a in m.actors} == {("CL", None), ("NL", None), ("M", None)}
    assert len(m.stances) == 9
    # and it goes back to the same nodes and edges (with a rebuilt 'locutions' array)
    out = aif.to_aif(Corpus(maps=(m,)))
    assert aif_graph(out)[:3] == aif_graph(data)[:3]
    # every L-node has a speaker now (from its "Name :" prefix), so a locutions entry
    assert {e["nodeID"] for e in out["locutions"]} == {
        n["nodeID"] for n in data["nodes"] if n["type"] == "L"
    }


def test_xaif_wrapper_imports_like_the_plain_file(tmp_path: Path) -> None:
    data = json.loads(AIFDB.read_text("utf-8"))
    path = tmp_path / "x.json"
    path.write_text(json.dumps({"AIF": data, "text": "…", "OVA": {}}), encoding="utf-8")
    plain, wrapped = import_file(AIFDB), import_file(path)
    assert wrapped.claims == plain.claims
    assert wrapped.relations == plain.relations
    assert wrapped.stances == plain.stances


def test_arguebuf_reads_the_corpus_file_as_we_do() -> None:
    m = import_file(AIFDB)
    assert arguebuf_counts(AIFDB) == {"I": len(m.claims), "RA": len(m.relations), "CA": 0}


# ---- hand-written AIF: every scheme type --------------------------------------------------------


def small_aif() -> dict[str, Any]:
    nodes = [
        ("1", "I", "Taxes should rise."),
        ("2", "I", "Schools need money."),
        ("3", "I", "Taxes hurt growth."),
        ("4", "I", "Growth is not the goal."),
        ("5", "I", "Schools lack funds."),
        ("10", "RA", "Argument From Consequences"),
        ("11", "CA", "Default Conflict"),
        ("12", "CA", "CA"),
        ("13", "MA", "Default Rephrase"),
        ("20", "L", "Ann : Taxes should rise."),
        ("21", "YA", "Asserting"),
        ("22", "L", "Bob : Are you sure?"),
        ("23", "YA", "Assertive Challenging"),
        ("24", "TA", "Default Transition"),
    ]
    edges = [
        ("2", "10"),
        ("10", "1"),  # 2 supports 1
        ("3", "11"),
        ("11", "1"),  # 3 attacks 1
        ("4", "12"),
        ("12", "10"),  # 4 undercuts the inference 10
        ("5", "13"),
        ("13", "2"),  # 5 rephrases 2
        ("20", "21"),
        ("21", "1"),  # Ann asserts 1
        ("22", "23"),
        ("23", "1"),  # Bob challenges 1
        ("20", "24"),
        ("24", "22"),
        ("1", "99"),  # an edge to a node that is not there
    ]
    return {
        "nodes": [{"nodeID": i, "type": t, "text": x} for i, t, x in nodes],
        "edges": [{"edgeID": str(n), "fromID": a, "toID": b} for n, (a, b) in enumerate(edges)],
        "locutions": [{"nodeID": "20", "personID": "7"}],
        "participants": [{"participantID": "7", "firstname": "Ann", "surname": "Lee"}],
    }


def test_every_aif_scheme_maps_to_what_the_model_holds() -> None:
    m = aif.from_aif(small_aif(), "small.json", "small", "Small")
    texts = {c.id: c.text for c in m.claims}
    relations = [
        (
            texts.get(r.source),
            r.type.value,
            r.kind and r.kind.value,
            texts.get(r.target, r.target),
            r.warrant,
        )
        for r in m.relations
    ]
    assert relations == [
        (
            "Schools need money.",
            "support",
            None,
            "Taxes should rise.",
            "Argument From Consequences",
        ),
        ("Taxes hurt growth.", "attack", "rebut", "Taxes should rise.", None),
        ("Growth is not the goal.", "attack", "undercut", "ra-10", None),
        # MA: a restatement, one relation (no longer two supports)
        ("Schools lack funds.", "rephrase", None, "Schools need money.", None),
    ]
    stances = sorted(
        (a.name, s.position.value) for s in m.stances for a in m.actors if a.id == s.actor
    )
    # Ann from participants (with her surname), Bob from the "Bob :" prefix of his locution
    assert stances == [("Ann Lee", "endorses"), ("Bob", "opposes")]
    assert m.description == (
        "Imported from AIF: 5 I-nodes, 1 RA, 2 CA, 1 MA, 2 L, 2 YA, 1 TA nodes; not"
        " representable here: 1 edges to unknown nodes."
    )
    (transition,) = m.transitions
    assert (transition.source, transition.target, transition.scheme) == (
        ("l-20",),
        ("l-22",),
        "Default Transition",
    )
    assert [(i.force, i.source, texts.get(i.target or "")) for i in m.illocutions] == [
        ("Asserting", "l-20", "Taxes should rise."),
        ("Assertive Challenging", "l-22", "Taxes should rise."),
    ]


def linked_aif() -> dict[str, Any]:
    """An AIFdb-shaped nodeset with what a one-premise-relation model would split: a linked
    RA (two premises needed together), a one-premise RA, an MA, and CA nodes on a premise,
    on a conclusion and on an inference."""
    nodes = [
        ("1", "I", "Dr. Lee is an energy expert."),
        ("2", "I", "Dr. Lee says solar is cheaper."),
        ("3", "I", "Solar is cheaper."),
        ("4", "I", "Solar costs less."),
        ("5", "I", "Dr. Lee is paid by solar firms."),
        ("6", "I", "Coal is subsidised too."),
        ("7", "I", "Panels got cheaper every year."),
        ("8", "I", "Solar is not cheaper."),
        ("9", "I", "Lee's study was never peer reviewed."),
        ("20", "RA", "Argument From Expert Opinion", "Expert Opinion"),
        ("21", "RA", "Default Inference", "Default Inference"),
        ("22", "MA", "Default Rephrase", "Default Rephrase"),
        ("23", "CA", "Default Conflict", "Default Conflict"),
        ("24", "CA", "Default Conflict", "Default Conflict"),
        ("25", "CA", "Default Conflict", "Default Conflict"),
    ]
    edges = [
        ("1", "20"),
        ("2", "20"),
        ("20", "3"),  # 1 and 2 together: one linked argument for 3
        ("7", "21"),
        ("21", "3"),  # 7 alone: a support of 3 (convergent with the argument)
        ("4", "22"),
        ("22", "3"),  # 4 restates 3
        ("5", "23"),
        ("23", "1"),  # 5 attacks premise 1 of the argument: an undermine
        ("8", "24"),
        ("24", "3"),  # 8 attacks the conclusion: a rebut
        ("9", "25"),
        ("25", "20"),  # 9 attacks the inference itself: an undercut of the argument
    ]
    return {
        "nodes": [
            {"nodeID": n[0], "type": n[1], "text": n[2], **({"scheme": n[3]} if len(n) > 3 else {})}
            for n in nodes
        ],
        "edges": [{"edgeID": str(i), "fromID": a, "toID": b} for i, (a, b) in enumerate(edges)],
        "locutions": [],
    }


def test_a_linked_ra_node_imports_as_one_argument_and_ma_ca_as_what_they_mean() -> None:
    m = aif.from_aif(linked_aif(), "linked.json", "linked", "Linked")
    text = {c.id: c.text for c in m.claims}
    (argument,) = m.arguments  # ONE argument, not two supports
    assert argument.id == "ra-20"
    assert sorted(text[p] for p in argument.premises) == [
        "Dr. Lee is an energy expert.",
        "Dr. Lee says solar is cheaper.",
    ]
    assert text[argument.conclusion] == "Solar is cheaper."
    assert argument.scheme == "expert-opinion"  # AIFdb's scheme name, a built-in one
    assert argument.warrant is None  # the text is the scheme's longer name, not a warrant
    relations = [
        (text[r.source], r.type.value, r.kind and r.kind.value, text.get(r.target, r.target))
        for r in m.relations
    ]
    assert relations == [
        ("Panels got cheaper every year.", "support", None, "Solar is cheaper."),
        ("Solar costs less.", "rephrase", None, "Solar is cheaper."),
        ("Dr. Lee is paid by solar firms.", "attack", "undermine", "Dr. Lee is an energy expert."),
        ("Solar is not cheaper.", "attack", "rebut", "Solar is cheaper."),
        ("Lee's study was never peer reviewed.", "attack", "undercut", "ra-20"),
    ]
    # the convergent structure: two inferences for the conclusion, one of them linked
    assert sorted(len(a.premises) for a in m.arguments_for(argument.conclusion)) == [1, 2]


def test_a_linked_argument_keeps_its_one_ra_node_through_argmap_and_back() -> None:
    data = linked_aif()
    m = aif.from_aif(data, "linked.json", "linked", "Linked")
    out = aif.to_aif(Corpus(maps=(m,)))
    ra = [n for n in out["nodes"] if n["type"] == "RA"]
    assert len(ra) == sum(n["type"] == "RA" for n in data["nodes"]) == 2
    linked = next(n for n in ra if n["nodeID"] == "20")  # the nodeID it had
    assert linked["scheme"] == linked["text"] == "Expert Opinion"  # AIFdb's name for it
    into = [e["fromID"] for e in out["edges"] if e["toID"] == "20"]
    assert len(into) == 3  # the two premises and the undercut's CA
    assert [e["toID"] for e in out["edges"] if e["fromID"] == "20"] == ["3"]
    assert {n["nodeID"] for n in out["nodes"]} == {n["nodeID"] for n in data["nodes"]}
    assert sum(n["type"] == "MA" for n in out["nodes"]) == 1


def ova_file() -> dict[str, Any]:
    """An OVA-shaped file: numeric ids, edges with nodes as ends, speaker on the L-node."""
    return {
        "nodes": [
            {"id": 1, "type": "I", "text": "A", "x": 0, "y": 0},
            {"id": 2, "type": "I", "text": "B", "x": 0, "y": 0},
            {"id": 3, "type": "CA", "text": "CA", "x": 0, "y": 0},
            {"id": 4, "type": "L", "text": "said A", "participantID": 9},
            {"id": 5, "type": "YA", "text": "Agreeing"},
        ],
        "edges": [
            {"from": {"id": 2}, "to": {"id": 3}},
            {"from": {"id": 3}, "to": {"id": 1}},
            {"from": {"id": 4}, "to": {"id": 5}},
            {"from": {"id": 5}, "to": {"id": 1}},
        ],
        "participants": [{"id": 9, "firstname": "Cy", "surname": ""}],
        "analysis": {"txt": ""},
    }


def test_ova_shaped_files_import_too() -> None:
    m = aif.from_aif(ova_file(), "ova.json", "ova", "OVA")
    # one-letter texts are slugs already: kept as ids
    assert [(r.source, r.type.value, r.target) for r in m.relations] == [("B", "attack", "A")]
    assert [(s.actor, s.claim, s.position.value) for s in m.stances] == [("cy", "A", "endorses")]


# ---- our export -------------------------------------------------------------------------------


def test_seed_maps_export_to_aif_that_arguebuf_loads_with_the_same_node_counts(
    tmp_path: Path,
) -> None:
    corpus = load(SEED_FILES)
    path = tmp_path / "seed.aif.json"
    export(corpus, "aif", path)
    supports = sum(r.type.value == "support" for m in corpus.maps for r in m.relations)
    attacks = sum(r.type.value == "attack" for m in corpus.maps for r in m.relations)
    assert (supports, attacks) == (115, 28)
    assert arguebuf_counts(path) == {"I": 101, "RA": 115, "CA": 28}
    # our importer reads the two maps back as one
    back = import_file(path)
    assert len(back.claims) == 101 and len(back.relations) == 143 and len(back.stances) == 58


def aif_node_counts(data: dict[str, Any]) -> dict[str, int]:
    """Scheme nodes by type, and the RA nodes with several I-node premises (linked)."""
    nodes = data["AIF"]["nodes"] if "AIF" in data else data["nodes"]
    edges = data["AIF"]["edges"] if "AIF" in data else data["edges"]
    types = {str(n["nodeID"]): n["type"] for n in nodes}
    premises: dict[str, int] = {}
    for e in edges:
        source, target = str(e["fromID"]), str(e["toID"])
        if types.get(target) == "RA" and types.get(source) == "I":
            premises[target] = premises.get(target, 0) + 1
    counts = {t: sum(v == t for v in types.values()) for t in ("I", "RA", "CA", "MA")}
    counts["linked RA"] = sum(n >= 2 for n in premises.values())
    return counts


REAL_AIF = sorted(
    p
    for p in (DATA / "corpora").iterdir()
    if p.suffix == ".json" and "nodes" in json.loads(p.read_text("utf-8"))
)


@pytest.mark.parametrize("path", REAL_AIF, ids=lambda p: p.name)
def test_real_aif_files_keep_their_ra_node_count_through_argmap_and_back(path: Path) -> None:
    """AIF -> argmap -> AIF: no RA node is split into several (or lost)."""
    before = aif_node_counts(json.loads(path.read_text("utf-8")))
    m = import_file(path)
    after = aif_node_counts(aif.to_aif(Corpus(maps=(m,))))
    assert after["RA"] == before["RA"]
    assert after["linked RA"] == before["linked RA"] == len(m.arguments)
    assert after["I"] == before["I"]
    assert (after["CA"], after["MA"]) == (before["CA"], before["MA"])


def aif_graph(
    data: dict[str, Any],
) -> tuple[dict[str, int], set[str], dict[str, str | None], set[tuple[str, str]]]:
    """What an AIF round trip must keep: node counts per type, the nodeIDs, each node's
    timestamp, and the edges as (fromID, toID) pairs."""
    data = data.get("AIF", data)
    types: dict[str, int] = {}
    for node in data["nodes"]:
        types[node["type"]] = types.get(node["type"], 0) + 1
    return (
        types,
        {str(n["nodeID"]) for n in data["nodes"]},
        {str(n["nodeID"]): n.get("timestamp") for n in data["nodes"]},
        {(str(e["fromID"]), str(e["toID"])) for e in data["edges"]},
    )


@pytest.mark.parametrize("path", REAL_AIF, ids=lambda p: p.name)
def test_real_aif_files_go_back_to_the_same_nodes_timestamps_and_edges(path: Path) -> None:
    """AIF -> argmap -> AIF: the same nodes of every type (L, YA and TA included), the same
    nodeIDs and timestamps, the same edges."""
    original = json.loads(path.read_text("utf-8"))
    back = aif.to_aif(Corpus(maps=(import_file(path),)))
    types, ids, stamps, edges = aif_graph(original)
    assert aif_graph(back) == (types, ids, stamps, edges)
    assert sum(types.values()) == len(back["nodes"])  # no node written twice


def test_real_aif_files_go_back_the_same_through_the_cli(tmp_path: Path) -> None:
    """The done-when of issue 16 as a user runs it: argmap import, then argmap export."""
    for path in REAL_AIF:
        yaml_file, exported = tmp_path / f"{path.stem}.yaml", tmp_path / f"{path.stem}.json"
        imported = runner.invoke(app, ["import", str(path), "-o", str(yaml_file)])
        assert imported.exit_code == 0, imported.output
        written = runner.invoke(app, ["export", str(yaml_file), "--to", "aif", "-o", str(exported)])
        assert written.exit_code == 0, written.output
        assert aif_graph(json.loads(exported.read_text("utf-8"))) == aif_graph(
            json.loads(path.read_text("utf-8"))
        )


def arguebuf_view(path: Path) -> dict[str, Any]:
    """The atoms (I-node texts), schemes and edges as arguebuf (PyPI) reads the file."""
    import arguebuf

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # arguebuf warns about its own dependencies
        graph = arguebuf.load.file(path)
    return {
        "atoms": sorted((i, n.plain_text) for i, n in graph.atom_nodes.items()),
        "schemes": sorted((i, str(n.scheme)) for i, n in graph.scheme_nodes.items()),
        "edges": sorted((e.source.id, e.target.id) for e in graph.edges.values()),
    }


def test_arguebuf_reads_our_export_of_every_real_file_as_it_reads_the_file(
    tmp_path: Path,
) -> None:
    for path in REAL_AIF:
        exported = tmp_path / path.name
        export(Corpus(maps=(import_file(path),)), "aif", exported)
        view = arguebuf_view(path)
        assert view["atoms"] and view["schemes"] and view["edges"]
        assert arguebuf_view(exported) == view


def test_the_dialogue_says_who_argued_what() -> None:
    """`by` of an argument: the speaker of the locution that the transition its 'Arguing'
    YA anchors in leads to (AIFdb nodeset 6064: NL argues RA 111844, CL the others)."""
    m = import_file(AIFDB)
    by = {r.identifier: r.by for r in m.relations}
    actor = {a.id: a.name for a in m.actors}
    assert {node: [actor[a] for a in who] for node, who in by.items()} == {
        "111803": ["CL"],
        "111814": ["CL"],
        "111821": ["CL"],
        "111824": ["CL"],
        "111844": ["NL"],
    }
    arguing = [i for i in m.illocutions if i.force == "Arguing"]
    assert len(arguing) == 5 and all(i.source in {t.id for t in m.transitions} for i in arguing)
    assert {i.target for i in arguing} == {r.id for r in m.relations}


def test_a_stance_an_illocution_says_is_not_written_twice() -> None:
    m = import_file(AIFDB)
    out = aif.to_aif(Corpus(maps=(m,)))
    assert len(m.stances) == 9  # each an 'Asserting' (…) YA from a locution to an I-node
    assert sum(n["type"] == "YA" for n in out["nodes"]) == 14  # as many as the file has
    # a stance added by hand, with no illocution behind it, is written as L + YA
    data = m.model_dump(by_alias=True)
    data["stances"] = [*data["stances"], {**data["stances"][0], "id": "new", "position": "opposes"}]
    again = aif.to_aif(Corpus(maps=(ArgumentMap.model_validate(data),)))
    assert sum(n["type"] == "YA" for n in again["nodes"]) == 15
    assert {"nodeID": "new", "text": "Disagreeing", "type": "YA", "scheme": "Disagreeing"} in again[
        "nodes"
    ]


def test_an_imported_aif_map_goes_through_rdf_and_shacl_unchanged() -> None:
    from argmap.rdf.read import from_oxigraph, from_rdflib
    from argmap.rdf.write import to_dataset, to_oxigraph_quads
    from argmap.shacl.maps import shacl_problems

    corpus = Corpus(maps=tuple(import_file(p) for p in REAL_AIF))
    assert from_rdflib(to_dataset(corpus)) == corpus
    assert from_oxigraph(to_oxigraph_quads(corpus)) == corpus
    assert shacl_problems(corpus) == []


def test_pa_nodes_are_refused_with_one_line_naming_the_node(tmp_path: Path) -> None:
    data = small_aif()
    data["nodes"].append({"nodeID": "14", "type": "PA", "text": "Default Preference"})
    path = tmp_path / "prefs.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError) as error:
        import_file(path)
    assert str(error.value) == (
        f"{path}: nodes[14]: node '14' is a PA (preference) node, which argmap cannot hold;"
        " remove PA nodes and their edges to import the rest"
    )


def test_xaif_and_ova_shapes_keep_their_ids_and_edges() -> None:
    data = json.loads(AIFDB.read_text("utf-8"))
    wrapped = aif.from_aif({"AIF": data, "text": "", "OVA": {}}, "x.json", "x", "x")
    assert aif_graph(aif.to_aif(Corpus(maps=(wrapped,)))) == aif_graph(data)
    ova = ova_file()
    back = aif.to_aif(Corpus(maps=(aif.from_aif(ova, "ova.json", "ova", "OVA"),)))
    assert {n["nodeID"]: n["type"] for n in back["nodes"]} == {
        str(n["id"]): n["type"] for n in ova["nodes"]
    }
    assert {(e["fromID"], e["toID"]) for e in back["edges"]} == {
        (str(e["from"]["id"]), str(e["to"]["id"])) for e in ova["edges"]
    }
    assert back["locutions"] == [{"nodeID": "4", "personID": "9"}]


def test_the_aifdb_nodeset_has_five_ra_nodes_each_with_one_premise() -> None:
    # The figures the round trip above keeps on the real file (measured, for the record).
    assert aif_node_counts(json.loads(AIFDB.read_text("utf-8"))) == {
        "I": 9,
        "RA": 5,
        "CA": 0,
        "MA": 0,
        "linked RA": 0,
    }


def test_arguments_map_exports_to_aif_that_arguebuf_loads_with_its_schemes(
    tmp_path: Path,
) -> None:
    import arguebuf

    corpus = load([DATA / "arguments.yaml"])
    path = tmp_path / "arguments.aif.json"
    export(corpus, "aif", path)
    # 3 arguments + 1 support = 4 RA; 4 attacks + 1 contrary + 2 (a contradictory, both
    # ways) = 7 CA; the rephrase is arguebuf's Rephrase (an MA node)
    assert arguebuf_counts(path) == {"I": 14, "RA": 4, "CA": 7}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        graph = arguebuf.load.file(path)
    schemes = {n.id: n.scheme for n in graph.scheme_nodes.values()}
    assert schemes["expert"] == arguebuf.Support.EXPERT_OPINION
    assert schemes["trend"] == arguebuf.Support.SIGN
    assert schemes["wins-rephrase"] == arguebuf.Rephrase.DEFAULT
    # arguebuf sees the linked premises: three into the one RA node of 'expert'
    premises = graph.incoming_nodes(graph.scheme_nodes["expert"])
    assert sum(isinstance(n, arguebuf.AtomNode) for n in premises) == 3


def test_arguments_map_round_trips_through_aif(tmp_path: Path) -> None:
    original = load_map(DATA / "arguments.yaml")
    path = tmp_path / "arguments.aif.json"
    export(Corpus(maps=(original,)), "aif", path)
    back = import_file(path)
    assert_kept_by_aif(original, back)
    forecast = back.arguments_by_id["forecast"]
    assert forecast.warrant == "What draws investment grows."
    assert back.schemes[0].label == "Argument from market forces"  # the map's own scheme
    kinds = {r.id: r.kind and r.kind.value for r in back.relations if r.kind}
    # 'subsidies' attacks solar-cheaper, a premise of 'forecast' but also the conclusion of
    # 'expert': AIF says only where the CA points, and that is a rebut of a conclusion
    assert kinds == {
        "undermine-cheaper": "rebut",
        "undercut-expert": "undercut",
        "undercut-undercut": "undercut",
        "rebut-forecast": "rebut",
    }
    assert back.relations_by_id["rebut-forecast"].target == "solar-overtakes"


def test_mini_map_round_trips_through_aif(mini: ArgumentMap, tmp_path: Path) -> None:
    path = tmp_path / "mini.aif.json"
    export(Corpus(maps=(mini,)), "aif", path)
    assert arguebuf_counts(path) == {"I": 4, "RA": 1, "CA": 2}
    back = import_file(path)
    assert_kept_by_aif(mini, back)


def expected_back_from_aif(m: ArgumentMap) -> dict[str, Any]:
    """What AIF keeps of a map, worked out from the map alone (an oracle for the round trip):

    - each inference is one RA node: with several premises it comes back as that argument
      (id, premises, conclusion, warrant, and its scheme by name: a built-in one, or the
      map's own by its label; AIF's default inference is no scheme), with one premise as a
      support whose warrant is the scheme's name, else the warrant;
    - an attack on a claim comes back an undermine when the claim is some inference's
      premise and no inference's conclusion, else a rebut (AIF says no more than where the
      CA node points); a rebut of an argument attacks its conclusion; an undercut keeps its
      target; contrary, contradictory and rephrase stay what they are;
    - a relation whose warrant is spelled like a default scheme name has no warrant.
    """
    conclusion_of = {a.id: a.conclusion for a in m.inferences}
    premises = {p for a in m.inferences for p in a.premises}
    conclusions = set(conclusion_of.values())
    own = {s.id: s.label for s in m.schemes}

    def scheme_name(scheme: str | None) -> str | None:
        if scheme is None or scheme == "default-inference":
            return None
        return aif.aifdb_scheme_name(scheme) if scheme in BUILTIN_SCHEMES else own[scheme]

    def warrant(text: str | None) -> str | None:
        return None if not text or text.strip() in aif_vocab.GENERIC_SCHEMES else text

    arguments: list[tuple[str, tuple[str, ...], str, str | None, str | None]] = []
    relations: list[tuple[str, str, str, str, AttackKind | None, str | None]] = []
    for a in m.arguments:
        name = scheme_name(a.scheme)
        if len(a.premises) == 1:
            relations.append(
                (a.id, "support", a.premises[0], a.conclusion, None, name or warrant(a.warrant))
            )
        else:
            # the warrant is the RA node's text beside the scheme's name: the same text is none
            text = warrant(a.warrant)
            written = name or "Default Inference"  # the scheme field the RA node gets
            same = text is not None and aif.scheme_key(text) == aif.scheme_key(written)
            arguments.append((a.id, a.premises, a.conclusion, name, None if same else text))
    for r in m.relations:
        kind, target = r.kind, r.target
        if kind is not None and kind is not AttackKind.UNDERCUT:
            target = conclusion_of.get(target, target)
            kind = (
                AttackKind.UNDERMINE
                if target in premises and target not in conclusions
                else AttackKind.REBUT
            )
        if target == r.source:
            continue  # an attack on an argument from its own conclusion: a self-relation
        relations.append((r.id, r.type.value, r.source, target, kind, warrant(r.warrant)))
    order = [a.id for a in m.arguments] + [r.id for r in m.relations]
    relations.sort(key=lambda r: order.index(r[0]))
    return {"arguments": arguments, "relations": relations}


def found_back(back: ArgumentMap) -> dict[str, Any]:
    own = {s.id: s.label for s in back.schemes}
    schemes = {**{slug: aif.aifdb_scheme_name(slug) for slug in BUILTIN_SCHEMES}, **own}
    return {
        "arguments": [
            (a.id, a.premises, a.conclusion, a.scheme and schemes[a.scheme], a.warrant)
            for a in back.arguments
        ],
        "relations": [
            (r.id, r.type.value, r.source, r.target, r.kind, r.warrant) for r in back.relations
        ],
    }


def assert_kept_by_aif(original: ArgumentMap, back: ArgumentMap) -> None:
    """Everything AIF can hold survives (expected_back_from_aif): claim ids and texts;
    arguments and relations; stance ids, claims, positions and actor names."""
    assert [(c.id, c.text) for c in back.claims] == [(c.id, c.text) for c in original.claims]
    assert found_back(back) == expected_back_from_aif(original)
    names = {a.id: a.name for a in original.actors}
    back_names = {a.id: a.name for a in back.actors}
    assert [(s.id, s.claim, s.position, back_names[s.actor]) for s in back.stances] == [
        (s.id, s.claim, s.position, names[s.actor]) for s in original.stances
    ]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(argument_maps(origins=False))
def test_any_map_round_trips_through_aif_keeping_what_aif_holds(m: ArgumentMap) -> None:
    back = aif.loads(aif.dumps(Corpus(maps=(m,))).decode("utf-8"), "x.json", "x", "x")
    # a scheme or warrant spelled like the name AIF gives another one reads as that name:
    # a map scheme labelled like a built-in's AIFdb name, a warrant like a conflict's name
    if any(
        aif.builtin_scheme_of(s.label) or s.label.strip() in aif_vocab.GENERIC_SCHEMES
        for s in m.schemes
    ):
        return
    if any(r.warrant and r.warrant.strip() in ("Contrary", "Contradictory") for r in m.relations):
        return
    # two actors with one name become one speaker: AIF knows people by name
    if len({a.name for a in m.actors}) < len(m.actors):
        return
    assert_kept_by_aif(m, back)


def test_cli_import_writes_yaml_that_loads_back_as_the_same_map(tmp_path: Path) -> None:
    out = tmp_path / "nodeset.yaml"
    result = runner.invoke(app, ["import", str(AIFDB), "--from", "aif", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"wrote {out} (map 'aifdb-nodeset-6064-original': 9 claims, 5 relations, 3 actors,"
        " 9 stances, 16 locutions, 14 illocutions, 8 transitions)\n"
    )
    assert load_map(out) == import_file(AIFDB)


def test_cli_import_prints_yaml_without_output_option() -> None:
    result = runner.invoke(app, ["import", str(AIFDB)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("argmap: 1\nid: aifdb-nodeset-6064-original\n")
    assert result.stderr.startswith(f"imported {AIFDB}: 9 claims")


# ---- bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "x.json: the file is empty; an AIF file holds 'nodes' and 'edges'"),
        (
            '{"nodes": [',
            "x.json:1: not valid JSON: Expecting value (column 12); is the file complete AIF JSON?",
        ),
        (
            "[1, 2]",
            "x.json: top level: is list, not an object with 'nodes' and 'edges';"
            " is this an AIF JSON file (AIFdb/OVA)?",
        ),
        (
            '{"nodes": {}}',
            "x.json: nodes: 'nodes' is a dict, not a list; is this an AIF JSON file (AIFdb/OVA)?",
        ),
        (
            '{"nodes": [], "edges": 3}',
            "x.json: edges: 'edges' is a int, not a list; is this an AIF JSON file (AIFdb/OVA)?",
        ),
        (
            '{"nodes": [{"nodeID": "1", "type": "Q"}], "edges": []}',
            "x.json: nodes[0]: type 'Q' is not an AIF node type;"
            " use I, RA, CA, MA, PA, L, TA or YA",
        ),
        (
            '{"nodes": [{"nodeID": 1e999, "type": "I"}], "edges": []}',
            "x.json: nodes[0]: id inf is not text or a whole number; fix the id",
        ),
        (
            '{"nodes": [{"nodeID": [], "type": "I"}], "edges": []}',
            "x.json: nodes[0]: id [] is not text or a whole number; fix the id",
        ),
        (
            '{"nodes": [{"nodeID": "1", "type": "I", "text": 5}], "edges": []}',
            "x.json: nodes[0]: 'text' is int, not text; fix the text",
        ),
        (
            '{"nodes": [{"nodeID": "1", "type": "I"}, {"nodeID": "1", "type": "I"}], "edges": []}',
            "x.json: nodes[1]: a second node has the id '1'; ids must be unique",
        ),
        (
            '{"nodes": [' + "9" * 5000 + "]}",
            "x.json: not valid JSON: Exceeds the limit (4300 digits) for integer…",
        ),
        (
            "[" * 100_000,
            "x.json: JSON nested too deeply to be AIF; AIF nests objects two levels deep",
        ),
        (  # found by tests/hostile/test_fuzz.py: a lone surrogate made an invalid map
            '{"nodes": [{"nodeID": "1", "type": "I",\n "text": "a \\ud83d\\ude00 b \\ud800"}]}',
            "x.json:2: not valid JSON text: \\ud800 is half of a UTF-16 surrogate pair and the"
            " other half is missing; fix or remove the escape",
        ),
        (
            '{"nodes": [{"nodeID": "1", "type": "I", "text": "\\\\\\udc00"}], "edges": []}',
            "x.json:1: not valid JSON text: \\udc00 is half of a UTF-16 surrogate pair and the"
            " other half is missing; fix or remove the escape",
        ),
    ],
)
def test_bad_aif_fails_with_one_line_naming_file_place_and_fix(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "x.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as error:
        import_file(path, "aif")
    expected = message.replace("x.json", str(path))
    if expected.endswith("…"):  # Python words this one itself: check the start
        assert str(error.value).startswith(expected.removesuffix("…"))
    else:
        assert str(error.value) == expected
    assert "\n" not in str(error.value)


# ---- at scale: the fast JSON writer, the reader's rounds, the size limit ------------------------

_scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
_aif_shaped = st.dictionaries(
    st.text(), st.lists(st.dictionaries(st.text(), _scalars, min_size=1), max_size=8)
)


@settings(max_examples=300, deadline=None)
@given(_aif_shaped, st.integers(1, 4))
def test_the_aif_writer_writes_what_json_dumps_writes(data: dict[str, Any], run: int) -> None:
    """dumps skips json.dumps(indent=2) (pure Python, most of the export's time at scale) but
    must give its bytes, whatever the text (quotes, newlines, '},' in strings) and runs."""
    written = b"".join(aif_write._json_chunks(data, run))
    assert written == (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def test_the_export_of_several_maps_is_json_dumps_of_to_aif() -> None:
    corpus = load(SEED_FILES)
    expected = json.dumps(aif.to_aif(corpus), ensure_ascii=False, indent=2) + "\n"
    assert aif.dumps(corpus) == expected.encode("utf-8")


def test_locutions_quote_the_text_of_the_claim_they_are_about() -> None:
    corpus = load(SEED_FILES)
    data = aif.to_aif(corpus)
    texts = {n["nodeID"]: n["text"] for n in data["nodes"] if n["type"] == "I"}
    targets = {e["fromID"]: e["toID"] for e in data["edges"]}
    locutions = [n for n in data["nodes"] if n["type"] == "L"]
    assert len(locutions) == sum(len(m.stances) for m in corpus.maps)
    for locution in locutions:
        claim = targets[targets[locution["nodeID"]]]  # L -> YA -> I
        assert locution["text"].endswith(" : " + texts[claim])


def test_undercuts_of_undercuts_are_read_in_rounds() -> None:
    chain = 6  # claim i+1 undercuts the relation made by scheme node i
    nodes = [{"nodeID": f"c{i}", "type": "I", "text": f"Claim {i}."} for i in range(chain + 2)]
    nodes += [{"nodeID": "s0", "type": "RA", "text": "RA"}]
    nodes += [{"nodeID": f"s{i}", "type": "CA", "text": "CA"} for i in range(1, chain + 1)]
    edges = [("c1", "s0"), ("s0", "c0")]
    for i in range(1, chain + 1):
        edges += [(f"c{i + 1}", f"s{i}"), (f"s{i}", f"s{i - 1}")]
    data = {
        "nodes": nodes[::-1],  # the deepest undercut first: it must still wait its turn
        "edges": [{"fromID": a, "toID": b} for a, b in edges],
    }
    m = aif.from_aif(data, "chain.json", "chain", "Chain")
    undercuts = {r.id: r.target for r in m.relations if r.kind and r.kind.value == "undercut"}
    assert undercuts == {f"s{i}": f"s{i - 1}" for i in range(1, chain + 1)}


def test_aif_files_larger_than_other_imports_are_read_up_to_their_own_limit(
    tmp_path: Path,
) -> None:
    from argmap.util.limits import Limits, applied

    path = tmp_path / "big.aif.json"
    path.write_bytes(AIFDB.read_bytes())
    size = path.stat().st_size
    # What Argdown, Kialo… may be is half the file; AIF's own limit decides.
    with applied(Limits(max_file_bytes=size // 2, max_aif_bytes=size)):
        assert len(import_file(path).claims) == 9
    with (
        applied(Limits(max_file_bytes=size // 2, max_aif_bytes=size - 1)),
        pytest.raises(InputError, match=f"{size} bytes"),
    ):
        import_file(path)


def test_escaped_backslashes_and_surrogate_pairs_are_text() -> None:
    text = '{"nodes": [{"nodeID": "1", "type": "I", "text": "\\\\ud800 \\ud83d\\ude00"}]'
    text += ', "edges": []}'
    m = aif.loads(text, "x.json")
    assert m.claims[0].text == "\\ud800 \U0001f600"


def test_a_file_named_only_by_its_suffix_imports_with_a_title(tmp_path: Path) -> None:
    path = tmp_path / ".aif.json"
    path.write_text('{"nodes": [{"nodeID": "1", "type": "I", "text": "a"}], "edges": []}')
    assert aif.read(path).title == ".aif.json"
