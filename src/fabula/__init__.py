"""fabula: read fiction — fan fiction above all — the way a careful reader and a good beta reader do.

    >>> import fabula
    >>> story = fabula.read("story.txt")
    >>> story.title, story.to_dict()["quotes"][0]["speaker"]
    >>> story.to_json()          # the JSON text ``fabula read --format json`` prints
"""

from __future__ import annotations

__version__ = "0.1.0"

from typing import TYPE_CHECKING, Any  # noqa: E402

from fabula.errors import FabulaError, InputError  # noqa: E402

if TYPE_CHECKING:
    from fabula.pipeline import read


def __getattr__(name: str) -> Any:
    """``fabula.read`` is imported on first use, so ``import fabula.errors`` (or the command
    line's head start, which must fork before anything heavy loads) stays light."""
    if name == "read":
        from fabula.pipeline import read

        return read
    raise AttributeError(f"module 'fabula' has no attribute {name!r}")


__all__ = ["read", "FabulaError", "InputError", "__version__"]
