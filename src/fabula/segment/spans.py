"""Span lookups shared by the passes: which blocks overlap which annotated spans."""

from __future__ import annotations

import bisect

from fabula.model import Block, Document


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

def story_blocks(doc: Document, excluded_spans: list[tuple[int, int]]) -> list[Block]:
    """Blocks that are the story itself: none of ``excluded_spans`` (paratext, headings, title)."""
    excluded = SpanIndex(excluded_spans)
    return [b for b in doc.blocks if not excluded.overlaps(b.start, b.end)]
