"""Hypothesis strategies that generate valid argument maps (valid by construction)."""

from __future__ import annotations

import itertools
from typing import Any

from hypothesis import strategies as st

from argmap import ArgumentMap

slugs = st.from_regex(r"\A[a-z][a-z0-9-]{0,8}\Z")
# Any printable text, including markup and quotes: it must survive every round trip as data.
texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\n\t"),
    min_size=1,
    max_size=40,
)
strengths = st.none() | st.floats(min_value=0, max_value=1, allow_nan=False)
optional_texts = st.none() | texts


@st.composite
def argument_maps(draw: st.DrawFn) -> ArgumentMap:
    # Unique ids from one drawn slug and a counter: cheap to generate and to shrink.
    prefix = draw(slugs)
    ids = (f"{prefix}-{n}" for n in itertools.count())
    source_text = draw(st.text(min_size=20, max_size=200)) + "END"
    source = {
        "id": next(ids),
        "title": draw(texts),
        "author": draw(optional_texts),
        "date": draw(st.none() | st.sampled_from(["2024", "2024-05", "2024-05-17"])),
        "url": draw(st.none() | st.just("https://example.org/a?b=1")),
        "text": source_text,
    }

    def quotes() -> list[dict[str, Any]]:
        result = []
        for _ in range(draw(st.integers(0, 2))):
            start = draw(st.integers(0, len(source_text) - 1))
            end = draw(st.integers(start + 1, len(source_text)))
            quote: dict[str, Any] = {"source": source["id"], "text": source_text[start:end]}
            if draw(st.booleans()) or source_text.find(quote["text"]) != start:
                quote |= {"start": start, "end": end}
            result.append(quote)
        return result

    topics = [{"id": next(ids), "label": draw(texts)} for _ in range(draw(st.integers(0, 3)))]
    if len(topics) > 1:
        topics[1]["broader"] = [topics[0]["id"]]
    topic_ids = [t["id"] for t in topics]
    kinds = ["company", "organization", "community", "government", "person", "country"]
    actors = [
        {
            "id": next(ids),
            "name": draw(texts),
            "kind": draw(st.sampled_from(kinds)),
            "description": draw(optional_texts),
        }
        for _ in range(draw(st.integers(0, 3)))
    ]
    if len(actors) > 1:
        actors[1]["member_of"] = [actors[0]["id"]]
    issues = [
        {"id": next(ids), "text": draw(texts), "quotes": quotes()}
        for _ in range(draw(st.integers(0, 2)))
    ]
    claim_kinds = [None, "fact", "definition", "prediction", "value", "policy"]
    claims = [
        {
            "id": next(ids),
            "text": draw(texts),
            "kind": draw(st.sampled_from(claim_kinds)),
            "topics": draw(st.lists(st.sampled_from(topic_ids), max_size=2)) if topic_ids else [],
            "answers": [issues[0]["id"]] if issues and draw(st.booleans()) else [],
            "note": draw(optional_texts),
            "quotes": quotes(),
        }
        for _ in range(draw(st.integers(1, 6)))
    ]
    claim_ids = [c["id"] for c in claims]
    relations: list[dict[str, Any]] = []
    if len(claims) > 1:
        for _ in range(draw(st.integers(0, 6))):
            source_id, target_id = draw(
                st.lists(st.sampled_from(claim_ids), min_size=2, max_size=2, unique=True)
            )
            relation: dict[str, Any] = {
                "id": next(ids),
                "type": draw(st.sampled_from(["support", "attack"])),
                "from": source_id,
                "to": target_id,
                "strength": draw(strengths),
                "warrant": draw(optional_texts),
                "quotes": quotes(),
            }
            if relations and relation["type"] == "attack" and draw(st.booleans()):
                relation |= {"kind": "undercut", "to": draw(st.sampled_from(relations))["id"]}
            relations.append(relation)
    stances = []
    if actors:
        for _ in range(draw(st.integers(0, 4))):
            stances.append(
                {
                    "id": next(ids),
                    "actor": draw(st.sampled_from([a["id"] for a in actors])),
                    "claim": draw(st.sampled_from(claim_ids)),
                    "position": draw(st.sampled_from(["endorses", "opposes", "concerned"])),
                    "strength": draw(strengths),
                    "quotes": quotes(),
                }
            )
    data = {
        "id": next(ids),
        "title": draw(texts),
        "description": draw(optional_texts),
        "sources": [source],
        "topics": topics,
        "actors": actors,
        "issues": issues,
        "claims": claims,
        "relations": relations,
        "stances": stances,
    }
    return ArgumentMap.model_validate(data)
