"""The passes, in order, in one place: ``read()`` runs them over one story.

    ingest ─► structure ─► scenes ─► verse ─► quotes ─► [nlp ─► characters ─► speakers] ─► stats

Each pass reads the story's earlier layers and fills its own. ``until`` stops after a named
pass, so a user can ask only for structure and quotes (``--until quotes``), which needs no
language model and runs at well over a million words a second.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from fabula.characters.early import WITHOUT_NER
from fabula.dialogue.quotes import build_quotes, find_quotes, primary_mark
from fabula.ingest import DEFAULT_MAX_BYTES, load
from fabula.model import Paratext, Story, Verse
from fabula.segment.scenes import segment_scenes
from fabula.segment.spans import SpanIndex, subtract
from fabula.segment.structure import assign_chapters, segment_structure
from fabula.segment.verse import detect_verse

_WORD = re.compile(r"\S+")


@dataclass
class Options:
    until: str | None = None
    format: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    cast: str | None = None


def _structure(story: Story, opts: Options) -> None:
    st = segment_structure(story.doc)
    story.work = st.work
    story.title_span = st.title_span
    story.paratext = st.paratext
    story.chapters = st.chapters
    story.headings = st.headings
    story.story_blocks = st.story_blocks


def _scenes(story: Story, opts: Options) -> None:
    story.scenes = segment_scenes(story.doc, story.story_blocks, story.chapters)


def _verse(story: Story, opts: Options) -> None:
    story.primary_mark = primary_mark(story.text)
    story.verse, credits = detect_verse(story.doc, story.paratext, story.story_blocks, story.primary_mark == '"')
    story.paratext = sorted(story.paratext + credits, key=lambda p: (p.start, -p.end))
    assign_chapters(story.paratext, story.chapters)
    assign_credits(story.verse, story.paratext)


def assign_credits(verse: list[Verse], paratext: list[Paratext]) -> None:
    """Point each lyric block at the credit that names its song: the nearest one, else the work's."""
    credits = [i for i, p in enumerate(paratext) if p.kind == "credit"]
    if not credits:
        return
    for v in verse:
        if v.kind != "lyrics":
            continue
        near = [i for i in credits if abs(paratext[i].start - v.end) < 400 or abs(v.start - paratext[i].end) < 400]
        songs = [i for i in credits if paratext[i].song]
        v.credit = (near or songs or credits)[0]


def _quotes(story: Story, opts: Options) -> None:
    para_spans = [(p.start, p.end) for p in story.paratext]
    para_index = SpanIndex(para_spans)
    # the story blocks less any that holds paratext: a verse block closing on its credit line
    # (which the verse pass added to the paratext) is read with the paratext
    blocks = [b for b in story.story_blocks if not para_index.overlaps(b.start, b.end)]
    verse_spans = [(v.start, v.end) for v in story.verse]
    mark = story.primary_mark
    raw, _, warnings = find_quotes(story.text, blocks, verse_spans, mark)
    # quotes inside paratext are kept, but never as dialogue
    para_blocks = [b for b in story.doc.blocks if para_index.overlaps(b.start, b.end)]
    praw, _, _ = find_quotes(story.text, para_blocks, [], mark)
    raw = sorted(raw + praw, key=lambda r: r.start)
    story.quotes = build_quotes(story.text, raw, para_spans, verse_spans)
    if len(warnings) > 5:
        story.warnings.append(f"{len(warnings)} unbalanced quotation marks (first: {warnings[0]})")
    else:
        story.warnings.extend(warnings)


def _stats(story: Story, opts: Options) -> None:
    """Words in the story proper: chapters minus paratext and headings (AO3 counts no notes)."""
    text = story.text
    excluded = [(p.start, p.end) for p in story.paratext] + list(story.headings)
    total = sum(len(text[s:e].split()) for s, e in subtract([(c.start, c.end) for c in story.chapters], excluded))
    story.work.words = total
    if not story.work.chapters:
        n = max(len(story.chapters), 1)
        story.work.chapters = f"{n}/{n}"


def _nlp_passes() -> list[tuple[str, Callable[[Story, Options], None]]]:
    """The passes after the quotes, their modules imported (and the sentiment lexicon read) now.

    Now, not pass by pass, because the command line's head start (``characters.early``) makes
    the characters pass wait for a child process's NER: everything done before that wait is
    off the critical path, everything after it is on it."""
    from fabula.characters.pipeline import characters_pass, speakers_pass
    from fabula.narrative import narrative_pass
    from fabula.narrative.arcs import analyzer, emotional_arc
    from fabula.tags.suggest import suggest_tags

    analyzer()

    def narrative(story: Story, opts: Options) -> None:
        narrative_pass(story)

    def tags(story: Story, opts: Options) -> None:
        story.arc = emotional_arc(story)  # kept: the report draws it too
        story.tags = suggest_tags(story, arc=story.arc)

    return [("characters", characters_pass), ("speakers", speakers_pass), ("narrative", narrative), ("tags", tags)]


BASE_PASSES: list[tuple[str, Callable[[Story, Options], None]]] = [
    ("structure", _structure),
    ("scenes", _scenes),
    ("verse", _verse),
    ("quotes", _quotes),
]
# share of a typical read done before each pass starts (the NER in "characters" is most of it)
_WEIGHTS_DONE = {"structure": 0.02, "scenes": 0.04, "verse": 0.05, "quotes": 0.06, "characters": 0.1,
                 "speakers": 0.8, "narrative": 0.85, "tags": 0.92}
PASS_NAMES = ["structure", "scenes", "verse", "quotes", "characters", "speakers", "narrative", "tags"]


def read(
    source: str | os.PathLike[str] | bytes,
    *,
    until: str | None = None,
    format: str | None = None,
    name: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    cast: str | None = None,
    progress: Callable[[str, float], None] | None = None,
) -> Story:
    """Read a story (a path, bytes, or the text itself) and run the passes up to ``until``.

    ``progress(pass_name, fraction_done)`` is called before each pass (the web app's progress bar)."""
    if until is not None and until not in PASS_NAMES:
        raise ValueError(f"unknown pass {until!r}; choose from {', '.join(PASS_NAMES)}")
    opts = Options(until=until, format=format, max_bytes=max_bytes, cast=cast)
    t0 = time.perf_counter()
    doc = load(source, format=format, name=name, max_bytes=max_bytes)
    story = Story(doc=doc)
    story.warnings.extend(doc.warnings)
    story.timings["ingest"] = time.perf_counter() - t0
    passes = list(BASE_PASSES)
    if until not in WITHOUT_NER:
        try:
            passes += _nlp_passes()
        except ImportError:
            pass
    for i, (name_, fn) in enumerate(passes):
        if progress is not None:
            progress(name_, _WEIGHTS_DONE.get(name_, i / len(passes)))
        t = time.perf_counter()
        fn(story, opts)
        story.timings[name_] = time.perf_counter() - t
        if name_ == until:
            break
    _stats(story, opts)
    return story
