"""Cast discovery against gold characters: genders, name forms joined, characters found (issue 16).

    python benchmarks/eval_cast.py --shared ../shared                  # PDNC dev + the fics
    python benchmarks/eval_cast.py --sources fics --errors             # + the tune split's mistakes

Speakers on an unseen story depend on the cast fabula finds by itself: a character read with
the wrong gender loses every "she said" that is theirs, and two name forms of one person left
apart (or two people joined) split or mix their lines. This measures the cast apart from the
lines, against each source's gold characters:

- PDNC dev (``pdnc-dev/*/character_info.csv``: Main Name, Aliases, Gender M/F/X) — every novel
  is tune (``benchmarks/splits.py``); the weight of a character is its lines
  (``quotation_info.csv``'s speaker column).
- The annotated fics (``fics/*.gold.json``, "characters": names, epithets, gender he/she) —
  tune 01 02 04 06 08, check 03 05 07 09; a character's weight is its dialogue quotes.

Each story is read as ``fabula read`` reads it (``fabula.read(..., until="speakers")``: the cast
after the speakers pass settled it). A discovered character maps to a gold one by shared name
forms, then epithets (``scoring.map_characters``, the speaker scorer's own rule). Figures:

(a) gender: for each gold character with a gold he/she that was found, the gender of the
    discovered character that maps to it with the most mentions: right, wrong, or unknown;
(b) joining: over the gold name forms that discovery found (a form two gold characters share is
    left out), pairwise precision and recall of "these two forms are one person" — a pair in one
    discovered character is predicted joined, a pair in one gold character is joined;
(c) found: gold characters that some discovered character maps to.

(a) and (c) are given unweighted and weighted by lines (a character without a line weighs
nothing there). Check works print figures only; ``--errors`` lists the tune works' mistakes.
"""

from __future__ import annotations

import argparse
import ast
import csv
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import splits  # noqa: E402
from benchmarks.evaluation import fics as F  # noqa: E402
from benchmarks.evaluation.scoring import Gold, map_characters, name_set, norm  # noqa: E402

SOURCES = ("pdnc", "fics")


@dataclass
class GoldChar:
    key: str
    forms: frozenset[str]
    gender: str | None  # he / she, or None (another value or none)
    lines: int = 0


@dataclass
class Figures:
    """Counts that add up across works (micro figures)."""

    works: int = 0
    gold: int = 0
    gold_lines: int = 0
    found: int = 0
    found_lines: int = 0
    gendered: int = 0  # found gold characters with a gold he/she
    gendered_lines: int = 0
    right: int = 0
    wrong: int = 0
    unknown: int = 0
    right_lines: int = 0
    wrong_lines: int = 0
    unknown_lines: int = 0
    pairs_pred: int = 0  # pairs of found forms that discovery joins
    pairs_gold: int = 0  # pairs of found forms that the gold joins
    pairs_both: int = 0
    mistakes: list[str] = field(default_factory=list)

    def add(self, o: Figures) -> None:
        for k, v in vars(o).items():
            if isinstance(v, int):
                setattr(self, k, getattr(self, k) + v)
        self.mistakes += o.mistakes


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "  —  "


def score_cast(pred_chars: list[dict[str, Any]], gold_chars: list[GoldChar], epithets: dict[str, frozenset[str]],
               work: str = "") -> Figures:
    """The three figures for one work's discovered cast against its gold characters."""
    gold = Gold({g.key: g.forms for g in gold_chars}, [], epithets)
    idmap = map_characters(pred_chars, gold)
    by_key = {g.key: g for g in gold_chars}
    f = Figures(works=1, gold=len(gold_chars), gold_lines=sum(g.lines for g in gold_chars))
    mapped: dict[str, list[dict[str, Any]]] = {}
    for c in pred_chars:
        if (k := idmap.get(str(c.get("id")))) is not None:
            mapped.setdefault(k, []).append(c)
    for k, cs in mapped.items():
        g = by_key[k]
        f.found += 1
        f.found_lines += g.lines
        if g.gender is None:
            continue
        main = max(cs, key=lambda c: int(c.get("mentions", 0) or 0))
        got = main.get("gender")
        f.gendered += 1
        f.gendered_lines += g.lines
        if got == g.gender:
            f.right += 1
            f.right_lines += g.lines
        elif got in ("he", "she"):
            f.wrong += 1
            f.wrong_lines += g.lines
            f.mistakes.append(f"{work}: {g.key} ({g.gender}, {g.lines} lines) read as {got!r} as {main.get('name')!r}")
        else:
            f.unknown += 1
            f.unknown_lines += g.lines
            f.mistakes.append(f"{work}: {g.key} ({g.gender}, {g.lines} lines) read as {got!r} as {main.get('name')!r}")
    for k in by_key:
        if k not in mapped:
            f.mistakes.append(f"{work}: {k} ({by_key[k].lines} lines) not found")
    _pairs(pred_chars, gold_chars, f, work)
    return f


def _pairs(pred_chars: list[dict[str, Any]], gold_chars: list[GoldChar], f: Figures, work: str) -> None:
    owners: Counter[str] = Counter(form for g in gold_chars for form in g.forms)
    gold_of = {form: g.key for g in gold_chars for form in g.forms if owners[form] == 1}
    pred_of: dict[str, str] = {}
    for c in pred_chars:
        for n in [c.get("name", ""), *(c.get("aliases") or [])]:
            if (form := norm(n)) in gold_of:
                pred_of.setdefault(form, str(c.get("id")))
    forms = sorted(pred_of)
    for a, b in combinations(forms, 2):
        joined, same = pred_of[a] == pred_of[b], gold_of[a] == gold_of[b]
        f.pairs_pred += joined
        f.pairs_gold += same
        f.pairs_both += joined and same
        if joined != same:
            what = "joined, gold apart" if joined else "apart, gold joined"
            f.mistakes.append(f"{work}: {a!r} + {b!r} {what} ({gold_of[a]} / {gold_of[b]})")


# --- sources -------------------------------------------------------------------------------

def pdnc_gold(novel: Path) -> list[GoldChar]:
    lines: Counter[str] = Counter()
    with open(novel / "quotation_info.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            lines[row["speaker"]] += 1
    out = []
    with open(novel / "character_info.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            aliases = ast.literal_eval(row["Aliases"]) if row["Aliases"].strip() else set()
            gender = {"M": "he", "F": "she"}.get(row.get("Gender", "").strip().upper())
            main = row["Main Name"]
            out.append(GoldChar(main, name_set([main, *aliases]), gender, lines[main]))
    return out


def fic_gold(data: dict[str, Any]) -> tuple[list[GoldChar], dict[str, frozenset[str]]]:
    lines = Counter(q.get("speaker") for q in data["quotes"] if q.get("kind") == "dialogue" and q.get("speaker"))
    chars = data.get("characters", {})
    out = [GoldChar(k, name_set([k, *v.get("names", [])]), v.get("gender") if v.get("gender") in ("he", "she") else None,
                    lines[k]) for k, v in chars.items()]
    return out, {k: name_set(v.get("epithets", [])) for k, v in chars.items()}


def _read(path: Path) -> list[dict[str, Any]]:
    import fabula

    story = fabula.read(path, until="speakers")
    return [c.to_dict() for c in story.characters]


def evaluate(shared: Path, wanted: list[str], out: Path | None) -> dict[tuple[str, str], Figures]:
    totals: dict[tuple[str, str], Figures] = {}
    todo: list[tuple[str, str, str, Path]] = []
    if "pdnc" in wanted:
        root = shared / "eval" / "pdnc-dev"
        for d in sorted(root.iterdir()) if root.is_dir() else []:
            if (d / "character_info.csv").exists():
                todo.append(("PDNC", splits.pdnc_split(d.name), d.name, d))
    if "fics" in wanted:
        for p in F.stories(shared / "eval" / "fics"):
            todo.append(("fics", splits.fic_split(p), p.name.split(".")[0], p))
    for source, split, name, path in todo:
        epithets: dict[str, frozenset[str]] = {}
        if source == "PDNC":
            gold = pdnc_gold(path)
            chars = _read(path / "novel_text.txt")
        else:
            gold, epithets = fic_gold(F.load(path))
            chars = _read(path)
        if out is not None:
            out.mkdir(parents=True, exist_ok=True)
            (out / f"{name}.characters.json").write_text(json.dumps(chars, indent=1), encoding="utf-8")
        f = score_cast(chars, gold, epithets, name)
        if split != "tune":
            f.mistakes = []  # check works: figures only
        totals.setdefault((source, split), Figures()).add(f)
        if split == "tune":
            print(f"  {source:5s} {name:30s} {_line(f)}")
    return totals


def _line(f: Figures) -> str:
    return (f"gender {f.right}/{f.gendered} (wrong {f.wrong}, unknown {f.unknown})  "
            f"found {f.found}/{f.gold}  joins P {f.pairs_both}/{f.pairs_pred} R {f.pairs_both}/{f.pairs_gold}")


def report(totals: dict[tuple[str, str], Figures]) -> None:
    print("\ncast discovery against the gold characters (check is a figure only)")
    print(f"{'source':6s} {'split':6s} {'works':>5}  {'gender acc':>10} {'wrong':>5} {'unk':>4} {'of':>4}  "
          f"{'by lines':>8} {'wrong':>6} {'unk':>5}  {'found':>11} {'by lines':>8}  {'join P':>6} {'join R':>6} {'pairs':>5}")
    for (source, split), f in sorted(totals.items()):
        print(f"{source:6s} {split:6s} {f.works:>5}  {_ratio(f.right, f.gendered):>10} {f.wrong:>5} {f.unknown:>4} "
              f"{f.gendered:>4}  {_ratio(f.right_lines, f.gendered_lines):>8} {f.wrong_lines:>6} {f.unknown_lines:>5}  "
              f"{f.found:>4}/{f.gold:<4}  {_ratio(f.found_lines, f.gold_lines):>8}  "
              f"{_ratio(f.pairs_both, f.pairs_pred):>6} {_ratio(f.pairs_both, f.pairs_gold):>6} {f.pairs_gold:>5}")
    print("(gender acc: right / found gold characters with a he/she; 'by lines' weighs each by its gold lines; "
          "found: gold characters some discovered character maps to; join P/R: pairs of found gold name forms "
          "that discovery puts in one character)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--sources", default=",".join(SOURCES))
    ap.add_argument("--errors", action="store_true", help="list the tune works' mistakes (never check's)")
    ap.add_argument("--out", default=None, help="write each work's discovered characters here (JSON)")
    ap.add_argument("--json", default=None, help="write the figures to this file")
    a = ap.parse_args(argv)
    shared = Path(a.shared)
    if not (shared / "eval").is_dir():
        print(f"no evaluation data at {shared / 'eval'}; nothing to evaluate")
        return 0
    t0 = time.perf_counter()
    totals = evaluate(shared, [s for s in a.sources.split(",") if s], Path(a.out) if a.out else None)
    if a.errors:
        print("\ntune split: mistakes")
        for (_source, split), f in sorted(totals.items()):
            if split == "tune":
                print("\n".join(f"  {m}" for m in f.mistakes))
    report(totals)
    print(f"({time.perf_counter() - t0:.0f} s)")
    if a.json:
        Path(a.json).write_text(json.dumps({f"{s}/{sp}": {k: v for k, v in vars(f).items() if k != "mistakes"}
                                            for (s, sp), f in totals.items()}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
