"""The web app's upload limit as a command-line user meets it: ``fabula report`` on every hostile
shape at just under 10 MB.

    python benchmarks/bench_limit.py [--mb 9.9] [--shapes prose,many-chapters] [--command report]

Unlike ``bench_scaling.py`` (one process, NER in it, to see growth), this runs the installed
``fabula`` command exactly as a user does — the head start's NER process and, on a big read, the
side passes on the second core (``fabula.runtime.forked``) — and times it from outside with
GNU time: wall seconds, CPU seconds of the command and every process it started, and the peak
resident memory of the largest of them (forked children share their pages with the reader, so
their sum would count the story many times). Each shape is sized by bytes, as the limit is.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.hostile_shapes import SHAPES  # noqa: E402


def sized(shape: str, limit: float) -> tuple[bytes, str, int]:
    """The shape's input at the largest size under ``limit`` bytes (and the words of prose it weighs)."""
    make = SHAPES[shape]
    probe, _ = make(100_000)
    n = int(100_000 * limit / len(probe))
    data, name = make(n)
    while len(data) > limit:
        n = int(n * 0.98)
        data, name = make(n)
    return data, name, n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=9.9, help="each input's size in MiB (the web app accepts up to 10)")
    ap.add_argument("--shapes", default=",".join(SHAPES))
    ap.add_argument("--command", default="report", choices=["report", "read", "check"])
    args = ap.parse_args()
    gnu_time = shutil.which("time") or "/usr/bin/time"
    fabula = str(Path(sys.executable).with_name("fabula"))
    print(f"fabula {args.command} on each shape at {args.mb} MiB, as the command line runs it; {os.cpu_count()} CPUs")
    print(f"{'shape':24} {'MB':>6} {'words':>10} {'wall s':>7} {'CPU s':>7} {'peak MiB':>9}  outcome")
    with tempfile.TemporaryDirectory() as tmp:
        for shape in args.shapes.split(","):
            data, name, n = sized(shape, args.mb * 2**20)
            src = Path(tmp) / name
            src.write_bytes(data)
            out = ["-o", str(Path(tmp) / "out.html")] if args.command == "report" else []
            t0 = time.monotonic()
            proc = subprocess.run([gnu_time, "-f", "%M %U %S", fabula, args.command, str(src), *out],
                                  capture_output=True, text=True, stdin=subprocess.DEVNULL)
            wall = time.monotonic() - t0
            rss_kb, user, system = proc.stderr.strip().splitlines()[-1].split()
            said = [line for line in proc.stderr.splitlines()[:-1] if line.startswith("fabula: error")]
            outcome = "ok" if proc.returncode in (0, 1) else f"exit {proc.returncode} {said[0] if said else ''}"
            print(f"{shape:24} {len(data) / 2**20:6.2f} {n:10,} {wall:7.1f} {float(user) + float(system):7.1f} "
                  f"{int(rss_kb) / 1024:9.0f}  {outcome}", flush=True)
            src.unlink()


if __name__ == "__main__":
    main()
