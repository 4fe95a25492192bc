"""English word frequencies, from the dictionary ``symspellpy`` ships (PyPI):
``frequency_dictionary_en_82_765.txt`` (82,765 words with their counts).

Two parts ask it: the beta read (:mod:`fabula.beta.lexicon`: a word or a misspelling?) and cast
discovery (:mod:`fabula.characters.subjects`: a name or a common word?). It lives apart from both
so that neither imports the other; it is loaded once, lazily, through :mod:`fabula.cache`.
"""

from __future__ import annotations

import functools
from importlib import resources

from fabula import cache


def symspell_data(name: str) -> str:
    """One of symspellpy's data files, as text."""
    return resources.files("symspellpy").joinpath(name).read_text(encoding="utf-8")


@functools.lru_cache(maxsize=1)
def words() -> dict[str, int]:
    def build() -> dict[str, int]:
        out: dict[str, int] = {}
        for line in symspell_data("frequency_dictionary_en_82_765.txt").splitlines():
            parts = line.split()
            if len(parts) == 2:
                out[parts[0]] = int(parts[1])
        return out
    return cache.cached_dict("symspellpy", "words", build)


def known(word: str) -> bool:
    return word in words()


COMMON = 6_000_000  # a symspellpy count of about ten in a million words (wordfreq's Zipf 4)


def common(word: str) -> bool:
    """A word written about ten times in a million or more, by symspellpy's counts (already loaded
    for the beta read, where wordfreq's lists would cost a second to open)."""
    return sum(words().get(w, 0) for w in word.lower().split()) >= COMMON * max(1, word.count(" ") + 1)
