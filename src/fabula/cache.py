"""Parsed data files kept between runs: one place for every cache fabula writes.

fabula parses data files that packages ship (Hunspell-side word lists, codespell's misspellings,
the trigram model's first sounds, gender-guesser's name dictionary) the same way on every run;
:func:`cached` keeps the parsed value (marshal) under the package's version, so a one-shot pays
milliseconds, not a quarter second per table. The cache is only a copy: a folder that cannot be
read or written is skipped, and with none the value is built each time, silently.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

_WARMING: list[Path] = []  # while warming(): the one folder to read and fill


def installed() -> Path:
    """The installation's own cache folder (read at each call: ``sys.prefix`` is the venv's)."""
    return Path(sys.prefix) / "var" / "cache" / "fabula"


def cache_dirs() -> list[Path]:
    """Where parsed data is kept, in order: ``$FABULA_CACHE_DIR``; the installation's own
    ``<prefix>/var/cache/fabula`` (``make install`` fills it, so a read-only or absent home never
    matters); the user's cache (``$XDG_CACHE_HOME`` or ``~/.cache``), only where a home exists."""
    out: list[Path] = []
    if os.environ.get("FABULA_CACHE_DIR"):
        out.append(Path(os.environ["FABULA_CACHE_DIR"]))
    out.append(installed())
    root = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    if os.path.isabs(root):  # no HOME: expanduser leaves "~", and a relative cache would land in the cwd
        out.append(Path(root) / "fabula")
    return out


def _cache_name(package: str, what: str) -> str | None:
    try:
        from importlib.metadata import version

        v = version(package)
    except Exception:  # noqa: BLE001 - no metadata: no cache, parse each time
        return None
    return f"{package}-{v}-{what}.marshal"


def cached(package: str, what: str, build: Callable[[], Any]) -> Any:
    """``build()``, kept (marshal) under ``package``'s version in the first cache folder that has it
    or takes it (:func:`cache_dirs`)."""
    name = _cache_name(package, what)
    dirs = (_WARMING or cache_dirs()) if name else []
    for d in dirs:
        try:
            return marshal.loads((d / name).read_bytes())  # type: ignore[operator]
        except (OSError, ValueError, EOFError, TypeError):
            continue
    value = build()
    for d in dirs:
        try:
            d.mkdir(parents=True, exist_ok=True)
            tmp = d / f"{name}.{os.getpid()}.tmp"
            tmp.write_bytes(marshal.dumps(value))
            os.replace(tmp, d / name)  # type: ignore[operator]
            break
        except (OSError, ValueError):
            continue
    return value


def cached_dict(package: str, what: str, build: Callable[[], dict[Any, Any]]) -> dict[Any, Any]:
    """:func:`cached` for a table: a kept file that holds something else (another version's
    layout) is rebuilt rather than trusted."""
    value = cached(package, what, build)
    return value if isinstance(value, dict) else build()


@contextlib.contextmanager
def warming() -> Iterator[Path]:
    """While inside, :func:`cached` reads and fills only the installation's own folder, so
    ``make install`` builds every cache there, whatever the user's home holds."""
    target = installed()
    _WARMING[:] = [target]
    try:
        yield target
    finally:
        _WARMING.clear()
