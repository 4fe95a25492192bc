"""The readable summary ``fabula read`` prints: title, parts, scenes, verse, quotes, cast."""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from fabula.model import Story


def _snip(text: str, n: int = 70) -> str:
    t = " ".join(text.split())
    return escape(t if len(t) <= n else t[: n - 1] + "…")


def print_summary(story: Story, console: Console) -> None:
    text = story.text
    w = story.work
    console.print(f"[bold]{w.title or '(untitled)'}[/bold]" + (f"  by {', '.join(w.authors)}" if w.authors else ""))
    meta = [f"{story.doc.format}", f"{w.words:,} words in the story", f"chapters {w.chapters}"]
    if w.rating:
        meta.append(f"rated {w.rating}")
    if w.fandoms:
        meta.append(", ".join(w.fandoms))
    console.print("  " + " · ".join(meta), style="dim")
    if w.relationships:
        console.print("  relationships: " + ", ".join(w.relationships), style="dim")

    if story.paratext:
        t = Table(title="Paratext (not story)", show_lines=False, title_justify="left")
        t.add_column("kind")
        t.add_column("ch", justify="right")
        t.add_column("text")
        for p in story.paratext:
            extra = escape(f"  [song: {p.song} / {p.artist}]") if p.song else ""
            t.add_row(p.kind, str(p.chapter or ""), _snip(text[p.start:p.end]) + extra)
        console.print(t)

    t = Table(title=f"Chapters and scenes ({len(story.chapters)} / {len(story.scenes)})", title_justify="left")
    t.add_column("scene", justify="right")
    t.add_column("ch", justify="right")
    t.add_column("break")
    t.add_column("words", justify="right")
    t.add_column("opens with")
    for s in story.scenes:
        t.add_row(str(s.n), str(s.chapter), escape(s.break_ or s.marker or ""), f"{len(text[s.start:s.end].split()):,}",
                  _snip(text[s.start:s.end], 60))
    console.print(t)

    if story.verse:
        kinds = Counter(v.kind for v in story.verse)
        console.print(f"[bold]Verse[/bold]: {len(story.verse)} blocks (" + ", ".join(f"{k} {n}" for k, n in kinds.items()) + ")")
        for v in story.verse[:3]:
            console.print("  " + _snip(text[v.start:v.end], 80), style="italic")

    kinds = Counter(q.kind for q in story.quotes)
    console.print(f"[bold]Quotes[/bold]: {len(story.quotes)} (" + ", ".join(f"{k} {n}" for k, n in kinds.most_common()) + ")")
    if story.characters:
        names = {c.id: c.name for c in story.characters}
        t = Table(title="Cast", title_justify="left")
        t.add_column("id")
        t.add_column("name")
        t.add_column("also")
        t.add_column("gender")
        t.add_column("mentions", justify="right")
        t.add_column("lines", justify="right")
        for c in story.characters[:15]:
            t.add_row(c.id, c.name, _snip(", ".join(c.aliases[1:] + c.epithets), 50), c.gender, str(c.mentions), str(c.lines))
        console.print(t)
        dlg = [q for q in story.quotes if q.kind == "dialogue"]
        if dlg:
            t = Table(title="Who says what (first lines)", title_justify="left")
            t.add_column("speaker")
            t.add_column("how")
            t.add_column("line")
            for q in dlg[:12]:
                t.add_row(names.get(q.speaker or "", "?"), q.attribution or "", _snip(text[q.start:q.end], 70))
            console.print(t)
    for warning in story.warnings[:5]:
        console.print(f"[yellow]warning:[/yellow] {warning}")
