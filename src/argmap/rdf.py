"""Model <-> RDF, lossless both ways (see docs/rdf.md for the mapping).

One generator turns a corpus into engine-neutral quads (IRIs as ``str``, literals as
:class:`Lit`); thin adapters feed them to rdflib (the public API) or pyoxigraph (the engine
for scale), so both engines always hold the same graph. Reading goes the other way from
either engine's triples.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import IO, Any, Generic, NamedTuple, TypeVar, cast

import pydantic
import pyoxigraph as ox
import rdflib
from rdflib import BNode, Literal, URIRef

from argmap.corpus import Corpus
from argmap.errors import InputError, MapError, Problem
from argmap.ids import entity_iri, map_iri, quote_iri, shared_iri, split_ref
from argmap.model import (
    ArgumentMap,
    AttackKind,
    Claim,
    Issue,
    Quote,
    RelationType,
)
from argmap.vocab import AM_NS

__all__ = [
    "PREFIXES",
    "Lit",
    "corpus_quads",
    "from_oxigraph",
    "from_rdflib",
    "from_triples",
    "nquads_chunks",
    "to_dataset",
    "to_graph",
    "to_nquads",
    "to_oxigraph_quads",
    "to_store",
]


class Lit(NamedTuple):
    """A literal, engine-neutral: lexical form and datatype IRI."""

    lexical: str
    datatype: str


Obj = str | Lit
Quad = tuple[str, str, Obj, str]

RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS_NS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
DCT = "http://purl.org/dc/terms/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
OA_NS = "http://www.w3.org/ns/oa#"
SCHEMA_NS = "https://schema.org/"

PREFIXES = {
    "am": AM_NS,
    "dcterms": DCT,
    "oa": OA_NS,
    "rdf": RDF_NS,
    "rdfs": RDFS_NS,
    "schema": SCHEMA_NS,
    "skos": SKOS,
    "xsd": XSD,
}

TYPE = RDF_NS + "type"
LABEL = RDFS_NS + "label"
IDENTIFIER, PART_OF, TITLE, DESCRIPTION = (
    DCT + n for n in ("identifier", "isPartOf", "title", "description")
)
CREATOR, PUBLISHER, DATE = DCT + "creator", DCT + "publisher", DCT + "date"
PREF_LABEL, DEFINITION, BROADER, NOTE, CONCEPT = (
    SKOS + n for n in ("prefLabel", "definition", "broader", "note", "Concept")
)
HAS_SOURCE, HAS_SELECTOR, EXACT, START, END = (
    OA_NS + n for n in ("hasSource", "hasSelector", "exact", "start", "end")
)
QUOTE_SELECTOR, POSITION_SELECTOR = OA_NS + "TextQuoteSelector", OA_NS + "TextPositionSelector"
URL, FULL_TEXT = SCHEMA_NS + "url", SCHEMA_NS + "text"
STRING, DOUBLE, INTEGER, NON_NEG = (
    XSD + "string",
    XSD + "double",
    XSD + "integer",
    XSD + "nonNegativeInteger",
)


def _am(name: str) -> str:
    return AM_NS + name


def _enum_iri(value: str) -> str:
    """``'endorses'`` -> ``am:Endorses``: enum values name the ontology's individuals."""
    return AM_NS + value[0].upper() + value[1:]


MATERIALISED = {"endorses": "endorses", "opposes": "opposes", "concerned": "isConcernedAbout"}
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
    # Bases and urls are checked once per map (_check_iris) and ids are slugs, so this never
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
    for m in corpus.maps:
        graph = map_iri(m.base, m.id)
        for s, p, o in _map_triples(m, corpus, described, _NEUTRAL):
            yield s, p, o, graph  # type: ignore[misc]  # IRIs are str in the neutral spelling


# The argmap terms _map_triples writes, spelled once per map.
_AM_TERMS = (
    *("ArgumentMap", "Source", "Actor", "Issue", "Claim", "Support", "Attack", "Stance", "Quote"),
    *("order", "evidence", "text", "topic", "kind", "answers", "source", "target", "strength"),
    *("warrant", "actor", "claim", "position", "actorKind", "memberOf", "supports", "attacks"),
    *MATERIALISED.values(),
)


def _map_triples(
    m: ArgumentMap, corpus: Corpus, described: set[str], spell: _Spelling[T]
) -> Iterator[tuple[T, T, T]]:
    """The triples of one map's named graph, terms spelled by ``spell``.

    This is the one place that says what RDF a map makes; it runs once per triple at scale,
    so terms that repeat (predicates, classes, the graph) are spelled once up front.
    """
    iri, literal = spell.iri, spell.literal
    base, mid = m.base, m.id
    graph = iri(map_iri(base, mid))
    am = {name: iri(_am(name)) for name in _AM_TERMS}
    order_p, evidence_p, text_p, topic_p = am["order"], am["evidence"], am["text"], am["topic"]
    type_p, part_of, identifier, title = iri(TYPE), iri(PART_OF), iri(IDENTIFIER), iri(TITLE)
    description, has_source, has_selector = iri(DESCRIPTION), iri(HAS_SOURCE), iri(HAS_SELECTOR)
    quote_class, quote_selector, exact_p = am["Quote"], iri(QUOTE_SELECTOR), iri(EXACT)
    position_selector, start_p, end_p = iri(POSITION_SELECTOR), iri(START), iri(END)
    enums: dict[str, T] = {}

    def enum(value: str) -> T:
        found = enums.get(value)
        if found is None:
            found = enums[value] = iri(_enum_iri(value))
        return found

    def integer(value: int, datatype: str = INTEGER) -> T:
        return literal(str(value), datatype)

    def ref_iri(ref: str, kind: str) -> str:
        other, local = split_ref(ref)
        if other is None:
            return entity_iri(base, mid, kind, local)
        if kind == "claim-or-relation":
            kind = "claim" if local in corpus.maps_by_id[other].claims_by_id else "relation"
        return entity_iri(base, other, kind, local)

    # entity() and quotes() return tuples and lists, not generators: one generator frame per
    # entity would cost more than the triples it makes.
    def entity(subject: T, rdf_type: T, entity_id: str, order: int) -> tuple[tuple[T, T, T], ...]:
        return (
            (subject, part_of, graph),
            (subject, order_p, integer(order)),
            (subject, type_p, rdf_type),
            (subject, identifier, literal(entity_id, STRING)),
        )

    pointers: list[tuple[T, int]] = []  # shared entities another map already described

    def shared(subject: str, order: int) -> bool:
        """True the first time a shared entity is met; later maps only point at it."""
        if subject in described:
            pointers.append((iri(subject), order))
            return False
        described.add(subject)
        return True

    def optional(subject: T, predicate: T, value: str | None) -> Iterator[tuple[T, T, T]]:
        if value is not None:
            yield subject, predicate, literal(value, STRING)

    sources: dict[str, T] = {}

    def source_node(source_id: str) -> T:
        found = sources.get(source_id)
        if found is None:
            found = sources[source_id] = iri(shared_iri(base, "source", source_id))
        return found

    def quotes(owner: str, subject: T, items: tuple[Quote, ...]) -> list[tuple[T, T, T]]:
        triples: list[tuple[T, T, T]] = []
        for number, quote in enumerate(items, start=1):
            q_iri = quote_iri(owner, number)
            q = iri(q_iri)
            exact = iri(q_iri + "/exact")
            triples += (
                (subject, evidence_p, q),
                (q, type_p, quote_class),
                (q, order_p, integer(number - 1)),
                (q, has_source, source_node(quote.source)),
                (q, has_selector, exact),
                (exact, type_p, quote_selector),
                (exact, exact_p, literal(quote.text, STRING)),
            )
            if quote.start is not None and quote.end is not None:
                position = iri(q_iri + "/position")
                triples += (
                    (q, has_selector, position),
                    (position, type_p, position_selector),
                    (position, start_p, integer(quote.start, NON_NEG)),
                    (position, end_p, integer(quote.end, NON_NEG)),
                )
        return triples

    yield graph, type_p, am["ArgumentMap"]
    yield graph, identifier, literal(mid, STRING)
    yield graph, title, literal(m.title, STRING)
    yield from optional(graph, description, m.description)

    for order, source in enumerate(m.sources):
        s_iri = shared_iri(base, "source", source.id)
        if not shared(s_iri, order):
            continue
        s = iri(s_iri)
        yield from entity(s, am["Source"], source.id, order)
        yield s, title, literal(source.title, STRING)
        yield from optional(s, iri(CREATOR), source.author)
        yield from optional(s, iri(PUBLISHER), source.publisher)
        if source.date is not None:
            yield s, iri(DATE), literal(source.date, DATE_TYPES[len(source.date)])
        if source.url is not None:
            yield s, iri(URL), iri(source.url)
        yield from optional(s, iri(FULL_TEXT), source.text)

    for order, topic in enumerate(m.topics):
        t_iri = shared_iri(base, "topic", topic.id)
        if not shared(t_iri, order):
            continue
        t = iri(t_iri)
        yield from entity(t, iri(CONCEPT), topic.id, order)
        yield t, iri(PREF_LABEL), literal(topic.label, STRING)
        yield from optional(t, iri(DEFINITION), topic.description)
        for broader in topic.broader:
            yield t, iri(BROADER), iri(shared_iri(base, "topic", broader))

    for order, actor in enumerate(m.actors):
        a_iri = shared_iri(base, "actor", actor.id)
        if not shared(a_iri, order):
            continue
        a = iri(a_iri)
        yield from entity(a, am["Actor"], actor.id, order)
        yield a, iri(LABEL), literal(actor.name, STRING)
        yield a, am["actorKind"], enum(actor.kind.value)
        yield from optional(a, description, actor.description)
        for group in actor.member_of:
            yield a, am["memberOf"], iri(shared_iri(base, "actor", group))

    for subject, order in pointers:
        yield subject, part_of, graph
        yield subject, order_p, integer(order)

    topics: dict[str, T] = {}

    def topic_node(topic_id: str) -> T:
        found = topics.get(topic_id)
        if found is None:
            found = topics[topic_id] = iri(shared_iri(base, "topic", topic_id))
        return found

    statements: list[tuple[str, Issue | Claim, str]] = [("issue", i, "Issue") for i in m.issues]
    statements += [("claim", c, "Claim") for c in m.claims]
    orders = {"issue": 0, "claim": 0}
    kind_p, answers_p, note = am["kind"], am["answers"], iri(NOTE)
    for kind, statement, rdf_class in statements:
        s_iri = entity_iri(base, mid, kind, statement.id)
        s = iri(s_iri)
        yield from entity(s, am[rdf_class], statement.id, orders[kind])
        orders[kind] += 1
        yield s, text_p, literal(statement.text, STRING)
        for topic_id in statement.topics:
            yield s, topic_p, topic_node(topic_id)
        if isinstance(statement, Claim):
            if statement.kind is not None:
                yield s, kind_p, enum(statement.kind.value)
            for issue_id in statement.answers:
                yield s, answers_p, iri(entity_iri(base, mid, "issue", issue_id))
            if statement.note is not None:
                yield s, note, literal(statement.note, STRING)
        if statement.quotes:
            yield from quotes(s_iri, s, statement.quotes)

    source_p, target_p, strength_p, warrant_p = (
        am[n] for n in ("source", "target", "strength", "warrant")
    )
    for order, rel in enumerate(m.relations):
        r_iri = entity_iri(base, mid, "relation", rel.id)
        r = iri(r_iri)
        origin = iri(ref_iri(rel.source, "claim"))
        target_kind = "relation" if rel.kind is AttackKind.UNDERCUT else "claim"
        target = iri(ref_iri(rel.target, target_kind))
        yield from entity(r, am[rel.type.value.capitalize()], rel.id, order)
        yield r, source_p, origin
        yield r, target_p, target
        if rel.kind is not None:
            yield r, kind_p, enum(rel.kind.value)
        if rel.strength is not None:
            yield r, strength_p, literal(repr(rel.strength), DOUBLE)
        if rel.warrant is not None:
            yield r, warrant_p, literal(rel.warrant, STRING)
        if rel.quotes:
            yield from quotes(r_iri, r, rel.quotes)
        direct = am["supports"] if rel.type is RelationType.SUPPORT else am["attacks"]
        yield origin, direct, target

    actor_p, claim_p, position_p = am["actor"], am["claim"], am["position"]
    for order, stance in enumerate(m.stances):
        st_iri = entity_iri(base, mid, "stance", stance.id)
        st = iri(st_iri)
        actor_node = iri(shared_iri(base, "actor", stance.actor))
        claim_node = iri(ref_iri(stance.claim, "claim"))
        yield from entity(st, am["Stance"], stance.id, order)
        yield st, actor_p, actor_node
        yield st, claim_p, claim_node
        yield st, position_p, enum(stance.position.value)
        if stance.strength is not None:
            yield st, strength_p, literal(repr(stance.strength), DOUBLE)
        if stance.quotes:
            yield from quotes(st_iri, st, stance.quotes)
        yield actor_node, am[MATERIALISED[stance.position.value]], claim_node


# ---- N-Quads text, the fast path to pyoxigraph ------------------------------------------------

_CHUNK_LINES = 20_000  # lines per chunk of text: big enough to amortise, small next to a store


def _check_iris(m: ArgumentMap) -> None:
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


def nquads_chunks(corpus: Corpus) -> Iterator[bytes]:
    """The corpus as N-Quads, in UTF-8 chunks of whole lines (any chunk parses on its own).

    The same quads, in the same order, as :func:`corpus_quads`.
    """
    for text in _nquads_text(corpus):
        yield text.encode("utf-8")


def _nquads_text(corpus: Corpus) -> Iterator[str]:
    """:func:`nquads_chunks` as ``str``: pyoxigraph takes text as it is (an ASCII ``str`` is
    its own UTF-8), which saves encoding a copy of every chunk."""
    for m in corpus.maps:
        _check_iris(m)
    described: set[str] = set()
    for m in corpus.maps:
        tail = " <" + map_iri(m.base, m.id) + "> .\n"
        triples = _map_triples(m, corpus, described, _NQUADS)
        while lines := [f"{s} {p} {o}{tail}" for s, p, o in islice(triples, _CHUNK_LINES)]:
            yield "".join(lines)


def to_nquads(corpus: Corpus) -> bytes:
    """The corpus as N-Quads text: one named graph per map."""
    return b"".join(nquads_chunks(corpus))


class _ChunkReader(io.RawIOBase):
    """A binary file over an iterator of byte chunks, so pyoxigraph reads the text as it is
    written instead of all of it being held at once."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        super().__init__()
        self._chunks = chunks
        self._chunk = b""
        self._offset = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:  # all the rest
            rest, self._chunk, self._offset = self._chunk[self._offset :], b"", 0
            return rest + b"".join(self._chunks)
        while self._offset >= len(self._chunk):
            chunk = next(self._chunks, None)
            if chunk is None:
                return b""
            self._chunk, self._offset = chunk, 0
        start, end = self._offset, min(self._offset + size, len(self._chunk))
        self._offset = end
        return self._chunk if start == 0 and end == len(self._chunk) else self._chunk[start:end]

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _nquads_reader(corpus: Corpus) -> IO[bytes]:
    return cast(IO[bytes], _ChunkReader(nquads_chunks(corpus)))


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
    return [
        quad
        for chunk in _nquads_text(corpus)
        for quad in ox.parse(input=chunk, format=ox.RdfFormat.N_QUADS, lenient=True)
    ]


def to_store(corpus: Corpus, store: ox.Store | None = None) -> ox.Store:
    """Load the corpus into a pyoxigraph Store (a new in-memory one unless given).

    The quads go in as N-Quads text. Like ``bulk_extend``, this is not atomic: if it fails,
    part of the corpus may already be in a store you passed.
    """
    # lenient: skip pyoxigraph's IRI validation, which _check_iris and _nquads_iri have done.
    if store is None:
        # In memory, loading the text chunk by chunk (a transaction each) is faster than one
        # bulk_load of all of it: 100,000 claims (3.2M quads) in ~14 s against ~19 s.
        store = ox.Store()
        for chunk in _nquads_text(corpus):
            store.load(input=chunk, format=ox.RdfFormat.N_QUADS, lenient=True)
        return store
    # A store on disk is built fastest by bulk_load, which writes its files directly.
    store.bulk_load(input=_nquads_reader(corpus), format=ox.RdfFormat.N_QUADS, lenient=True)
    return store


# ---- triples -> model -------------------------------------------------------------------------

Triple = tuple[str, str, Obj]
# A triple with the graph it stands in (None: the default graph, or a triple format).
GraphTriple = tuple[str, str, Obj, str | None]


def from_rdflib(graph: rdflib.Graph) -> Corpus:
    """Read the maps in an rdflib Graph or Dataset (all its graphs) back into a corpus."""

    def term(t: Any) -> Obj:
        if isinstance(t, Literal):
            return Lit(str(t), str(t.datatype) if t.datatype else STRING)
        if isinstance(t, BNode):
            return f"_:{t}"
        return str(t)

    quads: Iterable[Any]
    if isinstance(graph, rdflib.Dataset):
        quads = graph.quads((None, None, None, None))
    else:
        quads = ((s, p, o, None) for s, p, o in graph.triples((None, None, None)))
    return from_triples(
        ((str(term(s)), str(p), term(o), _graph_name(g)) for s, p, o, g in quads), "RDF graph"
    )


def _graph_name(g: Any) -> str | None:
    name = getattr(g, "identifier", g)
    return str(name) if isinstance(name, URIRef) else None


def from_oxigraph(quads: Iterable[ox.Quad | ox.Triple], label: str = "RDF") -> Corpus:
    """Read maps from pyoxigraph quads or triples (maps are found by ``dcterms:isPartOf``;
    graph names tell each map's order of shared entities)."""

    def term(t: Any) -> Obj:
        if isinstance(t, ox.Literal):
            return Lit(t.value, t.datatype.value)
        if isinstance(t, ox.BlankNode):
            return f"_:{t.value}"
        return str(t.value)

    def graph(q: ox.Quad | ox.Triple) -> str | None:
        name = getattr(q, "graph_name", None)
        return name.value if isinstance(name, ox.NamedNode) else None

    return from_triples(
        ((str(term(q.subject)), q.predicate.value, term(q.object), graph(q)) for q in quads),
        label,
    )


def from_triples(triples: Iterable[Triple | GraphTriple], label: str = "RDF") -> Corpus:
    """Rebuild the corpus from neutral triples (or triples with their graph); foreign triples
    are ignored. The graph tells which map an ``am:order`` belongs to when several maps share
    an entity; without graphs such entities come back sorted by id."""
    return _Reader(triples, label).corpus()


class _Reader:
    def __init__(self, triples: Iterable[Triple | GraphTriple], label: str) -> None:
        self.label = label
        self.props: dict[str, dict[str, list[Obj]]] = defaultdict(lambda: defaultdict(list))
        self.members: dict[str, list[str]] = defaultdict(list)
        self.order_in: dict[tuple[str, str], int] = {}  # (entity, map graph) -> position
        order = _am("order")
        for item in triples:
            s, p, o = item[0], item[1], item[2]
            g = item[3] if len(item) == 4 else None
            values = self.props[s][p]
            if o in values:
                continue  # the same fact from two graphs is one fact
            values.append(o)
            if p == PART_OF and isinstance(o, str):
                self.members[o].append(s)
            elif p == order and g is not None and isinstance(o, Lit):
                self.order_in[(s, g)] = int(o.lexical) if o.lexical.isdigit() else 0

    # -- small accessors
    def values(self, s: str, p: str) -> list[Obj]:
        return self.props.get(s, {}).get(p, [])

    def one(self, s: str, p: str, required: bool = True) -> Obj | None:
        found = self.values(s, p)
        if len(found) > 1:
            raise InputError(f"{self.label}: <{s}> has {len(found)} values of <{p}>; expected one")
        if not found:
            if required:
                raise InputError(f"{self.label}: <{s}> has no <{p}>; every such entity needs one")
            return None
        return found[0]

    def text(self, s: str, p: str, required: bool = True) -> str | None:
        o = self.one(s, p, required)
        if o is None:
            return None
        if not isinstance(o, Lit):
            raise InputError(f"{self.label}: <{s}> <{p}> must be a literal, found <{o}>")
        return o.lexical

    def number(self, s: str, p: str, kind: type[int] | type[float]) -> Any:
        raw = self.text(s, p, required=False)
        if raw is None:
            return None
        try:
            return kind(raw)
        except ValueError:
            raise InputError(f"{self.label}: <{s}> <{p}> is '{raw}', not a number") from None

    def iri(self, s: str, p: str, required: bool = True) -> str | None:
        o = self.one(s, p, required)
        if isinstance(o, Lit):
            raise InputError(f"{self.label}: <{s}> <{p}> must be an IRI, found a literal")
        return o

    def ident(self, s: str) -> str:
        return self.text(s, IDENTIFIER) or ""

    def enum(self, s: str, p: str, required: bool = True) -> str | None:
        o = self.iri(s, p, required)
        if o is None:
            return None
        if not o.startswith(AM_NS):
            raise InputError(f"{self.label}: <{s}> <{p}> is <{o}>, not an argmap term")
        local = o[len(AM_NS) :]
        return local[0].lower() + local[1:]

    def is_a(self, s: str, rdf_type: str) -> bool:
        return rdf_type in self.values(s, TYPE)

    # -- entities
    def corpus(self) -> Corpus:
        maps = [s for s, props in self.props.items() if _am("ArgumentMap") in props.get(TYPE, [])]
        if not maps:
            raise InputError(f"{self.label}: no am:ArgumentMap found; is this argmap RDF?")
        self.map_of: dict[str, str] = {}
        for m in maps:
            for member in self.members.get(m, []):
                self.map_of.setdefault(member, m)
        built = []
        problems: list[Problem] = []
        for m in sorted(maps):
            data = self.map_data(m)
            try:
                built.append(ArgumentMap.model_validate(data))
            except pydantic.ValidationError as exc:
                from argmap.formats.authoring import problems_from_validation

                problems += problems_from_validation(exc, data, self.label, lambda _loc: None)
        if problems:
            raise MapError(problems)
        try:
            return Corpus(maps=tuple(built))
        except pydantic.ValidationError as exc:
            raise MapError(
                [
                    Problem(message, self.label, None, entity)
                    for error in exc.errors(include_url=False)
                    for _, _, entity, message in error.get("ctx", {}).get("problems", [])
                ]
            ) from None

    def map_data(self, m: str) -> dict[str, Any]:
        map_id = self.ident(m)
        suffix = f"map/{map_id}"
        if not m.endswith(suffix):
            raise InputError(
                f"{self.label}: map <{m}> does not end in '{suffix}'; not minted by argmap"
            )
        members = self.members.get(m, [])

        def of_type(rdf_type: str) -> list[str]:
            return sorted((s for s in members if self.is_a(s, rdf_type)), key=position)

        def position(s: str) -> tuple[int, str]:
            if (s, m) in self.order_in:
                return self.order_in[(s, m)], s
            orders = self.values(s, _am("order"))
            if len(orders) == 1 and isinstance(orders[0], Lit) and orders[0].lexical.isdigit():
                return int(orders[0].lexical), s
            return 0, s  # shared by several maps and no graph to tell: by id

        data: dict[str, Any] = {
            "id": map_id,
            "title": self.text(m, TITLE),
            "base": m[: -len(suffix)],
        }
        self.put(data, "description", self.text(m, DESCRIPTION, required=False))
        data["sources"] = [self.source(s) for s in of_type(_am("Source"))]
        data["topics"] = [self.topic(s) for s in of_type(CONCEPT)]
        data["actors"] = [self.actor(s) for s in of_type(_am("Actor"))]
        data["issues"] = [self.issue(s) for s in of_type(_am("Issue"))]
        data["claims"] = [self.claim(s) for s in of_type(_am("Claim"))]
        relations = sorted(of_type(_am("Support")) + of_type(_am("Attack")), key=position)
        data["relations"] = [self.relation(s, m) for s in relations]
        data["stances"] = [self.stance(s, m) for s in of_type(_am("Stance"))]
        return data

    @staticmethod
    def put(data: dict[str, Any], key: str, value: Any) -> None:
        if value is not None:
            data[key] = value

    def ids(self, s: str, p: str) -> list[str]:
        return sorted(self.ident(o) for o in self.values(s, p) if isinstance(o, str))

    def ref(self, target: str, here: str) -> str:
        owner = self.map_of.get(target)
        if owner is None or owner == here:
            return self.ident(target)
        return f"{self.ident(owner)}:{self.ident(target)}"

    def source(self, s: str) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.ident(s), "title": self.text(s, TITLE)}
        for key, p in (
            ("author", CREATOR),
            ("publisher", PUBLISHER),
            ("date", DATE),
            ("text", FULL_TEXT),
        ):
            self.put(data, key, self.text(s, p, required=False))
        self.put(data, "url", self.iri(s, URL, required=False))
        return data

    def topic(self, s: str) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.ident(s), "label": self.text(s, PREF_LABEL)}
        self.put(data, "description", self.text(s, DEFINITION, required=False))
        data["broader"] = self.ids(s, BROADER)
        return data

    def actor(self, s: str) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.ident(s), "name": self.text(s, LABEL)}
        data["kind"] = self.enum(s, _am("actorKind"))
        self.put(data, "description", self.text(s, DESCRIPTION, required=False))
        data["member_of"] = self.ids(s, _am("memberOf"))
        return data

    def statement(self, s: str) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.ident(s), "text": self.text(s, _am("text"))}
        data["topics"] = self.ids(s, _am("topic"))
        data["quotes"] = self.quotes(s)
        return data

    def issue(self, s: str) -> dict[str, Any]:
        return self.statement(s)

    def claim(self, s: str) -> dict[str, Any]:
        data = self.statement(s)
        self.put(data, "kind", self.enum(s, _am("kind"), required=False))
        data["answers"] = self.ids(s, _am("answers"))
        self.put(data, "note", self.text(s, NOTE, required=False))
        return data

    def relation(self, s: str, m: str) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.ident(s),
            "type": "support" if self.is_a(s, _am("Support")) else "attack",
            "from": self.ref(self.iri(s, _am("source")) or "", m),
            "to": self.ref(self.iri(s, _am("target")) or "", m),
        }
        self.put(data, "kind", self.enum(s, _am("kind"), required=False))
        self.put(data, "strength", self.number(s, _am("strength"), float))
        self.put(data, "warrant", self.text(s, _am("warrant"), required=False))
        data["quotes"] = self.quotes(s)
        return data

    def stance(self, s: str, m: str) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.ident(s),
            "actor": self.ident(self.iri(s, _am("actor")) or ""),
            "claim": self.ref(self.iri(s, _am("claim")) or "", m),
            "position": self.enum(s, _am("position")),
        }
        self.put(data, "strength", self.number(s, _am("strength"), float))
        data["quotes"] = self.quotes(s)
        return data

    def quotes(self, s: str) -> list[dict[str, Any]]:
        found = [q for q in self.values(s, _am("evidence")) if isinstance(q, str)]
        found.sort(key=lambda q: (self.number(q, _am("order"), int) or 0, q))
        result = []
        for q in found:
            data: dict[str, Any] = {"source": self.ident(self.iri(q, HAS_SOURCE) or "")}
            for selector in self.values(q, HAS_SELECTOR):
                if not isinstance(selector, str):
                    continue
                if self.is_a(selector, QUOTE_SELECTOR):
                    data["text"] = self.text(selector, EXACT)
                elif self.is_a(selector, POSITION_SELECTOR):
                    data["start"] = self.number(selector, START, int)
                    data["end"] = self.number(selector, END, int)
            result.append(data)
        return result
