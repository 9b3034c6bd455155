"""Hostile nesting and unbounded reads: JSON-LD and RDF/XML nested deep enough to crash or
stall the RDF parser are refused before it parses them, and an ICCMA instance is read within
the file limit, from a regular file, with its declared argument count bounded. Each case runs
the real command line under tests/hostile/bounded.py's limits."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from tests.hostile.bounded import Bounded, run_bounded

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX files and limits")


def _bounded(args: list[str], cwd: Path) -> Bounded:
    result = run_bounded(args, cwd=cwd)
    print(
        f"argmap {' '.join(args)}: {result.cpu_seconds:.2f} s CPU, {result.peak_megabytes:.0f} MB"
    )
    return result


# ---- RDF nesting ---------------------------------------------------------------------------


def _deep_jsonld(levels: int) -> str:
    return (
        '{"@id":"http://x/a","http://x/p":'
        + '{"http://x/p":' * levels
        + '"x\\"{[ not nesting"'
        + "}" * levels
        + "}"
    )


def _deep_rdfxml(levels: int) -> str:
    return (
        '<?xml version="1.0"?>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        ' xmlns:e="http://x/">\n'
        + "<rdf:Description><e:p>" * levels
        + "x"
        + "</e:p></rdf:Description>" * levels
        + "\n</rdf:RDF>\n"
    )


@pytest.mark.parametrize("command", [["validate"], ["query", "-q", "ASK {}"]])
def test_deeply_nested_jsonld_is_refused_before_it_is_parsed(
    tmp_path: Path, command: list[str]
) -> None:
    (tmp_path / "deep.jsonld").write_text(_deep_jsonld(5000), encoding="utf-8")
    result = _bounded([*command, "deep.jsonld"], tmp_path)
    result.assert_within_bounds()
    result.assert_one_line_error("deep.jsonld:1:", "nests deeper than 64")


def test_deeply_nested_rdfxml_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    (tmp_path / "deep.rdf").write_text(_deep_rdfxml(20000), encoding="utf-8")
    result = _bounded(["validate", "deep.rdf"], tmp_path)
    result.assert_within_bounds()
    result.assert_one_line_error("deep.rdf:3:", "nests deeper than 64")


def test_nesting_within_the_limit_and_brackets_in_strings_and_comments_still_read(
    tmp_path: Path,
) -> None:
    (tmp_path / "ok.jsonld").write_text(_deep_jsonld(40), encoding="utf-8")
    xml = (
        _deep_rdfxml(20)
        .replace("x</e:p>", "<![CDATA[x<d><e>]]></e:p>", 1)
        .replace(
            "<rdf:Description>", '<!-- <a><b><c> --><?pi <f> ?><rdf:Description e:q="a>b/>">', 1
        )
    )
    (tmp_path / "ok.rdf").write_text(xml, encoding="utf-8")
    for name in ("ok.jsonld", "ok.rdf"):
        result = _bounded(["query", "-q", "ASK { ?s ?p ?o }", name], tmp_path)
        result.assert_within_bounds()
        assert result.code == 0, result.stderr
        assert "true" in result.stdout.lower(), result.stdout


@pytest.mark.parametrize("suffix", ["jsonld", "rdf"])
def test_argmaps_own_rdf_still_reads(tmp_path: Path, suffix: str) -> None:
    maps = sorted((Path(__file__).resolve().parents[2] / "data").glob("*.yaml"))
    out = tmp_path / f"x.{suffix}"
    built = _bounded(["build", *map(str, maps), "-o", str(out)], tmp_path)
    assert built.code == 0, built.stderr
    result = _bounded(["validate", str(out)], tmp_path)
    assert result.code == 0, result.stderr


# ---- ICCMA instances -----------------------------------------------------------------------


@pytest.mark.parametrize("count", ["50000000", "2000000000"])
def test_an_iccma_header_declaring_too_many_arguments_is_refused(
    tmp_path: Path, count: str
) -> None:
    (tmp_path / "mid.i23").write_text(f"p af {count}\n1 2\n", encoding="utf-8")
    result = _bounded(["semantics", "-p", "SE-GR", "-f", "mid.i23"], tmp_path)
    result.assert_within_bounds()
    result.assert_one_line_error("mid.i23:1:", f"{count} arguments", "10000000")


def test_an_iccma_instance_that_is_a_fifo_is_refused(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.i23")
    result = _bounded(["semantics", "-p", "SE-GR", "-f", "pipe.i23"], tmp_path)
    result.assert_within_bounds()
    result.assert_one_line_error("pipe.i23", "not a regular file")


def test_an_iccma_instance_linked_to_a_device_is_refused(tmp_path: Path) -> None:
    (tmp_path / "zero.tgf").symlink_to("/dev/zero")
    result = _bounded(["semantics", "-p", "SE-GR", "-f", "zero.tgf"], tmp_path)
    result.assert_within_bounds()
    result.assert_one_line_error("zero.tgf", "not a regular file")


def test_an_iccma_instance_over_the_file_limit_is_refused(tmp_path: Path) -> None:
    (tmp_path / "big.tgf").write_bytes(b"1\n2\n#\n" + b"1 2\n" * 300_000)
    result = _bounded(["--max-file-mb", "1", "semantics", "-p", "SE-GR", "-f", "big.tgf"], tmp_path)
    result.assert_within_bounds()
    result.assert_one_line_error("big.tgf", "1000000 bytes", "--max-file-mb")
