"""A SHACL Core validator (W3C SHACL, https://www.w3.org/TR/shacl/) over plain Python terms.

One job per module: :mod:`~argmap.shacl.terms` (RDF terms without rdflib),
:mod:`~argmap.shacl.xsd` (datatypes: lexical spaces, order), :mod:`~argmap.shacl.data` (the
indexed data graph), :mod:`~argmap.shacl.shapes` (reading a shapes graph, refusing what is
not implemented), :mod:`~argmap.shacl.engine` (evaluation) and
:mod:`~argmap.shacl.results` (validation results, from the engine or a report graph).
"""

from __future__ import annotations

from argmap.shacl.data import DataGraph
from argmap.shacl.engine import validate
from argmap.shacl.results import Result, results_of_report
from argmap.shacl.shapes import Shapes, ShapesError, read_shapes, read_turtle_shapes
from argmap.shacl.xsd import UnorderedValuesError

__all__ = [
    "DataGraph", "Result", "Shapes", "ShapesError", "UnorderedValuesError", "read_shapes",
    "read_turtle_shapes", "results_of_report", "validate",
]  # fmt: skip
