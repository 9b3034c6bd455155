"""Writing Argdown source (https://argdown.org/syntax/): :func:`to_argdown`."""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from argmap.formats.argdown_read import CONTROL_CHARS, SHORTCODE_PATTERN
from argmap.graph.projection import scheme_label
from argmap.model.corpus import Corpus
from argmap.model.entities import ArgumentMap, AttackKind, RelationType
from argmap.model.ids import split_ref

__all__ = ["dumps", "escape_text", "to_argdown"]

# Characters that mean something in Argdown text: escaped with a backslash (any character
# can be escaped, https://argdown.org/syntax/#escaping-special-characters).
_SPECIAL = set("\\[]<>#*_@{}")


def escape_text(text: str) -> str:
    """``text`` as Argdown statement text that reads back as ``text`` (whitespace runs,
    line breaks included, become one space, as Argdown joins lines; control characters,
    which are not text, become U+FFFD)."""
    flat = re.sub(r"\s+", " ", CONTROL_CHARS.sub("\ufffd", text)).strip()
    protected = set()
    for match in SHORTCODE_PATTERN.finditer(flat):
        protected.add(match.start())  # escape the opening ':' / '.' of a shortcode
    out = []
    for index, char in enumerate(flat):
        risky = char in _SPECIAL or index in protected
        risky |= char == "/" and flat[index + 1 : index + 2] in ("/", "*")
        out.append("\\" + char if risky else char)
    return "".join(out)


def _title(m: ArgumentMap, ref: str, qualified: bool) -> str:
    map_id, local = split_ref(ref)
    return f"{map_id or m.id}:{local}" if qualified else local


# How a relation between two statements is written below its target (Argdown: ``+`` a
# support, ``-`` an attack, which Argdown's strict mode reads as a contrary, ``><`` a
# contradiction).
_STATEMENT_SYMBOLS = {
    RelationType.SUPPORT: "+",
    RelationType.ATTACK: "-",
    RelationType.CONTRARY: "-",
    RelationType.CONTRADICTORY: "><",
}


@dataclass
class _Plan:
    """What the writer decides for the whole corpus before it writes a line."""

    qualified: bool
    # Title of a claim -> the title of the equivalence class it is written in (claims that
    # restate another, and what they restate, are one Argdown statement).
    canon: dict[str, str]
    # Relations written as arguments, so an undercut or a rebut has one to attack:
    # (map id, relation id).
    as_argument: set[tuple[str, str]]
    # Titles written as <arguments>: the authored arguments and those relations.
    argument_titles: set[str]


def _plan(corpus: Corpus) -> _Plan:
    qualified = len(corpus.maps) > 1
    maps = corpus.maps_by_id
    as_argument: set[tuple[str, str]] = set()
    for m in corpus.maps:
        for rel in m.relations:
            if rel.kind is None or rel.kind is AttackKind.UNDERMINE:
                continue
            map_id, local = split_ref(rel.target)
            owner = maps.get(map_id or m.id)
            if owner is not None and local in owner.relations_by_id:
                as_argument.add((owner.id, local))
    argument_titles = {_title(m, a.id, qualified) for m in corpus.maps for a in m.arguments} | {
        _title(maps[map_id], rel_id, qualified) for map_id, rel_id in as_argument
    }
    return _Plan(
        qualified,
        _equivalence_classes(corpus, qualified, as_argument),
        as_argument,
        argument_titles,
    )


def _equivalence_classes(
    corpus: Corpus, qualified: bool, as_argument: set[tuple[str, str]]
) -> dict[str, str]:
    """Rephrases as Argdown's equivalence classes: a claim that restates another is written
    as a second member of that statement (the same title, its own text). The class takes
    the title of its first claim (in document order) that restates nothing. A rephrase that
    an undercut attacks stays two statements and an argument between them."""
    parent: dict[str, str] = {}

    def root(title: str) -> str:
        while parent.get(title, title) != title:
            parent[title] = parent.get(parent[title], parent[title])  # path halving
            title = parent[title]
        return title

    restating: set[str] = set()
    for m in corpus.maps:
        for rel in m.relations:
            if rel.type is not RelationType.REPHRASE or (m.id, rel.id) in as_argument:
                continue
            source, target = _title(m, rel.source, qualified), _title(m, rel.target, qualified)
            restating.add(source)
            parent.setdefault(source, source)
            parent.setdefault(target, target)
            parent[root(source)] = root(target)
    order = {
        _title(m, c.id, qualified): index
        for index, (m, c) in enumerate((m, c) for m in corpus.maps for c in m.claims)
    }
    classes: dict[str, list[str]] = {}
    for title in parent:
        classes.setdefault(root(title), []).append(title)
    canon: dict[str, str] = {}
    for members in classes.values():
        members.sort(key=lambda title: (order.get(title, len(order)), title))
        head = next((title for title in members if title not in restating), members[0])
        canon.update(dict.fromkeys(members, head))
    return canon


def _inference_rule(name: str) -> str:
    """A scheme's name as an inference rule between ``--`` lines: escaped as text, and its
    ``,`` (which separates rules) and ``-`` (which could close the line) too."""
    return re.sub(r"([,-])", r"\\\1", escape_text(name))


def to_argdown(corpus: Corpus) -> str:
    """The corpus as Argdown: each claim a statement titled with its id, each relation a
    ``+`` / ``-`` / ``><`` line below its target (support; attack or contrary;
    contradictory); a claim that restates another is a second member of that statement (an
    Argdown equivalence class). Each argument is an Argdown argument with a
    premise-conclusion structure: its premises ``(1)`` … ``(n)``, an inference line naming
    its scheme (``-- Argument from expert opinion --``, else ``----``), then its conclusion;
    its warrant is the argument's description. A support or attack that an undercut (or a
    rebut) attacks is written as an argument too (so the undercut has an inference to
    attack), a rebut of an argument is ``-> <argument>`` below the attacking claim, and an
    undercut ``_> <argument>``."""
    plan = _plan(corpus)
    title = " / ".join(m.title for m in corpus.maps)
    front: dict[str, str] = {"title": title}
    descriptions = [m.description for m in corpus.maps if m.description]
    if descriptions:
        front["description"] = "\n".join(descriptions)
    # One double-quoted line per key: no line of the YAML can look like the closing '==='.
    matter = [
        f"{key}: "
        + yaml.dump(
            value, Dumper=yaml.SafeDumper, default_style='"', allow_unicode=True, width=float("inf")
        ).strip()
        for key, value in front.items()
    ]
    lines = ["===", *matter, "===", ""]
    for m in corpus.maps:
        if plan.qualified:
            lines += [f"# {escape_text(m.title)}", ""]
        lines += _map_lines(m, plan)
    return "\n".join(lines).rstrip("\n") + "\n"


def _map_lines(m: ArgumentMap, plan: _Plan) -> list[str]:
    def title(ref: str) -> str:  # of a claim, an argument or a relation, as written
        return _title(m, ref, plan.qualified)

    def t(ref: str) -> str:  # of a claim: the statement (equivalence class) it is in
        written = title(ref)
        return plan.canon.get(written, written)

    as_argument = {rel_id for map_id, rel_id in plan.as_argument if map_id == m.id}
    incoming: dict[str, list[str]] = {}
    outgoing: dict[str, list[str]] = {}
    for rel in m.relations:
        if rel.id in as_argument or rel.kind is AttackKind.UNDERCUT:
            continue
        if rel.type is RelationType.REPHRASE or t(rel.source) == t(rel.target):
            continue  # one statement: a restatement, or a relation inside one
        if title(rel.target) in plan.argument_titles:
            # a rebut of an argument: it attacks the argument's conclusion
            outgoing.setdefault(rel.source, []).append(f"  -> <{title(rel.target)}>")
            continue
        symbol = _STATEMENT_SYMBOLS[rel.type]
        if split_ref(rel.target)[0] not in (None, m.id):
            # a claim of another map: written below the source, in the other direction
            arrow = symbol if rel.type is RelationType.CONTRADICTORY else f"{symbol}>"
            outgoing.setdefault(rel.source, []).append(f"  {arrow} [{t(rel.target)}]")
        else:
            incoming.setdefault(rel.target, []).append(f"  {symbol} [{t(rel.source)}]")
    for rel in m.relations:
        if rel.kind is AttackKind.UNDERCUT and rel.id not in as_argument:
            outgoing.setdefault(rel.source, []).append(f"  _> <{title(rel.target)}>")
    # The claims that restate one of this map's claims are written right after it: the
    # statement's first member is the claim restated (readers take its text as the
    # statement's), the restatements its other formulations.
    members: dict[str, list[str]] = {}
    for claim in m.claims:
        if t(claim.id) != title(claim.id):
            members.setdefault(t(claim.id), []).append(claim.id)
    heads = {title(c.id) for c in m.claims} & set(members)
    lines: list[str] = []
    for claim in m.claims:
        if t(claim.id) != title(claim.id) and t(claim.id) in heads:
            continue  # written with the claim it restates
        for member in [claim.id, *members.get(title(claim.id), [])]:
            lines.append(f"[{t(member)}]: {escape_text(m.claims_by_id[member].text)}")
            lines.extend(incoming.get(member, []))
            lines.extend(outgoing.get(member, []))
            lines.append("")
    for sources in (s for s in outgoing if s not in m.claims_by_id):
        lines.append(f"[{t(sources)}]")  # another map's claim with relations from here
        lines.extend(outgoing[sources])
        lines.append("")
    for argument in m.arguments:
        lines += _argument_lines(
            title(argument.id),
            argument.warrant,
            list(dict.fromkeys(t(p) for p in argument.premises)),
            t(argument.conclusion),
            scheme_label(m, argument.scheme),
        )
    for rel_id in sorted(as_argument, key=list(m.relations_by_id).index):
        rel = m.relations_by_id[rel_id]
        if rel.type in (RelationType.SUPPORT, RelationType.REPHRASE):
            lines += _argument_lines(
                title(rel.id), rel.warrant, [t(rel.source)], t(rel.target), None
            )
            continue
        head = _argument_head(title(rel.id), rel.warrant)
        if title(rel.target) in plan.argument_titles:
            symbol = "_>" if rel.kind is AttackKind.UNDERCUT else "->"
            target = f"<{title(rel.target)}>"
        else:
            symbol, target = "->", f"[{t(rel.target)}]"
        lines += [head, f"  {symbol} {target}", f"  + [{t(rel.source)}]", ""]
    return lines


def _argument_head(name: str, warrant: str | None) -> str:
    description = escape_text(warrant) if warrant else ""
    return f"<{name}>: {description}".rstrip() if description else f"<{name}>"


def _argument_lines(
    name: str, warrant: str | None, premises: list[str], conclusion: str, scheme: str | None
) -> list[str]:
    """An Argdown argument with its premise-conclusion structure."""
    rule = _inference_rule(scheme) if scheme else ""
    lines = [_argument_head(name, warrant), ""]
    lines += [f"({number}) [{premise}]" for number, premise in enumerate(premises, start=1)]
    lines.append(f"-- {rule} --" if rule else "----")
    lines += [f"({len(premises) + 1}) [{conclusion}]", ""]
    return lines


def dumps(corpus: Corpus) -> bytes:
    """The corpus as Argdown source (UTF-8)."""
    return to_argdown(corpus).encode("utf-8")
