"""Gender from what a text calls a named person: "my sister Idda", "Tomas, her brother,",
"Wei was a small woman", "her name was Akosua".

Pronoun votes (:func:`fabula.characters.names.vote_gender`) need a name used as a subject with a
pronoun after it; the first-name table knows only the names it lists. Many names a story gives
are in neither: a name the table lacks ("Oluwaseun", "Haruto"), a character the narration
mostly calls "she" (third person limited), a chatfic whose people talk more than the narration
names them. English says a person's gender in other ways that sit right beside the name:

- an appositive kin or role noun: "my brother Tomas", "Tomas's sister Idda", "Idda, the
  landlady,", "a girl named Wei";
- a predicate: "Wei was a small woman", "Tomas is her brother";
- a naming: "her name was Akosua", "his name is Brann".

The nouns are :data:`fabula.characters.names.GENDERED_NOUNS` (kin, roles, titles that carry a
gender). The cue is looked for first (a fixed word list, so a novel's scan is quick), then a
known name is asked for right before or after it. Dialogue counts as much as narration here:
"this is my sister, Idda" says who Idda is whoever says it. Each cue is worth
:data:`CUE_WEIGHT` pronoun votes: a noun that names a gender is surer than a pronoun that may
point at someone else, but it still may be a misreading, so it does not outrank a title.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator

#: a cue counts as this many pronoun votes
CUE_WEIGHT = 2

_OWNER = r"(?:[Mm]y|[Hh]is|[Hh]er|[Yy]our|[Oo]ur|[Tt]heir|[A-Z][\w'’-]*['’]s?)"
# words that go between an owner and a kin noun: "your baby brother", "my older sister"
_KIN_ADJ = (r"(?:(?:little|older|younger|big|baby|twin|kid|elder|eldest|youngest|oldest|step|half|late|dear|"
            r"new|own|best|only|favourite|favorite|beloved|dead)[\s-]+)?")


#: what closes an appositive name: "my sister, Idda, ..." (not "my sister, Idda thought")
_APPOSITIVE_END = re.compile(r"\s*(?:[,.;:!?—)\"”’]|$)")


def _nouns_rx(nouns: list[str], group: bool = True) -> str:
    return ("(?P<noun>" if group else "(?:") + "|".join(sorted((re.escape(n) for n in nouns), key=len, reverse=True)) + ")"


@functools.lru_cache(maxsize=4)
def cue_patterns(nouns: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(a noun before a name, after a name, a predicate after a name, a naming before a name).

    Before a name, any lower-case word before a capital is found first, and only a gendered noun's
    owner ("my", "Idda's") or article ("a girl named") is looked for just before it
    (:data:`_OWNED_BY`, :data:`_NAMED_BY`): on a novel that scan is several times quicker than
    one pattern that tries every noun, or every possessive, at every word."""
    noun = _nouns_rx(list(nouns))
    before = re.compile(r"[a-z](?P<link>,?\s+)(?=[A-Z])")
    after = re.compile(rf"\s*,\s+(?:my|his|her|your|our|their|the)\s+{_KIN_ADJ}{noun}\s*(?=[,.;:!?—)])")
    predicate = re.compile(rf"\s+(?:is|was)\s+(?:my|his|her|your|our|their|a|an|the)\s+(?:[a-z]+\s+){{0,2}}?{noun}"
                           r"\b(?!['’-])")
    naming = re.compile(r"\b(?:[Hh]er|[Hh]is)\s+name\s*(?:,[^,.\n]{1,40},\s*)?(?:is|was)\s+(?=[A-Z])")
    return before, after, predicate, naming


#: what owns a kin noun, right before it: "my (little) brother", "Idda's sister"
_OWNED_BY = re.compile(rf"\b{_OWNER}\s+{_KIN_ADJ}$")
#: an article before a noun that names: "a girl named", "the boy called"
_NAMED_BY = re.compile(r"\b(?:[Aa]n?|[Tt]he)\s+(?:[a-z]+\s+)?$")


def cue_votes(text: str, rx: re.Pattern[str], who: Callable[[str], int | None],
              noun_gender: Callable[[str], str | None], nouns: tuple[str, ...]) -> Iterator[tuple[int, str]]:
    """(cluster, he/she) for every cue beside a known name: ``rx`` finds names, ``who`` gives a
    name's cluster (None for none), ``noun_gender`` a noun's gender."""
    before, after, predicate, naming = cue_patterns(nouns)
    wanted = frozenset(nouns)
    for m in before.finditer(text):
        if (hit := _noun_before(text, m.start() + 1, "," in m.group("link"), wanted)) is None:
            continue
        g = noun_gender(hit)
        if not g or (n := rx.match(text, m.end())) is None:
            continue
        if "," in m.group("link") and not _APPOSITIVE_END.match(text, n.end()):
            continue  # "his mother, Tomas thought, ...": the name begins a clause of its own
        if (ci := who(n.group(0))) is not None:
            yield ci, g
    for m in naming.finditer(text):
        g = "she" if m.group(0).lower().startswith("her") else "he"
        if (n := rx.match(text, m.end())) is not None and (ci := who(n.group(0))) is not None:
            yield ci, g
    for pat in (after, predicate):
        for m in pat.finditer(text):
            g = noun_gender(m.group("noun"))
            if g and (ci := _name_ending_at(text, m.start(), rx, who)) is not None:
                yield ci, g


def _noun_before(text: str, end: int, comma: bool, wanted: frozenset[str]) -> str | None:
    """The gendered noun whose word ends at ``end`` (just before a capital), when an owner comes
    before it ("my baby brother", "Idda's sister"), or the noun of "a girl named" / "the boy
    called" (no comma then); None otherwise."""
    lead = text[max(0, end - 60):end]
    word = _LAST_WORD.search(lead)
    if word is None:
        return None
    w, rest = word.group(0), lead[:word.start()]
    if w in ("named", "called") and not comma:
        noun = _LAST_WORD.search(rest.rstrip())
        if noun is None or noun.group(0) not in wanted:
            return None
        return noun.group(0) if _NAMED_BY.search(rest.rstrip()[:noun.start()]) else None
    return w if w in wanted and _OWNED_BY.search(rest) else None


_LAST_WORD = re.compile(r"[a-z]+$")


def _name_ending_at(text: str, end: int, rx: re.Pattern[str], who: Callable[[str], int | None]) -> int | None:
    """The cluster of a known name that ends exactly at ``end`` (None for none)."""
    lo = max(0, end - 60)
    last = None
    for n in rx.finditer(text, lo, end):
        if n.end() == end:
            last = n
    return who(last.group(0)) if last is not None else None
