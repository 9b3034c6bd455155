"""Map page benchmark: Python layout and page time, and time to first picture in Chromium.

    .venv/bin/python benchmarks/render_bench.py                  # 10,000 and 50,000 nodes
    .venv/bin/python benchmarks/render_bench.py --nodes 2000 --runs 1

For each size: a synthetic map (tests/render_support.py, valid by construction) is rendered;
the layout is timed on its own; the page is opened offline in Debian's headless Chromium
``--runs`` times and the time from navigation start to vis-network's first ``afterDrawing``
is reported (min and median), with where it went. Targets from issue 5: the layout of
10,000 nodes under 10 s; first draw of 10,000 nodes within 2 s and of 50,000 within 6 s.
Timings depend on load: run on an idle machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from argmap.render import build_elements, force_positions, render
from tests.render_support import chromium_browser, synthetic_map

TARGETS = {10_000: 2_000.0, 50_000: 6_000.0}  # ms to first draw


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--nodes", type=int, nargs="*", default=[10_000, 50_000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as scratch, chromium_browser() as browser:
        for size in args.nodes:
            started = time.perf_counter()
            m = synthetic_map(size)
            generated = time.perf_counter()
            elements = build_elements(m)
            built = time.perf_counter()
            force_positions(elements.nodes, elements.edges)
            laid_out = time.perf_counter()
            page = render(m)
            rendered = time.perf_counter()
            path = page.save(Path(scratch) / f"map-{size}.html")
            draws = []
            for _ in range(args.runs):
                context = browser.new_context(viewport={"width": 1400, "height": 900}, offline=True)
                tab = context.new_page()
                tab.goto(path.as_uri())
                tab.wait_for_function("() => window.argmap && window.argmap.ready", timeout=600_000)
                draws.append(tab.evaluate("() => argmap.timings"))
                context.close()
            first = [d["firstDraw"] for d in draws]
            best = min(draws, key=lambda d: d["firstDraw"])
            rows.append(
                {
                    "nodes": page.node_count,
                    "edges": page.edge_count,
                    "generate_s": generated - started,
                    "elements_s": built - generated,
                    "layout_s": laid_out - built,
                    "render_s": rendered - laid_out,
                    "page_mib": len(page.html.encode()) / 2**20,
                    "draw_min_ms": min(first),
                    "draw_median_ms": statistics.median(first),
                    "script_start_ms": best["start"],
                    "vis_network_ms": best["network"] - best["networkStart"],
                    "target_ms": TARGETS.get(size),
                }
            )
            print(_row(rows[-1]), flush=True)
            print("    page timings (ms):", {k: round(v) for k, v in best.items()}, flush=True)
    return 0


def _row(r: dict[str, float | int | None]) -> str:
    target = r["target_ms"]
    verdict = "" if target is None else (" ok" if r["draw_min_ms"] <= target else " SLOW")  # type: ignore[operator]
    return (
        f"{r['nodes']:>6} nodes {r['edges']:>6} edges | layout {r['layout_s']:.1f} s,"
        f" page (incl. layout) {r['render_s']:.1f} s, {r['page_mib']:.1f} MiB |"
        f" first draw min {r['draw_min_ms']:.0f} ms, median {r['draw_median_ms']:.0f} ms"
        f" (script starts {r['script_start_ms']:.0f} ms, vis.Network {r['vis_network_ms']:.0f} ms)"
        f"{'' if target is None else f', target {target:.0f} ms'}{verdict}"
    )


if __name__ == "__main__":
    sys.exit(main())
