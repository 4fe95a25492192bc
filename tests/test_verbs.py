"""The speech-verb vocabulary (data/speech_verbs.tsv) and the passes that read it."""

from __future__ import annotations

import re

import fabula
from fabula.text import verbs


def test_every_row_names_known_uses_and_no_form_twice() -> None:
    table = verbs._table()
    assert table, "the data file has rows"
    assert len({form for form, _ in table}) == len(table)
    for form, uses in table:
        assert uses and uses <= set(verbs.USES), form


def test_a_form_is_a_pattern_with_any_space_and_any_one_word() -> None:
    assert re.fullmatch(rf"(?:{verbs.alternation('tag')})", "went\n  on")
    assert re.fullmatch(rf"(?:{verbs.BEFORE_QUOTE})", "told Kestrel")
    assert not re.fullmatch(rf"(?:{verbs.BEFORE_QUOTE})", "told")  # "told" before a quote needs whom
    assert "said" in verbs.forms("tag") and "saying" in verbs.forms("gerund")


def _kinds(text: str) -> list[str]:
    return [q.kind for q in fabula.read(text.encode(), until="quotes").quotes]


def test_a_speech_verb_before_a_short_quote_makes_it_speech() -> None:
    # mid-sentence, a short quote is a scare quote; after "told him" it is what was said
    assert _kinds('Kestrel told him "go home" and left the pier.\n') == ["dialogue"]
    assert _kinds('Kestrel wrote "go home" and left the pier.\n') == ["scare"]


def test_muttered_to_oneself_is_speech_not_a_thought() -> None:
    assert _kinds('I muttered to myself, "Not again."\n') == ["dialogue"]
    assert _kinds('I thought to myself, "Not again."\n') == ["thought"]
