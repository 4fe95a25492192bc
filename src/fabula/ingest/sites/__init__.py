"""Site adapters: one small reader per page layout, like FanFicFare's, and the generic reader.

Each adapter module names the layout it reads (``FORMAT``), tells whether a page is in that
layout (``matches``) and reads it into a :class:`~fabula.ingest.sites.common.PageWriter`. The
first adapter that matches reads the page; HTML no adapter knows goes to the generic reader,
which finds the main content by text density. Adapters are tried most specific first: an AO3
work page also has a ``#chapters`` block like the download.
"""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag

from fabula.errors import InputError
from fabula.ingest.builder import TextBuilder
from fabula.ingest.sites import ao3_download, ao3_page, ffn_page, generic
from fabula.ingest.sites.common import PageWriter, features
from fabula.model import Work


class SiteReader:
    """Reads pages with whichever adapter matches; one instance reads an EPUB's pages in turn,
    so chapters keep counting across them."""

    def __init__(self, builder: TextBuilder, work: Work) -> None:
        self.writer = PageWriter(builder, work)
        self.download = ao3_download.Ao3DownloadReader(self.writer)
        self.page = ao3_page.Ao3PageReader(self.writer)
        self.ffn = ffn_page.FfnPageReader(self.writer)

    def layout(self, soup: BeautifulSoup | Tag) -> str | None:
        """The format name of the layout an adapter knows, or None for any other HTML."""
        if ao3_page.matches(soup):
            return ao3_page.FORMAT
        if ffn_page.matches(soup):
            return ffn_page.FORMAT
        if ao3_download.matches(soup):
            return ao3_download.FORMAT
        return None

    def read(self, soup: BeautifulSoup | Tag, layout: str | None) -> None:
        if layout == ao3_page.FORMAT:
            self.page.read(soup)
        elif layout == ffn_page.FORMAT:
            self.ffn.read(soup)
        elif layout == ao3_download.FORMAT:
            self.download.read(soup)
        else:
            generic.generic_read(soup, self.writer.b, self.writer.work)

    def finish(self) -> None:
        self.writer.close_chapter()


def read_page(soup: BeautifulSoup | Tag, builder: TextBuilder, work: Work, path: str | None = None) -> str:
    """Read one HTML page into ``builder`` (empty); returns the format name of its layout. A page
    a site adapter recognises but reads no paragraph from (a fragment, a page someone edited:
    ``#workskin`` or a preface's title around plain paragraphs) is read again by the generic
    reader, so its text is never lost; what the adapter learnt of the work (its title) stays. An
    AO3 page with no work on it (a series page, the adult-content notice) is refused with one
    line that says what to save instead: read, it was a story made of the site's menu."""
    reader = SiteReader(builder, work)
    layout = reader.layout(soup)
    no_work = layout is None or layout == ao3_download.FORMAT and not features(soup).has(id="chapters")
    if no_work and (what := ao3_page.site_page_without_work(soup)) is not None:
        raise InputError(f"{path or 'input'} is an Archive of Our Own page: {what}, and save its page "
                         "(or download the work as HTML or EPUB)")
    if (layout is None or layout == ffn_page.FORMAT and not features(soup).has(id="storytext")) \
            and (what := generic.page_without_story(soup)) is not None:
        raise InputError(f"{path or 'input'} holds no story: it is {what}")
    reader.read(soup, layout)
    reader.finish()
    if layout is not None and not builder.paragraphs():
        builder.clear()
        generic.generic_read(soup, builder, work)
        layout = None
    return layout or generic.FORMAT


__all__ = ["SiteReader", "read_page"]
