"""RDF files: Turtle, TriG, N-Triples, N-Quads, JSON-LD and RDF/XML, both ways.

pyoxigraph parses and serializes (it is much faster than rdflib); JSON-LD is written by
rdflib so it can be compacted with our shipped context, embedded in the file so nothing is
fetched when it is read. Triple formats hold the union of the maps' graphs; maps are still
found again through ``dcterms:isPartOf``.
"""

from __future__ import annotations

import contextlib
import io
import json
import mmap
import os
import re
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
from argmap.util.limits import Limits, current

__all__ = [
    "RDF_FORMATS",
    "RdfFileFormat",
    "dumps_rdf",
    "is_rdf_path",
    "rdf_format",
    "rdf_read_errors",
    "read_rdf",
    "refuse_deep_nesting",
    "refuse_xml_entities",
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


# An entity declaration, as pyoxigraph's RDF/XML parser reads one (in a DOCTYPE wherever it
# stands, even inside the document), and more: any case, space after "<!".
_XML_ENTITY = re.compile(rb"<!\s{0,16}entity", re.IGNORECASE)
_SCAN_CHUNK = 1 << 20
_SCAN_OVERLAP = 32  # longer than any match, so one split across two chunks is still found
# pyoxigraph's message when a single token outgrows its parse buffer.
_BUFFER_FULL = re.compile(r"buffer maximal size of (\d+)")


def refuse_xml_entities(source: Path | bytes, label: str) -> None:
    """Refuse RDF/XML that declares entities (``<!ENTITY``), before it is parsed: pyoxigraph
    expands internal entities without a budget (a "billion laughs" file takes gigabytes),
    and argmap's RDF never needs one. ``source``: the bytes, or a regular file to scan."""
    line = 1  # of the start of the text scanned so far
    tail = b""
    with source.open("rb") if isinstance(source, Path) else io.BytesIO(source) as handle:
        while chunk := handle.read(_SCAN_CHUNK):
            text = tail + chunk
            found = _XML_ENTITY.search(text)
            if found is not None:
                at = line + text.count(b"\n", 0, found.start())
                raise InputError(
                    f"{label}:{at}: the RDF/XML declares entities (<!ENTITY), which argmap does"
                    " not expand; write the values out, or convert the file to Turtle"
                )
            tail = text[-_SCAN_OVERLAP:]
            line += text.count(b"\n", 0, len(text) - len(tail))


# The nesting scans below: each match is everything up to the next bracket (or tag) that
# opens or closes a level, then that bracket; every construct that might be left unterminated
# runs to the end instead of failing, so a scan is linear whatever the bytes.
_JSON_LEVEL = re.compile(
    rb'(?:[^"{}\[\]]++|"(?:[^"\\]++|\\.)*+(?:"|\\?\Z))*+(?:(?P<open>[{\[])|(?P<close>[}\]])|\Z)',
    re.DOTALL,
)
_XML_LEVEL = re.compile(
    rb"(?:[^<]++|<!--.*?(?:-->|\Z)|<!\[CDATA\[.*?(?:\]\]>|\Z)|<\?.*?(?:\?>|\Z)|<![^>]*+(?:>|\Z))*+"
    rb"(?:(?P<close></[^>]*+(?:>|\Z))"
    rb"|(?P<open><(?:[^>\"']++|\"[^\"]*+(?:\"|\Z)|'[^']*+(?:'|\Z))*+(?:>|\Z))|\Z)",
    re.DOTALL,
)
_NESTED = {"jsonld": (_JSON_LEVEL, "objects and arrays"), "rdfxml": (_XML_LEVEL, "elements")}


def refuse_deep_nesting(
    source: Path | bytes, fmt_name: str, label: str, limit: int | None = None
) -> None:
    """Refuse JSON-LD (objects and arrays, outside strings) or RDF/XML (elements, outside
    comments, CDATA, processing instructions and attribute values) nested deeper than
    ``limit`` levels (default: ``max_nesting`` of the limits in force), before it is parsed:
    pyoxigraph recurses without a bound on JSON-LD (a deep file crashes it) and takes
    quadratic time on deep RDF/XML. ``source``: the bytes, or a regular file to scan."""
    if fmt_name not in _NESTED:
        return
    pattern, what = _NESTED[fmt_name]
    limit = current().max_nesting if limit is None else limit
    with contextlib.ExitStack() as stack:
        if isinstance(source, Path):
            handle = stack.enter_context(source.open("rb"))
            if os.fstat(handle.fileno()).st_size == 0:
                return  # nothing to map; the parser says what is wrong
            text: bytes | mmap.mmap = stack.enter_context(
                mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
            )
        else:
            text = source
        depth = 0
        for level in pattern.finditer(text):
            if level.start("open") >= 0:
                tag = level.group("open")
                if tag.endswith(b"/>") and fmt_name == "rdfxml":
                    continue  # an empty element opens no level
                depth += 1
                if depth > limit:
                    at = text[: level.start("open")].count(b"\n") + 1
                    raise InputError(
                        f"{label}:{at}: the {_FORMAT_NAMES[fmt_name]} nests deeper than {limit}"
                        f" levels of {what}, which argmap does not read (a parser's recursion"
                        " is at stake); flatten it, or convert the file to N-Triples"
                    )
            elif level.start("close") >= 0:
                depth = max(depth - 1, 0)


_FORMAT_NAMES = {"jsonld": "JSON-LD", "rdfxml": "RDF/XML"}


def _check_before_parsing(path: Path, fmt: RdfFileFormat, label: str, limit: int | None) -> None:
    """The checks of a file in ``fmt`` before pyoxigraph parses it: no entities in RDF/XML,
    no nesting deeper than the limit in JSON-LD or RDF/XML."""
    if fmt.name not in _NESTED:
        return
    if not path.exists():
        return  # the parser says so
    if not path.is_file():  # a pipe or a device: scanning would consume what it parses
        raise InputError(
            f"{label}: argmap reads {_FORMAT_NAMES[fmt.name]} from a regular file (it is"
            " checked before it is parsed); save it to a file first"
        )
    if fmt.name == "rdfxml":
        refuse_xml_entities(path, label)
    refuse_deep_nesting(path, fmt.name, label, limit)


@contextmanager
def rdf_read_errors(
    path: Path, fmt: RdfFileFormat, *, check_entities: bool = True
) -> Iterator[None]:
    """Parsing ``path`` as ``fmt`` inside: a missing, malformed or unreadable file becomes a
    one-line :class:`InputError` naming it, and so does a term longer than the parser's
    buffer. RDF/XML that declares entities, and JSON-LD or RDF/XML nested deeper than the
    limit, are refused first (see :func:`refuse_xml_entities` and
    :func:`refuse_deep_nesting`; ``check_entities=False`` when the caller has checked)."""
    try:
        if check_entities:
            _check_before_parsing(path, fmt, str(path), None)
        yield
    except FileNotFoundError:
        raise InputError(f"{path}: no such file; check the path") from None
    except SyntaxError as exc:
        first = str(exc).splitlines()[0] if str(exc).strip() else "cannot parse"
        raise InputError(f"{path}: not valid {fmt.name}: {first}") from None
    except (OSError, ValueError) as exc:
        first = str(exc).splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(f"{path}: cannot read as {fmt.name}: {first}") from None
    except MemoryError as exc:
        full = _BUFFER_FULL.search(str(exc))
        if full is None:
            raise InputError(f"{path}: ran out of memory reading it as {fmt.name}") from None
        size = int(full.group(1))
        raise InputError(
            f"{path}: cannot read as {fmt.name}: a literal or IRI is larger than the"
            f" {size / 2**20:g} MiB the parser holds at once; shorten it"
        ) from None


def read_rdf(
    source: str | Path | BinaryIO,
    format: str | None = None,
    *,
    label: str | None = None,
    limits: Limits | None = None,
) -> Corpus:
    """Read maps back from an RDF file written by argmap (or following docs/rdf.md): a path,
    or an open binary file with its ``format`` named (``label`` names it in errors).
    ``limits``: how long a text may be (default: the limits in force,
    :mod:`argmap.util.limits`); RDF/XML that declares entities is refused."""
    is_path = isinstance(source, str | Path)
    fmt = rdf_format(Path(source) if isinstance(source, str | Path) else None, format)
    label = label or (str(source) if is_path else f"<{fmt.name}>")
    lim = current(limits)
    where: dict[str, Any] = {"path": str(source)} if is_path else {"input": source}
    check_entities = True
    if fmt.name in _NESTED:
        # Checked here, where the file is known: a stream is read whole, to be checked
        # before pyoxigraph parses the bytes.
        with rdf_read_errors(Path(label), fmt, check_entities=False):
            if isinstance(source, str | Path):
                _check_before_parsing(Path(source), fmt, label, lim.max_nesting)
            else:
                data = source.read()
                if not isinstance(data, bytes):
                    raise TypeError(f"{label}: open the file in binary mode ('rb'), not text")
                if fmt.name == "rdfxml":
                    refuse_xml_entities(data, label)
                refuse_deep_nesting(data, fmt.name, label, lim.max_nesting)
                where = {"input": data}
        check_entities = False
    with collector_paused():
        with rdf_read_errors(Path(label), fmt, check_entities=check_entities):
            # Streamed: each quad goes into the reader's dicts as pyoxigraph parses it, so no
            # list of millions of quad objects (nor an rdflib graph) is ever held.
            reader = QuadReader(ox.parse(format=fmt.oxigraph, **where), label, limits=lim)
        return reader.corpus()
