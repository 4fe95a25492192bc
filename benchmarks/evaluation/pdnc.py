"""PDNC dev: the tune figure (``score_quotes.py`` on fabula's reading) and its check figure
(leave-one-novel-out), from one read of each novel.

Every novel is read once up to its cast — the costly part, the named-entity model — and each
speaker reading works on a copy: the shipped ranker's reading (the tune figure, exactly what
``benchmarks/eval_speakers.py`` and ``make eval`` always reported), and the three readings per
novel leave-one-novel-out needs (``benchmarks/train_ranker.py``: the rules, then the first
ranker, then a ranker fitted on the other seven). The ``--cast`` figure reads each novel again
with PDNC's character list (main name, aliases, gender) as the cast: no NER, so it is quick.
Scoring is always ``../shared/eval/score_quotes.py`` itself.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from benchmarks.evaluation.cast import CastMember, write_cast
from benchmarks.evaluation.scoring import Tally

_BENCH = Path(__file__).resolve().parents[1]


def score_quotes(shared: Path) -> ModuleType:
    """``../shared/eval/score_quotes.py`` as a module (it is a script, not a package)."""
    spec = importlib.util.spec_from_file_location("score_quotes", shared / "eval" / "score_quotes.py")
    if spec is None or spec.loader is None:
        raise FileNotFoundError(shared / "eval" / "score_quotes.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def train_ranker() -> ModuleType:
    """``benchmarks/train_ranker.py`` (needs scikit-learn, the ``train`` extra)."""
    if str(_BENCH) not in sys.path:
        sys.path.insert(0, str(_BENCH))
    import train_ranker as tr  # type: ignore[import-not-found]

    return tr  # type: ignore[no-any-return]


def novels(shared: Path) -> list[Path]:
    root = shared / "eval" / "pdnc-dev"
    return sorted(d for d in root.iterdir() if (d / "quotation_info.csv").exists()) if root.is_dir() else []


def gold_cast(novel: Path) -> list[CastMember]:
    """PDNC's character list as a cast: main name, its aliases, gender M/F as he/she."""
    import ast

    out = []
    with open(novel / "character_info.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            aliases = ast.literal_eval(row["Aliases"]) if row["Aliases"].strip() else set()
            gender = {"M": "he", "F": "she"}.get(row.get("Gender", "").strip().upper())
            out.append(CastMember(row["Main Name"], sorted(str(a) for a in aliases), gender))
    return out


def _tally(r: dict[str, Any]) -> Tally:
    t = Tally(quotes=r["_counts"]["total"], correct=r["_counts"]["correct"], works=1, named=r["_counts"]["total"])
    t.found = round(r["quote_recall"] * t.quotes)
    for k, v in r["by_type"].items():
        t.by_type[k] += v["n"]
        t.right_by_type[k] += round(v["accuracy"] * v["n"])
    return t


@dataclass
class PdncResult:
    tune: dict[str, dict[str, Any]] = field(default_factory=dict)  # novel → score_quotes result
    loo: dict[str, dict[str, Any]] = field(default_factory=dict)
    cast: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: per novel, its characters (JSON) and its dialogue quotes as (start, end, speaker, sieve,
    #: rule_sieve), for the per-sieve table (``Quote.sieve`` is not in the JSON)
    lines: dict[str, tuple[list[dict[str, Any]], list[tuple[int, int, str | None, str | None, str | None]]]] = \
        field(default_factory=dict)

    def total(self, which: str) -> Tally:
        t = Tally()
        for r in getattr(self, which).values():
            t.add(_tally(r))
        return t


def evaluate(shared: Path, out: Path, with_loo: bool = True, with_cast: bool = True,
             only: list[str] | None = None, log: Callable[[str], None] = print) -> PdncResult:
    """Read every PDNC dev novel once; score the shipped reading, leave-one-novel-out, and --cast."""
    import fabula
    from fabula.characters.attribution import attribute_story
    from fabula.characters.cast import settle_cast

    S = score_quotes(shared)
    tr = train_ranker() if with_loo else None
    todo = [d for d in novels(shared) if not only or d.name in only]
    res = PdncResult()
    out.mkdir(parents=True, exist_ok=True)
    read = _cached_reader(fabula)
    for d in todo:
        story = read(d)
        attribute_story(story)
        settle_cast(story)
        pred = out / f"{d.name}.json"
        pred.write_text(json.dumps(story.to_dict()), encoding="utf-8")
        res.tune[d.name] = S.score_one(d, pred)
        res.lines[d.name] = ([c.to_dict() for c in story.characters],
                             [(q.start, q.end, q.speaker, q.sieve, q.rule_sieve) for q in story.quotes if q.kind == "dialogue"])
        log(f"  pdnc {d.name:30s} tune {res.tune[d.name]['speaker_accuracy']:.3f}")
    if tr is not None and len(todo) > 1:
        res.loo, _ = tr.leave_one_out(S, todo, 2, out / "lono", read)
        for name, r in res.loo.items():
            log(f"  pdnc {name:30s} leave-one-out {r['speaker_accuracy']:.3f}")
    if with_cast:
        for d in todo:
            cast = write_cast(gold_cast(d), out / "cast" / f"{d.name}.yaml")
            story = fabula.read(d / "novel_text.txt", until="speakers", cast=str(cast))
            pred = out / "cast" / f"{d.name}.json"
            pred.write_text(json.dumps(story.to_dict()), encoding="utf-8")
            res.cast[d.name] = S.score_one(d, pred)
            log(f"  pdnc {d.name:30s} --cast {res.cast[d.name]['speaker_accuracy']:.3f}")
    return res


def _cached_reader(fabula: Any) -> Callable[[Path], Any]:
    import copy

    cache: dict[Path, Any] = {}

    def read(d: Path) -> Any:
        if d not in cache:
            cache[d] = fabula.read(d / "novel_text.txt", until="characters")
        return copy.deepcopy(cache[d])

    return read
