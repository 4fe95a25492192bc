"""Load on `fabula serve`, against 127.0.0.1 only.

    python benchmarks/bench_serve.py --shared ../shared

1. 48 concurrent POST /api/read of a 5,000-word fic (the canonical one when ../shared is
   there): all must succeed; p50/p95/max latency reported.
2. A 30 MB body: must be refused with 413, quickly.
3. 500 more requests (16 at a time): the resident memory of the server and its workers,
   sampled every 100 requests, must stay bounded.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo += children.get(p, [])
    return total / 2**20


async def burst(url: str, body: bytes, n: int, concurrency: int) -> list[tuple[int, float]]:
    sem = asyncio.Semaphore(concurrency)
    async with httpx.AsyncClient(timeout=300) as client:
        async def one() -> tuple[int, float]:
            async with sem:
                t = time.perf_counter()
                r = await client.post(url + "/api/read", content=body, headers={"Content-Type": "text/plain"})
                return r.status_code, time.perf_counter() - t
        return await asyncio.gather(*(one() for _ in range(n)))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--workers", type=int, default=2)
    a = ap.parse_args()
    fic = Path(a.shared) / "stories" / "lay-it-down.txt"
    if not fic.exists():
        fic = ROOT / "examples" / "the-last-ferry.txt"
    body = fic.read_bytes()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([sys.executable, "-m", "fabula.cli", "serve", "--port", str(port), "--workers",
                             str(a.workers), "--queue", "64"], start_new_session=True)
    try:
        for _ in range(300):
            try:
                if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        print(f"server up on {url}, {a.workers} workers; RSS {tree_rss_mb(proc.pid):.0f} MiB")
        t = time.perf_counter()
        results = asyncio.run(burst(url, body, 48, 48))
        wall = time.perf_counter() - t
        codes = [c for c, _ in results]
        lat = sorted(x for _, x in results)
        p95 = lat[int(0.95 * (len(lat) - 1))]
        print(f"48 concurrent reads of {fic.name} ({len(body.split()):,} words): {codes.count(200)}/48 ok in {wall:.1f} s; "
              f"latency p50 {statistics.median(lat):.2f} s, p95 {p95:.2f} s, max {lat[-1]:.2f} s")
        t = time.perf_counter()
        r = httpx.post(url + "/api/read", content=b"a" * (30 * 2**20), headers={"Content-Type": "text/plain"}, timeout=60)
        print(f"30 MB body: {r.status_code} in {time.perf_counter() - t:.2f} s: {r.json()['error']}")
        small = (ROOT / "examples" / "the-last-ferry.txt").read_bytes()
        samples = []
        for i in range(5):
            out = asyncio.run(burst(url, small, 100, 16))
            samples.append(tree_rss_mb(proc.pid))
            print(f"  after {100 * (i + 1)} more requests: {sum(c == 200 for c, _ in out)}/100 ok, "
                  f"server + workers RSS {samples[-1]:.0f} MiB")
        print(f"memory over 500 requests: {samples[0]:.0f} -> {samples[-1]:.0f} MiB (growth {samples[-1] - samples[0]:+.0f} MiB)")
        ok = codes.count(200) == 48 and r.status_code == 413
        return 0 if ok else 1
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)


if __name__ == "__main__":
    sys.exit(main())
