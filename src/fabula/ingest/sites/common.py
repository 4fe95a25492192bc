"""What every site adapter writes into the builder: title, metadata lines, labelled notes, chapters.

An adapter knows where a site puts things (which element is the summary, which the chapter
text); this writer knows how fabula records them — as text with a :class:`~fabula.model.Region`
saying what the text is — so all adapters record the same structure the same way.
"""

from __future__ import annotations

import re

from bs4 import Tag

from fabula.ingest.builder import TextBuilder
from fabula.ingest.html import HtmlWalker
from fabula.ingest.metadata import apply_label, clean
from fabula.model import Work

#: Chrome every page of a fiction site carries around the story: never story, never notes.
CHROME_IDS = {"header", "footer", "feedback", "kudos", "comments_placeholder", "skiplinks", "admin-banner",
              "tos_prompt", "login", "dashboard", "top", "zmenu", "menu", "nav", "sidebar", "share", "bookmark-form",
              # a blog's (WordPress, the host of many serials and fic blogs): its readers' comments and reply form
              "comments", "respond"}
CHROME_CLASSES = {"navigation", "landmark", "jump", "actions", "flash", "notice", "footer", "header", "menu",
                  "toc-heading", "splash", "secondary", "dropdown", "hidden",
                  # WordPress themes: comments, the reply form, share buttons, the post's category line, widgets
                  "comments-area", "commentlist", "comment-list", "comment-respond", "sharedaddy", "entry-meta",
                  "post-navigation", "nav-links", "widget-area", "widget"}


def short_text(node: Tag, limit: int) -> str | None:
    """``clean(node.get_text(" "))`` when it is shorter than ``limit`` characters, else None,
    reading the node's strings only until that is settled: a label is asked of every child of a
    chapter, the chapter's text among them, whose whole text need not be gathered to say it is
    no label. (The cleaned text of the strings read so far is a prefix of the whole one's.)"""
    parts: list[str] = []
    read = 0
    for string in node.strings:
        parts.append(string)
        read += len(string)
        if read >= 2 * limit and len(clean(" ".join(parts))) >= limit:
            return None
    text = clean(" ".join(parts))
    return text if len(text) < limit else None


def is_chrome(node: Tag) -> bool:
    """Site navigation, headers and footers, comment boxes, hidden headings."""
    if node.name in ("nav", "form", "script", "style", "noscript", "button", "select", "iframe", "header", "footer"):
        return True
    if str(node.get("id") or "").lower() in CHROME_IDS:
        return True
    return bool(CHROME_CLASSES & set(node.get("class") or []))


class PageFeatures:
    """The ids and the class sets of a page's elements, gathered in one walk, so that telling a
    layout apart costs one pass over the tree instead of a CSS query per rule (soupsieve walks
    the whole tree for each selector that matches nothing, as most do)."""

    def __init__(self, soup: Tag) -> None:
        self.ids: set[str] = set()
        self.classes: dict[str, set[frozenset[str]]] = {}
        for el in soup.find_all(True):
            ident = el.get("id")
            if ident:
                self.ids.add(str(ident))
            cls = el.get("class")
            if cls:
                self.classes.setdefault(el.name, set()).add(frozenset(cls))

    def has(self, name: str | None = None, classes: tuple[str, ...] = (), id: str | None = None,
            id_prefix: str | None = None) -> bool:
        """Is there an element (of tag ``name``) with all these classes, or with this id (prefix)?"""
        if id is not None:
            return id in self.ids
        if id_prefix is not None:
            return any(i.startswith(id_prefix) for i in self.ids)
        wanted = set(classes)
        sets = self.classes.get(name, set()) if name else set().union(*self.classes.values()) if self.classes else set()
        return any(wanted <= c for c in sets)


# the last page's features: (the soup, its features); the adapters ask for them several times per page
_LAST: list[tuple[Tag, PageFeatures]] = []


def features(soup: Tag) -> PageFeatures:
    """The page's features, computed once per page (kept beside it, not on BeautifulSoup's object)."""
    if _LAST and _LAST[0][0] is soup:
        return _LAST[0][1]
    found = PageFeatures(soup)
    _LAST[:] = [(soup, found)]
    return found


def dl_pairs(dl: Tag) -> list[tuple[str, str, list[str] | None]]:
    """``(label, value, items)`` for each ``dt``/``dd`` of a definition list (AO3's tag block).

    ``items`` are the linked tags (one per tag, commas inside a tag kept); a nested list (the
    work page's stats) is flattened into ``Label: value`` words."""
    out: list[tuple[str, str, list[str] | None]] = []
    for dt in dl.find_all("dt", recursive=False):
        dd = dt.find_next_sibling("dd")
        if dd is None:
            continue
        label = clean(dt.get_text(" ")).rstrip(":").strip()
        nested = dd.find("dl")
        if nested is not None:
            inner = dl_pairs(nested)
            value = " ".join(f"{k}: {v}" for k, v, _ in inner)
            out.append((label, value, None))
            continue
        links = [clean(a.get_text(" ")) for a in dd.find_all("a")]
        items = [clean(li.get_text(" ")) for li in dd.find_all("li")]
        # the work page lists tags as <li>s its stylesheet puts commas between; the download writes them
        value = ", ".join(items) if items else re.sub(r"\s+([,.])", r"\1", clean(dd.get_text(" ")))
        out.append((label, value, links or None))
    return out


def apply_pairs(work: Work, pairs: list[tuple[str, str, list[str] | None]]) -> None:
    """Set the work's metadata from ``dl_pairs``: series and stats by their text, tags by their links."""
    for label, value, items in pairs:
        low = label.lower()
        if low.startswith("series") or low.startswith("stats"):
            apply_label(work, label, value)
        else:
            apply_label(work, label, value, items)


class PageWriter:
    """Writes a page's parts into a :class:`TextBuilder` with regions saying what each part is."""

    def __init__(self, builder: TextBuilder, work: Work) -> None:
        self.b = builder
        self.work = work
        self.walker = HtmlWalker(builder)
        self.chapter = 0
        self.chapter_start: int | None = None

    def title(self, node: Tag | str) -> None:
        """The work's title as a level-1 heading."""
        start = self.b.next_start()
        if isinstance(node, str):
            self.b.paragraph(node, "heading", 1)
        else:
            self.walker.inline(node, frozenset())
            self.b.flush("heading", 1)
        if self.b.region("title", start) is not None and not self.work.title:
            self.work.title = clean(node if isinstance(node, str) else node.get_text(" "))

    def lines(self, lines: list[str], kind: str = "metadata", chapter: int | None = None) -> None:
        """Lines of text as one block (a byline, ``Label: value`` pairs), recorded as paratext."""
        lines = [clean(ln) for ln in lines if clean(ln)]
        if not lines:
            return
        start = self.b.next_start()
        self.b.flush()
        for i, line in enumerate(lines):
            if i:
                self.b.newline()
            self.b.add_text(line)
        self.b.flush()
        self.b.region("paratext", start, kind, chapter)

    def metadata(self, pairs: list[tuple[str, str, list[str] | None]]) -> None:
        apply_pairs(self.work, pairs)
        self.lines([f"{label}: {value}" for label, value, _ in pairs if value])

    def byline(self, node: Tag) -> None:
        authors = [clean(a.get_text(" ")) for a in node.find_all("a") if clean(a.get_text(" "))]
        text = re.sub(r"\s+([,.])", r"\1", clean(node.get_text(" ")))
        self.work.authors = self.work.authors or authors or [re.sub(r"^by\s+", "", text, flags=re.I)]
        self.lines([text])

    def note(self, label: str | None, body: Tag, kind: str, chapter: int | None) -> None:
        """A labelled note: its label as a small heading, then its body, as one paratext region."""
        if not clean(body.get_text(" ")):
            return
        start = self.b.next_start()
        if label:
            self.b.paragraph(label, "heading", 6)
        self.walker.walk(body)
        self.b.flush()
        self.b.region("paratext", start, kind, chapter)
        if kind == "summary" and chapter is None and not self.work.summary:
            self.work.summary = clean(body.get_text(" "))

    def open_chapter(self, heading: Tag | str) -> None:
        """Close the chapter before and start one with this heading."""
        self.close_chapter()
        self.chapter += 1
        self.chapter_start = self.b.next_start()
        if isinstance(heading, str):
            self.b.paragraph(heading, "heading", 2)
            label = heading
        else:
            self.walker.inline(heading, frozenset())
            self.b.flush("heading", 2)
            label = clean(heading.get_text(" "))
        self.b.region("heading", self.chapter_start, label, self.chapter)

    def close_chapter(self) -> None:
        if self.chapter_start is not None:
            self.b.region("chapter", self.chapter_start, None, self.chapter)
            self.chapter_start = None

    def content(self, node: Tag) -> None:
        """The story text inside ``node``, less headings the site adds for screen readers (the
        walker passes over a "landmark" or "toc-heading" element)."""
        for child in list(node.children):
            self.walker.visit(child)
        self.b.flush()
