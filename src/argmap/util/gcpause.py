"""Pausing Python's cyclic garbage collector around bulk work that builds and keeps objects."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while millions of long-lived objects are made.

    Each full collection walks every live container, and allocating this many of them
    triggers one after another while freeing nothing. Reference counting still frees what is
    dropped; a cycle made meanwhile is collected once the collector runs again, which it does
    on leaving (unless it was paused already).

    The switch is process-wide, so only the main thread pauses: in any other thread (a
    server's request handlers) this does nothing, and other threads' garbage is never kept."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
