"""Which module reads or writes which format: one registry keyed by format name and suffix.

``load(paths)`` reads authoring files (YAML/JSON), argmap RDF files and the importable
formats (AIF JSON, Argdown, Kialo) into one corpus. ``export(corpus, fmt, path)`` writes a
corpus in any export format; ``import_file(path, fmt)`` reads one map from any importable
format, telling the format from the suffix and the content when ``fmt`` is not given.
Format modules are imported only when used.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import pydantic

from argmap.errors import FormatError, InputError, MapError, Problem
from argmap.formats import authoring
from argmap.model.corpus import Corpus
from argmap.model.entities import ArgumentMap
from argmap.rdf.files import RDF_FORMATS, dumps_rdf, read_rdf
from argmap.util.files import write_atomic

__all__ = [
    "ExchangeFormat",
    "export",
    "export_format",
    "exports",
    "find_format",
    "import_file",
    "import_format",
    "imports",
    "load",
    "readable_suffixes",
]


@dataclass(frozen=True)
class ExchangeFormat:
    """One exchange format: its name, file suffixes, what it is for and what argmap does
    with it. ``module`` (under ``argmap.formats``) provides ``dumps(corpus) -> bytes`` or,
    for a folder of files, ``write(corpus, folder)``; importers provide ``read(path)``."""

    name: str
    suffixes: tuple[str, ...]
    summary: str
    module: str
    can_export: bool = True
    can_import: bool = False
    folder: bool = False  # the export is a folder of files

    def dumps(self, corpus: Corpus) -> bytes:
        """The export as bytes (formats written as one file)."""
        rdf = _rdf(self.name)
        if rdf is not None:
            return dumps_rdf(corpus, rdf)
        dumps = cast(Callable[[Corpus], bytes], self._module().dumps)
        return dumps(corpus)

    def write(self, corpus: Corpus, path: Path) -> None:
        """Write the export to ``path`` (a file, or a folder for folder formats)."""
        if self.folder:
            writer = cast(Callable[[Corpus, Path], None], self._module().write)
            writer(corpus, path)
        else:
            write_atomic(path, self.dumps(corpus))

    def read(self, path: Path) -> ArgumentMap:
        """Read one map from ``path``."""
        if not self.can_import:
            raise FormatError(f"{path}: argmap exports {self.name} but cannot import it")
        rdf = _rdf(self.name)
        if rdf is not None:
            return _one_map(read_rdf(path, rdf.name), path)
        reader = cast(Callable[[Path], ArgumentMap], self._module().read)
        return reader(path)

    def _module(self) -> Any:
        return importlib.import_module(f"argmap.formats.{self.module}")


def _rdf(name: str) -> Any:
    return next((f for f in RDF_FORMATS if f.name == name), None)


_RDF_SUMMARY = {
    "turtle": "RDF Turtle: the union of the maps' graphs",
    "trig": "RDF TriG: one named graph per map",
    "ntriples": "RDF N-Triples",
    "nquads": "RDF N-Quads: one named graph per map",
    "jsonld": "JSON-LD with argmap's embedded context",
    "rdfxml": "RDF/XML",
}

FORMATS: tuple[ExchangeFormat, ...] = (
    ExchangeFormat("graphml", (".graphml",), "GraphML with typed keys and yEd labels", "graphml"),
    ExchangeFormat("gexf", (".gexf",), "GEXF 1.3 for Gephi", "gexf"),
    ExchangeFormat(
        "cytoscape", (".cyjs", ".cytoscape.json"), "Cytoscape.js / desktop JSON", "cytoscape"
    ),
    ExchangeFormat("dot", (".dot", ".gv"), "Graphviz DOT", "dot"),
    ExchangeFormat("mermaid", (".mmd", ".mermaid"), "Mermaid flowchart for Markdown", "mermaid"),
    ExchangeFormat(
        "nodelink", (".nodelink.json",), "node-link JSON for D3 and networkx", "nodelink"
    ),
    ExchangeFormat(
        "neo4j", (), "Neo4j CSV files + LOAD CSV script (a folder)", "neo4j", folder=True
    ),
    ExchangeFormat(
        "aif", (".aif.json", ".json"), "AIF JSON for AIFdb, OVA, arguebuf", "aif", can_import=True
    ),
    ExchangeFormat("argdown", (".argdown", ".ad"), "Argdown source", "argdown", can_import=True),
    ExchangeFormat(
        "kialo",
        (".txt",),
        "Kialo discussion export (text)",
        "kialo",
        can_export=False,
        can_import=True,
    ),
    *(
        ExchangeFormat(f.name, f.suffixes, _RDF_SUMMARY[f.name], "rdf", can_import=True)
        for f in RDF_FORMATS
    ),
)
_ALIASES = {
    "yed": "graphml",
    "gephi": "gexf",
    "cyjs": "cytoscape",
    "graphviz": "dot",
    "gv": "dot",
    "mmd": "mermaid",
    "node-link": "nodelink",
    "d3": "nodelink",
    "json-aif": "aif",
    "xaif": "aif",
    "ova": "aif",
    "aifdb": "aif",
    "ad": "argdown",
    "ttl": "turtle",
    "nt": "ntriples",
    "nq": "nquads",
    "json-ld": "jsonld",
    "xml": "rdfxml",
    "rdf": "rdfxml",
}


def exports() -> list[ExchangeFormat]:
    """Every format ``export`` can write."""
    return [f for f in FORMATS if f.can_export]


def imports() -> list[ExchangeFormat]:
    """Every format ``import_file`` can read (besides argmap's own YAML/JSON)."""
    return [f for f in FORMATS if f.can_import]


def find_format(name: str) -> ExchangeFormat:
    """The format called ``name`` (or one of its aliases); FormatError lists the names."""
    wanted = _ALIASES.get(name.strip().lower(), name.strip().lower())
    for fmt in FORMATS:
        if fmt.name == wanted:
            return fmt
    names = ", ".join(f.name for f in FORMATS)
    raise FormatError(f"unknown format '{name}'; use one of: {names}")


def _by_suffix(path: Path, candidates: Iterable[ExchangeFormat]) -> ExchangeFormat | None:
    """The candidate whose (longest) suffix ends the file name."""
    name = path.name.lower()
    best: tuple[int, ExchangeFormat] | None = None
    for fmt in candidates:
        for suffix in fmt.suffixes:
            if name.endswith(suffix) and (best is None or len(suffix) > best[0]):
                best = (len(suffix), fmt)
    return best[1] if best else None


def export_format(name: str | None, path: Path) -> ExchangeFormat:
    """The export format named ``name``, else the one the suffix of ``path`` says."""
    if name is not None:
        fmt = find_format(name)
        if not fmt.can_export:
            raise FormatError(f"argmap imports {fmt.name} but cannot export it; see --help")
        return fmt
    # A bare .json could be AIF, node-link or Cytoscape JSON: only compound suffixes decide.
    by_suffix = (
        None
        if path.name.lower().endswith(".json")
        and not any(
            path.name.lower().endswith(s) for f in exports() for s in f.suffixes if s != ".json"
        )
        else _by_suffix(path, exports())
    )
    if by_suffix is None:
        names = ", ".join(f.name for f in exports())
        raise FormatError(
            f"{path}: cannot tell the export format from the name; give --to (one of: {names})"
        )
    return by_suffix


def export(corpus: Corpus, fmt: str | None, path: str | Path) -> ExchangeFormat:
    """Write ``corpus`` to ``path`` in format ``fmt`` (a name; None: from the suffix).

    Returns the format used. Files are written atomically; Neo4j writes a folder.
    """
    path = Path(path)
    chosen = export_format(fmt, path)
    chosen.write(corpus, path)
    return chosen


# ---- reading ----------------------------------------------------------------------------------


def _head(path: Path, size: int = 4096) -> str:
    try:
        with path.open("rb") as handle:
            raw = handle.read(size)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file; check the path") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not a file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
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


def import_format(path: Path, name: str | None = None) -> ExchangeFormat | None:
    """The format to import ``path`` with: ``name`` if given, else from the suffix and the
    first bytes. None means argmap's own YAML/JSON authoring format."""
    if name is not None:
        fmt = find_format(name)
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
    by_suffix = _by_suffix(path, imports())
    if by_suffix is not None and by_suffix.name != "kialo":
        return by_suffix
    head = _head(path)
    if _looks_like_kialo(head):
        return find_format("kialo")
    if _looks_like_aif(head):
        return find_format("aif")
    names = ", ".join(f.name for f in imports())
    raise FormatError(
        f"{path}: cannot tell the format from the name or the content; give --from"
        f" (one of: {names})"
    )


def import_file(path: str | Path, fmt: str | None = None) -> ArgumentMap:
    """Read one map from ``path`` in format ``fmt`` (None: told by suffix and content)."""
    path = Path(path)
    chosen = import_format(path, fmt)
    if chosen is None:
        return authoring.load_map(path)
    return chosen.read(path)


def _one_map(corpus: Corpus, path: Path) -> ArgumentMap:
    if len(corpus.maps) != 1:
        raise InputError(
            f"{path}: holds {len(corpus.maps)} maps; import reads one map (use argmap build"
            " or load() for several)"
        )
    return corpus.maps[0]


def readable_suffixes() -> list[str]:
    extra = [s for f in imports() if f.module != "rdf" for s in f.suffixes if s != ".json"]
    rdf = [s for f in RDF_FORMATS for s in f.suffixes]
    return list(dict.fromkeys([*authoring.SUFFIXES, *rdf, *extra]))


def load(paths: Iterable[str | Path], *, progress: Callable[[int], None] | None = None) -> Corpus:
    """Load map files (YAML/JSON), argmap RDF files and importable formats (AIF JSON,
    Argdown, Kialo) into one corpus. ``progress``, if given, is called with 1 as each file
    has been read (the calls add up to the number of files); checks across the maps follow."""
    files = [Path(p) for p in paths]
    if not files:
        raise InputError("no input files given; name one or more map files (.yaml, .json, .ttl…)")
    authored: list[Path] = []
    others: list[tuple[Path, ExchangeFormat]] = []
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
        if fmt is None:
            authored.append(path)
        else:
            others.append((path, fmt))
    if not others:
        return authoring.load_corpus(_reporting(authored, progress))
    maps = list(authoring.load_corpus(_reporting(authored, progress)).maps) if authored else []
    for path, fmt in others:
        if fmt.module == "rdf":
            maps.extend(read_rdf(path, fmt.name).maps)
        else:
            maps.append(fmt.read(path))
        if progress is not None:
            progress(1)
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
