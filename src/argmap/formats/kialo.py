"""Kialo discussion exports (the ``.txt`` file Kialo's "Export discussion" writes), read.

The layout, as Kialo writes it::

    Discussion Title: Should hate speech be illegal?

    1. Hate speech should be banned.
    1.1. Con: It is better to challenge bad ideas than to simply ban them.
    1.1.1. Pro: A claim whose text goes on
    on a second line.
    1.6.4. Pro: -> See 1.2.2.

``1.`` is the thesis (several theses ``1.``, ``2.``… are allowed); each ``N.M. Pro:`` /
``Con:`` line is a claim that supports / attacks its parent ``N.``; a line that does not
start a new item continues the text of the one before. ``-> See 1.2.2.`` reuses the claim
1.2.2 as a pro or con of this parent (a second relation, not a second claim). Kialo escapes
Markdown characters with a backslash (``\\(``, ``\\[``, ``\\*``…): they are unescaped.

Each claim's id is a slug of its text and its note says where it sat (``Kialo 1.2.2``);
relation ids are ``r`` + the item number (``r1.2.2``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from argmap.errors import InputError
from argmap.formats._imports import IdMinter, build_map, read_import_text
from argmap.model.entities import ArgumentMap
from argmap.model.ids import slugify

__all__ = ["loads", "read"]

_TITLE = re.compile(r"^\s*Discussion (?:Title|Name):\s*(.*?)\s*$")
_ITEM = re.compile(r"^(\d+(?:\.\d+)*)\.(?:\s+(.*))?$")
_STANCE = re.compile(r"^(Pro|Con):\s*(.*)$", re.DOTALL)
_LINK = re.compile(r"^->\s*See\s+(\d+(?:\.\d+)*)\.?\s*$")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")  # a backslash before ASCII punctuation


@dataclass
class _Item:
    number: str
    line: int
    stance: str | None  # "Pro", "Con", or None for a thesis
    lines: list[str]

    @property
    def parent(self) -> str | None:
        head, _, _ = self.number.rpartition(".")
        return head or None

    @property
    def text(self) -> str:
        return "\n".join(self.lines).strip()


def _unescape(text: str) -> str:
    return _ESCAPED.sub(r"\1", text)


def _items(text: str, label: str) -> tuple[str | None, list[str], list[_Item]]:
    title: str | None = None
    preamble: list[str] = []
    items: dict[str, _Item] = {}
    children: dict[str, int] = defaultdict(int)  # item number ("" for the top) -> children
    current: _Item | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if title is None and current is None and not preamble and (match := _TITLE.match(line)):
            title = match.group(1)
            continue
        item = _ITEM.match(line)
        if item is not None and item.group(1) not in items:
            parent, _, last = item.group(1).rpartition(".")
            # Kialo numbers the children of each item 1, 2, 3…: a numbered line starts an
            # item only when it is the next number under an item already seen, so "2. …"
            # inside a claim's text stays text.
            if (not parent or parent in items) and last == str(children[parent] + 1):
                children[parent] += 1
                rest = item.group(2) or ""
                stance = _STANCE.match(rest)
                if parent and stance is None:
                    raise InputError(
                        f"{label}:{number}: item {item.group(1)} has no 'Pro:' or 'Con:';"
                        " every item below a thesis says whether it is a pro or a con"
                    )
                current = _Item(
                    item.group(1),
                    number,
                    stance.group(1) if stance else None,
                    [stance.group(2) if stance else rest],
                )
                items[current.number] = current
                continue
        if current is None:
            if line.strip():
                preamble.append(line.strip())
            continue
        current.lines.append(line)
    if not items:
        raise InputError(
            f"{label}: no thesis line like '1. The claim under discussion.'; is this a Kialo"
            " discussion export (.txt)?"
        )
    return title, preamble, list(items.values())


def loads(text: str, label: str = "<Kialo>", map_id: str = "kialo") -> ArgumentMap:
    """An argument map from the text of a Kialo export."""
    title, preamble, items = _items(text, label)
    ids = IdMinter(slugify(map_id))
    claims: list[dict[str, Any]] = []
    claim_of: dict[str, str] = {}
    links: list[tuple[_Item, str]] = []
    for item in items:
        body = item.text
        link = _LINK.match(body)
        if link is not None:
            links.append((item, link.group(1)))
            continue
        if not body:
            raise InputError(
                f"{label}:{item.line}: item {item.number} has no text; write the claim after"
                f" '{item.number}.'"
            )
        claim_id = ids.mint(_unescape(body), "claim", 40)
        claims.append({"id": claim_id, "text": _unescape(body), "note": f"Kialo {item.number}"})
        claim_of[item.number] = claim_id
    relations: list[dict[str, Any]] = []
    dropped = 0
    link_of = {i.number: target for i, target in links}
    for item in items:
        parent = item.parent
        if parent is None or item.stance is None:
            continue
        linked = link_of.get(item.number)
        source = claim_of.get(linked) if linked is not None else claim_of.get(item.number)
        target = claim_of.get(parent)
        if source is None or target is None or source == target:
            dropped += 1  # a link to a claim that is not in this file (or to its own parent)
            continue
        relations.append(
            {
                "id": ids.mint(f"r{item.number}", "r"),
                "type": "support" if item.stance == "Pro" else "attack",
                "from": source,
                "to": target,
            }
        )
    pros = sum(i.stance == "Pro" for i in items)
    cons = sum(i.stance == "Con" for i in items)
    description = f"Imported from a Kialo discussion: {pros} pros, {cons} cons"
    description += f", {len(links)} links to other claims" if links else ""
    description += f"; {dropped} links to claims not in this file dropped" if dropped else ""
    description += "." + (f"\n\n{' '.join(preamble)}" if preamble else "")
    theses = [c["text"] for c in claims if c["note"].count(".") == 0]
    return build_map(
        {
            "id": slugify(map_id),
            "title": _unescape(title) if title else (theses[0] if theses else map_id),
            "description": description,
            "claims": claims,
            "relations": relations,
        },
        label,
    )


def read(path: str | Path) -> ArgumentMap:
    """Read a Kialo export as one map named after the file."""
    path = Path(path)
    return loads(read_import_text(path, "Kialo export"), str(path), slugify(path.stem, "kialo"))
