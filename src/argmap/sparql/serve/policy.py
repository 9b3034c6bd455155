"""What this endpoint refuses to run, whatever the route: updates and federated queries.

SPARQL 1.1 Protocol §4 (Policy Considerations) lets a service refuse operations it does not
want to run. This one offers the query operation only (§2.1), never the update operation
(§2.2), so SPARQL Update sent in any way is refused with 403. ``SERVICE`` is refused too:
pyoxigraph would fetch the remote endpoint, and a query server must not make requests on a
client's behalf. The handler answers both with 403 (§2.1.7 lets failures use other codes).

The check reads the query text only for these keywords, with strings, IRIs and comments
blanked out first, so the words as data are never refused; everything else is left to the
SPARQL parser, which rejects text after a complete query (never a second operation).
"""

from __future__ import annotations

import re

__all__ = ["READ_ONLY", "refusal"]

READ_ONLY = "this endpoint is read-only: SPARQL Update is refused"
SERVICE_REFUSED = "SERVICE is refused: this endpoint does not query other endpoints"

# Strings, IRIs and comments, which may hold any word without it being a keyword.
_OPAQUE = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\''
    r"|<[^<>\s{}|^`\"]*>|#[^\n]*"
)
_UPDATE_START = re.compile(
    r"^\s*(?:(?:PREFIX\s+[^\s:]*:|BASE)\s*)*"
    r"(?:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
    re.IGNORECASE,
)
# SERVICE as a keyword: not a ?variable, a prefixed name or a prefix.
_SERVICE = re.compile(r"(?<![\w?$:.\-])SERVICE(?![\w:\-])", re.IGNORECASE)


def refusal(sparql: str) -> str | None:
    """Why this query text is refused (403), or None: an update, or a federated query."""
    bare = _OPAQUE.sub(" ", sparql)
    if _UPDATE_START.match(bare):
        return READ_ONLY
    if _SERVICE.search(bare):
        return SERVICE_REFUSED
    return None
