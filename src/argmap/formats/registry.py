"""Which format reads or writes which file: one registry of
:class:`~argmap.formats.base.Format` objects, keyed by name (or alias) and file suffix.

``load(paths)`` reads authoring files (YAML/JSON), argmap RDF files and the importable
formats (AIF JSON, Argdown, Kialo, plugins) into one corpus. ``export(corpus, fmt, path)``
writes a corpus in any export format; ``import_file(path, fmt)`` reads one map from any
importable format, telling the format from the suffix and the content when ``fmt`` is not
given.

The formats are argmap's own (:data:`~argmap.formats.builtin.BUILTIN_FORMATS`), those that
installed packages declare in the entry-point group ``argmap.formats`` (imported when formats
are listed or a name or suffix is looked up that argmap's own do not have), and those given
to :func:`register_format` at run time. A plugin that fails to load is skipped with a one-line
warning on the ``argmap.formats`` logger. Importing this module is cheap (no pydantic, rdflib
or pyoxigraph): format modules are imported only when used.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from argmap.errors import FormatError, InputError
from argmap.formats.base import ENTRY_POINT_GROUP, CorpusFormat, Format, PathOrFile
from argmap.formats.builtin import ALIASES, BUILTIN_FORMATS, BuiltinFormat, RdfFormat
from argmap.util.files import file_read_errors
from argmap.util.gcpause import collector_paused
from argmap.util.limits import Limits, applied, current

if TYPE_CHECKING:
    from argmap.model.corpus import Corpus
    from argmap.model.entities import ArgumentMap

__all__ = [
    "ExchangeFormat",
    "Format",
    "export",
    "export_format",
    "exports",
    "find_format",
    "formats",
    "import_file",
    "import_format",
    "imports",
    "load",
    "readable_suffixes",
    "register_format",
    "unregister_format",
]

#: The type of argmap's own formats, under a name kept for code that imports it (every format
#: satisfies :class:`Format`).
ExchangeFormat = BuiltinFormat

# Formats from entry points (None: not looked for yet) and from register_format().
_plugins: list[Format] | None = None
_registered: list[Format] = []
_plugins_lock = threading.RLock()  # the server's threads may look formats up at once
_AUTHORING = ("yaml", "json")  # read together by load(), which reports every problem at once


# ---- the formats ------------------------------------------------------------------------------


def formats(*, plugins: bool = True) -> list[Format]:
    """Every format: argmap's own, then those of plugins (entry points; left out with
    ``plugins=False``, which needs no plugin imported), then those registered at run time."""
    return [*BUILTIN_FORMATS, *(_plugin_formats() if plugins else ()), *_registered]


def exports(*, plugins: bool = True) -> list[Format]:
    """Every format ``export`` can write."""
    return [f for f in formats(plugins=plugins) if f.can_export]


def imports(*, plugins: bool = True) -> list[Format]:
    """Every format ``import_file`` can read (argmap's own YAML and JSON map files too)."""
    return [f for f in formats(plugins=plugins) if f.can_import]


def find_format(name: str) -> Format:
    """The format called ``name`` (or one of its aliases); FormatError lists the names."""
    wanted = name.strip().lower()
    wanted = ALIASES.get(wanted, wanted)
    for own in BUILTIN_FORMATS:  # argmap's own first: no plugin is imported to find them
        if own.name == wanted:
            return own
    for added in [*_plugin_formats(), *_registered]:
        if added.name == wanted:
            return added
    names = ", ".join(f.name for f in formats())
    raise FormatError(f"unknown format '{name}'; use one of: {names}")


def register_format(fmt: Format) -> Format:
    """Add ``fmt`` (an object satisfying :class:`Format`) to the formats until the process
    ends or :func:`unregister_format`; returns it. Registering the same object again does
    nothing; a FormatError says what is wrong with it or which format has its name."""
    _check_format(fmt)
    owner = _owner(fmt.name)
    if owner is fmt:
        return fmt
    if owner is not None:
        raise FormatError(
            f"cannot register format '{fmt.name}': {_taken(fmt.name, owner)}; choose another name"
        )
    _registered.append(fmt)
    return fmt


def unregister_format(name: str) -> None:
    """Remove a format a plugin or :func:`register_format` added (argmap's own stay)."""
    fmt = find_format(name)
    if fmt in BUILTIN_FORMATS:
        raise FormatError(f"'{fmt.name}' is one of argmap's own formats; it cannot be removed")
    for added in (_registered, _plugin_formats()):
        if fmt in added:
            added.remove(fmt)


def _owner(name: str) -> Format | None:
    """The format that has ``name`` as its name or an alias, if one does."""
    try:
        return find_format(name)
    except FormatError:
        return None


def _taken(name: str, owner: Format) -> str:
    """Whose ``name`` is: the format ``owner`` has it as its name or an alias."""
    alias = "" if owner.name == name.strip().lower() else f"an alias of '{owner.name}', "
    if owner in BUILTIN_FORMATS:
        return f"'{name}' is {alias}one of argmap's own formats"
    return f"'{name}' is {alias or 'the name of '}a format registered already"


_NAME = re.compile(r"[a-z0-9][a-z0-9._-]*")
_ATTRIBUTES = ("name", "suffixes", "summary", "can_import", "can_export", "folder")


def _check_format(fmt: object) -> None:
    """A FormatError saying what keeps ``fmt`` from being a format."""
    if isinstance(fmt, type):
        raise FormatError(
            f"{fmt.__name__} is a class; a format is an object of it (name an instance)"
        )
    if not isinstance(fmt, Format):
        missing = [m for m in (*_ATTRIBUTES, "read", "write") if not hasattr(fmt, m)]
        raise FormatError(
            f"{type(fmt).__name__} object is not a format: it lacks {', '.join(missing)}"
            " (see argmap.formats.base.Format)"
        )
    name = fmt.name
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise FormatError(
            f"format name {name!r} is not a lower-case word (letters, digits, '.', '_', '-')"
        )
    suffixes = fmt.suffixes
    if isinstance(suffixes, str) or not all(
        isinstance(s, str) and s.startswith(".") and s == s.lower() for s in suffixes
    ):
        raise FormatError(
            f"format '{name}': suffixes must be a tuple of lower-case suffixes with their dot"
            f" ('.txt'), not {suffixes!r}"
        )
    if not (fmt.can_import or fmt.can_export):
        raise FormatError(f"format '{name}' can neither import nor export")


def _plugin_formats() -> list[Format]:
    """The formats of the ``argmap.formats`` entry points, imported on the first call."""
    global _plugins
    with _plugins_lock:
        if _plugins is None:
            _plugins = []  # set first: a plugin that looks formats up as it loads finds these
            for fmt in _discover():
                _plugins.append(fmt)
        return _plugins


def _discover() -> Iterator[Format]:
    import importlib.metadata

    for entry in sorted(
        importlib.metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name
    ):
        dist = getattr(entry, "dist", None)
        plugin = f"format plugin '{entry.name}' ({entry.value}" + (
            f", from {dist.name})" if dist is not None else ")"
        )
        try:
            fmt = entry.load()
        # A plugin may fail in any way (a missing module, a bug in it): argmap goes on with
        # the others and says which one failed, on one line.
        except Exception as exc:  # noqa: BLE001
            _warn(f"{plugin} cannot be loaded: {_one_line(exc)}; skipped it")
            continue
        try:
            _check_format(fmt)
            owner = _owner(fmt.name)
            if owner is not None:
                raise FormatError(_taken(fmt.name, owner))
        except FormatError as exc:
            _warn(f"{plugin}: {exc}; skipped it")
            continue
        yield fmt


def _warn(message: str) -> None:
    # logging, imported only now: the CLI imports this module on every shell-completion TAB.
    # With no handler set up, Python prints the message alone on one line to stderr.
    import logging

    logging.getLogger("argmap.formats").warning("%s", message)


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


# ---- exporting --------------------------------------------------------------------------------


def _by_suffix(path: Path, candidates: Iterable[Format]) -> Format | None:
    """The candidate whose (longest) suffix ends the file name."""
    name = path.name.lower()
    best: tuple[int, Format] | None = None
    for fmt in candidates:
        for suffix in fmt.suffixes:
            if name.endswith(suffix) and (best is None or len(suffix) > best[0]):
                best = (len(suffix), fmt)
    return best[1] if best else None


def export_format(name: str | None, path: Path) -> Format:
    """The export format named ``name``, else the one the suffix of ``path`` says."""
    if name is not None:
        try:
            fmt = find_format(name)
        except FormatError as exc:
            raise FormatError(str(exc), option="to") from None
        if not fmt.can_export:
            raise FormatError(f"argmap imports {fmt.name} but cannot export it", option="to")
        return fmt
    candidates = exports()
    # A bare .json could be AIF, node-link, Cytoscape or a map file: only compound suffixes
    # decide.
    lower = path.name.lower()
    by_suffix = (
        None
        if lower.endswith(".json")
        and not any(lower.endswith(s) for f in candidates for s in f.suffixes if s != ".json")
        else _by_suffix(path, candidates)
    )
    if by_suffix is None:
        names = ", ".join(f.name for f in candidates)
        raise FormatError(
            f"{path}: cannot tell the export format from the name; name one of: {names}",
            option="to",
        )
    return by_suffix


def export(corpus: Corpus, fmt: str | None, path: PathOrFile) -> Format:
    """Write ``corpus`` to ``path`` in format ``fmt`` (a name; None: from the suffix).

    ``path`` may also be an open binary file (then ``fmt`` is needed, unless the file has a
    name). Returns the format used. Files are written atomically; Neo4j writes a folder.
    """
    from argmap.formats.base import is_file, name_of

    if is_file(path):
        if fmt is None and not name_of(path, ""):
            raise FormatError("name the format to write an open file in", option="to")
        chosen = export_format(fmt, Path(name_of(path, "")))
    else:
        path = Path(path)
        chosen = export_format(fmt, path)
    chosen.write(corpus, path)
    return chosen


# ---- reading ----------------------------------------------------------------------------------


def _head(path: Path, size: int = 4096) -> str:
    with file_read_errors(path), path.open("rb") as handle:
        raw = handle.read(size)
    return raw.decode("utf-8", errors="replace").removeprefix("\ufeff")


def _looks_like_aif(head: str) -> bool:
    """AIF JSON (and xAIF) begin with an object holding "nodes"/"edges" or "AIF"."""
    start = head.lstrip()[:1]
    return start == "{" and any(
        f'"{key}"' in head for key in ("nodeID", "AIF", "fromID", "locutions")
    )


def _is_aif_json(path: Path) -> bool:
    """Whether a .json file holds AIF (an object with "nodes" and "edges", or xAIF's "AIF")
    rather than an argmap map. Unreadable JSON is left to the authoring loader, which says
    where it is broken."""
    head = _head(path)
    if not _looks_like_aif(head) and '"nodes"' not in head:
        return False
    try:
        data = json.loads(path.read_bytes())
    except (json.JSONDecodeError, OSError):
        return False
    except (ValueError, RecursionError):
        return _looks_like_aif(head)  # valid JSON that is too big or deep: AIF says so
    return isinstance(data, dict) and (
        isinstance(data.get("AIF"), dict) or ("nodes" in data and "edges" in data)
    )


def _looks_like_kialo(head: str) -> bool:
    first = head.lstrip().split("\n", 1)[0]
    return first.startswith(("Discussion Title:", "Discussion Name:")) or first.startswith("1. ")


_ARGGRAPH = re.compile(r"<arggraph[\s/>]")


def _looks_like_arggraph(head: str) -> bool:
    """An arg-microtexts file: XML whose root element is ``<arggraph``."""
    return _ARGGRAPH.search(head) is not None


def import_format(path: Path, name: str | None = None) -> Format | None:
    """The format to import ``path`` with: ``name`` if given, else from the suffix and the
    first bytes. None means argmap's own YAML/JSON map file, told from the suffix."""
    if name is not None:
        try:
            fmt = find_format(name)
        except FormatError as exc:
            raise FormatError(str(exc), option="from") from None
        if not fmt.can_import:
            names = ", ".join(f.name for f in imports())
            raise FormatError(f"argmap cannot import {fmt.name}; importable: {names}")
        return fmt
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return None
    if suffix == ".json":
        if path.name.lower().endswith(".aif.json"):
            return find_format("aif")
        return find_format("aif") if _is_aif_json(path) else None
    if suffix == ".xml" and _looks_like_arggraph(_head(path)):  # else RDF/XML's suffix
        return find_format("microtexts")
    # Told by the suffix, except for Kialo's .txt (any text file), which its content tells.
    others = [f for f in imports() if f.name not in _AUTHORING]
    by_suffix = _by_suffix(path, others)
    if by_suffix is not None and by_suffix.name != "kialo":
        return by_suffix
    head = _head(path)
    if _looks_like_kialo(head):
        return find_format("kialo")
    if _looks_like_aif(head):
        return find_format("aif")
    names = ", ".join(f.name for f in imports())
    raise FormatError(
        f"{path}: cannot tell the format from the name or the content; name one of: {names}",
        option="from",
    )


def import_file(path: PathOrFile, fmt: str | None = None) -> ArgumentMap:
    """Read one map from ``path`` in format ``fmt`` (None: told by suffix and content).

    ``path`` may also be an open binary file; then ``fmt`` names its format."""
    # Readers make and keep hundreds of thousands of objects and no garbage: no collector
    # passes over them.
    with collector_paused():
        return _import_file(path, fmt)


def _import_file(path: PathOrFile, fmt: str | None) -> ArgumentMap:
    from argmap.formats.base import is_file

    if is_file(path):
        if fmt is None:
            raise FormatError("name the format of an open file", option="from")
        chosen = import_format(Path(), fmt)
        assert chosen is not None  # a name always gives a format
        return chosen.read(path)
    path = Path(path)
    chosen = import_format(path, fmt)
    if chosen is None:
        from argmap.formats import authoring

        return authoring.load_map(path)
    return chosen.read(path)


def readable_suffixes() -> list[str]:
    """The file suffixes ``load`` reads: map files, RDF, then the other importable formats."""
    importable = imports()
    authored = [s for f in importable if f.name in _AUTHORING for s in f.suffixes]
    rdf = [s for f in importable if _is_rdf(f) for s in f.suffixes]
    extra = [
        s
        for f in importable
        if f.name not in _AUTHORING and not _is_rdf(f)
        for s in f.suffixes
        if s != ".json"
    ]
    return list(dict.fromkeys([*authored, *rdf, *extra]))


def _is_rdf(fmt: Format) -> bool:
    return isinstance(fmt, RdfFormat)


def load(
    paths: Iterable[str | Path],
    *,
    progress: Callable[[int], None] | None = None,
    limits: Limits | None = None,
) -> Corpus:
    """Load map files (YAML/JSON), argmap RDF files and importable formats (AIF JSON,
    Argdown, Kialo, plugins) into one corpus. ``progress``, if given, is called with 1 as
    each file has been read (the calls add up to the number of files); checks across the
    maps follow. ``limits`` (see :mod:`argmap.util.limits`) bounds what is read, and from
    which folders source texts may come; by default, the limits in force."""
    with collector_paused(), applied(limits or current()):  # collector: as for import_file
        return _load([Path(p) for p in paths], progress)


def _load(files: list[Path], progress: Callable[[int], None] | None) -> Corpus:
    from argmap.formats import authoring

    if not files:
        raise InputError("no input files given; name one or more map files (.yaml, .json, .ttl…)")
    authored: list[Path] = []
    others: list[tuple[Path, Format]] = []
    for path in files:
        suffix = path.suffix.lower()
        if suffix in (".yaml", ".yml"):
            authored.append(path)
            continue
        if suffix not in readable_suffixes():
            raise FormatError(
                f"{path}: cannot read files ending in '{path.suffix}'; use one of "
                + ", ".join(readable_suffixes())
            )
        fmt = import_format(path)
        if fmt is None or fmt.name in _AUTHORING:
            authored.append(path)
        else:
            others.append((path, fmt))
    if not others:
        return authoring.load_corpus(_reporting(authored, progress))
    maps = list(authoring.load_corpus(_reporting(authored, progress)).maps) if authored else []
    for path, fmt in others:
        if isinstance(fmt, CorpusFormat):
            maps.extend(fmt.read_corpus(path).maps)
        else:
            maps.append(fmt.read(path))
        if progress is not None:
            progress(1)
    return _corpus(maps)


def _corpus(maps: Sequence[ArgumentMap]) -> Corpus:
    from argmap.model.corpus import corpus_of  # pydantic: only when maps are read

    return corpus_of(maps)


def _reporting(paths: list[Path], progress: Callable[[int], None] | None) -> Iterable[Path]:
    """``paths``, calling ``progress(1)`` each time the reader asks for the next path (so
    it has read the one before) or finds none left."""
    if progress is None:
        return paths
    return _each_reported(paths, progress)


def _each_reported(paths: list[Path], progress: Callable[[int], None]) -> Iterator[Path]:
    for path in paths:
        yield path
        progress(1)
