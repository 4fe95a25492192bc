"""The speaker-attribution instruments (benchmarks/evaluation): scorer, cast files, the LitBank
converter and the fics' quote placement, on tiny inputs written here."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import yaml
from benchmarks.evaluation import fics, litbank
from benchmarks.evaluation.cast import CastMember, cast_yaml, write_cast
from benchmarks.evaluation.scoring import Gold, GoldQuote, Tally, map_characters, name_set, norm, score

from .conftest import SHARED

# --- scoring -------------------------------------------------------------------------------------

GOLD = Gold({"Maren Holt": name_set(["Maren Holt", "Maren", "Miss Holt"]), "Tobiah": name_set(["Tobiah", "Toby"])},
            [GoldQuote(10, 30, "Maren Holt", "explicit"), GoldQuote(40, 60, "Tobiah", "implicit"),
             GoldQuote(70, 90, "Tobiah", "anaphoric"), GoldQuote(100, 120, "Maren Holt", "implicit")],
            {"Tobiah": name_set(["the ferryman"])})


def _pred(quotes: list[tuple[int, int, str | None, str]], chars: list[dict[str, object]]) -> dict[str, object]:
    return {"characters": chars, "quotes": [{"start": s, "end": e, "speaker": spk, "kind": k} for s, e, spk, k in quotes]}


def test_names_compare_as_the_pdnc_scorer_compares_them() -> None:
    assert norm("  Miss  Holt. ") == "miss holt"
    assert norm("“Toby,”") == "toby"


def test_accuracy_counts_a_missing_quote_wrong_and_recall_apart() -> None:
    chars = [{"id": "c1", "name": "Maren", "aliases": ["Miss Holt"]}, {"id": "c2", "name": "Toby", "aliases": []}]
    pred = _pred([(10, 30, "c1", "dialogue"), (40, 60, "c1", "dialogue"), (100, 120, "c1", "dialogue")], chars)
    t = score(GOLD, pred)
    assert (t.quotes, t.found, t.correct) == (4, 3, 2)
    assert t.accuracy == 0.5 and t.recall == 0.75 and t.accuracy_found == pytest.approx(2 / 3)
    assert t.by_type == {"explicit": 1, "implicit": 2, "anaphoric": 1}
    assert t.right_by_type == {"explicit": 1, "implicit": 1}


def test_the_most_overlapping_prediction_decides_and_other_kinds_are_ignored() -> None:
    chars = [{"id": "c1", "name": "Maren Holt"}, {"id": "c2", "name": "Tobiah"}]
    # gold 40–60: c1's quote overlaps 5 characters, c2's 15; a thought over the whole span is not dialogue
    pred = _pred([(35, 45, "c1", "dialogue"), (45, 60, "c2", "dialogue"), (38, 62, "c1", "thought")], chars)
    t = score(Gold(GOLD.characters, [GOLD.quotes[1]]), pred, keep_outcomes=True)
    assert t.correct == 1 and t.outcomes[0].pred_span == (45, 60)


def test_a_character_maps_by_shared_names_and_a_plain_name_speaker_works_too() -> None:
    chars = [{"id": "c1", "name": "Miss Holt", "aliases": ["Maren"]}, {"id": "c2", "name": "Nobody Known"}]
    assert map_characters(chars, GOLD) == {"c1": "Maren Holt", "c2": None}
    t = score(Gold(GOLD.characters, [GOLD.quotes[1]]), _pred([(40, 60, "Toby", "dialogue")], []))
    assert t.correct == 1


def test_epithets_map_only_a_character_that_shares_no_name_and_without_their_article() -> None:
    chars = [{"id": "c1", "name": "Ferryman"}, {"id": "c2", "name": "Maren", "epithets": ["the ferryman"]}]
    assert map_characters(chars, GOLD) == {"c1": "Tobiah", "c2": "Maren Holt"}


def test_a_speaker_the_gold_never_names_lowers_the_ceiling() -> None:
    gold = Gold(GOLD.characters, [*GOLD.quotes, GoldQuote(130, 150, "young_sailor-9")])
    chars = [{"id": "c1", "name": "the young sailor"}]
    t = score(gold, _pred([(130, 150, "c1", "dialogue")], chars))
    assert (t.quotes, t.named, t.correct) == (5, 4, 0) and t.ceiling == 0.8


def test_tallies_add_up_to_micro_figures() -> None:
    a, b = Tally(quotes=10, found=9, correct=6, works=1), Tally(quotes=30, found=30, correct=27, works=1)
    t = Tally().add(a).add(b)
    assert (t.works, t.quotes, t.correct) == (2, 40, 33) and t.accuracy == pytest.approx(33 / 40)


@pytest.mark.skipif(not (SHARED / "eval" / "score_quotes.py").exists(), reason="../shared/eval is not present (CI data only)")
def test_the_scorer_agrees_with_score_quotes_py_on_a_pdnc_shaped_novel(tmp_path: Path) -> None:
    from benchmarks.evaluation.pdnc import score_quotes

    S = score_quotes(SHARED)
    novel = tmp_path / "Tiny"
    novel.mkdir()
    (novel / "novel_text.txt").write_text("x" * 200, encoding="utf-8")
    with open(novel / "character_info.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Character ID", "Main Name", "Aliases", "Gender", "Category"])
        w.writerow([0, "Maren Holt", "{'Maren', 'Miss Holt'}", "F", "major"])
        w.writerow([1, "Tobiah", "{'Toby'}", "M", "minor"])
    with open(novel / "quotation_info.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["quoteID", "quoteByteSpans", "speaker", "quoteType"])
        for q in GOLD.quotes:
            w.writerow([f"Q{q.start}", f"[[{q.start}, {q.end}]]", q.speaker, q.type])
    chars = [{"id": "c1", "name": "Maren", "aliases": ["Miss Holt"]}, {"id": "c2", "name": "Toby", "aliases": []}]
    pred = _pred([(10, 30, "c1", "dialogue"), (42, 58, "c2", "dialogue"), (75, 95, "c1", "dialogue"),
                  (100, 119, "c2", "dialogue")], chars)
    (tmp_path / "pred.json").write_text(json.dumps(pred), encoding="utf-8")
    theirs = S.score_one(novel, tmp_path / "pred.json")
    gold = Gold({k: name_set([k, *v]) for k, v in {"Maren Holt": ["Maren", "Miss Holt"], "Tobiah": ["Toby"]}.items()},
                GOLD.quotes)
    ours = score(gold, pred)
    assert ours.accuracy == theirs["speaker_accuracy"] == 0.5
    assert ours.recall == theirs["quote_recall"]


# --- cast files ----------------------------------------------------------------------------------

def test_the_cast_file_is_the_format_fabula_reads(tmp_path: Path) -> None:
    members = [CastMember("Maren Holt", ["Maren", "Maren Holt"], "she"), CastMember("Tobiah", ["Toby"], "unknown")]
    data = yaml.safe_load(cast_yaml(members))
    assert data == {"characters": [{"name": "Maren Holt", "aliases": ["Maren"], "gender": "she"},
                                   {"name": "Tobiah", "aliases": ["Toby"]}]}
    import fabula

    path = write_cast(members, tmp_path / "cast.yaml")
    text = 'Maren Holt came down to the water.\n\n"Late again," Toby said.\n\n"Always," said Maren.\n'
    story = fabula.read(text.encode(), until="speakers", cast=str(path))
    names = {c.name: c for c in story.characters}
    assert "Maren Holt" in names and "Maren" in names["Maren Holt"].aliases


# --- LitBank -------------------------------------------------------------------------------------

ORIGINAL = """The Ferry at Dusk

CHAPTER I

Maren Holt waited on the jetty until the
lamps were lit.

“You’re late,” she said, when the boat
came in. “Don’t tell me the tide.”

The ferryman shrugged. “It was the tide.”

THE END
"""
SENTENCES = [
    "CHAPTER I Maren Holt waited on the jetty until the lamps were lit .",
    "“ You ’re late , ” she said , when the boat came in .",
    "“ Do n’t tell me the tide . ”",
    "The ferryman shrugged .",
    "“ It was the tide . ”",
]
QUOTES = """QUOTE\tQ1\t1\t0\t1\t5\t“ You ’re late , ”
QUOTE\tQ2\t2\t0\t2\t8\t“ Do n’t tell me the tide . ”
QUOTE\tQ3\t4\t0\t4\t6\t“ It was the tide . ”
ATTRIB\tQ1\tMaren_Holt-0
ATTRIB\tQ2\tMaren_Holt-0
ATTRIB\tQ3\tthe_ferryman-1
"""
COREF = """MENTION\tT1\t0\t2\t0\t3\tMaren Holt\tPER\tPROP
MENTION\tT2\t1\t6\t1\t6\tshe\tPER\tPRON
MENTION\tT3\t3\t0\t3\t1\tThe ferryman\tPER\tNOM
MENTION\tT4\t0\t7\t0\t8\tthe jetty\tFAC\tNOM
COREF\tT1\tMaren_Holt-0
COREF\tT2\tMaren_Holt-0
COREF\tT3\tthe_ferryman-1
COREF\tT4\tthe_jetty-2
"""


def _litbank(root: Path, stem: str = "9999_the_ferry_at_dusk") -> str:
    for sub in ("quotations/tsv", "coref/tsv", "original"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    (root / "quotations/tsv" / f"{stem}_brat.txt").write_text("\n".join(SENTENCES) + "\n", encoding="utf-8")
    (root / "quotations/tsv" / f"{stem}_brat.ann").write_text(QUOTES, encoding="utf-8")
    (root / "coref/tsv" / f"{stem}_brat.ann").write_text(COREF, encoding="utf-8")
    (root / "original" / f"{stem}.txt").write_text(ORIGINAL, encoding="utf-8")
    (root / "quotations/tsv" / "0_no_quotes_brat.ann").write_text("", encoding="utf-8")
    return stem


def test_litbank_excerpt_gets_the_originals_paragraphs_and_quote_spans(tmp_path: Path) -> None:
    ex = litbank.convert(tmp_path, _litbank(tmp_path))
    assert ex.unaligned == 0
    # the excerpt starts at its first token, hard wraps are spaces, blank lines stay
    assert ex.text.startswith("CHAPTER I\n\nMaren Holt waited on the jetty until the lamps were lit.\n\n“You’re late,”")
    assert ex.text.rstrip().endswith("“It was the tide.”")
    assert [ex.text[q.start:q.end] for q in ex.gold.quotes] == ["“You’re late,”", "“Don’t tell me the tide.”",
                                                                 "“It was the tide.”"]
    assert [q.speaker for q in ex.gold.quotes] == ["Maren_Holt-0", "Maren_Holt-0", "the_ferryman-1"]


def test_litbank_gold_names_are_prop_mentions_and_the_cast_takes_gender_from_pronouns(tmp_path: Path) -> None:
    ex = litbank.convert(tmp_path, _litbank(tmp_path))
    assert ex.gold.characters == {"Maren_Holt-0": frozenset({"maren holt"})}  # the ferryman is never named
    assert ex.notes == ["1 quotes by speakers the excerpt never names"]
    assert ex.cast == [CastMember("Maren Holt", ["Maren Holt"], "she")]
    assert litbank.works(tmp_path) == ["9999_the_ferry_at_dusk"]


def test_alignment_survives_rewritten_and_doubled_characters() -> None:
    original = 'Contents\n\nHe said "wait--no" and left, and then he left.'
    tokens = ["He", "said", "“", "wait", "—", "no", "”", "and", "left", ",", "and", "then", "he", "left", "."]
    spans, unaligned = litbank.align_tokens(tokens, original)
    assert unaligned == 0
    got = [original[s:e] for s, e in spans]  # type: ignore[misc]
    assert got[:4] == ["He", "said", '"', "wait"] and got[5:9] == ["no", '"', "and", "left"]
    assert got[-2:] == ["left", "."]


def test_an_excerpt_missing_from_its_original_is_an_error() -> None:
    with pytest.raises(ValueError, match="not found"):
        litbank.align_tokens(["Nothing", "of", "this", "is", "in", "the", "original", "text", "at", "all", "."],
                             "A different story altogether, about boats and about the sea and the tide.")


@pytest.mark.skipif(not (SHARED / "eval" / "litbank").is_dir(), reason="../shared/eval is not present (CI data only)")
def test_every_real_litbank_excerpt_aligns_and_its_quotes_open_where_they_should() -> None:
    root = SHARED / "eval" / "litbank"
    total = opened = 0
    for stem in litbank.works(root):
        ex = litbank.convert(root, stem)
        assert ex.unaligned == 0, stem
        total += len(ex.gold.quotes)
        opened += sum(ex.text[q.start:q.end].lstrip()[:1] in "\"“‘'—-" for q in ex.gold.quotes)
    assert total == 1651
    # a few gold spans leave the opening mark out, or continue a speech after narration
    assert opened / total >= 0.97


# --- fics ----------------------------------------------------------------------------------------

def test_fic_quotes_are_placed_by_offsets_or_in_order_by_text() -> None:
    text = 'Intro.\n\n"Go," she said. "Tell him I said \'no\' twice."\n\n"Go," he said.'
    quotes = [
        {"start": 8, "end": 13, "text": '"Go,"'},  # offsets that hold
        {"start": None, "end": None, "text": '"Tell him I said \'no\' twice."'},
        {"start": None, "end": None, "text": "'no'"},  # nested: found inside its outer quote
        {"start": None, "end": None, "text": '"Go,"'},  # the same words again: found at their own place
        {"start": None, "end": None, "text": '"Never said."'},
    ]
    spans = fics.locate(text, quotes)
    assert [text[s:e] if (s, e) != (0, 0) else None for s, e in [sp or (0, 0) for sp in spans]] == [
        '"Go,"', '"Tell him I said \'no\' twice."', "'no'", '"Go,"', None]
    assert spans[3] is not None and spans[3][0] > 40


def test_fic_quote_search_tolerates_other_whitespace() -> None:
    assert fics.locate('A\n\n"One\n\ntwo."', [{"start": None, "end": None, "text": '"One two."'}]) == [(3, 14)]


def test_fic_gold_scores_dialogue_with_speakers_and_builds_the_cast() -> None:
    data = {"characters": {"Maren Holt": {"names": ["Maren"], "epithets": ["the girl"], "gender": "she"}},
            "quotes": [{"start": 0, "end": 6, "text": '"Hey,"', "speaker": "Maren Holt", "type": "implicit",
                        "kind": "dialogue"},
                       {"start": 7, "end": 13, "text": '"sign"', "speaker": None, "type": None, "kind": "written"},
                       {"start": 14, "end": 18, "text": '"Oi"', "speaker": None, "type": None, "kind": "dialogue"}]}
    fg = fics.convert(data, '"Hey," "sign" "Oi"')
    assert fg.gold.quotes == [GoldQuote(0, 6, "Maren Holt", "implicit")]
    assert fg.gold.characters["Maren Holt"] == {"maren holt", "maren"}
    assert fg.gold.epithets["Maren Holt"] == {"the girl"}
    assert fg.cast == [CastMember("Maren Holt", ["Maren"], "she")]
    assert fg.notes == ["1 dialogue quotes without a gold speaker (not scored)"]


@pytest.mark.skipif(not (SHARED / "eval" / "fics").is_dir(), reason="../shared/eval is not present (CI data only)")
def test_every_gold_fic_quote_is_found_in_fabulas_text() -> None:
    import fabula

    for path in fics.stories(SHARED / "eval" / "fics"):
        story = fabula.read(path, until="quotes")
        data = fics.load(path)
        spans = fics.locate(story.text, data["quotes"])
        assert all(spans), path.name
        assert all(" ".join(story.text[s:e].split()) == " ".join(q["text"].split())
                   for (s, e), q in zip(spans, data["quotes"], strict=True)), path.name  # type: ignore[misc]


def test_litbank_a_name_given_only_by_apposition_is_its_entitys_name(tmp_path: Path) -> None:
    # a proper-name mention (T5, over the words "The ferryman"; names are read from the text at
    # the mention's span) linked to the ferryman's T3 only by an APPOS row, with no COREF row
    stem = _litbank(tmp_path)
    coref = COREF + "MENTION\tT5\t3\t0\t3\t1\tThe ferryman\tPER\tPROP\nAPPOS\tT5\tT3\n"
    (tmp_path / "coref/tsv" / f"{stem}_brat.ann").write_text(coref, encoding="utf-8")
    ex = litbank.convert(tmp_path, stem)
    assert ex.gold.characters["the_ferryman-1"] == frozenset({"the ferryman"})
    assert ex.notes == []


def test_paragraphs_of_a_text_without_blank_lines_end_at_short_lines_and_opening_quotes() -> None:
    # every paragraph starts on a new line, wrapped near 50 characters, with no blank line between
    original = ("The barge came round the bend slowly, its lantern\n"
                "swinging over the water as the pole went down.\n"
                '"Hold her steady," called the boy from the bank,\n'
                "waving both arms.\n"
                '"I am holding her." The bargeman leaned on the pole.\n'
                '"Then tie up at the post and come ashore for bread."\n')
    got = litbank.paragraph_text(original, 0, len(original))
    assert len(got) == len(original)
    assert got.split("\n")[:4] == [
        "The barge came round the bend slowly, its lantern swinging over the water as the pole went down.",
        '"Hold her steady," called the boy from the bank, waving both arms.',
        '"I am holding her." The bargeman leaned on the pole.',
        '"Then tie up at the post and come ashore for bread."']


def test_litbank_epithets_are_an_option_and_name_an_unnamed_speaker(tmp_path: Path) -> None:
    stem = _litbank(tmp_path)
    assert litbank.convert(tmp_path, stem).gold.epithets == {}
    gold = litbank.convert(tmp_path, stem, with_epithets=True).gold
    assert gold.epithets == {"the_ferryman-1": frozenset({"ferryman"})}
    # fabula's voice "the ferryman" then maps to the gold speaker; its line counts
    pred = {"characters": [{"id": "c1", "name": "Maren Holt", "aliases": ["Maren"]},
                           {"id": "c2", "name": "the ferryman", "aliases": ["the ferryman"]}],
            "quotes": [{"start": q.start, "end": q.end, "speaker": "c2" if q.speaker == "the_ferryman-1" else "c1"}
                       for q in gold.quotes]}
    t = score(gold, pred)
    assert (t.correct, t.quotes, t.named) == (3, 3, 3)


def test_litbank_narrator_entity_is_the_one_narration_calls_i() -> None:
    m = {"a": litbank.Mention((0, 0), (0, 0), "I", "PER", "PRON"), "b": litbank.Mention((0, 5), (0, 5), "me", "PER", "PRON"),
         "c": litbank.Mention((1, 0), (1, 0), "my", "PER", "PRON"), "d": litbank.Mention((2, 1), (2, 1), "I", "PER", "PRON")}
    where = {"a": 0, "b": 30, "c": 60, "d": 110}
    entity = {"a": "Ysolt-1", "b": "Ysolt-1", "c": "Ysolt-1", "d": "Corisande-2"}
    pos = {id(v): where[k] for k, v in m.items()}
    # Corisande's "I" stands inside a quote: the one narration calls "I" is Ysolt
    assert litbank.narrator(m, entity, lambda x: pos[id(x)], [(100, 140)]) == "Ysolt-1"
    assert litbank.narrator(m, entity, lambda x: pos[id(x)], [(0, 140)]) is None
