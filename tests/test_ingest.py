"""Ingest: every format and encoding to one text with blocks, marks and metadata."""

from __future__ import annotations

import codecs

import pytest

import fabula
from fabula.errors import InputError
from fabula.ingest import load, sniff_format
from fabula.ingest.decode import decode_bytes

from .conftest import AO3_HTML, DRAFT_MD, pages_epub

STORY = '"Hello," said Emeric. It was a café — a “nice” one.\n\nTomas nodded.\n'


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (STORY.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + STORY.encode("utf-8"), "utf-8-bom"),
        (STORY.encode("utf-16"), "utf-16-le-bom"),
        (STORY.encode("utf-16-le"), "utf-16-le"),
        (STORY.encode("cp1252"), "cp1252"),
    ],
)
def test_encodings_decode_to_the_same_text(data: bytes, encoding: str) -> None:
    text, enc = decode_bytes(data)
    assert text == STORY
    assert enc == encoding


def test_crlf_is_kept_so_offsets_index_the_file() -> None:
    raw = "Title Line\r\n\r\n\"Hi,\" she said.\r\n\r\n***\r\n\r\nLater.\r\n"
    story = fabula.read(raw.encode(), until="quotes")
    assert story.text == raw
    q = story.quotes[0]
    assert story.text[q.start:q.end] == '"Hi,"'
    assert len(story.scenes) == 2


def test_binary_and_empty_are_refused() -> None:
    with pytest.raises(InputError, match="binary"):
        load(b"\x00\x01\x02\x03binary\x00\xff" * 50)
    with pytest.raises(InputError, match="empty"):
        load(b"   \n\n ")


def test_size_limit() -> None:
    with pytest.raises(InputError, match="over the"):
        load(b"word " * 1000, max_bytes=100)


def test_missing_file(tmp_path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load(tmp_path / "nope.txt")


def test_sniff() -> None:
    assert sniff_format(b"PK\x03\x04....", None) == "epub"
    assert sniff_format(b"<!DOCTYPE html><html>", "x.txt") == "html"
    assert sniff_format(b"---\ntitle: x\n---\n# T\n", "x.md") == "markdown"
    assert sniff_format(b"Once upon a time.", "x.txt") == "text"


def test_markdown_front_matter_and_marks() -> None:
    doc = load(DRAFT_MD)
    assert doc.format == "markdown"
    assert doc.work.title == "Salt and Ledger"
    assert doc.work.relationships == ["Emeric Blake & Tomas Kerr"]
    assert doc.work.fandoms == ["Lighthouse Keepers (TV)"]
    italics = [doc.text[m.start:m.end] for m in doc.marks if m.kind == "italic"]
    assert "*oil*" in italics
    assert any(b.kind == "heading" and b.level == 2 for b in doc.blocks)


def test_ao3_html_metadata() -> None:
    doc = load(AO3_HTML)
    w = doc.work
    assert doc.format == "ao3-html"
    assert w.rating == "Teen And Up Audiences"
    assert w.warnings == ["No Archive Warnings Apply"]
    assert w.categories == ["Gen"]
    assert w.relationships == ["Emeric Blake & Tomas Kerr", "Emeric Blake/Sela Ortiz"]
    assert w.tags == ["Friendship", "Hurt/Comfort"]
    assert w.language == "en"
    assert w.series == "Part 1 of Keepers"
    assert w.chapters == "2/?"
    assert w.declared_words == 120
    assert w.authors == ["inkwren"]
    assert any(doc.text[m.start:m.end] == "oil" for m in doc.marks if m.kind == "italic")


def test_epub_reads_chapters_and_opf(epub_bytes: bytes) -> None:
    story = fabula.read(epub_bytes, name="salt.epub", until="quotes")
    assert story.doc.format == "epub"
    assert story.work.title == "Salt and Ledger"
    assert story.work.authors == ["inkwren"]
    assert [c.title for c in story.chapters] == ["Low Water", "High Water"]
    assert len(story.scenes) == 3
    assert [q.kind for q in story.quotes] == ["dialogue", "dialogue"]


def test_truncated_epub_is_a_clear_error(epub_bytes: bytes) -> None:
    with pytest.raises(InputError, match="not a readable EPUB"):
        load(epub_bytes[: len(epub_bytes) // 2], name="cut.epub")


def test_zip_that_is_not_an_epub() -> None:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hello.txt", "hi")
    with pytest.raises(InputError, match="not an EPUB"):
        load(buf.getvalue(), name="x.epub")


def test_malformed_html_reads_best_effort() -> None:
    story = fabula.read(b"<html><body><p>\"Hi,\" she said.<p>Unclosed <em>tags", name="bad.html", until="quotes")
    assert "Unclosed tags" in story.text
    assert story.quotes[0].kind == "dialogue"


def test_ao3_epub_pages() -> None:
    """AO3's EPUBs split the download layout into pages: a preface, chapters, an afterword."""
    pages = [
        ("preface.xhtml", '<div id="preface"><div class="meta"><dl class="tags">'
                          '<dt>Rating:</dt><dd><a href="#">Mature</a></dd>'
                          '<dt>Relationship:</dt><dd><a href="#">Emeric/Tomas</a></dd></dl>'
                          '<h1>Salt and Ledger</h1><div class="byline">by <a href="#">inkwren</a></div>'
                          '<p>Summary</p><blockquote class="userstuff"><p>Two keepers.</p></blockquote></div></div>'),
        ("chapter1.xhtml", '<div class="meta group"><h2 class="heading">Chapter 1: Low Water</h2></div>'
                           '<div class="userstuff"><p>"Go," said Emeric.</p><hr/><p>He went.</p></div>'),
        ("chapter2.xhtml", '<div class="meta group"><h2 class="heading">Chapter 2: High Water</h2></div>'
                           '<div class="userstuff"><p>The tide came back.</p></div>'),
        ("afterword.xhtml", '<div id="afterword"><div class="meta"><div id="endnotes"><p>End Notes</p>'
                            '<blockquote class="userstuff"><p>Thanks for reading!</p></blockquote></div></div></div>'),
    ]
    story = fabula.read(pages_epub(pages, "ao3-like", "Salt and Ledger", nav=True), name="ao3.epub", until="quotes")
    assert story.work.rating == "Mature" and story.work.relationships == ["Emeric/Tomas"]
    assert story.work.authors == ["inkwren"]
    assert [c.title for c in story.chapters] == ["Low Water", "High Water"]
    # the tag block, the byline, the summary, the work's end notes
    assert [p.kind for p in story.paratext] == ["metadata", "metadata", "summary", "end_note"]
    assert story.text[story.paratext[0].start:story.paratext[0].end].startswith("Rating: Mature")
    assert story.paratext[-1].chapter is None
    assert [s.break_ for s in story.scenes] == [None, "<hr>", None]
