"""The command line's head start: a forked child loads the model and answers the NER request."""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from fabula.beta.registry import RULES
from fabula.characters import nlp
from fabula.config import Config, using
from fabula.errors import FabulaError
from fabula.runtime import headstart as early

from .conftest import EXAMPLE

PARAGRAPHS = [
    "Emeric came down the stairs. Tomas was waiting by the door.",
    "It was late, and the lamps were lit.",
    "Rosa laughed at them both.",
    "Emeric said nothing to Rosa.",
]

needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="this platform has no os.fork")


def fake_count(texts: list[str], n_process: int = 1) -> Counter[str]:
    """A stand-in for NER that knows three names."""
    return Counter(w.strip(".,") for t in texts for w in t.split() if w.strip(".,") in ("Emeric", "Tomas", "Rosa"))


@pytest.mark.parametrize(("args", "expected"), [
    (["read", "s.txt"], True),
    (["read", "s.txt", "--format", "json"], True),
    (["check", "s.txt"], True),
    (["report", "s.txt", "-o", "r.html"], True),
    (["read", "s.txt", "--until", "quotes"], False),
    (["read", "s.txt", "--until=verse"], False),
    (["read", "s.txt", "--until", "stats"], False),
    (["read", "s.txt", "--until", "characters"], True),
    (["read", "s.txt", "--cast", "cast.yaml"], False),
    (["read", "--help"], False),
    (["serve"], False),
    (["corpus", "build", "dir"], False),
    ([], False),
])
def test_only_commands_that_run_ner_get_a_head_start(args: list[str], expected: bool) -> None:
    assert early.wanted(args) is expected


def test_the_head_start_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(early.DISABLE_ENV, "0")
    assert not early.wanted(["read", "s.txt"])


@needs_fork
def test_the_child_answers_with_the_names_of_both_halves(monkeypatch: pytest.MonkeyPatch) -> None:
    def count_and_sign(texts: list[str], n_process: int = 1) -> Counter[str]:
        return fake_count(texts) + Counter({f"process {os.getpid()}": 1})

    monkeypatch.setattr(nlp, "load_model", lambda: None)
    monkeypatch.setattr(nlp, "count_names", count_and_sign)
    head_start = early.fork()
    assert head_start is not None
    names = head_start.person_names(PARAGRAPHS)
    signed = {k for k in names if k.startswith("process ")}
    assert len(signed) == 2 and f"process {os.getpid()}" not in signed  # two processes, neither this one
    # the same names as one process counting everything
    assert Counter({k: v for k, v in names.items() if k not in signed}) == Counter({"Emeric": 2, "Rosa": 2, "Tomas": 1})
    assert head_start.person_names(PARAGRAPHS) is None  # asked once only
    with pytest.raises(ChildProcessError):
        os.waitpid(head_start.pid, os.WNOHANG)  # reaped


SENTENCES = ["Its warm by the fire, she said.", "The dog wagged its tail more than the cat."]


@needs_fork
def test_for_the_beta_read_the_child_stays_to_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    from fabula.beta import tagger

    monkeypatch.setattr(nlp, "load_model", lambda: None)
    monkeypatch.setattr(nlp, "count_names", fake_count)
    head_start = early.fork(parses=True)
    assert head_start is not None
    assert head_start.person_names(PARAGRAPHS) == fake_count(nlp.ner_input(PARAGRAPHS))
    theirs = head_start.parse_sentences(SENTENCES)
    assert theirs is not None and all(theirs)
    assert theirs == tagger.parse_many(SENTENCES)  # what this process parses itself
    # a process forked from this one (the beta read's second worker) shares the pipes: askers
    # take turns, so two asking at once each get their own answer
    askers = []
    for n in range(2):
        pid = os.fork()
        if pid == 0:
            mine = [SENTENCES[n], f"Sentence {n} of process {os.getpid()}."]
            ok = all(head_start.parse_sentences(mine) == nlp.parse_here(mine) for _ in range(20))
            os._exit(0 if ok else 1)
        askers.append(pid)
    assert head_start.parse_sentences(SENTENCES) == theirs
    assert [os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in askers] == [0, 0]
    # a reply to another ticket is never taken for this asker's
    pid = os.fork()
    if pid == 0:  # sends a request as if another asker's, outside the turns, and leaves
        early.send(head_start.to_child, pickle.dumps(((os.getpid(), 1, b""), SENTENCES)))
        os._exit(0)
    os.waitpid(pid, 0)  # (its request, so its reply, comes before this asker's)
    assert head_start.parse_sentences(SENTENCES[:1]) is None
    assert not head_start.shares_parses  # the reader stopped the child: it parses from now on
    # the beta read asks it where the read's config carries it
    head_start = early.fork(parses=True)
    assert head_start is not None and head_start.person_names(PARAGRAPHS)
    tagger._PARSED.clear()
    asked: list[list[str]] = []
    real = head_start.parse_sentences
    monkeypatch.setattr(head_start, "parse_sentences", lambda s: asked.append(s) or real(s))
    with using(Config(head_start=head_start)):
        assert tagger.parse_many(SENTENCES) == theirs
    assert asked == [sorted(SENTENCES)]
    head_start.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(head_start.pid, os.WNOHANG)
    assert head_start.parse_sentences(SENTENCES) is None  # gone: the beta read parses itself


def _dies_in_its_turn(head_start: early.EarlyModel, request: bytes) -> None:
    """A forked asker that takes its turn, writes ``request`` and dies before its answer."""
    pid = os.fork()
    if pid == 0:
        early._lock(head_start._turn, True)
        early._mid_turn(head_start._turn, True)
        os.write(head_start.to_child, request)
        os._exit(0)
    os.waitpid(pid, 0)


@needs_fork
@pytest.mark.parametrize("request_bytes", [
    early._HEADER.pack(60) + b"0123456789",  # killed ten bytes into sixty: the pipe is mid-message
    None,  # a whole request, its reply never read: the next reply in the pipe is not the next asker's
])
def test_an_asker_that_died_in_its_turn_makes_the_next_one_stop_asking(monkeypatch: pytest.MonkeyPatch,
                                                                       request_bytes: bytes | None) -> None:
    monkeypatch.setattr(nlp, "load_model", lambda: None)
    monkeypatch.setattr(nlp, "count_names", fake_count)
    head_start = early.fork(parses=True)
    assert head_start is not None and head_start.person_names(PARAGRAPHS)
    whole = pickle.dumps(((12345, 1, b""), SENTENCES))
    _dies_in_its_turn(head_start, request_bytes or early._HEADER.pack(len(whole)) + whole)

    class WaitedForever(BaseException):  # (not an OSError, which the asker would take for a failed child)
        pass

    def waited_forever(signum: int, frame: object) -> None:
        raise WaitedForever("the asker waited for a reply that never comes")

    before = signal.signal(signal.SIGALRM, waited_forever)
    signal.alarm(20)
    try:
        assert head_start.parse_sentences(SENTENCES) is None  # at once: it finds the turn's mark
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, before)
    with pytest.raises(ChildProcessError):
        os.waitpid(head_start.pid, os.WNOHANG)  # the reader stopped and reaped it: it parses itself


@needs_fork
def test_without_a_turn_to_take_only_the_reader_asks(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_locks(fd: int, take: bool) -> None:
        if fd >= 0:
            raise OSError("no locks on this file system")

    monkeypatch.setattr(nlp, "load_model", lambda: None)
    monkeypatch.setattr(nlp, "count_names", fake_count)
    monkeypatch.setattr(early, "_lock", no_locks)
    head_start = early.fork(parses=True)
    assert head_start is not None and head_start.person_names(PARAGRAPHS)
    assert not head_start.shares_parses  # so the beta read keeps its rules in one process below side_words
    assert head_start.parse_sentences(SENTENCES) == nlp.parse_here(SENTENCES)  # the reader still asks
    pid = os.fork()
    if pid == 0:
        os._exit(0 if head_start.parse_sentences(SENTENCES) is None else 1)  # a fork is told no
    assert os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0
    head_start.close()


@needs_fork
def test_the_reader_works_meanwhile_and_a_failure_there_costs_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nlp, "load_model", lambda: None)
    monkeypatch.setattr(nlp, "count_names", fake_count)
    head_start = early.fork()
    assert head_start is not None
    done: list[str] = []

    def preload() -> None:
        done.append("loaded")
        raise OSError("no dictionary")

    head_start.meanwhile = preload
    assert head_start.person_names(PARAGRAPHS) == fake_count(nlp.ner_input(PARAGRAPHS))
    assert done == ["loaded"]


@needs_fork
def test_a_child_not_forked_to_parse_exits_once_it_has_given_the_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nlp, "load_model", lambda: None)
    monkeypatch.setattr(nlp, "count_names", fake_count)
    head_start = early.fork()
    assert head_start is not None and head_start.person_names(PARAGRAPHS)
    assert head_start.parse_sentences(SENTENCES) is None
    with pytest.raises(ChildProcessError):
        os.waitpid(head_start.pid, os.WNOHANG)


@needs_fork
def test_a_child_that_cannot_load_the_model_makes_the_parent_load_it(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_model() -> None:
        raise FabulaError("no English spaCy model installed")

    monkeypatch.setattr(nlp, "load_model", no_model)
    head_start = early.fork()
    assert head_start is not None
    in_process: list[list[str]] = []

    def count_here(texts: list[str], n_process: int = 1) -> Counter[str]:
        in_process.append(texts)
        return fake_count(texts)

    monkeypatch.setattr(nlp, "count_names", count_here)  # the child was forked before: it does not see this
    with using(Config(head_start=head_start)):  # as fabula.read does with the command line's config
        assert nlp.person_names(PARAGRAPHS) == fake_count(nlp.ner_input(PARAGRAPHS))
    assert head_start.used  # it was asked
    assert in_process == [nlp.ner_input(PARAGRAPHS)]  # the child said no, so the parent counted


@needs_fork
def test_an_unasked_child_is_stopped() -> None:
    head_start = early.fork()
    assert head_start is not None
    head_start.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(head_start.pid, os.WNOHANG)


def test_the_command_gives_the_same_story_with_and_without_it() -> None:
    def run(prefork: str) -> subprocess.CompletedProcess[bytes]:
        env = {**os.environ, early.DISABLE_ENV: prefork}
        return subprocess.run([sys.executable, "-m", "fabula", "read", str(EXAMPLE), "--format", "json"],
                              capture_output=True, timeout=300, env=env)

    with_it, without = run("1"), run("0")
    assert with_it.returncode == 0, with_it.stderr
    assert with_it.stdout == without.stdout
    assert b'"speaker"' in with_it.stdout


def test_the_beta_read_finds_the_same_with_and_without_it() -> None:
    """``check`` parses the sentences its rules ask about in the head start's child."""
    bad = "\n\n".join(RULES[code].bad for code in sorted(RULES))

    def run(prefork: str) -> subprocess.CompletedProcess[bytes]:
        env = {**os.environ, early.DISABLE_ENV: prefork}
        return subprocess.run([sys.executable, "-m", "fabula", "check", "-", "--format", "json"], input=bad.encode(),
                              capture_output=True, timeout=300, env=env)

    with_it, without = run("1"), run("0")
    assert with_it.stdout == without.stdout and with_it.stderr == without.stderr
    assert with_it.stdout.count(b'"code"') > 10


@needs_fork
def test_ctrl_c_while_the_child_reads_a_book_stops_everything_at_once(tmp_path: Path) -> None:
    import signal
    import time

    book = tmp_path / "long-book.txt"
    book.write_text("\n\n".join([EXAMPLE.read_text(encoding="utf-8")] * 600), encoding="utf-8")
    # as from a terminal, Ctrl-C's disposition is the default: a process started with SIGINT
    # ignored keeps it ignored (Python then installs no KeyboardInterrupt), and in a whole-suite
    # run on a fresh clone this test's process had inherited it ignored — the read then ran on
    # to its end (8.6 s, exit 0), which is the starting shell's doing, not fabula's
    proc = subprocess.Popen([sys.executable, "-m", "fabula", "read", str(book), "--format", "json"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
                            env={**os.environ, early.DISABLE_ENV: "1"},
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    time.sleep(2.5)  # the child is running NER on its sample (with spaCy's two workers) by now
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C at a terminal sends
    started = time.monotonic()
    proc.wait(timeout=30)
    assert time.monotonic() - started < 1.5  # not after the NER it no longer needs
    assert proc.returncode == 130
    assert b"Traceback" not in proc.stderr.read()  # type: ignore[union-attr]
    time.sleep(0.5)
    left = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    assert str(book) not in left  # no child, no spaCy worker left behind


def test_the_passes_without_ner_come_from_the_pass_declarations() -> None:
    from fabula import passes

    assert early.WITHOUT_NER == passes.without_ner() == ("structure", "scenes", "verse", "quotes", "stats", "sentences", "arc")
    assert all(not passes.BY_NAME[name].needs_ner for name in early.WITHOUT_NER)


def test_the_head_start_imports_nothing_heavy_before_it_forks() -> None:
    code = ("import sys, fabula.runtime.headstart; "
            "print(' '.join(sorted(m for m in sys.modules if m.startswith('fabula'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["fabula", "fabula.errors", "fabula.passes", "fabula.runtime", "fabula.runtime.headstart"]
    code = "import sys, fabula.runtime.headstart; print('spacy' in sys.modules, 'typer' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.split() == ["False", "False"]
