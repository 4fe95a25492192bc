"""What every reader's output goes through last: no control characters, a language tag that is one.

Whatever the format, the document's text and the work's fields may carry control characters —
a NUL far into a text file, an escape sequence from an HTML entity (``&#27;``), a C1 byte — that
would break the EPUB's XML, show in the report, or clear a terminal and retitle its window when
``read`` prints a title. And a front matter's ``language: Klingon`` must not reach the EPUB's
``dc:language``, which takes a BCP 47 tag.
"""

from __future__ import annotations

import re
from dataclasses import fields

from fabula.errors import InputError
from fabula.model import Document, Work

# C0 controls but tab, newlines, form feed and vertical tab; DEL; C1 controls. None is prose.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# a well-formed language tag: language, then script, region or variant subtags ("en", "pt-BR", "zh-Hant")
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")


#: every ASCII byte but the controls ``_CONTROLS`` names (C0 but tab, newlines, form feed and
#: vertical tab; DEL): deleted from an ASCII text's bytes, they leave its control characters
_ASCII_NOT_CONTROL = bytes(i for i in range(128) if not _CONTROLS.match(chr(i)))


def _control_count(text: str) -> int:
    """How many control characters ``text`` holds. An ASCII text (most novels; the test costs
    nothing) is counted on its bytes by ``bytes.translate``, several times faster than a regex
    class tried at each of a novel's characters; none of its characters is a C1 control."""
    if text.isascii():
        return len(text.encode("ascii").translate(None, _ASCII_NOT_CONTROL))
    return len(_CONTROLS.findall(text))


def scrub_controls(text: str, what: str = "input") -> tuple[str, int]:
    """``text`` with every control character replaced by U+FFFD, and how many there were.

    One character for one, so offsets still index the text. The binary check reads the first
    20,000 characters; this reads them all, so NULs further in never reach an output. A longer
    text that is more than 2% controls is binary after those first characters."""
    n = _control_count(text)
    if not n:
        return text, 0
    if len(text) > 20_000 and n > 0.02 * len(text):
        raise InputError(f"{what} looks like a binary file, not text")
    return _CONTROLS.sub("\ufffd", text), n


def _scrub_work(work: Work) -> int:
    """Control characters in the work's text fields removed (they are labels, not offsets)."""
    n = 0
    for f in fields(work):
        value = getattr(work, f.name)
        if isinstance(value, str) and _CONTROLS.search(value):
            n += len(_CONTROLS.findall(value))
            setattr(work, f.name, _CONTROLS.sub("", value))
        elif isinstance(value, list) and any(isinstance(v, str) and _CONTROLS.search(v) for v in value):
            n += sum(len(_CONTROLS.findall(v)) for v in value if isinstance(v, str))
            setattr(work, f.name, [_CONTROLS.sub("", v) if isinstance(v, str) else v for v in value])
    return n


def _language(work: Work) -> str | None:
    """The work's language as a tag (``en_US`` → ``en-US``); a warning when it is no tag at all."""
    lang = (work.language or "en").strip().replace("_", "-")
    if _LANGUAGE_TAG.fullmatch(lang):
        work.language = lang
        return None
    work.language = "und"
    return f"language {lang[:40]!r} is not a language code (like en or pt-BR): recorded as 'und' (undetermined)"


def sanitize(doc: Document, what: str) -> None:
    """Scrub ``doc``'s text and work in place, and say what was changed in its warnings."""
    doc.text, n = scrub_controls(doc.text, what)
    if n:
        doc.warnings.append(f"{n:,} control character{'s' if n != 1 else ''} (NUL, terminal escape codes) replaced "
                            "with U+FFFD")
    if _scrub_work(doc.work):
        doc.warnings.append("control characters removed from the work's metadata")
    note = _language(doc.work)
    if note:
        doc.warnings.append(note)
