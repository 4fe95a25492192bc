"""One person's name forms joined into one character, and the guards that keep two people two
(issue 16, item 4): pet names inside full names, surnames cut to an initial, family-name-first
siblings, and the same conventions when a user's cast gives canonical names only. Each test
reads a short original story through the whole pipeline."""

from __future__ import annotations

from pathlib import Path

import fabula
from fabula.characters.forms import shortens, surnames_agree
from fabula.model import Story


def _holding(story: Story, name: str) -> list[set[str]]:
    return [set(c.aliases) for c in story.characters if name in c.aliases]


def _speaker_of(story: Story, opening: str) -> str | None:
    return next(q.speaker for q in story.quotes if story.text[q.start:q.end].lstrip("\"“").startswith(opening))


SISTER = ('Ottie Kerrow had not slept since the ferry docked. She sat on her trunk and counted the gulls.\n\n'
          '"You\'ll catch your death out here," said Hamish.\n\n'
          '"Then I\'ll catch it," said Ottie. "Go inside."\n\n'
          'Hamish shrugged and went. The harbourmaster came down the steps with a lamp.\n\n'
          '"Your brother says you won\'t come in," he said.\n\n'
          '"My brother says a great many things," said Ottilie.\n\n'
          'Ottilie watched the lamp swing away. Nobody called her Ottilie but the harbourmaster.\n')


def test_a_pet_name_in_a_full_name_joins_the_first_name_it_shortens() -> None:
    # "Ottie Kerrow" in one scene, "Ottilie" in the next: one woman
    story = fabula.read(SISTER.encode())
    assert {"Ottie Kerrow", "Ottie", "Ottilie"} <= _holding(story, "Ottilie")[0]
    assert len(_holding(story, "Hamish")) == 1 and "Ottie" not in _holding(story, "Hamish")[0]
    assert _speaker_of(story, "Then I'll catch it") == _speaker_of(story, "My brother says")


LEDGER = ('Iz Varga signed the ledger with a flourish: Izolda V., third watch. Her brother Dov Varga read it '
          'upside down.\n\n'
          '"You spelled it wrong," said Dov.\n\n'
          '"I spelled it the way I like," said Iz.\n\n'
          '"Izolda," said Dov, "it is your own name."\n\n'
          'Izolda laughed at him. Dov went back to the nets, and Iz went back to the ledger.\n\n'
          '"Dov," she called. "Bring the lamp."\n\n'
          '"Bring it yourself," said Dov.\n')


def test_a_short_name_and_a_surname_cut_to_its_initial_are_one_person_and_her_brother_another() -> None:
    # "Iz" alone says little; "Iz Varga" beside "Izolda V." says it is one woman. Dov Varga
    # shares the surname and is her brother: two people
    story = fabula.read(LEDGER.encode())
    izolda = _holding(story, "Izolda")
    assert len(izolda) == 1 and {"Iz", "Iz Varga", "Izolda"} <= izolda[0]
    assert not izolda[0] & {"Dov", "Dov Varga"}
    assert _speaker_of(story, "I spelled it") == _speaker_of(story, "Dov,") != _speaker_of(story, "Bring it")


def test_family_name_first_siblings_stay_two() -> None:
    text = ('Moriyama Daichi was late again. Moriyama Aya, his sister, waited at the gate with both their bags.\n\n'
            '"You said seven," said Aya.\n\n'
            '"I said seven-ish," said Daichi.\n\n'
            'Aya rolled her eyes. Daichi took his bag from her and they walked to the station together.\n\n'
            '"Moriyama!" the conductor shouted from the platform. Both of them turned.\n\n'
            '"Which one?" said Daichi.\n')
    story = fabula.read(text.encode())
    assert {"Moriyama Daichi", "Daichi"} <= _holding(story, "Daichi")[0]
    assert {"Moriyama Aya", "Aya"} <= _holding(story, "Aya")[0]
    assert _holding(story, "Daichi") != _holding(story, "Aya")


def test_a_long_and_a_short_name_that_answer_each_other_stay_two() -> None:
    # "Aurel Venn" would be "Aurelian"'s pet name; here the two talk to each other in turn
    text = ('Aurel Venn leaned on the counter. Aurelian, behind it, did not look up from the till.\n\n'
            '"You owe me a shilling, Aurelian," said Aurel.\n\n'
            '"I owe you nothing, Aurel," said Aurelian.\n\n'
            '"A shilling," said Aurel.\n\n'
            '"Nothing," said Aurelian.\n')
    story = fabula.read(text.encode())
    assert "Aurelian" not in _holding(story, "Aurel")[0]


STEPS = ('The inn at the crossroads had one lamp lit when I came in out of the rain. Behind the bar, the '
         'innkeeper was wiping down the same glass she had been wiping for an hour.\n\n'
         'Brann was sitting by the fire with his boots off. He looked up when he heard the door.\n\n'
         '"Kas," he said. "I thought you\'d drowned."\n\n'
         '"Not yet," I told him.\n\n'
         '"Sit," said Mother Sorrel. "Eat something before you fall over."\n\n'
         'I sat. Brann pushed a bowl across the table to me.\n\n'
         '"Kasimira Ashgrove," he said at last, as if he were reading it off a page. "That is what the letter '
         'said."\n\n'
         '"Well, I never wrote it," I said.\n')


def test_a_cast_of_canonical_names_takes_the_forms_the_text_uses(tmp_path: Path) -> None:
    # the cast file names the narrator in full only; the text calls her "Kas"
    cast = tmp_path / "cast.yaml"
    cast.write_text('characters:\n  - name: Kasimira Ashgrove\n    gender: she\n  - name: Brann\n    gender: he\n'
                    '  - name: Mother Sorrel\n    gender: she\n', encoding="utf-8")
    story = fabula.read(STEPS.encode(), cast=str(cast))
    (kas,) = [c for c in story.characters if "Kas" in c.aliases]
    assert kas.name == "Kasimira Ashgrove"
    assert len(story.characters) == 3


def test_a_cast_of_canonical_names_tells_siblings_apart_by_first_names(tmp_path: Path) -> None:
    # "Iz Varga" shares a surname with both declared Vargas: her first name says which she is
    cast = tmp_path / "cast.yaml"
    cast.write_text('characters:\n  - name: Izolda Varga\n    gender: she\n  - name: Dov Varga\n    gender: he\n',
                    encoding="utf-8")
    story = fabula.read(LEDGER.encode(), cast=str(cast))
    by_name = {c.name: set(c.aliases) for c in story.characters}
    assert {"Iz", "Iz Varga", "Izolda"} <= by_name["Izolda Varga"]
    assert not by_name["Dov Varga"] & {"Iz", "Iz Varga", "Izolda"}
    assert set(by_name) == {"Izolda Varga", "Dov Varga"}


def test_pet_forms_by_convention() -> None:
    assert shortens("Kas", "Kasimir") == "start"
    assert shortens("Ottie", "Ottoline") == "start"
    assert shortens("Bel", "Isobel") == "end"
    assert shortens("Iz", "Izolda") is None  # two letters alone say too little
    assert shortens("Iz", "Izolda", surnamed=True) == "start"
    assert shortens("Idda", "Iddan") is None  # not shorter enough to be a pet form
    assert surnames_agree("V.", "Varga") and surnames_agree(None, "Varga") and not surnames_agree("Venn", "Varga")


def test_a_pet_name_used_only_when_calling_someone_is_theirs() -> None:
    # "Tobi" is never written in narration: only called out, opening the line
    text = ('Tobiah came down to the boats at first light. The fishermen nodded to him and went on with '
            'their nets.\n\n'
            '"Tobi!" a boy shouted from the jetty. "Tobi, the tide\'s turning!"\n\n'
            '"I can see the tide, Fenn," Tobiah said.\n\n'
            'Fenn\'s cap blew off and he chased it along the boards. Tobiah laughed at him.\n\n'
            '"Tell Doctor Marchetti I\'ll come when the boat\'s in," said Tobiah.\n')
    story = fabula.read(text.encode())
    assert {"Tobiah", "Tobi"} <= _holding(story, "Tobiah")[0]
    # the pattern for a title and its name stops at the speaker's own "I'll"
    assert not any("I'll" in a for c in story.characters for a in c.aliases)


def test_a_pet_form_with_a_title_of_the_other_gender_is_someone_else() -> None:
    # "Clemmie" would shorten "Clementine"; "Master" says the boy is no Clementine
    text = ('Master Clemmie Orme was nine and already too clever for the schoolroom. Clementine, the new '
            'governess, had decided to like him anyway.\n\n'
            '"Sums first," said Clementine.\n\n'
            '"Sums are dull," said Clemmie.\n\n'
            'Clementine set the slate in front of him. Clemmie sighed and picked up the chalk.\n')
    story = fabula.read(text.encode())
    clemmie = _holding(story, "Clemmie")
    assert clemmie and "Clementine" not in clemmie[0]
