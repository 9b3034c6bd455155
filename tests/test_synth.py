"""Synthetic corpora are valid by construction, shaped like the seed debate, and the same for
the same seed; ``argmap synth`` writes them as files that ``argmap validate`` reads back."""

from __future__ import annotations

import json
import statistics
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from argmap.cli import app
from argmap.errors import ArgmapError
from argmap.formats.registry import load
from argmap.formats.synth import synth_corpus, synth_corpus_data, synth_map_data, synth_paths
from argmap.model.entities import ANALYST, ArgumentMap, AttackKind, RelationType
from argmap.model.schemes import BUILTIN_SCHEMES
from argmap.shacl.maps import shacl_problems

runner = CliRunner()


def test_synthetic_corpus_is_valid_and_shaped_like_a_debate() -> None:
    corpus = synth_corpus(400, actors=12, seed=3, maps=2)
    assert [len(m.claims) for m in corpus.maps] == [200, 200]
    assert len(corpus.actors) == 12  # shared by both maps
    relations = [r for m in corpus.maps for r in m.relations]
    assert {r.kind.value for r in relations if r.kind} == {"rebut", "undermine", "undercut"}
    assert shacl_problems(corpus) == []
    # Preferential attachment: the busiest claim draws far more relations than the median.
    targets = Counter(r.target for r in relations)
    assert max(targets.values()) >= 10
    assert statistics.median(targets.values()) <= 2
    # The second map answers the first.
    assert any(":" in r.target for r in corpus.maps[1].relations)


def test_shape_follows_the_seed_maps() -> None:
    (m,) = synth_corpus(5000, actors=50, seed=1).maps
    claims = len(m.claims)
    # Links: relations and authored arguments (each stands for supports of the seed maps).
    links = len(m.relations) + len(m.arguments)
    assert 1.2 <= links / claims <= 1.6  # seed maps: 1.42
    kinds = Counter((r.type.value, r.kind.value if r.kind else None) for r in m.relations)
    assert 0.75 <= (kinds["support", None] + len(m.arguments)) / links <= 0.85  # seed: 0.80
    assert 0.02 <= kinds["attack", "undercut"] / links <= 0.07  # seed: 0.04
    assert 0.4 <= len(m.stances) / claims <= 0.6  # seed: 0.52
    assert 100 <= statistics.mean(len(c.text) for c in m.claims) <= 135  # seed: 116 characters
    assert 8 <= claims / len(m.issues) <= 16  # seed: one issue per 9 claims
    assert all(c.quotes for c in m.claims)
    # A few actors take most stances (Zipf): the busiest takes more than the last ten together.
    per_actor = Counter(s.actor for s in m.stances)
    assert per_actor["actor-0"] > sum(per_actor[f"actor-{k}"] for k in range(40, 50))
    # Texts exercise escaping and code-point offsets.
    text = "".join(s.text or "" for s in m.sources)
    assert '"' in text and any(ord(ch) > 127 for ch in text)


def test_authored_arguments_are_shaped_like_real_aif() -> None:
    (m,) = synth_corpus(5000, actors=50, seed=1).maps
    arguments = m.arguments
    # A share of the inferences is authored; of those, two in three link several premises
    # (AIFdb nodesets: about two RA nodes in three), never more than three.
    assert 0.25 <= len(arguments) / len(m.inferences) <= 0.45
    premises = Counter(len(a.premises) for a in arguments)
    assert set(premises) == {1, 2, 3}
    assert 0.6 <= (premises[2] + premises[3]) / len(arguments) <= 0.72
    assert all(a.conclusion not in a.premises for a in arguments)
    # Some name a scheme: built-in ones, and the map's own refinement of one.
    (own,) = m.schemes
    schemes = Counter(a.scheme for a in arguments if a.scheme)
    assert 0.3 <= sum(schemes.values()) / len(arguments) <= 0.5
    assert own.id in schemes and own.broader in BUILTIN_SCHEMES
    assert len(set(schemes) & set(BUILTIN_SCHEMES)) >= 8
    # Attacks on arguments: undermines of premises, undercuts and rebuts of arguments.
    premise_ids = {p for a in m.inferences for p in a.premises}
    undermines = [r for r in m.relations if r.kind is AttackKind.UNDERMINE]
    assert undermines and all(r.target in premise_ids for r in undermines)
    on_arguments = Counter(r.kind for r in m.relations if r.target in m.arguments_by_id)
    assert on_arguments[AttackKind.UNDERCUT] >= 20 and on_arguments[AttackKind.REBUT] >= 20
    # A few conflicts and restatements between claims.
    kinds = Counter(r.type for r in m.relations)
    for kind in (RelationType.CONTRARY, RelationType.CONTRADICTORY, RelationType.REPHRASE):
        assert 0 < kinds[kind] / len(m.relations) < 0.03, kind
    # About one argument, relation or stance in five says who advances it.
    linked = [*arguments, *m.relations, *m.stances]
    by = [who for e in linked for who in e.by]
    assert 0.15 <= sum(bool(e.by) for e in linked) / len(linked) <= 0.25
    assert ANALYST in by and any(who in m.actors_by_id for who in by)


@pytest.mark.parametrize(
    ("claims", "actors", "maps"), [(1, 0, 1), (2, 1, 2), (13, 3, 1), (60, 7, 3), (97, 0, 5)]
)
@pytest.mark.parametrize("seed", [0, 1, 99])
def test_valid_by_construction_at_any_size(claims: int, actors: int, maps: int, seed: int) -> None:
    corpus = synth_corpus(claims, actors=actors, seed=seed, maps=maps)
    assert sum(len(m.claims) for m in corpus.maps) == claims
    assert len(corpus.actors) == actors


def test_claims_are_spread_over_the_maps() -> None:
    data = synth_corpus_data(1001, actors=5, seed=2, maps=3)
    assert [len(d["claims"]) for d in data] == [334, 334, 333]
    assert [d["id"] for d in data] == ["synth-0", "synth-1", "synth-2"]


def test_same_seed_same_corpus_other_seed_other_corpus() -> None:
    assert synth_corpus(100, seed=7) == synth_corpus(100, seed=7)
    assert synth_corpus(100, seed=7) != synth_corpus(100, seed=8)
    # Each map has its own stream: the maps of one corpus differ.
    first, second = synth_corpus_data(100, seed=7, maps=2)
    assert first["claims"][0]["text"] != second["claims"][0]["text"]


def test_map_data_validates_on_its_own() -> None:
    m = ArgumentMap.model_validate(synth_map_data("solo", 50, 4, seed=5))
    assert (m.id, len(m.claims), len(m.actors)) == ("solo", 50, 4)


@pytest.mark.parametrize(("claims", "maps"), [(0, 1), (3, 4), (5, 0)])
def test_impossible_sizes_are_argmap_errors(claims: int, maps: int) -> None:
    with pytest.raises(ArgmapError):
        synth_corpus_data(claims, maps=maps)


def test_paths_one_file_or_one_per_map(tmp_path: Path) -> None:
    out = tmp_path / "s.json"
    assert synth_paths(out, 1) == [out]
    assert [p.name for p in synth_paths(out, 12)][:2] == ["s-00.json", "s-01.json"]


# ---- argmap synth ------------------------------------------------------------------------------


def _synth(*args: str) -> None:
    result = runner.invoke(app, ["synth", *args])
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("wrote ")


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_cli_same_seed_byte_identical_files(tmp_path: Path, suffix: str) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    common = ["--claims", "300", "--actors", "9"]
    for folder in ("a", "b"):
        _synth(*common, "--seed", "4", "-o", str(tmp_path / folder / f"s{suffix}"))
    first = (tmp_path / "a" / f"s{suffix}").read_bytes()
    assert (tmp_path / "b" / f"s{suffix}").read_bytes() == first
    _synth(*common, "--seed", "5", "-o", str(tmp_path / f"c{suffix}"))
    assert (tmp_path / f"c{suffix}").read_bytes() != first


def test_cli_writes_files_that_validate_with_the_asked_counts(tmp_path: Path) -> None:
    _synth("-c", "500", "-a", "7", "-s", "1", "--maps", "3", "-o", str(tmp_path / "s.json"))
    files = sorted(tmp_path.glob("s-*.json"))
    assert [f.name for f in files] == ["s-0.json", "s-1.json", "s-2.json"]
    result = runner.invoke(app, ["validate", "--shacl", *map(str, files)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("ok: 3 map(s), 500 claims,")
    assert sum(len(json.loads(f.read_bytes())["claims"]) for f in files) == 500
    corpus = load(files)
    assert len(corpus.actors) == 7
    check = runner.invoke(app, ["check-quotes", *map(str, files)])
    assert check.exit_code == 0, check.output


def test_cli_yaml_file_validates(tmp_path: Path) -> None:
    _synth("--claims", "120", "--actors", "3", "-o", str(tmp_path / "s.yaml"))
    result = runner.invoke(app, ["validate", str(tmp_path / "s.yaml")])
    assert result.exit_code == 0, result.output
    assert "120 claims" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--claims", "0", "-o", "x.json"], "--claims must be at least 1, not 0"),
        (["--claims", "-5", "-o", "x.json"], "--claims must be at least 1, not -5"),
        (["-o", "x.json"], "say how many claims"),
        (["--claims", "10"], "say where to write"),
        (["--claims", "10", "--actors", "-1", "-o", "x.json"], "--actors cannot be negative"),
        (["--claims", "10", "--maps", "0", "-o", "x.json"], "--maps must be at least 1"),
        (["--claims", "2", "--maps", "3", "-o", "x.json"], "each map needs a claim"),
        (["--claims", "10", "-o", "x.ttl"], "name a .json, .yaml or .yml file"),
    ],
)
def test_cli_bad_arguments_one_line_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["synth", *args])
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("error: ") and message in result.stderr
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_cli_missing_folder_is_a_one_line_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["synth", "--claims", "5", "-o", str(tmp_path / "no" / "s.json")])
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1 and "does not exist" in result.stderr


def test_cli_help_ends_with_the_example() -> None:
    result = runner.invoke(app, ["synth", "--help"])
    assert result.exit_code == 0
    example = "Example: argmap synth --claims 10000 --actors 50 --seed 1 -o synth.json"
    assert example in result.stdout
    (command,) = [c for c in app.registered_commands if c.name == "synth"]
    assert command.callback is not None and command.callback.__doc__ is not None
    assert command.callback.__doc__.strip().endswith(example)
