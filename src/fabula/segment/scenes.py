"""Scenes: chapters split at every break convention writers use.

A break is an explicit rule (``<hr>``), a line that is only a break convention (``***``,
``xXx``, ``[line break]``…), or — in plain text — a run of blank lines clearly wider than the
story's usual paragraph gap. POV labels, flashback and time markers (``Wren's POV``,
``*Flashback*``, ``Three days later...``) start a scene even without a break before them.
"""

from __future__ import annotations

import bisect
from statistics import median

from fabula.model import Block, Document, Scene
from fabula.segment import patterns as P
from fabula.segment.structure import Structure


class SpanIndex:
    """Fast "does this block overlap any of these spans" for sorted, mostly disjoint spans."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]
        self.max_end: list[int] = []
        m = -1
        for _, e in self.spans:
            m = max(m, e)
            self.max_end.append(m)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.starts, end) - 1
        while i >= 0 and self.max_end[i] > start:
            s, e = self.spans[i]
            if s < end and e > start:
                return True
            i -= 1
        return False

    def containing(self, pos: int) -> int | None:
        """Index of a span containing ``pos`` (the last one starting at or before it)."""
        i = bisect.bisect_right(self.starts, pos) - 1
        while i >= 0:
            s, e = self.spans[i]
            if s <= pos < e:
                return i
            if self.max_end[i] <= pos:
                return None
            i -= 1
        return None


def story_blocks(doc: Document, st: Structure) -> list[Block]:
    """Blocks that are the story itself: not paratext, not a heading, not the title."""
    excluded = SpanIndex([(p.start, p.end) for p in st.paratext] + list(st.headings))
    return [b for b in doc.blocks if not excluded.overlaps(b.start, b.end)]


def segment_scenes(doc: Document, st: Structure) -> list[Scene]:
    text = doc.text
    blocks = story_blocks(doc, st)
    gaps = [b.gap for b in blocks[1:]]
    typical = median(gaps) if gaps else 1
    plain = doc.format in ("text", "markdown")
    wide_gap = max(3, int(typical) + 2) if plain else 2
    scenes: list[Scene] = []
    chapters = st.chapters or []
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
