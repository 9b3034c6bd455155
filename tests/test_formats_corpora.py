"""The three shared corpora (AIFdb, Argdown, Kialo) import with the expected counts, pass the
SHACL shapes, load together as one corpus, and render with `argmap render`."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from argmap import Corpus
from argmap.cli import app
from argmap.formats.registry import import_file, load
from argmap.shacl.maps import shacl_problems
from tests.conftest import DATA

CORPORA = DATA / "corpora"
# file -> (claims, supports, attacks, actors, stances)
EXPECTED = {
    # AIF: speakers CL and NL (personIDs) and M (only the "M:" prefix of two locutions)
    "aifdb-nodeset-6064-original.json": (9, 5, 0, 3, 9),
    # its reconstruction: 3 MA nodes (rephrases), no dialogue layer
    "aifdb-nodeset-6064-reconstructed.json": (9, 5, 3, 0, 0),
    "argdown-primer.argdown": (21, 5, 6, 0, 0),
    # Kialo: one claim per numbered line; 64 = 63 cons + 1 rephrase (its "-> See" link)
    "kialo-should-hate-speech-be-illegal-6148.txt": (106, 42, 64, 0, 0),
}
runner = CliRunner()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_imports_with_expected_counts_and_passes_the_shacl_shapes(name: str) -> None:
    m = import_file(CORPORA / name)
    supports = sum(r.type.value == "support" for r in m.relations)
    counts = (len(m.claims), supports, len(m.relations) - supports, len(m.actors), len(m.stances))
    assert counts == EXPECTED[name]
    assert shacl_problems(Corpus(maps=(m,))) == []


def test_the_corpora_load_together_as_one_corpus() -> None:
    corpus = load(sorted(path for path in CORPORA.iterdir() if path.is_file()))
    assert [m.id for m in corpus.maps] == [
        "aifdb-nodeset-6064-original",
        "aifdb-nodeset-6064-reconstructed",
        "argdown-primer",
        "kialo-should-hate-speech-be-illegal-6148",
    ]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_imported_corpus_renders_with_argmap_render(name: str, tmp_path: Path) -> None:
    out = tmp_path / "map.html"
    result = runner.invoke(app, ["render", str(CORPORA / name), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 10_000
    html = out.read_text("utf-8")
    first_claim = import_file(CORPORA / name).claims[0].text
    assert first_claim[:30].replace("&", "&amp;") in html or first_claim[:30] in html
