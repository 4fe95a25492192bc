"""Span lookups shared by the passes: which blocks overlap which annotated spans."""

from __future__ import annotations

import bisect
from collections.abc import Callable
from operator import itemgetter

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
        """Does [start, end) overlap a span (``s < end and e > start``)? Every span starting before
        ``end`` meets the first half, so the furthest end among them decides: one bisection."""
        i = bisect.bisect_left(self.starts, end)
        return i > 0 and self.max_end[i - 1] > start

    def overlap_flags(self, ranges: list[tuple[int, int]]) -> list[bool]:
        """``overlaps`` for each of ``ranges``, in a loop of its own: asked of each of a novel's
        paragraphs or quotes, a method call apiece cost more than the bisection.

        Ranges in text order (their starts and their ends each in order: paragraphs, quotes that
        do not nest) are marked from the spans instead: the ranges a span overlaps are one run of
        them, found by two bisections, and a novel has thousands of paragraphs and quotes to a
        few notes or poems."""
        starts_r = list(map(itemgetter(0), ranges))
        ends_r = list(map(itemgetter(1), ranges))
        if starts_r == sorted(starts_r) and ends_r == sorted(ends_r):
            flags = [False] * len(ranges)
            for s, e in self.spans:
                # the ranges ending after the span starts and starting before it ends
                lo, hi = bisect.bisect_right(ends_r, s), bisect.bisect_left(starts_r, e)
                if lo < hi:
                    flags[lo:hi] = [True] * (hi - lo)
            return flags
        starts, max_end, bisect_left = self.starts, self.max_end, bisect.bisect_left
        out: list[bool] = []
        for start, end in ranges:
            i = bisect_left(starts, end)
            out.append(i > 0 and max_end[i - 1] > start)
        return out

    def contains(self, pos: int) -> bool:
        """Is ``pos`` inside any span? One bisection: the last span starting at or before ``pos``
        and the furthest end of all the spans up to it (exact for nested spans too)."""
        i = bisect.bisect_right(self.starts, pos) - 1
        return i >= 0 and self.max_end[i] > pos

    def overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        """The spans that overlap [start, end), in order."""
        return [self.spans[i] for i in self.overlapping_indices(start, end)]

    def overlapping_indices(self, start: int, end: int) -> list[int]:
        """Positions in ``self.spans`` (sorted) of the spans that overlap [start, end)."""
        hi = bisect.bisect_left(self.starts, end)
        lo = bisect.bisect_right(self.max_end, start, 0, hi)  # max_end is sorted: skip spans ended before start
        return [i for i in range(lo, hi) if self.spans[i][1] > start]


def outermost(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans not inside another (a credit line inside a disclaimer is one span, not two)."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans, key=lambda x: (x[0], -x[1])):
        if not (out and s >= out[-1][0] and e <= out[-1][1]):
            out.append((s, e))
    return out


def subtract(outer: list[tuple[int, int]], cuts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of each ``outer`` span that no ``cuts`` span covers (cuts may overlap).

    The cuts are merged into disjoint runs once and each outer span looks up its first run by
    bisection: walking every cut for every outer span cost chapters × notes, minutes on a file of
    30,000 short chapters. An empty cut not inside another still splits a span there."""
    merged: list[list[int]] = []
    for s, e in sorted(cuts):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    ends = [e for _, e in merged]
    out: list[tuple[int, int]] = []
    for start, end in outer:
        pos = start
        for i in range(bisect.bisect_right(ends, start), len(merged)):
            s, e = merged[i]
            if s >= end:
                break
            if s > pos:
                out.append((pos, s))
            pos = max(pos, e)
        if pos < end:
            out.append((pos, end))
    return out


def block_finder(blocks: list[Block]) -> tuple[list[tuple[int, int]], Callable[[int], int]]:
    """The blocks as sorted spans, and a function from a position to the index of the block that
    starts at or before it (-1 before the first)."""
    spans = sorted((b.start, b.end) for b in blocks)
    starts = [s for s, _ in spans]
    return spans, lambda pos: bisect.bisect_right(starts, pos) - 1


def hard_wrapped(text: str, blocks: list[Block]) -> bool:
    """Are most paragraphs several lines (a hard-wrapped book), where short lines say nothing?
    (The first 2,000 paragraphs decide.)"""
    sample = blocks[:2000]
    multi = sum("\n" in text[b.start:b.end] for b in sample)
    return multi >= 0.3 * max(len(sample), 1)


def story_blocks(doc: Document, excluded_spans: list[tuple[int, int]]) -> list[Block]:
    """Blocks that are the story itself: none of ``excluded_spans`` (paratext, headings, title)."""
    flags = SpanIndex(excluded_spans).overlap_flags([(b.start, b.end) for b in doc.blocks])
    return [b for b, excluded in zip(doc.blocks, flags, strict=True) if not excluded]
