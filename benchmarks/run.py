"""argmap at scale: every stage of the pipeline at each corpus size, against its peers, with
the issue-9 targets marked PASS or MISS.

    .venv/bin/python benchmarks/run.py --sizes 1000,10000,100000 --json out.json
    .venv/bin/python benchmarks/run.py --sizes 200 --quick --json smoke.json   # smoke run

For each size N a corpus of N claims is written as ``argmap synth`` does (JSON, 2 maps, 50 actors,
seed 1) and a fresh process (benchmarks/pipeline.py) measures, in this order:

- argmap: load + validate the JSON files; model -> RDF (an Oxigraph store); write and read
  back Turtle and N-Quads; build a persistent store (``argmap build --store``) and open it;
  every named query, through ``run_named`` and straight on pyoxigraph with the same SPARQL
  (the floor), runs interleaved; grounded semantics; GraphML and AIF export; AIF import;
  the HTML map (layout included; up to ``--render-max`` claims). Then the process's peak
  memory (``ru_maxrss``, also recorded after each stage).
- peers: pyoxigraph's own bulk load of the same N-Quads (the floor for our RDF build), parse
  and serialize; python-argumentation's grounded semantics on the same framework (up to
  ``--pyarg-max`` claims); arguebuf reading the same AIF file; ``validate --shacl`` (up to
  ``--shacl-max``); rdflib's in-memory engine on every query (up to ``--rdflib-max``). Each
  in a forked child with a time limit, reported as "> LIMIT".
- the page drawn in headless Chromium: time from navigation to vis-network's first drawing.

Then maps of 10,000 and 50,000 nodes are rendered and drawn for the map targets
(``--render-nodes``; the layout of the 10,000-node map is also timed on its own). argmap's
stages have a soft limit (``--stage-limit``: SIGALRM stops Python code past it). Times are
medians of ``--repeat`` runs (one run when a run takes over 15 s). Progress goes to stderr,
the tables to stdout, everything to ``--json`` (with the date, the machine and the library
versions) and ``--md``. A worker that fails is reported and the run goes on; whatever is
not run is listed with the reason, never left out silently.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import log, machine_info
from pipeline import ONE_THING, Options, run_render, run_size

from argmap.formats.synth import dumps_map_data, synth_corpus_data, synth_paths
from argmap.util.files import write_atomic

TARGET_CLAIMS = 100_000
SHACL_CLAIMS = 10_000
GIB = 1024.0  # MiB


# ---- running -----------------------------------------------------------------------------------


def _parse_sizes(text: str) -> list[int]:
    try:
        sizes = [int(s.replace("_", "")) for s in text.split(",") if s.strip()]
    except ValueError:
        raise SystemExit(
            f"error: --sizes takes numbers separated by commas, not {text!r}"
        ) from None
    if not sizes or min(sizes) < 1:
        raise SystemExit("error: --sizes needs at least one size of 1 claim or more")
    return sizes


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add = parser.add_argument
    add("--sizes", default="1000,10000", help="claims per corpus, comma-separated")
    add("--repeat", type=int, default=3, help="runs per stage (median reported)")
    add("--json", type=Path, help="write every figure here")
    add("--md", type=Path, help="write the printed tables here (Markdown)")
    add("--quick", action="store_true", help="smoke mode: one run, small limits, no map targets")
    add("--actors", type=int, default=50)
    add("--maps", type=int, default=2)
    add("--seed", type=int, default=1)
    add("--stage-limit", type=float, default=600.0, help="seconds per argmap stage")
    add("--rdflib-max", type=int, default=1_000, help="largest corpus for rdflib (claims)")
    add("--rdflib-limit", type=float, default=20.0, help="seconds per query on rdflib")
    add("--pyarg-max", type=int, default=10_000, help="largest corpus for python-argumentation")
    add("--pyarg-limit", type=float, default=60.0)
    add("--peer-limit", type=float, default=300.0, help="seconds for arguebuf")
    add("--shacl-max", type=int, default=10_000, help="largest corpus for validate --shacl")
    add("--shacl-limit", type=float, default=300.0)
    add("--render-max", type=int, default=2_000, help="largest corpus rendered and drawn")
    add("--render-nodes", default="10000,50000", help="map sizes (nodes) drawn for the targets")
    add("--no-browser", action="store_true", help="do not draw pages in Chromium")
    add("--workdir", type=Path, help="keep the generated files here (default: a temp folder)")
    add("--report", type=Path, help="print the tables of an earlier run's --json file, and stop")
    add("--worker", help=argparse.SUPPRESS)
    add("--worker-out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.quick:
        args.repeat = 1
        args.stage_limit = min(args.stage_limit, 60.0)
        args.rdflib_limit = min(args.rdflib_limit, 1.0)
        args.pyarg_limit = min(args.pyarg_limit, 10.0)
        args.peer_limit = min(args.peer_limit, 30.0)
        args.shacl_limit = min(args.shacl_limit, 60.0)
        args.render_nodes = ""
    if args.repeat < 1:
        raise SystemExit("error: --repeat must be at least 1")
    return args


def _options(args: argparse.Namespace, claims: int, files: list[Path], work: Path) -> Options:
    return Options(
        claims=claims,
        files=tuple(str(f) for f in files),
        workdir=str(work),
        repeat=args.repeat,
        query_repeat=1 if args.quick else max(args.repeat, 5),
        stage_limit=args.stage_limit,
        rdflib_max=args.rdflib_max,
        rdflib_limit=args.rdflib_limit,
        pyarg_max=args.pyarg_max,
        pyarg_limit=args.pyarg_limit,
        peer_limit=args.peer_limit,
        shacl_max=args.shacl_max,
        shacl_limit=args.shacl_limit,
        render_max=args.render_max,
        browser=not args.no_browser,
        actors=args.actors,
        seed=args.seed,
    )


def _worker(job: dict[str, Any], out: Path) -> int:
    """Run one job in this (fresh) process and write its record to ``out``."""
    options = Options(**job["options"])
    if job["kind"] == "size":
        record = run_size(options)
    else:
        record = run_render(options, job["nodes"], job["layout"])
    out.write_text(json.dumps(record, indent=1, default=str), "utf-8")
    return 0


def _spawn(job: dict[str, Any], work: Path, label: str) -> dict[str, Any]:
    """A job in a fresh Python process (so its peak memory is its own)."""
    out = work / f"{label}.json"
    command = [sys.executable, __file__, "--worker", json.dumps(job), "--worker-out", str(out)]
    started = time.perf_counter()
    done = subprocess.run(command, check=False)  # noqa: S603 — our own script
    if done.returncode != 0 or not out.exists():
        log(f"{label}: the worker failed (exit code {done.returncode}); going on")
        return {"error": f"worker exit code {done.returncode}"}
    record: dict[str, Any] = json.loads(out.read_text("utf-8"))
    record["wall_s"] = round(time.perf_counter() - started, 1)
    return record


def _generate(args: argparse.Namespace, claims: int, work: Path) -> tuple[list[Path], float]:
    """The corpus files, as ``argmap synth -o WORK/synth-N.json`` writes them (same code)."""
    maps = min(args.maps, claims)
    started = time.perf_counter()
    paths = synth_paths(work / f"synth-{claims}.json", maps)
    for path, data in zip(
        paths, synth_corpus_data(claims, args.actors, args.seed, maps), strict=True
    ):
        write_atomic(path, dumps_map_data(data, path.suffix))
    return paths, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    if args.worker:
        return _worker(json.loads(args.worker), args.worker_out)
    if args.report:
        earlier: dict[str, Any] = json.loads(args.report.read_text("utf-8"))
        earlier["targets"] = evaluate_targets(earlier)
        _emit(format_report(earlier), earlier, args)
        return 0
    sizes = _parse_sizes(args.sizes)
    render_nodes = _parse_sizes(args.render_nodes) if args.render_nodes else []
    work = args.workdir or Path(tempfile.mkdtemp(prefix="argmap-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    report: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine_info(),
        "settings": {
            k: (str(v) if isinstance(v, Path) else v)
            for k, v in vars(args).items()
            if k not in ("worker", "worker_out")
        },
        "sizes": {},
        "render_targets": {},
    }
    try:
        for claims in sizes:
            log(f"{claims:,} claims: writing the corpus (argmap synth)")
            size_dir = work / f"n{claims}"
            size_dir.mkdir(exist_ok=True)
            files, generate_s = _generate(args, claims, size_dir)
            log(f"{claims:,} claims: corpus written in {generate_s:.1f} s; measuring")
            job: dict[str, Any] = {
                "kind": "size",
                "options": dataclasses.asdict(_options(args, claims, files, size_dir)),
            }
            record = _spawn(job, size_dir, f"size-{claims}")
            record["generate_s"] = round(generate_s, 2)
            report["sizes"][str(claims)] = record
        if not render_nodes:
            report["render_targets"]["skipped"] = (
                "--quick" if args.quick else "--render-nodes is empty"
            )
        for nodes in render_nodes:
            log(f"map of ~{nodes:,} nodes: rendering and drawing")
            render_dir = work / f"map{nodes}"
            render_dir.mkdir(exist_ok=True)
            options = _options(args, 0, [], render_dir)
            job = {
                "kind": "render",
                "options": dataclasses.asdict(options),
                "nodes": nodes,
                "layout": nodes <= 10_000,
            }
            report["render_targets"][str(nodes)] = _spawn(job, render_dir, f"render-{nodes}")
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    report["total_s"] = round(time.perf_counter() - started, 1)
    report["targets"] = evaluate_targets(report)
    _emit(format_report(report), report, args)
    return 0


def _emit(text: str, report: dict[str, Any], args: argparse.Namespace) -> None:
    print(text)
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, default=str) + "\n", "utf-8")
        log(f"wrote {args.json}")
    if args.md:
        args.md.write_text(text + "\n", "utf-8")
        log(f"wrote {args.md}")


# ---- reading the figures -----------------------------------------------------------------------


def _median(record: dict[str, Any] | None) -> float | None:
    return None if record is None else record.get("median_s")


def _stage(report: dict[str, Any], claims: int, name: str) -> dict[str, Any] | None:
    size = report["sizes"].get(str(claims), {})
    found: dict[str, Any] | None = size.get("stages", {}).get(name) or size.get(
        "baselines", {}
    ).get(name)
    return found


def _draw_note(record: dict[str, Any], draw: dict[str, Any] | None) -> str:
    if draw and draw.get("median_s") is not None:
        return f"median of {len(draw['runs_s'])} runs, min {draw['min_s']:.2f} s"
    if not record:
        return "no map of this size drawn (see --render-nodes)"
    render = record.get("stages", {}).get("render") or {}
    if render.get("timeout_s"):
        return f"not drawn: rendering the page passed the {render['timeout_s']:g} s limit"
    return "not drawn: " + str(
        record.get("skipped", {}).get("draw") or (draw or {}).get("error") or "see the log"
    )


def _memory_rises(stages: dict[str, Any], top: int = 3) -> str:
    """The stages that raised the peak most, from the peak recorded after each one."""
    rises, before = [], 0.0
    for name, record in stages.items():
        peak = record.get("peak_rss_mib")
        if peak is None:
            continue
        rises.append((peak - before, name))
        before = max(before, peak)
    shown = [f"{name} +{rise:,.0f} MiB" for rise, name in sorted(rises, reverse=True)[:top]]
    return f"; biggest rises: {', '.join(shown)}" if shown else ""


def _skipped(report: dict[str, Any], claims: int, name: str) -> str | None:
    reason: str | None = report["sizes"].get(str(claims), {}).get("skipped", {}).get(name)
    return reason


def _count(value: int | None) -> str:
    return "?" if value is None else f"{value:,}"


def _sum(*values: float | None) -> float | None:
    return None if any(v is None for v in values) else sum(v for v in values if v is not None)


def _nearest(report: dict[str, Any], wanted: int) -> int | None:
    """The measured size to judge a target set for ``wanted`` claims: that size, else the
    largest one measured."""
    sizes = [int(s) for s, r in report["sizes"].items() if "error" not in r or "stages" in r]
    if not sizes:
        return None
    return wanted if wanted in sizes else max(sizes)


def _picked(size: dict[str, Any], which: str) -> str:
    """The parameters picked for the ``heaviest`` or ``typical`` runs, with their counts."""
    picked = size.get("query_params", {}).get(which, {})
    shown = []
    for key in ("actor", "other", "claim"):
        if key in picked:
            thing = picked[key]
            count = ", ".join(f"{v:,} {k}" for k, v in thing.items() if k != "id")
            shown.append(f"{key}={thing['id']} ({count})")
    return f"({', '.join(shown)})" if shown else ""


def evaluate_targets(report: dict[str, Any]) -> list[dict[str, Any]]:
    """Each issue-9 target with what was measured and PASS, MISS or UNMEASURED."""
    targets: list[dict[str, Any]] = []

    def add(
        name: str,
        at: str,
        measured: float | None,
        limit: float,
        unit: str,
        note: str = "",
        *,
        timed_out: bool = False,
    ) -> None:
        if measured is None:
            verdict = "MISS" if timed_out else "UNMEASURED"
        else:
            verdict = "PASS" if measured <= limit else "MISS"
        targets.append(
            {
                "target": name,
                "at": at,
                "measured": measured,
                "limit": limit,
                "unit": unit,
                "verdict": verdict,
                "note": note.strip().strip(";").strip(),
            }
        )

    n = _nearest(report, TARGET_CLAIMS)
    at = f"{n:,} claims" if n is not None else "-"
    off = "" if n == TARGET_CLAIMS else f"target is for {TARGET_CLAIMS:,} claims"
    if n is not None:
        size = report["sizes"][str(n)]
        build = _sum(_median(_stage(report, n, "load")), _median(_stage(report, n, "rdf_build")))
        load_s = _median(_stage(report, n, "load"))
        rdf_s = _median(_stage(report, n, "rdf_build"))
        split = f"load {_seconds(load_s)} + RDF {_seconds(rdf_s)}"
        add("load + validate + model -> RDF < 20 s", at, build, 20.0, "s", f"{split}; {off}")
        floor = _median(_stage(report, n, "ox_bulk_load"))
        ratio = build / floor if build is not None and floor else None
        add("... and <= 3x raw pyoxigraph bulk load of the N-Quads", at, ratio, 3.0, "x", off)
        queries = size.get("queries", {})
        ratios = {k: q.get("ratio") for k, q in queries.items()}
        worst = max((r for r in ratios.values() if r is not None), default=None)
        worst_name = next((k for k, r in ratios.items() if r == worst), "")
        missing = [k for k, r in ratios.items() if r is None]
        add(
            "every named query within 1.5x of direct pyoxigraph",
            at,
            None if missing else worst,
            1.5,
            "x",
            (f"worst: {worst_name}; " if worst_name else "")
            + (
                "over 1.5x: "
                + ", ".join(f"{k} {r:.2f}x" for k, r in ratios.items() if r and r > 1.5)
                + "; "
                if any(r and r > 1.5 for r in ratios.values())
                else ""
            )
            + (f"not measured: {', '.join(missing)}; " if missing else "")
            + off,
            timed_out=bool(missing),
        )
        # Queries whose parameter names one claim or actor (a topic or an issue is many),
        # judged on a typical one (the median actor by stances, the median claim by
        # relations); the heaviest (actor-0 holds a fifth of all stances) is shown beside it.
        # Reports from before the typical runs have only the heaviest; they are judged on it.
        bound = {k: q for k, q in queries.items() if set(q.get("params", {})) & ONE_THING}
        judged = {k: q.get("typical", q) for k, q in bound.items()}
        typical_s = {k: _median(q.get("argmap")) for k, q in judged.items()}
        slowest = max((v for v in typical_s.values() if v is not None), default=None)
        slowest_name = next((k for k, v in typical_s.items() if v == slowest), "")
        worst = judged.get(slowest_name, {})
        worst_floor = _median(worst.get("direct"))

        def runs(chosen: dict[str, dict[str, Any]]) -> str:
            return ", ".join(
                f"{k} {_seconds(_median(q.get('argmap')))} ({_count(q.get('rows'))} rows)"
                for k, q in sorted(chosen.items(), key=lambda kq: _median(kq[1].get("argmap")) or 0)
            )

        has_typical = any("typical" in q for q in bound.values())
        add(
            "queries about one claim or actor (bound parameter) < 50 ms",
            at,
            None if slowest is None else slowest * 1000,
            50.0,
            "ms",
            ("typical " + _picked(size, "typical") + "; " if has_typical else "")
            + f"slowest: {slowest_name}, {_count(worst.get('rows'))} rows"
            + (f", pyoxigraph itself {_seconds(worst_floor)}" if worst_floor else "")
            + f"; all: {runs(judged)}"
            + (
                f"; heaviest {_picked(size, 'heaviest')}, not judged: {runs(bound)}"
                if has_typical
                else ""
            )
            + f"; {off}",
        )
        grounded = _stage(report, n, "grounded")
        framework, labelling = "grounded_framework", "grounded_labelling"
        add(
            "grounded semantics < 1 s",
            at,
            _median(grounded),
            1.0,
            "s",
            f"framework from the corpus {_seconds(_median(_stage(report, n, framework)))}"
            f" + labelling {_seconds(_median(_stage(report, n, labelling)))}; {off}",
            timed_out=bool(grounded and grounded.get("timeout_s")),
        )

        def aif_ratio(claims: int) -> float | None:
            ours = _median(_stage(report, claims, "aif_import"))
            theirs = _median(_stage(report, claims, "arguebuf_load"))
            return ours / theirs if ours is not None and theirs else None

        note = off
        if aif_ratio(n) is None:
            why = (size.get("skipped", {}) or {}).get("aif_import", "not measured")
            smaller = [int(k) for k in report["sizes"] if int(k) < n and aif_ratio(int(k))]
            note = f"not measured here: {why}"
            if smaller:
                largest = max(smaller)
                note += f"; at {largest:,} claims: {aif_ratio(largest):.2f}x"
        add(
            "AIF import faster than arguebuf (argmap / arguebuf < 1)",
            at,
            aif_ratio(n),
            1.0,
            "x",
            note,
        )
        peak = size.get("peak_rss_mib")
        add(
            "peak memory of the full pipeline < 4 GiB",
            at,
            None if peak is None else peak / GIB,
            4.0,
            "GiB",
            "max RSS of the worker over argmap's stages"
            + _memory_rises(size.get("stages", {}))
            + f"; {off}",
        )
    s = _nearest(report, SHACL_CLAIMS)
    if s is not None:
        shacl = _stage(report, s, "shacl")
        add(
            "validate --shacl at 10k claims < 5 s",
            f"{s:,} claims",
            _median(shacl),
            5.0,
            "s",
            (f"not run: {skipped}; " if (skipped := _skipped(report, s, "shacl")) else "")
            + ("" if s == SHACL_CLAIMS else f"target is for {SHACL_CLAIMS:,} claims"),
            timed_out=bool(shacl and shacl.get("timeout_s")),
        )
    renders = report.get("render_targets", {})
    for nodes, limit in ((10_000, 2.0), (50_000, 6.0)):
        record = renders.get(str(nodes), {})
        draw = record.get("stages", {}).get("draw")
        page = record.get("page", {})
        add(
            f"{nodes // 1000}k-node map drawn in headless Chromium < {limit:g} s",
            f"{_count(page.get('nodes'))} nodes",
            _median(draw),
            limit,
            "s",
            _draw_note(record, draw),
        )
    layout = renders.get("10000", {}).get("stages", {}).get("layout")
    add(
        "layout for 10k nodes < 10 s",
        f"{_count((layout or {}).get('nodes'))} nodes",
        _median(layout),
        10.0,
        "s",
    )
    return targets


# ---- the tables --------------------------------------------------------------------------------

STAGES = [
    ("load", "load + validate (JSON)"),
    ("rdf_build", "model -> RDF (Oxigraph store)"),
    ("turtle_write", "write Turtle"),
    ("turtle_read", "read Turtle (to the model)"),
    ("nquads_write", "write N-Quads"),
    ("nquads_read", "read N-Quads (to the model)"),
    ("store_build", "build a persistent store"),
    ("store_open", "open the persistent store"),
    ("grounded", "grounded semantics (from the corpus)"),
    ("grounded_framework", "  of which: framework"),
    ("grounded_labelling", "  of which: labelling"),
    ("graphml_export", "GraphML export"),
    ("aif_export", "AIF export"),
    ("aif_import", "AIF import"),
    ("render", "HTML map (layout included)"),
    ("draw", "first drawing in Chromium"),
    ("shacl", "validate --shacl"),
]
# (our stage or sum of stages, peer, what the ratio says)
RATIOS = [
    (("load", "rdf_build"), "ox_bulk_load", "load + RDF / pyoxigraph bulk_load of the N-Quads"),
    (("rdf_build",), "ox_bulk_load", "model -> RDF / pyoxigraph bulk_load"),
    (("turtle_write",), "ox_serialize_turtle", "write Turtle / pyoxigraph serialize"),
    (("turtle_read",), "ox_parse_turtle", "read Turtle / pyoxigraph parse"),
    (("nquads_write",), "ox_serialize_nquads", "write N-Quads / pyoxigraph serialize"),
    (("nquads_read",), "ox_parse_nquads", "read N-Quads / pyoxigraph parse"),
    (
        ("grounded_labelling",),
        "py_arg_grounded",
        "python-argumentation / argmap grounded (same framework)",
    ),
    (("aif_import",), "arguebuf_load", "AIF import / arguebuf load (same file)"),
]


def _seconds(value: float | None) -> str:
    if value is None:
        return "-"
    if value < 1:
        return f"{value * 1000:.1f} ms"
    return f"{value:.2f} s"


def _cell(record: dict[str, Any] | None, skipped: str | None = None) -> str:
    if record is None:
        return "skipped" if skipped else "-"
    if record.get("median_s") is not None:
        runs = len(record.get("runs_s", []))
        return _seconds(record["median_s"]) + ("" if runs != 1 else "¹")
    if record.get("timeout_s") is not None:
        return f"> {record['timeout_s']:g} s"
    if record.get("error"):
        return "failed"
    return "-"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def format_report(report: dict[str, Any]) -> str:
    machine = report["machine"]
    libs = ", ".join(f"{k} {v}" for k, v in machine["libraries"].items() if v)
    settings = report["settings"]
    sizes = sorted(report["sizes"], key=int)
    lines = [
        f"# argmap benchmark, {report['date']}",
        "",
        f"Machine: {machine['cpu']}, {machine['cores']} cores, {machine['ram_gib']} GiB RAM,"
        f" load average at start {machine['load_average']}; {machine['os']};"
        f" Python {machine['python']}; {libs}.",
        "",
        f"Corpus: `argmap synth --actors {settings['actors']} --maps {settings['maps']}"
        f" --seed {settings['seed']}`; times are medians of {settings['repeat']} runs"
        " (¹ one run: a run took over 15 s, or --repeat 1); total"
        f" {report['total_s'] / 60:.1f} min.",
        "",
        "## Stages",
        "",
    ]
    header = ["stage", *(f"{int(s):,} claims" for s in sizes)]
    rows = []
    facts: list[tuple[str, Callable[[dict[str, Any]], str]]] = [
        ("corpus files (JSON)", lambda r: f"{r.get('file_mib', '-')} MiB"),
        ("quads", lambda r: f"{r.get('quads', 0):,}"),
        (
            "Turtle / N-Quads",
            lambda r: "{turtle} / {nquads} MiB".format(**r["rdf_mib"]) if "rdf_mib" in r else "-",
        ),
        (
            "HTML page",
            lambda r: (
                f"{r['page'].get('mib')} MiB, {r['page'].get('nodes'):,} nodes"
                if r.get("page")
                else "-"
            ),
        ),
    ]
    for label, fact in facts:
        rows.append(
            [
                label,
                *(
                    fact(report["sizes"][s])
                    if "error" not in report["sizes"][s] or "stages" in report["sizes"][s]
                    else "failed"
                    for s in sizes
                ),
            ]
        )
    for name, label in STAGES:
        rows.append(
            [
                label,
                *(
                    _cell(
                        report["sizes"][s].get("stages", {}).get(name),
                        report["sizes"][s].get("skipped", {}).get(name),
                    )
                    for s in sizes
                ),
            ]
        )
    rows.append(
        [
            "peak memory (argmap's stages)",
            *(f"{report['sizes'][s].get('peak_rss_mib', 0):,.0f} MiB" for s in sizes),
        ]
    )
    lines += _table(header, rows)

    lines += ["", "## Against the peers (ratio > 1: argmap slower)", ""]
    rows = []
    for ours, peer, label in RATIOS:
        cells = []
        for s in sizes:
            size = report["sizes"][s]
            mine = _sum(*(_median(size.get("stages", {}).get(o)) for o in ours))
            record = size.get("baselines", {}).get(peer)
            theirs = _median(record)
            if record is None:
                cells.append("not run")
            elif theirs is None:
                cells.append(f"peer {_cell(record)}")
            elif mine is None:
                cells.append(f"peer {_seconds(theirs)}")
            elif peer in ("py_arg_grounded", "arguebuf_load"):
                cells.append(
                    f"{_seconds(mine)} vs {_seconds(theirs)}: "
                    + (
                        f"peer {theirs / mine:,.1f}x slower"
                        if theirs >= mine
                        else f"argmap {mine / theirs:,.1f}x slower"
                    )
                )
            else:
                cells.append(f"{mine / theirs:.2f}x ({_seconds(theirs)})")
        rows.append([label, *cells])
    lines += _table(["comparison", *(f"{int(s):,} claims" for s in sizes)], rows)

    for s in sizes:
        size = report["sizes"][s]
        if not size.get("queries"):
            continue
        lines += ["", f"## Named queries at {int(s):,} claims ({size.get('quads', 0):,} quads)", ""]
        rows = []
        # A query about one claim or actor has a second row: the same query for a typical
        # one (the first row's parameters are the heaviest; rdflib runs those only).
        runs: list[tuple[str, dict[str, Any]]] = []
        for name, q in size["queries"].items():
            runs.append((name, q))
            if "typical" in q:
                runs.append((f"{name} (typical)", q["typical"]))
        for name, q in runs:
            ratio = q.get("ratio")
            rdflib = q.get("rdflib")
            argmap_s, rdflib_s = _median(q.get("argmap")), _median(rdflib)
            rdflib_text = _cell(rdflib) if rdflib else "not run"
            speedup = f"{rdflib_s / argmap_s:,.0f}x" if rdflib_s and argmap_s else "-"
            params = ", ".join(f"{k}={v}" for k, v in q.get("params", {}).items())
            rows.append(
                [
                    name,
                    params or "-",
                    _count(q.get("rows")),
                    _cell(q.get("argmap")),
                    _cell(q.get("direct")),
                    f"{ratio:.2f}" if ratio else "-",
                    rdflib_text,
                    speedup,
                ]
            )
        lines += _table(
            [
                "query",
                "params",
                "rows",
                "argmap",
                "pyoxigraph",
                "ratio",
                "rdflib",
                "rdflib / argmap",
            ],
            rows,
        )

    renders = report.get("render_targets", {})
    lines += ["", "## Map drawing", ""]
    if "skipped" in renders:
        lines.append(f"Not run: {renders['skipped']}.")
    else:
        rows = []
        for nodes, r in renders.items():
            st = r.get("stages", {})
            page = r.get("page", {})
            draw = st.get("draw", {})
            best = draw.get("page_timings_ms", {})
            rows.append(
                [
                    f"{int(nodes):,}",
                    f"{_count(page.get('nodes'))} / {_count(page.get('edges'))}",
                    _cell(st.get("layout")),
                    _cell(st.get("render")),
                    f"{page.get('mib', '-')} MiB",
                    _cell(draw),
                    _seconds(draw.get("min_s")),
                    f"{best.get('network', 0) - best.get('networkStart', 0):,.0f} ms"
                    if best
                    else "-",
                ]
            )
        lines += _table(
            [
                "asked",
                "nodes / edges",
                "layout",
                "HTML (layout incl.)",
                "page",
                "first drawing (median)",
                "(min)",
                "of which vis.Network",
            ],
            rows,
        )

    skipped = [(s, k, v) for s in sizes for k, v in report["sizes"][s].get("skipped", {}).items()]
    if skipped:
        lines += [
            "",
            "Not run: " + "; ".join(f"{k} at {int(s):,} ({v})" for s, k, v in skipped) + ".",
        ]
    failed = [s for s in sizes if "error" in report["sizes"][s]]
    if failed:
        lines += [
            "",
            "Failed: "
            + "; ".join(f"{int(s):,} claims: {report['sizes'][s]['error']}" for s in failed)
            + ".",
        ]

    lines += ["", "## Issue-9 targets", ""]
    rows = []
    for t in report["targets"]:
        value = t["measured"]
        shown = (
            "-"
            if value is None
            else (f"{value:,.2f} {t['unit']}" if t["unit"] != "ms" else f"{value:,.1f} ms")
        )
        rows.append([t["target"], t["at"], shown, f"**{t['verdict']}**", t["note"] or ""])
    lines += _table(["target", "at", "measured", "verdict", "note"], rows)
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
