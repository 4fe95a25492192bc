"""Where a speech tag or an action beat stands around a quote, and what its subject is.

The patterns are built per story, from the cast's names and the epithet heads, so a tag's
subject is a known name, a pronoun, or a noun phrase ("said the old landlady", "cried her
mother", "the man with the grey scarf said"). Finding a tag is separate from deciding whom it
means: :mod:`fabula.characters.attribution.sieves` resolves the subject.
"""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

from fabula.characters.names import PICKED_OUT_BY, RELATIONS
from fabula.text.verbs import CONTINUE, SPEECH_GERUNDS, SPEECH_VERBS

#: a self-introduction: "I'm Sela.", "My name is Sela", or a bare name answering a question
INTRO = re.compile(r"^[\"“'‘]\s*(?P<phrase>(?:I['’]m|I\s+am|[Mm]y\s+name['’]?s|[Mm]y\s+name\s+is|[Nn]ame['’]s|[Cc]all\s+me)\s+)?"
                   r"(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)\s*[,.!]?\s*[\"”'’]?$")
#: a speaker naming themself anywhere in a line: "I'm Kiko", "my name is Kiko", "everyone calls me
#: Kiko", "don't call me Kiko" (the name must be the cast's; "I'm Kiko's sister" names someone else)
SELF_NAMING = re.compile(r"\b(?:I['’]m|I\s+am|[Mm]y\s+name['’]?s|[Mm]y\s+name\s+is|[Cc]all(?:s|ed)?\s+me)\s+"
                         r"(?P<name>[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)(?![\w'’-])")
NAME_QUESTION = re.compile(r"\b(?:your\s+name|who\s+are\s+you|what\s+(?:are\s+you|do\s+they|shall\s+I)\s+call(?:ed)?\s+you)\b", re.I)

#: where a sentence ends: a stop, then space — but not the stop of "Mrs." or of an initial
_SENTENCE_END = re.compile(r"(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bRev)(?<!\bProf)(?<!\b[A-Z])"
                           r"[.!?][\"”’]?\s+|\n\s*\n")
#: a word that opens a clause just before a subject: "… and Odile", "…, when Tomas"
_OPENS_CLAUSE = re.compile(r"\b(?:and|but|when|while|then|as|so|until|till|where|after|before)$", re.I)
#: what follows a clause's subject: an aside (a comma) or a verb-like word, not "and", "of", "who"…
_VERB_LIKE = re.compile(r"\s*,|\s+(?:\w+ly\s+)?(?!(?:and|or|of|to|in|at|with|who|which|whom|whose|for|from|on|by)\b)[a-z]+")

#: an adverb or a preposition after a speech verb's subject ends the noun phrase: "said the verger, with …"
_PHRASE_STOP = (r"in|with|to|at|as|and|who|whom|whose|which|that|from|for|of|on|by|but|after|again|aloud|"
                r"once|now|then|still|too|very|[a-z]+ly")
#: a manner, not what picks the person out: "in the same tone", "with the greatest care"
_MANNER = (r"same|tone|voice|manner|way|air|utmost|greatest|most|least|meantime|end|hope|idea|"
           r"intention|view|help|aid|exception|act|course|midst|face|hand|hands|eyes")


def sentence_start(s: str) -> int:
    """Where the last sentence of ``s`` begins ("Mrs. Quennell nodded and said," is one sentence)."""
    start = 0
    for m in _SENTENCE_END.finditer(s):
        if m.end() < len(s):
            start = m.end()
    return start


def goes_on_from(after: str, closing: str | None) -> bool:
    """Do the words after a quote go on from it (a tag) rather than start a sentence of their own?
    Lower case goes on; a capital after a quote closed by a stop (or an unknown close) starts anew."""
    m = _FIRST_LETTER.match(after)
    return m is not None and (m.group(1).islower() or closing not in (None, "."))


_FIRST_LETTER = re.compile(r"[\s,;:—–-]*([^\W\d_])")


def ends_with_quote(tail: str) -> bool:
    """A paragraph's tail ends with a closing quote mark (a colon after it aside)."""
    return tail.rstrip(":").rstrip().endswith(('"', "”", "'", "’"))


class Tag(NamedTuple):
    """A tag or a beat found next to a quote."""

    subject: str  # the words of its subject: "Yusra", "she", "the old landlady"
    kind: Literal["tag", "beat"]
    pos: int  # where the subject stands in the text
    told: str | None  # whom a tag says the line is spoken to ("said she to Clara"), as written
    goes_on: bool = False  # its verb says the one speaking goes on: "continued the bosun", "she added"


class TagPatterns:
    """The tag and beat patterns of one story (its names and epithet heads built in)."""

    def __init__(self, name_rx: re.Pattern[str] | None, heads: dict[str, str | None]) -> None:
        head_rx = "|".join(sorted((re.escape(h) for h in heads), key=len, reverse=True))
        names = name_rx.pattern if name_rx is not None else r"(?!x)x"
        subj = rf"(?P<subj>{names}|\b(?i:he|she|I|they|we)\b|\b[Tt]he\s+(?:[a-z-]+\s+){{0,2}}?(?:{head_rx})\b)"
        # next to a speech verb any noun phrase speaks: "said the verger", "the old landlady
        # replied", "cried her mother" (an adverb or a preposition after it ends the phrase)
        stop = _PHRASE_STOP
        # what picks the person out, "in the yellow hat", "with the grey scarf" — not a
        # manner, "in the same tone", "with the greatest care" (nor "with a smile": "the" only)
        picked_out = (rf"(?:{PICKED_OUT_BY}(?:(?!(?:{_MANNER}|{stop})\b)[a-z-]+\s+){{0,2}}?"
                      rf"(?!(?:{_MANNER}|{stop})\b)[a-z-]{{3,}})?")
        open_epithet = (rf"\b(?:(?:[Tt]he|an?)\s+(?:(?!(?:{stop})\b)[a-z-]+\s+){{0,2}}?(?!(?:{stop})\b)[a-z-]{{3,}}{picked_out}"
                        rf"|(?:[Hh]er|[Hh]is|[Tt]heir|[Mm]y|[Oo]ur)\s+(?:[a-z-]+\s+)?(?:{RELATIONS}))"
                        rf"(?=\s*[,.;:!?—–\"”]|\s*$|\s+(?:{stop})\b)")
        subj_open = rf"(?P<subj>(?:(?:poor|little|dear|old|young)\s+)?(?:{names})|\b(?i:he|she|I|they|we)\b|{open_epithet})"
        # ... and before it, where the verb itself ends the noun phrase: "the lock-keeper said"
        pre_epithet = (rf"\b(?:[Tt]he|[Aa]n?)\s+(?:(?!(?:{stop})\b)[a-z-]+\s+){{0,2}}?(?!(?:{stop})\b)[a-z-]{{3,}}{picked_out}"
                       rf"|\b(?:[Hh]er|[Hh]is|[Tt]heir|[Mm]y|[Oo]ur)\s+(?:[a-z-]+\s+)?(?:{RELATIONS})\b")
        subj_pre = rf"(?P<subj>(?:(?:poor|little|dear|old|young)\s+)?(?:{names})|\b(?i:he|she|I|they|we)\b|{pre_epithet})"
        verbs = rf"(?:{SPEECH_VERBS})"
        #: "…," said Yusra / said the verger
        self.after_tag = re.compile(rf"^[\s,.!?;:—–-]*(?P<verb>{verbs})\s+{subj_open}")
        #: inversion with any past-tense verb: "interposed Mrs. Quennell", "persisted the Margravine"
        self.after_inverted = re.compile(rf"^[\s,.!?;:—–-]*(?P<verb>[a-z]{{3,}}ed)\s+{subj_open}")
        #: a speech announced at the end of the paragraph before: "Odile turned to him and said:"
        #: (the first subject with a verb in that sentence: "…, Odile bent towards Tomas and said:" is Odile)
        self.intro_subject = re.compile(rf"{subj}\s+(?:\w+ly\s+)?[a-z]+")
        #: a sentence that ends by announcing speech: "Mr. Quennell felt their rudeness and said,"
        self.clause_end = re.compile(rf"\b(?:{verbs}|{SPEECH_GERUNDS})\b[^\"“”.!?]{{0,50}}[,:—–-]*\s*$")
        self.subject_any = re.compile(subj)
        #: "…" was her reply / was the answer
        self.reply_tag = re.compile(r"^[\s,.!?;:—–-]*was\s+(?P<subj>his|her)\s+(?:[a-z]+\s+){0,2}?"
                                    r"(?:reply|answer|rejoinder|response|retort)\b")
        #: "…," Yusra said / the old landlady replied
        self.after_tag2 = re.compile(rf"^[\s,.!?;:—–-]*{subj}\s+(?:\w+ly\s+){{0,2}}(?:had\s+|has\s+)?(?P<verb>{verbs})\b")
        #: "…," the lock-keeper said — any noun phrase, where the words go on from the quote (not
        #: "…torture me." The sound continued…, a sentence of its own)
        self.after_tag_open = re.compile(rf"^[\s,.!?;:—–-]*{subj_pre}\s+(?:\w+ly\s+){{0,2}}(?:had\s+|has\s+)?(?P<verb>{verbs})\b")
        #: "…" Yusra glared.
        self.after_beat = re.compile(rf"^[\s,.!?;:—–-]*{subj}['’]?s?\s+(?:\w+ly\s+)?[a-z]+")
        #: Yusra said, "…"
        self.before_tag = re.compile(rf"{subj_pre}\s+(?:\w+ly\s+){{0,2}}(?:had\s+)?(?P<verb>{verbs})\b[^\"“”.!?]{{0,60}}[,:]?\s*$")
        #: "Yusra: …" and "Yusra, from the dock: …"
        self.colon_tag = re.compile(rf"(?:^|\n)\s*{subj}(?:,[^\"“”.!?:]{{1,40}})?\s*:\s*$")
        #: a beat opening the paragraph: "Yusra glared at him. 'Go.'"
        self.beat_start = re.compile(rf"^\s*[*_]*{subj}['’]?s?\s+(?:\w+ly\s+)?[a-z]+")
        #: a verb saying the one speaking goes on
        self.goes_on = re.compile(rf"(?:{CONTINUE})", re.I)
        #: whom a tag says the line is spoken to: "said she to Clara", "he whispered to Yusra"
        self.told = re.compile(rf"\s*,?\s*(?:\w+ly\s+)?(?:to|at)\s+(?P<to>{names})\b")

    def tag_after(self, after: str, closing: str | None = None) -> re.Match[str] | None:
        """A speech tag right after a quote: "…," said Yusra / Yusra said / interposed the landlady /
        the lock-keeper said. ``closing`` is the quote's last character inside its marks, when known."""
        return (self.after_tag.match(after) or self.after_tag2.match(after) or self.after_inverted.match(after)
                or (self.after_tag_open.match(after) if goes_on_from(after, closing) else None))

    def around(self, text: str, q_start: int, q_end: int, seg_start: int, seg_end: int, first: bool) -> Tag | None:
        """The tag or beat of the quote at ``q_start``–``q_end``, looked for between its neighbours.

        In order: a tag after the quote ("said Yusra", "Yusra said", "interposed the landlady"), a
        tag before it ("Yusra said, …", "Yusra: …"), a beat after it ("Yusra glared."), "was her
        reply", and for a paragraph's first quote a sentence before it that announces speech.
        """
        after, before = text[q_end:seg_end], text[seg_start:q_start]
        if m := self.tag_after(after, text[q_end - 2] if q_end - 2 > q_start else None):
            return self._tag(m, after, q_end, "tag")
        tries: tuple[tuple[re.Pattern[str], bool, Literal["tag", "beat"]], ...] = (
            (self.before_tag, False, "tag"), (self.colon_tag, False, "tag"), (self.after_beat, True, "beat"))
        for rx, on_after, kind in tries:
            if m := (rx.match(after) if on_after else rx.search(before)):
                return self._tag(m, *((after, q_end) if on_after else (before, seg_start)), kind)
        if m := self.reply_tag.match(after):
            return Tag("he" if m.group("subj") == "his" else "she", "tag", q_end + m.start("subj"), None)
        if first and before.strip() and (m := self.clause_subject(before)):
            return Tag(m.group("subj"), "tag", seg_start + m.start("subj"), None)
        return None

    def _tag(self, m: re.Match[str], where: str, base: int, kind: Literal["tag", "beat"]) -> Tag:
        """The :class:`Tag` a match of one of the patterns found in ``where`` (at ``base``)."""
        told = self.told.match(where, m.end("subj")) if kind == "tag" else None
        verb: str | None = m.groupdict().get("verb")
        return Tag(m.group("subj"), kind, base + m.start("subj"), told.group("to") if told else None,
                   verb is not None and self.goes_on.fullmatch(verb) is not None)

    def clause_subject(self, s: str) -> re.Match[str] | None:
        """The subject of a last sentence that announces speech ("…, and Odile, turning, said:").

        The subject is the last name, pronoun or epithet before the verb that opens a clause
        (at the sentence's start, after a comma or a conjunction) and is followed by a verb-like
        word or an aside — "Odile looked at Clara and said" is Odile's, not Clara's.
        """
        end = self.clause_end.search(s)
        if end is None:
            return None
        head = s[:end.start()]
        start = sentence_start(head)
        best = None
        for m in self.subject_any.finditer(head, start):
            before = head[start:m.start()].rstrip()
            opens = not before or before.endswith((",", ";", "—")) or _OPENS_CLAUSE.search(before) is not None
            if opens and _VERB_LIKE.match(head[m.end():m.end() + 30]):
                best = m
        return best

    def last_subject(self, s: str) -> re.Match[str] | None:
        """The last name, pronoun or epithet in ``s`` that opens a clause (at a sentence's start,
        after a comma or a conjunction) and is followed by a verb-like word: who acts last in a
        paragraph of narration ("She saw that he was cold." is hers, not his)."""
        best = None
        for m in self.subject_any.finditer(s):
            before = s[max(0, m.start() - 40):m.start()].rstrip()
            opens = (not before or before.endswith((",", ";", "—", ".", "!", "?", ":", '"', "”", "’"))
                     or _OPENS_CLAUSE.search(before) is not None)
            if opens and _VERB_LIKE.match(s, m.end(), m.end() + 30):
                best = m
        return best

    def announced(self, tail: str) -> re.Match[str] | None:
        """The subject of a paragraph that ends by announcing the next one's speech.

        "… Odile bent towards him and said:" (a colon: the first subject with a verb in that
        sentence, else the clause's) or "… and Tomas, who had not slept, finally answered," (a
        comma or a dash: the clause's subject); not when the paragraph ends with a quote.
        """
        if ends_with_quote(tail):
            return None
        if tail.endswith(":"):
            return self.intro_subject.search(tail, sentence_start(tail)) or self.clause_subject(tail)
        if tail.endswith((",", "—", "-")):
            return self.clause_subject(tail)
        return None
