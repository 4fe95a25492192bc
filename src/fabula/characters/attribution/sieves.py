"""The speaker sieves, each its own function, in the order they run.

A dialogue paragraph goes through the sieves until one decides its speaker (Muzny et al.
2017; BookNLP): the most precise evidence first, guesses last. What each sieve decides is a
:class:`Choice` that names the sieve, so ``Quote.sieve`` tells which one decided each line.

A tag's subject (found by :class:`~fabula.characters.attribution.patterns.TagPatterns`) is
resolved by the first of these that applies to it:

1. :func:`explicit_tag` — a name: "said Yusra", "Yusra said", "Yusra: …";
2. :func:`narrator` — "I said", when the story's first-person narrator is known;
3. :func:`goes_on` — "continued the bosun", "she added": the one speaking goes on;
4. :func:`pronoun_tag` — "she said": the nearest woman named before (one named in the tag's
   paragraph first, but not one named there only as the owner of something);
5. :func:`epithet_tag` — "said the old landlady", "cried her mother" (a role nobody in the cast
   is known by, "the lock-keeper", is a speaker of its own: :func:`unnamed_voice`).

Then, paragraph by paragraph:

6. :func:`tags_in_paragraph` — each quote's own tag (1–5), or an action beat after it;
7. :func:`announced` — the paragraph before ends by announcing the speech ("Odile turned and said:");
8. :func:`beat` — the paragraph opens with its speaker acting ("Yusra glared at him. 'Go.'");
9. :func:`run_on_speech` — the speech runs on from the paragraph before (no closing mark);
10. :func:`across_break` — a long speech goes on across a chapter heading or a scene break;
11. :func:`vocative` — the one the previous line called by name ("Tomas,", "You Tomas!", or a title
    only they bear, "…, captain.") or spoke to answers;
12. :func:`turn_taking` — in a two-person exchange, the one who spoke two turns back;
13. :func:`nearest_mention` — the nearest character named before who did not just speak;
14. :func:`title_epithet` — "said the captain" when one character alone is a captain;
15. :func:`self_named` — "Everyone calls me Kiko": the line names its own speaker, against a
    guess that it is someone else who has spoken under their own name;
16. :func:`ranker` — the learned ranker weighs all of the above for every candidate and
    makes the final choice, unless a named tag, a run-on speech, a title or a self-naming
    line settled it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from fabula.characters.attribution import confidence as C
from fabula.characters.attribution.patterns import SELF_NAMING
from fabula.characters.attribution.ranker import Evidence, calibrated, choose
from fabula.characters.attribution.resolver import KIN_TITLE, PROFILE_CLEAR, Ref, Resolver
from fabula.characters.names import GENERIC_HEADS, epithet_core, name_key, parse_name
from fabula.model import Block, Quote

#: nouns that describe how someone looks, which fic uses for a character the reader knows
#: ("said the redhead", "the blonde smirked"): fandom's convention, not a new person
LOOKS = frozenset({"redhead", "red head", "blonde", "blond", "brunette", "ginger"})
#: how far before a tag's paragraph a speaking epithet may stand and still be what its pronoun means
EPITHET_ANTECEDENT_REACH = 400


class Resolved(NamedTuple):
    """Whom a tag's subject means, how sure, and which sieve said so (None: no one it can tell)."""

    who: int | None
    confidence: float
    sieve: str


class Choice(NamedTuple):
    """A sieve's decision for a line or a paragraph.

    ``how`` is the JSON's ``attribution``: explicit (a tag names the speaker), anaphoric (a
    pronoun, an epithet or a beat points to them) or implicit (no tag: turns and mentions).
    """

    who: int | None
    confidence: float
    how: str
    sieve: str


@dataclass(frozen=True)
class Site:
    """Where a tag's subject stands: its offset, its paragraph's start, who spoke last, and
    whether this paragraph is a new turn (the other person's, after a quick exchange)."""

    pos: int
    para_start: int
    last_speaker: int | None
    new_turn: bool
    going_on: int | None = None  # the one speaking, when the tag's verb says they go on ("continued")
    called: int | None = None  # the one the previous line called by name, on a new turn of an exchange


@dataclass
class Paragraph:
    """One dialogue paragraph as the sieves see it, with what the reading so far tells of it."""

    text: str
    index: int  # the block's index
    block: Block
    quotes: list[Quote]
    prev_block: Block | None  # the block before, for a speech it announces
    ev: Evidence
    last_speaker: int | None = None  # of the previous dialogue paragraph
    two_back: int | None = None  # ... and of the one before it, when near
    recent: bool = False  # the previous dialogue paragraph is at most two blocks back
    new_turn: bool = False  # a quick exchange: this is the other person's turn
    last_addressee: int | None = None  # whom the previous dialogue paragraph spoke to
    last_vocative: int | None = None  # ... by calling them by name, or as its tag says
    called_party: bool = False  # ... and they have spoken in the last few turns: a party to the exchange
    long_speech_before: bool = False  # a long speech just before, across a heading or break
    continued: Quote | None = None  # the quote this paragraph's speech runs on from
    vocative: int | None = None  # called by name in this paragraph's quotes
    per_quote: dict[str, Choice] = field(default_factory=dict)  # quote id → its own tag's choice
    found: Choice | None = None  # the paragraph's choice so far

    def site(self, pos: int, para_start: int | None = None, goes_on: bool = False) -> Site:
        going_on = None
        if goes_on:
            going_on = self.found.who if self.found is not None else (self.last_speaker if self.recent else None)
        called = self.last_vocative if self.new_turn and self.called_party and self.last_vocative != self.last_speaker \
            else None
        return Site(pos, self.block.start if para_start is None else para_start, self.last_speaker, self.new_turn,
                    going_on, called)


# --- 1–5: whom a tag's subject means --------------------------------------------------------

def explicit_tag(res: Resolver, r: Ref, site: Site) -> Resolved | None:
    """A tag that names the speaker ("said Yusra", "Yusra said", "Yusra: …") is that character's."""
    if r.kind != "name":
        return None
    return Resolved(r.cid, C.NAME_TAG, "explicit_tag")


def narrator(res: Resolver, r: Ref, site: Site) -> Resolved | None:
    """"I said" is the narrator's, when the characters pass found who the first-person narrator is
    (the name others call them by in dialogue); otherwise "I" resolves to no one."""
    if r.kind != "pronoun" or r.gender != "i" or res.narrator is None:
        return None
    return Resolved(res.narrator, C.NARRATOR_TAG, "narrator")


def goes_on(res: Resolver, r: Ref, site: Site) -> Resolved | None:
    """"Continued the bosun", "she added", "he went on": the verb says the one speaking goes
    on, so a pronoun or an epithet of their gender means them, not the nearest one named."""
    who = site.going_on
    if who is None or r.kind == "name" or r.gender in ("i", "we", "they"):
        return None
    g = res.genders[who]
    if r.gender is not None and g not in (r.gender, "unknown"):
        return None
    return Resolved(who, C.GOES_ON, "goes_on")


def _nearest(cands: list[int], site: Site) -> int | None:
    """The first candidate — but on a new turn not the one who just spoke, when there is another."""
    if not cands:
        return None
    if site.new_turn and site.last_speaker is not None and cands[0] == site.last_speaker and len(cands) > 1:
        return cands[1]
    return cands[0]


def pronoun_tag(res: Resolver, r: Ref, site: Site) -> Resolved | None:
    """"She said": a woman named earlier in the same paragraph, else the nearest woman named before.
    One named last only as the owner of something mid-sentence ("in Dad's old car", "before
    Bryony's wedding") is passed over for the one named before: such a name is no one acting,
    and a declared cast ("Dad") makes it a character where discovery had not.

    On a new turn of a quick exchange, one the line before called by name who has been taking
    part in it answers ("You will tell no one, Tomas," Odile said. / "I won't," he said.) where
    the paragraph names no one of the pronoun's gender (someone called up the stairs, who has
    not spoken yet, need not be there to answer); else the nearest is skipped when she just
    spoke. "I", "we" and
    "they" (without a known narrator) resolve to no one: the ranker and the turns decide.
    """
    if r.kind != "pronoun":
        return None
    if r.gender in ("i", "we", "they"):
        return Resolved(None, 0.0, "pronoun_tag")
    if (by_epithet := _epithet_antecedent(res, r, site)) is not None:
        return by_epithet
    inside = res.candidates(site.pos, r.gender, lo=site.para_start)
    if inside:
        if len(inside) > 1 and res.only_owner(inside[0], site.pos, site.para_start):
            # "Tomas drove us out in Dad's old car, and he sang": a name that only owns
            # something mid-sentence is no one acting, and "he" goes on with the one who was
            inside[0], inside[1] = inside[1], inside[0]
        return Resolved(inside[0], C.PRONOUN_IN_PARAGRAPH, "pronoun_tag")
    if site.called is not None and res.genders[site.called] == r.gender:
        # "Stay, Tomas." / "I will." He sat down again: the one called answers, and "he" is him
        return Resolved(site.called, C.PRONOUN_NEAREST, "pronoun_tag")
    cands = res.candidates(site.pos, r.gender)
    if res.narrator is not None and not any(res.genders[c] == r.gender for c in cands) \
            and (voice := _described(res, r, site)) is not None:
        return voice
    if len(cands) > 1 and res.only_owner(cands[0], site.pos):
        cands[0], cands[1] = cands[1], cands[0]  # "the duchess's carriage" names no one acting
    who = _nearest(cands, site)
    return Resolved(who, C.PRONOUN_NEAREST if who is not None else 0.0, "pronoun_tag")


def _described(res: Resolver, r: Ref, site: Site) -> Resolved | None:
    """"She said" in a story an "I" tells, where no woman is named near: the one the narration
    described and then called "she" ("The ferrywoman sat smoking. She eyed my boots.") — someone
    nobody has named yet, a voice of their own, not the narrator (whom "she" never means) nor the
    nearest name of any gender. (In the third person the one described is as often someone the
    story names a few lines on, "the thin warden" for Warden Osk: there the ranker's wider view
    does better on LitBank, so the rule is kept to stories an "I" tells.)"""
    assert r.gender is not None
    found = res.described_subject(site.pos, r.gender, 0)
    if found is None:
        return None
    start, words = found
    ref = Ref("epithet", words, None, r.gender)
    new = words not in res.voices
    got = unnamed_voice(res, ref)
    if new and got.who is not None:
        res.add_mentions([(start, got.who)])
    return Resolved(got.who, C.UNNAMED_VOICE, "unnamed_voice")


def _epithet_antecedent(res: Resolver, r: Ref, site: Site) -> Resolved | None:
    """"The ferrywoman looked up. 'Well,' she said." — a speaking epithet made the subject of a
    clause since the last name of the pronoun's gender (and near: this paragraph or the one
    before) is what "she" continues; whom the epithet means is then the epithet sieve's to say."""
    assert r.gender is not None
    lo = max(res.last_mention(site.pos, r.gender), site.para_start - EPITHET_ANTECEDENT_REACH)
    found = res.epithet_subject(site.pos, r.gender, lo)
    if found is None:
        return None
    start, e = found
    got = epithet_tag(res, res.ref(e), Site(start, site.para_start, site.last_speaker, site.new_turn))
    if got is None or got.who is None:
        return None
    if got.who in res.voices.values() and res.genders[got.who] == "unknown":
        res.genders[got.who] = r.gender  # "the ferrywoman … she said": the ferrywoman is a woman
    return Resolved(got.who, min(got.confidence, C.PRONOUN_NEAREST), "pronoun_tag")


def _relation(res: Resolver, r: Ref, site: Site) -> Resolved:
    """"Said her mother": not the one "her" is, so not the nearest woman named, but the Mrs. of
    her family when the cast has one; else the nearest of the relation's gender who is not her.
    "Cried my mother", "said my companion" are the narrator's: "my" is the narrator."""
    if r.text.startswith(("my ", "our ")):
        near_owners = [res.narrator] if res.narrator is not None else []
        kin = res.kin(r.text.split()[-1], None, near_owners, None)
    else:
        owner_gender = "he" if r.text.startswith("his") else "she" if r.text.startswith("her") else None
        near_owners = res.candidates(site.pos, owner_gender, limit=6)
        kin = res.kin(r.text.split()[-1], owner_gender, near_owners, site.last_speaker)
    if kin is not None:
        return Resolved(kin, C.KIN, "kin")
    owner = near_owners[:1]
    cands = [c for c in res.candidates(site.pos, r.gender) if c not in owner]
    # nobody near who could be them: "my mother" is someone of her own
    return Resolved(cands[0], C.RELATION_NEAREST, "epithet_tag") if cands else unnamed_voice(res, r)


def epithet_tag(res: Resolver, r: Ref, site: Site) -> Resolved | None:
    """"Said the old landlady", "the man in the grey coat replied", "cried her mother".

    In order: the only bearer of the epithet's title ("the captain"); the character the epithet
    stands beside across the story far above chance (its profile); whom it meant before; else
    the nearest of its gender not named in its own paragraph (someone named there is seldom
    called "the girl" in the same breath), remembered for its next use.
    """
    if r.kind == "relation":
        return _relation(res, r, site)
    if r.kind != "epithet":
        return None
    if (who := res.title_bearer.get(r.text.split()[-1])) is not None:
        return Resolved(who, C.TITLE_EPITHET, "epithet_tag")
    if (who := res.family_head(epithet_core(r.text).split()[-1], site.pos, site.last_speaker)) is not None:
        return Resolved(who, C.KIN, "kin")
    prof = res.profile(r)
    near = res.candidates(site.pos, r.gender)
    if prof and near:
        best = max(near, key=lambda c: prof.get(c, 0.0))
        if prof.get(best, 0.0) >= PROFILE_CLEAR:
            return Resolved(best, C.EPITHET_PROFILE, "epithet_tag")
    if r.text in res.voices:
        return unnamed_voice(res, r)
    if r.text in res.epithet_memory:
        return Resolved(res.epithet_memory[r.text], C.EPITHET_REMEMBERED, "epithet_tag")
    if new_voice(r):
        return unnamed_voice(res, r)
    # someone named in the tag's own paragraph is seldom called "the girl" in the same breath,
    # nor is the one the narration has been calling "she"
    named_here = set(res.candidates(site.pos, r.gender, lo=site.para_start))
    if (topic := res.pronoun_topic(site.pos, r.gender)) is not None:
        named_here.add(topic)
    cands = res.candidates(site.pos, r.gender)
    rest = [c for c in cands if c not in named_here]
    if not rest and topic is not None and topic in cands:
        # the one the narration follows is the only one near who fits: "the girl" is someone new
        return unnamed_voice(res, r)
    who = _nearest(rest or cands, site)
    if who is None or (site.new_turn and who == site.last_speaker):
        # nobody but the one who just spoke could be "the girl" answering them: someone unnamed
        return unnamed_voice(res, r) if who is not None else Resolved(None, 0.0, "epithet_tag")
    res.epithet_memory[r.text] = who
    return Resolved(who, C.EPITHET_NEAREST, "epithet_tag")


def new_voice(r: Ref) -> bool:
    """An epithet that brings in someone of its own, not a cast member under another name: a
    role ("the lock-keeper", "the nurse") or a voice ("a familiar voice") — not a generic person
    ("the girl", "the old man", "a young man"), whom writers use for people the reader knows."""
    words = epithet_core(r.text).split()
    if not words or words[-1] in KIN_TITLE or " ".join(words[-2:]) in LOOKS or words[-1] in LOOKS:
        # "the mother" is someone's: the family's, when it is not the cast's Mrs.; "the redhead"
        # is how fandom names someone the reader knows by how they look
        return False
    return words[-1] not in GENERIC_HEADS or r.text.startswith(("a ", "an ")) and r.gender is None


def unnamed_voice(res: Resolver, r: Ref) -> Resolved:
    """A speaker nobody names, known by the epithet that tags them: a character of its own
    ("the lock-keeper"), never a cast member's line given away with confidence. A voice the words
    themselves leave unidentified ("a voice called", "a woman's voice said") is sure to be no
    one known, and settles its line (sieve ``unknown_voice``). ("The voice" may be a known one:
    the one who cannot be seen.)"""
    who = res.voice(r)
    res.epithet_memory[r.text] = who
    unknown = r.text.startswith(("a ", "an "))
    return Resolved(who, C.UNNAMED_VOICE, "unknown_voice" if unknown else "unnamed_voice")


SUBJECT_SIEVES: tuple[Callable[[Resolver, Ref, Site], Resolved | None], ...] = (
    explicit_tag, narrator, goes_on, pronoun_tag, epithet_tag)


def resolve(res: Resolver, r: Ref, site: Site) -> Resolved:
    """Whom a tag's subject means: the first subject sieve that applies to it decides."""
    for sieve in SUBJECT_SIEVES:
        if (got := sieve(res, r, site)) is not None:
            return got
    return Resolved(None, 0.0, "")  # every kind of subject has its sieve: not reached


def note_subject(ev: Evidence, r: Ref, kind: str, cid: int | None, res: Resolver | None = None) -> None:
    """Record a tag's or a beat's subject in the paragraph's evidence, for the ranker."""
    if kind != "tag":
        if r.kind == "name":
            ev.beat_name = r.cid
        else:
            ev.beat_resolved = cid
        return
    if r.kind == "name":
        ev.tag_name = r.cid
        return
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


# --- 6–8: tags and beats ----------------------------------------------------------------------

def _tagged(r: Ref, resolved: Resolved, kind: str) -> Choice:
    """A tag's or a beat's resolved subject as a line's choice."""
    if kind == "beat":
        return Choice(resolved.who, resolved.confidence * C.BEAT_FACTOR, "anaphoric", "beat")
    return Choice(resolved.who, resolved.confidence, "explicit" if r.kind == "name" else "anaphoric", resolved.sieve)


def tags_in_paragraph(res: Resolver, p: Paragraph) -> None:
    """Each quote's own tag or beat, resolved by the subject sieves (1–4).

    A quote's tag decides that quote (``per_quote``); the paragraph takes its first decided
    tag, or a later one that names the speaker outright where the first did not. A beat after
    a quote counts for less, and only while no tag has decided: one paragraph, one speaker.
    """
    qs, ev = p.quotes, p.ev
    for k, q in enumerate(qs):
        seg_end = qs[k + 1].start if k + 1 < len(qs) else p.block.end
        seg_start = qs[k - 1].end if k > 0 else p.block.start
        tag = res.patterns.around(p.text, q.start, q.end, seg_start, seg_end, k == 0)
        if tag is None:
            continue
        if tag.told is not None and ev.told is None:
            ev.told = res.index.get(name_key(tag.told))
        r = res.ref(tag.subject)
        resolved = resolve(res, r, p.site(tag.pos, goes_on=tag.goes_on))
        if k == 0 or (ev.tag_name is None and ev.tag_gender is None and ev.beat_name is None):
            note_subject(ev, r, tag.kind, resolved.who, res)
        if resolved.who is None or (tag.kind == "beat" and p.found is not None):
            continue
        choice = _tagged(r, resolved, tag.kind)
        p.per_quote[q.id] = choice
        if p.found is None or (p.found.how != "explicit" and choice.how == "explicit"):
            p.found = choice


def announced(res: Resolver, p: Paragraph) -> Choice | None:
    """A paragraph that opens with its quote, after one that ends by announcing speech:
    "… Odile bent towards him and said:" — the announcing sentence's subject speaks."""
    prev = p.prev_block
    if prev is None or p.text[p.block.start:p.quotes[0].start].strip():
        return None
    m = res.patterns.announced(p.text[prev.start:prev.end].rstrip())
    if m is None:
        return None
    r = res.ref(m.group("subj"))
    resolved = resolve(res, r, p.site(prev.start + m.start("subj"), prev.start))
    note_subject(p.ev, r, "tag", resolved.who, res)
    if resolved.who is None:
        return None
    return Choice(resolved.who, resolved.confidence * C.ANNOUNCED_FACTOR,
                  "explicit" if r.kind == "name" else "anaphoric", "announced")


def beat(res: Resolver, p: Paragraph) -> Choice | None:
    """A paragraph that opens with someone acting before the quote ("Yusra glared at him. 'Go.'")
    is most often theirs: the beat's subject, resolved like a tag's, for a little less."""
    lead = p.text[p.block.start:p.quotes[0].start]
    m = res.patterns.beat_start.match(lead) if lead.strip() else None
    if m is None:
        return None
    r = res.ref(m.group("subj"))
    resolved = resolve(res, r, p.site(p.block.start + m.start("subj")))
    note_subject(p.ev, r, "beat", resolved.who)
    if resolved.who is None:
        return None
    return Choice(resolved.who, resolved.confidence * C.BEAT_FACTOR,
                  "anaphoric" if r.kind != "name" else "explicit", "beat")


# --- 9–13: untagged lines --------------------------------------------------------------------

def run_on_speech(p: Paragraph) -> Choice | None:
    """A speech that runs on into a new paragraph (no closing mark, a fresh opening one) is one
    speaker's by convention: whoever began it, with the attribution they had."""
    if p.ev.continues is None:
        return None
    how = p.continued.attribution if p.continued is not None else None
    return Choice(p.ev.continues, C.RUN_ON, how or "implicit", "run_on")


def across_break(p: Paragraph) -> Choice | None:
    """A long speech, then a chapter heading or a scene break, then an untagged line: the
    telling goes on across it ("… had now impunity to do." / CHAPTER XXI / "In going …")."""
    if not p.long_speech_before:
        return None
    return Choice(p.last_speaker, C.ACROSS_BREAK, "implicit", "across_break")


def vocative(p: Paragraph) -> Choice | None:
    """The one the previous line called by name ("Go, Yusra!") or spoke to by its tag ("said
    she to Yusra") answers, in an exchange still going on."""
    if not p.recent or p.last_vocative is None or p.last_vocative == p.last_speaker:
        return None
    return Choice(p.last_vocative, C.ADDRESSED, "implicit", "vocative")


def turn_taking(p: Paragraph) -> Choice | None:
    """In an exchange still going on, the one the previous line answered answers back; else the
    one who spoke two turns back (two people alternate), unless this line calls them by name."""
    if not p.recent:
        return None
    if p.last_addressee is not None and p.last_addressee != p.last_speaker:
        return Choice(p.last_addressee, C.TURN_TAKING, "implicit", "turn_taking")
    if p.two_back is not None and p.two_back != p.last_speaker and p.two_back != p.vocative:
        return Choice(p.two_back, C.TURN_TAKING, "implicit", "turn_taking")
    return None


def nearest_mention(res: Resolver, p: Paragraph) -> Choice | None:
    """The last guess: the nearest character named before, who neither just spoke nor is called here."""
    cands = [c for c in res.candidates(p.quotes[0].start, None) if c != p.last_speaker and c != p.vocative]
    return Choice(cands[0], C.NEAREST_MENTION, "implicit", "nearest_mention") if cands else None


#: a known name inside a quote: (the quote, the name's match, its character)
QuoteName = tuple[Quote, re.Match[str], int | None]


def quote_names(text: str, qs: list[Quote], res: Resolver) -> list[QuoteName]:
    """Every known name inside the paragraph's quotes: (quote, match, character), in order.

    One scan serves both the vocative ("Go, Yusra!") and the people spoken of.
    """
    if res.name_rx is None:
        return []
    return [(q, m, res.index.get(name_key(m.group(0))))
            for q in qs for m in res.name_rx.finditer(text, q.start + 1, q.end)]


def _full_name(words: str) -> bool:
    """A first name and a family name, no title ("Odile Quennell"): said by itself it names
    someone talked of ("Odile Quennell," he said. "The Odile Quennell."); people call each other
    by a first name or a title, the whole name only in a shout ("Odile Quennell!")."""
    p = parse_name(words)
    return p.title is None and p.first is not None and p.last is not None and p.first != p.last


def talked_of(names: list[tuple[Quote, re.Match[str], int | None]]) -> set[int]:
    """Characters named inside the paragraph's quotes: people spoken of, seldom the speaker."""
    return {ci for _q, _m, ci in names if ci is not None}


#: a word that opens a call, between a sentence's start and the name it calls: "You Tomas!",
#: "Oh Tomas, no", "Dear Tomas," — English's vocative openers (an interjection, "you", "dear")
_CALL_OPENER = re.compile(r"(?:\n|[,.!?;—–-]\s*)(?:[Yy]ou|[Oo]h?|[Dd]ear|[Mm]y\s+dear)\s+$")


def called(text: str, names: list[tuple[Quote, re.Match[str], int | None]]) -> int | None:
    """The first name called out in the quotes: at a quote's start, after ", " / "! ", or after
    a call's opening word ("You Tomas!", "Oh Tomas,"), then a stop."""
    for q, m, ci in names:
        first = q.start + 1
        pre = text[max(first, m.start() - 2): m.start()]
        post = text[m.end(): min(m.end() + 1, q.end)]
        opened = m.start() == first or pre.endswith(", ") or pre.endswith("! ") \
            or bool(_CALL_OPENER.search(("\n" if m.start() - 12 <= first else "") + text[max(first, m.start() - 12): m.start()]))
        if opened and post in (",", "!", "?", ".", "", "—"):
            if ci is not None and not (post != "!" and _full_name(m.group(0))):
                return ci
    return None


#: titles that are also everyone's forms of address ("Aye aye, sir", "Right you are, miss"): said alone
#: they call whoever is spoken to, not the one character the story gives that title
_ADDRESS_WORDS = frozenset("mr mrs ms miss sir madam madame ma'am lady lord master mister mistress monsieur "
                           "mademoiselle señor señora herr frau signor signora dame officer".split())
#: a word said alone as a call: after a comma or the opening mark, before a stop ("Not yet, uncle.")
_WORD_CALL = re.compile(r"(?:,\s+|^[\"“‘'—]\s*)([A-Za-z]+)(?=\s*[,.!?;—]|\s*[\"”’']?\s*$)")


def called_title(text: str, qs: list[Quote], res: Resolver) -> int | None:
    """A title said alone as a call ("Not yet, uncle.", "Captain, the wind has backed") calls
    the one character the story gives that title ("Uncle Brann" is the only uncle): as sure a
    vocative as her name. A form of address anyone is given ("sir", "miss") calls no one known."""
    for q in qs:
        for m in _WORD_CALL.finditer(text[q.start:q.end]):
            word = m.group(1).lower()
            if word not in _ADDRESS_WORDS and (who := res.title_bearer.get(word)) is not None:
                return who
    return None


# --- 14–16: the final choice -----------------------------------------------------------------

def self_named(res: Resolver, p: Paragraph, spoke_by_name: set[int]) -> Choice | None:
    """A line that gives its speaker's own name ("Akiko," she says. "Everyone calls me Kiko.")
    is that character's, against a pronoun's or the turns' guess that it is someone else who has
    spoken under their own name — two people, so the guess is wrong. A tag naming the speaker
    comes first; and where the guess is someone never tagged by name (an epithet, a voice, a
    nickname kept apart), the line stays theirs for the cast to join the two as one (a self-
    introduction, :mod:`fabula.characters.cast`)."""
    if p.ev.tag_name is not None or p.found is None or p.found.who is None or p.found.who not in spoke_by_name:
        return None
    for q in p.quotes:
        for m in SELF_NAMING.finditer(p.text, q.start, q.end):
            words = m.group("name").split()
            who = res.index.get(name_key(m.group("name")))
            if who is None and len(words) > 1:
                who = res.index.get(name_key(words[0]))
            if who is not None and who != p.found.who:
                return Choice(who, C.SELF_NAMED, "explicit", "self_named")
    return None


def title_epithet(p: Paragraph) -> Choice | None:
    """"Said the captain" when one character alone is called Captain settles the line: the
    ranker does not weigh it against the turns. (A tag that names someone comes first.)"""
    if p.ev.tag_name is not None or p.ev.epithet_title is None:
        return None
    return Choice(p.ev.epithet_title, C.TITLE_EPITHET, "anaphoric", "title_epithet")


def ranker(p: Paragraph, genders: list[str], salience: list[float], weights: list[float],
           calibration: list[float] | None = None) -> Choice | None:
    """The learned ranker (:mod:`~fabula.characters.attribution.ranker`) scores every candidate
    on all the evidence and picks the best; its confidence is calibrated on how often such picks
    were right (:func:`~fabula.characters.attribution.ranker.calibrated`), so a lone candidate
    with little for it is not certain.

    It keeps the rules' attribution kind when it agrees with them; otherwise its pick is
    anaphoric when a tag or a beat resolved to it, implicit when not. A pick whose gender a
    pronoun tag rules out ("she said", and the best it has is a man) is no one's: the speaker is
    someone the cast does not hold, and a line left without a speaker is better than one given
    to the wrong person.
    """
    # a line that calls someone by name is spoken to them, not by them ("Tomas!" is never
    # Tomas's own line), unless its tag says otherwise: where the one called is all the ranker
    # has, the speaker is someone it does not know
    ev = p.ev
    called = ev.vocative if ev.vocative not in (ev.tag_name, ev.tag_resolved, ev.beat_name) else None
    picked = choose(ev, genders, salience, weights, barred=called)
    if picked is None:
        return Choice(None, 0.0, "implicit", "ranker") if called is not None and ev.candidates() else None
    if p.ev.tag_gender is not None and genders[picked.who] in ("he", "she") and genders[picked.who] != p.ev.tag_gender:
        return Choice(None, 0.0, "anaphoric", "ranker")  # "she said" is never a man's
    cid, prob = picked.who, calibrated(picked, calibration)
    if p.found is not None and p.found.who == cid:
        how = p.found.how
    else:
        how = "anaphoric" if cid in (p.ev.tag_resolved, p.ev.beat_resolved) else "implicit"
    return Choice(cid, prob, how, "ranker")
