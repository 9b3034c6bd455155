"""Reading AIF JSON: AIFdb nodesets, OVA files and the xAIF wrapper (the mapping is in
formats/aif.py's docstring and docs/formats.md)."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from argmap.errors import InputError
from argmap.formats._imports import (
    IdMinter,
    build_map,
    read_import_text,
    short,
    shown,
)
from argmap.formats.aif_vocab import (
    GENERIC_SCHEMES,
    ILLOCUTIONS,
    NODE_TYPES,
    SCHEME_TYPES,
    SPEAKER_PREFIX,
    contains_letter,
    force_key,
)
from argmap.formats.aif_write import CONFLICT_MARKERS
from argmap.model.entities import (
    ArgumentMap,
    AttackKind,
)
from argmap.model.ids import slugify
from argmap.model.schemes import BUILTIN_SCHEMES
from argmap.util.limits import DEFAULT_LIMITS, current


@dataclass(slots=True)
class _Node:
    id: str
    type: str
    text: str
    scheme: str | None
    person: str | None = None  # OVA puts the speaker on the node
    created: str | None = None  # the node's timestamp, as written


@dataclass
class _Graph:
    nodes: dict[str, _Node] = field(default_factory=dict)
    edges: list[tuple[str, str]] = field(default_factory=list)
    speakers: dict[str, str] = field(default_factory=dict)  # L-node id -> person key
    names: dict[str, str] = field(default_factory=dict)  # person key -> name
    # L-node id -> what its first ``locutions`` entry says of it besides the speaker
    said: dict[str, dict[str, str]] = field(default_factory=dict)


class _Reader:
    def __init__(self, label: str) -> None:
        self.label = label

    def fail(self, place: str, problem: str, fix: str) -> InputError:
        return InputError(f"{self.label}: {place}: {problem}; {fix}")

    def ident(self, value: Any, place: str) -> str:
        # AIFdb writes ids as text, OVA as numbers; bool is an int in Python but not an id.
        if isinstance(value, str):
            stripped = value.strip()
            if stripped:
                return stripped
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        raise self.fail(place, f"id {shown(value)} is not text or a whole number", "fix the id")

    def text(self, value: Any, place: str) -> str:
        if value is None:
            return ""
        if not isinstance(value, str):
            raise self.fail(place, f"'text' is {type(value).__name__}, not text", "fix the text")
        return value

    def objects(self, data: dict[str, Any], key: str, required: bool) -> list[dict[str, Any]]:
        items = data.get(key)
        if items is None and not required:
            return []
        if not isinstance(items, list):
            found = "missing" if items is None else f"a {type(items).__name__}"
            raise self.fail(
                key, f"'{key}' is {found}, not a list", "is this an AIF JSON file (AIFdb/OVA)?"
            )
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                raise self.fail(
                    f"{key}[{index}]", f"is {type(item).__name__}, not an object", "fix the entry"
                )
        return items

    def parse(self, data: Any) -> _Graph:
        if not isinstance(data, dict):
            raise self.fail(
                "top level",
                f"is {type(data).__name__}, not an object with 'nodes' and 'edges'",
                "is this an AIF JSON file (AIFdb/OVA)?",
            )
        if isinstance(data.get("AIF"), dict):  # xAIF wraps the AIF graph
            data = data["AIF"]
        ova = "analysis" in data or any(
            isinstance(n, dict) and "id" in n and "nodeID" not in n
            for n in (data.get("nodes") if isinstance(data.get("nodes"), list) else [])
        )
        graph = _Graph()
        nodes, edges = graph.nodes, graph.edges
        id_key = "id" if ova else "nodeID"
        # The usual node (a text id, a known type, a text) takes the short way; anything
        # else goes through the checks that name the place (built only then: it is per node).
        for index, raw in enumerate(self.objects(data, "nodes", required=True)):
            value = raw.get(id_key)
            node_id = value.strip() if type(value) is str else ""
            if not node_id:
                node_id = self.ident(value, f"nodes[{index}]")
            kind = raw.get("type")
            if not isinstance(kind, str) or kind not in NODE_TYPES:
                raise self.fail(
                    f"nodes[{index}]",
                    f"type {shown(kind)} is not an AIF node type",
                    "use I, RA, CA, MA, PA, L, TA or YA",
                )
            if node_id in nodes:
                raise self.fail(
                    f"nodes[{index}]", f"a second node has the id '{node_id}'", "ids must be unique"
                )
            if kind == "PA":
                # A preference between arguments or claims has no faithful form in the
                # model (no preference relation): refused rather than dropped unseen.
                raise self.fail(
                    f"nodes[{index}]",
                    f"node '{node_id}' is a PA (preference) node, which argmap cannot hold",
                    "remove PA nodes and their edges to import the rest",
                )
            text = raw.get("text")
            if type(text) is not str:
                text = self.text(text, f"nodes[{index}]")
            scheme = raw.get("scheme")
            person = raw.get("participantID") if ova else None
            stamp = raw.get("timestamp")
            nodes[node_id] = _Node(
                node_id,
                kind,
                text,
                scheme if isinstance(scheme, str) else None,
                None if person in (None, "", 0, "0") else self.ident(person, f"nodes[{index}]"),
                stamp if isinstance(stamp, str) and stamp else None,
            )
        for index, raw in enumerate(self.objects(data, "edges", required=True)):
            if ova:
                place = f"edges[{index}]"
                ends = [raw.get("from"), raw.get("to")]
                if not all(isinstance(e, dict) for e in ends):
                    raise self.fail(place, "'from'/'to' are not nodes", "fix the edge")
                source, target = (self.ident(e.get("id"), place) for e in ends)  # type: ignore[union-attr]
            else:
                value, other = raw.get("fromID"), raw.get("toID")
                source = value.strip() if type(value) is str else ""
                if not source:
                    source = self.ident(value, f"edges[{index}]")
                target = other.strip() if type(other) is str else ""
                if not target:
                    target = self.ident(other, f"edges[{index}]")
            edges.append((source, target))
        people = "participants"
        for index, raw in enumerate(self.objects(data, people, required=False)):
            place = f"participants[{index}]"
            person = self.ident(raw.get("id" if ova else "participantID"), place)
            # The name as written (AIFdb: first name and surname; argmap: the whole name in
            # 'firstname'); a name of only spaces is still a name.
            name = " ".join(
                part
                for part in (raw.get("firstname"), raw.get("surname"))
                if isinstance(part, str) and part
            )
            if name:
                graph.names[f"p:{person}"] = name
        for index, raw in enumerate(self.objects(data, "locutions", required=False)):
            place = f"locutions[{index}]"
            locution = self.ident(raw.get("nodeID"), place)
            if raw.get("personID") is not None:
                graph.speakers.setdefault(locution, f"p:{self.ident(raw['personID'], place)}")
            # AIFdb repeats an entry per analysis: the first that says something is kept.
            said = {
                key: str(raw[key])
                for key in ("start", "end", "source")
                if isinstance(raw.get(key), str | int | float) and not isinstance(raw[key], bool)
            }
            if said:
                graph.said.setdefault(locution, said)
        for node in graph.nodes.values():
            if node.person is not None:
                graph.speakers.setdefault(node.id, f"p:{node.person}")
        return graph


# ---- reading: AIF graph -> model --------------------------------------------------------------


def _scheme_name(node: _Node) -> str | None:
    for candidate in (node.scheme, node.text):
        if candidate is not None and candidate.strip() not in GENERIC_SCHEMES:
            return candidate
    return None


CONFLICT_NAMES = {name: rel_type.value for rel_type, name in CONFLICT_MARKERS.items()}


def _conflict_type(node: _Node) -> str:
    """What a CA node between claims is: a contrary or contradictory when its ``scheme``
    says so (argmap writes those names there), else an attack."""
    name = node.scheme.strip() if node.scheme is not None else ""
    return CONFLICT_NAMES.get(name, "attack")


def scheme_key(name: str) -> str:
    """A scheme name reduced to its core words, so AIFdb's "Argument From Expert Opinion",
    arguebuf's "Expert Opinion" and argmap's "Argument from expert opinion" meet."""
    words = re.sub(r"[^a-z0-9]+", " ", name.lower()).split()
    if words[:2] == ["argument", "from"]:
        words = words[2:]
    if words[:1] in (["a"], ["an"], ["the"]):
        words = words[1:]
    if words[-1:] == ["argument"]:
        words = words[:-1]
    return "-".join(words)


# Built-in schemes by their slug and by the key of their label.
_BUILTIN_BY_KEY = {
    **{scheme_key(info.label): slug for slug, info in BUILTIN_SCHEMES.items()},
    **{slug: slug for slug in BUILTIN_SCHEMES},
}


def builtin_scheme_of(name: str) -> str | None:
    """The built-in scheme a scheme name stands for, or None."""
    return _BUILTIN_BY_KEY.get(scheme_key(name))


def _force_of(node: _Node) -> str:
    """A YA node's illocutionary force by name: its text as shown ("Popular Conceding"),
    else its scheme ("PopularConceding")."""
    return node.text.strip() or (node.scheme or "").strip() or "Default Illocuting"


def _origin(node: _Node) -> dict[str, str]:
    """What an entity keeps of its AIF node: the nodeID and the timestamp, as written."""
    kept = {"identifier": node.id}
    if node.created is not None:
        kept["created"] = node.created
    return kept


def _relation_base(node: _Node) -> str:
    has_letter = contains_letter(node.id) and slugify(node.id) != "x"
    return node.id if has_letter else f"{node.type.lower()}-{node.id}"


def from_aif(
    data: Any, label: str = "<AIF>", map_id: str = "aif", title: str = "AIF"
) -> ArgumentMap:
    """An argument map from parsed AIF JSON (a dict); InputError names what is wrong."""
    return _from_aif(data, label, map_id, title)


def _from_aif(data: Any, label: str, map_id: str, title: str) -> ArgumentMap:
    build = _MapBuilder(_Reader(label).parse(data), map_id)
    # Ids are minted in this order (claims, relations, stances, the dialogue): it decides
    # which of two entities with the same preferred id gets the plain one.
    claims = build.claims()
    relations = build.relations()
    stances = build.stances()
    dialogue = build.dialogue()  # after the stances: their ids come first
    schemes = build.schemes()
    entities: dict[str, Any] = {
        "id": slugify(map_id),
        "title": title,
        "description": build.summary(),
        "actors": build.actor_list,
        "claims": claims,
        "relations": relations,
        "stances": stances,
        **{key: items for key, items in dialogue.items() if items},
    }
    # Only files with linked arguments have these: other maps import as they always did.
    if schemes:
        entities["schemes"] = schemes
    if build.argument_list:
        entities["arguments"] = build.argument_list
    return build_map(entities, label)


def _adjacency(graph: _Graph) -> tuple[dict[str, list[str]], dict[str, list[str]], int]:
    """Each node's neighbours along incoming and outgoing edges, and how many edges name a
    node that is not in the graph (those are left out)."""
    nodes = graph.nodes
    incoming: dict[str, list[str]] = defaultdict(list)
    outgoing: dict[str, list[str]] = defaultdict(list)
    dangling = 0
    for source, target in graph.edges:
        if source not in nodes or target not in nodes:
            dangling += 1
            continue
        outgoing[source].append(target)
        incoming[target].append(source)
    return incoming, outgoing, dangling


class _MapBuilder:
    """The map's entities from a checked AIF graph, one kind per method; what the model
    cannot hold is counted in ``dropped`` for the map's description."""

    def __init__(self, graph: _Graph, map_id: str) -> None:
        self.graph = graph
        self.nodes = graph.nodes
        self.ids = IdMinter(slugify(map_id))
        self.dropped: dict[str, int] = defaultdict(int)
        self.claim_of: dict[str, str] = {}  # I-node id -> claim id
        self.relation_list: list[dict[str, Any]] = []
        # Relations sort by their scheme node's place in the file, then by when they were made.
        self.position = {node_id: index for index, node_id in enumerate(self.nodes)}
        self.order: dict[str, tuple[int, int]] = {}  # relation id -> sort key
        self.relations_of: dict[str, list[str]] = defaultdict(list)  # scheme node -> relations
        self.argument_list: list[dict[str, Any]] = []  # RA nodes with several premises
        self.scheme_uses: list[tuple[dict[str, Any], str]] = []  # (argument, scheme name)
        self.inferred: list[tuple[list[str], str]] = []  # (premises, conclusion) of each RA
        # contradictories read one way, by (from, to), each waiting for its CA the other way
        self.contradictions: dict[tuple[str, str], list[str]] = defaultdict(list)
        self.incoming, self.outgoing, dangling = _adjacency(graph)
        if dangling:
            self.dropped["edges to unknown nodes"] += dangling
        self.names = dict(graph.names)  # person key -> name
        self.actor_ids: dict[str, str] = {}  # person key -> actor id
        self.actor_list: list[dict[str, Any]] = []
        self.speaker_of = self.speakers()  # L-node id -> person key

    def claims(self) -> list[dict[str, Any]]:
        """A claim for each I-node with text."""
        claims: list[dict[str, Any]] = []
        for node in self.nodes.values():
            if node.type != "I":
                continue
            if not node.text:
                self.dropped["I-nodes without text"] += 1
                continue
            if contains_letter(node.id):  # a readable id (ours: 'c1', 'map:c1')
                claim_id = self.ids.mint(node.id, "claim", 120)
            else:  # a database number: a slug of the text reads better
                claim_id = self.ids.mint(node.text, "claim", 40)
            claims.append({"id": claim_id, "text": node.text, **_origin(node)})
            self.claim_of[node.id] = claim_id
        return claims

    def relations(self) -> list[dict[str, Any]]:
        """The relations (and linked arguments) of the RA, CA and MA nodes, in the order of
        those nodes in the file."""
        undercuts = []
        for node in self.nodes.values():
            if node.type in SCHEME_TYPES and self._scheme_relations(node):
                undercuts.append(node)
        self._attack_kinds()
        # An undercut attacks relations, so it is made once those exist.
        self._undercuts(undercuts)
        self.relation_list.sort(key=lambda r: self.order[r["id"]])
        self.argument_list.sort(key=lambda a: self.order[a["id"]])
        return self.relation_list

    def _claims_around(self, node_ids: list[str]) -> list[str]:
        claim_of = self.claim_of
        return [claim_of[i] for i in node_ids if i in claim_of]

    def _scheme_relations(self, node: _Node) -> bool:
        """The arguments, supports, rephrases and conflicts between claims of one scheme
        node; True when it is a CA that points into scheme nodes too (an undercut, made
        later)."""
        sources = self._claims_around(self.incoming[node.id])
        targets = self._claims_around(self.outgoing[node.id])
        into_schemes = [t for t in self.outgoing[node.id] if self.nodes[t].type in SCHEME_TYPES]
        undercut = False
        if node.type == "PA":
            self.dropped["PA (preference) nodes"] += 1
        elif node.type == "RA":
            for target in targets:
                self._inference(node, sources, target)
            if into_schemes:
                self.dropped["supports of scheme nodes"] += len(into_schemes)
        elif node.type == "MA":
            for target in targets:
                for source in sources:
                    self._add(node, "rephrase", source, target)
        elif node.type == "CA":
            conflict = _conflict_type(node)
            for target in targets:
                for source in sources:
                    if conflict == "contradictory" and self._pairs_contradiction(
                        node, source, target
                    ):
                        continue
                    self._add(node, conflict, source, target)
            undercut = bool(into_schemes)
        if not sources and node.type in {"RA", "CA", "MA"}:
            self.dropped[f"{node.type} nodes without an I-node premise"] += 1
        return undercut

    def _inference(self, node: _Node, sources: list[str], target: str) -> None:
        """What an RA node says of one conclusion: with one premise, a support (as argmap
        writes one); with several, ONE argument whose premises hold it only together."""
        premises = [p for p in dict.fromkeys(sources) if p != target]
        if len(premises) < len(dict.fromkeys(sources)):
            self.dropped["self-relations"] += 1
        if len(premises) == 1:
            self._add(node, "support", premises[0], target)
            self.inferred.append((premises, target))
            return
        if not premises:
            return
        argument: dict[str, Any] = {
            "id": self.ids.mint(_relation_base(node), "r"),
            "premises": premises,
            "conclusion": target,
            **_origin(node),
        }
        # With a 'scheme' field (AIFdb, argmap), it names the scheme and a different text is
        # the warrant; without one (older AIF, OVA), the text names the scheme.
        text = node.text.strip()
        name = node.scheme if node.scheme is not None else node.text
        if name.strip() not in GENERIC_SCHEMES:
            self.scheme_uses.append((argument, name))
        if (
            node.scheme is not None
            and text not in GENERIC_SCHEMES
            and scheme_key(text) != scheme_key(name)  # not the scheme's name spelled otherwise
        ):
            argument["warrant"] = node.text
        self.argument_list.append(argument)
        self.order[argument["id"]] = (self.position[node.id], len(self.order))
        self.relations_of[node.id].append(argument["id"])
        self.inferred.append((premises, target))

    def _pairs_contradiction(self, node: _Node, source: str, target: str) -> bool:
        """True when this contradictory CA node is the other half of one already read (a
        contradiction is written as a CA each way): it joins that relation."""
        waiting = self.contradictions.get((target, source))
        if not waiting:
            return False
        self.relations_of[node.id].append(waiting.pop(0))
        return True

    def _attack_kinds(self) -> None:
        """An attack on a claim that is a premise of an argument (or support) here, and no
        inference's conclusion, undermines it; any other attack on a claim rebuts it."""
        premises = {p for premises, _ in self.inferred for p in premises}
        conclusions = {c for _, c in self.inferred}
        for relation in self.relation_list:
            if relation["type"] != "attack" or "kind" in relation:
                continue
            if relation["to"] in premises and relation["to"] not in conclusions:
                relation["kind"] = AttackKind.UNDERMINE.value

    def _undercuts(self, pending: list[_Node]) -> None:
        """Undercuts in rounds: one that attacks another undercut waits until that one's
        relations exist; what never gets ready is a cycle."""
        outgoing = self.outgoing
        while pending:
            waiting = {n.id for n in pending}
            ready = [
                n for n in pending if not any(t in waiting and t != n.id for t in outgoing[n.id])
            ]
            if not ready:
                self.dropped["undercut cycles"] += len(pending)
                break
            for node in ready:
                for target in outgoing[node.id]:
                    for relation_id in (
                        self.relations_of.get(target, []) if target != node.id else []
                    ):
                        for source in self._claims_around(self.incoming[node.id]):
                            self._add(
                                node, "attack", source, relation_id, kind=AttackKind.UNDERCUT.value
                            )
            done = {n.id for n in ready}  # node ids are unique: a set, not list membership
            pending = [n for n in pending if n.id not in done]

    def _add(self, node: _Node, rel_type: str, source: str, target: str, **extra: Any) -> None:
        if source == target:
            self.dropped["self-relations"] += 1
            return
        relation = {
            "id": self.ids.mint(_relation_base(node), "r"),
            "type": rel_type,
            "from": source,
            "to": target,
        }
        warrant = _scheme_name(node)
        if rel_type in ("contrary", "contradictory"):
            # the conflict's name is the scheme; a text beside it is the warrant
            text = node.text.strip()
            warrant = (
                node.text
                if text not in GENERIC_SCHEMES and text != (node.scheme or "").strip()
                else None
            )
        if warrant:
            relation["warrant"] = warrant
        relation.update(extra)
        relation.update(_origin(node))
        if rel_type == "contradictory":  # waits for its other half, the CA the other way
            self.contradictions[(source, target)].append(relation["id"])
        self.relation_list.append(relation)
        self.order[relation["id"]] = (self.position[node.id], len(self.order))
        self.relations_of[node.id].append(relation["id"])

    def schemes(self) -> list[dict[str, Any]]:
        """The schemes the arguments name: a built-in one when the name is one's (AIFdb's
        "Expert Opinion", argmap's "Argument from expert opinion"), else the map's own, one
        per name. Their ids are minted last, so they take no id an entity would have had."""
        own: dict[str, dict[str, Any]] = {}
        for argument, name in self.scheme_uses:
            builtin = builtin_scheme_of(name)
            if builtin is None:
                if name not in own:
                    own[name] = {
                        "id": self.ids.mint(slugify(name, "scheme"), "scheme"),
                        "label": name,
                    }
                argument["scheme"] = own[name]["id"]
            else:
                argument["scheme"] = builtin
        return list(own.values())

    def speakers(self) -> dict[str, str]:
        """Each L-node's speaker, as a person key ('p:<personID>' or 'n:<name>'): from the
        ``locutions`` (or OVA's ``participantID``), else the ``Name :`` prefix AIFdb puts
        on a locution's text; a name that a person already has is that person."""
        graph, found = self.graph, {}
        names = self.names
        locutions = [n for n in self.nodes.values() if n.type == "L"]
        for node in locutions:
            key = graph.speakers.get(node.id)
            if key is None:
                continue
            found[node.id] = key
            if key not in names:
                prefix = SPEAKER_PREFIX.match(node.text)
                said = prefix.group(1).strip() if prefix else ""
                names[key] = said or f"Participant {key[2:]}"
        person_of = {name: key for key, name in names.items() if key.startswith("p:")}
        for node in locutions:
            prefix = SPEAKER_PREFIX.match(node.text)
            if node.id in found or not prefix:
                continue
            name = prefix.group(1).strip()
            if not name:  # ' : text' names no one
                continue
            key = person_of.get(name, f"n:{name}")
            names.setdefault(key, name)
            found[node.id] = key
        return found

    def actor_of(self, key: str) -> str:
        """The id of the actor a person key stands for, made the first time it is met."""
        actor_id = self.actor_ids.get(key)
        if actor_id is None:
            name = self.names[key]
            actor_id = self.actor_ids[key] = self.ids.mint(slugify(name, "speaker"), "speaker")
            actor: dict[str, Any] = {"id": actor_id, "name": name, "kind": "person"}
            if key.startswith("p:"):
                actor["identifier"] = key[2:]
            self.actor_list.append(actor)
        return actor_id

    def stances(self) -> list[dict[str, Any]]:
        """A stance for each YA from a locution to an I-node whose illocution shows a
        position, by the locution's speaker (an actor)."""
        nodes, claim_of, ids = self.nodes, self.claim_of, self.ids
        speaker_of = self.speaker_of
        stances: list[dict[str, Any]] = []
        seen: set[tuple[str, str, str]] = set()
        for node in nodes.values():
            if node.type != "YA":
                continue
            claims = [claim_of[t] for t in self.outgoing[node.id] if t in claim_of]
            if not claims:
                continue
            position = ILLOCUTIONS.get(force_key(node.scheme or node.text))
            if position is None:
                continue
            for locution in (nodes[i] for i in self.incoming[node.id] if nodes[i].type == "L"):
                key = speaker_of.get(locution.id)
                if key is None:
                    continue
                actor = self.actor_of(key)
                for claim in claims:
                    # one stance per speaker and claim of each YA node (a YA may have two
                    # locutions by the same speaker); two YA nodes stay two stances
                    if (node.id, actor, claim) in seen:
                        continue
                    seen.add((node.id, actor, claim))
                    base = node.id if contains_letter(node.id) else f"ya-{node.id}"
                    stances.append(
                        {
                            "id": ids.mint(base, "stance"),
                            "actor": actor,
                            "claim": claim,
                            "position": position.value,
                        }
                    )
        return stances

    def dialogue(self) -> dict[str, list[dict[str, Any]]]:
        """Every L, TA and YA node as a locution, transition or illocution (AIF+), and the
        ``by`` of what a YA anchored in a transition argues or attacks: the speaker of the
        locutions that transition leads to (who put the argument forward)."""
        nodes, ids, incoming, outgoing = self.nodes, self.ids, self.incoming, self.outgoing
        entity_of: dict[str, list[str]] = {}  # node id -> the dialogue entities it became
        locutions: list[dict[str, Any]] = []
        for node in nodes.values():
            if node.type != "L":
                continue
            locution: dict[str, Any] = {
                "id": ids.mint(_relation_base(node), "l"),
                "text": node.text,
            }
            key = self.speaker_of.get(node.id)
            if key is not None:
                locution["speaker"] = self.actor_of(key)
            locution.update(self.graph.said.get(node.id, {}))
            locution.update(_origin(node))
            locutions.append(locution)
            entity_of[node.id] = [locution["id"]]
        transitions: list[dict[str, Any]] = []
        for node in nodes.values():
            if node.type != "TA":
                continue
            ends = []
            for near in (incoming[node.id], outgoing[node.id]):
                ends.append([entity_of[i][0] for i in near if nodes[i].type == "L"])
                self.dropped["TA edges to other than L-nodes"] += sum(
                    nodes[i].type not in ("L", "YA") for i in near
                )
            transition: dict[str, Any] = {
                "id": ids.mint(_relation_base(node), "ta"),
                "from": ends[0],
                "to": ends[1],
            }
            scheme = _scheme_name(node) if node.scheme is None else node.scheme
            if scheme and scheme.strip() != "TA":
                transition["scheme"] = scheme
            transition.update(_origin(node))
            transitions.append(transition)
            entity_of[node.id] = [transition["id"]]
        targets_of = {**self.relations_of}
        for node_id, claim in self.claim_of.items():
            targets_of[node_id] = [claim]
        illocutions: list[dict[str, Any]] = []
        by: dict[str, set[str]] = defaultdict(set)
        speaker_of = {lo["id"]: lo.get("speaker") for lo in locutions}
        to_of = {t["id"]: t["to"] for t in transitions}
        for node in nodes.values():
            if node.type != "YA":
                continue
            sources = [e for i in incoming[node.id] for e in entity_of.get(i, [])]
            targets = [
                e for i in outgoing[node.id] for e in (entity_of.get(i) or targets_of.get(i, []))
            ]
            unread = sum(not entity_of.get(i) for i in incoming[node.id])
            unread += sum(not (entity_of.get(i) or targets_of.get(i)) for i in outgoing[node.id])
            if unread:
                self.dropped["YA edges to nodes not imported"] += unread
            base = _relation_base(node)
            froms: list[str | None] = list(sources) if sources else [None]
            tos: list[str | None] = list(targets) if targets else [None]
            for source in froms:
                for target in tos:
                    illocution: dict[str, Any] = {
                        "id": ids.mint(base, "ya"),
                        "force": _force_of(node),
                    }
                    if source is not None:
                        illocution["from"] = source
                    if target is not None:
                        illocution["to"] = target
                    illocutions.append({**illocution, **_origin(node)})
                    if source is not None and source in to_of and target is not None:
                        for said in to_of[source]:
                            who = speaker_of.get(said)
                            if who is not None:
                                by[target].add(who)
        for entity in (*self.relation_list, *self.argument_list):
            if entity["id"] in by:
                entity["by"] = sorted(by[entity["id"]])
        return {"locutions": locutions, "illocutions": illocutions, "transitions": transitions}

    def summary(self) -> str:
        """The map's description: what was read, and what has no place in the model."""
        counts = defaultdict(int, {t: 0 for t in ("I", "RA", "CA", "MA", "L", "YA", "TA")})
        for node in self.nodes.values():
            counts[node.type] += 1
        summary = (
            f"Imported from AIF: {counts['I']} I-nodes, {counts['RA']} RA, {counts['CA']} CA,"
            f" {counts['MA']} MA, {counts['L']} L, {counts['YA']} YA, {counts['TA']} TA nodes"
        )
        dropped = {what: n for what, n in self.dropped.items() if n}
        if dropped:
            summary += "; not representable here: " + ", ".join(
                f"{n} {what}" for what, n in sorted(dropped.items())
            )
        return summary + "."


# A \\uD800-\\uDFFF escape that is not half of a pair: json.loads keeps it as a lone surrogate,
# a string no file can be written with (UTF-8 cannot encode it). An odd run of backslashes
# before the 'u' makes it an escape; an even one is escaped backslashes and a literal 'u'.
_SURROGATE_ESCAPE = re.compile(
    r"(\\+)u(?:"
    r"([dD][89abAB][0-9a-fA-F]{2})(\\u[dD][c-fC-F][0-9a-fA-F]{2})?"  # high, and its low?
    r"|([dD][c-fC-F][0-9a-fA-F]{2}))"  # a low on its own
)


def _check_surrogates(text: str, label: str) -> None:
    if "\\u" not in text:  # the usual file: no escape at all, found at memchr speed
        return
    for match in _SURROGATE_ESCAPE.finditer(text):
        escaped, high, low_after, low = match.groups()
        if len(escaped) % 2 == 0 or (high and low_after):
            continue
        line = text.count("\n", 0, match.start()) + 1
        raise InputError(
            f"{label}:{line}: not valid JSON text: \\u{high or low} is half of a UTF-16"
            " surrogate pair and the other half is missing; fix or remove the escape"
        )


def _parse_json(text: str, label: str) -> Any:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{label}:{exc.lineno}: not valid JSON: {exc.msg} (column {exc.colno});"
            " is the file complete AIF JSON?"
        ) from None
    except RecursionError:
        raise InputError(
            f"{label}: JSON nested too deeply to be AIF; AIF nests objects two levels deep"
        ) from None
    except ValueError as exc:  # e.g. an integer with more digits than Python converts
        raise InputError(f"{label}: not valid JSON: {short(str(exc), 80)}") from None
    _check_surrogates(text, label)
    return data


def loads(text: str, label: str = "<AIF>", map_id: str = "aif", title: str = "AIF") -> ArgumentMap:
    """An argument map from AIF JSON text."""
    if not text.strip():
        raise InputError(f"{label}: the file is empty; an AIF file holds 'nodes' and 'edges'")
    return from_aif(_parse_json(text, label), label, map_id, title)


# AIF is verbose (many more bytes per claim than the other formats), so it gets a larger
# limit than the other imports (Limits.max_aif_bytes); past this, memory is the problem.
MAX_AIF_BYTES = DEFAULT_LIMITS.max_aif_bytes


def read(path: str | Path) -> ArgumentMap:
    """Read an AIF JSON file (AIFdb, OVA, xAIF) as one map named after the file."""
    path = Path(path)
    stem = path.name.removesuffix(".json").removesuffix(".aif")
    # The limits in force: never less than the other imports may read, so --max-file-mb
    # raises this one too.
    lim = current()
    limit = max(lim.max_aif_bytes, lim.max_file_bytes)
    text = read_import_text(path, "AIF file", limit, as_format="AIF")
    # A file named only '.aif.json' has no stem: the map's title (never empty) is its name.
    return loads(text, str(path), slugify(stem, "aif"), stem or path.name)
