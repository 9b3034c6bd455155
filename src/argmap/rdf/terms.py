"""The one table of namespaces, prefixes and ontology terms argmap reads and writes.

``AM`` is a closed :class:`rdflib.namespace.DefinedNamespace`: a misspelt term raises instead of
minting a new IRI, and names such as ``count`` cannot clash with ``str`` methods. A test
checks that every term here is declared in ``ontology/argmap.ttl`` (``am:ArgumentSchemes``,
the list of argumentation schemes, in ``ontology/schemes.ttl`` with the built-in schemes).
:func:`am` spells a term as a plain ``str`` (the hot paths and the SHACL engine work with
plain strings); the other vocabularies' terms are plain strings below. Nothing else in
argmap spells a namespace.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import NamedTuple

from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace

__all__ = [
    "AIF", "AIF_NS", "AM", "AMS_NS", "AM_NS", "CREATED", "DCT", "OA", "OA_NS", "OWL_NS",
    "PREFIXES", "PROV_NS", "QUERY_PREFIXES", "RDFS_NS", "RDF_NS", "SCHEMA", "SCHEMA_NS",
    "SH_NS", "SKOS", "XSD",
    "GraphTriple", "Lit", "Obj", "Quad", "Triple", "am", "builtin_scheme_iri", "ontology_path",
]  # fmt: skip

AM_NS = "https://w3id.org/argmap/ns#"
#: The built-in argumentation schemes (ontology/schemes.ttl): ``AMS_NS + slug``.
AMS_NS = "https://w3id.org/argmap/scheme/"
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS_NS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL_NS = "http://www.w3.org/2002/07/owl#"
DCT = "http://purl.org/dc/terms/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
OA_NS = "http://www.w3.org/ns/oa#"
SCHEMA_NS = "https://schema.org/"
PROV_NS = "http://www.w3.org/ns/prov#"
AIF_NS = "http://www.arg.dundee.ac.uk/aif#"
SH_NS = "http://www.w3.org/ns/shacl#"

OA = Namespace(OA_NS)
AIF = Namespace(AIF_NS)
SCHEMA = Namespace(SCHEMA_NS)

#: The prefixes of the files argmap writes.
PREFIXES = {
    "am": AM_NS,
    "ams": AMS_NS,
    "dcterms": DCT,
    "oa": OA_NS,
    "prov": PROV_NS,
    "rdf": RDF_NS,
    "rdfs": RDFS_NS,
    "schema": SCHEMA_NS,
    "skos": SKOS,
    "xsd": XSD,
}
#: Prefixes every query may use without declaring them.
QUERY_PREFIXES = {**PREFIXES, "aif": AIF_NS, "owl": OWL_NS}

TYPE = RDF_NS + "type"
LANG_STRING = RDF_NS + "langString"
LABEL = RDFS_NS + "label"
SUBCLASS_OF = RDFS_NS + "subClassOf"
IDENTIFIER, PART_OF, TITLE, DESCRIPTION = (
    DCT + n for n in ("identifier", "isPartOf", "title", "description")
)
CREATOR, PUBLISHER, DATE = DCT + "creator", DCT + "publisher", DCT + "date"
CREATED = DCT + "created"
PREF_LABEL, DEFINITION, BROADER, NOTE, CONCEPT, IN_SCHEME = (
    SKOS + n for n in ("prefLabel", "definition", "broader", "note", "Concept", "inScheme")
)
ATTRIBUTED_TO = PROV_NS + "wasAttributedTo"
HAS_SOURCE, HAS_SELECTOR, EXACT, START, END = (
    OA_NS + n for n in ("hasSource", "hasSelector", "exact", "start", "end")
)
QUOTE_SELECTOR, POSITION_SELECTOR = OA_NS + "TextQuoteSelector", OA_NS + "TextPositionSelector"
URL, FULL_TEXT = SCHEMA_NS + "url", SCHEMA_NS + "text"
STRING, DOUBLE, INTEGER, NON_NEG, BOOLEAN = (
    XSD + "string",
    XSD + "double",
    XSD + "integer",
    XSD + "nonNegativeInteger",
    XSD + "boolean",
)


class Lit(NamedTuple):
    """A literal, engine-neutral: lexical form and datatype IRI."""

    lexical: str
    datatype: str


#: An RDF object, engine-neutral: an IRI (``str``) or a literal.
Obj = str | Lit
#: Subject, predicate, object and graph name (IRIs as ``str``).
Quad = tuple[str, str, Obj, str]
Triple = tuple[str, str, Obj]
#: A triple with the graph it stands in (None: the default graph, or a triple format).
GraphTriple = tuple[str, str, Obj, str | None]


class AM(DefinedNamespace):
    """argmap ontology terms (https://w3id.org/argmap/ns#)."""

    _NS = Namespace(AM_NS)
    _fail = True

    # classes
    ArgumentMap: URIRef
    Claim: URIRef
    Counterclaim: URIRef
    Issue: URIRef
    Relation: URIRef
    Argument: URIRef
    Support: URIRef
    Attack: URIRef
    Contrary: URIRef
    Contradictory: URIRef
    Rephrase: URIRef
    Actor: URIRef
    Stance: URIRef
    Source: URIRef
    Quote: URIRef
    Locution: URIRef
    Illocution: URIRef
    Transition: URIRef
    ClaimKind: URIRef
    AttackKind: URIRef
    ActorKind: URIRef
    Position: URIRef
    Status: URIRef
    # properties
    text: URIRef
    kind: URIRef
    actorKind: URIRef
    answers: URIRef
    topic: URIRef
    source: URIRef
    target: URIRef
    strength: URIRef
    warrant: URIRef
    evidence: URIRef
    supports: URIRef
    attacks: URIRef
    premise: URIRef
    conclusion: URIRef
    scheme: URIRef
    contrary: URIRef
    contradicts: URIRef
    rephrases: URIRef
    analystReconstruction: URIRef
    actor: URIRef
    claim: URIRef
    position: URIRef
    endorses: URIRef
    opposes: URIRef
    isConcernedAbout: URIRef
    memberOf: URIRef
    order: URIRef
    status: URIRef
    score: URIRef
    # the dialogue (AIF+) and what an import keeps of the source format
    locutionStart: URIRef
    locutionEnd: URIRef
    locutionSource: URIRef
    force: URIRef
    anchoredIn: URIRef
    anchors: URIRef
    transitionFrom: URIRef
    transitionTo: URIRef
    transitionScheme: URIRef
    sourceIdentifier: URIRef
    # individuals
    Fact: URIRef
    Definition: URIRef
    Prediction: URIRef
    Value: URIRef
    Policy: URIRef
    Rebut: URIRef
    Undermine: URIRef
    Undercut: URIRef
    Company: URIRef
    Organization: URIRef
    Community: URIRef
    Government: URIRef
    Person: URIRef
    Country: URIRef
    Endorses: URIRef
    Opposes: URIRef
    Concerned: URIRef
    Accepted: URIRef
    Rejected: URIRef
    Undecided: URIRef
    # the concept scheme of argumentation schemes (declared in ontology/schemes.ttl)
    ArgumentSchemes: URIRef


def am(name: str) -> str:
    """An ontology term as a plain ``str`` IRI; a name the ontology lacks raises."""
    return str(getattr(AM, name))


def builtin_scheme_iri(slug: str) -> str:
    """The IRI of a built-in argumentation scheme (``argmap.model.schemes.BUILTIN_SCHEMES``)."""
    return AMS_NS + slug


def ontology_path(name: str = "argmap.ttl") -> Path:
    """Path of a file of the ontology folder, in the installed wheel or the source checkout."""
    packaged = resources.files("argmap") / "ontology" / name
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[3] / "ontology" / name
