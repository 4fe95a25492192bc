"""Spelling: a real dictionary, a list of common misspellings, the story's own words and its variety.

- The dictionary is Hunspell's — Debian's ``hunspell-en-us`` and ``hunspell-en-gb`` (SCOWL and
  the LibreOffice British dictionary) — read through ``pyenchant``, the maintained binding of the
  Enchant library, whose Hunspell provider applies the affix rules in C (a lookup is a few
  microseconds, so a novel's 10,000 distinct words cost a few hundredths of a second). Where
  Enchant or the dictionaries are missing (a pip-only install), the word list ``symspellpy``
  ships stands in, so ``fabula check`` still runs.
- Common misspellings are ``codespell``'s list (its ``dictionary.txt``, derived from Wikipedia's
  "Lists of common misspellings", CC BY-SA 3.0), read from the installed package. Only entries
  whose wrong form neither dictionary knows are used: "alot" and "definately" are mistakes in any
  story, "cant" (a real word) is not one to flag by list.
- The variety (American or British) is decided by counting the story's words that codespell's
  ``dictionary_en-GB_to_en-US.txt`` pairs: "colour", "realised", "travelling" against "color",
  "realized", "traveling". Suggestions come from the story's own variety; a spelling right in
  either variety is never a misspelling.
"""

from __future__ import annotations

import functools
from collections import Counter
from importlib import resources
from typing import Any

from fabula import cache

MAX_WORD = 40  # longer "words" are pasted URLs or keyboard mash: never checked, never corrected


@functools.lru_cache(maxsize=1)
def _enchant() -> tuple[Any, Any] | None:
    try:
        import enchant

        return enchant.Dict("en_US"), enchant.Dict("en_GB")
    except Exception:  # noqa: BLE001 - no libenchant, or no Hunspell dictionary: the fallback list
        return None


@functools.lru_cache(maxsize=65536)
def known(word: str, variety: str | None = None) -> bool:
    """The word is spelt right in the given variety ("US"/"GB"), or in either when None."""
    if not word or len(word) > MAX_WORD:
        return True
    w = word.replace("’", "'")
    if w.lower() in fandom_words():
        return True
    dicts = _enchant()
    if dicts is None:
        from fabula.beta import lexicon

        return lexicon.known(w.lower())
    us, gb = dicts
    if variety == "US":
        return bool(us.check(w))
    if variety == "GB":
        return bool(gb.check(w))
    return bool(us.check(w) or gb.check(w))


@functools.lru_cache(maxsize=1)
def fandom_words() -> frozenset[str]:
    """The fan-fiction community's own words (fabula/data/fandom_words.txt)."""
    text = resources.files("fabula").joinpath("data", "fandom_words.txt").read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


def _codespell(name: str) -> str:
    return resources.files("codespell_lib").joinpath("data", name).read_text(encoding="utf-8")


@functools.lru_cache(maxsize=1)
def _misspellings() -> dict[str, tuple[str, ...]]:

    def build() -> dict[str, tuple[str, ...]]:
        out: dict[str, tuple[str, ...]] = {}
        try:
            text = _codespell("dictionary.txt")
        except (ModuleNotFoundError, FileNotFoundError):
            return out
        for line in text.splitlines():
            wrong, _, right = line.partition("->")
            if not right or not wrong.isalpha():
                continue
            fixes = tuple(f.strip() for f in right.split(",") if f.strip() and not f.strip().startswith("disabled"))
            if fixes:
                out[wrong] = fixes
        return out
    return cache.cached_dict("codespell", "misspellings", build)


def common_misspelling(word: str) -> tuple[str, ...] | None:
    """The corrections of a listed common misspelling that no dictionary knows, else None. An entry
    only the British dictionary knows counts too ("informations", "knowledgable", "miniscule": the
    LibreOffice British list is generous) unless it is one of a British/American pair ("despatch")
    or a word symspellpy's web counts hold ("connexion", "gage")."""
    fixes = _misspellings().get(word.lower())
    if not fixes or known(word, "US") or known(word.lower(), "US"):
        return None
    if known(word) or known(word.lower()):
        from fabula.beta import lexicon

        low = word.lower()
        if _variety_pairs().get(low) or lexicon.words().get(low, 0) or _enchant() is None:
            return None
    return fixes


def best_fix(fixes: tuple[str, ...]) -> str:
    """Of a list entry's corrections, the one written most (symspellpy's counts; a phrase by its rarest
    word): "alot" → "a lot", not "allot"."""
    if len(fixes) == 1:
        return fixes[0]
    from fabula.beta import lexicon

    counts = lexicon.words()
    return max(fixes, key=lambda f: (min(counts.get(w, 0) for w in f.lower().split()), -fixes.index(f)))


@functools.lru_cache(maxsize=1)
def _variety_pairs() -> dict[str, str]:
    """British spelling → American, and American → British."""
    out: dict[str, str] = {}
    for gb, us in _variants().items():
        out[gb] = "GB"
        out.setdefault(us, "US")
    return out


@functools.lru_cache(maxsize=1)
def _variants() -> dict[str, str]:
    """British spelling → American (codespell's dictionary_en-GB_to_en-US.txt)."""
    out: dict[str, str] = {}
    try:
        text = _codespell("dictionary_en-GB_to_en-US.txt")
    except (ModuleNotFoundError, FileNotFoundError):
        return out
    for line in text.splitlines():
        gb, _, us = line.partition("->")
        if gb and us:
            out[gb.strip()] = us.split(",")[0].strip()
    return out


def variant_of(word: str) -> str | None:
    """The American spelling of a British one, else None."""
    return _variants().get(word)


# endings that mark the variety beyond the list's words (the list has the commonest stems)
_GB_ENDINGS = ("our", "ours", "oured", "ouring", "ise", "ised", "ising", "isation", "ogue", "tre", "lled", "lling")


def variety(words: Counter[str]) -> str | None:
    """"US" or "GB" when the story's spellings say so (three to one), else None."""
    pairs = _variety_pairs()
    votes: Counter[str] = Counter()
    for w, n in words.items():
        side = pairs.get(w)
        if side is None and w.endswith(_GB_ENDINGS) and len(w) > 5 and _enchant() is not None:
            us_ok, gb_ok = known(w, "US"), known(w, "GB")
            side = "GB" if gb_ok and not us_ok else "US" if us_ok and not gb_ok else None
        if side:
            votes[side] += n
    if votes["GB"] >= 3 * max(votes["US"], 1) or (votes["GB"] >= 2 and not votes["US"]):
        return "GB"
    if votes["US"] >= 3 * max(votes["GB"], 1) or (votes["US"] >= 2 and not votes["GB"]):
        return "US"
    return None


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def edits1(word: str) -> set[str]:
    """Every string one deletion, swap, replacement or insertion away (Norvig). Callers keep the
    word short (``MAX_WORD``): the set has about 54 × length strings of that length."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = {a + b[1:] for a, b in splits if b}
    out |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    out |= {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
    out |= {a + c + b for a, b in splits for c in _LETTERS}
    out.discard(word)
    return out


@functools.lru_cache(maxsize=8192)
def suggest(word: str, variety: str | None = None) -> str | None:
    """The likeliest correction of an unknown word: among dictionary words one edit away, the one
    English uses most (symspellpy's counts). None for a word too long to be a word, or with nothing
    one edit away (two edits would cost a quarter of a second a word, and a novel has hundreds of
    unknown words: the finding then comes without a fix)."""
    from fabula.beta import lexicon

    low = word.lower()
    if len(low) > MAX_WORD or len(low) < 2:
        return None
    freq = lexicon.words()

    def best(cands: set[str]) -> str | None:
        # a proper noun's dictionary entry is capitalised ("Europe" for "eruope")
        scored = [(freq.get(c, 0), c) for c in cands if c in freq and (known(c, variety) or known(c.capitalize(), variety))]
        return max(scored)[1] if scored else None

    return best(edits1(low))


_VOWEL_PHONES = ("AA", "AE", "AH", "AO", "AW", "AY", "EH", "ER", "EY", "IH", "IY", "OW", "OY", "UH", "UW")


@functools.lru_cache(maxsize=1)
def _first_sounds() -> dict[str, str]:
    """word → "V" (every pronunciation begins with a vowel sound), "C" (every one with a consonant),
    "H" (an h that some say and some drop, "historic", "hotel"), from the CMU Pronouncing Dictionary
    (the copy pocketsphinx ships); words it has both ways are left out."""

    def build() -> dict[str, str]:
        try:
            import os

            from pocketsphinx import get_model_path

            text = open(os.path.join(get_model_path(), "en-us", "cmudict-en-us.dict"), encoding="utf-8").read()
        except Exception:  # noqa: BLE001 - no pocketsphinx: no a/an
            return {}
        seen: dict[str, set[str]] = {}
        for line in text.splitlines():
            parts = line.split()
            if len(parts) < 2:
                continue
            word = parts[0].split("(")[0]
            first = parts[1]
            kind = "V" if first.startswith(_VOWEL_PHONES) else "H" if first == "HH" and word.startswith("h") else "C"
            seen.setdefault(word, set()).add(kind)
        return {w: next(iter(k)) if len(k) == 1 else ("H" if k == {"V", "H"} else "") for w, k in seen.items()}
    return cache.cached_dict("pocketsphinx", "first-sounds", build)


def first_sound(word: str) -> str:
    """"V", "C" or "H" (see :func:`_first_sounds`), "" when unknown or said both ways."""
    return _first_sounds().get(word.lower(), "")
