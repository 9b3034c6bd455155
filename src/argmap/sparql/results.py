"""Query results written out: the W3C SPARQL 1.1 result formats and a terminal table.

Formats follow the W3C Recommendations "SPARQL 1.1 Query Results JSON Format",
"SPARQL Query Results XML Format (Second Edition)" and "SPARQL 1.1 Query Results CSV and TSV
Formats", so other tools can read what argmap prints.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Literal
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from argmap.rdf.terms import LANG_STRING, PREFIXES, STRING
from argmap.sparql.local import IRI, BlankNode, QueryResult, Term, term_to_oxigraph

__all__ = ["RESULT_FORMATS", "format_result"]

RESULT_FORMATS = ("table", "csv", "tsv", "json", "xml")
XSD_STRING = STRING
RDF_LANG_STRING = LANG_STRING


def format_result(
    result: QueryResult, fmt: Literal["table", "csv", "tsv", "json", "xml"] | str = "table"
) -> str:
    """The result as text: SELECT/ASK in ``fmt``; CONSTRUCT/DESCRIBE as Turtle (or ``fmt``
    naming an RDF format)."""
    if result.form == "graph":
        return _graph(result, fmt)
    writer = {"table": _table, "csv": _csv, "tsv": _tsv, "json": _json, "xml": _xml}[fmt]
    return writer(result)


def _json_term(term: Term) -> dict[str, str]:
    if isinstance(term, IRI):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype != XSD_STRING:
        out["datatype"] = term.datatype
    return out


def _json(result: QueryResult) -> str:
    if result.form == "ask":
        return json.dumps({"head": {}, "boolean": bool(result.boolean)}, indent=2) + "\n"
    document = {
        "head": {"vars": list(result.variables)},
        "results": {
            "bindings": [{v: _json_term(t) for v, t in row.items()} for row in result.rows]
        },
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _xml_term(term: Term) -> str:
    if isinstance(term, IRI):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype != XSD_STRING:
        return f"<literal datatype={quoteattr(term.datatype)}>{escape(term.value)}</literal>"
    return f"<literal>{escape(term.value)}</literal>"


def _xml(result: QueryResult) -> str:
    lines = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
    if result.form == "ask":
        lines += ["  <head/>", f"  <boolean>{'true' if result.boolean else 'false'}</boolean>"]
    else:
        lines.append("  <head>")
        lines += [f"    <variable name={quoteattr(v)}/>" for v in result.variables]
        lines += ["  </head>", "  <results>"]
        for row in result.rows:
            lines.append("    <result>")
            lines += [
                f"      <binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                for v, t in row.items()
            ]
            lines.append("    </result>")
        lines.append("  </results>")
    lines.append("</sparql>")
    return "\n".join(lines) + "\n"


def _csv(result: QueryResult) -> str:
    # CSV carries plain values only (the spec drops datatypes and languages).
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if result.form == "ask":
        writer.writerow(["boolean"])
        writer.writerow(["true" if result.boolean else "false"])
    else:
        writer.writerow(result.variables)
        for row in result.rows:
            writer.writerow([_csv_value(row.get(v)) for v in result.variables])
    return buffer.getvalue()


def _csv_value(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    return term.value


def _tsv_term(term: Term | None) -> str:
    """A term in SPARQL/Turtle syntax, as TSV requires (pyoxigraph does the escaping)."""
    return "" if term is None else str(term_to_oxigraph(term))


def _tsv(result: QueryResult) -> str:
    if result.form == "ask":
        return "?boolean\n" + ("true" if result.boolean else "false") + "\n"
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join(_tsv_term(row.get(v)) for v in result.variables) for row in result.rows]
    return "\n".join(lines) + "\n"


def _short(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, IRI):
        for prefix, namespace in PREFIXES.items():
            if term.value.startswith(namespace):
                return f"{prefix}:{term.value[len(namespace) :]}"
        return term.value
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    return term.value


def _table(result: QueryResult, width: int = 60) -> str:
    if result.form == "ask":
        return ("true" if result.boolean else "false") + "\n"
    header = list(result.variables)

    def cell(term: Term | None) -> str:
        text = " ".join(_short(term).split())  # one line per row, whatever the text holds
        return text if len(text) <= width else text[: width - 1] + "…"

    rows = [[cell(row.get(v)) for v in header] for row in result.rows]
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(header)]

    def line(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    body = [line(header), line(["-" * w for w in widths]), *map(line, rows)]
    body.append(f"({len(rows)} row{'s' * (len(rows) != 1)})")
    return "\n".join(body) + "\n"


def _graph(result: QueryResult, fmt: str) -> str:
    from argmap.rdf.files import rdf_format

    target = rdf_format(None, "turtle" if fmt in RESULT_FORMATS else fmt)

    term = term_to_oxigraph
    triples = [ox.Triple(term(s), term(p), term(o)) for s, p, o in result.triples]  # type: ignore[arg-type]
    out = ox.serialize(triples, format=target.oxigraph, prefixes=PREFIXES)
    return (out or b"").decode("utf-8")
