"""How the story is told: POV, head-hops, tense, frame vs flashback, event order, thoughts."""

from __future__ import annotations

import html
import json
import re
from collections import defaultdict
from pathlib import Path

import jsonschema
import pytest

import fabula
from fabula.model import Story
from fabula.narrative import INNER
from fabula.narrative.pov import paragraph_evidence
from fabula.narrative.timeline import SceneTime, explicit_cues, fabula_order, frame_split, tense_profile

from .conftest import FIXTURES
from .test_cli import SCHEMA, run

NARRATIVE = FIXTURES / "narrative"
KEY = json.loads((NARRATIVE / "key.json").read_text())
STORIES = sorted(k for k in KEY if not k.startswith("_"))


# --- cues, one by one, on short original passages --------------------------------------------

def _evidence(text: str, names: dict[str, str], genders: dict[str, str], recency: dict[str, list[str]] | None = None,
              cast: set[str] | None = None) -> dict[str, float]:
    spans = [(m.start(), m.end(), cid) for name, cid in names.items() for m in re.finditer(rf"\b{name}\b", text)]
    quotes = [(m.start(), m.end()) for m in re.finditer(r'"[^"]*"', text)]
    out = paragraph_evidence(text, 0, len(text), sorted(spans), quotes, genders, recency if recency is not None else {}, cast)
    return dict(out.scores)


def test_the_lower_cased_copy_finds_the_same_experiencers() -> None:
    """paragraph_evidence given the text lower-cased (as the pass gives it) reads the case-blind
    verbs as the flagged patterns do: the same scores and verbs, in capitals or not."""
    from fabula.text.fold import folded

    text = ('Emeric KNEW the tide was turning, and Tomas Watched the boats. She Really Wanted to stay. '
            '"I know," he said, and then REMEMBERED the nets. Tomas could NOT HELP it.')
    spans = sorted((m.start(), m.end(), cid) for name, cid in (("Emeric", "c1"), ("Tomas", "c2"))
                   for m in re.finditer(rf"\b{name}\b", text))
    quotes = [(m.start(), m.end()) for m in re.finditer(r'"[^"]*"', text)]
    genders = {"c1": "she", "c2": "he"}
    plain = paragraph_evidence(text, 0, len(text), spans, quotes, genders, {})
    low = paragraph_evidence(text, 0, len(text), spans, quotes, genders, {}, None, folded(text))
    assert plain.scores == low.scores and plain.verbs == low.verbs and plain.subjects == low.subjects
    assert plain.scores["c1"] >= 1.0 and "remembered" in plain.verbs["c2"]


def test_a_named_experiencer_is_evidence() -> None:
    scores = _evidence("Emeric knew the tide was turning. Tomas watched the boats.", {"Emeric": "c1", "Tomas": "c2"},
                       {"c1": "she", "c2": "he"})
    assert scores == {"c1": 1.0, "c2": 0.5}  # cognition counts double perception


def test_a_pronoun_goes_to_the_last_named_of_its_gender() -> None:
    scores = _evidence("Tomas came in from the rain. Emeric looked up. She felt the cold come with him.",
                       {"Emeric": "c1", "Tomas": "c2"}, {"c1": "she", "c2": "he"})
    assert scores == {"c1": 1.0}


def test_she_is_not_the_woman_she_turns_to() -> None:
    # the chain of "she" ends in "turned to Emeric", so every "she" here is the other woman
    text = "She felt foolish for staying so long. She thought about leaving. She turned to Emeric at last."
    scores = _evidence(text, {"Emeric": "c1"}, {"c1": "she", "c3": "she"}, recency={"she": ["c1", "c3"]})
    assert scores == {"c3": 2.0}


def test_a_scene_opening_pronoun_prefers_someone_in_the_scene() -> None:
    text = "She wondered how long the ferry would be."
    scores = _evidence(text, {}, {"c1": "she", "c2": "she"}, recency={"she": ["c1", "c2"]}, cast={"c2"})
    assert scores == {"c2": 1.0}


def test_a_negated_experiencer_verb_is_evidence() -> None:
    scores = _evidence("Minseo could not think of anything to say.", {"Minseo": "c1"}, {"c1": "she"})
    assert scores == {"c1": 1.0}


def test_the_complement_of_a_knowing_verb_is_not_its_subjects_head() -> None:
    # what Minseo knows about him is her thought, not his: "he did not want" adds nothing for him
    scores = _evidence("Minseo knew he did not want to see it.", {"Minseo": "c1", "Jaehyun": "c2"},
                       {"c1": "she", "c2": "he"}, recency={"he": ["c2"]})
    assert scores == {"c1": 1.0}


def test_questions_and_dialogue_are_not_evidence() -> None:
    text = 'Didn\'t he feel the cold too? "I know you feel it," Emeric said.'
    assert _evidence(text, {"Emeric": "c1"}, {"c1": "she", "c2": "he"}, recency={"he": ["c2"]}) == {}


def test_scene_markers_and_opening_phrases() -> None:
    assert explicit_cues("*Flashback*", "").level == "flashback"  # type: ignore[union-attr]
    assert explicit_cues("~End Flashback~", "").level == "frame"  # type: ignore[union-attr]
    back = explicit_cues(None, "Twelve years ago, the mill still ran.")
    assert back is not None and back.level == "flashback" and back.distance_days == 12 * 365
    later = explicit_cues(None, "Two weeks later, the letter came.")
    assert later is not None and later.level == "present"
    assert explicit_cues(None, "The mill ran all night.") is None


def test_tense_profile() -> None:
    assert tense_profile("She walks to the door. It is cold and the wind is high. She turns.")[0] == "present"
    assert tense_profile("She walked to the door. It was cold and the wind was high.")[0] == "past"
    assert tense_profile("She had been seven. They had lived by the sea.")[1] > 10


def test_frame_split_needs_the_shape_talk_of_the_past_and_the_absent_dead() -> None:
    # scene 1 and 3 share a listener (c2); c3 speaks only in 2 and 4, and the story tells c3's death
    casts = [{"c2"}, {"c3"}, {"c2"}, {"c3"}]
    speakers = [{"c1", "c2"}, {"c1", "c3"}, {"c2"}, {"c3"}]
    assert frame_split(casts, speakers, [3, 0, 0, 0], {"c3"}) == ({0, 2}, {1, 3}, ["c3"])
    assert frame_split(casts, speakers, [0, 0, 0, 0], {"c3"}) is None  # nobody talks about the past
    # two companies that never meet and nobody gone: two plots told in turn, not a frame
    assert frame_split(casts, speakers, [3, 0, 0, 0], set()) is None
    assert frame_split([{"c2"}, {"c3"}, {"c2", "c3"}], [set(), {"c3"}, set()], [3, 0, 0], {"c3"}) is None


def test_event_order_puts_flashbacks_first_furthest_back_first() -> None:
    times = [SceneTime(level="frame"), SceneTime(level="flashback", distance_days=30),
             SceneTime(level="frame"), SceneTime(level="flashback", distance_days=3650)]
    assert fabula_order(times) == [3, 2, 4, 1]


def test_inline_thought_pattern() -> None:
    m = INNER.search("The thought finally hit her, I'm too late.")
    assert m is not None and m.group("t") == "I'm too late."
    assert INNER.search("She said nothing and left.") is None


# --- whole stories ------------------------------------------------------------------------------

def _summary(story: Story) -> dict[str, list]:  # type: ignore[type-arg]
    """Per scene: the POV as every name it goes by (with "I" for first person), the time level;
    the event order and the head-hops by the characters' first names."""
    def known(cid: str | None) -> set[str]:
        c = next((c for c in story.characters if c.id == cid), None)
        return {n for a in ([c.name, *c.aliases] if c else []) for n in (a, a.split()[0])}

    pov = [known(s.pov) | ({"I"} if s.person == "first" else set()) for s in story.scenes]
    order = sorted(story.scenes, key=lambda s: s.fabula_order or 0)
    names = {c.id: c.name.split()[0] for c in story.characters}
    hops = [[s.n, names.get(h.to)] for s in story.scenes for h in s.head_hops]
    return {"pov": pov, "time": [s.time for s in story.scenes], "fabula": [s.n for s in order], "hops": hops}


def _pov_right(want: str | None, got: set[str]) -> bool:
    """A key's POV ("I": any first-person scene; None: a scene told from outside) against a scene's names."""
    return not got if want is None else want in got


def _as_markdown(text: str, title: str) -> str:
    body = text.split("\n", 2)[2]  # drop the title line: it goes to the front matter
    return f"---\ntitle: {title}\nauthor: fabula tests\n---\n\n" + body.replace("\n***\n", "\n* * *\n")


def _as_html(text: str, title: str) -> str:
    paras = [p for p in text.split("\n\n")[1:] if p.strip()]
    out = []
    for p in paras:
        out.append("<hr/>" if p.strip() == "***" else f"<p>{html.escape(p.strip())}</p>")
    return f"<html><head><title>{title}</title></head><body><h1>{title}</h1>{''.join(out)}</body></html>"


@pytest.fixture(scope="module")
def results() -> dict[str, dict[str, list]]:  # type: ignore[type-arg]
    return {name: _summary(fabula.read(NARRATIVE / name)) for name in STORIES}


def test_annotated_set_accuracy(results: dict[str, dict[str, list]]) -> None:  # type: ignore[type-arg]
    right: dict[str, int] = defaultdict(int)
    total: dict[str, int] = defaultdict(int)
    for name in STORIES:
        key, got = KEY[name], results[name]
        assert len(got["pov"]) == len(key["pov"]), f"{name}: scene count"
        total["pov"] += len(key["pov"])
        right["pov"] += sum(_pov_right(a, b) for a, b in zip(key["pov"], got["pov"], strict=True))
        total["time"] += len(key["time"])
        right["time"] += sum(a == b for a, b in zip(key["time"], got["time"], strict=True))
        total["fabula"] += 1
        right["fabula"] += key["fabula"] == got["fabula"]
        total["head_hops"] += 1
        right["head_hops"] += [[s, who] for s, _opening, who in key["head_hops"]] == got["hops"]
    accuracy = {f: right[f] / total[f] for f in total}
    print("narrative accuracy on the annotated set:", {f: f"{right[f]}/{total[f]}" for f in total})
    assert accuracy["pov"] >= 0.9 and accuracy["time"] >= 0.9
    assert accuracy["fabula"] >= 5 / 6 and accuracy["head_hops"] >= 5 / 6


def test_a_narrator_who_watches_others_is_still_the_pov() -> None:
    # scene 2 says "I" twice and "she"/"he" six times: in a story told in the first person, it is
    # the narrator watching, not a hop into the woman watched
    story = fabula.read(NARRATIVE / "night-market.txt")
    assert [s.person for s in story.scenes] == ["first", "first", "first"]


@pytest.mark.parametrize("name", [
    "two-narrators.txt",  # scene 2's narrator: the one of the story's two narrators its narration never names
    "italic-flashbacks.md",  # a scene with no head of its own, in a story one head holds: that head's
    "the-orchard-ledger.txt",  # family name first; a scene that follows the brother alone is his
    "night-market.txt",
    "lowercase-handles.md",  # chat handles in lower case, both common words: the senders are still people
])
def test_pov_of_every_scene(name: str, results: dict[str, dict[str, list]]) -> None:  # type: ignore[type-arg]
    got = results[name]["pov"]
    assert [_pov_right(a, b) for a, b in zip(KEY[name]["pov"], got, strict=True)] == [True] * len(got)


def test_a_narrator_the_dialogue_calls_by_name() -> None:
    # first person, present tense, no "I said" tags: the narrator is who the others address (the
    # characters pass's narrator), and the scenes are theirs
    story = fabula.read(NARRATIVE / "the-allotment.txt")
    names = {c.id: c.name for c in story.characters}
    assert [(s.person, names.get(s.pov or "")) for s in story.scenes] == [("first", "Hedda")] * 2
    # no one addressed that way: the narrator stays unnamed
    assert {s.pov for s in fabula.read(NARRATIVE / "first-summer.txt").scenes} == {None}


def test_a_negated_thought_names_its_verb_in_the_cue() -> None:
    story = fabula.read(NARRATIVE / "the-orchard-ledger.txt")
    assert "think" in story.scenes[1].pov_cues[0]  # "could not think": a negated verb is still a thought


def test_head_hop_is_the_annotated_paragraph() -> None:
    story = fabula.read(NARRATIVE / "the-hop.txt")
    hops = [h for s in story.scenes for h in s.head_hops]
    assert len(hops) == 1
    assert story.text[hops[0].start:hops[0].end].startswith(KEY["the-hop.txt"]["head_hops"][0][1])


@pytest.mark.parametrize("name", ["letters-in-the-attic.txt", "ten-years.txt", "two-voices.txt"])
def test_same_telling_in_markdown_and_html(name: str, results: dict[str, dict[str, list]]) -> None:  # type: ignore[type-arg]
    text = (NARRATIVE / name).read_text()
    title = text.splitlines()[0]
    for data, fmt in ((_as_markdown(text, title), "markdown"), (_as_html(text, title), "html")):
        story = fabula.read(data.encode(), format=fmt, name=f"x.{'md' if fmt == 'markdown' else 'html'}")
        got = _summary(story)
        assert got["time"] == results[name]["time"], fmt
        assert got["pov"] == results[name]["pov"], fmt
        assert got["fabula"] == results[name]["fabula"], fmt


def test_italic_narration_is_a_thought() -> None:
    md = ("---\ntitle: Low Water\n---\n\nEmeric counted the buoys twice. *Not again,* she thought. "
          "Tomas was late, and the tide would not wait for him.\n\n\"You're late,\" Emeric said.\n")
    story = fabula.read(md.encode(), format="markdown", name="low.md")
    thoughts = [story.text[t["start"]:t["end"]] for t in story.thoughts if t["source"] == "italic"]
    # Markdown text is kept as written (offsets index the file), so the span includes its asterisks
    assert [t.strip("*_") for t in thoughts] == ["Not again,"]


def test_json_has_the_narrative_fields_and_validates() -> None:
    r = run("read", str(NARRATIVE / "letters-in-the-attic.txt"), "--format", "json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    jsonschema.validate(data, json.loads(SCHEMA.read_text()))
    scene = data["scenes"][1]
    assert scene["time"] == "flashback" and scene["fabula_order"] == 1 and scene["person"] == "third"
    assert scene["time_cues"] and data["pov_paragraphs"]


def test_timeline_command() -> None:
    r = run("timeline", str(NARRATIVE / "ten-years.txt"))
    assert r.returncode == 0, r.stderr
    assert "Event order" in r.stdout and "Ten years ago" in r.stdout
    j = run("timeline", str(NARRATIVE / "ten-years.txt"), "--format", "json")
    assert json.loads(j.stdout)["fabula"] == [2, 1, 3]
    bad = run("timeline", str(Path("/nonexistent/story.txt")))
    assert bad.returncode == 2 and bad.stderr.startswith("fabula: error:")
