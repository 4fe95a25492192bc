"""Structure against the annotated fics: title, author, chapters, every paratext part, scenes.

    python benchmarks/eval_structure.py --shared ../shared [--split tune|check|all] [-v]

One line per check that fails (``-v``: every check), then the share of checks that hold on the
tune split (01, 02, 04, 06, 08) and the check split (03, 05, 07, 09) separately, with a count per
kind of check (title, chapters, scenes, paratext of each kind, ...): counts only, never a story. Only the tune
split's failures may be read to shape rules; the check split is a figure.

What a check is (gold format: ``../shared/eval/fics/README.md``):

- ``title``, ``author``: as the work states them.
- ``chapters``: how many, and each one's title (``null`` for an untitled one-shot).
- one check per gold ``paratext`` part: a note span of that kind and chapter found where the
  gold's first and last words are (only markup between, never a word), merged over neighbouring
  spans of the same kind, and no scene overlapping it (nothing of a note is story).
- ``scenes``: how many.
- ``story start``: the first scene starts at the gold first scene's first words, or at the
  label that opens it (the gold's ``label``, "~ Jude's POV ~": the gold's ``starts`` leave the
  label out, and fabula's scene holds its label line).
- ``story end``: the last scene ends where the story does: nothing but white space, a break
  line or a note's label ("End Notes") between it and the first gold note after it (or the end
  of the file).

A span may begin with its label on a line of its own ("Summary", "Chapter Notes"): HTML states
the label as a heading, and the gold's first words are the note's own.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import fabula
from fabula.segment.patterns import is_break_line

TUNE = ("01", "02", "04", "06", "08")
CHECK = ("03", "05", "07", "09")
KIND_ALIASES = {"review_replies": "review_reply"}
_WORD = re.compile(r"\w")


@dataclass
class Check:
    story: str
    name: str
    ok: bool
    detail: str = ""


def _pattern(anchor: str) -> re.Pattern[str]:
    """The anchor as a regex where any run of white space matches any other."""
    return re.compile(r"\s+".join(re.escape(w) for w in anchor.split()))


def _find(text: str, anchor: str, pos: int = 0) -> tuple[int, int] | None:
    m = _pattern(anchor).search(text, pos)
    return (m.start(), m.end()) if m else None


def _no_words(text: str) -> bool:
    return not _WORD.search(text)


def _label(line: str) -> bool:
    """A note's label on a line of its own ("Summary", "Chapter End Notes"): a heading, not a word of the note."""
    s = line.strip().strip("*_#~:() ")
    return bool(s) and len(s.split()) <= 4 and not re.search(r"[.!?,;]", s) and not any(ch.isdigit() for ch in s)


def _markup_or_labels(text: str) -> bool:
    """Only white space, markup, break lines and label lines."""
    return all(is_break_line(ln) or _no_words(ln) or _label(ln) for ln in text.split("\n"))


def _norm(s: str | None) -> str:
    return re.sub(r"\s+", " ", (s or "").strip().strip("*_#~ ")).casefold()


def _spans(story: fabula.model.Story, kind: str, chapter: int | None) -> list[tuple[int, int]]:  # type: ignore[name-defined]
    """Predicted spans of one kind and chapter (the title counts as metadata: gold lists a title
    block with its byline as metadata), in order."""
    spans = sorted((p.start, p.end) for p in story.paratext if p.kind == kind and p.chapter == chapter)
    if kind == "metadata" and story.title_span is not None and chapter is None:
        spans = sorted([*spans, story.title_span])
    return spans


def _runs(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Every run of consecutive spans with only white space, markup or break lines between them."""
    out = []
    for i, (s, e) in enumerate(spans):
        out.append((s, e))
        for s2, e2 in spans[i + 1:]:
            if s2 > e and not all(is_break_line(ln) or not ln.strip() for ln in text[e:s2].split("\n")):
                break
            e = max(e, e2)
            out.append((s, e))
    return out


def score(story: fabula.model.Story, gold: dict, name: str) -> list[Check]:  # type: ignore[name-defined]
    text = story.text
    checks: list[Check] = []

    def add(check: str, ok: bool, detail: str = "") -> None:
        checks.append(Check(name, check, ok, "" if ok else detail))

    add("title", _norm(story.work.title) == _norm(gold["title"]), f"{story.work.title!r} != {gold['title']!r}")
    add("author", [_norm(a) for a in story.work.authors] == [_norm(gold["author"])],
        f"{story.work.authors!r} != [{gold['author']!r}]")
    want = [_norm(c["title"]) for c in gold["chapters"]]
    got = [_norm(c.title) for c in story.chapters]
    add("chapters", got == want, f"{[c.title for c in story.chapters]!r} != {[c['title'] for c in gold['chapters']]!r}")
    scene_spans = [(s.start, s.end) for s in story.scenes]
    gold_spans: list[tuple[int, int]] = []
    pos = 0
    for part in gold["paratext"]:
        kind = KIND_ALIASES.get(part["kind"], part["kind"])
        label = f"paratext {kind} ch{part['chapter']} {part['text_starts'][:24]!r}"
        start = _find(text, part["text_starts"], pos)
        if start is None:
            start = _find(text, part["text_starts"])
        if start is None:
            add(label, False, "its first words are not in fabula's text")
            continue
        end = _find(text, part["text_ends"], start[0])
        if end is None:
            add(label, False, "its last words are not in fabula's text")
            continue
        g0, g1 = start[0], end[1]
        gold_spans.append((g0, g1))
        pos = g0
        hit = [(s, e) for s, e in _runs(text, _spans(story, kind, part["chapter"]))
               if (_no_words(text[g0:s]) if s >= g0 else _markup_or_labels(text[s:g0]))
               and _no_words(text[min(e, g1):max(e, g1)])]
        in_story = [s for s in scene_spans if s[0] < g1 and s[1] > g0]
        others = sorted({(p.kind, p.chapter) for p in story.paratext if p.start < g1 and p.end > g0})
        add(label, bool(hit) and not in_story,
            f"scene overlaps it: {text[max(in_story[0][0], g0):][:60]!r}" if hit and in_story else f"predicted here: {others}")
    add("scenes", len(story.scenes) == len(gold["scenes"]), f"{len(story.scenes)} != {len(gold['scenes'])}")
    if story.scenes:
        first = story.scenes[0]
        want_start = _find(text, gold["scenes"][0]["starts"])
        before = text[first.start:want_start[0]] if want_start is not None else ""
        label = gold["scenes"][0].get("label")
        if label and want_start is not None:
            before = before.replace(label, " ", 1)  # the scene's own label line, which its starts leave out
        add("story start", want_start is not None and _no_words(before),
            f"first scene starts {text[first.start:first.start + 50]!r}")
        last = story.scenes[-1]
        story_end = min((s for s, _ in gold_spans if s >= last.start), default=len(text))
        gap = text[last.end:story_end] if last.end <= story_end else text[story_end:last.end]
        ok = last.end <= story_end and _markup_or_labels(gap)
        add("story end", ok, f"last scene ends {text[max(last.end - 50, 0):last.end]!r}; story ends "
                             f"{text[max(story_end - 50, 0):story_end]!r}")
    else:
        add("story start", False, "no scenes")
        add("story end", False, "no scenes")
    return checks


def fic_paths(shared: Path) -> list[tuple[Path, Path]]:
    """(story, gold) for each annotated fic, in order."""
    fics = shared / "eval" / "fics"
    out = []
    for gold in sorted(fics.glob("*.gold.json")):
        stem = gold.name[: -len(".gold.json")]
        story = next(p for p in fics.iterdir() if p.stem == stem and p.suffix in (".txt", ".md", ".html"))
        out.append((story, gold))
    return out


def evaluate(shared: Path, split: str = "all") -> list[Check]:
    checks: list[Check] = []
    for story_path, gold_path in fic_paths(shared):
        key = story_path.name[:2]
        if split == "tune" and key not in TUNE or split == "check" and key not in CHECK:
            continue
        story = fabula.read(story_path, until="quotes")
        checks += score(story, json.loads(gold_path.read_text(encoding="utf-8")), story_path.name)
    return checks


def kind_of(check: Check) -> str:
    """What sort of check this is, without its story or text: "paratext author_note", "scenes", ..."""
    words = check.name.split()
    return " ".join(words[:2]) if words[0] == "paratext" else check.name


def by_kind(checks: list[Check]) -> str:
    """Held/all per kind of check: a count only, so the check split can say which convention
    fails without saying which story or what text."""
    kinds: dict[str, list[bool]] = {}
    for c in checks:
        kinds.setdefault(kind_of(c), []).append(c.ok)
    return ", ".join(f"{k} {sum(v)}/{len(v)}" for k, v in sorted(kinds.items()))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--split", choices=("tune", "check", "all"), default="all")
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()
    shared = Path(a.shared)
    if not (shared / "eval" / "fics").is_dir():
        print(f"no annotated fics at {shared / 'eval' / 'fics'}; nothing to evaluate")
        return 0
    splits = ("tune", "check") if a.split == "all" else (a.split,)
    for split in splits:
        checks = evaluate(shared, split)
        for c in checks:
            # only the tune split's failures are shown: the check split is a figure
            if split == "tune" and (a.verbose or not c.ok):
                print(f"  {'ok  ' if c.ok else 'FAIL'} {c.story:40s} {c.name}  {c.detail}")
        held = sum(c.ok for c in checks)
        print(f"{split:5s}: {held}/{len(checks)} structure checks hold ({held / max(len(checks), 1):.3f})")
        print(f"       by kind: {by_kind(checks)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
