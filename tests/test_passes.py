"""The pass declarations: each pass writes only the layers it declares, and everything that is
derived from the declarations (order, --until, progress, the head start's set) agrees with them."""

from __future__ import annotations

import copy
import dataclasses
from typing import Any

import pytest

import fabula
from fabula import passes as P
from fabula.errors import MissingDependency
from fabula.ingest import load
from fabula.model import Story
from fabula.pipeline import Options

from .conftest import DRAFT_MD, EXAMPLE, FIXTURES

# our own story in the shapes the passes care about: notes, two chapters, a song credited in a
# line under its verse (which the verse pass adds to the paratext), dialogue with tags
SONG_STORY = """A/N: Thanks to everyone who read the first part!

Chapter 1: The Quay

"You came back," Elke said, setting the lantern down.

"I said I would," Corin answered. He looked at the boats and did not look at her.

Elke laughed. "You say a lot of things."

Chapter 2: The Song

The band on the pier played the old tune, and Elke sang along under her breath:

Bring the boats in slow
Bring the nets in low
Nobody sails tonight
(lyrics: Harbour Lights by The Tin Larks)

"Sing it again," Corin said.

"No," said Elke, but she smiled.
"""


def _state(story: Story) -> dict[str, Any]:
    """Every layer of the story, copied: the fields and any other attribute, and for a list of
    items (or the work) each field of the items as ``layer.field``."""
    out: dict[str, Any] = {}
    names = [f.name for f in dataclasses.fields(story)] + [k for k in vars(story) if k not in
                                                          {f.name for f in dataclasses.fields(story)}]
    for name in names:
        if name == "timings":
            continue
        value = getattr(story, name)
        out[name] = copy.deepcopy(value)
        items = [value] if dataclasses.is_dataclass(value) else value if isinstance(value, list) else []
        if items and all(dataclasses.is_dataclass(x) for x in items):
            for f in dataclasses.fields(items[0]):
                out[f"{name}.{f.name}"] = copy.deepcopy([getattr(x, f.name) for x in items])
    return out


def _written(before: dict[str, Any], after: dict[str, Any]) -> set[str]:
    """The layers that changed; a list whose items changed only in some fields counts as those fields."""
    changed = set()
    for name in sorted(set(before) | set(after)):
        if "." in name or before.get(name, None) == after.get(name, None):
            continue
        fields = [k for k in set(before) | set(after) if k.startswith(name + ".")]
        b, a = before.get(name), after.get(name)
        same_items = isinstance(b, list) and isinstance(a, list) and len(a) == len(b)
        if fields and (same_items or not isinstance(b, list)):
            changed |= {k for k in fields if before.get(k) != after.get(k)}
        else:
            changed.add(name)
    return changed


def _allowed(written: str, declared: tuple[str, ...]) -> bool:
    return written in declared or written.split(".")[0] in declared


@pytest.mark.parametrize("path", [EXAMPLE, FIXTURES / "narrative" / "two-voices.txt", DRAFT_MD, None])
def test_each_pass_writes_only_what_it_declares(path: Any) -> None:
    doc = load(path if path is not None else SONG_STORY.encode(), name=None if path is not None else "song.txt")
    story = Story(doc=doc)
    opts = Options()
    seen: set[str] = set()
    for p in P.plan(None, requested=tuple(q.name for q in P.PASSES if q.on_request)):
        before = _state(story)
        p.load()(story, opts)
        written = _written(before, _state(story))
        assert all(_allowed(w, p.writes) for w in written), f"{p.name} wrote {sorted(written)}, declares {p.writes}"
        seen |= written
    if path is None:
        assert "paratext" in seen  # the credit line under the verse


def test_every_layer_a_pass_reads_is_written_by_an_earlier_pass_or_ingest() -> None:
    written = {"doc"}
    for p in P.PASSES:
        for layer in p.reads:
            assert layer.split(".")[0] in {w.split(".")[0] for w in written}, f"{p.name} reads {layer} before anyone writes it"
        written |= set(p.writes)


def test_every_declared_layer_is_a_story_field() -> None:
    fields = {f.name for f in dataclasses.fields(Story)}
    for p in P.PASSES:
        for layer in p.reads + p.writes:
            assert layer.split(".")[0] in fields, f"{p.name}: no layer {layer}"


def test_every_pass_resolves_to_a_function() -> None:
    for p in P.PASSES:
        assert callable(p.load())


def test_derived_from_the_declarations() -> None:
    assert P.NAMES == tuple(p.name for p in P.PASSES)
    for name in P.NAMES:
        assert name in P.until_help()
    fractions = P.done_before()
    assert list(fractions) == list(P.NAMES)
    assert all(a <= b for a, b in zip(list(fractions.values()), list(fractions.values())[1:], strict=False))
    assert fractions["structure"] == P.INGEST_WEIGHT
    with pytest.raises(ValueError, match="unknown pass"):
        P.plan("nonsense")


def test_until_stops_after_the_pass_and_runs_the_passes_that_always_run() -> None:
    names = [p.name for p in P.plan("quotes")]
    assert names[:4] == ["structure", "scenes", "verse", "quotes"]
    assert set(names[4:]) == {p.name for p in P.PASSES if p.always and p.name not in names[:4]}
    story = fabula.read(EXAMPLE, until="quotes")
    assert story.work.words > 0 and not story.characters


def test_a_missing_package_is_an_error_that_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    broken = dataclasses.replace(P.BY_NAME["tags"], warm=P.Lazy("fabula_no_such_package.sentiment:analyzer"))
    monkeypatch.setattr(P, "PASSES", tuple(broken if p.name == "tags" else p for p in P.PASSES))
    with pytest.raises(MissingDependency, match="tags pass needs the Python package 'fabula_no_such_package'"):
        fabula.read(EXAMPLE)


def test_the_speakers_pass_leaves_the_cast_index_as_the_characters_pass_wrote_it() -> None:
    """An unnamed voice ("the nurse") joins the resolver's genders as it speaks, not the characters
    pass's index, which a pass after it may read."""
    import fabula

    text = (b'Aurelio Bassi woke in a white room. His sister Paola slept by the window.\n\n'
            b'"You\'re awake," the nurse said.\n\n"Where am I?" said Aurelio.\n')
    cast_only = fabula.read(text, until="characters")
    full = fabula.read(text, until="speakers")
    assert any(c.unnamed for c in full.characters)
    assert cast_only.cast_index is not None and full.cast_index is not None
    assert full.cast_index.genders == cast_only.cast_index.genders
