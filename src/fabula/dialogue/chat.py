"""Chat messages: who sends each line of a chatfic's ``Name: message`` blocks.

The verse pass sets chat and text-message blocks apart (kind ``message``); their lines are not
quotes, but each names its sender, and the senders are the people of the story — in a
chatfic often known by nothing else (narration may never name them in a way NER sees). The
characters pass takes the senders as names the story declares, and the speakers pass takes each
line as a mention of its sender, there: the quoted talk after a chat is between its senders.
"""

from __future__ import annotations

import re

from fabula.model import Verse

#: a chat line: a name (one or two words) and a colon, then the message
_SENDER = re.compile(r"(?m)^[ \t]*[*_>]*[ \t]*(?P<name>[^\W\d_][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*)?)[*_]*[ \t]*:[ \t]*\S")


def chat_lines(text: str, verse: list[Verse]) -> list[tuple[int, str]]:
    """(where, sender) of every line of the message blocks, the sender as the story writes the
    name elsewhere when the chat handle is lower case ("noor:" for Noor)."""
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
