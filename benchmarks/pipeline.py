"""One job of the benchmark, run in a fresh process: every stage of argmap's pipeline and its
peers on one synthetic corpus (``run_size``), or one map drawn in Chromium (``run_render``).

argmap's stages run first, in this process; its peak memory (``ru_maxrss``) is read right
after them, before any peer runs. Peers run in forked children under time limits, the
browser last (Playwright's threads and fork do not mix).
"""

from __future__ import annotations

import resource
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness import Measured, log, measure, run_limited, soft_limit
from peers import direct_query, time_arguebuf_load, time_py_arg, time_rdflib_query

ROOT = Path(__file__).resolve().parents[1]
# A synthetic map's page draws 1.496 nodes per claim (measured at 10,000 claims, 50 actors,
# seed 1): the claim, part of an issue, the relations that undercuts target and the argument
# junctions; plus one node per actor.
NODES_PER_CLAIM = 1.496
QUERY_BUDGET = 10.0  # seconds per named query (argmap + floor) before repeats stop

# Parameters for the named queries: the busiest actor (actor-0 takes the most stances), the
# first claim and issue (thread heads draw many relations), a common topic. These are the
# heaviest cases; queries about one claim or actor are also run for a typical one
# (``typical_params``), on which their 50 ms target is judged.
PARAMS = {
    "actor": "actor-0",
    "one": "actor-0",
    "other": "actor-1",
    "issue": "i0",
    "claim": "c0",
    "topic": "economics",
}
ONE_THING = {"actor", "claim", "one", "other"}  # query parameters naming one claim or actor


@dataclass(frozen=True)
class Options:
    """What one job measures, and its limits (seconds)."""

    claims: int
    files: tuple[str, ...]
    workdir: str
    repeat: int
    query_repeat: int
    stage_limit: float
    rdflib_max: int
    rdflib_limit: float
    pyarg_max: int
    pyarg_limit: float
    peer_limit: float
    shacl_max: int
    shacl_limit: float
    render_max: int
    browser: bool
    actors: int = 50
    seed: int = 1


def _mib(kib: int) -> float:
    return round(kib / 1024, 1)


class _Run:
    """Collects one job's records and says each as it goes."""

    def __init__(self, options: Options, label: str) -> None:
        self.options = options
        self.label = label
        self.stages: dict[str, Any] = {}
        self.baselines: dict[str, Any] = {}
        self.skipped: dict[str, str] = {}

    def stage(
        self,
        name: str,
        action: Callable[[], Any],
        *,
        keep: bool = False,
        setup: Callable[[int], None] | None = None,
        into: dict[str, Any] | None = None,
        **extra: Any,
    ) -> Measured:
        measured = measure(
            action, self.options.repeat, limit=self.options.stage_limit, setup=setup, keep=keep
        )
        # The process's peak memory so far: where it grows tells which stage needs it.
        peak = _mib(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
        (self.stages if into is None else into)[name] = measured.record(peak_rss_mib=peak, **extra)
        self.say(name, measured)
        return measured

    def say(self, name: str, measured: Measured) -> None:
        if measured.error is not None:
            log(f"{self.label}: {name}: failed: {measured.error}")
        elif measured.timeout is not None and not measured.runs:
            log(f"{self.label}: {name}: over the {measured.timeout:g} s limit")
        elif measured.median is None:
            log(f"{self.label}: {name}: no run")
        else:
            runs = len(measured.runs)
            log(f"{self.label}: {name}: {measured.median:.3f} s (median of {runs})")

    def skip(self, name: str, reason: str) -> None:
        self.skipped[name] = reason
        log(f"{self.label}: {name}: not run ({reason})")

    def peer(self, name: str, outcome: tuple[str, Any], limit: float, **extra: Any) -> None:
        """Record a peer's runs (a list of seconds), its time-out or its failure."""
        status, value = outcome
        if status == "ok":
            runs = value if isinstance(value, list) else [value]
            record = Measured(runs=list(runs)).record(**extra)
            log(f"{self.label}: {name}: {record['median_s']:.3f} s")
        elif status == "timeout":
            record = {"median_s": None, "timeout_s": limit, **extra}
            log(f"{self.label}: {name}: over the {limit:g} s limit")
        else:
            record = {"median_s": None, "error": value, **extra}
            log(f"{self.label}: {name}: failed: {value}")
        self.baselines[name] = record


# ---- one size -----------------------------------------------------------------------------------


def run_size(options: Options) -> dict[str, Any]:
    """Every stage at one corpus size; see the module docstring for the order."""
    from argmap.analysis import framework_from_corpus, grounded_labelling
    from argmap.analysis.semantics import grounded_labels_for_corpus
    from argmap.formats.registry import export, import_file, load
    from argmap.rdf.files import read_rdf, write_rdf
    from argmap.rdf.store import to_store
    from argmap.rdf.store import write_store as build_store
    from argmap.sparql.local import open_source
    from argmap.sparql.named import named_queries, run_named

    work = Path(options.workdir)
    run = _Run(options, f"{options.claims:,} claims")
    files = [Path(f) for f in options.files]
    result: dict[str, Any] = {
        "claims": options.claims,
        "files": [f.name for f in files],
        "file_mib": round(sum(f.stat().st_size for f in files) / 2**20, 2),
        "stages": run.stages,
        "queries": {},
        "baselines": run.baselines,
        "skipped": run.skipped,
    }

    corpus = run.stage("load", lambda: load(files), keep=True).result
    if corpus is None:
        result["error"] = "loading the corpus passed the time limit; nothing else can run"
        return result
    result["counts"] = {
        "maps": len(corpus.maps),
        "claims": sum(len(m.claims) for m in corpus.maps),
        "relations": sum(len(m.relations) for m in corpus.maps),
        "stances": sum(len(m.stances) for m in corpus.maps),
        "actors": len(corpus.actors),
    }
    store = run.stage("rdf_build", lambda: to_store(corpus), keep=True).result
    if store is None:
        result["error"] = "building the RDF store passed the time limit"
        return result
    result["quads"] = len(store)

    ttl, nq = work / "corpus.ttl", work / "corpus.nq"
    run.stage("turtle_write", lambda: write_rdf(corpus, ttl))
    run.stage("turtle_read", lambda: read_rdf(ttl))
    run.stage("nquads_write", lambda: write_rdf(corpus, nq))
    run.stage("nquads_read", lambda: read_rdf(nq))
    result["rdf_mib"] = {
        "turtle": round(ttl.stat().st_size / 2**20, 1) if ttl.exists() else None,
        "nquads": round(nq.stat().st_size / 2**20, 1) if nq.exists() else None,
    }

    store_dir = work / "store"
    run.stage(
        "store_build",
        lambda: build_store(corpus, store_dir),
        setup=lambda _: shutil.rmtree(store_dir, ignore_errors=True),
    )
    run.stage("store_open", lambda: bool(open_source(store_dir).query("ASK { ?s ?p ?o }")))
    result["store_mib"] = round(
        sum(f.stat().st_size for f in store_dir.rglob("*") if f.is_file()) / 2**20, 1
    )

    queries = named_queries()
    picked = typical_params(corpus)
    result["query_params"] = picked
    typical = {**PARAMS, **{k: v["id"] for k, v in picked["typical"].items()}}
    for name, named in queries.items():
        params = {p: PARAMS[p] for p in named.params}
        record = _query_record(
            options, run.label, name, params, store, named.sparql, run_named, direct_query
        )
        usual = {p: typical[p] for p in named.params}
        if set(named.params) & ONE_THING and usual != params:
            record["typical"] = _query_record(
                options,
                f"{run.label} (typical)",
                name,
                usual,
                store,
                named.sparql,
                run_named,
                direct_query,
            )
        result["queries"][name] = record

    framework = run.stage("grounded_framework", lambda: framework_from_corpus(corpus), keep=True)
    run.stage("grounded_labelling", lambda: grounded_labelling(framework.result))
    size: dict[str, int] = {}
    if framework.result is not None:
        size = {
            "arguments": len(framework.result.arguments),
            "attacks": len(framework.result.attacks),
        }
    run.stage("grounded", lambda: grounded_labels_for_corpus(corpus), **size)

    graphml, aif = work / "corpus.graphml", work / "corpus.aif.json"
    run.stage("graphml_export", lambda: export(corpus, "graphml", graphml))
    aif_export = run.stage("aif_export", lambda: export(corpus, "aif", aif))
    aif_ok = bool(aif_export.runs) and aif.exists()
    if aif_ok:
        result["aif_mib"] = round(aif.stat().st_size / 2**20, 1)
        run.stage("aif_import", lambda: import_file(aif, "aif"))
    else:
        run.skip("aif_import", "the AIF export passed the time limit: no file to read")

    page_path = work / "map.html"
    if options.claims <= options.render_max:
        page = _render_stage(run, corpus, page_path)
        result["page"] = page
    else:
        run.skip(
            "render", f"{options.claims:,} claims is above --render-max {options.render_max:,}"
        )

    result["peak_rss_mib"] = _mib(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    log(f"{run.label}: peak memory of argmap's stages: {result['peak_rss_mib']:,.0f} MiB")

    # ---- peers ----
    _pyoxigraph_floors(run, store, ttl, nq, work)

    if options.claims <= options.pyarg_max:
        run.peer(
            "py_arg_grounded",
            run_limited(time_py_arg, ("GR", framework.result), options.pyarg_limit),
            options.pyarg_limit,
        )
    else:
        run.skip("py_arg_grounded", f"above --pyarg-max {options.pyarg_max:,} claims")
    if aif_ok:
        run.peer(
            "arguebuf_load",
            run_limited(
                _repeated,
                (time_arguebuf_load, (aif,), options.repeat, options.peer_limit / 2),
                options.peer_limit,
            ),
            options.peer_limit,
        )
    else:
        run.skip("arguebuf_load", "no AIF file (the AIF export passed the time limit)")
    if options.claims <= options.shacl_max:
        run.peer(
            "shacl",
            run_limited(_timed_shacl, (corpus,), options.shacl_limit),
            options.shacl_limit,
        )
        shacl = run.baselines.pop("shacl")
        run.stages["shacl"] = shacl
    else:
        run.skip("shacl", f"above --shacl-max {options.shacl_max:,} claims")
    if options.claims <= options.rdflib_max:
        _rdflib_queries(options, run, result, corpus, queries)
    else:
        run.skip("rdflib", f"above --rdflib-max {options.rdflib_max:,} claims")

    if "page" in result:
        _draw_stage(run, page_path, result)
    result["peak_rss_all_mib"] = _mib(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    return result


def typical_params(corpus: Any) -> dict[str, Any]:
    """The heaviest and the typical actor and claim of ``corpus``, with what makes them so.

    Stances follow Zipf's law, so the busiest actor (the benchmark's ``actor-0``) holds about
    a fifth of them and a query about it returns thousands of rows: no engine answers that in
    50 ms. The typical actor is the median one by stances taken (``other``: the next one
    down); the typical claim the median one by relations from or to it (thread heads, like
    ``c0``, draw hundreds). Ties go to the smaller id, so the pick is the same every run."""
    from argmap.model.ids import split_ref

    stances: dict[str, int] = dict.fromkeys(corpus.actors, 0)
    relations: dict[str, int] = {}
    for m in corpus.maps:
        for stance in m.stances:
            stances[stance.actor] = stances.get(stance.actor, 0) + 1
        for claim in m.claims:
            relations.setdefault(claim.id, 0)
        for rel in m.relations:
            for end in (rel.source, rel.target):
                local = split_ref(end)[1]
                if local in relations:
                    relations[local] += 1

    def by_count(counts: dict[str, int]) -> list[str]:
        return sorted(counts, key=lambda k: (counts[k], k))

    actors, claims = by_count(stances), by_count(relations)
    picked: dict[str, Any] = {"heaviest": {}, "typical": {}}
    if actors:
        middle = len(actors) // 2
        one, other = actors[middle], actors[max(middle - 1, 0)]
        for key, actor in (("actor", one), ("one", one), ("other", other)):
            picked["typical"][key] = {"id": actor, "stances": stances[actor]}
        for key in ("actor", "one", "other"):
            if PARAMS[key] in stances:
                picked["heaviest"][key] = {"id": PARAMS[key], "stances": stances[PARAMS[key]]}
    if claims:
        claim = claims[len(claims) // 2]
        picked["typical"]["claim"] = {"id": claim, "relations": relations[claim]}
        if PARAMS["claim"] in relations:
            heavy = PARAMS["claim"]
            picked["heaviest"]["claim"] = {"id": heavy, "relations": relations[heavy]}
    return picked


def _pyoxigraph_floors(run: _Run, store: Any, ttl: Path, nq: Path, work: Path) -> None:
    """pyoxigraph on its own: bulk load, parse and serialize the same files and quads."""
    import pyoxigraph as ox

    turtle, nquads = ox.RdfFormat.TURTLE, ox.RdfFormat.N_QUADS
    into = run.baselines
    run.stage("ox_bulk_load", lambda: ox.Store().bulk_load(path=str(nq), format=nquads), into=into)
    run.stage("ox_parse_turtle", lambda: list(ox.parse(path=str(ttl), format=turtle)), into=into)
    run.stage("ox_parse_nquads", lambda: list(ox.parse(path=str(nq), format=nquads)), into=into)
    quads = list(store)
    triples = list(dict.fromkeys(q.triple for q in quads))  # as argmap writes triple formats
    floor_ttl, floor_nq = str(work / "floor.ttl"), str(work / "floor.nq")
    run.stage(
        "ox_serialize_turtle",
        lambda: ox.serialize(triples, output=floor_ttl, format=turtle),
        into=into,
    )
    run.stage(
        "ox_serialize_nquads",
        lambda: ox.serialize(quads, output=floor_nq, format=nquads),
        into=into,
    )


def _repeated(
    action: Callable[..., float], args: tuple[Any, ...], runs: int, budget: float
) -> list[float]:
    """Up to ``runs`` timings from ``action`` (which returns seconds), stopping once
    ``budget`` seconds are spent."""
    times: list[float] = []
    while len(times) < runs and sum(times) < budget:
        times.append(action(*args))
    return times


def _timed_shacl(corpus: Any) -> list[float]:
    from argmap.shacl.maps import shacl_problems

    started = time.perf_counter()
    problems = shacl_problems(corpus)
    elapsed = time.perf_counter() - started
    if problems:
        raise RuntimeError(f"SHACL found {len(problems)} problems, first: {problems[0]}")
    return [elapsed]


def _query_record(
    options: Options,
    label: str,
    name: str,
    params: dict[str, str],
    store: Any,
    sparql: str,
    run_named: Callable[..., Any],
    direct: Callable[..., int],
) -> dict[str, Any]:
    """argmap's ``run_named`` and the direct pyoxigraph floor, runs interleaved so that load
    on the machine hits both alike."""
    ours, floor, rows = Measured(), Measured(), 0
    try:
        with soft_limit(options.stage_limit):
            # Repeat up to query_repeat times, but stop once QUERY_BUDGET seconds are spent.
            while len(ours.runs) < options.query_repeat and (
                not ours.runs or sum(ours.runs) + sum(floor.runs) < QUERY_BUDGET
            ):
                started = time.perf_counter()
                rows = len(run_named(store, name, params).rows)
                ours.runs.append(time.perf_counter() - started)
                started = time.perf_counter()
                direct(store, sparql, params)
                floor.runs.append(time.perf_counter() - started)
    except Exception as exc:  # noqa: BLE001 — a failing query is recorded, the run goes on
        timed_out = type(exc).__name__ == "StageTimeout"
        log(f"{label}: query {name}: {'over the limit' if timed_out else exc}")
        record: dict[str, Any] = {
            "params": params,
            "argmap": ours.record(),
            "direct": floor.record(),
        }
        record["timeout_s" if timed_out else "error"] = (
            options.stage_limit if timed_out else str(exc)
        )
        return record
    mine, theirs = ours.median or 0.0, floor.median or 0.0
    ratio = mine / theirs if mine and theirs else None
    log(f"{label}: query {name}: {mine * 1000:.1f} ms (direct {theirs * 1000:.1f} ms), {rows} rows")
    return {
        "params": params,
        "rows": rows,
        "argmap": ours.record(),
        "direct": floor.record(),
        "ratio": ratio,
    }


def _rdflib_queries(
    options: Options, run: _Run, result: dict[str, Any], corpus: Any, queries: dict[str, Any]
) -> None:
    from argmap.rdf.write import to_dataset

    build = measure(lambda: to_dataset(corpus), 1, limit=options.stage_limit, keep=True)
    run.baselines["rdflib_build"] = build.record()
    run.say("rdflib_build", build)
    dataset = build.result
    if dataset is None:
        run.skip("rdflib", "building the rdflib Dataset passed the time limit")
        return
    dataset.default_union = True
    # Build rdflib's SPARQL parser once here, not in every forked child (it is not timed).
    list(dataset.query("SELECT * WHERE { ?s ?p ?o } LIMIT 1"))
    runs = min(3, options.repeat)
    for name, named in queries.items():
        params = result["queries"][name]["params"]
        status, value = run_limited(
            time_rdflib_query,
            (dataset, named.sparql, params, runs, options.rdflib_limit / 2),
            options.rdflib_limit,
        )
        if status == "ok":
            record = Measured(runs=value).record()
            log(f"{run.label}: rdflib {name}: {record['median_s'] * 1000:.0f} ms")
        elif status == "timeout":
            record = {"median_s": None, "timeout_s": options.rdflib_limit}
            log(f"{run.label}: rdflib {name}: over the {options.rdflib_limit:g} s limit")
        else:
            record = {"median_s": None, "error": value}
            log(f"{run.label}: rdflib {name}: failed: {value}")
        result["queries"][name]["rdflib"] = record


# ---- the map page -------------------------------------------------------------------------------


def _render_stage(run: _Run, corpus: Any, path: Path) -> dict[str, Any]:
    from argmap.render import render

    measured = run.stage("render", lambda: render(corpus), keep=True)
    page = measured.result
    if page is None:
        return {}
    page.save(path)
    return {
        "nodes": page.node_count,
        "edges": page.edge_count,
        "mib": round(path.stat().st_size / 2**20, 2),
    }


def _draw_stage(run: _Run, path: Path, result: dict[str, Any]) -> None:
    """Time from navigation start to vis-network's first drawing, in headless Chromium."""
    if not path.exists():
        run.skip("draw", "no page: the render passed the time limit")
        return
    if not run.options.browser:
        run.skip("draw", "--no-browser")
        return
    sys.path.insert(0, str(ROOT))
    from tests.render_support import CHROMIUM, chromium_browser

    if not CHROMIUM.exists():
        run.skip("draw", f"{CHROMIUM} is missing")
        return
    draws: list[dict[str, float]] = []
    with chromium_browser() as browser:
        result["chromium"] = browser.version
        for _ in range(run.options.repeat):
            context = browser.new_context(viewport={"width": 1400, "height": 900}, offline=True)
            try:
                tab = context.new_page()
                tab.goto(path.as_uri(), timeout=run.options.stage_limit * 1000)
                tab.wait_for_function(
                    "() => window.argmap && window.argmap.ready",
                    timeout=run.options.stage_limit * 1000,
                )
                draws.append(tab.evaluate("() => argmap.timings"))
            except Exception as exc:  # noqa: BLE001 — a page that never draws is a result too
                run.stages["draw"] = {"median_s": None, "error": str(exc).splitlines()[0]}
                log(f"{run.label}: draw: failed: {exc}")
                return
            finally:
                context.close()
    measured = Measured(runs=[d["firstDraw"] / 1000 for d in draws])
    best = min(draws, key=lambda d: d["firstDraw"])
    run.stages["draw"] = measured.record(page_timings_ms={k: round(v) for k, v in best.items()})
    run.say("draw", measured)


def run_render(options: Options, nodes: int, layout: bool) -> dict[str, Any]:
    """A map of about ``nodes`` nodes (one synthetic map), its layout timed on its own when
    ``layout``, rendered and drawn."""
    from argmap.formats.synth import synth_corpus
    from argmap.render import build_elements, force_positions

    run = _Run(options, f"map of ~{nodes:,} nodes")
    claims = max(1, round((nodes - options.actors) / NODES_PER_CLAIM))
    corpus = synth_corpus(claims, actors=options.actors, seed=options.seed)
    result: dict[str, Any] = {
        "nodes_asked": nodes,
        "claims": claims,
        "stages": run.stages,
        "skipped": run.skipped,
    }
    if layout:
        elements = build_elements(corpus)
        run.stage(
            "layout",
            lambda: force_positions(elements.nodes, elements.edges),
            nodes=len(elements.nodes),
            edges=len(elements.edges),
        )
        del elements
    path = Path(options.workdir) / f"map-{nodes}.html"
    result["page"] = _render_stage(run, corpus, path)
    result["peak_rss_mib"] = _mib(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    _draw_stage(run, path, result)
    return result
