"""Bounds on what an input may make fabula build: archive members, page sizes, element depth.

The readers call these before the expensive step, each with one line:

- :func:`check_archive` decides from a zip archive's central directory (an EPUB, a ``.docx``,
  an ``.odt``) — before anything is inflated — whether it is a zip bomb: too many entries, too
  much unpacked in all or against its packed size, entries whose data overlap (one member's
  bytes counted hundreds of times), or more pages than a story file may hold.
- :func:`flatten_deep` rewrites an element tree nested deeper than any page needs (100,000
  ``<div>`` or unclosed ``<em>``) so that the recursive walker that renders HTML never meets
  more than :data:`MAX_DEPTH` levels: below that depth the text is kept, as plain paragraphs.
"""

from __future__ import annotations

import io
import struct
import zipfile
from typing import Any

from fabula.errors import InputError

MAX_ENTRIES = 10_000
MAX_UNPACKED = 256 * 2**20  # everything in the archive, inflated
MAX_RATIO = 200  # unpacked / packed, over the whole archive (text packs 3-10x)
MAX_TEXT = 25 * 2**20  # all (X)HTML pages together: what a story file may weigh (fabula read --max-bytes)
# a word processor's XML carries its markup on every run of text (5-10 bytes of XML a byte of a
# novel's text): a million-word draft's content is under 64 MB
MAX_MARKUP = 64 * 2**20
MAX_DEPTH = 150  # element nesting the HTML walker renders as it is (real pages: under 40)
_PAGE_SUFFIXES = (".xhtml", ".html", ".htm", ".xml")
_LOCAL_HEADER = 30  # bytes of a local file header before its name


def _mb(n: int) -> str:
    return f"{n / 2**20:.0f} MB" if n >= 2**20 else f"{n / 1024:.0f} kB"


def check_archive(data: bytes, what: str, max_pages: int = MAX_TEXT) -> None:
    """Refuse a zip bomb from the central directory alone; raise :class:`InputError` with why.

    Reading the directory costs its size, never the members': a 20 GB bomb is refused in
    milliseconds, where inflating it to find out took a minute. ``max_pages`` bounds the
    (X)HTML and XML members together (an EPUB's pages; a word processor's content and styles)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, struct.error):
        return  # not readable as a zip at all: the format's reader says so in its own words
    if len(infos) > MAX_ENTRIES:
        raise InputError(f"{what} holds {len(infos):,} archive entries (more than {MAX_ENTRIES:,}); refused as a zip bomb")
    unpacked = sum(i.file_size for i in infos)
    if unpacked > MAX_UNPACKED or unpacked > MAX_RATIO * max(len(data), 65536):
        raise InputError(f"{what} unpacks to {_mb(unpacked)} from {_mb(len(data))}; refused as a zip bomb")
    by_offset = sorted(infos, key=lambda i: i.header_offset)
    for a, b in zip(by_offset, by_offset[1:], strict=False):
        # the least a's local header and data can take; the real end is later still (its extra field)
        if a.header_offset + _LOCAL_HEADER + len(a.orig_filename.encode("utf-8", "replace")) + a.compress_size > b.header_offset:
            raise InputError(f"{what} has archive entries that share their data ({a.filename!r} and {b.filename!r}); "
                             "refused as a zip bomb")
    text = sum(i.file_size for i in infos if i.filename.lower().endswith(_PAGE_SUFFIXES))
    if text > max_pages:
        raise InputError(f"{what} holds {_mb(text)} of pages, more than the {_mb(max_pages)} a story file may hold")


def flatten_deep(soup: Any, max_depth: int = MAX_DEPTH) -> Any:
    """``soup`` with every element deeper than ``max_depth`` replaced by its text, in paragraphs.

    Found and rewritten without recursion: an element at the limit whose subtree goes deeper
    keeps its descendants' strings, a new paragraph starting where a block element or ``<br>``
    was; their inline markup (italics) below the limit is dropped. The soup records how deep it
    went (``fabula_flattened``) for the reader's warning."""
    from bs4 import NavigableString, Tag

    deepest = 0
    stack: list[tuple[Any, int]] = [(soup, 0)]
    too_deep: list[Any] = []
    while stack:
        node, depth = stack.pop()
        for child in node.contents:
            if isinstance(child, Tag):
                if depth + 1 >= max_depth:
                    too_deep.append(child)
                else:
                    stack.append((child, depth + 1))
    for node in too_deep:
        runs: list[list[str]] = [[]]
        for item in node.descendants:  # bs4 walks descendants iteratively
            if isinstance(item, Tag):
                if item.name == "br" or item.name in _BLOCKS:
                    runs.append([])
            elif isinstance(item, NavigableString) and type(item) is NavigableString:
                runs[-1].append(str(item))
        # how deep it went, for the warning (the first chain's length, measured without recursion)
        probe, depth = node, 0
        while probe is not None:
            depth += 1
            probe = next((c for c in probe.contents if isinstance(c, Tag)), None)
        deepest = max(deepest, max_depth + depth)
        node.clear()
        node.name = "div"
        node.attrs = {}
        for run in runs:
            words = "".join(run)
            if words.strip():
                p = soup.new_tag("p")
                p.append(NavigableString(words))
                node.append(p)
    if too_deep:
        soup.fabula_flattened = deepest
    return soup


_BLOCKS = {"p", "div", "blockquote", "section", "article", "li", "tr", "td", "th", "pre", "h1", "h2", "h3", "h4",
           "h5", "h6", "hr", "dt", "dd", "table", "ul", "ol", "center", "header", "footer", "main", "aside"}


def flatten_warning(soup: Any) -> list[str]:
    """The warning for a page :func:`flatten_deep` rewrote, or none."""
    deep = getattr(soup, "fabula_flattened", 0)
    if not deep:
        return []
    return [f"HTML nested about {deep:,} elements deep: below {MAX_DEPTH} levels it is read as plain paragraphs"]
