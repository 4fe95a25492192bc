"""Errors a user can act on. The CLI prints these as one line and exits non-zero."""


class FabulaError(Exception):
    """Base class: the message is shown to the user as it is, without a traceback."""


class InputError(FabulaError):
    """The input cannot be read as a story: empty, binary, too large, malformed."""


class InputTooLarge(InputError):
    """The input is over the size limit the caller set (the web app answers 413 for it)."""
