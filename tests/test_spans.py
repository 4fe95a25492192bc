"""SpanIndex's overlap answers against the definition (``s < end and e > start`` for some span)."""

from __future__ import annotations

import random

from fabula.segment.spans import SpanIndex


def _brute(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and e > start for s, e in spans)


def test_overlaps_and_overlap_flags_agree_with_the_definition() -> None:
    rng = random.Random(7)
    for _ in range(300):
        spans = []
        for _ in range(rng.randint(0, 8)):
            s = rng.randint(0, 60)
            spans.append((s, s + rng.randint(0, 25)))  # empty, nested and overlapping spans too
        ranges = [(a, a + rng.randint(0, 15)) for a in (rng.randint(0, 90) for _ in range(20))]
        index = SpanIndex(spans)
        want = [_brute(spans, a, b) for a, b in ranges]
        assert [index.overlaps(a, b) for a, b in ranges] == want
        assert index.overlap_flags(ranges) == want
