"""Speed: words/s and peak memory, segmentation+quotes alone and the full pipeline.

    python benchmarks/bench_pipeline.py --shared ../shared [--novel OliverTwist]

Also times a bare spaCy ``nlp.pipe`` over the same paragraphs in the same process, so the
ratio of fabula's whole run to the parse alone is reported (the NER layer samples long
books, so fabula can be faster than one full parse).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc
from pathlib import Path

import fabula

ROOT = Path(__file__).resolve().parents[1]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--novel", default="OliverTwist")
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    path = Path(a.shared) / "eval" / "pdnc-dev" / a.novel / "novel_text.txt"
    if not path.exists():
        path = ROOT / "examples" / "the-last-ferry.txt"
        print(f"(no PDNC novel found; benchmarking {path.name})")
    text = path.read_text(encoding="utf-8")
    words = len(text.split())
    # 1. segmentation + quotes, no NLP
    best = float("inf")
    for _ in range(a.repeat):
        t = time.perf_counter()
        story = fabula.read(path, until="quotes")
        best = min(best, time.perf_counter() - t)
    tracemalloc.start()
    fabula.read(path, until="quotes")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{path.parent.name or path.name}: {words:,} words")
    print(f"segment+quotes  {best:6.3f} s  {words / best:>12,.0f} words/s  peak traced {peak / 2**20:6.1f} MiB  "
          f"({len(story.scenes)} scenes, {len(story.quotes)} quotes)")
    # 1b. the same on every dev novel
    for other in sorted(path.parent.parent.glob("*/novel_text.txt")) if path.name == "novel_text.txt" else []:
        w = len(other.read_text(encoding="utf-8").split())
        t_best = float("inf")
        for _ in range(a.repeat):
            t = time.perf_counter()
            fabula.read(other, until="quotes")
            t_best = min(t_best, time.perf_counter() - t)
        print(f"  segment+quotes {other.parent.name:30s} {w:>8,} words {w / t_best:>12,.0f} words/s")
    # 2. full pipeline, model loaded first
    from fabula.characters.nlp import load_model

    t = time.perf_counter()
    nlp = load_model()
    load = time.perf_counter() - t
    t = time.perf_counter()
    story = fabula.read(path)
    full = time.perf_counter() - t
    print(f"full pipeline   {full:6.3f} s  {words / full:>12,.0f} words/s  (model load {load:.2f} s excluded)  "
          f"{len(story.characters)} characters; peak RSS {peak_rss_mb():,.0f} MiB")
    print("  by pass: " + ", ".join(f"{k} {v:.2f}s" for k, v in story.timings.items()))
    narrative = story.timings.get("narrative", 0.0)
    print(f"  the narrative pass (POV, time, head-hops) adds {narrative / (full - narrative):.1%} to the rest of the read")
    # 3. bare spaCy parse of the same paragraphs
    paras = [p for p in text.split("\n\n") if p.strip()]
    t = time.perf_counter()
    for _ in nlp.pipe(paras, batch_size=128):
        pass
    bare = time.perf_counter() - t
    print(f"bare nlp.pipe   {bare:6.3f} s  {words / bare:>12,.0f} words/s  → fabula/spaCy time ratio {full / bare:.2f}")
    # 4. a one-shot, as a writer runs it
    fic = ROOT / "examples" / "the-last-ferry.txt"
    t = time.perf_counter()
    fabula.read(fic)
    print(f"one-shot example ({len(fic.read_text().split())} words): {time.perf_counter() - t:.3f} s after model load")
    return 0


if __name__ == "__main__":
    sys.exit(main())
