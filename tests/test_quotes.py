"""Quotes: marks paired, apostrophes told apart, kinds decided, bad balance survived."""

from __future__ import annotations

import fabula


def quotes(text: str) -> list[tuple[str, str]]:
    story = fabula.read(text.encode(), until="quotes")
    return [(story.text[q.start:q.end], q.kind) for q in story.quotes]


def test_straight_and_curly_dialogue() -> None:
    assert quotes('"Hi," she said. “Bye,” he said.\n') == [('"Hi,"', "dialogue"), ("“Bye,”", "dialogue")]


def test_apostrophes_are_not_quotes() -> None:
    text = "\"It's Jet's turn 'til noon,\" she said, eyeing the girls' coats and her stilettos' heels.\n"
    assert quotes(text) == [("\"It's Jet's turn 'til noon,\"", "dialogue")]


def test_british_single_quotes_with_nested_doubles() -> None:
    text = ("'Did he say \"never\"?' asked Emeric. 'He did,' said Tomas. 'The girls' boat is gone.'\n\n"
            "'Then we row,' she said.\n\n'Fine.'\n\n'And the twins' oars?'\n")
    got = quotes(text)
    assert got[0] == ("'Did he say \"never\"?'", "dialogue")
    assert ("'The girls' boat is gone.'", "dialogue") in got
    assert all(k == "dialogue" for _, k in got)
    assert len(got) == 6


def test_multi_paragraph_speech_runs_on() -> None:
    text = '"It began at the pier.\n\n"Then the lamp went out," she said.\n'
    story = fabula.read(text.encode(), until="quotes")
    a, b = story.quotes
    assert a.kind == b.kind == "dialogue"
    assert b.continues == a.id
    assert not a.unclosed
    assert story.warnings == []


def test_unbalanced_quote_recovers_with_a_warning() -> None:
    story = fabula.read(b'"Wait, she said, and ran.\n\nThe door shut.\n\n"Fine," he said.\n', until="quotes")
    assert [story.text[q.start:q.end] for q in story.quotes] == ['"Wait, she said, and ran.', '"Fine,"']
    assert story.quotes[0].unclosed
    assert any("not closed" in w for w in story.warnings)


def test_scare_quotes_titles_and_thoughts() -> None:
    text = ('She hated the word "dead" more than anything. They sang "Salt Song" twice.\n\n'
            '"Not again," she thought.\n\nHe kept wondering, \'Will it hold?\'\n')
    got = dict(quotes(text))
    assert got['"dead"'] == "scare"
    assert got['"Salt Song"'] == "title"
    assert got['"Not again,"'] == "thought"
    assert got["'Will it hold?'"] == "thought"


def test_said_to_herself_is_speech_thought_to_herself_is_not() -> None:
    text = ('Rosa stopped at the fork and said anxiously to herself, "Which way now?"\n\n'
            'Emeric thought to himself, "She will never find it."\n')
    got = dict(quotes(text))
    assert got['"Which way now?"'] == "dialogue"
    assert got['"She will never find it."'] == "thought"


def test_single_quoted_lyrics_between_paragraphs_are_not_dialogue() -> None:
    text = ('"Stay," he said.\n\n\'Hold the line\nkeep the light\'\n\n\'Over the water\n\nunder the stars\'\n\n'
            'She stayed.\n')
    story = fabula.read(text.encode(), until="quotes")
    assert len(story.verse) == 2
    assert [q.kind for q in story.quotes] == ["dialogue", "lyric", "lyric"]
