"""The one-shot: the whole ``fabula read STORY --format json`` command, start-up and model load
included, as a user at a terminal meets it. Runs with and without the head start (the child
process that loads spaCy while the parent reads) interleave, so both see the same machine.

    python benchmarks/bench_oneshot.py --shared ../shared [--runs 10]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

TARGET_S = 2.0


def once(story: Path, prefork: bool) -> float:
    exe = shutil.which("fabula", path=str(Path(sys.executable).parent)) or "fabula"
    env = {**os.environ, "FABULA_PREFORK": "1" if prefork else "0"}
    t = time.perf_counter()
    proc = subprocess.run([exe, "read", str(story), "--format", "json"], env=env, capture_output=True)
    elapsed = time.perf_counter() - t
    if proc.returncode != 0:
        sys.exit(f"fabula failed: {proc.stderr.decode(errors='replace').strip()}")
    return elapsed


def line(label: str, times: list[float]) -> str:
    under = sum(t <= TARGET_S for t in times)
    return (f"{label:<22} median {statistics.median(times):.2f} s  min {min(times):.2f}  max {max(times):.2f}  "
            f"under {TARGET_S:.0f} s: {under}/{len(times)}")


def machine_check() -> float:
    """A fixed pure-Python loop: this shared machine's speed at the moment, to read the times by
    (compare runs made at different moments by it)."""
    t = time.perf_counter()
    sum(range(30_000_000))
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--story", type=Path, help="default: the canonical fic in ../shared/stories")
    ap.add_argument("--runs", type=int, default=10)
    args = ap.parse_args()
    story = args.story or args.shared / "stories" / "lay-it-down.txt"
    if not story.is_file():
        sys.exit(f"no story at {story}")
    words = len(story.read_text(encoding="utf-8", errors="replace").split())
    check = machine_check()
    once(story, True)  # the first run fills the disk cache; the target is "after the first run"
    with_it: list[float] = []
    without: list[float] = []
    for _ in range(args.runs):
        with_it.append(once(story, True))
        without.append(once(story, False))
    print(f"fabula read {story.name} --format json ({words:,} words), {args.runs} runs each, interleaved")
    print(line("with the head start", with_it))
    print(line("without (FABULA_PREFORK=0)", without))
    print("times: " + " ".join(f"{t:.2f}" for t in sorted(with_it)))
    print(f"machine check (sum(range(30M)), before and after): {check:.2f} s, {machine_check():.2f} s")


if __name__ == "__main__":
    main()
