"""The query workers: a fixed number of worker processes, a bounded queue in front of them, and
a kill for every query that runs over its time or whose client has gone.

A query is admitted when fewer than ``workers + queue`` are running or waiting; otherwise the
answer is 503 with ``Retry-After`` (by then every running query has ended or been stopped).
It waits for a free worker at most the timeout too. A worker whose query runs past the
timeout, whose client disconnects, or which dies is killed (SIGKILL: pyoxigraph cannot be
interrupted, and the memory it holds goes back to the system with the process) and replaced
in the background. Stopping the pool kills every worker at once.

Everything here but :meth:`WorkerPool.start`, :meth:`WorkerPool.stop_now` and the read-only
properties runs on the server's event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from typing import Any

from argmap.errors import ArgmapError
from argmap.sparql.serve.worker import HEADER, recv_frame, send_frame

__all__ = ["Refusal", "Reply", "ServeError", "StoreSource", "WorkerPool"]

#: How long a worker may take to open its store (a large in-memory store loads for a while).
START_SECONDS = 600.0
#: A running query's worker ends itself this long after the timeout if it was not killed.
HARD_LIMIT_MARGIN = 2.0


class ServeError(ArgmapError):
    """The server cannot start: the address is taken or not allowed, a setting is out of range,
    or the query workers cannot open the store."""


@dataclass(frozen=True)
class StoreSource:
    """What each worker opens: N-Quads from a file descriptor of the server's (an unlinked
    temporary file, so nothing is left behind however the server ends), loaded into memory;
    or a store folder, read-only."""

    kind: str  # "nquads" or "folder"
    path: str = ""  # the folder
    fd: int = -1  # the N-Quads file


@dataclass(frozen=True)
class Reply:
    """A worker's answer: 200 with the result in ``media_type``, or a failure and its detail
    (see :mod:`argmap.sparql.serve.worker`)."""

    status: int
    media_type: str | None
    body: bytes
    detail: str | None


@dataclass(frozen=True)
class Refusal:
    """The query did not run to its end: the pool is full, it ran out of time, the worker died,
    or the server is stopping. A one-line answer."""

    status: HTTPStatus
    message: str
    retry_after: int | None = None


class _Worker:
    """One worker process and the server's end of its socket."""

    def __init__(self, process: subprocess.Popen[bytes], sock: socket.socket) -> None:
        self.process = process
        self.sock = sock
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    @property
    def pid(self) -> int:
        return self.process.pid

    async def attach(self) -> None:
        """Talk to the worker through the event loop from now on."""
        self.sock.setblocking(False)
        self.reader, self.writer = await asyncio.open_connection(sock=self.sock)

    async def ask(self, job: Mapping[str, Any]) -> tuple[dict[str, Any], bytes]:
        assert self.reader is not None and self.writer is not None
        data = json.dumps(job).encode("utf-8")
        self.writer.write(HEADER.pack(len(data), 0) + data)
        await self.writer.drain()
        return await self.read()

    async def read(self) -> tuple[dict[str, Any], bytes]:
        assert self.reader is not None
        head_size, body_size = HEADER.unpack(await self.reader.readexactly(HEADER.size))
        head = json.loads(await self.reader.readexactly(head_size))
        return head, await self.reader.readexactly(body_size)

    def kill(self) -> None:
        # Popen.kill signals only a process not yet reaped: its pid cannot be someone else's.
        with contextlib.suppress(ProcessLookupError):
            self.process.kill()

    def close(self) -> None:
        if self.writer is None:
            self.sock.close()
            return
        try:
            self.writer.close()
        except RuntimeError:  # its event loop has closed
            self.sock.close()


class WorkerPool:
    """``workers`` query processes over ``source``, ``queue`` more queries waiting at most.

    ``timeout`` bounds a query's wait for a worker and, separately, its run. ``prefixes``
    are the query prefixes every query may use without declaring them; ``output_prefixes``
    abbreviate IRIs in CONSTRUCT and DESCRIBE answers."""

    def __init__(
        self,
        source: StoreSource,
        *,
        workers: int,
        queue: int,
        timeout: float,
        prefixes: Mapping[str, str],
        output_prefixes: Mapping[str, str],
    ) -> None:
        self.source = source
        self.size = workers
        self.queue_size = queue
        self.timeout = timeout
        self._hello = {
            "source": {"kind": source.kind, "path": source.path, "fd": source.fd},
            "prefixes": dict(prefixes),
            "output_prefixes": dict(output_prefixes),
            "hard_limit": timeout + HARD_LIMIT_MARGIN,
        }
        self._workers: list[_Worker] = []  # started and ready, idle or busy
        self._starting: set[subprocess.Popen[bytes]] = set()
        self._dying: set[subprocess.Popen[bytes]] = set()  # killed, not yet reaped
        self._idle: asyncio.Queue[_Worker] | None = None
        self._stopped: asyncio.Future[None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._closing = False
        self._lock = threading.Lock()
        self.running = 0
        self.waiting = 0

    # -- read from any thread --

    @property
    def pids(self) -> tuple[int, ...]:
        """The process ids of the workers ready to answer (or answering)."""
        return tuple(worker.pid for worker in list(self._workers))

    @property
    def retry_after(self) -> int:
        """Seconds after which every query running now has ended or been stopped."""
        return max(1, math.ceil(self.timeout))

    # -- starting --

    def start(self) -> None:
        """Start every worker and wait until each has opened the store (in the calling thread,
        before the event loop runs). Raises :class:`ServeError` if one cannot."""
        if os.name != "posix":
            raise ServeError(
                "argmap serve runs queries in worker processes it passes sockets to, which "
                "needs a POSIX system (Linux, macOS, WSL)"
            )
        started: list[_Worker] = []
        try:
            for _ in range(self.size):
                started.append(self._launch())
            for worker in started:
                worker.sock.settimeout(START_SECONDS)
                try:
                    ready = recv_frame(worker.sock)
                except TimeoutError:
                    ready = ({"error": f"not ready after {START_SECONDS:.0f} s"}, b"")
                _check_ready(None if ready is None else ready[0])
                worker.sock.settimeout(None)
                with self._lock:
                    self._starting.discard(worker.process)
                    self._workers.append(worker)
        except BaseException:
            self.stop_now()
            _reap([worker.process for worker in started])
            for worker in started:
                worker.close()
            self._workers.clear()
            self._starting.clear()
            raise

    def _launch(self) -> _Worker:
        """A new worker process, sent its hello (it opens the store next)."""
        ours, theirs = socket.socketpair()
        try:
            process = subprocess.Popen(  # noqa: S603 — our own interpreter and module
                # -P: the working folder is not put on the module path (a stray json.py there
                # must not be imported); PYTHONPATH leads to this very argmap instead.
                [sys.executable, "-P", "-m", "argmap.sparql.serve.worker", str(theirs.fileno())],
                pass_fds=(theirs.fileno(), *([self.source.fd] if self.source.fd >= 0 else [])),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                env=_worker_environment(),
            )
        except BaseException:
            ours.close()
            raise
        finally:
            theirs.close()
        with self._lock:
            # stop_now kills what is in _starting: a worker launched after it must not live on.
            closing = self._closing
            if not closing:
                self._starting.add(process)
        if closing:
            process.kill()
            process.wait()
            ours.close()
            raise ServeError("the server is stopping")
        worker = _Worker(process, ours)
        with contextlib.suppress(OSError):  # if it died at once, reading its answer says so
            send_frame(ours, self._hello)
        return worker

    async def attach(self) -> None:
        """Hand the started workers to the running event loop."""
        self._loop = asyncio.get_running_loop()
        self._idle = asyncio.Queue()
        self._stopped = self._loop.create_future()
        if self._closing:
            self._stopped.set_result(None)
        for worker in self._workers:
            await worker.attach()
            self._idle.put_nowait(worker)

    # -- running a query --

    async def run(
        self, job: Mapping[str, Any], gone: asyncio.Future[Any]
    ) -> Reply | Refusal | None:
        """Run ``job`` on a worker. None when ``gone`` (the client disconnected) finished
        first: the query was dropped, or its worker killed."""
        assert self._idle is not None and self._stopped is not None
        if self._closing:
            return _STOPPING
        if self.running + self.waiting >= self.size + self.queue_size:
            return Refusal(
                HTTPStatus.SERVICE_UNAVAILABLE,
                f"the server is busy: {self.size} queries running and {self.queue_size} "
                "waiting; try again shortly",
                self.retry_after,
            )
        self.waiting += 1
        try:
            worker = await self._acquire(gone)
        finally:
            self.waiting -= 1
        if worker is None:
            if self._closing:
                return _STOPPING
            if gone.done():
                return None
            return Refusal(
                HTTPStatus.SERVICE_UNAVAILABLE,
                f"the server is busy: no query worker came free within {self.timeout:g} s; "
                "try again shortly",
                self.retry_after,
            )
        self.running += 1
        try:
            return await self._run_on(worker, job, gone)
        finally:
            self.running -= 1

    async def _acquire(self, gone: asyncio.Future[Any]) -> _Worker | None:
        assert self._idle is not None and self._stopped is not None
        getting = asyncio.ensure_future(self._idle.get())
        try:
            await asyncio.wait(
                {getting, gone, self._stopped},
                timeout=self.timeout,
                return_when=asyncio.FIRST_COMPLETED,
            )
        except asyncio.CancelledError:  # this request is cancelled: a worker taken goes back
            getting.cancel()
            if getting.done() and not getting.cancelled():
                self._idle.put_nowait(getting.result())
            raise
        if not getting.done():
            getting.cancel()
            await asyncio.wait({getting})  # Queue.get gives up without taking a worker
        if getting.cancelled():
            return None
        worker = getting.result()
        if gone.done() or self._closing:
            self._idle.put_nowait(worker)  # one came free just as the client left
            return None
        return worker

    async def _run_on(
        self, worker: _Worker, job: Mapping[str, Any], gone: asyncio.Future[Any]
    ) -> Reply | Refusal | None:
        assert self._idle is not None and self._stopped is not None
        asking = asyncio.ensure_future(worker.ask(job))
        try:
            await asyncio.wait(
                {asking, gone, self._stopped},
                timeout=self.timeout,
                return_when=asyncio.FIRST_COMPLETED,
            )
        except asyncio.CancelledError:
            asking.cancel()
            self._retire(worker)
            raise
        if asking.done() and asking.exception() is None:
            head, body = asking.result()
            self._idle.put_nowait(worker)
            return Reply(int(head["status"]), head.get("type"), body, head.get("detail"))
        # The worker is stuck in the query, or dead: it goes, and a new one takes its place.
        died = asking.done()
        asking.cancel()
        self._retire(worker)
        if self._closing:
            return _STOPPING
        if died:
            return Refusal(
                HTTPStatus.INTERNAL_SERVER_ERROR,
                "the query's worker process died (out of memory?); it has been replaced",
            )
        if gone.done():
            return None
        return Refusal(
            HTTPStatus.SERVICE_UNAVAILABLE,
            f"the query ran over the {self.timeout:g} s limit and was stopped; narrow it "
            "(LIMIT, fewer patterns) or start the server with a longer --timeout",
        )

    # -- replacing workers --

    def _retire(self, worker: _Worker) -> None:
        if worker in self._workers:
            self._workers.remove(worker)
        self._discard(worker)
        if not self._closing:
            self._spawn(self._replace())

    def _discard(self, worker: _Worker) -> None:
        """Kill a worker and reap it in the background."""
        worker.kill()
        worker.close()
        with self._lock:
            self._starting.discard(worker.process)
            self._dying.add(worker.process)
        reaping = asyncio.ensure_future(asyncio.to_thread(worker.process.wait))
        reaping.add_done_callback(lambda _: self._dying.discard(worker.process))

    def _spawn(self, coroutine: Any) -> None:
        task = asyncio.ensure_future(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _replace(self) -> None:
        assert self._idle is not None
        delay = 0.0
        while not self._closing:
            worker: _Worker | None = None
            try:
                worker = await asyncio.to_thread(self._launch)
                await worker.attach()
                ready = await asyncio.wait_for(worker.read(), START_SECONDS)
                _check_ready(ready[0])
            except (OSError, EOFError, TimeoutError, ServeError) as exc:
                if worker is not None:
                    self._discard(worker)
                if self._closing:
                    return
                message = str(exc) if isinstance(exc, ServeError) else repr(exc)
                sys.stderr.write(f"argmap serve: cannot start a query worker: {message}\n")
                delay = min(5.0, delay * 2 or 0.5)  # a store that went away must not spin
                await asyncio.sleep(delay)
                continue
            except asyncio.CancelledError:
                if worker is not None:
                    self._discard(worker)
                raise
            with self._lock:
                self._starting.discard(worker.process)
                if not self._closing:
                    self._workers.append(worker)
            if self._closing:
                self._discard(worker)
                return
            self._idle.put_nowait(worker)
            return

    # -- stopping --

    def stop_now(self) -> None:
        """Kill every worker, running or idle (from any thread): queries in flight end at once
        and get 503. Idempotent."""
        with self._lock:
            self._closing = True
            processes = [w.process for w in self._workers] + list(self._starting)
        for process in processes:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
        loop, stopped = self._loop, self._stopped
        if loop is not None and stopped is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
                loop.call_soon_threadsafe(_finish, stopped)

    async def close(self) -> None:
        """Stop, then wait for every worker process to exit, and close their sockets."""
        self.stop_now()
        if self._stopped is not None:
            _finish(self._stopped)
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.wait(set(self._tasks))
        with self._lock:
            workers = list(self._workers)
            processes = [w.process for w in workers] + list(self._starting) + list(self._dying)
            self._workers.clear()
        await asyncio.to_thread(_reap, processes)
        for worker in workers:
            worker.close()

    def reap(self) -> None:
        """Kill and wait for every worker, when the event loop never ran (so no socket of
        theirs belongs to it)."""
        self.stop_now()
        with self._lock:
            workers = list(self._workers)
            processes = [w.process for w in workers] + list(self._starting)
            self._workers.clear()
            self._starting.clear()
        _reap(processes)
        for worker in workers:
            worker.close()


def _worker_environment() -> dict[str, str]:
    """The environment of a worker: ours, with the folder this argmap is imported from first
    on its module path."""
    package_parent = str(Path(__file__).resolve().parents[3])
    path = os.environ.get("PYTHONPATH")
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([package_parent, *([path] if path else [])]),
    }


def _reap(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        process.wait()


def _check_ready(head: Mapping[str, Any] | None) -> None:
    """Raise unless a worker's first answer says it is ready."""
    if head is not None and head.get("ready"):
        return
    reason = (head or {}).get("error") or "it exited"
    raise ServeError(f"a query worker could not open the store: {reason}")


def _finish(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


_STOPPING = Refusal(HTTPStatus.SERVICE_UNAVAILABLE, "the server is stopping")
