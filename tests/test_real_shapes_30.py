"""Shapes found on real saved pages from a source no earlier set used (a scraper's test pages:
FanFiction.net chapters, AO3 full works), each rebuilt here with invented text: a chapter's
later part pasted with an empty paragraph between every two, a place or time line framed by two
break lines, a run of one digit as a break, a key to the text's marks above the chapter's own
heading said again, and "Also I own …" closing a chapter."""

from __future__ import annotations

from pathlib import Path

import fabula

P1 = ["Odile pushed the boat off the shingle and let the current take it, and the cold came up off the water.",
      "\"You could row,\" Brann said from the bow, not looking up from his book.",
      "\"I could,\" she agreed, and did not, and the river carried them past the mill.",
      "The willows leaned over the water as if they were listening for something."]


def _read(tmp_path: Path, name: str, text: str) -> fabula.model.Story:  # type: ignore[name-defined]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return fabula.read(path, until="scenes")


def _paras(n: int, word: str) -> list[str]:
    return [f"{word} paragraph {k}: the lamps along the far bank were lit one by one, and Brann counted them aloud "
            f"while Odile watched the dark water slide by." for k in range(n)]


def test_chapter_pasted_with_empty_paragraphs_between_all(tmp_path: Path) -> None:
    """Chapter 2 puts ``<p>&nbsp;</p>`` between every two paragraphs (chapter 1 does not): one
    empty paragraph there is its usual gap, no break; its one ``<hr/>`` still is."""
    ch1 = "".join(f"<p>{p}</p>" for p in _paras(14, "First"))
    ch2 = "<p>&nbsp;</p>".join(f"<p>{p}</p>" for p in _paras(14, "Second"))
    ch2 += "<hr/>" + "<p>&nbsp;</p>".join(f"<p>{p}</p>" for p in _paras(3, "Third"))
    html = ("<html><body><h1>The Tenth Lamp</h1><h2>Chapter 1: The Boat</h2>" + ch1
            + "<h2>Chapter 2: The Lamps</h2>" + ch2 + "</body></html>")
    story = _read(tmp_path, "s.html", html)
    assert len(story.chapters) == 2
    assert [s.chapter for s in story.scenes] == [1, 2, 2]


def test_place_line_framed_by_breaks_opens_the_scene(tmp_path: Path) -> None:
    """"-line break- / Beneath the rope loft / -line break-": the line names the next scene, it is none."""
    text = ("The Tenth Lamp\n\nBy wrenwrites\n\n" + "\n\n".join(P1) + "\n\n-line break-\n\nBeneath the rope loft\n\n"
            "-line break-\n\n" + "\n\n".join(P1[1:]) + "\n\n-line break-\n\nNine hours on...\n\n-line break-\n\n"
            + "\n\n".join(P1[:2]))
    story = _read(tmp_path, "s.txt", text)
    assert len(story.scenes) == 3
    assert story.text[story.scenes[1].start:].startswith("Beneath the rope loft")


def test_a_run_of_one_digit_is_a_break(tmp_path: Path) -> None:
    text = "The Tenth Lamp\n\nBy wrenwrites\n\n" + "\n\n".join(P1) + "\n\n8888\n\n" + "\n\n".join(P1[1:])
    story = _read(tmp_path, "s.txt", text)
    assert len(story.scenes) == 2
    text = "The Tenth Lamp\n\nBy wrenwrites\n\n" + "\n\n".join(P1) + "\n\n1999\n\n" + "\n\n".join(P1[1:])
    assert len(_read(tmp_path, "y.txt", text).scenes) == 1  # a year alone is no break


def test_key_to_marks_above_the_chapter_heading_said_again(tmp_path: Path) -> None:
    """On a FanFiction.net chapter page ("3. Ink and Water"): an author's note, a disclaimer and a
    key to the text's marks ('Talking', "Thinking", Flashback) above "Chapter 3 – Ink and Water"
    are all front matter, and the story starts under that heading; "Also I own the boat."
    closing the chapter is a disclaimer."""
    page = (Path(__file__).parent / "fixtures" / "pages" / "ffn_chapter_page.html").read_text(encoding="utf-8")
    a = page.index('<div class="storytext xcontrast_txt nocopy" id="storytext">')
    z = page.index("</div>", a)
    key = ["'Talking'", "\"Thinking\"", "*expression*", "Flashback"]
    inner = "".join(f"<p>{x}</p>" for x in [
        "Hi everyone, this is my first story here, so please be kind and tell me what you think of it!",
        "Disclaimer – I don't own the river.", *key, "Chapter 3 – Ink and Water", *P1, "Also I own the boat."])
    story = _read(tmp_path, "p.html", page[:a] + '<div class="storytext xcontrast_txt nocopy" id="storytext">' + inner + page[z:])
    assert story.doc.format == "ffn-page"
    assert story.text[story.scenes[0].start:].startswith(P1[0])
    assert story.text[:story.scenes[-1].end].rstrip().endswith(P1[-1])
    notes = [story.text[p.start:p.end] for p in story.paratext]
    assert "Flashback" in notes and "Also I own the boat." in notes


def test_a_story_line_that_says_the_chapter_title_is_no_heading(tmp_path: Path) -> None:
    """A chapter titled "That's It?" whose story has the thought "That's it?" a few paragraphs in:
    the paragraphs above it are the story, not the chapter's front matter."""
    told = ["He had rowed for an hour before he noticed the lamp was gone, and by then his arms ached and his "
            "sister was asleep in the bow with her coat over her face.",
            "She woke when he shipped the oars. He told her about the lamp, and she sat up and looked at the "
            "dark bank for a long time before she said anything to him."]
    chapter = "".join(f"<p>{p}</p>" for p in [*told, "That's it?", *P1])
    html = ("<html><body><h1>The Tenth Lamp</h1><h2>Chapter 1: The Boat</h2>" + "".join(f"<p>{p}</p>" for p in P1)
            + "<h2>Chapter 2: That's It?</h2>" + chapter + "</body></html>")
    story = _read(tmp_path, "s.html", html)
    second = [s for s in story.scenes if s.chapter == 2]
    assert second and story.text[second[0].start:].startswith(told[0])
    assert not [p for p in story.paratext if p.chapter == 2]


def _page(body: str, title: str = "Lamplight Archive") -> str:
    menu = "".join(f"<li><a href='/{w}'>{w}</a></li>" for w in ["Home", "Authors", "Titles", "Series", "Search", "Login"])
    return (f"<html><head><title>{title}</title></head><body><div id='menu'><ul>{menu}</ul></div>"
            f"<div id='main'>{body}</div><div id='footer'><p>Lamplight Archive is a fan site. All stories belong to "
            "their authors and the characters to their owners.</p></div></body></html>")


def test_pages_of_other_sites_with_no_story_are_refused(tmp_path: Path) -> None:
    """An error page, a story's index (chapter list with lengths, summary, notes) and a page that
    is only a 'read' link: each is refused with one line, never read as a story of menus."""
    import pytest

    from fabula.errors import InputError
    pages = {
        "error.html": _page("<div class='errortext'>That story either does not exist on this archive or has been "
                            "removed. You may search for it or go back.</div>"),
        "index.html": _page("<h2>The Tenth Lamp by wrenwrites</h2><p>Summary: Two siblings, one stolen boat, and a "
                            "river that remembers everything they ever told it.</p><ul>"
                            "<li>1. The Boat by wrenwrites (2,938 words)</li><li>2. The Lamps by wrenwrites (5,887 words)"
                            "</li><li>3. The Fog by wrenwrites (3,359 words)</li></ul><p>Story notes: thank you to moth "
                            "for the beta reading of every chapter.</p>"),
        "link.html": _page("<h2>The Tenth Lamp</h2><p>By wrenwrites</p><p><a href='/read/1'>Open this one</a></p>"
                           "<p>Download: HTML - PDF - TXT</p>"),
    }
    for name, html in pages.items():
        path = tmp_path / name
        path.write_text(html, encoding="utf-8")
        with pytest.raises(InputError, match="holds no story"):
            fabula.read(path, until="structure")


def test_a_drabble_on_another_site_is_read(tmp_path: Path) -> None:
    drabble = ("Odile pushed the boat off the shingle and let the current take it. Brann counted the lamps along the "
               "far bank, losing his place twice, and she let him start again each time. Nine, he said at last. There "
               "used to be ten. She looked at the dark gap where the tenth had been and said nothing at all, because "
               "there was nothing to say that the river did not already know, and the boat turned slowly toward home.")
    path = tmp_path / "drabble.html"
    path.write_text(_page(f"<h2>The Tenth Lamp</h2><p>{drabble}</p>"), encoding="utf-8")
    story = fabula.read(path, until="scenes")
    assert story.scenes and drabble[:40] in story.text


def test_a_sentence_saying_the_title_is_no_heading(tmp_path: Path) -> None:
    """Under the title "She is like the river", the thought "She is like the river." (a sentence,
    with its full stop) is the story's, and so is the line above it."""
    chapter = "".join(f"<p>{p}</p>" for p in ["It's strange.", "She is like the river.", *P1])
    html = ("<html><body><h1>The Tenth Lamp</h1><h2>Chapter 1: The Boat</h2>" + "".join(f"<p>{p}</p>" for p in P1)
            + "<h2>Chapter 2: She is like the river</h2>" + chapter + "</body></html>")
    story = _read(tmp_path, "s.html", html)
    second = [s for s in story.scenes if s.chapter == 2]
    assert second and story.text[second[0].start:].startswith("It's strange.")
    assert not [p for p in story.paratext if p.chapter == 2]


def _blog(post: str, comments: int) -> str:
    """A WordPress-like page: site header and menu, the post (title in the article's header, text in
    .entry-content, chapter links under it), its category line, many readers' comments, a reply form."""
    said = "".join(f"<li class='comment'><p>Reader {k} says: I loved the bit with the lamps, and the river, and "
                   f"I cannot wait for the next chapter, thank you so much for writing this!</p></li>" for k in range(comments))
    menu = "".join(f"<li><a href='/{w}'>{w}</a></li>" for w in ["Overview", "Table of Contents", "Patreon", "Discord"])
    return ("<html><head><title>2.07 | The Lamp Road</title></head><body><div id='page'><header id='branding'>"
            f"<h1>The Lamp Road</h1><nav><ul>{menu}</ul></nav></header><div id='main'><article class='post'>"
            "<header class='entry-header'><h1 class='entry-title'>2.07</h1></header><div class='entry-content'>"
            + post + "<p><a href='/2-06'>Previous Chapter</a> <a href='/2-08'>Next Chapter</a></p></div>"
            "<footer class='entry-meta'>This entry was posted in Chapters. Bookmark the permalink.</footer></article>"
            f"<div id='comments'><h2>{comments} thoughts on 2.07</h2><ol class='commentlist'>{said}</ol>"
            "<div id='respond'><h3>Leave a Reply</h3><form><textarea></textarea></form></div></div></div>"
            "<footer id='colophon'>Blog at a blog host.</footer></div></body></html>")


def test_blog_chapter_with_many_comments(tmp_path: Path) -> None:
    """A short chapter under forty comments: the post is the story (not the comments, menus or
    chapter links), its title the post's, and a footnote set apart by empty paragraphs breaks nothing."""
    paras = [*P1, "She counted them again, just to be sure*.", "&nbsp;", "*She had counted right.", "&nbsp;", *P1[1:],
             "<hr/>", *P1[:2]]
    post = "".join(x if x.startswith("<hr") else f"<p>{x}</p>" for x in paras)
    story = _read(tmp_path, "blog.html", _blog(post, 40))
    assert story.work.title == "2.07"
    assert story.text[story.scenes[0].start:].startswith(P1[0])
    assert story.text[:story.scenes[-1].end].rstrip().endswith(P1[1])
    assert "Next Chapter" not in story.text and "Reader 3 says" not in story.text
    assert len(story.scenes) == 2


def test_quoted_verse_set_apart_in_a_marked_page_is_no_scene(tmp_path: Path) -> None:
    """Lines of a song someone sings, set apart by empty paragraphs in a page that breaks its scenes
    with a mark: part of the scene, no scene of its own."""
    song = "“Row, the river's long,<br/>row, the lamps are low,<br/>row, and sing the song<br/>the boatmen know.”"
    paras = [*P1, "&nbsp;", song, "&nbsp;", *P1[1:], "—-", *P1[:2]]
    html = "<html><body><h1>The Tenth Lamp</h1>" + "".join(f"<p>{x}</p>" for x in paras) + "</body></html>"
    story = _read(tmp_path, "song.html", html)
    assert len(story.scenes) == 2
