"""Voices: first-person narrators, unnamed speakers and speech without quotation marks.

Each test reads a short original story through the whole pipeline (as ``fabula read`` does)
and looks at who says each line. The stories are written for these tests: first person in the
past and the present tense, a narrator nobody names, a voice nobody names.
"""

from __future__ import annotations

import fabula
from fabula.model import Character, Quote, Story


def _read(text: str) -> tuple[Story, dict[str, Quote]]:
    story = fabula.read(text.encode(), until="speakers")
    lines = {story.text[q.start:q.end].strip('"“”').rstrip(",.!?"): q for q in story.quotes if q.kind == "dialogue"}
    return story, lines


def _id(story: Story, name: str) -> str:
    return next(c.id for c in story.characters if c.name == name or name in c.aliases)


def _said_by(lines: dict[str, Quote], who: str, *words: str) -> list[str]:
    """The lines among ``words`` that are not ``who``'s."""
    return [w for w in words if lines[w].speaker != who]


FIRST_PERSON_PAST = (
    "The rain had not stopped for three days when I went down to the harbour. Old Tobias was mending "
    "nets on the slip, the way he always was, and he did not look up when I sat on the upturned boat "
    "beside him. I watched the gulls. I counted the boats. I had come to ask him something and I did "
    "not know how.\n\n"
    '"You\'re letting the cold in, Marguerite," Tobias said.\n\n'
    '"It\'s already in."\n\n'
    '"True enough." He pulled a knot tight with his teeth. "Your mother know you\'re here?"\n\n'
    '"No."\n\n'
    '"Well, then."\n\n'
    "I pulled my coat closer and watched the water slap against the stones.\n\n"
    '"I want to go out on the boat tomorrow," I said.\n\n'
    '"In this?" He laughed, not kindly. "You\'d be sick before the point, Marguerite."\n\n'
    '"I won\'t be."\n\n'
    '"Your father was sick before the point, every morning for thirty years."\n\n'
    "I had not known that. I turned it over in my mind like a stone.\n\n"
    '"Then I\'ll be sick," I told him. "But I\'m going."\n'
)


def test_first_person_past_the_narrator_says_i_said_and_the_untagged_answers() -> None:
    story, lines = _read(FIRST_PERSON_PAST)
    me = _id(story, "Marguerite")
    tobias = _id(story, "Tobias")
    assert lines["You're letting the cold in, Marguerite"].speaker == tobias
    assert not _said_by(lines, me, "It's already in", "No", "I want to go out on the boat tomorrow",
                        "I won't be", "Then I'll be sick")
    assert not _said_by(lines, tobias, "True enough", "Well, then", "Your father was sick before the point, "
                        "every morning for thirty years")


FIRST_PERSON_PRESENT = (
    "My brother Matteo is asleep on the couch when I get home, one arm over his face, the television muttering to "
    "itself. I drop my keys in the bowl. I take off my boots. I stand in the doorway for a long time.\n\n"
    '"You\'re late," he says, without moving the arm.\n\n'
    '"The bus broke down."\n\n'
    '"Again?"\n\n'
    "I sit on the arm of the couch and push his feet out of the way. \"Again. Third time this week.\"\n\n"
    '"You should let me drive you, Ines."\n\n'
    '"You should let me sleep," I say. "You should let me do a lot of things."\n\n'
    "He lifts the arm and looks at me. \"That's not fair, Ines.\"\n\n"
    '"I know."\n'
)


def test_first_person_present_beats_and_turns_go_to_the_narrator() -> None:
    story, lines = _read(FIRST_PERSON_PRESENT)
    me = _id(story, "Ines")
    dov = _id(story, "Matteo")
    assert not _said_by(lines, me, "The bus broke down", "Again. Third time this week", "You should let me sleep",
                        "I know")
    assert not _said_by(lines, dov, "You're late", "Again", "You should let me drive you, Ines",
                        "That's not fair, Ines")


UNNAMED_NARRATOR = (
    "Nobody at the station knew my name, and I preferred it that way. I bought my ticket from the "
    "window and sat on the bench with my bag between my feet. The stationmaster, a thin man called "
    "Ferris, watched me over his spectacles.\n\n"
    '"Going far?" Ferris asked.\n\n'
    '"Far enough," I said.\n\n'
    '"Train\'s late."\n\n'
    '"They always are."\n\n'
    "He went back to his ledger. I watched the clock. I did not look at the road behind me.\n\n"
    '"You waiting on someone?" he asked after a while.\n\n'
    '"No," I said. "Nobody."\n'
)


def test_a_narrator_nobody_names_is_an_unnamed_character_of_their_own() -> None:
    story, lines = _read(UNNAMED_NARRATOR)
    narrator = next(c for c in story.characters if c.unnamed)
    ferris = _id(story, "Ferris")
    assert narrator.name == "the narrator"
    assert narrator.to_dict()["unnamed"] is True
    assert "unnamed" not in next(c for c in story.characters if c.id == ferris).to_dict()
    assert not _said_by(lines, narrator.id, "Far enough", "They always are", "No")
    assert not _said_by(lines, ferris, "Going far", "Train's late", "You waiting on someone")


def test_a_third_person_story_with_a_letter_in_the_first_person_has_no_narrator() -> None:
    story, lines = _read(
        "Hester Voss read the letter twice by the window before she handed it to Tomas Kerr.\n\n"
        "Dear Hester, I write in haste. I am well. I will come in the spring, if I can, and I will bring "
        "the books I promised. I think of you all often. I remain your loving cousin.\n\n"
        '"Well?" said Tomas.\n\n'
        '"He is coming in the spring," said Hester.\n\n'
        '"He said that last year."\n')
    assert story.cast_index is not None and not story.cast_index.first_person
    assert not any(c.unnamed for c in story.characters)
    assert lines["He said that last year"].speaker == _id(story, "Tomas")


NURSE = (
    "Aurelio Bassi woke in a white room with a tube in his arm and no idea how he had got there. His "
    "sister Paola was asleep in the chair by the window, her coat still on.\n\n"
    '"You\'re awake," the nurse said, checking the drip. "Don\'t try to sit up."\n\n'
    'Aurelio tried to lift his head. "Where am I?"\n\n'
    '"St. Brigid\'s. You came in last night."\n\n'
    "Paola stirred and opened her eyes.\n\n"
    '"Aurelio," Paola said. "You idiot."\n\n'
    '"I missed you too," said Aurelio.\n\n'
    'From the corridor, a familiar voice called, "Is he awake yet?"\n'
)


def _unnamed_voice(story: Story, name: str) -> Character:
    """The story's unnamed speaker known as ``name``."""
    voice = next(c for c in story.characters if c.name == name)
    assert voice.unnamed
    return voice


def test_a_voice_nobody_names_is_a_speaker_of_its_own_not_a_cast_member() -> None:
    story, lines = _read(NURSE)
    nurse = _unnamed_voice(story, "the nurse")
    assert nurse.to_dict()["unnamed"] is True
    aurelio, paola = _id(story, "Aurelio"), _id(story, "Paola")
    assert lines["You're awake"].speaker == nurse.id
    # the exchange goes on between the nurse and the one who woke
    assert lines["Where am I"].speaker == aurelio
    assert lines["St. Brigid's. You came in last night"].speaker == nurse.id
    assert lines["Aurelio"].speaker == paola
    # a voice from the corridor is nobody in the cast either
    voice = lines["Is he awake yet"].speaker
    assert voice not in (aurelio, paola, nurse.id)
    assert next(c for c in story.characters if c.id == voice).unnamed


DASHED = (
    "Ansel Brack came from the stairhead with a bowl of lather. He held the bowl aloft and intoned:\n\n"
    "—Good morning, all of you.\n\n"
    "Halted, he peered down the dark stairs and called out:\n\n"
    "—Come up, Kit! Come up, you idle thing!\n\n"
    "—Back to the kitchen! he said sternly. That will do nicely. Shut the door, will you?\n\n"
    "Kit Moran came up the stairs slowly.\n\n"
    "—Tell me, Brack, Kit said with some care.\n\n"
    "—Yes, my love?\n\n"
    "—That cousin of yours, said Kit, says he is staying a month.\n\n"
    "—A week, he said, and turned away to the window. The sea was grey beyond the glass.\n"
)


def test_speech_opened_by_dashes_is_dialogue_and_its_tags_are_narration() -> None:
    story, lines = _read(DASHED)
    assert story.primary_mark == "—"
    spoken = [story.text[q.start:q.end] for q in story.quotes if q.kind == "dialogue"]
    assert spoken == ["—Good morning, all of you.", "—Come up, Kit! Come up, you idle thing!",
                      "—Back to the kitchen!", "That will do nicely. Shut the door, will you?",
                      "—Tell me, Brack,", "—Yes, my love?", "—That cousin of yours,", "says he is staying a month.",
                      "—A week,"]
    brack, kit = _id(story, "Ansel Brack"), _id(story, "Kit Moran")
    by_words = {story.text[q.start:q.end]: q.speaker for q in story.quotes}
    assert by_words["—Back to the kitchen!"] == by_words["That will do nicely. Shut the door, will you?"] == brack
    assert by_words["—Tell me, Brack,"] == kit and by_words["—Yes, my love?"] == brack
    assert by_words["—That cousin of yours,"] == by_words["says he is staying a month."] == kit


def test_a_dash_opening_a_few_lines_of_a_quoted_story_is_not_its_convention() -> None:
    story, _lines = _read('"Wait," said Emeric.\n\n—and then the lights went out.\n\n"Emeric?"\n\n"Here," said Emeric.\n\n'
                          '—and then they came back on.\n\n"Better," said Tomas Kerr.\n')
    assert story.primary_mark == '"'
    assert all(story.text[q.start] == '"' for q in story.quotes)


def test_continued_the_sergeant_is_the_one_speaking_not_the_nearest_man() -> None:
    story, lines = _read(
        "Corporal Anselm Duret stood at the gate with his lantern while Pieter Vos watched from the cart.\n\n"
        '"They came through at dawn, three of them, and not one with papers," said Duret.\n\n'
        "A murmur went round the men by the fire. Pieter Vos spat into the straw.\n\n"
        '"And I let them go," continued the sergeant, "because I am a fool."\n\n'
        '"Go on," said Pieter. "What then?"\n\n'
        '"Then," he added, "they came back."\n')
    duret, vos = _id(story, "Anselm Duret"), _id(story, "Pieter Vos")
    q = lines["And I let them go"]
    assert (q.speaker, q.rule_sieve) == (duret, "goes_on")
    assert not any(c.name == "the sergeant" for c in story.characters)
    assert lines["they came back"].speaker == vos  # "he added": Pieter, speaking, goes on


def test_a_lone_candidate_with_nothing_but_nearness_is_not_certain() -> None:
    # one character in the cast: the ranker's softmax among one is 1, its calibrated confidence
    # says how often such a guess is right (fitted by train_ranker.py on held-out picks: 0.84 and 0.80 at
    # the weights of ea6dbd8, 0.90 and 0.87 at the refit that added called_next), and below a tagged line's
    story, lines = _read("Priya Nair came up the hill with the dog, and stopped at the empty gate.\n\n"
                         '"Nobody is here."\n\n"Hello?"\n')
    priya = _id(story, "Priya Nair")
    for words in ("Nobody is here", "Hello"):
        q = lines[words]
        assert q.speaker == priya and q.sieve == "ranker"
        assert q.confidence is not None and q.confidence < 0.9
    tagged = _read('Priya Nair stopped at the gate.\n\n"Nobody is here," said Priya.\n')[1]["Nobody is here"]
    assert tagged.confidence is not None and tagged.confidence > 0.9
    assert all(tagged.confidence > lines[words].confidence for words in ("Nobody is here", "Hello"))  # type: ignore[operator]


def test_she_said_after_an_epithet_subject_is_the_epithet_not_the_last_woman_named() -> None:
    story, lines = _read(
        "Clara Sorge pushed open the door of the inn and stood dripping on the mat. Behind the bar a "
        "broad woman in an apron was drying cups. The landlady looked up and set down the cup.\n\n"
        '"Well," she said. "Look what the storm blew in."\n\n'
        '"Hello." Clara wiped her face. "Is there a room?"\n\n'
        '"There might be," the landlady said.\n')
    landlady = next(c for c in story.characters if c.name == "the landlady")
    assert landlady.unnamed and landlady.gender == "she"
    assert lines["Well"].speaker == lines["Look what the storm blew in"].speaker == landlady.id
    assert lines["Is there a room"].speaker == _id(story, "Clara")


def test_the_mother_is_the_familys_mrs_and_my_mother_is_the_narrators() -> None:
    story, lines = _read(
        "Mrs. Okonjo stood at the stove and Chidi Okonjo sat at the table with his boots on.\n\n"
        '"Boots off the chair," said the mother.\n\n'
        '"They are not on the chair."\n\n'
        '"They will be," said the mother. "I know you."\n')
    mrs = _id(story, "Mrs. Okonjo")
    assert lines["Boots off the chair"].speaker == lines["They will be"].speaker == mrs
    assert not any(c.name == "the mother" for c in story.characters)
    story, lines = _read(
        "I came down late, and my brother Tunde was already at the table, eating my toast.\n\n"
        "I did not say anything. I poured the tea and sat down.\n\n"
        "I had learned long ago to choose my battles.\n\n"
        '"You are late," cried my mother from the yard.\n\n'
        '"I know," I said.\n')
    mother = next(c for c in story.characters if c.name == "my mother")
    assert mother.unnamed and lines["You are late"].speaker == mother.id


CHATFIC = (
    "---\ntitle: Group Chat\n---\n\n"
    "Suvi stared at her phone until the screen went dark, then woke it again.\n\n"
    "Suvi: are you up\nBex: obviously\nSuvi: can i come over\nBex: door's open\n\n"
    "Twenty minutes later she was standing in the hallway of the flat on Bell Street with her coat "
    "dripping on the mat.\n\n"
    '"You look awful," Bex said.\n\n"Thanks."\n\n"Tea?"\n\n"Please."\n\n'
    "Bex put the kettle on and leaned against the counter with her arms folded.\n\n"
    '"Is this about Dario?"\n\n"It\'s always about Dario."\n'
)


def test_chat_senders_are_the_cast_and_the_talk_after_the_chat_is_theirs() -> None:
    from fabula.dialogue.chat import chat_lines, chat_senders

    story = fabula.read(CHATFIC.encode(), format="markdown", until="speakers")
    assert [v.kind for v in story.verse] == ["message"]
    assert chat_senders(story.text, story.verse) == ["Bex", "Suvi"]
    assert [name for _pos, name in chat_lines(story.text, story.verse)] == ["Suvi", "Bex", "Suvi", "Bex"]
    lines = {story.text[q.start:q.end].strip('"').rstrip(",.!?"): q for q in story.quotes if q.kind == "dialogue"}
    suvi, bex = _id(story, "Suvi"), _id(story, "Bex")
    assert not _said_by(lines, bex, "You look awful", "Tea", "Is this about Dario")
    assert not _said_by(lines, suvi, "Thanks", "Please", "It's always about Dario")


def test_the_report_and_the_terminal_mark_an_unnamed_speaker() -> None:
    from fabula.render.report import report_html

    story = fabula.read(NURSE.encode())
    html = report_html(story)
    assert 'the nurse <span class="unnamed"' in html
    assert 'Aurelio Bassi <span class="unnamed"' not in html


def test_a_sentence_after_a_closed_quote_is_no_tag_and_the_redhead_is_someone_known() -> None:
    story, lines = _read(
        "Tom Harris lay in the bed with his arm in a sling. Anna Price sat by the window with an orange.\n\n"
        '"You are going to sit there and eat that in front of me." Tom\'s voice was thick. The sound continued '
        "to get lost in the bandages.\n\n"
        '"Yes," said the redhead, peeling it slowly.\n')
    assert not any(c.name == "the sound" for c in story.characters)
    assert lines["You are going to sit there and eat that in front of me"].speaker == _id(story, "Tom Harris")
    # "the redhead" is someone the reader knows, never a voice of its own
    assert not any(c.unnamed for c in story.characters)


ITALIC_SPEECH = (
    "# The Signal\n\n"
    "Petra Lund found the radio in the cellar, under a tarp that smelled of mice. Oskar Wexley held the lamp.\n\n"
    "*Does it still work?* he asked.\n\n"
    "*Only one way to find out,* said Petra.\n\n"
    "She turned the dial. Static, then a voice, faint as frost.\n\n"
    "*Is anyone there?* a faint voice said.\n\n"
    "*We're here,* Petra said. *We're here.*\n\n"
    "*Who is this?*\n"
)


def test_speech_set_in_italics_is_dialogue_when_the_story_says_so() -> None:
    story = fabula.read(ITALIC_SPEECH.encode(), format="markdown", until="speakers")
    assert story.primary_mark == "*"
    lines = {story.text[q.start:q.end].strip("*").rstrip(",.!?"): q for q in story.quotes if q.kind == "dialogue"}
    assert set(lines) == {"Does it still work", "Only one way to find out", "Is anyone there", "We're here",
                          "Who is this"}
    petra, oskar = _id(story, "Petra Lund"), _id(story, "Oskar Wexley")
    assert lines["Does it still work"].speaker == oskar
    assert lines["Only one way to find out"].speaker == petra
    voice = next(c for c in story.characters if c.id == lines["Is anyone there"].speaker)
    assert voice.unnamed and voice.name == "a faint voice"


def test_italic_thoughts_in_a_quoted_story_stay_thoughts() -> None:
    story = fabula.read(b'"Come in," said Emeric Hollins.\n\n*Not him again,* Tomas Kerr thought.\n\n'
                        b'"Thank you," said Tomas.\n\n*Breathe.*\n', format="markdown", until="speakers")
    assert story.primary_mark == '"'
    assert [story.text[q.start:q.end] for q in story.quotes if q.kind == "dialogue"] == ['"Come in,"', '"Thank you,"']



LOCK_KEEPER = (
    "Tilde Marsh came along the towpath at dusk with her bag over her shoulder. A thin woman in an oilskin "
    "sat on the gate beam with a pipe. The lock-keeper knocked the pipe out against the beam and stood.\n\n"
    '"Evening," she said. "You\'ll be wanting the cottage."\n\n'
    '"If it\'s free." Tilde set her bag down. "Has anyone asked for me?"\n\n'
    '"One man. Tuesday."\n\n'
    "Tilde waited. A heron lifted off the far bank and flapped away over the reeds.\n\n"
    "The lock-keeper chewed on the stem of her empty pipe. Then she reached inside the oilskin and drew out "
    "an envelope gone soft with damp.\n\n"
    '"For you," she said. "He wouldn\'t stay for tea."\n\n'
    "Tilde did not take it. The writing on the front was her sister's, and her hands would not move.\n\n"
    '"Go on," the lock-keeper said. "It won\'t bite."\n'
)


def test_narration_calling_a_voice_by_its_epithet_names_it_for_she_said() -> None:
    # "The lock-keeper chewed on ... 'For you,' she said.": the voice nobody names is the one
    # the narration was just about, though Tilde is the last woman named
    story, lines = _read(LOCK_KEEPER)
    keeper = _unnamed_voice(story, "the lock-keeper")
    assert lines["Evening"].speaker == keeper.id
    assert lines["For you"].speaker == keeper.id
    assert lines["Go on"].speaker == keeper.id
    assert lines["If it's free"].speaker == _id(story, "Tilde")
