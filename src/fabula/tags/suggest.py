"""Suggested AO3 tags — rating, archive warnings, category, relationships, characters and
freeform tags — each with the passages that justify it and a sentence saying why.

Conservative by design: an archive warning is suggested only with evidence in the narration
(what a character says may be a threat or a joke), otherwise "Creator Chose Not To Use Archive
Warnings", which is AO3's honest default for a tool that cannot be sure. Every rule is a few
lines here and is tested on short original passages (tests/test_tags.py); docs/tags.md lists
them.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise
from typing import Any

from fabula.model import Character, Story
from fabula.narrative.arcs import Arc, emotional_arc
from fabula.segment.spans import block_finder
from fabula.tags import signals as S

RATINGS = ["General Audiences", "Teen And Up Audiences", "Mature", "Explicit"]
NO_WARNINGS = "Creator Chose Not To Use Archive Warnings"
MAX_EVIDENCE = 3


def _suggestion(value: str, hits: list[S.Hit] | list[tuple[int, int]], why: str) -> dict[str, Any]:
    spans = [[h.start, h.end] if isinstance(h, S.Hit) else [h[0], h[1]] for h in hits[:MAX_EVIDENCE]]
    return {"value": value, "evidence": spans, "why": why}


def by_presence(story: Story) -> list[Character]:
    """The cast, most present first (a spoken line counts twice a mention); the tags and the
    report's cast panel and colours all use this order."""
    return sorted(story.characters, key=lambda c: -(c.lines * 2 + c.mentions))


def major_characters(story: Story) -> list[Character]:
    """Who a tagger would list: people who speak or are named often, most present first."""
    return [c for c in by_presence(story) if c.lines >= 2 or c.mentions >= 5][:8]


def _per_10k(n: int, words: int) -> float:
    return n / max(words, 1) * 10_000


def rating(story: Story, found: dict[str, list[S.Hit]], words: int) -> dict[str, Any]:
    explicit, strong, gore = found["explicit"], found["strong"], found["gore"]
    suggestive, mild, violence, death = found["suggestive"], found["mild"], found["violence"], found["death"]
    if explicit_content(found, words):
        return _suggestion("Explicit", explicit, f"{len(explicit)} sentences describe sex explicitly")
    reasons, evidence = [], []
    if len(strong) >= 3:
        reasons.append(f"strong language in {len(strong)} sentences")
        evidence += strong[:2]
    if len(gore) >= 3:
        reasons.append(f"graphic violence or blood in {len(gore)} sentences")
        evidence += gore[:2]
    if explicit or len(suggestive) >= 8:
        reasons.append("sexual references")
        evidence += (explicit or suggestive)[:2]
    if reasons:
        return _suggestion("Mature", evidence, "; ".join(reasons))
    teen = strong + violence[:3] + death + (mild if len(mild) >= 3 else []) + (suggestive if len(suggestive) >= 2 else [])
    if strong or len(violence) >= 3 or death or len(mild) >= 3 or len(suggestive) >= 2:
        return _suggestion("Teen And Up Audiences", sorted(teen, key=lambda h: h.start),
                           "some strong language, violence, death or romance, none of it graphic")
    return _suggestion("General Audiences", [], "no strong language, violence or sexual content found")


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


def warnings(story: Story, found: dict[str, list[S.Hit]], majors: list[Character], words: int) -> list[dict[str, Any]]:
    out = []
    blocks, block_of = block_finder(story.doc.blocks)

    def paragraph(pos: int) -> tuple[int, int]:
        i = block_of(pos)
        return blocks[i] if i >= 0 else (pos, pos)

    names = [re.compile(rf"\b{re.escape(a)}\b") for c in majors for a in [c.name, *c.aliases] if len(a) > 2]
    deaths = [h for h in found["death_narration"] if _mentions_major(story.text, h, names, paragraph(h.start))]
    if len(deaths) >= 2:
        out.append(_suggestion("Major Character Death", deaths[-MAX_EVIDENCE:],
                               f"the narration tells of a main character's death in {len(deaths)} sentences"))
    if len(found["gore"]) >= 5 and len(found["violence"]) >= 8:
        out.append(_suggestion("Graphic Depictions Of Violence", found["gore"],
                               f"{len(found['gore'])} sentences of blood or wounds among {len(found['violence'])} of violence"))
    noncon = found["noncon"]
    if len(noncon) >= 2:
        out.append(_suggestion("Rape/Non-Con", noncon, f"{len(noncon)} sentences of the narration describe sexual assault"))
    if explicit_content(found, words) and found["minor"]:
        out.append(_suggestion("Underage", found["minor"][:2] + found["explicit"][:1],
                               "sexual content and a character said to be under 18"))
    return out or [{"value": NO_WARNINGS, "evidence": [], "why": "no archive warning has evidence in the narration"}]


def _presence(story: Story) -> dict[str, list[tuple[int, int]]]:
    """Each character's paragraphs: where they speak or are named in narration."""
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
    return {c: [blocks[i] for i in sorted(v)] for c, v in where.items()}


def conversation_pairs(story: Story, ids: set[str] | None = None) -> Counter[tuple[str, str]]:
    """Who talks with whom: consecutive lines of two speakers, and lines addressed to someone."""
    talk: Counter[tuple[str, str]] = Counter()

    def pair(x: str, y: str) -> tuple[str, str]:
        return (x, y) if x < y else (y, x)

    dialogue = [q for q in story.quotes if q.kind == "dialogue" and q.speaker and (ids is None or q.speaker in ids)]
    for q1, q2 in pairwise(dialogue):
        if q1.speaker and q2.speaker and q1.speaker != q2.speaker and q2.start - q1.end < 1500:
            talk[pair(q1.speaker, q2.speaker)] += 1
    for q in dialogue:
        for to in q.addressees:
            if q.speaker and to != q.speaker and (ids is None or to in ids):
                talk[pair(q.speaker, to)] += 1
    return talk


def relationships(story: Story, majors: list[Character]) -> list[dict[str, Any]]:
    """Pairs who talk to each other a lot; "/" when affection shows where both are, else " & "."""
    ids = {c.id for c in majors}
    names = {c.id: c.name for c in majors}
    talk = conversation_pairs(story, ids)
    presence = _presence(story)
    text = story.text
    out = []
    for (a, b), n in talk.most_common(4):
        if n < 4:
            break
        shared = sorted(set(presence.get(a, [])) & set(presence.get(b, [])))
        affect = [(s, e) for s, e in shared if S.AFFECT.search(text, s, e)]
        # affection must be a habit of their scenes, not a word that happened to be there
        romantic = len(affect) >= 2 and len(affect) >= 0.15 * len(shared)
        value = f"{names[a]}/{names[b]}" if romantic else f"{names[a]} & {names[b]}"
        why = (f"{n} exchanges; affection in {len(affect)} of the paragraphs they share" if romantic
               else f"{n} exchanges; no sign of romance where they meet")
        out.append(_suggestion(value, affect if romantic else shared[:MAX_EVIDENCE], why))
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


def freeform(story: Story, found: dict[str, list[S.Hit]], arc: Arc | None) -> list[dict[str, Any]]:
    out = []
    lyrics = [v for v in story.verse if v.kind == "lyrics"]
    credits = [p for p in story.paratext if p.kind == "credit" and p.song]
    if len(lyrics) >= 2 and credits:
        spans = [(credits[0].start, credits[0].end)] + [(v.start, v.end) for v in lyrics[:2]]
        out.append(_suggestion("Songfic", spans, f'{len(lyrics)} lyric passages of "{credits[0].song}" woven into the story'))
    if len(story.chapters) <= 1 and (story.work.chapters in (None, "1/1")):
        out.append({"value": "One Shot", "evidence": [], "why": "one chapter, complete"})
    flash = [s for s in story.scenes if s.time == "flashback"]
    if flash:
        out.append(_suggestion("Flashbacks", [(s.start, min(s.end, s.start + 200)) for s in flash],
                               f"{len(flash)} scenes told out of order (see `fabula timeline`)"))
    povs = {s.pov for s in story.scenes if s.pov and s.person == "third"}
    if len(povs) >= 2 and len(story.scenes) >= 3:
        out.append(_suggestion("Alternating Points of View", [(s.start, min(s.end, s.start + 200)) for s in story.scenes[:3]],
                               f"{len(povs)} point-of-view characters across the scenes"))
    if sum(1 for s in story.scenes if s.person == "first") * 2 > len(story.scenes):
        out.append({"value": "First Person", "evidence": [], "why": "most scenes are told in the first person"})
    grief = found["grief"]
    if found["death_narration"] and len(grief) >= 3:
        out.append(_suggestion("Grief/Mourning", grief, f"a death and {len(grief)} sentences of grief"))
    if arc is not None:
        negative = sorted((v, s, e) for s, e, v in arc.sentences if v < -0.5)
        if arc.mean <= -0.05 and (found["death"] or len(grief) >= 3 or len(negative) >= 10):
            out.append(_suggestion("Angst", [(s, e) for _v, s, e in negative],
                                   f"the narration's mean sentiment is {arc.mean:+.2f} (VADER) with loss or pain"))
        positive = sorted(((v, s, e) for s, e, v in arc.sentences if v > 0.6), reverse=True)
        if arc.mean >= 0.15 and not found["death"] and not found["gore"]:
            out.append(_suggestion("Fluff", [(s, e) for _v, s, e in positive],
                                   f"the narration's mean sentiment is {arc.mean:+.2f} (VADER) and nothing dark"))
    hurt = [h for h in found["violence"] if re.search(r"wound|injur|bandag|hurt|bleed|blood", h.word, re.I)]
    if hurt and len(found["comfort"]) >= 2:
        out.append(_suggestion("Hurt/Comfort", hurt[:1] + found["comfort"][:2], "injury, then care"))
    notes = " ".join(story.text[p.start:p.end] for p in story.paratext)
    m = S.AU_NOTE.search(notes + " " + " ".join(story.work.tags))
    if m:
        out.append({"value": "Alternate Universe", "evidence": [], "why": f"the author's notes say {m.group(0)!r}"})
    return out


def gather(story: Story) -> dict[str, list[S.Hit]]:
    find = S.Prose.of(story).hits

    return {
        "explicit": find(S.SEXUAL_EXPLICIT), "suggestive": find(S.SEXUAL_SUGGESTIVE),
        "strong": find(S.STRONG_PROFANITY), "mild": find(S.MILD_PROFANITY),
        "violence": find(S.VIOLENCE), "gore": find(S.GORE, True),
        "death": find(S.DEATH), "death_narration": find(S.DEATH, True),
        "noncon": find(S.NONCON, True), "minor": find(S.MINOR),
        "grief": find(S.GRIEF, True), "comfort": find(S.COMFORT),
    }


def suggest_tags(story: Story, arc: Arc | None = None, sentiment: bool = True) -> dict[str, Any]:
    """The ``tags`` object of SCHEMA.md, every entry with evidence spans and a ``why``."""
    found = gather(story)
    words = story.work.words or len(story.text.split())
    majors = major_characters(story)
    if arc is None and sentiment:
        arc = emotional_arc(story)
    relations = relationships(story, majors)
    return {
        "rating": rating(story, found, words),
        "warnings": warnings(story, found, majors, words),
        "categories": category(relations, majors),
        "relationships": relations,
        "characters": [{"value": c.name, "evidence": [], "why": f"{c.lines} line{'s' if c.lines != 1 else ''}, {c.mentions} mention{'s' if c.mentions != 1 else ''}"} for c in majors],
        "freeform": freeform(story, found, arc),
    }
