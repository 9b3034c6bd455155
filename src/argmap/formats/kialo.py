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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from argmap.errors import InputError
from argmap.formats._imports import IdMinter, build_map, read_import_text
from argmap.model.entities import ArgumentMap
from argmap.model.ids import slugify

__all__ = ["loads", "read"]

_TITLE = re.compile(r"^\s*Discussion (?:Title|Name):\s*(.*?)\s*$")
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


def _item_head(line: str) -> tuple[str, str] | None:
    """``("1.2", "Pro: text")`` for a line that looks like a numbered item ``1.2. Pro: text``,
    else None. Kialo numbers grow with the depth (a 5,000-deep discussion has 10 kB
    numbers), so the number is checked with string methods, which run far faster than a
    regular expression over it."""
    if not line[:1].isdecimal():
        return None
    head, *rest = line.split(None, 1)
    number = head[:-1]
    if (
        not head.endswith(".")
        or number.endswith(".")
        or ".." in number
        or not number.replace(".", "").isdecimal()
    ):
        return None
    return number, rest[0] if rest else ""


def _items(text: str, label: str) -> tuple[str | None, list[str], list[_Item]]:
    title: str | None = None
    preamble: list[str] = []
    items: dict[str, _Item] = {}
    children: dict[str, int] = {}  # item number ("" for the top) -> children seen
    current: _Item | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if title is None and current is None and not preamble and (match := _TITLE.match(line)):
            title = match.group(1)
            continue
        head = _item_head(line)
        if head is not None and head[0] not in items:
            item_number, rest = head
            parent, _, last = item_number.rpartition(".")
            # Kialo numbers the children of each item 1, 2, 3…: a numbered line starts an
            # item only when it is the next number under an item already seen, so "2. …"
            # inside a claim's text stays text.
            if (not parent or parent in items) and last == str(children.get(parent, 0) + 1):
                children[parent] = children.get(parent, 0) + 1
                stance = _STANCE.match(rest)
                if parent and stance is None:
                    raise InputError(
                        f"{label}:{number}: item {_shown_number(item_number)} has no 'Pro:' or"
                        " 'Con:'; every item below a thesis says whether it is a pro or a con"
                    )
                current = _Item(
                    item_number,
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
    theses: list[str] = []
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
                f"{label}:{item.line}: item {_shown_number(item.number)} has no text; write the"
                f" claim after '{_shown_number(item.number)}.'"
            )
        claim_text = _unescape(body)
        claim_id = ids.mint(claim_text, "claim", 40)
        claims.append({"id": claim_id, "text": claim_text, "note": _note(item.number)})
        claim_of[item.number] = claim_id
        if item.stance is None:
            theses.append(claim_text)
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
                "id": ids.mint(_relation_key(item.number), "r"),
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


# Kialo numbers an item with its whole path (1.4.2.7), so in a deep discussion the numbers
# grow with the depth, and the file with its square. Ids and notes made from a number are
# bounded, so what the map holds (and the YAML written from it) grows with the items only.
_LONG_NUMBER = 200


def _note(number: str) -> str:
    """Where the item sat in the discussion: its number, elided in the middle when long."""
    return f"Kialo {_shown_number(number)}"


def _shown_number(number: str) -> str:
    if len(number) <= _LONG_NUMBER:
        return number
    first, last = number.split(".", 3)[:3], number.rsplit(".", 3)[1:]
    return f"{'.'.join(first)}.….{'.'.join(last)} (level {number.count('.') + 1})"


def _relation_key(number: str) -> str:
    """What a relation's id is minted from: ``r`` and the item's number. A key longer than a
    slug is slugified and cut to a few dozen characters, which only its start decides (an
    ASCII number slugifies character for character), so slugifying the start is enough."""
    key = f"r{number}"
    return key[: 2 * _LONG_NUMBER] if key.isascii() else key


def read(path: str | Path) -> ArgumentMap:
    """Read a Kialo export as one map named after the file."""
    path = Path(path)
    return loads(read_import_text(path, "Kialo export"), str(path), slugify(path.stem, "kialo"))
