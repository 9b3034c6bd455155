"""``argmap export`` and ``argmap import``: thin commands over argmap.formats.registry."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from typer.core import TyperCommand

from argmap.cli.support import (
    Files,
    fail,
    info,
    is_stdout,
    load_maps,
    map_summary,
    run,
    through_stdout,
)
from argmap.formats.graph_views import GRAPH_VIEWS
from argmap.formats.registry import exports, imports

if TYPE_CHECKING:
    from collections.abc import Callable

    from argmap.formats.mermaid import DiagramTooLargeError
    from argmap.model.corpus import Corpus

__all__ = ["register"]

T = TypeVar("T")

# The help of --to and --from lists the registry's formats. Building the app (which every
# shell-completion TAB does) lists argmap's own only: the registry is cheap to import, but
# plugins (entry points, imported on first use) are looked up when the help is shown.


def _export_help(*, plugins: bool = True) -> str:
    return "Format: " + ", ".join(f.name for f in exports(plugins=plugins)) + "."


def _import_help(*, plugins: bool = True) -> str:
    names = ", ".join(f.name for f in imports(plugins=plugins))
    return f"Format of FILE: {names} (default: told from the suffix and the content)."


_FORMAT_HELP = {"to": _export_help, "source_format": _import_help}


class _ListsFormats(TyperCommand):
    """A command whose format option's help lists every format, plugins' too."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        for param in self.params:
            make = _FORMAT_HELP.get(param.name or "")
            if make is not None:
                param.help = make()  # type: ignore[attr-defined]  # an Option's, which has one
        super().format_help(ctx, formatter)


def complete_export_format(incomplete: str) -> list[tuple[str, str]]:
    """Shell completion for ``export --to``: format names with what they are for."""
    return [(f.name, f.summary) for f in exports() if f.name.startswith(incomplete)]


def complete_import_format(incomplete: str) -> list[tuple[str, str]]:
    """Shell completion for ``import --from``."""
    return [(f.name, f.summary) for f in imports() if f.name.startswith(incomplete)]


# Formats whose export is a file with companions (arg-microtexts: the .xml and its .txt).
_SEVERAL_FILES = {"microtexts"}


def register(app: typer.Typer) -> None:
    """Add ``export`` and ``import`` to the argmap command line."""

    @app.command("export", cls=_ListsFormats)
    def export_command(
        files: Files,
        output: Annotated[
            Path,
            typer.Option(
                "--output",
                "-o",
                help="File to write (a folder for neo4j), or - for standard output. Its suffix"
                " picks the format when --to is not given.",
            ),
        ],
        to: Annotated[
            str | None,
            typer.Option(
                "--to",
                "-t",
                help=_export_help(plugins=False),
                autocompletion=complete_export_format,
            ),
        ] = None,
        focus: Annotated[
            str | None,
            typer.Option(
                "--focus",
                help="Only the neighbourhood of this claim or issue (MAP:ID, or ID if unique),"
                " as render --focus draws it. Graph views only: " + ", ".join(GRAPH_VIEWS) + ".",
            ),
        ] = None,
        depth: Annotated[
            int, typer.Option("--depth", min=0, help="Argument steps around --focus.")
        ] = 2,
    ) -> None:
        """Write maps in another tool's format: GraphML (yEd, Gephi), GEXF, Cytoscape.js,
        DOT (Graphviz), Mermaid, node-link JSON (D3), Neo4j CSV, AIF JSON, Argdown,
        arg-microtexts XML, RDF.

        docs/formats.md says what each format keeps and what it loses.

        Mermaid refuses diagrams over 500 edges or 50,000 characters (its default maxEdges
        and maxTextSize): a larger one is not written. Export a claim's neighbourhood with
        --focus, or give -o a .md file to write Markdown with one Mermaid diagram per thesis
        (each issue, and each claim that supports or attacks no other).

        Example: argmap export data/*.yaml --to graphml -o out/argmap.graphml
        """
        from argmap.formats.registry import export, export_format

        if is_stdout(output) and to is None:
            fail("-o - writes to standard output: name the format with --to")
        fmt = run(lambda: export_format(to, output))  # a bad format fails before any work
        if is_stdout(output) and (fmt.folder or fmt.name in _SEVERAL_FILES):
            fail(f"--to {fmt.name} writes more than one file; give -o a path, not -")
        if focus is None and depth != 2:
            fail("--depth needs --focus; name the claim to centre on")
        if focus is not None and fmt.name not in GRAPH_VIEWS:
            fail(
                f"--focus narrows the graph views ({', '.join(GRAPH_VIEWS)}); {fmt.name} writes"
                " the maps themselves: export them without --focus"
            )
        markdown = fmt.name == "mermaid" and output.suffix.lower() == ".md"
        corpus = load_maps(files)
        stage = f"export {fmt.name} to {output}"

        def write(path: Path) -> None:
            if markdown:
                _export_markdown(corpus, path, focus, depth, stage)
            elif focus is not None:
                _export_focus(corpus, fmt.name, path, focus, depth, stage)
            else:
                run(_said_if_too_large(lambda: export(corpus, fmt.name, path), path), stage)
                info(f"wrote {path} ({fmt.name}, {len(corpus.maps)} map(s))")

        if is_stdout(output):
            through_stdout(write, "out" + (fmt.suffixes[0] if fmt.suffixes else ""))
        else:
            write(output)

    @app.command("import", cls=_ListsFormats)
    def import_command(
        file: Annotated[
            Path,
            typer.Argument(
                help="AIF JSON (AIFdb, OVA, xAIF), Argdown (.argdown), Kialo export (.txt),"
                " arg-microtexts arggraph (.xml with its .txt) or argmap RDF.",
                show_default=False,
            ),
        ],
        source_format: Annotated[
            str | None,
            typer.Option(
                "--from",
                "-f",
                help=_import_help(plugins=False),
                autocompletion=complete_import_format,
            ),
        ] = None,
        output: Annotated[
            Path | None,
            typer.Option(
                "--output", "-o", help="Write the map as argmap YAML here (default, or -: stdout)."
            ),
        ] = None,
    ) -> None:
        """Read a map made with another tool and write it as an argmap YAML map to edit.

        Example: argmap import debate.argdown -o data/debate.yaml
        """
        from argmap.formats.authoring import dumps_yaml
        from argmap.formats.registry import import_file
        from argmap.util.files import write_atomic

        imported = run(lambda: import_file(file, source_format), stage=f"import {file}")
        text = dumps_yaml(imported)
        summary = map_summary(imported)
        if output is None or is_stdout(output):
            typer.echo(text, nl=False)
            info(f"imported {file}: {summary}", err=True)
            return
        run(lambda: write_atomic(output, text.encode("utf-8")))
        info(f"wrote {output} (map '{imported.id}': {summary})")


def _said_if_too_large(
    action: Callable[[], T], output: Path, focus: str | None = None
) -> Callable[[], T]:
    """``action``, with a diagram Mermaid would refuse said in the command line's words."""
    from argmap.formats.mermaid import DiagramTooLargeError

    def checked() -> T:
        try:
            return action()
        except DiagramTooLargeError as exc:
            fail(_too_large(exc, output, focus))

    return checked


def _export_focus(
    corpus: Corpus, name: str, output: Path, focus: str, depth: int, stage: str
) -> None:
    """Write the neighbourhood of ``focus`` in the graph-view format ``name``."""
    from argmap.formats.graph_views import write_graph
    from argmap.graph.neighbourhood import focus_graph
    from argmap.graph.projection import corpus_graph

    g = run(lambda: focus_graph(corpus_graph(corpus), focus, depth), stage=f"find {focus}")
    titles = {m.id: m.title for m in corpus.maps}
    run(_said_if_too_large(lambda: write_graph(name, g, output, titles), output, focus), stage)
    info(
        f"wrote {output} ({name}, {g.number_of_nodes()} nodes and {g.number_of_edges()} edges"
        f" within {depth} step{'' if depth == 1 else 's'} of {focus})"
    )


def _export_markdown(
    corpus: Corpus, output: Path, focus: str | None, depth: int, stage: str
) -> None:
    """Write Markdown with one Mermaid diagram per thesis (or the one of ``focus``)."""
    from argmap.formats import mermaid
    from argmap.graph.neighbourhood import focus_graph, thesis_graphs
    from argmap.graph.projection import corpus_graph
    from argmap.util.files import write_atomic

    def markdown() -> tuple[str, int]:
        g = corpus_graph(corpus)
        parts = [(focus, focus_graph(g, focus, depth))] if focus else thesis_graphs(g)
        title = " / ".join(m.title for m in corpus.maps)
        return mermaid.markdown_parts(title, parts), len(parts)

    text, diagrams = run(_said_if_too_large(markdown, output, focus), stage)
    run(lambda: write_atomic(output, text.encode("utf-8")))
    info(f"wrote {output} (Markdown, {diagrams} Mermaid diagram(s))")


def _too_large(exc: DiagramTooLargeError, output: Path, focus: str | None) -> str:
    """The command line's words for a diagram Mermaid would refuse: what to do instead."""
    if focus is not None:
        fix = "give a smaller --depth"
    elif exc.thesis is not None:
        fix = f"export that part alone with --focus {exc.thesis} [--depth N]"
    else:
        fix = (
            "export a claim's neighbourhood with --focus CLAIM [--depth N], or one diagram"
            " per thesis with -o FILE.md"
        )
    return f"{output}: {exc.what} would have {exc.over}, Mermaid's default limits; {fix}"
