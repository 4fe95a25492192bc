"""The annotated fics (``../shared/eval/fics``): gold quotes placed in the text fabula read.

Each ``NN-slug.gold.json`` lists every quote with its text and speaker (a canonical character
name) and every character's names, epithets and gender (``fics/README.md``). For text and
Markdown the gold offsets index the file, which fabula reads as is; for AO3 HTML they are null
and the quote is found by its text in fabula's plain rendition (``--include-text``), in order:
each search starts just after the previous quote's opening, so a nested quote is found inside
its outer one and a repeated line at its own place. Where the offsets do not hold in fabula's
text (a different rendition), the text search is used too.

Scored: quotes of kind ``dialogue`` with a speaker. Characters map by names, then epithets
(``scoring``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.evaluation.cast import CastMember
from benchmarks.evaluation.scoring import Gold, GoldQuote, name_set

STORY_SUFFIXES = (".txt", ".md", ".html", ".htm", ".epub")


def stories(folder: Path) -> list[Path]:
    """The annotated stories: every ``NN-slug.<ext>`` that has an ``NN-slug.gold.json``."""
    out = []
    for p in sorted(folder.glob("[0-9]*")):
        if p.suffix in STORY_SUFFIXES and gold_path(p).exists():
            out.append(p)
    return out


def gold_path(story: Path) -> Path:
    return story.with_name(story.name.split(".")[0] + ".gold.json")


def load(story: Path) -> dict[str, Any]:
    return json.loads(gold_path(story).read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def locate(text: str, quotes: list[dict[str, Any]]) -> list[tuple[int, int] | None]:
    """Each gold quote's (start, end) in ``text``: its offsets where they hold, else its text
    searched in order (whitespace may differ); None where it cannot be found."""
    out: list[tuple[int, int] | None] = []
    cursor = 0
    for q in quotes:
        s, e, qt = q.get("start"), q.get("end"), q["text"]
        if s is not None and e is not None and text[s:e] == qt:
            span: tuple[int, int] | None = (s, e)
        else:
            span = _search(text, qt, cursor)
        out.append(span)
        if span is not None:
            cursor = span[0] + 1
    return out


def _search(text: str, quote: str, cursor: int) -> tuple[int, int] | None:
    i = text.find(quote, cursor)
    if i >= 0:
        return i, i + len(quote)
    words = quote.split()
    if not words:
        return None
    m = re.compile(r"\s+".join(re.escape(w) for w in words)).search(text, cursor)
    return (m.start(), m.end()) if m else None


@dataclass
class FicGold:
    gold: Gold
    cast: list[CastMember]
    unplaced: int = 0
    notes: list[str] = field(default_factory=list)


def convert(data: dict[str, Any], text: str) -> FicGold:
    """The fic's gold against fabula's text: dialogue quotes with speakers, characters by name."""
    chars = data.get("characters", {})
    spans = locate(text, data["quotes"])
    quotes, unplaced, no_speaker = [], 0, 0
    for q, span in zip(data["quotes"], spans, strict=True):
        if q.get("kind") != "dialogue":
            continue
        if q.get("speaker") is None:
            no_speaker += 1
            continue
        if span is None:
            unplaced += 1
            span = (-1, -1)  # never overlaps a prediction: counted as missed
        quotes.append(GoldQuote(span[0], span[1], q["speaker"], q.get("type") or "NA"))
    gold = Gold({k: name_set([k, *v.get("names", [])]) for k, v in chars.items()}, quotes,
                {k: name_set(v.get("epithets", [])) for k, v in chars.items()})
    cast = [CastMember(k, list(v.get("names", [])), v.get("gender")) for k, v in chars.items()]
    notes = []
    if unplaced:
        notes.append(f"{unplaced} gold quotes not found in fabula's text")
    if no_speaker:
        notes.append(f"{no_speaker} dialogue quotes without a gold speaker (not scored)")
    return FicGold(gold, cast, unplaced, notes)
