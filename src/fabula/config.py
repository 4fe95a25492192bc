"""How a read may use the machine: one explicit object, decided by whoever starts the process.

The command line, a worker pool and the corpus runner know things a pass cannot — how many
cores are free, whether a child process is already loading the model — and used to say so by
setting another module's globals (``nlp.MAX_PROCESSES = 1``). Now they pass a :class:`Config` to
:func:`fabula.read` (or to the worker pool that calls it), and the read makes it current for
its passes: the language-model layer (``fabula.characters.nlp``) reads :func:`current`. Outside
a read the defaults hold. This module imports nothing else of fabula's, so any layer may read it.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Protocol


class NamesSource(Protocol):
    """Something that can answer the NER question early: the command line's head start."""

    def person_names(self, paragraphs: list[str]) -> Counter[str] | None:
        """PERSON names in ``paragraphs``, or None when it cannot answer (then the read loads the model)."""

    def parse_sentences(self, sentences: list[str]) -> list[Any] | None:
        """Each sentence's parse as the beta read's tagger gives it, or None when it cannot answer
        (then the beta read loads the parser itself)."""

    @property
    def shares_parses(self) -> bool:
        """Whether it parses sentences for this process and for the ones it forks."""


@dataclass(frozen=True)
class Config:
    #: processes NER may use on a long text; a pool worker says 1, since the pool already fills the cores
    ner_processes: int = 2
    #: a process already loading the model that answers the read's NER (the command line's head start)
    head_start: NamesSource | None = None
    #: a read of at least this many words, allowed more than one process (``ner_processes``),
    #: runs its side passes and half its beta read in forked children (``fabula.runtime.forked``)
    side_words: int = 100_000
    #: ... and from this many words, where the head start parses for the beta read (so the second
    #: worker need not load spaCy's parser itself), half its beta read
    beta_side_words: int = 20_000


DEFAULT = Config()
_CURRENT: ContextVar[Config | None] = ContextVar("fabula_config", default=None)


def current() -> Config:
    """The config of the read in progress (the defaults outside one)."""
    return _CURRENT.get() or DEFAULT


@contextlib.contextmanager
def using(config: Config) -> Iterator[Config]:
    """Make ``config`` current for the duration of a read, then restore the one before."""
    token = _CURRENT.set(config)
    try:
        yield config
    finally:
        _CURRENT.reset(token)
