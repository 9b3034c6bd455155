"""Choosing the response format from the ``Accept`` header.

SPARQL 1.1 Protocol §2.1.5 (Accepted Response Formats) leaves the format to HTTP content
negotiation, and §2.1.6 (Success Responses) asks for the format's own media type in
``Content-Type``. The Accept header is read as RFC 9110 §12.5.1 defines it: media ranges
with q-values, the most specific matching range deciding an offer's q.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["GRAPH_OFFERS", "RESULT_OFFERS", "Offer", "accept_ranges", "accepted_types", "negotiate"]


@dataclass(frozen=True)
class Offer:
    """One way to answer: a media type a client may ask for, and how it is written."""

    media_type: str  # what the Accept header names
    fmt: str  # the format_result name
    content_type: str  # what the response says


RESULT_OFFERS = (  # SELECT and ASK; the first is the default
    Offer("application/sparql-results+json", "json", "application/sparql-results+json"),
    Offer("application/json", "json", "application/sparql-results+json"),
    Offer("application/sparql-results+xml", "xml", "application/sparql-results+xml"),
    Offer("text/csv", "csv", "text/csv; charset=utf-8"),
    Offer("text/tab-separated-values", "tsv", "text/tab-separated-values; charset=utf-8"),
)
GRAPH_OFFERS = (  # CONSTRUCT and DESCRIBE
    Offer("text/turtle", "turtle", "text/turtle; charset=utf-8"),
    Offer("application/turtle", "turtle", "text/turtle; charset=utf-8"),
    Offer("application/x-turtle", "turtle", "text/turtle; charset=utf-8"),
    Offer("application/n-triples", "ntriples", "application/n-triples"),
    Offer("application/ld+json", "jsonld", "application/ld+json"),
    Offer("application/json", "jsonld", "application/ld+json"),
    Offer("application/rdf+xml", "rdfxml", "application/rdf+xml"),
)


def accept_ranges(header: str) -> list[tuple[str, float, int]]:
    """The media ranges of an Accept header: (range, q, position), malformed ones dropped."""
    ranges = []
    for position, part in enumerate(header.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        media = media.lower()
        if media.count("/") != 1:
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(1.0, max(0.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append((media, q, position))
    return ranges


def negotiate(header: str | None, offers: Sequence[Offer]) -> Offer | None:
    """The offer the client prefers: highest q, then the most specific range, then the first
    named by the client, then ours. No Accept header (or ``*/*``) gets the first offer; None
    when nothing offered is acceptable (the handler answers 406)."""
    if header is None or not header.strip():
        return offers[0]
    ranges = accept_ranges(header)
    best: tuple[tuple[float, int, int, int], Offer] | None = None
    for rank, offer in enumerate(offers):
        kind = offer.media_type.split("/")[0]
        matches = [
            (specificity, q, position)
            for media, q, position in ranges
            for specificity, pattern in ((2, offer.media_type), (1, f"{kind}/*"), (0, "*/*"))
            if media == pattern
        ]
        if not matches:
            continue
        specificity, q, position = max(matches)  # the most specific range decides q
        if q <= 0:
            continue
        key = (q, specificity, -position, -rank)
        if best is None or key > best[0]:
            best = (key, offer)
    return best[1] if best else None


def accepted_types(offers: Sequence[Offer]) -> str:
    """The media types of ``offers``, for a 406 message: ``a/b, c/d``."""
    return ", ".join(dict.fromkeys(o.media_type for o in offers))
