"""Time: each scene's tense, its level (frame, flashback, present) and its place in event order.

The cues, strongest first:

1. markers writers put on scenes ("*Flashback*", "Present day", "Three years earlier",
   "Two days later") and time phrases opening a scene's first sentence ("Ten years ago, …");
2. a past-perfect opening ("She had been seven when …") after scenes told in simple past;
3. the frame-story shape: the story opens on a scene whose company (the people besides the
   POV character) never meets the company of some later scenes, the opening scenes talk about
   the past (death, memory, "ago", "what happened"), and someone who speaks in the later
   scenes is absent from the opening ones. The opening company's scenes are the frame; the
   others are flashbacks to what the frame is remembering.

Without cues the story is told in order and every scene is "present"; a scene no rule can
place says "unknown". Event order (the fabula) puts flashbacks first (furthest back first
where the cues give a distance), then the frame or present scenes, each in telling order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

NUMBER = r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|a\s+few|a\s+couple\s+of|several|some|many|\d+)"
UNIT_DAYS = {"minute": 1 / 1440, "hour": 1 / 24, "day": 1, "night": 1, "week": 7, "month": 30, "year": 365, "decade": 3650}
_AMOUNT = rf"(?P<num>{NUMBER})\s+(?P<unit>minute|hour|day|night|week|month|year|decade)s?"
PAST_CUE = re.compile(rf"\b(?:{_AMOUNT}\s+(?:ago|earlier|before)|flash\s?back|back\s+then|years\s+ago|long\s+ago|"
                      r"when\s+(?:she|he|they|I|we)\s+(?:was|were)\s+(?:a\s+)?(?:child|kid|little|young|\w+teen|\d+|seven|eight|nine|ten|six|five))\b", re.I)
FUTURE_CUE = re.compile(rf"\b(?:{_AMOUNT}\s+(?:later|after|on)|flash[- ]forward|the\s+next\s+(?:day|morning|night|week))\b", re.I)
RETURN_CUE = re.compile(r"\b(?:end(?:\s+of)?\s+flash\s?back|present\s+day|the\s+present|now)\b", re.I)
PAST_TALK = re.compile(r"\b(?:ago|died|dead|death|funeral|grave|remember\w*|memor(?:y|ies)|used\s+to|back\s+then|"
                       r"the\s+last\s+time|what\s+happened|how\s+did|the\s+past|story|years?)\b", re.I)
PAST_PERFECT = re.compile(r"\bhad\s+(?:(?:not|never|just|already|always|once|\w+ly)\s+)?(?:been|\w+ed|known|seen|done|gone|taken|given|"
                          r"made|found|told|thought|felt|left|met|come|become|grown|heard|held|kept|lost|run|said|won|written|fallen|begun)\b", re.I)
PRESENT = re.compile(r"\b(?:is|are|am|isn't|aren't|has|hasn't|does|doesn't|says|walks|looks|feels|knows|thinks|wants|turns|"
                     r"smiles|stands|sits|goes|comes|takes|sees|hears)\b", re.I)
PAST = re.compile(r"\b(?:was|were|wasn't|weren't|had|did|didn't|said|\w{3,}ed)\b", re.I)


@dataclass
class SceneTime:
    tense: str = "past"
    level: str = "unknown"
    cues: list[str] = field(default_factory=list)
    distance_days: float | None = None  # how far back (negative: forward) the cue says
    confidence: float = 0.0
    past_perfect: float = 0.0


def _days(m: re.Match[str]) -> float | None:
    num, unit = m.group("num"), m.group("unit")
    if not num or not unit:
        return None
    words = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
             "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30}
    key = num.lower().split()[0]
    n = float(num) if num.isdigit() else words.get(key, 3.0)
    return n * UNIT_DAYS[unit.lower()]


def tense_profile(narration: str) -> tuple[str, float]:
    """("past"|"present", past-perfect share) of narration text (dialogue already removed)."""
    words = max(len(narration.split()), 1)
    present = len(PRESENT.findall(narration))
    past = len(PAST.findall(narration))
    perfect = len(PAST_PERFECT.findall(narration)) / words * 100
    return ("present" if present > 1.2 * past and present >= 3 else "past"), perfect


def explicit_cues(marker: str | None, opening: str) -> SceneTime | None:
    """A scene's own marker or its first sentence's time phrase."""
    for source, text in (("marker", marker or ""), ("opening", opening)):
        if not text:
            continue
        if source == "marker" and RETURN_CUE.search(text):
            return SceneTime(level="frame", cues=[f"{source}: {text.strip()}"], confidence=0.9)
        m = PAST_CUE.search(text)
        if m:
            days = _days(m) if m.groupdict().get("num") else None
            return SceneTime(level="flashback", cues=[f"{source}: {m.group(0)}"], distance_days=days, confidence=0.85)
        m = FUTURE_CUE.search(text)
        if m:
            days = _days(m) if m.groupdict().get("num") else None
            return SceneTime(level="present", cues=[f"{source}: {m.group(0)}"],
                             distance_days=-days if days else None, confidence=0.8)
    return None


def frame_split(casts: list[set[str]], speakers: list[set[str]], past_talk: list[int]) -> tuple[set[int], set[int]] | None:
    """(frame scenes, flashback scenes) when the scenes have the frame-story shape, else None.

    ``casts[i]``: characters named or speaking in scene i, less those present in every scene;
    ``speakers[i]``: who speaks there; ``past_talk[i]``: past-talk cues in scene i.
    """
    n = len(casts)
    if n < 3:
        return None
    where: dict[str, set[int]] = {}
    for i, cast in enumerate(casts):
        for c in cast:
            where.setdefault(c, set()).add(i)
    best: tuple[set[int], set[int]] | None = None
    for x in casts[0]:
        frame = where[x]
        if len(frame) < 2 and n > 3:
            continue
        rest = set(range(n)) - frame
        if not rest:
            continue
        # someone who speaks in the other scenes and never appears in the frame
        absent = [y for y in where if where[y] <= rest and any(y in speakers[i] for i in rest)]
        if not absent:
            continue
        covered = set().union(*(where[y] for y in absent))
        if covered != rest:
            continue
        if sum(past_talk[i] for i in frame) < 2:
            continue
        if best is None or len(frame) > len(best[0]):
            best = (frame, rest)
    return best


def fabula_order(times: list[SceneTime]) -> list[int]:
    """Event order (1-based positions) of scenes given in telling order."""
    def key(i: int) -> tuple[int, float, int]:
        t = times[i]
        if t.level == "flashback":
            return (0, -(t.distance_days or 0.0), i)
        return (1, 0.0, i)

    order = sorted(range(len(times)), key=key)
    positions = [0] * len(times)
    for rank, i in enumerate(order, start=1):
        positions[i] = rank
    return positions
