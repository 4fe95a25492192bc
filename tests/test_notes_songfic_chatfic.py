"""Songfics and chatfics as fic writers set them, on our own fixtures (tests/fixtures/notes/):
credits in every shape inside the author's note, a disclaimer that stops where the beta thanks
begin, lyrics that open a story (above a POV label or a break) and close it, a review plea
above the story, a quoted title in an end note; chat logs of ``name: message`` lines (never
review replies, never a note's continuation), YAML front matter followed by ``---`` scene
breaks, notes in lower case with or without cue words, a note alone between two breaks, a
greeting line above a note. And, through the whole pipeline, nothing from a note is a character."""

from __future__ import annotations

import pytest

import fabula
from fabula.segment.notes import chat_senders, is_chat, lowercase_voice, song_lines, story_like

from .conftest import FIXTURES

NOTES = FIXTURES / "notes"


def parts(story: fabula.model.Story) -> list[tuple[str, str]]:  # type: ignore[name-defined]
    return [(p.kind, story.text[p.start:p.end]) for p in story.paratext]


def scenes(story: fabula.model.Story) -> list[tuple[str | None, str, str]]:  # type: ignore[name-defined]
    """(marker, first line, last line) of each scene."""
    out = []
    for s in story.scenes:
        lines = story.text[s.start:s.end].split("\n")
        out.append((s.marker, lines[0], lines[-1]))
    return out


def test_songfic_with_pov_labels_and_a_quoted_title_in_the_end_note() -> None:
    story = fabula.read(NOTES / "songfic_pov_labels.txt", until="quotes")
    assert story.work.title == "Harbour Static" and story.work.authors == ["tidewrack"]
    got = parts(story)
    assert [k for k, _ in got] == ["metadata", "summary", "metadata", "author_note", "credit", "disclaimer",
                                   "author_note", "end_note"]
    assert got[3][1].endswith("It's coming!")  # the note's second paragraph, with its scare quotes
    assert got[4][1].endswith('"Salt in the Wires" by The Greywater Choir')
    assert got[5][1] == "Disclaimer: Beacon Point and its characters belong to their creators. I'm just borrowing them."
    assert got[6][1] == "Huge thanks to my beta, reedlark, who fixed about a hundred commas."
    # the end note's second paragraph opens on a quoted title, not on dialogue: all three are the note
    assert got[7][1].startswith("A/N: So...") and got[7][1].endswith("Please review, it makes my day! :)")
    assert scenes(story) == [
        ("~ Teo's POV ~", "~ Teo's POV ~", "Ansel listened. Then he hummed along under his breath, 'and the dark is only "
                                           "rain,' and Teo looked away."),
        ("~ Ansel's POV ~", "~ Ansel's POV ~", "In the morning he made two cups of tea and left one on the desk."),
        (None, "By the end of the week the fog had lifted and the radio was quiet.", "And I'm calling back your name"),
    ]


def test_songfic_epigraph_above_a_pov_label_and_a_labelled_credit() -> None:
    story = fabula.read(NOTES / "songfic_epigraph.txt", until="quotes")
    got = parts(story)
    assert [k for k, _ in got] == ["metadata", "author_note", "credit", "disclaimer", "author_note", "end_note"]
    credit = story.paratext[2]
    assert got[2][1] == "song: Paper Moons - The Drifting Keys"
    assert (credit.song, credit.artist) == ("Paper Moons", "The Drifting Keys")
    assert got[4][1] == "Thanks to quietfern for betaing this at 2am!!"
    # the lyrics the story opens on are the first scene's epigraph, and its label names that scene
    assert scenes(story)[0] == ("~Wyn's POV~", "Hang a paper moon for me", "Wyn sat down on the upturned crate beside "
                                "her and picked up a sheet of the thin silver paper. Her fingers still remembered the folds.")
    assert len(story.scenes) == 3
    assert scenes(story)[-1][2] == "Hang it where you'll find me"  # the closing lyrics are the story's
    assert got[5][1].startswith("R&R?")


def test_songfic_lyrics_between_the_notes_and_the_first_break() -> None:
    story = fabula.read(NOTES / "songfic_lyrics_above_break.txt", until="quotes")
    got = parts(story)
    assert [k for k, _ in got] == ["metadata", "summary", "metadata", "author_note", "credit", "disclaimer",
                                   "author_note", "end_note"]
    assert got[6][1] == "Thanks to the lovely birchling for the beta!"  # the lyrics below it are not the note
    first = story.scenes[0]
    assert story.text[first.start:].startswith("You were the tide and I was the shore")
    assert "Elke checked her gauges" in story.text[first.start:first.end]  # the epigraph opens scene 1
    assert len(story.scenes) == 3
    assert [v.kind for v in story.verse] == ["lyrics", "lyrics"]


def test_review_plea_above_the_story_and_a_credit_after_the_notes_label() -> None:
    story = fabula.read(NOTES / "songfic_plea_on_top.txt", until="quotes")
    got = parts(story)
    assert [k for k, _ in got] == ["metadata", "summary", "metadata", "author_note", "credit", "disclaimer",
                                   "author_note", "end_note"]
    assert got[4][1] == 'The song in this is "Wire and Wool" by Hollis Voss.'  # not the "A/N:" before it
    assert got[5][1] == "Disclaimer: I own nothing!" and got[6][1] == "Please read and review!"
    assert story.text[story.scenes[0].start:].startswith("The radio contest was")


def test_chat_blocks_are_story_not_notes_or_review_replies() -> None:
    story = fabula.read(NOTES / "chatfic_blocks.md", until="quotes")
    got = parts(story)
    assert [k for k, _ in got] == ["metadata", "summary", "author_note", "end_note"]
    assert got[2][1].endswith("no beta we die like men. enjoy")  # the note stops where the story starts
    assert [s[1] for s in scenes(story)] == ["Ines stared at the screen until the letters stopped meaning anything.",
                                             "The library was nearly empty. Emeric had taken the table by the window, "
                                             "the one with the broken lamp, and spread the whole project across it.",
                                             "ines: thank u for tonight"]
    assert scenes(story)[-1][2] == "emeric: night :)"  # the last messages are the story's end, not review replies
    assert [v.kind for v in story.verse] == ["message"] * 3  # lower-case senders of the story's chat


def test_one_message_per_paragraph_and_a_note_above_the_first_break() -> None:
    story = fabula.read(NOTES / "chatfic_one_line_messages.md", until="quotes")
    got = parts(story)
    assert [k for k, _ in got] == ["metadata", "summary", "author_note", "end_note"]
    assert got[2][1].startswith("hi!! first fic in this fandom")
    assert [s[1] for s in scenes(story)] == ["Suvi: is anyone awake", "Bex was already at the café when Suvi got "
                                             "there, two coffees on the table and the laptop open between them.",
                                             "Dami: i heard my name"]
    assert scenes(story)[-1][2] == "Dami: oh no"


def test_lowercase_notes_without_cue_words_and_a_note_between_breaks() -> None:
    story = fabula.read(NOTES / "chatfic_lowercase_asides.md", until="quotes")
    got = parts(story)
    assert [k for k, _ in got] == ["metadata", "summary", "author_note", "author_note", "end_note"]
    assert got[2][1] == "ok so. this is self indulgent nonsense and i regret nothing"
    assert got[3][1] == "(quick note: this next bit is kit's pov bc i love her)"
    assert got[4][1] == "ok that's it for now!! i'll probably add more to this later idk"
    assert [s[1] for s in scenes(story)] == ["Sol: guys", "Kit had known Sol for eleven years, and in eleven years "
                                             "she had never seen him like this."]


def test_a_greeting_line_opens_the_note_below_it() -> None:
    story = fabula.read(NOTES / "chatfic_greeting.md", until="quotes")
    got = parts(story)
    assert [k for k, _ in got] == ["metadata", "author_note", "end_note"]
    assert got[1][1].startswith("hi!!\n\nthis is my first chatfic")
    assert story.text[story.scenes[0].start:].startswith("**tam:** are you up")
    assert len(story.scenes) == 2


@pytest.mark.parametrize("name", ["songfic_pov_labels.txt", "songfic_epigraph.txt", "songfic_lyrics_above_break.txt",
                                  "songfic_plea_on_top.txt", "chatfic_blocks.md", "chatfic_one_line_messages.md",
                                  "chatfic_lowercase_asides.md", "chatfic_greeting.md"])
def test_nothing_from_a_note_is_a_character(name: str) -> None:
    story = fabula.read(NOTES / name)
    in_notes = [(p.start, p.end) for p in story.paratext]

    def noted(pos: int) -> bool:
        return any(s <= pos < e for s, e in in_notes)

    assert not [story.text[m.start:m.end] for m in story.mentions if noted(m.start)]
    assert all(q.speaker is None for q in story.quotes if noted(q.start))
    note_words = {w.strip(".,!?:;()\"'").casefold() for s, e in in_notes for w in story.text[s:e].split()}
    story_words = {w.strip(".,!?:;()\"'").casefold() for sc in story.scenes for w in story.text[sc.start:sc.end].split()}
    for c in story.characters:
        for name_form in [c.name, *c.aliases]:
            words = {w.casefold() for w in name_form.split()}
            assert not (words <= note_words and not words <= story_words), name_form  # a name only the notes say


def test_chat_senders_are_a_conversation() -> None:
    log = "ines: u up\nemeric: no\nines: liar\n"
    assert chat_senders(log) == {"ines", "emeric"}
    # review replies answer each reviewer once; labels name each label once; guests are many people
    assert chat_senders("moonfish: thank you!!\nGuest: aww thanks\nGuest: glad you liked it\n") == frozenset()
    assert chat_senders("Rating: T\nWarnings: none\nRating: T\n") == frozenset()
    assert is_chat("emeric: night :)", chat_senders(log)) and not is_chat("moonfish: thanks!", chat_senders(log))
    assert story_like("ines: thank u for tonight", chat_senders(log))


def test_lowercase_and_song_shapes() -> None:
    assert lowercase_voice("ok so. this is self indulgent nonsense and i regret nothing")
    assert lowercase_voice("thank u for reading!! Bex is my favourite, obviously.")  # a name may open a sentence
    assert not lowercase_voice("She ran. He followed her down to the water.")
    assert not lowercase_voice("ok bye")  # too short to say
    assert song_lines("Hang a paper moon for me\nSomewhere I can see\nHang it low and hang it high")
    assert not song_lines("Thanks for reading!\nPlease review!")  # a note set in lines ends its sentences
    assert not song_lines("The lamp swung on its hook.")
