"""argmap's SAT-based preferred / stable enumeration against clingo (ASP), on the same frameworks.

    python benchmarks/sat_vs_asp.py            # full run (about 15 minutes)
    python benchmarks/sat_vs_asp.py --quick    # smoke run

clingo is not a project dependency: run this with an environment that has it next to argmap,
e.g. ``python3 -m venv /tmp/asp && /tmp/asp/bin/pip install clingo -e .``. Without clingo the
script prints one line and exits 0.

Frameworks: the seeded random ones of semantics_bench.py (N arguments, each ordered pair an
attack with probability p, seeds 0..2), at the sizes there and larger ones; they have no or one
extension, so also "mutual" ones with thousands (see :func:`mutual_framework`). Tasks: EE-PR
(every preferred extension), SE-PR (one) and EE-ST (every stable extension).

argmap side: :mod:`argmap.analysis.semantics` (CaDiCaL through python-sat) on a built
Framework, encoding included. clingo side: clingo's Python API on ``arg/1`` and ``att/2`` facts
(writing the facts is not timed, as building the Framework is not), with a fresh Control per
run: parse, ground, solve, and every answer read back as argument names.

The ASP encodings are written here from the definitions, in the guess-and-check style of
ASPARTIX (Egly, Gaggl & Woltran 2010, "Answer-set programming encodings for argumentation
frameworks", Argument & Computation 1(2)): guess ``in``/``out``, forbid conflicts; stable: every
``out`` argument is attacked by an ``in`` one; complete: an ``in`` argument has no undefeated
attacker and an ``out`` one has one. Preferred extensions are the subset-maximal complete ones,
enumerated with clingo's domain heuristics (``#heuristic in(X) : arg(X). [1,true]`` with
``--heuristic=Domain --enum-mode=domRec``: Gebser, Kaufmann, Otero, Romero, Schaub & Wanko
2013, "Domain-specific heuristics in answer set programming", AAAI), the approach the
ASPARTIX-D solver took at ICCMA 2015 instead of the saturation encoding.

Each run is in a forked child killed at ``--limit`` (reported as "> LIMIT"); per framework the
two sides alternate ``--reps`` times and the median is taken, then the median over the seeds.
Both sides' extension sets are compared on every framework (SE-PR: each side's answer must be
complete and among the other side's preferred extensions, where EE-PR finished).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

Extension = tuple[str, ...]
BASE = """
in(X) :- arg(X), not out(X).
out(X) :- arg(X), not in(X).
:- in(X), in(Y), att(X, Y).
defeated(X) :- in(Y), att(Y, X).
#show in/1.
"""
STABLE = """
:- out(X), not defeated(X).
"""
COMPLETE = """
undefended(X) :- att(Y, X), not defeated(Y).
:- in(X), undefended(X).
:- out(X), not undefended(X).
"""
MAXIMAL_IN = """
#heuristic in(X) : arg(X). [1, true]
"""
TASKS = ("EE-PR", "SE-PR", "EE-ST")


def asp_facts(framework: Any) -> str:
    """``arg(i).`` and ``att(i,j).`` by argument position (names need no quoting)."""
    position = {a: i for i, a in enumerate(framework.arguments)}
    args = [f"arg({i})." for i in range(len(framework.arguments))]
    atts = [f"att({position[a]},{position[b]})." for a, b in sorted(framework.attacks)]
    return "\n".join(args + atts) + "\n"


def clingo_run(task: str, names: Sequence[str], facts: str) -> tuple[float, list[Extension]]:
    """Seconds and answers of clingo on ``task``, in a fresh Control."""
    import clingo

    started = time.perf_counter()
    options = ["--models=1" if task.startswith("SE") else "--models=0"]
    if task.endswith("ST"):
        program = BASE + STABLE
    else:
        program = BASE + COMPLETE + MAXIMAL_IN
        options += ["--heuristic=Domain", "--enum-mode=domRec"]
    control = clingo.Control(options)
    control.add("base", [], program + facts)
    control.ground([("base", [])])
    found: list[Extension] = []

    def on_model(model: clingo.Model) -> None:
        atoms = model.symbols(shown=True)
        found.append(tuple(sorted(names[s.arguments[0].number] for s in atoms)))

    control.solve(on_model=on_model)
    return time.perf_counter() - started, found


def sat_run(task: str, framework: Any) -> tuple[float, list[Extension]]:
    """Seconds and answers of argmap.analysis.semantics on ``task``."""
    from argmap.analysis.semantics import preferred_extensions, some_extension, stable_extensions

    started = time.perf_counter()
    if task == "EE-PR":
        result = preferred_extensions(framework)
    elif task == "EE-ST":
        result = stable_extensions(framework)
    else:
        one = some_extension(framework, "PR")
        result = [] if one is None else [one]
    seconds = time.perf_counter() - started
    return seconds, [tuple(sorted(e)) for e in result]


def is_complete(framework: Any, extension: Extension) -> bool:
    """Conflict-free, defends each member, holds every argument it defends (Dung 1995)."""
    chosen = set(extension)
    attackers: dict[str, list[str]] = {a: [] for a in framework.arguments}
    for a, b in framework.attacks:
        attackers[b].append(a)
    if any(a in chosen and b in chosen for a, b in framework.attacks):
        return False
    defeated = {b for a, b in framework.attacks if a in chosen}
    defended = {x for x in framework.arguments if all(y in defeated for y in attackers[x])}
    return defended == chosen


def mutual_framework(n: int, p: float, *, seed: int) -> Any:
    """N arguments, each unordered pair attacking each other with probability p: every
    maximal conflict-free set is stable and preferred, so there are thousands of extensions
    (the semantics_bench frameworks have none or one, which tests no enumeration)."""
    from argmap.analysis.framework import Framework

    rng = random.Random(seed)  # noqa: S311 - reproducible benchmark inputs
    pairs = [(a, b) for a in range(n) for b in range(a + 1, n) if rng.random() < p]
    attacks = [(str(a), str(b)) for a, b in pairs] + [(str(b), str(a)) for a, b in pairs]
    return Framework.build([str(i) for i in range(n)], attacks)


class Row:
    """One case: per side, the per-framework medians (None: over the limit) and answers."""

    def __init__(self, task: str, n: int, p: float, kind: str = "") -> None:
        self.task, self.n, self.p, self.kind = task, n, p, kind
        self.times: dict[str, list[float | None]] = {"sat": [], "asp": []}
        self.answers: dict[str, list[list[Extension] | None]] = {"sat": [], "asp": []}
        self.agree: list[bool | None] = []

    def median(self, side: str) -> float | None:
        times = self.times[side]
        if not times or any(t is None for t in times):
            return None
        return statistics.median(t for t in times if t is not None)


def once(
    run: Callable[..., tuple[float, list[Extension]]], args: tuple[Any, ...], limit: float
) -> tuple[float | None, list[Extension] | None]:
    """One run in a forked child: (seconds, answers), or (None, None) past the limit."""
    from harness import run_limited

    status, value = run_limited(run, args, limit)
    if status == "timeout":
        return None, None
    if status != "ok":
        raise RuntimeError(f"{run.__name__}{args[:1]}: {value}")
    return value[0], value[1]


def run_case(
    row: Row, frameworks: list[Any], reps: int, limit: float, preferred: dict[tuple[int, int], Any]
) -> None:
    for seed, framework in enumerate(frameworks):
        names = list(framework.arguments)
        facts = asp_facts(framework)
        sat_times: list[float] = []
        asp_times: list[float] = []
        sat_answer: list[Extension] | None = None
        asp_answer: list[Extension] | None = None
        sat_dead = asp_dead = False
        for _ in range(reps):  # alternate the two sides, one run each per round
            if not sat_dead:
                seconds, answer = once(sat_run, (row.task, framework), limit)
                sat_dead = seconds is None
                sat_times += [] if seconds is None else [seconds]
                sat_answer = answer if answer is not None else sat_answer
            if not asp_dead:
                seconds, answer = once(clingo_run, (row.task, names, facts), limit)
                asp_dead = seconds is None
                asp_times += [] if seconds is None else [seconds]
                asp_answer = answer if answer is not None else asp_answer
            if sat_dead and asp_dead:
                break
        row.times["sat"].append(None if sat_dead else statistics.median(sat_times))
        row.times["asp"].append(None if asp_dead else statistics.median(asp_times))
        row.answers["sat"].append(sat_answer)
        row.answers["asp"].append(asp_answer)
        row.agree.append(agreement(row, framework, sat_answer, asp_answer, preferred, seed))
        if sat_dead and asp_dead:
            break  # the other seeds of this case would only time out as well


def agreement(
    row: Row,
    framework: Any,
    sat: list[Extension] | None,
    asp: list[Extension] | None,
    preferred: dict[tuple[int, int], Any],
    seed: int,
) -> bool | None:
    if sat is None or asp is None:
        return None
    if row.task.startswith("EE"):
        same = sorted(sat) == sorted(asp) and len(set(sat)) == len(sat)
        if row.task == "EE-PR":
            preferred[(row.n, seed)] = set(sat) if same else None
        return same and all(is_complete(framework, e) for e in sat)
    every = preferred.get((row.n, seed))
    if len(sat) != 1 or len(asp) != 1:
        return False
    if not (is_complete(framework, sat[0]) and is_complete(framework, asp[0])):
        return False
    return True if every is None else sat[0] in every and asp[0] in every


def cell(seconds: float | None, limit: float) -> str:
    return f"> {limit:.0f} s" if seconds is None else f"{seconds:.4f} s"


def ratio(row: Row, limit: float) -> str:
    sat, asp = row.median("sat"), row.median("asp")
    if sat is None and asp is None:
        return "-"
    if sat is None:
        return f"< {asp / limit:.2f}x" if asp is not None else "-"
    if asp is None:
        return f"> {limit / sat:,.0f}x"
    return f"{asp / sat:,.2f}x"


def print_row(row: Row, limit: float) -> None:
    counts = [
        "-" if a is None and b is None else str(len(a if a is not None else b or []))
        for a, b in zip(row.answers["sat"], row.answers["asp"], strict=True)
    ]
    checked = [a for a in row.agree if a is not None]
    if not checked:
        both_out = row.median("sat") is None and row.median("asp") is None
        agree = "- (neither finished)" if both_out else "- (one side did not finish)"
    elif all(checked):
        agree = f"yes ({len(checked)}/{len(row.agree)})"
    else:
        agree = f"NO ({checked.count(False)} of {len(row.agree)} differ)"
    label = f"{row.task} {row.n} args{row.kind} p={row.p:g}"
    sat, asp = cell(row.median("sat"), limit), cell(row.median("asp"), limit)
    print(f"| {label} | {sat} | {asp} | {ratio(row, limit)} | {', '.join(counts)} | {agree} |")
    sys.stdout.flush()


def header(opts: argparse.Namespace) -> None:
    import clingo
    import pysat  # type: ignore[import-untyped]
    from harness import machine_info

    info = machine_info()
    now = datetime.now(UTC)
    print(f"# argmap SAT (python-sat, CaDiCaL) vs clingo (ASP), {now:%Y-%m-%dT%H:%M:%SZ}")
    print()
    print(
        f"Machine: {info['cpu']}, {info['cores']} cores, {info['ram_gib']} GiB RAM; load average"
        f" at start {info['load_average']}; {info['os']}; Python {info['python']};"
        f" python-sat {pysat.__version__}, clingo {clingo.__version__}."
    )
    print()
    print(
        f"Runs: {opts.reps} per side per framework, the sides alternated (median); frameworks"
        f" of seeds 0..{opts.seeds - 1} (median of those); limit {opts.limit:.0f} s per run."
        " Ratio = clingo time / argmap time (above 1: argmap faster)."
    )
    print()
    print("| case | argmap SAT | clingo | ratio | extensions (per seed) | agreement |")
    print("|---|---|---|---|---|---|")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, one framework each")
    parser.add_argument("--limit", type=float, default=30.0, help="time limit per run (s)")
    parser.add_argument("--reps", type=int, default=3, help="runs per side per framework")
    parser.add_argument("--seeds", type=int, default=3, help="frameworks per case")
    opts = parser.parse_args()
    try:
        import clingo  # noqa: F401
    except ImportError:
        print("sat_vs_asp: clingo is not importable (not an argmap dependency); skipped")
        return
    from semantics_bench import random_framework

    if opts.quick:
        opts.reps, opts.seeds = 1, 1
    sizes = (
        [("", 50, 0.15), ("", 200, 0.05), (" mutual", 30, 0.1)]
        if opts.quick
        else [
            ("", 50, 0.15),
            ("", 200, 0.05),
            ("", 250, 0.04),
            ("", 300, 0.03),
            ("", 500, 0.01),
            ("", 1000, 0.003),
            ("", 2000, 0.001),
            ("", 500, 0.02),
            ("", 1000, 0.01),
            (" mutual", 30, 0.1),
            (" mutual", 40, 0.1),
        ]
    )
    header(opts)
    preferred: dict[tuple[int, int], Any] = {}
    for kind, n, p in sizes:
        make = mutual_framework if kind else random_framework
        frameworks = [make(n, p=p, seed=s) for s in range(opts.seeds)]
        preferred.clear()
        for task in TASKS:
            row = Row(task, n, p, kind)
            run_case(row, frameworks, opts.reps, opts.limit, preferred)
            print_row(row, opts.limit)
    print()
    print(f"Load average at the end: {[round(x, 2) for x in os.getloadavg()]}.")


if __name__ == "__main__":
    main()
