"""Words (FB1xx): the slips a spell checker passes because each word is a real word."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator

from fabula.beta import lexicon
from fabula.beta.engine import Context, Finding, rule

_WORD = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?")
MIN_GAIN = math.log(120)  # the alternative must fit its neighbours 120 times better
MIN_GAIN_UNSEEN = math.log(30)  # … or 30 times, when the written word is never seen beside either
MIN_SUPPORT = 5_000_000  # … and be common there in the pair counts


def _case(like: str, word: str) -> str:
    return word.capitalize() if like[:1].isupper() else word


@rule("FB101", "confusable-word", "words", "error",
      "a real word where its sound-alike fits the context far better",
      "Homophones and near-homophones (bear/bare, lose/loose, then/than, lying/laying) pass every spell "
      "checker. fabula compares how often each candidate appears between the same neighbours in a large "
      "English pair count, and speaks only when the other word fits 120 times better and both neighbours agree.",
      "So bare with me for a little.", "So bear with me for a little.", safe_fix=True)
def confusable(ctx: Context) -> Iterator[Finding]:
    text = ctx.text
    for s, e in ctx.prose:
        tokens = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text, s, e)]
        for i, (a, b, w) in enumerate(tokens):
            low = w.lower()
            if low not in lexicon.CONFUSABLE:
                continue
            # neighbours only within the clause: "…at each other. Then Ottoline…" has no left neighbour
            prev = tokens[i - 1][2].lower() if i and _joined(text, tokens[i - 1][1], a) else ""
            nxt = tokens[i + 1][2].lower() if i + 1 < len(tokens) and _joined(text, b, tokens[i + 1][0]) else ""
            if not prev or not nxt:
                continue  # one neighbour is too little evidence
            best = lexicon.best_alternative(prev, low, nxt)
            if not best or best[2] < MIN_SUPPORT or not lexicon.agrees(prev, low, best[0], nxt):
                continue
            # a word never seen beside either neighbour, whose sound-alike is common there, needs less
            # (only for words rarer than ~20M in the counts: a common word's unseen pairs are just rare)
            unseen = lexicon.words().get(low, 0) < 20_000_000 and lexicon.unattested(prev, low, nxt)
            if best[1] >= MIN_GAIN or (unseen and best[1] >= MIN_GAIN_UNSEEN):
                alt = _case(w, best[0])
                yield Finding(a, b, f"'{w}' → '{alt}' ('{prev} {best[0]} {nxt}' is the usual phrase)", alt)


def _joined(text: str, end: int, start: int) -> bool:
    gap = text[end:start]
    return len(gap) <= 2 and not any(ch in gap for ch in ".,;:!?\"'”“’‘—()\n")


_ITS = re.compile(r"\b(?P<w>[Ii]ts)\s+(?=(?:a|an|the|not|been|going|so|too|okay|ok|no|never|always|getting|"
                  r"my|your|our|because)\b)")
# 'for' is left out: "for it's late" is the conjunction
_ITS_OWN = re.compile(r"\b(?:on|of|in|by|from|with|at|into|onto)\s+(?P<w>it['’]s)\s+(?=(?:own|way|place|side|"
                      r"head|back|eyes|face|name|turn|best|edge|end|top|bottom|mouth|body|tail|wings)\b)")
# a gerund after 'your' is usually right ("your coming here"): only "your going to" and the like are not
_YOUR = re.compile(r"\b(?P<w>[Yy]our)\s+(?=(?:a|an|the|not|so|too|very|welcome|right|wrong|sure|kidding|joking|"
                   r"gonna|always|never|really|still|already)\b|(?:going|trying|supposed|about)\s+to\b)")
_YOURE_OWN = re.compile(r"\b(?P<w>[Yy]ou['’]re)\s+(?=(?:own|mother|father|mom|dad|brother|sister|friend|life|fault|"
                        r"name|turn|way|face|hand|hands|eyes|hair|room|house|car|job)\b)")
_THEIR = re.compile(r"\b(?P<w>[Tt]heir)\s+(?=(?:is|are|was|were|be|been|isn't|aren't|wasn't|weren't)\b)")
_THEYRE = re.compile(r"\b(?P<w>[Tt]here|[Tt]heir)\s+(?=(?:going|gonna|trying|supposed|about)\s+to\b|"
                     r"(?:not|always|never|really|just|still)\s+going\s+to\b)")
_OF_HAVE = re.compile(r"\b(?:could|would|should|must|might|may)(?:n['’]t)?\s+(?P<w>of)\b(?!\s+(?:course|all|them|it)\b)",
                      re.I)


def _pattern_finds(ctx: Context, pattern: re.Pattern[str], fix: str) -> Iterator[Finding]:
    for m in ctx.finditer(pattern):
        w = m.group("w")
        right = fix if not w[:1].isupper() else fix[:1].upper() + fix[1:]
        yield Finding(m.start("w"), m.end("w"), f"'{w}' → '{right}'", right)


@rule("FB102", "its-its", "words", "error", "its / it's mixed up",
      "'it's' is 'it is' or 'it has'; 'its' is possessive. Before 'a', 'the', 'not', 'been' only "
      "'it's' fits; after a preposition ('on it's own') only 'its'.",
      "Its not what you think.", "It's not what you think.", safe_fix=True)
def its(ctx: Context) -> Iterator[Finding]:
    yield from _pattern_finds(ctx, _ITS, "it's")
    yield from _pattern_finds(ctx, _ITS_OWN, "its")


@rule("FB103", "your-youre", "words", "error", "your / you're mixed up",
      "'you're' is 'you are'; 'your' is possessive. Before 'going', 'not', 'welcome', 'a' only "
      "'you're' fits; before 'own' or a family word only 'your'.",
      "Your going to be late.", "You're going to be late.", safe_fix=True)
def your(ctx: Context) -> Iterator[Finding]:
    yield from _pattern_finds(ctx, _YOUR, "you're")
    yield from _pattern_finds(ctx, _YOURE_OWN, "your")


@rule("FB104", "their-there", "words", "error", "their / there / they're mixed up",
      "'there is/was' and 'they're going' are the common slips; the verb after the word decides.",
      "Their was nobody left.", "There was nobody left.", safe_fix=True)
def their(ctx: Context) -> Iterator[Finding]:
    yield from _pattern_finds(ctx, _THEIR, "there")
    yield from _pattern_finds(ctx, _THEYRE, "they're")


@rule("FB105", "could-of", "words", "error", "'could of' for 'could have'",
      "'could've' sounds like 'could of'; in writing it is 'could have' (or 'could've').",
      "She could of left.", "She could have left.", safe_fix=True)
def could_of(ctx: Context) -> Iterator[Finding]:
    yield from _pattern_finds(ctx, _OF_HAVE, "have")


_DOUBLE = re.compile(r"\b(?P<w>(?P<x>[A-Za-z]+)\s+(?P=x))\b", re.I)
_NEVER_STAMMERED = {"the", "a", "an", "and", "of", "was", "his", "her", "that", "in", "at", "for"}
_DOUBLE_OK = {"had", "that", "is", "do", "bye", "no", "yes", "very", "so", "ha", "la", "knock", "go", "now", "well", "oh"}


@rule("FB106", "doubled-word", "words", "error", "a word written twice",
      "The eye skips the second of two identical words ('the the'); readers don't.",
      "She took the the key.", "She took the key.", safe_fix=True)
def doubled(ctx: Context) -> Iterator[Finding]:
    for m in ctx.finditer(_DOUBLE):
        x = m.group("x")
        if x.lower() in _DOUBLE_OK or len(x) == 1 and x.lower() not in ("a",):
            continue
        if m.group("w").count("\n"):
            continue
        if ctx.in_quote(m.start()) and x.lower() not in _NEVER_STAMMERED:
            continue  # in dialogue a repeated pronoun or verb is usually a stammer ("we we have")
        yield Finding(m.start("w"), m.end("w"), f"'{x}' twice", x)


# a possessive after 'her' or 'the' may stand alone ("at her mother's"); after a number or 'those' it cannot
_APOS_PLURAL = re.compile(r"\b(?:two|three|four|five|six|seven|eight|nine|ten|many|several|few|some|those|these|"
                          r"both)\s+(?:[a-z]+\s+)?"
                          r"(?P<w>(?P<stem>[a-z]{3,})['’]s)(?=\s*[,.;!?]|\s+(?:and|or|were|are|on|in|that|she|he|they)\b)")


@rule("FB107", "apostrophe-plural", "words", "error", "an apostrophe in a plural",
      "Plurals take no apostrophe ('stilettos', not 'stiletto's'); the possessive needs a thing owned after it.",
      "She tried on those black stiletto's, then left.", "She tried on those black stilettos, then left.",
      safe_fix=True)
def apostrophe_plural(ctx: Context) -> Iterator[Finding]:
    for m in ctx.finditer(_APOS_PLURAL):
        stem = m.group("stem")
        if stem in ctx.names or not lexicon.known(stem):
            continue
        plural = stem + ("es" if stem.endswith(("s", "x", "ch", "sh")) else "s")
        yield Finding(m.start("w"), m.end("w"), f"'{m.group('w')}' → '{plural}' (a plural, not a possessive)", plural)


_LOWER = re.compile(r"(?<![\w'’-])[a-z]{4,}(?![\w'’-])")
# No English word is longer; candidate generation costs the square of a word's length, so a
# 100,000-letter "word" would make gigabytes of one-edit variants.
MAX_WORD = 45


def _variant(w: str, fix: str) -> bool:
    """American and British spellings of one word (rumored/rumoured, paralyzed/paralysed, whiskey/whisky)."""
    pairs = (("or", "our"), ("z", "s"), ("er", "re"), ("ey", "y"), ("l", "ll"), ("ense", "ence"), ("og", "ogue"))
    for a, b in pairs:
        for x, y in ((a, b), (b, a)):
            if x in w and w.replace(x, y) == fix:
                return True
    return False


@rule("FB108", "misspelling", "words", "warning", "a word in no dictionary, one letter from a common one",
      "Only lower-case words the story uses once or twice are checked, never the story's own names or "
      "its recurring invented words, so fandom vocabulary stays quiet.",
      "She recieved the letter.", "She received the letter.")
def misspelling(ctx: Context) -> Iterator[Finding]:
    counts: Counter[str] = Counter(m.group(0) for m in ctx.finditer(_LOWER))
    for m in ctx.finditer(_LOWER):
        w = m.group(0)
        if len(w) > MAX_WORD or counts[w] > 2 or w in ctx.names or lexicon.known(w):
            continue
        if re.match(r"\s['’]?t\b", ctx.text[m.end():m.end() + 3]):
            continue  # "hadn t": a contraction that lost its apostrophe, not a misspelt word
        if w.endswith(("s", "ed", "ing", "ly", "er", "est")) and any(
                lexicon.known(w[: -len(suf)]) or lexicon.known(w[: -len(suf)] + "e")
                for suf in ("s", "es", "ed", "d", "ing", "ly", "er", "est") if w.endswith(suf)):
            continue  # an inflection of a known word
        # in dialogue an odd spelling is usually the character's voice ("nothink", "agin"); only two
        # swapped letters, which no dialect writes, are flagged there
        fix = lexicon.typo_fix(w, swaps_only=ctx.in_quote(m.start()))
        if fix and not _variant(w, fix):
            yield Finding(m.start(), m.end(), f"'{w}' → '{fix}'?", fix)
