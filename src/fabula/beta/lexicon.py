"""English word and word-pair frequencies, from the dictionaries ``symspellpy`` ships (PyPI).

``frequency_dictionary_en_82_765.txt`` (82,765 words) tells a word from a misspelling;
``frequency_bigramdictionary_en_243_342.txt`` (243,342 word pairs) tells which of two confusable
words fits between its neighbours — "bear with" is common, "bare with" is not. Both are loaded
once, lazily, and only the pairs that contain a confusable word are kept in memory.
"""

from __future__ import annotations

import functools
import marshal
import os
import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

# the sound-alikes the planted benchmark (benchmarks/bench_beta.py) swaps into clean novels; the rules
# themselves decide the 200 sets of fabula/data/confusion_sets.txt
CONFUSABLE_SETS: list[tuple[str, ...]] = [
    ("bear", "bare"), ("lose", "loose"), ("losing", "loosing"), ("then", "than"), ("passed", "past"),
    ("lying", "laying"), ("their", "there"), ("affect", "effect"), ("breath", "breathe"), ("quite", "quiet"),
    ("peak", "peek"), ("advice", "advise"), ("weather", "whether"), ("brake", "break"),
]


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


def known(word: str) -> bool:
    return word in words()


COMMON = 6_000_000  # a symspellpy count of about ten in a million words (wordfreq's Zipf 4)


def common(word: str) -> bool:
    """A word written about ten times in a million or more, by symspellpy's counts (already loaded
    for the beta read, where wordfreq's lists would cost a second to open)."""
    return sum(words().get(w, 0) for w in word.lower().split()) >= COMMON * max(1, word.count(" ") + 1)
