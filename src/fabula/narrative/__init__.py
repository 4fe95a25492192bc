"""How the story is told: POV per scene and paragraph, head-hops, tense, frame vs flashback,
event order, and thoughts told as plain narration. Runs after the speakers pass and reads
its characters, mentions and quotes; it writes only the scenes' narrative fields (each decision
with its cues: ``time_cues``, ``pov_cues``), ``story.pov_paragraphs`` and ``story.thoughts``
(and, through :mod:`fabula.narrative.talk`, ``story.conversations``). The emotional arc
(:mod:`fabula.narrative.arcs`) is a pass of its own.

What counts as narration: the scene's story paragraphs less verse and paratext, less the lines
that are not narration even where the earlier passes left them in — a scene's label line
("1987", "Now", "~ Talia's POV ~"), chat lines ("Name: message", a sender seen at least twice),
and letters (a salutation line, "Ottie,", to a sign-off, "Your brother,\\nCaspar").
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from fabula.dialogue.chat import CHAT_LINE, chat_paragraphs
from fabula.model import Block, Character, HeadHop, Scene, Story
from fabula.narrative.pov import ParagraphPov, paragraph_evidence, ranking
from fabula.narrative.talk import by_name
from fabula.narrative.timeline import (
    DEATH,
    PAST_TALK,
    TALE,
    SceneFacts,
    fabula_order,
    label_cues,
    place_in_time,
)
from fabula.segment.spans import SpanIndex
from fabula.text.fold import flagless, folded
from fabula.text.sentences import INNER_SENTENCE, first_sentence

# an unmarked thought: a first-person, present-tense clause inside third-person narration
INNER = re.compile(r"(?:^|(?<=[,;:—–-])|(?<=\s[-—–]))\s*(?P<t>I(?:'m|’m|\s+am|\s+can't|\s+can’t|\s+won't|\s+won’t|\s+need|"
                   r"\s+have\s+to|\s+wish|\s+hope|\s+know|\s+think|\s+should|\s+must)\b[^.!?]*[.!?]?)")
# a POV label: "~ Talia's POV ~", "Maelis POV", "POV: Talia", "Talia's point of view"
POV_LABEL = re.compile(r"^\W*(?:(?P<a>[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,2}?)(?:['’]s?)?\s+(?:POV|P\.O\.V\.?|point\s+of\s+view|perspective)"
                       r"|(?:POV|P\.O\.V\.?)\s*[:–—-]\s*(?P<b>[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,2}))\W*$", re.I)
# a letter's salutation, a line of its own: "Ottie,", "Dear Mrs Thimble,", "My dearest Halvard,"
SALUTATION = re.compile(r"^\s*[*_]*(?:(?:my\s+)?(?:dear(?:est)?|darling)\s+)?[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3},\s*[*_]*$")
_SIGN_OFF = re.compile(r"^\s*[*_]*[A-Z][\w'’ ]{0,30},\s*[*_]*$")  # "Your brother,", "Love,", "Yours ever,"
_SIGNATURE = re.compile(r"^\s*[*_—–-]*\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2}\s*[*_]*$")  # "Caspar"
_LABEL_WORDS = 8
_LABEL_CHARS = 120  # and this many characters: a megabyte with no space in it is one "word", not a label
_SILENT_WORDS = 25  # a scene with less narration than this has no head of its own


def narrative_pass(story: Story) -> None:
    text = story.text
    if not story.scenes:
        return
    apart = SpanIndex([(v.start, v.end) for v in story.verse] + [(p.start, p.end) for p in story.paratext])
    blocks = [b for b in story.story_blocks if b.kind == "para" and not apart.contains(b.start)]
    chat = chat_paragraphs(text, blocks)
    messages = sorted((v.start, v.end) for v in story.verse if v.kind == "message")
    m_starts = [s for s, _e in messages]  # a scene's messages by bisection, not a walk over all of them
    # a letter may close on a sign-off the verse pass took for a short poem: look for letters in every paragraph
    not_narration = set(chat) | _letters(text, [b for b in story.story_blocks if b.kind == "para"])
    names_of = by_name(story.characters)
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
    facts: list[SceneFacts] = []
    labels: list[str | None] = []
    voices: list[tuple[set[str], set[str]]] = []  # per scene: who writes chat lines, who the narration names
    italic = SpanIndex([(m.start, m.end) for m in story.doc.marks if m.kind == "italic"])
    b_starts = [b.start for b in blocks]
    # the past-talk and tale words counted case-sensitively in a lower-cased copy where that is exact
    low = folded(text)
    scan, talk_rx, tale_rx = (low, flagless(PAST_TALK), flagless(TALE)) if low else (text, PAST_TALK, TALE)
    for si, scene in enumerate(story.scenes):
        pars, parts = [], []
        talk = slanted = size = tale = 0
        a_scene, z_scene = bisect.bisect_left(n_starts, scene.start), bisect.bisect_left(n_starts, scene.end)
        named_here = Counter(c for _s, _e, c in names[a_scene:z_scene])
        cast = set(named_here) | speakers_by_scene[si]
        own = blocks[bisect.bisect_left(b_starts, scene.start):bisect.bisect_left(b_starts, scene.end)]
        label, own = _label(scene, own, text)
        labels.append(label)
        voiced = {c for b in own if (c := names_of.get(chat.get(b.start, "").lower()))}
        voiced |= {c for s, e in messages[bisect.bisect_left(m_starts, scene.start):bisect.bisect_left(m_starts, scene.end)]
                   for line in text[s:e].split("\n") if (m := CHAT_LINE.match(line))
                   and (c := names_of.get(m.group("who").lower()))}
        named: set[str] = set()
        for b in own:
            talk += len(talk_rx.findall(scan, b.start, b.end))
            tale += len(tale_rx.findall(scan, b.start, b.end))
            if b.start in not_narration:
                continue
            in_par = quotes.overlapping(b.start, b.end)
            a, z = bisect.bisect_left(n_starts, b.start), bisect.bisect_left(n_starts, b.end)
            named.update(c for s, _e, c in names[a:z] if not quotes.contains(s))
            pars.append(paragraph_evidence(text, b.start, b.end, names[a:z], in_par, genders, recency, cast, low))
            parts.append(_blank(text, b.start, b.end, in_par))
            size += b.end - b.start
            slanted += sum(min(e, b.end) - max(s, b.start) for s, e in italic.overlapping(b.start, b.end))
        all_pars.append(pars)
        voices.append((voiced, named))
        narration = "\n\n".join(parts)
        facts.append(SceneFacts(label, first_sentence(narration), narration, slanted / size if size else 0.0,
                                cast, speakers_by_scene[si], talk, tale, named_here))

    _points_of_view(story, all_pars, labels, voices, [len(f.narration.split()) for f in facts])
    _times(story, facts)
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


def _label(scene: Scene, blocks: list[Block], text: str) -> tuple[str | None, list[Block]]:
    """The scene's label (the scenes pass's marker, or a first line that is only a date, a time
    or a POV label) and the scene's paragraphs without it."""
    if not blocks:
        return scene.marker, blocks
    first = text[blocks[0].start:blocks[0].end]
    line = " ".join(first.split())
    is_label = bool(line) and len(line) <= _LABEL_CHARS and "\n" not in first.strip() and len(line.split()) <= _LABEL_WORDS \
        and (line == (scene.marker or "").strip() or label_cues(line) is not None or POV_LABEL.match(line) is not None)
    if is_label:
        return line, blocks[1:]
    return scene.marker, blocks


def _letters(text: str, blocks: list[Block]) -> set[int]:
    """Starts of the paragraphs of letters: from a salutation line of its own to a sign-off (a
    line ending in a comma, then a signature), within a dozen paragraphs."""
    out: set[int] = set()
    i = 0
    while i < len(blocks):
        if not SALUTATION.match(text[blocks[i].start:blocks[i].end]):
            i += 1
            continue
        for j in range(i, min(i + 13, len(blocks))):
            lines = [ln for ln in text[blocks[j].start:blocks[j].end].split("\n") if ln.strip()]
            signed = (len(lines) >= 2 and _SIGN_OFF.match(lines[-2]) and _SIGNATURE.match(lines[-1])) or (
                j > i and len(lines) == 1 and _SIGNATURE.match(lines[0])
                and _SIGN_OFF.match(text[blocks[j - 1].start:blocks[j - 1].end].split("\n")[-1]))
            if signed:
                out.update(b.start for b in blocks[i:j + 1])
                i = j
                break
        i += 1
    return out


def narrator_id(story: Story) -> str | None:
    """The first-person narrator the characters pass found, if still in the cast (the one place
    narrative reads the characters pass's cast index)."""
    return story.cast_index.narrator_id(story.characters) if story.cast_index is not None else None


def _scene_narrator(narrator: str | None, voiced: set[str], named: set[str]) -> tuple[str | None, str]:
    """Who "I" is in a first-person scene, and why. The story's narrator (the characters pass's)
    unless the narration names them here — a narrator calls themself "I"; otherwise the one
    person who writes the scene's chat lines and whom its narration never names (chat stories that
    alternate first-person narrators). Who speaks aloud or is spoken to is not enough: the
    speakers pass's guesses there would name the wrong head more often than the right one."""
    if narrator is not None and narrator not in named:
        return narrator, "the story's narrator"
    candidates = voiced - named
    if len(candidates) == 1:
        return next(iter(candidates)), "who writes chat lines here and whom the narration never names"
    return None, ""


def _named(label: str | None, characters: list[Character]) -> str | None:
    """The character a POV label names, by any of their names (or a first name of one)."""
    m = POV_LABEL.match(label or "")
    if not m:
        return None
    want = (m.group("a") or m.group("b") or "").strip().lower()
    for c in characters:
        forms = {n.lower() for n in [c.name, *c.aliases]}
        if want in forms or want in {f.split()[0] for f in forms if f}:
            return c.id
    return None


@dataclass
class _Evidence:
    """One scene's point-of-view evidence, summed over its narration paragraphs."""

    experiencer: dict[str, float] = field(default_factory=dict)  # id -> thought, feeling, perception
    subjects: dict[str, float] = field(default_factory=dict)  # id -> subject clauses
    verbs: dict[str, list[str]] = field(default_factory=dict)  # id -> the experiencer verbs
    opener: str | None = None  # whom the scene opens on, as a subject
    first: float = 0.0
    i_subjects: int = 0
    third_subjects: int = 0

    @classmethod
    def of(cls, pars: list[ParagraphPov]) -> _Evidence:
        ev = cls(opener=next((p.opener for p in pars if p.opener), None))
        for p in pars:
            for c, v in p.scores.items():
                ev.experiencer[c] = ev.experiencer.get(c, 0.0) + v
            for c, v in p.subjects.items():
                ev.subjects[c] = ev.subjects.get(c, 0.0) + v
            for c, vs in p.verbs.items():
                ev.verbs.setdefault(c, []).extend(vs)
            ev.first += p.first_person
            ev.i_subjects += p.i_subjects
            ev.third_subjects += p.third_subjects
        return ev

    @property
    def first_person(self) -> bool:
        # "I" is a subject of the narration about as often as he and she together
        return self.i_subjects >= 2 and 2 * self.i_subjects >= self.third_subjects


def _first_person(evidence: list[_Evidence]) -> list[bool]:
    """Which scenes are told in the first person: "I" (or "we") the narration's subject about as
    often as he and she; and, in a story most of whose scenes are, any scene where the narrator
    says "I" or "we" twice — a narrator who watches others (a frame among company, a friend
    telling a detective's case) names them more than themself."""
    own = [ev.first_person for ev in evidence]
    if sum(own) * 2 > len(own):
        return [o or ev.i_subjects >= 2 for o, ev in zip(own, evidence, strict=True)]
    return own


def _main_pov(evidence: list[_Evidence], first: list[bool]) -> str | None:
    """The story's own point of view, where one head dominates it: the character whose thoughts
    and feelings the third-person scenes tell at least twice as much as anyone else's."""
    total: dict[str, float] = {}
    for ev, i_say in zip(evidence, first, strict=True):
        if not i_say:
            for c, v in ev.experiencer.items():
                total[c] = total.get(c, 0.0) + v
    ranked = ranking(total)
    if not ranked or ranked[0][1] < 2.0 or (len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]):
        return None
    return ranked[0][0]


def _points_of_view(story: Story, all_pars: list[list[ParagraphPov]], labels: list[str | None],
                    voices: list[tuple[set[str], set[str]]], words: list[int]) -> None:
    names = {c.id: c.name for c in story.characters}
    evidence = [_Evidence.of(pars) for pars in all_pars]
    first = _first_person(evidence)
    narrator = narrator_id(story)
    main = _main_pov(evidence, first)
    # no narration to speak of: a scene of chat lines or a letter, a line or two between them
    silent = [n < _SILENT_WORDS and not ev.experiencer for n, ev in zip(words, evidence, strict=True)]
    for scene, label, ev, (voiced, named), i_say in zip(story.scenes, labels, evidence, voices, first, strict=True):
        if i_say:
            _first_person_pov(scene, label, ev, narrator, voiced, named, story.characters, names)
        else:
            _third_person_pov(story, scene, label, ev, main, voiced, silent, names)
    if main is None and (held := _held_head(story)) is not None:
        # a story one head holds: its scenes with no head of their own are that head's where they are there
        for scene, label, ev, (voiced, _named), i_say in zip(story.scenes, labels, evidence, voices, first, strict=True):
            if not i_say and scene.pov is None and not silent[scene.n - 1]:
                _third_person_pov(story, scene, label, ev, held, voiced, silent, names, held=True)
    story.pov_paragraphs = []
    for scene, pars in zip(story.scenes, all_pars, strict=True):
        if scene.pov is None or scene.person == "first":
            continue
        for p in pars:
            if p.pov:
                story.pov_paragraphs.append({"start": p.start, "end": p.end, "pov": p.pov, "scene": scene.n})
            other = p.pov
            # a hop: clear evidence for someone else and none worth the name for the POV character
            if other and other != scene.pov and p.scores[other] >= 1.5 and p.scores.get(scene.pov, 0.0) < 1.0:
                scene.head_hops.append(HeadHop(p.start, p.end, scene.pov, other))
    _silent_openings(story, silent, names)
    _other_narrators(story, [named for _voiced, named in voices], names)


def _first_person_pov(scene: Scene, label: str | None, ev: _Evidence, narrator: str | None, voiced: set[str],
                      named: set[str], characters: list[Character], names: dict[str, str]) -> None:
    scene.person = "first"
    scene.pov = _named(label, characters)
    how = "named by the scene's label"
    if scene.pov is None:
        scene.pov, how = _scene_narrator(narrator, voiced, named)
    scene.pov_confidence = round(min(0.95, 0.5 + ev.first / 20), 2)
    who = f"the narrator, {names[scene.pov]} ({how})" if scene.pov else "the narrator (unnamed)"
    scene.pov_cues = [f"first person: 'I' is the narration's subject {ev.i_subjects} times, he or she "
                      f"{ev.third_subjects}; the POV is {who}"]


def _third_person_pov(story: Story, scene: Scene, label: str | None, ev: _Evidence, main: str | None, voiced: set[str],
                      silent: list[bool], names: dict[str, str], held: bool = False) -> None:
    cid = _scene_pov(scene, label, ev, main, story.characters, names, voiced, held)
    before = story.scenes[scene.n - 2] if scene.n >= 2 else None
    if cid is None and silent[scene.n - 1] and before is not None and before.pov:
        # no narration to speak of (a scene of chat lines, a letter): the last scene's head goes on
        cid = _decide(scene, before.pov, 0.4, f"no narration of its own: continues scene {before.n}'s point of view "
                                              f"({names.get(before.pov, before.pov)})")
        scene.person = before.person
    if cid is not None and scene.person is None:
        scene.person = "third"


def _held_head(story: Story) -> str | None:
    """The head a story keeps to: the POV of at least three of its third-person scenes and of
    three in four of those that have one."""
    povs = [s.pov for s in story.scenes if s.pov and s.person == "third"]
    ranked = ranking({c: float(povs.count(c)) for c in set(povs)})
    if ranked and ranked[0][1] >= 3 and ranked[0][1] * 4 >= 3 * len(povs):
        return ranked[0][0]
    return None


def _silent_openings(story: Story, silent: list[bool], names: dict[str, str]) -> None:
    """Scenes with no narration of their own (chat lines only, a letter) before any scene with a
    head: told from the head of the first scene after them that has one. That scene is the same
    for all of them, found once (a search per scene was quadratic in a book of headless scenes)."""
    first = next((i for i, s in enumerate(story.scenes) if s.pov), None)
    if first is None:
        return
    after = story.scenes[first]
    pov = after.pov
    assert pov is not None
    for scene, quiet in zip(story.scenes[:first], silent, strict=False):
        if quiet:
            _decide(scene, pov, 0.4, f"no narration of its own: told from the head of scene {after.n} "
                                     f"({names.get(pov, pov)}), the next that has one")
            scene.person = after.person


def _other_narrators(story: Story, named: list[set[str]], names: dict[str, str]) -> None:
    """A first-person scene whose "I" is still no one: in a story that alternates narrators, the
    one of the other scenes' narrators this scene's narration never names (a narrator calls
    themself "I"; the other one is "Ingrid said")."""
    narrators = {s.pov for s in story.scenes if s.person == "first" and s.pov}
    for scene, here in zip(story.scenes, named, strict=True):
        if scene.person != "first" or scene.pov or len(narrators) < 2:
            continue
        left = narrators - here
        if len(left) == 1:
            scene.pov = next(iter(left))
            scene.pov_cues = [*scene.pov_cues[:1], f"of the story's narrators, {names.get(scene.pov, scene.pov)} is the one "
                                                   "this scene's narration never names"]


def _decide(scene: Scene, cid: str, confidence: float, cue: str) -> str:
    scene.pov, scene.pov_confidence, scene.pov_cues = cid, confidence, [cue]
    return cid


def _scene_pov(scene: Scene, label: str | None, ev: _Evidence, main: str | None, characters: list[Character],
               names: dict[str, str], correspondents: set[str] | None = None, held: bool = False) -> str | None:
    """The scene's POV character and its cues, from strongest evidence to weakest: a POV label;
    the experiencer of thought, feeling and perception (ties broken by who the narration
    follows); the story's own POV character where the scene has them as a subject and no one
    else clearly more; the focal character (the narration's subject, counting the one the scene
    opens on twice more). A scene with chat lines is told from one of its correspondents: the
    one the narration follows. Sets ``scene.pov``, ``pov_confidence`` and ``pov_cues``; None
    where the scene is told from outside, and the cue says so."""
    labelled = _named(label, characters)
    if labelled is not None:
        return _decide(scene, labelled, 0.95, f"label: {label}")
    if correspondents:
        chat = ranking({c: ev.experiencer.get(c, 0.0) + ev.subjects.get(c, 0.0) + (2.0 if c == ev.opener else 0.0)
                        for c in correspondents})
        if chat and (len(chat) == 1 or chat[0][1] > chat[1][1]):
            cid = chat[0][0]
            return _decide(scene, cid, 0.6, f"chat: of the scene's correspondents, the narration follows "
                                            f"{names.get(cid, cid)} (subject {ev.subjects.get(cid, 0.0):.0f} times, "
                                            f"thought or feeling {ev.experiencer.get(cid, 0.0):.1f})")
    follows = dict(ev.subjects)
    if ev.opener is not None:
        follows[ev.opener] = follows.get(ev.opener, 0.0) + 2.0
    ranked = ranking(ev.experiencer)
    if ranked and ranked[0][1] >= 1.0:
        tied = [c for c, v in ranked if v == ranked[0][1]]
        cid = max(tied, key=lambda c: (follows.get(c, 0.0), c == tied[0]))
        runner_up = max((v for c, v in ranked if c != cid), default=0.0)
        if len(tied) == 1 or follows.get(cid, 0.0) > max(follows.get(c, 0.0) for c in tied if c != cid):
            said = ", ".join(dict.fromkeys(ev.verbs.get(cid, [])))
            why = "; the narration follows them more" if len(tied) > 1 else ""
            return _decide(scene, cid, round(min(0.95, 0.4 + (ranked[0][1] - runner_up) / max(ranked[0][1], 1) * 0.5), 2),
                           f"experiencer: {names.get(cid, cid)} is the subject of thought, feeling or perception "
                           f"({said}; evidence {ranked[0][1]:.1f} against {runner_up:.1f} for anyone else{why})")
    focal = ranking(follows)
    top, n = focal[0] if focal else (None, 0.0)
    if main is not None:
        mine = ev.experiencer.get(main, 0.0)
        felt = mine > 0 and mine >= max((v for c, v in ev.experiencer.items() if c != main), default=0.0)
        there = ev.subjects.get(main, 0.0) >= 1 and not (top != main and n >= 3 * follows.get(main, 0.0) + 1)
        if felt or there:
            whose = ("who holds the story's other scenes" if held else "whose thoughts the other scenes tell")
            how = (f"a thought or perception of theirs is told here ({', '.join(dict.fromkeys(ev.verbs.get(main, [])))})"
                   if felt else f"is the narration's subject here {ev.subjects[main]:.0f} times")
            return _decide(scene, main, 0.45 if held else 0.5,
                           f"the story's point of view: {names.get(main, main)}, {whose}; {how}")
    runner_up = focal[1][1] if len(focal) > 1 else 0.0
    if top is not None and n >= 3 and n >= 1.5 * runner_up + 1:
        opens = "opens the scene as its subject and " if top == ev.opener else ""
        others = max((v for c, v in ev.subjects.items() if c != top), default=0.0)
        return _decide(scene, top, 0.5, f"focal character: {names.get(top, top)} {opens}is the narration's subject "
                                        f"{ev.subjects.get(top, 0.0):.0f} times (anyone else at most {others:.0f}); "
                                        "no one's thoughts or feelings are told outright")
    scene.pov_cues = ["external: the narration tells no one's thoughts or feelings and follows no one"]
    return None


def _dead(story: Story) -> set[str]:
    """Characters named in a sentence that tells of a death, in narration or dialogue ("Halvard
    died before your mother was born"): names are matched in the sentence itself, since the
    mentions layer leaves out names spoken in dialogue."""
    text = story.text
    sents = story.sentences
    s_starts = [s for s, _e in sents]
    told: set[int] = set()
    for s, e in story_spans(sents):
        for m in DEATH.finditer(text, s, e):
            i = bisect.bisect_right(s_starts, m.start()) - 1
            if i >= 0 and m.start() < sents[i][1]:
                told.add(i)
    if not told:
        return set()
    forms = [(re.compile(rf"\b{re.escape(n)}\b"), c.id) for c in story.characters
             for n in {c.name, *c.aliases} if len(n) > 2]
    out: set[str] = set()
    for i in sorted(told):
        sentence = text[sents[i][0]:sents[i][1]]
        out.update(cid for rx, cid in forms if cid not in out and rx.search(sentence))
    return out


def story_spans(sents: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The runs of text the sentences cover, merged where they touch: one regex pass each."""
    out: list[tuple[int, int]] = []
    for s, e in sents:
        if out and s - out[-1][1] <= 2:
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def _times(story: Story, facts: list[SceneFacts]) -> None:
    names = {c.id: c.name for c in story.characters}
    times = place_in_time(facts, _dead(story), names)
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
                if "I" not in sent.group(0):
                    continue  # INNER's thought opens on "I": most sentences have none
                m = INNER.search(sent.group(0))
                if m:
                    s = sent.start() + m.start("t")
                    e = sent.start() + m.end("t")
                    if not quoted(s, e):
                        out.append({"start": s, "end": e, "source": "inline"})
    out.sort(key=lambda d: int(d["start"]))
    return out
