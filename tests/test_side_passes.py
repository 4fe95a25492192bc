"""The second core on a big read: side passes in forked children, the beta read's rules split
between two processes. Whatever runs where, the story is the one-process story, and a child that
dies leaves the parent to do its work. The threshold is lowered through the read's config, so
these small stories take the path a big one takes."""

from __future__ import annotations

import copy
import dataclasses
import json
import os
import re
import signal
from pathlib import Path
from typing import Any

import pytest

import fabula
from fabula import passes as P
from fabula import pipeline
from fabula.beta import engine
from fabula.beta.registry import RULES
from fabula.config import Config, using
from fabula.model import Story
from fabula.runtime import forked

from .conftest import EXAMPLE

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="side passes need os.fork")

@pytest.fixture(autouse=True)
def _fork_beside_idle_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    """A read forks only while its process runs no other thread; earlier tests of the suite leave
    idle ones in this process (Dask's offload thread, waiting on its queue, holding no lock), so
    here the check is the platform's alone — these tests are of the forked path itself."""
    monkeypatch.setattr(forked, "available", lambda: hasattr(os, "fork"))


SERIAL = Config(ner_processes=1)
PARALLEL = Config(ner_processes=2, side_words=1)


def _story_text() -> str:
    """Our example story, then every rule's bad example as a paragraph: findings for most rules."""
    bad = "\n\n".join(RULES[code].bad for code in sorted(RULES))
    return EXAMPLE.read_text(encoding="utf-8") + "\n\n" + bad + "\n"


def _read(config: Config, text: str | None = None) -> Story:
    return fabula.read((text or _story_text()).encode(), name="story.txt", config=config, beta=True)


def _everything(story: Story) -> str:
    return json.dumps({"story": story.to_dict(include_text=True), "warnings": story.warnings,
                       "diagnostics": [d.to_dict() for d in story.diagnostics]}, sort_keys=True, default=str)


def test_the_schedule_follows_the_declarations() -> None:
    plan = P.plan(None, requested=("beta",))
    names = [p.name for p in plan]
    for p in plan:
        window = P.side_schedule(plan, p)
        if window is None:
            continue
        fork, join = window
        i = names.index(p.name)
        assert i < fork < join <= len(plan)
        assert p.side_after is not None and names.index(p.side_after) < fork
        # nothing the parent runs between the pass's place and its join reads its writes or writes its reads
        assert not any(P.conflicts(p, q) for q in plan[i + 1:join])
        if join < len(plan):
            assert P.conflicts(p, plan[join])
        # the child sends back whole layers
        assert all("." not in layer for layer in p.writes)
    assert P.side_schedule(plan, P.BY_NAME["arc"]) == (names.index("characters"), names.index("narrative"))
    assert P.side_schedule(plan, P.BY_NAME["tags"]) == (names.index("beta"), len(plan))
    # without the beta read the tags are the last pass: nothing to run beside them
    assert P.side_schedule(P.plan(None), P.BY_NAME["tags"]) is None
    assert P.side_schedule(P.plan("arc"), P.BY_NAME["arc"]) is None


def test_the_parallel_read_is_the_serial_read() -> None:
    serial, parallel = _read(SERIAL), _read(PARALLEL)
    assert len({d.code for d in serial.diagnostics}) > 10
    assert _everything(parallel) == _everything(serial)


def test_the_cap_and_its_warning_are_the_same_on_two_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    # a low cap: rules stop early, a rule's gathered findings can run out before the read is done
    # with the rule (a finding another rule's fix dropped), and it is run again in order
    monkeypatch.setattr(engine, "MAX_FINDINGS_PER_RULE", 1)
    serial, parallel = _read(SERIAL), _read(PARALLEL)
    assert any(w.startswith(engine.CAPPED_PREFIX) for w in serial.warnings)
    assert _everything(parallel) == _everything(serial)


def _record_pid(path: Path, run: Any) -> Any:
    def wrapped(*args: Any) -> Any:
        with path.open("a") as f:
            f.write(f"{os.getpid()}\n")
        return run(*args)
    return wrapped


def test_side_passes_run_in_a_child_only_on_a_big_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("arc_pass", "tags_pass"):
        monkeypatch.setattr(pipeline, name, _record_pid(tmp_path / name, getattr(pipeline, name)))
    _read(PARALLEL)
    assert (tmp_path / "arc_pass").read_text().split() != [str(os.getpid())]
    assert (tmp_path / "tags_pass").read_text().split() != [str(os.getpid())]
    for name in ("arc_pass", "tags_pass"):
        (tmp_path / name).unlink()
    _read(Config(ner_processes=2))  # a short story: one process, as before
    _read(Config(ner_processes=1, side_words=1))  # a pool worker's config: one process
    assert set((tmp_path / "arc_pass").read_text().split()) == {str(os.getpid())}
    assert set((tmp_path / "tags_pass").read_text().split()) == {str(os.getpid())}


def _die_in_child(run: Any) -> Any:
    parent = os.getpid()

    def wrapped(*args: Any) -> Any:
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        return run(*args)
    return wrapped


def test_a_killed_side_pass_child_leaves_the_pass_to_the_parent(monkeypatch: pytest.MonkeyPatch,
                                                                capfd: pytest.CaptureFixture[str]) -> None:
    serial = _read(SERIAL)
    for name in ("arc_pass", "tags_pass"):
        monkeypatch.setattr(pipeline, name, _die_in_child(getattr(pipeline, name)))
    parallel = _read(PARALLEL)
    assert parallel.arc is not None and parallel.tags
    assert _everything(parallel) == _everything(serial)
    assert "Traceback" not in capfd.readouterr().err


def test_a_side_pass_that_raises_in_the_child_raises_in_the_parent(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(story: Story, opts: pipeline.Options) -> None:
        raise RuntimeError("arc broke")

    monkeypatch.setattr(pipeline, "arc_pass", broken)
    with pytest.raises(RuntimeError, match="arc broke"):
        _read(PARALLEL)


def test_a_killed_beta_child_leaves_its_rules_to_the_parent(monkeypatch: pytest.MonkeyPatch,
                                                            capfd: pytest.CaptureFixture[str]) -> None:
    serial = _read(SERIAL)
    parent = os.getpid()
    take = engine._take_and_gather

    def dies_after_taking_one(ctx: engine.Context, rules: list[engine.Rule], queue: int) -> Any:
        if os.getpid() != parent:
            os.read(queue, 1)  # a rule taken, and lost with the child
            os.kill(os.getpid(), signal.SIGKILL)
        return take(ctx, rules, queue)

    monkeypatch.setattr(engine, "_take_and_gather", dies_after_taking_one)
    parallel = _read(PARALLEL)
    assert _everything(parallel) == _everything(serial)
    assert "Traceback" not in capfd.readouterr().err


def test_a_rule_that_raises_raises_on_two_cores_too(monkeypatch: pytest.MonkeyPatch) -> None:
    code = sorted(RULES)[3]

    def broken(ctx: engine.Context) -> Any:
        raise RuntimeError("rule broke")
        yield  # a generator, like the rules

    monkeypatch.setitem(RULES, code, dataclasses.replace(RULES[code], check=broken))
    with pytest.raises(RuntimeError, match="rule broke"):
        _read(PARALLEL)


@pytest.mark.parametrize("name", [p.name for p in P.PASSES if p.side_after is not None])
def test_a_side_pass_reads_only_what_it_declares(name: str) -> None:
    """A side pass's child sees the story as it was at the fork, not at its place in the order:
    that is the same only if it reads nothing but what it declares. So: run it on the story with
    every other layer (the text aside: every pass reads it) set back to empty — the same layers."""
    side = P.BY_NAME[name]
    plan = P.plan(None, requested=("beta",))
    story = Story(doc=fabula.read(_story_text().encode(), name="story.txt", until="structure").doc)
    opts = pipeline.Options()
    with using(SERIAL):
        for p in plan[:plan.index(side)]:
            p.load()(story, opts)
        bare = copy.deepcopy(story)
        declared = {layer.split(".")[0] for layer in side.reads} | {"doc"}
        for f in dataclasses.fields(Story):
            if f.name not in declared and f.default_factory is not dataclasses.MISSING:
                setattr(bare, f.name, f.default_factory())
            elif f.name not in declared:
                setattr(bare, f.name, f.default)
        side.load()(story, opts)
        side.load()(bare, opts)
    for layer in side.writes:
        assert getattr(bare, layer) == getattr(story, layer), f"{name} read a layer it does not declare"


def test_rules_run_ahead_are_kept_only_where_they_read_nothing_that_changed() -> None:
    story = _read(SERIAL)
    rules = engine.select_rules()
    changing = frozenset({"scenes", "thoughts", "quotes"})
    signature, names, early = engine._gather_early(story, rules, changing, engine._queue(rules))
    assert signature == engine._signature(engine.Context.of(story)) and names == sorted(engine.Context.of(story).names)
    assert len(early) > len(rules) // 2
    # a rule that reads a layer still to change is left to the beta pass; one that does not is kept
    def reads_thoughts(ctx: engine.Context) -> Any:
        yield from (engine.Finding(t.start, t.end, "a thought") for t in ctx.story.thoughts)

    def reads_text(ctx: engine.Context) -> Any:
        yield from (engine.Finding(m.start(), m.end(), "the") for m in ctx.finditer(re.compile(r"\bthe\b")))

    fakes = [dataclasses.replace(rules[0], code="FB901", check=reads_thoughts),
             dataclasses.replace(rules[0], code="FB902", check=reads_text)]
    _sig, _names, kept = engine._gather_early(story, fakes, changing, engine._queue(fakes))
    assert list(kept) == ["FB902"] and kept["FB902"][0]
    assert any(used for _found, _complete, used in early.values())  # some used the cast's names


def test_a_killed_early_beta_child_leaves_its_rules_to_the_parent(monkeypatch: pytest.MonkeyPatch,
                                                                  capfd: pytest.CaptureFixture[str]) -> None:
    serial = _read(SERIAL)
    monkeypatch.setattr(engine, "_gather_early", _die_in_child(engine._gather_early))
    parallel = _read(PARALLEL)
    assert _everything(parallel) == _everything(serial)
    assert "Traceback" not in capfd.readouterr().err


def test_the_beta_read_starts_early_only_on_a_big_read_with_two_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    plan = P.plan(None, requested=("beta",))
    changing = P.changing_between(plan, "characters", "beta")
    assert {"quotes", "characters", "mentions", "scenes", "thoughts", "tags"} <= changing
    assert not changing & {"doc", "sentences", "paratext", "chapters", "verse", "diagnostics"}
    calls: list[frozenset[str]] = []
    start = engine.start_early

    def recorded(story: Story, opts: Any, changing: frozenset[str]) -> Any:
        calls.append(changing)
        return start(story, opts, changing)

    monkeypatch.setattr(engine, "start_early", recorded)
    _read(SERIAL)
    _read(Config(ner_processes=2))
    assert calls == []
    _read(PARALLEL)
    assert calls == [changing]


class _Parses:
    """A head start that parses (as the command line's does for ``check``); this one leaves the
    names and the parses to the read, so each process parses for itself."""

    shares_parses = True

    def person_names(self, paragraphs: list[str]) -> None:
        return None

    def parse_sentences(self, sentences: list[str]) -> None:
        return None


def test_with_a_head_start_that_parses_the_rules_are_shared_from_fewer_words(tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "_take_and_gather", _record_pid(tmp_path / "takers", engine._take_and_gather))
    serial = _read(SERIAL)
    # no head start, or one that does not parse: the rules stay in one process below side_words
    for config in (Config(ner_processes=2, beta_side_words=1), Config(ner_processes=1, beta_side_words=1,
                                                                      head_start=_Parses())):
        assert _everything(_read(config)) == _everything(serial)
        assert not (tmp_path / "takers").exists()
    shared = _read(Config(ner_processes=2, beta_side_words=1, head_start=_Parses()))
    assert len(set((tmp_path / "takers").read_text().split())) == 2  # the reader and its second worker
    assert _everything(shared) == _everything(serial)


def test_no_fork_while_another_thread_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.undo()  # the real check
    import threading

    release = threading.Event()
    thread = threading.Thread(target=release.wait)
    thread.start()
    try:
        assert not forked.available()
        assert not forked.Forked(lambda: 1).started
    finally:
        release.set()
        thread.join()
    if threading.active_count() == 1:  # (no thread left by an earlier test)
        assert forked.available()
        assert forked.Forked(lambda: 41 + 1).result() == (True, 42)


def test_the_tags_scans_start_early_in_a_child_on_a_big_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from fabula.tags import suggest

    plan = P.plan(None, requested=("beta",))
    assert not P.changing_between(plan, "speakers", "tags") & suggest.GATHER_READS
    monkeypatch.setattr(suggest, "gather", _record_pid(tmp_path / "gather", suggest.gather))
    _read(PARALLEL)
    assert str(os.getpid()) not in (tmp_path / "gather").read_text().split()
    (tmp_path / "gather").unlink()
    _read(Config(ner_processes=2))  # a short story: the scans in the tags pass, in one process
    assert (tmp_path / "gather").read_text().split() == [str(os.getpid())]
    # where a layer the scans read could still change, they are not begun early
    assert suggest.start_early(_read(SERIAL), pipeline.Options(), frozenset({"quotes"})) is None


def test_a_killed_tags_scan_child_leaves_the_scans_to_the_pass(monkeypatch: pytest.MonkeyPatch,
                                                               capfd: pytest.CaptureFixture[str]) -> None:
    from fabula.tags import suggest

    serial = _read(SERIAL)
    monkeypatch.setattr(suggest, "gather", _die_in_child(suggest.gather))
    parallel = _read(PARALLEL)
    assert parallel.tags and _everything(parallel) == _everything(serial)
    assert "Traceback" not in capfd.readouterr().err


def _chaptered_text() -> str:
    """Our example story cut into four chapters (its break and its lyric inside them), then every
    rule's bad example: a report with headings, scenes, verse, quotes and findings in every half."""
    paras = _story_text().split("\n\n")
    k = len(paras) // 4
    out: list[str] = []
    for n, at in enumerate(range(0, len(paras), k), start=1):
        out += [f"Chapter {n}", *paras[at:at + k]]
    return "\n\n".join(out)


def test_the_report_written_on_two_cores_is_the_report_written_on_one(monkeypatch: pytest.MonkeyPatch) -> None:
    from fabula.render import report

    story = _read(SERIAL, _chaptered_text())
    assert len(story.chapters) >= 4 and story.verse and story.diagnostics
    with using(SERIAL):
        one = report.report_html(story)
    forks: list[int] = []
    real = forked.Forked

    def counted(fn: Any) -> Any:
        forks.append(1)
        return real(fn)

    monkeypatch.setattr(forked, "Forked", counted)
    with using(PARALLEL):
        two = report.report_html(story)
    assert forks and two == one
    # a child that dies leaves its half to the parent
    monkeypatch.setattr(report, "_reader_html", _die_in_child(report._reader_html))
    with using(PARALLEL):
        assert report.report_html(story) == one


def test_the_report_is_cut_where_its_halves_have_the_parts_of_the_whole() -> None:
    from fabula.render import report
    from fabula.render.markup import parts

    story = _read(SERIAL, _chaptered_text())
    whole = list(parts(story))
    assert {p.kind for p in whole} >= {"heading", "para", "verse", "break"}
    verse = [(v.start, v.end) for v in story.verse]
    cuts = [b.start for b in story.story_blocks if not any(s < b.start < e for s, e in verse)]
    assert len(cuts) > 20
    for cut in cuts:  # every place a cut may fall: mid-chapter, mid-scene, at a heading, after verse
        assert list(parts(story, 0, cut)) + list(parts(story, cut)) == whole, cut
    cut = report._halfway(story)
    assert cut in cuts and cut >= len(story.text) // 2
    # a verse block across the middle moves the cut past it
    v = story.verse[0]
    story.verse = [dataclasses.replace(v, start=cut - 1, end=cut + 1)]
    moved = report._halfway(story)
    assert moved is not None and moved >= cut + 1
