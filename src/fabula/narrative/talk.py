"""Who talks with whom: the conversation network the tags' relationships and the report draw."""

from __future__ import annotations

from collections import Counter
from itertools import pairwise

from fabula.model import Quote


def conversation_pairs(quotes: list[Quote], ids: set[str] | None = None) -> Counter[tuple[str, str]]:
    """Consecutive lines of two speakers, and lines addressed to someone, per pair (smaller id
    first). With ``ids``, only the lines of those speakers count (so two of them may be
    consecutive where someone else spoke between)."""
    talk: Counter[tuple[str, str]] = Counter()

    def pair(x: str, y: str) -> tuple[str, str]:
        return (x, y) if x < y else (y, x)

    dialogue = [q for q in quotes if q.kind == "dialogue" and q.speaker and (ids is None or q.speaker in ids)]
    for q1, q2 in pairwise(dialogue):
        if q1.speaker and q2.speaker and q1.speaker != q2.speaker and q2.start - q1.end < 1500:
            talk[pair(q1.speaker, q2.speaker)] += 1
    for q in dialogue:
        for to in q.addressees:
            if q.speaker and to != q.speaker and (ids is None or to in ids):
                talk[pair(q.speaker, to)] += 1
    return talk
