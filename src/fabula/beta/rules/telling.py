"""Telling (FB4xx): head-hops and a name spelt two ways."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from fabula.beta import lexicon
from fabula.beta.engine import Context, Finding, rule

_CAP = re.compile(r"\b[A-Z][a-z]{2,}\b")


@rule("FB401", "head-hop", "telling", "warning", "a paragraph in another character's head mid-scene",
      "A scene told through one character's perceptions that reports another's thoughts and feelings "
      "jars the reader; add a scene break, or keep to one head. (From the narrative pass's POV analysis.)",
      "Clara knew the tide was turning. She felt it in her bones, and she wondered if Daniel knew.\n\n"
      "Clara watched the water. She hoped the boats were in.\n\n"
      "Daniel knew she was scared. He felt her fear and wondered what to say.",
      "Clara knew the tide was turning. She felt it in her bones, and she wondered if Daniel knew.\n\n"
      "Clara watched the water. She hoped the boats were in.\n\n"
      "Daniel took her hand and said nothing.")
def head_hop(ctx: Context) -> Iterator[Finding]:
    names = {c.id: c.name for c in ctx.story.characters}
    for s in ctx.story.scenes:
        for h in s.head_hops:
            yield Finding(h.start, h.end, f"scene {s.n} is in {names.get(h.from_, '?')}'s head; this paragraph is in "
                                          f"{names.get(h.to, '?')}'s")


def _near(a: str, b: str) -> bool:
    """One substitution, insertion, deletion or swap of neighbours apart."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
                                  and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


@rule("FB402", "name-misspelt", "telling", "error", "a character's name spelt another way once or twice",
      "'Ysura' beside forty 'Yusra's is a typo no spell checker knows about: the name is the story's own.",
      'Clara waved at the boats. Clara laughed. Clara ran to the pier. Clara sat down. "Hello," Clara said. '
      "Then Clarra slept.",
      'Clara waved at the boats. Clara laughed. Clara ran to the pier. Clara sat down. "Hello," Clara said. '
      "Then Clara slept.", safe_fix=True)
def name_misspelt(ctx: Context) -> Iterator[Finding]:
    found = [(m.start(), m.end(), m.group(0)) for m in ctx.finditer(_CAP)]  # one pass over the text
    counts: Counter[str] = Counter(w for _a, _b, w in found)
    titles = {"Miss", "Mrs.", "Mr.", "Mister", "Lady", "Lord", "Captain", "Doctor", "Madam", "Sir"}
    names = {n for c in ctx.story.characters for a in [c.name, *c.aliases] for n in a.split()
             if len(n) >= 4 and n not in titles}
    names = {n for n in names if counts[n] >= 5}
    # 'Mile' beside 'Mila' is a word: what the word alone rules out is asked once per word
    rare = {w for w, k in counts.items() if not (k > 2 or w in names or len(w) < 4 or lexicon.known(w.lower()))}
    for a, b, w in found:
        if w not in rare or ctx.in_quote(a):
            continue  # in dialogue a name may be mangled on purpose
        for n in names:
            # "the Quennells", "Dunmore's": a family's plural and a possessive are the name, not a slip
            if _near(w, n) and w.lower() not in ctx.names and w not in (n + "s", n + "es") and n != w + "s":
                yield Finding(a, b, f"'{w}' → '{n}'? ('{n}' appears {counts[n]} times)", n)
                break


_PRESENT_ACTION = re.compile(r"\b(?:[Ss]he|[Hh]e|[Tt]hey)\s+(?:\w+ly\s+)?(?P<v>walks|looks|says|turns|smiles|sits|stands|"
                             r"runs|takes|goes|comes|grabs|pulls|pushes|opens|closes|nods|shrugs|sighs|laughs|"
                             r"whispers|stares|leans|reaches|steps|moves)\b")


@rule("FB403", "tense-drift", "telling", "info", "a present-tense action in a scene told in the past",
      "A scene narrated in the past tense that slips into the present ('She walked in. She sits down.') "
      "reads as a mistake unless it is a thought or a narrator's aside; thoughts and dialogue are left alone "
      "(information only: old narrators speak in the present on purpose).",
      "Yusra walked to the window and looked out at the harbour. The boats were in. She sits down.",
      "Yusra walked to the window and looked out at the harbour. The boats were in. She sat down.")
def tense_drift(ctx: Context) -> Iterator[Finding]:
    thoughts = [(t["start"], t["end"]) for t in ctx.story.thoughts]
    for s in ctx.story.scenes:
        if s.tense != "past":
            continue
        for m in _PRESENT_ACTION.finditer(ctx.text, s.start, s.end):
            if ctx.in_quote(m.start()) or any(a <= m.start() < b for a, b in thoughts):
                continue
            yield Finding(m.start(), m.end(), f"'{m.group('v')}': present tense in a scene told in the past")
