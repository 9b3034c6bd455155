"""The public API is what __init__ says it is, and each name works from the top level."""

from __future__ import annotations

import argmap
from tests.conftest import DATA


def test_public_names_are_pinned() -> None:
    assert sorted(argmap.__all__) == sorted(
        [
            "Actor",
            "ActorKind",
            "ArgmapError",
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
        ]
    )
    for name in argmap.__all__:
        assert hasattr(argmap, name), name


def test_load_and_export_from_the_top_level(tmp_path) -> None:
    corpus = argmap.load([DATA / "mini.yaml"])
    argmap.export(corpus, "graphml", tmp_path / "mini.graphml")
    assert (tmp_path / "mini.graphml").read_text("utf-8").startswith("<?xml")
