"""A head start for the command line: spaCy loads in a second process while the first reads.

Most of a one-shot ``fabula read story.txt`` is spent importing spaCy and loading the model
(about a second), and nothing before the characters pass needs either: importing the command
line (typer, rich), decoding, segmenting and finding quotes do not. So the ``fabula`` command
forks before it imports anything heavy; the child imports spaCy and loads the model on the
second core meanwhile, then runs NER on the paragraphs the parent sends it and sends the names
back. The parent never imports spaCy at all: the command line hands the handle (:func:`take`)
to :func:`fabula.read` in its :class:`fabula.config.Config`, and the characters pass asks it.

It is only a speed-up. Anything unexpected — no ``fork`` on this platform, a child that died,
a model that will not load — and the parent loads the model itself, which reports any error the
usual way. The library (``fabula.read``), the web app and the corpus pool never start one.

This module imports only the standard library and the pass declarations (which import nothing),
since it runs before everything else.
"""

from __future__ import annotations

import atexit
import os
import pickle
import signal
import struct
import sys
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from fabula.passes import without_ner

# commands that read a story through the NER pass
NER_COMMANDS = frozenset({"read", "timeline", "report", "publish", "tags", "check"})
# commands that run the beta read too: its child stays to parse the sentences a rule asks about
BETA_COMMANDS = frozenset({"report", "check"})
# the passes before the NER: ``--until`` one of these needs no model
WITHOUT_NER = without_ner()
DISABLE_ENV = "FABULA_PREFORK"  # "0" turns the head start off (to measure it, or to debug)

_HEADER = struct.Struct("!Q")


class EarlyModel:
    """The parent's handle on a child that is loading the model: ask it once for the names, then
    (where it was forked to, for a command that runs the beta read) for sentences' parses."""

    def __init__(self, pid: int, to_child: int, from_child: int, parses: bool = False) -> None:
        self.pid, self.to_child, self.from_child = pid, to_child, from_child
        self.used = False
        self.answered = False
        #: whether the child stays, once it has given the names, to parse sentences
        self.parses = parses
        self.owner = os.getpid()  # the one process that may stop the child
        # the parse requests' turn: a process forked from the reader (the beta read's second
        # worker) shares the pipes, so each asker holds this lock from its request to its reply.
        # A POSIX record lock belongs to a process (a fork does not inherit it; a death frees it).
        self._turn = _turn_file() if parses else -1
        self._asked = 0
        self._nonce = os.urandom(4)  # (a ticket's process number may come again)
        #: work the reader does while the child answers the names, where it would otherwise wait
        #: (the command line's ``check`` loads the beta read's rules and data)
        self.meanwhile: Callable[[], object] | None = None

    def person_names(self, paragraphs: list[str]) -> Counter[str] | None:
        """The child's NER names for ``paragraphs``; None when it cannot answer."""
        if self.used:
            return None
        self.used = True
        try:
            send(self.to_child, pickle.dumps(paragraphs, protocol=pickle.HIGHEST_PROTOCOL))
            if self.meanwhile is not None:
                try:
                    self.meanwhile()
                except Exception:  # noqa: BLE001 - only a head start of the work: done again when needed
                    pass
            data = receive(self.from_child)
            self.answered = data is not None
            reply = pickle.loads(data) if data is not None else None
        except (OSError, pickle.PickleError, EOFError):
            reply = None
        except BaseException:  # interrupted while waiting: the child is stopped
            self.close()
            raise
        names = reply[1] if isinstance(reply, tuple) and len(reply) == 2 and reply[0] == "ok" else None
        if not isinstance(names, Counter) or not self.parses:
            self.close()
            return names if isinstance(names, Counter) else None
        return names

    @property
    def shares_parses(self) -> bool:
        """Whether the child parses, for this process and for the ones it forks (each takes its
        turn): it was forked to parse, has answered the names, and a turn can be had."""
        return self.parses and self.answered and self.to_child >= 0 and self._turn >= 0

    def parse_sentences(self, sentences: list[str]) -> list[Any] | None:
        """The child's parse of each sentence (:func:`fabula.characters.nlp.parse_here`, the same
        pipeline and batch as this process would run), or None where it cannot answer: it was
        not forked to parse, or has gone.

        The reader and the processes it forks (the beta read's second worker) may all ask, each
        in its turn (the lock). An asker marks the turn in progress in the lock's file until it
        has its answer, so one that died mid-turn (mid-request, or with a reply unread) leaves
        the mark, and the next asker, finding the pipes out of step, stops asking at once. Each
        request carries a ticket the reply echoes as well: a reply to another is never taken."""
        if not self.parses or not self.answered or self.to_child < 0 or (self._turn < 0 and os.getpid() != self.owner):
            return None
        self._asked += 1
        ticket = (os.getpid(), self._asked, self._nonce)
        reply: Any = None
        try:
            _lock(self._turn, True)
            try:
                if not _mid_turn(self._turn, True):  # (else an asker died in its turn)
                    send(self.to_child, pickle.dumps((ticket, sentences), protocol=pickle.HIGHEST_PROTOCOL))
                    data = receive(self.from_child)
                    reply = pickle.loads(data) if data is not None else None
                    if isinstance(reply, tuple) and len(reply) == 3 and reply[1] == ticket:
                        _mid_turn(self._turn, False)  # answered: the pipes are in step again
            finally:
                _lock(self._turn, False)
        except Exception:  # noqa: BLE001 - the pipes broke or carried garbage: this process parses
            reply = None
        if isinstance(reply, tuple) and len(reply) == 3 and reply[0] == "ok" and reply[1] == ticket \
                and isinstance(reply[2], list) and len(reply[2]) == len(sentences):
            return reply[2]
        self._give_up()  # it failed once: this process parses from now on
        return None

    def _give_up(self) -> None:
        """Stop asking: the reader stops the child; a process it forked only stops using it."""
        if os.getpid() == self.owner:
            self.close()
        else:
            self.parses = False

    def close(self) -> None:
        """Let the child go: one that answered exits on its own; one still at work (unasked, or
        the parent interrupted while waiting) is stopped, and reaped either way."""
        for fd in (self.to_child, self.from_child, self._turn):
            try:
                os.close(fd)
            except OSError:
                pass
        self.to_child = self.from_child = self._turn = -1
        if not self.answered or self.parses:  # (one that parses may still be loading the parser)
            _signal_group(self.pid, signal.SIGTERM)
        # a child that will not go (it should within moments) is killed, with all it started
        deadline = time.monotonic() + 3.0
        try:
            while os.waitpid(self.pid, os.WNOHANG) == (0, 0):
                if time.monotonic() > deadline:
                    _signal_group(self.pid, signal.SIGKILL)
                    os.waitpid(self.pid, 0)
                    break
                time.sleep(0.01)
        except (OSError, ChildProcessError):
            pass
        self.used = self.answered = True
        self.parses = False


_early: EarlyModel | None = None


def take() -> EarlyModel | None:
    """The head start this process began, once; None if there is none (or it was taken).

    The command line passes it to :func:`fabula.read` as ``Config(head_start=...)``."""
    global _early
    early, _early = _early, None
    return early


def wanted(args: list[str]) -> bool:
    """Whether these command-line arguments will run the NER pass (a cheap guess: the cost of
    a wrong yes is a child killed at exit; of a wrong no, the usual in-process load)."""
    if not args or args[0] not in NER_COMMANDS or os.environ.get(DISABLE_ENV) == "0":
        return False
    for i, arg in enumerate(args):
        option, _, value = arg.partition("=")
        if option in ("--help", "--cast"):
            return False
        if option == "--until" and (value or (args[i + 1] if i + 1 < len(args) else "")) in WITHOUT_NER:
            return False
    return True


def start(args: list[str]) -> bool:
    """Fork the model-loading child if ``args`` will need it and two cores can share the work."""
    global _early
    if _early is not None or not wanted(args) or not hasattr(os, "fork") or (os.cpu_count() or 1) < 2:
        return False
    _early = fork(parses=args[0] in BETA_COMMANDS)
    return _early is not None


def fork(parses: bool = False) -> EarlyModel | None:
    """Start the child now; the handle is closed (the child stopped or reaped) at exit.
    ``parses``: the child stays, once it has given the names, to parse sentences for the beta read."""
    request_r, request_w = os.pipe()
    reply_r, reply_w = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        for fd in (request_r, request_w, reply_r, reply_w):
            os.close(fd)
        return None
    if pid == 0:  # the child: never returns
        _own_group()
        os.close(request_w)
        os.close(reply_r)
        _child(request_r, reply_w, parses)
    try:
        os.setpgid(pid, pid)  # (the child does it too: whichever runs first)
    except OSError:
        pass
    os.close(request_r)
    os.close(reply_w)
    early = EarlyModel(pid, request_w, reply_r, parses)
    atexit.register(early.close)
    return early


def _child(requests: int, replies: int, parses: bool = False) -> None:
    """Load the model, wait for paragraphs, answer with their names, then (``parses``) parse the
    sentences sent until the parent closes the pipe; exit (never to the caller)."""
    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
        # the parent's SIGTERM unwinds, so spaCy's own worker processes (on a book) are told to stop
        signal.signal(signal.SIGTERM, _stop)
        # a SIGTERM that lands in an import's lock callback is "ignored" with a traceback printed
        # on the terminal the child shares with the parent: the parent reports what matters
        sys.unraisablehook = lambda _info: None
        sys.stdin.close()
        error: str | None = None
        try:
            from fabula.characters import nlp

            nlp.load_model()
        except BaseException as exc:  # noqa: BLE001 - reported to the parent, which loads itself
            error = f"{type(exc).__name__}: {exc}"
        data = receive(requests)
        if data is not None:
            reply: tuple[str, Any]
            if error is None:
                try:
                    reply = ("ok", _names_on_two_cores(pickle.loads(data)))
                except BaseException as exc:  # noqa: BLE001
                    reply = ("error", f"{type(exc).__name__}: {exc}")
            else:
                reply = ("error", error)
            send(replies, pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL))
            if parses and reply[0] == "ok":
                _serve_parses(requests, replies)
    except BaseException:  # noqa: BLE001 - a child never raises into the parent's code
        code = 1
    finally:
        os._exit(code)


def _serve_parses(requests: int, replies: int) -> None:
    """The beta read's parses, in the child that already holds spaCy: the tagger and parser load
    now, while the parent runs its passes, not in the parent when the first rule asks (loading
    spaCy there cost most of what the beta read added to a read). Each request is answered by
    :func:`fabula.characters.nlp.parse_here` on the parent's batch — what the parent would have run."""
    from fabula.characters import nlp  # here, in the model's child

    nlp.parse_here(["A warm start."])
    while (data := receive(requests)) is not None:
        ticket: Any = None
        try:
            ticket, sentences = pickle.loads(data)
            reply: tuple[str, Any, Any] = ("ok", ticket, nlp.parse_here(sentences))
        except Exception as exc:  # noqa: BLE001 - reported to the asker, which parses itself
            reply = ("error", ticket, f"{type(exc).__name__}: {exc}")
        send(replies, pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL))


def _turn_file() -> int:
    """An open, unlinked file whose lock is the turn to ask for parses; -1 where none can be had
    (the reader then keeps the parses to itself: a process it forks cannot take a turn).
    (Not ``tempfile``: importing it would cost the head start a hundredth of a second.)"""
    folder = os.environ.get("TMPDIR") or "/tmp"
    fd = -1
    try:
        if hasattr(os, "O_TMPFILE"):  # (Linux: a file with no name at all)
            fd = os.open(folder, os.O_TMPFILE | os.O_RDWR, 0o600)
    except OSError:
        pass
    if fd < 0:
        path = os.path.join(folder, f"fabula-parse-turn-{os.getpid()}-{os.urandom(6).hex()}")
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
            os.unlink(path)
        except OSError:
            pass
    try:  # a turn it cannot take (no locks on this file system) is no turn
        os.pwrite(fd, b"\x00", 0)
        _lock(fd, True)
        _lock(fd, False)
    except OSError:
        if fd >= 0:
            os.close(fd)
        return -1
    return fd


def _mid_turn(fd: int, start: bool) -> bool:
    """Mark a turn begun (``start``: and say whether one was already, by an asker that died in
    it) or ended, in the first byte of the turn's file; no file (the reader alone asks): False."""
    if fd < 0:
        return False
    if start and os.pread(fd, 1, 0) == b"\x01":
        return True
    os.pwrite(fd, b"\x01" if start else b"\x00", 0)
    return False


def _lock(fd: int, take: bool) -> None:
    """Take (wait for) or give back the turn ``fd`` stands for; nothing where there is none."""
    if fd >= 0:
        import fcntl  # (here: the head start's own start imports nothing it does not need)

        fcntl.lockf(fd, fcntl.LOCK_EX if take else fcntl.LOCK_UN)


def _stop(signum: int, frame: object) -> None:
    """SIGTERM in the child: unwind quietly (spaCy warns when its workers stop early).

    The child's standard error is the user's terminal, and the SystemExit raised here can land
    inside a callback (a weakref's, an import hook's) where Python prints it as "Exception
    ignored in …" with a traceback — seen under load when a bad input made the parent stop the
    child during its imports. The parent no longer wants anything from the child, so its
    standard error goes to /dev/null first."""
    import warnings

    warnings.simplefilter("ignore")
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
    except OSError:
        pass
    raise SystemExit(1)


def _own_group() -> None:
    """The child leads a process group of its own, so that stopping it stops the processes it
    starts too: spaCy's workers on a book, the fork that shares a fic's NER."""
    try:
        os.setpgid(0, 0)
    except OSError:
        pass


def _signal_group(pid: int, sig: int) -> None:
    try:
        os.killpg(pid, sig)
    except OSError:
        try:
            os.kill(pid, sig)
        except OSError:
            pass


def _names_on_two_cores(paragraphs: list[str]) -> Counter[str]:
    """The child's NER: the parent waits idle meanwhile, so a fic's sentences are split between
    this process and a fork of it (which shares the loaded model); a book uses spaCy's workers."""
    import functools

    from fabula.characters import nlp
    from fabula.runtime.forked import Forked  # here, in the model's child: the module imports the config

    texts = nlp.ner_input(paragraphs)
    n_process = nlp.processes_for(texts)
    if n_process > 1 or len(texts) < 2:
        return nlp.count_names(texts, n_process)
    total, acc, cut = sum(len(t) for t in texts), 0, 0
    while cut < len(texts) and acc < total / 2:
        acc += len(texts[cut])
        cut += 1
    first, second = texts[:cut], texts[cut:]
    child = Forked(functools.partial(nlp.count_names, second))  # not started: the parent counts both halves
    names = nlp.count_names(first)
    ok, theirs = child.result()
    names.update(theirs if ok and isinstance(theirs, Counter) else nlp.count_names(second))
    return names


def send(fd: int, data: bytes) -> None:
    """One message on a pipe: its length, then its bytes (the side passes' children answer so too)."""
    view = memoryview(_HEADER.pack(len(data)) + data)
    while view:
        view = view[os.write(fd, view):]


def receive(fd: int) -> bytes | None:
    """One message, or None at end of file (the other side went away)."""
    header = _read_exactly(fd, _HEADER.size)
    if header is None:
        return None
    return _read_exactly(fd, _HEADER.unpack(header)[0])


def _read_exactly(fd: int, n: int) -> bytes | None:
    chunks, left = [], n
    while left:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)
