"""Id and IRI rules: slugs, qualified references, minting IRIs from a map's base IRI."""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "DEFAULT_BASE",
    "REF_PATTERN",
    "SLUG_PATTERN",
    "claim_key",
    "entity_iri",
    "is_slug",
    "map_iri",
    "quote_iri",
    "shared_iri",
    "slugify",
    "split_ref",
]

DEFAULT_BASE = "https://w3id.org/argmap/id/"
SLUG_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,119}$"
# A reference is a slug, or `map-id:entity-id` for an entity of another map in the corpus.
REF_PATTERN = r"^(?:[A-Za-z0-9][A-Za-z0-9_.-]{0,119}:)?[A-Za-z0-9][A-Za-z0-9_.-]{0,119}$"
_SLUG = re.compile(SLUG_PATTERN)

# Map-scoped collections get their IRIs under the map; shared ones under the base.
MAP_SCOPED = {"claim", "issue", "argument", "relation", "stance", "scheme"}
SHARED = {"actor", "topic", "source"}


def is_slug(text: str) -> bool:
    return bool(_SLUG.match(text))


def slugify(text: str, fallback: str = "x", max_length: int = 60) -> str:
    """A readable slug for free text (for importers); never empty."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-").lower()[:max_length].strip("-")
    return slug or fallback


def split_ref(ref: str) -> tuple[str | None, str]:
    """``'m:c1'`` -> ``('m', 'c1')``; ``'c1'`` -> ``(None, 'c1')``."""
    map_id, sep, local = ref.rpartition(":")
    return (map_id, local) if sep else (None, ref)


def claim_key(map_id: str, ref: str) -> str:
    """The corpus-wide key of the entity ``ref`` names from inside map ``map_id``:
    ``('reply', 'mini:open-cheap')`` -> ``'mini:open-cheap'``; a local ref gets ``map_id``."""
    other, local = split_ref(ref)
    return f"{other or map_id}:{local}"


def map_iri(base: str, map_id: str) -> str:
    return f"{base}map/{map_id}"


def entity_iri(base: str, map_id: str, kind: str, entity_id: str) -> str:
    """IRI of a claim, issue, relation or stance of a map."""
    return f"{base}map/{map_id}/{kind}/{entity_id}"


def shared_iri(base: str, kind: str, entity_id: str) -> str:
    """IRI of an actor, topic or source: one per id across the corpus."""
    return f"{base}{kind}/{entity_id}"


def quote_iri(owner_iri: str, number: int) -> str:
    return f"{owner_iri}/quote/{number}"
