"""The server: binding the address, loading the sources, starting the query workers, and running
until stopped.

:func:`serve` binds first (so a taken port fails at once), then loads the sources, has the map
page drawn when the sources are maps, starts the query workers
(:mod:`argmap.sparql.serve.pool`) over the store, and returns a :class:`SparqlServer` that
answers nothing until it is started. The HTTP side is a Starlette app
(:mod:`argmap.sparql.serve.handler`) on uvicorn (:mod:`argmap.sparql.serve.connections`), on an
event loop of its own: in the calling thread (``serve_forever``) or in a background thread
(``start``, or ``with``).

Where the workers find the store: a store folder is opened read-only by each worker as it is;
other sources (maps, RDF files, a pyoxigraph Store) are written once as N-Quads into a
temporary file with no name, which each worker inherits and loads into memory (queries on an
in-memory store run several times faster than on a folder). The file is freed when the server
stops, however it stops.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import os
import signal
import socket
import sys
import tempfile
import threading
import weakref
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import IO

import pyoxigraph as ox

from argmap.errors import InputError
from argmap.model.corpus import Corpus
from argmap.model.entities import ArgumentMap
from argmap.rdf.terms import PREFIXES, QUERY_PREFIXES
from argmap.sparql.local import Loader, open_files, open_source
from argmap.sparql.serve.connections import HEAD_SECONDS, Config, UvicornServer
from argmap.sparql.serve.handler import Content, make_app
from argmap.sparql.serve.pages import PLAIN_CSP, form_page, maps_home_page, rdf_home_page
from argmap.sparql.serve.pool import ServeError, StoreSource, WorkerPool

__all__ = [
    "DEFAULT_MAX_CONNECTIONS",
    "DEFAULT_QUEUE",
    "DEFAULT_TIMEOUT",
    "MapPage",
    "Servable",
    "ServeError",
    "SparqlServer",
    "default_workers",
    "is_loopback",
    "serve",
]

#: What :func:`serve` takes: what :func:`argmap.sparql.local.query` takes.
Servable = Corpus | ArgumentMap | ox.Store | str | Path | Sequence[str | Path]

#: Draws the page served at ``/`` from the maps: a whole, self-contained HTML document.
MapPage = Callable[[Corpus], str]

#: Seconds a query may run (and, apart, wait for a worker) before it is stopped.
DEFAULT_TIMEOUT = 5.0
#: Queries that may wait for a worker when every worker is busy; more are answered 503.
DEFAULT_QUEUE = 64
#: Open connections kept at most (idle ones are closed to make room for new ones).
DEFAULT_MAX_CONNECTIONS = 256
#: Connections the kernel holds for the server before it accepts them.
BACKLOG = 1024
#: An idle kept-alive connection is closed after this many seconds.
KEEP_ALIVE_SECONDS = 5
#: The longest request head (request line with a GET query, and headers) read.
MAX_HEAD_BYTES = 96 * 1024
#: At shutdown, requests still in flight get this long to finish (their queries are killed).
SHUTDOWN_SECONDS = 1


def default_workers() -> int:
    """Query workers when not told: one per core, at least 2 (a costly query then holds one
    back, not all) and at most 4 (each holds its own copy of an in-memory store)."""
    return min(4, max(2, os.cpu_count() or 2))


class SparqlServer:
    """A running ``argmap serve``: its URLs, its workers, and ways to run and stop it.

    ``serve_forever()`` answers in the calling thread until ``shutdown()`` (from another
    thread) or, in the main thread, SIGINT or SIGTERM; ``start()`` answers in a background
    thread instead, and ``with serve(...) as server:`` starts it and stops it at the end.
    """

    def __init__(
        self,
        sock: socket.socket,
        config: Config,
        pool: WorkerPool,
        cleanup: Callable[[], None],
        *,
        has_map: bool,
        quads: int,
    ) -> None:
        self._sock = sock
        self._config = config
        self._pool = pool
        self._cleanup = weakref.finalize(self, cleanup)
        self._uvicorn: UvicornServer | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._started = threading.Event()
        self._serving = False
        self._closed = False
        self._signal: signal.Signals | None = None
        self._failure: BaseException | None = None  # what stopped a background thread
        self.has_map = has_map
        self.quads = quads
        self.timeout = pool.timeout
        self.workers = pool.size
        host, port = sock.getsockname()[:2]
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

    @property
    def worker_pids(self) -> tuple[int, ...]:
        """The process ids of the query workers ready to answer (or answering)."""
        return self._pool.pids

    @property
    def queries(self) -> tuple[int, int]:
        """Queries running and waiting for a worker, now."""
        return self._pool.running, self._pool.waiting

    def serve_forever(self) -> signal.Signals | None:
        """Answer requests in this thread until :meth:`shutdown` (from another thread) or, in
        the main thread, SIGINT or SIGTERM; returns the signal that stopped it (None for
        shutdown). Either way the query workers are killed at once, so queries in flight end
        with 503, and the server is shut down when this returns."""
        with self._lock:
            if self._closed or self._serving:
                raise ServeError("the server is shut down or serving; start a new one with serve()")
            self._serving = True
        try:
            asyncio.run(self._serve())
        finally:
            self._started.set()  # a start() waiting for a server that failed goes on
            self.shutdown()
        return self._signal

    async def _serve(self) -> None:
        self._uvicorn = UvicornServer(self._config, self._on_signal)
        self._loop = asyncio.get_running_loop()
        try:
            await self._pool.attach()
            with self._lock:
                stopping = self._closed
            self._uvicorn.should_exit = stopping
            self._started.set()
            await self._uvicorn.serve(sockets=[self._sock])
        finally:
            await self._pool.close()

    def _on_signal(self, signum: int) -> None:
        if self._signal is None:
            self._signal = signal.Signals(signum)
        self._stop()

    def _stop(self) -> None:
        """On the event loop: kill the workers (queries in flight end now), stop uvicorn."""
        self._pool.stop_now()
        if self._uvicorn is not None:
            self._uvicorn.should_exit = True

    def start(self) -> SparqlServer:
        """Answer requests in a background (daemon) thread; returns self once it answers."""
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._serve_in_thread, name=f"argmap-serve:{self.port}", daemon=True
            )
            self._thread.start()
            self._started.wait()
            if self._failure is not None:
                raise self._failure
        return self

    def _serve_in_thread(self) -> None:
        try:
            self.serve_forever()
        except BaseException as exc:  # noqa: BLE001 — handed to the thread that called start()
            self._failure = exc

    def shutdown(self) -> None:
        """Stop answering, kill the query workers and free the port (idempotent)."""
        with self._lock:
            first = not self._closed
            self._closed = True
            loop = self._loop
        if first and loop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # the loop has just closed: it has stopped
                loop.call_soon_threadsafe(self._stop)
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=10)
        if self._thread is None or not self._thread.is_alive():
            # Serving closed the pool on its way out; this is for a server never served.
            self._pool.reap()
            self._sock.close()
            self._cleanup()

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
    timeout: float = DEFAULT_TIMEOUT,
    workers: int | None = None,
    queue: int = DEFAULT_QUEUE,
    cors: Sequence[str] = (),
    max_connections: int = DEFAULT_MAX_CONNECTIONS,
) -> SparqlServer:
    """Bind ``host:port`` (port 0: a free one) and get ready to serve ``source`` read-only.

    ``source`` is what :func:`argmap.sparql.local.query` accepts: maps (a Corpus, an
    ArgumentMap, map files), argmap RDF files, a store folder, or a pyoxigraph Store (which
    the server only reads). Map files are read by ``load`` (``argmap.load`` reads every format
    argmap knows); RDF files and store folders need none. When the sources hold maps, ``page``
    draws the page at ``/`` (``lambda corpus: argmap.render(corpus).html`` is the interactive
    map); without it, ``/`` is a short page pointing at the endpoint.

    Queries run in ``workers`` processes (default: :func:`default_workers`), with ``queue``
    more waiting at most (beyond that: 503 with ``Retry-After``); a query is stopped after
    ``timeout`` seconds, or when its client disconnects. ``cors`` lists the origins (``*``:
    any) whose pages may read the endpoint's answers; none by default. At most
    ``max_connections`` connections are kept open. ``verbose`` logs each request on stderr.

    Nothing is answered until ``serve_forever()`` or ``start()`` (or ``with``). Raises
    :class:`ServeError` when the address cannot be bound, a setting is out of range or the
    workers cannot start, and the loaders' errors for bad sources.
    """
    _check_settings(timeout, workers, queue, cors, max_connections)
    _quiet_uvicorn()
    sock = _bind(host, port)
    files: list[IO[bytes]] = []  # the N-Quads file, once made

    def cleanup() -> None:
        for file in files:
            file.close()

    try:
        store_source, corpus, quads = _prepare(source, load, files)
        if corpus is not None and page is not None:
            home, home_csp = page(corpus).encode("utf-8"), None
        elif corpus is not None:
            home, home_csp = maps_home_page(quads), PLAIN_CSP
        else:
            home, home_csp = rdf_home_page(quads), PLAIN_CSP
        del corpus  # the workers hold the store; the page is drawn
        pool = WorkerPool(
            store_source,
            workers=workers or default_workers(),
            queue=queue,
            timeout=timeout,
            prefixes=QUERY_PREFIXES,
            output_prefixes=PREFIXES,
        )
        pool.start()
        content = Content(home, home_csp, form_page(), verbose, frozenset(cors), is_loopback(host))
        config = Config(
            make_app(content, pool),
            max_connections=max_connections,
            head_seconds=HEAD_SECONDS,
            backlog=BACKLOG,
            timeout_keep_alive=KEEP_ALIVE_SECONDS,
            timeout_graceful_shutdown=SHUTDOWN_SECONDS,
            h11_max_incomplete_event_size=MAX_HEAD_BYTES,
            lifespan="off",
            ws="none",
            loop="asyncio",
            log_config=None,
            access_log=False,  # the app logs requests itself, when verbose
            server_header=False,
            headers=[("Server", "argmap-serve")],
            proxy_headers=False,
        )
    except BaseException:
        sock.close()
        cleanup()
        raise
    has_map = home_csp is None
    return SparqlServer(sock, config, pool, cleanup, has_map=has_map, quads=quads)


def _quiet_uvicorn() -> None:
    """uvicorn logs hostile requests and shutdown details as warnings; with no logging set up,
    Python would print them on stderr. The server says what matters itself (``verbose``);
    an application that configures logging still gets uvicorn's records."""
    logger = logging.getLogger("uvicorn")
    if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
        logger.addHandler(logging.NullHandler())


def _check_settings(
    timeout: float,
    workers: int | None,
    queue: int,
    cors: Sequence[str],
    max_connections: int,
) -> None:
    if not timeout > 0:
        raise ServeError(
            f"the timeout must be more than 0 seconds, not {timeout}", option="timeout"
        )
    if workers is not None and workers < 1:
        raise ServeError(f"there must be at least 1 worker, not {workers}", option="workers")
    if queue < 0:
        raise ServeError(f"the queue cannot be negative ({queue})", option="queue")
    if max_connections < 1:
        raise ServeError(f"max_connections must be at least 1, not {max_connections}")
    if isinstance(cors, str):
        raise ServeError("cors is a list of origins, not one string", option="cors")
    for origin in cors:
        if origin != "*" and not _is_origin(origin):
            raise ServeError(
                f"{origin!r} is not an origin; give scheme://host[:port], e.g. "
                "https://yasgui.triply.cc, or * for any",
                option="cors",
            )


def _is_origin(text: str) -> bool:
    scheme, sep, rest = text.partition("://")
    return bool(sep) and scheme in ("http", "https") and bool(rest) and "/" not in rest


def _bind(host: str, port: int) -> socket.socket:
    if not 0 <= port <= 65535:
        raise ServeError(f"port {port} is out of range; use 1-65535, or 0 for a free port")
    bare = host.strip("[]")
    family = socket.AF_INET6 if ":" in bare else socket.AF_INET
    # IPPROTO_TCP said outright: asyncio turns Nagle's algorithm off only on sockets that say
    # so, and with it on, a keep-alive client's delayed ACK holds back every answer ~40 ms
    # (the head and the body go out in two writes).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        if sys.platform != "win32":  # on Windows this would let two servers share a port
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((bare, port))
        # Listening now: a client connecting while the workers start waits instead of failing.
        sock.listen(BACKLOG)
    except socket.gaierror:
        sock.close()
        raise ServeError(f"cannot listen on {host}: not a known host name or address") from None
    except OSError as exc:
        sock.close()
        reason = exc.strerror or str(exc)
        hint = "choose another port, or port 0 for a free one" if port else "check the host"
        raise ServeError(f"cannot listen on {host}:{port}: {reason.lower()}; {hint}") from None
    return sock


def _prepare(
    source: Servable, load: Loader | None, files: list[IO[bytes]]
) -> tuple[StoreSource, Corpus | None, int]:
    """Where the workers find the store, the corpus when the sources hold maps (for the
    page), and the number of quads. A temporary file made here is appended to ``files``."""
    corpus: Corpus | None = None
    if isinstance(source, ox.Store):
        store = source
    elif isinstance(source, ArgumentMap | Corpus):
        corpus = source if isinstance(source, Corpus) else Corpus(maps=(source,))
        store = open_source(corpus)
    else:
        paths = [Path(source)] if isinstance(source, str | Path) else [Path(p) for p in source]
        if not paths:
            raise InputError("nothing to serve; name map files, RDF files or a store folder")
        if len(paths) == 1 and paths[0].is_dir():
            store = open_source(paths[0])  # read-only: checks that it is a store folder
            return StoreSource("folder", str(paths[0].resolve())), None, len(store)
        # RDF files are loaded as they are, beside the maps among the paths (read once, for
        # the store and the page).
        store, corpus = open_files(paths, load)
    nquads = tempfile.TemporaryFile(prefix="argmap-serve-")  # noqa: SIM115 — kept open
    files.append(nquads)
    store.dump(nquads, format=ox.RdfFormat.N_QUADS)
    nquads.flush()
    return StoreSource("nquads", fd=nquads.fileno()), corpus, len(store)
