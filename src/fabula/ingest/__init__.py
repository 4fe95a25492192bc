"""Ingest: any input (path, bytes or text) to one :class:`~fabula.model.Document`.

The format is taken from the file name where there is one and checked against the content
(an EPUB is a zip, HTML starts with a tag), so a mislabelled file still reads.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from fabula.errors import InputError, InputTooLarge
from fabula.ingest.builder import TextBuilder
from fabula.ingest.decode import decode_bytes
from fabula.ingest.markdown import read_markdown
from fabula.ingest.mhtml import is_mhtml, page_html
from fabula.ingest.sanitize import sanitize
from fabula.ingest.text import read_text
from fabula.model import Document, Work

DEFAULT_MAX_BYTES = 25 * 1024 * 1024
FORMATS = ("text", "markdown", "html", "mhtml", "epub", "docx", "odt")
_ZIP_KINDS = ((b"word/document.xml", "docx"), (b"application/vnd.oasis.opendocument.text", "odt"), (b"content.xml", "odt"))
_HTML_START = re.compile(r"\A\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!DOCTYPE\s+html|html|head|body|div|p)\b", re.I | re.S)


def _zip_kind(data: bytes) -> str:
    """``docx``, ``odt`` or ``epub`` for a zip archive, by the members its start names (a Word
    file names word/…, an OpenDocument file starts with its mimetype); EPUB otherwise."""
    head = data[:65536]
    for marker, kind in _ZIP_KINDS:
        if marker in head:
            return kind
    return "epub"


#: Files people have a story in that fabula does not read, known by how they start: AO3's other
#: downloads (PDF, MOBI, AZW3) and a word processor's RTF. Each is refused with what to use instead.
_UNREAD = (
    (lambda d: d.startswith(b"%PDF-"), "a PDF", "download the work as EPUB or HTML (AO3 offers both)"),
    (lambda d: d[60:68] in (b"BOOKMOBI", b"TEXtREAd"), "a MOBI/AZW3 e-book",
     "download the work as EPUB or HTML (AO3 offers both)"),
    (lambda d: d.lstrip().startswith(b"{\\rtf"), "an RTF document", "save it as .docx or .odt"),
)


def refuse_unread(data: bytes, what: str) -> None:
    """One clear line for a format fabula does not read, before it is taken for text."""
    for test, kind, instead in _UNREAD:
        if test(data):
            raise InputError(f"{what} is {kind}, which fabula does not read: {instead}")


def sniff_format(data: bytes, name: str | None) -> str:
    ext = Path(name).suffix.lower() if name else ""
    if ext in (".docx", ".docm", ".dotx"):
        return "docx"
    if ext in (".odt", ".ott"):
        return "odt"
    if ext in (".mhtml", ".mht") or is_mhtml(data[:4096]):
        return "mhtml"
    if data[:4] == b"PK\x03\x04":
        return "epub" if ext == ".epub" else _zip_kind(data)
    if ext == ".epub":
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
    from fabula.ingest.html import apply_class_styles, parse_soup
    from fabula.ingest.limits import flatten_warning
    from fabula.ingest.sites import read_page

    try:
        soup = parse_soup(text)
    except Exception as exc:  # lxml copes with almost anything; this is the rest
        raise InputError(f"{path or 'input'} is not readable HTML ({exc})") from exc
    apply_class_styles(soup)
    work = Work()
    b = TextBuilder()
    fmt = read_page(soup, b, work, path)
    doc = Document(text=b.text, format=fmt, encoding=encoding, path=path, blocks=b.blocks, marks=b.marks,
                   regions=b.regions, work=work)
    doc.warnings.extend(flatten_warning(soup))
    if not doc.text.strip():
        raise InputError(f"{path or 'input'} is HTML with no readable text")
    if fmt == "html" and "</html>" not in text[-4096:].lower() and "</body>" not in text[-4096:].lower():
        doc.warnings.append("HTML ends without </body></html>: it may be truncated; read what is there")
    return doc


def size_text(n: int) -> str:
    """Bytes as a person reads them: '100 bytes', '12 kB', '25 MB'."""
    if n < 1024:
        return f"{n:,} byte{'s' if n != 1 else ''}"
    if n < 2**20:
        return f"{n / 1024:.0f} kB"
    return f"{n / 2**20:.0f} MB" if n % 2**20 == 0 or n >= 10 * 2**20 else f"{n / 2**20:.1f} MB"


def read_file(p: Path, max_bytes: int) -> bytes:
    """A story file's bytes, never more than ``max_bytes`` + 1 of them whatever its size claims.

    Only regular files: a FIFO or a device (/dev/zero, which stat calls empty) would be read
    without end. The size stat reports is a first check only; reading stops at the limit."""
    try:
        st = p.stat()
    except FileNotFoundError as exc:
        raise InputError(f"{p}: no such file") from exc
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror})") from exc
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"{p} is a directory, not a story file")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"{p} is not a regular file (a device, pipe or socket); to read a stream, pipe it to "
                         "`fabula read -`")
    if st.st_size > max_bytes:
        raise InputTooLarge(f"{p} is {size_text(st.st_size)}, over the limit of {size_text(max_bytes)} "
                            "(raise it with --max-bytes)")
    try:
        with open(p, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror})") from exc
    if len(data) > max_bytes:
        raise InputTooLarge(f"{p} is over the limit of {size_text(max_bytes)} (raise it with --max-bytes)")
    return data


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
        data = read_file(p, max_bytes)
        path = str(source)
    else:
        data = str(source).encode("utf-8")
        path = name
    what = path or "input"
    if len(data) > max_bytes:
        # a stream is read to one byte past the limit: its whole size is not known
        size = f"is {size_text(len(data))}, over" if len(data) > max_bytes + 1 else "is over"
        raise InputTooLarge(f"{what} {size} the limit of {size_text(max_bytes)} (raise it with --max-bytes)")
    if not data.strip():
        raise InputError(f"{what} is empty")
    if format is None:
        refuse_unread(data, what)
    fmt = format or sniff_format(data, path)
    if fmt == "epub":
        from fabula.ingest.epub import read_epub  # ebooklib loads only for EPUB input

        doc = read_epub(data, path)
    elif fmt == "docx":
        from fabula.ingest.docx import read_docx  # python-docx loads only for Word input

        doc = read_docx(data, path)
    elif fmt == "odt":
        from fabula.ingest.odt import read_odt  # odfdo loads only for OpenDocument input

        doc = read_odt(data, path)
    elif fmt == "mhtml":
        html, charset = page_html(data, what)
        doc = read_html(html, charset, path)
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
    sanitize(doc, what)  # no control characters in text or metadata; a language tag that is one
    doc.size_bytes = len(data)
    return doc


__all__ = ["load", "sniff_format", "DEFAULT_MAX_BYTES", "FORMATS"]
