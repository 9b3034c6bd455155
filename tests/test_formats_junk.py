"""Every importer fed junk, truncated and mutated real files, wrong formats, deep nesting and
huge numbers: it returns a valid map or raises one clear one-line ArgmapError, nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap import ArgmapError, ArgumentMap, Corpus
from argmap.formats import aif, argdown
from argmap.formats.registry import import_file
from tests.conftest import DATA

CORPORA = DATA / "corpora"
IMPORTERS = ["aif", "argdown", "kialo", None]  # None: told from the suffix and content
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def real_files() -> dict[str, bytes]:
    mini = Corpus(maps=(ArgumentMap.model_validate(_mini_data()),))
    return {
        "aifdb.json": (CORPORA / "aifdb-nodeset-6064-original.json").read_bytes(),
        "primer.argdown": (CORPORA / "argdown-primer.argdown").read_bytes(),
        "kialo.txt": (CORPORA / "kialo-should-hate-speech-be-illegal-6148.txt").read_bytes(),
        "ours.aif.json": aif.dumps(mini),
        "ours.argdown": argdown.dumps(mini),
    }


def _mini_data() -> dict[str, object]:
    return {
        "id": "m",
        "title": "M",
        "actors": [{"id": "a", "name": "Ann", "kind": "person"}],
        "claims": [{"id": "c1", "text": "One."}, {"id": "c2", "text": "Two."}],
        "relations": [
            {"id": "r1", "type": "support", "from": "c1", "to": "c2"},
            {"id": "r2", "type": "attack", "kind": "undercut", "from": "c2", "to": "r1"},
        ],
        "stances": [{"id": "s1", "actor": "a", "claim": "c1", "position": "opposes"}],
    }


REAL = real_files()


def import_or_clear_error(path: Path, fmt: str | None) -> None:
    try:
        result = import_file(path, fmt)
    except ArgmapError as exc:
        message = str(exc)
        assert message and "\n" not in message, message
        assert str(path) in message, message  # it names the file
        return
    assert isinstance(result, ArgumentMap)


@FUZZ
@given(data=st.binary(max_size=2000), fmt=st.sampled_from(IMPORTERS))
def test_random_bytes_give_a_map_or_one_clear_error(
    tmp_path: Path, data: bytes, fmt: str | None
) -> None:
    path = (
        tmp_path
        / f"junk.{ {'aif': 'json', 'argdown': 'argdown', 'kialo': 'txt'}.get(fmt or '', 'json') }"
    )
    path.write_bytes(data)
    import_or_clear_error(path, fmt)


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    name = draw(st.sampled_from(sorted(REAL)))
    data = bytearray(REAL[name])
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["truncate", "delete", "insert", "replace", "duplicate"]))
        at = draw(st.integers(0, len(data)))
        if kind == "truncate":
            del data[at:]
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 200))]
        elif kind == "insert":
            data[at:at] = draw(
                st.sampled_from(
                    [b"{", b"}", b"[", b"]", b'"', b"\n", b"  + ", b"(1) ", b"--", b"\xff"]
                )
                | st.binary(min_size=1, max_size=8)
            )
        elif kind == "replace" and data:
            data[min(at, len(data) - 1)] = draw(st.integers(0, 255))
        else:
            data[at:at] = data[at : at + draw(st.integers(1, 300))]
    return name, bytes(data)


@FUZZ
@given(case=mutated(), fmt=st.sampled_from(IMPORTERS))
def test_mutated_real_files_give_a_map_or_one_clear_error(
    tmp_path: Path, case: tuple[str, bytes], fmt: str | None
) -> None:
    name, data = case
    path = tmp_path / name
    path.write_bytes(data)
    import_or_clear_error(path, fmt)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("deep.json", "[" * 200_000),
        ("deep-objects.json", '{"nodes": ' * 50_000),
        ("deep.argdown", "[A]: a\n" + "".join("  " * i + f"+ [B{i}]: b\n" for i in range(1, 3000))),
        (
            "deep.txt",
            "1. Thesis\n" + "".join(f"1{'.1' * i}. Pro: level {i}\n" for i in range(1, 3000)),
        ),
        ("huge.json", '{"nodes": [{"nodeID": ' + "9" * 100_000 + ', "type": "I"}], "edges": []}'),
        ("huge-float.json", '{"nodes": [{"nodeID": 1e999999, "type": "I"}], "edges": []}'),
        ("huge.argdown", "<A>\n\n(" + "9" * 50_000 + ") p\n----\n(2) q\n"),
        ("huge-data.argdown", "[A]: a {x: " + "9" * 50_000 + "}\n"),
        ("huge.txt", "1. Thesis\n1." + "9" * 50_000 + ". Pro: x\n"),
        ("wrong.json", "argmap: 1\nid: x\n"),
        ("wrong.argdown", "\x89PNG\r\n\x1a\n"),
        ("wrong.txt", '{"nodes": [], "edges": [], "locutions": []}'),
    ],
)
@pytest.mark.parametrize("fmt", IMPORTERS)
def test_deep_nesting_huge_numbers_and_wrong_formats(
    tmp_path: Path, name: str, content: str, fmt: str | None
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    import_or_clear_error(path, fmt)
