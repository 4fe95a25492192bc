"""The ``fabula`` command: a thin shell over :func:`fabula.read` and the renderers.

Errors a user can act on are one line on stderr and exit code 2; nothing prints a traceback
unless ``FABULA_DEBUG=1`` is set.
"""

from __future__ import annotations

import errno
import json
import os
import signal
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, Optional

import typer
from rich.console import Console
from rich.markup import escape

from fabula import __version__
from fabula.config import Config
from fabula.errors import FabulaError
from fabula.ingest import DEFAULT_MAX_BYTES
from fabula.model import Story
from fabula.passes import until_help
from fabula.runtime import headstart

if TYPE_CHECKING:
    from fabula.pipeline import BetaRead

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Read fiction the way a careful reader does.")


def _flag_type(display: Callable[[Any, Any], str | None]) -> Callable[[Any, Any], str | None]:
    """Typer's help labels every flag ``<bool>`` (``--include-text <bool>``, ``--help <bool>``)
    although a flag takes no value (``--include-text true`` fails): show no type for flags."""
    return lambda self, ctx: None if getattr(self, "is_flag", False) else display(self, ctx)


if hasattr(typer.core, "TyperOption") and hasattr(typer.core.TyperOption, "display_type_rich"):
    typer.core.TyperOption.display_type_rich = _flag_type(typer.core.TyperOption.display_type_rich)  # type: ignore[method-assign, assignment]
err = Console(stderr=True)


class OutFormat(str, Enum):
    summary = "summary"
    json = "json"


# the options every story command shares
StoryPath = Annotated[str, typer.Argument(metavar="PATH", help="story file (.txt .md .html .mhtml .epub .docx .odt), or - for standard input")]
SummaryOrJson = Annotated[OutFormat, typer.Option("--format", "-f", help="summary (terminal) or json")]
InputFormat = Annotated[Optional[str], typer.Option("--input-format", help="text, markdown, html, mhtml, epub, docx or odt (default: detect)")]  # noqa: UP045
MaxBytes = Annotated[int, typer.Option(help="refuse inputs larger than this")]


def _fail(message: str, code: int = 2) -> None:
    sys.stderr.write(f"fabula: error: {message}\n")
    raise typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        print(f"fabula {__version__}")
        raise typer.Exit()


def _load(path: str, input_format: str | None, max_bytes: int, until: str | None = None,
          cast: Path | None = None, beta: bool | BetaRead = False) -> Story:
    """Read a story for a command, or exit with the one-line error. A head start this process
    began (``fabula.runtime.headstart``) answers the read's NER; ``beta`` adds the beta read."""
    import fabula

    early = headstart.take()
    if early is not None and beta:
        early.meanwhile = _preload_beta  # while it waits for the names, the reader would sit idle
    try:
        # standard input is read to one byte past the limit, never to its end (it may have none)
        source: Path | bytes = sys.stdin.buffer.read(max_bytes + 1) if path == "-" else Path(path)
        return fabula.read(source, format=input_format, max_bytes=max_bytes, name="<stdin>" if path == "-" else None,
                           until=until, cast=str(cast) if cast else None, config=Config(head_start=early),
                           beta=beta)
    except (FabulaError, ValueError) as exc:
        _fail(str(exc))
        raise  # unreachable: _fail exits


def _preload_beta() -> None:
    from fabula.beta.engine import preload

    preload()


def _emit(fmt: OutFormat, payload: Any, printer: Callable[[Console], None]) -> None:
    """JSON on standard output, or the terminal rendering."""
    if fmt == OutFormat.json:
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1) + "\n")
    else:
        printer(Console())


def _write(output: Path | None, data: str | bytes) -> None:
    if output is None:
        if isinstance(data, bytes):
            _fail("binary output needs --output/-o FILE")
        sys.stdout.write(str(data))
        return
    try:
        if isinstance(data, bytes):
            output.write_bytes(data)
        else:
            output.write_text(data, encoding="utf-8")
    except OSError as exc:
        _fail(f"cannot write {output}: {exc.strerror or exc}")


@app.callback()
def main_callback(
    version: Annotated[Optional[bool], typer.Option("--version", callback=_version, is_eager=True,  # noqa: UP045
                                                    help="Show fabula's version and exit.")] = None,
) -> None:
    """fabula reads a story (txt, md, AO3 HTML, EPUB) into parts, people and who says what."""


@app.command()
def read(
    path: StoryPath,
    fmt: Annotated[OutFormat, typer.Option("--format", "-f", help="summary (terminal) or json (SCHEMA.md)")] = OutFormat.summary,
    include_text: Annotated[bool, typer.Option("--include-text", help="add the story's text to the JSON")] = False,
    until: Annotated[Optional[str], typer.Option(help=until_help())] = None,  # noqa: UP045
    input_format: InputFormat = None,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
    cast: Annotated[Optional[Path], typer.Option(help="YAML cast list (names, aliases, gender): each kept whole; discovery adds only who it leaves out")] = None,  # noqa: UP045
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="write here instead of standard output")] = None,  # noqa: UP045
) -> None:
    """Analyse a story: title, notes, chapters, scenes, verse, quotes (and cast and speakers)."""
    story = _load(path, input_format, max_bytes, until, cast)
    if fmt == OutFormat.json:
        _write(output, story.to_json(include_text=include_text) + "\n")
        return
    from fabula.render.terminal import print_summary

    if output is None:
        print_summary(story, Console())
        return
    try:
        with open(output, "w", encoding="utf-8") as fh:
            print_summary(story, Console(file=fh, width=120))
    except OSError as exc:
        _fail(f"cannot write {output}: {exc.strerror or exc}")


@app.command()
def timeline(
    path: StoryPath,
    fmt: SummaryOrJson = OutFormat.summary,
    input_format: InputFormat = None,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
) -> None:
    """Scenes in telling order and in event order (the fabula), with POV, tense and the cues used."""
    from fabula.render.terminal import print_timeline

    story = _load(path, input_format, max_bytes)
    scenes = [s.to_dict() for s in story.scenes]
    payload = {"scenes": scenes, "fabula": [s["n"] for s in sorted(scenes, key=lambda s: s.get("fabula_order") or 0)]}
    _emit(fmt, payload, lambda console: print_timeline(story, console))


class Target(str, Enum):
    ao3 = "ao3"
    epub = "epub"


@app.command()
def report(
    path: StoryPath,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="the HTML file to write (default: standard output)")] = None,  # noqa: UP045
    input_format: InputFormat = None,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
) -> None:
    """One self-contained HTML report: the story with speakers coloured, cast, charts, timeline, tags,
    and the beta read's findings (warnings and errors) marked in the text."""
    from fabula.render.report import report_html

    story = _load(path, input_format, max_bytes, beta=True)
    _write(output, report_html(story))
    if output:
        err.print(f"fabula: wrote {escape(str(output))}", highlight=False)


_AO3_FIELDS = {"summary": "Summary", "notes": "Notes", "end_notes": "End Notes"}


@app.command()
def publish(
    path: StoryPath,
    to: Annotated[Target, typer.Option("--to", help="ao3 (HTML for AO3's editor) or epub (EPUB 3)")] = Target.ao3,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="file to write (needed for epub)")] = None,  # noqa: UP045
    fmt: Annotated[OutFormat, typer.Option("--format", "-f", help="ao3 only: json gives every field of the posting form")] = OutFormat.summary,
    notes: Annotated[bool, typer.Option("--notes/--no-notes", help="epub: keep the author's notes (in pages of their own)")] = True,
    input_format: InputFormat = None,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
) -> None:
    """A post for AO3 (body HTML; summary, notes and end notes beside it) or a clean EPUB."""
    story = _load(path, input_format, max_bytes)
    if to == Target.epub:
        from fabula.render.epub import story_epub

        if output is None:
            _fail("--to epub needs --output/-o FILE.epub")
            return
        _write(output, story_epub(story, with_notes=notes))
        err.print(f"fabula: wrote {escape(str(output))}", highlight=False)
        return
    from fabula.render.ao3 import ao3_post

    post = ao3_post(story)
    if fmt == OutFormat.json:
        _write(output, json.dumps(post, ensure_ascii=False, indent=1) + "\n")
        return
    sides = [key for key in ("summary", "notes", "end_notes") if post[key]]
    if output is None or (output.exists() and not output.is_file()):
        # one stream (standard output, /dev/null, a pipe): the body, then each field AO3 keeps
        # apart, after a comment naming it — never files beside a device (/dev/null.notes.html)
        parts = [post["body"]] + [f"<!-- fabula: AO3's {_AO3_FIELDS[key]} field -->\n{post[key]}" for key in sides]
        _write(output, "\n\n".join(parts) + "\n")
        if sides:
            err.print(f"fabula: the body, then {', '.join(_AO3_FIELDS[k] for k in sides)}, each after a "
                      "<!-- fabula: … --> line (-o FILE writes them to files of their own)", highlight=False,
                      soft_wrap=True)
        return
    _write(output, post["body"] + "\n")
    # AO3 keeps these in fields of their own: write them beside the body
    for key in sides:
        side = output.with_name(f"{output.stem}.{key.replace('_', '-')}{output.suffix or '.html'}")
        _write(side, post[key] + "\n")
        err.print(f"fabula: {key.replace('_', ' ')} -> {escape(str(side))}", highlight=False)
    err.print(f"fabula: body -> {escape(str(output))} (paste into AO3's HTML editor)", highlight=False)


@app.command()
def tags(
    path: StoryPath,
    fmt: SummaryOrJson = OutFormat.summary,
    input_format: InputFormat = None,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
) -> None:
    """Suggested AO3 rating, archive warnings, category, relationships, characters and tags — with why."""
    from fabula.render.terminal import print_tags

    story = _load(path, input_format, max_bytes)
    _emit(fmt, story.tags, lambda console: print_tags(story, console))


class CheckFormat(str, Enum):
    text = "text"
    json = "json"
    sarif = "sarif"


def _codes(values: list[str] | None, option: str = "--select") -> list[str] | None:
    """--select FB1,FB3 and --select FB1 --select FB3 both work; a code or prefix that names no
    rule is an error (as in ruff), not a silent 'All clear'."""
    if not values:
        return None
    import fabula.beta.rules  # noqa: F401  (registers the rules)
    from fabula.beta.engine import RULES

    codes = [c.strip().upper() for v in values for c in v.split(",") if c.strip()]
    unknown = [c for c in codes if not any(code.startswith(c) for code in RULES)]
    if unknown:
        _fail(f"{option} {', '.join(unknown)}: no rule has such a code (`fabula rules` lists them)")
    return codes


def _same_file(a: Path, b: str) -> bool:
    """Does ``a`` name the file ``b`` names (through links, case-insensitive file systems)?"""
    try:
        return a.exists() and Path(b).exists() and os.path.samefile(a, b)
    except OSError:
        return False


@app.command()
def check(
    path: StoryPath,
    fmt: Annotated[CheckFormat, typer.Option("--format", "-f", help="text (path:line:col CODE message), json or sarif")] = CheckFormat.text,
    select: Annotated[Optional[list[str]], typer.Option(help="only rules whose code starts with these (FB1, FB301)")] = None,  # noqa: UP045
    ignore: Annotated[Optional[list[str]], typer.Option(help="skip rules whose code starts with these")] = None,  # noqa: UP045
    preview: Annotated[bool, typer.Option("--preview", help="run preview rules too (new or noisy; `fabula rules` marks them)")] = False,
    fix: Annotated[bool, typer.Option("--fix", help="apply the safe fixes and write the text to --output")] = False,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="where --fix writes the fixed text")] = None,  # noqa: UP045
    input_format: InputFormat = None,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
) -> None:
    """The beta read: the mistakes spell checkers miss, unclear speakers, head-hops, style notes.

    Exit code 1 when an error-severity finding is reported, 0 when none, 2 on bad input."""
    from fabula.beta.engine import CAPPED_PREFIX, apply_fixes, line_col, sarif
    from fabula.pipeline import BetaRead

    selected, ignored = _codes(select), _codes(ignore, "--ignore")
    if fix and output is not None and path != "-" and _same_file(output, path):
        _fail(f"--fix -o {output} would overwrite the story itself; write the fixed text to another file")
    story = _load(path, input_format, max_bytes, beta=BetaRead(selected, ignored, preview))
    diagnostics = story.diagnostics
    shown = path if path != "-" else "<stdin>"
    for warning in story.warnings:
        if warning.startswith(CAPPED_PREFIX):  # a rule that stopped: its findings are not all there
            sys.stderr.write(f"fabula: warning: {warning}\n")  # one line, as errors are
    if fix:
        if story.doc.format not in ("text", "markdown"):
            _fail("--fix rewrites plain text and Markdown only (for HTML and EPUB, fabula reads a rendition)")
        if output is None:
            _fail("--fix needs --output/-o FILE (fabula never overwrites your story)")
        fixed, n = apply_fixes(story.text, diagnostics)
        _write(output, fixed)
        err.print(f"fabula: {n} safe fixes applied -> {escape(str(output))}", highlight=False)
    if fmt == CheckFormat.json:
        sys.stdout.write(json.dumps({"path": shown, "diagnostics": [d.to_dict() for d in diagnostics]},
                                    ensure_ascii=False, indent=1) + "\n")
    elif fmt == CheckFormat.sarif:
        sys.stdout.write(json.dumps(sarif(shown, story.text, diagnostics), ensure_ascii=False, indent=1) + "\n")
    else:
        from fabula.render.terminal import print_check

        print_check(shown, story.text, diagnostics, line_col(story.text), Console(highlight=False))
    if any(d.severity == "error" for d in diagnostics):
        raise typer.Exit(1)


@app.command()
def rules(code: Annotated[Optional[str], typer.Argument(help="one rule's code, e.g. FB101")] = None) -> None:  # noqa: UP045
    """Every beta-read rule (code, family, severity, what), or one rule in full: why, bad and good examples."""
    from fabula.beta.registry import RULES
    from fabula.render.terminal import print_rules

    if code and code.upper() not in RULES:
        _fail(f"no rule {code}; `fabula rules` lists them")
    print_rules(RULES, code.upper() if code else None, Console())


def _check_listen(host: str, port: int) -> None:
    """Bind the address once before the server starts, so a bad port, a port in use or an unknown
    host is one line, not "serving on …" followed by uvicorn's traceback."""
    import socket

    if not 1 <= port <= 65535:
        _fail(f"--port {port}: a port is a number from 1 to 65535")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        _fail(f"--host {host}: not an address this machine can listen on ({exc})")
        return
    family, kind, proto, _name, address = infos[0]
    try:
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
            probe.bind(address)
    except OSError as exc:
        why = "already in use" if exc.errno == errno.EADDRINUSE else (exc.strerror or str(exc))
        _fail(f"cannot listen on {host}:{port}: {why}")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="address to bind; anything but 127.0.0.1 opens fabula to your network")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port to listen on")] = 8000,
    workers: Annotated[int, typer.Option(help="analysis processes (each loads the model once)")] = 2,
    queue: Annotated[int, typer.Option(help="requests allowed to wait for a worker before 503 'busy'")] = 64,
    max_bytes: Annotated[int, typer.Option(help="largest story accepted (413 above it)")] = 10 * 1024 * 1024,
    timeout: Annotated[float, typer.Option(help="seconds an analysis may take before 503")] = 120.0,
) -> None:
    """A local web app: paste or drop a story, see the report, download JSON, EPUB or an AO3 post."""
    try:
        import uvicorn

        from fabula.web.app import Settings, create_app
    except ImportError:
        _fail("fabula serve needs the web extra: pip install 'fabula[web]' (make install does)")
        return
    _check_listen(host, port)
    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(f"fabula: warning: serving on {escape(host)}: anyone who can reach this machine can use it", highlight=False)
    settings = Settings(max_bytes=max_bytes, timeout=timeout, workers=max(1, workers), queue=max(0, queue), host=host)
    err.print(f"fabula: serving on http://{escape(host)}:{port} (Ctrl-C to stop)", highlight=False)
    signal.signal(signal.SIGTERM, _exit_on_term)
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")


def _exit_on_term(_signum: int, _frame: object) -> NoReturn:
    """``kill`` stops the server as Ctrl-C does. uvicorn shuts down gracefully on SIGTERM and then
    raises the signal again for the handler it found; the default one ends the process at once,
    skipping the interpreter's shutdown, so multiprocessing's resource tracker complained of
    leaked semaphores (the worker pool's queues). Exiting through SystemExit lets them be freed;
    the status is 0, as after Ctrl-C: the shutdown asked for was done (a service manager counts
    143 as a failure)."""
    raise SystemExit(0)


corpus_app = typer.Typer(no_args_is_help=True, help="Many stories into one DuckDB store, in parallel and resumable.")
app.add_typer(corpus_app, name="corpus")


class Engine(str, Enum):
    local = "local"
    dask = "dask"


class TableFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class ExportFormat(str, Enum):
    parquet = "parquet"
    csv = "csv"


@corpus_app.command("build")
def corpus_build(
    root: Annotated[Path, typer.Argument(help="a directory of stories (.txt .md .html .mhtml .epub .docx .odt), searched "
                                              "recursively, or one table of paragraphs (.csv .tsv .parquet) with --id and --text")],
    db: Annotated[Path, typer.Option("--db", help="the DuckDB file to create or continue")] = Path("fabula.duckdb"),
    engine: Annotated[Engine, typer.Option(help="local process pool, or dask.distributed")] = Engine.local,
    workers: Annotated[Optional[int], typer.Option(help="worker processes (default: one per core)")] = None,  # noqa: UP045
    scheduler: Annotated[Optional[str], typer.Option(help="a Dask scheduler address, e.g. tcp://host:8786")] = None,  # noqa: UP045
    max_bytes: Annotated[int, typer.Option(help="record larger files as failed instead of reading them")] = DEFAULT_MAX_BYTES,
    retry_failed: Annotated[bool, typer.Option("--retry-failed", help="analyse unchanged files that failed before")] = False,
    id_col: Annotated[Optional[str], typer.Option("--id", help="table input: the column naming each fic")] = None,  # noqa: UP045
    text_col: Annotated[Optional[str], typer.Option("--text", help="table input: the column holding a paragraph")] = None,  # noqa: UP045
    chapter_col: Annotated[Optional[str], typer.Option("--chapter", help="table input: the chapter column (chapters in its order)")] = None,  # noqa: UP045
    order_col: Annotated[Optional[str], typer.Option("--order", help="table input: the paragraph order within a chapter (default: file order)")] = None,  # noqa: UP045
    title_col: Annotated[Optional[str], typer.Option("--title", help="table input: a column holding each fic's title")] = None,  # noqa: UP045
) -> None:
    """Analyse every new or changed story under ROOT into --db; re-run to continue after a stop."""
    from fabula.corpus.progress import BuildProgress
    from fabula.corpus.runner import build
    from fabula.corpus.tabular import Columns, TableSource, is_table

    if scheduler and engine != Engine.dask:
        _fail("--scheduler needs --engine dask")
    named = {"--id": id_col, "--text": text_col, "--chapter": chapter_col, "--order": order_col, "--title": title_col}
    table = None
    shown = BuildProgress(err)
    try:
        if is_table(root):
            if not id_col or not text_col:
                _fail(f"{root} is a table: name its columns with --id and --text (and --chapter, --order)")
            table = TableSource(root, Columns(id_col, text_col, chapter_col, order_col, title_col))  # type: ignore[arg-type]
        elif any(named.values()):
            _fail(f"{', '.join(k for k, v in named.items() if v)} name columns of a .csv, .tsv or .parquet file, not of {root}")
        with shown:
            summary = build(root, db, engine=engine.value, workers=workers, scheduler=scheduler, max_bytes=max_bytes,
                            retry_failed=retry_failed, progress=shown.story_done, on_plan=shown.planned, table=table)
    except FabulaError as exc:
        _fail(str(exc))
        return
    finally:
        if table is not None:
            table.close()
    shown.report(summary, db)
    if summary.interrupted:
        raise typer.Exit(130)
    if summary.failed:
        raise typer.Exit(1)


@corpus_app.command("query")
def corpus_query(
    db: Annotated[Path, typer.Argument(help="a store made by `fabula corpus build`")],
    sql: Annotated[str, typer.Argument(help="SQL over stories, chapters, scenes, characters, aliases, quotes, ...")],
    fmt: Annotated[TableFormat, typer.Option("--format", "-f")] = TableFormat.table,
) -> None:
    """Run SQL on a corpus store (read-only) and print the result."""
    from fabula.corpus.store import Store
    from fabula.render.tables import print_rows

    try:
        with Store(db, locked=True) as store:
            columns, rows = store.query(sql)
    except FabulaError as exc:
        _fail(str(exc))
        return
    print_rows(columns, rows, fmt.value, Console())


@corpus_app.command("export")
def corpus_export(
    db: Annotated[Path, typer.Argument(help="a store made by `fabula corpus build`")],
    out: Annotated[Path, typer.Argument(help="directory to write one file per table into")],
    to: Annotated[ExportFormat, typer.Option("--to", help="parquet (pandas, Spark, R arrow) or csv")] = ExportFormat.parquet,
) -> None:
    """Write every table of a corpus store to OUT as Parquet (or CSV) files."""
    from fabula.corpus.store import Store

    try:
        with Store(db, read_only=True) as store:
            written = store.export(out, to.value)
    except FabulaError as exc:
        _fail(str(exc))
        return
    for path in written:
        print(path)


def main() -> None:
    """Console entry point: one line for any error, never a traceback (unless FABULA_DEBUG)."""
    try:
        app()
    except SystemExit:
        _before_exit()
        raise
    except KeyboardInterrupt:
        err.print("fabula: interrupted")
        sys.exit(130)
    except OSError as exc:
        if exc.errno not in _WRITE_ERRORS or os.environ.get("FABULA_DEBUG"):
            _internal(exc)
        _output_failed(exc)
    except Exception as exc:  # the promise: one line, not a traceback (FABULA_DEBUG: the traceback)
        _internal(exc)


def _internal(exc: Exception) -> NoReturn:
    if os.environ.get("FABULA_DEBUG"):
        raise exc
    sys.stderr.write(f"fabula: internal error: {type(exc).__name__}: {exc} (set FABULA_DEBUG=1 for details)\n")
    sys.exit(3)


# what writing to standard output meets on a full disk, /dev/full, a closed pipe, a file too big
_WRITE_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EPIPE}


def _output_failed(exc: OSError) -> NoReturn:
    """Standard output took no more: say so in one line, exit 2 (a closed pipe, as ``| head``
    makes, silently), and point the stream at /dev/null so the interpreter's last flush cannot
    print a traceback of its own."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    if exc.errno == errno.EPIPE:
        sys.exit(1)
    sys.stderr.write(f"fabula: error: cannot write the output: {exc.strerror or exc}\n")
    sys.exit(2)


def _before_exit() -> None:
    """Skip the interpreter's last garbage collection, a tenth of a second of every one-shot.

    At exit Python collects the cyclic garbage of everything a command imported and built;
    freezing those objects first leaves them to the operating system. The command has written
    and closed its files by now, and the streams are flushed here, so nothing waits on a
    finalizer (atexit handlers still run).
    """
    import gc

    try:
        sys.stdout.flush()
    except OSError as exc:  # the last of the output did not fit (/dev/full, a full disk)
        _output_failed(exc)
    except ValueError:
        pass
    try:
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    if "duckdb" in sys.modules:
        # DuckDB's bindings (nanobind) count their objects still alive at exit and print ~47
        # lines of "leaked instances" about them: let the last collection free them
        gc.collect()
        return
    gc.freeze()


if __name__ == "__main__":
    main()
