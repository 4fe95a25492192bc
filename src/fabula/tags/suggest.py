"""Suggested AO3 tags — rating, archive warnings, category, relationships, characters and
freeform tags — each with the passages that justify it and a sentence saying why.

Conservative by design: an archive warning is suggested only with evidence in the narration
(what a character says may be a threat or a joke), otherwise "Creator Chose Not To Use Archive
Warnings", which is AO3's honest default for a tool that cannot be sure. Every rule is a few
lines here and is tested on short original passages (tests/test_tags.py); the freeform tags are
declared rules in freeform.py, each with a story it fits and one it does not; docs/tags.md lists
them.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from typing import Any

from fabula.model import Character, Story, Work
from fabula.narrative.talk import chat_senders, conversation_pairs
from fabula.segment.spans import SpanIndex, block_finder
from fabula.tags import signals as S
from fabula.tags.freeform import freeform
from fabula.text.fold import flagless, folded

RATINGS = ["General Audiences", "Teen And Up Audiences", "Mature", "Explicit"]
NO_WARNINGS = "Creator Chose Not To Use Archive Warnings"


def major_characters(story: Story, chat: list[tuple[int, str]] | None = None) -> list[Character]:
    """Who a tagger would list: people who speak (aloud or in chat) or are named often, most present first."""
    sent = Counter(cid for _pos, cid in chat or [])
    return [c for c in story.cast_by_presence() if c.lines + sent[c.id] >= 2 or c.mentions >= 5][:8]


def _chat(story: Story) -> list[tuple[int, str]]:
    messages = [(v.start, v.end) for v in story.verse if v.kind == "message"]
    return chat_senders(story.text, story.story_blocks, story.characters, messages)


def _per_10k(n: int, words: int) -> float:
    return n / max(words, 1) * 10_000


def rating(story: Story, found: dict[str, list[S.Hit]], words: int) -> dict[str, Any]:
    """The lowest rating the content needs, by the standard of AO3's ratings: Explicit for sex
    written out; Mature for pervasive strong language, graphic violence or sex told of more than
    in passing; Teen for some strong language or violence, a main character's death on the page,
    a sexual reference; General Audiences otherwise — kisses, a bed, a stray "damn", a death
    remembered are for every age. ``found["main_death"]`` (from :func:`main_deaths`) holds the
    deaths of main characters."""
    explicit, strong, gore, reference = found["explicit"], found["strong"], found["gore"], found["reference"]
    mild, violence, death = found["mild"], found["violence"], found.get("main_death", [])
    if explicit_content(found, words):
        return S.suggestion("Explicit", explicit, f"{len(explicit)} sentences describe sex explicitly")
    reasons, evidence = [], []
    if len(strong) >= 3 and _per_10k(len(strong), words) >= 4:
        reasons.append(f"strong language in {len(strong)} sentences")
        evidence += strong[:2]
    if len(gore) >= 3:
        reasons.append(f"graphic violence or blood in {len(gore)} sentences")
        evidence += gore[:2]
    if explicit or len(reference) >= 3:
        reasons.append("sexual references" + (f" ({len(explicit)} explicit)" if explicit else ""))
        evidence += (explicit or reference)[:2]
    if reasons:
        return S.suggestion("Mature", evidence, "; ".join(reasons))
    teen = {"strong language": strong, "violence": violence if len(violence) >= 3 else [],
            "a main character's death on the page": death if len(death) >= 2 else [],
            "mild language": mild if len(mild) >= 3 else [],
            "a sexual reference": reference, "blood": gore}
    shown = {k: v for k, v in teen.items() if v}
    if shown:
        hits = sorted((h for v in shown.values() for h in v), key=lambda h: h.start)
        return S.suggestion("Teen And Up Audiences", hits, "some " + ", ".join(shown) + "; nothing graphic or explicit")
    return S.suggestion("General Audiences", [], "no strong language, violence or sexual content beyond what every "
                                                 "rating allows")


def _mentions_major(text: str, hit: S.Hit, names: list[re.Pattern[str]], paragraph: tuple[int, int]) -> bool:
    """The sentence names a main character, or refers by pronoun to one named in its paragraph."""
    sentence = text[hit.start:hit.end]
    if any(n.search(sentence) for n in names):
        return True
    if re.search(r"\b(?:he|she|him|her|his)\b", sentence, re.I):
        par = text[paragraph[0]:paragraph[1]]
        return any(n.search(par) for n in names)
    return False


def explicit_content(found: dict[str, list[S.Hit]], words: int) -> bool:
    """At least three explicit sentences, and at least two per 10,000 words (one stray word in a
    novel — "cock" of a hat — is not a sex scene)."""
    n = len(found["explicit"])
    return n >= 3 and _per_10k(n, words) >= 2


def main_deaths(story: Story, found: dict[str, list[S.Hit]], majors: list[Character]) -> list[S.Hit]:
    """Narration sentences of death that name a main character, or say he/she in a paragraph that names one."""
    blocks, block_of = block_finder(story.doc.blocks)

    def paragraph(pos: int) -> tuple[int, int]:
        i = block_of(pos)
        return blocks[i] if i >= 0 else (pos, pos)

    names = [re.compile(rf"\b{re.escape(a)}\b") for c in majors for a in [c.name, *c.aliases] if len(a) > 2]
    return [h for h in found["death_narration"] if _mentions_major(story.text, h, names, paragraph(h.start))]


def warnings(story: Story, found: dict[str, list[S.Hit]], majors: list[Character], words: int) -> list[dict[str, Any]]:
    """Archive warnings, each only from what the narration states outright: a wrong warning is
    worse than none, since authors and readers filter by them. Underage needs explicit sexual
    content in the same paragraph as a statement that someone there is under 18 — a minor near a
    violent or adult scene is not one; Rape/Non-Con, two narration sentences naming assault.
    Below that, "Creator Chose Not To Use Archive Warnings", saying what was seen and why it is
    not enough."""
    out = []
    blocks, block_of = block_finder(story.doc.blocks)

    def paragraph(pos: int) -> tuple[int, int]:
        i = block_of(pos)
        return blocks[i] if i >= 0 else (pos, pos)

    deaths = found.get("main_death", [])
    if len(deaths) >= 2:
        out.append(S.suggestion("Major Character Death", deaths[-S.MAX_EVIDENCE:],
                               f"the narration tells of a main character's death in {len(deaths)} sentences"))
    if len(found["gore"]) >= 5 and len(found["violence"]) >= 8:
        out.append(S.suggestion("Graphic Depictions Of Violence", found["gore"],
                               f"{len(found['gore'])} sentences of blood or wounds among {len(found['violence'])} of violence"))
    noncon = found["noncon"]
    if len(noncon) >= 2:
        out.append(S.suggestion("Rape/Non-Con", noncon, f"{len(noncon)} sentences of the narration describe sexual assault"))
    minor_paragraphs = {paragraph(h.start) for h in found["minor"]}
    underage = [h for h in found["explicit"] if paragraph(h.start) in minor_paragraphs]
    if explicit_content(found, words) and underage:
        out.append(S.suggestion("Underage", underage[:2] + [h for h in found["minor"] if paragraph(h.start) == paragraph(underage[0].start)][:1],
                               "explicit sexual content in a paragraph that says someone there is under 18"))
    if out:
        return out
    seen = [f"{len(found['death_narration'])} death sentence(s) not naming a main character twice" if found["death_narration"] else "",
            "a minor's age, with no explicit content beside it" if found["minor"] else "",
            "one mention of assault" if len(noncon) == 1 else ""]
    why = "no archive warning has evidence in the narration"
    if any(seen):
        why += " (seen, and not enough to warn: " + "; ".join(s for s in seen if s) + ")"
    return [{"value": NO_WARNINGS, "evidence": [], "why": why}]


def _presence(story: Story, chat: list[tuple[int, str]]) -> dict[str, list[tuple[int, int]]]:
    """Each character's paragraphs: where they speak, write a chat line or are named in narration,
    and — for a first-person scene's narrator, who is "I" — every paragraph of their scenes."""
    blocks, block_of = block_finder(story.doc.blocks)
    where: dict[str, set[int]] = {}

    def add(cid: str | None, pos: int) -> None:
        i = block_of(pos)
        if cid and i >= 0:
            where.setdefault(cid, set()).add(i)

    for m in story.mentions:
        add(m.character, m.start)
    for q in story.quotes:
        if q.kind == "dialogue":
            add(q.speaker, q.start)
    for pos, cid in chat:
        add(cid, pos)
    starts = [s for s, _e in blocks]
    for scene in story.scenes:
        if scene.person == "first" and scene.pov:
            # the blocks that start inside the scene, by bisection (blocks are in text order)
            for i in range(bisect.bisect_left(starts, scene.start), bisect.bisect_left(starts, scene.end)):
                where.setdefault(scene.pov, set()).add(i)
    return {c: [blocks[i] for i in sorted(v)] for c, v in where.items()}


def _together(story: Story, a: list[tuple[int, int]], b: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The paragraphs of the scenes where both are present (a pronoun carries a person through a
    scene: "She finds Ruairi's hand" is Anouk's gesture though the paragraph never names her).
    By span lookups (a paragraph's start as a one-character span): scene by scene against every
    paragraph of both was quadratic."""
    at_a, at_b = (SpanIndex([(x, x + 1) for x, _ in spans]) for spans in (a, b))
    both = SpanIndex([(sc.start, sc.end) for sc in story.scenes
                      if at_a.overlaps(sc.start, sc.end) and at_b.overlaps(sc.start, sc.end)])
    return [(bl.start, bl.end) for bl in story.doc.blocks if bl.kind == "para" and both.contains(bl.start)]


def _affection(text: str, spans: list[tuple[int, int]], low: str = "") -> tuple[float, list[tuple[int, int]]]:
    """Romance in these paragraphs: words of love and courtship count 1, tender gestures ½; the
    paragraphs that have any. Counted flagless in ``low``, the text lower-cased, where the caller
    has it (:func:`fabula.text.fold.folded`: exact, and a third of the cost)."""
    total, shown = 0.0, []
    scan, affect, tenderly = (low, flagless(S.AFFECT), flagless(S.TENDER)) if low else (text, S.AFFECT, S.TENDER)
    for s, e in spans:
        strong = len(affect.findall(scan, s, e))
        tender = len(tenderly.findall(scan, s, e))
        if strong or tender:
            total += strong + 0.5 * tender
            shown.append((s, e))
    return total, shown


def relationships(story: Story, majors: list[Character], chat: list[tuple[int, str]] | None = None) -> list[dict[str, Any]]:
    """Pairs who talk to each other a lot (aloud or in chat); "/" when affection is a habit of
    their scenes together — in paragraphs that have one of them and no other main character,
    words of love count 1 and tender gestures ½: at least 1.5, in two paragraphs or more, and 2
    per 100 paragraphs of those scenes — else " & "."""
    ids = {c.id for c in majors}
    names = {c.id: c.name for c in majors}
    chat = _chat(story) if chat is None else chat
    talk = conversation_pairs(story.quotes, ids, chat)  # among the majors only (story.conversations is everyone)
    presence = _presence(story, chat)
    text = story.text
    low: str | None = None
    out = []
    for (a, b), n in talk.most_common(4):
        if n < 4:
            break
        shared = sorted(set(presence.get(a, [])) & set(presence.get(b, [])))
        together = _together(story, presence.get(a, []), presence.get(b, []))
        # a paragraph speaks of these two when one of them is in it and no other main character is
        mine = set(presence.get(a, [])) | set(presence.get(b, []))
        others = {p for c in ids - {a, b} for p in presence.get(c, [])}
        low = folded(text) if low is None else low  # once, for the pairs that get this far
        weight, affect = _affection(text, [p for p in together if p in mine and p not in others], low)
        # affection must be a habit of their scenes, not a word that happened to be there
        romantic = weight >= 1.5 and len(affect) >= 2 and weight >= 0.02 * len(together)
        value = f"{names[a]}/{names[b]}" if romantic else f"{names[a]} & {names[b]}"
        why = (f"{n} exchanges; affection in {len(affect)} of the {len(together)} paragraphs of their scenes together" if romantic
               else f"{n} exchanges; no habit of romance where they meet")
        out.append(S.suggestion(value, affect if romantic else shared[:S.MAX_EVIDENCE], why))
    return out


def category(relations: list[dict[str, Any]], majors: list[Character]) -> list[dict[str, Any]]:
    gender = {c.name: c.gender for c in majors}
    cats = []
    for r in relations:
        if "/" not in r["value"]:
            continue
        a, b = r["value"].split("/", 1)
        pair = sorted(("F" if gender.get(x) == "she" else "M" if gender.get(x) == "he" else "?") for x in (a, b))
        cats.append("Other" if "?" in pair else "/".join(pair))
    kinds = sorted(set(cats))
    if not kinds:
        return [{"value": "Gen", "evidence": [], "why": "no romantic relationship found"}]
    if len(kinds) > 1:
        return [{"value": "Multi", "evidence": [], "why": f"relationships of kinds {', '.join(kinds)}"}]
    return [{"value": kinds[0], "evidence": [], "why": "from the genders of the romantic pair"}]


#: the layers :func:`gather` reads: the story proper (chapters less paratext, headings and verse),
#: its sentences and where its quotations are
GATHER_READS = frozenset({"doc", "chapters", "paratext", "headings", "verse", "sentences", "quotes"})


def start_early(story: Story, opts: Any, changing: frozenset[str]) -> Any:
    """Begin the lexicon scans (:func:`gather`, most of the tags' time on a book) ahead of the
    tags pass, in a forked child (``Pass.ahead``): they read only :data:`GATHER_READS`, which the
    passes after the speakers pass do not write, so on a big read the scans run while the
    narrative pass does. The handle's ``result()`` is what :func:`suggest_tags` takes; None
    where a layer the scans read may still change, or no child could start."""
    if changing & GATHER_READS:
        return None
    from fabula.runtime import forked  # here: the tags import nothing of the runtime otherwise

    child = forked.Forked(functools.partial(gather, story))
    return child if child.started else None


def gather(story: Story) -> dict[str, list[S.Hit]]:
    find = S.Prose.of(story).hits

    return {
        "explicit": find(S.SEXUAL_EXPLICIT), "reference": find(S.SEXUAL_REFERENCE),
        "suggestive": find(S.SEXUAL_SUGGESTIVE),
        "strong": find(S.STRONG_PROFANITY), "mild": find(S.MILD_PROFANITY),
        "violence": find(S.VIOLENCE, True), "gore": find(S.GORE, True),
        "death": find(S.DEATH, negatable=True), "death_narration": find(S.DEATH, True, negatable=True),
        "noncon": find(S.NONCON, True, negatable=True), "minor": find(S.MINOR),
        "grief": find(S.GRIEF, True), "comfort": find(S.COMFORT),
    }


def declared(work: Work) -> dict[str, Any] | None:
    """The author's own tags, where the input carries them (an AO3 download's tag block, a front
    matter, a FanFiction.net header): shown beside fabula's suggestions, never replaced by them.
    None where the input declares nothing."""
    own = {"rating": work.rating, "warnings": list(work.warnings), "categories": list(work.categories),
           "relationships": list(work.relationships), "characters": list(work.characters), "freeform": list(work.tags)}
    return own if any(own.values()) else None


def suggest_tags(story: Story, early: Any = None) -> dict[str, Any]:
    """The ``tags`` object of SCHEMA.md, every entry with evidence spans and a ``why``, and beside
    them (``declared``) the author's own tags as the input gave them. Reads the arc pass's
    ``story.arc`` (without it, no sentiment tags). Nothing here reads the declared tags: a
    suggestion is fabula's reading of the text alone. ``early``: :func:`start_early`'s child,
    whose scans are used where it gave them (else they are done here: the same scans)."""
    ok, found = early.result() if early is not None else (False, None)
    if not ok or not isinstance(found, dict):
        found = gather(story)
    words = story.work.words or len(story.text.split())
    chat = _chat(story)
    majors = major_characters(story, chat)
    found["main_death"] = main_deaths(story, found, majors)
    relations = relationships(story, majors, chat)
    return {
        "declared": declared(story.work),
        "rating": rating(story, found, words),
        "warnings": warnings(story, found, majors, words),
        "categories": category(relations, majors),
        "relationships": relations,
        "characters": [{"value": c.name, "evidence": [], "why": f"{c.lines} line{'s' if c.lines != 1 else ''}, {c.mentions} mention{'s' if c.mentions != 1 else ''}"} for c in majors],
        "freeform": freeform(story, found),
    }
