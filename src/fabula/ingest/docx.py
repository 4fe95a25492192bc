"""Word drafts (.docx) through python-docx: where most fic is written before it is posted.

Read as a writer laid the draft out: a ``Title``-styled paragraph is the title, ``Heading``
styles are chapter headings (``Heading 1`` too, when a ``Title`` or several of them say it is
not the title), italic and bold runs are marks, a centred paragraph of ornament alone (``❧``) is
a scene break; a centred ``* * *`` is kept as text, which the scenes pass reads as a break anyway.
Empty paragraphs count as blank lines.

A page or section break means what the draft's other marks leave it to mean. Before a heading it
starts the chapter (no scene of its own). In a draft that marks its chapters with headings or its
scenes with ornaments, one in mid-chapter is pagination (a letter put on a fresh page, a page
started for print), not a scene break: the writer said where the scenes break. In a draft with
neither, the page break is the only division the writer made, and it is kept as a scene break.
The document's core properties (title, author) fill the work where the text doesn't.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from fabula.errors import InputError
from fabula.ingest.builder import PageBreaks, TextBuilder, draft_document, file_creator, is_ornament, outline_level
from fabula.ingest.limits import MAX_MARKUP, check_archive
from fabula.model import Document, Work

_CENTER = 1  # WD_ALIGN_PARAGRAPH.CENTER


def _check(data: bytes, what: str) -> None:
    check_archive(data, what, max_pages=MAX_MARKUP)  # a zip bomb is refused before anything is inflated
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise InputError(f"{what} is not a readable .docx (not a zip archive, or a damaged one: {exc})") from exc
    if "word/document.xml" not in names:
        raise InputError(f"{what} is not a .docx (a zip archive without word/document.xml)")


def _heading_level(style_name: str, title_styled: bool, heading1s: int) -> int | None:
    """The heading level a paragraph style gives, in fabula's terms (1 the title, 2+ chapters)."""
    name = style_name.lower()
    if name == "title":
        return 1
    if name.startswith("heading"):
        digits = "".join(ch for ch in name if ch.isdigit())
        level = int(digits) if digits else 1
        return outline_level(level, title_styled, heading1s)
    return None


def _styled(run: Any, paragraph: Any, attr: str, heading: bool) -> bool:
    """Is a run italic (or bold), directly or through its character or paragraph style? (A
    heading's own style — Word's are bold — is not emphasis.)"""
    value = getattr(run, attr)
    if value is not None:
        return bool(value)
    for style in (run.style,) if heading else (run.style, paragraph.style):
        while style is not None:
            font_value = getattr(style.font, attr)
            if font_value is not None:
                return bool(font_value)
            style = style.base_style
    return False


def _page_break(run: Any) -> bool:
    return bool(run._r.xpath('./w:br[@w:type="page"]'))


def _section_break(paragraph: Any) -> bool:
    return bool(paragraph._p.xpath("./w:pPr/w:sectPr"))


def _centred(paragraph: Any) -> bool:
    alignment = paragraph.alignment
    style = paragraph.style
    while alignment is None and style is not None:
        alignment = style.paragraph_format.alignment
        style = style.base_style
    return alignment is not None and int(alignment) == _CENTER


class _DocxReader:
    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.b = TextBuilder()
        self.work = Work()
        names = [p.style.name.lower() if p.style is not None else "" for p in doc.paragraphs]
        self.title_styled = "title" in names
        self.heading1s = sum(n in ("heading 1", "heading1") for n in names)
        # headings or ornament lines mark the draft's divisions: then a page break marks none
        self.breaks = PageBreaks(self.b, any(n == "title" or n.startswith("heading") for n in names) or any(
            is_ornament(p.text) for p in doc.paragraphs if p.text.strip()))

    def read(self) -> None:
        for item in self.doc.iter_inner_content():
            if item.__class__.__name__ == "Table":
                for row in item.rows:
                    for cell in row.cells:
                        for p in cell.paragraphs:
                            self.paragraph(p)
            else:
                self.paragraph(item)
        props = self.doc.core_properties
        self.work.title = self.work.title or (props.title or "").strip() or None
        if (author := file_creator(props.author)) and not self.work.authors:
            self.work.authors = [author]

    def paragraph(self, p: Any) -> None:
        text = p.text
        if p.paragraph_format.page_break_before:
            self.breaks.note()
        if not text.strip():
            if any(_page_break(r) for r in p.runs) or _section_break(p):
                self.breaks.note()
            else:
                self.b.blank()
            return
        style = p.style.name if p.style is not None else ""
        level = _heading_level(style, self.title_styled, self.heading1s)
        self.breaks.settle(level is not None)
        if _centred(p) and is_ornament(text):
            self.b.rule()  # a centred ornament between scenes
            return
        start = self.b.next_start()
        for run in p.iter_inner_content():
            runs = run.runs if hasattr(run, "runs") else [run]  # a hyperlink holds runs
            for r in runs:
                self._run(r, p, level is not None)
        kind = "heading" if level is not None else "para"
        self.b.flush(kind, level or 0)
        if level == 1 and not self.work.title and self.b.region("title", start) is not None:
            self.work.title = " ".join(text.split())
        if _section_break(p) or any(_page_break(r) for r in p.runs):
            self.breaks.note()

    def _run(self, r: Any, p: Any, heading: bool) -> None:
        styles = frozenset(k for k in ("italic", "bold") if _styled(r, p, k, heading))
        pieces = r.text.split("\n")
        for i, piece in enumerate(pieces):
            if i:
                self.b.newline()
            self.b.add_text(piece.replace("\t", " "), styles)


def read_docx(data: bytes, path: str | None) -> Document:
    what = path or "input"
    _check(data, what)
    try:
        import docx  # python-docx loads only for Word input

        doc = docx.Document(io.BytesIO(data))
    except InputError:
        raise
    except Exception as exc:  # a damaged part, a strict-OOXML or macro file python-docx can't read
        raise InputError(f"{what} is not a readable .docx ({type(exc).__name__}: {exc})") from exc
    reader = _DocxReader(doc)
    reader.read()
    return draft_document(reader.b, reader.work, "docx", path, what)
