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
    relations: list[dict[str, Any]] = []
    stances: list[dict[str, Any]] = []
    # Preferential attachment: a claim holds one ticket in its thread and in the map, plus
    # one for each relation it drew; targets are drawn from the tickets.
    thread_tickets: list[int] = []
    map_tickets: list[int] = []
    thread_relations: list[int] = []  # indices into ``relations`` of the current thread
    current_thread = -1
    for index in range(claims):
        thread = thread_of(index)
        if thread != current_thread:
            current_thread, thread_tickets, thread_relations = thread, [], []
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
        first_of_thread = not thread_tickets
        if first_of_thread or rng.random() < 0.5:
            claim["answers"] = [f"i{thread}"]
        claim_list.append(claim)
        if not first_of_thread:
            _add_relations(
                rng, index, thread_tickets, map_tickets, thread_relations, relations, linked_maps
            )
        thread_tickets.append(index)
        map_tickets.append(index)
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
        "issues": issues,
        "claims": claim_list,
        "relations": relations,
        "stances": stances,
    }


def _add_relations(
    rng: random.Random,
    index: int,
    thread_tickets: list[int],
    map_tickets: list[int],
    thread_relations: list[int],
    relations: list[dict[str, Any]],
    linked_maps: Sequence[tuple[str, int]],
) -> None:
    """The relations claim ``index`` starts: 0-4 drawn (1.8 on average), duplicates dropped."""
    chosen: set[str] = set()
    for _ in range(rng.choices((0, 1, 2, 3, 4), (6, 38, 34, 16, 6))[0]):
        draw = rng.random()
        if linked_maps and draw < 0.03:
            other_id, other_size = rng.choice(linked_maps)
            # Early claims of a map are its main theses: bias towards them.
            target = f"{other_id}:c{int(other_size * rng.random() ** 2)}"
        else:
            pool = thread_tickets if draw < 0.88 else map_tickets
            target_index = rng.choice(pool)
            target = f"c{target_index}"
        kind_draw = rng.random()
        relation: dict[str, Any] = {"id": f"r{len(relations)}", "from": f"c{index}"}
        if kind_draw < 0.04 and thread_relations:
            undercut = relations[rng.choice(thread_relations)]
            # Undercuts target supports and rebuts: an undercut of an undercut is rare in
            # real maps (the seed maps have none).
            if (
                undercut["from"] == relation["from"]
                or undercut["id"] in chosen
                or undercut.get("kind") == "undercut"
            ):
                continue
            relation |= {"type": "attack", "to": undercut["id"], "kind": "undercut"}
        else:
            if target in chosen:
                continue
            relation |= {"type": "support" if kind_draw < 0.84 else "attack", "to": target}
            if ":" not in target:
                target_index = int(target[1:])
                thread_tickets.append(target_index)
                map_tickets.append(target_index)
        chosen.add(relation["to"])
        if rng.random() < 0.5:
            relation["warrant"] = _sentence(rng, 7, 3, 14).rstrip(".")
        if rng.random() < 0.15:
            relation["strength"] = round(rng.uniform(0.2, 1.0), 2)
        thread_relations.append(len(relations))
        relations.append(relation)


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
