"""Synthetic corpora for benchmarks and scale tests: realistic shape, valid by construction,
the same for the same seed."""

from __future__ import annotations

import random
from typing import Any

from argmap.corpus import Corpus
from argmap.model import ArgumentMap

__all__ = ["synth_corpus", "synth_map_data"]

_WORDS = [
    "open",
    "models",
    "ai",
    "big",
    "tech",
    "developers",
    "regulation",
    "security",
    "revenue",
    "innovation",
    "community",
    "licence",
    "cost",
    "trust",
    "quality",
    "data",
    "compute",
    "market",
    "power",
    "policy",
    "risk",
    "access",
    "research",
    "startup",
    "cloud",
    "chip",
    "export",
    "safety",
    "transparency",
    "competition",
    "platform",
    "ecosystem",
    "standard",
    "model",
    "weights",
]
ACTOR_KINDS = ["company", "organization", "community", "government", "person", "country"]
TOPICS = [
    "economics",
    "competition",
    "security",
    "regulation",
    "geopolitics",
    "safety",
    "innovation",
    "cost",
]


def _sentence(rng: random.Random, low: int = 8, high: int = 24) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


def synth_map_data(
    map_id: str, claims: int, actors: int, seed: int, *, actor_prefix: str = "actor"
) -> dict[str, Any]:
    """Authoring data (a dict) for one map of ``claims`` claims.

    Shape: ~1 issue per 25 claims; each claim answers an issue or supports/attacks an earlier
    claim chosen with preferential attachment (a few claims draw most relations, as in real
    debates); 1 in 12 attacks is an undercut; ~0.3 stances per claim; one quote per claim,
    with offsets, into a generated source text.
    """
    rng = random.Random(seed)  # noqa: S311 — repeatable data, not secrets
    sentences = [_sentence(rng) for _ in range(claims)]
    offsets, position = [], 0
    for sentence in sentences:
        offsets.append(position)
        position += len(sentence) + 1
    source_text = " ".join(sentences)
    issue_count = max(1, claims // 25)
    data: dict[str, Any] = {
        "argmap": 1,
        "id": map_id,
        "title": f"Synthetic map {map_id}",
        "sources": [
            {"id": f"{map_id}-source", "title": f"Source of {map_id}", "text": source_text}
        ],
        "topics": [{"id": t, "label": t.capitalize()} for t in TOPICS],
        "actors": [
            {
                "id": f"{actor_prefix}-{i}",
                "name": f"Actor {i}",
                "kind": ACTOR_KINDS[i % len(ACTOR_KINDS)],
            }
            for i in range(actors)
        ],
        "issues": [
            {"id": f"i{i}", "text": _sentence(rng, 6, 12).rstrip(".") + "?"}
            for i in range(issue_count)
        ],
    }
    claim_list: list[dict[str, Any]] = []
    relations: list[dict[str, Any]] = []
    stances: list[dict[str, Any]] = []
    # Preferential attachment: every claim holds one ticket, plus one per relation it drew.
    tickets: list[int] = []
    for index, sentence in enumerate(sentences):
        claim: dict[str, Any] = {
            "id": f"c{index}",
            "text": sentence,
            "kind": rng.choice(["fact", "prediction", "value", "policy"]),
            "topics": [rng.choice(TOPICS)],
            "quotes": [
                {
                    "source": f"{map_id}-source",
                    "text": sentence,
                    "start": offsets[index],
                    "end": offsets[index] + len(sentence),
                }
            ],
        }
        if index == 0 or rng.random() < 0.15:
            claim["answers"] = [f"i{rng.randrange(issue_count)}"]
        else:
            for _ in range(1 + (rng.random() < 0.5)):
                target = rng.choice(tickets)
                is_attack = rng.random() < 0.4
                relation: dict[str, Any] = {
                    "id": f"r{len(relations)}",
                    "type": "attack" if is_attack else "support",
                    "from": f"c{index}",
                    "to": f"c{target}",
                    "strength": round(rng.random(), 2),
                }
                if is_attack and relations and rng.random() < 1 / 12:
                    relation["kind"] = "undercut"
                    relation["to"] = f"r{rng.randrange(len(relations))}"
                if relation["to"] != relation["from"]:
                    relations.append(relation)
                tickets.append(target)
        claim_list.append(claim)
        tickets.append(index)
        if actors and rng.random() < 0.3:
            stances.append(
                {
                    "id": f"s{len(stances)}",
                    "actor": f"{actor_prefix}-{rng.randrange(actors)}",
                    "claim": f"c{index}",
                    "position": rng.choice(["endorses", "endorses", "opposes", "concerned"]),
                    "strength": round(rng.random(), 2),
                }
            )
    data |= {"claims": claim_list, "relations": relations, "stances": stances}
    return data


def synth_corpus(claims: int, actors: int = 20, seed: int = 0, maps: int = 1) -> Corpus:
    """A corpus of ``maps`` synthetic maps with ``claims`` claims in all, sharing actors."""
    per_map = max(1, claims // maps)
    return Corpus(
        maps=tuple(
            ArgumentMap.model_validate(synth_map_data(f"synth-{i}", per_map, actors, seed + i))
            for i in range(maps)
        )
    )
