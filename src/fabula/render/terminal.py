"""The readable summary ``fabula read`` prints: title, parts, scenes, verse, quotes, cast."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from fabula.model import Diagnostic, Scene, Story

if TYPE_CHECKING:
    from fabula.beta.engine import Rule

VERSE_LINES = 4  # lines of each verse block shown
# scenes shown in a terminal table: a reader scans a few hundred rows, not 30,000 (a file of
# one-line chapters took rich a minute to draw); the JSON (--json / -f json) holds every scene
MAX_ROWS = 300


def _more(console: Console, shown: int, total: int, what: str) -> None:
    if total > shown:
        console.print(f"  … {total - shown:,} more {what} (all of them with -f json)", style="dim")


def _snip(text: str, n: int = 70) -> str:
    t = " ".join(text.split())
    return escape(t if len(t) <= n else t[: n - 1] + "…")


def pov_label(scene: Scene, names: dict[str, str]) -> str:
    if scene.person == "first":
        return f"{names.get(scene.pov, 'narrator') if scene.pov else 'narrator'} (I)"
    return names.get(scene.pov, "unknown") if scene.pov else "unknown"


def print_timeline(story: Story, console: Console) -> None:
    """Scenes in telling order and in event order, then the cues behind each scene's time and POV."""
    text = story.text
    names = {c.id: c.name for c in story.characters}
    title = story.work.title or story.doc.path or "story"
    console.print(f"[bold]{escape(title)}[/bold]: {len(story.scenes)} scenes")
    for heading, scenes in (("Telling order", story.scenes),
                            ("Event order (the fabula)", sorted(story.scenes, key=lambda s: s.fabula_order or 0))):
        t = Table(title=heading, title_justify="left")
        for col in ("told", "event", "time", "tense", "POV", "opens with"):
            t.add_column(col, justify="right" if col in ("told", "event") else "left")
        for s in scenes[:MAX_ROWS]:
            t.add_row(str(s.n), str(s.fabula_order or ""), f"{s.time} ({s.time_confidence or 0:.1f})", s.tense or "",
                      escape(pov_label(s, names)), _snip(text[s.start:s.end], 50))
        console.print(t)
        _more(console, MAX_ROWS, len(scenes), "scenes")
    console.print("[bold]Why[/bold]")
    for s in story.scenes[:MAX_ROWS]:
        console.print(f"  scene {s.n}")
        for cue in s.time_cues or ["—"]:
            console.print(f"    time  {escape(cue)}", soft_wrap=False)
        for cue in s.pov_cues or ["—"]:
            console.print(f"    POV   {escape(cue)}", soft_wrap=False)
    _more(console, MAX_ROWS, len(story.scenes), "scenes")


def print_summary(story: Story, console: Console) -> None:
    text = story.text
    w = story.work
    console.print(f"[bold]{escape(w.title or '(untitled)')}[/bold]" + (f"  by {escape(', '.join(w.authors))}" if w.authors else ""))
    meta = [f"{story.doc.format}", f"{w.words:,} words in the story", f"chapters {w.chapters}"]
    if w.rating:
        meta.append(f"rated {w.rating}")
    if w.fandoms:
        meta.append(", ".join(w.fandoms))
    console.print("  " + escape(" · ".join(meta)), style="dim")
    if w.relationships:
        console.print("  relationships: " + escape(", ".join(w.relationships)), style="dim")

    if story.paratext:
        t = Table(title="Paratext (not story)", show_lines=False, title_justify="left")
        t.add_column("kind")
        t.add_column("ch", justify="right")
        t.add_column("text")
        for p in story.paratext[:MAX_ROWS]:
            extra = escape(f"  [song: {p.song} / {p.artist}]") if p.song else ""
            t.add_row(p.kind, str(p.chapter or ""), _snip(text[p.start:p.end]) + extra)
        console.print(t)
        _more(console, MAX_ROWS, len(story.paratext), "parts")

    t = Table(title=f"Chapters and scenes ({len(story.chapters)} / {len(story.scenes)})", title_justify="left")
    t.add_column("scene", justify="right")
    t.add_column("ch", justify="right")
    t.add_column("break")
    t.add_column("words", justify="right")
    told = any(s.tense for s in story.scenes)
    names = {c.id: c.name for c in story.characters}
    if told:
        t.add_column("POV")
        t.add_column("time")
        t.add_column("event", justify="right")
    t.add_column("opens with")
    for s in story.scenes[:MAX_ROWS]:
        row = [str(s.n), str(s.chapter), escape(s.break_ or s.marker or ""), f"{len(text[s.start:s.end].split()):,}"]
        if told:
            row += [escape(pov_label(s, names)), f"{s.time} · {s.tense}", str(s.fabula_order or "")]
        t.add_row(*row, _snip(text[s.start:s.end], 60 if not told else 30))
    console.print(t)
    _more(console, MAX_ROWS, len(story.scenes), "scenes")
    hops = [(s.n, h) for s in story.scenes for h in s.head_hops]
    if hops:
        console.print(f"[bold]Head-hops[/bold]: {len(hops)}")
        for n, h in hops[:5]:
            console.print(f"  scene {n}: {escape(names.get(h.from_, h.from_))} → {escape(names.get(h.to, h.to))}: "
                          + _snip(text[h.start:h.end], 70))

    if story.verse:
        kinds = Counter(v.kind for v in story.verse)
        n = len(story.verse)
        console.print(f"[bold]Verse[/bold]: {n} block{'s' if n != 1 else ''} ("
                      + ", ".join(f"{k} {n}" for k, n in kinds.items()) + ")")
        for v in story.verse[:3]:  # line by line, as the verse is set (first lines of each block)
            lines = [line for line in text[v.start:v.end].splitlines() if line.strip()]
            for line in lines[:VERSE_LINES]:
                console.print("  " + _snip(line, 80), style="italic")
            if len(lines) > VERSE_LINES:
                console.print("  …", style="italic")

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
            t.add_row(c.id, c.name + (" (unnamed)" if c.unnamed else ""), _snip(", ".join(c.aliases[1:] + c.epithets), 50),
                      c.gender, str(c.mentions), str(c.lines))
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


TAG_GROUPS = (("rating", "Rating"), ("warnings", "Archive warnings"), ("categories", "Category"),
              ("relationships", "Relationships"), ("characters", "Characters"), ("freeform", "Additional tags"))


def print_tags(story: Story, console: Console) -> None:
    """Each suggested tag with why, and the passages that justify it; beside them, where the input
    carries them, the author's own tags (never replaced by the suggestions)."""
    text = story.text
    own = (story.tags or {}).get("declared") or {}
    if own:
        console.print("[dim]The author's own tags are shown as [green]author[/green]; fabula's suggestions below each.[/dim]")
    for key, label in TAG_GROUPS:
        items = story.tags.get(key) if story.tags else None
        items = [items] if isinstance(items, dict) else items or []
        theirs = own.get(key)
        theirs = [theirs] if isinstance(theirs, str) else theirs or []
        if not items and not theirs:
            continue
        console.print(f"[bold]{label}[/bold]")
        if theirs:
            console.print("  [green]author[/green]  " + escape(", ".join(theirs)), highlight=False)
        for item in items:
            console.print(f"  [cyan]{escape(str(item.get('value')))}[/cyan] — {escape(item.get('why', ''))}", highlight=False)
            for s, e in item.get("evidence", [])[:3]:
                console.print("      " + _snip(text[s:e], 110), style="dim", highlight=False)


def print_check(path: str, text: str, diagnostics: list[Diagnostic], at: Callable[[int], tuple[int, int]],
                console: Console) -> None:
    """ruff-style lines, then a count by rule."""
    style = {"error": "red", "warning": "yellow", "info": "blue"}
    for d in diagnostics:
        line, col = at(d.start)
        fix = f" [dim](fix: {escape(repr(d.fix))})[/dim]" if d.fix is not None else ""
        console.print(f"{escape(path)}:{line}:{col}: [{style[d.severity]}]{d.code}[/] {escape(d.message)}{fix}",
                      soft_wrap=True)
    counts = Counter((d.code, d.severity) for d in diagnostics)
    if not counts:
        console.print("All clear: no findings.")
        return
    console.print()
    for (code, severity), n in sorted(counts.items()):
        console.print(f"{n:5d}  {code}  {severity}")
    by = Counter(d.severity for d in diagnostics)
    console.print(f"Found {len(diagnostics)}: " + ", ".join(f"{by[s]} {s}" for s in ("error", "warning", "info") if by[s]))


def print_rules(rules: dict[str, Rule], code: str | None, console: Console) -> None:
    """The rule table, or one rule in full; a preview rule says so."""
    if code:
        r = rules[code]
        preview = ", preview" if r.lifecycle == "preview" else ""
        console.print(f"[bold]{r.code}[/bold] {r.name} ({r.family}, {r.severity}{', safe fix' if r.safe_fix else ''}{preview})")
        console.print(escape(r.summary))
        console.print(f"\n[bold]Why[/bold]\n{escape(r.rationale)}")
        console.print(f"\n[bold]Bad[/bold]\n  {escape(r.bad)}\n[bold]Good[/bold]\n  {escape(r.good)}")
        return
    t = Table(title="fabula rules", title_justify="left")
    for col in ("code", "name", "family", "severity", "fix", "what"):
        t.add_column(col)
    for c in sorted(rules):
        r = rules[c]
        severity = f"{r.severity} (preview)" if r.lifecycle == "preview" else r.severity
        t.add_row(r.code, r.name, r.family, severity, "safe" if r.safe_fix else "", escape(r.summary))
    console.print(t)
