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

from collections.abc import Callable
from typing import TYPE_CHECKING

from fabula.characters.attribution.ranker import Evidence, load_weights
from fabula.characters.attribution.reading import Reading, attribute_thoughts, dialogue_by_block, lookahead
from fabula.characters.attribution.resolver import Resolver
from fabula.model import Block, Quote

if TYPE_CHECKING:
    from fabula.model import Story

__all__ = ["Resolver", "attribute", "attribute_story", "dialogue_by_block"]


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
    salience = salience or [0.0] * len(res.genders)
    by_block = dialogue_by_block(blocks, quotes)
    # a reader also looks ahead: an untagged line just before "…," said Wren is seldom Wren's,
    # and in a two-person exchange it is the speaker of the line after next. The rules' first
    # reading gives who speaks ahead; the second reading, with the ranker, uses it.
    first = Reading(text, blocks, by_block, res, salience).run()
    if weights is not None or collect is not None:
        Reading(text, blocks, by_block, res, salience, collect, weights, lookahead(first)).run()
    attribute_thoughts(text, blocks, [q for q in quotes if q.kind == "thought"], res)


def attribute_story(story: Story, use_ranker: bool = True,
                    collect: Callable[[Quote, Evidence], None] | None = None,
                    weights: list[float] | None = None) -> None:
    """Run the speaker sieves (and the ranker) over a story whose cast index is built."""
    cast = story.cast_index
    if cast is None:
        return
    res = Resolver.of(story.text, cast)
    res.add_kin_mentions([(b.start, b.end) for b in cast.blocks],
                         [(q.start, q.end) for q in story.quotes if q.kind in ("dialogue", "thought")])
    attribute(story.text, cast.blocks, story.quotes, res, cast.salience, use_ranker, collect, weights)
