"""argmap: turn arguments into a knowledge graph you can check, query, picture and share."""

# The public names are imported on first use (PEP 562), so that ``import argmap.cli`` (which
# runs on every shell-completion TAB) does not pay for pydantic and rdflib up front.

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from argmap.errors import ArgmapError, FormatError, InputError, MapError, OutputError, Problem
    from argmap.formats.authoring import dump_yaml, dumps_yaml, load_corpus, load_map, loads_map
    from argmap.formats.registry import export, exports, import_file, load
    from argmap.model.corpus import Corpus
    from argmap.model.entities import (
        Actor,
        ActorKind,
        ArgumentMap,
        AttackKind,
        Claim,
        ClaimKind,
        Issue,
        Position,
        Quote,
        Relation,
        RelationType,
        Source,
        Stance,
        Topic,
    )

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "ActorKind",
    "ArgmapError",
    "ArgumentMap",
    "AttackKind",
    "Claim",
    "ClaimKind",
    "Corpus",
    "FormatError",
    "InputError",
    "Issue",
    "MapError",
    "OutputError",
    "Position",
    "Problem",
    "Quote",
    "Relation",
    "RelationType",
    "Source",
    "Stance",
    "Topic",
    "__version__",
    "dump_yaml",
    "dumps_yaml",
    "export",
    "exports",
    "import_file",
    "load",
    "load_corpus",
    "load_map",
    "loads_map",
]

#: The module each public name is imported from on first use.
_PUBLIC_BY_MODULE: dict[str, tuple[str, ...]] = {
    "argmap.model.corpus": ("Corpus",),
    "argmap.errors": (
        "ArgmapError", "FormatError", "InputError", "MapError", "OutputError", "Problem"
    ),
    "argmap.formats.authoring": ("dump_yaml", "dumps_yaml", "load_corpus", "load_map", "loads_map"),
    "argmap.formats.registry": ("export", "exports", "import_file", "load"),
    "argmap.model.entities": (
        "Actor", "ActorKind", "ArgumentMap", "AttackKind", "Claim", "ClaimKind", "Issue",
        "Position", "Quote", "Relation", "RelationType", "Source", "Stance", "Topic",
    ),
}  # fmt: skip
_MODULES = {name: module for module, names in _PUBLIC_BY_MODULE.items() for name in names}


def __getattr__(name: str) -> Any:
    """Import a public name on first use, then keep it as a module attribute."""
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module 'argmap' has no attribute '{name}'")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
