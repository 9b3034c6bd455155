"""The ``argmap`` command line: a typer app, one module per command group.

The only package that knows flags, exit codes and progress bars; every command is a few
lines over a public library function. :mod:`~argmap.cli.root` builds the app and holds the
root commands.
"""

from argmap.cli.root import app, main

__all__ = ["app", "main"]
