"""Chat messages: who sends each line of a chatfic's ``Name: message`` blocks.

The verse pass sets chat and text-message blocks apart (kind ``message``); their lines are not
quotes, but each names its sender, and the senders are the people of the story — in a
chatfic often known by nothing else (narration may never name them in a way NER sees). The
characters pass takes the senders as names the story declares, and the speakers pass takes each
line as a mention of its sender, there: the quoted talk after a chat is between its senders.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from fabula.model import Block, Verse

#: a chat line: a name (one or two words) and a colon, then the message
_SENDER = re.compile(r"(?m)^[ \t]*[*_>]*[ \t]*(?P<name>[^\W\d_][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*)?)[*_]*[ \t]*:[ \t]*\S")


def chat_lines(text: str, verse: list[Verse]) -> list[tuple[int, str]]:
    """(where, sender) of every line of the message blocks, the sender as the story writes the
    name elsewhere when the chat handle is lower case ("thandi:" for Thandi)."""
    out: list[tuple[int, str]] = []
    cased: dict[str, str] = {}
    for v in verse:
        if v.kind != "message":
            continue
        for m in _SENDER.finditer(text, v.start, v.end):
            name = m.group("name")
            if name[0].islower():
                if name not in cased:
                    found = re.search(rf"\b{re.escape(name[:1].upper() + name[1:])}\b", text)
                    cased[name] = found.group(0) if found else name
                name = cased[name]
            out.append((m.start("name"), name))
    return out


def chat_senders(text: str, verse: list[Verse]) -> list[str]:
    """Everyone who sends a chat line, once each, capitalised as the story writes them."""
    return sorted({name for _pos, name in chat_lines(text, verse) if name[0].isupper()})


# a chat line: "Name: message", "[23:14] thandi: hey", "**Zofia:** ok" (the sender one or two words,
# capitalised or, as chat handles often are, not)
CHAT_LINE = re.compile(r"^\s*(?:\[[^\]\n]{1,20}\]\s*|\(?\d{1,2}[:.]\d\d(?:\s*[ap]\.?m\.?)?\)?\s*[-–—]?\s*)?[*_]*"
                       r"(?P<who>[A-Za-z][\w.'’-]{0,20}(?: [A-Z][\w.'’-]{0,20})?)[*_]*\s*:\s*\S")


def chat_paragraphs(text: str, blocks: Sequence[Block]) -> dict[int, str]:
    """The paragraphs that are chat messages, by start, with their (first) sender: a paragraph
    whose lines are all "Name: message" lines, where the same sender opens at least two lines in
    the story (so "Note: …" or "Rule one: …" once is narration)."""
    lines: dict[str, int] = {}
    candidates: list[tuple[int, list[str]]] = []
    for b in blocks:
        senders: list[str] = []
        if text.find(":", b.start, b.end) < 0:
            continue  # no colon, no chat line: most paragraphs, turned away without a copy
        for line in text[b.start:b.end].split("\n"):
            if not line.strip():
                continue
            m = CHAT_LINE.match(line)
            if not m:
                senders = []
                break
            senders.append(m.group("who").lower())
        if senders:
            candidates.append((b.start, senders))
            for who in senders:
                lines[who] = lines.get(who, 0) + 1
    return {s: senders[0] for s, senders in candidates if all(lines[w] >= 2 for w in senders)}
