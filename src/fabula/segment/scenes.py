"""Scenes: chapters split at every break convention writers use.

A break is an explicit rule (``<hr>``), a line that is only a break convention (``***``,
``xXx``, ``[line break]``…), or a run of blank lines clearly wider than the story's usual
paragraph gap (in HTML, EPUB and drafts that mark their breaks, not around a line of a few
words set apart by empty paragraphs: such a page puts them there for a pause). POV labels,
flashback and time markers (``Yusra's POV``, ``*Flashback*``, ``Three days later...``) start a
scene even without a break before them.

A scene is never only verse: lyrics a songfic opens on, above a POV label or a break line, are
the epigraph of the scene they stand over (the label names that scene), and lyrics after a
chapter's last break close the scene before them. Where the prose is hard-wrapped, short lines
say nothing, and this is not done.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections import Counter
from collections.abc import Callable
from statistics import median

from fabula.model import Block, Chapter, Document, Scene
from fabula.segment import patterns as P
from fabula.segment.spans import hard_wrapped


def segment_scenes(doc: Document, blocks: list[Block], chapters: list[Chapter]) -> list[Scene]:
    """The scenes of the story ``blocks`` (the structure pass's), each in its chapter."""
    text = doc.text
    gaps = [b.gap for b in blocks[1:]]
    typical = median(gaps) if gaps else 1
    plain = doc.format in ("text", "markdown")
    # where paragraphs are lines with no blank line between (gap 0), one blank line is a break
    # (a structured format's gap counts the element boundaries between paragraphs too: an empty
    # paragraph there is two more than the usual gap, and a page that puts one between every
    # paragraph, as a paste from a word processor does, needs two of them for a break)
    wide_gap = _break_gap(typical, doc.format)
    # a page that marks its breaks (``<hr>``, ``~~~``) also leaves empty paragraphs for a pause
    # around a short line ("She was late…", an empty line, "She was shaking.", an empty line): there the
    # empty paragraphs around a line of a few words set apart are that pause, not a break
    marked = not plain and _marks_its_breaks(text, blocks)
    scenes: list[Scene] = []
    starts = [c.start for c in chapters]

    def chapter_of(b: Block) -> int:
        i = bisect.bisect_right(starts, b.start) - 1
        return chapters[i].n if i >= 0 else 1

    wide_in = _wide_gaps_by_chapter(blocks, chapter_of, wide_gap, doc.format) if len(chapters) > 1 else {}

    wrapped: list[bool] = []  # is the prose hard-wrapped? asked only when a label follows verse-shaped lines

    def only_verse(found: list[Block]) -> bool:
        if not (all(_verse_shaped(text[b.start:b.end]) for b in found) or _epigraph(text, found)):
            return False
        if not wrapped:
            wrapped.append(hard_wrapped(text, blocks))
        return not wrapped[0]

    current: list[Block] = []
    label: str | None = None
    marker: str | None = None
    cur_ch = None
    verse_only: list[bool] = []  # for each scene: is it nothing but verse?

    def flush() -> None:
        nonlocal current, label, marker
        if current:
            if not scenes or scenes[-1].chapter != chapter_of(current[0]):
                label = None  # a rule under a chapter's notes is not a scene break
            scenes.append(Scene(len(scenes) + 1, chapter_of(current[0]), current[0].start, current[-1].end,
                                label, marker))
            verse_only.append(marker is None and only_verse(current))
        current, label, marker = [], None, None

    for i, b in enumerate(blocks):
        ch = chapter_of(b)
        if ch != cur_ch:
            flush()
            cur_ch = ch
        t = text[b.start:b.end]
        # a line that may be a break line, a marker or a framed name: one on its own, not a paragraph
        # on one line too long for any with nothing to strip (what each of those tests says first)
        may_mark = "\n" not in t and (len(t) <= P.BREAK_LINE_MAX or t[0].isspace() or t[-1].isspace())
        if b.kind == "break" or (may_mark and P.is_break_line(t)):
            if current and not all(c.kind == "heading" for c in current) and not (marker is not None and len(current) == 1) \
                    and not (label is not None and len(current) == 1 and _slug(text[current[0].start:current[0].end])):
                # (an ornament under a heading in the text decorates it, and one under a lone POV
                # label or time marker framed by breaks, "~~~ / Weeks earlier. / ~~~", frames it:
                # the label opens the scene after it; so does any short line framed so, a place or
                # a time the writer sets over the scene: "-break- / Beneath the rope loft / -break-")
                flush()
            if label is None:
                label = "<hr>" if b.kind == "break" and doc.format not in ("text", "markdown") else t.strip()
            continue
        wide = wide_in.get(ch, wide_gap)
        if current and b.gap >= wide and not (marked and _pause(text, blocks, i, wide, chapter_of)):
            flush()
            label = label or "blank lines"
        if may_mark and (P.is_scene_marker(t) or _framed_name(text, t)):
            if current and not only_verse(current):
                flush()
            marker = t.strip()
        current.append(b)
    flush()
    return _fold_verse_scenes(scenes, verse_only) if any(verse_only) else scenes


#: A chapter's own paragraph gap is weighed where it has at least this many paragraphs.
_CHAPTER_GAPS_MIN = 12


def _break_gap(typical: float, fmt: str) -> int:
    """The gap between paragraphs that breaks a scene, from the typical gap (see :func:`segment_scenes`)."""
    if fmt in ("text", "markdown"):
        return 1 if typical == 0 and fmt == "text" else max(3, int(typical) + 2)
    return max(2, int(typical) + 2)


def _wide_gaps_by_chapter(blocks: list[Block], chapter_of: Callable[[Block], int], wide_gap: int,
                          fmt: str) -> dict[int, int]:
    """The gap that breaks a scene, per chapter, where a chapter's own paragraphs sit wider apart than
    the work's: a work whose later chapters were pasted with an empty paragraph between every two
    (``<p>&nbsp;</p>``) breaks there only at a wider gap still. Never narrower than the work's."""
    by_chapter: dict[int, list[int]] = {}
    for b in blocks[1:]:
        by_chapter.setdefault(chapter_of(b), []).append(b.gap)
    out: dict[int, int] = {}
    for ch, gaps in by_chapter.items():
        if len(gaps) >= _CHAPTER_GAPS_MIN:
            own = _break_gap(median(gaps), fmt)
            if own > wide_gap:
                out[ch] = own
    return out


def _slug(t: str) -> bool:
    """A line of a few words that is no sentence of the story: a place or a time set over a scene
    ("Beneath the rope loft", "Nine hours on...", "Meanwhile, at the mill"): one line, at most six
    words, not dialogue, not ending on a full stop, question or exclamation mark."""
    s = t.strip().strip("*_~")
    return ("\n" not in s and 0 < len(s.split()) <= 6 and s[0] not in "\"“'‘" and not re.search(r"(?<!\.)[.!?][\"”’')]*$", s))


def _is_mark(text: str, b: Block) -> bool:
    """Is block ``b`` a rule or a break line?"""
    return b.kind == "break" or ("\n" not in text[b.start:b.end] and P.is_break_line(text[b.start:b.end]))


def _marks_its_breaks(text: str, blocks: list[Block]) -> bool:
    """Does the story mark a scene break with a rule or a break line anywhere?"""
    return any(_is_mark(text, b) for b in blocks)


def _short(text: str, b: Block) -> bool:
    """A line of a few words ("She was shaking."), the kind a pause is set around."""
    return len(text[b.start:b.end].split()) <= 8


def _beat(t: str) -> bool:
    """A line the story pauses after, not one a scene ends on: a very few words ("So she
    waited.", "The door held.") or a short question waiting for its answer ("Who else knew?")."""
    words = len(t.split())
    return words <= 4 or (words <= 8 and _QUESTION_END.search(t) is not None)


_QUESTION_END = re.compile(r"\?[\"”’'*_)\]]*\s*$")


#: A paragraph that is a footnote: it opens on its mark ("*", "**", "†", "[1]") and goes straight on.
_FOOTNOTE = re.compile(r"\s*(?:\*{1,3}|[†‡]|\[\d{1,2}\])(?=[^\W\d_])")


def _pause(text: str, blocks: list[Block], i: int, wide_gap: int, chapter_of: Callable[[Block], int]) -> bool:
    """Is the wide gap before ``blocks[i]`` a pause: after a beat (:func:`_beat`: "So she
    waited.", an empty line, the story going on; "Is it holding?", an empty line, "It's
    holding."), between two short lines, before one paragraph set apart on both sides just
    above a break mark (the scene's closing line, not a scene of its own), or around a short line set apart (the line after it
    with a wide gap after it too or closing its chapter, or the line before it with a wide gap
    before it too)?

    Only asked of a page that marks its breaks with a rule or a break line: such a writer breaks
    scenes with the mark, and the empty paragraph after a line of a few words is rhythm. Between
    two paragraphs of narration, or after a line of dialogue closing a scene ("'You're late,'
    she said."), an empty paragraph still breaks the scene."""
    b, prev = blocks[i], blocks[i - 1]
    if _FOOTNOTE.match(text, b.start, b.end) or _FOOTNOTE.match(text, prev.start, prev.end):
        return True  # a footnote ("*Probably not.") set apart under the line that calls it ("magic*."), or after it
    if _lines_set_apart(text[b.start:b.end]) or _lines_set_apart(text[prev.start:prev.end]):
        return True  # verse or a letter's lines quoted in the scene, set apart from its prose: no scene of their own
    nxt = blocks[i + 1] if i + 1 < len(blocks) and chapter_of(blocks[i + 1]) == chapter_of(b) else None
    if nxt is not None and nxt.gap >= wide_gap and _is_mark(text, nxt):
        return True  # one paragraph set apart on both sides, then the mark: the scene's last beat, not a scene
    if not (_short(text, b) or _short(text, prev)):
        return False
    if _beat(text[prev.start:prev.end]):
        return True
    return (_short(text, b) and (_short(text, prev) or nxt is None or nxt.gap >= wide_gap)) or (
        _short(text, prev) and prev.gap >= wide_gap)


def _fold_verse_scenes(scenes: list[Scene], verse_only: list[bool]) -> list[Scene]:
    """Each scene that is only verse joined to the next scene of its chapter (whose epigraph it
    is), else to the one before it; the joined scene keeps the first one's break. Numbers are
    given again."""
    out: list[Scene] = []
    carry: Scene | None = None  # verse waiting for the scene it opens

    def settle() -> None:
        """Verse no scene of its chapter follows: it closes the scene before it, if that is its chapter's."""
        if carry is None:
            return
        if out and out[-1].chapter == carry.chapter:
            out[-1].end = carry.end
        else:
            out.append(carry)

    for scene, alone in zip(scenes, verse_only, strict=True):
        if carry is not None and carry.chapter != scene.chapter:
            settle()
            carry = None
        if alone:
            if carry is None:
                carry = scene
            else:
                carry.end = scene.end
            continue
        if carry is not None:
            scene.start, scene.break_ = carry.start, carry.break_
            carry = None
        out.append(scene)
    settle()
    for n, scene in enumerate(out, start=1):
        scene.n = n
    return out


def _framed_name(text: str, line: str) -> bool:
    """A POV switch written as a name between marks ("-Idda-", "~Maro~"): the word must be a name
    the story uses, capitalised inside its sentences at least twice ("said Idda", "for Idda,"),
    so that a sound between asterisks ("*Thud*") is no label."""
    m = P.FRAMED_NAME.match(line) if len(line) <= 60 else None
    if m is None:
        return False
    name = m.group(2)
    if name.isalpha():
        return _named_inside(text).get(name, 0) >= 2
    inside = re.compile(r"[a-z,;:] " + re.escape(name) + r"\b")
    return sum(1 for _ in itertools.islice(inside.finditer(text), 2)) >= 2


@functools.lru_cache(maxsize=2)
def _named_inside(text: str) -> Counter[str]:
    """How often each capitalised word stands inside a sentence (after a lower-case letter or a
    comma): counted once per text, not once per framed line (a story of many "*Thud*"s)."""
    return Counter(_INSIDE.findall(text))


_INSIDE = re.compile(r"[a-z,;:] ([A-Z][a-z]+)\b")


def _epigraph(text: str, found: list[Block]) -> bool:
    """Lines of verse set one to a paragraph, closed by their source ("— a poet, a poem"): an
    epigraph as a web page sets it, the paragraphs short and without quotation marks."""
    if len(found) < 2:
        return False
    *lines, source = (text[b.start:b.end].strip() for b in found)
    return (P.SOURCE_LINE.match(source) is not None and len(source) <= 160
            and all(len(ln) <= 90 and '"' not in ln and "“" not in ln for ln in lines))



def _lines_set_apart(t: str) -> bool:
    """Three or more short lines in one paragraph (verse, quoted or not; a letter's lines): a
    quotation the prose around it sets apart with empty paragraphs."""
    lines = [ln for ln in t.split("\n") if ln.strip()]
    return len(lines) >= 3 and all(len(ln) <= 90 for ln in lines) and sum(P.CHAT_LINE.match(ln) is not None
                                                                          for ln in lines) * 2 < len(lines)


def _verse_shaped(t: str) -> bool:
    """Two or more short lines with no dialogue: lyrics or a poem set apart from the prose (not
    a chat log's ``name: message`` lines, which are a scene's talk)."""
    lines = [ln for ln in t.split("\n") if ln.strip()]
    return (len(lines) >= 2 and all(len(ln) <= 90 for ln in lines) and '"' not in t and "“" not in t
            and sum(P.CHAT_LINE.match(ln) is not None for ln in lines) * 2 < len(lines))
