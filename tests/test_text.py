"""The shared text pieces: the story proper and the sentences layer."""

from __future__ import annotations

import fabula
from fabula.text.proper import story_proper

from .conftest import EXAMPLE


def test_the_story_proper_leaves_out_notes_headings_and_verse() -> None:
    story = fabula.read(EXAMPLE, until="quotes")
    proper = story_proper(story)
    text = story.text
    body = " ".join(text[s:e] for s, e in proper)
    for p in story.paratext:
        assert text[p.start:p.end].strip()[:30] not in body
    for v in story.verse:
        assert not any(s < v.end and v.start < e for s, e in proper)
    with_verse = story_proper(story, verse=True)
    assert sum(e - s for s, e in with_verse) > sum(e - s for s, e in proper)
    assert story.work.words == sum(len(text[s:e].split()) for s, e in with_verse)


def test_a_text_with_no_chapters_has_no_story_proper() -> None:
    """All title (or all notes): the word count, the tags and the beta read agree there is no story."""
    story = fabula.read(b"Your Welcome\n", name="title.txt", until="quotes")
    assert story.title_span is not None and not story.chapters
    assert story_proper(story) == []
    assert story.work.words == 0
