"""Title, paratext and chapters: what is story and what is the author talking.

Order of evidence: what the format states (AO3's summary, an EPUB chapter file) first, then
what the text labels (``A/N:``, ``Disclaimer:``, ``Chapter 3``), then what it looks like (a
short title-case line after the notes; a paragraph that talks to "you guys" about "this
fic"). Unlabeled notes are only looked for where notes live: before the story, at the top and
bottom of chapters.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

from fabula.ingest.metadata import apply_label
from fabula.model import Block, Chapter, Document, Paratext, Work
from fabula.segment import patterns as P
from fabula.segment.spans import story_blocks
from fabula.text.sentences import CREDIT_SENTENCE

_AUTHOR_VOICE = re.compile(r"\b(?:I|I'm|I’m|I've|my|me|you|your|y'all|guys|thanks?|hope)\b|[:;]\)|:D\b|<3", re.I)
_STRONG_MID = re.compile(r"^[\s*_~(\[]*(?:a\s*/\s*n\b|author['’]?s?\s+notes?\s*:|\(?\s*lyrics\s*:|disclaimer\s*:)", re.I)


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
    if not 1 <= len(words) <= 12 or P.is_break_line(s) or P.CHAPTER_HEADING.match(s):
        return False
    if any(rx.match(s) for _, rx in P.PARATEXT_OPENERS) or P.PARATEXT_CLOSERS.match(s):
        return False
    if not (s[0].isupper() or s[0].isdigit()):
        return False
    content = [w for w in words if len(w) > 3]
    caps = sum(w[0].isupper() for w in content)
    return s.isupper() or not content or caps >= 0.5 * len(content)


def classify(t: str, where: str) -> str | None:
    """The paratext kind of a block's text at ``where`` (``top``, ``end`` or ``mid``), or None."""
    if where == "mid" and not _STRONG_MID.match(t):
        return None  # tested before the strip: most blocks stop here, and leading space is allowed anyway
    s = t.strip()
    if not s:
        return None
    for kind, rx in P.PARATEXT_OPENERS:
        if rx.match(s):
            if kind == "author_note" and where == "end":
                return "end_note"
            return kind
    if where != "top" and P.PARATEXT_CLOSERS.match(s):
        return "end_note"
    if where == "mid" or len(s) > 2500:
        return None
    if s.count('"') + s.count("“") < 4 and _two_note_cues(s) and _AUTHOR_VOICE.search(s):
        return "end_note" if where == "end" else "author_note"
    if where == "end" and len(s) < 300 and P.PARATEXT_CLOSERS.search(s):
        return "end_note"
    return None


def _two_note_cues(s: str) -> bool:
    """At least two different note cues ("this fic", "reviews", ":)") — stops at the second."""
    seen: set[str] = set()
    for m in P.NOTE_CUES.finditer(s):
        seen.add(m.group(0).lower())
        if len(seen) >= 2:
            return True
    return False


def credits_in(text: str, start: int, end: int, chapter: int | None) -> list[Paratext]:
    """Song (or other work) credits named in a paratext block, as their own spans."""
    out: list[Paratext] = []
    for sm in CREDIT_SENTENCE.finditer(text, start, end):
        sentence = sm.group(0)
        m = P.CREDIT.search(sentence)
        if not m or not (P.SONG_WORDS.search(sentence) or re.search(r"\btitle\b", sentence, re.I)):
            continue
        s, e = sm.start(), sm.end()
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
        return [i for i, b in enumerate(self.blocks) if b.start >= start and b.end <= end]

    def add_paratext(self, kind: str, idx: list[int], chapter: int | None) -> None:
        if not idx:
            return
        s, e = self.blocks[idx[0]].start, self.blocks[idx[-1]].end
        for i in idx:
            self.role[i] = "paratext"
        self._add_with_credits(Paratext(kind, s, e, chapter))
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

    def _metadata_lines(self, t: str) -> None:
        for line in t.split("\n"):
            m = P.LABEL_LINE.match(line.strip("*_ "))
            if m:
                apply_label(self.work, m.group(1), m.group(2).strip("*_ "))

    # -- the passes -------------------------------------------------------------------------
    def run(self) -> Structure:
        self._from_regions()
        headings = self._headings()
        self._chapters(headings)
        self._mid_notes()
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
                self._add_with_credits(Paratext(r.label or "author_note", r.start, r.end, r.chapter))
            elif r.kind == "title":
                for i in idx:
                    self.role[i] = "title"
                self.out.title_span = (r.start, r.end)
                self.out.headings.append((r.start, r.end))

    def _heading_block(self, i: int) -> str | None:
        """``chapter``, ``part``, ``roman``, ``title`` or None for block ``i``."""
        b = self.blocks[i]
        if b.kind != "heading":
            # cheap test on the first line before splitting the block
            head = self.first_line(i).lstrip("#").strip()
            if not (P.CHAPTER_HEADING.match(head) or P.PART_HEADING.match(head) or P.ROMAN_HEADING.match(head)):
                return None
        lines = nonblank_lines(self.t(i))
        if not lines or len(lines) > 4:
            return None
        first = lines[0].lstrip("#").strip()
        if b.kind == "heading":
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
        kinds: dict[str, list[int]] = {"chapter": [], "part": [], "roman": [], "title": []}
        toc_until = -1
        for i in range(len(self.blocks)):
            if i in self.role:
                continue
            if P.TOC.match(self.first_line(i)):
                # a table of contents: its entries look like headings but are not
                j = i + 1
                while j < len(self.blocks) and len(nonblank_lines(self.t(j))) <= 2 and len(self.t(j)) < 150 and j - i < 200:
                    if self._heading_block(j) and j + 1 < len(self.blocks) and self.blocks[j + 1].gap >= 2:
                        break
                    j += 1
                self.add_paratext("metadata", list(range(i, j)), None)
                toc_until = j
                continue
            if i < toc_until:
                continue
            k = self._heading_block(i)
            if k:
                kinds[k].append(i)
        if kinds["roman"] and len(kinds["roman"]) < 2:
            kinds["roman"] = []
        chapter_idx = kinds["chapter"] or kinds["roman"] or kinds["part"]
        for i in kinds["part"] + kinds["chapter"] + kinds["roman"]:
            self.role[i] = "heading"
            self.out.headings.append((self.blocks[i].start, self.blocks[i].end))
        for i in kinds["title"][:1]:
            if self.out.title_span is None and (not chapter_idx or i < chapter_idx[0]):
                self.role[i] = "title"
                b = self.blocks[i]
                self.out.title_span = (b.start, b.end)
                self.out.headings.append((b.start, b.end))
                self.work.title = self.work.title or self.t(i).lstrip("#").strip()
        return [(i, _heading_title(self.t(i))) for i in sorted(chapter_idx)]

    def _chapters(self, headings: list[tuple[int, str | None]]) -> None:
        n_blocks = len(self.blocks)
        first_heading = headings[0][0] if headings else n_blocks
        body_start = self._front(first_heading, only_meta=bool(headings))
        spans: list[tuple[int, int, str | None, int | None]] = []  # first block, last block (excl), title, heading idx
        if body_start < first_heading:
            spans.append((body_start, first_heading, None, None))
        for k, (hi, title) in enumerate(headings):
            end = headings[k + 1][0] if k + 1 < len(headings) else n_blocks
            spans.append((hi + 1, end, title, hi))
        for n, (a, z, title, head_i) in enumerate(spans, start=1):
            members = [i for i in range(a, z) if self.role.get(i) not in ("title",)]
            start_i = head_i if head_i is not None else (members[0] if members else a)
            if start_i >= n_blocks:
                continue
            last = z - 1
            while last > a and self.role.get(last) == "title":
                last -= 1
            start = self.blocks[start_i].start
            end = self.blocks[max(last, start_i)].end
            heading = (self.blocks[head_i].start, self.blocks[head_i].end) if head_i is not None else None
            self.out.chapters.append(Chapter(n, start, end, title, heading))
            chapter_no = n if (len(spans) > 1 or head_i is not None) else None
            self._chapter_top(a, z, chapter_no)
            self._chapter_end(a, z, chapter_no)
        assign_chapters(self.out.paratext, self.out.chapters)

    def _front(self, limit: int, only_meta: bool) -> int:
        """Scan the work's front matter (blocks before ``limit``); return the first story block."""
        i = 0
        seen_body = False
        while i < limit:
            if i in self.role:
                i += 1
                continue
            t = self.t(i)
            lines = nonblank_lines(t)
            if P.FFN_HEADER.search(t):
                self.add_paratext("metadata", [i], None)
                self._ffn_header(t)
            elif len(lines) >= 2 and sum(bool(P.LABEL_LINE.match(ln)) for ln in lines) >= 0.4 * len(lines) and sum(
                apply_label(Work(), m.group(1), m.group(2))
                for ln in lines if (m := P.LABEL_LINE.match(ln))
            ) >= 2:
                self.add_paratext("metadata", [i], None)
            elif len(lines) == 1 and P.LABEL_LINE.match(lines[0]) and apply_label(self.work, *P.LABEL_LINE.match(lines[0]).groups()):  # type: ignore[union-attr]
                self.add_paratext("metadata", [i], None)
            elif len(lines) == 2 and P.BYLINE.match(lines[1]) and title_like(lines[0]) and self.out.title_span is None:
                b = self.blocks[i]
                nl = self.text.index("\n", b.start)
                self.out.title_span = (b.start, len(self.text[:nl].rstrip()))
                self.work.title = self.work.title or lines[0]
                self.work.authors = self.work.authors or [P.BYLINE.match(lines[1]).group(1).strip()]  # type: ignore[union-attr]
                self.role[i] = "title"
                self.out.headings.append(self.out.title_span)
                after = nl + 1
                while self.text[after] in " \t\r":
                    after += 1
                self.out.paratext.append(Paratext("metadata", after, b.end, None))
            elif lines and P.BYLINE.match(lines[0]) and len(t) < 1200 and not re.search(r"[.!?][\"”]?$", lines[-1]):
                self.add_paratext("metadata", [i], None)
                self.work.authors = self.work.authors or [P.BYLINE.match(lines[0]).group(1).strip()]  # type: ignore[union-attr]
            elif (kind := classify(t, "top")) is not None:
                self.add_paratext(kind, [i], None)
            elif i > 0 and self.role.get(i - 1) == "paratext" and re.search(
                r"^\s*Summary:.*\Z", self.t(i - 1).rsplit("\n", 3)[-1] if "\n" in self.t(i - 1) else "", re.S | re.M
            ) and len(t) < 1500:
                self.add_paratext("summary", [i], None)  # a summary running on past its label block
            elif self.out.title_span is None and title_like(t) and not seen_body:
                b = self.blocks[i]
                self.role[i] = "title"
                self.out.title_span = (b.start, b.end)
                self.out.headings.append((b.start, b.end))
                self.work.title = self.work.title or t.strip().strip("*_#~ ")
            elif P.is_break_line(t) and any(self.role.get(j) for j in range(i)):
                self.role[i] = "separator"
            elif only_meta and len(t.split()) < 60 and not re.search(r"[\"“]", t):
                # front matter of a book before its first chapter: subtitle, edition notes
                self.add_paratext("metadata", [i], None)
            else:
                return i
            i += 1
        return i

    def _ffn_header(self, t: str) -> None:
        w = self.work
        m = re.search(r"Rated:\s*(?:Fiction\s+)?(K\+?|T|M|MA)\b", t)
        if m:
            w.rating = {"K": "General Audiences", "K+": "General Audiences", "T": "Teen And Up Audiences",
                        "M": "Mature", "MA": "Explicit"}.get(m.group(1), m.group(1))
        parts = [p.strip() for p in re.split(r"\s+-\s+", t)]
        for p in parts:
            if re.fullmatch(r"[A-Z][a-z]+", p) and p in ("English", "Spanish", "French", "German", "Italian", "Portuguese"):
                apply_label(w, "language", p)
            elif m2 := re.match(r"(Chapters|Words|Updated|Published|Status):\s*(.+)", p):
                apply_label(w, m2.group(1), m2.group(2))
            elif "[" in p or re.search(r"\b[A-Z][a-z]+\s+[A-Z]\.", p):
                pairs = re.findall(r"\[([^\]]+)\]", p)
                w.relationships = w.relationships or ["/".join(x.strip() for x in pr.split(",")) for pr in pairs]
                chars = re.sub(r"[\[\]]", ",", p)
                w.characters = w.characters or [c.strip() for c in chars.split(",") if c.strip()]
            elif "/" in p and not p.startswith("Rated") and re.fullmatch(r"[A-Za-z/\- ]+", p):
                w.tags = w.tags or re.findall(r"Hurt/Comfort|[A-Z][a-z-]+", p)
        if w.chapters and "/" not in w.chapters:
            w.chapters = f"{w.chapters}/{w.chapters}" if re.search(r"Status:\s*Complete", t) else f"{w.chapters}/?"

    def _chapter_top(self, a: int, z: int, chapter: int | None) -> None:
        i = a
        noted = False
        while i < z:
            if self.role.get(i):
                i += 1
                continue
            t = self.t(i)
            kind = classify(t, "top")
            if kind is not None:
                self.add_paratext(kind, [i], chapter)
                noted = True
            elif noted and P.is_break_line(t):
                self.role[i] = "separator"
            else:
                return
            i += 1

    def _chapter_end(self, a: int, z: int, chapter: int | None) -> None:
        i = z - 1
        found: list[tuple[int, str]] = []
        while i >= a:
            if self.role.get(i) in ("heading", "title"):
                break
            if self.role.get(i):
                i -= 1
                continue
            t = self.t(i)
            kind = classify(t, "end")
            if kind is None and found and re.match(r"^\s*[\w .'-]{1,30}:\s+\S", t) and len(t) < 600 and any(
                k == "review_reply" for _, k in found
            ):
                kind = "review_reply"
            if kind is None:
                break
            found.append((i, kind))
            i -= 1
        if not found:
            return
        if i >= a and not self.role.get(i) and P.is_break_line(self.t(i)):
            self.role[i] = "separator"
        for idx, kind in reversed(found):
            self.add_paratext(kind, [idx], chapter)

    def _mid_notes(self) -> None:
        for i, _b in enumerate(self.blocks):
            if i in self.role:
                continue
            kind = classify(self.t(i), "mid")
            if kind:
                chapter = next((c.n for c in self.out.chapters if c.start <= self.blocks[i].start < c.end), None)
                self.add_paratext(kind if kind != "author_note" else "author_note", [i],
                                  chapter if len(self.out.chapters) > 1 else None)


def assign_chapters(paratext: list[Paratext], chapters: list[Chapter]) -> None:
    """Paratext inside a headed chapter of a multi-chapter work belongs to that chapter."""
    if len(chapters) < 2:
        return
    for p in paratext:
        if p.chapter is None:
            for c in chapters:
                if c.start <= p.start < c.end and c.heading and p.start > c.heading[0]:
                    p.chapter = c.n


def _heading_title(t: str) -> str | None:
    lines = nonblank_lines(t)
    if not lines:
        return None
    first = lines[0].strip("#*_~ ")
    rest = " ".join(ln.strip("#*_~ ") for ln in lines[1:]).strip()
    m = re.match(r"^(?:chapter|chap\.?|ch\.?|part|book)\s*\S+?\s*[:.,)\-–—]\s*(.+)$", first, re.I)
    title = m.group(1).strip() if m else None
    if rest:
        title = f"{title} — {rest}" if title else rest
    if title is None and not (P.CHAPTER_HEADING.match(first) or P.ROMAN_HEADING.match(first) or P.PART_HEADING.match(first)):
        title = first
    return title or None


def segment_structure(doc: Document) -> Structure:
    return _Segmenter(doc).run()
