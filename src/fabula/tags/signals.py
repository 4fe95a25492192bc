"""The words behind tag suggestions, as data, and the sentences that carry them.

Each lexicon is a regex of word stems a rating guide or an archive warning is about. They are
matched in the story proper only (never notes, disclaimers or lyrics), and a hit is reported as
the whole sentence it sits in, so the evidence a user sees reads as a reason.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from typing import Any

from fabula.model import Story
from fabula.segment.proper import story_proper
from fabula.segment.spans import SpanIndex

STRONG_PROFANITY = re.compile(r"\b(?:fuck\w*|motherfuck\w*|cunt\w*|shit\w*|bullshit|dickhead|asshole|bitch\w*|bastard\w*)\b", re.I)
MILD_PROFANITY = re.compile(r"\b(?:damn\w*|hell|crap|bloody|goddamn\w*|piss\w*|arse)\b", re.I)
SEXUAL_EXPLICIT = re.compile(r"\b(?:cock|cocks|cum|cumm\w*|orgasm\w*|clit\w*|blowjob\w*|handjob\w*|penis|vagina|erection|"
                             r"thrust\w* into|nipples?|naked bod\w*|fuck(?:ed|ing)? (?:him|her|me|you)|(?:had|having|have) sex|sex with)\b", re.I)
SEXUAL_SUGGESTIVE = re.compile(r"\b(?:kiss\w*|make out|made out|making out|lips|bed|undress\w*|naked|moan\w*|"
                               r"aroused|grope\w*|flirt\w*|lust\w*|hooker|one[- ]night stand)\b", re.I)
VIOLENCE = re.compile(r"\b(?:shot|shoots?|shooting|gun\w*|stab\w*|punch\w*|kill\w*|murder\w*|fight\w*|blood\w*|bullets?|"
                      r"knife|knives|wound\w*|injur\w*|bandage\w*|beat(?:en|ing)?|attack\w*)\b", re.I)
GORE = re.compile(r"\b(?:blood\w*|gore|guts|entrails|bone[s]? (?:snapped|cracked|broke)|severed|mangled|"
                  r"puddle of blood|pool of blood|bled|bleeding|gash\w*|torn flesh)\b", re.I)
DEATH = re.compile(r"\b(?:(?:was|is|lay|lies|lying|fell|found)\s+(?:\w+\s+)?(?:dead|lifeless)|died|dies|dying|"
                   r"corpse|dead (?:body|face|eyes)|no pulse|(?:his|her|their) death|killed (?:him|her|them)|"
                   r"funeral|grave(?:side|stone)?|passed away|breathed (?:his|her) last|stopped breathing)\b", re.I)
NONCON = re.compile(r"\b(?:rap(?:e|ed|ing|ist)|non-?con\w*|sexual(?:ly)? assault\w*|forced (?:himself|herself) on)\b", re.I)
MINOR = re.compile(r"\b(?:(?:twelve|thirteen|fourteen|fifteen|sixteen|seventeen|1[2-7])[- ]years?[- ]old|"
                   r"underage|middle school(?:er)?)\b", re.I)
GRIEF = re.compile(r"\b(?:grie\w*|mourn\w*|sob\w*|tears?|cried|crying|weep\w*|wept|loss|lost him|lost her|funeral|"
                   r"heartbr\w*|missed him|missed her)\b", re.I)
COMFORT = re.compile(r"\b(?:comfort\w*|held (?:him|her) close|hugg?\w*|soothe\w*|it's okay|it's alright|"
                     r"bandag\w*|tend\w* (?:to )?(?:his|her) wounds?|took care of)\b", re.I)
AFFECT = re.compile(r"\b(?:kiss\w*|love[sd]?|loving|lover|lips|embrace\w*|held (?:his|her) hand|blush\w*|"
                    r"heart (?:raced|fluttered|pounded)|darling|sweetheart|date|married|wife|husband|girlfriend|boyfriend)\b", re.I)
AU_NOTE = re.compile(r"\b(?:AU|alternate universe|alternative universe|modern AU|coffee shop AU|high school AU)\b")


MAX_EVIDENCE = 3  # passages shown with a suggestion


@dataclass
class Hit:
    start: int
    end: int  # the sentence around the match
    word: str


def suggestion(value: str, hits: list[Hit] | list[tuple[int, int]], why: str) -> dict[str, Any]:
    """One suggested tag as SCHEMA.md has it: the value, its first passages, and why."""
    spans = [[h.start, h.end] if isinstance(h, Hit) else [h[0], h[1]] for h in hits[:MAX_EVIDENCE]]
    return {"value": value, "evidence": spans, "why": why}


@functools.lru_cache(maxsize=64)
def _plain(pattern: re.Pattern[str]) -> re.Pattern[str]:
    return re.compile(pattern.pattern, pattern.flags & ~re.I)


@dataclass
class Prose:
    """The story proper prepared once for many lexicon scans: its spans, sentences (the layer), quotes, and a
    lower-cased copy of the text (case-sensitive patterns over it are three times faster than
    re.I; left empty where lower-casing would move offsets, as 'İ' does)."""

    text: str
    folded: str
    spans: list[tuple[int, int]]
    sents: list[tuple[int, int]]
    quotes: SpanIndex

    @classmethod
    def of(cls, story: Story) -> Prose:
        spans = story_proper(story)
        low = story.text.lower()
        return cls(story.text, low if len(low) == len(story.text) else "", spans,
                   story.sentences, SpanIndex([(q.start, q.end) for q in story.quotes]))

    def hits(self, pattern: re.Pattern[str], narration_only: bool = False) -> list[Hit]:
        """Sentences of the story proper with a match (one hit per sentence).

        The pattern runs once over each span of the story proper and its matches are placed in
        sentences by bisection: a dozen lexicons over a novel take a fraction of a second."""
        text = self.text
        if pattern.flags & re.I and self.folded:
            text, pattern = self.folded, _plain(pattern)
        sents = self.sents
        s_starts = [s for s, _e in sents]
        out: list[Hit] = []
        last = -1
        for span_start, span_end in self.spans:
            for m in pattern.finditer(text, span_start, span_end):
                if narration_only and self.quotes.contains(m.start()):
                    continue
                i = bisect.bisect_right(s_starts, m.start()) - 1
                if i < 0 or i == last or m.start() >= sents[i][1]:
                    continue
                last = i
                out.append(Hit(sents[i][0], sents[i][1], m.group(0)))
        return out
