"""Markdown drafts: YAML front matter, ``#`` headings, ``*italics*`` and ``**bold**``.

The text is the file itself (offsets index the file); markup is recorded, not removed:
headings become heading blocks, emphasis becomes marks, front matter becomes metadata.
"""

from __future__ import annotations

import re
from typing import Any

from fabula.ingest.metadata import apply_label
from fabula.ingest.text import text_blocks
from fabula.model import Block, Document, Mark, Region, Work

_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$", re.M)
_BOLD = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", re.S)
_ITALIC = re.compile(r"(?<![*\w])(\*|_)(?=[^\s*])(.+?)(?<=[^\s*])\1(?![*\w])", re.S)


def _front_matter(text: str, doc: Document) -> int:
    m = _FRONT.match(text)
    if not m:
        return 0
    import yaml  # only when the draft has front matter: spared on most runs

    data: Any
    try:
        if _has_alias(m.group(1)):
            doc.warnings.append("front matter uses YAML aliases (*name), which fabula does not expand: its fields are "
                                "not read")
            data = {}
        else:
            data = yaml.safe_load(m.group(1)) or {}
    except yaml.YAMLError as exc:
        doc.warnings.append(f"front matter is not valid YAML, read as text: {str(exc).splitlines()[0]}")
        data = {}
    if isinstance(data, dict):
        _apply(doc.work, data)
    doc.regions.append(Region("paratext", 0, m.end(), "metadata"))
    return m.end()


def _has_alias(source: str) -> bool:
    """Does the YAML use an alias? Read as a stream of parser events, before anything is built:
    aliases nested nine deep ("billion laughs") turn 381 bytes into gigabytes when the fields are
    read as text, and a story's front matter has no need of them."""
    import yaml

    return any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(source, Loader=yaml.SafeLoader))


def _apply(work: Work, data: dict[object, object]) -> None:
    for key, value in data.items():
        label = str(key).replace("_", " ")
        if isinstance(value, list):
            items = [str(v) for v in value]
            if label.lower() in ("categories", "category"):
                work.categories = items
            else:
                apply_label(work, label, ", ".join(items), items)
        elif value is not None:
            if label.lower() in ("categories", "category"):
                work.categories = [str(value)]
            elif label.lower() in ("fandom", "fandoms"):
                work.fandoms = [str(value)]
            elif label.lower() in ("warnings", "warning", "archive warnings"):
                work.warnings = [str(value)]
            else:
                apply_label(work, label, str(value))


def read_markdown(text: str, encoding: str, path: str | None) -> Document:
    doc = Document(text=text, format="markdown", encoding=encoding, path=path, blocks=[])
    body = _front_matter(text, doc)
    blocks: list[Block] = []
    for blk in text_blocks(text, body):
        # A heading line is a block of its own even without blank lines around it.
        pos = blk.start
        for hm in _HEADING.finditer(text, blk.start, blk.end):
            if hm.start() > pos:
                blocks.extend(text_blocks(text, pos, hm.start()))
            blocks.append(Block(hm.start(), hm.end(), "heading", blk.gap if hm.start() == blk.start else 0, len(hm.group(1))))
            pos = hm.end()
        if pos < blk.end:
            rest = text_blocks(text, pos, blk.end)
            if rest and pos == blk.start:
                rest[0] = Block(rest[0].start, rest[0].end, "para", blk.gap)
            blocks.extend(rest)
    doc.blocks = blocks
    for m in _BOLD.finditer(text, body):
        doc.marks.append(Mark(m.start(), m.end(), "bold"))
    for m in _ITALIC.finditer(text, body):
        if "\n\n" not in m.group(0):
            doc.marks.append(Mark(m.start(), m.end(), "italic"))
    doc.marks.sort(key=lambda mk: (mk.start, mk.end))
    return doc
