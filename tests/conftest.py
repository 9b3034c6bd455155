from __future__ import annotations

from pathlib import Path

import pytest

from argmap import ArgumentMap, Corpus, load_map

TESTS = Path(__file__).parent
ROOT = TESTS.parent
DATA = TESTS / "data"


@pytest.fixture(scope="session")
def mini() -> ArgumentMap:
    return load_map(DATA / "mini.yaml")


@pytest.fixture(scope="session")
def mini_corpus(mini: ArgumentMap) -> Corpus:
    return Corpus(maps=(mini,))
