"""Build fabula's plain rendition of a structured input (HTML, EPUB) with offsets kept.

Paragraphs are joined by a blank line, ``<br>`` becomes a newline, ``<hr>`` a break block
rendered as ``* * *`` so the text reads as a writer would have typed it. Inline italics and
bold become :class:`~fabula.model.Mark` spans; structure the format states outright (AO3's
summary, a chapter heading) becomes a :class:`~fabula.model.Region`.
"""

from __future__ import annotations

from fabula.errors import InputError
from fabula.model import Block, Document, Mark, Region, Work

BREAK_TEXT = "* * *"


def collapse_space(text: str) -> str:
    """Each run of white space as one space, the ends' kept (a text node's space joins it to the
    next). The same as substituting ``\\s+``, whose white space ``str.split`` splits on, without
    replacing each of a paragraph's single spaces by another: a third of an HTML read's time."""
    words = text.split()
    if not words:
        return " " if text else ""
    body = " ".join(words)
    return (" " if text[0].isspace() else "") + body + (" " if text[-1].isspace() else "")


class TextBuilder:
    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        """Back to empty: a page an adapter misread is read again from nothing."""
        self._parts: list[str] = []
        self.pos = 0
        self.blocks: list[Block] = []
        self.marks: list[Mark] = []
        self.regions: list[Region] = []
        self._para: list[str] = []
        self._para_len = 0
        self._para_marks: list[tuple[int, int, str]] = []
        self._open: dict[str, int] = {}
        self._gap = 0
        self._paras = 0
        self._image: str | None = None  # an image in the paragraph being written: "ornament" or "picture"

    def paragraphs(self) -> int:
        """How many paragraphs of text (not headings or breaks) have been written (counted as they
        are: an EPUB asks after each of its pages)."""
        return self._paras

    # -- inline content -------------------------------------------------------------------
    def _tail(self) -> str:
        return self._para[-1][-1:] if self._para else ""

    def add_text(self, text: str, styles: frozenset[str] = frozenset()) -> None:
        text = collapse_space(text)
        if not text:
            return
        if text.startswith(" ") and (not self._para or self._tail() in (" ", "\n")):
            text = text[1:]
        if not text:
            return
        start = self._para_len
        self._para.append(text)
        self._para_len += len(text)
        for style in styles:
            self._para_marks.append((start, self._para_len, style))

    def newline(self) -> None:
        if not self._para:
            return
        while self._para and self._para[-1].endswith(" "):
            self._para[-1] = self._para[-1][:-1]
            self._para_len -= 1
            if not self._para[-1]:
                self._para.pop()
        if self._para and not self._para[-1].endswith("\n"):
            self._para.append("\n")
            self._para_len += 1

    def flush(self, kind: str = "para", level: int = 0) -> Block | None:
        """End the current paragraph; returns its block, or ``None`` if it was empty."""
        raw = "".join(self._para)
        marks = self._para_marks
        self._para, self._para_len, self._para_marks = [], 0, []
        lead = len(raw) - len(raw.lstrip())
        body = raw.strip()
        image, self._image = self._image, None
        if not body:
            if image == "ornament":
                return self._emit(BREAK_TEXT, "break", 0, [])
            if image == "picture":
                self._gap = 0  # a picture in the story stands where a paragraph would: no empty line
                return None
            self._gap += 1
            return None
        return self._emit(body, kind, level, [(s - lead, e - lead, k) for s, e, k in marks])

    def _emit(self, body: str, kind: str, level: int, marks: list[tuple[int, int, str]]) -> Block:
        if self._parts:
            self._parts.append("\n\n")
            self.pos += 2
        start = self.pos
        self._parts.append(body)
        self.pos += len(body)
        for s, e, k in marks:
            s, e = max(s, 0), min(e, len(body))
            if e > s and k in ("italic", "bold"):
                self.marks.append(Mark(start + s, start + e, k))  # type: ignore[arg-type]
        block = Block(start, self.pos, kind, self._gap, level)
        self.blocks.append(block)
        self._paras += kind == "para"
        self._gap = 0
        return block

    # -- whole blocks ---------------------------------------------------------------------
    def paragraph(self, text: str, kind: str = "para", level: int = 0) -> Block | None:
        self.flush()
        self.add_text(text)
        return self.flush(kind, level)

    def image(self, kind: str | None) -> None:
        """An image in the paragraph being written: an ``ornament`` (a divider, a dingbat) alone in
        its paragraph is a scene break; a ``picture`` (a photo, a screenshot, fan art) alone in its
        paragraph is part of the story, not an empty paragraph; ``None`` (nothing to tell by) is
        neither, and the paragraph counts as empty as before."""
        if kind is not None:
            self._image = kind

    def rule(self) -> Block:
        """An explicit scene break (``<hr>``)."""
        self.flush()
        return self._emit(BREAK_TEXT, "break", 0, [])

    def blank(self, n: int = 1) -> None:
        self.flush()
        self._gap += n

    def region(self, kind: str, start: int, label: str | None = None, chapter: int | None = None) -> Region | None:
        """Record a region from ``start`` to the current end of the text (if non-empty)."""
        self.flush()
        if self.pos <= start:
            return None
        region = Region(kind, start, self.pos, label, chapter)
        self.regions.append(region)
        return region

    def next_start(self) -> int:
        """Where the next block will start."""
        self.flush()
        return self.pos + (2 if self._parts else 0)

    @property
    def text(self) -> str:
        self.flush()
        return "".join(self._parts)


# --- what the word-processor readers (.docx, .odt) share ---------------------------------------------

def outline_level(level: int, title_styled: bool, level1s: int) -> int:
    """A draft's heading level in fabula's terms (1 the title, 2+ chapters): the one level-1 heading
    of a draft without a Title style is its title."""
    return 1 if level == 1 and not title_styled and level1s <= 1 else min(level + 1, 6)


#: The creator a word processor or library writes when nobody set one: python-docx's template
#: ("python-docx"), Word's on a machine without a user name ("Microsoft Office User", "Windows
#: User", "User", "Admin"...), Apache POI's. The account that made the file, not the story's author.
_PLACEHOLDER_CREATORS = frozenset({"python-docx", "microsoft office user", "windows user", "user", "admin",
                                   "administrator", "owner", "author", "unknown", "apache poi", "nobody"})


def file_creator(name: str | None) -> str | None:
    """A draft's creator property as an author, or None for a placeholder (:data:`_PLACEHOLDER_CREATORS`)."""
    name = (name or "").strip()
    return name if name and name.casefold() not in _PLACEHOLDER_CREATORS else None


def is_ornament(text: str) -> bool:
    """A short line of no letters or digits ("* * *", "~"): centred, a scene break."""
    return len(text.strip()) <= 12 and not any(ch.isalnum() for ch in text)


class PageBreaks:
    """A draft's page and section breaks, each held until the next paragraph says what it meant.

    Before a heading a break starts the chapter (no scene of its own). In a draft that ``marked``
    its divisions itself (headings, a Title, ornament lines) one in mid-chapter is pagination, a
    letter put on a fresh page; in a draft with no other mark it is the scene break it is the only
    sign of. A break before any text divides nothing."""

    def __init__(self, b: TextBuilder, marked: bool) -> None:
        self.b, self.marked = b, marked
        self.waiting = False

    def note(self) -> None:
        """A page or section break here."""
        self.waiting = self.waiting or bool(self.b.blocks)

    def settle(self, heading: bool) -> None:
        """The next paragraph with text has come (a ``heading`` or not): the waiting break, if any,
        becomes a scene break where it is the only division an unmarked draft has."""
        if self.waiting:
            self.waiting = False
            if not heading and not self.marked:
                self.b.rule()


def draft_document(b: TextBuilder, work: Work, fmt: str, path: str | None, what: str) -> Document:
    """The :class:`Document` a draft reader built; a draft with no text is refused in one line."""
    text = b.text
    if not text.strip():
        raise InputError(f"{what} is {'an' if fmt[0] in 'aeiou' else 'a'} .{fmt} with no text")
    return Document(text=text, format=fmt, encoding="utf-8", path=path, blocks=b.blocks, marks=b.marks,
                    regions=b.regions, work=work)
