"""Turning a map's validation errors into located, actionable :class:`Problem` lines.

Any reader that validates map data (the authoring files, RDF) words the model's errors the
same way: the file, the line (when the reader can locate a value), the entity, and a fix.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Callable, Iterator
from typing import Any

import pydantic
from pydantic import BaseModel

from argmap.errors import Problem
from argmap.model.entities import QUOTED, ArgumentMap, Located

__all__ = ["Locator", "entity_label", "kind_of", "problems_from_validation"]

# The 1-based line of the value at a location path in the data's file, or None.
Locator = Callable[[tuple[str | int, ...]], int | None]

_KINDS = {
    "sources": "source",
    "topics": "topic",
    "actors": "actor",
    "schemes": "scheme",
    "issues": "issue",
    "claims": "claim",
    "arguments": "argument",
    "relations": "relation",
    "stances": "stance",
    "locutions": "locution",
    "illocutions": "illocution",
    "transitions": "transition",
}
_QUOTED = QUOTED


def problems_from_validation(
    exc: pydantic.ValidationError, data: dict[str, Any], label: str, locate: Locator
) -> list[Problem]:
    """Each validation error as a Problem naming the file, line and entity, once: pydantic
    reports an unknown key once per model a value could be (a relation: three)."""
    return list(dict.fromkeys(_problems(exc, data, label, locate)))


def kind_of(value: Any) -> str:
    """What a wrongly typed value is, in words for an error message."""
    if value is None:
        return "nothing"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a single text"
    return type(value).__name__


def _problems(
    exc: pydantic.ValidationError, data: dict[str, Any], label: str, locate: Locator
) -> Iterator[Problem]:
    errors = exc.errors(include_url=False)
    for error in errors:
        if error["type"] == "map_integrity":
            for loc, entity, message in error["ctx"]["problems"]:
                yield Problem(message, label, locate(loc), entity_label(data, loc, entity))
            continue
        loc = tuple(error["loc"])
        yield Problem(_message(error, loc), label, locate(loc), entity_label(data, loc, None))
    for loc, entity, message in _problems_behind_quotes(errors, data):
        yield Problem(message, label, locate(loc), entity_label(data, loc, entity))


def _problems_behind_quotes(errors: list[Any], data: dict[str, Any]) -> list[Located]:
    """The map's own problems (unknown sources, words not in their source, dangling ids…)
    that field errors hid: pydantic checks the whole map only once every field is valid.
    When every field error is inside quotes (which nothing refers to), the map is checked
    again without those quotes, so one run reports every problem of the file."""
    broken: dict[tuple[str, int], set[int] | None] = {}  # None: the whole 'quotes' value
    for error in errors:
        loc = tuple(error["loc"])
        if (
            error["type"] == "map_integrity"
            or len(loc) < 3
            or loc[0] not in _QUOTED
            or not isinstance(loc[1], int)
            or loc[2] != "quotes"
        ):
            return []
        key = (str(loc[0]), loc[1])
        if len(loc) > 3 and isinstance(loc[3], int):
            indexes = broken.setdefault(key, set())
            if indexes is not None:
                indexes.add(loc[3])
        else:
            broken[key] = None
    if not broken:
        return []
    # Copy only what changes: the caller's data is left as it is.
    pruned = dict(data)
    kept: dict[tuple[str, int], list[int]] = {}
    for (collection, index), indexes in broken.items():
        items = pruned[collection] = list(pruned[collection])
        entity = items[index] = dict(items[index])
        quotes = entity.get("quotes")
        if indexes is None or not isinstance(quotes, list):
            del entity["quotes"]
            continue
        kept[collection, index] = [q for q in range(len(quotes)) if q not in indexes]
        entity["quotes"] = [quotes[q] for q in kept[collection, index]]
    try:
        ArgumentMap.model_validate(pruned)
    except pydantic.ValidationError as exc:
        found = []
        for error in exc.errors(include_url=False):
            for loc, entity_id, message in error.get("ctx", {}).get("problems", []):
                if len(loc) > 3 and loc[2] == "quotes" and (str(loc[0]), loc[1]) in kept:
                    loc = (*loc[:3], kept[str(loc[0]), loc[1]][loc[3]], *loc[4:])
                found.append((loc, entity_id, message))
        return found
    return []


def entity_label(
    data: dict[str, Any], loc: tuple[str | int, ...], entity: str | None = None
) -> str | None:
    """``claim 'c1'`` for a location inside an entity of map data (``claim #3`` when it has
    no id yet), else None."""
    if len(loc) < 2 or not isinstance(loc[1], int):
        return None
    kind = _KINDS.get(str(loc[0]))
    if kind is None:
        return None
    if entity is None:
        items = data.get(str(loc[0]))
        item = items[loc[1]] if isinstance(items, list) and loc[1] < len(items) else None
        entity = (
            item.get("id") if isinstance(item, dict) and isinstance(item.get("id"), str) else None
        )
    return f"{kind} '{entity}'" if entity else f"{kind} #{loc[1] + 1}"


def _message(error: Any, loc: tuple[str | int, ...]) -> str:
    kind, field = error["type"], str(loc[-1]) if loc else "map"
    value = error.get("input")
    if kind == "extra_forbidden":
        allowed = _allowed_keys(loc[:-1])
        close = difflib.get_close_matches(field, allowed, n=1)
        hint = f"did you mean '{close[0]}'?" if close else "allowed: " + ", ".join(allowed)
        return f"unknown key '{field}'; {hint}"
    if kind == "missing":
        return f"missing required key '{field}'; add it"
    if kind == "string_pattern_mismatch":
        # The fields (or lists, for an item) whose ids may name another map's entity.
        named = str(loc[-2]) if isinstance(loc[-1], int) and len(loc) > 1 else field
        if named in {"claim", "from", "to", "premises", "conclusion"}:
            return (
                f"'{value}' is not a valid id: use letters, digits, '-', '_' or '.', starting with"
                " a letter or digit (another map's entity: map-id:entity-id)"
            )
        if field in {"id", "source", "actor", "scheme", "broader"} or isinstance(loc[-1], int):
            return (
                f"'{value}' is not a valid id: use letters, digits, '-', '_' or '.', starting with"
                " a letter or digit"
            )
        if field == "date":
            return f"date '{value}' must be YYYY, YYYY-MM or YYYY-MM-DD"
        if field in {"url", "base"}:
            return f"'{value}' is not an http(s) URL" + (
                " ending in / or #" if field == "base" else ""
            )
    if kind == "greater_than_equal" and field in {"start", "end"}:
        return f"offset {value} is negative; offsets count characters from 0"
    if kind in {"less_than_equal", "greater_than_equal", "finite_number"} and field == "strength":
        return f"strength {value} is out of range; use a number from 0 to 1"
    if kind == "enum":
        return f"'{value}' is not allowed for '{field}'; use one of: {error['ctx']['expected']}"
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    if kind == "string_too_short":
        return f"'{field}' is empty; write some text"
    if kind == "string_type":
        return f"'{field}' must be text, not {kind_of(value)}; quote it"
    if kind == "too_short" and field == "premises":
        return "an argument needs at least one premise: list the claims that give its conclusion"
    if kind in {"tuple_type", "list_type"}:
        return f"'{field}' must be a list, e.g. [a, b]"
    if kind == "model_type" or kind == "dict_type":
        return f"'{field}' must be a mapping of keys to values"
    if field == "argmap":
        return "'argmap' is the format version and must be 1"
    return f"'{field}': {error['msg']}"


def _allowed_keys(loc: tuple[str | int, ...]) -> list[str]:
    """The keys the model accepts at ``loc``, by walking the model's field annotations."""
    model: Any = ArgumentMap
    for step in loc:
        if isinstance(step, int):
            continue
        fields = model.model_fields
        info = next((f for n, f in fields.items() if (f.alias or n) == step), None)
        if info is None:
            return []
        model = _inner_model(info.annotation)
        if model is None:
            return []
    return sorted((f.alias or n) for n, f in model.model_fields.items())


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is not None:
        for arg in typing.get_args(annotation):
            found = _inner_model(arg)
            if found is not None:
                return found
    return None
