"""Confusable words decided by context: a sourced list of confusion sets, word-pair statistics and,
where the members differ in part of speech, the grammatical slot the word stands in.

The statistics are ``symspellpy``'s English word and word-pair counts (82,765 words; the 242,342
commonest pairs, each seen at least 6.4 million times). For a word ``w`` between neighbours ``p``
and ``n`` each member ``c`` of its set is scored as naive Bayes does:

    log P(p | c) + log P(n | c) = log count(p c) + log count(c n) − 2 log count(c)

A pair below the list's floor is estimated as the two words' independent co-occurrence, capped
at half the floor (it was not among the common pairs, so it is rarer than they). The written word
is questioned when another member's likelihood is far higher (``LIKELIHOOD``, in natural log),
with part of the prior (``PRIOR`` × log count ratio) and a bonus when the slot rules out the
written word (``SLOT``); the alternative must also be seen beside a neighbour. These thresholds
were fitted on the tune split (benchmarks/bench_beta.py --split tune).
"""

from __future__ import annotations

import functools
import itertools
import math
import operator
import re
from collections.abc import Callable, Collection, Iterator
from importlib import resources

from fabula import cache
from fabula.beta import lexicon, ngrams

# the trigram model's say (natural log of how much more probable the sentence is with the other word,
# plus the slot's) that questions the written word on its own. Fitted on the tune split
# (benchmarks/tune_confusion.py): the clean PDNC novels, JFLEG's references and Zesch's corrected
# sentences against the tune halves' real slips. (spaCy's tagger as a third voice — the written word read
# as a part of speech it cannot be — was measured there too and found nothing the other two do not.)
DECIDES = 7.0
WITH_PAIRS = 3.0  # … and when symspellpy's pair counts, decided as below (``decide``), prefer the same word
# a model that backs off to single words favours the commoner word wherever it knows neither phrase
# ("an odd knot" → "not"): half of the other word's extra commonness is taken back
PRIOR_SHARE = 0.5
# a window cut right after the word (a comma, a dash) shows the model only what comes before: the phrase
# it completes there ("a stately manor") may go on quite otherwise ("a stately manner, bowing low")
RIGHT_CUT = 2.0

FLOOR = 6_400_000  # the pair list's smallest count: an unseen pair is rarer than this
LIKELIHOOD = math.log(10)  # how much better the neighbours (and the slot) must fit the other word
UNSEEN = 8.0  # an alternative's pair that is not listed counts as the floor divided by this …
UNSEEN_WRITTEN = 2.0  # … and the written word's (the benefit of the doubt: it may be just below the floor),
WRITTEN_ASSOCIATION = 10.0  # … or this many times the two words' chance co-occurrence, if less
AGAINST = math.log(2)  # no neighbour may favour the written word more than this
SLOT = math.log(50)  # the slot's say when it rules the written word out and the other in
SLOT_TO = math.log(8)  # … after "to", which may be a preposition


@functools.lru_cache(maxsize=1)
def sets() -> dict[str, tuple[str, ...]]:
    """Each member of a one-word confusion set → the other members of every set it is in. A line
    "written -> meant" questions only the written word: the other way round misfired on the tune
    split's clean prose, or is too common to score ("hat -> had": "hat" is questioned, "had" never is)."""
    return parse_sets(resources.files("fabula").joinpath("data", "confusion_sets.txt").read_text(encoding="utf-8"))


_ONE_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")  # windows are lower-cased: a capital would never be looked up


def parse_sets(text: str) -> dict[str, tuple[str, ...]]:
    """:func:`sets` of a text in confusion_sets.txt's format (benchmarks/widen_confusion.py reads
    the shipped sets without their wider selection with it)."""
    out: dict[str, list[str]] = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if "->" in line:
            written, meant = (m.strip() for m in line.split("->", 1))
            if not (_ONE_WORD.fullmatch(written) and _ONE_WORD.fullmatch(meant)):
                raise ValueError(f"confusion sets: {line!r} is not 'written -> meant', two lower-case words")
            out.setdefault(written, [])
            out[written] += [meant] if meant not in out[written] else []
            continue
        members = [m.strip() for m in line.split("|") if m.strip()]
        if len(members) < 2 or any(" " in m for m in members):
            continue
        for m in members:
            out.setdefault(m, [])
            out[m] += [x for x in members if x != m and x not in out[m]]
    return {w: tuple(alts) for w, alts in out.items()}


@functools.lru_cache(maxsize=1)
def _plain_members() -> frozenset[str]:
    """The members a window is scored for: those without an apostrophe (left to the its/your rules)."""
    return frozenset(w for w in sets() if "'" not in w)


@functools.lru_cache(maxsize=1)
def pair_thresholds() -> dict[tuple[str, str, bool], float]:
    """(written, other, decided with the slot's help) → the score it must pass, for pairs that
    misfire on clean prose (fitted on the tune split by benchmarks/tune_confusion.py; every other
    pair needs ``LIKELIHOOD``)."""
    out: dict[tuple[str, str, bool], float] = {}
    path = resources.files("fabula").joinpath("data", "confusion_thresholds.tsv")
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) == 4 and not line.startswith("#"):
                out[(parts[0], parts[1], parts[2] == "slot")] = float(parts[3])
    return out


def threshold(word: str, alt: str, by_slot: bool) -> float:
    return max(LIKELIHOOD, pair_thresholds().get((word, alt, by_slot), 0.0))


@functools.lru_cache(maxsize=1)
def _total() -> float:
    return float(sum(lexicon.words().values()))


def unigram(word: str) -> int:
    return lexicon.words().get(word, 0)


def sides(prev: str, word: str, alt: str, nxt: str) -> tuple[float, float]:
    """log count(prev alt) − log count(prev word), and the same with the next word (0 where none):
    how much more often English puts the other word beside each neighbour."""
    return _side(prev, word, alt, True), _side(nxt, word, alt, False)


def _side(other: str, word: str, alt: str, before: bool) -> float:
    """log P(other | alt) − log P(other | word): how much better the neighbour goes with the other
    word, each count divided by its word's own (so a word's commonness alone decides nothing)."""
    if not other:
        return 0.0
    a, w = (lexicon.pair_count(other, alt), lexicon.pair_count(other, word)) if before else \
        (lexicon.pair_count(alt, other), lexicon.pair_count(word, other))
    if not a and not w:
        return 0.0  # neither is among the common pairs: this neighbour says nothing
    ca, cw = max(unigram(alt), 1), max(unigram(word), 1)
    co = max(unigram(other), 1)
    a_est = a or min(FLOOR / UNSEEN, ca * co / _total())
    w_est = w or min(FLOOR / UNSEEN_WRITTEN, WRITTEN_ASSOCIATION * cw * co / _total())
    return math.log(a_est / ca) - math.log(w_est / cw)


def _listed_for(prev: str, alt: str, nxt: str, left: float, right: float) -> bool:
    """A side that favours the other word does so from a listed pair, not from two estimates."""
    return bool((left > 0 and prev and lexicon.pair_count(prev, alt)) or (right > 0 and nxt and lexicon.pair_count(alt, nxt)))


_TOKEN = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?")
_SENTENCE_END = frozenset(".!?…")
_CLAUSE_BREAK = frozenset(",;:\"'”“’‘—–-()*_[]/")


def _ends(gap: str) -> bool:
    """A sentence ends in this gap between two words (a blank line is a paragraph's end; one line
    break is a wrapped line)."""
    return not _SENTENCE_END.isdisjoint(gap) or gap.count("\n") > 1


def _cut(gap: str) -> bool:
    """The clause breaks in this gap (a comma, a dash, a quote mark): the words across it are not
    one phrase."""
    return (len(gap.strip(" \n\t")) > 0 and not _CLAUSE_BREAK.isdisjoint(gap)) or len(gap) > 3


class _Tokens:
    """One prose span's words, lower-cased, with what lies between each two decided when first asked
    (a novel's words are tokenised once for every rule that reads windows)."""

    def __init__(self, text: str, s: int, e: int) -> None:
        self.text = text
        # the words, what lies between them, and where each starts, from the regex engine's own loops
        # (the pattern reads no context, so the span's text alone tokenises alike): a novel's words
        # are no tuple each
        piece = text[s:e]
        self.words: list[str] = _TOKEN.findall(piece)
        self.seps: list[str] = _TOKEN.split(piece)  # seps[k]: what stands before word k; one more after the last
        steps = map(operator.add, map(len, self.seps[:-1]), itertools.chain((0,), map(len, self.words)))
        self.starts: list[int] = list(itertools.accumulate(steps, initial=s))[1:]
        # the words are letters and apostrophes: lower-cased and straightened all at once
        self.lows: list[str] = "\0".join(self.words).lower().replace("’", "'").split("\0") if self.words else []
        # before each word: 2 a sentence ends there, 1 the clause breaks, 0 one phrase (:meth:`gap`), and
        # 2 after the last; decided once per distinct gap (most are one space)
        codes: dict[str, int] = {" ": 0}
        self.gaps: list[int] = [2] * (len(self.words) + 1)
        for k in range(1, len(self.words)):
            between = self.seps[k]
            g = codes.get(between)
            if g is None:
                g = codes[between] = 2 if _ends(between) else 1 if _cut(between) else 0
            self.gaps[k] = g
        self._usable: dict[int, bool] = {}
        self._where: dict[str, list[int]] | None = None
        self._windows: dict[int, tuple[list[str], int]] = {}

    def where(self) -> dict[str, list[int]]:
        """Each word (lower-cased) → the indices it stands at: a rule that asks about a few words
        looks them up rather than testing every word of a novel."""
        if self._where is None:
            at: dict[str, list[int]] = {}
            for k, low in enumerate(self.lows):
                got = at.get(low)
                if got is None:
                    at[low] = [k]
                else:
                    got.append(k)
            self._where = at
        return self._where

    def wanted(self, wanted: Callable[[str], bool] | Collection[str]) -> list[int]:
        """The indices of the words ``wanted`` (a test asked once per distinct word, or the words
        themselves), in order."""
        at = self.where()
        if callable(wanted):
            hits = [k for low, ks in at.items() if wanted(low) for k in ks]
        elif len(wanted) > len(at):
            hits = [k for low, ks in at.items() if low in wanted for k in ks]
        else:
            hits = [k for low in set(wanted) for k in at.get(low, ())]
        hits.sort()
        return hits

    def gap(self, k: int) -> int:
        """Before token ``k``: 2 a sentence ends there, 1 the clause breaks, 0 one phrase."""
        return 2 if k <= 0 or k >= len(self.words) else self.gaps[k]

    def usable(self, k: int) -> bool:
        u = self._usable.get(k)
        if u is None:
            w = self.words[k]
            if w[0].isupper():
                u = _usable(w, self.text, self.starts[k])
            else:  # :func:`_usable` of a lower-case word, whose lowered form is at hand
                u = w not in _APOSTROPHE_LOST and ngrams.known(self.lows[k])
            self._usable[k] = u
        return u

    def tok(self, k: int) -> tuple[int, int, str]:
        """(start, end, the word as written) of word ``k``."""
        a, w = self.starts[k], self.words[k]
        return a, a + len(w), w

    def window(self, i: int) -> tuple[list[str], int]:
        """Word ``i``'s window and its index in it, made once (several rules ask about "their",
        "there", "its"); callers only read it."""
        got = self._windows.get(i)
        if got is None:
            got = self._windows[i] = self._window(i)
        return got

    def _window(self, i: int) -> tuple[list[str], int]:
        gaps, usable, lows = self.gaps, self.usable, self.lows  # (gaps[0] and gaps[len(words)] are 2)
        left: list[str] = []
        j = i
        while len(left) < 2:
            g = gaps[j]
            if g == 2:
                left.insert(0, ngrams.START)
                break
            if g == 1 or not usable(j - 1):
                break
            left.insert(0, lows[j - 1])
            j -= 1
        right: list[str] = []
        j = i
        while len(right) < 2:
            g = gaps[j + 1]
            if g == 2:
                right.append(ngrams.END)
                break
            if g == 1 or not usable(j + 1):
                break
            right.append(lows[j + 1])
            j += 1
        return [*left, lows[i], *right], len(left)


_TOKENS_CACHE: dict[tuple[int, int, int, int], _Tokens] = {}
# The cache is bounded by the tokens it holds (a long novel's words, all of them), not by how many
# spans: bounded at 4,096 spans, a story of 10,000 one-line chapters was tokenised again for each
# of the seven rules that read windows.
_CACHE_TOKENS = 2_000_000
_cached_tokens = 0


def tokens(text: str, s: int, e: int) -> _Tokens:
    """The words of ``text[s:e]``, tokenised once per text and span (kept for every rule that asks)."""
    global _cached_tokens
    key = (id(text), len(text), s, e)
    got = _TOKENS_CACHE.get(key)
    if got is None or got.text is not text:
        got = _Tokens(text, s, e)
        if _cached_tokens + len(got.words) > _CACHE_TOKENS:
            _TOKENS_CACHE.clear()
            _cached_tokens = 0
        _TOKENS_CACHE[key] = got
        _cached_tokens += len(got.words)
    return got


def windows(text: str, spans: list[tuple[int, int]], wanted: Callable[[str], bool] | Collection[str],
            skip: Callable[[int, str], bool] | None = None) -> Iterator[tuple[int, int, str, list[str], int]]:
    """(start, end, word as written, its window, the word's index in it) for every word ``wanted``
    (given lower-cased: a test of the word alone, or the words themselves) in ``spans``: up to two
    words either side, lower-cased, with ``<s>``/``</s>`` where the sentence begins or ends, cut at a
    clause break (comma, dash, quote), a capitalised word inside the sentence (a name) or a word the
    trigram model does not know. ``skip(start, word as written)`` leaves a word out before its
    window is made (a rule that passes over dialogue saves a third of a novel's windows)."""
    for s, e in spans:
        tk = tokens(text, s, e)
        for i in tk.wanted(wanted):
            a, b, w = tk.tok(i)
            if skip is not None and skip(a, w):
                continue
            win, at = tk.window(i)
            yield a, b, w, win, at


_APOSTROPHE_LOST = {"s", "t", "d", "m", "ll", "re", "ve"}


def _usable(w: str, text: str, pos: int) -> bool:
    """A neighbour the model can speak for: a word it knows; a capitalised one mid-sentence only where
    the text writes it so once (a place or a people named in passing, "sailed on to Norway"): a
    name the story repeats ("walked back to where Odile lay") is a character's, whose lower-case namesake
    the model may know as a word."""
    from fabula.beta.vocabulary import _sentence_start

    if w[0].isupper() and w != "I" and not _sentence_start(text, pos) and not (
            w[1:].islower() and _capitalised(text).get(w, 0) == 1):
        return False
    if w in _APOSTROPHE_LOST:
        return False  # "there s", "couldn t": a text that lost its apostrophes
    return ngrams.known(w.lower().replace("’", "'"))


_CAPITALISED = re.compile(r"(?<![\w'’-])[A-Z][a-z]+(?![\w'’-])")
_CAPITALS_CACHE: dict[tuple[int, int], tuple[str, dict[str, int]]] = {}


def _capitalised(text: str) -> dict[str, int]:
    """How often the text writes each capitalised word (counted once per text, when a window first
    meets a capital inside a sentence)."""
    key = (id(text), len(text))
    got = _CAPITALS_CACHE.get(key)
    if got is None or got[0] is not text:
        counts: dict[str, int] = {}
        for w in _CAPITALISED.findall(text):
            counts[w] = counts.get(w, 0) + 1
        if len(_CAPITALS_CACHE) > 64:
            _CAPITALS_CACHE.clear()
        got = _CAPITALS_CACHE[key] = (text, counts)
    return got[1]


def scored(text: str, spans: list[tuple[int, int]], skip: Callable[[int, str], bool]
           ) -> Iterator[tuple[int, int, str, str, float, float, list[str], int]]:
    """(start, end, word as written, the member the trigram model prefers, by how much (natural log),
    the slot's say, the window, the word's index in it) for every member of a set in ``spans`` that
    ``skip(start, word)`` lets through, where some other member is more probable."""
    seen: dict[tuple[str, ...], tuple[str, float, float] | None] = {}  # a window scored once (a novel repeats many)
    for a, b, w, win, i in windows(text, spans, _plain_members(), skip):
        if len(win) < 2 or not ngrams.known(w.lower()):
            continue  # a word alone between two breaks: only its commonness would speak
        key = (*win, str(i))
        if key in seen:
            best = seen[key]
        else:
            best = seen[key] = _best(win, i)
        if best is not None and best[1] + best[2] > 0:
            yield a, b, w, best[0], best[1], best[2], win, i


@functools.lru_cache(maxsize=4096)
def _scored_alts(low: str) -> tuple[str, ...]:
    """The other members of ``low``'s sets a window is scored with: no contraction (their own rules
    weigh those), and only words the model knows."""
    return tuple(alt for alt in sets()[low] if "'" not in alt and ngrams.known(alt))


def _best(win: list[str], i: int) -> tuple[str, float, float] | None:
    """(the other member the window likes best, the trigram model's gain, the slot's say)."""
    low = win[i]
    prev = win[i - 1] if i and win[i - 1] != ngrams.START else ""
    prev2 = win[i - 2] if i > 1 and win[i - 2] != ngrams.START else ""
    # the next word; "" where the sentence ends, "," where the clause breaks (an adjective in a list)
    nxt = win[i + 1] if i + 1 < len(win) and win[i + 1] != ngrams.END else "" if i + 1 < len(win) else ","
    best: tuple[str, float, float] | None = None
    clause_ends = i + 1 == len(win) or win[i + 1] == ngrams.END
    after = win[i + 1] if i + 1 < len(win) else None
    cut = RIGHT_CUT if i + 1 == len(win) else 0.0
    base: float | None = None  # the window's own score and the word's commonness, asked once for all the alternatives
    own = 0.0
    for alt in _scored_alts(low):
        if (clause_ends and (alt == "than" or POS.get(alt) == "D")) or after == alt:
            continue  # "than" and a possessive need what follows them: "colder then," is the time
        if base is None:
            base, own = ngrams.score(win, i), ngrams.logp(low)
        gain = ngrams.prefer(win, i, alt, base) - PRIOR_SHARE * max(0.0, ngrams.logp(alt) - own) - cut
        sl = slot(prev, prev2, low, alt, nxt)
        if best is None or gain + sl > best[1] + best[2]:
            best = (alt, gain, sl)
    return best


def pairs_agree(win: list[str], i: int, word: str, alt: str) -> bool:
    """symspellpy's pair counts (and the slot), on the word's neighbours, prefer ``alt`` by their own threshold."""
    prev = win[i - 1] if i and win[i - 1] != ngrams.START else ""
    prev2 = win[i - 2] if i > 1 and win[i - 2] != ngrams.START else ""
    nxt = win[i + 1] if i + 1 < len(win) and win[i + 1] != ngrams.END else ""
    best = decide(prev2, prev, word, nxt)
    return bool(best and best[0] == alt and best[1] >= threshold(word, alt, best[2]))


# --- the slot: what part of speech the neighbours leave room for ---------------------------

# the part of speech of members whose sets differ in it (V verb, N noun, A adjective, P preposition or
# conjunction, R adverb, D possessive, C numeral); a member not listed may be anything. From the words'
# dictionary entries, leaving out senses writers rarely mean (the verb "to effect", to bring about)
POS: dict[str, str] = {
    "breath": "N", "breathe": "V", "breaths": "N", "breathes": "V", "breadth": "N",
    "advice": "N", "advise": "V", "device": "N", "devise": "V",
    "lose": "V", "loose": "AV", "loosing": "V", "losing": "VA",
    "accept": "V", "except": "P", "affect": "V", "effect": "N", "affects": "V", "effects": "N",
    "stationary": "A", "stationery": "N", "past": "PANR", "passed": "V",
    "then": "R", "than": "P", "lightning": "N", "lightening": "V", "choose": "V", "chose": "V",
    "whole": "AN", "hole": "N", "weather": "N", "whether": "P", "threw": "V", "through": "P",
    "quite": "R", "quiet": "ANV", "conscience": "N", "conscious": "A", "proceed": "V", "precede": "V",
    "presence": "N", "presents": "NV", "patience": "N", "patients": "N", "principal": "AN", "principle": "N",
    "aloud": "R", "allowed": "V", "decent": "A", "descent": "N", "envelop": "V", "envelope": "N",
    "loath": "A", "loathe": "V", "their": "D", "there": "R", "your": "D", "whose": "D", "belief": "N", "believe": "V", "complaint": "N", "complain": "V",
    "to": "P", "too": "R", "two": "C", "not": "R", "knot": "NV", "know": "V", "new": "A", "knew": "V",
    "weak": "A", "week": "N", "vary": "V", "very": "RA", "write": "V", "some": "DR", "sum": "NV", "forth": "R",
    "fourth": "AC", "sea": "N", "see": "V", "hear": "V", "here": "R", "heard": "V", "herd": "NV", "seam": "N",
    "seem": "V", "scene": "N", "seen": "V", "wore": "V", "war": "N", "were": "V", "where": "RP", "wear": "VN",
    "which": "D", "witch": "N", "while": "PN", "wood": "N", "would": "V", "our": "D", "hour": "N", "hours": "N",
    "led": "V", "made": "V", "maid": "N", "missed": "V", "mist": "N", "meat": "N", "meet": "V", "might": "VN",
    "mite": "N", "tide": "N", "tied": "V", "road": "N", "rode": "V", "rowed": "V", "rote": "N", "wrote": "V",
    "steal": "V", "steel": "N", "stair": "N", "stare": "VN", "blew": "V", "blue": "AN", "bread": "N",
    "bred": "V", "cell": "N", "sell": "V", "clothes": "N", "dear": "AN", "deer": "N", "flea": "N", "flee": "V",
    "foul": "AV", "fowl": "N", "heal": "V", "heel": "N", "lessen": "V", "lesson": "N", "pail": "N", "pale": "A",
    "pray": "V", "prey": "N", "raise": "V", "rays": "N", "read": "V", "red": "A", "real": "AR", "reel": "NV",
    "wring": "V", "sew": "V", "so": "RP", "sow": "V", "soul": "N", "tail": "N", "tale": "N", "waive": "V",
    "wonder": "VN", "wander": "V", "coarse": "A", "course": "N",
}
_MODALS = {"can", "could", "will", "would", "shall", "should", "may", "might", "must", "do", "does", "did",
           "don't", "doesn't", "didn't", "can't", "cannot", "couldn't", "won't", "wouldn't", "shouldn't",
           "mustn't", "please", "let's", "i'll", "you'll", "we'll", "they'll", "he'll", "she'll"}
_DETERMINERS = {"a", "an", "the", "this", "these", "those", "my", "your", "his", "her", "its", "our", "their",
                "every", "each", "no", "any", "some", "another", "such", "whose"}
_COMPARATIVES = {"more", "less", "rather", "other", "better", "worse", "fewer", "greater", "larger", "smaller",
                 "bigger", "older", "younger", "higher", "lower", "longer", "shorter", "faster", "slower", "easier",
                 "harder", "stronger", "weaker", "closer", "further", "farther"}
_INDEFINITE = {"everything", "anything", "nothing", "everyone", "anyone", "everybody", "anybody", "nobody", "all",
               "none"}
# words that cannot follow an adjective in a noun phrase: after "the district's", an adjective
# followed by one of these is standing where the noun should be
_FUNCTION = {"and", "or", "but", "of", "in", "on", "at", "to", "with", "for", "from", "was", "is", "were", "are",
             "had", "has", "that", "which", "who", "as", "by", ""}
_MOTION = re.compile(r"^(?:\w+ed|drove|ran|went|came|rode|flew|swept|strode|swam|slid|sped|stole|crept|wandered)$")


# "sent to sea", "went to bed": after going or sending, "to" and a last word is a place
_GOING = {"go", "goes", "went", "gone", "going", "come", "comes", "came", "coming", "send", "sends", "sent", "sending",
          "get", "got", "run", "ran", "way", "back", "down", "up", "off", "out", "home"}
_ROAMING = {"around", "off", "through", "into", "away", "along", "across", "down", "up", "out", "toward", "towards",
            "aimlessly", "among", "amongst", "past", "the"}
_ASKING = {"if", "whether", "what", "why", "how", "who", "where", "when", "aloud", "at", "that"}
_THEN_BEFORE = {"and", "since", "by", "until", "till", "just", "right", "only", "but", "now", "from"}


def _meaning_slot(prev: str, word: str, alt: str, nxt: str) -> float:
    """Sets told apart by what follows rather than by part of speech: wander (somewhere) / wonder
    (if, what, why); then (after "and", "since", "back") / than; had passed / had past."""
    if {word[:4], alt[:4]} == {"wand", "wond"} and word[4:] == alt[4:]:
        want = "wand" if nxt in _ROAMING else "wond" if nxt in _ASKING else ""
        if want:
            return SLOT if alt.startswith(want) else -SLOT if word.startswith(want) else 0.0
    if {word, alt} == {"then", "than"} and prev in _THEN_BEFORE:
        return SLOT if alt == "then" else -SLOT  # "and than we slept"
    if {word, alt} == {"passed", "past"} and prev in ("had", "has", "have", "having"):
        return SLOT if alt == "passed" else -SLOT
    return 0.0


def slot(prev: str, prev2: str, word: str, alt: str, nxt: str) -> float:
    """How far the grammar around the word favours ``alt`` (positive) or the written word (negative)."""
    meaning = _meaning_slot(prev, word, alt, nxt)
    if meaning:
        return meaning
    pw, pa = POS.get(word), POS.get(alt)
    if not pw or not pa:
        return 0.0
    if pa == "D" and nxt in _FUNCTION and pw != "D":
        return -SLOT  # a possessive cannot end a clause or stand before "and": "went there.", not "their"
    if pw == "D" and nxt in _FUNCTION and pa != "D" and nxt:
        return SLOT  # "put it over their by the door"

    def fits(pos: str, need: str) -> bool:
        return any(p in need for p in pos)

    need, weight = "", 0.0
    if {word, alt} == {"then", "than"} and nxt not in ("", ",") and (
            prev in _COMPARATIVES or prev2 in ("rather", "sooner")
            or lexicon.pair_count(prev, "than") >= 0.05 * max(unigram(prev), 1)):
        need, weight = "P", SLOT  # "more then I thought", "colder then": a word "than" often follows
    elif prev.replace("’", "'") in _MODALS and not nxt.endswith("ly"):  # "should very firmly"
        need, weight = "V", SLOT
    elif prev == "to" and not (nxt in ("", ",") and (prev2 in _GOING or _MOTION.match(prev2))) and prev2 not in ("close", "next", "up", "according", "due", "thanks", "from", "back"):
        need, weight = "V", SLOT_TO
    elif (prev in _DETERMINERS and prev != "her") or prev.endswith(("'s", "’s")):  # "made him breathe"
        need, weight = ("N" if nxt in _FUNCTION else "NA"), SLOT
    elif prev in _INDEFINITE and nxt in _DETERMINERS | {"him", "her", "them", "me", "us", "for", "when", "that"}:
        need, weight = "P", SLOT  # "everything accept the mug"
    elif (_MOTION.match(prev) and nxt in _DETERMINERS | {"him", "her", "them", "me", "us", "it"}):
        need, weight = "P", SLOT  # "drove passed the tower": after a verb of motion, a preposition
    if not need:
        return 0.0
    if fits(pa, need) and not fits(pw, need):
        return weight
    if fits(pw, need) and not fits(pa, need):
        return -weight
    return 0.0


def decide(prev2: str, prev: str, word: str, nxt: str) -> tuple[str, float, bool] | None:
    """(the member the context prefers, by how much in natural log, whether the slot had a say) when
    it is not the written word."""
    alts = sets().get(word)
    if not alts or not (prev or nxt):
        return None
    best: tuple[str, float, bool] | None = None
    for alt in alts:
        if unigram(alt) == 0:
            continue
        left, right = sides(prev, word, alt, nxt)
        s = slot(prev, prev2, word, alt, nxt)
        if s < 0 or (s == 0 and min(left, right) < -AGAINST):
            continue  # the grammar, or one neighbour, speaks for the written word
        if s == 0 and not _listed_for(prev, alt, nxt, left, right):
            continue  # no listed pair speaks for the other word
        gain = left + right + s
        if best is None or gain > best[1]:
            best = (alt, gain, s > 0)
    return best if best and best[1] > 0 else None


# --- real-word slips beyond the sets --------------------------------------------------------

REAL_WORD = 10.0  # how much likelier (natural log) a one-letter neighbour must make the sentence, with the pairs' say
# (``pairs_say``; tune split)
MIN_NEIGHBOUR = 2_000_000  # … and how common it must be (rarer words are more often the slip)
# the wider confusion sets' written words are no commoner than this (benchmarks/widen_confusion.py: every
# "for", "with" or "from" of a novel would be scored); FB112 once left these words alone too, but the model
# expects them so surely in clean prose that its ``SURE`` gate passes nearly none of them (none on the tune
# split's clean side), while a slip among them ("the lamp as been lit", "wanted do go") is what it is surest of
MAX_WRITTEN = 400_000_000


def _common(word: str) -> bool:
    return lexicon.words().get(word, 0) >= MIN_NEIGHBOUR


_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")  # the letters spelling.edits1 puts in


@functools.lru_cache(maxsize=1)
def _near() -> dict[str, str]:
    """The common words (``MIN_NEIGHBOUR``) by their forms with one letter blanked ("wa_k" for "walk",
    "wall", ...), space-joined: a word one letter replaced, or one letter short, shares such a key with
    them. :func:`neighbours` looks up a word's few keys rather than make its ~400 one-edit strings
    (``spelling.edits1``) and keep the common ones: the same words, a tenth of the time. Built once
    and kept with the word lists (``cache``)."""
    def build() -> dict[str, str]:
        rows: dict[str, list[str]] = {}
        for c, n in lexicon.words().items():
            if n >= MIN_NEIGHBOUR:
                for i, ch in enumerate(c):
                    if ch in _LETTERS:  # edits1 replaces and puts in letters only
                        rows.setdefault(f"{c[:i]}\0{c[i + 1:]}", []).append(c)
        return {k: " ".join(v) for k, v in rows.items()}
    return cache.cached_dict("symspellpy", f"near-{MIN_NEIGHBOUR}", build)


def _one_edit_common(word: str) -> set[str]:
    """``spelling.edits1(word)`` ∩ the common words: a letter dropped or two swapped (looked up as
    words); a letter replaced or put in (:func:`_near`'s key with the blank there)."""
    near = _near()
    out: set[str] = set()
    n = len(word)
    for i in range(n + 1):
        out.update(near.get(f"{word[:i]}\0{word[i:]}", "").split())  # a letter put in before word[i]
        if i == n:
            break
        out.update(near.get(f"{word[:i]}\0{word[i + 1:]}", "").split())  # word[i] replaced
        dropped = word[:i] + word[i + 1:]
        if _common(dropped):
            out.add(dropped)
        if i < n - 1:
            swapped = word[:i] + word[i + 1] + word[i] + word[i + 2:]
            if _common(swapped):
                out.add(swapped)
    out.discard(word)
    return out


@functools.lru_cache(maxsize=65536)
def neighbours(word: str) -> tuple[str, ...]:
    """Dictionary words one edit from ``word`` and common enough to be meant, leaving out its form with
    or without an "a-" ("round"/"around": a choice). Its own inflections ("look"/"looks") are kept:
    :func:`slip` asks more of them (``INFLECTED``)."""
    from fabula.beta import spelling

    return tuple(c for c in _near_words(word) if spelling.known(c))


@functools.lru_cache(maxsize=65536)
def _near_words(word: str) -> tuple[str, ...]:
    """:func:`neighbours` before the dictionary is asked (:func:`slip` asks it only of a neighbour
    that would be the likeliest: a look-up costs more than the model's score)."""
    if not 2 <= len(word) <= 15:  # two letters too: "as" for "has", "do" for "to"
        return ()
    return tuple(sorted(c for c in _one_edit_common(word) if not _a_prefixed(word, c) and not _a_prefixed(c, word)))


_ENDINGS = ("ing", "ed", "es", "er", "ly", "en", "s", "d", "n", "e", "y", "r")


def _stem(w: str) -> str:
    for e in _ENDINGS:
        if w.endswith(e) and len(w) - len(e) >= 3:
            return w[:-len(e)]
    return w


def _inflection(word: str, c: str) -> bool:
    """The same word in another form ("smiles"/"smiled", "look"/"looks"): a slip at the ending is a
    tense or a number the writer chose more often than a typo. "though"/"thought" are two words."""
    return _stem(word) == _stem(c)


def _a_prefixed(long: str, short: str) -> bool:
    """``long`` is ``short`` with an "a-" before it ("around"/"round", "away"/"way", "awake"/"wake"): two
    forms a writer chooses between. Another first letter dropped or added is a slip ("ears" for
    "years", "hen" for "when")."""
    return long == "a" + short


# a neighbour that is the word in another form ("smiles"/"smiled", "cliff"/"cliffs") is more often the
# writer's choice than a slip: it must make the sentence likelier by this much more (natural log; fitted on
# the tune split and the clean PDNC novels: 0 raised three warnings there, 1 one, 2 none, for 2 more tune slips)
INFLECTED = 1.0
SURE = -14  # ln P of a word and the next given what precedes: above this the written word is expected


def slip(win: list[str], i: int, word: str, prior_share: float = PRIOR_SHARE,
         others: Collection[str] = ()) -> tuple[str, float] | None:
    """(a dictionary word one edit from ``word``, by how much the trigram model prefers the sentence
    with it, less part of its extra commonness) for the likeliest such neighbour, if any is likelier.
    ``others``: the neighbours another rule weighs (the word's confusion-set members, FB101's): where
    one of them is the likeliest, None is returned — FB101 has weighed the word against it, with the
    thresholds fitted for its set, and FB112 does not overrule it."""
    best: tuple[str, float] | None = None
    if not ngrams.known(word):
        return None  # a word the model never saw ("foamed"): it cannot say the sentence wants another
    base = ngrams.score(win, i)
    if base > SURE:
        return None  # the model expects the word here: no neighbour is worth asking about
    from fabula.beta import spelling

    own = ngrams.logp(word)
    for c in _near_words(word):  # neighbours(word), the dictionary asked only of a neighbour that would be best
        if not ngrams.known(c):
            continue
        gain = ngrams.prefer(win, i, c, base) - prior_share * max(0.0, ngrams.logp(c) - own) \
            - (INFLECTED if _inflection(word, c) else 0.0)
        if gain > 0 and (best is None or gain > best[1]) and not _variant(word, c) and spelling.known(c):
            best = (c, gain)
    return None if best is not None and best[0] in others else best


# symspellpy's pair counts (the web's, another corpus than the model's) as a second voice: a quarter of how
# much more often they put the neighbour beside the words around it is added to the model's gain. Fitted
# with ``REAL_WORD`` on the tune split (Zesch's slips found by FB112 and its warnings on clean text: the
# PDNC novels, JFLEG's and Zesch's corrected sentences): the model alone at 9 found 48 slips for 17 false
# alarms; with a quarter of the pairs' say at 10, 51 for 15 (a half: 92 for 62 at 9, 72 for 37 at 10)
PAIRS_SHARE = 0.25

# A slip is a one-off: a word the text writes once, in no other form ("hell" in "tried to hell his friend
# carry it"), where a word the author chose turns up again or in another form ("the creak of the gate"
# beside "creaked"). Such a word is questioned a little more readily: at this verdict instead of
# ``REAL_WORD``, when neither it nor another form of it (:func:`family_key`) is anywhere else in the text, it
# is no function word, the window goes on after it (a comma or colon right after it leaves the model only
# what comes before: "a low dome:") and the neighbour is no other number or inflection of it
# ("speeds"/"speed": a choice). Fitted on the tune split (the same sources as ``PAIRS_SHARE``): 8.5 found 4
# more natural slips (of 68) and 23 artificial (of 400) for 5 more warnings on the eight clean novels and
# none on JFLEG's references or Zesch's corrected sentences; 8.0 found one natural slip more for a false
# alarm on a corrected sentence and 7 more on the novels.
REAL_WORD_ONE_OFF = 8.5


def family_key(word: str) -> str:
    """What a word and its other forms share ("smiles", "smiled", "smiling": "smil")."""
    return _stem(word)


def other_number(word: str, c: str) -> bool:
    """The same noun in the other number ("speeds"/"speed", "boxes"/"box")."""
    return word in (c + "s", c + "es") or c in (word + "s", word + "es")


def pairs_say(win: list[str], i: int, alt: str) -> float:
    """What the pair counts add to the verdict on ``alt`` for ``win[i]`` (``PAIRS_SHARE`` of :func:`sides`
    on the word's two neighbours; 0 where neither pair is listed: a phrase rarer than the
    web's pairs can say)."""
    prev = win[i - 1] if i and win[i - 1] != ngrams.START else ""
    nxt = win[i + 1] if i + 1 < len(win) and win[i + 1] != ngrams.END else ""
    left, right = sides(prev, win[i], alt, nxt)
    return PAIRS_SHARE * (left + right)


def slip_verdict(win: list[str], i: int, found: tuple[str, float]) -> float:
    """What FB112 weighs against ``REAL_WORD`` for :func:`slip`'s answer ``found``: the model's gain, less
    ``RIGHT_CUT`` where the window is cut right after the word (a comma, a colon: the model sees only what
    comes before, "a short dose:" is not "doze"), plus the pair counts' say."""
    return found[1] - (RIGHT_CUT if i + 1 == len(win) else 0.0) + pairs_say(win, i, found[0])


def _variant(a: str, b: str) -> bool:
    """Two spellings of one word: British and American ("honourable"/"honorable", codespell's pairs)."""
    from fabula.beta import spelling

    return spelling.variant_of(a) == b or spelling.variant_of(b) == a


# --- slips into a word the model never saw -------------------------------------------------

# A dictionary word the trigram model does not know (a rare word a slip of a common one often lands on:
# "tickets so cheep" for cheap) gives the model nothing to compare, so :func:`slip` passes it by. What can be
# asked instead is how strongly the words either side expect a common neighbour of it: the pointwise mutual
# information of the neighbour with the word before it (given the two before) and with the word after it
# (ln P(x | context) − ln P(x), each side). Fitted on the tune split (benchmarks/tune_unseen_slip.py: Zesch's
# even records against the clean PDNC novels, JFLEG's even references and Zesch's corrected sentences): the
# clean side's highest outside dialogue stood at 4.2 (a vocative in speech, which FB112 passes over, at 5.0),
# three of the natural slips at 5.0 to 6.7, and one artificial at 6.2 (another at 4.4).
UNSEEN_SLIP = 4.5


def unseen_slip(win: list[str], i: int, word: str) -> tuple[str, float] | None:
    """(a common dictionary word one edit from ``word``, how strongly the words either side expect it) for
    a word the model never saw, written the same in American and British dictionaries (a spelling only one
    of them has — "waggon" — is the variety's, and its neighbour the other variety's), where
    some neighbour the model knows is expected on both sides (``win`` holds a word or a sentence edge either
    side of ``i``). Another form of the same word (an old participle in "-en" beside its "-ed") is the
    writer's choice, and is left."""
    from fabula.beta import spelling

    if ngrams.known(word) or not 0 < i < len(win) - 1:
        return None
    if not (spelling.known(word, "US") and spelling.known(word, "GB")):
        return None
    h1, h2, nxt = win[i - 1], win[i - 2] if i > 1 else "", win[i + 1]
    after = ngrams.logp(nxt)
    best: tuple[str, float] | None = None
    for c in _near_words(word):
        if not ngrams.known(c) or _inflection(word, c) or _variant(word, c):
            continue
        say = ngrams.logp(c, h1, h2) - ngrams.logp(c) + ngrams.logp(nxt, c, h1) - after
        if (best is None or say > best[1]) and spelling.known(c):
            best = (c, say)
    return best
