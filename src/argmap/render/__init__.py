"""The interactive HTML argument map: one self-contained page that works offline.

>>> from argmap.render import render
>>> page = render(corpus, sources=True)        # a Corpus, an ArgumentMap or a list of maps
>>> page.save("out/map.html")                   # atomic; nothing else is written
>>> page                                        # in Jupyter: shown inline (an iframe)

See :func:`render` for focus (``focus=``, ``depth=``), ``actor=`` and ``status=``.
"""

from argmap.render.elements import STATUSES, Elements, build_elements
from argmap.render.html import EDGE_STYLES, NODE_STYLES, VIS_NETWORK_VERSION, RenderedMap, render
from argmap.render.layout import LARGE_MAP, force_positions

__all__ = [
    "EDGE_STYLES",
    "LARGE_MAP",
    "NODE_STYLES",
    "STATUSES",
    "VIS_NETWORK_VERSION",
    "Elements",
    "RenderedMap",
    "build_elements",
    "force_positions",
    "render",
]
