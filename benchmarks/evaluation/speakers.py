"""Speaker attribution on LitBank and the annotated fics, by split, with and without ``--cast``.

fabula reads each text in-process (``fabula.read(..., until="speakers")``: the same quotes and
speakers as ``fabula read --format json``, without the narrative and tag passes, which change
neither), and ``scoring.score`` compares its JSON with the converted gold. Each reading is
written under ``out`` (the fabula JSON, the LitBank excerpt fabula read, the cast file), so a
tune error can be looked at with the command line too.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks import splits
from benchmarks.evaluation import fics as F
from benchmarks.evaluation import litbank as L
from benchmarks.evaluation.cast import CastMember, write_cast
from benchmarks.evaluation.scoring import Gold, Outcome, Tally, score


@dataclass
class WorkResult:
    name: str
    split: splits.Split
    plain: Tally
    cast: Tally | None = None
    notes: list[str] = field(default_factory=list)
    text: str = ""


@dataclass
class SourceResult:
    source: str
    works: list[WorkResult] = field(default_factory=list)

    def total(self, split: str | None = None, cast: bool = False) -> Tally:
        t = Tally()
        for w in self.works:
            if split is None or w.split == split:
                got = w.cast if cast else w.plain
                if got is not None:
                    t.add(got)
        return t


def _read(path: Path, cast: Path | None = None) -> Any:
    import fabula

    return fabula.read(path, until="speakers", cast=str(cast) if cast else None)


def _score_reading(story: Any, gold: Gold, out: Path, keep: bool) -> Tally:
    pred = story.to_dict()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(pred), encoding="utf-8")
    return score(gold, pred, keep_outcomes=keep)


def _with_cast(path: Path, gold: Gold, members: list[CastMember], out: Path) -> Tally:
    cast = write_cast(members, out.with_suffix(".cast.yaml"))
    return _score_reading(_read(path, cast), gold, out.with_suffix(".cast.json"), False)


def evaluate_litbank(shared: Path, out: Path, with_cast: bool = True, only: list[str] | None = None,
                     log: Callable[[str], None] = print, with_epithets: bool = False) -> SourceResult:
    """Every LitBank work with quotations: the excerpt with real paragraphs, read and scored
    (``with_epithets``: gold speakers known by their epithets too, :func:`litbank.convert`)."""
    root = shared / "eval" / "litbank"
    res = SourceResult("LitBank")
    for stem in L.works(root):
        if only and stem not in only:
            continue
        ex = L.convert(root, stem, with_epithets)
        path = out / f"{stem}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(ex.text, encoding="utf-8")
        split = splits.litbank_split(stem)
        w = WorkResult(stem, split, _score_reading(_read(path), ex.gold, out / f"{stem}.json", split == "tune"),
                       notes=ex.notes + ([f"{ex.unaligned} tokens unaligned"] if ex.unaligned else []), text=ex.text)
        if with_cast:
            w.cast = _with_cast(path, ex.gold, ex.cast, out / f"{stem}.json")
        res.works.append(w)
    log(f"  LitBank: {len(res.works)} works read")
    return res


def evaluate_fics(shared: Path, out: Path, with_cast: bool = True, only: list[str] | None = None,
                  log: Callable[[str], None] = print) -> SourceResult:
    """The annotated fics: each read as a user would, its gold quotes placed in fabula's text."""
    res = SourceResult("fics")
    for path in F.stories(shared / "eval" / "fics"):
        if only and path.name.split(".")[0] not in only and path.name not in only:
            continue
        story = _read(path)
        fg = F.convert(F.load(path), story.text)
        split = splits.fic_split(path)
        stem = path.name.split(".")[0]
        w = WorkResult(stem, split, _score_reading(story, fg.gold, out / f"{stem}.json", split == "tune"),
                       notes=fg.notes, text=story.text)
        if with_cast:
            w.cast = _with_cast(path, fg.gold, fg.cast, out / f"{stem}.json")
        res.works.append(w)
    log(f"  fics: {len(res.works)} stories read")
    return res


def tune_errors(res: SourceResult, limit: int = 0) -> list[str]:
    """Lines describing the wrong quotes of the *tune* works (check works are never listed)."""
    lines = []
    for w in res.works:
        if w.split != "tune":
            continue
        wrong = [o for o in w.plain.outcomes if not o.correct]
        for o in wrong[: limit or None]:
            lines.append(f"{res.source} {w.name}: {_describe(o, w.text)}")
    return lines


def _describe(o: Outcome, text: str) -> str:
    q = o.quote
    snippet = " ".join(text[q.start:q.end].split())[:70] if q.start >= 0 else "(not placed)"
    got = "MISSED" if not o.found else (o.predicted or "(no gold character)")
    return f"[{q.start}] {snippet!r} gold={q.speaker} got={got}"
