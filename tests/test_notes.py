"""Author's notes wherever they are, on our own fixtures: notes that run on for paragraphs, review
replies at a chapter's top, credits inside a note, lowercase chatfic notes, an FFN paste's front
matter — and nothing from a note becomes a character (the full pipeline)."""

from __future__ import annotations

import pytest

import fabula
from fabula.segment.notes import author_voice, classify, continues

from .conftest import FIXTURES

NOTES = FIXTURES / "notes"


def parts(story: fabula.model.Story) -> list[tuple[str, int | None, str]]:  # type: ignore[name-defined]
    return [(p.kind, p.chapter, story.text[p.start:p.end]) for p in story.paratext]


def scene_starts(story: fabula.model.Story) -> list[str]:  # type: ignore[name-defined]
    return [story.text[s.start:s.end].split("\n")[0] for s in story.scenes]


def test_review_replies_and_notes_that_run_on() -> None:
    story = fabula.read(NOTES / "review_replies.txt", until="quotes")
    assert story.work.title == "The Lantern Keeper's Year" and story.work.authors == ["quillandtide"]
    assert [c.title for c in story.chapters] == ["Low Water", "High Water"]
    got = parts(story)
    assert [(k, ch) for k, ch, _ in got] == [("metadata", None), ("author_note", 1), ("disclaimer", 1),
                                            ("review_reply", 2), ("chapter_note", 2), ("end_note", 2)]
    assert got[1][2].endswith("catching all my commas.")  # the note's second paragraph
    assert got[3][2].startswith("Review replies!") and got[3][2].endswith("it's coming, I promise.")
    assert got[5][2].startswith("A/N: And that's the end!") and got[5][2].endswith("Please review!")
    assert scene_starts(story) == ["Emeric climbed the last of the stairs with the oil can in one hand and the lamp key "
                                   "in the other. The gallery door stuck, as it always did in wet weather, and she had "
                                   "to put her shoulder to it.", "By evening the wind had dropped. Emeric sat on the "
                                   "bottom step and counted the ships.", "The storm came in from the west just after "
                                   "midnight. Emeric heard it before she saw it, a low roar in the dark like a train "
                                   "that never arrived."]
    assert story.text[:story.scenes[-1].end].endswith("the harbour was full of boats that had made it home.")


def test_songfic_credit_inside_the_note() -> None:
    story = fabula.read(NOTES / "songfic.txt", until="quotes")
    got = parts(story)
    assert [k for k, _, _ in got] == ["metadata", "author_note", "credit", "disclaimer", "end_note"]
    note, credit = got[1][2], story.paratext[2]
    assert note.endswith("for reading it at midnight.")  # the beta thanks are the same note
    assert got[2][2] == 'The song is "Paper Lanterns" by The Quiet Harbours'  # the credit ends at the maker
    assert (credit.song, credit.artist) == ("Paper Lanterns", "The Quiet Harbours")
    assert got[4][2].endswith("let me know ;)")
    assert [s.marker for s in story.scenes] == ["~ Mara's POV ~", "~ Dev's POV ~", None]


def test_lowercase_chatfic_notes_and_yaml_summary() -> None:
    story = fabula.read(NOTES / "chatfic.md", until="quotes")
    got = parts(story)
    assert [(k, ch) for k, ch, _ in got] == [("metadata", None), ("summary", None), ("author_note", None),
                                            ("end_note", 2)]
    assert got[1][2].startswith("Pim is stuck") and got[1][2].endswith("one bar of signal between them.")
    assert got[0][2].endswith("tags: [Chatfic, Texting, Fluff]")
    assert got[2][2].startswith("hello hello!!") and got[3][2].startswith("thank u so much for reading!!")
    assert [c.title for c in story.chapters] == ["Night Shift", "Surface"]
    assert len(story.scenes) == 3


def test_ffn_paste_front_matter_is_never_a_chapter() -> None:
    story = fabula.read(NOTES / "ffn_paste.txt", until="quotes")
    w = story.work
    assert w.title == "The Quiet Ledger" and w.authors == ["marrowlight"]
    assert w.summary == "The harbourmaster keeps two ledgers, and only one of them is about ships. Post-season two, slow burn."
    assert w.chapters == "20/?" and w.rating == "Teen And Up Audiences" and w.tags == ["Drama", "Romance"]
    assert [(c.n, c.title) for c in story.chapters] == [(1, None)]  # "Chapters: 20" is no chapter "20"
    assert [k for k, _, _ in parts(story)] == ["metadata", "summary", "metadata", "metadata", "author_note", "end_note"]
    assert parts(story)[4][2].endswith("sorry to anyone who was hoping!")
    assert scene_starts(story)[0].startswith("The ink had frozen")


def test_nothing_from_a_note_is_a_character() -> None:
    story = fabula.read(NOTES / "ffn_paste.txt")
    names = " ".join(a for c in story.characters for a in [c.name, *c.aliases])
    assert "Marigold" not in names and "Hollins" not in names
    assert "Odile" in names and "Bastian" in names
    speakers = {q.speaker for q in story.quotes if q.kind == "dialogue"}
    by_id = {c.id: c.name for c in story.characters}
    assert {by_id.get(s or "", "") for s in speakers} <= {c.name for c in story.characters}
    assert all(q.speaker is None for q in story.quotes if any(p.start <= q.start < p.end for p in story.paratext))


@pytest.mark.parametrize(("text", "kind"), [
    ("(See the end of the chapter for notes.)", "author_note"),
    ("hi friends!! this is my first chatfic lol, hope u like it", "author_note"),
    ("Review replies!", "review_reply"),
])
def test_more_openers(text: str, kind: str) -> None:
    assert classify(text, "top") == kind


def test_author_voice_is_measured_outside_quotes() -> None:
    assert author_voice("Thank you guys so much for the reviews! You're the best :)") >= 2
    assert author_voice('"Did you read it?" she asked. "You said you would."') == 0
    assert author_voice("The lamp swung on its hook and the harbour went dark.") == 0
    assert continues("Thanks again to my beta for all the commas!", "author_note")
    assert not continues('"Go," she said, and he went.', "author_note")
    assert not continues("***", "author_note")


def test_lookahead_patterns_match_as_their_plain_alternations() -> None:
    """The person and author-voice patterns open on a look-ahead for their words' first letters
    (a speed-up): with it taken off they must match the same spans, on every word they list, in
    any case, beside the letters case-insensitive matching folds (dotless i, long s, Kelvin sign)."""
    import random
    import re

    from fabula.segment import notes

    rng = random.Random(3)
    for fast in (notes.FIRST_PERSON, notes.SECOND_PERSON, notes._AUTHOR_VOICE, notes._EMOTICON):
        plain = re.compile(re.sub(r"^(\\b)?\(\?=\[[^\]]*\]\)", r"\1", fast.pattern), fast.flags)
        assert plain.pattern != fast.pattern
        words = re.findall(r"[A-Za-z'’]+", plain.pattern) + [":)", ";)", ":D", "<3", "!!", "!"]
        pool = words + [w.upper() for w in words] + [w.title() for w in words] + [
            "\u0130", "\u0131", "\u017f", "\u212a", "Odile", "x", "é", "_", "1", "thé"]
        for _ in range(20_000):
            sep = rng.choice([" ", "", "'", ", ", "\n"])
            text = sep.join(rng.choice(pool) for _ in range(rng.randint(0, 5)))
            assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)], (fast.pattern, text)


def test_quoted_stretches_are_found_as_one_mark_at_a_time_would() -> None:
    """``_QUOTED`` is written for speed (a look-ahead to a mark, runs of a line's characters at once):
    it finds the same stretches as the plain pattern that takes one character at a time, across
    wrapped lines but never a blank one, with apostrophes inside words and marks left open."""
    import random
    import re

    from fabula.segment import notes

    plain = re.compile(r"[\"“](?:[^\"“”\n]|\n(?!\s*\n))*[\"”]|(?<!\w)[‘'](?:[^‘’'\n]|\n(?!\s*\n))*[’'](?!\w)")
    pool = list("ab \n\t\"“”‘’'.,") + ["Emeric's", " \n \n", "\n\n", "\n", "it's", "Brann said", "'Go,'"]
    rng = random.Random(5)
    for _ in range(20_000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 14)))
        assert [m.span() for m in notes._QUOTED.finditer(text)] == [m.span() for m in plain.finditer(text)], text
