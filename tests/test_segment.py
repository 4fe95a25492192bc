"""Structure, scenes and verse on our own stories, and every scene-break convention."""

from __future__ import annotations

import pytest

import fabula
from fabula.segment.patterns import is_break_line, is_scene_marker
from fabula.segment.structure import classify, title_like

from .conftest import AO3_HTML, DRAFT_MD, EXAMPLE, FIXTURES

BREAKS = ["***", "* * *", "*****", "~~~", "~*~*~", "~*~", "-----", "- - -", "___", "===", "###", "#", "xXx",
          "xXxXx", "XxX", "x", "oOo", "OoO", "-o0o-", "0o0o0", "~o~", "+++", "§", "<>", "<3<3<3", "[line break]",
          "Line Break", "LINE BREAK", "-LB-", "(break)", "…"]


@pytest.mark.parametrize("line", BREAKS)
def test_every_break_convention_splits_scenes(line: str) -> None:
    text = f'"First," she said.\n\n{line}\n\nSecond scene.\n'
    story = fabula.read(text.encode(), until="scenes")
    assert len(story.scenes) == 2, line
    assert story.scenes[1].break_ == line


@pytest.mark.parametrize("line", ["Oh.", "No!", "OK", "Ox", "I", "Emeric", "...and then?"])
def test_short_lines_that_are_not_breaks(line: str) -> None:
    assert not is_break_line(line)


@pytest.mark.parametrize("line", ["Emeric's POV", "~Tomas's POV~", "*Flashback*", "*End Flashback*", "Meanwhile...",
                                  "Three days later...", "1.", "+1"])
def test_scene_markers(line: str) -> None:
    assert is_scene_marker(line)
    story = fabula.read(f"Emeric slept.\n\n{line}\n\nTomas woke.\n".encode(), until="scenes")
    assert len(story.scenes) == 2
    assert story.scenes[1].marker == line


def test_wide_blank_gap_is_a_break_in_plain_text() -> None:
    story = fabula.read(b"One.\n\nTwo.\n\n\n\n\nThree.\n", until="scenes")
    assert [s.break_ for s in story.scenes] == [None, "blank lines"]


def test_example_story_parts() -> None:
    story = fabula.read(EXAMPLE, until="quotes")
    t = story.text
    assert story.work.title == "The Last Ferry"
    kinds = [p.kind for p in story.paratext]
    assert kinds == ["author_note", "disclaimer", "credit", "end_note"]
    credit = story.paratext[2]
    assert (credit.song, credit.artist) == ("Salt in the Lantern", "The Paper Gulls")
    assert [s.break_ for s in story.scenes] == [None, "***", "x"]
    assert len(story.verse) == 2 and all(v.kind == "lyrics" and v.credit == 2 for v in story.verse)
    assert t[story.verse[0].start:story.verse[0].end].startswith("'Hold the salt")
    dialogue = [q for q in story.quotes if q.kind == "dialogue"]
    assert len(dialogue) == 18
    assert all(not (v.start <= q.start < v.end) for q in dialogue for v in story.verse)
    # the note and credit are not story: words exclude them
    assert story.work.words < len(t.split()) - 60


def test_ffn_copy_paste_header_and_chapters() -> None:
    story = fabula.read(FIXTURES / "harbour_ffn.txt", until="quotes")
    w = story.work
    assert w.title == "Salt and Ledger"
    assert w.authors == ["inkwren"]
    assert w.rating == "Teen And Up Audiences"
    assert w.relationships == ["Emeric B./Tomas K."]
    assert w.chapters == "2/?"
    assert [c.title for c in story.chapters] == ["Low Water", "High Water"]
    by_kind = [(p.kind, p.chapter) for p in story.paratext]
    assert ("disclaimer", 1) in by_kind and ("author_note", 1) in by_kind and ("end_note", 1) in by_kind
    assert ("end_note", 2) in by_kind
    # the rules under the first notes and over the last ones are not scene breaks
    assert [s.break_ for s in story.scenes] == [None, "xXx", None, "[line break]"]
    assert len(story.verse) == 1


def test_markdown_chapters_and_end_notes() -> None:
    story = fabula.read(DRAFT_MD, until="quotes")
    assert [c.n for c in story.chapters] == [1, 2]
    assert story.title_span is not None
    kinds = [p.kind for p in story.paratext]
    assert kinds[0] == "metadata" and "summary" in kinds and kinds[-1] == "end_note"
    assert [s.break_ for s in story.scenes] == [None, "* * *", None]
    assert story.verse and story.verse[0].kind == "lyrics"


def test_ao3_html_structure() -> None:
    story = fabula.read(AO3_HTML, until="quotes")
    kinds = [(p.kind, p.chapter) for p in story.paratext]
    assert ("summary", None) in kinds and ("chapter_note", 1) in kinds and ("end_note", 1) in kinds
    credit = next(p for p in story.paratext if p.kind == "credit")
    assert (credit.song, credit.artist, credit.chapter) == ("Lantern Song", "The Tide Choir", 2)
    assert [c.title for c in story.chapters] == ["Low Water", None]
    assert [s.break_ for s in story.scenes] == [None, "<hr>", None, "* * *"]
    assert len(story.verse) == 1 and story.verse[0].credit is not None


@pytest.mark.parametrize(("text", "kind"), [
    ("A/N: thanks for reading!", "author_note"),
    ("Author's Note: this is late.", "author_note"),
    ("Disclaimer: not mine.", "disclaimer"),
    ("I don't own anything.", "disclaimer"),
    ("Summary: a storm.", "summary"),
    ("Dedicated to my sister.", "dedication"),
    ("Lyrics from a song I love.", "credit"),
    ("Pairing: A/B", "metadata"),
    ("So this is my first fic, sorry for the typos guys :)", "author_note"),
])
def test_paratext_classification(text: str, kind: str) -> None:
    assert classify(text, "top") == kind


@pytest.mark.parametrize("text", ["Please review!", "To be continued...", "R&R", "The End", "Review replies:"])
def test_end_paratext(text: str) -> None:
    assert classify(text, "end") in ("end_note", "review_reply")


def test_story_prose_is_not_paratext() -> None:
    assert classify("The tide came in grey and went out greyer.", "top") is None
    assert classify('"Note the time," she said.', "mid") is None


def test_title_like() -> None:
    assert title_like("Lay Down Your Lantern")
    assert title_like("THE LONG TIDE")
    assert not title_like("She walked home.")
    assert not title_like('"Hello there"')


def test_letters_and_messages() -> None:
    text = ('Emeric found the envelope under the door.\n\n'
            'Dear Tomas,\n\nThe lamp is yours now. Keep it lit.\n\nYours,\nEmeric\n\n'
            'He read it twice.\n\n'
            'Tomas: where are you\nEmeric: on the ferry\nTomas: come back\n\n'
            'She did not answer.\n')
    story = fabula.read(text.encode(), until="quotes")
    kinds = [(v.kind, story.text[v.start:v.end].split("\n")[0]) for v in story.verse]
    assert kinds == [("letter", "Dear Tomas,"), ("message", "Tomas: where are you")]
    letter = story.verse[0]
    assert story.text[letter.start:letter.end].endswith("Emeric")


def test_poem_in_a_hard_wrapped_book() -> None:
    prose = ("The keeper climbed the stair each night and trimmed the wick and watched the\n"
             "water for the lights of boats that did not come, and in the morning he wrote\n"
             "the weather in the ledger in a small and careful hand before he slept.\n\n")
    text = prose * 6 + "    Over the water,\n    under the stars,\n    nobody asks.\n\n" + prose * 2
    story = fabula.read(text.encode(), until="quotes")
    assert [v.kind for v in story.verse] == ["poem"]
    assert story.text[story.verse[0].start:story.verse[0].end].startswith("Over the water")


def test_heading_cues_let_every_heading_shape_through() -> None:
    """The structure pass asks the heading and contents patterns only of a block its cue lets
    through (a speed-up): every shape the patterns take, with the marks writers put around it,
    passes the cue; a paragraph opening on another word does not reach the patterns."""
    from fabula.segment import patterns as P
    from fabula.segment import structure as S

    heads = ["Chapter 1", "CHAPTER IV.", "Ch. 2 - Frost", "chap 3", "Prologue", "EPILOGUE: After", "Interlude", "Part One",
             "BOOK II", "Volume 3", "Vol. 2 Tides", "IV", "XII.", "1. Night Float", "2) Morning Rounds"]
    shapes = 0
    for pre in ["", "# ", "## ", "*", "**", "_", "~", "= ", "- ", " # *"]:
        for head in heads:
            for post in ["", "*", "\nThe Lantern Keeper"]:
                t = pre + head + post
                h = t.split("\n")[0].strip().lstrip("#").strip()
                if P.CHAPTER_HEADING.match(h) or P.PART_HEADING.match(h) or P.ROMAN_HEADING.match(h) \
                        or P.NUMBERED_HEADING.match(h):  # ("IV*" is none: a numeral alone has no marks)
                    shapes += 1
                    assert S._HEADING_CUE.match(t, 0, len(t)), t
        for toc in ["Contents", "Table of Contents", "TABLE  OF CONTENTS:"]:
            assert P.TOC.match(toc) and S._TOC_CUE.match(" " * len(pre) + toc), toc
    assert shapes > 300
    for prose in ["Bright water ran under the quay.", "Perhaps Odile knew.", "The boat was late.", "Evander laughed."]:
        assert S._HEADING_CUE.match(prose, 0, len(prose)) is None and S._TOC_CUE.match(prose) is None
