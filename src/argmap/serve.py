"""A read-only SPARQL 1.1 Protocol endpoint and the interactive map page, from one process.

Example (a notebook, or a test)::

    from argmap.serve import serve
    from SPARQLWrapper import JSON, SPARQLWrapper

    with serve(["data/a.yaml", "data/b.yaml"]) as server:  # port 0 picks a free port
        sparql = SPARQLWrapper(server.sparql_url)           # http://127.0.0.1:PORT/sparql
        sparql.setQuery("SELECT ?claim WHERE { ?claim a am:Claim }")
        sparql.setReturnFormat(JSON)
        rows = sparql.query().convert()["results"]["bindings"]

Built on the standard library's :class:`http.server.ThreadingHTTPServer` over one pyoxigraph
store (in memory, or a store folder opened read-only), so nothing new is installed. Routes:

- ``GET /``: the map page (:func:`argmap.render.render`, self-contained and offline) when the
  sources are maps; a short page pointing at the endpoint when they are plain RDF.
- ``GET /sparql`` and ``/query`` with ``?query=``, ``POST`` with a form body (``query=``) or
  an ``application/sparql-query`` body, per the SPARQL 1.1 Protocol. SELECT and ASK answer in
  SPARQL results JSON (the default), XML, CSV or TSV and CONSTRUCT / DESCRIBE in Turtle (the
  default), N-Triples, JSON-LD or RDF/XML, chosen by the ``Accept`` header (q-values
  honoured; 406 when nothing offered is acceptable). ``GET /sparql`` from a browser with no
  query is a small offline query page.
- Query responses carry ``Access-Control-Allow-Origin: *`` and OPTIONS preflights are
  answered, so browser tools on another origin (YASGUI) can use the endpoint.

What is refused, and how: SPARQL Update (``/update``, an ``update=`` parameter, an update
sent as the query, PUT/DELETE/PATCH) is 403; ``SERVICE`` is 403 too, because pyoxigraph
would fetch the remote endpoint, and a query server must not make requests on a client's
behalf; ``default-graph-uri`` / ``named-graph-uri`` are 400 (the default graph is always the
union of the maps' named graphs, as in ``argmap query``; use ``GRAPH <iri> { … }``).
Malformed SPARQL is 400 with the parser's ``line:column``. The prefixes of ``argmap query``
(``am:``, ``dcterms:``…) need no PREFIX line here either.

pyoxigraph has no query timeout, so a costly query runs to its end in its own thread (other
requests are still served, more slowly). Hence the loopback default: bind another address
only on a network you trust.
"""

from __future__ import annotations

import hashlib
import html
import ipaddress
import re
import socket
import sys
import threading
from base64 import b64encode
from collections.abc import Sequence
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from argmap.corpus import Corpus
from argmap.errors import ArgmapError, InputError
from argmap.formats.rdf import RDF_FORMATS
from argmap.model import ArgumentMap
from argmap.query import QueryError, named_queries, open_source, query
from argmap.results import format_result

__all__ = ["MAX_QUERY_BYTES", "Servable", "ServeError", "SparqlServer", "is_loopback", "serve"]

Servable = Corpus | ArgumentMap | ox.Store | str | Path | Sequence[str | Path]
# The longest query accepted in a POST body; a GET query is bounded by the request line
# (http.server refuses lines over 64 KiB with 414).
MAX_QUERY_BYTES = 1 << 20
SPARQL_PATHS = frozenset({"/sparql", "/query"})
UPDATE_PATH = "/update"
READ_ONLY = "this endpoint is read-only: SPARQL Update is refused"


class ServeError(ArgmapError):
    """The server cannot start: the address is taken, unknown or not allowed."""


# ---- content negotiation ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Offer:
    media_type: str  # what the Accept header names
    fmt: str  # the format_result name
    content_type: str  # what the response says


_RESULT_OFFERS = (  # SELECT and ASK; the first is the default
    _Offer("application/sparql-results+json", "json", "application/sparql-results+json"),
    _Offer("application/json", "json", "application/sparql-results+json"),
    _Offer("application/sparql-results+xml", "xml", "application/sparql-results+xml"),
    _Offer("text/csv", "csv", "text/csv; charset=utf-8"),
    _Offer("text/tab-separated-values", "tsv", "text/tab-separated-values; charset=utf-8"),
)
_GRAPH_OFFERS = (  # CONSTRUCT and DESCRIBE
    _Offer("text/turtle", "turtle", "text/turtle; charset=utf-8"),
    _Offer("application/turtle", "turtle", "text/turtle; charset=utf-8"),
    _Offer("application/x-turtle", "turtle", "text/turtle; charset=utf-8"),
    _Offer("application/n-triples", "ntriples", "application/n-triples"),
    _Offer("application/ld+json", "jsonld", "application/ld+json"),
    _Offer("application/json", "jsonld", "application/ld+json"),
    _Offer("application/rdf+xml", "rdfxml", "application/rdf+xml"),
)


def _accept_ranges(header: str) -> list[tuple[str, float, int]]:
    """The media ranges of an Accept header: (range, q, position), malformed ones dropped."""
    ranges = []
    for position, part in enumerate(header.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        media = media.lower()
        if media.count("/") != 1:
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(1.0, max(0.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append((media, q, position))
    return ranges


def _negotiate(header: str | None, offers: Sequence[_Offer]) -> _Offer | None:
    """The offer the client prefers: highest q, then the most specific range, then the first
    named by the client, then ours. No Accept header (or ``*/*``) gets the first offer; None
    when nothing offered is acceptable."""
    if header is None or not header.strip():
        return offers[0]
    ranges = _accept_ranges(header)
    best: tuple[tuple[float, int, int, int], _Offer] | None = None
    for rank, offer in enumerate(offers):
        kind = offer.media_type.split("/")[0]
        matches = [
            (specificity, q, position)
            for media, q, position in ranges
            for specificity, pattern in ((2, offer.media_type), (1, f"{kind}/*"), (0, "*/*"))
            if media == pattern
        ]
        if not matches:
            continue
        specificity, q, position = max(matches)  # the most specific range decides q
        if q <= 0:
            continue
        key = (q, specificity, -position, -rank)
        if best is None or key > best[0]:
            best = (key, offer)
    return best[1] if best else None


def _accepted_types(offers: Sequence[_Offer]) -> str:
    return ", ".join(dict.fromkeys(o.media_type for o in offers))


# ---- what is refused ----------------------------------------------------------------------------

# Strings, IRIs and comments, which may hold any word without it being a keyword.
_OPAQUE = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\''
    r"|<[^<>\s{}|^`\"]*>|#[^\n]*"
)
_UPDATE_START = re.compile(
    r"^\s*(?:(?:PREFIX\s+[^\s:]*:|BASE)\s*)*"
    r"(?:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
    re.IGNORECASE,
)
# SERVICE as a keyword: not a ?variable, a prefixed name or a prefix.
_SERVICE = re.compile(r"(?<![\w?$:.\-])SERVICE(?![\w:\-])", re.IGNORECASE)


def _refusal(sparql: str) -> str | None:
    """Why this query text is refused (403), or None: an update, or a federated query."""
    bare = _OPAQUE.sub(" ", sparql)
    if _UPDATE_START.match(bare):
        return READ_ONLY
    if _SERVICE.search(bare):
        return "SERVICE is refused: this endpoint does not query other endpoints"
    return None


# ---- pages --------------------------------------------------------------------------------------

_PAGE_STYLE = """
body{font:15px/1.45 system-ui,'Segoe UI',Roboto,'DejaVu Sans',Arial,sans-serif;margin:1.5em;
color:#1b1b1b;max-width:70em}
textarea{width:100%;font:13px/1.4 ui-monospace,'DejaVu Sans Mono',monospace;box-sizing:border-box}
select,button{font:inherit;margin:.4em .4em .4em 0}
table{border-collapse:collapse;font-size:13px;margin-top:.6em}
th,td{border:1px solid #ccc;padding:.2em .5em;text-align:left;vertical-align:top}
pre{background:#f6f6f6;padding:.6em;overflow:auto;font-size:13px}
code{background:#f0f0f0;padding:0 .2em}
#status{color:#555}
""".strip()

_FORM_SCRIPT = """
"use strict";
const form = document.getElementById("query-form");
const text = document.getElementById("query");
const accept = document.getElementById("accept");
const status = document.getElementById("status");
const out = document.getElementById("results");
document.getElementById("examples").addEventListener("change", (event) => {
  if (event.target.value) text.value = event.target.value;
});
function pre(body) {
  const block = document.createElement("pre");
  block.textContent = body;
  out.append(block);
}
function table(data) {
  const vars = data.head.vars || [];
  const grid = document.createElement("table");
  const head = grid.insertRow();
  for (const name of vars) {
    const cell = document.createElement("th");
    cell.textContent = name;
    head.append(cell);
  }
  for (const binding of data.results.bindings) {
    const row = grid.insertRow();
    for (const name of vars) {
      row.insertCell().textContent = binding[name] ? binding[name].value : "";
    }
  }
  out.append(grid);
  return data.results.bindings.length;
}
form.addEventListener("submit", async (event) => {
  event.preventDefault();
  out.replaceChildren();
  status.textContent = "running…";
  const started = performance.now();
  try {
    const response = await fetch("sparql", {
      method: "POST",
      headers: {"Content-Type": "application/sparql-query", "Accept": accept.value},
      body: text.value,
    });
    const body = await response.text();
    const type = response.headers.get("Content-Type") || "";
    const ms = Math.round(performance.now() - started);
    let summary = `${response.status} ${type} (${ms} ms)`;
    if (response.ok && type.startsWith("application/sparql-results+json")) {
      const data = JSON.parse(body);
      if ("boolean" in data) pre(String(data.boolean));
      else summary += `: ${table(data)} rows`;
    } else {
      pre(body);
    }
    status.textContent = summary;
  } catch (error) {
    status.textContent = `failed: ${error}`;
  }
});
""".strip()


def _sha256(text: str) -> str:
    return "'sha256-" + b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


# Pages allow their own pinned script and style, requests to this server only, nothing else.
_FORM_CSP = (
    f"default-src 'none'; script-src {_sha256(_FORM_SCRIPT)}; style-src {_sha256(_PAGE_STYLE)};"
    " connect-src 'self'; form-action 'self'; img-src data:; base-uri 'none';"
    " frame-ancestors 'none'"
)
_PLAIN_CSP = (
    f"default-src 'none'; style-src {_sha256(_PAGE_STYLE)}; img-src data:; base-uri 'none';"
    " frame-ancestors 'none'"
)


def _html_page(title: str, body: str, script: str | None = None) -> bytes:
    tag = f"<script>{script}</script>" if script else ""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<link rel="icon" href="data:,">'
        f"<title>{html.escape(title)}</title><style>{_PAGE_STYLE}</style></head>"
        f"<body>{body}{tag}</body></html>\n"
    ).encode()


def _form_page() -> bytes:
    options = ['<option value="">an example: a named query…</option>']
    for named in named_queries().values():
        takes = f" (edit ?{', ?'.join(named.params)})" if named.params else ""
        label = f"{named.name}: {named.question}{takes}"
        options.append(
            f'<option value="{html.escape(named.sparql, quote=True)}">{html.escape(label)}</option>'
        )
    formats = "".join(
        f'<option value="{o.media_type}">{o.media_type}</option>'
        for o in (*_RESULT_OFFERS, *_GRAPH_OFFERS)
        if o.media_type not in ("application/json", "application/turtle", "application/x-turtle")
    )
    body = (
        "<h1>argmap SPARQL endpoint</h1>"
        "<p>Read-only SPARQL 1.1 over the maps; the prefixes <code>am:</code>, "
        "<code>dcterms:</code>, <code>oa:</code>, <code>skos:</code>, <code>schema:</code>, "
        "<code>rdf:</code>, <code>rdfs:</code>, <code>xsd:</code>, <code>prov:</code> and "
        '<code>aif:</code> need no PREFIX line. <a href="/">Back to the map</a>.</p>'
        '<form id="query-form" method="get" action="sparql">'
        f'<select id="examples" aria-label="Example queries">{"".join(options)}</select><br>'
        '<textarea id="query" name="query" rows="14" spellcheck="false" aria-label="SPARQL query">'
        "SELECT ?claim ?text WHERE { ?c a am:Claim ; dcterms:identifier ?claim ; am:text ?text }"
        " LIMIT 20</textarea><br>"
        f'<label>Results as <select id="accept">{formats}</select></label>'
        '<button type="submit">Run</button></form>'
        '<p id="status" aria-live="polite"></p><div id="results"></div>'
    )
    return _html_page("argmap SPARQL endpoint", body, _FORM_SCRIPT)


def _rdf_home_page(quads: int) -> bytes:
    body = (
        "<h1>argmap SPARQL endpoint</h1>"
        f"<p>These sources are RDF, not argmap maps, so there is no map page: {quads} quads to "
        'query at <a href="/sparql">/sparql</a> (SPARQL 1.1 Protocol, read-only).</p>'
    )
    return _html_page("argmap SPARQL endpoint", body)


# ---- the server ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Content:
    store: ox.Store
    home: bytes  # the map page, or the page for RDF sources
    home_csp: str | None  # None: the page carries its own (the map page's meta tag)
    form: bytes
    verbose: bool


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # stopping does not wait for a long query to finish
    content: _Content | None = None

    def server_bind(self) -> None:
        # HTTPServer.server_bind also looks up the host's fully qualified name: a DNS query
        # that can stall on 0.0.0.0, for a name nothing here uses.
        super(ThreadingHTTPServer, self).server_bind()
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)


class _HTTPServer6(_HTTPServer):
    address_family = socket.AF_INET6


class _Stop(Exception):  # noqa: N818 — a signal, not an error
    """Sends a response early (raised inside the handler, caught by the dispatcher)."""

    def __init__(self, status: HTTPStatus, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    protocol_version = "HTTP/1.1"
    server_version = "argmap-serve"
    timeout = 60  # an idle keep-alive connection is dropped after this many seconds
    # Headers and body go out in two writes: with Nagle's algorithm on, a keep-alive client's
    # delayed ACK held every answer back by ~40 ms.
    disable_nagle_algorithm = True
    error_content_type = "text/plain; charset=utf-8"
    error_message_format = "%(code)d %(message)s: %(explain)s\n"

    def version_string(self) -> str:
        return self.server_version  # no Python version in the Server header

    @property
    def content(self) -> _Content:
        assert self.server.content is not None
        return self.server.content

    # -- logging: quiet unless verbose --

    def log_message(self, format: str, *args: Any) -> None:
        if self.content.verbose:
            super().log_message(format, *args)

    # -- methods --

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_HEAD(self) -> None:
        self._dispatch("HEAD")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_OPTIONS(self) -> None:
        self._dispatch("OPTIONS")

    def do_PUT(self) -> None:
        self._dispatch("PUT")

    def do_DELETE(self) -> None:
        self._dispatch("DELETE")

    def do_PATCH(self) -> None:
        self._dispatch("PATCH")

    def _dispatch(self, method: str) -> None:
        url = urlsplit(self.path)
        endpoint = url.path in SPARQL_PATHS or url.path == UPDATE_PATH
        try:
            body = self._read_body() if method in ("POST", "PUT", "PATCH") else b""
            if method == "OPTIONS":
                self._preflight(url.path)
            elif method in ("PUT", "DELETE", "PATCH"):
                raise _Stop(HTTPStatus.FORBIDDEN, "this endpoint is read-only")
            elif url.path == UPDATE_PATH:
                raise _Stop(HTTPStatus.FORBIDDEN, READ_ONLY)
            elif url.path in SPARQL_PATHS:
                self._sparql(method, url.query, body)
            elif url.path == "/" and method in ("GET", "HEAD"):
                self._home(method)
            elif url.path == "/favicon.ico":
                self._send(HTTPStatus.NO_CONTENT, b"", None)
            elif url.path == "/":
                raise _Stop(HTTPStatus.METHOD_NOT_ALLOWED, f"{method} / is not allowed; use GET")
            else:
                raise _Stop(
                    HTTPStatus.NOT_FOUND,
                    f"not found: {url.path}; the map is at / and the SPARQL endpoint at /sparql",
                )
        except _Stop as stop:
            self._send_text(stop.status, stop.message, cors=endpoint, method=method)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client went away; nothing to answer
        except Exception as exc:  # noqa: BLE001 — one bad request must not print a traceback
            sys.stderr.write(f"argmap serve: internal error on {self.path!r}: {exc!r}\n")
            self._send_text(
                HTTPStatus.INTERNAL_SERVER_ERROR,
                f"internal error: {type(exc).__name__}",
                cors=endpoint,
                method=method,
            )

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self.close_connection = True
            raise _Stop(HTTPStatus.LENGTH_REQUIRED, "send a Content-Length (chunked is not read)")
        length_header = self.headers.get("Content-Length")
        if length_header is None:
            return b""
        try:
            length = int(length_header)
        except ValueError:
            length = -1
        if length < 0:
            self.close_connection = True
            raise _Stop(HTTPStatus.BAD_REQUEST, "invalid Content-Length")
        if length > MAX_QUERY_BYTES:
            self.close_connection = True
            # Read a moderately large body away, so the client gets to read the answer
            # (closing on unread data resets the connection); a huge one is cut off.
            remaining = length if length <= 16 * MAX_QUERY_BYTES else 0
            while remaining > 0:
                chunk = self.rfile.read(min(1 << 16, remaining))
                if not chunk:
                    break
                remaining -= len(chunk)
            raise _Stop(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                f"the request body is over {MAX_QUERY_BYTES} bytes",
            )
        return self.rfile.read(length)

    def _preflight(self, path: str) -> None:
        if path not in SPARQL_PATHS and path != UPDATE_PATH:
            raise _Stop(HTTPStatus.NOT_FOUND, f"not found: {path}")
        self.send_response(HTTPStatus.NO_CONTENT)
        self._cors_headers()
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        requested = self.headers.get("Access-Control-Request-Headers")
        self.send_header("Access-Control-Allow-Headers", requested or "Accept, Content-Type")
        if self.headers.get("Access-Control-Request-Private-Network", "").lower() == "true":
            # Chromium asks before a public page (YASGUI's site) may call a loopback address.
            self.send_header("Access-Control-Allow-Private-Network", "true")
        self.send_header("Access-Control-Max-Age", "86400")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _home(self, method: str) -> None:
        extra = {"Cache-Control": "no-cache", "Referrer-Policy": "no-referrer"}
        if self.content.home_csp:
            extra["Content-Security-Policy"] = self.content.home_csp
        self._send(
            HTTPStatus.OK, self.content.home, "text/html; charset=utf-8", extra, method=method
        )

    # -- the SPARQL 1.1 Protocol --

    def _sparql(self, method: str, url_query: str, body: bytes) -> None:
        params = _params(url_query)
        if method == "POST":
            media = self.headers.get_content_type()
            if media == "application/x-www-form-urlencoded":
                for key, values in _params(_text(body)).items():
                    params.setdefault(key, []).extend(values)
            elif media == "application/sparql-query":
                if "query" in params:
                    raise _Stop(HTTPStatus.BAD_REQUEST, "give the query in the body or the URL")
                params["query"] = [_text(body, self.headers.get_content_charset())]
            elif media == "application/sparql-update":
                raise _Stop(HTTPStatus.FORBIDDEN, READ_ONLY)
            else:
                raise _Stop(
                    HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                    f"cannot read a {media} body; send application/x-www-form-urlencoded "
                    "(query=…) or application/sparql-query",
                )
        if "update" in params or "using-graph-uri" in params or "using-named-graph-uri" in params:
            raise _Stop(HTTPStatus.FORBIDDEN, READ_ONLY)
        if "default-graph-uri" in params or "named-graph-uri" in params:
            raise _Stop(
                HTTPStatus.BAD_REQUEST,
                "default-graph-uri and named-graph-uri are not supported: the default graph is "
                "the union of all the maps' graphs; use GRAPH <iri> { … } in the query",
            )
        queries = params.get("query", [])
        if not queries:
            if method in ("GET", "HEAD") and not params and self._wants_html():
                self._send(
                    HTTPStatus.OK,
                    self.content.form,
                    "text/html; charset=utf-8",
                    {"Content-Security-Policy": _FORM_CSP, "Referrer-Policy": "no-referrer"},
                    method=method,
                )
                return
            raise _Stop(
                HTTPStatus.BAD_REQUEST,
                "no query: give query=… (SPARQL 1.1 Protocol), or open this URL in a browser "
                "for a query page",
            )
        if len(queries) > 1:
            raise _Stop(HTTPStatus.BAD_REQUEST, "give one query parameter, not several")
        self._answer(queries[0], method)

    def _wants_html(self) -> bool:
        return "text/html" in self.headers.get("Accept", "").lower()

    def _answer(self, sparql: str, method: str) -> None:
        refused = _refusal(sparql)
        if refused:
            raise _Stop(HTTPStatus.FORBIDDEN, refused)
        try:
            result = query(self.content.store, sparql)
        except QueryError as exc:
            raise _Stop(HTTPStatus.BAD_REQUEST, str(exc)) from None
        offers = _GRAPH_OFFERS if result.form == "graph" else _RESULT_OFFERS
        offer = _negotiate(self.headers.get("Accept"), offers)
        if offer is None:
            raise _Stop(
                HTTPStatus.NOT_ACCEPTABLE,
                f"cannot answer in {self.headers.get('Accept')}; "
                f"this query can be answered as: {_accepted_types(offers)}",
            )
        self._send(
            HTTPStatus.OK,
            format_result(result, offer.fmt).encode("utf-8"),
            offer.content_type,
            {"Vary": "Accept"},
            cors=True,
            method=method,
        )

    # -- responses --

    def _cors_headers(self) -> None:
        self.send_header("Access-Control-Allow-Origin", "*")

    def _send(
        self,
        status: HTTPStatus,
        body: bytes,
        content_type: str | None,
        headers: dict[str, str] | None = None,
        *,
        cors: bool = False,
        method: str = "GET",
    ) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
            self.send_header("X-Content-Type-Options", "nosniff")
        if cors:
            self._cors_headers()
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if method != "HEAD" and body:
            self.wfile.write(body)

    def _send_text(self, status: HTTPStatus, message: str, *, cors: bool, method: str) -> None:
        self._send(
            status,
            (message + "\n").encode("utf-8"),
            "text/plain; charset=utf-8",
            cors=cors,
            method=method,
        )


def _params(text: str) -> dict[str, list[str]]:
    try:
        return parse_qs(text, keep_blank_values=True, errors="strict", max_num_fields=100)
    except (UnicodeDecodeError, ValueError) as exc:
        raise _Stop(HTTPStatus.BAD_REQUEST, f"cannot read the parameters: {exc}") from None


def _text(body: bytes, charset: str | None = None) -> str:
    try:
        return body.decode(charset or "utf-8")
    except (UnicodeDecodeError, LookupError):
        raise _Stop(HTTPStatus.BAD_REQUEST, "the body is not UTF-8 text") from None


class SparqlServer:
    """A running ``argmap serve``: its URLs, and ways to run and stop it.

    ``serve_forever()`` answers in the calling thread until ``shutdown()`` (from another
    thread) or an exception such as KeyboardInterrupt; ``start()`` answers in a background
    thread instead, and ``with serve(...) as server:`` starts it and stops it at the end.
    """

    def __init__(self, httpd: _HTTPServer, has_map: bool, quads: int) -> None:
        self._httpd = httpd
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._serving = False
        self._closed = False
        self.has_map = has_map
        self.quads = quads
        host, port = httpd.server_address[:2]
        self.host, self.port = str(host), int(port)

    @property
    def url(self) -> str:
        """The base URL (the map page), e.g. ``http://127.0.0.1:8000/``."""
        host = self.host
        if host in ("0.0.0.0", "::"):  # noqa: S104 — naming the wildcard, not binding it
            host = "127.0.0.1" if host == "0.0.0.0" else "::1"  # noqa: S104
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.port}/"

    @property
    def sparql_url(self) -> str:
        return self.url + "sparql"

    def serve_forever(self) -> None:
        """Answer requests in this thread until :meth:`shutdown` (or an exception)."""
        with self._lock:
            if self._closed:
                raise ServeError("the server is shut down; start a new one with serve()")
            self._serving = True
        try:
            self._httpd.serve_forever(poll_interval=0.2)
        finally:
            with self._lock:
                self._serving = False

    def start(self) -> SparqlServer:
        """Answer requests in a background (daemon) thread; returns self."""
        if self._thread is None:
            self._thread = threading.Thread(
                target=self.serve_forever, name=f"argmap-serve:{self.port}", daemon=True
            )
            self._thread.start()
        return self

    def shutdown(self) -> None:
        """Stop answering and free the port (idempotent)."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            serving = self._serving
        if serving:
            self._httpd.shutdown()  # returns once serve_forever has left its loop
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd.server_close()

    def __enter__(self) -> SparqlServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.shutdown()

    def __repr__(self) -> str:
        state = "closed" if self._closed else "open"
        return f"<SparqlServer {self.url} {state}>"


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reachable from this machine only (127.0.0.0/8, ::1, localhost)."""
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(
    source: Servable,
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    verbose: bool = False,
) -> SparqlServer:
    """Bind ``host:port`` (port 0: a free one) and get ready to serve ``source`` read-only.

    ``source`` is what :func:`argmap.query.query` accepts: maps (a Corpus, an ArgumentMap,
    map files in any readable format), argmap RDF files, a store folder, or a pyoxigraph
    Store (which the server only reads). Maps also get their interactive page at ``/``.
    Nothing is answered until ``serve_forever()`` or ``start()`` (or ``with``).
    ``verbose`` logs each request on stderr. Raises :class:`ServeError` when the address
    cannot be bound, and the loaders' errors for bad sources.
    """
    httpd = _bind(host, port)
    try:
        store, corpus = _load(source)
        quads = len(store)
        if corpus is not None:
            from argmap.render import render

            home, home_csp = render(corpus).html.encode("utf-8"), None
        else:
            home, home_csp = _rdf_home_page(quads), _PLAIN_CSP
        httpd.content = _Content(store, home, home_csp, _form_page(), verbose)
    except BaseException:
        httpd.server_close()
        raise
    return SparqlServer(httpd, has_map=corpus is not None, quads=quads)


def _bind(host: str, port: int) -> _HTTPServer:
    if not 0 <= port <= 65535:
        raise ServeError(f"port {port} is out of range; use 1-65535, or 0 for a free port")
    bare = host.strip("[]")
    server_class = _HTTPServer6 if ":" in bare else _HTTPServer
    try:
        return server_class((bare, port), _Handler)
    except socket.gaierror:
        raise ServeError(f"cannot listen on {host}: not a known host name or address") from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        hint = "choose another port, or port 0 for a free one" if port else "check the host"
        raise ServeError(f"cannot listen on {host}:{port}: {reason.lower()}; {hint}") from None


def _load(source: Servable) -> tuple[ox.Store, Corpus | None]:
    """The store to query and, when the sources are maps, the corpus to draw."""
    if isinstance(source, ox.Store):
        return source, None
    if isinstance(source, ArgumentMap):
        source = Corpus(maps=(source,))
    if isinstance(source, Corpus):
        return open_source(source), source
    paths = [Path(source)] if isinstance(source, str | Path) else [Path(p) for p in source]
    if not paths:
        raise InputError("nothing to serve; name map files, RDF files or a store folder")
    if len(paths) == 1 and paths[0].is_dir():
        return open_source(paths[0]), None
    from argmap.formats.registry import load

    rdf_suffixes = {s for f in RDF_FORMATS for s in f.suffixes}
    map_files = [p for p in paths if p.suffix.lower() not in rdf_suffixes]
    if len(map_files) == len(paths):
        corpus = load(map_files)
        return open_source(corpus), corpus
    # RDF files (maybe beside maps): query.open_source loads them as they are; the maps
    # among them are read again for the page.
    store = open_source(paths)
    return store, (load(map_files) if map_files else None)
