"""Fit FB112's threshold for words the trigram model never saw (fabula/beta/confusion.py: UNSEEN_SLIP) on
the tune split only.

    python benchmarks/tune_unseen_slip.py --shared ../shared

Every lower-case dictionary word the model does not know is given :func:`confusion.unseen_slip`'s score
(how strongly the words either side expect a common neighbour of it), on the clean side — the eight PDNC
dev novels (all their text, dialogue and names included: stricter than the rule, which passes over
both), JFLEG's even sentences' first references and Zesch's even records corrected — and at the slips of
Zesch's even records (natural, and the first 200 of each artificial set). Printed: for each threshold on
a small grid, the slips found and the clean side's findings; with ``--list``, every scored word on the
clean side and every tune slip, highest first.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import real_mistakes as rm

from fabula.beta import confusion, ngrams, spelling

Row = tuple[str, bool, str, str, float]  # source, a slip?, word, neighbour, score


def scored(text: str, slip: tuple[int, int] | None = None) -> list[tuple[bool, str, str, float]]:
    """(on the slip?, word, neighbour, score) for each lower-case dictionary word of ``text`` the model
    never saw."""
    out = []

    def wanted(w: str) -> bool:
        return w.isalpha() and spelling.known(w) and not ngrams.known(w)

    for a, b, w, win, i in confusion.windows(text, [(0, len(text))], wanted, lambda _a, w: not w.islower()):
        found = confusion.unseen_slip(win, i, win[i]) if len(win) >= 3 else None
        if found is not None:
            out.append((slip is not None and a < slip[1] and b > slip[0], w, found[0], found[1]))
    return out


def collect(shared: Path) -> list[Row]:
    rows: list[Row] = []
    for path in sorted((shared / "eval" / "pdnc-dev").glob("*/novel_text.txt")):
        rows += [("pdnc", False, w, c, s) for _t, w, c, s in scored(path.read_text(encoding="utf-8"))]
    errs = shared / "eval" / "errors"
    for f in ("en_natural_train.txt", "en_artificial_token.txt", "en_artificial_noun.txt"):
        data = [x for x in rm.zesch(errs / "zesch" / f) if x[0] % 2 == 0][:None if "natural" in f else 200]
        for _i, bad, good, a, b in data:
            rows += [(f"zesch-{f[3:-4]}" if t else "zesch-elsewhere", t, w, c, s) for t, w, c, s in scored(bad, (a, b))]
            rows += [("zesch-corrected", False, w, c, s) for _t, w, c, s in scored(good)]
    for i, _sent, ref in rm.jfleg(errs / "jfleg-test"):
        if i % 2 == 0:
            rows += [("jfleg-reference", False, w, c, s) for _t, w, c, s in scored(ref)]
    return rows


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--list", action="store_true", help="every scored word, highest first")
    a = ap.parse_args()
    rows = collect(Path(a.shared))
    print("threshold: findings by source (a slip's source is its Zesch set)")
    for t in (3.0, 3.5, 4.0, 4.5, 5.0, 5.5, 6.0, 7.0):
        c = Counter(r[0] for r in rows if r[4] >= t)
        print(f"  {t:4.1f}  " + "  ".join(f"{k} {v}" for k, v in sorted(c.items())))
    if a.list:
        for r in sorted(rows, key=lambda r: -r[4]):
            if r[4] >= 2.0:
                print(f"  {r[4]:5.1f} {r[0]:22s} {r[2]} -> {r[3]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
