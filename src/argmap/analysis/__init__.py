"""Analysis of argument maps, one module per question:

* :mod:`~argmap.analysis.framework` and :mod:`~argmap.analysis.semantics` -- Dung abstract
  argumentation frameworks built from a corpus, and their semantics (grounded labelling;
  complete, preferred and stable extensions by SAT); :mod:`~argmap.analysis.iccma` -- ICCMA
  instance formats (.i23, .apx, .tgf) and the ICCMA 2023 solver interface;
* :mod:`~argmap.analysis.alignment` -- actor alignment: agreement, coalitions, what each
  actor disputes;
* :mod:`~argmap.analysis.importance` -- claim importance (PageRank on the support graph),
  controversy, bridges between maps;
* :mod:`~argmap.analysis.report` -- all of it as one report (JSON, Markdown, tables);
* :mod:`~argmap.analysis.writeback` -- the results (``am:status``, ``am:score``) as RDF in a
  named graph of their own, and read back from RDF files to colour the HTML map.

The names below are the framework and grounded-semantics entry points; import the rest from
their modules.
"""

from argmap.analysis.framework import Framework, framework_from_corpus
from argmap.analysis.semantics import grounded_labelling, grounded_labels_for_corpus

__all__ = [
    "Framework",
    "framework_from_corpus",
    "grounded_labelling",
    "grounded_labels_for_corpus",
]
