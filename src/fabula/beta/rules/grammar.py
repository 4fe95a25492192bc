"""Grammar (FB2xx): a missing or extra little word, found by pattern and pair counts."""

from __future__ import annotations

import re
from collections.abc import Iterator

from fabula.beta import lexicon
from fabula.beta.engine import Context, Finding, rule

# "a wave relief": a measure word takes "a"; after "the" it is the thing itself ("the stream where")
_HEAD = re.compile(r"\b(?:a|an|one|another)\s+(?P<head>[a-z]+)\s+(?P<next>[a-z]+)\b")
_NOT_A_NOUN = {"of", "and", "or", "to", "in", "on", "at", "with", "that", "which", "as", "for", "from", "later",
               "more", "before", "after", "by", "is", "was", "were", "are", "had", "has", "ran", "went", "came", "passed",
               "through", "over", "up", "down", "into", "across", "off", "out", "back", "away", "around", "the", "a",
               "an", "his", "her", "their", "my", "your", "our", "its", "than", "too", "longer", "less", "while", "when",
               "if", "but", "so", "then", "she", "he", "they", "it", "we", "i", "you", "this", "these", "those"}


@rule("FB201", "missing-of", "grammar", "error", "a measure word without its 'of' ('a wave relief')",
      "Words that measure or name a quantity ('a rush', 'a wave', 'a pang', 'a lot') take 'of' before "
      "the thing measured; fabula asks only when the pair without 'of' is unknown to a large English pair "
      "count and the one with 'of' is common.",
      "She felt a wave relief as the door opened.", "She felt a wave of relief as the door opened.", safe_fix=True)
def missing_of(ctx: Context) -> Iterator[Finding]:
    for m in ctx.finditer(_HEAD):
        head, nxt = m.group("head"), m.group("next")
        if head not in lexicon.HEADS or nxt in _NOT_A_NOUN or nxt.endswith("ly"):
            continue
        if lexicon.pair_count(head, nxt) == 0 and lexicon.pair_count(head, "of") >= 1_000_000 and lexicon.known(nxt):
            yield Finding(m.start("head"), m.end("head"), f"'{head} {nxt}' → '{head} of {nxt}'", f"{head} of")


_EXTRA_OF = re.compile(r"\b(?P<w>of)\s+(?=(?:she|he|they|I|we|you)['’](?:d|ll|ve)\b)")


@rule("FB202", "extra-word", "grammar", "error", "an 'of' before a subject and its verb",
      "'the best idea of he'd ever had' has one word too many: a clause ('he'd ever had') "
      "follows the noun directly.",
      "It was the best idea of he'd ever had.", "It was the best idea he'd ever had.", safe_fix=True)
def extra_of(ctx: Context) -> Iterator[Finding]:
    for m in ctx.finditer(_EXTRA_OF):
        yield Finding(m.start("w"), m.end() , "'of' is one word too many here", "")


_LOWER_I = re.compile(r"(?<![\w'’.-])(?P<w>i)(?=['’](?:m|ll|d|ve)\b|\s+(?:am|was|had|have|will|would|could|can|think|"
                      r"know|said|want|need|don't|didn't|just|really)\b)")


@rule("FB203", "lowercase-i", "grammar", "error", "'i' for the pronoun 'I'",
      "The first-person pronoun is always a capital.", "Then i said no.", "Then I said no.", safe_fix=True)
def lowercase_i(ctx: Context) -> Iterator[Finding]:
    for m in ctx.finditer(_LOWER_I):
        yield Finding(m.start("w"), m.end("w"), "'i' → 'I'", "I")


_NOT_AFTER = {"would", "could", "should", "did", "does", "will", "can", "might", "must", "shall", "may", "let", "make",
              "made", "help", "see", "saw", "watch", "have", "had", "if", "as", "though", "wish", "wished", "whether"}
_PREV_WORD = re.compile(r"(\w+)\s+$")
_AGREE = re.compile(r"\b(?P<w>(?P<s>[Hh]e|[Ss]he|[Ii]t) (?P<v>don't|are|have|were not|weren't)|"
                    r"(?P<p>[Tt]hey|[Ww]e) (?P<q>was|is|has|doesn't|wasn't|isn't))\b(?! (?:to|got)\b)")
_FIX = {"don't": "doesn't", "are": "is", "have": "has", "were not": "was not", "weren't": "wasn't",
        "was": "were", "is": "are", "has": "have", "doesn't": "don't", "wasn't": "weren't", "isn't": "aren't"}


@rule("FB204", "agreement", "grammar", "error", "a subject and verb that disagree in number",
      "'she don't', 'they was': in narration (dialogue may be a character's voice) the verb follows its "
      "subject. Questions and subjunctives ('should he have', 'if she were') are left alone.",
      "Yusra looked up. She don't like the rain, and they was late.",
      "Yusra looked up. She doesn't like the rain, and they were late.", safe_fix=True)
def agreement(ctx: Context) -> Iterator[Finding]:
    for m in ctx.finditer(_AGREE):
        before = _PREV_WORD.search(ctx.text, max(0, m.start() - 20), m.start())
        if ctx.in_quote(m.start()) or (before and before.group(1).lower() in _NOT_AFTER):
            continue  # "should he have", "if she were", "let them", dialogue
        subject = m.group("s") or m.group("p")
        verb = m.group("v") or m.group("q")
        right = f"{subject} {_FIX[verb]}"
        yield Finding(m.start("w"), m.end("w"), f"'{m.group('w')}' → '{right}'", right)


_NO_OBJECT = re.compile(r"\b(?:she|he|they|I|we|[A-Z][a-z]+)\s+(?P<w>grabbed|took|placed|put|handed|lifted|carried|"
                        r"brought|set|tossed|dropped|picked up)\s+(?:and|then|before|but|as)\s+(?!(?:her|his|their|its|the|"
                        r"a|an|it|them|him|me|us|you|this|that|these|those)\b)")


@rule("FB205", "missing-object", "grammar", "warning", "a verb that needs an object, without one",
      "'She grabbed and ran' — grabbed what? Verbs of taking and placing need the thing taken; a word "
      "was probably lost in editing.",
      "She grabbed and ran for the door.", "She grabbed her coat and ran for the door.")
def missing_object(ctx: Context) -> Iterator[Finding]:
    for m in ctx.finditer(_NO_OBJECT):
        if not ctx.in_quote(m.start()):
            yield Finding(m.start("w"), m.end("w"), f"'{m.group('w')}' what? the object seems to be missing")


_NO_SUBJECT = re.compile(r"(?:(?<=[.!?]\s)|(?<=\n))(?P<w>[A-Z][a-z]+ed)\s+(?:to|into|onto|out|back|across|over|"
                         r"through|down|up)\s+(?:the|her|his|their|a|an)\s+[a-z]+\s*[.!?]")
_NOT_VERBS = {"Red", "Bed", "Seed", "Need", "Speed", "Indeed", "Ted", "Fred", "Ned", "Jed", "Hundred"}


@rule("FB206", "missing-subject", "grammar", "warning", "a sentence with a verb but no one doing it",
      "'Walked to the door.' — who walked? In narration a lost subject is usually a lost word. Fragments "
      "that open with a participle and a comma ('Exhausted, she sat') are fine and not flagged.",
      "Yusra stood up. Walked to the door.", "Yusra stood up. She walked to the door.")
def missing_subject(ctx: Context) -> Iterator[Finding]:
    for m in ctx.finditer(_NO_SUBJECT):
        w = m.group("w")
        if ctx.in_quote(m.start()) or w in _NOT_VERBS or w.lower() in ctx.names:
            continue
        yield Finding(m.start("w"), m.end("w"), f"'{w}' — who? the subject seems to be missing")


_NO_SUBJECT_CLAUSE = re.compile(r"\b(?P<wh>[Hh]ow|[Ww]hy|[Ww]here)\s+(?P<v>[a-z]{3,}ed)\s+(?=(?:it|him|her|them|me|us|you|"
                                r"the|a|an|my|his|their|our|your|its|that|this)\b)")

@rule("FB207", "missing-word", "grammar", "warning", "a small word that seems to be missing",
      "'He wondered how missed it': a 'how', 'why' or 'where' clause whose past-tense verb (a word the pair "
      "counts know after 'he' or 'I') has an object but no subject. Only this sure shape: filling small words "
      "between two common words by the pair counts was tried and raised a finding every thousand words of "
      "clean novels (the counts list only the commonest pairs, so a pair's absence says little).",
      "He wondered how missed it.", "He wondered how he missed it.")
def missing_word(ctx: Context) -> Iterator[Finding]:
    for m in ctx.finditer(_NO_SUBJECT_CLAUSE):
        if lexicon.pair_count("he", m.group("v")) or lexicon.pair_count("i", m.group("v")):
            yield Finding(m.start("wh"), m.end("v"), f"'{m.group('wh')} {m.group('v')}' — who {m.group('v')}? "
                                                     "a subject seems to be missing")
