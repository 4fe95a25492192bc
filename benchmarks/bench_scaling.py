"""Time and peak memory against input size, for ordinary prose and every hostile shape.

    python benchmarks/bench_scaling.py [--sizes 100000,200000,400000,800000] [--shapes prose,emoji-line]
                                       [--timeout 60] [--max-rss-mib 2048] [--command report]

Each (shape, size) runs in a fresh process (``tests.hostile_shapes.child_main``): the model is
loaded and the bundled example read first (not timed), then the command's work — ``report``:
read, beta read, HTML report; ``read``: the analysis alone — is timed (wall clock, and the
process's CPU seconds, which other programs on a loaded machine do not add to), and the process's peak
resident memory is read from the kernel at its end. A run past
``--timeout`` seconds or ``--max-rss-mib`` is killed and shown as such. Sizes are in words of
ordinary prose: a hostile shape of size n weighs about as many bytes as n words of prose
(``tests/hostile_shapes.py``). The last columns are the growth from the size before: 2.00 is
linear for a doubling; the acceptance bound is 3.0 (1.5x linear).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.hostile_shapes import SHAPES  # noqa: E402


def measure(shape: str, n: int, command: str, timeout: float, max_rss_mib: float) -> dict[str, object]:
    out_f, err_f = tempfile.TemporaryFile("w+"), tempfile.TemporaryFile("w+")  # a pipe could fill and stall the child
    code = "import sys; from tests.hostile_shapes import child_main; child_main(sys.argv[1:])"
    proc = subprocess.Popen([sys.executable, "-c", code, command, f"{shape}:{n}"], cwd=ROOT, stdout=out_f,
                            stderr=err_f, text=True)
    t0 = time.monotonic()
    killed = None
    while proc.poll() is None:
        time.sleep(0.2)
        try:
            with open(f"/proc/{proc.pid}/status") as fh:
                rss = next(int(line.split()[1]) for line in fh if line.startswith("VmRSS:")) / 1024
        except (OSError, StopIteration):
            rss = 0.0
        if rss > max_rss_mib:
            killed = f"killed over {max_rss_mib:.0f} MiB"
        elif time.monotonic() - t0 > timeout + 30:  # + the model load, which is not timed
            killed = f"killed past {timeout:.0f} s"
        if killed:
            proc.kill()
            proc.wait()
            return {"outcome": killed}
    out_f.seek(0)
    err_f.seek(0)
    out, err = out_f.read(), err_f.read()
    lines = [line for line in out.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        return {"outcome": f"failed (exit {proc.returncode}): {err.strip().splitlines()[-1] if err.strip() else ''}"}
    res: dict[str, object] = json.loads(lines[-1])
    if float(res["seconds"]) > timeout:  # type: ignore[arg-type]
        res["outcome"] = f"over {timeout:.0f} s"
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="100000,200000,400000,800000")
    ap.add_argument("--shapes", default=",".join(SHAPES))
    ap.add_argument("--command", default="report",
                    help="comma-separated work after the read: check, report, epub, ao3, summary (or 'read' alone)")
    ap.add_argument("--timeout", type=float, default=60.0)
    ap.add_argument("--max-rss-mib", type=float, default=2048.0)
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"fabula {args.command}: time (model load excluded) and peak RSS of the whole process; "
          f"limits {args.timeout:.0f} s, {args.max_rss_mib:.0f} MiB; {os.cpu_count()} CPUs")
    print(f"{'shape':22} {'words':>8} {'MB':>6} {'seconds':>8} {'CPU s':>7} {'peak MiB':>9} {'x time':>7} {'x mem':>6}  outcome")
    worst_t, worst_m = 0.0, 0.0
    for shape in args.shapes.split(","):
        prev: dict[str, object] | None = None
        for n in sizes:
            res = measure(shape, n, args.command, args.timeout, args.max_rss_mib)
            mb = len(SHAPES[shape](n)[0]) / 1e6
            if "seconds" not in res:
                print(f"{shape:22} {n:>8,} {mb:>6.2f} {'':>8} {'':>7} {'':>9} {'':>7} {'':>6}  {res['outcome']}")
                break
            secs, rss = float(res["seconds"]), float(res["peak_mib"])  # type: ignore[arg-type]
            growth_t = growth_m = ""
            if prev is not None:
                gt = secs / max(float(prev["seconds"]), 0.05)  # type: ignore[arg-type]
                # memory growth is the growth of what the input added above the loaded model
                gm = (rss - float(res["before_mib"])) / max(float(prev["peak_mib"]) - float(prev["before_mib"]), 8.0)  # type: ignore[arg-type]
                growth_t, growth_m = f"{gt:.2f}", f"{gm:.2f}"
                if secs > 1.0:
                    worst_t = max(worst_t, gt)
                worst_m = max(worst_m, gm)
            outcome = str(res["outcome"])
            cpu = float(res.get("cpu_seconds", float("nan")))  # type: ignore[arg-type]
            print(f"{shape:22} {n:>8,} {mb:>6.2f} {secs:>8.2f} {cpu:>7.2f} {rss:>9.0f} {growth_t:>7} {growth_m:>6}  "
                  f"{outcome[:70]}", flush=True)
            prev = res
    print(f"largest growth per doubling (runs over 1 s): time {worst_t:.2f}x, memory above the model {worst_m:.2f}x "
          "(2.00 = linear, bound 3.00)")


if __name__ == "__main__":
    main()
