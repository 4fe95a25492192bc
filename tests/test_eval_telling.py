"""The telling and tag instruments (benchmarks/evaluation/telling.py) on tiny inputs written here."""

from __future__ import annotations

import json

import pytest
from benchmarks.evaluation import telling as T

from .conftest import FIXTURES, SHARED

TEXT = ("Frame one opens here. Maren waited.\n\n***\n\nYears before, Maren ran.\n\nTobiah thought of the sea.\n\n"
        "***\n\nFrame two opens here. Maren left.\n")
S1, S2, S3 = TEXT.index("Frame one"), TEXT.index("Years before"), TEXT.index("Frame two")
HOP = TEXT.index("Tobiah thought")

GOLD_DATA = {
    "characters": {"Maren Holt": {"names": ["Maren"], "epithets": [], "gender": "she"},
                   "Tobiah Reed": {"names": ["Tobiah"], "epithets": ["the ferryman"], "gender": "he"}},
    "narrator": None,
    "scenes": [
        {"n": 1, "starts": "Frame one opens", "time": "frame", "pov": "Maren Holt", "order_in_fabula": 2,
         "head_hops_to": [], "head_hop_starts": []},
        {"n": 2, "starts": "Years before,", "time": "flashback", "pov": "Maren Holt", "order_in_fabula": 1,
         "head_hops_to": ["Tobiah Reed"], "head_hop_starts": ["Tobiah thought of"]},
        {"n": 3, "starts": "Frame two", "time": "frame", "pov": "Maren Holt", "order_in_fabula": 3,
         "head_hops_to": [], "head_hop_starts": []},
    ],
    "expected_tags": {"rating_at_least": "Teen And Up Audiences", "warnings": ["No Archive Warnings Apply"],
                      "relationships": ["Maren Holt/Tobiah Reed"], "freeform_any": ["Flashbacks", "Angst"]},
}
CHARS = [{"id": "c1", "name": "Maren", "aliases": ["Maren"]}, {"id": "c2", "name": "Tobiah", "aliases": []}]


def _scene(n: int, start: int, end: int, time: str, pov: str | None, order: int | None,
           hops: list[dict[str, object]] | None = None, person: str = "third") -> dict[str, object]:
    return {"n": n, "start": start, "end": end, "time": time, "pov": pov, "fabula_order": order,
            "head_hops": hops or [], "person": person}


def test_every_scene_fact_right() -> None:
    hop = {"start": HOP, "end": HOP + 26, "from": "c1", "to": "c2"}
    pred = {"characters": CHARS, "scenes": [_scene(1, S1, S2 - 5, "frame", "c1", 2),
                                            _scene(2, S2, S3 - 5, "flashback", "c1", 1, [hop]),
                                            _scene(3, S3, len(TEXT), "frame", "c1", 3)]}
    sc, _lines = T.score_scenes(T.fic_gold(GOLD_DATA), pred, TEXT)
    assert (sc.scenes, sc.placed, sc.count_right, sc.time, sc.order, sc.pov) == (3, 3, 1, 3, 3, 3)
    assert (sc.hops_gold, sc.hops_found, sc.hops_false) == (1, 1, 0)


def test_one_misplaced_scene_costs_one_order_and_a_merged_scene_costs_the_count() -> None:
    # fabula saw no break before scene 3 and ordered the flashback last
    pred = {"characters": CHARS, "scenes": [_scene(1, S1, S2 - 5, "frame", "c1", 1),
                                            _scene(2, S2, len(TEXT), "present", None, 2)]}
    sc, lines = T.score_scenes(T.fic_gold(GOLD_DATA), pred, TEXT)
    assert sc.count_right == 0 and sc.placed == 3
    assert sc.time == 1  # only scene 1's "frame"
    # fabula ranks: 1, 2, 2; gold ranks 2, 1, 3 → none agree
    assert sc.order == 0
    assert sc.pov == 1
    assert (sc.hops_found, sc.hops_false) == (0, 0) and any("missed" in line for line in lines)


def test_a_hop_into_the_wrong_head_is_missed_and_false() -> None:
    hop = {"start": HOP, "end": HOP + 26, "from": "c2", "to": "c1"}
    pred = {"characters": CHARS, "scenes": [_scene(1, S1, S2 - 5, "frame", "c1", 2),
                                            _scene(2, S2, S3 - 5, "flashback", "c1", 1, [hop]),
                                            _scene(3, S3, len(TEXT), "frame", "c1", 3)]}
    sc, _ = T.score_scenes(T.fic_gold(GOLD_DATA), pred, TEXT)
    assert (sc.hops_found, sc.hops_false, sc.worst_false) == (0, 1, 1)


def test_first_person_pov_is_the_narrator() -> None:
    data = dict(GOLD_DATA, narrator="Maren Holt")
    pred = {"characters": CHARS, "scenes": [_scene(1, S1, S2 - 5, "frame", None, 2, person="first"),
                                            _scene(2, S2, S3 - 5, "flashback", "c1", 1, person="first"),
                                            _scene(3, S3, len(TEXT), "frame", "c2", 3, person="first")]}
    sc, _ = T.score_scenes(T.fic_gold(data), pred, TEXT)
    assert sc.pov == 2  # no POV or the narrator: right; another character: wrong


def test_fixture_key_scenes_start_after_the_title_and_each_break() -> None:
    text = "A Title\n\n" + TEXT
    assert T.fixture_scene_openings(text) == ["Frame one opens here. Maren waited.", "Years before, Maren ran.",
                                              "Frame two opens here. Maren left."]
    gold = T.fixture_gold({"pov": ["Maren", "I", "Maren"], "time": ["frame", "flashback", "frame"],
                           "fabula": [2, 1, 3], "head_hops": [[2, "Tobiah thought", "Tobiah"]]}, text)
    assert [s.order for s in gold.scenes] == [2, 1, 3]  # key lists scene numbers earliest first
    assert gold.scenes[1].hops == [("Tobiah thought", "Tobiah")]
    off = len("A Title\n\n")
    pred = {"characters": CHARS, "scenes": [_scene(1, off + S1, off + S2 - 5, "frame", "c1", 2),
                                            _scene(2, off + S2, off + S3 - 5, "flashback", None, 1, person="first"),
                                            _scene(3, off + S3, len(text), "frame", "c1", 3)]}
    sc, _ = T.score_scenes(gold, pred, text)
    assert (sc.time, sc.order, sc.pov, sc.hops_found) == (3, 3, 3, 0)


def _tags(rating: str, warnings: list[str], rels: list[str], freeform: list[str]) -> dict[str, object]:
    return {"rating": {"value": rating}, "warnings": [{"value": w} for w in warnings],
            "relationships": [{"value": r} for r in rels], "freeform": [{"value": f} for f in freeform]}


def test_tags_within_the_annotation() -> None:
    pred = {"characters": CHARS, "tags": _tags("General Audiences", ["Creator Chose Not To Use Archive Warnings"],
                                               ["Maren/Tobiah"], ["flashbacks", "One Shot"])}
    ts = T.score_tags(T.fic_gold(GOLD_DATA), pred)
    assert (ts.rating_over, ts.rating_equal, ts.false_warnings, ts.missed_warnings) == (0, 0, 0, 0)
    assert (ts.rel_gold, ts.rel_found, ts.rel_other_kind, ts.freeform_hits) == (1, 1, 0, 1)


def test_tags_above_the_annotation() -> None:
    pred = {"characters": CHARS, "tags": _tags("Mature", ["Major Character Death", "No Archive Warnings Apply"],
                                               ["Maren & Tobiah", "Maren & Nobody"], ["Fluff"])}
    ts = T.score_tags(T.fic_gold(GOLD_DATA), pred)
    assert (ts.rating_over, ts.false_warnings, ts.stories_with_false_warning) == (1, 1, 1)
    assert (ts.rel_found, ts.rel_other_kind, ts.rel_suggested) == (0, 1, 2)
    assert ts.stories_with_freeform_hit == 0


def test_the_narrative_fixtures_key_places_every_scene() -> None:
    key = json.loads((FIXTURES / "narrative" / "key.json").read_text(encoding="utf-8"))
    for name in (k for k in key if not k.startswith("_")):
        text = (FIXTURES / "narrative" / name).read_text(encoding="utf-8")
        gold = T.fixture_gold(key[name], text)
        assert all(T.find(text, s.starts) is not None for s in gold.scenes), name


@pytest.mark.skipif(not (SHARED / "eval" / "fics").is_dir(), reason="../shared/eval is not present (CI data only)")
def test_every_gold_scene_opening_is_found_in_its_fic() -> None:
    from benchmarks.evaluation import fics

    import fabula

    for path in fics.stories(SHARED / "eval" / "fics"):
        story = fabula.read(path, until="quotes")
        gold = T.fic_gold(fics.load(path))
        assert all(T.find(story.text, s.starts) is not None for s in gold.scenes), path.name
        assert all(T.find(story.text, o) is not None for s in gold.scenes for o, _who in s.hops), path.name
