"""English word and word-pair frequencies, from the dictionaries ``symspellpy`` ships (PyPI).

``frequency_dictionary_en_82_765.txt`` (82,765 words) tells a word from a misspelling;
``frequency_bigramdictionary_en_243_342.txt`` (243,342 word pairs) tells which of two confusable
words fits between its neighbours — "bear with" is common, "bare with" is not. Both are loaded
once, lazily, and only the pairs that contain a confusable word are kept in memory.
"""

from __future__ import annotations

import functools
import marshal
import math
import os
import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

# sets whose members the pair counts tell apart; lie/lay, led/lead, threw/through, accept/except and
# role/roll were measured on clean novels (benchmarks/bench_beta.py) to raise more false alarms than
# they catch slips, and are left out
CONFUSABLE_SETS: list[tuple[str, ...]] = [
    ("bear", "bare"), ("lose", "loose"), ("losing", "loosing"), ("then", "than"), ("passed", "past"),
    ("lying", "laying"), ("their", "there"), ("affect", "effect"), ("breath", "breathe"), ("quite", "quiet"),
    ("peak", "peek"), ("advice", "advise"), ("weather", "whether"), ("brake", "break"),
]
CONFUSABLE: dict[str, tuple[str, ...]] = {w: tuple(x for x in s if x != w) for s in CONFUSABLE_SETS for w in s}


def _data(name: str) -> str:
    return resources.files("symspellpy").joinpath(name).read_text(encoding="utf-8")


@functools.lru_cache(maxsize=1)
def words() -> dict[str, int]:
    def build() -> dict[str, int]:
        out: dict[str, int] = {}
        for line in _data("frequency_dictionary_en_82_765.txt").splitlines():
            parts = line.split()
            if len(parts) == 2:
                out[parts[0]] = int(parts[1])
        return out
    table = cached("symspellpy", "words", build)
    return table if isinstance(table, dict) else build()


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
    table = cached("symspellpy", "pair-rows", build)
    return table if isinstance(table, dict) else build()


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


def _cache_dirs() -> list[Path]:
    """Where parsed word lists are kept, in order: ``$FABULA_CACHE_DIR``; the installation's own
    ``<prefix>/var/cache/fabula`` (``make install`` fills it, so a read-only or absent home never
    matters); the user's cache (``$XDG_CACHE_HOME`` or ``~/.cache``), only where a home exists."""
    out: list[Path] = []
    if os.environ.get("FABULA_CACHE_DIR"):
        out.append(Path(os.environ["FABULA_CACHE_DIR"]))
    out.append(Path(sys.prefix) / "var" / "cache" / "fabula")
    root = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    if os.path.isabs(root):  # no HOME: expanduser leaves "~", and a relative cache would land in the cwd
        out.append(Path(root) / "fabula")
    return out


def _cache_name(package: str, what: str) -> str | None:
    try:
        from importlib.metadata import version

        v = version(package)
    except Exception:  # noqa: BLE001 - no metadata: no cache, parse each time
        return None
    return f"{package}-{v}-{what}.marshal"


def cached(package: str, what: str, build: Callable[[], Any]) -> Any:
    """``build()``, kept (marshal) under the package's version in the first cache folder that has it
    or takes it (:func:`_cache_dirs`): parsing a data file a package ships is done once, not on every
    check. The cache is only a copy: if no folder can be read or written, ``build()`` is called each
    time, silently."""
    name = _cache_name(package, what)
    dirs = (_WARMING or _cache_dirs()) if name else []
    for d in dirs:
        try:
            return marshal.loads((d / name).read_bytes())  # type: ignore[operator]
        except (OSError, ValueError, EOFError, TypeError):
            continue
    value = build()
    for d in dirs:
        try:
            d.mkdir(parents=True, exist_ok=True)
            tmp = d / f"{name}.{os.getpid()}.tmp"
            tmp.write_bytes(marshal.dumps(value))
            os.replace(tmp, d / name)  # type: ignore[operator]
            break
        except (OSError, ValueError):
            continue
    return value


_WARMING: list[Path] = []  # while warm() runs: the one folder to read and fill


def warm() -> None:
    """Parse and cache every word list the beta read uses in the installation's own folder
    (``make install`` runs this, so a check never depends on the user's home)."""
    from fabula.beta import spelling

    _WARMING[:] = [Path(sys.prefix) / "var" / "cache" / "fabula"]
    try:
        for fn in (words, _pair_rows, spelling._misspellings, spelling._first_sounds):
            fn.cache_clear()
        words()
        _pair_rows()
        spelling.common_misspelling("definately")
        spelling.first_sound("hour")
    finally:
        _WARMING.clear()


class _Pairs:
    """``pairs().get((a, b), 0)``, as the rules ask it."""

    def get(self, key: tuple[str, str], default: int = 0) -> int:
        return pair_count(key[0], key[1]) or default


def pairs() -> _Pairs:
    return _Pairs()


# nouns that measure or name a quantity and want "of" after them ("a rush of fear"); words that are
# also adjectives or take clauses ("a kind man", "the sort who") are left out
_HEADS = {"rush", "wave", "pang", "surge", "flood", "hint", "handful", "bunch", "flash", "flicker", "stream", "trace",
          "shred", "jolt", "twinge", "spark", "glimmer", "burst"}
HEADS = frozenset(_HEADS)
SMOOTH = 2e5


def fit(prev: str, word: str, nxt: str) -> float:
    """How well ``word`` fits between its neighbours: log of smoothed pair counts on both sides."""
    p = pairs()
    return math.log(p.get((prev, word), 0) + SMOOTH) + math.log(p.get((word, nxt), 0) + SMOOTH)


def best_alternative(prev: str, word: str, nxt: str) -> tuple[str, float, int] | None:
    """(alternative, log-ratio over the written word, its larger pair count), when one fits better."""
    if word not in CONFUSABLE:
        return None
    here = fit(prev, word, nxt)
    best = None
    p = pairs()
    for alt in CONFUSABLE[word]:
        gain = fit(prev, alt, nxt) - here
        support = max(p.get((prev, alt), 0), p.get((alt, nxt), 0))
        if best is None or gain > best[1]:
            best = (alt, gain, support)
    return best


def known(word: str) -> bool:
    return word in words()


def agrees(prev: str, word: str, alt: str, nxt: str) -> bool:
    """Neither neighbour prefers the written word: both sides of the evidence point the same way."""
    p = pairs()
    return p.get((prev, alt), 0) >= p.get((prev, word), 0) and p.get((alt, nxt), 0) >= p.get((word, nxt), 0)


def unattested(prev: str, word: str, nxt: str) -> bool:
    """The word appears beside neither neighbour in the pair counts."""
    p = pairs()
    return p.get((prev, word), 0) == 0 and p.get((word, nxt), 0) == 0


COMMON = 6_000_000  # a symspellpy count of about ten in a million words (wordfreq's Zipf 4)


def common(word: str) -> bool:
    """A word written about ten times in a million or more, by symspellpy's counts (already loaded
    for the beta read, where wordfreq's lists would cost a second to open)."""
    return sum(words().get(w, 0) for w in word.lower().split()) >= COMMON * max(1, word.count(" ") + 1)


@functools.lru_cache(maxsize=4096)
def web_zipf(word: str) -> float:
    """wordfreq's Zipf frequency (0 for a word the web at large never uses)."""
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "en"))


def typo_fix(word: str, swaps_only: bool = False) -> str | None:
    """A likely typo's correction, or None. Two shapes only, because rare real words are many:
    two neighbouring letters swapped into a common word ("recieved"), or a word the web never
    uses one edit from a common one."""
    w = words()
    swaps = [word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(len(word) - 1)]
    found = [(w[c], c) for c in swaps if c in w and c != word and w[c] >= 1_000_000]
    if found:
        return max(found)[1]
    if not swaps_only and web_zipf(word) == 0.0:
        fix = correction(word)
        if fix and fix[0] == word[0] and web_zipf(fix) >= 4.0:
            return fix
    return None


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def correction(word: str) -> str | None:
    """The most frequent dictionary word one edit away (Norvig's edits1), if any."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    cands = {a + b[1:] for a, b in splits if b}
    cands |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    cands |= {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
    cands |= {a + c + b for a, b in splits for c in _LETTERS}
    w = words()
    found = [(w[c], c) for c in cands if c in w and c != word]
    return max(found)[1] if found else None
