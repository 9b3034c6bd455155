"""The wheel carries the ontology, shapes and context beside the code, and the console script."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import ROOT


def test_wheel_ships_the_ontology_files_and_the_console_script(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    [wheel] = tmp_path.glob("argmap-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("argmap.ttl", "shapes.ttl", "context.jsonld"):
        assert f"argmap/ontology/{name}" in names
    assert "argmap/cli/root.py" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "argmap = argmap.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_citation_file_names_the_version_of_the_package_and_the_ontology() -> None:
    import tomllib

    import rdflib
    import yaml

    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["cff-version"] == "1.2.0"
    assert {"message", "title", "authors", "version"} <= citation.keys()
    package = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    ontology = rdflib.Graph().parse(ROOT / "ontology" / "argmap.ttl")
    info = ontology.value(rdflib.URIRef("https://w3id.org/argmap/ns"), rdflib.OWL.versionInfo)
    assert str(citation["version"]) == package["version"] == str(info)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"<https://w3id.org/argmap/ns/{info}>" in readme
    assert f"version = {{{info}}}" in readme
