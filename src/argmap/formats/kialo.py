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
start a new item continues the text of the one before. Kialo escapes Markdown characters
with a backslash (``\\(``, ``\\[``, ``\\*``…): they are unescaped.

``-> See 1.2.2.`` is Kialo's link: the claim 1.2.2 shown a second time, here, as a pro or con
of this parent. As in Kialo, where the link is a node of the tree with a number of its own,
it is a claim of its own: the text of 1.2.2, its pro or con relation to its parent, and a
``rephrase`` relation to 1.2.2 (it restates that claim), so each numbered line is one claim
and the cross link is explicit. A link to a number that is not in the file keeps its text as
written (``-> See 9.9.``) and has no rephrase.

Each claim's id is a slug of its text and its note says where it sat (``Kialo 1.2.2``; a
link's ``Kialo 1.6.4 -> See 1.2.2``); relation ids are ``r`` + the item number (``r1.2.2``),
a link's rephrase ``r1.6.4-see``.
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
    by_number = {item.number: item for item in items}
    ids = IdMinter(slugify(map_id))
    claims: list[dict[str, Any]] = []
    theses: list[str] = []
    claim_of: dict[str, str] = {}
    # a link's item number -> the number it links to, and the text it shows
    links = {i.number: m.group(1) for i in items if (m := _LINK.match(i.text)) is not None}
    linked_texts = _linked_texts(links, by_number)
    for item in items:
        body = item.text
        note = _note(item.number)
        if item.number in links:
            note += f" -> See {_shown_number(links[item.number])}"
            body = linked_texts[item.number] or body
        elif not body:
            raise InputError(
                f"{label}:{item.line}: item {_shown_number(item.number)} has no text; write the"
                f" claim after '{_shown_number(item.number)}.'"
            )
        claim_text = _unescape(body)
        claim_id = ids.mint(claim_text, "claim", 40)
        claims.append({"id": claim_id, "text": claim_text, "note": note})
        claim_of[item.number] = claim_id
        if item.stance is None:
            theses.append(claim_text)
    relations: list[dict[str, Any]] = []
    for item in items:
        parent = item.parent
        if parent is not None and item.stance is not None:
            relations.append(
                {
                    "id": ids.mint(_relation_key(item.number), "r"),
                    "type": "support" if item.stance == "Pro" else "attack",
                    "from": claim_of[item.number],
                    "to": claim_of[parent],
                }
            )
        linked = claim_of.get(links.get(item.number, ""))
        if linked is not None and linked != claim_of[item.number]:
            relations.append(
                {
                    "id": ids.mint(_relation_key(item.number) + "-see", "r"),
                    "type": "rephrase",
                    "from": claim_of[item.number],
                    "to": linked,
                }
            )
    return build_map(
        {
            "id": slugify(map_id),
            "title": _unescape(title) if title else (theses[0] if theses else map_id),
            "description": _description(items, linked_texts, preamble),
            "claims": claims,
            "relations": relations,
        },
        label,
    )


def _linked_texts(links: dict[str, str], by_number: dict[str, _Item]) -> dict[str, str | None]:
    """The text each link shows: that of the item it links to, followed through links to
    links; None when the number is not in the file (or the links go round in a circle).
    Each link is resolved once, so a long chain of links to links takes linear time."""
    shown: dict[str, str | None] = {}
    for start in links:
        path: list[str] = []
        on_path: set[str] = set()
        number: str | None = start
        text: str | None = None
        while number is not None:
            if number in shown:
                text = shown[number]
                break
            if number in on_path or number not in by_number:
                break  # a circle, or a number not in the file
            path.append(number)
            on_path.add(number)
            if number in links:
                number = links[number]
            else:
                text = by_number[number].text or None
                break
        for visited in path:
            if visited in links:
                shown[visited] = text
    return shown


def _description(
    items: list[_Item], linked_texts: dict[str, str | None], preamble: list[str]
) -> str:
    pros = sum(i.stance == "Pro" for i in items)
    cons = sum(i.stance == "Con" for i in items)
    description = f"Imported from a Kialo discussion: {pros} pros, {cons} cons"
    if linked_texts:
        description += f", {len(linked_texts)} links to other claims (-> See, each a rephrase)"
    dangling = sum(text is None for text in linked_texts.values())
    if dangling:
        description += f"; {dangling} links to no claim in this file, kept as written"
    return description + "." + (f"\n\n{' '.join(preamble)}" if preamble else "")


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
