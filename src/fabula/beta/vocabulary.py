"""The story's own words: what a spelling rule must never call a mistake, computed once per check.

A fic's characters, places and fandom terms are in no dictionary. What protects them:
- the characters fabula found (names, aliases, epithets) and the work's own declared tags,
  characters, relationships and fandoms, word by word ("Hogsmeade" in a tag, "Ravenclaw" in a name);
- any word the story writes with a capital inside a sentence (a proper noun), in any case (a
  listed common misspelling only where it does so twice: "on Wensday" once is a slip);
- a lower-case word the story repeats (three times or more): an invented word ("chakra", "muggle"),
  not a slip — slips are made once or twice. The common-misspellings list is not so protected.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from fabula.beta import spelling
from fabula.beta.engine import Context

WORD = re.compile(r"(?<![\w'’-])[A-Za-z]+(?:['’][A-Za-z]+)*(?![\w-])")
_SPLIT = re.compile(r"[A-Za-z]+")
REPEATS = 3  # a lower-case word used this often is the story's own
# "to-day", "to-morrow", "to-night": hyphenated until about the 1930s (Fowler's Modern English Usage
# notes the change) and never since. A story that writes them so is in the spelling of its period,
# whose forms ("shew", "secresy", "expence") a modern dictionary and a list of modern slips do not know
_PERIOD = re.compile(r"\b[Tt]o-(?:day|morrow|night)\b")
PERIOD_MARKS = 2


@dataclass
class Vocabulary:
    lower: Counter[str] = field(default_factory=Counter)  # every word, lower-cased
    protected: set[str] = field(default_factory=set)  # lower-cased: never a misspelling
    work_words: set[str] = field(default_factory=set)  # lower-cased words of the work's tags and names
    variety: str | None = None  # "US", "GB" or None (undecided)
    period: bool = False  # written in the spelling of before about 1930 ("to-day", "to-morrow")
    notes: list[tuple[int, int]] = field(default_factory=list)  # the author's notes, summary, replies

    def in_notes(self, pos: int) -> bool:
        return any(s <= pos < e for s, e in self.notes)

    def own(self, word: str) -> bool:
        """The story's own word: a name, a proper noun, a tag, or a word it repeats."""
        low = word.lower()
        return low in self.protected or self.lower[low] >= REPEATS


def of(ctx: Context) -> Vocabulary:
    """The vocabulary of ``ctx``'s story (computed on first use, then kept on the context)."""
    cached = ctx.__dict__.get("_vocabulary")
    if isinstance(cached, Vocabulary):
        return cached
    v = Vocabulary()
    text = ctx.text
    for w, starts in occurrences(ctx).items():
        v.lower[w.lower()] += len(starts)
        if w[0].isupper() and not all(_sentence_start(text, a) for a in starts):
            v.protected.add(w.lower())
    v.protected |= ctx.names
    work = ctx.story.doc.work
    for phrase in [*work.characters, *work.relationships, *work.fandoms, *work.tags, *work.authors]:
        v.work_words.update(w.lower() for w in _SPLIT.findall(phrase))
    v.protected |= v.work_words
    v.variety = spelling.variety(v.lower)
    v.period = len(_PERIOD.findall(text)) >= PERIOD_MARKS
    v.notes = [(p.start, p.end) for p in ctx.story.paratext if p.kind not in ("metadata", "credit")]
    ctx.__dict__["_vocabulary"] = v
    return v


def occurrences(ctx: Context) -> dict[str, list[int]]:
    """Each word of the prose as written (``WORD``) → where it starts, in order (computed on first
    use, then kept on the context): the spelling rules test each distinct word once, and look at
    its places only where the word itself is in doubt."""
    cached = ctx.__dict__.get("_occurrences")
    if isinstance(cached, dict):
        return cached
    at: dict[str, list[int]] = {}
    text = ctx.text
    for s, e in ctx.prose:
        for m in WORD.finditer(text, s, e):
            w = m.group(0)
            got = at.get(w)
            if got is None:
                at[w] = [m.start()]
            else:
                got.append(m.start())
    ctx.__dict__["_occurrences"] = at
    return at


def _sentence_start(text: str, pos: int) -> bool:
    """Nothing but quotes, brackets, dashes or spaces between ``pos`` and a sentence end or line start."""
    i = pos - 1
    while i >= 0 and text[i] in " \t\"'“”‘’(*_—–-":
        i -= 1
    return i < 0 or text[i] in ".!?\n:…"
