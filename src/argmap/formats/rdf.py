"""argmap's RDF files as exchange formats: Turtle, TriG, N-Triples, N-Quads, JSON-LD, RDF/XML.

The work is :mod:`argmap.rdf.files`'s (pyoxigraph parses and serializes); this module lets it
take an open binary file as well as a path, and reads one map for ``import`` where a file may
hold several. The registry imports it when an RDF format is first used.
"""

from __future__ import annotations

from pathlib import Path

from argmap.errors import InputError
from argmap.formats.base import PathOrFile, is_file, name_of
from argmap.model.corpus import Corpus
from argmap.model.entities import ArgumentMap
from argmap.rdf.files import dumps_rdf, rdf_format, read_rdf, write_rdf

__all__ = ["dumps", "read", "read_corpus", "write"]


def dumps(corpus: Corpus, name: str) -> bytes:
    """The corpus in RDF format ``name`` (``turtle``, ``trig``…)."""
    return dumps_rdf(corpus, rdf_format(None, name))


def write(corpus: Corpus, path: Path, name: str) -> None:
    """Write the corpus to ``path`` atomically, streamed as it is made."""
    write_rdf(corpus, path, name)


def read_corpus(source: PathOrFile, name: str) -> Corpus:
    """Every map in a path or an open binary file in RDF format ``name``."""
    if not is_file(source):
        return read_rdf(Path(source), name)
    return read_rdf(source, name, label=name_of(source, f"<{name}>"))


def read(source: PathOrFile, name: str) -> ArgumentMap:
    """The one map in a path or an open binary file (an InputError if it holds several)."""
    corpus = read_corpus(source, name)
    if len(corpus.maps) != 1:
        raise InputError(
            f"{name_of(source)}: holds {len(corpus.maps)} maps; import reads one map (use argmap"
            " build or load() for several)"
        )
    return corpus.maps[0]
