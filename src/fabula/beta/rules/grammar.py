"""Grammar (FB2xx): a missing or extra little word, found by pattern and pair counts."""

from __future__ import annotations

import re
from collections.abc import Iterator

from fabula.beta import lexicon, spelling, tagger
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


# A modal, "to" or "did"/"does" takes a verb's base form ("can seem", "to specialise", "didn't expect");
# learners and tired writers leave the tense or the -s on it ("can swims", "may grew", "would
# decided", "didn't knew"). The past forms of English's irregular verbs that differ from their
# base (from Wikipedia's "List of English irregular verbs"; the base first, so that a fix can be given)
_IRREGULAR = {
    "became": "become", "began": "begin", "blew": "blow", "broke": "break", "brought": "bring",
    "built": "build", "bought": "buy", "caught": "catch", "chose": "choose", "came": "come", "drew": "draw",
    "drank": "drink", "drove": "drive", "ate": "eat", "fell": "fall", "felt": "feel", "fought": "fight",
    "found": "find", "flew": "fly", "forgot": "forget", "forgave": "forgive", "froze": "freeze", "got": "get",
    "gave": "give", "went": "go", "grew": "grow", "heard": "hear", "held": "hold", "kept": "keep", "knew": "know",
    "led": "lead", "left": "leave", "lent": "lend", "lost": "lose", "made": "make", "meant": "mean", "met": "meet",
    "paid": "pay", "rode": "ride", "rang": "ring", "rose": "rise", "ran": "run", "saw": "see", "sold": "sell",
    "sent": "send", "shook": "shake", "sang": "sing", "sank": "sink", "sat": "sit", "slept": "sleep",
    "spoke": "speak", "spent": "spend", "stood": "stand", "stole": "steal", "struck": "strike", "swore": "swear",
    "swam": "swim", "took": "take", "taught": "teach", "tore": "tear", "told": "tell", "thought": "think",
    "threw": "throw", "understood": "understand", "woke": "wake", "wore": "wear", "won": "win", "wrote": "write",
    "begun": "begin", "broken": "break", "chosen": "choose", "drawn": "draw", "driven": "drive",
    "eaten": "eat", "fallen": "fall", "forgotten": "forget", "given": "give", "gone": "go", "grown": "grow",
    "known": "know", "seen": "see", "spoken": "speak", "stolen": "steal", "taken": "take", "thrown": "throw",
    "written": "write",
}
# … of which these are never a base form, a noun or an adjective too ("to found", "lost to thought",
# "to fallen soldiers"): after "to" only they are sure; after a modal any past form is
_PAST_ONLY = {"became", "began", "got", "went", "came", "gave", "knew", "took", "wrote", "ate", "drove", "drank",
              "broke", "chose", "forgot", "forgave", "froze", "sang", "sank", "shook", "stole", "swore", "swam",
              "threw", "understood", "woke", "wore", "brought", "bought", "caught", "taught", "fought", "sent",
              "spent", "kept", "slept", "meant", "told", "sold", "heard", "paid", "made", "drew", "grew", "flew"}
# pasts that are another verb's base form too ("should found a school", "will fell the oak", "can saw wood"):
# never questioned
_ALSO_A_BASE = {"found", "saw", "fell", "felt"}
_BASE_TAKER = re.compile(r"(?<![-\w'’])(?P<m>can|could|will|would|shall|should|may|might|must|cannot|can['’]t|couldn['’]t|"
                         r"won['’]t|wouldn['’]t|shouldn['’]t|mustn['’]t|doesn['’]t|didn['’]t|don['’]t|to|"
                         r"(?:do|does|did)\s+not)\s+(?:not\s+)?"
                         r"(?P<v>[a-z]{3,})\b")
# forms of "be" and "have", and words ending like a verb form that are not one ("this", "across")
_NOT_A_FORM = {"was", "has", "had", "were", "does", "did", "his", "this", "its", "yes", "less", "thus", "towards",
               "afterwards", "always", "perhaps", "sometimes", "whereas", "upwards", "downwards", "backwards"}
# "the will had…", "her can was…", "a milk-can": the modal's word as a noun
_NOUN_BEFORE = re.compile(r"(?:\b(?:the|a|an|his|her|their|my|your|our|its|own|free|good|ill)\s+|-)$", re.I)


def _verb_form(v: str) -> str | None:
    """The base form ``v`` would have if it is a verb's past or -s form, else None (not a form to question)."""
    if v in _ALSO_A_BASE:
        return None
    if v in _IRREGULAR:
        return _IRREGULAR[v]
    if v in _NOT_A_FORM or v.endswith(("ss", "us", "is")):
        return None
    if v.endswith("ied"):
        return v[:-3] + "y"
    if v.endswith("ed"):
        for base in (v[:-2], v[:-1], v[:-3] if len(v) > 5 and v[-3] == v[-4] else ""):
            if base and spelling.known(base):
                return base
        return ""
    if v.endswith("ies"):
        return v[:-3] + "y"
    if v.endswith("s"):
        for base in (v[:-1], v[:-2] if v.endswith("es") else ""):
            if base and spelling.known(base):
                return base
        return ""
    return None


@rule("FB208", "verb-form", "grammar", "error", "a past or -s form where a verb's base form belongs ('can swims')",
      "After a modal ('can', 'would', 'might'), 'to' or 'didn't' a verb takes its base form: 'she can swim', 'to "
      "decide', 'he didn't know'. A past or -s form there ('can swims', 'would decided', 'didn't knew') is a slip. "
      "fabula asks only where the pair is not a common one in symspellpy's counts and spaCy's tagger reads the word "
      "as a past or -s verb straight after the modal; dialogue is a character's voice and is left alone.",
      "Tomas said the ferry can leaves at noon, and he didn't knew the way.",
      "Tomas said the ferry can leave at noon, and he didn't know the way.")
def verb_form(ctx: Context) -> Iterator[Finding]:
    text = ctx.text
    found = []
    for m in ctx.finditer(_BASE_TAKER):
        v, md = m.group("v"), m.group("m").lower()
        base = _verb_form(v)
        if base is None or ctx.in_quote(m.start()) or lexicon.pair_count(md.replace("’", "'").split()[0], v) > 0:
            continue
        if md == "to" and v not in _IRREGULAR and not base:
            continue  # after "to" (a preposition too) only a form whose verb is known
        if _NOUN_BEFORE.search(text[max(0, m.start() - 8):m.start()]):
            continue
        found.append((m.start("v"), m.end("v"), v, base))
    for (a, b, v, base), _s0, tokens, k in tagger.parsed(text, found):
        if not k or tokens[k - 1].tag not in ("MD", "RB", "TO"):
            continue  # the modal's word is a noun ("the milk can was"), or "to" a preposition before a noun
        # the tagger reads an irregular past after a modal as the base form the place wants ("can ran": VB),
        # so there the word's form decides; a regular form it must read as past or -s itself
        sure = v in _PAST_ONLY or (v in _IRREGULAR and tokens[k - 1].tag != "TO")
        if sure or tokens[k].tag in ("VBD", "VBZ", "VBN"):
            if base:
                yield Finding(a, b, f"'{v}' → '{base}' (a verb's base form belongs here)", base)
            else:
                yield Finding(a, b, f"'{v}': a verb's base form belongs here")
