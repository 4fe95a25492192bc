"""The real-mistake benchmark's closer readings of its clean sides (benchmarks/real_mistakes.py)."""

from __future__ import annotations

from benchmarks import real_mistakes as rm


def test_a_reference_word_another_annotator_changed_is_no_false_alarm() -> None:
    others = [{"the", "boat", "left", "early", "."}, {"the", "boat", "left", "early", "."},
              {"the", "ship", "left", "early", "."}]
    assert rm.kept_by_all("left", others) and rm.kept_by_all("Early", others)
    assert not rm.kept_by_all("boat", others)  # the third annotator wrote "ship"


def test_a_word_flagged_in_both_versions_of_a_record_is_one_false_alarm() -> None:
    bad = "Maro sailed the brigg past the mole and waved."
    good = "Maro sailed the brigg past the mill and waved."
    a = bad.index("brigg")
    # the same word, at the same place of each version: one key
    assert rm._word_at(bad, a, a + 5) == rm._word_at(good, a, a + 5)
    # a word after the edit keeps its key though the edit moved its offset
    assert rm._word_at(bad, bad.index("waved"), bad.index("waved") + 5) == \
        rm._word_at(good, good.index("waved"), good.index("waved") + 5)
    assert rm._word_at(bad, bad.index("mole"), bad.index("mole") + 4) != \
        rm._word_at(good, good.index("mill"), good.index("mill") + 4)
