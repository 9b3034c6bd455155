"""Model <-> RDF, lossless both ways (see docs/rdf.md for the mapping).

One generator turns a corpus into engine-neutral quads (IRIs as ``str``, literals as
:class:`Lit`); thin adapters feed them to rdflib (the public API) or pyoxigraph (the engine
for scale), so both engines always hold the same graph. Reading goes the other way, from
either engine's quads, through the one reader in :mod:`argmap.rdf.read`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from itertools import chain, islice
from typing import Generic, TypeVar

import pyoxigraph as ox
import rdflib
from rdflib import Literal, URIRef

from argmap.model.corpus import Corpus
from argmap.model.entities import (
    ANALYST,
    ArgumentMap,
    AttackKind,
    Quote,
    Relation,
    RelationType,
)
from argmap.model.ids import entity_iri, map_iri, quote_iri, shared_iri, split_ref
from argmap.model.schemes import BUILTIN_SCHEMES
from argmap.rdf.terms import (
    AM_NS,
    ATTRIBUTED_TO,
    BOOLEAN,
    BROADER,
    CONCEPT,
    CREATED,
    CREATOR,
    DATE,
    DEFINITION,
    DESCRIPTION,
    DOUBLE,
    END,
    EXACT,
    FULL_TEXT,
    HAS_SELECTOR,
    HAS_SOURCE,
    IDENTIFIER,
    IN_SCHEME,
    INTEGER,
    LABEL,
    NON_NEG,
    NOTE,
    PART_OF,
    POSITION_SELECTOR,
    PREF_LABEL,
    PREFIXES,
    PUBLISHER,
    QUOTE_SELECTOR,
    START,
    STRING,
    TITLE,
    TYPE,
    URL,
    XSD,
    Lit,
    Obj,
    Quad,
    am,
    builtin_scheme_iri,
)

__all__ = [
    "PREFIXES",
    "Lit",
    "check_iris",
    "corpus_quads",
    "entity_count",
    "nquads_chunks",
    "nquads_text",
    "to_dataset",
    "to_graph",
    "to_nquads",
    "to_oxigraph_quads",
]


def _am(name: str) -> str:
    return am(name)


def _enum_iri(value: str) -> str:
    """``'endorses'`` -> ``am:Endorses``: enum values name the ontology's individuals."""
    return AM_NS + value[0].upper() + value[1:]


MATERIALISED = {"endorses": "endorses", "opposes": "opposes", "concerned": "isConcernedAbout"}
# The direct triple each type of relation is materialised as (a contradictory: both ways).
RELATION_MATERIALISED = {
    "support": "supports",
    "attack": "attacks",
    "contrary": "contrary",
    "contradictory": "contradicts",
    "rephrase": "rephrases",
}
DATE_TYPES = {4: XSD + "gYear", 7: XSD + "gYearMonth", 10: XSD + "date"}


# ---- model -> quads ---------------------------------------------------------------------------
#
# One generator, ``_map_triples``, says which triples a map makes. It is generic in how terms
# are spelled: ``_NEUTRAL`` spells them as engine-neutral values (``str`` IRIs, :class:`Lit`
# literals) for rdflib, ``_NQUADS`` as N-Quads text for pyoxigraph, which parses text far
# faster than Python can build ``ox.Quad`` objects. Both engines get the same triples from the
# same code, so the two paths cannot drift apart (tests/test_rdf.py checks they agree).

T = TypeVar("T")


class _Spelling(Generic[T]):
    """How the quad generator writes a term: an IRI, or a literal (lexical form, datatype)."""

    def __init__(self, iri: Callable[[str], T], literal: Callable[[str, str], T]) -> None:
        self.iri = iri
        self.literal = literal


def _neutral_iri(iri: str) -> str:
    return iri


_NEUTRAL: _Spelling[Obj] = _Spelling(_neutral_iri, Lit)

# N-Quads (https://www.w3.org/TR/n-quads/): inside a quoted literal only '"', '\', LF and CR
# must be escaped (ECHAR); every other character, control characters included, may stand as
# it is in UTF-8.
_LITERAL_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
# Characters an N-Quads IRIREF cannot hold as they are (nor can an IRI: RFC 3987).
_NOT_IN_IRIREF = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_iriref_breaker = _NOT_IN_IRIREF.search


def _nquads_literal(lexical: str, datatype: str) -> str:
    # Checking first is cheaper than translating: almost no text holds these characters.
    if '"' in lexical or "\\" in lexical or "\n" in lexical or "\r" in lexical:
        lexical = lexical.translate(_LITERAL_ESCAPES)
    if datatype == STRING:
        return '"' + lexical + '"'  # RDF 1.1: a simple literal is an xsd:string
    return '"' + lexical + '"^^<' + datatype + ">"


def _nquads_iri(iri: str) -> str:
    # Bases and urls are checked once per map (check_iris) and ids are slugs, so this never
    # fires for a validated model; it is here so that no model (say one made with
    # model_construct) can write an IRI that ends early and smuggles in other quads.
    if _iriref_breaker(iri) is not None:
        raise ValueError(f"Invalid IRI code point in <{iri}>; ids must be slugs")
    return "<" + iri + ">"


_NQUADS: _Spelling[str] = _Spelling(_nquads_iri, _nquads_literal)


def corpus_quads(corpus: Corpus) -> Iterator[Quad]:
    """Every quad of every map of the corpus, each map in its own named graph.

    An actor, topic or source that several maps define is described once, in the graph of
    the first of them; each map's graph says that it uses it (``dcterms:isPartOf``) and where
    (``am:order``). So no triple stands in two graphs, and a union of the graphs (as SPARQL
    stores build for the default graph) holds each fact once.
    """
    described: set[str] = set()
    maps = corpus.maps_by_id
    for m in corpus.maps:
        graph = map_iri(m.base, m.id)
        for s, p, o in _map_triples(m, described, _NEUTRAL, maps=maps):
            yield s, p, o, graph  # type: ignore[misc]  # IRIs are str in the neutral spelling


# The argmap terms _map_triples writes, spelled once per map.
_AM_TERMS = (
    *("ArgumentMap", "Source", "Actor", "Issue", "Claim", "Support", "Attack", "Stance", "Quote"),
    *("Argument", "Contrary", "Contradictory", "Rephrase", "ArgumentSchemes"),
    *("order", "evidence", "text", "topic", "kind", "answers", "source", "target", "strength"),
    *("warrant", "actor", "claim", "position", "actorKind", "memberOf"),
    *("premise", "conclusion", "scheme", "analystReconstruction"),
    *("Locution", "Illocution", "Transition", "force", "anchoredIn", "anchors"),
    *("transitionFrom", "transitionTo", "transitionScheme", "sourceIdentifier"),
    *("locutionStart", "locutionEnd", "locutionSource"),
    *RELATION_MATERIALISED.values(),
    *MATERIALISED.values(),
)


def _map_triples(
    m: ArgumentMap,
    described: set[str],
    spell: _Spelling[T],
    made: list[int] | None = None,
    maps: Mapping[str, ArgumentMap] | None = None,
) -> Iterator[tuple[T, T, T]]:
    """The triples of one map's named graph, terms spelled by ``spell``.

    This is the one place that says what RDF a map makes, one step per kind of entity (see
    :class:`_MapTriples`). ``made[0]`` counts the entities whose triples have been made, for
    progress reports: once the map's triples are all made, it has grown by the map's share
    of :func:`entity_count`. ``maps``: the corpus's maps by id, which tell what an attack
    on another map's entity names (a claim, an argument or a relation).
    """
    steps = _MapTriples(m, described, spell, made, maps)
    # chain() rather than a generator that yields from each step: it runs once per triple at
    # scale, and every generator frame a triple passes through costs time. Each step is
    # itself lazy, so shared entities are still marked described only as they are written.
    return chain(
        steps.map_metadata(),
        steps.sources(),
        steps.topics(),
        steps.actors(),
        steps.shared_pointers(),
        steps.schemes(),
        steps.issues(),
        steps.claims(),
        steps.arguments(),
        steps.relations(),
        steps.stances(),
        steps.locutions(),
        steps.illocutions(),
        steps.transitions(),
    )


class _MapTriples(Generic[T]):
    """The steps that make one map's triples, one per kind of entity, and what they share.

    Terms that repeat (predicates, classes, the graph) are spelled once, up front, as the
    steps run once per triple at scale. The steps must run in the order :func:`_map_triples`
    chains them: the pointers to shared entities are those the sources, topics and actors
    steps found already described by an earlier map.
    """

    __slots__ = (
        "actor_nodes",
        "am",
        "analyst",
        "attributed_to",
        "base",
        "counted",
        "created",
        "described",
        "enums",
        "evidence",
        "exact",
        "graph",
        "has_selector",
        "has_source",
        "identifier",
        "iri",
        "literal",
        "map",
        "maps",
        "order",
        "part_of",
        "pointers",
        "position_end",
        "position_selector",
        "position_start",
        "quote_selector",
        "source_nodes",
        "topic_nodes",
        "type",
    )

    def __init__(
        self,
        m: ArgumentMap,
        described: set[str],
        spell: _Spelling[T],
        made: list[int] | None,
        maps: Mapping[str, ArgumentMap] | None = None,
    ) -> None:
        iri = self.iri = spell.iri
        self.literal = spell.literal
        self.map, self.described, self.base = m, described, m.base
        self.maps = maps if maps is not None else {m.id: m}
        self.counted = [0] if made is None else made
        self.graph = iri(map_iri(m.base, m.id))
        am = self.am = {name: iri(_am(name)) for name in _AM_TERMS}
        self.order, self.evidence = am["order"], am["evidence"]
        self.type, self.part_of, self.identifier = iri(TYPE), iri(PART_OF), iri(IDENTIFIER)
        self.has_source, self.has_selector = iri(HAS_SOURCE), iri(HAS_SELECTOR)
        self.quote_selector, self.exact = iri(QUOTE_SELECTOR), iri(EXACT)
        self.position_selector, self.position_start = iri(POSITION_SELECTOR), iri(START)
        self.position_end = iri(END)
        self.attributed_to = iri(ATTRIBUTED_TO)
        self.created = iri(CREATED)
        self.analyst = (am["analystReconstruction"], spell.literal("true", BOOLEAN))
        self.enums: dict[str, T] = {}
        self.source_nodes: dict[str, T] = {}
        self.topic_nodes: dict[str, T] = {}
        self.actor_nodes: dict[str, T] = {}
        self.pointers: list[tuple[T, int]] = []  # shared entities another map described

    # ---- what several steps use -----------------------------------------------------------

    def enum(self, value: str) -> T:
        found = self.enums.get(value)
        if found is None:
            found = self.enums[value] = self.iri(_enum_iri(value))
        return found

    def ref_iri(self, ref: str, kind: str) -> str:
        """The IRI of the claim, argument or relation (``kind``) a reference names, in this
        map or another."""
        other, local = split_ref(ref)
        if other is None:
            return entity_iri(self.base, self.map.id, kind, local)
        return entity_iri(self.base, other, kind, local)

    def target_kind(self, rel: Relation) -> str:
        """What the ``to`` of a relation names: a claim, an argument or a relation. Only a
        rebut or an undercut can name an inference; ids are unique across a map, so the map
        that holds the target says which it is."""
        kind = rel.kind
        if kind is None or kind is AttackKind.UNDERMINE:
            return "claim"
        other, local = split_ref(rel.target)
        held = self.map if other is None else self.maps.get(other)
        if held is None:  # a map not in the corpus (no corpus checked it): the usual kind
            return "relation" if kind is AttackKind.UNDERCUT else "claim"
        if kind is AttackKind.REBUT and local in held.claims_by_id:
            return "claim"
        if local in held.arguments_by_id:
            return "argument"
        return "relation" if local in held.relations_by_id else "claim"

    def scheme_node(self, scheme_id: str) -> T:
        """A built-in scheme's IRI, or that of a scheme of this map (their ids differ)."""
        if scheme_id in BUILTIN_SCHEMES:
            return self.iri(builtin_scheme_iri(scheme_id))
        return self.iri(entity_iri(self.base, self.map.id, "scheme", scheme_id))

    def actor_node(self, actor_id: str) -> T:
        found = self.actor_nodes.get(actor_id)
        if found is None:
            found = self.actor_nodes[actor_id] = self.iri(shared_iri(self.base, "actor", actor_id))
        return found

    def by(self, subject: T, who: tuple[str, ...]) -> list[tuple[T, T, T]]:
        """Who advances an argument, a relation or a stance: an actor per
        ``prov:wasAttributedTo``, and the analyst as ``am:analystReconstruction true``."""
        attributed_to, actor_node = self.attributed_to, self.actor_node
        return [
            (subject, *self.analyst)
            if actor == ANALYST
            else (subject, attributed_to, actor_node(actor))
            for actor in who
        ]

    def origin(
        self, subject: T, identifier: str | None, created: str | None
    ) -> list[tuple[T, T, T]]:
        """Where an imported entity came from: its id in the source format
        (``am:sourceIdentifier``, a ``dcterms:identifier``) and its ``dcterms:created``, as
        written there."""
        literal = self.literal
        triples: list[tuple[T, T, T]] = []
        if identifier is not None:
            triples.append((subject, self.am["sourceIdentifier"], literal(identifier, STRING)))
        if created is not None:
            triples.append((subject, self.created, literal(created, STRING)))
        return triples

    def shared(self, subject: str, order: int) -> bool:
        """True the first time a shared entity is met; later maps only point at it."""
        if subject in self.described:
            self.pointers.append((self.iri(subject), order))
            return False
        self.described.add(subject)
        return True

    def source_node(self, source_id: str) -> T:
        found = self.source_nodes.get(source_id)
        if found is None:
            found = self.source_nodes[source_id] = self.iri(
                shared_iri(self.base, "source", source_id)
            )
        return found

    def topic_node(self, topic_id: str) -> T:
        found = self.topic_nodes.get(topic_id)
        if found is None:
            found = self.topic_nodes[topic_id] = self.iri(shared_iri(self.base, "topic", topic_id))
        return found

    # entity() and quotes() return tuples and lists, not generators: one generator frame per
    # entity would cost more than the triples it makes.
    def entity(
        self, subject: T, rdf_type: T, entity_id: str, order: int
    ) -> tuple[tuple[T, T, T], ...]:
        """What every entity says: its map, its place there, its class and its id."""
        self.counted[0] += 1
        literal = self.literal
        return (
            (subject, self.part_of, self.graph),
            (subject, self.order, literal(str(order), INTEGER)),
            (subject, self.type, rdf_type),
            (subject, self.identifier, literal(entity_id, STRING)),
        )

    def quotes(self, owner: str, subject: T, items: tuple[Quote, ...]) -> list[tuple[T, T, T]]:
        """The quotes an entity gives as evidence, each with its selectors."""
        iri, literal = self.iri, self.literal
        evidence, type_p, quote_class = self.evidence, self.type, self.am["Quote"]
        has_selector = self.has_selector
        triples: list[tuple[T, T, T]] = []
        for number, quote in enumerate(items, start=1):
            q_iri = quote_iri(owner, number)
            q = iri(q_iri)
            exact = iri(q_iri + "/exact")
            triples += (
                (subject, evidence, q),
                (q, type_p, quote_class),
                (q, self.order, literal(str(number - 1), INTEGER)),
                (q, self.has_source, self.source_node(quote.source)),
                (q, has_selector, exact),
                (exact, type_p, self.quote_selector),
                (exact, self.exact, literal(quote.text, STRING)),
            )
            if quote.start is not None and quote.end is not None:
                position = iri(q_iri + "/position")
                triples += (
                    (q, has_selector, position),
                    (position, type_p, self.position_selector),
                    (position, self.position_start, literal(str(quote.start), NON_NEG)),
                    (position, self.position_end, literal(str(quote.end), NON_NEG)),
                )
        return triples

    # ---- one step per kind of entity ------------------------------------------------------

    def map_metadata(self) -> Iterator[tuple[T, T, T]]:
        literal, graph, m = self.literal, self.graph, self.map
        yield graph, self.type, self.am["ArgumentMap"]
        yield graph, self.identifier, literal(m.id, STRING)
        yield graph, self.iri(TITLE), literal(m.title, STRING)
        if m.description is not None:
            yield graph, self.iri(DESCRIPTION), literal(m.description, STRING)

    def sources(self) -> Iterator[tuple[T, T, T]]:
        iri, literal, base = self.iri, self.literal, self.base
        entity, shared = self.entity, self.shared
        source_class, title = self.am["Source"], iri(TITLE)
        creator, publisher, date, url, full_text = (
            iri(p) for p in (CREATOR, PUBLISHER, DATE, URL, FULL_TEXT)
        )
        for order, source in enumerate(self.map.sources):
            s_iri = shared_iri(base, "source", source.id)
            if not shared(s_iri, order):
                continue
            s = iri(s_iri)
            yield from entity(s, source_class, source.id, order)
            yield s, title, literal(source.title, STRING)
            if source.author is not None:
                yield s, creator, literal(source.author, STRING)
            if source.publisher is not None:
                yield s, publisher, literal(source.publisher, STRING)
            if source.date is not None:
                yield s, date, literal(source.date, DATE_TYPES[len(source.date)])
            if source.url is not None:
                yield s, url, iri(source.url)
            if source.text is not None:
                yield s, full_text, literal(source.text, STRING)

    def topics(self) -> Iterator[tuple[T, T, T]]:
        iri, literal, base = self.iri, self.literal, self.base
        entity, shared = self.entity, self.shared
        concept, pref_label, definition = iri(CONCEPT), iri(PREF_LABEL), iri(DEFINITION)
        broader_p = iri(BROADER)
        for order, topic in enumerate(self.map.topics):
            t_iri = shared_iri(base, "topic", topic.id)
            if not shared(t_iri, order):
                continue
            t = iri(t_iri)
            yield from entity(t, concept, topic.id, order)
            yield t, pref_label, literal(topic.label, STRING)
            if topic.description is not None:
                yield t, definition, literal(topic.description, STRING)
            for broader in topic.broader:
                yield t, broader_p, iri(shared_iri(base, "topic", broader))

    def actors(self) -> Iterator[tuple[T, T, T]]:
        iri, literal, base = self.iri, self.literal, self.base
        entity, shared = self.entity, self.shared
        am, label, description = self.am, iri(LABEL), iri(DESCRIPTION)
        actor_class, actor_kind, member_of = am["Actor"], am["actorKind"], am["memberOf"]
        for order, actor in enumerate(self.map.actors):
            a_iri = shared_iri(base, "actor", actor.id)
            if not shared(a_iri, order):
                continue
            a = iri(a_iri)
            yield from entity(a, actor_class, actor.id, order)
            yield a, label, literal(actor.name, STRING)
            yield a, actor_kind, self.enum(actor.kind.value)
            if actor.description is not None:
                yield a, description, literal(actor.description, STRING)
            for group in actor.member_of:
                yield a, member_of, iri(shared_iri(base, "actor", group))
            if actor.identifier is not None:
                yield from self.origin(a, actor.identifier, None)

    def shared_pointers(self) -> Iterator[tuple[T, T, T]]:
        """Where this map uses the sources, topics and actors an earlier map described."""
        self.counted[0] += len(self.pointers)
        literal, part_of, graph, order_p = self.literal, self.part_of, self.graph, self.order
        for subject, order in self.pointers:
            yield subject, part_of, graph
            yield subject, order_p, literal(str(order), INTEGER)

    def schemes(self) -> Iterator[tuple[T, T, T]]:
        """The map's own schemes, then the built-in schemes the map uses: each a concept of
        am:ArgumentSchemes, so that one rule finds every scheme an argument can name."""
        m = self.map
        if not m.schemes and not m.arguments:
            return
        iri, literal, base, mid = self.iri, self.literal, self.base, m.id
        concept, type_p, in_scheme = iri(CONCEPT), self.type, iri(IN_SCHEME)
        scheme_list, pref_label = self.am["ArgumentSchemes"], iri(PREF_LABEL)
        definition, broader_p = iri(DEFINITION), iri(BROADER)
        for order, scheme in enumerate(m.schemes):
            s = iri(entity_iri(base, mid, "scheme", scheme.id))
            yield from self.entity(s, concept, scheme.id, order)
            yield s, in_scheme, scheme_list
            yield s, pref_label, literal(scheme.label, STRING)
            if scheme.description is not None:
                yield s, definition, literal(scheme.description, STRING)
            if scheme.broader is not None:
                yield s, broader_p, self.scheme_node(scheme.broader)
        # A built-in scheme is described in every graph that uses it (the same triples, so
        # a union holds them once): the graph names each scheme it uses, with its label.
        used = {s.broader for s in m.schemes} | {a.scheme for a in m.arguments}
        for slug in sorted(s for s in used if s in BUILTIN_SCHEMES):
            b = iri(builtin_scheme_iri(slug))
            yield b, type_p, concept
            yield b, in_scheme, scheme_list
            yield b, pref_label, literal(BUILTIN_SCHEMES[slug].label, STRING)

    def issues(self) -> Iterator[tuple[T, T, T]]:
        iri, literal, base, mid = self.iri, self.literal, self.base, self.map.id
        issue_class, text_p, topic_p = self.am["Issue"], self.am["text"], self.am["topic"]
        entity, topic_node, quotes = self.entity, self.topic_node, self.quotes
        for order, issue in enumerate(self.map.issues):
            s_iri = entity_iri(base, mid, "issue", issue.id)
            s = iri(s_iri)
            yield from entity(s, issue_class, issue.id, order)
            yield s, text_p, literal(issue.text, STRING)
            for topic_id in issue.topics:
                yield s, topic_p, topic_node(topic_id)
            if issue.quotes:
                yield from quotes(s_iri, s, issue.quotes)

    def claims(self) -> Iterator[tuple[T, T, T]]:
        iri, literal, base, mid, am = self.iri, self.literal, self.base, self.map.id, self.am
        claim_class, text_p, topic_p = am["Claim"], am["text"], am["topic"]
        kind_p, answers_p, note = am["kind"], am["answers"], iri(NOTE)
        entity, enum, topic_node, quotes = self.entity, self.enum, self.topic_node, self.quotes
        for order, claim in enumerate(self.map.claims):
            s_iri = entity_iri(base, mid, "claim", claim.id)
            s = iri(s_iri)
            yield from entity(s, claim_class, claim.id, order)
            yield s, text_p, literal(claim.text, STRING)
            for topic_id in claim.topics:
                yield s, topic_p, topic_node(topic_id)
            if claim.kind is not None:
                yield s, kind_p, enum(claim.kind.value)
            for issue_id in claim.answers:
                yield s, answers_p, iri(entity_iri(base, mid, "issue", issue_id))
            if claim.note is not None:
                yield s, note, literal(claim.note, STRING)
            if claim.quotes:
                yield from quotes(s_iri, s, claim.quotes)
            if claim.identifier is not None or claim.created is not None:
                yield from self.origin(s, claim.identifier, claim.created)

    def arguments(self) -> Iterator[tuple[T, T, T]]:
        iri, literal, base, mid, am = self.iri, self.literal, self.base, self.map.id, self.am
        argument_class, premise_p, conclusion_p = am["Argument"], am["premise"], am["conclusion"]
        scheme_p, strength_p, warrant_p, supports = (
            am[n] for n in ("scheme", "strength", "warrant", "supports")
        )
        entity, ref_iri, quotes = self.entity, self.ref_iri, self.quotes
        for order, argument in enumerate(self.map.arguments):
            a_iri = entity_iri(base, mid, "argument", argument.id)
            a = iri(a_iri)
            yield from entity(a, argument_class, argument.id, order)
            premises = [iri(ref_iri(p, "claim")) for p in argument.premises]
            conclusion = iri(ref_iri(argument.conclusion, "claim"))
            for premise in premises:
                yield a, premise_p, premise
            yield a, conclusion_p, conclusion
            if argument.scheme is not None:
                yield a, scheme_p, self.scheme_node(argument.scheme)
            if argument.strength is not None:
                yield a, strength_p, literal(repr(argument.strength), DOUBLE)
            if argument.warrant is not None:
                yield a, warrant_p, literal(argument.warrant, STRING)
            if argument.quotes:
                yield from quotes(a_iri, a, argument.quotes)
            if argument.by:
                yield from self.by(a, argument.by)
            if argument.identifier is not None or argument.created is not None:
                yield from self.origin(a, argument.identifier, argument.created)
            for premise in premises:
                yield premise, supports, conclusion

    def relations(self) -> Iterator[tuple[T, T, T]]:
        iri, literal, base, mid, am = self.iri, self.literal, self.base, self.map.id, self.am
        source_p, target_p, strength_p, warrant_p = (
            am[n] for n in ("source", "target", "strength", "warrant")
        )
        kind_p, type_p, argument_class = am["kind"], self.type, am["Argument"]
        premise_p, conclusion_p = am["premise"], am["conclusion"]
        classes = {t: am[t.value.capitalize()] for t in RelationType}
        direct = {t: am[RELATION_MATERIALISED[t.value]] for t in RelationType}
        support, contradictory = RelationType.SUPPORT, RelationType.CONTRADICTORY
        entity, enum, ref_iri, quotes = self.entity, self.enum, self.ref_iri, self.quotes
        target_kind = self.target_kind
        for order, rel in enumerate(self.map.relations):
            r_iri = entity_iri(base, mid, "relation", rel.id)
            r = iri(r_iri)
            origin = iri(ref_iri(rel.source, "claim"))
            # The usual relation links two claims; only an attack can name an inference.
            target = iri(ref_iri(rel.target, "claim" if rel.kind is None else target_kind(rel)))
            kind = rel.type
            yield from entity(r, classes[kind], rel.id, order)
            yield r, source_p, origin
            yield r, target_p, target
            if kind is support:  # a one-premise argument, and said so
                yield r, type_p, argument_class
                yield r, premise_p, origin
                yield r, conclusion_p, target
            if rel.kind is not None:
                yield r, kind_p, enum(rel.kind.value)
            if rel.strength is not None:
                yield r, strength_p, literal(repr(rel.strength), DOUBLE)
            if rel.warrant is not None:
                yield r, warrant_p, literal(rel.warrant, STRING)
            if rel.quotes:
                yield from quotes(r_iri, r, rel.quotes)
            if rel.by:
                yield from self.by(r, rel.by)
            if rel.identifier is not None or rel.created is not None:
                yield from self.origin(r, rel.identifier, rel.created)
            yield origin, direct[kind], target
            if kind is contradictory:
                yield target, direct[kind], origin

    def stances(self) -> Iterator[tuple[T, T, T]]:
        iri, literal, base, mid, am = self.iri, self.literal, self.base, self.map.id, self.am
        stance_class, actor_p, claim_p = am["Stance"], am["actor"], am["claim"]
        position_p, strength_p = am["position"], am["strength"]
        entity, enum, ref_iri, quotes = self.entity, self.enum, self.ref_iri, self.quotes
        for order, stance in enumerate(self.map.stances):
            st_iri = entity_iri(base, mid, "stance", stance.id)
            st = iri(st_iri)
            actor_node = iri(shared_iri(base, "actor", stance.actor))
            claim_node = iri(ref_iri(stance.claim, "claim"))
            yield from entity(st, stance_class, stance.id, order)
            yield st, actor_p, actor_node
            yield st, claim_p, claim_node
            yield st, position_p, enum(stance.position.value)
            if stance.strength is not None:
                yield st, strength_p, literal(repr(stance.strength), DOUBLE)
            if stance.quotes:
                yield from quotes(st_iri, st, stance.quotes)
            if stance.by:
                yield from self.by(st, stance.by)
            yield actor_node, am[MATERIALISED[stance.position.value]], claim_node

    # ---- the dialogue (AIF+) --------------------------------------------------------------

    def locutions(self) -> Iterator[tuple[T, T, T]]:
        iri, literal, base, mid, am = self.iri, self.literal, self.base, self.map.id, self.am
        optional = (
            ("start", am["locutionStart"]),
            ("end", am["locutionEnd"]),
            ("source", am["locutionSource"]),
        )
        for order, locution in enumerate(self.map.locutions):
            s = iri(entity_iri(base, mid, "locution", locution.id))
            yield from self.entity(s, am["Locution"], locution.id, order)
            yield s, am["text"], literal(locution.text, STRING)
            if locution.speaker is not None:
                yield s, self.attributed_to, self.actor_node(locution.speaker)
            for name, p in optional:
                value = getattr(locution, name)
                if value is not None:
                    yield s, p, literal(value, STRING)
            yield from self.origin(s, locution.identifier, locution.created)

    def dialogue_kinds(self) -> dict[str, str]:
        """What each id an illocution may name is (ids are unique across a map)."""
        m = self.map
        kinds = dict.fromkeys(m.claims_by_id, "claim")
        kinds.update(dict.fromkeys(m.arguments_by_id, "argument"))
        kinds.update(dict.fromkeys(m.relations_by_id, "relation"))
        kinds.update({t.id: "transition" for t in m.transitions})
        kinds.update({lo.id: "locution" for lo in m.locutions})
        return kinds

    def illocutions(self) -> Iterator[tuple[T, T, T]]:
        m = self.map
        if not m.illocutions:
            return
        iri, literal, base, mid, am = self.iri, self.literal, self.base, m.id, self.am
        kinds = self.dialogue_kinds()
        for order, illocution in enumerate(m.illocutions):
            s = iri(entity_iri(base, mid, "illocution", illocution.id))
            yield from self.entity(s, am["Illocution"], illocution.id, order)
            yield s, am["force"], literal(illocution.force, STRING)
            for p, ref in (("anchoredIn", illocution.source), ("anchors", illocution.target)):
                if ref is not None:
                    yield s, am[p], iri(entity_iri(base, mid, kinds.get(ref, "claim"), ref))
            yield from self.origin(s, illocution.identifier, illocution.created)

    def transitions(self) -> Iterator[tuple[T, T, T]]:
        iri, literal, base, mid, am = self.iri, self.literal, self.base, self.map.id, self.am
        for order, transition in enumerate(self.map.transitions):
            s = iri(entity_iri(base, mid, "transition", transition.id))
            yield from self.entity(s, am["Transition"], transition.id, order)
            for p, refs in (
                ("transitionFrom", transition.source),
                ("transitionTo", transition.target),
            ):
                for ref in refs:
                    yield s, am[p], iri(entity_iri(base, mid, "locution", ref))
            if transition.scheme is not None:
                yield s, am["transitionScheme"], literal(transition.scheme, STRING)
            yield from self.origin(s, transition.identifier, transition.created)


# ---- N-Quads text, the fast path to pyoxigraph ------------------------------------------------

_CHUNK_LINES = 20_000  # lines per chunk of text: big enough to amortise, small next to a store


def entity_count(corpus: Corpus) -> int:
    """The units of work the ``progress`` callbacks of this module's writers report, which
    add up to it: every map's sources, topics, actors, schemes, issues, claims, arguments,
    relations, stances, locutions, illocutions and transitions (an entity several maps
    share counts once per map, as each map's graph says where it stands there)."""
    return sum(
        len(m.sources)
        + len(m.topics)
        + len(m.actors)
        + len(m.schemes)
        + len(m.issues)
        + len(m.claims)
        + len(m.arguments)
        + len(m.relations)
        + len(m.stances)
        + len(m.locutions)
        + len(m.illocutions)
        + len(m.transitions)
        for m in corpus.maps
    )


class _Progress:
    """Reports to a ``progress`` callback the entities :func:`_map_triples` has made since
    the last report: called once per chunk of text, never per triple."""

    __slots__ = ("made", "progress", "reported")

    def __init__(self, progress: Callable[[int], None] | None) -> None:
        self.made = [0]
        self.reported = 0
        self.progress = progress

    def __call__(self) -> None:
        if self.progress is not None and self.made[0] > self.reported:
            self.progress(self.made[0] - self.reported)
            self.reported = self.made[0]


def check_iris(m: ArgumentMap) -> None:
    """Reject the IRIs pyoxigraph would reject, before any text is written.

    Only a map's base and its sources' urls bring text from the user into IRIs (ids are
    slugs), so checking them once covers every IRI of the map: pyoxigraph then loads the text
    leniently, without validating each IRI again. ``ox.NamedNode`` raises the ValueError that
    building the quads one by one used to raise.
    """
    ox.NamedNode(map_iri(m.base, m.id))
    for source in m.sources:
        if source.url is not None:
            ox.NamedNode(source.url)


def nquads_chunks(
    corpus: Corpus, *, progress: Callable[[int], None] | None = None
) -> Iterator[bytes]:
    """The corpus as N-Quads, in UTF-8 chunks of whole lines (any chunk parses on its own).

    The same quads, in the same order, as :func:`corpus_quads`. ``progress`` is called with
    the number of entities each chunk finished; the calls add up to :func:`entity_count`.
    """
    for text in nquads_text(corpus, progress):
        yield text.encode("utf-8")


def nquads_text(corpus: Corpus, progress: Callable[[int], None] | None = None) -> Iterator[str]:
    """:func:`nquads_chunks` as ``str``: pyoxigraph takes text as it is (an ASCII ``str`` is
    its own UTF-8), which saves encoding a copy of every chunk."""
    report = _Progress(progress)
    for graph, triples in _maps_triples(corpus, report.made):
        yield from _lines(triples, " <" + graph + "> .\n", report)


def _maps_triples(
    corpus: Corpus, made: list[int] | None = None
) -> Iterator[tuple[str, Iterator[tuple[str, str, str]]]]:
    """Each map's graph IRI and its triples in N-Quads spelling, lazily: read each map's
    triples before asking for the next map (shared entities are described by the first).
    ``made[0]`` counts the entities made, as in :func:`_map_triples`."""
    for m in corpus.maps:
        check_iris(m)
    described: set[str] = set()
    maps = corpus.maps_by_id
    for m in corpus.maps:
        yield map_iri(m.base, m.id), _map_triples(m, described, _NQUADS, made, maps)


def _lines(
    triples: Iterator[tuple[str, str, str]], tail: str, report: Callable[[], None] | None = None
) -> Iterator[str]:
    """Triples as chunks of lines, each line ending in ``tail`` (graph and dot); ``report``
    is called once a chunk is made."""
    while lines := [f"{s} {p} {o}{tail}" for s, p, o in islice(triples, _CHUNK_LINES)]:
        if report is not None:
            report()
        yield "".join(lines)


# The only triples the union of the maps' graphs can hold twice: the am:order of an entity
# several maps share (each map's graph says where it stands there), the materialised edges,
# which two relations, arguments or stances with the same ends both make, and what a graph
# says of a built-in scheme it uses, which every graph that uses it says. Every other triple
# is about an entity of one graph, said once (tests/test_rdf.py checks this).
_MAY_REPEAT = frozenset(
    _am(name) for name in ("order", *RELATION_MATERIALISED.values(), *MATERIALISED.values())
)
_MAY_REPEAT_SUBJECTS = frozenset(builtin_scheme_iri(slug) for slug in BUILTIN_SCHEMES)
_MAY_REPEAT_SPELLED = frozenset(_nquads_iri(p) for p in _MAY_REPEAT)
_MAY_REPEAT_SUBJECTS_SPELLED = frozenset(_nquads_iri(s) for s in _MAY_REPEAT_SUBJECTS)


def _once(
    triples: Iterator[tuple[str, str, str]], seen: set[str]
) -> Iterator[tuple[str, str, str]]:
    """``triples`` without those in ``seen`` (N-Triples lines), which it adds to."""
    may_repeat, may_repeat_subjects = _MAY_REPEAT_SPELLED, _MAY_REPEAT_SUBJECTS_SPELLED
    for triple in triples:
        s, p, o = triple
        if p in may_repeat or s in may_repeat_subjects:
            line = f"{s} {p} {o}"
            if line in seen:
                continue
            seen.add(line)
        yield triple


def _union_text(corpus: Corpus, progress: Callable[[int], None] | None = None) -> Iterator[str]:
    """The union of the maps' graphs as N-Triples text chunks: each triple once, where it
    first stands in :func:`corpus_quads` order."""
    seen: set[str] = set()
    report = _Progress(progress)
    for _, triples in _maps_triples(corpus, report.made):
        yield from _lines(_once(triples, seen), " .\n", report)


def iter_oxigraph_quads(
    corpus: Corpus, *, progress: Callable[[int], None] | None = None
) -> Iterator[ox.Quad]:
    """:func:`to_oxigraph_quads` streamed: a chunk's quads at a time. ``progress`` is
    called with the number of entities each chunk finished (see :func:`entity_count`)."""
    for chunk in nquads_text(corpus, progress):
        yield from ox.parse(input=chunk, format=ox.RdfFormat.N_QUADS, lenient=True)


def iter_oxigraph_graphs(corpus: Corpus) -> Iterator[tuple[str, Iterator[ox.Triple]]]:
    """Each map's graph IRI and its triples as pyoxigraph triples, streamed: read a map's
    triples before asking for the next map."""
    for graph, triples in _maps_triples(corpus):
        yield graph, _parsed_triples(_lines(triples, " .\n"))


def _parsed_triples(chunks: Iterator[str]) -> Iterator[ox.Triple]:
    for chunk in chunks:
        for quad in ox.parse(input=chunk, format=ox.RdfFormat.N_TRIPLES, lenient=True):
            yield quad.triple


def iter_oxigraph_union(
    corpus: Corpus, *, progress: Callable[[int], None] | None = None
) -> Iterator[ox.Triple]:
    """The union of the maps' graphs as pyoxigraph triples, each once, streamed.
    ``progress`` is called as in :func:`iter_oxigraph_quads`."""
    return _parsed_triples(_union_text(corpus, progress))


def to_nquads(corpus: Corpus) -> bytes:
    """The corpus as N-Quads text: one named graph per map."""
    return b"".join(nquads_chunks(corpus))


# ---- adapters ---------------------------------------------------------------------------------


def _rdflib_object(o: Obj) -> URIRef | Literal:
    if isinstance(o, Lit):
        # RDF 1.1: a simple literal is an xsd:string; rdflib tells them apart, so write simple.
        if o.datatype == STRING:
            return Literal(o.lexical)
        return Literal(o.lexical, datatype=URIRef(o.datatype))
    return URIRef(o)


def to_dataset(corpus: Corpus) -> rdflib.Dataset:
    """The corpus as an rdflib Dataset: one named graph per map."""
    dataset = rdflib.Dataset()
    graphs: dict[str, rdflib.Graph] = {}
    for s, p, o, g in corpus_quads(corpus):
        if g not in graphs:
            graphs[g] = dataset.graph(URIRef(g))
        graphs[g].add((URIRef(s), URIRef(p), _rdflib_object(o)))
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace)
    return dataset


def to_graph(corpus: Corpus) -> rdflib.Graph:
    """The corpus as one rdflib Graph (the union of its maps' graphs)."""
    graph = rdflib.Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    for s, p, o, _ in corpus_quads(corpus):
        graph.add((URIRef(s), URIRef(p), _rdflib_object(o)))
    return graph


def to_oxigraph_quads(corpus: Corpus) -> list[ox.Quad]:
    """The corpus as pyoxigraph quads, in :func:`corpus_quads` order.

    pyoxigraph parses them from N-Quads text (see :func:`nquads_chunks`): parsing in Rust is
    several times faster than building each ``ox.Quad`` from Python.
    """
    return list(iter_oxigraph_quads(corpus))
