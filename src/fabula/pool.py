"""What the worker processes fabula starts (corpus pool, web app pool) do: start up, then read a
story and render what was asked. Results cross back as plain data (JSON-able dicts, HTML strings,
EPUB bytes); progress for long inputs goes through a shared dict the web server polls.

A pool's initializer (:func:`warm_worker`) is given the worker's :class:`fabula.config.Config`
and keeps it for the tasks this process runs; a task may also bring its own (the corpus runner's,
which runs on Dask workers that never ran the initializer).
"""

from __future__ import annotations

import os
import signal
import threading
import time
from typing import Any

from fabula.config import Config
from fabula.errors import FabulaError, InputTooLarge

#: the config of a pool's workers: NER in each worker's own process (the pool fills the cores)
WORKER_CONFIG = Config(ner_processes=1)


def new_pool(workers: int) -> Any:
    """A pool of ``workers`` spawned processes, each warmed by :func:`warm_worker` (spawned, not
    forked: the corpus runner holds DuckDB's threads, the web app its server's)."""
    import concurrent.futures as cf
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    return cf.ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=warm_worker,
                                  initargs=(os.getpid(), WORKER_CONFIG))


def close_pool(pool: Any) -> None:
    """Stop a pool now, broken or not: its queued work cancelled, its live workers terminated."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in processes:
        if proc.is_alive():
            proc.terminate()


# this worker process's config, set once by its pool's initializer
_worker_config = Config()


def warm_worker(parent: int, config: Config | None = None) -> None:
    """Pool initializer: leave Ctrl-C to the parent (it stops cleanly), exit if the parent dies
    (a killed driver must not leave workers holding a model each), keep ``config`` for this
    process's tasks, and load the model now so the first task does not pay for it."""
    global _worker_config
    if config is not None:
        _worker_config = config
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, daemon=True).start()
    try:
        from fabula.characters import nlp

        nlp.load_model()
    except FabulaError:
        pass  # each task will report the missing model


WHAT = ("read", "tags", "report", "epub", "ao3", "timeline", "check")


def run_task(what: str, data: bytes, name: str, max_bytes: int, include_text: bool = False,
        progress: Any = None, job: str | None = None, fmt: str | None = None,
        config: Config | None = None) -> dict[str, Any]:
    """{"ok": result} or {"error": message, "status": http status}; never raises.

    ``name`` is the file name the story came with ("" for none: messages then say "input", not
    a name nobody sent); ``fmt`` a format the sender stated (a content type), else detected;
    ``config`` defaults to the one this worker was started with."""
    import fabula

    def report(stage: str, done: float) -> None:
        if progress is not None and job is not None:
            progress[job] = {"stage": stage, "progress": round(done, 3)}

    try:
        story = fabula.read(data, name=name or None, format=fmt, max_bytes=max_bytes, progress=report,
                            config=config or _worker_config, beta=what in ("report", "check"))
        report("rendering", 0.97)
        result: Any
        if what == "read":
            result = story.to_dict(include_text=include_text)
        elif what == "tags":
            result = story.tags
        elif what == "timeline":
            result = {"scenes": [s.to_dict() for s in story.scenes]}
        elif what == "report":
            from fabula.render.report import report_html

            result = report_html(story)
        elif what == "check":
            result = [d.to_dict() for d in story.diagnostics]
        elif what == "epub":
            from fabula.render.epub import story_epub

            result = story_epub(story)
        elif what == "ao3":
            from fabula.render.ao3 import ao3_post

            result = ao3_post(story)
        else:
            return {"error": f"unknown output {what!r}", "status": 400}
        report("done", 1.0)
        return {"ok": result, "title": story.work.title}
    except FabulaError as exc:
        return {"error": str(exc), "status": 413 if isinstance(exc, InputTooLarge) else 400}
    except Exception as exc:  # a bug costs one request, not the worker
        return {"error": f"internal error: {type(exc).__name__}: {exc}", "status": 500}
