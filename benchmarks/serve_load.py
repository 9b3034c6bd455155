"""`argmap serve` under load: latency and memory with many clients and abandoned heavy queries,
and what the process hop to the query workers costs per query.

Three parts, each optional:

- ``hop`` (in this process): every named query on the seed maps (data/*.yaml; a query's
  parameters from its ``example:`` line), timed as the old server ran it (``query`` then
  ``format_result``, in process), as a worker runs it (pyoxigraph's query and its own
  serializer), through the worker pool (the process hop, no HTTP), and over HTTP (a
  keep-alive connection to a running server). Medians of ``--repeats`` runs.
- ``load``: ``argmap serve data/*.yaml`` as its own process; ``--clients`` clients, each on a
  keep-alive connection, run the named queries back to back for ``--seconds``, while
  ``--heavy`` clients, spread over the run, each send a query that never ends (a cross
  product, counted or sorted) and leave after ``--abandon`` seconds. Latency is measured on the
  named queries only; the server's memory (its process and its workers, from /proc) is sampled
  throughout: at the start, the peak, and at the end, after the heavy queries were stopped.
- ``study`` (``--study FILE``, e.g. ``argmap synth --claims 100000 -o FILE``): the named
  queries on a large corpus through the server, then an all-pairs property path left to run
  into the timeout while its worker's memory is sampled: what the default timeout is chosen
  from.

Run: ``.venv/bin/python benchmarks/serve_load.py [--parts hop,load] [--out FILE.md]``.
The load generator is plain asyncio over raw sockets, so that it takes as little of the
machine as it can; it still shares the cores with the server.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
SEED = sorted(str(path) for path in (ROOT / "data").glob("*.yaml"))
ARGMAP = Path(sys.executable).parent / "argmap"

#: Never end on the seed maps: every triple three and four times over (1e11 and 5e14 rows).
#: The counted one only takes CPU; the sorted one grows by about 1 GB a second.
HEAVY = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
    "SELECT ?o ?s WHERE { ?s ?p ?x . ?y ?q ?o } ORDER BY ?o ?s",
)
#: Runs a long time on a 100k-claim corpus, growing as it goes (the issue's 17 GB query).
ALL_PAIRS = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a (am:supports|am:attacks|^am:supports|^am:attacks)* ?b }"
)


def log(message: str) -> None:
    print(f"[serve-load {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# ---- the queries --------------------------------------------------------------------------------


#: Parameters on a synthetic corpus (benchmarks/pipeline.py picks the same: the busiest actor,
#: the first claim and issue, a common topic).
SYNTH_PARAMS = {
    "actor": "actor-0",
    "one": "actor-0",
    "other": "actor-1",
    "issue": "i0",
    "claim": "c0",
    "topic": "economics",
}


def named_sparql(synthetic: bool = False) -> dict[str, str]:
    """Every named query as text to send, its parameters bound from its example line (the
    seed maps' ids), or ``SYNTH_PARAMS``."""
    from argmap.sparql.local import Literal_, parse_param, with_values
    from argmap.sparql.named import named_queries

    texts = {}
    for name, named in named_queries().items():
        params = dict(parse_param(p) for p in re.findall(r"-p (\S+)", named.example))
        if synthetic:
            params = {key: Literal_(SYNTH_PARAMS[key]) for key in params}
        texts[name] = with_values(named.sparql, params)
    return texts


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


# ---- memory of a server process and its workers -------------------------------------------------


def rss_mb(pid: int) -> float:
    try:
        with Path(f"/proc/{pid}/status").open() as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


@dataclass
class Memory:
    """Samples of (seconds, server MB, workers MB)."""

    pid: int
    samples: list[tuple[float, float, float]] = field(default_factory=list)

    def sample(self, at: float) -> tuple[float, float]:
        server = rss_mb(self.pid)
        workers = sum(rss_mb(child) for child in children(self.pid))
        self.samples.append((at, server, workers))
        return server, workers


# ---- a small HTTP/1.1 client --------------------------------------------------------------------


class Connection:
    """One keep-alive connection; reconnects when the server closes it."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, target: str) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        request = f"GET {target} HTTP/1.1\r\nHost: {self.host}\r\nAccept: */*\r\n\r\n"
        self.writer.write(request.encode())
        await self.writer.drain()
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = re.search(rb"(?i)\r\ncontent-length: *(\d+)", head)
        body = await self.reader.readexactly(int(length.group(1))) if length else b""
        if re.search(rb"(?i)\r\nconnection: *close", head):
            self.close()
        return status, body

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


def target(sparql: str) -> str:
    return "/sparql?query=" + quote(sparql)


# ---- part 1: the cost of the process hop --------------------------------------------------------


def hop(repeats: int) -> list[str]:
    import httpx
    import pyoxigraph as ox

    import argmap
    from argmap.rdf.terms import PREFIXES, QUERY_PREFIXES
    from argmap.sparql.local import query
    from argmap.sparql.results import format_result
    from argmap.sparql.serve import serve
    from argmap.sparql.serve.pool import StoreSource, WorkerPool

    corpus = argmap.load(SEED)
    store = argmap.to_store(corpus)
    texts = named_sparql()
    json_type = "application/sparql-results+json"

    def median_ms(run: Callable[[], object]) -> float:
        run()  # warm
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            run()
            times.append(time.perf_counter() - started)
        return statistics.median(times) * 1000

    def worker_style(sparql: str) -> bytes:
        result = store.query(sparql, prefixes=QUERY_PREFIXES, use_default_graph_as_union=True)
        assert isinstance(result, ox.QuerySolutions)
        return result.serialize(format=ox.QueryResultsFormat.JSON) or b""

    rows: dict[str, list[float]] = {}
    for name, sparql in texts.items():
        rows[name] = [
            median_ms(lambda s=sparql: format_result(query(store, s), "json")),
            median_ms(lambda s=sparql: worker_style(s)),
        ]

    nquads = tempfile.TemporaryFile()  # noqa: SIM115 — open while the pool runs
    store.dump(nquads, format=ox.RdfFormat.N_QUADS)
    nquads.flush()
    pool = WorkerPool(
        StoreSource("nquads", fd=nquads.fileno()),
        workers=1,
        queue=1,
        timeout=30,
        prefixes=QUERY_PREFIXES,
        output_prefixes=PREFIXES,
    )
    pool.start()

    async def through_pool() -> None:
        await pool.attach()
        loop = asyncio.get_running_loop()
        for name, sparql in texts.items():
            job = {
                "sparql": sparql,
                "results": json_type,
                "graph": None,
                "union": True,
                "default": None,
                "named": None,
            }
            times = []
            for attempt in range(repeats + 1):
                started = time.perf_counter()
                reply = await pool.run(job, loop.create_future())
                if attempt:
                    times.append(time.perf_counter() - started)
                assert getattr(reply, "status", None) == 200, reply
            rows[name].append(statistics.median(times) * 1000)
        await pool.close()

    asyncio.run(through_pool())
    nquads.close()

    with serve(corpus, workers=1, timeout=30) as server, httpx.Client(base_url=server.url) as http:
        for name, sparql in texts.items():
            rows[name].append(
                median_ms(
                    lambda s=sparql: http.get(
                        "/sparql", params={"query": s}, headers={"Accept": json_type}
                    ).raise_for_status()
                )
            )

    lines = [
        f"## The process hop: each named query on the seed maps ({len(store)} quads), "
        f"median of {repeats} runs, ms",
        "",
        "| query | old: query + format_result | worker: query + serialize | through the pool "
        "| hop | over HTTP | hop + HTTP |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    hops, https = [], []
    for name, (old, worker, pooled, over_http) in rows.items():
        hops.append(pooled - worker)
        https.append(over_http - worker)
        lines.append(
            f"| {name} | {old:.2f} | {worker:.2f} | {pooled:.2f} | {pooled - worker:+.2f} "
            f"| {over_http:.2f} | {over_http - worker:+.2f} |"
        )
    lines += [
        "",
        f"Process hop (pool minus in-process): median {statistics.median(hops):.2f} ms, "
        f"max {max(hops):.2f} ms. Hop and HTTP (a keep-alive GET minus in-process): median "
        f"{statistics.median(https):.2f} ms, max {max(https):.2f} ms.",
        "",
    ]
    return lines


# ---- part 2: many clients, and heavy queries abandoned ------------------------------------------


def start_server(sources: list[str], *args: str) -> tuple[subprocess.Popen[str], str, int]:
    process = subprocess.Popen(  # noqa: S603 — our own command
        [str(ARGMAP), "serve", *sources, "--port", "0", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    match = re.search(r"http://([\d.]+):(\d+)/", process.stdout.readline())
    assert match, "the server did not start"
    process.stdout.readline()
    return process, match.group(1), int(match.group(2))


def stop_server(process: subprocess.Popen[str]) -> float:
    started = time.monotonic()
    process.send_signal(signal.SIGTERM)
    process.communicate(timeout=30)
    return time.monotonic() - started


async def load_run(
    host: str, port: int, pid: int, clients: int, seconds: float, heavy: int, abandon: float
) -> dict[str, Any]:
    texts = list(named_sparql().values())
    memory = Memory(pid)
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    heavy_log: list[str] = []
    begin = time.monotonic()
    memory.sample(0.0)
    end = begin + seconds

    async def client(number: int) -> None:
        rng = random.Random(number)  # noqa: S311 — a reproducible mix, not a secret
        connection = Connection(host, port)
        while time.monotonic() < end:
            sparql = rng.choice(texts)
            started = time.monotonic()
            try:
                status, _ = await connection.get(target(sparql))
            except (OSError, asyncio.IncompleteReadError):
                connection.close()
                status = 0
            latencies.append(time.monotonic() - started)
            statuses[status] = statuses.get(status, 0) + 1
        connection.close()

    async def abandoner(number: int) -> None:
        await asyncio.sleep(seconds * (number + 0.5) / max(1, heavy))
        sparql = HEAVY[number % len(HEAVY)]
        _, writer = await asyncio.open_connection(host, port)
        request = f"GET {target(sparql)} HTTP/1.1\r\nHost: {host}\r\n\r\n"
        writer.write(request.encode())
        await writer.drain()
        await asyncio.sleep(abandon)
        workers = sum(rss_mb(c) for c in children(pid))
        writer.close()  # the client gives up
        heavy_log.append(
            f"heavy {number} ({'sorted' if number % 2 else 'counted'}) left at "
            f"{time.monotonic() - begin:.1f} s, workers then {workers:.0f} MB"
        )

    async def sampler() -> None:
        while time.monotonic() < end + 3:
            memory.sample(time.monotonic() - begin)
            await asyncio.sleep(0.25)

    await asyncio.gather(
        *(client(n) for n in range(clients)), *(abandoner(n) for n in range(heavy)), sampler()
    )
    return {
        "latencies": latencies,
        "statuses": statuses,
        "memory": memory,
        "heavy": heavy_log,
        "wall": time.monotonic() - begin,
    }


def load(clients: int, seconds: float, heavy: int, abandon: float, timeout: float) -> list[str]:
    process, host, port = start_server([str(Path(p).relative_to(ROOT)) for p in SEED])
    try:
        time.sleep(1)  # settled
        log(f"load: {clients} clients for {seconds:.0f} s, {heavy} heavy queries")
        outcome = asyncio.run(load_run(host, port, process.pid, clients, seconds, heavy, abandon))
        stopped = stop_server(process)
    finally:
        if process.poll() is None:
            process.kill()
    latencies = [s * 1000 for s in outcome["latencies"]]
    memory: Memory = outcome["memory"]
    start_total = memory.samples[0][1] + memory.samples[0][2]
    peak = max(memory.samples, key=lambda s: s[1] + s[2])
    last = memory.samples[-1]
    done = sum(outcome["statuses"].values())
    statuses = ", ".join(f"{k}: {v}" for k, v in sorted(outcome["statuses"].items()))
    return [
        f"## Load: {clients} clients for {seconds:.0f} s on the seed maps, {heavy} heavy "
        f"queries abandoned after {abandon:g} s",
        "",
        f"Server: `argmap serve data/*.yaml` (default settings: {timeout:g} s timeout, "
        "default workers), its own process.",
        "",
        "| measure | value |",
        "|---|---:|",
        f"| named-query requests | {done} ({done / outcome['wall']:.0f}/s) |",
        f"| answers by status | {statuses} |",
        f"| latency p50 | {percentile(latencies, 0.50):.1f} ms |",
        f"| latency p90 | {percentile(latencies, 0.90):.1f} ms |",
        f"| latency p99 | {percentile(latencies, 0.99):.1f} ms |",
        f"| latency max | {max(latencies):.1f} ms |",
        f"| RSS at start (server + workers) | {memory.samples[0][1]:.0f} + "
        f"{memory.samples[0][2]:.0f} = {start_total:.0f} MB |",
        f"| RSS peak (at {peak[0]:.1f} s) | {peak[1]:.0f} + {peak[2]:.0f} = "
        f"{peak[1] + peak[2]:.0f} MB |",
        f"| RSS at the end, heavy queries stopped | {last[1]:.0f} + {last[2]:.0f} = "
        f"{last[1] + last[2]:.0f} MB ({(last[1] + last[2]) / start_total - 1:+.0%}) |",
        f"| SIGTERM to exit | {stopped:.2f} s |",
        "",
        *(f"- {line}" for line in outcome["heavy"]),
        "",
    ]


# ---- part 3: choosing the timeout ---------------------------------------------------------------


def study(path: str) -> list[str]:
    import httpx

    started = time.monotonic()
    process, host, port = start_server([path], "--timeout", "60")
    lines = [
        f"## Timeout study: `argmap serve {path} --timeout 60`",
        "",
        f"- ready to answer after {time.monotonic() - started:.1f} s",
    ]
    try:
        base = f"http://{host}:{port}/sparql"
        with httpx.Client(timeout=120) as http:
            for name, sparql in named_sparql(synthetic=True).items():
                started = time.monotonic()
                response = http.get(base, params={"query": sparql})
                lines.append(
                    f"- {name}: {time.monotonic() - started:.2f} s ({response.status_code})"
                )
        workers = children(process.pid)
        before = {pid: rss_mb(pid) for pid in workers}
        lines.append(f"- workers at rest: {', '.join(f'{v:.0f} MB' for v in before.values())}")
        growth = []

        async def all_pairs() -> None:
            _, writer = await asyncio.open_connection(host, port)
            writer.write(f"GET {target(ALL_PAIRS)} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
            await writer.drain()
            started = time.monotonic()
            while time.monotonic() - started < 20:
                await asyncio.sleep(1)
                grown = max(rss_mb(pid) - before[pid] for pid in workers)
                growth.append(f"{time.monotonic() - started:.0f} s: +{grown:.0f} MB")
            writer.close()

        asyncio.run(all_pairs())
        lines.append(f"- all-pairs property path, the busy worker's growth: {'; '.join(growth)}")
    finally:
        stop_server(process)
    return [*lines, ""]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--parts", default="hop,load", help="hop, load (comma-separated)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--heavy", type=int, default=10)
    parser.add_argument("--abandon", type=float, default=1.0, help="seconds before leaving")
    parser.add_argument("--repeats", type=int, default=50)
    parser.add_argument(
        "--study", action="append", default=[], help="a large source for the timeout study"
    )
    parser.add_argument("--out", help="also write the report (Markdown) here")
    options = parser.parse_args()
    from argmap.sparql.serve import DEFAULT_TIMEOUT, default_workers

    lines = [
        f"# argmap serve under load, {time.strftime('%Y-%m-%dT%H:%M:%S')}",
        "",
        f"Machine: {os.cpu_count()} cores; Python {sys.version.split()[0]}; default "
        f"workers here: {default_workers()}; default timeout {DEFAULT_TIMEOUT:g} s.",
        f"Run: `{' '.join(['.venv/bin/python', 'benchmarks/serve_load.py', *sys.argv[1:]])}`",
        "",
    ]
    parts = options.parts.split(",")
    if "hop" in parts:
        log("hop")
        lines += hop(options.repeats)
    if "load" in parts:
        lines += load(
            options.clients, options.seconds, options.heavy, options.abandon, DEFAULT_TIMEOUT
        )
    for source in options.study:
        log(f"study {source}")
        lines += study(source)
    report = "\n".join(lines)
    print(report)
    if options.out:
        Path(options.out).write_text(report + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
