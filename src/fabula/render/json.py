"""The schema-1 JSON contract (``../shared/SCHEMA.md``; ``fabula/schema/fabula.schema.json``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fabula import __version__

if TYPE_CHECKING:
    from fabula.model import Story

SCHEMA_VERSION = 1


def story_to_dict(story: Story, include_text: bool = False) -> dict[str, Any]:
    doc = story.doc
    out: dict[str, Any] = {
        "schema": SCHEMA_VERSION,
        "fabula_version": __version__,
        "source": {
            "path": doc.path,
            "format": doc.format,
            "encoding": doc.encoding,
            "words": len(doc.text.split()),
            "chars": len(doc.text),
        },
        "work": story.work.to_dict(),
        "title": list(story.title_span) if story.title_span else None,
        "paratext": [p.to_dict() for p in story.paratext],
        "chapters": [c.to_dict() for c in story.chapters],
        "scenes": [s.to_dict() for s in story.scenes],
        "verse": [v.to_dict() for v in story.verse],
        "characters": [c.to_dict() for c in story.characters],
        "quotes": [q.to_dict() for q in story.quotes],
        "pov_paragraphs": list(story.pov_paragraphs),
        "thoughts": list(story.thoughts),
        "diagnostics": [d.to_dict() for d in story.diagnostics],
        "tags": story.tags or {"rating": None, "warnings": [], "relationships": [], "characters": [], "freeform": []},
        "warnings": list(story.warnings),
        "marks": [{"start": m.start, "end": m.end, "kind": m.kind} for m in doc.marks],
    }
    if include_text:
        out["text"] = doc.text
    return out
