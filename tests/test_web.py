"""`fabula serve`: the API's answers and limits, the page in Chromium, and schemathesis on the spec."""

from __future__ import annotations

import concurrent.futures
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

from .conftest import EXAMPLE, make_epub


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    # a deep queue: schemathesis fires many jobs at once, and "busy" (503) is tested on its own server below
    yield from _serve("--workers", "2", "--queue", "512", "--max-bytes", "300000")


def _serve(*args: str) -> Iterator[str]:
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "fabula.cli", "serve", "--port", str(port), *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            raise RuntimeError("fabula serve did not start")
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def test_read_text_and_upload(server: str) -> None:
    text = EXAMPLE.read_bytes()
    r = httpx.post(server + "/api/read", content=text, headers={"Content-Type": "text/plain"}, timeout=60)
    assert r.status_code == 200
    data = r.json()
    assert data["schema"] == 1 and {c["name"] for c in data["characters"]} >= {"Orla", "Benedikt"}
    up = httpx.post(server + "/api/read", files={"file": ("ferry.txt", text, "text/plain")}, timeout=60)
    assert up.status_code == 200 and up.json()["quotes"] == data["quotes"]
    epub = make_epub([("Chapter 1", "<p>\"You did this,\" Wren said.</p><p>\"Someone had to,\" said Tomas.</p>")])
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
    slips = b"Salt\n\nWren said nothing. So bare with me, she thought. Its not far.\n"
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
    page.wait_for_function("document.getElementById('dl-epub').href.startsWith('blob:')", timeout=60_000)
    with page.expect_download() as dl:
        page.click("#dl-epub")
    saved = tmp_path / "story.epub"
    dl.value.save_as(saved)
    assert zipfile.ZipFile(saved).read("mimetype") == b"application/epub+zip"
    # upload a file
    page.set_input_files("#file", str(EXAMPLE))
    page.click("#go")
    page.wait_for_function("document.getElementById('message').textContent === 'Done.'", timeout=60_000)
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
