"""Every output fabula makes, for every story it knows, written to a folder — and two such folders compared.

    python benchmarks/snapshot_outputs.py write DIR [--shared ../shared] [--no-novels]
    python benchmarks/snapshot_outputs.py compare OLD NEW

Why: a refactor must leave what users get byte-identical. ``write`` reads each story once with
the library (the same calls the command line makes) and writes its JSON (text included), the
beta read, the timeline, the HTML report, the AO3 post and the EPUB (each zip member as its own
file, so a difference names the page). ``compare`` lists every file that differs or is missing,
and exits 1 if any does. The EPUB's ``dcterms:modified`` (the clock at writing) is ignored.

Stories: ``examples/``, ``tests/fixtures/`` (every story file), ``../shared/stories/``,
``../shared/eval/fics/`` and, unless ``--no-novels``, the 8 PDNC dev novels.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

STORY_SUFFIXES = {".txt", ".md", ".html", ".htm", ".epub", ".xhtml"}


def stories(root: Path, shared: Path, novels: bool) -> list[tuple[str, Path]]:
    """(label, path) for every story, in a fixed order."""
    found: list[tuple[str, Path]] = []

    def add(prefix: str, folder: Path) -> None:
        if not folder.is_dir():
            return
        for p in sorted(folder.rglob("*")):
            if p.is_file() and p.suffix.lower() in STORY_SUFFIXES and "pattern" not in p.name and p.name != "README.md":
                found.append((f"{prefix}/{p.relative_to(folder)}", p))

    add("examples", root / "examples")
    add("fixtures", root / "tests" / "fixtures")
    add("stories", shared / "stories")
    add("fics", shared / "eval" / "fics")
    if novels:
        pdnc = shared / "eval" / "pdnc-dev"
        if pdnc.is_dir():
            for d in sorted(pdnc.iterdir()):
                if (d / "novel_text.txt").exists():
                    found.append((f"pdnc/{d.name}", d / "novel_text.txt"))
    return found


def _dump(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def _guard(out: Path, name: str, make: Callable[[], None]) -> None:
    """Run one output; a crash is recorded as that output's file, so later outputs still get made."""
    try:
        make()
    except Exception as exc:
        (out / f"{name}.error.txt").write_text(f"{type(exc).__name__}: {exc}\n", encoding="utf-8")


def write_one(path: Path, out: Path) -> None:
    """Every output for one story into ``out``."""
    import fabula
    from fabula.beta.engine import check_story
    from fabula.render.ao3 import ao3_post
    from fabula.render.epub import story_epub
    from fabula.render.report import report_html

    out.mkdir(parents=True, exist_ok=True)
    try:
        story = fabula.read(path)
    except Exception as exc:  # the error message is an output too
        (out / "error.txt").write_text(f"{type(exc).__name__}: {exc}\n", encoding="utf-8")
        return
    _guard(out, "read", lambda: (out / "read.json").write_text(_dump(story.to_dict(include_text=True)), encoding="utf-8"))
    diags = []
    try:
        diags = check_story(story)
        (out / "check.json").write_text(_dump([d.to_dict() for d in diags]), encoding="utf-8")
    except Exception as exc:
        (out / "check.error.txt").write_text(f"{type(exc).__name__}: {exc}\n", encoding="utf-8")
    _guard(out, "timeline", lambda: (out / "timeline.json").write_text(
        _dump([s.to_dict() for s in story.scenes]), encoding="utf-8"))
    (out / "warnings.json").write_text(_dump(story.warnings), encoding="utf-8")
    _guard(out, "ao3", lambda: (out / "ao3.json").write_text(_dump(ao3_post(story)), encoding="utf-8"))

    def epub() -> None:
        with zipfile.ZipFile(io.BytesIO(story_epub(story))) as z:
            for info in z.infolist():
                target = out / "epub" / info.filename
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(z.read(info))

    _guard(out, "epub", epub)
    story.diagnostics = [d for d in diags if d.severity != "info"]
    _guard(out, "report", lambda: (out / "report.html").write_text(report_html(story), encoding="utf-8"))


def write(dest: Path, shared: Path, novels: bool) -> int:
    root = Path(__file__).resolve().parent.parent
    for label, path in stories(root, shared, novels):
        t = time.perf_counter()
        write_one(path, dest / label)
        print(f"{label:60s} {time.perf_counter() - t:6.1f} s", flush=True)
    return 0


_MODIFIED = re.compile(rb"<meta property=\"dcterms:modified\">[^<]*</meta>")


def _same(a: Path, b: Path) -> bool:
    """Byte-identical, but for the EPUB's modification time (ebooklib writes the clock)."""
    x, y = a.read_bytes(), b.read_bytes()
    if x == y:
        return True
    if a.name == "content.opf":
        return _MODIFIED.sub(b"", x) == _MODIFIED.sub(b"", y)
    return False


def compare(old: Path, new: Path) -> int:
    def files(d: Path) -> set[str]:
        return {str(p.relative_to(d)) for p in d.rglob("*") if p.is_file()}

    a, b = files(old), files(new)
    bad = 0
    for rel in sorted(a | b):
        if rel not in a or rel not in b:
            print(f"only in {'old' if rel in a else 'new'}: {rel}")
            bad += 1
        elif not _same(old / rel, new / rel):
            print(f"differs: {rel}")
            bad += 1
    print(f"{len(a | b)} files compared, {bad} differ" if bad else f"{len(a | b)} files compared: all byte-identical")
    return 1 if bad else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    w = sub.add_parser("write")
    w.add_argument("dest", type=Path)
    w.add_argument("--shared", type=Path, default=Path("../shared"))
    w.add_argument("--no-novels", action="store_true")
    c = sub.add_parser("compare")
    c.add_argument("old", type=Path)
    c.add_argument("new", type=Path)
    a = ap.parse_args()
    if a.cmd == "write":
        return write(a.dest, a.shared, not a.no_novels)
    return compare(a.old, a.new)


if __name__ == "__main__":
    sys.exit(main())
