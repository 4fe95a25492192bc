"""Freeform tags, declared like the beta read's rules.

Each tag is a :class:`TagRule`: the AO3 tag it suggests, what its evidence is, a short story it
fits and one it does not (tests/test_tags.py reads both through the whole pipeline), a lifecycle
(``preview`` tags are not suggested yet), and the function that decides, given the story and the
lexicon hits (:func:`fabula.tags.suggest.gather`). :data:`FREEFORM` is the table, in the order the
tags are suggested; ``docs/tags.md`` describes them for users.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from fabula.model import Story
from fabula.tags import signals as S

Found = dict[str, list[S.Hit]]
Suggestion = dict[str, Any]
Decide = Callable[[Story, Found], Suggestion | None]


@dataclass(frozen=True)
class TagRule:
    tag: str  # AO3's canonical freeform tag
    evidence: str  # what the passages shown with it are
    fits: str  # a story the tag fits: it is suggested
    does_not_fit: str  # a story it does not fit: it is not
    decide: Decide
    lifecycle: Literal["stable", "preview"] = "stable"


def tag_rule(tag: str, evidence: str, fits: str, does_not_fit: str,
             lifecycle: Literal["stable", "preview"] = "stable") -> Callable[[Decide], TagRule]:
    """Declare a decision function as the rule for ``tag`` (listed in :data:`FREEFORM`)."""
    def wrap(fn: Decide) -> TagRule:
        return TagRule(tag, evidence, fits, does_not_fit, fn, lifecycle)
    return wrap


_CALM = """Calm Water

Dagny rowed out at dawn. The sea was flat and grey, and the gulls were quiet on the rocks.

She set the nets, ate her bread, and rowed back before the tide turned.
"""

_LINEAR = """The Long Day

Dagny woke early and walked down to the harbour.

* * *

At noon she mended the nets on the quay.

* * *

In the evening she rowed home and lit the lamp.
"""


@tag_rule("Songfic", "the song's credit and the first lyric passages",
          fits='''A/N: My first songfic! "Low Tide" lyrics by The Tin Larks.

Low Tide

"Are you coming?" Dagny asked.

Idris shook his head and hummed the old song under his breath.

'Low tide, low tide
carry me home'

"Again," she said, and he sang it again.

'Low tide, low tide
leave the light on'

They walked up the hill together.
''', does_not_fit=_CALM)
def songfic(story: Story, found: Found) -> Suggestion | None:
    lyrics = [v for v in story.verse if v.kind == "lyrics"]
    credits = [p for p in story.paratext if p.kind == "credit" and p.song]
    if len(lyrics) < 2 or not credits:
        return None
    spans = [(credits[0].start, credits[0].end)] + [(v.start, v.end) for v in lyrics[:2]]
    return S.suggestion("Songfic", spans, f'{len(lyrics)} lyric passages of "{credits[0].song}" woven into the story')


@tag_rule("One Shot", "none: the chapter count", fits=_CALM, does_not_fit="""Two Tides

Chapter 1

Dagny rowed out at dawn and set the nets.

Chapter 2

Idris rowed out at dusk and brought them in.
""")
def one_shot(story: Story, found: Found) -> Suggestion | None:
    if len(story.chapters) <= 1 and (story.work.chapters in (None, "1/1")):
        return {"value": "One Shot", "evidence": [], "why": "one chapter, complete"}
    return None


@tag_rule("Flashbacks", "the opening of each flashback scene", fits="""Before the Storm

Dagny sat on the quay and watched the boats come in.

* * *

Ten years earlier, Dagny had been seven and afraid of the water.

* * *

Now the last boat was in, and she went home.
""", does_not_fit=_LINEAR)
def flashbacks(story: Story, found: Found) -> Suggestion | None:
    flash = [s for s in story.scenes if s.time == "flashback"]
    if not flash:
        return None
    return S.suggestion("Flashbacks", [(s.start, min(s.end, s.start + 200)) for s in flash],
                        f"{len(flash)} scenes told out of order (see `fabula timeline`)")


@tag_rule("Alternating Points of View", "the openings of the first three scenes", fits="""Two Shores

Dagny felt the cold in her hands. Dagny knew the boat was late, and she wondered where Idris was.

* * *

Idris thought about the storm. Idris feared the rocks, and he knew Dagny was waiting.

* * *

Dagny saw the lamp at last. Dagny felt her heart lift when she heard the oars.
""", does_not_fit=_LINEAR)
def alternating_pov(story: Story, found: Found) -> Suggestion | None:
    # only heads the narration makes sure of (a label, thoughts and feelings told, a chat's
    # correspondent): a scene's focal character or a continued head is too weak to tag by
    povs = {s.pov for s in story.scenes if s.pov and s.person == "third" and (s.pov_confidence or 0) >= 0.6}
    if len(povs) < 2 or len(story.scenes) < 3:
        return None
    return S.suggestion("Alternating Points of View", [(s.start, min(s.end, s.start + 200)) for s in story.scenes[:3]],
                        f"{len(povs)} point-of-view characters across the scenes")


@tag_rule("First Person", "none: the scenes' person", fits="""Low Water

I felt the cold before I saw the sea. I knew the boat was late, and I wondered if it would come at all.

I walked to the end of the quay and waited. I thought of my brother and the nets.
""", does_not_fit=_CALM)
def first_person(story: Story, found: Found) -> Suggestion | None:
    if sum(1 for s in story.scenes if s.person == "first") * 2 > len(story.scenes):
        return {"value": "First Person", "evidence": [], "why": "most scenes are told in the first person"}
    return None


_MOURNING = """After

Dagny's father died in the spring, and the village buried him on the hill.

Dagny wept at the funeral. She grieved all summer, and the tears came every night when the house was quiet.

In the autumn she still mourned him, and she sobbed when she found his old coat by the door.
"""


@tag_rule("Grief/Mourning", "sentences of grief in the narration", fits=_MOURNING, does_not_fit=_CALM)
def grief(story: Story, found: Found) -> Suggestion | None:
    sad = found["grief"]
    if found["death_narration"] and len(sad) >= 3:
        return S.suggestion("Grief/Mourning", sad, f"a death and {len(sad)} sentences of grief")
    return None


_BRIGHT = """Sunday

Dagny and Idris spent a lovely, happy morning in the garden. The sun was warm and the roses were beautiful.

They laughed over breakfast and shared the sweetest strawberries. It was a wonderful, peaceful day, and they were glad.
"""


@tag_rule("Angst", "the darkest sentences (VADER)", fits=_MOURNING, does_not_fit=_BRIGHT)
def angst(story: Story, found: Found) -> Suggestion | None:
    arc = story.arc
    if arc is None:
        return None
    negative = sorted((v, s, e) for s, e, v in arc.sentences if v < -0.5)
    if arc.mean <= -0.05 and (found["death"] or len(found["grief"]) >= 3 or len(negative) >= 10):
        return S.suggestion("Angst", [(s, e) for _v, s, e in negative],
                            f"the narration's mean sentiment is {arc.mean:+.2f} (VADER) with loss or pain")
    return None


@tag_rule("Fluff", "the brightest sentences (VADER)", fits=_BRIGHT, does_not_fit=_MOURNING)
def fluff(story: Story, found: Found) -> Suggestion | None:
    arc = story.arc
    if arc is None:
        return None
    positive = sorted(((v, s, e) for s, e, v in arc.sentences if v > 0.6), reverse=True)
    if arc.mean >= 0.15 and not found["death"] and not found["gore"]:
        return S.suggestion("Fluff", [(s, e) for _v, s, e in positive],
                            f"the narration's mean sentiment is {arc.mean:+.2f} (VADER) and nothing dark")
    return None


_HURT = re.compile(r"wound|injur|bandag|hurt|bleed|blood", re.I)


@tag_rule("Hurt/Comfort", "the first injury, then two sentences of care", fits="""The Rope

Idris caught his hand in the rope, and the wound bled across the deck.

Dagny bandaged it with her scarf and held him close. She comforted him all the way back to the harbour.
""", does_not_fit="""The Rope

Idris caught his hand in the rope, and the wound bled across the deck.

He swore, wrapped it in a rag and kept hauling the nets until the sun went down.
""")
def hurt_comfort(story: Story, found: Found) -> Suggestion | None:
    hurt = [h for h in found["violence"] if _HURT.search(h.word)]
    if hurt and len(found["comfort"]) >= 2:
        return S.suggestion("Hurt/Comfort", hurt[:1] + found["comfort"][:2], "injury, then care")
    return None


@tag_rule("Alternate Universe", "none: the notes' words", fits="""A/N: A modern AU where the ferry crew run a coffee shop!

Dagny opened the shop at six and Idris burnt the first batch of toast.
""", does_not_fit=_CALM)
def alternate_universe(story: Story, found: Found) -> Suggestion | None:
    # the notes and summary only: the author's own tags are shown beside the suggestions, not echoed
    notes = " ".join(story.text[p.start:p.end] for p in story.paratext)
    m = S.AU_NOTE.search(notes + " " + (story.work.summary or ""))
    if m:
        return {"value": "Alternate Universe", "evidence": [], "why": f"the author's notes say {m.group(0)!r}"}
    return None


def table(*rules: TagRule) -> dict[str, TagRule]:
    """Rules by tag, in the order given; a tag twice is an error."""
    out: dict[str, TagRule] = {}
    for r in rules:
        if r.tag in out:
            raise ValueError(f"duplicate freeform tag {r.tag}")
        out[r.tag] = r
    return out


FREEFORM: dict[str, TagRule] = table(
    songfic, one_shot, flashbacks, alternating_pov, first_person, grief, angst, fluff, hurt_comfort,
    alternate_universe,
)


def freeform(story: Story, found: Found) -> list[Suggestion]:
    """The stable freeform tags that fit, in the table's order."""
    return [s for r in FREEFORM.values() if r.lifecycle == "stable" and (s := r.decide(story, found)) is not None]
