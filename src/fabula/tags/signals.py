"""The words behind tag suggestions, as data, and the sentences that carry them.

Each lexicon is a regex of word stems a rating guide or an archive warning is about. They are
matched in the story proper only (never notes, disclaimers or lyrics), and a hit is reported as
the whole sentence it sits in, so the evidence a user sees reads as a reason.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

from fabula.model import Story
from fabula.segment.proper import story_proper
from fabula.segment.spans import SpanIndex
from fabula.text.fold import flagless, folded

# Each lexicon names the sense a rating guide or an archive warning is about, not the bare word:
# "his cock", not "cock his head"; "shot him", not "shot a glance"; someone who died, not a
# generator that did. The senses are English's (a dictionary's), written from AO3's rating and
# warning descriptions; INNOCENT lists the common other senses that the patterns would still match.
_OBJ = r"(?:him|her|them|me|you|us|himself|herself|themselves|myself|yourself)"
_POSS = r"(?:his|her|my|your|their)"
STRONG_PROFANITY = re.compile(r"\b(?:fuck\w*|motherfuck\w*|cunt\w*|shit\w*|bullshit|dickhead|asshole|bitch\w*|bastard\w*)\b", re.I)
MILD_PROFANITY = re.compile(r"\b(?:damn\w*|hell|crap|bloody|goddamn\w*|piss\w*|arse)\b", re.I)
# explicit sexual content: the acts and anatomy written out
SEXUAL_EXPLICIT = re.compile(rf"\b(?:cum|cumm\w*|orgasm\w*|clit\w*|blowjob\w*|handjob\w*|penis|vagina|erection|"
                             rf"{_POSS}\s+(?:hard\s+)?cock|thrust\w*\s+(?:into|inside)\s+{_OBJ}|fuck(?:ed|ing)\s+(?:him|her|me)\b|"
                             r"naked\s+bod\w*\s+(?:against|pressed|moving))", re.I)
# sexual references: sex told of, not shown
SEXUAL_REFERENCE = re.compile(rf"\b(?:(?:had|having|have|has)\s+sex|sex\s+with|made\s+love|making\s+love|make\s+love|"
                              rf"slept\s+with\s+{_OBJ}|sleeping\s+with\s+{_OBJ}|one[- ]night\s+stand|hooker|"
                              rf"undress(?:ed|ing)\s+(?:{_OBJ}|each\s+other)|grop(?:e|ed|ing)\s+{_OBJ}|aroused|"
                              r"making\s+out|made\s+out)\b", re.I)
# romance: kisses and flirting, which every rating allows
SEXUAL_SUGGESTIVE = re.compile(r"\b(?:kiss\w*|flirt\w*|lust\w*|moan\w*|naked|undress\w*)\b", re.I)
# violence done to someone, in the narration
VIOLENCE = re.compile(rf"\b(?:shot\s+(?:{_OBJ}|dead|at|through|in\s+the)|(?:was|were|been|got|get|being)\s+shot|"
                      rf"shoot(?:s|ing)?\s+(?:{_OBJ}|at)|gunshots?|gunfire|gunpoint|stab(?:bed|bing|s)?|"
                      rf"punch(?:ed|es|ing)?\s+(?:{_OBJ}|the\s+wall|(?:\w+\s+){{1,2}}in\s+the)|threw\s+a\s+punch|"
                      rf"kill(?:s|ed|ing)?\s+(?:{_OBJ}|people|everyone|\w+\s+(?:man|woman|boy|girl|men|women))|"
                      rf"(?:was|were|been|got|get|be)\s+killed|murder\w*|strangl\w*|throttl\w*|"
                      rf"beat(?:en|ing|s)?\s+{_OBJ}|beaten\s+(?:up|to|bloody|black)|"
                      rf"attack(?:ed|ing|s)?\s+{_OBJ}|(?:was|were|been)\s+attacked|"
                      rf"(?:the|a|his|her|their|my|your|open|deep|gaping|bullet|stab|knife)\s+wounds?|wounded|injur\w*|"
                      rf"bled|bleeding|fist\s?fights?|fought\s+(?:{_OBJ}|back|off)|brawl\w*|gun\s+to\s+{_POSS}|"
                      rf"knife\s+(?:to|at|into)\s+{_POSS})\b", re.I)
GORE = re.compile(r"\b(?:gore|entrails|guts\s+(?:spill\w*|out)|bone[s]?\s+(?:snapped|cracked|broke)|severed|mangled|"
                  r"puddle\s+of\s+blood|pool\s+of\s+blood|blood\s+(?:ran|poured|pooled|soaked|spattered|splattered|sprayed|"
                  r"gushed|streamed|dripped|seeped|welled|trickled|running|dripping|pouring|streaming|everywhere|on\s+(?:his|her|their|the)\s+\w+)|"
                  r"covered\s+in\s+blood|blood[- ]soaked|bled\s+out|coughed\s+up\s+blood|gash\w*|torn\s+flesh)\b", re.I)
DEATH = re.compile(r"\b(?:(?:was|is|lay|lies|lying|fell|found)\s+(?:\w+\s+)?(?:dead|lifeless)|died|dies|dying|"
                   r"corpse|dead (?:body|face|eyes)|no pulse|(?:his|her|their) death|killed (?:him|her|them)|"
                   r"funeral|grave(?:side|stone)?|passed away|breathed (?:his|her) last|stopped breathing)\b", re.I)
NONCON = re.compile(r"\b(?:rap(?:e|ed|ing|ist)|non-?con\w*|sexual(?:ly)? assault\w*|forced (?:himself|herself) on)\b", re.I)
MINOR = re.compile(r"\b(?:(?:twelve|thirteen|fourteen|fifteen|sixteen|seventeen|1[2-7])[- ]years?[- ]old|"
                   r"underage|middle school(?:er)?)\b", re.I)
# other senses of the words above; a hit inside one of these is not counted
INNOCENT = re.compile(
    r"\b(?:cock(?:s|ed|ing)?\s+(?:his|her|their|its|my|your|one|an?|the)\s+\w+|cocked|"  # the verb: cock one's head, a gun
    r"erection\s+of|"  # a building's
    r"(?:heart|panic|asthma|anxiety)\s+attacks?|"
    r"stab(?:bed|bing|s)?\s+(?:at|of)\b|a\s+stab\b|stabs?\s+of|"  # a stab at it, a stab of guilt
    r"killing\s+time|kill(?:s|ed|ing)?\s+(?:the\s+)?(?:engine|lights?|time|motor|mood|conversation)|(?:is|was|are|were)\s+killing\s+me|"
    r"(?:battery|batteries|phone|engine|car|generator|conditioning|conditioner|lights?|lamp|fire|flames?|wind|breeze|"
    r"conversation|music|signal|laptop|radio|torch|candle|motor|bulb|line|laughter|smile|voice|noise|sound|storm|"
    r"party|trend|dream|hope|plant|plants|flowers?|garden|grass|day|afternoon|evening)\s+(?:had\s+)?(?:\w+\s+)?"
    r"(?:died|dies|dying|was\s+dead|is\s+dead|went\s+dead)|"
    r"(?:go|goes|gone|went|going|take|took|taken|taking)\s+(?:it\s+)?to\s+(?:his|her|my|their|your|our)\s+graves?|"
    r"(?:would|could|might|nearly|almost)\s+(?:have\s+)?died|died\s+(?:laughing|of\s+(?:embarrassment|shame|boredom))|"
    r"dying\s+(?:to|for)\b|dying\s+of\s+(?:curiosity|boredom|embarrassment|thirst|laughter)|"
    r"bloody\s+(?:hell|well|good|idiot|fool|mess)|"
    r"grave\s+(?:face|voice|tone|look|expression|mistake|danger|doubts?|concern)|"
    r"wound\s+(?:up|down|round|around|the|his|her|its|their)|"
    r"(?:crime|murder)\s+(?:novel|mystery|mysteries|show|podcast|book|story|stories))",
    re.I)
# a negation before a death word: "It wasn't as if Bastien had died", "nobody died"
_NEGATED = re.compile(r"(?:\b(?:not|never|no\s+one|nobody|none)\b|n['’]t)(?:\W+\w+){0,6}\W*$", re.I)
GRIEF = re.compile(r"\b(?:grie\w*|mourn\w*|sob\w*|tears?|cried|crying|weep\w*|wept|loss|lost him|lost her|funeral|"
                   r"heartbr\w*|missed him|missed her)\b", re.I)
COMFORT = re.compile(r"\b(?:comfort\w*|held (?:him|her) close|hugg?\w*|soothe\w*|it's okay|it's alright|"
                     r"bandag\w*|tend\w* (?:to )?(?:his|her) wounds?|took care of)\b", re.I)
# romance where two people are together: words of love and courtship (weight 1) and tender gestures
# that friends make too, but lovers more (weight 0.5)
AFFECT = re.compile(r"\b(?:kiss\w*|in\s+love|love\s+you|lover|loved\s+(?:him|her|them)|darling|sweetheart|"
                    r"(?:a|on\s+a|our|first|second|third)\s+date|dating|girlfriend|boyfriend|wife|husband|married|"
                    r"blush\w*|heart\s+(?:raced|races|fluttered|flutters|pounded|pounds|skipped|skips|stuttered|lurched|hammered)|"
                    r"crush\s+on|butterflies)\b", re.I)
TENDER = re.compile(r"\b(?:(?:took|takes|take|taking|found|finds|held|holds|hold|holding|reached\s+for|reaches\s+for|squeezed|"
                    r"squeezes|laced|laces)\s+(?:her|his|my|their|\w+['’]s)\s+hands?|hand\s+in\s+(?:his|hers|mine|theirs)|"
                    r"lips|embrace\w*|forehead\s+(?:to|against)|leaned\s+into|leans\s+into|the\s+(?:summer|day|night)\s+they\s+met)\b",
                    re.I)
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


@dataclass
class Prose:
    """The story proper prepared once for many lexicon scans: its spans, sentences (the layer), quotes, and a
    lower-cased copy of the text (case-sensitive patterns over it are three times faster than
    re.I; left empty where a flagless scan of it could differ: :func:`fabula.text.fold.folded`)."""

    text: str
    folded: str
    spans: list[tuple[int, int]]
    sents: list[tuple[int, int]]
    quotes: SpanIndex
    innocent: SpanIndex
    #: each pattern's matches, (start, end, text), once: DEATH is read twice (all of it, and its narration)
    found: dict[re.Pattern[str], list[tuple[int, int, str]]] = field(default_factory=dict)

    @classmethod
    def of(cls, story: Story) -> Prose:
        spans = story_proper(story)
        low = folded(story.text)
        text, innocent = (low, flagless(INNOCENT)) if low else (story.text, INNOCENT)
        benign = [(m.start(), m.end()) for s, e in spans for m in innocent.finditer(text, s, e)]
        return cls(story.text, low, spans, story.sentences, SpanIndex([(q.start, q.end) for q in story.quotes]),
                   SpanIndex(benign))

    def hits(self, pattern: re.Pattern[str], narration_only: bool = False, negatable: bool = False) -> list[Hit]:
        """Sentences of the story proper with a match (one hit per sentence), leaving out matches
        inside an innocent sense (:data:`INNOCENT`) and, where ``negatable``, matches a negation
        comes just before in their sentence ("It wasn't as if Bastien had died").

        The pattern runs once over each span of the story proper and its matches are placed in
        sentences by bisection: a dozen lexicons over a novel take a fraction of a second."""
        text = self.text
        if pattern.flags & re.I and self.folded:
            text, pattern = self.folded, flagless(pattern)
        sents = self.sents
        s_starts = [s for s, _e in sents]
        if (found := self.found.get(pattern)) is None:
            found = self.found[pattern] = [(m.start(), m.end(), m.group(0)) for span_start, span_end in self.spans
                                           for m in pattern.finditer(text, span_start, span_end)]
        out: list[Hit] = []
        last = -1
        for start, end, word in found:
            if narration_only and self.quotes.contains(start):
                continue
            i = bisect.bisect_right(s_starts, start) - 1
            if i < 0 or i == last or start >= sents[i][1]:
                continue
            if self.innocent.overlaps(start, end):
                continue
            if negatable and _NEGATED.search(self.text, sents[i][0], start):
                continue
            last = i
            out.append(Hit(sents[i][0], sents[i][1], word))
        return out
