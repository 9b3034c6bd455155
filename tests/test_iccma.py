"""ICCMA formats (.i23, .apx, .tgf) and `argmap semantics` as an ICCMA 2023 solver."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from argmap.analysis.framework import Framework
from argmap.analysis.iccma import (
    PROBLEMS,
    dumps_apx,
    dumps_i23,
    dumps_tgf,
    parse_apx,
    parse_i23,
    parse_tgf,
    read_framework,
    solve,
)
from argmap.cli import app
from argmap.errors import InputError
from tests.conftest import DATA, ROOT

AF = DATA / "af"
REINSTATEMENT = AF / "carneades4-reinstatement1.tgf"
EVEN = AF / "carneades4-even_cycle1.tgf"
ODD = AF / "carneades4-odd_cycle1.tgf"
SEED = sorted((ROOT / "data").glob("*.yaml"))
runner = CliRunner()


def cli(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["semantics", *args])
    return result.exit_code, result.stdout, result.stderr


# --- known answers on the shared corpora -------------------------------------------------

KNOWN = {
    # reinstatement 1 -> 2 -> 3: 1 reinstates 3 under every semantics
    (REINSTATEMENT, "EE-GR"): ["w 1 3"],
    (REINSTATEMENT, "EE-CO"): ["w 1 3"],
    (REINSTATEMENT, "EE-PR"): ["w 1 3"],
    (REINSTATEMENT, "EE-ST"): ["w 1 3"],
    # even cycle 1 <-> 2: empty grounded, two preferred / stable, three complete
    (EVEN, "SE-GR"): ["w"],
    (EVEN, "EE-CO"): ["w", "w 1", "w 2"],
    (EVEN, "EE-PR"): ["w 1", "w 2"],
    (EVEN, "EE-ST"): ["w 1", "w 2"],
    # odd cycle 1 -> 2 -> 3 -> 1: only the empty preferred extension, no stable one
    (ODD, "EE-PR"): ["w"],
    (ODD, "SE-PR"): ["w"],
    (ODD, "SE-ST"): ["NO"],
    (ODD, "EE-ST"): [],
}


@pytest.mark.parametrize(("path", "problem"), sorted(KNOWN, key=str))
def test_shared_corpora_give_the_known_answers(path: Path, problem: str) -> None:
    code, out, _ = cli("-p", problem, "-f", str(path))
    assert code == 0
    assert out.splitlines() == KNOWN[path, problem]


def test_acceptance_answers_follow_the_iccma_2023_output_rules() -> None:
    # DC: YES then a witness extension; DS: NO then a counterexample extension.
    assert cli("-p", "DC-PR", "-f", str(REINSTATEMENT), "-a", "3")[1] == "YES\nw 1 3\n"
    assert cli("-p", "DC-GR", "-f", str(REINSTATEMENT), "-a", "2")[1] == "NO\n"
    assert cli("-p", "DS-ST", "-f", str(REINSTATEMENT), "-a", "1")[1] == "YES\n"
    assert cli("-p", "DC-PR", "-f", str(EVEN), "-a", "2")[1] == "YES\nw 2\n"
    assert cli("-p", "DS-PR", "-f", str(EVEN), "-a", "2")[1] == "NO\nw 1\n"
    assert cli("-p", "DC-ST", "-f", str(ODD), "-a", "1")[1] == "NO\n"
    assert cli("-p", "DS-ST", "-f", str(ODD), "-a", "1")[1] == "YES\n"  # no stable extension


def test_problems_lists_every_supported_task() -> None:
    code, out, _ = cli("--problems")
    assert code == 0
    listed = out.strip().strip("[]").split(",")
    assert listed == list(PROBLEMS) and "DS-PR" in listed and len(listed) == 16


def test_maps_are_frameworks_with_arguments_named_by_claim_id(tmp_path: Path) -> None:
    mini = DATA / "mini.yaml"
    code, out, _ = cli("-p", "SE-GR", "-f", str(mini))
    assert code == 0
    assert "erodes-advantage" in out.split() and "r2#holds" not in out
    assert cli("-p", "DS-GR", "-f", str(mini), "-a", "erodes-advantage")[1] == "YES\n"
    weak = cli("-p", "DS-GR", "-f", str(mini), "-a", "erodes-advantage", "--min-strength", "0.6")
    assert weak[1].startswith("NO\nw ")
    both = cli(
        "-p", "DC-PR", "-f", str(SEED[0]), "-f", str(SEED[1]), "-a", "no-api-or-licence-fees"
    )
    assert both[0] == 0 and both[1].startswith("YES\nw ")


def test_cli_user_errors_are_one_line_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.i23"
    bad.write_text("p af 2\n1 x\n", encoding="utf-8")
    for args, needle in [
        (["-p", "DC-XX", "-f", str(REINSTATEMENT), "-a", "1"], "unsupported problem"),
        (["-p", "DC-PR", "-f", str(REINSTATEMENT)], "needs a query argument"),
        (["-p", "DC-PR", "-f", str(REINSTATEMENT), "-a", "9"], "unknown argument '9'"),
        (["-p", "SE-PR", "-f", str(bad)], "bad.i23:2: expected an attack"),
        (["-p", "SE-PR"], "give a problem and a file"),
        (["-p", "SE-PR", "-f", str(tmp_path / "missing.tgf")], "missing.tgf: no such ICCMA"),
        (["-p", "SE-PR", "-f", str(REINSTATEMENT), "--min-strength", "0.5"], "apply to maps"),
    ]:
        code, _, err = cli(*args)
        assert code == 1, args
        assert err.count("\n") == 1 and needle in err and "Traceback" not in err, (args, err)


# --- parsers and writers ----------------------------------------------------------------


def test_i23_reads_header_comments_and_attacks() -> None:
    fw = parse_i23("# made by hand\np af 3\n1 2\n# mid comment\n2 3\n\n")
    assert fw == Framework(("1", "2", "3"), frozenset({("1", "2"), ("2", "3")}))


def test_tgf_and_apx_read_the_same_framework_as_i23() -> None:
    tgf = read_framework(REINSTATEMENT)
    assert parse_apx("arg(1).\narg(2).\narg(3).\n% c\natt(1,2).\natt(2,3).\n") == tgf
    assert parse_i23(dumps_i23(tgf)) == tgf


@pytest.mark.parametrize(
    ("parse", "text", "needle"),
    [
        (parse_i23, "", "empty file"),
        (parse_i23, "# only a comment\n", "empty file"),
        (parse_i23, "p cnf 3\n", "wrong header"),
        (parse_i23, "1 2\n", "wrong header"),
        (parse_i23, "p af 2\n1 3\n", "unknown argument 3"),
        (parse_i23, "p af 2\na b\n", "two integer ids"),
        (parse_i23, "p af 2\n1 2 3\n", "two integer ids"),
        (parse_apx, "", "empty file"),
        (parse_apx, "arg(a).\natt(a,b).\n", "unknown argument 'b'"),
        (parse_apx, "arg(a).\narg(a).\n", "duplicate argument 'a'"),
        (parse_apx, "argument(a).\n", "expected facts"),
        (parse_tgf, "", "empty file"),
        (parse_tgf, "1\n1\n#\n", "duplicate argument '1'"),
        (parse_tgf, "1\n#\n1 2\n", "unknown argument '2'"),
        (parse_tgf, "1\n#\n1\n", "expected an attack"),
    ],
)
def test_bad_instances_give_one_line_errors(parse: object, text: str, needle: str) -> None:
    with pytest.raises(InputError) as caught:
        parse(text, "x")  # type: ignore[operator]
    message = str(caught.value)
    assert needle in message and "\n" not in message


names = st.from_regex(r"[a-z][a-z0-9_]{0,5}", fullmatch=True)


@st.composite
def frameworks(draw: st.DrawFn) -> Framework:
    args = draw(st.lists(names, unique=True, max_size=8))
    attacks = (
        draw(st.sets(st.tuples(st.sampled_from(args), st.sampled_from(args)))) if args else set()
    )
    return Framework.build(args, attacks)


@settings(max_examples=150, deadline=None)
@given(frameworks())
def test_every_format_round_trips(framework: Framework) -> None:
    if framework.arguments:  # an empty .apx / .tgf file is rejected as empty
        assert parse_apx(dumps_apx(framework)) == framework
        assert parse_tgf(dumps_tgf(framework)) == framework
    numbered = parse_i23(dumps_i23(framework))
    rename = {a: str(i) for i, a in enumerate(framework.arguments, 1)}
    assert numbered.attacks == {(rename[a], rename[b]) for a, b in framework.attacks}


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_parsers_fed_junk_raise_input_errors_or_return_frameworks(text: str) -> None:
    for parse in (parse_i23, parse_apx, parse_tgf):
        try:
            result = parse(text, "junk")
        except InputError as exc:
            assert "\n" not in str(exc)
        else:
            assert isinstance(result, Framework)


def reference_i23(text: str) -> Framework | str:
    """The .i23 format read line by line as the ICCMA 2023 rules state it (the parser checks
    a whole file at once and falls back to a loop like this one only to report a line), or
    the error message."""
    lines = [
        (number, line.strip())
        for number, line in enumerate(text.splitlines(), 1)
        if line.strip() and not line.strip().startswith("#")
    ]
    if not lines:
        return "x: empty file; an .i23 file starts with the header 'p af N'"
    number, header = lines[0]
    header_ok = len(header.split()) == 3 and header.split()[:2] == ["p", "af"]
    if not header_ok or not header.split()[2].isdigit():
        return f"x:{number}: wrong header"
    count = int(header.split()[2])
    attacks = set()
    for number, line in lines[1:]:
        parts = line.split()
        if len(parts) != 2 or not all(p.isascii() and p.isdigit() for p in parts):
            return f"x:{number}: expected an attack 'a b' of two integer ids, got {line[:60]!r}"
        for part in parts:
            if not 1 <= int(part) <= count:
                return (
                    f"x:{number}: attack names unknown argument {part}; ids run from 1 to"
                    f" {count} (see the header)"
                )
        attacks.add((str(int(parts[0])), str(int(parts[1]))))
    return Framework(tuple(str(i) for i in range(1, count + 1)), frozenset(attacks))


good_i23_lines = st.one_of(
    st.tuples(st.integers(1, 6), st.integers(1, 6)).map(lambda p: f"{p[0]} {p[1]}"),
    st.tuples(st.integers(1, 6), st.integers(1, 6)).map(lambda p: f" 0{p[0]}\t{p[1]}  "),
    st.sampled_from(["", "  ", "# c", "  #1 2", "\x0c1 2\x0c"]),
)
i23_lines = st.one_of(
    good_i23_lines,
    st.tuples(st.integers(0, 7), st.integers(0, 7)).map(lambda p: f"{p[0]} {p[1]}"),
    st.sampled_from(["1", "1 2 3", "a 2", "-1 2", "+1 2", "\u0661 2"]),
    st.sampled_from(["1 2 # c", "1\u00a02", "1_0 2", "\u00b2 1", "1\r\n2 3", "\x0c1 2"]),
)


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(st.lists(good_i23_lines, max_size=12), st.lists(i23_lines, max_size=12)),
    st.integers(0, 6),
    st.sampled_from(["\n", "\r\n"]),
)
def test_i23_whole_file_reading_equals_the_line_by_line_reading(
    lines: list[str], count: int, newline: str
) -> None:
    text = newline.join(["# by hand", f"p af {count}", *lines]) + newline
    expected = reference_i23(text)
    try:
        got = parse_i23(text, "x")
    except InputError as exc:
        assert isinstance(expected, str) and str(exc).startswith(expected), (exc, expected)
    else:
        assert got == expected
        attackers, attacked = got.adjacency()
        by_position = {
            (got.arguments[a], got.arguments[b]) for a, r in enumerate(attacked) for b in r
        }
        assert by_position == got.attacks
        assert sorted(map(len, attackers)) == sorted(
            sum(1 for _, b in got.attacks if b == x) for x in got.arguments
        )


def test_i23_errors_name_the_line_after_comments_and_blank_lines() -> None:
    text = "# c\n\np af 2\n1 2\n# c\n\n2 3\n"
    with pytest.raises(InputError, match=r"^x:7: attack names unknown argument 3; ids run"):
        parse_i23(text, "x")
    with pytest.raises(InputError, match=r"^x:3: wrong header 'p af two'"):
        parse_i23("# c\n\n p af two\n", "x")


def test_solve_enumerates_extensions_in_argument_order() -> None:
    fw = parse_i23("p af 4\n1 2\n2 1\n3 4\n")
    assert solve(fw, "EE-PR") == ["w 1 3", "w 2 3"]
    assert solve(fw, "SE-GR") == ["w 3"]


def test_claim_ids_shared_by_two_maps_are_qualified_and_unique_ones_are_not() -> None:
    from argmap import ArgumentMap, Corpus
    from argmap.analysis.iccma import corpus_framework_named_by_claim

    def one(map_id: str, claims: list[str], relations: list[dict[str, str]]) -> ArgumentMap:
        return ArgumentMap.model_validate(
            {
                "id": map_id,
                "title": map_id,
                "claims": [{"id": c, "text": c} for c in claims],
                "relations": relations,
            }
        )

    corpus = Corpus(
        maps=(
            one("m1", ["a", "b"], [{"id": "r", "type": "attack", "from": "a", "to": "m2:a"}]),
            one("m2", ["a"], []),
        )
    )
    framework, keys = corpus_framework_named_by_claim(corpus)
    assert framework.arguments == ("m1:a", "b", "m2:a")
    assert framework.attacks == {("m1:a", "m2:a")}
    assert keys["b"] == "m1:b"
    assert solve(framework, "SE-GR") == ["w m1:a b"]
