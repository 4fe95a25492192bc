"""The annotated story: one immutable text and stand-off layers of spans over it.

Every layer is a list of small dataclasses whose ``start``/``end`` are offsets into
``Story.text`` (Python ``str`` indices, end exclusive) — the way spaCy's ``Doc`` and
BookNLP's token files work. Each layer is a field of :class:`Story` and has one writer, the
pass that declares it in :mod:`fabula.passes` (``docs/architecture.md`` draws them all).
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal

ParatextKind = Literal[
    "author_note",
    "end_note",
    "chapter_note",
    "disclaimer",
    "credit",
    "summary",
    "review_reply",
    "metadata",
    "dedication",
]
QuoteKind = Literal["dialogue", "thought", "lyric", "scare", "title", "written"]
VerseKind = Literal["lyrics", "poem", "epigraph", "letter", "message"]


@dataclass(frozen=True)
class Block:
    """A paragraph-level unit of the text as the input laid it out.

    ``kind`` is ``para`` for ordinary text, ``heading`` where the input said so (HTML
    ``h1``-``h6``, Markdown ``#``), ``break`` for an explicit rule (HTML ``<hr>``).
    ``gap`` counts the blank lines (or empty HTML paragraphs) before the block: a wide gap
    is a scene break in some fics.
    """

    start: int
    end: int
    kind: str = "para"
    gap: int = 0
    level: int = 0

    def __init__(self, start: int, end: int, kind: str = "para", gap: int = 0, level: int = 0) -> None:
        # written out: the generated one of a frozen dataclass sets each field through a call to
        # ``object.__setattr__``, and a novel's reading makes thousands of blocks (same fields,
        # still frozen: only ``__setattr__`` is barred, not the instance's own dict)
        d = self.__dict__
        d["start"], d["end"], d["kind"], d["gap"], d["level"] = start, end, kind, gap, level


@dataclass(frozen=True)
class Mark:
    """Inline formatting kept from the input (italics matter: they carry thoughts)."""

    start: int
    end: int
    kind: Literal["italic", "bold"]


@dataclass
class Paratext:
    kind: str
    start: int
    end: int
    chapter: int | None = None
    song: str | None = None
    artist: str | None = None
    label: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "start": self.start, "end": self.end, "chapter": self.chapter}
        for key in ("song", "artist", "label"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        return out


@dataclass
class Chapter:
    n: int
    start: int
    end: int
    title: str | None = None
    heading: tuple[int, int] | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"n": self.n, "title": self.title, "start": self.start, "end": self.end}
        if self.heading:
            out["heading"] = list(self.heading)
        return out


@dataclass
class HeadHop:
    """A paragraph that reports the inner life of someone other than the scene's POV character."""

    start: int
    end: int
    from_: str
    to: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "from": self.from_, "to": self.to}


@dataclass
class Scene:
    n: int
    chapter: int
    start: int
    end: int
    break_: str | None = None
    marker: str | None = None
    pov: str | None = None
    time: str = "unknown"
    person: str | None = None  # first / third, when the narration says
    tense: str | None = None
    fabula_order: int | None = None
    head_hops: list[HeadHop] = field(default_factory=list)
    time_cues: list[str] = field(default_factory=list)
    pov_confidence: float | None = None
    time_confidence: float | None = None
    pov_cues: list[str] = field(default_factory=list)  # why this POV (or why none), as the timeline shows

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "n": self.n,
            "chapter": self.chapter,
            "start": self.start,
            "end": self.end,
            "break": self.break_,
            "pov": self.pov,
            "time": self.time,
        }
        if self.tense is not None:
            out.update({"person": self.person, "tense": self.tense, "fabula_order": self.fabula_order,
                        "head_hops": [h.to_dict() for h in self.head_hops], "time_cues": list(self.time_cues),
                        "pov_confidence": self.pov_confidence, "time_confidence": self.time_confidence,
                        "pov_cues": list(self.pov_cues)})
        if self.marker:
            out["marker"] = self.marker
        return out


@dataclass
class Verse:
    start: int
    end: int
    kind: str = "lyrics"
    credit: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "kind": self.kind, "credit": self.credit}


@dataclass
class Quote:
    id: str
    start: int
    end: int
    kind: str = "dialogue"
    open_mark: str = '"'
    continues: str | None = None
    unclosed: bool = False
    speaker: str | None = None
    addressees: list[str] = field(default_factory=list)
    attribution: str | None = None
    confidence: float | None = None
    #: the speaker sieve that decided this line ("explicit_tag", "turn_taking", "ranker", …; see
    #: fabula.characters.attribution.sieves) and the one the rules alone chose — for measuring
    #: the sieves, not part of the JSON
    sieve: str | None = field(default=None, compare=False, repr=False)
    rule_sieve: str | None = field(default=None, compare=False, repr=False)

    def inner(self, text: str) -> tuple[int, int]:
        """The span without its quotation marks (a run-on or unclosed quote has no closer)."""
        end = self.end - 1 if self.end - 1 > self.start and text[self.end - 1] in "\"”'’»" else self.end
        return self.start + 1, end

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
            "speaker": self.speaker,
            "addressees": list(self.addressees),
            "attribution": self.attribution,
            "confidence": None if self.confidence is None else round(self.confidence, 3),
        }
        if self.continues:
            out["continues"] = self.continues
        if self.unclosed:
            out["unclosed"] = True
        return out


def character_id(n: int) -> str:
    """A character's id in the JSON ("c1", "c2", …) from its number inside the passes (0, 1, …).

    The characters and speakers passes number characters from 0, as list positions; the JSON
    contract (and every layer of ``Story`` that a renderer reads) names them "c1", "c2", ….
    This is the one place that turns the one into the other.
    """
    return f"c{n + 1}"


@dataclass
class Mention:
    start: int
    end: int
    kind: Literal["name", "epithet", "pronoun"]
    character: str | None = None


@dataclass
class Character:
    id: str
    name: str
    aliases: list[str] = field(default_factory=list)
    epithets: list[str] = field(default_factory=list)
    gender: str = "unknown"
    mentions: int = 0
    lines: int = 0
    #: nobody names them: a narrator called only "I", a voice known by a role ("the nurse")
    unnamed: bool = False

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "aliases": list(self.aliases),
            "epithets": list(self.epithets),
            "gender": self.gender,
            "mentions": self.mentions,
            "lines": self.lines,
        }
        if self.unnamed:
            out["unnamed"] = True
        return out


@dataclass
class CastIndex:
    """What the characters pass knows of the cast, for the passes after it.

    The speakers pass reads all of it; the narrative pass reads the narrator. Characters are
    numbered from 0 here, in the order the characters pass found them (:func:`character_id`
    gives the JSON's "c1"…); ``Story.characters`` is the cast as the JSON shows it, sorted by
    mentions and, after the speakers pass, with merged and silent one-off characters gone.
    """

    #: every known name and epithet ("Odile", "Odile Quennell", "the barman") → its character
    names: dict[str, int]
    #: any known name, as whole words (None when the cast is empty)
    pattern: re.Pattern[str] | None
    #: he / she / unknown, by character
    genders: list[str]
    #: uses of each character's names in the prose, dialogue included
    counts: Counter[int]
    #: (start, end, character) of each name in narration (outside quotes), in text order
    mentions: list[tuple[int, int, int]]
    #: the nouns an epithet tag may stand on ("said the girl") → the gender each carries, if any
    heads: dict[str, str | None]
    #: the prose paragraphs (verse left out), which the speaker sieves read
    blocks: list[Block]
    #: the first-person narrator, when the characters pass can tell who it is (the name others
    #: call them by)
    narrator: int | None = None
    #: whether an "I" tells the story (its narration says "I", its tags "I said"), named or not
    first_person: bool = False
    #: per tag epithet ("the barman"): the characters tagged two turns from its lines (likely
    #: the same person) and one turn from them (the one it talks with)
    turns: dict[str, tuple[Counter[int], Counter[int]]] = field(default_factory=dict)
    #: the characters the user declared (``--cast``): each stays in the cast with its names, and
    #: none merges into another
    declared: frozenset[int] = frozenset()

    @property
    def salience(self) -> list[float]:
        """Each character's share of all name uses."""
        total = max(sum(self.counts.values()), 1)
        return [self.counts.get(i, 0) / total for i in range(len(self.genders))]

    def narrator_id(self, characters: list[Character]) -> str | None:
        """The narrator's id, while that character is still in ``characters``."""
        if self.narrator is None:
            return None
        cid = character_id(self.narrator)
        return cid if any(c.id == cid for c in characters) else None


@dataclass
class Diagnostic:
    code: str
    severity: Literal["error", "warning", "info"]
    start: int
    end: int
    message: str
    fix: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "start": self.start,
            "end": self.end,
            "message": self.message,
            "fix": self.fix,
        }


@dataclass
class Work:
    """Work metadata in AO3's vocabulary, filled from whatever the input declares."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    fandoms: list[str] = field(default_factory=list)
    rating: str | None = None
    warnings: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    relationships: list[str] = field(default_factory=list)
    characters: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    summary: str | None = None
    language: str = "en"
    series: str | None = None
    chapters: str | None = None
    words: int = 0
    published: str | None = None
    updated: str | None = None
    status: str | None = None
    declared_words: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "authors": list(self.authors),
            "fandoms": list(self.fandoms),
            "rating": self.rating,
            "warnings": list(self.warnings),
            "categories": list(self.categories),
            "relationships": list(self.relationships),
            "characters": list(self.characters),
            "tags": list(self.tags),
            "summary": self.summary,
            "language": self.language,
            "series": self.series,
            "chapters": self.chapters,
            "words": self.words,
            "published": self.published,
            "updated": self.updated,
            "status": self.status,
            "declared_words": self.declared_words,
        }


@dataclass
class Region:
    """Structure the input format states outright (an AO3 summary, an EPUB chapter file).

    Ingest records these; the segment passes prefer them to guessing.
    """

    kind: str  # "paratext", "chapter", "title", "heading"
    start: int
    end: int
    label: str | None = None  # paratext kind, or chapter title
    chapter: int | None = None


@dataclass
class Document:
    """What ingest hands to the passes: the text, its blocks and marks, what the file declared."""

    text: str
    format: str
    encoding: str
    path: str | None
    blocks: list[Block]
    marks: list[Mark] = field(default_factory=list)
    regions: list[Region] = field(default_factory=list)
    work: Work = field(default_factory=Work)
    warnings: list[str] = field(default_factory=list)
    size_bytes: int = 0


@dataclass
class Arc:
    """The emotional arc: VADER's compound sentiment of the story's sentences, per scene."""

    scenes: list[float]  # mean compound score per scene, -1 … 1
    sentences: list[tuple[int, int, float]]  # (start, end, compound) of the sentences read
    mean: float


@dataclass
class Story:
    """The annotated story every renderer reads. Built by :func:`fabula.pipeline.read`.

    The fields are the layers; the comment on each names the pass that writes it (its only
    writer, checked by tests/test_passes.py). ``doc`` is ingest's and no pass changes it.
    """

    doc: Document
    # structure: the work's metadata — what the file declared (a copy of ``doc.work``) plus what
    # the text labels ("Rating: T", a byline); stats fills ``words`` and ``chapters``
    work: Work = field(init=False)
    title_span: tuple[int, int] | None = None  # structure
    paratext: list[Paratext] = field(default_factory=list)  # structure; verse adds the credit lines under verse
    chapters: list[Chapter] = field(default_factory=list)  # structure
    headings: list[tuple[int, int]] = field(default_factory=list)  # structure
    #: structure: the blocks that are story (not paratext, headings or title), in order
    story_blocks: list[Block] = field(default_factory=list)
    scenes: list[Scene] = field(default_factory=list)  # scenes; narrative fills their telling fields
    primary_mark: str = '"'  # verse: the story's dialogue mark, decided once
    verse: list[Verse] = field(default_factory=list)  # verse
    quotes: list[Quote] = field(default_factory=list)  # quotes; speakers fills who says them
    #: sentences: (start, end) of every sentence of the story proper (verse left out), split once
    sentences: list[tuple[int, int]] = field(default_factory=list)
    arc: Arc | None = None  # arc: the emotional arc (the tags and the report read it)
    mentions: list[Mention] = field(default_factory=list)  # characters
    #: characters: the cast index (names → character, narrator, counts); the speakers and narrative passes read it
    cast_index: CastIndex | None = None
    characters: list[Character] = field(default_factory=list)  # characters; speakers merges and counts lines
    pov_paragraphs: list[dict[str, Any]] = field(default_factory=list)  # narrative
    thoughts: list[dict[str, Any]] = field(default_factory=list)  # narrative
    #: narrative: who talks with whom — (id, id) pairs, the smaller id first, and how often
    conversations: Counter[tuple[str, str]] = field(default_factory=Counter)
    tags: dict[str, Any] = field(default_factory=dict)  # tags
    diagnostics: list[Diagnostic] = field(default_factory=list)  # beta (only when asked for)
    warnings: list[str] = field(default_factory=list)  # ingest's, then the quotes pass's
    timings: dict[str, float] = field(default_factory=dict)  # the pipeline: seconds per pass

    def __post_init__(self) -> None:
        self.work = copy.deepcopy(self.doc.work)

    @property
    def text(self) -> str:
        return self.doc.text

    def cast_by_presence(self) -> list[Character]:
        """The cast, most present first (a spoken line counts twice a mention): the order of the
        tags' characters and of the report's cast panel and colours."""
        return sorted(self.characters, key=lambda c: -(c.lines * 2 + c.mentions))

    @property
    def title(self) -> str | None:
        """The work's title: what the file or its labels declared, else the title line the
        structure pass found, else None."""
        if self.work.title:
            return self.work.title
        if self.title_span is not None:
            return " ".join(self.text[self.title_span[0]:self.title_span[1]].split()).strip("*_#~ ") or None
        return None

    def to_dict(self, include_text: bool = False) -> dict[str, Any]:
        """The schema-1 contract (``../shared/SCHEMA.md``) as Python data."""
        from fabula.render.json import story_to_dict

        return story_to_dict(self, include_text=include_text)

    def to_json(self, include_text: bool = False, indent: int | None = 1) -> str:
        """The schema-1 contract as JSON text, as ``fabula read --format json`` prints it."""
        import json

        return json.dumps(self.to_dict(include_text=include_text), ensure_ascii=False, indent=indent)
