"""The named query library: the ``.rq`` files shipped in ``argmap/sparql/queries``.

Each file starts with comment lines that say what it answers::

    # question: Which claims does an actor endorse?
    # param actor: id of the actor (e.g. big-tech)
    # example: argmap query data/*.yaml -n claims-endorsed-by -p actor=ravindra-kirti
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Literal

from argmap.sparql.local import Loader, QueryError, QueryResult, Source, Term, query

__all__ = ["NamedQuery", "get_named", "named_queries", "queries_folder", "run_named"]


@dataclass(frozen=True)
class NamedQuery:
    """A shipped query: its name, the question it answers, its parameters and an example."""

    name: str
    question: str
    params: dict[str, str]
    example: str
    sparql: str


def queries_folder() -> Traversable:
    """Where the ``.rq`` files are (inside the installed package)."""
    return resources.files("argmap.sparql") / "queries"


def named_queries() -> dict[str, NamedQuery]:
    """Every named query shipped in ``argmap/sparql/queries/*.rq``, by name."""
    return dict(_load_named())


@cache
def _load_named() -> dict[str, NamedQuery]:
    found: dict[str, NamedQuery] = {}
    for entry in sorted(queries_folder().iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            found[entry.name[:-3]] = _parse_named(entry.name[:-3], entry.read_text("utf-8"))
    return found


def _parse_named(name: str, text: str) -> NamedQuery:
    question, example, params = "", "", {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        key, _, value = line.lstrip("# ").partition(":")
        if key == "question":
            question = value.strip()
        elif key == "example":
            example = value.strip()
        elif key.startswith("param "):
            params[key.removeprefix("param ").strip()] = value.strip()
    return NamedQuery(name, question, params, example, text)


def get_named(name: str) -> NamedQuery:
    """The named query ``name``; an unknown name suggests the closest one."""
    library = _load_named()
    if name not in library:
        close = difflib.get_close_matches(name, list(library), n=1)
        hint = f"did you mean '{close[0]}'?" if close else "known: " + ", ".join(sorted(library))
        raise QueryError(f"unknown named query '{name}'; {hint}")
    return library[name]


def run_named(
    source: Source,
    name: str,
    params: Mapping[str, Term | str | int | float] | None = None,
    *,
    engine: Literal["oxigraph", "rdflib"] = "oxigraph",
    load: Loader | None = None,
) -> QueryResult:
    """Run a named query; every declared parameter must be given, and no other.
    ``source`` and ``load`` are as for :func:`argmap.sparql.local.query`."""
    named = get_named(name)
    given = dict(params or {})
    missing = sorted(set(named.params) - set(given))
    if missing:
        raise QueryError(
            f"query '{name}' needs parameter '{missing[0]}' ({named.params[missing[0]]})",
            option=f"param {missing[0]}=VALUE",
        )
    extra = sorted(set(given) - set(named.params))
    if extra:
        takes = ", ".join(named.params) or "no parameters"
        raise QueryError(f"query '{name}' has no parameter '{extra[0]}'; it takes: {takes}")
    return query(source, named.sparql, given, engine=engine, load=load)
