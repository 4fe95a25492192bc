"""How sure each sieve is of the speaker it picks: the ``confidence`` a quote carries in the JSON.

Set by hand, ranked as sieves of this kind rank by precision (Muzny et al. 2017 run theirs in
that order: a named tag above a pronoun, a pronoun above an epithet, any tag above turn-taking),
and kept as they were when the ranker was trained. Where the ranker decides, the confidence is
its softmax probability instead; a self-introduction merges only above ``INTRO_CONFIDENCE``
(:mod:`fabula.characters.cast`), so changing these changes the cast too.
"""

from __future__ import annotations

#: a tag that names the speaker: "said Yusra", "Yusra said", "Yusra: …"
NAME_TAG = 0.92
#: "I said", in a story whose first-person narrator is known
NARRATOR_TAG = 0.85
#: "she added", "continued the bosun": the one speaking goes on
GOES_ON = 0.8
#: "she said" with a woman named earlier in the same paragraph
PRONOUN_IN_PARAGRAPH = 0.8
#: "she said" given to the nearest woman named before (on a new turn, not the one who just spoke)
PRONOUN_NEAREST = 0.7
#: "said her mother": the Mrs. of the family of the nearest woman (or of the one just speaking)
KIN = 0.75
#: "said her friend": the nearest of the relation's gender who is not its owner
RELATION_NEAREST = 0.5
#: a line that names its speaker as its own ("Everyone calls me Kiko"), against a pronoun's guess
SELF_NAMED = 0.85
#: "said the captain" when one character alone is called Captain
TITLE_EPITHET = 0.85
#: an epithet whose uses across the story sit beside one character's name far above chance
EPITHET_PROFILE = 0.7
#: an epithet resolved before in the story: the same phrase, the same person
EPITHET_REMEMBERED = 0.7
#: an epithet given to the nearest of its gender not named in its own paragraph
EPITHET_NEAREST = 0.6
#: a role or an indefinite epithet no evidence ties to the cast ("said the nurse", "a voice
#: called"): a speaker of its own, nobody named — sure of the line, not of who they are
UNNAMED_VOICE = 0.6

#: a beat ("Yusra glared. 'Go.'") is worth this much of what the same subject in a tag is
BEAT_FACTOR = 0.85
#: ... and a speech announced at the end of the paragraph before ("Odile turned and said:")
ANNOUNCED_FACTOR = 0.9

#: a speech running on into a new paragraph (no closing mark, a fresh opening one): its speaker's
RUN_ON = 0.8
#: a long speech, then a chapter heading or a scene break, then an untagged line: the same telling
ACROSS_BREAK = 0.6
#: an untagged line answers the one the previous line called by name or spoke to
ADDRESSED = 0.55
#: an untagged line in a two-person exchange: the one who spoke two turns back
TURN_TAKING = 0.55
#: an untagged line: the nearest character named before who neither just spoke nor is called here
NEAREST_MENTION = 0.35
