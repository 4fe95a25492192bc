"""Style (FB5xx, information only): habits an editor would point at, never errors."""

from __future__ import annotations

import re
from collections.abc import Iterator

from fabula.beta.engine import Context, Finding, rule
from fabula.text.verbs import SPEECH_VERBS

_FILTER = re.compile(r"\b(?:she|he|they|I|we)\s+(?:felt|saw|heard|noticed|realized|realised|watched|"
                     r"wondered|seemed|could see|could hear|could feel)\b", re.I)
# the speech verbs are the one vocabulary of speech tags (data/speech_verbs.tsv)
_ADVERB_TAG = re.compile(r"['\"”’]\s+(?:she|he|they|I|we|[A-Z][a-z]+)\s+(?:" + SPEECH_VERBS + r")\s+(?P<w>[a-z]+ly)\b")
_WORDS = re.compile(r"[A-Za-z]{5,}")
LONG = 60


@rule("FB501", "filter-words", "style", "info", "a paragraph filtered through 'she felt / she saw' three times or more",
      "Filter verbs put a pane of glass between the reader and the thing felt or seen: 'she felt the cold' "
      "→ 'the cold bit'.",
      "She felt cold. She saw the sea. She heard the gulls.", "The cold bit. The sea was grey. Gulls cried.")
def filter_words(ctx: Context) -> Iterator[Finding]:
    for b in ctx.story.doc.blocks:
        hits = list(_FILTER.finditer(ctx.text, b.start, b.end))
        hits = [h for h in hits if not ctx.in_quote(h.start())]
        if len(hits) >= 3 and any(s <= b.start < e for s, e in ctx.prose):
            yield Finding(hits[0].start(), hits[-1].end(), f"{len(hits)} filter verbs in one paragraph")


@rule("FB502", "adverb-tag", "style", "info", "a speech tag leaning on an adverb",
      "'she said angrily' tells what the line should show.",
      '"Go," she said angrily.', '"Go." She slammed the door.')
def adverb_tag(ctx: Context) -> Iterator[Finding]:
    for m in ctx.finditer(_ADVERB_TAG):
        if m.group("w") not in ("only", "early", "family", "reply", "holy", "jelly"):
            yield Finding(m.start("w"), m.end("w"), f"'said {m.group('w')}': can the line show it?")


_STOP = {"there", "their", "about", "would", "could", "should", "which", "where", "these", "those", "again",
         "still", "never", "always", "before", "after", "other", "every", "because", "through", "something"}


@rule("FB503", "repeated-word", "style", "info", "the same uncommon word twice within a few words",
      "An echo ('the dark room was dark') reads as an accident.",
      "The quiet harbour was quiet at night.", "The harbour was quiet at night.")
def repeated(ctx: Context) -> Iterator[Finding]:
    for s, e in ctx.sentences():
        seen: dict[str, int] = {}
        for i, m in enumerate(_WORDS.finditer(ctx.text, s, e)):
            w = m.group(0).lower()
            if w in _STOP or w in ctx.names:
                continue
            if w in seen and i - seen[w] <= 5:
                gap = i - seen[w]
                yield Finding(m.start(), m.end(), f"'{m.group(0)}' again, {gap} word{'s' if gap != 1 else ''} after the last")
            seen[w] = i


@rule("FB504", "long-sentence", "style", "info", "a sentence over 60 words",
      "Long sentences have their place, but readers lose the thread of most of them.",
      " ".join(["word"] * 61) + ".", "Short. Then longer, with room to breathe.")
def long_sentence(ctx: Context) -> Iterator[Finding]:
    for s, e in ctx.sentences():
        if e - s < 2 * LONG + 1:
            continue  # too short to hold more than LONG words (each a character and a space at least)
        n = len(ctx.text[s:e].split())
        if n > LONG and not ctx.in_quote(s):
            yield Finding(s, e, f"{n} words in one sentence")
