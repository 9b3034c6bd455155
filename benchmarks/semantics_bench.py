"""Argumentation semantics benchmark: argmap.analysis.semantics vs python-argumentation (py_arg).

    .venv/bin/python benchmarks/semantics_bench.py            # full run (several minutes)
    .venv/bin/python benchmarks/semantics_bench.py --quick    # smoke run

Random frameworks (seeded): grounded on N arguments with 3N attacks; preferred and stable
enumeration on N arguments with attack probability p. Prints medians of ours and the peer's
side by side with the ratio. The peer is run with a time limit in a forked child (reported as
"> LIMIT") because it is exponential for preferred / stable and super-quadratic for grounded.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import run_limited
from peers import time_py_arg

from argmap.analysis.framework import Framework
from argmap.analysis.semantics import grounded_labelling, preferred_extensions, stable_extensions


def random_framework(n: int, *, attacks: int | None = None, p: float = 0.0, seed: int) -> Framework:
    rng = random.Random(seed)  # noqa: S311 - reproducible benchmark inputs
    args = [str(i) for i in range(n)]
    if attacks is not None:
        pairs = {(rng.randrange(n), rng.randrange(n)) for _ in range(attacks)}
    else:
        pairs = {(a, b) for a in range(n) for b in range(n) if rng.random() < p}
    return Framework.build(args, [(str(a), str(b)) for a, b in pairs])


OURS = {"GR": grounded_labelling, "PR": preferred_extensions, "ST": stable_extensions}


def timed(action: Callable[[], Any]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def peer_time(task: str, framework: Framework, limit: float) -> float | None:
    """Seconds for py_arg on ``framework``, or None past ``limit`` (the child is killed)."""
    status, value = run_limited(time_py_arg, (task, framework), limit)
    return float(value) if status == "ok" else None


def row(label: str, task: str, frameworks: list[Framework], limit: float, peer: bool) -> None:
    solve: Callable[[Framework], Any] = OURS[task]
    ours = statistics.median(timed(partial(solve, f)) for f in frameworks)
    theirs_text, ratio_text = "-", "-"
    if peer:
        times = [peer_time(task, f, limit) for f in frameworks]
        if any(t is None for t in times):
            theirs_text, ratio_text = f"> {limit:.0f} s", f"> {limit / ours:,.0f}x"
        else:
            theirs = statistics.median(t for t in times if t is not None)
            theirs_text, ratio_text = f"{theirs:.3f} s", f"{theirs / ours:,.0f}x"
    print(f"{label:<44} {ours:>10.4f} s {theirs_text:>12} {ratio_text:>10}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, one framework each")
    parser.add_argument("--limit", type=float, default=120.0, help="peer time limit (s)")
    opts = parser.parse_args()
    reps = 1 if opts.quick else 3
    print(f"{'case':<44} {'argmap':>12} {'py_arg':>12} {'ratio':>10}")
    grounded_sizes = (
        [(1_000, True), (10_000, False)]
        if opts.quick
        else [
            (1_000, True),
            (10_000, False),
            (100_000, False),
        ]
    )
    for n, with_peer in grounded_sizes:
        fws = [random_framework(n, attacks=3 * n, seed=s) for s in range(reps)]
        row(f"grounded {n:,} args / {3 * n:,} attacks", "GR", fws, opts.limit, with_peer)
    # Building a Framework validates it and indexes it (integer adjacency lists) once; the
    # labelling rows above time the semantics alone, as the peer's rows do.
    n = grounded_sizes[-1][0]
    pairs = list(random_framework(n, attacks=3 * n, seed=0).attacks)
    names = [str(i) for i in range(n)]
    build = timed(lambda: Framework.build(names, pairs))
    print(f"{'(Framework build, ' + format(n, ',') + ' args)':<44} {build:>10.4f} s", flush=True)
    enum_sizes = [20, 30] if opts.quick else [30, 40, 50]
    for task in ("PR", "ST"):
        for n in enum_sizes:
            fws = [random_framework(n, p=0.15, seed=s) for s in range(reps)]
            row(f"{task} enumeration {n} args p=0.15", task, fws, opts.limit, True)
        big = [random_framework(200, p=0.05, seed=s) for s in range(reps)]
        row(f"{task} enumeration 200 args p=0.05", task, big, opts.limit, False)


if __name__ == "__main__":
    main()
