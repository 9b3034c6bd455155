"""What rests on the analyst's links: the results that change when the links the mapper
added (``by: analyst``) are taken away, as :func:`argmap.model.analyst.without_analyst`
takes them away (the same rule as the map page's "only what the text argues").

The caller gives the claims' statuses on both corpora (one more semantics solve, under
the same semantics); the rankings are recomputed here, which is cheap (PageRank and
counts, no solve).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from argmap.analysis.importance import bridges, claim_importance, top
from argmap.model.analyst import analyst_share, without_analyst
from argmap.model.corpus import Corpus

__all__ = ["RANKINGS", "analyst_dependence"]

#: The report's claim rankings and the figure each ranks by.
RANKINGS = {"controversies": "controversy", "important": "pagerank", "most_attacked": "attacks"}


def analyst_dependence(
    corpus: Corpus,
    status: Mapping[str, str],
    status_without: Mapping[str, str],
    *,
    count: int,
) -> dict[str, Any]:
    """The report's section "What rests on the analyst's links", as JSON-ready data.

    ``status`` are the claims' statuses with the analyst's links, ``status_without`` on
    ``without_analyst(corpus)``. ``links`` counts the analyst's arguments, relations and
    stances and their share of all; ``claims`` lists every claim whose status differs;
    ``rankings`` every entry of a top-``count`` ranking whose rank differs (``rank_without``
    is null when it leaves the list); ``bridges`` the cross-map relations that go.
    """
    share = analyst_share(corpus)
    links = {
        "arguments": share.arguments,
        "relations": share.relations,
        "stances": share.stances,
        "total": share.total,
        "all": share.links,
        "share": round(share.share, 4),
    }
    if not share.total:
        return {"links": links, "claims": [], "rankings": {n: [] for n in RANKINGS}, "bridges": []}
    reduced = without_analyst(corpus)
    texts = _claim_texts(corpus)
    claims = [
        {
            "claim": key,
            "text": texts.get(key, ""),
            "with_analyst": label,
            "without_analyst": status_without.get(key),
        }
        for key, label in status.items()
        if status_without.get(key) != label
    ]
    with_figures, without_figures = claim_importance(corpus), claim_importance(reduced)
    rankings: dict[str, list[dict[str, Any]]] = {}
    for name, figure in RANKINGS.items():
        before = [f.key for f in top(with_figures, figure, count)]
        after = {
            key: n for n, key in enumerate((f.key for f in top(without_figures, figure, count)), 1)
        }
        rankings[name] = [
            {"claim": key, "rank": n, "rank_without": after.get(key)}
            for n, key in enumerate(before, 1)
            if after.get(key) != n
        ]
    kept = {b.relation for b in bridges(reduced)}
    return {
        "links": links,
        "claims": sorted(claims, key=lambda c: c["claim"]),
        "rankings": rankings,
        "bridges": [b.relation for b in bridges(corpus) if b.relation not in kept],
    }


def _claim_texts(corpus: Corpus) -> dict[str, str]:
    return {f"{m.id}:{c.id}": c.text for m in corpus.maps for c in m.claims}
