"""The fixed tune/check splits (benchmarks/splits.py) hold the rules docs/accuracy.md states."""

from __future__ import annotations

import hashlib

import pytest
from benchmarks import splits

from .conftest import SHARED


def test_fics_split_by_number_five_and_four() -> None:
    names = ["01-a.txt", "02-b.txt", "03-c.txt", "04-d.md", "05-e.md", "06-f.html", "07-g.html", "08-h.html", "09-i.txt"]
    got = splits.partition(names, splits.fic_split)
    assert [splits.fic_number(n) for n in got["tune"]] == [1, 2, 4, 6, 8]
    assert [splits.fic_number(n) for n in got["check"]] == [3, 5, 7, 9]
    assert splits.fic_split("/any/folder/03-static-hearts.gold.json") == "check"


def test_a_fic_outside_both_lists_is_an_error_not_a_guess() -> None:
    with pytest.raises(ValueError, match="neither split"):
        splits.fic_split("10-new-story.txt")
    with pytest.raises(ValueError, match="not an annotated fic"):
        splits.fic_split("story.txt")


def test_litbank_split_is_the_parity_of_the_stems_sha1() -> None:
    # the rule recomputed independently; two stems pinned, so a changed rule cannot pass unnoticed
    for stem in ("1342_pride_and_prejudice", "11_alices_adventures_in_wonderland", "4300_ulysses", "105_persuasion"):
        parity = int(hashlib.sha1(stem.encode()).hexdigest(), 16) % 2
        assert splits.litbank_split(stem) == ("tune" if parity == 0 else "check")
    assert splits.litbank_split("1342_pride_and_prejudice") == "check"
    assert splits.litbank_split("4300_ulysses") == "tune"


def test_litbank_split_reads_the_stem_from_any_of_the_works_files() -> None:
    stem = "4300_ulysses"
    for name in (f"{stem}_brat.ann", f"{stem}_brat.txt", f"original/{stem}.txt", f"/x/coref/tsv/{stem}_brat.ann"):
        assert splits.litbank_stem(name) == stem
        assert splits.litbank_split(name) == splits.litbank_split(stem)


def test_even_index_tune_odd_check_for_jfleg_and_zesch() -> None:
    assert [splits.jfleg_split(i) for i in range(4)] == ["tune", "check", "tune", "check"]
    assert splits.zesch_split(7) == "check"
    with pytest.raises(ValueError):
        splits.index_split(-1)


def test_pdnc_dev_is_all_tune() -> None:
    assert splits.pdnc_split("Emma") == "tune"


@pytest.mark.skipif(not (SHARED / "eval" / "litbank").is_dir(), reason="../shared/eval is not present (CI data only)")
def test_the_real_sets_split_as_documented() -> None:
    from benchmarks.evaluation import fics, litbank

    works = litbank.works(SHARED / "eval" / "litbank")
    got = splits.partition(works, splits.litbank_split)
    assert (len(works), len(got["tune"]), len(got["check"])) == (79, 31, 48)
    stories = fics.stories(SHARED / "eval" / "fics")
    assert {s: [p.name[:2] for p in v] for s, v in splits.partition(stories, splits.fic_split).items()} == {
        "tune": ["01", "02", "04", "06", "08"], "check": ["03", "05", "07", "09"]}
