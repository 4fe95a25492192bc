"""First-person stories in the shapes fan fiction uses, read whole (original passages).

A narrator called "I" in narration is named only in other people's lines, and a story told in
the first person calls other characters by name too: these tests hold the narrator apart from
the boy everyone scolds, and give "I said" to the narrator.
"""

from __future__ import annotations

import fabula
from fabula.model import Quote, Story

INN = """The rain had followed me for three days when I reached the inn at the ford. I pushed the door open with my shoulder.

The innkeeper looked up from her ledger. She was a broad woman with flour on her sleeves.

"You'll want a room," she said.

"I'll want a fire first," I said. "Then a room."

Across the room a boy was stacking cups, and he kept looking at my sword.

"Tomas," the innkeeper said without turning, "stop staring and fetch the stew."

"I wasn't staring."

"You were. Go, Tomas."

He went. When he came back he set the bowl down so carefully that I almost laughed.

"Are you a knight?" he asked.

"No," I said.

"Tomas." The innkeeper was at his shoulder before I saw her move. "Bed."

In the morning Tomas was waiting by the stable with my horse already saddled.

"You didn't have to do that," I said.

"I wanted to," he said.
"""


def _read(text: str) -> tuple[Story, dict[str, Quote]]:
    story = fabula.read(text.encode(), until="speakers")
    return story, {story.text[q.start:q.end].strip('"').rstrip(",.!?"): q for q in story.quotes
                   if q.kind == "dialogue"}


def _name(story: Story, cid: str | None) -> str | None:
    return next((c.name for c in story.characters if c.id == cid), None)


def test_a_boy_the_narration_watches_is_not_the_narrator() -> None:
    # "Tomas" is called three times, as a narrator is, but narration makes him act ("Tomas was
    # waiting"): the "I" who watches him is someone else
    story, lines = _read(INN)
    assert story.cast_index is not None and story.cast_index.first_person
    tomas = next(c.id for c in story.characters if c.name == "Tomas")
    for words in ("I'll want a fire first", "No", "You didn't have to do that"):
        assert lines[words].speaker not in (None, tomas), (words, _name(story, lines[words].speaker))
    assert lines["I wanted to"].speaker == tomas


CHAPEL = """Evander found me on the steps of the chapel the night before the wedding. I had not slept.

"You're going to freeze out here," he said.

"Then I'll freeze." I pulled my coat tighter. "Go back inside, Van."

He sat down beside me instead. He always did that.

"They're asking for you," he said.

"Who is?"

"Everyone. Your mother. The priest. Half the village."

"Let them ask."

"Ottie."

"Don't."

"You don't have to marry him."

"I know," I said.

"She's right, you know," Evander said quietly. "About the cold."

"She's always right," I said. "That's the worst thing about her."

"I heard that, Ottoline," Evander said.
"""


def test_the_narrator_is_named_by_the_calls_a_nickname_and_the_full_name_together() -> None:
    # "Everyone." opens a line as a call would, but it is a word of the language, no one's name;
    # "Ottie" and "Ottoline" are one person called two ways, and the full name is the name
    story, lines = _read(CHAPEL)
    assert _name(story, lines["I know"].speaker) == "Ottoline"
    assert _name(story, lines["Then I'll freeze"].speaker) == "Ottoline"
    assert not any(c.name == "Everyone" for c in story.characters)


def test_a_pronoun_opening_a_relative_clause_gives_the_name_no_gender() -> None:
    # "the mug he pushes across" is someone else's doing; the next sentence's "She" is Idda's
    text = ("Idda takes the mug he pushes across. She drinks it in one go.\n\n"
            "\"Better?\" Maro asks.\n\n\"Better,\" Idda says. Idda sets the mug he filled on the table.\n")
    story = fabula.read(text.encode(), until="characters")
    assert next(c.gender for c in story.characters if c.name == "Idda") == "she"


BUS = """The bus is late again. I stand at the stop and count the cracks in the pavement.

I check my phone. I check it again. Nothing.

The bus arrives at last. A boy gets on after me, and he stares at my coat the whole way.

"Is that real fur?" he asks.

"No," I say.

"It looks real."
"""


def test_a_thing_the_narration_describes_is_no_voice() -> None:
    # "The bus arrives. A boy gets on … he stares at my coat": the pronoun is the boy's, a voice
    # of his own, not a speaker "the bus" nor the narrator (whom "he" never means)
    story, lines = _read(BUS)
    assert not any("bus" in c.name for c in story.characters), [c.name for c in story.characters]
    assert lines["No"].speaker is not None and lines["Is that real fur"].speaker != lines["No"].speaker


def test_a_pet_name_of_the_table_s_other_gender_joins_the_full_name() -> None:
    # "Max" is a man's name in the table, and what "Maxine" is called: one woman
    text = ("Maxine Vorrel came back to the village on the first day of the thaw.\n\n"
            "\"Hello, Odile,\" Maxine said. She tied up her boat.\n\n"
            "\"Max.\" Odile put the net down. \"Nobody said you were coming.\"\n\n"
            "Max sat down on the jetty. She let her boots hang over the water.\n\n"
            "\"I need a crew,\" Max said.\n")
    story = fabula.read(text.encode(), until="characters")
    maxine = next(c for c in story.characters if "Maxine" in c.aliases)
    assert "Max" in maxine.aliases and maxine.gender == "she"


def test_the_story_s_pronouns_outvote_the_name_table() -> None:
    # the table calls "Tomas" a man; this story calls Tomas "she", again and again
    text = ("Tomas opened the gate. She was tired.\n\n\"Late again,\" Tomas said. She laughed.\n\n"
            "Tomas sat down. She pulled off her boots.\n\n\"Well?\" Odile asked.\n")
    story = fabula.read(text.encode(), until="characters")
    assert next(c.gender for c in story.characters if c.name == "Tomas") == "she"


def test_a_gesture_with_one_s_own_body_votes_the_name_s_gender() -> None:
    # "Vorrel shakes her head" — her own head: Vorrel is a woman, with no pronoun after the name
    text = ("Vorrel shakes her head. \"No.\"\n\n\"Why not?\" Brann asks.\n\n"
            "Vorrel rolls her eyes at him. \"Because.\"\n\nVorrel clears her throat and looks away.\n")
    story = fabula.read(text.encode(), until="characters")
    assert next(c.gender for c in story.characters if c.name == "Vorrel") == "she"


def test_an_author_s_note_naming_the_narrator_is_no_narration() -> None:
    import re

    from fabula.characters.attribution.narrator import narrator_name
    from fabula.segment.spans import SpanIndex

    note = "A/N: Lettice goes home at last. Thanks for reading!\n\n"
    story = ('My aunt set the bowls down hard.\n\n"Sit up straight, Lettice."\n\n'
             '"I am sitting up," I said.\n\n"You are slouching, Lettice."\n\n"I slump," I said.\n')
    text = note + story
    spans = [m.span() for m in re.finditer(r'"[^"]*"', text)]
    quotes = [Quote(f"q{i}", s, e, speaker=who) for i, ((s, e), who) in enumerate(zip(spans, ["c1", "c9", "c1", "c9"],
                                                                                       strict=True))]
    prose = SpanIndex([(len(note), len(text))])
    # the note names her as a blurb does; the story's narration never does
    assert narrator_name(text, quotes, "c9", set(), prose) == "Lettice"
    # read without knowing where the story's paragraphs are, the note's use counts against her
    assert narrator_name(text, quotes, "c9", set()) is None
