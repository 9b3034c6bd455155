"""Argdown source, both ways (https://argdown.org/syntax/): tokens in
:mod:`argmap.formats.argdown_lex`, Argdown's own model of a file in
:mod:`argmap.formats.argdown_parse`, the map read from it in
:mod:`argmap.formats.argdown_read`, writing in :mod:`argmap.formats.argdown_write`."""

from __future__ import annotations

from argmap.formats.argdown_read import SHORTCODES, loads, read
from argmap.formats.argdown_write import dumps, escape_text, to_argdown

__all__ = ["SHORTCODES", "dumps", "escape_text", "loads", "read", "to_argdown"]
