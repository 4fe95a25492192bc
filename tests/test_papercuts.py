"""What a newcomer met on the command line: each a one-line error, a right word, nothing lost."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import EXAMPLE
from .test_cli import run


@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_an_unknown_rule_code_is_an_error(option: str) -> None:
    r = run("check", str(EXAMPLE), option, "XYZ")
    assert r.returncode == 2 and r.stderr == f"fabula: error: {option} XYZ: no rule has such a code (`fabula rules` lists them)\n"
    assert "All clear" not in r.stdout
    r = run("check", str(EXAMPLE), option, "FB1,FB9")
    assert r.returncode == 2 and "FB9" in r.stderr and "FB1," not in r.stderr
    ok = run("check", str(EXAMPLE), option, "fb1")  # a prefix, in any case, as in ruff
    assert ok.returncode in (0, 1) and not ok.stderr


def test_check_fix_never_overwrites_the_story(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text("Their was nobody left. She could of stayed.\n", encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(story)
    for target in (story, tmp_path / "." / "story.txt", tmp_path / "link.txt"):
        r = run("check", str(story), "--fix", "-o", str(target))
        assert r.returncode == 2 and "would overwrite the story itself" in r.stderr and r.stderr.count("\n") == 1
    assert story.read_text(encoding="utf-8") == "Their was nobody left. She could of stayed.\n"
    r = run("check", str(story), "--fix", "-o", str(tmp_path / "fixed.txt"))
    assert "could have stayed" in (tmp_path / "fixed.txt").read_text(encoding="utf-8")


def test_publish_ao3_without_output_keeps_the_notes_labelled() -> None:
    r = run("publish", str(EXAMPLE), "--to", "ao3")
    assert r.returncode == 0, r.stderr
    body, _, rest = r.stdout.partition("<!-- fabula: AO3's Notes field -->")
    assert "harbour" in body and "Hi everyone!" in rest and "Thanks for reading!" in rest.partition("End Notes")[2]
    assert "Notes, End Notes" in r.stderr


def test_publish_to_a_device_writes_no_files_beside_it() -> None:
    before = set(os.listdir("/dev"))
    r = run("publish", str(EXAMPLE), "--to", "ao3", "-o", "/dev/null")
    assert r.returncode == 0, r.stderr
    assert {n for n in set(os.listdir("/dev")) - before if n.startswith("null.")} == set()


def test_small_size_limits_read_in_bytes() -> None:
    r = run("read", str(EXAMPLE), "--max-bytes", "100")
    assert r.returncode == 2 and "2 kB, over the limit of 100 bytes" in r.stderr


def test_help_shows_no_value_for_flags_and_describes_version() -> None:
    for args in (("--help",), ("read", "--help"), ("publish", "--help"), ("check", "--help")):
        r = run(*args)
        assert r.returncode == 0 and "<bool>" not in r.stdout, args
    top = run("--help").stdout
    assert "--version" in top and "Show fabula's version and exit." in " ".join(top.split())
    assert "--include-text" in run("read", "--help").stdout


def test_words_are_counted_in_the_singular_when_one() -> None:
    import fabula
    from fabula.beta.engine import check_story

    story = fabula.read("She crossed the harbour, harbour lights behind her.\n", until="speakers")
    messages = [d.message for d in check_story(story, ["FB503"])]
    assert messages == ["'harbour' again, 1 word after the last"]
    one_verse = "She sang.\n\n'Hold the salt in the lantern\nKeep the wick above the tide'\n\nThen she stopped.\n"
    r = run("read", "-", "--until", "quotes", stdin=one_verse.encode())
    assert "Verse: 1 block (" in r.stdout


def test_verse_preview_keeps_its_line_breaks() -> None:
    r = run("read", str(EXAMPLE), "--until", "quotes")
    lines = [line.strip() for line in r.stdout.splitlines()]
    i = lines.index("'Hold the salt in the lantern")
    assert lines[i + 1] == "Keep the wick above the tide'"


def test_the_report_labels_a_disclaimer_as_one() -> None:
    r = run("report", str(EXAMPLE))
    assert r.returncode == 0, r.stderr
    labels = [chunk.split("<", 1)[0] for chunk in r.stdout.split('class="label">')[1:]]
    assert labels == ["Author&#39;s note", "Disclaimer", "End note"]


def test_a_title_with_markup_prints_as_written(tmp_path: Path) -> None:
    draft = tmp_path / "d.md"
    draft.write_text('---\ntitle: "[/bold] [link=http://x.invalid]hi[/link]"\n---\n\n# One\n\nShe waited.\n')
    r = run("read", str(draft), "--until", "quotes")
    assert r.returncode == 0 and "[/bold] [link=http://x.invalid]hi[/link]" in r.stdout, r.stderr


@pytest.mark.parametrize("args", [("read", str(EXAMPLE), "--until", "quotes"), ("rules", "FB101"),
                                  ("read", str(EXAMPLE), "-f", "json", "--until", "quotes")])
def test_a_full_disk_on_standard_output_is_one_line(args: tuple[str, ...]) -> None:
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "fabula.cli", *args], stdout=full, stderr=subprocess.PIPE, text=True,
                              timeout=120, env={**os.environ, "COLUMNS": "200"})
    assert proc.returncode == 2 and proc.stderr == "fabula: error: cannot write the output: No space left on device\n"


def test_serve_checks_its_port_before_saying_it_serves() -> None:
    bad = run("serve", "--port", "99999")
    assert bad.returncode == 2 and bad.stderr == "fabula: error: --port 99999: a port is a number from 1 to 65535\n"
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        busy = run("serve", "--port", str(port))
    assert busy.returncode == 2 and busy.stderr == f"fabula: error: cannot listen on 127.0.0.1:{port}: already in use\n"
    assert "serving on" not in busy.stderr


def test_make_eval_names_the_untyped_quotes() -> None:
    """`make eval` printed an unexplained 'nan' type row: PDNC's untyped quotes, read from its CSV."""
    from benchmarks.eval_speakers import UNTYPED, _type_label

    assert _type_label("nan") == UNTYPED and _type_label("Explicit") == "Explicit"
    ci = (Path(__file__).parents[1] / ".ci" / "run").read_text()
    readme = (Path(__file__).parents[1] / "README.md").read_text()
    for section in __import__("re").findall(r'README "([^"]+)"', ci):
        assert f"## {section}" in readme, section


def test_the_story_api_is_what_a_user_guesses() -> None:
    """``story.title`` exists; ``to_dict()`` is the contract as data and ``to_json()`` its text."""
    import json

    import fabula

    text = ("The Lamplighter's Apprentice\n\nBy: quietquill\n\nA/N: my first try at this, be kind!\n\n"
            "Quarrie lit the last lamp on Cistern Row. \"Done,\" she said.\n")
    story = fabula.read(text.encode(), until="quotes")
    assert story.title == "The Lamplighter's Apprentice"
    data = story.to_dict()
    assert isinstance(data, dict) and data["schema"] == 1
    as_text = story.to_json()
    assert isinstance(as_text, str) and json.loads(as_text) == data
    assert json.loads(story.to_json(include_text=True))["text"] == story.text


def test_every_file_the_readme_tour_names_is_bundled() -> None:
    """A new user copies the tour's commands as written: each ``examples/…`` path must exist, and
    the table corpus's column flags must name the bundled CSV's columns."""
    import csv
    import re

    root = Path(__file__).parents[1]
    readme = (root / "README.md").read_text()
    commands = [line for block in re.findall(r"```(?:sh|console)\n(.*?)```", readme, re.S)
                for line in block.splitlines() if "fabula " in line]
    paths = {p for line in commands for p in re.findall(r"\bexamples/[\w./-]*", line)}
    assert {"examples/the-last-ferry.txt", "examples/the-last-ferry.cast.yaml", "examples/paragraphs.csv"} <= paths
    for p in paths:
        assert (root / p).exists(), p
    table = next(line for line in commands if "paragraphs.csv" in line)
    flags = dict(re.findall(r"--(id|chapter|order|text) (\w+)", table))
    with open(root / "examples" / "paragraphs.csv", newline="", encoding="utf-8") as f:
        header = next(csv.reader(f))
    assert set(flags.values()) <= set(header) and len(flags) == 4
