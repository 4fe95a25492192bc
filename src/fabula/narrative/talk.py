"""Who talks with whom: the conversation network the tags' relationships and the report draw.

Talk is dialogue (consecutive lines of two speakers, lines addressed to someone) and chat: the
one-line paragraphs of a chat story ("Name: message"), whose consecutive senders are talking to
each other as surely as two speakers are.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import pairwise

from fabula.dialogue.chat import CHAT_LINE, chat_paragraphs
from fabula.model import Block, Character, Quote


def by_name(characters: Sequence[Character]) -> dict[str, str]:
    """Character ids by every lower-cased name, alias and first name (the first holder wins)."""
    out: dict[str, str] = {}
    for c in characters:
        for n in [c.name, *c.aliases]:
            out.setdefault(n.lower(), c.id)
        for n in [c.name, *c.aliases]:
            if n.split():
                out.setdefault(n.split()[0].lower(), c.id)
    return out


def _pair(x: str, y: str) -> tuple[str, str]:
    return (x, y) if x < y else (y, x)


def conversation_pairs(quotes: list[Quote], ids: set[str] | None = None,
                       chat: Sequence[tuple[int, str]] = ()) -> Counter[tuple[str, str]]:
    """Consecutive lines of two speakers, and lines addressed to someone, per pair (smaller id
    first); and consecutive chat messages of two senders (``chat``: (position, character id) in
    order). With ``ids``, only the lines of those speakers count (so two of them may be
    consecutive where someone else spoke between)."""
    talk: Counter[tuple[str, str]] = Counter()
    dialogue = [q for q in quotes if q.kind == "dialogue" and q.speaker and (ids is None or q.speaker in ids)]
    for q1, q2 in pairwise(dialogue):
        if q1.speaker and q2.speaker and q1.speaker != q2.speaker and q2.start - q1.end < 1500:
            talk[_pair(q1.speaker, q2.speaker)] += 1
    for q in dialogue:
        for to in q.addressees:
            if q.speaker and to != q.speaker and (ids is None or to in ids):
                talk[_pair(q.speaker, to)] += 1
    sent = [(pos, who) for pos, who in chat if ids is None or who in ids]
    for (p1, a), (p2, b) in pairwise(sent):
        if a != b and p2 - p1 < 1500:
            talk[_pair(a, b)] += 1
    return talk


def chat_senders(text: str, blocks: Sequence[Block], characters: Sequence[Character],
                 messages: Sequence[tuple[int, int]] = ()) -> list[tuple[int, str]]:
    """Each chat line's position and sender, as a character id, in order (senders not in the cast
    left out): the one-line chat paragraphs, and the lines of the blocks the verse pass set apart
    as messages (``messages``: their spans)."""
    names = by_name(characters)
    found: dict[int, str] = {}
    spans = [(s, next(b.end for b in blocks if b.start == s)) for s in chat_paragraphs(text, blocks)]
    for start, end in [*spans, *messages]:
        pos = start
        for line in text[start:end].split("\n"):
            if m := CHAT_LINE.match(line):
                found[pos] = m.group("who")
            pos += len(line) + 1
    return [(pos, cid) for pos, who in sorted(found.items()) if (cid := names.get(who.lower()))]
