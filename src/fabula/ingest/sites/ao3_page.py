"""A work page saved from AO3 (Ctrl+S on a work or a chapter), and EPUBs built from work pages.

otwarchive's ``works/show`` and ``chapters/_chapter`` views: ``dl.work.meta`` (tags, and a nested
``dl.stats``) before ``#workskin``; in it a ``div.preface.group`` with ``h2.title``,
``h3.byline``, ``div.summary.module`` and ``div.notes.module`` (each a ``h3.heading`` label and a
``blockquote.userstuff``, the notes with a ``p.jump`` pointer to the end notes); ``#chapters``
holds the one-shot's ``div.userstuff`` or, per chapter, ``div.chapter#chapter-N`` with a
``div.chapter.preface.group`` (``h3.title``, ``#summary``, ``#notes``), the text in
``div.userstuff.module`` (after a hidden ``h3.landmark`` "Chapter Text") and a closing
``div.end.notes.module``; the work's end notes are ``#work_endnotes`` in ``div.afterword``.
Around all of it: the site's header, navigation, kudos and comments, never read.

The reader visits the page in document order and acts on the modules it knows, so a page
with some modules missing (a single chapter, an EPUB page holding only the notes) still reads.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

from fabula.ingest.metadata import clean
from fabula.ingest.sites.common import PageWriter, dl_pairs, features, is_chrome

FORMAT = "ao3-page"
def matches(soup: BeautifulSoup | Tag) -> bool:
    """``#workskin``, ``dl.work.meta``, ``div.preface.group``, ``div.userstuff.module``,
    ``div.notes.module``, ``#work_endnotes`` or ``div.chapter#chapter-N``."""
    f = features(soup)
    return (f.has(id="workskin") or f.has(id="work_endnotes") or f.has("dl", ("work", "meta"))
            or f.has("div", ("preface", "group")) or f.has("div", ("userstuff", "module"))
            or f.has("div", ("notes", "module")) or (f.has("div", ("chapter",)) and f.has(id_prefix="chapter-")))


def site_page_without_work(soup: BeautifulSoup | Tag) -> str | None:
    """What an AO3 page that holds no work is ("a series page…", "the adult-content notice…") and
    what to open instead, or None. Only a page with AO3's own chrome is asked (the ``#header`` naming the Archive, or
    otwarchive's footer), so a hand-made page with a header of its own is read as it is; the
    caller asks only when no work module matched. Such a page read as a story was its menu."""
    header = soup.find(id="header")
    footer = soup.find(id="footer")
    named = isinstance(header, Tag) and "archive of our own" in header.get_text(" ").lower()
    if not named and not (isinstance(footer, Tag) and "otwarchive" in footer.get_text(" ").lower()):
        return None
    main = soup.find(id="main")
    text = clean(main.get_text(" ")).lower() if isinstance(main, Tag) else ""
    if "could have adult content" in text or "proceed" in text and "go back" in text and len(text) < 4000:
        return "the adult-content notice, not the work: open the work with ?view_adult=true after its address"
    if features(soup).has(id="main") and soup.select_one("#main .series, #main .series-show"):
        return "a series page, not a work: open each work of the series"
    return "with no work text in it (a listing, or a page cut short): open the work itself"


def _classes(node: Tag) -> set[str]:
    return set(node.get("class") or [])


class Ao3PageReader:
    def __init__(self, writer: PageWriter) -> None:
        self.w = writer
        self.in_chapter = False

    def read(self, soup: BeautifulSoup | Tag) -> None:
        root = soup.find(id="main") or soup.find("body") or soup
        assert isinstance(root, Tag)
        self._visit(root)
        self.w.close_chapter()

    def _visit(self, node: Tag) -> None:
        for child in node.children:
            if isinstance(child, Tag):
                self._element(child)

    def _element(self, node: Tag) -> None:  # noqa: C901 - one dispatch on the page's modules, flat by design
        cls = _classes(node)
        ident = str(node.get("id") or "")
        if node.name == "dl" and {"work", "meta"} <= cls:
            self.w.metadata(dl_pairs(node))
        elif is_chrome(node) or ident in ("comments", "children") or "associations" in cls:
            return
        elif node.name == "h2" and "title" in cls:
            self.w.title(node)
        elif node.name in ("h3", "h4") and "byline" in cls:
            if not self.in_chapter:
                self.w.byline(node)
        elif node.name == "div" and "chapter" in cls and ident.startswith("chapter-"):
            self.in_chapter = True
            self._visit(node)
        elif node.name == "h3" and "title" in cls:
            self.w.open_chapter(node)
        elif "fff_chapter_title" in cls:
            # FanFicFare's chapter title; a one-shot's is the work's title, no chapter's
            if clean(node.get_text(" ")).casefold() != (self.w.work.title or "").casefold():
                self.w.open_chapter(node)
        elif "fff_chapter_notes" in cls:
            self._fff_notes(node, "fff_foot_notes" in cls)
        elif "summary" in cls and "module" in cls or ident == "summary":
            self._note(node, "summary", self.w.chapter if self.in_chapter else None)
        elif "notes" in cls and ("module" in cls or "end" in cls) or ident in ("notes", "work_endnotes"):
            self._notes(node, cls, ident)
        elif "afterword" in cls:
            self.w.close_chapter()
            self.in_chapter = False
            self._visit(node)
        elif "userstuff" in cls and node.name == "div":
            self.w.content(node)
        elif node.name in ("div", "section", "article", "main", "span"):
            self._visit(node)

    def _notes(self, node: Tag, cls: set[str], ident: str) -> None:
        end = "end" in cls or ident == "work_endnotes" or ident.endswith("_endnotes")
        if ident == "work_endnotes" or not self.in_chapter:
            if end:
                self.w.close_chapter()
                self.in_chapter = False
            self._note(node, "end_note" if end else "author_note", None)
        else:
            self._note(node, "end_note" if end else "chapter_note", self.w.chapter)

    def _fff_notes(self, node: Tag, foot: bool) -> None:
        """FanFicFare's notes around an AO3 chapter: ``<b>Label:</b>`` then a blockquote each
        ("Author's Note:", "Summary for the Chapter:", "Notes for the Chapter:")."""
        chapter = self.w.chapter or None
        label = None
        for child in node.children:
            if not isinstance(child, Tag):
                continue
            if child.name in ("b", "strong", "p", "h3", "h4") and child.find("blockquote") is None:
                label = clean(child.get_text(" ")).rstrip(":")
            elif child.name == "blockquote" or child.find("blockquote") is not None:
                quote = child if child.name == "blockquote" else child.find("blockquote")
                low = (label or "").lower()
                if "summary" in low:
                    kind = "summary"
                elif foot:
                    kind = "end_note"
                else:
                    kind = "chapter_note" if "chapter" in low and self.w.chapter > 1 else "author_note"
                assert isinstance(quote, Tag)
                self.w.note(label, quote, kind, chapter)
                label = None

    def _note(self, node: Tag, kind: str, chapter: int | None) -> None:
        """A note module: its label heading and blockquote; the jump pointer to the end notes is chrome."""
        label = node.find(["h3", "h4"])
        label_text = clean(label.get_text(" ")) if label is not None else None
        gifts = node.find("ul", class_="associations")
        if isinstance(gifts, Tag) and kind in ("author_note", "chapter_note"):
            self.w.note(None, gifts, "dedication", chapter)  # "For a friend." / "Inspired by …": the work's, no story
        quote = node.find("blockquote")
        if quote is None:
            return
        self.w.note(re.sub(r":$", "", label_text) if label_text else None, quote, kind, chapter)
