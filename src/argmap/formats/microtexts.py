"""arg-microtexts (Peldszus & Stede 2015), both ways: an ``arggraph`` ``.xml`` with its text in
the ``.txt`` of the same name beside it. Reading in :mod:`argmap.formats.microtexts_read`,
writing in :mod:`argmap.formats.microtexts_write`, what the two share (edges, roles, the
note an imported claim keeps its ids in) in :mod:`argmap.formats.microtexts_graph`."""

from __future__ import annotations

from argmap.formats.microtexts_graph import derive_roles
from argmap.formats.microtexts_read import loads, read, text_beside
from argmap.formats.microtexts_write import Arggraph, dumps, to_arggraph, write

__all__ = [
    "Arggraph",
    "derive_roles",
    "dumps",
    "loads",
    "read",
    "text_beside",
    "to_arggraph",
    "write",
]
