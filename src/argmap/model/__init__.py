"""The model: Pydantic classes of maps and what they hold, ids, and the checks across maps.

The model is the bottom stage: it imports :mod:`argmap.errors` and :mod:`argmap.util` only,
never a file format or RDF. :mod:`~argmap.model.entities` holds the classes of one map,
:mod:`~argmap.model.corpus` several maps checked together, :mod:`~argmap.model.ids` slugs,
references and IRIs, :mod:`~argmap.model.quotes` quote checks, :mod:`~argmap.model.stats`
counts.
"""

from argmap.model.corpus import Corpus, CorpusProblem, corpus_problems
from argmap.model.entities import (
    ANALYST,
    COLLECTIONS,
    QUOTED,
    Actor,
    ActorKind,
    Argument,
    ArgumentMap,
    AttackKind,
    Claim,
    ClaimKind,
    Illocution,
    Issue,
    Locution,
    Position,
    Quote,
    Relation,
    RelationType,
    Scheme,
    Source,
    Stance,
    Topic,
    Transition,
)
from argmap.model.schemes import BUILTIN_SCHEMES, SchemeInfo
from argmap.model.stats import corpus_stats

__all__ = [
    "ANALYST", "BUILTIN_SCHEMES", "COLLECTIONS", "QUOTED", "Actor", "ActorKind", "Argument",
    "ArgumentMap", "AttackKind", "Claim", "ClaimKind", "Corpus", "CorpusProblem", "Illocution",
    "Issue", "Locution", "Position", "Quote", "Relation", "RelationType", "Scheme", "SchemeInfo",
    "Source", "Stance", "Topic", "Transition", "corpus_problems", "corpus_stats",
]  # fmt: skip
