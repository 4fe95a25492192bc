"""The conventions writers use, as data: scene-break lines, markers, paratext openers.

Kept in one module so a new convention is one line here plus a test, never a code change in
the passes that use them.
"""

from __future__ import annotations

import re

_NUM_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|first|second|third|fourth|fifth|"
    "sixth|seventh|eighth|ninth|tenth|last|final"
)
_NUMBER = rf"(?:\d{{1,4}}(?:\.\d+)?|[ivxlcdm]{{1,8}}|[A-Z]|(?:{_NUM_WORDS})(?:[- ](?:{_NUM_WORDS}))?)"

#: A chapter heading line ("Chapter 3: Tides", "CHAPTER IV.", "Prologue", "Ch. 2 - Title").
CHAPTER_HEADING = re.compile(
    rf"^[#*_~=\s-]*(?:(?:chapter|chap\.?|ch\.?)(?!s\b)\s*{_NUMBER}\b(?!['’])(?:\s*/\s*\d{{1,4}}|\s+of\s+\d{{1,4}}\b)?"
    rf"(?:\s*[:.,)\-–—]\s*.{{0,120}}|\s+(?-i:[^a-z\s]).{{0,120}})?"
    rf"|(?:prologue|epilogue|interlude)\b(?:\s*[:.,\-–—]\s*.{{0,120}})?)[*_~=\s-]*$",
    re.I,
)
#: Parts and books group chapters; they head a chapter only where there are no chapters.
PART_HEADING = re.compile(rf"^[#*_~\s]*(?:part|book|volume|vol\.)\s+{_NUMBER}\b.{{0,120}}$", re.I)
#: A line holding only a roman numeral ("IV", "XII.") — a chapter heading in many novels.
ROMAN_HEADING = re.compile(r"^\s*[IVXLC]{1,7}\.?\s*$")
#: A number and a title on a line of their own ("1. Night Float", "2) Morning Rounds"): a chapter
#: heading only where such lines number 1, 2, 3… in order (a list in a note numbers sentences).
NUMBERED_HEADING = re.compile(r"^[#*_~\s]*(\d{1,3})[.)]\s+[*_~]*(?-i:[A-Z0-9\"“'‘])[^.!?;:\n]{0,60}?[*_~\s]*$")

#: Break words no ornament frames ("lb" for "line break"); the framed ones ("[break]", "~break~",
#: "scene break") are :data:`_FRAMED_BREAK_WORD`'s.
_BREAK_WORDS = {"-lb-", "lb"}
_SYMBOLS = set("*~-_=#+§.•·<>|/\\^°…:—–oOxX0 ♥❤★☆✦◆◇♦■□▪●○◎※ ")


#: A break word between ornaments, as writers dress it: "~*~Break~*~", "***break***", "[scene
#: change]", "-Time skip-", "(line break)". Not a quotation mark, a question, an exclamation or a full
#: stop around it: '"Break!"' is a referee's line, 'Break.' a sentence.
_FRAMED_BREAK_WORD = re.compile(
    r"^[^\w\s\"“”'‘’?!.]*\s*(?:line\s?break|scene\s+(?:break|change)|page\s+break|break|time\s?skip|pov\s+(?:change|switch))"
    r"\s*[^\w\s\"“”'‘’?!.]*$", re.I)
#: Marks no ornament holds: quotation marks (a line of dialogue: "…"), a question or an exclamation.
_NOT_ORNAMENT = frozenset("\"“”'‘’?!()[]{}")

#: Raw HTML a Markdown draft may hold on a break's line: a rule, or a centring wrapper around one.
_HTML_RULE = re.compile(r"<hr\b[^>]*>", re.I)
_HTML_WRAPPER = re.compile(r"</?(?:center|p|div|span|b|strong|i|em)\b[^>]*>", re.I)


#: no break line is longer (a row of ornaments across the page)
BREAK_LINE_MAX = 240
#: a row of "<3" hearts
_HEARTS = re.compile(r"(?:<3\s*)+")
#: One digit four times or more ("8888", "0 0 0 0"), as some writers rule off a scene; not a year or a count
_DIGIT_RUN = re.compile(r"(\d)(?:\s?\1){3,}")


def is_break_line(line: str) -> bool:
    """True for a line that is only a scene-break convention (``***``, ``xXx``, ``-o0o-``…), also
    as a Markdown draft writes it in raw HTML (``<hr>``, ``<center>* * *</center>``)."""
    if len(line) > BREAK_LINE_MAX and not line[0].isspace() and not line[-1].isspace():
        return False  # a paragraph, with nothing to strip: too long for a break line (asked of each one)
    s = line.strip()
    if s.startswith("<") and len(s) <= 120:
        if _HTML_RULE.fullmatch(s):
            return True
        if _HTML_WRAPPER.match(s):
            inner = _HTML_WRAPPER.sub("", s).strip()
            return bool(inner) and not inner.startswith("<") and is_break_line(inner)
    if len(s) > 40:
        # a long row of one short ornament repeated (".:x:." fifteen times, "xXx" across the
        # page) is the same break as a short one: judged on its first 40 characters (a line that
        # repeats itself every p characters has its first character again at p: a line of prose
        # does not, and is turned away before any slice is compared)
        return (len(s) <= BREAK_LINE_MAX and s[0] in s[1:9] and any(s[p:] == s[:-p] for p in range(1, 9))
                and is_break_line(s[:40]))
    if not s:
        return False
    if s.lower() in _BREAK_WORDS or _FRAMED_BREAK_WORD.match(s):
        return True
    if _HEARTS.fullmatch(s):
        return True
    if _DIGIT_RUN.fullmatch(s):
        return True
    if not set(s) <= _SYMBOLS:
        # any ornament with no letter, digit or quotation mark in it ("⁂", "❀❀❀", "═══", "✧ ✧ ✧");
        # not emoji (U+1F000 on): "😭" alone is a message or a reaction, a texting fic's line
        return not any(ch.isalnum() or ch in _NOT_ORNAMENT or ch >= "\U0001f000" for ch in s)
    letters = sum(ch.isalpha() for ch in s)
    if letters == 0:
        return True
    # x/o patterns: "x", "xXx", "oOo", "-o0o-", "~o~" — but not words like "ox" or "OOO!" dialogue
    core = "".join(ch for ch in s if ch.isalnum())
    framed = len(core) < len(s.replace(" ", ""))
    if set(core) <= set("xX"):
        # "x", "xXx", "XxX", "xxx": a lone x or a run of three or more
        return len(core) == 1 or len(core) >= 3 or framed
    if set(core) <= set("oO0"):
        # "oOo", "-o0o-", "~o~", "0o0o0": mixed case, a zero, or framed by symbols
        return framed or "0" in core or (core != core.lower() and core != core.upper()) or len(core) >= 5
    return False


#: Lines that start a new scene without being breaks: POV labels, flashback and time markers.
SCENE_MARKER = re.compile(
    r"^[\s~*_(\[<-]*(?:"
    r"(?:[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,2}['’]s?\s+(?:POV|P\.O\.V\.?|point of view|perspective))"
    r"|(?:(?:end(?:\s+of)?\s+)?(?:flash\s?back|flash[- ]forward|dream\s?sequence|present\s+day|the\s+present|present))"
    r"|(?:meanwhile|elsewhere|later(?:\s+that\s+\w+)?|earlier|the\s+next\s+(?:day|morning|night))"
    r"|(?:(?:\w+|a\s+few|a\s+couple\s+of|some)\s+(?:days?|weeks?|months?|years?|hours?|minutes?|decades?)\s+(?:later|earlier|before|ago|after))"
    r"|(?:(?:days|weeks|months|years|hours|decades)\s+(?:later|earlier|before))"  # "Weeks earlier." with no count
    r"|(?:\+?\d{1,3}\.?(?:\s*[–—-]\s*\d{1,3}\.?)?)"
    r")[\s.…!~*_)\]>-]*$",
    re.I,
)


def is_scene_marker(line: str) -> bool:
    if len(line) > 60 and not line[0].isspace() and not line[-1].isspace():
        return False  # a paragraph, with nothing to strip: no marker is so long (asked of each one)
    s = line.strip()
    return bool(s) and len(s) <= 60 and SCENE_MARKER.match(s) is not None


#: A POV label ("Idda's POV", "~Maro's point of view~"): never a title, whatever its capitals.
POV_LABEL = re.compile(r"^[\s~*_(\[<-]*[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,2}['’]s?\s+(?:POV|P\.O\.V\.?|point of view|perspective)\b", re.I)
#: A name alone between the same marks ("-Idda-", "~Maro~", "== Idda ==", "*Maro*"): a POV switch
#: where the word is a name the story uses (:func:`fabula.segment.scenes` asks), not a sound ("*Thud*").
FRAMED_NAME = re.compile(r"^\s*([-~=*_+]{1,3})\s*([A-Z][a-z’'-]+(?:\s[A-Z][a-z’'-]+)?)\s*\1\s*$")


# -- paratext ---------------------------------------------------------------------------------

_LEAD = r"^[\s*_~>(\[#-]*"
PARATEXT_OPENERS: list[tuple[str, re.Pattern[str]]] = [
    # FanFiction.net's chapter navigation, copied with the page: "< Prev 1. Lamplight 2. The Well Next >"
    ("metadata", re.compile(r"^\s*(?:[<«]\s*prev\b[^\n]{0,800}|\d{1,3}\.\s[^\n]{0,800}\bnext\s*[>»])\s*$", re.I)),
    ("review_reply", re.compile(_LEAD + r"(?:review\s+replies|(?:thanks|thank\s+you)\s+(?:so\s+much\s+)?to\s+(?:all\s+)?(?:my\s+|the\s+)?reviewers|guest\s*:|to\s+(?:the\s+)?reviewers)", re.I)),
    ("disclaimer", re.compile(_LEAD + r"(?:disclaimer|standard\s+disclaimer|i\s+(?:do\s+not|don['’]?t|dont)\s+own|i\s+own\s+nothing|(?:also\s+)?i\s+(?:only|also)\s+own\b|also\s+i\s+own\b|all\s+i\s+own\b|(?:i\s+)?(?:do\s+not|don['’]?t|dont)\s+own|no\s+copyright\s+infringement|nothing\s+(?:is\s+)?mine|not\s+mine\b)", re.I)),
    ("credit", re.compile(_LEAD + r"(?:song|songs|lyrics|music|title|inspired\s+by|cover\s+art|art)\s*(?:from\b|by\b|:|is\b|are\b)", re.I)),
    ("summary", re.compile(_LEAD + r"summary\s*:", re.I)),
    ("dedication", re.compile(_LEAD + r"(?:dedicated\s+to|dedication\s*:|this\s+(?:one\s+)?is\s+(?:dedicated\s+)?for\s+)", re.I)),
    ("metadata", re.compile(_LEAD + r"(?:warnings?|rated|rating|pairings?|spoilers?|word\s+count|genre|fandom|characters?|status|timeline|setting)\s*[:\-–]", re.I)),
    # content warnings as fandom writes them: "TW: self-harm", "cw // blood", "tw for swearing"
    ("metadata", re.compile(_LEAD + r"(?:tw|cw|trigger\s+warnings?|content\s+warnings?)(?:\s*[:\-–/]|\s+for\b)", re.I)),
    # thanks to the beta reader, in a paragraph of their own: "Huge thanks to reedlark for betaing!"
    ("author_note", re.compile(_LEAD + r"(?:(?:a\s+)?(?:huge|big|massive|many|special|all\s+the|endless)\s+)?(?:thanks|thank\s+you|thx|ty)\b"
                               r"[^.!?\n]{0,80}?\bbeta(?:['’]?d|ed|ing|-?read(?:ing)?|s)?\b", re.I)),
    # AO3's pointer to notes at the end, copied with the page: "(See the end of the chapter for notes.)"
    ("author_note", re.compile(_LEAD + r"see\s+the\s+end\s+of\s+the\s+(?:chapter|work)\s+for\s+(?:more\s+)?notes", re.I)),
    ("author_note", re.compile(_LEAD + r"(?:a\s*/\s*n|a\.n\.|author['’]?s['’]?\s+notes?|authors?\s+notes?|(?:chapter\s+(?:end\s+)?|end\s+|final\s+)notes?\b"
                               # "AN" in capitals, or "an"/"note" with the mark a label takes: "An icy wind…",
                               # "Notes were passed…" open a story's paragraphs
                               r"|(?-i:AN)\b|an(?=\s*\d*\s*[:\-–—)])|notes?(?=\s*\d*\s*(?:[:.\-–—)]|\n|$))"
                               r"|beta['’]?d?\b|unbeta['’]?d|thanks\s+to\s+my\s+beta|edit\s*:)\s*\d*\s*[:.\-–—)]?", re.I)),
]
#: Phrases that end chapters on FanFiction.net and AO3.
PARATEXT_CLOSERS = re.compile(
    _LEAD + r"(?:r\s*&\s*r|r\s+and\s+r|read\s+(?:and|&)\s+review|please\s+review|review\s+please|reviews?\s+(?:make|are|would)"
    r"|flames\s+will|to\s+be\s+continued|tbc\b|~?\s*fin\s*~?$|the\s+end[.!~\s]*$|kudos\s+(?:and|&)\s+comments"
    r"|end\s+(?:of\s+)?(?:the\s+)?(?:chapter|part|ch\.?)(?:\s+(?:\d{1,4}|[ivxlc]{1,6}|[a-z]+(?:-[a-z]+)?))?\s*[.!~*_=-]*\s*$"
    # AO3's "Afterword" over the work's end notes (a download read as text): the author's, not a chapter
    r"|afterword\s*:?\s*$"
    r"|comments\s+(?:and|&)\s+kudos|(?:please\s+)?leave\s+(?:a\s+)?(?:review|comment|kudos)|thanks\s+for\s+reading)",
    re.I,
)
#: The closers that ask readers for something (not "The End"): above a story too, they are a note.
REVIEW_PLEA = re.compile(
    _LEAD + r"(?:(?:please\s+)?r\s*&\s*r|r\s+and\s+r|(?:please\s+)?read\s+(?:and|&)\s+review|please\s+review|review\s+please"
    r"|reviews?\s+(?:make|are|would)|(?:please\s+)?leave\s+(?:a\s+)?(?:review|comment|kudos)|kudos\s+(?:and|&)\s+comments"
    r"|comments\s+(?:and|&)\s+kudos)", re.I)
#: Signs that a block is the author talking to readers, not the story.
NOTE_CUES = re.compile(
    # every word cue starts at a word boundary: say so once, so most positions fail at once
    r"\b(?:one[- ]?shot\b|this\s+(?:fic|story|chapter|one)\b|(?:next|last|short|filler)\s+chapter\b|(?:song|chat|text|crack|smut|multi-?chapter)?fics?\b|fanfic"
    r"|reviews?\b|reviewers?\b|update\b|beta\b|thank(?:s|\s+you|\s+u)?\s+(?:so\s+much\s+)?for\s+reading"
    r"|hope\s+(?:you|u|y'all)\s+(?:all\s+|guys\s+)?(?:enjoy|like)"
    r"|enjoy(?:ed)?!|sorry\s+(?:for|about)\s+the\b|apologi[sz]e\s+for\b|mistakes\b|typos?\b|my\s+take\s+on\b"
    r"|please\s+be\s+nice\b|guys\b|kids\b|spoilers?\b|canon\b|post[- ](?:canon|finale|episode)\b|fandom\b"
    r"|haha+\b|lol\b|xd\b|R&R\b|writ(?:ing|ten)\s+(?:this|for)\b|takes\s+place\b|oc\b"
    r"|au\b|crossover\b|prompt\b|challenge\b|kudos\b|comments?\b|sequel\b|drabbles?\b|let\s+me\s+know\b"
    r"|next\s+time\s+on\b|ooc(?:-?ness)?\b)"
    r"|:\)|:d\b|:p\b|;\)|<3",
    re.I,
)
#: The line under the title of AO3's download: "Posted originally on the Archive of Our Own at …".
AO3_POSTED = re.compile(r"^\s*Posted originally on the Archive of Our Own\b", re.I)
#: A FanFiction.net story header, copy-pasted.
FFN_HEADER = re.compile(r"\bRated:\s*(?:Fiction\s+)?(?:K\+?|T|M|MA)\b.*?-\s*(?:English|[A-Z][a-z]+)\b.*?\bWords:\s*[\d,]+", re.S)
BYLINE = re.compile(r"^\s*(?:by|written\s+by|author)\s*:?\s+(\S.{0,80})$", re.I)
#: A song or other work credited with its maker: "Salt Song" lyrics by X; the song is "Y" by Z.
CREDIT = re.compile(
    r"[\"“'‘]([^\"”’\n]{1,80}?)[\"”'’]\s*,?\s*(?:\(?(?:song|lyrics|lyric|music|track)\)?\s+)?(?:is\s+|are\s+)?"
    r"(?:by|belongs\s+to|belong\s+to|from|performed\s+by|copyright)\s+(?:the\s+(?:wonderful|amazing|great)\s+)?"
    r"([A-Z0-9][^.,;:!?\n()\"“”]{0,60}?)(?=\s*(?:[.,;:!?\n()]|$|\s+(?:and|I|which|who|used|all|belongs?)\b))"
)
#: The same credit with a label or without quotation marks: "song: Paper Moons - The Drifting
#: Keys", "the lyrics are from Salt Road by Bramble", "title from Old Bones by Tin Lantern", "I
#: don't own the song (Lantern Road - The Quiet Harbour)". The keyword must be joined to the
#: title by a colon, a dash, a bracket, "is", "are" or "from", so that "the song playing by the
#: window" names nothing.
CREDIT_PLAIN = re.compile(
    r"\b(?:song|songs|lyrics|track|music|title|songfic)"
    r"(?:\s+(?:credits?|used|featured|here|in\s+(?:this|the)(?:\s+(?:fic|story|chapter|one))?))?"
    r"(?:\s*[:\-–—(]\s*|\s+(?:is|are|was)\s+(?:(?:taken\s+)?from\s+)?|\s+(?:comes?|came|taken|borrowed)\s+from\s+"
    r"|\s+(?:from|to|for|of|based\s+on)\s+)"
    r"[\"“'‘*_]*([^\W_][^\"”’\n.,;:!?()*_]{0,80}?)[\"”'’*_]*,?\s+(?:by|[-–—])\s+"
    r"([^\W_][^.,;:!?\n()\"“”]{0,60}?)(?=\s*(?:[.,;:!?\n()]|$|\s+(?:and|I|which|who|used|all|belongs?)\b))", re.I)
SONG_WORDS = re.compile(r"\b(?:song|songs|lyrics|lyric|songfic|sung|singer|band|album|music|inspired\s+by)\b", re.I)
TOC = re.compile(r"^\s*(?:table\s+of\s+contents|contents)\s*:?\s*$", re.I)
LABEL_LINE = re.compile(r"^\s*([A-Z][A-Za-z ]{1,24}):\s*(\S.*)$")
#: A chat or text message line, as chatfics set them: ``name: message``, ``Name: message``,
#: ``**name:** message``, ``[22:14] name: message`` — a sender of one or two words, a colon, the
#: message. Review replies have the same shape ("Guest: thank you!"); what tells them apart is
#: a conversation (:func:`fabula.segment.notes.chat_senders`), not the line.
CHAT_LINE = re.compile(
    # the lookahead (a colon on the line, near its start) turns most lines away before the name's
    # pattern is tried: a novel's whole text is scanned in 18 ms instead of 30
    r"^(?=[^\n:]{1,120}:)[ \t>*_~-]*(?:\[[^\]\n]{1,20}\][ \t]*)?(?P<name>[^\W\d_][\w.'’-]{0,23}(?:[ \t][^\W\d_][\w.'’-]{0,23})?)"
    r"[ \t]*(?:\*\*|__)?:(?:\*\*|__)?[ \t]+\S", re.M)


#: The line naming an epigraph's source under its verse ("— a poet, a poem"): a dash or two, then a
#: letter (a dash and a digit is a date or a count, a dash and a mark an ornament). The verse pass
#: and the scenes pass both look for it.
SOURCE_LINE = re.compile(r"[–—-]{1,2}\s*[^\W\d_]")
