"""The HTTP server under the app: uvicorn, with the connection limits it lacks and our signals.

uvicorn gives the listen backlog, the HTTP/1.1 parser (h11) with its limit on a request head,
keep-alive, ``limit_concurrency`` and a graceful shutdown. What it leaves open, added here on
its h11 connection (:class:`Connection`):

- A request head must arrive whole within :data:`HEAD_SECONDS` of the connection opening (or
  of the previous answer): uvicorn's keep-alive timer stops at the first byte, so a client
  sending a byte at a time (slow loris) would hold its connection for ever.
- At most ``max_connections`` connections are open. When one more arrives, the oldest
  connection not in the middle of a request is closed to make room, those that never sent a
  whole request first; only when every connection has a request in flight does uvicorn's
  ``limit_concurrency`` answer 503.
- A client that closes its side of the connection before its request body has all come is
  still answered (400, from the app), instead of being dropped without a word.

:class:`UvicornServer` reports SIGINT and SIGTERM to the caller instead of re-raising them
after the shutdown, so the caller can kill the query workers first and say how it stopped.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import threading
from collections.abc import Callable, Iterator
from types import FrameType
from typing import Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.server import ServerState

__all__ = ["HEAD_SECONDS", "Config", "Connection", "UvicornServer"]

#: How long a connection may take to send a whole request head.
HEAD_SECONDS = 10.0


class Config(uvicorn.Config):
    """uvicorn's settings, and ours for :class:`Connection`."""

    def __init__(
        self, app: Any, *, max_connections: int, head_seconds: float, **kwargs: Any
    ) -> None:
        # limit_concurrency counts the connection asking too: one more than the connections
        # kept, so that it refuses only when every one of them is busy.
        super().__init__(app, http=Connection, limit_concurrency=max_connections + 1, **kwargs)
        self.max_connections = max_connections
        self.head_seconds = head_seconds


class Connection(H11Protocol):
    """uvicorn's HTTP/1.1 connection with a deadline for request heads, room made for new
    connections at the limit, and an answer for a body cut short (see the module)."""

    def __init__(
        self,
        config: uvicorn.Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
    ) -> None:
        super().__init__(config, server_state, app_state, _loop)
        assert isinstance(config, Config)
        self.max_connections = config.max_connections
        self.head_seconds = config.head_seconds
        self.opened = 0.0
        self.answered = 0
        self.head_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)  # type: ignore[arg-type]
        self.opened = self.loop.time()
        self._start_head_timer()
        if len(self.connections) > self.max_connections:
            self._make_room()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_head_timer()
        super().connection_lost(exc)

    def eof_received(self) -> bool | None:  # type: ignore[override]  # asyncio's own signature
        cycle = self.cycle
        if cycle is not None and not cycle.response_complete and cycle.more_body:
            # The body ends here: the app sees it shorter than its Content-Length and answers
            # 400 on the half of the connection still open.
            cycle.more_body = False
            cycle.message_event.set()
            return True
        return None

    def handle_events(self) -> None:
        before = self.cycle
        super().handle_events()
        if self.cycle is not before:  # a whole request head came
            self._stop_head_timer()

    def on_response_complete(self) -> None:
        self.answered += 1
        super().on_response_complete()
        if not self.transport.is_closing():
            self._start_head_timer()

    def idle(self) -> bool:
        """Not in the middle of a request: between requests, or still sending a head."""
        return self.cycle is None or self.cycle.response_complete

    def _make_room(self) -> None:
        idle = [c for c in self.connections if isinstance(c, Connection) and c is not self]
        idle = [c for c in idle if c.idle() and not c.transport.is_closing()]
        if idle:
            oldest = min(idle, key=lambda c: (c.answered > 0, c.opened))
            oldest.transport.close()

    def _start_head_timer(self) -> None:
        self._stop_head_timer()
        self.head_timer = self.loop.call_later(self.head_seconds, self._head_too_slow)

    def _stop_head_timer(self) -> None:
        if self.head_timer is not None:
            self.head_timer.cancel()
            self.head_timer = None

    def _head_too_slow(self) -> None:
        self.head_timer = None
        if self.idle() and not self.transport.is_closing():
            self.transport.close()


class UvicornServer(uvicorn.Server):
    """uvicorn's server; in the main thread, SIGINT and SIGTERM call ``on_signal`` (on the
    event loop) and are not raised again after the shutdown."""

    def __init__(self, config: uvicorn.Config, on_signal: Callable[[int], None]) -> None:
        super().__init__(config)
        self.on_signal = on_signal

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        loop = asyncio.get_running_loop()

        def handler(signum: int, frame: FrameType | None) -> None:
            loop.call_soon_threadsafe(self.on_signal, signum)

        previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield
        finally:
            for sig, handler_before in previous.items():
                signal.signal(sig, handler_before)
