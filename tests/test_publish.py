"""Outputs people use: the AO3 post, the EPUB (checked by epubcheck), the HTML report in Chromium."""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

import fabula
from fabula.render.ao3 import ALLOWED, ao3_post
from fabula.render.epub import story_epub
from fabula.render.report import report_html

from .conftest import AO3_HTML, DRAFT_MD, EXAMPLE, FIXTURES, make_epub
from .test_cli import run

EPUBCHECK = Path("/usr/share/java/epubcheck.jar")  # Debian's epubcheck (make test installs it)
OWN = [EXAMPLE, DRAFT_MD, AO3_HTML, FIXTURES / "harbour_ffn.txt",
       FIXTURES / "narrative" / "lighthouse.txt"]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attrs: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attrs.update(f"{tag}.{k}" for k, _ in attrs)


def epubcheck(path: Path) -> subprocess.CompletedProcess[str]:
    # a quick-starting JVM: epubcheck's check is short, its start-up is most of the time
    return subprocess.run(["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", str(EPUBCHECK), "-q", str(path)],
                          capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("src", OWN, ids=lambda p: p.name)
def test_ao3_post_uses_only_what_ao3_keeps(src: Path) -> None:
    post = ao3_post(fabula.read(src))
    parser = _Tags()
    for key in ("body", "notes", "end_notes", "summary"):
        parser.feed(post[key])
    assert parser.tags <= ALLOWED, parser.tags - ALLOWED
    assert parser.attrs <= {"p.align"}
    assert post["body"].count("<p>") >= 3


def test_ao3_post_keeps_breaks_lyrics_and_notes_apart() -> None:
    story = fabula.read(EXAMPLE)
    post = ao3_post(story)
    assert post["body"].count("<hr />") == len(story.scenes) - 1
    assert '<p align="center"><em>' in post["body"] and "Hold the salt in the lantern" in post["body"]
    assert "A/N" in post["notes"] and "A/N" not in post["body"]
    assert "Thanks for reading" in post["end_notes"] and "Thanks for reading" not in post["body"]
    assert post["title"] == "The Last Ferry"


def test_publish_ao3_writes_body_and_notes_beside_it(tmp_path: Path) -> None:
    out = tmp_path / "post.html"
    r = run("publish", str(EXAMPLE), "--to", "ao3", "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert out.read_text().startswith("<p>")
    assert "A/N" in (tmp_path / "post.notes.html").read_text()
    assert "Thanks" in (tmp_path / "post.end-notes.html").read_text()
    j = run("publish", str(EXAMPLE), "--to", "ao3", "--format", "json")
    data = json.loads(j.stdout)
    assert set(data) >= {"title", "summary", "notes", "end_notes", "body", "chapters", "tags"}


@pytest.mark.parametrize("src", OWN, ids=lambda p: p.name)
def test_epub_passes_epubcheck(src: Path, tmp_path: Path) -> None:
    out = tmp_path / "story.epub"
    out.write_bytes(story_epub(fabula.read(src)))
    r = epubcheck(out)
    assert r.returncode == 0, r.stdout + r.stderr


def test_epub_metadata_toc_and_optional_notes(tmp_path: Path) -> None:
    data = make_epub([("Chapter 1: Low Water", "<p>\"You did this,\" Emeric said.</p><hr/><p>\"Someone had to,\" said Tomas.</p>"),
                      ("Chapter 2: High Water", "<p>By noon the fog had lifted.</p>")])
    story = fabula.read(data, name="in.epub")
    out = tmp_path / "o.epub"
    out.write_bytes(story_epub(story))
    with zipfile.ZipFile(out) as z:
        opf = z.read("EPUB/content.opf").decode()
        names = z.namelist()
    assert "<dc:title>Salt and Ledger</dc:title>" in opf and "inkwren" in opf and "Friendship" in opf
    assert "EPUB/chapter_001.xhtml" in names and "EPUB/chapter_002.xhtml" in names and "EPUB/nav.xhtml" in names
    with_notes = story_epub(fabula.read(EXAMPLE))
    without = story_epub(fabula.read(EXAMPLE), with_notes=False)
    out.write_bytes(without)
    with zipfile.ZipFile(out) as z:
        assert not any("notes" in n for n in z.namelist())
    out.write_bytes(with_notes)
    with zipfile.ZipFile(out) as z:
        assert "EPUB/notes.xhtml" in z.namelist() and "A/N" in z.read("EPUB/notes.xhtml").decode()


def test_publish_epub_command(tmp_path: Path) -> None:
    out = tmp_path / "ferry.epub"
    r = run("publish", str(EXAMPLE), "--to", "epub", "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert epubcheck(out).returncode == 0
    r = run("publish", str(EXAMPLE), "--to", "epub")
    assert r.returncode == 2 and "needs --output" in r.stderr


def test_report_is_self_contained() -> None:
    page = report_html(fabula.read(EXAMPLE))
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", page), "no network references"
    assert "<svg" in page and 'id="cast"' in page and "Benedikt" in page
    assert 'class="q ' in page  # dialogue is marked with its speaker


@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)])
def test_report_in_chromium(browser, width: int, height: int, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "report.html"
    r = run("report", str(EXAMPLE), "-o", str(out))
    assert r.returncode == 0, r.stderr
    page = browser.new_page(viewport={"width": width, "height": height})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(out.as_uri())
    shot = tmp_path / f"report-{width}.png"
    page.screenshot(path=str(shot), full_page=False)
    assert shot.stat().st_size > 10_000
    assert errors == []
    cast = page.locator("#cast")
    assert cast.is_visible() and "Orla" in cast.inner_text()
    chart = page.locator("#charts svg").first
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box is not None and box["width"] > 200 and box["width"] <= width
    # nothing wider than the screen: the page reads on a phone
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.close()
