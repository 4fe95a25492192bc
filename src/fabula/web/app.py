"""``fabula serve``: a local web app — paste or drop a story, get the report, download JSON, EPUB
or an AO3 post — and the same as a JSON API.

Shape of the thing:

- The page (``/``) is one self-contained HTML file with its own script: nothing from a CDN, so it
  works offline. The API is FastAPI, so ``/docs`` and ``/openapi.json`` describe it.
- Analysis runs in a process pool (``fabula.pool.run_task``), one spaCy model per worker, never on the event
  loop. Admission is bounded: at most ``workers + queue`` requests are in the building; the next
  one gets 503 "busy, retry" with Retry-After at once, so the server never hangs or swells.
- A worker that dies (the out-of-memory killer, a kill -9) breaks the pool: the pool is replaced,
  the requests it was serving answer 503 with why, their slots are freed, and ``/healthz`` says
  "degraded" until the new pool stands.
- Limits answer in JSON: a body over ``max_bytes`` 413 (checked on Content-Length before reading,
  and while reading — multipart uploads too, chunked or not), a content type fabula cannot read
  415, unreadable input (binary, empty, a damaged or zip-bomb EPUB) 400, an analysis over
  ``timeout`` 503.
- Only the host names the server was bound to are answered (a page elsewhere whose name is
  rebound to 127.0.0.1 gets 403), and a POST from a page of another origin is refused; the page
  and the report are framed by nobody, and the report runs in a sandboxed frame.
- Long inputs can go through ``/api/jobs``: the page polls a job's progress for a progress bar.
- Nothing is stored: inputs live in memory for the request, jobs for ten minutes after they end.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import multiprocessing
import re
import time
import unicodedata
import urllib.parse
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi_offline import FastAPIOffline

from fabula import __version__
from fabula.pool import close_pool, new_pool, run_task

STATIC = Path(__file__).parent / "static"
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
TEXT_TYPES = {"text/plain", "text/markdown", "text/x-markdown", "text/html", "application/xhtml+xml",
              "application/epub+zip", "application/octet-stream", "application/zip"}
FORMAT_OF = {"text/markdown": "markdown", "text/x-markdown": "markdown", "text/html": "html",
             "application/xhtml+xml": "html", "application/epub+zip": "epub", "application/zip": "epub"}
MULTIPART_OVERHEAD = 64 * 1024  # boundaries and part headers around the story in a form upload
JOB_TTL = 600.0
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
WORKER_DIED = ("the process reading this story stopped (killed, or out of memory); it has been replaced — "
               "retry, or send a shorter text")

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
    host: str = "127.0.0.1"  # the address bound: decides which Host headers are answered


@dataclass
class State:
    settings: Settings
    pool: ProcessPoolExecutor | None = None
    manager: Any = None
    progress: Any = None
    slots: asyncio.Semaphore | None = None
    jobs: dict[str, dict[str, Any]] = field(default_factory=dict)
    replaced: int = 0  # pools replaced after a worker died

    def new_pool(self) -> ProcessPoolExecutor:
        pool: ProcessPoolExecutor = new_pool(self.settings.workers)
        return pool

    def healthy(self) -> bool:
        """Is the pool whole? (Broken once any worker died; every worker alive otherwise.)"""
        pool = self.pool
        if pool is None or getattr(pool, "_broken", False):
            return False
        return all(p.is_alive() for p in (getattr(pool, "_processes", None) or {}).values())

    def replace_pool(self, broken: ProcessPoolExecutor) -> None:
        """A new pool for a broken one (once, however many requests saw it break)."""
        if self.pool is not broken:
            return
        self.pool = self.new_pool()
        self.replaced += 1
        close_pool(broken)

    def in_flight(self) -> int:
        return (self.settings.workers + self.settings.queue) - (self.slots._value if self.slots else 0)


class Refused(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


def _state(request: Request) -> State:
    return request.app.state.fabula  # type: ignore[no-any-return]


# --- reading a request's story -------------------------------------------------------------------

async def _read_body(request: Request, limit: int) -> bytes:
    """The body, read as it streams in and refused as soon as it passes ``limit``: a chunked upload
    with no Content-Length was written to disk whole (2 GB) before its 413."""
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise Refused(413, f"the body is over the {limit:,}-byte limit (fabula serve --max-bytes)")
        chunks.append(chunk)
    return b"".join(chunks)


async def _upload(request: Request, limit: int) -> tuple[bytes, str | None]:
    """The story of a multipart form (field ``file``) and its file name, if one was sent."""
    raw = await _read_body(request, limit + MULTIPART_OVERHEAD)

    async def replay() -> dict[str, Any]:
        return {"type": "http.request", "body": raw, "more_body": False}

    try:
        form = await Request(request.scope, replay).form(max_part_size=limit + 1)
    except Exception as exc:  # starlette refuses parts over the limit, and malformed forms
        status = 413 if "size" in str(exc).lower() else 400
        raise Refused(status, f"cannot read the upload: {exc}") from exc
    upload = form.get("file")
    if upload is None:
        raise Refused(400, "send the story as a form field named 'file'")
    if isinstance(upload, str):  # a field with no file name (curl -F 'file=<story.txt'): the text itself
        return upload.encode("utf-8"), None
    data = await upload.read(limit + 1)
    return data, (Path(upload.filename).name if upload.filename else None)


async def body_of(request: Request) -> tuple[bytes, str | None, str | None]:
    """The story's bytes, the file name sent with it (none for a raw body: no file was named) and
    the format its content type states, from a raw body or a multipart upload."""
    limit = _state(request).settings.max_bytes
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > limit + MULTIPART_OVERHEAD:
        raise Refused(413, f"the body is {int(length):,} bytes; the limit is {limit:,} (fabula serve --max-bytes)")
    ctype = request.headers.get("content-type", "text/plain").split(";")[0].strip().lower()
    fmt: str | None = None
    if ctype == "multipart/form-data":
        data, name = await _upload(request, limit)
    elif ctype in TEXT_TYPES or ctype.startswith("text/"):
        data, name, fmt = await _read_body(request, limit), None, FORMAT_OF.get(ctype)
    else:
        raise Refused(415, f"cannot read {ctype}: send text/plain, text/markdown, text/html, "
                           "application/epub+zip, or a multipart form with a 'file'")
    if len(data) > limit:
        raise Refused(413, f"the story is over the {limit:,}-byte limit (fabula serve --max-bytes)")
    if not data.strip():
        raise Refused(400, "the story is empty")
    return data, name, fmt


# --- running an analysis -------------------------------------------------------------------------

async def analyse(state: State, what: str, story: tuple[bytes, str | None, str | None], include_text: bool = False,
                  job: str | None = None) -> Any:
    """Run ``what`` on a worker; the answer, or :class:`Refused` with the status to send."""
    slots = state.slots
    assert slots is not None
    if slots.locked():
        raise Refused(503, "busy, retry in a few seconds", {"Retry-After": "5"})
    await slots.acquire()
    data, name, fmt = story
    pool = state.pool
    try:
        assert pool is not None
        fut = asyncio.get_running_loop().run_in_executor(
            pool, run_task, what, data, name or "", state.settings.max_bytes, include_text,
            state.progress if job else None, job, fmt)
    except BaseException as exc:  # the pool broke before this request got a worker: its slot is freed here
        slots.release()
        if isinstance(exc, BrokenProcessPool) and pool is not None:
            state.replace_pool(pool)
            raise Refused(503, WORKER_DIED, {"Retry-After": "5"}) from exc
        raise
    # the slot is given back when the worker is done, not when the client stops waiting:
    # an analysis past the time limit still occupies its worker
    fut.add_done_callback(lambda _f: slots.release())
    try:
        out = await asyncio.wait_for(asyncio.shield(fut), timeout=state.settings.timeout)
    except asyncio.TimeoutError as exc:
        raise Refused(503, f"analysis took over {state.settings.timeout:g} s; try a shorter text, "
                           "or retry later", {"Retry-After": "30"}) from exc
    except BrokenProcessPool as exc:
        state.replace_pool(pool)
        raise Refused(503, WORKER_DIED, {"Retry-After": "5"}) from exc
    if "error" in out:
        raise Refused(int(out["status"]), out["error"])
    return out


async def _watch_pool(state: State) -> None:
    """Replace a pool whose worker died even while no request is there to notice."""
    while True:
        await asyncio.sleep(1.0)
        pool = state.pool
        if pool is not None and not state.healthy():
            state.replace_pool(pool)


# --- the browser's rules: which hosts, which origins, what may frame or run --------------------

def _host_name(value: str) -> str:
    """'127.0.0.1:8000' → '127.0.0.1'; '[::1]:8000' → '::1'; 'http://localhost:8000' → 'localhost'."""
    value = value.strip().lower()
    if "://" in value:
        value = urllib.parse.urlsplit(value).netloc
    if value.startswith("["):
        return value[1:value.find("]")] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


def allowed_hosts(host: str) -> set[str] | None:
    """The names a request may address this server by; None (any) when bound to every interface."""
    if host in ("0.0.0.0", "::", ""):
        return None
    return LOOPBACK | {host.lower()} if host in LOOPBACK else {host.lower()}


def _script_hash(page: str) -> str:
    """The CSP hash of the page's one inline script: the page runs it and nothing else."""
    m = re.search(r"<script>(.*?)</script>", page, re.S)
    digest = hashlib.sha256((m.group(1) if m else "").encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode() + "'"


def page_policy(page: str) -> str:
    # the report is shown in a sandboxed srcdoc frame, which inherits this policy: its inline
    # styles and SVG need style-src 'unsafe-inline'; it runs no script
    return ("default-src 'none'; script-src " + _script_hash(page) + "; style-src 'unsafe-inline'; "
            "img-src 'self' data: blob:; connect-src 'self'; frame-src 'self' blob: about:; "
            "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


API_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox; frame-ancestors 'none'"


async def guard(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    """Host and Origin checks before anything runs; framing and content headers on every answer."""
    hosts = allowed_hosts(_state(request).settings.host)
    if hosts is not None:
        host = _host_name(request.headers.get("host", ""))
        if host not in hosts:
            return JSONResponse({"error": f"this server answers to {', '.join(sorted(hosts))} only"}, status_code=403)
        origin = request.headers.get("origin")
        if request.method not in ("GET", "HEAD", "OPTIONS") and origin is not None and _host_name(origin) not in hosts:
            return JSONResponse({"error": "requests from another site's pages are refused"}, status_code=403)
    response = await call_next(request)
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    if request.url.path.startswith("/api/"):
        response.headers.setdefault("Content-Security-Policy", API_POLICY)
    return response


def attachment(title: str | None, suffix: str) -> str:
    """A Content-Disposition naming the download after the title (RFC 6266, with RFC 5987's
    ``filename*`` for any script): an ASCII fallback, then the UTF-8 name."""
    stem = "".join(ch for ch in (title or "story") if ch.isalnum() or ch in " -_").strip()[:60].strip() or "story"
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode().strip() or "story"
    return (f'attachment; filename="{ascii_stem}{suffix}"; '
            f"filename*=UTF-8''{urllib.parse.quote(stem + suffix, safe='')}")


# --- the routes ----------------------------------------------------------------------------------

router = APIRouter()


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
async def page(request: Request) -> HTMLResponse:
    html = (STATIC / "index.html").read_text(encoding="utf-8")
    return HTMLResponse(html, headers={"Content-Security-Policy": page_policy(html)})


@router.get("/healthz")
async def healthz(request: Request) -> JSONResponse:
    """Liveness, and how many requests are in the building: 503 "degraded" while the worker pool is broken."""
    state = _state(request)
    ok = state.healthy()
    body = {"status": "ok" if ok else "degraded", "version": __version__, "in_flight": state.in_flight(),
            "workers": state.settings.workers, "pools_replaced": state.replaced}
    return JSONResponse(body, status_code=200 if ok else 503)


@router.post("/api/read", openapi_extra=STORY_BODY)
async def api_read(request: Request, include_text: bool = Query(False)) -> JSONResponse:
    """The story's analysis: the schema-1 JSON of SCHEMA.md."""
    out = await analyse(_state(request), "read", await body_of(request), include_text)
    return JSONResponse(out["ok"])


@router.post("/api/tags", openapi_extra=STORY_BODY)
async def api_tags(request: Request) -> JSONResponse:
    """Suggested AO3 tags, each with evidence spans and why."""
    return JSONResponse((await analyse(_state(request), "tags", await body_of(request)))["ok"])


@router.post("/api/check", openapi_extra=STORY_BODY)
async def api_check(request: Request) -> JSONResponse:
    """The beta read: diagnostics with rule code, severity, span, message and fix (see `fabula rules`)."""
    out = await analyse(_state(request), "check", await body_of(request))
    return JSONResponse({"diagnostics": out["ok"]})


@router.post("/api/report", openapi_extra=STORY_BODY, response_class=HTMLResponse)
async def api_report(request: Request) -> HTMLResponse:
    """The self-contained HTML report."""
    return HTMLResponse((await analyse(_state(request), "report", await body_of(request)))["ok"])


@router.post("/api/publish", openapi_extra=STORY_BODY)
async def api_publish(request: Request, to: str = Query("ao3", pattern="^(ao3|epub)$")) -> Response:
    """An EPUB 3 file (to=epub) or the AO3 posting form's fields as JSON (to=ao3)."""
    out = await analyse(_state(request), "epub" if to == "epub" else "ao3", await body_of(request))
    if to == "epub":
        return Response(out["ok"], media_type="application/epub+zip",
                        headers={"Content-Disposition": attachment(out.get("title"), ".epub")})
    return JSONResponse(out["ok"])


@router.post("/api/jobs", openapi_extra=STORY_BODY, status_code=202)
async def api_job(request: Request, what: str = Query("report", pattern="^(read|report|tags)$")) -> dict[str, str]:
    """Start an analysis and poll it: for a novel, so the page can show progress."""
    state = _state(request)
    story = await body_of(request)
    _expire(state)
    if state.slots is not None and state.slots.locked():
        raise Refused(503, "busy, retry in a few seconds", {"Retry-After": "5"})
    job = uuid.uuid4().hex
    state.progress[job] = {"stage": "queued", "progress": 0.0}
    entry: dict[str, Any] = {"what": what, "started": time.time(), "done": None, "result": None, "error": None}
    state.jobs[job] = entry

    async def go() -> None:
        try:
            entry["result"] = (await analyse(state, what, story, job=job))["ok"]
        except Refused as exc:
            entry["error"] = {"status": exc.status, "error": exc.message}
        except Exception as exc:  # a job always ends, answered
            entry["error"] = {"status": 500, "error": f"internal error: {type(exc).__name__}: {exc}"}
        finally:
            entry["done"] = time.time()

    entry["task"] = asyncio.create_task(go())
    return {"id": job, "status_url": f"/api/jobs/{job}", "result_url": f"/api/jobs/{job}/result"}


@router.get("/api/jobs/{job}")
async def api_job_status(request: Request, job: str) -> dict[str, Any]:
    """A job's stage and progress (0 to 1)."""
    state = _state(request)
    entry = state.jobs.get(job)
    if entry is None:
        raise Refused(404, "no such job (jobs are kept ten minutes after they end)")
    now = dict(state.progress.get(job, {})) if state.progress is not None else {}
    state_name = "failed" if entry["error"] else "done" if entry["done"] else "running"
    return {"id": job, "state": state_name, "stage": now.get("stage"),
            "progress": 1.0 if entry["done"] else now.get("progress", 0.0),
            "error": entry["error"]["error"] if entry["error"] else None}


@router.get("/api/jobs/{job}/result")
async def api_job_result(request: Request, job: str) -> Response:
    """The finished job's result: HTML for a report, JSON otherwise."""
    entry = _state(request).jobs.get(job)
    if entry is None:
        raise Refused(404, "no such job (jobs are kept ten minutes after they end)")
    if entry["error"]:
        raise Refused(entry["error"]["status"], entry["error"]["error"])
    if not entry["done"]:
        raise Refused(409, "not finished yet; poll the status URL")
    if entry["what"] == "report":
        return HTMLResponse(entry["result"])
    return JSONResponse(entry["result"])


def _expire(state: State) -> None:
    now = time.time()
    for job, entry in list(state.jobs.items()):
        if entry["done"] and now - entry["done"] > JOB_TTL:
            state.jobs.pop(job, None)
            with contextlib.suppress(Exception):
                state.progress.pop(job, None)


async def refused(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, Refused)
    return JSONResponse({"error": exc.message}, status_code=exc.status, headers=exc.headers)


def create_app(settings: Settings | None = None) -> FastAPI:
    state = State(settings or Settings())

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state.manager = multiprocessing.get_context("spawn").Manager()
        state.progress = state.manager.dict()
        state.pool = state.new_pool()
        # start every worker now (and load its model) rather than on the first request
        await asyncio.gather(*(asyncio.get_running_loop().run_in_executor(state.pool, time.sleep, 0.01)
                               for _ in range(state.settings.workers)))
        state.slots = asyncio.Semaphore(state.settings.workers + state.settings.queue)
        watch = asyncio.create_task(_watch_pool(state))
        yield
        watch.cancel()
        state.pool.shutdown(wait=False, cancel_futures=True)
        state.manager.shutdown()

    # FastAPIOffline serves Swagger UI's files itself: /docs works with no network, like the page
    app = FastAPIOffline(title="fabula", version=__version__, lifespan=lifespan,
                         description="Read fiction the way a careful reader does: parts, people, who says what, "
                                     "how it is told; reports, tags, EPUB and AO3 posts.")
    app.state.fabula = state
    app.add_exception_handler(Refused, refused)
    app.middleware("http")(guard)
    app.include_router(router)
    return app
