"""Shared fixtures: our own short stories, and the optional ../shared data."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
ROOT = HERE.parent
SHARED = ROOT.parent / "shared"
EXAMPLE = ROOT / "examples" / "the-last-ferry.txt"
#: the same short story as a Markdown draft and as AO3's HTML download (bundled for the README's tour)
DRAFT_MD = ROOT / "examples" / "salt-and-ledger.md"
AO3_HTML = ROOT / "examples" / "salt-and-ledger-ao3.html"


def needs_shared() -> pytest.MarkDecorator:
    return pytest.mark.skipif(not (SHARED / "stories").is_dir(), reason="../shared is not present (CI data only)")


def make_epub(chapters: list[tuple[str, str]], title: str = "Salt and Ledger") -> bytes:
    """An EPUB of our own, written with ebooklib (the library fabula reads with)."""
    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier("fabula-test-1")
    book.set_title(title)
    book.set_language("en")
    book.add_author("inkwren")
    book.add_metadata("DC", "subject", "Friendship")
    book.add_metadata("DC", "description", "Two keepers, one lighthouse.")
    items = []
    for i, (heading, body) in enumerate(chapters, start=1):
        item = epub.EpubHtml(title=heading, file_name=f"chap_{i}.xhtml", lang="en")
        item.content = f"<html><body><h2>{heading}</h2>{body}</body></html>"
        book.add_item(item)
        items.append(item)
    book.toc = items
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = ["nav", *items]
    buf = io.BytesIO()
    epub.write_epub(buf, book)
    return buf.getvalue()


@pytest.fixture(scope="session")
def epub_bytes() -> bytes:
    return make_epub([
        ("Chapter 1: Low Water", "<p>The lamp room smelled of <i>oil</i>.</p><p>\"You did this,\" Emeric said.</p><hr/>"
                                 "<p>\"Someone had to,\" said Tomas.</p>"),
        ("Chapter 2: High Water", "<p>By noon the fog had lifted.</p>"),
    ])


CHROMIUM = "/usr/bin/chromium"  # Debian's chromium (make test installs it); never a downloaded browser
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    """Headless Debian Chromium driven by Playwright for Python."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def spawned_children(parent: int, rss_over_kb: int | None = None) -> list[int]:
    """The processes ``parent`` spawned with multiprocessing (``spawn_main`` in their command line;
    not the resource tracker), holding more than ``rss_over_kb`` of memory when that is asked."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            cmd = (entry / "cmdline").read_bytes()
            rss = next(int(line.split()[1]) for line in (entry / "status").read_text().splitlines()
                       if line.startswith("VmRSS:")) if rss_over_kb is not None else 0
        except (OSError, IndexError, ValueError, StopIteration):
            continue
        if ppid == parent and b"spawn_main" in cmd and (rss_over_kb is None or rss > rss_over_kb):
            found.append(int(entry.name))
    return found


def pages_epub(pages: list[tuple[str, str]], ident: str, title: str, nav: bool = False) -> bytes:
    """An EPUB whose spine is these (file name, body HTML) pages as a site's download lays them
    out (ebooklib, the library fabula reads with); ``nav`` adds an EPUB 3 navigation document."""
    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier(ident)
    book.set_title(title)
    book.set_language("en")
    items = []
    for name, body in pages:
        item = epub.EpubHtml(title=name, file_name=name, lang="en")
        item.content = f"<html><body>{body}</body></html>"
        book.add_item(item)
        items.append(item)
    book.add_item(epub.EpubNcx())
    if nav:
        book.add_item(epub.EpubNav())
    book.spine = items
    buf = io.BytesIO()
    epub.write_epub(buf, book)
    return buf.getvalue()
