"""LitBank quotations as fabula reads them: the excerpt with its real paragraphs, gold speakers by name.

LitBank (``../shared/eval/litbank``, Bamman et al., CC BY 4.0) annotates ~2,000-token excerpts of
public-domain novels, tokenised one sentence a line (``quotations/tsv/<stem>_brat.txt``). Its
quotation layer gives each quote's token span and speaker, a coreference entity id
(``Mrs_Bennet-7``); its coreference layer (``coref/tsv``) gives every mention of that entity,
each marked PROP (a proper name), NOM or PRON.

The conversion, per work:

1. **Text with real paragraphs.** The tokens have lost the layout a reader (and fabula) relies
   on, so they are aligned to the full Gutenberg text in ``original/<stem>.txt``: token
   characters against original characters, whitespace ignored and quote marks, apostrophes and
   dashes compared by kind (the tokeniser rewrites some). The excerpt is the original text from
   the first aligned token to the end of the last one's line, with the hard line wraps inside a
   paragraph turned into spaces (one character for one, so offsets stay put) and blank lines
   kept as paragraph breaks.
2. **Gold quotes**: each quote's first and last token, mapped through the alignment.
3. **Gold characters**: every entity with a proper-name (PROP) mention of a person; its names
   are those mentions' words as the original spells them. An entity the text never names (a
   narrator called only "I", ``young_American-29``) has no names, so no predicted character can
   map to it: its quotes count as wrong for every system, as in the PDNC scorer's rule.
4. **The gold cast** (for ``--cast``): those characters, named by their longest name, with a
   gender from the entity's he/she pronoun mentions when they agree.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.evaluation.cast import CastMember
from benchmarks.evaluation.scoring import Gold, GoldQuote, bare, name_set

# characters the tokeniser may have rewritten, compared by kind
_SAME = str.maketrans({
    "“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "`": "'", "‘": "'", "’": "'", "´": "'",
    "—": "-", "–": "-", "‐": "-", "‑": "-",
})
_WS = re.compile(r"\s+")
_HE = {"he", "him", "his", "himself"}
_SHE = {"she", "her", "hers", "herself"}


@dataclass
class Mention:
    start: tuple[int, int]  # (sentence, token)
    end: tuple[int, int]  # inclusive
    text: str
    category: str  # PER, FAC, …
    kind: str  # PROP, NOM, PRON


@dataclass
class Excerpt:
    stem: str
    text: str
    gold: Gold
    cast: list[CastMember]
    tokens: int
    unaligned: int  # tokens the alignment could not place (their spans are interpolated)
    notes: list[str] = field(default_factory=list)


def read_sentences(path: Path) -> list[list[str]]:
    lines = path.read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.split(" ") if line else [] for line in lines]


def _squeeze(text: str, offset: int = 0) -> tuple[str, list[int]]:
    """``text`` without whitespace, compared by kind, and each kept character's offset."""
    chars, where = [], []
    for i, ch in enumerate(text):
        if not ch.isspace():
            chars.append(ch.translate(_SAME))
            where.append(offset + i)
    return "".join(chars), where


def align_tokens(tokens: list[str], original: str) -> tuple[list[tuple[int, int] | None], int]:
    """Each token's (start, end) in ``original`` (None where no character matched), and how
    many tokens went unplaced. The excerpt is found by its opening characters, then walked
    character by character; where the two disagree (a rewritten or dropped character) the walk
    resynchronises on the next stretch that matches again."""
    joined = "".join(t.translate(_SAME) for t in tokens)
    owner = [i for i, t in enumerate(tokens) for _ in t]
    squeezed, where, j = _window(original, joined)
    spans: list[list[int] | None] = [None] * len(tokens)
    i = 0
    while i < len(joined) and j < len(squeezed):
        if joined[i] != squeezed[j]:
            i, j = _resync(joined, squeezed, i, j)
            continue
        ti, pos = owner[i], where[j]
        sp = spans[ti]
        if sp is None:
            spans[ti] = [pos, pos + 1]
        else:
            sp[1] = pos + 1
        i += 1
        j += 1
    return [tuple(s) if s else None for s in spans], sum(s is None for s in spans)  # type: ignore[misc]


def _resync(a: str, b: str, i: int, j: int, probe: int = 6, reach: int = 80) -> tuple[int, int]:
    """The nearest (i', j') past a disagreement where ``probe`` characters agree again: the
    fewest characters skipped on both sides together; one of each when nothing agrees."""
    for total in range(1, reach):
        for di in range(total + 1):
            dj = total - di
            if a[i + di:i + di + probe] == b[j + dj:j + dj + probe] and i + di + probe <= len(a):
                return i + di, j + dj
    return i + 1, j + 1


def _window(original: str, joined: str) -> tuple[str, list[int], int]:
    """The squeezed stretch of ``original`` that holds the excerpt, its offsets, and where the
    excerpt starts in it. Only that stretch is squeezed character by character (a novel is a
    million characters; the excerpt ten thousand)."""
    # the anchor can sit a few characters late when the tokeniser rewrote something before
    # it ("--" as "—"): start the walk a little early and let it resynchronise onto the text
    start = max(_find_start(joined, _WS.sub("", original).translate(_SAME)) - 20, 0)
    seen = offset = 0
    for line in original.splitlines(keepends=True):
        n = len(_WS.sub("", line))
        if seen + n > start:
            break
        seen += n
        offset += len(line)
    squeezed, where = _squeeze(original[offset:offset + 3 * len(joined) + 4000], offset)
    return squeezed, where, start - seen


def _find_start(joined: str, squeezed: str) -> int:
    """Where the excerpt begins in the squeezed original: the first run of its opening that
    occurs exactly once (a chapter heading alone may occur twice, in the contents)."""
    for skip in range(0, min(len(joined), 2000), 16):
        probe = joined[skip:skip + 40]
        if len(probe) < 16:
            break
        at = squeezed.find(probe)
        if at >= 0 and squeezed.find(probe, at + 1) < 0:
            return max(at - skip, 0)
    raise ValueError("excerpt not found in the original text")


#: a blank line at least this often (one per so many characters) marks the text's paragraphs
_BLANK_EVERY = 2000
_ENDS_SENTENCE = tuple(".!?:;\"'”’—_")
_OPENS_QUOTE = tuple("\"'“‘")


def paragraph_text(original: str, start: int, end: int) -> str:
    """original[start:end] with single line breaks (hard wraps) as spaces and blank lines kept:
    the same length, so offsets into the original minus ``start`` are offsets into the result.

    A few Gutenberg texts put no blank line between paragraphs, only a line break, the same as a
    wrap: there a paragraph ends where a line ends a sentence and is short of the wrap width, or
    ends a sentence and the next line opens a quote. That break stays a line break (one
    paragraph a line, as fabula reads such a file); the wraps become spaces."""
    chunk = original[start:end].replace("\r", " ")
    if chunk.count("\n\n") * _BLANK_EVERY >= len(chunk):
        return re.sub(r"(?<!\n)\n(?!\n)", " ", chunk)
    lines = chunk.split("\n")
    lengths = sorted(len(x.rstrip()) for x in lines if x.strip())
    width = lengths[int(0.9 * (len(lengths) - 1))] if lengths else 0
    out = []
    for i, line in enumerate(lines[:-1]):
        here, after = line.rstrip(), lines[i + 1].lstrip()
        ends = here.endswith(_ENDS_SENTENCE)
        keep = not here or not after or (ends and (len(here) < 0.8 * width or after.startswith(_OPENS_QUOTE)))
        out.append(line + ("\n" if keep else " "))
    out.append(lines[-1])
    return "".join(out)


def _read_ann(path: Path) -> list[list[str]]:
    return [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def read_coref(path: Path) -> tuple[dict[str, Mention], dict[str, str]]:
    """Mentions by id, and each mention's entity.

    A mention linked to another only by apposition or copula (``APPOS``/``COP`` rows: "my good
    friend, Master Tom Reed"; "his name was Tom") has no ``COREF`` row of its own, though it
    names the same person: it takes its partner's entity, or the excerpt would lose a name its
    text gives (and the quotes of a speaker named only so would count as unnamed)."""
    mentions: dict[str, Mention] = {}
    entity: dict[str, str] = {}
    links: list[tuple[str, str]] = []
    for f in _read_ann(path):
        if f[0] == "MENTION":
            mentions[f[1]] = Mention((int(f[2]), int(f[3])), (int(f[4]), int(f[5])), f[6], f[7], f[8])
        elif f[0] == "COREF":
            entity[f[1]] = f[2]
        elif f[0] in ("APPOS", "COP") and len(f) > 2:
            links.append((f[1], f[2]))
    for a, b in links:
        for one, other in ((a, b), (b, a)):
            if one not in entity and other in entity:
                entity[one] = entity[other]
    return mentions, entity


def read_quotes(path: Path) -> list[tuple[str, tuple[int, int], tuple[int, int], str | None]]:
    """(quote id, first token, last token, speaker entity) in file order."""
    quotes: dict[str, tuple[tuple[int, int], tuple[int, int]]] = {}
    speaker: dict[str, str] = {}
    for f in _read_ann(path):
        if f[0] == "QUOTE":
            quotes[f[1]] = ((int(f[2]), int(f[3])), (int(f[4]), int(f[5])))
        elif f[0] == "ATTRIB":
            speaker[f[1]] = f[2]
    return [(q, s, e, speaker.get(q)) for q, (s, e) in quotes.items()]


def works(root: Path) -> list[str]:
    """Stems of the works with at least one quotation."""
    out = []
    for ann in sorted((root / "quotations" / "tsv").glob("*_brat.ann")):
        if any(line.startswith("QUOTE") for line in ann.read_text(encoding="utf-8").splitlines()):
            out.append(ann.name[: -len("_brat.ann")])
    return out


def convert(root: Path, stem: str, with_epithets: bool = False) -> Excerpt:
    """One LitBank work as (excerpt text, gold, gold cast).

    ``with_epithets``: the gold characters carry their common-noun mentions as epithets and the
    narrator's entity "narrator" (:func:`epithets`), so a line fabula gives to an unnamed voice
    ("the parson", "the narrator") counts when that voice is the speaker. Off by default: the
    reference figure (``../shared/eval/README.md``) names speakers by PROP mentions only."""
    sents = read_sentences(root / "quotations" / "tsv" / f"{stem}_brat.txt")
    flat = [(s, t) for s, toks in enumerate(sents) for t in range(len(toks))]
    tokens = [sents[s][t] for s, t in flat]
    original = (root / "original" / f"{stem}.txt").read_text(encoding="utf-8-sig")
    raw_spans, unaligned = align_tokens(tokens, original)
    spans = _fill(raw_spans)
    begin = spans[0][0]
    nl = original.find("\n", spans[-1][1])
    finish = len(original) if nl < 0 else nl
    text = paragraph_text(original, begin, finish)
    pos = {st: i for i, st in enumerate(flat)}

    def char_span(a: tuple[int, int], b: tuple[int, int]) -> tuple[int, int]:
        return spans[pos[a]][0] - begin, spans[pos[b]][1] - begin

    mentions, entity = read_coref(root / "coref" / "tsv" / f"{stem}_brat.ann")
    quotes = []
    for _qid, a, b, spk in read_quotes(root / "quotations" / "tsv" / f"{stem}_brat.ann"):
        s, e = char_span(a, b)
        quotes.append(GoldQuote(s, e, spk))
    names: dict[str, set[str]] = {}
    nominal: dict[str, set[str]] = {}
    pron: dict[str, Counter[str]] = {}
    for mid, m in mentions.items():
        ent = entity.get(mid)
        if ent is None or m.category != "PER":
            continue
        if m.kind in ("PROP", "NOM"):
            s, e = char_span(m.start, m.end)
            (names if m.kind == "PROP" else nominal).setdefault(ent, set()).add(" ".join(text[s:e].split()))
        elif m.kind == "PRON":
            w = m.text.lower()
            pron.setdefault(ent, Counter())["he" if w in _HE else "she" if w in _SHE else "other"] += 1
    spoken = [(q.start, q.end) for q in quotes]
    teller = narrator(mentions, entity, lambda m: char_span(m.start, m.end)[0], spoken)
    gold = Gold({ent: name_set(ns) for ent, ns in names.items()}, quotes,
                epithets(nominal, teller) if with_epithets else {})
    cast = [CastMember(max(ns, key=lambda n: (len(n), n)), sorted(ns), _gender(pron.get(ent)))
            for ent, ns in sorted(names.items())]
    notes = []
    unnamed = sum(1 for q in quotes if q.speaker not in gold.characters)
    if unnamed:
        notes.append(f"{unnamed} quotes by speakers the excerpt never names")
    return Excerpt(stem, text, gold, cast, len(tokens), unaligned, notes)


_FIRST_PERSON = {"i", "me", "my", "myself", "mine"}
#: the epithet a first-person narrator's entity carries: fabula calls a narrator it cannot name
#: "the narrator" (compared without the article)
NARRATOR = "narrator"


def narrator(mentions: dict[str, Mention], entity: dict[str, str], where: Callable[[Mention], int],
             spoken: list[tuple[int, int]], least: int = 3) -> str | None:
    """The entity that tells the excerpt in the first person: the one most of the narration's
    (not the quotes') "I", "me", "my" belong to, with at least ``least`` of them."""
    votes: Counter[str] = Counter()
    for mid, m in mentions.items():
        ent = entity.get(mid)
        if ent is None or m.kind != "PRON" or m.text.lower() not in _FIRST_PERSON:
            continue
        at = where(m)
        if not any(s <= at < e for s, e in spoken):
            votes[ent] += 1
    if not votes:
        return None
    ent, n = votes.most_common(1)[0]
    return ent if n >= least else None


def epithets(nominal: dict[str, set[str]], teller: str | None) -> dict[str, frozenset[str]]:
    """Each person's common-noun mentions ("the parson", "my mother") as epithets, as the fics'
    gold carries them: fabula keeps a role that speaks unnamed as a voice of its own, and a line
    given to that voice is given to the right person. An epithet two entities share ("the man")
    tells no one apart and is dropped from both; the narrator's entity carries "narrator"."""
    bare_sets = {ent: {bare(n) for n in name_set(ns)} - {""} for ent, ns in nominal.items()}
    seen = Counter(e for es in bare_sets.values() for e in es)
    out = {ent: frozenset(e for e in es if seen[e] == 1) for ent, es in bare_sets.items()}
    if teller is not None:
        out[teller] = out.get(teller, frozenset()) | {NARRATOR}
    return {ent: es for ent, es in out.items() if es}


def _gender(votes: Counter[str] | None) -> str | None:
    if not votes:
        return None
    he, she = votes["he"], votes["she"]
    if he > 0 and she == 0:
        return "he"
    if she > 0 and he == 0:
        return "she"
    return None


def _fill(spans: list[tuple[int, int] | None]) -> list[tuple[int, int]]:
    """Unplaced tokens take the gap between their placed neighbours (so every token has a span)."""
    placed = [i for i, s in enumerate(spans) if s is not None]
    if not placed:
        raise ValueError("no token of the excerpt was found in the original")
    out: list[tuple[int, int]] = []
    for i, s in enumerate(spans):
        if s is not None:
            out.append(s)
            continue
        k = bisect.bisect_left(placed, i)
        before = spans[placed[k - 1]] if k > 0 else None
        after = spans[placed[k]] if k < len(placed) else None
        lo = before[1] if before else after[0]  # type: ignore[index]
        hi = after[0] if after else lo
        out.append((lo, max(lo, hi)))
    return out
