"""An AO3-ready post: HTML for AO3's "Work Text" box, and the summary, notes and end notes that
AO3 keeps in fields of their own.

Only elements AO3's sanitiser keeps are written (``ALLOWED``; otwarchive's
``config/initializers/...sanitizer`` allows these and strips the rest): ``<p>``, ``<em>``,
``<strong>``, ``<br />``, ``<hr />``, ``<h2>``, and ``align="center"`` on lyric paragraphs.
"""

from __future__ import annotations

import html
from typing import Any

from fabula.model import Story
from fabula.render.markup import Part, block_text, chapter_parts, inline_html
from fabula.segment.spans import outermost

# what otwarchive's sanitiser lets through (a subset is all fabula writes)
ALLOWED = {"a", "abbr", "acronym", "address", "b", "big", "blockquote", "br", "caption", "center", "cite", "code",
           "col", "colgroup", "dd", "del", "dfn", "div", "dl", "dt", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
           "i", "img", "ins", "kbd", "li", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strike", "strong",
           "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "tt", "u", "ul", "var"}
FRONT = ("author_note", "disclaimer", "credit", "chapter_note", "dedication")
BACK = ("end_note", "review_reply")


def note_spans(story: Story, kinds: tuple[str, ...]) -> list[tuple[int, int]]:
    """Paratext of these kinds, outermost only (a credit line inside a disclaimer is said once)."""
    return outermost([(p.start, p.end) for p in story.paratext if p.kind in kinds])


def _notes_html(story: Story, kinds: tuple[str, ...]) -> str:
    return "\n".join(f"<p>{inline_html(story, s, e, line_breaks=True)}</p>" for s, e in note_spans(story, kinds))


def chapter_html(story: Story, chapter: list[Part]) -> str:
    out: list[str] = []
    for part in chapter:
        if part.kind == "heading":
            continue  # AO3 takes the chapter title in its own field
        if part.kind == "break":
            out.append("<hr />")
        elif part.kind == "verse":
            inner = inline_html(story, part.start, part.end, line_breaks=True)
            italic = any(m.kind == "italic" and m.start < part.end and m.end > part.start for m in story.doc.marks)
            out.append(f'<p align="center">{inner if italic else f"<em>{inner}</em>"}</p>')
        elif part.kind == "marker":
            out.append(f'<p align="center"><em>{html.escape(block_text(story, part.start, part.end).strip("*_~ "), quote=False)}</em></p>')
        else:
            out.append(f"<p>{inline_html(story, part.start, part.end)}</p>")
    return "\n".join(out)


def ao3_post(story: Story) -> dict[str, Any]:
    """Every field of AO3's posting form that fabula can fill, as HTML strings."""
    by_chapter = chapter_parts(story)
    chapters: list[dict[str, Any]] = [
        {"n": ch.n, "title": ch.title, "body": chapter_html(story, by_chapter.get(ch.n, []))} for ch in story.chapters]
    summary = story.work.summary
    summaries = [p for p in story.paratext if p.kind == "summary"]
    if not summary and summaries:
        summary = block_text(story, summaries[0].start, summaries[0].end)
        if summary.lower().startswith("summary:"):
            summary = summary[8:].strip()
    title = story.work.title or (block_text(story, *story.title_span) if story.title_span else None)
    body = chapters[0]["body"] if len(chapters) == 1 else "\n".join(
        f"<h2>{html.escape(str(c['title'] or 'Chapter ' + str(c['n'])))}</h2>\n" + str(c["body"]) for c in chapters)
    return {
        "title": title,
        "summary": f"<p>{html.escape(summary)}</p>" if summary else "",
        "notes": _notes_html(story, FRONT),
        "end_notes": _notes_html(story, BACK),
        "body": body,
        "chapters": chapters,
        "tags": story.tags,
    }
