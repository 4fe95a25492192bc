"""The speech-verb vocabulary: one list, kept as data (``data/speech_verbs.tsv``, its source named there).

Finding quotes, finding names and attributing speakers all ask the same question — is this word
a verb of speaking? — and each had grown its own list. The list lives in one data file; each
form carries the uses it serves (a tag's verb, a gerund that announces speech, a verb that makes
the next quote speech, speech to oneself), so a reader asks for one use and gets a regular
expression alternation in the file's order. It lives here, with the quotes, because finding
quotes comes first in the pipeline and the characters passes read it after.
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from typing import Literal, get_args

Use = Literal["tag", "gerund", "before", "to_self", "continue"]
USES: tuple[str, ...] = get_args(Use)


@functools.lru_cache(maxsize=1)
def _table() -> tuple[tuple[str, frozenset[str]], ...]:
    """(form, uses) for every row of the data file, in its order."""
    text = resources.files("fabula").joinpath("data/speech_verbs.tsv").read_text(encoding="utf-8")
    rows: list[tuple[str, frozenset[str]]] = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        form, uses = line.split("\t")
        rows.append((form.strip(), frozenset(u.strip() for u in uses.split(","))))
    return tuple(rows)


def forms(use: Use) -> list[str]:
    """The forms with that use, as the file writes them, in its order."""
    return [form for form, uses in _table() if use in uses]


def _pattern(form: str) -> str:
    """A form as a regular expression: a space is any white space, "_" any one word."""
    return r"\s+".join(r"\w+" if w == "_" else re.escape(w) for w in form.split())


def alternation(use: Use) -> str:
    """The forms with that use as one alternation ("said|says|…"), to put inside ``(?:…)``."""
    return "|".join(_pattern(f) for f in forms(use))


#: a speech tag's verb: "said Yusra", "Yusra whispered", "said I"
SPEECH_VERBS = alternation("tag")
#: speech announced by a gerund: "… stirred her up by saying:", "… and, turning, added, smiling:"
SPEECH_GERUNDS = alternation("gerund")
#: a verb just before a quote that makes it speech: 'he repeated "never"', "she told him:"
BEFORE_QUOTE = alternation("before")
#: speech to oneself, aloud: "muttered to herself,"
TO_SELF = alternation("to_self")
#: the one speaking goes on: "continued the bosun", "she added"
CONTINUE = alternation("continue")
