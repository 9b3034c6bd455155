"""Reading SPARQL text without parsing it: one tokenizer, and what argmap needs to know from it.

The tokenizer splits the text into comments, IRIs, string literals (short and long),
variables, numbers, words (keywords, prefixed names, blank nodes) and punctuation, as the
SPARQL grammar's terminals do, so that a word inside a string, an IRI or a comment is never
taken for a keyword. From its tokens come the query's variables (to check parameters), the
``{`` where parameters are bound, whether the text is an update, whether it holds a
``SERVICE`` clause, and the prefixes it uses.

It runs in time linear in the text: every token pattern is possessive, and an unterminated
string runs to the end of its line (a long one to the end of the text) instead of failing, so
no stretch of text is scanned more than a bounded number of times. The SPARQL parser still has
the last word on the syntax.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, NamedTuple, cast

__all__ = [
    "UPDATE_KEYWORDS",
    "Outline",
    "Token",
    "TokenKind",
    "has_service",
    "is_update",
    "outline",
    "prefixes_used",
    "tokens",
    "variables",
    "where_brace",
]

TokenKind = Literal["comment", "string", "iri", "variable", "number", "word", "punct"]

# The operations of SPARQL 1.1 Update, as the first keyword after the prologue.
UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
)

# Whitespace, then one alternative per kind, tried in this order (at the end, no group). Lines
# end at CR or LF (a comment ends at either). A backslash outside strings escapes the next
# character (as in a prefixed name's local part), so it never opens a comment or a string.
_TOKEN = re.compile(
    r"""
    \s*+
    (?: (?P<comment>\#[^\r\n]*+)
    | (?P<string>
        '''(?:[^'\\]++|\\[\s\S]?|'(?!''))*+(?:'''|\Z)
      | \"\"\"(?:[^"\\]++|\\[\s\S]?|"(?!""))*+(?:\"\"\"|\Z)
      | '(?:[^'\\\r\n]++|\\[^\r\n]?)*+'?
      | "(?:[^"\\\r\n]++|\\[^\r\n]?)*+"?
      )
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*+>)
    | (?P<variable>[?$]\w++)
    | (?P<number>\d++(?:\.\d++)?(?:[eE][+-]?\d++)?|\.\d++(?:[eE][+-]?\d++)?)
    | (?P<word>(?:[^\W\d]|:)(?:[\w:\-]|\\\S)*+)
    | (?P<punct>\\\S|\S)
    | \Z
    )
    """,
    re.VERBOSE,
)

# Inside parentheses a '<' may be "less than" rather than an IRI's start (FILTER(?a<?b)). Read
# as code, an IRI token holding one of these would change what follows: a comment or string
# would start, or the parentheses would nest differently.
_SHIFTING = re.compile(r"[#'()]")
# SERVICE where it could be the keyword: not inside a name, a variable or a prefixed name.
_SERVICE_WORD = re.compile(r"(?<![^\W\d])(?<![?$:_\-\\])SERVICE(?![\w:\-])", re.IGNORECASE)


class Token(NamedTuple):
    """One token: its kind, its text and its offset in the query."""

    kind: TokenKind
    text: str
    start: int


def tokens(sparql: str) -> Iterator[Token]:
    """The tokens of ``sparql`` in order, comments included, whitespace left out."""
    for match in _TOKEN.finditer(sparql):
        kind = match.lastgroup
        if kind is not None:
            yield Token(cast(TokenKind, kind), match.group(kind), match.start(kind))


@dataclass(frozen=True)
class Outline:
    """What argmap reads from a query's text (see the module's functions)."""

    variables: frozenset[str]
    where_brace: int | None
    update: bool
    service: bool
    prefixes_declared: frozenset[str]
    prefixes_used: frozenset[str]


# A named query is run again and again with the same text: its outline is kept.
@lru_cache(maxsize=256)
def outline(sparql: str) -> Outline:
    """Everything :class:`Outline` holds, from one pass of the tokenizer."""
    found: set[str] = set()
    declared: set[str] = set()
    used: set[str] = set()
    service = shifting = False
    # The update check reads the first keyword after the prologue (PREFIX p: <iri>, BASE
    # <iri>); ``expect`` holds the token kinds the prologue item being read still needs.
    first: str | None = None
    expect: list[TokenKind] = []
    # The WHERE group: the first top-level group after WHERE; without WHERE, the first
    # top-level group, or the second for a CONSTRUCT (whose first is its template).
    depth, parens, after_where, construct = 0, 0, False, False
    brace: int | None = None
    top: list[int] = []
    previous = ""  # the word before this token, upper-cased ("" after any other token)
    for match in _TOKEN.finditer(sparql):
        kind = match.lastgroup
        if kind is None or kind == "comment":
            continue
        text = match.group(kind)
        word = text.upper() if kind == "word" else ""
        if first is None:
            if expect:
                if kind == expect[0] and (kind != "word" or text.endswith(":")):
                    expect.pop(0)
                else:
                    first = ""  # a broken prologue: the parser says what is wrong
            elif word in ("PREFIX", "BASE"):
                expect = ["word", "iri"] if word == "PREFIX" else ["iri"]
            else:
                first = word
        if kind == "variable":
            found.add(text[1:])
        elif kind == "word":
            if word == "SERVICE":
                service = True
            elif word == "WHERE" and depth == 0:
                after_where = True
            elif word == "CONSTRUCT" and depth == 0 and not top:
                construct = True
            elif previous == "PREFIX" and text.endswith(":"):
                declared.add(text[:-1])
            elif ":" in text and not text.startswith("_:"):
                used.add(text.partition(":")[0])
        elif kind == "iri":
            shifting = shifting or (parens != 0 and _SHIFTING.search(text) is not None)
        elif text == "{":
            if depth == 0 and brace is None:
                start = match.start(kind)
                if after_where:
                    brace = start
                top.append(start)
            depth += 1
        elif text == "}":
            depth -= 1
        elif text == "(":
            parens += 1
        elif text == ")":
            parens -= 1
        previous = word
    if brace is None:
        wanted = 1 if construct else 0
        brace = top[wanted] if len(top) > wanted else None
    if shifting and not service:
        # The tokens may not be the parser's: any SERVICE that could be the keyword counts.
        service = _SERVICE_WORD.search(sparql) is not None
    return Outline(
        variables=frozenset(found),
        where_brace=brace,
        update=first in UPDATE_KEYWORDS,
        service=service,
        prefixes_declared=frozenset(declared),
        prefixes_used=frozenset(used),
    )


def variables(sparql: str) -> frozenset[str]:
    """The names of the query's variables (``?x`` and ``$x``), without the sign."""
    return outline(sparql).variables


def where_brace(sparql: str) -> int | None:
    """Offset of the ``{`` that opens the query's top-level WHERE group, or None."""
    return outline(sparql).where_brace


def is_update(sparql: str) -> bool:
    """Whether the text is a SPARQL Update: an update keyword first after the prologue."""
    return outline(sparql).update


def has_service(sparql: str) -> bool:
    """Whether the text may hold a ``SERVICE`` clause (a federated query). When a ``<`` in
    parentheses could be read two ways with different tokens after it, any ``SERVICE`` that
    could be the keyword counts."""
    return outline(sparql).service


def prefixes_used(sparql: str) -> frozenset[str]:
    """The prefixes of the prefixed names the query uses but does not declare."""
    found = outline(sparql)
    return found.prefixes_used - found.prefixes_declared
