"""The terminal summary and timeline show at most ``MAX_ROWS`` scenes and say how many more there
are: a file of 30,000 one-line chapters took rich a minute to draw in tables no one reads."""

from __future__ import annotations

import io

from rich.console import Console

import fabula
from fabula.render.terminal import MAX_ROWS, print_summary, print_timeline


def _chapters(n: int) -> str:
    return "".join(f"Chapter {i}\n\nShe waited by the water for the ferry number {i}.\n\n" for i in range(1, n + 1))


def test_a_long_table_stops_at_the_cap_and_says_how_many_more() -> None:
    story = fabula.read(_chapters(MAX_ROWS + 25), name="many.txt")
    assert len(story.scenes) == MAX_ROWS + 25
    out = io.StringIO()
    print_summary(story, Console(file=out, width=120))
    print_timeline(story, Console(file=out, width=120))
    shown = out.getvalue()
    assert shown.count("… 25 more scenes (all of them with -f json)") == 4  # summary, two timeline tables, the cues
    assert f"ferry number {MAX_ROWS}." in shown and f"ferry number {MAX_ROWS + 1}." not in shown


def test_a_short_story_shows_every_scene_and_no_more_line() -> None:
    story = fabula.read(_chapters(3), name="few.txt", until="quotes")
    out = io.StringIO()
    print_summary(story, Console(file=out, width=120))
    assert "more scenes" not in out.getvalue()
    assert all(f"ferry number {i}." in out.getvalue() for i in (1, 2, 3))
