"""RDF files: Turtle, TriG, N-Triples, N-Quads, JSON-LD and RDF/XML, both ways.

pyoxigraph parses and serializes (it is much faster than rdflib); JSON-LD is written by
rdflib so it can be compacted with our shipped context, embedded in the file so nothing is
fetched when it is read. Triple formats hold the union of the maps' graphs; maps are still
found again through ``dcterms:isPartOf``.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import pyoxigraph as ox

from argmap.errors import FormatError, InputError
from argmap.model.corpus import Corpus
from argmap.rdf.read import QuadReader
from argmap.rdf.terms import PREFIXES, ontology_path
from argmap.rdf.write import entity_count, iter_oxigraph_quads, iter_oxigraph_union, to_dataset
from argmap.util.files import write_atomic_with
from argmap.util.gcpause import collector_paused

__all__ = [
    "RDF_FORMATS",
    "RdfFileFormat",
    "dumps_rdf",
    "is_rdf_path",
    "rdf_format",
    "rdf_read_errors",
    "read_rdf",
    "write_rdf",
]


@dataclass(frozen=True)
class RdfFileFormat:
    name: str
    suffixes: tuple[str, ...]
    oxigraph: ox.RdfFormat
    quads: bool  # holds named graphs


RDF_FORMATS = (
    RdfFileFormat("turtle", (".ttl",), ox.RdfFormat.TURTLE, quads=False),
    RdfFileFormat("trig", (".trig",), ox.RdfFormat.TRIG, quads=True),
    RdfFileFormat("ntriples", (".nt",), ox.RdfFormat.N_TRIPLES, quads=False),
    RdfFileFormat("nquads", (".nq",), ox.RdfFormat.N_QUADS, quads=True),
    RdfFileFormat("jsonld", (".jsonld", ".json-ld"), ox.RdfFormat.JSON_LD, quads=True),
    RdfFileFormat("rdfxml", (".rdf", ".owl", ".xml"), ox.RdfFormat.RDF_XML, quads=False),
)


def rdf_format(path: Path | None, name: str | None = None) -> RdfFileFormat:
    """The format named by ``name``, else by the suffix of ``path``. A format is named by
    its name or by a suffix of its files without the dot (``ttl``, ``nt``, ``json-ld``…;
    ``rdf/xml`` as W3C writes it), the RDF entries of the one table of format aliases
    (argmap.formats.builtin.ALIASES; tests/test_formats_registry.py checks they agree)."""
    if name is not None:
        wanted = name.strip().lower()
        for fmt in RDF_FORMATS:
            if wanted.replace("/", "") == fmt.name or f".{wanted}" in fmt.suffixes:
                return fmt
        names = ", ".join(f.name for f in RDF_FORMATS)
        raise FormatError(f"unknown RDF format '{name}'; use one of: {names}", option="format")
    suffix = path.suffix.lower() if path is not None else ""
    for fmt in RDF_FORMATS:
        if suffix in fmt.suffixes:
            return fmt
    known = ", ".join(s for f in RDF_FORMATS for s in f.suffixes)
    raise FormatError(
        f"{path}: cannot tell the RDF format from the suffix '{suffix}'; name the format or use"
        f" one of {known}",
        option="format",
    )


def _context() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(ontology_path("context.jsonld").read_text("utf-8"))
    context: dict[str, Any] = loaded.get("@context", loaded)
    return context


def dumps_rdf(
    corpus: Corpus, fmt: RdfFileFormat, *, progress: Callable[[int], None] | None = None
) -> bytes:
    """The corpus serialized in ``fmt``; ``progress`` as in :func:`write_rdf`."""
    # Into a BytesIO, whose getvalue() hands over its buffer: returning bytes from serialize
    # would hold the text twice (Rust's copy and Python's).
    out = io.BytesIO()
    _serialize(corpus, fmt, out, progress)
    return out.getvalue()


def _serialize(
    corpus: Corpus,
    fmt: RdfFileFormat,
    out: BinaryIO,
    progress: Callable[[int], None] | None = None,
) -> None:
    if fmt.name == "jsonld":
        out.write(
            to_dataset(corpus).serialize(
                format="json-ld", context=_context(), indent=2, encoding="utf-8"
            )
        )
        if progress is not None:  # rdflib writes it in one go: all done at once
            progress(entity_count(corpus))
        return
    # Streamed from the text of a chunk of quads at a time, so no list of every quad is
    # held; triple formats get the union of the maps' graphs, each triple once.
    items: Iterator[ox.Quad] | Iterator[ox.Triple] = (
        iter_oxigraph_quads(corpus, progress=progress)
        if fmt.quads
        else iter_oxigraph_union(corpus, progress=progress)
    )
    ox.serialize(items, output=out, format=fmt.oxigraph, prefixes=PREFIXES)


def write_rdf(
    corpus: Corpus,
    path: str | Path,
    format: str | None = None,
    *,
    progress: Callable[[int], None] | None = None,
) -> None:
    """Write the corpus to ``path`` atomically, in the format of ``format`` or the suffix.
    The text goes straight to the file as it is made, never held whole in memory.

    ``progress``, if given, is called now and then (once per chunk of some thousands of
    triples) with the number of entities written since the last call; the calls add up to
    :func:`argmap.rdf.write.entity_count` of the corpus, the total to show.
    """
    path = Path(path)
    fmt = rdf_format(path, format)
    write_atomic_with(path, lambda out: _serialize(corpus, fmt, out, progress))


def is_rdf_path(path: Path) -> bool:
    """Whether the file's suffix is one of an RDF format argmap reads."""
    suffix = path.suffix.lower()
    return any(suffix in fmt.suffixes for fmt in RDF_FORMATS)


@contextmanager
def rdf_read_errors(path: Path, fmt: RdfFileFormat) -> Iterator[None]:
    """Parsing ``path`` as ``fmt`` inside: a missing, malformed or unreadable file becomes a
    one-line :class:`InputError` naming it."""
    try:
        yield
    except FileNotFoundError:
        raise InputError(f"{path}: no such file; check the path") from None
    except SyntaxError as exc:
        first = str(exc).splitlines()[0]
        raise InputError(f"{path}: not valid {fmt.name}: {first}") from None
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: cannot read as {fmt.name}: {exc}") from None


def read_rdf(
    source: str | Path | BinaryIO, format: str | None = None, *, label: str | None = None
) -> Corpus:
    """Read maps back from an RDF file written by argmap (or following docs/rdf.md): a path,
    or an open binary file with its ``format`` named (``label`` names it in errors)."""
    is_path = isinstance(source, str | Path)
    fmt = rdf_format(Path(source) if isinstance(source, str | Path) else None, format)
    label = label or (str(source) if is_path else f"<{fmt.name}>")
    where: dict[str, Any] = {"path": str(source)} if is_path else {"input": source}
    with collector_paused():
        with rdf_read_errors(Path(label), fmt):
            # Streamed: each quad goes into the reader's dicts as pyoxigraph parses it, so no
            # list of millions of quad objects (nor an rdflib graph) is ever held.
            reader = QuadReader(ox.parse(format=fmt.oxigraph, **where), label)
        return reader.corpus()
