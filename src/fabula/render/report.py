"""The HTML report: one self-contained file (no network, no CDN) a writer or reader opens in a
browser — the story with speakers colour-coded, notes and lyrics set apart, scene breaks shown;
a cast panel; a conversation network, a dialogue-share chart and an emotional arc as inline SVG;
a timeline strip; the suggested tags with their evidence; the beta read's diagnostics inline.

Everything here is computed from the annotated story (renderers only render); the charts are
plain SVG strings so the file works offline and prints.
"""

from __future__ import annotations

import bisect
import html
import math
from collections import Counter
from pathlib import Path
from typing import Any

from fabula import __version__
from fabula.model import Diagnostic, Story
from fabula.render.ao3 import BACK, FRONT, note_spans
from fabula.render.markup import Span, block_text, index_marks, inline_html, parts
from fabula.segment.spans import SpanIndex

PALETTE = ["#d1495b", "#00798c", "#edae49", "#6a4c93", "#30638e", "#8d6a9f", "#3f8f29", "#c8553d", "#2e86ab",
           "#b5838d", "#7d8491", "#e07a5f"]
TEMPLATES = Path(__file__).parent / "templates"


def colours(story: Story) -> dict[str, str]:
    return {c.id: PALETTE[i % len(PALETTE)] for i, c in enumerate(story.cast_by_presence())}


def _network_svg(story: Story, col: dict[str, str], names: dict[str, str]) -> str:
    talk = story.conversations
    weight: Counter[str] = Counter()
    for (a, b), n in talk.items():
        weight[a] += n
        weight[b] += n
    nodes = [c for c, _ in weight.most_common(8)]
    if len(nodes) < 2:
        return '<p class="empty">Not enough conversation to draw.</p>'
    w, h, r = 460, 320, 100
    pos = {c: (w / 2 + r * math.cos(2 * math.pi * i / len(nodes) - math.pi / 2),
               h / 2 + r * math.sin(2 * math.pi * i / len(nodes) - math.pi / 2)) for i, c in enumerate(nodes)}
    top = max(talk.values())
    edges = []
    for (a, b), n in sorted(talk.items(), key=lambda kv: kv[1]):
        if a in pos and b in pos:
            (x1, y1), (x2, y2) = pos[a], pos[b]
            edges.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#889" '
                         f'stroke-opacity="0.55" stroke-width="{1 + 9 * n / top:.1f}"><title>{html.escape(names[a])} '
                         f'– {html.escape(names[b])}: {n} exchanges</title></line>')
    circles = []
    big = max(weight[c] for c in nodes)
    for c in nodes:
        x, y = pos[c]
        rad = 8 + 14 * math.sqrt(weight[c] / big)
        anchor = "start" if x > w / 2 + 5 else "end" if x < w / 2 - 5 else "middle"
        dx = rad + 4 if anchor == "start" else -(rad + 4) if anchor == "end" else 0
        dy = -rad - 4 if anchor == "middle" and y < h / 2 else rad + 14 if anchor == "middle" else 4
        circles.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{rad:.1f}" fill="{col.get(c, "#999")}"><title>'
                       f'{html.escape(names[c])}</title></circle><text x="{x + dx:.1f}" y="{y + dy:.1f}" '
                       f'text-anchor="{anchor}">{html.escape(names[c])}</text>')
    return (f'<svg viewBox="0 0 {w} {h}" role="img" aria-label="Conversation network" class="chart">'
            + "".join(edges) + "".join(circles) + "</svg>")


def _share_svg(story: Story, col: dict[str, str], names: dict[str, str]) -> str:
    lines = Counter(q.speaker for q in story.quotes if q.kind == "dialogue" and q.speaker)
    total = sum(1 for q in story.quotes if q.kind == "dialogue")
    top = lines.most_common(8)
    if not top:
        return '<p class="empty">No attributed dialogue.</p>'
    bar_h, gap, label_w, w = 22, 8, 150, 420
    h = len(top) * (bar_h + gap) + gap
    out = []
    for i, (c, n) in enumerate(top):
        y = gap + i * (bar_h + gap)
        share = n / max(total, 1)
        bw = (w - label_w - 60) * n / top[0][1]
        out.append(f'<text x="{label_w - 6}" y="{y + 16}" text-anchor="end">{html.escape(names.get(c or "", "?")[:22])}</text>'
                   f'<rect x="{label_w}" y="{y}" width="{bw:.1f}" height="{bar_h}" rx="3" fill="{col.get(c or "", "#999")}">'
                   f'<title>{n} line{"s" if n != 1 else ""}</title></rect><text x="{label_w + bw + 6:.1f}" y="{y + 16}">{share:.0%}</text>')
    return f'<svg viewBox="0 0 {w} {h}" role="img" aria-label="Dialogue share" class="chart">' + "".join(out) + "</svg>"


def _arc_svg(story: Story) -> str:
    arc = story.arc  # the arc pass's
    if arc is None or len(arc.sentences) < 3:
        return '<p class="empty">Too short for an arc.</p>'
    values = [v for _s, _e, v in arc.sentences]
    bins = max(3, min(24, len(values) // 3))
    size = len(values) / bins
    raw = [values[int(i * size):int((i + 1) * size)] or [0.0] for i in range(bins)]
    binned = [sum(b) / len(b) for b in raw]
    # a three-bin moving average: the arc's shape, not each sentence's mood
    means = [sum(binned[max(0, i - 1):i + 2]) / len(binned[max(0, i - 1):i + 2]) for i in range(bins)]
    w, h, pad = 420, 180, 24
    xs = [pad + (w - 2 * pad) * i / (bins - 1) for i in range(bins)]
    ys = [h / 2 - (h / 2 - pad) * max(-1.0, min(1.0, m * 2)) for m in means]
    pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys, strict=True))
    first, last = arc.sentences[0][0], arc.sentences[-1][0]
    marks = []
    for s in story.scenes[1:]:
        frac = (s.start - first) / max(last - first, 1)
        if 0 < frac < 1:
            x = pad + (w - 2 * pad) * frac
            marks.append(f'<line x1="{x:.1f}" y1="{pad / 2}" x2="{x:.1f}" y2="{h - pad / 2}" stroke="#bbb" stroke-dasharray="3 3">'
                         f'<title>scene {s.n}</title></line>')
    return (f'<svg viewBox="0 0 {w} {h}" role="img" aria-label="Emotional arc" class="chart">'
            f'<line x1="{pad}" y1="{h / 2}" x2="{w - pad}" y2="{h / 2}" stroke="#ccc"/>' + "".join(marks)
            + f'<polyline points="{pts}" fill="none" stroke="#d1495b" stroke-width="2.5"/>'
            f'<text x="{pad}" y="{pad - 8}" class="axis">brighter</text><text x="{pad}" y="{h - 6}" class="axis">darker</text>'
            "</svg>")


NOTE_LABELS = {"author_note": "Author's note", "disclaimer": "Disclaimer", "credit": "Credit",
               "chapter_note": "Chapter note", "dedication": "Dedication", "end_note": "End note",
               "review_reply": "Review reply"}


def _notes(story: Story, kinds: tuple[str, ...]) -> list[dict[str, str]]:
    """Each note with the label of its own kind (a disclaimer is not an author's note), as ``read`` names it."""
    kind_of = {(p.start, p.end): p.kind for p in reversed(story.paratext)}
    return [{"label": NOTE_LABELS.get(kind_of.get((s, e), ""), "Note"), "html": inline_html(story, s, e, line_breaks=True)}
            for s, e in note_spans(story, kinds)]


def _reader_spans(story: Story, names: dict[str, str]) -> tuple[list[Span], SpanIndex]:
    """The spans the reader marks — quotes coloured by speaker, the beta read's warnings — in
    order, with an index: each paragraph gets only the spans over it (passing all of them made
    the report quadratic)."""
    spans = []
    for q in story.quotes:
        if q.kind not in ("dialogue", "thought"):
            continue
        who = names.get(q.speaker or "", "unknown speaker")
        how = f"{who} ({q.attribution or 'unattributed'}, {q.confidence or 0:.2f})"
        cls = f"q {q.speaker}" if q.speaker else "q unknown"
        spans.append(Span(q.start, q.end, f'<span class="{cls}" title="{html.escape(how)}">', "</span>", 0))
    for d in _shown(story):
        spans.append(Span(d.start, d.end, f'<mark class="diag {d.severity}" title="{html.escape(d.code + ": " + d.message)}">',
                          "</mark>", 5))
    spans.sort(key=lambda sp: (sp.start, sp.end))
    return spans, SpanIndex([(sp.start, sp.end) for sp in spans])


def _reader(story: Story, names: dict[str, str], marked: tuple[list[Span], SpanIndex],
            start: int = 0, end: int | None = None) -> list[dict[str, Any]]:
    """The story proper (or its parts that begin in text[start:end]) as rows the template
    writes: paragraphs with quote spans coloured."""
    spans, index = marked
    rows: list[dict[str, Any]] = []
    scene_of = {s.n: s for s in story.scenes}
    for part in parts(story, start, end):
        if part.kind == "heading":
            rows.append({"kind": "heading", "html": html.escape(block_text(story, part.start, part.end))})
        elif part.kind == "break":
            s = scene_of.get(part.scene or 0)
            label = f"scene {part.scene}" + (f" · {s.time}" if s else "") + (f" · POV {names.get(s.pov or '', '?')}" if s and s.pov else "")
            rows.append({"kind": "break", "html": html.escape(label)})
        elif part.kind == "verse":
            rows.append({"kind": "verse", "html": inline_html(story, part.start, part.end, line_breaks=True)})
        elif part.kind == "marker":
            rows.append({"kind": "marker", "html": html.escape(block_text(story, part.start, part.end).strip("*_~ "))})
        else:
            over = [spans[i] for i in index.overlapping_indices(part.start, part.end)]
            rows.append({"kind": "para", "html": inline_html(story, part.start, part.end, over)})
    return rows


def _reader_markup(story: Story, names: dict[str, str]) -> str:
    """The reader's HTML. Most of a book's report is this, row by row, and a row does not depend
    on the rows before it (:func:`fabula.render.markup.parts` takes up the scene where it
    starts): on a big story with a second core (:func:`fabula.runtime.forked.wanted`) a forked
    child writes the rows of the second half of the text while this process writes the first
    (a child that fails leaves its half to this process: the same rows either way)."""
    from fabula.runtime import forked  # here: only a big story's report forks

    marked = _reader_spans(story, names)
    cut = _halfway(story) if forked.wanted(story.work.words) else None
    if cut is None:
        return _reader_html(_reader(story, names, marked))
    index_marks(story)  # once, before the fork

    def second_half() -> str:
        return _reader_html(_reader(story, names, marked, cut))

    child = forked.Forked(second_half)
    mine = _reader_html(_reader(story, names, marked, 0, cut))
    ok, theirs = child.result()
    return mine + (theirs if ok and isinstance(theirs, str) else second_half())


def _halfway(story: Story) -> int | None:
    """Where to cut the reader in two: the start of the first story block past the middle of the
    text that is not inside a verse block (a verse block is written whole: past it if need be).
    None where there is no such block."""
    blocks = story.story_blocks
    starts = [b.start for b in blocks]
    verse = SpanIndex([(v.start, v.end) for v in story.verse])
    i = bisect.bisect_left(starts, len(story.text) // 2)
    while 0 < i < len(blocks):
        pos = blocks[i].start
        inside = [e for s, e in verse.overlapping(pos, pos + 1) if s < pos]
        if not inside:
            return pos
        i = bisect.bisect_left(starts, max(inside))
    return None


# how each row of the reader is written (a novel has tens of thousands: joined here, not looped over in
# the template, whose per-row lookups cost as much as the rows' own HTML)
_ROW = {"para": "<p>{}</p>\n        ", "verse": '<p class="verse">{}</p>\n        ',
        "marker": '<p class="marker">{}</p>\n        ', "heading": '<h3 class="heading">{}</h3>\n        '}
_BREAK_ROW = '<div class="break" role="separator">{}</div>'


def _reader_html(rows: list[dict[str, Any]]) -> str:
    """The reader's rows as HTML, each on its own line."""
    return "".join("\n        " + _ROW.get(r["kind"], _BREAK_ROW).format(r["html"]) + "\n      " for r in rows)


def _shown(story: Story) -> list[Diagnostic]:
    """The beta read's warnings and errors (its style notes would drown the story)."""
    return [d for d in story.diagnostics if d.severity != "info"]


def report_html(story: Story) -> str:
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    names = {c.id: c.name for c in story.characters}
    col = colours(story)
    first_seen: dict[str, int] = {}
    for m in sorted(story.mentions, key=lambda m: m.start):
        if m.character:
            first_seen.setdefault(m.character, m.start)
    for q in story.quotes:
        if q.speaker:
            first_seen[q.speaker] = min(first_seen.get(q.speaker, q.start), q.start)
    total = max(len(story.text), 1)
    cast = [{"id": c.id, "name": c.name, "aliases": [a for a in c.aliases if a != c.name], "epithets": c.epithets,
             "gender": c.gender, "lines": c.lines, "mentions": c.mentions, "colour": col[c.id], "unnamed": c.unnamed,
             "first": f"{first_seen.get(c.id, 0) / total:.0%}"}
            for c in story.cast_by_presence()]
    tags = []
    text = story.text
    own = (story.tags or {}).get("declared") or {}
    for key, label in (("rating", "Rating"), ("warnings", "Archive warnings"), ("categories", "Category"),
                       ("relationships", "Relationships"), ("characters", "Characters"), ("freeform", "Additional tags")):
        items = story.tags.get(key) if story.tags else None
        items = [items] if isinstance(items, dict) else items or []
        theirs = own.get(key)
        tags.append({"label": label, "declared": [theirs] if isinstance(theirs, str) else list(theirs or []), "items": [
            {"value": i.get("value"), "why": i.get("why", ""),
             "evidence": [" ".join(text[s:e].split())[:220] for s, e in i.get("evidence", [])]} for i in items]})
    timeline = [{"n": s.n, "time": s.time, "order": s.fabula_order, "pov": names.get(s.pov or "", ""),
                 "width": max(2.0, 100 * (s.end - s.start) / total), "hops": len(s.head_hops),
                 "why": " · ".join([*s.time_cues, *s.pov_cues]), "time_cues": s.time_cues, "pov_cues": s.pov_cues}
                for s in story.scenes]
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]))
    tpl = env.get_template("report.html.j2")
    w = story.work
    return tpl.render(
        title=w.title or (block_text(story, *story.title_span) if story.title_span else (story.doc.path or "Story")),
        work=w, version=__version__, cast=cast, colours=col, reader=_reader_markup(story, names),
        notes=_notes(story, FRONT), end_notes=_notes(story, BACK),
        network=_network_svg(story, col, names), share=_share_svg(story, col, names), arc=_arc_svg(story),
        tags=tags, timeline=timeline, diagnostics=[d.to_dict() for d in _shown(story)],
        quotes=sum(1 for q in story.quotes if q.kind == "dialogue"), warnings=story.warnings,
    )
