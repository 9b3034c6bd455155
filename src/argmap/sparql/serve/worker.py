"""A query worker: a process that holds the store and answers one query at a time.

pyoxigraph cannot stop a running query from another thread, so the server runs every query
in a worker process it can kill (:mod:`argmap.sparql.serve.pool`). A worker is started as
``python -m argmap.sparql.serve.worker FD``, FD being its end of a socket pair; it imports only
the standard library and pyoxigraph, so a replacement starts quickly.

The conversation, in frames of a JSON head and a byte body (:func:`send_frame`):

1. the server sends the hello: the store to open (``{"kind": "nquads", "fd"}``, an N-Quads
   file the worker inherited as that descriptor, loaded into memory; or ``{"kind": "folder",
   "path"}``, a store folder opened read-only), the query prefixes, the prefixes for RDF
   output, and the hard limit in seconds;
2. the worker opens the store and answers ``{"ready": true}``, or ``{"error": "…"}`` and exits;
3. then, one at a time, a job (:func:`answer` says what it holds) and its answer:
   ``{"status": 200, "type": MEDIA TYPE}`` with the result as the body, or a status and a
   ``detail`` (400: the parser's message; 406: ``results`` or ``graph``, the form no
   acceptable format was offered for; 500: what failed).

The worker ends when the socket closes. While a query runs, a timer (``SIGALRM``, left to
its default action) ends the process at the hard limit, so a query outlives its timeout by a
bounded margin even if the server died without killing its workers.
"""

from __future__ import annotations

import io
import json
import os
import signal
import socket
import struct
import sys
from typing import Any

import pyoxigraph as ox

__all__ = ["HEADER", "answer", "main", "open_store", "recv_frame", "send_frame"]

#: A frame starts with the length of its JSON head and the length of its body.
HEADER = struct.Struct("!IQ")


def send_frame(sock: socket.socket, head: dict[str, Any], body: bytes = b"") -> None:
    data = json.dumps(head).encode("utf-8")
    sock.sendall(HEADER.pack(len(data), len(body)) + data)
    if body:
        sock.sendall(body)


def recv_frame(sock: socket.socket) -> tuple[dict[str, Any], bytes] | None:
    """The next frame, or None when the other end has closed the socket."""
    header = _recv_exactly(sock, HEADER.size)
    if header is None:
        return None
    head_size, body_size = HEADER.unpack(header)
    head = _recv_exactly(sock, head_size)
    body = _recv_exactly(sock, body_size)
    if head is None or body is None:
        return None
    return json.loads(head), body


def _recv_exactly(sock: socket.socket, size: int) -> bytes | None:
    chunks = bytearray()
    while len(chunks) < size:
        chunk = sock.recv(min(size - len(chunks), 1 << 20))
        if not chunk:
            return None
        chunks += chunk
    return bytes(chunks)


def open_store(source: dict[str, Any]) -> ox.Store:
    """The store a hello names: N-Quads loaded into memory, or a store folder, read-only."""
    if source["kind"] == "folder":
        return ox.Store.read_only(source["path"])
    store = ox.Store()
    fd = int(source["fd"])
    try:
        # lenient: the server wrote this file from a store, so its IRIs are valid already.
        reader = io.BufferedReader(_PositionalReader(fd), 1 << 20)
        store.load(input=reader, format=ox.RdfFormat.N_QUADS, lenient=True)
    finally:
        os.close(fd)  # the file goes away when the server and every worker have closed it
    return store


class _PositionalReader(io.RawIOBase):
    """Reads a descriptor from its start at an offset of its own (pread), as workers that
    inherit the same descriptor share its file position."""

    def __init__(self, fd: int) -> None:
        super().__init__()
        self.fd = fd
        self.offset = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = os.pread(self.fd, len(buffer), self.offset)
        buffer[: len(data)] = data
        self.offset += len(data)
        return len(data)


def answer(
    store: ox.Store, job: dict[str, Any], prefixes: dict[str, str], output: dict[str, str]
) -> tuple[dict[str, Any], bytes]:
    """Run one job: ``sparql``; ``results`` and ``graph``, the media types to answer in for
    each form (None: nothing acceptable); ``union`` (the default graph is every graph), or
    ``default`` and ``named``, the dataset's graph IRIs (None: not given)."""
    options: dict[str, Any] = {"prefixes": prefixes}
    if job["default"] is not None or job["named"] is not None:
        options["default_graph"] = [ox.NamedNode(iri) for iri in job["default"] or ()]
        options["named_graphs"] = [ox.NamedNode(iri) for iri in job["named"] or ()]
    elif job["union"]:
        options["use_default_graph_as_union"] = True
    try:
        result = store.query(job["sparql"], **options)
        if isinstance(result, ox.QueryTriples):
            if job["graph"] is None:
                return {"status": 406, "detail": "graph"}, b""
            rdf_format = ox.RdfFormat.from_media_type(job["graph"])
            assert rdf_format is not None  # the server offers only formats pyoxigraph writes
            body = ox.serialize(result, format=rdf_format, prefixes=output) or b""
            return {"status": 200, "type": job["graph"]}, body
        if job["results"] is None:
            return {"status": 406, "detail": "results"}, b""
        results_format = ox.QueryResultsFormat.from_media_type(job["results"])
        assert results_format is not None
        body = result.serialize(format=results_format) or b""
        return {"status": 200, "type": job["results"]}, body
    except SyntaxError as exc:
        return {"status": 400, "detail": str(exc)}, b""
    except (OSError, ValueError, RuntimeError) as exc:
        # Raised while the query runs (the store, a failed evaluation): the worker can go on.
        return {"status": 500, "detail": f"{type(exc).__name__}: {exc}"}, b""


def main(argv: list[str]) -> int:
    # Ctrl-C reaches the whole process group; the server stops its workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGALRM, signal.SIG_DFL)
    sock = socket.socket(fileno=int(argv[0]))
    hello = recv_frame(sock)
    if hello is None:
        return 0
    settings = hello[0]
    try:
        store = open_store(settings["source"])
    except (OSError, ValueError, SyntaxError) as exc:
        send_frame(sock, {"error": str(exc).strip().splitlines()[0] if str(exc).strip() else ""})
        return 1
    send_frame(sock, {"ready": True})
    hard_limit = float(settings["hard_limit"])
    while (job := recv_frame(sock)) is not None:
        signal.setitimer(signal.ITIMER_REAL, hard_limit)
        head, body = answer(store, job[0], settings["prefixes"], settings["output_prefixes"])
        signal.setitimer(signal.ITIMER_REAL, 0)
        send_frame(sock, head, body)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
