"""The one place the cast changes after the characters pass: the speakers pass merges and drops.

The characters pass builds the cast from names alone. Reading who says what teaches two more
things, and this module is where the speakers pass acts on them, after attribution:

1. **Merges.** A speaker who answers with a name ("Sela," she whispered, to "What's your
   name?"; "I'm Tomas.") is that person: the character of the name merges into the speaker's
   (people known first by an epithet are named this way).
2. **Drops.** A name used once that never speaks is no one the reader follows ("a letter from
   Aunt Ilse"): it leaves the cast. Every character's line count is set here too.

Whatever the speakers pass wrote that points at a merged character — quotes' speakers and
addressees, mentions — is rewritten by :func:`_retire` at the same time, and so is what
points at a dropped one. The cast index (``Story.cast_index``) is not changed: it records what
the characters pass found, and :meth:`~fabula.model.CastIndex.narrator_id` asks whether its
narrator is still in the cast.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING

from fabula.characters.attribution.patterns import INTRO, NAME_QUESTION
from fabula.model import Character, Quote, character_id

if TYPE_CHECKING:
    from fabula.model import Story

#: a line's attribution must be at least this sure to name its speaker by what it says
INTRO_CONFIDENCE = 0.5
#: narration mentions from which a character who never speaks stays in the cast
MIN_MENTIONS = 2


def settle_cast(story: Story) -> None:
    """After attribution: merge self-introductions, count lines, drop one-off names that never speak."""
    if story.cast_index is not None:
        for gone, keep in _introductions(story, story.cast_index.names):
            keep.aliases += [a for a in gone.aliases if a not in keep.aliases]
            keep.mentions += gone.mentions
            _retire(story, {gone.id: keep.id})
    lines = Counter(q.speaker for q in story.quotes if q.kind == "dialogue" and q.speaker)
    for c in story.characters:
        c.lines = lines.get(c.id, 0)
    _retire(story, {c.id: None for c in story.characters if c.mentions < MIN_MENTIONS and not c.lines})


def _introduced(text: str, dialogue: list[Quote], k: int, index: dict[str, int]) -> int | None:
    """The character whose name line ``k`` gives as its speaker's own, if it does.

    "I'm Tomas.", "My name is Sela", "Call me Wren" introduce; a bare name does only as the
    answer to "what's your name?" ("Sela."): otherwise it is someone calling out ("Rosa!") or
    naming a third person.
    """
    q = dialogue[k]
    m = INTRO.match(text[q.start:q.end])
    if not m:
        return None
    asked = k > 0 and NAME_QUESTION.search(text[dialogue[k - 1].start:dialogue[k - 1].end]) is not None
    if not m.group("phrase") and not asked:
        return None
    return index.get(m.group("name"))


def _introductions(story: Story, index: dict[str, int]) -> Iterator[tuple[Character, Character]]:
    """(named character, speaker's character) for each self-introduction, in text order.

    A generator, so that each merge is made before the next line is read: a line of a merged
    character is then its new character's, and a name whose character has merged merges
    nothing again.
    """
    text = story.text
    by_id = {c.id: c for c in story.characters}
    dialogue = [q for q in story.quotes if q.kind == "dialogue"]
    for k, q in enumerate(dialogue):
        if not q.speaker or q.confidence is None or q.confidence < INTRO_CONFIDENCE:
            continue
        ci = _introduced(text, dialogue, k, index)
        other = character_id(ci) if ci is not None else None
        if other is None or other == q.speaker or other not in by_id or q.speaker not in by_id:
            continue
        yield by_id.pop(other), by_id[q.speaker]


def _retire(story: Story, gone: dict[str, str | None]) -> None:
    """Characters leave the cast, each merged into another or (None) dropped, and every
    reference to them follows: speakers and addressees of quotes, and mentions.

    A dropped character is addressed by no one any more (a renderer that draws who talks to
    whom looks every addressee up in the cast), and a line addressed to the one it turns out
    to be spoken by is addressed to no one: nobody answers themself.
    """
    if not gone:
        return
    for q in story.quotes:
        if q.speaker in gone:
            q.speaker = gone[q.speaker]
        if any(a in gone for a in q.addressees):
            to = [gone[a] if a in gone else a for a in q.addressees]
            q.addressees = [a for k, a in enumerate(to) if a is not None and a != q.speaker and a not in to[:k]]
    for mention in story.mentions:
        if mention.character in gone:
            mention.character = gone[mention.character]
    story.characters = [c for c in story.characters if c.id not in gone]
