"""Gender from what a text says beside a name, on short original stories in several shapes
(chatfic, present tense, first person, names the first-name table lacks, family name first)."""

from __future__ import annotations

from collections import Counter

import fabula
from fabula.characters.gender_cues import cue_votes
from fabula.characters.names import _CUE_NOUNS, Cluster, mention_regex, name_key, noun_gender, parse_name


def _cues(text: str, names: list[str]) -> Counter[tuple[str, str]]:
    index = {n: i for i, n in enumerate(names)}
    rx = mention_regex(names)
    assert rx is not None
    return Counter((names[ci], g) for ci, g in cue_votes(text, rx, lambda n: index.get(name_key(n)), noun_gender, _CUE_NOUNS))


def test_kin_nouns_beside_a_name_say_its_gender() -> None:
    text = ("My brother Brann came home late. Vorrel, his sister, was waiting up. Idda's little brother "
            "Maro had gone to bed. A woman called Ottoline knocked at the door. Emeric was a tall woman with "
            "grey hair. Her name, we learned later, was Odile. Evander is their grandfather.")
    got = _cues(text, ["Brann", "Vorrel", "Maro", "Idda", "Ottoline", "Emeric", "Odile", "Evander"])
    assert got == Counter({("Brann", "he"): 1, ("Vorrel", "she"): 1, ("Maro", "he"): 1, ("Ottoline", "she"): 1,
                           ("Emeric", "she"): 1, ("Odile", "she"): 1, ("Evander", "he"): 1})


def test_cues_that_are_not_about_the_name() -> None:
    # the name begins a clause of its own; a noun owned by the name; a role both sexes fill
    text = ("His mother, Vorrel thought, would never forgive him. Brann's sister laughed. "
            "Idda was the host that night. Emeric was the man's daughter.")
    got = _cues(text, ["Vorrel", "Brann", "Idda", "Emeric"])
    assert ("Vorrel", "she") not in got and ("Brann", "she") not in got
    assert ("Idda", "he") not in got and ("Emeric", "he") not in got


def _genders(text: str) -> dict[str, str]:
    story = fabula.read(text.encode(), until="characters")
    return {c.name: c.gender for c in story.characters}


PRESENT = """The market opens before dawn. Oluwaseun sets out the crates one by one, and his hands know the
work better than he does.

Chidi arrives late, as always. She drops her bag behind the stall and ties her hair back.

"You're late," Oluwaseun says.

"You're early yourself," Chidi says. She takes a pepper from the crate and bites it. "These are good."

An old woman stops at the stall. Her name is Akosua, and she has bought from this family for thirty
years. She points at the smallest crate.

"How much?" Akosua asks.

"For you, nothing," Chidi says.

Oluwaseun sighs. His sister will ruin them both.
"""


def test_present_tense_names_the_table_lacks() -> None:
    g = _genders(PRESENT)
    assert g.get("Oluwaseun") == "he"
    assert g.get("Chidi") == "she"
    assert g.get("Akosua") == "she"


CHAT = """## Chapter 1: Group Chat

Adaeze wakes to forty unread messages. She scrolls up to the start with one eye open.

**kwame:** who took my charger
**linh:** not me
**kwame:** adaeze did u take it
**adaeze:** why would i take ur charger
**linh:** she literally has the same phone
**kwame:** exactly

Adaeze puts the phone face down on the pillow. Across the hall, Kwame is already banging on the door,
and he sounds like he has not slept at all.

"Give it back," Kwame says.

"I don't have it." Adaeze pulls the door open. "Ask your sister."

Kwame stares at the ceiling. He runs a hand over his face. "Linh went home on Friday."

---

Linh calls at noon. She wants to know why Kwame sounds like a kettle.
"""


def test_chatfic_senders_get_the_narrations_pronouns() -> None:
    g = _genders(CHAT)
    assert g.get("Kwame") == "he"
    assert g.get("Adaeze") == "she"
    assert g.get("Linh") == "she"


FIRST = """I met Vorrel on the first day of the rains, and he carried my bag up the hill without a word.
My sister Idda was waiting at the top.

"You're late," Idda said.

"The ferry ran slow," I said.

Brann hugged Idda at the gate. She laughed and pushed him away.
"""


def test_first_person_narrators_object_and_another_characters_pronoun() -> None:
    g = _genders(FIRST)
    assert g.get("Vorrel") == "he"  # the object of the narrator's I, then "he"
    assert g.get("Idda") == "she"  # "my sister Idda"
    # "Brann hugged Idda. She laughed": the she may be Idda's, so it says nothing of Brann
    assert g.get("Brann") != "she"


def test_family_name_first_reads_the_given_name() -> None:
    c = Cluster()
    for text, n in (("Lee Haeun", 1), ("Haeun", 3), ("Lee", 1)):
        nm = parse_name(text)
        nm.count = n
        c.add(nm)
    # "Lee" is mostly a man's first name in the table; here it is the family name
    assert c.table_votes().get("he", 0) == 0
    c2 = Cluster()
    for text, n in (("Odile Vorrel", 1), ("Vorrel", 3)):
        nm = parse_name(text)
        nm.count = n
        c2.add(nm)
    # a sure first name keeps the usual order: Vorrel is the family name here
    assert c2.gender == "she"


POSSESSIVES = """Idda's phone buzzes on the table. She ignores it.

"Aren't you going to answer?" Brann asks.

"No," Idda says.

Brann takes her wrist across the table. Idda lets him, for a moment.

Vorrel comes in from the rain and drops her bag by the door. Vorrel gives her the umbrella.

"It's still coming down," Vorrel says.
"""


def test_possessives_that_are_the_subjects_and_those_that_are_not() -> None:
    g = _genders(POSSESSIVES)
    assert g.get("Idda") == "she"  # "Idda's phone buzzes. She…"
    assert g.get("Vorrel") == "she"  # "drops her bag": her own thing
    # "takes her wrist": a body part, as often someone else's; "lets him": he is not Idda
    assert g.get("Brann") != "she"


QUOTED = """The kitchen is warm. Emeric sets down the tray.

"Where's Vorrel?" Emeric asks.

"Vorrel said she'd be late," Idda says. "Brann went to meet the train, and he took the umbrella."

"Then we wait." Emeric pours the tea.

Brann comes in at nine. Vorrel arrives at ten, dripping.
"""


def test_names_in_dialogue_vote_with_their_own_pronouns() -> None:
    g = _genders(QUOTED)
    # inside the line: "Vorrel said she'd…", "Brann went…, and he…" (neither is in the name table)
    assert g.get("Vorrel") == "she"
    assert g.get("Brann") == "he"
    # the narration after a line is its speaker's, never a name inside it
    story = fabula.read(b'"Tell Vorrel." He turns away.\n\nVorrel waits.\n\n"Fine," Idda says.\n', until="characters")
    assert {c.name: c.gender for c in story.characters}.get("Vorrel") == "unknown"


def test_which_her_is_the_subjects() -> None:
    from fabula.characters.names import _clause_pronoun

    def her(after: str) -> str | None:
        m = _clause_pronoun(after, len(after))
        return m.group(1) if m else None

    assert her(" grabs her bag and runs.") == "her"
    assert her(" finishes her tea.") == "her"
    # an object, a body part, a linking verb's clause (the point-of-view character's her)
    assert her(" gave her the key.") is None
    assert her(" looked up at her in alarm.") is None
    assert her(" squeezed her wrist.") is None
    assert her(" was bad for her nerves.") is None
    assert her(" finishes his tea.") == "his"
