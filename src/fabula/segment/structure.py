"""Title, paratext and chapters: what is story and what is the author talking.

Order of evidence: what the format states (AO3's summary, an EPUB chapter file) first, then
what the text labels (``A/N:``, ``Disclaimer:``, ``Chapter 3``), then what it looks like (a
short title-case line after the notes; a paragraph that talks to "you guys" about "this
fic"). Unlabeled notes are only looked for where notes live: before the story, at the top and
bottom of chapters.
"""

from __future__ import annotations

import bisect
import copy
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from fabula.ingest.metadata import apply_label, read_ffn_header
from fabula.ingest.text import trimmed
from fabula.model import Block, Chapter, Document, Paratext, Work
from fabula.segment import patterns as P
from fabula.segment.notes import (
    FIRST_PERSON,
    SECOND_PERSON,
    TEXT_LABEL,
    author_voice,
    chat_senders,
    classify,
    continues,
    is_chat,
    is_separator,
    is_separator_at,
    label_kind,
    labelled,
    lowercase_voice,
    may_note_mid,
    note_cues,
    outside_quotes,
    plain_narration,
    quoted_share,
    reply_start,
    run_forward,
    song_lines,
    story_like,
)
from fabula.segment.spans import story_blocks
from fabula.text.sentences import CREDIT_SENTENCE

#: A summary inside a metadata block: a YAML ``summary:`` key (its value may be a folded block
#: on the lines after) or a ``Summary:`` label line.
_SUMMARY_KEY = re.compile(r"^[ \t]*summary[ \t]*:[ \t]*(?:[>|][-+]?[ \t]*)?", re.I | re.M)
_NEXT_KEY = re.compile(r"^(?:[A-Za-z_][\w \t'’/-]{0,30}:|---|\.\.\.)", re.M)
#: A note's label opening a line of a metadata block ("Author's Notes:", "A/N:", "Disclaimer:").
_NOTE_KEY = re.compile(r"^[ \t*_]*(?:a\s*/\s*n|author['’]?s?\s+notes?|notes?|disclaimer|dedication)[ \t*_]*:", re.I | re.M)
#: A note's label opening the sentence that holds a credit ("A/N: The song is …").
_NOTE_LABEL = re.compile(r"\s*[*_(\[]*(?:a\s*/\s*n|a\.n\.|author['’]?s?\s+notes?|notes?|disclaimer)\s*\d*\s*[:.\-–—)\]]+[*_]*\s*", re.I)
#: "Title by author" (the last " by " splits: "Stand by Me by quillfinch"), the author one or two words.
_TITLE_BY = re.compile(r"^(.+)\s+by\s+(\S+(?:\s\S+)?)$")
#: A note's label with nothing after it ("Notes:", "Chapter Summary", "Author's Note:"): its body follows.
_LONE_LABEL = re.compile(r"^\W*(?:(?:chapter\s+|end\s+|chapter\s+end\s+)?(?:summary|notes?)|author['’]?s?\s+notes?|a\s*/\s*n)\s*:?\W*$", re.I)
#: AO3's label for the work's own end notes (a chapter's are "Chapter End Notes").
_WORK_END_NOTES = re.compile(r"^[\s*_~>(\[#-]*end\s+notes?\b", re.I)
#: The author exclaiming, or opening on an interjection as one does talking to readers ("Okay so",
#: "Wow.", "So yeah", "AAAH", "Phew"): the chat of a note, where the story's narration rarely does either.
_CHATTY = re.compile(r"!|^[\W_]*(?:o+k(?:ay|ies)?|so+|wo+w|phew|whew|yeah|yay|anyw[ae]ys?|omg|a+h+|hi+|hey+|alright|well|oops"
                     r"|welp|sigh)\b", re.I)
#: A line of a chat log, whatever marks its sender: "[2:14] **brann:** ok", "> odile: hi", "brann_42: no".
_MESSAGE = re.compile(r"^[\W_]*(?:\[[^\]\n]{1,20}\][\W_]*)?[\w.'’-]{1,24}(?:[ \t][\w.'’-]{1,24})?[ \t]*[*_]*:[*_]*[ \t]+\S")
#: What every heading pattern (``CHAPTER_HEADING``, ``PART_HEADING``, ``ROMAN_HEADING``,
#: ``NUMBERED_HEADING``) needs at a block's start: its marks, then the first letter of a heading
#: word's first letters ("chapter", "prologue", "epilogue", "interlude", "part", "book", "volume"), a
#: roman numeral as a word of its own, or a digit. A block without it is no heading, and is not cut
#: into lines to be asked (a paragraph opening on "Bright" or "Perhaps" is turned away here).
_HEADING_CUE = re.compile(r"[#*_~=\s-]*(?:ch|pro|epi|int|par|boo|vol|[ivxlc]+\b|\d)", re.I)
#: The same for ``TOC`` ("Contents", "Table of contents").
_TOC_CUE = re.compile(r"\s*(?:table\s|contents)", re.I)
# the end-note search from a chapter's end stops after this many short lines in a row with no plain
# note among them: sign-offs under a note are a few lines ("xoxo", "Once again, thanks!"), not a page
SHORT_LINES_MAX = 8
# "1. Title" lines head chapters only where each is followed by at least this many words
NUMBERED_CHAPTER_WORDS = 50


@dataclass
class Structure:
    """What the structure pass finds; the pipeline copies each field to the story's layer of that name."""

    work: Work
    title_span: tuple[int, int] | None = None
    paratext: list[Paratext] = field(default_factory=list)
    chapters: list[Chapter] = field(default_factory=list)
    headings: list[tuple[int, int]] = field(default_factory=list)
    #: the blocks that are story (not paratext, headings or title), as scenes and verse read them
    story_blocks: list[Block] = field(default_factory=list)


def nonblank_lines(text: str) -> list[str]:
    """The stripped, non-empty lines of a block's text."""
    return [ln.strip() for ln in text.split("\n") if ln.strip()]


def excluded_spans(paratext: list[Paratext], headings: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans that are not story: paratext, chapter headings and the title."""
    return [(p.start, p.end) for p in paratext] + list(headings)


def title_like(t: str) -> bool:
    """A line that reads as a title: short, no closing period, mostly capitalised words."""
    if "\n" in t.strip():
        return False
    s = t.strip().strip("*_#~ ").strip()
    if not s or len(s) > 90 or s[0] in "\"“'‘(-[" or s[-1] in ".,;:" and not s.endswith("..."):
        return False
    words = re.findall(r"[^\W\d_][\w'’-]*", s)
    if not 1 <= len(words) <= 12 or P.is_break_line(s) or P.CHAPTER_HEADING.match(s) or P.POV_LABEL.match(s):
        return False
    if any(rx.match(s) for _, rx in P.PARATEXT_OPENERS) or P.PARATEXT_CLOSERS.match(s):
        return False
    if not (s[0].isupper() or s[0].isdigit()):
        return False
    content = [w for w in words if len(w) > 3]
    caps = sum(w[0].isupper() for w in content)
    return s.isupper() or not content or caps >= 0.5 * len(content)


def credits_in(text: str, start: int, end: int, chapter: int | None) -> list[Paratext]:
    """Song (or other work) credits named in a paratext block, as their own spans: from the
    sentence's start to the maker's name ("The song is "X" by Y"), not what the author adds after."""
    out: list[Paratext] = []
    for sm in CREDIT_SENTENCE.finditer(text, start, end):
        sentence = sm.group(0)
        m = P.CREDIT.search(sentence) or P.CREDIT_PLAIN.search(sentence)
        if not m or not (P.SONG_WORDS.search(sentence) or re.search(r"\btitle\b", sentence, re.I)):
            continue
        s, e = sm.start(), sm.start() + m.end(2)
        if (label := _NOTE_LABEL.match(text, s, e)) is not None:
            s = label.end()  # "A/N: The song is …": the note's label is the note's, not the credit's
        while e < sm.end() and text[e] in ")]}.!\"”’'":
            e += 1  # the credit's own closing bracket or full stop
        while s < e and text[s] in " \t\r\n":
            s += 1
        while e > s and text[e - 1] in " \t\r\n":
            e -= 1
        out.append(Paratext("credit", s, e, chapter, song=m.group(1).strip(), artist=m.group(2).strip()))
    return out


class _Segmenter:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.text = doc.text
        self.blocks = doc.blocks
        self.role: dict[int, str] = {}
        # the work's metadata as the file declared it, and what the text labels: a copy, so that
        # ingest's document stays what the file said
        self.work = copy.deepcopy(doc.work)
        self.out = Structure(self.work)
        self._classified: dict[tuple[int, str], str | None] = {}
        self._starts = [b.start for b in self.blocks]
        self._capitalised: bool | None = None  # do the story's sentences open on capitals? asked when needed
        self._first_person: bool | None = None  # is the story told in the first person? asked when needed
        self._breaks: list[bool] | None = None  # ``_break_at`` of every block, found when first asked
        #: who talks in the story's chat logs: their "name: message" lines are story, not replies or notes
        self.chat = chat_senders(self.text)

    # -- helpers ----------------------------------------------------------------------------
    def t(self, i: int) -> str:
        b = self.blocks[i]
        return self.text[b.start:b.end]

    def first_line(self, i: int) -> str:
        """Block ``i``'s first line, stripped: its first non-blank line, as blocks start on one."""
        b = self.blocks[i]
        nl = self.text.find("\n", b.start, b.end)
        return self.text[b.start: nl if nl >= 0 else b.end].strip()

    def _index_range(self, start: int, end: int) -> list[int]:
        """Indices of the blocks inside [start, end) (blocks are in text order: two bisections)."""
        lo = bisect.bisect_left(self._starts, start)
        hi = bisect.bisect_right(self._starts, end)
        return [i for i in range(lo, hi) if self.blocks[i].end <= end]

    def add_paratext(self, kind: str, idx: list[int], chapter: int | None) -> None:
        if not idx:
            return
        s, e = self.blocks[idx[0]].start, self.blocks[idx[-1]].end
        for i in idx:
            self.role[i] = "paratext"
        if kind == "metadata" and (_SUMMARY_KEY.search(self.text, s, e) or _NOTE_KEY.search(self.text, s, e)):
            # a "Summary:" line among the work's labels is what the work is about, not a tag; an
            # "Author's Notes:" or "Disclaimer:" line is the author talking
            for k, a, z in self._split_summary(s, e):
                for k2, a2, z2 in self._note_lines(k, a, z):
                    self._add_with_credits(Paratext(k2, a2, z2, chapter))
        else:
            self._add_with_credits(Paratext(kind, s, e, chapter))
        if kind == "summary" and chapter is None and not self.work.summary:
            body = re.sub(r"^[\W_]*summary\s*:?[*_\s]*", "", self.text[s:e], flags=re.I)  # "**Summary:** …"
            self.work.summary = " ".join(body.split()) or None
        if kind == "metadata":
            for i in idx:
                self._metadata_lines(self.t(i))

    def _add_with_credits(self, para: Paratext) -> None:
        """Add a paratext span, and the song credits it names as spans of their own."""
        self.out.paratext.append(para)
        if para.kind == "metadata":
            return
        for c in credits_in(self.text, para.start, para.end, para.chapter):
            if para.kind == "credit" and para.song is None:
                para.song, para.artist = c.song, c.artist
            else:
                self.out.paratext.append(c)

    def _label_unset(self, label: str, value: str) -> bool:
        """Is ``Label: value`` work metadata? Set it where the work does not say already (a pasted
        "Chapters: 20" line does not undo the header's "20/?")."""
        probe = Work()
        if not apply_label(probe, label, value):
            return False
        blank = Work()
        for key, val in vars(probe).items():
            if val != getattr(blank, key) and getattr(self.work, key) == getattr(blank, key):
                setattr(self.work, key, val)
        return True

    def _metadata_lines(self, t: str) -> None:
        for line in t.split("\n"):
            m = P.LABEL_LINE.match(line.strip("*_ "))
            if m:
                self._label_unset(m.group(1), m.group(2).strip("*_ "))

    # -- the passes -------------------------------------------------------------------------
    def run(self) -> Structure:
        self._from_regions()
        headings = self._headings()
        self._chapters(headings)
        self._mid_notes()
        self._site_labels()
        self.out.paratext.sort(key=lambda p: (p.start, -p.end))
        self.out.headings.sort()
        self.out.story_blocks = story_blocks(self.doc, excluded_spans(self.out.paratext, self.out.headings))
        return self.out

    def _from_regions(self) -> None:
        for r in self.doc.regions:
            idx = self._index_range(r.start, r.end)
            if r.kind == "paratext":
                for i in idx:
                    self.role[i] = "paratext"
                if r.label == "metadata":
                    for kind, s, e in self._split_summary(r.start, r.end):
                        self._add_with_credits(Paratext(kind, s, e, r.chapter))
                elif r.label in ("notes", "end_notes"):
                    self._notes_page(idx, "author_note" if r.label == "notes" else "end_note", r.chapter)
                else:
                    self._add_with_credits(Paratext(r.label or "author_note", r.start, r.end, r.chapter))
            elif r.kind == "title":
                for i in idx:
                    self.role[i] = "title"
                self.out.title_span = (r.start, r.end)
                self.out.headings.append((r.start, r.end))

    def _site_labels(self) -> None:
        """A site's label between a chapter's notes and its text ("Chapter Text", "Work Text:", as
        a page copied from AO3 has it) is no story: it is kept out of the scenes as a heading is.
        Only blocks of the label's length are tested."""
        for k, b in enumerate(self.blocks):
            if 9 <= b.end - b.start <= 14 and self.role.get(k) not in ("paratext", "heading", "title") \
                    and TEXT_LABEL.match(self.t(k)):
                self.role[k] = "heading"
                self.out.headings.append((b.start, b.end))

    def _notes_page(self, idx: list[int], default: str, chapter: int | None) -> None:
        """A page the format says is notes (an EPUB's notes page): each paragraph of the kind its
        label says (a disclaimer, a dedication), the rest notes; the page's own heading with them."""
        where = "top" if default == "author_note" else "end"
        kinds = []
        for i in idx:
            kind = classify(self.t(i), where, self.chat) if self.blocks[i].kind != "heading" else None
            kinds.append(kind if kind in ("disclaimer", "dedication", "review_reply", "credit") else default)
        groups: list[tuple[str, list[int]]] = []
        for i, kind in zip(idx, kinds, strict=True):
            if groups and groups[-1][0] == kind:
                groups[-1][1].append(i)
            else:
                groups.append((kind, [i]))
        for kind, members in groups:
            s, e = self.blocks[members[0]].start, self.blocks[members[-1]].end
            self._add_with_credits(Paratext(kind, s, e, chapter))

    def _note_lines(self, kind: str, start: int, end: int) -> list[tuple[str, int, int]]:
        """The lines of a metadata span grouped by what their labels say: a note's label
        ("Author's Notes:", "Disclaimer:", "A/N:") makes its line that note, the rest metadata."""
        if kind != "metadata" or not _NOTE_KEY.search(self.text, start, end):
            return [(kind, start, end)]
        out: list[tuple[str, int, int]] = []
        for m in re.finditer(r"[^\n]+", self.text[start:end]):
            a, z = start + m.start(), start + m.end()
            line = self.text[a:z]
            if not line.strip():
                continue
            if out and not _NEXT_KEY.match(line):
                k = out[-1][0]  # a line with no label of its own goes on with the one above
            else:
                said = label_kind(line) if _NOTE_KEY.match(line) else None
                k = "metadata" if said is None or said == "summary" else said
            if out and out[-1][0] == k:
                out[-1] = (k, out[-1][1], z)
            else:
                out.append((k, a, z))
        return out

    def _split_summary(self, start: int, end: int) -> list[tuple[str, int, int]]:
        """A metadata block with its summary as a span of its own: YAML front matter's ``summary:``
        (a folded block or one line) or a ``Summary:`` line is what the work is about, not a tag."""
        m = _SUMMARY_KEY.search(self.text, start, end)
        if m is None:
            return [("metadata", start, end)]
        after = _NEXT_KEY.search(self.text, m.end() + 1, end) if "\n" in self.text[m.end():end] else None
        v0, v1 = m.end(), after.start() if after else end
        while v0 < v1 and self.text[v0] in " \t\r\n":
            v0 += 1
        while v1 > v0 and self.text[v1 - 1] in " \t\r\n":
            v1 -= 1
        if v1 <= v0:
            return [("metadata", start, end)]
        parts = []
        head_end = m.start()
        while head_end > start and self.text[head_end - 1] in " \t\r\n":
            head_end -= 1
        if re.search(r"\w", self.text[start:head_end]):
            parts.append(("metadata", start, head_end))
        parts.append(("summary", v0, v1))
        tail = v1
        while tail < end and self.text[tail] in " \t\r\n":
            tail += 1
        if re.search(r"\w", self.text[tail:end]):
            parts.append(("metadata", tail, end))
        if not self.work.summary:
            self.work.summary = " ".join(self.text[v0:v1].split())
        return parts

    def _heading_block(self, i: int) -> str | None:
        """``chapter``, ``part``, ``roman``, ``title`` or None for block ``i``."""
        b = self.blocks[i]
        if b.kind != "heading":
            # cheap tests on the first line before splitting the block: first one match in place
            # for what all four patterns open with (most of a novel's paragraphs stop here)
            if _HEADING_CUE.match(self.text, b.start, b.end) is None:
                return None
            head = self.first_line(i).lstrip("#").strip()
            if not (P.CHAPTER_HEADING.match(head) or P.PART_HEADING.match(head) or P.ROMAN_HEADING.match(head)
                    or P.NUMBERED_HEADING.match(head)):
                return None
        lines = nonblank_lines(self.t(i))
        if not lines or len(lines) > 4:
            return None
        first = lines[0].lstrip("#").strip()
        if b.kind == "heading":
            if _LONE_LABEL.match(first) and "summary" not in first.casefold():
                return None  # "## End Notes", "### Author's Note": a note's label, the note under it
            if P.CHAPTER_HEADING.match(first):
                return "chapter"
            if P.PART_HEADING.match(first):
                return "part"
            return "title" if b.level == 1 else "chapter"
        rest_ok = all(len(ln) <= 90 and ln[0] not in "\"“'‘" for ln in lines[1:])
        if P.CHAPTER_HEADING.match(first) and rest_ok:
            return "chapter"
        if P.PART_HEADING.match(first) and rest_ok:
            return "part"
        if P.ROMAN_HEADING.match(first) and rest_ok:
            return "roman"
        if len(lines) == 1 and P.NUMBERED_HEADING.match(first):
            return "numbered"
        return None

    def _headings(self) -> list[tuple[int, str | None]]:
        """Chapter heading block indices with their titles (format-stated ones first)."""
        stated = [r for r in self.doc.regions if r.kind == "heading"]
        if stated:
            found = []
            for r in stated:
                idx = self._index_range(r.start, r.end)
                for i in idx:
                    self.role[i] = "heading"
                if idx:
                    found.append((idx[0], _heading_title(r.label or "")))
                self.out.headings.append((r.start, r.end))
            return found
        kinds: dict[str, list[int]] = {"chapter": [], "part": [], "roman": [], "numbered": [], "title": []}
        toc_until = -1
        toc_entries: set[str] = set()
        for i in range(len(self.blocks)):
            if i in self.role:
                continue
            if _TOC_CUE.match(self.text, self.blocks[i].start) and P.TOC.match(self.first_line(i)):
                # a table of contents: its entries look like headings but are not; the lines that
                # say them again after it are the chapters' headings, whatever they look like
                j = self._toc_end(i)
                self.add_paratext("metadata", list(range(i, j)), None)
                toc_entries = {_norm(self.t(k)) for k in range(i + 1, j)} - {""}
                toc_until = j
                continue
            if i < toc_until:
                continue
            if toc_entries and self.blocks[i].end - self.blocks[i].start < 150 and _norm(self.t(i)) in toc_entries \
                    and not re.match(r"\s*[\"“”'‘]", self.t(i)) and title_like(self.t(i)):
                # a line of dialogue that says an entry's words ('"The storm!"') is the story's
                toc_entries.discard(_norm(self.t(i)))  # each entry heads one chapter
                kinds["chapter"].append(i)
                continue
            k = self._heading_block(i)
            if k:
                kinds[k].append(i)
        if kinds["roman"] and len(kinds["roman"]) < 2:
            kinds["roman"] = []
        kinds["numbered"] = self._numbered_run(kinds["numbered"])
        chapter_idx = kinds["chapter"] or kinds["roman"] or kinds["numbered"] or kinds["part"]
        for i in kinds["part"] + kinds["chapter"] + kinds["roman"] + (kinds["numbered"] if chapter_idx is kinds["numbered"] else []):
            self.role[i] = "heading"
            self.out.headings.append((self.blocks[i].start, self.blocks[i].end))
        for i in kinds["title"][:1]:
            if self.out.title_span is None and (not chapter_idx or i < chapter_idx[0]):
                self.role[i] = "title"
                b = self.blocks[i]
                self.out.title_span = (b.start, b.end)
                self.out.headings.append((b.start, b.end))
                self.work.title = self.work.title or self.t(i).lstrip("#").strip()
        return _merge_repeated(sorted(chapter_idx), lambda i: _heading_title(self.t(i)), self._only_ornaments)

    def _only_ornaments(self, a: int, z: int) -> bool:
        """Is heading ``z`` right under heading ``a``, or under it past no more than two rules or
        break lines and saying it again with more words ("Chapter Two", then "Chapter Two: Frost";
        not "Chapter Three", an empty chapter's next)?"""
        if z == a + 1:
            return True
        return (z - a <= 3 and _norm(self.t(z)).startswith(_norm(self.t(a)) + " ")
                and all(self._break_at(k) for k in range(a + 1, z)))

    def _ends_on_summary(self, i: int) -> bool:
        """Is block ``i`` a block of labels whose last label is "Summary:" (its value perhaps
        wrapped onto the lines under it)? The paragraph after it is more of the summary."""
        t = self.t(i)
        if "\n" not in t:
            return False
        labels = [ln for ln in t.split("\n")[-4:] if _NEXT_KEY.match(ln.strip())]
        return bool(labels) and labels[-1].strip().lower().startswith("summary:")

    def _toc_end(self, i: int) -> int:
        """The first block after the table of contents that opens at block ``i``: where its first
        entry comes again (the first chapter's heading: FanFicFare's text downloads), or else at
        the first heading-like entry with a wide gap after it."""
        n = len(self.blocks)
        first = _norm(self.t(i + 1)) if i + 1 < n else ""
        again = bool(first) and any(_norm(self.t(k)) == first for k in range(i + 2, min(n, i + 402)))
        j = i + 1
        while j < n and len(nonblank_lines(self.t(j))) <= 2 and len(self.t(j)) < 150 and j - i < 200:
            if again:
                if j > i + 1 and _norm(self.t(j)) == first:
                    break
            elif self._heading_block(j) and j + 1 < n and self.blocks[j + 1].gap >= 2:
                break
            j += 1
        return j

    def _numbered_run(self, found: list[int]) -> list[int]:
        """The "1. Title" lines that number the chapters: two or more, numbered 1, 2, 3… in the
        order they come, each on a line of its own and each followed by a chapter's worth of text
        (``NUMBERED_CHAPTER_WORDS``); otherwise none (a numbered list is no chapters)."""
        numbers = []
        for i in found:
            m = P.NUMBERED_HEADING.match(self.first_line(i).lstrip("#").strip())
            numbers.append(int(m.group(1)) if m else -1)
        if len(found) < 2 or numbers != list(range(1, len(found) + 1)):
            return []
        ends = [*found[1:], len(self.blocks)]
        if any(sum(len(self.t(k).split()) for k in range(i + 1, z)) < NUMBERED_CHAPTER_WORDS for i, z in zip(found, ends, strict=True)):
            return []
        return found

    def _chapters(self, headings: list[tuple[int, str | None]]) -> None:
        n_blocks = len(self.blocks)
        first_heading = headings[0][0] if headings else n_blocks
        body_start = self._front(first_heading, only_meta=bool(headings))
        spans: list[tuple[int, int, str | None, int | None]] = []  # first block, last block (excl), title, heading idx
        if body_start < first_heading:
            spans.append((body_start, first_heading, None, None))
        for k, (hi, title) in enumerate(headings):
            end = headings[k + 1][0] if k + 1 < len(headings) else n_blocks
            spans.append((hi + 1, self._stated_end(hi, end), title, hi))
        for n, (a, z, title, head_i) in enumerate(spans, start=1):
            members = [i for i in range(a, z) if self.role.get(i) not in ("title",)]
            start_i = head_i if head_i is not None else (members[0] if members else a)
            if start_i >= n_blocks:
                continue
            chapter_no = n if (len(spans) > 1 or head_i is not None) else None
            self._chapter_top(a, z, chapter_no, title)
            work_notes = self._chapter_end(a, z, chapter_no, last=n == len(spans) and len(spans) > 1)
            last = min(work_notes, z) - 1
            while last > a and self.role.get(last) == "title":
                last -= 1
            start = self.blocks[start_i].start
            end = self.blocks[max(last, start_i)].end
            heading = (self.blocks[head_i].start, self.blocks[head_i].end) if head_i is not None else None
            self.out.chapters.append(Chapter(n, start, end, title, heading))
        assign_chapters(self.out.paratext, self.out.chapters)

    def _stated_end(self, head_i: int, end: int) -> int:
        """Where the format says the chapter headed by block ``head_i`` ends (AO3's afterword is no
        chapter's), as a block index no later than ``end``."""
        pos = self.blocks[head_i].start
        for r in self.doc.regions:
            if r.kind == "chapter" and r.start <= pos < r.end:
                return next((i for i in range(head_i + 1, end) if self.blocks[i].start >= r.end), end)
        return end

    def _front(self, limit: int, only_meta: bool) -> int:  # noqa: C901 - the front matter's conventions, one branch each
        """Scan the work's front matter (blocks before ``limit``); return the first story block."""
        i = 0
        seen_body = False
        # a FanFiction.net paste: title, "By:", the summary, then the "Rated: …" line
        ffn_at = next((k for k in range(min(limit, 8)) if P.FFN_HEADER.search(self.t(k))), None)
        while i < limit:
            if i in self.role:
                i += 1
                continue
            t = self.t(i)
            lines = nonblank_lines(t)
            if 2 <= len(lines) <= 24 and self.out.title_span is None and self._title_block(i):
                pass
            elif P.FFN_HEADER.search(t):
                self.add_paratext("metadata", [i], None)
                self._ffn_header(t)
            elif len(lines) >= 2 and sum(bool(P.LABEL_LINE.match(ln)) for ln in lines) >= 0.4 * len(lines) and sum(
                apply_label(Work(), m.group(1), m.group(2))
                for ln in lines if (m := P.LABEL_LINE.match(ln))
            ) >= 2:
                self.add_paratext("metadata", [i], None)
            elif len(lines) == 1 and P.LABEL_LINE.match(lines[0]) and self._label_unset(*P.LABEL_LINE.match(lines[0]).groups()):  # type: ignore[union-attr]
                self.add_paratext("metadata", [i], None)
            elif lines and P.BYLINE.match(lines[0]) and len(t) < 1200 and not re.search(r"[.!?][\"”]?$", lines[-1]):
                self.add_paratext("metadata", [i], None)
                self.work.authors = self.work.authors or [P.BYLINE.match(lines[0]).group(1).strip()]  # type: ignore[union-attr]
            elif _LONE_LABEL.match(t.strip()) and i + 1 < limit:
                # "Summary" or "Notes" on its own (AO3's download read as text): its body follows
                lone = "summary" if "summary" in t.lower() else "author_note"
                j = self._summary_body(i + 1, limit, lone)
                self.add_paratext(lone, list(range(i, j)), None)
                i = j
                continue
            elif (kind := self._classify(i, "top")) is not None:
                j = run_forward(self.t, i, limit, kind, lambda k: k not in self.role, self.chat)
                if kind == "summary" and re.fullmatch(r"\W*summary\s*:?\W*", t.strip(), re.I):
                    j = self._summary_body(i + 1, limit, kind)  # a "Summary:" label on its own: the summary follows
                self.add_paratext(kind, list(range(i, j)), None)
                i = j
                continue
            elif ffn_at is not None and i < ffn_at and any(self.role.get(k) for k in range(i)) and len(t) < 2500:
                self.add_paratext("summary", [i], None)
                self.work.summary = self.work.summary or " ".join(t.split())
            elif i > 0 and self.role.get(i - 1) == "paratext" and self._ends_on_summary(i - 1) and len(t) < 1500:
                self.add_paratext("summary", [i], None)  # a summary running on past its label block
            elif self.out.title_span is None and title_like(t) and not seen_body:
                b = self.blocks[i]
                self.role[i] = "title"
                self.out.title_span = (b.start, b.end)
                self.out.headings.append((b.start, b.end))
                self.work.title = self.work.title or t.strip().strip("*_#~ ")
                if ffn_at is not None and not self.work.authors and (m := _TITLE_BY.match(self.work.title)):
                    # FanFiction.net's story listing: "Title by author" on one line above the header
                    self.work.title, self.work.authors = m.group(1), [m.group(2)]
            elif is_separator(t) and any(self.role.get(j) for j in range(i)):
                self.role[i] = "separator"
            elif only_meta and len(t.split()) < 60 and not re.search(r"[\"“]", t):
                # front matter of a book before its first chapter: subtitle, edition notes
                self.add_paratext("metadata", [i], None)
            elif (kind := self._note_below(i, limit)) is not None:
                # a short line right above a note ("hi!!") opens that note
                j = run_forward(self.t, i + 1, limit, kind, lambda k: k not in self.role, self.chat)
                self.add_paratext(kind, list(range(i, j)), None)
                i = j
                continue
            else:
                return i
            i += 1
        return i

    def _line_spans(self, i: int) -> list[tuple[int, int]]:
        """The stripped lines of block ``i`` as offsets into the text."""
        b = self.blocks[i]
        out = []
        for m in re.finditer(r"[^\n]+", self.text[b.start:b.end]):
            s, e = trimmed(self.text, b.start + m.start(), b.start + m.end())
            if e > s:
                out.append((s, e))
        return out

    def _title_block(self, i: int) -> bool:
        """A header pasted with its lines together: the title on the line above a byline ("By:
        quillfinch"), with the site's lines above the title ("Books » Fandom") and, after the
        byline, a FanFiction.net paste's summary and "Rated: …" line. Each line is recorded as
        what it is; False (nothing recorded) unless the block has that shape."""
        spans = self._line_spans(i)
        lines = [self.text[s:e] for s, e in spans]
        by = next((k for k in range(len(lines) - 1, 0, -1) if (P.BYLINE.match(lines[k]) or P.AO3_POSTED.match(lines[k]))
                   and title_like(lines[k - 1])), None)
        if by is None or not all(_site_line(ln) for ln in lines[:by - 1]):
            return False  # prose hard-wrapped above a "by the river" line: a paragraph, not a header
        rated = next((k for k in range(by + 1, len(lines)) if P.FFN_HEADER.search(lines[k])), None)
        if rated is None and by + 1 < len(lines):
            return False  # lines after the byline that no header explains: not this shape
        self.role[i] = "title"
        if by > 1:
            self.out.paratext.append(Paratext("metadata", spans[0][0], spans[by - 2][1], None))
        self.out.title_span = spans[by - 1]
        self.out.headings.append(spans[by - 1])
        self.work.title = self.work.title or lines[by - 1].strip("*_#~ ")
        if (byline := P.BYLINE.match(lines[by])) is not None:
            self.work.authors = self.work.authors or [byline.group(1).strip()]
        self.out.paratext.append(Paratext("metadata", spans[by][0], spans[by][1], None))
        if rated is not None:
            if rated > by + 1:
                s, e = spans[by + 1][0], spans[rated - 1][1]
                self.out.paratext.append(Paratext("summary", s, e, None))
                self.work.summary = self.work.summary or " ".join(self.text[s:e].split())
            self.out.paratext.append(Paratext("metadata", spans[rated][0], spans[-1][1], None))
            self._ffn_header(lines[rated])
        return True

    def _note_below(self, i: int, limit: int) -> str | None:
        """The kind of the note right below block ``i``, where ``i`` is a short line with no
        quotation, chat or verse in it (a greeting above the author's note); else None."""
        t = self.t(i)
        if i + 1 >= limit or i + 1 in self.role or len(t.split()) > 12 or re.search(r"[\"“”]", t):
            return None
        if is_chat(t, self.chat) or song_lines(t) or is_separator(t):
            return None
        return self._classify(i + 1, "top")

    def _summary_body(self, i: int, limit: int, kind: str) -> int:
        """The end (exclusive) of the paragraphs after a lone "Summary:" label: up to a label line,
        a note, a break or a heading, at most six, where one of those closes them (AO3's download
        read as text: "Notes", "Chapter Text", a heading). Where none does, the story may start
        right under the body: the body is its first paragraph and what runs on as more of it
        (:func:`run_forward`), as for a labelled note."""
        j = i
        closed = False
        while j < min(limit, i + 6) and len(self.t(j)) < 1500:
            t = self.t(j)
            m = P.LABEL_LINE.match(t.strip())
            if j in self.role or labelled(t) or is_separator(t) or P.TOC.match(t) or (
                    m and apply_label(Work(), m.group(1), m.group(2))):
                closed = True
                break
            j += 1
        if closed and j > i:
            return j
        if i >= limit:
            return i
        return run_forward(self.t, i, limit, kind, lambda k: k not in self.role, self.chat)

    def _ffn_header(self, t: str) -> None:
        read_ffn_header(t, self.work)

    def _chapter_top(self, a: int, z: int, chapter: int | None, title: str | None = None) -> None:
        """Notes at a chapter's top, each running on until the story resumes. A later chapter's
        notes are that chapter's (AO3's "Chapter Notes"); the first chapter's speak for the work.

        Before the story starts, a break line is no scene break, and a line repeating the work's
        title or the chapter's heading ("HUNTED", "Chapter 1: Changes.", as downloaded chapters
        carry them under the page's own heading) is a heading; a short line between two notes
        ("Mature content.") is more note."""
        i = self._front_above_heading(a, z, chapter, title)
        last: str | None = None
        while i < z:
            if self.role.get(i):
                i += 1
                continue
            t = self.t(i)
            kind = self._classify(i, "top")
            if kind is None:
                if is_separator(t):
                    self.role[i] = "separator"
                elif self._repeats_heading(t, title) or (self._before_break(i, z) and title_like(t)):
                    self.role[i] = "heading"
                    self.out.headings.append((self.blocks[i].start, self.blocks[i].end))
                elif self._before_break(i, z) and re.match(r"(?i)^\W*for\s+\w", t) and len(t.split()) <= 8:
                    self.add_paratext("dedication", [i], chapter)  # "For Anwen..." above the story
                elif self._title_and_byline(t) or self._byline_under_title(i, t):
                    self.add_paratext("metadata", [i], chapter)  # "Title" over "by author", again above the text
                elif _header_labels(t):
                    self.add_paratext("metadata", [i], chapter)  # "Category/Rating: Gen/T", "Chapters: 3"
                elif self._between_notes(i, z, 40 if last else 12):
                    self.add_paratext(last or ("chapter_note" if chapter and chapter > 1 else "author_note"), [i], chapter)
                else:
                    return
                i += 1
                continue
            if kind == "author_note" and chapter is not None and chapter > 1:
                kind = "chapter_note"
            if _LONE_LABEL.match(t.strip()):
                j = self._summary_body(i + 1, z, kind)  # "Notes:" or "Summary:" on its own: the note follows
            else:
                j = run_forward(self.t, i, z, kind, lambda k: k not in self.role, self.chat)
            self.add_paratext(kind, list(range(i, j)), chapter)
            last = kind
            i = j

    def _front_above_heading(self, a: int, z: int, chapter: int | None, title: str | None) -> int:
        """A chapter whose text says its own title again a little way down (AO3's "Chapter 1:
        Prologue" over a text that opens "Story by …", credits, a glossary, an epigraph, then
        "Prologue" as the author set it): what stands above the repeat is the chapter's front
        matter. The lines above it are notes (a credit where they say who made what), except an
        epigraph right over the heading (verse lines and their "— source"), which is the work's.
        Returns the block to read the chapter's top from: after the repeat, or ``a``."""
        key = _norm(title or "")
        if not key or len(key) < 4:
            return a
        words = 0
        first = key.split(" ", 1)[0]
        for k in range(a, min(z, a + _FRONT_BLOCKS)):
            if self.role.get(k):
                continue
            t = self.t(k)
            end = t.strip()[-1:]
            if len(t) < 200 and (_first_word_is(t, first) and _norm(t) == key
                                 and (end not in ".!?…" or end == (title or "").strip()[-1:])
                                 or (_HEADING_CUE.match(t) is not None and P.CHAPTER_HEADING.match(t.strip()) is not None
                                     and _norm(_heading_title(t) or "") == key)):
                # the title (not a sentence of the story that says its words: "He's being like that." under
                # the title "He's being like that"), or the chapter's whole heading with it ("Chapter 1 – The Boat")
                break
            words += len(t.split())
            if words > _FRONT_WORDS:
                return a
        else:
            return a
        if k == a or not any(not self.role.get(j) and self.blocks[j].kind != "break" for j in range(a, k)):
            return a
        if any(not self.role.get(j) and _told(self.t(j)) for j in range(a, k)):
            return a  # the story told above the line: the title is a line of it ("That's it?", a thought)
        self.role[k] = "heading"
        self.out.headings.append((self.blocks[k].start, self.blocks[k].end))
        top = k  # the epigraph right over the heading stays the story's: its verse, then its source
        while top > a and (self.role.get(top - 1) or self._break_at(top - 1)
                           or _epigraph_line(self.t(top - 1))):
            top -= 1
        while top < k and (self.role.get(top) or self._break_at(top)):
            top += 1
        run = [j for j in range(top, k) if not self.role.get(j) and not self._break_at(j)]
        if any(classify(self.t(j), "top", self.chat) or self._title_and_byline(self.t(j)) for j in run) or not (any(
                _EPIGRAPH_SOURCE.match(self.t(j).strip()) or len(nonblank_lines(self.t(j))) > 1 for j in run)
                or sum(len(self.t(j).split()) for j in run) >= 3.5 * len(run)):  # verse set a line to a paragraph
            top = k  # one-line blocks of a word or two with no source under them, or a note
            # or the title and byline among them, are no epigraph: the end of the front matter ("'Talking'",
            # "*thoughts*", "Flashback": a key to the text's marks; "Story dedicated to …"; "Title / By author")
        note = "chapter_note" if chapter is not None and chapter > 1 else "author_note"
        for j in range(a, top):
            if self.role.get(j) or self._break_at(j):
                continue
            t = self.t(j)
            kind = self._classify(j, "top") or ("credit" if _CREDIT_LINE.match(t) else
                                                 "metadata" if self._title_and_byline(t) else note)
            self.add_paratext(kind, [j], chapter)
        return k + 1

    def _repeats_heading(self, t: str, title: str | None) -> bool:
        """A one-line block that says again the work's title or the chapter's heading."""
        s = t.strip()
        if "\n" in s or len(s) > 120:
            return False
        norm = _norm(s)
        known = [self.work.title, title]
        return bool(norm) and (any(k and norm == _norm(k) for k in known)
                               or bool(P.CHAPTER_HEADING.match(s)))

    def _title_and_byline(self, t: str) -> bool:
        """The work's title with its byline, as a chapter's text repeats them at its top: the title
        on one line and "by author" on the next, or "Title by author" on one line."""
        title = self.work.title
        if not title:
            return False
        key = _norm(title)
        lines = nonblank_lines(t)
        first = _norm(lines[0]) if lines else ""
        if len(lines) == 2:
            return first == key and bool(P.BYLINE.match(lines[1])) and len(lines[1].split()) <= 8
        return len(lines) == 1 and first.startswith(key + " by ") and len(first.split()) - len(key.split()) <= 6

    def _byline_under_title(self, i: int, t: str) -> bool:
        """A "by author" paragraph right under the work's title said again in a paragraph of its own."""
        title = self.work.title
        return (bool(title) and i > 0 and self.role.get(i - 1) == "heading" and "\n" not in t.strip()
                and len(t.split()) <= 8 and bool(P.BYLINE.match(t.strip())) and _norm(self.t(i - 1)) == _norm(title or ""))

    def _before_break(self, i: int, z: int) -> bool:
        """Is block ``i`` a short line with a break line or a repeated heading right after it?"""
        t = self.t(i)
        if "\n" in t.strip() or len(t.split()) > 12 or re.search(r"[\"“”]", t):
            return False
        k = i + 1
        while k < z and self.role.get(k) in ("paratext",):
            k += 1
        return k < z and not self.role.get(k) and (is_separator(self.t(k)) or self._repeats_heading(self.t(k), None))

    def _between_notes(self, i: int, z: int, words: int) -> bool:
        """Is block ``i`` a short aside among notes (a content warning between a summary and a
        disclaimer, a line to readers above an A/N)? Short, no quotation marks, and the next block
        that is not a break is a note."""
        t = self.t(i)
        if len(t.split()) > words or re.search(r"[\"“”]", t):
            return False
        k = i + 1
        while k < z and (self.role.get(k) or is_separator(self.t(k))):
            k += 1
        return k < z and labelled(self.t(k))

    def _tail(self, a: int, z: int) -> list[int]:
        """The free blocks at the end of a chapter that may be notes, in order (at most 24: a
        list of review replies runs long)."""
        zone: list[int] = []
        i = z - 1
        while i >= a and len(zone) < 24:
            if self.role.get(i) in ("heading", "title"):
                break
            if not self.role.get(i):
                zone.append(i)
            i -= 1
        return zone[::-1]

    def _labelled_end(self, zone: list[int]) -> list[tuple[int, str]] | None:
        """A chapter's end notes that open with a label (``A/N:``): from the earliest label after
        which every paragraph is more note, each paragraph with its kind; None if there is none.

        Labels are found first (an anchored match, cheap): most chapters have none, and then no
        paragraph of the zone is weighed."""
        labels = [pos for pos, k in enumerate(zone) if labelled(self.t(k))]
        for pos in labels:
            k = zone[pos]
            kind = self._classify(k, "end")
            if kind is None:
                continue
            rest = zone[pos + 1:]
            # after a labelled note at a chapter's end the story does not resume: all that
            # follows is note, unless it reads as story (dialogue, long narration with no trace of
            # the author, or two paragraphs of plain third-person narration: one alone is more
            # likely the note explaining itself, "The lighthouse is based on a real one in Devon.")
            unlike = [m for m in rest if not is_separator(self.t(m)) and self._classify(m, "end") is None
                      and not continues(self.t(m), kind, self.chat)]
            if any(story_like(self.t(m), self.chat) for m in unlike) or sum(plain_narration(self.t(m)) for m in unlike) >= 2:
                continue
            out = [(k, kind)]
            for n, m in enumerate(rest):
                tm = self.t(m)
                if is_separator(tm):
                    out.append((m, "separator"))
                elif labelled(tm) and (k2 := self._classify(m, "end")) is not None:
                    kind = k2
                    out.append((m, kind))
                else:
                    if kind != "review_reply" and self._replies_from(rest[n:]):
                        kind = "review_reply"  # "riverfan - thank you!" lines under the note, with no label of their own
                    out.append((m, kind))
            return out
        return None

    def _replies_from(self, zone: list[int]) -> bool:
        """Do the first two blocks of ``zone`` read as review replies ("Name: thanks!", "Name - yes")?
        One such line may be a note's own ("Tumblr: wrenwrites"); two in a row are a list of replies."""
        lines = [m for m in zone[:2] if not is_separator(self.t(m))]
        return len(lines) == 2 and all(reply_start(self.t, m, self.chat) for m in lines)

    def _classify(self, i: int, where: str) -> str | None:
        """``classify`` of block ``i``, remembered (the end-note search asks about a block more
        than once); at a story's top or end, a paragraph in lower case above or below a
        capitalised story is the author talking too (:meth:`_lowercase_note`)."""
        key = (i, where)
        if key not in self._classified:
            t = self.t(i)
            kind = classify(t, where, self.chat)
            if kind is None and where != "mid" and self._lowercase_note(t):
                kind = "end_note" if where == "end" else "author_note"
            self._classified[key] = kind
        return self._classified[key]

    def _lowercase_note(self, t: str) -> bool:
        """A paragraph written in lower case in the first or second person, or exclaiming ("ok so.
        this is self indulgent nonsense and i regret nothing"), where the story's own paragraphs
        open their sentences on capitals: the contrast is the author's voice, with no cue word
        needed. Chat lines and lyrics are the story's, whatever their case."""
        s = t.strip()
        if len(s) > 1200 or not lowercase_voice(s) or is_chat(s, self.chat) or song_lines(s) or quoted_share(s) > 0.2:
            return False
        own = outside_quotes(s)
        if not (FIRST_PERSON.search(own) or SECOND_PERSON.search(own) or "!" in own or author_voice(s)):
            return False
        if self._capitalised is None:
            self._capitalised = self._prose_capitalised()
        return self._capitalised

    def _prose_capitalised(self) -> bool:
        """Do the story's paragraphs of some length (eight words or more, not chat, not verse)
        mostly open their sentences on capitals: at least three, and twice as many as those in
        lower case (the notes being asked about are among the latter)?"""
        upper = lower = 0
        for i in range(len(self.blocks)):
            if i in self.role:
                continue
            t = self.t(i)
            if len(t) < 40 or len(t.split()) < 8 or is_chat(t, self.chat) or song_lines(t):
                continue
            if lowercase_voice(t.strip()):
                lower += 1
            else:
                upper += 1
            if upper + lower >= 400:
                break
        return upper >= 3 and lower * 2 <= upper

    def _chapter_end(self, a: int, z: int, chapter: int | None, last: bool = False) -> int:
        """Notes at a chapter's end. Returns the first block of the work's own end notes (AO3's
        "End Notes" at the end of the last chapter), which no chapter holds, or ``z``."""
        zone = self._tail(a, z)
        found = self._labelled_end(zone)
        if found:
            found = self._closers_above(a, found)
        else:
            found = self._plain_end(a, z)
        if not found:
            return z
        first = found[0][0]
        if first > a and not self.role.get(first - 1) and is_separator(self.t(first - 1)):
            self.role[first - 1] = "separator"
        work_from = z
        groups: list[tuple[str, list[int]]] = []
        for idx, kind in found:
            if kind == "separator":
                self.role[idx] = "separator"
                continue
            if groups and groups[-1][0] == kind and groups[-1][1][-1] == idx - 1:
                groups[-1][1].append(idx)
            else:
                groups.append((kind, [idx]))
        for kind, members in groups:
            work_level = last and kind == "end_note" and bool(_WORK_END_NOTES.match(self.t(members[0])))
            if work_level:
                work_from = min(work_from, members[0])
            self.add_paratext(kind, members, None if work_level else chapter)
        return work_from

    def _closers_above(self, a: int, found: list[tuple[int, str]]) -> list[tuple[int, str]]:
        """A labelled end note with the closing lines just above it ("TBC", "~Fin~", "The End"
        over "A/N: cliffhanger, I know"), or an unlabelled end note ("Thank you so much for
        reading!" over "Review replies:"): they close the chapter, and are no story."""
        first = found[0][0]
        while first - 1 > a and not self.role.get(first - 1):
            t = self.t(first - 1).strip()
            closer = len(t.split()) <= 6 and P.PARATEXT_CLOSERS.match(t)
            if not closer and self._classify(first - 1, "end") != "end_note":
                break
            first -= 1
            found = [(first, "end_note"), *found]
        return found

    def _plain_end(self, a: int, z: int) -> list[tuple[int, str]]:
        """End notes found paragraph by paragraph from the end: closers, unlabelled notes, review
        replies ("Name: thanks!"), and the short lines between and after them (a sign-off, "Once
        again, thanks!"). Short lines count only beside a paragraph that is plainly a note, so a
        chapter ending on "Friday." keeps it; past ``SHORT_LINES_MAX`` short lines with no plain note
        among them the search stops (a chapter of one-line paragraphs was read back to its top)."""
        i = z - 1
        found: list[tuple[int, str, bool]] = []  # block, kind, plainly a note
        short_run = 0
        while i >= a and short_run <= SHORT_LINES_MAX:
            if self.role.get(i) in ("heading", "title"):
                break
            if self.role.get(i):
                i -= 1
                continue
            t = self.t(i)
            if is_separator(t):
                if found:
                    found.append((i, "separator", False))  # an ornament between a plea and a date line
                i -= 1  # one closing the chapter frames the note above it
                continue
            kind = self._classify(i, "end")
            plain = kind is not None
            reply = False
            if kind is None and self._note_goes_on(i, a):
                kind, plain = "end_note", True  # "Does this story make sense so far? I worried…"
            elif kind is None and reply_start(self.t, i, self.chat) and not _DATE_STAMP.match(t.strip()) and (
                    not story_like(t, self.chat) or (found and found[-1][2] and found[-1][1] != "separator")):
                # a reply line counts only beside a plain note; right above a note or another reply
                # it is one even when it retells the story to its reviewer ("Name - yes, she was…")
                kind, reply = "review_reply", True
            elif kind is None and found and found[-1][0] == i + 1 and found[-1][1:] == ("end_note", True) \
                    and author_voice(self.t(i + 1)) and self._opens_note(t):
                # (under a note that talks to readers: a closing line, "End of chapter 1", is no note's voice)
                kind, plain = "end_note", True  # "Wow. Okay." over "Reviews are love!"
            elif kind is None and len(t.split()) <= 12 and not story_like(t, self.chat) and (
                    author_voice(t) >= 1 or re.fullmatch(r"[\W_]*[\w'’-]+(?:[ -][\w'’-]+)?[\W_]*", t.strip())
                    or _DATE_STAMP.match(t.strip())):
                kind = next((k for _, k, _ in reversed(found) if k != "separator"), "end_note")
            if kind is None:
                break
            found.append((i, kind, plain or reply))
            short_run = 0 if plain or reply else short_run + 1
            i -= 1
        while found and not found[-1][2]:
            found.pop()  # short lines above the first plain note are the story's
        return [(k, kind) for k, kind, _ in reversed(found)] if any(self._classify(k, "end") for k, _, _ in found) else []

    def _opens_note(self, t: str) -> bool:
        """Is a short paragraph right above an end note the note's first paragraph, with no cue
        word in it ("So yeah, that happened.")? It is the author's when it speaks
        in the first person outside quotation marks with no dialogue, and either exclaims or opens on
        a chatty interjection ("Okay", "Wow", "So"), or the story around it is not told in the first
        person: an "I" in a third-person story's end zone is the author's."""
        s = t.strip()
        if len(s) > 500 or len(s.split()) > 60 or quoted_share(s) > 0.2 or story_like(s, self.chat) or song_lines(s):
            return False
        if _MESSAGE.match(s):
            return False  # "[2:14] **brann:** ok i'm on my way": a message of the story's, however it is stamped
        own = outside_quotes(s)
        if not FIRST_PERSON.search(own):
            return False
        if _CHATTY.search(own):
            return True
        if self._first_person is None:
            self._first_person = self._prose_first_person()
        return not self._first_person

    def _prose_first_person(self) -> bool:
        """Is the story told in the first person: do a quarter or more of its paragraphs of some
        length (over 25 words, not taken by notes or headings) say "I", "me", "we" outside quotation
        marks? (Sampled up to 400 such paragraphs.)"""
        first = seen = 0
        for i in range(len(self.blocks)):
            if i in self.role:
                continue
            t = self.t(i)
            if len(t) < 120 or len(t.split()) <= 25:
                continue
            seen += 1
            first += FIRST_PERSON.search(outside_quotes(t)) is not None
            if seen >= 400:
                break
        return seen > 0 and 4 * first >= seen

    def _note_goes_on(self, i: int, a: int) -> bool:
        """Is block ``i`` a last paragraph of the author's end note: short, the author in the first
        person about the posting (a note cue outside quotation marks), right under a paragraph
        that is plainly an end note? Read from the chapter's end up, it comes before that note."""
        t = self.t(i)
        if i - 1 < a or self.role.get(i - 1) or len(t) > 600 or quoted_share(t) > 0.2:
            return False
        own = outside_quotes(t)
        return bool(note_cues(own)) and bool(FIRST_PERSON.search(own)) and self._classify(i - 1, "end") is not None

    def _mid_notes(self) -> None:
        """Notes inside the story: a paragraph that opens with a strong label (``A/N:``), or one
        that stands alone between two break lines and reads as a note at a story's top would
        ("(quick note: the next bit is Kit's POV)"): a scene is not one aside to the readers.
        (Asked of each of a novel's paragraphs: the break lines come from one list, not two
        calls a paragraph.)"""
        chapter_at = chapter_finder(self.out.chapters)
        breaks = self._break_flags()
        last = len(self.blocks) - 1
        text, role = self.text, self.role
        for i, b in enumerate(self.blocks):
            if i in role:
                continue
            kind = classify(self.t(i), "mid") if may_note_mid(text, b.start, b.end) else None
            if kind is None and 0 < i < last and breaks[i + 1] and breaks[i - 1]:  # alone between two breaks
                kind = self._classify(i, "top")
            if kind:
                c = chapter_at(self.blocks[i].start)
                self.add_paratext(kind, [i], c.n if c is not None and len(self.out.chapters) > 1 else None)

    def _break_at(self, k: int) -> bool:
        """Is block ``k`` a break (a rule or a separator line)?"""
        return 0 <= k < len(self.blocks) and self._break_flags()[k]

    def _break_flags(self) -> list[bool]:
        """``_break_at`` of every block, found once: ``_mid_notes`` asks it of each paragraph's
        two neighbours. A block of several lines with no white space at its ends is no separator
        (what ``is_separator_at`` says first), told here without a call: a hard-wrapped novel's
        paragraphs."""
        if self._breaks is None:
            text = self.text
            flags: list[bool] = []
            for b in self.blocks:
                s, e = b.start, b.end
                if b.kind == "break":
                    flags.append(True)
                elif e > s and not text[s].isspace() and not text[e - 1].isspace() and text.find("\n", s, e) >= 0:
                    flags.append(False)
                else:
                    flags.append(is_separator_at(text, s, e))
            self._breaks = flags
        return self._breaks


def chapter_finder(chapters: list[Chapter]) -> Callable[[int], Chapter | None]:
    """The chapter a position lies in (the first, should chapters overlap), or None.

    By bisection where the chapters are in order and apart, as this pass makes them: a walk
    over every chapter for each note cost notes × chapters on a fic of thousands of chapters.
    (Apart, only the last chapter starting at or before a position can hold it.)"""
    if not all(a.end <= b.start for a, b in zip(chapters, chapters[1:], strict=False)):
        return lambda pos: next((c for c in chapters if c.start <= pos < c.end), None)
    starts = [c.start for c in chapters]

    def find(pos: int) -> Chapter | None:
        i = bisect.bisect_right(starts, pos) - 1
        return chapters[i] if i >= 0 and pos < chapters[i].end else None

    return find


def assign_chapters(paratext: list[Paratext], chapters: list[Chapter]) -> None:
    """Paratext inside a headed chapter of a multi-chapter work belongs to that chapter."""
    if len(chapters) < 2:
        return
    chapter_at = chapter_finder(chapters)
    for p in paratext:
        if p.chapter is None and (c := chapter_at(p.start)) is not None and c.heading and p.start > c.heading[0]:
            p.chapter = c.n


#: A heading's number and its title after a colon or dash ("Chapter Twenty-One: Ashes", "Ch 3/12 - Well").
_TITLED_HEADING = re.compile(rf"^(?:(?:chapter|chap\.?|ch\.?|part|book)\s*(?:{P._NUMBER}\b|\S+?)(?:\s*/\s*\d+|\s+of\s+\d+)?"
                             r"|\d{1,4})\s*[:.,)\-–—]\s*(.+)$", re.I)
#: A heading that is its number alone ("Chapter Twenty-One", "Ch 3/12."): no title in it.
_BARE_HEADING = re.compile(rf"(?:chapter|chap\.?|ch\.?|part|book)\s*{P._NUMBER}(?:\s*/\s*\d+|\s+of\s+\d+)?\W*", re.I)


#: A posting date under a chapter ("reposted: 3/14/09", "edited 2009-03-04"): the author's.
_DATE_STAMP = re.compile(r"(?i)^\W*(?:re-?)?(?:posted|edited|updated|revised|written|finished)\b[\s:,-]*(?:on\s+)?"
                         r"\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}\W*$")
_HEADER_LABEL = re.compile(r"^\s*([A-Z][A-Za-z /&]{1,30}):\s*(\S.*)$")


def _header_labels(t: str) -> bool:
    """Lines that are each a work's label and its value ("Category/Rating: Gen/T", "Chapters:
    20", "Characters: Everyone"), as a chapter's top repeats the story's header: every line a
    label, each a part of AO3's vocabulary (:func:`apply_label`), so a chat line never is one."""
    lines = nonblank_lines(t)
    if not 1 <= len(lines) <= 12:
        return False
    for ln in lines:
        m = _HEADER_LABEL.match(ln)
        if m is None or not any(apply_label(Work(), part, m.group(2)) for part in re.split(r"\s*[/&]\s*", m.group(1))):
            return False
    return True


#: How far down a chapter's text its title may be said again over front matter (blocks, words).
_FRONT_BLOCKS = 40
_FRONT_WORDS = 800
#: A line that says who made what: "Story by …", "Art by …", "Font credits:", "Cover: …".
_CREDIT_LINE = re.compile(r"(?i)^\W*(?:[\w'’-]+\s+){0,2}(?:by\s+\S|credits?\s*:|cover\s*(?:art)?\s*:)")


#: The pronouns a story tells its people by.
_TOLD_BY = re.compile(r"\b(?:he|she|him|her|his|hers|himself|herself)\b", re.I)


def _told(t: str) -> bool:
    """A paragraph of the story told: narration of some length (:func:`story_like`) about people, "he"
    and "she" three times or more outside quotation marks. A glossary's entries and credits, above a
    chapter's title said again, are long too, but tell nobody."""
    return story_like(t) and len(_TOLD_BY.findall(outside_quotes(t))) >= 3


#: The line naming an epigraph's source: a dash or two, then its words.
_EPIGRAPH_SOURCE = re.compile(r"^[–—-]{1,2}\s*\S")


def _epigraph_line(t: str) -> bool:
    """A block of an epigraph: short verse lines with no quotation marks, or the line naming its
    source ("— a poet, a poem")."""
    s = t.strip()
    if re.match(r"^[–—-]{1,2}\s*\S", s):
        return len(s) <= 160
    lines = nonblank_lines(s)
    return bool(lines) and len(lines) <= 8 and all(len(ln) <= 70 for ln in lines) and not re.search(r"[\"“”]", s) \
        and not s.rstrip().endswith(":")


def _site_line(t: str) -> bool:
    """A line a site puts above a pasted header's title: a trail ("Books » Fandom"), a menu item,
    a short label, never a line of prose wrapped at the margin (eight words at most, or a trail)."""
    return len(t.split()) <= 8 or bool(re.search(r"[»›>|]", t))


def _merge_repeated(found: list[int], title: Callable[[int], str | None],
                    only_ornaments: Callable[[int, int], bool]) -> list[tuple[int, str | None]]:
    """Chapter headings with their titles, where a heading right under another (nothing between
    them but perhaps an ornament row) says the same chapter again — the site's "Chapter 1:
    Lamplight" copied above the author's own "Chapter One", a bare "Chapter Two" over a row of
    ``~*~*~`` and the author's "Chapter Two: Frost" — and opens no chapter of its own; its title
    serves where the first has none."""
    out: list[tuple[int, str | None]] = []
    prev = -2
    for i in found:
        if out and i > prev >= 0 and only_ornaments(prev, i):
            if out[-1][1] is None:
                out[-1] = (out[-1][0], title(i))
        else:
            out.append((i, title(i)))
        prev = i
    return out


_NOT_WORD = re.compile(r"[\W_]+")
#: a run of a word's letters and digits: one of ``_norm``'s words, before its case folding
_WORD_RUN = re.compile(r"[^\W_]+")


def _norm(t: str) -> str:
    """A line's words alone, case folded: a table of contents' entry and the heading it names match, a
    repeated title matches the work's."""
    return _NOT_WORD.sub(" ", t).strip().casefold()


def _first_word_is(t: str, word: str) -> bool:
    """Is ``_norm(t)``'s first word ``word``? Asked before ``_norm`` of a paragraph that is to equal
    a key: most differ in their first word, found without copying the whole paragraph. (Case
    folding turns no letter into a space, so ``_norm``'s first word is its first run's, folded.)"""
    m = _WORD_RUN.search(t)
    return m is not None and m.group().casefold() == word


def _heading_title(t: str) -> str | None:
    lines = nonblank_lines(t)
    if not lines:
        return None
    first = lines[0].strip("#*_~=- ")
    rest = " ".join(ln.strip("#*_~=- ") for ln in lines[1:]).strip()
    m = None if _BARE_HEADING.fullmatch(first) else _TITLED_HEADING.match(first)
    title = m.group(1).strip() if m else None
    if m is None and not (P.CHAPTER_HEADING.match(first) or P.ROMAN_HEADING.match(first) or P.PART_HEADING.match(first)):
        title = first  # a heading that is its title (one a table of contents names), perhaps wrapped
        return f"{first} {rest}" if rest and len(first) >= 60 else (f"{first} — {rest}" if rest else first)
    if rest:
        title = f"{title} — {rest}" if title else rest
    return title or None


def segment_structure(doc: Document) -> Structure:
    return _Segmenter(doc).run()
