"""Each importer, in process, fed random text and random mutations of real files (characters
inserted and deleted, lines duplicated, dropped and moved): it returns a valid map or raises
one clear one-line :class:`~argmap.errors.ArgmapError`. Anything else (KeyError,
RecursionError, IndexError, TypeError, ValueError…) is a bug in the importer, and so is an
importer that builds a map the model rejects (build_map's "please report" error)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from argmap.errors import ArgmapError
from argmap.formats import aif, argdown, kialo
from argmap.model.entities import ArgumentMap

DATA = Path(__file__).parent.parent / "data"
GOLDEN = Path(__file__).parent.parent / "golden"
FUZZ = settings(
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _seed(path: Path, keep_lines: int | None = None) -> str:
    """A real file, cut to its first ``keep_lines`` lines: a mutation of a small file reaches
    its structure as often as one of a big file, for a fraction of the time per example."""
    text = path.read_text(encoding="utf-8")
    return text if keep_lines is None else "\n".join(text.split("\n")[:keep_lines]) + "\n"


def _small_aifdb() -> str:
    """The AIFdb nodeset, cut to its first nodes and the edges and locutions among them
    (still valid AIF, written one member per line as AIFdb does)."""
    data = json.loads((DATA / "corpora" / "aifdb-nodeset-6064-original.json").read_text())
    nodes = data["nodes"][:40]
    kept = {n["nodeID"] for n in nodes}
    return json.dumps(
        {
            "nodes": nodes,
            "edges": [e for e in data["edges"] if {e["fromID"], e["toID"]} <= kept],
            "locutions": [x for x in data.get("locutions", []) if x.get("nodeID") in kept],
            "participants": data.get("participants", []),
        },
        indent=1,
        ensure_ascii=False,
    )


# Argdown's YAML (front matter, data of statements and inferences), headings and a
# premise-conclusion structure with 'uses', which the real files above have little of.
ARGDOWN_YAML = """\
===
title: Seed
tags: [a, "b", {c: 1}]
when: 2020-01-01
===
# Heading #topic
## Sub
[A]: A statement. #tag {x: 1, y: [a, b]}
  + <B>: An argument. {z: true}
  - [C]: Another.
  _ <D>
<B>

(1) [A]
(2) A premise.
-- Modus ponens {uses: [1, 2]} --
(3) [C]
  >< [E]: Contradicts.
"""
SEEDS = {
    "aif": [_small_aifdb(), _seed(GOLDEN / "aif" / "mini.aif.json")],
    "argdown": [
        _seed(DATA / "corpora" / "argdown-primer.argdown"),
        _seed(GOLDEN / "argdown" / "mini.argdown"),
        ARGDOWN_YAML,
    ],
    "kialo": [_seed(DATA / "corpora" / "kialo-should-hate-speech-be-illegal-6148.txt", 40)],
}
# What each format's syntax is made of, so random text and inserts hit the parser's cases.
AIF_KEYS = [
    "nodeID", "text", "type", "scheme", "fromID", "toID", "nodes", "edges", "locutions",
    "personID", "participants", "participantID", "firstname", "surname", "AIF", "id", "from",
    "to", "analysis",
]  # fmt: skip
AIF_WORDS = [
    "", " ", "1", "2", "x", "c1", "I", "RA", "CA", "MA", "PA", "L", "YA", "TA", "Asserting",
    "Disagreeing", "Arguing", "Default Inference", "Bob : says", " : ", "\ud800", "x\udc00",
]  # fmt: skip
TOKENS = {
    "aif": [
        "{", "}", "[", "]", ",", ":", '"', "null", "true", "0", "-1", "1e400", "\\u0000",
        "\\ud800", "\n", *(json.dumps(w) for w in AIF_KEYS + AIF_WORDS),
    ],
    "argdown": [
        "[", "]", "<", ">", ":", "+", "-", "_", "+>", "->", "_>", "<+", "<-", "<_", "><",
        "(1)", "(2)", "--", "----", "#", "#(", ")", "{", "}", "uses: [1]", "===", "<!--",
        "-->", "/*", "*/", "//", "\\", "*", "**", "@[", ":heart:", "  ", "\t", "\r",
        "[A]", "<A>", "[A]: ", "<A>: ", "a: 2020-01-01", "2020-01-01: ", "!!binary ", "&x ",
        "*x", "? ", "---", "{x: [1, {y: 2}]}", '"\\ud800"', '"\\udc00"', "&a [*a]",
        "\uf8ff0\uf8fe", "1:" + "59:" * 2500 + "1",
    ],
    "kialo": [
        "1. ", "1.1. ", "1.2. ", "2. ", "1.1.1. ", "2.1. ", "1.1.2. ", " ", "Pro: ", "Con: ",
        "-> See 1.1.", "-> See 9.", "\\(", "\\", "Discussion Title: ", "Discussion Name: ",
        "\r", "\t", "\u2028", "0. ", ".", "x",
    ],
}  # fmt: skip
LOADERS: dict[str, Callable[[str], ArgumentMap]] = {
    "aif": lambda text: aif.loads(text, "fuzz.json"),
    "argdown": lambda text: argdown.loads(text, "fuzz.argdown"),
    "kialo": lambda text: kialo.loads(text, "fuzz.txt"),
}


def random_text(fmt: str) -> st.SearchStrategy[str]:
    """Lines of the format's tokens and any characters."""
    piece = st.sampled_from(TOKENS[fmt]) | st.text(max_size=4)
    line = st.lists(piece, max_size=6).map("".join)
    return st.lists(line, max_size=12).map("\n".join)


@st.composite
def mutated(draw: st.DrawFn, fmt: str) -> str:
    lines = draw(st.sampled_from(SEEDS[fmt])).split("\n")
    token = st.sampled_from(TOKENS[fmt])
    insert = token | token | st.text(min_size=1, max_size=3)
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["insert", "delete", "line", "duplicate", "drop", "move"]))
        at = draw(st.integers(0, len(lines) - 1)) if lines else 0
        if not lines:
            lines = [draw(insert)]
        elif kind == "insert":
            line = lines[at]
            column = draw(st.integers(0, len(line)))
            lines[at] = line[:column] + draw(insert) + line[column:]
        elif kind == "delete":
            line = lines[at]
            column = draw(st.integers(0, len(line)))
            lines[at] = line[:column] + line[column + draw(st.integers(1, 12)) :]
        elif kind == "line":  # a new line of the format's tokens
            lines.insert(at, "".join(draw(st.lists(insert, min_size=1, max_size=4))))
        elif kind == "duplicate":
            lines.insert(draw(st.integers(0, len(lines))), lines[at])
        elif kind == "drop":
            del lines[at]
        else:
            lines.insert(draw(st.integers(0, len(lines) - 1)), lines.pop(at))
    return "\n".join(lines)


# AIF's text mutations mostly break the JSON; these reach the graph behind a valid parse.
JSON_VALUES: st.SearchStrategy[Any] = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 10**30)
    | st.floats()
    | st.sampled_from(AIF_WORDS)
    | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(AIF_KEYS) | st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=6,
)
RARE = st.sampled_from([False] * 19 + [True])


def rarely(usual: st.SearchStrategy[Any], odd: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """``usual`` 19 times in 20, else ``odd``: one odd member spoils a whole graph, so
    odd members must be rare for the graph behind them to be reached."""
    return RARE.flatmap(lambda rare: odd if rare else usual)


@st.composite
def random_aif(draw: st.DrawFn) -> Any:
    """An AIF graph (AIFdb or OVA shape) of a few nodes whose edges, locutions and
    participants name them; now and then a member is any JSON value instead."""
    ova = draw(st.booleans())
    count = draw(st.integers(0, 8))
    # Node ids are mostly unique (a repeated id is an error that hides the rest).
    node_ids = [draw(rarely(st.just(n) | st.just(str(n)), JSON_VALUES)) for n in range(count)]
    ids = rarely(st.sampled_from(node_ids) if node_ids else st.just("1"), JSON_VALUES)
    word = st.sampled_from(AIF_WORDS)
    kind = rarely(st.sampled_from(["I", "I", "RA", "CA", "MA", "PA", "L", "YA", "TA"]), word)
    text = rarely(word, JSON_VALUES)

    def obj(required: dict[str, Any], optional: dict[str, Any]) -> Any:
        return draw(rarely(st.fixed_dictionaries(required, optional=optional), JSON_VALUES))

    nodes = [
        obj(
            {"id" if ova else "nodeID": st.just(node_id), "type": kind, "text": text},
            {"scheme": text, "participantID": ids},
        )
        for node_id in node_ids
    ]
    if ova:
        end = st.fixed_dictionaries({"id": ids})
        edge = {"from": end, "to": end}
    else:
        edge = {"fromID": ids, "toID": ids}
    graph: dict[str, Any] = {
        "nodes": nodes,
        "edges": [obj(edge, {}) for _ in range(draw(st.integers(0, 10)))],
    }
    if draw(st.booleans()):
        graph["locutions"] = [obj({"nodeID": ids}, {"personID": ids}) for _ in range(2)]
    if draw(st.booleans()):
        person = {"id" if ova else "participantID": ids}
        names = {"firstname": text, "surname": text}
        graph["participants"] = [obj(person, names) for _ in range(2)]
    if ova and draw(st.booleans()):
        graph["analysis"] = draw(JSON_VALUES)
    if draw(RARE):
        graph = draw(st.dictionaries(st.sampled_from(AIF_KEYS), JSON_VALUES, max_size=4))
    return {"AIF": graph} if draw(RARE) else graph


@st.composite
def mutated_aif(draw: st.DrawFn) -> Any:
    """A real AIF graph with members of its objects set to other values or removed."""
    data = json.loads(draw(st.sampled_from(SEEDS["aif"])))
    ids = [n["nodeID"] for n in data["nodes"]]
    for _ in range(draw(st.integers(1, 5))):
        items = data[draw(st.sampled_from(sorted(data)))]
        if not items:
            continue
        index = draw(st.integers(0, len(items) - 1))
        item = items[index]
        kind = draw(st.sampled_from(["set", "delete", "copy", "replace"]))
        if kind == "replace" or not isinstance(item, dict) or not item:
            items[index] = draw(JSON_VALUES)
        elif kind == "set":
            field = draw(st.sampled_from(sorted(item)) | st.sampled_from(AIF_KEYS))
            item[field] = draw(st.sampled_from(ids) | st.sampled_from(AIF_WORDS) | JSON_VALUES)
        elif kind == "delete":
            del item[draw(st.sampled_from(sorted(item)))]
        else:
            items.append(dict(item))
    return data


def inputs(fmt: str) -> st.SearchStrategy[str]:
    texts = random_text(fmt) | mutated(fmt)
    if fmt == "aif":
        texts |= (random_aif() | mutated_aif()).map(json.dumps)
    return texts


def assert_map_or_clear_error(load: Callable[[str], ArgumentMap], text: str) -> None:
    try:
        result = load(text)
    except ArgmapError as exc:
        message = str(exc)
        assert message and "\n" not in message and "\r" not in message, repr(message)
        assert "please report" not in message, message  # the importer built an invalid map
        return
    assert isinstance(result, ArgumentMap)
    # Every text of the map can be written out (a lone surrogate, which a JSON or YAML
    # escape can make, cannot be encoded as UTF-8).
    json.dumps(result.model_dump(mode="json"), ensure_ascii=False).encode("utf-8")


@FUZZ
@given(text=inputs("aif"))
# an L-node whose 'Name :' prefix names no one
@example(text='{"nodes": [{"nodeID": 0, "type": "L", "text": " : "}], "edges": []}')
def test_aif_import_gives_a_map_or_one_clear_error(text: str) -> None:
    assert_map_or_clear_error(LOADERS["aif"], text)


@FUZZ
@given(text=inputs("argdown"))
def test_argdown_import_gives_a_map_or_one_clear_error(text: str) -> None:
    assert_map_or_clear_error(LOADERS["argdown"], text)


@FUZZ
@given(text=inputs("kialo"))
def test_kialo_import_gives_a_map_or_one_clear_error(text: str) -> None:
    assert_map_or_clear_error(LOADERS["kialo"], text)
