"""Checking that quotes stand verbatim in their sources, and finding where they nearly do."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from argmap.errors import Problem

__all__ = ["MapPlace", "NearestMatch", "nearest_match", "quote_problem", "quotes_without_offsets"]

# Where a map's value is written: ``place(map_id, loc)`` gives the file that holds the map and
# the line of ``loc`` in it, or None (a map that was not read from a file of its own).
MapPlace = Callable[[str, tuple[str | int, ...]], tuple[str, int | None] | None]

# Typographic variants that make a retyped quote differ from its source.
_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})


@dataclass(frozen=True)
class NearestMatch:
    start: int
    end: int
    text: str
    exact: bool


def nearest_match(quote: str, source_text: str) -> NearestMatch | None:
    """Where ``quote`` stands in ``source_text``, or the passage most like it."""
    found = source_text.find(quote)
    if found >= 0:
        return NearestMatch(found, found + len(quote), quote, exact=True)
    if not quote or not source_text:
        return None
    folded_source, folded_quote = source_text.translate(_FOLD), quote.translate(_FOLD)
    found = folded_source.find(folded_quote)
    if found >= 0:  # the translation keeps lengths, so offsets carry over
        return NearestMatch(
            found, found + len(quote), source_text[found : found + len(quote)], False
        )
    matcher = difflib.SequenceMatcher(None, folded_source, folded_quote, autojunk=False)
    block = max(matcher.get_matching_blocks(), key=lambda b: b.size)
    if block.size == 0:
        return None
    start = max(0, block.a - block.b)
    end = min(len(source_text), start + len(quote))
    return NearestMatch(start, end, source_text[start:end], exact=False)


def quote_problem(quote: str, start: int | None, source_text: str) -> str | None:
    """Why the quote does not stand in the source at ``start``, or None when it does."""
    if start is not None and source_text[start : start + len(quote)] == quote:
        return None
    match = nearest_match(quote, source_text)
    if match is not None and match.exact:
        if start is None:
            return None
        return (
            f"the text is at offsets {match.start}-{match.end}, not at {start}; "
            f"set start: {match.start}, end: {match.end}"
        )
    where = f"at offset {start}" if start is not None else "anywhere in the source"
    shown = quote if len(quote) <= 60 else quote[:57] + "..."
    if match is None:
        return f'"{shown}" is not {where}; copy the words verbatim from the source'
    near = match.text if len(match.text) <= 80 else match.text[:77] + "..."
    return (
        f'"{shown}" is not {where}; nearest match at {match.start}-{match.end}: "{near}"; '
        "copy the words verbatim from the source"
    )


def quotes_without_offsets(corpus: Any, place: MapPlace | None = None) -> list[Problem]:
    """Quotes of a (valid) corpus that lack offsets, each with the offsets to add; ``place``
    (see :func:`argmap.formats.authoring.map_places`) names the file and line of each."""
    problems = []
    for m in corpus.maps:
        texts = {s.id: s.text for s in m.sources}
        for collection in ("issues", "claims", "arguments", "relations", "stances"):
            for index, entity in enumerate(getattr(m, collection)):
                for q, quote in enumerate(entity.quotes):
                    if quote.start is not None:
                        continue
                    text = texts.get(quote.source)
                    where = ""
                    if text is not None:
                        found = text.find(quote.text)
                        where = f"; add start: {found}, end: {found + len(quote.text)}"
                    found_at = place(m.id, (collection, index, "quotes", q)) if place else None
                    path, line = found_at if found_at else (m.id, None)
                    problems.append(
                        Problem(
                            f"quote from '{quote.source}' has no offsets{where}",
                            path,
                            line,
                            f"{collection[:-1]} '{entity.id}'",
                        )
                    )
    return problems
