"""The named SPARQL queries (src/argmap/sparql/queries/*.rq) answer the questions their headers ask.

Each query gives the exact rows worked out by hand from the two-map fixture
tests/data/queries/{mini,reply}.yaml, on both engines; the queries about arguments, conflicts
and `by` (issue 15), and the older queries where arguments change what they count, give them
from tests/data/arguments.yaml and its reply tests/data/queries/objections.yaml (section 1b);
oxigraph and rdflib agree on every query over all of these and the seed maps; bad input is
refused with one-line messages and never changes a store; and every header matches its SPARQL.

Where a query lists an argument's premises it gives one row per premise (the argument's rows
together, in premise id order): SPARQL does not promise the order of a GROUP_CONCAT.

How the fixture's rows follow (ids only; texts in TEXT below):
- claims: mini has open-cheap, erodes-advantage, quality-gap, gap-closing (quoted),
  compute-falls, chip-glut (no quotes); reply has moat (quoted), data-commodity, lock-in,
  misuse (no quotes).
- supports: r1 open-cheap→erodes-advantage, r4 compute-falls→open-cheap,
  r5 chip-glut→compute-falls, x5 mini:quality-gap→moat, x6 data-commodity→mini:erodes-advantage.
- attacks: r2 quality-gap→erodes-advantage, r3 gap-closing undercuts r2,
  x1 moat→mini:erodes-advantage, x2 lock-in undercuts mini:r1, x3 data-commodity→moat,
  x4 misuse→mini:open-cheap.
- stances (E endorses, O opposes, C concerned): erodes-advantage: acme C, hobbyists E,
  incumbents O; open-cheap: hobbyists E, acme O, regulator C; gap-closing: incumbents O,
  hobbyists E; moat: acme E (1.0), incumbents E; misuse: regulator C.
- topics: pricing ⊑ competition ⊑ economics; compute-falls is filed under pricing and economics.
- tests/data/queries/rejoinder.yaml, loaded with both for cross-map-attacks: y1 good-enough
  undercuts mini:r2 (an attack), y2 benchmarks-saturate→mini:gap-closing, y3 new-benchmarks
  undercuts y2.
"""

from __future__ import annotations

import re
import shlex
from itertools import permutations
from pathlib import Path
from typing import Any, Literal

import pyoxigraph as ox
import pytest

import argmap
import argmap.sparql.named
from argmap import Corpus
from argmap.formats.registry import load
from argmap.sparql.local import QueryError, open_source, query
from argmap.sparql.named import named_queries, run_named
from tests.conftest import DATA, ROOT

Engine = Literal["oxigraph", "rdflib"]
ENGINES: tuple[Engine, ...] = ("oxigraph", "rdflib")
both_engines = pytest.mark.parametrize("engine", ENGINES)

QUERY_DATA = DATA / "queries"
FIXTURE = [QUERY_DATA / "mini.yaml", QUERY_DATA / "reply.yaml"]
WITH_REJOINDER = [*FIXTURE, QUERY_DATA / "rejoinder.yaml"]
SEED = sorted((ROOT / "data").glob("*.yaml"))
SEED_ALONE = ROOT / "data" / "big-tech-open-source-ai.yaml"  # the seed map that links to no other
RQ_FILES = sorted((Path(argmap.sparql.named.__file__).parent / "queries").glob("*.rq"))
NAMES = [path.stem for path in RQ_FILES]

TEXT = {
    "open-cheap": "Open models are cheap to use.",
    "erodes-advantage": "Open models erode the advantage of incumbents.",
    "quality-gap": "Open models are worse than proprietary ones.",
    "gap-closing": "The quality gap is closing.",
    "compute-falls": "Compute keeps getting cheaper.",
    "chip-glut": "Chip supply outgrows demand.",
    "moat": "Incumbents keep a data moat.",
    "data-commodity": "Public data is becoming a commodity.",
    "lock-in": "Customers are locked in to incumbent platforms.",
    "misuse": "Open models can be misused.",
}
UPDATE_REFUSED = (
    "this is a SPARQL Update; only read-only queries run here (SELECT, ASK, CONSTRUCT, DESCRIBE)"
)
INJECTION = 'x" } ; DROP ALL ; #'


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load(FIXTURE)


@pytest.fixture(scope="module")
def with_rejoinder() -> Corpus:
    return load(WITH_REJOINDER)


@pytest.fixture(scope="module")
def everything() -> Corpus:
    """The fixture and the argument maps together: every query has rows over them."""
    return load([*FIXTURE, DATA / "arguments.yaml", QUERY_DATA / "objections.yaml"])


@pytest.fixture(scope="module")
def fixture_stores(everything: Corpus) -> dict[Engine, Any]:
    return {engine: open_source(everything, engine) for engine in ENGINES}


@pytest.fixture(scope="module")
def seed_stores() -> dict[Engine, Any]:
    seed = load(SEED)
    return {engine: open_source(seed, engine) for engine in ENGINES}


@pytest.fixture(scope="module")
def seed_alone_stores() -> dict[Engine, Any]:
    seed = load([SEED_ALONE])
    return {engine: open_source(seed, engine) for engine in ENGINES}


# ---- 1. exact rows on the fixture, both engines -------------------------------------------------


@both_engines
def test_actor_agreement_ranks_pairs_by_agreements_minus_disagreements(
    corpus: Corpus, engine: Engine
) -> None:
    # acme/incumbents: erodes-advantage C~O agree, moat E~E agree; acme/regulator: open-cheap
    # O~C agree; hobbyists/regulator: open-cheap E vs C; acme/hobbyists: erodes-advantage C vs E,
    # open-cheap O vs E; hobbyists/incumbents: erodes-advantage and gap-closing E vs O.
    assert run_named(corpus, "actor-agreement", engine=engine).records() == [
        {"one": "acme", "other": "incumbents", "agree": 2, "disagree": 0, "shared": 2},
        {"one": "acme", "other": "regulator", "agree": 1, "disagree": 0, "shared": 1},
        {"one": "hobbyists", "other": "regulator", "agree": 0, "disagree": 1, "shared": 1},
        {"one": "acme", "other": "hobbyists", "agree": 0, "disagree": 2, "shared": 2},
        {"one": "hobbyists", "other": "incumbents", "agree": 0, "disagree": 2, "shared": 2},
    ]


@both_engines
def test_claims_by_topic_includes_narrower_topics_two_levels_down_once_each(
    corpus: Corpus, engine: Engine
) -> None:
    result = run_named(corpus, "claims-by-topic", {"topic": "economics"}, engine=engine)
    assert result.records() == [
        {"topic": "economics", "map": "mini", "claim": c, "text": TEXT[c]}
        for c in ("compute-falls", "erodes-advantage", "open-cheap")
    ]


@both_engines
def test_claims_endorsed_by_lists_the_actors_endorsements_with_optional_strength(
    corpus: Corpus, engine: Engine
) -> None:
    result = run_named(corpus, "claims-endorsed-by", {"actor": "hobbyists"}, engine=engine)
    assert result.records() == [
        {
            "actor": "hobbyists",
            "map": "mini",
            "claim": "erodes-advantage",
            "text": TEXT["erodes-advantage"],
            "strength": 0.7,
        },
        {
            "actor": "hobbyists",
            "map": "mini",
            "claim": "gap-closing",
            "text": TEXT["gap-closing"],
            "strength": None,
        },
        {
            "actor": "hobbyists",
            "map": "mini",
            "claim": "open-cheap",
            "text": TEXT["open-cheap"],
            "strength": None,
        },
    ]


@both_engines
def test_claims_opposed_by_lists_opposition_and_concern_including_stances_from_another_map(
    corpus: Corpus, engine: Engine
) -> None:
    # acme is concerned about erodes-advantage (mini) and opposes mini:open-cheap (from reply).
    result = run_named(corpus, "claims-opposed-by", {"actor": "acme"}, engine=engine)
    assert result.records() == [
        {
            "actor": "acme",
            "map": "mini",
            "claim": "erodes-advantage",
            "position": "concerned",
            "text": TEXT["erodes-advantage"],
        },
        {
            "actor": "acme",
            "map": "mini",
            "claim": "open-cheap",
            "position": "opposes",
            "text": TEXT["open-cheap"],
        },
    ]


@both_engines
def test_claims_without_evidence_are_the_claims_without_quotes(
    corpus: Corpus, engine: Engine
) -> None:
    assert run_named(corpus, "claims-without-evidence", engine=engine).records() == [
        {"map": "mini", "claim": "chip-glut", "text": TEXT["chip-glut"]},
        {"map": "mini", "claim": "compute-falls", "text": TEXT["compute-falls"]},
        {"map": "reply", "claim": "data-commodity", "text": TEXT["data-commodity"]},
        {"map": "reply", "claim": "lock-in", "text": TEXT["lock-in"]},
        {"map": "reply", "claim": "misuse", "text": TEXT["misuse"]},
    ]


@both_engines
def test_contested_claims_counts_supports_and_attacks_from_both_maps(
    corpus: Corpus, engine: Engine
) -> None:
    # erodes-advantage: supports r1, x6; attacks r2, x1 (undercuts target relations, not it).
    assert run_named(corpus, "contested-claims", engine=engine).records() == [
        {
            "map": "mini",
            "claim": "erodes-advantage",
            "supports": 2,
            "attacks": 2,
            "text": TEXT["erodes-advantage"],
        },
        {
            "map": "mini",
            "claim": "open-cheap",
            "supports": 1,
            "attacks": 1,
            "text": TEXT["open-cheap"],
        },
        {"map": "reply", "claim": "moat", "supports": 1, "attacks": 1, "text": TEXT["moat"]},
    ]


@both_engines
def test_counterclaims_gives_rebuttals_and_undercuts_of_the_claims_support(
    corpus: Corpus, engine: Engine
) -> None:
    # r3 undercuts r2, an attack on erodes-advantage, so gap-closing is not a counterclaim.
    result = run_named(corpus, "counterclaims", {"claim": "erodes-advantage"}, engine=engine)
    assert result.records() == [
        {
            "claim": "erodes-advantage",
            "kind": "rebut",
            "map": "mini",
            "counterclaim": "quality-gap",
            "text": TEXT["quality-gap"],
        },
        {
            "claim": "erodes-advantage",
            "kind": "rebut",
            "map": "reply",
            "counterclaim": "moat",
            "text": TEXT["moat"],
        },
        {
            "claim": "erodes-advantage",
            "kind": "undercut",
            "map": "reply",
            "counterclaim": "lock-in",
            "text": TEXT["lock-in"],
        },
    ]


@both_engines
def test_cross_map_attacks_reports_rebuts_and_undercuts_from_the_other_map_only(
    corpus: Corpus, engine: Engine
) -> None:
    # x2 undercuts mini:r1, which defends erodes-advantage; r2, r3 and x3 stay inside one map.
    assert run_named(corpus, "cross-map-attacks", engine=engine).records() == [
        {
            "map": "mini",
            "claim": "erodes-advantage",
            "attacker_map": "reply",
            "attacker": "lock-in",
            "kind": "undercut",
        },
        {
            "map": "mini",
            "claim": "erodes-advantage",
            "attacker_map": "reply",
            "attacker": "moat",
            "kind": "rebut",
        },
        {
            "map": "mini",
            "claim": "open-cheap",
            "attacker_map": "reply",
            "attacker": "misuse",
            "kind": "rebut",
        },
    ]


@both_engines
def test_cross_map_attacks_report_an_undercut_of_an_attack_against_the_claim_whose_attack_it_cuts(
    with_rejoinder: Corpus, engine: Engine
) -> None:
    # y1 undercuts mini:r2 (quality-gap attacks erodes-advantage): it answers quality-gap, and
    # erodes-advantage gains from it. y3 undercuts y2, whose attacker benchmarks-saturate is in
    # rejoinder too: not across maps, though y2 targets mini:gap-closing.
    rows = [
        ("erodes-advantage", "reply", "lock-in", "undercut"),
        ("erodes-advantage", "reply", "moat", "rebut"),
        ("gap-closing", "rejoinder", "benchmarks-saturate", "rebut"),
        ("open-cheap", "reply", "misuse", "rebut"),
        ("quality-gap", "rejoinder", "good-enough", "undercut"),
    ]
    assert run_named(with_rejoinder, "cross-map-attacks", engine=engine).records() == [
        {"map": "mini", "claim": c, "attacker_map": m, "attacker": x, "kind": k}
        for c, m, x, k in rows
    ]


@both_engines
def test_endorsed_by_one_opposed_by_other_finds_both_opposition_and_concern(
    corpus: Corpus, engine: Engine
) -> None:
    params = {"one": "hobbyists", "other": "acme"}
    result = run_named(corpus, "endorsed-by-one-opposed-by-other", params, engine=engine)
    assert result.records() == [
        {
            "one": "hobbyists",
            "other": "acme",
            "map": "mini",
            "claim": "erodes-advantage",
            "position": "concerned",
            "text": TEXT["erodes-advantage"],
        },
        {
            "one": "hobbyists",
            "other": "acme",
            "map": "mini",
            "claim": "open-cheap",
            "position": "opposes",
            "text": TEXT["open-cheap"],
        },
    ]


@both_engines
def test_evidence_for_claim_lists_its_quotes_in_order_with_offsets_when_known(
    corpus: Corpus, engine: Engine
) -> None:
    # st1 quotes the same words but is a stance, not the claim: not listed.
    result = run_named(corpus, "evidence-for-claim", {"claim": "erodes-advantage"}, engine=engine)
    note = {"claim": "erodes-advantage", "map": "mini", "source": "note"}
    assert result.records() == [
        {
            **note,
            "title": "A note on open models",
            "quote": "they erode the edge that incumbents built",
            "start": 36,
            "end": 77,
        },
        {
            **note,
            "title": "A note on open models",
            "quote": "incumbents built",
            "start": None,
            "end": None,
        },
    ]


@both_engines
def test_issues_overview_counts_answers_including_an_issue_nobody_answers(
    corpus: Corpus, engine: Engine
) -> None:
    assert run_named(corpus, "issues-overview", engine=engine).records() == [
        {
            "map": "mini",
            "issue": "threat",
            "answers": 2,
            "text": "Do open models threaten incumbents?",
        },
        {
            "map": "reply",
            "issue": "moat-holds",
            "answers": 1,
            "text": "Can incumbents defend their lead?",
        },
        {
            "map": "mini",
            "issue": "regulate",
            "answers": 0,
            "text": "Should open models be regulated?",
        },
    ]


@both_engines
def test_most_attacked_claims_counts_rebuts_and_undercuts_of_supports(
    corpus: Corpus, engine: Engine
) -> None:
    # erodes-advantage: r2, x1 rebut it, x2 undercuts its support r1 (r3 undercuts an attack).
    assert run_named(corpus, "most-attacked-claims", engine=engine).records() == [
        {
            "map": "mini",
            "claim": "erodes-advantage",
            "attacks": 3,
            "text": TEXT["erodes-advantage"],
        },
        {"map": "mini", "claim": "open-cheap", "attacks": 1, "text": TEXT["open-cheap"]},
        {"map": "reply", "claim": "moat", "attacks": 1, "text": TEXT["moat"]},
    ]


@both_engines
def test_support_chains_into_issue_follow_chains_of_any_length_across_maps(
    corpus: Corpus, engine: Engine
) -> None:
    # threat is answered by open-cheap and erodes-advantage; chip-glut → compute-falls →
    # open-cheap → erodes-advantage is a chain of 3 supports; data-commodity supports from reply.
    result = run_named(corpus, "support-chains-into-issue", {"issue": "threat"}, engine=engine)
    expected = [
        ("erodes-advantage", "mini", "chip-glut"),
        ("erodes-advantage", "mini", "compute-falls"),
        ("erodes-advantage", "mini", "open-cheap"),
        ("erodes-advantage", "reply", "data-commodity"),
        ("open-cheap", "mini", "chip-glut"),
        ("open-cheap", "mini", "compute-falls"),
    ]
    assert result.records() == [
        {"issue": "threat", "answer": answer, "map": m, "claim": c, "text": TEXT[c]}
        for answer, m, c in expected
    ]


@both_engines
def test_unanswered_attacks_leave_out_attacks_whose_attacker_is_attacked_or_that_are_undercut(
    corpus: Corpus, engine: Engine
) -> None:
    # r2 is undercut by r3; x1's attacker moat is attacked by x3.
    assert run_named(corpus, "unanswered-attacks", engine=engine).records() == [
        {
            "map": "mini",
            "attack": "r3",
            "kind": "undercut",
            "attacker": "gap-closing",
            "target": "r2",
        },
        {"map": "reply", "attack": "x2", "kind": "undercut", "attacker": "lock-in", "target": "r1"},
        {
            "map": "reply",
            "attack": "x3",
            "kind": "rebut",
            "attacker": "data-commodity",
            "target": "moat",
        },
        {
            "map": "reply",
            "attack": "x4",
            "kind": "rebut",
            "attacker": "misuse",
            "target": "open-cheap",
        },
    ]


@both_engines
def test_undercuts_name_the_link_they_cut_also_across_maps(corpus: Corpus, engine: Engine) -> None:
    assert run_named(corpus, "undercuts", engine=engine).records() == [
        {
            "map": "mini",
            "undercut": "r3",
            "attacker": "gap-closing",
            "relation": "r2",
            "from": "quality-gap",
            "to": "erodes-advantage",
        },
        {
            "map": "reply",
            "undercut": "x2",
            "attacker": "lock-in",
            "relation": "r1",
            "from": "open-cheap",
            "to": "erodes-advantage",
        },
    ]


# ---- 1b. arguments, conflicts and `by` (issue 15) -----------------------------------------------
# tests/data/arguments.yaml (ids; see the docstring): expert (costs-in-field + lee-expert +
# lee-says → solar-cheaper, expert opinion, by reporter), forecast (cheap-draws + solar-cheaper
# → solar-overtakes, the map's own market-forecast scheme), trend (investment-grows →
# solar-overtakes, sign, by analyst), the support draws-grows (cheap-draws → investment-grows,
# by analyst); undermine-cheaper subsidies→solar-cheaper, undercut-expert lee-funded→expert,
# undercut-undercut funding-disclosed→undercut-expert (analyst), rebut-forecast
# grid-limits→forecast; coal-contrary coal-cheapest contrary to solar-cheaper (analyst),
# cheaper-contradictory solar-not-cheaper⟷solar-cheaper (analyst), wins-rephrase
# solar-wins restates solar-overtakes (analyst); stance lobby-overtakes coal-lobby opposes
# solar-overtakes (analyst).
# tests/data/queries/objections.yaml adds, across maps: o1 storage-costly rebuts forecast, o2
# trend-noise undercuts trend, o3 investment-slows undermines investment-grows (analyst), o4
# grids-adapt undercuts rebut-forecast, o5 coal-stays contrary to solar-overtakes, o6
# solar-declines⟷solar-overtakes, o7 solar-takes-over restates solar-wins (analyst); its own
# argument storage (storage-cheapening + arguments:solar-cheaper → arguments:solar-overtakes,
# cause to effect), costly-nights (night-demand → storage-costly) rebutted by o8
# (storage-cheapening), and o9 coal-remains restates coal-stays.

ARGUMENTS_FILE = DATA / "arguments.yaml"
OBJECTIONS_FILE = QUERY_DATA / "objections.yaml"
ARG_TEXT = {
    "cheap-draws": "Cheap power draws investment.",
    "coal-cheapest": "Coal is the cheapest power there is.",
    "coal-remains": "Coal remains the backbone of the grid.",
    "coal-stays": "Coal will stay the main source of power.",
    "costs-in-field": "What power plants cost is a question of energy markets.",
    "grid-limits": "Grid limits will keep coal plants running for decades.",
    "investment-grows": "Investment in solar grows every year.",
    "lee-expert": "Dr. Lee is an expert on energy markets.",
    "lee-funded": "Dr. Lee's research is funded by solar firms.",
    "lee-says": "Dr. Lee says solar panels now cost less than coal plants.",
    "solar-cheaper": "Solar panels now cost less than coal plants.",
    "solar-declines": "Solar's share of power will shrink.",
    "solar-not-cheaper": "Solar panels do not cost less than coal plants.",
    "solar-overtakes": "Solar will overtake coal.",
    "solar-takes-over": "Solar will take over from coal.",
    "solar-wins": "Solar power will beat coal.",
    "storage-cheapening": "Batteries get cheaper every year.",
    "storage-costly": "Storing solar power for the night stays costly.",
    "subsidies": "Solar is only cheap because of subsidies.",
    "trend-noise": "A few years of growth say little about the decades ahead.",
}
# The labels the queries give for the schemes the argument maps use (market-forecast is
# arguments.yaml's own; the others are built in).
SCHEME_LABEL = {
    "expert-opinion": "Argument from expert opinion",
    "market-forecast": "Argument from market forces",
    "sign": "Argument from sign",
    "cause-to-effect": "Argument from cause to effect",
}


@pytest.fixture(scope="module")
def arguments() -> Corpus:
    return load([ARGUMENTS_FILE])


@pytest.fixture(scope="module")
def objected() -> Corpus:
    return load([ARGUMENTS_FILE, OBJECTIONS_FILE])


def _table(columns: str, body: str, *, text_of: str | None = None) -> list[dict[str, Any]]:
    """Expected records written as a table: a line per row, values split on blanks. Digits
    are numbers, '-' is unbound, a scheme is written by its id (the query gives its label);
    with ``text_of``, a last column 'text' holds the text of the claim in that column."""
    names = columns.split()
    records = []
    for line in body.strip().splitlines():
        values = line.split()
        assert len(values) == len(names), line
        record: dict[str, Any] = {}
        for name, value in zip(names, values, strict=True):
            record[name] = (
                None
                if value == "-"
                else int(value)
                if value.isdigit()
                else SCHEME_LABEL[value]
                if name == "scheme"
                else value
            )
        if text_of is not None:
            record["text"] = ARG_TEXT[record[text_of]]
        records.append(record)
    return records


# The rows of each new query on tests/data/arguments.yaml alone, with the parameters given;
# test_query.py checks that `argmap query -n` prints the same.
ARGUMENT_ROWS: dict[str, tuple[dict[str, str], list[dict[str, Any]]]] = {
    # One row per premise: forecast's two linked premises, and trend's one (convergent).
    "arguments-for-claim": (
        {"claim": "solar-overtakes"},
        _table(
            "claim           map       argument scheme          premise",
            """
            solar-overtakes arguments forecast market-forecast cheap-draws
            solar-overtakes arguments forecast market-forecast solar-cheaper
            solar-overtakes arguments trend    sign            investment-grows
            """,
            text_of="premise",
        ),
    ),
    # expert (3 premises) and forecast (2); trend and the support draws-grows have one.
    "linked-arguments": (
        {},
        _table(
            "map       argument premises premise        conclusion      scheme",
            """
            arguments expert   3        costs-in-field solar-cheaper   expert-opinion
            arguments expert   3        lee-expert     solar-cheaper   expert-opinion
            arguments expert   3        lee-says       solar-cheaper   expert-opinion
            arguments forecast 2        cheap-draws    solar-overtakes market-forecast
            arguments forecast 2        solar-cheaper  solar-overtakes market-forecast
            """,
        ),
    ),
    # solar-cheaper is forecast's premise (and expert's conclusion, which is no use of it).
    "attacks-on-premises": (
        {},
        _table(
            "map       attack            attacker  premise       argument conclusion",
            "arguments undermine-cheaper subsidies solar-cheaper forecast solar-overtakes",
        ),
    ),
    # Everything `by: analyst`: an argument, a support, an undercut, the three conflicts and
    # a stance; expert, forecast and the coal lobby's attacks are the text's own.
    "analyst-links": (
        {},
        _table(
            "map       kind          id                    from              to",
            """
            arguments contradictory cheaper-contradictory solar-not-cheaper solar-cheaper
            arguments contrary      coal-contrary         coal-cheapest     solar-cheaper
            arguments support       draws-grows           cheap-draws       investment-grows
            arguments opposes       lobby-overtakes       coal-lobby        solar-overtakes
            arguments argument      trend                 investment-grows  solar-overtakes
            arguments undercut      undercut-undercut     funding-disclosed undercut-expert
            arguments rephrase      wins-rephrase         solar-wins        solar-overtakes
            """,
        ),
    ),
    # solar-wins restates solar-overtakes: one position, named by the claim restated.
    "restated-claims": (
        {},
        _table(
            "position        map       claim",
            """
            solar-overtakes arguments solar-overtakes
            solar-overtakes arguments solar-wins
            """,
            text_of="claim",
        ),
    ),
}


@both_engines
def test_arguments_for_claim_gives_each_argument_once_per_premise_with_its_scheme_label(
    arguments: Corpus, engine: Engine
) -> None:
    params, rows = ARGUMENT_ROWS["arguments-for-claim"]
    assert run_named(arguments, "arguments-for-claim", params, engine=engine).records() == rows


@both_engines
def test_arguments_for_claim_lists_a_support_as_a_one_premise_argument_without_scheme(
    arguments: Corpus, engine: Engine
) -> None:
    params = {"claim": "investment-grows"}
    assert run_named(arguments, "arguments-for-claim", params, engine=engine).records() == _table(
        "claim            map       argument    scheme premise",
        "investment-grows arguments draws-grows -      cheap-draws",
        text_of="premise",
    )


@both_engines
def test_arguments_for_claim_include_an_argument_made_in_another_map_with_a_foreign_premise(
    objected: Corpus, engine: Engine
) -> None:
    params, own_map = ARGUMENT_ROWS["arguments-for-claim"]
    assert run_named(objected, "arguments-for-claim", params, engine=engine).records() == [
        *own_map,
        *_table(
            "claim           map        argument scheme          premise",
            """
            solar-overtakes objections storage  cause-to-effect solar-cheaper
            solar-overtakes objections storage  cause-to-effect storage-cheapening
            """,
            text_of="premise",
        ),
    ]


@both_engines
def test_linked_arguments_are_those_with_two_or_more_premises_most_first(
    arguments: Corpus, engine: Engine
) -> None:
    _, rows = ARGUMENT_ROWS["linked-arguments"]
    assert run_named(arguments, "linked-arguments", engine=engine).records() == rows


@both_engines
def test_attacks_on_premises_name_every_argument_resting_on_the_undermined_premise(
    arguments: Corpus, objected: Corpus, engine: Engine
) -> None:
    _, rows = ARGUMENT_ROWS["attacks-on-premises"]
    assert run_named(arguments, "attacks-on-premises", engine=engine).records() == rows
    # With objections: storage (in the other map) rests on solar-cheaper too, and o3
    # undermines investment-grows, trend's premise (draws-grows only concludes it).
    assert run_named(objected, "attacks-on-premises", engine=engine).records() == _table(
        "map        attack            attacker         premise          argument conclusion",
        """
        arguments  undermine-cheaper subsidies        solar-cheaper    forecast solar-overtakes
        arguments  undermine-cheaper subsidies        solar-cheaper    storage  solar-overtakes
        objections o3                investment-slows investment-grows trend    solar-overtakes
        """,
    )


@both_engines
def test_analyst_links_are_the_arguments_relations_and_stances_the_text_does_not_make(
    arguments: Corpus, engine: Engine
) -> None:
    _, rows = ARGUMENT_ROWS["analyst-links"]
    assert run_named(arguments, "analyst-links", engine=engine).records() == rows


@both_engines
def test_restated_claims_group_rephrasings_under_the_claim_they_restate_across_maps(
    arguments: Corpus, objected: Corpus, engine: Engine
) -> None:
    _, rows = ARGUMENT_ROWS["restated-claims"]
    assert run_named(arguments, "restated-claims", engine=engine).records() == rows
    # solar-takes-over restates solar-wins, from the other map: the same group. coal-remains
    # restates coal-stays: the group is named by the claim restated, not the smallest id.
    assert run_named(objected, "restated-claims", engine=engine).records() == _table(
        "position        map        claim",
        """
        coal-stays      objections coal-remains
        coal-stays      objections coal-stays
        solar-overtakes arguments  solar-overtakes
        solar-overtakes arguments  solar-wins
        solar-overtakes objections solar-takes-over
        """,
        text_of="claim",
    )


def test_the_front_door_runs_the_argument_queries_on_map_files() -> None:
    for name, (params, rows) in ARGUMENT_ROWS.items():
        assert argmap.run_named([ARGUMENTS_FILE], name, params).records() == rows, name


# The older queries count arguments and conflicts.


@both_engines
def test_contested_claims_count_each_argument_once_and_undermines_rebuts_and_conflicts(
    arguments: Corpus, objected: Corpus, engine: Engine
) -> None:
    # solar-cheaper: argued by expert (one argument of three premises); attacked by
    # undermine-cheaper, coal-contrary and cheaper-contradictory (undercut-expert cuts the
    # inference, not the claim). solar-overtakes: forecast, trend; rebut-forecast rebuts
    # forecast's conclusion.
    assert run_named(arguments, "contested-claims", engine=engine).records() == _table(
        "map       claim           supports attacks",
        """
        arguments solar-cheaper   1        3
        arguments solar-overtakes 2        1
        """,
        text_of="claim",
    )
    # objections adds storage for solar-overtakes, o1 (rebuts forecast), o5 (contrary), o6
    # (contradictory), not o2 (an undercut); o3 undermines investment-grows (argued by
    # draws-grows); o8 rebuts costly-nights, storage-costly's argument.
    assert run_named(objected, "contested-claims", engine=engine).records() == _table(
        "map        claim            supports attacks",
        """
        arguments  solar-overtakes  3        4
        arguments  solar-cheaper    1        3
        arguments  investment-grows 1        1
        objections storage-costly   1        1
        """,
        text_of="claim",
    )


@both_engines
def test_most_attacked_claims_count_attacks_on_their_arguments_and_conflicts(
    arguments: Corpus, objected: Corpus, engine: Engine
) -> None:
    # solar-cheaper: undermine-cheaper, undercut-expert (of its argument expert), the
    # contrary and the contradictory; solar-not-cheaper: the contradictory, both ways;
    # undercut-undercut cuts an attack, which helps the claim that attack targets.
    assert run_named(arguments, "most-attacked-claims", engine=engine).records() == _table(
        "map       claim             attacks",
        """
        arguments solar-cheaper     4
        arguments solar-not-cheaper 1
        arguments solar-overtakes   1
        """,
        text_of="claim",
    )
    # solar-overtakes: rebut-forecast, o1, o2 (undercuts trend), o5, o6; o4 cuts an attack.
    assert run_named(objected, "most-attacked-claims", engine=engine).records() == _table(
        "map        claim             attacks",
        """
        arguments  solar-overtakes   5
        arguments  solar-cheaper     4
        arguments  investment-grows  1
        arguments  solar-not-cheaper 1
        objections solar-declines    1
        objections storage-costly    1
        """,
        text_of="claim",
    )


@both_engines
def test_counterclaims_name_undermines_attacks_on_arguments_contraries_and_contradictions(
    arguments: Corpus, objected: Corpus, engine: Engine
) -> None:
    def counterclaims(corpus: Corpus, claim: str) -> list[dict[str, Any]]:
        return run_named(corpus, "counterclaims", {"claim": claim}, engine=engine).records()

    columns = "claim kind map counterclaim"
    # undercut-expert cuts expert, an argument for solar-cheaper; undercut-undercut cuts an
    # attack, so funding-disclosed is no counterclaim of anything.
    assert counterclaims(arguments, "solar-cheaper") == _table(
        columns,
        """
        solar-cheaper contradictory arguments solar-not-cheaper
        solar-cheaper contrary      arguments coal-cheapest
        solar-cheaper undercut      arguments lee-funded
        solar-cheaper undermine     arguments subsidies
        """,
        text_of="counterclaim",
    )
    # A contradiction runs both ways; a contrary one way (coal-cheapest has none).
    assert counterclaims(arguments, "solar-not-cheaper") == _table(
        columns, "solar-not-cheaper contradictory arguments solar-cheaper", text_of="counterclaim"
    )
    assert counterclaims(arguments, "coal-cheapest") == []
    # rebut-forecast rebuts forecast, so its conclusion; from the other map o1 does too.
    assert counterclaims(objected, "solar-overtakes") == _table(
        columns,
        """
        solar-overtakes contradictory objections solar-declines
        solar-overtakes contrary      objections coal-stays
        solar-overtakes rebut         arguments  grid-limits
        solar-overtakes rebut         objections storage-costly
        solar-overtakes undercut      objections trend-noise
        """,
        text_of="counterclaim",
    )


@both_engines
def test_undercuts_of_a_linked_argument_give_one_row_per_premise(
    objected: Corpus, engine: Engine
) -> None:
    assert run_named(objected, "undercuts", engine=engine).records() == _table(
        "map undercut attacker relation from to",
        """
        arguments undercut-expert lee-funded expert costs-in-field solar-cheaper
        arguments undercut-expert lee-funded expert lee-expert solar-cheaper
        arguments undercut-expert lee-funded expert lee-says solar-cheaper
        arguments undercut-undercut funding-disclosed undercut-expert lee-funded expert
        objections o2 trend-noise trend investment-grows solar-overtakes
        objections o4 grids-adapt rebut-forecast grid-limits forecast
        """,
    )


@both_engines
def test_unanswered_attacks_include_undermines_and_contraries_and_heed_rebuts_of_arguments(
    arguments: Corpus, objected: Corpus, engine: Engine
) -> None:
    columns = "map attack kind attacker target"
    # undercut-expert is undercut; cheaper-contradictory answers itself (both ways).
    in_arguments = """
        arguments  coal-contrary     contrary  coal-cheapest      solar-cheaper
        arguments  rebut-forecast    rebut     grid-limits        forecast
        arguments  undercut-undercut undercut  funding-disclosed  undercut-expert
        arguments  undermine-cheaper undermine subsidies          solar-cheaper
    """
    assert run_named(arguments, "unanswered-attacks", engine=engine).records() == _table(
        columns, in_arguments
    )
    # o4 undercuts rebut-forecast; o8 rebuts costly-nights, which concludes o1's attacker.
    assert run_named(objected, "unanswered-attacks", engine=engine).records() == _table(
        columns,
        """
        arguments  coal-contrary     contrary  coal-cheapest      solar-cheaper
        arguments  undercut-undercut undercut  funding-disclosed  undercut-expert
        arguments  undermine-cheaper undermine subsidies          solar-cheaper
        objections o2                undercut  trend-noise        trend
        objections o3                undermine investment-slows   investment-grows
        objections o4                undercut  grids-adapt        rebut-forecast
        objections o5                contrary  coal-stays         solar-overtakes
        objections o8                rebut     storage-cheapening costly-nights
        """,
    )


@both_engines
def test_cross_map_attacks_follow_attacks_on_arguments_to_their_conclusions(
    objected: Corpus, engine: Engine
) -> None:
    # o1 rebuts and o2 undercuts arguments for solar-overtakes; o4 undercuts rebut-forecast,
    # an attack by grid-limits; o6 contradicts both ways, so solar-overtakes also attacks
    # solar-declines across maps. o8 stays inside objections.
    assert run_named(objected, "cross-map-attacks", engine=engine).records() == _table(
        "map        claim            attacker_map attacker         kind",
        """
        arguments  grid-limits      objections   grids-adapt      undercut
        arguments  investment-grows objections   investment-slows undermine
        arguments  solar-overtakes  objections   coal-stays       contrary
        arguments  solar-overtakes  objections   solar-declines   contradictory
        arguments  solar-overtakes  objections   storage-costly   rebut
        arguments  solar-overtakes  objections   trend-noise      undercut
        objections solar-declines   arguments    solar-overtakes  contradictory
        """,
    )


def test_every_named_query_has_an_exact_rows_test_here() -> None:
    source = Path(__file__).read_text()
    call = r'run_named\((?:corpus|arguments), "([a-z-]+)"'
    tested = {match.group(1) for match in re.finditer(call, source)}
    assert tested == set(NAMES)
    assert len(NAMES) == 20


# ---- stances recorded twice (in two maps) -------------------------------------------------------
# restated.yaml repeats, in its own map, incumbents' opposition to mini:erodes-advantage and
# hobbyists' endorsement of mini:open-cheap. The questions are about claims, so a claim counts
# once however many maps record the same position.


@pytest.fixture(scope="module")
def restated() -> Corpus:
    return load([QUERY_DATA / "mini.yaml", QUERY_DATA / "restated.yaml"])


def test_actor_agreement_counts_each_shared_claim_once_when_a_stance_is_recorded_twice(
    restated: Corpus,
) -> None:
    # Claims both take a stance on: acme/incumbents erodes-advantage (C~O); acme/hobbyists
    # erodes-advantage (C vs E); hobbyists/incumbents erodes-advantage and gap-closing (E vs O).
    assert run_named(restated, "actor-agreement").records() == [
        {"one": "acme", "other": "incumbents", "agree": 1, "disagree": 0, "shared": 1},
        {"one": "acme", "other": "hobbyists", "agree": 0, "disagree": 1, "shared": 1},
        {"one": "hobbyists", "other": "incumbents", "agree": 0, "disagree": 2, "shared": 2},
    ]


def test_endorsed_by_one_opposed_by_other_lists_a_claim_once_when_a_stance_is_recorded_twice(
    restated: Corpus,
) -> None:
    params = {"one": "hobbyists", "other": "incumbents"}
    assert run_named(restated, "endorsed-by-one-opposed-by-other", params).column("claim") == [
        "erodes-advantage",
        "gap-closing",
    ]


def test_claims_endorsed_by_lists_a_claim_once_when_an_endorsement_is_recorded_twice(
    restated: Corpus,
) -> None:
    result = run_named(restated, "claims-endorsed-by", {"actor": "hobbyists"})
    assert result.column("claim") == ["erodes-advantage", "gap-closing", "open-cheap"]


# ---- 2. both engines give the same answers ------------------------------------------------------


def _fixture_param_sets(corpus: Corpus, name: str) -> list[dict[str, str]]:
    """Every value the fixture offers for the query's parameters."""
    ids = {
        "actor": sorted(corpus.actors),
        "topic": sorted(corpus.topics),
        "claim": sorted({c.id for m in corpus.maps for c in m.claims}),
        "issue": sorted({i.id for m in corpus.maps for i in m.issues}),
    }
    declared = sorted(named_queries()[name].params)
    if not declared:
        return [{}]
    if declared == ["one", "other"]:
        return [{"one": a, "other": b} for a, b in permutations(ids["actor"], 2)]
    [param] = declared  # a new kind of parameter needs a line in `ids` above
    return [{param: value} for value in ids[param]]


@pytest.mark.parametrize("name", NAMES)
def test_engines_agree_on_every_parameter_value_of_the_fixture_and_the_argument_maps(
    everything: Corpus, fixture_stores: dict[Engine, Any], name: str
) -> None:
    answered = 0
    for params in _fixture_param_sets(everything, name):
        oxigraph = run_named(fixture_stores["oxigraph"], name, params).records()
        rdflib = run_named(fixture_stores["rdflib"], name, params, engine="rdflib").records()
        assert oxigraph == rdflib, params
        answered += bool(oxigraph)
    assert answered, "no parameter value gave rows: the comparison proved nothing"


def test_engines_agree_on_the_fixture_with_the_rejoinder(with_rejoinder: Corpus) -> None:
    for name in ("cross-map-attacks", "most-attacked-claims", "undercuts", "unanswered-attacks"):
        oxigraph = run_named(with_rejoinder, name).records()
        assert oxigraph == run_named(with_rejoinder, name, engine="rdflib").records(), name
        assert oxigraph, name


# The `# example:` values, except counterclaims, whose example claim is attacked by nothing.
SEED_PARAMS: dict[str, dict[str, str]] = {
    "claims-by-topic": {"topic": "regulation"},
    "claims-endorsed-by": {"actor": "ravindra-kirti"},
    "claims-opposed-by": {"actor": "big-tech"},
    "counterclaims": {"claim": "oss-erodes-competitive-advantage"},
    "endorsed-by-one-opposed-by-other": {"one": "ravindra-kirti", "other": "big-tech"},
    "evidence-for-claim": {"claim": "open-source-competitive-advantage"},
    "arguments-for-claim": {"claim": "oss-erodes-competitive-advantage"},
    "support-chains-into-issue": {"issue": "tipping-point"},
}
# Every seed claim is quoted. (Ravindra Kirti endorses oss-disruptive-force, which Big Tech fears.)
# The seed maps have only one-premise supports, no undermines, no analyst links, no rephrases.
EMPTY_ON_SEED = {
    "claims-without-evidence",
    "linked-arguments",
    "attacks-on-premises",
    "analyst-links",
    "restated-claims",
}
# rdflib needs 28 s and 9 s for these over both seed maps (oxigraph 0.02 s): compare them over
# the seed map that loads alone, to keep this file fast.
SLOW_ON_RDFLIB = {"endorsed-by-one-opposed-by-other", "most-attacked-claims"}


@pytest.mark.parametrize("name", NAMES)
def test_engines_agree_on_the_seed_maps(
    seed_stores: dict[Engine, Any], seed_alone_stores: dict[Engine, Any], name: str
) -> None:
    stores = seed_alone_stores if name in SLOW_ON_RDFLIB else seed_stores
    params = SEED_PARAMS.get(name, {})
    oxigraph = run_named(stores["oxigraph"], name, params).records()
    rdflib = run_named(stores["rdflib"], name, params, engine="rdflib").records()
    assert oxigraph == rdflib
    assert bool(oxigraph) is (name not in EMPTY_ON_SEED)


# ---- 3. bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "claims-endorsed",
            "unknown named query 'claims-endorsed'; did you mean 'claims-endorsed-by'?",
        ),
        ("undercut", "unknown named query 'undercut'; did you mean 'undercuts'?"),
        ("zzz", "unknown named query 'zzz'; known: actor-agreement, analyst-links, "),
    ],
)
def test_unknown_named_query_suggests_the_closest_name(
    corpus: Corpus, name: str, message: str
) -> None:
    with pytest.raises(QueryError) as caught:
        run_named(corpus, name)
    assert str(caught.value).startswith(message)


def test_missing_parameter_is_named_with_its_description(corpus: Corpus) -> None:
    with pytest.raises(QueryError) as caught:
        run_named(corpus, "endorsed-by-one-opposed-by-other", {"one": "acme"})
    assert str(caught.value) == (
        "query 'endorsed-by-one-opposed-by-other' needs parameter 'other' (id of the actor who"
        " opposes or is concerned (e.g. big-tech))"
    )
    assert caught.value.option == "param other=VALUE"  # the CLI says: use --param other=VALUE


@pytest.mark.parametrize(
    ("name", "params", "message"),
    [
        (
            "undercuts",
            {"actor": "acme"},
            "query 'undercuts' has no parameter 'actor'; it takes: no parameters",
        ),
        (
            "claims-endorsed-by",
            {"actor": "acme", "map": "mini"},
            "query 'claims-endorsed-by' has no parameter 'map'; it takes: actor",
        ),
    ],
)
def test_extra_parameter_is_refused_with_the_parameters_the_query_takes(
    corpus: Corpus, name: str, params: dict[str, str], message: str
) -> None:
    with pytest.raises(QueryError) as caught:
        run_named(corpus, name, params)
    assert str(caught.value) == message


def _size(store: Any) -> int:
    return len(store) if isinstance(store, ox.Store) else len(list(store.quads()))


@both_engines
def test_parameter_that_tries_to_inject_sparql_is_bound_as_a_literal(
    corpus: Corpus, engine: Engine
) -> None:
    store = open_source(corpus, engine)
    before = _size(store)
    result = run_named(store, "claims-endorsed-by", {"actor": INJECTION}, engine=engine)
    assert result.records() == []
    assert _size(store) == before > 0
    # The same store still answers the honest question.
    honest = run_named(store, "claims-endorsed-by", {"actor": "hobbyists"}, engine=engine)
    assert len(honest.records()) == 3


@both_engines
def test_injection_through_an_ad_hoc_query_parameter_matches_nothing(
    corpus: Corpus, engine: Engine
) -> None:
    store = open_source(corpus, engine)
    before = _size(store)
    sparql = "SELECT ?c WHERE { ?c am:text ?text }"
    assert query(store, sparql, {"text": INJECTION}, engine=engine).records() == []
    assert query(store, sparql, {"text": TEXT["moat"]}, engine=engine).records() == [
        {"c": "https://w3id.org/argmap/id/map/reply/claim/moat"}
    ]
    assert _size(store) == before


@pytest.mark.parametrize(
    ("engine", "sparql", "position"),
    [
        ("oxigraph", "SELECT ?x WHERE { ?x ?y ?z ", "error at 1:28:"),
        ("rdflib", "SELECT ?x WHERE { ?x ?y ?z ", "(line:1, col:28)"),
        (
            "oxigraph",
            'SELECT ?claim WHERE {\n  ?c dcterms:identifier ?claim .\n  FILTER (?claim = "x"\n}',
            "error at 4:1:",
        ),
        (
            "rdflib",
            'SELECT ?claim WHERE {\n  ?c dcterms:identifier ?claim .\n  FILTER (?claim = "x"\n}',
            "(line:3, col:3)",
        ),
    ],
)
def test_malformed_sparql_is_an_invalid_sparql_error_with_its_position(
    corpus: Corpus, engine: Engine, sparql: str, position: str
) -> None:
    with pytest.raises(QueryError) as caught:
        query(corpus, sparql, engine=engine)
    message = str(caught.value)
    assert message.startswith("invalid SPARQL: ")
    assert position in message
    assert "\n" not in message


UPDATES = [
    "DELETE WHERE { ?s ?p ?o }",
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "PREFIX am: <https://w3id.org/argmap/ns#>\n"
    "PREFIX dcterms: <http://purl.org/dc/terms/>\n"
    "# remove every claim\n"
    "DELETE WHERE { ?c a am:Claim ; ?p ?o }",
    "  # a comment first\n# and another\n  insert data { <urn:a> <urn:b> 'c' }",
    "BASE <https://example.org/>\nDROP ALL",
    "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
]


@both_engines
@pytest.mark.parametrize("sparql", UPDATES)
def test_update_is_refused_and_leaves_the_store_as_it_was(
    corpus: Corpus, engine: Engine, sparql: str
) -> None:
    store = open_source(corpus, engine)
    before = _size(store)
    with pytest.raises(QueryError) as caught:
        query(store, sparql, engine=engine)
    assert str(caught.value) == UPDATE_REFUSED
    assert _size(store) == before > 0


@pytest.mark.parametrize("sparql", UPDATES[:3])
def test_update_is_refused_before_the_source_is_opened(tmp_path: Path, sparql: str) -> None:
    # The file does not exist: opening it would be an InputError, not this QueryError.
    with pytest.raises(QueryError) as caught:
        query(tmp_path / "missing.yaml", sparql)
    assert str(caught.value) == UPDATE_REFUSED


@pytest.mark.parametrize(
    "sparql",
    [
        "SELECT ?claim WHERE { ?c a am:Claim ; dcterms:identifier ?claim }",
        # ?actor only inside a string, an IRI and a comment: still not a variable.
        'SELECT ?claim WHERE { ?c am:text "?actor" ; <urn:x?actor> ?claim } # ?actor',
    ],
)
def test_parameter_that_is_not_a_variable_of_an_ad_hoc_query_is_refused(
    corpus: Corpus, sparql: str
) -> None:
    with pytest.raises(QueryError) as caught:
        query(corpus, sparql, {"actor": "acme"})
    assert str(caught.value) == (
        "parameter 'actor' is not a variable of the query; "
        "remove it or name one of the query's ?variables"
    )


@both_engines
def test_parameter_of_an_ad_hoc_query_restricts_its_variable(
    corpus: Corpus, engine: Engine
) -> None:
    sparql = (
        "SELECT ?claim ?text WHERE { ?c a am:Claim ; dcterms:identifier ?claim ; am:text ?text }"
    )
    result = query(corpus, sparql, {"claim": "lock-in"}, engine=engine)
    assert result.records() == [{"claim": "lock-in", "text": TEXT["lock-in"]}]


# ---- 4. headers match the SPARQL ----------------------------------------------------------------


def _split(text: str) -> tuple[list[str], str]:
    lines = text.splitlines()
    first_code = next(i for i, line in enumerate(lines) if not line.startswith("#"))
    return lines[:first_code], "\n".join(lines[first_code:])


def _code_only(sparql: str) -> str:
    """The SPARQL without IRIs and strings (which may hold '#' and '?'), then comments."""
    code = re.sub(r"<[^<>\s]*>|\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*'", " ", sparql)
    return re.sub(r"#[^\n]*", " ", code)


def _without_calls(code: str, keywords: str) -> str:
    """``code`` with every ``KEYWORD ( … )`` (balanced parentheses) cut out."""
    call = re.compile(rf"\b(?:{keywords})\s*\(", re.IGNORECASE)
    kept, at = [], 0
    while match := call.search(code, at):
        kept.append(code[at : match.start()])
        depth, at = 1, match.end()
        while depth:
            depth += {"(": 1, ")": -1}.get(code[at], 0)
            at += 1
    kept.append(code[at:])
    return " ".join(kept)


def _variables(code: str) -> set[str]:
    return set(re.findall(r"[?$]([A-Za-z_]\w*)", code))


@pytest.mark.parametrize("path", RQ_FILES, ids=NAMES)
def test_header_asks_a_question_and_gives_a_runnable_example(path: Path) -> None:
    header, _ = _split(path.read_text("utf-8"))
    questions = [line for line in header if line.startswith("# question: ")]
    assert len(questions) == 1
    assert questions[0].endswith("?")
    examples = [
        line.removeprefix("# example: ") for line in header if line.startswith("# example: ")
    ]
    assert len(examples) == 1
    assert examples[0].startswith("argmap query ")
    args = shlex.split(examples[0])
    assert args[args.index("-n") + 1] == path.stem
    assert named_queries()[path.stem].question == questions[0].removeprefix("# question: ")


@pytest.mark.parametrize("path", RQ_FILES, ids=NAMES)
def test_header_declares_exactly_the_variables_the_query_expects_bound(path: Path) -> None:
    header, body = _split(path.read_text("utf-8"))
    declared = {
        m.group(1) for line in header if (m := re.match(r"# param ([A-Za-z_]\w*): \S", line))
    }
    assert set(named_queries()[path.stem].params) == declared
    args = shlex.split(next(line for line in header if line.startswith("# example: ")))
    assert {args[i + 1].split("=")[0] for i, a in enumerate(args) if a == "-p"} == declared

    code = _code_only(body)
    assigned = set(re.findall(r"\bAS\s+[?$]([A-Za-z_]\w*)", code, re.IGNORECASE))
    # Variables that graph patterns bind: the code without SELECT clauses, FILTER/BIND
    # expressions and the solution modifiers after the last '}'.
    patterns = re.sub(r"\bSELECT\b[\s\S]*?\bWHERE\b", " ", code, flags=re.IGNORECASE)
    patterns = _without_calls(patterns[: patterns.rindex("}")], "FILTER|BIND")
    bound_by_patterns = _variables(patterns)
    # A variable read but bound by nothing in the query must come from outside: a parameter.
    assert _variables(code) - bound_by_patterns - assigned <= declared
    for name in declared:
        assert name in bound_by_patterns, f"?{name} is no variable of a graph pattern"
        assert name not in assigned, f"?{name} is computed by the query, it cannot be bound"
        assert re.search(rf"dcterms:identifier\s+\?{name}\b", code), f"?{name} is not an id"
        select = re.search(r"\bSELECT\b([\s\S]*?)\bWHERE\b", code, re.IGNORECASE)
        assert select and f"?{name}" in select.group(1), f"?{name} is not in the answer"


@pytest.mark.parametrize("path", RQ_FILES, ids=NAMES)
def test_ids_in_the_header_exist_in_the_seed_maps(
    seed_stores: dict[Engine, Any], path: Path
) -> None:
    header, _ = _split(path.read_text("utf-8"))
    args = shlex.split(next(line for line in header if line.startswith("# example: ")))
    ids = {args[i + 1].split("=", 1)[1] for i, a in enumerate(args) if a == "-p"}
    ids |= {m.group(1) for line in header if (m := re.search(r"\(e\.g\. ([^)\s]+)\)", line))}
    for value in ids:
        found = query(seed_stores["oxigraph"], "ASK { ?x dcterms:identifier ?id }", {"id": value})
        assert found.boolean, f"{value} names nothing in data/*.yaml"


@pytest.mark.parametrize("path", RQ_FILES, ids=NAMES)
def test_sparql_clients_that_sniff_the_query_type_read_a_select(path: Path) -> None:
    # SPARQLWrapper (which `argmap serve` suggests) takes the first word like SELECT, LOAD or
    # ADD anywhere in the text, inside words and most comments too, and sends an "update"
    # by POST or refuses it: "the maps loaded" in a comment made a query a LOAD.
    from SPARQLWrapper import SPARQLWrapper

    assert SPARQLWrapper("http://127.0.0.1/sparql")._parseQueryType(path.read_text()) == "SELECT"
