"""Who says each line: explicit tags, pronoun and epithet tags, and turn-taking.

Sieves in order of precision, as in Muzny et al. (2017) and BookNLP:
1. a tag naming the speaker next to the quote ("said Wren", "Wren said", "Wren: …");
2. a tag with a pronoun or an epithet ("she whispered", "the girl asked"), resolved to the
   nearest compatible character — in the paragraph first, then one who is not the last
   speaker when a new paragraph (a new turn) begins;
3. an action beat: the paragraph's narration opens or follows the quote with a character as
   its subject ("Wren glared. 'Go.'");
4. untagged lines: quotes in one paragraph share a speaker; alternation in a two-person run;
   the one addressed by the previous line (vocatives); else the nearest character mentioned.
Each attribution carries its sieve and a confidence.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from fabula.characters.names import PICKED_OUT_BY, RELATIONS, epithet_core, name_key, noun_gender, parse_name
from fabula.characters.ranker import Evidence, choose, load_weights
from fabula.dialogue.verbs import SPEECH_GERUNDS, SPEECH_VERBS
from fabula.model import Block, Quote
from fabula.segment.spans import SpanIndex

#: a self-introduction: "I'm Sela.", "My name is Sela", or a bare name answering a question
INTRO = re.compile(r"^[\"“'‘]\s*(?P<phrase>(?:I['’]m|I\s+am|[Mm]y\s+name['’]?s|[Mm]y\s+name\s+is|[Nn]ame['’]s|[Cc]all\s+me)\s+)?"
                    r"(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)\s*[,.!]?\s*[\"”'’]?$")
NAME_QUESTION = re.compile(r"\b(?:your\s+name|who\s+are\s+you|what\s+(?:are\s+you|do\s+they|shall\s+I)\s+call(?:ed)?\s+you)\b", re.I)


_CLAUSE_OPEN = re.compile(r"(?:^|[.!?][\"”’]?\s+|\n\s*|[,;]\s+|\b(?:and|but|when|while|then|as|so)\s+)$")
_VERB_NEXT = re.compile(r"\s+(?:\w+ly\s+)?(?!(?:and|or|of|to|in|at|with|who|which|for|from|on|by|had|was)\b)[a-z]+")

#: a relation that names a parent or spouse by title and the family surname
KIN_TITLE = {"mother": "mrs", "mamma": "mrs", "mama": "mrs", "wife": "mrs",
             "father": "mr", "papa": "mr", "husband": "mr"}

_KIN_MENTION = re.compile(r"\b([Hh]er|[Hh]is)\s+(?:own\s+)?(" + "|".join(KIN_TITLE) + r")\b")

#: characters of quoted speech that make a telling rather than a turn in an exchange
LONG_SPEECH = 300

PRONOUNS = {"he": "he", "she": "she", "i": "i", "they": "they", "we": "we"}


#: where a sentence ends: a stop, then space — but not the stop of "Mrs." or of an initial
_SENTENCE_END = re.compile(r"(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bRev)(?<!\bProf)(?<!\b[A-Z])"
                           r"[.!?][\"”’]?\s+|\n\s*\n")


def sentence_start(s: str) -> int:
    """Where the last sentence of ``s`` begins ("Mrs. Vane nodded and said," is one sentence)."""
    start = 0
    for m in _SENTENCE_END.finditer(s):
        if m.end() < len(s):
            start = m.end()
    return start


@dataclass
class Ref:
    kind: str  # name, pronoun, epithet
    text: str
    cid: int | None
    gender: str | None


class Resolver:
    def __init__(self, text: str, name_rx: re.Pattern[str] | None, name_index: dict[str, int], genders: list[str],
                 narration_mentions: list[tuple[int, int]], heads: dict[str, str | None],
                 narrator: int | None = None,
                 turns: dict[str, tuple[Counter[int], Counter[int]]] | None = None) -> None:
        self.narrator = narrator
        # per tag epithet: whom the exchanges put two turns from it (the same person) and one
        # turn from it (the other one)
        self.turns = turns or {}
        self.text = text
        self.name_rx = name_rx
        self.index = name_index
        self.genders = genders
        self.mentions = narration_mentions  # (pos, cluster) in text order
        self.mention_pos = [p for p, _ in narration_mentions]
        head_rx = "|".join(sorted((re.escape(h) for h in heads), key=len, reverse=True))
        self.heads = heads
        names = name_rx.pattern if name_rx is not None else r"(?!x)x"
        subj = rf"(?P<subj>{names}|\b(?i:he|she|I|they|we)\b|\b[Tt]he\s+(?:[a-z-]+\s+){{0,2}}?(?:{head_rx})\b)"
        # next to a speech verb any noun phrase speaks: "said the beadle", "the old matron
        # replied", "cried her mother" (an adverb or a preposition after it ends the phrase)
        stop = (r"in|with|to|at|as|and|who|whom|whose|which|that|from|for|of|on|by|but|after|again|aloud|"
                r"once|now|then|still|too|very|[a-z]+ly")
        # what picks the person out, "in the green coat", "with the grey scarf" — not a
        # manner, "in the same tone", "with the utmost calm" (nor "with a smile": "the" only)
        manner = (r"same|tone|voice|manner|way|air|utmost|greatest|most|least|meantime|end|hope|idea|"
                  r"intention|view|help|aid|exception|act|course|midst|face|hand|hands|eyes")
        picked_out = (rf"(?:{PICKED_OUT_BY}(?:(?!(?:{manner}|{stop})\b)[a-z-]+\s+){{0,2}}?"
                      rf"(?!(?:{manner}|{stop})\b)[a-z-]{{3,}})?")
        open_epithet = (rf"\b(?:(?:[Tt]he|an?)\s+(?:(?!(?:{stop})\b)[a-z-]+\s+){{0,2}}?(?!(?:{stop})\b)[a-z-]{{3,}}{picked_out}"
                        rf"|(?:[Hh]er|[Hh]is|[Tt]heir)\s+(?:[a-z-]+\s+)?(?:{RELATIONS}))"
                        rf"(?=\s*[,.;:!?—–\"”]|\s*$|\s+(?:{stop})\b)")
        subj_open = rf"(?P<subj>(?:(?:poor|little|dear|old|young)\s+)?(?:{names})|\b(?i:he|she|I|they|we)\b|{open_epithet})"
        verbs = rf"(?:{SPEECH_VERBS})"
        self.after_tag = re.compile(rf"^[\s,.!?;:—–-]*(?:{verbs})\s+{subj_open}")
        # inversion with any past-tense verb: "interposed Mrs. Vane", "persisted the King"
        self.after_inverted = re.compile(rf"^[\s,.!?;:—–-]*[a-z]{{3,}}ed\s+{subj_open}")
        # a speech announced at the end of the paragraph before: "Rosa turned to him and said:"
        # (the first subject with a verb in that sentence: "…, Rosa bent towards Tomas and said:" is Rosa)
        self.intro_subject = re.compile(rf"{subj}\s+(?:\w+ly\s+)?[a-z]+")
        # a sentence that ends by announcing speech: "Mr. Vane felt their rudeness and said,"
        self.clause_end = re.compile(rf"\b(?:{verbs}|{SPEECH_GERUNDS})\b[^\"“”.!?]{{0,50}}[,:—–-]*\s*$")
        self.subject_any = re.compile(subj)
        # "…" was her reply / was the answer
        self.reply_tag = re.compile(r"^[\s,.!?;:—–-]*was\s+(?P<subj>his|her)\s+(?:[a-z]+\s+){0,2}?"
                                    r"(?:reply|answer|rejoinder|response|retort)\b")
        self.after_tag2 = re.compile(rf"^[\s,.!?;:—–-]*{subj_open}\s+(?:\w+ly\s+){{0,2}}(?:had\s+|has\s+)?{verbs}\b")
        self.after_beat = re.compile(rf"^[\s,.!?;:—–-]*{subj}['’]?s?\s+(?:\w+ly\s+)?[a-z]+")
        self.before_tag = re.compile(rf"{subj}\s+(?:\w+ly\s+){{0,2}}(?:had\s+)?{verbs}\b[^\"“”.!?]{{0,60}}[,:]?\s*$")
        # "Wren: …" and "Wren, from the dock: …"
        self.colon_tag = re.compile(rf"(?:^|\n)\s*{subj}(?:,[^\"“”.!?:]{{1,40}})?\s*:\s*$")
        self.beat_start = re.compile(rf"^\s*[*_]*{subj}['’]?s?\s+(?:\w+ly\s+)?[a-z]+")
        # whom a tag says the line is spoken to: "said she to Clara", "he whispered to Wren"
        self.told = re.compile(rf"\s*,?\s*(?:\w+ly\s+)?(?:to|at)\s+(?P<to>{names})\b")
        self.epithet_memory: dict[str, int] = {}
        self.profiles: dict[str, dict[int, float]] = {}
        # who bears each title ("Captain Dell", "Dr. Orsay"): "the captain" is its only bearer;
        # and surnames, for "said her mother" (Mrs. + her surname) and "cried his wife"
        bearers: dict[str, set[int]] = {}
        self.surnames: dict[int, set[str]] = {}
        titled: dict[tuple[str, str], set[int]] = {}
        for n, ci in name_index.items():
            p = parse_name(n)
            if p.title and p.title != "the":
                bearers.setdefault({"dr": "doctor", "prof": "professor", "rev": "reverend"}.get(p.title, p.title),
                                   set()).add(ci)
            if p.last and p.title != "the" and (p.first or p.title):
                self.surnames.setdefault(ci, set()).add(p.last)
                if p.title in ("mr", "mrs") and not p.first:
                    titled.setdefault((p.title, p.last), set()).add(ci)
        self.title_bearer = {t: next(iter(cs)) for t, cs in bearers.items() if len(cs) == 1}
        self.titled = {k: next(iter(cs)) for k, cs in titled.items() if len(cs) == 1}
        self._shares: dict[str, dict[int, float]] = {}
        self._lower: str | None = None

    def ref(self, s: str) -> Ref:
        s = re.sub(r"^(?:poor|little|dear|old|young)\s+(?=[A-Z])", "", s)  # "said poor Wren"
        low = " ".join(s.lower().split())
        if low in PRONOUNS:
            return Ref("pronoun", low, None, PRONOUNS[low])
        key = name_key(s)
        if key in self.index:
            return Ref("name", key, self.index[key], None)
        if re.match(r"(?:her|his|their)\s", low):
            return Ref("relation", low, None, noun_gender(low))
        head = epithet_core(re.sub(r"^[Tt]he\s+", "", low))
        gender, longest = None, -1
        for h, g in self.heads.items():
            # whole words, the longest head: "the woman" is not "the wo|man"
            if (head == h or head.endswith(" " + h)) and len(h) > longest:
                gender, longest = g, len(h)
        return Ref("epithet", low, None, gender or noun_gender(head))

    def profile(self, r: Ref) -> dict[int, float]:
        """Whom an epithet stands for across the story, as a lift: how much more often than
        chance each character is the nearest earlier name (of its gender) to the epithet's uses.

        Writers call one person "the beadle" or "the doctor" again and again, and those uses
        sit near that person's name; the hero is named near everything, so raw shares would
        give every epithet to the hero, and the lift divides that out. A generic epithet
        ("the man") is near many people and so decides nothing.
        """
        if r.text in self.profiles:
            return self.profiles[r.text]
        if r.text.startswith(("a ", "an ")):
            self.profiles[r.text] = {}  # "a young man" brings someone new: no one's standing epithet
            return {}
        votes: dict[int, int] = {}
        n = 0
        for start in self.uses_of(r.text):
            n += 1
            near = self.candidates(start, r.gender, lo=start - 1500, limit=1)
            if near:
                votes[near[0]] = votes.get(near[0], 0) + 1
        out: dict[int, float] = {}
        if n >= 3:
            share = self.mention_share(r.gender)
            for c, k in votes.items():
                # how far above chance (a binomial z-score): a lift alone would crown a minor
                # character named twice beside a common epithet
                base = min(max(share.get(c, 0.0), 0.002), 0.98)
                z = (k - n * base) / math.sqrt(n * base * (1 - base))
                if k >= 3 and z > 0:
                    out[c] = z
        self.profiles[r.text] = out
        return out

    def uses_of(self, phrase: str) -> list[int]:
        """Where a lower-case phrase occurs as whole words, any case, any spacing between words.

        Searched in a lower-cased copy without the case-blind flag, so the regex engine can scan
        for its literal start: sixteen times faster, which tells on a novel with a hundred
        epithets. (A text whose length lower-casing changes is searched the slow way.)
        """
        body = re.escape(phrase).replace(r"\ ", r"\s+") + r"\b"
        if self._lower is None:
            self._lower = self.text.lower()
        low = self._lower
        if len(low) != len(self.text):
            return [m.start() for m in re.finditer(r"\b" + body, self.text, re.I)]
        return [m.start() for m in re.finditer(body, low)
                if m.start() == 0 or not (low[m.start() - 1].isalnum() or low[m.start() - 1] == "_")]

    def mention_share(self, gender: str | None) -> dict[int, float]:
        """Each character's share of the narration's name mentions, among those of ``gender``."""
        key = gender or ""
        if key not in self._shares:
            counts: dict[int, int] = {}
            for _, c in self.mentions:
                if gender in (None, "they", "i", "we") or self.genders[c] in (gender, "unknown"):
                    counts[c] = counts.get(c, 0) + 1
            total = max(sum(counts.values()), 1)
            self._shares[key] = {c: k / total for c, k in counts.items()}
        return self._shares[key]

    def subject_before(self, pos: int, gender: str) -> int | None:
        """The latest character of ``gender`` named as a clause's subject before ``pos``.

        "He" in a tag most often continues the last man the narration made the subject of a
        sentence, not the last man it mentioned ("Wren gave the letter to Tomas. 'Go,' he said"
        is still Wren's only if Wren is a man; "Tomas took it. 'Fine,' he said" is Tomas's).
        """
        if self.name_rx is None:
            return None
        i = bisect.bisect_left(self.mention_pos, pos) - 1
        while i >= 0 and pos - self.mention_pos[i] < 4000:
            start, cid = self.mentions[i]
            i -= 1
            if self.genders[cid] != gender:
                continue
            m = self.name_rx.match(self.text, start)
            end = m.end() if m else start
            if _CLAUSE_OPEN.search(self.text, max(0, start - 30), start) and _VERB_NEXT.match(self.text, end):
                return cid
        return None

    def candidates(self, pos: int, gender: str | None, lo: int = 0, limit: int = 12) -> list[int]:
        out: list[int] = []
        i = bisect.bisect_left(self.mention_pos, pos) - 1
        while i >= 0 and len(out) < limit and self.mention_pos[i] >= lo and pos - self.mention_pos[i] < 6000:
            cid = self.mentions[i][1]
            g = self.genders[cid]
            if (gender in (None, "they", "i", "we") or g in (gender, "unknown")) and cid not in out:
                out.append(cid)
            i -= 1
        return out

    def tag_after(self, after: str) -> re.Match[str] | None:
        """A speech tag right after a quote: "…," said Wren / Wren said / interposed the matron."""
        return self.after_tag.match(after) or self.after_tag2.match(after) or self.after_inverted.match(after)

    def clause_subject(self, s: str) -> re.Match[str] | None:
        """The subject of a last sentence that announces speech ("…, and Rosa, turning, said:").

        The subject is the last name, pronoun or epithet before the verb that opens a clause
        (at the sentence's start, after a comma or a conjunction) and is followed by a verb-like
        word or an aside — "Rosa looked at Clara and said" is Rosa's, not Clara's.
        """
        end = self.clause_end.search(s)
        if end is None:
            return None
        head = s[:end.start()]
        start = sentence_start(head)
        best = None
        for m in self.subject_any.finditer(head, start):
            before = head[start:m.start()].rstrip()
            after = head[m.end():m.end() + 30]
            opens = (not before or before.endswith((",", ";", "—")) or re.search(
                r"\b(?:and|but|when|while|then|as|so|until|till|where|after|before)$", before, re.I) is not None)
            verb_like = re.match(r"\s*,|\s+(?:\w+ly\s+)?(?!(?:and|or|of|to|in|at|with|who|which|whom|whose|for|from|on|by)\b)[a-z]+", after)
            if opens and verb_like:
                best = m
        return best

    @staticmethod
    def ends_with_quote(tail: str) -> bool:
        return tail.rstrip(":").rstrip().endswith(('"', "”", "'", "’"))

    def mentions_around(self, ev: Evidence, para_start: int, first_quote: int, para_end: int) -> None:
        """Fill the paragraph's mention evidence: named before/after its first quote, recent mentions."""
        lo = bisect.bisect_left(self.mention_pos, para_start)
        hi = bisect.bisect_left(self.mention_pos, para_end)
        for i in range(lo, hi):
            pos, cid = self.mentions[i]
            (ev.in_before if pos < first_quote else ev.in_after).add(cid)
        i = lo - 1
        while i >= 0 and len(ev.recent) < 8 and para_start - self.mention_pos[i] < 8000:
            cid = self.mentions[i][1]
            if cid not in ev.recent:
                ev.recent.append(cid)
                ev.distance[cid] = para_start - self.mention_pos[i]
            i -= 1

    def kin(self, relation: str, owner_gender: str | None, owner: list[int], last_speaker: int | None) -> int | None:
        """"Her mother" is Mrs. + her surname, "his wife" Mrs. + his, "her father" Mr. + hers.

        The owner is the one just speaking (when the pronoun fits) or one of the nearest named
        of the pronoun's gender; a family shares a surname, and a parent or spouse is called by
        title and surname alone.
        """
        title = KIN_TITLE.get(relation)
        if title is None:
            return None
        owners = ([last_speaker] if last_speaker is not None and self.genders[last_speaker] == owner_gender else []) + owner
        for o in owners:
            for last in sorted(self.surnames.get(o, ())):
                who = self.titled.get((title, last))
                if who is not None and who != o:
                    return who
        return None

    def add_kin_mentions(self, spans: list[tuple[int, int]], quotes: list[tuple[int, int]]) -> int:
        """Narration's "her mother", "his wife" as mentions of the parent or spouse they name.

        A reader takes "Her mother only scolded her." as Mrs. Vane's mention as surely as her
        name: the line that follows is hers. The owner is the nearest person of the pronoun's
        gender named before; ``kin`` finds the Mrs. or Mr. of their family. Returns how many.
        """
        inside = SpanIndex(quotes)
        added: list[tuple[int, int]] = []
        for s, e in spans:
            for m in _KIN_MENTION.finditer(self.text, s, e):
                if inside.overlaps(m.start(), m.end()):
                    continue
                gender = "she" if m.group(1).lower() == "her" else "he"
                # the nearest people of that gender, nearest first: the first whose family has
                # such a Mrs. or Mr. owns it
                owners = [c for c in self.candidates(m.start(), gender, limit=3) if self.genders[c] == gender]
                who = self.kin(m.group(2), gender, owners, None)
                if who is not None:
                    added.append((m.start(), who))
        if added:
            self.mentions = sorted(self.mentions + added)
            self.mention_pos = [p for p, _ in self.mentions]
        return len(added)

    def resolve(self, r: Ref, pos: int, para_start: int, last_speaker: int | None, new_turn: bool) -> tuple[int | None, float]:
        if r.kind == "name":
            return r.cid, 0.92
        if r.kind == "pronoun" and r.gender == "i" and self.narrator is not None:
            return self.narrator, 0.85
        if r.kind == "pronoun" and r.gender in ("i", "we", "they"):
            return None, 0.0
        if r.kind == "relation":
            # "said her mother": not the one "her" is, so not the nearest woman named
            owner_gender = "he" if r.text.startswith("his") else "she" if r.text.startswith("her") else None
            near_owners = self.candidates(pos, owner_gender, limit=6)
            if (kin := self.kin(r.text.split()[-1], owner_gender, near_owners, last_speaker)) is not None:
                return kin, 0.75
            owner = near_owners[:1]
            cands = [c for c in self.candidates(pos, r.gender) if c not in owner]
            return (cands[0], 0.5) if cands else (None, 0.0)
        if r.kind == "epithet" and (who := self.title_bearer.get(r.text.split()[-1])) is not None:
            return who, 0.85
        if r.kind == "epithet":
            prof = self.profile(r)
            near = self.candidates(pos, r.gender)
            if prof and near:
                best = max(near, key=lambda c: prof.get(c, 0.0))
                if prof.get(best, 0.0) >= 3.0:
                    return best, 0.7
        if r.kind == "epithet" and r.text in self.epithet_memory:
            return self.epithet_memory[r.text], 0.7
        inside = self.candidates(pos, r.gender, lo=para_start)
        if inside and r.kind == "pronoun":
            return inside[0], 0.8
        cands = self.candidates(pos, r.gender)
        if r.kind == "epithet":
            named_here = set(inside)
            cands = [c for c in cands if c not in named_here] or cands
        if not cands:
            return None, 0.0
        if new_turn and last_speaker is not None and cands[0] == last_speaker and len(cands) > 1:
            choice = cands[1]
        else:
            choice = cands[0]
        if r.kind == "epithet":
            self.epithet_memory[r.text] = choice
        return choice, 0.7 if r.kind == "pronoun" else 0.6


def attribute(text: str, blocks: list[Block], quotes: list[Quote], res: Resolver,
              salience: list[float] | None = None, use_ranker: bool = True,
              collect: Callable[[Quote, Evidence], None] | None = None,
              weights: list[float] | None = None) -> None:
    """Set speaker, addressees, attribution and confidence on the dialogue quotes.

    The sieves gather the evidence for each dialogue paragraph and make a rule-based choice;
    with shipped ranker weights (and ``use_ranker``) the ranker makes the final choice.
    ``collect`` receives each paragraph's first quote and evidence (for training the ranker);
    ``weights`` overrides the shipped ones (for scoring a model on a novel it was not fitted on).
    """
    if weights is None and use_ranker:
        weights = load_weights()
    salience = salience or [0.0] * len(res.genders)
    starts = [b.start for b in blocks]
    by_block = dialogue_by_block(blocks, quotes)
    # a reader also looks ahead: an untagged line just before "…," said Wren is seldom Wren's,
    # and in a two-person exchange it is the speaker of the line after next. The rules' first
    # reading gives who speaks ahead; the second reading, with the ranker, uses it.
    first = _read_paragraphs(text, blocks, by_block, res, salience, None, None, {})
    if weights is not None or collect is not None:
        _read_paragraphs(text, blocks, by_block, res, salience, collect, weights, _lookahead(first))
    _attribute_thoughts(text, blocks, starts, [q for q in quotes if q.kind == "thought"], res)


def dialogue_by_block(blocks: list[Block], quotes: list[Quote]) -> dict[int, list[Quote]]:
    """The dialogue quotes of each paragraph (block index → its quotes, in order)."""
    starts = [b.start for b in blocks]
    by_block: dict[int, list[Quote]] = {}
    for q in quotes:
        if q.kind == "dialogue":
            by_block.setdefault(bisect.bisect_right(starts, q.start) - 1, []).append(q)
    return by_block


def _attribute_thoughts(text: str, blocks: list[Block], starts: list[int], thoughts: list[Quote],
                        res: Resolver) -> None:
    """A quoted thought belongs to the one its tag names ("…," thought Wren; she wondered, "…?").

    Thoughts take no turn in a conversation, so only a tag decides; an untagged thought keeps
    no speaker rather than a guess.
    """
    for q in thoughts:
        bi = bisect.bisect_right(starts, q.start) - 1
        if bi < 0:
            continue
        b = blocks[bi]
        after, before = text[q.end:b.end], text[b.start:q.start]
        m = res.tag_after(after)
        pos = q.end
        if m is None:
            m = res.before_tag.search(before) or res.clause_subject(before)
            pos = b.start
        if m is None:
            continue
        r = res.ref(m.group("subj"))
        cid, conf = res.resolve(r, pos + m.start("subj"), b.start, None, False)
        if cid is not None:
            q.speaker = f"c{cid + 1}"
            q.attribution = "explicit" if r.kind == "name" else "anaphoric"
            q.confidence = conf


def _lookahead(first: dict[int, tuple[int | None, bool]]) -> dict[int, list[tuple[int | None, bool]]]:
    """For each dialogue paragraph: (speaker, tagged) of the next two, while the exchange runs on."""
    order = sorted(first)
    out: dict[int, list[tuple[int | None, bool]]] = {}
    for k, bi in enumerate(order):
        ahead: list[tuple[int | None, bool]] = []
        prev = bi
        for nb in order[k + 1:k + 3]:
            if nb - prev > 2:
                break
            ahead.append(first[nb])
            prev = nb
        out[bi] = ahead
    return out


def _read_paragraphs(text: str, blocks: list[Block], by_block: dict[int, list[Quote]], res: Resolver,
                     salience: list[float], collect: Callable[[Quote, Evidence], None] | None,
                     weights: list[float] | None,
                     ahead: dict[int, list[tuple[int | None, bool]]]) -> dict[int, tuple[int | None, bool]]:
    """One reading of the dialogue paragraphs in order; returns each one's (speaker, tagged)."""
    for qs_ in by_block.values():
        for q in qs_:
            q.speaker, q.addressees, q.attribution, q.confidence = None, [], None, None
    result: dict[int, tuple[int | None, bool]] = {}
    history: list[tuple[int, int | None]] = []  # (block index, speaker) of dialogue paragraphs
    named: list[int | None] = []  # ... and the character its tag names, if one does
    called: list[int | None] = []  # ... and the one it calls by name or its tag says it is spoken to
    last_addressee: int | None = None
    last_vocative: int | None = None
    last_talked_of: set[int] = set()
    by_id = {q.id: q for qs_ in by_block.values() for q in qs_}
    for bi in sorted(by_block):
        b = blocks[bi]
        qs = by_block[bi]
        last_speaker = history[-1][1] if history else None
        recent = bool(history) and bi - history[-1][0] <= 2
        # a quick exchange (the previous paragraph was little more than its quote and tag) means
        # this paragraph is the other person's turn; after a paragraph of action it may not be
        exchange = bool(history) and bi - history[-1][0] == 1 and _narration_words(
            text, blocks[history[-1][0]], by_block[history[-1][0]]) <= 12
        # ... and so does an answer to "what's your name?": the one asked answers
        if history and bi - history[-1][0] <= 2:
            asked = by_block[history[-1][0]][-1]
            exchange = exchange or bool(NAME_QUESTION.search(text[asked.start:asked.end])
                                        and INTRO.match(text[qs[0].start:qs[0].end]))
        ev = Evidence(ongoing=recent, addressed_before=last_vocative,
                      history=[spk for _, spk in reversed(history[-3:])])
        # a long speech, then a chapter heading or a scene break, then an untagged line: the
        # telling goes on across it ("… had now impunity to do." / CHAPTER XXI / "In going …")
        told_on = (bool(history) and history[-1][0] == bi - 1 and history[-1][1] is not None
                   and bool(text[blocks[bi - 1].end:b.start].strip())
                   and sum(q.end - q.start for q in by_block[bi - 1]) >= LONG_SPEECH)
        found: tuple[int | None, float, str] | None = None
        per_quote: dict[str, tuple[int | None, float, str]] = {}
        for k, q in enumerate(qs):
            seg_end = qs[k + 1].start if k + 1 < len(qs) else b.end
            seg_start = qs[k - 1].end if k > 0 else b.start
            after = text[q.end:seg_end]
            before = text[seg_start:q.start]
            hit = None
            for rx, where, conf_kind in ((res.after_tag, after, "tag"), (res.after_tag2, after, "tag"),
                                         (res.after_inverted, after, "tag"),
                                         (res.before_tag, before, "tag"), (res.colon_tag, before, "tag"),
                                         (res.after_beat, after, "beat")):
                m = rx.search(where) if rx is res.before_tag or rx is res.colon_tag else rx.match(where)
                if m:
                    hit = (m.group("subj"), conf_kind, (q.end + m.start("subj")) if where is after else seg_start + m.start("subj"))
                    if conf_kind == "tag" and ev.told is None and (t := res.told.match(where, m.end("subj"))):
                        ev.told = res.index.get(name_key(t.group("to")))
                    break
            if hit is None and (m := res.reply_tag.match(after)):
                hit = ("he" if m.group("subj") == "his" else "she", "tag", q.end + m.start("subj"))
            if hit is None and k == 0 and before.strip() and (m := res.clause_subject(before)):
                hit = (m.group("subj"), "tag", seg_start + m.start("subj"))
            if hit:
                r = res.ref(hit[0])
                cid, conf = res.resolve(r, hit[2], b.start, last_speaker, exchange)
                if k == 0 or (ev.tag_name is None and ev.tag_gender is None and ev.beat_name is None):
                    _note(ev, r, hit[1], cid, res)
                if cid is not None:
                    how = "explicit" if r.kind == "name" and hit[1] == "tag" else "anaphoric"
                    if hit[1] == "beat":
                        conf *= 0.85
                        if found is not None:
                            continue  # one paragraph, one speaker: a later beat does not outvote a tag
                    per_quote[q.id] = (cid, conf, how)
                    if found is None or (found[2] != "explicit" and how == "explicit"):
                        found = (cid, conf, how)
        if found is None and bi > 0 and not text[b.start:qs[0].start].strip():
            # announced at the end of the previous paragraph: "... Rosa bent towards him and said:"
            prev = blocks[bi - 1]
            tail = text[prev.start:prev.end].rstrip()
            m = None
            if tail.endswith(":") and not res.ends_with_quote(tail):
                m = res.intro_subject.search(tail, sentence_start(tail)) or res.clause_subject(tail)
            elif tail.endswith((",", "—", "-")) and not res.ends_with_quote(tail):
                m = res.clause_subject(tail)
            if m:
                pos = prev.start + m.start("subj")
                r = res.ref(m.group("subj"))
                cid, conf = res.resolve(r, pos, prev.start, last_speaker, exchange)
                _note(ev, r, "tag", cid, res)
                if cid is not None:
                    found = (cid, conf * 0.9, "explicit" if r.kind == "name" else "anaphoric")
        if found is None:
            # a beat at the paragraph's start ("Wren glared at him. 'Go.'")
            first = qs[0]
            lead = text[b.start:first.start]
            m = res.beat_start.match(lead) if lead.strip() else None
            if m:
                r = res.ref(m.group("subj"))
                cid, conf = res.resolve(r, b.start + m.start("subj"), b.start, last_speaker, exchange)
                _note(ev, r, "beat", cid)
                if cid is not None:
                    found = (cid, conf * 0.85, "anaphoric" if r.kind != "name" else "explicit")
        quoted_names = _quote_names(text, qs, res)
        vocative = _vocative(text, quoted_names)
        ev.vocative = vocative
        ev.talked_of = _talked_of(quoted_names) - {vocative}
        ev.talked_of_before = last_talked_of
        cont = by_id.get(qs[0].continues or "")
        if cont is not None and cont.speaker is not None:
            ev.continues = int(cont.speaker[1:]) - 1
        if found is None and ev.continues is not None:
            found = (ev.continues, 0.8, cont.attribution or "implicit" if cont else "implicit")
        told_on = told_on and found is None
        if told_on:
            found = (last_speaker, 0.6, "implicit")
        if found is None and recent:
            two_back = history[-2][1] if len(history) >= 2 and bi - history[-2][0] <= 4 else None
            if last_addressee is not None and last_addressee != last_speaker:
                found = (last_addressee, 0.55, "implicit")
            elif two_back is not None and two_back != last_speaker and two_back != vocative:
                found = (two_back, 0.55, "implicit")
        if found is None:
            cands = [c for c in res.candidates(qs[0].start, None) if c != last_speaker and c != vocative]
            if cands:
                found = (cands[0], 0.35, "implicit")
        if found is not None:
            ev.rule, ev.rule_kind = found[0], found[2]
        res.mentions_around(ev, b.start, qs[0].start, b.end)
        ev.ahead = ahead.get(bi, [])
        # who takes part in the exchange this paragraph belongs to (back to a gap of narration)
        j = len(history) - 1
        edge = bi
        while j >= 0 and edge - history[j][0] <= 2 and len(history) - j <= 16:
            if (who := history[j][1]) is not None:
                ev.exchange_spoke[who] = ev.exchange_spoke.get(who, 0) + 1
            if (tagged := named[j]) is not None:
                ev.exchange_named.add(tagged)
            if (to := called[j]) is not None:
                ev.exchange_called.add(to)
            edge = history[j][0]
            j -= 1
        if ev.tag_gender is not None:
            g = ev.tag_gender
            ev.fit_recent = [c for c in ev.recent if res.genders[c] == g][:2]
            ev.fit_subject = res.subject_before(qs[0].start, g)
            ev.fit_in_para = {c for c in ev.in_before if res.genders[c] == g}
            ev.fit_parties = {c for c in ev.exchange_named | ev.exchange_called if res.genders[c] == g}
            ev.fit_speaker = next((spk for _, spk in reversed(history[-8:]) if spk is not None
                                   and res.genders[spk] == g and not (exchange and spk == last_speaker)), None)
        if collect is not None:
            collect(qs[0], ev)
        # a speech that runs on into a new paragraph (no closing mark, a fresh opening one) is
        # one speaker's by convention: no other evidence outweighs it, unless a tag names someone
        settled = (ev.continues is not None and ev.tag_name in (None, ev.continues)) or told_on
        # ... and so is "said the captain" when one character alone is called Captain
        if not settled and ev.tag_name is None and ev.epithet_title is not None:
            settled, found = True, (ev.epithet_title, 0.85, "anaphoric")
        if weights is not None and not settled:
            picked = choose(ev, res.genders, salience, weights)
            if picked is not None:
                cid, prob = picked
                how = found[2] if found is not None and found[0] == cid else (
                    "anaphoric" if cid in (ev.tag_resolved, ev.beat_resolved) else "implicit")
                found = (cid, prob, how)
                per_quote = {qid: v for qid, v in per_quote.items() if v[2] == "explicit"}
        for q in qs:
            got = per_quote.get(q.id) or found
            if got is None:
                continue
            cid, conf, how = got
            if cid is None:
                continue
            q.speaker = f"c{cid + 1}"
            q.attribution = how
            q.confidence = conf
        spk = found[0] if found else None
        # who is addressed: a vocative, else the previous speaker if it was someone else
        told = ev.told if ev.told is not None else vocative
        addressee = told if told is not None and told != spk else (last_speaker if last_speaker != spk else None)
        for q in qs:
            if addressee is not None:
                q.addressees = [f"c{addressee + 1}"]
        last_addressee = addressee
        last_vocative = told
        last_talked_of = ev.talked_of
        history.append((bi, spk))
        named.append(ev.tag_name)
        called.append(told)
        result[bi] = (spk, not ev.untagged)
    return result


def _narration_words(text: str, block: Block, quotes: list[Quote]) -> int:
    """Words of a paragraph outside its quotes."""
    n, pos = 0, block.start
    for q in quotes:
        n += len(text[pos:q.start].split())
        pos = q.end
    return n + len(text[pos:block.end].split())


def _note(ev: Evidence, r: Ref, kind: str, cid: int | None, res: Resolver | None = None) -> None:
    """Record a tag or beat in the paragraph's evidence."""
    if kind == "tag":
        if r.kind == "name":
            ev.tag_name = r.cid
        else:
            if r.kind in ("epithet", "relation"):
                ev.epithet_gender = r.gender
            if r.kind == "epithet" and res is not None:
                ev.epithet_title = res.title_bearer.get(epithet_core(r.text).split()[-1])
                ev.epithet = res.profile(r)
                same, other = res.turns.get(r.text, (Counter(), Counter()))
                # shares smoothed towards none: one exchange is a hint, several are evidence
                ev.epithet_same = {c: k / (sum(same.values()) + 2) for c, k in same.items()}
                ev.epithet_other = {c: k / (sum(other.values()) + 2) for c, k in other.items()}
            if r.kind == "pronoun" and r.gender in ("he", "she"):
                ev.tag_gender = r.gender
            ev.tag_resolved = cid
    else:
        if r.kind == "name":
            ev.beat_name = r.cid
        else:
            ev.beat_resolved = cid


def _quote_names(text: str, qs: list[Quote], res: Resolver) -> list[tuple[Quote, re.Match[str], int | None]]:
    """Every known name inside the paragraph's quotes: (quote, match, character), in order.

    One scan serves both the vocative ("Go, Wren!") and the people spoken of.
    """
    if res.name_rx is None:
        return []
    return [(q, m, res.index.get(name_key(m.group(0))))
            for q in qs for m in res.name_rx.finditer(text, q.start + 1, q.end)]


def _talked_of(names: list[tuple[Quote, re.Match[str], int | None]]) -> set[int]:
    """Characters named inside the paragraph's quotes: people spoken of, seldom the speaker."""
    return {ci for _q, _m, ci in names if ci is not None}


def _vocative(text: str, names: list[tuple[Quote, re.Match[str], int | None]]) -> int | None:
    """The first name called out in the quotes: at a quote's start or after ", " / "! ", then a stop."""
    for q, m, ci in names:
        first = q.start + 1
        pre = text[max(first, m.start() - 2): m.start()]
        post = text[m.end(): min(m.end() + 1, q.end)]
        if (m.start() == first or pre.endswith(", ") or pre.endswith("! ")) and post in (",", "!", "?", ".", "", "—"):
            if ci is not None:
                return ci
    return None
