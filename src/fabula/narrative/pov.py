"""Point of view: whose perceptions, thoughts and feelings the narration reports.

The evidence is the experiencer clause — a character as the subject of a verb of cognition,
emotion or perception ("Yusra knew", "she felt", "he heard", "She checked the skins and wondered")
— in narration only, never inside dialogue. Names come from the characters pass; "he"/"she" are
resolved to the most recent named character of that gender, with one constraint readers apply
without noticing: in "She turned to Yusra", *she* is not Yusra, and neither is any "she" chained
to it in the paragraph. A scene's POV is the character with most evidence; a paragraph whose
evidence belongs clearly to someone else is a head-hop. "I" as the experiencer makes the scene
first person. Where no one's inner life is told, the scene's focal character — the one the
narration follows, its subject clause after clause — is the next best evidence (a reader follows
whoever the camera follows); the paragraphs count both (:class:`ParagraphPov`).
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import dataclass, field

from fabula.segment.spans import SpanIndex
from fabula.text.fold import flagless
from fabula.text.sentences import end_after, sentence_ends

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
# auxiliaries, adverbs and negations between a subject and its verb: "could not think", "didn't want"
_AUX = (r"(?:(?:could|would|had|did|does|do|just|suddenly|finally|still|never|always|only|really|already|barely|almost|also|"
        r"somehow|not|(?:did|does|do|could|would|can|had)n['’]t|\w+ly)\s+){0,2}")
VERB = re.compile(rf"\s+{_AUX}(?:(?P<cog>{_COGNITION})|(?P<per>{_PERCEPTION}))\b", re.I)
# the same verb after a coordinating word, in the subject's clause: "She checked the skins and wondered"
COORDINATED = re.compile(rf"\s(?:and|but|then|yet|and\s+then)\s+{_AUX}(?:(?P<cog>{_COGNITION})|(?P<per>{_PERCEPTION}))\b", re.I)
_VERB_FLAGLESS, _COORDINATED_FLAGLESS = flagless(VERB), flagless(COORDINATED)
# another subject between a subject and a coordinated verb: the verb is not the first subject's ("it" and
# "you" are as often objects: "said, and meant it, and watched him go" is one person's clause)
_OTHER_SUBJECT = re.compile(r"\b(?:he|she|they|I|we|who|which|that)\b", re.I)
# a name followed by a lower-case word that is not a function word is (most often) a subject: "Desta shouldered"
_NAME_THEN_VERB = re.compile(r"\s+(?!(?:and|or|but|nor|of|in|on|at|to|with|from|for|by|the|a|an|as|than|into|onto|over|"
                             r"under|about|after|before|while|who|whose|which|that|too|again|herself|himself)\b)[a-z]{2,}\b")
# "I" only as a capital: a lower-case "i" is chat-speak in a message, not a narrator. "We" in the
# narration is a first-person narrator among company ("We were snowed in at the inn")
PRONOUN_SUBJECT = re.compile(r"\b(?P<pro>[Hh]e|[Ss]he|HE|SHE|I|[Ww]e)\b")
PRONOUN_GENDER = {"he": "he", "she": "she", "i": "i", "we": "i"}


@dataclass
class ParagraphPov:
    start: int
    end: int
    scores: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))  # character id -> evidence
    subjects: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))  # id -> subject clauses
    verbs: defaultdict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # id -> experiencer verbs
    opener: str | None = None  # the first character the paragraph has as a subject
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


def _asks(text: str, ends: list[int], pos: int, end: int) -> bool:
    """In a question ("didn't he feel the same?") the asker wonders; the subject is not the experiencer."""
    stop = end_after(ends, pos, end)
    return stop < end and text[stop] == "?"


_STOP = re.compile(r"[.!?…]")


def _experience(text: str, ends: list[int], pos: int, after: int, end: int, low: str = "") -> re.Match[str] | None:
    """The experiencer verb of the subject at ``pos`` (ending at ``after``): right after it, or
    coordinated later in its clause with no other subject between. None in a question.
    ``low``: the text lower-cased where that is exact (:mod:`fabula.text.fold`), for the verbs'
    flagless patterns (a third of the cost of the case-blind ones, at every subject)."""
    verb, coordinated, scan = (_VERB_FLAGLESS, _COORDINATED_FLAGLESS, low) if low else (VERB, COORDINATED, text)
    m = verb.match(scan, after)
    if m is None:
        stop = _STOP.search(text, after, min(end, after + 120))
        c = coordinated.search(scan, after, stop.start() if stop else min(end, after + 120))
        m = c if c and not _OTHER_SUBJECT.search(text, after, c.start()) else None
    return m if m is not None and not _asks(text, ends, pos, end) else None


def _nowhere(pos: int) -> bool:
    return False


def _events(text: str, start: int, end: int, names: list[tuple[int, int, str]],
            quotes: list[tuple[int, int]], ends: list[int], low: str = "") -> list[tuple[int, str, str, float, bool, str]]:
    """The paragraph's subjects in order: (pos, "name" or "pro", id or gender, experiencer weight,
    whether it is a subject, the experiencer verb). Quotes are looked up by bisection: scanning
    them all for every pronoun cost the square of a paragraph's length (a story pasted with
    single newlines is one paragraph)."""
    # most paragraphs of narration have no quote: no index to build for them
    in_quote = SpanIndex(quotes).contains if quotes else _nowhere
    quote_ends = sorted(e for _, e in quotes)

    def after_quote(pos: int) -> bool:  # a quote ends 0 to 3 characters before pos
        i = bisect.bisect_left(quote_ends, pos - 3)
        return i < len(quote_ends) and quote_ends[i] <= pos

    events: list[tuple[int, str, str, float, bool, str]] = []
    reported: list[int] = []  # where an experiencer verb ends: a clause right after it is its complement

    def told(m: re.Match[str] | None) -> re.Match[str] | None:
        if m is not None:
            reported.append(m.end())
        return m

    for s, e, cid in names:
        if in_quote(s):  # named in dialogue: it joins the chains (someone was just named), evidence it is not
            events.append((s, "name", cid, 0.0, False, ""))
            continue
        m = told(_experience(text, ends, s, e, end, low))
        # a speech tag ('," Yusra said') tells who speaks, not whom the narration follows
        tag = after_quote(s)
        subject = m is not None or (not tag and _NAME_THEN_VERB.match(text, e, min(end, e + 30)) is not None)
        events.append((s, "name", cid, _weight(m) if m else 0.0, subject, _verb(m)))
    for m in PRONOUN_SUBJECT.finditer(text, start, end):
        if in_quote(m.start()):
            continue
        # every subject pronoun joins its chain (its sentence may say who it is not); only those
        # with an experiencer verb add evidence
        verb = told(_experience(text, ends, m.start(), m.end(), end, low))
        events.append((m.start(), "pro", PRONOUN_GENDER[m.group("pro").lower()], _weight(verb) if verb else 0.0,
                       True, _verb(verb)))
    events.sort()
    # "Idris knew she did not believe him": her disbelief is what he knows, not her head
    ends_at = set(reported)
    return [(pos, kind, key, 0.0 if w and _complement_start(text, pos, ends_at) else w, subject, verb if w else "")
            for pos, kind, key, w, subject, verb in events]


_COMPLEMENTISER = re.compile(r"(?:\s*,)?\s+(?:that\s+|if\s+|whether\s+)?$")


def _complement_start(text: str, pos: int, verb_ends: set[int]) -> bool:
    """Whether the subject at ``pos`` opens the complement of an experiencer verb just before it
    ("knew she", "wondered if he", "saw that Hedda")."""
    m = _COMPLEMENTISER.search(text, max(0, pos - 12), pos)
    return m is not None and m.start() in verb_ends


def _verb(m: re.Match[str] | None) -> str:
    return " ".join((m.group("cog") or m.group("per")).split()).lower() if m else ""


def paragraph_evidence(text: str, start: int, end: int, names: list[tuple[int, int, str]],
                       quotes: list[tuple[int, int]], genders: dict[str, str],
                       recency: dict[str, list[str]], scene_cast: set[str] | None = None, low: str = "") -> ParagraphPov:
    """Experiencer evidence in one paragraph. ``names`` are (start, end, id) narration mentions in
    it; ``recency`` (gender -> ids, most recent first) is read and updated as the story goes.
    A pronoun with no antecedent in its paragraph prefers someone the scene names (``scene_cast``):
    a scene that opens on "She" after a break is about one of its own people. ``low``: the text
    lower-cased, where :func:`fabula.text.fold.folded` gives it (the same evidence, sooner)."""
    out = ParagraphPov(start, end)
    ends = sentence_ends(text, start, end)  # once: searching from each subject cost the square of a paragraph
    events = _events(text, start, end, names, quotes, ends, low)
    by_start = sorted(names)
    name_starts = [s for s, _e, _c in by_start]
    # pronoun chains: the pronouns of one gender since the last name of that gender
    chains: dict[str, list[tuple[int, float, str]]] = {}
    heads: dict[str, str | None] = {}
    excluded: dict[str, set[str]] = {}
    openers: list[tuple[int, str]] = []

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
        for pos, w, verb in chain:
            out.subjects[ref] += 1
            openers.append((pos, ref))
            if w:
                out.scores[ref] += w
                out.verbs[ref].append(verb)

    for pos, kind, key, w, subject, verb in events:
        if kind == "pro":
            if key == "i":
                out.first_person += w
                out.i_subjects += 1
                continue
            out.third_subjects += 1
            chains.setdefault(key, []).append((pos, w, verb))
            # "She turned to Yusra": a same-gender name later in the sentence is someone else
            stop = end_after(ends, pos, end)
            for _s, _e, cid in by_start[bisect.bisect_right(name_starts, pos):bisect.bisect_left(name_starts, stop)]:
                if genders.get(cid) == key:
                    excluded.setdefault(key, set()).add(cid)
            continue
        gender = genders.get(key)
        if subject:
            out.subjects[key] += 1
            openers.append((pos, key))
        if w:
            out.scores[key] += w
            out.verbs[key].append(verb)
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
    out.opener = min(openers)[1] if openers else None
    return out
