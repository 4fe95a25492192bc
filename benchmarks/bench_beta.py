"""The beta read measured: planted mistakes in clean published prose, and real mistakes nobody planted.

    python benchmarks/bench_beta.py --shared ../shared [--sets planted,jfleg,zesch,fics] [--split tune|check|both]
                                    [--per-kind 15] [--seed 7] [--zesch-limit 400] [--cache /tmp/fabula-bench]

Real mistakes (``real_mistakes.py``): JFLEG learner sentences (annotator 0's edits; the first
reference is the clean side), Zesch's Wikipedia real-word errors (natural, and the artificial sets
up to ``--zesch-limit`` records), and the annotated fics (errors and not_errors). Each is printed
for fabula beside hunspell (Debian's hunspell-en-us through enchant) and pyspellchecker on the same
sentences, per split: tune (whose errors may be read) and check (figures only).

Planted mistakes:

For each PDNC dev novel, each error kind is injected at up to ``--per-kind`` natural sites
(where the correct form occurs), chosen with a fixed seed and at least 300 characters apart.
A finding of the kind's family that overlaps an injected span is a hit; one that overlaps
none is a false alarm. Printed: recall and precision per kind and per family, error-severity
false alarms per 1,000 words on the clean novels, character names flagged as misspellings,
and the time of the check against the time of the read.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import fabula
import fabula.beta.rules  # noqa: F401
from fabula.beta.engine import RULES, check_story
from fabula.beta.lexicon import CONFUSABLE_SETS

SPEECH = r"(?:said|asked|replied|whispered|cried|answered|added|continued|returned|exclaimed|murmured|muttered)"
Inject = tuple[re.Pattern[str], Callable[[re.Match[str]], str], str]  # pattern, replacement, family

CONF = {a: b for s in CONFUSABLE_SETS for a, b in ((s[0], s[1]), (s[1], s[0]))}
KINDS: dict[str, Inject] = {
    "confusable": (re.compile(r"\b(?:" + "|".join(sorted(CONF, key=len, reverse=True)) + r")\b"),
                   lambda m: CONF[m.group(0)], "words"),
    "could-of": (re.compile(r"\b(?:could|would|should|might|must) (have)\b(?! (?:been|had)\b)"),
                 lambda m: m.group(0)[: m.start(1) - m.start(0)] + "of", "words"),
    "doubled-word": (re.compile(r"\b(?:the|a|to|and|of|in|was|he|she|it|that|his|her)\b(?= [a-z])"),
                     lambda m: m.group(0) + " " + m.group(0), "words"),
    "apostrophe-plural": (re.compile(r"\b(?:two|three|four|many|several|few|those|these|some) ([a-z]{3,}[^s'])s\b(?=[,.;]| and\b)"),
                          lambda m: m.group(0)[: m.start(1) - m.start(0)] + m.group(1) + "'s", "words"),
    "your-youre": (re.compile(r"\b[Yy]ou're(?= (?:going|not|a|the|so|very|welcome|right|sure)\b)"),
                   lambda m: m.group(0)[0] + "our", "words"),
    "its-its": (re.compile(r"\b[Ii]t's(?= (?:a|the|not|been|so|too|all|no|only)\b)"),
                lambda m: m.group(0)[0] + "ts", "words"),
    "misspelling": (re.compile(r"(?<![\w'’-])[a-z]{6,}(?![\w'’-])"),
                    lambda m: m.group(0)[:2] + m.group(0)[3] + m.group(0)[2] + m.group(0)[4:], "words"),
    "capital-after-dialogue": (re.compile(rf"(?<=,[\"”] )(?:she|he|they)(?= {SPEECH}\b)"),
                               lambda m: m.group(0).capitalize(), "dialogue"),  # fixed-width look-behind
    "period-before-tag": (re.compile(rf",(?=[\"”] (?:she|he|they|I) {SPEECH}\b)"), lambda m: ".", "dialogue"),
}


def inject_all(text: str, n: int, rng: random.Random) -> tuple[str, list[tuple[int, int, str]]]:
    """The text with up to ``n`` injections of every kind, at least 300 characters apart, and the
    injected spans (in the new text) with their kind."""
    chosen: list[tuple[re.Match[str], str]] = []
    taken: list[int] = []
    for kind, (pattern, _repl, _fam) in KINDS.items():
        sites = list(pattern.finditer(text))
        rng.shuffle(sites)
        k = 0
        for m in sites:
            if k == n:
                break
            if all(abs(m.start() - t) > 300 for t in taken):
                chosen.append((m, kind))
                taken.append(m.start())
                k += 1
    chosen.sort(key=lambda mk: mk[0].start())
    out, spans, pos, shift = [], [], 0, 0
    for m, kind in chosen:
        new = KINDS[kind][1](m)
        out.append(text[pos:m.start()])
        spans.append((m.start() + shift, m.start() + shift + len(new), kind))
        out.append(new)
        shift += len(new) - (m.end() - m.start())
        pos = m.end()
    out.append(text[pos:])
    return "".join(out), spans


def family_of(code: str) -> str:
    return RULES[code].family


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--sets", default="planted,jfleg,zesch,fics")
    ap.add_argument("--split", default="both", choices=["tune", "check", "both"])
    ap.add_argument("--per-kind", type=int, default=15)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--zesch-limit", type=int, default=400, help="records per artificial Zesch set and split")
    ap.add_argument("--cache", default="", help="a folder to keep the sentence stories read, between runs")
    ap.add_argument("--details", action="store_true", help="each miss and false alarm on the tune split")
    ap.add_argument("--write-precision", metavar="JSON",
                    help="write each rule's measured precision here (src/fabula/data/fix_precision.json decides "
                         "which fixes --fix applies)")
    a = ap.parse_args()
    sets = a.sets.split(",")
    rc = 0
    if any(s in sets for s in ("jfleg", "zesch", "fics")):
        rc |= real(a, sets)
    if "planted" in sets:
        rc |= planted(a)
    return rc


def _pct(n: float, d: float) -> str:
    return f"{n:.0f}/{d:.0f} = {n / d:.3f}" if d else "-"


def real(a: argparse.Namespace, sets: list[str]) -> int:
    """Real mistakes: JFLEG, Zesch, the fics; fabula beside hunspell and pyspellchecker."""
    import real_mistakes as rm

    shared = Path(a.shared)
    errors = shared / "eval" / "errors"
    checkers = {"hunspell": rm.hunspell_checker(), "pyspellchecker": rm.pyspell_checker()}
    splits = ["tune", "check"] if a.split == "both" else [a.split]
    for split in splits:
        cache = Path(a.cache) if a.cache else None
        if "jfleg" in sets and (errors / "jfleg-test").is_dir():
            fab = rm.Fabula(cache / f"jfleg-{split}.pickle" if cache else None)
            t = time.perf_counter()
            res = rm.run_jfleg(errors / "jfleg-test", split, checkers, fab)
            fab.save()
            print(f"\nJFLEG test, {split} half ({res['fabula']['sentences']:.0f} sentences, "
                  f"{res['fabula']['edits']:.0f} edits by annotator 0; {time.perf_counter() - t:.0f} s):")
            kinds = sorted(k[6:] for k in res["fabula"] if k.startswith("edits:"))
            for name, row in res.items():
                per = "  ".join(f"{k} {_pct(row.get('found:' + k, 0), row['edits:' + k])}" for k in kinds)
                print(f"  {name:15s} edits found {_pct(row['found'], row['edits'])}   corrected sentences flagged "
                      f"{row['refs_flagged']:.0f}/{row['sentences']:.0f} ({row['ref_findings']:.0f} findings; "
                      f"{row['refs_flagged_kept']:.0f} on a word every annotator kept)   [{per}]")
        if "zesch" in sets and (errors / "zesch").is_dir():
            for f in ("en_natural_train.txt", "en_artificial_token.txt", "en_artificial_noun.txt"):
                limit = None if "natural" in f else a.zesch_limit
                fab = rm.Fabula(cache / f"zesch-{f[3:-4]}-{split}.pickle" if cache else None)
                res = rm.run_zesch(errors / "zesch" / f, split, checkers, fab, limit)
                fab.save()
                print(f"\nZesch {f[3:-4]}, {split} half ({res['fabula']['records']:.0f} records; "
                      f"a finding on the corrected sentence or elsewhere in the sentence is a false alarm):")
                for name, row in res.items():
                    print(f"  {name:15s} recall {_pct(row['tp'], row['records'])}   precision "
                          f"{_pct(row['tp'], row['tp'] + row['fp'])} (false alarms {row['fp']:.0f}); each word "
                          f"once (flagged in both versions): {_pct(row['tp'], row['tp'] + row['fp_words'])}; counting "
                          f"only those on dictionary words: {_pct(row['tp'], row['tp'] + row['fp_real'])}")
        if "fics" in sets and (shared / "eval" / "fics").is_dir():
            res, detail = rm.run_fics(shared / "eval" / "fics", split, checkers)
            print(f"\nAnnotated fics, {split} split ({', '.join(rm.FIC_TUNE if split == 'tune' else rm.FIC_CHECK)}):")
            for name, row in res.items():
                print(f"  {name:15s} mistakes found {_pct(row['found'], row['errors'])}   not_errors flagged "
                      f"{row['not_errors_flagged']:.0f}   other findings {row['other_findings']:.0f}")
            kinds = sorted(k[7:] for k in res["fabula"] if k.startswith("errors:"))
            print("  fabula by kind: " + "; ".join(
                f"{k} {res['fabula'].get('found:' + k, 0):.0f}/{res['fabula']['errors:' + k]:.0f}" for k in kinds))
            if a.details and split == "tune":
                print("\n".join(detail))
    return 0


def planted(a: argparse.Namespace) -> int:
    novels = sorted((Path(a.shared) / "eval" / "pdnc-dev").glob("*/novel_text.txt"))
    if not novels:
        print("no PDNC novels under --shared; nothing to measure")
        return 1
    rng = random.Random(a.seed)
    hits: dict[str, int] = defaultdict(int)
    injected: dict[str, int] = defaultdict(int)
    fam_tp: dict[str, int] = defaultdict(int)
    fam_fp: dict[str, int] = defaultdict(int)
    rule_tp: dict[str, int] = defaultdict(int)  # a rule's findings on an injected slip of its family
    rule_fp: dict[str, int] = defaultdict(int)  # … and elsewhere, where the published text is (nearly always) right
    clean_errors = clean_words = names_flagged = 0
    t_read = t_check = 0.0
    for path in novels:
        clean = path.read_text(encoding="utf-8")
        t = time.perf_counter()
        story = fabula.read(path)
        t_read += time.perf_counter() - t
        t = time.perf_counter()
        base = check_story(story)
        t_check += time.perf_counter() - t
        words = len(clean.split())
        clean_words += words
        errors = [d for d in base if d.severity == "error"]
        clean_errors += len(errors)
        names = {w for c in story.characters for n in [c.name, *c.aliases] for w in n.split()}
        names_flagged += sum(1 for d in base if d.code == "FB108" and story.text[d.start:d.end] in names)
        text, spans = inject_all(clean, a.per_kind, rng)
        s2 = fabula.read(text.encode("utf-8"), name=path.name)
        found = [d for d in check_story(s2) if d.severity != "info"]
        for start, end, kind in spans:
            fam = KINDS[kind][2]
            injected[kind] += 1
            if any(d.start < end and d.end > start and family_of(d.code) == fam for d in found):
                hits[kind] += 1
                fam_tp[fam] += 1
        for d in found:
            fam = family_of(d.code)
            on_slip = any(d.start < e and d.end > s and KINDS[k][2] == fam for s, e, k in spans)
            if on_slip:
                rule_tp[d.code] += 1
            elif not any(d.start < e and d.end > s for s, e, _k in spans):
                rule_fp[d.code] += 1
            if fam in ("words", "dialogue") and not any(d.start < e and d.end > s for s, e, _k in spans):
                fam_fp[fam] += 1
        print(f"  {path.parent.name:30s} {words:>8,} words  clean-text errors {len(errors):3d} "
              f"({len(errors) / words * 1000:.2f} per 1,000 words)", flush=True)
    print("\nrecall by injected kind (family):")
    for kind, (_p, _r, fam) in KINDS.items():
        if injected[kind]:
            print(f"  {kind:24s} {fam:9s} {hits[kind]:4d}/{injected[kind]:<4d} = {hits[kind] / injected[kind]:.2f}")
    print("\nby family (a finding that overlaps no injection counts against precision, even where the novel "
          "itself has the slip):")
    for fam in ("words", "dialogue"):
        total = sum(injected[k] for k, v in KINDS.items() if v[2] == fam)
        tp, fp = fam_tp[fam], fam_fp[fam]
        print(f"  {fam:9s} recall {tp}/{total} = {tp / max(total, 1):.2f}   precision {tp}/{tp + fp} = "
              f"{tp / max(tp + fp, 1):.2f}")
    print(f"\nerror-severity findings on the clean novels: {clean_errors} in {clean_words:,} words = "
          f"{clean_errors / clean_words * 1000:.2f} per 1,000 words")
    print(f"character names flagged as misspellings: {names_flagged}")
    print("\nprecision by rule with a fix (findings on an injected slip of the rule's family / all its findings "
          "that are not on another kind's slip; a rule with no slip of its kind injected cannot score):")
    measured: dict[str, dict[str, float | int]] = {}
    for code, rule in sorted(RULES.items()):
        tp, fp = rule_tp[code], rule_fp[code]
        if not rule.offers_fix and not tp + fp:
            continue
        precision = tp / (tp + fp) if tp + fp else 0.0
        measured[code] = {"findings": tp + fp, "on_slips": tp, "precision": round(precision, 3)}
        print(f"  {code} {rule.name:24s} {tp:4d}/{tp + fp:<4d} = {precision:.2f}" + ("  (fix offered)" if rule.offers_fix else ""))
    if a.write_precision:
        import json

        Path(a.write_precision).write_text(json.dumps({
            "source": f"python benchmarks/bench_beta.py --per-kind {a.per_kind} --seed {a.seed} on the 8 PDNC dev novels",
            "rules": measured}, indent=1) + "\n", encoding="utf-8")
    print(f"time: read {t_read:.1f} s, check {t_check:.1f} s = +{t_check / t_read:.0%} on top of the read")
    return 0


if __name__ == "__main__":
    sys.exit(main())
