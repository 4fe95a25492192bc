"""AO3's download layout: the HTML download, and the pages of AO3's own EPUB (Calibre splits it).

otwarchive's ``app/views/downloads``: ``#preface`` holds the tag block (``dl.tags``), the title
(``h1``), the byline and ``Summary``/``Notes`` label paragraphs each followed by a
``blockquote.userstuff``; ``#chapters`` alternates ``div.meta.group`` (an ``h2.heading`` and the
chapter's labelled notes) with ``div.userstuff`` chapter text and ``#endnotesN`` end notes;
``#afterword`` holds the work's end notes. Calibre renames most classes in AO3's EPUBs
(``div.meta`` becomes ``div.calibre1``), so the meta group is also known by its ``h2``.
"""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag

from fabula.ingest.metadata import clean
from fabula.ingest.sites.common import PageWriter, dl_pairs, features, short_text

FORMAT = "ao3-html"
NOTE_LABELS = {
    "summary": "summary",
    "notes": "author_note",
    "chapter summary": "summary",
    "chapter notes": "chapter_note",
    "chapter end notes": "end_note",
    "end notes": "end_note",
}


def matches(soup: BeautifulSoup | Tag) -> bool:
    """``#preface``, ``#chapters``, ``#afterword``, an ``h2.heading`` or a ``dl.tags``."""
    f = features(soup)
    return f.has(id="preface") or f.has(id="chapters") or f.has(id="afterword") or f.has("h2", ("heading",)) or f.has(
        "dl", ("tags",))


def _chapter_heading(node: Tag) -> Tag | None:
    """The chapter heading of a meta group: its ``h2`` (not the hidden table-of-contents one)."""
    if node.name == "h2":
        return None if "toc-heading" in (node.get("class") or []) else node
    if "userstuff" in " ".join(node.get("class") or []):
        return None
    for h2 in node.find_all("h2"):
        if "toc-heading" not in (h2.get("class") or []):
            return h2
    return None


def _find_id(soup: BeautifulSoup | Tag, ident: str) -> Tag | None:
    """``soup.find(id=ident)``, not looked for where the page's features (its ids, gathered in one
    walk) have no such id: a search for an element that is not there walks the whole page."""
    found = soup.find(id=ident) if features(soup).has(id=ident) else None
    return found if isinstance(found, Tag) else None


class Ao3DownloadReader:
    """Reads the download layout; one reader can read an EPUB's pages in turn (chapters count on)."""

    def __init__(self, writer: PageWriter) -> None:
        self.w = writer

    def read(self, soup: BeautifulSoup | Tag) -> None:
        preface = soup.find(id="preface")
        if preface is not None:
            self._preface(preface)
        elif (dl := soup.find("dl", class_="tags")) is not None:
            self.w.metadata(dl_pairs(dl))
        chapters = soup.find(id="chapters")
        if chapters is not None:
            self._chapters(chapters)
        elif preface is None and _find_id(soup, "afterword") is None:
            body = soup.find("body") or soup
            assert isinstance(body, Tag)
            self._chapters(body)  # an EPUB chapter page: headings and text without the #chapters wrapper
        after = _find_id(soup, "afterword")
        if after is not None:
            self.w.close_chapter()  # the work's end notes are no chapter's
            self._notes_in(after, chapter=None)

    def _preface(self, preface: Tag) -> None:
        dl = preface.select_one("dl.tags")
        if dl is not None:
            self.w.metadata(dl_pairs(dl))
        h1 = preface.find("h1")
        if h1 is not None:
            self.w.title(h1)
        byline = preface.select_one(".byline")
        if byline is not None:
            self.w.byline(byline)
        self._notes_in(preface, chapter=None)

    def _label_of(self, node: Tag) -> str | None:
        """The note kind a label paragraph (``Summary``, ``Chapter Notes``…) announces, or None."""
        if node.name not in ("p", "b", "h3", "h4", "div"):
            return None
        text = short_text(node, 40)
        return NOTE_LABELS.get(text.rstrip(":").lower()) if text is not None else None

    def _notes_in(self, node: Tag, chapter: int | None) -> None:
        """Label paragraphs (``Summary``, ``Notes``…) each followed by a blockquote, anywhere inside."""
        done: set[int] = set()
        for p in node.find_all(["p", "b", "h3", "h4"], recursive=True):
            kind = self._label_of(p)
            if kind is None:
                continue
            holder = p.parent if p.name == "b" and p.parent is not None and p.parent.name in ("p", "div") else p
            quote = holder.find_next_sibling("blockquote")
            if quote is None or id(quote) in done:
                continue
            done.add(id(quote))
            self.w.note(clean(p.get_text(" ")), quote, kind, chapter)

    def _group(self, node: Tag, chapter: int | None, heading: Tag | None = None) -> None:
        """A meta group or a chapter page's wrapper: the heading, labelled notes, and any text."""
        pending: tuple[str, str] | None = None
        for child in node.children:
            if not isinstance(child, Tag):
                self.w.walker.visit(child)
                continue
            classes = " ".join(child.get("class") or [])
            if heading is not None and (child is heading or heading in child.descendants):
                if child is heading:
                    self.w.open_chapter(heading)
                    chapter = self.w.chapter
                else:
                    self._group(child, chapter, heading)
                    chapter = self.w.chapter
                continue
            if "toc-heading" in classes or "endnote-link" in classes or "message" in classes:
                continue
            kind = self._label_of(child)
            if kind is not None:
                pending = (clean(child.get_text(" ")), kind)
                continue
            if child.name == "blockquote" and pending is not None:
                self.w.note(pending[0], child, pending[1], chapter)
                pending = None
                continue
            if child.name == "div" and child.find("blockquote") is not None and self._has_label(child):
                self._group(child, chapter)
                continue
            pending = None
            self.w.walker.visit(child)
            self.w.b.flush()

    def _has_label(self, node: Tag) -> bool:
        return any(self._label_of(p) for p in node.find_all(["p", "b", "h3", "h4"]))

    def _chapters(self, node: Tag) -> None:
        for child in node.children:
            if not isinstance(child, Tag):
                continue
            classes: list[str] = list(child.get("class") or [])
            if "toc-heading" in classes or child.get("id") in ("preface", "afterword"):
                continue
            heading = _chapter_heading(child)
            if heading is not None:
                if heading is child:
                    self.w.open_chapter(heading)
                else:
                    self._group(child, self.w.chapter or None, heading)
            elif "meta" in classes or str(child.get("id") or "").startswith("endnotes") or (
                    # the blockquote first: one walk of a chapter's text that has none, where asking
                    # each of its paragraphs whether it is a label came first
                    child.name == "div" and child.find("blockquote") is not None and self._has_label(child)):
                self._group(child, self.w.chapter or None)
            else:
                self.w.walker.visit(child)
                self.w.b.flush()
