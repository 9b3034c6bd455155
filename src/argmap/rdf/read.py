"""RDF -> model: the one reader behind ``read_rdf``, ``from_oxigraph``, ``from_triples`` and
``from_rdflib`` (docs/rdf.md says what it reads).

Made for files of millions of quads. Quads stream from the parser into a dict per subject of
predicate -> the pyoxigraph term as parsed (a list only when there are several); a quad whose
predicate the model never reads (the materialised ``am:supports``, ``am:endorses``…, foreign
triples) is dropped after one look at its predicate, and terms become ``str`` only when the
model reads them: no list of every parsed quad is held, and no unread term is converted.
Other sources (neutral triples, rdflib graphs) are turned into pyoxigraph terms first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pydantic
import pyoxigraph as ox
import rdflib
from rdflib import URIRef

from argmap.errors import InputError, MapError, Problem
from argmap.model.corpus import Corpus, corpus_of
from argmap.model.entities import ANALYST, ArgumentMap
from argmap.model.problems import problems_from_validation
from argmap.rdf.terms import (
    AM_NS,
    AMS_NS,
    ATTRIBUTED_TO,
    BROADER,
    CONCEPT,
    CREATED,
    CREATOR,
    DATE,
    DEFINITION,
    DESCRIPTION,
    END,
    EXACT,
    FULL_TEXT,
    HAS_SELECTOR,
    HAS_SOURCE,
    IDENTIFIER,
    IN_SCHEME,
    LABEL,
    NOTE,
    PART_OF,
    POSITION_SELECTOR,
    PREF_LABEL,
    PUBLISHER,
    QUOTE_SELECTOR,
    START,
    STRING,
    TITLE,
    TYPE,
    URL,
    GraphTriple,
    Lit,
    Triple,
    am,
)
from argmap.util.gcpause import collector_paused
from argmap.util.limits import Limits, current, size_words

__all__ = [
    "QuadReader",
    "from_oxigraph",
    "from_rdflib",
    "from_triples",
    "read_neutral",
    "read_quads",
    "read_rdflib",
]

ORDER, EVIDENCE, TEXT, TOPIC, KIND, ANSWERS, SOURCE, TARGET = (
    am(n) for n in ("order", "evidence", "text", "topic", "kind", "answers", "source", "target")
)
STRENGTH, WARRANT, ACTOR, CLAIM, POSITION, ACTOR_KIND, MEMBER_OF = (
    am(n) for n in ("strength", "warrant", "actor", "claim", "position", "actorKind", "memberOf")
)
ARGUMENT_MAP, SOURCE_CLASS, ACTOR_CLASS, ISSUE_CLASS, CLAIM_CLASS = (
    am(n) for n in ("ArgumentMap", "Source", "Actor", "Issue", "Claim")
)
SUPPORT_CLASS, ATTACK_CLASS, STANCE_CLASS = (am(n) for n in ("Support", "Attack", "Stance"))
ARGUMENT_CLASS, CONTRARY_CLASS, CONTRADICTORY_CLASS, REPHRASE_CLASS = (
    am(n) for n in ("Argument", "Contrary", "Contradictory", "Rephrase")
)
PREMISE, CONCLUSION, SCHEME, ANALYST_RECONSTRUCTION, SCHEME_LIST = (
    am(n) for n in ("premise", "conclusion", "scheme", "analystReconstruction", "ArgumentSchemes")
)
LOCUTION_CLASS, ILLOCUTION_CLASS, TRANSITION_CLASS = (
    am(n) for n in ("Locution", "Illocution", "Transition")
)
FORCE, ANCHORED_IN, ANCHORS, TRANSITION_FROM, TRANSITION_TO, TRANSITION_SCHEME = (
    am(n)
    for n in (
        "force", "anchoredIn", "anchors", "transitionFrom", "transitionTo", "transitionScheme"
    )
)  # fmt: skip
SOURCE_IDENTIFIER, LOCUTION_START, LOCUTION_END, LOCUTION_SOURCE = (
    am(n) for n in ("sourceIdentifier", "locutionStart", "locutionEnd", "locutionSource")
)
# The class of each type of relation (a support is also an am:Argument).
_RELATION_TYPES = (
    (SUPPORT_CLASS, "support"),
    (ATTACK_CLASS, "attack"),
    (CONTRARY_CLASS, "contrary"),
    (CONTRADICTORY_CLASS, "contradictory"),
    (REPHRASE_CLASS, "rephrase"),
)
# The classes of a map's members: an entity of one of them must be part of a map.
_CLASSES = (
    SOURCE_CLASS, CONCEPT, ACTOR_CLASS, ISSUE_CLASS, CLAIM_CLASS, ARGUMENT_CLASS,
    *(cls for cls, _ in _RELATION_TYPES), STANCE_CLASS, LOCUTION_CLASS, ILLOCUTION_CLASS,
    TRANSITION_CLASS,
)  # fmt: skip
# The predicates the model is read from.
_READ = (
    TYPE, PART_OF, IDENTIFIER, TITLE, DESCRIPTION, CREATOR, PUBLISHER, DATE, FULL_TEXT, URL,
    PREF_LABEL, DEFINITION, BROADER, IN_SCHEME, LABEL, NOTE, HAS_SOURCE, HAS_SELECTOR, EXACT,
    START, END, ORDER, EVIDENCE, TEXT, TOPIC, KIND, ANSWERS, SOURCE, TARGET, STRENGTH, WARRANT,
    ACTOR, CLAIM, POSITION, ACTOR_KIND, MEMBER_OF, PREMISE, CONCLUSION, SCHEME, ATTRIBUTED_TO,
    ANALYST_RECONSTRUCTION, CREATED, SOURCE_IDENTIFIER, FORCE, ANCHORED_IN, ANCHORS,
    TRANSITION_FROM, TRANSITION_TO, TRANSITION_SCHEME, LOCUTION_START, LOCUTION_END,
    LOCUTION_SOURCE,
)  # fmt: skip

# A value as the accessors see it: an IRI (a blank node as "_:id") as ``str``, a literal as
# (lexical form, datatype IRI). A language tag is not part of a value, so "A"@en and "A"@fr
# are one title, not two.
_Literal = tuple[str, str]
_Term = str | _Literal

_canonical = {p: p for p in _READ}.get  # one str per predicate, so "is" tells them apart
_NONE: dict[str, Any] = {}  # the values of a subject never met (never written to)


class _Several(list[Any]):
    """The values of one subject and predicate when there is more than one."""


def _neutral(term: Any) -> _Term:
    if type(term) is ox.NamedNode:
        return term.value
    if type(term) is ox.Literal:
        return (term.value, term.datatype.value)
    return _node_key(term)


def _node_key(term: Any) -> str:
    """A term that is neither an IRI nor a literal: a blank node, or an RDF 1.2 triple term
    (which argmap never writes; spelled as N-Triples so that an error can show it)."""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)


def _add_another(values: dict[str, Any], p: str, old: Any, new: Any) -> bool:
    """Add ``new`` to a subject's values of ``p`` (``old``: what is there); False when it is
    one of them already. Linear in the values, which are a handful for argmap's RDF."""
    spelled = _neutral(new)
    if type(old) is _Several:
        if any(_neutral(value) == spelled for value in old):
            return False
        old.append(new)
        return True
    if _neutral(old) == spelled:
        return False
    values[p] = _Several((old, new))
    return True


def read_quads(
    quads: Iterable[ox.Quad | ox.Triple], label: str, *, limits: Limits | None = None
) -> Corpus:
    """The corpus in pyoxigraph quads (or triples); errors name ``label``. ``limits``: how
    long a text may be (default: the limits in force, :mod:`argmap.util.limits`)."""
    with collector_paused():
        return QuadReader(quads, label, limits=limits).corpus()


def read_neutral(triples: Iterable[Triple | GraphTriple], label: str) -> Corpus:
    """The corpus in engine-neutral triples (``argmap.rdf.write.corpus_quads`` spelling)."""
    convert = _Converter(label)

    def node(value: str) -> ox.NamedNode | ox.BlankNode:
        return convert.blank(value[2:]) if value.startswith("_:") else convert.iri(value)

    def quads() -> Iterator[ox.Quad]:
        for item in triples:
            o = item[2]
            g = item[3] if len(item) == 4 else None
            yield ox.Quad(
                node(item[0]),
                convert.iri(item[1]),
                convert.literal(o.lexical, o.datatype) if isinstance(o, Lit) else node(o),
                convert.iri(g) if g is not None else ox.DefaultGraph(),
            )

    return read_quads(quads(), label)


def read_rdflib(quads: Iterable[tuple[Any, Any, Any, str | None]], label: str) -> Corpus:
    """The corpus in rdflib terms: (subject, predicate, object, graph IRI or None)."""
    from rdflib import BNode, Literal

    convert = _Converter(label)

    def node(t: Any) -> ox.NamedNode | ox.BlankNode:
        if isinstance(t, Literal):  # rdflib allows it, RDF does not
            raise InputError(f'{label}: the literal "{t}" stands as a subject; make it an IRI')
        return convert.blank(str(t)) if isinstance(t, BNode) else convert.iri(str(t))

    def term(t: Any) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        if isinstance(t, Literal):
            if t.language:
                return convert.tagged(str(t), t.language)
            return convert.literal(str(t), str(t.datatype) if t.datatype else STRING)
        return node(t)

    return read_quads(
        (
            ox.Quad(
                node(s),
                convert.iri(str(p)),
                term(o),
                ox.DefaultGraph() if g is None else convert.iri(g),
            )
            for s, p, o, g in quads
        ),
        label,
    )


class _Converter:
    """Terms spelled as text made pyoxigraph terms, a term pyoxigraph refuses an InputError."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.iris: dict[str, ox.NamedNode] = {}  # predicates and classes repeat: build once

    def _make(self, what: str, make: Callable[[], Any]) -> Any:
        try:
            return make()
        except ValueError as exc:
            raise InputError(f"{self.label}: {what} is not valid RDF ({exc}); correct it") from None

    def iri(self, value: str) -> ox.NamedNode:
        found = self.iris.get(value)
        if found is None:
            found = self.iris[value] = self._make(f"<{value}>", lambda: ox.NamedNode(value))
        return found

    def blank(self, value: str) -> ox.BlankNode:
        made: ox.BlankNode = self._make(f"_:{value}", lambda: ox.BlankNode(value))
        return made

    def literal(self, lexical: str, datatype: str) -> ox.Literal:
        kind = self.iri(datatype)
        made: ox.Literal = self._make(f'"{lexical}"', lambda: ox.Literal(lexical, datatype=kind))
        return made

    def tagged(self, lexical: str, language: str) -> ox.Literal:
        made: ox.Literal = self._make(
            f'"{lexical}"@{language}', lambda: ox.Literal(lexical, language=language)
        )
        return made


class QuadReader:
    """Maps from pyoxigraph quads: see the module's docstring. Reading the quads happens in
    the constructor (so a parser's error surfaces there), building the corpus in
    :meth:`corpus`."""

    def __init__(
        self, quads: Iterable[ox.Quad | ox.Triple], label: str, *, limits: Limits | None = None
    ) -> None:
        self.label = label
        self.limits = current(limits)
        # subject -> predicate -> a term, or a _Several of them
        props: dict[str, dict[str, Any]] = {}
        members: dict[str, list[str]] = {}  # map -> what is dcterms:isPartOf it
        maps: set[str] = set()  # subjects typed am:ArgumentMap
        # (entity, map graph) -> the am:order literal of the entity in that map's graph
        order_in: dict[tuple[str, str], Any] = {}
        self.props, self.members, self.maps, self.order_in = props, members, maps, order_in
        canonical, named, literal = _canonical, ox.NamedNode, ox.Literal
        last, values = "\0", {}  # no subject is spelled "\0" (IRIs cannot hold a NUL)
        # The hot loop: a few attribute reads and small-dict calls per quad.
        for quad in quads:
            p = canonical(quad.predicate.value)
            if p is None:
                continue
            subject = quad.subject
            s = subject.value if type(subject) is named else _node_key(subject)
            if s == last:
                s = last  # one str per subject, shared by what refers to it
            else:
                last = s
                found = props.get(s)
                if found is None:
                    found = props[s] = {}
                values = found
            o = quad.object
            old = values.setdefault(p, o)
            if old is not o and not _add_another(values, p, old, o):
                continue  # the same fact from two graphs is one fact
            if p is PART_OF:
                spelled = o.value if type(o) is named else _neutral(o)
                if isinstance(spelled, str):
                    members.setdefault(spelled, []).append(s)
            elif p is ORDER:
                if type(o) is literal:
                    graph = getattr(quad, "graph_name", None)
                    if type(graph) is named:
                        order_in[(s, graph.value)] = o
            elif p is TYPE and type(o) is named and o.value == ARGUMENT_MAP:
                maps.add(s)

    def _terms(self, s: str, p: str) -> list[Any]:
        found = self.props.get(s, _NONE).get(p)
        if found is None:
            return []
        return found if type(found) is _Several else [found]

    # -- small accessors, each with a short way for the usual case (one value of the kind
    # expected); anything else takes the long way, which says what is wrong.
    def values(self, s: str, p: str) -> list[_Term]:
        return [_neutral(term) for term in self._terms(s, p)]

    def one(self, s: str, p: str, required: bool = True) -> _Term | None:
        found = self.values(s, p)
        if len(found) > 1:
            raise InputError(
                f"{self.label}: <{s}> has {len(found)} values of <{p}>; expected one, keep one"
            )
        if not found:
            if required:
                raise InputError(f"{self.label}: <{s}> has no <{p}>; every such entity needs one")
            return None
        return found[0]

    def text(self, s: str, p: str, required: bool = True) -> str | None:
        found = self.props.get(s, _NONE).get(p)
        value: str
        if type(found) is ox.Literal:  # the usual case, with no neutral value built
            value = found.value
        else:
            o = self.one(s, p, required)
            if o is None:
                return None
            if not isinstance(o, tuple):
                raise InputError(
                    f"{self.label}: <{s}> <{p}> must be a literal, found <{o}>; write the value"
                    " as a literal"
                )
            value = o[0]
        # Characters are one to four UTF-8 bytes: only a long text is measured.
        if len(value) * 4 > self.limits.max_text_bytes:
            self._refuse_long_text(s, p, value)
        return value

    def _refuse_long_text(self, s: str, p: str, value: str) -> None:
        """A text longer than the limits allow (a source's full text has a limit of its own)."""
        source_text = p == FULL_TEXT
        limits = self.limits
        limit = limits.max_source_bytes if source_text else limits.max_text_bytes
        size = len(value.encode("utf-8", "surrogatepass"))
        if size <= limit:
            return
        what = "a source text" if source_text else "a text"
        raise InputError(
            f"{self.label}: <{s}> <{p}> is a literal of {size} bytes, longer than argmap reads"
            f" in {what} ({limit} bytes, {size_words(limit)}); shorten it",
            option="max-source-mb" if source_text else "max-text-kb",
        )

    def number(self, s: str, p: str, kind: type[int] | type[float]) -> Any:
        found = self.props.get(s, _NONE).get(p)
        if found is None:
            return None
        if type(found) is ox.Literal:
            try:
                return kind(found.value)
            except ValueError:
                pass  # the long way says so
        raw = self.text(s, p, required=False)
        if raw is None:
            return None
        try:
            return kind(raw)
        except ValueError:
            what = "a whole number" if kind is int else "a number"
            raise InputError(
                f"{self.label}: <{s}> <{p}> is '{raw}', not a number; write {what}"
            ) from None

    def iri(self, s: str, p: str, required: bool = True) -> str | None:
        found = self.props.get(s, _NONE).get(p)
        if type(found) is ox.NamedNode:
            return str(found.value)
        o = self.one(s, p, required)
        if not isinstance(o, tuple):
            return o
        raise InputError(
            f"{self.label}: <{s}> <{p}> must be an IRI, found a literal; write <…> in place of"
            " the quoted value"
        )

    def ident(self, s: str) -> str:
        return self.text(s, IDENTIFIER) or ""

    def enum(self, s: str, p: str, required: bool = True) -> str | None:
        o = self.iri(s, p, required)
        if o is None:
            return None
        local = o[len(AM_NS) :]
        if not o.startswith(AM_NS) or not local:
            raise InputError(
                f"{self.label}: <{s}> <{p}> is <{o}>, not an argmap term; use one of the"
                " am: terms docs/rdf.md lists"
            )
        return local[0].lower() + local[1:]

    def is_a(self, s: str, rdf_type: str) -> bool:
        found = self.props.get(s, _NONE).get(TYPE)
        if type(found) is ox.NamedNode:
            return bool(found.value == rdf_type)
        return rdf_type in self.values(s, TYPE)

    # -- entities
    def corpus(self) -> Corpus:
        # Sorted, so that which map owns an entity that claims to be part of two is the
        # same whatever order the quads came in.
        maps = sorted(self.maps)
        if not maps:
            raise InputError(
                f"{self.label}: no am:ArgumentMap found; is this argmap RDF (docs/rdf.md)?"
            )
        self.map_of: dict[str, str] = {}
        for m in maps:
            for member in self.members.get(m, []):
                self.map_of.setdefault(member, m)
        self._check_membership()
        built = []
        problems: list[Problem] = []
        for m in maps:
            data = self.map_data(m)
            try:
                built.append(ArgumentMap.model_validate(data))
            except pydantic.ValidationError as exc:
                problems += problems_from_validation(exc, data, self.label, lambda _loc: None)
        if problems:
            raise MapError(problems)
        return corpus_of(built, label=self.label)

    def _check_membership(self) -> None:
        """An entity of a map's classes that is part of no map would be dropped unseen."""
        classes = set(_CLASSES)
        for s, values in self.props.items():
            kind = values.get(TYPE)
            if kind is None or s in self.map_of or s.startswith(AMS_NS):
                continue  # a built-in scheme is part of no map: every map may name it
            if type(kind) is ox.NamedNode:
                found = kind.value if kind.value in classes else None
            else:
                found = next((t for t in self.values(s, TYPE) if t in classes), None)
            if found is not None:
                raise InputError(
                    f"{self.label}: <{s}> is a <{found}> but part of no map; add"
                    f" <{s}> <{PART_OF}> <its map>"
                )

    def map_data(self, m: str) -> dict[str, Any]:
        map_id = self.ident(m)
        suffix = f"map/{map_id}"
        if not m.endswith(suffix):
            raise InputError(
                f"{self.label}: map <{m}> does not end in '{suffix}'; not minted by argmap"
                f" (name the map <{{base}}{suffix}>)"
            )
        # The map's members by class, in one pass (an entity of two classes is in both).
        of_class: dict[_Term, list[str]] = {c: [] for c in _CLASSES}
        props = self.props
        for member in self.members.get(m, []):
            found = props.get(member, _NONE).get(TYPE)
            if type(found) is ox.NamedNode:
                bucket = of_class.get(found.value)
                if bucket is not None:
                    bucket.append(member)
            elif found is not None:
                for rdf_type in self.values(member, TYPE):
                    bucket = of_class.get(rdf_type)
                    if bucket is not None:
                        bucket.append(member)
            else:  # untyped, it would be dropped unseen
                raise InputError(
                    f"{self.label}: <{member}> is part of map <{m}> but has no <{TYPE}>;"
                    " add its class (am:Claim, am:Support…: docs/rdf.md)"
                )
        order_in = self.order_in

        def position(s: str) -> tuple[int, str]:
            # isdecimal, not isdigit: int() refuses digits such as '²' that isdigit accepts.
            found = order_in.get((s, m))
            if found is not None:
                lexical = found.value
                return int(lexical) if lexical.isdecimal() else 0, s
            orders = self.values(s, ORDER)
            if len(orders) == 1 and isinstance(orders[0], tuple) and orders[0][0].isdecimal():
                return int(orders[0][0]), s
            return 0, s  # shared by several maps and no graph to tell: by id

        def of_type(rdf_type: str) -> list[str]:
            # Sorted by (position, IRI), a key no two members share: the order the members
            # were met in does not matter.
            return sorted(of_class[rdf_type], key=position)

        data: dict[str, Any] = {
            "id": map_id,
            "title": self.text(m, TITLE),
            "base": m[: -len(suffix)],
        }
        self.put(data, "description", self.text(m, DESCRIPTION, required=False))
        data["sources"] = [self.source(s) for s in of_type(SOURCE_CLASS)]
        # Topics and schemes are both SKOS concepts; a scheme is in the list of schemes.
        concepts = of_type(CONCEPT)
        schemes = [s for s in concepts if self.has(s, IN_SCHEME, SCHEME_LIST)]
        is_scheme = set(schemes)
        data["topics"] = [self.topic(s) for s in concepts if s not in is_scheme]
        data["actors"] = [self.actor(s) for s in of_type(ACTOR_CLASS)]
        data["schemes"] = [self.scheme(s) for s in schemes]
        data["issues"] = [self.statement(s) for s in of_type(ISSUE_CLASS)]
        data["claims"] = [self.claim(s) for s in of_type(CLAIM_CLASS)]
        # A support is an argument too, but one written as a relation.
        data["arguments"] = [
            self.argument(s, m) for s in of_type(ARGUMENT_CLASS) if not self.is_a(s, SUPPORT_CLASS)
        ]
        relations = sorted([s for cls, _ in _RELATION_TYPES for s in of_class[cls]], key=position)
        data["relations"] = [self.relation(s, m) for s in relations]
        data["stances"] = [self.stance(s, m) for s in of_type(STANCE_CLASS)]
        # The dialogue (AIF+): only maps imported with one have these.
        for key, cls, read in (
            ("locutions", LOCUTION_CLASS, self.locution),
            ("illocutions", ILLOCUTION_CLASS, self.illocution),
            ("transitions", TRANSITION_CLASS, self.transition),
        ):
            found = of_type(cls)
            if found:
                data[key] = [read(s) for s in found]
        return data

    @staticmethod
    def put(data: dict[str, Any], key: str, value: Any) -> None:
        if value is not None:
            data[key] = value

    def ids(self, s: str, p: str) -> list[str]:
        if p not in self.props.get(s, _NONE):
            return []
        return sorted(self.named(s, p, o) for o in self.values(s, p) if isinstance(o, str))

    def named(self, s: str, p: str, target: str) -> str:
        """The id of ``target``, which ``s`` names by ``p``."""
        if target not in self.props:
            raise InputError(
                f"{self.label}: <{s}> <{p}> names <{target}>, which the file does not"
                " describe; add it or correct the IRI"
            )
        return self.ident(target)

    def ref(self, s: str, p: str, here: str) -> str:
        """The reference ``s`` makes by ``p``: an id, or ``map:id`` into another map."""
        return self._ref_to(s, p, self.iri(s, p) or "", here)

    def refs(self, s: str, p: str, here: str) -> list[str]:
        """The references ``s`` makes by ``p``, which may have several values, sorted."""
        found = []
        for target in self.values(s, p):
            if isinstance(target, tuple):
                raise InputError(
                    f"{self.label}: <{s}> <{p}> must be an IRI, found a literal; write <…> in"
                    " place of the quoted value"
                )
            found.append(self._ref_to(s, p, target, here))
        return sorted(found)

    def _ref_to(self, s: str, p: str, target: str, here: str) -> str:
        local = self.named(s, p, target)
        owner = self.map_of.get(target)
        if owner is None or owner == here:
            return local
        return f"{self.ident(owner)}:{local}"

    def scheme_ref(self, s: str, p: str) -> str | None:
        """The scheme ``s`` names by ``p``: a built-in scheme's id (from its IRI: a map need
        not describe it), or the id of a scheme of the map."""
        target = self.iri(s, p, required=False)
        if target is None:
            return None
        if target.startswith(AMS_NS):
            return target[len(AMS_NS) :]
        return self.named(s, p, target)

    def has(self, s: str, p: str, value: str) -> bool:
        """Whether ``s`` has the IRI ``value`` among its values of ``p``."""
        found = self.props.get(s, _NONE).get(p)
        if type(found) is ox.NamedNode:
            return bool(found.value == value)
        return found is not None and value in self.values(s, p)

    def by(self, s: str) -> list[str]:
        """Who advances an argument, a relation or a stance: actor ids, and the analyst."""
        who = self.ids(s, ATTRIBUTED_TO)
        flag = self.text(s, ANALYST_RECONSTRUCTION, required=False)
        if flag is not None:
            if flag.strip() in ("true", "1"):
                who.append(ANALYST)
            elif flag.strip() not in ("false", "0"):
                raise InputError(
                    f"{self.label}: <{s}> <{ANALYST_RECONSTRUCTION}> is '{flag}', not a"
                    " boolean; write true or false"
                )
        return who

    def _optional_text(self, data: dict[str, Any], key: str, s: str, p: str) -> None:
        self.put(data, key, self.text(s, p, required=False))

    def entity(self, s: str, name: str, name_p: str, description_p: str) -> dict[str, Any]:
        """What every described entity has: an id, a name (required), a description."""
        data: dict[str, Any] = {"id": self.ident(s), name: self.text(s, name_p)}
        self._optional_text(data, "description", s, description_p)
        return data

    def origin(self, data: dict[str, Any], s: str, created: bool = True) -> dict[str, Any]:
        """Where an imported entity came from: its id and time in the source format."""
        self._optional_text(data, "identifier", s, SOURCE_IDENTIFIER)
        if created:
            self._optional_text(data, "created", s, CREATED)
        return data

    def locution(self, s: str) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.ident(s), "text": self.text(s, TEXT)}
        speaker = self.iri(s, ATTRIBUTED_TO, required=False)
        if speaker is not None:
            data["speaker"] = self.named(s, ATTRIBUTED_TO, speaker)
        for key, p in (
            ("start", LOCUTION_START),
            ("end", LOCUTION_END),
            ("source", LOCUTION_SOURCE),
        ):
            self._optional_text(data, key, s, p)
        return self.origin(data, s)

    def illocution(self, s: str) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.ident(s), "force": self.text(s, FORCE)}
        for key, p in (("from", ANCHORED_IN), ("to", ANCHORS)):
            target = self.iri(s, p, required=False)
            if target is not None:
                data[key] = self.named(s, p, target)
        return self.origin(data, s)

    def transition(self, s: str) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.ident(s),
            "from": self.ids(s, TRANSITION_FROM),
            "to": self.ids(s, TRANSITION_TO),
        }
        self._optional_text(data, "scheme", s, TRANSITION_SCHEME)
        return self.origin(data, s)

    def source(self, s: str) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.ident(s), "title": self.text(s, TITLE)}
        for key, p in (
            ("author", CREATOR),
            ("publisher", PUBLISHER),
            ("date", DATE),
            ("text", FULL_TEXT),
        ):
            self._optional_text(data, key, s, p)
        self.put(data, "url", self.iri(s, URL, required=False))
        return data

    def topic(self, s: str) -> dict[str, Any]:
        data = self.entity(s, "label", PREF_LABEL, DEFINITION)
        data["broader"] = self.ids(s, BROADER)
        return data

    def scheme(self, s: str) -> dict[str, Any]:
        data = self.entity(s, "label", PREF_LABEL, DEFINITION)
        self.put(data, "broader", self.scheme_ref(s, BROADER))
        return data

    def actor(self, s: str) -> dict[str, Any]:
        data = self.entity(s, "name", LABEL, DESCRIPTION)
        data["kind"] = self.enum(s, ACTOR_KIND)
        data["member_of"] = self.ids(s, MEMBER_OF)
        return self.origin(data, s, created=False)

    def statement(self, s: str) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.ident(s), "text": self.text(s, TEXT)}
        data["topics"] = self.ids(s, TOPIC)
        data["quotes"] = self.quotes(s)
        return data

    def claim(self, s: str) -> dict[str, Any]:
        data = self.statement(s)
        self.put(data, "kind", self.enum(s, KIND, required=False))
        data["answers"] = self.ids(s, ANSWERS)
        self._optional_text(data, "note", s, NOTE)
        return self.origin(data, s)

    def argument(self, s: str, m: str) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.ident(s),
            "premises": self.refs(s, PREMISE, m),
            "conclusion": self.ref(s, CONCLUSION, m),
        }
        self.put(data, "scheme", self.scheme_ref(s, SCHEME))
        self.put(data, "strength", self.number(s, STRENGTH, float))
        self._optional_text(data, "warrant", s, WARRANT)
        data["quotes"] = self.quotes(s)
        data["by"] = self.by(s)
        return self.origin(data, s)

    def relation(self, s: str, m: str) -> dict[str, Any]:
        # Its am:premise and am:conclusion, if a support, say again its source and target.
        data: dict[str, Any] = {
            "id": self.ident(s),
            "type": next(name for cls, name in _RELATION_TYPES if self.is_a(s, cls)),
            "from": self.ref(s, SOURCE, m),
            "to": self.ref(s, TARGET, m),
        }
        self.put(data, "kind", self.enum(s, KIND, required=False))
        self.put(data, "strength", self.number(s, STRENGTH, float))
        self._optional_text(data, "warrant", s, WARRANT)
        data["quotes"] = self.quotes(s)
        data["by"] = self.by(s)
        return self.origin(data, s)

    def stance(self, s: str, m: str) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.ident(s),
            "actor": self.named(s, ACTOR, self.iri(s, ACTOR) or ""),
            "claim": self.ref(s, CLAIM, m),
            "position": self.enum(s, POSITION),
        }
        self.put(data, "strength", self.number(s, STRENGTH, float))
        data["quotes"] = self.quotes(s)
        data["by"] = self.by(s)
        return data

    def quotes(self, s: str) -> list[dict[str, Any]]:
        if EVIDENCE not in self.props.get(s, _NONE):
            return []
        found = [q for q in self.values(s, EVIDENCE) if isinstance(q, str)]
        found.sort(key=lambda q: (self.number(q, ORDER, int) or 0, q))
        result = []
        for q in found:
            data: dict[str, Any] = {
                "source": self.named(q, HAS_SOURCE, self.iri(q, HAS_SOURCE) or "")
            }
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


# ---- entry points: an rdflib graph, pyoxigraph quads, neutral triples -> a corpus --------------


def from_rdflib(graph: rdflib.Graph) -> Corpus:
    """Read the maps in an rdflib Graph or Dataset (all its graphs) back into a corpus."""
    quads: Iterable[Any]
    if isinstance(graph, rdflib.Dataset):
        quads = graph.quads((None, None, None, None))
    else:
        quads = ((s, p, o, None) for s, p, o in graph.triples((None, None, None)))
    return read_rdflib(((s, p, o, _graph_name(g)) for s, p, o, g in quads), "RDF graph")


def _graph_name(g: Any) -> str | None:
    name = getattr(g, "identifier", g)
    return str(name) if isinstance(name, URIRef) else None


def from_oxigraph(quads: Iterable[ox.Quad | ox.Triple], label: str = "RDF") -> Corpus:
    """Read maps from pyoxigraph quads or triples (maps are found by ``dcterms:isPartOf``;
    graph names tell each map's order of shared entities)."""
    return read_quads(quads, label)


def from_triples(triples: Iterable[Triple | GraphTriple], label: str = "RDF") -> Corpus:
    """Rebuild the corpus from neutral triples (or triples with their graph); foreign triples
    are ignored. The graph tells which map an ``am:order`` belongs to when several maps share
    an entity; without graphs such entities come back sorted by id."""
    return read_neutral(triples, label)
