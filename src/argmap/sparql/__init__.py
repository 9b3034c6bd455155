"""SPARQL over maps: reading query text, local queries, named queries, remote endpoints, result
formats, and the read-only endpoint :mod:`argmap.sparql.serve`. Names load on first use."""

from __future__ import annotations

from typing import TYPE_CHECKING

from argmap.util.lazy import lazy_exports

if TYPE_CHECKING:
    from argmap.sparql.local import QueryError, QueryResult, query
    from argmap.sparql.named import NamedQuery, get_named, named_queries, run_named
    from argmap.sparql.remote import EndpointError, push, remote_query
    from argmap.sparql.results import RESULT_FORMATS, format_result

__all__ = [
    "RESULT_FORMATS", "EndpointError", "NamedQuery", "QueryError", "QueryResult", "format_result",
    "get_named", "named_queries", "push", "query", "remote_query", "run_named",
]  # fmt: skip

__getattr__, __dir__ = lazy_exports(
    __name__,
    globals(),
    {
        "argmap.sparql.local": ("QueryError", "QueryResult", "query"),
        "argmap.sparql.named": ("NamedQuery", "get_named", "named_queries", "run_named"),
        "argmap.sparql.remote": ("EndpointError", "push", "remote_query"),
        "argmap.sparql.results": ("RESULT_FORMATS", "format_result"),
    },
)  # fmt: skip
