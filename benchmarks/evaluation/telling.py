"""How a story is told, and the tags it earns: fabula's JSON against the fics' gold and the fixtures' key.

Scenes. Each gold scene is placed by its first words (``starts``) in the text fabula read, in
order, and belongs to the fabula scene that holds that place. Then, per gold scene:

- **time**: fabula's ``time`` equals the gold's (``present`` / ``frame`` / ``flashback``);
- **event order**: among the placed scenes, the scene's rank by fabula's ``fabula_order``
  equals its rank by the gold's ``order_in_fabula`` (so one misplaced scene costs one, not all);
- **POV**: fabula's POV character maps (by names, as in ``scoring``) to the gold's; for a
  first-person scene whose gold POV is the narrator, fabula's ``person: first`` with no POV or
  the narrator counts as right — the narrator *is* the POV;
- the story's **scene count** is right when fabula has as many scenes as the gold;
- **head-hops**: a gold hop is found when a fabula hop's paragraph holds the hop's first words
  and goes into the right character; every fabula hop that matches no gold hop is false.

Tags (``expected_tags``): the **rating** must not be above the annotation's; no **archive
warning** the annotation does not have ("No Archive Warnings Apply" and "Creator Chose Not To
Use Archive Warnings" are not warnings); **relationships** match when the same two gold
characters are joined the same way (``/`` romance, ``&`` other), and a pair joined the other
way is counted apart; **freeform**: the suggestions that are among the annotation's
``freeform_any`` (any one is a good suggestion).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from benchmarks.evaluation.scoring import Gold, map_characters, name_set, norm

RATINGS = ["General Audiences", "Teen And Up Audiences", "Mature", "Explicit"]
NOT_WARNINGS = {"No Archive Warnings Apply", "Creator Chose Not To Use Archive Warnings"}


@dataclass
class GoldScene:
    n: int
    starts: str
    time: str
    pov: str | None  # a gold character key; "I" for a first-person narrator the key leaves unnamed
    order: int  # 1 = earliest event
    hops: list[tuple[str, str]] = field(default_factory=list)  # (first words, character)


@dataclass
class TellingGold:
    scenes: list[GoldScene]
    characters: Gold  # names only; quotes unused
    narrator: str | None = None
    tags: dict[str, Any] | None = None


@dataclass
class SceneScore:
    scenes: int = 0  # gold scenes
    fabula_scenes: int = 0
    placed: int = 0
    count_right: int = 0  # stories whose scene count is right
    stories: int = 0
    time: int = 0
    order: int = 0
    pov: int = 0
    hops_gold: int = 0
    hops_found: int = 0
    hops_false: int = 0
    worst_false: int = 0  # most false hops in one story

    def add(self, o: SceneScore) -> SceneScore:
        for k in ("scenes", "fabula_scenes", "placed", "count_right", "stories", "time", "order", "pov", "hops_gold", "hops_found",
                  "hops_false"):
            setattr(self, k, getattr(self, k) + getattr(o, k))
        self.worst_false = max(self.worst_false, o.worst_false)
        return self


@dataclass
class TagScore:
    stories: int = 0
    rating_over: int = 0
    rating_equal: int = 0
    false_warnings: int = 0
    stories_with_false_warning: int = 0
    missed_warnings: int = 0
    rel_gold: int = 0
    rel_found: int = 0
    rel_other_kind: int = 0
    rel_suggested: int = 0
    freeform_hits: int = 0
    stories_with_freeform_hit: int = 0
    detail: list[str] = field(default_factory=list)

    def add(self, o: TagScore) -> TagScore:
        for k in ("stories", "rating_over", "rating_equal", "false_warnings", "stories_with_false_warning",
                  "missed_warnings", "rel_gold", "rel_found", "rel_other_kind", "rel_suggested", "freeform_hits",
                  "stories_with_freeform_hit"):
            setattr(self, k, getattr(self, k) + getattr(o, k))
        return self


def fic_gold(data: Mapping[str, Any]) -> TellingGold:
    chars = data.get("characters", {})
    scenes = [GoldScene(s["n"], s["starts"], s["time"], s.get("pov"), s["order_in_fabula"],
                        list(zip(s.get("head_hop_starts", []), s.get("head_hops_to", []), strict=False)))
              for s in data["scenes"]]
    gold = Gold({k: name_set([k, *v.get("names", [])]) for k, v in chars.items()}, [],
                {k: name_set(v.get("epithets", [])) for k, v in chars.items()})
    return TellingGold(scenes, gold, data.get("narrator"), data.get("expected_tags"))


def fixture_gold(key: Mapping[str, Any], text: str) -> TellingGold:
    """A narrative fixture's key.json entry: per scene POV ("I" = first person), time, and the
    event order as scene numbers earliest first. The key names no first words; the fixtures are
    a title paragraph, then scenes between lines of ``***``, so the scenes start there."""
    order = {n: rank for rank, n in enumerate(key["fabula"], start=1)}
    hops: dict[int, list[tuple[str, str]]] = {}
    for n, opening, who in key.get("head_hops", []):
        hops.setdefault(n, []).append((opening, who))
    starts = fixture_scene_openings(text)
    scenes = []
    for i, (pov, time) in enumerate(zip(key["pov"], key["time"], strict=True), start=1):
        opening = starts[i - 1] if i - 1 < len(starts) else ""
        scenes.append(GoldScene(i, opening, time, pov, order.get(i, 0), hops.get(i, [])))
    names = {p for p in key["pov"] if p and p != "I"} | {w for _n, _o, w in key.get("head_hops", [])}
    return TellingGold(scenes, Gold({n: name_set([n]) for n in names}, []), None, None)


_BREAK = re.compile(r"^\s*(?:\*\s*){3,}$")


def fixture_scene_openings(text: str) -> list[str]:
    """The first words of each scene of a fixture: after the title paragraph and after each ``***``."""
    paras = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    out, new_scene = [], True
    for p in paras[1:]:
        if _BREAK.match(p):
            new_scene = True
        elif new_scene:
            out.append(" ".join(p.split()[:6]))
            new_scene = False
    return out


def find(text: str, words: str, cursor: int = 0) -> int | None:
    """Where ``words`` occur in ``text`` from ``cursor`` on, whitespace and quote marks aside."""
    i = text.find(words, cursor)
    if i >= 0:
        return i
    parts = [re.escape(w) for w in words.split()]
    if not parts:
        return None
    rx = re.compile(r"\s+".join(parts).replace("\\'", "['’]").replace("’", "['’]"))
    m = rx.search(text, cursor)
    return m.start() if m else None


def _scene_at(scenes: Sequence[Mapping[str, Any]], pos: int) -> int | None:
    for i, s in enumerate(scenes):
        if s["start"] <= pos < s["end"]:
            return i
    return None


def _ranks(values: Sequence[float]) -> list[int]:
    """Dense ranks: equal values share one."""
    order = sorted(set(values))
    return [order.index(v) + 1 for v in values]


def score_scenes(gold: TellingGold, pred: Mapping[str, Any], text: str) -> tuple[SceneScore, list[str]]:
    """One story's scenes; also one line per scene (for reading tune errors)."""
    scenes = pred.get("scenes", [])
    idmap = map_characters(pred.get("characters", []), gold.characters)
    sc = SceneScore(scenes=len(gold.scenes), fabula_scenes=len(scenes), stories=1,
                    count_right=int(len(scenes) == len(gold.scenes)))
    placed: list[tuple[GoldScene, dict[str, Any]]] = []
    lines = []
    cursor = 0
    for g in gold.scenes:
        pos = find(text, g.starts, cursor)
        k = _scene_at(scenes, pos) if pos is not None else None
        if pos is not None:
            cursor = pos + 1
        if k is None:
            lines.append(f"scene {g.n}: not placed ({g.starts!r})")
            continue
        placed.append((g, scenes[k]))
    sc.placed = len(placed)
    fab_rank = _ranks([float(s.get("fabula_order") or 1e9) for _g, s in placed])
    gold_rank = _ranks([float(g.order) for g, _s in placed])
    for (g, s), fr, gr in zip(placed, fab_rank, gold_rank, strict=True):
        time_ok = s.get("time") == g.time
        order_ok = fr == gr
        pov_ok = _pov_right(g, s, gold, idmap)
        sc.time += time_ok
        sc.order += order_ok
        sc.pov += pov_ok
        lines.append(f"scene {g.n}: time {s.get('time')}/{g.time}{'' if time_ok else ' ✗'}  order {fr}/{gr}"
                     f"{'' if order_ok else ' ✗'}  pov {idmap.get(str(s.get('pov'))) or s.get('pov')}/{g.pov}"
                     f"{'' if pov_ok else ' ✗'}")
    _score_hops(gold, scenes, text, idmap, sc, lines)
    return sc, lines


def _pov_right(g: GoldScene, s: Mapping[str, Any], gold: TellingGold, idmap: Mapping[str, str | None]) -> bool:
    got = idmap.get(str(s.get("pov"))) if s.get("pov") else None
    first = s.get("person") == "first"
    if g.pov == "I":
        return first
    if first and g.pov is not None and g.pov == gold.narrator:
        return got is None or got == g.pov
    return got is not None and got == g.pov


def _score_hops(gold: TellingGold, scenes: Sequence[Mapping[str, Any]], text: str,
                idmap: Mapping[str, str | None], sc: SceneScore, lines: list[str]) -> None:
    hops = [h for s in scenes for h in s.get("head_hops", [])]
    used: set[int] = set()
    for g in gold.scenes:
        for opening, who in g.hops:
            sc.hops_gold += 1
            pos = find(text, opening)
            hit = next((i for i, h in enumerate(hops) if i not in used and pos is not None
                        and h["start"] <= pos < max(h["end"], h["start"] + 1)
                        and idmap.get(str(h.get("to"))) == who), None)
            if hit is not None:
                used.add(hit)
                sc.hops_found += 1
            else:
                lines.append(f"head-hop into {who} at {opening!r}: missed")
    false = [h for i, h in enumerate(hops) if i not in used]
    sc.hops_false += len(false)
    sc.worst_false = len(false)
    for h in false:
        lines.append(f"false head-hop into {idmap.get(str(h.get('to'))) or h.get('to')} at "
                     f"{' '.join(text[h['start']:h['start'] + 50].split())!r}")


def _values(tags: Mapping[str, Any], key: str) -> list[str]:
    got = tags.get(key) or []
    if isinstance(got, dict):
        got = [got]
    return [str(t["value"]) for t in got if isinstance(t, dict) and "value" in t]


_REL = re.compile(r"\s*(/|&)\s*")


def _pair(rel: str, resolve: Mapping[str, str | None]) -> tuple[frozenset[str | None], str] | None:
    parts = _REL.split(rel)
    if len(parts) != 3:
        return None
    return frozenset({resolve.get(norm(parts[0])), resolve.get(norm(parts[2]))}), parts[1]


def score_tags(gold: TellingGold, pred: Mapping[str, Any]) -> TagScore:
    """One story's tag suggestions against its annotation."""
    want = gold.tags or {}
    tags = pred.get("tags") or {}
    ts = TagScore(stories=1)
    ratings = _values(tags, "rating")
    rating = ratings[0] if ratings else None
    limit = want.get("rating_at_least")
    if rating in RATINGS and limit in RATINGS:
        ts.rating_over = int(RATINGS.index(rating) > RATINGS.index(limit))
        ts.rating_equal = int(rating == limit)
    ts.detail.append(f"rating {rating} (annotation {limit})")
    got_w = set(_values(tags, "warnings")) - NOT_WARNINGS
    want_w = set(want.get("warnings", [])) - NOT_WARNINGS
    ts.false_warnings = len(got_w - want_w)
    ts.stories_with_false_warning = int(bool(got_w - want_w))
    ts.missed_warnings = len(want_w - got_w)
    if got_w or want_w:
        ts.detail.append(f"warnings {sorted(got_w)} (annotation {sorted(want_w)})")
    _score_relationships(gold, pred, _values(tags, "relationships"), ts)
    ff = {norm(v) for v in want.get("freeform_any", [])}
    hits = [v for v in _values(tags, "freeform") if norm(v) in ff]
    ts.freeform_hits = len(hits)
    ts.stories_with_freeform_hit = int(bool(hits))
    ts.detail.append(f"freeform {hits or 'no overlap'}")
    return ts


def _score_relationships(gold: TellingGold, pred: Mapping[str, Any], suggested: list[str], ts: TagScore) -> None:
    idmap = map_characters(pred.get("characters", []), gold.characters)
    resolve: dict[str, str | None] = {}
    for c in pred.get("characters", []):
        for n in [c.get("name", ""), *(c.get("aliases") or [])]:
            resolve.setdefault(norm(n), idmap.get(str(c.get("id"))))
    for key, names in gold.characters.characters.items():
        for n in names:
            resolve.setdefault(n, key)
    got = [p for p in (_pair(r, resolve) for r in suggested) if p is not None]
    ts.rel_suggested = len(suggested)
    gold_keys = {norm(k): k for k in gold.characters.characters}
    for rel in (gold.tags or {}).get("relationships", []):
        want = _pair(rel, {**{n: k for n, k in gold_keys.items()}, **resolve})
        if want is None:
            continue
        ts.rel_gold += 1
        if want in got:
            ts.rel_found += 1
        elif any(p == want[0] for p, _kind in got):
            ts.rel_other_kind += 1
    ts.detail.append(f"relationships {suggested} (annotation {(gold.tags or {}).get('relationships', [])})")
