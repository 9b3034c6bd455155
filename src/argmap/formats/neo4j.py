"""Neo4j export: CSV files in the ``neo4j-admin database import`` header format, plus a
Cypher ``LOAD CSV`` script for a running database.

Header format (Neo4j Operations Manual, "Import", CSV header format): each column is
``name:type`` (``string``, ``double``, ``boolean``…, arrays ``string[]`` split on ``;``, the default
``--array-delimiter``); a node file has one ``name:ID`` column and a ``:LABEL`` column; the
relationship file has ``:START_ID``, ``:END_ID`` and ``:TYPE``. Fields are separated by
``,``; every string is double-quoted with ``"`` doubled inside; an empty, unquoted field is
"no value" (no property). Texts may hold line breaks, so bulk import needs
``--multiline-fields=true``.

Files written into the output folder:

- ``claims.csv``, ``issues.csv``, ``actors.csv`` (``arguments.csv`` when the map has
  arguments, and ``relations.csv`` when an undercut needs a node for the relation it
  attacks): nodes labelled ``Claim``/``Issue``/``Actor``/``Argument``/``Relation`` and
  ``ArgmapNode``, with the IRI as ``iri:ID``; an ``Argument`` (an inference with linked
  premises) has its ``scheme``, ``scheme_label`` and ``premise_count``;
- ``relationships.csv``: ``SUPPORTS``, ``ATTACKS`` (``attack_kind`` rebut, undermine or
  undercut), ``PREMISE`` (claim to argument), ``CONCLUSION`` (argument to claim),
  ``CONTRARY_TO``, ``CONTRADICTS``, ``REPHRASES``, ``ENDORSES``, ``OPPOSES``,
  ``IS_CONCERNED_ABOUT``, ``ANSWERS``, ``MEMBER_OF``; who advances a relation or stance is
  its ``by`` (actor ids) and ``analyst`` (true for the mapper's own links);
- ``import.cypher``: the same graph through ``LOAD CSV`` (copy the CSVs into Neo4j's
  ``import`` folder, then ``cypher-shell -f import.cypher``), and the bulk-import command.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx

from argmap.errors import OutputError
from argmap.graph.projection import LIST_SEPARATOR, corpus_graph
from argmap.model.corpus import Corpus
from argmap.util.files import write_files_atomic

__all__ = ["NODE_FILES", "RELATIONSHIP_TYPES", "csv_files", "write"]

NODE_FILES = {"claim": "claims.csv", "issue": "issues.csv", "actor": "actors.csv"}
NODE_FILES["argument"] = "arguments.csv"
NODE_FILES["relation"] = "relations.csv"
NODE_LABELS = {"claim": "Claim", "issue": "Issue", "actor": "Actor", "relation": "Relation"}
NODE_LABELS["argument"] = "Argument"
# Written only when there is such a node (the other files always are, even if empty).
OPTIONAL_NODE_FILES = {"argument", "relation"}
COMMON_LABEL = "ArgmapNode"
RELATIONSHIP_TYPES = {
    "support": "SUPPORTS",
    "attack": "ATTACKS",
    "endorses": "ENDORSES",
    "opposes": "OPPOSES",
    "concerned": "IS_CONCERNED_ABOUT",
    "answers": "ANSWERS",
    "member_of": "MEMBER_OF",
    "premise": "PREMISE",
    "conclusion": "CONCLUSION",
    "contrary": "CONTRARY_TO",
    "contradictory": "CONTRADICTS",
    "rephrase": "REPHRASES",
}
_TYPES = {str: "string", int: "long", float: "double", list: "string[]", bool: "boolean"}


def _field(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):  # before int: a bool is an int in Python
        return "true" if value else "false"
    if isinstance(value, list):
        value = LIST_SEPARATOR.join(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, int):
        return str(value)
    return '"' + str(value).replace('"', '""') + '"'


def _columns(items: list[dict[str, Any]]) -> dict[str, str]:
    columns: dict[str, str] = {}
    for data in items:
        for name, value in data.items():
            columns.setdefault(name, _TYPES[type(value)])
    return columns


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    lines = [",".join(header), *(",".join(row) for row in rows)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _relationship_type(data: dict[str, Any]) -> str:
    return RELATIONSHIP_TYPES[str(data.get("position", data["kind"]))]


def csv_files(g: nx.MultiDiGraph) -> dict[str, bytes]:
    """File name -> content of the CSV files and the Cypher script for a graph view."""
    files: dict[str, bytes] = {}
    node_headers: dict[str, dict[str, str]] = {}
    for kind, name in NODE_FILES.items():
        nodes = [(n, d) for n, d in g.nodes(data=True) if d["kind"] == kind]
        if not nodes and kind in OPTIONAL_NODE_FILES:
            continue
        columns = _columns([d for _, d in nodes])
        node_headers[name] = columns
        header = ["iri:ID", *(f"{c}:{t}" for c, t in columns.items()), ":LABEL"]
        labels = f"{NODE_LABELS[kind]};{COMMON_LABEL}"
        rows = [[_field(n), *(_field(d.get(c)) for c in columns), _field(labels)] for n, d in nodes]
        files[name] = _csv(header, rows)
    edges = list(g.edges(keys=True, data=True))
    columns = _columns([d for *_, d in edges])
    header = [":START_ID", ":END_ID", "iri:string", *(f"{c}:{t}" for c, t in columns.items())]
    rows = [
        [
            _field(s),
            _field(t),
            _field(k),
            *(_field(d.get(c)) for c in columns),
            _field(_relationship_type(d)),
        ]
        for s, t, k, d in edges
    ]
    files["relationships.csv"] = _csv([*header, ":TYPE"], rows)
    types = list(dict.fromkeys(_relationship_type(d) for *_, d in edges))
    files["import.cypher"] = _cypher(node_headers, columns, types).encode("utf-8")
    return files


def _set_clause(var: str, columns: dict[str, str]) -> str:
    parts = []
    for name, kind in columns.items():
        cell = f"row.`{name}:{kind}`"
        if kind == "double":
            cell = f"toFloat({cell})"
        elif kind == "long":
            cell = f"toInteger({cell})"
        elif kind == "boolean":
            cell = f"toBoolean({cell})"
        elif kind == "string[]":
            cell = f"split({cell}, '{LIST_SEPARATOR}')"
        parts.append(f"{var}.`{name}` = {cell}")
    return ", ".join(parts)


def _cypher(
    node_headers: dict[str, dict[str, str]], edge_columns: dict[str, str], types: list[str]
) -> str:
    bulk = " ".join(f"--nodes={name}" for name in node_headers)
    lines = [
        "// Written by argmap: load the CSV files beside this script into Neo4j.",
        "// Online: copy the CSV files into the database's import folder, then run",
        "//   cypher-shell -f import.cypher",
        "// Offline bulk import of the same files (new database):",
        f"//   neo4j-admin database import full {bulk} --relationships=relationships.csv"
        " --multiline-fields=true neo4j",
        f"CREATE CONSTRAINT argmap_iri IF NOT EXISTS FOR (n:{COMMON_LABEL})"
        " REQUIRE n.iri IS UNIQUE;",
    ]
    kinds = {name: kind for kind, name in NODE_FILES.items()}
    for name, columns in node_headers.items():
        label = NODE_LABELS[kinds[name]]
        lines.append(
            f"LOAD CSV WITH HEADERS FROM 'file:///{name}' AS row"
            f" MERGE (n:{COMMON_LABEL} {{iri: row.`iri:ID`}}) SET n:{label}, "
            + _set_clause("n", columns)
            + ";"
        )
    settings = _set_clause("r", edge_columns)
    for rel_type in types:
        lines.append(
            "LOAD CSV WITH HEADERS FROM 'file:///relationships.csv' AS row"
            f" WITH row WHERE row.`:TYPE` = '{rel_type}'"
            f" MATCH (a:{COMMON_LABEL} {{iri: row.`:START_ID`}}),"
            f" (b:{COMMON_LABEL} {{iri: row.`:END_ID`}})"
            f" MERGE (a)-[r:{rel_type} {{iri: row.`iri:string`}}]->(b)"
            + (f" SET {settings}" if settings else "")
            + ";"
        )
    return "\n".join(lines) + "\n"


def write(corpus: Corpus, folder: str | Path) -> None:
    """Write the Neo4j files into ``folder`` (created if missing; its parent must exist), all
    of them or none: a new folder appears whole or not at all, and in an existing one (whose
    other files are kept) no file is replaced unless every file could be written."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder}: is a file; Neo4j export writes a folder of CSV files")
    write_files_atomic(folder, csv_files(corpus_graph(corpus)))
