"""argmap's own formats as :class:`~argmap.formats.base.Format` objects, and the one table of
the other names users may call a format by (:data:`ALIASES`).

Each entry is cheap data (name, suffixes, summary, flags); the module that does the work
(``argmap.formats.<module>``) is imported when the format first reads or writes, so listing
formats (the command line does it to build its help) loads no pydantic, rdflib or pyoxigraph.
A format module provides ``dumps(corpus) -> bytes`` (or, for a folder of files,
``write(corpus, folder)``) and, to import, ``read(path)`` and
``loads(text, label, map_id, title)``; the classes below adapt the few that differ.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, BinaryIO, cast

from argmap.errors import FormatError
from argmap.formats.base import PathOrFile, folder_path, is_file, name_of, read_text, write_bytes
from argmap.util.limits import current

if TYPE_CHECKING:
    from argmap.model.corpus import Corpus
    from argmap.model.entities import ArgumentMap

__all__ = [
    "ALIASES",
    "BUILTIN_FORMATS",
    "AifFormat",
    "AuthoringFormat",
    "BuiltinFormat",
    "KialoFormat",
    "MicrotextsFormat",
    "RdfFormat",
]


@dataclass(frozen=True)
class BuiltinFormat:
    """A format of argmap's own, done by module ``argmap.formats.<module>``."""

    name: str
    suffixes: tuple[str, ...]
    summary: str
    module: str
    can_export: bool = True
    can_import: bool = False
    folder: bool = False  # the export is a folder of files

    # ---- the Format protocol

    def read(self, source: PathOrFile) -> ArgumentMap:
        """One map from a path or an open binary file."""
        if not self.can_import:
            raise FormatError(f"{name_of(source)}: argmap exports {self.name} but cannot import it")
        if is_file(source):
            return self._read_file(source)
        return self._read_path(Path(source))

    def write(self, corpus: Corpus, target: PathOrFile) -> None:
        """Write ``corpus`` to a path (atomically; a folder for folder formats) or an open
        binary file."""
        if self.folder:
            self._check_export()
            self._write_folder(corpus, folder_path(target, self.name))
        elif is_file(target):
            write_bytes(target, self.dumps(corpus))
        else:
            self._check_export()
            self._write_path(corpus, Path(target))

    # ---- more than the protocol

    def dumps(self, corpus: Corpus) -> bytes:
        """The export as bytes (formats written as one file)."""
        self._check_export()
        if self.folder:
            raise FormatError(
                f"{self.name} writes a folder of files, not one file: write it to a folder path"
            )
        return self._dumps(corpus)

    # ---- what the kinds of format do differently

    def _module(self) -> ModuleType:
        return importlib.import_module(f"argmap.formats.{self.module}")

    def _check_export(self) -> None:
        if not self.can_export:
            raise FormatError(f"argmap imports {self.name} but cannot export it")

    def _dumps(self, corpus: Corpus) -> bytes:
        return cast(Callable[["Corpus"], bytes], self._module().dumps)(corpus)

    def _write_path(self, corpus: Corpus, path: Path) -> None:
        write_bytes(path, self._dumps(corpus))

    def _write_folder(self, corpus: Corpus, folder: Path) -> None:
        cast(Callable[["Corpus", Path], None], self._module().write)(corpus, folder)

    def _read_path(self, path: Path) -> ArgumentMap:
        return cast(Callable[[Path], "ArgumentMap"], self._module().read)(path)

    def _read_file(self, file: BinaryIO) -> ArgumentMap:
        from argmap.model.ids import slugify

        label = name_of(file, f"<{self.name}>")
        text = read_text(file, what=f"{self.name} file", limit=self._limit(), label=label)
        loads = cast(Callable[..., "ArgumentMap"], self._module().loads)
        if not name_of(file, ""):  # an unnamed stream: the module's default id and title
            return loads(text, label)
        stem = self._stem(label)
        return loads(text, label, slugify(stem, self.name), stem)

    def _stem(self, label: str) -> str:
        return Path(label).stem

    def _limit(self) -> int:
        return current().max_file_bytes


class AifFormat(BuiltinFormat):
    """AIF JSON: files named ``x.aif.json`` are the map ``x``; larger files are allowed, as
    AIF is verbose."""

    def _stem(self, label: str) -> str:
        return Path(label).name.removesuffix(".json").removesuffix(".aif")

    def _limit(self) -> int:
        limits = current()
        return max(limits.max_aif_bytes, limits.max_file_bytes)


class KialoFormat(BuiltinFormat):
    """A Kialo export: its title comes from the text, not the file name."""

    def _read_file(self, file: BinaryIO) -> ArgumentMap:
        from argmap.formats import kialo
        from argmap.model.ids import slugify

        label = name_of(file, "<kialo>")
        text = read_text(file, what="Kialo export", limit=self._limit(), label=label)
        if not name_of(file, ""):
            return kialo.loads(text, label)
        return kialo.loads(text, label, slugify(self._stem(label), "kialo"))


class MicrotextsFormat(BuiltinFormat):
    """arg-microtexts: an arggraph ``.xml`` read and written with its text, the ``.txt`` of
    the same name beside it, so it takes a path (an open file only when it has a name)."""

    def write(self, corpus: Corpus, target: PathOrFile) -> None:
        if is_file(target):
            raise FormatError(
                f"{name_of(target)}: microtexts writes an .xml and the .txt beside it; give the"
                " path of the .xml, not an open file"
            )
        cast(Callable[["Corpus", Path], None], self._module().write)(corpus, Path(target))

    def _read_file(self, file: BinaryIO) -> ArgumentMap:
        from argmap.formats import microtexts
        from argmap.model.ids import slugify

        label = name_of(file, "")
        if not label:
            raise FormatError(
                "<microtexts>: an arggraph is read with the .txt beside it; give the path of"
                " the .xml, not an unnamed stream"
            )
        xml = read_text(file, what="arg-microtexts arggraph", limit=self._limit(), label=label)
        text, text_label = microtexts.text_beside(Path(label))
        return microtexts.loads(xml, text, label, text_label, slugify(self._stem(label)))


class RdfFormat(BuiltinFormat):
    """An RDF syntax, read and written by :mod:`argmap.formats.rdf`. A file may hold
    several maps: :meth:`read_corpus` reads them all, :meth:`read` insists on one."""

    def read_corpus(self, source: PathOrFile) -> Corpus:
        """Every map in a path or an open binary file."""
        from argmap.formats import rdf

        return rdf.read_corpus(source, self.name)

    def _read_path(self, path: Path) -> ArgumentMap:
        from argmap.formats import rdf

        return rdf.read(path, self.name)

    def _read_file(self, file: BinaryIO) -> ArgumentMap:
        from argmap.formats import rdf

        return rdf.read(file, self.name)

    def _dumps(self, corpus: Corpus) -> bytes:
        from argmap.formats import rdf

        return rdf.dumps(corpus, self.name)

    def _write_path(self, corpus: Corpus, path: Path) -> None:
        from argmap.formats import rdf

        rdf.write(corpus, path, self.name)  # streamed to the file, not held whole


class AuthoringFormat(BuiltinFormat):
    """argmap's own YAML or JSON map file (docs/authoring.md): one map per file."""

    def _read_path(self, path: Path) -> ArgumentMap:
        from argmap.formats import authoring

        if path.suffix.lower() in authoring.SUFFIXES:
            return authoring.load_map(path)
        # Another suffix: parsed as YAML, which reads JSON maps too.
        return authoring.loads_map(read_text(path, what="map file"), path=path)

    def _read_file(self, file: BinaryIO) -> ArgumentMap:
        from argmap.formats import authoring

        label = name_of(file, f"<{self.name}>")
        return authoring.loads_map(read_text(file, what="map file", label=label), path=label)

    def _dumps(self, corpus: Corpus) -> bytes:
        import json

        from argmap.formats import authoring

        if len(corpus.maps) != 1:
            raise FormatError(
                f"a {self.name} map file holds one map and the corpus has {len(corpus.maps)};"
                " export each map to a file of its own"
            )
        m = corpus.maps[0]
        if self.name == "yaml":
            return authoring.dumps_yaml(m).encode("utf-8")
        data = {"argmap": 1, **m.model_dump(mode="json", by_alias=True, exclude_defaults=True)}
        return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


#: argmap's own formats, in the order help texts list them.
BUILTIN_FORMATS: tuple[BuiltinFormat, ...] = (
    BuiltinFormat("graphml", (".graphml",), "GraphML with typed keys and yEd labels", "graphml"),
    BuiltinFormat("gexf", (".gexf",), "GEXF 1.3 for Gephi", "gexf"),
    BuiltinFormat(
        "cytoscape", (".cyjs", ".cytoscape.json"), "Cytoscape.js / desktop JSON", "cytoscape"
    ),
    BuiltinFormat("dot", (".dot", ".gv"), "Graphviz DOT", "dot"),
    BuiltinFormat("mermaid", (".mmd", ".mermaid"), "Mermaid flowchart for Markdown", "mermaid"),
    BuiltinFormat(
        "nodelink", (".nodelink.json",), "node-link JSON for D3 and networkx", "nodelink"
    ),
    BuiltinFormat(
        "neo4j", (), "Neo4j CSV files + LOAD CSV script (a folder)", "neo4j", folder=True
    ),
    AifFormat(
        "aif", (".aif.json", ".json"), "AIF JSON for AIFdb, OVA, arguebuf", "aif", can_import=True
    ),
    BuiltinFormat("argdown", (".argdown", ".ad"), "Argdown source", "argdown", can_import=True),
    KialoFormat(
        "kialo",
        (".txt",),
        "Kialo discussion export (text)",
        "kialo",
        can_export=False,
        can_import=True,
    ),
    # No suffix: .xml is RDF/XML's; the registry tells an arggraph by its root element.
    MicrotextsFormat(
        "microtexts",
        (),
        "arg-microtexts arggraph .xml with its .txt beside it",
        "microtexts",
        can_import=True,
    ),
    # The names and suffixes of argmap.rdf.files.RDF_FORMATS (which imports pyoxigraph);
    # tests/test_formats_registry.py checks that the two agree.
    RdfFormat(
        "turtle", (".ttl",), "RDF Turtle: the union of the maps' graphs", "rdf", can_import=True
    ),
    RdfFormat("trig", (".trig",), "RDF TriG: one named graph per map", "rdf", can_import=True),
    RdfFormat("ntriples", (".nt",), "RDF N-Triples", "rdf", can_import=True),
    RdfFormat("nquads", (".nq",), "RDF N-Quads: one named graph per map", "rdf", can_import=True),
    RdfFormat(
        "jsonld",
        (".jsonld", ".json-ld"),
        "JSON-LD with argmap's embedded context",
        "rdf",
        can_import=True,
    ),
    RdfFormat("rdfxml", (".rdf", ".owl", ".xml"), "RDF/XML", "rdf", can_import=True),
    AuthoringFormat(
        "yaml",
        (".yaml", ".yml"),
        "argmap's own map file (YAML), one map",
        "authoring",
        can_import=True,
    ),
    AuthoringFormat(
        "json", (".json",), "argmap's own map file (JSON), one map", "authoring", can_import=True
    ),
)

#: Every other name a user may call a built-in format by: the one table of aliases.
#: argmap.rdf.files.rdf_format (below the formats in the pipeline) accepts an RDF format's
#: name or a suffix of its files without the dot, which is what the RDF aliases here are;
#: tests/test_formats_registry.py checks that the two agree.
ALIASES: dict[str, str] = {
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
    "arg-microtexts": "microtexts",
    "arggraph": "microtexts",
    "ttl": "turtle",
    "nt": "ntriples",
    "nq": "nquads",
    "json-ld": "jsonld",
    "xml": "rdfxml",
    "rdf": "rdfxml",
    "rdf/xml": "rdfxml",
    "owl": "rdfxml",
    "yml": "yaml",
}
