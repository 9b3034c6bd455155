"""Argdown's own model of a document, built as the official tools build it.

The grammar is the one of ``@argdown/core`` 1.7 (``parser.ts``: a document is blocks between
empty lines: headings, statements, arguments, premise-conclusion structures and lists;
relations below an element, nested by indentation), and the model is what its
``ModelPlugin`` and ``DataPlugin`` make of the parse tree: equivalence classes of statements
(one per title; ``Untitled N`` for statements without one, numbered in the order Argdown
numbers them), arguments with their descriptions and premise-conclusion structures,
relations, sections and tags. Like the official ``@argdown/cli``, a syntax error is refused
(the official tools export nothing for such a file), with the line and what to fix.

Settings the front matter can give (``model: {mode: strict, removeTagsFromText: true}``) are
honoured as the official tools honour them; after the walk the relations are transformed as
the official ``ModelPlugin.run`` does (relations of reconstructed arguments move to their
conclusions and inferences; in strict mode, statement-to-statement attacks become contrary
relations and supports entailments).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from argmap.errors import InputError
from argmap.formats._imports import short
from argmap.formats.argdown_lex import SHORTCODES, Kind, LexError, Token, tokenize
from argmap.formats.authoring import MapSafeLoader
from argmap.util.limits import current

__all__ = [
    "ArgdownArgument",
    "Document",
    "EquivalenceClass",
    "Inference",
    "Member",
    "Relation",
    "Section",
    "parse",
]

# Values one YAML block (front matter, data) may hold, aliases counted as the copies they
# make when the map's description writes them out: far beyond any real front matter.
_YAML_VALUES = 100_000
# Python writes no int of more than 4,300 digits as text (sys.get_int_max_str_digits), and
# YAML's base-60 numbers (1:59:59…) make ints of any size without one: they are refused.
_YAML_INT_BITS = 13_000
_SURROGATE = re.compile("[\ud800-\udfff]")
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Marks that each make a token of their own (text runs between them are one token): a file
# of more is refused, which bounds the time a hostile file takes (about 3 s at the bound),
# far above real files (the largest examples hold a few thousand).
_MARKS = "\\@#*_[],.:;</>-(){}"
MAX_MARKS = 500_000
# Relations below relations below…: deeper than any real map; bounded so a hostile file is
# one clear error, not a recursion error.
MAX_DEPTH = 100

_CONTENT = {
    Kind.FREESTYLE,
    Kind.CONTROL,
    Kind.ESCAPED,
    Kind.SPECIAL,
    Kind.LINK,
    Kind.BOLD_START,
    Kind.ITALIC_START,
    Kind.TAG,
    Kind.ARGUMENT_MENTION,
    Kind.STATEMENT_MENTION,
    Kind.NEWLINE,
}
_FREESTYLE = {Kind.FREESTYLE, Kind.CONTROL, Kind.ESCAPED, Kind.SPECIAL}
_TAG = re.compile("#(?:\\(([^)]+)\\)|([a-zA-z0-9\\-\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef]+))")
_LINK = re.compile(r"\[(.+)\]\((.+)\)")
# Argdown's include directive (the CLI's IncludePlugin), at the start of a line.
_INCLUDE = re.compile(r"^[ \t]*@include\(", re.M)
_DATA_BLOCK_START = re.compile(r"{[ \t]*(\n\r|\n)")
_SYNTAX = {
    Kind.FRONT_MATTER,
    Kind.RELATION,
    Kind.HEADING,
    Kind.STATEMENT_NUMBER,
    Kind.INFERENCE_START,
    Kind.STATEMENT_DEFINITION,
    Kind.STATEMENT_REFERENCE,
    Kind.ARGUMENT_DEFINITION,
    Kind.ARGUMENT_REFERENCE,
    Kind.ORDERED_ITEM,
    Kind.UNORDERED_ITEM,
}


@dataclass(eq=False)
class Member:
    """One occurrence of a statement (or an argument's description) in the text."""

    role: str  # top-level | relation | premise | conclusion | description | item
    title: str = ""
    text: str = ""
    is_reference: bool = False
    data: Any = None
    tags: list[str] = field(default_factory=list)
    section: Section | None = None
    inference: Inference | None = None  # of a conclusion
    line: int = 0


@dataclass(eq=False)
class EquivalenceClass:
    title: str
    members: list[Member] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    section: Section | None = None
    data: Any = None

    kind = "statement"


@dataclass(eq=False)
class Inference:
    rules: list[str] = field(default_factory=list)
    data: Any = None
    argument: str = ""  # the title of its argument
    index: int = 0  # where its conclusion stands in the argument's structure
    line: int = 0

    kind = "inference"


@dataclass(eq=False)
class ArgdownArgument:
    title: str
    members: list[Member] = field(default_factory=list)  # its descriptions
    pcs: list[Member] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    section: Section | None = None
    data: Any = None

    kind = "argument"


Node = EquivalenceClass | ArgdownArgument | Inference


@dataclass(eq=False)
class Relation:
    type: str  # support | attack | undercut | contradictory | contrary | entails
    source: Node | None = None
    target: Node | None = None
    line: int = 0


@dataclass(eq=False)
class Section:
    id: str
    title: str
    level: int
    parent: Section | None
    data: Any = None


@dataclass
class Document:
    statements: dict[str, EquivalenceClass] = field(default_factory=dict)
    arguments: dict[str, ArgdownArgument] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    front_matter: Any = None
    strict: bool = False


class _Syntax(InputError):  # noqa: N818 - internal: becomes an InputError with the file name
    def __init__(self, line: int, problem: str, fix: str) -> None:
        super().__init__(problem)
        self.line, self.problem, self.fix = line, problem, fix


class _Parser:
    """A recursive descent over the tokens, building the model as it goes (in the order the
    official tree walk visits the parse tree, which decides how untitled statements are
    numbered)."""

    def __init__(self, tokens: list[Token], label: str) -> None:
        self.tokens = tokens
        self.index = 0
        self.label = label
        self.doc = Document()
        self.untitled = 0
        self.remove_tags = False
        self.heading: Member | None = None  # a heading's text is read like a statement's
        self.statement: Member | None = None
        self.relation_parents: list[Node] = []
        self.relation_parent: Member | Node | None = None
        self.inference: Inference | None = None  # the last one read (Argdown keeps it)
        self.section: Section | None = None
        self.depth = 0
        self.related: set[tuple[int, int, str]] = set()

    # -- tokens ---------------------------------------------------------------------------------

    def peek(self, ahead: int = 0) -> Token | None:
        at = self.index + ahead
        return self.tokens[at] if at < len(self.tokens) else None

    def kind(self, ahead: int = 0) -> Kind | None:
        token = self.peek(ahead)
        return token.kind if token is not None else None

    def line(self) -> int:
        token = self.peek() or (self.tokens[-1] if self.tokens else None)
        return token.line if token is not None else 1

    def take(self, kind: Kind, what: str = "") -> Token:
        token = self.peek()
        if token is None or token.kind is not kind:
            raise self.unexpected(what or str(kind.value))
        self.index += 1
        return token

    def accept(self, kind: Kind) -> Token | None:
        if self.kind() is kind:
            return self.take(kind)
        return None

    def unexpected(self, wanted: str) -> _Syntax:
        token = self.peek()
        found = "the end of the file" if token is None else _shown(token)
        fix = _FIXES.get(token.kind if token is not None else None, "fix the Argdown syntax")
        return _Syntax(self.line(), f"expected {wanted}, found {found}", fix)

    # -- document -------------------------------------------------------------------------------

    def document(self) -> Document:
        self.accept(Kind.NEWLINE)
        self.accept(Kind.EMPTYLINE)
        front = self.accept(Kind.FRONT_MATTER)
        if front is not None:
            self.front_matter(front)
            self.accept(Kind.NEWLINE)
            if self.peek() is not None:
                self.take(Kind.EMPTYLINE, "an empty line after the front matter")
        previous_argument: ArgdownArgument | None = None
        while True:
            previous_argument = self.block(previous_argument)
            if self.peek() is None:
                break
            self.take(Kind.EMPTYLINE, "an empty line between two blocks")
            if self.peek() is None:
                break
        self.finish()
        return self.doc

    def block(self, previous_argument: ArgdownArgument | None) -> ArgdownArgument | None:
        kind = self.kind()
        if kind is Kind.HEADING:
            self.parse_heading()
        elif kind is Kind.STATEMENT_NUMBER:
            self.pcs(previous_argument)
        elif kind in (Kind.ARGUMENT_DEFINITION, Kind.ARGUMENT_REFERENCE):
            return self.argument("top-level")
        elif kind is Kind.INDENT and self.kind(1) in (Kind.ORDERED_ITEM, Kind.UNORDERED_ITEM):
            self.parse_list()
        elif kind in _CONTENT or kind in (Kind.STATEMENT_DEFINITION, Kind.STATEMENT_REFERENCE):
            self.parse_statement("top-level")
        elif self.peek() is not None:
            raise self.unexpected("a statement, an argument, a heading or '(1)'")
        return None

    def front_matter(self, token: Token) -> None:
        body = re.sub(r"^\s*={3,}", "", token.image)
        body = re.sub(r"={3,}\s*$", "", body)
        body = re.sub(r"^\r?\n|\r?\n$", "", body)  # the lines between the '===' lines
        data = load_yaml(body, token.line + 1, "front matter", self.label)
        self.doc.front_matter = data
        model = data.get("model") if isinstance(data, dict) else None
        if isinstance(model, dict):
            self.remove_tags = model.get("removeTagsFromText") is True
            self.doc.strict = model.get("mode") == "strict"

    def data(self, token: Token, what: str) -> Any:
        text = token.image
        opening = _DATA_BLOCK_START.match(text)
        if opening is not None:  # a block written over several lines: '{' alone on a line
            text = re.sub(r"}\s*$", "", text[opening.end() :])
        return load_yaml(text, token.line, what, self.label)

    def parse_heading(self) -> None:
        start = self.take(Kind.HEADING)
        heading = self.heading = Member("heading", line=start.line)
        self.content()
        data = None
        token = self.accept(Kind.DATA)
        if token is not None:
            data = self.data(token, "heading data")
            self.accept(Kind.NEWLINE)
        self.heading = None
        level = len(start.image) - 1
        section = Section(f"s{len(self.doc.sections) + 1}", heading.text.strip(), level, None, data)
        parent = self.section
        while parent is not None and parent.level >= level:
            parent = parent.parent
        section.parent = parent
        self.doc.sections.append(section)
        self.section = section

    def parse_list(self) -> None:
        self.take(Kind.INDENT)
        item_kind = self.kind()
        while self.kind() is item_kind:
            self.take(item_kind)  # type: ignore[arg-type]
            if self.kind() in (Kind.ARGUMENT_DEFINITION, Kind.ARGUMENT_REFERENCE):
                self.argument("item")
            else:
                self.parse_statement("item")
        self.take(Kind.DEDENT, "the end of the list")

    # -- text -----------------------------------------------------------------------------------

    def target(self) -> Member | None:
        return self.heading or self.statement

    def add_text(self, text: str) -> None:
        target = self.target()
        if target is not None:
            target.text += text

    def content(self, inside: str = "") -> None:
        """Statement content: text, links, bold and italic, tags, mentions, line breaks."""
        if self.kind() not in _CONTENT:
            raise self.unexpected("text")
        while self.kind() in _CONTENT:
            token = self.peek()
            assert token is not None
            kind = token.kind
            if kind in _FREESTYLE:
                self.add_text(self.freestyle())
            elif kind is Kind.LINK:
                self.index += 1
                found = _LINK.match(token.image)
                if found is None:
                    raise _Syntax(
                        token.line, "a link's text breaks the line", "keep it on one line"
                    )
                self.add_text(found.group(1) + (" " if token.image.endswith(" ") else ""))
            elif kind in (Kind.BOLD_START, Kind.ITALIC_START):
                self.emphasis(token)
            elif kind is Kind.TAG:
                self.index += 1
                self.tag(token)
            elif kind in (Kind.ARGUMENT_MENTION, Kind.STATEMENT_MENTION):
                self.index += 1
                self.add_text(token.image)
            else:  # a line break inside the text reads as a space
                self.index += 1
                target = self.target()
                if target is not None and not target.text.endswith(" "):
                    target.text += " "

    def freestyle(self) -> str:
        """Consecutive text tokens, escapes and shortcodes resolved."""
        text = ""
        tokens, index = self.tokens, self.index
        while index < len(tokens) and tokens[index].kind in _FREESTYLE:
            token = tokens[index]
            index += 1
            self.index = index
            if token.kind is Kind.ESCAPED:
                text += token.image[1:]
            elif token.kind is Kind.SPECIAL:
                char = SHORTCODES.get(token.image.strip())
                if char is None:
                    text += token.image
                else:
                    text += char + (" " if token.image.endswith(" ") else "")
            else:
                text += token.image
        return text

    def emphasis(self, start: Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _Syntax(
                start.line,
                f"bold and italic text nested more than {MAX_DEPTH} levels deep",
                f"close each '{start.sign}' or escape it as '\\{start.sign[0]}'",
            )
        self.index += 1
        end_kind = Kind.BOLD_END if start.kind is Kind.BOLD_START else Kind.ITALIC_END
        if self.kind() in _CONTENT:
            self.content()
        end = self.peek()
        if end is None or end.kind is not end_kind or end.sign != start.sign:
            what = "bold" if start.kind is Kind.BOLD_START else "italic"
            raise _Syntax(
                start.line,
                f"{what} text opened with '{start.sign}' is not closed",
                f"close it with '{start.sign}' or escape the character as '\\{start.sign[0]}'",
            )
        self.index += 1
        self.depth -= 1
        if end.image.endswith(" "):
            self.add_text(" ")

    def tag(self, token: Token) -> None:
        found = _TAG.match(token.image)
        assert found is not None
        tag = found.group(1) or found.group(2)
        target = self.target()
        if target is None:
            return
        if not self.remove_tags:
            target.text += token.image
        if tag not in target.tags:
            target.tags.append(tag)
        if tag not in self.doc.tags:
            self.doc.tags.append(tag)

    # -- statements and arguments ---------------------------------------------------------------

    def new_title(self) -> str:
        self.untitled += 1
        return f"Untitled {self.untitled}"

    def equivalence_class(self, title: str) -> EquivalenceClass:
        found = self.doc.statements.get(title)
        if found is None:
            found = self.doc.statements[title] = EquivalenceClass(title)
        return found

    def argument_named(self, title: str | None) -> ArgdownArgument:
        found = self.doc.arguments.get(title) if title else None
        if found is None:
            found = ArgdownArgument(title or self.new_title())
            self.doc.arguments[found.title] = found
        self.relation_parent = found
        return found

    def relation_member(self, parent: Member | Node) -> Node:
        """What a relation below ``parent`` relates: its class or argument."""
        if not isinstance(parent, Member):
            return parent
        if not parent.title:
            parent.title = self.new_title()
        if parent.role == "description":
            return self.argument_named(parent.title)
        return self.equivalence_class(parent.title)

    def parse_statement(self, role: str) -> Member:
        member = Member(role, line=self.line(), section=self.section)
        self.statement = member
        self.relation_parent = member
        token = self.peek()
        if token is None:
            raise self.unexpected("a statement")
        if token.kind is Kind.STATEMENT_DEFINITION:
            self.index += 1
            member.title = token.image[1:-2]
            self.content()
        elif token.kind is Kind.STATEMENT_REFERENCE:
            self.index += 1
            member.title = token.image[1:-1]
            member.is_reference = True
            self.references_tail()
        else:
            self.content()
        self.element_tail(member, "statement data")
        if not member.title:
            member.title = self.new_title()
        ec = self.equivalence_class(member.title)
        _union(ec.tags, member.tags)
        ec.data = _merged(ec.data, member.data)
        ec.members.append(member)
        in_group = member.data.get("isInGroup") if isinstance(member.data, dict) else None
        if in_group is True or (
            not member.is_reference and in_group is None and ec.section is None
        ):
            ec.section = member.section
        self.statement = None
        return member

    def references_tail(self) -> None:
        while self.kind() is Kind.TAG:
            self.tag(self.take(Kind.TAG))
        self.accept(Kind.NEWLINE)

    def element_tail(self, member: Member, what: str) -> None:
        """A data block and the relations below a statement or an argument."""
        token = self.accept(Kind.DATA)
        if token is not None:
            member.data = self.data(token, what)
            self.accept(Kind.NEWLINE)
        if self.kind() is Kind.INDENT and self.kind(1) is Kind.RELATION:
            self.relations()

    def argument(self, role: str) -> ArgdownArgument:
        description = Member("description", line=self.line(), section=self.section)
        self.statement = description
        self.relation_parent = description
        token = self.peek()
        assert token is not None
        self.index += 1
        if token.kind is Kind.ARGUMENT_DEFINITION:
            description.title = token.image[1:-2]
            self.content()
        else:
            description.title = token.image[1:-1]
            description.is_reference = True
            self.references_tail()
        self.element_tail(description, "argument data")
        argument = self.argument_named(description.title)
        _union(argument.tags, description.tags)
        argument.data = _merged(argument.data, description.data)
        argument.members.append(description)
        data = description.data
        in_group = data.get("isInGroup") if isinstance(data, dict) else None
        if in_group is True or (
            not description.is_reference and in_group is None and argument.section is None
        ):
            argument.section = description.section
        self.statement = None
        return argument

    # -- relations ------------------------------------------------------------------------------

    def relations(self, undercuts_only: bool = False) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _Syntax(
                self.line(),
                f"relations nested more than {MAX_DEPTH} levels deep",
                "flatten the tree (refer to a statement by its [title] below another)",
            )
        self.take(Kind.INDENT)
        assert self.relation_parent is not None
        self.relation_parents.append(self.relation_member(self.relation_parent))
        first = True
        while self.kind() is Kind.RELATION or first:
            first = False
            token = self.take(Kind.RELATION, "a relation")
            if undercuts_only and token.sign not in ("_", "<_"):
                raise _Syntax(
                    token.line,
                    f"relation '{token.sign}' below an inference",
                    "only undercuts ('<_') can stand below an inference",
                )
            self.relation(token)
        self.take(Kind.DEDENT, "the end of the relations")
        self.relation_parents.pop()
        self.depth -= 1

    def relation(self, token: Token) -> None:
        parent = self.relation_parents[-1]
        sign = token.sign
        kinds = {"+": "support", "<+": "support", "+>": "support", "-": "attack", "<-": "attack"}
        kinds |= {"->": "attack", "><": "contradictory", "_>": "undercut", "_": "undercut"}
        kinds["<_"] = "undercut"
        relation = Relation(kinds[sign], line=token.line)
        if sign in ("+>", "->", "><", "_>"):
            relation.source = parent
        elif sign in ("_", "<_") and isinstance(parent, EquivalenceClass) and self.inference:
            relation.target = self.inference  # as Argdown: the last inference read
        else:
            relation.target = parent
        if sign == "><":
            if self.kind() in (Kind.ARGUMENT_DEFINITION, Kind.ARGUMENT_REFERENCE):
                raise _Syntax(token.line, "'><' relates two statements", "use '->' for arguments")
            child: Member | ArgdownArgument = self.parse_statement("relation")
        elif self.kind() in (Kind.ARGUMENT_DEFINITION, Kind.ARGUMENT_REFERENCE):
            child = self.argument("relation")
        elif self.kind() in _CONTENT or self.kind() in (
            Kind.STATEMENT_DEFINITION,
            Kind.STATEMENT_REFERENCE,
        ):
            child = self.parse_statement("relation")
        else:
            raise self.unexpected(f"a statement or argument after '{sign}'")
        other = child if isinstance(child, ArgdownArgument) else self.relation_member(child)
        if relation.source is None:
            relation.source = other
        else:
            relation.target = other
        self.add_relation(relation)

    def add_relation(self, relation: Relation) -> None:
        """A relation, unless it repeats one (a contradiction either way)."""
        key = (id(relation.source), id(relation.target), relation.type)
        if key in self.related:
            return
        if relation.type == "contradictory" and (key[1], key[0], key[2]) in self.related:
            return
        self.related.add(key)
        self.doc.relations.append(relation)

    # -- premise-conclusion structures ----------------------------------------------------------

    def pcs(self, previous: ArgdownArgument | None) -> None:
        argument = previous if previous is not None else self.argument_named(None)
        if self.section is not None:
            argument.section = self.section
        if argument.pcs:
            raise _Syntax(
                self.line(),
                f"argument <{argument.title}> has a second premise-conclusion structure",
                "give the argument one",
            )
        after_inference: Inference | None = None
        steps = 0
        while True:
            if self.kind() is Kind.STATEMENT_NUMBER:
                self.index += 1
                member = self.parse_statement("premise")
                member.role = "premise"
                if after_inference is not None:
                    member.role = "conclusion"
                    member.inference = after_inference
                    after_inference.argument = argument.title
                    after_inference.index = len(argument.pcs)
                    after_inference = None
                    steps += 1
                argument.pcs.append(member)
            elif self.kind() is Kind.INFERENCE_START:
                if after_inference is not None:
                    raise self.unexpected("a conclusion '(n)' after the inference")
                after_inference = self.parse_inference()
            else:
                break
        if after_inference is not None:
            raise _Syntax(
                self.line(), "inference without a conclusion below it", "add '(n) conclusion'"
            )
        if not steps or argument.pcs[-1].role != "conclusion":
            raise _Syntax(
                self.line(),
                f"argument <{argument.title}> has no conclusion",
                "end its premise-conclusion structure with '--' and a conclusion",
            )
        self.relation_parent = None

    def parse_inference(self) -> Inference:
        start = self.take(Kind.INFERENCE_START)
        inference = Inference(line=start.line)
        self.inference = inference
        self.relation_parent = inference
        self.accept(Kind.NEWLINE)
        if self.kind() in _FREESTYLE:
            while True:
                inference.rules.append(self.freestyle().strip())
                if self.accept(Kind.LIST_DELIMITER) is None:
                    break
                if self.kind() not in _FREESTYLE:
                    raise self.unexpected("an inference rule after ','")
        self.accept(Kind.NEWLINE)
        token = self.accept(Kind.DATA)
        if token is not None:
            inference.data = self.data(token, "inference data")
            self.accept(Kind.NEWLINE)
        if self.kind() is not Kind.INFERENCE_END:
            raise _Syntax(
                start.line,
                "inference '--' is not closed",
                "end the line with '--' and put '(n) conclusion' below it",
            )
        self.index += 1
        if self.peek() is not None:
            self.take(Kind.NEWLINE, "a line break after the inference")
        if self.kind() is Kind.INDENT and self.kind(1) is Kind.RELATION:
            self.relations(undercuts_only=True)
        return inference

    # -- after the walk -------------------------------------------------------------------------

    def finish(self) -> None:
        """Argdown's ``ModelPlugin.run``: sections of classes first seen in none, relations of
        reconstructed arguments moved, strict mode, redundant attacks on arguments dropped."""
        doc = self.doc
        nodes: list[EquivalenceClass | ArgdownArgument] = [
            *doc.statements.values(),
            *doc.arguments.values(),
        ]
        for node in nodes:
            if node.section is None and node.members:
                node.section = node.members[0].section
        self.move_argument_relations()
        if doc.strict:
            self.strict_relations()
        touching: dict[int, list[Relation]] = {}
        for relation in doc.relations:
            touching.setdefault(id(relation.source), []).append(relation)
            touching.setdefault(id(relation.target), []).append(relation)
        doc.relations = [
            r for r in doc.relations if not _redundant_attack(r, touching.get(id(r.source), []))
        ]

    def move_argument_relations(self) -> None:
        """Relations from a reconstructed argument come from its main conclusion; undercuts
        of it attack its (last) inference; a relation that thereby repeats one is one."""
        doc = self.doc
        seen: set[tuple[int, int, str]] = set()
        moved: list[Relation] = []
        for relation in doc.relations:
            source, target = relation.source, relation.target
            if isinstance(source, ArgdownArgument) and source.pcs:
                relation.source = doc.statements[source.pcs[-1].title]
            if isinstance(target, ArgdownArgument) and target.pcs and relation.type == "undercut":
                relation.target = target.pcs[-1].inference
            key = (id(relation.source), id(relation.target), relation.type)
            if key not in seen:
                seen.add(key)
                moved.append(relation)
        doc.relations = moved

    def strict_relations(self) -> None:
        kept: list[Relation] = []
        for relation in self.doc.relations:
            statements = isinstance(relation.source, EquivalenceClass) and isinstance(
                relation.target, EquivalenceClass
            )
            if statements and relation.type == "support":
                relation.type = "entails"
            elif statements and relation.type == "attack":
                if any(
                    r.type == "contrary"
                    and {id(r.source), id(r.target)} == {id(relation.source), id(relation.target)}
                    for r in kept
                ):
                    continue
                relation.type = "contrary"
            kept.append(relation)
        self.doc.relations = kept


def _redundant_attack(relation: Relation, relations: list[Relation]) -> bool:
    """An attack of a statement on a reconstructed argument that the statement already
    attacks (or contradicts) a premise of: Argdown keeps only the attack on the premise.
    ``relations``: those of the statement."""
    source, argument = relation.source, relation.target
    if (
        relation.type != "attack"
        or not isinstance(source, EquivalenceClass)
        or not isinstance(argument, ArgdownArgument)
        or not argument.pcs
    ):
        return False
    premises = {m.title for m in argument.pcs if m.role == "premise"}
    for other in relations:
        if other.source is not source and other.target is not source:
            continue
        far = other.target if other.source is source else other.source
        if not isinstance(far, EquivalenceClass) or far.title not in premises:
            continue
        if (other.type == "attack" and other.source is source) or other.type in (
            "contradictory",
            "contrary",
        ):
            return True
    return False


def _union(into: list[str], tags: list[str]) -> None:
    into.extend(tag for tag in tags if tag not in into)


def _merged(old: Any, new: Any) -> Any:
    if new is None:
        return old
    if isinstance(old, dict) and isinstance(new, dict):
        return {**old, **new}
    return new


def _shown(token: Token) -> str:
    image = token.image.strip()
    if not image:
        return str(token.kind.value)
    return f"{token.kind.value} '{short(image, 30)}'"


_FIXES: dict[Kind | None, str] = {
    Kind.RELATION: "put a relation below the statement or argument it belongs to, indented",
    Kind.STATEMENT_DEFINITION: "separate two statements by an empty line",
    Kind.ARGUMENT_DEFINITION: "separate a statement and an argument by an empty line",
    Kind.STATEMENT_REFERENCE: "write text before a [reference] or escape '[' as '\\['",
    Kind.ARGUMENT_REFERENCE: "write text before an <argument> or escape '<' as '\\<'",
    Kind.FRONT_MATTER: "put the '===' front matter first, or escape '=' as '\\='",
    Kind.DATA: "put a {data} block at the end of a statement, or escape '{' as '\\{'",
    Kind.INDENT: "indent relations and list items consistently",
    Kind.INFERENCE_START: "start a premise-conclusion structure with '(1)'",
    Kind.BOLD_END: "escape '*' and '_' that are not emphasis as '\\*' and '\\_'",
    Kind.ITALIC_END: "escape '*' and '_' that are not emphasis as '\\*' and '\\_'",
}


# ---- YAML ----------------------------------------------------------------------------------------


def load_yaml(text: str, line: int, what: str, label: str) -> Any:
    """A YAML block of the document (front matter, data), as a map file's YAML is read (no
    base-60 numbers, no !!binary: authoring.py), within a budget of values."""
    try:
        return _plain(yaml.load(text, Loader=MapSafeLoader), line, what, label)  # noqa: S506
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = line + (mark.line if mark is not None else 0)
        problem = getattr(exc, "problem", None) or "cannot parse"
        raise InputError(
            f"{label}:{at}: {what} is not valid YAML ({problem}); fix the YAML"
        ) from None
    except (RecursionError, ValueError) as exc:
        raise InputError(
            f"{label}:{line}: {what} cannot be read ({short(str(exc), 60)}); simplify it"
        ) from None


def _plain(value: Any, line: int, what: str, label: str) -> Any:
    """A copy of parsed YAML that the map can hold: mapping keys JSON can write (a date key
    becomes its text), texts that are Unicode (an escaped surrogate pair becomes its
    character). YAML aliases share a value, and one may even hold itself: the copy expands
    them, so it stops at :data:`_YAML_VALUES` values."""
    root: list[Any] = [None]
    pending: list[tuple[Any, Any, Any]] = [(value, root, 0)]  # (value, container, slot)
    budget = _YAML_VALUES
    while pending:
        item, container, slot = pending.pop()
        budget -= 1
        if budget < 0:
            raise InputError(
                f"{label}:{line}: {what} holds more than {_YAML_VALUES} values (aliases counted"
                " as copies); simplify it"
            )
        if isinstance(item, str):
            container[slot] = _unicode(item, line, what, label)
        elif isinstance(item, int) and item.bit_length() > _YAML_INT_BITS:
            raise _long_number(line, what, label)
        elif isinstance(item, dict):
            copy: dict[Any, Any] = {}
            container[slot] = copy
            for key, member in item.items():
                if isinstance(key, str):
                    key = _unicode(key, line, what, label)
                elif isinstance(key, int) and key.bit_length() > _YAML_INT_BITS:
                    raise _long_number(line, what, label)
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


def _long_number(line: int, what: str, label: str) -> InputError:
    return InputError(f"{label}:{line}: {what} holds a number of over 3,900 digits; shorten it")


def _unicode(text: str, line: int, what: str, label: str) -> str:
    """``text`` with escaped surrogate pairs (``"\\ud83d\\ude00"``, which PyYAML keeps as two
    halves) joined; a half without its other half is an error."""
    if _SURROGATE.search(text) is None:
        return text
    try:
        return text.encode("utf-16", "surrogatepass").decode("utf-16")
    except UnicodeDecodeError:
        half = _SURROGATE.search(text)
        assert half is not None
        raise InputError(
            f"{label}:{line}: {what} holds \\u{ord(half.group()):04x}, half of a UTF-16"
            " surrogate pair without its other half; write the character itself"
        ) from None


# ---- the front door ------------------------------------------------------------------------------


def parse(text: str, label: str = "<Argdown>") -> Document:
    """Argdown's model of ``text``; InputError names the line and the fix."""
    bad = CONTROL_CHARS.search(text)
    if bad is not None:
        at = text.count("\n", 0, bad.start()) + 1
        raise InputError(
            f"{label}:{at}: control character U+{ord(bad.group()):04X} in the text;"
            " is this an Argdown file? remove the character"
        )
    limit = current().max_text_bytes
    # (the front matter is YAML, read within its own budget)
    front = re.match(r"\s*===+[\s\S]*?===+", text) if text.lstrip().startswith("===") else None
    skip = text.count("\n", 0, front.end()) if front is not None else 0
    lengths = [len(line) for line in text.split("\n")[skip:]]
    if lengths and max(lengths) > limit:  # more than a text may hold: refused before work
        at = skip + next(number for number, n in enumerate(lengths, start=1) if n > limit)
        raise InputError(
            f"{label}:{at}: a line of over {limit} characters, more than argmap reads in a"
            " text; break it into lines or shorten it"
        )
    marks = sum(text.count(mark) for mark in _MARKS)
    if marks > MAX_MARKS:  # each is a token of its own: bounded, so reading stays fast
        raise InputError(
            f"{label}: {marks} punctuation marks, more than argmap reads in one Argdown file"
            f" ({MAX_MARKS}); split the file"
        )
    include = _INCLUDE.search(text)
    if include is not None:
        at = text.count("\n", 0, include.start()) + 1
        raise InputError(
            f"{label}:{at}: '@include' is not followed (argmap imports one file);"
            " join the included files into one"
        )
    try:
        tokens = tokenize(text)
    except LexError as exc:
        raise InputError(
            f"{label}:{exc.line}: {exc.problem}; write '\\\\' for a backslash"
        ) from None
    if re.match(r"\s*===", text) and (not tokens or tokens[0].kind is not Kind.FRONT_MATTER):
        raise InputError(f"{label}:1: front matter '===' is not closed; end it with a '===' line")
    if not any(t.kind in _SYNTAX for t in tokens):
        if not any(t.kind in _CONTENT for t in tokens):
            raise InputError(f"{label}: no statements or arguments; is this an Argdown file?")
        raise InputError(
            f"{label}: no Argdown statements '[Title]:', arguments '<Title>', relations or"
            " headings; is this an Argdown file?"
        )
    parser = _Parser(tokens, label)
    try:
        return parser.document()
    except _Syntax as exc:
        raise InputError(f"{label}:{exc.line}: {exc.problem}; {exc.fix}") from None
