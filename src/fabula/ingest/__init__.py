"""Ingest: any input (path, bytes or text) to one :class:`~fabula.model.Document`.

The format is taken from the file name where there is one and checked against the content
(an EPUB is a zip, HTML starts with a tag), so a mislabelled file still reads.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from fabula.errors import InputError, InputTooLarge
from fabula.ingest.builder import TextBuilder
from fabula.ingest.decode import decode_bytes
from fabula.ingest.markdown import read_markdown
from fabula.ingest.text import read_text
from fabula.model import Document, Work

DEFAULT_MAX_BYTES = 25 * 1024 * 1024
FORMATS = ("text", "markdown", "html", "epub")
_HTML_START = re.compile(r"\A\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!DOCTYPE\s+html|html|head|body|div|p)\b", re.I | re.S)


def sniff_format(data: bytes, name: str | None) -> str:
    ext = Path(name).suffix.lower() if name else ""
    if data[:4] == b"PK\x03\x04" or ext == ".epub":
        return "epub"
    head = data[:2048].lstrip(b"\xef\xbb\xbf").decode("utf-8", "ignore")
    if ext in (".html", ".htm", ".xhtml") or _HTML_START.match(head):
        return "html"
    if ext in (".md", ".markdown", ".mdown"):
        return "markdown"
    if ext in ("", ".txt", ".text") and head.startswith("---") and re.search(r"^#{1,6} ", head, re.M):
        return "markdown"
    return "text"


def read_html(text: str, encoding: str, path: str | None) -> Document:
    # imported here: BeautifulSoup and lxml load only for HTML input
    from fabula.ingest.html import Ao3Reader, generic_read, is_ao3, parse_soup
    from fabula.ingest.limits import flatten_warning

    try:
        soup = parse_soup(text)
    except Exception as exc:  # lxml copes with almost anything; this is the rest
        raise InputError(f"{path or 'input'} is not readable HTML ({exc})") from exc
    work = Work()
    b = TextBuilder()
    if is_ao3(soup):
        Ao3Reader(b, work).read(soup)
        fmt = "ao3-html"
    else:
        generic_read(soup, b, work)
        fmt = "html"
    doc = Document(text=b.text, format=fmt, encoding=encoding, path=path, blocks=b.blocks, marks=b.marks,
                   regions=b.regions, work=work)
    doc.warnings.extend(flatten_warning(soup))
    if not doc.text.strip():
        raise InputError(f"{path or 'input'} is HTML with no readable text")
    if fmt == "html" and "</html>" not in text[-4096:].lower() and "</body>" not in text[-4096:].lower():
        doc.warnings.append("HTML ends without </body></html>: it may be truncated; read what is there")
    return doc


def load(
    source: str | os.PathLike[str] | bytes,
    *,
    format: str | None = None,
    name: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Document:
    """Read a story from a path, raw bytes, or (if ``source`` is a ``str`` with a newline or
    that names no file) the story text itself."""
    path: str | None = None
    if isinstance(source, bytes):
        data = source
        path = name
    elif isinstance(source, os.PathLike) or (isinstance(source, str) and "\n" not in source and len(source) < 4096
                                              and (Path(source).suffix or os.sep in source) and source.strip()):
        p = Path(source)
        if not p.exists():
            raise InputError(f"{p}: no such file")
        if p.is_dir():
            raise InputError(f"{p} is a directory, not a story file")
        size = p.stat().st_size
        if size > max_bytes:
            raise InputTooLarge(f"{p} is {size / 2**20:.1f} MB, over the {max_bytes / 2**20:.0f} MB limit "
                             f"(raise it with --max-bytes)")
        try:
            data = p.read_bytes()
        except OSError as exc:
            raise InputError(f"{p}: cannot read ({exc.strerror})") from exc
        path = str(source)
    else:
        data = str(source).encode("utf-8")
        path = name
    what = path or "input"
    if len(data) > max_bytes:
        raise InputTooLarge(f"{what} is {len(data) / 2**20:.1f} MB, over the {max_bytes / 2**20:.0f} MB limit "
                         f"(raise it with --max-bytes)")
    if not data.strip():
        raise InputError(f"{what} is empty")
    fmt = format or sniff_format(data, path)
    if fmt == "epub":
        from fabula.ingest.epub import read_epub  # ebooklib loads only for EPUB input

        doc = read_epub(data, path)
    else:
        text, encoding = decode_bytes(data, what)
        if not text.strip():
            raise InputError(f"{what} is empty")
        if fmt == "html":
            doc = read_html(text, encoding, path)
        elif fmt == "markdown":
            doc = read_markdown(text, encoding, path)
        elif fmt == "text":
            doc = read_text(text, encoding, path)
        else:
            raise InputError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
        if encoding not in ("utf-8",):
            doc.warnings.append(f"decoded as {encoding}")
    doc.size_bytes = len(data)
    return doc


__all__ = ["load", "sniff_format", "DEFAULT_MAX_BYTES", "FORMATS"]
