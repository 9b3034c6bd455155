"""Writing Argdown source (https://argdown.org/syntax/): :func:`to_argdown`.

What an Argdown user would write: each thesis (a claim that supports or attacks nothing) as
the root of a tree of the claims that support (``+``) or attack (``-``) it, nested below
it, each claim defined once (``[Title]: text``) and referred to (``[Title]``) elsewhere; a
claim that restates another is a second member of its statement (Argdown's equivalence
class); each argument a premise-conclusion structure; undercuts in Argdown's syntax
(``_> <Argument>``). Titles come from the claim's ``identifier`` (the title it was imported
with) or its first words, made unique.

Texts are escaped where, and only where, the official lexer would read syntax
(:mod:`argmap.formats.argdown_lex` simulates it): a backslash before a character that would
start a link, a reference, a tag, emphasis, a comment, a data block or a shortcode, so
``@argdown/cli`` reads back the very text (tests check it on every fixture).
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field

import yaml

from argmap.errors import InputError
from argmap.formats.argdown_lex import SHORTCODES, Kind, Lexer, LexError, Token
from argmap.formats.argdown_parse import CONTROL_CHARS, parse
from argmap.graph.projection import scheme_label
from argmap.model.corpus import Corpus
from argmap.model.entities import ArgumentMap, AttackKind, Relation, RelationType
from argmap.model.ids import split_ref

__all__ = ["dumps", "escape_text", "to_argdown"]

# Tokens whose text is their image, as written: nothing to escape in them.
_PLAIN = {Kind.FREESTYLE, Kind.CONTROL}
# Marks that open a token which may close on a later line (a link, an argument reference,
# data, a comment, front matter, a tag in parentheses): always escaped, as the lines after
# the text are not known.
_OPENS_ACROSS_LINES = re.compile(r"\[|\{|<|/\*|===|#\(")
_TITLE_WORDS = 6
_TITLE_CHARS = 48
# Deeper trees are cut (the rest starts a tree of its own): Argdown readers nest 100 deep.
_MAX_TREE_DEPTH = 40


def _escaped_once(flat: str, inference: bool) -> str:
    """``flat`` with a backslash before each character where the official lexer would
    start a token that is not plain text (simulated on the text as it is written)."""
    # What follows the text where it is written: a line break, or the inference's end.
    lexer = Lexer(flat + (" --" if inference else "\n"))
    lexer.inference = inference
    lexer.tokens.append(Token(Kind.STATEMENT_DEFINITION, "[x]:", -5, 1))
    out: list[str] = []
    pos = 0
    while pos < len(flat):
        count = len(lexer.tokens)
        ranges = list(lexer.ranges)
        try:
            end = lexer.step_inference(pos) if inference else lexer.step(pos)
        except LexError:  # a backslash at the end
            end = pos
        new = lexer.tokens[count:]
        plain = end > pos and all(
            t.kind in _PLAIN or (t.kind is Kind.SPECIAL and t.image.strip() not in SHORTCODES)
            for t in new
        )
        if not new and flat[pos:end].strip():
            plain = False  # a comment, which Argdown skips
        if plain and lexer.inference == inference and not _OPENS_ACROSS_LINES.match(flat, pos):
            out.append(flat[pos:end])
            pos = end
            continue
        # escape the character: the escape takes the spaces after it along
        del lexer.tokens[count:]
        lexer.ranges = ranges
        lexer.inference = inference
        stop = pos + 1
        while stop < len(flat) and flat[stop] == " ":
            stop += 1
        lexer.tokens.append(Token(Kind.ESCAPED, "\\" + flat[pos:stop], pos, 1))
        out.append("\\" + flat[pos:stop])
        pos = stop
    return "".join(out)


def _escaped_all(flat: str) -> str:
    return re.sub(r"([\\@#*_\[\],.:;</>\-(){}=])", r"\\\1", flat)


def escape_text(text: str, inference: bool = False) -> str:
    """``text`` as Argdown text that reads back as ``text``: whitespace runs (line breaks
    included) become one space, as Argdown joins lines; control characters, which are not
    text, become U+FFFD. ``inference``: for an inference rule between ``--`` lines."""
    flat = re.sub(r"\s+", " ", CONTROL_CHARS.sub("\ufffd", text)).strip()
    escaped = _escaped_once(flat, inference)
    if not inference and not _reads_back(escaped, flat):
        escaped = _escaped_all(flat)  # the simulation missed a case: escape every mark
    return escaped


def _reads_back(escaped: str, flat: str) -> bool:
    try:
        doc = parse(f"[x]: {escaped}\n", "<check>")
    except InputError:
        return False
    members = doc.statements["x"].members if "x" in doc.statements else []
    return len(doc.statements) == 1 and len(members) == 1 and _norm(members[0].text) == flat


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _clean_title(text: str) -> str:
    """A text as an Argdown title: no brackets, no line breaks, and no '-', '+', '_' or
    '!' first (``<-``, ``<+``, ``<_`` start relations, ``<!--`` a comment)."""
    title = _norm(CONTROL_CHARS.sub(" ", re.sub(r"[\[\]<>\u2028\u2029]", " ", text)))
    return title.lstrip("-+_! ").strip()


def _first_words(text: str) -> str:
    words = _clean_title(text).split(" ")
    title = ""
    for word in words[:_TITLE_WORDS]:
        if title and len(title) + 1 + len(word) > _TITLE_CHARS:
            break
        title = f"{title} {word}".strip()
    return title[:_TITLE_CHARS].strip()


class _Titles:
    """Unique titles, one namespace for statements and one for arguments."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def make(self, preferred: str, fallback: str) -> str:
        base = preferred or fallback
        candidate, number = base, 1
        while candidate.casefold() in self.used:
            number += 1
            candidate = f"{base} ({number})"
        self.used.add(candidate.casefold())
        return candidate


def _identifier_title(identifier: str | None) -> str:
    if not identifier or len(identifier) > 80 or not re.search(r"[^\W\d_]", identifier):
        return ""  # a database key is no title
    return _clean_title(identifier)


@dataclass
class _Plan:
    """Titles and which relations are written how, for the whole corpus."""

    statement: dict[tuple[str, str], str] = field(default_factory=dict)  # (map, claim) -> title
    argument: dict[tuple[str, str], str] = field(default_factory=dict)  # (map, id) -> title
    member_of: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)
    as_argument: set[tuple[str, str]] = field(default_factory=set)  # relations written so
    # claims that stood for an argument without a premise-conclusion structure (imported
    # from Argdown), written as such an argument again: (map, claim) -> title
    argument_claim: dict[tuple[str, str], str] = field(default_factory=dict)
    # the one relation such an argument makes (its inference, which undercuts attack)
    inference_of: dict[tuple[str, str], str] = field(default_factory=dict)


def _key(m: ArgumentMap, ref: str) -> tuple[str, str]:
    map_id, local = split_ref(ref)
    return (map_id or m.id, local)


def _plan(corpus: Corpus) -> _Plan:
    plan = _Plan()
    statements, arguments = _Titles(), _Titles()
    for m in corpus.maps:
        in_structures = {c for a in m.arguments for c in (*a.premises, a.conclusion)}
        for claim in m.claims:
            preferred = _identifier_title(claim.identifier) or _first_words(claim.text)
            note = claim.note or ""
            if (
                note.startswith("Argdown <")
                and not note.endswith(", another description")
                and claim.id not in in_structures
            ):
                title = arguments.make(preferred, "Argument")
                plan.argument_claim[(m.id, claim.id)] = title
                plan.statement[(m.id, claim.id)] = title
                outgoing = [
                    r
                    for r in m.relations
                    if r.source == claim.id
                    and r.type in (RelationType.SUPPORT, RelationType.ATTACK)
                    and r.kind is not AttackKind.UNDERCUT
                ]
                if len(outgoing) == 1:
                    plan.inference_of[(m.id, outgoing[0].id)] = title
                continue
            plan.statement[(m.id, claim.id)] = statements.make(preferred, "Claim")
    for m in corpus.maps:
        for rel in m.relations:
            if rel.type is RelationType.ATTACK and rel.kind is not AttackKind.UNDERMINE:
                target = _key(m, rel.target)
                owner = corpus.maps_by_id.get(target[0])
                undercut_of_inference = (
                    rel.kind is AttackKind.UNDERCUT and target in plan.inference_of
                )
                if (
                    owner is not None
                    and target[1] in owner.relations_by_id
                    and not undercut_of_inference
                ):
                    plan.as_argument.add(target)
        plan.member_of.update(_members(m, plan))
    for m in corpus.maps:
        for argument in m.arguments:
            preferred = _identifier_title(argument.identifier) or _first_words(
                argument.warrant or ""
            )
            conclusion = plan.statement.get(_key(m, argument.conclusion), "")
            plan.argument[(m.id, argument.id)] = arguments.make(
                preferred or f"For {conclusion}"[:_TITLE_CHARS], "Argument"
            )
        for rel in m.relations:
            if (m.id, rel.id) in plan.as_argument:
                source_title = plan.statement.get(_key(m, rel.source), "")
                target_title = (
                    plan.statement.get(_key(m, rel.target))
                    or plan.argument.get(_key(m, rel.target))
                    or _first_words(rel.target)
                )
                verb = _VERBS.get(rel.type, "against")
                plan.argument[(m.id, rel.id)] = arguments.make(
                    _first_words(f"{source_title} {verb} {target_title}"), "Argument"
                )
    return plan


# How the title of an argument standing for a relation reads ("A for B").
_VERBS = {RelationType.SUPPORT: "for", RelationType.REPHRASE: "restating"}


def _members(m: ArgumentMap, plan: _Plan) -> Iterator[tuple[tuple[str, str], tuple[str, str]]]:
    """Claims written as another member of the statement they restate: those that do
    nothing but restate one claim of this map."""
    used: dict[str, int] = {}
    for rel in m.relations:
        for end in (rel.source, rel.target):
            used[end] = used.get(end, 0) + 1
    for argument in m.arguments:
        for end in (*argument.premises, argument.conclusion):
            used[end] = used.get(end, 0) + 2
    for rel in m.relations:
        if (
            rel.type is RelationType.REPHRASE
            and (m.id, rel.id) not in plan.as_argument
            and used.get(rel.source) == 1
            and split_ref(rel.target)[0] in (None, m.id)
            and rel.target in m.claims_by_id
        ):
            yield (m.id, rel.source), (m.id, rel.target)


_SYMBOL = {
    RelationType.SUPPORT: "+",
    RelationType.ATTACK: "-",
    RelationType.CONTRARY: "-",
    RelationType.CONTRADICTORY: "><",
}


class _MapWriter:
    def __init__(self, m: ArgumentMap, plan: _Plan, corpus: Corpus) -> None:
        self.m, self.plan, self.corpus = m, plan, corpus
        self.defined: set[tuple[str, str]] = set()
        self.incoming: dict[str, list[Relation]] = {}
        self.outgoing: dict[str, list[str]] = {}  # claim -> lines written below it
        self.argument_lines: list[str] = []

    def statement(self, ref: str) -> str:
        key = _key(self.m, ref)
        key = self.plan.member_of.get(key, key)
        return self.plan.statement.get(key, ref)

    def argument(self, ref: str) -> str:
        key = _key(self.m, ref)
        return self.plan.argument.get(key) or self.plan.inference_of.get(key) or ref

    def node(self, ref: str) -> str:
        """A claim as written: ``[Statement]``, or ``<Argument>`` for one that stood for an
        argument."""
        key = self.plan.member_of.get(_key(self.m, ref), _key(self.m, ref))
        if key in self.plan.argument_claim:
            return f"<{self.plan.argument_claim[key]}>"
        return f"[{self.statement(ref)}]"

    def is_written_as_argument(self, ref: str) -> bool:
        key = _key(self.m, ref)
        return key in self.plan.argument or key in self.plan.inference_of

    def sort_relations(self) -> None:
        m, plan = self.m, self.plan
        for rel in m.relations:
            key = (m.id, rel.id)
            if key in plan.as_argument or rel.type is RelationType.REPHRASE:
                continue
            if self.statement(rel.source) == self.statement(rel.target):
                continue
            if rel.kind is AttackKind.UNDERCUT or self.is_written_as_argument(rel.target):
                symbol = "_>" if rel.kind is AttackKind.UNDERCUT else "->"
                line = f"{symbol} <{self.argument(rel.target)}>"
                self.outgoing.setdefault(rel.source, []).append(line)
            elif split_ref(rel.target)[0] not in (None, m.id):
                # a claim of another map: below the source, in the other direction
                symbol = _SYMBOL[rel.type]
                arrow = symbol if rel.type is RelationType.CONTRADICTORY else f"{symbol}>"
                self.outgoing.setdefault(rel.source, []).append(f"{arrow} {self.node(rel.target)}")
            else:
                self.incoming.setdefault(rel.target, []).append(rel)

    def lines(self) -> list[str]:
        self.sort_relations()
        m = self.m
        tree_sources = {r.source for rels in self.incoming.values() for r in rels}
        roots = [c.id for c in m.claims if c.id not in tree_sources]
        roots += [c.id for c in m.claims if c.id in tree_sources]  # cycles, cut trees
        out: list[str] = []
        pending = deque(roots)
        while pending:
            claim = pending.popleft()
            if (m.id, claim) in self.defined or (m.id, claim) in self.plan.member_of:
                continue
            block: list[str] = []
            self.tree(claim, 0, block, pending)
            out += [*block, ""]
        for other in self.outgoing:  # another map's claim, with relations from here
            if split_ref(other)[0] not in (None, m.id) and other not in m.claims_by_id:
                out += [self.node(other)]
                out += [f"  {line}" for line in self.outgoing[other]] + [""]
        for member in m.claims:
            head = self.plan.member_of.get((m.id, member.id))
            if head is not None:  # another formulation (or description) of its head
                written, text = self.node(member.id), escape_text(member.text)
                out += [f"{written}: {text}" if text else written, ""]
        for argument in m.arguments:
            out += self.reconstruction(argument.id)
        for map_id, rel_id in sorted(self.plan.as_argument):
            if map_id == m.id:
                out += self.relation_argument(m.relations_by_id[rel_id])
        return out

    def tree(
        self, claim: str, depth: int, out: list[str], pending: deque[str], prefix: str = ""
    ) -> None:
        """``claim`` defined, then what supports and attacks it, nested below it."""
        m = self.m
        self.defined.add((m.id, claim))
        indent = "  " * depth
        text = escape_text(m.claims_by_id[claim].text)
        # a text of only spaces cannot be written: the title alone stands for the claim
        out.append(f"{prefix}{self.node(claim)}: {text}" if text else f"{prefix}{self.node(claim)}")
        for rel in self.incoming.get(claim, []):
            source = rel.source
            child = f"{indent}  {_SYMBOL[rel.type]} "
            nested = (
                split_ref(source)[0] in (None, m.id)
                and source in m.claims_by_id
                and (m.id, source) not in self.defined
                and (m.id, source) not in self.plan.member_of
            )
            if nested and depth < _MAX_TREE_DEPTH:
                self.tree(source, depth + 1, out, pending, child)
                continue
            out.append(f"{child}{self.node(source)}")
            if nested:
                pending.append(source)
        out.extend(f"{indent}  {line}" for line in self.outgoing.get(claim, []))

    def reconstruction(self, argument_id: str) -> list[str]:
        """An argument as a premise-conclusion structure."""
        m = self.m
        argument = m.arguments_by_id[argument_id]
        premises = list(dict.fromkeys(self.statement(p) for p in argument.premises))
        conclusion = self.statement(argument.conclusion)
        premises = [p for p in premises if p != conclusion] or premises
        label = scheme_label(m, argument.scheme)
        return _pcs(self.argument(argument.id), argument.warrant, premises, conclusion, label)

    def relation_argument(self, rel: Relation) -> list[str]:
        """A relation that an undercut or a rebut attacks, written as an argument."""
        name = self.argument(rel.id)
        source, target = self.node(rel.source), self.node(rel.target)
        if rel.type in (RelationType.SUPPORT, RelationType.REPHRASE):
            return _pcs(name, rel.warrant, [source[1:-1]], target[1:-1], None)
        lines = [_head(name, rel.warrant)]
        if rel.kind is AttackKind.UNDERCUT or self.is_written_as_argument(rel.target):
            symbol = "_>" if rel.kind is AttackKind.UNDERCUT else "->"
            lines.append(f"  {symbol} <{self.argument(rel.target)}>")
        else:
            lines.append(f"  -> {target}")
        return [*lines, f"  + {source}", ""]


def _head(name: str, description: str | None) -> str:
    text = escape_text(description) if description else ""
    return f"<{name}>: {text}" if text else f"<{name}>"


def _pcs(
    name: str, description: str | None, premises: list[str], conclusion: str, scheme: str | None
) -> list[str]:
    rule = escape_text(scheme, inference=True) if scheme else ""
    lines = [_head(name, description), ""]
    lines += [f"({number}) [{premise}]" for number, premise in enumerate(premises, start=1)]
    lines.append(f"-- {rule} --" if rule else "----")
    return [*lines, f"({len(premises) + 1}) [{conclusion}]", ""]


def _front_matter(corpus: Corpus) -> list[str]:
    front: dict[str, str] = {"title": " / ".join(m.title for m in corpus.maps)}
    descriptions = [m.description for m in corpus.maps if m.description]
    if descriptions:
        front["description"] = "\n".join(descriptions)
    # One double-quoted line per key, '=' written as '\x3D': nothing in it can close the
    # front matter ('===').
    return [
        f"{key}: "
        + yaml.dump(
            value, Dumper=yaml.SafeDumper, default_style='"', allow_unicode=True, width=float("inf")
        )
        .strip()
        .replace("=", "\\x3D")
        for key, value in front.items()
    ]


def to_argdown(corpus: Corpus) -> str:
    """The corpus as idiomatic Argdown (see the module's docstring)."""
    plan = _plan(corpus)
    lines = ["===", *_front_matter(corpus), "===", ""]
    for m in corpus.maps:
        if len(corpus.maps) > 1:
            lines += [f"# {escape_text(m.title)}", ""]
        lines += _MapWriter(m, plan, corpus).lines()
    return "\n".join(lines).rstrip("\n") + "\n"


def dumps(corpus: Corpus) -> bytes:
    """The corpus as Argdown source (UTF-8)."""
    return to_argdown(corpus).encode("utf-8")
