"""Writing AIF JSON (the mapping is in formats/aif.py's docstring and docs/formats.md)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from argmap.formats.aif_vocab import ILLOCUTION_OF, ILLOCUTIONS, force_key
from argmap.model.corpus import Corpus
from argmap.model.entities import (
    Argument,
    ArgumentMap,
    AttackKind,
    Position,
    Relation,
    RelationType,
)
from argmap.model.ids import split_ref
from argmap.model.schemes import BUILTIN_SCHEMES

# AIF has CA nodes only; AIF's own reading of a CA node between I-nodes is contrariness, and
# of a CA each way, contradiction. argmap's attack (rebut) between claims is also a CA, so a
# contrary or contradictory CA carries the conflict's name as its scheme to come back as
# what it was.
CONFLICT_MARKERS = {
    RelationType.CONTRARY: "Contrary",
    RelationType.CONTRADICTORY: "Contradictory",
}
DEFAULT_SCHEMES = {"RA": "Default Inference", "CA": "Default Conflict", "MA": "Default Rephrase"}
BACK = ":back"  # the id of the second CA node of a contradictory (ids never hold ':back')


def _scheme_node(
    node_id: str, kind: str, warrant: str | None, scheme: str | None = None
) -> dict[str, Any]:
    """An S-node as AIFdb writes one: the scheme's name as its ``text`` and ``scheme``; a
    warrant, when there is one, is the ``text`` (what OVA shows) beside the scheme."""
    scheme_name = scheme or (None if warrant else DEFAULT_SCHEMES[kind])
    node: dict[str, Any] = {"nodeID": node_id, "type": kind, "text": warrant or scheme_name}
    if scheme_name is not None:
        node["scheme"] = scheme_name
    return node


def aifdb_scheme_name(slug: str) -> str:
    """A built-in scheme as AIFdb names it: its words in title case ("Expert Opinion",
    "Cause To Effect", "Default Inference"), the names arguebuf and AIFdb tools look up."""
    return " ".join(word.capitalize() for word in slug.split("-"))


def _scheme_name_of(m: ArgumentMap, argument: Argument) -> str | None:
    """The name of an argument's scheme: AIFdb's name of a built-in one, or the label of
    the map's own."""
    if argument.scheme is None:
        return None
    if argument.scheme in BUILTIN_SCHEMES:
        return aifdb_scheme_name(argument.scheme)
    return next((s.label for s in m.schemes if s.id == argument.scheme), argument.scheme)


def _conclusion_of(corpus: Corpus, m: ArgumentMap, ref: str) -> str | None:
    """The conclusion of the argument (or support relation) ``ref`` names, as a reference
    from ``m``; None when ``ref`` is a claim."""
    map_id, local = split_ref(ref)
    owner = m if map_id in (None, m.id) else corpus.maps_by_id.get(map_id)
    if owner is None:
        return None
    argument = owner.arguments_by_id.get(local)
    relation = owner.relations_by_id.get(local)
    conclusion = argument.conclusion if argument is not None else None
    if relation is not None and relation.type is RelationType.SUPPORT:
        conclusion = relation.target
    if conclusion is None or owner is m or ":" in conclusion:
        return conclusion
    return f"{owner.id}:{conclusion}"


# The AIF node type each kind of entity is written as.
_RELATION_NODE = {
    RelationType.SUPPORT: "RA",
    RelationType.ATTACK: "CA",
    RelationType.CONTRARY: "CA",
    RelationType.CONTRADICTORY: "CA",
    RelationType.REPHRASE: "MA",
}


class _NodeIds:
    """The nodeID of every entity of a corpus: its ``identifier`` (the id it had in the AIF
    it came from) when it has one, else its id (``map:id`` for several maps) as before.

    Entities that share an identifier and a node type are ONE node (an RA node with two
    conclusions became two arguments; a YA node with two locutions, two illocutions); an
    identifier that an entity of another type already has, or a minted id that is some
    entity's identifier, is made unique with ``~2``, ``~3``… (``~`` is in no slug)."""

    def __init__(self, corpus: Corpus) -> None:
        self.several = len(corpus.maps) > 1
        self.kept: set[str] = set()  # every identifier: no minted id may take one
        for m in corpus.maps:
            for group in (m.claims, m.arguments, m.relations, m.locutions, m.illocutions):
                self.kept.update(e.identifier for e in group if e.identifier is not None)
            self.kept.update(t.identifier for t in m.transitions if t.identifier is not None)
        self.type_of: dict[str, str] = {}  # nodeID -> its AIF type
        self.of: dict[tuple[str, str], str] = {}  # (map id, entity id) -> nodeID
        for m in corpus.maps:
            for claim in m.claims:
                self.assign(m, claim.id, claim.identifier, "I")
            for argument in m.arguments:
                self.assign(m, argument.id, argument.identifier, "RA")
            for rel in m.relations:
                self.assign(m, rel.id, rel.identifier, _RELATION_NODE[rel.type])
            for locution in m.locutions:
                self.assign(m, locution.id, locution.identifier, "L")
            for transition in m.transitions:
                self.assign(m, transition.id, transition.identifier, "TA")
            for illocution in m.illocutions:
                self.assign(m, illocution.id, illocution.identifier, "YA")

    def assign(self, m: ArgumentMap, entity_id: str, identifier: str | None, kind: str) -> str:
        if identifier is not None and self.type_of.setdefault(identifier, kind) == kind:
            node_id = identifier
        else:
            node_id = self.fresh(f"{m.id}:{entity_id}" if self.several else entity_id, kind)
        self.of[(m.id, entity_id)] = node_id
        return node_id

    def fresh(self, wanted: str, kind: str) -> str:
        """``wanted``, or ``wanted~N`` when an entity's identifier or another node has it."""
        node_id, n = wanted, 1
        while node_id in self.kept or self.type_of.get(node_id, kind) != kind:
            n += 1
            node_id = f"{wanted}~{n}"
        self.type_of[node_id] = kind
        return node_id

    def ref(self, m: ArgumentMap, ref: str) -> str:
        """The nodeID of what ``ref`` (from map ``m``) names."""
        map_id, local = split_ref(ref)
        found = self.of.get((map_id or m.id, local))
        if found is not None:
            return found
        # A map not in the corpus: the id as written before identifiers were kept.
        return f"{map_id or m.id}:{local}" if self.several or map_id else local


class _AifWriter:
    """The nodes, edges, locutions and participants of a corpus: each node once (entities
    that are one AIF node merge), each edge once."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.ids = _NodeIds(corpus)
        self.nodes: list[dict[str, Any]] = []
        self.edges: list[dict[str, Any]] = []
        self.locutions: list[dict[str, Any]] = []
        self.participants: dict[str, dict[str, Any]] = {}  # actor id -> participant
        self.written: set[str] = set()
        self.linked: set[tuple[str, str]] = set()
        self.person_ids = {a.identifier for a in corpus.actors.values() if a.identifier}

    def node(self, node: dict[str, Any], created: str | None = None) -> None:
        if node["nodeID"] in self.written:
            return
        self.written.add(node["nodeID"])
        if created is not None:
            node["timestamp"] = created
        self.nodes.append(node)

    def edge(self, source: str, target: str) -> None:
        if (source, target) in self.linked:
            return
        self.linked.add((source, target))
        self.edges.append(
            {
                "edgeID": f"e{len(self.edges) + 1}",
                "fromID": source,
                "toID": target,
                "formEdgeID": None,
            }
        )

    def person(self, actor_id: str) -> str:
        """The participantID of an actor: its identifier (AIFdb's personID) or a number."""
        found = self.participants.get(actor_id)
        if found is None:
            actor = self.corpus.actors[actor_id]
            person = actor.identifier
            if person is None:
                number = len(self.participants) + 1
                while str(number) in self.person_ids:
                    number += 1
                person = str(number)
                self.person_ids.add(person)
            found = self.participants[actor_id] = {
                "participantID": person,
                "firstname": actor.name,
                "surname": "",
            }
        return str(found["participantID"])

    def data(self) -> dict[str, Any]:
        for m in self.corpus.maps:
            self.write_map(m)
        return {
            "nodes": self.nodes,
            "edges": self.edges,
            "locutions": self.locutions,
            "participants": list(self.participants.values()),
        }

    def write_map(self, m: ArgumentMap) -> None:
        ids, node, edge = self.ids, self.node, self.edge

        def node_id(ref: str) -> str:
            return ids.ref(m, ref)

        for claim in m.claims:
            node({"nodeID": node_id(claim.id), "text": claim.text, "type": "I"}, claim.created)
        for argument in m.arguments:
            # One RA node for the whole inference: its premises are linked (AIFdb writes a
            # linked argument so, and a convergent one as two RA nodes).
            arg_node = node_id(argument.id)
            # Always with a 'scheme' (the default one if none), so a warrant reads back as one
            scheme_name = _scheme_name_of(m, argument) or DEFAULT_SCHEMES["RA"]
            node(_scheme_node(arg_node, "RA", argument.warrant, scheme_name), argument.created)
            for premise in argument.premises:
                edge(node_id(premise), arg_node)
            edge(arg_node, node_id(argument.conclusion))
        for rel in m.relations:
            self.write_relation(m, rel, node_id)
        self.write_dialogue(m, node_id)

    def write_relation(self, m: ArgumentMap, rel: Relation, node_id: Any) -> None:
        node, edge = self.node, self.edge
        rel_node = node_id(rel.id)
        source, target = node_id(rel.source), node_id(rel.target)
        kind = _RELATION_NODE[rel.type]
        if rel.type is RelationType.ATTACK and rel.kind is AttackKind.REBUT:
            # A rebut of an argument attacks its conclusion: the CA meets that I-node (a CA
            # into the RA node would be an undercut).
            conclusion = _conclusion_of(self.corpus, m, rel.target)
            target = node_id(conclusion) if conclusion is not None else target
        marker = CONFLICT_MARKERS.get(rel.type)
        node(_scheme_node(rel_node, kind, rel.warrant, marker), rel.created)
        edge(source, rel_node)
        edge(rel_node, target)
        if rel.type is RelationType.CONTRADICTORY:
            back = self.ids.fresh(rel_node + BACK, "CA")
            node(_scheme_node(back, "CA", rel.warrant, marker))
            edge(target, back)
            edge(back, source)

    def write_dialogue(self, m: ArgumentMap, node_id: Any) -> None:
        """Locutions, transitions and illocutions as L, TA and YA nodes; then each stance
        that no illocution already says as an L-node by the actor with a YA to the claim."""
        node, edge = self.node, self.edge
        speaker = {lo.id: lo.speaker for lo in m.locutions}
        for locution in m.locutions:
            l_node = node_id(locution.id)
            node({"nodeID": l_node, "text": locution.text, "type": "L"}, locution.created)
            if locution.speaker is not None:
                entry: dict[str, Any] = {
                    "nodeID": l_node,
                    "personID": self.person(locution.speaker),
                }
                for key in ("start", "end", "source"):
                    if getattr(locution, key) is not None:
                        entry[key] = getattr(locution, key)
                self.locutions.append(entry)
        for transition in m.transitions:
            t_node = node_id(transition.id)
            ta: dict[str, Any] = {"nodeID": t_node, "text": transition.scheme or "TA", "type": "TA"}
            if transition.scheme is not None:
                ta["scheme"] = transition.scheme
            node(ta, transition.created)
            for said in transition.source:
                edge(node_id(said), t_node)
            for said in transition.target:
                edge(t_node, node_id(said))
        expressed: set[tuple[str, str, Position]] = set()
        for illocution in m.illocutions:
            y_node = node_id(illocution.id)
            force = illocution.force
            node(
                {"nodeID": y_node, "text": force, "type": "YA", "scheme": force},
                illocution.created,
            )
            if illocution.source is not None:
                edge(node_id(illocution.source), y_node)
            if illocution.target is not None:
                edge(y_node, node_id(illocution.target))
            position = ILLOCUTIONS.get(force_key(force))
            who = speaker.get(illocution.source or "")
            if position is not None and who is not None and illocution.target is not None:
                expressed.add((who, illocution.target, position))
        self.write_stances(m, node_id, expressed)

    def write_stances(
        self, m: ArgumentMap, node_id: Any, expressed: set[tuple[str, str, Position]]
    ) -> None:
        texts = {n["nodeID"]: n["text"] for n in self.nodes if n["type"] == "I"}
        actors = m.actors_by_id
        for stance in m.stances:
            if (stance.actor, stance.claim, stance.position) in expressed:
                continue  # an illocution of the dialogue says it already
            actor = actors[stance.actor]
            person = self.person(actor.id)
            claim_node = node_id(stance.claim)
            stance_node = self.ids.fresh(
                f"{m.id}:{stance.id}" if self.ids.several else stance.id, "YA"
            )
            locution = self.ids.fresh("L:" + stance_node, "L")
            # The I-node's text when it is written already (a claim of a later map is not
            # yet: then the reference stands for its text).
            claim_text = texts.get(claim_node, stance.claim)
            illocution = ILLOCUTION_OF[stance.position]
            self.node({"nodeID": locution, "text": f"{actor.name} : {claim_text}", "type": "L"})
            self.node(
                {"nodeID": stance_node, "text": illocution, "type": "YA", "scheme": illocution}
            )
            self.edge(locution, stance_node)
            self.edge(stance_node, claim_node)
            self.locutions.append({"nodeID": locution, "personID": person})


def to_aif(corpus: Corpus) -> dict[str, Any]:
    """The corpus as one AIF graph (with ``locutions`` and ``participants``)."""
    return _AifWriter(corpus).data()


def dumps(corpus: Corpus) -> bytes:
    """The corpus as AIF JSON (UTF-8)."""
    return b"".join(_json_chunks(to_aif(corpus)))


# json.dumps(..., indent=2) runs the pure-Python encoder (the C one cannot indent), slow on a
# big export. AIF JSON is an object of lists of flat objects, so the C encoder writes a run of
# a list's objects at once, with an item separator that carries the newline and the
# indentation of an object's members; the separators between the objects are then
# re-indented by one replace. That is exact because JSON text never holds a raw newline
# inside a string: every ",\n      " in the encoder's output is a separator. Runs keep the
# strings small (a copy of a big fresh string costs more than its encoding). The bytes are
# those of json.dumps(data, ensure_ascii=False, indent=2) + "\n" (tests/test_formats_aif.py).
_MEMBER = ",\n      "  # between two members of an object in a list in the top object
_BETWEEN = "\n    },\n    {\n      "  # between two objects of such a list
_encode = json.JSONEncoder(ensure_ascii=False, separators=(_MEMBER, ": ")).encode
_RUN = 5_000  # objects encoded at once


def _json_chunks(data: dict[str, list[dict[str, Any]]], run: int = _RUN) -> Iterator[bytes]:
    """``data`` as json.dumps(data, ensure_ascii=False, indent=2) writes it, and a newline,
    in UTF-8 chunks; for the shape :func:`to_aif` makes: an object of lists of non-empty
    objects of scalars (text, numbers, true/false/null). Checking every value would cost as
    much as writing it, so this is private to :func:`dumps`."""
    if not data:
        yield b"{}\n"
        return
    for number, (key, items) in enumerate(data.items()):
        opening = "{\n  " if number == 0 else ",\n  "
        if not items:
            yield (opening + _encode(key) + ": []").encode("utf-8")
            continue
        yield (opening + _encode(key) + ": [\n    {\n      ").encode("utf-8")
        for start in range(0, len(items), run):
            text = _encode(items[start : start + run])  # '[{"a": 1,<M>"b": 2},<M>{"a": 3}]'
            body = text[2:-2].replace("}" + _MEMBER + "{", _BETWEEN)
            yield ((_BETWEEN if start else "") + body).encode("utf-8")
        yield b"\n    }\n  ]"
    yield b"\n}\n"
