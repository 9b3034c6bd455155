"""arg-microtexts (Peldszus & Stede 2015), both ways, on all 112 texts of the corpus copied
into tests/data/corpora/arg-microtexts: every text imports (ADUs as claims quoting their
EDUs at their offsets, the central claim marked, ``add`` as further premises of linked
arguments, ``und`` as undercuts), validates with the SHACL shapes and renders; the export
gives back the same EDUs, ADUs, roles and edges (byte for byte, as it happens), and export
-> import is the identity. Bad files give one line naming file, place and fix."""

from __future__ import annotations

import io
import re
import time
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import NamedTuple

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import argmap
from argmap import ArgmapError, ArgumentMap, Corpus, load_map
from argmap.cli import app
from argmap.formats import microtexts
from argmap.formats.microtexts_graph import Edge, derive_roles, parse_note
from argmap.formats.registry import export, find_format, import_file, import_format, load
from argmap.model.entities import AttackKind, RelationType
from argmap.render import render
from tests.conftest import DATA

CORPUS = DATA / "corpora" / "arg-microtexts"
FILES = sorted(CORPUS.glob("micro_*.xml"))
runner = CliRunner()


class Gold(NamedTuple):
    """A corpus file read with the standard library's parser (the files are trusted)."""

    attributes: dict[str, str]
    edus: dict[str, str]  # id -> words
    roles: dict[str, str]  # ADU id -> pro/opp
    edges: dict[str, tuple[str, str, str]]  # id -> (src, trg, type)


def gold(path: Path) -> Gold:
    return _gold(ET.parse(path).getroot())


def gold_of_text(xml: str) -> Gold:
    return _gold(ET.fromstring(xml))


def _gold(root: ET.Element) -> Gold:
    return Gold(
        dict(root.attrib),
        {e.attrib["id"]: e.text or "" for e in root.iter("edu")},
        {a.attrib["id"]: a.attrib["type"] for a in root.iter("adu")},
        {
            e.attrib["id"]: (e.attrib["src"], e.attrib["trg"], e.attrib["type"])
            for e in root.iter("edge")
        },
    )


@pytest.fixture(scope="module")
def imported() -> dict[Path, ArgumentMap]:
    return {path: import_file(path, "microtexts") for path in FILES}


def test_the_copied_corpus_is_whole_with_its_licence() -> None:
    assert len(FILES) == 112
    assert all(path.with_suffix(".txt").is_file() for path in FILES)
    assert "Attribution-NonCommercial-ShareAlike 4.0" in (CORPUS / "LICENSE").read_text()


def test_every_adu_is_a_claim_quoting_its_edus_at_their_offsets(
    imported: dict[Path, ArgumentMap],
) -> None:
    for path, m in imported.items():
        expected = gold(path)
        text = path.with_suffix(".txt").read_text(encoding="utf-8")
        (source,) = m.sources
        assert source.text == text
        quoted = {c.id: c for c in m.claims if c.quotes}
        assert set(quoted) == set(expected.roles), path.name
        segments = {trg: src for src, trg, kind in expected.edges.values() if kind == "seg"}
        for adu, claim in quoted.items():
            (quote,) = claim.quotes  # every ADU of the corpus is one EDU
            assert quote.text == expected.edus[segments[adu]] == claim.text
            assert quote.start is not None and quote.end is not None
            assert text[quote.start : quote.end] == quote.text


def test_edges_become_supports_rebuts_undercuts_and_linked_arguments(
    imported: dict[Path, ArgumentMap],
) -> None:
    totals: Counter[str] = Counter()
    for path, m in imported.items():
        edges = gold(path).edges
        kinds = Counter(kind for _, _, kind in edges.values())
        joined = Counter(trg for _, trg, kind in edges.values() if kind == "add")
        linked_attacks = {e for e in joined if edges[e][2] in ("reb", "und")}
        implied = {c.id for c in m.claims if parse_note(c.note).implied_by}
        # add edges: the further premises of linked arguments, one argument per joined edge
        assert sum(len(a.premises) - 1 for a in m.arguments) == kinds["add"], path.name
        for edge, extra in joined.items():
            assert len(m.arguments_by_id[edge].premises) == extra + 1
        # und edges: undercuts of the relation or argument that keeps the targeted edge's id
        undercuts = [
            r for r in m.relations if r.kind is AttackKind.UNDERCUT and r.source not in implied
        ]
        assert len(undercuts) == kinds["und"] - sum(edges[e][2] == "und" for e in linked_attacks)
        for relation in undercuts:
            assert edges[relation.id] == (relation.source, relation.target, "und")
            assert relation.target in m.relations_by_id or relation.target in m.arguments_by_id
        # exa: a one-premise argument with the scheme example
        examples = [a for a in m.arguments if a.scheme == "example"]
        assert sorted(a.id for a in examples) == sorted(
            e for e, (_, _, kind) in edges.items() if kind == "exa"
        )
        # sup and reb that no add edge joins keep their id, ends and kind
        for edge, (src, trg, kind) in edges.items():
            if kind in ("sup", "reb") and edge not in joined:
                relation = m.relations_by_id[edge]
                assert (relation.source, relation.target) == (src, trg)
                assert relation.type is (
                    RelationType.SUPPORT if kind == "sup" else RelationType.ATTACK
                )
        # a linked attack concludes a claim the text leaves implicit, which makes the attack
        for edge in linked_attacks:
            argument = m.arguments_by_id[edge]
            assert argument.conclusion in implied
            (attack,) = [r for r in m.relations if r.source == argument.conclusion]
            assert attack.target == edges[edge][1]
            assert attack.kind is (
                AttackKind.REBUT if edges[edge][2] == "reb" else AttackKind.UNDERCUT
            )
        assert len(implied) == len(linked_attacks)
        totals.update(kinds)
        totals["linked attacks"] += len(linked_attacks)
    assert totals == Counter(
        {"seg": 576, "sup": 263, "reb": 108, "und": 63, "add": 21, "exa": 9, "linked attacks": 3}
    )


def test_the_central_claim_is_the_adu_no_argumentative_edge_leaves(
    imported: dict[Path, ArgumentMap],
) -> None:
    for path, m in imported.items():
        expected = gold(path)
        leaving = {src for src, _, kind in expected.edges.values() if kind != "seg"}
        (central,) = [adu for adu in expected.roles if adu not in leaving]
        marked = [c.id for c in m.claims if parse_note(c.note).central]
        assert marked == [central], path.name
        assert f"Central claim: {central}." in (m.description or "")
        topic = expected.attributes.get("topic_id")
        assert m.claim(central).topics == ((topic,) if topic else ())


def test_roles_follow_from_the_structure_in_every_text(imported: dict[Path, ArgumentMap]) -> None:
    """The export derives each ADU's role, so the import keeps none in the notes: the
    derivation must give the annotated role for every ADU of the corpus."""
    for path, m in imported.items():
        expected = gold(path)
        edges = [Edge(e, src, trg, kind) for e, (src, trg, kind) in expected.edges.items()]
        assert derive_roles(expected.roles, edges) == expected.roles, path.name
        assert all(parse_note(c.note).role is None for c in m.claims)
    assert Counter(r for p in FILES for r in gold(p).roles.values()) == {"pro": 451, "opp": 125}


def test_export_gives_the_same_edus_adus_roles_and_edges_and_text(
    imported: dict[Path, ArgumentMap],
) -> None:
    for path, m in imported.items():
        written = microtexts.to_arggraph(m)
        assert gold_of_text(written.xml) == gold(path), path.name
        assert written.text == path.with_suffix(".txt").read_text(encoding="utf-8")


def test_export_is_the_corpus_file_byte_for_byte(imported: dict[Path, ArgumentMap]) -> None:
    for path, m in imported.items():
        assert microtexts.dumps(Corpus(maps=(m,))) == path.read_bytes(), path.name


def test_export_then_import_is_the_identity(
    imported: dict[Path, ArgumentMap], tmp_path: Path
) -> None:
    for path, m in imported.items():
        out = tmp_path / f"{m.id}.xml"
        export(Corpus(maps=(m,)), "microtexts", out)
        assert (tmp_path / f"{m.id}.txt").read_bytes() == path.with_suffix(".txt").read_bytes()
        assert import_file(out, "microtexts") == m, path.name


def test_all_texts_validate_with_the_shacl_shapes(imported: dict[Path, ArgumentMap]) -> None:
    corpus = load(FILES)  # every .xml told apart from RDF/XML by its root element
    assert corpus.maps == tuple(imported.values())
    assert argmap.validate(corpus) == []
    assert len(corpus.maps) == 112
    assert sum(len(m.claims) for m in corpus.maps) == 576 + 3  # ADUs + implied conclusions


def test_all_texts_render(imported: dict[Path, ArgumentMap]) -> None:
    for m in imported.values():
        page = render(m)
        assert page.title == m.id
        assert page.node_count >= len(m.claims)
        assert page.edge_count >= len(m.relations)
        central = next(c for c in m.claims if parse_note(c.note).central)
        assert central.text.split()[0] in page.html


def test_cli_imports_validates_and_exports_back(tmp_path: Path) -> None:
    original = CORPUS / "micro_b001.xml"
    as_yaml = tmp_path / "b001.yaml"
    done = runner.invoke(app, ["import", str(original), "--from", "microtexts", "-o", str(as_yaml)])
    assert done.exit_code == 0, done.output
    assert "6 claims, 1 argument, 3 relations" in done.stdout
    told = runner.invoke(app, ["import", str(original)])  # no --from: told by <arggraph
    assert told.exit_code == 0, told.output
    assert load_map(as_yaml) == import_file(original)
    checked = runner.invoke(app, ["validate", str(as_yaml), "--shacl"])
    assert checked.exit_code == 0, checked.output
    out = tmp_path / "back.xml"
    written = runner.invoke(app, ["export", str(as_yaml), "--to", "microtexts", "-o", str(out)])
    assert written.exit_code == 0, written.output
    assert out.read_bytes() == original.read_bytes()
    assert out.with_suffix(".txt").read_bytes() == original.with_suffix(".txt").read_bytes()


def test_the_format_is_listed_named_and_told_from_content(tmp_path: Path) -> None:
    fmt = find_format("microtexts")
    assert fmt.can_import and fmt.can_export and not fmt.folder
    assert find_format("arg-microtexts") is fmt and find_format("arggraph") is fmt
    assert import_format(CORPUS / "micro_d01.xml") is fmt
    rdf = tmp_path / "graph.xml"
    rdf.write_text(
        '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>'
    )
    assert import_format(rdf) is find_format("rdfxml")
    for command in ("import", "export"):
        shown = " ".join(runner.invoke(app, [command, "--help"]).stdout.split())
        assert "microtexts" in shown


def test_an_open_named_file_reads_with_its_text_and_a_stream_is_refused() -> None:
    path = CORPUS / "micro_k001.xml"
    with path.open("rb") as handle:
        assert find_format("microtexts").read(handle) == import_file(path)
    with pytest.raises(ArgmapError, match=r"give the path of the \.xml"):
        find_format("microtexts").read(io.BytesIO(path.read_bytes()))
    with pytest.raises(ArgmapError, match=r"give the path of the \.xml"):
        find_format("microtexts").write(Corpus(maps=(import_file(path),)), io.BytesIO())


def test_a_map_from_elsewhere_exports_as_an_arggraph_and_reads_back(mini: ArgumentMap) -> None:
    written = microtexts.to_arggraph(mini)
    back = microtexts.loads(written.xml, written.text)
    # An EDU is the words of the text: a claim that quotes its source is its quote.
    words = {c.id: " ".join(q.text for q in c.quotes) or c.text for c in mini.claims}
    assert {c.id: c.text for c in back.claims} == words
    assert back.sources[0].text == mini.sources[0].text
    assert {(r.id, r.type, r.source, r.target, r.kind) for r in back.relations} == {
        (r.id, r.type, r.source, r.target, r.kind) for r in mini.relations
    }
    roles = gold_of_text(written.xml).roles
    attacker = next(r.source for r in mini.relations if r.kind is AttackKind.REBUT)
    assert roles[attacker] == "opp"


def test_what_an_arggraph_cannot_hold_is_refused_by_name(tmp_path: Path) -> None:
    arguments = load_map(DATA / "arguments.yaml")  # has contrary and rephrase relations
    with pytest.raises(
        ArgmapError, match=r"relation '[^']+' is a (contrary|contradictory|rephrase)"
    ):
        microtexts.to_arggraph(arguments)
    two = Corpus(maps=(import_file(FILES[0]), import_file(FILES[1])))
    with pytest.raises(ArgmapError, match="holds one map and the corpus has 2"):
        export(two, "microtexts", tmp_path / "two.xml")
    with pytest.raises(ArgmapError, match=r"name the \.xml"):
        export(Corpus(maps=two.maps[:1]), "microtexts", tmp_path / "one.txt")


# Paths the corpus does not take: an ADU of two EDUs, an example with a further premise, a
# role the structure does not give, an undercut of a linked rebut, no topic or stance.
HANDMADE_TEXT = (
    "Cats purr, as you know, when happy. Tom purred. Tom was fed. Tom is grumpy. So what."
)
HANDMADE = """<?xml version='1.0' encoding='UTF-8'?>
<arggraph id="handmade">
  <edu id="e1"><![CDATA[Cats purr,]]></edu>
  <edu id="e2"><![CDATA[when happy.]]></edu>
  <edu id="e3"><![CDATA[Tom purred.]]></edu>
  <edu id="e4"><![CDATA[Tom was fed.]]></edu>
  <edu id="e5"><![CDATA[Tom is grumpy.]]></edu>
  <edu id="e6"><![CDATA[So what.]]></edu>
  <adu id="a1" type="pro"/>
  <adu id="a2" type="pro"/>
  <adu id="a3" type="pro"/>
  <adu id="a4" type="opp"/>
  <adu id="a5" type="opp"/>
  <edge id="s1" src="e1" trg="a1" type="seg"/>
  <edge id="s2" src="e2" trg="a1" type="seg"/>
  <edge id="s3" src="e3" trg="a2" type="seg"/>
  <edge id="s4" src="e4" trg="a3" type="seg"/>
  <edge id="s5" src="e5" trg="a4" type="seg"/>
  <edge id="s6" src="e6" trg="a5" type="seg"/>
  <edge id="x1" src="a2" trg="a1" type="exa"/>
  <edge id="x2" src="a3" trg="x1" type="add"/>
  <edge id="x3" src="a4" trg="a1" type="reb"/>
  <edge id="x4" src="a5" trg="x3" type="add"/>
  <edge id="x5" src="a3" trg="x3" type="und"/>
</arggraph>
"""


def test_a_hand_made_graph_with_what_the_corpus_lacks_round_trips() -> None:
    m = microtexts.loads(HANDMADE, HANDMADE_TEXT, "handmade.xml")
    purr = m.claim("a1")
    assert purr.text == "Cats purr, when happy."
    assert [(q.text, q.start) for q in purr.quotes] == [
        ("Cats purr,", 0),
        ("when happy.", HANDMADE_TEXT.index("when happy.")),
    ]
    example = m.arguments_by_id["x1"]
    assert (example.premises, example.conclusion, example.scheme) == (("a2", "a3"), "a1", "example")
    rebut = m.arguments_by_id["x3"]
    assert rebut.premises == ("a4", "a5") and parse_note(m.claim(rebut.conclusion).note).implied_by
    undercut = m.relations_by_id["x5"]
    assert (undercut.source, undercut.target, undercut.kind) == ("a3", "x3", AttackKind.UNDERCUT)
    # a3 joins a pro example and undercuts the opponent: the structure makes it pro, so it is;
    # a5 joins the opponent's rebut, so the structure makes it opp, as annotated.
    assert all(parse_note(m.claim(a).note).role is None for a in ("a3", "a5"))
    assert m.topics == () and "Stance" not in (m.description or "")
    written = microtexts.to_arggraph(m)
    assert gold_of_text(written.xml) == _gold(ET.fromstring(HANDMADE))
    assert written.text == HANDMADE_TEXT
    assert microtexts.loads(written.xml, written.text, "handmade.xml") == m


def test_a_role_the_structure_does_not_give_is_kept_in_the_note() -> None:
    odd = HANDMADE.replace('<adu id="a2" type="pro"/>', '<adu id="a2" type="opp"/>')
    m = microtexts.loads(odd, HANDMADE_TEXT, "odd.xml")
    assert parse_note(m.claim("a2").note).role == "opp"
    assert gold_of_text(microtexts.to_arggraph(m).xml).roles["a2"] == "opp"


def test_edus_out_of_the_order_of_the_text_are_refused_by_name() -> None:
    swapped = HANDMADE.replace("Cats purr,", "@@").replace("when happy.", "Cats purr,")
    swapped = swapped.replace("@@", "when happy.")
    after = HANDMADE_TEXT.index("when happy.") + len("when happy.")  # where e1 now ends
    with pytest.raises(ArgmapError, match=rf"EDU 'e2' .*stands before offset {after}"):
        microtexts.loads(swapped, HANDMADE_TEXT, "swapped.xml")


def test_a_long_chain_reads_and_writes_in_linear_time() -> None:
    """10,000 ADUs, each rebutting the one before: roles alternate down the chain. A pass
    per ADU over all the others (quadratic) would take far longer than the bound."""
    n = 10_000
    words = [f"Point {i}." for i in range(n)]
    xml = "\n".join(
        ["<arggraph id='chain'>"]
        + [f'<edu id="e{i}">{w}</edu>' for i, w in enumerate(words)]
        + [f'<adu id="a{i}" type="{"opp" if i % 2 else "pro"}"/>' for i in range(n)]
        + [f'<edge id="s{i}" src="e{i}" trg="a{i}" type="seg"/>' for i in range(n)]
        + [f'<edge id="c{i}" src="a{i}" trg="a{i - 1}" type="reb"/>' for i in range(1, n)]
        + ["</arggraph>"]
    )
    started = time.perf_counter()
    m = microtexts.loads(xml, " ".join(words), "chain.xml")
    written = microtexts.to_arggraph(m)
    assert time.perf_counter() - started < 15
    assert gold_of_text(written.xml) == _gold(ET.fromstring(xml))


# ---- bad input --------------------------------------------------------------------------------

B001 = (CORPUS / "micro_b001.xml").read_text(encoding="utf-8")
LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE arggraph [<!ENTITY l "lol"><!ENTITY l2 "&l;&l;&l;&l;">]>\n'
    + B001.split("\n", 1)[1].replace("<arggraph ", "<arggraph x='&l2;' ", 1)
)
EXTERNAL = (
    '<?xml version="1.0"?>\n<!DOCTYPE arggraph SYSTEM "file:///etc/passwd">\n'
    + B001.split("\n", 1)[1]
)
BAD = {
    "malformed": (B001.replace("</arggraph>", ""), r":23: not well-formed XML"),
    "entities": (LAUGHS, r":2: a document type declaration"),
    "external-dtd": (EXTERNAL, r":2: a document type declaration"),
    "undefined-entity": (
        B001.replace('<edu id="e1">', '<edu id="e1">&xxe;'),
        r":3: not well-formed",
    ),
    "dangling": (
        B001.replace('trg="a5" type="reb"', 'trg="a9" type="reb"'),
        r":18: .*'a9'.*fix trg",
    ),
    "duplicate": (B001.replace('<adu id="a2"', '<adu id="a1"'), r":9: id 'a1' is used twice"),
    "unknown-type": (B001.replace('type="sup"', 'type="seq"'), r":19: edge type 'seq' is unknown"),
    "unknown-element": (
        B001.replace('<adu id="a1"', '<note/><adu id="a1"'),
        r":8: <note> is not part",
    ),
    "wrong-root": (
        B001.replace("<arggraph ", "<graph ").replace("</arggraph>", "</graph>"),
        r":2: the root element is <graph>",
    ),
    "edu-not-in-text": (
        B001.replace("Three different", "Four different"),
        r":4: EDU 'e2' is not in",
    ),
    "und-on-an-adu": (
        B001.replace('trg="c1" type="und"', 'trg="a1" type="und"'),
        r":20: und edge 'c3' targets the ADU 'a1'",
    ),
    "add-on-add": (
        B001.replace('trg="c3" type="add"', 'trg="c4" type="add"'),
        r":21: add edge 'c4' targets a add edge",
    ),
    "role": (B001.replace('type="opp"', 'type="con"', 1), r":8: ADU type 'con'"),
    "bad-id": (B001.replace('<adu id="a1"', '<adu id="a 1"'), r":8: id 'a 1' is not an id"),
    "no-words": (
        re.sub(r"<!\[CDATA\[Yes, it's annoying[^]]*\]\]>", "", B001),
        r":3: EDU 'e1' has no text",
    ),
    "edu-of-no-adu": (
        B001.replace('<edge id="c6" src="e1" trg="a1" type="seg"/>', ""),
        r"EDU 'e1' is no ADU's segment",
    ),
}


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bad")
    text = (CORPUS / "micro_b001.txt").read_bytes()
    files = {}
    for name, (xml, _) in BAD.items():
        files[name] = folder / f"{name}.xml"
        files[name].write_text(xml, encoding="utf-8")
        files[name].with_suffix(".txt").write_bytes(text)
    files["missing-text"] = folder / "missing-text.xml"
    files["missing-text"].write_text(B001, encoding="utf-8")
    huge = folder / "huge.xml"
    edus = "".join(f'  <edu id="x{i}"><![CDATA[words]]></edu>\n' for i in range(40_000))
    huge.write_text(B001.replace("</arggraph>", edus + "</arggraph>"), encoding="utf-8")
    huge.with_suffix(".txt").write_bytes(text)
    files["huge"] = huge
    return files


def test_bad_files_give_one_line_naming_file_place_and_fix(bad_files: dict[str, Path]) -> None:
    assert bad_files["huge"].stat().st_size > 1_000_000
    for name, (_, message) in BAD.items():
        done = runner.invoke(app, ["import", str(bad_files[name]), "--from", "microtexts"])
        assert done.exit_code == 1, (name, done.output)
        (line,) = done.stderr.strip().splitlines()
        assert line.startswith(f"error: {bad_files[name]}"), line
        assert re.search(message, line), (name, line)
        assert "Traceback" not in done.output
    missing = runner.invoke(app, ["import", str(bad_files["missing-text"])])
    assert missing.exit_code == 1
    assert (
        "missing-text.txt is missing" in missing.stderr and "put the text there" in missing.stderr
    )
    huge = runner.invoke(app, ["--max-file-mb", "1", "import", str(bad_files["huge"])])
    assert huge.exit_code != 0
    (line,) = huge.stderr.strip().splitlines()
    assert str(bad_files["huge"]) in line and "split the file" in line


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_mutated_corpus_files_give_a_map_or_one_clear_error(
    data: st.DataObject, tmp_path: Path
) -> None:
    original = data.draw(st.sampled_from(FILES))
    raw = bytearray(original.read_bytes())
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(raw) - 1))
        raw[at : at + data.draw(st.integers(0, 8))] = data.draw(st.binary(max_size=8))
    path = tmp_path / "mutated.xml"
    path.write_bytes(bytes(raw))
    path.with_suffix(".txt").write_bytes(original.with_suffix(".txt").read_bytes())
    try:
        result = import_file(path, "microtexts")
    except ArgmapError as exc:
        assert str(exc) and "\n" not in str(exc) and str(path) in str(exc)
        return
    assert isinstance(result, ArgumentMap)
