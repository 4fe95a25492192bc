"""``read()``: ingest a story, then run the passes :mod:`fabula.passes` declares, in order.

    ingest ─► structure ─► scenes ─► verse ─► quotes ─► stats ─► sentences ─► arc
           ─► [characters ─► speakers ─► narrative ─► tags] ─► (beta, when asked)

Each pass reads earlier layers and writes its own (the declarations say which; docs/architecture.md
draws them). ``until`` stops after a named pass, so a user can ask only for structure and quotes
(``--until quotes``), which needs no language model and runs at well over a million words a
second. On a big read with a second core, the side passes (arc, tags) run in forked children
beside the others (``_run_passes``; docs/architecture.md, "Side passes"). The small passes are defined here; the characters and speakers passes live in
:mod:`fabula.characters.pipeline`.
"""

from __future__ import annotations

import contextlib
import functools
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from fabula import passes as P
from fabula.config import Config, using
from fabula.dialogue.quotes import build_quotes, find_quotes, primary_mark
from fabula.errors import MissingDependency
from fabula.ingest import DEFAULT_MAX_BYTES, load
from fabula.model import Block, Story
from fabula.runtime import forked
from fabula.segment.proper import story_proper
from fabula.segment.scenes import segment_scenes
from fabula.segment.spans import SpanIndex
from fabula.segment.structure import assign_chapters, segment_structure
from fabula.segment.verse import assign_credits, detect_verse
from fabula.text.sentences import split_sentences


@dataclass(frozen=True)
class BetaRead:
    """Which rules the beta pass runs: codes by prefix, like ruff's ``--select``/``--ignore``;
    preview rules only with ``preview``. ``fabula.read(..., beta=True)`` runs every stable rule."""

    select: list[str] | None = None
    ignore: list[str] | None = None
    preview: bool = False


@dataclass
class Options:
    until: str | None = None
    format: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    cast: str | None = None
    beta: BetaRead | None = None  # the beta pass runs only when asked for
    #: work a later pass started early (``Pass.ahead``), by that pass's name: a child the pass asks
    ahead: dict[str, Any] = field(default_factory=dict)


def structure_pass(story: Story, opts: Options) -> None:
    st = segment_structure(story.doc)
    story.work = st.work
    story.title_span = st.title_span
    story.paratext = st.paratext
    story.chapters = st.chapters
    story.headings = st.headings
    story.story_blocks = st.story_blocks


def scenes_pass(story: Story, opts: Options) -> None:
    story.scenes = segment_scenes(story.doc, story.story_blocks, story.chapters)


def verse_pass(story: Story, opts: Options) -> None:
    story.primary_mark = primary_mark(story.text, _italics(story))
    story.verse, credits = detect_verse(story.doc, story.paratext, story.story_blocks, story.primary_mark == '"')
    story.paratext = sorted(story.paratext + credits, key=lambda p: (p.start, -p.end))
    assign_chapters(story.paratext, story.chapters)
    assign_credits(story.verse, story.paratext)


def _italics(story: Story) -> list[tuple[int, int]]:
    """The italic spans the input kept (a story may set its speech in italics)."""
    return [(m.start, m.end) for m in story.doc.marks if m.kind == "italic"]


def quotes_pass(story: Story, opts: Options) -> None:
    para_spans = [(p.start, p.end) for p in story.paratext]
    para_index = SpanIndex(para_spans)
    # the story blocks less any that holds paratext: a verse block closing on its credit line
    # (which the verse pass added to the paratext) is read with the paratext
    blocks = story.story_blocks
    if para_spans:
        held = para_index.overlap_flags([(b.start, b.end) for b in blocks])
        blocks = [b for b, h in zip(blocks, held, strict=True) if not h]
    verse_spans = [(v.start, v.end) for v in story.verse]
    mark = story.primary_mark
    raw, _, warnings = find_quotes(story.text, blocks, verse_spans, mark, _italics(story))
    # quotes inside paratext are kept, but never as dialogue
    para_blocks: list[Block] = []
    if para_spans:
        held = para_index.overlap_flags([(b.start, b.end) for b in story.doc.blocks])
        para_blocks = [b for b, h in zip(story.doc.blocks, held, strict=True) if h]
    praw, _, _ = find_quotes(story.text, para_blocks, [], mark)
    raw = sorted(raw + praw, key=attrgetter("start"))  # (no Python call per quote for the key)
    story.quotes = build_quotes(story.text, raw, para_spans, verse_spans)
    if len(warnings) > 5:
        story.warnings.append(f"{len(warnings)} unbalanced quotation marks (first: {warnings[0]})")
    else:
        story.warnings.extend(warnings)


def stats_pass(story: Story, opts: Options) -> None:
    """Words in the story proper, verse included (AO3 counts no notes, but counts lyrics)."""
    text = story.text
    story.work.words = sum(len(text[s:e].split()) for s, e in story_proper(story, verse=True))
    if not story.work.chapters:
        n = max(len(story.chapters), 1)
        story.work.chapters = f"{n}/{n}"


def sentences_pass(story: Story, opts: Options) -> None:
    """The story proper's sentences, split once for the arc, the tags and the beta read."""
    story.sentences = list(split_sentences(story.text, story_proper(story)))


def narrative_pass(story: Story, opts: Options) -> None:
    from fabula.narrative import narrative_pass as run
    from fabula.narrative.talk import chat_senders, conversation_pairs

    run(story)
    messages = [(v.start, v.end) for v in story.verse if v.kind == "message"]
    chat = chat_senders(story.text, story.story_blocks, story.characters, messages)
    story.conversations = conversation_pairs(story.quotes, chat=chat)


def arc_pass(story: Story, opts: Options) -> None:
    from fabula.narrative.arcs import emotional_arc

    story.arc = emotional_arc(story)


def tags_pass(story: Story, opts: Options) -> None:
    from fabula.tags.suggest import suggest_tags

    # the lexicon scans begun after the speakers pass (``Pass.ahead``). On a big read this pass
    # runs in a side child forked from the reader, which inherits the handle and takes the scans
    # from its pipe; the reader's copy is then cancelled with the others at the end of the read
    story.tags = suggest_tags(story, early=opts.ahead.pop("tags", None))


def beta_pass(story: Story, opts: Options) -> None:
    """The beta read: every finding of the chosen rules (warnings, errors and notes alike; a
    renderer shows what it wants of them)."""
    from fabula.beta.engine import check_story

    beta = opts.beta or BetaRead()
    story.diagnostics = check_story(story, beta.select, beta.ignore, beta.preview, early=opts.ahead.pop("beta", None))


def _load_passes(plan: list[P.Pass]) -> list[Callable[[Story, Options], None]]:
    """Every pass the read will run, imported (and warmed) now, not pass by pass.

    Now, because the command line's head start (``fabula.runtime.headstart``) makes the
    characters pass wait for a child process's NER: everything done before that wait is off the
    critical path, everything after it is on it. A package that is missing is named here."""
    runs = []
    for p in plan:
        try:
            runs.append(p.load())
            if p.warm is not None:
                p.warm.load()()
        except ImportError as exc:
            raise MissingDependency(p.name, exc) from exc
    return runs


def read(
    source: str | os.PathLike[str] | bytes,
    *,
    until: str | None = None,
    format: str | None = None,
    name: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    cast: str | None = None,
    progress: Callable[[str, float], None] | None = None,
    config: Config | None = None,
    beta: bool | BetaRead = False,
) -> Story:
    """Read a story (a path, bytes, or the text itself) and run the passes up to ``until``.

    ``progress(pass_name, fraction_done)`` is called before each pass (the web app's progress bar).
    ``config`` says how the read may use the machine (:mod:`fabula.config`); the defaults otherwise.
    ``beta`` adds the beta read (``story.diagnostics``): True for every stable rule, or a :class:`BetaRead`."""
    chosen = beta if isinstance(beta, BetaRead) else BetaRead() if beta else None
    plan = P.plan(until, requested=("beta",) if chosen is not None else ())
    opts = Options(until=until, format=format, max_bytes=max_bytes, cast=cast, beta=chosen)
    t0 = time.perf_counter()
    doc = load(source, format=format, name=name, max_bytes=max_bytes)
    story = Story(doc=doc)
    story.warnings.extend(doc.warnings)
    story.timings["ingest"] = time.perf_counter() - t0
    runs = _load_passes(plan)
    with using(config) if config is not None else contextlib.nullcontext():
        _run_passes(story, opts, plan, runs, progress)
    return story


def _run_passes(story: Story, opts: Options, plan: list[P.Pass], runs: list[Callable[[Story, Options], None]],
                progress: Callable[[str, float], None] | None) -> None:
    """The passes in order — except that on a big read a side pass (``Pass.side_after``) may run
    in a forked child beside the parent's passes, joined where :func:`fabula.passes.side_schedule`
    says; a child that fails is replaced by the pass itself, run in the parent at the join."""
    fraction = P.done_before()
    schedule = {p.name: w for p in plan if (w := P.side_schedule(plan, p)) is not None}
    deferred: set[str] = set()  # side passes skipped in order, to be forked or run later
    children: dict[str, tuple[P.Pass, Callable[[Story, Options], None], forked.Forked]] = {}
    try:
        for i, (p, run) in enumerate(zip(plan, runs, strict=True)):
            for name in [n for n in children if schedule[n][1] == i]:
                _join(story, opts, *children.pop(name))
            for q, q_run in zip(plan, runs, strict=True):
                if q.name in deferred and schedule[q.name][0] == i:
                    deferred.discard(q.name)
                    children[q.name] = (q, q_run, forked.Forked(functools.partial(_side, story, opts, q, q_run)))
            if progress is not None:
                progress(p.name, fraction[p.name])
            if p.name in schedule and forked.wanted(story.work.words):
                deferred.add(p.name)
                continue
            _timed(story, opts, p, run)
            _start_ahead(story, opts, plan, p)
        for name in list(children):
            _join(story, opts, *children.pop(name))
        story.timings = {k: story.timings[k] for k in ["ingest", *(p.name for p in plan)] if k in story.timings}
    finally:
        for _q, _run, child in children.values():
            child.cancel()
        for child in opts.ahead.values():
            child.cancel()  # (one its pass asked for is already reaped)
        opts.ahead.clear()


def _start_ahead(story: Story, opts: Options, plan: list[P.Pass], done: P.Pass) -> None:
    """Let each later pass that asks to (``Pass.ahead_after``) start its work early, on a big read."""
    for q in plan[plan.index(done) + 1:]:
        if q.ahead is not None and q.ahead_after == done.name and forked.wanted(story.work.words):
            handle = q.ahead.load()(story, opts, P.changing_between(plan, done.name, q.name))
            if handle is not None:
                opts.ahead[q.name] = handle


def _timed(story: Story, opts: Options, p: P.Pass, run: Callable[[Story, Options], None]) -> None:
    t = time.perf_counter()
    try:
        run(story, opts)
    except ImportError as exc:
        raise MissingDependency(p.name, exc) from exc
    story.timings[p.name] = time.perf_counter() - t


def _side(story: Story, opts: Options, p: P.Pass, run: Callable[[Story, Options], None]) -> tuple[dict[str, object], float]:
    """In the child: run the pass, and return its layers (it writes whole layers only) and time."""
    t = time.perf_counter()
    run(story, opts)
    return {layer: getattr(story, layer) for layer in p.writes}, time.perf_counter() - t


def _join(story: Story, opts: Options, p: P.Pass, run: Callable[[Story, Options], None], child: forked.Forked) -> None:
    """Install a side pass's layers from its child, or run the pass here if the child gave none."""
    ok, result = child.result()
    if not ok:
        _timed(story, opts, p, run)
        return
    layers, seconds = result
    for layer, value in layers.items():
        setattr(story, layer, value)
    story.timings[p.name] = seconds
