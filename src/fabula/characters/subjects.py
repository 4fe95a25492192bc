"""Names NER misses, found by how the text uses them: as the subject of what people do.

``en_core_web_sm`` misses many names it has not seen, above all uncommon and foreign ones
written where a sentence starts ("Evander grabbed a halter."): a story whose second character
is only ever a sentence's subject then has no second character, and every line goes to the
first. A reader knows such a word is a name because it does what people do — it is the subject
of a verb again and again — and because it is no word of the language: the story never writes
it in lower case, and it is no common English word (unless it is a known first name).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable

#: where a subject may stand: after a sentence's end (a line break may follow it in wrapped text)
#: or a blank line, or after a conjunction that opens a clause ("and Evander swore"); a paragraph's
#: own start is tried apart (:func:`subject_uses`). Fixed-width lookbehinds behind a capital, so
#: the scan is fast. The full stop of "Mr." or of an initial ("J. Brannoch") ends no sentence:
#: "Mr. Vyse said" makes no name of "Vyse" alone (the titled name is found by its title)
_CLAUSE_START = (r"(?=[A-Z])(?:(?<=\n\n)|(?<=[.!?]\s)|(?<=[.!?]\s\s)|(?<=[.!?][\"”’]\s)"
                 + "".join(rf"|(?<=\b[{w[0]}{w[0].upper()}]{w[1:]}\s)"
                           for w in ("and", "then", "but", "when", "as", "while", "until")) + ")"
                 + r"(?<!\b[A-Z]\.\s)(?<!\bM[rs]\.\s)(?<!\bMrs\.\s)(?<!\bDr\.\s)(?<!\bSt\.\s)")
SUBJECT_PRONOUN = re.compile(r"\b(?:[Hh]e|[Ss]he|[Tt]hey|I|[Ww]e)\s+([a-z]{2,})\b")
#: a verb by its regular ending: the past ("crossed", "sighed") and the present's third person
#: ("nods", "smiles"; not "-ss", "-us", "-is": "across", "various", "this")
REGULAR_VERB = re.compile(r"[a-z]{2,}ed|[a-z]{2,}(?<![sui])s")
#: a word must be a subject this often: one use may be a sentence's opening word
MIN_USES = 2


def _subject_rx(verbs: str) -> re.Pattern[str]:
    return re.compile(rf"(?P<name>[A-Z][a-z]{{2,}})[ \t]+(?:[a-z]+ly[ \t]+)?(?P<verb>(?:{verbs})\b|[a-z]{{2,}}\b)"
                      r"(?![ \t]+[A-Z])")


def subject_uses(text: str, spans: list[tuple[int, int]], verbs: str) -> Counter[str]:
    """How often each capitalised single word is the subject of a verb, in ``spans``.

    A verb is a speech verb (``verbs``: "Iolanthe whispered"), a regular past or present tense
    ("Evander grabbed", "Ottoline nods"), or a word the same text puts after "he", "she" or
    "they" ("she sat" makes "Evander sat" a subject). What the word is, the caller decides
    (:func:`fabula.characters.names.build`: not a word the text writes in lower case, and
    :func:`uncommon_word` or a known first name).
    """
    is_verb = verb_test(text, verbs)
    at = _subject_rx(verbs)
    rx = re.compile(_CLAUSE_START + at.pattern)
    uses: Counter[str] = Counter()
    for s, e in spans:
        first = at.match(text, s, e)  # the paragraph's first word
        # (after a blank line the clause-start scan finds it too: counted once)
        rest = (m for m in rx.finditer(text, s, e) if first is None or m.start() != s)
        for m in ([first] if first else []) + list(rest):
            if is_verb(m.group("verb")):
                uses[m.group("name")] += 1
    return uses


def verb_test(text: str, verbs: str) -> Callable[[str], bool]:
    """Whether the word after a capitalised subject is a verb: a speech verb (``verbs``), a regular
    past or present tense (:data:`REGULAR_VERB`), or a word ``text`` puts after "he", "she",
    "they", "I" or "we". Names NER missed (:func:`subject_uses`) and the characters a first-person
    narration watches act (:func:`fabula.characters.attribution.narrator.narrated_subjects`) are
    both found by it."""
    after_pronoun = _after_pronoun(text)
    speech = re.compile(rf"(?:{verbs})")
    return lambda w: bool(speech.fullmatch(w) or REGULAR_VERB.fullmatch(w)) or w in after_pronoun


@functools.lru_cache(maxsize=2)
def _after_pronoun(text: str) -> frozenset[str]:
    """The words ``text`` puts after a subject pronoun (one scan of a story, asked by cast discovery
    and by the narrator's search alike)."""
    return frozenset(SUBJECT_PRONOUN.findall(text))


def uncommon_word(word: str) -> bool:
    """No common English word (symspellpy's counts, :mod:`fabula.frequency`): "Everyone
    waited" and "Silence followed" make no one of "Everyone" and "Silence"; nor a dictionary word
    with a verb's or an adverb's ending ("Beguiling", "Unembellished"), a participle opening a
    sentence."""
    from fabula.frequency import common, known

    low = word.lower()
    return not common(word) and not (low.endswith(("ing", "ed", "ly")) and known(low))
