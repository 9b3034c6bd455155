"""What the importers share: reading the file, minting unique slug ids, one-line errors, and
turning the collected entities into a validated :class:`ArgumentMap`."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pydantic

from argmap.errors import InputError
from argmap.formats.base import read_text
from argmap.model.entities import ArgumentMap
from argmap.model.ids import is_slug, slugify
from argmap.util.limits import DEFAULT_LIMITS, current, size_words

__all__ = ["MAX_INPUT_BYTES", "IdMinter", "build_map", "read_import_text", "short", "shown"]

#: The default of ``Limits.max_file_bytes`` (:mod:`argmap.util.limits`): importers hold the
#: whole file and its map in memory, so files far beyond any real map are refused.
MAX_INPUT_BYTES = DEFAULT_LIMITS.max_file_bytes


def read_import_text(
    path: Path, what: str, limit: int | None = None, as_format: str | None = None
) -> str:
    """The UTF-8 text of ``path``; InputError (one line) when it cannot be read or is larger
    than ``limit`` bytes (default: the ``max_file_bytes`` of the limits in force;
    ``as_format`` names a format with a limit of its own in that message). At most
    ``limit`` bytes are read, whatever the file is (a device or a pipe too)."""
    limit = current().max_file_bytes if limit is None else limit
    try:
        size = path.stat().st_size
    except OSError:
        size = 0  # read_text reports the missing file
    if size > limit:
        imports = f"argmap imports as {as_format}" if as_format else "argmap imports"
        raise InputError(
            f"{path}: {size} bytes is larger than {imports} ({limit}, {size_words(limit)});"
            " split the file",
            option="max-file-mb",
        )
    return read_text(path, what=what, limit=limit)


def short(value: Any, limit: int = 40) -> str:
    """A value shown inside an error message: one line, cut to ``limit`` characters."""
    text = value if isinstance(value, str) else repr(value)
    text = re.sub(r"\s+", " ", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def shown(value: Any, limit: int = 40) -> str:
    """A value named in an error message: text in quotes, anything else as Python shows it."""
    return f"'{short(value, limit)}'" if isinstance(value, str) else short(value, limit)


class IdMinter:
    """Unique slug ids for one map: keeps a usable id, otherwise slugifies a text."""

    def __init__(self, *taken: str) -> None:
        """``taken``: ids no entity may get (an importer passes the map's own id)."""
        self.used: set[str] = set(taken)
        self.tried: dict[str, int] = {}

    def mint(self, preferred: str, fallback: str = "x", max_length: int = 60) -> str:
        """``preferred`` if it is a slug with a letter in it (numeric database keys are
        not readable ids), else a slug of it; made unique with ``-2``, ``-3``…"""
        if is_slug(preferred) and re.search("[A-Za-z]", preferred):
            base = preferred
        else:
            # Cut a long text's slug at a word boundary: 'open-models-are' not 'open-mod'.
            base = slugify(preferred, fallback=fallback, max_length=max_length + 40)
            if len(base) > max_length:
                cut = base.rfind("-", 0, max_length + 1)
                base = base[: cut if cut > max_length // 2 else max_length].strip("-")
        candidate, number = base, self.tried.get(base, 1)
        while candidate in self.used:
            number += 1
            suffix = f"-{number}"
            candidate = base[: 120 - len(suffix)] + suffix
        self.tried[base] = number  # the next clash on this base starts here, not at 2
        self.used.add(candidate)
        return candidate


def build_map(data: dict[str, Any], label: str) -> ArgumentMap:
    """Validate an imported map; a failure here is a bug in the importer, said so plainly."""
    try:
        return ArgumentMap.model_validate(data)
    except pydantic.ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        message = first.get("ctx", {}).get("summary") or first["msg"]
        raise InputError(
            f"{label}: the imported map is not valid ({short(message, 160)}); please report"
            " this file to argmap"
        ) from None
