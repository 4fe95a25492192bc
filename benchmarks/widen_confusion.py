"""Choose the wider selection of confusion pairs (the "written -> meant" lines at the end of
src/fabula/data/confusion_sets.txt) from LanguageTool's pairs, on the tune split only.

    python benchmarks/widen_confusion.py --shared ../shared [--write]

1. Candidates: benchmarks/data/languagetool_pairs.txt, keeping a pair only where both words are
   everyday words (Hunspell's en_US knows them, the trigram model knows them, symspellpy saw each
   at least ``MIN_COUNT`` times) and the shipped sets do not already hold it.
2. Both directions of every candidate are added to the shipped sets, and FB101's decision
   (``tune_confusion.fires`` at the settings in confusion.py) is run over the tune split's clean
   side: the eight PDNC novels, JFLEG's even references, Zesch's even corrected sentences
   (``tune_confusion.collect``), and the tune fics' own text away from their planted mistakes.
3. A direction that fires anywhere on that clean side is left out, and so is one whose written
   word is commoner than FB112's ``MAX_WRITTEN`` (every "for", "with" or "from" of a novel would
   be scored, for pairs no tune mistake needed). Step 2 is run again with what is left, until
   nothing more fires (a direction left out can have hidden another behind it).

The tune mistakes each round finds are printed; the check split is scored by bench_beta.py only.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

import real_mistakes as rm
import tune_confusion as tc

import fabula
from fabula.beta import confusion, ngrams, spelling
from fabula.beta.engine import Context

MIN_COUNT = 1_000_000
MARK = "# --- wider selection"
HERE = Path(__file__).resolve().parent
SETS = HERE.parent / "src" / "fabula" / "data" / "confusion_sets.txt"


def candidates(base: dict[str, tuple[str, ...]]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for line in (HERE / "data" / "languagetool_pairs.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        a, b = (w.strip() for w in line.split("|"))
        if b in base.get(a, ()) or (a, b) in out or (b, a) in out:
            continue
        if all(spelling.known(w, "US") and ngrams.known(w) and confusion.unigram(w) >= MIN_COUNT for w in (a, b)):
            out.append((a, b))
    return out


def with_directions(base_text: str, directions: list[tuple[str, str]]) -> Callable[[], dict[str, tuple[str, ...]]]:
    """confusion.sets() as the shipped sets plus these directions (built once, as the cached
    original is: the rules ask for it at every window)."""
    got = {w: list(alts) for w, alts in confusion.parse_sets(base_text).items()}
    for w, m in directions:
        got.setdefault(w, [])
        if m not in got[w]:
            got[w].append(m)
    merged = {w: tuple(a) for w, a in got.items()}
    return lambda: merged


def fic_fires(shared: Path) -> set[tuple[str, str]]:
    """Directions that fire in the tune fics' text away from their planted mistakes."""
    fired: set[tuple[str, str]] = set()
    root = shared / "eval" / "fics"
    for g in sorted(root.glob("*.gold.json")):
        if g.name[:2] not in rm.FIC_TUNE:
            continue
        path = next(p for p in root.glob(g.name[:-len(".gold.json")] + ".*") if p.suffix != ".json")
        story = fabula.read(path)
        ctx = Context.of(story)
        text = story.text
        spans = []
        for e in json.loads(g.read_text(encoding="utf-8"))["errors"]:
            at = text.find(e["snippet"])
            if at >= 0:
                spans.append((at, at + len(e["snippet"])))
        for a, b, r in tc.candidates(text, ctx.prose, ctx.names):
            if not rm.overlaps(spans, a, b) and fires(r):
                fired.add((r[1], r[2]))
    return fired


def fires(r: tc.Row) -> bool:
    return tc.fires(r, confusion.DECIDES, 99.0, confusion.WITH_PAIRS)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--write", action="store_true", help="replace the wider selection in confusion_sets.txt")
    a = ap.parse_args()
    shared = Path(a.shared)
    text = SETS.read_text(encoding="utf-8")
    base_text = text.split(MARK, 1)[0]
    pairs = candidates(confusion.parse_sets(base_text))
    keep = [(w, m) for x, y in pairs for w, m in ((x, y), (y, x)) if confusion.unigram(w) <= confusion.MAX_WRITTEN]
    print(f"{len(pairs)} candidate pairs; {len(keep)} directions whose written word is at most MAX_WRITTEN")
    while True:
        confusion.sets = with_directions(base_text, keep)  # type: ignore[assignment]
        confusion._plain_members.cache_clear()
        confusion._TOKENS_CACHE.clear()
        clean, errors, _words = tc.collect(shared)
        bad = {(r[1], r[2]) for r in clean if fires(r)} | fic_fires(shared)
        found = sorted({(r[1], r[2]) for r in errors if fires(r)} & set(keep))
        drop = [d for d in keep if d in bad]
        print(f"{len(keep)} directions: {len(drop)} fire on the clean side; tune mistakes found by them: {found}")
        if not drop:
            break
        keep = [d for d in keep if d not in bad]
    lines = [f"{w} -> {m}" for w, m in keep]
    if a.write:
        SETS.write_text(base_text.rstrip("\n") + "\n" + MARK + HEADER + "\n".join(lines) + "\n", encoding="utf-8")
        print(f"wrote {len(lines)} directions to {SETS}")
    else:
        print("\n".join(lines))
    return 0


HEADER = """ (benchmarks/widen_confusion.py --write) ---
# The rest of source A's pairs whose two words are everyday words (Hunspell's en_US and the trigram
# model know both; symspellpy saw each a million times or more), one way round: "written -> meant"
# questions the written word only. Left out, on the tune split alone: every direction that fired on
# its clean side (the PDNC novels, JFLEG's even references, Zesch's even corrected sentences, the tune
# fics away from their mistakes), and those whose written word is commoner than FB112's MAX_WRITTEN.
"""


if __name__ == "__main__":
    sys.exit(main())
