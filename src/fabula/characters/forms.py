"""How two forms of one person's name relate, whoever asks: the clustering of names found in
a story (:func:`fabula.characters.names.cluster_names`) and the joining of names found to a
user's declared cast (:func:`fabula.characters.names.with_declared`).

Readers join forms by conventions English fiction (fan fiction above all) writes by:

- a pet name shortens a first name: its start ("Kas" for "Kasimir"), its start with a pet
  ending ("Ozzy" for "Ozias", "Ottie" for "Ottilie"), or its end ("Bel" for "Isobel");
- a surname may be cut to its initial ("Odile Q." is "Odile Quennell");
- a short name is weak evidence alone ("Iz" may be anyone whose name starts so), strong beside a
  surname that agrees ("Iz Varga" is "Izolda V.").

Each function answers for two words only; whether a story holds one such pair or several
(which would make the join a guess) is the caller's question.
"""

from __future__ import annotations

import re

#: endings English pet names add to a shortened first name: "Ozzy", "Tildy", "Cassie", "Ottie"
_PET_ENDING = re.compile(r"(?:ie|ey|y|i)$")
#: how much longer than its pet form a first name must be ("Kas"/"Kasimir", not "Idda"/"Iddan")
LONGER_BY = 2


def initial(word: str) -> bool:
    """"L." or "J": an initial, which anchors no one ("L. M. Quennell" may be any Quennell)."""
    return len(word.rstrip(".")) == 1


def pet_stem(word: str) -> str:
    """What a pet name keeps of the name it shortens: "Ozzy" → "Oz", "Tildy" → "Tild", "Kas" → "Kas"."""
    stem = _PET_ENDING.sub("", word) if len(word) > 3 else word
    if stem != word and len(stem) >= 3 and stem[-1] == stem[-2]:
        stem = stem[:-1]  # the doubled consonant of "Ozzy", "Dodd"
    return stem


def surnames_agree(a: str | None, b: str | None) -> bool:
    """Whether two surnames may be one: the same word, or one the other's initial ("Q." and
    "Quennell"). A missing surname agrees with any."""
    if a is None or b is None or a == b:
        return True
    if initial(a) != initial(b):
        short, long_ = (a, b) if initial(a) else (b, a)
        return long_.startswith(short.rstrip("."))
    return False


def shortens(short: str, full: str, surnamed: bool = False) -> str | None:
    """How ``short`` is a pet form of the first name ``full``: "start" ("Kas" for "Kasimir",
    "Ozzy" for "Ozias"), "end" ("Bel" for "Isobel"), or None.

    ``surnamed``: both forms carry surnames that agree ("Iz Varga", "Izolda V."), which
    lets a two-letter form ("Iz") count; alone such a form says too little.
    """
    if len(full) < len(short) + LONGER_BY or initial(short):
        return None
    stem = pet_stem(short)
    if len(stem) < (2 if stem != short or surnamed else 3):
        return None
    if full.startswith(stem):
        return "start"
    if stem == short and len(short) >= 3 and full.endswith(short.lower()):
        return "end"
    return None
