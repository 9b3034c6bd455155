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
from argmap.formats import aif
from argmap.formats.registry import export, import_file, load
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
    assert {a.name for a in m.actors} == {"CL", "NL"}
    positions = [(s.actor, s.position.value) for s in m.stances]
    assert positions.count(("cl", "endorses")) == 6  # 5 Asserting + 1 Popular Conceding
    assert positions.count(("cl", "concerned")) == 1  # Pure Questioning
    assert positions.count(("nl", "endorses")) == 2  # Asserting + Popular Conceding
    assert len(m.stances) == 9
    assert m.description == (
        "Imported from AIF: 9 I-nodes, 5 RA, 0 CA, 0 MA nodes; not representable here:"
        " 8 TA (transition) nodes, 5 YA nodes not anchored in an I-node."
    )


def test_aifdb_supports_link_the_texts_the_nodeset_links() -> None:
    m = import_file(AIFDB)
    text = {c.id: c.text for c in m.claims}
    r = m.relations_by_id["ra-111803"]
    assert text[r.source].startswith("decided that this had taught an important lesson")
    assert text[r.target] == "and therefore the only way forward was for Britain to withdraw"
    assert m.claims_by_id[r.source].note == "AIF node 29053"


def test_aif_without_locutions_key_imports_speakers_from_the_locution_texts(
    tmp_path: Path,
) -> None:
    data = json.loads(AIFDB.read_text("utf-8"))
    del data["locutions"]
    path = tmp_path / "no-locutions.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    m = import_file(path)
    assert len(m.claims) == 9 and len(m.relations) == 5
    assert {a.name for a in m.actors} == {"CL", "NL"}
    assert len(m.stances) == 9


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
        ("14", "PA", "Default Preference"),
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
        ("Schools lack funds.", "support", None, "Schools need money.", "rephrase"),
        ("Schools need money.", "support", None, "Schools lack funds.", "rephrase"),
    ]
    stances = sorted(
        (a.name, s.position.value) for s in m.stances for a in m.actors if a.id == s.actor
    )
    # Ann from participants (with her surname), Bob from the "Bob :" prefix of his locution
    assert stances == [("Ann Lee", "endorses"), ("Bob", "opposes")]
    assert m.description == (
        "Imported from AIF: 5 I-nodes, 1 RA, 2 CA, 1 MA nodes; not representable here:"
        " 1 PA (preference) nodes, 1 TA (transition) nodes, 1 edges to unknown nodes."
    )


def test_ova_shaped_files_import_too() -> None:
    ova = {
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
    m = aif.from_aif(ova, "ova.json", "ova", "OVA")
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


def test_mini_map_round_trips_through_aif(mini: ArgumentMap, tmp_path: Path) -> None:
    path = tmp_path / "mini.aif.json"
    export(Corpus(maps=(mini,)), "aif", path)
    assert arguebuf_counts(path) == {"I": 4, "RA": 1, "CA": 2}
    back = import_file(path)
    assert_kept_by_aif(mini, back)


def assert_kept_by_aif(original: ArgumentMap, back: ArgumentMap) -> None:
    """Everything AIF can hold survives: claim ids and texts; relation ids, types, ends,
    kinds and warrants; stance ids, claims, positions and actor names."""
    assert [(c.id, c.text) for c in back.claims] == [(c.id, c.text) for c in original.claims]
    assert [(r.id, r.type, r.source, r.target, r.kind, r.warrant) for r in back.relations] == [
        (r.id, r.type, r.source, r.target, r.kind, r.warrant or None) for r in original.relations
    ]
    names = {a.id: a.name for a in original.actors}
    back_names = {a.id: a.name for a in back.actors}
    assert [(s.id, s.claim, s.position, back_names[s.actor]) for s in back.stances] == [
        (s.id, s.claim, s.position, names[s.actor]) for s in original.stances
    ]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(argument_maps())
def test_any_map_round_trips_through_aif_keeping_what_aif_holds(m: ArgumentMap) -> None:
    back = aif.loads(aif.dumps(Corpus(maps=(m,))).decode("utf-8"), "x.json", "x", "x")
    # a warrant spelled like a default scheme name reads back as "no warrant" (documented)
    if any(r.warrant and r.warrant.strip() in aif.GENERIC_SCHEMES for r in m.relations):
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
        f"wrote {out} (map 'aifdb-nodeset-6064-original': 9 claims, 5 relations, 2 actors,"
        " 9 stances)\n"
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
    written = b"".join(aif._json_chunks(data, run))
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
