"""A trigram model of English, for deciding which of two words a sentence wants.

symspellpy's pair counts keep only the 242,342 commonest word pairs, so "free rein", "except his"
or "bear with me" are either absent or listed without what comes after. The model here is CMU
Sphinx's generic US English language model (``en-us.lm.bin``: 72,547 words, 2,051,547 word pairs
and 1,669,625 word triples with back-off weights, BSD licence), which the ``pocketsphinx``
package ships inside its wheel; pocketsphinx's own C reader maps it in about 30 ms and answers a
query in under a microsecond, so scoring every confusable word of a novel costs a few
hundredths of a second. Nothing is downloaded: the file is part of the installed package.

The model knows lower-case words and contractions ("it's", "you're"), and begins and ends
sentences with ``<s>`` and ``</s>``. Where pocketsphinx is missing, :func:`model` is None and the
rules that need it say nothing (best effort, never an error).
"""

from __future__ import annotations

import functools
import math
from typing import Any

LN_BASE = math.log(1.0001)  # pocketsphinx answers in logs to base 1.0001
_ZERO = -536870912  # its answer for a word it does not know
START, END = "<s>", "</s>"


@functools.lru_cache(maxsize=1)
def model() -> Any | None:
    """The model, or None where pocketsphinx (or its English model) is not installed."""
    try:
        import os

        from pocketsphinx import NGramModel, get_model_path

        path = os.path.join(get_model_path(), "en-us", "en-us.lm.bin")
        return NGramModel.readfile(path) if os.path.exists(path) else None
    except Exception:  # noqa: BLE001 - no pocketsphinx, or a build without its model: no n-grams
        return None


@functools.lru_cache(maxsize=262144)
def known(word: str) -> bool:
    m = model()
    return m is not None and m.prob([word]) > _ZERO


@functools.lru_cache(maxsize=262144)
def logp(word: str, h1: str = "", h2: str = "") -> float:
    """ln P(word | h2 h1): ``h1`` the word just before, ``h2`` the one before it ('' for none)."""
    m = model()
    if m is None:
        return 0.0
    hist = [h1, h2] if h1 and h2 else [h1] if h1 else []
    return float(m.prob([word, *hist])) * LN_BASE


def score(tokens: list[str], i: int) -> float:
    """ln P of the words ``tokens[i:i+3]`` given what precedes each (up to two words): the part of
    the sentence's probability that the word at ``i`` changes. Tokens are lower-case words the model
    knows, ``<s>``/``</s>`` at a sentence's edges; the list is the word's window, cut where the
    clause breaks or the model does not know a word."""
    total = 0.0
    for j in range(i, min(i + 3, len(tokens))):
        if tokens[j] == START:
            continue
        total += logp(tokens[j], tokens[j - 1] if j >= 1 else "", tokens[j - 2] if j >= 2 else "")
    return total


def prefer(tokens: list[str], i: int, alt: str, base: float | None = None) -> float:
    """How much more probable (natural log) the window is with ``alt`` in place of ``tokens[i]``.
    ``base``: ``score(tokens, i)`` where the caller has it (a word weighed against several
    alternatives scores its own window once)."""
    swapped = [*tokens[:i], alt, *tokens[i + 1:]]
    return score(swapped, i) - (score(tokens, i) if base is None else base)
