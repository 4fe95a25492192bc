"""Acceptance on the shared stories (skipped where ../shared is absent)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import fabula

from .conftest import SHARED, needs_shared

pytestmark = needs_shared()
CANON = SHARED / "stories" / "lay-it-down.txt"


@pytest.fixture(scope="module")
def canon() -> fabula.model.Story:  # type: ignore[name-defined]
    return fabula.read(CANON, until="quotes")


def test_canonical_parts(canon) -> None:
    t = canon.text
    assert canon.work.title == "Lay It Down"
    kinds = [p.kind for p in canon.paratext]
    assert kinds == ["author_note", "disclaimer", "credit"]
    credit = canon.paratext[2]
    assert (credit.song, credit.artist) == ("Downfall", "Matchbox 20")
    assert all(p.end <= canon.title_span[0] for p in canon.paratext)
    assert len(canon.scenes) == 4
    assert all(s.start > canon.title_span[1] for s in canon.scenes)
    assert len(canon.verse) == 9 and all(v.kind == "lyrics" and v.credit == 2 for v in canon.verse)
    for v in canon.verse:
        assert t[v.start] == "'" and t[v.end - 1] == "'"


def test_canonical_dialogue(canon) -> None:
    t = canon.text
    body = [q for q in canon.quotes if q.start > canon.title_span[1]]
    dialogue = [q for q in body if q.kind == "dialogue"]
    assert len(dialogue) == 54
    assert all(t[q.start] == '"' for q in dialogue)
    assert not any(v.start <= q.start < v.end for q in dialogue for v in canon.verse)
    others = [(t[q.start:q.end], q.kind) for q in canon.quotes if q.kind != "dialogue"]
    assert ("'everything'", "scare") in others
    assert sum(k == "lyric" for _, k in others) == 9


@pytest.mark.parametrize("path", sorted(p for p in (SHARED / "stories").rglob("*")
                                        if p.suffix in (".txt", ".md", ".html", ".epub") and "patterns" not in p.name) if (SHARED / "stories").is_dir() else [])
def test_every_shared_story_has_sensible_structure(path) -> None:
    story = fabula.read(path, until="quotes")
    assert story.work.title
    assert story.chapters and story.scenes
    assert story.work.words > 50
    spans = [(s.start, s.end) for s in story.scenes]
    assert spans == sorted(spans) and all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))
    for q in story.quotes:
        assert 0 <= q.start < q.end <= len(story.text)


def test_synthetic_fixtures_agree_across_formats() -> None:
    syn = SHARED / "stories" / "synthetic"
    stories = [fabula.read(syn / n, until="quotes") for n in
               ("ffn_copy_paste.txt", "story_markdown.md", "ao3_download_multichapter.html")]
    for s in stories:
        assert s.work.title == "The Lamplighter's Debt"
        assert any(p.kind == "credit" and p.song == "End of the Pier" for p in s.paratext)
        assert any(v.kind == "lyrics" for v in s.verse)
        assert s.scenes[1].break_ is not None


# Who speaks each of the canonical fic's 54 lines, read by hand (F Faye, S Spike, H Helena, E Ed).
# Line 27 "Take care." is Faye leaving; 28 is what Spike "would have" said.
CANON_SPEAKERS = "HFHFFHFFHFFHFFFFSFSFFSFFSFFFSEFSSSSFFSFSSFFFFSHFFHFFFS"


def canon_accuracy() -> tuple[float, dict[str, set[str]]]:
    story = fabula.read(CANON)
    by_id = {c.id: c for c in story.characters}
    first = {"F": "Faye", "S": "Spike", "H": "Helena", "E": "Ed"}
    dialogue = [q for q in story.quotes if q.kind == "dialogue" and q.start > story.title_span[1]]
    assert len(dialogue) == len(CANON_SPEAKERS) == 54
    right = 0
    for q, who in zip(dialogue, CANON_SPEAKERS, strict=True):
        c = by_id.get(q.speaker or "")
        # right only if the character carries that one name (two people merged into one is wrong)
        right += c is not None and {k for k, name in first.items() if name in c.aliases} == {who}
    return right / 54, {c.name: set(c.aliases) for c in story.characters}


def test_canonical_speakers_and_the_girl_named_later() -> None:
    acc, cast = canon_accuracy()
    print(f"canonical speaker accuracy {acc:.3f}")
    helena = [aliases for aliases in cast.values() if "Helena" in aliases]
    assert helena and "Miss Muffet" in helena[0]
    assert acc >= 0.85


@needs_shared()
def test_canonical_telling() -> None:
    """Issue 8's acceptance: frame 1 and 3, flashbacks 2 and 4, event order 2, 4, 1, 3; POV Faye
    in 1, 2, 4 and the girl (named Helena later) in 3; the paragraphs in Spike's head are hops."""
    canon = fabula.read(CANON)
    names = {c.id: c for c in canon.characters}
    assert [s.time for s in canon.scenes] == ["frame", "flashback", "frame", "flashback"]
    assert [s.n for s in sorted(canon.scenes, key=lambda s: s.fabula_order)] == [2, 4, 1, 3]
    povs = [names[s.pov] for s in canon.scenes]
    assert [p.name for p in povs[:2]] + [povs[3].name] == ["Faye Valentine"] * 3
    assert "Helena" in povs[2].aliases
    hops = [(s.n, names[h.to].name, canon.text[h.start:h.end]) for s in canon.scenes for h in s.head_hops]
    assert {(n, who) for n, who, _ in hops} <= {(2, "Spike Spiegel"), (4, "Spike Spiegel")}
    texts = " ".join(t for _, _, t in hops)
    assert "he knew it would throw her off" in texts and "he realized that Faye Valentine would take his death" in texts


@needs_shared()
def test_canonical_tags_with_evidence() -> None:
    """Issue 5's acceptance: rating Mature or Explicit, Major Character Death, Songfic — each with
    evidence spans that contain the reason."""
    story = fabula.read(CANON)
    text, tags = story.text, story.tags
    assert tags["rating"]["value"] in ("Mature", "Explicit")
    rating_evidence = [text[s:e].lower() for s, e in tags["rating"]["evidence"]]
    assert rating_evidence and all(re.search(r"shit|fuck|blowjob|grope|blood", e) for e in rating_evidence)
    mcd = next(w for w in tags["warnings"] if w["value"] == "Major Character Death")
    death = [text[s:e] for s, e in mcd["evidence"]]
    assert len(death) >= 2 and all(re.search(r"corpse|dead|died|lifeless|death", e) for e in death)
    assert any("Spike" in e or "his dead face" in e for e in death)
    song = next(t for t in tags["freeform"] if t["value"] == "Songfic")
    evidence = [text[s:e] for s, e in song["evidence"]]
    assert any("Downfall" in e and "Matchbox 20" in e for e in evidence)
    assert any(e.startswith("'") and "\n" in e for e in evidence)  # a lyric block itself


def _shared_inputs() -> list[Path]:
    stories = sorted(p for p in (SHARED / "stories").rglob("*") if p.suffix in (".txt", ".md", ".html", ".epub")
                     and "pattern" not in p.name)
    return stories + [SHARED / "eval" / "pdnc-dev" / "OliverTwist" / "novel_text.txt"]


@needs_shared()
def test_epubcheck_on_every_shared_story_and_a_novel(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from fabula.render.epub import story_epub

    from .test_publish import epubcheck

    made = []
    for i, src in enumerate(_shared_inputs()):
        out = tmp_path / f"{i}.epub"
        out.write_bytes(story_epub(fabula.read(src)))
        made.append((src, out))
    with ThreadPoolExecutor(max_workers=2) as pool:  # two JVMs at a time on two cores
        results = list(pool.map(lambda so: (so[0], epubcheck(so[1])), made))
    failures = [f"{src.name}: {(r.stdout + r.stderr)[:300]}" for src, r in results if r.returncode != 0]
    assert failures == []


@needs_shared()
def test_canonical_beta_read_finds_the_authors_slips() -> None:
    """Issue 4's motivating mistakes in the canonical fic, found by general rules."""
    from fabula.beta.engine import check_story

    story = fabula.read(CANON)
    found = {(d.code, story.text[d.start:d.end], d.fix) for d in check_story(story)}
    assert ("FB101", "bare", "bear") in found  # "So bare with me" (in the author's note)
    assert ("FB107", "stiletto's", "stilettos") in found
    assert ("FB110", "laying", "lying") in found  # "His body laying there": lie/lay, nothing is laid
    assert ("FB201", "rush", "rush of") in found  # "a rush fear"
    assert ("FB202", "of ", "") in found  # "the worst mistake of she'd ever make"
    names = {w for c in story.characters for n in [c.name, *c.aliases] for w in n.split()}
    assert not any(code == "FB108" and text in names for code, text, _ in found)
