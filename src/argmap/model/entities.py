"""Typed argument maps: the single source of truth in memory.

Every model is frozen and forbids unknown keys. An :class:`ArgumentMap` checks its own
integrity when built (unique ids, references that resolve, no self-relations, undercuts on
inferences, quotes that stand in their sources), so a map you hold is always a valid map.

An :class:`Argument` is an inference: premises that hold a conclusion only together (AIF's
RA node). A one-premise ``support`` relation is shorthand for one: :attr:`ArgumentMap.
inferences` gives both as arguments. Attacks name what they hit (rebut, undermine,
undercut); contrary, contradictory and rephrase relate two claims.
"""

from __future__ import annotations

import difflib
import weakref
from collections.abc import Iterator
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from argmap.model.ids import DEFAULT_BASE, REF_PATTERN, SLUG_PATTERN, split_ref
from argmap.model.quotes import quote_problem
from argmap.model.schemes import BUILTIN_SCHEMES

__all__ = [
    "ANALYST",
    "Actor",
    "ActorKind",
    "Argument",
    "ArgumentMap",
    "AttackKind",
    "Claim",
    "ClaimKind",
    "Illocution",
    "Issue",
    "Locution",
    "Position",
    "Quote",
    "Relation",
    "RelationType",
    "Scheme",
    "Source",
    "Stance",
    "Topic",
    "Transition",
]

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
Ref = Annotated[str, StringConstraints(pattern=REF_PATTERN)]
Text = Annotated[str, StringConstraints(min_length=1)]
Strength = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]
DATE_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
URL_PATTERN = r"^https?://[^\s<>\"{}|\\^`]+$"

# Where an entity came from in another format, kept so an export writes it back as it was
# (an AIF nodeID and timestamp): text as written, never parsed.
Identifier = Annotated[
    str | None,
    Field(
        default=None,
        description="The id this entity has in the format it was imported from (an AIF"
        " nodeID), written back on export.",
    ),
]
Created = Annotated[
    str | None,
    Field(
        default=None,
        description="When it was made, as the source format wrote it (an AIF timestamp).",
    ),
]


class ActorKind(StrEnum):
    COMPANY = "company"
    ORGANIZATION = "organization"
    COMMUNITY = "community"
    GOVERNMENT = "government"
    PERSON = "person"
    COUNTRY = "country"


class ClaimKind(StrEnum):
    FACT = "fact"
    DEFINITION = "definition"
    PREDICTION = "prediction"
    VALUE = "value"
    POLICY = "policy"


class RelationType(StrEnum):
    SUPPORT = "support"
    ATTACK = "attack"
    # Between two claims: `from` is a contrary of `to` (one-way conflict, as ASPIC+'s
    # contrariness), the two are contradictory (both ways), or `from` restates `to`.
    CONTRARY = "contrary"
    CONTRADICTORY = "contradictory"
    REPHRASE = "rephrase"


class AttackKind(StrEnum):
    REBUT = "rebut"  # a claim, or the conclusion of an argument
    UNDERMINE = "undermine"  # a premise of an argument
    UNDERCUT = "undercut"  # the inference of an argument (or of a relation)


# `by: analyst` marks a link the mapper adds that the text does not make.
ANALYST = "analyst"


class Position(StrEnum):
    ENDORSES = "endorses"
    OPPOSES = "opposes"
    CONCERNED = "concerned"


class _Model(BaseModel):
    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        str_strip_whitespace=False,
    )


def _as_sorted_set(value: Any) -> Any:
    """Id lists are sets; keeping them sorted makes the RDF round trip exact."""
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return tuple(sorted(set(value)))
    return value


class Quote(_Model):
    """Verbatim words from a source, optionally with their character offsets.

    Offsets count Unicode code points, as W3C Web Annotation's TextPositionSelector does.
    That the offsets agree with the words (both given, ``end - start`` their length) is
    checked by the map that holds the quote, with its other quote checks (see
    :func:`integrity_problems`), so a map reports every quote problem in one run.
    """

    source: Slug = Field(description="Id of the source the words come from.")
    text: Text = Field(description="The exact words, copied verbatim.")
    start: int | None = Field(default=None, ge=0, description="Offset of the first character.")
    end: int | None = Field(default=None, ge=0, description="Offset after the last character.")


class Source(_Model):
    """A document that quotes point into."""

    id: Slug
    title: Text
    author: str | None = None
    publisher: str | None = None
    date: Annotated[str, StringConstraints(pattern=DATE_PATTERN)] | None = Field(
        default=None, description="YYYY, YYYY-MM or YYYY-MM-DD."
    )
    url: Annotated[str, StringConstraints(pattern=URL_PATTERN)] | None = None
    text: str | None = Field(default=None, description="The full text, for checking quotes.")


class Topic(_Model):
    """A subject a claim or issue is about (a SKOS concept)."""

    id: Slug
    label: Text
    description: str | None = None
    broader: tuple[Slug, ...] = ()

    _sorted = field_validator("broader", mode="before")(_as_sorted_set)


class Actor(_Model):
    """Someone who holds positions: a company, a community, a government, a person…"""

    id: Slug
    name: Text
    kind: ActorKind
    description: str | None = None
    member_of: tuple[Slug, ...] = ()
    identifier: Identifier = None

    _sorted = field_validator("member_of", mode="before")(_as_sorted_set)


class Issue(_Model):
    """An open question that claims answer."""

    id: Slug
    text: Text
    topics: tuple[Slug, ...] = ()
    quotes: tuple[Quote, ...] = ()

    _sorted = field_validator("topics", mode="before")(_as_sorted_set)


class Claim(_Model):
    """A statement someone can hold."""

    id: Slug
    text: Text
    kind: ClaimKind | None = None
    answers: tuple[Slug, ...] = ()
    topics: tuple[Slug, ...] = ()
    note: str | None = None
    quotes: tuple[Quote, ...] = ()
    identifier: Identifier = None
    created: Created = None

    _sorted = field_validator("answers", "topics", mode="before")(_as_sorted_set)


class Scheme(_Model):
    """A map's own argumentation scheme (a SKOS concept), beside the built-in ones."""

    id: Slug
    label: Text
    description: str | None = None
    broader: Slug | None = Field(
        default=None, description="A built-in scheme (or another of the map's) it refines."
    )


By = Annotated[
    tuple[Slug, ...],
    Field(description="Who advances it: actor ids, or 'analyst' for the mapper's own link."),
]


class Argument(_Model):
    """An inference: premises that hold the conclusion only together (linked)."""

    id: Slug
    premises: Annotated[tuple[Ref, ...], Field(min_length=1)] = Field(
        description="Ids of the claims that, all together, give the conclusion."
    )
    conclusion: Ref = Field(description="Id of the claim the premises give.")
    scheme: Slug | None = Field(
        default=None, description="A built-in scheme id or one of the map's schemes."
    )
    warrant: str | None = None
    strength: Strength | None = None
    quotes: tuple[Quote, ...] = ()
    by: By = ()
    identifier: Identifier = None
    created: Created = None

    _sorted = field_validator("premises", "by", mode="before")(_as_sorted_set)


class Relation(_Model):
    """A link from a claim: a support or attack, or a contrary, contradictory or rephrase.

    A support is a one-premise argument; an attack rebuts a claim (or an argument's
    conclusion), undermines a premise, or undercuts an inference.
    """

    id: Slug
    type: RelationType
    source: Ref = Field(alias="from", description="Id of the claim the relation comes from.")
    target: Ref = Field(
        alias="to", description="Id of the claim (or, for an undercut, relation) it goes to."
    )
    kind: AttackKind | None = Field(
        default=None, description="Attacks only: rebut (default), undermine or undercut."
    )
    strength: Strength | None = None
    warrant: str | None = None
    quotes: tuple[Quote, ...] = ()
    by: By = ()
    identifier: Identifier = None
    created: Created = None

    _sorted = field_validator("by", mode="before")(_as_sorted_set)

    @model_validator(mode="before")
    @classmethod
    def _attacks_default_to_rebut(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("type") == "attack" and data.get("kind") is None:
            return {**data, "kind": "rebut"}
        return data

    @model_validator(mode="after")
    def _kind_only_on_attacks(self) -> Relation:
        if self.type is not RelationType.ATTACK and self.kind is not None:
            raise ValueError(
                f"a {self.type.value} has no 'kind'; remove it "
                "(kind is rebut, undermine or undercut, for attacks)"
            )
        return self


class Stance(_Model):
    """An actor's position on a claim."""

    id: Slug
    actor: Slug
    claim: Ref
    position: Position
    strength: Strength | None = None
    quotes: tuple[Quote, ...] = ()
    by: By = ()

    _sorted = field_validator("by", mode="before")(_as_sorted_set)


class Locution(_Model):
    """Something said in a dialogue, by a speaker (AIF+ L-node)."""

    id: Slug
    text: str = Field(description="The words as said (AIFdb writes 'Speaker : words').")
    speaker: Slug | None = Field(default=None, description="Id of the actor who said it.")
    start: str | None = Field(default=None, description="Where it starts in its source.")
    end: str | None = Field(default=None, description="Where it ends in its source.")
    source: str | None = Field(default=None, description="Where it was said or recorded.")
    identifier: Identifier = None
    created: Created = None


class Illocution(_Model):
    """An illocutionary force anchoring what is said to what it means (AIF+ YA-node):
    a locution asserts a claim, a transition argues an argument, and so on."""

    id: Slug
    force: Text = Field(description="Asserting, Arguing, Disagreeing, Pure Questioning…")
    source: Slug | None = Field(
        default=None, alias="from", description="Id of the locution or transition it anchors in."
    )
    target: Slug | None = Field(
        default=None,
        alias="to",
        description="Id of the claim, argument, relation, locution or transition it gives force.",
    )
    identifier: Identifier = None
    created: Created = None


class Transition(_Model):
    """A step of the dialogue from locutions to the locutions that answer them (AIF+ TA)."""

    id: Slug
    source: tuple[Slug, ...] = Field(
        default=(), alias="from", description="Ids of the locutions it comes from."
    )
    target: tuple[Slug, ...] = Field(
        default=(), alias="to", description="Ids of the locutions it leads to."
    )
    scheme: str | None = Field(default=None, description="Its scheme: 'Default Transition'…")
    identifier: Identifier = None
    created: Created = None

    _sorted = field_validator("source", "target", mode="before")(_as_sorted_set)


# Where each collection sits in the authoring file, for error locations.
COLLECTIONS = (
    "sources",
    "topics",
    "actors",
    "schemes",
    "issues",
    "claims",
    "arguments",
    "relations",
    "stances",
    "locutions",
    "illocutions",
    "transitions",
)
# The collections whose entities hold quotes.
QUOTED = ("issues", "claims", "arguments", "relations", "stances")


class ArgumentMap(_Model):
    """One argument map: the debate of one document or one author, with everything it names."""

    format_version: int = Field(default=1, alias="argmap", ge=1, le=1)
    id: Slug
    title: Text
    description: str | None = None
    base: Annotated[str, StringConstraints(pattern=r"^https?://\S+[/#]$")] = DEFAULT_BASE
    sources: tuple[Source, ...] = ()
    topics: tuple[Topic, ...] = ()
    actors: tuple[Actor, ...] = ()
    schemes: tuple[Scheme, ...] = ()
    issues: tuple[Issue, ...] = ()
    claims: tuple[Claim, ...] = ()
    arguments: tuple[Argument, ...] = ()
    relations: tuple[Relation, ...] = ()
    stances: tuple[Stance, ...] = ()
    locutions: tuple[Locution, ...] = ()
    illocutions: tuple[Illocution, ...] = ()
    transitions: tuple[Transition, ...] = ()

    @model_validator(mode="after")
    def _integrity(self) -> ArgumentMap:
        # An "after" validator also runs when a built map is passed on as it is (to a Corpus,
        # say); a map this check passed is frozen and still valid, so it is not walked again.
        # Maps made without validation (model_construct, model_copy) are not in the memo and
        # are checked in full.
        if _INTACT.get(id(self)) is self:
            return self
        problems = list(integrity_problems(self))
        if problems:
            raise PydanticCustomError(
                "map_integrity",
                "{summary}",
                {"summary": problems[0][2], "problems": problems},
            )
        _INTACT[id(self)] = self
        return self

    # ---- lookups -------------------------------------------------------------------------
    @cached_property
    def claims_by_id(self) -> dict[str, Claim]:
        return {c.id: c for c in self.claims}

    @cached_property
    def relations_by_id(self) -> dict[str, Relation]:
        return {r.id: r for r in self.relations}

    @cached_property
    def actors_by_id(self) -> dict[str, Actor]:
        return {a.id: a for a in self.actors}

    @cached_property
    def arguments_by_id(self) -> dict[str, Argument]:
        return {a.id: a for a in self.arguments}

    @cached_property
    def inferences(self) -> tuple[Argument, ...]:
        """Every argument of the map: the ``arguments:`` and, after them, each support
        relation as the one-premise argument it is shorthand for (same id)."""
        supports = tuple(
            Argument.model_construct(
                id=r.id,
                premises=(r.source,),
                conclusion=r.target,
                scheme=None,
                warrant=r.warrant,
                strength=r.strength,
                quotes=r.quotes,
                by=r.by,
            )
            for r in self.relations
            if r.type is RelationType.SUPPORT
        )
        return self.arguments + supports

    @cached_property
    def inferences_by_id(self) -> dict[str, Argument]:
        """:attr:`inferences` by id."""
        return {a.id: a for a in self.inferences}

    def arguments_for(self, claim_id: str) -> list[Argument]:
        """The arguments (support relations included) that conclude the given claim."""
        return [a for a in self.inferences if a.conclusion == claim_id]

    def claim(self, claim_id: str) -> Claim:
        """The claim with this id; KeyError names the id when there is none."""
        return self.claims_by_id[claim_id]

    def counterclaims(self, claim_id: str) -> list[Claim]:
        """Claims of this map that attack the given claim."""
        return self._claims_related(claim_id, RelationType.ATTACK)

    def supporters(self, claim_id: str) -> list[Claim]:
        """Claims of this map that are premises of an argument for the given claim."""
        found: dict[str, Claim] = {}
        for argument in self.arguments_for(claim_id):
            for premise in argument.premises:
                claim = self.claims_by_id.get(premise)
                if claim is not None:
                    found.setdefault(claim.id, claim)
        return list(found.values())

    def endorsers(self, claim_id: str) -> list[Actor]:
        """Actors whose stance endorses the given claim."""
        return [
            self.actors_by_id[s.actor]
            for s in self.stances
            if s.claim == claim_id and s.position is Position.ENDORSES
        ]

    def stances_of(self, actor_id: str) -> list[Stance]:
        """Every stance the given actor takes in this map."""
        return [s for s in self.stances if s.actor == actor_id]

    def _claims_related(self, claim_id: str, kind: RelationType) -> list[Claim]:
        found = []
        for relation in self.relations:
            if relation.type is kind and relation.target == claim_id:
                source = self.claims_by_id.get(relation.source)
                if source is not None:
                    found.append(source)
        return found


# A problem found by the integrity check: (location path in the file, entity id, message).
Located = tuple[tuple[str | int, ...], str | None, str]

# Maps that passed the integrity check, by identity (weakly held: a map that is freed leaves,
# so its id cannot be mistaken for a later object's).
_INTACT: weakref.WeakValueDictionary[int, ArgumentMap] = weakref.WeakValueDictionary()


def integrity_problems(m: ArgumentMap) -> Iterator[Located]:
    """Every rule a map breaks that field types cannot express.

    Runs on every map built, so each check is a dict or set lookup per reference (O(n) in
    the size of the map); the messages are only composed for the rules that are broken.
    """
    owner: dict[str, str] = {}
    for collection in COLLECTIONS:
        kind = collection[:-1]
        for index, entity in enumerate(getattr(m, collection)):
            if entity.id in owner:
                yield (
                    (collection, index, "id"),
                    entity.id,
                    f"duplicate id '{entity.id}' (also a {owner[entity.id]}); ids must be "
                    "unique across the file: rename one",
                )
            else:
                owner[entity.id] = kind
    is_a = owner.get

    def missing(ref: str, what: str, field: str) -> str:
        have = owner.get(ref)
        found = f"'{ref}' is {_a(have)}, not {_a(what)}" if have else f"unknown {what} '{ref}'"
        return f"'{field}' names {found}; define it or fix the id"

    sources = {s.id: s for s in m.sources}
    for ti, topic in enumerate(m.topics):
        for ref in topic.broader:
            if is_a(ref) != "topic":
                yield ("topics", ti, "broader"), topic.id, missing(ref, "topic", "broader")
    for ai, actor in enumerate(m.actors):
        if actor.id == ANALYST:
            yield (
                ("actors", ai, "id"),
                actor.id,
                f"the id '{ANALYST}' is kept for 'by: {ANALYST}' (the mapper's own links); "
                "rename the actor",
            )
        for ref in actor.member_of:
            if is_a(ref) != "actor":
                yield ("actors", ai, "member_of"), actor.id, missing(ref, "actor", "member_of")
            elif ref == actor.id:
                yield ("actors", ai, "member_of"), actor.id, "an actor cannot be a member of itself"
    for collection in ("issues", "claims"):
        for index, statement in enumerate(getattr(m, collection)):
            for ref in statement.topics:
                if is_a(ref) != "topic":
                    yield (
                        (collection, index, "topics"),
                        statement.id,
                        missing(ref, "topic", "topics"),
                    )
    for ci, claim in enumerate(m.claims):
        for ref in claim.answers:
            if is_a(ref) != "issue":
                yield ("claims", ci, "answers"), claim.id, missing(ref, "issue", "answers")

    yield from _scheme_problems(m, is_a, missing)
    for ai, argument in enumerate(m.arguments):
        yield from _argument_problems(ai, argument, is_a, missing)
    premises: set[str] | None = None  # made when an undermine needs it
    support, rebut = RelationType.SUPPORT, AttackKind.REBUT
    for ri, rel in enumerate(m.relations):
        origin, target = rel.source, rel.target
        # The common case, decided without a generator per relation: a ref with ':' names
        # another map's entity (the corpus checks it); _relation_problems says what is wrong.
        if (
            origin != target
            and (rel.type is support or rel.kind is rebut)
            and (":" in origin or is_a(origin) == "claim")
            and (":" in target or is_a(target) == "claim")
        ):
            continue
        if rel.kind is AttackKind.UNDERMINE and premises is None:
            premises = {p for a in m.inferences for p in a.premises}
        yield from _relation_problems(ri, rel, m, owner, premises or set(), missing)
    for si, stance in enumerate(m.stances):
        if is_a(stance.actor) != "actor":
            yield ("stances", si, "actor"), stance.id, missing(stance.actor, "actor", "actor")
        if ":" not in stance.claim and is_a(stance.claim) != "claim":
            yield ("stances", si, "claim"), stance.id, missing(stance.claim, "claim", "claim")
    yield from _dialogue_problems(m, is_a, missing)
    for collection in ("arguments", "relations", "stances"):
        for index, entity in enumerate(getattr(m, collection)):
            for who in entity.by:
                if who != ANALYST and is_a(who) != "actor":
                    yield (
                        (collection, index, "by"),
                        entity.id,
                        missing(who, "actor", "by") + f", or write '{ANALYST}' for your own link",
                    )

    for collection in QUOTED:
        for index, entity in enumerate(getattr(m, collection)):
            if not entity.quotes:
                continue
            for qi, quote in enumerate(entity.quotes):
                source = sources.get(quote.source)
                text = source.text if source is not None else None
                words, start, end = quote.text, quote.start, quote.end
                # The common case, decided without a call: words at offsets that agree.
                if (
                    text is not None
                    and start is not None
                    and end == start + len(words)
                    and text[start:end] == words
                ):
                    continue
                place = (collection, index, "quotes", qi)
                offsets = _offsets_problem(words, start, end, text)
                if offsets:
                    yield place, entity.id, offsets
                if source is None:
                    yield (
                        (*place, "source"),
                        entity.id,
                        missing(quote.source, "source", "source"),
                    )
                    continue
                if text is None:
                    continue  # nothing to check the words against
                problem = quote_problem(words, start, text)
                if problem:
                    yield place, entity.id, f"quote from '{source.id}': {problem}"


def _offsets_problem(
    words: str, start: int | None, end: int | None, text: str | None
) -> str | None:
    """Why a quote's offsets disagree with its words, or None; ``text`` (the source's text,
    if known) gives the fix when the words stand at ``start``."""
    if start is None and end is None:
        return None
    stands = start is not None and text is not None and text[start : start + len(words)] == words
    if start is None or end is None:
        fix = f"; add end: {start + len(words)}" if stands and start is not None else ""
        return f"give both 'start' and 'end', or neither{fix}"
    if end - start == len(words):
        return None
    fix = f"set end: {start + len(words)}" if stands else f"end must be start + {len(words)}"
    return f"end - start is {end - start} but the quote has {len(words)} characters; {fix}"


def _a(noun: str) -> str:
    """The noun with its indefinite article: 'an issue', 'a claim'."""
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


# What each end of a dialogue entity may name (AIF+: a YA anchors in an L or a TA node and
# points at what is said, argued or conflicted; a TA joins locutions).
_ILLOCUTION_FROM = ("locution", "transition")
_ILLOCUTION_TO = ("claim", "argument", "relation", "locution", "transition")


def _either(kinds: tuple[str, ...]) -> str:
    """'claim, argument or relation'."""
    return ", ".join(kinds[:-1]) + " or " + kinds[-1] if len(kinds) > 1 else kinds[0]


def _dialogue_problems(m: ArgumentMap, is_a: Any, missing: Any) -> Iterator[Located]:
    """The locutions' speakers, the ends of illocutions and transitions."""
    for li, locution in enumerate(m.locutions):
        if locution.speaker is not None and is_a(locution.speaker) != "actor":
            yield (
                ("locutions", li, "speaker"),
                locution.id,
                missing(locution.speaker, "actor", "speaker"),
            )
    for ii, illocution in enumerate(m.illocutions):
        for field, ref, allowed in (
            ("from", illocution.source, _ILLOCUTION_FROM),
            ("to", illocution.target, _ILLOCUTION_TO),
        ):
            if ref is not None and is_a(ref) not in allowed:
                yield (
                    ("illocutions", ii, field),
                    illocution.id,
                    missing(ref, _either(allowed), field),
                )
    for ti, transition in enumerate(m.transitions):
        for field, refs in (("from", transition.source), ("to", transition.target)):
            for ref in refs:
                if is_a(ref) != "locution":
                    yield (
                        ("transitions", ti, field),
                        transition.id,
                        missing(ref, "locution", field),
                    )


def _scheme_problems(m: ArgumentMap, is_a: Any, missing: Any) -> Iterator[Located]:
    for si, scheme in enumerate(m.schemes):
        if scheme.id in BUILTIN_SCHEMES:
            yield (
                ("schemes", si, "id"),
                scheme.id,
                f"scheme '{scheme.id}' is built in; use it without defining it, or rename yours",
            )
        if scheme.broader is not None and scheme.broader not in BUILTIN_SCHEMES:
            if scheme.broader == scheme.id:
                yield ("schemes", si, "broader"), scheme.id, "a scheme cannot refine itself"
            elif is_a(scheme.broader) != "scheme":
                yield (
                    ("schemes", si, "broader"),
                    scheme.id,
                    missing(scheme.broader, "scheme", "broader"),
                )


def _argument_problems(ai: int, a: Argument, is_a: Any, missing: Any) -> Iterator[Located]:
    place = ("arguments", ai)
    for ref in a.premises:
        if ":" not in ref and is_a(ref) != "claim":
            yield (*place, "premises"), a.id, missing(ref, "claim", "premises")
    if ":" not in a.conclusion and is_a(a.conclusion) != "claim":
        yield (*place, "conclusion"), a.id, missing(a.conclusion, "claim", "conclusion")
    if a.conclusion in a.premises:
        yield (
            (*place, "premises"),
            a.id,
            f"'{a.conclusion}' is both a premise and the conclusion; an argument cannot "
            "conclude its own premise",
        )
    if a.scheme is not None and a.scheme not in BUILTIN_SCHEMES and is_a(a.scheme) != "scheme":
        yield (*place, "scheme"), a.id, _unknown_scheme(a.scheme, is_a)


def _unknown_scheme(name: str, is_a: Any) -> str:
    have = is_a(name)
    close = difflib.get_close_matches(name, list(BUILTIN_SCHEMES), n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    what = f"'{name}' is {_a(have)}, not a scheme" if have else f"unknown scheme '{name}'"
    return (
        f"{what}; {hint}use a built-in scheme (see 'argmap schemes') or define it under 'schemes:'"
    )


def _relation_problems(
    ri: int,
    rel: Relation,
    m: ArgumentMap,
    owner: dict[str, str],
    premises: set[str],
    missing: Any,
) -> Iterator[Located]:
    place = ("relations", ri)
    verb = rel.kind.value if rel.kind is not None else rel.type.value
    if rel.source == rel.target:
        yield (
            (*place, "to"),
            rel.id,
            f"relation from '{rel.source}' to itself; a claim cannot {verb} itself",
        )
        return
    if split_ref(rel.source)[0] is None and owner.get(rel.source) != "claim":
        yield (*place, "from"), rel.id, missing(rel.source, "claim", "from")
    if split_ref(rel.target)[0] is not None:
        return  # another map's entity: the corpus checks it
    target_kind = owner.get(rel.target)
    shown = f"'{rel.target}' is {_a(target_kind)}" if target_kind else f"'{rel.target}' is unknown"
    if rel.kind is AttackKind.UNDERCUT:
        if target_kind not in ("argument", "relation"):
            yield (
                (*place, "to"),
                rel.id,
                f"an undercut attacks an inference, but {shown}; target an argument or "
                "relation id, or use kind: rebut to attack a claim",
            )
    elif rel.kind is AttackKind.REBUT:
        if target_kind == "relation" and m.relations_by_id[rel.target].type is not (
            RelationType.SUPPORT
        ):
            yield (
                (*place, "to"),
                rel.id,
                f"'{rel.target}' is {_a(m.relations_by_id[rel.target].type.value)} relation: an "
                "attack on it is an undercut; set kind: undercut",
            )
        elif target_kind not in ("claim", "argument", "relation"):
            yield (*place, "to"), rel.id, missing(rel.target, "claim", "to")
    elif rel.kind is AttackKind.UNDERMINE:
        if target_kind != "claim":
            yield (
                (*place, "to"),
                rel.id,
                (
                    f"an undermine attacks a premise, but {shown}; target a claim that is a "
                    "premise, or use kind: undercut to attack an inference"
                ),
            )
        elif rel.target not in premises:
            yield (
                (*place, "to"),
                rel.id,
                (
                    f"'{rel.target}' is no argument's premise, so nothing is undermined; "
                    "use kind: rebut to attack the claim itself"
                ),
            )
    elif target_kind != "claim":
        if target_kind in ("argument", "relation"):
            yield (*place, "to"), rel.id, f"{_a(verb)} must target a claim, not {_a(target_kind)}"
        else:
            yield (*place, "to"), rel.id, missing(rel.target, "claim", "to")
