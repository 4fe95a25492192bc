"""`fabula check` against `fabula read` on one novel, the two commands interleaved so that a busy
machine slows both alike: the median wall time of each over ``--rounds`` and the check's extra share.

    python benchmarks/bench_check.py --shared ../shared [--novel TheSignOfTheFour] [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--novel", default="TheSignOfTheFour")
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args()
    path = Path(a.shared) / "eval" / "pdnc-dev" / a.novel / "novel_text.txt"
    if not path.is_file():
        print(f"no {path}; nothing to measure")
        return 1
    fabula = [sys.executable, "-m", "fabula"]
    times: dict[str, list[float]] = {"read": [], "check": []}
    for _ in range(a.rounds):
        for cmd in ("read", "check"):
            t = time.perf_counter()
            subprocess.run([*fabula, cmd, str(path), "--format", "json"], stdout=subprocess.DEVNULL, check=False)
            times[cmd].append(time.perf_counter() - t)
    r, c = statistics.median(times["read"]), statistics.median(times["check"])
    print(f"{a.novel} ({len(path.read_text(encoding='utf-8').split()):,} words), median of {a.rounds} interleaved runs: "
          f"read {r:.1f} s, check {c:.1f} s = {c / r - 1:+.0%}")
    print("  read:  " + ", ".join(f"{x:.1f}" for x in times["read"]))
    print("  check: " + ", ".join(f"{x:.1f}" for x in times["check"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
