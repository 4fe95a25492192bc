"""The story as HTML paragraphs: one function every HTML output (AO3 post, EPUB, report) shares.

Inline spans (italics, bold, and for the report each quote with its speaker) may cross each
other — an italic run that starts inside a quote and ends after it is common in fics — so the
text is cut at every span boundary and each piece is wrapped in the tags of the spans that cover
it. The result is always well-formed (EPUB's XHTML demands it) whatever the input's nesting.
"""

from __future__ import annotations

import bisect
import html
from collections.abc import Iterator
from dataclasses import dataclass

from fabula.model import Block, Story
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


def parts(story: Story) -> Iterator[Part]:
    """Paragraphs, verse blocks, scene breaks and chapter headings of the story proper (no notes)."""
    apart = SpanIndex([(p.start, p.end) for p in story.paratext] + ([story.title_span] if story.title_span else []))
    verse = sorted((v.start, v.end) for v in story.verse)
    blocks: list[Block] = story.story_blocks
    starts = [b.start for b in blocks]
    scenes = story.scenes
    si = 0
    vi = 0
    shown_verse = -1  # a verse block over several text blocks is one part, given at its first
    text = story.text
    for ch in story.chapters or []:
        last_scene: int | None = None
        if ch.heading:
            yield Part("heading", ch.heading[0], ch.heading[1], ch.n)
        for b in blocks[bisect.bisect_left(starts, ch.start):bisect.bisect_left(starts, ch.end)]:
            if b.kind == "break":
                continue
            line = text[b.start:b.end]
            if "\n" not in line and P.is_break_line(line):
                continue  # the break itself is rendered as a rule
            if apart.contains(b.start) or (ch.heading and ch.heading[0] <= b.start < ch.heading[1]):
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


def chapter_parts(story: Story) -> dict[int, list[Part]]:
    """The parts of each chapter, read once for all chapters."""
    out: dict[int, list[Part]] = {}
    for part in parts(story):
        out.setdefault(part.chapter, []).append(part)
    return out


def inline_html(story: Story, start: int, end: int, extra: list[Span] | None = None, line_breaks: bool = False) -> str:
    """Text[start:end] escaped, with italics/bold (and ``extra`` spans) as tags, well-formed."""
    text = story.text
    markdown = story.doc.format == "markdown"
    spans = [Span(m.start, m.end, f"<{TAGS[m.kind]}>", f"</{TAGS[m.kind]}>", 10)
             for m in story.doc.marks if m.end > start and m.start < end and m.kind in TAGS]
    spans += [s for s in extra or [] if s.end > start and s.start < end]
    cuts = sorted({start, end, *(max(start, min(end, p)) for s in spans for p in (s.start, s.end))})
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        piece = text[a:b]
        active = sorted((s for s in spans if s.start <= a and s.end >= b), key=lambda s: s.order)
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
