"""Corpus throughput: words/s of `fabula corpus build` with 1 and with N workers, and the scaling.

    python benchmarks/bench_corpus.py --shared ../shared [--workers 2] [--fics 60] [--engine local|dask]

The corpus is the PDNC dev novels plus many short fics (the shared example stories and
fabula's own fixtures, copied under different names), as a researcher's folder would mix them.
Each build starts from an empty store and includes starting the workers and loading the model
in each, so the figure is what a user waits for.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
from pathlib import Path

from fabula.corpus.runner import build

ROOT = Path(__file__).resolve().parents[1]


def make_corpus(shared: Path, target: Path, n_fics: int) -> int:
    novels = sorted((shared / "eval" / "pdnc-dev").glob("*/novel_text.txt"))
    for path in novels:
        shutil.copy(path, target / f"{path.parent.name}.txt")
    fics = [p for p in sorted((shared / "stories").rglob("*")) if p.suffix in (".txt", ".md", ".html")]
    fics += [p for p in sorted((ROOT / "tests" / "fixtures").iterdir()) if p.is_file()]
    fics.append(ROOT / "examples" / "the-last-ferry.txt")
    (target / "fics").mkdir()
    for i in range(n_fics):
        src = fics[i % len(fics)]
        shutil.copy(src, target / "fics" / f"{i:04d}-{src.name}")
    return len(novels)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--fics", type=int, default=60)
    ap.add_argument("--engine", default="local", choices=["local", "dask"])
    a = ap.parse_args()
    shared = Path(a.shared)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        n_novels = make_corpus(shared, corpus, a.fics) if shared.is_dir() else 0
        if not n_novels:
            print("(no ../shared: benchmarking fabula's own fixtures only)")
        rates = {}
        for workers in sorted({1, a.workers}):
            db = Path(tmp) / f"w{workers}.duckdb"
            summary = build(corpus, db, engine=a.engine, workers=workers)
            rate = summary.words / summary.seconds
            rates[workers] = rate
            child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            print(f"{a.engine} workers={workers}: {summary.analysed} stories ({n_novels} novels, {a.fics} fics), "
                  f"{summary.words:,} words in {summary.seconds:.1f} s = {rate:,.0f} words/s; "
                  f"failed {len(summary.failed)}; peak RSS of one worker {child_mb:.0f} MiB")
        if a.workers > 1:
            speedup = rates[a.workers] / rates[1]
            print(f"speed-up with {a.workers} workers: {speedup:.2f}x (scaling efficiency {speedup / a.workers:.0%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
