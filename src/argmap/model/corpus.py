"""Several maps loaded together: shared actors, topics and sources; links across maps."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cached_property

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from argmap.errors import MapError, Problem
from argmap.model.entities import Actor, ArgumentMap, AttackKind, Source, Topic
from argmap.model.ids import split_ref
from argmap.model.quotes import MapPlace

__all__ = ["Corpus", "CorpusProblem", "corpus_of", "corpus_problems"]

# A corpus problem: (map id, location in that map's file, entity label, message).
CorpusProblem = tuple[str, tuple[str | int, ...], str | None, str]
SHARED_COLLECTIONS = ("sources", "topics", "actors")


class Corpus(BaseModel):
    """Maps that belong together. The same actor, topic or source id in two maps is one entity
    (one IRI); where two maps define it, they must define it the same way."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    maps: tuple[ArgumentMap, ...]

    @model_validator(mode="after")
    def _integrity(self) -> Corpus:
        problems = list(corpus_problems(self.maps))
        if problems:
            raise PydanticCustomError(
                "corpus_integrity", "{summary}", {"summary": problems[0][3], "problems": problems}
            )
        return self

    @cached_property
    def maps_by_id(self) -> dict[str, ArgumentMap]:
        return {m.id: m for m in self.maps}

    @cached_property
    def actors(self) -> dict[str, Actor]:
        return {a.id: a for m in self.maps for a in m.actors}

    @cached_property
    def topics(self) -> dict[str, Topic]:
        return {t.id: t for m in self.maps for t in m.topics}

    @cached_property
    def sources(self) -> dict[str, Source]:
        return {s.id: s for m in self.maps for s in m.sources}


def corpus_of(
    maps: Iterable[ArgumentMap], place: MapPlace | None = None, label: str | None = None
) -> Corpus:
    """The corpus of ``maps``, or a MapError with every way they do not fit together. Each
    problem names the file and line ``place`` gives for it (see
    :func:`argmap.formats.authoring.map_places`), else ``label``."""
    try:
        return Corpus(maps=tuple(maps))
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False):
            for map_id, loc, entity, message in error.get("ctx", {}).get("problems", []):
                found = place(map_id, loc) if place is not None else None
                path, line = found if found is not None else (label, None)
                problems.append(Problem(message, path, line, entity))
        raise MapError(problems) from None


def corpus_problems(maps: Sequence[ArgumentMap]) -> Iterator[CorpusProblem]:
    by_id: dict[str, ArgumentMap] = {}
    for m in maps:
        if m.id in by_id:
            yield m.id, ("id",), None, f"two maps have the id '{m.id}'; give each map its own id"
        by_id.setdefault(m.id, m)
    for collection in SHARED_COLLECTIONS:
        first: dict[str, tuple[str, object]] = {}
        for m in maps:
            for index, entity in enumerate(getattr(m, collection)):
                key = (entity.id, m.base)
                seen = first.setdefault(str(key), (m.id, entity))
                if seen[1] != entity:
                    kind = collection[:-1]
                    yield (
                        m.id,
                        (collection, index),
                        f"{kind} '{entity.id}'",
                        (
                            f"defined differently in map '{seen[0]}'"
                            f" ({_difference(seen[1], entity)}); a shared id must have one"
                            " definition: make them identical or rename one"
                        ),
                    )
    # Only a reference with ':' names another map's entity (see ids.split_ref); the others
    # were checked by their own map, so skip them without a call (maps hold 100,000s).
    for m in maps:
        for index, argument in enumerate(m.arguments):
            refs = [("premises", p) for p in argument.premises]
            for field, ref in (*refs, ("conclusion", argument.conclusion)):
                if ":" not in ref:
                    continue
                problem = _foreign_problem(m, ref, ("claim",), by_id)
                if problem:
                    yield m.id, ("arguments", index, field), f"argument '{argument.id}'", problem
        for index, rel in enumerate(m.relations):
            if ":" not in rel.source and ":" not in rel.target:
                continue
            for field, ref in (("from", rel.source), ("to", rel.target)):
                wanted = _TARGETS.get(rel.kind, ("claim",)) if field == "to" else ("claim",)
                problem = _foreign_problem(m, ref, wanted, by_id)
                if problem:
                    yield m.id, ("relations", index, field), f"relation '{rel.id}'", problem
        for index, stance in enumerate(m.stances):
            if ":" not in stance.claim:
                continue
            problem = _foreign_problem(m, stance.claim, ("claim",), by_id)
            if problem:
                yield m.id, ("stances", index, "claim"), f"stance '{stance.id}'", problem


# What an attack of each kind may name in another map (an undermine: a claim).
_TARGETS: dict[AttackKind | None, tuple[str, ...]] = {
    AttackKind.REBUT: ("claim", "argument"),
    AttackKind.UNDERCUT: ("argument", "relation"),
}


def _foreign_problem(
    m: ArgumentMap, ref: str, wanted: tuple[str, ...], by_id: dict[str, ArgumentMap]
) -> str | None:
    map_id, local = split_ref(ref)
    if map_id is None:
        return None
    if map_id == m.id:
        return f"'{ref}' names this map; write just '{local}'"
    other = by_id.get(map_id)
    if other is None:
        return f"'{ref}' is in map '{map_id}', which is not loaded; load its file too"
    if other.base != m.base:
        return f"map '{map_id}' has another base IRI; maps that link must share one base"
    pools: dict[str, Mapping[str, object]] = {
        "claim": other.claims_by_id,
        "argument": other.inferences_by_id,
        "relation": other.relations_by_id,
    }
    if not any(local in pools[kind] for kind in wanted):
        return f"map '{map_id}' has no {' or '.join(wanted)} '{local}'; fix the id"
    return None


def _difference(a: object, b: object) -> str:
    if isinstance(a, BaseModel) and isinstance(b, BaseModel):
        for name in type(a).model_fields:
            if getattr(a, name) != getattr(b, name):
                return f"'{name}' differs: {getattr(a, name)!r} vs {getattr(b, name)!r}"[:160]
    return "fields differ"
