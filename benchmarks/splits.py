"""The fixed tune/check splits of the evaluation data, as code (docs/accuracy.md states the protocol).

Every annotated set is cut once, the same way for every developer and every benchmark: the
*tune* part is where errors may be read (which line went wrong, on which text); the *check*
part is only ever scored, and its figure is the one a change is judged by. The rules are
written here once so that no benchmark can drift from them.

- ``../shared/eval/fics``: tune = 01, 02, 04, 06, 08; check = 03, 05, 07, 09 (by the file's
  two-digit prefix).
- LitBank (``../shared/eval/litbank``): a work is tune when the SHA-1 of its file stem
  (``1342_pride_and_prejudice``), read as an integer, is even; check otherwise. A hash rather
  than a hand-picked list, so nobody chose which works are easy.
- PDNC dev (8 novels): every novel was tuned on in earlier sessions, so the whole set is tune;
  its check figure is leave-one-novel-out (the ranker fitted without the novel it reads).
- JFLEG test: sentence index (0-based line number) even = tune, odd = check.
- Zesch: record index (0-based, within each file) even = tune, odd = check.

Standard library only: tests and every benchmark import this without fabula's models.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Literal, TypeVar

Split = Literal["tune", "check"]
SPLITS: tuple[Split, Split] = ("tune", "check")
T = TypeVar("T")

FIC_TUNE = frozenset({1, 2, 4, 6, 8})
FIC_CHECK = frozenset({3, 5, 7, 9})
_FIC_NUMBER = re.compile(r"^(\d+)-")


def fic_number(name: str | Path) -> int:
    """The two-digit prefix of a fic's file name: ``03-static-hearts.txt`` → 3."""
    m = _FIC_NUMBER.match(Path(name).name)
    if m is None:
        raise ValueError(f"not an annotated fic's file name (NN-slug…): {name}")
    return int(m.group(1))


def fic_split(name: str | Path) -> Split:
    """tune or check for one of the annotated fics; a number outside both lists is an error, not a guess."""
    n = fic_number(name)
    if n in FIC_TUNE:
        return "tune"
    if n in FIC_CHECK:
        return "check"
    raise ValueError(f"fic {n:02d} is in neither split: add it to benchmarks/splits.py first")


def litbank_stem(name: str | Path) -> str:
    """The work's file stem as the split hashes it: ``1342_pride_and_prejudice`` from any of its
    files (``1342_pride_and_prejudice_brat.ann``, ``…/original/1342_pride_and_prejudice.txt``)."""
    stem = Path(name).name.split(".")[0]
    return stem[: -len("_brat")] if stem.endswith("_brat") else stem


def litbank_split(name: str | Path) -> Split:
    stem = litbank_stem(name)
    return "tune" if int(hashlib.sha1(stem.encode()).hexdigest(), 16) % 2 == 0 else "check"


def pdnc_split(novel: str) -> Split:
    """Every PDNC dev novel is tune; the check figure for PDNC is leave-one-novel-out."""
    return "tune"


def index_split(i: int) -> Split:
    """JFLEG sentences (0-based line number) and Zesch records (0-based within a file)."""
    if i < 0:
        raise ValueError("an index is 0 or more")
    return "tune" if i % 2 == 0 else "check"


jfleg_split = index_split
zesch_split = index_split


def partition(items: Iterable[T], split_of: Callable[[T], Split]) -> dict[Split, list[T]]:
    """Items grouped by their split: ``partition(paths, fic_split)``."""
    out: dict[Split, list[T]] = {"tune": [], "check": []}
    for item in items:
        out[split_of(item)].append(item)
    return out
