"""The ontology's terms as Python constants.

``AM`` is a closed :class:`rdflib.namespace.DefinedNamespace`: a misspelt term raises instead of
minting a new IRI, and names such as ``count`` cannot clash with ``str`` methods. A test
checks that every term here is declared in ``ontology/argmap.ttl``.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace

__all__ = ["AIF", "AM", "AM_NS", "OA", "SCHEMA", "ontology_path"]

AM_NS = "https://w3id.org/argmap/ns#"
OA = Namespace("http://www.w3.org/ns/oa#")
AIF = Namespace("http://www.arg.dundee.ac.uk/aif#")
SCHEMA = Namespace("https://schema.org/")


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
    Support: URIRef
    Attack: URIRef
    Actor: URIRef
    Stance: URIRef
    Source: URIRef
    Quote: URIRef
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
    # individuals
    Fact: URIRef
    Definition: URIRef
    Prediction: URIRef
    Value: URIRef
    Policy: URIRef
    Rebut: URIRef
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


def ontology_path(name: str = "argmap.ttl") -> Path:
    """Path of a file of the ontology folder, in the installed wheel or the source checkout."""
    packaged = resources.files("argmap") / "ontology" / name
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "ontology" / name
