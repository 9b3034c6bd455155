"""The public API is what __init__ says it is, and each name works from the top level."""

from __future__ import annotations

import re

import pyoxigraph
import pytest

import argmap
from tests.conftest import DATA, ROOT

SEEDS = sorted(str(p) for p in (ROOT / "data").glob("*.yaml"))


def test_public_names_are_pinned() -> None:
    assert sorted(argmap.__all__) == sorted(
        [
            "Actor",
            "ActorKind",
            "ArgmapError",
            "Argument",
            "ArgumentMap",
            "AttackKind",
            "Claim",
            "ClaimKind",
            "Corpus",
            "FormatError",
            "InputError",
            "Issue",
            "MapError",
            "OutputError",
            "Position",
            "Problem",
            "Quote",
            "Relation",
            "RelationType",
            "Scheme",
            "Source",
            "Stance",
            "Topic",
            "__version__",
            "dump_yaml",
            "dumps_yaml",
            "export",
            "exports",
            "import_file",
            "load",
            "load_corpus",
            "load_map",
            "loads_map",
            "query",
            "render",
            "run_named",
            "to_store",
            "validate",
        ]
    )
    for name in argmap.__all__:
        assert hasattr(argmap, name), name


def test_load_and_export_from_the_top_level(tmp_path) -> None:
    corpus = argmap.load([DATA / "mini.yaml"])
    argmap.export(corpus, "graphml", tmp_path / "mini.graphml")
    assert (tmp_path / "mini.graphml").read_text("utf-8").startswith("<?xml")


def test_the_readme_from_python_section_runs_as_written(tmp_path, monkeypatch) -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme[readme.index("## From Python") :]
    code = re.search(r"```python\n(.*?)```", section, re.S)
    assert code is not None
    (tmp_path / "out").mkdir()
    for name in ("data", "tests"):
        (tmp_path / name).symlink_to(ROOT / name)
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}
    exec(compile(code.group(1), "README.md", "exec"), namespace)
    assert (tmp_path / "out" / "map.html").stat().st_size > 10_000
    assert (tmp_path / "out" / "argmap.graphml").read_bytes().startswith(b"<?xml")
    corpus = argmap.load(SEEDS)
    assert len(namespace["claims"]) == sum(len(m.claims) for m in corpus.maps)
    assert namespace["rows"]
    assert namespace["debate"].claims


def test_the_front_door_takes_a_corpus_a_map_or_files_alike() -> None:
    corpus = argmap.load(SEEDS)
    one = corpus.maps[0]
    wanted = "SELECT (COUNT(?c) AS ?n) WHERE { ?c a am:Claim }"
    counts = {
        kind: argmap.query(source, wanted).records()[0]["n"]
        for kind, source in [
            ("corpus", corpus),
            ("files", SEEDS),
            ("store", argmap.to_store(corpus)),
        ]
    }
    assert len(set(counts.values())) == 1
    assert counts["corpus"] == sum(len(m.claims) for m in corpus.maps)
    assert argmap.query(one, wanted).records()[0]["n"] == len(one.claims)
    assert isinstance(argmap.to_store(SEEDS[0]), pyoxigraph.Store)


def test_validate_returns_the_problems_instead_of_raising(tmp_path) -> None:
    assert argmap.validate(SEEDS) == []
    broken = tmp_path / "broken.yaml"
    (tmp_path / "mini-source.txt").write_bytes((DATA / "mini-source.txt").read_bytes())
    text = (DATA / "mini.yaml").read_text("utf-8")
    broken.write_text(text.replace("to: erodes-advantage,", "to: no-such-claim,", 1), "utf-8")
    problems = argmap.validate(broken, shacl=False)
    assert problems and "no-such-claim" in str(problems[0])
    with pytest.raises(argmap.InputError):
        argmap.validate(tmp_path / "missing.yaml")


def test_argmap_render_is_the_render_function_and_the_package() -> None:
    import argmap.render.html

    page = argmap.render(argmap.load([DATA / "mini.yaml"]))
    assert isinstance(page, argmap.render.html.RenderedMap)
    assert argmap.render.render is argmap.render.html.render


def test_every_error_class_is_rooted_in_argmap_errors() -> None:
    import importlib
    import inspect
    import pkgutil

    from argmap.errors import ArgmapError

    # Signals, not errors, and none reaches a caller: one ends a request inside the server,
    # one turns SIGTERM into an unwinding like Ctrl-C's, one sends the YAML writer back to
    # PyYAML for data its fast path does not write.
    signals = {
        "argmap.sparql.serve.protocol.Stop",
        "argmap.cli.serve._Terminated",
        "argmap.formats.authoring._UnsupportedError",
    }
    found = []
    for info in pkgutil.walk_packages(argmap.__path__, "argmap."):
        if info.name == "argmap.__main__":  # importing it runs the command line
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if (
                inspect.isclass(value)
                and issubclass(value, BaseException)
                and value.__module__ == info.name
            ):
                found.append((f"{info.name}.{name}", value))
    assert len(found) >= 8
    stray = [n for n, cls in found if not issubclass(cls, ArgmapError) and n not in signals]
    assert stray == []
