"""Answering one HTTP request: the routes, the HTTP around the SPARQL protocol, responses.

Routes: ``GET``/``HEAD /`` is the home page; ``/sparql`` and ``/query`` take the query
operation of SPARQL 1.1 Protocol §2.1 (read by :mod:`argmap.sparql.serve.protocol`, checked by
:mod:`argmap.sparql.serve.policy`), run it on the store, and answer per §2.1.5 and §2.1.6 in the
format the ``Accept`` header picks (:mod:`argmap.sparql.serve.negotiation`) with CORS open to any
origin; ``OPTIONS`` answers CORS preflights; ``/update`` and PUT/DELETE/PATCH are 403.

Failures follow §2.1.7: malformed SPARQL and bad parameters are 400; the other conditions
get the HTTP code that names them (403, 404, 405, 406, 411, 413, 415), and an unexpected
error is 500 with a line on stderr, never a traceback. Every failure is one line of
text/plain. Request lines are logged on stderr only when the content says ``verbose``.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

import pyoxigraph as ox

from argmap.sparql.local import QueryError, query
from argmap.sparql.results import format_result
from argmap.sparql.serve.negotiation import GRAPH_OFFERS, RESULT_OFFERS, accepted_types, negotiate
from argmap.sparql.serve.pages import FORM_CSP
from argmap.sparql.serve.policy import READ_ONLY, refusal
from argmap.sparql.serve.protocol import Stop, read_query

__all__ = ["MAX_QUERY_BYTES", "Content", "ContentServer", "Handler"]

# The longest query accepted in a POST body; a GET query is bounded by the request line
# (http.server refuses lines over 64 KiB with 414).
MAX_QUERY_BYTES = 1 << 20
SPARQL_PATHS = frozenset({"/sparql", "/query"})
UPDATE_PATH = "/update"


@dataclass(frozen=True)
class Content:
    """What the handler serves, made once when the server starts."""

    store: ox.Store
    home: bytes  # the map page, or the page for RDF sources
    home_csp: str | None  # None: the page carries its own (the map page's meta tag)
    form: bytes
    verbose: bool  # log each request on stderr


class ContentServer(ThreadingHTTPServer):
    """The HTTP server a :class:`Handler` runs under; it carries the :class:`Content`."""

    content: Content | None = None


class Handler(BaseHTTPRequestHandler):
    """Answers the requests of one connection (kept alive across requests, HTTP/1.1)."""

    server: ContentServer
    protocol_version = "HTTP/1.1"
    server_version = "argmap-serve"
    timeout = 60  # an idle keep-alive connection is dropped after this many seconds
    # Headers and body go out in two writes: with Nagle's algorithm on, a keep-alive client's
    # delayed ACK would hold every answer back.
    disable_nagle_algorithm = True
    error_content_type = "text/plain; charset=utf-8"
    error_message_format = "%(code)d %(message)s: %(explain)s\n"

    def version_string(self) -> str:
        return self.server_version  # no Python version in the Server header

    @property
    def content(self) -> Content:
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
                raise Stop(HTTPStatus.FORBIDDEN, "this endpoint is read-only")
            elif url.path == UPDATE_PATH:
                raise Stop(HTTPStatus.FORBIDDEN, READ_ONLY)
            elif url.path in SPARQL_PATHS:
                self._sparql(method, url.query, body)
            elif url.path == "/" and method in ("GET", "HEAD"):
                self._home(method)
            elif url.path == "/favicon.ico":
                self._send(HTTPStatus.NO_CONTENT, b"", None)
            elif url.path == "/":
                raise Stop(HTTPStatus.METHOD_NOT_ALLOWED, f"{method} / is not allowed; use GET")
            else:
                raise Stop(
                    HTTPStatus.NOT_FOUND,
                    f"not found: {url.path}; the map is at / and the SPARQL endpoint at /sparql",
                )
        except Stop as stop:
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
            raise Stop(HTTPStatus.LENGTH_REQUIRED, "send a Content-Length (chunked is not read)")
        length_header = self.headers.get("Content-Length")
        if length_header is None:
            return b""
        try:
            length = int(length_header)
        except ValueError:
            length = -1
        if length < 0:
            self.close_connection = True
            raise Stop(HTTPStatus.BAD_REQUEST, "invalid Content-Length")
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
            raise Stop(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                f"the request body is over {MAX_QUERY_BYTES} bytes",
            )
        return self.rfile.read(length)

    def _preflight(self, path: str) -> None:
        if path not in SPARQL_PATHS and path != UPDATE_PATH:
            raise Stop(HTTPStatus.NOT_FOUND, f"not found: {path}")
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
        """The query operation (§2.1): the query page for a bare browser GET, else an answer."""
        sparql = read_query(method, url_query, body, self.headers)
        if sparql is None:
            self._send(
                HTTPStatus.OK,
                self.content.form,
                "text/html; charset=utf-8",
                {"Content-Security-Policy": FORM_CSP, "Referrer-Policy": "no-referrer"},
                method=method,
            )
        else:
            self._answer(sparql, method)

    def _answer(self, sparql: str, method: str) -> None:
        """Run the query; 200 in the negotiated format (§2.1.6), or 400/403/406 (§2.1.7)."""
        refused = refusal(sparql)
        if refused:
            raise Stop(HTTPStatus.FORBIDDEN, refused)
        try:
            result = query(self.content.store, sparql)
        except QueryError as exc:
            raise Stop(HTTPStatus.BAD_REQUEST, str(exc)) from None
        offers = GRAPH_OFFERS if result.form == "graph" else RESULT_OFFERS
        offer = negotiate(self.headers.get("Accept"), offers)
        if offer is None:
            raise Stop(
                HTTPStatus.NOT_ACCEPTABLE,
                f"cannot answer in {self.headers.get('Accept')}; "
                f"this query can be answered as: {accepted_types(offers)}",
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
