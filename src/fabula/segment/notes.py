"""Author's notes inside a story: what kind a note is, where it starts and how far it runs.

A note rarely stops at its first paragraph: ``A/N:`` opens it, and the author goes on — more
paragraphs, a sign-off, a plea for reviews — until the story resumes. The story resumes at a
break line, a heading or title, a site's "Chapter Text" line, or at a paragraph that no longer
sounds like the author talking to readers. How an author talks to readers is measured, not
listed: second person outside quotation marks, the vocabulary of posting (``this fic``,
``update``, ``reviews``), emoticons and the like (:data:`~fabula.segment.patterns.NOTE_CUES`),
and no narration's dialogue.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from fabula.segment import patterns as P
from fabula.text.verbs import SPEECH_VERBS

_AUTHOR_VOICE = re.compile(r"\b(?:I|I'm|I’m|I've|my|me|you|your|y'all|guys|thanks?|hope)\b|[:;]\)|:D\b|<3", re.I)
_STRONG_MID = re.compile(r"^[\s*_~(\[]*(?:a\s*/\s*n\b|author['’]?s?\s+notes?\s*:|\(?\s*lyrics\s*:|disclaimer\s*:)", re.I)
#: Text between quotation marks (across the line breaks of a wrapped paragraph): the story's
#: dialogue, or a title the author quotes.
_QUOTED = re.compile(r"[\"“](?:[^\"“”\n]|\n(?!\s*\n))*[\"”]|(?<!\w)[‘'](?:[^‘’'\n]|\n(?!\s*\n))*[’'](?!\w)")
_SECOND_PERSON = re.compile(r"\b(?:you|your|you're|you’re|y'all|ya|u|ur)\b", re.I)
_FIRST_PERSON = re.compile(r"\b(?:i|i'm|i’m|i've|i’ve|my|me|we|our|us|let's|let’s)\b", re.I)
_SIGN_OFF = re.compile(
    r"^[\s*_~(-]*(?:enjoy|on\s+(?:with|to)\s+the\s+(?:story|fic|chapter)|xo+x*|love,?|cheers|hugs|ciao|happy\s+reading"
    r"|see\s+you|until\s+next\s+time|till\s+next\s+time|now\s+(?:on\s+)?(?:to|with)\s+the|-\s*\w+$)", re.I)
#: A dialogue tag beside a quotation ("…," she said / he asked, "…"): notes quote titles and
#: phrases, the story quotes people.
_SPEECH = re.compile(r"[\"”’']\s*,?\s*(?:\w+\s+){0,3}(?:" + SPEECH_VERBS + r")\b|\b(?:" + SPEECH_VERBS
                     + r")\b[^\"“]{0,30}[\"“‘]", re.I)
#: A site's label between a chapter's notes and its text (AO3's "Chapter Text", "Work Text:").
TEXT_LABEL = re.compile(r"^\s*(?:chapter|work)\s+text\s*:?\s*$", re.I)
#: "Name: reply" lines of review replies (also "To Name:" and a guest's).
_REPLY_LINE = re.compile(r"^[\s*_~-]*(?:to\s+)?(?:[\w.'’-]+(?:\s+[\w.'’-]+){0,3}|guest)\s*:\s+\S", re.I)
#: Notes that run on: their continuation paragraphs are notes of the same kind.
RUNS_ON = {"author_note", "end_note", "chapter_note", "review_reply", "disclaimer", "dedication"}


def outside_quotes(t: str) -> str:
    """The text with every quoted stretch removed: what the narrator (or author) says in their own voice."""
    return _QUOTED.sub(" ", t)


def quoted_share(t: str) -> float:
    """The share of a paragraph's characters inside quotation marks (dialogue-heavy story is high)."""
    inside = sum(len(m.group(0)) for m in _QUOTED.finditer(t))
    return inside / max(len(t), 1)


def note_cues(s: str, enough: int = 2) -> int:
    """Distinct note cues ("this fic", "reviews", ":)") in ``s``, counting up to ``enough``."""
    seen: set[str] = set()
    for m in P.NOTE_CUES.finditer(s):
        seen.add(m.group(0).lower())
        if len(seen) >= enough:
            break
    return len(seen)


def author_voice(t: str) -> int:
    """How plainly a paragraph is the author talking to readers: 0 (not at all) up to 3.

    One point each for note cues outside quotation marks, for addressing the reader ("you"
    outside quotation marks) and for a sign-off or an emoticon; nothing when most of the
    paragraph is dialogue."""
    if quoted_share(t) > 0.4:
        return 0
    own = outside_quotes(t)
    score = min(note_cues(own), 2)
    if _SECOND_PERSON.search(own):
        score += 1
    if _SIGN_OFF.match(own) or re.search(r"[:;]\)|:D\b|<3|!!|\blol\b|\bxD\b", own):
        score += 1
    return min(score, 3)


def is_separator(t: str) -> bool:
    """A line that ends a note: a break line or a site's "Chapter Text" label."""
    s = t.strip()
    return "\n" not in s and (P.is_break_line(s) or bool(TEXT_LABEL.match(s)))


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
    cues = note_cues(s)  # one scan serves both tests below
    if cues >= 2 and s.count('"') + s.count("“") < 4 and _AUTHOR_VOICE.search(s):
        return "end_note" if where == "end" else "author_note"
    if (cues and len(s) < 1200 and _FIRST_PERSON.search(s) and author_voice(s) >= 2
            and _FIRST_PERSON.search(outside_quotes(s))):
        return "end_note" if where == "end" else "author_note"  # the author, in their own voice, about the posting
    if where == "end" and len(s) < 300 and P.PARATEXT_CLOSERS.search(s):
        return "end_note"
    return None


#: Any note label at all, in one pattern: most blocks have none, and one match says so at once.
_ANY_LABEL = re.compile("|".join(f"(?:{rx.pattern})" for kind, rx in P.PARATEXT_OPENERS if kind != "metadata"), re.I)


def label_kind(t: str) -> str | None:
    """The kind of the note label the block opens with (``A/N:``, ``Disclaimer:``, ``Review replies``), or None."""
    s = t.strip()
    if not _ANY_LABEL.match(s):
        return None
    return next((kind for kind, rx in P.PARATEXT_OPENERS if kind != "metadata" and rx.match(s)), None)


def labelled(t: str) -> bool:
    """Does the block open with a note's label?"""
    return _ANY_LABEL.match(t.strip()) is not None


_SAME_NOTE = {"end_note": "author_note", "chapter_note": "author_note"}


def continues(t: str, kind: str) -> bool:
    """Is this paragraph, right after a note of ``kind``, more of the same note?"""
    s = t.strip()
    if kind == "review_reply" and _is_reply(s):
        return True
    if not s or is_separator(s):
        return False
    label = label_kind(s)
    if label is not None:
        # another paragraph of the same kind of note ("Thanks to my beta…" after "A/N:") is more of it
        return label == _SAME_NOTE.get(kind, kind) and len(s) < 2500 and quoted_share(s) < 0.4
    if len(s) > 2500 or quoted_share(s) > 0.4:
        return False
    words = len(s.split())
    if words <= 12 and (_SIGN_OFF.match(s) or P.PARATEXT_CLOSERS.search(s) or re.search(r"[:;]\)|<3|!", s)):
        return True
    return author_voice(s) >= 2 or (author_voice(s) >= 1 and words <= 40)


def story_like(t: str) -> bool:
    """Does a paragraph read as the story rather than the author: dialogue, or narration of some
    length (a short aside — "Oh, and the otter's Latin name is…" — is not) with neither the
    author's voice nor a first person ("I", "we", "let's") in it?"""
    s = t.strip()
    if quoted_share(s) > 0.2 and (s[:1] in "\"“‘'" or _SPEECH.search(s)):
        return True  # dialogue: a paragraph opening on a quotation, or a quotation with its tag
    return len(s.split()) > 25 and author_voice(s) == 0 and not _FIRST_PERSON.search(outside_quotes(s))


def run_forward(text_of: Callable[[int], str], i: int, z: int, kind: str, free: Callable[[int], bool]) -> int:
    """The end (exclusive) of the note that opens at block ``i``: every paragraph after it that
    is more of the note, up to a separator, another note, a taken block or ``z``.

    Where a separator follows within a few short paragraphs with no dialogue between, everything
    up to it is the note: authors put a line between their notes and the story."""
    if kind not in RUNS_ON:
        return i + 1
    j = i + 1
    ahead = j
    while ahead < min(z, i + 7) and free(ahead):
        t = text_of(ahead)
        if is_separator(t):
            if all(quoted_share(text_of(k)) < 0.25 and len(text_of(k)) < 1500 and not labelled(text_of(k))
                   for k in range(j, ahead)):
                return ahead
            break
        if labelled(t) or len(t) > 1500:
            break
        ahead += 1
    while j < z and free(j) and continues(text_of(j), kind):
        j += 1
    return j


def _is_reply(t: str) -> bool:
    return bool(_REPLY_LINE.match(t)) and len(t) < 1500 and not any(
        rx.match(t) for kind, rx in P.PARATEXT_OPENERS if kind not in ("review_reply",))


def reply_start(text_of: Callable[[int], str], k: int) -> bool:
    """Is block ``k`` one line of review replies ("Name: thanks!")?"""
    return _is_reply(text_of(k).strip())
