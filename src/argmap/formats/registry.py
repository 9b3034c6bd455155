"""Which reader handles which file: chosen by suffix (or a format name)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pydantic

from argmap.corpus import Corpus
from argmap.errors import FormatError, InputError, MapError, Problem
from argmap.formats import authoring
from argmap.formats.rdf import RDF_FORMATS, read_rdf

__all__ = ["load", "readable_suffixes"]


def readable_suffixes() -> list[str]:
    return [*authoring.SUFFIXES, *(s for f in RDF_FORMATS for s in f.suffixes)]


def load(paths: Iterable[str | Path]) -> Corpus:
    """Load map files (YAML/JSON) and argmap RDF files into one corpus."""
    files = [Path(p) for p in paths]
    if not files:
        raise InputError("no input files given; name one or more map files (.yaml, .json, .ttl…)")
    authored = [p for p in files if p.suffix.lower() in authoring.SUFFIXES]
    others = [p for p in files if p not in authored]
    rdf_suffixes = {s for f in RDF_FORMATS for s in f.suffixes}
    for path in others:
        if path.suffix.lower() not in rdf_suffixes:
            raise FormatError(
                f"{path}: cannot read files ending in '{path.suffix}'; use one of "
                + ", ".join(readable_suffixes())
            )
    if not others:
        return authoring.load_corpus(authored)
    maps = list(authoring.load_corpus(authored).maps) if authored else []
    for path in others:
        maps.extend(read_rdf(path).maps)
    try:
        return Corpus(maps=tuple(maps))
    except pydantic.ValidationError as exc:
        raise MapError(
            [
                Problem(message, None, None, entity)
                for error in exc.errors(include_url=False)
                for _, _, entity, message in error.get("ctx", {}).get("problems", [])
            ]
        ) from None
