"""Time: each scene's tense, its level (frame, flashback, present) and its place in event order,
each decision with the cues that made it.

A reader places a scene in time from evidence of several kinds; so does this module, strongest
first:

1. **a label** the writer puts on the scene, a line of its own: "Flashback", "Present day",
   "Now", "Nine years earlier", "1987", "Summer, 2019", "Age twelve" (the scenes pass's marker,
   or the scene's first line when it is only that);
2. **a time phrase opening** the scene's first sentence ("Ten years ago, …", "In 1987, …");
3. **dates that go back**: scenes dated earlier than a scene told before them (years that only
   go forward are a story told in order);
4. **italics over a whole scene** in a story whose other scenes are set in roman;
5. **tense against the frame's**: past-tense scenes in a story that opens in the present tense;
6. **the frame-story shape**: the story opens on a scene whose company (the people besides
   those in every scene) never meets the company of some later scenes, the opening talks about
   the past, and someone who speaks in the later scenes never appears in the opening ones and
   is dead by then (their death is told somewhere in the story). The opening company's scenes
   are the frame; the others are flashbacks to what the frame remembers;
7. **a past-perfect entry**: a scene that opens in the past perfect ("She had been seven when
   …") and is clearly more past-perfect than the story's usual.

Without cues the story is told in order and every scene is "present". A story with flashbacks
has a frame: its other scenes are "frame". Event order (the fabula) puts the flashbacks first —
ordered by how far back their cues say (a distance, a year, the age someone is), in telling
order where they say nothing — then the frame or present scenes in telling order.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
            "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
            "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
            "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
AGE_NUMBER = (rf"(?:(?:{_TENS})(?:[- ](?:{_UNITS}))?|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|"
              rf"eighteen|nineteen|ten|{_UNITS}|\d{{1,2}})")
NUMBER = rf"(?:{AGE_NUMBER}|\d+|a|an|a\s+few|a\s+couple\s+of|a\s+dozen|several|some|many)"
UNIT_DAYS = {"minute": 1 / 1440, "hour": 1 / 24, "day": 1, "night": 1, "week": 7, "month": 30, "year": 365, "decade": 3650}
_AMOUNT = rf"(?P<num>{NUMBER})\s+(?P<unit>minute|hour|day|night|week|month|year|decade)s?"
PAST_CUE = re.compile(rf"\b(?:{_AMOUNT}\s+(?:ago|earlier|before)|flash\s?back|back\s+then|years\s+(?:ago|earlier|before)|long\s+ago|"
                      r"when\s+(?:she|he|they|I|we)\s+(?:was|were)\s+(?:a\s+)?(?:child|kid|little|young|\w+teen|\d+|seven|eight|nine|ten|six|five))\b", re.I)
FUTURE_CUE = re.compile(rf"\b(?:{_AMOUNT}\s+(?:later|after|on)|flash[- ]forward|the\s+next\s+(?:day|morning|night|week))\b", re.I)
RETURN_CUE = re.compile(r"\b(?:end(?:\s+of)?\s+flash\s?back|present\s+day|the\s+present|now)\b", re.I)
PAST_TALK = re.compile(r"\b(?:ago|died|dead|death|funeral|grave|remember\w*|memor(?:y|ies)|used\s+to|back\s+then|"
                       r"the\s+last\s+time|what\s+happened|how\s+did|the\s+past|story|years?)\b", re.I)
PAST_PERFECT = re.compile(r"\bhad\s+(?:(?:not|never|just|already|always|once|\w+ly)\s+)?(?:been|\w+ed|known|seen|done|gone|taken|given|"
                          r"made|found|told|thought|felt|left|met|come|become|grown|heard|held|kept|lost|run|said|won|written|fallen|begun)\b", re.I)
# verb forms, read word by word (one pass over a novel's narration, no regex per form): the present
# forms of be/have/do and a few common verbs; after "he"/"she" (an adverb between allowed) any
# word in -s; the past forms of the auxiliaries, English's closed class of strong verbs and -ed
_PRESENT_WORDS = frozenset("is are am isn't aren't has hasn't does doesn't says walks looks feels knows thinks wants turns "
                           "smiles stands sits goes comes takes sees hears".split())
_NOT_VERBS_S = frozenset("always perhaps sometimes afterwards towards besides nevertheless unless sideways was has is "
                         "this thus its his hers yes less its".split())
_BETWEEN = frozenset("always never still just often only even also".split())
_PAST_WORDS = frozenset(
    "was were wasn't weren't had did didn't said ate became began bit bled blew broke brought built bought caught chose came "
    "crept cut dealt drew drank drove fell fed felt fought found fled flew forgot froze gave went grew hung heard hid held "
    "kept knelt knew laid led leapt left lent lay lit lost made meant met paid ran rang rode rose sang sank sat saw sold sent "
    "shook shone shot shut slept slid spoke spent spun stood stole stuck struck swam swept swore swung took taught tore told "
    "thought threw understood woke wore wept won wound wrote got could would".split())
_WORD = re.compile(r"[a-z][a-z'’]*")
# a story told or read inside the story: what a frame that hands over to a tale talks about
TALE = re.compile(r"\b(?:story|stories|tale|tales|manuscript|diary|journal|memoir|notebook|ledger|pages|account)\b", re.I)
# the hand-over at the frame's close: someone begins to tell or read, "here is what she wrote"
HANDOFF = re.compile(r"\b(?:(?:began|begin|begins|started|starts)\s+(?:to\s+)?(?:read|tell|talk|speak|reading|telling|talking)|"
                     r"(?:read|reads|told|tells)\s+(?:it|us|me|them|aloud|out\s+loud)\b|(?:here|this)\s+is\s+(?:the\s+story|what)|"
                     r"in\s+(?:her|his|their|my)\s+own\s+words|as\s+(?:she|he|they|I)\s+(?:told|wrote|tells|writes)\s+it)", re.I)
# a memory the frame's close turns to: "she remembered the last time …"
MEMORY = re.compile(r"\b(?:remember(?:ed|s|ing)?|recall(?:ed|s|ing)?|memor(?:y|ies)|(?:years|months|decades)\s+(?:ago|before|earlier)|"
                    r"long\s+ago|the\s+(?:first|last)\s+time|back\s+then|thought\s+back|all\s+those\s+years)\b", re.I)
# a death told of someone: the frame-story shape needs the absent speaker dead by the frame's time
DEATH = re.compile(r"\b(?:died|dies|dead|death|corpse|funeral|grave|buried|killed|passed\s+away|no\s+pulse|lifeless)\b", re.I)

_MONTH = (r"(?:jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?|july?|aug(?:ust|\.)?|"
          r"sep(?:t(?:ember)?|\.)?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?)")
_SEASON = r"(?:spring|summer|autumn|fall|winter|midsummer|midwinter)"
YEAR = r"(?P<year>1[5-9]\d\d|20\d\d)"
# a label that is only a date: "1987", "Summer, 2019", "March 3, 1994", "3 March 1994", "June 2003"
DATE_LABEL = re.compile(rf"^\W*(?:(?:{_MONTH}|{_SEASON})\.?\s*(?:\d{{1,2}}(?:st|nd|rd|th)?\s*)?,?\s*|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\s*,?\s*)?"
                        rf"{YEAR}\W*$", re.I)
# a year in an opening sentence: "In 1987, …", "In the summer of 1987 …", "1987. The river …"
DATE_OPENING = re.compile(rf"(?:^\W*|\b(?:in|of|during|by)\s+(?:(?:the\s+)?(?:{_SEASON}|{_MONTH})\s+(?:of\s+)?)?)"
                          rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?{YEAR}\b", re.I)
NOW_LABEL = re.compile(r"^\W*(?:now|today|tonight|present(?:\s+day)?|the\s+present|(?:back\s+)?in\s+the\s+present|"
                       r"end(?:\s+of)?\s+(?:the\s+)?flash\s?back|(?:the\s+)?present\s+time)\W*$", re.I)
THEN_LABEL = re.compile(r"^\W*(?:then|before|the\s+past|(?:a\s+)?flash\s?back|memor(?:y|ies)|years?\s+(?:ago|earlier|before)|"
                        r"(?:long\s+)?ago)\W*$", re.I)
AGE_LABEL = re.compile(rf"^\W*(?:age[ds]?\s+(?P<a1>{AGE_NUMBER})|(?P<a2>{AGE_NUMBER})\s+years?\s+old)\W*$", re.I)
# someone's age stated in the narration: "I was eleven.", "Dagny was eighteen and …", "Anouk is twenty-two"
AGE_STATED = re.compile(rf"\b(?:I|he|she|[A-Z][a-z]+)\s+(?:was|is|am|had\s+been|turned)\s+(?:only\s+|just\s+|barely\s+)?"
                        rf"(?P<age>{AGE_NUMBER})(?:\s+years?\s+old)?"
                        rf"(?=\s*[.,;:!?—–]|\s+(?:and|that|when|then|the\s+(?:year|summer|winter|spring|autumn|fall|day|night)))",
                        re.I)

# a season or year named by what happened in it: "the winter the weir froze", "that summer our father built"
ANCHOR = re.compile(r"\b(?:that|the|one)\s+(?:summer|winter|spring|autumn|fall|year)\s+(?:when|before|after|I|he|she|we|they|"
                    r"our|his|her|their|my|the)\b", re.I)


@dataclass
class SceneFacts:
    """What the narrative pass read in one scene, for placing it in time."""

    label: str | None  # the scene's own label line, if it has one
    opening: str  # the first sentence of the narration (dialogue blanked)
    narration: str  # the narration, dialogue blanked, labels, chat lines and letters left out
    italic: float = 0.0  # share of the narration set in italics
    cast: set[str] = field(default_factory=set)  # characters named or speaking here
    speakers: set[str] = field(default_factory=set)  # who surely speaks here
    past_talk: int = 0  # talk of the past (ago, died, remember, the story …), narration and dialogue
    tale_talk: int = 0  # talk of a story, a manuscript, a diary …, narration and dialogue
    named: Counter[str] = field(default_factory=Counter)  # how often each character is named here


@dataclass
class SceneTime:
    tense: str = "past"
    level: str = "unknown"
    cues: list[str] = field(default_factory=list)
    distance_days: float | None = None  # how far back (negative: forward) the cue says
    confidence: float = 0.0
    past_perfect: float = 0.0
    year: int | None = None  # a date the scene carries
    age: int | None = None  # someone's age the scene states, near its opening
    present_verbs: int = 0
    past_verbs: int = 0
    relative: bool = False  # placed by a "later" cue ("The next day, …"): after the scene before, whatever its time


def _number(word: str) -> int | None:
    w = word.lower().replace("-", " ").split()
    if not w:
        return None
    if w[0].isdigit():
        return int(w[0])
    total = 0
    for part in w:
        if part not in _NUMBERS:
            return None
        total += _NUMBERS[part]
    return total


def _days(m: re.Match[str]) -> float | None:
    num, unit = m.group("num"), m.group("unit")
    if not num or not unit:
        return None
    n = float(_number(num) or (12 if "dozen" in num.lower() else 3))
    return n * UNIT_DAYS[unit.lower()]


def tense_counts(narration: str) -> tuple[int, int]:
    """(present-tense, past-tense) verb forms in narration text (dialogue already removed)."""
    words = _WORD.findall(narration.lower().replace("’", "'"))
    present = past = 0
    subject = 0  # words since "he"/"she": a verb in -s right after (or after one adverb) is present
    for w in words:
        if w in _PRESENT_WORDS:
            present += 1
        elif w in _PAST_WORDS or (len(w) >= 5 and w.endswith("ed")):
            past += 1
        elif subject and len(w) >= 4 and w.endswith("s") and w[-2] != "s" and w not in _NOT_VERBS_S:
            present += 1
        if w in ("he", "she"):
            subject = 2
        elif subject == 2 and (w in _BETWEEN or w.endswith("ly")):
            subject = 1
        else:
            subject = 0
    return present, past


def tense_profile(narration: str, counts: tuple[int, int] | None = None) -> tuple[str, float]:
    """("past"|"present", past-perfect share) of narration text (dialogue already removed)."""
    words = max(len(narration.split()), 1)
    present, past = counts if counts is not None else tense_counts(narration)
    perfect = len(PAST_PERFECT.findall(narration)) / words * 100
    return ("present" if present > 1.2 * past and present >= 3 else "past"), perfect


def stated_age(text: str) -> int | None:
    """The first age the text states ("I was eleven", "Dagny was eighteen and …"), if any."""
    m = AGE_STATED.search(text)
    age = _number(m.group("age")) if m else None
    return age if age is not None and 0 < age < 120 else None


_LEAD_IN = re.compile(r"^\W*(?:(?:and|but|so|then|it\s+was)\s+)?", re.I)
_SET_APART = re.compile(r"\s*(?:[,;:.—–]|$)")


def _introductory(pattern: re.Pattern[str], sentence: str) -> re.Match[str] | None:
    """``pattern`` as the sentence's introductory phrase: at its start (after "And", "It was" …)
    and set apart by a comma, a stop or a dash."""
    lead = _LEAD_IN.match(sentence)
    m = pattern.match(sentence, lead.end() if lead else 0)
    return m if m and _SET_APART.match(sentence, m.end()) else None


def label_cues(label: str) -> SceneTime | None:
    """What a scene's own label line says about its time: a level, a distance, a date or an age."""
    text = label.strip()
    if NOW_LABEL.match(text):
        return SceneTime(level="frame", cues=[f"label: {text}"], confidence=0.9)
    if THEN_LABEL.match(text):
        return SceneTime(level="flashback", cues=[f"label: {text}"], confidence=0.9)
    if m := DATE_LABEL.match(text):
        return SceneTime(cues=[f"label: {text}"], year=int(m.group("year")), confidence=0.9)
    if m := AGE_LABEL.match(text):
        return SceneTime(cues=[f"label: {text}"], age=_number(m.group("a1") or m.group("a2")), confidence=0.8)
    return None


def explicit_cues(marker: str | None, opening: str) -> SceneTime | None:
    """A scene's own marker (or label line) or its first sentence's time phrase."""
    for source, text in (("label", marker or ""), ("opening", opening)):
        if not text:
            continue
        if source == "label":
            if RETURN_CUE.search(text):
                return SceneTime(level="frame", cues=[f"{source}: {text.strip()}"], confidence=0.9)
            if (labelled := label_cues(text)) is not None:
                labelled.cues = [f"{source}: {text.strip()}"]
                return labelled
        # an opening's time phrase must open it and stand apart ("Ten years ago, the mill …"): "Eight
        # years before he had seen his friend off" dates a memory, it does not move the scene
        m = PAST_CUE.search(text) if source == "label" else _introductory(PAST_CUE, text)
        if m:
            days = _days(m) if m.groupdict().get("num") else None
            return SceneTime(level="flashback", cues=[f"{source}: {m.group(0)}"], distance_days=days, confidence=0.85)
        m = FUTURE_CUE.search(text) if source == "label" else _introductory(FUTURE_CUE, text)
        if m:
            days = _days(m) if m.groupdict().get("num") else None
            return SceneTime(level="present", cues=[f"{source}: {m.group(0)}"],
                             distance_days=-days if days else None, confidence=0.8, relative=True)
        if source == "opening" and (d := _introductory(DATE_OPENING, text)):
            return SceneTime(cues=[f"opening: {d.group(0).strip()}"], year=int(d.group("year")), confidence=0.8)
    return None


def _set(t: SceneTime, level: str, confidence: float, cue: str) -> None:
    t.level, t.confidence = level, confidence
    t.cues.append(cue)


def _years(times: list[SceneTime]) -> None:
    """Dated scenes: those dated earlier than a scene told before them go back in time. The
    latest date is the frame's; years that only go forward are a story told in order."""
    dated = [(i, t.year) for i, t in enumerate(times) if t.year is not None]
    if len(dated) < 2:
        return
    years = [y for _i, y in dated]
    if all(a <= b for a, b in zip(years, years[1:], strict=False)):
        return
    latest = max(years)
    for i, y in dated:
        t = times[i]
        if t.level != "unknown":
            continue
        if y < latest:
            t.distance_days = (latest - y) * 365.0
            _set(t, "flashback", 0.85, f"dated {y}, before the frame's {latest}")
        else:
            _set(t, "frame", 0.85, f"dated {y}, the latest date: the frame")


def _italics(times: list[SceneTime], facts: list[SceneFacts]) -> None:
    """A scene set wholly in italics, in a story whose opening scene is in roman."""
    if len(facts) < 2 or facts[0].italic >= 0.5:
        return
    whole = [i for i, f in enumerate(facts) if f.italic >= 0.8 and len(f.narration.split()) >= 12]
    if not whole or len(whole) * 2 > len(facts):
        return
    for i in whole:
        if times[i].level == "unknown":
            _set(times[i], "flashback", 0.75, "italics: the whole scene is set in italics, the frame in roman")


def _tense_shift(times: list[SceneTime]) -> None:
    """Past-tense scenes in a story whose frame — its opening — is told in the present tense."""
    if len(times) < 2 or times[0].tense != "present":
        return
    for t in times[1:]:
        if t.level == "unknown" and t.past_verbs >= 5 and t.past_verbs >= 2 * max(t.present_verbs, 1):
            _set(t, "flashback", 0.75, f"past tense ({t.past_verbs} past forms, {t.present_verbs} present) "
                                       "against the present-tense frame")


def frame_split(casts: list[set[str]], speakers: list[set[str]], past_talk: list[int],
                dead: set[str] | None = None) -> tuple[set[int], set[int], list[str]] | None:
    """(frame scenes, flashback scenes, the absent speakers) when the scenes have the frame-story shape.

    ``casts[i]``: characters named or speaking in scene i, less those present in every scene;
    ``speakers[i]``: who speaks there; ``past_talk[i]``: past-talk cues in scene i; ``dead``: the
    characters whose death the story tells. Someone who speaks only in the later scenes must be
    among the dead: two companies that never meet are also the shape of a story with two plots,
    and what makes the opening company's scenes a frame is that the others' people are gone.
    """
    n = len(casts)
    if n < 3:
        return None
    where: dict[str, set[int]] = {}
    for i, cast in enumerate(casts):
        for c in cast:
            where.setdefault(c, set()).add(i)
    best: tuple[set[int], set[int], list[str]] | None = None
    for x in sorted(casts[0]):
        frame = where[x]
        if len(frame) < 2 and n > 3:
            continue
        rest = set(range(n)) - frame
        if not rest:
            continue
        # someone who speaks in the other scenes and never appears in the frame
        absent = sorted(y for y in where if where[y] <= rest and any(y in speakers[i] for i in rest))
        if not absent:
            continue
        covered = set().union(*(where[y] for y in absent))
        if covered != rest:
            continue
        if sum(past_talk[i] for i in frame) < 2:
            continue
        if dead is not None and not any(y in dead for y in absent):
            continue
        if best is None or len(frame) > len(best[0]):
            best = (frame, rest, absent)
    return best


def _frame_shape(times: list[SceneTime], facts: list[SceneFacts], dead: set[str], names: dict[str, str]) -> None:
    every = set.intersection(*(f.cast for f in facts)) if facts else set()
    split = frame_split([f.cast - every for f in facts], [f.speakers for f in facts], [f.past_talk for f in facts], dead)
    if split is None:
        return
    frame, back, absent = split
    gone = ", ".join(names.get(y, y) for y in absent if y in dead)
    elsewhere = {c for i in back for c in facts[i].cast}
    company = ", ".join(sorted({names.get(c, c) for i in frame for c in facts[i].cast - every - elsewhere}))
    for i in sorted(frame):
        _set(times[i], "frame", 0.6, f"frame: the opening scene's company ({company}); {gone}, who speaks in the "
                                     "other scenes and is dead by now, is never here")
    for i in sorted(back):
        _set(times[i], "flashback", 0.6, f"flashback: {gone} speaks here, absent from the frame and dead by its time")


def _told_or_remembered(times: list[SceneTime], facts: list[SceneFacts], names: dict[str, str]) -> None:
    """A frame that hands over to a tale or a memory, and may come back. The opening scene talks
    of a story, a manuscript or a diary and someone begins to tell or read it ("… and he began
    to read"), or it closes on a memory ("she remembered the last time she had seen someone
    off"); the frame's company — who speaks in the opening scene (else who is named there) and is
    not in the next — is left behind there. That scene and those after it are the tale, told
    before the frame's time, until a scene names more of the frame's company than of the tale's
    own people (those first named in the tale): the frame come back. People the frame only
    talks about (the tale's people named before it starts) count for neither side. A memory
    with no return is not enough: new people after a thought of the past is most often the
    story going on."""
    if len(facts) < 2:
        return
    opening, first = facts[0], facts[1]
    told = HANDOFF.search(opening.narration) if opening.tale_talk >= 2 else None
    memory = None if told else MEMORY.search(opening.narration.rsplit("\n\n", 1)[-1])  # its very last paragraph
    if not (told or memory):
        return
    in_first = first.cast
    # by who speaks, else by names: the tale's people are often named in the frame that announces them
    company = (opening.speakers - in_first) or (set(opening.named) - in_first)
    framed = opening.cast
    if memory and not (company and set(first.named) - framed):
        return
    levels = ["frame", "flashback"]
    for f in facts[2:]:
        frame_side = sum(f.named[c] for c in company)
        tale_side = sum(n for c, n in f.named.items() if c not in framed)
        levels.append("frame" if frame_side > tale_side else "flashback" if tale_side > frame_side else levels[-1])
    if memory and "frame" not in levels[2:]:
        return
    who = ", ".join(sorted(names.get(c, c) for c in company)) or "no one named"
    cue = told or memory
    said = cue.group(0) if cue else ""
    frame_cue = (f"frame: the opening scene hands over to a story told in it ({said}), and its company ({who}) is here"
                 if told else f"frame: the opening scene closes on a memory ({said}), and its company ({who}) is here")
    back_cue = (f"flashback: the story told in the opening scene ({said}); the frame's company ({who}) is not here"
                if told else f"flashback: the memory the opening scene closes on ({said}); the frame's company ({who}) "
                             "is not here")
    for i, (t, level) in enumerate(zip(times, levels, strict=False)):
        if t.relative and i and levels[i - 1] == "flashback" and level == "flashback":
            # "The next day, …" inside the tale: the tale's next day
            _set(t, level, 0.6, "flashback: later in the tale the scene before tells")
        elif t.level == "unknown":
            _set(t, level, 0.6, frame_cue if level == "frame" else back_cue)
            if told:
                t.age = None  # a tale is told in order: the ages it states are its people's, not moves in time


def _anchor(opening: str) -> str | None:
    """What places a past-perfect opening at a time of its own: an age ("I had been nine the
    summer …"), a year, or a season or year named by what happened then ("the winter the weir
    froze")."""
    if (age := stated_age(opening)) is not None:
        return f"age {age}"
    if m := DATE_OPENING.search(opening) or ANCHOR.search(opening):
        return " ".join(m.group(0).split())
    return None


def _perfect_entry(times: list[SceneTime], openings: list[str]) -> None:
    """A past-perfect opening anchored at a time of its own, in a scene clearly more past-perfect
    than the story's usual. Without the anchor a past-perfect opening is most often backstory
    told in passing ("The letter had been opened and resealed …"), not a move in time."""
    perfects = sorted(t.past_perfect for t in times)
    usual = perfects[len(perfects) // 2] if perfects else 0.0
    for i, t in enumerate(times):
        if not i or t.level != "unknown":
            continue
        perfect = PAST_PERFECT.search(openings[i])
        anchor = _anchor(openings[i]) if perfect else None
        if perfect and anchor and t.past_perfect >= max(1.0, 2 * usual):
            _set(t, "flashback", 0.6, f"past perfect opening ({perfect.group(0)}) anchored in its own time ({anchor}), "
                                      f"more past perfect than the story's usual ({t.past_perfect:.1f} per 100 words "
                                      f"against {usual:.1f})")


def place_in_time(facts: list[SceneFacts], dead: set[str] | None = None,
                  names: dict[str, str] | None = None) -> list[SceneTime]:
    """Each scene's time level and tense, with the cues behind them (event order: :func:`fabula_order`)."""
    names = names or {}
    times: list[SceneTime] = []
    for f in facts:
        t = explicit_cues(f.label, f.opening) or SceneTime()
        t.present_verbs, t.past_verbs = tense_counts(f.narration)
        t.tense, t.past_perfect = tense_profile(f.narration, (t.present_verbs, t.past_verbs))
        t.age = t.age if t.age is not None else stated_age(" ".join(f.narration.split()[:60]))
        times.append(t)
    _years(times)
    _italics(times, facts)
    _tense_shift(times)
    if not any(t.level == "flashback" for t in times):
        _frame_shape(times, facts, dead or set(), names)
    if not any(t.level == "flashback" for t in times):
        _told_or_remembered(times, facts, names)
    if not any(t.level == "flashback" for t in times):
        _perfect_entry(times, [f.opening for f in facts])
    _resolve(times)
    return times


def _resolve(times: list[SceneTime]) -> None:
    """A story with flashbacks has a frame: its other scenes are "frame"; one without is told in
    order. One flashback among many scenes (a novel's excursion) leaves the rest "present"."""
    flashbacks = sum(t.level == "flashback" for t in times)
    framed = bool(flashbacks) and (flashbacks * 10 >= len(times) or any(t.level == "frame" for t in times))
    for t in times:
        if t.level == "unknown" or (framed and t.level == "present"):
            if framed:
                t.cues.append("frame: the story's present, between its flashbacks")
            elif not t.cues:
                t.cues.append("present: no cue of a move in time")
            t.level = "frame" if framed else "present"
            t.confidence = t.confidence or 0.5


def _when(times: list[SceneTime]) -> list[float]:
    """How far back each flashback is, in days before the frame (larger: earlier). A distance is
    used as it stands; a year against the latest year in the story; an age against the oldest age
    any flashback states (someone younger is further back). A flashback that says nothing keeps
    its place after the one told before it."""
    years = [t.year for t in times if t.year is not None]
    latest = max(years) if years else None
    ages = [t.age for t in times if t.level == "flashback" and t.age is not None]
    oldest = max(ages) if ages else None
    back: list[float] = []
    previous: float | None = None
    for t in times:
        if t.level != "flashback":
            back.append(0.0)
            continue
        if t.distance_days is not None and t.distance_days < 0:
            d = previous if previous is not None else float("nan")  # later than the flashback before it
        elif t.distance_days is not None:
            d = t.distance_days
        elif t.year is not None and latest is not None:
            d = (latest - t.year) * 365.0
        elif t.age is not None and oldest is not None:
            d = (oldest - t.age) * 365.0 + 1.0
        else:
            d = previous if previous is not None else float("nan")
        back.append(d)
        previous = d
    known = [d for d in back if d == d and d]
    first = max(known) if known else 0.0
    return [first if d != d else d for d in back]


def fabula_order(times: list[SceneTime]) -> list[int]:
    """Event order (1-based positions) of scenes given in telling order."""
    back = _when(times)

    def key(i: int) -> tuple[int, float, int]:
        if times[i].level == "flashback":
            return (0, -back[i], i)
        return (1, 0.0, i)

    order = sorted(range(len(times)), key=key)
    positions = [0] * len(times)
    for rank, i in enumerate(order, start=1):
        positions[i] = rank
    return positions
