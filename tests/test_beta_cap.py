"""A rule stops at ``MAX_FINDINGS_PER_RULE`` findings in one story, and says so: one word
repeated through a file once gave 1.2 million findings, and drawing them took the report a
minute. Ordinary stories are far below the cap (the busiest rule on a 158,000-word novel found 196)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import fabula
from fabula.beta.engine import CAPPED_PREFIX, MAX_FINDINGS_PER_RULE
from fabula.pipeline import BetaRead

from .conftest import ROOT

# a doubled word in every sentence: each one is a finding of the doubled-word rule
DOUBLED = " ".join(f"The ferry number {i} left the the harbour late." for i in range(MAX_FINDINGS_PER_RULE + 300))


def test_a_rule_stops_at_the_cap_with_a_warning() -> None:
    story = fabula.read(DOUBLED, name="doubled.txt", beta=BetaRead(select=["FB106"]))
    found = [d for d in story.diagnostics if d.code == "FB106"]
    assert len(found) == MAX_FINDINGS_PER_RULE
    assert found == sorted(found, key=lambda d: d.start)  # the first ones in the text
    assert story.text[found[0].start:found[0].end] == "the the"
    warnings = [w for w in story.warnings if w.startswith(CAPPED_PREFIX)]
    assert len(warnings) == 1 and "FB106" in warnings[0] and f"{MAX_FINDINGS_PER_RULE:,}" in warnings[0]


def test_below_the_cap_every_finding_is_kept_and_nothing_is_said() -> None:
    text = " ".join(f"The ferry number {i} left the the harbour late." for i in range(40))
    story = fabula.read(text, name="doubled.txt", beta=BetaRead(select=["FB106"]))
    assert len([d for d in story.diagnostics if d.code == "FB106"]) == 40
    assert not any(w.startswith(CAPPED_PREFIX) for w in story.warnings)


def test_check_says_on_stderr_that_a_rule_stopped(tmp_path: Path) -> None:
    path = tmp_path / "doubled.txt"
    path.write_text(DOUBLED, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "fabula.cli", "check", str(path), "--select", "FB106"], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1  # FB106 is an error
    assert proc.stdout.count(": FB106 'the' twice") == MAX_FINDINGS_PER_RULE
    assert [line for line in proc.stderr.splitlines() if line.startswith("fabula: warning: ")] == [
        f"fabula: warning: {CAPPED_PREFIX}FB106 (doubled-word) stopped after {MAX_FINDINGS_PER_RULE:,} findings; "
        "any more it would find are not shown"]
