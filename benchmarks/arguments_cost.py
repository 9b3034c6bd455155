"""What first-class arguments cost at scale: load + validate, model -> RDF (an Oxigraph
store) and grounded semantics on a synthetic corpus, for the checkout on ``sys.path``.

Run it twice on the same idle machine, once for the code before arguments and once after,
and compare (the PYTHONPATH picks the checkout):

    PYTHONPATH=/path/to/old/src .venv/bin/python benchmarks/arguments_cost.py --claims 100000
    .venv/bin/python benchmarks/arguments_cost.py --claims 100000

Each figure is the median of ``--repeat`` runs, in one process after one warm-up load.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _median(repeat: int, work: Callable[[], Any]) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path)
    options = parser.parse_args()

    import argmap
    from argmap.analysis.semantics import grounded_labels_for_corpus
    from argmap.formats.registry import load
    from argmap.formats.synth import dumps_map_data, synth_corpus_data
    from argmap.rdf.store import to_store

    with tempfile.TemporaryDirectory() as folder:
        files = []
        for i, data in enumerate(synth_corpus_data(options.claims, actors=50, seed=1, maps=2)):
            path = Path(folder) / f"synth-{i}.json"
            path.write_bytes(dumps_map_data(data, ".json"))
            files.append(path)
        corpus = load(files)  # warm-up: imports and caches
        load_s, corpus = _median(options.repeat, lambda: load(files))
        rdf_s, store = _median(options.repeat, lambda: to_store(corpus))
        grounded_s, _ = _median(options.repeat, lambda: grounded_labels_for_corpus(corpus))
    figures = {
        "argmap": str(Path(argmap.__file__).parent),
        "claims": options.claims,
        # (the code before issue 15 has no `arguments`)
        "arguments": sum(len(getattr(m, "arguments", ())) for m in corpus.maps),
        "linked": sum(
            len(a.premises) > 1 for m in corpus.maps for a in getattr(m, "arguments", ())
        ),
        "relations": sum(len(m.relations) for m in corpus.maps),
        "quads": len(store),
        "load_validate_s": round(load_s, 3),
        "model_to_rdf_s": round(rdf_s, 3),
        "load_plus_rdf_s": round(load_s + rdf_s, 3),
        "grounded_s": round(grounded_s, 4),
    }
    text = json.dumps(figures, indent=2)
    print(text)
    if options.json:
        options.json.write_text(text + "\n")
    sys.exit(0)


if __name__ == "__main__":
    main()
