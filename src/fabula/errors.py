"""Errors a user can act on. The CLI prints these as one line and exits non-zero."""


class FabulaError(Exception):
    """Base class: the message is shown to the user as it is, without a traceback."""


class InputError(FabulaError):
    """The input cannot be read as a story: empty, binary, too large, malformed."""


class InputTooLarge(InputError):
    """The input is over the size limit the caller set (the web app answers 413 for it)."""


class MissingDependency(FabulaError):
    """A pass needs a package that is not installed: said, never skipped silently."""

    def __init__(self, pass_name: str, exc: ImportError) -> None:
        package = exc.name.split(".")[0] if exc.name else str(exc)
        super().__init__(f"the {pass_name} pass needs the Python package {package!r}, which is not installed "
                         "(`make install` installs everything fabula uses)")
        self.pass_name, self.package = pass_name, package
