"""Names to characters: clean candidates, cluster aliases, find every mention, guess gender.

Clustering follows what readers do and BookNLP documents: a full name anchors a person;
"Rosa" joins "Rosa Vane" when only one person has that first name; "Mr. Harlow"
joins "Edmund Harlow" when only one man is called Harlow; two men who share a surname
("Mr. Ashby", "Mr. Thomas Ashby") stay apart; Mr./Mrs./Miss with the same surname are
different people unless a full name says otherwise.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

MALE_TITLES = {"mr", "sir", "lord", "master", "uncle", "father", "brother", "king", "prince", "duke", "count",
               "baron", "monsieur", "señor", "herr", "signor", "mister"}
FEMALE_TITLES = {"mrs", "miss", "ms", "lady", "madam", "madame", "mademoiselle", "aunt", "mother", "sister",
                 "queen", "princess", "duchess", "countess", "baroness", "dame", "señora", "frau", "signora", "mistress"}
NEUTRAL_TITLES = {"dr", "doctor", "captain", "colonel", "major", "general", "professor", "prof", "lieutenant",
                  "sergeant", "inspector", "detective", "officer", "agent", "reverend", "rev", "father", "judge",
                  "admiral", "commander", "nurse"}
TITLES = MALE_TITLES | FEMALE_TITLES | NEUTRAL_TITLES
_TITLE_RX = "|".join(sorted((re.escape(t) for t in TITLES), key=len, reverse=True))
HONORIFIC_NAME = re.compile(
    rf"\b((?i:{_TITLE_RX})\.?)\s+((?:[A-Z][a-z'’-]+|[A-Z]\.)(?:\s+(?:de\s+|van\s+|von\s+|le\s+|la\s+|du\s+)?[A-Z][a-z'’-]+){{0,2}})"
)
PARTICLES = {"de", "van", "von", "le", "la", "du", "der", "den", "di", "da", "del", "st", "st."}
_STOP = {
    "i", "he", "she", "it", "we", "they", "you", "the", "a", "an", "god", "heaven", "lord", "oh", "ah", "yes", "no",
    "sir", "madam", "mr", "mrs", "miss", "ms", "dear", "chapter", "mother", "father", "well", "now", "then", "what",
    "hey", "okay", "ok", "thanks", "thank", "please", "hello", "hi", "shit", "damn", "jesus", "christ", "mum", "mom",
    "dad", "papa", "mama", "aunt", "uncle", "captain", "doctor", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday", "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december", "christmas", "english", "french", "american",
}
_PLACE_PREP = re.compile(r"\b(?:at|in|to|from|into|near|towards|toward|of|through|across|around|leave|reached)\s+$", re.I)


def _title_of(tok: str) -> str | None:
    t = tok.lower().rstrip(".")
    return t if t in TITLES else None


@dataclass
class Name:
    text: str
    title: str | None
    first: str | None
    last: str | None
    count: int = 0

    @property
    def tokens(self) -> list[str]:
        return self.text.split()


def parse_name(text: str) -> Name:
    toks = text.split()
    title = _title_of(toks[0]) if len(toks) > 1 else None
    rest = toks[1:] if title else toks
    rest = [t for t in rest if t.lower() not in PARTICLES] or rest
    if len(rest) >= 2:
        return Name(text, title, rest[0], rest[-1])
    if title in ("miss", "lady", "sir", "lord", "uncle", "aunt", "master", "dame", "madame", "mademoiselle"):
        # "Lady Agnes", "Sir Walter", "Miss Rosa": a first name as often as a surname
        return Name(text, title, rest[0], rest[0])
    if title:
        return Name(text, title, None, rest[0])
    return Name(text, None, rest[0] if rest else None, None)


def clean_candidate(raw: str) -> str | None:
    s = re.sub(r"['’]s?$", "", raw.strip()).strip(" \t\n.,;:!?\"“”'‘’()[]-—*_")
    s = re.sub(r"\s+", " ", s)
    if not s or len(s) > 40 or any(ch.isdigit() for ch in s):
        return None
    toks = s.split()
    if len(toks) > 4 or not toks[0][:1].isupper():
        return None
    for t in toks:
        if not (t[:1].isupper() or t.lower() in PARTICLES):
            return None
    if toks[-1].lower().rstrip(".") in _STOP or (len(toks) == 1 and toks[0].lower() in _STOP):
        return None
    if s.isupper() and len(s) > 3:
        return None
    return s


@dataclass
class WordStats:
    """One pass over the text: lowercase word counts and "the X" counts, for candidate checks."""

    lower: Counter[str]
    the: Counter[str]

    @classmethod
    def of(cls, text: str) -> WordStats:
        return cls(Counter(re.findall(r"\b[a-z]+\b", text)), Counter(re.findall(r"\b[Tt]he\s+([A-Z][a-z]+)\b", text)))


def plausible_person(name: str, text: str, count_cap: int, stats: WordStats | None = None) -> bool:
    """Reject common words and places that NER took for people."""
    toks = name.split()
    if len(toks) > 1 or _title_of(toks[0]):
        return True
    stats = stats or WordStats.of(text)
    low = stats.lower.get(name.lower(), 0)
    if low > max(2, count_cap):
        return False  # "Long", "Will", "Hope": used as ordinary words more than as names
    places = 0
    sample = 0
    for m in re.finditer(rf"\b{re.escape(name)}\b", text):
        sample += 1
        if _PLACE_PREP.search(text[max(0, m.start() - 12): m.start()]):
            places += 1
        if sample >= 60:
            break
    the = stats.the.get(name, 0)
    return not (sample >= 3 and places / sample > 0.4) and not (the >= max(1, 0.3 * sample))


@dataclass
class Cluster:
    names: Counter[str] = field(default_factory=Counter)
    gender_votes: Counter[str] = field(default_factory=Counter)

    @property
    def canonical(self) -> str:
        full = [n for n in self.names if len(parse_name(n).tokens) >= 2 and parse_name(n).first and parse_name(n).last
                and parse_name(n).first != parse_name(n).last]
        pool = full or list(self.names)
        return max(pool, key=lambda n: (self.names[n], len(n)))

    @property
    def count(self) -> int:
        return sum(self.names.values())


def title_gender(title: str | None) -> str | None:
    if title in MALE_TITLES - {"father"}:
        return "he"
    if title in FEMALE_TITLES - {"mother", "sister"}:
        return "she"
    return None


def cluster_names(counts: Counter[str]) -> list[Cluster]:
    names = {n: parse_name(n) for n in counts}
    for n, nm in names.items():
        nm.count = counts[n]
    clusters: list[Cluster] = []
    by_full: dict[tuple[str, str], Cluster] = {}
    # 1. full names
    for n, nm in sorted(names.items(), key=lambda kv: -kv[1].count):
        if nm.first and nm.last and nm.first != nm.last:
            key = (nm.first, nm.last)
            if key not in by_full:
                by_full[key] = Cluster()
                clusters.append(by_full[key])
            by_full[key].names[n] += nm.count
            g = title_gender(nm.title)
            if g:
                by_full[key].gender_votes[g] += 5
    # 2. title + surname ("Mr. Harlow"), title + first ("Lady Agnes")
    by_title_last: dict[tuple[str | None, str], Cluster] = {}
    for n, nm in sorted(names.items(), key=lambda kv: -kv[1].count):
        if not nm.title or nm.first and nm.last and nm.first != nm.last:
            continue
        g = title_gender(nm.title)
        key_word = nm.last or nm.first or ""
        # "Mr. Harlow" is "Edmund Harlow" — but "Mrs. Vane" is not "Rosa Vane", whose first
        # name is used alone far more, and "Mr. Ashby" is not "Mr. Thomas Ashby", who needs his
        # first name to be told apart
        cands = [c for (f, la), c in by_full.items() if key_word in (la, f)
                 and (g is None or not c.gender_votes or c.gender_votes.most_common(1)[0][0] == g)
                 and counts.get(f, 0) < counts[n]
                 and any(parse_name(x).title is None for x in c.names)]
        if nm.first and nm.first == nm.last:
            cands = [c for (f, la), c in by_full.items() if key_word in (f, la)]
        if len({id(c) for c in cands}) == 1:
            cands[0].names[n] += nm.count
            if g:
                cands[0].gender_votes[g] += 5
            continue
        key = (g or nm.title, key_word)
        if key not in by_title_last:
            by_title_last[key] = Cluster()
            clusters.append(by_title_last[key])
        by_title_last[key].names[n] += nm.count
        if g:
            by_title_last[key].gender_votes[g] += 5
    # 3. single words: a first name, or a surname
    for n, nm in sorted(names.items(), key=lambda kv: -kv[1].count):
        if nm.title or (nm.first and nm.last):
            continue
        w = nm.first or ""
        firsts = [c for (f, _la), c in by_full.items() if f == w]
        firsts += [c for (g, k), c in by_title_last.items() if k == w and any(parse_name(x).first == w for x in c.names)]
        firsts = list({id(c): c for c in firsts}.values())
        if len(firsts) == 1:
            firsts[0].names[n] += nm.count
            continue
        lasts = [c for (_f, la), c in by_full.items() if la == w]
        lasts += [c for (g, k), c in by_title_last.items() if k == w]
        lasts = list({id(c): c for c in lasts}.values())
        if len(lasts) == 1:
            lasts[0].names[n] += nm.count
            continue
        if len(lasts) > 1:
            # a bare surname shared by several: the men are usually meant ("Harlow" is Mr. Harlow)
            male = [c for c in lasts if c.gender_votes.get("he", 0) > c.gender_votes.get("she", 0)]
            target = max(male or lasts, key=lambda c: c.count)
            target.names[n] += nm.count
            continue
        c = Cluster()
        c.names[n] += nm.count
        clusters.append(c)
    return [c for c in clusters if c.names]


def mention_regex(names: list[str]) -> re.Pattern[str] | None:
    if not names:
        return None
    alts = sorted({re.escape(n).replace(r"\ ", r"\s+") for n in names}, key=len, reverse=True)
    return re.compile(r"(?<![\w])(?:" + "|".join(alts) + r")(?![\w])")


def find_names(text: str, spans: list[tuple[int, int]]) -> Counter[str]:
    """Titled names by pattern (``Mr. Vane``, ``Captain Rook``) in the given spans."""
    found: Counter[str] = Counter()
    for s, e in spans:
        for m in HONORIFIC_NAME.finditer(text, s, e):
            cand = clean_candidate(m.group(0))
            if cand:
                found[cand] += 1
    return found


def group_votes(clusters: list[Cluster]) -> dict[str, int]:
    index: dict[str, int] = {}
    for i, c in enumerate(clusters):
        for n in c.names:
            index.setdefault(n, i)
    return index


def vote_gender(text: str, mentions: list[tuple[int, int, int]], clusters: list[Cluster], narration: list[tuple[int, int]]) -> None:
    """The first he/she pronoun after a name in the same sentence votes for its gender."""
    pron = re.compile(r"\b(he|him|his|himself|she|her|hers|herself)\b", re.I)
    nxt = re.compile(r"[.!?\"“”;]")
    for _s, e, ci in mentions:
        window = text[e: e + 80]
        stop = nxt.search(window)
        m = pron.search(window, 0, stop.start() if stop else len(window))
        if m is None and stop is not None:
            # "Orla laughed. She took the bag": the next sentence's subject pronoun
            m = re.match(r"[.!?]\s+(He|She)\b", window[stop.start():])
        if m:
            g = "he" if m.group(1).lower() in ("he", "him", "his", "himself") else "she"
            clusters[ci].gender_votes[g] += 1


def epithet_heads() -> set[str]:
    return {"girl", "boy", "man", "woman", "lady", "gentleman", "captain", "doctor", "stranger", "kid", "child",
            "teenager", "old man", "old woman", "redhead", "red head", "blonde", "brunette", "soldier", "sailor",
            "officer", "detective", "nurse", "priest", "king", "queen", "prince", "princess", "girl's", "youth",
            "cook", "driver", "maid", "servant", "boss", "witch", "wizard", "knight", "pilot", "teacher", "student"}


GENDERED_HEADS = {"girl": "she", "woman": "she", "lady": "she", "queen": "she", "princess": "she", "maid": "she",
                  "witch": "she", "boy": "he", "man": "he", "gentleman": "he", "king": "he", "prince": "he",
                  "old man": "he", "old woman": "she", "redhead": None, "red head": None, "blonde": "she",
                  "brunette": "she", "wizard": "he", "knight": "he", "priest": "he"}


def tagged_names(text: str, spans: list[tuple[int, int]], verbs: str) -> Counter[str]:
    """Capitalised words used as a speech tag's subject or as a vocative: names NER may miss."""
    found: Counter[str] = Counter()
    rxs = [
        re.compile(rf"[,!?][\"”]\s+([A-Z][a-z]{{2,}})\s+(?:\w+ly\s+)?(?:{verbs})\b"),
        re.compile(rf"[,!?][\"”]\s+(?:{verbs})\s+([A-Z][a-z]{{2,}})\b"),
        re.compile(r",\s+([A-Z][a-z]{2,})[.!?][\"”]"),
    ]
    for s, e in spans:
        for rx in rxs:
            for m in rx.finditer(text, s, e):
                w = m.group(1)
                if w.lower() not in _STOP:
                    found[w] += 1
    return found


def build(text: str, ner: Counter[str], prose: list[tuple[int, int]], verbs: str = "said") -> tuple[list[Cluster], dict[str, int]]:
    counts: Counter[str] = Counter()
    counts.update(tagged_names(text, prose, verbs))
    for raw, n in ner.items():
        cand = clean_candidate(raw)
        if cand:
            counts[cand] += n
    counts.update(find_names(text, prose))
    stats = WordStats.of(text)
    counts = Counter({n: c for n, c in counts.items() if plausible_person(n, text, c, stats)})
    # recount every name exactly over the prose
    rx = mention_regex(list(counts))
    exact: Counter[str] = Counter()
    if rx is not None:
        for s, e in prose:
            for m in rx.finditer(text, s, e):
                exact[re.sub(r"\s+", " ", m.group(0))] += 1
    for name in counts:
        exact[name] = max(exact[name], 1)
    clusters = cluster_names(exact)
    return clusters, group_votes(clusters)
