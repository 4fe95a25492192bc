"""What a corpus build shows while it runs: a rich progress bar with an ETA on a terminal, one
plain line per story otherwise (logs and tests read those)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from fabula.corpus.runner import Summary, Task
from fabula.corpus.store import Outcome


class BuildProgress:
    def __init__(self, console: Console) -> None:
        self.console = console
        self.live = console.is_terminal
        self.bar: Progress | None = None
        self.task_id: Any = None
        self.total_bytes = 0

    def __enter__(self) -> BuildProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()

    def planned(self, todo: list[Task], same: list[Task]) -> None:
        self.total_bytes = sum(t.size for t in todo)
        n = len(todo) + len(same)
        self.console.print(f"fabula corpus: {n} {'story' if n == 1 else 'stories'}, {len(same)} unchanged, "
                           f"{len(todo)} to analyse", highlight=False)
        if self.live and todo:
            # progress by bytes, so a few novels among many fics still give an honest ETA
            self.bar = Progress(TextColumn("[bold]analysing"), BarColumn(), TextColumn("{task.fields[stories]} stories"),
                                TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                                console=self.console, transient=True)
            self.bar.start()
            self.task_id = self.bar.add_task("analysing", total=max(self.total_bytes, 1), stories=f"0/{len(todo)}")

    def story_done(self, task: Task, outcome: Outcome, n: int, total: int) -> None:
        if outcome.result is not None:
            # the story's words, as `fabula read` and the store count them (notes left out; 0 where
            # it is all notes), the file's only where the result has no work
            words = (outcome.result.get("work") or {}).get("words")
            if words is None:
                words = outcome.result["source"].get("words", 0)
            line = f"ok     {task.rel_path} ({words:,} words, {outcome.seconds:.1f} s)"
        else:
            line = f"failed {task.rel_path}: {outcome.error}"
        if self.bar is not None:
            self.bar.update(self.task_id, advance=task.size, stories=f"{n}/{total}")
            if outcome.result is None:
                self.bar.console.print(escape(line), highlight=False)
        else:
            self.console.print(escape(f"[{n}/{total}] {line}"), highlight=False, soft_wrap=True)

    def report(self, summary: Summary, db: Path) -> None:
        rate = summary.words / summary.seconds if summary.seconds else 0.0
        self.console.print(
            f"fabula corpus: {summary.analysed} analysed, {summary.skipped} unchanged, {len(summary.failed)} failed; "
            f"{summary.words:,} words read (notes too) in {summary.seconds:.1f} s ({rate:,.0f} words/s) -> {escape(str(db))}",
            soft_wrap=True,
            highlight=False)
        if summary.retried:
            self.console.print(f"fabula corpus: a worker process died; {summary.retried} "
                               f"{'story was' if summary.retried == 1 else 'stories were'} run again", highlight=False)
        for path, error in summary.failed:
            self.console.print(escape(f"  failed: {path}: {error}"), highlight=False, soft_wrap=True)
        if summary.interrupted:
            self.console.print("fabula corpus: interrupted; run the same command again to continue", highlight=False)
