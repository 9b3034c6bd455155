"""The server: binding the address, loading the sources, and running until stopped.

:func:`serve` binds first (so a taken port fails at once), then loads the sources into one
pyoxigraph store, has the map page drawn when the sources are maps, and returns a
:class:`SparqlServer` that answers nothing until it is started. Each request runs in its own
daemon thread (:class:`http.server.ThreadingHTTPServer`), so a long query does not block the
others, and stopping does not wait for it: pyoxigraph has no query timeout.
"""

from __future__ import annotations

import ipaddress
import socket
import socketserver
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType

import pyoxigraph as ox

from argmap.errors import ArgmapError, InputError
from argmap.model.corpus import Corpus
from argmap.model.entities import ArgumentMap
from argmap.sparql.local import Loader, open_files, open_source
from argmap.sparql.serve.handler import Content, ContentServer, Handler
from argmap.sparql.serve.pages import PLAIN_CSP, form_page, maps_home_page, rdf_home_page

__all__ = ["MapPage", "Servable", "ServeError", "SparqlServer", "is_loopback", "serve"]

#: What :func:`serve` takes: what :func:`argmap.sparql.local.query` takes.
Servable = Corpus | ArgumentMap | ox.Store | str | Path | Sequence[str | Path]

#: Draws the page served at ``/`` from the maps: a whole, self-contained HTML document.
MapPage = Callable[[Corpus], str]


class ServeError(ArgmapError):
    """The server cannot start: the address is taken, unknown or not allowed."""


class _HTTPServer(ContentServer):
    """The HTTP server under a SparqlServer: threads that do not hold up stopping."""

    daemon_threads = True
    block_on_close = False  # stopping does not wait for a long query to finish

    def server_bind(self) -> None:
        # HTTPServer.server_bind also looks up the host's fully qualified name: a DNS query
        # that can stall on 0.0.0.0, for a name nothing here uses. (super() would reach
        # HTTPServer.server_bind: ThreadingMixIn comes first in the MRO.)
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)


class _HTTPServer6(_HTTPServer):
    address_family = socket.AF_INET6


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
    load: Loader | None = None,
    page: MapPage | None = None,
) -> SparqlServer:
    """Bind ``host:port`` (port 0: a free one) and get ready to serve ``source`` read-only.

    ``source`` is what :func:`argmap.sparql.local.query` accepts: maps (a Corpus, an
    ArgumentMap, map files), argmap RDF files, a store folder, or a pyoxigraph Store (which
    the server only reads). Map files are read by ``load`` (``argmap.load`` reads every format
    argmap knows); RDF files and store folders need none. When the sources hold maps, ``page``
    draws the page at ``/`` (``lambda corpus: argmap.render(corpus).html`` is the interactive
    map); without it, ``/`` is a short page pointing at the endpoint.
    Nothing is answered until ``serve_forever()`` or ``start()`` (or ``with``).
    ``verbose`` logs each request on stderr. Raises :class:`ServeError` when the address
    cannot be bound, and the loaders' errors for bad sources.
    """
    httpd = _bind(host, port)
    try:
        store, corpus = _load(source, load)
        quads = len(store)
        if corpus is not None and page is not None:
            home, home_csp = page(corpus).encode("utf-8"), None
        elif corpus is not None:
            home, home_csp = maps_home_page(quads), PLAIN_CSP
        else:
            home, home_csp = rdf_home_page(quads), PLAIN_CSP
        httpd.content = Content(store, home, home_csp, form_page(), verbose)
    except BaseException:
        httpd.server_close()
        raise
    return SparqlServer(httpd, has_map=corpus is not None and page is not None, quads=quads)


def _bind(host: str, port: int) -> _HTTPServer:
    if not 0 <= port <= 65535:
        raise ServeError(f"port {port} is out of range; use 1-65535, or 0 for a free port")
    bare = host.strip("[]")
    server_class = _HTTPServer6 if ":" in bare else _HTTPServer
    try:
        return server_class((bare, port), Handler)
    except socket.gaierror:
        raise ServeError(f"cannot listen on {host}: not a known host name or address") from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        hint = "choose another port, or port 0 for a free one" if port else "check the host"
        raise ServeError(f"cannot listen on {host}:{port}: {reason.lower()}; {hint}") from None


def _load(source: Servable, load: Loader | None) -> tuple[ox.Store, Corpus | None]:
    """The store to query and, when the sources hold maps, their corpus (for the page)."""
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
    # RDF files are loaded as they are, beside the maps among the paths (read once, for the
    # store and the page).
    return open_files(paths, load)
