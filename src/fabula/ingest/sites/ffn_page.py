"""A chapter page saved from FanFiction.net (or FictionPress, the same layout).

FanFiction.net's story page: ``#pre_story_links`` (category › fandom), ``#profile_top`` with the
title (its ``b.xcontrast_txt``), the author (a link to ``/u/…``), the summary (a
``div.xcontrast_txt``) and the gray header line (``span.xgray``: ``Rated: Fiction T - English -
Genre - Characters - Chapters: 12 - Words: … - id: …``); the chapter select
(``select#chap_select``, the saved chapter ``selected``); the text in ``#storytext`` inside
``#storytextp``. Everything else — the site menu, login links, review box, footer — is chrome.
The mobile site (m.fanfiction.net) has no profile box: the title is a ``<b>`` on a centred line
with the author's ``/u/`` link ("Title by author") above ``div#storycontent``.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

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
        if profile is None:
            self._mobile_title(text)
        heading = _chapter_heading(soup)
        if heading:
            self.w.open_chapter(heading)
        self.w.content(text)
        self.w.close_chapter()

    def _mobile_title(self, text: Tag) -> None:
        """The mobile page's "Title by author" line: the last line before the text with a bold
        title and an author's link."""
        line = None
        for el in text.find_all_previous(["div", "center", "p"]):
            if el.find("b") is not None and el.find("a", href=_AUTHOR_LINK) is not None and len(clean(el.get_text(" "))) < 300:
                line = el
                break
        if line is None:
            return
        title = line.find("b")
        author = line.find("a", href=_AUTHOR_LINK)
        assert isinstance(title, Tag) and isinstance(author, Tag)
        if clean(title.get_text(" ")):
            self.w.title(title)
        name = clean(author.get_text(" "))
        if name:
            self.w.work.authors = self.w.work.authors or [name]
            self.w.lines([f"By: {name}"])

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
