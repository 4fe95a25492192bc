"""Work on the second core: a function run in a forked child, its result sent back pickled.

A big read is one process doing one pass after another, and most passes wait for the one before.
Some do not: the emotional arc reads only the sentences and scenes, so it can run while the
speakers pass runs; half the beta read's rules can run while the other half does. On a machine
with a second core, :class:`Forked` runs such work in a child process forked from the reading
process — the child sees the story exactly as the parent has it at the fork, with no copying —
and the parent collects the result (:meth:`Forked.result`) when it first needs it.

It is only a speed-up, so any failure is the parent's to absorb: a child that could not start,
died (killed, out of memory), raised, or sent something unreadable gives ``None``, and the caller
does the work itself — the same work, so the same result. The child never prints a traceback,
never runs the parent's exit handlers (``os._exit``: the head start's handler would stop the
model child), and leaves Ctrl-C to the parent, which stops and reaps it on the way out.

Forking is refused while the process runs other threads (:func:`available`): a child forked
while another thread held a lock (an import's, a logger's) could wait on it forever.
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import threading
from collections.abc import Callable
from typing import Any

from fabula.config import current
from fabula.runtime.headstart import receive, send


def available() -> bool:
    """Whether a child may be forked now: the platform can, and no other thread is running."""
    return hasattr(os, "fork") and threading.active_count() == 1


def wanted(words: int, least: int | None = None) -> bool:
    """Whether a read of ``words`` words should use a second process beside its own: a big read
    (``least`` words, else the config's ``side_words``) whose config allows more than one (the
    command line's does; a pool worker's, whose pool already fills the cores, does not), where
    forking is safe now."""
    config = current()
    return config.ner_processes > 1 and words >= (config.side_words if least is None else least) and available()


class Forked:
    """``fn()`` running in a child process; :meth:`result` waits for it (once)."""

    def __init__(self, fn: Callable[[], Any]) -> None:
        self.pid = -1
        self.reply = -1
        if not available():
            return
        reply_r, reply_w = os.pipe()
        # the child's garbage collector would otherwise walk (and so copy) every object it shares
        gc.freeze()
        try:
            pid = os.fork()
        except OSError:
            gc.unfreeze()
            os.close(reply_r)
            os.close(reply_w)
            return
        if pid == 0:  # the child: never returns
            os.close(reply_r)
            _child(fn, reply_w)
        gc.unfreeze()
        os.close(reply_w)
        self.pid, self.reply = pid, reply_r

    @property
    def started(self) -> bool:
        return self.pid > 0

    def result(self) -> tuple[bool, Any]:
        """(True, what ``fn`` returned), or (False, None) when the child gave nothing usable."""
        if not self.started:
            return False, None
        reply: Any = None
        try:
            data = receive(self.reply)
            reply = pickle.loads(data) if data is not None else None
        except (OSError, EOFError, pickle.PickleError, AttributeError, ImportError, TypeError, ValueError):
            reply = None
        finally:
            self._reap(stop=False)
        if isinstance(reply, tuple) and len(reply) == 2 and reply[0] == "ok":
            return True, reply[1]
        return False, None

    def cancel(self) -> None:
        """Stop the child (the parent no longer wants its result) and reap it."""
        if self.started:
            self._reap(stop=True)

    def _reap(self, stop: bool) -> None:
        try:
            os.close(self.reply)
        except OSError:
            pass
        pid, self.pid, self.reply = self.pid, -1, -1
        if stop:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        try:
            os.waitpid(pid, 0)
        except (OSError, ChildProcessError):
            pass


def _child(fn: Callable[[], Any], reply: int) -> None:
    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's: it stops this child
        try:
            message: tuple[str, Any] = ("ok", fn())
        except BaseException as exc:  # noqa: BLE001 - reported to the parent, which does the work itself
            message = ("error", f"{type(exc).__name__}: {exc}")
        send(reply, pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))
    except BaseException:  # noqa: BLE001 - a child never raises into the parent's code
        code = 1
    finally:
        os._exit(code)
