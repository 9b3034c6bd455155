"""AIF's node types, default scheme names and illocutionary forces: what reading and
writing AIF (formats/aif_read.py, aif_write.py) both need."""

from __future__ import annotations

import re

from argmap.model.entities import (
    Position,
)

SCHEME_TYPES = {"RA", "CA", "MA", "PA"}
DIALOGUE_TYPES = {"L", "TA", "YA"}
NODE_TYPES = {"I", *SCHEME_TYPES, *DIALOGUE_TYPES, ""}
GENERIC_SCHEMES = {
    "",
    "RA",
    "CA",
    "MA",
    "PA",
    "Default Inference",
    "Default Conflict",
    "Default Rephrase",
    "Default Preference",
}
# Illocutionary forces (as named in AIFdb / IAT) -> the stance they show. Keys are
# normalised with force_key(): AIFdb writes both "Popular Conceding" and "PopularConceding".
ILLOCUTIONS: dict[str, Position] = {
    **dict.fromkeys(
        [
            "asserting",
            "agreeing",
            "conceding",
            "popularconceding",
            "restating",
            "assertivequestioning",
            "rhetoricalquestioning",
            "defaultillocuting",
            "arguing",
        ],
        Position.ENDORSES,
    ),
    **dict.fromkeys(
        ["disagreeing", "assertivechallenging", "rhetoricalchallenging", "defaultconflicting"],
        Position.OPPOSES,
    ),
    **dict.fromkeys(
        ["purequestioning", "questioning", "purechallenging", "challenging"],
        Position.CONCERNED,
    ),
}


def force_key(name: str) -> str:
    return re.sub(r"[\s_-]+", "", name).lower()


ILLOCUTION_OF = {
    Position.ENDORSES: "Asserting",
    Position.OPPOSES: "Disagreeing",
    Position.CONCERNED: "Pure Questioning",
}
SPEAKER_PREFIX = re.compile(r"^\s*([^:\n]{1,60}?)\s*:\s")
contains_letter = re.compile("[A-Za-z]").search
