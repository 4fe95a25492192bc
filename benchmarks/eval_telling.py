"""Scenes (count, time, event order, POV, head-hops) and tags, scored per story and per split.

    python benchmarks/eval_telling.py --shared ../shared            # fics (tune/check) + fixtures
    python benchmarks/eval_telling.py --errors                      # + per-scene lines for tune and fixtures

Sources: the annotated fics in ``../shared/eval/fics`` (tune 01 02 04 06 08, check 03 05 07
09; ``benchmarks/splits.py``), read without the author's own tags (an AO3 download's tag block
and a front matter's rating, warnings, relationships, characters and tags are stripped first, so
the suggestions are scored on the text alone); the project's own narrative fixtures
(``tests/fixtures/narrative``, ``key.json``) and tag fixtures (``tests/fixtures/tags``,
``key.json``: the rating each deserves and its warnings); and, as a second check set, public-domain
stories nobody tuned the telling on (``benchmarks/unseen_telling.json``: Joyce's *Dubliners*,
a Holmes story, *The Turn of the Screw*, texts from ``../shared/eval/litbank/original``; figures
only, never per-scene lines). Each story is read in full, as
``fabula read`` does. What counts is in ``benchmarks/evaluation/telling.py`` and
``docs/accuracy.md``. ``--json FILE`` writes every figure.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import splits  # noqa: E402
from benchmarks.evaluation import fics as F  # noqa: E402
from benchmarks.evaluation import telling as T  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "narrative"
TAG_FIXTURES = ROOT / "tests" / "fixtures" / "tags"
UNSEEN = ROOT / "benchmarks" / "unseen_telling.json"  # stories nobody tuned on (texts in ../shared/eval)


def _read(path: Path, strip: bool = False) -> tuple[dict[str, object], str]:
    """fabula's JSON and text for a story; with ``strip``, read without the author's own tags."""
    import fabula

    if strip:
        story = fabula.read(T.strip_declared(path.read_bytes(), path.suffix.lower()), name=path.name)
    else:
        story = fabula.read(path)
    return story.to_dict(), story.text


def _frac(a: int, b: int) -> str:
    return f"{a}/{b}" if b else "—"


def scene_row(name: str, split: str, s: T.SceneScore) -> str:
    count = f"{s.fabula_scenes}/{s.scenes}" + ("" if s.count_right == s.stories else " ✗")
    return (f"{name:34s} {split:8s} scenes {count:7s} "
            f"time {_frac(s.time, s.scenes):>5s}  order {_frac(s.order, s.scenes):>5s}  pov {_frac(s.pov, s.pov_scenes):>5s}  "
            f"hops {_frac(s.hops_found, s.hops_gold):>4s} false {s.hops_false}")


def tag_row(name: str, split: str, t: T.TagScore) -> str:
    return (f"{name:34s} {split:8s} rating {'OVER' if t.rating_over else 'ok':4s} "
            f"warnings {'FALSE' if t.false_warnings else 'ok':5s} relationships {_frac(t.rel_found, t.rel_gold):>4s}"
            f" (other kind {t.rel_other_kind}, suggested {t.rel_suggested})  freeform {t.freeform_hits}  | "
            + "; ".join(t.detail))


def total_row(label: str, s: T.SceneScore) -> str:
    def pct(a: int, b: int) -> str:
        return f"{a}/{b} = {a / b:.2f}" if b else "—"

    return (f"{label:12s} stories {s.stories}  scene count right {s.count_right}/{s.stories}  "
            f"time {pct(s.time, s.scenes)}  order {pct(s.order, s.scenes)}  pov {pct(s.pov, s.pov_scenes)}  "
            f"head-hops {s.hops_found}/{s.hops_gold} found, {s.hops_false} false (most in one story {s.worst_false})")


def tag_total(label: str, t: T.TagScore) -> str:
    return (f"{label:12s} stories {t.stories}  rating above the annotation's {t.rating_over}  (equal {t.rating_equal})  "
            f"stories with a false archive warning {t.stories_with_false_warning}  missed warnings {t.missed_warnings}  "
            f"relationships {t.rel_found}/{t.rel_gold} (+{t.rel_other_kind} other kind)  "
            f"freeform overlap in {t.stories_with_freeform_hit}/{t.stories}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--errors", action="store_true", help="per-scene lines for the tune fics and the fixtures")
    ap.add_argument("--json", default=None)
    a = ap.parse_args(argv)
    t0 = time.perf_counter()
    scenes: dict[str, T.SceneScore] = {}
    tags: dict[str, T.TagScore] = {}
    out: dict[str, list[dict[str, object]]] = {"stories": []}
    srows, trows, errors = [], [], []
    for path in F.stories(Path(a.shared) / "eval" / "fics"):
        split = splits.fic_split(path)
        pred, text = _read(path, strip=True)
        gold = T.fic_gold(F.load(path))
        sc, lines = T.score_scenes(gold, pred, text)
        tg = T.score_tags(gold, pred)
        name = path.name.split(".")[0]
        scenes.setdefault(split, T.SceneScore()).add(sc)
        tags.setdefault(split, T.TagScore()).add(tg)
        srows.append(scene_row(name, split, sc))
        trows.append(tag_row(name, split, tg))
        out["stories"].append({"story": name, "split": split, "scenes": asdict(sc),
                               "tags": {k: v for k, v in asdict(tg).items() if k != "detail"}})
        if a.errors and split == "tune":
            errors += [f"{name}: {line}" for line in lines]
    key = json.loads((FIXTURES / "key.json").read_text(encoding="utf-8"))
    for name in sorted(k for k in key if not k.startswith("_")):
        pred, text = _read(FIXTURES / name)
        sc, lines = T.score_scenes(T.fixture_gold(key[name], text), pred, text)
        scenes.setdefault("fixtures", T.SceneScore()).add(sc)
        srows.append(scene_row(name, "fixtures", sc))
        out["stories"].append({"story": name, "split": "fixtures", "scenes": asdict(sc)})
        if a.errors:
            errors += [f"{name}: {line}" for line in lines]
    unseen_key = json.loads(UNSEEN.read_text(encoding="utf-8"))
    shared_eval = Path(a.shared) / "eval"
    for name in [k for k in unseen_key if not k.startswith("_")]:
        entry = unseen_key[name]
        if not (shared_eval / entry["source"]).is_file():
            continue
        import fabula

        story = fabula.read(T.unseen_text(shared_eval, entry).encode("utf-8"), name=f"{name}.txt")
        sc, _lines = T.score_scenes(T.unseen_gold(entry), story.to_dict(), story.text)  # figures only: a check set
        scenes.setdefault("unseen", T.SceneScore()).add(sc)
        srows.append(scene_row(name, "unseen", sc))
        out["stories"].append({"story": name, "split": "unseen", "scenes": asdict(sc)})
    tag_key = json.loads((TAG_FIXTURES / "key.json").read_text(encoding="utf-8"))
    for name in sorted(k for k in tag_key if not k.startswith("_")):
        pred, _text = _read(TAG_FIXTURES / name)
        tg = T.score_tags(T.fixture_tag_gold(tag_key[name]), pred)
        tags.setdefault("fixtures", T.TagScore()).add(tg)
        trows.append(tag_row(name, "fixtures", tg))
        out["stories"].append({"story": name, "split": "fixtures",
                               "tags": {k: v for k, v in asdict(tg).items() if k != "detail"}})
    print("scenes, per story")
    print("\n".join(srows))
    print("\ntags, per story")
    print("\n".join(trows))
    if errors:
        print("\nper scene (tune fics and fixtures only)")
        print("\n".join(errors))
    print("\nscenes by split")
    for label in ("tune", "check", "fixtures", "unseen"):
        if label in scenes:
            print(total_row(label, scenes[label]))
    print("tags by split")
    for split in ("tune", "check", "fixtures"):
        if split in tags:
            print(tag_total(split, tags[split]))
    print(f"({time.perf_counter() - t0:.0f} s)")
    if a.json:
        out["totals"] = [{"split": k, "scenes": asdict(v)} for k, v in scenes.items()]
        out["tag_totals"] = [{"split": k, **{f: x for f, x in asdict(v).items() if f != "detail"}} for k, v in tags.items()]
        Path(a.json).write_text(json.dumps(out, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
