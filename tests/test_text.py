"""The shared text pieces: the story proper and the sentences layer."""

from __future__ import annotations

from pathlib import Path

import pytest

import fabula
from fabula.segment.proper import story_proper
from fabula.text.sentences import split_sentences, untrimmed_start

from .conftest import EXAMPLE, FIXTURES


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


def _stories() -> list[Path]:
    # (the pages under shapes/refused are no stories: fabula refuses them, tests/test_real_shapes.py)
    return [EXAMPLE, *sorted(p for p in FIXTURES.rglob("*") if p.suffix in (".txt", ".md", ".html")
                             and "refused" not in p.parts)]


@pytest.mark.parametrize("path", _stories(), ids=lambda p: p.name)
def test_the_sentences_layer_is_the_story_propers_sentences(path: Path) -> None:
    story = fabula.read(path, until="sentences")
    spans = story_proper(story)
    assert story.sentences == list(split_sentences(story.text, spans))
    # the beta read's untrimmed sentences are recovered from the layer exactly
    for s, e in spans:
        inside = [(a, b) for a, b in story.sentences if s <= a < e]
        untrimmed = [(untrimmed_start(story.text, a, s), b) for a, b in inside]
        assert untrimmed == list(split_sentences(story.text, [(s, e)], trim=False))


def test_untrimmed_start_stops_at_a_line_break_and_at_the_span() -> None:
    text = "One.  Two\n  Three"
    assert list(split_sentences(text, [(0, len(text))], trim=False)) == [(0, 4), (4, 9), (10, 17)]
    assert [untrimmed_start(text, a, 0) for a, _b in split_sentences(text, [(0, len(text))])] == [0, 4, 10]
    assert untrimmed_start(text, 6, 5) == 5
