"""A third-party argmap format: the claims of a corpus, one line each (map, claim, text).

Only argmap.formats.base and argmap.errors are imported here, both cheap: argmap imports a
plugin to list the formats in its help.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from argmap.errors import FormatError
from argmap.formats.base import PathOrFile, name_of, write_bytes

if TYPE_CHECKING:
    from argmap.model.corpus import Corpus
    from argmap.model.entities import ArgumentMap

__all__ = ["FORMAT", "PlainList"]


class PlainList:
    """Export only: ``MAP<TAB>CLAIM<TAB>TEXT`` per claim, the text on one line."""

    name = "plainlist"
    suffixes = (".plain.txt",)
    summary = "the claims, one line each: map id, claim id, text"
    can_import = False
    can_export = True
    folder = False

    def dumps(self, corpus: Corpus) -> bytes:
        lines = [
            f"{m.id}\t{claim.id}\t{' '.join(claim.text.split())}\n"
            for m in corpus.maps
            for claim in m.claims
        ]
        return "".join(lines).encode("utf-8")

    def write(self, corpus: Corpus, target: PathOrFile) -> None:
        write_bytes(target, self.dumps(corpus))

    def read(self, source: PathOrFile) -> ArgumentMap:
        raise FormatError(f"{name_of(source)}: argmap exports plainlist but cannot import it")


FORMAT = PlainList()
