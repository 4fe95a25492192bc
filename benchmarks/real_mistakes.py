"""Real mistakes nobody planted, for ``bench_beta.py``: JFLEG, Zesch's Wikipedia real-word errors and
the annotated fics, each split into tune and check (benchmarks/splits.py's rule, repeated here so
this file runs on its own), with two ordinary spell checkers measured on the same sentences.

Each sentence is read as a story of its own ("Sentence N" as its title line, the sentence as its one
paragraph), so the story's own vocabulary is that sentence's. A finding counts when its severity is
error or warning (info is style advice) and its span overlaps the mistake. Stories are cached with
pickle under ``--cache`` so that tuning a rule re-runs only the check, not the read.

Two further counts read the clean sides more closely, for every checker alike: on JFLEG, the first
references flagged on a word each of the other three annotators kept (a word another annotator changed is
a mistake the first one left); on Zesch, the false alarms with each word once (the two versions of a
record differ in one word, so a word flagged elsewhere in the sentence is flagged in both).
"""

from __future__ import annotations

import difflib
import json
import pickle
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import fabula
from fabula.beta.engine import check_story

FIC_TUNE = ("01", "02", "04", "06", "08")
FIC_CHECK = ("03", "05", "07", "09")

Spans = list[tuple[int, int]]
Checker = Callable[[str], Spans]  # the spans a checker flags in a text


# --- the checkers -------------------------------------------------------------------------

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")


def hunspell_checker() -> Checker:
    """Hunspell (Debian's hunspell-en-us, through enchant): every word it does not know."""
    import enchant

    d = enchant.Dict("en_US")

    def check(text: str) -> Spans:
        return [(m.start(), m.end()) for m in _TOKEN.finditer(text) if not d.check(m.group(0).replace("’", "'"))]
    return check


def pyspell_checker() -> Checker:
    """pyspellchecker (its English frequency list): every word it does not know."""
    from spellchecker import SpellChecker

    sp = SpellChecker()

    def check(text: str) -> Spans:
        toks = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text)]
        unknown = sp.unknown([t[2].lower() for t in toks])
        return [(a, b) for a, b, w in toks if w.lower() in unknown]
    return check


def _title(i: int) -> str:
    return f"Sentence {i}\n\n"


class Fabula:
    """fabula check on one-sentence stories, with the reads cached on disk."""

    def __init__(self, cache: Path | None) -> None:
        self.cache = cache
        self._stories: dict[str, fabula.model.Story] = {}  # type: ignore[name-defined]
        self._dirty = False
        if cache and cache.exists():
            self._stories = pickle.loads(cache.read_bytes())

    def story(self, text: str) -> fabula.model.Story:  # type: ignore[name-defined]
        if text not in self._stories:
            self._stories[text] = fabula.read(text.encode("utf-8"), name="sentence.txt")
            self._dirty = True
        return self._stories[text]

    def save(self) -> None:
        if self.cache and self._dirty:
            self.cache.parent.mkdir(parents=True, exist_ok=True)
            self.cache.write_bytes(pickle.dumps(self._stories))

    def findings(self, body: str, i: int) -> list[tuple[int, int, str]]:
        """(start, end, code) of error and warning findings, in ``body``'s offsets."""
        head = _title(i)
        s = self.story(head + body + "\n")
        off = len(head)
        return [(d.start - off, d.end - off, d.code) for d in check_story(s) if d.severity != "info"]


def overlaps(spans: Iterable[tuple[int, int]], a: int, b: int) -> bool:
    return any(s < b and e > a for s, e in spans)


# --- JFLEG --------------------------------------------------------------------------------


@dataclass
class Sentence:
    text: str
    tokens: Spans  # character span of each source token
    edits: list[tuple[int, int, str, str]] = field(default_factory=list)  # char start, end, original, correction


_NO_SPACE_BEFORE = re.compile(r"^(?:[.,!?;:)%]|n't|'s|'re|'m|'ll|'ve|'d|')$", re.I)


def detokenize(tokens: list[str]) -> tuple[str, Spans]:
    """Tokens joined as written ("it 's ." → "it's."), with each token's span."""
    out, spans = "", []
    for i, t in enumerate(tokens):
        if i and not _NO_SPACE_BEFORE.match(t) and tokens[i - 1] != "(":
            out += " "
        spans.append((len(out), len(out) + len(t)))
        out += t
    return out, spans


def jfleg(root: Path) -> list[tuple[int, Sentence, str]]:
    """(index, source with annotator 0's edits, first reference detokenized)."""
    refs = (root / "test.ref0").read_text(encoding="utf-8").splitlines()
    out: list[tuple[int, Sentence, str]] = []
    blocks = (root / "test.ref.m2").read_text(encoding="utf-8").strip().split("\n\n")
    for i, block in enumerate(blocks):
        lines = block.splitlines()
        toks = lines[0][2:].split()
        text, spans = detokenize(toks)
        sent = Sentence(text, spans)
        for line in lines[1:]:
            parts = line[2:].split("|||")
            a, b = (int(x) for x in parts[0].split())
            if parts[-1] != "0" or parts[1] == "noop":
                continue
            if a == b:  # an insertion: the words either side carry it
                a, b = max(a - 1, 0), min(b + 1, len(toks))
            if a >= b or b > len(spans):
                continue
            sent.edits.append((spans[a][0], spans[b - 1][1], " ".join(toks[a:b]), parts[2]))
        ref, _ = detokenize(refs[i].split())
        out.append((i, sent, ref))
    return out


def jfleg_kind(original: str, correction: str) -> str:
    """A rough kind for an edit: a spelling slip (one unknown word to a close one) or anything else."""
    import enchant

    d = jfleg_kind.__dict__.setdefault("d", enchant.Dict("en_US"))
    if " " not in original and " " not in correction and original.isalpha() and correction.isalpha():
        if not d.check(original) and difflib.SequenceMatcher(None, original.lower(), correction.lower()).ratio() > 0.6:
            return "spelling"
        if d.check(original) and original.lower() != correction.lower():
            return "word choice"
    return "grammar/other"


def other_references(root: Path) -> list[list[set[str]]]:
    """For each sentence, the lower-cased words of each of the other three annotators' corrections."""
    refs = [(root / f"test.ref{k}").read_text(encoding="utf-8").splitlines() for k in (1, 2, 3)]
    return [[set(r[i].lower().split()) for r in refs] for i in range(len(refs[0]))]


def kept_by_all(word: str, others: list[set[str]]) -> bool:
    """Every other annotator's correction keeps ``word``: a finding on it in the first reference is a false
    alarm on every annotator's reading. (A word another annotator changed is a mistake the first one left,
    as the first references' findings on the tune half show: "quantitiy", "will effect the", "use there
    words".)"""
    w = word.lower().replace("’", "'")
    return all(w in o for o in others)


def run_jfleg(root: Path, split: str, checkers: dict[str, Checker], fab: Fabula) -> dict[str, dict[str, float]]:
    data = [x for x in jfleg(root) if (x[0] % 2 == 0) == (split == "tune")]
    others = other_references(root)
    res: dict[str, dict[str, float]] = {}
    for name in ["fabula", *checkers]:
        found: dict[str, int] = defaultdict(int)
        total: dict[str, int] = defaultdict(int)
        flagged_refs = ref_findings = flagged_kept = 0
        for i, sent, ref in data:
            if name == "fabula":
                spans = [(a, b) for a, b, _c in fab.findings(sent.text, 2 * i)]
                on_ref = [(a, b) for a, b, _c in fab.findings(ref, 2 * i + 1)]
            else:
                spans, on_ref = checkers[name](sent.text), checkers[name](ref)
            for a, b, orig, corr in sent.edits:
                k = jfleg_kind(orig, corr)
                total[k] += 1
                found[k] += overlaps(spans, a, b)
            flagged_refs += bool(on_ref)
            ref_findings += len(on_ref)
            flagged_kept += any(kept_by_all(ref[a:b], others[i]) for a, b in on_ref)
        row: dict[str, float] = {"sentences": len(data), "edits": sum(total.values()), "found": sum(found.values()),
                                 "refs_flagged": flagged_refs, "ref_findings": ref_findings,
                                 "refs_flagged_kept": flagged_kept}
        for k in total:
            row[f"found:{k}"] = found[k]
            row[f"edits:{k}"] = total[k]
        res[name] = row
    return res


# --- Zesch --------------------------------------------------------------------------------


def zesch(path: Path) -> list[tuple[int, str, str, int, int]]:
    """(record index, sentence with the error, corrected sentence, start, end of the wrong word)."""
    out = []
    for i, rec in enumerate(path.read_text(encoding="utf-8").strip().split("\n\n")):
        lines = rec.strip().splitlines()
        if len(lines) < 6:
            continue
        wrong, right, sent = lines[2], lines[3], lines[5]
        off = int(lines[4]) if lines[4].strip().isdigit() else -1
        if sent[off:off + len(wrong)] != wrong:
            m = re.search(rf"\b{re.escape(wrong)}\b", sent)
            if not m:
                continue
            off = m.start()
        fixed = sent[:off] + right + sent[off + len(wrong):]
        out.append((i, sent, fixed, off, off + len(wrong)))
    return out


def run_zesch(path: Path, split: str, checkers: dict[str, Checker], fab: Fabula, limit: int | None
              ) -> dict[str, dict[str, float]]:
    data = [x for x in zesch(path) if (x[0] % 2 == 0) == (split == "tune")][:limit]
    res: dict[str, dict[str, float]] = {}
    for name in ["fabula", *checkers]:
        tp = fp = fp_real = fp_words = 0
        for i, bad, good, a, b in data:
            if name == "fabula":
                on_bad = [(s, e) for s, e, _c in fab.findings(bad, 2 * i)]
                on_good = [(s, e) for s, e, _c in fab.findings(good, 2 * i + 1)]
            else:
                on_bad, on_good = checkers[name](bad), checkers[name](good)
            hit = overlaps(on_bad, a, b)
            tp += hit
            wrong = [(good, s, e) for s, e in on_good] + [(bad, s, e) for s, e in on_bad if not (s < b and e > a)]
            fp += len(wrong)
            # the two versions differ in one word: a finding on the same word of both is one false alarm
            fp_words += len({_word_at(t, s, e) for t, s, e in wrong})
            # a finding on a word no dictionary knows ("chocloate", left in both versions by Wikipedia's
            # editors) is a true non-word error, not a false alarm of real-word detection
            fp_real += sum(1 for t, s, e in wrong if _dictionary_word(t[s:e]))
        res[name] = {"records": len(data), "tp": tp, "fp": fp, "fp_real": fp_real, "fp_words": fp_words}
    return res


def _word_at(text: str, s: int, e: int) -> tuple[str, int]:
    """A finding named by its words and which of their occurrences in the sentence it is: the same in the
    sentence with the error and the corrected one, whatever the edit did to the offsets."""
    return text[s:e], text.count(text[s:e], 0, s)


def _dictionary_word(w: str) -> bool:
    import enchant

    d = _dictionary_word.__dict__.setdefault("d", (enchant.Dict("en_US"), enchant.Dict("en_GB")))
    w = w.strip(" '’")
    return not w or not w[0].isalpha() or d[0].check(w) or d[1].check(w)


# --- the annotated fics -------------------------------------------------------------------


def _changed(snippet: str, fix: str) -> tuple[int, int]:
    """The part of ``snippet`` that its fix changes (a pure insertion: the characters around it)."""
    sm = difflib.SequenceMatcher(None, snippet, fix, autojunk=False)
    ops = [op for op in sm.get_opcodes() if op[0] != "equal"]
    if not ops:
        return 0, len(snippet)
    a, b = ops[0][1], ops[-1][2]
    if a == b:
        a, b = max(a - 1, 0), min(b + 1, len(snippet))
    return a, b


def run_fics(root: Path, split: str, checkers: dict[str, Checker]) -> tuple[dict[str, dict[str, float]], list[str]]:
    """Mistakes found (per kind) and findings on not_errors, for fabula and the spell checkers;
    plus, on the tune split only, a line for every miss and false alarm."""
    names = FIC_TUNE if split == "tune" else FIC_CHECK
    res: dict[str, dict[str, float]] = {}
    detail: list[str] = []
    for gold_path in sorted(root.glob("*.gold.json")):
        if gold_path.name[:2] not in names:
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        story_path = next(p for p in root.glob(gold_path.name[:-len(".gold.json")] + ".*") if p.suffix != ".json")
        story = fabula.read(story_path)
        text = story.text
        fab = [(d.start, d.end) for d in check_story(story) if d.severity != "info"]
        for name in ["fabula", *checkers]:
            spans = fab if name == "fabula" else checkers[name](text)
            row = res.setdefault(name, defaultdict(float))  # type: ignore[arg-type]
            hit_spans: list[tuple[int, int]] = []
            for e in gold["errors"]:
                pos = text.find(e["snippet"])
                row[f"errors:{e['kind']}"] += 1
                row["errors"] += 1
                if pos < 0:
                    continue
                a, b = _changed(e["snippet"], e["fix"])
                hit = overlaps(spans, pos + a, pos + b)
                row[f"found:{e['kind']}"] += hit
                row["found"] += hit
                hit_spans.append((pos, pos + len(e["snippet"])))
                if name == "fabula" and split == "tune" and not hit:
                    detail.append(f"  missed  {gold_path.name[:2]} {e['kind']}: {e['snippet']!r}")
            for ne in gold["not_errors"]:
                snippet = ne if isinstance(ne, str) else ne.get("snippet", ne.get("text", ""))
                pos = text.find(snippet)
                if pos >= 0 and overlaps(spans, pos, pos + len(snippet)):
                    row["not_errors_flagged"] += 1
                    if name == "fabula" and split == "tune":
                        detail.append(f"  flagged not_error {gold_path.name[:2]}: {snippet!r}")
            other = [(s, e) for s, e in spans if not overlaps(hit_spans, s, e)]
            row["other_findings"] += len(other)
            if name == "fabula" and split == "tune":
                for d in check_story(story):
                    if d.severity != "info" and not overlaps(hit_spans, d.start, d.end):
                        detail.append(f"  other   {gold_path.name[:2]} {d.code} {text[max(0, d.start - 30):d.start]!r} "
                                      f"[{text[d.start:d.end]}] {text[d.end:d.end + 30]!r} {d.message}")
    return res, detail
