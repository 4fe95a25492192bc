"""Verse: lyrics, poems, letters and messages set apart from the prose.

Three shapes are recognised, each by layout rather than by words:
- a unit that opens with a single quote at a paragraph's start and closes with one at a
  (possibly later) paragraph's end, spanning two or more lines, in a story whose dialogue uses
  double quotes — the songfic convention of lyrics "in single quotes between paragraphs";
- a paragraph of two or more short lines where the story's prose is not hard-wrapped (or, in a
  hard-wrapped book, lines clearly shorter than its wrap width);
- letters (``Dear …,`` to a sign-off) and chat or text messages (``Name: message`` lines, or
  ``name: message`` in lower case from the people of the story's chat logs).
"""

from __future__ import annotations

import re

from fabula.model import Block, Document, Paratext, Verse
from fabula.segment.notes import chat_senders, is_chat
from fabula.segment.patterns import SOURCE_LINE, is_break_line
from fabula.segment.spans import hard_wrapped
from fabula.segment.structure import credits_in, nonblank_lines

_DEAR = re.compile(r"^\s*[*_]*(?:my\s+)?(?:dear(?:est)?|to)\s+[A-Z][\w .'-]{0,40},\s*[*_]*$", re.I)
_SIGNOFF = re.compile(r"^\s*[*_]*(?:love|yours|sincerely|regards|best|cheers|your\s+\w+|affectionately|always|with\s+love|xoxo|—\s*\S)[\w ,]*,?\s*[*_]*$", re.I)
_CHAT = re.compile(r"^\s*[*_]*(?:\[[^\]\n]{1,20}\]\s*)?(?:[A-Z][\w.'-]{0,20}(?: [A-Z][\w.'-]{0,20})?|To|From|Subject|Sent|Re)\s*:\s*\S")
_OPEN_SQ = re.compile(r"^[*_]*[‘']")
_CLOSE_SQ = re.compile(r"[’'][*_]*$")
_CREDIT_LINE = re.compile(r"^\(?\s*(?:lyrics|song|music)\b.*$", re.I)


def _wrap_width(doc: Document, blocks: list[Block]) -> int | None:
    """The line width of a hard-wrapped text, or None if its paragraphs are single lines."""
    if not hard_wrapped(doc.text, blocks):
        return None
    lengths: list[int] = []
    for b in blocks[:2000]:
        t = doc.text[b.start:b.end]
        if "\n" in t:
            lengths.extend(map(len, t.split("\n")[:-1]))
    if len(lengths) < 20:
        return None
    lengths.sort()
    return lengths[int(len(lengths) * 0.9)]


def detect_verse(doc: Document, paratext: list[Paratext], blocks: list[Block],
                 double_dialogue: bool) -> tuple[list[Verse], list[Paratext]]:
    """The verse among the story ``blocks``, and the credit lines that close verse blocks
    ("(lyrics: …)"): paratext the structure pass could not see, since only a verse block's
    last line is one. ``paratext`` (the structure's) is read, never changed."""
    text = doc.text
    verse: list[Verse] = []
    found_credits: list[Paratext] = []
    width = _wrap_width(doc, blocks)
    credits = [i for i, p in enumerate(paratext) if p.kind == "credit"]
    song_credit = next((i for i in credits if paratext[i].song), credits[0] if credits else None)
    senders: list[frozenset[str]] = []  # the story's chat senders, found when a block needs them

    def lowercase_chat(t: str) -> bool:
        if not senders:
            senders.append(chat_senders(text))
        return is_chat(t, senders[0])

    i = 0
    n = len(blocks)
    while i < n:
        b = blocks[i]
        t = text[b.start:b.end]
        if "\n" in t and _long_prose(t, width):
            i += 1  # most paragraphs of a hard-wrapped book: not cut into lines for nothing
            continue
        # a block starts and ends on a non-blank line, so one without a newline is one line
        lines = nonblank_lines(t) if "\n" in t else [t.strip()]
        # 1. single-quoted lyric units across paragraphs
        if double_dialogue and _OPEN_SQ.match(t) and '"' not in t and "“" not in t:
            j, total_lines = i, 0
            while j < n and j - i < 6:
                tj = text[blocks[j].start:blocks[j].end]
                if '"' in tj or "“" in tj or any(len(ln) > 120 for ln in nonblank_lines(tj)):
                    break
                total_lines += len(nonblank_lines(tj))
                if _CLOSE_SQ.search(tj) and (j > i or len(tj) > 1):
                    break
                j += 1
            if j < n and j - i < 6 and total_lines >= 2 and _CLOSE_SQ.search(text[blocks[j].start:blocks[j].end]):
                verse.append(Verse(b.start, blocks[j].end, "lyrics", song_credit))
                i = j + 1
                continue
        # 2. letters
        if lines and _DEAR.match(lines[0]):
            j = i
            while j < n and j - i < 12:
                tail_lines = nonblank_lines(text[blocks[j].start:blocks[j].end])
                if tail_lines and any(_SIGNOFF.match(ln) for ln in tail_lines[-3:]):
                    break
                j += 1
            end = blocks[j].end if j < n and j - i < 12 else b.end
            verse.append(Verse(b.start, end, "letter", None))
            i = (j + 1) if j < n and j - i < 12 else i + 1
            continue
        if len(lines) == 1 and SOURCE_LINE.match(lines[0]) and len(lines[0]) <= 160:
            # 5. verse set one line to a paragraph, closed by its source, over a chapter or a scene
            epigraph = _epigraph_closed_at(text, blocks, i, verse[-1].end if verse else -1)
            if epigraph is not None:
                verse.append(epigraph)
                i += 1
                continue
        if len(lines) >= 2:
            # 3. messages (every chat line has a colon: count those first, it is cheaper)
            need = max(2, 0.8 * len(lines))
            if t.count(":") >= need and (sum(bool(_CHAT.match(ln)) for ln in lines) >= need or lowercase_chat(t)):
                verse.append(Verse(b.start, b.end, "message", None))
                i += 1
                continue
            # 4. short lines: verse (a closing "(lyrics: …)" line is the credit, not the verse)
            last_line_start = text.rfind("\n", b.start, b.end) + 1
            last = text[last_line_start:b.end].strip()
            credit_line = bool(_CREDIT_LINE.match(last.lstrip("(*_ "))) and len(lines) >= 3
            body = lines[:-1] if credit_line else lines
            joined = "\n".join(body)
            if '"' not in joined and "“" not in joined and _verse_lines(body, width):
                end = b.end
                if credit_line:
                    end = text.rfind("\n", b.start, last_line_start)
                    while end > b.start and text[end - 1] in " \t\r":
                        end -= 1
                    found = credits_in(text, last_line_start, b.end, None)
                    found_credits.extend(found or [Paratext("credit", last_line_start, b.end, None)])
                kind = "lyrics" if (song_credit is not None or _italic_lines(lines) or _CREDIT_LINE.match(last)) else "poem"
                verse.append(Verse(b.start, end, kind, song_credit if kind == "lyrics" else None))
        i += 1
    return verse, found_credits



def _epigraph_closed_at(text: str, blocks: list[Block], i: int, after: int) -> Verse | None:
    """The epigraph whose source line is ``blocks[i]``: the one-line paragraphs above it (none
    before ``after``) when they break their lines mid-sentence, as verse does and narration does
    not, and stand right under a break, a heading or the text's top. Looked for only at a source
    line and only there: in the middle of a scene such lines are as often a dash-dialogue exchange."""
    first = _lines_above(text, blocks, i, after)
    stops = sum(text[blocks[k].start:blocks[k].end].rstrip(" *_")[-1:] in ".!?…" for k in range(first, i))
    if first >= i - 1 or stops * 2 > i - first:
        return None
    before = blocks[first - 1] if first > 0 else None
    if before is None or before.kind in ("break", "heading") or is_break_line(text[before.start:before.end]):
        return Verse(blocks[first].start, blocks[i].end, "epigraph", None)
    return None


def _lines_above(text: str, blocks: list[Block], i: int, after: int) -> int:
    """The first of the one-line paragraphs of verse right above block ``i`` (at most eight: short,
    no quotation marks, not a break line), or ``i`` if there are none."""
    k = i
    while k > 0 and i - k < 8:
        b = blocks[k - 1]
        t = text[b.start:b.end].strip()
        if b.start <= after or b.kind != "para" or "\n" in t or len(t) > 70 or '"' in t or "“" in t \
                or is_break_line(t) or SOURCE_LINE.match(t):
            break
        k -= 1
    return k


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


def _italic_lines(lines: list[str]) -> bool:
    return all(ln[0] in "*_" and ln.rstrip()[-1] in "*_" for ln in lines if ln)


def _verse_lines(lines: list[str], width: int | None) -> bool:
    longest = max(len(ln) for ln in lines)
    if width is None:
        return longest <= 90 and sum(len(ln) for ln in lines) / len(lines) <= 70
    return longest <= 0.75 * width


def _long_prose(t: str, width: int | None) -> bool:
    """Is the block of several lines ``t`` surely none of the shapes below: its first line, not
    blank, is longer than verse's lines may be (:func:`_verse_lines`; that line is verse's, for a
    credit line closes a block of three lines or more), it opens no letter and no lyric in single
    quotes, and it has too few colons for chat lines? Asked before the block is cut into lines."""
    first = t[:t.find("\n")].strip()
    return (bool(first) and len(first) > (90 if width is None else 0.75 * width) and t.count(":") < 2
            and not _OPEN_SQ.match(t) and not _DEAR.match(first))
