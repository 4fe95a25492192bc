"""Saved pages: an AO3 work page, a FanFiction.net chapter page, an unknown site's page (our own
fixtures, written in each site's layout with our own text), and fabula's own EPUB read back."""

from __future__ import annotations

import io
import zipfile

import pytest

import fabula
from fabula.errors import InputError
from fabula.ingest import load

from .conftest import EXAMPLE, FIXTURES, pages_epub

PAGES = FIXTURES / "pages"


def parts(story: fabula.model.Story) -> list[tuple[str, int | None, str]]:  # type: ignore[name-defined]
    return [(p.kind, p.chapter, story.text[p.start:p.end]) for p in story.paratext]


def story_text(story: fabula.model.Story) -> str:  # type: ignore[name-defined]
    return "\n\n".join(story.text[s.start:s.end] for s in story.scenes)


def test_ao3_work_page() -> None:
    story = fabula.read(PAGES / "ao3_work_page.html", until="quotes")
    w = story.work
    assert story.doc.format == "ao3-page"
    assert w.title == "The Cartographer's Lantern" and w.authors == ["inkwren"]
    assert w.rating == "Teen And Up Audiences" and w.chapters == "2/3" and w.declared_words == 412
    assert w.relationships == ["Odile Marsh/Bastian Crewe"] and w.characters == ["Odile Marsh", "Bastian Crewe"]
    assert w.tags == ["Maps", "Slow Burn"] and w.categories == ["F/M"] and w.fandoms == ["Keepers of the Tide (TV)"]
    assert [c.title for c in story.chapters] == ["Soundings"]
    kinds = [(k, ch) for k, ch, _ in parts(story)]
    assert kinds == [("metadata", None), ("metadata", None), ("summary", 1), ("chapter_note", 1), ("end_note", 1)]
    notes = parts(story)[3][2]
    assert "Thank you all for the kudos" in notes and "very bad pun" in notes  # both paragraphs of the note
    assert "I regret nothing" in parts(story)[4][2]
    # the site's menus, the work's navigation, kudos, comments and footer are nowhere
    for chrome in ("Log In", "Fandoms", "Entire Work", "Chapter Index", "Kudos ♥", "left kudos", "Site Map",
                   "See the end of the chapter", "Chapter Text", "Work Header"):
        assert chrome not in story.text, chrome
    assert len(story.scenes) == 2 and story.scenes[1].break_ == "<hr>"
    assert story_text(story).startswith("The harbour was deeper")
    assert story_text(story).endswith("he meant.")
    assert [story.text[m.start:m.end] for m in story.doc.marks if m.kind == "italic"] == ["It's very good,"]


def test_ao3_one_shot_page_and_work_notes() -> None:
    html = (PAGES / "ao3_work_page.html").read_text(encoding="utf-8")
    start, end = html.index('<div id="chapters"'), html.index('<div id="feedback"')
    one_shot = html[:start] + """<div class="preface group"><div class="summary module"><h3 class="heading">Summary:</h3>
        <blockquote class="userstuff"><p>A one-shot about tides.</p></blockquote></div>
        <div class="notes module"><h3 class="heading">Notes:</h3><blockquote class="userstuff"><p>For my sister.</p></blockquote>
        <p class="jump">(See the end of the work for <a href="#work_endnotes">more notes</a>.)</p></div></div>
        <div id="chapters" role="article"><h3 class="landmark heading" id="work">Work Text:</h3>
        <div class="userstuff"><p>The tide went out.</p><p>It came back.</p></div></div>
        <div class="afterword preface group"><div id="work_endnotes" class="end notes module">
        <h3 class="heading">Notes:</h3><blockquote class="userstuff"><p>Thanks for reading!</p></blockquote></div></div>
        </div>""" + html[end:]
    story = fabula.read(one_shot.encode("utf-8"), name="oneshot.html", until="quotes")
    assert [(k, ch) for k, ch, _ in parts(story)][2:] == [("summary", None), ("author_note", None), ("end_note", None)]
    assert story.work.summary == "A one-shot about tides."
    assert story_text(story) == "The tide went out.\n\nIt came back."
    assert len(story.chapters) == 1 and story.chapters[0].title is None


def test_ffn_chapter_page() -> None:
    story = fabula.read(PAGES / "ffn_chapter_page.html", until="quotes")
    w = story.work
    assert story.doc.format == "ffn-page"
    assert w.title == "The Quiet Ledger" and w.authors == ["marrowlight"]
    assert w.summary and w.summary.startswith("The harbourmaster keeps two ledgers")
    assert w.rating == "Teen And Up Audiences" and w.chapters == "5/?" and w.language == "en"
    assert w.tags == ["Drama", "Romance"] and w.relationships == ["Odile M./Bastian C."]
    assert w.fandoms == ["Keepers of the Tide"]
    assert [c.title for c in story.chapters] == ["Ink and Water"]
    kinds = [(k, ch) for k, ch, _ in parts(story)]
    assert kinds == [("metadata", None), ("summary", None), ("metadata", None), ("author_note", 1), ("disclaimer", 1),
                     ("end_note", 1)]
    assert "Guest: yes, the ledger matters!" in parts(story)[3][2]  # the note's second paragraph is the note's
    for chrome in ("Browse", "Login", "Sign Up", "Follow/Fav", "Next >", "Post Review", "Terms of Service",
                   "Just In", "TV Shows"):
        assert chrome not in story.text, chrome
    assert [s.break_ for s in story.scenes] == [None, "xXx"]
    assert story_text(story).startswith("The ink had frozen") and story_text(story).endswith("closed the book first.")


def test_unknown_site_reads_its_main_block() -> None:
    story = fabula.read(PAGES / "blog_page.html", until="quotes")
    assert story.doc.format == "html"
    assert story.work.title == "Driftwood"
    for chrome in ("Recent posts", "Sign in", "Privacy", "Powered by", "my cat"):
        assert chrome not in story.text, chrome
    assert story_text(story).startswith("The tide left the driftwood")
    assert len(story.scenes) == 1


def test_plain_html_is_read_whole() -> None:
    """A page that is all story keeps everything (the main-block cut is for pages with chrome)."""
    html = b"<html><body><h1>Salt</h1><p>A/N: hi!</p><p>The sea was grey.</p><p>\"Go,\" she said.</p></body></html>"
    story = fabula.read(html, name="salt.html", until="quotes")
    assert story.work.title == "Salt"
    assert [p.kind for p in story.paratext] == ["author_note"]
    assert "The sea was grey." in story_text(story)


@pytest.mark.parametrize("html", [
    b'<html><body><div id="workskin"><p>The lamps on the pier went out one by one.</p>'
    b'<p>"Stay," he said.</p></div></body></html>',
    b'<html><body><div id="workskin"><p>The lamps on the pier went out one by one. "Stay',  # cut off
    # the adapter reads the preface's title and nothing else
    b'<html><body><div id="workskin"><div class="preface group"><h2 class="title heading">The Pier</h2></div>'
    b'<p>The lamps on the pier went out one by one.</p></div></body></html>',
])
def test_a_site_page_with_none_of_its_modules_keeps_its_text(html: bytes) -> None:
    """A page an adapter recognises (``#workskin``) but whose text is in none of the modules it
    reads (a fragment, a hand-edited page) is read by the generic reader, not refused as empty
    or cut down to its title."""
    story = fabula.read(html, name="fragment.html", until="quotes")
    assert "The lamps on the pier went out one by one." in story.text
    assert story.doc.format == "html"


def test_an_epub_page_in_a_site_layout_with_none_of_its_modules_keeps_its_text() -> None:
    pages = [("c1.xhtml", "<h1>Chapter One</h1><p>The first chapter is an ordinary page.</p>"),
             ("c2.xhtml", '<div id="workskin"><p>The lamps on the pier went out one by one.</p>'
                          '<p>"Stay," he said.</p></div>')]
    story = fabula.read(pages_epub(pages, "pier-1", "The Pier"), name="pier.epub", until="quotes")
    assert "The first chapter is an ordinary page." in story.text
    assert "The lamps on the pier went out one by one." in story.text


def test_fabula_epub_reads_back_as_the_story(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from fabula.render.epub import story_epub

    original = fabula.read(EXAMPLE, until="quotes")
    data = story_epub(original)
    again = fabula.read(data, name="ferry.epub", until="quotes")
    assert again.work.title == original.work.title
    assert [(c.n, c.title) for c in again.chapters] == [(c.n, c.title) for c in original.chapters]
    assert len(again.scenes) == len(original.scenes)
    kinds = [p.kind for p in original.paratext]
    assert [p.kind for p in again.paratext if p.kind != "metadata"] == kinds
    # the title page ("Words / 363 / Chapters / 1/1") is metadata, not story
    assert not any("Words" in again.text[s.start:s.end] for s in again.scenes)
    assert again.scenes[0].start > max(p.end for p in again.paratext if p.kind != "end_note")
    first = original.text[original.scenes[0].start:original.scenes[0].end].split("\n")[0]
    assert again.text[again.scenes[0].start:].startswith(first)


def test_calibre_split_ao3_epub_chapter_notes(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """AO3's own EPUBs (Calibre renames classes): a chapter's notes keep their bodies."""
    pages = [
        ("split_000.xhtml", '<div id="preface" class="calibre1"><div class="calibre1"><dl class="tags">'
                            '<dt class="calibre3">Rating:</dt><dd class="calibre4"><a href="#">Mature</a></dd></dl>'
                            '<h1 class="calibre6">Harbour Hours</h1><div class="byline">by <a href="#">inkwren</a></div></div></div>'),
        ("split_001.xhtml", '<div id="chapters" class="userstuff1"><div class="calibre8"><h2 class="calibre9">Chapter 1: Fog</h2>'
                            '<p class="calibre7">Chapter Notes</p><blockquote class="userstuff"><p>Sorry for the wait!</p>'
                            '<p>This one is for everyone who asked.</p></blockquote></div>'
                            '<div class="userstuff2"><p>The fog came in at four.</p><p>"Lamps," said Odile.</p></div></div>'),
    ]
    story = fabula.read(pages_epub(pages, "calibre-like", "Harbour Hours"), name="ao3.epub", until="quotes")
    assert [c.title for c in story.chapters] == ["Fog"]
    note = next(p for p in story.paratext if p.kind == "chapter_note")
    assert "This one is for everyone who asked." in story.text[note.start:note.end]
    assert story_text(story).startswith("The fog came in at four.")


def test_not_a_docx_or_epub_is_one_line() -> None:
    with pytest.raises(InputError, match="is not a readable .docx"):
        load(b"plain text, not a zip", name="draft.docx")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hello.txt", "hi")
    with pytest.raises(InputError, match="not a .docx"):
        load(buf.getvalue(), name="draft.docx")
    with pytest.raises(InputError, match="not an OpenDocument text"):
        load(buf.getvalue(), name="draft.odt")


def test_a_whole_read_of_a_blog_page_with_unnamed_voices() -> None:
    """The speakers pass on a page whose voices nobody names: each voice joins the resolver's genders
    and saliences together (the ranker once indexed a salience list that had not grown with them)."""
    story = fabula.read(FIXTURES / "pages" / "blog_page.html")
    assert story.quotes and all(q.speaker is None or q.speaker.startswith("c") for q in story.quotes)
    ids = {c.id for c in story.characters}
    assert {q.speaker for q in story.quotes if q.speaker} <= ids
