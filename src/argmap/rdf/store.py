"""Maps in Oxigraph stores: in memory for queries, or a store folder on disk.

The quads go in as N-Quads text (:mod:`argmap.rdf.write` makes it), which pyoxigraph parses
in Rust far faster than Python could build each quad.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, cast

import pyoxigraph as ox

from argmap.errors import InputError, OutputError
from argmap.model.corpus import Corpus
from argmap.rdf.write import check_iris, nquads_chunks, nquads_text
from argmap.util.files import staged_folder
from argmap.util.version import __version__

__all__ = ["COMPLETE_MARK", "open_store", "to_store", "write_store"]

#: The file :func:`write_store` writes last into a store folder: a folder without it is a
#: store whose build never finished (or an older argmap's), which :func:`open_store` refuses.
COMPLETE_MARK = "argmap-store.json"


def to_store(
    corpus: Corpus,
    store: ox.Store | None = None,
    *,
    progress: Callable[[int], None] | None = None,
) -> ox.Store:
    """Load the corpus into a pyoxigraph Store (a new in-memory one unless given).

    The quads go in as N-Quads text. Like ``bulk_extend``, this is not atomic: if it fails,
    part of the corpus may already be in a store you passed. ``progress`` is called with the
    number of entities each chunk of text finished (see :func:`entity_count`).
    """
    # lenient: skip pyoxigraph's IRI validation, which check_iris and _nquads_iri have done.
    if store is None:
        # In memory, loading the text chunk by chunk (a transaction each) is faster than one
        # bulk_load of all of it.
        store = ox.Store()
        for chunk in nquads_text(corpus, progress):
            store.load(input=chunk, format=ox.RdfFormat.N_QUADS, lenient=True)
        return store
    # A store on disk is built fastest by bulk_load, which writes its files directly.
    store.bulk_load(
        input=_nquads_reader(corpus, progress), format=ox.RdfFormat.N_QUADS, lenient=True
    )
    return store


def write_store(corpus: Corpus, folder: Path, progress: Callable[[int], None] | None = None) -> int:
    """Write the corpus into a new persistent Oxigraph store folder; returns the quad count.
    ``progress`` is called with the number of entities written, as they are.

    The store is built in a temporary folder beside ``folder`` and renamed into place once
    complete, with :data:`COMPLETE_MARK` written last: ``folder`` is a whole store or absent,
    and :func:`open_store` refuses a folder without the mark."""
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{folder}: is a file; name a folder for the store")
    if folder.exists() and any(folder.iterdir()):
        raise InputError(f"{folder}: the store folder is not empty; remove it or name a new one")
    for m in corpus.maps:
        check_iris(m)  # a bad IRI fails here, before the folder is made
    with staged_folder(folder) as staging:
        try:
            store = ox.Store(str(staging))
            # Streamed as N-Quads text into bulk_load: no list of every quad is held.
            to_store(corpus, store, progress=progress)
            store.flush()
            quads = len(store)
        except RuntimeError as exc:  # RocksDB's own errors (pyoxigraph raises OSError for I/O)
            raise OutputError(f"{folder}: cannot write the store ({exc})") from None
        del store  # closed (its lock file released) before the folder is marked and renamed
        mark = {"argmap": __version__, "quads": quads}
        (staging / COMPLETE_MARK).write_text(json.dumps(mark) + "\n", encoding="utf-8")
    return quads


def open_store(folder: Path) -> ox.Store:
    """The store in ``folder`` (made by :func:`write_store`), read-only; an InputError if the
    folder is no store or an incomplete one."""
    build = "argmap build … --store DIR"
    if not (folder / COMPLETE_MARK).is_file():
        if (folder / "CURRENT").is_file():  # RocksDB's: a store, but not one argmap finished
            raise InputError(
                f"{folder}: an incomplete store (its build was stopped, or an older argmap or a"
                f" partial copy made it: no {COMPLETE_MARK}); remove it and build it again with"
                f" {build}"
            )
        raise InputError(f"{folder}: not an argmap store folder; make one with {build}")
    try:
        return ox.Store.read_only(str(folder))
    # RocksDB reports a store that lost or truncated a file (a partial copy) as "Corruption",
    # a RuntimeError.
    except (OSError, RuntimeError) as exc:
        raise InputError(
            f"{folder}: a damaged store ({str(exc).splitlines()[0]}); remove it and build it"
            f" again with {build}"
        ) from None


class _ChunkReader(io.RawIOBase):
    """A binary file over an iterator of byte chunks, so pyoxigraph reads the text as it is
    written instead of all of it being held at once."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        super().__init__()
        self._chunks = chunks
        self._chunk = b""
        self._offset = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:  # all the rest
            rest, self._chunk, self._offset = self._chunk[self._offset :], b"", 0
            return rest + b"".join(self._chunks)
        while self._offset >= len(self._chunk):
            chunk = next(self._chunks, None)
            if chunk is None:
                return b""
            self._chunk, self._offset = chunk, 0
        start, end = self._offset, min(self._offset + size, len(self._chunk))
        self._offset = end
        return self._chunk if start == 0 and end == len(self._chunk) else self._chunk[start:end]

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _nquads_reader(corpus: Corpus, progress: Callable[[int], None] | None = None) -> IO[bytes]:
    return cast(IO[bytes], _ChunkReader(nquads_chunks(corpus, progress=progress)))
