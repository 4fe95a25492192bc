"""Names NER misses, found as the subject of what people do (issue 16, cast discovery).

Each story is an original passage; its names are uncommon or foreign ones that the small
English model does not take for people when they only open sentences."""

from __future__ import annotations

import fabula
from fabula.characters.subjects import subject_uses
from fabula.text.verbs import SPEECH_VERBS


def _names(text: str) -> set[str]:
    return {a for c in fabula.read(text.encode()).characters for a in c.aliases}


def _speakers(text: str) -> list[str | None]:
    story = fabula.read(text.encode())
    names = {c.id: c.name for c in story.characters}
    return [names.get(q.speaker) if q.speaker else None for q in story.quotes if q.kind == "dialogue"]


def test_a_name_used_only_as_a_sentence_subject_is_a_character() -> None:
    text = ('The storm broke at dusk. Everyone ran for the barn.\n\n'
            'Oriel shouted over the thunder, "Get the horses in!"\n\n'
            'Evander grabbed a halter. Oriel dragged the door open against the wind.\n\n'
            'Evander asked, "Where\'s the grey mare?"\n\n'
            'Oriel pointed into the rain. Evander swore and went after her.\n\n'
            'Later, soaked and shivering, they sat on the hay bales. Oriel handed him a flask.\n\n'
            'Evander drank. "Thanks."\n\n'
            'Oriel smiled. "You did well."\n')
    assert "Evander" in _names(text)
    assert _speakers(text)[1] == "Evander"  # "Evander asked, ..." is his line, not Oriel's


def test_a_subject_of_speech_verbs_before_the_quote_is_a_character() -> None:
    text = ('The abbess had told them to be silent. Iolanthe was not silent.\n\n'
            '"Psst. Grete."\n\n'
            'Grete turned over in the narrow bed. "What?"\n\n'
            '"Are you awake?"\n\n'
            '"No," Grete said.\n\n'
            'Iolanthe giggled. Grete threw a pillow at her.\n\n'
            'Iolanthe whispered, "She\'s coming."\n\n'
            'Grete pulled the blanket over her head.\n')
    assert {"Iolanthe", "Grete"} <= _names(text)
    assert _speakers(text)[-1] == "Iolanthe"


def test_present_tense_subjects_count_too() -> None:
    text = ('Ottoline walks into the bakery at seven. Ottoline always walks in at seven.\n\n'
            '"The usual?" the baker asks.\n\n'
            'Ottoline nods. He wraps two rolls in paper and slides them over the counter.\n\n'
            '"You look tired," he says.\n\n'
            '"I am tired." Ottoline counts out the coins. "The baby kept us up."\n')
    assert "Ottoline" in _names(text)


def test_sentence_words_are_not_subjects_made_names() -> None:
    # "Everyone" and "Silence" are common words; "Breakfast" the text also writes in lower case;
    # "Halvard" opens one sentence only
    text = ('Everyone waited. Silence followed. Everyone stared at the door.\n\n'
            'Breakfast arrived late. Breakfast tasted of smoke, and nobody finished breakfast.\n\n'
            'Silence returned. Halvard coughed.\n\n'
            '"Well," said the cook. "Eat."\n')
    found = _names(text)
    assert not found & {"Everyone", "Silence", "Breakfast", "Halvard"}


def test_subject_uses_counts_speech_verbs_regular_verbs_and_the_texts_own_verbs() -> None:
    text = ('Kowalczyk stood at the front. She stood there a long time. Kowalczyk grew quiet. '
            'Then Nwachukwu shouted. Nwachukwu climbed onto a chair, and Nwachukwu waits.\n\n'
            'Somewhere down the corridor a door opened.')
    uses = subject_uses(text, [(0, len(text))], SPEECH_VERBS)
    assert uses["Kowalczyk"] == 1  # "stood" follows "She" in this text; "grew" follows no pronoun
    assert uses["Nwachukwu"] == 3
    assert "Somewhere" not in uses


def test_a_title_or_an_initial_ends_no_sentence_and_a_wrapped_line_starts_none() -> None:
    text = ('The lamps were lit. Mr. Brannoch nodded to the porter and J. Tallis waited by\n'
            'the gate. Solveig watched them both. Mr. Brannoch sighed.\n'
            'Solveig laughed.')
    uses = subject_uses(text, [(0, len(text))], SPEECH_VERBS)
    assert "Brannoch" not in uses and "Tallis" not in uses
    assert uses["Solveig"] == 2
