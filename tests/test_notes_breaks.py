"""A short note above a story that opens on short paragraphs, under every scene-break convention
fic writers use, in text, Markdown (raw HTML breaks too) and HTML; and "Inspired by …" above a
story. Our own fixtures (tests/fixtures/notes/). The note ends where the story begins — a line of
narration told with no trace of the author, a line of dialogue with its tag — not at the first
break line below it."""

from __future__ import annotations

import pytest

import fabula

from .conftest import FIXTURES

NOTES = FIXTURES / "notes"

# the scene-break lines of the conventions fic writers use (a line of its own, often centred)
BREAKS = ["***", "* * *", "*****", "~~~", "~*~*~", "~*~", "-----", "- - -", "___", "===", "###", "#", "xXx",
          "xXxXx", "XxX", "x", "oOo", "OoO", "-o0o-", "0o0o0", "~o~", "+++", "§", "<>", "<3<3<3", "[line break]",
          "Line Break", "LINE BREAK", "-LB-", "(break)", "…"]


def _parts(story: fabula.model.Story) -> list[tuple[str, str]]:  # type: ignore[name-defined]
    return [(p.kind, story.text[p.start:p.end]) for p in story.paratext]


@pytest.mark.parametrize("brk", BREAKS)
def test_a_one_line_note_stops_where_the_story_begins(brk: str) -> None:
    text = (NOTES / "note_then_short_scene.txt").read_text(encoding="utf-8").replace("{break}", brk)
    story = fabula.read(text.encode(), name="low-water.txt", until="quotes")
    assert story.work.title == "Low Water"
    assert _parts(story) == [("author_note", "A/N: Thanks for reading my first fic! Let me know what you think."),
                             ("end_note", "Please review!")]
    firsts = [story.text[s.start:s.end].split("\n")[0] for s in story.scenes]
    assert [f[:20] for f in firsts] == ["Marnie walked down t", "By noon the fog had ", "That night the storm"]
    assert story.text[story.scenes[-1].start:story.scenes[-1].end].endswith("nobody on the quay slept at all.")


def test_inspired_by_a_prompt_above_the_story_is_a_note_and_inspired_by_in_the_story_is_not() -> None:
    story = fabula.read(NOTES / "inspired_by_prompt.txt", until="quotes")
    got = _parts(story)
    assert got[0] == ("author_note", "Inspired by a prompt on tumblr: write about someone who keeps a light burning "
                                     "for a ship that never comes back.")
    assert got[-1] == ("end_note", "Thanks for reading! Comments are loved.")
    assert len(got) == 2
    assert len(story.scenes) == 2
    assert story.text[story.scenes[0].start:].startswith("Inspired by her mother's stubbornness")


def test_raw_html_breaks_in_a_markdown_draft() -> None:
    story = fabula.read(NOTES / "raw_html_breaks.md", until="quotes")
    assert (story.work.title, story.work.authors) == ("Second Tide", ["saltmoth"])
    assert [k for k, _ in _parts(story)] == ["metadata", "author_note", "end_note"]
    assert _parts(story)[1][1] == "**A/N:** first fic in this fandom, be nice!"
    firsts = [story.text[s.start:s.end].split("\n")[0][:14] for s in story.scenes]
    assert firsts == ["Marnie walked ", "By noon the fo", "That night the", "In the morning"]


@pytest.mark.parametrize("brk", ["<hr/>", '<p align="center">* * *</p>', '<p style="text-align:center">~*~</p>',
                                 '<div class="center">xXx</div>', "<p><strong>* * *</strong></p>", "<p>o0o</p>"])
def test_a_short_note_in_html_stops_where_the_story_begins(brk: str) -> None:
    paras = ["A/N: first fic, be nice!",
             "Marnie walked down to the quay before the sun was up. The boats knocked against the posts.",
             "BREAK", "By noon the fog had burned off. Osk sat on the harbour wall and ate his bread in silence.",
             "BREAK", "That night the storm came in from the west, and nobody on the quay slept at all.",
             "Please review!"]
    body = "".join(brk if p == "BREAK" else f"<p>{p}</p>" for p in paras)
    html = f"<html><head><title>Low Water</title></head><body><h1>Low Water</h1>{body}</body></html>"
    story = fabula.read(html.encode(), name="low-water.html", until="quotes")
    assert story.work.title == "Low Water"
    assert _parts(story) == [("author_note", "A/N: first fic, be nice!"), ("end_note", "Please review!")]
    assert len(story.scenes) == 3


def test_numbered_chapter_headings_with_notes_and_review_replies() -> None:
    story = fabula.read(NOTES / "numbered_chapters.txt", until="quotes")
    assert story.work.title == "Ward Nine"
    assert [(c.n, c.title) for c in story.chapters] == [(1, "Night Float"), (2, "Morning Rounds")]
    assert [(p.kind, p.chapter) for p in story.paratext] == [
        ("metadata", None), ("author_note", 1), ("disclaimer", 1), ("end_note", 1), ("review_reply", 2),
        ("chapter_note", 2), ("end_note", 2)]
    assert _parts(story)[4][1].endswith("marrowlight: haha yes, the cat lives.")
    firsts = [story.text[s.start:s.end].split("\n")[0][:16] for s in story.scenes]
    assert firsts == ["The night shift ", "At three in the ", "Morning came gre", "June was waiting"]
    assert [s.chapter for s in story.scenes] == [1, 1, 2, 2]


def test_a_numbered_list_in_a_story_is_no_chapters() -> None:
    story = fabula.read(NOTES / "numbered_list_in_story.txt", until="quotes")
    assert [c.title for c in story.chapters] == [None]
    assert "1. Eggs" in story.text[story.scenes[0].start:story.scenes[0].end]


def test_a_content_warning_in_lower_case_above_a_chatfic() -> None:
    story = fabula.read(NOTES / "chatfic_content_warning.md", until="quotes")
    got = _parts(story)
    assert [k for k, _ in got] == ["metadata", "metadata", "end_note"]
    assert got[1][1] == "tw for swearing. that's it that's the warning"
    assert got[2][1] == "lmk if you want a part two :)"
    firsts = [story.text[s.start:s.end].split("\n")[0][:16] for s in story.scenes]
    assert firsts == ["Suvi stared at h", "Bex had been awa", "By the time the "]


def test_a_song_credited_in_brackets_inside_a_disclaimer() -> None:
    story = fabula.read(NOTES / "songfic_disclaimer_credit.txt", until="quotes")
    assert [k for k, _ in _parts(story)] == ["disclaimer", "credit", "end_note"]
    credit = story.paratext[1]
    assert (credit.song, credit.artist) == ("Lantern Road", "The Quiet Harbour")
    assert [v.kind for v in story.verse] == ["lyrics", "lyrics"]  # the credited song's lines, not a poem
    assert len(story.scenes) == 2
    assert story.text[story.scenes[0].start:].startswith("Carry me down to the water")  # the scene's epigraph


def test_a_closer_above_a_labelled_end_note_is_part_of_it() -> None:
    story = fabula.read(NOTES / "closer_above_labelled_note.txt", until="quotes")
    assert [(p.kind, p.chapter, story.text[p.start:p.end]) for p in story.paratext] == [
        ("end_note", 1, "TBC\n\nA/N: cliffhanger, I know, I'm evil."), ("end_note", 2, "The End")]
    first = story.scenes[0]
    assert story.text[first.start:first.end].endswith('Mara shrugged. "The tide wasn\'t."')
