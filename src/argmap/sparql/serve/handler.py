"""The HTTP side of the endpoint: a Starlette app with the routes, the request bodies, CORS, and
the answers.

Routes: ``GET``/``HEAD /`` is the home page; ``/sparql`` and ``/query`` take the query
operation of SPARQL 1.1 Protocol §2.1 (read by :mod:`argmap.sparql.serve.protocol`, checked by
:mod:`argmap.sparql.serve.policy`), run it in a query worker (:mod:`argmap.sparql.serve.pool`)
and answer per §2.1.5 and §2.1.6 in the format the ``Accept`` header picks
(:mod:`argmap.sparql.serve.negotiation`); ``/update`` and PUT/DELETE/PATCH are 403.

CORS is off unless origins are allowed: then the endpoint's answers (failures too) carry
``Access-Control-Allow-Origin`` for those origins, and preflights are answered for them.

Failures follow §2.1.7: malformed SPARQL and bad parameters are 400; the other conditions
get the HTTP code that names them (403, 404, 405, 406, 413, 415, 503 with ``Retry-After``
when the server is busy), and an unexpected error is 500 with a line on stderr, never a
traceback. Every failure is one line of text/plain. A request body is read to at most
:data:`MAX_QUERY_BYTES`, and one that stops short of its ``Content-Length`` is 400 as soon as
the client closes its side or sends nothing more for :data:`BODY_IDLE_SECONDS`. Request lines
are logged on stderr only when the content says ``verbose``.
"""

from __future__ import annotations

import asyncio
import ipaddress
import sys
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from email.message import Message
from http import HTTPStatus

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.types import Message as ASGIMessage

from argmap.sparql.local import syntax_error
from argmap.sparql.serve.negotiation import (
    GRAPH_OFFERS,
    RESULT_OFFERS,
    Offer,
    accepted_types,
    negotiate,
)
from argmap.sparql.serve.pages import FORM_CSP
from argmap.sparql.serve.policy import READ_ONLY, refusal
from argmap.sparql.serve.pool import Refusal, Reply, WorkerPool
from argmap.sparql.serve.protocol import QueryRequest, Stop, read_query

__all__ = ["BODY_IDLE_SECONDS", "MAX_QUERY_BYTES", "Content", "make_app"]

# The longest query accepted in a POST body; a GET query is bounded by the request head
# (the server's limit on an incomplete HTTP event).
MAX_QUERY_BYTES = 1 << 20
# A body over the limit is read away up to this size, so that the client gets to read the
# 413 (closing on unread data resets the connection); a larger one is cut off.
DRAIN_BYTES = 16 * MAX_QUERY_BYTES
#: A request body that stops coming for this long is answered (400) and the connection closed.
BODY_IDLE_SECONDS = 1.0
SPARQL_PATHS = ("/sparql", "/query")
ALL_METHODS = ["GET", "HEAD", "POST", "OPTIONS", "PUT", "DELETE", "PATCH"]
TEXT = "text/plain; charset=utf-8"
HTML = "text/html; charset=utf-8"


@dataclass(frozen=True)
class Content:
    """What the app serves, made once when the server starts."""

    home: bytes  # the map page, or the page for RDF sources
    home_csp: str | None  # None: the page carries its own (the map page's meta tag)
    form: bytes
    verbose: bool  # log each request on stderr
    cors: frozenset[str]  # origins allowed to read the endpoint's answers; "*": any
    # Bound to a loopback address: answer only requests addressed to this machine by name.
    loopback_only: bool = False


def make_app(content: Content, pool: WorkerPool) -> ASGIApp:
    """The ASGI app: the pages and the endpoint over ``pool``."""
    endpoint = _Endpoint(content, pool)
    app = Starlette(
        routes=[
            Route("/", endpoint.home, methods=["GET", "HEAD"]),
            Route("/favicon.ico", endpoint.favicon, methods=["GET", "HEAD"]),
            *(Route(path, endpoint.sparql, methods=ALL_METHODS) for path in SPARQL_PATHS),
            Route("/update", endpoint.update, methods=ALL_METHODS),
        ],
        exception_handlers={404: endpoint.not_found, 405: endpoint.not_allowed},
    )
    app.router.redirect_slashes = False  # /sparql/ is not the endpoint: 404, not a redirect
    guarded: ASGIApp = _LoopbackHosts(app) if content.loopback_only else app
    return _AccessLog(guarded) if content.verbose else guarded


#: What a request to a server bound to a loopback address may name as its Host.
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "[::1]", "::1"})


def host_name(host_header: str) -> str:
    """The host of a Host header, without its port: ``[::1]:8000`` -> ``[::1]``."""
    host = host_header.strip().lower()
    if host.startswith("["):
        return host[: host.find("]") + 1] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _names_this_machine(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:  # a name other than localhost
        return False


class _LoopbackHosts:
    """Refuses requests whose Host is not this machine's name (403): a web page whose domain
    is made to resolve to 127.0.0.1 (DNS rebinding) sends its own name, so it cannot read the
    maps through the user's browser though the server listens on loopback only."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = dict(scope.get("headers") or [])
            host = host_name(headers.get(b"host", b"").decode("latin-1"))
            # No Host at all is no browser (browsers always send one): not a rebinding.
            if host and not _names_this_machine(host):
                refusal = _text(
                    HTTPStatus.FORBIDDEN,
                    f"Host {host!r} is not this machine; a server on a loopback address answers"
                    " requests for localhost or 127.0.0.1 only",
                )
                await refusal(scope, receive, send)
                return
        await self.app(scope, receive, send)


class _Endpoint:
    """The route handlers, sharing the content and the pool."""

    def __init__(self, content: Content, pool: WorkerPool) -> None:
        self.content = content
        self.pool = pool

    # -- pages --

    async def home(self, request: Request) -> Response:
        headers = {"Cache-Control": "no-cache", "Referrer-Policy": "no-referrer"}
        if self.content.home_csp:
            headers["Content-Security-Policy"] = self.content.home_csp
        return _response(HTTPStatus.OK, self.content.home, HTML, headers)

    async def favicon(self, request: Request) -> Response:
        return Response(status_code=HTTPStatus.NO_CONTENT)

    async def not_found(self, request: Request, exc: Exception) -> Response:
        return _text(
            HTTPStatus.NOT_FOUND,
            f"not found: {request.url.path}; the map is at / and the SPARQL endpoint at /sparql",
        )

    async def not_allowed(self, request: Request, exc: Exception) -> Response:
        headers = exc.headers if isinstance(exc, HTTPException) else None
        allow = (headers or {}).get("Allow", "GET")
        return _text(
            HTTPStatus.METHOD_NOT_ALLOWED,
            f"{request.method} {request.url.path} is not allowed; use {allow}",
            headers={"Allow": allow},
        )

    # -- the endpoint --

    async def update(self, request: Request) -> Response:
        return await self._guarded(request, self._update)

    async def sparql(self, request: Request) -> Response:
        return await self._guarded(request, self._sparql)

    async def _guarded(
        self, request: Request, handle: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        """``handle`` with its failures as one-line answers, CORS headers added."""
        try:
            response = await handle(request)
        except Stop as stop:
            response = _text(stop.status, stop.message, close=stop.close)
        except Exception as exc:  # noqa: BLE001 — one bad request must not print a traceback
            sys.stderr.write(f"argmap serve: internal error on {request.url.path!r}: {exc!r}\n")
            response = _text(
                HTTPStatus.INTERNAL_SERVER_ERROR, f"internal error: {type(exc).__name__}"
            )
        self._cors(request, response)
        return response

    async def _update(self, request: Request) -> Response:
        if request.method == "OPTIONS":
            return self._preflight(request)
        if await _read_body(request) is None:
            return _gone()
        raise Stop(HTTPStatus.FORBIDDEN, READ_ONLY)

    async def _sparql(self, request: Request) -> Response:
        """The query operation (§2.1): the query page for a bare browser GET, else an answer."""
        method = request.method
        if method == "OPTIONS":
            return self._preflight(request)
        body = await _read_body(request)
        if body is None:
            return _gone()
        if method in ("PUT", "DELETE", "PATCH"):
            raise Stop(HTTPStatus.FORBIDDEN, "this endpoint is read-only")
        asked = read_query(method, request.url.query, body, _message(request))
        if asked is None:
            headers = {"Content-Security-Policy": FORM_CSP, "Referrer-Policy": "no-referrer"}
            return _response(HTTPStatus.OK, self.content.form, HTML, headers)
        return await self._answer(request, asked)

    async def _answer(self, request: Request, asked: QueryRequest) -> Response:
        """Run the query in a worker; 200 in the negotiated format (§2.1.6), or a failure."""
        refused = refusal(asked.sparql)
        if refused:
            raise Stop(HTTPStatus.FORBIDDEN, refused)
        accept = request.headers.get("accept")
        results, graph = negotiate(accept, RESULT_OFFERS), negotiate(accept, GRAPH_OFFERS)
        job = {
            "sparql": asked.sparql,
            "results": _base(results.content_type) if results else None,
            "graph": _base(graph.content_type) if graph else None,
            "union": asked.union,
            "default": asked.default_graphs,
            "named": asked.named_graphs,
        }
        gone = asyncio.ensure_future(_disconnected(request.receive))
        try:
            outcome = await self.pool.run(job, gone)
        finally:
            gone.cancel()
        if outcome is None:
            return _gone()
        if isinstance(outcome, Refusal):
            headers = {"Retry-After": str(outcome.retry_after)} if outcome.retry_after else None
            return _text(outcome.status, outcome.message, headers=headers)
        return _reply(outcome, results, graph, accept)

    # -- CORS --

    def _allowed_origin(self, request: Request) -> str | None:
        if "*" in self.content.cors:
            return "*"
        origin = request.headers.get("origin")
        return origin if origin in self.content.cors else None

    def _cors(self, request: Request, response: Response) -> None:
        if not self.content.cors:
            return
        origin = self._allowed_origin(request)
        if origin:
            response.headers["Access-Control-Allow-Origin"] = origin
        if origin != "*":
            response.headers.append("Vary", "Origin")

    def _preflight(self, request: Request) -> Response:
        """204 to OPTIONS; with CORS allowed for the origin, the headers a browser asks for."""
        headers = {"Allow": "GET, HEAD, POST, OPTIONS"}
        if self._allowed_origin(request):
            headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
            requested = request.headers.get("access-control-request-headers")
            headers["Access-Control-Allow-Headers"] = requested or "Accept, Content-Type"
            if request.headers.get("access-control-request-private-network", "") == "true":
                # Chromium asks before a public page (YASGUI's site) may call a loopback address.
                headers["Access-Control-Allow-Private-Network"] = "true"
            headers["Access-Control-Max-Age"] = "86400"
        return Response(status_code=HTTPStatus.NO_CONTENT, headers=headers)


def _reply(
    reply: Reply, results: Offer | None, graph: Offer | None, accept: str | None
) -> Response:
    """A worker's answer as HTTP."""
    if reply.status == HTTPStatus.OK:
        # The worker names the media type it wrote; the offer says the Content-Type for it.
        types = {_base(o.content_type): o.content_type for o in (results, graph) if o}
        content_type = types.get(reply.media_type or "", reply.media_type)
        return _response(HTTPStatus.OK, reply.body, content_type, {"Vary": "Accept"})
    if reply.status == HTTPStatus.BAD_REQUEST:
        raise Stop(HTTPStatus.BAD_REQUEST, str(syntax_error(Exception(reply.detail or ""))))
    if reply.status == HTTPStatus.NOT_ACCEPTABLE:
        offers = GRAPH_OFFERS if reply.detail == "graph" else RESULT_OFFERS
        raise Stop(
            HTTPStatus.NOT_ACCEPTABLE,
            f"cannot answer in {accept}; this query can be answered as: {accepted_types(offers)}",
        )
    sys.stderr.write(f"argmap serve: a query failed: {reply.detail}\n")
    raise Stop(HTTPStatus.INTERNAL_SERVER_ERROR, f"the query failed: {reply.detail}")


def _base(content_type: str) -> str:
    return content_type.split(";")[0]


# -- reading the request --


async def _read_body(request: Request) -> bytes | None:
    """The body, at most MAX_QUERY_BYTES of it; None when the client has gone."""
    declared_header = request.headers.get("content-length")
    chunked = "chunked" in request.headers.get("transfer-encoding", "").lower()
    if declared_header is None and not chunked:
        return b""
    declared = int(declared_header) if declared_header is not None else None  # h11 checked it
    if declared is not None and declared > MAX_QUERY_BYTES:
        if declared <= DRAIN_BYTES and await _drain(request) is None:
            return None
        raise Stop(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, _too_large(), close=True)
    body = bytearray()
    while True:
        message = await _next_part(request, declared, len(body))
        if message["type"] == "http.disconnect":
            return None
        body += message.get("body", b"")
        if len(body) > MAX_QUERY_BYTES:
            raise Stop(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, _too_large(), close=True)
        if not message.get("more_body", False):
            break
    if declared is not None and len(body) < declared:
        # The connection sent end-of-file before the whole body came.
        raise Stop(
            HTTPStatus.BAD_REQUEST,
            f"the body ended after {len(body)} bytes, short of its Content-Length ({declared})",
            close=True,
        )
    return bytes(body)


async def _next_part(request: Request, declared: int | None, received: int) -> ASGIMessage:
    try:
        return await asyncio.wait_for(request.receive(), BODY_IDLE_SECONDS)
    except TimeoutError:
        expected = f"its Content-Length ({declared})" if declared is not None else "its end"
        raise Stop(
            HTTPStatus.BAD_REQUEST,
            f"the body stopped after {received} bytes, short of {expected}: nothing more came "
            f"for {BODY_IDLE_SECONDS:g} s",
            close=True,
        ) from None


async def _drain(request: Request) -> bool | None:
    """Read a body away; None when the client has gone."""
    received = 0
    while True:
        message = await _next_part(request, None, received)
        if message["type"] == "http.disconnect":
            return None
        received += len(message.get("body", b""))
        if not message.get("more_body", False) or received > DRAIN_BYTES:
            return True


def _too_large() -> str:
    return f"the request body is over {MAX_QUERY_BYTES} bytes"


async def _disconnected(receive: Receive) -> None:
    """Returns when the client disconnects (the request has been read: nothing else comes)."""
    while (await receive())["type"] != "http.disconnect":
        pass


def _message(request: Request) -> Message:
    """The headers protocol.read_query reads, as an email Message (media type, charset)."""
    message = Message()
    for name in ("content-type", "accept"):
        if name in request.headers:
            message[name] = request.headers[name]
    return message


# -- responses --


def _response(
    status: HTTPStatus,
    body: bytes,
    content_type: str | None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    response = Response(body, status_code=status, headers=dict(headers or {}))
    if content_type:
        response.headers["Content-Type"] = content_type
        response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _text(
    status: HTTPStatus,
    message: str,
    *,
    close: bool = False,
    headers: Mapping[str, str] | None = None,
) -> Response:
    extra = dict(headers or {})
    if close:
        extra["Connection"] = "close"
    return _response(status, (message + "\n").encode("utf-8"), TEXT, extra)


def _gone() -> Response:
    """For a client that has gone: nobody reads it (the server drops it)."""
    return Response(status_code=HTTPStatus.BAD_REQUEST)


class _AccessLog:
    """Logs each request on stderr: ``client - "METHOD /path?query HTTP/1.1" status``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 0

        async def sending(message: ASGIMessage) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            client = scope.get("client")
            who = f"{client[0]}:{client[1]}" if client else "-"
            target = scope.get("raw_path", scope["path"].encode()).decode("latin-1")
            if scope.get("query_string"):
                target += "?" + scope["query_string"].decode("latin-1")
            line = f'{who} - "{scope["method"]} {target} HTTP/{scope["http_version"]}" {status}'
            sys.stderr.write(line + "\n")
