"""`fabula serve`: the API's answers and limits, the page in Chromium, and schemathesis on the spec."""

from __future__ import annotations

import concurrent.futures
import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import httpx
import pytest

from .conftest import EXAMPLE, make_epub, spawned_children


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    # a deep queue: schemathesis fires many jobs at once, and "busy" (503) is tested on its own server below
    yield from _serve("--workers", "2", "--queue", "512", "--max-bytes", "300000")


def _serve(*args: str) -> Iterator[str]:
    """A server of its own for a test (stopped gracefully afterwards): its URL."""
    started = _serve_with_pid(*args, stop=signal.SIGTERM)
    try:
        url, _pid = next(started)
        yield url
    finally:
        started.close()


def test_read_text_and_upload(server: str) -> None:
    text = EXAMPLE.read_bytes()
    r = httpx.post(server + "/api/read", content=text, headers={"Content-Type": "text/plain"}, timeout=60)
    assert r.status_code == 200
    data = r.json()
    assert data["schema"] == 1 and {c["name"] for c in data["characters"]} >= {"Orla", "Benedikt"}
    up = httpx.post(server + "/api/read", files={"file": ("ferry.txt", text, "text/plain")}, timeout=60)
    assert up.status_code == 200 and up.json()["quotes"] == data["quotes"]
    epub = make_epub([("Chapter 1", "<p>\"You did this,\" Emeric said.</p><p>\"Someone had to,\" said Tomas.</p>")])
    r = httpx.post(server + "/api/read", files={"file": ("salt.epub", epub, "application/epub+zip")}, timeout=60)
    assert r.status_code == 200 and r.json()["source"]["format"] == "epub"


def test_other_endpoints(server: str) -> None:
    text = EXAMPLE.read_bytes()
    headers = {"Content-Type": "text/plain"}
    tags = httpx.post(server + "/api/tags", content=text, headers=headers, timeout=60).json()
    assert tags["rating"]["value"] == "General Audiences"
    report = httpx.post(server + "/api/report", content=text, headers=headers, timeout=60)
    assert report.status_code == 200 and 'id="cast"' in report.text
    epub = httpx.post(server + "/api/publish?to=epub", content=text, headers=headers, timeout=60)
    assert epub.headers["content-type"] == "application/epub+zip"
    assert "EPUB/nav.xhtml" in zipfile.ZipFile(BytesIO(epub.content)).namelist()
    ao3 = httpx.post(server + "/api/publish?to=ao3", content=text, headers=headers, timeout=60).json()
    assert ao3["body"].startswith("<p>") and "A/N" in ao3["notes"]
    slips = b"Salt\n\nEmeric said nothing. So bare with me, she thought. Its not far.\n"
    check = httpx.post(server + "/api/check", content=slips, headers=headers, timeout=60)
    assert check.status_code == 200 and {"FB101", "FB102"} <= {d["code"] for d in check.json()["diagnostics"]}
    docs = httpx.get(server + "/docs")
    assert docs.status_code == 200 and "cdn" not in docs.text.lower()  # Swagger UI served locally
    for asset in re.findall(r'(?:src|href)="(/[^"]+)"', docs.text):
        assert httpx.get(server + asset).status_code == 200, asset
    assert "/api/read" in httpx.get(server + "/openapi.json").json()["paths"]


def test_bad_input_gets_a_clear_json_error(server: str) -> None:
    r = httpx.post(server + "/api/read", files={"file": ("x.txt", b"\x00\x01\x02\x03 binary \x00" * 10)}, timeout=30)
    assert r.status_code == 400 and "binary" in r.json()["error"]
    r = httpx.post(server + "/api/read", content=b"\x89PNG\r\n", headers={"Content-Type": "image/png"}, timeout=30)
    assert r.status_code == 415
    r = httpx.post(server + "/api/read", content=b"   ", headers={"Content-Type": "text/plain"}, timeout=30)
    assert r.status_code == 400 and "empty" in r.json()["error"]
    r = httpx.post(server + "/api/read", files={"file": ("bad.epub", b"PK\x03\x04" + b"\x00" * 100)}, timeout=30)
    assert r.status_code == 400 and "EPUB" in r.json()["error"]
    big = b"word " * 80_000  # 400 kB against this server's 300 kB limit
    r = httpx.post(server + "/api/read", content=big, headers={"Content-Type": "text/plain"}, timeout=30)
    assert r.status_code == 413 and "limit" in r.json()["error"]
    r = httpx.post(server + "/api/publish?to=pdf", content=b"x", headers={"Content-Type": "text/plain"}, timeout=30)
    assert r.status_code == 422
    assert httpx.get(server + "/healthz").json()["status"] == "ok"  # and the server is still fine


def test_a_job_reports_progress_then_its_result(server: str) -> None:
    text = EXAMPLE.read_bytes() * 20
    r = httpx.post(server + "/api/jobs?what=read", content=text, headers={"Content-Type": "text/plain"}, timeout=30)
    assert r.status_code == 202
    job = r.json()
    seen = []
    for _ in range(300):
        status = httpx.get(server + job["status_url"]).json()
        seen.append(status["progress"])
        if status["state"] != "running":
            break
        time.sleep(0.1)
    assert status["state"] == "done" and seen[-1] == 1.0 and seen == sorted(seen)
    assert httpx.get(server + job["result_url"]).json()["schema"] == 1
    assert httpx.get(server + "/api/jobs/nope").status_code == 404


def test_busy_and_time_limit_answer_503() -> None:
    novel = (EXAMPLE.read_text() + "\n\n") * 120  # ~52k words: seconds of analysis, over the 0.5 s limit
    for url in _serve("--workers", "1", "--queue", "0", "--timeout", "0.5"):
        def post(url: str = url) -> httpx.Response:
            return httpx.post(url + "/api/read", content=novel.encode(), headers={"Content-Type": "text/plain"}, timeout=60)

        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            first = pool.submit(post)
            time.sleep(0.2)
            second = pool.submit(post)
            answers = sorted([first.result().status_code, second.result().status_code])
        assert answers == [503, 503]
        assert "took over 0.5 s" in first.result().json()["error"]  # over the time limit
        assert second.result().json()["error"].startswith("busy")  # refused at once, not queued
        assert second.result().headers["retry-after"]
        assert httpx.get(url + "/healthz").json()["status"] == "ok"


def test_schemathesis_finds_no_server_errors(server: str) -> None:
    r = subprocess.run([str(Path(sys.executable).parent / "schemathesis"), "run", server + "/openapi.json",
                        "--checks", "not_a_server_error", "--max-examples", "8", "--seed", "1"],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout[-3000:]


def test_page_end_to_end(server: str, browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(server + "/")
    # paste the example, read it, see the cast and the coloured dialogue
    page.fill("#text", EXAMPLE.read_text())
    page.click("#go")
    page.wait_for_selector("#result:not(.hidden)", timeout=60_000)
    report = page.frame_locator("#report")
    assert "Orla" in report.locator("#cast").inner_text(timeout=30_000)
    assert report.locator("span.q.c1, span.q.c2").count() > 5
    # selectors, not wait_for_function: the page's CSP allows its own script only, no eval
    page.wait_for_selector("#dl-epub[href^='blob:']", state="attached", timeout=60_000)
    with page.expect_download() as dl:
        page.click("#dl-epub")
    saved = tmp_path / "story.epub"
    dl.value.save_as(saved)
    assert zipfile.ZipFile(saved).read("mimetype") == b"application/epub+zip"
    # upload a file
    page.set_input_files("#file", str(EXAMPLE))
    page.click("#go")
    page.wait_for_selector("#message:text-is('Done.')", timeout=60_000)
    # a binary file gets a clear message, not a broken page
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x00\x01\x02\x03" * 100)
    page.set_input_files("#file", str(binary))
    page.click("#go")
    page.wait_for_selector("#message.error", timeout=30_000)
    assert "binary" in page.inner_text("#message")
    assert [e for e in errors if "status of 400" not in e] == []  # the 400 itself is the expected answer
    page.close()


def test_serving_beyond_loopback_warns() -> None:
    """--host other than loopback warns (the server is then reachable from the network)."""
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "fabula.cli", "serve", "--host", "0.0.0.0", "--port", str(port),
                             "--workers", "1"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()
        assert "warning" in line and "0.0.0.0" in line
    finally:
        os.killpg(proc.pid, signal.SIGKILL)


def test_kill_stops_the_server_cleanly(tmp_path: Path) -> None:
    """``kill`` (SIGTERM, to the server process alone, as a user or a service manager sends it)
    stops it as Ctrl-C does: exit 0, and nothing on stderr but the serving line (it had printed
    multiprocessing's "leaked semaphore objects" warning)."""
    port = _free_port()
    errors = tmp_path / "stderr.txt"
    with errors.open("w") as sink:
        proc = subprocess.Popen([sys.executable, "-m", "fabula.cli", "serve", "--port", str(port), "--workers", "1"],
                                stdout=subprocess.DEVNULL, stderr=sink, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    break
            time.sleep(0.2)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    time.sleep(1)  # the resource tracker, a process of its own, writes its warning as it ends
    said = [line for line in errors.read_text().splitlines() if line.strip()]
    assert said == [f"fabula: serving on http://127.0.0.1:{port} (Ctrl-C to stop)"]


# --- hardening: hosts and origins, framing, file names, uploads, dead workers --------------------

def test_only_its_own_host_names_are_answered(server: str) -> None:
    """A page elsewhere whose name is rebound to 127.0.0.1 reaches the port with its own Host header."""
    port = server.rsplit(":", 1)[1]
    text = EXAMPLE.read_bytes()
    for host in (f"evil.example:{port}", "evil.example", f"127.0.0.1.evil.example:{port}"):
        r = httpx.get(server + "/healthz", headers={"Host": host})
        assert r.status_code == 403, host
        r = httpx.post(server + "/api/tags", content=text, headers={"Host": host, "Content-Type": "text/plain"})
        assert r.status_code == 403 and "answers to" in r.json()["error"]
    for host in (f"localhost:{port}", f"127.0.0.1:{port}", f"[::1]:{port}"):
        assert httpx.get(server + "/healthz", headers={"Host": host}).status_code == 200, host
    other = httpx.post(server + "/api/tags", content=text, timeout=60,
                       headers={"Origin": "http://evil.example", "Content-Type": "text/plain"})
    assert other.status_code == 403 and "another site" in other.json()["error"]
    same = httpx.post(server + "/api/tags", content=text, timeout=60,
                      headers={"Origin": f"http://localhost:{port}", "Content-Type": "text/plain"})
    assert same.status_code == 200


def test_the_page_and_answers_carry_framing_and_content_rules(server: str) -> None:
    page = httpx.get(server + "/")
    assert page.headers["x-frame-options"] == "DENY" and page.headers["x-content-type-options"] == "nosniff"
    csp = page.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'sha256-" in csp and "unsafe-eval" not in csp
    assert re.search(r'<iframe id="report"[^>]*sandbox=""', page.text)
    report = httpx.post(server + "/api/report", content=EXAMPLE.read_bytes(), headers={"Content-Type": "text/plain"},
                        timeout=60)
    assert report.headers["x-frame-options"] == "DENY" and "sandbox" in report.headers["content-security-policy"]


@pytest.mark.parametrize("title", ["潮の灯台", "Последний паром", "Το τελευταίο πλοίο", "Café «Nord»"])
def test_an_epub_named_in_any_script_downloads(server: str, title: str) -> None:
    draft = f"---\ntitle: {title}\n---\n\n# One\n\n\"You're late,\" Orla said.\n".encode()
    r = httpx.post(server + "/api/publish?to=epub", content=draft, headers={"Content-Type": "text/markdown"}, timeout=60)
    assert r.status_code == 200, r.text
    disposition = r.headers["content-disposition"]
    fallback = re.search(r'filename="([^"]*)"', disposition)
    assert fallback and fallback.group(1).isascii() and fallback.group(1).endswith(".epub")
    encoded = re.search(r"filename\*=UTF-8''(\S+)", disposition)
    assert encoded is not None
    from urllib.parse import unquote

    assert unquote(encoded.group(1)) == "".join(ch for ch in title if ch.isalnum() or ch in " -_").strip() + ".epub"


def test_a_chunked_upload_is_stopped_at_the_limit(server: str) -> None:
    """No Content-Length: the server must count as it reads and answer 413 long before the end."""
    port = int(server.rsplit(":", 1)[1])
    boundary = "fabulatestboundary"
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.txt\"\r\n"
            "Content-Type: text/plain\r\n\r\n").encode()
    sent = 0
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall((f"POST /api/read HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nTransfer-Encoding: chunked\r\n"
                      f"Content-Type: multipart/form-data; boundary={boundary}\r\n\r\n").encode())
        chunk = head + b"word " * 13_000  # 64 kB a chunk
        answer = b""
        import select

        while sent < 50 * 2**20:  # 50 MB against the server's 300 kB limit
            try:
                sock.sendall(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            except (BrokenPipeError, ConnectionResetError):
                break
            sent += len(chunk)
            chunk = b"word " * 13_000
            if select.select([sock], [], [], 0)[0]:
                break
        sock.settimeout(30)
        with contextlib.suppress(OSError):
            answer = sock.recv(65536)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert sent < 5 * 2**20, f"{sent:,} bytes were taken before the 413"


def test_a_nameless_upload_names_no_file(server: str) -> None:
    """A binary sent with no file name was reported as 'story.txt looks like a binary file'."""
    binary = b"\x00\x01\x02 binary \x00" * 20
    raw = httpx.post(server + "/api/read", content=binary, headers={"Content-Type": "text/plain"}, timeout=30)
    form = httpx.post(server + "/api/read", files={"file": ("", binary, "text/plain")}, timeout=30)
    named = httpx.post(server + "/api/read", files={"file": ("notes.txt", binary, "text/plain")}, timeout=30)
    for r in (raw, form):
        assert r.status_code == 400 and "binary" in r.json()["error"] and "story.txt" not in r.json()["error"]
    assert named.status_code == 400 and "notes.txt" in named.json()["error"]


def _serve_with_pid(*args: str, stop: int = signal.SIGKILL) -> Iterator[tuple[str, int]]:
    """``fabula serve`` on a free port, once /healthz answers: its URL and process id; stopped with
    ``stop`` (SIGTERM waits for a graceful shutdown, then kills)."""
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "fabula.cli", "serve", "--port", str(port), *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            raise RuntimeError("fabula serve did not start")
        yield url, proc.pid
    finally:
        os.killpg(proc.pid, stop)
        if stop != signal.SIGKILL:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)


def _until_healthy(url: str, seconds: float = 120) -> dict[str, object]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        r = httpx.get(url + "/healthz", timeout=5)
        if r.status_code == 200:
            return dict(r.json())
        time.sleep(0.3)
    raise AssertionError("the server never became healthy again")


def test_a_worker_killed_mid_request_is_replaced_and_the_server_goes_on() -> None:
    """kill -9 of a pool worker (the out-of-memory killer): the request it served gets a clear 503,
    its slot is freed, /healthz says so, and the next requests are served by a new pool."""
    # about 7 s of work (1.4 MB): the kill 1.5 s in lands mid-analysis on a fast machine too (150 copies,
    # under 2 s of work, was finished first in a whole-suite run once the read got faster)
    novel = ((EXAMPLE.read_text() + "\n\n") * 600).encode()
    for url, pid in _serve_with_pid("--workers", "1", "--queue", "4", "--max-bytes", "2000000"):
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            pending = pool.submit(httpx.post, url + "/api/read", content=novel,
                                  headers={"Content-Type": "text/plain"}, timeout=120)
            time.sleep(1.5)
            workers = spawned_children(pid, rss_over_kb=100_000)
            assert workers, "no pool worker found"
            for w in workers:
                os.kill(w, signal.SIGKILL)
            answer = pending.result()
        assert answer.status_code == 503 and "replaced" in answer.json()["error"], answer.text
        health = _until_healthy(url)
        assert health["in_flight"] == 0 and health["pools_replaced"] == 1
        for _ in range(3):  # every later request is served (a broken pool answered 500 to each, leaking its slot)
            r = httpx.post(url + "/api/tags", content=EXAMPLE.read_bytes(), headers={"Content-Type": "text/plain"},
                           timeout=120)
            assert r.status_code == 200, r.text
        # a job whose worker dies ends, failed, with the reason
        job = httpx.post(url + "/api/jobs?what=read", content=novel, headers={"Content-Type": "text/plain"}).json()
        time.sleep(1.5)
        for w in spawned_children(pid, rss_over_kb=100_000):
            os.kill(w, signal.SIGKILL)
        for _ in range(600):
            status = httpx.get(url + job["status_url"]).json()
            if status["state"] != "running":
                break
            time.sleep(0.2)
        assert status["state"] == "failed" and "replaced" in status["error"]
        assert _until_healthy(url)["in_flight"] == 0
        assert httpx.get(url + "/healthz").json()["status"] == "ok"


def test_healthz_tells_the_truth_while_the_pool_is_broken() -> None:
    from fabula.web.app import Settings, State

    state = State(Settings(workers=1))

    class Broken:
        _broken = "a child process terminated abruptly"
        _processes: dict[int, object] = {}

    state.pool = Broken()  # type: ignore[assignment]
    assert not state.healthy()
