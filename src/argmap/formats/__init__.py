"""Exchange formats: one module per format, each reading to or writing from the model.

Every format is a :class:`~argmap.formats.base.Format` (name, suffixes, summary, capability
flags, ``read(path or file)``, ``write(corpus, path or file)``); :mod:`~argmap.formats.registry`
finds them by name, alias or suffix, including those third-party packages declare in the
entry-point group ``argmap.formats``. Names load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from argmap.util.lazy import lazy_exports

if TYPE_CHECKING:
    from argmap.formats.base import CorpusFormat, Format, PathOrFile
    from argmap.formats.registry import (
        export,
        exports,
        find_format,
        formats,
        import_file,
        imports,
        load,
        register_format,
        unregister_format,
    )

__all__ = [
    "CorpusFormat", "Format", "PathOrFile", "export", "exports", "find_format", "formats",
    "import_file", "imports", "load", "register_format", "unregister_format",
]  # fmt: skip

__getattr__, __dir__ = lazy_exports(
    __name__,
    globals(),
    {
        "argmap.formats.base": ("CorpusFormat", "Format", "PathOrFile"),
        "argmap.formats.registry": (
            "export", "exports", "find_format", "formats", "import_file", "imports", "load",
            "register_format", "unregister_format",
        ),
    },
)  # fmt: skip
