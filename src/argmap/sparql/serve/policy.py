"""What this endpoint refuses to run, whatever the route: updates and federated queries.

SPARQL 1.1 Protocol §4 (Policy Considerations) lets a service refuse operations it does not
want to run. This one offers the query operation only (§2.1), never the update operation
(§2.2), so SPARQL Update sent in any way is refused with 403. ``SERVICE`` is refused too:
pyoxigraph would fetch the remote endpoint, and a query server must not make requests on a
client's behalf. The handler answers both with 403 (§2.1.7 lets failures use other codes).

The check reads the query text with :mod:`argmap.sparql.text`, whose tokenizer skips strings,
IRIs and comments, so the words as data are never refused; everything else is left to the
SPARQL parser, which rejects text after a complete query (never a second operation).
"""

from __future__ import annotations

from argmap.sparql.text import has_service, is_update

__all__ = ["READ_ONLY", "SERVICE_REFUSED", "refusal"]

READ_ONLY = "this endpoint is read-only: SPARQL Update is refused"
SERVICE_REFUSED = "SERVICE is refused: this endpoint does not query other endpoints"


def refusal(sparql: str) -> str | None:
    """Why this query text is refused (403), or None: an update, or a federated query."""
    if is_update(sparql):
        return READ_ONLY
    if has_service(sparql):
        return SERVICE_REFUSED
    return None
