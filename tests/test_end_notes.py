"""End notes as writers leave them, in text, Markdown and AO3's HTML download: unlabelled notes
whose first paragraph has no cue word, a note that opens on a credit, an unlabelled note above
review replies, reply lines under an ``A/N`` with no label of their own, and short apologetic
chapter end notes. Every story here is invented for the test."""

from __future__ import annotations

from pathlib import Path

import pytest

import fabula

S1 = ["Odile pushed the boat off the shingle and let the current take it.",
      "\"You could row,\" Brann said from the bow.",
      "\"I could,\" she agreed, and did not.",
      "The river carried them past the mill and the leaning willows, past the place where the old ferry used to cross."]
S2 = ["By evening the lamps were lit along the far bank.",
      "Brann counted them aloud, losing his place twice, and Odile let him start again each time.",
      "\"Nine,\" he said at last. \"There used to be ten.\"",
      "She looked at the dark gap where the tenth had been and said nothing at all."]
LAST = S2[-1]
HEAD = ("The Tenth Lamp\nBy: wrenwrites\n\nTwo siblings, one stolen boat, a river that remembers.\n\n"
        "Rated: K+ - English - Family - Words: 412 - Published: 3/4/2021 - id: 4455667\n\n")
FRONT = ("---\ntitle: The Tenth Lamp\nauthor: wrenwrites\nchapters: 1/1\nsummary: >-\n  Two siblings, one stolen boat.\n---\n\n"
         "# The Tenth Lamp\n\n")


def _body() -> str:
    return "\n\n".join(S1) + "\n\n* * *\n\n" + "\n\n".join(S2)


def _read(tmp_path: Path, name: str, text: str) -> fabula.model.Story:  # type: ignore[name-defined]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return fabula.read(path, until="scenes")


def _notes(story: fabula.model.Story, kind: str) -> list[str]:  # type: ignore[name-defined]
    return [story.text[p.start:p.end] for p in story.paratext if p.kind == kind]


def _story_ends_on_last_line(story: fabula.model.Story) -> bool:  # type: ignore[name-defined]
    return story.text[:story.scenes[-1].end].rstrip().endswith(LAST)


UNLABELLED = [
    "Okay so that's it! I cried writing the lamp bit, not going to lie.\n\nLet me know what you think? Reviews are love. <3",
    "Wow. Okay. That grew far past the plan, but I love these two so much.\n\nReviews are love!",
    "So yeah, that happened. I blame the rain and too much tea.\n\nThanks for reading!",
    "AAAH it's finally done!!! I have been working on this since March.\n\nPlease tell me what you thought <3",
    "Hope you enjoyed this little thing! It was supposed to be a drabble.",
    "There might be a sequel, if people want one? Let me know!",
]


@pytest.mark.parametrize("ext", ["txt", "md"])
@pytest.mark.parametrize("note", UNLABELLED)
def test_unlabelled_end_note_whole(tmp_path: Path, ext: str, note: str) -> None:
    """The note's first paragraph, with no cue word, is the note's too: the story ends above it."""
    head = HEAD if ext == "txt" else FRONT
    story = _read(tmp_path, f"s.{ext}", head + _body() + "\n\n" + note)
    assert _story_ends_on_last_line(story)
    ends = _notes(story, "end_note")
    assert ends and ends[0].startswith(note.split("\n")[0][:12])
    assert len(story.scenes) == 2


@pytest.mark.parametrize("note", UNLABELLED[:2])
def test_unlabelled_end_note_after_break(tmp_path: Path, note: str) -> None:
    """After a break line the note is no third scene."""
    story = _read(tmp_path, "s.txt", HEAD + _body() + "\n\n* * *\n\n" + note)
    assert len(story.scenes) == 2
    assert _story_ends_on_last_line(story)


def test_first_person_story_keeps_its_last_paragraph(tmp_path: Path) -> None:
    """In a story told in the first person, its own last paragraph ("Tomorrow I would ask about
    it.") above an unlabelled note stays story; a chatty one ("Wow. Okay.") is the author's."""
    fp1 = ("I pushed the boat off the shingle and let the current take it, and my brother complained from the bow "
           "about the cold, the hour, the smell of the water, and me.")
    fp2 = ("By evening the lamps were lit along the far bank, and I counted them in my head while Brann counted "
           "them aloud, losing his place twice and starting over each time without complaint.")
    last = "I looked at the dark gap where the tenth had been. Tomorrow I would ask about it."
    body = HEAD + fp1 + "\n\n\"You could row,\" Brann said.\n\n* * *\n\n" + fp2 + "\n\n" + last
    story = _read(tmp_path, "fp.txt", body + "\n\nReviews are love!")
    assert story.text[:story.scenes[-1].end].rstrip().endswith(last)
    story = _read(tmp_path, "fp2.txt", body + "\n\nWow. Okay. That grew far past the plan, but I love them.\n\nReviews are love!")
    assert story.text[:story.scenes[-1].end].rstrip().endswith(last)
    assert _notes(story, "end_note")[0].startswith("Wow. Okay.")


@pytest.mark.parametrize("note", [
    "Title from \"Salt Kettle\" by The Tin Gulls. Thanks for reading!",
    "Dedicated to my sister, who really did steal a boat once. Thanks for reading!",
])
def test_note_opening_on_a_credit(tmp_path: Path, note: str) -> None:
    """A note that opens on a credit or a dedication and goes on talking to readers is a note."""
    story = _read(tmp_path, "s.txt", HEAD + _body() + "\n\n" + note)
    assert _notes(story, "end_note") == [note]
    assert _story_ends_on_last_line(story)


def test_credit_alone_stays_a_credit(tmp_path: Path) -> None:
    story = _read(tmp_path, "s.txt", HEAD + _body() + "\n\nTitle from \"Salt Kettle\" by The Tin Gulls.")
    assert _notes(story, "credit") and not _notes(story, "end_note")


REPLIES = "Review replies:\n\nriverfan: thank you so much! The boat is a menace, yes.\n\nGuest: I will, I promise!"


@pytest.mark.parametrize("ext", ["txt", "md"])
def test_unlabelled_note_above_review_replies(tmp_path: Path, ext: str) -> None:
    head = HEAD if ext == "txt" else FRONT
    story = _read(tmp_path, f"s.{ext}", head + _body() + "\n\nThank you so much for reading! Comments make my week.\n\n" + REPLIES)
    assert _notes(story, "end_note") == ["Thank you so much for reading! Comments make my week."]
    assert _notes(story, "review_reply")[0].startswith("Review replies:")
    assert _story_ends_on_last_line(story)


def test_reply_lines_under_a_note_without_their_label(tmp_path: Path) -> None:
    """"Name - reply" lines under an A/N are review replies; one "Tumblr: name" line is the note's."""
    story = _read(tmp_path, "s.txt", HEAD + _body() + "\n\nA/N: Thanks for reading!\n\n"
                  "Riverfan - thank you so much!\n\nMothlight - haha, yes")
    assert _notes(story, "end_note") == ["A/N: Thanks for reading!"]
    assert "Riverfan - thank you so much!" in _notes(story, "review_reply")[0]
    story = _read(tmp_path, "t.txt", HEAD + _body() + "\n\nA/N: Thanks for reading!\n\nTumblr: wrenwrites")
    assert not _notes(story, "review_reply")
    assert _notes(story, "end_note")[-1].endswith("Tumblr: wrenwrites")


@pytest.mark.parametrize("ext,h1,h2", [("txt", "Chapter 1: The Boat", "Chapter 2: The Lamps"),
                                       ("md", "## Chapter 1: The Boat", "## Chapter 2: The Lamps")])
def test_short_apologetic_chapter_end_note(tmp_path: Path, ext: str, h1: str, h2: str) -> None:
    """"Short chapter, sorry! The next one is longer, I promise." ends chapter 1 as its note."""
    head = HEAD if ext == "txt" else FRONT
    note = "Short chapter, sorry! The next one is longer, I promise."
    text = head + h1 + "\n\n" + "\n\n".join(S1) + "\n\n" + note + "\n\n" + h2 + "\n\n" + "\n\n".join(S2)
    story = _read(tmp_path, f"s.{ext}", text)
    notes = [(p.kind, p.chapter, story.text[p.start:p.end]) for p in story.paratext if p.kind == "end_note"]
    assert ("end_note", 1, note) in notes
    assert len(story.chapters) == 2 and len(story.scenes) == 2


@pytest.mark.parametrize("ext,h1,h2", [("txt", "Chapter 1: The Boat", "Chapter 2: The Lamps"),
                                       ("md", "## Chapter 1: The Boat", "## Chapter 2: The Lamps")])
def test_labelled_chapter_end_note_explaining_itself(tmp_path: Path, ext: str, h1: str, h2: str) -> None:
    """An A/N at a chapter's end whose next paragraph explains the setting in plain words ("The
    lighthouse ... is based on a real one") is one note: one plain paragraph is no story resuming."""
    head = HEAD if ext == "txt" else FRONT
    note = ("A/N: A few notes on the setting!\n\nThe lighthouse in this chapter is based on a real one by the "
            "harbour mouth, which has been automated since the nineties.")
    text = head + h1 + "\n\n" + "\n\n".join(S1) + "\n\n" + note + "\n\n" + h2 + "\n\n" + "\n\n".join(S2)
    story = _read(tmp_path, f"s.{ext}", text)
    ends = [(p.chapter, story.text[p.start:p.end]) for p in story.paratext if p.kind == "end_note"]
    assert ends and ends[0][0] == 1 and ends[0][1].startswith("A/N: A few notes")
    assert ends[0][1].rstrip().endswith("automated since the nineties.")
    assert all("automated" not in story.text[s.start:s.end] for s in story.scenes)
    assert len(story.scenes) == 2


def test_two_plain_paragraphs_after_a_label_are_story(tmp_path: Path) -> None:
    """Where two paragraphs of plain narration follow a mid-text "End Notes:" line, the story goes
    on: the label does not take them."""
    text = (HEAD + "\n\n".join(S1) + "\n\nEnd Notes: this part was hard to write!\n\n"
            "The fog came down in the morning so thick that the far bank was only a rumour to them.\n\n"
            "Tomas was waiting on the jetty with a basket of bread and a face like thunder that day.")
    story = _read(tmp_path, "s.txt", text)
    assert story.text[:story.scenes[-1].end].rstrip().endswith("face like thunder that day.")


@pytest.mark.parametrize("label", ["## End Notes", "### Author's Note", "### Notes"])
def test_markdown_heading_that_is_a_note_label(tmp_path: Path, label: str) -> None:
    """A Markdown heading that only names a note ("## End Notes") heads the note under it, not a chapter."""
    story = _read(tmp_path, "s.md", FRONT + _body() + "\n\n" + label + "\n\nThank you for reading! Comments make my week.")
    assert len(story.chapters) == 1
    assert _story_ends_on_last_line(story)
    assert any(n.rstrip().endswith("Comments make my week.") for n in _notes(story, "end_note"))


def test_markdown_chapter_end_notes_under_headings(tmp_path: Path) -> None:
    text = (FRONT + "## Chapter 1: The Boat\n\n" + "\n\n".join(S1) + "\n\n### Chapter End Notes\n\nSorry for the short chapter! "
            "The next one is longer.\n\n## Chapter 2: The Lamps\n\n" + "\n\n".join(S2) + "\n\n## End Notes\n\nThanks for reading, everyone!")
    story = _read(tmp_path, "s.md", text)
    assert [c.title for c in story.chapters] == ["The Boat", "The Lamps"]
    ends = {(p.chapter, story.text[p.start:p.end].split("\n")[-1]) for p in story.paratext if p.kind == "end_note"}
    assert (1, "Sorry for the short chapter! The next one is longer.") in ends
    assert (None, "Thanks for reading, everyone!") in ends


@pytest.mark.parametrize("stamp", ["", "[2:14] "])
def test_chatfic_end_note_leaves_the_last_messages(tmp_path: Path, stamp: str) -> None:
    """A chatfic's last messages, stamped or not, stay story above its unlabelled end note."""
    lines = ["**odile:** is anyone up", "**brann:** no", "**odile:** brann you are literally typing",
             "**tomas:** the cat is on the roof again", "**odile:** which roof", "**brann:** ok i'm putting shoes on"]
    chat = "\n\n".join(stamp + ln for ln in lines)
    note = "Thank you so much for reading! This was my first chatfic, so be gentle.\n\nComments make my day!"
    story = _read(tmp_path, "c.md", FRONT + chat + "\n\n" + note)
    assert story.text[:story.scenes[-1].end].rstrip().endswith("ok i'm putting shoes on")
    assert _notes(story, "end_note")[0].startswith("Thank you so much for reading!")


def test_story_paragraphs_opening_on_an_or_notes_are_no_labels(tmp_path: Path) -> None:
    """"An icy wind…" and "Notes were passed…" open story paragraphs; "AN-", "An:", "Notes:" and a
    lone "Notes" are labels."""
    from fabula.segment.notes import labelled
    assert not labelled("An icy wind came in under the door and set the lamp swinging.")
    assert not labelled("Notes were passed under the desks all morning.")
    assert all(labelled(t) for t in ["AN- short one, sorry!", "An: thanks!", "Notes: the lamp is real.", "Notes", "A/N thanks"])
    text = (HEAD + "\n\n".join(S1) + "\n\n* * *\n\n" + "\n\n".join(S2[:-1])
            + "\n\nAn icy wind came in under the door and set the lamp swinging.\n\n" + LAST)
    story = _read(tmp_path, "s.txt", text)
    assert _story_ends_on_last_line(story) and not _notes(story, "end_note")
