"""Hostile input files: what a map may make argmap read, and how much memory and time it may
make argmap spend (DESIGN.md: inputs are untrusted). Each case runs the real command line
under tests/hostile/bounded.py's limits and must end in one line of error, well within them."""

from __future__ import annotations

import io
import os
import re
import shutil
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.errors import ArgmapError
from tests.hostile.bounded import Bounded, run_bounded

DATA = Path(__file__).resolve().parents[1] / "data"
MINI = (DATA / "mini.yaml").read_text(encoding="utf-8")

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX files and limits")


def _map(folder: Path, text_file: str, name: str = "m.yaml") -> Path:
    """A valid map in ``folder`` whose one source names ``text_file``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(
        "argmap: 1\nid: m\ntitle: A map\nsources:\n"
        f"  - id: art\n    title: An article\n    text_file: '{text_file}'\n"
        "claims:\n  - {id: c1, text: A claim.}\n",
        encoding="utf-8",
    )
    return path


def _bounded(args: list[str], cwd: Path) -> Bounded:
    result = run_bounded(args, cwd=cwd)
    print(
        f"argmap {' '.join(args)}: {result.cpu_seconds:.2f} s CPU, {result.peak_megabytes:.0f} MB"
    )
    return result


# ---- text_file: only regular files inside the map's folder ------------------------------------


@pytest.mark.skipif(not Path("/etc/passwd").is_file(), reason="needs /etc/passwd")
@pytest.mark.parametrize("name", ["../../../../../../../../etc/passwd", "/etc/passwd"])
def test_a_text_file_outside_the_maps_folder_is_refused(tmp_path: Path, name: str) -> None:
    path = _map(tmp_path / "data", name)
    result = _bounded(["build", str(path), "-o", "out.ttl"], tmp_path)
    result.assert_within_bounds()
    result.assert_one_line_error(
        f"{path}:7: source 'art': text_file '{name}' is outside the map's folder",
        "move the text beside the map or allow its folder; use --allow-dir",
    )
    assert not (tmp_path / "out.ttl").exists()
    assert "root:" not in result.stdout + result.stderr


def test_a_symbolic_link_out_of_the_maps_folder_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "private" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("the secret", encoding="utf-8")
    path = _map(tmp_path / "data", "innocent.txt")
    (tmp_path / "data" / "innocent.txt").symlink_to(secret)
    result = _bounded(["build", str(path), "-o", "out.ttl"], tmp_path)
    result.assert_within_bounds()
    result.assert_one_line_error(
        "text_file 'innocent.txt' links outside the map's folder", "use --allow-dir"
    )
    assert not (tmp_path / "out.ttl").exists()


def test_a_device_named_as_text_file_is_refused_at_once(tmp_path: Path) -> None:
    path = _map(tmp_path / "data", "/dev/zero")
    result = _bounded(["validate", str(path)], tmp_path)
    result.assert_within_bounds()
    result.assert_one_line_error("text_file '/dev/zero' is outside the map's folder")
    # Even where its folder is allowed, a device is not a text file.
    allowed = _bounded(["--allow-dir", "/dev", "validate", str(path)], tmp_path)
    allowed.assert_within_bounds()
    allowed.assert_one_line_error("text_file '/dev/zero' is not a regular file")


def test_a_fifo_named_as_text_file_is_refused_without_waiting(tmp_path: Path) -> None:
    path = _map(tmp_path / "data", "pipe.txt")
    os.mkfifo(tmp_path / "data" / "pipe.txt")  # nobody ever writes to it
    result = _bounded(["validate", str(path)], tmp_path)
    result.assert_within_bounds()
    result.assert_one_line_error(f"{path}:7: source 'art': text_file 'pipe.txt' is not a regular")


def test_a_folder_given_with_allow_dir_may_hold_source_texts(tmp_path: Path) -> None:
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "article.txt").write_text("The words of the article.", encoding="utf-8")
    path = _map(tmp_path / "data", "../texts/article.txt")
    refused = _bounded(["validate", str(path)], tmp_path)
    refused.assert_one_line_error("is outside the map's folder", "use --allow-dir")
    result = _bounded(["--allow-dir", "texts", "build", str(path), "-o", "out.ttl"], tmp_path)
    result.assert_within_bounds()
    assert result.code == 0, result.stderr
    assert "The words of the article." in (tmp_path / "out.ttl").read_text(encoding="utf-8")


def test_watch_never_watches_a_file_outside_the_maps_folder(tmp_path: Path) -> None:
    from argmap.cli.watch import source_text_files
    from argmap.util.limits import Limits, applied

    folder = tmp_path / "data"
    outside = _map(folder, "../texts/a.txt", "outside.yaml")
    absolute = _map(folder, "/etc/passwd", "absolute.yaml")
    inside = _map(folder, "texts/b.txt", "inside.yaml")
    assert source_text_files([outside, absolute, inside]) == [folder / "texts/b.txt"]
    with applied(Limits(allow_dirs=(tmp_path / "texts",))):
        assert source_text_files([outside]) == [folder / "../texts/a.txt"]


# ---- memory bombs -----------------------------------------------------------------------------


def test_a_yaml_alias_bomb_is_refused(tmp_path: Path) -> None:
    # Nine levels of nine aliases each: 81 aliases that expand to 9**9 (387 million) values.
    levels = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, 10):
        aliases = ", ".join([f"*a{level - 1}"] * 9)
        levels.append(f"a{level}: &a{level} [{aliases}]")
    path = tmp_path / "bomb.yaml"
    path.write_text("argmap: 1\nid: bomb\ntitle: Bomb\n" + "\n".join(levels) + "\n")
    result = _bounded(["validate", str(path)], tmp_path)
    result.assert_within_bounds()
    result.assert_one_line_error(f"{path}: the YAML's aliases (*name) expand it to more than")


def test_a_yaml_alias_that_names_its_own_value_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "loop.yaml"
    path.write_text("argmap: 1\nid: loop\ntitle: Loop\nclaims: &a [*a]\n")
    result = _bounded(["validate", str(path)], tmp_path)
    result.assert_within_bounds()
    result.assert_one_line_error(f"{path}:4: an alias (*name) stands inside the value it names")


_RDF_XML_HEAD = (
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
    ' xmlns:am="https://w3id.org/argmap/ns#">\n'
)


def _billion_laughs(path: Path) -> Path:
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    )
    path.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [{entities}]>\n{_RDF_XML_HEAD}'
        '<rdf:Description rdf:about="https://w3id.org/argmap/id/m/map/m">'
        "<am:text>&lol9;</am:text></rdf:Description></rdf:RDF>\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    "command",
    [["validate"], ["query", "-q", "SELECT * WHERE { ?s ?p ?o }"], ["import"]],
    ids=["validate", "query", "import"],
)
def test_billion_laughs_in_rdf_xml_is_refused(tmp_path: Path, command: list[str]) -> None:
    path = _billion_laughs(tmp_path / "laughs.rdf")
    args = [command[0], str(path), *command[1:]]
    result = _bounded(args, tmp_path)
    result.assert_within_bounds()
    result.assert_one_line_error(f"{path}:2: the RDF/XML declares entities (<!ENTITY)")


def test_an_external_entity_in_rdf_xml_stays_refused(tmp_path: Path) -> None:
    path = tmp_path / "xxe.rdf"
    path.write_text(
        '<?xml version="1.0"?>\n'
        '<!DOCTYPE rdf:RDF [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        f"{_RDF_XML_HEAD}<rdf:Description rdf:about='https://example.org/a'>"
        "<am:text>&x;</am:text></rdf:Description></rdf:RDF>\n",
        encoding="utf-8",
    )
    for args in (["import", str(path)], ["query", str(path), "-q", "SELECT * {?s ?p ?o}"]):
        result = _bounded(args, tmp_path)
        result.assert_within_bounds()
        result.assert_one_line_error("declares entities (<!ENTITY)")
        assert "root:" not in result.stdout


def test_a_50_mb_claim_text_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("w", encoding="utf-8") as out:
        out.write("argmap: 1\nid: huge\ntitle: Huge\nclaims:\n  - id: c1\n    text: ")
        out.write("x" * 50 * 2**20)
        out.write("\n")
    result = _bounded(["validate", str(path)], tmp_path)
    result.assert_within_bounds()
    result.assert_one_line_error(
        f"{path}: argmap reads a map file of up to 50000000 bytes (50 MB)", "use --max-file-mb"
    )


def test_a_claim_text_over_the_text_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "long.yaml"
    path.write_text(
        "argmap: 1\nid: long\ntitle: Long\nclaims:\n  - id: c1\n    text: "
        + "word " * 40_000
        + "\n",
        encoding="utf-8",
    )
    result = _bounded(["validate", str(path)], tmp_path)
    result.assert_within_bounds()
    result.assert_one_line_error(
        f"{path}:6: claim 'c1': 'text' is longer than argmap reads in a text (100000 bytes,"
        " 100 kB); shorten it; use --max-text-kb"
    )
    raised = _bounded(["--max-text-kb", "300", "validate", str(path)], tmp_path)
    assert raised.code == 0, raised.stderr


@pytest.mark.parametrize(
    "command",
    [["validate"], ["query", "-q", "SELECT * WHERE { ?s ?p ?o }"]],
    ids=["validate", "query"],
)
def test_a_17_mb_turtle_literal_is_one_line(tmp_path: Path, command: list[str]) -> None:
    path = tmp_path / "long.ttl"
    with path.open("w", encoding="utf-8") as out:
        out.write('<https://example.org/a> <https://example.org/p> "')
        out.write("x" * 17 * 2**20)
        out.write('" .\n')
    result = _bounded([command[0], str(path), *command[1:]], tmp_path)
    result.assert_within_bounds()
    result.assert_one_line_error(f"{path}: ", "larger than the 16 MiB")


# ---- fuzzing the readers in process ----------------------------------------------------------

_MUTATE = st.lists(
    st.tuples(st.integers(min_value=0), st.sampled_from("dir"), st.binary(max_size=8)),
    min_size=1,
    max_size=6,
)


def _mutated(seed: bytes, edits: list[tuple[int, str, bytes]]) -> bytes:
    """``seed`` with each edit applied: delete, insert or replace a few bytes at a place."""
    data = bytearray(seed)
    for at, kind, chunk in edits:
        at %= len(data) + 1
        if kind == "d":
            del data[at : at + 1 + len(chunk)]
        elif kind == "i":
            data[at:at] = chunk
        else:
            data[at : at + len(chunk)] = chunk
    return bytes(data)


_FUZZ = settings(
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
# Small words YAML is made of, so random text reaches past the first line more often.
_WORDS = "\n|  |- |: |&a |*a|[|]|{|}|,|id|claims|text|argmap: 1|!!str|'|\"|<<: *a|? |>|#|\t"
_YAML_WORDS = st.lists(
    st.sampled_from([*_WORDS.split("|"), "|", "2024-01-01"]) | st.text(max_size=5), max_size=40
).map("".join)


def test_fuzz_the_yaml_map_loader_lets_only_argmap_errors_out(tmp_path: Path) -> None:
    from argmap.formats.authoring import loads_map

    seed = MINI.encode("utf-8")
    (tmp_path / "mini-source.txt").write_bytes((DATA / "mini-source.txt").read_bytes())
    label = tmp_path / "fuzz.yaml"

    @_FUZZ
    @given(
        _MUTATE.map(lambda edits: _mutated(seed, edits))
        | st.binary(max_size=200)
        | _YAML_WORDS.map(str.encode)
    )
    def check(raw: bytes) -> None:
        text = raw.decode("utf-8", "replace")
        try:
            loads_map(text, path=label)
        except ArgmapError as exc:
            assert str(exc) and "\n" not in str(exc).strip()

    check()


_TURTLE = b"""@prefix am: <https://w3id.org/argmap/ns#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<https://w3id.org/argmap/id/m/map/m> a am:ArgumentMap ; dcterms:identifier "m" ;
    dcterms:title "M" .
<https://w3id.org/argmap/id/m/claim/c1> a am:Claim ; dcterms:identifier "c1" ;
    am:text "A claim." ; dcterms:isPartOf <https://w3id.org/argmap/id/m/map/m> .
"""
_TRIG = b"<https://w3id.org/argmap/id/m/map/m> {\n" + _TURTLE.split(b" .\n", 2)[2] + b"}\n"
_RDF_XML = (
    b'<?xml version="1.0"?>\n' + _RDF_XML_HEAD.encode() + b' xmlns:dcterms="x">'
    b'<am:ArgumentMap rdf:about="https://w3id.org/argmap/id/m/map/m">'
    b"<dcterms:identifier>m</dcterms:identifier><dcterms:title>M</dcterms:title>"
    b"</am:ArgumentMap></rdf:RDF>\n"
)


def test_fuzz_rdf_reading_lets_only_argmap_errors_out() -> None:
    from argmap.rdf.files import read_rdf

    seeds = {"turtle": _TURTLE, "trig": _TURTLE + _TRIG, "rdfxml": _RDF_XML}
    entity = b'<!DOCTYPE rdf:RDF [<!ENTITY e "x">]>\n'

    @_FUZZ
    @given(
        st.sampled_from(sorted(seeds)),
        _MUTATE | st.just([]),
        st.booleans(),
    )
    def check(fmt: str, edits: list[tuple[int, str, bytes]], with_entity: bool) -> None:
        seed = seeds[fmt]
        if with_entity and fmt == "rdfxml":
            seed = seed.replace(b"\n", b"\n" + entity, 1)
        try:
            read_rdf(io.BytesIO(_mutated(seed, edits) if edits else seed), fmt)
        except ArgmapError as exc:
            assert str(exc) and "\n" not in str(exc).strip()

    check()


def test_the_text_file_rules_leave_no_way_out(tmp_path: Path) -> None:
    """Names a map could give, in-process: none reaches the file outside the folder."""
    from argmap.formats.authoring import load_map

    (tmp_path / "outside.txt").write_text("outside", encoding="utf-8")
    folder = tmp_path / "data"
    (folder / "sub").mkdir(parents=True)
    (folder / "up").symlink_to(tmp_path)
    (folder / "loop").symlink_to(folder / "loop")
    names = [
        "../outside.txt",
        "sub/../../outside.txt",
        "up/outside.txt",
        str(tmp_path / "outside.txt"),
        "loop",
        "./sub/../../data/../outside.txt",
    ]
    for name in names:
        path = _map(folder, name)
        with pytest.raises(ArgmapError) as caught:
            load_map(path)
        assert re.search(r"outside the map's folder|cannot be resolved", str(caught.value)), name
    shutil.rmtree(folder)


def test_an_import_refuses_a_text_argmap_would_not_read_back(tmp_path: Path) -> None:
    # An import once wrote a map with a 200 kB claim that validate then refused.
    long_text = "x" * 200_000
    aif = tmp_path / "long.aif.json"
    aif.write_text(
        '{"nodes": [{"nodeID": "1", "type": "I", "text": "' + long_text + '"}], "edges": []}',
        encoding="utf-8",
    )
    run = run_bounded(["import", str(aif), "-o", str(tmp_path / "long.yaml")])
    run.assert_one_line_error("longer than argmap reads in a text", "--max-text-kb")
    assert not (tmp_path / "long.yaml").exists()
    run.assert_within_bounds()
    raised = run_bounded(
        ["--max-text-kb", "300", "import", str(aif), "-o", str(tmp_path / "l.yaml")]
    )
    assert raised.code == 0, raised.stderr
