"""``argmap new``: start a map from a commented template that validates as it is."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from argmap.cli.support import fail, info, run

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Add ``argmap new`` to the app."""

    @app.command("new")
    def new_command(
        title: Annotated[
            str,
            typer.Argument(
                metavar="TITLE",
                help="The map's title (any text; after -- if it starts with -).",
                show_default=False,
            ),
        ],
        output: Annotated[
            Path | None,
            typer.Option(
                "--output",
                "-o",
                help="YAML file to create (default: the title's slug + .yaml here; - for"
                " stdout). An existing file is never overwritten.",
            ),
        ] = None,
    ) -> None:
        """Create a small commented map to start from: a source with its text, two actors, an
        issue, quoted claims, a linked argument with a scheme and `by`, a support, a rebut, an
        undermine, an undercut and stances. It passes
        `argmap validate --shacl` and `argmap check-quotes` as it is; replace the example.

        Example: argmap new "Should we adopt a four-day week?" -o four-day-week.yaml
        """
        from argmap.cli.scaffold import default_map_id, new_map_text
        from argmap.util.files import write_atomic

        if output is not None and str(output) == "-":
            typer.echo(run(lambda: new_map_text(title)), nl=False)
            return
        path = output if output is not None else Path(f"{default_map_id(title)}.yaml")
        if path.exists() or path.is_symlink():
            fail(f"{path}: already exists; choose another file with -o, or remove it first")
        text = run(lambda: new_map_text(title, file=str(path)))
        run(lambda: write_atomic(path, text.encode("utf-8")))
        info(f"wrote {path}; check it with: argmap validate {path} --shacl", err=True)
