"""English word and word-pair frequencies, from the dictionaries ``symspellpy`` ships (PyPI).

``frequency_dictionary_en_82_765.txt`` (82,765 words) tells a word from a misspelling;
``frequency_bigramdictionary_en_243_342.txt`` (243,342 word pairs) tells which of two confusable
words fits between its neighbours — "bear with" is common, "bare with" is not. Both are loaded
once, lazily, and only the pairs that contain a confusable word are kept in memory.
"""

from __future__ import annotations

import functools

from fabula import cache

# the word counts live in fabula.frequency, which cast discovery reads too; the beta read asks them here
from fabula.frequency import COMMON as COMMON
from fabula.frequency import common as common
from fabula.frequency import known as known
from fabula.frequency import symspell_data
from fabula.frequency import words as words

# the sound-alikes the planted benchmark (benchmarks/bench_beta.py) swaps into clean novels; the rules
# themselves decide the 200 sets and the one-way pairs of fabula/data/confusion_sets.txt
CONFUSABLE_SETS: list[tuple[str, ...]] = [
    ("bear", "bare"), ("lose", "loose"), ("losing", "loosing"), ("then", "than"), ("passed", "past"),
    ("lying", "laying"), ("their", "there"), ("affect", "effect"), ("breath", "breathe"), ("quite", "quiet"),
    ("peak", "peek"), ("advice", "advise"), ("weather", "whether"), ("brake", "break"),
]


def _data(name: str) -> str:
    return symspell_data(name)


@functools.lru_cache(maxsize=1)
def _pair_rows() -> dict[str, str]:
    """symspellpy's word pairs grouped by first word, each group kept as its text ("second count …")
    and parsed only when a story asks about that word. Parsing all 242,342 pairs takes about half a
    second, so the grouping is cached (``cached``) and read in a few hundredths after the first use."""
    def build() -> dict[str, str]:
        rows: dict[str, list[str]] = {}
        for line in _data("frequency_bigramdictionary_en_243_342.txt").splitlines():
            parts = line.split()
            if len(parts) == 3:
                rows.setdefault(parts[0], []).append(f"{parts[1]} {parts[2]}")
        return {a: " ".join(r) for a, r in rows.items()}
    return cache.cached_dict("symspellpy", "pair-rows", build)


@functools.lru_cache(maxsize=16384)
def _row(first: str) -> dict[str, int]:
    flat = _pair_rows().get(first)
    if not flat:
        return {}
    it = iter(flat.split())
    return {b: int(n) for b, n in zip(it, it, strict=True)}


def pair_count(a: str, b: str) -> int:
    """How often the pair "a b" occurs in symspellpy's counts (0 when it is not among the listed)."""
    return _row(a).get(b, 0)




def warm() -> None:
    """Parse and cache every data file a read and a beta read use, in the installation's own
    folder (``make install`` runs this, so a check never depends on the user's home)."""
    from fabula.beta import confusion, spelling
    from fabula.characters import names

    with cache.warming():
        for fn in (words, _pair_rows, confusion._near, spelling._misspellings, spelling._first_sounds,
                   names._gender_answers):
            fn.cache_clear()
        words()
        _pair_rows()
        confusion._near()
        spelling.common_misspelling("definately")
        spelling.first_sound("hour")
        names._gender_answers()


# nouns that measure or name a quantity and want "of" after them ("a rush of fear"); words that are
# also adjectives or take clauses ("a kind man", "the sort who") are left out
HEADS = frozenset({"rush", "wave", "pang", "surge", "flood", "hint", "handful", "bunch", "flash", "flicker", "stream",
                   "trace", "shred", "jolt", "twinge", "spark", "glimmer", "burst"})
