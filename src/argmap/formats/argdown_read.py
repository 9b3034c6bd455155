"""Reading Argdown source (https://argdown.org/syntax/) into an argument map.

:mod:`argmap.formats.argdown_parse` builds Argdown's own model of the file, as the official
``@argdown/cli`` does (the differential tests compare the two on every ``.argdown`` file the
official packages ship and on real examples); this module maps that model onto argmap's:

- each equivalence class of statements is a claim (id from its title, ``identifier`` the
  title, note ``Argdown [Title]``); a member of the class whose text differs from the texts
  before it is a claim of its own that ``rephrase``-s the class's claim (Argdown: logically
  equivalent formulations), so no text is lost;
- an argument with a premise-conclusion structure is an argument: each inference step one
  (premises: the statements since the previous conclusion, that conclusion included, or the
  ``uses:`` positions of the inference data, as Argdown's ``ExplodeArguments`` reads them),
  the main step with the argument's title as id and ``identifier``, earlier steps
  ``Title - 1``…; the inference rules are its scheme (a built-in scheme when the one rule
  names one, else a scheme of the map labelled with the rules), the description its warrant;
- an argument without one has no premises in Argdown's model: it is a claim standing for
  the argument (text: its description, else its title; note ``Argdown <Title>``);
- relations: support; attack (rebut; undermine when it attacks a premise of an argument and
  no conclusion; in strict mode Argdown calls an attack between statements ``contrary``,
  kept as such); contradictory; an undercut of a reconstructed argument's inference is an
  undercut of that step; of an argument without reconstruction, an undercut of its one
  outgoing relation (else a rebut of the claim standing for it); a support *of* a
  reconstructed argument supports its main conclusion (argmap supports claims);
- tags and headings are topics; the front matter gives the title and the description.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from argmap.errors import InputError
from argmap.formats._imports import IdMinter, build_map, read_import_text
from argmap.formats.aif import builtin_scheme_of
from argmap.formats.argdown_lex import SHORTCODES
from argmap.formats.argdown_parse import (
    ArgdownArgument,
    Document,
    EquivalenceClass,
    Inference,
    Member,
    Node,
    Relation,
    parse,
)
from argmap.model.entities import ArgumentMap
from argmap.model.ids import slugify

__all__ = ["SHORTCODES", "loads", "read"]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class _Step:
    id: str
    premises: list[str]
    conclusion: str


class _MapBuilder:
    """The map's topics, claims, arguments and relations from Argdown's model."""

    def __init__(self, doc: Document, map_id: str) -> None:
        self.doc = doc
        self.ids = IdMinter(slugify(map_id))
        self.topics: list[dict[str, Any]] = []
        self.topic_of_section: dict[str, str] = {}
        self.topic_of_tag: dict[str, str] = {}
        self.claims: list[dict[str, Any]] = []
        self.claim_of: dict[int, str] = {}  # id(class or argument) -> claim id
        self.schemes: list[dict[str, Any]] = []
        self.scheme_of_label: dict[str, str] = {}
        self.arguments: list[dict[str, Any]] = []
        self.step_of: dict[int, str] = {}  # id(inference) -> argument id
        self.main_step: dict[int, str] = {}  # id(argument) -> its main step's argument id
        self.relations: list[dict[str, Any]] = []
        self.related: set[tuple[str, str, str, str | None]] = set()
        self.made_by: dict[str, list[dict[str, Any]]] = {}  # claim -> relations from it
        self.skipped: list[str] = []

    # -- topics ---------------------------------------------------------------------------------

    def section_topics(self) -> None:
        for section in self.doc.sections:
            topic_id = self.ids.mint(section.title or section.id, "section", 40)
            self.topic_of_section[section.id] = topic_id
            topic: dict[str, Any] = {"id": topic_id, "label": section.title or section.id}
            if section.parent is not None:
                topic["broader"] = [self.topic_of_section[section.parent.id]]
            self.topics.append(topic)

    def topics_of(self, node: EquivalenceClass | ArgdownArgument) -> list[str]:
        found = {self.tag_topic(tag) for tag in node.tags if tag.strip()}
        if node.section is not None:
            found.add(self.topic_of_section[node.section.id])
        return sorted(found)

    def tag_topic(self, tag: str) -> str:
        topic_id = self.topic_of_tag.get(tag)
        if topic_id is None:
            topic_id = self.topic_of_tag[tag] = self.ids.mint(tag, "tag", 40)
            self.topics.append({"id": topic_id, "label": tag.strip()})
        return topic_id

    # -- claims ---------------------------------------------------------------------------------

    def statement_claims(self) -> None:
        """A claim per equivalence class, and one per further formulation of it."""
        for ec in self.doc.statements.values():
            self.element_claims(ec, "statement", "another formulation")

    def argument_claims(self) -> None:
        """A claim for each argument without a premise-conclusion structure."""
        for argument in self.doc.arguments.values():
            if not argument.pcs:
                self.element_claims(argument, "argument", "another description")

    def element_claims(self, element: Any, kind: str, further: str) -> None:
        """The claim of a statement or an argument (its first text), and a claim that
        rephrases it for each further text its members give."""
        texts = _texts(element.members)
        topics = self.topics_of(element)
        note = _note(kind, element.title, [])
        head = self.ids.mint(element.title, kind, 60)
        self.claim_of[id(element)] = head
        self.claims.append(
            {
                "id": head,
                "text": texts[0] if texts else _norm(element.title) or element.title,
                "note": _note(kind, element.title, _data(element.members)),
                "identifier": element.title,
                "topics": topics,
            }
        )
        for text in texts[1:]:
            other = self.ids.mint(element.title, kind, 60)
            self.claims.append(
                {
                    "id": other,
                    "text": text,
                    "note": f"{note}, {further}",
                    "identifier": element.title,
                    "topics": topics,
                }
            )
            self.relate(other, "rephrase", head)

    # -- arguments ------------------------------------------------------------------------------

    def reconstructed_arguments(self) -> None:
        """An argument per inference step of each premise-conclusion structure."""
        statements = self.doc.statements
        for argument in self.doc.arguments.values():
            if not argument.pcs:
                continue
            conclusions = [i for i, m in enumerate(argument.pcs) if m.role == "conclusion"]
            for number, index in enumerate(conclusions, start=1):
                conclusion = argument.pcs[index]
                inference = conclusion.inference
                assert inference is not None
                main = number == len(conclusions)
                title = argument.title if main else f"{argument.title} - {number}"
                claim = self.claim_of[id(statements[conclusion.title])]
                premises = [
                    self.claim_of[id(statements[m.title])]
                    for m in _step_premises(argument.pcs, index)
                ]
                premises = list(dict.fromkeys(p for p in premises if p != claim))
                if not premises:
                    self.skipped.append(f"<{title}> (its conclusion is its only premise)")
                    continue
                step_id = self.ids.mint(title, "argument", 60)
                self.step_of[id(inference)] = step_id
                if main:
                    self.main_step[id(argument)] = step_id
                record: dict[str, Any] = {
                    "id": step_id,
                    "premises": premises,
                    "conclusion": claim,
                    "identifier": title,
                }
                scheme = self.scheme(inference.rules)
                if scheme is not None:
                    record["scheme"] = scheme
                texts = _texts(argument.members)
                if main and texts:
                    record["warrant"] = "\n".join(texts)
                self.arguments.append(record)

    def scheme(self, rules: list[str]) -> str | None:
        """The scheme the inference rules name: built in when the one rule names one, else
        a scheme of the map labelled with the rules (refining a built-in one they name)."""
        rules = [_norm(rule) for rule in rules if _norm(rule)]
        if not rules:
            return None
        builtin = [b for b in (builtin_scheme_of(rule) for rule in rules) if b is not None]
        if len(rules) == 1 and builtin:
            return builtin[0]
        label = ", ".join(rules)
        found = self.scheme_of_label.get(label)
        if found is None:
            found = self.scheme_of_label[label] = self.ids.mint(label, "scheme", 60)
            scheme: dict[str, Any] = {"id": found, "label": label}
            if builtin:
                scheme["broader"] = builtin[0]
            self.schemes.append(scheme)
        return found

    # -- relations ------------------------------------------------------------------------------

    def relate(
        self, source: str, rel_type: str, target: str, kind: str | None = None
    ) -> str | None:
        """A relation, unless it relates an entity to itself or repeats one: its id, or None."""
        # an undercut and a rebut of one argument by one claim are two relations (Argdown:
        # one to the inference, one to the argument)
        if source == target or (source, rel_type, target, kind) in self.related:
            return None
        self.related.add((source, rel_type, target, kind))
        relation: dict[str, Any] = {
            "id": self.ids.mint(f"r{len(self.relations) + 1}", "r"),
            "type": rel_type,
            "from": source,
            "to": target,
        }
        if kind is not None:
            relation["kind"] = kind
        self.relations.append(relation)
        self.made_by.setdefault(source, []).append(relation)
        return str(relation["id"])

    def source_claim(self, node: Node | None) -> str | None:
        if isinstance(node, ArgdownArgument) and node.pcs:
            node = self.doc.statements[node.pcs[-1].title]
        return self.claim_of.get(id(node))

    def map_relations(self) -> None:
        premises = {p for a in self.arguments for p in a["premises"]}
        conclusions = {a["conclusion"] for a in self.arguments}
        undercuts: list[Relation] = []
        for relation in self.doc.relations:
            if relation.type == "undercut":
                undercuts.append(relation)
                continue
            source = self.source_claim(relation.source)
            target_node = relation.target
            if source is None or target_node is None:
                continue
            if relation.type in ("support", "entails"):
                target = self.source_claim(target_node)  # of an argument: its conclusion
                if target is not None:
                    self.relate(source, "support", target)
            elif relation.type in ("contrary", "contradictory"):
                target = self.claim_of.get(id(target_node))
                if target is not None:
                    self.relate(source, relation.type, target)
            elif isinstance(target_node, ArgdownArgument) and target_node.pcs:
                step = self.main_step.get(id(target_node))
                if step is not None:
                    self.relate(source, "attack", step, "rebut")
            else:
                target = self.claim_of.get(id(target_node))
                if target is not None:
                    undermines = target in premises and target not in conclusions
                    self.relate(source, "attack", target, "undermine" if undermines else "rebut")
        # An undercut of an argument without a structure undercuts the relation it makes:
        # those made by undercuts are made first (an undercut of an undercut comes later).
        pending = undercuts
        while pending:
            sources = {id(r.source) for r in pending}
            ready = [r for r in pending if id(r.target) not in sources] or pending
            for relation in ready:
                self.undercut(relation)
            pending = [r for r in pending if r not in ready]

    def undercut(self, relation: Relation) -> None:
        source = self.source_claim(relation.source)
        target_node = relation.target
        if source is None or target_node is None or relation.source is target_node:
            return  # an argument that undercuts itself relates it to itself: dropped
        if isinstance(target_node, Inference):
            step = self.step_of.get(id(target_node))
            if step is not None:
                self.relate(source, "attack", step, "undercut")
            return
        target = self.claim_of.get(id(target_node))
        if target is None:
            return
        if isinstance(target_node, ArgdownArgument):
            # its inference: the one relation the claim standing for it makes
            outgoing = [
                r["id"] for r in self.made_by.get(target, []) if r["type"] in ("support", "attack")
            ]
            if len(outgoing) == 1:
                self.relate(source, "attack", outgoing[0], "undercut")
                return
        self.relate(source, "attack", target, "rebut")

    def description(self) -> str:
        doc = self.doc
        reconstructed = sum(1 for a in doc.arguments.values() if a.pcs)
        types: dict[str, int] = {}
        for relation in doc.relations:
            types[relation.type] = types.get(relation.type, 0) + 1
        shown = ", ".join(f"{n} {t}" for t, n in sorted(types.items())) or "none"
        description = (
            f"Imported from Argdown: {len(doc.statements)} statements,"
            f" {len(doc.arguments)} arguments ({reconstructed} with a premise-conclusion"
            f" structure), relations: {shown}."
        )
        if self.skipped:
            description += " Not representable: " + "; ".join(self.skipped) + "."
        if doc.front_matter is not None:
            description += "\n\nFront matter: " + json.dumps(
                doc.front_matter, ensure_ascii=False, default=str
            )
        return description


def _step_premises(pcs: list[Member], index: int) -> list[Member]:
    """What the conclusion at ``index`` is inferred from, as Argdown's ExplodeArguments
    reads it: the ``uses`` (or ``from``) positions of the inference data, else the
    statements since the previous conclusion, and that conclusion."""
    conclusion = pcs[index]
    inference = conclusion.inference
    for data, key in (
        (inference.data if inference else None, "uses"),
        (conclusion.data, "uses"),
        (inference.data if inference else None, "from"),
    ):
        uses = data.get(key) if isinstance(data, dict) else None
        if isinstance(uses, list):
            positions = [
                u - 1 for u in uses if isinstance(u, int) and not isinstance(u, bool) and u > 0
            ]
            found = [pcs[p] for p in positions if p < len(pcs) and p != index]
            if found:
                return found
    chosen: list[Member] = []
    for position in range(index - 1, -1, -1):
        chosen.append(pcs[position])
        if pcs[position].role == "conclusion":
            break
    chosen.reverse()
    return chosen


def _texts(members: list[Member]) -> list[str]:
    return list(dict.fromkeys(_norm(m.text) for m in members if _norm(m.text)))


def _data(members: list[Member]) -> list[str]:
    return [json.dumps(m.data, ensure_ascii=False, default=str) for m in members if m.data]


def _note(kind: str, name: str, data: list[str]) -> str:
    """A claim's note: its Argdown name, and its data blocks."""
    note = f"Argdown [{name}]" if kind == "statement" else f"Argdown <{name}>"
    if data:
        note += "; data: " + " ".join(data)
    return note


def _map_title(doc: Document, fallback: str) -> str:
    """The front matter's title, else the first top-level heading, else ``fallback``."""
    front = doc.front_matter
    front_title = front.get("title") if isinstance(front, dict) else None
    heading_title = next((s.title for s in doc.sections if s.level == 1 and s.title), None)
    return _norm(str(front_title or "")) or heading_title or fallback


def loads(
    text: str, label: str = "<Argdown>", map_id: str = "argdown", title: str | None = None
) -> ArgumentMap:
    """An argument map from Argdown source text."""
    doc = parse(text, label)
    if not doc.statements and not doc.arguments:
        raise InputError(f"{label}: no statements or arguments; is this an Argdown file?")
    build = _MapBuilder(doc, map_id)
    # Ids are minted in this order (topics of headings, claims, arguments, relations): it
    # decides which of two entities with the same preferred id gets the plain one.
    build.section_topics()
    build.statement_claims()
    build.argument_claims()
    build.reconstructed_arguments()
    build.map_relations()
    return build_map(
        {
            "id": slugify(map_id),
            "title": _map_title(doc, title or map_id),
            "description": build.description(),
            "topics": build.topics,
            "schemes": build.schemes,
            "claims": [{k: v for k, v in c.items() if v} for c in build.claims],
            "arguments": build.arguments,
            "relations": build.relations,
        },
        label,
    )


def read(path: str | Path) -> ArgumentMap:
    """Read an Argdown file as one map named after the file."""
    path = Path(path)
    return loads(
        read_import_text(path, "Argdown file"), str(path), slugify(path.stem, "argdown"), path.stem
    )
