"""The ``fabula`` command: a thin shell over :func:`fabula.read` and the renderers.

Errors a user can act on are one line on stderr and exit code 2; nothing prints a traceback
unless ``FABULA_DEBUG=1`` is set.
"""

from __future__ import annotations

import json
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from fabula import __version__
from fabula.errors import FabulaError
from fabula.ingest import DEFAULT_MAX_BYTES

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Read fiction the way a careful reader does.")
err = Console(stderr=True)


class OutFormat(str, Enum):
    summary = "summary"
    json = "json"


def _fail(message: str, code: int = 2) -> None:
    sys.stderr.write(f"fabula: error: {message}\n")
    raise typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        print(f"fabula {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[Optional[bool], typer.Option("--version", callback=_version, is_eager=True)] = None,  # noqa: UP045
) -> None:
    """fabula reads a story (txt, md, AO3 HTML, EPUB) into parts, people and who says what."""


@app.command()
def read(
    path: Annotated[str, typer.Argument(help="story file (.txt .md .html .epub), or - for standard input")],
    fmt: Annotated[OutFormat, typer.Option("--format", "-f", help="summary (terminal) or json (SCHEMA.md)")] = OutFormat.summary,
    include_text: Annotated[bool, typer.Option("--include-text", help="add the story's text to the JSON")] = False,
    until: Annotated[Optional[str], typer.Option(help="stop after this pass: structure, scenes, verse, quotes, characters, speakers")] = None,  # noqa: UP045
    input_format: Annotated[Optional[str], typer.Option("--input-format", help="text, markdown, html or epub (default: detect)")] = None,  # noqa: UP045
    max_bytes: Annotated[int, typer.Option(help="refuse inputs larger than this")] = DEFAULT_MAX_BYTES,
    cast: Annotated[Optional[Path], typer.Option(help="YAML cast list (names and aliases) that overrides discovery")] = None,  # noqa: UP045
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="write here instead of standard output")] = None,  # noqa: UP045
) -> None:
    """Analyse a story: title, notes, chapters, scenes, verse, quotes (and cast and speakers)."""
    import fabula

    try:
        if path == "-":
            data = sys.stdin.buffer.read()
            story = fabula.read(data, until=until, format=input_format, name="<stdin>", max_bytes=max_bytes,
                                cast=str(cast) if cast else None)
        else:
            story = fabula.read(Path(path), until=until, format=input_format, max_bytes=max_bytes,
                                cast=str(cast) if cast else None)
    except FabulaError as exc:
        _fail(str(exc))
        return
    except ValueError as exc:
        _fail(str(exc))
        return
    if fmt == OutFormat.json:
        payload = json.dumps(story.to_json(include_text=include_text), ensure_ascii=False, indent=1)
        if output:
            output.write_text(payload + "\n", encoding="utf-8")
        else:
            sys.stdout.write(payload + "\n")
        return
    console = Console(file=open(output, "w", encoding="utf-8") if output else None, width=None if not output else 120)
    from fabula.render.terminal import print_summary

    print_summary(story, console)


def main() -> None:
    """Console entry point: one line for any error, never a traceback (unless FABULA_DEBUG)."""
    try:
        app()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        err.print("fabula: interrupted")
        sys.exit(130)
    except Exception as exc:  # the promise: one line, not a traceback
        if os.environ.get("FABULA_DEBUG"):
            raise
        sys.stderr.write(f"fabula: internal error: {type(exc).__name__}: {exc} (set FABULA_DEBUG=1 for details)\n")
        sys.exit(3)


if __name__ == "__main__":
    main()
