"""The tools argmap is measured against, each called the way its users call it.

- pyoxigraph straight (the floor for our queries and RDF build),
- rdflib's in-memory SPARQL engine,
- python-argumentation (``py_arg``) for semantics,
- arguebuf for reading AIF.

Each ``time_*`` function returns seconds of the work alone (building the peer's input
objects is not timed), so it can run in a forked child under a time limit.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from argmap.analysis.framework import Framework
from argmap.sparql.local import QUERY_PREFIXES, Literal_, with_values
from argmap.util.gcpause import collector_paused

__all__ = [
    "direct_query",
    "py_arg_call",
    "time_arguebuf_load",
    "time_py_arg",
    "time_rdflib_query",
]


def direct_query(store: ox.Store, sparql: str, params: Mapping[str, str]) -> int:
    """The floor: pyoxigraph running the same SPARQL, parameters as the inline ``VALUES``
    block argmap writes (pyoxigraph's ``substitutions`` are applied late and are far slower),
    every value of every row read, as any caller must.

    The cyclic collector is paused while the rows are read, as argmap pauses it while it
    converts them: otherwise a collection walking the benchmark's whole corpus falls on the
    floor's run or on argmap's by chance, and the ratio measures that, not argmap."""
    text = with_values(sparql, {k: Literal_(v) for k, v in params.items()})
    with collector_paused():
        result = store.query(text, prefixes=QUERY_PREFIXES, use_default_graph_as_union=True)
        if isinstance(result, ox.QueryBoolean):
            return int(bool(result))
        if isinstance(result, ox.QuerySolutions):
            width = len(result.variables)
            return len([tuple(s[i] for i in range(width)) for s in result])
        return len(list(result))


def time_rdflib_query(
    dataset: Any, sparql: str, params: Mapping[str, str], runs: int, budget: float
) -> list[float]:
    """Seconds of each of up to ``runs`` runs on rdflib (stopping once ``budget`` is spent),
    parameters as ``initBindings``, every row read."""
    import rdflib

    bindings = {rdflib.Variable(k): rdflib.Literal(v) for k, v in params.items()}
    times: list[float] = []
    while len(times) < runs and sum(times) < budget:
        started = time.perf_counter()
        list(dataset.query(sparql, initNs=QUERY_PREFIXES, initBindings=bindings))
        times.append(time.perf_counter() - started)
    return times


def py_arg_call(task: str, framework: Framework) -> Callable[[], Any]:
    """python-argumentation's solver for ``task`` (GR, PR or ST) on ``framework``, ready to
    call (its framework objects are built here, outside any timing)."""
    from py_arg.abstract_argumentation_classes.abstract_argumentation_framework import (
        AbstractArgumentationFramework,
    )
    from py_arg.abstract_argumentation_classes.argument import Argument
    from py_arg.abstract_argumentation_classes.defeat import Defeat
    from py_arg.algorithms.semantics.get_grounded_extension import get_grounded_extension
    from py_arg.algorithms.semantics.get_preferred_extensions import get_preferred_extensions
    from py_arg.algorithms.semantics.get_stable_extensions import get_stable_extensions

    arguments = {a: Argument(a) for a in framework.arguments}
    af = AbstractArgumentationFramework(
        "bench",
        list(arguments.values()),
        [Defeat(arguments[a], arguments[b]) for a, b in framework.attacks],
    )
    solve = {
        "GR": get_grounded_extension,
        "PR": get_preferred_extensions,
        "ST": get_stable_extensions,
    }[task]
    return lambda: solve(af)


def time_py_arg(task: str, framework: Framework) -> float:
    call = py_arg_call(task, framework)
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def time_arguebuf_load(path: Path) -> float:
    """Seconds for ``arguebuf.load.file`` to read an AIF JSON file."""
    import arguebuf

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # arguebuf warns about its own dependencies
        started = time.perf_counter()
        arguebuf.load.file(path)
        return time.perf_counter() - started
