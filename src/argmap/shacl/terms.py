"""RDF terms as the validator holds them: plain hashable Python values, no rdflib objects.

An IRI is a ``str``; a literal is an :class:`argmap.rdf.write.Lit` (lexical form and datatype
IRI; a simple literal has the datatype xsd:string, as in RDF 1.1); a language-tagged string
is a :class:`LangLit`; a blank node is a :class:`Blank`. The tuple types have different
lengths, so terms of different kinds are never equal.
"""

from __future__ import annotations

from typing import NamedTuple

import pyoxigraph as ox
import rdflib

from argmap.rdf.terms import LANG_STRING, SH_NS, STRING, TYPE, Lit

__all__ = ["Blank", "LangLit", "Lit", "Term", "from_oxigraph", "from_rdflib", "text"]

SH = SH_NS
RDF_TYPE = TYPE
XSD_STRING = STRING


class LangLit(NamedTuple):
    """A language-tagged string (datatype rdf:langString)."""

    lexical: str
    datatype: str
    language: str


class Blank(NamedTuple):
    """A blank node, by its label in the graph it came from."""

    label: str


Term = str | Lit | LangLit | Blank


def text(term: Term) -> str:
    """An IRI itself, a literal's lexical form, a blank node's label (for messages, patterns)."""
    if isinstance(term, str):
        return term
    if isinstance(term, Blank):
        return term.label
    return term.lexical


def from_rdflib(node: object) -> Term:
    if isinstance(node, rdflib.URIRef):
        return str(node)
    if isinstance(node, rdflib.BNode):
        return Blank(str(node))
    if isinstance(node, rdflib.Literal):
        if node.language:
            return LangLit(str(node), LANG_STRING, node.language)
        return Lit(str(node), str(node.datatype) if node.datatype else XSD_STRING)
    raise TypeError(f"not an RDF term: {node!r}")


def from_oxigraph(node: object) -> Term:
    if isinstance(node, ox.NamedNode):
        return node.value
    if isinstance(node, ox.BlankNode):
        return Blank(node.value)
    if isinstance(node, ox.Literal):
        if node.language:
            return LangLit(node.value, LANG_STRING, node.language)
        return Lit(node.value, node.datatype.value)
    raise TypeError(f"not an RDF term: {node!r}")
