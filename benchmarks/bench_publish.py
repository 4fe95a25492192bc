"""Report + EPUB + AO3 post for a novel, after analysis (issue: ≤ 10 s for 150k words).

    python benchmarks/bench_publish.py --shared ../shared [--novel OliverTwist]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import fabula
from fabula.render.ao3 import ao3_post
from fabula.render.epub import story_epub
from fabula.render.report import report_html

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--novel", default="OliverTwist")
    a = ap.parse_args()
    path = Path(a.shared) / "eval" / "pdnc-dev" / a.novel / "novel_text.txt"
    if not path.exists():
        path = ROOT / "examples" / "the-last-ferry.txt"
        print(f"(no PDNC novel found; benchmarking {path.name})")
    t = time.perf_counter()
    story = fabula.read(path)
    print(f"{path.parent.name}: {len(story.text.split()):,} words; analysis {time.perf_counter() - t:.2f} s "
          f"(tags pass {story.timings.get('tags', 0):.2f} s of it)")
    total = 0.0
    for name, fn in (("report", report_html), ("epub", story_epub), ("ao3", ao3_post)):
        t = time.perf_counter()
        out = fn(story)
        took = time.perf_counter() - t
        total += took if name != "ao3" else 0.0
        size = len(out) if isinstance(out, (str, bytes)) else len(out["body"])
        print(f"  {name:7s} {took:6.2f} s  {size / 1024:,.0f} KiB")
    print(f"report + EPUB: {total:.2f} s after analysis")
    return 0


if __name__ == "__main__":
    sys.exit(main())
