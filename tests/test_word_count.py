"""One word count: the story proper's (no notes, no headings), the same in `fabula read`, the
corpus store, the report — and in what the tags pass reads for its rates per 10,000 words.

The stats pass used to run after the tags, so the tags saw no count and fell back to every word
of the file, notes included (433 for the bundled example, whose story is 363)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import duckdb
import pytest

import fabula
from fabula.corpus.runner import build
from fabula.tags import suggest

from .conftest import EXAMPLE
from .test_cli import run

STORY_WORDS = 363  # examples/the-last-ferry.txt less its notes and title; the file has 433


def test_the_example_has_one_word_count_everywhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen_by_tags: list[int] = []
    real = suggest.suggest_tags

    def spy(story: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        seen_by_tags.append(story.work.words)
        return real(story, *args, **kwargs)

    monkeypatch.setattr(suggest, "suggest_tags", spy)
    story = fabula.read(EXAMPLE)
    assert len(story.text.split()) > STORY_WORDS  # the notes are words of the file, not of the story
    assert story.work.words == STORY_WORDS
    assert seen_by_tags == [STORY_WORDS]

    summary = run("read", str(EXAMPLE))
    assert summary.returncode == 0, summary.stderr
    assert f"{STORY_WORDS} words in the story" in summary.stdout

    report = run("report", str(EXAMPLE))
    assert report.returncode == 0, report.stderr
    assert re.search(rf"\b{STORY_WORDS} words\b", report.stdout)

    root = tmp_path / "fics"
    root.mkdir()
    (root / EXAMPLE.name).write_bytes(EXAMPLE.read_bytes())
    db = tmp_path / "store.duckdb"
    assert not build(root, db, workers=1).failed
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT words FROM stories").fetchall() == [(STORY_WORDS,)]
    finally:
        con.close()


def test_long_notes_do_not_dilute_the_rating() -> None:
    """Three explicit sentences in a short story are explicit, however long the author's note."""
    note = "A/N: " + "Thank you all so much for reading and for every kind review, it means the world to me. " * 1000
    body = ("Chapter 1\n\nMara and Jonah had waited a long time for the storm to pass. They were alone at last.\n\n"
            "That night they had sex for the first time, slow and unhurried. Afterwards she lay against him.\n\n"
            "In the morning they had sex again, laughing at the cold floor. Jonah made tea.\n\n"
            "By the third night she stopped counting how often they had sex. The storm went on and on.\n")
    story = fabula.read((note + "\n\n" + body).encode(), name="story.txt")
    assert story.work.words < 100 < len(story.text.split())
    assert story.tags["rating"]["value"] == "Explicit"
