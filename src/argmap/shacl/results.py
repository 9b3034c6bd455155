"""Validation results (W3C SHACL §3.6.2), as the engine makes them and as a report holds them.

A result here is what a reader of the report acts on: the focus node, the path, the value,
the constraint component and the message. The source shape is left out: a blank-node shape
has a different label in every parse of the shapes, so two validators could not agree on it.
"""

from __future__ import annotations

from typing import NamedTuple

import rdflib
from rdflib.term import Node

from argmap.shacl.shapes import Inverse, Path, choose_message
from argmap.shacl.terms import SH, Term, from_rdflib, text

__all__ = ["Result", "results_of_report"]


class Result(NamedTuple):
    focus: Term
    path: Path | None  # None: a node shape's result
    value: Term | None
    component: str  # the constraint component's IRI
    message: str | None


def results_of_report(report: rdflib.Graph) -> set[Result]:
    """The results of a SHACL validation report graph (not the nested ones of sh:detail)."""
    sh = rdflib.Namespace(SH)
    found = set()
    for node in report.objects(None, sh.result):
        focus, path = report.value(node, sh.focusNode), report.value(node, sh.resultPath)
        value = report.value(node, sh.value)
        component = report.value(node, sh.sourceConstraintComponent)
        messages = [from_rdflib(m) for m in report.objects(node, sh.resultMessage)]
        if focus is None or component is None:
            raise ValueError(f"a validation result without focus node or component: {node}")
        found.add(
            Result(
                from_rdflib(focus),
                _path(report, path),
                None if value is None else from_rdflib(value),
                str(component),
                choose_message([text(m) for m in messages], messages),
            )
        )
    return found


def _path(report: rdflib.Graph, path: Node | None) -> Path | None:
    if path is None or isinstance(path, rdflib.URIRef):
        return None if path is None else str(path)
    inverse = report.value(path, rdflib.URIRef(SH + "inversePath"))
    if isinstance(inverse, rdflib.URIRef):
        return Inverse(str(inverse))
    raise ValueError(f"a result path this validator does not read: {path}")
