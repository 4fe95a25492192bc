"""``fabula serve``: a local web app — paste or drop a story, get the report, download JSON, EPUB
or an AO3 post — and the same as a JSON API.

Shape of the thing:

- The page (``/``) is one self-contained HTML file with its own script: nothing from a CDN, so it
  works offline. The API is FastAPI, so ``/docs`` and ``/openapi.json`` describe it.
- Analysis runs in a process pool (``fabula.runtime.workers.run_task``), one spaCy model per worker, never on the event
  loop. Admission is bounded: at most ``workers + queue`` requests are in the building; the next
  one gets 503 "busy, retry" with Retry-After at once, so the server never hangs or swells.
- Limits answer in JSON: a body over ``max_bytes`` 413 (checked on Content-Length before reading,
  and while reading), a content type fabula cannot read 415, unreadable input (binary, empty, a
  damaged or zip-bomb EPUB) 400, an analysis over ``timeout`` 503.
- Long inputs can go through ``/api/jobs``: the page polls a job's progress for a progress bar.
- Nothing is stored: inputs live in memory for the request, jobs for ten minutes after they end.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import time
import uuid
from collections.abc import AsyncIterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi_offline import FastAPIOffline

from fabula import __version__
from fabula.config import Config
from fabula.runtime.workers import run_task, warm_worker

STATIC = Path(__file__).parent / "static"
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
TEXT_TYPES = {"text/plain", "text/markdown", "text/x-markdown", "text/html", "application/xhtml+xml",
              "application/epub+zip", "application/octet-stream", "application/zip"}
SUFFIX = {"text/markdown": ".md", "text/x-markdown": ".md", "text/html": ".html", "application/xhtml+xml": ".html",
          "application/epub+zip": ".epub", "application/zip": ".epub"}
JOB_TTL = 600.0

STORY_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "text/plain": {"schema": {"type": "string"}},
            "text/markdown": {"schema": {"type": "string"}},
            "text/html": {"schema": {"type": "string"}},
            "application/epub+zip": {"schema": {"type": "string", "format": "binary"}},
            "multipart/form-data": {"schema": {"type": "object", "required": ["file"],
                                               "properties": {"file": {"type": "string", "format": "binary"}}}},
        },
    }
}


@dataclass
class Settings:
    max_bytes: int = DEFAULT_MAX_BYTES
    timeout: float = 120.0
    workers: int = 2
    queue: int = 64


@dataclass
class State:
    settings: Settings
    pool: ProcessPoolExecutor | None = None
    manager: Any = None
    progress: Any = None
    slots: asyncio.Semaphore | None = None
    jobs: dict[str, dict[str, Any]] = field(default_factory=dict)


class Refused(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


def create_app(settings: Settings | None = None) -> FastAPI:
    state = State(settings or Settings())

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        ctx = multiprocessing.get_context("spawn")
        state.manager = ctx.Manager()
        state.progress = state.manager.dict()
        state.pool = ProcessPoolExecutor(max_workers=state.settings.workers, mp_context=ctx, initializer=warm_worker,
                                         initargs=(os.getpid(), Config(ner_processes=1)))  # NER in-process: the pool fills the cores
        # start every worker now (and load its model) rather than on the first request
        await asyncio.gather(*(asyncio.get_running_loop().run_in_executor(state.pool, time.sleep, 0.01)
                               for _ in range(state.settings.workers)))
        state.slots = asyncio.Semaphore(state.settings.workers + state.settings.queue)
        yield
        state.pool.shutdown(wait=False, cancel_futures=True)
        state.manager.shutdown()

    # FastAPIOffline serves Swagger UI's files itself: /docs works with no network, like the page
    app = FastAPIOffline(title="fabula", version=__version__, lifespan=lifespan,
                  description="Read fiction the way a careful reader does: parts, people, who says what, "
                              "how it is told; reports, tags, EPUB and AO3 posts.")

    @app.exception_handler(Refused)
    async def refused(request: Request, exc: Refused) -> JSONResponse:
        return JSONResponse({"error": exc.message}, status_code=exc.status, headers=exc.headers)

    async def body_of(request: Request) -> tuple[bytes, str]:
        """The story's bytes and a file name fabula can sniff, from a raw body or a multipart upload."""
        limit = state.settings.max_bytes
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > limit + 64 * 1024:
            raise Refused(413, f"the body is {int(length):,} bytes; the limit is {limit:,} (fabula serve --max-bytes)")
        ctype = request.headers.get("content-type", "text/plain").split(";")[0].strip().lower()
        if ctype == "multipart/form-data":
            try:
                form = await request.form(max_part_size=limit + 1)
            except Exception as exc:  # starlette refuses parts over the limit, and malformed forms
                status = 413 if "size" in str(exc).lower() else 400
                raise Refused(status, f"cannot read the upload: {exc}") from exc
            upload = form.get("file")
            if upload is None or isinstance(upload, str):
                raise Refused(400, "send the story as a form field named 'file'")
            data = await upload.read(limit + 1)
            name = Path(upload.filename or "story.txt").name
        elif ctype in TEXT_TYPES or ctype.startswith("text/"):
            chunks, size = [], 0
            async for chunk in request.stream():
                size += len(chunk)
                if size > limit:
                    raise Refused(413, f"the body is over the {limit:,}-byte limit (fabula serve --max-bytes)")
                chunks.append(chunk)
            data = b"".join(chunks)
            name = "story" + SUFFIX.get(ctype, ".txt")
        else:
            raise Refused(415, f"cannot read {ctype}: send text/plain, text/markdown, text/html, "
                               "application/epub+zip, or a multipart form with a 'file'")
        if len(data) > limit:
            raise Refused(413, f"the story is over the {limit:,}-byte limit (fabula serve --max-bytes)")
        if not data.strip():
            raise Refused(400, "the story is empty")
        return data, name

    async def analyse(what: str, data: bytes, name: str, include_text: bool = False, job: str | None = None) -> Any:
        slots, pool = state.slots, state.pool
        assert slots is not None and pool is not None
        if slots.locked():
            raise Refused(503, "busy, retry in a few seconds", {"Retry-After": "5"})
        await slots.acquire()
        loop = asyncio.get_running_loop()
        fut = loop.run_in_executor(pool, run_task, what, data, name, state.settings.max_bytes,
                                   include_text, state.progress if job else None, job)
        # the slot is given back when the worker is done, not when the client stops waiting:
        # an analysis past the time limit still occupies its worker
        fut.add_done_callback(lambda _f: slots.release())
        try:
            out = await asyncio.wait_for(asyncio.shield(fut), timeout=state.settings.timeout)
        except asyncio.TimeoutError as exc:
            raise Refused(503, f"analysis took over {state.settings.timeout:g} s; try a shorter text, "
                               "or retry later", {"Retry-After": "30"}) from exc
        if "error" in out:
            raise Refused(int(out["status"]), out["error"])
        return out

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def page() -> HTMLResponse:
        return HTMLResponse((STATIC / "index.html").read_text(encoding="utf-8"))

    @app.get("/healthz")
    async def healthz() -> dict[str, Any]:
        """Liveness, and how many requests are in the building."""
        busy = (state.settings.workers + state.settings.queue) - (state.slots._value if state.slots else 0)
        return {"status": "ok", "version": __version__, "in_flight": busy, "workers": state.settings.workers}

    @app.post("/api/read", openapi_extra=STORY_BODY)
    async def api_read(request: Request, include_text: bool = Query(False)) -> JSONResponse:
        """The story's analysis: the schema-1 JSON of SCHEMA.md."""
        data, name = await body_of(request)
        out = await analyse("read", data, name, include_text)
        return JSONResponse(out["ok"])

    @app.post("/api/tags", openapi_extra=STORY_BODY)
    async def api_tags(request: Request) -> JSONResponse:
        """Suggested AO3 tags, each with evidence spans and why."""
        data, name = await body_of(request)
        return JSONResponse((await analyse("tags", data, name))["ok"])

    @app.post("/api/check", openapi_extra=STORY_BODY)
    async def api_check(request: Request) -> JSONResponse:
        """The beta read: diagnostics with rule code, severity, span, message and fix (see `fabula rules`)."""
        data, name = await body_of(request)
        out = await analyse("check", data, name)
        return JSONResponse({"diagnostics": out["ok"]})

    @app.post("/api/report", openapi_extra=STORY_BODY, response_class=HTMLResponse)
    async def api_report(request: Request) -> HTMLResponse:
        """The self-contained HTML report."""
        data, name = await body_of(request)
        return HTMLResponse((await analyse("report", data, name))["ok"])

    @app.post("/api/publish", openapi_extra=STORY_BODY)
    async def api_publish(request: Request, to: str = Query("ao3", pattern="^(ao3|epub)$")) -> Response:
        """An EPUB 3 file (to=epub) or the AO3 posting form's fields as JSON (to=ao3)."""
        data, name = await body_of(request)
        out = await analyse("epub" if to == "epub" else "ao3", data, name)
        if to == "epub":
            stem = "".join(ch for ch in (out.get("title") or "story") if ch.isalnum() or ch in " -_").strip() or "story"
            return Response(out["ok"], media_type="application/epub+zip",
                            headers={"Content-Disposition": f'attachment; filename="{stem[:60]}.epub"'})
        return JSONResponse(out["ok"])

    @app.post("/api/jobs", openapi_extra=STORY_BODY, status_code=202)
    async def api_job(request: Request, what: str = Query("report", pattern="^(read|report|tags)$")) -> dict[str, str]:
        """Start an analysis and poll it: for a novel, so the page can show progress."""
        data, name = await body_of(request)
        _expire(state)
        if state.slots is not None and state.slots.locked():
            raise Refused(503, "busy, retry in a few seconds", {"Retry-After": "5"})
        job = uuid.uuid4().hex
        state.progress[job] = {"stage": "queued", "progress": 0.0}
        entry: dict[str, Any] = {"what": what, "started": time.time(), "done": None, "result": None, "error": None}
        state.jobs[job] = entry

        async def go() -> None:
            try:
                entry["result"] = (await analyse(what, data, name, job=job))["ok"]
            except Refused as exc:
                entry["error"] = {"status": exc.status, "error": exc.message}
            finally:
                entry["done"] = time.time()

        entry["task"] = asyncio.create_task(go())
        return {"id": job, "status_url": f"/api/jobs/{job}", "result_url": f"/api/jobs/{job}/result"}

    @app.get("/api/jobs/{job}")
    async def api_job_status(job: str) -> dict[str, Any]:
        """A job's stage and progress (0 to 1)."""
        entry = state.jobs.get(job)
        if entry is None:
            raise Refused(404, "no such job (jobs are kept ten minutes after they end)")
        now = dict(state.progress.get(job, {})) if state.progress is not None else {}
        state_name = "failed" if entry["error"] else "done" if entry["done"] else "running"
        return {"id": job, "state": state_name, "stage": now.get("stage"), "progress": 1.0 if entry["done"] else now.get("progress", 0.0),
                "error": entry["error"]["error"] if entry["error"] else None}

    @app.get("/api/jobs/{job}/result")
    async def api_job_result(job: str) -> Response:
        """The finished job's result: HTML for a report, JSON otherwise."""
        entry = state.jobs.get(job)
        if entry is None:
            raise Refused(404, "no such job (jobs are kept ten minutes after they end)")
        if entry["error"]:
            raise Refused(entry["error"]["status"], entry["error"]["error"])
        if not entry["done"]:
            raise Refused(409, "not finished yet; poll the status URL")
        if entry["what"] == "report":
            return HTMLResponse(entry["result"])
        return JSONResponse(entry["result"])

    return app


def _expire(state: State) -> None:
    now = time.time()
    for job, entry in list(state.jobs.items()):
        if entry["done"] and now - entry["done"] > JOB_TTL:
            state.jobs.pop(job, None)
            with contextlib.suppress(Exception):
                state.progress.pop(job, None)
