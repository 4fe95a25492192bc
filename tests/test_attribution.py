"""Each speaker sieve on a short original passage (fabula.characters.attribution.sieves).

The passages are read up to the characters pass and attributed by the rules alone (no ranker),
so each line's speaker and ``Quote.sieve`` are what that sieve decided; the last tests read
with the ranker. Confidences are compared with the named constants, not with numbers.
"""

from __future__ import annotations

from pathlib import Path

import fabula
from fabula.characters.attribution import attribute_story
from fabula.characters.attribution import confidence as C
from fabula.characters.attribution.ranker import Evidence
from fabula.model import Quote, Story


def _rules(text: str) -> tuple[Story, dict[str, Quote]]:
    """The passage attributed by the sieves alone; its lines by their words (marks and a final
    comma or stop off)."""
    story = fabula.read(text.encode(), until="characters")
    attribute_story(story, use_ranker=False)
    return story, _lines(story)


def _read_with_ranker(text: str) -> tuple[Story, dict[str, Quote]]:
    """The passage read through the speakers pass, ranker and all."""
    story = fabula.read(text.encode(), until="speakers")
    return story, _lines(story)


def _lines(story: Story) -> dict[str, Quote]:
    return {story.text[q.start:q.end].strip('"').rstrip(",.!?"): q for q in story.quotes if q.kind == "dialogue"}


def _id(story: Story, first: str) -> str:
    """The id of the character whose name or an alias starts with ``first``."""
    return next(c.id for c in story.characters if any(a.startswith(first) for a in c.aliases))


def test_explicit_tag_names_the_speaker_family_name_first() -> None:
    story, lines = _rules("Sato Rin unlocked the shop. Kenji was already inside, counting the till.\n\n"
                          '"We close at ten," said Rin.\n\n'
                          '"Then we had better hurry," Kenji said.\n')
    assert (lines["We close at ten"].speaker, lines["We close at ten"].sieve) == (_id(story, "Rin"), "explicit_tag")
    assert lines["We close at ten"].confidence == C.NAME_TAG
    assert lines["Then we had better hurry"].speaker == _id(story, "Kenji")
    assert lines["Then we had better hurry"].attribution == "explicit"


def test_narrator_takes_i_said_in_the_first_person_present() -> None:
    # the narrator is never named in narration, only by Bea in dialogue
    story, lines = _rules("Bea is already at the counter when I come down.\n\n"
                          '"Morning, Hollis," Bea says.\n\n"Morning," I say.\n\n'
                          '"You look terrible, Hollis."\n\n"Thank you," I say.\n\n'
                          '"Coffee, Hollis?"\n\n"Please," I say.\n\n"Sugar, Hollis?"\n\n"No," I say.\n\n'
                          '"Suit yourself, Hollis," Bea says, and pours.\n\n"Thanks, Bea," I say.\n')
    hollis = _id(story, "Hollis")
    for words in ("Morning", "Thank you", "Please", "No", "Thanks, Bea"):
        assert (lines[words].speaker, lines[words].sieve) == (hollis, "narrator"), words
    assert lines["Thanks, Bea"].confidence == C.NARRATOR_TAG


def test_pronoun_tag_is_the_nearest_of_its_gender() -> None:
    story, lines = _rules("Odile Marchetti came in from the rain and shook out her coat. Tomas Kerr did not look up.\n\n"
                          '"Is the kettle on?" she asked.\n')
    q = lines["Is the kettle on"]
    assert (q.speaker, q.sieve, q.attribution) == (_id(story, "Odile"), "pronoun_tag", "anaphoric")
    assert q.confidence == C.PRONOUN_NEAREST


def test_epithet_tag_is_the_nearest_of_its_gender_not_named_beside_it() -> None:
    story, lines = _rules("Hester Voss sat by the fire. Across from her, Tomas Kerr was cleaning his boots.\n\n"
                          '"You will want those dry by morning," said the old woman.\n')
    q = lines["You will want those dry by morning"]
    assert (q.speaker, q.sieve) == (_id(story, "Hester"), "epithet_tag")


def test_an_epithet_tag_is_not_the_one_the_narration_calls_she() -> None:
    # Odile is named last, but the narration has gone on calling her "she": "the girl on the
    # wall" is the other woman, named before her
    story, lines = _rules("Odile Marchetti came down to the harbour on the first morning of spring. "
                          "Nell Harrow was already there, sitting on the wall.\n\n"
                          "Odile has walked all night, and she is hungry enough to eat the ropes. She sits "
                          "on a crate and counts her coins twice.\n\n"
                          '"That will not buy you breakfast," says the girl on the wall.\n')
    q = lines["That will not buy you breakfast"]
    assert (q.speaker, q.sieve) == (_id(story, "Nell"), "epithet_tag")


def test_a_beat_opening_the_paragraph_is_its_speaker() -> None:
    story, lines = _rules("Wen Lao and Priya Nair waited at the gate.\n\n"
                          'Priya checked her watch again. "They are late."\n')
    q = lines["They are late"]
    assert (q.speaker, q.sieve) == (_id(story, "Priya"), "beat")
    assert q.confidence == C.NAME_TAG * C.BEAT_FACTOR


def test_a_speech_announced_by_the_paragraph_before() -> None:
    story, lines = _rules("Wen Lao and Priya Nair waited at the gate. At last Wen turned to her and said:\n\n"
                          '"They are not coming."\n')
    q = lines["They are not coming"]
    assert (q.speaker, q.sieve) == (_id(story, "Wen"), "announced")


def test_a_speech_running_on_into_a_new_paragraph_keeps_its_speaker() -> None:
    story, lines = _rules("Wen Lao and Priya Nair sat on the wall.\n\n"
                          '"It began in the spring," said Priya. "The river rose in the night\n\n'
                          '"and it did not stop rising for a week."\n')
    q = next(q for words, q in lines.items() if words.startswith("and it did not stop"))
    assert (q.speaker, q.sieve) == (_id(story, "Priya"), "run_on")
    assert q.confidence == C.RUN_ON


def test_a_long_speech_goes_on_across_a_chapter_heading() -> None:
    telling = ("I walked the length of the valley that night, past the weir and the chapel and the row of "
               "shuttered cottages, and nobody saw me go by, and I was glad of that, because I did not want "
               "to explain myself to anyone at all, least of all to the ferryman at the landing; and when the "
               "rain came on I stood under the eaves of the mill and waited")
    story, lines = _rules("Tomas Kerr sat by the stove while Clara Vey stood at the window.\n\n"
                          '"Tell me everything," said Clara.\n\n'
                          f'"Very well," said Tomas. "{telling}."\n\n'
                          "Chapter Two\n\n"
                          f'"{telling}, until the morning."\n')
    q = next(q for words, q in lines.items() if words.endswith("until the morning"))
    assert (q.speaker, q.sieve) == (_id(story, "Tomas"), "across_break")


def test_vocative_the_one_called_by_name_answers() -> None:
    story, lines = _rules("Wen Lao, Priya Nair and Dario Bell stood at the gate in the cold.\n\n"
                          '"Dario, did you bring the keys?" asked Wen.\n\n'
                          '"In my other coat."\n')
    q = lines["In my other coat"]
    assert (q.speaker, q.sieve) == (_id(story, "Dario"), "vocative")
    assert q.confidence == C.ADDRESSED


def test_turn_taking_two_people_alternate() -> None:
    story, lines = _rules("Wen Lao and Priya Nair waited at the gate.\n\n"
                          '"They are late," said Wen.\n\n'
                          '"They are always late," said Priya.\n\n'
                          '"Not like this."\n')
    q = lines["Not like this"]
    assert (q.speaker, q.sieve) == (_id(story, "Wen"), "turn_taking")
    # each line is addressed to the other
    assert lines["They are always late"].addressees == [_id(story, "Wen")]


def test_a_line_after_a_scene_of_narration_answers_no_one_from_the_scene_before() -> None:
    # Wen spoke last in the first scene; Dario's tagged line in the second scene is not an
    # answer to her, so the untagged reply is the one the new scene is about, not Wen
    story, lines = _rules("Wen Lao and Priya Nair waited at the gate.\n\n"
                          '"They are late," said Wen.\n\n'
                          "* * *\n\n"
                          "The harbour was empty by the time the boats came in. Priya walked down to the "
                          "slipway alone and sat on the wall to wait, her hands in her sleeves.\n\n"
                          "Dario Bell found her there an hour later. He sat beside her and did not speak for "
                          "a long while, and the tide went out under them.\n\n"
                          '"You missed the boats," he said.\n\n'
                          '"I watched them."\n')
    tagged, reply = lines["You missed the boats"], lines["I watched them"]
    assert tagged.speaker == _id(story, "Dario")
    assert _id(story, "Wen") not in tagged.addressees
    assert reply.speaker == _id(story, "Priya")


def test_nearest_mention_is_the_last_guess() -> None:
    story, lines = _rules("Priya Nair came up the hill with the dog, and stopped at the empty gate.\n\n"
                          '"Nobody is here."\n')
    q = lines["Nobody is here"]
    assert (q.speaker, q.sieve) == (_id(story, "Priya"), "nearest_mention")
    assert q.confidence == C.NEAREST_MENTION


def test_the_only_captain_settles_said_the_captain() -> None:
    story, lines = _rules("Captain Idris Nwosu stood on the deck beside Wen Lao.\n\n"
                          '"Hold the line," said the captain. "And the other one."\n')
    idris = _id(story, "Captain Idris")
    # the tagged quote is decided by its own tag, the one after it by the paragraph's title
    assert (lines["Hold the line"].speaker, lines["Hold the line"].sieve) == (idris, "epithet_tag")
    assert (lines["And the other one"].speaker, lines["And the other one"].sieve) == (idris, "title_epithet")
    assert lines["And the other one"].confidence == C.TITLE_EPITHET


def test_the_ranker_decides_untagged_lines_and_the_rules_choice_is_kept() -> None:
    story = fabula.read(b"Wen Lao and Priya Nair waited at the gate.\n\n"
                        b'"They are late," said Wen.\n\n'
                        b'"They are always late," said Priya.\n\n'
                        b'"Not like this."\n')
    lines = _lines(story)
    assert lines["They are late"].sieve == "explicit_tag"  # a named tag is never overruled
    q = lines["Not like this"]
    assert (q.sieve, q.rule_sieve) == ("ranker", "turn_taking")
    assert q.speaker == _id(story, "Wen")
    assert "sieve" not in q.to_dict() and "rule_sieve" not in q.to_dict()  # not part of the JSON


def test_a_quoted_thought_belongs_to_its_tag_alone() -> None:
    story = fabula.read(b'Wen Lao watched the gate. Priya Nair slept.\n\n"Too late," thought Wen.\n\n'
                        b'"Wake up," said Wen.\n')
    thought = next(q for q in story.quotes if q.kind == "thought")
    assert (thought.speaker, thought.sieve) == (_id(story, "Wen"), "explicit_tag")


def test_the_ranker_features_come_in_the_order_its_weights_are_trained_in() -> None:
    from fabula.characters.attribution.ranker import FEATURES, Evidence, feature_map, features

    ev = Evidence(tag_name=1, history=[1, 0], ongoing=True)
    assert list(feature_map(ev, 1, "she", 0.25)) == FEATURES
    named = feature_map(ev, 1, "she", 0.25)
    assert features(ev, 1, "she", 0.25) == [named[f] for f in FEATURES]
    assert named["tag_name"] == 1.0 and named["last_speaker_ongoing"] == 1.0 and named["salience"] == 0.25


def test_a_pronoun_tag_in_its_paragraph_passes_over_a_name_only_owning_something(tmp_path: Path) -> None:
    # first person, present tense; "Dad" is a declared character, named here only as the
    # owner of the car: "he" is Kasimir, who drives
    text = ("Every Sunday Kasimir Wexley drives me to the quarry in Dad's old van, and he says, "
            '"Hold your breath."\n\nI hold it until my ears ring.\n')
    cast = tmp_path / "cast.yaml"
    cast.write_text("characters:\n  - name: Kasimir Wexley\n    gender: he\n  - name: Dad\n    gender: he\n",
                    encoding="utf-8")
    story = fabula.read(text.encode(), until="speakers", cast=str(cast))
    q = _lines(story)["Hold your breath"]
    assert q.speaker == _id(story, "Kasimir")
    assert q.rule_sieve == "pronoun_tag"
    # the owner opening a clause ("Dad's van stalled, and he swore") is the one acting
    story = fabula.read(b"Kasimir Wexley waited on the step. Dad's van stalled at the gate, and he swore and said, "
                        b'"Not again."\n', until="speakers", cast=str(cast))
    assert _lines(story)["Not again"].speaker == _id(story, "Dad")


def test_a_line_naming_its_speaker_as_its_own_is_theirs() -> None:
    # present tense, a family name first; "she says" would go to Brigid, the nearest woman, who
    # has spoken under her own name: the line names Akiko as its speaker, so it is hers
    story, lines = _read_with_ranker(
        "Sato Akiko waits at the end of the pier. Brigid Doyle walks out to meet her.\n\n"
        '"You must be the new keeper," Brigid says.\n\n'
        "The wind takes the words. Brigid pulls her collar up.\n\n"
        '"Akiko," she says. "Everyone calls me Akiko."\n')
    q = lines["Everyone calls me Akiko"]
    akiko = _id(story, "Akiko")
    assert (q.speaker, q.sieve, q.attribution) == (akiko, "self_named", "explicit")
    assert q.confidence == C.SELF_NAMED
    assert lines["Akiko"].speaker == akiko
    # her name said by herself calls no one: she speaks to Brigid, not to herself
    assert q.addressees == [_id(story, "Brigid")]


def test_a_self_naming_line_leaves_a_guess_never_tagged_by_name_to_the_cast() -> None:
    # the tag gives the line to "the stranger", a voice no tag has named: whether the stranger is
    # Odile is the cast's question (a self-introduction), not this rule's
    story, lines = _read_with_ranker(
        "Odile Marchetti had been gone ten years. Tomas Kerr was mending nets when the stranger came up the beach.\n\n"
        '"Fine weather," said the stranger. "I\'m Odile Marchetti."\n')
    q = lines["I'm Odile Marchetti"]
    assert q.sieve != "self_named"
    assert q.speaker == lines["Fine weather"].speaker != _id(story, "Odile")


def test_an_epithet_tag_with_only_the_one_the_narration_follows_near_is_someone_new() -> None:
    # the only woman named near is Odile, whom the narration has gone on calling "she": "the tall
    # woman" who speaks to her is someone the story has not named yet, not Odile herself
    story, lines = _rules("Tomas Kerr read out the names. Odile Marchetti stepped up to the table.\n\n"
                          "She kept her hands still. She did not look at the examiners.\n\n"
                          '"Name?" asked the tall woman, without looking up.\n')
    q = lines["Name"]
    assert q.sieve == "unnamed_voice"
    assert q.speaker not in (_id(story, "Odile"), _id(story, "Tomas"))
    assert next(c for c in story.characters if c.id == q.speaker).unnamed


def test_a_pronoun_tag_passes_over_a_name_only_owning_something() -> None:
    # Bryony was named last, but only as the owner of a wedding mid-sentence: "she" is Odile
    story, lines = _rules("Odile Marchetti had been at the ledgers since noon. Bryony Hale was out riding.\n\n"
                          "Odile turned the page and frowned at a column that would not add up before "
                          "Bryony's wedding.\n\n"
                          '"Someone has been skimming," she said.\n')
    q = lines["Someone has been skimming"]
    assert (q.speaker, q.sieve) == (_id(story, "Odile"), "pronoun_tag")


def test_a_pronoun_on_the_next_turn_is_the_one_the_line_before_called() -> None:
    # Pavel is the man named last, but Odile's line called Tomas, who has been talking with her,
    # and on the next turn "he" is the one who answers
    story, lines = _rules("Odile Marchetti waited at the door with Tomas Kerr.\n\n"
                          '"Is it done?" Tomas asked.\n\n'
                          "Down the hall Pavel Novak was shouting at the cook.\n\n"
                          '"You will tell no one, Tomas," Odile said.\n\n'
                          '"I won\'t," he said.\n')
    q = lines["I won't"]
    assert (q.speaker, q.sieve) == (_id(story, "Tomas"), "pronoun_tag")


def test_she_said_in_a_first_person_story_is_the_woman_the_narration_described() -> None:
    # nobody names the tollkeeper, and no woman is named near: "she said" is hers, a voice of
    # her own — not the narrator's (whom "she" never means) nor the nearest name
    story, lines = _read_with_ranker(
        "I came down to the toll bridge at Harrowby an hour after dark. Dace had gone on ahead with the mules, "
        "and I was tired enough to sleep standing.\n\n"
        "The tollkeeper was leaning on her gate with a lantern. She looked me over slowly.\n\n"
        '"Two pennies," she said.\n\n"I paid at the other end," I said.\n\n'
        '"Then you paid the wrong keeper."\n\n"There was only one."\n\n'
        '"There is always one more." She held out her hand. "Two pennies."\n\n'
        "I found the coins in my coat and gave them to her. I did not argue. I wanted my supper.\n\n"
        "On the far side I found Dace asleep against a milestone. I kicked his boot.\n")
    keeper = next(c for c in story.characters if c.name == "the tollkeeper")
    assert keeper.unnamed and keeper.gender == "she"
    for words in ("Two pennies", "Then you paid the wrong keeper", "There is always one more"):
        assert lines[words].speaker == keeper.id, words
    narrator = lines["I paid at the other end"].speaker
    assert narrator != keeper.id and lines["There was only one"].speaker == narrator


def test_she_said_in_a_third_person_story_keeps_to_the_cast() -> None:
    # told in the third person, the one described is most often someone named soon after: no voice is made
    story, _lines = _read_with_ranker(
        "The tollkeeper was leaning on her gate with a lantern. She looked the traveller over slowly.\n\n"
        '"Two pennies," she said.\n\nMarra Tarrow took the lantern from her and held it up.\n\n'
        '"You know me, Dace," Marra said.\n')
    assert not any(c.name == "the tollkeeper" for c in story.characters)


def test_a_whole_name_said_by_itself_names_someone_talked_of_not_called() -> None:
    # "Ottilie Maudry," said alone, is the one Jory talks about: she is not there to answer
    text = ("Nessa and Jory sat on the harbour wall with a bag of chips between them.\n\n"
            '"Salt?" said Nessa.\n\n"Always," said Jory.\n\n'
            '"Ottilie Maudry," Jory said, with his mouth full. "The Ottilie Maudry. She won the river race '
            'three years running."\n\n"So?"\n\n'
            'Ottilie Maudry was already at the slipway when they came down, and she waved.\n\n'
            '"You again," said Ottilie.\n')
    story, lines = _rules(text)
    assert lines["So"].sieve != "vocative"
    assert lines["So"].speaker == _id(story, "Nessa")
    # shouted, the whole name calls: she answers
    story, lines = _rules(text.replace('"Ottilie Maudry," Jory said', '"Ottilie Maudry!" Jory said'))
    assert (lines["So"].speaker, lines["So"].sieve) == (_id(story, "Ottilie"), "vocative")


def test_she_said_with_only_men_near_is_given_to_no_one() -> None:
    # two men talk; a woman nobody has named or described speaks up: "she said" is never a man's
    story, lines = _read_with_ranker(
        "Corvin and Brisco Tamber had been arguing over the map since noon. Corvin jabbed at the coast. "
        "He was sure of north. Brisco folded his arms. He was sure of east.\n\n"
        '"North," said Corvin.\n\n"East," said Brisco.\n\n"North, and then east."\n\n'
        '"Boys," she said from the doorway, "the tea is cold."\n')
    men = {_id(story, "Corvin"), _id(story, "Brisco")}
    assert lines["Boys"].speaker not in men
    assert lines["East"].speaker == _id(story, "Brisco")


def _quotes(text: str, speakers: list[str]) -> list[Quote]:
    """The text's double-quoted spans as dialogue quotes, given their speakers in order."""
    import re

    spans = [m.span() for m in re.finditer(r'"[^"]*"', text)]
    return [Quote(f"q{i}", s, e, speaker=who) for i, ((s, e), who) in enumerate(zip(spans, speakers, strict=True))]


def test_an_unnamed_narrator_is_named_by_the_call_the_others_use() -> None:
    from fabula.characters.attribution.narrator import narrator_name

    # "Well" and "Now" are the text's own words: it writes them in lower case in narration
    text = ('My aunt set the bowls down hard, as well she might, for it was late now and well past now-or-never.\n\n'
            '"Sit up straight, Lettice--and Sir Oswy, your broth."\n\n'
            '"I am sitting up," I said.\n\n"Well, Lettice; you are slouching again."\n\n'
            '"Well," I said, "perhaps I slump."\n')
    quotes = _quotes(text, ["c1", "c9", "c1", "c9", "c9"])
    assert narrator_name(text, quotes, "c9", {"Aunt"}) == "Lettice"
    # a cast name whole is the narrator's (the speakers pass then gives that character the lines);
    # a part of one is ambiguous; a name the narration uses is not the "I"'s
    assert narrator_name(text, quotes, "c9", {"Lettice"}) == "Lettice"
    assert narrator_name(text, quotes, "c9", {"Lettice Marsh"}) is None
    told = text.replace("My aunt", "Lettice's aunt")
    assert narrator_name(told, _quotes(told, ["c1", "c9", "c1", "c9", "c9"]), "c9", set()) is None
    # a word the narrator calls out is the other's name, not theirs; a common word or a title is no name
    assert narrator_name(text, quotes, "c1", set()) is None
    only_words = text.replace("Lettice", "Now")
    assert narrator_name(only_words, _quotes(only_words, ["c1", "c9", "c1", "c9", "c9"]), "c9", set()) is None


def _gate_story(intro: str) -> Story:
    return fabula.read(('Mara Quist waited by the gate with her satchel. The lamps along the wall were not yet lit.\n\n'
                        f'"You there," said the gatekeeper. "{intro}, and nobody passes after dark."\n\n'
                        '"I only want to go home," Mara said.\n\n'
                        '"Then go home by the ford," said the gatekeeper.\n').encode(), until="speakers")


def test_a_voice_known_by_an_epithet_takes_the_name_it_gives_itself() -> None:
    story = _gate_story("I am Torvin Fanshawe, the keeper here")
    keeper = next(c for c in story.characters if "the gatekeeper" in c.epithets)
    assert (keeper.name, keeper.unnamed) == ("Torvin Fanshawe", False)
    assert keeper.lines == 3
    # "I am Welsh" is no name: the voice stays the gatekeeper
    story = _gate_story("I am Welsh")
    assert [c.name for c in story.characters if c.unnamed] == ["the gatekeeper"]
    # a title alone ("I am Dr. Fanshawe" read up to its stop) names no one
    story = _gate_story("I am Dr. Fanshawe")
    assert [c.name for c in story.characters if c.unnamed] == ["the gatekeeper"]


def test_an_unnamed_narrator_is_named_by_their_own_introduction() -> None:
    from fabula.characters.attribution.narrator import narrator_name

    text = ('The clerk looked up from her ledger.\n\n"The gentleman off the night coach?"\n\n'
            '"Yes," I said.\n\n"Corwin Pellow."\n')
    quotes = _quotes(text, ["c1", "c9", "c9"])
    assert narrator_name(text, quotes, "c9", {"Clerk"}) == "Corwin Pellow"
    # cried out, a bare name calls someone; said by another, it is not the narrator's
    cried = text.replace("Corwin Pellow.", "Corwin Pellow!")
    assert narrator_name(cried, _quotes(cried, ["c1", "c9", "c9"]), "c9", set()) is None
    assert narrator_name(text, _quotes(text, ["c1", "c9", "c1"]), "c9", set()) is None


def test_a_tag_that_says_the_speaker_goes_on_outweighs_the_turns() -> None:
    # "went on the old fisher": the one who spoke last goes on, though the line before called
    # Tomas by name and this one says the speaker's own name (which the ranker reads as someone
    # talked of, not speaking)
    text = ('Old Vorrel sat down heavily on the bank among the reeds. "Listen here, Tomas. I have news for you."\n\n'
            'Tomas set his basket down and stared at him.\n\n'
            '"Vorrel Dunmarch, lord of the whole marsh--that is who I am," went on the old fisher. '
            '"Do you know the marsh, lad?"\n\n'
            '"Aye, I fish it."\n\n'
            '"Then you know it is mine."\n')
    story = fabula.read(text.encode())
    who = {c.id: c.name for c in story.characters}
    lines = {story.text[q.start:q.end].strip('"').rstrip(",!?."): who.get(q.speaker or "") for q in story.quotes}
    assert lines["Vorrel Dunmarch, lord of the whole marsh--that is who I am"] == "Vorrel"
    assert lines["Do you know the marsh, lad"] == "Vorrel"
    assert lines["Aye, I fish it"] == "Tomas"


def test_a_paragraph_holding_two_voices_keeps_each_ones_own_tag() -> None:
    # one paragraph, two people: "he asked" for the first line, "she answered" for the reply;
    # the reply is not the man's because the paragraph's first tag was his
    story, lines = _read_with_ranker(
        "Brann came in from the yard with the lantern. Odile was at the table, splicing a rope across her knees.\n\n"
        '"Brann," Odile said. "You have been an age."\n\n'
        '"The ewe would not settle," Brann said.\n\n'
        'He set the lantern down. "Is there soup?" he asked, and she pushed the pot towards him. '
        '"What is left of it," she answered.\n')
    brann, odile = _id(story, "Brann"), _id(story, "Odile")
    assert lines["Is there soup"].speaker == brann
    assert lines["What is left of it"].speaker == odile


def test_i_said_inside_someone_elses_paragraph_stays_the_narrators() -> None:
    story, lines = _read_with_ranker(
        "Tomas was waiting at the landing when I came down to the river. He had the oars across his knees.\n\n"
        '"You took your time," Tomas said.\n\n"I had to find my boots," I said.\n\n'
        'Tomas stood and squinted at the sky. "Will it rain, do you think?" he asked. "Not before we cross," I said.\n')
    tomas = _id(story, "Tomas")
    narrator = lines["I had to find my boots"].speaker
    assert narrator not in (None, tomas)
    assert lines["Will it rain, do you think"].speaker == tomas
    assert lines["Not before we cross"].speaker == narrator


def test_a_call_opened_by_you_or_oh_is_a_vocative() -> None:
    # "Oh Wren," calls Wren as surely as "Wren,": she answers, not Brann who spoke two turns back
    story, lines = _rules("Idda, Wren and Brann were mending nets on the jetty.\n\n"
                          '"Pass the twine," said Idda.\n\n'
                          '"Get it yourself," said Brann.\n\n'
                          '"Oh Wren, the twine is by your foot."\n\n'
                          '"Here."\n')
    assert (lines["Here"].speaker, lines["Here"].sieve) == (_id(story, "Wren"), "vocative")
    # "You Brann!" shouted is a call too: the line is not Brann's own
    story, lines = _read_with_ranker("Idda and Brann were mending nets on the jetty.\n\n"
                                     '"Pass the twine," said Idda.\n\n'
                                     '"Get it yourself," said Brann.\n\n'
                                     '"You Brann! I asked nicely."\n')
    assert lines["You Brann! I asked nicely"].speaker != _id(story, "Brann")



def _evidence(text: str) -> tuple[Story, dict[str, Evidence]]:
    """The passage's dialogue paragraphs' evidence, by their first line's words."""
    story = fabula.read(text.encode(), until="characters")
    found: dict[str, Evidence] = {}
    attribute_story(story, use_ranker=False,
                    collect=lambda q, ev: found.__setitem__(story.text[q.start:q.end].strip('"').rstrip(",.!?"), ev))
    return story, found


def test_the_ranker_hears_who_the_next_line_calls_and_who_acted_just_before() -> None:
    # "Sorry, Tomas" answers Tomas: the line just before it is most often his. And the paragraph of
    # narration before a line says who acted last there ("Odile set the lamp down" → Odile)
    story, ev = _evidence("Tomas Kerr was at the table when Odile Marchetti came in from the yard.\n\n"
                          '"Late again, and the soup gone cold."\n\n'
                          '"Sorry, Tomas. The ford was up to the axles."\n\n'
                          "Tomas said nothing. Odile set the lamp down on the dresser and pulled off her boots.\n\n"
                          '"Is there soup?"\n')
    assert story.cast_index is not None
    tomas, odile = story.cast_index.names["Tomas"], story.cast_index.names["Odile"]
    assert ev["Late again, and the soup gone cold"].called_next == tomas
    assert ev["Sorry, Tomas. The ford was up to the axles"].called_next is None
    assert ev["Is there soup"].narrated == odile
    # "she" as the last to act is the nearest woman named before
    story, ev = _evidence("Tomas Kerr was at the table when Odile Marchetti came in from the yard.\n\n"
                          '"Late again," said Tomas.\n\n'
                          "Her boots were soaked through. She pulled them off by the stove.\n\n"
                          '"The ford was up to the axles."\n')
    assert story.cast_index is not None
    odile = story.cast_index.names["Odile"]
    assert ev["The ford was up to the axles"].narrated == odile


def test_a_title_said_alone_calls_its_only_bearer() -> None:
    # "Captain Brisa" is the story's only captain: "Aye, captain." calls her as surely as her name,
    # so the line is not hers; "Aye aye, sir." calls no one known
    story, lines = _rules("Captain Brisa and Brann Hale stood at the rail while the harbour lights went out.\n\n"
                          '"Strike the topsail," said Brisa.\n\n'
                          '"Aye, captain."\n\n'
                          '"And the jib, when the wind backs."\n')
    _story, ev = _evidence("Captain Brisa and Brann Hale stood at the rail while the harbour lights went out.\n\n"
                           '"Strike the topsail," said Brisa.\n\n'
                           '"Aye, captain."\n\n'
                           '"Aye aye, sir."\n')
    brisa = _story.cast_index.names["Brisa"] if _story.cast_index else None
    assert ev["Aye, captain"].vocative == brisa and brisa is not None
    assert ev["Strike the topsail"].called_next == brisa
    assert ev["Aye aye, sir"].vocative is None
    assert lines["Aye, captain"].speaker != _id(story, "Brisa")
