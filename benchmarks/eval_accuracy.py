"""Speaker attribution on three annotated sources, tune and check side by side (``make eval``).

    python benchmarks/eval_accuracy.py --shared ../shared                 # everything
    python benchmarks/eval_accuracy.py --sources litbank,fics --no-cast   # a part
    python benchmarks/eval_accuracy.py --errors                           # + the tune split's wrong lines

Sources and splits (``benchmarks/splits.py``, ``docs/accuracy.md``):
- PDNC dev, 8 novels, scored by ``../shared/eval/score_quotes.py``: tune = fabula as shipped
  (``benchmarks/eval_speakers.py``'s figure); check = leave-one-novel-out (the ranker fitted
  without the novel it reads; needs scikit-learn, the ``train`` extra).
- LitBank quotations, 79 works (``evaluation/litbank.py``): tune/check by a hash of the file name.
- The annotated fics, 9 stories (``evaluation/fics.py``): tune 01 02 04 06 08, check 03 05 07 09.

Each figure is micro accuracy over the gold dialogue quotes (a quote fabula missed is wrong),
with quote recall and the accuracy over the quotes fabula found beside it; ``--cast`` gives
fabula the gold character list. The gate (``--min-*``) looks at check figures only; exit 1
below any of them. ``--json FILE`` writes every figure.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.evaluation import speakers as SP  # noqa: E402
from benchmarks.evaluation.pdnc import PdncResult  # noqa: E402
from benchmarks.evaluation.scoring import Tally  # noqa: E402

SOURCES = ("pdnc", "litbank", "fics")


def _row(source: str, split: str, t: Tally, cast: Tally | None) -> dict[str, object]:
    return {"source": source, "split": split, "works": t.works, "quotes": t.quotes, "ceiling": t.ceiling, "recall": t.recall,
            "accuracy_found": t.accuracy_found, "accuracy": t.accuracy,
            "cast_accuracy": cast.accuracy if cast is not None and cast.quotes else None}


def _fmt(r: dict[str, object]) -> str:
    cast = r["cast_accuracy"]
    acc = float(r["accuracy"])  # type: ignore[arg-type]
    tail = (f"{cast:8.3f}  {cast - acc:+.3f}" if isinstance(cast, float) else f"{'—':>8s}  {'':6s}")
    return (f"{r['source']:8s} {r['split']:12s} {r['works']:>5} {r['quotes']:>6}  {float(r['ceiling']):7.3f}  "  # type: ignore[arg-type]
            f"{float(r['recall']):6.3f}  "  # type: ignore[arg-type]
            f"{float(r['accuracy_found']):6.3f}  {acc:8.3f}  {tail}")  # type: ignore[arg-type]


def pdnc_rows(res: PdncResult) -> list[dict[str, object]]:
    rows = [_row("PDNC", "tune", res.total("tune"), res.total("cast") if res.cast else None)]
    if res.loo:
        rows.append(_row("PDNC", "check (LOO)", res.total("loo"), None))
    return rows


def source_rows(res: SP.SourceResult, with_cast: bool) -> list[dict[str, object]]:
    rows = []
    for split in ("tune", "check", None):
        t = res.total(split)
        if t.quotes:
            rows.append(_row(res.source, split or "all", t, res.total(split, cast=True) if with_cast else None))
    return rows


def gap(rows: list[dict[str, object]], source: str) -> float | None:
    tune = [r for r in rows if r["source"] == source and r["split"] == "tune"]
    check = [r for r in rows if r["source"] == source and str(r["split"]).startswith("check")]
    if tune and check:
        return float(tune[0]["accuracy"]) - float(check[0]["accuracy"])  # type: ignore[arg-type]
    return None


def check_figure(rows: list[dict[str, object]], source: str) -> float | None:
    got = [r for r in rows if r["source"] == source and str(r["split"]).startswith("check")]
    return float(got[0]["accuracy"]) if got else None  # type: ignore[arg-type]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--out", default="out/eval")
    ap.add_argument("--sources", default=",".join(SOURCES))
    ap.add_argument("--no-cast", action="store_true", help="skip the readings with the gold cast")
    ap.add_argument("--no-loo", action="store_true", help="skip PDNC leave-one-novel-out (the check figure)")
    ap.add_argument("--per-work", action="store_true", help="a row for every LitBank work too")
    ap.add_argument("--litbank-epithets", action="store_true",
                    help="LitBank gold speakers known by their common-noun mentions and the narrator's entity as 'narrator' "
                         "too (as the fics' epithets): a line given to an unnamed voice can count; not the reference figure")
    ap.add_argument("--errors", action="store_true", help="list the tune split's wrong quotes (never check's)")
    ap.add_argument("--json", default=None, help="write every figure to this file")
    ap.add_argument("--min-pdnc-loo", type=float, default=None)
    ap.add_argument("--min-litbank-check", type=float, default=None)
    ap.add_argument("--min-fics-check", type=float, default=None)
    a = ap.parse_args(argv)
    shared, out = Path(a.shared), Path(a.out)
    if not (shared / "eval").is_dir():
        print(f"no evaluation data at {shared / 'eval'}; nothing to evaluate")
        return 0
    wanted = [s for s in a.sources.split(",") if s]
    t0 = time.perf_counter()
    rows: list[dict[str, object]] = []
    per_work: list[str] = []
    works: list[dict[str, object]] = []
    errors: list[str] = []
    sieves = ""
    if "pdnc" in wanted and (shared / "eval" / "pdnc-dev").is_dir():
        from benchmarks.evaluation import pdnc

        res = pdnc.evaluate(shared, out / "pdnc", with_loo=not a.no_loo and _has_sklearn(), with_cast=not a.no_cast)
        rows += pdnc_rows(res)
        if res.lines:
            sieves = _sieve_table(shared, res)
        for name, r in res.tune.items():
            loo = res.loo.get(name, {}).get("speaker_accuracy")
            cast = res.cast.get(name, {}).get("speaker_accuracy")
            per_work.append(f"  PDNC    {name:34s} tune {r['speaker_accuracy']:.3f}  LOO "
                            + (f"{loo:.3f}" if loo is not None else "  —  ") + "  --cast "
                            + (f"{cast:.3f}" if cast is not None else "  —"))
    for key, fn in (("litbank", SP.evaluate_litbank), ("fics", SP.evaluate_fics)):
        if key not in wanted:
            continue
        sres = (SP.evaluate_litbank(shared, out / key, with_cast=not a.no_cast, with_epithets=True)
                if key == "litbank" and a.litbank_epithets else fn(shared, out / key, with_cast=not a.no_cast))
        rows += source_rows(sres, not a.no_cast)
        for w in sres.works:
            works.append({"source": sres.source, "work": w.name, "split": w.split, "quotes": w.plain.quotes,
                          "found": w.plain.found, "correct": w.plain.correct,
                          "cast_correct": w.cast.correct if w.cast else None, "notes": w.notes})
            if key == "fics" or a.per_work:
                cast = f"{w.cast.accuracy:.3f}" if w.cast else "  —"
                per_work.append(f"  {sres.source:7s} {w.name:34s} {w.split:5s} {w.plain.correct:>4}/{w.plain.quotes:<4} "
                                f"{w.plain.accuracy:.3f}  recall {w.plain.recall:.3f}  --cast {cast}"
                                + (f"  ({'; '.join(w.notes)})" if w.notes else ""))
        if a.errors:
            errors += SP.tune_errors(sres)
    if sieves:
        print("\nPDNC tune, by the sieve that decided each line (issue 15: each sieve measured on its own)")
        print(sieves, end="")
    _print(rows, per_work, errors, wanted, time.perf_counter() - t0)
    if a.json:
        Path(a.json).write_text(json.dumps({"rows": rows, "works": works, "gaps": {s: gap(rows, s) for s in ("PDNC", "LitBank", "fics")}},
                                           indent=1), encoding="utf-8")
    return _gate(rows, {"PDNC": a.min_pdnc_loo, "LitBank": a.min_litbank_check, "fics": a.min_fics_check})


def _sieve_table(shared: Path, res: PdncResult) -> str:
    """``eval_speakers.print_sieve_table`` on the shipped reading, as text for the summary."""
    import contextlib
    import io

    from benchmarks.eval_speakers import print_sieve_table

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        print_sieve_table(shared, res.lines)
    return buf.getvalue()


def _has_sklearn() -> bool:
    try:
        import sklearn  # noqa: F401
    except ImportError:
        print("scikit-learn is not installed (pip install -e '.[train]'): no PDNC leave-one-novel-out figure")
        return False
    return True


def _print(rows: list[dict[str, object]], per_work: list[str], errors: list[str], wanted: list[str], secs: float) -> None:
    if per_work:
        print("\nper work (accuracy over gold dialogue quotes)")
        print("\n".join(per_work))
    if errors:
        print("\ntune split: wrong quotes")
        print("\n".join(errors))
    print("\nspeaker attribution — accuracy over gold dialogue quotes (missed = wrong); check is the figure that counts")
    print(f"{'source':8s} {'split':12s} {'works':>5} {'quotes':>6}  {'ceiling':>7}  {'recall':>6}  {'found':>6}  {'accuracy':>8}  {'--cast':>8}  cast−plain")
    for r in rows:
        print(_fmt(r))
    gaps = [f"{s} {g:+.3f}" for s in ("PDNC", "LitBank", "fics") if (g := gap(rows, s)) is not None]
    if gaps:
        print("gap (tune − check): " + "   ".join(gaps))
    print(f"({secs:.0f} s; 'ceiling' = share of quotes whose gold speaker has a name, the most any reader can score; "
          "'found' = accuracy over the quotes fabula found)")


def _gate(rows: list[dict[str, object]], minimums: dict[str, float | None]) -> int:
    failed = False
    for source, least in minimums.items():
        if least is None:
            continue
        got = check_figure(rows, source)
        if got is None:
            print(f"FAIL: no {source} check figure to gate on")
            failed = True
        elif got < least:
            print(f"FAIL: {source} check accuracy {got:.3f} is below the gate {least:.3f}")
            failed = True
        else:
            print(f"gate: {source} check {got:.3f} ≥ {least:.3f}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
