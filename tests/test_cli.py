"""The command line: exit codes, one-line errors on stderr, no traceback, no partial output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pyoxigraph as ox
import pytest
import rdflib
import yaml
from typer.testing import CliRunner

from argmap import __version__
from argmap.cli import app
from tests.conftest import DATA, ROOT

MINI = str(DATA / "mini.yaml")
runner = CliRunner()


def _bad_map(tmp_path: Path) -> str:
    text = (DATA / "mini.yaml").read_text("utf-8").replace("strength: 0.8", "strength: 1.5")
    (tmp_path / "mini-source.txt").write_text((DATA / "mini-source.txt").read_text("utf-8"))
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_validate_reports_ok_with_counts() -> None:
    result = runner.invoke(app, ["validate", MINI, "--shacl"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("ok: 1 map(s), 4 claims, 3 relations, 3 stances, 5 quotes")


def test_validate_prints_each_problem_on_one_line_and_exits_1(tmp_path: Path) -> None:
    bad = _bad_map(tmp_path)
    result = runner.invoke(app, ["validate", bad])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"error: {bad}:51: relation 'r1': strength 1.5 is out of range; use a number from 0 to 1"
    ]
    assert "Traceback" not in result.output


def test_build_writes_rdf_that_both_engines_read_alike(tmp_path: Path) -> None:
    out = tmp_path / "map.trig"
    result = runner.invoke(app, ["build", MINI, "-o", str(out)])
    assert result.exit_code == 0, result.output
    parsed = rdflib.Dataset().parse(out, format="trig")
    rdflib_count = sum(1 for _ in parsed.quads((None, None, None, None)))
    ox_count = len(list(ox.parse(path=str(out), format=ox.RdfFormat.TRIG)))
    assert rdflib_count == ox_count > 100


def test_build_format_option_overrides_the_suffix(tmp_path: Path) -> None:
    out = tmp_path / "map.data"
    result = runner.invoke(app, ["build", MINI, "-o", str(out), "--format", "nquads"])
    assert result.exit_code == 0, result.output
    assert len(list(ox.parse(path=str(out), format=ox.RdfFormat.N_QUADS))) > 100


@pytest.mark.parametrize(
    ("output", "extra", "expected"),
    [
        ("map.xyz", [], "cannot tell the RDF format from the suffix '.xyz'"),
        ("missing/map.ttl", [], "the folder '{tmp}/missing' does not exist; create it first"),
        ("map.ttl", ["--format", "yaml"], "unknown RDF format 'yaml'; use one of: turtle"),
    ],
    ids=["unknown-suffix", "missing-folder", "unknown-format"],
)
def test_build_refuses_bad_outputs_with_one_line(
    tmp_path: Path, output: str, extra: list[str], expected: str
) -> None:
    result = runner.invoke(app, ["build", MINI, "-o", str(tmp_path / output), *extra])
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1
    assert expected.format(tmp=tmp_path) in result.stderr
    assert not (tmp_path / output).exists()


def test_failed_build_leaves_an_existing_output_untouched(tmp_path: Path) -> None:
    out = tmp_path / "map.ttl"
    out.write_text("previous content")
    result = runner.invoke(app, ["build", _bad_map(tmp_path), "-o", str(out)])
    assert result.exit_code == 1
    assert out.read_text() == "previous content"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml", "map.ttl", "mini-source.txt"]


def test_stats_prints_counts_per_map_and_actor() -> None:
    result = runner.invoke(app, ["stats", MINI, "--json"])
    assert result.exit_code == 0
    stats = json.loads(result.stdout)
    assert stats["per_map"]["mini"]["claims"] == 4
    assert stats["per_map"]["mini"]["undercuts"] == 1
    assert stats["per_actor"]["acme"] == {"name": "Acme AI", "kind": "company", "concerned": 1}
    table = runner.invoke(app, ["stats", MINI]).stdout
    assert table.splitlines()[0].split()[:3] == ["map", "sources", "topics"]
    assert any(line.startswith("hobbyists") for line in table.splitlines())


def test_schema_accepts_the_authoring_files_and_rejects_typos(tmp_path: Path) -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    maps = [DATA / "mini.yaml", DATA / "arguments.yaml", *sorted((ROOT / "data").glob("*.yaml"))]
    for path in maps:
        jsonschema.validate(yaml.safe_load(path.read_text("utf-8")), schema)
    broken = yaml.safe_load((DATA / "mini.yaml").read_text("utf-8"))
    broken["claims"][0]["colour"] = "red"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)
    # The new parts are checked too: an argument needs premises, `by` holds ids.
    for change in (
        lambda m: m["arguments"][0].update(premises=[]),
        lambda m: m["arguments"][0].pop("conclusion"),
        lambda m: m["relations"][0].update(by="analyst"),
        lambda m: m["relations"][0].update(kind="refute"),
        lambda m: m["schemes"][0].update(broader=["sign"]),
    ):
        broken = yaml.safe_load((DATA / "arguments.yaml").read_text("utf-8"))
        change(broken)
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken, schema)


def test_schema_can_be_written_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "schema.json"
    assert runner.invoke(app, ["schema", "-o", str(out)]).exit_code == 0
    assert json.loads(out.read_text())["title"] == "argmap map file"


def test_schemes_lists_every_built_in_scheme_with_its_label_and_definition() -> None:
    from argmap.model.schemes import BUILTIN_SCHEMES

    result = runner.invoke(app, ["schemes"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    listed = [line.split()[0] for line in lines if not line.startswith(" ")]
    assert listed == list(BUILTIN_SCHEMES)
    assert max(map(len, lines)) <= 100
    flowing = " ".join(result.stdout.split())  # definitions are wrapped under their label
    for slug, scheme in BUILTIN_SCHEMES.items():
        assert f"{slug} {scheme.label} {' '.join(scheme.definition.split())}" in flowing


def test_schemes_as_json_gives_slug_label_definition_and_iri() -> None:
    from argmap.model.schemes import BUILTIN_SCHEMES

    result = runner.invoke(app, ["schemes", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["slug"] for r in rows] == list(BUILTIN_SCHEMES)
    for row in rows:
        info = BUILTIN_SCHEMES[row["slug"]]
        assert row == {
            "slug": row["slug"],
            "label": info.label,
            "definition": info.definition,
            "iri": f"https://w3id.org/argmap/scheme/{row['slug']}",
        }
    # The common schemes of the issue are all there.
    for slug in ("expert-opinion", "example", "analogy", "cause-to-effect", "sign",
                 "positive-consequences", "negative-consequences", "practical-reasoning",
                 "popular-opinion", "position-to-know"):  # fmt: skip
        assert slug in BUILTIN_SCHEMES


def test_schemes_refuses_an_unknown_format_as_a_usage_error() -> None:
    result = runner.invoke(app, ["schemes", "--format", "xml"])
    assert result.exit_code == 2
    assert "'xml' is not one of 'table', 'json'" in result.stderr


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert (result.exit_code, result.stdout) == (0, f"argmap {__version__}\n")


def test_usage_errors_exit_2() -> None:
    assert runner.invoke(app, ["validate", MINI, "--no-such-option"]).exit_code == 2
    assert runner.invoke(app, ["build"]).exit_code == 2  # no files


def test_missing_input_file_is_one_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 1
    assert result.stderr == f"error: {tmp_path / 'nope.yaml'}: no such map file; check the path\n"


def test_unreadable_input_suffix_is_one_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["stats", str(tmp_path / "map.docx")])
    assert result.exit_code == 1
    assert "cannot read files ending in '.docx'" in result.stderr


def _mini_copy(tmp_path: Path, quote_line: str) -> Path:
    """The mini map beside its source text, with its first claim's quote line replaced."""
    (tmp_path / "mini-source.txt").write_bytes((DATA / "mini-source.txt").read_bytes())
    lines = (DATA / "mini.yaml").read_text(encoding="utf-8").splitlines(keepends=True)
    assert "Open models cost little to run" in lines[30]
    lines[30] = quote_line + "\n"
    path = tmp_path / "mini.yaml"
    path.write_text("".join(lines), encoding="utf-8")
    return path


def test_check_quotes_names_file_line_and_offsets_of_a_quote_without_offsets(
    tmp_path: Path,
) -> None:
    path = _mini_copy(tmp_path, '      - {source: note, text: "Open models cost little to run"}')
    result = runner.invoke(app, ["check-quotes", str(path)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"error: {path}:31: claim 'open-cheap': quote from 'note' has no offsets;"
        " add start: 0, end: 30"
    ]


def test_check_quotes_names_a_quote_off_its_offsets_with_where_it_is(tmp_path: Path) -> None:
    path = _mini_copy(
        tmp_path,
        '      - {source: note, text: "Open models cost little to run", start: 2, end: 32}',
    )
    result = runner.invoke(app, ["check-quotes", str(path)])
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith(f"error: {path}:31: ")
    assert "claim 'open-cheap'" in line
    assert "the text is at offsets 0-30, not at 2; set start: 0, end: 30" in line


def test_check_quotes_counts_the_quotes_that_stand() -> None:
    result = runner.invoke(app, ["check-quotes", MINI])
    assert result.exit_code == 0
    quotes = sum(
        len(e.get("quotes", []))
        for kind in ("issues", "claims", "relations", "stances")
        for e in yaml.safe_load((DATA / "mini.yaml").read_text(encoding="utf-8")).get(kind, [])
    )
    assert f"ok: {quotes} quotes in 1 map(s)" in result.stderr + result.stdout


def test_check_quotes_counts_the_quotes_of_arguments_too() -> None:
    result = runner.invoke(app, ["check-quotes", str(DATA / "arguments.yaml")])
    assert result.exit_code == 0, result.output
    data = yaml.safe_load((DATA / "arguments.yaml").read_text(encoding="utf-8"))
    quotes = sum(len(e.get("quotes", [])) for kind in data if isinstance(data[kind], list)
                 for e in data[kind])  # fmt: skip
    assert sum(len(a.get("quotes", [])) for a in data["arguments"]) == 2
    assert f"ok: {quotes} quotes in 1 map(s)" in result.stderr + result.stdout


def test_built_rdf_can_be_read_back_as_input(tmp_path: Path) -> None:
    out = tmp_path / "map.ttl"
    assert runner.invoke(app, ["build", MINI, "-o", str(out)]).exit_code == 0
    result = runner.invoke(app, ["validate", str(out), "--shacl"])
    assert result.exit_code == 0, result.output
    assert "4 claims" in result.stdout


def test_console_script_runs_as_a_real_process(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "argmap"
    ok = subprocess.run([script, "validate", MINI], capture_output=True, text=True, check=False)
    assert (ok.returncode, ok.stderr) == (0, "")
    assert ok.stdout.startswith("ok: 1 map(s)")
    bad = subprocess.run(
        [script, "validate", _bad_map(tmp_path)], capture_output=True, text=True, check=False
    )
    assert bad.returncode == 1
    assert bad.stderr.startswith("error: ") and "Traceback" not in bad.stderr


def _complete(words: str, shell: str = "bash") -> str:
    """What argmap's shell completion answers for the words typed so far."""
    if shell == "bash":
        env = {"COMP_WORDS": words, "COMP_CWORD": str(len(words.split(" ")) - 1)}
    else:
        env = {"_TYPER_COMPLETE_ARGS": words}
    result = runner.invoke(
        app, [], env={"_ARGMAP_COMPLETE": f"complete_{shell}", **env}, prog_name="argmap"
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def test_completion_offers_the_named_queries_for_query_n() -> None:
    from argmap.sparql.named import named_queries

    names = sorted(named_queries())
    assert {"arguments-for-claim", "contested-claims", "restated-claims"} <= set(names)
    assert sorted(_complete("argmap query data/x.yaml -n ").split()) == names
    assert _complete("argmap query data/x.yaml -n claims-").split() == [
        "claims-by-topic",
        "claims-endorsed-by",
        "claims-opposed-by",
        "claims-without-evidence",
    ]
    # zsh also shows each query's question
    assert _complete("argmap query x --name cross-", "zsh") == (
        '_arguments \'*: :(("cross-map-attacks":"'
        + named_queries()["cross-map-attacks"].question.replace(":", r"\\:")
        + "\"))'\n"
    )


def test_completion_offers_formats_and_problems() -> None:
    assert _complete("argmap export data/x.yaml --to g").split() == ["graphml", "gexf"]
    assert _complete("argmap import x.json --from a").split() == ["aif", "argdown"]
    assert _complete("argmap semantics -p DC-").split() == ["DC-GR", "DC-CO", "DC-PR", "DC-ST"]
    assert _complete("argmap va").split() == ["validate"]


def test_completion_leaves_file_arguments_to_the_shell() -> None:
    # bash: no words, so `complete -o default` falls back on file names; zsh: _files
    assert _complete("argmap validate dat") == "\n"
    assert _complete("argmap render data/x.yaml -o ou") == "\n"
    assert _complete("argmap validate dat", "zsh").strip() == "_files"


def test_bash_completion_script_works_in_a_real_bash(tmp_path: Path) -> None:
    bin_dir = Path(sys.executable).parent
    script = (
        "source <(argmap --show-completion bash); complete -p argmap;"
        " COMP_WORDS=(argmap query data/x.yaml -n claims-e); COMP_CWORD=4;"
        ' _argmap_completion argmap; printf "[%s]\\n" "${COMPREPLY[@]}";'
        " COMP_WORDS=(argmap validate da); COMP_CWORD=2; _argmap_completion argmap;"
        ' echo "files: ${#COMPREPLY[@]}"'
    )
    result = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", script],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        "complete -o default -F _argmap_completion argmap",
        "[claims-endorsed-by]",
        "files: 0",
    ]


def test_importing_the_cli_imports_no_heavy_library() -> None:
    # Shell completion builds the app on every TAB: the commands import the library when
    # they run, and `import argmap` itself is lazy (PEP 562).
    heavy = ["rdflib", "rdflib.plugins.sparql", "pyoxigraph", "pydantic", "argmap.model.entities"]
    code = "import sys, argmap.cli; print(' '.join(m for m in sys.argv[1:] if m in sys.modules))"
    done = subprocess.run(
        [sys.executable, "-c", code, *heavy],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    assert done.stdout.split() == []


def test_the_cli_s_spelled_out_names_agree_with_the_library() -> None:
    from typing import get_args

    from argmap.cli import root as cli
    from argmap.formats.registry import exports, imports
    from argmap.shacl.maps import Engine

    assert get_args(cli.ShaclEngine) == get_args(Engine)
    # The format names are the registry's own, not copies: the help lists each of them.
    for command, listed in (("export", exports()), ("import", imports())):
        shown = " ".join(runner.invoke(app, [command, "--help"]).stdout.split())
        assert ", ".join(f.name for f in listed) in shown


def test_the_lazy_package_lists_and_gives_every_public_name() -> None:
    code = (
        "import argmap, sys; assert 'pydantic' not in sys.modules;"
        " assert set(argmap.__all__) <= set(dir(argmap));"
        " assert all(getattr(argmap, n) is not None for n in argmap.__all__);"
        " from argmap import Corpus, load; print(Corpus.__module__, load.__module__)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert done.stdout.split() == ["argmap.model.corpus", "argmap.formats.registry"]


def test_validate_and_import_count_the_arguments_of_a_map(tmp_path: Path) -> None:
    checked = runner.invoke(app, ["validate", str(DATA / "arguments.yaml")])
    assert checked.exit_code == 0, checked.output
    assert "14 claims, 3 arguments, 8 relations" in checked.stderr + checked.stdout
    aif = tmp_path / "arguments.json"
    exported = runner.invoke(
        app, ["export", str(DATA / "arguments.yaml"), "--to", "aif", "-o", str(aif)]
    )
    assert exported.exit_code == 0, exported.output
    imported = runner.invoke(app, ["import", str(aif), "-o", str(tmp_path / "back.yaml")])
    assert imported.exit_code == 0, imported.output
    assert " 2 arguments," in imported.stdout + imported.stderr
