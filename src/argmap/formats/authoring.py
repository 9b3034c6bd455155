"""The authoring format: one map per YAML or JSON file (see docs/authoring.md).

Reading turns every failure into an :class:`InputError` or :class:`MapError` whose lines name
the file, the line and the entity, and say how to fix it.

A map file is untrusted input (docs/authoring.md, "What a map may read"): its sources'
``text_file`` must name a regular file inside the map's own folder (or a folder the caller
allows), and every size the file can make argmap hold is bounded by
:class:`~argmap.util.limits.Limits`: the file, each text, each source text, and what YAML
aliases may expand to.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import re
import stat
from collections.abc import Hashable, Iterable
from pathlib import Path
from typing import Any, ClassVar

import pydantic
import yaml

from argmap.errors import InputError, MapError, Problem
from argmap.formats._imports import check_text_sizes, shown
from argmap.formats.base import read_text
from argmap.model.corpus import Corpus, corpus_of
from argmap.model.entities import ANALYST, ArgumentMap
from argmap.model.problems import Locator, entity_label, kind_of, problems_from_validation
from argmap.model.quotes import MapPlace
from argmap.model.schemes import BUILTIN_SCHEMES
from argmap.util.files import decode_text
from argmap.util.gcpause import collector_paused
from argmap.util.limits import Limits, current, size_words

__all__ = [
    "SUFFIXES",
    "dump_yaml",
    "dumps_yaml",
    "json_schema",
    "load_corpus",
    "load_map",
    "loads_map",
    "map_places",
    "text_file_path",
]

SUFFIXES = (".yaml", ".yml", ".json")


def load_map(
    path: str | Path,
    *,
    allow_dirs: Iterable[str | Path] | None = None,
    limits: Limits | None = None,
) -> ArgumentMap:
    """Read one map from a ``.yaml``/``.yml``/``.json`` file.

    ``allow_dirs``: folders besides the map's own whose files its sources may name as
    ``text_file``; ``limits``: the sizes it may reach (default: the limits in force, see
    :mod:`argmap.util.limits`)."""
    path = Path(path)
    if path.suffix.lower() not in SUFFIXES:
        raise InputError(f"{path}: unknown map file type '{path.suffix}'; use .yaml, .yml or .json")
    lim = current(limits).allowing(allow_dirs)
    text = read_text(path, what="map file", limit=lim.max_file_bytes)
    return loads_map(text, path=path, limits=lim)


def loads_map(
    text: str,
    path: str | Path = "<string>",
    base_dir: Path | None = None,
    *,
    allow_dirs: Iterable[str | Path] | None = None,
    limits: Limits | None = None,
) -> ArgumentMap:
    """Parse map text; ``path`` names it in errors and its folder (or ``base_dir``) is where
    ``text_file`` is read from. ``allow_dirs`` and ``limits`` as for :func:`load_map`."""
    path = Path(path)
    label = str(path)
    lim = current(limits).allowing(allow_dirs)
    if not text.strip():
        raise InputError(
            f"{label}: the file is empty; a map needs at least 'argmap: 1', 'id' and 'title'"
            " (argmap new TITLE writes a working start)"
        )
    if len(text) > lim.max_file_bytes:  # characters: at least as many bytes
        raise InputError(
            f"{label}: argmap reads a map file of up to {lim.max_file_bytes} bytes"
            f" ({size_words(lim.max_file_bytes)}) and this is {len(text)} characters;"
            " split the map",
            option="max-file-mb",
        )
    with collector_paused():
        if path.suffix.lower() == ".json":
            data, locate = _parse_json(text, label)
        else:
            data, locate = _parse_yaml(text, label, lim)
        if not isinstance(data, dict):
            raise InputError(
                f"{label}:1: the top level must be a mapping with keys like 'argmap', 'id',"
                f" 'title', 'claims'; found {kind_of(data)}"
            )
        # A value holds at most four UTF-8 bytes per character of the file that spells it
        # (aliases copy values, they never join them): a short file needs no look.
        if len(text) * 4 > min(lim.max_text_bytes, lim.max_source_bytes):
            try:
                check_text_sizes(data, label, locate, lim)
            except RecursionError:  # nested just within what the parser allows
                raise InputError(
                    f"{label}: nested too deeply; a map is a few levels deep"
                ) from None
        data = _resolve_text_files(data, base_dir or path.parent, label, locate, lim)
        try:
            m = ArgumentMap.model_validate(data)
        except pydantic.ValidationError as exc:
            raise MapError(_problems_at_items(exc, data, label, locate)) from None
        del data  # freed while the collector is paused, so it never scans the parsed data
    return m


def load_corpus(
    paths: Iterable[str | Path],
    *,
    allow_dirs: Iterable[str | Path] | None = None,
    limits: Limits | None = None,
) -> Corpus:
    """Load map files into one corpus; every problem in every file is reported together.
    ``allow_dirs`` and ``limits`` as for :func:`load_map`."""
    lim = current(limits).allowing(allow_dirs)
    maps: list[ArgumentMap] = []
    files: dict[str, Path] = {}
    problems: list[Problem] = []
    for path in paths:
        try:
            m = load_map(path, limits=lim)
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
        return str(path), _locator_for(path, lim)(loc)

    return corpus_of(maps, place)


def map_places(paths: Iterable[str | Path]) -> MapPlace:
    """Where a map's value is written: ``place(map_id, loc)`` gives the authoring file (of
    ``paths``) that holds the map and the line of ``loc`` in it, or None (a map read from
    another format). Files are read again on the first call: for reporting problems only."""
    located: dict[str, tuple[Path, Locator]] = {}
    pending = [Path(p) for p in paths if Path(p).suffix.lower() in SUFFIXES]
    lim = current()

    def place(map_id: str, loc: tuple[str | int, ...]) -> tuple[str, int | None] | None:
        while map_id not in located and pending:
            path = pending.pop(0)
            try:
                text = read_text(path, what="map file", limit=lim.max_file_bytes)
                data, locate = (
                    _parse_json(text, str(path))
                    if path.suffix.lower() == ".json"
                    else _parse_yaml(text, str(path), lim)
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


def _locator_for(path: Path, limits: Limits) -> Locator:
    """Line lookup for a file already loaded once (only used when reporting problems)."""
    text = read_text(path, what="map file", limit=limits.max_file_bytes)
    if path.suffix.lower() == ".json":
        return _parse_json(text, str(path))[1]
    return _parse_yaml(text, str(path), limits)[1]


# ---- parsing with positions -------------------------------------------------------------------


_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"
# Tags that build a value other than text, list or mapping from the file's text: a bytes
# value (!!binary), a set, or lists of tuples (!!omap, !!pairs), none of which a map holds and
# none of which the text limits look into. They are refused rather than read as text: a map
# never needs one, and an error says so where reading them as text would hide the mistake.
_REFUSED_TAGS = ("binary", "set", "omap", "pairs")


def _without_base60(resolvers: dict[Any, list[tuple[str, re.Pattern[str]]]]) -> dict[Any, Any]:
    """YAML 1.1's implicit resolvers, with base-60 (``1:30``) no longer an int or a float.

    PyYAML converts a base-60 number in time quadratic in its length (37 s for a 1.2 MB one),
    so such a scalar reads as text, bounded like any other text. Only the int and float
    patterns change: each other form they match holds no ``:``, so a lookahead refusing a
    ``:`` removes exactly the base-60 forms."""
    changed: dict[Any, list[tuple[str, re.Pattern[str]]]] = {}
    for first, pairs in resolvers.items():
        changed[first] = [
            (tag, re.compile(r"(?![^:]*:)" + pattern.pattern, pattern.flags))
            if tag in (_INT_TAG, _FLOAT_TAG)
            else (tag, pattern)
            for tag, pattern in pairs
        ]
    return changed


def _scalar(node: yaml.Node) -> yaml.ScalarNode:
    """``node``, which a scalar tag (``!!int``) must be on, as PyYAML says when it is not."""
    if not isinstance(node, yaml.ScalarNode):
        raise yaml.constructor.ConstructorError(
            None,
            None,
            f"expected a scalar node, but found {getattr(node, 'id', 'a collection')}",
            node.start_mark,
        )
    return node


def _number_not_base60(loader: yaml.constructor.SafeConstructor, node: yaml.Node) -> Any:
    """An explicit ``!!int``/``!!float``, refused in base-60 (see :func:`_without_base60`)."""
    scalar = _scalar(node)
    if ":" in str(scalar.value):
        raise yaml.constructor.ConstructorError(
            None,
            None,
            f"{shown(str(scalar.value))} is a base-60 number, which argmap does not read;"
            " write it in decimal, or as text without the tag",
            scalar.start_mark,
        )
    if scalar.tag == _INT_TAG:
        return loader.construct_yaml_int(scalar)
    return loader.construct_yaml_float(scalar)


def _refused_tag(loader: yaml.constructor.SafeConstructor, node: yaml.Node) -> Any:
    tag = "!!" + str(node.tag).rsplit(":", 1)[-1]
    raise yaml.constructor.ConstructorError(
        None,
        None,
        f"tag {tag} is not allowed in a map; write the text itself",
        node.start_mark,
    )


def _timestamp(loader: yaml.constructor.SafeConstructor, node: yaml.Node) -> Any:
    """An explicit ``!!timestamp`` on text that is no date is an error (PyYAML crashes)."""
    scalar = _scalar(node)
    if not loader.timestamp_regexp.match(str(scalar.value)):
        raise yaml.constructor.ConstructorError(
            None,
            None,
            f"{shown(str(scalar.value))} is not a date for the tag !!timestamp; write"
            " YYYY-MM-DD, or the text without the tag",
            scalar.start_mark,
        )
    return loader.construct_yaml_timestamp(scalar)


class MapYaml:
    """What argmap's YAML loaders share, put before a PyYAML safe loader in the bases: no
    base-60 numbers, and no tags that build values a map cannot hold (see _REFUSED_TAGS).
    Everything else resolves and constructs as in PyYAML's SafeLoader."""

    yaml_implicit_resolvers: ClassVar[dict[Any, Any]] = _without_base60(
        yaml.resolver.Resolver.yaml_implicit_resolvers
    )
    yaml_constructors: ClassVar[dict[str | None, Any]] = {
        **yaml.constructor.SafeConstructor.yaml_constructors,
        _INT_TAG: _number_not_base60,
        _FLOAT_TAG: _number_not_base60,
        "tag:yaml.org,2002:timestamp": _timestamp,
        **{f"tag:yaml.org,2002:{name}": _refused_tag for name in _REFUSED_TAGS},
    }


class MapSafeLoader(MapYaml, yaml.SafeLoader):
    """PyYAML's SafeLoader with :class:`MapYaml`'s changes (for YAML inside other formats)."""


class _StrictLoader(MapYaml, yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader):  # type: ignore[misc]
    """Safe YAML loading that refuses duplicate keys instead of keeping the last one."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, Hashable):  # a list or mapping as a key (``? [a]``)
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    "a key must be a single value, not a list or mapping",
                    key_node.start_mark,
                )
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"duplicate key '{key}' (first on line {seen[key]}); keep one",
                    key_node.start_mark,
                )
            seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]


def _parse_yaml(text: str, label: str, limits: Limits) -> tuple[Any, Locator]:
    try:
        loader = _StrictLoader(text)
    except UnicodeEncodeError as exc:  # a lone surrogate, from text made in Python
        at = text.count("\n", 0, exc.start) + 1
        raise InputError(f"{label}:{at}: not valid text ({exc.reason}); remove it") from None
    try:
        node = loader.get_single_node()
        # Aliases are checked on the composed nodes, where each is still one shared node:
        # constructing (and _dates_as_text) would copy every one of them.
        if node is not None and "*" in text:  # no '*', no alias
            _check_aliases(node, label, limits)
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f":{mark.line + 1}" if mark is not None else ""
        problem = (exc.problem or exc.context or "cannot parse").strip()
        raise InputError(f"{label}{line}: not valid YAML: {problem}") from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, by offset
        at = text.count("\n", 0, exc.position) + 1
        character = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise InputError(
            f"{label}:{at}: not valid YAML: character U+{character:04X} is not allowed"
            f" ({exc.reason}); remove it"
        ) from None
    except yaml.YAMLError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else "cannot parse"
        raise InputError(f"{label}: not valid YAML: {first}") from None
    except (ValueError, OverflowError) as exc:  # e.g. an integer of more than 4300 digits
        raise InputError(f"{label}: a value cannot be read: {str(exc).split(';')[0]}") from None
    except RecursionError:  # an alias inside a deep nest, copied into another
        raise InputError(f"{label}: not valid YAML: nested too deeply") from None
    finally:
        loader.dispose()
    try:
        tree = _dates_as_text(data)
    except RecursionError:
        raise InputError(f"{label}: not valid YAML: nested too deeply") from None
    return tree, lambda loc: _node_line(node, loc)


def _check_aliases(root: yaml.Node, label: str, limits: Limits) -> None:
    """Refuse more aliases than ``limits.max_yaml_aliases``, an alias inside the node it
    names (a loop), and aliases that expand the file beyond ``limits.max_yaml_nodes``.

    An alias is the composed node it names, met again: a second visit of one node object.
    Walked without recursion, so a deep file cannot overflow the stack here."""
    seen: set[int] = set()
    aliases = 0
    stack: list[yaml.Node] = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            aliases += 1
            if aliases > limits.max_yaml_aliases:
                mark = node.start_mark
                raise InputError(
                    f"{label}: the YAML uses more than {limits.max_yaml_aliases} aliases"
                    f" (*name, the last naming the value of line {mark.line + 1}); a map file"
                    " needs few: write the values out"
                )
            continue
        seen.add(id(node))
        stack.extend(_children(node))
    if aliases and _expanded_size(root, limits.max_yaml_nodes, label) > limits.max_yaml_nodes:
        raise InputError(
            f"{label}: the YAML's aliases (*name) expand it to more than"
            f" {limits.max_yaml_nodes} values; a map file needs no such copies: write the"
            " values out"
        )


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def _expanded_size(root: yaml.Node, budget: int, label: str) -> int:
    """How many nodes the tree under ``root`` has once every alias is copied out (counting
    stops past ``budget``); an InputError for an alias inside the node it names."""
    size: dict[int, int] = {}  # node id -> its expanded size, once known
    open_nodes: set[int] = set()  # nodes whose children are being counted
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, counted = stack.pop()
        key = id(node)
        if counted:
            open_nodes.discard(key)
            total = 1 + sum(size[id(child)] for child in _children(node))
            size[key] = min(total, budget + 1)  # past the budget, the number no longer matters
            continue
        if key in size:
            continue
        if key in open_nodes:
            raise InputError(
                f"{label}:{node.start_mark.line + 1}: an alias (*name) stands inside the value"
                " it names, which would repeat forever; write the value out"
            )
        open_nodes.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in size)
    return size[id(root)]


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


# Lists of ids the model keeps as sorted sets (premises, by, topics…): its problems name the
# list, or an item by its place once sorted, so the reader finds the item as the file has it.
_ID_LISTS = frozenset({"premises", "by", "topics", "answers", "broader", "member_of", "from", "to"})
_QUOTED_NAME = re.compile(r"'([^']*)'")


def _problems_at_items(
    exc: pydantic.ValidationError, data: dict[str, Any], label: str, locate: Locator
) -> list[Problem]:
    """The located problems of a map that does not validate, each about one id of a list
    (an unknown premise, a bad id under ``by``) on the line of that id in the file."""
    problems = problems_from_validation(exc, data, label, locate)
    # (message, line given) -> the item's line, for the map's own checks; (entity, line
    # given) -> the item's line, for field errors (an id that is no slug, by its sorted place).
    by_message: dict[tuple[str, int | None], int | None] = {}
    by_entity: dict[tuple[str | None, int | None], int | None] = {}
    for error in exc.errors(include_url=False):
        if error["type"] == "map_integrity":
            for loc, _entity, message in error["ctx"]["problems"]:
                items = _id_list(data, loc)
                if items is None:
                    continue
                for name in _QUOTED_NAME.findall(message):
                    if name in items:  # the id the message is about, as written
                        by_message[message, locate(loc)] = locate((*loc, items.index(name)))
                        break
            continue
        loc = tuple(error["loc"])
        value = error.get("input")
        if loc and isinstance(loc[-1], int) and isinstance(value, str):
            items = _id_list(data, loc[:-1])
            if items is not None and value in items:
                by_entity[entity_label(data, loc), locate(loc)] = locate(
                    (*loc[:-1], items.index(value))
                )
    if not by_message and not by_entity:
        return problems
    located = []
    for p in problems:
        line = by_message.get((p.message, p.line), by_entity.get((p.entity, p.line), p.line))
        located.append(p if line == p.line else dataclasses.replace(p, line=line))
    return located


def _id_list(data: dict[str, Any], loc: tuple[str | int, ...]) -> list[str] | None:
    """The list of ids at ``loc`` (collection, index, field) in the file's data, or None."""
    if len(loc) != 3 or loc[2] not in _ID_LISTS or not isinstance(loc[1], int):
        return None
    items = data.get(str(loc[0]))
    entity = items[loc[1]] if isinstance(items, list) and 0 <= loc[1] < len(items) else None
    value = entity.get(str(loc[2])) if isinstance(entity, dict) else None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return None
    return value


def _dates_as_text(value: Any) -> Any:
    """YAML reads 2024-06-01 as a date; the model keeps dates as ISO text."""
    if isinstance(value, dict):
        return {k: _dates_as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates_as_text(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _entity(data: dict[str, Any], loc: tuple[str | int, ...]) -> str:
    """``claim 'c1': `` for a location inside an entity, else nothing."""
    label = entity_label(data, loc)
    return f"{label}: " if label else ""


class _RefusedError(InputError):
    """Why a ``text_file`` is not read (the end of a message that names it), and the option
    that would allow it; reworded by the caller, never raised to it."""


def text_file_path(map_file: str | Path, name: str, limits: Limits | None = None) -> Path:
    """The file a source's ``text_file: NAME`` in ``map_file`` names, resolved; an
    :class:`InputError` when a map may not read it: outside the map's folder and the allowed
    folders (``limits.allow_dirs``), by its path or through a symbolic link."""
    try:
        return _confined(Path(map_file).parent, name, current(limits))
    except _RefusedError as exc:
        raise InputError(
            f"{map_file}: text_file {shown(name, 80)} {exc}", option=exc.option
        ) from None


def _confined(base_dir: Path, name: str, limits: Limits) -> Path:
    """``base_dir / name`` resolved, if it lies inside ``base_dir`` or an allowed folder."""
    try:
        folders = [base_dir.resolve(), *(Path(d).expanduser().resolve() for d in limits.allow_dirs)]
        resolved = (base_dir / name).resolve()
    except (OSError, RuntimeError) as exc:  # RuntimeError: a loop of symbolic links
        raise _RefusedError(f"cannot be resolved ({exc}); name a plain file") from None
    if any(resolved.is_relative_to(folder) for folder in folders):
        return resolved
    spelled = Path(os.path.normpath(folders[0] / name))
    how = "links outside" if any(spelled.is_relative_to(f) for f in folders) else "is outside"
    raise _RefusedError(
        f"{how} the map's folder; move the text beside the map or allow its folder",
        option="allow-dir",
    )


def _read_source_text(path: Path, limits: Limits) -> str:
    """The UTF-8 text of the regular file ``path`` (already confined), at most
    ``limits.max_source_bytes`` of it."""
    # O_NOFOLLOW: a link put in place since the path was resolved is not followed;
    # O_NONBLOCK: opening a FIFO returns at once (and is then refused) instead of waiting.
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise _RefusedError(
            "does not exist; check the name (it is relative to the map file)"
        ) from None
    except OSError as exc:
        raise _RefusedError(f"cannot be read ({exc.strerror or exc})") from None
    limit = limits.max_source_bytes
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
            raise _RefusedError(f"is {kind}; name a text file")
        handle = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with handle:
        too_big = _RefusedError(
            f"is larger than argmap reads in a source text ({limit} bytes, {size_words(limit)});"
            " split the source",
            option="max-source-mb",
        )
        if info.st_size > limit:
            raise too_big
        try:
            raw = handle.read(limit + 1)
        except OSError as exc:
            raise _RefusedError(f"cannot be read ({exc.strerror or exc})") from None
        if len(raw) > limit:  # it grew since fstat
            raise too_big
    try:
        return decode_text(raw, "")
    except InputError as exc:
        raise _RefusedError(f"is {str(exc).split(': ', 1)[-1]}") from None


def _resolve_text_files(
    data: dict[str, Any], base_dir: Path, label: str, locate: Locator, limits: Limits
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
            where = f"{label}:{line}: " if line else f"{label}: "
            where += _entity(data, ("sources", index))
            if "text" in source:
                raise InputError(f"{where}has both 'text' and 'text_file'; keep one")
            if not isinstance(name, str) or not name or "\0" in name:
                raise InputError(f"{where}'text_file' must be a path relative to {label}")
            try:
                source["text"] = _read_source_text(_confined(base_dir, name, limits), limits)
            except _RefusedError as exc:
                raise InputError(
                    f"{where}text_file {shown(name, 80)} {exc}", option=exc.option
                ) from None
        resolved.append(source)
    return {**data, "sources": resolved}


def json_schema() -> dict[str, Any]:
    """JSON Schema of the authoring format: the model's, plus ``text_file`` on sources and
    the built-in schemes and ``analyst`` as completions."""
    schema = ArgumentMap.model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "argmap map file"
    source = schema["$defs"]["Source"]
    source["properties"]["text_file"] = {
        "type": "string",
        "description": "Path of the UTF-8 source text, relative to the map file; a regular"
        " file in the map's folder (or a folder allowed with --allow-dir).",
    }
    # Editors offer "examples" as completions: the built-in schemes wherever a scheme is
    # named (a map may name its own too, so they are no enum), and 'analyst' under 'by'.
    builtin = list(BUILTIN_SCHEMES)
    defs = schema["$defs"]
    for name, field in (("Argument", "scheme"), ("Scheme", "broader")):
        for branch in defs[name]["properties"][field]["anyOf"]:
            if branch.get("type") == "string":
                branch["examples"] = builtin
    for name in ("Argument", "Relation", "Stance"):
        defs[name]["properties"]["by"]["items"]["examples"] = [ANALYST]
    return schema


# ---- writing ----------------------------------------------------------------------------------
#
# The map is written as PyYAML's safe dumper writes it (block style, indent 2, lines of 100,
# Unicode as is), byte for byte, and much faster: PyYAML's pure Python emitter spends
# microseconds on each character of each value. _YamlWriter walks the dumped data itself and
# writes a value that PyYAML leaves plain (no quotes, no escapes) with a few string
# operations; any other value goes through PyYAML's own emitter, put in the very state it
# would be in there, so it comes out as PyYAML writes it. Data of a shape the walk does not
# cover is written by PyYAML itself (_dumps_pyyaml).


class _Dumper(yaml.SafeDumper):
    """Safe YAML output whose strings read back exactly."""


# YAML folds NEL and the Unicode line/paragraph separators in plain and single-quoted
# scalars; double quotes escape them, so the text reads back unchanged.
_FOLDED_BREAKS = re.compile("[\x85\u2028\u2029]")


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = '"' if _FOLDED_BREAKS.search(value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)

# What yaml.dump is given: _YamlWriter writes what it would write with these.
_DUMP_OPTIONS: dict[str, Any] = {
    "sort_keys": False,
    "allow_unicode": True,
    "width": 100,
    "default_flow_style": False,
}
_WIDTH = 100  # a plain value breaks at a single space once past this column
_STR_TAG = "tag:yaml.org,2002:str"

# The strings Emitter.analyze_scalar allows plain in block context, neither empty nor
# multiline (the caller also checks for ': ', ' #' and a ':' at the end): printable
# characters (allow_unicode) but no line break or tab; no space first or last; no indicator
# first, nor '...'. ('-', '?' and ':' first are plain when no space follows; such rare
# strings take the slow path, as does whatever else this leaves out.)
_PLAIN_CHAR = "\x21-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010fffe"
_PLAIN = re.compile(
    "(?![-?:,\\[\\]{}#&*!|>'\"%@`]|\\.\\.\\.)"
    f"[{_PLAIN_CHAR}](?:[ {_PLAIN_CHAR}]*[{_PLAIN_CHAR}])?"
)
_SPACE_RUNS = re.compile("( +)")


class _UnsupportedError(Exception):
    """Data of a shape _YamlWriter leaves to PyYAML."""


class _ListStream:
    """The emitter's stream: what it writes joins the writer's output."""

    def __init__(self, out: list[str]) -> None:
        self.write = out.append


class _YamlWriter:
    """Writes data made of dicts (str keys), lists, str, int, float, bool and None as
    ``yaml.dump(data, Dumper=_Dumper, **_DUMP_OPTIONS)`` does.

    Its state is the emitter's (yaml.emitter.Emitter): ``column``, ``whitespace`` (the last
    character written is a space or a line break) and ``indention`` (nothing but indentation
    on the line yet); each level's indent is passed down as the emitter computes it."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.column = 0
        self.whitespace = True
        self.indention = True
        self.seen: set[int] = set()  # the dicts and lists met: PyYAML aliases one met twice
        # First characters of the strings an implicit resolver may read as another type.
        resolvers = _Dumper.yaml_implicit_resolvers
        if None in resolvers or _Dumper.yaml_path_resolvers:  # none unless one is added
            raise _UnsupportedError("resolvers that may read any string as another type")
        self.resolved_first = frozenset(resolvers)
        self.key_lines: dict[int, dict[Any, str]] = {}  # indent -> key -> its line, or ''
        self._dumper: Any = None

    def dumps(self, data: dict[str, Any]) -> str:
        self.node(data, None, mapping=False)
        self.write_indent(0)  # the document's end
        return "".join(self.out)

    # -- structure: Emitter.expect_block_mapping, expect_block_sequence, expect_flow_* --

    def write_indent(self, indent: int) -> None:
        if (
            not self.indention
            or self.column > indent
            or (self.column == indent and not self.whitespace)
        ):
            self.out.append("\n")
            self.column = 0
            self.whitespace = self.indention = True
        if self.column < indent:
            self.out.append(" " * (indent - self.column))
            self.column = indent
            self.whitespace = True

    def node(self, value: Any, indent: int | None, *, mapping: bool) -> None:
        """One value; ``indent`` is the enclosing collection's (None at the root),
        ``mapping`` whether it is a mapping's value."""
        kind = type(value)
        if kind is not dict and kind is not list:
            self.scalar(value, 2 if indent is None else indent + 2)
            return
        if id(value) in self.seen:
            raise _UnsupportedError("a dict or list met twice")
        self.seen.add(id(value))
        if not value:  # in flow style: {} or [], after a space unless one is there
            text = "{}" if kind is dict else "[]"
            if not self.whitespace:
                text = " " + text
            self.out.append(text)
            self.column += len(text)
            self.whitespace = self.indention = False
        elif kind is dict:
            self.block_mapping(value, 0 if indent is None else indent + 2)
        elif indent is None:
            self.block_sequence(value, 0)
        else:
            # A mapping's value that is a sequence is not indented further.
            indentless = mapping and not self.indention
            self.block_sequence(value, indent if indentless else indent + 2)

    def block_mapping(self, mapping: dict[Any, Any], indent: int) -> None:
        out = self.out
        lines = self.key_lines.setdefault(indent, {})
        for key, value in mapping.items():
            line = lines.get(key)
            if line is None:
                line = lines[key] = self.key_line(key, indent)
            if line and not self.indention:  # the line break, the indent, the key, ':'
                out.append(line)
                self.column = len(line) - 1
            else:
                self.write_indent(indent)  # after '- ', only the indent (if anything)
                if line:
                    out.append(line[indent + 1 :])
                    self.column += len(line) - indent - 1
                elif type(key) is not str:
                    raise _UnsupportedError("a key that is not a string")
                else:
                    self.slow_scalar(key, indent + 2, simple_key=True)
                    out.append(":")
                    self.column += 1
            if type(value) is str and self.is_plain(value):  # the usual value, at once
                if self.column + 1 + len(value) <= _WIDTH or " " not in value:
                    out.append(" " + value)
                    self.column += 1 + len(value)
                    self.whitespace = self.indention = False
                else:
                    self.whitespace = self.indention = False
                    self.plain(value, indent + 2)
                continue
            self.whitespace = self.indention = False
            self.node(value, indent, mapping=True)

    def key_line(self, key: Any, indent: int) -> str:
        """A new line with the plain ``key`` and its colon; '' for a key PyYAML quotes."""
        # Emitter.check_simple_key: shorter than 128 with its tag ('!!str').
        if type(key) is str and len(key) < 123 and self.is_plain(key):
            return "\n" + " " * indent + key + ":"
        return ""

    def block_sequence(self, items: list[Any], indent: int) -> None:
        for item in items:
            self.write_indent(indent)
            # Emitter.write_indicator('-', True, indention=True)
            text = "-" if self.whitespace else " -"
            self.out.append(text)
            self.column += len(text)
            self.whitespace = False
            self.node(item, indent, mapping=False)

    # -- scalars --

    def is_plain(self, value: str) -> bool:
        """Whether PyYAML writes ``value`` as a plain scalar, as it is, on one line."""
        if not _PLAIN.fullmatch(value) or ": " in value or " #" in value or value[-1] == ":":
            return False
        if value[0] not in self.resolved_first:
            return True
        # Plain only if it reads back as a string, not as a number, a bool, null…
        tag = self.dumper().resolve(yaml.ScalarNode, value, (True, False))
        return bool(tag == _STR_TAG)

    def scalar(self, value: Any, indent: int) -> None:
        """A value; ``indent`` is where the lines of a long one go (Emitter.expect_scalar)."""
        kind = type(value)
        if kind is str:
            if self.is_plain(value):
                self.plain(value, indent)
                return
        elif kind is bool:
            self.plain("true" if value else "false", indent)
            return
        elif kind is int:
            self.plain(str(value), indent)
            return
        elif value is None:
            self.plain("null", indent)
            return
        elif kind is not float:
            raise _UnsupportedError(f"a value of type {kind.__name__}")
        self.slow_scalar(value, indent, simple_key=False)

    def plain(self, text: str, indent: int) -> None:
        """Emitter.write_plain of a value with no line break and no space first or last: a
        single space past the width is a line break."""
        out = self.out
        column = self.column
        if not self.whitespace:
            out.append(" ")
            column += 1
        if column + len(text) <= _WIDTH or " " not in text:
            out.append(text)
            column += len(text)
        else:
            for n, piece in enumerate(_SPACE_RUNS.split(text)):  # words, then runs of spaces
                if n % 2 and len(piece) == 1 and column > _WIDTH:
                    out.append("\n" + " " * indent)
                    column = indent
                else:
                    out.append(piece)
                    column += len(piece)
        self.column = column
        self.whitespace = self.indention = False

    def dumper(self) -> Any:
        """The PyYAML dumper of the slow path, writing into this writer's output."""
        if self._dumper is None:
            self._dumper = _Dumper(_ListStream(self.out), **_DUMP_OPTIONS)
            # Emitter.expect_document_start sets these; a tag is written with them.
            self._dumper.tag_prefixes = dict(self._dumper.DEFAULT_TAG_PREFIXES)
        return self._dumper

    def slow_scalar(self, value: Any, indent: int, *, simple_key: bool) -> None:
        """One scalar written by PyYAML's emitter in this writer's state: what
        Emitter.expect_node does with the ScalarEvent Serializer makes of it."""
        d = self.dumper()
        node = d.represent_data(value)
        implicit = (
            node.tag == d.resolve(yaml.ScalarNode, node.value, (True, False)),
            node.tag == d.resolve(yaml.ScalarNode, node.value, (False, True)),
        )
        d.event = yaml.ScalarEvent(None, node.tag, implicit, node.value, style=node.style)
        d.flow_level = 0
        d.indent = indent
        d.column, d.whitespace, d.indention = self.column, self.whitespace, self.indention
        d.root_context = d.sequence_context = False
        d.mapping_context = d.simple_key_context = simple_key
        if simple_key and not d.check_simple_key():  # PyYAML would write '? key'
            raise _UnsupportedError("a key that is not a simple key")
        d.process_anchor("&")
        d.process_tag()
        d.process_scalar()
        d.event = None
        self.column, self.whitespace, self.indention = d.column, d.whitespace, d.indention


def _dumps_pyyaml(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_Dumper, **_DUMP_OPTIONS)  # type: ignore[no-any-return]


def dumps_yaml(m: ArgumentMap) -> str:
    """The map as authoring YAML (sources keep their text inline)."""
    data = m.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    data = {"argmap": 1, **data}
    try:
        return _YamlWriter().dumps(data)
    except _UnsupportedError:
        return _dumps_pyyaml(data)


def dump_yaml(m: ArgumentMap, path: str | Path) -> None:
    from argmap.util.files import write_atomic

    write_atomic(Path(path), dumps_yaml(m).encode("utf-8"))
