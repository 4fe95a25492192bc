"""docs/architecture.md draws the passes from their declarations: the two must not drift."""

from __future__ import annotations

from fabula.passes import picture

from .conftest import ROOT


def test_the_architecture_page_shows_the_declared_passes() -> None:
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    assert picture() in page, "regenerate the picture in docs/architecture.md: python -c 'from fabula.passes import picture; print(picture())'"
