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
from argmap.model.problems import Locator, entity_label
from argmap.util.limits import DEFAULT_LIMITS, Limits, current, size_words

__all__ = [
    "MAX_INPUT_BYTES",
    "IdMinter",
    "build_map",
    "check_text_sizes",
    "read_import_text",
    "short",
    "shown",
]

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
    """Validate an imported map; a failure here is a bug in the importer, said so plainly.
    A text over the limits is refused as in a map file, so an import never writes a map that
    argmap would not read back."""
    check_text_sizes(data, label, lambda _loc: None, current())
    try:
        return ArgumentMap.model_validate(data)
    except pydantic.ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        message = first.get("ctx", {}).get("summary") or first["msg"]
        raise InputError(
            f"{label}: the imported map is not valid ({short(message, 160)}); please report"
            " this file to argmap"
        ) from None


def check_text_sizes(data: dict[str, Any], label: str, locate: Locator, limits: Limits) -> None:
    """Refuse a text longer than ``limits.max_text_bytes`` (a source's ``text``: longer than
    ``limits.max_source_bytes``) before anything is built from it."""
    for key, value in data.items():
        sources = value if key == "sources" and isinstance(value, list) else None
        if sources is None:
            _refuse_long_text(value, (key,), limits.max_text_bytes, data, label, locate)
            continue
        for index, source in enumerate(sources):
            if not isinstance(source, dict):
                _refuse_long_text(source, (key, index), limits.max_text_bytes, data, label, locate)
                continue
            for field, item in source.items():
                loc = (key, index, field)
                if field == "text":
                    _refuse_long_text(item, loc, limits.max_source_bytes, data, label, locate)
                else:
                    _refuse_long_text(item, loc, limits.max_text_bytes, data, label, locate)


def _refuse_long_text(
    value: Any,
    loc: tuple[str | int, ...],
    limit: int,
    data: dict[str, Any],
    label: str,
    locate: Locator,
) -> None:
    found = _long_text(value, limit)
    if found is None:
        return
    loc = (*loc, *found)
    line = locate(loc)
    where = f"{label}:{line}" if line else label
    label_of = entity_label(data, loc)
    entity = f"{label_of}: " if label_of else ""
    field = next((step for step in reversed(loc) if isinstance(step, str)), "value")
    source_text = len(loc) == 3 and loc[0] == "sources" and loc[2] == "text"
    what, option = ("a source text", "max-source-mb") if source_text else ("a text", "max-text-kb")
    raise InputError(
        f"{where}: {entity}'{field}' is longer than argmap reads in {what} ({limit} bytes,"
        f" {size_words(limit)}); {'split the source' if source_text else 'shorten it'}",
        option=option,
    )


def _long_text(value: Any, limit: int) -> tuple[str | int, ...] | None:
    """Where under ``value`` a text (or key) is longer than ``limit`` UTF-8 bytes, or None."""
    if type(value) is str:
        # len() counts characters, each one to four bytes: encode only when it may be too long.
        if len(value) * 4 > limit and len(value.encode("utf-8", "surrogatepass")) > limit:
            return ()
        return None
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and _long_text(key, limit) is not None:
                return (key,)
            found = _long_text(item, limit)
            if found is not None:
                return (key, *found)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = _long_text(item, limit)
            if found is not None:
                return (index, *found)
    return None
