"""AIF JSON, both ways: AIFdb nodesets, OVA files and the xAIF wrapper.

The Argument Interchange Format (Chesñevar et al. 2006; the AIF JSON of AIFdb,
http://corpora.aifdb.org, and OVA, http://ova.arg-tech.org) is a graph of *information
nodes* (``I``, what is said) and *scheme nodes* between them: ``RA`` (inference, a support),
``CA`` (conflict, an attack), ``MA`` (rephrase), ``PA`` (preference); the dialogue layer adds
``L`` (locutions, who said what), ``TA`` (transitions) and ``YA`` (illocutions, anchoring a
locution to what it asserts). Edges are ``{"fromID", "toID"}``; ``locutions`` give each
L-node's ``personID``; ``participants`` give names.

Reading (AIF -> model):

- I-node -> claim (the nodeID is kept as the id when it is a slug with a letter, else the
  text is slugified; a numeric AIFdb id is kept in the claim's note);
- RA with several I-node premises -> ONE argument whose premises are linked (needed
  together), for each conclusion; its scheme is the node's ``scheme`` (else, without that
  field, its text) unless a default like ``Default Inference``: a built-in scheme when the
  name is one's (AIFdb's "Expert Opinion", argmap's "Argument from expert opinion"), else a
  scheme of the map's own; a text beside a ``scheme`` that names something else is the
  warrant. RA with one premise -> a support (the scheme name, else the text, its warrant);
- CA -> an attack: into an I-node that is a premise of some argument or support and no
  inference's conclusion, an undermine; into any other I-node, a rebut; into an RA node, an
  undercut of that argument (or support); into a CA/MA node, an undercut of the relation it
  became. A CA whose ``scheme`` is ``Contrary`` is a contrary; ``Contradictory`` CA nodes
  one each way between two I-nodes are one contradictory (argmap writes these names);
- MA -> a rephrase (the source restates the target);
- L-node -> its speaker (``participants`` name, else the ``Name :`` prefix AIFdb puts on
  locution texts, else "Participant N") becomes an actor (kind ``person``); a YA from a
  locution to an I-node is that actor's stance: asserting/agreeing/conceding/restating
  -> endorses, disagreeing/assertive or rhetorical challenging -> opposes, questioning/pure
  challenging -> concerned;
- TA, PA, YA-to-scheme (e.g. "Arguing") and supports of scheme nodes have no place in the
  model: they are counted in the map's description, not silently lost.

Writing (model -> AIF) is the reverse, so AIF -> argmap -> AIF keeps every RA node: claims
-> I; an argument -> ONE RA node (its scheme's name as ``text`` and ``scheme``, AIFdb's
title-case name for a built-in one; a warrant, if any, as the ``text``) with an edge from
each premise and one to the conclusion; a support -> an RA with one premise; an attack ->
a CA into the I-node it attacks (a rebut of an argument: into its conclusion; an undercut:
into the RA/CA/MA node of what it attacks); a contrary -> a CA with scheme ``Contrary``; a
contradictory -> two CA nodes with scheme ``Contradictory``, one each way (AIF reads a CA
each way as a contradiction); a rephrase -> an MA node; stances -> an L-node by the actor
(a participant) with a YA (Asserting / Disagreeing / Pure Questioning) to the claim.
Strengths, quotes, ``by``, issues, topics, kinds, notes and a map scheme's description
have no AIF form (docs/formats.md). What AIF itself cannot say comes back changed: an
attack's kind follows where its CA node points (a rebut of a premise-only claim comes back
an undermine), a one-premise argument comes back a support, and a map scheme's id is made
from its label.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterator
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
from argmap.model.corpus import Corpus
from argmap.model.entities import Argument, ArgumentMap, AttackKind, Position, RelationType
from argmap.model.ids import slugify, split_ref
from argmap.model.schemes import BUILTIN_SCHEMES
from argmap.util.limits import DEFAULT_LIMITS, current

__all__ = [
    "ILLOCUTIONS",
    "MAX_AIF_BYTES",
    "aifdb_scheme_name",
    "builtin_scheme_of",
    "dumps",
    "from_aif",
    "loads",
    "read",
    "scheme_key",
    "to_aif",
]

SCHEME_TYPES = {"RA", "CA", "MA", "PA"}
DIALOGUE_TYPES = {"L", "TA", "YA"}
NODE_TYPES = {"I", *SCHEME_TYPES, *DIALOGUE_TYPES, ""}
GENERIC_SCHEMES = {
    "",
    "RA",
    "CA",
    "MA",
    "PA",
    "Default Inference",
    "Default Conflict",
    "Default Rephrase",
    "Default Preference",
}
# Illocutionary forces (as named in AIFdb / IAT) -> the stance they show. Keys are
# normalised with _force(): AIFdb writes both "Popular Conceding" and "PopularConceding".
ILLOCUTIONS: dict[str, Position] = {
    **dict.fromkeys(
        [
            "asserting",
            "agreeing",
            "conceding",
            "popularconceding",
            "restating",
            "assertivequestioning",
            "rhetoricalquestioning",
            "defaultillocuting",
            "arguing",
        ],
        Position.ENDORSES,
    ),
    **dict.fromkeys(
        ["disagreeing", "assertivechallenging", "rhetoricalchallenging", "defaultconflicting"],
        Position.OPPOSES,
    ),
    **dict.fromkeys(
        ["purequestioning", "questioning", "purechallenging", "challenging"],
        Position.CONCERNED,
    ),
}


def _force(name: str) -> str:
    return re.sub(r"[\s_-]+", "", name).lower()


ILLOCUTION_OF = {
    Position.ENDORSES: "Asserting",
    Position.OPPOSES: "Disagreeing",
    Position.CONCERNED: "Pure Questioning",
}
_SPEAKER = re.compile(r"^\s*([^:\n]{1,60}?)\s*:\s")
_has_letter = re.compile("[A-Za-z]").search


# ---- writing ------------------------------------------------------------------------------------

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


def to_aif(corpus: Corpus) -> dict[str, Any]:
    """The corpus as one AIF graph (with ``locutions`` and ``participants``)."""
    several = len(corpus.maps) > 1
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    locutions: list[dict[str, Any]] = []
    participants: dict[str, dict[str, Any]] = {}
    texts: dict[str, str] = {}  # I-node id -> text, for the locutions that quote it

    def edge(source: str, target: str) -> None:
        edges.append(
            {"edgeID": f"e{len(edges) + 1}", "fromID": source, "toID": target, "formEdgeID": None}
        )

    for m in corpus.maps:
        prefix = f"{m.id}:" if several else ""

        def node_id(ref: str, m: ArgumentMap = m, prefix: str = prefix) -> str:
            if ":" not in ref:  # the usual case: an id of this map
                return prefix + ref
            map_id, local = split_ref(ref)
            return f"{map_id or m.id}:{local}" if several else local

        for claim in m.claims:
            claim_node = prefix + claim.id  # ids of the map's own entities are local
            nodes.append({"nodeID": claim_node, "text": claim.text, "type": "I"})
            texts.setdefault(claim_node, claim.text)
        for argument in m.arguments:
            # One RA node for the whole inference: its premises are linked (AIFdb writes a
            # linked argument so, and a convergent one as two RA nodes).
            arg_node = prefix + argument.id
            # Always with a 'scheme' (the default one if none), so a warrant reads back as one
            scheme_name = _scheme_name_of(m, argument) or DEFAULT_SCHEMES["RA"]
            nodes.append(_scheme_node(arg_node, "RA", argument.warrant, scheme_name))
            for premise in argument.premises:
                edge(node_id(premise), arg_node)
            edge(arg_node, node_id(argument.conclusion))
        for rel in m.relations:
            rel_node = prefix + rel.id
            source, target = node_id(rel.source), node_id(rel.target)
            if rel.type is RelationType.SUPPORT:
                nodes.append(_scheme_node(rel_node, "RA", rel.warrant))
            elif rel.type is RelationType.REPHRASE:
                nodes.append(_scheme_node(rel_node, "MA", rel.warrant))
            elif rel.type is RelationType.ATTACK:
                nodes.append(_scheme_node(rel_node, "CA", rel.warrant))
                if rel.kind is AttackKind.REBUT:
                    # A rebut of an argument attacks its conclusion: the CA meets that I-node
                    # (a CA into the RA node would be an undercut).
                    conclusion = _conclusion_of(corpus, m, rel.target)
                    target = node_id(conclusion) if conclusion is not None else target
            else:  # contrary (one CA node) or contradictory (one CA node each way)
                marker = CONFLICT_MARKERS[rel.type]
                nodes.append(_scheme_node(rel_node, "CA", rel.warrant, marker))
            edge(source, rel_node)
            edge(rel_node, target)
            if rel.type is RelationType.CONTRADICTORY:
                back = rel_node + BACK
                nodes.append(_scheme_node(back, "CA", rel.warrant, CONFLICT_MARKERS[rel.type]))
                edge(target, back)
                edge(back, source)
        actors = m.actors_by_id
        for stance in m.stances:
            actor = actors[stance.actor]
            person = participants.get(actor.id)
            if person is None:
                person = participants[actor.id] = {
                    "participantID": str(len(participants) + 1),
                    "firstname": actor.name,
                    "surname": "",
                }
            claim_node = node_id(stance.claim)
            stance_node = prefix + stance.id
            locution = "L:" + stance_node
            # The first I-node written so far with that id (a claim of a later map is not
            # written yet: then the reference stands for its text).
            claim_text = texts.get(claim_node, stance.claim)
            illocution = ILLOCUTION_OF[stance.position]
            nodes.append({"nodeID": locution, "text": f"{actor.name} : {claim_text}", "type": "L"})
            nodes.append(
                {"nodeID": stance_node, "text": illocution, "type": "YA", "scheme": illocution}
            )
            edge(locution, stance_node)
            edge(stance_node, claim_node)
            locutions.append({"nodeID": locution, "personID": person["participantID"]})
    return {
        "nodes": nodes,
        "edges": edges,
        "locutions": locutions,
        "participants": list(participants.values()),
    }


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


# ---- reading: checking the JSON -----------------------------------------------------------------


@dataclass(slots=True)
class _Node:
    id: str
    type: str
    text: str
    scheme: str | None
    person: str | None = None  # OVA puts the speaker on the node


@dataclass
class _Graph:
    nodes: dict[str, _Node] = field(default_factory=dict)
    edges: list[tuple[str, str]] = field(default_factory=list)
    speakers: dict[str, str] = field(default_factory=dict)  # L-node id -> person key
    names: dict[str, str] = field(default_factory=dict)  # person key -> name


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
            text = raw.get("text")
            if type(text) is not str:
                text = self.text(text, f"nodes[{index}]")
            scheme = raw.get("scheme")
            person = raw.get("participantID") if ova else None
            nodes[node_id] = _Node(
                node_id,
                kind,
                text,
                scheme if isinstance(scheme, str) else None,
                None if person in (None, "", 0, "0") else self.ident(person, f"nodes[{index}]"),
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


def _relation_base(node: _Node) -> str:
    has_letter = _has_letter(node.id) and slugify(node.id) != "x"
    return node.id if has_letter else f"{node.type.lower()}-{node.id}"


def from_aif(
    data: Any, label: str = "<AIF>", map_id: str = "aif", title: str = "AIF"
) -> ArgumentMap:
    """An argument map from parsed AIF JSON (a dict); InputError names what is wrong."""
    return _from_aif(data, label, map_id, title)


def _from_aif(data: Any, label: str, map_id: str, title: str) -> ArgumentMap:
    build = _MapBuilder(_Reader(label).parse(data), map_id)
    # Ids are minted in this order (claims, relations, stances): it decides which of two
    # entities with the same preferred id gets the plain one.
    claims = build.claims()
    relations = build.relations()
    actors, stances = build.stances()
    schemes = build.schemes()
    entities: dict[str, Any] = {
        "id": slugify(map_id),
        "title": title,
        "description": build.summary(),
        "actors": actors,
        "claims": claims,
        "relations": relations,
        "stances": stances,
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

    def claims(self) -> list[dict[str, Any]]:
        """A claim for each I-node with text."""
        claims: list[dict[str, Any]] = []
        for node in self.nodes.values():
            if node.type != "I":
                continue
            if not node.text:
                self.dropped["I-nodes without text"] += 1
                continue
            if _has_letter(node.id):  # a readable id (ours: 'c1', 'map:c1')
                claim_id = self.ids.mint(node.id, "claim", 120)
            else:  # a database number: a slug of the text reads better
                claim_id = self.ids.mint(node.text, "claim", 40)
            claim: dict[str, Any] = {"id": claim_id, "text": node.text}
            if claim_id != node.id:
                claim["note"] = f"AIF node {node.id}"
            claims.append(claim)
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

    def stances(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """The speakers of locutions as actors, and a stance for each YA from a locution to
        an I-node whose illocution shows a position."""
        nodes, graph, claim_of, ids = self.nodes, self.graph, self.claim_of, self.ids
        names = dict(graph.names)

        def speaker(locution: _Node) -> str | None:
            prefix = _SPEAKER.match(locution.text)
            key = graph.speakers.get(locution.id)
            if key is None and prefix:
                key = f"n:{prefix.group(1).strip()}"
            if key is None:
                return None
            if key not in names:
                said = prefix.group(1).strip() if prefix else ""
                names[key] = said or f"Participant {key[2:]}"
            return key

        actor_ids: dict[str, str] = {}
        actors: list[dict[str, Any]] = []
        stances: list[dict[str, Any]] = []
        seen: set[tuple[str, str, str]] = set()
        for node in nodes.values():
            if node.type != "YA":
                continue
            claims = [claim_of[t] for t in self.outgoing[node.id] if t in claim_of]
            if not claims:
                self.dropped["YA nodes not anchored in an I-node"] += 1
                continue
            force = (node.scheme or node.text).strip()
            position = ILLOCUTIONS.get(_force(force))
            if position is None:
                self.dropped[f"YA '{short(force, 30)}' (unknown illocution)"] += 1
                continue
            for locution in (nodes[i] for i in self.incoming[node.id] if nodes[i].type == "L"):
                key = speaker(locution)
                if key is None:
                    self.dropped["locutions without a speaker"] += 1
                    continue
                if key not in actor_ids:
                    actor_ids[key] = ids.mint(slugify(names[key], "speaker"), "speaker")
                    actors.append({"id": actor_ids[key], "name": names[key], "kind": "person"})
                for claim in claims:
                    # one stance per speaker and claim of each YA node (a YA may have two
                    # locutions by the same speaker); two YA nodes stay two stances
                    if (node.id, actor_ids[key], claim) in seen:
                        continue
                    seen.add((node.id, actor_ids[key], claim))
                    base = node.id if _has_letter(node.id) else f"ya-{node.id}"
                    stances.append(
                        {
                            "id": ids.mint(base, "stance"),
                            "actor": actor_ids[key],
                            "claim": claim,
                            "position": position.value,
                        }
                    )
        return actors, stances

    def summary(self) -> str:
        """The map's description: what was read, and what has no place in the model."""
        counts = defaultdict(int, {t: 0 for t in ("I", "RA", "CA", "MA")})
        for node in self.nodes.values():
            counts[node.type] += 1
        dropped = dict(self.dropped)
        if counts["TA"]:
            dropped["TA (transition) nodes"] = counts["TA"]
        summary = (
            f"Imported from AIF: {counts['I']} I-nodes, {counts['RA']} RA, {counts['CA']} CA,"
            f" {counts['MA']} MA nodes"
        )
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
