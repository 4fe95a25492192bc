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

import functools
import re
from collections.abc import Callable

from fabula.segment import patterns as P
from fabula.text.verbs import SPEECH_VERBS

#: (Each pattern below opens on a look-ahead for the first letters of its words: said first, it
#: turns most positions away before the alternatives are tried one by one, two or three times
#: faster; it matches what the alternatives alone match — tests/test_notes.py holds them to it.)
_AUTHOR_VOICE = re.compile(r"(?=[imyght:;<])(?:\b(?:I|I'm|I’m|I've|my|me|you|your|y'all|guys|thanks?|hope)\b|[:;]\)|:D\b|<3)", re.I)
_STRONG_MID = re.compile(r"^[\s*_~(\[]*(?:a\s*/\s*n\b|author['’]?s?\s+notes?\s*:|\(?\s*lyrics\s*:|disclaimer\s*:)", re.I)
#: Text between quotation marks (across the line breaks of a wrapped paragraph): the story's
#: dialogue, or a title the author quotes.
#: (Written so that the engine skips to a mark, and runs through a line's words at once: each
#: pattern's lines the look-ahead first, then ``[^…]*`` for what was one character at a time.)
_QUOTED = re.compile(r"(?=[\"“‘'])(?:[\"“][^\"“”\n]*(?:\n(?!\s*\n)[^\"“”\n]*)*[\"”]"
                     r"|(?<!\w)[‘'][^‘’'\n]*(?:\n(?!\s*\n)[^‘’'\n]*)*[’'](?!\w))")
SECOND_PERSON = re.compile(r"\b(?=[yu])(?:you|your|you're|you’re|y'all|ya|u|ur)\b", re.I)
FIRST_PERSON = re.compile(r"\b(?=[imwolu])(?:i|i'm|i’m|i've|i’ve|my|me|we|our|us|let's|let’s)\b", re.I)
_SIGN_OFF = re.compile(
    r"^[\s*_~(-]*(?:enjoy|on\s+(?:with|to)\s+the\s+(?:story|fic|chapter)|xo+x*|love,?|cheers|hugs|ciao|happy\s+reading"
    r"|see\s+you|until\s+next\s+time|till\s+next\s+time|now\s+(?:on\s+)?(?:to|with)\s+the|-\s*\w+$)", re.I)
#: A paragraph that opens on a spoken line: a quotation closing on its own punctuation ("Go,"
#: "Wait—" "Really?"). One that opens on a quoted title ("Paper Kettle" is on repeat…) does not.
_UTTERANCE = re.compile(r"[\"“‘'](?:[^\"“”‘’'\n]|['’](?=\w))*[,.!?…—–-][\"”’']")
#: A dialogue tag beside a quotation ("…," she said / he asked, "…"): notes quote titles and
#: phrases, the story quotes people.
_SPEECH = re.compile(r"[\"”’']\s*,?\s*(?:\w+\s+){0,3}(?:" + SPEECH_VERBS + r")\b|\b(?:" + SPEECH_VERBS
                     + r")\b[^\"“]{0,30}[\"“‘]", re.I)
#: A site's label between a chapter's notes and its text (AO3's "Chapter Text", "Work Text:").
TEXT_LABEL = re.compile(r"^\s*(?:chapter|work)\s+text\s*:?\s*$", re.I)
#: "Name: reply" lines of review replies (also "To Name:" and a guest's).
#: (A name never starts with a dash: the marks before it are the only run of dashes, so a long line
#: of them is refused at once rather than tried every way they could be split.)
_REPLY_LINE = re.compile(r"^[\s*_~-]*(?:to\s+)?(?:[\w.'’][\w.'’-]*(?:\s+[\w.'’-]+){0,3}|guest)\s*:\s+\S"
                         # or "Name - reply", as older lists of replies write them: a reviewer's name (a
                         # handle, or up to three capitalised words) and a dash; never after a dash of its
                         # own, which is how dash dialogue opens its lines
                         r"|^[\s*_~]*(?:[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2}|[\w.'’-]*\d[\w.'’-]*)\s+[-–—]\s+\S")
#: What a disclaimer is about: who owns what. A paragraph after one that is not about that is
#: the author saying something else (thanking the beta), a note of its own.
_OWNERSHIP = re.compile(r"\b(?:own|owns|owned|belongs?|property|rights?|copyright|profit|money|trademarks?|creators?"
                        r"|borrow(?:ing|ed)?|mine|affiliated)\b", re.I)
#: The first letter of each sentence (the paragraph's first, or one after a full stop).
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+)[^\w\s]*([^\W\d_])")
#: Notes that run on: their continuation paragraphs are notes of the same kind.
RUNS_ON = {"author_note", "end_note", "chapter_note", "review_reply", "disclaimer", "dedication"}


#: Names a reviewer goes by when no account is shown: several guests in one list of replies are
#: several people, so their repeats are no conversation.
_ANONYMOUS = frozenset({"guest", "anon", "anonymous", "reviewer"})


@functools.lru_cache(maxsize=2)
def chat_senders(text: str) -> frozenset[str]:
    """The senders (casefolded) of the chat logs in ``text``: names on ``name: message`` lines in
    a run of such lines (blank lines between allowed) where a sender speaks twice.

    A conversation is what makes a chat log: its people answer each other, so a name comes back.
    A list of review replies answers each reviewer once, and a block of labels (``Rating:``,
    ``Summary:``) names each label once, so neither makes a sender. The whole text is read once
    (one pattern, the lines that have the shape), so a single-line message in a paragraph of its
    own counts with its neighbours. Cached: the structure and verse passes both ask of the one
    text (a novel's whole text is scanned in about 20 ms)."""
    senders: set[str] = set()
    run: list[str] = []
    run_end = -1

    def close() -> None:
        named = [n for n in run if n not in _ANONYMOUS]
        if len(named) > len(set(named)):
            senders.update(named)

    for m in P.CHAT_LINE.finditer(text):
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        line = text[m.start():line_end]
        if _ANY_OPENER.match(line.strip()):
            continue  # a note's or the work's label ("Disclaimer:", "Rating:") is nobody talking
        if run and text[run_end:m.start()].strip():
            close()
            run = []
        run.append(m.group("name").casefold())
        run_end = line_end
    if run:
        close()
    return frozenset(senders)


def is_chat(t: str, senders: frozenset[str]) -> bool:
    """Is the block a stretch of a chat log: every line a ``name: message`` line, one of them
    from a sender of the story's chat logs (:func:`chat_senders`)?"""
    if not senders or ":" not in t:
        return False
    names = []
    for line in t.strip().split("\n"):
        if not line.strip():
            continue
        m = P.CHAT_LINE.match(line)
        if m is None:
            return False
        names.append(m.group("name").casefold())
    return any(n in senders for n in names)


def outside_quotes(t: str) -> str:
    """The text with every quoted stretch removed: what the narrator (or author) says in their own voice."""
    return _QUOTED.sub(" ", t)


def quoted_share(t: str) -> float:
    """The share of a paragraph's characters inside quotation marks (dialogue-heavy story is high)."""
    inside = sum(len(m.group(0)) for m in _QUOTED.finditer(t))
    return inside / max(len(t), 1)


#: ``NOTE_CUES`` for a text put in lower case, matched without ``re.I``: a case-insensitive
#: search enters every alternative at every word start, a plain one turns most away on their first
#: letter (the cues of a chapter's end or top of 2,500 characters cost a third of the structure pass)
_NOTE_CUES_LOWER = re.compile(re.sub(r"\\.|[A-Z]", lambda m: m.group(0) if m.group(0)[0] == "\\" else m.group(0).lower(),
                                     P.NOTE_CUES.pattern))
#: the letters ``re.I`` matches to an ASCII one that ``str.lower()`` does not turn into it (the
#: dotted and dotless i, the long s, the Kelvin sign): a text with one keeps the first pattern
_ODD_FOLDS = re.compile("[\u0130\u0131\u017f\u212a]")


def note_cues(s: str, enough: int = 2) -> int:
    """Distinct note cues ("this fic", "reviews", ":)") in ``s``, counting up to ``enough``."""
    seen: set[str] = set()
    rx, s = (P.NOTE_CUES, s) if _ODD_FOLDS.search(s) else (_NOTE_CUES_LOWER, s.lower())
    for m in rx.finditer(s):
        seen.add(m.group(0).lower())
        if len(seen) >= enough:
            break
    return len(seen)


def lowercase_voice(s: str) -> bool:
    """Is the paragraph written in lower case (it opens on a small letter, and so do most of its
    sentences: a name may still start one), as many authors write their notes to readers ("ok
    so this is my first chatfic lol")? A story's narration is rarely so, and a paragraph of two
    or three words says too little."""
    if len(s.split()) < 4:
        return False
    first = _SENTENCE_START.search(s)  # the first sentence's start alone turns most paragraphs away
    if first is None or not first.group(1).islower():
        return False
    starts = [m.group(1) for m in _SENTENCE_START.finditer(s)]
    return bool(starts) and starts[0].islower() and 2 * sum(ch.islower() for ch in starts) >= len(starts)


def song_lines(s: str) -> bool:
    """Is the block lines of a song or poem set apart from the prose: two or more short lines,
    most not ending a sentence, with no note cue? The lyrics a songfic opens on are the story's,
    however much they say "you", and no note of the author's."""
    if "\n" not in s:
        return False
    lines = [ln.strip() for ln in s.split("\n") if ln.strip()]
    if len(lines) < 2 or any(len(ln) > 70 for ln in lines) or sum(map(len, lines)) > 50 * len(lines):
        return False
    ends = sum(ln[-1] in ".!?:)" for ln in lines)
    return ends <= len(lines) // 2 and not note_cues(s, 1)


#: an emoticon, a row of exclamation marks, "lol": the author's tone (opening on the look-ahead of its first marks)
_EMOTICON = re.compile(r"(?=[:;<!lx])(?:[:;]\)|:D\b|<3|!!|\blol\b|\bxD\b)")


def author_voice(t: str) -> int:
    """How plainly a paragraph is the author talking to readers: 0 (not at all) up to 3.

    One point each for note cues outside quotation marks, for addressing the reader ("you"
    outside quotation marks) and for a sign-off or an emoticon; nothing when most of the
    paragraph is dialogue."""
    if quoted_share(t) > 0.4:
        return 0
    own = outside_quotes(t)
    score = min(note_cues(own), 2)
    if SECOND_PERSON.search(own):
        score += 1
    if _SIGN_OFF.match(own) or _EMOTICON.search(own):
        score += 1
    return min(score, 3)


def is_separator(t: str) -> bool:
    """A line that ends a note: a break line or a site's "Chapter Text" label."""
    s = t.strip()
    return "\n" not in s and (P.is_break_line(s) or bool(TEXT_LABEL.match(s)))


#: ``TEXT_LABEL`` matched in place (``match(text, start, end)``: a ``^`` holds only at the text's start)
_TEXT_LABEL_AT = re.compile(TEXT_LABEL.pattern.removeprefix("^"), TEXT_LABEL.flags)


#: ``_STRONG_MID`` matched in place
_STRONG_MID_AT = re.compile(_STRONG_MID.pattern.removeprefix("^"), _STRONG_MID.flags)


def may_note_mid(text: str, start: int, end: int) -> bool:
    """Could ``classify(text[start:end], "mid")`` find a note: does the span open with a strong
    label (``A/N``, "Author's note:")? Asked in place of every paragraph of a story, not of a copy."""
    return _STRONG_MID_AT.match(text, start, end) is not None


def is_separator_at(text: str, start: int, end: int) -> bool:
    """``is_separator(text[start:end])``, without copying and stripping the span where it has no
    white space at its ends (it is then its own stripped text): of several lines it is none, and
    longer than a break line only the label could make it one — the question is asked of every
    paragraph."""
    if end > start and not text[start].isspace() and not text[end - 1].isspace():
        if text.find("\n", start, end) >= 0:
            return False
        if end - start > P.BREAK_LINE_MAX:
            return _TEXT_LABEL_AT.match(text, start, end) is not None
    return is_separator(text[start:end])


#: "Inspired by …" opening a paragraph: above a story, with a note cue in it, the author saying
#: where the fic came from (a story may open so too: "Inspired by her mother's courage, she…").
_INSPIRED = re.compile(r"^[\s*_~>(\[#-]*inspired\s+by\b", re.I)


#: A line pointing readers elsewhere, with the address: "More of my art @ somewhere.com", "Find me
#: on tumblr: https://…", "My ko-fi: …". The author's, above or below the story (a fan-art work's
#: only line of text is often this).
_ELSEWHERE = re.compile(
    r"^[\W_]*(?:more\s+(?:of\s+my\s+)?(?:fan\s*)?(?:works?|fics?|art|stories|writing|comics?)|find\s+me|follow\s+me"
    r"|visit\s+(?:me|my)|come\s+(?:say\s+hi|find\s+me|visit)|check\s+out\s+my|my\s+(?:tumblr|twitter|blog|website|site"
    r"|ko-?fi|patreon|discord|art\s+blog))\b[^\n]{0,100}?(?:@\s*\w|https?://|www\.|\b[\w-]+\.(?:com|net|org|io|me|co|art)\b)",
    re.I)


#: Kinds of paragraph that may open a longer note: "Title from 'Salt Kettle' by The Tin Gulls.
#: Thanks for reading!" is the author's note with a credit in it (the credit is listed on its own
#: as well), not a credit alone.
_OPENS_A_NOTE = frozenset({"credit", "dedication"})
#: The end of a paragraph's first sentence.
_FIRST_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*\s+(?=\S)")


def _talks_on(s: str) -> bool:
    """Does the paragraph go on, after its first sentence, with the author talking to readers (a note
    cue, or the reader addressed)?"""
    m = _FIRST_SENTENCE_END.search(s)
    if m is None:
        return False
    rest = outside_quotes(s[m.end():])
    return bool(note_cues(rest, 1)) or SECOND_PERSON.search(rest) is not None


def classify(t: str, where: str, chat: frozenset[str] = frozenset()) -> str | None:
    """The paratext kind of a block's text at ``where`` (``top``, ``end`` or ``mid``), or None.
    ``chat``: the story's chat senders (:func:`chat_senders`); their lines are story."""
    if where == "mid" and not _STRONG_MID.match(t):
        return None  # tested before the strip: most blocks stop here, and leading space is allowed anyway
    s = t.strip()
    if not s or is_chat(s, chat):
        return None
    for kind, rx in P.PARATEXT_OPENERS:
        if rx.match(s):
            if kind == "author_note" and where == "end" or kind in _OPENS_A_NOTE and _talks_on(s):
                return "end_note" if where == "end" else "author_note"
            return kind
    if where != "top" and P.PARATEXT_CLOSERS.match(s):
        return "end_note"
    if len(s) < 200 and _ELSEWHERE.match(s):
        return "end_note" if where == "end" else "author_note"  # where more of the author's work is
    if where == "top" and len(s) < 300 and P.REVIEW_PLEA.match(s):
        return "author_note"  # "Please read and review!" above the story is the author asking, as below it
    if where == "mid" or len(s) > 2500:
        return None
    # Each test below makes the block a note of the same kind, so they are asked cheapest first, and
    # the note cues (a scan of the whole block, the dearest) only of a block that passes the rest.
    note = "end_note" if where == "end" else "author_note"
    cues: int | None = None

    def cues_in() -> int:
        nonlocal cues
        if cues is None:
            cues = note_cues(s)
        return cues

    short = len(s) < 1200
    if where == "top" and len(s) < 300 and _INSPIRED.match(s) and cues_in():
        return note  # "Inspired by a prompt on tumblr…" above the story: where the fic came from
    if s.count('"') + s.count("“") < 4 and _AUTHOR_VOICE.search(s) and cues_in() >= 2:
        return note
    if (short and FIRST_PERSON.search(s) and cues_in() and author_voice(s) >= 2
            and FIRST_PERSON.search(outside_quotes(s))):
        return note  # the author, in their own voice, about the posting
    if short and lowercase_voice(s) and quoted_share(s) < 0.2 and (cues_in() or author_voice(s) >= 2):
        return note  # a note in lower case, above or below a capitalised story
    if where == "end" and len(s) < 300 and P.PARATEXT_CLOSERS.search(s):
        return "end_note"
    if where == "end" and len(s) < 300 and cues and "!" in (own := outside_quotes(s)) and FIRST_PERSON.search(own) \
            and not _REPLY_LINE.match(s):
        return "end_note"  # "Short chapter, sorry! The next one is longer, I promise.": the author exclaiming about the posting
    return None


#: Any note label at all, in one pattern: most blocks have none, and one match says so at once.
_ANY_LABEL = re.compile("|".join(f"(?:{rx.pattern})" for kind, rx in P.PARATEXT_OPENERS if kind != "metadata"), re.I)
#: The same with the work's labels ("Rating:", "Characters:"), which no chat sender is.
_ANY_OPENER = re.compile("|".join(f"(?:{rx.pattern})" for _, rx in P.PARATEXT_OPENERS), re.I)


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


def continues(t: str, kind: str, chat: frozenset[str] = frozenset()) -> bool:
    """Is this paragraph, right after a note of ``kind``, more of the same note? A chat log's
    lines never are: the story has resumed, in messages ("thank u!! :)" is a character's)."""
    s = t.strip()
    if is_chat(s, chat):
        return False
    if kind == "review_reply" and _is_reply(s, chat):
        return True
    if not s or is_separator(s):
        return False
    label = label_kind(s)
    if label is not None:
        # another paragraph of the same kind of note ("Thanks to my beta…" after "A/N:") is more of it
        return label == _SAME_NOTE.get(kind, kind) and len(s) < 2500 and quoted_share(s) < 0.4
    if len(s) > 2500 or quoted_share(s) > 0.4 or song_lines(s):
        return False
    words = len(s.split())
    if kind == "disclaimer":
        return words <= 80 and _OWNERSHIP.search(s) is not None
    if words <= 12 and (_SIGN_OFF.match(s) or P.PARATEXT_CLOSERS.search(s) or re.search(r"[:;]\)|<3|!", s)):
        return True
    voice = author_voice(s)
    return voice >= 2 or (voice >= 1 and words <= 40)


_JUDGED_CHARS = 10_000


def story_like(t: str, chat: frozenset[str] = frozenset()) -> bool:
    """Does a paragraph read as the story rather than the author: dialogue, a chat log's lines, or
    narration of some length (a short aside — "Oh, and the otter's Latin name is…" — is not)
    with neither the author's voice nor a first person ("I", "we", "let's") in it? A paragraph
    longer than any note is judged on its first ``_JUDGED_CHARS`` characters: each test below
    scans it whole, several times, and a 10 MB paragraph of quotation marks took seconds."""
    s = t.strip()[:_JUDGED_CHARS]
    if is_chat(s, chat):
        return True
    if quoted_share(s) > 0.2 and (_UTTERANCE.match(s) or _SPEECH.search(s)):
        return True  # dialogue: a paragraph opening on a spoken line, or a quotation with its tag
    return len(s.split()) > 25 and author_voice(s) == 0 and not FIRST_PERSON.search(outside_quotes(s))


def plain_narration(t: str) -> bool:
    """A paragraph of a dozen words or more told with no trace of the author: no note cue, no
    reader addressed, no sign-off, no first person and no exclamation outside quotation marks
    ("Marnie walked down to the quay before the sun was up."; not "Captain Dunmore doesn't appear,
    sorry to anyone who was hoping!"). Between a note and a break line, the story has begun."""
    s = t.strip()
    if len(s.split()) < 12 or author_voice(s):
        return False
    own = outside_quotes(s)
    return "!" not in own and not FIRST_PERSON.search(own)


def run_forward(text_of: Callable[[int], str], i: int, z: int, kind: str, free: Callable[[int], bool],
                chat: frozenset[str] = frozenset()) -> int:
    """The end (exclusive) of the note that opens at block ``i``: every paragraph after it that
    is more of the note, up to a separator, another note, a taken block or ``z``.

    Where a separator follows within three short paragraphs with no dialogue and no chat log
    between, everything up to it is the note: authors put a line between their notes and the
    story. More than that, or the story's messages, or a paragraph that reads as the story
    (:func:`story_like`: a line of dialogue with its tag; :func:`plain_narration`), and the story
    has begun before the line."""
    if kind not in RUNS_ON:
        return i + 1
    j = i + 1
    ahead = j
    while ahead < min(z, i + 5) and free(ahead):
        t = text_of(ahead)
        if is_separator(t):
            if all(quoted_share(text_of(k)) < 0.25 and len(text_of(k)) < 1500 and not labelled(text_of(k))
                   and not story_like(text_of(k), chat) and not plain_narration(text_of(k))
                   and (kind != "disclaimer" or continues(text_of(k), kind, chat)) for k in range(j, ahead)):
                return ahead  # (a disclaimer takes only more of itself: the rest is a note of its own)
            break
        if labelled(t) or len(t) > 1500 or is_chat(t, chat) or song_lines(t):
            break
        ahead += 1
    while j < z and free(j) and continues(text_of(j), kind, chat):
        j += 1
    return j


def _is_reply(t: str, chat: frozenset[str] = frozenset()) -> bool:
    return len(t) < 1500 and bool(_REPLY_LINE.match(t)) and not any(
        rx.match(t) for kind, rx in P.PARATEXT_OPENERS if kind not in ("review_reply",)) and not is_chat(t, chat)


def reply_start(text_of: Callable[[int], str], k: int, chat: frozenset[str] = frozenset()) -> bool:
    """Is block ``k`` one line of review replies ("Name: thanks!"), not a line of the story's chat?"""
    return _is_reply(text_of(k).strip(), chat)
