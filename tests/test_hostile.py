"""Hostile inputs finish in time roughly linear in their size, within memory bounds.

Every shape of ``tests/hostile_shapes.py`` runs through every command's work (read, beta read
and fixes, report, EPUB, AO3 post, terminal summary and timeline, JSON) in one child process
whose address space is capped, at two sizes four times apart. The sizes are small (tens of
kilobytes) but each is one at which the quadratic or unbounded code these tests guard against
took minutes or gigabytes; ``benchmarks/bench_scaling.py`` runs the same shapes at 100k–800k words.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest

from tests.conftest import ROOT
from tests.hostile_shapes import SHAPES

SMALL, LARGE = 4_000, 16_000  # words of prose the input weighs as much as (24 kB and 96 kB)
COMMANDS = "check,report,epub,ao3,summary"
SECONDS = 30.0  # for the larger size, on a loaded 2-core machine; linear code takes 1–3 s
PEAK_MIB = 1500.0  # the whole process, model included (about 300 MiB)
AS_MIB = 3072  # a runaway allocation fails in the child, not on the machine


@pytest.fixture(scope="module")
def runs() -> dict[tuple[str, int], dict[str, Any]]:
    items = [f"{shape}:{n}" for shape in SHAPES for n in (SMALL, LARGE)]
    code = "import sys; from tests.hostile_shapes import child_main; child_main(sys.argv[1:])"
    proc = subprocess.run([sys.executable, "-c", code, COMMANDS, *items], cwd=ROOT, capture_output=True, text=True,
                          timeout=900, env={**os.environ, "FABULA_TEST_MAX_AS_MIB": str(AS_MIB)})
    results = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    assert results, f"the child process gave nothing (exit {proc.returncode}): {proc.stderr[-2000:]}"
    return {(r["shape"], r["words"]): r for r in results}


@pytest.mark.parametrize("shape", list(SHAPES))
def test_shape_finishes_in_linear_time_and_bounded_memory(runs: dict[tuple[str, int], dict[str, Any]], shape: str) -> None:
    small, large = runs.get((shape, SMALL)), runs.get((shape, LARGE))
    assert small is not None and large is not None, f"{shape}: the child stopped before it (see the runs before)"
    for r in (small, large):
        assert r["outcome"] == "ok" or r["outcome"].startswith("refused: "), f"{shape} at {r['words']}: {r['outcome']}"
        assert r["peak_mib"] < PEAK_MIB, f"{shape} at {r['words']} words: peak {r['peak_mib']:.0f} MiB"
    assert large["seconds"] < SECONDS, f"{shape}: {large['seconds']:.1f} s at {LARGE} words"
    # four times the input: linear is 4x, quadratic 16x; the slack absorbs a loaded machine's noise
    assert large["seconds"] < 8 * small["seconds"] + 2.0, (
        f"{shape}: {small['seconds']:.2f} s at {SMALL} words, {large['seconds']:.2f} s at {LARGE}")
