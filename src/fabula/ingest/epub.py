"""EPUB (AO3's, FanFicFare's, anyone's) through ebooklib, read in spine order.

Each spine document is rendered with the HTML readers; OPF metadata (``dc:title``,
``dc:creator``, ``dc:subject``, ``dc:description``) fills the work where the pages don't.
A damaged archive is refused with one line, and so is an archive that would unpack to
far more than it weighs (a zip bomb).
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile

from fabula.errors import InputError
from fabula.ingest.builder import TextBuilder
from fabula.ingest.html import Ao3Reader, HtmlWalker, is_ao3, parse_soup
from fabula.ingest.limits import check_archive
from fabula.ingest.metadata import clean, read_label_lines
from fabula.model import Document, Region, Work

MAX_UNPACKED = 512 * 1024 * 1024
MAX_RATIO = 200


def _check_zip(data: bytes, what: str) -> None:
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
    unpacked = sum(i.file_size for i in infos)
    if unpacked > MAX_UNPACKED or (len(data) > 0 and unpacked > MAX_RATIO * max(len(data), 65536)):
        raise InputError(f"{what} unpacks to {unpacked / 2**20:.0f} MB from {len(data) / 2**20:.1f} MB; refused as a zip bomb")
    names = {i.filename for i in infos}
    if "META-INF/container.xml" not in names:
        raise InputError(f"{what} is a zip archive but not an EPUB (no META-INF/container.xml)")


def _opf_metadata(book: object, work: Work) -> None:
    def get(name: str) -> list[str]:
        try:
            return [clean(str(v[0])) for v in book.get_metadata("DC", name) if v and v[0]]  # type: ignore[attr-defined]
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
    b = TextBuilder()
    ao3 = Ao3Reader(b, work)
    generic = HtmlWalker(b)
    chapter = 0
    items = []
    for idref, _linear in book.spine:
        item = book.get_item_with_id(idref)
        if item is not None and item.get_type() == ITEM_DOCUMENT:
            items.append(item)
    if not items:
        items = list(book.get_items_of_type(ITEM_DOCUMENT))
    for item in items:
        try:
            soup = parse_soup(item.get_content())
        except Exception as exc:
            raise InputError(f"{what}: page {item.get_name()} is not readable HTML ({exc})") from exc
        body = soup.find("body")
        if body is None or not clean(body.get_text(" ")):
            continue
        classes = " ".join(body.get("class") or [])
        name = item.get_name().lower()
        if "nav" in (item.properties or []) or re.search(r"(^|/)(nav|toc)\.x?html$", name):
            continue
        if is_ao3(soup):
            ao3.chapter = max(ao3.chapter, chapter)
            ao3.read(soup)
            chapter = ao3.chapter
            continue
        if "titlepage" in classes or "title_page" in name or "titlepage" in name:
            start = b.next_start()
            generic.walk(body)
            b.flush()
            read_label_lines(b.text[start:], work)
            heading = body.find(["h1", "h2", "h3"])
            if heading is not None and not work.title:
                work.title = re.split(r"\s+by\s+", clean(heading.get_text(" ")), maxsplit=1)[0]
            b.region("paratext", start, "metadata")
            continue
        chapter += 1
        start = b.next_start()
        heading = body.find(["h1", "h2", "h3"])
        generic.walk(body)
        b.flush()
        title = clean(heading.get_text(" ")) if heading is not None else None
        if b.blocks and b.blocks[-1].end > start:
            first = next(blk for blk in b.blocks if blk.start >= start)
            if first.kind == "heading":
                b.regions.append(Region("heading", first.start, first.end, title, chapter))
            b.region("chapter", start, title, chapter)
    _opf_metadata(book, work)
    text = b.text
    if not text.strip():
        raise InputError(f"{what} is an EPUB with no readable text")
    return Document(text=text, format="epub", encoding="utf-8", path=path, blocks=b.blocks, marks=b.marks,
                    regions=b.regions, work=work)
