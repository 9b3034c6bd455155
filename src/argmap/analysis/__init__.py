"""Analysis of argument maps: Dung abstract argumentation semantics (more to come)."""

from argmap.analysis.framework import Framework, framework_from_corpus
from argmap.analysis.semantics import grounded_labelling, grounded_labels_for_corpus

__all__ = [
    "Framework",
    "framework_from_corpus",
    "grounded_labelling",
    "grounded_labels_for_corpus",
]
