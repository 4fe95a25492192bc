"""Scenes: chapters split at every break convention writers use.

A break is an explicit rule (``<hr>``), a line that is only a break convention (``***``,
``xXx``, ``[line break]``…), or — in plain text — a run of blank lines clearly wider than the
story's usual paragraph gap. POV labels, flashback and time markers (``Wren's POV``,
``*Flashback*``, ``Three days later...``) start a scene even without a break before them.
"""

from __future__ import annotations

import bisect
from statistics import median

from fabula.model import Block, Chapter, Document, Scene
from fabula.segment import patterns as P


def segment_scenes(doc: Document, blocks: list[Block], chapters: list[Chapter]) -> list[Scene]:
    """The scenes of the story ``blocks`` (the structure pass's), each in its chapter."""
    text = doc.text
    gaps = [b.gap for b in blocks[1:]]
    typical = median(gaps) if gaps else 1
    plain = doc.format in ("text", "markdown")
    wide_gap = max(3, int(typical) + 2) if plain else 2
    scenes: list[Scene] = []
    starts = [c.start for c in chapters]

    def chapter_of(b: Block) -> int:
        i = bisect.bisect_right(starts, b.start) - 1
        return chapters[i].n if i >= 0 else 1

    current: list[Block] = []
    label: str | None = None
    marker: str | None = None
    cur_ch = None

    def flush() -> None:
        nonlocal current, label, marker
        if current:
            if not scenes or scenes[-1].chapter != chapter_of(current[0]):
                label = None  # a rule under a chapter's notes is not a scene break
            scenes.append(Scene(len(scenes) + 1, chapter_of(current[0]), current[0].start, current[-1].end,
                                label, marker))
        current, label, marker = [], None, None

    for b in blocks:
        ch = chapter_of(b)
        if ch != cur_ch:
            flush()
            cur_ch = ch
        t = text[b.start:b.end]
        one_line = "\n" not in t
        if b.kind == "break" or (one_line and P.is_break_line(t)):
            if current:
                flush()
            if label is None:
                label = "<hr>" if b.kind == "break" and doc.format not in ("text", "markdown") else t.strip()
            continue
        if current and b.gap >= wide_gap:
            flush()
            label = label or "blank lines"
        if one_line and P.is_scene_marker(t):
            if current:
                flush()
            marker = t.strip()
        current.append(b)
    flush()
    return scenes
