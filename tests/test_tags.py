"""Suggested tags, rule by rule, on short original passages (every suggestion shows why)."""

from __future__ import annotations

from typing import Any

import fabula

from .conftest import EXAMPLE


def _tags(text: str) -> dict[str, Any]:
    return fabula.read(text.encode(), name="story.txt").tags


def _values(tags: dict[str, Any], key: str) -> list[str]:
    items = tags[key]
    return [items["value"]] if isinstance(items, dict) else [i["value"] for i in items]


def _evidence(text: str, tags: dict[str, Any], key: str, value: str) -> list[str]:
    items = tags[key] if isinstance(tags[key], list) else [tags[key]]
    item = next(i for i in items if i["value"] == value)
    return [text[s:e] for s, e in item["evidence"]]


CALM = """The Garden

Emeric planted the beans in neat rows while Tomas held the watering can.

"Do they need more?" Tomas asked.

"A little," Emeric said. "Not too much."

They worked until the sun went down, and the garden smelled of warm earth and mint. Emeric was happy, and Tomas was
happy, and the evening was lovely and kind and full of the small good things of summer.
"""

SWEARING = """The Van

"Shit," Emeric said, kicking the flat tyre. "Shit, shit."

Tomas laughed. "That won't fix it."

"It fucking helps," she said, and kicked it again.

The van sat there, useless. Emeric called it a bastard and meant it.
"""

DEATH = """The Crossing

Emeric Hollis had ferried people across the river for forty years. Tomas waited for her at the far bank every evening.

"Are you ready?" Tomas asked.

"Always," Emeric said.

***

The river was high the night Emeric Hollis died. Tomas found her in the boat at dawn, and she was dead, her hands
still on the oars. He sat with her corpse until the village came.

At the funeral Tomas did not cry. Emeric's grave looked over the water she had crossed ten thousand times.

"Goodbye," Tomas said to the river.
"""

THREAT = """The Bet

"I'll kill you if you touch my cards," Emeric said, laughing.

"You'd be dead before you tried," Tomas said.

They played until midnight. Nobody died; Tomas lost six matches and a button.
"""


def test_a_calm_story_is_general_audiences_without_warnings() -> None:
    tags = _tags(CALM)
    assert _values(tags, "rating") == ["General Audiences"]
    assert _values(tags, "warnings") == ["Creator Chose Not To Use Archive Warnings"]
    assert "One Shot" in _values(tags, "freeform")
    assert "Fluff" in _values(tags, "freeform")  # VADER reads it bright and nothing is dark
    assert "Angst" not in _values(tags, "freeform")


def test_strong_language_makes_it_mature_with_the_sentences_as_evidence() -> None:
    tags = _tags(SWEARING)
    assert _values(tags, "rating") == ["Mature"]
    evidence = _evidence(SWEARING, tags, "rating", "Mature")
    assert evidence and all(any(w in e.lower() for w in ("shit", "fuck", "bastard")) for e in evidence)
    assert tags["rating"]["why"].startswith("strong language")


def test_a_main_characters_death_in_the_narration_is_a_warning() -> None:
    tags = _tags(DEATH)
    assert "Major Character Death" in _values(tags, "warnings")
    evidence = _evidence(DEATH, tags, "warnings", "Major Character Death")
    assert len(evidence) >= 2 and all(any(w in e for w in ("died", "dead", "corpse", "funeral", "grave")) for e in evidence)
    assert "Grief/Mourning" in _values(tags, "freeform") or "Angst" in _values(tags, "freeform")


def test_threats_in_dialogue_are_not_a_death() -> None:
    tags = _tags(THREAT)
    assert "Major Character Death" not in _values(tags, "warnings")


def test_songfic_needs_credited_lyrics_and_points_at_them() -> None:
    tags = fabula.read(EXAMPLE).tags
    assert "Songfic" in _values(tags, "freeform")
    evidence = _evidence(EXAMPLE.read_text(), tags, "freeform", "Songfic")
    assert any("Salt in the Lantern" in e for e in evidence) and any("Hold the salt" in e for e in evidence)
    assert "Songfic" not in _values(_tags(CALM), "freeform")


def test_relationships_romance_needs_affection_where_both_are() -> None:
    lines = []
    for i in range(4):
        lines += [f'"Morning," Emeric said, and kissed Tomas on the cheek. {"I love you." if i % 2 else ""}',
                  '"Morning yourself," Tomas said. He held her hand and blushed.', ""]
    romantic = "Tide Tables\n\n" + "\n\n".join(lines)
    rels = _values(_tags(romantic), "relationships")
    assert rels and "/" in rels[0] and {"Emeric", "Tomas"} <= set(rels[0].split("/"))
    plain = "Tide Tables\n\n" + "\n\n".join(
        ['"The tide turns at six," Emeric said.', '"Then we sail at five," Tomas said.'] * 4)
    rels = _values(_tags(plain), "relationships")
    assert rels and " & " in rels[0]
    assert _values(_tags(plain), "categories") == ["Gen"]


def test_every_suggestion_says_why() -> None:
    tags = _tags(DEATH)
    for key in ("warnings", "relationships", "characters", "freeform"):
        for item in tags[key]:
            assert item["why"], (key, item)
    assert tags["rating"]["why"]


# --- a wrangler's standard of evidence: the project's own tag fixtures (tests/fixtures/tags) ------

TAG_FIXTURES = EXAMPLE.parent.parent / "tests" / "fixtures" / "tags"


def _fixture(name: str) -> dict[str, Any]:
    return fabula.read(TAG_FIXTURES / name).tags


def test_innocent_senses_do_not_raise_the_rating() -> None:
    # "cocked his head", a bed, a nightgown, a sickroom bed, a bulb that died, "died of boredom",
    # "shot a glance", "killing time", a heart attack, a crime novel
    tags = _fixture("innocent-senses.txt")
    assert _values(tags, "rating") == ["General Audiences"]
    assert _values(tags, "warnings") == ["Creator Chose Not To Use Archive Warnings"]


def test_a_minor_near_violence_is_no_underage_warning() -> None:
    tags = _fixture("minor-near-violence.txt")
    assert "Underage" not in _values(tags, "warnings")
    assert _values(tags, "rating")[0] in ("General Audiences", "Teen And Up Audiences")
    assert "not enough to warn" in tags["warnings"][0]["why"]  # it says what it saw and why it does not warn


def test_explicit_content_between_adults_is_explicit_and_no_warning() -> None:
    text = (TAG_FIXTURES / "adults-explicit.txt").read_text()
    tags = _fixture("adults-explicit.txt")
    assert _values(tags, "rating") == ["Explicit"]
    assert _values(tags, "warnings") == ["Creator Chose Not To Use Archive Warnings"]
    assert all(any(w in e for w in ("cock", "clit", "thrust", "orgasm")) for e in _evidence(text, tags, "rating", "Explicit"))


def test_underage_needs_explicit_content_and_a_minor_in_the_same_paragraph() -> None:
    """The decision alone, on placeholder paragraphs and hits (no such story is written here)."""
    from fabula.tags import signals as S
    from fabula.tags.suggest import warnings

    story = fabula.read(("Title\n\n" + "\n\n".join(f"Paragraph {i} of the story, plain words." for i in range(6))).encode(),
                        name="p.txt")
    paras = [(b.start, b.end) for b in story.doc.blocks][1:]

    def hit(i: int, word: str) -> S.Hit:
        return S.Hit(paras[i][0], paras[i][1], word)

    found: dict[str, list[S.Hit]] = {k: [] for k in ("death_narration", "gore", "violence", "noncon", "minor", "explicit")}
    found["explicit"] = [hit(1, "x"), hit(2, "x"), hit(3, "x")]
    found["minor"] = [hit(5, "age")]
    apart = [w["value"] for w in warnings(story, found, [], 100)]
    assert "Underage" not in apart  # explicit scenes elsewhere, a minor's age in another paragraph
    found["minor"] = [hit(2, "age")]
    assert "Underage" in [w["value"] for w in warnings(story, found, [], 100)]


def test_a_remembered_or_denied_death_is_no_warning_and_no_teen_rating() -> None:
    story = """The Quiet House

Emeric's grandmother had died the winter before, and Emeric still set out two cups some mornings.

Tomas came by with bread. Not that anyone was dead in this house now, he told himself; it was only quiet.

The radio died halfway through the news. Emeric laughed and went to find the batteries.

"It had a good run," Tomas said.
"""
    tags = _tags(story)
    assert _values(tags, "rating") == ["General Audiences"]
    assert _values(tags, "warnings") == ["Creator Chose Not To Use Archive Warnings"]


def test_chat_exchanges_and_tender_gestures_make_a_romance() -> None:
    # the two write to each other in chat only (no quoted dialogue at all), and it is a date they arrange
    story = fabula.read(EXAMPLE.parent.parent / "tests" / "fixtures" / "narrative" / "group-chat.txt")
    rels = _values(story.tags, "relationships")
    assert rels and "/" in rels[0] and {"Kasia", "Rafe"} == set(rels[0].split("/"))


def test_the_authors_own_tags_ride_beside_the_suggestions() -> None:
    md = ("---\ntitle: Low Water\nrating: Mature\nwarnings: No Archive Warnings Apply\ntags:\n  - Slow Burn\n---\n\n"
          "Emeric counted the buoys twice while Tomas mended the nets.\n\n\"Again,\" Emeric said.\n")
    story = fabula.read(md.encode(), format="markdown", name="low.md")
    assert story.work.rating == "Mature"  # the author's, untouched
    assert story.tags["declared"]["rating"] == "Mature" and story.tags["declared"]["freeform"] == ["Slow Burn"]
    assert story.tags["rating"]["value"] == "General Audiences"  # fabula's own reading of the text
    assert _tags(CALM)["declared"] is None  # a plain text declares nothing
