"""Argdown both ways, against the official Argdown CLI (npm @argdown/cli 1.7.5, its JSON
export): every `.argdown` file the official packages ship, real examples of the official
repository and our own examples read as the CLI reads them (statements, arguments with
their premise-conclusion structures, relations by type, texts); and our export of every
fixture and seed map reads in the CLI with the texts and counts of our map.

All files go through ONE run of the CLI (it takes a second to start)."""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from argmap import ArgumentMap, Corpus
from argmap.formats import argdown
from argmap.formats.registry import import_file, load
from argmap.model.entities import AttackKind, RelationType
from argmap.model.ids import split_ref
from tests.conftest import DATA, ROOT, TESTS
from tests.strategies import argument_maps
from tests.test_formats_argdown import EXAMPLES, REGRESSIONS, tricky_map

ARGDOWN_CLI = TESTS / "js" / "node_modules" / ".bin" / "argdown"
OFFICIAL_TESTS = TESTS / "js" / "node_modules" / "@argdown" / "cli" / "test"
# '@include(file)' is resolved by the CLI's file loader from other files (and '_partial'
# files exist only to be included): argmap imports one file and refuses '@include' (see
# test_include_is_refused_with_a_clear_message), so these are compared apart.
INCLUDES = {"include-test.argdown", "_partial1.argdown", "_partial2.argdown"}
# Not Argdown the official parser accepts (nested lists): both refuse it.
REFUSED = {"lexer-lists.argdown"}
OURS = DATA / "corpora" / "argdown"
FILES = {
    **{p.stem: p for p in sorted(OFFICIAL_TESTS.glob("*.argdown")) if p.name not in INCLUDES},
    **{p.stem: p for p in sorted(OURS.glob("*.argdown")) if p.name not in REFUSED},
    "argdown-primer": DATA / "corpora" / "argdown-primer.argdown",
}
SEED_FILES = sorted((ROOT / "data").glob("*.yaml"))
EXPORTED = {
    "mini": [DATA / "mini.yaml"],
    "arguments": [DATA / "arguments.yaml"],
    "hostile": [DATA / "hostile.yaml"],
    "aifdb": [DATA / "corpora" / "aifdb-nodeset-6064-original.json"],
    "kialo": [DATA / "corpora" / "kialo-should-hate-speech-be-illegal-6148.txt"],
    "seed": SEED_FILES,
    **{f"reexport-{name}": [path] for name, path in FILES.items()},
}


def run_argdown_cli(files: dict[str, str], folder: Path) -> dict[str, dict[str, Any]]:
    """Parse Argdown sources with the official CLI; its JSON export per file."""
    source, out = folder / "in", folder / "out"
    source.mkdir()
    for name, text in files.items():
        (source / f"{name}.argdown").write_bytes(text.encode("utf-8"))
    result = subprocess.run(
        [str(ARGDOWN_CLI), "json", f"{source}/*.argdown", str(out)],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    parsed = {}
    for name in files:
        json_file = out / f"{name}.json"
        assert json_file.exists(), f"argdown could not parse {name}: {result.stdout}{result.stderr}"
        parsed[name] = json.loads(json_file.read_text("utf-8"))
    return parsed


def exported_corpus(name: str) -> Corpus:
    paths = EXPORTED[name]
    if len(paths) == 1 and paths[0].suffix in (".argdown", ".json", ".txt"):
        return Corpus(maps=(import_file(paths[0]),))
    return load(paths)


@pytest.fixture(scope="module")
def cli(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """One CLI run over every file the tests compare: the official and real files, our
    examples, and our exports."""
    files = {name: path.read_bytes().decode("utf-8") for name, path in FILES.items()}
    files |= {f"example-{name}": text for name, text in {**EXAMPLES, **REGRESSIONS}.items()}
    files |= {f"export-{name}": argdown.to_argdown(exported_corpus(name)) for name in EXPORTED}
    files["export-tricky"] = argdown.to_argdown(Corpus(maps=(tricky_map(),)))
    return run_argdown_cli(files, tmp_path_factory.mktemp("argdown"))


# ---- what the CLI found, and what we found, in Argdown's terms ----------------------------------


def norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def texts(members: list[dict[str, Any]]) -> list[str]:
    return list(dict.fromkeys(norm(m.get("text")) for m in members if norm(m.get("text"))))


Node = tuple[str, str]  # ("statement" | "argument" | "inference", title)
View = dict[str, Any]


def cli_view(data: dict[str, Any]) -> View:
    """Statements (texts of their members), arguments (descriptions, premise-conclusion
    structure: titles, roles and inference rules) and relations by type, in the terms of
    the mapping docs/formats.md states (its approximations included: a support of a
    reconstructed argument supports its conclusion; an undercut of a statement, or of an
    argument without a structure that makes no or several relations, attacks it; no
    relation of a statement with itself)."""
    statements = {title: sorted(texts(ec["members"])) for title, ec in data["statements"].items()}
    arguments = {}
    for title, a in data["arguments"].items():
        pcs = [
            (s["title"], s["role"] != "premise", (s.get("inference") or {}).get("inferenceRules"))
            for s in a.get("pcs") or []
        ]
        arguments[title] = (sorted(texts(a["members"])), pcs)
    kinds = {"equivalence-class": "statement", "argument": "argument", "inference": "inference"}
    relations = []
    made = Counter(
        r["from"]
        for r in data["relations"]
        if r["fromType"] == "argument" and r["relationType"] in ("support", "attack")
    )
    for r in data["relations"]:
        kind = {"entails": "support"}.get(r["relationType"], r["relationType"])
        source, target = (kinds[r["fromType"]], r["from"]), (kinds[r["toType"]], r["to"])
        if source == target:
            continue  # argmap relates no claim to itself
        if kind == "undercut" and target[0] == "argument" and made[target[1]] != 1:
            kind = "attack"  # an argument without a structure and without one inference
        pcs = data["arguments"].get(r["to"], {}).get("pcs") if target[0] == "argument" else None
        if kind == "support" and pcs:
            target = ("statement", pcs[-1]["title"])
        if kind == "undercut" and target[0] == "statement":
            kind = "attack"
        relations.append((source, kind, target))
    return {"statements": statements, "arguments": arguments, "relations": sorted(relations)}


def our_view(m: ArgumentMap) -> View:
    """The same, read back from our map: claims named by their notes (`Argdown [T]`,
    `Argdown <T>`), arguments by their identifiers (`T`, earlier steps `T - k`)."""
    node: dict[str, Node] = {}
    statements: dict[str, list[str]] = {}
    descriptions: dict[str, list[str]] = {}
    for claim in m.claims:
        found = re.match(r"Argdown ([\[<])(.*)[\]>](, another \w+)?(;|$)", claim.note or "")
        assert found, claim
        kind = "statement" if found[1] == "[" else "argument"
        node[claim.id] = (kind, found[2])
        into = statements if kind == "statement" else descriptions
        into.setdefault(found[2], []).append(norm(claim.text))
    # an argument without a description is a claim with its title for a text
    arguments: dict[str, tuple[list[str], list[Any]]] = {
        title: ([] if said == [title] else sorted(said), []) for title, said in descriptions.items()
    }
    steps: dict[str, list[Any]] = {}
    for a in m.arguments:
        assert a.identifier is not None
        node[a.id] = ("inference", a.identifier)
        title = re.sub(r" - \d+$", "", a.identifier)
        if a.identifier == title:
            arguments[title] = (sorted((a.warrant or "").split("\n")) if a.warrant else [], [])
        steps.setdefault(title, []).append(a)
    for title, found in steps.items():
        pcs = []
        for a in found:
            rules = [] if a.scheme is None else [_scheme_text(m, a.scheme)]
            pcs.append(({node[p][1] for p in a.premises}, node[a.conclusion][1], rules))
        arguments[title] = (arguments[title][0], pcs)
    relations = []
    for r in m.relations:
        if r.type is RelationType.REPHRASE:
            continue  # a member of the statement it restates
        source = node[r.source]
        if r.kind is AttackKind.UNDERCUT:
            target_relation = m.relations_by_id.get(r.target)
            if target_relation is not None:  # the inference of an argument without a structure
                relations.append((source, "undercut", node[target_relation.source]))
            else:
                relations.append((source, "undercut", node[r.target]))
            continue
        target = node[r.target]
        if target[0] == "inference":
            target = ("argument", target[1])
        kind = "attack" if r.type is RelationType.ATTACK else r.type.value
        relations.append((source, kind, target))
    return {
        # a statement without a text is a claim with its title for a text
        "statements": {
            title: [] if said == [title] else sorted(said) for title, said in statements.items()
        },
        "arguments": arguments,
        "relations": sorted(relations),
    }


def _scheme_text(m: ArgumentMap, scheme: str) -> str:
    own = {s.id: s.label for s in m.schemes}
    return own.get(scheme) or scheme


def comparable(view: View, cli_data: dict[str, Any]) -> View:
    """The CLI's view with each structure read as inference steps: the premises of each
    conclusion, as Argdown's ExplodeArguments reads them."""
    steps: dict[str, list[Any]] = {}
    for title, a in cli_data["arguments"].items():
        pcs = a.get("pcs") or []
        conclusions = [i for i, s in enumerate(pcs) if s["role"] != "premise"]
        for index in conclusions:
            statement = pcs[index]
            inference = statement.get("inference") or {}
            data = inference.get("data") or {}
            uses = data.get("uses") or data.get("from")
            if isinstance(uses, list) and uses:
                premises = {pcs[u - 1]["title"] for u in uses}
            else:
                premises = set()
                for earlier in reversed(pcs[:index]):
                    premises.add(earlier["title"])
                    if earlier["role"] != "premise":
                        break
            premises.discard(statement["title"])
            rules = [norm(r) for r in inference.get("inferenceRules") or [] if norm(r)]
            rules = [", ".join(rules)] if rules else []
            steps.setdefault(title, []).append((premises, statement["title"], rules))
    arguments = {
        title: (descriptions, steps.get(title, []))
        for title, (descriptions, _) in view["arguments"].items()
    }
    return {**view, "arguments": arguments}


def with_builtin_names(view: View, m: ArgumentMap) -> View:
    """Rules that name a built-in scheme are read as that scheme: compare its id."""
    from argmap.formats.aif import builtin_scheme_of

    arguments = {}
    for title, (descriptions, steps) in view["arguments"].items():
        named = []
        for premises, conclusion, rules in steps:
            builtin = builtin_scheme_of(rules[0]) if len(rules) == 1 else None
            named.append((premises, conclusion, [builtin] if builtin else rules))
        arguments[title] = (descriptions, named)
    return {**view, "arguments": arguments}


# ---- import: our reading equals the official one -------------------------------------------------


@pytest.mark.parametrize("name", [*FILES, *(f"example-{n}" for n in {**EXAMPLES, **REGRESSIONS})])
def test_we_read_statements_arguments_and_relations_as_the_official_cli(
    name: str, cli: dict[str, dict[str, Any]]
) -> None:
    if name.startswith("example-"):
        key = name.removeprefix("example-")
        text = {**EXAMPLES, **REGRESSIONS}[key]
    else:
        text = FILES[name].read_bytes().decode("utf-8")
    m = argdown.loads(text, f"{name}.argdown", "x")
    expected = with_builtin_names(comparable(cli_view(cli[name]), cli[name]), m)
    ours = our_view(m)
    assert ours["statements"] == expected["statements"]
    assert ours["arguments"] == expected["arguments"]
    assert Counter(kind for _, kind, _ in ours["relations"]) == Counter(
        kind for _, kind, _ in expected["relations"]
    )
    assert ours["relations"] == expected["relations"]


def test_every_official_and_real_file_is_compared() -> None:
    shipped = {p.name for p in OFFICIAL_TESTS.glob("*.argdown")}
    assert shipped - INCLUDES == {"test.argdown"}
    assert len(FILES) == 1 + 7 + 1  # the CLI's test file, real examples, the primer


def test_a_file_the_official_parser_refuses_is_refused(tmp_path: Path) -> None:
    from argmap import InputError

    text = (OURS / "lexer-lists.argdown").read_text("utf-8")
    with pytest.raises(InputError, match=r"lexer-lists.argdown:2: .*indent"):
        argdown.loads(text, "lexer-lists.argdown")
    result = subprocess.run(
        [str(ARGDOWN_CLI), "json", str(OURS / "lexer-lists.argdown"), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "syntax errors" in result.stdout + result.stderr
    assert not list(tmp_path.glob("*.json"))


# ---- export: the CLI reads our export with our texts and counts ----------------------------------


def counts_of_map(corpus: Corpus) -> Counter[str]:
    """What the CLI should count in our export: statements (claims, less those written as
    another member of the statement they restate), arguments (ours, and relations an
    undercut or rebut attacks, written as arguments) and relations by type (a support,
    attack or contradictory between claims, each undercut and rebut of an argument)."""
    counts: Counter[str] = Counter()
    for m in corpus.maps:
        attacked = {
            split_ref(r.target)[1]
            for r in m.relations
            if r.type is RelationType.ATTACK
            and r.kind is not AttackKind.UNDERMINE
            and split_ref(r.target)[1] in m.relations_by_id
        }
        used: Counter[str] = Counter()
        for r in m.relations:
            used.update((r.source, r.target))
        for a in m.arguments:
            used.update([*a.premises, a.conclusion, *a.premises, a.conclusion])
        members = {
            r.source
            for r in m.relations
            if r.type is RelationType.REPHRASE and r.id not in attacked and used[r.source] == 1
        }
        # a claim that stood for an argument without a structure is that argument again
        in_structures = {c for a in m.arguments for c in (*a.premises, a.conclusion)}
        argument_claims = {
            c.id
            for c in m.claims
            if (c.note or "").startswith("Argdown <")
            and not (c.note or "").endswith(", another description")
            and c.id not in in_structures
        }
        for claim in argument_claims:
            outgoing = [
                r
                for r in m.relations
                if r.source == claim
                and r.type in (RelationType.SUPPORT, RelationType.ATTACK)
                and r.kind is not AttackKind.UNDERCUT
            ]
            if len(outgoing) == 1:
                attacked.discard(outgoing[0].id)  # undercut as the argument's inference
        counts["statements"] += len(m.claims) - len(members) - len(argument_claims)
        counts["arguments"] += len(m.arguments) + len(attacked) + len(argument_claims)
        # Argdown reads a claim's attack on a reconstructed argument and its attack on (or
        # contradiction of) one of that argument's premises as one: the latter.
        conflicts = {
            (r.source, r.target)
            for r in m.relations
            if r.type in (RelationType.ATTACK, RelationType.CONTRARY, RelationType.CONTRADICTORY)
        }
        conflicts |= {
            (target, source)
            for source, target in conflicts
            if any(
                r.type is RelationType.CONTRADICTORY and {r.source, r.target} == {source, target}
                for r in m.relations
            )
        }
        seen: set[tuple[str, str, str]] = set()
        for r in m.relations:
            argument = m.arguments_by_id.get(r.target)
            if (
                r.type is RelationType.ATTACK
                and r.kind is AttackKind.REBUT
                and argument is not None
                and any((r.source, p) in conflicts for p in argument.premises)
            ):
                continue
            if r.id not in attacked:
                # Argdown reads a relation written twice as one ('-' is an attack or a
                # contrary; '><' goes both ways)
                written = "attack" if r.type is RelationType.CONTRARY else r.type.value
                if r.kind is AttackKind.UNDERCUT:
                    written = "undercut"
                ends = (r.source, r.target)
                if r.type is RelationType.CONTRADICTORY:
                    ends = (min(ends), max(ends))
                if (*ends, written) in seen:
                    continue
                seen.add((*ends, written))
            if r.id in attacked:
                if r.type in (RelationType.SUPPORT, RelationType.REPHRASE):
                    continue  # a premise-conclusion structure: no relation
                counts["relation support"] += 1  # its source supports the argument
                counts[f"relation {'undercut' if r.kind is AttackKind.UNDERCUT else 'attack'}"] += 1
                continue
            if r.type is RelationType.REPHRASE:
                continue
            if r.kind is AttackKind.UNDERCUT:
                counts["relation undercut"] += 1
            elif r.type in (RelationType.CONTRARY, RelationType.ATTACK):
                counts["relation attack"] += 1
            else:
                counts[f"relation {r.type.value}"] += 1
    return counts


def counts_of_cli(data: dict[str, Any]) -> Counter[str]:
    counts: Counter[str] = Counter(
        statements=len(data["statements"]), arguments=len(data["arguments"])
    )
    counts.update(f"relation {r['relationType']}" for r in data["relations"])
    return counts


def cli_texts(data: dict[str, Any]) -> set[str]:
    """The texts of every statement, and of every argument without a structure (our claims
    that stood for one are written as one)."""
    found = {t for ec in data["statements"].values() for t in texts(ec["members"])}
    for argument in data["arguments"].values():
        if not argument.get("pcs"):
            found |= set(texts(argument["members"]))
    return found


@pytest.mark.parametrize("name", [*EXPORTED, "tricky"])
def test_the_official_cli_reads_our_export_with_our_texts_and_counts(
    name: str, cli: dict[str, dict[str, Any]]
) -> None:
    corpus = Corpus(maps=(tricky_map(),)) if name == "tricky" else exported_corpus(name)
    data = cli[f"export-{name}"]
    claims = {norm(c.text) for m in corpus.maps for c in m.claims if norm(c.text)}
    found = cli_texts(data)
    assert claims <= found  # every claim's text, exactly
    # and beside them only the descriptions of arguments: warrants
    warrants = {norm(x.warrant) for m in corpus.maps for x in (*m.arguments, *m.relations)}
    assert found - claims <= warrants
    assert counts_of_cli(data) == counts_of_map(corpus)
    for m in corpus.maps:
        for a in m.arguments:
            found = [x for x in data["arguments"].values() if x.get("pcs")]
            conclusion = norm(m.claims_by_id[a.conclusion].text)
            assert any(
                texts(data["statements"][x["pcs"][-1]["title"]]["members"])[:1] == [conclusion]
                and len(x["pcs"]) == len(set(a.premises) - {a.conclusion}) + 1
                for x in found
            ), a.id


def test_our_export_has_titles_not_slugs_and_trees_under_theses(
    cli: dict[str, dict[str, Any]],
) -> None:
    text = argdown.to_argdown(exported_corpus("seed"))
    assert "[big-tech-open-source-ai:" not in text
    assert re.search(r"^  [+-] \[[^\]]+\]: ", text, re.M)  # a child defined in the tree
    assert re.search(r"^    [+-] \[[^\]]+\]", text, re.M)  # nested two levels deep
    titles = list(cli["export-seed"]["statements"])
    assert all(not re.fullmatch(r"[a-z0-9-]+(:[a-z0-9-]+)?", t) for t in titles)


def test_an_undercut_of_an_undercut_creates_no_phantom_statement(
    cli: dict[str, dict[str, Any]],
) -> None:
    data = cli["export-arguments"]
    m = exported_corpus("arguments").maps[0]
    assert len(data["statements"]) == len(m.claims) - 1  # one claim restates another
    undercuts = [r for r in data["relations"] if r["relationType"] == "undercut"]
    assert {r["toType"] for r in undercuts} == {"inference", "argument"}


def small_map(claims: dict[str, str], arguments: list[Any], relations: list[Any]) -> ArgumentMap:
    return ArgumentMap.model_validate(
        {
            "id": "m",
            "title": "t",
            "claims": [{"id": key, "text": text} for key, text in claims.items()],
            "arguments": arguments,
            "relations": relations,
        }
    )


def read_by_the_cli(m: ArgumentMap) -> tuple[str, dict[str, Any]]:
    """Our export of one map, and what the official CLI reads in it."""
    text = argdown.to_argdown(Corpus(maps=(m,)))
    with tempfile.TemporaryDirectory() as folder:
        return text, run_argdown_cli({"any": text}, Path(folder))["any"]


def test_a_rephrase_an_undercut_attacks_is_a_structure_the_cli_reads() -> None:
    # found by the property test below: a rephrase, undercut, between claims that also
    # support each other both ways
    m = small_map(
        {"a": "0", "b": "0"},
        [{"id": "g", "premises": ["b"], "conclusion": "a"}],
        [
            {"id": "s", "type": "support", "from": "a", "to": "b"},
            {"id": "r", "type": "rephrase", "from": "a", "to": "b"},
            {"id": "u", "type": "attack", "kind": "undercut", "from": "a", "to": "r"},
        ],
    )
    text, data = read_by_the_cli(m)
    assert "<0 restating 0 (2)>" in text
    assert counts_of_cli(data) == counts_of_map(Corpus(maps=(m,)))


def test_an_attack_on_an_argument_and_on_its_premise_by_one_claim_read_as_one() -> None:
    # found by the property test below; Argdown keeps only the conflict with the premise
    m = small_map(
        {"c": "c", "p": "p", "x": "x"},
        [{"id": "g", "premises": ["p"], "conclusion": "c"}],
        [
            {"id": "k", "type": "contradictory", "from": "x", "to": "p"},
            {"id": "a", "type": "attack", "kind": "rebut", "from": "x", "to": "g"},
        ],
    )
    _, data = read_by_the_cli(m)
    assert [(r["from"], r["relationType"], r["to"]) for r in data["relations"]] == [
        ("p", "contradictory", "x")
    ]
    assert counts_of_cli(data) == counts_of_map(Corpus(maps=(m,)))


@pytest.mark.parametrize("text", ["0<", "0[", "0{", "a <- b"])
def test_a_text_ending_in_a_mark_that_opens_a_token_stays_on_its_line(text: str) -> None:
    # found by a property test: '0<' then the next line's '_> <A>' read as one '< _>' token
    m = small_map(
        {"a": "a", "b": "b", "x": text},
        [],
        [
            {"id": "s", "type": "support", "from": "a", "to": "b"},
            {"id": "u", "type": "attack", "kind": "undercut", "from": "x", "to": "s"},
        ],
    )
    _, data = read_by_the_cli(m)
    assert text in cli_texts(data)
    assert counts_of_cli(data) == counts_of_map(Corpus(maps=(m,)))


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(argument_maps())
def test_the_official_cli_reads_our_export_of_any_map(m: ArgumentMap) -> None:
    corpus = Corpus(maps=(m,))
    with tempfile.TemporaryDirectory() as folder:
        data = run_argdown_cli({"any": argdown.to_argdown(corpus)}, Path(folder))["any"]
    claims = {norm(c.text) for c in m.claims if norm(c.text)}
    warrants = {norm(x.warrant) for x in (*m.arguments, *m.relations)}
    assert claims <= cli_texts(data) and cli_texts(data) - claims <= warrants
    assert counts_of_cli(data) == counts_of_map(corpus)
