"""OpenDocument text (.odt, LibreOffice and Google Docs' "OpenDocument" download) through odfdo.

The same reading as a Word draft: ``text:h`` headings (outline level 1 the title when nothing
says otherwise, the rest chapter headings; a ``Title`` paragraph style is the title), italic and
bold from the text styles a span uses (automatic styles inherit from named ones, so the chain
is followed), a centred paragraph of ornament alone as a scene break, empty paragraphs as blank
lines. A page break (``fo:break-before``/``-after: page``) or a new section means what it means
in a Word draft (see ``docx``): before a heading it starts the chapter; in a draft that marks its
divisions itself (headings, a Title, ornament lines) one in mid-chapter is pagination; in a draft
with no other mark it is the scene break it is the only sign of.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from fabula.errors import InputError
from fabula.ingest.builder import PageBreaks, TextBuilder, draft_document, file_creator, is_ornament, outline_level
from fabula.ingest.limits import MAX_MARKUP, check_archive
from fabula.model import Document, Work

_INLINE_SKIP = {"text:note", "text:annotation", "office:annotation", "text:bookmark", "text:bookmark-start",
                "text:bookmark-end", "text:soft-page-break", "draw:frame", "text:sequence-decls"}


def _check(data: bytes, what: str) -> None:
    check_archive(data, what, max_pages=MAX_MARKUP)  # a zip bomb is refused before anything is inflated
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            mimetype = zf.read("mimetype").decode("ascii", "replace").strip() if "mimetype" in names else ""
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise InputError(f"{what} is not a readable .odt (not a zip archive, or a damaged one: {exc})") from exc
    if "content.xml" not in names or (mimetype and mimetype != "application/vnd.oasis.opendocument.text"):
        raise InputError(f"{what} is not an OpenDocument text (.odt) file")


class _OdtReader:
    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.b = TextBuilder()
        self.work = Work()
        self._props: dict[tuple[str, str], dict[str, str]] = {}
        headers = [h for h in doc.body.get_headers()]
        self.title_styled = any(self._style_chain_has(p.get_attribute("text:style-name"), "paragraph", "title")
                                for p in doc.body.get_paragraphs())
        self.level1s = sum((h.get_attribute("text:outline-level") or 1) in (1, "1") for h in headers)
        # headings, a Title or ornament lines mark the draft's divisions: then a page break marks none
        self.breaks = PageBreaks(self.b, bool(headers) or self.title_styled or any(
            is_ornament(t) for p in doc.body.get_paragraphs() if (t := p.text_recursive or "").strip()))

    # -- styles ----------------------------------------------------------------------------
    def _chain(self, name: str | None, family: str) -> list[Any]:
        out: list[Any] = []
        seen: set[str] = set()
        while name and name not in seen and len(out) < 12:
            seen.add(name)
            style = self.doc.get_style(family, name)
            if style is None:
                break
            out.append(style)
            name = style.parent_style
        return out

    def _style_chain_has(self, name: str | None, family: str, wanted: str) -> bool:
        return any((s.name or "").lower() == wanted or (s.display_name or "").lower() == wanted
                   for s in self._chain(name, family))

    def props(self, name: str | None, family: str) -> dict[str, str]:
        """A style's text and paragraph properties, its parents' filled in."""
        if not name:
            return {}
        key = (family, name)
        if key not in self._props:
            merged: dict[str, str] = {}
            for style in reversed(self._chain(name, family)):
                for area in ("paragraph", "text"):
                    merged.update(style.get_properties(area=area) or {})
            self._props[key] = merged
        return self._props[key]

    def _marks(self, props: dict[str, str]) -> frozenset[str]:
        out = set()
        if props.get("fo:font-style") in ("italic", "oblique"):
            out.add("italic")
        if props.get("fo:font-weight") in ("bold", "600", "700", "800", "900"):
            out.add("bold")
        return frozenset(out)

    # -- content ---------------------------------------------------------------------------
    def read(self) -> None:
        self.container(self.doc.body)
        meta = self.doc.meta
        title = meta.get_title() if meta is not None else None
        creator = (meta.get_initial_creator() or meta.get_creator()) if meta is not None else None
        self.work.title = self.work.title or (title or "").strip() or None
        if (author := file_creator(creator)) and not self.work.authors:
            self.work.authors = [author]

    def container(self, node: Any) -> None:
        for child in node.children:
            tag = child.tag
            if tag == "text:p":
                self.paragraph(child, None)
            elif tag == "text:h":
                level = int(child.get_attribute("text:outline-level") or 1)
                self.paragraph(child, level)
            elif tag == "text:section":
                self.breaks.note()
                self.container(child)
            elif tag in ("text:list", "text:list-item", "table:table", "table:table-row", "table:table-cell",
                         "text:list-header", "table:table-rows", "table:table-header-rows"):
                self.container(child)

    def paragraph(self, p: Any, outline: int | None) -> None:
        style = p.get_attribute("text:style-name")
        props = self.props(style, "paragraph")
        if props.get("fo:break-before") == "page":
            self.breaks.note()
        text = p.inner_text if hasattr(p, "inner_text") else p.text_recursive
        level: int | None = None
        if outline is not None:
            level = outline_level(outline, self.title_styled, self.level1s)
        elif self._style_chain_has(style, "paragraph", "title"):
            level = 1
        if not (text or "").strip():
            self.b.blank()
            return self._break_after(props)
        self.breaks.settle(level is not None)
        if props.get("fo:text-align") == "center" and is_ornament(text):
            self.b.rule()
        else:
            start = self.b.next_start()
            self.inline(p, self._marks(props))
            self.b.flush("heading" if level else "para", level or 0)
            if level == 1 and not self.work.title and self.b.region("title", start) is not None:
                self.work.title = " ".join(text.split())
        self._break_after(props)

    def _break_after(self, props: dict[str, str]) -> None:
        if props.get("fo:break-after") == "page":
            self.breaks.note()

    def inline(self, node: Any, marks: frozenset[str]) -> None:
        """Mixed content: text, spans with their styles, spaces, tabs and line breaks."""
        if node.text:
            self.b.add_text(node.text, marks)
        for child in node.children:
            tag = child.tag
            if tag == "text:span":
                self.inline(child, marks | self._marks(self.props(child.get_attribute("text:style-name"), "text")))
            elif tag == "text:s":
                self.b.add_text(" " * int(child.get_attribute("text:c") or 1), marks)
            elif tag == "text:tab":
                self.b.add_text(" ", marks)
            elif tag == "text:line-break":
                self.b.newline()
            elif tag not in _INLINE_SKIP:
                self.inline(child, marks)  # links, fields, changes: their text
            if child.tail:
                self.b.add_text(child.tail, marks)


def read_odt(data: bytes, path: str | None) -> Document:
    what = path or "input"
    _check(data, what)
    try:
        import odfdo  # odfdo loads only for OpenDocument input

        doc = odfdo.Document(io.BytesIO(data))
        reader = _OdtReader(doc)
        reader.read()
    except InputError:
        raise
    except Exception as exc:  # a damaged part odfdo can't parse
        raise InputError(f"{what} is not a readable .odt ({type(exc).__name__}: {exc})") from exc
    return draft_document(reader.b, reader.work, "odt", path, what)
