"""Speaker attribution on the PDNC dev novels, scored by ../shared/eval/score_quotes.py.

    python benchmarks/eval_speakers.py --shared ../shared [--novels Emma,...] [--out out/pdnc]

Writes one fabula JSON per novel and prints the scorer's per-novel and micro figures, plus
accuracy by quote type (Explicit / Anaphoric / Implicit) and alias-pair precision/recall.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import fabula

Lines = dict[str, tuple[list[dict[str, Any]], list[tuple[int, int, str | None, str | None, str | None]]]]


def print_sieve_table(shared: Path, lines: Lines) -> None:
    """Per speaker sieve: the gold lines it decided and how many of those are right.

    ``lines``: per novel, its characters (JSON) and its dialogue quotes as (start, end, speaker,
    sieve, rule_sieve) — ``Quote.sieve`` and ``Quote.rule_sieve`` are not in the JSON. Each PDNC
    gold line counts for the predicted quote that overlaps it most and is right as the scorer
    says (its own alignment and character mapping), so the "all" row is the micro accuracy.
    Under "ranker", the same lines by the sieve the rules alone had chosen.
    """
    import bisect
    import importlib.util
    from collections import Counter

    spec = importlib.util.spec_from_file_location("score_quotes", shared / "eval" / "score_quotes.py")
    assert spec and spec.loader
    S = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(S)
    n: Counter[str] = Counter()
    right: Counter[str] = Counter()
    for name, (chars, quotes) in lines.items():
        gold_chars, subs = S.load_gold(shared / "eval" / "pdnc-dev" / name)
        idmap = S.map_characters(chars, gold_chars)
        quotes = sorted(quotes)
        starts = [q[0] for q in quotes]
        for s, e, spk, _typ in subs:
            best, best_ov = None, 0
            for i in range(max(bisect.bisect_left(starts, s) - 4, 0), len(quotes)):
                if quotes[i][0] >= e:
                    break
                ov = min(e, quotes[i][1]) - max(s, quotes[i][0])
                if ov > best_ov:
                    best, best_ov = quotes[i], ov
            keys = ["quote not found"] if best is None else [best[3] or "no speaker"]
            if best is not None and best[3] == "ranker":
                keys.append(f"ranker | rules: {best[4] or 'none'}")
            ok = best is not None and S.speaker_to_gold(best[2], idmap, gold_chars) == spk
            for k in [*keys, "all"]:
                n[k] += 1
                right[k] += ok
    total = max(n["all"], 1)
    print(f"{'by sieve (PDNC gold lines)':34s} {'lines':>6s} {'share':>6s} {'accuracy':>8s}")
    order = sorted((k for k in n if k != "all" and not k.startswith("ranker |")), key=lambda k: -n[k])
    for k in order + ["all"]:
        print(f"  {k:32s} {n[k]:6d} {n[k] / total:6.1%} {right[k] / max(n[k], 1):8.3f}")
        if k == "ranker":
            for sub in sorted((x for x in n if x.startswith("ranker |")), key=lambda x: -n[x]):
                print(f"    {sub[9:]:30s} {n[sub]:6d} {n[sub] / total:6.1%} {right[sub] / max(n[sub], 1):8.3f}")


UNTYPED = "untyped"


def _type_label(kind: str) -> str:
    """PDNC's quote type; a quote the annotation leaves untyped comes through its CSV as 'nan'."""
    return UNTYPED if kind.lower() == "nan" else kind


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--out", default="out/pdnc")
    ap.add_argument("--novels", default="")
    ap.add_argument("--min-accuracy", type=float, default=None, help="exit 1 if micro accuracy is below this")
    a = ap.parse_args()
    gold = Path(a.shared) / "eval" / "pdnc-dev"
    if not gold.is_dir():
        print(f"no PDNC data at {gold}; nothing to evaluate")
        return 0
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    wanted = [n for n in a.novels.split(",") if n]
    novels = sorted(d for d in gold.iterdir() if (d / "novel_text.txt").exists() and (not wanted or d.name in wanted))
    lines: Lines = {}
    for d in novels:
        t = time.perf_counter()
        story = fabula.read(d / "novel_text.txt")
        (out / f"{d.name}.json").write_text(json.dumps(story.to_dict()), encoding="utf-8")
        lines[d.name] = ([c.to_dict() for c in story.characters],
                         [(q.start, q.end, q.speaker, q.sieve, q.rule_sieve) for q in story.quotes if q.kind == "dialogue"])
        print(f"{d.name:30s} {story.work.words:>7,} words  {time.perf_counter() - t:5.1f} s", flush=True)
    scorer = Path(a.shared) / "eval" / "score_quotes.py"
    res = subprocess.run([sys.executable, str(scorer), "--all", "--json", str(gold), str(out)], capture_output=True, text=True, check=True)
    data = json.loads(res.stdout)
    by_type: dict[str, list[float]] = {}
    for name, r in data["novels"].items():
        if not r:
            continue
        print(f"{name:30s} acc {r['speaker_accuracy']:.3f}  quote recall {r['quote_recall']:.3f}  "
              f"alias P/R {r['alias_pair_precision']:.2f}/{r['alias_pair_recall']:.2f}  "
              + "  ".join(f"{_type_label(k)} {v['accuracy']:.2f}" for k, v in r["by_type"].items()))
        for k, v in r["by_type"].items():
            acc = by_type.setdefault(_type_label(k), [0.0, 0.0])
            acc[0] += v["accuracy"] * v["n"]
            acc[1] += v["n"]
    micro = data["summary"]["micro_speaker_accuracy"]
    print("by type: " + "  ".join(f"{k} {c / n:.3f} (n={int(n)})" for k, (c, n) in sorted(by_type.items())))
    print_sieve_table(Path(a.shared), lines)
    if UNTYPED in by_type:
        print(f"  ({UNTYPED}: quotes the PDNC annotation gives no type, read from its CSV as 'nan')")
    print(f"micro speaker accuracy {micro:.3f} over {data['summary']['scored']}/{data['summary']['novels']} novels")
    if a.min_accuracy is not None and micro < a.min_accuracy:
        print(f"FAIL: micro accuracy {micro:.3f} is below the gate {a.min_accuracy:.3f}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
