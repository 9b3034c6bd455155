"""Named-query benchmark: argmap on Oxigraph vs the same SPARQL straight on pyoxigraph (the
floor) vs rdflib's in-memory engine, on a synthetic corpus.

    .venv/bin/python benchmarks/query_bench.py --claims 30000        # ~1M triples
    .venv/bin/python benchmarks/query_bench.py --claims 300 --quick  # smoke run

Prints one row per named query with medians and ratios. rdflib runs in a forked child with a
time limit per query (reported as "> LIMIT"), on a smaller corpus unless --rdflib-claims says
otherwise, since it is 10-1000x slower.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

import pyoxigraph as ox

from argmap.query import QUERY_PREFIXES, Literal_, _with_values, named_queries, run_named
from argmap.rdf import to_dataset, to_store
from argmap.synth import synth_corpus

PARAMS = {
    "actor": "actor-0",
    "one": "actor-0",
    "other": "actor-1",
    "issue": "i0",
    "claim": "c0",
    "topic": "economics",
}


def median_time(action: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def direct(store: ox.Store, sparql: str, params: dict[str, str]) -> int:
    """The floor: pyoxigraph running the same SPARQL, parameters as an inline VALUES block
    (its ``substitutions`` are applied late and are far slower), every value read."""
    text = _with_values(sparql, {k: Literal_(v) for k, v in params.items()})
    result = store.query(text, prefixes=QUERY_PREFIXES, use_default_graph_as_union=True)
    width = len(result.variables)  # type: ignore[union-attr]
    # Read every value, as any caller must: the floor is the engine plus reading its answers.
    return len([tuple(s[i] for i in range(width)) for s in result])  # type: ignore[union-attr]


def _rdflib_child(dataset: Any, sparql: str, params: dict[str, str], runs: int, out: Any) -> None:
    import rdflib

    bindings = {rdflib.Variable(k): rdflib.Literal(v) for k, v in params.items()}
    out.send(
        median_time(
            lambda: list(dataset.query(sparql, initNs=QUERY_PREFIXES, initBindings=bindings)), runs
        )
    )


def rdflib_time(
    dataset: Any, sparql: str, params: dict[str, str], runs: int, limit: float
) -> float | None:
    """Median seconds on rdflib, or None past ``limit`` (the child is killed)."""
    parent, child = mp.Pipe(duplex=False)
    process = mp.get_context("fork").Process(
        target=_rdflib_child, args=(dataset, sparql, params, runs, child)
    )
    process.start()
    if parent.poll(limit * runs):
        value: float = parent.recv()
        process.join()
        return value
    process.kill()
    process.join()
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=30000)
    parser.add_argument("--rdflib-claims", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--limit", type=float, default=30.0, help="rdflib seconds per query")
    parser.add_argument("--quick", action="store_true", help="one run each, small limits")
    args = parser.parse_args()
    runs = 1 if args.quick else args.runs

    started = time.perf_counter()
    corpus = synth_corpus(args.claims, actors=50, seed=1, maps=2)
    store = to_store(corpus)
    print(
        f"corpus: {args.claims} claims, {len(store)} quads, built in "
        f"{time.perf_counter() - started:.1f} s",
        flush=True,
    )
    small = synth_corpus(args.rdflib_claims, actors=50, seed=1, maps=2)
    small_store = to_store(small)
    dataset = to_dataset(small)
    dataset.default_union = True
    print(f"rdflib comparison corpus: {args.rdflib_claims} claims, {len(small_store)} quads\n")

    header = (
        f"{'query':34} {'argmap':>9} {'direct':>9} {'ratio':>6} | {'ox small':>9} "
        f"{'rdflib':>9} {'speedup':>8}"
    )
    print(header)
    print("-" * len(header))
    worst = 0.0
    for name, named in named_queries().items():
        params = {p: PARAMS[p] for p in named.params}
        ours = median_time(lambda: run_named(store, name, params), runs)  # noqa: B023
        floor = median_time(lambda: direct(store, named.sparql, params), runs)  # noqa: B023
        ratio = ours / floor if floor else float("nan")
        worst = max(worst, ratio)
        ox_small = median_time(lambda: direct(small_store, named.sparql, params), runs)  # noqa: B023
        slow = rdflib_time(
            dataset,
            named.sparql,
            params,
            1 if args.quick else 3,
            args.limit / (10 if args.quick else 1),
        )
        slow_text = f"{slow:9.3f}" if slow is not None else f">{args.limit:7.0f}s"
        speedup = f"{slow / ox_small:7.0f}x" if slow is not None and ox_small else "     n/a"
        print(
            f"{name:34} {ours * 1000:7.1f}ms {floor * 1000:7.1f}ms {ratio:6.2f} | "
            f"{ox_small * 1000:7.1f}ms {slow_text} {speedup}",
            flush=True,
        )
    print(f"\nworst argmap/direct ratio: {worst:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
