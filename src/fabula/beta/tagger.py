"""Parts of speech and the dependency parse, from spaCy's ``en_core_web_sm``, for the few sentences
a rule is in doubt about.

The reading pipeline runs spaCy's NER only (and on a book, on a sample), so there are no tags to
reuse, and tagging and parsing a whole novel would cost seconds. The rules ask only about a
sentence where a word is already in doubt — the trigram model finds another member of its set
likelier, or a small word missing — a few dozen in a novel; there the parse decides what the
trigram window cannot see: whether "its" owns a noun ("its warm glow") or stands as a subject
("its warm by the fire"), whether a clause has a comparative for "than" to complete.

Where the parse comes from: the pipeline (tok2vec, tagger, parser, attribute ruler; no NER, no
lemmatizer; :func:`fabula.characters.nlp.parse_texts`) — on the command line in the head start's
child, which loaded it while the passes ran, else loaded on the first question in the process
that runs the beta read. Each sentence is parsed once. Without spaCy or the model the rules
that need a parse say nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from fabula.characters import nlp
from fabula.characters.nlp import Parse  # the parse is the spaCy layer's

# spaCy's universal tags, grouped as the confusion sets' parts of speech are written (confusion.POS):
# N noun, V verb, A adjective, R adverb, P preposition or conjunction (and the infinitive "to"),
# D possessive determiner, C numeral; other determiners and pronouns are T and O, which no member is
_CLASS = {"NOUN": "N", "PROPN": "N", "VERB": "V", "AUX": "V", "ADJ": "A", "ADV": "R", "ADP": "P", "SCONJ": "P",
          "CCONJ": "P", "PART": "P", "DET": "T", "PRON": "O", "NUM": "C"}
_FINE = {"PRP$": "D", "WP$": "D", "EX": "R", "CD": "C"}  # "their", "whose"; existential "there"
MAX_SENTENCE = 800  # characters: a longer "sentence" (a run-on paste) is not parsed


def _clean(sentence: str) -> str:
    """Line breaks inside a sentence (a wrapped line) read as spaces, offsets unchanged."""
    return sentence.replace("\n", " ").replace("\r", " ").replace("\t", " ")


_PARSED: dict[str, Parse] = {}


def parse_many(sentences: Iterable[str]) -> list[Parse]:
    """Each sentence's parse (empty without spaCy, or for a sentence too long to be one); those not
    parsed before go to the pipeline here, in one batch."""
    wanted = [_clean(s) for s in sentences]
    todo = sorted({s for s in wanted if s not in _PARSED and s.strip() and len(s) <= MAX_SENTENCE})
    if todo:
        got = nlp.parse_texts(todo)
        if len(_PARSED) > 20_000:
            _PARSED.clear()
        _PARSED.update(zip(todo, got, strict=True))
    return [_PARSED.get(s, ()) for s in wanted]


def parse(sentence: str) -> Parse:
    return parse_many([sentence])[0]


def pos_at(sentence: str, start: int) -> tuple[str, str]:
    """(class letter, fine tag) of the token starting at ``start`` in ``sentence``, ('', '') if none."""
    for t in parse(sentence):
        if t.start == start:
            return _FINE.get(t.tag) or _CLASS.get(t.pos, ""), t.tag
    return "", ""


def index_at(tokens: Parse, start: int) -> int | None:
    """The index of the token that starts at ``start`` (an offset in the sentence), if any."""
    for i, t in enumerate(tokens):
        if t.start == start:
            return i
        if t.start > start:
            break
    return None


def children(tokens: Parse, i: int) -> list[int]:
    return [j for j, t in enumerate(tokens) if t.head == i and j != i]


_SENTENCE_END = ".!?"
_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "st", "mt", "jr", "sr", "prof", "rev", "capt", "col", "gen", "lt", "sgt", "vs",
                  "etc", "messrs", "mme", "mlle", "no"}


def _abbreviation(text: str, i: int) -> bool:
    """The full stop at ``i`` ends a title ("Mrs. Dunmore"), not a sentence."""
    if text[i] != ".":
        return False
    j = i
    while j > 0 and text[j - 1].isalpha():
        j -= 1
    return text[j:i].lower() in _ABBREVIATIONS


def sentence_around(text: str, pos: int) -> tuple[int, str]:
    """(start, text) of the sentence around ``pos``: from after the last sentence end or blank line
    before it to the next one, at most 400 characters either side."""
    lo = max(0, pos - 400)
    start = lo
    for i in range(pos - 1, lo - 1, -1):
        if (text[i] in _SENTENCE_END and not _abbreviation(text, i)) or text[i:i + 2] == "\n\n":
            start = i + 1
            break
    while start < pos and text[start].isspace():
        start += 1  # a space before the sentence changes how spaCy reads its first words
    hi = min(len(text), pos + 400)
    end = hi
    for i in range(pos, hi):
        if (text[i] in _SENTENCE_END and not _abbreviation(text, i)) or text[i:i + 2] == "\n\n":
            end = i + 1
            break
    return start, text[start:end]


def at(text: str, pos: int) -> tuple[int, Parse, int | None]:
    """(the sentence's start, its parse, the index of the token at ``pos``) for the sentence around ``pos``."""
    s0, sentence = sentence_around(text, pos)
    tokens = parse(sentence)
    return s0, tokens, index_at(tokens, pos - s0)


def prefetch(text: str, positions: Iterable[int]) -> None:
    """Parse the sentences around ``positions`` in one batch (spaCy pipes them together)."""
    parse_many(sentence_around(text, p)[1] for p in positions)


_C = TypeVar("_C", bound=tuple[Any, ...])


def parsed(text: str, found: list[_C]) -> Iterator[tuple[_C, int, Parse, int]]:
    """Each candidate (its first item a position in ``text``) with its sentence's start, its parse
    and the candidate's token index — the sentences parsed in one batch first; a candidate whose
    token the parse does not hold is passed over."""
    if found:
        prefetch(text, [f[0] for f in found])
    for f in found:
        s0, tokens, k = at(text, f[0])
        if k is not None:
            yield f, s0, tokens, k
