"""Sentences: the one splitter behind the ``sentences`` layer, and the older patterns kept beside it.

The ``sentences`` pass splits the story proper once (:func:`split_sentences`), and the tags, the
emotional arc and the beta read all read that layer. A sentence here ends at ``.``, ``!``, ``?``
or ``…`` (with a closing quotation mark after it) or at a line break, which suits fan fiction's
one-line paragraphs and chat lines.

Four passes split text in slightly different ways for reasons of their own, and moving any of
them onto the layer changes what they find (each is measured against the snapshots before it
moves). They live here, named, so that the differences are in one place:

- :data:`CREDIT_SENTENCE` (structure: song credits inside a note) — a closing parenthesis may
  follow the stop; no ellipsis;
- :data:`INNER_SENTENCE` (narrative: unmarked thoughts) — a line break does not end a sentence,
  so a hard-wrapped book's sentence is one;
- :func:`first_sentence` (narrative: a scene's opening cue) — over the scene's narration with
  dialogue blanked, not over the text;
- :func:`sentence_end` (point of view: does this clause ask, is that name in the same sentence)
  — the stop must be followed by a space or the end.

The characters and dialogue passes keep their own patterns for speech tags (another branch
unifies those).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

SENTENCE = re.compile(r"[^.!?…\n]+(?:[.!?…]+['\"’”]?)?")
CREDIT_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+[\"”'’)]*|\n|$)")
INNER_SENTENCE = re.compile(r"[^.!?…]+[.!?…]*['\"’”]?")
_FIRST_SENTENCE = re.compile(r".+?(?:[.!?…](?=\s)|$)", re.S)
_SENTENCE_END = re.compile(r"[.!?…]+['\"’”]?(?:\s+|$)")


def split_sentences(text: str, spans: list[tuple[int, int]], trim: bool = True) -> Iterator[tuple[int, int]]:
    """Sentences inside ``spans`` (a line break ends one too); ``trim`` starts each at its first
    non-space character."""
    for s, e in spans:
        for m in SENTENCE.finditer(text, s, e):
            if m.group(0).strip():
                start = m.start() + len(m.group(0)) - len(m.group(0).lstrip()) if trim else m.start()
                yield start, m.end()


def untrimmed_start(text: str, start: int, span_start: int) -> int:
    """Where :func:`split_sentences` with ``trim=False`` starts the sentence it trimmed to ``start``:
    back over the spaces before it (not a line break, which no sentence holds), not past its span."""
    while start > span_start and text[start - 1] != "\n" and text[start - 1].isspace():
        start -= 1
    return start


def first_sentence(narration: str) -> str:
    """The first sentence of a scene's narration (dialogue already blanked), or ''."""
    m = _FIRST_SENTENCE.match(narration.strip())
    return m.group(0) if m else ""


def sentence_end(text: str, pos: int, end: int) -> int:
    """Where the sentence that ``pos`` is in stops (its final mark), or ``end``."""
    m = _SENTENCE_END.search(text, pos, end)
    return m.start() if m else end


def sentence_ends(text: str, start: int, end: int) -> list[int]:
    """Where the sentences in [start, end) stop, found in one scan: :func:`sentence_end` for many
    positions of one paragraph becomes a bisection in this list (searching from each position
    costs the square of a paragraph's length when it has no full stop)."""
    return [m.start() for m in _SENTENCE_END.finditer(text, start, end)]


def end_after(ends: list[int], pos: int, end: int) -> int:
    """:func:`sentence_end` read from a paragraph's :func:`sentence_ends`."""
    i = bisect.bisect_left(ends, pos)
    return ends[i] if i < len(ends) else end
