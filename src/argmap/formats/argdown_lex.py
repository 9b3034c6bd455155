"""Argdown's tokens, as the official parser (``@argdown/core`` 1.7, ``lexer.ts``) cuts them.

The official lexer tries its token patterns in a fixed order at each position and the first
that matches wins; some patterns only match at the start of a line, and relations and list
items open and close indentation levels (``Indent`` / ``Dedent``) by a stack of indent
widths. This module follows that specification so that :mod:`argdown_read` reads a file as
the official tools do and :mod:`argdown_write` can tell which characters would start syntax.

Every pattern that looks ahead for a closing mark (``]:``, ``-->``, ``}``…) finds it by a
binary search in the positions of that mark, so a hostile text of many opening marks is
still read in (near) linear time.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from enum import StrEnum

from argmap.errors import InputError

__all__ = ["SHORTCODES", "Kind", "LexError", "Lexer", "Token", "tokenize"]

# Argdown's default shortcodes (``@argdown/core`` plugins/shortcodes): ``:name:`` or ``.name.``.
_SHORTCODE_NAMES = {
    "A": "∀",
    "E": "∃",
    "O": "\U0001d5e2",
    "P": "\U0001d5e3",
    "->": "→",
    "<->": "↔",
    "~": "¬",
    "^": "∧",
    "v": "\u2228",
    "v_": "⊻",
    "<>": "◇",
    "[]": "◻",
    "happy": "😀",
    "smile": "☺",
    "smiley": "☺",
    "laugh": "😆",
    "lol": "😆",
    "rofl": "🤣",
    "joy": "😂",
    "heart": "❤",
    "?": "❓",
    "question": "❓",
    "love": "😍",
    "wink": "😉",
    "shush": "🤫",
    "meh": "😐",
    "eye-roll": "🙄",
    "sad": "😢",
    "disappointed": "😞",
    "scream": "😱",
    "+1": "👍",
    "up": "👍",
    "-1": "👎",
    "down": "👎",
    "think": "🤔",
    "star": "⭐",
    "y": "✔",
    "agree": "✔",
    "n": "❌",
    "disagree": "❌",
}
#: Each shortcode as written (``:heart:``, ``.heart.``) and the character it stands for.
SHORTCODES = {
    f"{mark}{name}{mark}": char for name, char in _SHORTCODE_NAMES.items() for mark in ":."
}
SHORTCODES[":smile:"] = "☺️"  # the one code whose two spellings differ


class Kind(StrEnum):
    FRONT_MATTER = "front matter"
    DATA = "data"
    ESCAPED = "escaped character"
    SPECIAL = "shortcode"
    EMPTYLINE = "empty line"
    NEWLINE = "line break"
    INDENT = "indent"
    DEDENT = "dedent"
    INFERENCE_START = "'--' (an inference)"
    INFERENCE_END = "'--' (the end of an inference)"
    LIST_DELIMITER = "','"
    RELATION = "relation"
    HEADING = "heading"
    STATEMENT_NUMBER = "statement number"
    ORDERED_ITEM = "ordered list item"
    UNORDERED_ITEM = "list item"
    BOLD_END = "end of bold text"
    ITALIC_END = "end of italic text"
    BOLD_START = "bold text"
    ITALIC_START = "italic text"
    LINK = "link"
    TAG = "tag"
    STATEMENT_DEFINITION = "statement definition"
    STATEMENT_REFERENCE = "statement reference"
    STATEMENT_MENTION = "statement mention"
    ARGUMENT_DEFINITION = "argument definition"
    ARGUMENT_REFERENCE = "argument reference"
    ARGUMENT_MENTION = "argument mention"
    FREESTYLE = "text"
    CONTROL = "character"


@dataclass(slots=True)
class Token:
    kind: Kind
    image: str
    start: int
    line: int
    # relations: the symbol ('+', '<+', '+>', '-', '<-', '->', '><', '_', '<_', '_>');
    # bold and italic: '*' or '_'
    sign: str = ""


class LexError(InputError):
    """No token matches at a position (only a backslash that ends a line does that); the
    parser adds the file name."""

    def __init__(self, line: int, problem: str) -> None:
        super().__init__(problem)
        self.line = line
        self.problem = problem


# JavaScript's '.', '\s' and line terminators, which the official patterns are written in.
_LT = "\n\r\u2028\u2029"
_JS_SPACE = "\t\n\x0b\x0c\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_EMPTYLINE = re.compile(r"(?:[ \t]*(?:\r\n|\n)){2,}")
_NEWLINE = re.compile(r"[ \t]*(?:\r\n|\n|\r)")
_SPACES = re.compile(r"[ \t]+")
_ESCAPED = re.compile(rf"\\[^{_LT}] *")
_INFERENCE_START = re.compile(r"[ \t]*--")
_RELATIONS = [  # in the order the official lexer tries them
    ("+>", re.compile(r"([ \t]*)(\+>)")),
    ("->", re.compile(r"([ \t]*)(->)")),
    ("+", re.compile(r"([ \t]*)(<?\+)")),
    ("-", re.compile(r"([ \t]*)(<?-)")),
    ("><", re.compile(r"([ \t]*)(><)")),
    ("_>", re.compile(r"([ \t]*)(_>)")),
    ("_", re.compile(rf"([ \t]*)(<_|_(?=[{_JS_SPACE}]))")),
]
_HEADING = re.compile(r"#+ ")
_STATEMENT_NUMBER = re.compile(r"[ \t]*\(\d+\)")
_ORDERED_ITEM = re.compile(rf"([ \t]*)\d+\.(?=[{_JS_SPACE}])")
_UNORDERED_ITEM = re.compile(rf"([ \t]*)\*(?=[{_JS_SPACE}])")
_END_FOLLOWS = r"(?:[ \t]|(?=[\n\r)}_.,!?;:\-*]|$))"
_ENDS = [
    ("**", Kind.BOLD_END, re.compile(r"\*\*" + _END_FOLLOWS)),
    ("__", Kind.BOLD_END, re.compile(r"__" + _END_FOLLOWS)),
    ("*", Kind.ITALIC_END, re.compile(r"\*" + _END_FOLLOWS)),
    ("_", Kind.ITALIC_END, re.compile(r"_" + _END_FOLLOWS)),
]
_STARTS = [
    ("**", Kind.BOLD_START, re.compile(rf"\*\*(?![{_JS_SPACE}])")),
    ("__", Kind.BOLD_START, re.compile(rf"__(?![{_JS_SPACE}])")),
    ("*", Kind.ITALIC_START, re.compile(rf"\*(?![{_JS_SPACE}])")),
    ("_", Kind.ITALIC_START, re.compile(rf"_(?![{_JS_SPACE}])")),
]
_TAG_WORD = re.compile("#[a-zA-z0-9\\-\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef]+[ \t]?")
_FREESTYLE = re.compile(r"[^\\@#*_\[\],.:;</>\-\r\n(){}]+")
_CONTROL = re.compile(r"[@#*_\[\],.:;</>\-(){}][ \t]?")
_INFERENCE_END = re.compile(r"-{2,}")
# Characters that may start a token other than text or a mark that is text, away from the
# start of a line: comments, front matter, data, escapes, shortcodes, line breaks, spaces,
# emphasis, links, references and definitions, tags, mentions.
_MAY_START_SYNTAX = set("</={\\.:\n\r \t*_[#@")
_CONTROL_MARKS = set(",;()>-}]")
_TRAILING_BLANK = re.compile(r"[ \t]?")
# After a comment: every line break (after an empty line), or one that no blank line follows.
_BREAKS_AFTER_COMMENT = re.compile(r"(?:[ \t]*\r\n|\n|\r)*")
_BREAK_AFTER_COMMENT = re.compile(r"(?:[ \t]*(?:\r\n|\n|\r)(?![ \t]*(?:\r\n|\n|\r)))?")


class _Marks:
    """Where each closing mark stands in the text, for binary searches."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.cache: dict[str, list[int]] = {}

    def positions(self, mark: str) -> list[int]:
        found = self.cache.get(mark)
        if found is None:
            if mark == "LT":
                found = [m.start() for m in re.finditer(f"[{_LT}]", self.text)]
            elif mark == "SPACE":
                found = [m.start() for m in re.finditer(f"[{_JS_SPACE}]", self.text)]
            elif mark == "DATA_STOP":
                # where Argdown's data pattern cannot go on: '} ' before a character that
                # is not ',' or '}', and JavaScript's line terminators other than '\n'
                found = [
                    m.start()
                    for m in re.finditer(f"(?=}}[{_JS_SPACE}][^,}}])|[\r\u2028\u2029]", self.text)
                ]
            elif mark == "DATA_END":
                # a '}' that may end data: not followed by spaces and ',' or '}'
                found = [m.start() for m in re.finditer(rf"}}(?![{_JS_SPACE}]*[,}}])", self.text)]
            else:
                found = [m.start() for m in re.finditer(re.escape(mark), self.text)]
            self.cache[mark] = found
        return found

    def next(self, mark: str, start: int) -> int:
        """The first position >= ``start`` where ``mark`` stands, or -1."""
        found = self.positions(mark)
        index = bisect_left(found, start)
        return found[index] if index < len(found) else -1

    def last_before(self, mark: str, end: int) -> int:
        """The last position < ``end`` where ``mark`` stands, or -1."""
        found = self.positions(mark)
        index = bisect_left(found, end)
        return found[index - 1] if index > 0 else -1

    def on_one_line(self, start: int, end: int) -> bool:
        """Whether no line terminator stands in ``text[start:end]``."""
        after = self.next("LT", start)
        return after == -1 or after >= end


class Lexer:
    def __init__(self, text: str) -> None:
        self.text = text
        self.marks = _Marks(text)
        self.tokens: list[Token] = []
        self.indents = [0]
        self.ranges: list[str] = []  # open bold/italic: '**', '__', '*', '_'
        self.last_skipped_end = -1  # where the last skipped spaces or comment ended
        self.inference = False  # in the official lexer's inference mode
        self.line = 1

    # -- state --------------------------------------------------------------------------------

    def last(self) -> Token | None:
        return self.tokens[-1] if self.tokens else None

    def at_line_start(self, with_emptyline: bool = True) -> bool:
        last = self.last()
        if last is None:
            return True
        return last.kind is Kind.NEWLINE or (with_emptyline and last.kind is Kind.EMPTYLINE)

    def emit(self, kind: Kind, start: int, end: int, sign: str = "") -> None:
        image = self.text[start:end]
        self.tokens.append(Token(kind, image, start, self.line, sign))
        if "\n" in image or "\r" in image:
            self.line += image.count("\n") + image.count("\r") - image.count("\r\n")

    def dedent_all(self, at: int) -> None:
        while len(self.indents) > 1:
            self.indents.pop()
            self.tokens.append(Token(Kind.DEDENT, "", at, self.line))

    def indent_to(self, width: int, at: int) -> None:
        if width > self.indents[-1]:
            self.indents.append(width)
            self.tokens.append(Token(Kind.INDENT, "", at, self.line))
            return
        while len(self.indents) > 1 and width < self.indents[-1]:
            self.indents.pop()
            self.tokens.append(Token(Kind.DEDENT, "", at, self.line))

    # -- the patterns ---------------------------------------------------------------------------

    def comment(self, pos: int) -> int | None:
        text = self.text
        if text.startswith("<!--", pos):
            close = self.marks.next("-->", pos + 4)
            end = None if close == -1 else close + 3
        elif text.startswith("/*", pos):
            close = self.marks.next("*/", pos + 2)
            end = None if close == -1 else close + 2
        elif text.startswith("//", pos):
            close = self.marks.next("LT", pos + 2)
            end = None if close == -1 or text[close] not in "\r\n" else close
        else:
            return None
        if end is None:
            return None
        last = self.last()
        if last is not None and last.kind is Kind.EMPTYLINE:
            end = _BREAKS_AFTER_COMMENT.match(text, end).end()  # type: ignore[union-attr]
        elif last is not None and last.kind is Kind.NEWLINE:
            end = _BREAK_AFTER_COMMENT.match(text, end).end()  # type: ignore[union-attr]
        return end

    def front_matter(self, pos: int) -> int | None:
        text = self.text
        if not text.startswith("===", pos):
            return None
        run = pos
        while run < len(text) and text[run] == "=":
            run += 1
        close = self.marks.next("===", run)
        if close == -1:
            return run if run - pos >= 6 else None
        while close < len(text) and text[close] == "=":
            close += 1
        return close

    def data(self, pos: int) -> int | None:
        if not self.text.startswith("{", pos):
            return None
        stop = self.marks.next("DATA_STOP", pos + 1)
        limit = len(self.text) if stop == -1 else stop + 1
        if stop != -1 and self.text[stop] != "}":
            limit = stop  # a line terminator: the data must close before it
        close = self.marks.last_before("DATA_END", limit)
        return close + 1 if close > pos else None

    def special(self, pos: int) -> int | None:
        mark = self.text[pos : pos + 1]
        if mark not in (".", ":"):
            return None
        close = self.marks.next(mark, pos + 2)
        if close == -1:
            return None
        space = self.marks.next("SPACE", pos + 1)
        if space != -1 and space < close:
            return None
        return _TRAILING_BLANK.match(self.text, close + 1).end()  # type: ignore[union-attr]

    def bracketed(self, pos: int, opening: str, closing: str, definition: bool) -> int | None:
        """``[Title]:`` / ``[Title]`` (and ``<…>``): a title of one line."""
        text = self.text
        if not text.startswith(opening, pos) or pos + 1 >= len(text):
            return None
        if definition:
            close = self.marks.next(closing + ":", pos + 2)
            if close == -1 or not self.marks.on_one_line(pos + 1, close):
                return None
            return close + 2
        if text[pos + 1] == "-":
            return None
        close = self.marks.next(closing, pos + 2)
        if close == -1 or not self.marks.on_one_line(pos + 2, close):
            return None
        return close + 1

    def mention(self, pos: int) -> int | None:
        text = self.text
        if not text.startswith("@", pos) or text[pos + 1 : pos + 2] not in ("[", "<"):
            return None
        closing = "]" if text[pos + 1] == "[" else ">"
        close = self.marks.next(closing, pos + 3)
        if close == -1 or not self.marks.on_one_line(pos + 2, close):
            return None
        return _TRAILING_BLANK.match(text, close + 1).end()  # type: ignore[union-attr]

    def link(self, pos: int) -> int | None:
        text = self.text
        if not text.startswith("[", pos):
            return None
        close = self.marks.next("]", pos + 1)
        if close <= pos + 1 or not text.startswith("(", close + 1):
            return None
        end = self.marks.next(")", close + 2)
        if end <= close + 2:
            return None
        return _TRAILING_BLANK.match(text, end + 1).end()  # type: ignore[union-attr]

    def tag(self, pos: int) -> int | None:
        text = self.text
        if not text.startswith("#", pos):
            return None
        if text.startswith("(", pos + 1):
            close = self.marks.next(")", pos + 2)
            if close > pos + 2:
                return _TRAILING_BLANK.match(text, close + 1).end()  # type: ignore[union-attr]
            return None
        word = _TAG_WORD.match(text, pos)
        return word.end() if word is not None else None

    def bold_or_italic_end(self, pos: int) -> tuple[Kind, str, int] | None:
        if not self.ranges or self.text[pos] not in "*_":
            return None
        last = self.last()
        if last is None or self.last_skipped_end > last.start + len(last.image) - 1:
            return None  # spaces or a comment before it: no end
        for sign, kind, pattern in _ENDS:
            if self.ranges[-1] == sign:
                found = pattern.match(self.text, pos)
                if found is not None:
                    return kind, sign, found.end()
        return None

    # -- the lexer --------------------------------------------------------------------------------

    def run(self) -> list[Token]:
        text = self.text
        pos = 0
        while pos < len(text):
            pos = self.step_inference(pos) if self.inference else self.step(pos)
        last = self.last()
        if last is not None and last.kind is Kind.EMPTYLINE:
            self.tokens.pop()
        self.dedent_all(len(text))
        return self.tokens

    def skipped(self, pos: int, end: int) -> int:
        segment = self.text[pos:end]
        self.line += segment.count("\n") + segment.count("\r") - segment.count("\r\n")
        self.last_skipped_end = end - 1
        return end

    def step_inference(self, pos: int) -> int:
        text = self.text
        end = self.comment(pos)
        if end is not None:
            return self.skipped(pos, end)
        for kind, pattern in (
            (Kind.NEWLINE, _NEWLINE),
            (Kind.ESCAPED, _ESCAPED),
        ):
            found = pattern.match(text, pos)
            if found is not None:
                self.emit(kind, pos, found.end())
                return found.end()
        end = self.special(pos)
        if end is not None:
            self.emit(Kind.SPECIAL, pos, end)
            return end
        found = _INFERENCE_END.match(text, pos)
        if found is not None:
            self.emit(Kind.INFERENCE_END, pos, found.end())
            self.inference = False
            return found.end()
        end = self.data(pos)
        if end is not None:
            self.emit(Kind.DATA, pos, end)
            return end
        if text[pos] == ",":
            self.emit(Kind.LIST_DELIMITER, pos, pos + 1)
            return pos + 1
        return self.plain(pos)

    def plain(self, pos: int) -> int:
        """Spaces (skipped), text, or a control character as text."""
        text = self.text
        found = _SPACES.match(text, pos)
        if found is not None:
            return self.skipped(pos, found.end())
        found = _FREESTYLE.match(text, pos)
        if found is not None:
            self.emit(Kind.FREESTYLE, pos, found.end())
            return found.end()
        found = _CONTROL.match(text, pos)
        if found is not None:
            self.emit(Kind.CONTROL, pos, found.end())
            return found.end()
        raise LexError(self.line, "a backslash at the end of a line escapes nothing")

    def step(self, pos: int) -> int:
        text = self.text
        char = text[pos]
        if char in ".:" and not self.at_line_start():  # a shortcode, or a mark that is text
            end = self.special(pos)
            if end is not None:
                self.emit(Kind.SPECIAL, pos, end)
                return end
            return self.plain(pos)
        if char not in _MAY_START_SYNTAX and not self.at_line_start():
            # text, or a mark that is text here: no other pattern can match (a shortcut
            # that keeps long texts fast; the order of the patterns below decides the rest)
            pattern = _CONTROL if char in _CONTROL_MARKS else _FREESTYLE
            found = pattern.match(text, pos)
            if found is not None:
                self.emit(Kind.CONTROL if pattern is _CONTROL else Kind.FREESTYLE, pos, found.end())
                return found.end()
        end = self.comment(pos)
        if end is not None:
            return self.skipped(pos, end)
        for kind, matcher in ((Kind.FRONT_MATTER, self.front_matter), (Kind.DATA, self.data)):
            end = matcher(pos)
            if end is not None:
                self.emit(kind, pos, end)
                return end
        found = _ESCAPED.match(text, pos)
        if found is not None:
            self.emit(Kind.ESCAPED, pos, found.end())
            return found.end()
        end = self.special(pos)
        if end is not None:
            self.emit(Kind.SPECIAL, pos, end)
            return end
        last = self.last()
        if last is None or last.kind is not Kind.EMPTYLINE:
            found = _EMPTYLINE.match(text, pos)
            if found is not None:
                if found.end() < len(text):
                    self.dedent_all(pos)
                self.emit(Kind.EMPTYLINE, pos, found.end())
                return found.end()
        found = _NEWLINE.match(text, pos)
        if found is not None:
            self.emit(Kind.NEWLINE, pos, found.end())
            return found.end()
        line_start = self.at_line_start()
        if self.at_line_start(with_emptyline=False):
            found = _INFERENCE_START.match(text, pos)
            if found is not None:
                self.dedent_all(pos)
                self.emit(Kind.INFERENCE_START, pos, found.end())
                self.inference = True
                return found.end()
        if line_start:
            for _sign, pattern in _RELATIONS:
                found = pattern.match(text, pos)
                if found is not None:
                    self.indent_to(len(found.group(1)), pos)
                    self.emit(Kind.RELATION, pos, found.end(), found.group(2))
                    return found.end()
            found = _HEADING.match(text, pos)
            if found is not None:
                self.emit(Kind.HEADING, pos, found.end())
                return found.end()
            found = _STATEMENT_NUMBER.match(text, pos)
            if found is not None:
                self.dedent_all(pos)
                self.emit(Kind.STATEMENT_NUMBER, pos, found.end())
                return found.end()
            for kind, pattern in (
                (Kind.ORDERED_ITEM, _ORDERED_ITEM),
                (Kind.UNORDERED_ITEM, _UNORDERED_ITEM),
            ):
                found = pattern.match(text, pos)
                if found is not None:
                    self.indent_to(len(found.group(1)) + 1, pos)
                    self.emit(kind, pos, found.end())
                    return found.end()
        ended = self.bold_or_italic_end(pos)
        if ended is not None:
            kind, sign, end = ended
            self.ranges.pop()
            self.emit(kind, pos, end, sign)
            return end
        for sign, kind, pattern in _STARTS:
            found = pattern.match(text, pos)
            if found is not None:
                self.ranges.append(sign)
                self.emit(kind, pos, found.end(), sign)
                return found.end()
        for kind, matcher in (
            (Kind.LINK, self.link),
            (Kind.TAG, self.tag),
        ):
            end = matcher(pos)
            if end is not None:
                self.emit(kind, pos, end)
                return end
        for kind, opening, closing, definition in (
            (Kind.STATEMENT_DEFINITION, "[", "]", True),
            (Kind.STATEMENT_REFERENCE, "[", "]", False),
        ):
            end = self.bracketed(pos, opening, closing, definition)
            if end is not None:
                self.emit(kind, pos, end)
                return end
        if text.startswith("@[", pos):
            end = self.mention(pos)
            if end is not None:
                self.emit(Kind.STATEMENT_MENTION, pos, end)
                return end
        for kind, opening, closing, definition in (
            (Kind.ARGUMENT_DEFINITION, "<", ">", True),
            (Kind.ARGUMENT_REFERENCE, "<", ">", False),
        ):
            end = self.bracketed(pos, opening, closing, definition)
            if end is not None:
                self.emit(kind, pos, end)
                return end
        if text.startswith("@<", pos):
            end = self.mention(pos)
            if end is not None:
                self.emit(Kind.ARGUMENT_MENTION, pos, end)
                return end
        return self.plain(pos)


def tokenize(text: str) -> list[Token]:
    """The tokens of an Argdown text (spaces and comments skipped, as Argdown does)."""
    return Lexer(text).run()
