"""The first-person narrator: whether an "I" tells the story, and who that "I" is.

A first-person narrator is never named in narration — narration calls them "I" — so the
characters pass cannot find them the way it finds everyone else. Two signals say the story
is told in the first person, in the past or the present tense alike: its narration (outside
quotes) says "I" often, against its "he" and "she"; and its speech tags say "I said", "said
I", "I ask". Who the narrator is comes from how the others address them: the name that is
called or spoken of inside quotes but (almost) never used by the narration.

When no name fits, the narrator is still someone: the speakers pass gives "I said" and the
narrator's other lines to an unnamed narrator of its own (:func:`unnamed_narrator`), rather
than to whoever was named last.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from typing import TYPE_CHECKING, NamedTuple

from fabula.characters.attribution.patterns import INTRO
from fabula.characters.names import STOP_WORDS, TITLES, first_name_gender, name_key
from fabula.characters.subjects import verb_test
from fabula.frequency import common
from fabula.segment.spans import SpanIndex
from fabula.text.verbs import SPEECH_VERBS

if TYPE_CHECKING:
    from fabula.characters.attribution.resolver import Resolver
    from fabula.model import Block, Quote

#: paragraphs whose narration says "I", at least …
FIRST_PERSON_MIN = 3
#: … and at least this share of those saying "he" or "she": a third-person story says "I"
#: only in an aside or a letter, a first-person one as often as it names anyone
FIRST_PERSON_SHARE = 0.4
#: "I said" tags that make a story first person on their own
TAGS_ALONE = 5
#: what the narrator is called when nobody names them
UNNAMED = "the narrator"

_I = re.compile(r"\bI\b")
#: what comes before a name that calls someone inside a quote: a comma, a stop, "my dear"
_CALL_BEFORE = re.compile(r"(?:[,!?.;—]\s+|(?:[Mm]y\s+)?(?:dear|good|poor|old|young|little)\s+)$")
#: ... and after it: the end of the clause
_CALL_AFTER = re.compile(r"[,!?.;—]")
#: the word after a name in narration, where a verb would make the name its subject
_VERB_AFTER = re.compile(r"[ \t]+(?:[a-z]+ly[ \t]+)?([a-z]{2,})\b(?![ \t]+[A-Z])")
_HE_SHE = re.compile(r"\b(?:[Hh]e|[Ss]he)\b")


class Narrator(NamedTuple):
    """What the characters pass learns of the narrator: whether the story is told by an "I",
    and the character that "I" is (None: not first person, or a narrator nobody names)."""

    first_person: bool
    who: int | None


def _i_tag() -> re.Pattern[str]:
    return re.compile(rf"[,!?]['\"’”][ \t]+(?:(?:{SPEECH_VERBS})[ \t]+I\b|I[ \t]+(?:\w+ly[ \t]+)?(?:{SPEECH_VERBS})\b)")


@functools.cache
def _own_tag() -> re.Pattern[str]:
    """A quote's own tag saying the narrator speaks it, right after its closing mark ("…," said I)."""
    return re.compile(rf"[ \t]+(?:(?:{SPEECH_VERBS})[ \t]+I\b|I[ \t]+(?:\w+ly[ \t]+)?(?:{SPEECH_VERBS})\b)")


def i_tags(text: str, spans: list[tuple[int, int]]) -> int:
    """Speech tags with "I" as their subject ("…," I said / said I), within a paragraph."""
    rx = _i_tag()
    return sum(len(rx.findall(text, s, e)) for s, e in spans)


def narration_person(text: str, spans: list[tuple[int, int]], quotes: SpanIndex) -> tuple[int, int]:
    """Paragraphs whose narration (the prose outside quotes) says "I", and those that say "he"
    or "she"."""
    n_i = n_3 = 0
    for s, e in spans:
        n_i += any(not quotes.contains(m.start()) for m in _I.finditer(text, s, e))
        n_3 += any(not quotes.contains(m.start()) for m in _HE_SHE.finditer(text, s, e))
    return n_i, n_3


def plainly_first_person(text: str, spans: list[tuple[int, int]], quotes: SpanIndex) -> bool:
    """Does the narration say "I" as a first-person story's does — in paragraph after paragraph,
    at least about a third as many as say "he" or "she"? A third-person story says "I" in an
    aside or in a letter: a paragraph or two."""
    n_i, n_3 = narration_person(text, spans, quotes)
    return n_i >= FIRST_PERSON_MIN and n_i >= FIRST_PERSON_SHARE * n_3


def vocatives(text: str, quotes: SpanIndex, rx: re.Pattern[str], index: dict[str, int]) -> Counter[int]:
    """How often each character is called by name inside quotes: the name opening the speech or
    a sentence, or after a comma or "my dear", and closing a clause ("You're leaning, Yusra." —
    "Ottie, listen" — "my dear Ysolde,")."""
    out: Counter[int] = Counter()
    mine = _own_tag()
    for qs, qe in quotes.spans:
        if mine.match(text, qe):
            continue  # "'Sit down, Tomas,' said I": the narrator calls someone else
        for m in rx.finditer(text, qs + 1, qe):
            if not _CALL_AFTER.match(text, m.end(), qe) or not _CALL_BEFORE.search(text[max(qs + 1, m.start() - 12):m.start()]) \
                    and m.start() != qs + 1:
                continue
            ci = index.get(name_key(m.group(0)))
            if ci is not None:
                out[ci] += 1
    return out


def find_narrator(text: str, spans: list[tuple[int, int]], counts: Counter[int],
                  mentions: list[tuple[int, int, int]], quotes: SpanIndex | None = None,
                  rx: re.Pattern[str] | None = None, index: dict[str, int] | None = None) -> Narrator:
    """Whether the story is told in the first person, and by which character.

    The narrator's name lives in other people's speech ("my dear Corwin", "You're leaning,
    Yusra"), and narration calls them "I". Where only the tags say the story is first person
    ("I said" five times), the narrator is the character with the most uses inside quotes
    whose name narration almost never uses (at most one use in ten, each counting five times
    against it: someone who tells a long story in quotes is named there often too).

    Where the narration plainly is first person and the names are given (``rx``, ``index``),
    the uses that count are calls (vocatives): everyone the narrator talks with calls them by
    name, while each of the others is called by the narrator alone and named in narration
    besides. The narrator is the one called most, less half their uses in narration (a note or
    a letter the narration copies may name them), called at least twice; the dead brother
    everyone talks about is named in quotes as often, but nobody calls him.
    """
    tags = i_tags(text, spans)
    plain = quotes is not None and plainly_first_person(text, spans, quotes)
    if not plain and tags < TAGS_ALONE:
        return Narrator(False, None)
    outside = Counter(ci for _s, _e, ci in mentions)
    if plain and quotes is not None and rx is not None and index:
        called = vocatives(text, quotes, rx, index)
        best, best_n = None, 0.0
        acting = narrated_subjects(text, mentions)
        for ci, n in called.items():
            score = n - outside.get(ci, 0) / 2
            if n >= 2 and score > best_n and ci not in acting:
                best, best_n = ci, score
        return Narrator(True, best)
    best, best_n = None, (1 if plain else 4)
    for ci, total in counts.items():
        inside = total - outside.get(ci, 0)
        score = inside - 5 * outside.get(ci, 0)
        if score > best_n and outside.get(ci, 0) * 10 <= total:
            best, best_n = ci, score
    return Narrator(True, best)


def narrated_subjects(text: str, mentions: list[tuple[int, int, int]]) -> set[int]:
    """The characters narration makes the subject of a verb ("Tomas was waiting by the gate",
    "Tomas shrugged"): someone the "I" of the narration watches, so never that "I". The
    narrator's own name may stand in narration ("I called myself Emeric then"), but not doing things; a
    verb is a speech verb, a regular past or present ("shrugged", "nods"), or a word the
    narration puts after a pronoun ("she was" makes "Tomas was" a subject)."""
    is_verb = verb_test(text, SPEECH_VERBS)
    out: set[int] = set()
    for _s, e, ci in mentions:
        m = _VERB_AFTER.match(text, e)
        if m and is_verb(m.group(1)):
            out.add(ci)
    return out


def narration_mentions(text: str, spans: list[tuple[int, int]], quotes: SpanIndex) -> list[int]:
    """Where narration says "I": each a mention of the narrator, as a name is of anyone else
    (so the narrator is near, in a paragraph, talked of, as the sieves and the ranker ask)."""
    return [m.start() for s, e in spans for m in _I.finditer(text, s, e) if not quotes.contains(m.start())]


def called_narrator(text: str, blocks: list[Block], quotes: list[Quote], res: Resolver, salience: list[float],
                    narrator: int, counts: Counter[int]) -> int | None:
    """The name the others call a narrator nobody names in narration, read off the exchanges.

    A rules reading gives who says what; a line next to one the narrator's tag or beat gives
    them ("I said", "I shrug"), by someone else, that calls out a name ("You should let me drive you, Ottilie.") calls the narrator. The name
    must be one narration (almost) never uses — narration says "I" — and twice called, or called
    once, used twice and never by narration.
    """
    from fabula.characters.attribution import sieves as S
    from fabula.characters.attribution.reading import EXCHANGE_GAP, Reading, dialogue_by_block

    by_block = dialogue_by_block(blocks, quotes)
    found = Reading(text, blocks, by_block, res, salience).run()
    order = sorted(found)
    votes: Counter[int] = Counter()
    for k, bi in enumerate(order):
        if found[bi] != (narrator, True):
            continue  # one of the narrator's lines that a tag or a beat ("I said", "I shrug") says is theirs
        for j in (k - 1, k + 1):
            if 0 <= j < len(order) and abs(order[j] - bi) <= EXCHANGE_GAP and found[order[j]][0] not in (None, narrator):
                ci = S.called(text, S.quote_names(text, by_block[order[j]], res))
                if ci is not None and ci != found[order[j]][0]:
                    votes[ci] += 1
    narrated = Counter(ci for _p, ci in res.mentions)
    for ci, n in votes.most_common():
        told = narrated.get(ci, 0)
        if (n >= 2 and told * 10 <= counts.get(ci, 0)) or (told == 0 and counts.get(ci, 0) >= 2):
            return ci
    return None


_WORD = re.compile(r"\b[A-Z][a-z]{2,}\b")
#: the end of a call's clause: a stop or a comma, or a dash, typed as one or as two hyphens
_CALL_END = re.compile(r"\s*(?:[,!?.;:—–]|--)")
#: how far a line may stand from one of the narrator's and still be said to them
_NEAR = 600


def _calls(text: str, qs: int, qe: int) -> list[str]:
    """The capitalised words a quote calls out ("Don't slouch, Emeric;" — "Emeric, come here"),
    by :func:`vocatives`' test: after a stop, a comma or "my dear", closing a clause."""
    out = []
    for m in _WORD.finditer(text, qs + 1, qe):
        if not _CALL_END.match(text, m.end(), qe):
            continue
        if m.start() == qs + 1 or _CALL_BEFORE.search(text[max(qs + 1, m.start() - 12):m.start()]):
            out.append(m.group(0))
    return out


def narrator_name(text: str, quotes: list[Quote], narrator: str, cast: set[str],
                  prose: SpanIndex | None = None) -> str | None:
    """The name of a narrator nobody names in the cast, from what the lines say.

    The narrator may say it ("'Yes,' I said, 'Emeric Dancy.'", "I'm Emeric"): a line of their own
    that is an introduction, or a bare full name said without a cry. Else the others call it out
    ("Sit up straight, Emeric"), a name NER easily misses, used only as a call: a word called out
    by the others counts once, and once more where the line stands next to one of the
    narrator's own; the name is the word with the most, at least two. Either way the name is
    no one's in the cast, narration never uses it (it says "I"), and it is a name, not a title
    or a word the text writes in lower case ("Well", "Now"). ``prose``: the story's own
    paragraphs, where narration is; a summary or an author's note outside them ("Emeric and
    Tomas go home") may name the narrator as any blurb does."""
    spoken = [q for q in quotes if q.kind == "dialogue"]
    mine = [q for q in spoken if q.speaker == narrator]
    if not mine:
        return None
    inside = SpanIndex([(q.start, q.end) for q in quotes])
    for q in mine:
        m = INTRO.match(text[q.start:q.end])
        if m and (m.group("phrase") or (" " in m.group("name") and "!" not in text[q.start:q.end])) \
                and _may_name(m.group("name"), text, inside, cast, prose):
            return m.group("name")
    votes: Counter[str] = Counter()
    for q in spoken:
        if q.speaker == narrator:
            continue
        near = any(abs(q.start - own.start) <= _NEAR for own in mine)
        for w in _calls(text, q.start, q.end):
            votes[w] += 2 if near else 1
    for word, n in _with_nicknames(votes).most_common():
        if n < 2:
            break
        if _may_name(word, text, inside, cast, prose):
            return word
    return None


def _with_nicknames(votes: Counter[str]) -> Counter[str]:
    """The calls, a short form's added to the full name it begins ("Ottie" and "Ottoline",
    "Bran" and "Brannoch": one person called two ways). Ties keep the order of the first call."""
    out = Counter(votes)
    for short, n in votes.items():
        for full in votes:
            if len(short) >= 3 and full.startswith(short[:3]) and len(full) > len(short):
                out[full] += n
    return out


def _may_name(name: str, text: str, inside: SpanIndex, cast: set[str], prose: SpanIndex | None = None) -> bool:
    """A name for the narrator: a cast name whole or no part of one, no title, a first name or a
    word the text does not write in lower case, and never used by narration (outside quotes, in
    the story's paragraphs when ``prose`` says where they are)."""
    words = name.split()
    parts = {w for n in cast for w in n.split()}
    if (name not in cast and any(w in parts for w in words)) or words[0].lower().rstrip(".") in TITLES:
        return False  # a cast name is the narrator's (the caller joins them); part of one is ambiguous
    if all(lower_uses(text, w) >= 2 and first_name_gender(w)[0] is None for w in words):
        return False  # "Well", "Now": the text's own words, written in lower case elsewhere
    if any(w.lower() in STOP_WORDS or common(w) and first_name_gender(w)[0] is None for w in words):
        return False  # "Everyone.", "Okay,": a common word or an interjection, no one's first name
    return all(inside.contains(m.start()) or (prose is not None and not prose.contains(m.start()))
               for m in re.finditer(rf"\b{re.escape(name)}\b", text))


def lower_uses(text: str, word: str) -> int:
    """How often the text writes ``word`` in lower case: an ordinary word, where a name is
    always capitalised (as :func:`fabula.characters.names.plausible_person` judges NER's names)."""
    return len(re.findall(rf"\b{re.escape(word.lower())}\b", text))

