"""The map without the analyst's links: one definition for the analysis and the map page.

A link the mapper adds that the text does not make carries ``by: [analyst]``. Taking the
analyst away removes every argument, relation and stance so marked, and with them every
relation that targets a removed one (an undercut of a removed relation or argument, and
an undercut of that undercut, …): it attacks an inference that is no longer there. Claims,
issues and actors stay: what the text says is not the analyst's, only some of the links
between them are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from argmap.model.corpus import Corpus
from argmap.model.entities import ANALYST, ArgumentMap
from argmap.model.ids import claim_key

__all__ = ["AnalystShare", "analyst_additions", "analyst_share", "without_analyst"]

LINKS = ("arguments", "relations", "stances")


def analyst_additions(maps: Sequence[ArgumentMap]) -> frozenset[str]:
    """Keys (``<map-id>:<id>``) of the arguments, relations and stances the map loses
    without the analyst: those marked ``by: analyst`` and the relations that target them."""
    removed = {
        f"{m.id}:{e.id}"
        for m in maps
        for name in LINKS
        for e in getattr(m, name)
        if ANALYST in e.by
    }
    if not removed:
        return frozenset()
    targets = [(f"{m.id}:{r.id}", claim_key(m.id, r.target)) for m in maps for r in m.relations]
    grew = True
    while grew:  # an undercut of a removed undercut goes too: at most one pass per level
        before = len(removed)
        removed.update(key for key, target in targets if target in removed)
        grew = len(removed) > before
    return frozenset(removed)


def without_analyst(corpus: Corpus) -> Corpus:
    """``corpus`` without the analyst's links (see :func:`analyst_additions`); the same
    corpus when it has none. Illocutions that anchored a removed link go with it."""
    removed = analyst_additions(corpus.maps)
    if not removed:
        return corpus

    def kept(m: ArgumentMap) -> ArgumentMap:
        def keep(entity_id: str | None) -> bool:
            return entity_id is None or f"{m.id}:{entity_id}" not in removed

        return m.model_copy(
            update={
                "arguments": tuple(a for a in m.arguments if keep(a.id)),
                "relations": tuple(r for r in m.relations if keep(r.id)),
                "stances": tuple(s for s in m.stances if keep(s.id)),
                "illocutions": tuple(i for i in m.illocutions if keep(i.target)),
            }
        )

    return Corpus(maps=tuple(kept(m) for m in corpus.maps))


@dataclass(frozen=True)
class AnalystShare:
    """How many of the links (arguments, relations, stances) are the analyst's."""

    arguments: int
    relations: int
    stances: int
    links: int  # all arguments, relations and stances, the text's and the analyst's

    @property
    def total(self) -> int:
        return self.arguments + self.relations + self.stances

    @property
    def share(self) -> float:
        """The analyst's links as a fraction of all links (0 for a map without links)."""
        return self.total / self.links if self.links else 0.0


def analyst_share(corpus: Corpus) -> AnalystShare:
    """Count the links marked ``by: analyst`` (as ``argmap stats`` counts ``by_analyst``)."""
    counts = {
        name: sum(ANALYST in e.by for m in corpus.maps for e in getattr(m, name)) for name in LINKS
    }
    links = sum(len(getattr(m, name)) for m in corpus.maps for name in LINKS)
    return AnalystShare(**counts, links=links)
