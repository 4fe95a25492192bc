"""The classic pairs decided by grammar: then/than and past/passed, where the trigram window cannot
see far enough and spaCy's parse of the sentence can.

- "than" completes a comparison: with no comparative before it in its sentence (no "-er" adjective
  or adverb as the tagger reads it, no "more", "rather", "other", "different", …), it is "then"
  ("We ate, than we slept"), where it opens a clause, ends one, or — mid-clause — stands before a
  past-tense verb of its own, as the parse reads it ("he paused than said": a comparison goes on with
  a noun, a clause or an auxiliary, never with a verb).
- "then" after a comparative in the same clause — nothing but the compared phrase between (up to
  seven words, participles allowed), no finite verb, no comma — and before what is compared is
  "than" ("more afraid of the dark then of the sea"; "rather walk then drive", where "rather" and
  "sooner" take a verb on each side); not before "and" or "or" ("it was later then and we left").
- "past" as a clause's verb — right after a subject that no other verb has, at the clause's start —
  is "passed" ("The days past slowly", "I past him in the hall"); "passed" where a time of day follows a
  form of "be" is "past" ("It was passed midnight").

Each looks only at sentences a cheap test leaves in doubt (a "than" with no comparative word before
it; a "then" a few words after one; a "past" right after a noun or pronoun the model finds likelier
as "passed"), so a novel asks the parser about a few dozen sentences.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from fabula.beta import ngrams, tagger
from fabula.beta.engine import finditer_near

# words that a "than" completes besides the tagger's comparatives (JJR, RBR)
COMPARING = {"more", "less", "rather", "other", "others", "otherwise", "else", "sooner", "fewer", "different",
             "differently", "prefer", "preferred", "prefers", "preferring", "preferable", "superior", "inferior",
             "hardly", "scarcely", "barely", "twice", "thrice", "times", "anywhere", "elsewhere", "anything",
             "nothing", "nowhere", "none", "another"}
# what stands before a "then" that opens a clause or follows a word of time ("and then", ", then", "since then")
THEN_OPENERS = {"and", "but", "or", "so", "since", "by", "until", "till", "from", "back", "just", "right", "only",
                "even", "now", "before", "after", "not"}
# … of which these never follow a comparison's first half ("and than", "since than"): only the words just
# before them are asked for a comparative ("bigger and better than")
STRONG_OPENERS = {"and", "but", "since", "until", "till"}
# … and these, words of time, ask whether a comparative before is still open or a "than" has completed it
# ("older than me back than")
TIME_OPENERS = {"back", "by", "since", "until", "till", "just", "right", "only", "and", "but"}
_WORD = re.compile(r"[A-Za-z]+")
_FINITE = ("VB", "MD")  # a tag starting so is a verb


def _lexical_comparative(words: list[str], used_up: bool = False) -> bool:
    """A word before "than" that a comparison can rest on, by spelling alone — a comparing word, or an
    "-er" word the model knows before "than" ("taller than", "sooner than") — and that no "than" since
    has completed ("older than me back than")."""
    open_ = 0
    for w in words:
        low = w.lower()
        if low == "than" and used_up:
            open_ = max(0, open_ - 1)
        elif low in COMPARING or (low.endswith("er") and len(low) > 4 and (
                not ngrams.known(low) or ngrams.logp("than", low) > -7.6)):
            open_ += 1  # "taller", "handsomer" (a form the model never saw); not "her", "never", "over"
    return open_ > 0


# "than" where a clause opens (or the span does: the pattern reads the span alone, so "^" is its start)
# or after a word; every match holds "than", one word in (engine.finditer_near)
_THAN = re.compile(r"(?:(?P<open>^|[,;:.!?…\"“”—–]\s*|\n\s*)|\b(?P<prev>[A-Za-z]+)\s+)(?P<w>[Tt]han)\b")
_THAN_ANCHOR = re.compile("[Tt]han")


def than_for_then(text: str, spans: list[tuple[int, int]]) -> Iterator[tuple[int, int, str]]:
    """(start, end, the word as written) of each "than" that opens a clause (after a stop, a comma, "and",
    "since", "back", "just" …) or ends one, with no comparison before it in its sentence (or, after "and",
    "but", "since", "until", in the three words before: "bigger and better than")."""
    found = []
    for s, e in spans:
        span = text[s:e]
        for m in finditer_near(_THAN, _THAN_ANCHOR, 1, span, [(0, len(span))]):
            a = s + m.start("w")
            s0, sentence = tagger.sentence_around(text, a)
            before = _WORD.findall(sentence[:a - s0])
            prev = (m.group("prev") or "").lower()
            end = re.match(r"\s*(?:[.!?…]|$)", text[a + 4:a + 6]) is not None
            verb_only = m.group("open") is None and prev not in THEN_OPENERS and not end
            strong = prev in STRONG_OPENERS
            if _lexical_comparative(before[-3:] if strong else before, prev in TIME_OPENERS):
                continue
            if not before and _lexical_comparative(_WORD.findall(_sentence_before(text, s0))):
                continue  # a reply that completes the last line's comparison: "More wonderful than ever?" "Than ever."
            found.append((a, a + 4, m.group("w"), verb_only))
    for (a, b, w, verb_only), _s0, tokens, k in tagger.parsed(text, found):
        if verb_only and not _past_verb_after(tokens, k):
            continue  # mid-clause after a noun or a verb: only where a past-tense verb of its own follows
        prev = tokens[k - 1].text.lower() if k else ""
        strong = prev in STRONG_OPENERS
        open_ = 0
        for t in tokens[max(0, k - 3) if strong else 0:k]:
            if t.text.lower() == "than" and prev in TIME_OPENERS:
                open_ = max(0, open_ - 1)
            elif t.tag in ("JJR", "RBR") or t.text.lower() in COMPARING:
                open_ += 1
        if not open_:
            yield a, b, w


# the verbs that may follow a comparison's "than" as its auxiliary ("than did his brother", "than was
# usual"): English's closed class of auxiliaries and modals (any grammar lists them), never a verb of its own
_AUXILIARIES = {"was", "were", "is", "are", "am", "be", "been", "had", "has", "have", "did", "does", "do", "could",
                "would", "should", "might", "must", "can", "will", "shall", "may"}


def _past_verb_after(tokens: tagger.Parse, k: int) -> bool:
    """The parse reads the word after "than" as a past-tense verb that is no auxiliary ("he paused than
    said"): a comparison goes on with a noun, a clause or an auxiliary, never with a verb of its own."""
    if k + 1 >= len(tokens):
        return False
    nxt = tokens[k + 1]
    return nxt.tag in ("VBD", "VBN") and nxt.text.lower() not in _AUXILIARIES  # "waited than pushed": VBN to the parser


def _sentence_before(text: str, start: int) -> str:
    p = start - 1
    while p > 0 and (text[p].isspace() or text[p] in "\"'“”‘’"):
        p -= 1
    return tagger.sentence_around(text, p)[1] if p > 0 else ""


_COMPARATIVE_THEN = re.compile(r"\b(?P<c>more|less|worse|rather|sooner|fewer|else|otherwise|[a-z]{2,}er)\s+(?:[a-z'’]+\s+){0,7}?"
                               r"(?P<w>then)\s+(?=[A-Za-z])", re.I)
# every match holds "then", eight words in at most (engine.finditer_near)
_THEN_ANCHOR = re.compile("then", re.I)
_VERB_EACH_SIDE = {"rather", "sooner"}
_LEADS = {"more", "less", "worse", "fewer", "rather", "sooner", "other", "else", "otherwise"}  # "anything other then that"  # "I'd rather walk then drive"


# a word that can open a comparison "than" completes: a comparative ("taller", "more"), "rather", "other",
# "else", "different", "prefer"
_COMPARISON_LEAD = re.compile(r"\b(?:more|less|worse|rather|sooner|fewer|else|otherwise|other|different(?:ly)?|"
                              r"prefer(?:s|red|ring)?|[a-z]{2,}er)\b", re.I)


def compared_before(text: str, pos: int) -> bool:
    """Something in the sentence before ``pos`` that a "than" could complete. "than" with nothing
    compared before it is no English ("If we keep this habit then nobody can stop us": the "then" of
    a condition), whatever a word-trigram model makes of "habit than nobody"."""
    start, sentence = tagger.sentence_around(text, pos)
    return bool(_COMPARISON_LEAD.search(sentence, 0, max(0, pos - start)))


def then_for_than(text: str, spans: list[tuple[int, int]]) -> Iterator[tuple[int, int, str]]:
    """(start, end, the word as written) of each "then" that completes a comparative in its clause."""
    found = []
    for s, e in spans:
        for m in finditer_near(_COMPARATIVE_THEN, _THEN_ANCHOR, 8, text, [(s, e)]):
            c = m.group("c").lower()
            if c not in _LEADS and ngrams.known(c) and ngrams.logp("than", c) < ngrams.logp("then", c) + 1.0:
                continue  # "never then", "after then": not a word "than" follows (the model's word pairs)
            if re.search(r"[,;:.!?—–()\"“”]", text[m.end("c"):m.start("w")]):
                continue  # the clause broke between: "he got older, then died"
            found.append((m.start("w"), m.end("w"), m.group("w"), m.start("c")))
    for (a, b, w, c_at), s0, tokens, k in tagger.parsed(text, found):
        if k + 1 >= len(tokens):
            continue
        c = tagger.index_at(tokens, c_at - s0)
        if c is None or c >= k:
            continue
        lead = tokens[c].text.lower()
        verbs_ok = lead in _VERB_EACH_SIDE
        if not (tokens[c].tag in ("JJR", "RBR") or lead in _LEADS):
            continue  # an "-er" word that is no comparative here ("the river then")
        between = tokens[c + 1:k]
        if between and between[-1].text.lower() in THEN_OPENERS:
            continue  # "every now and then", "and then": the time
        if any(t.tag.startswith(_FINITE) and t.tag not in ("VBG", "VBN") and not (verbs_ok and t.tag in ("VB", "VBP"))
               for t in between):
            continue  # a verb between: "more people came then"
        nxt = tokens[k + 1]
        if nxt.text.lower() == "than":
            continue  # "better off then than before"
        if nxt.tag in (",", ".", ":", "CC") or (nxt.tag.startswith(_FINITE) and not (verbs_ok and nxt.tag in ("VB", "VBP"))):
            continue  # "it grew colder then, and"; "it was later then and"; "the older boys then left"
        yield a, b, w


_SUBJECT_PRONOUNS = {"i", "he", "she", "we", "they", "who"}
_CLAUSE_OPENERS = {"as", "when", "while", "until", "till", "before", "after", "since", "and", "but", "so", "then",
                   "once", "because", "though", "although", "if", "that", "where", "whilst", "or"}
_CLOCK = {"hour", "hours", "minute", "minutes", "half", "quarter", "o'clock"}
PASSED_LIKELIER = 1.0  # the trigram model's odds (natural log) for "passed" over a written "past"


def past_for_passed(text: str, spans: list[tuple[int, int]]) -> Iterator[tuple[int, int, str]]:
    """(start, end, the word as written) of each "past" that is its clause's verb."""
    from fabula.beta import confusion

    found = []
    for a, b, w, win, i in confusion.windows(text, spans, ("past",)):
        prev = win[i - 1] if i else ""
        if prev in _SUBJECT_PRONOUNS or (i and ngrams.prefer(win, i, "passed") > PASSED_LIKELIER):
            found.append((a, b, w))
    for (a, b, w), _s0, tokens, k in tagger.parsed(text, found):
        if k == 0:
            continue
        if _verb_slot(tokens, k):
            yield a, b, w


def _verb_slot(tokens: tagger.Parse, k: int) -> bool:
    """The word at ``k`` follows its clause's subject: a subject pronoun, or a noun phrase that opens
    the clause and is no other verb's subject."""
    prev = tokens[k - 1]
    if prev.text.lower() in _CLOCK or prev.tag == "CD":
        return False  # "an hour past noon", "ten past nine"
    if prev.text.lower() in _SUBJECT_PRONOUNS and prev.tag == "PRP" or prev.text.lower() == "who":
        return True
    if prev.tag not in ("NN", "NNS", "NNP", "NNPS"):
        return False
    j = k - 1
    while j > 0 and tokens[j - 1].tag in ("DT", "JJ", "PRP$", "CD", "NN", "NNS", "NNP", "NNPS", "POS"):
        j -= 1
    opener = tokens[j - 1] if j > 0 else None
    if opener is not None and not (opener.tag in (",", ":", "``", "''", "-LRB-") or opener.text.lower() in _CLAUSE_OPENERS):
        return False  # the noun phrase is an object ("saw the house past the church")
    if any(t.tag.startswith(_FINITE) for t in tokens[k + 1:] if t.dep != "relcl") and prev.dep in ("nsubj", "nsubjpass") \
            and prev.head != k:
        return False  # "The house past the church was empty": the noun is the subject of "was"
    return True


_TIME = r"(?:midnight|noon|midday|dawn|dusk|sunset|sunrise|sundown|bedtime|curfew|one|two|three|four|five|six|" \
        r"seven|eight|nine|ten|eleven|twelve|\d{1,2}(?::\d\d)?|the\s+(?:hour|point|time|age)|caring)"
PASSED_TIME = re.compile(r"\b(?:is|was|it's|it’s|were|be|been|being|half|quarter|ten|five|twenty|well|long|just|"
                         r"way|already|now|nearly|almost|only|slightly|far)\s+(?P<w>passed)\s+" + _TIME + r"\b", re.I)
# every match holds "passed", one word in: the pattern is tried only there (Context.finditer_near)
PASSED_ANCHOR = re.compile("passed", re.I)
