"""How the speakers pass settles the cast (fabula.characters.cast): merges and drops, and every
reference that follows them. Short original passages."""

from __future__ import annotations

import fabula
from fabula.model import Story
from fabula.render.report import report_html


def _lines(story: Story) -> dict[str, tuple[str | None, list[str]]]:
    """Each line's words → (speaker, addressees)."""
    return {story.text[q.start:q.end].strip('"').rstrip(",!?."): (q.speaker, q.addressees)
            for q in story.quotes if q.kind == "dialogue"}


def _no_dangling_references(story: Story) -> None:
    ids = {c.id for c in story.characters}
    for q in story.quotes:
        assert q.speaker is None or q.speaker in ids
        assert set(q.addressees) <= ids, (q.id, q.addressees)
        assert q.speaker not in q.addressees, q.id  # nobody answers themself
    assert {m.character for m in story.mentions} - {None} <= ids


def test_a_name_only_called_out_once_leaves_the_cast_and_its_addressees() -> None:
    # present tense; "Dov" is called out once and never speaks or is named again: the cast
    # drops him, and the line that called him is addressed to no one in the cast
    text = ('Marguerite Osei locks the bakery at nine. Her cousin Ama waits by the van with the keys.\n\n'
            '"Hurry up, Dov!" Marguerite shouts down the dark street.\n\n'
            '"Leave him," Ama says. "He always walks."\n\n'
            '"Fine," Marguerite says, and climbs in.\n\n'
            'Ama starts the engine. Marguerite watches the street until the corner takes it.\n')
    story = fabula.read(text.encode())
    assert story.cast_index is not None and "Dov" in story.cast_index.names  # found, then dropped
    names = {c.name for c in story.characters}
    assert "Dov" not in names and {"Marguerite", "Ama"} <= {n.split()[0] for n in names}
    assert _lines(story)["Hurry up, Dov"][1] == []
    _no_dangling_references(story)
    assert "<html" in report_html(story)  # its talk network looks every addressee up in the cast


def test_an_introduction_merges_the_name_into_the_speaker_and_lines_to_the_name_follow() -> None:
    text = ('A stranger sat down beside Mara Quill at the bar and pushed back her hood.\n\n'
            '"Buy me a drink?" asked the stranger.\n\n'
            '"Not until I know your name," Mara said.\n\n'
            '"Sela," said the stranger.\n\n'
            '"Good name, Sela," said Mara, and waved to the barman.\n')
    story = fabula.read(text.encode())
    stranger = next(c for c in story.characters if "the stranger" in c.aliases)
    mara = next(c for c in story.characters if c.name.startswith("Mara"))
    # one character, called by the name she gives ("Sela", not "the stranger")
    assert stranger.name == "Sela" and sum("Sela" in c.aliases for c in story.characters) == 1
    lines = _lines(story)
    assert lines["Sela"][0] == stranger.id
    # the line said to "Sela" is said to the stranger, now known to be her
    assert lines["Good name, Sela"] == (mara.id, [stranger.id])
    # ... and the answer that called her own new name is addressed to no one, not to herself
    assert lines["Sela"][1] == []
    _no_dangling_references(story)


def _read_with_cast(tmp_path, text: str, cast: str) -> Story:  # type: ignore[no-untyped-def]
    path = tmp_path / "cast.yaml"
    path.write_text(cast, encoding="utf-8")
    return fabula.read(text.encode(), cast=str(path))


def test_a_declared_cast_is_kept_whole_and_discovery_adds_the_rest(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # family-name-first names in the cast file; a barman nobody declared speaks; a declared
    # character is never named in the text at all
    text = ('Rain hammered the tin roof of the noodle bar. Sato Rin shook out her umbrella and sat.\n\n'
            '"Late again," said Kenji, not looking up from his bowl.\n\n'
            '"The trains," Rin said.\n\n'
            '"Another round?" said the barman, wiping the counter.\n\n'
            '"Two more," said Kenji.\n\n'
            'The barman set down the bowls. Rin ate in silence while the rain went on.\n\n'
            '"You know the rule," said the barman. "Cash only after midnight."\n')
    cast = ('characters:\n'
            '  - name: Sato Rin\n    aliases: [Rin]\n    gender: she\n'
            '  - name: Kenji Mori\n    aliases: [Kenji]\n    gender: he\n'
            '  - name: Hanae\n    gender: she\n')
    story = _read_with_cast(tmp_path, text, cast)
    by_name = {c.name: c for c in story.characters}
    assert {"Sato Rin", "Kenji Mori", "Hanae"} <= set(by_name)  # the declared names, Hanae unseen
    assert {"Sato Rin", "Rin"} <= set(by_name["Sato Rin"].aliases)
    barman = next(c for c in story.characters if "the barman" in c.aliases)
    lines = _lines(story)
    assert lines["The trains"][0] == by_name["Sato Rin"].id
    assert lines["Late again"][0] == by_name["Kenji Mori"].id
    assert lines["Another round"][0] == barman.id  # an undeclared speaker still counts
    _no_dangling_references(story)


def test_a_declared_character_is_never_merged_into_another(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # the stranger, declared, says her name: discovery would have merged the name into the
    # speaker; with the cast, the stranger's lines go to the declared name instead
    text = ('A stranger sat down beside Mara Quill at the bar and pushed back her hood.\n\n'
            '"Buy me a drink?" asked the stranger.\n\n'
            '"Not until I know your name," Mara said.\n\n'
            '"Sela," said the stranger.\n\n'
            '"Good name, Sela," said Mara, and waved to the barman.\n')
    story = _read_with_cast(tmp_path, text, 'characters:\n  - name: Mara Quill\n  - name: Sela\n    gender: she\n')
    by_name = {c.name: c for c in story.characters}
    assert {"Mara Quill", "Sela"} <= set(by_name)
    lines = _lines(story)
    assert lines["Sela"][0] == by_name["Sela"].id
    assert lines["Good name, Sela"] == (by_name["Mara Quill"].id, [by_name["Sela"].id])
    _no_dangling_references(story)


def test_a_line_that_calls_a_declared_character_is_not_theirs(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # someone calls for a girl who is hiding; the caller is never named. With the cast, the
    # girl is a candidate everywhere, and the lines that call her by name are still not hers
    text = ('"Odile!"\n\nNo answer.\n\n"Odile! Where has that girl gone now?"\n\nNo answer.\n\n'
            'The old woman set down her basket and peered round the dairy, then under the bench.\n\n'
            '"Odile, I can hear you breathing."\n\n'
            'A giggle came from behind the churn, and a small girl shot out past her into the yard.\n')
    story = _read_with_cast(tmp_path, text, 'characters:\n  - name: Odile\n    gender: she\n  - name: Brann\n    gender: he\n')
    odile = next(c for c in story.characters if c.name == "Odile")
    lines = _lines(story)
    for calling in ("Odile", "Odile! Where has that girl gone now", "Odile, I can hear you breathing"):
        assert lines[calling][0] != odile.id, calling
    _no_dangling_references(story)


def test_i_said_is_the_declared_narrators_own(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # first person; the cast declares the narrator, whom the others call "Emeric". The line
    # before calls Brann by name and he speaks two turns on, but "I asked" is the narrator's
    text = ('"Emeric! Emeric, come down off that loft!"\n\n'
            'I kept still in the hay, the kitten asleep on my lap.\n\n'
            'My cousin Idda climbed halfway up the ladder and smirked up at me.\n\n'
            '"She is up here with the cat, Brann."\n\n'
            'I climbed down, for I was more afraid of being fetched down by Brann.\n\n'
            '"Where did you leave the keys?" I asked.\n\n'
            '"Call me Master Brann when you ask me things," came the reply. "Over by the cart."\n\n'
            'Brann leaned on the wheel and waited, and I went and stood in front of him.\n\n'
            '"That is for making me look for you," said he, and cuffed my ear.\n')
    cast = ('characters:\n  - name: Emeric Tamsin\n    aliases: [Emeric]\n    gender: she\n'
            '  - name: Brann\n    gender: he\n  - name: Idda\n    gender: she\n')
    story = _read_with_cast(tmp_path, text, cast)
    emeric = next(c for c in story.characters if c.name == "Emeric Tamsin")
    assert _lines(story)["Where did you leave the keys"][0] == emeric.id
    _no_dangling_references(story)
