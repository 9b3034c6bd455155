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
from argmap.model.entities import ArgumentMap

__all__ = ["Locator", "kind_of", "problems_from_validation"]

# The 1-based line of the value at a location path in the data's file, or None.
Locator = Callable[[tuple[str | int, ...]], int | None]

_KINDS = {
    "sources": "source",
    "topics": "topic",
    "actors": "actor",
    "issues": "issue",
    "claims": "claim",
    "relations": "relation",
    "stances": "stance",
}


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
    for error in exc.errors(include_url=False):
        if error["type"] == "map_integrity":
            for loc, entity, message in error["ctx"]["problems"]:
                yield Problem(message, label, locate(loc), _entity_label(data, loc, entity))
            continue
        loc = tuple(error["loc"])
        yield Problem(_message(error, loc), label, locate(loc), _entity_label(data, loc, None))


def _entity_label(
    data: dict[str, Any], loc: tuple[str | int, ...], entity: str | None
) -> str | None:
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
        if field in {"id", "source", "actor", "claim", "from", "to"} or isinstance(loc[-1], int):
            return (
                f"'{value}' is not a valid id: use letters, digits, '-', '_' or '.', starting with"
                " a letter or digit (another map's entity: map-id:entity-id)"
            )
        if field == "date":
            return f"date '{value}' must be YYYY, YYYY-MM or YYYY-MM-DD"
        if field in {"url", "base"}:
            return f"'{value}' is not an http(s) URL" + (
                " ending in / or #" if field == "base" else ""
            )
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
