"""Bytes to text: BOMs, UTF-16, UTF-8, and the Windows code pages fan fiction was pasted in.

We decode without rewriting: CRLF stays CRLF, so offsets index the file's decoded content.
A UTF-8/UTF-16 byte-order mark is not part of the text (Python's ``utf-8-sig`` semantics).
"""

from __future__ import annotations

import codecs
import re

from fabula.errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _looks_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: mostly-ASCII text has a NUL in every other byte."""
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.4 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.4 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


#: C0 control characters but tab, newlines, vertical tab and form feed: none is text
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f]")


def _check_not_binary(text: str, what: str) -> None:
    sample = text[:20000]
    if not sample:
        return
    controls = len(_CONTROLS.findall(sample))  # one scan in C, not a Python loop over 20,000 characters
    if "\x00" in sample or controls > 0.02 * len(sample):
        raise InputError(f"{what} looks like a binary file, not text")


def decode_bytes(data: bytes, what: str = "input") -> tuple[str, str]:
    """Return ``(text, encoding)``; raise :class:`InputError` for binary data."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError as exc:
                raise InputError(f"{what} starts with a {enc} byte-order mark but is not valid {enc}: {exc.reason}") from exc
            text = text.removeprefix("\ufeff")
            _check_not_binary(text, what)
            return text, ("utf-8" if enc == "utf-8-sig" else enc) + "-bom"
    utf16 = _looks_utf16(data)
    if utf16:
        try:
            text = data.decode(utf16)
            _check_not_binary(text, what)
            return text, utf16
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:20000]:
        raise InputError(f"{what} looks like a binary file, not text")
    try:
        text = data.decode("utf-8")
        _check_not_binary(text, what)
        return text, "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # only for bytes that are not UTF-8: spared on most runs

    guess = from_bytes(data[:200_000], cp_isolation=["cp1252", "latin_1", "cp1250", "mac_roman", "utf_8"]).best()
    encoding = guess.encoding if guess is not None else "cp1252"
    if encoding.replace("_", "-") in ("latin-1", "iso8859-1", "ascii", "cp1250", "mac-roman"):
        # Pasted fics with smart quotes are cp1252 (Windows Western), a superset of latin-1 for
        # printable text; prefer it over its look-alikes whenever the bytes are valid cp1252.
        try:
            data.decode("cp1252")
            encoding = "cp1252"
        except UnicodeDecodeError:
            pass
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        encoding = "latin-1"
    _check_not_binary(text, what)
    return text, encoding.replace("_", "-")
