"""Word (.docx) and OpenDocument (.odt) drafts, made here with the libraries writers' tools
produce the same structure with (python-docx, odfdo); our own two-chapter draft."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

import fabula

NOTE = "A/N: my first draft for this fandom, please be kind!"
CH1 = [('"Go," said Emeric. ', ("Now.", "italic"), " ", ("Really.", "bold")), ("The lamp room smelled of oil.",)]
CH1_AFTER_BREAK = ["By evening the fog had come in.", "She counted the ships."]
CH2 = ["The storm came at midnight.", "They kept the lamp lit until dawn."]


def make_docx() -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK

    d = docx.Document()
    d.core_properties.author = "inkwren"
    d.add_paragraph("Salt Road", style="Title")
    d.add_paragraph(NOTE)
    d.add_heading("Chapter 1: Low Water", level=1)
    for para in CH1:
        p = d.add_paragraph()
        for piece in para:
            if isinstance(piece, tuple):
                run = p.add_run(piece[0])
                setattr(run, piece[1], True)
            else:
                p.add_run(piece)
    ornament = d.add_paragraph("❧")
    ornament.alignment = WD_ALIGN_PARAGRAPH.CENTER
    d.add_paragraph(CH1_AFTER_BREAK[0])
    last = d.add_paragraph(CH1_AFTER_BREAK[1])
    last.add_run().add_break(WD_BREAK.PAGE)  # the writer's page break before the next chapter
    d.add_heading("Chapter 2: High Water", level=1)
    d.add_paragraph(CH2[0])
    centred = d.add_paragraph("* * *")
    centred.alignment = WD_ALIGN_PARAGRAPH.CENTER
    d.add_paragraph(CH2[1])
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def make_odt() -> bytes:
    import odfdo

    doc = odfdo.Document("text")
    body = doc.body
    body.clear()
    for style in (odfdo.Style("text", name="Em", italic=True), odfdo.Style("text", name="Strong", bold=True),
                  odfdo.Style("paragraph", name="Centre", area="paragraph", **{"fo:text-align": "center"}),
                  odfdo.Style("paragraph", name="NewPage", break_before="page"),
                  odfdo.Style("paragraph", name="Title", display_name="Title")):
        doc.insert_style(style, automatic=style.name not in ("Title",))
    doc.meta.set_initial_creator("inkwren")
    body.append(odfdo.Paragraph("Salt Road", style="Title"))
    body.append(odfdo.Paragraph(NOTE))
    body.append(odfdo.Header(1, "Chapter 1: Low Water"))
    for para in CH1:
        p = odfdo.Paragraph("")
        for piece in para:
            if isinstance(piece, tuple):
                p.append(odfdo.Span(piece[0], style="Em" if piece[1] == "italic" else "Strong"))
            else:
                p.append(piece)
        body.append(p)
    body.append(odfdo.Paragraph("❧", style="Centre"))
    for text in CH1_AFTER_BREAK:
        body.append(odfdo.Paragraph(text))
    h2 = odfdo.Header(1, "Chapter 2: High Water")
    body.append(odfdo.Paragraph("", style="NewPage"))
    body.append(h2)
    body.append(odfdo.Paragraph(CH2[0]))
    body.append(odfdo.Paragraph("* * *", style="Centre"))
    body.append(odfdo.Paragraph(CH2[1]))
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize(("name", "make"), [("draft.docx", make_docx), ("draft.odt", make_odt)])
def test_draft_structure(name: str, make) -> None:  # type: ignore[no-untyped-def]
    story = fabula.read(make(), name=name, until="quotes")
    assert story.doc.format == name.split(".")[1]
    assert story.work.title == "Salt Road" and story.work.authors == ["inkwren"]
    assert [c.title for c in story.chapters] == ["Low Water", "High Water"]
    assert [(p.kind, story.text[p.start:p.end]) for p in story.paratext] == [("author_note", NOTE)]
    # the centred ornament, and the centred * * * in chapter 2, are scene breaks; a page break
    # before a chapter heading is no empty scene
    assert [(s.chapter, story.text[s.start:s.end].split("\n")[0]) for s in story.scenes] == [
        (1, '"Go," said Emeric. Now. Really.'), (1, CH1_AFTER_BREAK[0]), (2, CH2[0]), (2, CH2[1])]
    marks = {(story.text[m.start:m.end].strip(), m.kind) for m in story.doc.marks}
    assert ("Now.", "italic") in marks and ("Really.", "bold") in marks
    assert not any(story.text[m.start:m.end].startswith("Chapter") for m in story.doc.marks)  # heading styles are no emphasis
    assert [q.kind for q in story.quotes] == ["dialogue"]


def test_check_reads_a_docx_like_text(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    d.add_paragraph("Draft", style="Title")
    p = d.add_paragraph("She could of gone home. ")
    p.add_run("I will,").italic = True
    p.add_run(" she thought.")
    d.save(tmp_path / "draft.docx")
    (tmp_path / "draft.txt").write_text("Draft\n\nShe could of gone home. I will, she thought.\n", encoding="utf-8")
    outs = [subprocess.run([sys.executable, "-m", "fabula", "check", str(tmp_path / n), "--format", "json"],
                           capture_output=True, text=True) for n in ("draft.docx", "draft.txt")]
    import json

    docx_found, text_found = (json.loads(o.stdout)["diagnostics"] for o in outs)
    assert outs[0].returncode == outs[1].returncode == 1
    assert [d["code"] for d in docx_found] == [d["code"] for d in text_found] and docx_found


def test_bad_drafts_are_one_line(tmp_path: Path) -> None:
    (tmp_path / "not.docx").write_bytes(b"this was never a Word file")
    (tmp_path / "not.odt").write_bytes(b"PK\x03\x04 truncated")
    for name in ("not.docx", "not.odt"):
        out = subprocess.run([sys.executable, "-m", "fabula", "read", str(tmp_path / name)], capture_output=True, text=True)
        assert out.returncode == 2
        lines = out.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("fabula: error: ") and name in lines[0]


def _paged_draft(headings: bool) -> bytes:
    """A draft with a page break in the middle of a chapter: the keeper's letter put on a page
    of its own. With ``headings`` the chapters are Heading-styled; without, the draft has no mark
    but its page breaks."""
    import docx
    from docx.enum.text import WD_BREAK

    d = docx.Document()
    if headings:
        d.add_heading("Chapter 1: The Letter", level=1)
    d.add_paragraph("Odile found the envelope under the lamp, where nobody would have left it by chance.")
    before = d.add_paragraph("She read it standing up, with the wind at the door.")
    before.add_run().add_break(WD_BREAK.PAGE)
    d.add_paragraph("Dear Odile, the lamp is yours now. Keep it lit, and do not let Brann near the oil.")
    d.add_paragraph("She folded the letter twice and put it in her coat.")
    if headings:
        last = d.add_paragraph("Then she climbed the stairs.")
        last.add_run().add_break(WD_BREAK.PAGE)
        d.add_heading("Chapter 2: The Oil", level=1)
        d.add_paragraph("Brann came at noon, as he always did, and asked for the oil.")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _paged_odt(headings: bool) -> bytes:
    """The same draft as ``_paged_draft`` written by LibreOffice: the letter's paragraph starts a
    fresh page through a paragraph style (``fo:break-before``)."""
    import odfdo

    doc = odfdo.Document("text")
    body = doc.body
    body.clear()
    doc.insert_style(odfdo.Style("paragraph", name="NewPage", break_before="page"), automatic=True)
    if headings:
        body.append(odfdo.Header(1, "Chapter 1: The Letter"))
    body.append(odfdo.Paragraph("Odile found the envelope under the lamp, where nobody would have left it by chance."))
    body.append(odfdo.Paragraph("She read it standing up, with the wind at the door."))
    body.append(odfdo.Paragraph("Dear Odile, the lamp is yours now. Keep it lit, and do not let Brann near the oil.",
                                style="NewPage"))
    body.append(odfdo.Paragraph("She folded the letter twice and put it in her coat."))
    if headings:
        body.append(odfdo.Paragraph("Then she climbed the stairs."))
        body.append(odfdo.Paragraph("", style="NewPage"))
        body.append(odfdo.Header(1, "Chapter 2: The Oil"))
        body.append(odfdo.Paragraph("Brann came at noon, as he always did, and asked for the oil."))
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


_PAGED = [("paged.docx", _paged_draft), ("paged.odt", _paged_odt)]


@pytest.mark.parametrize(("name", "make"), _PAGED)
def test_a_page_break_in_mid_chapter_is_pagination_where_the_draft_marks_its_divisions(name: str, make) -> None:  # type: ignore[no-untyped-def]
    """Chapters marked with headings: a page break inside a chapter (a letter on a fresh page)
    is layout, no scene break; the one before a heading starts the chapter."""
    story = fabula.read(make(headings=True), name=name, until="scenes")
    assert [c.title for c in story.chapters] == ["The Letter", "The Oil"]
    assert [(s.chapter, s.break_) for s in story.scenes] == [(1, None), (2, None)]
    assert story.text[story.scenes[0].start:story.scenes[0].end].endswith("Then she climbed the stairs.")


@pytest.mark.parametrize(("name", "make"), _PAGED)
def test_a_page_break_is_the_scene_break_of_a_draft_with_no_other_mark(name: str, make) -> None:  # type: ignore[no-untyped-def]
    story = fabula.read(make(headings=False), name=name, until="scenes")
    assert len(story.scenes) == 2 and story.scenes[1].break_ is not None
    assert story.text[story.scenes[1].start:story.scenes[1].end].startswith("Dear Odile, the lamp is yours now.")
