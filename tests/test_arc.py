"""The emotional arc (fabula.narrative.arcs): scene means of VADER's sentence scores, and the
even thinning that bounds its cost on a huge file."""

from __future__ import annotations

import pytest

import fabula
from fabula.narrative import arcs

SCENE = ("The lamps were lit along the quay. She laughed at the gulls and loved the cold bright morning. "
         "Then the rain came and everything was ruined and miserable. He waited by the gate. ")


def _story() -> fabula.Story:
    text = "\n\n* * *\n\n".join(SCENE * 10 for _ in range(4))
    return fabula.read(text.encode(), until="arc")


def test_every_sentence_of_a_short_story_is_scored_scene_by_scene() -> None:
    story = _story()
    assert len(story.scenes) == 4
    assert [(s, e) for s, e, _v in story.arc.sentences] == story.sentences  # every one, short as the story is
    assert len(story.arc.scenes) == 4
    assert all(-1.0 <= v <= 1.0 for v in story.arc.scenes)


def test_a_story_over_the_budget_is_thinned_evenly_in_every_scene(monkeypatch: pytest.MonkeyPatch) -> None:
    whole = _story().arc
    monkeypatch.setattr(arcs, "BUDGET", 40)
    thin = _story().arc
    story = _story()
    starts = [sc.start for sc in story.scenes] + [len(story.text)]
    by_scene = [[(s, e) for s, e, _v in whole.sentences if a <= s < z] for a, z in zip(starts, starts[1:], strict=False)]
    # some 160 sentences over a budget of 40: every fifth sentence of each scene, from its first
    assert len(whole.sentences) > 160
    assert [(s, e) for s, e, _v in thin.sentences] == [x for sents in by_scene for x in sents[::5]]
    assert len(thin.scenes) == 4 and thin.scenes != whole.scenes
