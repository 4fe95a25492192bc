"""Who says each line: speaker attribution as named sieves, then a learned ranker.

The package's parts, in the order the data flows:

- :mod:`.patterns` — where a speech tag or an action beat stands next to a quote, and its subject;
- :mod:`.resolver` — the cast as the sieves query it (who is named where; epithet profiles; kin);
- :mod:`.sieves` — the sieves themselves, one function each, in the order they run, with
  their confidences named in :mod:`.confidence`;
- :mod:`.ranker` — the evidence a paragraph gathers, its features, and the learned choice;
- :mod:`.reading` — one reading of the dialogue paragraphs, which runs the sieves in order and
  writes speaker, addressees, attribution, confidence and the deciding sieve on each quote.

It lives in ``characters/`` because it reads the cast index the characters pass builds, and
the characters pass itself uses the tag patterns to find epithets that speak ("said the
barman") as characters: in ``dialogue/`` the two subpackages would import each other.
Characters are numbers (0, 1, …) throughout; :func:`fabula.model.character_id` makes the
JSON's "c1", "c2" where a quote is written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from fabula.characters import names as N
from fabula.characters.attribution.narrator import UNNAMED, called_narrator, narration_mentions, narrator_name
from fabula.characters.attribution.ranker import Evidence, load_calibration, load_weights
from fabula.characters.attribution.reading import Reading, attribute_thoughts, dialogue_by_block, lookahead
from fabula.characters.attribution.resolver import Resolver
from fabula.dialogue.chat import chat_lines
from fabula.model import Block, CastIndex, Character, Quote, character_id
from fabula.segment.spans import SpanIndex

if TYPE_CHECKING:
    from fabula.model import Story

__all__ = ["Resolver", "attribute", "attribute_story", "dialogue_by_block", "mark_unnamed"]

#: a proper name: a capitalised word that is not the article opening an epithet
_PROPER = re.compile(r"(?<!^)\b[A-Z]|^(?!The\b)[A-Z]")


def attribute(text: str, blocks: list[Block], quotes: list[Quote], res: Resolver,
              salience: list[float] | None = None, use_ranker: bool = True,
              collect: Callable[[Quote, Evidence], None] | None = None,
              weights: list[float] | None = None) -> None:
    """Set speaker, addressees, attribution, confidence and the deciding sieve on the quotes.

    The sieves gather the evidence for each dialogue paragraph and make a rule-based choice;
    with shipped ranker weights (and ``use_ranker``) the ranker makes the final choice.
    ``collect`` receives each paragraph's first quote and evidence (for training the ranker);
    ``weights`` overrides the shipped ones (for scoring a model on a novel it was not fitted on).
    """
    if weights is None and use_ranker:
        weights = load_weights()
    calibration = load_calibration() if weights is not None else None
    salience = salience or res.salience
    by_block = dialogue_by_block(blocks, quotes)
    # a reader also looks ahead: an untagged line just before "…," said Yusra is seldom Yusra's,
    # and in a two-person exchange it is the speaker of the line after next. The rules' first
    # reading gives who speaks ahead; the second reading, with the ranker, uses it.
    first = Reading(text, blocks, by_block, res, salience).run()
    if weights is not None or collect is not None:
        Reading(text, blocks, by_block, res, salience, collect, weights, lookahead(first), calibration).run()
    attribute_thoughts(text, blocks, [q for q in quotes if q.kind == "thought"], res)


def attribute_story(story: Story, use_ranker: bool = True,
                    collect: Callable[[Quote, Evidence], None] | None = None,
                    weights: list[float] | None = None) -> Frame | None:
    """Run the speaker sieves (and the ranker) over a story whose cast index is built; returns
    the frame it read with (for training the ranker on the same genders and salience)."""
    cast = story.cast_index
    if cast is None:
        return None
    frame = speaker_frame(story, cast)
    if frame.unnamed is not None:
        # a narrator narration never names may still be called by name in the exchanges
        who = called_narrator(story.text, cast.blocks, story.quotes, frame.res, frame.res.salience, frame.unnamed,
                              cast.counts)
        if who is not None:
            frame = speaker_frame(story, cast, who)
    attribute(story.text, cast.blocks, story.quotes, frame.res, frame.res.salience, use_ranker, collect, weights)
    speaking = {q.speaker for q in story.quotes if q.speaker}
    if frame.unnamed is not None and character_id(frame.unnamed) in speaking:
        _name_the_narrator(story, cast, frame.unnamed)
    for words, ci in frame.res.voices.items():
        if character_id(ci) in speaking:
            story.characters.append(Character(character_id(ci), words, [words], [], frame.res.genders[ci], 0,
                                              unnamed=True))
    return frame


def _name_the_narrator(story: Story, cast: CastIndex, unnamed: int) -> None:
    """The narrator nobody names in narration, with the name their lines give them
    (:func:`~.narrator.narrator_name`): a cast character's (a declared one, or one NER found,
    who is then the narrator: the lines join theirs), a name of their own, or none ("the narrator")."""
    me = character_id(unnamed)
    names = {a: c.id for c in story.characters for a in (c.name, *c.aliases)}
    called = narrator_name(story.text, story.quotes, me, set(names), SpanIndex([(b.start, b.end) for b in cast.blocks]))
    if called is not None and called not in names:
        # a pet name the others call the narrator by ("Kas") is the cast's one first name it
        # shortens ("Kasimira Ashgrove", declared or found): the narrator is that character
        owners = {names[n] for n in N.shortened_by(called, names)}
        if len(owners) == 1:
            names[called] = owners.pop()
            owner = next(c for c in story.characters if c.id == names[called])
            owner.aliases.append(called)
    if called is not None and called in names:
        for q in story.quotes:
            if q.speaker == me:
                q.speaker = names[called]
                q.addressees = [a for a in q.addressees if a != names[called]]
            q.addressees = [names[called] if a == me else a for a in q.addressees]
        return
    story.characters.append(unnamed_narrator(unnamed, called))


class Frame(NamedTuple):
    """What the sieves read a story with: the resolver (with each character's salience, the
    ranker's prior), and the unnamed narrator's number when the story has one."""

    res: Resolver
    unnamed: int | None


def speaker_frame(story: Story, cast: CastIndex, narrator: int | None = None) -> Frame:
    """The resolver of a story's cast, with its first-person narrator in place.

    In a story an "I" tells, the narrator is a character like the others to the sieves: each
    "I" of the narration is a mention of them, and "she said" never means them (their gender,
    to the sieves, is "i"). A narrator nobody names is a character of its own (``narrator``
    names them instead, when the exchanges did).
    """
    res = Resolver.of(story.text, cast)
    salience = list(cast.salience)
    unnamed = None
    dialogue = [(q.start, q.end) for q in story.quotes if q.kind in ("dialogue", "thought")]
    spoken = SpanIndex(dialogue)
    if cast.first_person:
        who = cast.narrator if narrator is None else narrator
        if who is None:
            # told by an "I" nobody names: "I said" is still someone's, a narrator of its own
            who = unnamed = len(res.genders)
            res.genders.append("i")
            salience.append(0.0)
        res.narrator = who
        res.genders[who] = "i"
        res.add_mentions([(p, who) for p in narration_mentions(story.text, [(b.start, b.end) for b in cast.blocks], spoken)])
    # a chat line is its sender's mention, where it stands
    res.add_mentions([(pos, ci) for pos, name in chat_lines(story.text, story.verse)
                      if (ci := cast.names.get(name)) is not None])
    res.add_kin_mentions([(b.start, b.end) for b in cast.blocks], dialogue)
    res.note_speaking_epithets(story.text, [(q.start, q.end) for q in story.quotes if q.kind == "dialogue"],
                               SpanIndex([(b.start, b.end) for b in cast.blocks]), spoken)
    res.salience = salience  # one list: the voices nobody names join it as they speak
    return Frame(res, unnamed)


def unnamed_narrator(ci: int, called: str | None = None) -> Character:
    """The narrator nobody names in narration, as a character: "the narrator", unnamed, or the
    name the others call them out by (:func:`~.narrator.narrator_name`)."""
    if called is not None:
        return Character(character_id(ci), called, [called], [UNNAMED], "unknown", 0)
    return Character(character_id(ci), UNNAMED, [UNNAMED], [], "unknown", 0, unnamed=True)


def mark_unnamed(characters: list[Character]) -> None:
    """A character none of whose names is a proper name — "the barman", "the thin clerk", the
    narrator called only "I" — is unnamed (the JSON's ``"unnamed": true``): a voice of its own,
    not someone the reader knows by name. A capitalised epithet ("the Bellringer") is a name."""
    for c in characters:
        c.unnamed = c.unnamed or not any(_PROPER.search(a) for a in [c.name, *c.aliases])
