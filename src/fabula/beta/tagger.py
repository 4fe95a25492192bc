"""Parts of speech for the beta read, from spaCy's ``en_core_web_sm`` tagger, on the few sentences
a rule asks about.

The reading pipeline runs spaCy's NER only (and on a book, on a sample), so there are no tags to
reuse. Tagging a whole novel would cost seconds; the rules ask only about a sentence where a
confusable word is already in doubt (the trigram model found another member more probable), a
few dozen in a novel. The tagger is loaded on the first such question (tok2vec, tagger and
attribute ruler; no parser, NER or lemmatizer) and each sentence is tagged once.
"""

from __future__ import annotations

import functools
from typing import Any

# spaCy's universal tags, grouped as the confusion sets' parts of speech are written (confusion.POS):
# N noun, V verb, A adjective, R adverb, P preposition or conjunction (and the infinitive "to"),
# D possessive determiner, C numeral
# D possessive determiner, C numeral; other determiners and pronouns are T and O, which no member is
_CLASS = {"NOUN": "N", "PROPN": "N", "VERB": "V", "AUX": "V", "ADJ": "A", "ADV": "R", "ADP": "P", "SCONJ": "P",
          "CCONJ": "P", "PART": "P", "DET": "T", "PRON": "O", "NUM": "C"}
_FINE = {"PRP$": "D", "WP$": "D", "EX": "R", "CD": "C"}  # "their", "whose"; existential "there"


@functools.lru_cache(maxsize=1)
def _nlp() -> Any | None:
    try:
        from fabula.characters.nlp import MODEL_PACKAGES, _import_spacy
    except ImportError:
        return None
    import importlib

    try:
        _import_spacy()
    except ImportError:
        return None
    for name in MODEL_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        return module.load(exclude=["ner", "parser", "lemmatizer", "senter"])
    return None


def available() -> bool:
    return _nlp() is not None


def tags(sentence: str) -> tuple[tuple[int, int, str, str], ...]:
    """(start, end, universal tag, fine tag) of each token of ``sentence`` (empty without spaCy)."""
    return _tags(sentence)


@functools.lru_cache(maxsize=4096)
def _tags(sentence: str) -> tuple[tuple[int, int, str, str], ...]:
    nlp = _nlp()
    if nlp is None:
        return ()
    return tuple((t.idx, t.idx + len(t.text), t.pos_, t.tag_) for t in nlp(sentence))


def pos_at(sentence: str, start: int) -> tuple[str, str]:
    """(class letter, fine tag) of the token starting at ``start`` in ``sentence``, ('', '') if none."""
    for a, _b, pos, tag in _tags(sentence):
        if a == start:
            return _FINE.get(tag) or _CLASS.get(pos, ""), tag
    return "", ""


def sentence_around(text: str, pos: int) -> tuple[int, str]:
    """(start, text) of the sentence around ``pos``: from after the last sentence end or blank line
    before it to the next one, at most 400 characters either side."""
    lo = max(0, pos - 400)
    start = lo
    for i in range(pos - 1, lo - 1, -1):
        if text[i] in ".!?" or text[i:i + 2] == "\n\n":
            start = i + 1
            break
    hi = min(len(text), pos + 400)
    end = hi
    for i in range(pos, hi):
        if text[i] in ".!?" or text[i:i + 2] == "\n\n":
            end = i + 1
            break
    return start, text[start:end]
