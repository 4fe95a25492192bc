"""A clean EPUB 3 of the story with ebooklib: title page, table of contents, one file per
chapter, the author's notes kept apart (and optional), and the work's metadata — title, authors,
language, summary, tags as ``dc:subject``, series as ``belongs-to-collection`` (and Calibre's
``calibre:series`` for readers that only know that). Checked with Debian's epubcheck in tests.
"""

from __future__ import annotations

import hashlib
import html
import io
from typing import Any

from fabula import __version__
from fabula.model import Story
from fabula.render.ao3 import BACK, FRONT, note_spans
from fabula.render.markup import Part, block_text, chapter_parts, inline_html

CSS = """body { font-family: serif; line-height: 1.5; margin: 0 5%; }
p { margin: 0 0 0.8em 0; text-indent: 0; }
p.verse, p.marker { text-align: center; font-style: italic; }
hr { border: none; text-align: center; margin: 1.5em 0; }
hr::after { content: "* * *"; }
h1, h2 { text-align: center; font-weight: normal; }
.meta { font-size: 0.9em; }
.meta dt { font-weight: bold; }
"""


def _page(title: str, body: str, lang: str) -> str:
    # ebooklib wraps the body itself; we give it a complete XHTML body
    return f"<h1>{html.escape(title)}</h1>\n{body}" if title else body


def _chapter_body(story: Story, chapter: list[Part]) -> str:
    out = []
    for part in chapter:
        if part.kind == "heading":
            continue
        if part.kind == "break":
            out.append("<hr/>")
        elif part.kind == "verse":
            out.append(f'<p class="verse">{inline_html(story, part.start, part.end, line_breaks=True).replace("<br />", "<br/>")}</p>')
        elif part.kind == "marker":
            out.append(f'<p class="marker">{html.escape(block_text(story, part.start, part.end).strip("*_~ "))}</p>')
        else:
            out.append(f"<p>{inline_html(story, part.start, part.end)}</p>")
    return "\n".join(out) or "<p></p>"


def _notes_body(story: Story, kinds: tuple[str, ...]) -> str:
    return "\n".join(f"<p>{inline_html(story, s, e, line_breaks=True).replace('<br />', '<br/>')}</p>"
                     for s, e in note_spans(story, kinds))


def _title(story: Story) -> str:
    if story.work.title:
        return story.work.title
    if story.title_span:
        return block_text(story, *story.title_span)
    if story.doc.path:
        from pathlib import Path

        return Path(story.doc.path).stem.replace("_", " ").replace("-", " ").strip() or "Untitled"
    return "Untitled"


def _subjects(story: Story) -> list[str]:
    w = story.work
    tags = [*w.fandoms, *w.relationships, *w.characters, *w.tags]
    suggested: dict[str, Any] = story.tags or {}
    if not tags:
        for key in ("relationships", "characters", "freeform"):
            tags += [t["value"] for t in suggested.get(key, []) if isinstance(t, dict)]
    seen: list[str] = []
    for t in tags:
        if t and t not in seen:
            seen.append(t)
    return seen


def story_epub(story: Story, with_notes: bool = True) -> bytes:
    """The EPUB file's bytes."""
    from ebooklib import epub

    w = story.work
    title = _title(story)
    lang = w.language or "en"
    book = epub.EpubBook()
    book.set_identifier("urn:fabula:" + hashlib.sha1(story.text.encode("utf-8")).hexdigest())
    book.set_title(title)
    book.set_language(lang)
    for i, author in enumerate(dict.fromkeys(w.authors or ["Unknown"])):
        book.add_author(author, uid=f"creator{i}")  # ebooklib's default uid repeats, which epubcheck refuses
    if w.summary:
        book.add_metadata("DC", "description", w.summary)
    for subject in _subjects(story):
        book.add_metadata("DC", "subject", subject)
    book.add_metadata("DC", "contributor", f"fabula {__version__}")
    if w.series:
        series = w.series if isinstance(w.series, str) else str(w.series)
        book.add_metadata(None, "meta", series, {"property": "belongs-to-collection", "id": "series"})
        book.add_metadata(None, "meta", "series", {"refines": "#series", "property": "collection-type"})
        book.add_metadata(None, "meta", "", {"name": "calibre:series", "content": series})
    style = epub.EpubItem(uid="style", file_name="style/fabula.css", media_type="text/css", content=CSS)
    book.add_item(style)

    def page(uid: str, file_name: str, heading: str, body: str) -> Any:
        item = epub.EpubHtml(uid=uid, title=heading or title, file_name=file_name, lang=lang)
        item.content = _page(heading, body, lang)
        item.add_item(style)
        book.add_item(item)
        return item

    meta = [("Author", ", ".join(w.authors)), ("Fandom", ", ".join(w.fandoms)), ("Rating", w.rating or ""),
            ("Relationships", ", ".join(w.relationships)), ("Characters", ", ".join(w.characters)),
            ("Tags", ", ".join(w.tags)), ("Series", str(w.series or "")), ("Words", f"{w.words:,}"),
            ("Chapters", w.chapters or "")]
    rows = "".join(f"<dt>{k}</dt><dd>{html.escape(v)}</dd>" for k, v in meta if v)
    summary = f"<p><em>{html.escape(w.summary)}</em></p>" if w.summary else ""
    title_page = page("title", "title.xhtml", title, f'{summary}<dl class="meta">{rows}</dl>')
    spine: list[Any] = ["nav", title_page]
    toc: list[Any] = []
    front = _notes_body(story, FRONT) if with_notes else ""
    if front:
        item = page("notes", "notes.xhtml", "Notes", front)
        spine.append(item)
        toc.append(item)
    by_chapter = chapter_parts(story)
    for ch in story.chapters or []:
        heading = ch.title or (f"Chapter {ch.n}" if len(story.chapters) > 1 else title)
        item = page(f"chapter{ch.n}", f"chapter_{ch.n:03d}.xhtml", heading, _chapter_body(story, by_chapter.get(ch.n, [])))
        spine.append(item)
        toc.append(item)
    back = _notes_body(story, BACK) if with_notes else ""
    if back:
        item = page("endnotes", "end_notes.xhtml", "End Notes", back)
        spine.append(item)
        toc.append(item)
    book.toc = toc
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = spine
    buf = io.BytesIO()
    epub.write_epub(buf, book)
    return buf.getvalue()
