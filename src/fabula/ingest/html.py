"""HTML to fabula's plain rendition: AO3 downloads, FanFicFare files, and any other HTML.

AO3's download layout (otwarchive ``app/views/downloads``) is read for what it states:
``#preface .meta dl.tags`` for the work's metadata, the summary and notes blockquotes,
``h2.heading`` chapters with their summaries, notes and end notes, ``#afterword`` end notes.
FanFicFare's title pages are ``<b>Label:</b> value`` lines. Anything else goes through the
generic walker, so a hand-made HTML file still yields paragraphs, headings and breaks.
"""

from __future__ import annotations

import re
import warnings
from typing import Any

from bs4 import BeautifulSoup, NavigableString, Tag, XMLParsedAsHTMLWarning

from fabula.ingest.builder import TextBuilder
from fabula.ingest.limits import flatten_deep
from fabula.ingest.metadata import apply_label, clean
from fabula.model import Work

warnings.filterwarnings("ignore", category=XMLParsedAsHTMLWarning)

BLOCK_TAGS = {
    "p", "div", "blockquote", "section", "article", "ul", "ol", "li", "table", "tbody", "thead",
    "tr", "td", "th", "pre", "center", "dl", "dt", "dd", "header", "footer", "main", "aside",
    "figure", "figcaption", "body", "html", "nav", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "a",
}
SKIP_TAGS = {"script", "style", "head", "title", "meta", "link", "noscript", "img", "svg", "form", "button"}
ITALIC = {"em", "i", "cite", "var"}
BOLD = {"strong", "b"}


def parse_soup(data: str | bytes) -> BeautifulSoup:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)  # EPUB pages are XHTML; lxml's HTML parser is lenient
        return flatten_deep(BeautifulSoup(data, "lxml"))  # the walker recurses: no page deeper than it can go


def _is_block(node: Tag) -> bool:
    if node.name == "a":
        return any(isinstance(c, Tag) and c.name in BLOCK_TAGS - {"a"} for c in node.children)
    return node.name in BLOCK_TAGS


def _count_br_run(node: Tag) -> int:
    """How many ``<br>`` follow each other from ``node`` (whitespace between them ignored)."""
    n, sib = 1, node.next_sibling
    while sib is not None:
        if isinstance(sib, NavigableString) and not sib.strip():
            sib = sib.next_sibling
            continue
        if isinstance(sib, Tag) and sib.name == "br":
            n += 1
            sib = sib.next_sibling
            continue
        break
    return n


class HtmlWalker:
    """Walk an element tree and write paragraphs, headings and breaks into a builder."""

    def __init__(self, builder: TextBuilder) -> None:
        self.b = builder
        self._skip_br = 0

    def walk(self, node: Tag, styles: frozenset[str] = frozenset()) -> None:
        """Render the children of ``node``."""
        self._skip_br = 0
        for child in list(node.children):
            self.visit(child, styles)

    def visit(self, child: Any, styles: frozenset[str] = frozenset()) -> None:
        """Render one node: text, a line break, a rule, a heading, a block or inline markup."""
        if isinstance(child, NavigableString):
            if type(child).__name__ not in ("Comment", "Doctype", "ProcessingInstruction", "Declaration", "CData"):
                self.b.add_text(str(child), styles)
            return
        if not isinstance(child, Tag):
            return
        name = child.name
        if name in SKIP_TAGS or "toc-heading" in (child.get("class") or []):
            return
        if name == "br":
            if self._skip_br:
                self._skip_br -= 1
                return
            run = _count_br_run(child)
            if run == 1:
                self.b.newline()
            else:
                self.b.blank(run - 2)
                self._skip_br = run - 1
            return
        if name == "hr":
            self.b.rule()
        elif name in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.b.flush()
            self.inline(child, styles)
            self.b.flush("heading", int(name[1]))
        elif _is_block(child):
            self.b.flush()
            skip = self._skip_br
            self.walk(child, styles)
            self._skip_br = skip
            self.b.flush()
        else:
            self.inline(child, styles)

    def inline(self, node: Tag, styles: frozenset[str]) -> None:
        skip = self._skip_br
        if node.name in ITALIC:
            styles = styles | {"italic"}
        elif node.name in BOLD:
            styles = styles | {"bold"}
        elif node.name == "span" and "font-style:italic" in str(node.get("style", "")).replace(" ", ""):
            styles = styles | {"italic"}
        self.walk(node, styles)
        self._skip_br = skip


# -- metadata ------------------------------------------------------------------------------

def ao3_metadata(soup: BeautifulSoup, work: Work) -> None:
    dl = soup.select_one("dl.tags")
    if dl is None:
        return
    for dt in dl.find_all("dt"):
        dd = dt.find_next_sibling("dd")
        if dd is None:
            continue
        links = [clean(a.get_text()) for a in dd.find_all("a")]
        label = clean(dt.get_text())
        value = clean(dd.get_text(" "))
        if label.lower().startswith("series"):
            apply_label(work, label, value)
        elif label.lower().startswith("stats"):
            apply_label(work, label, value)
        else:
            apply_label(work, label, value, links or None)


# -- AO3 layout ----------------------------------------------------------------------------

def is_ao3(soup: BeautifulSoup) -> bool:
    return bool(soup.select_one("#preface dl.tags, #chapters, h2.heading, #afterword, div.meta dl.tags"))


class Ao3Reader:
    """Render otwarchive's download layout, recording the structure it states."""

    NOTE_LABELS = {
        "summary": "summary",
        "notes": "author_note",
        "chapter summary": "summary",
        "chapter notes": "chapter_note",
        "chapter end notes": "end_note",
        "end notes": "end_note",
    }

    def __init__(self, builder: TextBuilder, work: Work) -> None:
        self.b = builder
        self.work = work
        self.walker = HtmlWalker(builder)
        self.chapter = 0
        self.chapter_start: int | None = None
        self.title_done = False

    def read(self, soup: BeautifulSoup | Tag) -> None:
        ao3_metadata(soup if isinstance(soup, BeautifulSoup) else BeautifulSoup(str(soup), "lxml"), self.work)
        preface = soup.select_one("#preface")
        if preface is not None:
            self._preface(preface)
        chapters = soup.select_one("#chapters")
        if chapters is not None:
            self._chapters(chapters)
        elif preface is None:
            # An EPUB chapter file: headings and userstuff without the #chapters wrapper.
            body = soup.find("body") or soup
            self._chapters(body)  # type: ignore[arg-type]
        after = soup.select_one("#afterword")
        if after is not None:
            self._notes_in(after, chapter=None)
        self.close_chapter()

    def _title(self, h1: Tag) -> None:
        start = self.b.next_start()
        self.walker.inline(h1, frozenset())
        self.b.flush("heading", 1)
        self.b.region("title", start)
        self.work.title = self.work.title or clean(h1.get_text())
        self.title_done = True

    def _preface(self, preface: Tag) -> None:
        meta = preface.select_one(".meta") or preface
        h1 = meta.find("h1")
        if h1 is not None:
            self._title(h1)
        byline = meta.select_one(".byline")
        if byline is not None:
            start = self.b.next_start()
            self.b.paragraph(clean(byline.get_text()))
            self.b.region("paratext", start, "metadata")
            self.work.authors = [clean(a.get_text()) for a in byline.find_all("a")] or self.work.authors
        self._notes_in(meta, chapter=None)

    def _notes_in(self, node: Tag, chapter: int | None) -> None:
        """Label paragraphs (``Summary``, ``Notes``…) each followed by a blockquote."""
        for p in node.find_all("p", recursive=True):
            label = clean(p.get_text()).lower()
            kind = self.NOTE_LABELS.get(label)
            if kind is None:
                continue
            quote = p.find_next_sibling("blockquote")
            if quote is None:
                continue
            if chapter is None and kind == "end_note" and label == "chapter end notes":
                kind = "end_note"
            start = self.b.next_start()
            self.b.paragraph(clean(p.get_text()), "heading", 6)
            self.walker.walk(quote)
            self.b.flush()
            self.b.region("paratext", start, kind, chapter)
            if kind == "summary" and chapter is None and not self.work.summary:
                self.work.summary = clean(quote.get_text(" "))

    def close_chapter(self) -> None:
        if self.chapter_start is not None:
            self.b.region("chapter", self.chapter_start, None, self.chapter)
            self.chapter_start = None

    def _chapters(self, node: Tag) -> None:
        for child in node.children:
            if not isinstance(child, Tag):
                continue
            classes: list[str] = list(child.get("class") or [])
            if "toc-heading" in classes:
                continue
            heading = child if child.name == "h2" and "heading" in classes else child.select_one("h2.heading")
            if "meta" in classes and heading is not None:
                self.close_chapter()
                self.chapter += 1
                self.chapter_start = self.b.next_start()
                self.walker.inline(heading, frozenset())
                self.b.flush("heading", 2)
                self.b.region("heading", self.chapter_start, clean(heading.get_text()), self.chapter)
                self._notes_in(child, self.chapter)
            elif "meta" in classes:
                self._notes_in(child, self.chapter or None)
            elif child.name == "h2" and "heading" in classes:
                self.close_chapter()
                self.chapter += 1
                self.chapter_start = self.b.next_start()
                self.walker.inline(child, frozenset())
                self.b.flush("heading", 2)
                self.b.region("heading", self.chapter_start, clean(child.get_text()), self.chapter)
            elif child.get("id") in ("preface", "afterword"):
                continue
            else:
                self.walker.visit(child)
                self.b.flush()


# -- FanFicFare and generic pages ------------------------------------------------------------

def generic_read(soup: BeautifulSoup | Tag, b: TextBuilder, work: Work) -> None:
    """Any HTML: the walker, with a first ``h1`` as the title and metadata tables noticed."""
    body = soup.find("body") or soup
    assert isinstance(body, Tag)
    walker = HtmlWalker(b)
    before = len(b.blocks)
    walker.walk(body)
    b.flush()
    blocks = b.blocks[before:]
    text = b.text
    for blk in blocks:
        if blk.kind == "heading" and blk.level == 1 and not work.title:
            work.title = re.split(r"\s+by\s+", text[blk.start:blk.end], maxsplit=1)[0].strip()
            b.regions.append(_region("title", blk.start, blk.end))
            break


def _region(kind: str, start: int, end: int, label: str | None = None, chapter: int | None = None) -> Any:
    from fabula.model import Region

    return Region(kind, start, end, label, chapter)
