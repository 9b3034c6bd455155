"""Several maps load as one corpus: shared actors are one entity with one IRI, maps link to
each other's claims, and conflicts are reported with their places."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import rdflib

from argmap import ArgumentMap, Corpus, InputError, MapError, load_corpus
from argmap.rdf.write import to_dataset, to_graph
from tests.conftest import DATA

MINI = (DATA / "mini.yaml").read_text("utf-8")
OTHER = """\
argmap: 1
id: other
title: A reply
actors:
  - {id: acme, name: Acme AI, kind: company, member_of: [incumbents]}
  - {id: incumbents, name: Incumbent firms, kind: organization}
claims:
  - {id: moat, text: Incumbents keep a data moat.}
relations:
  - {id: x1, type: attack, from: moat, to: "mini:erodes-advantage"}
  - {id: x2, type: attack, kind: undercut, from: moat, to: "mini:r1"}
stances:
  - {id: s1, actor: acme, claim: "mini:open-cheap", position: opposes}
"""


def _files(tmp_path: Path, other: str = OTHER) -> list[Path]:
    (tmp_path / "mini-source.txt").write_text((DATA / "mini-source.txt").read_text("utf-8"))
    (tmp_path / "mini.yaml").write_text(MINI, encoding="utf-8")
    (tmp_path / "other.yaml").write_text(other, encoding="utf-8")
    return [tmp_path / "mini.yaml", tmp_path / "other.yaml"]


def test_same_actor_in_two_maps_is_one_entity_with_one_iri(tmp_path: Path) -> None:
    corpus = load_corpus(_files(tmp_path))
    assert sorted(corpus.actors) == ["acme", "hobbyists", "incumbents"]
    dataset = to_dataset(corpus)
    acme = rdflib.URIRef("https://w3id.org/argmap/id/actor/acme")
    graphs = {getattr(g, "identifier", g) for _, _, _, g in dataset.quads((acme, None, None, None))}
    assert graphs == {
        rdflib.URIRef("https://w3id.org/argmap/id/map/mini"),
        rdflib.URIRef("https://w3id.org/argmap/id/map/other"),
    }


def test_cross_map_relations_point_at_the_other_maps_entities(tmp_path: Path) -> None:
    graph = to_graph(load_corpus(_files(tmp_path)))
    am = rdflib.Namespace("https://w3id.org/argmap/ns#")
    base = "https://w3id.org/argmap/id/map/"
    moat = rdflib.URIRef(base + "other/claim/moat")
    attacked = set(graph.objects(moat, am.attacks))
    assert attacked == {
        rdflib.URIRef(base + "mini/claim/erodes-advantage"),
        rdflib.URIRef(base + "mini/relation/r1"),
    }


def test_conflicting_definitions_of_a_shared_actor_are_refused_with_both_places(
    tmp_path: Path,
) -> None:
    files = _files(tmp_path, OTHER.replace("name: Acme AI", "name: ACME"))
    with pytest.raises(MapError) as caught:
        load_corpus(files)
    [problem] = caught.value.problems
    assert str(problem).startswith(f"{files[1]}:5: actor 'acme': defined differently in map 'mini'")
    assert "'name' differs: 'Acme AI' vs 'ACME'" in str(problem)


def test_link_to_a_map_that_is_not_loaded_says_to_load_it(tmp_path: Path) -> None:
    files = _files(tmp_path)
    with pytest.raises(MapError) as caught:
        load_corpus(files[1:])
    messages = [str(p) for p in caught.value.problems]
    assert len(messages) == 3
    assert messages[0] == (
        f"{files[1]}:10: relation 'x1': 'mini:erodes-advantage' is in map 'mini', which is not"
        " loaded; load its file too"
    )


def test_link_to_an_unknown_claim_of_another_map_is_named(tmp_path: Path) -> None:
    files = _files(tmp_path, OTHER.replace("mini:erodes-advantage", "mini:nope"))
    with pytest.raises(MapError, match="map 'mini' has no claim or argument 'nope'; fix the id"):
        load_corpus(files)


def test_two_maps_with_one_id_are_refused(tmp_path: Path) -> None:
    files = _files(tmp_path, MINI)
    with pytest.raises(MapError, match="two maps have the id 'mini'"):
        load_corpus(files)


def test_problems_of_every_file_are_reported_together(tmp_path: Path) -> None:
    files = _files(tmp_path, OTHER.replace("position: opposes", "position: hates"))
    (tmp_path / "mini.yaml").write_text(MINI.replace("strength: 0.8", "strength: 2"))
    with pytest.raises(MapError) as caught:
        load_corpus(files)
    places = sorted(str(p).split(":")[0] for p in caught.value.problems)
    assert places == sorted(str(f) for f in files)


def test_no_files_is_an_error_not_an_empty_corpus() -> None:
    with pytest.raises(InputError, match="no map files given"):
        load_corpus([])


def _linked_pair(n: int) -> list[ArgumentMap]:
    claims = [{"id": f"c{i}", "text": f"Claim {i}."} for i in range(2 * n)]
    base = ArgumentMap.model_validate(
        {
            "id": "base",
            "title": "Base",
            "claims": claims,
            "relations": [
                {"id": f"s{i}", "type": "support", "from": f"c{2 * i}", "to": f"c{2 * i + 1}"}
                for i in range(n)
            ],
        }
    )
    reply = ArgumentMap.model_validate(
        {
            "id": "reply",
            "title": "Reply",
            "claims": [{"id": "x", "text": "An objection."}],
            "relations": [
                {"id": f"r{i}", "type": "attack", "from": "x", "to": f"base:s{i}"} for i in range(n)
            ],
        }
    )
    return [base, reply]


def test_links_into_another_maps_arguments_are_checked_in_linear_time() -> None:
    # Each rebut of another map's support once rebuilt that map's argument index: quadratic.
    def seconds(n: int) -> float:
        maps = _linked_pair(n)
        start = time.process_time()
        Corpus(maps=tuple(maps))
        return time.process_time() - start

    small, large = seconds(1_000), seconds(8_000)
    assert large < 0.5 or large < 24 * max(small, 0.01), (small, large)
