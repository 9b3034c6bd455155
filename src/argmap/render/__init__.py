"""The interactive HTML argument map: one self-contained page that works offline.

>>> from argmap.render import render
>>> page = render(corpus, sources=True)        # a Corpus, an ArgumentMap or a list of maps
>>> page.save("out/map.html")                   # atomic; nothing else is written
>>> page                                        # in Jupyter: shown inline (an iframe)

``to_pyvis(corpus)`` gives the same map as a :class:`pyvis.network.Network`, for notebooks
that already work with pyvis (loaded on first use).

See :func:`render` for focus (``focus=``, ``depth=``), ``actor=``, ``status=`` and
``text_only=`` (only what the text argues, without the analyst's links).
"""

import sys
from types import ModuleType
from typing import Any

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
    "to_pyvis",
]


def __getattr__(name: str) -> Any:
    if name == "to_pyvis":  # pyvis and its Jinja load only for those who ask
        from argmap.render.pyvis import to_pyvis

        return to_pyvis
    raise AttributeError(f"module 'argmap.render' has no attribute '{name}'")


class _CallablePackage(ModuleType):
    """``argmap.render(corpus, ...)`` is :func:`render`: the front door names the stage."""

    def __call__(self, *args: Any, **kwargs: Any) -> RenderedMap:
        return render(*args, **kwargs)


sys.modules[__name__].__class__ = _CallablePackage
