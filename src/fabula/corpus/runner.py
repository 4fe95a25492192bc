"""The corpus runner: find stories, analyse the new and changed ones in parallel, store each whole.

Only the driver writes to the store; workers get a story's bytes and return its schema-1 JSON,
so the same task function runs in a local process pool or on a Dask cluster whose workers see
none of the driver's files. Inputs go largest first (a long novel started last would leave the
other core idle at the end), and only a few are in flight at once, so memory stays bounded on a
directory of thousands of fics.

Ctrl-C stops taking new work, stores what has finished, and exits; a SIGKILL loses at most the
stories in flight. Either way the next run skips every story whose content hash is stored.
"""

from __future__ import annotations

import hashlib
import os
import signal
import stat
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fabula.corpus.store import Outcome, Store, story_id
from fabula.corpus.tabular import TableSource
from fabula.errors import FabulaError
from fabula.ingest import DEFAULT_MAX_BYTES, sniff_format
from fabula.pool import WORKER_CONFIG, close_pool, new_pool, run_task

SUFFIXES = (".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml", ".mhtml", ".mht", ".epub", ".docx", ".odt")


@dataclass
class Task:
    path: Path
    rel_path: str
    story_id: str
    content_hash: str
    size: int
    load: Callable[[], bytes] | None = None  # the story's bytes when it is not a file of its own (a table's fic)
    unreadable: str | None = None  # why the file could not be read while planning
    attempts: int = 0  # runs lost to a worker's death so far


@dataclass
class Summary:
    inputs: int = 0
    analysed: int = 0
    skipped: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    words: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    retried: int = 0  # stories run again after a worker process died under them


def discover(root: Path) -> list[Path]:
    """Story files under ``root`` (or ``root`` itself), hidden files and folders left out."""
    if root.is_file():
        return [root]
    if not root.is_dir():
        raise FabulaError(f"{root} is neither a file nor a directory")
    found = []
    for path in root.rglob("*"):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts):
            continue
        if path.is_file() and path.suffix.lower() in SUFFIXES:
            found.append(path)
    return sorted(found)


def file_hash(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _identify(path: Path, max_bytes: int) -> tuple[str, int, str | None]:
    """(content hash, size, why it cannot be read or None) — never raises.

    The size is checked before hashing: a 20 GB sparse file is refused from its size alone, its
    "hash" its size and modification time (so an unchanged one is skipped next time). A file
    that cannot be read — removed since the listing, a link into /proc, no permission — is
    reported, not allowed to stop the build."""
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):
            return f"special:{st.st_mode:o}", 0, "not a regular file"
        if st.st_size > max_bytes:
            return f"size:{st.st_size}:{st.st_mtime_ns}", st.st_size, None
        return file_hash(path), st.st_size, None
    except OSError as exc:
        return f"unreadable:{exc.errno}", 0, f"cannot read: {exc.strerror or exc}"


def plan(root: Path, store: Store, retry_failed: bool = False,
         max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[list[Task], list[Task]]:
    """(to analyse, unchanged) for every story under ``root``; to-analyse largest first."""
    base = root if root.is_dir() else root.parent
    tasks = []
    for path in discover(root):
        rel = path.relative_to(base).as_posix()
        content_hash, size, unreadable = _identify(path, max_bytes)
        tasks.append(Task(path, rel, story_id(rel), content_hash, size, unreadable=unreadable))
    return _split(tasks, store, retry_failed)


def plan_table(source: TableSource, store: Store, retry_failed: bool = False) -> tuple[list[Task], list[Task]]:
    """``plan`` for the fics of one table file (:mod:`fabula.corpus.tabular`)."""
    tasks = []
    for fic, digest, size in source.stories():
        rel = source.rel_path(fic)
        tasks.append(Task(source.path, rel, story_id(rel), digest, size, load=source.loader(fic)))
    return _split(tasks, store, retry_failed)


def _split(tasks: list[Task], store: Store, retry_failed: bool) -> tuple[list[Task], list[Task]]:
    """(to analyse, unchanged): a story the store holds with the same content is unchanged, unless
    it failed and failures are retried; to-analyse largest first."""
    known = store.known()
    todo, same = [], []
    for task in tasks:
        stored = known.get(task.story_id)
        if stored and stored[0] == task.content_hash and not (retry_failed and stored[1] == "error"):
            same.append(task)
        else:
            todo.append(task)
    todo.sort(key=lambda t: (-t.size, t.rel_path))
    return todo, same


# --- the task function (runs in workers) -------------------------------------------------------

def analyse(rel_path: str, data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> dict[str, Any]:
    """Read one story; its schema-1 JSON with text, or the one-line error. Never raises."""
    t0 = time.perf_counter()
    out = run_task("read", data, rel_path, max_bytes, include_text=True, config=WORKER_CONFIG)  # a bug costs one story, not the run
    result: dict[str, Any] = {"json": out["ok"]} if "ok" in out else {"error": out["error"]}
    result["seconds"] = time.perf_counter() - t0
    return result


# --- engines -----------------------------------------------------------------------------------

Done = Callable[[Task, dict[str, Any]], None]


class StopFlag:
    """Set by the first Ctrl-C; a second one interrupts at once."""

    def __init__(self) -> None:
        self.set = False
        self._old: Any = None

    def __enter__(self) -> StopFlag:
        if threading.current_thread() is threading.main_thread():
            self._old = signal.signal(signal.SIGINT, self._handle)
        return self

    def _handle(self, signum: int, frame: Any) -> None:
        self.set = True
        signal.signal(signal.SIGINT, signal.default_int_handler)

    def __exit__(self, *exc: object) -> None:
        if self._old is not None:
            signal.signal(signal.SIGINT, self._old)


def _payloads(tasks: list[Task], max_bytes: int, done: Done) -> Iterator[tuple[Task, bytes]]:
    """Each task's bytes; a file too large or unreadable is reported without a worker."""
    for task in tasks:
        if task.unreadable:
            done(task, {"error": f"{task.rel_path}: {task.unreadable}", "seconds": 0.0})
            continue
        if task.size > max_bytes:
            done(task, {"error": f"{task.rel_path} is {task.size:,} bytes, over the {max_bytes:,}-byte limit "
                                 "(raise it with --max-bytes)", "seconds": 0.0})
            continue
        try:
            if task.load is not None:
                data = task.load()
            else:
                with open(task.path, "rb") as fh:
                    data = fh.read(max_bytes + 1)  # never more than the limit, whatever the file became
        except OSError as exc:
            done(task, {"error": f"cannot read {task.rel_path}: {exc.strerror or exc}", "seconds": 0.0})
            continue
        if len(data) > max_bytes:
            done(task, {"error": f"{task.rel_path} grew over the {max_bytes:,}-byte limit while the build ran",
                        "seconds": 0.0})
            continue
        yield task, data


def run_local(tasks: list[Task], workers: int, max_bytes: int, done: Done, stop: StopFlag,
              on_retry: Callable[[Task], None] | None = None) -> None:
    """The tasks on a local process pool that survives its workers' deaths.

    A worker killed under a story (the kernel's out-of-memory killer, a kill -9) breaks the whole
    pool: every story in flight fails with it, through no fault of its own. The pool is replaced
    and those stories run again, each alone this time, so that a story which kills its worker
    a second time is the one recorded as failed, and no other."""
    import concurrent.futures as cf
    from concurrent.futures.process import BrokenProcessPool

    pool = new_pool(workers)
    pending: dict[cf.Future[dict[str, Any]], tuple[Task, bytes]] = {}
    again: list[tuple[Task, bytes]] = []  # never started: the pool broke as they were handed in
    retry: list[tuple[Task, bytes]] = []  # in flight when a worker died: run again, alone
    feed = _payloads(tasks, max_bytes, done)

    def lost(item: tuple[Task, bytes]) -> None:
        """A story whose worker died: run it again alone, or, if it was alone already, it failed."""
        task = item[0]
        if task.attempts:
            done(task, {"error": "the worker process died twice while reading this story (out of memory?)",
                        "seconds": 0.0})
            return
        task.attempts += 1
        retry.append(item)
        if on_retry:
            on_retry(task)

    try:
        while True:
            dead = False
            while not stop.set:
                if retry or any(t.attempts for t, _ in pending.values()):
                    if pending or not retry:
                        break
                    nxt: tuple[Task, bytes] | None = retry.pop(0)
                elif len(pending) < 2 * workers:
                    nxt = again.pop(0) if again else next(feed, None)
                else:
                    break
                if nxt is None:
                    break
                try:
                    pending[pool.submit(analyse, nxt[0].rel_path, nxt[1], max_bytes)] = nxt
                except BrokenProcessPool:
                    (retry if nxt[0].attempts else again).insert(0, nxt)
                    dead = True
                    break
            if not pending and not dead:
                break
            finished, _ = cf.wait(pending, timeout=0.25, return_when=cf.FIRST_COMPLETED)
            for fut in finished:
                task, data = pending.pop(fut)
                try:
                    res = fut.result()
                except BrokenProcessPool:
                    dead = True
                    lost((task, data))
                    continue
                except Exception as exc:  # anything else from the pool: this story's, not the run's
                    res = {"error": f"worker failed: {type(exc).__name__}: {exc}", "seconds": 0.0}
                done(task, res)
            if dead:
                for fut in list(pending):  # the rest of what was in flight died with the pool
                    lost(pending.pop(fut))
                close_pool(pool)
                pool = new_pool(workers)
            if stop.set:  # what finished is stored; what runs is dropped and done again next time
                break
    finally:
        for fut in pending:
            fut.cancel()
        close_pool(pool)


def run_dask(tasks: list[Task], workers: int, scheduler: str | None, max_bytes: int, done: Done,
             stop: StopFlag) -> None:
    """The same task function on dask.distributed: a given scheduler, or a local cluster."""
    import logging

    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError as exc:
        raise FabulaError("the dask engine needs dask.distributed: pip install 'fabula[corpus]'") from exc

    cluster = None
    try:
        if scheduler:
            client = Client(scheduler, timeout="20s")
        else:
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=logging.ERROR)
            client = Client(cluster)
    except (OSError, TimeoutError) as exc:
        raise FabulaError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from exc
    try:
        n_slots = max(2 * sum(client.nthreads().values()), 2)
        feed = _payloads(tasks, max_bytes, done)
        queue = as_completed()
        owners: dict[Any, Task] = {}

        def submit() -> bool:
            nxt = next(feed, None)
            if nxt is None:
                return False
            task, data = nxt
            fut = client.submit(analyse, task.rel_path, data, max_bytes, key=f"fabula-{task.story_id}-{task.content_hash[:12]}",
                                pure=False)
            owners[fut.key] = task
            queue.add(fut)
            return True

        for _ in range(n_slots):
            if not submit():
                break
        while owners:
            if stop.set:
                break
            batch = queue.next_batch(block=False) if queue.has_ready() else []
            if not batch:
                time.sleep(0.1)
                continue
            for fut in batch:
                task = owners.pop(fut.key)
                try:
                    res = fut.result()
                except Exception as exc:
                    res = {"error": f"worker failed: {type(exc).__name__}: {exc}", "seconds": 0.0}
                fut.release()
                done(task, res)
                if not stop.set:
                    submit()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


# --- the build ---------------------------------------------------------------------------------

def build(
    root: Path,
    db: Path,
    *,
    engine: str = "local",
    workers: int | None = None,
    scheduler: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    retry_failed: bool = False,
    progress: Callable[[Task, Outcome, int, int], None] | None = None,
    on_plan: Callable[[list[Task], list[Task]], None] | None = None,
    table: TableSource | None = None,
) -> Summary:
    """Analyse every new or changed story under ``root`` (or each fic of ``table``) into the store at ``db``."""
    from fabula import __version__

    if engine not in ("local", "dask"):
        raise FabulaError(f"unknown engine {engine!r}: choose local or dask")
    workers = workers or os.cpu_count() or 1
    if workers < 1:
        raise FabulaError("--workers must be at least 1")
    summary = Summary()
    t0 = time.perf_counter()
    with Store(db) as store:
        todo, same = plan_table(table, store, retry_failed) if table is not None else plan(root, store, retry_failed, max_bytes)
        summary.inputs = len(todo) + len(same)
        summary.skipped = len(same)
        if on_plan:
            on_plan(todo, same)
        engine_name = engine if engine == "local" else f"dask:{scheduler or f'local/{workers}'}"

        def done(task: Task, res: dict[str, Any]) -> None:
            js = res.get("json")
            fmt = js["source"]["format"] if js else _sniff(task)
            outcome = Outcome(task.rel_path, task.content_hash, task.size, fmt, js, res.get("error"),
                              float(res.get("seconds", 0.0)))
            store.write(outcome, engine_name, __version__)
            summary.analysed += 1
            if js:
                summary.words += int(js["source"].get("words", 0))
            if progress:
                progress(task, outcome, summary.analysed, len(todo))

        with StopFlag() as stop:
            if todo:
                if engine == "local":
                    def retried(task: Task) -> None:
                        summary.retried += 1

                    run_local(todo, min(workers, len(todo)), max_bytes, done, stop, retried)
                else:
                    run_dask(todo, workers, scheduler, max_bytes, done, stop)
            summary.interrupted = stop.set
        summary.failed = store.failures(t.story_id for t in todo + same)
    summary.seconds = time.perf_counter() - t0
    return summary


def _sniff(task: Task) -> str | None:
    try:
        with open(task.path, "rb") as fh:
            return sniff_format(fh.read(4096), task.rel_path)
    except OSError:
        return None
