"""Plain text: the decoded file is the story's text, unchanged; blocks are runs of lines."""

from __future__ import annotations

import re

from fabula.model import Block, Document

# A run of lines each holding something other than white space.
_BLOCK = re.compile(r"[^\S\n]*\S[^\n]*(?:\n[^\S\n]*\S[^\n]*)*")


def text_blocks(text: str, start: int = 0, end: int | None = None) -> list[Block]:
    """Paragraph blocks of ``text[start:end]``, with the blank lines before each as ``gap``."""
    end = len(text) if end is None else end
    blocks: list[Block] = []
    prev = start
    for m in _BLOCK.finditer(text, start, end):
        s, e = m.start(), m.end()
        # trim leading/trailing white space (incl. \r) but keep offsets into the text
        while s < e and text[s] in " \t\r\f\v\u00a0\ufeff":
            s += 1
        while e > s and text[e - 1] in " \t\r\f\v\u00a0":
            e -= 1
        gap = max(text.count("\n", prev, m.start()) - 1, 0) if blocks else 0
        blocks.append(Block(s, e, "para", gap))
        prev = m.end()
    return blocks


def read_text(text: str, encoding: str, path: str | None) -> Document:
    return Document(text=text, format="text", encoding=encoding, path=path, blocks=text_blocks(text))
