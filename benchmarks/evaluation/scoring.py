"""Speaker accuracy against gold quotes, by the rules of ``../shared/eval/score_quotes.py``.

The PDNC scorer lives in ``../shared`` and reads PDNC's own files; LitBank and the annotated
fics come in other shapes. Each source's converter turns its gold into a :class:`Gold` (quote
spans in the text fabula read, a speaker key per quote, the names of each gold character) and
this module scores fabula's JSON against it with the same three rules, so every figure means
the same thing:

1. a gold quote is *found* when some predicted dialogue quote overlaps it; the one that
   overlaps it most is its prediction (quotes whose ``kind`` is not dialogue are ignored, as
   the PDNC scorer ignores them);
2. a predicted character maps to the gold character with whom it shares the most names
   (compared without case, dots and surrounding punctuation), half a point more when its main
   name is the gold character's key;
3. the quote is *correct* when its prediction's speaker maps to the gold speaker. A missing
   quote is wrong.

One addition, used by the fics only: a gold character may carry *epithets* ("the barkeep"). A
predicted character that shares no name with any gold character may map through them, because
fabula keeps an unnamed role that speaks ("the barkeep") as a character of its own, and a line
given to it is given to the right person. Names always win over epithets; epithets are compared
without a leading article ("the Queen" and a character fabula calls "Queen" are one).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

_PUNCT = re.compile(r"[.\u2019'`\"“”‘’,;:!?()\[\]]")


def norm(name: object) -> str:
    """A name as the PDNC scorer compares it: lower case, no dots or quote marks, single spaces."""
    return re.sub(r"\s+", " ", _PUNCT.sub("", str(name)).lower()).strip()


_ARTICLE = re.compile(r"^(?:the|a|an) ")


def bare(epithet: str) -> str:
    """A normalised epithet without its article: fabula may call "the Queen" "Queen"."""
    return _ARTICLE.sub("", epithet)


def name_set(names: Iterable[object]) -> frozenset[str]:
    return frozenset(n for n in (norm(x) for x in names) if n)


@dataclass(frozen=True)
class GoldQuote:
    start: int
    end: int
    speaker: str | None  # a key of Gold.characters (or an unnamed speaker's id, which nothing maps to)
    type: str = "NA"  # explicit / anaphoric / implicit where the source says


@dataclass
class Gold:
    """One text's gold: quotes with offsets into the text fabula read, and the gold characters' names."""

    characters: dict[str, frozenset[str]]
    quotes: list[GoldQuote]
    epithets: dict[str, frozenset[str]] = field(default_factory=dict)


def map_characters(pred_chars: Iterable[Mapping[str, Any]], gold: Gold) -> dict[str, str | None]:
    """predicted character id → gold character key (or None), by shared names, then epithets."""
    mapping: dict[str, str | None] = {}
    for c in pred_chars:
        main = norm(c.get("name", ""))
        names = ({main} | {norm(a) for a in c.get("aliases", []) or []}) - {""}
        best, _ = _best(names, main, gold.characters)
        if best is None and gold.epithets:
            own = {bare(n) for n in names | {norm(e) for e in c.get("epithets", []) or []}} - {""}
            best, _ = _best(own, main, {k: frozenset(bare(e) for e in v) for k, v in gold.epithets.items()})
        mapping[str(c.get("id"))] = best
    return mapping


def _best(names: set[str], main: str, table: Mapping[str, frozenset[str]]) -> tuple[str | None, float]:
    best, best_score = None, 0.0
    for key, aliases in table.items():
        score = len(names & aliases) + (0.5 if main and main == norm(key) else 0)
        if score > best_score:
            best, best_score = key, score
    return best, best_score


def speaker_to_gold(speaker: object, idmap: Mapping[str, str | None], gold: Gold) -> str | None:
    """A predicted speaker (a character id, or a plain name) as a gold character key."""
    if speaker is None:
        return None
    if str(speaker) in idmap:
        return idmap[str(speaker)]
    n = norm(speaker)
    for key, aliases in gold.characters.items():
        if n in aliases:
            return key
    return None


@dataclass
class Outcome:
    """One gold quote's fate: for reading errors on the tune split (never on check)."""

    quote: GoldQuote
    found: bool
    predicted: str | None  # the gold character the prediction maps to
    pred_span: tuple[int, int] | None = None

    @property
    def correct(self) -> bool:
        return self.found and self.predicted is not None and self.predicted == self.quote.speaker


@dataclass
class Tally:
    """Counts that add up across texts and splits (micro figures)."""

    quotes: int = 0
    found: int = 0
    correct: int = 0
    works: int = 0
    named: int = 0  # quotes whose gold speaker has a name or an epithet (the rest no system can get right)
    by_type: Counter[str] = field(default_factory=Counter)
    right_by_type: Counter[str] = field(default_factory=Counter)
    outcomes: list[Outcome] = field(default_factory=list)

    def add(self, other: Tally) -> Tally:
        self.quotes += other.quotes
        self.found += other.found
        self.correct += other.correct
        self.works += other.works
        self.named += other.named
        self.by_type.update(other.by_type)
        self.right_by_type.update(other.right_by_type)
        return self

    @property
    def accuracy(self) -> float:
        """Over every gold quote, a missing one wrong (score_quotes.py's figure)."""
        return self.correct / self.quotes if self.quotes else 0.0

    @property
    def accuracy_found(self) -> float:
        """Over the gold quotes fabula found."""
        return self.correct / self.found if self.found else 0.0

    @property
    def ceiling(self) -> float:
        """The best accuracy the names allow: the share of quotes whose speaker the gold names."""
        return self.named / self.quotes if self.quotes else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.quotes if self.quotes else 0.0


def dialogue_quotes(pred: Mapping[str, Any]) -> list[tuple[int, int, object]]:
    return sorted((int(q["start"]), int(q["end"]), q.get("speaker")) for q in pred.get("quotes", [])
                  if q.get("kind") in (None, "dialogue"))


def score(gold: Gold, pred: Mapping[str, Any], keep_outcomes: bool = False) -> Tally:
    """Score one text's prediction (fabula's JSON, offsets into the same text as the gold's)."""
    idmap = map_characters(pred.get("characters", []), gold)
    pq = dialogue_quotes(pred)
    starts = [q[0] for q in pq]
    t = Tally(works=1)
    for g in sorted(gold.quotes, key=lambda q: (q.start, q.end)):
        best = _most_overlapping(pq, starts, g.start, g.end)
        t.quotes += 1
        t.named += bool(gold.characters.get(g.speaker or "")) or bool(gold.epithets.get(g.speaker or ""))
        t.by_type[g.type] += 1
        predicted = speaker_to_gold(pq[best][2], idmap, gold) if best is not None else None
        o = Outcome(g, best is not None, predicted, (pq[best][0], pq[best][1]) if best is not None else None)
        t.found += o.found
        if o.correct:
            t.correct += 1
            t.right_by_type[g.type] += 1
        if keep_outcomes:
            t.outcomes.append(o)
    return t


def _most_overlapping(pq: list[tuple[int, int, object]], starts: list[int], s: int, e: int) -> int | None:
    best, best_ov = None, 0
    # predicted quotes are sorted by start; one that starts a little before s may still overlap
    i = max(bisect.bisect_left(starts, s) - 4, 0)
    while i < len(pq) and pq[i][0] < e:
        ov = min(e, pq[i][1]) - max(s, pq[i][0])
        if ov > best_ov:
            best, best_ov = i, ov
        i += 1
    return best
