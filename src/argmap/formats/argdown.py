"""Argdown source, both ways (https://argdown.org/syntax/): reading in
:mod:`argmap.formats.argdown_read`, writing in :mod:`argmap.formats.argdown_write`."""

from __future__ import annotations

from argmap.formats.argdown_read import SHORTCODES, clean_text, loads, read
from argmap.formats.argdown_write import dumps, escape_text, to_argdown

__all__ = ["SHORTCODES", "clean_text", "dumps", "escape_text", "loads", "read", "to_argdown"]
