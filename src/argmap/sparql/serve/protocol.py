"""Reading the query out of a SPARQL 1.1 Protocol request, refusing what is not served.

The query operation (SPARQL 1.1 Protocol §2.1) comes in three forms, all read here:

- §2.1.1 query via GET: ``?query=`` in the URL;
- §2.1.2 query via POST with URL-encoded parameters: a form body (``query=``), maybe with
  more parameters in the URL;
- §2.1.3 query via POST directly: an ``application/sparql-query`` body (its charset
  honoured, UTF-8 by default), the other parameters in the URL.

Exactly one ``query`` parameter is required (§2.1.1). The update operation (§2.2: an
``application/sparql-update`` body, ``update=``, ``using-graph-uri`` /
``using-named-graph-uri``) is 403, as this endpoint is read-only. The dataset parameters of
§2.1.4 (``default-graph-uri`` / ``named-graph-uri``) are 400: the default graph is always
the union of the maps' named graphs; a query picks one with ``GRAPH <iri> { … }``.
"""

from __future__ import annotations

from email.message import Message
from http import HTTPStatus
from urllib.parse import parse_qs

from argmap.sparql.serve.policy import READ_ONLY

__all__ = ["Stop", "read_query"]

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"


class Stop(Exception):  # noqa: N818 — a signal, not an error
    """An answer other than a result: an HTTP status and one line of text/plain (§2.1.7).
    Raised while reading or answering a request, caught by the handler's dispatcher."""

    def __init__(self, status: HTTPStatus, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def read_query(method: str, url_query: str, body: bytes, headers: Message) -> str | None:
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
    if "default-graph-uri" in params or "named-graph-uri" in params:
        raise Stop(
            HTTPStatus.BAD_REQUEST,
            "default-graph-uri and named-graph-uri are not supported: the default graph is "
            "the union of all the maps' graphs; use GRAPH <iri> { … } in the query",
        )
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
    return queries[0]


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
