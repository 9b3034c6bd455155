"""The graph-view formats written from a graph instead of a corpus: the whole graph view, or a
part of it, such as a claim's neighbourhood (``argmap export --focus``, made by
:func:`argmap.graph.neighbourhood.focus_graph`).

Each format's module writes ``dumps(corpus)`` as its own serialisation of
``corpus_graph(corpus)``; :func:`write_graph` applies that same serialisation to any graph
view (tests/test_formats_mermaid.py checks that a neighbourhood wide enough to hold the
whole map writes the same bytes as the plain export, format by format). The other formats
(AIF, Argdown, RDF, map files) write the maps themselves, not a graph, so they have no part
to narrow to.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from argmap.errors import OutputError

if TYPE_CHECKING:  # the command line imports GRAPH_VIEWS to build its help: keep that cheap
    import networkx as nx

__all__ = ["GRAPH_VIEWS", "graph_bytes", "write_graph"]

#: The formats written from the graph view, in the order the help lists them.
GRAPH_VIEWS = ("graphml", "gexf", "cytoscape", "dot", "mermaid", "nodelink", "neo4j")


def _json(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def graph_bytes(name: str, g: nx.MultiDiGraph, titles: Mapping[str, str]) -> bytes:
    """The one-file graph-view format ``name`` of ``g`` (``titles``: each map's title, by
    id, for the formats that show them). Mermaid over its limits raises
    :class:`~argmap.formats.mermaid.DiagramTooLargeError`."""
    if name == "graphml":
        from argmap.formats import graphml

        return graphml.dumps_graph(g).encode("utf-8")
    if name == "gexf":
        from argmap.formats import gexf

        return gexf.dumps_graph(g).encode("utf-8")
    if name == "cytoscape":
        from argmap.formats import cytoscape

        return _json(cytoscape.cytoscape_json(g))
    if name == "dot":
        from argmap.formats import dot

        return dot.dumps_graph(g, dict(titles)).encode("utf-8")
    if name == "mermaid":
        from argmap.formats import mermaid

        return mermaid.dumps_checked(g).encode("utf-8")
    if name == "nodelink":
        from argmap.formats import nodelink

        return _json(nodelink.node_link(g))
    raise ValueError(f"{name} is not a one-file graph-view format")  # a bug in the caller


def write_graph(name: str, g: nx.MultiDiGraph, target: Path, titles: Mapping[str, str]) -> None:
    """Write ``g`` in the graph-view format ``name`` to ``target`` (a folder for neo4j),
    atomically, as the format's own export writes the whole graph view."""
    from argmap.util.files import write_atomic, write_files_atomic

    if name == "neo4j":
        from argmap.formats import neo4j

        if target.exists() and not target.is_dir():
            raise OutputError(f"{target}: is a file; Neo4j export writes a folder of CSV files")
        write_files_atomic(target, neo4j.csv_files(g))
        return
    write_atomic(target, graph_bytes(name, g, titles))
