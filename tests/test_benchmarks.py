"""benchmarks/run.py in smoke mode: every stage runs at a tiny size and is reported."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from argmap.sparql.named import named_queries
from tests.conftest import ROOT

RUN = ROOT / "benchmarks" / "run.py"
# Every stage of the pipeline, argmap's and the peers'; the smoke run must report each one.
STAGES = {
    "load",
    "rdf_build",
    "turtle_write",
    "turtle_read",
    "nquads_write",
    "nquads_read",
    "store_build",
    "store_open",
    "grounded",
    "grounded_framework",
    "grounded_labelling",
    "graphml_export",
    "aif_export",
    "aif_import",
    "render",
    "draw",
    "shacl",
}
BASELINES = {
    "ox_bulk_load",
    "ox_parse_turtle",
    "ox_parse_nquads",
    "ox_serialize_turtle",
    "ox_serialize_nquads",
    "py_arg_grounded",
    "arguebuf_load",
    "rdflib_build",
}


Smoke = tuple[dict[str, Any], str, tuple[float, float]]


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@pytest.fixture(scope="module")
def smoke(tmp_path_factory: pytest.TempPathFactory) -> Smoke:
    out = tmp_path_factory.mktemp("bench") / "smoke.json"
    started, cpu = time.perf_counter(), _cpu_seconds()
    done = subprocess.run(
        [sys.executable, str(RUN), "--sizes", "200", "--quick", "--json", str(out)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    elapsed = (time.perf_counter() - started, _cpu_seconds() - cpu)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(out.read_text("utf-8")), done.stdout, elapsed


def test_smoke_run_is_quick(smoke: Smoke) -> None:
    wall, cpu = smoke[2]
    # The run takes ~20 s on an idle 2-core machine. Its CPU time (of every process it
    # started, the browser included) is what it costs; wall time also counts whatever else
    # the machine is doing, so it only gets a generous bound.
    assert cpu < 30, f"the smoke run used {cpu:.1f} s of CPU ({wall:.1f} s wall)"
    assert wall < 120, f"the smoke run took {wall:.1f} s ({cpu:.1f} s of CPU)"


def test_every_stage_is_measured(smoke: Smoke) -> None:
    report, _, _ = smoke
    size = report["sizes"]["200"]
    assert size["skipped"] == {}, size["skipped"]
    assert "error" not in size
    assert set(size["stages"]) == STAGES
    assert set(size["baselines"]) >= BASELINES
    for name, record in {**size["stages"], **size["baselines"]}.items():
        assert record["median_s"] is not None and record["median_s"] > 0, (name, record)
    assert size["counts"]["claims"] == 200
    assert size["quads"] > 200
    assert 0 < size["peak_rss_mib"] < 4096


def test_every_named_query_is_measured_on_all_engines(
    smoke: Smoke,
) -> None:
    queries = smoke[0]["sizes"]["200"]["queries"]
    assert set(queries) == set(named_queries())
    for name, q in queries.items():
        assert q["argmap"]["median_s"] > 0 and q["direct"]["median_s"] > 0, name
        assert q["ratio"] > 0, name
        # rdflib has a short limit in smoke mode: a time or "over the limit", never missing.
        assert q["rdflib"]["median_s"] or q["rdflib"]["timeout_s"], name


def test_bound_queries_also_run_for_a_typical_actor_and_claim(smoke: Smoke) -> None:
    size = smoke[0]["sizes"]["200"]
    picked = size["query_params"]
    assert picked["heaviest"]["actor"]["id"] == "actor-0"
    # The typical actor takes far fewer stances than the busiest (Zipf), but some.
    assert 0 < picked["typical"]["actor"]["stances"] < picked["heaviest"]["actor"]["stances"]
    assert picked["typical"]["claim"]["relations"] < picked["heaviest"]["claim"]["relations"]
    bound = {"actor", "claim", "one", "other"}
    for name, q in size["queries"].items():
        if not set(q["params"]) & bound:
            assert "typical" not in q, name
            continue
        typical = q["typical"]
        assert typical["params"] != q["params"], name
        assert typical["argmap"]["median_s"] > 0 and typical["ratio"] > 0, name
        for key, value in typical["params"].items():
            assert value == picked["typical"].get(key, {}).get("id", q["params"][key]), name
    target = next(t for t in smoke[0]["targets"] if "bound parameter" in t["target"])
    assert target["note"].startswith("typical (actor=")
    assert "heaviest (actor=actor-0" in target["note"]
    assert target["measured"] == 1000 * max(
        q["typical"]["argmap"]["median_s"] for q in size["queries"].values() if "typical" in q
    )


def test_typical_parameters_are_the_medians(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from pipeline import typical_params

    from argmap.formats.synth import synth_corpus

    corpus = synth_corpus(400, actors=9, seed=3)
    stances: dict[str, int] = dict.fromkeys(corpus.actors, 0)
    for m in corpus.maps:
        for s in m.stances:
            stances[s.actor] += 1
    picked = typical_params(corpus)
    counts = sorted(stances.values())
    one, other = picked["typical"]["actor"], picked["typical"]["other"]
    assert one["stances"] == stances[one["id"]] == counts[len(counts) // 2]
    assert other["stances"] == counts[len(counts) // 2 - 1] and other["id"] != one["id"]
    assert picked["heaviest"]["actor"] == {"id": "actor-0", "stances": max(counts)}
    claim = picked["typical"]["claim"]
    touching = sum(
        claim["id"] in (r.source.rpartition(":")[2], r.target.rpartition(":")[2])
        for m in corpus.maps
        for r in m.relations
    )
    assert claim["relations"] == touching
    assert picked == typical_params(corpus)  # the same pick every run


def test_report_has_machine_targets_and_tables(smoke: Smoke) -> None:
    report, stdout, _ = smoke
    assert report["date"] and report["machine"]["cores"] >= 1
    assert report["machine"]["libraries"]["pyoxigraph"]
    assert report["render_targets"] == {"skipped": "--quick"}
    verdicts = {t["target"]: t["verdict"] for t in report["targets"]}
    assert len(verdicts) == 11
    assert set(verdicts.values()) <= {"PASS", "MISS", "UNMEASURED"}
    # Measurable at any size: only the map-drawing targets wait for --render-nodes.
    assert [t for t, v in verdicts.items() if v == "UNMEASURED"] == [
        "10k-node map drawn in headless Chromium < 2 s",
        "50k-node map drawn in headless Chromium < 6 s",
        "layout for 10k nodes < 10 s",
    ]
    for heading in ("## Stages", "## Against the peers", "## Named queries", "## Issue-9 targets"):
        assert heading in stdout


def test_bad_sizes_are_one_line_errors(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(RUN), "--sizes", "ten"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode != 0
    assert done.stderr.strip().splitlines() == [
        "error: --sizes takes numbers separated by commas, not 'ten'"
    ]
