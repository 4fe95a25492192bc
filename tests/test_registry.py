"""The beta read's rule table: every declared rule listed once, nothing registered by importing,
preview rules only when asked for, and the beta read as a pass of the pipeline."""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil

import pytest

import fabula
import fabula.beta.rules as rules_package
from fabula.beta import engine, registry
from fabula.beta.engine import Rule, check_story, select_rules
from fabula.pipeline import BetaRead

from .test_beta import PASSAGE


def _declared() -> dict[str, Rule]:
    """Every Rule declared in a module of beta/rules/, found by looking, not by the table."""
    out = {}
    for info in pkgutil.iter_modules(rules_package.__path__):
        module = importlib.import_module(f"{rules_package.__name__}.{info.name}")
        for value in vars(module).values():
            if isinstance(value, Rule):
                out[value.code] = value
    return out


def test_every_declared_rule_is_in_the_table_and_nothing_else() -> None:
    declared = _declared()
    assert set(declared) == set(registry.RULES), "list a new rule in fabula/beta/registry.py"
    for code, r in registry.RULES.items():
        assert r is declared[code] and r.code == code
        assert r.severity in ("error", "warning", "info") and r.lifecycle in ("stable", "preview")


def test_a_code_twice_is_an_error() -> None:
    r = next(iter(registry.RULES.values()))
    with pytest.raises(ValueError, match="duplicate rule code"):
        registry.table(r, dataclasses.replace(r, name="another"))


def test_engine_rules_is_the_registry_table() -> None:
    assert engine.RULES is registry.RULES


def test_preview_rules_run_only_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    stable = registry.RULES["FB106"]
    preview = dataclasses.replace(stable, code="FB199", lifecycle="preview")
    monkeypatch.setattr(registry, "RULES", {**registry.RULES, "FB199": preview})
    assert "FB199" not in [r.code for r in select_rules()]
    assert "FB199" not in [r.code for r in select_rules(["FB1"])]  # selecting a prefix is not asking for preview
    assert "FB199" in [r.code for r in select_rules(["FB1"], preview=True)]
    story = fabula.read(PASSAGE.encode(), name="keeper.txt", beta=BetaRead(preview=True))
    # the copy finds what FB106 finds, with the same fixes: shown once, under the first code
    assert "FB106" in {d.code for d in story.diagnostics}
    story = fabula.read(PASSAGE.encode(), name="keeper.txt", beta=BetaRead(ignore=["FB106"], preview=True))
    assert "FB199" in {d.code for d in story.diagnostics}
    story = fabula.read(PASSAGE.encode(), name="keeper.txt", beta=BetaRead(ignore=["FB106"]))
    assert "FB199" not in {d.code for d in story.diagnostics}


def test_the_beta_read_is_a_pass_run_on_request() -> None:
    plain = fabula.read(PASSAGE.encode(), name="keeper.txt")
    assert plain.diagnostics == [] and "beta" not in plain.timings
    story = fabula.read(PASSAGE.encode(), name="keeper.txt", beta=True)
    assert story.diagnostics == check_story(plain) and story.diagnostics
    assert "beta" in story.timings
    chosen = fabula.read(PASSAGE.encode(), name="keeper.txt", beta=BetaRead(select=["FB1"], ignore=["FB108"]))
    assert chosen.diagnostics == check_story(plain, ["FB1"], ["FB108"])
    assert fabula.read(PASSAGE.encode(), name="keeper.txt", until="beta").diagnostics == story.diagnostics
