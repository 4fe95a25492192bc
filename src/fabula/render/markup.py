"""The story as HTML paragraphs: one function every HTML output (AO3 post, EPUB, report) shares.

Inline spans (italics, bold, and for the report each quote with its speaker) may cross each
other — an italic run that starts inside a quote and ends after it is common in fics — so the
text is cut at every span boundary and each piece is wrapped in the tags of the spans that cover
it. The result is always well-formed (EPUB's XHTML demands it) whatever the input's nesting.
"""

from __future__ import annotations

import bisect
import html
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from fabula.model import Block, Chapter, Mark, Story
from fabula.segment import patterns as P
from fabula.segment.spans import SpanIndex

TAGS = {"italic": "em", "bold": "strong"}
_MD_EMPHASIS = "*_"


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    open: str  # full opening tag, e.g. '<span class="q c2">'
    close: str
    order: int = 0  # outer spans first


@dataclass
class Part:
    """A unit of the story proper, in reading order."""

    kind: str  # "para", "verse", "break", "heading", "marker" (a scene's "*Flashback*" or "Two days later")
    start: int
    end: int
    chapter: int
    scene: int | None = None


def parts(story: Story, start: int = 0, end: int | None = None) -> Iterator[Part]:
    """Paragraphs, verse blocks, scene breaks and chapter headings of the story proper (no notes):
    all of them, or those that begin in text[start:end] — the same parts as in the whole, so a
    renderer may write the halves of a book apart, provided ``start`` is not inside a verse block
    (one is given whole at its first text block)."""
    apart = SpanIndex([(p.start, p.end) for p in story.paratext] + ([story.title_span] if story.title_span else []))
    verse = sorted((v.start, v.end) for v in story.verse)
    blocks: list[Block] = story.story_blocks
    starts = [b.start for b in blocks]
    scenes = story.scenes
    si = 0
    vi = 0
    shown_verse = -1  # a verse block over several text blocks is one part, given at its first
    text = story.text
    stop = len(text) + 1 if end is None else end

    def skipped(b: Block, ch: Chapter, line: str) -> bool:  # line: the block's text
        if b.kind == "break":
            return True
        if "\n" not in line and P.is_break_line(line):
            return True  # the break itself is rendered as a rule
        return apart.contains(b.start) or bool(ch.heading and ch.heading[0] <= b.start < ch.heading[1])

    for ch in story.chapters or []:
        if ch.end <= start or ch.start >= stop:
            continue
        last_scene = _scene_before(story, blocks, starts, ch, start, skipped) if ch.start < start else None
        if ch.heading and ch.start >= start:
            yield Part("heading", ch.heading[0], ch.heading[1], ch.n)
        for b in blocks[bisect.bisect_left(starts, max(ch.start, start)):bisect.bisect_left(starts, min(ch.end, stop))]:
            line = text[b.start:b.end]
            if skipped(b, ch, line):
                continue
            while si + 1 < len(scenes) and scenes[si + 1].start <= b.start:
                si += 1
            scene = scenes[si].n if scenes and scenes[si].start <= b.start < scenes[si].end else None
            if scene is not None and last_scene is not None and scene != last_scene and scenes[si].chapter == ch.n:
                yield Part("break", b.start, b.start, ch.n, scene)
            last_scene = scene if scene is not None else last_scene
            while vi < len(verse) and verse[vi][1] <= b.start:
                vi += 1
            if vi < len(verse) and verse[vi][0] <= b.start < verse[vi][1]:
                if vi != shown_verse:
                    shown_verse = vi
                    yield Part("verse", verse[vi][0], verse[vi][1], ch.n, scene)
                continue
            marker = "\n" not in line and P.is_scene_marker(line)
            yield Part("marker" if marker else "para", b.start, b.end, ch.n, scene)


def _scene_before(story: Story, blocks: list[Block], starts: list[int], ch: Chapter, pos: int,
                  skipped: Callable[[Block, Chapter, str], bool]) -> int | None:
    """The scene of the last block of chapter ``ch`` before ``pos`` that :func:`parts` shows and
    that lies in a scene: where a run of parts that begins mid-chapter takes up the chapter's
    scene (a break is shown where the scene changes)."""
    scenes = story.scenes
    scene_starts = [sc.start for sc in scenes]
    for b in reversed(blocks[bisect.bisect_left(starts, ch.start):bisect.bisect_left(starts, pos)]):
        if skipped(b, ch, story.text[b.start:b.end]):
            continue
        i = bisect.bisect_right(scene_starts, b.start) - 1
        if scenes and scenes[max(i, 0)].start <= b.start < scenes[max(i, 0)].end:
            return scenes[max(i, 0)].n
    return None


def chapter_parts(story: Story) -> dict[int, list[Part]]:
    """The parts of each chapter, read once for all chapters."""
    out: dict[int, list[Part]] = {}
    for part in parts(story):
        out.setdefault(part.chapter, []).append(part)
    return out


_BUCKET = 2048  # characters per bucket of the marks index
# the index of the last document rendered: (its marks list, their number, bucket → marks)
_BUCKETS: list[tuple[list[Mark], int, dict[int, list[tuple[int, Span]]]]] = []


def index_marks(story: Story) -> None:
    """Build the emphasis marks' index now (a renderer about to fork writes it once, not in each process)."""
    _marks_over(story, 0, 0)


def _marks_over(story: Story, start: int, end: int) -> list[Span]:
    """The emphasis marks over text[start:end], from an index built once per document.

    Each mark is filed under every ``_BUCKET``-character bucket it touches (a mark over a whole
    chapter is filed a few hundred times, not looked at for every paragraph), so finding a
    paragraph's marks costs what lies near it, not every mark of the story."""
    marks = story.doc.marks
    cached = _BUCKETS[0] if _BUCKETS else None
    if cached is None or cached[0] is not marks or cached[1] != len(marks):
        buckets: dict[int, list[tuple[int, Span]]] = {}
        for n, m in enumerate(marks):
            if m.kind not in TAGS:
                continue
            span = Span(m.start, m.end, f"<{TAGS[m.kind]}>", f"</{TAGS[m.kind]}>", 10)
            for k in range(m.start // _BUCKET, max(m.end - 1, m.start) // _BUCKET + 1):
                buckets.setdefault(k, []).append((n, span))
        cached = (marks, len(marks), buckets)
        _BUCKETS[:] = [cached]  # the last document's index only: a renderer writes nothing onto the story
    buckets = cached[2]
    found: dict[int, Span] = {}
    for k in range(start // _BUCKET, max(end - 1, start) // _BUCKET + 1):
        for n, span in buckets.get(k, ()):
            if span.end > start and span.start < end:
                found[n] = span
    return [found[n] for n in sorted(found)]  # in the document's order of marks


def inline_html(story: Story, start: int, end: int, extra: list[Span] | None = None, line_breaks: bool = False) -> str:
    """Text[start:end] escaped, with italics/bold (and ``extra`` spans) as tags, well-formed.

    The text is cut at every span boundary; a sweep over the cuts keeps the spans open at each
    piece, so a paragraph of thousands of quotes costs the number of its spans, not its square."""
    text = story.text
    markdown = story.doc.format == "markdown"
    spans = _marks_over(story, start, end)
    spans += [s for s in extra or [] if s.end > start and s.start < end]
    cuts = sorted({start, end, *(max(start, min(end, p)) for s in spans for p in (s.start, s.end))})
    opening: dict[int, list[int]] = {}
    for i, s in enumerate(spans):
        if s.end > s.start:  # an empty span covers no piece
            opening.setdefault(max(start, s.start), []).append(i)
    open_now: set[int] = set()
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        open_now.update(opening.get(a, ()))
        open_now.difference_update([i for i in open_now if spans[i].end <= a])
        piece = text[a:b]
        # outer spans first; among equals, in the order they were given (as a stable sort of the list)
        active = [spans[i] for i in sorted(open_now, key=lambda i: (spans[i].order, i))]
        if markdown and any(s.order == 10 for s in active):
            piece = piece.strip(_MD_EMPHASIS) if piece.strip(_MD_EMPHASIS) else ""
        body = html.escape(piece, quote=False)
        if line_breaks:
            body = body.replace("\r\n", "\n").replace("\n", "<br />")
        else:
            body = " ".join(body.split()) if "\n" in body else body
        if not body:
            continue
        out.append("".join(s.open for s in active) + body + "".join(s.close for s in reversed(active)))
    return "".join(out).strip()


def block_text(story: Story, start: int, end: int) -> str:
    """Plain text of a span with Markdown emphasis markers removed (titles, notes in metadata)."""
    raw = story.text[start:end].strip()
    if story.doc.format == "markdown":
        raw = raw.strip("#").strip()
    return " ".join(raw.split())
