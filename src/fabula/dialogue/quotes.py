"""Every quoted span, with what kind of quotation it is.

Dialogue conventions differ: American double quotes, British single quotes with nested
doubles, curly or straight, and fics that put lyrics or thoughts in single quotes between
double-quoted dialogue. We decide the story's *primary* mark first (the one its speech
uses), pair marks per paragraph by which side the white space is on, and only then classify.

Unbalanced marks never stop the pass: a quote left open at a paragraph's end is closed
there and flagged ``unclosed`` — unless the next paragraph opens with a quote mark, the
convention for one speech running over several paragraphs, which is not an error.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from fabula.model import Block, Quote
from fabula.segment.spans import SpanIndex
from fabula.text.verbs import BEFORE_QUOTE, SPEECH_VERBS, TO_SELF

_ELISION = re.compile(
    r"(?:tis|twas|til|till|em|cause|cos|coz|bout|round|n|im|er|ere|ow|e|ave|alf|ead|un|kay|sup|s|d|ll|re|ve|m|nuff|fraid|twere|twould|neath|cept)\b",
    re.I,
)
_OPEN_CTX = set(" \t\n\r([{—–-/\u00a0*_>\"“")
_CLOSE_CTX = set(" \t\n\r.,;:!?)]}—–-…*_<\"”")
_STRONG_BEFORE_CLOSE = set(".,!?—–-…")
_THOUGHT_AFTER = re.compile(
    r"^[ \t,]*(?:\n[ \t]*)?(?:[*_]?[ \t]*)?(?:(?:he|she|they|i|we|[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)\s+(?:\w+ly\s+)?"
    r"(?:thought|wondered|mused|reflected|told\s+(?:him|her|them|my)sel(?:f|ves)|asked\s+(?:him|her|them|my)sel(?:f|ves))"
    r"|(?:thought|wondered|mused)\s+(?:he|she|they|i|[A-Z][\w'’-]+))\b"
)
_THOUGHT_BEFORE = re.compile(r"\b(?:thought|thinking|wondered|wondering|mused|told\s+(?:him|her|them|my)self|to\s+(?:him|her|them|my)self)\s*[,:]?\s*$", re.I)
_SAID_TO_SELF = re.compile(rf"\b(?:{TO_SELF})\b"
                           r"[^.!?\"“”]{0,30}\bto\s+(?:him|her|them|my)self\s*[,:]?\s*$", re.I)
_SPEECH_BEFORE = re.compile(rf"\b(?:{BEFORE_QUOTE})\s*[,:]?\s*$", re.I)


@dataclass(slots=True)
class RawQuote:
    start: int
    end: int
    mark: str  # the opening mark
    primary: bool
    unclosed: bool = False
    continued: bool = False  # speech that runs on into the next paragraph


#: an opening single quote, each mark on its own: at the start or after white space, a bracket or
#: a dash, before a word. One literal to a pattern, so that the search skips to it (a class with a
#: curly mark in it is tried at every position); the lookbehind, after the mark, keeps the
#: apostrophes inside words, most of a text's, out of the Python loop (at the text's start it
#: cannot look back, and passes)
_SQ_BEFORE_WORD = tuple(re.compile(mark + r"(?<![^\s(\[—–-]" + mark + r")(?=\w)") for mark in ("'", "‘"))


def primary_mark(text: str, italics: list[tuple[int, int]] | None = None) -> str:
    """``"`` when the story's dialogue uses double quotes, ``'`` for single, ``—`` for dashes,
    ``*`` for italics (``italics``: the story's italic spans, where the input kept them)."""
    doubles = text.count('"') / 2 + text.count("“")
    singles = 0
    for rx in _SQ_BEFORE_WORD:
        for m in rx.finditer(text):
            if not _ELISION.match(text, m.start() + 1):
                singles += 1
    if dash_convention(text, max(doubles, singles)):
        return DASH
    if italics and italic_convention(text, italics, max(doubles, singles)):
        return ITALIC
    return "'" if singles >= 4 and singles > 2 * doubles else '"'


# --- speech opened by a dash ------------------------------------------------------------------

#: the mark of a story whose speech opens with a dash (``primary_mark``)
DASH = "—"
#: paragraphs opening with a dash, at least, for the story's speech to be dashed
DASH_MIN = 3
#: a paragraph that opens with a dash and words: "—Come up, Rhodri!", "-- Hello, he said."
_DASH_LINE = re.compile(r"(?m)^[ \t]*(?:—|–|―|--(?!-))[ \t]*[^\W\d_]")
_DASH_AFTER_NEWLINE = re.compile(r"\n[ \t]*(?:—|–|―|--(?!-))[ \t]*[^\W\d_]")
_DASH_START = re.compile(r"[ \t]*(?:—|–|―|--(?!-))")
#: a tag inside a dashed paragraph, after a comma, "!" or "?" (a closing dash allowed): "…! he
#: said sternly." "…, Emeka said with energy." "…, Corwin told his face in the mirror." "…?
#: said Corwin." After its verb come only an object, adverbs and phrases of manner, so speech
#: that says "…, I said no" or "…, he said you'd come" holds no tag
_TAG_SUBJ = r"(?:he|she|I|they|we|[A-Z][\w'’-]+(?:[ \t]+[A-Z][\w'’-]+){0,2}|the[ \t]+\w+(?:[ \t]+\w+)?)"
_TAG_OBJECT = r"(?:[ \t]+(?:him|her|them|me|us|it|(?:his|her|their|my)[ \t]+\w+|[A-Z][\w'’-]+))?"
_TAG_TAIL = (r"(?:[ \t]+(?:\w+ly|again|back|aloud|(?:to|at|with|in|from|without|through|into|over|under|after|across)"
             r"\b[^,.;:!?—–\n]{0,60}))*[ \t]*(?=[,.;:!?—–]|$)")
_DASH_TAG = re.compile(rf"(?<=[,!?…])[ \t]+(?:[—–]+[ \t]*)?(?:{_TAG_SUBJ}[ \t]+(?:\w+ly[ \t]+)?(?:{SPEECH_VERBS})"
                       rf"|(?:{SPEECH_VERBS})[ \t]+{_TAG_SUBJ}){_TAG_OBJECT}{_TAG_TAIL}")
#: after a tag and its comma, narration goes on ("…, he said, and turned away.") or the speech
#: does ("…, said Corwin, says you have…"); a participle ("…, he said, laughing.") is the
#: tag's own, and the speech resumes after its sentence
_NARRATION_GOES_ON = re.compile(r",[ \t]*(?:and|then|but|while|as|when|before|after|so|until)\b")
_PARTICIPLE = re.compile(r",[ \t]*\w+ing\b")
_SENTENCE_END = re.compile(r"[.!?…]+[\"”’]?[ \t]*")


def dash_convention(text: str, quote_marks: float) -> bool:
    """Does the story open its speech with dashes ("—Come up, Rhodri!"), as European writing and
    some fic do? More paragraphs open with a dash than there are quotation marks to pair."""
    if "—" not in text and "–" not in text and "--" not in text and "―" not in text:
        return False
    # ``_DASH_LINE`` from each newline (a literal the search skips to: a pattern opening on
    # ``^`` is tried at every position of a novel), and at the text's start
    lines = len(_DASH_AFTER_NEWLINE.findall(text)) + (_DASH_LINE.match(text) is not None)
    return lines >= DASH_MIN and lines > quote_marks


def _dash_quotes(text: str, b: Block, out: list[RawQuote]) -> bool:
    """The speech of a paragraph that opens with a dash, in its parts: from the dash to a tag
    inside it ("—Back to barracks! he said sternly."), then on after the tag — after its
    sentence ("That's enough for today.") or its comma ("…, said Corwin, says you have…") — unless
    narration goes on ("…, he said, and turned away."). Returns whether the paragraph opened
    with a dash."""
    m = _DASH_START.match(text, b.start, b.end)
    if m is None or not text[m.end():b.end].strip():
        return False
    start = m.start() + len(text[m.start():m.end()]) - len(text[m.start():m.end()].lstrip())
    while start < b.end:
        tag = _DASH_TAG.search(text, start + 1, b.end)
        _speech(text, start, tag.start() if tag else b.end, out)
        if tag is None or _NARRATION_GOES_ON.match(text, tag.end(), b.end):
            return True
        pos = tag.end()
        if _PARTICIPLE.match(text, pos, b.end) or text[pos:pos + 1] in ".!?…;:":
            end = _SENTENCE_END.search(text, pos, b.end) if text[pos:pos + 1] not in ";:" else None
            pos = end.end() if end else pos + 1
        elif text[pos:pos + 1] == ",":
            pos += 1
        start = pos + len(text[pos:b.end]) - len(text[pos:b.end].lstrip(" \t—–-"))
        if start < b.end and text[start - 1] in "—–-":
            start -= 1  # a dash reopening the speech opens its next part
    return True


def _speech(text: str, start: int, end: int, out: list[RawQuote]) -> None:
    """One part of a dashed speech, its white space trimmed, when it has words."""
    end = _rstrip(text, start, end)
    if any(ch.isalnum() for ch in text[start:end]):
        out.append(RawQuote(start, end, DASH, True))


# --- speech in italics ------------------------------------------------------------------------

#: the mark of a story whose speech is set in italics (``primary_mark``)
ITALIC = "*"
#: italic spans a speech tag follows, at least, for the story's speech to be italic
ITALIC_MIN = 3
#: a speech tag right after an italic span: "*Where to?* he asked.", "_Go,_ said Yusra."
_ITALIC_TAG = re.compile(rf"[ \t]*[,.!?—–-]*[ \t]*(?:(?:{SPEECH_VERBS})[ \t]+{_TAG_SUBJ}"
                         rf"|{_TAG_SUBJ}[ \t]+(?:\w+ly[ \t]+)?(?:{SPEECH_VERBS}))\b")
#: ... or a verb of speech just before it: "She leaned in and whispered, *Run.*"
_ITALIC_AFTER_VERB = re.compile(rf"\b(?:{SPEECH_VERBS}|{BEFORE_QUOTE})[ \t]*[,:]?[ \t]*$")


def italic_convention(text: str, italics: list[tuple[int, int]], quote_marks: float) -> bool:
    """Does the story set its speech in italics, as some fic does ("*Where to?* he asked.")?
    More italic spans carry a speech tag than there are quotation marks to pair, three at least."""
    tagged = sum(1 for _s, e in italics if _ITALIC_TAG.match(text, e, min(e + 80, len(text))))
    return tagged >= ITALIC_MIN and tagged > quote_marks


def _italic_quotes(text: str, b: Block, italics: list[tuple[int, int]], out: list[RawQuote]) -> None:
    """The italic speech of one paragraph: each italic span that opens the paragraph, that a
    speech tag follows or that a verb of speech announces, and any after one of those."""
    spoken = False
    for s, e in italics:
        if e <= b.start or s >= b.end:
            continue
        opens = not text[b.start:s].strip(" \t*_")
        # once a paragraph speaks in italics, its later italics are the same speech ("*We're
        # here,* Priya said. *We're here.*")
        if spoken or opens or _ITALIC_TAG.match(text, e, min(e + 80, b.end)) \
                or _ITALIC_AFTER_VERB.search(text, max(b.start, s - 60), s):
            out.append(RawQuote(s, e, ITALIC, True))
            spoken = True


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start + 1 and text[end - 1] in " \t\r\n":
        end -= 1
    return end


def _pair_double(text: str, b: Block, out: list[RawQuote], primary: bool, warnings: list[str],
                 marks: list[int] | None = None) -> None:
    """Pair the double quote marks of one paragraph (``marks``: their positions, where the caller
    found them for the whole text), by which side the white space is on."""
    open_pos: int | None = None
    open_mark = '"'
    s, e = b.start, b.end
    for pos in _marks_in(text, s, e, _DQ_CHARS) if marks is None else marks:
        ch = text[pos]
        prev = text[pos - 1] if pos > s else " "
        nxt = text[pos + 1] if pos + 1 < e else " "
        if ch in "“«„":
            role = "open"
        elif ch in "”»":
            role = "close"
        else:
            left = prev in _OPEN_CTX or pos == s
            right = nxt in _CLOSE_CTX or pos + 1 == e
            if left and not right:
                role = "open"
            elif right and not left:
                role = "close"
            else:
                role = "close" if open_pos is not None else "open"
        if role == "open":
            if open_pos is not None:
                if ch == '"' and (prev not in _OPEN_CTX):
                    role = "close"
                else:
                    end = _rstrip(text, open_pos, pos)
                    if _has_content(text, open_pos + 1, end):
                        out.append(RawQuote(open_pos, end, open_mark, primary, unclosed=True))
                    warnings.append(f"unbalanced quote at offset {open_pos}: closed before the next opening mark")
                    open_pos = None
            if role == "open":
                open_pos, open_mark = pos, ch
                continue
        if open_pos is None:
            continue  # a stray closing mark: nothing to pair it with
        # (the first character after the opening mark mostly settles it, without a call)
        if text[open_pos + 1] not in _MARKS_AND_SPACE or _has_content(text, open_pos + 1, pos):
            out.append(RawQuote(open_pos, pos + 1, open_mark, primary))
        open_pos = None
    if open_pos is not None and _has_content(text, open_pos + 1, e):
        out.append(RawQuote(open_pos, e, open_mark, primary, unclosed=True))


_MARKS_AND_SPACE = " \t\r\n\u00a0\"“”«»„'‘’"


def _has_content(text: str, start: int, end: int) -> bool:
    """A quotation quotes something: ``""`` or a run of opening marks is not a quote (``"..."`` is).
    Without this a line of 300,000 quotation marks was 150,000 quotes for every later pass."""
    for i in range(start, end):
        if text[i] not in _MARKS_AND_SPACE:
            return True
    return False


_DQ_CHARS = "\"“”«»„"
_SQ_CHARS = "'‘’"


def _marks_in(text: str, start: int, end: int, chars: str) -> list[int]:
    """The positions of ``chars`` in ``text[start:end]``, in order. One ``str.find`` run per
    character: a regex class holding a curly mark is tried at every position of the text, some
    ten times slower than a search for one character, and the marks are a small part of a text."""
    found: list[int] = []
    for ch in chars:
        pos = text.find(ch, start, end)
        while pos >= 0:
            found.append(pos)
            pos = text.find(ch, pos + 1, end)
    found.sort()
    return found


def _pair_single(text: str, b: Block, out: list[RawQuote], primary: bool, skip: list[tuple[int, int]],
                 marks: list[int] | None = None) -> None:
    """Pair single quote marks in one paragraph (``marks``: their positions, where the caller found
    them for the whole text), telling closers from apostrophes."""
    s, e = b.start, b.end
    if marks is None:
        marks = _marks_in(text, s, e, _SQ_CHARS)
    if not marks:
        return
    cands: list[tuple[int, str, bool]] = []  # (pos, role, strong)
    # is a mark inside a ``skip`` span? The marks come in text order, so one walk along the
    # sorted spans answers (what ``SpanIndex.contains`` says, without building one per paragraph)
    spans = sorted(skip)
    k, reach = 0, -1
    for pos in marks:
        while k < len(spans) and spans[k][0] <= pos:
            reach = max(reach, spans[k][1])
            k += 1
        if reach > pos:
            continue
        prev = text[pos - 1] if pos > s else " "
        nxt = text[pos + 1] if pos + 1 < e else " "
        if prev.isalnum() and nxt.isalnum():
            continue  # don't, it's, o'clock
        ch = text[pos]
        if (ch == "‘" or prev in _OPEN_CTX or pos == s) and not nxt.isspace():
            if _ELISION.match(text, pos + 1) and not (nxt.isupper() and ch == "‘"):
                # 'til, 'em, 'cause — unless a closer for it follows soon (a quoted word like 'em' is rare)
                continue
            cands.append((pos, "open", True))
        elif not prev.isspace() and (nxt in _CLOSE_CTX or pos + 1 == e):
            cands.append((pos, "close", prev in _STRONG_BEFORE_CLOSE or ch == "’" and nxt in _CLOSE_CTX and prev in _STRONG_BEFORE_CLOSE))
    # for each candidate: does a strong closer come after it before any new opener? (found in one
    # backward pass; looking ahead from each weak closer cost the square of a paragraph's marks)
    strong_later = [False] * len(cands)
    ahead = False
    for k in range(len(cands) - 1, -1, -1):
        strong_later[k] = ahead
        _pos, role, strong = cands[k]
        if role == "open":
            ahead = False
        elif strong:
            ahead = True
    open_pos: int | None = None
    open_ch = "'"
    for k, (pos, role, strong) in enumerate(cands):
        if role == "open":
            if open_pos is None:
                open_pos, open_ch = pos, text[pos]
            continue
        if open_pos is None:
            continue
        if not strong and strong_later[k]:
            continue  # "the girls' coats": a weak closer yields to a strong one later, before any new opener
        out.append(RawQuote(open_pos, pos + 1, open_ch, primary))
        open_pos = None
    if open_pos is not None and primary:
        out.append(RawQuote(open_pos, e, open_ch, primary, unclosed=True))


#: from this many paragraphs on, the marks are found in one scan of the text they span, not
#: paragraph by paragraph (nine ``str.find`` calls each: a novel's thousands of paragraphs)
_WHOLE_SCAN_BLOCKS = 200


def _block_marks(text: str, blocks: list[Block], chars: str) -> list[list[int]]:
    """The positions of ``chars`` in each paragraph, in order: a list for each of ``blocks``.
    All at once, in a loop of its own (a call per paragraph cost more than its two bisections)."""
    if len(blocks) < _WHOLE_SCAN_BLOCKS:
        return [_marks_in(text, b.start, b.end, chars) for b in blocks]
    found = _marks_in(text, min(b.start for b in blocks), max(b.end for b in blocks), chars)
    bisect_left = bisect.bisect_left
    out: list[list[int]] = []
    for b in blocks:
        i = bisect_left(found, b.start)
        out.append(found[i:bisect_left(found, b.end, i)])
    return out


def find_quotes(text: str, blocks: list[Block], verse: list[tuple[int, int]],
                mark: str | None = None, italics: list[tuple[int, int]] | None = None
                ) -> tuple[list[RawQuote], str, list[str]]:
    """All quoted spans in ``blocks`` (story blocks), in text order; also the primary mark
    (decided from the whole text unless the caller already knows it). ``italics`` are the
    story's italic spans, which are its speech when the mark says so."""
    mark = mark or primary_mark(text, italics)
    italics = sorted(italics or [])
    warnings: list[str] = []
    out: list[RawQuote] = []
    vi = 0
    # each paragraph's marks, where the story's speech is in quotation marks
    quoted = mark in ('"', "'")
    dq_all = _block_marks(text, blocks, _DQ_CHARS) if quoted else []
    sq_all = _block_marks(text, blocks, _SQ_CHARS) if quoted else []
    for bi, b in enumerate(blocks):
        while vi < len(verse) and verse[vi][1] <= b.start:
            vi += 1
        in_verse = vi < len(verse) and verse[vi][0] <= b.start < verse[vi][1]
        if in_verse:
            vs, ve = verse[vi]
            if vs == b.start and re.match(r"[*_]*['‘]", text[vs:ve]):
                out.append(RawQuote(vs, ve, text[vs:ve].lstrip("*_")[0], False))
            continue
        dq, sq = (dq_all[bi], sq_all[bi]) if quoted else (None, None)
        if dq == [] and sq == []:
            continue  # most paragraphs of a novel's narration: no mark to pair, nothing to do
        before = len(out)
        if mark == DASH:
            _dash_block(text, b, out)
        elif mark == ITALIC:
            _italic_block(text, b, italics, out)
        elif mark == '"':
            _pair_double(text, b, out, True, warnings, dq)
            if sq is None or sq:  # (the other kind is looked at only where the paragraph has some)
                _pair_single(text, b, out, False, [(q.start, q.end) for q in out[before:]], sq)
        else:
            _pair_single(text, b, out, True, [], sq)
            if dq is None or dq:
                inner = [(q.start, q.end) for q in out[before:]]
                doubles: list[RawQuote] = []
                _pair_double(text, b, doubles, False, [], dq)
                in_single = SpanIndex(inner).contains
                out.extend(q for q in doubles if not in_single(q.start) and not q.unclosed)
        # speech running on: an open quote at the end, the next paragraph opening with a mark
        last = out[-1] if len(out) > before else None
        if last is not None and last.unclosed and last.primary and last.end == b.end:
            nxt = blocks[bi + 1] if bi + 1 < len(blocks) else None
            opener = "\"“" if mark == '"' else "'‘"
            if nxt is not None and text[nxt.start:nxt.start + 1] in opener and text[nxt.start:nxt.start + 1] != "":
                last.unclosed = False
                last.continued = True
            else:
                warnings.append(f"quote opened at offset {last.start} is not closed by the end of its paragraph")
        if len(out) - before > 1:
            out[before:] = sorted(out[before:], key=lambda q: q.start)
    return out, mark, warnings


def _inner_marks(text: str, b: Block) -> list[RawQuote]:
    """A paragraph's quotation marks read as the inner kind (titles, words quoted, a thought), in
    a story whose speech is set otherwise: closed pairs only, doubles first."""
    marks: list[RawQuote] = []
    _pair_double(text, b, marks, False, [])
    _pair_single(text, b, marks, False, [(q.start, q.end) for q in marks])
    return [q for q in marks if not q.unclosed]


def _dash_block(text: str, b: Block, out: list[RawQuote]) -> None:
    """A paragraph of a dashed story: its dashed speech, and quotation marks as the inner kind
    (titles, words quoted, a thought) — never dialogue of their own."""
    _dash_quotes(text, b, out)
    out.extend(_inner_marks(text, b))


def _italic_block(text: str, b: Block, italics: list[tuple[int, int]], out: list[RawQuote]) -> None:
    """A paragraph of a story whose speech is italic: its italic speech, and quotation marks as
    the inner kind (a word quoted, a title) — never dialogue of their own, nor inside the speech.
    Only this paragraph's speech can hold its marks (earlier quotes end before it begins)."""
    lo = bisect.bisect_left(italics, (b.start, -1))
    hi = bisect.bisect_left(italics, (b.end, -1))
    before = len(out)
    _italic_quotes(text, b, italics[max(lo - 1, 0):hi], out)
    spoken = SpanIndex([(r.start, r.end) for r in out[before:]]).contains
    out.extend(q for q in _inner_marks(text, b) if not spoken(q.start))


#: a quote ending on one of these is no short title or scare quote
_NOT_SHORT_END = ".!?,;:—…-"


def _ends_at(text: str, start: int, end: int, marks: str) -> bool:
    """``_ends_with(text[start:end].strip(), marks)``, without the copy."""
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start and text[end - 1] in marks:
        return True
    return end - start >= 2 and text[end - 1] in "*_" and text[end - 2] in marks


def _ends_with(s: str, marks: str) -> bool:
    """``s`` ends with one of ``marks``, optionally followed by one ``*`` or ``_`` (Markdown emphasis)."""
    if s and s[-1] in marks:
        return True
    return len(s) >= 2 and s[-1] in "*_" and s[-2] in marks


#: the last three letters of every word ``_THOUGHT_BEFORE`` and ``_SAID_TO_SELF`` can end on
#: ("thought", "thinking", "wondered", "mused", "himself"), and the letters ``re.I`` matches to
#: an "i" or an "s" that ``str.lower`` leaves as they are (where one stands there, the patterns decide)
_THOUGHT_ENDINGS = frozenset(("ght", "ing", "red", "sed", "elf"))
_ODD_FOLDS = frozenset("\u0130\u0131\u017f")


def _thought_before(before: str) -> bool:
    r"""A thought verb just before the quote. Both patterns end ``word\s*[,:]?\s*$``, so the
    text's last three letters (its trailing white space and one comma or colon put aside) must end
    one of their words: that test turns most quotes away before any regex search, which scanned
    every position of the 60 characters for each quote; the substring test after it spares most
    of the rest (every alternative of ``_THOUGHT_BEFORE`` contains one of those words)."""
    tail = before.rstrip()
    if tail[-1:] in (",", ":"):
        tail = tail[:-1].rstrip()
    if tail[-3:].lower() not in _THOUGHT_ENDINGS and _ODD_FOLDS.isdisjoint(tail[-3:]):
        return False
    low = before.lower()
    if "self" in low and _SAID_TO_SELF.search(before):
        return False  # "muttered crossly to himself," is speech, aloud, to no one else
    return ("th" in low or "wonder" in low or "mused" in low or "self" in low) and _THOUGHT_BEFORE.search(before) is not None


_MID_SENTENCE_END = frozenset("abcdefghijklmnopqrstuvwxyz,")
_CONTINUES_WITH = frozenset("abcdefghijklmnopqrstuvwxyz.,;:)")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def _title_case(s: str) -> bool:
    words = _WORD.findall(s)
    content = [w for w in words if len(w) > 3 or w == words[0]]
    return bool(words) and all(w[0].isupper() for w in content)


def classify(text: str, q: RawQuote, in_paratext: bool) -> str:
    """dialogue, thought, scare, title or written — from the quote and its surroundings."""
    after = text[q.end: q.end + 80]
    before = text[max(0, q.start - 60): q.start]
    inner_end = q.end - (0 if q.unclosed or q.continued else 1)
    if q.primary and not in_paratext:
        if _thought_after(after) or _thought_before(before):
            return "thought"
        # speech ending on a stop or a comma is not a short title or scare quote: most of a
        # novel's dialogue is decided here, looked at in place (copying, stripping and splitting
        # each quote's words was the quotes pass's largest cost per quote), and most of the rest
        # by its surroundings (inside a sentence that goes on after it, or not)
        if _ends_at(text, q.start + 1, inner_end, _NOT_SHORT_END) or not (_continues(after) and _mid_sentence(before)):
            return "dialogue"
    inner = text[q.start + 1: inner_end].strip()
    # only "up to 8 words or more" is asked: a long speech is not split into all its words
    words = inner.split(None, 8)
    if in_paratext:
        return "title" if len(words) <= 8 and _title_case(inner) else "written"
    short = len(words) <= 4 and not _ends_with(inner, _NOT_SHORT_END)
    if q.primary:
        if short:  # (inside a sentence that goes on, as tested above)
            return "title" if _title_case(inner) and inner[:1].isupper() else "scare"
        return "dialogue"
    if _thought_before(before) or _thought_after(after):
        return "thought"
    if _ends_with(inner, "?!") and len(words) >= 2 and not _mid_sentence(before):
        return "thought"
    if short and _title_case(inner) and len(words) >= 1 and inner[:1].isupper() and _mid_sentence(before):
        return "title"
    return "scare"


def _thought_after(after: str) -> bool:
    """A thought tag just after the quote ("…" she thought; "…" Odile wondered). Every way
    ``_THOUGHT_AFTER`` (case-sensitive) matches holds one of these words: most quotes are turned
    away by five substring tests, before the pattern tries each capitalised word as a name."""
    return (("thought" in after or "wondered" in after or "mused" in after or "reflected" in after or "sel" in after)
            and _THOUGHT_AFTER.match(after) is not None)


def _mid_sentence(before: str) -> bool:
    """Does the quote stand inside a sentence (the text before it ends on a small letter or a
    comma: ``[a-z,]\\s*$``, its last character that is not white space), not after a verb of speech?"""
    return before.rstrip()[-1:] in _MID_SENTENCE_END and not _SPEECH_BEFORE.search(before)


def _continues(after: str) -> bool:
    """Does the sentence go on after the quote (``\\s*[a-z.,;:)]``: its first character that is not
    white space)?"""
    return after.lstrip()[:1] in _CONTINUES_WITH or after[:1] in ".,;:)"


def build_quotes(text: str, raw: list[RawQuote], paratext: list[tuple[int, int]], verse: list[tuple[int, int]]) -> list[Quote]:
    # which quotes lie in paratext or verse, asked of the indexes in one loop each (most stories
    # have no verse, and a novel no paratext: no index to ask then)
    spans = [(r.start, r.end) for r in raw]
    in_paratext = SpanIndex(paratext).overlap_flags(spans) if paratext else [False] * len(raw)
    in_verse = SpanIndex(verse).overlap_flags(spans) if verse else [False] * len(raw)
    quotes: list[Quote] = []
    prev_continued: Quote | None = None
    for r, para, lyric in zip(raw, in_paratext, in_verse, strict=True):
        kind = "lyric" if lyric else classify(text, r, para)
        q = Quote(f"q{len(quotes) + 1}", r.start, r.end, kind, r.mark, unclosed=r.unclosed)
        if prev_continued is not None and r.primary and kind == "dialogue":
            q.continues = prev_continued.id
        prev_continued = q if r.continued and kind == "dialogue" else None
        quotes.append(q)
    return quotes
