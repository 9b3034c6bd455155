"""The authoring format: one map per YAML or JSON file (see docs/authoring.md).

Reading turns every failure into an :class:`InputError` or :class:`MapError` whose lines name
the file, the line and the entity, and say how to fix it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pydantic
import yaml

from argmap.errors import InputError, MapError, Problem
from argmap.model.corpus import Corpus, corpus_of
from argmap.model.entities import ArgumentMap
from argmap.model.problems import Locator, kind_of, problems_from_validation
from argmap.model.quotes import MapPlace
from argmap.util.files import read_text_file
from argmap.util.gcpause import collector_paused

__all__ = [
    "SUFFIXES",
    "dump_yaml",
    "dumps_yaml",
    "json_schema",
    "load_corpus",
    "load_map",
    "loads_map",
    "map_places",
]

SUFFIXES = (".yaml", ".yml", ".json")


def load_map(path: str | Path) -> ArgumentMap:
    """Read one map from a ``.yaml``/``.yml``/``.json`` file."""
    path = Path(path)
    if path.suffix.lower() not in SUFFIXES:
        raise InputError(f"{path}: unknown map file type '{path.suffix}'; use .yaml, .yml or .json")
    return loads_map(read_text_file(path, "map file"), path=path)


def loads_map(
    text: str, path: str | Path = "<string>", base_dir: Path | None = None
) -> ArgumentMap:
    """Parse map text; ``path`` names it in errors and its folder resolves ``text_file``."""
    path = Path(path)
    label = str(path)
    if not text.strip():
        raise InputError(
            f"{label}: the file is empty; a map needs at least 'argmap: 1', 'id' and 'title'"
            " (argmap new TITLE writes a working start)"
        )
    with collector_paused():
        if path.suffix.lower() == ".json":
            data, locate = _parse_json(text, label)
        else:
            data, locate = _parse_yaml(text, label)
        if not isinstance(data, dict):
            raise InputError(
                f"{label}:1: the top level must be a mapping with keys like 'argmap', 'id',"
                f" 'title', 'claims'; found {kind_of(data)}"
            )
        data = _resolve_text_files(data, base_dir or path.parent, label, locate)
        try:
            m = ArgumentMap.model_validate(data)
        except pydantic.ValidationError as exc:
            raise MapError(problems_from_validation(exc, data, label, locate)) from None
        del data  # freed while the collector is paused, so it never scans the parsed data
    return m


def load_corpus(paths: Iterable[str | Path]) -> Corpus:
    """Load map files into one corpus; every problem in every file is reported together."""
    maps: list[ArgumentMap] = []
    files: dict[str, Path] = {}
    problems: list[Problem] = []
    for path in paths:
        try:
            m = load_map(path)
        except MapError as exc:
            problems.extend(exc.problems)
            continue
        maps.append(m)
        files.setdefault(m.id, Path(path))
    if problems:
        raise MapError(problems)
    if not maps:
        raise InputError("no map files given; name one or more .yaml or .json files")

    def place(map_id: str, loc: tuple[str | int, ...]) -> tuple[str, int | None]:
        path = files[map_id]
        return str(path), _locator_for(path)(loc)

    return corpus_of(maps, place)


def map_places(paths: Iterable[str | Path]) -> MapPlace:
    """Where a map's value is written: ``place(map_id, loc)`` gives the authoring file (of
    ``paths``) that holds the map and the line of ``loc`` in it, or None (a map read from
    another format). Files are read again on the first call: for reporting problems only."""
    located: dict[str, tuple[Path, Locator]] = {}
    pending = [Path(p) for p in paths if Path(p).suffix.lower() in SUFFIXES]

    def place(map_id: str, loc: tuple[str | int, ...]) -> tuple[str, int | None] | None:
        while map_id not in located and pending:
            path = pending.pop(0)
            try:
                text = read_text_file(path)
                data, locate = (
                    _parse_json(text, str(path))
                    if path.suffix.lower() == ".json"
                    else _parse_yaml(text, str(path))
                )
            except InputError:
                continue
            if isinstance(data, dict) and isinstance(data.get("id"), str):
                located.setdefault(data["id"], (path, locate))
        if map_id not in located:
            return None
        path, locate = located[map_id]
        return str(path), locate(loc)

    return place


def _locator_for(path: Path) -> Locator:
    """Line lookup for a file already loaded once (only used when reporting problems)."""
    text = read_text_file(path)
    if path.suffix.lower() == ".json":
        return _parse_json(text, str(path))[1]
    return _parse_yaml(text, str(path))[1]


# ---- parsing with positions -------------------------------------------------------------------


class _StrictLoader(yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader):  # type: ignore[misc]
    """Safe YAML loading that refuses duplicate keys instead of keeping the last one."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"duplicate key '{key}' (first on line {seen[key]}); keep one",
                    key_node.start_mark,
                )
            seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]


def _parse_yaml(text: str, label: str) -> tuple[Any, Locator]:
    loader = _StrictLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f":{mark.line + 1}" if mark is not None else ""
        problem = (exc.problem or exc.context or "cannot parse").strip()
        raise InputError(f"{label}{line}: not valid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise InputError(f"{label}: not valid YAML: {exc}") from None
    except (ValueError, OverflowError) as exc:  # e.g. an integer of more than 4300 digits
        raise InputError(f"{label}: a value cannot be read: {str(exc).split(';')[0]}") from None
    finally:
        loader.dispose()
    return _dates_as_text(data), lambda loc: _node_line(node, loc)


def _parse_json(text: str, label: str) -> tuple[Any, Locator]:
    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)  # in C; only when a key repeats is the list walked to name it
        if len(result) != len(pairs):
            seen: set[str] = set()
            for key, _ in pairs:
                if key in seen:
                    raise InputError(f"{label}: duplicate key '{key}' in one object; keep one")
                seen.add(key)
        return result

    try:
        data = json.loads(text, object_pairs_hook=no_duplicates)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{label}:{exc.lineno}: not valid JSON: {exc.msg} (column {exc.colno})"
        ) from None
    except RecursionError:
        raise InputError(f"{label}: not valid JSON: nested too deeply") from None
    except ValueError as exc:  # e.g. an integer of more than 4300 digits
        raise InputError(f"{label}: not valid JSON: {str(exc).split(';')[0]}") from None

    # Lines are only needed to report problems, so nothing is indexed until one is located.
    lines = _JsonLines(text)
    return data, lines.line


_JSON_SPACE = re.compile(r"[ \t\n\r]*")


class _JsonLines:
    """1-based lines of the values in (valid) JSON text, by location path.

    Follows the rules of :func:`_node_line`: the line of the deepest value along the path
    that exists, or of its key when that value is a scalar. Only the objects and arrays on
    the way are indexed (once each, values skipped by the C decoder), so locating a problem
    in a big map costs far less than a YAML parse of the file.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.decoder = json.JSONDecoder()
        # container offset -> {key: (key offset, value offset)} or [value offsets]
        self.index: dict[int, dict[str, tuple[int, int]] | list[int]] = {}

    def line(self, loc: tuple[str | int, ...]) -> int | None:
        try:
            at = self._space(0)
            for step in loc:
                children = self._children(at)
                if isinstance(children, dict) and isinstance(step, str) and step in children:
                    key_at, value_at = children[step]
                    if self.text[value_at] not in "{[":
                        at = key_at  # a scalar: its key's line, and no deeper
                        break
                    at = value_at
                elif (
                    isinstance(children, list)
                    and isinstance(step, int)
                    and 0 <= step < len(children)
                ):
                    at = children[step]
                else:
                    break
        except (ValueError, IndexError):  # not the valid JSON it was parsed as: no line
            return None
        return self.text.count("\n", 0, at) + 1

    def _space(self, at: int) -> int:
        match = _JSON_SPACE.match(self.text, at)
        return match.end() if match else at

    def _children(self, at: int) -> dict[str, tuple[int, int]] | list[int] | None:
        text = self.text
        if text[at] not in "{[" or at in self.index:
            return self.index.get(at)
        closing = "}" if text[at] == "{" else "]"
        keyed: dict[str, tuple[int, int]] = {}
        listed: list[int] = []
        i = self._space(at + 1)
        while text[i] != closing:
            if closing == "}":
                key, end = self.decoder.raw_decode(text, i)  # the key, a JSON string
                value_at = self._space(self._space(end) + 1)  # past the ':'
                keyed.setdefault(key, (i, value_at))
            else:
                value_at = i
                listed.append(value_at)
            i = self._space(self.decoder.raw_decode(text, value_at)[1])
            if text[i] == ",":
                i = self._space(i + 1)
        found = self.index[at] = keyed if closing == "}" else listed
        return found


def _node_line(node: yaml.Node | None, loc: tuple[str | int, ...]) -> int | None:
    """1-based line of the deepest node along ``loc`` that exists."""
    if node is None:
        return None
    line = node.start_mark.line + 1
    for step in loc:
        child = None
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if getattr(key_node, "value", None) == step:
                    child = value_node if not isinstance(value_node, yaml.ScalarNode) else key_node
                    break
        elif (
            isinstance(node, yaml.SequenceNode)
            and isinstance(step, int)
            and 0 <= step < len(node.value)
        ):
            child = node.value[step]
        if child is None:
            break
        node, line = child, child.start_mark.line + 1
    return line


def _dates_as_text(value: Any) -> Any:
    """YAML reads 2024-06-01 as a date; the model keeps dates as ISO text."""
    if isinstance(value, dict):
        return {k: _dates_as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates_as_text(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _resolve_text_files(
    data: dict[str, Any], base_dir: Path, label: str, locate: Locator
) -> dict[str, Any]:
    """Replace each source's ``text_file`` by the text it names (a new dict: the input is kept)."""
    sources = data.get("sources")
    if not isinstance(sources, list):
        return data
    resolved = []
    for index, source in enumerate(sources):
        if isinstance(source, dict) and "text_file" in source:
            source = dict(source)
            name = source.pop("text_file")
            line = locate(("sources", index, "text_file"))
            where = f"{label}:{line}" if line else label
            if "text" in source:
                raise InputError(f"{where}: source has both 'text' and 'text_file'; keep one")
            if not isinstance(name, str) or not name:
                raise InputError(f"{where}: 'text_file' must be a path relative to {label}")
            file = base_dir / name
            try:
                source["text"] = read_text_file(file, "source text file")
            except InputError as exc:
                raise InputError(
                    f"{where}: source text: {exc} (text_file is relative to the map file)"
                ) from None
        resolved.append(source)
    return {**data, "sources": resolved}


def json_schema() -> dict[str, Any]:
    """JSON Schema of the authoring format: the model's, plus ``text_file`` on sources."""
    schema = ArgumentMap.model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "argmap map file"
    source = schema["$defs"]["Source"]
    source["properties"]["text_file"] = {
        "type": "string",
        "description": "Path of the UTF-8 source text, relative to the map file.",
    }
    return schema


# ---- writing ----------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Safe YAML output whose strings read back exactly."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # YAML folds NEL and the Unicode line/paragraph separators in plain and single-quoted
    # scalars; double quotes escape them, so the text reads back unchanged.
    style = '"' if any(c in value for c in "\x85\u2028\u2029") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def dumps_yaml(m: ArgumentMap) -> str:
    """The map as authoring YAML (sources keep their text inline)."""
    data = m.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    data = {"argmap": 1, **data}
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def dump_yaml(m: ArgumentMap, path: str | Path) -> None:
    from argmap.util.files import write_atomic

    write_atomic(Path(path), dumps_yaml(m).encode("utf-8"))
