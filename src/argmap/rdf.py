"""Model <-> RDF, lossless both ways (see docs/rdf.md for the mapping).

One generator turns a corpus into engine-neutral quads (IRIs as ``str``, literals as
:class:`Lit`); thin adapters feed them to rdflib (the public API) or pyoxigraph (the engine
for scale), so both engines always hold the same graph. Reading goes the other way from
either engine's triples.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

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
    "to_dataset",
    "to_graph",
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


def corpus_quads(corpus: Corpus) -> Iterator[Quad]:
    """Every quad of every map of the corpus, each map in its own named graph.

    An actor, topic or source that several maps define is described once, in the graph of
    the first of them; each map's graph says that it uses it (``dcterms:isPartOf``) and where
    (``am:order``). So no triple stands in two graphs, and a union of the graphs (as SPARQL
    stores build for the default graph) holds each fact once.
    """
    described: set[str] = set()
    for m in corpus.maps:
        yield from _map_quads(m, corpus, described)


def _map_quads(m: ArgumentMap, corpus: Corpus, described: set[str]) -> Iterator[Quad]:
    base, graph, mid = m.base, map_iri(m.base, m.id), m.id

    def lit(value: str, datatype: str = STRING) -> Lit:
        return Lit(value, datatype)

    def ref_iri(ref: str, kind: str) -> str:
        other, local = split_ref(ref)
        if other is None:
            return entity_iri(base, mid, kind, local)
        if kind == "claim-or-relation":
            kind = "claim" if local in corpus.maps_by_id[other].claims_by_id else "relation"
        return entity_iri(base, other, kind, local)

    def entity(subject: str, rdf_type: str, entity_id: str, order: int) -> Iterator[Quad]:
        yield subject, PART_OF, graph, graph
        yield subject, _am("order"), lit(str(order), INTEGER), graph
        yield subject, TYPE, rdf_type, graph
        yield subject, IDENTIFIER, lit(entity_id), graph

    pointers: list[tuple[str, int]] = []  # shared entities another map already described

    def shared(subject: str, order: int) -> bool:
        """True the first time a shared entity is met; later maps only point at it."""
        if subject in described:
            pointers.append((subject, order))
            return False
        described.add(subject)
        return True

    def optional(subject: str, predicate: str, value: str | None) -> Iterator[Quad]:
        if value is not None:
            yield subject, predicate, lit(value), graph

    def quotes(subject: str, items: tuple[Quote, ...]) -> Iterator[Quad]:
        for number, quote in enumerate(items, start=1):
            q = quote_iri(subject, number)
            yield subject, _am("evidence"), q, graph
            yield q, TYPE, _am("Quote"), graph
            yield q, _am("order"), lit(str(number - 1), INTEGER), graph
            yield q, HAS_SOURCE, shared_iri(base, "source", quote.source), graph
            exact = q + "/exact"
            yield q, HAS_SELECTOR, exact, graph
            yield exact, TYPE, QUOTE_SELECTOR, graph
            yield exact, EXACT, lit(quote.text), graph
            if quote.start is not None and quote.end is not None:
                position = q + "/position"
                yield q, HAS_SELECTOR, position, graph
                yield position, TYPE, POSITION_SELECTOR, graph
                yield position, START, lit(str(quote.start), NON_NEG), graph
                yield position, END, lit(str(quote.end), NON_NEG), graph

    yield graph, TYPE, _am("ArgumentMap"), graph
    yield graph, IDENTIFIER, lit(mid), graph
    yield graph, TITLE, lit(m.title), graph
    yield from optional(graph, DESCRIPTION, m.description)

    for order, source in enumerate(m.sources):
        s = shared_iri(base, "source", source.id)
        if not shared(s, order):
            continue
        yield from entity(s, _am("Source"), source.id, order)
        yield s, TITLE, lit(source.title), graph
        yield from optional(s, CREATOR, source.author)
        yield from optional(s, PUBLISHER, source.publisher)
        if source.date is not None:
            yield s, DATE, lit(source.date, DATE_TYPES[len(source.date)]), graph
        if source.url is not None:
            yield s, URL, source.url, graph
        yield from optional(s, FULL_TEXT, source.text)

    for order, topic in enumerate(m.topics):
        t = shared_iri(base, "topic", topic.id)
        if not shared(t, order):
            continue
        yield from entity(t, CONCEPT, topic.id, order)
        yield t, PREF_LABEL, lit(topic.label), graph
        yield from optional(t, DEFINITION, topic.description)
        for broader in topic.broader:
            yield t, BROADER, shared_iri(base, "topic", broader), graph

    for order, actor in enumerate(m.actors):
        a = shared_iri(base, "actor", actor.id)
        if not shared(a, order):
            continue
        yield from entity(a, _am("Actor"), actor.id, order)
        yield a, LABEL, lit(actor.name), graph
        yield a, _am("actorKind"), _enum_iri(actor.kind.value), graph
        yield from optional(a, DESCRIPTION, actor.description)
        for group in actor.member_of:
            yield a, _am("memberOf"), shared_iri(base, "actor", group), graph

    for subject, order in pointers:
        yield subject, PART_OF, graph, graph
        yield subject, _am("order"), lit(str(order), INTEGER), graph

    statements: list[tuple[str, Issue | Claim, str]] = [("issue", i, "Issue") for i in m.issues]
    statements += [("claim", c, "Claim") for c in m.claims]
    orders = {"issue": 0, "claim": 0}
    for kind, statement, rdf_class in statements:
        s = entity_iri(base, mid, kind, statement.id)
        yield from entity(s, _am(rdf_class), statement.id, orders[kind])
        orders[kind] += 1
        yield s, _am("text"), lit(statement.text), graph
        for topic_id in statement.topics:
            yield s, _am("topic"), shared_iri(base, "topic", topic_id), graph
        if isinstance(statement, Claim):
            if statement.kind is not None:
                yield s, _am("kind"), _enum_iri(statement.kind.value), graph
            for issue_id in statement.answers:
                yield s, _am("answers"), entity_iri(base, mid, "issue", issue_id), graph
            yield from optional(s, NOTE, statement.note)
        yield from quotes(s, statement.quotes)

    for order, rel in enumerate(m.relations):
        r = entity_iri(base, mid, "relation", rel.id)
        source_iri = ref_iri(rel.source, "claim")
        target_iri = ref_iri(rel.target, "relation" if rel.kind is AttackKind.UNDERCUT else "claim")
        yield from entity(r, _am(rel.type.value.capitalize()), rel.id, order)
        yield r, _am("source"), source_iri, graph
        yield r, _am("target"), target_iri, graph
        if rel.kind is not None:
            yield r, _am("kind"), _enum_iri(rel.kind.value), graph
        if rel.strength is not None:
            yield r, _am("strength"), lit(repr(rel.strength), DOUBLE), graph
        yield from optional(r, _am("warrant"), rel.warrant)
        yield from quotes(r, rel.quotes)
        direct = "supports" if rel.type is RelationType.SUPPORT else "attacks"
        yield source_iri, _am(direct), target_iri, graph

    for order, stance in enumerate(m.stances):
        st = entity_iri(base, mid, "stance", stance.id)
        actor_iri = shared_iri(base, "actor", stance.actor)
        claim_iri = ref_iri(stance.claim, "claim")
        yield from entity(st, _am("Stance"), stance.id, order)
        yield st, _am("actor"), actor_iri, graph
        yield st, _am("claim"), claim_iri, graph
        yield st, _am("position"), _enum_iri(stance.position.value), graph
        if stance.strength is not None:
            yield st, _am("strength"), lit(repr(stance.strength), DOUBLE), graph
        yield from quotes(st, stance.quotes)
        yield actor_iri, _am(MATERIALISED[stance.position.value]), claim_iri, graph


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
    """The corpus as pyoxigraph quads (the fast path: no rdflib objects on the way)."""
    nodes: dict[str, ox.NamedNode] = {}

    def node(iri: str) -> ox.NamedNode:
        found = nodes.get(iri)
        if found is None:
            found = nodes[iri] = ox.NamedNode(iri)
        return found

    def obj(o: Obj) -> ox.NamedNode | ox.Literal:
        if isinstance(o, Lit):
            return ox.Literal(o.lexical, datatype=node(o.datatype))
        return node(o)

    return [ox.Quad(node(s), node(p), obj(o), node(g)) for s, p, o, g in corpus_quads(corpus)]


def to_store(corpus: Corpus, store: ox.Store | None = None) -> ox.Store:
    """Load the corpus into a pyoxigraph Store (a new in-memory one unless given)."""
    store = store if store is not None else ox.Store()
    store.bulk_extend(to_oxigraph_quads(corpus))
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
