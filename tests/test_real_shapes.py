"""Files in the shapes readers really keep them, written for these tests (our own words): text
pasted with one paragraph a line, an FFN paste whose header lines run together, a POV label
above the story, pages saved from a browser. Each asserts the structure a careful reader sees:
title, chapters, what is not story, scenes, where the story starts and ends."""

from __future__ import annotations

import fabula
from fabula.ingest.text import lines_are_paragraphs, text_blocks

from .conftest import FIXTURES

SHAPES = FIXTURES / "shapes"


def parts(story: fabula.model.Story) -> list[tuple[str, int | None]]:  # type: ignore[name-defined]
    return [(p.kind, p.chapter) for p in story.paratext]


def scene_text(story: fabula.model.Story, n: int) -> str:  # type: ignore[name-defined]
    s = story.scenes[n]
    return story.text[s.start:s.end]


FFN_THREE_CHAPTERS = [
    ("metadata", None), ("summary", None), ("metadata", None),
    ("disclaimer", 1), ("author_note", 1), ("end_note", 1),
    ("chapter_note", 2), ("review_reply", 2), ("end_note", 2), ("end_note", 3),
]


def _ffn_three_chapters(story: fabula.model.Story) -> None:  # type: ignore[name-defined]
    assert story.work.title == "The Lantern Keeper" and story.work.authors == ["quillfinch"]
    assert story.work.summary.startswith("Every night Maro lights the lamps")
    assert [c.title for c in story.chapters] == ["Lamplight", "The Well", "Morning"]
    assert parts(story) == FFN_THREE_CHAPTERS
    assert [(s.chapter, s.break_, s.marker) for s in story.scenes] == [
        (1, None, None), (1, None, "Idda's POV"), (2, None, None), (2, "-x-x-", None), (3, None, None)]
    assert scene_text(story, 0).startswith("Maro lit the first lamp")
    assert scene_text(story, 4).endswith("Some things were better kept.")


def test_ffn_paste_of_three_chapters() -> None:
    _ffn_three_chapters(fabula.read(SHAPES / "ffn_paste_three_chapters.txt", until="scenes"))


def test_one_paragraph_a_line_reads_as_the_same_paste_with_blank_lines() -> None:
    """The same paste with no blank lines at all (one paragraph a line): the whole file was one
    block, read as the FFN header — no story, no chapters."""
    path = SHAPES / "ffn_paste_line_per_paragraph.txt"
    assert "\n\n" not in path.read_text(encoding="utf-8")
    _ffn_three_chapters(fabula.read(path, until="scenes"))


def test_one_paragraph_a_line_with_blank_lines_between_scenes() -> None:
    story = fabula.read(SHAPES / "line_per_paragraph_scenes.txt", until="scenes")
    assert story.work.title == "The Night Ferry"
    assert [s.break_ for s in story.scenes] == [None, "blank lines", "blank lines"]
    assert scene_text(story, 0).startswith("The ferry left at midnight")
    assert scene_text(story, 0).endswith('"One way," she said.')
    assert scene_text(story, 2).endswith("because there was nowhere else to go.")


def test_hard_wrapped_prose_and_chat_logs_keep_their_paragraphs() -> None:
    wrapped = ("The ferry left at midnight, which was the first strange thing, because\n"
               "the timetable on the pier said it never ran after nine and the timetable\n"
               "had been right for forty years, as the harbourmaster liked to say.\n\n") * 6
    assert not lines_are_paragraphs(wrapped, text_blocks(wrapped))
    chat = "".join("ada: are you on the ferry? it left at midnight, which it never does, and I am worried.\n"
                   "bren: yes. there are four other passengers and none of them has any luggage at all.\n"
                   "ada: get off at the first stop, please, whatever the man in the booth tells you.\n\n"
                   for _ in range(4))
    assert not lines_are_paragraphs(chat, text_blocks(chat))


def _lantern_chapter_two(story: fabula.model.Story) -> None:  # type: ignore[name-defined]
    """Chapter two of the lantern story as a reader copies it off the page: the header, the
    chapter navigation above and below, replies and a disclaimer, then three scenes."""
    assert story.work.title == "The Lantern Keeper" and story.work.authors == ["quillfinch"]
    assert story.work.summary.startswith("Every night Maro lights")
    assert story.work.rating == "General Audiences" and story.work.chapters == "3/?"
    kinds = [k for k, _ in parts(story)]
    assert kinds[-7:] == ["metadata", "summary", "metadata", "metadata", "review_reply", "disclaimer", "end_note"]
    nav = [p for p in story.paratext if story.text[p.start:p.end].startswith("< Prev")]
    assert nav and nav[0].kind == "metadata"  # the chapter navigation is the site's, not the story's
    assert "Next >" in story.text[story.paratext[-1].start:story.paratext[-1].end]  # the bottom one ends the note
    assert [(s.break_, s.marker) for s in story.scenes] == [
        (None, "Maro's POV"), ("[break]", "-Idda-"), ("_" * 30, None)]
    assert scene_text(story, 0).startswith("Maro's POV\n\nThe well in the square")
    assert scene_text(story, 2).endswith("this time Maro was watching.")


def test_ffn_page_copied_with_its_site_lines() -> None:
    story = fabula.read(SHAPES / "ffn_page_copy.txt", until="scenes")
    _lantern_chapter_two(story)
    assert story.text[story.paratext[0].start:story.paratext[0].end].startswith("Books » Lantern Saga")


def test_ffn_header_with_its_lines_together() -> None:
    """Title, byline, summary and the "Rated:" line copied as one block of lines: the block was
    all metadata (no title, no summary), and the POV label under it became the title."""
    _lantern_chapter_two(fabula.read(SHAPES / "ffn_header_lines_together.txt", until="scenes"))


def test_a_pov_label_above_the_story_is_no_title() -> None:
    text = (SHAPES / "ffn_page_copy.txt").read_text(encoding="utf-8").split("~~~\n\n", 1)[1]
    story = fabula.read(text, until="scenes")
    assert story.work.title is None and story.title_span is None
    assert story.scenes[0].marker == "Maro's POV" and scene_text(story, 0).startswith("Maro's POV")


def test_a_name_between_marks_is_a_pov_switch_but_a_sound_is_not() -> None:
    body = ("Idda walked to the bridge. The lamps were lit, and Maro waved to Idda from the rail.\n\n"
            "It was cold, so Maro gave Idda his scarf.\n\n")
    story = fabula.read(body + "-Maro-\n\nHe watched her go.\n\n*Thud*\n\nA lamp fell.\n", until="scenes")
    assert [s.marker for s in story.scenes] == [None, "-Maro-"]


def test_ao3_work_page_copied_as_text() -> None:
    """An AO3 work page copied from the browser: its labels ("Summary:", "Notes:", "Chapter
    Text") sit on lines of their own with no blank line around them, so each ran into the
    paragraph above — the whole file read as one chapter with the notes in the story."""
    story = fabula.read(SHAPES / "ao3_page_copy.txt", until="scenes")
    assert story.work.title == "The Salt Road"
    assert [c.title for c in story.chapters] == ["The Coast Road", None]
    got = [(p.kind, p.chapter, story.text[p.start:p.end].split("\n")[0]) for p in story.paratext]
    assert got == [
        ("metadata", None, "wrenfeather"), ("summary", None, "Summary:"), ("author_note", None, "Notes:"),
        ("author_note", None, "(See the end of the work for more notes.)"), ("author_note", 1, "Notes:"), ("author_note", 1, "(See the end of the chapter for more notes.)"),
        ("end_note", 1, "Notes:"), ("summary", 2, "Summary:"), ("end_note", 2, "Notes:")]
    assert "Mind the mule." in story.text[story.paratext[4].start:story.paratext[4].end]
    assert "The first inn." in story.text[story.paratext[7].start:story.paratext[7].end]
    assert [(s.chapter, s.break_) for s in story.scenes] == [(1, None), (1, "~"), (2, None), (2, "* * *")]
    assert scene_text(story, 0).startswith("The road ran along the cliff")  # not "Chapter Text"
    assert scene_text(story, 2).startswith("The inn at Skerrow")
    assert scene_text(story, 3).endswith("up to her knees in the shallows.")


def test_ao3_entire_work_page_saved_from_the_browser() -> None:
    """An "Entire Work" page with the site around it: three chapters, each with its own preface;
    a summary of two paragraphs and a quotation; the kudos and a comment thread below (a
    comment is a ``blockquote.userstuff`` too: never the story's)."""
    story = fabula.read(SHAPES / "ao3_entire_work_page.html", until="scenes")
    assert story.doc.format == "ao3-page"
    assert story.work.title == "The Salt Road" and story.work.authors == ["wrenfeather"]
    assert story.work.summary.startswith("Ysolde carries letters") and "Quarrie, probably" in story.work.summary
    assert [c.title for c in story.chapters] == ["The Coast Road", None, "Letters"]
    assert parts(story) == [("metadata", None), ("metadata", None), ("summary", None), ("dedication", None),
                            ("author_note", None), ("chapter_note", 1), ("end_note", 1), ("summary", 2), ("end_note", None)]
    # the notes' "Inspired by …" line (AO3's associations: a gift, a prompt) was dropped from the text
    gift = story.paratext[3]
    assert story.text[gift.start:gift.end] == "Inspired by a prompt by someone kind."
    assert [(s.chapter, s.break_) for s in story.scenes] == [
        (1, None), (1, "~"), (2, None), (2, "<hr>"), (2, "* * *"), (3, None), (3, "~*~")]
    for chrome in ("Log In", "Chapter by Chapter", "Chapter Text", "left kudos", "cried at the letter", "Site Map",
                   "See the end of", "Work Text"):
        assert chrome not in story.text, chrome
    assert scene_text(story, 0).startswith("The road ran along the cliff")
    assert scene_text(story, 6).endswith('"Well," said Ysolde, and kept walking.')


def test_ffn_chapter_page_saved_from_the_browser() -> None:
    story = fabula.read(SHAPES / "ffn_chapter_page_saved.html", until="scenes")
    assert story.doc.format == "ffn-page"
    assert story.work.title == "The Lantern Keeper" and story.work.authors == ["quillfinch"]
    assert [c.title for c in story.chapters] == ["The Well"]
    assert parts(story) == [("metadata", None), ("summary", None), ("metadata", None), ("review_reply", 1),
                            ("disclaimer", 1), ("end_note", 1)]
    assert "Please review!" in story.text[story.paratext[-1].start:story.paratext[-1].end]
    assert [s.break_ for s in story.scenes] == [None, "oOoOo", "-x-x-"]
    assert scene_text(story, 2).endswith("this time Maro was watching.")
    for chrome in ("Browse", "Login", "Follow/Fav", "Next >", "Post Review", "Terms of Service"):
        assert chrome not in story.text, chrome


def test_ffn_mobile_page_saved_from_the_browser() -> None:
    """m.fanfiction.net has no profile box: the title and author are a "Title by author" line."""
    story = fabula.read(SHAPES / "ffn_mobile_page.html", until="scenes")
    assert story.doc.format == "ffn-page"
    assert story.work.title == "The Lantern Keeper" and story.work.authors == ["quillfinch"]
    assert [c.title for c in story.chapters] == ["The Well"]
    assert [s.break_ for s in story.scenes] == [None, "oOoOo"]
    for chrome in ("Login", "Prev", "Follow/Fav", "Full Site"):
        assert chrome not in story.text, chrome


def test_scene_breaks_as_writers_dress_them() -> None:
    """Ornaments of any symbol and break words framed by them are scene breaks; a quoted
    ellipsis, an emoticon, an emoji reaction and a sentence that starts with "Break" are not."""
    breaks = ["⁂", "❀❀❀", "✧ ✧ ✧", "═══", "~*~Break~*~", "***break***", "[scene change]", "(line break)",
              "--Time skip--", "[time skip]"]
    for line in breaks:
        body = f"Maro lit the lamp.\n\n{line}\n\nIdda came to the bridge at dawn.\n"
        story = fabula.read(body, until="scenes")
        assert [s.break_ for s in story.scenes] == [None, line], line
    for line in ['"..."', ":)", "😭", "Break it.", "?!"]:
        story = fabula.read(f"Maro lit the lamp.\n\n{line}\n\nIdda came to the bridge at dawn.\n", until="scenes")
        assert len(story.scenes) == 1, line


def test_chapter_headings_as_writers_dress_them() -> None:
    """"-Chapter 3-", "Chapter 3/12", "Chapter 3 of 12" head chapters; a number word with a
    hyphen ("Twenty-One") is the number, not a number and a title ("One")."""
    headings = ["-Chapter 20-", "Chapter Twenty-One", "Chapter 22/30: The Well", "== Chapter 23 of 30 - Ink =="]
    body = "".join(f"{h}\n\nMaro lit the lamp and Idda watched from the bridge.\n\n" for h in headings)
    story = fabula.read(body, until="scenes")
    assert [c.title for c in story.chapters] == [None, None, "The Well", "Ink"]
    assert all(story.text[s.start:s.end].startswith("Maro lit") for s in story.scenes)


def test_replies_on_top_and_an_end_of_chapter_line() -> None:
    """Reply lines straight under the heading (no "Review replies" label), then the story, then
    "~ End of Chapter 4 ~" and the author's closing words: the end line is no story."""
    story = fabula.read(SHAPES / "replies_on_top_end_of_chapter.txt", until="scenes")
    assert [c.title for c in story.chapters] == ["The Bell"]
    assert parts(story) == [("review_reply", 1), ("disclaimer", 1), ("end_note", 1)]
    assert story.text[story.paratext[2].start:].startswith("~ End of Chapter 4 ~")
    assert [s.break_ for s in story.scenes] == [None, "=^.^="]
    assert scene_text(story, 1).endswith('"Don\'t look at me like that," she said.')


def test_a_summary_line_among_the_labels_is_the_summary() -> None:
    story = fabula.read(SHAPES / "labels_on_top.txt", until="scenes")
    assert story.work.title == "The Glass Harbour" and story.work.authors == ["ottermoon"]
    got = [(p.kind, story.text[p.start:p.end]) for p in story.paratext]
    assert got[1] == ("summary", "Ottilie walks on the frozen harbour. Her brother does not approve.")
    assert got[2][0] == "metadata" and got[2][1].startswith("Rating: T")
    assert scene_text(story, 0).startswith("The harbour froze")


def test_word_draft_with_bold_centred_headings_and_a_placeholder_creator(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A draft as Word leaves it: title and chapters bold and centred in the Normal style, a
    byline, a "Summary:" line, scenes split by empty paragraphs and a centred "~"; the file's
    creator is Word's "Microsoft Office User", which is nobody's name."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    d = Document()
    d.core_properties.author = "Microsoft Office User"

    def centred(text: str, bold: bool = False) -> None:
        p = d.add_paragraph()
        p.add_run(text).bold = bold
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER

    centred("The Glass Harbour", bold=True)
    centred("by ottermoon")
    d.add_paragraph("Summary: Ottilie walks on the frozen harbour. Her brother does not approve.")
    d.add_paragraph("Rating: T")
    centred("Chapter One", bold=True)
    d.add_paragraph("The harbour froze on the first night of the year, and Ottilie walked out on it.")
    d.add_paragraph("")
    d.add_paragraph("")
    d.add_paragraph("Her brother found her at the lighthouse, blue-lipped and pleased with herself.")
    centred("~")
    d.add_paragraph("They walked home in silence.")
    centred("Chapter Two", bold=True)
    d.add_paragraph("A/N: this one is short, sorry!")
    d.add_paragraph("The ice held for eleven days.")
    d.save(tmp_path / "draft.docx")
    story = fabula.read(tmp_path / "draft.docx", until="scenes")
    assert story.work.title == "The Glass Harbour" and story.work.authors == ["ottermoon"]
    assert story.work.summary == "Ottilie walks on the frozen harbour. Her brother does not approve."
    assert [p.kind for p in story.paratext] == ["metadata", "summary", "metadata", "chapter_note"]
    assert len(story.chapters) == 2
    assert [(s.chapter, s.break_) for s in story.scenes] == [(1, None), (1, "blank lines"), (1, "<hr>"), (2, None)]


def _mhtml(html: str | None) -> bytes:
    """A page saved as one file, as Chrome writes it: a MIME message, the HTML quoted-printable."""
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["From"] = "<Saved by Blink>"
    msg["Subject"] = "The Lantern Keeper Chapter 2: The Well | FanFiction"
    if html is None:
        msg.set_content(b"\x89PNG\r\n\x1a\n", maintype="image", subtype="png")
    else:
        msg.set_content(html, subtype="html", cte="quoted-printable")
        msg.add_related(b"\x89PNG\r\n\x1a\n", maintype="image", subtype="png", cid="<logo@mhtml.blink>")
    return bytes(msg)


def test_a_page_saved_as_one_file_mhtml(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Chrome's "Webpage, Single File" (a phone's "Download page"): the MIME wrapping was read as
    the story's text."""
    html = (SHAPES / "ffn_chapter_page_saved.html").read_text(encoding="utf-8")
    for name in ("chapter.mhtml", "chapter"):  # by its name, and by its content where the name says nothing
        (tmp_path / name).write_bytes(_mhtml(html))
        story = fabula.read(tmp_path / name, until="scenes")
        assert story.doc.format == "ffn-page" and story.work.title == "The Lantern Keeper"
        assert [s.break_ for s in story.scenes] == [None, "oOoOo", "-x-x-"]
        assert "=3D" not in story.text and "Saved by Blink" not in story.text


def test_a_saved_page_with_no_html_in_it_is_one_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from fabula.cli import app

    (tmp_path / "page.mhtml").write_bytes(_mhtml(None))
    result = CliRunner().invoke(app, ["read", str(tmp_path / "page.mhtml")])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert result.output.strip().splitlines()[-1].startswith("fabula: error:") and "no HTML page" in result.output


def test_a_header_of_labels_with_the_notes_among_them() -> None:
    """The header of a journal or tumblr post: "Title:", "Author:", … "Summary:", "Author's
    Notes:" one a line. The summary ran on into the note, and the note was metadata."""
    story = fabula.read(SHAPES / "header_of_labels.txt", until="scenes")
    assert story.work.title == "The Salt Road" and story.work.authors == ["wrenfeather"]
    assert story.work.summary == "Three days, two inns, one very stubborn mule."
    got = [(p.kind, story.text[p.start:p.end]) for p in story.paratext]
    assert [k for k, _ in got] == ["metadata", "summary", "author_note"]
    assert got[2][1] == "Author's Notes: For the winter exchange. Thank you to my beta!"
    text = "Title: Salt\nRating: PG\nA/N: For the exchange.\nThank you to my beta!\nDisclaimer: all mine.\n\n" \
           "The road ran along the cliff like a seam on a coat, and Ysolde walked it.\n"
    story = fabula.read(text, until="scenes")
    assert [(p.kind, story.text[p.start:p.end]) for p in story.paratext] == [
        ("metadata", "Title: Salt\nRating: PG"), ("author_note", "A/N: For the exchange.\nThank you to my beta!"),
        ("disclaimer", "Disclaimer: all mine.")]


def test_formats_fabula_does_not_read_are_one_line_each(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """AO3's other downloads (PDF, MOBI, AZW3) and an RTF draft: one line saying what to use
    instead (a PDF whose first page is text was read as a story of PDF operators)."""
    from typer.testing import CliRunner

    from fabula.cli import app

    mobi = bytearray(200)
    mobi[60:68] = b"BOOKMOBI"
    files = {"work.pdf": b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "work.azw3": bytes(mobi),
             "draft.rtf": b"{\\rtf1\\ansi Maro lit the lamp.}", "work": b"%PDF-1.7\nBT /F1 12 Tf (Maro) Tj ET\n"}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
        result = CliRunner().invoke(app, ["read", str(tmp_path / name)])
        lines = result.output.strip().splitlines()
        assert result.exit_code == 2 and len(lines) == 1 and lines[0].startswith("fabula: error:"), name
        assert "does not read" in lines[0] and ("EPUB" in lines[0] or ".docx" in lines[0]), name


def test_ffn_story_listing_copied_above_the_story() -> None:
    """FanFiction.net's listing of a story: "Title by author", the summary, and a line that opens
    on the fandom and ends on "Complete"."""
    story = fabula.read(SHAPES / "ffn_story_listing.txt", until="scenes")
    w = story.work
    assert w.title == "The Lantern Keeper" and w.authors == ["quillfinch"]
    assert w.fandoms == ["Lantern Saga"] and w.characters == ["Maro", "Idda"] and w.chapters == "3/3"
    assert w.summary.startswith("Every night Maro lights")
    assert parts(story) == [("summary", None), ("metadata", None)]
    assert scene_text(story, 0).startswith("Maro lit the first lamp")


def test_an_empty_paragraph_between_every_paragraph_is_no_break() -> None:
    """A chapter pasted into AO3 from a word processor: an empty paragraph (``<p>&nbsp;</p>``)
    after every paragraph. Each paragraph was a scene (12 for 7); the ornaments and the rule
    still break, and one empty paragraph where paragraphs have none between them does too."""
    import re

    html = (SHAPES / "ao3_entire_work_page.html").read_text(encoding="utf-8")
    spaced = re.sub(r'(<div class="userstuff module" role="article">)(.*?)(</div>)',
                    lambda m: m.group(1) + m.group(2).replace("</p>", "</p>\n<p>&nbsp;</p>") + m.group(3), html,
                    flags=re.S)
    story = fabula.read(spaced.encode("utf-8"), name="work.html", until="scenes")
    assert [s.break_ for s in story.scenes] == [None, "~", None, "<hr>", "* * *", None, "~*~"]
    one = html.replace('<p style="text-align: center;">~</p>', "<p>&nbsp;</p>")
    story = fabula.read(one.encode("utf-8"), name="work.html", until="scenes")
    assert [s.break_ for s in story.scenes][:2] == [None, "blank lines"]


def test_google_docs_draft_exported_as_a_web_page() -> None:
    """Google Docs' "Download as web page": the title a ``p.title``, chapters ``<h1>``, italics a
    class in the page's style sheet. "Chapter One" was taken for the title and the chapter's
    first paragraph for front matter; the italics were lost."""
    story = fabula.read(SHAPES / "google_docs_export.html", until="scenes")
    assert story.work.title == "The Glass Harbour"
    assert len(story.chapters) == 2 and parts(story) == [("author_note", None)]
    assert [(s.chapter, s.break_) for s in story.scenes] == [(1, None), (1, "* * *"), (2, None), (2, "~")]
    assert scene_text(story, 0).startswith("The harbour froze")
    assert [(story.text[m.start:m.end], m.kind) for m in story.doc.marks] == [("could", "italic")]


def test_ffn_page_copied_whole_with_select_all() -> None:
    """Ctrl+A, Ctrl+C on a chapter page: the site's menu lines run into the header's block."""
    story = fabula.read(SHAPES / "ffn_page_select_all.txt", until="scenes")
    assert story.work.title == "The Lantern Keeper" and story.work.authors == ["quillfinch"]
    assert story.work.summary.startswith("Every night Maro")
    assert [k for k, _ in parts(story)] == ["metadata", "metadata", "summary", "metadata", "disclaimer", "end_note"]
    assert [s.break_ for s in story.scenes] == [None, "oOoOo"]
    assert scene_text(story, 0).startswith("The well in the square")
    assert scene_text(story, 1).endswith("he did not believe himself.")


def test_a_sentence_a_line_keeps_its_paragraphs() -> None:
    """A sentence a line, a blank line between paragraphs: the runs are paragraphs, not scenes."""
    para = ("The ferry left at midnight, which was the first strange thing about the night and not the last.\n"
            "Ada bought a ticket anyway, because the man in the booth did not look up when he took her coin.\n"
            "The ticket he slid back was warm, as if it had been in somebody's pocket for a long time.\n\n")
    text = para * 6
    assert not lines_are_paragraphs(text, text_blocks(text))
    assert len(fabula.read(text, until="scenes").scenes) == 1


def test_ao3_work_page_copied_whole_with_select_all() -> None:
    """Ctrl+A on an AO3 work page: the site's menu, the chapter navigation ("Chapter 1") and the
    tag block (each label above its value) before the work, kudos and footer after it. The menu
    was a chapter, the stats' numbers were scene labels, the title was "Main Content"."""
    story = fabula.read(SHAPES / "ao3_page_select_all.txt", until="scenes")
    w = story.work
    assert w.title == "The Salt Road" and w.summary.startswith("Ysolde carries letters")
    assert w.rating == "General Audiences" and w.characters == ["Ysolde Farrow", "Quarrie Amary"]
    assert w.chapters == "2/2" and w.declared_words == 1024
    assert [c.title for c in story.chapters] == ["The Coast Road", None]
    assert [(s.chapter, s.break_) for s in story.scenes] == [(1, None), (1, "~"), (2, None), (2, "* * *")]
    assert scene_text(story, 0).startswith("The road ran along the cliff")
    assert scene_text(story, 3).endswith("up to her knees in the shallows.")
    first, last = story.paratext[0], story.paratext[-1]
    assert story.text[first.start:first.end].startswith("Main Content") and first.kind == "metadata"
    assert story.text[last.start:last.end].startswith("Actions") and "Site Map" in story.text[last.start:last.end]


def test_ao3_download_read_as_text() -> None:
    """AO3's download turned to text (a converter's TXT, a copy of the HTML download): the
    preface's labels stand alone without colons ("Summary", "Chapter End Notes"), the title sits
    above "Posted originally on the Archive of Our Own", and "Afterword" heads the work's end
    notes. The title was "General Audiences" and the afterword a chapter."""
    story = fabula.read(SHAPES / "ao3_download_as_text.txt", until="scenes")
    assert story.work.title == "The Salt Road" and story.work.authors == ["wrenfeather"]
    assert story.work.summary == "Ysolde carries letters along the coast road. Quarrie carries nothing but opinions."
    assert [c.title for c in story.chapters] == ["The Coast Road", None]
    assert [k for k, _ in parts(story)] == ["metadata", "metadata", "summary", "author_note", "author_note",
                                           "author_note", "end_note", "end_note"]
    assert [(s.chapter, s.break_) for s in story.scenes] == [(1, None), (1, "~"), (2, None)]
    assert scene_text(story, 1).endswith("one of Quarrie's gloves.")
    assert scene_text(story, 2).endswith('"I\'ll take the floor," Quarrie said.')


def test_fanficfare_text_download() -> None:
    """FanFicFare's .txt download: the title page's labels (the summary wrapped, then a paragraph
    more), a table of contents, and chapters headed by the lines the contents name."""
    story = fabula.read(SHAPES / "fanficfare_download.txt", until="scenes")
    assert story.work.title == "The Lantern Keeper" and story.work.authors == ["quillfinch"]
    assert [c.title for c in story.chapters] == ["Lamplight", "The Well", "Morning"]
    assert [k for k, _ in parts(story)] == ["metadata", "metadata", "summary", "summary", "metadata"]
    assert [(s.chapter, s.break_) for s in story.scenes] == [(1, None), (1, "* * *"), (2, None), (3, None)]
    assert scene_text(story, 0).startswith("Maro lit the first lamp")
    assert scene_text(story, 3).endswith("Some things were better kept.")


def test_a_table_of_contents_names_the_headings() -> None:
    """Chapter titles with no "Chapter" in them are headings where a table of contents names
    them; the contents end where their first entry comes again."""
    toc = "Contents\n\nLow Water\n\nHigh Water\n\n\n\n"
    body = ("Low Water\n\nMaro lit the lamp at dusk and waited for the bridge to fill with people.\n\n"
            "High Water\n\nIdda came at dawn, when the river had risen to the second step.\n")
    story = fabula.read("The Lamps\n\n" + toc + body, until="scenes")
    assert [c.title for c in story.chapters] == ["Low Water", "High Water"]
    assert [story.text[s.start:s.end][:8] for s in story.scenes] == ["Maro lit", "Idda cam"]


def test_a_heading_said_twice_opens_one_chapter() -> None:
    """The chapter's name from the site's chapter list pasted above the author's own heading."""
    text = ("Chapter 1: Lamplight\n\nChapter One\n\nMaro lit the first lamp at dusk.\n\n\"Evening,\" said Idda.\n\n"
            "Chapter 2\n\nChapter Two: The Well\n\nThe well in the square had been dry for a hundred years.\n")
    story = fabula.read(text, until="scenes")
    assert [c.title for c in story.chapters] == ["Lamplight", "The Well"]
    assert [story.text[s.start:s.end][:8] for s in story.scenes] == ["Maro lit", "The well"]


def _read_written(path, text: str) -> fabula.model.Story:  # type: ignore[no-untyped-def,name-defined]
    """The story in ``text``, written to ``path`` and read as a user's file is, through its scenes."""
    path.write_text(text, encoding="utf-8")
    return fabula.read(path, until="scenes")


def test_a_sentence_a_line_with_blank_lines_between_paragraphs_keeps_its_paragraphs() -> None:
    """Five sentences a line, a blank line between paragraphs: each run is one paragraph, not five
    (no scene break at every blank line)."""
    para = ("Odile carried the lantern up the hill before the light was gone.\n"
            "The path was wet, and twice she had to stop and find it again with her hands.\n"
            "At the top the old keeper was waiting for her, wrapped in two coats and a blanket.\n"
            "He said nothing about the hour, and she was grateful for that at least.\n"
            "They lit the lamp together, as they had every night since the autumn.\n\n")
    text = para * 4
    assert not lines_are_paragraphs(text, text_blocks(text))


def test_a_lone_label_takes_its_body_not_the_story_under_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """'Summary' on its own line with one paragraph under it, then the story: the story's narration
    and a tagged line of dialogue are never more of the summary."""
    story_text = ("The Lantern Hill\n\nSummary\n\nA lamp goes out, and only Odile will climb to light it.\n\n"
                  "Odile climbed the hill before dawn, because the lamp at the top had gone out again.\n\n"
                  '"You\'re late," said Brann, who kept the gate.\n\n'
                  "She did not answer him. The wind had teeth that morning, and she kept her breath.\n\n"
                  "At the top she found the glass cracked and the wick drowned in oil.\n\n"
                  "It took her an hour to mend it, and the sun was up before the flame was.\n\n"
                  "When she came down, Brann had gone home, and the gate stood open.\n")
    story = _read_written(tmp_path / "lantern.txt", story_text)
    assert story.work.summary == "A lamp goes out, and only Odile will climb to light it."
    assert [p.kind for p in story.paratext] == ["summary"]
    assert scene_text(story, 0).startswith("Odile climbed the hill before dawn")


def test_a_shouted_break_is_dialogue_not_a_scene_break() -> None:
    from fabula.segment.patterns import is_break_line

    assert not any(is_break_line(s) for s in ('"Break!"', "Break!", "Break.", "“Break!”"))
    assert all(is_break_line(s) for s in ("~*~Break~*~", "[scene change]", "(line break)", "--Time skip--"))


def test_a_line_of_dialogue_saying_a_contents_entry_is_no_chapter_heading(tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = ("The Lantern Hill\n\nContents\n\nThe Storm\n\nHome\n\nThe Storm\n\n"
            "The rain came sideways off the sea and the lamp shook in its cage.\n\n"
            '"The storm!" Brann shouted up the stairs. "Is it holding?"\n\n'
            "It held. By morning the sea was flat and grey and very tired.\n\nHome\n\n"
            "Odile slept until noon, and nobody woke her.\n")
    story = _read_written(tmp_path / "contents.txt", text)
    assert [c.title for c in story.chapters] == ["The Storm", "Home"]


def test_many_sounds_between_asterisks_are_counted_once_and_no_scene() -> None:
    """A framed word the story never uses inside its sentences ('*Thud*') starts no scene, and the
    count of names inside sentences is made once per text."""
    from fabula.segment import scenes

    text = "Odile dropped the crate, and Brann laughed.\n\n*Thud*\n\nBrann said nothing, and Odile swore.\n"
    assert not scenes._framed_name(text, "*Thud*")
    assert not scenes._framed_name(text, "-Odile-")  # inside a sentence once only
    text2 = text + "\nLater, Odile slept.\n"
    assert scenes._framed_name(text2, "-Odile-")
    assert scenes._named_inside.cache_info().currsize >= 1


def test_a_wrapped_first_paragraph_ending_on_a_by_line_is_story_not_a_header() -> None:
    """Prose hard-wrapped at the margin whose last lines happen to be a capitalised phrase and a
    line opening "by …": was read as a pasted header (the wrapped lines metadata, the phrase the
    title, "by the slow water…" the author). The lines above a header's title are a site's
    trail or short labels, never a line of prose."""
    story = fabula.read(SHAPES / "wrapped_first_paragraph_by_line.txt", until="scenes")
    assert story.work.title is None and story.title_span is None and story.work.authors == []
    assert story.paratext == []
    assert scene_text(story, 0).startswith("The keeper's daughter had been told")
    assert scene_text(story, 0).endswith('"Hello?" she called. Nobody answered her.')


def test_header_lines_are_trimmed_like_every_other_line() -> None:
    """A header pasted from a web page keeps no-break spaces and form feeds at its lines' ends;
    the title's span and the work's title leave them out, as paragraphs' spans do."""
    text = ("The Quiet Orchard\u00a0\u00a0\nBy: fernwick\u00a0\n\n"
            "The apples fell all night, and in the morning Perrin gathered them into her apron.\n\n"
            '"Too many," said her brother. "We will never eat them all."\n')
    story = fabula.read(text, until="scenes")
    assert story.work.title == "The Quiet Orchard" and story.work.authors == ["fernwick"]
    assert story.text[story.title_span[0]:story.title_span[1]] == "The Quiet Orchard"
    assert scene_text(story, 0).startswith("The apples fell all night")


def test_an_ao3_page_with_no_work_on_it_is_refused_with_one_line() -> None:
    """A series page, the adult-content notice, and a page cut off after the site's menu (all in
    AO3's layout, our own words): each was read as a story made of the menu and the listing.
    Each is refused with one line that says what the page is and what to save instead."""
    import pytest

    from fabula.errors import InputError

    for name, said in (("ao3_series_page.html", "a series page"), ("ao3_adult_notice.html", "adult-content notice"),
                       ("ao3_page_cut_after_menu.html", "no work text")):
        with pytest.raises(InputError) as err:
            fabula.read(SHAPES / "refused" / name, until="scenes")
        line = str(err.value)
        assert "\n" not in line and said in line and "Archive of Our Own" in line, line


def test_a_hand_made_page_with_a_header_of_its_own_is_read(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Only AO3's own chrome (its header naming the Archive, otwarchive's footer) marks a page
    with no work: a page someone made with a ``#header`` of their own is a story."""
    page = ('<html><body><div id="header"><h1>Fernwick\'s Stories</h1></div><div id="main">'
            "<h2>The Quiet Orchard</h2><p>The apples fell all night, and in the morning Perrin gathered them.</p>"
            '<p>"Too many," said her brother.</p></div><div id="footer">Made by hand, 2024</div></body></html>')
    story = _read_written(tmp_path / "orchard.html", page)
    assert scene_text(story, 0).startswith("The apples fell all night")


def test_the_cli_says_one_line_for_an_ao3_series_page() -> None:
    import subprocess
    import sys

    p = subprocess.run([sys.executable, "-m", "fabula", "read", str(SHAPES / "refused" / "ao3_series_page.html")],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 2 and p.stdout == ""
    assert p.stderr.startswith("fabula: error: ") and p.stderr.count("\n") == 1 and "Traceback" not in p.stderr


def test_empty_paragraphs_around_a_short_line_are_a_pause_where_the_page_marks_its_breaks() -> None:
    """A work page that marks its scene breaks (``~~~``) and also puts empty paragraphs around a
    short line for a pause ("She was late…", an empty line, "She was shaking.", an empty line) or
    between two short lines of a conversation: each pause made a scene. An empty paragraph
    between two paragraphs of narration (a time skip) still breaks the scene."""
    story = fabula.read(SHAPES / "ao3_empty_paragraph_pauses.html", until="scenes")
    assert [s.break_ for s in story.scenes] == [None, "~~~", "blank lines"]
    assert scene_text(story, 0).startswith("Odile climbed the last of the stairs")
    assert scene_text(story, 0).endswith("lurched with its light.")
    assert scene_text(story, 2).startswith("Three days later the harbour master")


def _older_ffn_page(story: fabula.model.Story, summary: str | None) -> None:  # type: ignore[name-defined]
    assert story.doc.format == "ffn-page"
    assert story.work.title == "The Winter Ferry" and story.work.authors == ["quillfinch"]
    assert story.work.rating == "Teen And Up Audiences"
    assert story.work.summary == summary
    assert [c.title for c in story.chapters] == ["Frost"]
    assert [p.kind for p in story.paratext] == ["metadata", *(["summary"] if summary else []), "metadata", "end_note"]
    assert [s.break_ for s in story.scenes] == [None, "*~*~*"]
    assert scene_text(story, 0).startswith("Perrin kept the ferry for his uncle")
    assert scene_text(story, 1).endswith("no luggage at all.")


def test_ffn_chapter_page_of_the_older_table_layout() -> None:
    """FanFiction.net's desktop page as it was until about 2011: no ``#profile_top``, the author's
    link in a table cell, the "Rated: … - id:" line with its rating a link, the title in the
    page's ``<title>``. The title, the author and the header line were all lost."""
    _older_ffn_page(fabula.read(SHAPES / "ffn_chapter_page_2008.html", until="scenes"), None)


def test_older_ffn_page_kept_without_its_head_gives_its_title_from_the_chapter_select(tmp_path) -> None:  # type: ignore[no-untyped-def]
    html = (SHAPES / "ffn_chapter_page_2008.html").read_text(encoding="utf-8")
    body = html[html.index("<body>"):]
    _older_ffn_page(_read_written(tmp_path / "crossing.html", body), None)


def test_ffn_page_body_of_2012_with_title_beside_the_author() -> None:
    """The 2012 page kept as its body only (no ``<title>``): the title a ``<b>`` in the author's
    cell, the summary a div beside the author, then the header line."""
    _older_ffn_page(fabula.read(SHAPES / "ffn_chapter_page_2012_body.html", until="scenes"),
                    "A ferryman works the crossings for one winter, and meets someone who should not be "
                    "waiting on the far bank.")


def test_a_chapters_top_repeating_the_header_labels_is_no_story() -> None:
    """A chapter that opens by repeating the story's header as label lines ("Category/Rating:",
    "Chapters:", "Characters:") between its disclaimer and its A/N: the story was read as
    starting at "Category/Rating: Gen/T", with the A/N below it in the story."""
    story = fabula.read(SHAPES / "chapter_top_labels.txt", until="scenes")
    assert story.work.title == "The Winter Ferry"
    assert [(p.kind, p.chapter) for p in story.paratext] == [
        ("metadata", 1), ("disclaimer", 1), ("metadata", 1), ("metadata", 1), ("metadata", 1), ("author_note", 1)]
    assert scene_text(story, 0).startswith("Perrin kept the ferry for his uncle")


def test_long_ornament_rows_frame_the_heading_and_the_closing_plea() -> None:
    """A row of one short ornament repeated across the page (".:x:." fifteen times) frames the
    chapter heading and each break, and under the last one a "Please Review!" between ornaments
    and a "reposted:" date. Rows past 40 characters were no break (the heading and the rows were
    story, one scene), and the plea and the date stayed in the story."""
    story = fabula.read(SHAPES / "ornament_rows_plea_and_date.txt", until="scenes")
    assert story.work.title == "The Winter Ferry" and [c.title for c in story.chapters] == ["Frost"]
    assert [(p.kind, story.text[p.start:p.end]) for p in story.paratext] == [
        ("end_note", "Please Review!"), ("end_note", "reposted: 3/14/09")]
    assert len(story.scenes) == 2 and story.scenes[1].break_.startswith(".:x:.")
    assert scene_text(story, 0).startswith("The far bank was white with frost")
    assert scene_text(story, 1).endswith("and so was she.")


def test_a_long_row_is_a_break_only_when_it_repeats_an_ornament() -> None:
    from fabula.segment.patterns import is_break_line

    assert is_break_line("~" * 60) and is_break_line("-x-" * 20) and is_break_line(".:O:" * 15 + ".")
    assert not is_break_line("ha" * 30) and not is_break_line("no " * 20) and not is_break_line("-" * 300)


def test_the_title_and_byline_again_above_a_chapters_text_are_no_story() -> None:
    """A chapter whose text opens on the title and "by author" again (as many authors paste
    their story in): the two lines were read as the story's first paragraph."""
    story = fabula.read(SHAPES / "ffn_title_and_byline_again.html", until="scenes")
    assert story.work.title == "The Winter Ferry" and story.work.authors == ["quillfinch"]
    assert [p.kind for p in story.paratext] == ["metadata", "summary", "metadata", "metadata"]
    assert story.text[story.paratext[-1].start:story.paratext[-1].end] == "The Winter Ferry\nby quillfinch"
    assert scene_text(story, 0).startswith("Perrin kept the ferry for his uncle")
    one_line = fabula.read("The Winter Ferry\n\nThe Winter Ferry by quillfinch\n\n"
                           "Perrin kept the ferry for his uncle that winter, because nobody else would work the late boats.\n\n"
                           '"You\'ll freeze," said the harbour clerk.\n', until="scenes")
    assert scene_text(one_line, 0).startswith("Perrin kept the ferry")


def test_an_end_note_in_two_paragraphs_under_a_break() -> None:
    """The author's note under a chapter's last break in two paragraphs, the second with no
    label, no "you" and only one cue ("Does this story make sense so far? I worried…"): read
    from the chapter's end up, the second stopped the search, and both stayed story."""
    story = fabula.read(SHAPES / "end_note_in_two_paragraphs.txt", until="scenes")
    assert [p.kind for p in story.paratext] == ["end_note"]
    assert story.text[story.paratext[0].start:story.paratext[0].end].startswith("Short chapter, sorry.")
    assert story.text[story.paratext[0].start:story.paratext[0].end].endswith("before anything happened.")
    assert len(story.scenes) == 1 and scene_text(story, 0).endswith("and so was she.")


def test_pictures_in_the_story_are_no_breaks_and_ornament_images_are() -> None:
    """Saved pages show pictures between paragraphs (a photo a character sends: an image alone in a
    centred paragraph) and set scenes apart with ornament images (a low, wide line; a file named
    a divider). Each picture read as an empty paragraph, so a scene break; no ornament image
    broke anything. An emoticon inside a paragraph of text is neither."""
    story = fabula.read(SHAPES / "ao3_pictures_and_ornament_images.html", until="scenes")
    assert [s.break_ for s in story.scenes] == [None, "<hr>", "<hr>"]
    assert scene_text(story, 0).endswith('"Your fellow with the gull."')
    assert scene_text(story, 1).startswith("The ferry came back on Sunday.")
    assert scene_text(story, 1).endswith("grinning like a fool.")
    assert scene_text(story, 2).startswith("The gull lived in the bait shop")


def test_image_kind_by_its_name_and_its_size() -> None:
    from bs4 import BeautifulSoup

    from fabula.ingest.html import image_kind

    def kind(tag: str) -> str | None:
        img = BeautifulSoup(tag, "html.parser").img
        assert img is not None
        return image_kind(img)

    assert kind('<img src="a.png" width="420" height="40">') == "ornament"  # a line
    assert kind('<img src="a.png" width="36" height="37">') == "ornament"  # a dingbat
    assert kind('<img src="scene_divider.gif">') == "ornament"
    assert kind('<img src="a.jpg" alt="decorative line">') == "ornament"
    assert kind('<img src="a.jpg" width="180" height="170">') == "picture"
    assert kind('<img src="a.jpg" width="800px" height="800px">') == "picture"
    assert kind('<img src="photo.jpg">') is None  # nothing to tell by: read as before
    assert kind('<img src="online.jpg" width="100%" height="auto">') is None


def test_beats_in_a_page_that_marks_its_breaks() -> None:
    """A page that breaks its scenes with ``~~~`` also leaves empty paragraphs for rhythm: after a
    line of three words ("So Tomas waited."), after a short question, and around one long line set
    apart just above the ``~~~``. Each made a scene (6 for 3). An empty paragraph between two
    paragraphs of narration still breaks the scene."""
    story = fabula.read(SHAPES / "ao3_beats_in_a_page_that_marks_breaks.html", until="scenes")
    assert [s.break_ for s in story.scenes] == [None, "~~~", "blank lines"]
    assert scene_text(story, 0).endswith("which of them would win.")
    assert scene_text(story, 2).startswith("They reached the first of the houses")


def test_fan_art_work_whose_only_text_points_to_more_art() -> None:
    """A fan-art work on AO3: the art is an image, and the only text under it says where more of the
    artist's work is. That line was read as the story; it is the author's note, and there is no story."""
    story = fabula.read(SHAPES / "ao3_fan_art_work.html", until="scenes")
    assert story.work.title == "Lighthouse at Low Tide"
    notes = [p for p in story.paratext if p.kind == "author_note"]
    assert len(notes) == 1 and story.doc.text[notes[0].start:notes[0].end].startswith("More of my art @")
    assert story.scenes == []


def test_pointer_lines_are_notes_and_story_lines_are_not() -> None:
    from fabula.segment.notes import classify

    assert classify("Find me on tumblr @wrenfeather!", "end") == "end_note"
    assert classify("My ko-fi: https://ko-fi.example/emeric", "top") == "author_note"
    assert classify("More fics at wrenfeather.example.net", "end") == "end_note"
    assert classify("Follow me, she said, and went down the stair.", "end") is None  # no address: story
    assert classify("More rain came off the hills @ dusk.", "mid") is None


def test_chapter_front_matter_above_its_title_said_again() -> None:
    """A chapter's text that opens with credits, a cover, a glossary and an epigraph, then says the
    chapter's title again as the author set it, under an ornament: the credits and glossary read
    as story and made four scenes of the front matter. They are notes (credits as credits); the
    epigraph right over the title stays the work's, as verse, and opens the first scene."""
    story = fabula.read(SHAPES / "ao3_chapter_front_matter_over_its_title.html", until="verse")
    assert [c.title for c in story.chapters] == ["Prologue: Low Water"]
    text = story.doc.text
    kinds = [(p.kind, text[p.start:p.end][:20]) for p in story.paratext if p.chapter == 1]
    assert kinds[:2] == [("credit", "Story by wrenfeather"), ("credit", "Cover art by reedlar")]
    assert {k for k, _ in kinds[2:]} == {"author_note"} and len(kinds) == 6
    assert [(v.kind, text[v.start:v.end].split("\n")[0]) for v in story.verse] == [("epigraph", "the bells are under the water now")]
    assert [s.break_ for s in story.scenes] == [None, "<hr>"]
    assert scene_text(story, 0).startswith("the bells are under the water now")
    said_again = text.index("Prologue: Low Water", story.verse[0].end)
    assert any(a <= said_again < z for a, z in story.headings)  # the title said again is a heading, no story
    assert all(said_again not in range(b.start, b.end) for b in story.story_blocks)
    assert scene_text(story, 1).startswith("The second time he heard it")


def test_a_chapter_heading_said_again_past_an_ornament_row_is_one_chapter() -> None:
    """"Chapter Two", a row of ``~*~*~``, then "Chapter Two: Frost": the author's heading over the
    bare one, as a copied page leaves them. It made an empty chapter of the first."""
    story = fabula.read(SHAPES / "heading_again_past_an_ornament_row.txt", until="scenes")
    assert [c.title for c in story.chapters] == [None, "Frost"]
    assert [s.chapter for s in story.scenes] == [1, 2]
    assert scene_text(story, 1).startswith("The frost came early that year.")
    three = (SHAPES / "heading_again_past_an_ornament_row.txt").read_text(encoding="utf-8").replace(
        "Chapter Two: Frost", "Chapter Three: Frost")
    story = fabula.read(three.encode("utf-8"), name="road.txt", until="scenes")
    assert [c.title for c in story.chapters] == [None, None, "Frost"]  # another number: its own chapter


def test_review_replies_in_dash_form_after_a_closing_note() -> None:
    """A chapter that ends on "*", the author's note, then replies to reviewers written
    "Name - reply" (older FanFiction.net lists), one of them retelling the story back to its
    reviewer. Only "Name: reply" was a reply: the note and the replies were the story's last scene."""
    story = fabula.read(SHAPES / "replies_after_a_star_in_dash_form.txt", until="scenes")
    assert [p.kind for p in story.paratext if p.chapter == 1] == ["end_note", "review_reply"]
    assert [s.break_ for s in story.scenes] == [None]
    assert scene_text(story, 0).endswith("they did not look back at the village.")


def test_dash_replies_are_not_dash_dialogue() -> None:
    from fabula.segment.notes import reply_start

    lines = ["Tansy Moor - thank you! I will!", "Vellum-22 - really? Wow!", "- Come here - she said.",
             "— Where are you going? — he asked.", "the tide - it came in fast."]
    assert [reply_start(lambda k: lines[k], k) for k in range(len(lines))] == [True, True, False, False, False]


def test_a_time_marker_framed_by_break_lines_opens_the_scene_after_it() -> None:
    """"~~~", "Weeks earlier.", "~~~": the marker is the next scene's label, not a scene of its
    own (four scenes for three)."""
    story = fabula.read(SHAPES / "time_marker_between_break_lines.txt", until="scenes")
    assert [s.break_ for s in story.scenes] == [None, "~~~", "~~~"]
    assert scene_text(story, 1).startswith("Weeks earlier.")
    assert scene_text(story, 2).startswith("By midsummer")


def test_title_and_byline_said_again_in_two_paragraphs_between_ornament_rows() -> None:
    """An FFN chapter whose text opens with an ornament row, the title, "by author" in a paragraph
    of its own, another row, "Chapter One" and its title, and a row: "by author" and everything
    under it were the story's first scene."""
    html = (SHAPES / "ffn_title_and_byline_again.html").read_text(encoding="utf-8")
    row = "<p>.:~:.:~:.:~:.:~:.:~:.:~:.</p>"
    html = html.replace("<p>The Winter Ferry<br>by quillfinch</p>",
                        f"{row}<p>The Winter Ferry</p><p>by quillfinch</p>{row}<p>Chapter One</p><p>Frost</p>{row}")
    story = fabula.read(html.encode("utf-8"), name="ferry.html", until="scenes")
    assert story.work.title == "The Winter Ferry"
    assert "by quillfinch" in [story.text[p.start:p.end] for p in story.paratext]
    assert [s.break_ for s in story.scenes] == [None]
    assert scene_text(story, 0).startswith("Perrin kept the ferry for his uncle")
