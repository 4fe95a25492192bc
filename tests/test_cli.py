"""The command line as a user meets it: output, exit codes, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema

from .conftest import AO3_HTML, DRAFT_MD, EXAMPLE, FIXTURES, make_epub

SCHEMA = Path(__file__).parents[1] / "src" / "fabula" / "schema" / "fabula.schema.json"


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}  # a wide terminal: table cells are not wrapped
    proc = subprocess.run([sys.executable, "-m", "fabula.cli", *args], input=stdin, capture_output=True, timeout=300,
                          env=env)
    return subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8"))


def test_summary_of_the_example() -> None:
    r = run("read", str(EXAMPLE), "--until", "quotes")
    assert r.returncode == 0, r.stderr
    assert "The Last Ferry" in r.stdout
    assert "author_note" in r.stdout and "Salt in the Lantern" in r.stdout
    assert "Quotes" in r.stdout


def test_json_validates_against_the_schema(tmp_path: Path) -> None:
    schema = json.loads(SCHEMA.read_text())
    for src in [EXAMPLE, DRAFT_MD, AO3_HTML, FIXTURES / "harbour_ffn.txt"]:
        r = run("read", str(src), "--format", "json", "--until", "quotes")
        assert r.returncode == 0, r.stderr
        data = json.loads(r.stdout)
        jsonschema.validate(data, schema)
    epub = tmp_path / "s.epub"
    epub.write_bytes(make_epub([("Chapter 1", "<p>\"Hi,\" she said.</p>")]))
    r = run("read", str(epub), "--format", "json", "--include-text", "--until", "quotes")
    data = json.loads(r.stdout)
    jsonschema.validate(data, schema)
    q = data["quotes"][0]
    assert data["text"][q["start"]:q["end"]] == '"Hi,"'


def test_stdin() -> None:
    r = run("read", "-", "--format", "json", "--until", "quotes", stdin=b'"Yes," she said.\n')
    assert r.returncode == 0
    assert json.loads(r.stdout)["quotes"][0]["kind"] == "dialogue"


def _one_line_error(r: subprocess.CompletedProcess[str], words: str) -> None:
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("fabula: error:") and words in lines[0], r.stderr


def test_bad_inputs_get_one_line(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    _one_line_error(run("read", str(empty)), "empty")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    _one_line_error(run("read", str(binary)), "binary")
    _one_line_error(run("read", str(tmp_path / "missing.txt")), "no such file")
    cut = tmp_path / "cut.epub"
    cut.write_bytes(make_epub([("Chapter 1", "<p>Hi.</p>")])[:900])
    _one_line_error(run("read", str(cut)), "EPUB")
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * 3000)
    _one_line_error(run("read", str(big), "--max-bytes", "1000"), "limit")
    _one_line_error(run("read", str(EXAMPLE), "--until", "nonsense"), "unknown pass")


def test_unbalanced_quotes_warn_but_succeed(tmp_path: Path) -> None:
    f = tmp_path / "u.txt"
    f.write_text('"Wait, she said.\n\nThe door shut.\n', encoding="utf-8")
    r = run("read", str(f), "--until", "quotes")
    assert r.returncode == 0
    assert "warning" in r.stdout


def test_a_50_mb_text_is_refused_in_one_line(tmp_path: Path) -> None:
    big = tmp_path / "novel.txt"
    with big.open("wb") as f:
        f.write(b"All work and no play. " * (50 * 1024 * 1024 // 22 + 1))
    assert big.stat().st_size > 50 * 1024 * 1024
    _one_line_error(run("read", str(big)), "raise it with --max-bytes")


def test_summary_shows_song_credits_and_break_labels_literally() -> None:
    r = run("read", str(FIXTURES / "harbour_ffn.txt"), "--until", "quotes")
    assert "[line break]" in r.stdout  # square brackets are text, not terminal markup
    r = run("read", str(EXAMPLE), "--until", "quotes")
    assert "[song: Salt in the Lantern / The Paper Gulls]" in r.stdout


def test_read_writes_its_output_file_whole(tmp_path: Path) -> None:
    summary, as_json = tmp_path / "summary.txt", tmp_path / "story.json"
    for out, extra in [(summary, []), (as_json, ["--format", "json"])]:
        r = run("read", str(EXAMPLE), "--until", "quotes", "-o", str(out), *extra)
        assert r.returncode == 0, r.stderr
        assert r.stdout == ""
    assert "The Last Ferry" in summary.read_text(encoding="utf-8") and "Quotes" in summary.read_text(encoding="utf-8")
    assert json.loads(as_json.read_text(encoding="utf-8"))["quotes"]


def test_an_output_file_that_cannot_be_written_is_one_line(tmp_path: Path) -> None:
    for extra in ([], ["--format", "json"]):
        r = run("read", str(EXAMPLE), "--until", "quotes", "-o", str(tmp_path / "missing" / "out.txt"), *extra)
        assert r.returncode == 2
        assert r.stderr.startswith("fabula: error: cannot write") and r.stderr.count("\n") == 1
