"""Reading Argdown source (https://argdown.org/syntax/).

This is argmap's own line-based parser for the parts of Argdown that carry an argument
map (the differential tests check it against the official ``@argdown/cli`` JSON):

- statements ``[Title]: text``, references ``[Title]``, untitled paragraphs (named
  ``Untitled N`` in document order, as Argdown does); statements with one title are one
  equivalence class, so one claim;
- arguments ``<Title>: description`` / ``<Title>``; relations below an element, nested by
  indentation: ``+`` / ``<+`` (supported by), ``-`` / ``<-`` (attacked by), ``_`` / ``<_``
  (undercut by), ``+>`` ``->`` ``_>`` (the other direction), ``><`` (contradictory);
- premise-conclusion structures ``(1) …`` with inference lines ``--`` / ``----`` /
  ``-- rule {data} --`` after an argument;
- ``#tags`` and ``#(tag words)``, headings ``#``…, ``{yaml: data}`` blocks, the ``===``
  front matter, comments ``<!-- -->`` ``/* */`` ``//``, Markdown bold/italic, links,
  escapes and ``:shortcodes:``.

How that becomes a map (docs/formats.md has the table):

- each statement (equivalence class) and each argument is a claim; an argument's text is its
  description (its title when it has none); the claim's note keeps the Argdown name
  (``Argdown [Title]`` / ``Argdown <Title>``), other member texts and data blocks;
- support and attack relations are relations; a relation *from* an argument with a
  premise-conclusion structure comes from its main conclusion (as Argdown reads it);
- each conclusion of a premise-conclusion structure is supported by its premises (the
  statements since the previous inference, and the previous conclusion, or the ``uses:``
  numbers of the inference's data); the inference rules become the warrant; the argument
  itself supports its main conclusion: that relation is the argument's inference;
- an undercut of an argument with a premise-conclusion structure is an undercut of that
  inference relation; any other undercut, and contradictory statements (one attack each
  way), are attacks: never supports;
- tags and headings become topics (a heading's topic is broader than its subheadings').
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from argmap.errors import InputError
from argmap.formats._imports import IdMinter, build_map, read_import_text, short
from argmap.formats.authoring import MapSafeLoader
from argmap.model.entities import ArgumentMap, AttackKind
from argmap.model.ids import slugify

__all__ = ["SHORTCODES", "clean_text", "loads", "read"]

# Argdown's shortcodes for logic symbols and a few emoji (``:name:`` or ``.name.``).
SHORTCODES = {
    "A": "∀",
    "E": "∃",
    "->": "→",
    "<->": "↔",
    "~": "¬",
    "^": "∧",
    "v": "\u2228",  # logical or
    "v_": "⊻",
    "<>": "◇",
    "[]": "◻",
    "heart": "❤",
    "+1": "👍",
    "-1": "👎",
    "up": "👍",
    "down": "👎",
    "star": "⭐",
    "y": "✔",
    "agree": "✔",
    "question": "❓",
    "?": "❓",
    "think": "🤔",
}
SHORTCODE_PATTERN = re.compile(
    "|".join(
        rf"{re.escape(d)}{re.escape(name)}{re.escape(d)}"
        for name in sorted(SHORTCODES, key=len, reverse=True)
        for d in ":."
    )
)
_RELATION = re.compile(r"^([ \t]*)(\+>|->|_>|<\+|<-|<_|><|\+|-|_(?=\s))[ \t]*(.*)$")
_STATEMENT_NUMBER = re.compile(r"^[ \t]*\((\d{1,9})\)[ \t]*(.*)$")
_INFERENCE = re.compile(r"^[ \t]*(-{2,})(.*)$")
_HEADING = re.compile(r"^(#+)[ \t]+(.*)$")
_STATEMENT_DEF = re.compile(r"^\[([^\]]+?)\]:[ \t]*(.*)$", re.DOTALL)
_STATEMENT_REF = re.compile(r"^\[([^\]\-][^\]]*?)\][ \t]*$")
_ARGUMENT_DEF = re.compile(r"^<([^>]+?)>:[ \t]*(.*)$", re.DOTALL)
_ARGUMENT_REF = re.compile(r"^<([^>\-][^>]*?)>[ \t]*$")
# Bounded, so a line of a million '[' is not quadratic work.
_LINK = re.compile(r"\[([^\[\]\n]{1,1000})\]\(([^()\s]{1,2000})\)")
_TAG = re.compile(r"#(?:\(([^)]+)\)|([A-Za-z0-9_\-\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef]+))")
_COMMENT_OR_SKIP = re.compile(r"[\\\[]|<!--|/[*/]")
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# Markdown emphasis, in the order it is resolved: the emphasised text, and (as a lookahead
# so overlapping ones are all found, its end in group 1) where a closing marker can stand.
_EMPHASIS = [
    *(
        (re.compile(rf"{marker}(?=\S)(.+?)(?<=\S){marker}"), re.compile(rf"(?=(?<=\S)({marker}))"))
        for marker in (r"\*\*", "__", r"\*")
    ),
    (
        re.compile(r"(?<![A-Za-z0-9])_(?=\S)(.+?)(?<=\S)_(?![A-Za-z0-9])"),
        re.compile(r"(?=(?<=\S)(_)(?![A-Za-z0-9]))"),
    ),
]
# Where clean_text set an escaped character aside: U+F8FF, its number, U+F8FE.
_MARKER = re.compile("\uf8ff(\\d+)\uf8fe")
# Values one YAML block (front matter, data) may hold, aliases counted as the copies they
# make when the map's description writes them out: far beyond any real front matter.
_YAML_VALUES = 100_000
# Python writes no int of more than 4,300 digits as text (sys.get_int_max_str_digits), and
# YAML's base-60 numbers (1:59:59…) make ints of any size without one: they are refused.
_YAML_INT_BITS = 13_000
# Kinds of relation, read from the parent's side: (who is the source, relation type).
_RELATIONS = {
    "+": ("child", "support"),
    "<+": ("child", "support"),
    "-": ("child", "attack"),
    "<-": ("child", "attack"),
    "_": ("child", "undercut"),
    "<_": ("child", "undercut"),
    "+>": ("parent", "support"),
    "->": ("parent", "attack"),
    "_>": ("parent", "undercut"),
    "><": ("parent", "contradictory"),
}


# ---- reading: the document ----------------------------------------------------------------------


@dataclass
class _Element:
    """One occurrence of a statement or argument in the text."""

    kind: str  # "statement" or "argument"
    title: str
    raw: list[str]  # its text lines (without the title)
    line: int
    section: str | None
    is_reference: bool = False


@dataclass
class _Relation:
    source: _Element
    kind: str  # support | attack | undercut | contradictory
    target: _Element
    line: int


@dataclass
class _PcsStatement:
    number: str
    element: _Element
    rules: list[str] = field(default_factory=list)  # set on conclusions
    data: Any = None
    conclusion: bool = False


@dataclass
class _Section:
    id: str
    title: str
    level: int
    parent: str | None


@dataclass
class _Document:
    elements: list[_Element] = field(default_factory=list)
    relations: list[_Relation] = field(default_factory=list)
    pcs: dict[str, list[_PcsStatement]] = field(default_factory=dict)  # argument title -> PCS
    sections: list[_Section] = field(default_factory=list)
    front_matter: Any = None
    untitled: int = 0
    syntax_seen: bool = False


class _Parser:
    def __init__(self, text: str, label: str) -> None:
        self.label = label
        self.doc = _Document()
        self.lines = self._prepare(text)
        self.section: _Section | None = None
        self.sections_by_id: dict[str, _Section] = {}

    def fail(self, line: int, problem: str, fix: str) -> InputError:
        return InputError(f"{self.label}:{line}: {problem}; {fix}")

    def _prepare(self, text: str) -> list[tuple[int, str]]:
        """Lines with their numbers, front matter read, comments removed (a line that held
        only a comment is gone, as in Argdown)."""
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        bad = CONTROL_CHARS.search(text)
        if bad is not None:
            at = text.count("\n", 0, bad.start()) + 1
            raise self.fail(
                at,
                f"control character U+{ord(bad.group()):04X} in the text",
                "is this an Argdown file? remove the character",
            )
        lines = text.split("\n")
        start = 0
        if lines and re.fullmatch(r"={3,}\s*", lines[0]):
            end = next(
                (i for i in range(1, len(lines)) if re.fullmatch(r"={3,}\s*", lines[i])), None
            )
            if end is None:
                raise self.fail(1, "front matter '===' is not closed", "end it with a '===' line")
            self.doc.front_matter = self._yaml("\n".join(lines[1:end]), 2, "front matter")
            self.doc.syntax_seen = True
            start = end + 1
        kept: list[tuple[int, str]] = []
        body = "\n".join(lines[start:])
        # Replace each comment by nothing, remembering which lines held one.
        commented: set[int] = set()
        pieces = []
        last = 0
        for begin, end in _comments(body):
            first = body.count("\n", 0, begin)
            breaks = body.count("\n", begin, end)
            commented.update(range(first, first + breaks + 1))
            pieces.append(body[last:begin])
            pieces.append("\n" * breaks)
            last = end
        pieces.append(body[last:])
        for index, line in enumerate("".join(pieces).split("\n")):
            if index in commented and not line.strip():
                continue
            kept.append((start + index + 1, line.rstrip()))
        return kept

    def _yaml(self, text: str, line: int, what: str) -> Any:
        try:
            # As a map file's YAML: no base-60 numbers, no !!binary and such (authoring.py).
            return self._plain(yaml.load(text, Loader=MapSafeLoader), line, what)  # noqa: S506
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            at = line + (mark.line if mark is not None else 0)
            problem = getattr(exc, "problem", None) or "cannot parse"
            raise self.fail(at, f"{what} is not valid YAML ({problem})", "fix the YAML") from None
        except (RecursionError, ValueError) as exc:
            raise self.fail(
                line, f"{what} cannot be read ({short(str(exc), 60)})", "simplify it"
            ) from None

    def _plain(self, value: Any, line: int, what: str) -> Any:
        """A copy of parsed YAML that the map can hold: mapping keys JSON can write (a date
        key becomes its text), texts that are Unicode (an escaped surrogate pair becomes its
        character). YAML aliases share a value, and one may even hold itself: the copy
        expands them, so it stops at :data:`_YAML_VALUES` values."""
        root: list[Any] = [None]
        pending: list[tuple[Any, Any, Any]] = [(value, root, 0)]  # (value, container, slot)
        budget = _YAML_VALUES
        while pending:
            item, container, slot = pending.pop()
            budget -= 1
            if budget < 0:
                raise self.fail(
                    line,
                    f"{what} holds more than {_YAML_VALUES} values (aliases counted as copies)",
                    "simplify it",
                )
            if isinstance(item, str):
                container[slot] = self._unicode(item, line, what)
            elif isinstance(item, int) and item.bit_length() > _YAML_INT_BITS:
                raise self._long_number(line, what)
            elif isinstance(item, dict):
                copy: dict[Any, Any] = {}
                container[slot] = copy
                for key, member in item.items():
                    if isinstance(key, str):
                        key = self._unicode(key, line, what)
                    elif isinstance(key, int) and key.bit_length() > _YAML_INT_BITS:
                        raise self._long_number(line, what)
                    elif not isinstance(key, int | float | bool) and key is not None:
                        key = str(key)  # json.dumps writes no other keys
                    copy[key] = None  # the slot, in the mapping's order
                    pending.append((member, copy, key))
            elif isinstance(item, list):
                members = [None] * len(item)
                container[slot] = members
                pending.extend((member, members, index) for index, member in enumerate(item))
            else:
                container[slot] = item
        return root[0]

    def _long_number(self, line: int, what: str) -> InputError:
        return self.fail(line, f"{what} holds a number of over 3,900 digits", "shorten it")

    def _unicode(self, text: str, line: int, what: str) -> str:
        """``text`` with escaped surrogate pairs (``"\\ud83d\\ude00"``, which PyYAML keeps
        as two halves) joined; a half without its other half is an error."""
        if _SURROGATE.search(text) is None:
            return text
        try:
            return text.encode("utf-16", "surrogatepass").decode("utf-16")
        except UnicodeDecodeError:
            half = _SURROGATE.search(text)
            assert half is not None
            raise self.fail(
                line,
                f"{what} holds \\u{ord(half.group()):04x}, half of a UTF-16 surrogate pair"
                " without its other half",
                "write the character itself",
            ) from None

    # -- blocks -----------------------------------------------------------------------------

    def parse(self) -> _Document:
        block: list[tuple[int, str]] = []
        last_argument: _Element | None = None
        for number, line in [*self.lines, (0, "")]:
            heading = _HEADING.match(line)
            if line.strip() and heading is None:
                block.append((number, line))
                continue
            if block:
                last_argument = self.block(block, last_argument)
                block = []
            if heading is not None:
                self.heading(number, len(heading.group(1)), heading.group(2))
                last_argument = None
        return self.doc

    def heading(self, line: int, level: int, title: str) -> None:
        while self.section is not None and self.section.level >= level:
            parent = self.section.parent
            self.section = self.sections_by_id[parent] if parent is not None else None
        section = _Section(
            f"s{len(self.doc.sections) + 1}",
            clean_text([title])[0] or f"Section {len(self.doc.sections) + 1}",
            level,
            self.section.id if self.section else None,
        )
        self.doc.sections.append(section)
        self.sections_by_id[section.id] = section
        self.section = section
        self.doc.syntax_seen = True

    def untitled(self) -> str:
        self.doc.untitled += 1
        return f"Untitled {self.doc.untitled}"

    def element(self, head: str, line: int) -> _Element:
        """The statement or argument that ``head`` (the start of a line) defines or names."""
        section = self.section.id if self.section else None
        if _LINK.match(head) is None:
            for pattern, kind, reference in (
                (_STATEMENT_DEF, "statement", False),
                (_ARGUMENT_DEF, "argument", False),
                (_STATEMENT_REF, "statement", True),
                (_ARGUMENT_REF, "argument", True),
            ):
                match = pattern.match(head)
                if match is not None and match.group(1).strip():
                    self.doc.syntax_seen = True
                    rest = [] if reference else [match.group(2)]
                    element = _Element(kind, match.group(1).strip(), rest, line, section, reference)
                    self.doc.elements.append(element)
                    return element
        element = _Element("statement", self.untitled(), [head], line, section)
        self.doc.elements.append(element)
        return element

    def block(
        self, block: list[tuple[int, str]], last_argument: _Element | None
    ) -> _Element | None:
        """Read one paragraph; returns the argument a following PCS would belong to."""
        first_line, first = block[0]
        if _STATEMENT_NUMBER.match(first):
            if last_argument is None:
                last_argument = _Element("argument", self.untitled(), [], first_line, None, True)
                last_argument.section = self.section.id if self.section else None
                self.doc.elements.append(last_argument)
            self.pcs(block, last_argument)
            return None
        if _RELATION.match(first):
            raise self.fail(
                first_line,
                f"relation '{_RELATION.match(first).group(2)}' has nothing above it",  # type: ignore[union-attr]
                "put it below the statement or argument it belongs to, indented",
            )
        root = self.element(first.strip(), first_line)
        rest = block[1:]
        for index, (_number, line) in enumerate(rest):
            if _STATEMENT_NUMBER.match(line) and root.kind == "argument":
                self.relations(rest[:index], root)
                self.pcs(rest[index:], root)
                return None
        self.relations(rest, root)
        return root if root.kind == "argument" and len(block) == 1 else None

    def relations(self, lines: list[tuple[int, str]], root: _Element) -> None:
        """Relation lines below ``root`` (a tree by indentation) and continuation lines."""
        stack: list[tuple[int, _Element]] = [(-1, root)]
        current = root
        for number, line in lines:
            match = _RELATION.match(line)
            if match is None:
                current.raw.append(line.strip())
                continue
            self.doc.syntax_seen = True
            indent = len(match.group(1).expandtabs(4))
            while len(stack) > 1 and stack[-1][0] >= indent:
                stack.pop()
            parent = stack[-1][1]
            child = self.element(match.group(3).strip(), number)
            side, kind = _RELATIONS[match.group(2)]
            source, target = (child, parent) if side == "child" else (parent, child)
            self.doc.relations.append(_Relation(source, kind, target, number))
            stack.append((indent, child))
            current = child

    def pcs(self, lines: list[tuple[int, str]], argument: _Element) -> None:
        """A premise-conclusion structure: numbered statements and inference lines."""
        self.doc.syntax_seen = True
        if argument.title in self.doc.pcs:
            raise self.fail(
                lines[0][0],
                f"argument <{argument.title}> has a second premise-conclusion structure",
                "give the argument one",
            )
        statements: list[_PcsStatement] = []
        pending: tuple[list[str], int] | None = None  # an inference being read
        inference: tuple[list[str], int] | None = None  # a finished one, for the next statement
        body: list[tuple[int, str]] = []
        for number, line in lines:
            if pending is not None:
                closing = re.search(r"-{2,}\s*$", line)
                pending[0].append(line[: closing.start()] if closing else line)
                if closing:
                    inference, pending = pending, None
                continue
            numbered = _STATEMENT_NUMBER.match(line)
            start = _INFERENCE.match(line)
            if start is not None and not numbered:
                self.pcs_statement_body(body, statements)
                body = []
                rest = start.group(2)
                closing = re.search(r"-{2,}\s*$", rest)
                if closing is not None:
                    inference = ([rest[: closing.start()]], number)
                elif not rest.strip() and len(start.group(1)) >= 4:
                    inference = ([], number)
                else:
                    pending = ([rest], number)
                continue
            if numbered is not None:
                self.pcs_statement_body(body, statements)
                element = self.element(numbered.group(2).strip(), number)
                item = _PcsStatement(numbered.group(1), element)
                if inference is not None:
                    item.conclusion = True
                    item.rules, item.data = self.inference(*inference)
                    inference = None
                statements.append(item)
                body = []
                continue
            if not statements:
                raise self.fail(number, "text before the first '(1)'", "start with '(1) premise'")
            body.append((number, line))
        self.pcs_statement_body(body, statements)
        if pending is not None or inference is not None:
            at = (pending or inference or ([], lines[-1][0]))[1]
            raise self.fail(at, "inference without a conclusion below it", "add '(n) conclusion'")
        if not statements or not statements[-1].conclusion:
            raise self.fail(
                lines[-1][0],
                f"argument <{argument.title}> has no conclusion",
                "end its premise-conclusion structure with '--' and a conclusion",
            )
        self.doc.pcs[argument.title] = statements

    def pcs_statement_body(
        self, body: list[tuple[int, str]], statements: list[_PcsStatement]
    ) -> None:
        if body and statements:
            self.relations(body, statements[-1].element)

    def inference(self, lines: list[str], line: int) -> tuple[list[str], Any]:
        text = " ".join(part.strip() for part in lines).strip()
        data = None
        block = _trailing_data(text)
        if block is not None:
            text = text[: -len(block)].strip()
            data = self._yaml(block, line, "inference data")
        rules = [clean_text([r])[0] for r in text.split(",") if r.strip()]
        return rules, data


def _comments(text: str) -> Iterator[tuple[int, int]]:
    """Where the comments are: ``<!-- -->``, ``/* */`` and ``//`` to the end of the line,
    skipping escaped characters and Markdown links (whose URLs hold ``//``)."""
    index = 0
    while True:
        found = _COMMENT_OR_SKIP.search(text, index)
        if found is None:
            return
        index = found.start()
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "[":
            link = _LINK.match(text, index)
            index = link.end() if link is not None else index + 1
            continue
        for opening, closing in (("<!--", "-->"), ("/*", "*/"), ("//", "\n")):
            if text.startswith(opening, index):
                end = text.find(closing, index + len(opening))
                stop = len(text) if end == -1 else end + (0 if closing == "\n" else len(closing))
                yield index, stop
                index = stop
                break
        else:
            index += 1


def _escaped(text: str, index: int) -> bool:
    """Whether the character at ``index`` follows an odd run of backslashes."""
    start = index
    while start > 0 and text[start - 1] == "\\":
        start -= 1
    return (index - start) % 2 == 1


def _trailing_data(text: str) -> str | None:
    """A ``{...}`` YAML block at the end of ``text``, braces balanced."""
    stripped = text.rstrip()
    if not stripped.endswith("}") or _escaped(stripped, len(stripped) - 1):
        return None
    depth = 0
    for index in range(len(stripped) - 1, -1, -1):
        char = stripped[index]
        if char in "{}" and _escaped(stripped, index):
            continue  # '\{' is a literal brace in the text, not data
        if char == "}":
            depth += 1
        elif char == "{":
            depth -= 1
            if depth == 0:
                return stripped[index:]
    return None


def clean_text(lines: list[str]) -> tuple[str, list[str]]:
    """The text Argdown shows for ``lines``, and the tags in it: lines joined with spaces,
    escapes, links, bold/italic and shortcodes resolved; tags and mentions kept as written."""
    text = " ".join(line.strip() for line in lines).strip()
    escaped: list[str] = []

    def protect(match: re.Match[str]) -> str:
        # An escaped character, or a marker character the text holds itself (which would
        # otherwise read as a marker), is set aside until the Markdown is resolved.
        escaped.append(match.group(1) or match.group())
        return f"\uf8ff{len(escaped) - 1}\uf8fe"

    def restore(marked: str) -> str:
        return _MARKER.sub(lambda m: escaped[int(m.group(1))], marked)

    text = re.sub(r"\\(.)|[\uf8fe\uf8ff]", protect, text)
    text = _LINK.sub(lambda m: m.group(1), text)
    text = SHORTCODE_PATTERN.sub(lambda m: SHORTCODES[m.group()[1:-1]], text)
    for emphasis, closing in _EMPHASIS:
        # A lazy match tried from each opening marker scans to the end of the text when no
        # closing marker follows, so a line of unclosed markers costs the square of its
        # length: the text after the last closing marker, where no match can end, is not
        # searched. (The last one counts overlapping ones: '***' holds two '**'.)
        end = None
        for end_match in closing.finditer(text):
            end = end_match.end(1)
        if end is not None:
            text = emphasis.sub(r"\1", text[:end]) + text[end:]
    tags = [restore(m.group(1) or m.group(2)) for m in _TAG.finditer(text)]
    text = restore(text)
    return re.sub(r"\s+", " ", text).strip(), [t.strip() for t in tags if t.strip()]


# ---- reading: document -> model ---------------------------------------------------------------


def _description(element: _Element) -> tuple[str, Any]:
    """Text and data block of one occurrence."""
    raw = " ".join(part for part in element.raw if part.strip())
    data = None
    block = _trailing_data(raw)
    if block is not None:
        raw = raw[: -len(block)]
        data = block.strip()
    return raw.strip(), data


def _premises(
    statements: list[_PcsStatement], index: int, positions: dict[str, list[int]]
) -> list[_PcsStatement]:
    """What conclusion ``index`` is inferred from: its ``uses`` numbers, else every statement
    since the previous conclusion, and that conclusion. ``positions``: where each number
    stands in ``statements`` (so a structure of many conclusions is read in linear time)."""
    conclusion = statements[index]
    uses = conclusion.data.get("uses") if isinstance(conclusion.data, dict) else None
    if isinstance(uses, list) and uses:
        wanted = {
            str(u)
            for u in uses
            if isinstance(u, int | str) and not isinstance(u, bool) and len(str(u)) < 12
        }
        found = [p for number in wanted for p in positions.get(number, ()) if p < index]
        return [statements[p] for p in sorted(found)]
    chosen: list[_PcsStatement] = []
    for position in range(index - 1, -1, -1):
        chosen.append(statements[position])
        if statements[position].conclusion:
            break
    chosen.reverse()
    return chosen


def loads(
    text: str, label: str = "<Argdown>", map_id: str = "argdown", title: str | None = None
) -> ArgumentMap:
    """An argument map from Argdown source text."""
    doc = _Parser(text, label).parse()
    _check_is_argdown(doc, label)
    build = _MapBuilder(doc, map_id)
    # Ids are minted in this order (topics of headings, claims and tags, relations): it
    # decides which of two entities with the same preferred id gets the plain one.
    build.section_topics()
    build.claims()
    build.inferences()
    build.relations()
    return build_map(
        {
            "id": slugify(map_id),
            "title": _map_title(doc, title or map_id),
            "description": build.description(),
            "topics": build.topics,
            "claims": [{k: v for k, v in c.items() if v} for c in build.claims_by_key.values()],
            "relations": [
                {k: v for k, v in r.items() if v is not None} for r in build.relation_list
            ],
        },
        label,
    )


def _check_is_argdown(doc: _Document, label: str) -> None:
    """Plain prose parses as untitled statements: a map needs some Argdown syntax."""
    if not doc.elements:
        raise InputError(f"{label}: no statements or arguments; is this an Argdown file?")
    if not doc.syntax_seen:
        raise InputError(
            f"{label}: no Argdown statements '[Title]:', arguments '<Title>', relations or"
            " headings; is this an Argdown file?"
        )


def _map_title(doc: _Document, fallback: str) -> str:
    """The front matter's title, else the first top-level heading, else ``fallback``."""
    front = doc.front_matter
    heading_title = next((s.title for s in doc.sections if s.level == 1), None)
    front_title = front.get("title") if isinstance(front, dict) else None
    return str(front_title or heading_title or fallback)


def _note(kind: str, name: str, other_texts: list[str], data: list[str]) -> str:
    """A claim's note: its Argdown name, and what else its statements said."""
    note = f"Argdown [{name}]" if kind == "statement" else f"Argdown <{name}>"
    if other_texts:
        note += "; also stated as: " + " | ".join(other_texts)
    if data:
        note += "; data: " + " ".join(data)
    return note


class _MapBuilder:
    """The map's topics, claims and relations from a parsed document, one step per method."""

    def __init__(self, doc: _Document, map_id: str) -> None:
        self.doc = doc
        self.ids = IdMinter(slugify(map_id))
        self.topics: list[dict[str, Any]] = []
        self.topic_of_section: dict[str, str] = {}
        self.topic_of_tag: dict[str, str] = {}
        # One claim per statement title and per argument title, in order of first appearance.
        self.claims_by_key: dict[tuple[str, str], dict[str, Any]] = {}
        self.relation_list: list[dict[str, Any]] = []
        self.related: set[tuple[str, str, str]] = set()
        self.inference_of: dict[str, str] = {}  # argument title -> its inference relation

    def section_topics(self) -> None:
        """A topic per heading, narrower than the heading it stands under."""
        for section in self.doc.sections:
            topic_id = self.ids.mint(section.title, "section", 40)
            self.topic_of_section[section.id] = topic_id
            topic: dict[str, Any] = {"id": topic_id, "label": section.title}
            if section.parent is not None:
                topic["broader"] = [self.topic_of_section[section.parent]]
            self.topics.append(topic)

    def claims(self) -> None:
        """A claim per statement and argument: the text of its first description (a title
        alone: the title), the other texts and data blocks in its note."""
        texts: dict[tuple[str, str], list[str]] = {}
        data: dict[tuple[str, str], list[str]] = {}
        for element in self.doc.elements:
            key = (element.kind, element.title)
            text, block = _description(element)
            shown, tags = clean_text([text]) if text else ("", [])
            claim = self.claims_by_key.get(key)
            if claim is None:
                claim = self.claims_by_key[key] = {
                    "id": self.ids.mint(element.title, element.kind, 60),
                    "topics": set(),
                }
                texts[key], data[key] = [], []
                if element.section is not None:
                    claim["topics"].add(self.topic_of_section[element.section])
            if shown and shown not in texts[key]:
                texts[key].append(shown)
            if block:
                data[key].append(block)
            for tag in tags:
                claim["topics"].add(self._tag_topic(tag))
        for (kind, name), claim in self.claims_by_key.items():
            said = texts[(kind, name)]
            claim["text"] = said[0] if said else name
            claim["note"] = _note(kind, name, said[1:], data[(kind, name)])
            claim["topics"] = sorted(claim["topics"])

    def _tag_topic(self, tag: str) -> str:
        topic_id = self.topic_of_tag.get(tag)
        if topic_id is None:
            topic_id = self.topic_of_tag[tag] = self.ids.mint(tag, "tag", 40)
            self.topics.append({"id": topic_id, "label": tag})
        return topic_id

    def claim_id(self, element: _Element) -> str:
        return str(self.claims_by_key[(element.kind, element.title)]["id"])

    def relate(self, source: str, rel_type: str, target: str, **extra: Any) -> str | None:
        """A relation, unless it relates a claim to itself or repeats one: its id, or None."""
        if source == target or (source, rel_type, target) in self.related:
            return None
        self.related.add((source, rel_type, target))
        relation = {
            "id": self.ids.mint(f"r{len(self.relation_list) + 1}", "r"),
            "type": rel_type,
            "from": source,
            "to": target,
        }
        relation.update(extra)
        self.relation_list.append(relation)
        return str(relation["id"])

    def inferences(self) -> None:
        """The supports of each premise-conclusion structure: premises to each conclusion,
        and the argument to its main conclusion (its inference, which undercuts attack)."""
        claim_id = self.claim_id
        for argument, statements in self.doc.pcs.items():
            argument_claim = str(self.claims_by_key[("argument", argument)]["id"])
            positions: dict[str, list[int]] = {}
            for index, statement in enumerate(statements):
                positions.setdefault(statement.number, []).append(index)
            for index, statement in enumerate(statements):
                if not statement.conclusion:
                    continue
                warrant = ", ".join(statement.rules) or None
                for premise in _premises(statements, index, positions):
                    self.relate(
                        claim_id(premise.element),
                        "support",
                        claim_id(statement.element),
                        warrant=warrant,
                    )
            last = statements[-1]
            made = self.relate(
                argument_claim,
                "support",
                claim_id(last.element),
                warrant=", ".join(last.rules) or None,
            )
            if made is not None:
                self.inference_of[argument] = made

    def relations(self) -> None:
        """The relation lines: supports and attacks; undercuts of inferences where the
        argument has one, attacks otherwise; contradictions as an attack each way."""
        claim_id, relate = self.claim_id, self.relate
        main_conclusion = {
            argument: statements[-1].element for argument, statements in self.doc.pcs.items()
        }
        for relation in self.doc.relations:
            source = relation.source
            if source.kind == "argument" and source.title in main_conclusion:
                source = main_conclusion[source.title]  # as Argdown: the conclusion's relation
            target = relation.target
            if relation.kind in ("support", "attack"):
                relate(claim_id(source), relation.kind, claim_id(target))
            elif relation.kind == "contradictory":
                relate(claim_id(source), "attack", claim_id(target))
                relate(claim_id(target), "attack", claim_id(source))
            elif target.kind == "argument" and target.title in self.inference_of:
                relate(
                    claim_id(source),
                    "attack",
                    self.inference_of[target.title],
                    kind=AttackKind.UNDERCUT.value,
                )
            else:  # an undercut of what has no inference here: an attack on it
                relate(claim_id(source), "attack", claim_id(target))

    def description(self) -> str:
        """What was read, and the front matter (which has no other place in the map)."""
        doc = self.doc
        statements_n = sum(1 for kind, _ in self.claims_by_key if kind == "statement")
        arguments_n = len(self.claims_by_key) - statements_n
        description = (
            f"Imported from Argdown: {statements_n} statements, {arguments_n} arguments,"
            f" {len(doc.relations)} relations, {len(doc.pcs)} premise-conclusion structures."
        )
        if doc.front_matter is not None:
            description += "\n\nFront matter: " + json.dumps(
                doc.front_matter, ensure_ascii=False, default=str
            )
        return description


def read(path: str | Path) -> ArgumentMap:
    """Read an Argdown file as one map named after the file."""
    path = Path(path)
    return loads(
        read_import_text(path, "Argdown file"), str(path), slugify(path.stem, "argdown"), path.stem
    )
