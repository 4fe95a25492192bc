"""Work metadata in AO3's vocabulary from ``Label: value`` pairs, whatever the input format.

Kept apart from the HTML reader so plain text and Markdown need no HTML parser to load.
"""

from __future__ import annotations

import re

from fabula.model import Work

LANGUAGES = {"english": "en", "español": "es", "spanish": "es", "français": "fr", "french": "fr", "deutsch": "de",
             "german": "de", "italiano": "it", "italian": "it", "português": "pt", "portuguese": "pt",
             "русский": "ru", "russian": "ru", "中文": "zh", "日本語": "ja", "polski": "pl", "nederlands": "nl"}


def clean(text: str) -> str:
    """White space collapsed to single spaces, none at the ends. (``str.split`` splits on the
    white space ``\\s`` matches; a substitution replaced every single space too, a paragraph's
    hundred of them, for each node a page's adapter asks about.)"""
    return " ".join(text.split())


def _split_list(value: str) -> list[str]:
    return [v.strip() for v in re.split(r",\s*(?![^()]*\))", value) if v.strip()]


def _to_int(value: str) -> int | None:
    digits = re.sub(r"[^\d]", "", value)
    return int(digits) if digits else None


def apply_label(work: Work, label: str, value: str, items: list[str] | None = None) -> bool:
    """Set one ``Label: value`` pair on ``work`` in AO3's vocabulary; False if unknown.

    AO3, FanFicFare and FanFiction.net name the same things differently (``Category`` is a
    fandom on FanFicFare and F/M on AO3); we follow each site's meaning where it is known.
    """
    key = label.strip().strip(":").lower()
    values = items if items is not None else _split_list(value)
    value = clean(value)
    if key in ("rating", "rated"):
        work.rating = value
    elif key in ("archive warning", "archive warnings", "warnings", "warning"):
        work.warnings = values
    elif key in ("categories", "category") and items is not None:
        work.categories = values
    elif key in ("fandom", "fandoms", "category", "categories"):
        work.fandoms = values
    elif key in ("relationship", "relationships", "pairing", "pairings"):
        work.relationships = values
    elif key in ("character", "characters"):
        work.characters = values
    elif key in ("additional tags", "freeform", "tags", "genre", "genres"):
        work.tags = work.tags + [v for v in values if v not in work.tags]
    elif key == "language":
        work.language = LANGUAGES.get(value.lower(), value)
    elif key == "series":
        work.series = value
    elif key in ("summary", "description"):
        work.summary = value
    elif key in ("author", "authors", "by"):
        work.authors = values
    elif key in ("title",):
        work.title = value
    elif key == "words":
        work.declared_words = _to_int(value)
    elif key == "chapters":
        work.chapters = value.replace(" ", "")
    elif key == "published":
        work.published = value
    elif key == "updated":
        work.updated = value
    elif key == "status":
        work.status = value
    elif key == "stats":
        for m in re.finditer(r"(Published|Updated|Completed|Words|Chapters):\s*(\S+)", value):
            apply_label(work, m.group(1), m.group(2))
    else:
        return False
    return True


_LABEL = re.compile(r"^\s*([A-Z][A-Za-z ]{1,24}):\s*(.+)$")


def read_label_lines(text: str, work: Work) -> int:
    """Apply ``Label: value`` lines (FanFicFare title pages); returns how many were known."""
    known = 0
    for line in text.split("\n"):
        m = _LABEL.match(line)
        if m and apply_label(work, m.group(1), m.group(2)):
            known += 1
    return known


#: FanFiction.net's genres, as its story filters list them (the header names one or two, "/"-joined).
FFN_GENRES = {"Adventure", "Angst", "Crime", "Drama", "Family", "Fantasy", "Friendship", "General", "Horror", "Humor",
              "Hurt/Comfort", "Mystery", "Parody", "Poetry", "Romance", "Sci-Fi", "Spiritual", "Supernatural",
              "Suspense", "Tragedy", "Western"}
#: FanFiction.net's ratings in AO3's words.
FFN_RATINGS = {"K": "General Audiences", "K+": "General Audiences", "T": "Teen And Up Audiences", "M": "Mature",
               "MA": "Explicit"}


def _ffn_genres(part: str) -> list[str] | None:
    """The genres of a header part ("Drama/Family", "Hurt/Comfort/Angst"), or None if it is not one."""
    found: list[str] = []
    rest = part.strip()
    while rest:
        g = next((g for g in sorted(FFN_GENRES, key=len, reverse=True) if rest.startswith(g)), None)
        if g is None:
            return None
        found.append(g)
        rest = rest[len(g):].lstrip("/").strip()
    return found or None


def read_ffn_header(text: str, work: Work) -> None:
    """FanFiction.net's header line (``Rated: Fiction T - English - Drama/Family - Ottie B., Caspar B. -
    Chapters: 12 - Words: 2,304 - … - Status: Complete - id: 10000001``) into the work; also as its
    story listings write it (``Fandom - Rated: K+ - English - … - Characters - Complete``)."""
    m = re.search(r"Rated:\s*(?:Fiction\s+)?(K\+?|T|M|MA)\b", text)
    if m:
        work.rating = FFN_RATINGS.get(m.group(1), m.group(1))
    parts = [p.strip() for p in re.split(r"\s+-\s+", clean(text))]
    rated = next((k for k, p in enumerate(parts) if p.startswith("Rated:")), 0)
    if rated and not work.fandoms:
        work.fandoms = [" - ".join(parts[:rated])]  # the story listing's line opens on the fandom
    for k, p in enumerate(parts):
        if k < rated or p.startswith("Rated:") or p == "Complete":
            continue
        if k == rated + 1 and p.lower() in LANGUAGES:
            apply_label(work, "language", p)
        elif m2 := re.match(r"(Chapters|Words|Updated|Published|Status):\s*(.+)", p):
            apply_label(work, m2.group(1), m2.group(2))
        elif re.match(r"[A-Za-z]+:\s*\S", p):
            continue  # reviews, favs, follows, id
        elif (genres := _ffn_genres(p)) is not None:
            work.tags = work.tags or genres
        elif p:
            pairs = re.findall(r"\[([^\]]+)\]", p)
            work.relationships = work.relationships or ["/".join(x.strip() for x in pr.split(",")) for pr in pairs]
            work.characters = work.characters or [c.strip() for c in re.sub(r"[\[\]]", ",", p).split(",") if c.strip()]
    if work.chapters and "/" not in work.chapters:
        work.chapters = f"{work.chapters}/{work.chapters}" if re.search(r"(?:Status:\s*|\s-\s)Complete\b", text) else f"{work.chapters}/?"
