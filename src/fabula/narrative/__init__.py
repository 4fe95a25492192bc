"""How the story is told: POV per scene and paragraph, head-hops, tense, frame vs flashback,
event order, and thoughts told as plain narration. Runs after the speakers pass and reads
its characters, mentions and quotes; it writes only the scenes' narrative fields,
``story.pov_paragraphs`` and ``story.thoughts`` (and, through :mod:`fabula.narrative.talk`,
``story.conversations``). The emotional arc (:mod:`fabula.narrative.arcs`) is a pass of its own."""

from __future__ import annotations

import bisect
import re
from typing import Any

from fabula.model import Block, HeadHop, Story
from fabula.narrative.pov import ParagraphPov, paragraph_evidence, ranking
from fabula.narrative.timeline import (
    PAST_PERFECT,
    PAST_TALK,
    SceneTime,
    explicit_cues,
    fabula_order,
    frame_split,
    tense_profile,
)
from fabula.segment.spans import SpanIndex
from fabula.text.sentences import INNER_SENTENCE, first_sentence

# an unmarked thought: a first-person, present-tense clause inside third-person narration
INNER = re.compile(r"(?:^|(?<=[,;:—–-])|(?<=\s[-—–]))\s*(?P<t>I(?:'m|’m|\s+am|\s+can't|\s+can’t|\s+won't|\s+won’t|\s+need|"
                   r"\s+have\s+to|\s+wish|\s+hope|\s+know|\s+think|\s+should|\s+must)\b[^.!?]*[.!?]?)")


def narrative_pass(story: Story) -> None:
    text = story.text
    if not story.scenes:
        return
    apart = SpanIndex([(v.start, v.end) for v in story.verse] + [(p.start, p.end) for p in story.paratext])
    blocks = [b for b in story.story_blocks if b.kind == "para" and not apart.contains(b.start)]
    quotes = SpanIndex([(q.start, q.end) for q in story.quotes])
    genders = {c.id: c.gender for c in story.characters}
    names = sorted((m.start, m.end, m.character) for m in story.mentions if m.character in genders)
    n_starts = [s for s, _e, _c in names]
    speakers_by_scene: list[set[str]] = [set() for _ in story.scenes]
    sc_starts = [s.start for s in story.scenes]
    for q in story.quotes:
        # presence needs a sure speaker: a turn-taking guess would put people in scenes they miss
        if q.kind == "dialogue" and q.speaker and (q.attribution == "explicit" or (q.confidence or 0) >= 0.8):
            i = bisect.bisect_right(sc_starts, q.start) - 1
            if i >= 0:
                speakers_by_scene[i].add(q.speaker)

    recency: dict[str, list[str]] = {}
    all_pars: list[list[ParagraphPov]] = []
    narration: list[str] = []
    past_talk: list[int] = []
    present_in: list[set[str]] = []
    b_starts = [b.start for b in blocks]
    for si, scene in enumerate(story.scenes):
        pars = []
        parts = []
        talk = 0
        a, z = bisect.bisect_left(n_starts, scene.start), bisect.bisect_left(n_starts, scene.end)
        cast = {c for _s, _e, c in names[a:z]} | speakers_by_scene[si]
        for b in blocks[bisect.bisect_left(b_starts, scene.start):bisect.bisect_left(b_starts, scene.end)]:
            in_par = quotes.overlapping(b.start, b.end)
            a, z = bisect.bisect_left(n_starts, b.start), bisect.bisect_left(n_starts, b.end)
            par_names = names[a:z]
            pars.append(paragraph_evidence(text, b.start, b.end, par_names, in_par, genders, recency, cast))
            parts.append(_blank(text, b.start, b.end, in_par))
            talk += len(PAST_TALK.findall(text, b.start, b.end))
        all_pars.append(pars)
        narration.append("\n\n".join(parts))
        past_talk.append(talk)
        present_in.append(cast)

    _points_of_view(story, all_pars)
    _times(story, narration, past_talk, present_in, speakers_by_scene)
    story.thoughts = _thoughts(story, blocks, quotes)


def _blank(text: str, start: int, end: int, quotes: list[tuple[int, int]]) -> str:
    out, pos = [], start
    for s, e in quotes:
        if e <= pos or s >= end:
            continue
        out.append(text[pos:max(s, pos)])
        pos = max(pos, e)
    out.append(text[pos:end])
    return " ".join(out)


def narrator_id(story: Story) -> str | None:
    """The first-person narrator the characters pass found, if still in the cast.

    The one place narrative reads the characters pass's cast index (``story._char``, arch-b's):
    read the typed field here once that branch makes it one."""
    ci = (getattr(story, "_char", None) or {}).get("narrator")
    return f"c{ci + 1}" if ci is not None and any(c.id == f"c{ci + 1}" for c in story.characters) else None


def _points_of_view(story: Story, all_pars: list[list[ParagraphPov]]) -> None:
    narrator = narrator_id(story)
    story.pov_paragraphs = []
    for scene, pars in zip(story.scenes, all_pars, strict=True):
        total: dict[str, float] = {}
        first = 0.0
        i_subjects = third_subjects = 0
        for p in pars:
            for c, v in p.scores.items():
                total[c] = total.get(c, 0.0) + v
            first += p.first_person
            i_subjects += p.i_subjects
            third_subjects += p.third_subjects
        # first person: "I" is a subject of the narration about as often as he and she together
        if i_subjects >= 2 and 2 * i_subjects >= third_subjects:
            scene.person = "first"
            scene.pov = narrator
            scene.pov_confidence = round(min(0.95, 0.5 + first / 20), 2)
            continue
        ranked = ranking(total)
        if not ranked:
            continue
        cid, score = ranked[0]
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        if score < 1.0 or score == runner_up:
            continue
        scene.person = "third"
        scene.pov = cid
        scene.pov_confidence = round(min(0.95, 0.4 + (score - runner_up) / max(score, 1) * 0.5), 2)
        for p in pars:
            if p.pov:
                story.pov_paragraphs.append({"start": p.start, "end": p.end, "pov": p.pov, "scene": scene.n})
            other = p.pov
            # a hop: clear evidence for someone else and none worth the name for the POV character
            if other and other != cid and p.scores[other] >= 1.5 and p.scores.get(cid, 0.0) < 1.0:
                scene.head_hops.append(HeadHop(p.start, p.end, cid, other))


def _times(story: Story, narration: list[str], past_talk: list[int], present_in: list[set[str]],
           speakers: list[set[str]]) -> None:
    times: list[SceneTime] = []
    perfects = []
    for scene, narr in zip(story.scenes, narration, strict=True):
        opening = first_sentence(narr)
        t = explicit_cues(scene.marker, opening) or SceneTime()
        t.tense, t.past_perfect = tense_profile(narr)
        perfects.append(t.past_perfect)
        if t.level == "unknown" and (perfect := PAST_PERFECT.search(opening)):
            t.cues.append(f"past perfect opening: {perfect.group(0)}")
        times.append(t)
    flashbacks = [i for i, t in enumerate(times) if t.level == "flashback"]
    if not flashbacks:
        every = set.intersection(*present_in) if present_in else set()
        casts = [c - every for c in present_in]
        split = frame_split(casts, speakers, past_talk)
        if split:
            frame, back = split
            for i in frame:
                times[i].level, times[i].confidence = "frame", 0.6
                times[i].cues.append("frame: opens the story; its company never meets the flashbacks'")
            for i in back:
                times[i].level, times[i].confidence = "flashback", 0.6
                times[i].cues.append("flashback: people the frame talks about, present and speaking")
            flashbacks = sorted(back)
    if not flashbacks:
        # a past-perfect opening in a scene clearly more past-perfect than the story's usual
        usual = sorted(perfects)[len(perfects) // 2] if perfects else 0.0
        for i, t in enumerate(times):
            if i and any(c.startswith("past perfect") for c in t.cues) and t.past_perfect >= max(1.0, 2 * usual):
                t.level, t.confidence = "flashback", 0.5
        flashbacks = [i for i, t in enumerate(times) if t.level == "flashback"]
    # a frame holds a story whose flashbacks are a good part of it; one flashback in a novel is
    # an excursion from the present, not a frame
    framed = bool(flashbacks) and (len(flashbacks) * 4 >= len(times) or any(t.level == "frame" for t in times))
    for t in times:
        if t.level == "unknown" or (framed and t.level == "present"):
            t.level = "frame" if framed else "present"
            t.confidence = t.confidence or 0.5
    order = fabula_order(times)
    for scene, t, pos in zip(story.scenes, times, order, strict=True):
        scene.time = t.level
        scene.tense = t.tense
        scene.time_cues = t.cues
        scene.time_confidence = t.confidence
        scene.fabula_order = pos


def _thoughts(story: Story, blocks: list[Block], quotes: SpanIndex) -> list[dict[str, Any]]:
    """Italic narration (HTML/Markdown) and unmarked first-person thoughts in third-person scenes."""
    text = story.text
    out: list[dict[str, Any]] = []
    quoted = quotes.overlaps
    b_starts = [b.start for b in blocks]

    def in_block(pos: int) -> bool:
        i = bisect.bisect_right(b_starts, pos) - 1
        return i >= 0 and pos < blocks[i].end

    for mark in story.doc.marks:
        if mark.kind != "italic" or quoted(mark.start, mark.end):
            continue
        words = len(text[mark.start:mark.end].split())
        if 1 <= words <= 30 and in_block(mark.start):
            out.append({"start": mark.start, "end": mark.end, "source": "italic"})
    for scene in story.scenes:
        if scene.person != "third":
            continue
        for b in blocks[bisect.bisect_left(b_starts, scene.start):bisect.bisect_left(b_starts, scene.end)]:
            for sent in INNER_SENTENCE.finditer(text, b.start, b.end):
                m = INNER.search(sent.group(0))
                if m:
                    s = sent.start() + m.start("t")
                    e = sent.start() + m.end("t")
                    if not quoted(s, e):
                        out.append({"start": s, "end": e, "source": "inline"})
    out.sort(key=lambda d: int(d["start"]))
    return out
