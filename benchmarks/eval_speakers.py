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

import fabula

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
    for d in novels:
        t = time.perf_counter()
        story = fabula.read(d / "novel_text.txt")
        (out / f"{d.name}.json").write_text(json.dumps(story.to_json()), encoding="utf-8")
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
    if UNTYPED in by_type:
        print(f"  ({UNTYPED}: quotes the PDNC annotation gives no type, read from its CSV as 'nan')")
    print(f"micro speaker accuracy {micro:.3f} over {data['summary']['scored']}/{data['summary']['novels']} novels")
    if a.min_accuracy is not None and micro < a.min_accuracy:
        print(f"FAIL: micro accuracy {micro:.3f} is below the gate {a.min_accuracy:.3f}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
