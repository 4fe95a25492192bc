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


def test_overlap_flags_in_text_order_agree_with_one_bisection_each() -> None:
    """``overlap_flags`` marks ranges in text order from the spans (a speed-up); out of order it
    asks each range: both say what ``overlaps`` says of each range, nested and empty spans too."""
    import random

    from fabula.segment.spans import SpanIndex

    rng = random.Random(4)
    for _ in range(5_000):
        spans = [(a, a + rng.randint(0, 6)) for a in (rng.randint(0, 60) for _ in range(rng.randint(0, 6)))]
        pos = sorted(rng.randint(0, 70) for _ in range(2 * rng.randint(0, 10)))
        in_order = [(pos[i], pos[i + 1]) for i in range(0, len(pos), 2)]
        any_order = [(a, a + rng.randint(-1, 8)) for a in (rng.randint(0, 70) for _ in range(rng.randint(0, 10)))]
        index = SpanIndex(spans)
        for ranges in (in_order, any_order):
            assert index.overlap_flags(ranges) == [index.overlaps(s, e) for s, e in ranges], (spans, ranges)
