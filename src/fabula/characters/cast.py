"""The one place the cast changes after the characters pass: the speakers pass merges and drops.

The characters pass builds the cast from names alone. Reading who says what teaches two more
things, and this module is where the speakers pass acts on them, after attribution:

1. **Merges.** A speaker who answers with a name ("Sela," she whispered, to "What's your
   name?"; "I'm Tomas.") is that person: the character of the name merges into the speaker's
   (people known first by an epithet are named this way). A voice known only by an epithet
   ("the lock-warden") that gives itself a name no one in the cast bears ("I am Captain Vorrel, the
   new lock-warden") takes that name (:func:`_self_named_voices`).
2. **Drops.** A name used once that never speaks is no one the reader follows ("a letter from
   Aunt Solveig"): it leaves the cast. Every character's line count is set here too.

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

from fabula.characters.attribution.narrator import lower_uses
from fabula.characters.attribution.patterns import INTRO, NAME_QUESTION, SELF_NAMING
from fabula.characters.names import TITLES, first_name_gender, name_key, parse_name
from fabula.model import Character, Quote, character_id

if TYPE_CHECKING:
    from fabula.model import Story

#: a line's attribution must be at least this sure to name its speaker by what it says
INTRO_CONFIDENCE = 0.5
#: narration mentions from which a character who never speaks stays in the cast
MIN_MENTIONS = 2


def settle_cast(story: Story) -> None:
    """After attribution: merge self-introductions, count lines, drop one-off names that never speak."""
    declared = {character_id(i) for i in story.cast_index.declared} if story.cast_index is not None else set()
    if story.cast_index is not None:
        for gone, keep in _introductions(story, story.cast_index.names, declared):
            keep.aliases += [a for a in gone.aliases if a not in keep.aliases]
            keep.mentions += gone.mentions
            if keep.id not in declared and _proper(gone.name) > _proper(keep.name):
                keep.name = gone.name  # "Nadia", not "the girl" or "Miss Pennywhistle", once she says it
                keep.aliases = [keep.name] + [a for a in keep.aliases if a != keep.name]
            _retire(story, {gone.id: keep.id})
        _self_named_voices(story, story.cast_index.names, declared)
    lines = Counter(q.speaker for q in story.quotes if q.kind == "dialogue" and q.speaker)
    for c in story.characters:
        c.lines = lines.get(c.id, 0)
    # a declared character stays, spoken of or not: the user said they are in the story
    _retire(story, {c.id: None for c in story.characters
                    if c.mentions < MIN_MENTIONS and not c.lines and c.id not in declared})


def _self_named_voices(story: Story, cast: dict[str, int], declared: set[str]) -> None:
    """A voice the story knows only by an epithet ("the lock-warden") that says its own name in a line
    of its own ("I am Captain Vorrel, the new lock-warden", "my name is Vorrel Dunmarch") is that name: the name no
    one in the cast bears, nor any of its words (a cast character's name joins the voice to
    them, :func:`_join_named`), a name rather than a
    word ("I am Welsh", "I am Sorry"): a first name, or two words, a title or not ("Captain Vorrel",
    "Vorrel Dunmarch"), whose last word the text does not write in lower case elsewhere."""
    by_id = {c.id: c for c in story.characters}
    known = {w for n in cast for w in n.split() if w.lower().rstrip(".") not in TITLES}
    for q in story.quotes:
        c = by_id.get(q.speaker or "")
        if q.kind != "dialogue" or c is None or c.id in declared or _proper(c.name) > 0 \
                or q.confidence is None or q.confidence < INTRO_CONFIDENCE:
            continue
        for m in SELF_NAMING.finditer(story.text, q.start, q.end):
            name = m.group("name")
            words = name.split()
            own = [w for w in words if w.lower().rstrip(".") not in TITLES]
            if name_key(name) in cast:
                _join_named(story, by_id, c, cast[name_key(name)])
                break
            if not own or known & set(own) or lower_uses(story.text, own[-1]) >= 2 \
                    or not (len(words) > 1 or first_name_gender(own[0])[0]):
                continue
            c.epithets = [c.name] + [e for e in c.epithets if e != c.name]
            c.name, c.aliases, c.unnamed = name, [name] + [a for a in c.aliases if a != c.name], False
            break


def _join_named(story: Story, by_id: dict[str, Character], voice: Character, ci: int) -> None:
    """The voice that names itself with a cast character's name ("I am Odile Varga", said by "the
    stranger", the name declared or found by NER) is that character: it joins them, unless the
    dialogue shows the two to be two people."""
    named = by_id.get(character_id(ci))
    dialogue = [q for q in story.quotes if q.kind == "dialogue"]
    if named is None or named is voice or _apart(dialogue, voice.id, named.id) >= APART_EVIDENCE:
        return
    named.epithets += [voice.name] if voice.name not in named.epithets else []
    by_id.pop(voice.id)
    _retire(story, {voice.id: named.id})


def _proper(name: str) -> int:
    """How much a name is a person's own: 0 an epithet ("the girl"), 1 a title with one name
    ("Miss Pennywhistle", which others may call her), 2 a proper name ("Nadia"), 3 a full name."""
    p = parse_name(name)
    if p.title == "the" or not name[:1].isupper():
        return 0
    if p.title:
        return 1 if not (p.first and p.last and p.first != p.last) else 3
    return 3 if p.first and p.last and p.first != p.last else 2


def _introduced(text: str, dialogue: list[Quote], k: int, index: dict[str, int]) -> int | None:
    """The character whose name line ``k`` gives as its speaker's own, if it does.

    "I'm Tomas.", "My name is Sela", "Call me Yusra" introduce; a bare name does only as the
    answer to "what's your name?" ("Sela."): otherwise it is someone calling out ("Odile!") or
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


def _introductions(story: Story, index: dict[str, int], declared: set[str]
                   ) -> Iterator[tuple[Character, Character]]:
    """(character that goes, character it joins) for each self-introduction, in text order:
    the named character joins the speaker's, or, when the name is a declared character's (``--cast``)
    and the speaker's is not, the speaker's joins it. Two declared characters never merge.

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
        if not _may_merge(text, dialogue, k, q.speaker, other):
            continue
        if other in declared:
            if q.speaker not in declared:
                yield by_id.pop(q.speaker), by_id[other]
            continue
        yield by_id.pop(other), by_id[q.speaker]


def _may_merge(text: str, dialogue: list[Quote], k: int, speaker: str, named: str) -> bool:
    """Whether line ``k``'s self-introduction may make its speaker and the named character one.

    A wrong merge is catastrophic — two people who talk to each other become one, with both
    their lines — so the dialogue must not say they are two: they must not answer each other
    in turn or call each other by name; the name must not be someone else's already (it has
    spoken, under its own tag, before the introduction); and a merge that would give one
    character most of the lines of a story with several speakers needs the surest evidence,
    a phrase that introduces ("I'm Sela", not a bare "Sela.") in a line its own tag gives.
    """
    if _apart(dialogue, speaker, named) >= APART_EVIDENCE:
        return False
    if any(q.speaker == named and q.sieve == "explicit_tag" for q in dialogue[:k]):
        return False
    lines = Counter(q.speaker for q in dialogue if q.speaker)
    if len(lines) >= 3 and lines[speaker] + lines[named] > MAJORITY * sum(lines.values()):
        q = dialogue[k]
        m = INTRO.match(text[q.start:q.end])
        return m is not None and bool(m.group("phrase")) and q.sieve == "explicit_tag"
    return True


#: turns and vocatives between two characters from which the dialogue shows them to be two
#: people: no merge of the cast (here) and no clustering of names (the characters pass) joins them
APART_EVIDENCE = 2
#: the share of a story's lines above which a merge needs the surest evidence
MAJORITY = 0.5


def _apart(dialogue: list[Quote], a: str, b: str) -> int:
    """How often the dialogue shows ``a`` and ``b`` to be two people: one answers the other in
    the next line (one of the two lines with its own tag), or one calls the other by name."""
    n = 0
    for prev, q in zip(dialogue, dialogue[1:], strict=False):
        if {prev.speaker, q.speaker} == {a, b} and "explicit_tag" in (prev.sieve, q.sieve):
            n += 1
    for q in dialogue:
        if (q.speaker, q.sieve) in ((a, "explicit_tag"), (b, "explicit_tag")) and ({a, b} - {q.speaker}) & set(q.addressees):
            n += 1
    return n


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
        moved = q.speaker is not None and q.speaker in gone
        if q.speaker is not None and moved:
            q.speaker = gone[q.speaker]
        if moved or any(a in gone for a in q.addressees):
            to = [gone[a] if a in gone else a for a in q.addressees]
            q.addressees = [a for k, a in enumerate(to) if a is not None and a != q.speaker and a not in to[:k]]
    for mention in story.mentions:
        if mention.character in gone:
            mention.character = gone[mention.character]
    story.characters = [c for c in story.characters if c.id not in gone]
