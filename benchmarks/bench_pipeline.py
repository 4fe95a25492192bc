"""Speed: words/s and peak memory, segmentation+quotes alone (text, a 150k-word AO3 HTML download and
EPUB made from the same novel) and the full pipeline.

    python benchmarks/bench_pipeline.py --shared ../shared [--novel OliverTwist]

Also times a bare spaCy ``nlp.pipe`` over the same paragraphs in the same process, so the
ratio of fabula's whole run to the parse alone is reported (the NER layer samples long
books, so fabula can be faster than one full parse).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc
from pathlib import Path

import fabula

ROOT = Path(__file__).resolve().parents[1]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _chapters(text: str, words: int = 150_000) -> list[tuple[str, list[str]]]:
    """The novel's first ``words`` words as (heading, paragraphs) chapters of about 5,000 words."""
    paras = [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]
    chapters: list[tuple[str, list[str]]] = []
    count = 0
    for para in paras:
        if not chapters or sum(len(p.split()) for p in chapters[-1][1]) > 5000:
            chapters.append((f"Chapter {len(chapters) + 1}", []))
        chapters[-1][1].append(para)
        count += len(para.split())
        if count >= words:
            break
    return chapters


def ao3_html(chapters: list[tuple[str, list[str]]]) -> bytes:
    """An AO3 download (otwarchive's layout) of the chapters."""
    import html

    body = "".join(
        f'<div class="meta group"><h2 class="heading">{h}</h2><p>Chapter Notes</p><blockquote class="userstuff">'
        f'<p>Thanks for reading chapter {i}!</p></blockquote></div><div class="userstuff">'
        + "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in ps) + "</div>"
        for i, (h, ps) in enumerate(chapters, start=1))
    return ('<!DOCTYPE html><html><head><meta charset="utf-8"/><title>Bench</title></head><body>'
            '<div id="preface"><div class="meta"><dl class="tags"><dt>Rating:</dt><dd><a href="#">General Audiences</a></dd>'
            '<dt>Stats:</dt><dd>Words: 150,000</dd></dl><h1>Bench</h1><div class="byline">by <a rel="author" href="#">fabula</a>'
            '</div><p>Summary</p><blockquote class="userstuff"><p>A long book.</p></blockquote></div></div>'
            f'<div id="chapters" class="userstuff">{body}</div></body></html>').encode()


def epub_book(chapters: list[tuple[str, list[str]]]) -> bytes:
    import html
    import io

    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier("fabula-bench")
    book.set_title("Bench")
    book.set_language("en")
    items = []
    for i, (h, ps) in enumerate(chapters, start=1):
        item = epub.EpubHtml(title=h, file_name=f"c{i}.xhtml", lang="en")
        item.content = f"<html><body><h2>{h}</h2>" + "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in ps) + "</body></html>"
        book.add_item(item)
        items.append(item)
    book.toc = items
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = items
    buf = io.BytesIO()
    epub.write_epub(buf, book)
    return buf.getvalue()


def formatted(text: str) -> list[tuple[str, bytes, str]]:
    chapters = _chapters(text)
    return [("AO3 HTML 150k", ao3_html(chapters), "bench.html"), ("EPUB 150k", epub_book(chapters), "bench.epub")]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--novel", default="OliverTwist")
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    path = Path(a.shared) / "eval" / "pdnc-dev" / a.novel / "novel_text.txt"
    if not path.exists():
        path = ROOT / "examples" / "the-last-ferry.txt"
        print(f"(no PDNC novel found; benchmarking {path.name})")
    text = path.read_text(encoding="utf-8")
    words = len(text.split())
    # 1. segmentation + quotes, no NLP
    best = float("inf")
    for _ in range(a.repeat):
        t = time.perf_counter()
        story = fabula.read(path, until="quotes")
        best = min(best, time.perf_counter() - t)
    tracemalloc.start()
    fabula.read(path, until="quotes")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{path.parent.name or path.name}: {words:,} words")
    print(f"segment+quotes  {best:6.3f} s  {words / best:>12,.0f} words/s  peak traced {peak / 2**20:6.1f} MiB  "
          f"({len(story.scenes)} scenes, {len(story.quotes)} quotes)")
    # 1b. the same on every dev novel
    for other in sorted(path.parent.parent.glob("*/novel_text.txt")) if path.name == "novel_text.txt" else []:
        w = len(other.read_text(encoding="utf-8").split())
        t_best = float("inf")
        for _ in range(a.repeat):
            t = time.perf_counter()
            fabula.read(other, until="quotes")
            t_best = min(t_best, time.perf_counter() - t)
        print(f"  segment+quotes {other.parent.name:30s} {w:>8,} words {w / t_best:>12,.0f} words/s")
    # 1c. the same novel as a 150k-word AO3 HTML download and as an EPUB: ingest through quotes
    for label, data, name in formatted(text):
        t_best = float("inf")
        for _ in range(a.repeat):
            t = time.perf_counter()
            st = fabula.read(data, name=name, until="quotes")
            t_best = min(t_best, time.perf_counter() - t)
        w = st.work.words
        print(f"{label:15s} {t_best:6.3f} s  {w / t_best:>12,.0f} words/s  ({w:,} story words, {len(st.chapters)} chapters, "
              f"{len(st.scenes)} scenes, {len(st.quotes)} quotes, {len(data) / 2**20:.1f} MiB)")
    # 2. full pipeline, model loaded first
    from fabula.characters.nlp import load_model

    t = time.perf_counter()
    nlp = load_model()
    load = time.perf_counter() - t
    t = time.perf_counter()
    story = fabula.read(path)
    full = time.perf_counter() - t
    print(f"full pipeline   {full:6.3f} s  {words / full:>12,.0f} words/s  (model load {load:.2f} s excluded)  "
          f"{len(story.characters)} characters; peak RSS {peak_rss_mb():,.0f} MiB")
    print("  by pass: " + ", ".join(f"{k} {v:.2f}s" for k, v in story.timings.items()))
    narrative = story.timings.get("narrative", 0.0)
    print(f"  the narrative pass (POV, time, head-hops) adds {narrative / (full - narrative):.1%} to the rest of the read")
    # 3. bare spaCy parse of the same paragraphs
    paras = [p for p in text.split("\n\n") if p.strip()]
    t = time.perf_counter()
    for _ in nlp.pipe(paras, batch_size=128):
        pass
    bare = time.perf_counter() - t
    print(f"bare nlp.pipe   {bare:6.3f} s  {words / bare:>12,.0f} words/s  → fabula/spaCy time ratio {full / bare:.2f}")
    # 4. a one-shot, as a writer runs it
    fic = ROOT / "examples" / "the-last-ferry.txt"
    t = time.perf_counter()
    fabula.read(fic)
    print(f"one-shot example ({len(fic.read_text().split())} words): {time.perf_counter() - t:.3f} s after model load")
    return 0


if __name__ == "__main__":
    sys.exit(main())
