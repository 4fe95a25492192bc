"""What every worker process fabula starts (corpus pool, web app pool) does first."""

from __future__ import annotations

import os
import signal
import threading
import time

from fabula.errors import FabulaError


def warm_worker(parent: int, nlp_processes: int | None = None) -> None:
    """Pool initializer: leave Ctrl-C to the parent (it stops cleanly), exit if the parent dies
    (a killed driver must not leave workers holding a model each), and load the model now so
    the first task does not pay for it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, daemon=True).start()
    try:
        from fabula.characters import nlp

        if nlp_processes is not None:
            nlp.MAX_PROCESSES = nlp_processes
        nlp.load_model()
    except FabulaError:
        pass  # each task will report the missing model
