"""Case-insensitive scans as case-sensitive ones over a lower-cased copy of the text.

Python's ``re`` matches a ``re.I`` pattern about three times slower than the same pattern
without the flag; over a book's narration, pattern by pattern, that was a good part of a pass.
Lower-casing the text once and matching the flagless pattern finds the same spans wherever
``str.lower`` keeps every character in place and agrees with ``re``'s own case folding: not
where lower-casing changes the length ("İ" becomes two characters) nor where the text holds one
of the few letters ``re`` folds to an ASCII letter that ``str.lower`` leaves alone (dotless "ı",
long "ſ"); there :func:`folded` gives "" and the caller keeps the ``re.I`` scan.
"""

from __future__ import annotations

import functools
import re

# letters that re.IGNORECASE matches to an ASCII letter and str.lower() does not make one
_OTHER_FOLDS = ("\u0131", "\u017f", "\u212a")  # ı, ſ, the Kelvin sign


def folded(text: str) -> str:
    """``text`` lower-cased, or "" where a flagless scan of it could differ from a ``re.I`` one."""
    low = text.lower()
    if len(low) != len(text) or any(ch in text for ch in _OTHER_FOLDS):
        return ""
    return low


@functools.lru_cache(maxsize=128)
def flagless(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The pattern without ``re.I`` (its literals must be lower case, as every lexicon's are)."""
    return re.compile(pattern.pattern, pattern.flags & ~re.I)
