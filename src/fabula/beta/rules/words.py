"""Words (FB1xx): the slips a spell checker passes because each word is a real word."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator

from fabula.beta import lexicon
from fabula.beta.engine import Context, Finding, rule

_WORD = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?")
MIN_GAIN = math.log(30)  # the alternative must fit its neighbours 30 times better
MIN_SUPPORT = 5_000_000  # … and be common there in the pair counts


def _case(like: str, word: str) -> str:
    return word.capitalize() if like[:1].isupper() else word


@rule("FB101", "confusable-word", "words", "error",
      "a real word where its sound-alike fits the context far better",
      "Homophones and near-homophones (bear/bare, lose/loose, then/than, lying/laying) pass every spell "
      "checker. fabula compares how often each candidate appears between the same neighbours in a large "
      "English pair count, and speaks only when the other word fits 30 times better.",
      "So bare with me for a little.", "So bear with me for a little.", safe_fix=True)
def confusable(ctx: Context) -> Iterator[Finding]:
    text = ctx.text
    for s, e in ctx.prose:
        tokens = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text, s, e)]
        for i, (a, b, w) in enumerate(tokens):
            low = w.lower()
            if low not in lexicon.CONFUSABLE:
                continue
            prev = tokens[i - 1][2].lower() if i and a - tokens[i - 1][1] <= 2 else ""
            nxt = tokens[i + 1][2].lower() if i + 1 < len(tokens) and tokens[i + 1][0] - b <= 2 else ""
            best = lexicon.best_alternative(prev, low, nxt)
            if best and best[1] >= MIN_GAIN and best[2] >= MIN_SUPPORT:
                alt = _case(w, best[0])
                phrase = " ".join(x for x in (prev, best[0], nxt) if x)
                yield Finding(a, b, f"'{w}' → '{alt}' ('{phrase}' is the usual phrase)", alt)


_ITS = re.compile(r"\b(?P<w>[Ii]ts)\s+(?=(?:a|an|the|not|been|going|so|too|just|only|all|over|like|hard|true|"
                  r"okay|ok|fine|time|no|never|always|getting|about|my|your|our|been|because)\b)")
_ITS_OWN = re.compile(r"\b(?:on|of|in|by|from|with|to|at|into|onto|for)\s+(?P<w>it['’]s)\s+(?=[a-z]+\b)")
_YOUR = re.compile(r"\b(?P<w>[Yy]our)\s+(?=(?:a|an|the|not|going|being|doing|so|too|very|welcome|right|wrong|sure|"
                   r"kidding|joking|such|gonna|always|never|just|really|still|already|coming|leaving|lying|"
                   r"trying|making|getting|telling|talking)\b)")
_YOURE_OWN = re.compile(r"\b(?P<w>[Yy]ou['’]re)\s+(?=(?:own|mother|father|mom|dad|brother|sister|friend|life|fault|"
                        r"name|turn|way|face|hand|hands|eyes|hair|room|house|car|job)\b)")
_THEIR = re.compile(r"\b(?P<w>[Tt]heir)\s+(?=(?:is|are|was|were|be|been|isn't|aren't|wasn't|weren't)\b)")
_THEYRE = re.compile(r"\b(?P<w>[Tt]here|[Tt]heir)\s+(?=(?:going|not|gonna|coming|leaving|trying|always|never|"
                     r"so|too|very|really|just|still)\s+(?:to|going|gonna|be|here|there|coming|back|[a-z]+ing)\b)")
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
        yield Finding(m.start("w"), m.end("w"), f"'{x}' twice", x)


_APOS_PLURAL = re.compile(r"\b(?:two|three|four|five|six|seven|eight|nine|ten|many|several|few|some|those|these|"
                          r"all|both|my|his|her|their|our|your|the|black|red|white|new|old|high)\s+"
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
        if counts[w] > 2 or w in ctx.names or lexicon.known(w):
            continue
        if w.endswith(("s", "ed", "ing", "ly", "er", "est")) and any(
                lexicon.known(w[: -len(suf)]) or lexicon.known(w[: -len(suf)] + "e")
                for suf in ("s", "es", "ed", "d", "ing", "ly", "er", "est") if w.endswith(suf)):
            continue  # an inflection of a known word
        fix = lexicon.correction(w)
        if fix and lexicon.words().get(fix, 0) >= 100_000 and fix[0] == w[0] and not _variant(w, fix):
            yield Finding(m.start(), m.end(), f"'{w}' → '{fix}'?", fix)
