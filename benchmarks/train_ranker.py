"""Fit the speaker ranker on the PDNC dev novels; report leave-one-novel-out accuracy; save weights.

    python benchmarks/train_ranker.py --shared ../shared            # fit, score, write the weights
    python benchmarks/train_ranker.py --shared ../shared --no-save  # score only

For every dialogue paragraph the sieves' evidence is collected (rules only, no ranker), each
candidate is labelled by whether it maps to PDNC's gold speaker (with the scorer's own
character mapping), and a logistic regression is fitted on the candidate rows. The honest
figure is leave-one-novel-out: each novel is attributed with weights fitted on the other
seven and scored by ``score_quotes.py``. The shipped weights are fitted on all eight; the 20
held-out PDNC novels are never used.
"""

from __future__ import annotations

import argparse
import copy
import importlib.util
import json
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

import fabula
from fabula.characters.attribution import attribute_story
from fabula.characters.attribution.ranker import FEATURES, Evidence, calibration_inputs, choose, features
from fabula.characters.cast import settle_cast
from fabula.model import character_id

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "fabula" / "data" / "speaker_ranker.json"


def scorer(shared: Path):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("score_quotes", shared / "eval" / "score_quotes.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def read_characters(gold_dir: Path):  # type: ignore[no-untyped-def]
    """A novel read up to its cast (the costly part: NER), ready for the speaker sieves."""
    return fabula.read(gold_dir / "novel_text.txt", until="characters")


def cached_reader() -> Callable[[Path], object]:
    """``read_characters`` once per novel, then a deep copy per call: the speaker passes change
    the story they read, and a copy costs a hundredth of a read (training reads each novel
    three times)."""
    cache: dict[Path, object] = {}

    def read(gold_dir: Path) -> object:
        if gold_dir not in cache:
            cache[gold_dir] = read_characters(gold_dir)
        return copy.deepcopy(cache[gold_dir])

    return read


def collect(S, gold_dir: Path, weights: list[float] | None = None, read=read_characters):  # type: ignore[no-untyped-def]
    """(rows, labels, groups) for one novel: one row per candidate, one group per paragraph.

    With ``weights`` the evidence is gathered while that ranker reads (its own choices make
    the history), as it will be when the fitted ranker reads; without, the rules read.
    ``read(gold_dir)`` gives a fresh story read up to its cast (a cached copy will do).
    """
    story = read(gold_dir)
    found: list[tuple[int, int, Evidence]] = []
    frame = attribute_story(story, use_ranker=weights is not None, weights=weights,
                            collect=lambda q, ev: found.append((q.start, q.end, ev)))
    gold_chars, subs = S.load_gold(gold_dir)
    idmap = S.map_characters([c.to_dict() for c in story.characters], gold_chars)
    assert frame is not None
    # the genders and salience the sieves read with (a first-person narrator's gender is "i")
    genders, salience = frame.res.genders, frame.res.salience
    starts = [s for s, _e, _spk, _t in subs]
    import bisect

    rows, labels, groups = [], [], []
    for g, (qs, qe, ev) in enumerate(found):
        i = max(bisect.bisect_left(starts, qs) - 2, 0)
        gold = None
        best = 0
        while i < len(subs) and subs[i][0] < qe:
            ov = min(qe, subs[i][1]) - max(qs, subs[i][0])
            if ov > best:
                best, gold = ov, subs[i][2]
            i += 1
        cands = ev.candidates()
        lab = [idmap.get(character_id(c)) == gold for c in cands]
        if gold is None or not any(lab):
            continue
        for c, y in zip(cands, lab, strict=True):
            rows.append(features(ev, c, genders[c], salience[c]))
            labels.append(int(y))
            groups.append(g)
    return np.array(rows), np.array(labels), np.array(groups)


def fit(X: np.ndarray, y: np.ndarray) -> list[float]:
    # the bias is a feature already; fit_intercept off keeps the weights one plain vector
    model = LogisticRegression(C=1.0, max_iter=5000, fit_intercept=False)
    model.fit(X, y)
    return [float(w) for w in model.coef_[0]]


def score_with(S, gold_dir: Path, weights: list[float], tmp: Path, read=read_characters,  # type: ignore[no-untyped-def]
               calibration: list[tuple[list[float], int]] | None = None) -> dict:
    """Read a novel with ``weights`` and score it. With ``calibration``, each paragraph's pick
    (its calibration inputs, and whether its character is the gold speaker) is added to it."""
    story = read(gold_dir)
    seen: list[tuple[int, int, Evidence]] = []
    frame = attribute_story(story, weights=weights,
                            collect=(lambda q, ev: seen.append((q.start, q.end, ev))) if calibration is not None else None)
    if calibration is not None and frame is not None:
        gold_chars, subs = S.load_gold(gold_dir)
        idmap = S.map_characters([c.to_dict() for c in story.characters], gold_chars)
        for qs, qe, ev in seen:
            pick = choose(ev, frame.res.genders, frame.res.salience, weights)
            gold = _gold_of(subs, qs, qe)
            if pick is not None and gold is not None:
                calibration.append((calibration_inputs(pick), int(idmap.get(character_id(pick.who)) == gold)))
    settle_cast(story)
    pred = tmp / f"{gold_dir.name}.json"
    pred.write_text(json.dumps(story.to_dict()), encoding="utf-8")
    return S.score_one(gold_dir, pred)  # type: ignore[no-any-return]


def _gold_of(subs: list, qs: int, qe: int) -> str | None:  # type: ignore[type-arg]
    """The gold speaker of the gold quote that overlaps [qs, qe) most."""
    import bisect

    starts = [s for s, _e, _spk, _t in subs]
    i = max(bisect.bisect_left(starts, qs) - 2, 0)
    gold, best = None, 0
    while i < len(subs) and subs[i][0] < qe:
        ov = min(qe, subs[i][1]) - max(qs, subs[i][0])
        if ov > best:
            best, gold = ov, subs[i][2]
        i += 1
    return gold


def fit_calibration(rows: list[tuple[list[float], int]]) -> list[float]:
    """The ranker's confidence as a logistic function of its calibration inputs, fitted on picks
    made by rankers that had not seen the novel: [coefficients…, intercept]."""
    X = np.array([r for r, _y in rows])
    y = np.array([y for _r, y in rows])
    model = LogisticRegression(C=1.0, max_iter=5000)
    model.fit(X, y)
    return [float(c) for c in model.coef_[0]] + [float(model.intercept_[0])]


def leave_one_out(S, novels: list[Path], rounds: int, tmp: Path,  # type: ignore[no-untyped-def]
                  read: Callable[[Path], object] = read_characters):
    """Each novel scored with a ranker fitted on the others: ({novel: score_quotes result}, the
    training rows per novel). ``read`` is called afresh for every reading (3 per novel with two
    rounds), so a caller that keeps the stories read up to their cast can pass a copier."""
    data = {d.name: collect(S, d, read=read) for d in novels}
    for _ in range(rounds - 1):
        # the history a ranker sees is its own earlier choices: learn from those
        weights = fit(np.vstack([v[0] for v in data.values()]), np.concatenate([v[1] for v in data.values()]))
        data = {d.name: collect(S, d, weights, read=read) for d in novels}
    tmp.mkdir(parents=True, exist_ok=True)
    results = {}
    cal: list[tuple[list[float], int]] = []
    for d in novels:
        X = np.vstack([data[n][0] for n in data if n != d.name])
        y = np.concatenate([data[n][1] for n in data if n != d.name])
        results[d.name] = score_with(S, d, fit(X, y), tmp, read=read, calibration=cal)
    CALIBRATION[:] = fit_calibration(cal) if len({y for _r, y in cal}) == 2 else []
    return results, data


#: the calibration fitted by the last ``leave_one_out`` (on its held-out picks)
CALIBRATION: list[float] = []


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--no-save", action="store_true")
    ap.add_argument("--rounds", type=int, default=2,
                    help="1: learn from the rules' reading; 2: learn again from the first ranker's reading")
    a = ap.parse_args()
    shared = Path(a.shared)
    gold_root = shared / "eval" / "pdnc-dev"
    if not gold_root.is_dir():
        print(f"no PDNC data at {gold_root}")
        return 1
    S = scorer(shared)
    novels = sorted(d for d in gold_root.iterdir() if (d / "quotation_info.csv").exists())
    results, data = leave_one_out(S, novels, a.rounds, ROOT / "out" / "lono", cached_reader())
    for name, r in results.items():
        print(f"{name:30s} leave-one-out acc {r['speaker_accuracy']:.3f}  "
              + "  ".join(f"{k} {v['accuracy']:.2f}" for k, v in r["by_type"].items()), flush=True)
    total = sum(r["_counts"]["total"] for r in results.values())
    correct = sum(r["_counts"]["correct"] for r in results.values())
    print(f"leave-one-novel-out micro speaker accuracy {correct / max(total, 1):.3f}")
    weights = fit(np.vstack([v[0] for v in data.values()]), np.concatenate([v[1] for v in data.values()]))
    for name, w in sorted(zip(FEATURES, weights, strict=True), key=lambda t: -abs(t[1])):
        print(f"  {name:22s} {w:+.3f}")
    print(f"calibration (log-odds of the softmax, score, intercept): {CALIBRATION}")
    if not a.no_save:
        OUT.write_text(json.dumps({"features": FEATURES, "weights": weights, "calibration": CALIBRATION,
                                   "trained_on": [d.name for d in novels],
                                   "model": "logistic regression over candidate rows (benchmarks/train_ranker.py)"},
                                  indent=1) + "\n", encoding="utf-8")
        print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
