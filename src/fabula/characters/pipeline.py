"""The character and speaker passes, as the pipeline calls them."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from fabula.characters import names as N
from fabula.characters.attribution import Resolver, attribute_story, dialogue_by_block, mark_unnamed
from fabula.characters.attribution.narrator import find_narrator
from fabula.characters.attribution.patterns import TagPatterns
from fabula.characters.cast import APART_EVIDENCE, settle_cast
from fabula.dialogue.chat import chat_paragraphs, chat_senders
from fabula.errors import InputError
from fabula.model import Block, CastIndex, Character, Mention, Quote, character_id
from fabula.segment.spans import SpanIndex, story_blocks
from fabula.segment.structure import excluded_spans
from fabula.text.verbs import SPEECH_VERBS

if TYPE_CHECKING:
    from fabula.model import Story
    from fabula.pipeline import Options


def _cast_clusters(path: str) -> list[N.Cluster]:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"cannot read cast file {path}: {exc}") from exc
    entries = data.get("characters", data) if isinstance(data, dict) else data
    if not isinstance(entries, list):
        raise InputError(f"cast file {path}: expected a list of characters (name, aliases, gender)")
    out = []
    for e in entries:
        if isinstance(e, str):
            e = {"name": e}
        if not isinstance(e, dict) or "name" not in e:
            raise InputError(f"cast file {path}: every character needs a name")
        c = N.Cluster(declared=N.name_key(str(e["name"])) or None)
        # names are looked up as the text is ("The Bellringer" is "the Bellringer"); the main name
        # outweighs every alias, so it stays the character's name
        for name, weight in [(str(e["name"]), 1000)] + [(str(a), 1) for a in e.get("aliases", []) or []]:
            if (key := N.name_key(name)):
                nm = N.parse_name(key)
                nm.count = weight
                c.add(nm)
        if e.get("gender") in ("he", "she"):
            c.title_votes[str(e["gender"])] += 1000
        out.append(c)
    return out


def _chat_senders(text: str, blocks: list[Block], ner: Counter[str], declared: list[str]) -> Counter[str]:
    """Chat senders in paragraphs of their own ("**sage:** no" line after line between narration,
    which the verse pass does not take for a message block), as the narration writes them: handles
    are often lower case and often common words, which NER does not take for people; a sender of
    at least two chat lines whose name the text also writes with a capital is a name."""
    out: Counter[str] = Counter()
    for who in set(chat_paragraphs(text, blocks).values()):
        name = " ".join(w[:1].upper() + w[1:] for w in who.split())
        if name in ner or name in declared or not name[:1].isalpha():
            continue
        if (n := len(re.findall(rf"(?<![\w'’-]){re.escape(name)}(?![\w'’-])", text))) > 0:
            out[name] = n
    return out


def characters_pass(story: Story, opts: Options) -> None:
    """The cast (``Story.characters``), name mentions, and the cast index the speakers pass reads.

    Names come from NER over the narration, speech tags, titles and the work's own character
    tags (or from ``--cast``); they are clustered into people, found again everywhere, given a
    gender; a first-person narrator is looked for; epithets that speak become characters.
    """
    from fabula.characters.nlp import person_names

    text = story.text
    blocks = story_blocks(story.doc, excluded_spans(story.paratext, story.headings))
    verse = SpanIndex([(v.start, v.end) for v in story.verse])
    prose_blocks = [b for b in blocks if not verse.overlaps(b.start, b.end)]
    spans = [(b.start, b.end) for b in prose_blocks]
    ner = person_names(_narration_texts(text, spans, story.quotes))
    # the senders of chat messages are people of the story, as its character tags are
    declared_names = story.work.characters + chat_senders(text, story.verse)
    ner.update(_chat_senders(text, prose_blocks, ner, declared_names))
    speech = [(q.start, q.end) for q in story.quotes if q.kind == "dialogue"]
    clusters, index = N.build(text, ner, spans, SPEECH_VERBS, declared_names,
                              apart=lambda rx: _names_apart(text, prose_blocks, story.quotes, rx), speech=speech)
    declared: frozenset[int] = frozenset()
    if opts.cast:
        # the user's cast is authoritative; discovery adds only the people it does not name
        own = _cast_clusters(opts.cast)
        clusters = N.with_declared(own, clusters)
        index = N.group_votes(clusters)
        declared = frozenset(range(len(own)))
    rx = N.mention_regex(list(index))
    quotes = SpanIndex([(q.start, q.end) for q in story.quotes if q.kind in ("dialogue", "thought")])
    mentions, counts = _find_mentions(text, spans, rx, index, quotes)
    said = [(q.start, q.end) for q in story.quotes if q.kind == "dialogue"]
    N.vote_gender(text, mentions, clusters, spans, rx, index, said)
    narrator = find_narrator(text, spans, counts, mentions, quotes, rx, index)
    # epithets ("the girl", "the red head") as mentions, for the cast list and the resolver
    heads = N.GENDERED_HEADS | {h: None for h in N.epithet_heads() if h not in N.GENDERED_HEADS}
    turns: dict[str, tuple[Counter[int], Counter[int]]] = {}
    res = Resolver(text, rx, index, [c.gender for c in clusters], [(s, ci) for s, _e, ci in mentions], heads)
    if _epithet_characters(text, prose_blocks, story.quotes, res, clusters, index, turns):
        rx = N.mention_regex(list(index))
        mentions, counts = _find_mentions(text, spans, rx, index, quotes)
        for c in clusters:
            c.gender_votes.clear()
        N.vote_gender(text, mentions, clusters, spans, rx, index, said)
    story.cast_index = CastIndex(names=index, pattern=rx, genders=[c.gender for c in clusters], counts=counts,
                                 mentions=mentions, heads=heads, blocks=prose_blocks, narrator=narrator.who,
                                 first_person=narrator.first_person, turns=turns, declared=declared)
    order = sorted(range(len(clusters)), key=lambda i: -counts[i])
    story.mentions = [Mention(s, e, "name", None) for s, e, _ in mentions]
    story.characters = _characters(clusters, counts, order)
    for (_s, _e, ci), mention in zip(mentions, story.mentions, strict=True):
        mention.character = character_id(ci)


def _find_mentions(text: str, spans: list[tuple[int, int]], rx: re.Pattern[str] | None, index: dict[str, int],
                   quotes: SpanIndex) -> tuple[list[tuple[int, int, int]], Counter[int]]:
    """Every use of a known name: (start, end, cluster) in narration, and counts everywhere."""
    mentions: list[tuple[int, int, int]] = []
    counts: Counter[int] = Counter()
    if rx is not None:
        for s, e in spans:
            for m in rx.finditer(text, s, e):
                ci = index.get(N.name_key(m.group(0)))
                if ci is None:
                    continue
                counts[ci] += 1
                if not quotes.overlaps(m.start(), m.end()):
                    mentions.append((m.start(), m.end(), ci))
    return mentions, counts


def _epithet_characters(text: str, blocks: list[Block], quotes: list[Quote], res: Resolver,
                        clusters: list[N.Cluster], index: dict[str, int],
                        turns: dict[str, tuple[Counter[int], Counter[int]]]) -> bool:
    """Role epithets that speak as characters of their own: "said the barman", "the jailer said".

    A reader meets many people who are never named — the barman, the turnkey, the cook — and
    each is one person, called the same way every time. An epithet joins a named character
    instead when the exchange says they are one: a two-person exchange alternates, so a line
    tagged "the verger" two turns after one tagged "Mr. Quennell" is Mr. Quennell's (the turn just
    before or after is the other person's). A generic head ("the man", "the girl") never makes
    a character and joins one only on repeated, one-sided evidence; otherwise the resolver
    decides each use. What the exchanges said of every tag epithet is left in ``turns``.
    Returns whether any cluster was added or grown.
    """
    uses, same, other = _epithet_turns(text, blocks, quotes, res)
    for e in uses:
        turns[e] = (same.get(e, Counter()), other.get(e, Counter()))  # for the epithets left to the resolver
    changed = False
    # "the man with the grey scarf" and "the man with the scarf" are one person: the same head
    # picked out by the same thing
    picked_out: dict[tuple[str, str], int] = {}
    for e, n in sorted(uses.items(), key=lambda t: -t[1]):
        key = N.picked_out_key(e)
        if e not in index and key is not None and key in picked_out:
            clusters[picked_out[key]].names[e] += n
            index[e] = picked_out[key]
            changed = True
            continue
        if e not in index and (bearer := _title_bearer(e, clusters)) is not None:
            clusters[bearer].names[e] += n  # "the parson" is "Parson Hollin", the one who bears it
            index[e] = bearer
            changed = True
            continue
        if n < 2 or e in index:
            continue
        g = N.noun_gender(e)
        generic = e.split()[-1] in N.GENERIC_HEADS
        if (who := _same_person(e, same, other, clusters, generic)) is not None \
                or (who := res.family_head(N.epithet_core(e).split()[-1])) is not None:
            clusters[who].names[e] += n  # the exchange (or the family: "the mother") says who
            index[e] = who
        elif generic:
            continue
        else:
            c = N.Cluster()
            c.names[e] += n
            if g:
                c.title_votes[g] += n
            clusters.append(c)
            index[e] = len(clusters) - 1
        if key is not None:
            picked_out[key] = index[e]
        changed = True
    return changed


def _title_bearer(e: str, clusters: list[N.Cluster]) -> int | None:
    """The one character whose name wears an epithet's head as a title no list knows: "the
    parson" is "Parson Hollin" — when exactly one name does, of a fitting gender."""
    words = N.epithet_core(e).split()
    if len(words) != 2 or words[0] != "the":
        return None
    head = words[1]
    if head in N.TITLES:
        return None  # "the captain": the resolver's title bearer decides each use (attribution/resolver.py)
    bearers = {i for i, c in enumerate(clusters) for n in c.names
               if len(toks := n.split()) >= 2 and toks[0].lower().rstrip(".") == head and toks[0][:1].isupper()}
    if len(bearers) != 1:
        return None
    (i,) = bearers
    g = N.noun_gender(e)
    return i if g is None or clusters[i].gender in (g, "unknown") else None


def _epithet_turns(text: str, blocks: list[Block], quotes: list[Quote], res: Resolver
                   ) -> tuple[Counter[str], dict[str, Counter[int]], dict[str, Counter[int]]]:
    """How often each epithet tags a paragraph's first quote, and who the exchanges put beside it.

    For each tag epithet: the characters named by tags two turns from its lines (``same``: a
    two-person exchange alternates, so likely the same person) and one turn from them
    (``other``: the one it talks with), within a few paragraphs.
    """
    tags: list[tuple[int, int | None, str | None]] = []  # (block, character a name tag names, epithet tag)
    for bi, qs in sorted(dialogue_by_block(blocks, quotes).items()):
        if bi < 0 or qs[0].start >= blocks[bi].end:
            continue
        m = res.patterns.tag_after(text[qs[0].end:blocks[bi].end])
        r = res.ref(m.group("subj")) if m else None
        tags.append((bi, r.cid if r and r.kind == "name" else None, r.text if r and r.kind == "epithet" else None))
    uses: Counter[str] = Counter()
    same: dict[str, Counter[int]] = {}
    other: dict[str, Counter[int]] = {}
    for k, (bi, _named, e) in enumerate(tags):
        if e is None:
            continue
        uses[e] += 1
        for d, book in ((1, other), (2, same)):
            for j in (k - d, k + d):
                if 0 <= j < len(tags) and abs(tags[j][0] - bi) <= 2 * d and (ci := tags[j][1]) is not None:
                    book.setdefault(e, Counter())[ci] += 1
    return uses, same, other


def _same_person(e: str, same: dict[str, Counter[int]], other: dict[str, Counter[int]],
                 clusters: list[N.Cluster], generic: bool) -> int | None:
    """The named character an epithet is, when its exchanges say so: tagged two turns from it
    at least twice, more often than one turn from it, and of a gender the epithet allows."""
    best = same.get(e, Counter()).most_common(1)
    g = N.noun_gender(e)
    fits = bool(best) and best[0][1] >= 2 and best[0][1] > other.get(e, Counter()).get(best[0][0], 0) \
        and (g is None or clusters[best[0][0]].gender in (g, "unknown"))
    if fits and generic:
        # "the girl" may be anyone: it is one character's only when the exchanges say so
        # again and again, and say no one else
        fits = best[0][1] >= 3 and best[0][1] >= 0.75 * sum(same[e].values())
    return best[0][0] if fits else None


def _names_apart(text: str, blocks: list[Block], quotes: list[Quote], rx: re.Pattern[str]) -> set[frozenset[str]]:
    """Pairs of names the dialogue shows to be two people, however their words overlap.

    Two names are two people when a line tagged with one calls the other by name ("Go home,
    Odile," said Mrs. Quennell) or when lines tagged with each follow one another (one answers the
    other). Either, seen twice, keeps the two apart: "Mrs. Quennell" does not join "Odile Quennell",
    "Kat" does not join "Katarina" when the two talk to each other.
    """
    patterns = TagPatterns(rx, {})
    seen: Counter[frozenset[str]] = Counter()
    prev: tuple[int, str] | None = None
    for bi, qs in sorted(dialogue_by_block(blocks, quotes).items()):
        if bi < 0 or qs[0].end > blocks[bi].end:
            prev = None
            continue
        m = patterns.tag_after(text[qs[0].end:blocks[bi].end])
        who = rx.search(m.group("subj")) if m else None
        speaker = N.name_key(who.group(0)) if who else None
        if speaker is None:
            prev = None
            continue
        for q in qs:
            for v in _VOCATIVE.finditer(text, q.start, q.end):
                called = rx.fullmatch(v.group("name"))
                if called and N.name_key(called.group(0)) != speaker:
                    seen[frozenset((speaker, N.name_key(called.group(0))))] += 1
        if prev is not None and prev[0] == bi - 1 and prev[1] != speaker:
            seen[frozenset((prev[1], speaker))] += 1
        prev = (bi, speaker)
    return {pair for pair, n in seen.items() if n >= APART_EVIDENCE}


#: a name called out in speech: "Odile, come here", "Come here, Odile."
_VOCATIVE = re.compile(r"(?:[\"“‘']\s*|,\s+)(?P<name>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’-]*){0,2}?)(?=\s*[,.!?])")


def _narration_texts(text: str, spans: list[tuple[int, int]], quotes: list[Quote]) -> list[str]:
    """Paragraphs with dialogue blanked out: NER reads narration, where characters are named.

    Names said in dialogue are found by pattern (vocatives) and by exact matching once known;
    blanking (not cutting) keeps the paragraphs' shape, and halves NER's work on talky fics.
    """
    dialogue = sorted((q.start, q.end) for q in quotes if q.kind == "dialogue")
    out: list[str] = []
    k = 0
    for s, e in spans:
        while k < len(dialogue) and dialogue[k][1] <= s:
            k += 1
        parts: list[str] = []
        pos = s
        j = k
        while j < len(dialogue) and dialogue[j][0] < e:
            qs, qe = max(dialogue[j][0], s), min(dialogue[j][1], e)
            parts.append(text[pos:qs])
            parts.append(" ")
            pos = max(pos, qe)
            j += 1
        parts.append(text[pos:e])
        chunk = "".join(parts).strip()
        if chunk:
            out.append(chunk)
    return out


def _characters(clusters: list[N.Cluster], counts: Counter[int], order: list[int]) -> list[Character]:
    chars = []
    for i in order:
        c = clusters[i]
        name = c.canonical
        aliases = [name] + [n for n, _ in c.names.most_common() if n != name]
        # an epithet used as a name goes by its bare form too: "the Tin Piper" is "Tin Piper"
        aliases += [a[4:] for a in aliases if re.match(r"the [A-Z]", a) and a[4:] not in aliases]
        chars.append(Character(character_id(i), name, aliases, [], c.gender, counts[i]))
    return chars


def speakers_pass(story: Story, opts: Options) -> None:
    """Who says each line (:mod:`fabula.characters.attribution`), then the cast settled by what
    the lines taught: merges and drops, in one place (:mod:`fabula.characters.cast`)."""
    if story.cast_index is None:
        return
    attribute_story(story)
    settle_cast(story)
    mark_unnamed(story.characters)
