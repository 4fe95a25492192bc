"""Hostile inputs finish in time roughly linear in their size, within memory bounds.

Every shape of ``tests/hostile_shapes.py`` runs through every command's work (read, beta read
and fixes, report, EPUB, AO3 post, terminal summary and timeline, JSON) in one child process
whose address space is capped, at two sizes four times apart. The sizes are small (tens of
kilobytes) but each is one at which the quadratic or unbounded code these tests guard against
took minutes or gigabytes; ``benchmarks/bench_scaling.py`` runs the same shapes at 100k–800k words.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLE, ROOT
from tests.hostile_shapes import SHAPES

SMALL, LARGE = 4_000, 16_000  # words of prose the input weighs as much as (24 kB and 96 kB)
COMMANDS = "check,report,epub,ao3,summary"
# Time is CPU time of the child (all threads): the work done. Other programs on a loaded 2-core
# machine stretch the wall clock (a 6 s run once took 41.7 s) but add no CPU time to the child.
CPU_SECONDS = 30.0  # for the larger size; linear code takes 1–6 s, the quadratic code guarded against minutes
WALL_SECONDS = 300.0  # only a guard against waiting on nothing (no CPU used): a hang that no CPU figure shows
PEAK_MIB = 1500.0  # the whole process, model included (about 300 MiB)
AS_MIB = 3072  # a runaway allocation fails in the child, not on the machine


@pytest.fixture(scope="module")
def runs() -> dict[tuple[str, int], dict[str, Any]]:
    items = [f"{shape}:{n}" for shape in SHAPES for n in (SMALL, LARGE)]
    code = "import sys; from tests.hostile_shapes import child_main; child_main(sys.argv[1:])"
    proc = subprocess.run([sys.executable, "-c", code, COMMANDS, *items], cwd=ROOT, capture_output=True, text=True,
                          timeout=900, env={**os.environ, "FABULA_TEST_MAX_AS_MIB": str(AS_MIB)})
    results = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    assert results, f"the child process gave nothing (exit {proc.returncode}): {proc.stderr[-2000:]}"
    return {(r["shape"], r["words"]): r for r in results}


@pytest.mark.parametrize("shape", list(SHAPES))
def test_shape_finishes_in_linear_time_and_bounded_memory(runs: dict[tuple[str, int], dict[str, Any]], shape: str) -> None:
    small, large = runs.get((shape, SMALL)), runs.get((shape, LARGE))
    assert small is not None and large is not None, f"{shape}: the child stopped before it (see the runs before)"
    for r in (small, large):
        assert r["outcome"] == "ok" or r["outcome"].startswith("refused: "), f"{shape} at {r['words']}: {r['outcome']}"
        assert r["peak_mib"] < PEAK_MIB, f"{shape} at {r['words']} words: peak {r['peak_mib']:.0f} MiB"
    assert large["cpu_seconds"] < CPU_SECONDS, f"{shape}: {large['cpu_seconds']:.1f} CPU s at {LARGE} words"
    assert large["seconds"] < WALL_SECONDS, f"{shape}: {large['seconds']:.1f} s (wall) at {LARGE} words"
    # four times the input: linear is 4x, quadratic 16x; the slack absorbs what noise CPU time keeps
    # (caches shared with other programs, the collector's timing)
    assert large["cpu_seconds"] < 8 * small["cpu_seconds"] + 2.0, (
        f"{shape}: {small['cpu_seconds']:.2f} CPU s at {SMALL} words, {large['cpu_seconds']:.2f} at {LARGE}")


# --- archives: decided from the central directory, before anything is inflated ------------------

CONTAINER = (b'<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
             b'<rootfiles><rootfile full-path="content.opf" media-type="application/oebps-package+xml"/></rootfiles>'
             b"</container>")


def _epub(members: list[tuple[str, bytes, int]]) -> bytes:
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), b"application/epub+zip")
        zf.writestr("META-INF/container.xml", CONTAINER, zipfile.ZIP_DEFLATED)
        for name, data, method in members:
            zf.writestr(name, data, method, compresslevel=9 if method == zipfile.ZIP_DEFLATED else None)
    return buf.getvalue()


def _shared_entries(data: bytes, copies: int) -> bytes:
    """The archive with its last central-directory entry repeated ``copies`` times under new names,
    every copy pointing at the same member's bytes (a zip bomb that counts one member many times)."""
    import struct

    eocd = data.rindex(b"PK\x05\x06")
    n, size, offset = struct.unpack("<HII", data[eocd + 10:eocd + 20])
    central = data[offset:offset + size]
    last = central.rindex(b"PK\x01\x02")
    entry = central[last:]
    name_len = struct.unpack("<H", entry[28:30])[0]
    name = entry[46:46 + name_len]
    extra = b"".join(e[:28] + struct.pack("<H", name_len + 5) + e[30:] for e in [
        entry[:46] + name + f"-{i:04d}".encode() + entry[46 + name_len:] for i in range(copies)])
    new_central = central + extra
    tail = data[eocd:eocd + 22]
    tail = tail[:8] + struct.pack("<HHII", n + copies, n + copies, len(new_central), offset) + tail[20:]
    return data[:offset] + new_central + tail


def _never_inflated(monkeypatch: pytest.MonkeyPatch) -> None:
    import zipfile

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a member was inflated before the archive was judged")

    monkeypatch.setattr(zipfile.ZipFile, "open", refuse)


def test_a_zip_bomb_is_refused_from_its_directory(monkeypatch: pytest.MonkeyPatch) -> None:
    import zipfile

    import fabula

    bomb = _epub([("OEBPS/ch1.xhtml", b"\0" * (300 * 2**20), zipfile.ZIP_DEFLATED)])
    _never_inflated(monkeypatch)
    with pytest.raises(fabula.InputError, match="refused as a zip bomb"):
        fabula.read(bomb, name="bomb.epub", until="structure")


def test_entries_sharing_one_member_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import zipfile

    import fabula

    base = _epub([("OEBPS/ch1.xhtml", b"<p>" + b"a" * 2**20 + b"</p>", zipfile.ZIP_DEFLATED)])
    shared = _shared_entries(base, 211)
    assert len(zipfile.ZipFile(io.BytesIO(shared)).infolist()) == 3 + 211
    _never_inflated(monkeypatch)
    with pytest.raises(fabula.InputError, match="share their data|zip bomb"):
        fabula.read(shared, name="shared.epub", until="structure")


def test_more_pages_than_a_story_file_may_hold_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import os
    import zipfile

    import fabula

    page = b"<html><body>" + b"<p>She waited by the water.</p>" * (27 * 2**20 // 31) + b"</body></html>"
    noise = os.urandom(200_000)  # stored as it is: keeps the packed size honest, so only the page cap speaks
    epub = _epub([("OEBPS/ch1.xhtml", page, zipfile.ZIP_DEFLATED), ("OEBPS/cover.jpg", noise, zipfile.ZIP_STORED)])
    assert len(epub) < 2 * 2**20
    _never_inflated(monkeypatch)
    with pytest.raises(fabula.InputError, match="of pages, more than"):
        fabula.read(epub, name="pages.epub", until="structure")


def _word_processor_zip(kind: str, members: list[tuple[str, bytes]]) -> bytes:
    """A .docx or .odt archive shape (its marker members, then ``members``), nothing else valid."""
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        if kind == "odt":
            zf.writestr(zipfile.ZipInfo("mimetype"), b"application/vnd.oasis.opendocument.text")
        for name, data in members:
            zf.writestr(name, data, compresslevel=9)
    return buf.getvalue()


@pytest.mark.parametrize(("kind", "member"), [("docx", "word/document.xml"), ("odt", "content.xml"),
                                              ("odt", "settings.xml")])
def test_a_word_processor_zip_bomb_is_refused_from_its_directory(monkeypatch: pytest.MonkeyPatch, kind: str,
                                                                 member: str) -> None:
    """.docx and .odt are zip archives too: a bomb among their members (the content itself, or any
    other, which the .odt check once inflated to read the mimetype) is refused before inflating."""
    import fabula

    marker = "word/document.xml" if kind == "docx" else "content.xml"
    members = [(member, b"\0" * (300 * 2**20))] + ([] if member == marker else [(marker, b"<x/>")])
    bomb = _word_processor_zip(kind, members)
    _never_inflated(monkeypatch)
    with pytest.raises(fabula.InputError, match="refused as a zip bomb"):
        fabula.read(bomb, name=f"bomb.{kind}", until="structure")


def test_shared_entries_in_a_docx_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import fabula

    base = _word_processor_zip("docx", [("word/document.xml", b"<w:t>" + b"a" * 2**20 + b"</w:t>")])
    _never_inflated(monkeypatch)
    with pytest.raises(fabula.InputError, match="share their data|zip bomb"):
        fabula.read(_shared_entries(base, 211), name="shared.docx", until="structure")


def test_deep_html_is_read_with_a_warning() -> None:
    import fabula
    from tests.hostile_shapes import nested_em

    story = fabula.read(nested_em(40_000)[0], name="deep.html", until="quotes")
    assert story.text.strip().endswith("She waited by the water.")
    assert any("nested" in w and "plain paragraphs" in w for w in story.warnings)


def test_yaml_aliases_in_front_matter_are_not_expanded() -> None:
    """381 bytes of nested aliases took 105 s and 7.9 GB, then a MemoryError."""
    import time

    import fabula
    from tests.hostile_shapes import YAML_ALIAS_BOMB

    started = time.perf_counter()
    story = fabula.read(YAML_ALIAS_BOMB.encode(), name="laughs.md", until="quotes")
    assert time.perf_counter() - started < 10
    assert any("aliases" in w for w in story.warnings) and not story.work.tags
    assert "She waited by the water." in story.text
    plain = fabula.read(b"---\ntitle: Low Tide\ntags: [Angst, Fluff]\n---\n\nShe waited.\n", name="ok.md", until="quotes")
    assert plain.work.title == "Low Tide" and plain.work.tags == ["Angst", "Fluff"] and not plain.warnings


# --- files that are not files, streams without end, controls inside -------------------------------

def _cli(*args: str, stdin: Any = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([sys.executable, "-m", "fabula.cli", *args], stdin=stdin, capture_output=True, timeout=timeout,
                          cwd=ROOT, env={**os.environ, "COLUMNS": "200"})
    return subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode("utf-8", "replace"),
                                       proc.stderr.decode("utf-8", "replace"))


@pytest.mark.parametrize("special", ["/dev/zero", "fifo", "/dev/null"])
def test_what_is_not_a_regular_file_is_refused_in_one_line(tmp_path: Path, special: str) -> None:
    if special == "fifo":
        special = str(tmp_path / "story.txt")
        os.mkfifo(special)  # nobody writes: reading it would wait for ever
    for command in (("read",), ("check",), ("publish", "--to", "ao3")):
        r = _cli(*command, special, timeout=60)
        assert r.returncode == 2 and r.stderr.startswith("fabula: error: ") and r.stderr.count("\n") == 1, r.stderr
        assert "not a regular file" in r.stderr


def test_standard_input_is_read_to_the_limit_not_to_its_end() -> None:
    with open("/dev/zero", "rb") as zeros:  # a stream with no end at all
        r = _cli("read", "-", "--max-bytes", "2000000", stdin=zeros, timeout=60)
    assert r.returncode == 2 and "over the limit of 1.9 MB" in r.stderr and r.stderr.count("\n") == 1, r.stderr


def test_nul_and_escape_codes_anywhere_never_reach_the_outputs(tmp_path: Path) -> None:
    """The binary check reads the first 20,000 characters; controls after them reached JSON and the terminal."""
    body = EXAMPLE.read_text(encoding="utf-8")
    while len(body) < 25_000:
        body += "\n\n" + EXAMPLE.read_text(encoding="utf-8")
    hostile = "\x1b]0;pwned\x07\x1b[2J\x1b]8;;http://example.invalid\x1b\\link\x1b]8;;\x1b\\ \x00\x00 \x9b31m"
    story = tmp_path / "story.txt"
    story.write_text(body + "\n\nShe waited." + hostile + " Then the ferry came.\n", encoding="utf-8")
    for args in (("read", str(story)), ("timeline", str(story)), ("read", str(story), "-f", "json", "--include-text"),
                 ("report", str(story), "-o", str(tmp_path / "r.html"))):
        r = _cli(*args)
        assert r.returncode == 0, r.stderr
        out = r.stdout + (tmp_path / "r.html").read_text(encoding="utf-8") if "report" in args else r.stdout
        for ch in ("\x00", "\x1b", "\x07", "\x9b"):
            assert ch not in out, (args, ch)
        assert "\\u0000" not in out
    data = json.loads(_cli("read", str(story), "-f", "json", "--include-text").stdout)
    assert "\ufffd" in data["text"] and any("control character" in w for w in data["warnings"])


def test_control_characters_in_metadata_and_a_bad_language_are_tidied(tmp_path: Path) -> None:
    import zipfile

    import fabula
    from fabula.render.epub import story_epub

    html = (b"<html><body><h1>Low Tide&#27;]0;pwned&#7;</h1><p>She waited by the water.</p></body></html>")
    story = fabula.read(html, name="t.html", until="quotes")
    assert story.work.title == "Low Tide]0;pwned" and any("metadata" in w for w in story.warnings)
    for value, tag in (("Klingon", "und"), ("en_US", "en-US"), ("pt-BR", "pt-BR"), ("English", "en")):
        md = f"---\ntitle: Low Tide\nlanguage: {value}\n---\n\n# One\n\nShe waited by the water.\n".encode()
        story = fabula.read(md, name="t.md", until="quotes")
        assert story.work.language == tag, value
        with zipfile.ZipFile(io.BytesIO(story_epub(story))) as z:
            opf = next(z.read(n).decode() for n in z.namelist() if n.endswith(".opf"))
        assert f"<dc:language>{tag}</dc:language>" in opf
    from tests.test_publish import EPUBCHECK, epubcheck

    if EPUBCHECK.exists():  # make test installs it
        (tmp_path / "klingon.epub").write_bytes(story_epub(fabula.read(
            b"---\ntitle: Low Tide\nlanguage: Klingon\n---\n\nShe waited.\n", name="k.md", until="quotes")))
        checked = epubcheck(tmp_path / "klingon.epub")
        assert checked.returncode == 0, checked.stdout + checked.stderr
