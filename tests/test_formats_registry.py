"""The format registry: the Format protocol, one alias table, formats added at run time and by
installed plugins (the ``argmap.formats`` entry points), paths or open files both ways."""

from __future__ import annotations

import io
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest
from typer.testing import CliRunner

from argmap import ArgumentMap, Corpus, FormatError, InputError, load_map
from argmap.cli import app
from argmap.formats import aif, graphml, registry
from argmap.formats.base import Format, PathOrFile, name_of, read_text, write_bytes
from argmap.formats.builtin import ALIASES, BUILTIN_FORMATS
from argmap.formats.registry import (
    export,
    export_format,
    exports,
    find_format,
    formats,
    import_file,
    import_format,
    imports,
    load,
    register_format,
    unregister_format,
)
from argmap.rdf.files import RDF_FORMATS, rdf_format
from tests.conftest import DATA, ROOT

PLUGIN = ROOT / "tests" / "plugins" / "argmap_plainlist"
SEEDS = sorted((ROOT / "data").glob("*.yaml"))
CLI = "import sys; from argmap.cli import main; sys.exit(main())"

runner = CliRunner()


class ClaimIds:
    """A format made in a test: the claim ids, one a line; reads back a map of those claims."""

    summary = "claim ids, one a line"
    can_import = True
    can_export = True
    folder = False

    def __init__(self, name: str = "claimids", suffixes: tuple[str, ...] = (".claimids",)):
        self.name = name
        self.suffixes = suffixes

    def write(self, corpus: Corpus, target: PathOrFile) -> None:
        ids = [c.id for m in corpus.maps for c in m.claims]
        write_bytes(target, "".join(f"{i}\n" for i in ids).encode())

    def read(self, source: PathOrFile) -> ArgumentMap:
        claims = [{"id": i, "text": i} for i in read_text(source).split()]
        return ArgumentMap.model_validate({"id": "ids", "title": "ids", "claims": claims})


@pytest.fixture
def claim_ids() -> Iterator[ClaimIds]:
    fmt = ClaimIds()
    register_format(fmt)
    yield fmt
    unregister_format(fmt.name)


@pytest.fixture
def no_plugins(monkeypatch: pytest.MonkeyPatch) -> None:
    """The registry looks for plugins afresh (and finds the entry points the test sets)."""
    monkeypatch.setattr(registry, "_plugins", None)


def _entry_points(monkeypatch: pytest.MonkeyPatch, *entries: EntryPoint) -> None:
    import importlib.metadata

    def entry_points(*, group: str) -> list[EntryPoint]:
        return [e for e in entries if e.group == group]

    monkeypatch.setattr(importlib.metadata, "entry_points", entry_points)
    monkeypatch.setattr(registry, "_plugins", None)


# ---- the protocol -----------------------------------------------------------------------------


def test_every_format_satisfies_the_protocol_and_has_a_unique_name() -> None:
    names = [f.name for f in formats()]
    assert len(names) == len(set(names))
    assert all(isinstance(f, Format) for f in formats())
    assert not set(ALIASES) & set(names)
    assert {"yaml", "json", "turtle", "graphml", "aif", "kialo", "neo4j"} <= set(names)


def test_authoring_and_rdf_are_formats_like_the_others(tmp_path: Path, mini: ArgumentMap) -> None:
    corpus = Corpus(maps=(mini,))
    for name, suffix in [("yaml", ".yaml"), ("json", ".json"), ("turtle", ".ttl")]:
        out = tmp_path / f"mini{suffix}"
        export(corpus, name, out)
        assert import_file(out, name) == mini
        assert load([out]).maps == (mini,)
    assert export_format(None, tmp_path / "x.yml").name == "yaml"


def test_a_map_file_holds_one_map(tmp_path: Path, mini: ArgumentMap) -> None:
    other = mini.model_copy(update={"id": "other"})
    with pytest.raises(FormatError, match="holds one map and the corpus has 2"):
        export(Corpus(maps=(mini, other)), "yaml", tmp_path / "two.yaml")
    assert not (tmp_path / "two.yaml").exists()


def test_writers_take_an_open_binary_file(tmp_path: Path, mini_corpus: Corpus) -> None:
    out = io.BytesIO()
    assert export(mini_corpus, "graphml", out).name == "graphml"
    assert out.getvalue() == graphml.dumps(mini_corpus)
    # A named file tells the format by its suffix, as a path does.
    with (tmp_path / "mini.aif.json").open("wb") as handle:
        assert export(mini_corpus, None, handle).name == "aif"
    assert (tmp_path / "mini.aif.json").read_bytes() == aif.dumps(mini_corpus)
    trig = io.BytesIO()
    export(mini_corpus, "trig", trig)
    export(mini_corpus, "trig", tmp_path / "mini.trig")
    assert trig.getvalue() == (tmp_path / "mini.trig").read_bytes()
    with pytest.raises(FormatError, match="name the format") as caught:
        export(mini_corpus, None, io.BytesIO())
    assert caught.value.option == "to"


def test_readers_take_an_open_binary_file(tmp_path: Path, mini_corpus: Corpus) -> None:
    for name, file in [("aif", "mini.aif.json"), ("argdown", "mini.argdown"), ("trig", "m.trig")]:
        export(mini_corpus, name, tmp_path / file)
        with (tmp_path / file).open("rb") as handle:
            assert import_file(handle, name) == import_file(tmp_path / file)
    with (DATA / "mini.yaml").open("rb") as handle:
        assert import_file(handle, "yaml") == load_map(DATA / "mini.yaml")
    kialo = b"Discussion Title: Tea?\n\n1. Tea?\n1.1. Pro: It is warm.\n"
    assert import_file(io.BytesIO(kialo), "kialo").claims[0].text == "Tea?"
    with pytest.raises(InputError, match=r"^<aif>:1: not UTF-8 text"):
        import_file(io.BytesIO(b"\xff{}"), "aif")
    with pytest.raises(FormatError, match="name the format of an open file"):
        import_file(io.BytesIO(kialo))


def test_a_folder_format_takes_a_path_only(tmp_path: Path, mini_corpus: Corpus) -> None:
    with pytest.raises(FormatError, match=r"neo4j writes a folder of files.*not an open file"):
        export(mini_corpus, "neo4j", io.BytesIO())
    export(mini_corpus, "neo4j", tmp_path / "neo4j")
    assert (tmp_path / "neo4j").is_dir()


def test_a_text_mode_file_is_refused_plainly(mini_corpus: Corpus) -> None:
    with pytest.raises(TypeError, match="binary mode"):
        export(mini_corpus, "dot", io.StringIO())


# ---- the one alias table ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("alias", "name"),
    [
        ("yed", "graphml"),
        ("ttl", "turtle"),
        ("TTL ", "turtle"),
        ("gephi", "gexf"),
        ("rdf/xml", "rdfxml"),
    ],
)
def test_aliases_resolve(alias: str, name: str) -> None:
    assert find_format(alias).name == name


def test_every_alias_names_a_format() -> None:
    names = {f.name for f in BUILTIN_FORMATS}
    assert set(ALIASES.values()) <= names


def test_the_rdf_layer_and_the_alias_table_agree() -> None:
    # argmap.rdf.files sits below the formats, so it cannot read ALIASES: it takes an RDF
    # format's name or a suffix of its files, and the table says the same.
    rdf = {f.name: f for f in BUILTIN_FORMATS if f.module == "rdf"}
    assert [(f.name, f.suffixes) for f in RDF_FORMATS] == [
        (f.name, f.suffixes) for f in rdf.values()
    ]
    for alias, name in ALIASES.items():
        if name in rdf:
            assert rdf_format(None, alias).name == name
    for fmt in RDF_FORMATS:
        for suffix in fmt.suffixes:
            assert find_format(suffix[1:]).name == fmt.name
    with pytest.raises(FormatError, match="unknown RDF format 'yed'"):
        rdf_format(None, "yed")


def test_registry_has_the_only_alias_table() -> None:
    sources = [p.read_text("utf-8") for p in (ROOT / "src" / "argmap").rglob("*.py")]
    assert sum('"yed": "graphml"' in s for s in sources) == 1
    assert sum('"ttl": "turtle"' in s for s in sources) == 1


# ---- formats added at run time ----------------------------------------------------------------


def test_a_registered_format_is_found_and_used(
    claim_ids: ClaimIds, tmp_path: Path, mini_corpus: Corpus
) -> None:
    assert find_format("claimids") is claim_ids
    assert claim_ids in exports() and claim_ids in imports()
    assert export(mini_corpus, "claimids", tmp_path / "a.out") is claim_ids
    assert export(mini_corpus, None, tmp_path / "b.claimids") is claim_ids
    ids = [c.id for c in mini_corpus.maps[0].claims]
    assert (tmp_path / "b.claimids").read_text().split() == ids
    assert import_format(tmp_path / "b.claimids") is claim_ids
    assert {c.id for c in load([tmp_path / "b.claimids"]).maps[0].claims} == set(ids)
    assert register_format(claim_ids) is claim_ids  # the same object again: nothing happens


def test_unregister_removes_a_registered_format_only(claim_ids: ClaimIds) -> None:
    unregister_format("claimids")
    with pytest.raises(FormatError, match="unknown format 'claimids'"):
        find_format("claimids")
    register_format(claim_ids)  # for the fixture to remove
    with pytest.raises(FormatError, match="one of argmap's own formats"):
        unregister_format("graphml")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("graphml", "cannot register format 'graphml': 'graphml' is one of argmap's own formats"),
        ("yed", "'yed' is an alias of 'graphml', one of argmap's own formats; choose another"),
    ],
)
def test_a_name_clash_with_a_builtin_format_is_a_format_error(name: str, message: str) -> None:
    clash = ClaimIds(name)
    with pytest.raises(FormatError, match=message):
        register_format(clash)
    assert find_format(name) in BUILTIN_FORMATS


def test_a_second_format_of_a_name_is_refused(claim_ids: ClaimIds) -> None:
    with pytest.raises(FormatError, match="registered already"):
        register_format(ClaimIds())


def test_what_is_not_a_format_is_refused_with_what_it_lacks() -> None:
    with pytest.raises(FormatError, match=r"lacks .*summary.*write"):
        register_format(type("Half", (), {"name": "half", "suffixes": (), "read": len})())
    with pytest.raises(FormatError, match="is a class"):
        register_format(ClaimIds)
    with pytest.raises(FormatError, match="with their dot"):
        register_format(ClaimIds(suffixes=("txt",)))
    with pytest.raises(FormatError, match="not a lower-case word"):
        register_format(ClaimIds("Claim Ids"))


# ---- plugins ----------------------------------------------------------------------------------

GOOD = ClaimIds("goodplugin", (".good",))
CLASHING = ClaimIds("gexf")


def test_a_plugin_entry_point_adds_its_format(monkeypatch: pytest.MonkeyPatch) -> None:
    _entry_points(
        monkeypatch,
        EntryPoint("goodplugin", f"{__name__}:GOOD", "argmap.formats"),
        EntryPoint("other", "argmap_no_such_module:FORMAT", "other.group"),
    )
    assert find_format("goodplugin") is GOOD
    assert [f.name for f in exports()][-1] == "goodplugin"
    assert [f.name for f in exports(plugins=False)] == [
        f.name for f in BUILTIN_FORMATS if f.can_export
    ]


def test_a_broken_plugin_is_skipped_with_one_line_naming_it(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    _entry_points(
        monkeypatch,
        EntryPoint("broken", "argmap_no_such_module:FORMAT", "argmap.formats"),
        EntryPoint("clashing", f"{__name__}:CLASHING", "argmap.formats"),
        EntryPoint("notaformat", "os:sep", "argmap.formats"),
        EntryPoint("goodplugin", f"{__name__}:GOOD", "argmap.formats"),
    )
    with caplog.at_level(logging.WARNING, logger="argmap.formats"):
        assert find_format("goodplugin") is GOOD  # the others do not keep it from loading
    lines = [r.getMessage() for r in caplog.records]
    assert lines == [
        "format plugin 'broken' (argmap_no_such_module:FORMAT) cannot be loaded:"
        " ModuleNotFoundError: No module named 'argmap_no_such_module'; skipped it",
        f"format plugin 'clashing' ({__name__}:CLASHING): 'gexf' is one of argmap's own"
        " formats; skipped it",
        "format plugin 'notaformat' (os:sep): str object is not a format: it lacks name,"
        " suffixes, summary, can_import, can_export, folder, read, write (see"
        " argmap.formats.base.Format); skipped it",
    ]
    assert find_format("gexf") in BUILTIN_FORMATS
    with pytest.raises(FormatError, match="unknown format 'broken'"):
        find_format("broken")


def test_builtin_formats_are_found_without_looking_for_plugins(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _entry_points(monkeypatch)
    find_format("yed")
    assert registry._plugins is None


def test_the_registry_is_cheap_to_import() -> None:
    heavy = ["rdflib", "pyoxigraph", "pydantic", "yaml", "networkx", "argmap.model.entities"]
    code = (
        "import sys; from argmap.formats.registry import exports, imports, find_format;"
        " [f.name for f in exports() + imports()]; find_format('yed');"
        " print(' '.join(m for m in sys.argv[1:] if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *heavy], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert done.stdout.split() == []


def _plugin_env(site: Path) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), str(ROOT)])}
    env.pop("COVERAGE_PROCESS_START", None)
    return env


@pytest.fixture(scope="module")
def plainlist_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/plugins/argmap_plainlist installed into a folder of its own (not the venv)."""
    site = tmp_path_factory.mktemp("site")
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    # Offline, with the hatchling of the dev environment, into the temporary folder only.
    offline = ["--no-deps", "--no-index", "--no-build-isolation", "--target", str(site)]
    subprocess.run([*pip, *offline, str(PLUGIN)], check=True, capture_output=True)
    assert list(site.glob("argmap_plainlist-*.dist-info"))
    return site


def test_an_installed_plugin_format_is_listed_and_exports(
    plainlist_site: Path, tmp_path: Path
) -> None:
    env = _plugin_env(plainlist_site)
    shown = subprocess.run(
        [sys.executable, "-c", CLI, "export", "--help"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=True,
    )
    assert "plainlist" in " ".join(shown.stdout.split())
    out = tmp_path / "out.txt"
    export = [sys.executable, "-c", CLI, "export", *map(str, SEEDS)]
    done = subprocess.run(
        [*export, "--to", "plainlist", "-o", str(out)], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"wrote {out} (plainlist, {len(SEEDS)} map(s))\n"
    corpus = load(SEEDS)
    expected = [(m.id, c.id) for m in corpus.maps for c in m.claims]
    lines = out.read_text("utf-8").splitlines()
    assert [tuple(line.split("\t")[:2]) for line in lines] == expected
    assert lines[0].split("\t")[2] == " ".join(corpus.maps[0].claims[0].text.split())
    # Its suffix tells it too, and it is not in the project's environment.
    by_suffix = tmp_path / "seed.plain.txt"
    subprocess.run([*export, "-o", str(by_suffix)], capture_output=True, env=env, check=True)
    assert by_suffix.read_text("utf-8") == out.read_text("utf-8")
    assert "plainlist" not in {f.name for f in formats()}


def test_a_broken_installed_plugin_costs_one_warning_line_not_a_traceback(
    tmp_path: Path,
) -> None:
    site = tmp_path / "site"
    info = site / "argmap_broken-0.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: argmap-broken\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[argmap.formats]\nbroken = argmap_broken_nope:FORMAT\n")
    done = subprocess.run(
        [sys.executable, "-c", CLI, "export", "--help"],
        capture_output=True,
        text=True,
        env=_plugin_env(site),
        cwd=ROOT,
    )
    assert done.returncode == 0
    assert "graphml" in done.stdout
    assert done.stderr == (
        "format plugin 'broken' (argmap_broken_nope:FORMAT, from argmap-broken) cannot be"
        " loaded: ModuleNotFoundError: No module named 'argmap_broken_nope'; skipped it\n"
    )


# ---- errors in library terms; the command line names the option ------------------------------


def test_library_errors_name_the_option_not_the_flag(tmp_path: Path) -> None:
    cases = [
        (lambda: export_format(None, tmp_path / "x.json"), "to"),
        (lambda: export_format("pdf", tmp_path / "x.pdf"), "to"),
        (lambda: import_format(tmp_path / "x.docx", "pdf"), "from"),
        (lambda: rdf_format(tmp_path / "x.xyz"), "format"),
        (lambda: rdf_format(None, "yaml"), "format"),
    ]
    (tmp_path / "x.bin").write_text("nothing argmap knows\n")
    cases.append((lambda: import_format(tmp_path / "x.bin"), "from"))
    for action, option in cases:
        with pytest.raises(FormatError) as caught:
            action()
        assert caught.value.option == option
        assert "--" not in str(caught.value)


def test_the_cli_says_which_option_fixes_a_format_error(tmp_path: Path) -> None:
    mini = str(DATA / "mini.yaml")
    result = runner.invoke(app, ["export", mini, "-o", str(tmp_path / "x.json")])
    assert result.exit_code == 1
    assert result.stderr.endswith("; use --to\n")
    (tmp_path / "x.bin").write_text("nothing argmap knows\n")
    result = runner.invoke(app, ["import", str(tmp_path / "x.bin")])
    assert result.exit_code == 1
    assert "cannot tell the format from the name or the content" in result.stderr
    assert result.stderr.endswith("; use --from\n")
    result = runner.invoke(app, ["build", mini, "-o", str(tmp_path / "x.xyz")])
    assert result.exit_code == 1
    assert result.stderr.endswith("; use --format\n")


def test_plugin_format_objects_name_their_source() -> None:
    assert name_of(io.BytesIO()) == "<stream>"
    assert name_of(Path("a/b.ttl")) == str(Path("a/b.ttl"))
