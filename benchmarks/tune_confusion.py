"""Fit the confusable-word thresholds (fabula/beta/confusion.py) on the tune split only.

    python benchmarks/tune_confusion.py --shared ../shared [--cache /tmp/fabula-bench]

Every occurrence of a confusion-set member is collected once from the tune data — JFLEG's even
sentences and their first references, Zesch's even records (the natural set and the artificial
sets' first 200), the tune fics (01, 02, 04, 06, 08) and the eight PDNC dev novels (clean prose) —
each labelled a mistake (it overlaps an annotated error whose correction is another member) or
not. Then each setting of the thresholds on a small grid is scored: mistakes found, and findings
on the clean side, per source. The setting in confusion.py is the one chosen from this table:
the most mistakes found while the clean novels stay under 0.05 findings per 1,000 words.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import pickle
import sys
from collections import defaultdict
from pathlib import Path

import real_mistakes as rm

import fabula
from fabula.beta import confusion


def collect(shared: Path, cache: Path) -> list[tuple[str, int, tuple[str, str, str, str]]]:
    """(source, label 1 mistake / 0 clean, (prev2, prev, word, next)) for every occurrence."""
    out: list[tuple[str, int, tuple[str, str, str, str]]] = []
    members = confusion.sets()

    def add(source: str, text: str, spans: list[tuple[int, int]], errors: list[tuple[int, int, str]]) -> None:
        for a, b, w, p2, p, n in confusion.occurrences(text, spans):
            low = w.lower()
            if "'" in low or "’" in low:
                continue
            label = int(any(s < b and e > a and fix.lower() in members.get(low, ()) for s, e, fix in errors))
            if not label and any(s < b and e > a for s, e, _f in errors):
                continue  # an edit of another kind here: neither side
            out.append((source, label, (p2, p, low, n)))

    errors = shared / "eval" / "errors"
    for i, sent, ref in rm.jfleg(errors / "jfleg-test"):
        if i % 2:
            continue
        add("jfleg", sent.text, [(0, len(sent.text))], [(a, b, c) for a, b, _o, c in sent.edits])
        add("jfleg", ref, [(0, len(ref))], [])
    for f in ("en_natural_train.txt", "en_artificial_token.txt", "en_artificial_noun.txt"):
        recs = [r for r in rm.zesch(errors / "zesch" / f) if r[0] % 2 == 0]
        if "artificial" in f:
            recs = recs[:200]
        for _i, bad, good, a, b in recs:
            right = good[a:a + len(good) - len(bad) + (b - a)]
            add("zesch", bad, [(0, len(bad))], [(a, b, right)])
            add("zesch", good, [(0, len(good))], [])
    fics = shared / "eval" / "fics"
    for gold_path in sorted(fics.glob("*.gold.json")):
        if gold_path.name[:2] not in rm.FIC_TUNE:
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        story = fabula.read(next(p for p in fics.glob(gold_path.name[:-10] + ".*") if p.suffix != ".json"))
        errs = []
        for e in gold["errors"]:
            pos = story.text.find(e["snippet"])
            if pos >= 0:
                errs += [(pos + a, pos + b, fix) for a, b, fix in _word_edits(e["snippet"], e["fix"])]
        add("fics", story.text, [(0, len(story.text))], errs)
    novels = cache / "pdnc-texts.pickle"
    texts: dict[str, str] = pickle.loads(novels.read_bytes()) if novels.exists() else {}
    for path in sorted((shared / "eval" / "pdnc-dev").glob("*/novel_text.txt")):
        if path.parent.name not in texts:
            texts[path.parent.name] = path.read_text(encoding="utf-8")
    novels.write_bytes(pickle.dumps(texts))
    for text in texts.values():
        add("novels", text, [(0, len(text))], [])
    return out


def _word_edits(snippet: str, fix: str) -> list[tuple[int, int, str]]:
    """(start, end, replacement) of each word the fix replaces one for one."""
    import difflib
    import re

    a = [(m.start(), m.end(), m.group(0)) for m in re.finditer(r"[\w'’]+", snippet)]
    b = [m.group(0) for m in re.finditer(r"[\w'’]+", fix)]
    sm = difflib.SequenceMatcher(None, [x[2].lower() for x in a], [x.lower() for x in b], autojunk=False)
    return [(a[i][0], a[i][1], b[j].lower()) for op, i1, i2, j1, j2 in sm.get_opcodes()
            if op == "replace" and i2 - i1 == j2 - j1 for i, j in zip(range(i1, i2), range(j1, j2), strict=True)]


def fit_thresholds(occ: list[tuple[str, int, tuple[str, str, str, str]]], floor: float, margin: float
                   ) -> dict[tuple[str, str, bool], float]:
    """Per pair (written, other) that misfires more than once on the clean side: just above its
    second-highest score there. A pair that misfires on clean prose must be surer; one slip in
    600,000 words is left to the global threshold (one occurrence is too little to fit on)."""
    scores: dict[tuple[str, str, bool], list[float]] = defaultdict(list)
    for _src, label, (p2, p, w, n) in occ:
        if label:
            continue
        best = confusion.decide(p2, p, w, n)
        if best and best[1] >= floor:
            scores[(w, best[0], best[2])].append(best[1])
    return {k: sorted(v)[-2] + margin for k, v in scores.items() if len(v) >= 2}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--cache", default="/tmp/fabula-bench")
    ap.add_argument("--write", action="store_true", help="write the fitted per-pair thresholds to "
                    "src/fabula/data/confusion_thresholds.tsv")
    a = ap.parse_args()
    cache = Path(a.cache)
    cache.mkdir(parents=True, exist_ok=True)
    occ = collect(Path(a.shared), cache)
    words = sum(len(t.split()) for t in pickle.loads((cache / "pdnc-texts.pickle").read_bytes()).values())
    pos = defaultdict(int)
    for src, label, _ in occ:
        pos[src] += label
    print(f"{len(occ):,} occurrences; mistakes among them: {dict(pos)}; novels {words:,} words")
    confusion.pair_thresholds().clear()
    grid = itertools.product([3.0, 10.0, 30.0], [math.log(x) for x in (10, 20, 40, 80)])
    print("Without per-pair thresholds, then with them fitted on the clean side (so the clean side is 0 by "
          "construction; the mistakes found are what is left):")
    print("association  threshold | found jfleg zesch fics | clean-side findings jfleg zesch fics novels(/1000w)")
    for assoc, thr in grid:
        confusion.WRITTEN_ASSOCIATION = assoc
        found: dict[str, int] = defaultdict(int)
        fa: dict[str, int] = defaultdict(int)
        for src, label, (p2, p, w, n) in occ:
            best = confusion.decide(p2, p, w, n)
            if best is None or best[1] < thr:
                continue
            if label:
                found[src] += 1
            else:
                fa[src] += 1
        pairs = fit_thresholds(occ, thr, math.log(2))
        kept = sum(1 for src, label, (p2, p, w, n) in occ if label and (best := confusion.decide(p2, p, w, n))
                   and best[1] >= max(thr, pairs.get((w, best[0], best[2]), 0.0)))
        left = sum(1 for src, label, (p2, p, w, n) in occ if not label and (best := confusion.decide(p2, p, w, n))
                   and best[1] >= max(thr, pairs.get((w, best[0], best[2]), 0.0)))
        print(f"{assoc:11.0f} {math.exp(thr):9.0f} | {found['jfleg']:5d} {found['zesch']:5d} "
              f"{found['fics']:4d} | {fa['jfleg']:5d} {fa['zesch']:5d} {fa['fics']:4d} {fa['novels']:5d} "
              f"({fa['novels'] / words * 1000:.3f})   with per-pair thresholds: found {kept}, "
              f"{len(pairs)} pairs raised, clean-side findings left {left}", flush=True)
    if a.write:
        confusion.WRITTEN_ASSOCIATION = 10.0  # the setting chosen from the table above
        pairs = fit_thresholds(occ, confusion.LIKELIHOOD, math.log(2))
        out = Path(__file__).parent.parent / "src" / "fabula" / "data" / "confusion_thresholds.tsv"
        lines = ["# written\tother\tdecided by (slot: with the grammar's help; pairs: by word pairs alone)\t"
                 "threshold (natural log): fitted by benchmarks/tune_confusion.py on the tune split",
                 *(f"{w}\t{alt}\t{'slot' if by_slot else 'pairs'}\t{t:.2f}"
                   for (w, alt, by_slot), t in sorted(pairs.items()))]
        out.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"wrote {len(pairs)} per-pair thresholds to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
