"""A learned speaker ranker: features of (dialogue paragraph, candidate) pairs, scored linearly.

The sieves in :mod:`fabula.characters.attribution.sieves` find the evidence — tags, beats, vocatives,
turns, mentions — and make a rule-based choice. The ranker weighs that evidence for every
candidate and picks the best, which is where hand-written precedence runs out (which of two
women "she said" means). Weights are a logistic regression fitted by
``benchmarks/train_ranker.py`` on the PDNC dev novels and shipped in ``data/speaker_ranker.json``;
without that file the rule-based choice stands.
"""

from __future__ import annotations

import functools
import json
import math
import operator
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, NamedTuple

FEATURES = [
    "bias",
    "tag_name",          # a speech tag names this candidate
    "tag_pronoun_fit",   # a pronoun tag whose gender fits the candidate
    "tag_pronoun_clash",  # a pronoun tag of the other gender
    "tag_resolved",      # the sieves resolved the tag (pronoun/epithet) to this candidate
    "beat_name",         # an action beat's subject names the candidate
    "beat_resolved",     # an action beat resolved to this candidate
    "rule_explicit",     # the rule-based choice, by kind of evidence
    "rule_anaphoric",
    "rule_implicit",
    "in_para_before",    # named in the paragraph before its first quote
    "in_para_after",     # named in the paragraph after the first quote
    "recency_1",         # most recent narration mention (of any gender)
    "recency_2",
    "recency_3plus",
    "mention_dist",      # log distance to the last narration mention, scaled
    "last_speaker",      # spoke the previous dialogue paragraph
    "two_back",
    "three_back",
    "last_speaker_ongoing",  # ... and that paragraph is next to this one
    "two_back_ongoing",
    "addressed_before",  # named as vocative in the previous dialogue paragraph
    "vocative_here",     # named as vocative in this paragraph's quotes (so probably not speaking)
    "salience",          # share of all character mentions
    "gender_unknown",
    "no_tag",            # this paragraph has no tag at all (an implicit turn)
    "no_tag_two_back",
    "no_tag_last",
    "continues",         # the paragraph continues a quote this candidate spoke
    "fit_recent_1",      # the latest character named in narration whose gender fits the tag's pronoun
    "fit_recent_2",      # ... the one before
    "fit_speaker",       # the latest earlier speaker whose gender fits the tag's pronoun (not the last, on a new turn)
    "fit_in_para",       # named in this paragraph before the quote, with the tag pronoun's gender
    "epithet_assoc",     # how far above chance the tag epithet's uses sit next to this character's name
    "epithet_top",       # the character the tag epithet stands for most clearly (z ≥ 3)
    "epithet_clash",     # the tag epithet's noun has the other gender ("said the landlady" and a man)
    "next_tagged",       # the next paragraph of the exchange is tagged with this candidate
    "next_untagged",     # ... or given to this candidate without a tag
    "two_ahead_tagged",  # the paragraph after next is tagged with this candidate
    "two_ahead_untagged",
    "no_tag_two_ahead",  # no tag here, and the paragraph after next is this candidate's
    "exchange_named",    # a tag in this exchange (the unbroken run of dialogue) names this candidate
    "exchange_spoke",    # share of this exchange's earlier paragraphs given to this candidate
    "no_tag_exchange_named",
    "outside_exchange",  # the exchange has named two or more people, and not this candidate
    "talked_of",         # named inside this paragraph's own quotes (not called by name)
    "talked_of_before",  # named inside the previous dialogue paragraph's quotes
    "fit_subject",       # the latest clause subject whose gender fits the tag's pronoun
    "epithet_same",      # share of the tag epithet's uses two turns from a line tagged with this name
    "epithet_other",     # ... one turn from it: the one it talks with, so not the one it is
    "epithet_title",     # the only character whose title is the tag epithet's noun ("the captain", Captain Brisa)
    "exchange_called",   # called by name, or spoken to by a tag ("said she to Yusra"), earlier in this exchange
    "fit_exchange",      # a pronoun tag, and a named or called party to this exchange of its gender
    "fit_exchange_only",  # ... the only one of that gender
    "partner_of_called",  # share of the recent turns with the one this line calls by name spoken by or to this candidate
    "partner_of_last",   # ... with the last speaker
    "narrated_subject",  # the last to act in the paragraph of narration just before (the clause subject)
    "called_next",       # the next line, right after this one, calls the candidate by name (answers them)
]


@dataclass
class Evidence:
    """What the sieves found for one dialogue paragraph."""

    tag_name: int | None = None
    tag_gender: str | None = None  # "he"/"she" for pronoun tags
    tag_resolved: int | None = None
    beat_name: int | None = None
    beat_resolved: int | None = None
    rule: int | None = None
    rule_kind: str | None = None
    in_before: set[int] = field(default_factory=set)
    in_after: set[int] = field(default_factory=set)
    recent: list[int] = field(default_factory=list)  # narration mentions before, latest first
    distance: dict[int, int] = field(default_factory=dict)
    history: list[int | None] = field(default_factory=list)  # previous speakers, latest first
    ongoing: bool = False
    addressed_before: int | None = None
    vocative: int | None = None
    continues: int | None = None
    fit_recent: list[int] = field(default_factory=list)
    fit_speaker: int | None = None
    fit_subject: int | None = None
    epithet_same: dict[int, float] = field(default_factory=dict)
    epithet_title: int | None = None
    epithet_other: dict[int, float] = field(default_factory=dict)
    fit_in_para: set[int] = field(default_factory=set)
    epithet: dict[int, float] = field(default_factory=dict)  # the tag epithet's profile
    epithet_gender: str | None = None  # he/she of the tag epithet's noun
    ahead: list[tuple[int | None, bool]] = field(default_factory=list)  # (speaker, tagged) of the next two
    exchange_spoke: dict[int, int] = field(default_factory=dict)  # speakers of this exchange so far
    exchange_named: set[int] = field(default_factory=set)  # characters its tags named
    exchange_called: set[int] = field(default_factory=set)  # characters it called or spoke to by name
    fit_parties: set[int] = field(default_factory=set)  # ... those of them whose gender fits the tag's pronoun
    told: int | None = None  # whom this paragraph's tag says it is spoken to ("said she to Yusra")
    talked_of: set[int] = field(default_factory=set)  # named inside this paragraph's quotes
    talked_of_before: set[int] = field(default_factory=set)  # ... and inside the previous one's
    partners_of_called: dict[int, float] = field(default_factory=dict)  # who talks with the one called here
    partners_of_last: dict[int, float] = field(default_factory=dict)  # ... with the last speaker
    narrated: int | None = None  # the last clause subject of the narration paragraph just before
    called_next: int | None = None  # called by name in the next paragraph's quotes, when it follows at once

    @property
    def untagged(self) -> bool:
        return self.tag_name is None and self.tag_gender is None and self.tag_resolved is None and self.beat_name is None

    @property
    def epithet_top(self) -> int | None:
        if not self.epithet:
            return None
        best = max(self.epithet, key=lambda c: self.epithet[c])
        return best if self.epithet[best] >= 3.0 else None

    def candidates(self, limit: int = 12) -> list[int]:
        pool: list[int | None] = [self.tag_name, self.tag_resolved, self.beat_name, self.beat_resolved, self.rule,
                                  self.continues, self.addressed_before, *self.fit_recent[:1], self.fit_speaker, self.fit_subject,
                                  self.epithet_title,
                                  self.epithet_top, *self.history[:3], *(spk for spk, _ in self.ahead),
                                  *sorted(self.exchange_named), *sorted(self.exchange_called),
                                  *sorted(self.partners_of_called, key=lambda c: -self.partners_of_called[c])[:2],
                                  self.narrated, self.called_next,
                                  *sorted(self.in_before),
                                  *sorted(self.in_after), *self.recent[:6]]
        out: list[int] = []
        for c in pool:
            if c is not None and c not in out:
                out.append(c)
        return out[:limit]


def features(ev: Evidence, cand: int, gender: str, salience: float) -> list[float]:
    """The candidate's feature vector, in :data:`FEATURES` order (the dict below is written in it)."""
    return list(feature_map(ev, cand, gender, salience).values())


def feature_map(ev: Evidence, cand: int, gender: str, salience: float) -> dict[str, float]:
    """Each feature by name, in :data:`FEATURES` order (a test holds the two to the same order)."""
    hist = ev.history + [None, None, None]
    rank = ev.recent.index(cand) + 1 if cand in ev.recent else 0
    no_tag = ev.untagged
    nxt = ev.ahead[0] if ev.ahead else (None, False)
    two = ev.ahead[1] if len(ev.ahead) > 1 else (None, False)
    dist = ev.distance.get(cand)
    f = {
        "bias": 1.0,
        "tag_name": float(ev.tag_name == cand),
        "tag_pronoun_fit": float(ev.tag_gender is not None and gender == ev.tag_gender),
        "tag_pronoun_clash": float(ev.tag_gender is not None and gender not in (ev.tag_gender, "unknown")),
        "tag_resolved": float(ev.tag_resolved == cand),
        "beat_name": float(ev.beat_name == cand),
        "beat_resolved": float(ev.beat_resolved == cand),
        "rule_explicit": float(ev.rule == cand and ev.rule_kind == "explicit"),
        "rule_anaphoric": float(ev.rule == cand and ev.rule_kind == "anaphoric"),
        "rule_implicit": float(ev.rule == cand and ev.rule_kind == "implicit"),
        "in_para_before": float(cand in ev.in_before),
        "in_para_after": float(cand in ev.in_after),
        "recency_1": float(rank == 1),
        "recency_2": float(rank == 2),
        "recency_3plus": float(rank >= 3),
        "mention_dist": 0.0 if dist is None else min(math.log1p(dist) / 9.0, 1.0),
        "last_speaker": float(hist[0] == cand),
        "two_back": float(hist[1] == cand),
        "three_back": float(hist[2] == cand),
        "last_speaker_ongoing": float(hist[0] == cand and ev.ongoing),
        "two_back_ongoing": float(hist[1] == cand and ev.ongoing),
        "addressed_before": float(ev.addressed_before == cand),
        "vocative_here": float(ev.vocative == cand),
        "salience": salience,
        "gender_unknown": float(gender == "unknown"),
        "no_tag": float(no_tag),
        "no_tag_two_back": float(no_tag and hist[1] == cand and ev.ongoing),
        "no_tag_last": float(no_tag and hist[0] == cand and ev.ongoing),
        "continues": float(ev.continues == cand),
        "fit_recent_1": float(ev.fit_recent[:1] == [cand]),
        "fit_recent_2": float(ev.fit_recent[1:2] == [cand]),
        "fit_speaker": float(ev.fit_speaker == cand),
        "fit_in_para": float(cand in ev.fit_in_para),
        "epithet_assoc": min(ev.epithet.get(cand, 0.0) / 10.0, 1.0),
        "epithet_top": float(ev.epithet_top == cand),
        "epithet_clash": float(ev.epithet_gender is not None and gender not in (ev.epithet_gender, "unknown")),
        "next_tagged": float(nxt[0] == cand and nxt[1]),
        "next_untagged": float(nxt[0] == cand and not nxt[1]),
        "two_ahead_tagged": float(two[0] == cand and two[1]),
        "two_ahead_untagged": float(two[0] == cand and not two[1]),
        "no_tag_two_ahead": float(no_tag and two[0] == cand),
        "exchange_named": float(cand in ev.exchange_named),
        "exchange_spoke": ev.exchange_spoke.get(cand, 0) / max(sum(ev.exchange_spoke.values()), 1),
        "no_tag_exchange_named": float(no_tag and cand in ev.exchange_named),
        "outside_exchange": float(len(ev.exchange_named) >= 2 and cand not in ev.exchange_named),
        "talked_of": float(cand in ev.talked_of),
        "talked_of_before": float(cand in ev.talked_of_before),
        "fit_subject": float(ev.fit_subject == cand),
        "epithet_same": ev.epithet_same.get(cand, 0.0),
        "epithet_other": ev.epithet_other.get(cand, 0.0),
        "epithet_title": float(ev.epithet_title == cand),
        "exchange_called": float(cand in ev.exchange_called),
        "fit_exchange": float(cand in ev.fit_parties),
        "fit_exchange_only": float(ev.fit_parties == {cand}),
        "partner_of_called": ev.partners_of_called.get(cand, 0.0),
        "partner_of_last": ev.partners_of_last.get(cand, 0.0),
        "narrated_subject": float(ev.narrated == cand),
        "called_next": float(ev.called_next == cand),
    }
    return f


@functools.lru_cache(maxsize=1)
def _shipped() -> dict[str, Any] | None:
    try:
        data: dict[str, Any] = json.loads(
            resources.files("fabula").joinpath("data/speaker_ranker.json").read_text(encoding="utf-8"))
    except (FileNotFoundError, OSError, ValueError):
        return None
    if data.get("features") != FEATURES:
        return None  # weights trained for another feature set: do not guess
    return data


def load_weights() -> list[float] | None:
    """The shipped weights, or None when the package has none (the rules then decide)."""
    data = _shipped()
    return [float(w) for w in data["weights"]] if data else None


def load_calibration() -> list[float] | None:
    """The shipped calibration of the ranker's confidence (see :func:`calibrated`), if any."""
    data = _shipped()
    cal = data.get("calibration") if data else None
    return [float(x) for x in cal] if cal else None


class Pick(NamedTuple):
    """The ranker's choice: the candidate, its softmax probability among the candidates, and
    its own score (the logistic regression's log-odds that this candidate speaks)."""

    who: int
    prob: float
    score: float


def choose(ev: Evidence, genders: list[str], salience: list[float], weights: list[float],
           barred: int | None = None) -> Pick | None:
    """The best candidate, its softmax probability among the candidates and its score.

    ``barred`` is a candidate that may be weighed but not picked (the one the line calls by
    name, :func:`~fabula.characters.attribution.sieves.ranker`); with no one else, no pick."""
    cands = ev.candidates()
    if not cands:
        return None
    # the dot product by map: the same sum, in the same order, as a generator over zip, at a
    # third of the cost (a dialogue paragraph weighs a dozen candidates of 56 features)
    scores = [sum(map(operator.mul, weights, features(ev, c, genders[c], salience[c]))) for c in cands]
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    allowed = [i for i, c in enumerate(cands) if c != barred]
    if not allowed:
        return None
    best = max(allowed, key=lambda i: scores[i])
    return Pick(cands[best], exps[best] / sum(exps), scores[best])


def calibration_inputs(pick: Pick) -> list[float]:
    """What the confidence is calibrated on: the softmax probability as log-odds (how far the
    pick leads the others) and the pick's own score (how much evidence it has at all: the only
    candidate has a softmax of 1 however little speaks for it)."""
    p = min(max(pick.prob, 1e-3), 1 - 1e-3)
    return [math.log(p / (1 - p)), pick.score]


def calibrated(pick: Pick, calibration: list[float] | None) -> float:
    """The ranker's confidence in its pick: a logistic function of :func:`calibration_inputs`,
    fitted by ``benchmarks/train_ranker.py`` on the picks' accuracy novel by novel
    (leave-one-novel-out); the softmax probability where no calibration is shipped."""
    if not calibration:
        return pick.prob
    *coef, intercept = calibration
    z = intercept + sum(c * x for c, x in zip(coef, calibration_inputs(pick), strict=True))
    return 1 / (1 + math.exp(-z))
