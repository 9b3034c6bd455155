"""What reading and writing arg-microtexts share: the edges of an ``arggraph``, the roles the
structure gives its ADUs, and the note in which an imported claim keeps the ids that have no
field of their own in the model.

The arggraph scheme (Peldszus & Stede 2013, 2015; the corpus README and its XML files):
``edu`` elements hold the text segments, ``adu`` elements the argumentative units with their
role (``pro``: the proponent's, ``opp``: the opponent's), and ``edge`` elements link them:
``seg`` (an EDU is a segment of an ADU), ``sup`` (support), ``exa`` (support by example),
``reb`` (rebut: an attack on an ADU), ``und`` (undercut: an attack on an edge) and ``add``
(a further premise joining another ADU's edge, so the two are one linked argument). The
central claim is the one ADU that no argumentative edge leaves.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

__all__ = [
    "ARGUMENTATIVE",
    "EDGE_TYPES",
    "ROLES",
    "Edge",
    "NoteFacts",
    "derive_roles",
    "format_note",
    "parse_note",
]

EDGE_TYPES = ("seg", "sup", "exa", "reb", "und", "add")
#: The edges that link ADUs (every type but ``seg``); an ADU none of them leaves is central.
ARGUMENTATIVE = frozenset(EDGE_TYPES) - {"seg"}
ROLES = ("pro", "opp")


@dataclass(frozen=True)
class Edge:
    """One ``edge`` element; ``line`` is where it stands in its file (0 when written)."""

    id: str
    src: str
    trg: str
    type: str
    line: int = 0


def _flipped(role: str) -> str:
    return "opp" if role == "pro" else "pro"


def derive_roles(adus: Iterable[str], edges: Iterable[Edge]) -> dict[str, str]:
    """The role the structure gives each ADU: the central claim is ``pro``; a supporter
    (``sup``, ``exa``) has the role of what it supports, an attacker (``reb``) the other
    one; an undercutter (``und``) the role opposite to the source of the edge it attacks,
    and a joining premise (``add``) the role of the source of the edge it joins. On all 112
    texts of the corpus this gives the annotated role of every ADU. An ADU on a cycle or
    with no way to a central claim counts as ``pro``. Walks each chain once (no recursion),
    so a chain as long as the file allows costs linear time."""
    units = list(adus)
    known = set(units)
    by_id: dict[str, Edge] = {}
    outgoing: dict[str, Edge] = {}
    for edge in edges:
        by_id.setdefault(edge.id, edge)
        if edge.type in ARGUMENTATIVE:
            outgoing.setdefault(edge.src, edge)
    roles: dict[str, str] = {}
    for start in units:
        path: list[tuple[str, str | None, bool]] = []  # (adu, the adu it answers to, flips)
        node: str | None = start
        on_path: set[str] = set()
        while node is not None and node not in roles and node not in on_path:
            on_path.add(node)
            following, flips = _answers_to(outgoing.get(node), by_id)
            path.append((node, following if following in known else None, flips))
            node = following if following in known else None
        if node is not None and node not in roles:  # a cycle: no central claim to count from
            roles[node] = "pro"
        for adu, following, flips in reversed(path):
            if adu in roles:
                continue
            base = "pro" if following is None else roles[following]
            roles[adu] = _flipped(base) if flips else base
    return roles


def _answers_to(edge: Edge | None, by_id: Mapping[str, Edge]) -> tuple[str | None, bool]:
    """The ADU whose role an ADU's outgoing ``edge`` decides its own from, and whether the
    role flips on the way."""
    if edge is None:
        return None, False
    if edge.type in ("und", "add"):
        target = by_id.get(edge.trg)
        return (target.src if target is not None else None), edge.type == "und"
    return edge.trg, edge.type == "reb"


# ---- the note of an imported claim ------------------------------------------------------------

_PREFIX = "arg-microtexts: "
_CENTRAL = "central claim"
_ID = r"[A-Za-z0-9][A-Za-z0-9_.-]*"
_EDU = re.compile(rf"^EDU ({_ID}) \(seg ({_ID})\)$")
_JOIN = re.compile(rf"^joins ({_ID}) \(add ({_ID})\)$")
_ROLE = re.compile(r"^role (pro|opp), as annotated$")
_IMPLIED = re.compile(rf"^implied conclusion of the linked attack ({_ID}), not in the text$")


@dataclass
class NoteFacts:
    """What a claim's note says about the ADU it came from: whether it is central, its EDUs
    with the ids of their ``seg`` edges, the edges it joins by ``add`` (joined edge id ->
    add edge id), its role when the structure gives another, or (for the claim that stands
    for what a linked attack concludes) the id of that attack's edge."""

    central: bool = False
    edus: list[tuple[str, str]] = field(default_factory=list)
    joins: dict[str, str] = field(default_factory=dict)
    role: str | None = None
    implied_by: str | None = None


def format_note(facts: NoteFacts) -> str:
    """The note that says ``facts``, one ``;``-separated fragment each, readable and read
    back by :func:`parse_note`."""
    if facts.implied_by is not None:
        parts = [f"implied conclusion of the linked attack {facts.implied_by}, not in the text"]
    else:
        parts = [_CENTRAL] if facts.central else []
        parts += [f"EDU {edu} (seg {seg})" for edu, seg in facts.edus]
        parts += [f"joins {edge} (add {add})" for edge, add in facts.joins.items()]
        parts += [f"role {facts.role}, as annotated"] if facts.role else []
    return _PREFIX + "; ".join(parts)


def parse_note(note: str | None) -> NoteFacts:
    """The facts a note written by :func:`format_note` holds; empty facts for any other
    note (a map that did not come from arg-microtexts)."""
    facts = NoteFacts()
    if not note or not note.startswith(_PREFIX):
        return facts
    for part in note.removeprefix(_PREFIX).split("; "):
        if part == _CENTRAL:
            facts.central = True
        elif match := _EDU.match(part):
            facts.edus.append((match.group(1), match.group(2)))
        elif match := _JOIN.match(part):
            facts.joins[match.group(1)] = match.group(2)
        elif match := _ROLE.match(part):
            facts.role = match.group(1)
        elif match := _IMPLIED.match(part):
            facts.implied_by = match.group(1)
    return facts
