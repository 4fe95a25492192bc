"""A web page saved as one file: MHTML (Chrome's "Webpage, Single File", a phone browser's
"Download page", Internet Explorer's .mht).

The page is a MIME message: the HTML is its first ``text/html`` part, mostly quoted-printable,
followed by the page's images and style sheets. Python's ``email`` package reads it (standard
library, nothing to install); the HTML then goes to the HTML reader and its site adapters, as
the same page saved as ``.html`` would.
"""

from __future__ import annotations

from email import message_from_bytes, policy
from email.message import EmailMessage

from fabula.errors import InputError

#: How a saved page starts: Chrome's and Edge's "From: <Saved by Blink>", or any MIME header block
#: of a multipart/related message.
SAVED_BY = b"From: <Saved by "


def is_mhtml(head: bytes) -> bool:
    """Does the file start as a saved web page (a MIME message holding a page and its parts)?"""
    start = head[:4096].lstrip()
    return start.startswith(SAVED_BY) or (start[:200].lower().startswith((b"from:", b"mime-version:", b"content-type:",
                                                                          b"subject:", b"date:"))
                                          and b"multipart/related" in start.lower())


def page_html(data: bytes, what: str) -> tuple[str, str]:
    """The saved page's HTML (decoded) and its character set."""
    msg = message_from_bytes(data, policy=policy.default)
    for part in msg.walk():
        if part.get_content_type() != "text/html" or not isinstance(part, EmailMessage):
            continue
        try:
            text = part.get_content()
        except (LookupError, ValueError, UnicodeError) as exc:
            raise InputError(f"{what} is a saved web page whose HTML cannot be decoded ({exc})") from exc
        if isinstance(text, bytes):
            text = text.decode("utf-8", "replace")
        return str(text), part.get_content_charset() or "utf-8"
    raise InputError(f"{what} is a saved web page (MHTML) with no HTML page in it")
