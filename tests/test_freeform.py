"""The freeform tags as declared rules: each suggested on the story it fits and not on the one it
does not (read through the whole pipeline), every rule in the table once, preview tags held back."""

from __future__ import annotations

import dataclasses

import pytest

import fabula
from fabula.tags import freeform as F


def _freeform(text: str) -> list[str]:
    return [t["value"] for t in fabula.read(text.encode(), name="story.txt").tags["freeform"]]


@pytest.mark.parametrize("tag", list(F.FREEFORM))
def test_a_tag_fits_its_own_example_and_not_its_counter_example(tag: str) -> None:
    r = F.FREEFORM[tag]
    assert tag in _freeform(r.fits), f"{tag} is not suggested for the story it fits"
    assert tag not in _freeform(r.does_not_fit), f"{tag} is suggested for the story it does not fit"


def test_every_declared_tag_rule_is_in_the_table() -> None:
    declared = {v.tag for v in vars(F).values() if isinstance(v, F.TagRule)}
    assert declared == set(F.FREEFORM)
    assert all(tag == r.tag and r.evidence and r.lifecycle in ("stable", "preview") for tag, r in F.FREEFORM.items())
    with pytest.raises(ValueError, match="duplicate"):
        F.table(F.songfic, F.songfic)


def test_a_preview_tag_is_not_suggested(monkeypatch: pytest.MonkeyPatch) -> None:
    r = F.FREEFORM["One Shot"]
    monkeypatch.setitem(F.FREEFORM, "One Shot", dataclasses.replace(r, lifecycle="preview"))
    assert "One Shot" not in _freeform(r.fits)
