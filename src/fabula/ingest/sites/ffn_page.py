"""A chapter page saved from FanFiction.net (or FictionPress, the same layout).

FanFiction.net's story page: ``#pre_story_links`` (category › fandom), ``#profile_top`` with the
title (its ``b.xcontrast_txt``), the author (a link to ``/u/…``), the summary (a
``div.xcontrast_txt``) and the gray header line (``span.xgray``: ``Rated: Fiction T - English -
Genre - Characters - Chapters: 12 - Words: … - id: …``); the chapter select
(``select#chap_select``, the saved chapter ``selected``); the text in ``#storytext`` inside
``#storytextp``. Everything else — the site menu, login links, review box, footer — is chrome.
The mobile site (m.fanfiction.net) has no profile box: the title is a ``<b>`` on a centred line
with the author's ``/u/`` link ("Title by author") above ``div#storycontent``.

Older desktop layouts (2002–2012, still in readers' folders) have no ``#profile_top`` either: the
story sits in tables, with an ``Author: <a href="/u/…">`` cell (the title a ``<b>`` beside it in
some years), the header line ``Rated: … - id:…`` in a cell or a div of its own, and the title in
the page's ``<title>`` ("Title Chapter 3, a Fandom fanfic - FanFiction.Net") or, where the page
was kept without its head, in the chapter select's address ("/s/662406/'+…+'/Of_Western_Stars").
"""

from __future__ import annotations

import itertools
import re

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from fabula.ingest.metadata import clean, read_ffn_header
from fabula.ingest.sites.common import PageWriter, features

FORMAT = "ffn-page"
_AUTHOR_LINK = re.compile(r"^(?:https?://[^/]+)?/u/\d+")


def matches(soup: BeautifulSoup | Tag) -> bool:
    """The chapter page, or a downloader's info page that kept the page's ``#profile_top``."""
    f = features(soup)
    return f.has(id="storytext") or f.has(id="storytextp") or f.has(id="profile_top") or f.has(id="storycontent")


def _chapter_heading(soup: BeautifulSoup | Tag) -> str | None:
    """``Chapter 3: Title`` from the selected option (``3. Title``) of the chapter select."""
    select = soup.find("select", id="chap_select") or soup.find("select", attrs={"name": "chapter"})
    if select is None:
        return None
    options = select.find_all("option")
    chosen = next((o for o in options if o.has_attr("selected")), None)
    if chosen is None or len(options) < 2:
        return None
    text = clean(chosen.get_text(" "))
    m = re.match(r"^(\d+)\s*[.:)]\s*(.*)$", text)
    if not m:
        return text or None
    number, title = m.group(1), m.group(2).strip()
    return f"Chapter {number}: {title}" if title and not re.fullmatch(r"(?i)chapter\s+\d+", title) else f"Chapter {number}"


class FfnPageReader:
    def __init__(self, writer: PageWriter) -> None:
        self.w = writer

    def read(self, soup: BeautifulSoup | Tag) -> None:
        profile = soup.find(id="profile_top")
        if profile is not None:
            self._profile(profile, soup)
        text = soup.find(id="storytext") or soup.find(id="storytextp") or soup.find(id="storycontent")
        if text is None:
            return
        if profile is None and not self._mobile_title(text):
            self._older_layout(soup, text)
        heading = _chapter_heading(soup)
        if heading:
            self.w.open_chapter(heading)
        self.w.content(text)
        self.w.close_chapter()

    def _mobile_title(self, text: Tag) -> bool:
        """The mobile page's "Title by author" line: the last line before the text with a bold
        title and an author's link. False where there is none."""
        line = None
        for el in text.find_all_previous(["div", "center", "p"]):
            if el.find("b") is not None and el.find("a", href=_AUTHOR_LINK) is not None and len(clean(el.get_text(" "))) < 300:
                line = el
                break
        if line is None:
            return False
        title = line.find("b")
        author = line.find("a", href=_AUTHOR_LINK)
        assert isinstance(title, Tag) and isinstance(author, Tag)
        if clean(title.get_text(" ")):
            self.w.title(title)
        name = clean(author.get_text(" "))
        if name:
            self.w.work.authors = self.w.work.authors or [name]
            self.w.lines([f"By: {name}"])
        return True

    def _older_layout(self, soup: BeautifulSoup | Tag, text: Tag) -> None:
        """An older desktop page: the title from the page's ``<title>``, a ``<b>`` in the author's
        cell or the chapter select's address; the author's link before the text; the summary a
        div beside the author; the ``Rated: … id:`` header line."""
        author = next((a for a in text.find_all_previous("a", href=_AUTHOR_LINK) if clean(a.get_text(" "))), None)
        title = _page_title(soup) or (_bold_beside(author) if author is not None else None) or _select_title(soup)
        if title:
            self.w.title(title)
        if author is not None:
            name = clean(author.get_text(" "))
            self.w.work.authors = self.w.work.authors or [name]
            self.w.lines([f"By: {name}"])
            summary = author.find_next_sibling("div")
            if summary is not None and not summary.find("div") and _RATED.search(clean(summary.get_text(" "))) is None:
                self.w.note(None, summary, "summary", None)
        header = _header_line(text)
        if header:
            read_ffn_header(header, self.w.work)
            self.w.lines([header])

    def _profile(self, profile: Tag, soup: BeautifulSoup | Tag) -> None:
        title = profile.find("b")
        if title is not None and clean(title.get_text(" ")):
            self.w.title(title)
        author = profile.find("a", href=_AUTHOR_LINK)
        if author is not None:
            name = clean(author.get_text(" "))
            self.w.work.authors = self.w.work.authors or [name]
            self.w.lines([f"By: {name}"])
        summary = next((d for d in profile.find_all("div", recursive=False)
                        if clean(d.get_text(" ")) and not d.find("div")), None)
        if summary is not None:
            self.w.note(None, summary, "summary", None)
        header = profile.select_one("span.xgray")
        if header is not None:
            line = clean(header.get_text(" "))
            read_ffn_header(line, self.w.work)
            self.w.lines([line])
        links = soup.find(id="pre_story_links")
        fandom = [clean(a.get_text(" ")) for a in links.find_all("a")] if isinstance(links, Tag) else []
        if fandom and not self.w.work.fandoms:
            self.w.work.fandoms = [fandom[-1]]


_RATED = re.compile(r"\bRated:\s*(?:Fiction\s+)?(?:K\+?|T|M|MA)\b")
# "Title Chapter 3: Name, a Fandom fanfic - FanFiction.Net" / "Title, a Fandom fanfic | FanFiction"
_PAGE_TITLE = re.compile(r"^(.+?)(?:\s+Chapter\s+\d+(?::.*?)?)?,\s+an?\s+.+?\s+fan\s?fic(?:tion)?\b", re.I)


def _page_title(soup: BeautifulSoup | Tag) -> str | None:
    node = soup.find("title")
    m = _PAGE_TITLE.match(clean(node.get_text(" "))) if node is not None else None
    return m.group(1).strip() if m else None


def _bold_beside(author: Tag) -> str | None:
    """A ``<b>`` title in the author's cell, before the "Author:" link."""
    cell = author.parent
    bold = cell.find("b") if cell is not None else None
    if bold is None or bold.find_next("a", href=_AUTHOR_LINK) is not author:
        return None
    return clean(bold.get_text(" ")) or None


def _select_title(soup: BeautifulSoup | Tag) -> str | None:
    """The title in the chapter select's address: ``'/s/662406/'+…+'/Of_Western_Stars'``."""
    select = soup.find("select", id="chap_select") or soup.find("select", attrs={"name": "chapter"})
    m = re.search(r"/s/\d+/'\s*\+.*?\+\s*'/([^'/]+)'", str(select.get("onchange") or "")) if isinstance(select, Tag) else None
    return m.group(1).replace("_", " ").replace("-", " ").strip() or None if m else None


def _header_line(text: Tag) -> str | None:
    """The ``Rated: … - id:…`` line before the story text, read from its "Rated:" on up to the id
    (its pieces are often links and spans of their own, or loose text in a large cell)."""
    found = next((t for t in text.find_all_previous(string=re.compile(r"\bRated:"))), None)
    if found is None:
        return None
    parts: list[str] = []
    for el in itertools.chain([found], found.next_elements):
        if isinstance(el, NavigableString) and not isinstance(el, Comment) and el.parent is not None and el.parent.name not in ("script", "style"):
            parts.append(str(el))
            line = clean(" ".join(parts))
            if m := re.search(r"\bid:\s*\d+", line):
                start = _RATED.search(line) or re.search(r"\bRated:", line)
                return line[start.start() if start else 0:m.end()]
            if len(line) > 600:
                return None
    return None
