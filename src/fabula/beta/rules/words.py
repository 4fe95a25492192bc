"""Words (FB1xx): the slips a spell checker passes because each word is a real word."""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Iterator

from fabula.beta import classic, confusion, lexicon, ngrams, spelling, tagger, vocabulary
from fabula.beta.engine import Context, Finding, rule
from fabula.characters import names


def _case(like: str, word: str) -> str:
    """``word`` capitalised (the rest lower-cased) where ``like`` is."""
    return word.capitalize() if like[:1].isupper() else word


def _recase(like: str, word: str) -> str:
    """``word`` with its first letter upper-cased (the rest as it is) where ``like``'s is."""
    return word[:1].upper() + word[1:] if like[:1].isupper() else word


@rule("FB101", "confusable-word", "words", "error",
      "a real word where a word that sounds like it fits the context far better",
      "Homophones and near-homophones (bear/bare, lose/loose, then/than, affect/effect, peak/peek, reign/rein: "
      "two hundred sets from LanguageTool's confusion list and Wikipedia's list of misused words, and 351 "
      "one-way pairs from LanguageTool's list that never fired on the tune split's clean prose) pass every "
      "spell checker. fabula asks a trigram model of English (CMU Sphinx's, 2 million word pairs and 1.7 million "
      "triples) how much more probable the sentence is with each other member, adds the slot the grammar leaves "
      "(a verb after 'to' or 'could', a noun after 'the'), and speaks only when the other word is far likelier "
      "(or likelier, and symspellpy's pair counts agree). 'then' after a comparative that spaCy's tagger reads "
      "is 'than'.",
      "Please bare with me while I find the key.", "Please bear with me while I find the key.", safe_fix=True)
def confusable(ctx: Context) -> Iterator[Finding]:
    text = ctx.text

    def skip(a: int, w: str) -> bool:
        b = a + len(w)
        if w.lower() in ctx.names or text[a - 1:a] == "-" or text[b:b + 1] == "-":
            return True  # a name; a word inside a compound ("sun-bonnet", "forth-coming")
        return w[0].isupper() and (not vocabulary._sentence_start(text, a) or (len(w) > 1 and w.isupper()))

    done: set[int] = set()
    for a, b, w, alt, gain, slot, win, i in confusion.scored(text, ctx.prose, skip):
        score = gain + slot
        low = w.lower()
        if score <= confusion.WITH_PAIRS:
            continue
        if score <= confusion.DECIDES and not confusion.pairs_agree(win, i, low, alt):
            continue
        if low == "then" and alt == "than" and not classic.compared_before(text, a):
            continue  # nothing before it to compare: the "then" of a condition or a sequence
        fix = _case(w, alt)
        context = " ".join(x for x in [*win[:i], alt, *win[i + 1:]] if not x.startswith("<"))
        done.add(a)
        yield Finding(a, b, f"'{w}' → '{fix}' ('{context}' is far likelier)", fix)
    for a, b, w in classic.then_for_than(text, ctx.prose):
        if a not in done and not skip(a, w):
            done.add(a)
            fix = _case(w, "than")
            yield Finding(a, b, f"'{w}' → '{fix}' (after a comparative)", fix)
    for a, b, w in classic.than_for_then(text, ctx.prose):
        if a not in done and not skip(a, w):
            done.add(a)
            fix = _case(w, "then")
            yield Finding(a, b, f"'{w}' → '{fix}' (nothing before it is compared)", fix)
    for a, b, w in classic.past_for_passed(text, ctx.prose):
        if a not in done and not skip(a, w):
            done.add(a)
            fix = _case(w, "passed")
            yield Finding(a, b, f"'{w}' → '{fix}' (the verb of its clause)", fix)
    for m in _find(ctx, classic.PASSED_TIME):
        if m.start("w") not in done:
            done.add(m.start("w"))
            fix = _case(m.group("w"), "past")
            yield Finding(m.start("w"), m.end("w"), f"'{m.group('w')}' → '{fix}' (a time gone by)", fix)
    for m in _find(ctx, _REIN):
        g = next(x for x in ("w", "w2", "w3") if m.group(x))
        w = m.group(g)
        if g == "w2" and re.search(r"(?:his|her|their|its|the|a|my|your)\s+$", text[max(0, m.start(g) - 8):m.start(g)]):
            continue  # "during her reign in France": the noun
        fix = _case(w, "rein" + w[5:])
        yield Finding(m.start(g), m.end(g), f"'{w}' → '{fix}' (a horse's reins: held, let go, pulled in)", fix)


# the reins of a horse, in the idioms that keep them (Wikipedia, "List of commonly misused English words":
# rein/reign): "free rein", "rein in her temper", "took the reins"; the pair counts list none of them
_REIN = re.compile(r"\b(?:(?:free|loose|tight|short|full)\s+(?P<w>reigns?)\b|"
                   r"(?P<w2>reign(?:s|ed|ing)?)\s+(?:(?:it|him|her|them|myself|himself|herself|themselves|yourself)\s+)?in\b"
                   r"(?!\s+(?:the\s+)?[A-Z])|"
                   r"(?:took|take|takes|taking|hold|held|holding|grabbed|handed|hand|pulled|gave|give|let go of)\s+"
                   r"(?:the|her|his|their|my|your)\s+(?P<w3>reigns)\b)", re.I)


_ITS = re.compile(r"\b(?P<w>[Ii]ts)\s+(?=(?:a|an|the|not|been|going|so|too|okay|ok|alright|no|never|always|getting|"
                  r"my|your|our|because|like|just|over|gonna|really|nothing|what|about|raining|snowing)\b|"
                  # an adjective after "its" is right before its noun ("its true worth", "its late owner"): only
                  # one standing as the predicate — then a stop, "to", "that" — is "it's late."
                  r"(?:fine|late|weird|funny|hard|easy|obvious|clear|possible|impossible|true)\b(?=\s*(?:[.,;!?]|"
                  r"to\b|that\b|if\b|when\b|enough\b)))")
# 'for' is left out: "for it's late" is the conjunction
_ITS_OWN = re.compile(r"\b(?:on|of|in|by|from|with|at|into|onto)\s+(?P<w>it['’]s)\s+(?=(?:own|way|place|side|"
                      r"head|back|eyes|face|name|turn|best|edge|end|top|bottom|mouth|body|tail|wings)\b)")
# after a preposition that is never a conjunction, "it's" is "its" when a thing owned follows ("of it's
# characters"): the thing is a word the pair counts know after "its"; "all of it's gone" keeps its participle
_ITS_PREP = re.compile(r"\b(?:of|in|on|by|from|with|at|into|onto|under|over|through|across|against|toward|towards|"
                       r"within|without|behind|beneath|along|among|upon|between|about|[a-z]+ed)\s+(?P<w>it['’]s)\s+"
                       r"(?P<n>[a-z]+)\b")
_NOT_OWNED = {"a", "an", "the", "not", "been", "all", "just", "only", "so", "too", "very", "still", "true", "over",
              "gone", "done", "got", "time", "here", "there", "now", "late", "early", "no", "never", "always", "what",
              "about", "going", "fine", "okay", "ok", "alright", "worth", "like", "nothing", "something", "mine"}
_ITS_LIKELIER = math.log(20)  # the trigram model's odds for "its X" over "it's X" after a preposition


# a gerund after 'your' is usually right ("your coming here"): only "your going to" and the like are not
# a gerund after "your" is right ("your coming here", "your leaving so early"), and so is an adjective before its
# noun ("your late husband", "your right hand"): only words that cannot follow a possessive, an adjective
# standing as the predicate, and "going to" before a verb are "you're"
_YOUR = re.compile(r"\b(?P<w>[Yy]our)\s+(?=(?:a|an|the|not|so|too|very|welcome|sure|kidding|joking|"
                   r"gonna|always|never|really|still|already|such|just|probably|definitely|literally|allowed|"
                   r"okay|ok|here|there|done)\b|(?:trying|supposed|about|able|meant)\s+to\b|"
                   r"(?:late|early|lucky|crazy|insane|safe|fine)\b(?=\s*(?:[.,;!?]|to\b|that\b|now\b|about\b))|"
                   r"(?:right|wrong)\s+(?:about|that)\b)")
_YOUR_GOING = re.compile(r"\b(?P<w>[Yy]our)\s+(?:going|gonna)\s+to\s+(?P<v>[a-z]+)\b")
_YOURE_OWN = re.compile(r"\b(?P<w>[Yy]ou['’]re)\s+(?=(?:own|mother|father|mom|dad|brother|sister|friend|life|fault|"
                        r"name|turn|way|face|hand|hands|eyes|hair|room|house|car|job)\b)")
_THING_THEN_VERB = r"\s+(?P<n>[a-z]+)\s+(?:had|has|was|is|were|are|would|could|will|did|never|always|[a-z]+ed)\b"
_THEYRE_THING = re.compile(r"\b(?P<w>[Tt]hey['’]re)" + _THING_THEN_VERB)
_YOURE_THING = re.compile(r"\b(?P<w>[Yy]ou['’]re)" + _THING_THEN_VERB)
_THEIR = re.compile(r"\b(?P<w>[Tt]heir)\s+(?=(?:is|are|was|were|be|been|isn't|aren't|wasn't|weren't)\b)")
_THEYRE = re.compile(r"\b(?P<w>[Tt]here|[Tt]heir)\s+(?=(?:going|gonna|trying|supposed|about)\s+to\b|"
                     r"(?:not|always|never|really|just|still)\s+going\s+to\b)")
_OF_HAVE = re.compile(r"\b(?:could|would|should|must|might|may)(?:n['’]t)?\s+(?P<w>of)\b(?!\s+(?:course|all|them|it)\b)",
                      re.I)


def _find(ctx: Context, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """The pattern's matches in the prose: tried only near its anchor where it has one (``_ANCHORS``)."""
    near = _ANCHORS.get(pattern)
    return ctx.finditer_near(pattern, *near) if near else ctx.finditer(pattern)


def _pattern_finds(ctx: Context, pattern: re.Pattern[str], fix: str) -> Iterator[Finding]:
    for m in _find(ctx, pattern):
        w = m.group("w")
        right = _recase(w, fix)
        yield Finding(m.start("w"), m.end("w"), f"'{w}' → '{right}'", right)


@rule("FB102", "its-its", "words", "error", "its / it's mixed up",
      "'it's' is 'it is' or 'it has'; 'its' is possessive. Before 'a', 'the', 'not', 'been' only "
      "'it's' fits; after a preposition ('on it's own') only 'its'.",
      "Its not what you think.", "It's not what you think.", safe_fix=True)
def its(ctx: Context) -> Iterator[Finding]:
    yield from _pattern_finds(ctx, _ITS, "it's")
    seen = set()
    for f in _pattern_finds(ctx, _ITS_OWN, "its"):
        seen.add(f.start)
        yield f
    for m in _find(ctx, _ITS_PREP):
        nxt = m.group("n").lower()
        if m.start("w") in seen or nxt in _NOT_OWNED or nxt.endswith(("ed", "en", "ing", "ly")) \
                or lexicon.pair_count("very", nxt):
            continue
        if (lexicon.pair_count("its", nxt) > 0 and lexicon.pair_count("it's", nxt) == 0) or (
                ngrams.known(nxt) and ngrams.logp(nxt, "its") - ngrams.logp(nxt, "it's") > _ITS_LIKELIER):
            w = m.group("w")
            seen.add(m.start("w"))
            yield Finding(m.start("w"), m.end("w"), f"'{w}' → 'its' (a preposition, then something owned)", "its")
    yield from _possessive_meant(ctx, "it's", "its", seen)
    yield from _owned_after_verb(ctx, seen)
    yield from _not_owning(ctx, "its", ("it's",), seen)


@rule("FB103", "your-youre", "words", "error", "your / you're mixed up",
      "'you're' is 'you are'; 'your' is possessive. Before 'going', 'not', 'welcome', 'a' only "
      "'you're' fits; before 'own' or a family word only 'your'.",
      "Your going to be late.", "You're going to be late.", safe_fix=True)
def your(ctx: Context) -> Iterator[Finding]:
    yield from _pattern_finds(ctx, _YOUR, "you're")
    for m in _find(ctx, _YOUR_GOING):
        v = m.group("v")
        if lexicon.pair_count("the", v) <= 3 * lexicon.pair_count("to", v):  # a verb, not "your going to town"
            w = m.group("w")
            fix = _case(w, "you're")
            yield Finding(m.start("w"), m.end("w"), f"'{w}' → '{fix}'", fix)
    done = set()
    for f in _pattern_finds(ctx, _YOURE_OWN, "your"):
        done.add(f.start)
        yield f
    for f in _owned(ctx, _YOURE_THING, "your"):
        if f.start not in done:
            done.add(f.start)
            yield f
    yield from _possessive_meant(ctx, "you're", "your", done)
    yield from _not_owning(ctx, "your", ("you're",), done)


@rule("FB104", "their-there", "words", "error", "their / there / they're mixed up",
      "'there is/was' and 'they're going' are the common slips; the verb after the word decides.",
      "Their was nobody left.", "There was nobody left.", safe_fix=True)
def their(ctx: Context) -> Iterator[Finding]:
    done: set[int] = set()
    for f in [*_pattern_finds(ctx, _THEIR, "there"), *_pattern_finds(ctx, _THEYRE, "they're"),
              *_owned(ctx, _THEYRE_THING, "their")]:
        done.add(f.start)
        yield f
    for f in _possessive_meant(ctx, "they're", "their", done):
        done.add(f.start)
        yield f
    yield from _not_owning(ctx, "their", ("there", "they're"), done)
    yield from _there_owning(ctx, done)
    for a, b, w, win, i in confusion.windows(ctx.text, ctx.prose, _THERE):
        low = w.lower().replace("’", "'")
        if a in done or len(win) < 3 or (w[0].isupper() and not vocabulary._sentence_start(ctx.text, a)):
            continue
        gain, alt = max((ngrams.prefer(win, i, x), x) for x in _THERE if x != low)
        if gain > _THERE_LIKELIER:  # "they left there bikes by the gate"
            fix = _case(w, alt)
            yield Finding(a, b, f"'{w}' → '{fix}'", fix)


# "there" straight before a noun that is a subject or an object — "There car broke down", "they sold there
# house" — stands where only a possessive can: the parse reads the noun as the argument of a verb (not a time,
# "I was there years ago"), and the trigram model prefers "their" by ``_THERE_OWNS``
_THERE_OWNS = 4.0
_ARGUMENT = {"nsubj", "nsubjpass", "dobj", "pobj", "attr", "conj", "appos"}


def _there_owning(ctx: Context, done: set[int]) -> Iterator[Finding]:
    text = ctx.text
    found = []
    for a, b, w, win, i in confusion.windows(text, ctx.prose, ("there",)):
        if a in done or i + 1 >= len(win) or (w[0].isupper() and not vocabulary._sentence_start(text, a)):
            continue
        if i and win[i - 1] in ("that", "this", "them", "these", "those"):
            continue  # "that there door": a voice's demonstrative
        nxt = win[i + 1]
        if nxt.startswith("<") or ngrams.logp(nxt, "the") < ngrams.logp(nxt, "to"):
            continue  # what follows is more often a verb ("and there dine")
        g = ngrams.prefer(win, i, "their")
        if g > _THERE_OWNS:
            found.append((a, b, w))
    for (a, b, w), _s0, tokens, k in tagger.parsed(text, found):
        if k + 1 >= len(tokens):
            continue
        j = k + 1
        while j < len(tokens) and tokens[j].tag in ("JJ", "JJS", "JJR") and tokens[j].head != k:
            j += 1
        if j < len(tokens) and tokens[j].tag in ("NN", "NNS") and tokens[j].dep in _ARGUMENT:
            done.add(a)
            fix = _case(w, "their")
            yield Finding(a, b, f"'{w}' → '{fix}' (owning the {tokens[j].text})", fix)


_FUNCTION_WORDS = {"about", "with", "for", "in", "on", "at", "to", "from", "of", "by", "over", "after", "before", "into",
                   "up", "down", "out", "off", "so", "as", "and", "or", "but", "if", "when", "all", "both"}


# the trigram model was trained on speech and favours contractions: where it still prefers the possessive
# to a written "it's", "you're", "they're" or "who's", by this much (natural log), the possessive is meant
# ("you're car", "one of it's wheels"); not after "for", which may be the conjunction ("for it's cold")
_POSSESSIVE_LIKELIER = 2.5


# a possessive determiner owns the noun phrase after it: "its warm glow", "your coming here" (a gerund).
# Where the trigram model finds the contraction (or "there") likelier by ``_NOT_OWNING`` and spaCy's parse
# finds the word owning nothing — the subject of a verb ("Its been"), an object ("over their"), or before an
# adjective, a participle, a determiner that ends no noun phrase ("its warm by the fire", "your the only
# one") — the contraction is meant. A gerund after it may be owned ("their taking her home") or not ("their
# watching us"): there the model must be surer (``_NOT_OWNING_GERUND``). Fitted on the tune fics, the clean
# PDNC novels and the LitBank tune half (benchmarks/tune_pairs.py)
_NOT_OWNING = {"role": 2.0, "predicate": 3.0, "between": 3.0, "head": 3.0, "gerund": 3.0}
_NOT_OWNING_GERUND = 6.0
_NOT_IN_NOUN_PHRASE = {"DT", "PDT", "PRP", "PRP$", "MD", "VB", "VBD", "VBZ", "VBP", "IN", "TO", "WDT", "WP", "EX", "WRB"}
_ALL = {"all", "both", "each"}
_NOT_OWNED_HEAD = {"PRP", "DT", "VB", "VBD", "VBZ", "VBP", "MD", "IN", "TO", "EX"}
_NOUN_GOES_ON = {"NN", "NNS", "NNP", "NNPS", "JJ", "CC", ",", "HYPH", "VBG", "VBN", "CD", ":"}


def _owns_nothing(tokens: tagger.Parse, k: int) -> tuple[str, bool]:
    """(why the possessive at ``k`` owns nothing, or ''; whether a gerund follows it, perhaps after an
    adverb: "their not being", "your also being")."""
    t = tokens[k]
    j = k + 1
    while j < len(tokens) and tokens[j].tag in ("RB", "RBR"):
        j += 1
    gerund = j < len(tokens) and tokens[j].tag == "VBG"
    nxt = tokens[k + 1] if k + 1 < len(tokens) else None
    if nxt is None or nxt.text.lower() in _ALL or (k + 2 < len(tokens) and tokens[k + 2].text in ("-", "–")):
        return "", gerund  # "their all going"; a compound after it ("their to-morrow's task", "your up-to-date")
    if t.dep != "poss":
        return "role", gerund  # a subject ("Its been"), an object ("over their")
    h = t.head
    head = tokens[h]
    if h < k:
        return "role", gerund
    if head.tag in ("JJ", "JJR", "JJS", "VBN", "RB") and not (h + 1 < len(tokens) and tokens[h + 1].tag in _NOUN_GOES_ON):
        return "predicate", gerund  # "its warm by the fire", "your supposed to": an adjective with no noun after it
    if any(x.tag in _NOT_IN_NOUN_PHRASE for x in tokens[k + 1:h]):
        return "between", gerund  # "its a long way", "your the only one"
    if head.tag == "VBG" and (head.dep == "ROOT" or any(tokens[i].dep in ("xcomp", "aux") for i in tagger.children(tokens, h))):
        return "gerund", gerund  # "Its getting dark": a gerund is no sentence; "your going to regret"
    if head.tag in _NOT_OWNED_HEAD:
        return "head", gerund  # "Its only me"
    return "", gerund


def _not_owning(ctx: Context, word: str, alts: tuple[str, ...], done: set[int]) -> Iterator[Finding]:
    text = ctx.text
    found = []
    for a, b, w, win, i in confusion.windows(text, ctx.prose, (word,)):
        if a in done or len(win) < 2 or (w[0].isupper() and not vocabulary._sentence_start(text, a)):
            continue
        gain, alt = max((ngrams.prefer(win, i, x), x) for x in alts)
        if gain > min(_NOT_OWNING.values()):
            found.append((a, b, w, gain, alt))
    for (a, b, w, gain, alt), _s0, tokens, k in tagger.parsed(text, found):
        wrong, gerund = _owns_nothing(tokens, k)
        if wrong and gain > (_NOT_OWNING_GERUND if gerund else _NOT_OWNING[wrong]):
            fix = _case(w, alt)
            done.add(a)
            yield Finding(a, b, f"'{w}' → '{fix}' ('{w}' owns nothing here)", fix)


# "it's" straight after a verb that takes an object and no clause, before a noun: "the dog wagged it's tail",
# "the town had lost it's charm" — "it is" cannot be the object of "wagged". A verb that takes a clause
# ("said it's time", "guess it's fine") is one the trigram model often sees "that" after (above
# ``_TAKES_CLAUSE``, natural log); the parse says the word before is a verb and what follows a noun phrase
_TAKES_CLAUSE = -3.5
_ITS_VERB = re.compile(r"\b(?P<v>[a-z]+)\s+(?P<w>it['’]s)\s+(?P<n>[a-z]+)\b")
_NOUN_TAGS = {"NN", "NNS"}


def _owned_after_verb(ctx: Context, done: set[int]) -> Iterator[Finding]:
    text = ctx.text
    found = []
    for m in _find(ctx, _ITS_VERB):
        v, n = m.group("v"), m.group("n")
        a = m.start("w")
        if a in done or n in _NOT_OWNED or not ngrams.known(v) or ngrams.logp("that", v) > _TAKES_CLAUSE:
            continue
        if ngrams.known(n) and ngrams.logp(n, "its") < ngrams.logp(n, "it's"):
            continue  # the model knows the word better after "it's" ("it's gone", "it's hard")
        found.append((a, m.end("w"), m.group("w")))
    for (a, b, w), _s0, tokens, k in tagger.parsed(text, found):
        if k == 0 or k + 2 >= len(tokens) or not tokens[k - 1].tag.startswith("VB"):
            continue
        j = k + 2  # past "it" and "'s"
        while j < len(tokens) and (tokens[j].tag in ("JJ", "JJS", "VBN") or tokens[j].text.lower() == "own"):
            j += 1
        if j < len(tokens) and tokens[j].tag in _NOUN_TAGS:
            done.add(a)
            fix = _case(w, "its")
            yield Finding(a, b, f"'{w}' → '{fix}' (owning the {tokens[j].text})", fix)


def _possessive_meant(ctx: Context, contraction: str, possessive: str, done: set[int]) -> Iterator[Finding]:
    text = ctx.text
    for a, b, w, win, i in confusion.windows(text, ctx.prose, (contraction,)):
        if a in done or len(win) < 3 or (i and win[i - 1] == "for"):
            continue
        if ngrams.prefer(win, i, possessive) > _POSSESSIVE_LIKELIER:
            fix = _case(w, possessive)
            yield Finding(a, b, f"'{w}' → '{fix}' (owning what follows)", fix)


_THERE = ("their", "there", "they're")
# how much likelier (natural log) the trigram model must find the sentence with the other word; its
# and it's, your and you're, whose and who's are left to the shapes above (the model, trained on
# speech, favours the contractions)
_THERE_LIKELIER = 7.0


def _owned(ctx: Context, pattern: re.Pattern[str], fix: str) -> Iterator[Finding]:
    """"they're house was", "you're mom is": a contraction before a thing owned — a word the pair counts
    know after a possessive and never after "very" (not an adjective: "you're happy") — then a verb."""
    for m in _find(ctx, pattern):
        n = m.group("n")
        if n in _NOT_A_THING or n in _FUNCTION_WORDS or n.endswith(("ing", "ed", "ly", "en")) \
                or lexicon.pair_count("very", n):
            continue
        if not any(lexicon.pair_count(d, n) for d in ("his", "her", "the", "my", "their")):
            continue
        w = m.group("w")
        right = _case(w, fix)
        yield Finding(m.start("w"), m.end("w"), f"'{w}' → '{right}' (owning the {n})", right)


@rule("FB105", "could-of", "words", "error", "'could of' for 'could have'",
      "'could've' sounds like 'could of'; in writing it is 'could have' (or 'could've').",
      "She could of left.", "She could have left.", safe_fix=True)
def could_of(ctx: Context) -> Iterator[Finding]:
    yield from _pattern_finds(ctx, _OF_HAVE, "have")


_DOUBLE = re.compile(r"\b(?P<w>(?P<x>[A-Za-z]+)\s+(?P=x))\b", re.I)
_NEVER_STAMMERED = {"the", "a", "an", "and", "of", "was", "his", "her", "that", "in", "at", "for"}
_DOUBLE_OK = {"had", "that", "is", "do", "bye", "no", "yes", "very", "so", "ha", "la", "knock", "go", "now", "well", "oh", "there"}
# an object then a subject or a possessive: "if I left it it would", "to teach her her place"
_DOUBLE_ROLES = {"it", "her", "you", "him"}
_CLAUSE_OPENER = re.compile(r"(?:^|[.!?]\s+|\b(?:where|which|that|when|who|while|because|since|and|but|or|so|if|as|than)\s+)$",
                            re.I)


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
        if x.lower() in _DOUBLE_ROLES and not re.match(r"\s*[.,;:!?]", ctx.text[m.end("w"):m.end("w") + 3]) \
                and not _CLAUSE_OPENER.search(ctx.text[max(0, m.start() - 12):m.start()]):
            continue  # "left it it would": an object then a subject ("where it it stood" has no verb before)
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


_INTERJECTION = re.compile(r"^(?:h+m+|u+h+m*|a+h+|o+h+|e+h+|s+h+|m+h*m+|u+g+h+|a+r+g+h+|p+f+t*|t+s+k+|z+|(?:h+a+)+h*|"
                           r"(?:h+e+)+|l+o+l+|b+r+r+|g+r+r+)$")
_TRIPLE = re.compile(r"(.)\1\1")  # "sooo", "noooo": drawn out on purpose


def _words(ctx: Context, keep: Callable[[str, bool], bool]) -> list[tuple[int, int, str, bool]]:
    """(start, end, word, capitalised) for every checkable word that ``keep(word, capitalised)``
    lets through, in order — lower case, or capitalised (a sentence's opening word, or a one-off
    capital the story never repeats); never all capitals or mixed case — with a possessive's "'s"
    left off. ``keep`` is asked once per distinct word (a novel writes most words many times), so it
    must depend on the word alone."""
    out: list[tuple[int, int, str, bool]] = []
    for raw, starts in vocabulary.occurrences(ctx).items():
        w = raw
        if len(w) > 2 and w[-2] in "'’" and w[-1] == "s":
            w = w[:-2]
        if w[0].isupper():
            if not (len(w) > 1 and w[1:].islower()):
                continue
            cap = True
        elif w.islower() or "’" in w or "'" in w:
            cap = False
        else:
            continue
        if keep(w, cap):
            n = len(w)
            out += [(a, a + n, w, cap) for a in starts]
    out.sort()
    return out


def _compound(low: str) -> bool:
    """Two or three dictionary words run together ("softlanterns"): in the author's notes, a user
    name (in the story a typo splits as often: "flick ring")."""
    for i in range(3, len(low) - 2):
        head, tail = low[:i], low[i:]
        if spelling.known(head) and (spelling.known(tail) or any(
                spelling.known(tail[:j]) and spelling.known(tail[j:]) for j in range(3, len(tail) - 2))):
            return True
    return False


def _capital_ok(ctx: Context, vocab: vocabulary.Vocabulary, w: str) -> bool:
    """A capitalised word spelling can question: written once, no one's name, not a tag; at a
    sentence's start, or mid-sentence where it is one edit from a common word ("Eruope")."""
    low = w.lower()
    return not (vocab.lower[low] > 1 or low in ctx.names or low in vocab.work_words)


def _after_lower_word(text: str, pos: int) -> bool:
    """A lower-case word just before, in the same clause ("lived in Eruope"; not "North Satr", not a
    header's "12 - Favs")."""
    m = re.search(r"([A-Za-z]+)[ ]$", text[max(0, pos - 30):pos])
    return bool(m and m.group(1).islower())


_INITIAL_BEFORE = re.compile(r"(?:^|[\s(])[A-Z]\.[ ]$")  # "Marten K. |Vossberg": an initial, not a sentence's end
_CAPITAL_AFTER = re.compile(r"[ ](?!I\b)[A-Z][a-z]")  # "|Ilsabet Quorne": the next word capitalised too
_NAMED_BEFORE = re.compile(r"\b(?:named|called|nicknamed|dubbed|christened)[ ]$")  # "a dog named |Pellow"


def _in_a_name(text: str, a: int, b: int) -> bool:
    """A capitalised word inside a name of several words: after an initial ("Marten K. Vossberg"), or opening
    a sentence with a capitalised word straight after it ("Ilsabet Quorne said"); or one the text names
    something by ("a goat named Wilk"). A name the story writes
    once is no misspelling the dictionaries can judge (mid-sentence, one edit from a common word after a
    lower-case word, it is still questioned: "lived in Eruope")."""
    return bool(_INITIAL_BEFORE.search(text, max(0, a - 4), a) or _NAMED_BEFORE.search(text, max(0, a - 12), a)
                or (_CAPITAL_AFTER.match(text, b) and vocabulary._sentence_start(text, a)))


def _drawn_out(low: str) -> bool:
    """'sooo', 'noooo', 'hmmm': a sound drawn out on purpose (the word with its runs cut is a word)."""
    if not _TRIPLE.search(low):
        return False
    short = re.sub(r"(.)\1+", r"\1", low)
    double = re.sub(r"(.)\1\1+", r"\1\1", low)
    return spelling.known(short) or spelling.known(double) or bool(_INTERJECTION.match(short))


@rule("FB108", "misspelling", "words", "warning", "a word in no dictionary",
      "Hunspell's American and British dictionaries (Debian's hunspell-en-us and hunspell-en-gb) decide "
      "what is a word; the story's own vocabulary never is a misspelling: its characters, the work's tags, "
      "any word it capitalises mid-sentence more than once, and lower-case words it repeats (fandom terms). "
      "In dialogue an odd spelling is usually the character's voice, so only swapped letters are flagged there.",
      "The harbour lights were flickring.", "The harbour lights were flickering.")
def misspelling(ctx: Context) -> Iterator[Finding]:
    vocab = vocabulary.of(ctx)
    text = ctx.text

    def keep(w: str, cap: bool) -> bool:
        """What the word alone decides (its places are looked at below)."""
        low = w.lower()
        if len(w) < 2 or (len(w) == 2 and cap):
            return False  # two letters: only a lower-case pair in narration ("stands az better")
        if cap:
            if not _capital_ok(ctx, vocab, w) or names.first_name_gender(w)[1]:
                return False  # a first name the name dictionary knows is someone's, written once or not
        elif vocab.own(w):
            return False
        # the dictionaries last: a novel's own words (a third of those it writes) need no look-up
        if spelling.known(w) or (cap and spelling.known(low)):
            return False
        # dialect contractions ("c'mon"); the list's own rule (FB109); drawn-out sounds
        return not ("'" in w or "’" in w or spelling.common_misspelling(w) or _INTERJECTION.match(low)
                    or _drawn_out(low))

    for a, b, w, cap in _words(ctx, keep):
        low = w.lower()
        if len(w) == 2 and (ctx.in_quote(a) or not _between_words(text, a, b)):
            continue
        if re.match(r"\s['’]?t\b", text[b:b + 3]) or (vocab.in_notes(a) and _compound(low)):
            continue  # "hadn t": a contraction that lost its apostrophe; a user name in the notes
        fix = spelling.suggest(low, vocab.variety)
        if cap and _in_a_name(text, a, b) and not (fix and _swapped(low, fix)):
            continue  # one of a name's words ("Marten K. Vossberg"), unless two letters swapped ("Becuase Tom")
        mid = cap and not vocabulary._sentence_start(text, a)
        if mid and (not fix or not lexicon.common(fix) or not (_after_lower_word(text, a) or _swapped(low, fix))):
            continue  # a one-off proper noun ("Solveig"), unless it is one slip from a common word in a sentence
        if (ctx.in_quote(a) or vocab.period) and (not fix or not _swapped(low, fix)):
            continue  # in dialogue an odd spelling is the character's voice ("nothink"), in a story written
            # "to-day" the period's ("secresy"): swaps aside
        if fix:
            fix = _recase(w, fix)
            yield Finding(a, b, f"'{w}' is in no dictionary: '{fix}'?", fix)
        else:
            yield Finding(a, b, f"'{w}' is in no dictionary")


_VOWELS = re.compile(r"[aeiouy]+")


def _consonants(w: str) -> str:
    """The word's consonants, doubles run together: what a spelling slip keeps and a voice changes."""
    return re.sub(r"(.)\1+", r"\1", _VOWELS.sub("", w.lower().replace(" ", "")))


def _voice(ctx: Context, a: int, w: str, fix: str) -> bool:
    """A listed misspelling that is a way of speaking, not a slip: a dropped g anywhere ("nothin",
    "goin"), and in dialogue a spelling that sounds different from the word ("wery", "nothink",
    "vould": other consonants) or a short word with another vowel ("agin", "thet"). Slips that
    sound the same ("definately", "untill", "alot") are flagged in dialogue too."""
    low = w.lower()
    if low.endswith("in") and spelling.known(low + "g"):
        return True
    if not ctx.in_quote(a):
        return False
    return _consonants(low) != _consonants(fix) or (len(low) <= 4 and " " not in fix)


_WORD_BEFORE = re.compile(r"(?:^|\s)[A-Za-z]{2,}[ ]$")
_WORD_AFTER = re.compile(r"[ ][A-Za-z]{2,}(?:\s|[,.;:!?]|$)")


def _between_words(text: str, a: int, b: int) -> bool:
    """A space and a word of two letters or more on either side."""
    return bool(_WORD_BEFORE.search(text[max(0, a - 30):a]) and _WORD_AFTER.match(text, b))


def _swapped(w: str, fix: str) -> bool:
    return len(w) == len(fix) and sorted(w) == sorted(fix) and sum(x != y for x, y in zip(w, fix, strict=True)) == 2


@rule("FB109", "common-misspelling", "words", "error", "a well-known misspelling ('definately', 'untill', 'alot')",
      "Some misspellings are so common that the web is full of them, so word-frequency lists take them for words. "
      "codespell's list of common misspellings (from Wikipedia's lists, CC BY-SA) names them and their "
      "corrections; its entries that no dictionary knows are used, and those only the generous British list "
      "knows ('informations', 'knowledgable') unless a British spelling of a pair or a word the web counts "
      "hold, in narration and dialogue alike.",
      "She would definately come back untill dawn.", "She would definitely come back until dawn.", safe_fix=True)
def common_misspelling(ctx: Context) -> Iterator[Finding]:
    text = ctx.text

    def keep(w: str, cap: bool) -> bool:
        return len(w) >= 2 and w.lower() not in ctx.names and bool(spelling.common_misspelling(w))

    for a, b, w, cap in _words(ctx, keep):
        if cap and not vocabulary._sentence_start(text, a) and _proper_noun(ctx, w):
            continue
        fixes = spelling.common_misspelling(w)
        if not fixes or (len(w) == 2 and not _between_words(text, a, b)):
            continue  # two letters only between two words ("people te increase"), not in "t?te-?-t?te"
        if re.match(r"\s['’]?t\b", text[b:b + 3]):
            continue  # "couldn t": a contraction that lost its apostrophe, not "could"
        fix = _recase(w, spelling.best_fix(fixes))
        if _voice(ctx, a, w, fix) or (vocabulary.of(ctx).period and not _swapped(w.lower(), fix.lower())):
            continue  # a way of speaking; the spelling of the story's period ("expence", "develope")
        yield Finding(a, b, f"'{w}' → '{fix}'", fix)



def _proper_noun(ctx: Context, w: str) -> bool:
    """A capitalised word the story treats as a name: the cast's or the work's, or one it writes
    capitalised inside a sentence twice or more. Once is a slip as often as a name ("on Wensday",
    "Saterday night"): a listed misspelling written once is still flagged."""
    vocab = vocabulary.of(ctx)
    low = w.lower()
    if low in ctx.names or low in vocab.work_words:
        return True
    at = vocabulary.occurrences(ctx)
    starts = [a for form in (w, w + "'s", w + "’s") for a in at.get(form, ())]  # "Wensday Hall … Wensday's walls"
    return sum(1 for a in starts if not vocabulary._sentence_start(ctx.text, a)) >= 2


# "lay" takes an object; "lie" (lay, lain, lying) does not. A form of "lay" with no object — "down",
# "back" or "there" then a place or a stop — is "lie", where the form cannot be lie's own past
# ("she lay down" is right): after "to" or a modal, or as "lays"/"laying"/"laid" (a passive
# "was laid" has its object for subject and is left alone)
_PLACE = r"(?:on|in|onto|upon|beside|next|across|against|under|by|at|with|for|until|and|awake|still|flat|low|there|here|[.,;!?])"
_LAY = re.compile(rf"(?P<pre>\b(?:to|will|would|could|should|must|might|may|can|shall|please|just|don['’]t|didn['’]t|"
                  rf"won['’]t|can['’]t|couldn['’]t|wouldn['’]t|['’]ll)\s+)?(?P<w>\b(?:lay|lays|laying|laid))"
                  rf"(?P<adv>\s+(?:down|back))(?=\s*{_PLACE})", re.I)
# "laying" with no object, straight before where or how something lies ("his body laying there", "laying
# awake", "laying on the floor"): only "lying" stands so ("laying the table", "laying eggs" have objects)
_LAYING_PLACE = re.compile(r"\b(?P<w>[Ll]aying)\s+(?=(?:there|here|awake|still|flat|motionless|face\s+(?:down|up)|"
                           r"(?:on|in|across|against|under|beneath|beside|upon)\s+(?:the|a|his|her|their|my|your|its|"
                           r"our|bed)\b)\b)")
_LAY_FIX = {"lay": "lie", "lays": "lies", "laying": "lying", "laid": "lay"}
_PASSIVE = re.compile(r"\b(?:was|were|been|be|being|is|are|get|got|gets|getting)\s+$", re.I)


@rule("FB110", "lie-lay", "words", "error", "'lay' for 'lie' (to recline)",
      "'Lay' needs an object (lay the book down); to recline is 'lie' (lie, lay, lain, lying). A form of 'lay' "
      "followed by 'down' or 'back' and then a place or a full stop, after 'to' or a modal, or as 'lays', "
      "'laying', 'laid', is 'lie'. 'She lay down' (lie's own past) and 'laying out the quills' are right.",
      "She wanted to lay down on the cot. He lays back on the sand.",
      "She wanted to lie down on the cot. He lies back on the sand.", safe_fix=True)
def lie_lay(ctx: Context) -> Iterator[Finding]:
    text = ctx.text
    for m in _find(ctx, _LAYING_PLACE):
        if not ctx.in_quote(m.start("w")):
            fix = _case(m.group("w"), "lying")
            yield Finding(m.start("w"), m.end("w"), f"'{m.group('w')}' → '{fix}' (nothing is being laid)", fix)
    for m in _find(ctx, _LAY):
        w = m.group("w")
        low = w.lower()
        if low == "lay" and not m.group("pre"):
            continue  # "she lay down": the past of lie
        if low == "laid" and re.search(r"\b(?:has|have|had|having)\s+$", text[max(0, m.start("w") - 8):m.start("w")]):
            continue  # "has laid down" money, arms, the law: lie's perfect is "has lain"
        if _PASSIVE.search(text[max(0, m.start("w") - 12):m.start("w")]):
            continue  # "it was laid down in law"
        if ctx.in_quote(m.start("w")) and low == "laying":
            continue  # "laying down" in speech is how many people talk
        fix = _case(w, _LAY_FIX[low])
        yield Finding(m.start("w"), m.end("w"), f"'{w}' → '{fix}' ('{w}' needs something laid)", fix)


# "who's" is "who is/has"; "whose" owns. "who's knife had…" — a noun then a verb — is "whose"; "whose going",
# "whose the" — a participle or an article — is "who's"
_WHOS = re.compile(r"\b(?P<w>[Ww]ho['’]s)\s+(?P<n>[a-z]+)\s+(?P<v>had|has|was|is|were|are|would|could|will|did|"
                   r"never|always|[a-z]+ed)\b")
_WHOSE = re.compile(r"\b(?P<w>[Ww]hose)\s+(?=(?:a|an|the|not|never|going|gonna|coming|been|got|there|that|this|"
                    r"doing|trying|talking|asking|calling|here)\b)")
_NOT_A_THING = {"right", "welcome", "sure", "fine", "okay", "done", "late", "early", "home", "back", "here", "away",
                "been", "got", "going", "gonna", "not", "never", "always", "just", "also", "still", "really", "actually",
                "already", "best", "next", "there", "worse", "better", "first", "last", "one", "that", "this"}


@rule("FB111", "whose-whos", "words", "error", "whose / who's mixed up",
      "'Who's' is 'who is' or 'who has'; 'whose' owns something. 'A man who's knife had…' owns the knife; "
      "'whose going' is 'who's going'.",
      "She met a man who's dog was barking.", "She met a man whose dog was barking.", safe_fix=True)
def whose(ctx: Context) -> Iterator[Finding]:
    done: set[int] = set()
    for m in _find(ctx, _WHOS):
        n = m.group("n")
        if n in _NOT_A_THING or n.endswith(("ing", "ed", "ly", "en")) or not any(
                lexicon.pair_count(d, n) for d in ("his", "her", "the", "a", "my", "their")):
            continue  # "who's been", "who's coming", "who's finally": who is/has; a thing owned is a noun
        fix = _case(m.group("w"), "whose")
        done.add(m.start("w"))
        yield Finding(m.start("w"), m.end("w"), f"'{m.group('w')}' → '{fix}' (owning the {n})", fix)
    yield from _possessive_meant(ctx, "who's", "whose", done)
    yield from _pattern_finds(ctx, _WHOSE, "who's")




@rule("FB112", "real-word-slip", "words", "warning", "a real word where a word one letter away fits far better",
      "Slips that make another real word ('could barely wall across', 'the kettle on the stave') pass any spell "
      "checker. Where the trigram model finds the written word unexpected, fabula asks whether a common "
      "dictionary word one letter away makes the sentence far likelier (CMU Sphinx's model, half of the "
      "neighbour's extra commonness taken back). A rare word the model never saw ('tickets so cheep') is asked "
      "instead how strongly the words either side expect a common neighbour of it. A warning: a phrase the model "
      "never saw can look like a slip.",
      "The old dog could barely wall across the yard.", "The old dog could barely walk across the yard.")
def real_word_slip(ctx: Context) -> Iterator[Finding]:
    text = ctx.text
    vocab = vocabulary.of(ctx)
    members = confusion.sets()

    def wanted(w: str) -> bool:
        return w.isalpha() and not vocab.own(w) and spelling.known(w)

    def spoken_or_capital(a: int, w: str) -> bool:
        return not w.islower() or ctx.in_quote(a)  # speech has its own words

    for a, b, w, win, i in confusion.windows(text, ctx.prose, wanted, spoken_or_capital):
        if len(win) < 3:
            continue  # too little around it for the model to say
        if not ngrams.known(win[i]):  # a rare word the model never saw: do its neighbours expect a common one?
            found = confusion.unseen_slip(win, i, win[i])
            if found is None or found[1] < confusion.UNSEEN_SLIP:
                continue
        else:
            found = confusion.slip(win, i, w, others=members.get(win[i], ()))
            if found is None:
                continue
            verdict = confusion.slip_verdict(win, i, found)
            if verdict < confusion.REAL_WORD and not (  # the lower bar only where the model sees both sides
                    verdict >= confusion.REAL_WORD_ONE_OFF and i + 1 < len(win) and _one_off(ctx, win[i], found[0])):
                continue
        phrase = " ".join(x for x in [*win[:i], found[0], *win[i + 1:]] if not x.startswith("<"))
        yield Finding(a, b, f"'{w}' → '{found[0]}'? ('{phrase}' is far likelier)", found[0])


@functools.lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    """spaCy's English function words (imported on first use: the module loads spaCy's language data)."""
    try:
        from spacy.lang.en.stop_words import STOP_WORDS
    except ImportError:  # no spaCy: the commonest function words stand in
        return frozenset({"a", "an", "and", "as", "at", "be", "but", "by", "for", "if", "in", "is", "it", "of",
                          "on", "or", "so", "the", "to", "up", "was", "we"})
    return frozenset(STOP_WORDS)


def _one_off(ctx: Context, low: str, fix: str) -> bool:
    """``low`` is written once in the text, in no other form of it, and ``fix`` is not just its other number
    or form (``confusion.REAL_WORD_ONE_OFF``)."""
    if confusion.other_number(low, fix) or confusion._inflection(low, fix) or low in _stop_words():
        return False  # a function word ("if", "as") is no writer's choice to repeat: once says nothing
    families = ctx.__dict__.get("_word_families")
    if not isinstance(families, dict):
        families = {}
        for w, n in vocabulary.of(ctx).lower.items():
            k = confusion.family_key(w)
            families[k] = families.get(k, 0) + n
        ctx.__dict__["_word_families"] = families
    return bool(families.get(confusion.family_key(low), 0) <= 1)


# "a" or "an" and the word after it; not the letter itself ("Plan A", "vitamin A", "a, b and c")
_A_AN = re.compile(r"(?<![A-Za-z])\b(?P<w>[Aa]n?)\s+(?P<n>[A-Za-z][a-z]*)\b(?![’'-]\w)")
_A_AN_AFTER = re.compile(r"(?:[.!?\"“”‘’'(—–-]|\n|^)\s*$|\b(?!(?:letter|vitamin|plan|grade|type|class|section|part|row|"
                         r"exhibit|option|point|column|size|group|team|the|an?)\s)[a-z]+\s+$")


@rule("FB113", "a-an", "words", "error", "'a' before a vowel sound or 'an' before a consonant sound",
      "'An' goes before a vowel sound and 'a' before a consonant sound — the sound, not the letter: 'an hour', "
      "'a university', 'a one-off'. The CMU Pronouncing Dictionary (shipped with pocketsphinx) says how each "
      "word begins; a word it knows two ways is left alone, and so are 'an' before an h some people drop "
      "('an historic') or a vowel said as a consonant ('an union', once standard), and dialogue ('a old hat').",
      "She waited for a hour and ate an pear.", "She waited for an hour and ate a pear.", safe_fix=True)
def a_an(ctx: Context) -> Iterator[Finding]:
    text = ctx.text
    for m in ctx.finditer(_A_AN):
        w, n = m.group("w"), m.group("n")
        if (n.isupper() and len(n) > 1) or (w[0] == "A" and not vocabulary._sentence_start(text, m.start("w"))):
            continue  # an acronym (said by its letters); "Plan A" mid-sentence is the letter
        if n.lower() in ctx.names or ctx.in_quote(a := m.start("w")) or not _A_AN_AFTER.search(text[max(0, a - 30):a]):
            continue  # in dialogue "a old hat" is the speaker's voice
        sound = spelling.first_sound(n)
        if w.lower() == "a" and sound == "V":
            fix = _case(w, "an")
        elif w.lower() == "an" and sound == "C" and n[0].lower() not in "aeiou":  # "an union" was good English once
            fix = _case(w, "a")
        else:
            continue
        yield Finding(m.start("w"), m.end("w"), f"'{w} {n}' → '{fix} {n}'", fix)


# Patterns every match of which holds a word they name, a few words in at most, tried only where that
# word stands (Context.finditer_near, through _find): the pattern → (that word, the most runs of
# whitespace before it in a match). Unlisted patterns are scanned at every position.
_ANCHORS: dict[re.Pattern[str], tuple[re.Pattern[str], int]] = {
    _ITS: (re.compile("[Ii]ts"), 0),
    _ITS_OWN: (re.compile("it['’]s"), 1),
    _ITS_PREP: (re.compile("it['’]s"), 1),
    _ITS_VERB: (re.compile("it['’]s"), 1),
    _YOUR: (re.compile("[Yy]our"), 0),
    _YOUR_GOING: (re.compile("[Yy]our"), 0),
    _YOURE_OWN: (re.compile("[Yy]ou['’]re"), 0),
    _YOURE_THING: (re.compile("[Yy]ou['’]re"), 0),
    _THEYRE_THING: (re.compile("[Tt]hey['’]re"), 0),
    _THEIR: (re.compile("[Tt]heir"), 0),
    _THEYRE: (re.compile("[Tt]he(?:re|ir)"), 0),
    _WHOS: (re.compile("[Ww]ho['’]s"), 0),
    _WHOSE: (re.compile("[Ww]hose"), 0),
    _LAYING_PLACE: (re.compile("[Ll]aying"), 0),
    _REIN: (re.compile("reign", re.I), 4),  # "let go of the reigns"
    _LAY: (re.compile(r"la(?:ys?|ying|id)\s+(?:down|back)", re.I), 1),  # a form of "lay", then "down" or "back"
    classic.PASSED_TIME: (classic.PASSED_ANCHOR, 1),
}
