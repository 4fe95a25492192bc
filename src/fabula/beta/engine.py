"""The beta read's engine: rules as data, selection, fixes, and output formats.

A rule (like ruff's) has a stable code, a family, a severity, a lifecycle (stable, or preview:
run only when asked), a one-line message, a rationale, a bad and a good example (both tested),
and a ``check`` that returns findings as spans into the story's text with an optional fix. Each
check declares its metadata with :func:`rule` beside its code in ``beta/rules/<family>.py``;
declaring registers nothing — :mod:`fabula.beta.registry` is the one table of rules, by code.
The engine runs the selected rules over prose only (the ``Context`` gives each rule the story's
sentences, quotes and names), sorts the findings, and applies only fixes marked safe — replacing
exactly the flagged span and nothing else. The beta pass (``fabula.read(..., beta=True)``) runs it.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal, cast

from fabula.config import current
from fabula.model import Diagnostic, Story
from fabula.segment.spans import SpanIndex, outermost

Check = Callable[["Context"], Iterator["Finding"]]


@dataclass
class Finding:
    start: int
    end: int
    message: str
    fix: str | None = None


Severity = Literal["error", "warning", "info"]
Lifecycle = Literal["stable", "preview"]  # preview: new or noisy, run only with --preview (ruff's word)


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    family: str  # words, grammar, dialogue, telling, style
    severity: Severity
    summary: str
    rationale: str
    bad: str
    good: str
    check: Check
    safe_fix: bool = False  # --fix applies its fixes: offered by the rule, and measured precise
    lifecycle: Lifecycle = "stable"
    offers_fix: bool = False  # the rule's author offered its fixes as safe

    def __call__(self, ctx: Context) -> Iterator[Finding]:
        return self.check(ctx)


# A rule's fix is applied by --fix only where its precision was measured high: at least this
# share of its findings right, over at least this many (benchmarks/bench_beta.py, written to
# data/fix_precision.json). Elsewhere the fix is a suggestion shown beside the finding: a
# confusable or a name "fixed" on published prose ("off there together" → "their",
# a line of Latin → "Italian") changes what was right.
SAFE_PRECISION = 0.95
SAFE_MIN_FINDINGS = 20


def measured_safe(code: str) -> bool:
    """Did ``code``'s fixes measure precise enough to apply unasked?"""
    return code in _safe_codes()


@functools.lru_cache(maxsize=1)
def _safe_codes() -> frozenset[str]:
    import json
    from importlib import resources

    try:
        data = json.loads(resources.files("fabula").joinpath("data", "fix_precision.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return frozenset()  # no measurement: no fix is applied unasked
    return frozenset(code for code, m in data.get("rules", {}).items()
                     if m.get("findings", 0) >= SAFE_MIN_FINDINGS and m.get("precision", 0.0) >= SAFE_PRECISION)


def rule(code: str, name: str, family: str, severity: Severity, summary: str, rationale: str, bad: str, good: str,
         safe_fix: bool = False, lifecycle: Lifecycle = "stable") -> Callable[[Check], Rule]:
    """Declare a check function as a rule: the decorated name is the :class:`Rule`, which
    :mod:`fabula.beta.registry` lists. Nothing is registered here. ``safe_fix`` offers the rule's
    fixes to --fix; they are applied only if its precision measured high (:func:`measured_safe`)."""
    def wrap(fn: Check) -> Rule:
        return Rule(code, name, family, severity, summary, rationale, bad, good, fn,
                    safe_fix and measured_safe(code), lifecycle, safe_fix)
    return wrap


def __getattr__(name: str) -> Any:
    """``engine.RULES`` is the registry's table (read lazily: the table imports the rules, which
    import this module)."""
    if name == "RULES":
        from fabula.beta.registry import RULES

        return RULES
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")




@dataclass
class Context:
    """What rules read: the story, its prose spans, quotes, names; computed once per check."""

    story: Story
    prose: list[tuple[int, int]] = field(default_factory=list)
    quotes: list[tuple[int, int]] = field(default_factory=list)
    names: set[str] = field(default_factory=set)
    _quoted: SpanIndex = field(default_factory=lambda: SpanIndex([]))
    _proper: set[tuple[int, int]] = field(default_factory=set)  # the prose spans that are the story proper

    @classmethod
    def of(cls, story: Story) -> Context:
        from fabula.segment.proper import story_proper

        names: set[str] = set()
        for c in story.characters:
            for alias in [c.name, *c.aliases, *c.epithets]:
                names.update(w.lower() for w in re.findall(r"[\w'’-]+", alias))
        quotes = sorted((q.start, q.end) for q in story.quotes)
        # the author's notes are the author's writing too ("please bare with me"); metadata and
        # credits are not, and lyrics are someone else's
        notes = [(p.start, p.end) for p in story.paratext if p.kind in ("author_note", "end_note", "chapter_note",
                                                                       "summary", "review_reply", "dedication")]
        proper = story_proper(story)
        spans = sorted(proper + outermost(notes))
        ctx = cls(story, spans, quotes, names, SpanIndex(quotes), set(proper))
        _quiet_collector(ctx)
        return ctx

    @property
    def text(self) -> str:
        return self.story.text

    def in_quote(self, pos: int) -> bool:
        return self._quoted.contains(pos)

    def finditer(self, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
        """Matches in the story proper (dialogue included: writers' slips are there too)."""
        for s, e in self.prose:
            yield from pattern.finditer(self.text, s, e)

    def finditer_near(self, pattern: re.Pattern[str], anchor: re.Pattern[str], words: int) -> Iterator[re.Match[str]]:
        """The matches :meth:`finditer` gives, found from the places ``anchor`` matches (see
        :func:`finditer_near`): for a slow pattern whose every match holds a rare word."""
        return finditer_near(pattern, anchor, words, self.text, self.prose)

    def sentences(self) -> Iterator[tuple[int, int]]:
        """Sentences of the prose, each from just after the last one (not trimmed): the story's
        from the ``sentences`` layer, the notes' split here."""
        from fabula.text.sentences import split_sentences, untrimmed_start

        layer = self.story.sentences
        starts = [s for s, _e in layer]
        for s, e in self.prose:
            if (s, e) not in self._proper:
                yield from split_sentences(self.text, [(s, e)], trim=False)
                continue
            i = bisect.bisect_left(starts, s)
            while i < len(layer) and layer[i][0] < e:
                yield untrimmed_start(self.text, layer[i][0], s), layer[i][1]
                i += 1


def finditer_near(pattern: re.Pattern[str], anchor: re.Pattern[str], words: int, text: str,
                  spans: list[tuple[int, int]]) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text, s, e)`` for each span, found from the places ``anchor`` matches: for a
    pattern that scans slowly (an alternation of many words tried at every position of a novel) and
    whose every match holds a match of ``anchor`` — a rare word, which starts with a letter — with at
    most ``words`` runs of whitespace before it inside the match ("took the reigns": two).

    The pattern is tried only at the positions from ``words`` words before each place the anchor
    matches up to that place: no match can start earlier than that (its own anchor is at or after
    the first one found), so the matches, and their order, are the pattern's own."""
    for s, e in spans:
        cur = s
        while cur < e:
            found = anchor.search(text, cur, e)
            if found is None:
                break
            c = found.start()
            r = c
            for _ in range(words):  # back over a run of whitespace, then over the word before it
                while r > cur and text[r - 1].isspace():
                    r -= 1
                while r > cur and not text[r - 1].isspace():
                    r -= 1
            for p in range(r, c + 1):
                m = pattern.match(text, p, e)
                if m is not None:
                    yield m
                    cur = max(m.end(), p + 1)
                    break
            else:
                cur = c + 1


def _quiet_collector(ctx: Context) -> None:
    """While ``ctx`` lives, the cyclic garbage collector leaves alone what existed before it.

    The rules build many small containers (each word's places, windows, tokens), and Python's
    collector answered with full collections, each of which walks every object of the process: the
    story's layers and the word lists, the larger the longer the story (0.63 s of a 400k-word check;
    0.1 s so). :func:`gc.freeze` moves the objects that exist now out of its sight, and the youngest
    generation is collected less often; both are undone when the context is let go. Only where
    nothing else has frozen objects (a fork's owner may have, to spare its pages): their freeze is
    theirs to undo."""
    import gc
    import weakref

    if gc.get_freeze_count() == 0 and gc.isenabled():
        gc.freeze()
        threshold = gc.get_threshold()
        gc.set_threshold(max(threshold[0], _YOUNG_COLLECTION), *threshold[1:])
        weakref.finalize(ctx, _thaw, threshold)


# while a check runs, the youngest generation is collected after this many new containers rather than
# Python's 700: the rules' containers are short-lived and hold no cycles, and at 700 a 400k-word check
# stopped for a collection a thousand times
_YOUNG_COLLECTION = 20_000


def _thaw(threshold: tuple[int, ...]) -> None:
    import gc

    gc.unfreeze()
    gc.set_threshold(*threshold)


def select_rules(select: list[str] | None = None, ignore: list[str] | None = None, preview: bool = False) -> list[Rule]:
    """Rules whose code starts with a selected prefix and with no ignored prefix (ruff's way);
    preview rules only with ``preview``."""
    from fabula.beta.registry import RULES

    chosen = []
    for code in sorted(RULES):
        if select and not any(code.startswith(p) for p in select):
            continue
        if ignore and any(code.startswith(p) for p in ignore):
            continue
        if RULES[code].lifecycle == "preview" and not preview:
            continue
        chosen.append(RULES[code])
    return chosen


# A rule stops after this many findings in one story. The busiest rule on the longest PDNC dev
# novel (158,000 words) found 196; a rule past this is reading something other than prose (one
# word repeated 800,000 times gave 1.2 million findings, and the report took a minute to draw
# them), and the warning says so.
MAX_FINDINGS_PER_RULE = 1_000
CAPPED_PREFIX = "beta read: "  # the warnings check_story adds start so (the command line shows them)


# the order rules keep their findings in, where two would fix one span (a stable sort: code order within)
_SEVERITY_FIRST = {"error": 0, "warning": 1, "info": 2}


def check_story(story: Story, select: list[str] | None = None, ignore: list[str] | None = None,
                preview: bool = False, early: Any = None) -> list[Diagnostic]:
    """Every finding of the selected rules, sorted by position then code, one per span and code —
    and one fix per span: where a general rule and a narrower one both say "'there' → 'their'" of
    the same word, a writer is shown it once, and where two rules would change one word two ways
    ("herd" → "heard", "herd" → "held") only one speaks: the more severe, then the first by code
    (a name spelt two ways, an error, before a warning's dictionary word); at most
    ``MAX_FINDINGS_PER_RULE`` a rule, with a warning on the story where a rule stopped.

    Reads the layers of a full read (the sentences, the cast, the scenes): the beta pass runs it.
    ``early``: the child :func:`start_early` began, whose findings are kept where they still hold."""
    ctx = Context.of(story)
    rules = select_rules(select, ignore, preview)
    gathered = _gather_beside(early, ctx, rules) if early is not None else {}
    rest = [r for r in rules if r.code not in gathered]
    if _two_cores(story.work.words):
        gathered.update(_gather_on_two_cores(ctx, rest))
    out: dict[tuple[int, int, str], Diagnostic] = {}
    fixed: set[tuple[int, int]] = set()
    for r in sorted(rules, key=lambda r: _SEVERITY_FIRST.get(r.severity, len(_SEVERITY_FIRST))):
        findings, complete = gathered.get(r.code, ([], False))
        if not _keep(story, r, findings, complete, out, fixed):
            _keep(story, r, r.check(ctx), True, out, fixed)
    return sorted(out.values(), key=lambda d: (d.start, d.code, d.end))


def preload() -> None:
    """Import every rule and load the data most of them read — the dictionaries, the trigram
    model, the common misspellings, the word counts, the one-edit index and the first sounds — in this
    process, now. The command line
    does it while the reader waits for the head start's names, time it would otherwise sit idle
    (on a novel a fifth of what ``check`` added to ``read``); a read loads the same on first
    use, so no finding changes."""
    from fabula.beta import confusion, lexicon, ngrams, spelling

    select_rules()
    ngrams.model()
    spelling.common_misspelling("definately")  # the list, and both dictionaries
    lexicon.words()
    confusion.sets()
    confusion.neighbours("walk")  # the common words' index (FB112)
    spelling.first_sound("hour")  # the pronouncing dictionary's first sounds (FB113)


def _two_cores(words: int) -> bool:
    """Whether the rules are shared with a second worker: on a big read, and from fewer words where
    the head start parses (the worker then asks it, as the reader does, rather than load the parser)."""
    config = current()
    head = config.head_start
    least = config.beta_side_words if head is not None and head.shares_parses else None
    return bool(_forked().wanted(words, least))


def _forked() -> Any:
    from fabula.runtime import forked

    return forked


def _keep(story: Story, r: Rule, findings: Iterable[Finding], complete: bool,
          out: dict[tuple[int, int, str], Diagnostic], fixed: set[tuple[int, int]]) -> bool:
    """Add rule ``r``'s ``findings`` to ``out`` as the read keeps them — one per span and code, no
    fix on a span a rule before gave one (``fixed``: those spans; its own fix said once), at most
    ``MAX_FINDINGS_PER_RULE``.
    False, with ``out`` and ``fixed`` untouched, when ``findings`` ran out before the rule was
    done with (not ``complete``): the rule must then be run again from its start."""
    mine: dict[tuple[int, int, str], Diagnostic] = {}
    my_fixes: set[tuple[int, int, str]] = set()
    for f in findings:
        key = (f.start, f.end, r.code)
        if key in mine or (f.fix is not None and ((f.start, f.end) in fixed or (f.start, f.end, f.fix) in my_fixes)):
            continue
        if len(mine) == MAX_FINDINGS_PER_RULE:
            warning = (f"{CAPPED_PREFIX}{r.code} ({r.name}) stopped after {MAX_FINDINGS_PER_RULE:,} findings; "
                       f"any more it would find are not shown")
            if warning not in story.warnings:
                story.warnings.append(warning)
            break
        mine[key] = Diagnostic(r.code, r.severity, f.start, f.end, f.message, f.fix)
        if f.fix is not None:
            my_fixes.add((f.start, f.end, f.fix))
    else:
        if not complete:
            return False
    out.update(mine)
    fixed.update((a, b) for a, b, _fix in my_fixes)
    return True


Gathered = dict[str, tuple[list[Finding], bool]]


def _gather(ctx: Context, r: Rule) -> tuple[list[Finding], bool] | None:
    """Rule ``r``'s findings in the order it yields them, as many as :func:`_keep` can need: up to
    the first span past ``MAX_FINDINGS_PER_RULE`` distinct ones (then not complete: the fix of a
    rule kept before it — more severe, or earlier by code — may have dropped some, and the read
    needs more). None if the rule failed (run again, in
    order, it raises where it would have)."""
    found: list[Finding] = []
    spans: set[tuple[int, int]] = set()
    try:
        for f in r.check(ctx):
            found.append(f)
            spans.add((f.start, f.end))
            if len(spans) > MAX_FINDINGS_PER_RULE:
                return found, False
    except Exception:  # noqa: BLE001 - the rule is run again in order, and raises there
        return None
    return found, True


def _gather_on_two_cores(ctx: Context, rules: list[Rule]) -> Gathered:
    """Every rule's findings (:func:`_gather`), half of the rules run in a forked child: each
    process takes the next rule not yet taken from a shared pipe of rule numbers, so a slow rule
    on one side leaves the rest to the other. Rules a failed child took are missing from the
    answer (:func:`check_story` runs them itself); the order findings are kept in is the rules'
    order whichever process found them, so the result is the one-process result."""
    import os

    queue_r = _queue(rules)
    if queue_r is None:
        return {}
    _tokenise(ctx)
    try:
        child = _forked().Forked(functools.partial(_take_and_gather, ctx, rules, queue_r))
        try:
            mine = _take_and_gather(ctx, rules, queue_r)
        except BaseException:
            child.cancel()
            raise
        ok, theirs = child.result()
    finally:
        os.close(queue_r)
    return {**(theirs if ok and isinstance(theirs, dict) else {}), **mine}


def _tokenise(ctx: Context) -> None:
    """Tokenise the prose for the rules that read word windows (and count its capitals), before the
    worker is forked: the first such rule would do it in this process anyway, and the worker then
    shares it rather than tokenise the story again (a twentieth of a second on a novel)."""
    from fabula.beta import confusion

    if ctx.story.work.words > confusion._CACHE_TOKENS // 2:
        return  # more than the cache keeps: the rules tokenise as they go, as before
    for s, e in ctx.prose:
        confusion.tokens(ctx.text, s, e).where()
    confusion._capitalised(ctx.text)  # the capitals' counts a window's neighbour is weighed by


class _Reads:
    """The story, recording which of its attributes are read (a rule run ahead of its place must
    not have read a layer that changed since)."""

    def __init__(self, story: Story) -> None:
        object.__setattr__(self, "_story", story)
        object.__setattr__(self, "seen", set())

    def __getattr__(self, name: str) -> Any:
        self.seen.add(name)
        return getattr(self._story, name)


class _WatchedContext(Context):
    """The context, recording (in its story's recorder) whether a rule used the cast's names."""

    @property
    def names(self) -> set[str]:  # type: ignore[override]
        cast("_Reads", self.story).seen.add(_NAMES)
        return cast("set[str]", self.__dict__["_names"])


_NAMES = "names (of the context)"


def _signature(ctx: Context) -> tuple[Any, ...]:
    """What the context took from the story, less the names (compared where a rule used them)."""
    return ctx.prose, ctx.quotes, sorted(ctx._proper)


class Early:
    """The beta read begun ahead of its place (:func:`start_early`): a child taking rules from a
    pipe of rule numbers, which the beta pass then takes from too."""

    def __init__(self, rules: list[Rule], queue: int, child: Any) -> None:
        self.rules, self.queue, self.child = rules, queue, child

    def cancel(self) -> None:
        import os

        self.child.cancel()
        if self.queue >= 0:
            os.close(self.queue)
            self.queue = -1


def start_early(story: Story, opts: Any, changing: frozenset[str]) -> Early | None:
    """Begin the beta read ahead of its place, in a forked child (on a big read, once the cast is
    known; the passes between still write ``changing``): the child takes one rule after another
    and gathers its findings, until the beta pass comes and takes the rules left. Of the child's,
    :func:`check_story` keeps those of rules that read none of ``changing`` (recorded as they
    read), where the context it builds then is the one the child built (the same prose and
    quotations, and, for a rule that used them, the same names: the speakers pass may still merge
    or drop characters); it runs the others again itself."""
    import os

    beta = getattr(opts, "beta", None)
    rules = select_rules(beta.select, beta.ignore, beta.preview) if beta is not None else select_rules()
    queue = _queue(rules)
    if queue is None:
        return None
    child = _forked().Forked(functools.partial(_gather_early, story, rules, changing, queue))
    if not child.started:
        os.close(queue)
        return None
    return Early(rules, queue, child)


def _queue(rules: list[Rule]) -> int | None:
    """The read end of a pipe holding each rule's number, one byte each (a read takes one, whole)."""
    import os

    if len(rules) > 255 or len(rules) < 2:
        return None
    queue_r, queue_w = os.pipe()
    try:
        os.write(queue_w, bytes(range(len(rules))))
    finally:
        os.close(queue_w)
    return queue_r


EarlyGathered = dict[str, tuple[list[Finding], bool, bool]]  # code -> findings, complete, used the names


def _gather_early(story: Story, rules: list[Rule], changing: frozenset[str], queue: int
                  ) -> tuple[tuple[Any, ...], list[str], EarlyGathered]:
    import os

    plain = Context.of(story)
    reads = _Reads(story)
    ctx = object.__new__(_WatchedContext)
    ctx.__dict__.update({k: v for k, v in plain.__dict__.items() if k != "names"}, story=reads, _names=plain.names)
    out: EarlyGathered = {}
    while taken := os.read(queue, 1):
        r = rules[taken[0]]
        reads.seen.clear()
        got = _gather(ctx, r)
        if got is not None and not reads.seen & changing:
            out[r.code] = (*got, _NAMES in reads.seen)
    return _signature(plain), sorted(plain.names), out


def _gather_beside(early: Early, ctx: Context, rules: list[Rule]) -> Gathered:
    """Take the rules the early child has not taken, then keep what it found that holds for this
    context (none if it failed, or chose other rules)."""
    try:
        if [r.code for r in early.rules] != [r.code for r in rules]:
            return {}
        mine = _take_and_gather(ctx, rules, early.queue)
        ok, result = early.child.result()
    finally:
        early.cancel()
    if not ok or not isinstance(result, tuple) or len(result) != 3 or result[0] != _signature(ctx):
        return mine
    same_names = result[1] == sorted(ctx.names)
    return {**{code: (found, complete) for code, (found, complete, used_names) in result[2].items()
               if same_names or not used_names}, **mine}


def _take_and_gather(ctx: Context, rules: list[Rule], queue: int) -> Gathered:
    import os

    out: Gathered = {}
    while taken := os.read(queue, 1):
        r = rules[taken[0]]
        got = _gather(ctx, r)
        if got is not None:
            out[r.code] = got
    return out


def apply_fixes(text: str, diagnostics: list[Diagnostic]) -> tuple[str, int]:
    """The text with every safe, non-overlapping fix applied; and how many were."""
    from fabula.beta.registry import RULES

    safe = [d for d in diagnostics if d.fix is not None and RULES.get(d.code) and RULES[d.code].safe_fix]
    safe.sort(key=lambda d: (d.start, d.end))
    pieces, pos, n = [], 0, 0
    for d in safe:
        if d.start < pos:
            continue  # overlaps a fix already taken
        pieces.append(text[pos:d.start])
        pieces.append(d.fix or "")
        pos = d.end
        n += 1
    pieces.append(text[pos:])
    return "".join(pieces), n


def line_col(text: str) -> Callable[[int], tuple[int, int]]:
    starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def at(pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(starts, pos) - 1
        return i + 1, pos - starts[i] + 1
    return at


def sarif(path: str, text: str, diagnostics: list[Diagnostic]) -> dict[str, Any]:
    """SARIF 2.1.0, the format editors and CI code-scanning read."""
    from fabula import __version__
    from fabula.beta.registry import RULES

    at = line_col(text)
    level = {"error": "error", "warning": "warning", "info": "note"}
    used = sorted({d.code for d in diagnostics})
    results = []
    for d in diagnostics:
        (l1, c1), (l2, c2) = at(d.start), at(d.end)
        res: dict[str, Any] = {
            "ruleId": d.code, "level": level[d.severity], "message": {"text": d.message},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": path},
                                                "region": {"startLine": l1, "startColumn": c1, "endLine": l2,
                                                           "endColumn": c2, "charOffset": d.start,
                                                           "charLength": d.end - d.start}}}],
        }
        if d.fix is not None:
            res["fixes"] = [{"description": {"text": f"replace with {d.fix!r}"}, "artifactChanges": [{
                "artifactLocation": {"uri": path}, "replacements": [{
                    "deletedRegion": {"charOffset": d.start, "charLength": d.end - d.start},
                    "insertedContent": {"text": d.fix}}]}]}]
        results.append(res)
    rules = [{"id": c, "name": RULES[c].name, "shortDescription": {"text": RULES[c].summary},
              "fullDescription": {"text": RULES[c].rationale},
              "defaultConfiguration": {"level": level[RULES[c].severity]}} for c in used]
    return {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
            "runs": [{"tool": {"driver": {"name": "fabula", "version": __version__, "rules": rules}},
                      "results": results}]}
