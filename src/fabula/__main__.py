"""``python -m fabula``: the same as the ``fabula`` command."""

from fabula.launch import main

main()
