"""The story proper: the chapters less what is not the story's own telling.

One function, so that the word count, the sentences (and so the tags and the emotional arc)
and the beta read agree on what they read. It works on spans of the text; the block-level view
(paragraphs that are story) is the structure pass's ``story_blocks`` layer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fabula.segment.spans import subtract

if TYPE_CHECKING:
    from fabula.model import Story


def story_proper(story: Story, *, verse: bool = False) -> list[tuple[int, int]]:
    """The spans of the story proper, in order: the chapters less paratext and headings, and less
    verse unless ``verse`` (AO3's word count includes lyrics; the tags and the arc read prose).

    A text with no chapters (all title and notes) has no story proper."""
    cut = [(p.start, p.end) for p in story.paratext] + list(story.headings)
    if not verse:
        cut += [(v.start, v.end) for v in story.verse]
    return subtract([(ch.start, ch.end) for ch in story.chapters], cut)
