"""The guided tour notebook (notebooks/tour.ipynb) runs top to bottom on the seed debate and is
committed without outputs.

The notebook is executed with nbclient in the project's own Python (the ``python3`` kernel is
ipykernel's native kernel, which runs ``sys.executable``), from the repository root.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
TOUR = ROOT / "notebooks" / "tour.ipynb"


def _text(output: Any) -> str:
    """The text an output shows: stream text, or its plain and HTML representations."""
    if output.output_type == "stream":
        return str(output.text)
    if output.output_type in {"execute_result", "display_data"}:
        data = output.get("data", {})
        return str(data.get("text/plain", "")) + str(data.get("text/html", ""))
    return ""


@pytest.fixture(scope="module")
def tour_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("tour-out")


@pytest.fixture(scope="module")
def executed(tour_out: Path) -> Any:
    notebook = nbformat.read(TOUR, as_version=4)
    # One extra cell, in memory only: which Python the kernel runs.
    probe = nbformat.v4.new_code_cell("import sys; print('kernel python:', sys.executable)")
    probe["id"] = "test-probe"
    notebook.cells.append(probe)
    client = NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=120,
        allow_errors=False,
        resources={"metadata": {"path": str(ROOT)}},
    )
    # The kernel inherits this environment: the tour writes its exports here, not in out/.
    before = os.environ.get("ARGMAP_TOUR_OUT")
    os.environ["ARGMAP_TOUR_OUT"] = str(tour_out)
    try:
        client.execute()
    finally:
        if before is None:
            del os.environ["ARGMAP_TOUR_OUT"]
        else:
            os.environ["ARGMAP_TOUR_OUT"] = before
    return notebook


@pytest.fixture(scope="module")
def outputs(executed: Any) -> list[Any]:
    return [o for cell in executed.cells if cell.cell_type == "code" for o in cell.outputs]


@pytest.fixture(scope="module")
def shown(outputs: list[Any]) -> str:
    return "\n".join(_text(o) for o in outputs)


def test_tour_runs_every_cell_without_an_error(executed: Any, outputs: list[Any]) -> None:
    code_cells = [c for c in executed.cells if c.cell_type == "code"]
    assert code_cells and all(c.execution_count is not None for c in code_cells)
    assert not [o for o in outputs if o.output_type == "error"]
    assert not [o for o in outputs if o.output_type == "stream" and o.name == "stderr"]


def test_tour_loads_both_seed_maps_with_their_101_claims(shown: str) -> None:
    assert "big-tech-open-source-ai: 46 claims, 63 relations, 31 stances" in shown
    assert "deepseek-tipping-point: 55 claims, 80 relations, 27 stances" in shown
    assert "claims in all: 101" in shown


def test_tour_shows_a_claim_with_its_quotes_and_counterclaim(shown: str) -> None:
    assert "“Threat to Competitive Advantage” — source 'kirti-big-tech-tizzy'" in shown
    assert "attacked by: hybrid-retains-control" in shown
    assert "big-tech concerned oss-erodes-competitive-advantage" in shown


def test_tour_answers_sparql_questions_as_html_tables(outputs: list[Any]) -> None:
    tables = [
        o.data["text/html"]
        for o in outputs
        if o.output_type == "execute_result" and "<table>" in o.get("data", {}).get("text/html", "")
    ]
    opposed = next(t for t in tables if "<th>position</th>" in t)
    assert "<td>oss-disrupts-revenue</td>" in opposed and "<p>8 rows</p>" in opposed
    counts = next(t for t in tables if "<th>supports</th>" in t and "<th>map</th>" in t)
    rows = re.findall(r"<tr><td>([^<]+)</td><td>(\d+)</td>", counts)
    assert rows == [("big-tech-open-source-ai", "46"), ("deepseek-tipping-point", "55")]


def test_tour_runs_the_grounded_analysis(shown: str) -> None:
    assert "Counter({'accepted': 87, 'rejected': 12, 'undecided': 2})" in shown
    assert "deepseek-tipping-point:open-models-misuse" in shown  # the top controversy


def test_tour_renders_the_map_inline_as_an_offline_page(outputs: list[Any]) -> None:
    frames = [
        o.data["text/html"]
        for o in outputs
        if o.get("data", {}).get("text/html", "").startswith('<iframe title="argmap:')
    ]
    assert len(frames) == 1
    page = frames[0]
    assert 'sandbox="allow-scripts"' in page and "srcdoc=" in page
    assert "Content-Security-Policy" in page and "default-src &amp;#39;none&amp;#39;" in page
    assert "oss-erodes-competitive-advantage" in page


def test_tour_exports_and_compares_imported_corpora(shown: str) -> None:
    assert re.search(r"debate\.graphml: [\d,]+ bytes", shown)
    assert re.search(r"debate\.aif\.json: [\d,]+ bytes", shown)
    counts = {
        line.split("  ")[0].strip(): line.split()[-5:]
        for line in shown.splitlines()
        if line.startswith(("Kialo ", "AIFdb ", "seed (both maps) "))
    }
    assert counts == {
        "Kialo": ["106", "42", "63", "0", "0"],
        "AIFdb": ["9", "5", "0", "3", "9"],
        "seed (both maps)": ["101", "115", "28", "25", "58"],
    }


def test_tour_writes_its_exports_where_it_is_told_and_nowhere_else(
    executed: Any, tour_out: Path
) -> None:
    assert sorted(p.name for p in tour_out.iterdir()) == ["debate.aif.json", "debate.graphml"]
    assert "tempfile" not in "".join(c.source for c in executed.cells)


def test_tour_kernel_runs_the_projects_python(shown: str) -> None:
    assert f"kernel python: {sys.executable}" in shown


def test_committed_tour_has_no_outputs_or_execution_counts() -> None:
    notebook = nbformat.read(TOUR, as_version=4)
    nbformat.validate(notebook)
    code_cells = [c for c in notebook.cells if c.cell_type == "code"]
    assert code_cells
    assert all(c.outputs == [] for c in code_cells), "strip outputs before committing"
    assert all(c.execution_count is None for c in code_cells), "strip execution counts"
    assert "widgets" not in notebook.metadata
