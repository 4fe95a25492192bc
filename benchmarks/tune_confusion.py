"""Fit the confusable-word thresholds (fabula/beta/confusion.py: DECIDES and WITH_PAIRS) on the tune
split only; the WITH_TAGGER column measures spaCy's tagger as a third voice (99: without it),
which fabula left out for finding nothing more.

    python benchmarks/tune_confusion.py --shared ../shared

Every confusion-set member the trigram model would replace is collected once, with its score (the
model's preference for the other member, less part of its extra commonness, plus the slot's say),
what spaCy's tagger reads the written word as, and whether symspellpy's pair counts agree: from
the clean side (the eight PDNC dev novels, JFLEG's even sentences' first references, Zesch's even
records corrected) and the mistakes of the tune halves (Zesch's even records, natural and the first
300 of each artificial set; JFLEG's even sentences; the tune fics 01, 02, 04, 06, 08). Then each
setting on a small grid is printed: mistakes found, and findings on the clean side. The setting in
confusion.py is the one chosen from this table: the most mistakes found while the clean novels stay
under about 0.1 findings per 1,000 words. (The per-pair thresholds that the pair counts' own verdict
uses, confusion_thresholds.tsv, were fitted by the previous version of this script.)
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path

import real_mistakes as rm

import fabula
from fabula.beta import confusion, tagger
from fabula.beta.engine import Context
from fabula.beta.vocabulary import _sentence_start

Row = tuple[str, str, str, float, str, bool]  # source, word, other, score, tagger's class, pairs agree


def candidates(text: str, spans: list[tuple[int, int]], names: set[str] | frozenset[str] = frozenset()
               ) -> list[tuple[int, int, Row]]:
    def skip(a: int, w: str) -> bool:
        return w.lower() in names or (w[0].isupper() and (not _sentence_start(text, a) or w.isupper() and len(w) > 1))
    out = []
    for a, b, w, alt, gain, sl, win, i in confusion.scored(text, spans, skip):
        low = w.lower()
        cls = ""
        if gain + sl > confusion.WITH_PAIRS:
            s0, sentence = tagger.sentence_around(text, a)
            cls = tagger.pos_at(sentence, a - s0)[0]
        out.append((a, b, ("", low, alt, gain + sl, cls, confusion.pairs_agree(win, i, low, alt))))
    return out


def collect(shared: Path) -> tuple[list[Row], list[Row], int]:
    clean: list[Row] = []
    errors: list[Row] = []
    words = 0
    for path in sorted((shared / "eval" / "pdnc-dev").glob("*/novel_text.txt")):
        story = fabula.read(path)
        ctx = Context.of(story)
        words += len(story.text.split())
        clean += [("pdnc",) + r[1:] for _a, _b, r in candidates(story.text, ctx.prose, ctx.names)]
    errs = shared / "eval" / "errors"
    for f in ("en_natural_train.txt", "en_artificial_token.txt", "en_artificial_noun.txt"):
        data = [x for x in rm.zesch(errs / "zesch" / f) if x[0] % 2 == 0][:None if "natural" in f else 300]
        for _i, bad, good, a, b in data:
            right = good[a:len(good) - (len(bad) - b)].lower()
            errors += [("zesch",) + r[1:] for x, _y, r in candidates(bad, [(0, len(bad))]) if x == a and r[2] == right]
            clean += [("zesch-corrected",) + r[1:] for _x, _y, r in candidates(good, [(0, len(good))])]
    for i, sent, ref in rm.jfleg(errs / "jfleg-test"):
        if i % 2:
            continue
        clean += [("jfleg-reference",) + r[1:] for _x, _y, r in candidates(ref, [(0, len(ref))])]
        found = candidates(sent.text, [(0, len(sent.text))])
        for a, b, _orig, corr in sent.edits:
            errors += [("jfleg",) + r[1:] for x, y, r in found if (x, y) == (a, b) and r[2] == corr.lower()]
    for g in sorted((shared / "eval" / "fics").glob("*.gold.json")):
        if g.name[:2] not in rm.FIC_TUNE:
            continue
        for e in json.loads(g.read_text(encoding="utf-8"))["errors"]:
            sn, fx = e["snippet"], e["fix"]
            errors += [("fics",) + r[1:] for x, y, r in candidates(sn, [(0, len(sn))])
                       if (sn[:x] + r[2] + sn[y:]).lower() == fx.lower()]
    return clean, errors, words


def fires(r: Row, decides: float, with_tagger: float, with_pairs: float) -> bool:
    supports = bool(r[4]) and r[1] in confusion.POS and r[2] in confusion.POS and r[4] not in confusion.POS[r[1]] \
        and r[4] in confusion.POS[r[2]]
    return r[3] > decides or (r[3] > with_tagger and supports) or (r[3] > with_pairs and r[5])


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default="../shared")
    a = ap.parse_args()
    clean, errors, words = collect(Path(a.shared))
    print(f"{len(errors)} tune mistakes among the sets; clean side: {words:,} words of PDNC novels and the "
          "tune references")
    print("DECIDES WITH_TAGGER WITH_PAIRS   mistakes found   PDNC findings (per 1,000 words)   other clean")
    for d, t, p in itertools.product((5.0, 6.0, 7.0, 8.0), (3.0, 4.0, 99.0), (2.0, 3.0, 99.0)):
        pd = sum(fires(r, d, t, p) for r in clean if r[0] == "pdnc")
        other = sum(fires(r, d, t, p) for r in clean if r[0] != "pdnc")
        print(f"{d:7.1f} {t:11.1f} {p:10.1f}   {sum(fires(r, d, t, p) for r in errors):3d}/{len(errors)}"
              f"           {pd:4d} ({pd / words * 1000:.2f})                   {other}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
