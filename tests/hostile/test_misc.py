"""Hostile shapes of valid input: an importer's time and memory grow with the file, never
faster; a deep structure gives a map or a one-line error, never a RecursionError."""

from __future__ import annotations

from pathlib import Path

import pytest

from argmap.errors import InputError
from argmap.formats.registry import import_file
from argmap.util.limits import Limits, applied, size_words
from tests.conftest import DATA
from tests.hostile.bounded import run_bounded


def _kialo(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(["Discussion Title: Hostile", "", "1. The thesis.", *lines]) + "\n")
    return path


@pytest.fixture(scope="module")
def kialo_flat(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """20,000 pros and cons of one thesis."""
    children = [
        f"1.{n}. {'Pro' if n % 2 else 'Con'}: Child claim number {n} says something."
        for n in range(1, 20_001)
    ]
    return _kialo(tmp_path_factory.mktemp("kialo") / "flat.txt", children)


@pytest.fixture(scope="module")
def kialo_deep(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A chain 5,000 deep. Kialo numbers each item with its whole path (1.1.1…), so the file
    grows with the square of the depth: 25 MB."""
    chain, number = [], "1"
    for level in range(1, 5_001):
        number += ".1"
        chain.append(f"{number}. {'Pro' if level % 2 else 'Con'}: Claim at depth {level}.")
    return _kialo(tmp_path_factory.mktemp("kialo") / "deep.txt", chain)


@pytest.mark.parametrize(
    ("case", "counts"),
    [
        ("kialo_flat", "20001 claims, 20000 relations"),
        ("kialo_deep", "5001 claims, 5000 relations"),
    ],
)
def test_kialo_import_is_read_within_bounds(
    case: str, counts: str, request: pytest.FixtureRequest
) -> None:
    run = run_bounded(["validate", str(request.getfixturevalue(case))])
    assert run.code == 0, run.stderr
    assert counts in run.stdout + run.stderr
    run.assert_within_bounds()


@pytest.mark.parametrize(
    ("case", "counts"),
    [
        ("kialo_flat", "20001 claims, 20000 relations"),
        ("kialo_deep", "5001 claims, 5000 relations"),
    ],
)
def test_kialo_import_command_runs_within_bounds(
    case: str, counts: str, request: pytest.FixtureRequest
) -> None:
    run = run_bounded(["import", str(request.getfixturevalue(case))])
    assert run.code == 0, run.stderr
    assert counts in run.stderr
    run.assert_within_bounds()


def test_an_aif_file_over_the_limits_in_force_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "big.aif.json"
    path.write_bytes((DATA / "corpora" / "aifdb-nodeset-6064-original.json").read_bytes())
    size = path.stat().st_size
    small = Limits(max_file_bytes=size // 2, max_aif_bytes=size - 1)
    with applied(small), pytest.raises(InputError) as caught:
        import_file(path)
    assert str(caught.value) == (
        f"{path}: {size} bytes is larger than argmap imports as AIF"
        f" ({size - 1}, {size_words(size - 1)}); split the file"
    )
    assert caught.value.option == "max-file-mb"
    # Either limit raised to the file's size reads it: --max-file-mb applies to AIF too.
    with applied(Limits(max_file_bytes=size // 2, max_aif_bytes=size)):
        assert len(import_file(path).claims) == 9
    with applied(Limits(max_file_bytes=size, max_aif_bytes=size - 1)):
        assert len(import_file(path).claims) == 9
