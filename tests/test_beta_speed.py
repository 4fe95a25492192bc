"""The beta read's shortcuts find exactly what the plain way finds: a pattern tried only near its
anchor (Context.finditer_near), windows looked up by word, spelling asked once per distinct word."""

from __future__ import annotations

import random
import types

from fabula.beta import classic, confusion
from fabula.beta.engine import Context, finditer_near
from fabula.beta.rules import words

_PIECES = ["was", "passed", "PASSED", "midnight", "the hour", "it's", "half", "bypassed", "12:30", "free", "reign",
           "Reigned", "reigning", "in", "France", "the", "took", "let go of", "her", "himself", "to", "lay", "laid",
           "laying", "down", "back", "on", "couldn't", "I'll", "please", "play", "delay", "layer", ".", ",", "—", "(",
           "was passed midnight", "took the reigns", "let go of the reigns", "free reign", "reigned in",
           "to lay down on", "couldn't lay back.", "laying down and", "lays back on", "I'll lay down.",
           "almost passed the hour", "held her reigns", "reign himself in", "than", "Than", "then", "THEN", "more",
           "rather", "taller", "bigger", "sooner", "and", ";", "“", "3rd", "thence", "more of the sea then of",
           "rather walk then drive", "and than we", ", than", "else", "further", "its", "Its", "it's", "it’s", "bits",
           "your", "Your", "you're", "They’re", "they're", "their", "There", "therefore", "who's", "Whose", "laying",
           "own", "a", "not", "been", "going", "is", "car", "had", "there", "awake", "of", "my", "mom", "trying",
           "gonna", "so", "its own way", "on it's own", "your going to win", "they're house was", "who's dog had",
           "there going to", "Their not going to", "their is", "you're car is", "laying on the"]
_GAPS = [" ", "  ", "\n", "\n\n", "", " \t ", "\u2003"]
_NEAR = [(classic._COMPARATIVE_THEN, classic._THEN_ANCHOR, 8),  # and words' table holds passed, reign and lay
         *((pattern, anchor, n) for pattern, (anchor, n) in words._ANCHORS.items())]


def _random_context(rng: random.Random) -> Context:
    text = "".join(rng.choice(_PIECES) + rng.choice(_GAPS) for _ in range(rng.randint(1, 50)))
    spans, pos = [], 0
    while pos < len(text):
        a = rng.randint(pos, len(text))
        b = rng.randint(a, len(text))
        spans.append((a, b))
        pos = b + rng.randint(0, 5)
    return Context(types.SimpleNamespace(text=text), spans)  # type: ignore[arg-type]


def test_finditer_near_finds_what_finditer_finds() -> None:
    rng = random.Random(7)
    compared = 0
    for _ in range(3000):
        ctx = _random_context(rng)
        for pattern, anchor, n in _NEAR:
            plain = [(m.span(), m.groupdict()) for m in ctx.finditer(pattern)]
            near = [(m.span(), m.groupdict()) for m in ctx.finditer_near(pattern, anchor, n)]
            assert near == plain, (ctx.text, ctx.prose)
            compared += len(plain)
    assert compared > 1000  # the random texts hold many matches, not only misses


def test_than_found_near_as_in_the_whole_span() -> None:
    """The than/then pattern reads each span alone ("^" is the span's start)."""
    rng = random.Random(11)
    compared = 0
    for _ in range(3000):
        text = _random_context(rng).text
        plain = [(m.span(), m.groupdict()) for m in classic._THAN.finditer(text)]
        near = [(m.span(), m.groupdict()) for m in finditer_near(classic._THAN, classic._THAN_ANCHOR, 1, text,
                                                                 [(0, len(text))])]
        assert near == plain, text
        compared += len(plain)
    assert compared > 1000


def test_windows_by_word_and_by_test_agree() -> None:
    rng = random.Random(3)
    for _ in range(300):
        ctx = _random_context(rng)
        spans = ctx.prose
        by_test = list(confusion.windows(ctx.text, spans, lambda w: w in ("reign", "lay", "the")))
        by_word = list(confusion.windows(ctx.text, spans, ("the", "lay", "reign", "the")))
        plain = []
        for s, e in spans:  # every word in order, as the windows are documented
            tk = confusion._Tokens(ctx.text, s, e)
            found = [(m.start(), m.end(), m.group(0)) for m in confusion._TOKEN.finditer(ctx.text, s, e)]
            assert [tk.tok(k) for k in range(len(tk.words))] == found
            assert tk.lows == [w.lower().replace("’", "'") for _a, _b, w in found]
            for i, low in enumerate(tk.lows):
                if low in ("reign", "lay", "the"):
                    win, at = tk.window(i)
                    plain.append((*tk.tok(i), win, at))
        assert by_test == by_word == plain


def test_a_check_leaves_the_collector_as_it_found_it() -> None:
    """The beta read freezes the objects that exist while it runs (to spare full collections) and
    hands them back when it is done."""
    import gc

    import fabula

    assert gc.get_freeze_count() == 0
    threshold = gc.get_threshold()
    story = fabula.read("Chapter 1\n\nShe would definately come back untill dawn. Its not what you think.\n", beta=True)
    assert {d.code for d in story.diagnostics} >= {"FB109", "FB102"}
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == threshold
