"""Helpers for the render tests and benchmark: synthetic large maps and a headless Chromium.

Synthetic maps are valid by construction (every reference points at an entity defined
before it), so they exercise the renderer at sizes no hand-written map reaches.
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from argmap import ArgumentMap

CHROMIUM = Path("/usr/bin/chromium")
# Flags that keep Chromium from calling home: the tests also assert no request leaves the page.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

_WORDS = (
    "open",
    "models",
    "cost",
    "less",
    "and",
    "spread",
    "faster",
    "while",
    "incumbents",
    "defend",
    "their",
    "margins",
    "with",
    "proprietary",
    "data",
    "scale",
    "regulation",
    "safety",
    "trust",
    "quality",
    "benchmarks",
    "developers",
    "adopt",
    "licences",
    "matter",
    "communities",
    "audit",
    "code",
    "governments",
    "misuse",
)


def synthetic_map(nodes: int, seed: int = 7, map_id: str = "synthetic") -> ArgumentMap:
    """A map whose page has about ``nodes`` nodes: 2% issues, 1% actors, the rest claims.

    Shaped like a real corpus: each issue has its own thread of ~50 claims (each supports
    or attacks an earlier claim of its thread), a few links cross threads, some relations
    are undercut, and each actor takes stances in a handful of threads.
    """
    rng = random.Random(seed)
    n_issues = max(1, nodes // 50)
    n_actors = max(1, nodes // 100)
    n_claims = max(2, nodes - n_issues - n_actors)
    kinds = ["company", "organization", "community", "government", "person", "country"]

    def sentence(words: int) -> str:
        return " ".join(rng.choice(_WORDS) for _ in range(words)).capitalize() + "."

    def thread(k: int) -> int:
        return k * n_issues // n_claims

    issues = [{"id": f"i{k}", "text": sentence(8) + "?"} for k in range(n_issues)]
    actors = [
        {"id": f"a{k}", "name": f"Actor {k}", "kind": kinds[k % len(kinds)]}
        for k in range(n_actors)
    ]
    claims: list[dict[str, Any]] = []
    relations: list[dict[str, Any]] = []
    first_of: dict[int, int] = {}
    for k in range(n_claims):
        t = thread(k)
        claim: dict[str, Any] = {"id": f"c{k}", "text": sentence(rng.randint(6, 22))}
        if t not in first_of or rng.random() < 0.08:
            claim["answers"] = [f"i{t}"]
        claims.append(claim)
        if t in first_of:
            target = rng.randrange(first_of[t], k)
            kind = "support" if rng.random() < 0.6 else "attack"
            relations.append({"id": f"r{k}", "type": kind, "from": f"c{k}", "to": f"c{target}"})
            if rng.random() < 0.04:  # a link to another thread
                other = rng.randrange(n_claims)
                if other != k:
                    relations.append(
                        {"id": f"x{k}", "type": "support", "from": f"c{k}", "to": f"c{other}"}
                    )
        first_of.setdefault(t, k)
    undercuts = []
    for k in range(max(1, len(relations) // 100)):
        target = relations[rng.randrange(len(relations))]
        source = rng.randrange(n_claims)
        if f"c{source}" not in (target["from"], target["to"]):
            undercuts.append(
                {
                    "id": f"u{k}",
                    "type": "attack",
                    "kind": "undercut",
                    "from": f"c{source}",
                    "to": target["id"],
                }
            )
    threads_of = {a: rng.sample(range(n_issues), min(n_issues, 3)) for a in range(n_actors)}
    stances = []
    for k in range(n_claims // 5):
        a = rng.randrange(n_actors)
        t = rng.choice(threads_of[a])
        # A claim of thread t (threads are contiguous blocks of claims).
        per_thread = max(1, n_claims // n_issues)
        claim_index = min(n_claims - 1, t * n_claims // n_issues + rng.randrange(per_thread))
        stances.append(
            {
                "id": f"s{k}",
                "actor": f"a{a}",
                "claim": f"c{claim_index}",
                "position": rng.choice(["endorses", "opposes", "concerned"]),
            }
        )
    return ArgumentMap.model_validate(
        {
            "id": map_id,
            "title": f"Synthetic map of {nodes} nodes",
            "actors": actors,
            "issues": issues,
            "claims": claims,
            "relations": relations + undercuts,
            "stances": stances,
        }
    )


def require_chromium() -> Path:
    """The Debian Chromium the browser tests drive; a clear failure (never a skip) without it."""
    if not CHROMIUM.exists() or shutil.which(str(CHROMIUM)) is None:
        raise AssertionError(
            f"{CHROMIUM} is missing: the browser tests need Debian's chromium package; "
            "run scripts/setup.sh --dev (it installs scripts/system-packages.txt)"
        )
    return CHROMIUM


@contextmanager
def chromium_browser() -> Iterator[Any]:
    """A headless Debian Chromium driven by Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    executable = require_chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
