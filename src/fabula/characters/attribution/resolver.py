"""The cast as the sieves see it: who is named where, and whom a pronoun or an epithet may mean.

A tag's subject becomes a :class:`Ref` (a name, a pronoun, a relation such as "her mother",
or an epithet such as "the old landlady"); the :class:`Resolver` answers the questions the
sieves ask of it — the characters named before a point (of a gender), the latest subject of a
clause, whom an epithet stands for across the story, who "her mother" is. Characters are
numbered from 0 here, as in :class:`fabula.model.CastIndex`.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from dataclasses import dataclass

from fabula.characters.attribution.patterns import TagPatterns
from fabula.characters.attribution.ranker import Evidence
from fabula.characters.names import epithet_core, name_key, noun_gender, parse_name
from fabula.model import CastIndex
from fabula.segment.spans import SpanIndex
from fabula.text.fold import folded

#: where a clause of narration opens, after a sentence's start: a line break, a comma or semicolon, a conjunction
_OPENS_AFTER = r"\n\s*|[,;]\s+|\b(?:and|but|when|while|then|as|so)\s+"
_CLAUSE_OPEN = re.compile(rf"(?:^|[.!?][\"”’]?\s+|{_OPENS_AFTER})$")
#: ... and for an epithet's clause, any verb ("The ferrywoman was quiet")
_PREDICATE_NEXT = re.compile(r"\s+(?:\w+ly\s+)?(?!(?:and|or|of|to|in|at|with|who|which|for|from|on|by)\b)[a-z]+")
_VERB_NEXT = re.compile(r"\s+(?:\w+ly\s+)?(?!(?:and|or|of|to|in|at|with|who|which|for|from|on|by|had|was)\b)[a-z]+")

#: a pronoun opening a clause of narration ("she counts her coins", "and he turns away")
_PRONOUN_SUBJECT = {g: re.compile(rf"(?:^|[.!?]\s+|{_OPENS_AFTER})(?:{g}|{g.capitalize()})\s+(?:\w+ly\s+)?[a-z]")
                    for g in ("he", "she")}
#: a name's possessive ending
_POSSESSIVE = re.compile(r"['’]s?\b")
#: quoted speech, left out when narration is read for its pronouns
_QUOTED = re.compile(r"[“\"][^”\"\n]*[”\"]")
#: "The ferrywoman was sitting …", "the thin warden frowned": a description made a clause's subject
_DESCRIBED_SUBJECT = re.compile(
    r"(?:^|[.!?][\"”’]?\s+|\n\s*|;\s+|\b(?:and|but|then|when|while)\s+)(?:[Tt]he|[Aa]n?)\s+((?:[a-z]+[ -]){0,2}?[a-z]{3,})"
    r"(?=\s+(?:\w+ly\s+)?(?:was|is|had|has|did|does|would|could|[a-z]+(?:ed|s))\b)")
#: nouns for people with no person's ending, beyond the gendered ones (:func:`noun_gender`)
_PERSON_NOUNS = frozenset(
    "person child kid boy girl man woman lady guest stranger youth teen teenager baby adult elder "
    "friend cousin parent guard clerk cop chef cook medic nurse doctor priest monk nun thief judge "
    "bard mage witch wizard knight squire page sheriff soldier sailor pilot student captain guide "
    "maid servant driver boss officer detective agent scout spy tailor smith keeper host".split())
#: a person's ending: the innkeeper, the ferrywoman, the tourist, the heiress, the cashier
_PERSON_ENDING = re.compile(r"(?:[a-z]{2}(?:er|or|ist|ess|ier|eer|ian)|man|woman|keep|wife|maid|smith|herd)$")
#: what only people do, as a described subject's verb elsewhere ("the medic shrugged")
_HUMAN_VERBS = ("said|says|asked|asks|replied|nodded|nods|smiled|smiles|grinned|grins|laughed|laughs|sighed|"
                "sighs|shrugged|shrugs|frowned|frowns|winced|winces|blinked|blinks|whispered|whispers|"
                r"muttered|mutters|snorted|snorts|glanced|glances|looked\s+(?:up|at|over|down|away)|"
                r"looks\s+(?:up|at|over|down|away)")
#: how far back narration is read for a description that a pronoun may go on with
DESCRIBED_REACH = 1200

#: a relation that names a parent or spouse by title and the family surname
KIN_TITLE = {"mother": "mrs", "mamma": "mrs", "mama": "mrs", "wife": "mrs",
             "father": "mr", "papa": "mr", "husband": "mr"}
_KIN_MENTION = re.compile(r"\b([Hh]er|[Hh]is)\s+(?:own\s+)?(" + "|".join(KIN_TITLE) + r")\b")
#: a title as the head of an epithet ("the doctor") for the abbreviation a name wears ("Dr. Orsay")
_TITLE_WORD = {"dr": "doctor", "prof": "professor", "rev": "reverend"}

PRONOUNS = {"he": "he", "she": "she", "i": "i", "they": "they", "we": "we"}
_FONDLY = re.compile(r"^(?:poor|little|dear|old|young)\s+(?=[A-Z])")

#: how far back (characters of text) the narration's mentions are searched
MENTION_REACH = 6000
#: ... for the latest clause subject of a gender
SUBJECT_REACH = 4000
#: ... for the recent mentions the ranker weighs
RECENT_REACH = 8000
#: ... for the name nearest each use of an epithet, when profiling it
PROFILE_REACH = 1500
#: an epithet profile's z-score from which it names its character outright
PROFILE_CLEAR = 3.0


@dataclass
class Ref:
    """A tag's subject: what kind of words, and what they say of the speaker."""

    kind: str  # name, pronoun, relation, epithet
    text: str
    cid: int | None  # the character a name names
    gender: str | None


class Resolver:
    """One story's cast, indexed for the questions the sieves ask (see the module's docstring)."""

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
        self.mentions = narration_mentions  # (pos, character) in text order
        self.mention_pos = [p for p, _ in narration_mentions]
        self.heads = heads
        self.patterns = TagPatterns(name_rx, heads)
        self.epithet_memory: dict[str, int] = {}
        #: each character's share of name uses, the ranker's prior; voices nobody names are added
        #: to it and to ``genders`` as they speak (:meth:`voice`)
        self.salience: list[float] = [0.0] * len(genders)
        #: voices nobody names, by the words that tag them ("the lock-keeper") → their number
        self.voices: dict[str, int] = {}
        #: described heads, by whether narration makes them do what people do (see :meth:`personal`)
        self._human_subjects: dict[str, bool] = {}
        #: (where, epithet) of each clause narration opens with a speaking epithet ("The ferrywoman
        #: looked up"), in text order (:meth:`note_speaking_epithets`)
        self.epithet_subjects: list[tuple[int, str]] = []
        self._epithet_subject_pos: list[int] = []
        self.profiles: dict[str, dict[int, float]] = {}
        self._index_titles(name_index)
        self._shares: dict[str, dict[int, float]] = {}
        self._lower: str | None = None

    @classmethod
    def of(cls, text: str, cast: CastIndex) -> Resolver:
        """The resolver of a finished cast index: its own copy of the genders, which grow as unnamed
        voices speak (the characters pass's index stays as that pass wrote it)."""
        return cls(text, cast.pattern, cast.names, list(cast.genders), [(s, ci) for s, _e, ci in cast.mentions],
                   cast.heads, cast.narrator, cast.turns)

    def _index_titles(self, name_index: dict[str, int]) -> None:
        """Who bears each title ("Captain Brisa", "Dr. Orsay"): "the captain" is its only bearer;
        and surnames, for "said her mother" (Mrs. + her surname) and "cried his wife"."""
        bearers: dict[str, set[int]] = {}
        self.surnames: dict[int, set[str]] = {}
        titled: dict[tuple[str, str], set[int]] = {}
        for n, ci in name_index.items():
            p = parse_name(n)
            if p.title and p.title != "the":
                bearers.setdefault(_TITLE_WORD.get(p.title, p.title), set()).add(ci)
            if p.last and p.title != "the" and (p.first or p.title):
                self.surnames.setdefault(ci, set()).add(p.last)
                if p.title in ("mr", "mrs") and not p.first:
                    titled.setdefault((p.title, p.last), set()).add(ci)
        self.title_bearer = {t: next(iter(cs)) for t, cs in bearers.items() if len(cs) == 1}
        self.titled = {k: next(iter(cs)) for k, cs in titled.items() if len(cs) == 1}

    def ref(self, s: str) -> Ref:
        """What a tag's subject is: a known name, a pronoun, a relation or an epithet."""
        s = _FONDLY.sub("", s)  # "said poor Yusra"
        low = " ".join(s.lower().split())
        if low in PRONOUNS:
            return Ref("pronoun", low, None, PRONOUNS[low])
        key = name_key(s)
        if key in self.index:
            return Ref("name", key, self.index[key], None)
        if re.match(r"(?:her|his|their|my|our)\s", low):
            return Ref("relation", low, None, noun_gender(low))
        head = epithet_core(re.sub(r"^[Tt]he\s+", "", low))
        gender, longest = None, -1
        for h, g in self.heads.items():
            # whole words, the longest head: "the woman" is not "the wo|man"
            if (head == h or head.endswith(" " + h)) and len(h) > longest:
                gender, longest = g, len(h)
        return Ref("epithet", low, None, gender or noun_gender(head))

    def voice(self, r: Ref) -> int:
        """The unnamed speaker a tag's epithet stands for ("said the lock-keeper", "a voice
        called"): a character of its own, numbered after the cast, one per epithet."""
        if r.text not in self.voices:
            who = self.voices[r.text] = len(self.genders)
            self.genders.append(r.gender or "unknown")
            self.salience.append(0.0)
            # narration that makes the epithet a clause's subject ("The lock-keeper shrugged")
            # names the voice as a name names a character: its mentions, near as any other's
            core = epithet_core(r.text)
            self.add_mentions([(pos, who) for pos, e in self.epithet_subjects if e == core])
        return self.voices[r.text]

    def note_speaking_epithets(self, text: str, quotes: list[tuple[int, int]], prose: SpanIndex,
                               spoken: SpanIndex) -> None:
        """The epithets the story's tags make speak ("said the ferrywoman"), and where narration makes
        each the subject of a clause ("The ferrywoman looked up") in the prose outside what is
        ``spoken``: a reader takes "she said" after that as the ferrywoman's, not as the last woman
        named."""
        speaking: set[str] = set()
        for _qs, qe in quotes:
            m = self.patterns.tag_after(text[qe:qe + 80], text[qe - 2] if qe >= 2 else None)
            if m is not None and (r := self.ref(m.group("subj"))).kind == "epithet" and r.text.startswith("the "):
                speaking.add(epithet_core(r.text))
        found: list[tuple[int, str]] = []
        if speaking:
            # one pass over the text for all of them, as the lower-cased copy ``uses_of`` reads
            if self._lower is None:
                self._lower = self.text.lower()
            alts = "|".join(re.escape(e).replace(r"\ ", r"\s+") for e in sorted(speaking, key=len, reverse=True))
            low = self._lower if len(self._lower) == len(self.text) else self.text
            for m in re.finditer(rf"(?<![\w])(?:{alts})\b", low, 0 if low is self._lower else re.I):
                start, end = m.start(), m.end()
                if prose.contains(start) and not spoken.contains(start) \
                        and _CLAUSE_OPEN.search(self.text, max(0, start - 30), start) \
                        and _PREDICATE_NEXT.match(self.text, end):
                    found.append((start, " ".join(m.group(0).lower().split())))
        self.epithet_subjects = found
        self._epithet_subject_pos = [p for p, _ in found]

    def epithet_subject(self, pos: int, gender: str, lo: int) -> tuple[int, str] | None:
        """The latest speaking epithet made a clause's subject between ``lo`` and ``pos`` whose
        noun allows ``gender`` (a noun without one allows either)."""
        i = bisect.bisect_left(self._epithet_subject_pos, pos) - 1
        while i >= 0 and self._epithet_subject_pos[i] >= lo:
            start, e = self.epithet_subjects[i]
            if noun_gender(e) in (None, gender):
                return start, e
            i -= 1
        return None

    def last_mention(self, pos: int, gender: str) -> int:
        """Where narration last named someone who may be ``gender`` before ``pos`` (-1: nobody)."""
        i = bisect.bisect_left(self.mention_pos, pos) - 1
        while i >= 0 and pos - self.mention_pos[i] < MENTION_REACH:
            if self.genders[self.mentions[i][1]] in (gender, "unknown"):
                return self.mention_pos[i]
            i -= 1
        return -1

    def profile(self, r: Ref) -> dict[int, float]:
        """Whom an epithet stands for across the story, as a lift: how much more often than
        chance each character is the nearest earlier name (of its gender) to the epithet's uses.

        Writers call one person "the verger" or "the doctor" again and again, and those uses
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
            near = self.candidates(start, r.gender, lo=start - PROFILE_REACH, limit=1)
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
        epithets. (A text whose lower-cased copy could match otherwise — :func:`fabula.text.fold.folded`
        — is searched the slow way.)
        """
        body = re.escape(phrase).replace(r"\ ", r"\s+") + r"\b"
        if self._lower is None:
            self._lower = folded(self.text)
        low = self._lower
        if not low:
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
        sentence, not the last man it mentioned ("Yusra gave the letter to Tomas. 'Go,' he said"
        is still Yusra's only if Yusra is a man; "Tomas took it. 'Fine,' he said" is Tomas's).
        """
        if self.name_rx is None:
            return None
        i = bisect.bisect_left(self.mention_pos, pos) - 1
        while i >= 0 and pos - self.mention_pos[i] < SUBJECT_REACH:
            start, cid = self.mentions[i]
            i -= 1
            if self.genders[cid] != gender:
                continue
            m = self.name_rx.match(self.text, start)
            end = m.end() if m else start
            if _CLAUSE_OPEN.search(self.text, max(0, start - 30), start) and _VERB_NEXT.match(self.text, end):
                return cid
        return None

    def pronoun_topic(self, pos: int, gender: str | None) -> int | None:
        """The nearest character of ``gender`` named before ``pos``, when the narration since
        that name has gone on calling them "she" (or "he") as a clause's subject: the one the
        passage is about. A writer calls the one the pronouns follow by pronoun, and someone
        else by a description ("Yusra and Odile reach the ferry. She buys two tickets and waits.
        'No room,' says the old woman." — the old woman is not "she")."""
        if gender not in _PRONOUN_SUBJECT:
            return None
        i = bisect.bisect_left(self.mention_pos, pos) - 1
        while i >= 0 and pos - self.mention_pos[i] < MENTION_REACH:
            start, cid = self.mentions[i]
            if self.genders[cid] == gender:
                since = _QUOTED.sub(" ", self.text[start:pos])
                return cid if _PRONOUN_SUBJECT[gender].search(since) else None
            if self.genders[cid] == "unknown":
                return None
            i -= 1
        return None

    def described_subject(self, pos: int, gender: str, lo: int) -> tuple[int, str] | None:
        """The latest description narration made a clause's subject between ``lo`` and ``pos``
        that its next clause calls "she" (or "he") before it names anyone: "The ferrywoman sat on
        a crate. She eyed my boots." — (where, "the ferrywoman"). The pronoun
        that follows is how the narration itself says the description is a person of that gender."""
        if gender not in _PRONOUN_SUBJECT:
            return None
        lo = max(lo, pos - DESCRIBED_REACH, 0)
        narration = _QUOTED.sub(lambda m: " " * len(m.group(0)), self.text[lo:pos])
        found = None
        for m in _DESCRIBED_SUBJECT.finditer(narration):
            rest = narration[m.end(1):]
            said = _PRONOUN_SUBJECT[gender].search(rest)
            if said is None or said.start() > 300:
                continue
            between = rest[:said.start()]
            if len(re.findall(r"[.!?]\s", between)) <= 1 and (self.name_rx is None or not self.name_rx.search(between)) \
                    and self.personal(m.group(1)):
                found = (lo + m.start(1), "the " + " ".join(m.group(1).split()))
        return found

    def personal(self, phrase: str) -> bool:
        """Whether a described subject is someone: "The ferrywoman sat smoking. She…", not "The
        fire was good. … he kept looking at me" (the pronoun is someone else's). Its head is a
        noun for a person (a kin, role or epithet noun the cast lists know, or one with a
        person's ending: -er, -or, -ist, -ess, -man, -woman, -keep, -ier, -eer), or the
        narration makes it do what only people do ("the medic shrugged")."""
        head = phrase.split()[-1].split("-")[-1]
        if head in _PERSON_NOUNS or noun_gender(head) is not None or _PERSON_ENDING.search(head):
            return True
        if head not in self._human_subjects:
            self._human_subjects[head] = bool(re.search(
                rf"\b[Tt]he\s+(?:[a-z]+[ -]){{0,2}}?{re.escape(head)}\s+(?:\w+ly\s+)?(?:{_HUMAN_VERBS})\b", self.text))
        return self._human_subjects[head]

    def only_owner(self, cid: int, pos: int, lo: int = 0) -> bool:
        """Whether the last time narration named ``cid`` before ``pos`` (from ``lo``) it was as the
        owner of something mid-sentence ("... in Dad's old car"), not as the one acting."""
        i = bisect.bisect_left(self.mention_pos, pos) - 1
        while i >= 0 and self.mention_pos[i] >= lo and self.mentions[i][1] != cid:
            i -= 1
        if i < 0 or self.mention_pos[i] < lo or self.name_rx is None:
            return False
        start = self.mention_pos[i]
        m = self.name_rx.match(self.text, start)
        end = m.end() if m else start
        return bool(_POSSESSIVE.match(self.text, end)) and not _CLAUSE_OPEN.search(self.text, max(0, start - 30), start)

    def candidates(self, pos: int, gender: str | None, lo: int = 0, limit: int = 12) -> list[int]:
        """The characters named in narration before ``pos`` (from ``lo``), nearest first, who
        may be ``gender`` (any gender for None, they, I, we)."""
        out: list[int] = []
        # never more than there are characters: a story of three stops when it has met all three,
        # not at the reach's edge (the walk back was most of the speakers pass on a long book)
        limit = min(limit, len(self.genders))
        i = bisect.bisect_left(self.mention_pos, pos) - 1
        while i >= 0 and len(out) < limit and self.mention_pos[i] >= lo and pos - self.mention_pos[i] < MENTION_REACH:
            cid = self.mentions[i][1]
            g = self.genders[cid]
            if (gender in (None, "they", "i", "we") or g in (gender, "unknown")) and cid not in out:
                out.append(cid)
            i -= 1
        return out

    def mentions_around(self, ev: Evidence, para_start: int, first_quote: int, para_end: int) -> None:
        """Fill the paragraph's mention evidence: named before/after its first quote, recent mentions."""
        lo = bisect.bisect_left(self.mention_pos, para_start)
        hi = bisect.bisect_left(self.mention_pos, para_end)
        for i in range(lo, hi):
            pos, cid = self.mentions[i]
            (ev.in_before if pos < first_quote else ev.in_after).add(cid)
        i = lo - 1
        most = min(8, len(self.genders))  # all the characters there are met: nobody more to find
        while i >= 0 and len(ev.recent) < most and para_start - self.mention_pos[i] < RECENT_REACH:
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

    def add_mentions(self, found: list[tuple[int, int]]) -> None:
        """More narration mentions, as (position, character): the narrator's "I", chat lines'
        senders, "her mother"."""
        if found:
            self.mentions = sorted(self.mentions + found)
            self.mention_pos = [p for p, _ in self.mentions]
            self._shares.clear()

    def family_head(self, relation: str, pos: int | None = None, last_speaker: int | None = None) -> int | None:
        """"The mother", "the father": the Mrs. or Mr. of the family of someone named near ``pos``,
        else the story's only Mrs. (or Mr.) — a parent the story calls by their part in the family."""
        title = KIN_TITLE.get(relation)
        if title is None:
            return None
        if pos is not None:
            who = self.kin(relation, None, self.candidates(pos, None, limit=6), last_speaker)
            if who is not None:
                return who
        holders = {ci for (t, _last), ci in self.titled.items() if t == title}
        return next(iter(holders)) if len(holders) == 1 else None

    def add_kin_mentions(self, spans: list[tuple[int, int]], quotes: list[tuple[int, int]]) -> int:
        """Narration's "her mother", "his wife" as mentions of the parent or spouse they name.

        A reader takes "Her mother only scolded her." as Mrs. Quennell's mention as surely as her
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
        self.add_mentions(added)
        return len(added)
