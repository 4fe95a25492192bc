"""The beta read: every rule's own bad and good example, the engine, and `fabula check` as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import fabula
import fabula.beta.rules  # noqa: F401
from fabula.beta.engine import RULES, apply_fixes, check_story, select_rules

from .test_cli import run

HERE = Path(__file__).parent


def _story(body: str) -> fabula.model.Story:  # type: ignore[name-defined]
    return fabula.read(("A Short One\n\n" + body + "\n").encode(), name="short.txt")


@pytest.mark.parametrize("code", sorted(RULES))
def test_rule_flags_its_bad_example_and_not_its_good_one(code: str) -> None:
    r = RULES[code]
    bad = check_story(_story(r.bad), select=[code])
    good = check_story(_story(r.good), select=[code])
    assert bad, f"{code} misses its own bad example"
    assert good == [], f"{code} flags its own good example: {good}"
    assert r.rationale and r.summary and r.family in ("words", "grammar", "dialogue", "telling", "style")


@pytest.mark.parametrize("code", sorted(c for c, r in RULES.items() if r.offers_fix))
def test_offered_fix_turns_bad_into_good(code: str) -> None:
    """Every fix a rule offers is right on its own example — applied by --fix only if measured safe."""
    r = RULES[code]
    story = _story(r.bad)
    found = [d for d in check_story(story, select=[code]) if d.fix is not None]
    assert found
    fixed = story.text
    for d in sorted(found, key=lambda d: -d.start):  # every offered fix, from the end back
        fixed = fixed[:d.start] + (d.fix or "") + fixed[d.end:]
    assert fixed.strip().endswith(r.good.strip())
    applied, n = apply_fixes(story.text, found)
    assert (n >= 1 and applied.strip().endswith(r.good.strip())) if r.safe_fix else (n == 0 and applied == story.text)


def test_only_fixes_measured_precise_are_applied() -> None:
    """data/fix_precision.json (benchmarks/bench_beta.py) decides: sound-alikes measured 0.69 stay suggestions."""
    from fabula.beta.engine import SAFE_MIN_FINDINGS, SAFE_PRECISION

    data = json.loads((Path(fabula.__file__).parent / "data" / "fix_precision.json").read_text())
    for code, r in RULES.items():
        m = data["rules"].get(code, {})
        measured = m.get("findings", 0) >= SAFE_MIN_FINDINGS and m.get("precision", 0) >= SAFE_PRECISION
        assert r.safe_fix == (r.offers_fix and measured), code
    assert not RULES["FB101"].safe_fix and RULES["FB105"].safe_fix
    story = _story("They went off there together. She could of stayed.")
    fixed, n = apply_fixes(story.text, check_story(story))
    assert "could have stayed" in fixed and "off there together" in fixed


def test_selection_by_prefix() -> None:
    codes = [r.code for r in select_rules(["FB1"], ["FB108"])]
    assert codes and all(c.startswith("FB1") for c in codes) and "FB108" not in codes


PASSAGE = """The Lighthouse Keeper

Wren climbed the stairs. So bare with me, she thought, the lamp is old.

"Stupid," She pouted. "Its not working."

She felt a rush fear as the the lamp flickered. It was the worst mistake of she'd ever make.

"Your going to fix it," said Tomas.
"""


def test_a_passage_with_many_slips() -> None:
    story = fabula.read(PASSAGE.encode(), name="keeper.txt")
    found = {(d.code, story.text[d.start:d.end]) for d in check_story(story)}
    assert {("FB101", "bare"), ("FB301", "She"), ("FB102", "Its"), ("FB201", "rush"), ("FB106", "the the"),
            ("FB202", "of "), ("FB103", "Your")} <= found
    # never a character's name as a misspelling
    assert not any(code == "FB108" and text in ("Wren", "Tomas") for code, text in found)


def test_fix_changes_only_the_flagged_spans(tmp_path: Path) -> None:
    src = tmp_path / "keeper.txt"
    src.write_text(PASSAGE, encoding="utf-8")
    out = tmp_path / "fixed.txt"
    r = run("check", str(src), "--fix", "-o", str(out))
    assert r.returncode == 1  # errors were found (and fixed in the copy)
    fixed = out.read_text(encoding="utf-8")
    # the fixes of rules measured precise are applied; the others stay suggestions
    assert '"Stupid," she pouted' in fixed and "It's not" in fixed and "You're going" in fixed
    assert "So bare with me" in fixed and "a rush fear" in fixed and "mistake of she'd ever make" in fixed
    # everything else is byte for byte the same
    assert fixed.count("\n") == PASSAGE.count("\n")
    assert src.read_text(encoding="utf-8") == PASSAGE  # the story itself is never touched


def test_check_output_formats_and_exit_codes(tmp_path: Path) -> None:
    src = tmp_path / "keeper.txt"
    src.write_text(PASSAGE, encoding="utf-8")
    text = run("check", str(src))
    assert text.returncode == 1
    first = text.stdout.splitlines()[0]
    assert first.startswith(f"{src}:3:") and "FB101" in first  # path:line:col CODE message
    lines = [ln for ln in text.stdout.splitlines() if ln.startswith(str(src))]
    positions = [tuple(int(x) for x in ln.split(":")[1:3]) for ln in lines]
    assert positions == sorted(positions)  # stable and sorted
    data = json.loads(run("check", str(src), "--format", "json").stdout)
    assert {d["code"] for d in data["diagnostics"]} >= {"FB101", "FB301"}
    sarif = json.loads(run("check", str(src), "--format", "sarif").stdout)
    assert sarif["version"] == "2.1.0" and sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 3
    only = json.loads(run("check", str(src), "--format", "json", "--select", "FB3").stdout)
    assert {d["code"] for d in only["diagnostics"]} == {"FB301"}
    clean = tmp_path / "clean.txt"
    clean.write_text("Calm Water\n\nThe sea was flat. Wren rowed out and back.\n", encoding="utf-8")
    assert run("check", str(clean)).returncode == 0
    assert run("check", str(tmp_path / "missing.txt")).returncode == 2


def test_rules_command() -> None:
    listing = run("rules")
    assert listing.returncode == 0 and "FB101" in listing.stdout and "FB504" in listing.stdout
    one = run("rules", "FB301")
    assert "Why" in one.stdout and "She pouted" in one.stdout
    assert run("rules", "FB999").returncode == 2
