"""Synthetic corpora are valid by construction and the same for the same seed."""

from __future__ import annotations

from argmap.synth import synth_corpus
from argmap.validate import shacl_problems


def test_synthetic_corpus_is_valid_and_shaped_like_a_debate() -> None:
    corpus = synth_corpus(400, actors=12, seed=3, maps=2)
    assert [len(m.claims) for m in corpus.maps] == [200, 200]
    assert len(corpus.actors) == 12  # shared by both maps
    relations = [r for m in corpus.maps for r in m.relations]
    assert {r.kind.value for r in relations if r.kind} == {"rebut", "undercut"}
    assert shacl_problems(corpus) == []
    # Preferential attachment: the busiest claim draws far more relations than the median.
    targets = [r.target for r in relations]
    busiest = max(targets.count(t) for t in set(targets))
    assert busiest >= 10


def test_same_seed_same_corpus_other_seed_other_corpus() -> None:
    assert synth_corpus(100, seed=7) == synth_corpus(100, seed=7)
    assert synth_corpus(100, seed=7) != synth_corpus(100, seed=8)
