"""Synthetic corpora for benchmarks and scale tests: realistic shape, valid by construction,
the same for the same seed.

The shape is calibrated on the seed maps in ``data/``: claims of ~115 characters, one issue
per ~12 claims, ~1.4 relations per claim (80% supports, 16% rebuts, 4% undercuts) whose
targets follow preferential attachment inside an issue's thread plus a few links across
threads and maps (so a few claims draw most relations, as in real debates), half the
relations with a warrant, ~0.5 stances per claim from actors whose activity follows Zipf's
law (a few actors take most positions), and every claim and stance quoting verbatim, at its
offsets, a sentence of a generated source article (one article per ~50 claims). Texts use a
Zipf vocabulary with a few non-ASCII characters and quotation marks, so writers and parsers
meet escaping and code-point offsets.

A share of the inferences is written as authored ``arguments:`` shaped like real AIF data
(AIFdb nodesets, where about two RA nodes in three have several premises): two in three
authored arguments link 2-3 premises, two in five name a scheme (a built-in one, or the
map's own refinement of one), and some are rebutted, undermined (a premise attacked) or
undercut. A few claims are contrary to, contradict or rephrase an earlier claim, and about
one argument, relation or stance in five says ``by`` whom it is advanced (an actor, or
``analyst`` for the mapper's own link). Only links change: a size gives the same claims.

>>> corpus = synth_corpus(10_000, actors=50, seed=1, maps=2)      # a validated Corpus
>>> data = synth_corpus_data(10_000, actors=50, seed=1, maps=2)   # authoring dicts, one per map
>>> synth_paths(Path("synth.json"), 2)                            # where `argmap synth` writes
[PosixPath('synth-0.json'), PosixPath('synth-1.json')]
"""

from __future__ import annotations

import itertools
import json
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from argmap.errors import ArgmapError, FormatError
from argmap.model.corpus import Corpus
from argmap.model.entities import ArgumentMap

__all__ = [
    "SYNTH_SUFFIXES",
    "dumps_map_data",
    "synth_corpus",
    "synth_corpus_data",
    "synth_map_data",
    "synth_paths",
]

SYNTH_SUFFIXES = (".json", ".yaml", ".yml")

# Function words first (the most frequent), then the debate's content words; a word's
# weight is 1 / (rank + 10): Zipf-Mandelbrot, flattened at the head.
_VOCABULARY = (
    "the of and to a in is that for on will as with by are it not more than be can this "
    "their from they which but or have has its would could should if most these while also "
    "because into only even over those such so many no less what who through against about "
    "open models ai big tech developers regulation security revenue innovation community "
    "licence cost trust quality data compute market power policy risk access research "
    "startup cloud chip export safety transparency competition platform ecosystem standard "
    "model weights training inference benchmark companies governments users researchers "
    "investors rivals incumbents proprietary closed source code release releases released "
    "adoption scale margins moat pricing price cheaper faster slower efficient efficiency "
    "talent hardware gpus energy infrastructure api apis customers enterprise enterprises "
    "startups labs lab frontier capabilities capability misuse abuse harm harms audit "
    "audits accountability liability law laws rules oversight agency agencies europe china "
    "united states india global local national sovereignty supply chain chains sanctions "
    "controls deepseek llama mistral openai google meta microsoft anthropic nvidia hugging "
    "face github ecosystem toolchain fine-tuning fine-tuned distillation dataset datasets "
    "privacy copyright licensing licences permissive restrictive commercial non-commercial "
    "free low-cost expensive funding revenue-sharing subscription advertising monopoly "
    "monopolies oligopoly concentration lock-in interoperability portability reproducibility "
    "peer review evaluation evaluations red-teaming vulnerabilities exploits patches "
    "patching maintenance maintainers volunteers contributors forks fork governance boards "
    "foundation foundations nonprofit standards bodies consortium alliance partnership "
    "partners investment investments returns shareholders valuation growth decline "
    "disruption disrupt disrupts erode erodes erosion advantage advantages edge leadership "
    "dominance share demand supply shortage surplus bubble hype expectations reality "
    "evidence claims argue argues argued suggests suggest shows show report reports study "
    "studies survey analysts experts critics supporters sceptics advocates opponents "
    'naïve régime façade Zürich São-Paulo \u2013 \u201copen\u201d "closed" déjà-vu coöperation'
)
_WORDS = tuple(_VOCABULARY.split())
_CUM_WEIGHTS = list(itertools.accumulate(1 / (rank + 10) for rank in range(len(_WORDS))))
_QUESTION_OPENINGS = ("Will", "Should", "Does", "Can", "How will", "Why do", "Is it true that")

ACTOR_KINDS = ["company", "organization", "community", "government", "person", "country"]
_ACTOR_NAMES = {
    "company": ("Nexora Labs", "Quillant AI", "Brightforge", "Tessaline", "Corvana Systems"),
    "organization": ("Open Model Foundation", "AI Policy Institute", "Digital Rights Watch"),
    "community": ("Open-source developers", "Model fine-tuners", "Local-AI hobbyists"),
    "government": ("European Commission", "Ministry of Digital Affairs", "State regulator"),
    "person": ("Amara Okafor", "Lukas Brenner", "Mei Tanaka", "Rafael Díaz", "Ravi Iyer"),
    "country": ("Freedonia", "Sylvania", "Ruritania", "Grand Fenwick"),
}
TOPICS = [
    "economics",
    "competition",
    "security",
    "regulation",
    "geopolitics",
    "safety",
    "innovation",
    "cost",
    "privacy",
    "governance",
    "research",
    "infrastructure",
]
_BROADER = {"competition": "economics", "cost": "economics", "privacy": "regulation"}
_CLAIM_KINDS = ("fact", "prediction", "value", "policy", "definition")
_CLAIM_KIND_WEIGHTS = (45, 33, 11, 10, 1)
_POSITIONS = ("endorses", "concerned", "opposes")
_POSITION_WEIGHTS = (75, 15, 10)

CLAIMS_PER_ISSUE = 12
CLAIMS_PER_ARTICLE = 50

# What a link drawn from a new claim becomes. Of the supports, ARGUMENT_SHARE become authored
# arguments (the rest stay one-premise support relations, as in the seed maps). Premise
# counts of authored arguments as in AIFdb nodesets: two in three have several.
ARGUMENT_SHARE = 0.35
_PREMISE_COUNTS = (1, 2, 3)
_PREMISE_WEIGHTS = (34, 44, 22)
# Schemes as often as AIFdb's schemed RA nodes, the most used first; "" is the map's own.
_SCHEMES = (
    "expert-opinion",
    "example",
    "cause-to-effect",
    "positive-consequences",
    "practical-reasoning",
    "analogy",
    "sign",
    "negative-consequences",
    "popular-opinion",
    "position-to-know",
    "verbal-classification",
    "",
)
_SCHEME_WEIGHTS = (16, 14, 12, 10, 9, 8, 7, 7, 5, 4, 4, 4)
_SCHEME_SHARE = 0.4
# The map's own scheme, a refinement of a built-in one.
_MAP_SCHEME = {
    "id": "market-dynamics",
    "label": "Argument from market dynamics",
    "description": "What is cheaper and open draws users; what draws users gains share.",
    "broader": "cause-to-effect",
}
_BY_SHARE = 0.2  # arguments, relations and stances that say who advances them
_ANALYST_SHARE = 0.3  # of those, the mapper's own links


def _words(rng: random.Random, count: int) -> list[str]:
    return rng.choices(_WORDS, cum_weights=_CUM_WEIGHTS, k=count)


def _length(rng: random.Random, mean: float, low: int, high: int) -> int:
    """A sentence length in words: right-skewed (a gamma law), clipped to [low, high]."""
    return min(high, max(low, round(rng.gammavariate(6.0, mean / 6.0))))


def _sentence(rng: random.Random, mean: float = 19, low: int = 5, high: int = 44) -> str:
    words = _words(rng, _length(rng, mean, low, high))
    if len(words) > 9 and rng.random() < 0.4:
        words[rng.randrange(3, len(words) - 3)] += ","
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def _question(rng: random.Random) -> str:
    words = " ".join(_words(rng, _length(rng, 11, 4, 28)))
    return f"{rng.choice(_QUESTION_OPENINGS)} {words}?"


def _actor(index: int, prefix: str) -> dict[str, Any]:
    """The same actor for the same index in every map (maps of a corpus share actors)."""
    kind = ACTOR_KINDS[index % len(ACTOR_KINDS)]
    names = _ACTOR_NAMES[kind]
    name = names[(index // len(ACTOR_KINDS)) % len(names)]
    round_ = index // (len(ACTOR_KINDS) * len(names))
    actor: dict[str, Any] = {
        "id": f"{prefix}-{index}",
        "name": name if round_ == 0 else f"{name} {round_ + 1}",
        "kind": kind,
    }
    if kind == "person" and index >= 4:
        actor["member_of"] = [f"{prefix}-{index - 4}"]  # a company (index % 6 == 0)
    return actor


class _Article:
    """A source text being written, sentence by sentence, with each sentence's offset."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0  # in code points, as quote offsets count

    def add(self, sentence: str, rng: random.Random) -> dict[str, Any]:
        """Append ``sentence``; return a quote of it (without the source id)."""
        if self.parts:
            gap = "\n\n" if rng.random() < 0.2 else " "
            self.parts.append(gap)
            self.length += len(gap)
        start = self.length
        self.parts.append(sentence)
        self.length += len(sentence)
        return {"text": sentence, "start": start, "end": start + len(sentence)}

    def text(self) -> str:
        return "".join(self.parts)


def synth_map_data(
    map_id: str,
    claims: int,
    actors: int,
    seed: int,
    *,
    actor_prefix: str = "actor",
    linked_maps: Sequence[tuple[str, int]] = (),
) -> dict[str, Any]:
    """Authoring data (a dict, as in a map file) for one map of ``claims`` claims.

    ``actors`` actors are defined (the same in every map); ``linked_maps`` names earlier
    maps of the corpus as ``(map id, claim count)``: ~3% of relations then target one of
    their claims (``map-id:claim-id``). The same arguments always give the same data.
    """
    if claims < 1:
        raise ArgmapError(f"a synthetic map needs at least 1 claim, not {claims}")
    if actors < 0:
        raise ArgmapError(f"the number of actors cannot be negative ({actors})")
    rng = random.Random(f"argmap-synth/{seed}/{map_id}")  # noqa: S311 — repeatable data
    issue_count = max(1, round(claims / CLAIMS_PER_ISSUE))
    article_count = max(1, round(claims / CLAIMS_PER_ARTICLE))
    # Zipf activity: actor k takes stances with weight 1 / (k + 1).
    actor_weights = list(itertools.accumulate(1 / (k + 1) for k in range(actors)))

    def thread_of(index: int) -> int:
        return index * issue_count // claims  # threads are contiguous runs of claims

    issues = []
    thread_topics = []
    for t in range(issue_count):
        topic = rng.choice(TOPICS)
        thread_topics.append(topic)
        issues.append({"id": f"i{t}", "text": _question(rng), "topics": [topic]})

    articles = [_Article() for _ in range(article_count)]
    claim_list: list[dict[str, Any]] = []
    stances: list[dict[str, Any]] = []
    # Preferential attachment: a claim holds one ticket in its thread and in the map, plus
    # one for each relation it drew; targets are drawn from the tickets.
    links = _Links(rng, actors, actor_prefix, linked_maps)
    current_thread = -1
    for index in range(claims):
        thread = thread_of(index)
        if thread != current_thread:
            current_thread = thread
            links.new_thread()
        article_index = index * article_count // claims
        article, source_id = articles[article_index], f"{map_id}-article-{article_index}"
        for _ in range(rng.choices((0, 1, 2), (70, 25, 5))[0]):  # text between quotes
            article.add(_sentence(rng), rng)
        quotes = [{"source": source_id, **article.add(_sentence(rng), rng)}]
        if rng.random() < 0.07:
            quotes.append({"source": source_id, **article.add(_sentence(rng), rng)})
        topics = [thread_topics[thread]]
        if rng.random() < 0.4:
            topics.append(rng.choice(TOPICS))
        claim: dict[str, Any] = {
            "id": f"c{index}",
            "text": _sentence(rng),
            "kind": rng.choices(_CLAIM_KINDS, _CLAIM_KIND_WEIGHTS)[0],
            "topics": sorted(set(topics)),
            "quotes": quotes,
        }
        first_of_thread = not links.thread_tickets
        if first_of_thread or rng.random() < 0.5:
            claim["answers"] = [f"i{thread}"]
        claim_list.append(claim)
        if not first_of_thread:
            links.add(index, article, source_id)
        links.thread_tickets.append(index)
        links.map_tickets.append(index)
        # Stances per claim as in the seed maps: most claims none, a few several actors.
        stance_count = rng.choices((0, 1, 2, 3), (58, 35, 5, 2))[0] if actors else 0
        holders: set[int] = set()
        for _ in range(stance_count):
            actor = rng.choices(range(actors), cum_weights=actor_weights)[0]
            if actor in holders:
                continue
            holders.add(actor)
            stance: dict[str, Any] = {
                "id": f"s{len(stances)}",
                "actor": f"{actor_prefix}-{actor}",
                "claim": f"c{index}",
                "position": rng.choices(_POSITIONS, _POSITION_WEIGHTS)[0],
            }
            if rng.random() < 0.1:
                stance["strength"] = round(rng.uniform(0.3, 1.0), 2)
            if rng.random() < 0.9:
                stance["quotes"] = [{"source": source_id, **article.add(_sentence(rng), rng)}]
            links.attribute(stance)
            stances.append(stance)

    sources = [
        {
            "id": f"{map_id}-article-{k}",
            "title": _sentence(rng, 8, 3, 14).rstrip("."),
            "author": _ACTOR_NAMES["person"][k % len(_ACTOR_NAMES["person"])],
            "publisher": "Synthetic Tech Review",
            "date": f"{2020 + k % 6}-{1 + k % 12:02d}-{1 + k % 28:02d}",
            "url": f"https://example.org/{map_id}/article-{k}",
            "text": article.text(),
        }
        for k, article in enumerate(articles)
    ]
    topics_data = []
    for topic in TOPICS:
        entry: dict[str, Any] = {"id": topic, "label": topic.capitalize()}
        if topic in _BROADER:
            entry["broader"] = [_BROADER[topic]]
        topics_data.append(entry)
    return {
        "argmap": 1,
        "id": map_id,
        "title": f"Synthetic debate {map_id}",
        "description": f"Generated by argmap synth (seed {seed}): {claims} claims.",
        "sources": sources,
        "topics": topics_data,
        "actors": [_actor(i, actor_prefix) for i in range(actors)],
        "schemes": [dict(_MAP_SCHEME)],
        "issues": issues,
        "claims": claim_list,
        "arguments": links.arguments,
        "relations": links.relations,
        "stances": stances,
    }


class _Links:
    """The arguments and relations of a map being written, and what the next draws need:
    the targets' tickets (preferential attachment), the current thread's inferences (to
    undercut or rebut) and the claims that are premises (to undermine)."""

    def __init__(
        self,
        rng: random.Random,
        actors: int,
        actor_prefix: str,
        linked_maps: Sequence[tuple[str, int]],
    ) -> None:
        self.rng = rng
        self.actor_prefix = actor_prefix
        self.actor_weights = list(itertools.accumulate(1 / (k + 1) for k in range(actors)))
        self.linked_maps = linked_maps
        self.arguments: list[dict[str, Any]] = []
        self.relations: list[dict[str, Any]] = []
        self.map_tickets: list[int] = []
        self.premises: set[str] = set()  # claim ids that are a premise of some inference
        self.new_thread()

    def new_thread(self) -> None:
        self.thread_tickets: list[int] = []
        self.thread_relations: list[int] = []  # indices into ``relations``
        self.thread_arguments: list[int] = []  # indices into ``arguments``

    def attribute(self, entity: dict[str, Any]) -> None:
        """Say, now and then, who advances ``entity``: a busy actor or the analyst."""
        rng = self.rng
        if rng.random() >= _BY_SHARE:
            return
        if not self.actor_weights or rng.random() < _ANALYST_SHARE:
            entity["by"] = ["analyst"]
        else:
            actor = rng.choices(range(len(self.actor_weights)), cum_weights=self.actor_weights)
            entity["by"] = [f"{self.actor_prefix}-{actor[0]}"]

    def add(self, index: int, article: _Article, source_id: str) -> None:
        """The links claim ``index`` starts: 0-4 drawn (1.8 on average), duplicates dropped."""
        rng = self.rng
        origin = f"c{index}"
        chosen: set[str] = set()
        for _ in range(rng.choices((0, 1, 2, 3, 4), (6, 38, 34, 16, 6))[0]):
            draw = rng.random()
            if self.linked_maps and draw < 0.03:
                other_id, other_size = rng.choice(self.linked_maps)
                # Early claims of a map are its main theses: bias towards them.
                target = f"{other_id}:c{int(other_size * rng.random() ** 2)}"
            else:
                pool = self.thread_tickets if draw < 0.88 else self.map_tickets
                target = f"c{rng.choice(pool)}"
            kind_draw = rng.random()
            relation: dict[str, Any] = {"id": f"r{len(self.relations)}", "from": origin}
            if kind_draw < 0.04 and (self.thread_relations or self.thread_arguments):
                if not self._undercut(relation, chosen):
                    continue
            elif target in chosen:
                continue
            elif kind_draw < 0.84:
                if ":" not in target and rng.random() < ARGUMENT_SHARE:
                    chosen.add(target)
                    self._argument(index, target, article, source_id)
                    self._ticket(target)
                    continue
                relation |= {"type": "support", "to": target}
                self.premises.add(origin)
            elif kind_draw < 0.97:
                relation |= self._attack(origin, target, chosen)
            else:
                # A few claims conflict with, or restate, one they follow.
                conflict = rng.choices(("contrary", "contradictory", "rephrase"), (3, 2, 5))[0]
                relation |= {"type": conflict, "to": target}
            chosen.add(relation["to"])
            if relation["type"] in ("support", "attack"):
                self._ticket(target)
            if rng.random() < 0.5:
                relation["warrant"] = _sentence(rng, 7, 3, 14).rstrip(".")
            if rng.random() < 0.15:
                relation["strength"] = round(rng.uniform(0.2, 1.0), 2)
            self.attribute(relation)
            self.thread_relations.append(len(self.relations))
            self.relations.append(relation)

    def _ticket(self, target: str) -> None:
        if ":" not in target:
            target_index = int(target[1:])
            self.thread_tickets.append(target_index)
            self.map_tickets.append(target_index)

    def _undercut(self, relation: dict[str, Any], chosen: set[str]) -> bool:
        """Make ``relation`` an undercut of an inference of the thread, if one fits."""
        rng = self.rng
        arguments, relations = self.thread_arguments, self.thread_relations
        if arguments and (not relations or rng.random() < 0.4):
            argument = self.arguments[rng.choice(arguments)]
            if relation["from"] in argument["premises"] or argument["id"] in chosen:
                return False
            target = argument["id"]
        else:
            undercut = self.relations[rng.choice(relations)]
            # Undercuts target supports and rebuts: an undercut of an undercut is rare in
            # real maps (the seed maps have none), and a conflict is no inference.
            if (
                undercut["from"] == relation["from"]
                or undercut["id"] in chosen
                or undercut.get("kind") == "undercut"
                or undercut["type"] not in ("support", "attack")
            ):
                return False
            target = undercut["id"]
        relation |= {"type": "attack", "to": target, "kind": "undercut"}
        return True

    def _attack(self, origin: str, target: str, chosen: set[str]) -> dict[str, Any]:
        """A rebut of ``target``; now and then an undermine of it (when it is a premise) or a
        rebut of an argument of the thread instead (it attacks that argument's conclusion)."""
        rng = self.rng
        draw = rng.random()
        if draw < 0.3 and target in self.premises:
            return {"type": "attack", "to": target, "kind": "undermine"}
        if draw > 0.85 and self.thread_arguments:
            argument = self.arguments[rng.choice(self.thread_arguments)]
            if origin not in argument["premises"] and argument["id"] not in chosen:
                return {"type": "attack", "to": argument["id"], "kind": "rebut"}
        return {"type": "attack", "to": target}

    def _argument(self, index: int, conclusion: str, article: _Article, source_id: str) -> None:
        """An authored argument from claim ``index`` (linked with 0-2 of the claims just
        before it) to ``conclusion``."""
        rng = self.rng
        wanted = rng.choices(_PREMISE_COUNTS, _PREMISE_WEIGHTS)[0]
        # Linked premises are stated together: the others are among the last few claims.
        recent = [f"c{i}" for i in range(max(0, index - 6), index) if f"c{i}" != conclusion]
        premises = [f"c{index}", *rng.sample(recent, min(wanted - 1, len(recent)))]
        argument: dict[str, Any] = {
            "id": f"a{len(self.arguments)}",
            "premises": sorted(premises),
            "conclusion": conclusion,
        }
        if rng.random() < _SCHEME_SHARE:
            scheme = rng.choices(_SCHEMES, _SCHEME_WEIGHTS)[0]
            argument["scheme"] = scheme or _MAP_SCHEME["id"]
        if rng.random() < 0.5:
            argument["warrant"] = _sentence(rng, 7, 3, 14).rstrip(".")
        if rng.random() < 0.15:
            argument["strength"] = round(rng.uniform(0.2, 1.0), 2)
        if rng.random() < 0.1:
            argument["quotes"] = [{"source": source_id, **article.add(_sentence(rng), rng)}]
        self.attribute(argument)
        self.premises.update(premises)
        self.thread_arguments.append(len(self.arguments))
        self.arguments.append(argument)


def _split(claims: int, maps: int) -> list[int]:
    if maps < 1:
        raise ArgmapError(f"a corpus needs at least 1 map, not {maps}")
    if claims < maps:
        raise ArgmapError(f"{claims} claims cannot fill {maps} maps; give at least one per map")
    return [claims // maps + (i < claims % maps) for i in range(maps)]


def synth_corpus_data(
    claims: int, actors: int = 20, seed: int = 0, maps: int = 1
) -> list[dict[str, Any]]:
    """Authoring data for ``maps`` maps (ids ``synth-0``…) with ``claims`` claims in all,
    sharing ``actors`` actors; later maps link to earlier ones."""
    data: list[dict[str, Any]] = []
    for i, size in enumerate(_split(claims, maps)):
        linked = [(d["id"], len(d["claims"])) for d in data]
        data.append(synth_map_data(f"synth-{i}", size, actors, seed, linked_maps=linked))
    return data


def synth_corpus(claims: int, actors: int = 20, seed: int = 0, maps: int = 1) -> Corpus:
    """A validated corpus of ``maps`` synthetic maps with ``claims`` claims in all."""
    return Corpus(
        maps=tuple(
            ArgumentMap.model_validate(d) for d in synth_corpus_data(claims, actors, seed, maps)
        )
    )


def synth_paths(output: Path, maps: int) -> list[Path]:
    """The files ``argmap synth -o OUTPUT`` writes: OUTPUT itself for one map, else one file
    per map, ``STEM-0.SUFFIX`` … (numbers zero-padded so a shell glob keeps their order)."""
    if output.suffix.lower() not in SYNTH_SUFFIXES:
        raise FormatError(
            f"{output}: write a map file ending in .json (fast at scale), .yaml or .yml"
        )
    if maps == 1:
        return [output]
    width = len(str(maps - 1))
    return [output.with_name(f"{output.stem}-{i:0{width}d}{output.suffix}") for i in range(maps)]


def dumps_map_data(data: dict[str, Any], suffix: str) -> bytes:
    """Map data as the bytes of a ``.json`` (compact, UTF-8) or ``.yaml`` file."""
    if suffix.lower() == ".json":
        return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text: str = yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100_000)
    return text.encode("utf-8")
