"""Reading a story's dialogue paragraph by paragraph through the sieves, as a reader does.

A reading keeps what a reader keeps in mind — who spoke the last few turns, whom they spoke
to, who was talked of — opens each dialogue paragraph with it (:meth:`Reading.open`), lets the
rule sieves decide (:meth:`Reading.rules`), gathers the ranker's evidence, settles or ranks
(:meth:`Reading.decide`) and writes the speaker, the addressee and the deciding sieve on the
quotes (:meth:`Reading.write`). The speakers pass reads twice: the rules' reading says who
speaks ahead, and the second reading, with the ranker, looks ahead with it.
"""

from __future__ import annotations

import bisect
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass

from fabula.characters.attribution import sieves as S
from fabula.characters.attribution.patterns import INTRO, NAME_QUESTION
from fabula.characters.attribution.ranker import Evidence
from fabula.characters.attribution.resolver import Resolver
from fabula.model import Block, Quote, character_id

#: characters of quoted speech that make a telling rather than a turn in an exchange
LONG_SPEECH = 300
#: words of narration in a paragraph up to which it is a quick turn of an exchange
QUICK_TURN_WORDS = 12
#: blocks from one dialogue paragraph to the next within which an exchange goes on
EXCHANGE_GAP = 2
#: ... and within which the speaker two turns back still takes turns with the last one
TWO_BACK_GAP = 4
#: dialogue paragraphs back that an exchange's cast is gathered from, at most
EXCHANGE_TURNS = 16
#: earlier speakers the ranker sees by position (last, two back, three back)
HISTORY = 3
#: earlier speakers searched for the latest one a pronoun tag's gender fits
FIT_SPEAKER_TURNS = 8
#: turns back within which the one a line calls has spoken, to be a party who answers
CALLED_TURNS = 4
#: recent turns read for who talks with whom
PARTNER_TURNS = 30
#: characters at the end of a narration paragraph read for who acts last in it
NARRATED_TAIL = 600

#: (speaker, tagged) of a dialogue paragraph, as a first reading found it
Found = tuple[int | None, bool]


@dataclass
class Turn:
    """A dialogue paragraph once read: where it is, who spoke, whom its tag named, whom it called."""

    index: int
    speaker: int | None
    named: int | None
    called: int | None


def dialogue_by_block(blocks: list[Block], quotes: list[Quote]) -> dict[int, list[Quote]]:
    """The dialogue quotes of each paragraph (block index → its quotes, in order)."""
    starts = [b.start for b in blocks]
    by_block: dict[int, list[Quote]] = {}
    for q in quotes:
        if q.kind == "dialogue":
            by_block.setdefault(bisect.bisect_right(starts, q.start) - 1, []).append(q)
    return by_block


def narration_words(text: str, block: Block, quotes: list[Quote]) -> int:
    """Words of a paragraph outside its quotes."""
    n, pos = 0, block.start
    for q in quotes:
        n += len(text[pos:q.start].split())
        pos = q.end
    return n + len(text[pos:block.end].split())


def lookahead(first: dict[int, Found]) -> dict[int, list[Found]]:
    """For each dialogue paragraph: (speaker, tagged) of the next two, while the exchange runs on."""
    order = sorted(first)
    out: dict[int, list[Found]] = {}
    for k, bi in enumerate(order):
        ahead: list[Found] = []
        prev = bi
        for nb in order[k + 1:k + 3]:
            if nb - prev > EXCHANGE_GAP:
                break
            ahead.append(first[nb])
            prev = nb
        out[bi] = ahead
    return out


class Reading:
    """One reading of the dialogue paragraphs in order (see the module's docstring)."""

    def __init__(self, text: str, blocks: list[Block], by_block: dict[int, list[Quote]], res: Resolver,
                 salience: list[float], collect: Callable[[Quote, Evidence], None] | None = None,
                 weights: list[float] | None = None, ahead: dict[int, list[Found]] | None = None,
                 calibration: list[float] | None = None) -> None:
        self.text, self.blocks, self.by_block, self.res = text, blocks, by_block, res
        self.salience, self.collect, self.weights, self.ahead = salience, collect, weights, ahead or {}
        self.calibration = calibration
        self.turns: list[Turn] = []
        self.pairs: Counter[tuple[int, int]] = Counter()  # (speaker, addressee) → turns, of the last few
        self.pair_log: deque[tuple[int, int] | None] = deque()
        self.last_addressee: int | None = None
        self.last_vocative: int | None = None
        self.last_talked_of: set[int] = set()
        self.spoken: dict[str, int] = {}  # quote id → speaker, as decided in this reading
        self.spoke_by_name: set[int] = set()  # speakers of a line their own tag named
        self.by_id = {q.id: q for qs in by_block.values() for q in qs}
        self.calls: dict[int, int | None] = {}  # dialogue paragraph → whom its quotes call by name

    def run(self) -> dict[int, Found]:
        """Read every dialogue paragraph; returns each one's (speaker, tagged)."""
        for qs in self.by_block.values():
            for q in qs:
                q.speaker, q.addressees, q.attribution, q.confidence = None, [], None, None
                q.sieve = q.rule_sieve = None
        result: dict[int, Found] = {}
        for bi in sorted(self.by_block):
            p = self.open(bi)
            self.rules(p)
            self.evidence(p)
            if self.collect is not None:
                self.collect(p.quotes[0], p.ev)
            self.decide(p)
            result[bi] = self.write(p)
        return result

    def open(self, bi: int) -> S.Paragraph:
        """A paragraph with what the reading so far says of it: the last speakers, whether this
        is a new turn of a quick exchange, whether a long speech just went on across a break."""
        text, b, qs = self.text, self.blocks[bi], self.by_block[bi]
        last = self.turns[-1] if self.turns else None
        near = last is not None and bi - last.index <= EXCHANGE_GAP
        # a quick exchange (the previous paragraph was little more than its quote and tag) means
        # this paragraph is the other person's turn; after a paragraph of action it may not be
        new_turn = last is not None and bi - last.index == 1 and narration_words(
            text, self.blocks[last.index], self.by_block[last.index]) <= QUICK_TURN_WORDS
        # ... and so does an answer to "what's your name?": the one asked answers
        if last is not None and near:
            asked = self.by_block[last.index][-1]
            new_turn = new_turn or bool(NAME_QUESTION.search(text[asked.start:asked.end])
                                        and INTRO.match(text[qs[0].start:qs[0].end]))
        ev = Evidence(ongoing=near, addressed_before=self.last_vocative,
                      history=[t.speaker for t in reversed(self.turns[-HISTORY:])])
        before = self.turns[-2] if len(self.turns) >= 2 else None
        return S.Paragraph(
            text, bi, b, qs, self.blocks[bi - 1] if bi > 0 else None, ev,
            last_speaker=last.speaker if last else None,
            two_back=before.speaker if before is not None and bi - before.index <= TWO_BACK_GAP else None,
            recent=near, new_turn=new_turn, last_addressee=self.last_addressee, last_vocative=self.last_vocative,
            called_party=any(t.speaker == self.last_vocative for t in self.turns[-CALLED_TURNS:]),
            long_speech_before=(last is not None and last.index == bi - 1 and last.speaker is not None
                                and bool(text[self.blocks[bi - 1].end:b.start].strip())
                                and sum(q.end - q.start for q in self.by_block[bi - 1]) >= LONG_SPEECH),
            continued=self.by_id.get(qs[0].continues or ""))

    def rules(self, p: S.Paragraph) -> None:
        """The rule sieves in their order, until one decides; the vocative and the people talked
        of are gathered on the way (the turn sieves need them)."""
        res = self.res
        S.tags_in_paragraph(res, p)
        if p.found is None:
            p.found = S.announced(res, p)
        if p.found is None:
            p.found = S.beat(res, p)
        names = S.quote_names(self.text, p.quotes, res)
        p.vocative = p.ev.vocative = self._called(p.index, names)
        p.ev.talked_of = S.talked_of(names) - {p.vocative}
        p.ev.talked_of_before = self.last_talked_of
        if p.continued is not None:
            p.ev.continues = self.spoken.get(p.continued.id)
        for sieve in (S.run_on_speech, S.across_break, S.vocative, S.turn_taking):
            if p.found is None:
                p.found = sieve(p)
        if p.found is None:
            p.found = S.nearest_mention(res, p)

    def evidence(self, p: S.Paragraph) -> None:
        """What the ranker weighs beyond the sieves' choice: mentions, the look-ahead, who takes
        part in this exchange, and the candidates a pronoun tag's gender fits."""
        ev, res = p.ev, self.res
        if p.found is not None:
            ev.rule, ev.rule_kind = p.found.who, p.found.how
        res.mentions_around(ev, p.block.start, p.quotes[0].start, p.block.end)
        ev.ahead = self.ahead.get(p.index, [])
        # who takes part in the exchange this paragraph belongs to (back to a gap of narration)
        j = len(self.turns) - 1
        edge = p.index
        while j >= 0 and edge - self.turns[j].index <= EXCHANGE_GAP and len(self.turns) - j <= EXCHANGE_TURNS:
            t = self.turns[j]
            if t.speaker is not None:
                ev.exchange_spoke[t.speaker] = ev.exchange_spoke.get(t.speaker, 0) + 1
            if t.named is not None:
                ev.exchange_named.add(t.named)
            if t.called is not None:
                ev.exchange_called.add(t.called)
            edge = t.index
            j -= 1
        if ev.tag_gender is not None:
            self._fits(p, ev.tag_gender)
        self._partners(p)
        ev.narrated = self._narrated(p.index)
        if p.index + 1 in self.by_block:
            # "Sorry, Tomas, the ford was up" answers Tomas: the line just before it is most often his
            ev.called_next = self._called(p.index + 1)

    def _called(self, bi: int, names: list[S.QuoteName] | None = None) -> int | None:
        """Whom a dialogue paragraph's quotes call by name (:func:`~.sieves.called`), read once:
        each paragraph is asked as itself and as the next one."""
        if bi not in self.calls:
            if names is None:
                names = S.quote_names(self.text, self.by_block[bi], self.res)
            self.calls[bi] = S.called(self.text, names)
            if self.calls[bi] is None:
                self.calls[bi] = S.called_title(self.text, self.by_block[bi], self.res)
        return self.calls[bi]

    def _narrated(self, bi: int) -> int | None:
        """Who acts last in the paragraph of narration just before this dialogue paragraph: its
        last clause subject, a name, or "he"/"she" as the nearest of that gender named before it,
        or "I" as a known narrator. A reader takes an untagged line after "He set the kettle
        on the stove." as his more often than not (or, after "She stayed by the door.", as the other's:
        the ranker weighs which)."""
        if bi == 0 or bi - 1 in self.by_block:
            return None
        b = self.blocks[bi - 1]
        lo = max(b.start, b.end - NARRATED_TAIL)
        m = self.res.patterns.last_subject(self.text[lo:b.end])
        if m is None:
            return None
        r = self.res.ref(m.group("subj"))
        if r.kind == "name":
            return r.cid
        if r.kind == "pronoun" and r.gender == "i":
            return self.res.narrator
        if r.kind == "pronoun" and r.gender in ("he", "she"):
            near = self.res.candidates(lo + m.start("subj"), r.gender, limit=1)
            return near[0] if near else None
        return None

    def _partners(self, p: S.Paragraph) -> None:
        """Who has been talking with whom lately: of the recent turns between the one this line
        calls by name (or the last speaker) and someone else, the share each other party had.
        The one who calls Fenella "my dear Fenella" is most often the one she has been talking with."""
        for who, out in ((p.vocative, p.ev.partners_of_called), (p.last_speaker, p.ev.partners_of_last)):
            if who is None:
                continue
            with_them: Counter[int] = Counter()
            for (a, b), n in self.pairs.items():
                if who in (a, b):
                    with_them[b if a == who else a] += n
            total = sum(with_them.values())
            out.update({c: n / (total + 1) for c, n in with_them.items()})

    def _fits(self, p: S.Paragraph, g: str) -> None:
        """The candidates a pronoun tag of gender ``g`` fits, by each kind of nearness."""
        ev, genders = p.ev, self.res.genders
        ev.fit_recent = [c for c in ev.recent if genders[c] == g][:2]
        ev.fit_subject = self.res.subject_before(p.quotes[0].start, g)
        ev.fit_in_para = {c for c in ev.in_before if genders[c] == g}
        ev.fit_parties = {c for c in ev.exchange_named | ev.exchange_called if genders[c] == g}
        ev.fit_speaker = next((t.speaker for t in reversed(self.turns[-FIT_SPEAKER_TURNS:]) if t.speaker is not None
                               and genders[t.speaker] == g and not (p.new_turn and t.speaker == p.last_speaker)), None)

    def decide(self, p: S.Paragraph) -> None:
        """Settle the paragraph, or let the ranker choose.

        A speech running on is its speaker's unless a tag names someone else, a telling
        that goes on across a break is its teller's, "I said" is the first-person narrator's
        once the characters pass knows who that is, and "she went on" ("continued the bosun") is
        the one who was speaking: no other evidence outweighs any of them (the turns say the
        last speaker rarely speaks again; the tag says they do). Then
        "said the captain" with one captain settles it, and so does a line naming its speaker as
        its own ("Everyone calls me Kiko"); else the ranker decides (a quote whose own tag names
        its speaker keeps that, and so does one whose own tag cannot mean the ranker's pick:
        :meth:`_own_voice`).
        """
        ev = p.ev
        settled = ((ev.continues is not None and ev.tag_name in (None, ev.continues))
                   or (p.found is not None and p.found.sieve in ("across_break", "kin", "unknown_voice", "narrator", "goes_on")))
        if settled and p.found is not None and p.found.sieve == "narrator":
            # the paragraph is the narrator's; another quote's pronoun tag there is a beat
            # ("'Yes,' I said, 'Tomas.' She smiled") unless it names someone outright
            p.per_quote = {qid: v for qid, v in p.per_quote.items() if v.how == "explicit" or v.sieve == "narrator"}
        if not settled and (title := S.title_epithet(p)) is not None:
            settled, p.found = True, title
        if not settled and (own := S.self_named(self.res, p, self.spoke_by_name)) is not None:
            settled, p.found = True, own
            p.per_quote = {qid: v for qid, v in p.per_quote.items() if v.how == "explicit"}
            if p.vocative == own.who:
                p.vocative = None  # "Akiko," she says of herself: no one is called
        rules = {q.id: (p.per_quote.get(q.id) or p.found) for q in p.quotes}
        if self.weights is not None and not settled:
            chosen = S.ranker(p, self.res.genders, self.salience, self.weights, self.calibration)
            if chosen is not None:
                p.found = chosen
                # a quote whose own tag names its speaker keeps that, and so does one whose own
                # tag cannot mean the ranker's pick (the first-person narrator's "I said", the
                # other gender's pronoun): no other evidence outweighs either
                p.per_quote = {qid: v for qid, v in p.per_quote.items()
                               if v.how == "explicit" or v.sieve == "narrator" or self._own_voice(v, chosen)}
        for q in p.quotes:
            rule = rules[q.id]
            q.rule_sieve = rule.sieve if rule is not None and rule.who is not None else None

    def _own_voice(self, tagged: S.Choice, chosen: S.Choice) -> bool:
        """A quote's own tag that cannot mean the paragraph's speaker keeps its quote: "I said"
        where the paragraph is someone else's, or "she said" where it is a man's ("Go," he
        said to her. "Not yet," she answered.). One paragraph may hold two people's lines; a
        pronoun of the same gender, though, is most often the same speaker going on."""
        if tagged.who is None or chosen.who is None or tagged.who == chosen.who:
            return False
        if tagged.sieve == "narrator":
            return True
        mine, theirs = self.res.genders[tagged.who], self.res.genders[chosen.who]
        return mine in ("he", "she") and theirs in ("he", "she") and mine != theirs

    def write(self, p: S.Paragraph) -> Found:
        """Each quote's speaker, attribution, confidence and deciding sieve; the paragraph's
        addressee; and the turn, remembered for the paragraphs after."""
        spk = p.found.who if p.found else None
        # who is addressed: the one a tag says or a vocative calls, else the previous speaker
        # while the exchange goes on (a line after a scene's worth of narration answers no one)
        told = p.ev.told if p.ev.told is not None else p.vocative
        answered = p.last_speaker if p.recent and p.last_speaker != spk else None
        addressee = told if told is not None and told != spk else answered
        for q in p.quotes:
            got = p.per_quote.get(q.id) or p.found
            who = got.who if got is not None else None
            if got is not None and who is not None:
                q.speaker, q.attribution, q.confidence, q.sieve = character_id(who), got.how, got.confidence, got.sieve
                self.spoken[q.id] = who
            # nobody speaks to themself: a line its own tag gives to the one the paragraph
            # addresses ("Go," said Yusra. "No," said Tomas.) answers the paragraph's speaker
            to = addressee if addressee != who or who is None else (spk if spk != who else None)
            if to is not None:
                q.addressees = [character_id(to)]
        self.last_addressee, self.last_vocative, self.last_talked_of = addressee, told, p.ev.talked_of
        if p.ev.tag_name is not None:
            self.spoke_by_name.add(p.ev.tag_name)
        self.turns.append(Turn(p.index, spk, p.ev.tag_name, told))
        # who talked with whom over the last PARTNER_TURNS turns, kept as the reading goes
        pair = (spk, addressee) if spk is not None and addressee is not None and spk != addressee else None
        self.pair_log.append(pair)
        if pair is not None:
            self.pairs[pair] += 1
        if len(self.pair_log) > PARTNER_TURNS and (old := self.pair_log.popleft()) is not None:
            self.pairs[old] -= 1
            if not self.pairs[old]:
                del self.pairs[old]
        return spk, not p.ev.untagged


def attribute_thoughts(text: str, blocks: list[Block], thoughts: list[Quote], res: Resolver) -> None:
    """A quoted thought belongs to the one its tag names ("…," thought Yusra; she wondered, "…?").

    Thoughts take no turn in a conversation, so only a tag decides; an untagged thought keeps
    no speaker rather than a guess.
    """
    starts = [b.start for b in blocks]
    pat = res.patterns
    for q in thoughts:
        bi = bisect.bisect_right(starts, q.start) - 1
        if bi < 0:
            continue
        b = blocks[bi]
        after, before = text[q.end:b.end], text[b.start:q.start]
        m = pat.tag_after(after)
        pos = q.end
        if m is None:
            m = pat.before_tag.search(before) or pat.clause_subject(before)
            pos = b.start
        if m is None:
            continue
        r = res.ref(m.group("subj"))
        resolved = S.resolve(res, r, S.Site(pos + m.start("subj"), b.start, None, False))
        if resolved.who is not None:
            q.speaker = character_id(resolved.who)
            q.attribution = "explicit" if r.kind == "name" else "anaphoric"
            q.confidence = resolved.confidence
            q.sieve = q.rule_sieve = resolved.sieve
