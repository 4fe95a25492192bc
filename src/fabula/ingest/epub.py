"""EPUB (AO3's, FanFicFare's, fabula's own, anyone's) through ebooklib, read in spine order.

Each spine page is read by the site adapter its layout matches (AO3's download and work-page
layouts, which AO3's and other tools' EPUBs carry), else by what it is: a title page (its
heading the title, its rows metadata, its summary the summary), a notes page, or a chapter —
so a fabula EPUB read back gives its story's title, notes and chapters. OPF metadata (``dc:title``,
``dc:creator``, ``dc:subject``, ``dc:description``) fills the work where the pages don't.
A damaged archive is refused with one line, and so is an archive that would unpack to
far more than it weighs (a zip bomb).
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from typing import Any

from bs4 import BeautifulSoup, Tag

from fabula.errors import InputError
from fabula.ingest.builder import TextBuilder
from fabula.ingest.html import HtmlWalker, parse_soup
from fabula.ingest.limits import check_archive
from fabula.ingest.metadata import clean, read_label_lines
from fabula.ingest.sites import SiteReader
from fabula.ingest.sites.common import apply_pairs, dl_pairs
from fabula.model import Document, Region, Work


def _check_zip(data: bytes, what: str) -> None:
    """A damaged or truncated archive, or one that is no EPUB, as one line (its size was judged
    from the central directory before: :func:`fabula.ingest.limits.check_archive`)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            bad = zf.testzip()
    except zipfile.BadZipFile as exc:
        raise InputError(f"{what} is not a readable EPUB (damaged or truncated zip archive: {exc})") from exc
    except (EOFError, OSError, zipfile.LargeZipFile) as exc:
        raise InputError(f"{what} is not a readable EPUB (truncated archive: {exc})") from exc
    except Exception as exc:  # zlib errors and the like from a corrupt member
        raise InputError(f"{what} is not a readable EPUB (corrupt archive member: {exc})") from exc
    if bad is not None:
        raise InputError(f"{what} is not a readable EPUB (corrupt member {bad!r})")
    names = {i.filename for i in infos}
    if "META-INF/container.xml" not in names:
        raise InputError(f"{what} is a zip archive but not an EPUB (no META-INF/container.xml)")


def _opf_metadata(book: Any, work: Work) -> None:
    def get(name: str) -> list[str]:
        try:
            return [clean(str(v[0])) for v in book.get_metadata("DC", name) if v and v[0]]
        except Exception:
            return []

    titles = get("title")
    if titles and not work.title:
        work.title = titles[0]
    if not work.authors:
        work.authors = get("creator")
    subjects = [s for s in get("subject") if s.lower() not in ("fanworks", "fanfiction")]
    if subjects and not work.tags:
        work.tags = subjects
    desc = get("description")
    if desc and not work.summary:
        work.summary = re.sub(r"<[^>]+>", " ", desc[0]).strip()
    lang = get("language")
    if lang:
        work.language = lang[0]


_NOTES_NAME = re.compile(r"(?:^|/)(?:notes|end_?notes|afterword|authors?_?notes?)\.x?html?$")
_TITLE_NAME = re.compile(r"(?:^|/)(?:title|title_?page|cover|intro|introduction|info)\.x?html?$")
_NOTE_HEADINGS = {"notes": "author_note", "author's notes": "author_note", "author's note": "author_note",
                  "end notes": "end_note", "afterword": "end_note"}


def _page_role(item: object, body: Tag, name: str) -> str:
    """``nav``, ``title``, ``notes`` or ``chapter``: what one spine page is, by its name and shape."""
    classes = " ".join(body.get("class") or [])
    if "nav" in (getattr(item, "properties", None) or []) or re.search(r"(^|/)(nav|toc)\.x?html$", name):
        return "nav"
    if "titlepage" in classes or "title_page" in name or "titlepage" in name or _TITLE_NAME.search(name):
        return "title"
    heading = body.find(["h1", "h2", "h3"])
    if _NOTES_NAME.search(name) or (heading is not None and clean(heading.get_text(" ")).lower() in _NOTE_HEADINGS):
        return "notes"
    return "chapter"


class _EpubReader:
    """Reads the spine's pages in order into one builder: site layouts through the adapters, title
    pages as metadata and summary, notes pages as notes, anything else as one chapter a page."""

    def __init__(self, work: Work, opf_title: str | None) -> None:
        self.work = work
        self.b = TextBuilder()
        self.site = SiteReader(self.b, work)
        self.walker = HtmlWalker(self.b)
        self.chapter = 0
        self.opf_title = opf_title

    def page(self, item: object, soup: BeautifulSoup, name: str) -> None:
        body = soup.find("body")
        # a page with words (``clean(body.get_text(" "))`` not empty), settled at its first string
        # that is not white space rather than by gathering the whole page's text
        if body is None or not any(string.strip() for string in body.strings):
            return
        role = _page_role(item, body, name)
        if role == "nav":
            return
        layout = self.site.layout(soup)
        if layout is not None:
            self.site.writer.chapter = max(self.site.writer.chapter, self.chapter)
            before = self.b.paragraphs()
            self.site.read(soup, layout)
            self.chapter = self.site.writer.chapter
            if self.b.paragraphs() == before and role not in ("title", "notes"):
                self.chapter_page(body)  # a site page the adapter read no paragraph from: read it whole
        elif role == "title":
            self.title_page(body)
        elif role == "notes":
            self.notes_page(body)
        else:
            self.chapter_page(body)

    def title_page(self, body: Tag) -> None:
        """A title page: its heading is the title; ``Label: value`` lines and ``dl`` rows are metadata;
        a ``Summary:`` block or a paragraph before the metadata is the summary."""
        heading = body.find(["h1", "h2", "h3"])
        if heading is not None:
            title = re.split(r"\s+by\s+", clean(heading.get_text(" ")), maxsplit=1)
            start = self.b.next_start()
            self.b.paragraph(title[0], "heading", 1)
            self.b.region("title", start)
            self.work.title = self.work.title or title[0]
            if len(title) > 1 and not self.work.authors:
                self.work.authors = [a.strip() for a in re.split(r"\s*,\s*|\s+and\s+|\s*&\s*", title[1]) if a.strip()]
        for child in body.find_all(True, recursive=False):
            if heading is not None and (child is heading or heading in child.descendants):
                continue
            if child.name == "dl":
                pairs = dl_pairs(child)
                apply_pairs(self.work, pairs)
                self.site.writer.lines([f"{k}: {v}" for k, v, _ in pairs if v])
                continue
            text = clean(child.get_text(" "))
            m = re.match(r"(?i)summary\s*:\s*", text)
            if m or (child.name == "p" and not read_label_lines(text, Work()) and len(text.split()) > 8):
                if m:
                    self.work.summary = self.work.summary or text[m.end():]
                else:
                    self.work.summary = self.work.summary or text
                start = self.b.next_start()
                self.walker.visit(child)
                self.b.flush()
                self.b.region("paratext", start, "summary")
                continue
            start = self.b.next_start()
            self.walker.visit(child)
            self.b.flush()
            read_label_lines(self.b.text[start:], self.work)
            self.b.region("paratext", start, "metadata")

    def notes_page(self, body: Tag) -> None:
        """A page of notes: before the first chapter the author's notes, after it end notes. The
        region says only that much ("notes", "end_notes"): a page may gather a disclaimer, credits
        and notes, which the structure pass tells apart paragraph by paragraph."""
        start = self.b.next_start()
        self.walker.walk(body)
        self.b.flush()
        self.b.region("paratext", start, "notes" if self.chapter == 0 else "end_notes")

    def chapter_page(self, body: Tag) -> None:
        self.chapter += 1
        start = self.b.next_start()
        heading = body.find(["h1", "h2", "h3"])
        title = clean(heading.get_text(" ")) if heading is not None else None
        known = (self.work.title or self.opf_title or "").casefold()
        if heading is not None and title and title.casefold() == known:
            heading.decompose()  # a one-shot's page headed by the work's title: the title, not a chapter's
            heading, title = None, None
        self.walker.walk(body)
        self.b.flush()
        if self.b.blocks and self.b.blocks[-1].end > start:
            first = next(blk for blk in self.b.blocks if blk.start >= start)
            if first.kind == "heading" and heading is not None:
                self.b.regions.append(Region("heading", first.start, first.end, title, self.chapter))
            self.b.region("chapter", start, title, self.chapter)


def read_epub(data: bytes, path: str | None) -> Document:
    what = path or "input"
    check_archive(data, what)  # from the central directory, before anything is inflated
    _check_zip(data, what)
    try:
        from ebooklib import ITEM_DOCUMENT, epub

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = epub.read_epub(io.BytesIO(data), options={"ignore_ncx": True})
    except InputError:
        raise
    except Exception as exc:
        raise InputError(f"{what} is not a readable EPUB ({type(exc).__name__}: {exc})") from exc
    work = Work()
    items = []
    for idref, _linear in book.spine:
        item = book.get_item_with_id(idref)
        if item is not None and item.get_type() == ITEM_DOCUMENT:
            items.append(item)
    if not items:
        items = list(book.get_items_of_type(ITEM_DOCUMENT))
    opf = Work()
    _opf_metadata(book, opf)
    reader = _EpubReader(work, opf.title)
    for item in items:
        try:
            soup = parse_soup(item.get_content())
        except Exception as exc:
            raise InputError(f"{what}: page {item.get_name()} is not readable HTML ({exc})") from exc
        reader.page(item, soup, item.get_name().lower())
    reader.site.finish()
    _opf_metadata(book, work)
    b = reader.b
    text = b.text
    if not text.strip():
        raise InputError(f"{what} is an EPUB with no readable text")
    return Document(text=text, format="epub", encoding="utf-8", path=path, blocks=b.blocks, marks=b.marks,
                    regions=b.regions, work=work)
