"""Plain text: the decoded file is the story's text, unchanged; blocks are runs of lines.

Most files put a blank line between paragraphs. Some put none — one paragraph a line, as a
browser's copy, a phone's notes app or an old word processor's export leaves them — and then a
run of lines is no paragraph but a whole chapter, header and all; there each line is a block,
and a blank line is the writer's break between scenes.
"""

from __future__ import annotations

import bisect
import re

from fabula.ingest.metadata import apply_label
from fabula.model import Block, Document, Region, Work

# A run of lines each holding something other than white space.
_BLOCK = re.compile(r"[^\S\n]*\S[^\n]*(?:\n[^\S\n]*\S[^\n]*)*")
#: A line that ends a sentence (or a quoted one): a paragraph's end, where a wrapped line ends mid-sentence.
_SENTENCE_END = frozenset(".!?…\"”'’)*_~")
#: Longer than a hard-wrapped line (wrapping is at 60 to 80 characters).
_LONG_LINE = 90
#: longer than most sentences are: a line this long is a paragraph's worth
_PARAGRAPH_LINE = 150
#: A chat log's line ("name: message"): a message ends a sentence as a paragraph does, but a run
#: of them is one block of the story's talk, not paragraphs; left out of the count.
_CHAT_SHAPED = re.compile(r"^[^\s:]{1,24}(?: [^\s:]{1,24})?:\s")


#: The labels of an AO3 work page, as a browser copies them: each on a line of its own, with no blank
#: line before or after it ("Notes:" right under "Chapter 1: The Coast Road"); the tag block's
#: labels ("Rating:", "Stats:") each above its value.
_SITE_LABEL_LINE = re.compile(
    r"^[ \t]*(?:summary|notes|chapter (?:summary|notes|end notes)|end notes|chapter text|work text"
    r"|\(see the end of the (?:chapter|work) for (?:more )?notes\.?\)"
    r"|(?:rating|archive warnings?|categor(?:y|ies)|fandoms?|relationships?|characters|additional tags|language"
    r"|stats|published|updated|completed|words|chapters|comments|kudos|bookmarks|hits):)[ \t]*:?[ \t]*$", re.I | re.M)
#: The last of the tag block's stats, as a copied page has them: "Hits:" (or the one before it) on
#: a line above its number; a download read as text has the stats on one line under "Stats:".
_STATS_END = re.compile(r"^[ \t]*(?:Stats|Published|Updated|Completed|Words|Chapters|Comments|Kudos|Bookmarks|Hits):"
                        r"[ \t]*\n[ \t]*(?:[\d,/?-]+|Published:[^\n]*)[ \t]*$", re.M)
#: The site's block under the work, as copied: "Actions", then the kudos and comments.
_FEEDBACK = re.compile(r"^[ \t]*Actions[ \t]*$(?=[\s\S]{0,600}?(?:Kudos ♥|left kudos on this work))", re.M)


#: The words a page's labels are spelt with, as AO3 writes them, looked for in the text's first
#: ``_SITE_HEAD`` characters (a copied page's first label is its summary's or its first chapter's).
_SITE_WORDS = ("Summary", "Notes", " Text", "(See the end", "Stats:")
_SITE_HEAD = 40_000


#: what :func:`trimmed` takes off a span's start, and off its end
_TRIM_START = " \t\r\f\v\u00a0\ufeff"
_TRIM_END = " \t\r\f\v\u00a0"


def trimmed(text: str, s: int, e: int) -> tuple[int, int]:
    """``text[s:e]`` without the white space (\\r, a no-break space, a BOM) at its ends, as offsets
    into the text: a block's or a line's span. The one trim every reader of lines shares (the
    structure pass's header lines too), so a line's edges are the same wherever it is read."""
    while s < e and text[s] in _TRIM_START:
        s += 1
    while e > s and text[e - 1] in _TRIM_END:
        e -= 1
    return s, e


def text_blocks(text: str, start: int = 0, end: int | None = None) -> list[Block]:
    """Paragraph blocks of ``text[start:end]``, with the blank lines before each as ``gap``."""
    end = len(text) if end is None else end
    blocks: list[Block] = []
    prev = -1  # no block yet: the first has no gap
    for m in _BLOCK.finditer(text, start, end):
        s, e = m.span()
        if text[s] in _TRIM_START or text[e - 1] in _TRIM_END:  # (a match holds a character at least)
            s, e = trimmed(text, s, e)
        gap = text.count("\n", prev, m.start()) - 1 if prev >= 0 else 0
        blocks.append(Block(s, e, "para", gap if gap > 0 else 0))
        prev = m.end()
    return blocks


def lines_are_paragraphs(text: str, blocks: list[Block]) -> bool:
    """Is each line a paragraph: do the runs of lines hold most of the text's lines, five lines or
    more a run on average, and are their lines (all but each run's last) often long and mostly
    ending a sentence? A hard-wrapped book's lines are short and end mid-sentence; lyrics, a chat
    log or a header are short lines; a text with a sentence a line has a blank line every few
    lines (a run of twelve lines on average, or of five where a quarter of them are longer than
    most sentences, is a scene's paragraphs). The first 2,000 blocks (at most 600 inner lines) decide."""
    inner = long = very_long = ends = total = in_runs = seen = 0
    for b in blocks[:2000]:
        if inner >= 600:
            break
        seen += 1
        n = 1 + text.count("\n", b.start, b.end)
        total += n
        if n == 1:
            continue
        in_runs += n
        lines = [ln.strip() for ln in text[b.start:b.end].split("\n") if ln.strip()]
        for ln in lines[:-1]:
            if _CHAT_SHAPED.match(ln):
                continue  # a message, or a label's line ("By:", "A/N:"): says nothing either way
            inner += 1
            long += len(ln) > _LONG_LINE
            very_long += len(ln) > _PARAGRAPH_LINE
            ends += ln[-1] in _SENTENCE_END
    # a blank line every five lines or more is still a paragraph's worth of sentences ("a sentence a
    # line, a blank line between paragraphs"): there, only lines a paragraph long decide
    return (inner >= 5 and 2 * in_runs >= total and long >= 0.15 * inner and ends >= 0.5 * inner
            and (seen * 12 <= total or (seen * 5 <= total and very_long >= 0.25 * inner)))


def line_blocks(text: str, blocks: list[Block], only: set[int] | None = None) -> list[Block]:
    """Each line of each block (of those in ``only``, where given) a block of its own (gap 0
    within a run of lines)."""
    out: list[Block] = []
    for k, b in enumerate(blocks):
        if text.find("\n", b.start, b.end) < 0 or (only is not None and k not in only):
            out.append(b)
            continue
        first = True
        for m in re.finditer(r"[^\n]+", text[b.start:b.end]):
            s, e = trimmed(text, b.start + m.start(), b.start + m.end())
            if e > s:
                out.append(Block(s, e, "para", b.gap if first else 0))
                first = False
    return out


def site_labelled(text: str, blocks: list[Block]) -> set[int]:
    """The runs of lines that hold one of a work page's labels ("Notes:", "Chapter Text"): a page
    copied from the browser, whose headings and labels come with no blank line around them; each
    such run is read line by line."""
    found: set[int] = set()
    head = text[:_SITE_HEAD]
    if not any(word in head for word in _SITE_WORDS):
        return found  # a page's labels start near its top ("Summary:", the first "Chapter Text"): a novel has none
    starts = [b.start for b in blocks]
    for m in _SITE_LABEL_LINE.finditer(text):
        k = bisect.bisect_right(starts, m.start()) - 1
        if k >= 0 and blocks[k].end >= m.end() and text.find("\n", blocks[k].start, blocks[k].end) >= 0:
            found.add(k)
    return found


def page_copy_regions(text: str, blocks: list[Block]) -> list[Region]:
    """An AO3 work page copied whole (Ctrl+A): the site's menu and the tag block above the work
    (up to the stats' last number) and the site's block under it ("Actions", kudos, comments)
    are the site's, recorded as metadata; the line after the stats is the title. Only where the
    text has the stats of a tag block, and only on whole blocks (the lines were split off)."""
    if "Stats:" not in text or not blocks:
        return []
    ends = [m.end() for m in _STATS_END.finditer(text, 0, min(len(text), 20_000))]
    if not ends:
        return []
    regions: list[Region] = []
    top = ends[-1]
    inside = [b for b in blocks if b.end <= top]
    if inside:
        regions.append(Region("paratext", inside[0].start, inside[-1].end, "metadata"))
        after = next((b for b in blocks if b.start > top), None)
        if after is not None and "\n" not in text[after.start:after.end] and len(text[after.start:after.end]) <= 200:
            regions.append(Region("title", after.start, after.end))
    feedback = None
    for m in _FEEDBACK.finditer(text, max(top, len(text) - 20_000)):
        feedback = m
    if feedback is not None:
        tail = [b for b in blocks if b.start >= feedback.start() + len(feedback.group(0)) - len(feedback.group(0).lstrip())]
        if tail:
            regions.append(Region("paratext", tail[0].start, tail[-1].end, "metadata"))
    return regions


def page_copy_work(text: str, regions: list[Region]) -> Work:
    """The work's title and tags from a copied page's regions: each "Label:" line of the tag block
    with the lines under it up to the next label ("Characters:", "Ysolde Farrow", "Brann Amary")."""
    work = Work()
    for r in regions:
        if r.kind == "title":
            work.title = text[r.start:r.end].strip()
        elif r.kind == "paratext" and r.start == regions[0].start:
            label: str | None = None
            values: list[str] = []
            for line in [*text[r.start:r.end].split("\n"), "End:"]:
                line = line.strip()
                if line.endswith(":") and len(line) <= 30:
                    if label and values:
                        apply_label(work, label, ", ".join(values), values)
                    label, values = line[:-1], []
                elif label and line:
                    values.append(line)
    return work


def read_text(text: str, encoding: str, path: str | None) -> Document:
    blocks = text_blocks(text)
    regions: list[Region] = []
    if lines_are_paragraphs(text, blocks):
        blocks = line_blocks(text, blocks)
    elif labelled := site_labelled(text, blocks):
        blocks = line_blocks(text, blocks, labelled)
        regions = page_copy_regions(text, blocks)
    return Document(text=text, format="text", encoding=encoding, path=path, blocks=blocks, regions=regions,
                    work=page_copy_work(text, regions) if regions else Work())
