"""Hostile input shapes, sized by the words of ordinary prose they weigh as much as.

Each shape is a function ``n -> (bytes, file name)`` giving about ``6 * n`` bytes (the weight of
``n`` words of English prose), so one size axis serves ordinary prose and every attack.
``tests/test_hostile.py`` runs them small, ``benchmarks/bench_scaling.py`` large.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "the-last-ferry.txt"
BYTES_PER_WORD = 6

Shape = Callable[[int], tuple[bytes, str]]


def _story_body() -> str:
    """The bundled example without its notes: a scene of dialogue and narration."""
    text = EXAMPLE.read_text(encoding="utf-8")
    start = text.index("The Last Ferry") + len("The Last Ferry")
    end = text.rindex("Thanks for reading")
    return text[start:end].strip()


def prose(n: int) -> tuple[bytes, str]:
    """Ordinary prose: the example's story in chapters, as long as asked."""
    body = _story_body()
    words = len(body.split())
    parts, k = [], 0
    while k * words < n:
        k += 1
        parts.append(f"Chapter {k}\n\n{body}\n")
    return "\n".join(parts).encode(), "prose.txt"


def prose_single_newlines(n: int) -> tuple[bytes, str]:
    """The same prose pasted with single newlines: the whole story is one block of lines."""
    data, _ = prose(n)
    return data.replace(b"\n\n", b"\n"), "prose-lines.txt"


def emoji_line(n: int) -> tuple[bytes, str]:
    """Emoji on one line, no spaces (4 bytes each in UTF-8)."""
    cycle = "😀😂🥲😍🤔🙃🔥✨💀👀"
    k = n * BYTES_PER_WORD // 4
    return (cycle * (k // len(cycle) + 1))[:k].encode(), "emoji.txt"


def one_word_repeated(n: int) -> tuple[bytes, str]:
    """One capitalised word repeated in one paragraph."""
    return ("Xyzzy " * n).encode(), "xyzzy.txt"


def one_long_word(n: int) -> tuple[bytes, str]:
    """A speech tag and then one word as long as the rest of the file."""
    return ("He said " + "a" * (n * BYTES_PER_WORD)).encode(), "longword.txt"


def sentence_without_stop(n: int) -> tuple[bytes, str]:
    """One sentence of ordinary words, some of them sentiment words, and no full stop."""
    words = "the tide came in and she smiled and the storm was terrible and he laughed and they were happy".split()
    return " ".join(words[i % len(words)] for i in range(n)).encode(), "nostop.txt"


def straight_quotes(n: int) -> tuple[bytes, str]:
    """Nothing but straight double quotation marks."""
    return b'"' * (n * BYTES_PER_WORD), "quotes.txt"


def curly_openers(n: int) -> tuple[bytes, str]:
    """Curly opening quotes in a row (3 bytes each), none closed."""
    return ("\u201c" * (n * BYTES_PER_WORD // 3)).encode(), "openers.txt"


def many_chapters(n: int) -> tuple[bytes, str]:
    """Short chapters: a heading and one line each (about 4 words a chapter)."""
    k = max(n // 4, 1)
    return "".join(f"Chapter {i}\n\nShe waited.\n\n" for i in range(1, k + 1)).encode(), "chapters.txt"


def italic_paragraphs(n: int) -> tuple[bytes, str]:
    """A Markdown draft of short paragraphs, each with a word in italics (about 8 words each)."""
    k = max(n // 8, 1)
    return "".join(f"She waited for *the* ferry number {i}.\n\n" for i in range(k)).encode(), "italics.md"


def em_spaces(n: int) -> tuple[bytes, str]:
    """A sentence, a long run of U+2003 EM SPACE, another sentence."""
    k = n * BYTES_PER_WORD // 3
    return ("She waited." + "\u2003" * k + "Then the ferry came.").encode(), "emspace.txt"


def _nested(tag: str, close: bool) -> Shape:
    def shape(n: int) -> tuple[bytes, str]:
        depth = n * BYTES_PER_WORD // (2 * len(tag) + 5 if close else len(tag) + 2)
        inner = "<p>She waited by the water.</p>"
        html = f"<html><body>{f'<{tag}>' * depth}{inner}{f'</{tag}>' * depth if close else ''}</body></html>"
        return html.encode(), f"nested-{tag}{'' if close else '-unclosed'}.html"

    shape.__name__ = f"nested_{tag}{'' if close else '_unclosed'}"
    shape.__doc__ = f"HTML nested ``<{tag}>`` deep{'' if close else ', never closed'}."
    return shape


nested_div = _nested("div", True)
nested_em = _nested("em", True)
nested_span = _nested("span", True)
nested_div_unclosed = _nested("div", False)

SHAPES: dict[str, Shape] = {
    "prose": prose,
    "prose-single-newlines": prose_single_newlines,
    "emoji-line": emoji_line,
    "one-word-repeated": one_word_repeated,
    "one-long-word": one_long_word,
    "sentence-without-stop": sentence_without_stop,
    "straight-quotes": straight_quotes,
    "curly-openers": curly_openers,
    "many-chapters": many_chapters,
    "italic-paragraphs": italic_paragraphs,
    "em-spaces": em_spaces,
    "nested-div": nested_div,
    "nested-em": nested_em,
    "nested-span": nested_span,
    "nested-div-unclosed": nested_div_unclosed,
}

# A 381-byte front matter whose aliases expand nine-fold per level ("billion laughs").
YAML_ALIAS_BOMB = (
    "---\n"
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
    "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
    "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
    "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n"
    "tags: *i\n"
    "---\n\n# One\n\nShe waited by the water.\n"
)


# --- running shapes in a child process with limits -------------------------------------------------

def _commands(data: bytes, name: str, commands: tuple[str, ...]) -> str:
    """Every asked command over one input, as the command line runs them; 'ok' or 'refused: …'."""
    import fabula
    from fabula.beta.engine import apply_fixes, check_story
    from fabula.render.ao3 import ao3_post
    from fabula.render.epub import story_epub
    from fabula.render.report import report_html
    from fabula.render.terminal import print_summary, print_timeline

    try:
        story = fabula.read(data, name=name, max_bytes=64 * 2**20)
    except fabula.FabulaError as exc:
        return f"refused: {exc}"
    if "check" in commands:
        diagnostics = check_story(story)
        apply_fixes(story.text, diagnostics)
    if "report" in commands:
        story.diagnostics = [d for d in check_story(story) if d.severity != "info"]
        report_html(story)
    if "epub" in commands:
        story_epub(story)
    if "ao3" in commands:
        ao3_post(story)
    if "summary" in commands:
        import io

        from rich.console import Console

        print_summary(story, Console(file=io.StringIO(), width=120))
        print_timeline(story, Console(file=io.StringIO(), width=120))
    story.to_dict(include_text=True)
    return "ok"


def child_main(argv: list[str]) -> None:
    """``python -c 'from tests.hostile_shapes import child_main; child_main(…)'``: JSON lines, one per run.

    argv: commands (comma-separated), then shape:words pairs. Address space is capped at
    ``FABULA_TEST_MAX_AS_MIB`` (a runaway allocation fails here rather than taking the machine).
    NER runs in this process (a read's config says so: spaCy's worker processes would hide
    their memory from the peak read here)."""
    import os
    import resource

    limit = int(os.environ.get("FABULA_TEST_MAX_AS_MIB", "0"))
    if limit:
        resource.setrlimit(resource.RLIMIT_AS, (limit * 2**20, limit * 2**20))
    from fabula.characters import nlp
    from fabula.config import Config, using

    nlp.load_model()
    commands = tuple(argv[0].split(","))
    with using(Config(ner_processes=1)):  # NER in this process: its peak memory is the whole cost
        _commands(EXAMPLE.read_bytes(), "warm.txt", commands)  # imports and first-use caches, not timed
        for item in argv[1:]:
            _run_one(item, commands)


def _cpu_seconds() -> float:
    """CPU time of this process, all its threads, user and system: the work done, which another
    program on a loaded machine delays but does not add to, as it adds to the wall clock. Child
    processes it waited for count too, so no work hides in one."""
    import resource

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _run_one(item: str, commands: tuple[str, ...]) -> None:
    """One ``shape:words`` run, timed (wall clock and CPU), its peak memory read from the kernel: one JSON line."""
    import json
    import resource
    import time

    shape, n = item.rsplit(":", 1)
    data, name = SHAPES[shape](int(n))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t0, c0 = time.perf_counter(), _cpu_seconds()
    try:
        outcome = _commands(data, name, commands)
    except BaseException as exc:  # reported, not raised: the parent asserts
        outcome = f"{type(exc).__name__}: {str(exc)[:200]}"
    seconds, cpu_seconds = time.perf_counter() - t0, _cpu_seconds() - c0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"shape": shape, "words": int(n), "bytes": len(data), "seconds": seconds,
                      "cpu_seconds": cpu_seconds, "peak_mib": peak, "before_mib": before, "outcome": outcome}), flush=True)
