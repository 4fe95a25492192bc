"""fabula: read fiction — fan fiction above all — the way a careful reader and a good beta reader do.

    >>> import fabula
    >>> story = fabula.read("story.txt")
    >>> story.to_json()["quotes"][0]["speaker"]
"""

from __future__ import annotations

__version__ = "0.1.0"

from fabula.errors import FabulaError, InputError  # noqa: E402
from fabula.pipeline import read  # noqa: E402

__all__ = ["read", "FabulaError", "InputError", "__version__"]
