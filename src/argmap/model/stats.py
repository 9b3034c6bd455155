"""Counts that summarise a corpus: per kind, per map and per actor."""

from __future__ import annotations

from collections import Counter
from typing import Any

from argmap.model.corpus import Corpus
from argmap.model.entities import ANALYST, COLLECTIONS, QUOTED, AttackKind, RelationType

__all__ = ["corpus_stats"]


def corpus_stats(corpus: Corpus) -> dict[str, Any]:
    """Entity counts for the whole corpus, for each map, and stances for each actor."""
    per_map: dict[str, dict[str, int]] = {}
    for m in corpus.maps:
        counts = {name: len(getattr(m, name)) for name in COLLECTIONS}
        types = Counter(r.type for r in m.relations)
        kinds = Counter(r.kind for r in m.relations)
        counts["supports"] = types[RelationType.SUPPORT]
        counts["linked_arguments"] = sum(len(a.premises) > 1 for a in m.arguments)
        counts["rebuts"] = kinds[AttackKind.REBUT]
        counts["undermines"] = kinds[AttackKind.UNDERMINE]
        counts["undercuts"] = kinds[AttackKind.UNDERCUT]
        for kind in (RelationType.CONTRARY, RelationType.CONTRADICTORY, RelationType.REPHRASE):
            counts[f"{kind.value}s"] = types[kind]
        counts["by_analyst"] = sum(
            ANALYST in e.by
            for name in ("arguments", "relations", "stances")
            for e in getattr(m, name)
        )
        counts["quotes"] = sum(len(e.quotes) for name in QUOTED for e in getattr(m, name))
        per_map[m.id] = counts
    totals: Counter[str] = Counter()
    for counts in per_map.values():
        totals.update(counts)
    # Shared entities are counted once for the corpus.
    totals["actors"], totals["topics"] = len(corpus.actors), len(corpus.topics)
    totals["sources"] = len(corpus.sources)
    per_actor: dict[str, dict[str, str | int]] = {}
    for actor_id, actor in sorted(corpus.actors.items()):
        positions = Counter(s.position.value for m in corpus.maps for s in m.stances_of(actor_id))
        per_actor[actor_id] = {"name": actor.name, "kind": actor.kind.value, **positions}
    return {
        "maps": len(corpus.maps),
        "totals": dict(totals),
        "per_map": per_map,
        "per_actor": per_actor,
    }
