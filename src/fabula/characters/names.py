"""Names to characters: clean candidates, cluster aliases, find every mention, guess gender.

Clustering follows what readers do and BookNLP documents: a full name anchors a person;
"Odile" joins "Odile Quennell" when only one person has that first name; "Mr. Thornquist"
joins "Teodor Thornquist" when only one man is called Thornquist; two men who share a surname
("Mr. Dunmore", "Mr. Tomas Dunmore") stay apart; Mr./Mrs./Miss with the same surname are
different people unless a full name says otherwise.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from fabula import cache
from fabula.characters.forms import initial, shortens, surnames_agree
from fabula.characters.gender_cues import CUE_WEIGHT, cue_votes
from fabula.characters.subjects import MIN_USES, subject_uses, uncommon_word
from fabula.text.fold import folded

MALE_TITLES = {"mr", "sir", "lord", "master", "uncle", "father", "brother", "king", "prince", "duke", "count",
               "baron", "monsieur", "señor", "herr", "signor", "mister"}
FEMALE_TITLES = {"mrs", "miss", "ms", "lady", "madam", "madame", "mademoiselle", "aunt", "mother", "sister",
                 "queen", "princess", "duchess", "countess", "baroness", "dame", "señora", "frau", "signora", "mistress"}
NEUTRAL_TITLES = {"dr", "doctor", "captain", "colonel", "major", "general", "professor", "prof", "lieutenant",
                  "sergeant", "inspector", "detective", "officer", "agent", "reverend", "rev", "father", "judge",
                  "admiral", "commander", "nurse",
                  # offices used as titles before a surname in English ("Deputy Hallam", "Coach Ashcombe"):
                  # general usage, as English style guides list them
                  "deputy", "sheriff", "marshal", "constable", "chief", "warden", "mayor", "senator", "governor",
                  "principal", "coach", "pastor", "bishop", "abbot", "ensign", "corporal", "chancellor"}
TITLES = MALE_TITLES | FEMALE_TITLES | NEUTRAL_TITLES
_TITLE_RX = "|".join(sorted((re.escape(t) for t in TITLES), key=len, reverse=True))
HONORIFIC_NAME = re.compile(
    rf"\b((?i:{_TITLE_RX})\.?)\s+((?:[A-Z][a-z'’-]+|[A-Z]\.)(?:\s+(?:de\s+|van\s+|von\s+|le\s+|la\s+|du\s+)?[A-Z][a-z'’-]+){{0,2}})"
)
# where a title word starts, in the lower-cased text (a lookahead: every such place, none skipped)
_TITLE_AT = re.compile(rf"\b(?=(?:{_TITLE_RX})\.?\s)")
PARTICLES = {"de", "van", "von", "le", "la", "du", "der", "den", "di", "da", "del", "st", "st."}
_STOP = {
    "i", "he", "she", "it", "we", "they", "you", "the", "a", "an", "god", "heaven", "lord", "oh", "ah", "yes", "no",
    "sir", "madam", "mr", "mrs", "miss", "ms", "dear", "chapter", "mother", "father", "well", "now", "then", "what",
    "hey", "okay", "ok", "thanks", "thank", "please", "hello", "hi", "shit", "damn", "jesus", "christ", "mum", "mom",
    "dad", "papa", "mama", "aunt", "uncle", "captain", "doctor", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday", "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december", "christmas", "english", "french", "american",
    # interjections and replies that open quotes like vocatives do
    "fine", "sure", "right", "look", "listen", "wait", "come", "stop", "sorry", "good", "great",
    "honestly", "seriously", "really", "maybe", "perhaps", "alright", "hmm", "huh", "wow", "stupid",
    "idiot", "never", "always", "nothing", "everything", "someone", "anyway", "besides", "still", "indeed",
}
#: the stop list as others read it (the narrator's name from calls: never "Okay," or "Listen,")
STOP_WORDS = frozenset(_STOP)
_PLACE_WORDS = "at|in|to|from|into|near|towards|toward|of|through|across|around|leave|reached"


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



def name_key(s: str) -> str:
    """How a name is looked up: white space folded, a leading "The" as "the" ("The Ferryman" = "the Ferryman")."""
    k = re.sub(r"\s+", " ", s.strip())
    return "the " + k[4:] if k[:4] == "The " else k


def parse_name(text: str) -> Name:
    toks = text.split()
    if len(toks) > 1 and toks[0].lower() == "the":
        # an epithet used as a name ("the Ferryman", "the Old Heron"): "the" acts as its title
        return Name(text, "the", None, " ".join(toks[1:]))
    title = _title_of(toks[0]) if len(toks) > 1 else None
    rest = toks[1:] if title else toks
    rest = [t for t in rest if t.lower() not in PARTICLES] or rest
    if len(rest) >= 2:
        return Name(text, title, rest[0], rest[-1])
    if title in ("miss", "lady", "sir", "lord", "uncle", "aunt", "master", "dame", "madame", "mademoiselle"):
        # "Lady Solveig", "Sir Kasimir", "Miss Odile": a first name as often as a surname
        return Name(text, title, rest[0], rest[0])
    if title:
        return Name(text, title, None, rest[0])
    return Name(text, None, rest[0] if rest else None, None)


#: "I" and its contractions, never a word of a name
_FIRST_PERSON = re.compile(r"I(?:['’](?:ll|m|d|ve))?")


def clean_candidate(raw: str) -> str | None:
    raw = re.split(r"--|—|–", raw)[0]  # "Sir Caspar Brannock--who needs no introduction": the name ends at the dash
    s = re.sub(r"['’]s?$", "", raw.strip()).strip(" \t\n.,;:!?\"“”'‘’()[]-—*_")
    s = re.sub(r"\s+", " ", s)
    if not s or len(s) > 40 or any(ch.isdigit() for ch in s):
        return None
    toks = s.split()
    cut = next((k for k, t in enumerate(toks) if k and _FIRST_PERSON.fullmatch(t)), None)
    if cut is not None:
        # "Tell Doctor Orsay I'll come": a title's pattern runs on into the speaker's own "I"
        return clean_candidate(" ".join(toks[:cut]))
    if len(toks) >= 2 and toks[0].lower() == "the":
        rest = clean_candidate(" ".join(toks[1:]))
        # "the Ferryman", "the Old Heron", and titles used as names: "the King", "the Margravine"
        if rest is None and len(toks) == 2 and _title_of(toks[1]) and toks[1][:1].isupper():
            rest = toks[1]
        return f"the {rest}" if rest and len(rest.split()) <= 3 else None
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


_CHAT_SENDER = re.compile(r"(?m)^[ \t]*[*_]*([a-z]+)[*_]*[ \t]*:[ \t]*\S")
_MID_CAPITAL_WORD = re.compile(r"(?<![\w'’-])[a-z][\w'’-]*[,;]? ([A-Z][\w'’-]*)")


@dataclass
class WordStats:
    """One pass over the text: lowercase word counts and "the X" counts, for candidate checks."""

    lower: Counter[str]
    the: Counter[str]
    #: uses of each candidate name, and how many follow "at", "in", "to"… (places do)
    uses: Counter[str] | None = None
    after_place_word: Counter[str] | None = None

    #: capitalised words right after a lower-case word or a comma — where no sentence starts,
    #: so the capital is the word's own ("said Iron Lark", "to Odile"): how names are written
    mid: Counter[str] = field(default_factory=Counter)

    @classmethod
    def of(cls, text: str) -> WordStats:
        # a chat line's sender is a name, written in lower case as chat handles are ("sage: omw"):
        # not a use of the word in its ordinary sense
        words = Counter(re.findall(r"\b[a-z]+\b", text))
        words.subtract(m.group(1) for m in _CHAT_SENDER.finditer(text))
        return cls(+words, Counter(re.findall(r"\b[Tt]he\s+([A-Z][a-z]+)\b", text)),
                   mid=Counter(_MID_CAPITAL_WORD.findall(text)))

    def count_uses(self, text: str, names: list[str]) -> None:
        """One pass over the text for all candidates (a scan per name was the slow part)."""
        self.uses, self.after_place_word = Counter(), Counter()
        if not names:
            return
        alts = "|".join(sorted((re.escape(n) for n in set(names)), key=len, reverse=True))
        rx = re.compile(rf"(?:(?i:\b(?:{_PLACE_WORDS}))\s+)?\b({alts})\b")
        for m in rx.finditer(text):
            self.uses[m.group(1)] += 1
            if m.end(1) - m.start(1) != m.end() - m.start():
                self.after_place_word[m.group(1)] += 1


def plausible_person(name: str, text: str, count_cap: int, stats: WordStats | None = None,
                     surname: bool = False) -> bool:
    """Reject common words and places that NER took for people.

    ``surname``: the word is a known full name's surname, written with a capital in mid-sentence
    again and again ("Idris Bramble" … "said Bramble"): a name even though "bramble" is a word.
    """
    toks = name.split()
    if _title_of(toks[0]) or toks[0] == "the":
        return True
    stats = stats or WordStats.of(text)
    low = stats.lower.get(name.lower(), 0) if len(toks) == 1 and not surname else 0
    if low > max(2, count_cap):
        return False  # "Long", "Will", "Hope": used as ordinary words more than as names
    if stats.uses is None:
        stats.count_uses(text, [name])
    assert stats.uses is not None and stats.after_place_word is not None
    sample = stats.uses.get(name, 0)
    places = stats.after_place_word.get(name, 0)
    the = stats.the.get(name, 0)
    return not (sample >= 3 and places / sample > 0.4) and not (the >= max(1, 0.3 * sample))


_GG_CODES = {"M": "male", "1M": "mostly_male", "?M": "mostly_male", "F": "female", "1F": "mostly_female",
             "?F": "mostly_female", "?": "andy"}


@functools.lru_cache(maxsize=1)
def _gender_answers() -> dict[str, str]:
    """Every dictionary name's answer, kept between runs (:mod:`fabula.cache`): reading and
    resolving the dictionary costs a quarter second; the kept answers load in milliseconds."""
    return dict(cache.cached("gender-guesser", "first-names", lambda: {name: _guess(name) for name in _name_table()}))


@functools.lru_cache(maxsize=1)
def _name_table() -> dict[str, dict[str, str]]:
    """gender-guesser's dictionary (``nam_dict.txt``), read the way its ``Detector`` reads it.

    Its own parser takes half a second — a quarter of a one-shot fic's budget — so the file is
    read here with a lighter loop; :func:`_guess` then applies ``Detector.get_gender``'s rule.
    """
    from importlib import resources

    text = resources.files("gender_guesser").joinpath("data/nam_dict.txt").read_text(encoding="utf-8")
    table: dict[str, dict[str, str]] = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line[0] in "#=":
            continue
        code, name, _ = line.split(None, 2)
        name = name.lower()
        for variant in ([name.replace("+", r) for r in ("", " ", "-")] if "+" in name else [name]):
            table.setdefault(variant, {})[_GG_CODES[code]] = line[30:-1]
    return table


def _guess(name: str) -> str:
    """``gender_guesser.detector.Detector(case_sensitive=False).get_gender(name)``, same answers."""
    entries = _name_table().get(name.lower())
    if not entries:
        return "unknown"
    best, top, tie = next(iter(entries)), 0, 0
    for g, values in entries.items():
        codes = [ord(c) for c in values.replace(" ", "")]
        count, weight = len(codes), sum(c - 55 if c > 64 else c - 48 for c in codes)
        if count > top or (count == top and weight > tie):
            best, top, tie = g, count, weight
    return best if top > 0 else "andy"


@functools.lru_cache(maxsize=4096)
def first_name_gender(first: str) -> tuple[str | None, int]:
    """he/she with a weight (3 sure, 1 "mostly") from gender-guesser's name dictionary, or (None, 0).

    A prior only: titles outrank it and pronouns can outvote it (fan fiction renames freely).
    """
    if not first or not first[:1].isupper() or "." in first:
        return None, 0
    g = _gender_answers().get(first.lower(), "unknown")
    return {"male": ("he", 3), "female": ("she", 3), "mostly_male": ("he", 1), "mostly_female": ("she", 1)}.get(g, (None, 0))


#: pronoun votes (none the other way) that outvote a first name's gender in the name table
PRONOUNS_OUTVOTE = 3


@dataclass
class Cluster:
    names: Counter[str] = field(default_factory=Counter)
    #: he/she from pronouns near the names (noisy)
    gender_votes: Counter[str] = field(default_factory=Counter)
    #: he/she from titles (Mr., Mrs., Lady…), weighted by how often each titled name occurs
    title_votes: Counter[str] = field(default_factory=Counter)
    #: he/she from first names (a weak prior)
    name_votes: Counter[str] = field(default_factory=Counter)
    #: the name the user declared (``--cast``): it stays the character's name
    declared: str | None = None

    @property
    def canonical(self) -> str:
        if self.declared:
            return self.declared
        full = [n for n in self.names if (p := parse_name(n)).first and p.last and p.first != p.last]
        # a role epithet ("the doctor") or a bare title ("Queen", "the Queen") names a character
        # only when nothing else does
        named = [n for n in self.names if not re.match(r"the [a-z]", n) and not _bare_title(n)]
        pool = full or named or list(self.names)
        return max(pool, key=lambda n: (self.names[n], len(n)))

    @property
    def count(self) -> int:
        return sum(self.names.values())

    @property
    def title_gender(self) -> str | None:
        if not self.title_votes:
            return None
        (g, n), *rest = self.title_votes.most_common()
        return g if not rest or n > rest[0][1] else None

    def add(self, name: Name) -> None:
        self.names[name.text] += name.count
        g = title_gender(name.title, name.last)
        if g:
            self.title_votes[g] += name.count
        if name.first and name.title != "the":
            ng, weight = first_name_gender(name.first)
            if ng and self.name_votes[ng] < weight:
                self.name_votes[ng] = weight

    def table_votes(self) -> Counter[str]:
        """The first-name votes, with a name written family name first read the other way:
        where "Lee Haeun" is "Haeun" more often than "Lee", Haeun is the given name, and the
        table's weak guess for the family name ("Lee" mostly a man's) is no vote; the given
        name's entry, where there is one and the family name had none that was sure, is."""
        votes = self.name_votes
        alone = {n for n in self.names if " " not in n}
        for n in list(self.names):
            toks = n.split()
            if (len(toks) != 2 or toks[1] not in alone or self.names.get(toks[0], 0) >= self.names[toks[1]]
                    or _title_of(toks[0]) or toks[0] == "the"):
                continue
            g, w = first_name_gender(toks[0])
            if g is not None and w > 1:
                continue  # a sure first name ("Evander Vorrel", then "Vorrel"): the usual order
            votes = Counter({k: v for k, v in votes.items() if not (k == g and v == w)})
            g2, w2 = first_name_gender(toks[1])
            if g2 is not None and votes[g2] < w2:
                votes[g2] = w2
        return votes

    @property
    def gender(self) -> str:
        """Titles decide when they agree; otherwise pronouns, when they clearly lean one way."""
        if self.title_gender:
            return self.title_gender
        said_he, said_she = self.gender_votes.get("he", 0), self.gender_votes.get("she", 0)
        if max(said_he, said_she) >= PRONOUNS_OUTVOTE and min(said_he, said_she) == 0:
            # the story's own pronouns, again and again and never the other: fan fiction gives
            # a man's name in the table ("Tomas", "Max") to a woman as freely as the reverse
            return "he" if said_he else "she"
        table = self.table_votes()
        he = self.gender_votes.get("he", 0) + table.get("he", 0)
        she = self.gender_votes.get("she", 0) + table.get("she", 0)
        if he >= 2 * she and he >= 1:
            return "he"
        if she >= 2 * he and she >= 1:
            return "she"
        return "unknown"


#: the gender an epithet-name's head noun carries ("the Queen", "the Duke")
HEAD_GENDER = {"king": "he", "queen": "she", "duke": "he", "duchess": "she", "prince": "he", "princess": "she",
               "lord": "he", "lady": "she", "emperor": "he", "empress": "she", "count": "he", "countess": "she",
               "baron": "he", "baroness": "she", "man": "he", "woman": "she", "boy": "he", "girl": "she",
               "mother": "she", "father": "he", "widow": "she", "gentleman": "he", "knight": "he", "witch": "she",
               "wizard": "he", "monk": "he", "nun": "she", "abbess": "she", "sister": "she", "brother": "he"}


def title_gender(title: str | None, word: str | None = None) -> str | None:
    if title == "the" and word:
        return HEAD_GENDER.get(word.split()[-1].lower())
    if title in MALE_TITLES:
        return "he"
    if title in FEMALE_TITLES:
        return "she"
    return None


#: titles used with a first name as often as with a surname ("Lady Solveig", "Sir Kasimir")
FIRST_NAME_TITLES = {"lady", "sir", "lord", "uncle", "aunt", "master", "dame"}
#: titles a man earns and keeps beside "Mr." (one doctor is "Dr. Orsay", "Doctor Orsay" and "Mr. Orsay")
LEARNED_TITLES = {"dr", "doctor", "professor", "prof"}
#: ranks and professions, used with surnames
RANK_TITLES = {"colonel", "major", "general", "lieutenant", "sergeant", "admiral", "commander", "inspector",
               "detective", "officer", "agent", "judge", "professor", "prof", "dr", "doctor", "reverend", "rev",
               "deputy", "sheriff", "marshal", "constable", "chief", "warden", "mayor", "senator", "governor",
               "principal", "coach", "ensign", "corporal", "chancellor"}


def _load_nicknames() -> dict[str, set[str]]:
    """English diminutives (``Alec``→``Alexander``, ``Alfie``→``Alfred``): the package's own data
    file and the ``nicknames`` package's hand-curated table of given names and their nicknames
    (2,700 pairs; read as its CSV, which is cheaper than building its ``NickNamer``)."""
    from importlib import resources

    table: dict[str, set[str]] = {}
    text = resources.files("fabula").joinpath("data/nicknames.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        formal, *short = line.split("\t")
        for nick in short:
            for n in nick.split(","):
                if n.strip():
                    table.setdefault(n.strip(), set()).add(formal.strip())
    try:
        from nicknames import with_names_csv_path

        with with_names_csv_path() as path:
            rows = path.read_text(encoding="utf-8").splitlines()[1:]
    except (ImportError, OSError):
        rows = []  # the package's own table still stands
    for row in rows:
        formal, relation, nick = (row.split(",") + ["", ""])[:3]
        if relation == "has_nickname" and formal and nick:
            table.setdefault(nick.strip().capitalize(), set()).add(formal.strip().capitalize())
    return table


NICKNAMES = _load_nicknames()


_initial = initial


def _mostly_untitled(c: Cluster) -> bool:
    untitled = sum(k for n, k in c.names.items() if parse_name(n).title is None)
    return untitled * 2 >= c.count


@dataclass
class _Clustering:
    """The people found so far while clustering names, and how each step finds them again."""

    counts: Counter[str]
    clusters: list[Cluster] = field(default_factory=list)
    #: (first, last) of an anchoring full name → its person
    by_full: dict[tuple[str, str], Cluster] = field(default_factory=dict)
    #: (title, word) → a person known by a title and one name: "Mr. Thornquist", "Lady Solveig"; ("", word) alone
    by_title: dict[tuple[str, str], Cluster] = field(default_factory=dict)
    #: pairs of names the dialogue shows to be two people (they answer or call each other)
    apart: set[frozenset[str]] = field(default_factory=set)

    def fits(self, c: Cluster, name: str) -> bool:
        """Whether ``name`` may join ``c``: no name of it talks with ``name`` as another person."""
        return not self.apart or not any(frozenset((name, n)) in self.apart for n in c.names)

    def fit(self, cands: list[Cluster], names: Iterable[str]) -> list[Cluster]:
        """The clusters of ``cands`` that every one of ``names`` may join."""
        names = list(names)
        return [c for c in _unique(cands) if all(self.fits(c, n) for n in names)]

    def move(self, c: Cluster, target: Cluster, keep_gender: bool = False) -> None:
        """``c`` is ``target`` after all: its names and votes go there, and every key that found
        ``c`` finds ``target`` (so a later step that looks a name up finds the person)."""
        _merge_into(target, c, keep_gender)
        for key_map in (self.by_full, self.by_title):
            for k, v in key_map.items():
                if v is c:
                    key_map[k] = target

    def new(self, key_map: dict[tuple[str, str], Cluster], key: tuple[str, str]) -> Cluster:
        """The person under ``key``, made when there is none yet."""
        if key not in key_map:
            key_map[key] = Cluster()
            self.clusters.append(key_map[key])
        return key_map[key]


def cluster_names(counts: Counter[str], apart: set[frozenset[str]] | None = None) -> list[Cluster]:
    """One cluster per person from name strings and their counts (see the module's rules).

    The steps run in order, most used names first within each: full names anchor people,
    then a title with one name joins one of them or stands alone, then single words, then
    nicknames, then learned titles.
    """
    names = {n: parse_name(n) for n in counts}
    for n, nm in names.items():
        nm.count = counts[n]
    ordered = sorted(names.values(), key=lambda nm: -nm.count)
    st = _Clustering(counts, apart=apart or set())
    for nm in ordered:  # 1. full names anchor people
        if nm.first and nm.last and nm.first != nm.last:
            # the same two words in both orders are one person written family name first
            # ("Sato Rin") and given name first ("Rin Sato")
            if ((nm.first, nm.last) not in st.by_full and (mirror := st.by_full.get((nm.last, nm.first)))
                    and st.fits(mirror, nm.text)):
                st.by_full[(nm.first, nm.last)] = mirror
            st.new(st.by_full, (nm.first, nm.last)).add(nm)
    for nm in ordered:  # 2. title + one name
        if nm.title and not (nm.first and nm.last and nm.first != nm.last):
            _add_titled(st, nm)
    for nm in ordered:  # 3. one word alone
        if not nm.title and not (nm.first and nm.last):
            _add_single_word(st, nm)
    _join_nicknames(st)
    _join_initialled_surnames(st)
    _join_prefix_nicknames(st)
    _join_nickname_full_names(st)
    _join_learned_titles(st)
    return [c for c in st.clusters if c.names]


def _unique(clusters: list[Cluster]) -> list[Cluster]:
    """Each person once (a name written in both orders files one person under two keys)."""
    return list({id(c): c for c in clusters}.values())


def _titled_full_names(st: _Clustering, nm: Name, word: str) -> list[Cluster]:
    """The full-named people a title with one name may be.

    "Mr. Thornquist" is "Teodor Thornquist" — but "Mrs. Quennell" is not "Odile Quennell", whose first name is
    used alone far more, and "Mr. Dunmore" is not "Mr. Tomas Dunmore", who needs his first name to
    be told apart.
    """
    g = title_gender(nm.title)
    if nm.title in FIRST_NAME_TITLES:
        return _unique([c for (f, la), c in st.by_full.items() if word in (f, la)])
    cands = [c for (f, la), c in st.by_full.items() if la == word
             and (g is None or c.title_gender in (None, g))
             and (g is None or first_name_gender(f)[0] in (None, g))
             and not _initial(f)
             and st.counts.get(f, 0) < nm.count
             and any(parse_name(x).title is None for x in c.names)
             # a married title names a different woman than a first-name full name
             # ("Mrs. Quennell" is the mother of "Odile Quennell") unless the full name wears it
             and (nm.title != "mrs" or any(parse_name(x).title == "mrs" for x in c.names))]
    if nm.title == "miss" and len({f for (f, la) in st.by_full if la == word and not _initial(f)}) >= 2:
        cands = []  # "Miss Quennell" with two Quennell sisters: the eldest's formal name, or either's
    if not cands and not any(la == word for (_f, la) in st.by_full) and nm.title not in RANK_TITLES:
        # "Miss Odile", "Master Corwin": a title with a first name (a rank goes with a surname:
        # "Colonel Dunmore" is not "Dunmore Quennell")
        cands = [c for (f, _la), c in st.by_full.items() if f == word]
    return _unique(cands)


def _add_titled(st: _Clustering, nm: Name) -> None:
    """2. A title with one name joins the one full-named person it can be, or stands alone."""
    word = nm.last or nm.first or ""
    cands = st.fit(_titled_full_names(st, nm, word), [nm.text])
    if len(cands) == 1:
        cands[0].add(nm)
    else:
        st.new(st.by_title, ("miss" if nm.title == "ms" else nm.title or "", word)).add(nm)


def _add_single_word(st: _Clustering, nm: Name) -> None:
    """3. One word alone: a first name, a surname (the man's, when several share it), a title's name."""
    w = nm.first or ""
    firsts = st.fit([c for (f, _la), c in st.by_full.items() if f == w], [nm.text])
    if len(firsts) == 1:
        firsts[0].add(nm)
        return
    lasts = [c for (_f, la), c in st.by_full.items() if la == w]
    lasts = st.fit(lasts + [c for (t, k), c in st.by_title.items() if k == w and t not in FIRST_NAME_TITLES], [nm.text])
    male = [c for c in lasts if c.title_gender == "he"]
    if male or len(lasts) == 1:
        max(male or lasts, key=lambda c: c.count).add(nm)
        return
    titled_first = st.fit([c for (t, k), c in st.by_title.items() if k == w and t in FIRST_NAME_TITLES], [nm.text])
    if len(titled_first) == 1:
        titled_first[0].add(nm)
    elif lasts:
        max(lasts, key=lambda c: c.count).add(nm)
    else:
        st.new(st.by_title, ("", w)).add(nm)


def _join_nicknames(st: _Clustering) -> None:
    """4. Nicknames join the one person whose full first name they shorten."""
    for (t, w), c in list(st.by_title.items()):
        # "Abby" or "Miss Abby" (a title used with first names), never "Mr. Bill" style surnames
        if w not in NICKNAMES or t not in {"", "miss", "master"} | FIRST_NAME_TITLES or not c.names:
            continue
        # someone mostly called by a title ("Lady Solveig Moor") is not also called by a pet name
        # a pet name of the other gender is someone else (a woman called "Alex" is no "Alexander")
        g = c.gender if c.gender in ("he", "she") else None
        targets = st.fit([fc for (f, _la), fc in st.by_full.items() if f in NICKNAMES[w] and _mostly_untitled(fc)
                          and (g is None or fc.gender in (g, "unknown"))], c.names)
        if len(targets) == 1:
            for n, k in c.names.items():
                targets[0].names[n] += k
            c.names.clear()


def _first_names(st: _Clustering) -> list[tuple[str, str | None, Cluster]]:
    """(first name, surname or None, person) for every full name and every lone word: the forms
    a pet name may shorten or be."""
    out: list[tuple[str, str | None, Cluster]] = [(f, la, c) for (f, la), c in st.by_full.items()
                                                   if not _initial(f) and c.names]
    return out + [(w, None, c) for (t, w), c in st.by_title.items() if t == "" and c.names]


def _join_prefix_nicknames(st: _Clustering) -> None:
    """4b. A pet name no table knows joins the one first name it shortens (:func:`forms.shortens`):
    "Kas" is "Kasimir", "Ozzy" is "Ozias", "Ottie" is "Ottilie" — when exactly one longer first
    name in the story begins as it does and nothing says the two differ in gender.

    Either may carry a surname, which must then agree ("Ottie Kerrow" is the "Ottilie" of the
    next scene; "Iz Varga" is "Izolda V.", where the surnames let even a two-letter form
    count); two people whose first names only share a surname ("Iz Varga", "Dov Varga") are
    no pair at all."""
    for w, last, c in _first_names(st):
        if not c.names:
            continue  # joined someone already
        found: dict[str, list[Cluster]] = {"start": [], "end": []}
        for f, flast, fc in _first_names(st):
            if fc is c or not surnames_agree(last, flast) or not _genders_agree(c, fc, w, f):
                continue
            how = shortens(w, f, surnamed=last is not None and flast is not None)
            if how:
                found[how].append(fc)
        # its start first; or its end, as pet names often are: "Sander" for "Alisander"
        targets = st.fit(found["start"], c.names) or st.fit(found["end"], c.names)
        if len(targets) != 1:
            continue
        # the name table's gender for the short form says little: "Max", "Sam", "Kit" are
        # men's names and also what "Maxine", "Samantha", "Nicola" are called; the full name's
        # gender goes with the pair (:func:`_merge_into` keeps the full name's votes)
        st.move(c, targets[0], keep_gender=True)


def _genders_agree(c: Cluster, target: Cluster, short: str, full: str) -> bool:
    """Whether nothing says a pet form's bearer and a longer name's differ in gender: a title
    ("Master Clemmie" is no "Clementine"), or the longer name's own gender in the name table
    against the short form's title. The short form's table gender counts only against a title
    ("Max" is no "Mr. Maxwellton"): "Max" is what "Maxine" is called too."""
    g, weight = first_name_gender(full)
    mine = c.title_gender
    theirs = target.title_gender or (g if weight >= 3 else None)
    if mine and theirs and mine != theirs:
        return False
    g_short = first_name_gender(short)[0]
    return not (g_short and target.title_gender and target.title_gender != g_short)


def _join_initialled_surnames(st: _Clustering) -> None:
    """4a. "Odile Q." is "Odile Quennell": a full name with its surname cut to an initial joins
    the one full name of the same first name whose surname starts so."""
    for (f, la), c in list(st.by_full.items()):
        if not _initial(la) or _initial(f) or not c.names:
            continue
        targets = st.fit([fc for (f2, la2), fc in st.by_full.items() if f2 == f and fc is not c and fc.names
                          and not _initial(la2) and surnames_agree(la, la2)], c.names)
        if len(targets) == 1:
            st.move(c, targets[0])


def _merge_into(target: Cluster, c: Cluster, keep_gender: bool = False) -> None:
    """One person after all: ``c``'s names and votes go to ``target`` (``keep_gender``: not
    ``c``'s first-name votes, where ``c`` is a short form whose table gender is another name's)."""
    target.names.update(c.names)
    target.title_votes.update(c.title_votes)
    if not keep_gender or not target.name_votes:
        for g, k in c.name_votes.items():
            target.name_votes[g] = max(target.name_votes[g], k)
    c.names.clear()


def _join_nickname_full_names(st: _Clustering) -> None:
    """5. "Bill Quennell" is "William Quennell": a full name whose first name shortens another's, same surname."""
    for (f, la), c in list(st.by_full.items()):
        if f not in NICKNAMES or not c.names:
            continue
        targets = st.fit([fc for (f2, la2), fc in st.by_full.items() if la2 == la and f2 in NICKNAMES[f] and fc is not c],
                         c.names)
        if len(targets) == 1:
            for n, k in c.names.items():
                targets[0].names[n] += k
            targets[0].title_votes.update(c.title_votes)
            c.names.clear()


def _join_learned_titles(st: _Clustering) -> None:
    """6. "Dr. Orsay" is "Mr. Orsay" or plain "Orsay": a man's learned title goes with his surname
    (ranks like "Colonel" may name another of the family, but a doctor is addressed as Mr. too)."""
    learned: dict[str, list[Cluster]] = {}
    for (t, w), c in st.by_title.items():
        if t in LEARNED_TITLES and c.names:
            learned.setdefault(w, []).append(c)
    for w, group in learned.items():
        others = {id(x): x for (t2, w2), x in st.by_title.items() if w2 == w and t2 in ("mr", "") and x.names}
        others |= {id(x): x for (_f, la), x in st.by_full.items() if la == w and x.names}
        if len(others) > 1 or any(x.title_gender not in (None, "he") for x in others.values()):
            continue
        target = next(iter(others.values()), None) or max(group, key=lambda x: x.count)
        for c in group:
            if c is target or not st.fit([target], c.names):
                continue
            for n, k in c.names.items():
                target.names[n] += k
            target.title_votes.update(c.title_votes)
            c.names.clear()


def mention_regex(names: list[str]) -> re.Pattern[str] | None:
    if not names:
        return None
    def pattern(n: str) -> str:
        p = re.escape(n).replace(r"\ ", r"\s+")
        return "[Tt]he" + p[3:] if n.startswith("the ") else p

    alts = sorted({pattern(n) for n in names}, key=len, reverse=True)
    return re.compile(r"(?<![\w])(?:" + "|".join(alts) + r")(?![\w])")


def find_names(text: str, spans: list[tuple[int, int]]) -> Counter[str]:
    """Titled names by pattern (``Mr. Quennell``, ``Captain Brannock``) in the given spans.

    Where the text lower-cases exactly (:func:`fabula.text.fold.folded`), the places a title
    word starts are found first by a flagless scan of the lower-cased copy (four times faster
    than the pattern's case-blind titles at every word), and the pattern is tried at those
    places only, from where its last match ended: the matches ``finditer`` finds, found sooner."""
    found: Counter[str] = Counter()
    low = folded(text)
    for s, e in spans:
        for m in _titled(text, low, s, e) if low else HONORIFIC_NAME.finditer(text, s, e):
            cand = clean_candidate(m.group(0))
            if cand:
                found[cand] += 1
    return found


def _titled(text: str, low: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """``HONORIFIC_NAME.finditer(text, start, end)``, tried only where ``low`` has a title word."""
    last = start
    for c in _TITLE_AT.finditer(low, start, end):
        if c.start() >= last and (m := HONORIFIC_NAME.match(text, c.start(), end)) is not None:
            last = m.end()
            yield m


def group_votes(clusters: list[Cluster]) -> dict[str, int]:
    index: dict[str, int] = {}
    for i, c in enumerate(clusters):
        for n in c.names:
            index.setdefault(n, i)
    return index


_VOTE_PRONOUN = re.compile(r"\b(he|she|his|himself|herself|hers)\b", re.I)
#: a noun phrase just before a subject pronoun ("the mug he", "a look she"): the pronoun opens
#: a relative clause on that noun, with a subject of its own
_AFTER_NOUN = re.compile(r"\b(?:the|a|an|this|that|these|those|his|her|my|your|our|their|its)\s+(?:[\w'’-]+\s+){1,2}$", re.I)
#: a gesture made with one's own body, whose possessive is the subject's: "shakes her head",
#: "rolled his eyes", "clears her throat", "pulls her knees up" (kissing someone's lips is not one)
_OWN_GESTURE = re.compile(
    r"\b(?:shak|shook|nod|tilt|bit|rub|roll|duck|clear|hunch|squar|narrow|clos|rais|wrinkl|pull|lift|set|"
    r"scratch|crack|purs|lick|drum|fold|cross|hug)[a-z]*\s+(her|his)\s+(?:head|eyes|lip|lips|throat|shoulders|"
    r"brows?|eyebrows?|nose|knees|chin|jaw|knuckles|arms)\b")
_SUBJECT_START = re.compile(
    r"(?:^|[.!?;:—–,]['\"’”]?\s+|\n\s*|(?:^|\s)[\"“‘']|\b(?:and|but|then|when|as|while|because|if|since|until|though|although|that|so)\s+)$")


def vote_gender(text: str, mentions: list[tuple[int, int, int]], clusters: list[Cluster], narration: list[tuple[int, int]],
                rx: re.Pattern[str] | None = None, index: dict[str, int] | None = None,
                quoted: list[tuple[int, int]] | None = None) -> None:
    """Gender votes from pronouns that can only point back to a name used as a subject.

    "Tomas opened the door and he…", "Tomas laughed. He…" vote; "Odile glared at Tomas. She…"
    does not vote for Tomas (he is an object there), and a "her" votes only on a thing its
    subject owns ("Idda grabs her bag"; :func:`_clause_pronoun`).
    A pronoun after the name's sentence or clause votes only when nothing between could be
    its antecedent instead: another name, or a noun or pronoun of that gender ("Tomas hugged his
    sister. She…"). With the name pattern and index, the nouns a text puts beside a name vote
    too (:mod:`fabula.characters.gender_cues`: "my sister Idda", "her name was Akosua"), and
    the names inside the ``quoted`` spans (dialogue): "Maro said she'd come" says Maro's gender
    whoever says it; what follows there is read only up to the quote's end (the narration after a
    quote is about its speaker).
    """
    _vote_pronouns(text, mentions, None, clusters)
    if quoted and rx is not None and index is not None:
        _vote_pronouns(text, *_quoted_mentions(text, quoted, rx, index), clusters)
    if rx is not None and index is not None:
        for ci, g in cue_votes(text, rx, lambda n: index.get(name_key(n)), noun_gender, _CUE_NOUNS):
            clusters[ci].gender_votes[g] += CUE_WEIGHT


def _quoted_mentions(text: str, quoted: list[tuple[int, int]], rx: re.Pattern[str],
                     index: dict[str, int]) -> tuple[list[tuple[int, int, int]], list[int]]:
    """The known names inside the quoted spans, and the end of the quote each is in."""
    found: list[tuple[int, int, int]] = []
    ends: list[int] = []
    for qs, qe in quoted:
        for m in rx.finditer(text, qs, qe):
            if (ci := index.get(name_key(m.group(0)))) is not None:
                found.append((m.start(), m.end(), ci))
                ends.append(qe)
    return found, ends


def _vote_pronouns(text: str, mentions: list[tuple[int, int, int]], ends: list[int] | None,
                   clusters: list[Cluster]) -> None:
    """Pronoun votes for each mention (``ends``: where each mention's quote ends, for quoted ones)."""
    for i, (s, e, ci) in enumerate(mentions):
        after = text[e:min(e + 160, ends[i])] if ends is not None else text[e:e + 160]
        owner = False
        if _NARRATOR_OBJECT.search(text[max(0, s - 30):s]):
            # "I met Tomas on the platform, and he…": beside a narrator's I, the one third person
            # in the sentence is the one its he or she means
            pass
        elif not _SUBJECT_START.search(text[max(0, s - 12):s]):
            continue
        elif _POSSESSOR.match(after):
            # "Idda's phone buzzes. She…": the one person in a sentence about what is theirs is
            # who the next sentence's pronoun means; a his or her in the sentence itself is the
            # owned thing's ("Idda's brother lost his keys"), so it never votes
            owner = True
        elif not re.match(r"\s+(?:\w+ly\s+)?[a-z]", after):
            continue  # not followed by a verb: "Tomas, who…"
        m = _pronoun_after(after, mentions[i + 1][0] - e if i + 1 < len(mentions) else len(after), owner)
        if m:
            g = "he" if m.group(1).lower() in ("he", "his", "himself") else "she"
            clusters[ci].gender_votes[g] += 1


def _pronoun_after(after: str, other_name: int, owner: bool) -> re.Match[str] | None:
    """The pronoun after a subject name (or an owner's name, ``owner``) that means that person,
    if any: in the name's own clause, carrying its clause on (", and he"), opening the next
    sentence, or a gesture with one's own body. ``other_name``: where the next name begins in
    ``after``; a pronoun beyond it may be that person's."""
    # the name's own clause: a comma or a conjunction may hand the sentence to someone else
    stop = _CLAUSE_STOP.search(after)
    while stop is not None and _SAME_SUBJECT_VERB.match(after, stop.start()):
        # "Vorrel comes in and drops her bag": a second verb with no subject of its own is Vorrel's
        stop = _CLAUSE_STOP.search(after, stop.end())
    end = stop.start() if stop else len(after)
    m = None if owner else _clause_pronoun(after, end)
    if m and m.group(1).lower() in ("he", "she") and _AFTER_NOUN.search(after, 0, m.start()):
        # "Odile takes the mug he pushes across": a pronoun opening a clause on a noun is
        # someone else acting on it (a relative clause), not Odile
        m = None
    if m is None and stop is not None:
        # "Tomas shrugs, and he…": the name's clause goes on with a pronoun subject
        coord = _COORDINATED.match(after, end)
        if coord and coord.start(1) < other_name and _nobody_else(after[:end], coord.group(1)):
            m = coord
    sentence_end = re.search(r"[.!?]", after)
    if m is None and sentence_end is not None and sentence_end.start() < other_name:
        nxt = re.match(r"[.!?]['\"’”]?\s+(He|She|His|Her)\b", after[sentence_end.start():])
        # the next sentence's He/She, unless this one already involves someone of that gender
        if nxt and _nobody_else(after[:sentence_end.start()], nxt.group(1)):
            m = nxt
    if m is None and not owner:
        # "Vorrel shakes her head", "Tomas rolled his eyes": a gesture made with one's own body
        m = _OWN_GESTURE.search(after, 0, end)
    return m


def _clause_pronoun(after: str, end: int) -> re.Match[str] | None:
    """The first pronoun in the name's clause (``after[:end]``) that is the subject's: he, she,
    his, a reflexive, or a "her" that owns a thing ("grabs her bag", "finishes her tea"). A
    "her" is as often an object ("gave her the key", "watched her") or someone else's body
    ("squeezed her wrist"), so only a her on a thing, not a body part, is taken. ("his" is taken as
    it comes: measured on PDNC, leaving out "his hand" lost more right votes than wrong ones.)"""
    for m in _CLAUSE_PRONOUN.finditer(after, 0, end):
        word = m.group(1).lower()
        if word != "her":
            return m
        if _COPULA.search(after, 0, m.start()):
            continue  # "Brann was bad for her nerves": a subject that is, not does, owns nothing here
        owned = _OWNED.match(after, m.end())
        noun = owned.group(1).lower() if owned is not None else ""
        if noun and noun not in BODY_PARTS and not (noun.endswith("ly") and noun not in _LY_NOUNS) \
                and m.end() + len(owned.group(0)) <= end:  # type: ignore[union-attr]
            return m
    return None


#: nouns ending in -ly (an -ly word after "her" is otherwise an adverb: "kissed her softly")
_LY_NOUNS = frozenset("family belly ally lily jelly bully folly assembly supply monopoly".split())
#: a linking verb: what follows describes the subject, and a "her" in it is someone else's (often
#: the point-of-view character's: "Brann was bad for her nerves")
_COPULA = re.compile(r"^\s+(?:\w+ly\s+)?(?:is|was|were|are|seemed|seems|looked|looks|felt|feels|became|becomes)\b")
_CLAUSE_PRONOUN = re.compile(r"\b(he|she|his|her|himself|herself|hers)\b", re.I)
#: the noun a possessive owns, past an adjective or two: "her phone", "his cold tea"
_OWNED = re.compile(r"\s+(?!(?:in|on|at|with|from|into|onto|over|under|like|about|up|down|out|off|away|back|across|"
                    r"through|by|near|toward|towards|behind|before|after|around|the|a|an|this|that|these|those|some|any|every|no|what|everything|nothing|something|"
                    r"anything|all|one|it|him|them|me|us|you|her|his|my|your|our|their|its|too|so|very|more|again|now|"
                    r"then|there|here|to|and|or|but|as|if|when|how|why|for|of|by)\b)(?:[a-z]+\s+){0,2}?([a-z]+)\b(?=\s*(?:[.,;:!?]|$|\s(?:and|but|to|into|onto|on|in|at|from|off|over|with|up|down|out|back|away|by|"
                    r"near|beside|behind|under|across|through|against|for|inside|outside|toward|towards|around|"
                    r"before|after|again|aside|open|shut|tight|closer|close)\b))")
#: body parts: a possessive on one may be anyone's ("squeezed her wrist"); one's own gestures are
#: :data:`_OWN_GESTURE`
BODY_PARTS = frozenset(
    "hand hands face cheek cheeks lips lip mouth hair arm arms shoulder shoulders waist back neck forehead wrist "
    "wrists fingers finger knee knees leg legs eyes eye head chin jaw ear ears hip hips side body skin palm palms "
    "temple temples nose throat chest thigh thighs ankle ankles foot feet breast breasts heart collarbone spine "
    "shoulder-blade knuckles brow brows eyebrow eyebrows lap nape".split())


_CLAUSE_STOP = re.compile(r"[.!?;,\"“”—]|\s(?:but|and|while|though|because|when)\s")
#: "and" or "but" then a verb with no subject of its own: the clause's subject goes on
_SAME_SUBJECT_VERB = re.compile(r"\s(?:and|but)\s+(?:then\s+)?(?!(?:he|she|they|i|we|you|it|the|a|an|his|her|their|my|"
                                r"your|its|this|that|there|then|so|not|now|when|if)\b)[a-z]+(?:s|ed)\b")
#: a name as the owner at the head of its sentence: "Idda's phone buzzes"
_POSSESSOR = re.compile(r"['’]s?\s+(?:[a-z]+\s+){0,2}[a-z]+\s+[a-z]")


#: a pronoun subject that carries on the name's clause: ", and he", " but she"
_COORDINATED = re.compile(r"(?:,\s*|\s+)(?:and|but|then|so)\s+(he|she|his|her)\b", re.I)
#: a name that is the object of the narrator's I: "I met Tomas", "I never told Idda"
_NARRATOR_OBJECT = re.compile(r"(?:^|\n\s*|[.!?;,]['\"’”]?\s+|\b(?:and|but|when|as|then)\s+)I\s+(?:[a-z]+\s+){1,2}$")
_OTHER_OF = {"he": re.compile(r"\b(?:he|him|his|himself)\b", re.I), "she": re.compile(r"\b(?:she|her|hers|herself)\b", re.I)}


def _nobody_else(between: str, pronoun: str) -> bool:
    """Whether ``between`` (the name's clause or sentence) names no one else a ``pronoun`` could
    mean: no pronoun of its gender ("Tomas glared at her. She…") and no noun of it ("his sister")."""
    g = {"his": "he", "her": "she"}.get(pronoun.lower(), pronoun.lower())
    if _OTHER_OF[g].search(between):
        return False
    return not any(GENDERED_NOUNS.get(w) == g for w in re.findall(r"[a-z]+", between.lower()))


def epithet_heads() -> set[str]:
    return {"girl", "boy", "man", "woman", "lady", "gentleman", "captain", "doctor", "stranger", "kid", "child",
            "teenager", "old man", "old woman", "redhead", "red head", "blonde", "brunette", "soldier", "sailor",
            "officer", "detective", "nurse", "priest", "king", "queen", "prince", "princess", "girl's", "youth",
            "cook", "driver", "maid", "servant", "boss", "witch", "wizard", "knight", "pilot", "teacher", "student"}


GENDERED_HEADS = {"girl": "she", "woman": "she", "lady": "she", "queen": "she", "princess": "she", "maid": "she",
                  "witch": "she", "boy": "he", "man": "he", "gentleman": "he", "king": "he", "prince": "he",
                  "old man": "he", "old woman": "she", "redhead": None, "red head": None, "blonde": "she",
                  "brunette": "she", "wizard": "he", "knight": "he", "priest": "he"}

#: nouns that carry a gender, for epithets outside the head list ("said the landlady", "her uncle")
GENDERED_NOUNS = {
    **HEAD_GENDER,
    **{w: "she" for w in (
        "maid blonde brunette wife aunt niece daughter matron landlady hostess governess mistress "
        "housekeeper actress waitress grandmother grandma granny mum mom mamma mama bride heroine "
        "spinster seamstress lass gal sorceress priestess girlfriend damsel maiden nurse schoolmistress "
        "laundress dame madam ma'am stepmother godmother").split()},
    **{w: "he" for w in (
        "priest husband uncle nephew son widower landlord host master butler footman waiter grandfather "
        "grandpa dad papa pa groom hero bachelor lad fellow chap sir boyfriend godfather stepfather "
        "squire clergyman vicar curate chaplain rector parson monsieur gent").split()},
}
#: the nouns that say a named person's gender beside the name ("my sister Idda", "Wei was a small
#: woman"): every gendered noun but the titles a name is written with ("Lady Odile", "Sir Tomas"),
#: which a title vote already counts
#: (less a few that name a role both sexes fill: "Idda was the host", "a nurse named Tomas")
_CUE_NOUNS = tuple(sorted(w for w in GENDERED_NOUNS if w.isalpha() and w not in {"host", "nurse", "master", "hero", "knight"}))
#: kin and companions named through someone else: "said her mother", "his wife replied"
RELATIONS = ("mother|father|wife|husband|sister|brother|aunt|uncle|niece|nephew|daughter|son|cousin|friend|"
             "companion|guardian|host|hostess|guest|visitor|mistress|master|lover|sweetheart|"
             "grandmother|grandfather|mamma|papa|mama|parent|sisters|brothers")


#: heads that say only what someone is, not who: readers resolve these to whoever is there
GENERIC_HEADS = set(
    "man woman boy girl lady gentleman child person fellow voice other figure creature one first second "
    "third last latter former same rest others crowd party company people men women children youth lad "
    "guest speaker young old elder younger elder comer individual thing pair couple group".split())
# ("the stranger", "the visitor", "the newcomer" are left out: a story calls one unknown person so
# until it names them, and that person speaks as a character of their own)


#: how a phrase that picks a person out by what they wear or have begins: "the man with the grey scarf"
PICKED_OUT_BY = r"\s+(?:in|with)\s+the\s+"
EPITHET_PP = re.compile(PICKED_OUT_BY + r"\S.*$")


def epithet_core(phrase: str) -> str:
    """An epithet without the phrase that picks its bearer out: "the girl with the red scarf" → "the girl"."""
    return EPITHET_PP.sub("", phrase)


def picked_out_key(phrase: str) -> tuple[str, str] | None:
    """(head, thing) of an epithet that picks its bearer out: "the man with the grey scarf" →
    ("man", "beard"); None for any other."""
    core = epithet_core(phrase)
    if core == phrase or not core.split():
        return None
    return core.split()[-1], phrase.split()[-1]


def noun_gender(phrase: str) -> str | None:
    """he/she carried by an epithet's head ("the old landlady" → she; "the man in the grey coat" → he), or None."""
    words = epithet_core(phrase.lower().replace("’", "'")).split()
    return GENDERED_NOUNS.get(words[-1]) if words else None


def tagged_names(text: str, spans: list[tuple[int, int]], verbs: str) -> Counter[str]:
    """Capitalised words used as a speech tag's subject or as a vocative: names NER may miss."""
    found: Counter[str] = Counter()
    # closing marks of both conventions: "…," said Yusra and ‘…,’ said Yusra (a comma, ! or ? before
    # the ’ tells it from an apostrophe)
    close = "[\"”’]"
    epithet = r"the\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}"
    rxs = [
        # a name of two or three capitalised words speaks as one: "said Iron Lark"
        re.compile(rf"[,!?]{close}\s+([A-Z][a-z]{{2,}}(?:\s+[A-Z][a-z]{{2,}}){{0,2}})\s+(?:\w+ly\s+)?(?:{verbs})\b"),
        re.compile(rf"[,!?]{close}\s+(?:{verbs})\s+([A-Z][a-z]{{2,}}(?:\s+[A-Z][a-z]{{2,}}){{0,2}})\b"),
        # capitalised epithets that speak are names: "said the Ferryman", "the Old Heron said"
        re.compile(rf"[,!?]{close}\s+(?:{verbs})\s+({epithet})\b"),
        re.compile(rf"[,!?]{close}\s+({epithet})\s+(?:\w+ly\s+)?(?:{verbs})\b"),
        # vocatives: "…, Kasimir." "…, Kasimir, the letter" "Kasimir, you look tired"
        re.compile(rf",\s+([A-Z][a-z]{{2,}})(?:[.!?,]{close}|,\s)"),
    ]
    opening = re.compile(rf"[\"“‘]([A-Z][a-z]{{2,}}),(?:\s|{close})")
    mid_sentence = set(re.findall(r"[a-z,;]\s+([A-Z][a-z]{2,})\b", text))  # one pass, not one per quote
    for s, e in spans:
        for rx in rxs:
            for m in rx.finditer(text, s, e):
                w = clean_candidate(m.group(1))
                if w and w.lower() not in _STOP:
                    found[name_key(w)] += 1
        # a word opening a quote ("Kasimir, you look tired") is as often an interjection ("Fine,"):
        # a name only if the text also capitalises it in mid-sentence
        for m in opening.finditer(text, s, e):
            w = clean_candidate(m.group(1))
            if w and w.lower() not in _STOP and w in mid_sentence:
                found[name_key(w)] += 1
    return found


#: a capitalised word calling someone in speech: opening the quote ("Tobi, the tide's turning",
#: "Iz!"; not a one-word answer, "Kestrelmoor.") or after a comma, closing a clause ("Come here, Iz.")
_CALL = re.compile(r"[\"“‘]([A-Z][a-z]+)(?=[,!?])|,\s([A-Z][a-z]+)(?=[,.!?])")


def _called_pet_forms(text: str, speech: list[tuple[int, int]], counts: Counter[str],
                      stats: WordStats) -> Counter[str]:
    """Pet names used only when calling someone ("Tobi!", "Come here, Iz."): a word called out
    in speech that shortens exactly one first name the story has found (:func:`forms.shortens`),
    is written nowhere in lower case and is no stop word. :func:`tagged_names` takes a call that
    opens a quote only when narration also writes the word, which a pet name used only in
    speech never is; the name it shortens is the evidence instead. Only in ``speech``, the
    dialogue's spans: narration's "in Kestrelmoor, Varne." calls no one."""
    firsts = {f for n in counts for f, _la in _given_names(n)}
    if not firsts or not speech:
        return Counter()
    calls = Counter(m.group(1) or m.group(2) for s, e in speech for m in _CALL.finditer(text, s, e))
    out: Counter[str] = Counter()
    for w, n in calls.items():
        if w in counts or w.lower() in _STOP or stats.lower.get(w.lower(), 0) or _title_of(w):
            continue
        if len({f for f in firsts if pet_form_of(w, f)}) != 1:
            continue
        # (asked last: a search of the whole text, for the few words that shorten a first name)
        if re.search(rf"(?i:\b(?:in|at|from|into|near|across|around|through|towards?))\s+{w}\b", text):
            continue  # "in Kestrelmoor", "from Kestrelmoor": a place ("to" and "of" go with people too)
        out[w] = n
    return out


def _subject_names(text: str, prose: list[tuple[int, int]], verbs: str, counts: Counter[str],
                   stats: WordStats) -> Counter[str]:
    """Names NER missed that the text makes the subject of a verb again and again ("Evander
    grabbed a halter", "Iolanthe whispered", :mod:`fabula.characters.subjects`): words the text
    never writes in lower case, no title or stop word, and either a known first name or no
    common English word."""
    out: Counter[str] = Counter()
    for name, n in subject_uses(text, prose, verbs).items():
        low = name.lower()
        if n < MIN_USES or name in counts or stats.lower.get(low, 0) or low in _STOP or _title_of(name):
            continue
        if first_name_gender(name)[0] is not None or uncommon_word(name):
            out[name] = n
    return out


def _strip_leading_words(counts: Counter[str], stats: WordStats) -> Counter[str]:
    """Drop sentence words NER glued to a name ("Because Teodor Quennell", "Poor Mr. Quennell", "Quietly
    Quennell"), and common nouns it ran on into ("Mr. Quennell High School").

    A first token goes when the text never capitalises it where no sentence starts (a name's
    words are capitalised everywhere: "said Iron Lark") and it is no known first name, and either
    the text also uses it in lower case or it is an adverb by its ending. Trailing words go when
    the text also uses them in lower case and the name before them is a name the text uses alone.
    """
    out: Counter[str] = Counter()
    for name, c in counts.items():
        toks = name.split()
        while len(toks) > 1 and _sentence_word(toks[0], stats):
            toks = toks[1:]
        toks = _cut_trailing_nouns(toks, counts, stats)
        out[" ".join(toks)] += c
    return out


def _sentence_word(tok: str, stats: WordStats) -> bool:
    """A capitalised word opening a name NER found that is the sentence's, not the name's."""
    if _title_of(tok) or tok == "the" or stats.mid.get(tok, 0) or first_name_gender(tok)[0] is not None:
        return False
    return stats.lower.get(tok.lower(), 0) >= 2 or (len(tok) > 4 and tok.endswith("ly"))


def _cut_trailing_nouns(toks: list[str], counts: Counter[str], stats: WordStats) -> list[str]:
    """ "Mr. Quennell High School" → "Mr. Quennell": two or more trailing words the text writes in lower
    case, after a name the text uses on its own."""
    lead = 1 if _title_of(toks[0]) else 0
    for keep in range(lead + 1, len(toks) - 1):
        tail = toks[keep:]
        if " ".join(toks[:keep]) in counts and all(stats.lower.get(t.lower(), 0) for t in tail):
            return toks[:keep]
    return toks


def declared_names(characters: list[str]) -> Counter[str]:
    """Names from the work's own character tags (AO3, front matter): "Yusra Ashcombe (TV)" → "Yusra Ashcombe"."""
    out: Counter[str] = Counter()
    for tag in characters:
        name = re.sub(r"\s*\([^)]*\)", "", tag).strip()
        if name and not re.search(r"\b(?:original|character|oc|reader|you|other)\b", name, re.I):
            cand = clean_candidate(name)
            if cand:
                out[cand] += 1
    return out


def build(text: str, ner: Counter[str], prose: list[tuple[int, int]], verbs: str = "said",
          declared: list[str] | None = None,
          apart: Callable[[re.Pattern[str]], set[frozenset[str]]] | None = None,
          speech: list[tuple[int, int]] | None = None) -> tuple[list[Cluster], dict[str, int]]:
    """The cast from names: candidates from NER, tags, titles and the work's tags, cleaned, counted
    and clustered into people. ``speech``: the dialogue's spans, where pet names used only to
    call someone are looked for. ``apart`` gives, for a pattern of the candidate names, the pairs
    the dialogue shows to be two people: no clustering step makes them one."""
    counts: Counter[str] = Counter()
    counts.update(declared_names(declared or []))
    counts.update(tagged_names(text, prose, verbs))
    for raw, n in ner.items():
        cand = clean_candidate(raw)
        if cand:
            counts[cand] += n
    counts.update(find_names(text, prose))
    counts.update(_family_full_names(text, counts, prose))
    stats = WordStats.of(text)
    counts.update(_subject_names(text, prose, verbs, counts, stats))
    counts = _strip_leading_words(counts, stats)
    counts.update(_called_pet_forms(text, speech or [], counts, stats))
    # untitled full names ("Tomas Brannock"): the first name is the likeliest alias ("Tomas, from the
    # boat:"), and the surname one too when the text writes it alone
    pairs = [(toks[0], toks[1]) for name in counts if len(toks := name.split()) == 2
             and not _title_of(toks[0]) and toks[0] != "the" and not _initial(toks[0])]
    surnames = _surnames_in_use(text, {last for _first, last in pairs})
    # a first name or surname found only as part of a full name stands or falls with it: "Merry
    # Hollow" is a place, so neither "Merry" nor "Hollow" is anyone
    derived: dict[str, list[str]] = {}
    for first, last in pairs:
        for part in [first] + [last] * (last in surnames):
            if part not in counts or part in derived:
                derived.setdefault(part, []).append(f"{first} {last}")
    counts.update(dict.fromkeys(derived, 1))  # none of them is in counts yet
    stats.count_uses(text, list(counts))
    counts = Counter({n: c for n, c in counts.items() if plausible_person(n, text, c, stats, n in surnames)})
    counts = Counter({n: c for n, c in counts.items() if n not in derived or any(f in counts for f in derived[n])})
    counts = _without_interjections(text, counts, stats)
    # recount every name exactly over the prose
    rx = mention_regex(list(counts))
    exact: Counter[str] = Counter()
    if rx is not None:
        for s, e in prose:
            for m in rx.finditer(text, s, e):
                exact[name_key(m.group(0))] += 1
    for name in counts:
        exact[name] = max(exact[name], 1)
    pairs_apart = apart(rx) if apart is not None and rx is not None else set()
    clusters = _join_bare_titles(cluster_names(exact, pairs_apart), pairs_apart)
    return clusters, group_votes(clusters)


_OPENING_WORD = re.compile(r"[\"“‘]([A-Z][a-z'’]+)[!.?,]")


def _without_interjections(text: str, counts: Counter[str], stats: WordStats) -> Counter[str]:
    """Drop the words that open speech as exclamations ("Damn.", "Bollocks!") and are no one.

    A name is capitalised where no sentence starts ("said Odile", "to Odile"); an interjection
    only ever opens a sentence. A single word the text never capitalises mid-sentence, that
    opens a quote as an exclamation and is written in lower case too (or opens quotes so more
    than once), and is no known first name nor a title, is not a name.
    """
    single = [n for n in counts if " " not in n and not stats.mid.get(n, 0)
              and not _title_of(n) and first_name_gender(n)[0] is None]
    if not single:
        return counts
    opened = Counter(_OPENING_WORD.findall(text))
    gone = {n for n in single if opened[n] and (stats.lower.get(n.lower(), 0) or opened[n] >= 2)}
    return Counter({n: c for n, c in counts.items() if n not in gone})


def _family_full_names(text: str, counts: Counter[str], prose: list[tuple[int, int]]) -> Counter[str]:
    """Full names NER missed, made of a known first name and a known family name: "Odile
    Quennell" where the story has "Odile" and "Mrs. Quennell" (twice or more), for a family
    no full name has anchored yet."""
    firsts, lasts, named = set(), set(), set()
    for name in counts:
        p = parse_name(name)
        if p.title and p.title != "the" and p.last and p.first in (None, p.last):
            lasts.add(p.last)  # "Mrs. Quennell"; "Miss Quennell" too, a surname or a first name
        elif len(name.split()) == 1 and name[:1].isupper():
            firsts.add(name)
        elif p.first and p.last and p.first != p.last:
            named.add(p.last)
    lasts -= named  # a family some full name already anchors needs no guessing
    if not firsts or not lasts:
        return Counter()
    rx = re.compile(r"\b(" + "|".join(map(re.escape, sorted(firsts))) + r")\s+("
                    + "|".join(map(re.escape, sorted(lasts))) + r")\b(?!\s+[A-Z])")
    # in the story proper only: an author's note names people who are not in the story
    found = Counter(f"{m.group(1)} {m.group(2)}" for s, e in prose for m in rx.finditer(text, s, e))
    return Counter({n: k for n, k in found.items() if k >= 2 and n not in counts})


# a capitalised word after a lower-case word (not after the end of a capitalised one: "Merry
# Hollow"), and not followed by another capitalised word
_MID_SENTENCE_CAPITAL = re.compile(r"(?<![\w'’-])[a-z][\w'’-]*[,;]? ([A-Z][\w'’-]*)\b(?![\s-]+[A-Z])")


def _surnames_in_use(text: str, lasts: set[str]) -> set[str]:
    """The surnames of untitled full names that the text also writes alone, capitalised where
    no sentence starts, three times or more ("Idris Bramble" … "This is your doing, Bramble")."""
    if not lasts:
        return set()
    # one pass for all of them: capitalised words where no sentence starts, not inside a longer name
    alone = Counter(_MID_SENTENCE_CAPITAL.findall(text))
    return {w for w in lasts if alone[w] >= 3}


def _bare_title(name: str) -> str | None:
    """The title a name is made of alone: "Mademoiselle", "the Queen" (capitalised, as a name)."""
    toks = name.split()
    if len(toks) == 2 and toks[0] == "the" and toks[1][:1].isupper():
        toks = toks[1:]
    return _title_of(toks[0]) if len(toks) == 1 else None


def _join_bare_titles(clusters: list[Cluster], apart: set[frozenset[str]] | None = None) -> list[Cluster]:
    """A title used alone as a name ("Mademoiselle") is the person who bears it, when one bears
    it far more often than anyone else ("Mademoiselle Orsay" 49 times, another once); when
    several do, it stays apart."""
    bearers: dict[str, Counter[int]] = {}
    for i, c in enumerate(clusters):
        for n, k in c.names.items():
            t = parse_name(n).title
            if t and t != "the" and len(n.split()) > 1:
                bearers.setdefault(t, Counter())[i] += k
    gone: set[int] = set()
    for i, c in enumerate(clusters):
        if len(c.names) != 1:
            continue
        (n,) = c.names
        t = _bare_title(n)
        ranked = bearers.get(t or "", Counter()).most_common(2)
        if not ranked or ranked[0][0] == i:
            continue
        # the one bearer of the title in the whole story, or by far its most frequent
        if apart and any(frozenset((n, m)) in apart for m in clusters[ranked[0][0]].names):
            continue
        if len(ranked) == 1 or (ranked[0][1] >= 3 and ranked[0][1] >= 4 * ranked[1][1]):
            clusters[ranked[0][0]].names.update(c.names)
            gone.add(i)
    return [c for i, c in enumerate(clusters) if i not in gone]


def _name_words(name: str) -> set[str]:
    """The words of a name that may stand for its bearer alone: no title, particle or "the"."""
    p = parse_name(name)
    if p.title == "the":
        return set()
    words = {w for w in (p.first, p.last) if w and not _initial(w)}
    if len(name.split()) >= 2 and not p.title:
        words |= {t for t in name.split() if t.lower() not in PARTICLES and not _initial(t)}
    return words


def _given_names(name: str) -> list[tuple[str, str | None]]:
    """(first name, surname or None) a name gives its bearer: "Odile Quennell" → Odile, Quennell;
    "Odile" → Odile; "Lady Odile" → Odile; "Mr. Quennell" and epithets none."""
    p = parse_name(name)
    if p.title == "the" or not p.first or _initial(p.first) or (p.title and p.title not in FIRST_NAME_TITLES):
        return []
    return [(p.first, p.last if p.last != p.first else None)]


def _same_given_name(f: str, last: str | None, df: str, dlast: str | None) -> bool:
    """Whether a found first name is a declared one: the same, a table's nickname of it, or a
    pet form either way (:func:`forms.shortens`), the surnames agreeing."""
    if not surnames_agree(last, dlast):
        return False
    surnamed = last is not None and dlast is not None
    return f == df or df in NICKNAMES.get(f, ()) or bool(shortens(f, df, surnamed) or shortens(df, f, surnamed))


def shortened_by(word: str, names: Iterable[str]) -> list[str]:
    """The names among ``names`` whose first name ``word`` is a pet form of, by the nickname
    table or by convention (:func:`forms.shortens`): "Kas" → ["Kasimira Ashgrove", "Kasimira"]."""
    return [n for n in names for f, _la in _given_names(n) if pet_form_of(word, f)]


def pet_form_of(word: str, first: str) -> bool:
    """Whether ``word`` is another first name's pet form, by the nickname table or by convention
    (:func:`forms.shortens`): "Kas" of "Kasimira", "Bob" of "Robert"."""
    return first != word and (first in NICKNAMES.get(word, ()) or bool(shortens(word, first)))


def _declared_by_parts(c: Cluster, declared: list[Cluster]) -> set[int]:
    """The declared characters a discovered one may be by the words of its names.

    First names speak first: "Iz Varga" is the declared "Izolda Varga" and not her brother
    "Dov Varga", and "Kas" is "Kasimira Ashgrove", not "Doctor Ashgrove". Failing that,
    any word of a name: "Rin" is "Sato Rin", "Mr. Quennell" any declared Quennell."""
    g = c.title_gender
    fitting = [(i, d) for i, d in enumerate(declared) if g is None or d.gender in (g, "unknown")]
    given = [fl for n in c.names for fl in _given_names(n)]
    owners = {i for i, d in fitting for dn in d.names for df, dl in _given_names(dn)
              if any(_same_given_name(f, la, df, dl) for f, la in given)}
    if owners:
        return owners
    words = set().union(*(_name_words(n) for n in c.names))
    words |= {f for w in list(words) for f in NICKNAMES.get(w, ())}
    return {i for i, d in fitting if words & set().union(*(_name_words(n) for n in d.names))}


def with_declared(declared: list[Cluster], found: list[Cluster]) -> list[Cluster]:
    """The user's cast first, then the people discovery found that it does not name.

    The declared cast is authoritative: each declared character keeps its names and no two
    become one. A discovered cluster that shares a name (or, failing that, a word of a name:
    "Rin" for "Sato Rin", a nickname) with exactly one declared character adds its other names
    to that character; one that could be several declared people adds nothing (its names are
    left to the sieves, which resolve them in context); one that shares nothing is someone
    the user did not declare ("the barman", a minor name) and joins the cast after them.
    """
    own = {name_key(n): i for i, d in enumerate(declared) for n in d.names}
    out = list(declared)
    for c in found:
        owners = {own[name_key(n)] for n in c.names if name_key(n) in own}
        if not owners:
            owners = _declared_by_parts(c, declared)
            if not owners:
                out.append(c)
                continue
        if len(owners) == 1:
            i = owners.pop()
            for n, k in c.names.items():
                if name_key(n) not in own:
                    declared[i].names[n] += k
                    own[name_key(n)] = i
    return out
