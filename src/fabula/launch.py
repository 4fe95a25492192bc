"""The ``fabula`` command: give the model a head start, then run the command line.

The head start (``fabula.runtime.headstart``) must fork before typer, rich and the passes are
imported — that import is part of what it overlaps — so the console script enters here, not
in ``fabula.cli``, and this module imports nothing heavy itself.
"""

from __future__ import annotations

import sys


def main() -> None:
    from fabula.runtime import headstart

    headstart.start(sys.argv[1:])
    from fabula.cli import main as cli_main

    cli_main()


if __name__ == "__main__":
    main()
