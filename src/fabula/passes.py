"""The passes, declared once: what each reads and writes, and what it costs.

A :class:`Pass` names the :class:`fabula.model.Story` fields it reads and writes (its layers; a
dotted name such as ``quotes.speaker`` is one field of every item of a layer), whether it needs
the language model, and its share of a typical read's time. Everything else is derived from
:data:`PASSES`: the order :func:`fabula.read` runs them in, ``--until``'s choices and help, the
progress fractions the web app shows, and the command line's head start (an ``--until`` before
the first pass that needs NER loads no model). tests/test_passes.py runs each pass and checks
that it wrote only what it declares; docs/architecture.md draws the list.

This module imports nothing of fabula's when it loads: the head start reads it before it forks,
and importing the passes themselves (segmenters, spaCy, VADER) then would cost the time the fork
is there to save. So a pass's ``run`` is a :class:`Lazy` reference, imported when a read first
needs it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from fabula.model import Story
    from fabula.pipeline import Options

    RunPass = Callable[[Story, Options], None]


@dataclass(frozen=True)
class Lazy:
    """A function named ``"module:function"``, imported on first use."""

    target: str

    def load(self) -> Callable[..., Any]:
        module, _, name = self.target.partition(":")
        return cast("Callable[..., Any]", getattr(importlib.import_module(module), name))


@dataclass(frozen=True)
class Pass:
    name: str
    run: Lazy  # (story, options) -> None
    reads: tuple[str, ...]
    writes: tuple[str, ...]
    needs_ner: bool  # runs the language model, or reads what it found
    weight: float  # share of a typical full read's time (NER is most of "characters")
    help: str  # one line for --until's help and the docs
    always: bool = False  # runs even when --until stops earlier (then last, over what there is)
    on_request: bool = False  # runs only when asked for: fabula.read(..., beta=True) or until=<name>
    warm: Lazy | None = None  # work done before the passes start, off the head start's critical path
    #: on a big read with a second core, the pass may run in a forked child started once this pass
    #: has run (see :func:`side_schedule`); its writes must be whole layers
    side_after: str | None = None
    #: on a big read with a second core, ``ahead(story, options, changing)`` is called once
    #: ``ahead_after`` has run: it may start the pass's work early, in a child, on the layers as
    #: they are then (``changing``: the layers the passes between will still write, which that
    #: work must not have read for the pass to use it; see :func:`changing_between`)
    ahead: Lazy | None = None
    ahead_after: str | None = None

    def load(self) -> RunPass:
        return cast("RunPass", self.run.load())


# ingest's share of a typical read (decoding, blocks): the progress bar's start
INGEST_WEIGHT = 0.02

PASSES: tuple[Pass, ...] = (
    Pass("structure", Lazy("fabula.pipeline:structure_pass"),
         reads=("doc",), writes=("work", "title_span", "paratext", "chapters", "headings", "story_blocks"),
         needs_ner=False, weight=0.02, help="title, notes and other paratext, chapters"),
    Pass("scenes", Lazy("fabula.pipeline:scenes_pass"),
         reads=("doc", "story_blocks", "chapters"), writes=("scenes",),
         needs_ner=False, weight=0.01, help="scenes at every break convention"),
    Pass("verse", Lazy("fabula.pipeline:verse_pass"),
         reads=("doc", "story_blocks", "paratext", "chapters"), writes=("primary_mark", "verse", "paratext"),
         needs_ner=False, weight=0.01, help="lyrics, poems, letters, messages (and the credit lines under verse)"),
    Pass("quotes", Lazy("fabula.pipeline:quotes_pass"),
         reads=("doc", "story_blocks", "paratext", "verse", "primary_mark"), writes=("quotes", "warnings"),
         needs_ner=False, weight=0.04, help="quotations and their kinds"),
    # before the passes that read the word count (the tags' rates per 10,000 words)
    Pass("stats", Lazy("fabula.pipeline:stats_pass"),
         reads=("chapters", "paratext", "headings"), writes=("work.words", "work.chapters"),
         needs_ner=False, weight=0.0, always=True, help="words in the story proper, chapter count"),
    Pass("sentences", Lazy("fabula.pipeline:sentences_pass"),
         reads=("chapters", "paratext", "headings", "verse"), writes=("sentences",),
         needs_ner=False, weight=0.01, help="the story proper's sentences, split once"),
    Pass("arc", Lazy("fabula.pipeline:arc_pass"),
         reads=("sentences", "scenes"), writes=("arc",),
         needs_ner=False, weight=0.03, help="the emotional arc (VADER), scene by scene",
         warm=Lazy("fabula.narrative.arcs:analyzer"), side_after="sentences"),
    Pass("characters", Lazy("fabula.characters.pipeline:characters_pass"),
         reads=("doc", "paratext", "headings", "verse", "quotes", "work"),
         writes=("mentions", "characters", "cast_index"),
         needs_ner=True, weight=0.69, help="the cast: names (NER), aliases, gender"),
    Pass("speakers", Lazy("fabula.characters.pipeline:speakers_pass"),
         reads=("quotes", "verse", "characters", "mentions", "cast_index"),
         writes=("quotes.speaker", "quotes.addressees", "quotes.attribution", "quotes.confidence", "quotes.sieve", "quotes.rule_sieve",
                 "characters", "mentions.character"),
         needs_ner=True, weight=0.05, help="who says each line, and to whom"),
    Pass("narrative", Lazy("fabula.pipeline:narrative_pass"),
         reads=("doc", "story_blocks", "scenes", "verse", "paratext", "sentences", "quotes", "characters", "mentions",
                "cast_index"),
         writes=("scenes.pov", "scenes.person", "scenes.pov_confidence", "scenes.pov_cues", "scenes.head_hops",
                 "scenes.time", "scenes.tense", "scenes.time_cues", "scenes.time_confidence", "scenes.fabula_order",
                 "pov_paragraphs", "thoughts", "conversations"),
         needs_ner=True, weight=0.07, help="point of view, head-hops, tense, frame and flashback, event order, "
                                            "who talks with whom"),
    Pass("tags", Lazy("fabula.pipeline:tags_pass"),
         reads=("doc", "story_blocks", "chapters", "paratext", "headings", "verse", "sentences", "scenes", "quotes",
                "characters", "mentions", "arc", "work"),
         writes=("tags",),
         needs_ner=True, weight=0.02, help="suggested rating, warnings, relationships, tags",
         side_after="narrative", ahead=Lazy("fabula.tags.suggest:start_early"), ahead_after="speakers"),
    Pass("beta", Lazy("fabula.pipeline:beta_pass"),
         reads=("doc", "chapters", "paratext", "headings", "verse", "primary_mark", "sentences", "scenes", "quotes",
                "characters", "mentions", "thoughts"),
         writes=("diagnostics",),
         needs_ner=True, weight=0.0, on_request=True, help="the beta read: the findings of the rules `fabula rules` lists",
         ahead=Lazy("fabula.beta.engine:start_early"), ahead_after="characters"),
)

NAMES: tuple[str, ...] = tuple(p.name for p in PASSES)
BY_NAME: dict[str, Pass] = {p.name: p for p in PASSES}


def without_ner() -> tuple[str, ...]:
    """The passes before the first that needs the language model: ``--until`` one of these loads none."""
    out = []
    for p in PASSES:
        if p.needs_ner:
            break
        out.append(p.name)
    return tuple(out)


def done_before() -> dict[str, float]:
    """Each pass's progress fraction as it starts: ingest and the passes before it, by weight."""
    out, done = {}, INGEST_WEIGHT
    for p in PASSES:
        out[p.name] = done
        done += p.weight
    return out


def until_help() -> str:
    """``--until``'s help, from the declarations."""
    return "stop after this pass: " + ", ".join(p.name for p in PASSES)


def picture() -> str:
    """The passes as text: what each reads and writes, in order (docs/architecture.md shows it,
    and a test keeps the two the same)."""
    import textwrap

    lines = ["ingest ──► doc: the text, its blocks and marks, what the file declared (work, regions)"]
    for p in PASSES:
        notes = [n for n, on in (("needs NER", p.needs_ner), ("runs even after an earlier --until", p.always),
                                 ("only when asked for", p.on_request)) if on]
        big = [n for n, on in ((f"beside the passes after {p.side_after}", p.side_after is not None),
                               (f"begun after {p.ahead_after}", p.ahead_after is not None)) if on]
        notes += ["on a big read, " + ", ".join(big)] if big else []
        lines += ["   │", "   ▼", f"{p.name}{' (' + ', '.join(notes) + ')' if notes else ''}: {p.help}"]
        for label, layers in (("reads ", p.reads), ("writes", p.writes)):
            body = textwrap.wrap(", ".join(layers), 84)
            lines += [f"   {label}  {body[0]}"] + [f"           {rest}" for rest in body[1:]]
    return "\n".join(lines)


def plan(until: str | None, requested: tuple[str, ...] = ()) -> list[Pass]:
    """The passes a read runs, in order: all (less those run only on request, unless requested)
    up to ``until``; then any ``always`` pass that ``until`` stopped before."""
    if until is not None and until not in BY_NAME:
        raise ValueError(f"unknown pass {until!r}; choose from {', '.join(NAMES)}")
    out: list[Pass] = []
    for p in PASSES:
        if p.on_request and p.name not in requested and p.name != until:
            continue
        out.append(p)
        if p.name == until:
            break
    out += [p for p in PASSES if p.always and p not in out]
    return out


def _layer(name: str) -> str:
    return name.split(".")[0]


def conflicts(a: Pass, b: Pass) -> bool:
    """Whether the order of ``a`` and ``b`` matters: one writes (any field of) a layer the other
    reads or writes."""
    a_w, b_w = {_layer(x) for x in a.writes}, {_layer(x) for x in b.writes}
    return bool(a_w & ({_layer(x) for x in b.reads} | b_w) or b_w & {_layer(x) for x in a.reads})


def side_schedule(plan: list[Pass], side: Pass) -> tuple[int, int] | None:
    """Where ``side`` may run beside the others, as (fork, join) indices into ``plan``: its child
    is forked just before ``plan[fork]`` runs in the parent — after both ``side`` would have run
    in order and ``side.side_after`` has (the command line's head start runs NER on the second
    core until the characters pass is done) — and joined just before ``plan[join]``, the first
    pass after it that reads what it writes or writes what it reads (``len(plan)``: at the end).

    So the child reads exactly what the pass would have read in order (no pass before the fork
    wrote its reads), and nobody reads its writes before the join; a child that fails is
    replaced by running the pass in the parent at the join, which then reads the same. None
    when it has no place: not a side pass, ``side_after`` not in the plan, a conflict before
    the fork, or nothing for the parent to do meanwhile."""
    names = [p.name for p in plan]
    if side.side_after is None or side.name not in names or side.side_after not in names:
        return None
    i = names.index(side.name)
    fork = max(i, names.index(side.side_after)) + 1
    join = next((j for j in range(i + 1, len(plan)) if conflicts(side, plan[j])), len(plan))
    return (fork, join) if fork < join else None


def changing_between(plan: list[Pass], after: str, before: str) -> frozenset[str]:
    """The layers (top-level names) the passes of ``plan`` strictly between ``after`` and
    ``before`` write: what work started ahead of ``before``, once ``after`` has run, must not read."""
    names = [p.name for p in plan]
    return frozenset(_layer(w) for p in plan[names.index(after) + 1:names.index(before)] for w in p.writes)
