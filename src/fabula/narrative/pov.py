"""Point of view: whose perceptions, thoughts and feelings the narration reports.

The evidence is the experiencer clause — a character as the subject of a verb of cognition,
emotion or perception ("Wren knew", "she felt", "he heard") — in narration only, never inside
dialogue. Names come from the characters pass; "he"/"she" are resolved to the most recent named
character of that gender, with one constraint readers apply without noticing: in "She turned to
Wren", *she* is not Wren, and neither is any "she" chained to it in the paragraph. A scene's POV
is the character with most evidence; a paragraph whose evidence belongs clearly to someone
else is a head-hop. "I" as the experiencer makes the scene first person.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import defaultdict
from dataclasses import dataclass, field

# verbs of cognition and emotion (weight 1) and of perception (weight 0.5), past and present
_COGNITION = (
    "felt|feels?|thought|thinks?|knew|knows?|wondered|wonders?|reali[sz]ed|reali[sz]es?|wanted|wants?|hoped|hopes?|"
    "feared|fears?|remembered|remembers?|figured|figures?|decided|decides?|hated|hates?|loved|loves?|missed|misses?|"
    "understood|understands?|believed|believes?|guessed|guesses?|sensed|senses?|wished|wishes?|imagined|imagines?|"
    "doubted|doubts?|recogni[sz]ed|recogni[sz]es?|forgot|forgets?|regretted|regrets?|worried|worries|"
    "needed|needs?|longed|longs?|dreaded|dreads?|suspected|suspects?|supposed|supposes?|reckoned|reckons?|"
    "couldn't\\s+help|could\\s+not\\s+help|didn't\\s+know|did\\s+not\\s+know|didn't\\s+care|had\\s+no\\s+idea"
)
_PERCEPTION = "saw|sees?|heard|hears?|noticed|notices?|smelled|smelt|smells?|tasted|tastes?|watched|watches?|could\\s+see|could\\s+hear|could\\s+feel|could\\s+tell|could\\s+smell"
_AUX = r"(?:(?:could|would|had|did|does|do|just|suddenly|finally|still|never|always|only|really|already|barely|almost|also|somehow|\w+ly)\s+){0,2}"
VERB = re.compile(rf"\s+{_AUX}(?:(?P<cog>{_COGNITION})|(?P<per>{_PERCEPTION}))\b", re.I)
PRONOUN_SUBJECT = re.compile(r"\b(?P<pro>he|she|I)\b", re.I)
_SENTENCE_END = re.compile(r"[.!?…]+['\"’”]?(?:\s+|$)")
PRONOUN_GENDER = {"he": "he", "she": "she", "i": "i"}


@dataclass
class ParagraphPov:
    start: int
    end: int
    scores: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))  # character id -> evidence
    first_person: float = 0.0  # experiencer evidence for "I"
    i_subjects: int = 0  # every "I" / "he" / "she" subject, cue or not: the narration's person
    third_subjects: int = 0

    @property
    def pov(self) -> str | None:
        ranked = ranking(self.scores)
        if not ranked:
            return None
        cid, score = ranked[0]
        return cid if score >= 1.0 else None


def ranking(scores: dict[str, float]) -> list[tuple[str, float]]:
    """Highest evidence first; ties by id, so the result never depends on dict order."""
    return sorted(((c, v) for c, v in scores.items() if v > 0), key=lambda kv: (-kv[1], kv[0]))


def _weight(m: re.Match[str]) -> float:
    return 1.0 if m.group("cog") else 0.5


def _sentence_ends(text: str, start: int, end: int) -> list[int]:
    """Where the paragraph's sentences end, found once: searching from each subject instead cost
    the square of a paragraph's length when it has no full stop."""
    return [m.start() for m in _SENTENCE_END.finditer(text, start, end)]


def _sentence_end(ends: list[int], pos: int, end: int) -> int:
    i = bisect.bisect_left(ends, pos)
    return ends[i] if i < len(ends) else end


def _asks(text: str, ends: list[int], pos: int, end: int) -> bool:
    """In a question ("didn't he feel the same?") the asker wonders; the subject is not the experiencer."""
    stop = _sentence_end(ends, pos, end)
    return stop < end and text[stop] == "?"


def paragraph_evidence(text: str, start: int, end: int, names: list[tuple[int, int, str]],
                       quotes: list[tuple[int, int]], genders: dict[str, str],
                       recency: dict[str, list[str]], scene_cast: set[str] | None = None) -> ParagraphPov:
    """Experiencer evidence in one paragraph. ``names`` are (start, end, id) narration mentions in
    it; ``recency`` (gender -> ids, most recent first) is read and updated as the story goes.
    A pronoun with no antecedent in its paragraph prefers someone the scene names (``scene_cast``):
    a scene that opens on "She" after a break is about one of its own people."""
    out = ParagraphPov(start, end)
    # quotes and names looked up by bisection: scanning them all for every pronoun cost the
    # square of a paragraph's length (a story pasted with single newlines is one paragraph)
    spans = sorted(quotes)
    quote_starts = [s for s, _ in spans]
    reach = list(itertools.accumulate((e for _, e in spans), max))
    by_start = sorted(names)
    name_starts = [s for s, _e, _c in by_start]

    def in_quote(pos: int) -> bool:
        i = bisect.bisect_right(quote_starts, pos) - 1
        return i >= 0 and reach[i] > pos

    events: list[tuple[int, str, str, float]] = []  # (pos, kind, id-or-gender, weight)
    ends = _sentence_ends(text, start, end)
    for s, e, cid in names:
        m = VERB.match(text, e)
        events.append((s, "name", cid, _weight(m) if m and not _asks(text, ends, s, end) else 0.0))
    for m in PRONOUN_SUBJECT.finditer(text, start, end):
        if in_quote(m.start()):
            continue
        # every subject pronoun joins its chain (its sentence may say who it is not); only those
        # with an experiencer verb add evidence
        verb = VERB.match(text, m.end())
        weight = _weight(verb) if verb and not _asks(text, ends, m.start(), end) else 0.0
        events.append((m.start(), "pro", PRONOUN_GENDER[m.group("pro").lower()], weight))
    events.sort()
    # pronoun chains: the pronouns of one gender since the last name of that gender
    chains: dict[str, list[tuple[int, float]]] = {}
    heads: dict[str, str | None] = {}
    excluded: dict[str, set[str]] = {}

    def close(gender: str) -> None:
        chain = chains.pop(gender, [])
        if not chain:
            return
        bad = excluded.pop(gender, set())
        head = heads.pop(gender, None)
        ref = head if head is not None and head not in bad else None
        if ref is None:
            ranked = [c for c in recency.get(gender, []) if c not in bad]
            ref = next((c for c in ranked if scene_cast is None or c in scene_cast), ranked[0] if ranked else None)
        if ref is None:
            return
        for _pos, w in chain:
            if w:
                out.scores[ref] += w

    for pos, kind, key, w in events:
        if kind == "pro":
            if key == "i":
                out.first_person += w
                out.i_subjects += 1
                continue
            out.third_subjects += 1
            chains.setdefault(key, []).append((pos, w))
            # "She turned to Wren": a same-gender name later in the sentence is someone else
            stop = _sentence_end(ends, pos, end)
            for _s, _e, cid in by_start[bisect.bisect_right(name_starts, pos):bisect.bisect_left(name_starts, stop)]:
                if genders.get(cid) == key:
                    excluded.setdefault(key, set()).add(cid)
            continue
        gender = genders.get(key)
        if w:
            out.scores[key] += w
        if gender in ("he", "she"):
            if gender in chains:
                close(gender)
            heads[gender] = key
            excluded.pop(gender, None)
            order = recency.setdefault(gender, [])
            if key in order:
                order.remove(key)
            order.insert(0, key)
    for gender in list(chains):
        close(gender)
    return out
