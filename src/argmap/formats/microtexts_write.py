"""arg-microtexts ``arggraph`` files, written: one map as the ``.xml`` and its text, laid out
as the corpus lays its files out (EDUs, ADUs, the ``seg`` edges, then the other edges by id).

The inverse of :mod:`argmap.formats.microtexts_read`: a map imported from an arggraph is
written back with the same EDUs, ADUs, roles and edges (ids, ends and types). Any other map
is written as well as the scheme allows: each claim an ADU of one EDU (its quotes when they
all come from one source text, else its own words, the text then the EDUs joined), supports
``sup``, arguments ``sup`` (``exa`` for the scheme ``example``) with ``add`` edges for their
further premises, rebuts and undermines ``reb``, undercuts ``und``; roles from the
structure. What has no edge in the scheme (contrary, contradictory and rephrase relations,
links to other maps) is refused, naming the relation.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from argmap.errors import FormatError
from argmap.formats.microtexts_graph import Edge, NoteFacts, derive_roles, parse_note
from argmap.model.corpus import Corpus
from argmap.model.entities import Argument, ArgumentMap, AttackKind, Claim, Relation, RelationType

__all__ = ["Arggraph", "dumps", "to_arggraph", "write"]

_STANCE = re.compile(r"^Stance: (.+)\.$", re.MULTILINE)
# Characters XML 1.0 cannot hold, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class Arggraph:
    """An arggraph as written: the XML and the text that goes beside it."""

    xml: str
    text: str


def _one_map(corpus: Corpus) -> ArgumentMap:
    if len(corpus.maps) != 1:
        raise FormatError(
            f"an arggraph holds one map and the corpus has {len(corpus.maps)}; export each map"
            " to a file of its own"
        )
    return corpus.maps[0]


def dumps(corpus: Corpus) -> bytes:
    """The ``.xml`` of the corpus's one map (:func:`write` also writes its ``.txt``)."""
    return to_arggraph(_one_map(corpus)).xml.encode("utf-8")


def write(corpus: Corpus, path: Path) -> None:
    """Write the corpus's one map to ``path`` (the ``.xml``) and its text to the ``.txt`` of
    the same name beside it, each atomically."""
    from argmap.util.files import write_atomic

    if path.suffix.lower() == ".txt":
        raise FormatError(
            f"{path}: the arggraph is the .xml and its text the .txt beside it; name the .xml"
        )
    graph = to_arggraph(_one_map(corpus))
    write_atomic(path, graph.xml.encode("utf-8"))
    write_atomic(path.with_suffix(".txt"), graph.text.encode("utf-8"))


class _Ids:
    """The ids of the file: those the map gives, then fresh ones that clash with none."""

    def __init__(self, taken: Iterable[str]) -> None:
        self.used = set(taken)
        self.next: dict[str, int] = {}  # the number each prefix tries next

    def claim(self, wanted: str | None) -> str | None:
        if wanted is None or wanted in self.used:
            return None
        self.used.add(wanted)
        return wanted

    def mint(self, prefix: str) -> str:
        number = self.next.get(prefix, 1)
        while f"{prefix}{number}" in self.used:
            number += 1
        self.next[prefix] = number + 1
        self.used.add(f"{prefix}{number}")
        return f"{prefix}{number}"


def _implied(m: ArgumentMap, facts: dict[str, NoteFacts]) -> dict[str, tuple[Argument, Relation]]:
    """The claims that stand for what a linked attack concludes, with the argument that
    concludes each and the attack it makes: a claim the import made (its note says so) that
    nothing else touches."""
    concluding: dict[str, list[Argument]] = {}
    for argument in m.arguments:
        concluding.setdefault(argument.conclusion, []).append(argument)
    touching: dict[str, list[Relation]] = {}
    premises = {p for a in m.arguments for p in a.premises}
    for relation in m.relations:
        touching.setdefault(relation.source, []).append(relation)
        touching.setdefault(relation.target, []).append(relation)
    found = {}
    for claim in m.claims:
        linked = concluding.get(claim.id, [])
        related = touching.get(claim.id, [])
        if (
            facts[claim.id].implied_by is not None
            and len(linked) == 1
            and len(related) == 1
            and related[0].source == claim.id
            and related[0].type is RelationType.ATTACK
            and claim.id not in premises
        ):
            found[claim.id] = (linked[0], related[0])
    return found


def _edus(m: ArgumentMap, adus: list[Claim]) -> tuple[str, list[tuple[Claim, str, int]]]:
    """The text and each ADU's EDUs (claim, words, position): the quotes of the ADUs when
    every ADU has some and all come from one source with a text, else each claim's words."""
    quoted = {q.source for c in adus for q in c.quotes}
    sources = {s.id: s for s in m.sources}
    text = sources[next(iter(quoted))].text if len(quoted) == 1 else None
    if text is not None and all(c.quotes for c in adus):
        edus = [
            (c, q.text, q.start if q.start is not None else text.find(q.text))
            for c in adus
            for q in c.quotes
        ]
        return text, sorted(edus, key=lambda e: e[2])
    edus, at = [], 0
    for claim in adus:
        edus.append((claim, claim.text, at))
        at += len(claim.text) + 1
    return " ".join(c.text for c in adus), edus


def to_arggraph(m: ArgumentMap) -> Arggraph:
    """One map as an arggraph: its XML and its text."""
    facts = {c.id: parse_note(c.note) for c in m.claims}
    implied = _implied(m, facts)
    adus = [c for c in m.claims if c.id not in implied]
    text, edus = _edus(m, adus)
    ids = _Ids(
        [c.id for c in adus]
        + [r.id for r in m.relations]
        + [a.id for a in m.arguments]
        + [s.id for s in m.sources]
        + [t.id for t in m.topics]
        + [a.id for a in m.actors]
        + [i.id for i in m.issues]
        + [s.id for s in m.stances]
    )
    # The ids the notes keep, where they are still free; fresh ones for the rest.
    kept: dict[str, list[tuple[str | None, str | None]]] = {}
    counts = Counter(c.id for c, _, _ in edus)
    for claim in adus:
        noted = facts[claim.id].edus
        count = counts[claim.id]
        pairs = noted if len(noted) == count else [(None, None)] * count
        # reversed: taken from the end with pop(), in the order of the text
        kept[claim.id] = [(ids.claim(edu), ids.claim(seg)) for edu, seg in reversed(pairs)]
    joins = {
        (claim.id, joined): ids.claim(add)
        for claim in adus
        for joined, add in facts[claim.id].joins.items()
    }
    written: list[tuple[str, str, str]] = []  # (edu id, words, adu id)
    segs: list[Edge] = []
    for claim, words, _ in edus:
        edu_id, seg_id = kept[claim.id].pop()
        edu_id = edu_id or ids.mint("e")
        written.append((edu_id, words, claim.id))
        segs.append(Edge(seg_id or ids.mint("c"), edu_id, claim.id, "seg"))
    edges = _edges(m, implied, {c.id for c in adus}, joins, ids)
    noted_roles = {c.id: facts[c.id].role for c in adus}
    derived = derive_roles([c.id for c in adus], edges)
    roles = {c.id: noted_roles[c.id] or derived[c.id] for c in adus}
    return Arggraph(_xml(m, adus, written, roles, segs, edges), text)


def _edges(
    m: ArgumentMap,
    implied: dict[str, tuple[Argument, Relation]],
    adus: set[str],
    joins: dict[tuple[str, str], str | None],
    ids: _Ids,
) -> list[Edge]:
    """The argumentative edges, sorted by id as the corpus sorts them."""
    # What an undercut's target is written as: a relation or argument keeps its id, the
    # attack a linked attack's conclusion makes is the edge of that linked attack.
    edge_of = {r.id: r.id for r in m.relations} | {a.id: a.id for a in m.arguments}
    attack_of = {relation.id: argument.id for argument, relation in implied.values()}
    edge_of |= attack_of
    edges: list[Edge] = []

    def adu(ref: str, what: str) -> str:
        if ref not in adus:
            raise FormatError(
                f"map '{m.id}': {what} '{ref}' is not a claim of this map, and an arggraph"
                " links its own ADUs only; export a map whose links stay inside it"
            )
        return ref

    def attack(relation: Relation, edge_id: str, source: str) -> Edge:
        if relation.kind is AttackKind.UNDERCUT:
            if relation.target not in edge_of:
                adu(relation.target, f"the target of '{relation.id}'")
            return Edge(edge_id, source, edge_of[relation.target], "und")
        target = relation.target
        if target in m.arguments_by_id:  # a rebut of an argument: of its conclusion
            target = m.arguments_by_id[target].conclusion
        elif target in m.relations_by_id:  # of a support: of what it supports
            target = m.relations_by_id[target].target
        return Edge(edge_id, source, adu(target, f"the target of '{relation.id}'"), "reb")

    for relation in m.relations:
        if relation.id in attack_of:
            continue
        source = adu(relation.source, f"the source of '{relation.id}'")
        if relation.type is RelationType.SUPPORT:
            edges.append(
                Edge(relation.id, source, adu(relation.target, "a support's target"), "sup")
            )
        elif relation.type is RelationType.ATTACK:
            edges.append(attack(relation, relation.id, source))
        else:
            raise FormatError(
                f"map '{m.id}': relation '{relation.id}' is a {relation.type.value}, and an"
                " arggraph has no edge for one; remove it or export to another format"
            )
    for argument in m.arguments:
        premises = [adu(p, f"premise of '{argument.id}'") for p in argument.premises]
        joining = [p for p in premises if (p, argument.id) in joins]
        main = next((p for p in premises if p not in joining), premises[0])
        if argument.conclusion in implied:
            edges.append(attack(implied[argument.conclusion][1], argument.id, main))
        else:
            kind = "exa" if argument.scheme == "example" else "sup"
            edges.append(Edge(argument.id, main, adu(argument.conclusion, "a conclusion"), kind))
        for premise in premises:
            if premise != main:
                add_id = joins.get((premise, argument.id)) or ids.mint("c")
                edges.append(Edge(add_id, premise, argument.id, "add"))
    return sorted(edges, key=lambda e: _natural(e.id))


def _natural(text: str) -> list[tuple[int, int | str]]:
    """A sort key that puts c2 before c10."""
    return [(0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"(\d+)", text) if p]


def _xml(
    m: ArgumentMap,
    adus: list[Claim],
    edus: list[tuple[str, str, str]],
    roles: dict[str, str],
    segs: list[Edge],
    edges: list[Edge],
) -> str:
    attributes = [("id", m.id)]
    topic = _topic(m, adus, edges)
    if topic is not None:
        attributes.append(("topic_id", topic))
    stance = _STANCE.search(m.description or "")
    if stance is not None:
        attributes.append(("stance", stance.group(1)))
    lines = [
        "<?xml version='1.0' encoding='UTF-8'?>",
        f"<arggraph {_attributes(attributes)}>",
    ]
    for edu_id, words, adu_id in edus:
        if _NOT_XML.search(words):
            raise FormatError(
                f"map '{m.id}': claim '{adu_id}' has a control character XML cannot hold;"
                " remove it from the text"
            )
        cdata = words.replace("]]>", "]]]]><![CDATA[>")
        lines.append(f'  <edu id="{_escaped(edu_id)}"><![CDATA[{cdata}]]></edu>')
    lines += [f"  <adu {_attributes([('id', c.id), ('type', roles[c.id])])}/>" for c in adus]
    lines += [
        f"  <edge {_attributes([('id', e.id), ('src', e.src), ('trg', e.trg), ('type', e.type)])}/>"
        for e in [*segs, *edges]
    ]
    lines.append("</arggraph>")
    return "\n".join(lines) + "\n"


def _topic(m: ArgumentMap, adus: list[Claim], edges: list[Edge]) -> str | None:
    """The arggraph's topic: the map's only topic, else the central claim's only topic."""
    if len(m.topics) == 1:
        return m.topics[0].id
    leaving = {e.src for e in edges}
    central = [c for c in adus if c.id not in leaving]
    if len(central) == 1 and len(central[0].topics) == 1:
        return central[0].topics[0]
    return None


def _escaped(value: str) -> str:
    return (
        value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def _attributes(pairs: list[tuple[str, str]]) -> str:
    return " ".join(f'{name}="{_escaped(value)}"' for name, value in pairs)
