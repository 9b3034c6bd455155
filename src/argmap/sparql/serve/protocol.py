"""Reading the query out of a SPARQL 1.1 Protocol request, refusing what is not served.

The query operation (SPARQL 1.1 Protocol §2.1) comes in three forms, all read here:

- §2.1.1 query via GET: ``?query=`` in the URL;
- §2.1.2 query via POST with URL-encoded parameters: a form body (``query=``), maybe with
  more parameters in the URL;
- §2.1.3 query via POST directly: an ``application/sparql-query`` body (its charset
  honoured, UTF-8 by default), the other parameters in the URL.

Exactly one ``query`` parameter is required (§2.1.1). The update operation (§2.2: an
``application/sparql-update`` body, ``update=``, ``using-graph-uri`` /
``using-named-graph-uri``) is 403, as this endpoint is read-only.

The RDF dataset (§2.1.4): ``default-graph-uri`` and ``named-graph-uri`` make it, in place of
the query's own ``FROM`` / ``FROM NAMED``; a query with neither sees the union of every graph
as its default graph (as ``argmap query`` does). Graphs that do not exist are empty.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.message import Message
from http import HTTPStatus
from urllib.parse import parse_qs

import pyoxigraph as ox

from argmap.sparql.serve.policy import READ_ONLY
from argmap.sparql.text import tokens

__all__ = ["QueryRequest", "Stop", "has_dataset_clause", "read_query"]

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"


class Stop(Exception):  # noqa: N818 — a signal, not an error
    """An answer other than a result: an HTTP status and one line of text/plain (§2.1.7).
    Raised while reading or answering a request, caught by the handler's dispatcher."""

    def __init__(self, status: HTTPStatus, message: str, *, close: bool = False) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.close = close  # the request was not read to its end: close the connection


@dataclass(frozen=True)
class QueryRequest:
    """The query of a request and the dataset it runs over."""

    sparql: str
    #: ``default-graph-uri`` and ``named-graph-uri`` (§2.1.4); both None when neither is given.
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None

    @property
    def union(self) -> bool:
        """Whether the default graph is the union of every graph: when neither the request
        nor the query (``FROM``, ``FROM NAMED``) says what the dataset is."""
        return (
            self.default_graphs is None
            and self.named_graphs is None
            and not has_dataset_clause(self.sparql)
        )


def has_dataset_clause(sparql: str) -> bool:
    """Whether the query has a ``FROM`` or ``FROM NAMED`` clause. Outside strings, IRIs and
    comments, the bare word FROM is that keyword and nothing else (a prefixed name such as
    ``ex:from`` is one token)."""
    return any(t.kind == "word" and t.text.upper() == "FROM" for t in tokens(sparql))


def read_query(method: str, url_query: str, body: bytes, headers: Message) -> QueryRequest | None:
    """The one query of a request to the endpoint, or None for a bare ``GET``/``HEAD`` from a
    browser (no parameters, ``Accept`` naming text/html), which gets the query page.
    Raises :class:`Stop` for everything that is not one readable query."""
    params = _params(url_query)
    if method == "POST":
        media = headers.get_content_type()
        if media == FORM:
            for key, values in _params(_text(body)).items():
                params.setdefault(key, []).extend(values)
        elif media == SPARQL_QUERY:
            if "query" in params:
                raise Stop(HTTPStatus.BAD_REQUEST, "give the query in the body or the URL")
            params["query"] = [_text(body, headers.get_content_charset())]
        elif media == SPARQL_UPDATE:
            raise Stop(HTTPStatus.FORBIDDEN, READ_ONLY)
        else:
            raise Stop(
                HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                f"cannot read a {media} body; send {FORM} (query=…) or {SPARQL_QUERY}",
            )
    if "update" in params or "using-graph-uri" in params or "using-named-graph-uri" in params:
        raise Stop(HTTPStatus.FORBIDDEN, READ_ONLY)
    queries = params.get("query", [])
    if not queries:
        if method in ("GET", "HEAD") and not params and _wants_html(headers):
            return None
        raise Stop(
            HTTPStatus.BAD_REQUEST,
            "no query: give query=… (SPARQL 1.1 Protocol), or open this URL in a browser "
            "for a query page",
        )
    if len(queries) > 1:
        raise Stop(HTTPStatus.BAD_REQUEST, "give one query parameter, not several")
    if "default-graph-uri" not in params and "named-graph-uri" not in params:
        return QueryRequest(queries[0])
    return QueryRequest(
        queries[0],
        _graphs(params.get("default-graph-uri", [])),
        _graphs(params.get("named-graph-uri", [])),
    )


def _graphs(iris: list[str]) -> tuple[str, ...]:
    for iri in iris:
        try:
            ox.NamedNode(iri)
        except ValueError:
            raise Stop(HTTPStatus.BAD_REQUEST, f"not an absolute IRI: {iri!r}") from None
    return tuple(iris)


def _wants_html(headers: Message) -> bool:
    return "text/html" in headers.get("Accept", "").lower()


def _params(text: str) -> dict[str, list[str]]:
    try:
        return parse_qs(text, keep_blank_values=True, errors="strict", max_num_fields=100)
    except (UnicodeDecodeError, ValueError) as exc:
        raise Stop(HTTPStatus.BAD_REQUEST, f"cannot read the parameters: {exc}") from None


def _text(body: bytes, charset: str | None = None) -> str:
    try:
        return body.decode(charset or "utf-8")
    except (UnicodeDecodeError, LookupError):
        raise Stop(HTTPStatus.BAD_REQUEST, "the body is not UTF-8 text") from None
