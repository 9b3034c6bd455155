"""argmap: turn arguments into a knowledge graph you can check, query, picture and share."""

from argmap.corpus import Corpus
from argmap.errors import ArgmapError, FormatError, InputError, MapError, OutputError, Problem
from argmap.formats.authoring import dump_yaml, dumps_yaml, load_corpus, load_map, loads_map
from argmap.formats.registry import export, exports, import_file, load
from argmap.model import (
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
