"""Dialogue (FB3xx): the punctuation of speech tags, who is speaking, said-bookisms."""

from __future__ import annotations

import re
from collections.abc import Iterator

from fabula.beta.engine import Context, Finding, rule
from fabula.segment.spans import block_finder

# after a comma the tag always continues the sentence; after ? or ! only a single-spaced "She asked"
_CAPITAL_TAG = re.compile(r"(?:,['\"”’]\s+|[!?]['\"”’] )(?P<w>She|He|They|We|It|You)\s+(?P<v>[a-z]+)\b")
_SPEECH = ("said|says|asked|asks|replied|whispered|muttered|murmured|shouted|yelled|cried|snapped|hissed|pouted|"
           "sighed|laughed|added|answered|called|continued|demanded|groaned|grumbled|insisted|mumbled|screamed|"
           "sneered|stammered|stuttered|teased|breathed|began|admitted|agreed|argued|promised|told|uttered|whined|"
           "retorted|responded|repeated|joked|gasped|managed|offered|pleaded|protested|remarked|scoffed|sobbed|"
           "suggested|warned|wondered|yelled|exclaimed|grunted|growled|huffed|interrupted|chuckled|giggled|"
           "whimpered|murmured|croaked|spat|purred|barked|countered|commented|noted|observed|explained|"
           "informed|announced|declared|confessed|corrected|questioned|inquired|queried|prompted|urged")
_SAID_WHAT = re.compile(r"\s+(?:it|this|that|the|these|those|something|nothing|so|no|yes)\b")
# a first- or second-person tag in the present ('"I saw." I say.') takes the verb's plain form
_SPEECH_PLAIN = "say|ask|reply|whisper|murmur|mutter|shout|yell|answer|add|call|snap|sigh|admit|tell|repeat"
_PERIOD_TAG = re.compile(rf"(?P<p>\.)(?P<q>['\"”’])\s+(?:(?:she|he|they|I|we|you)\s+(?:{_SPEECH})|"
                         rf"(?:I|we|you|they)\s+(?:{_SPEECH_PLAIN}))\b")
_COMMA_OUTSIDE = re.compile(rf"(?P<w>\"(?P<body>[^\"\n]{{1,200}}?)\",)\s+(?:she|he|they|I|we|you|[A-Z][a-z]+)\s+(?:{_SPEECH})\b")


@rule("FB301", "capital-after-dialogue", "dialogue", "error", "a capital letter starting the speech tag",
      "A tag after a line of dialogue continues the same sentence: '\"Stupid,\" she pouted', "
      "not '\"Stupid,\" She pouted'. Names keep their capital; pronouns do not.",
      '"Stupid," She pouted.', '"Stupid," she pouted.', safe_fix=True)
def capital_tag(ctx: Context) -> Iterator[Finding]:
    for m in ctx.finditer(_CAPITAL_TAG):
        if not re.fullmatch(_SPEECH, m.group("v")):
            continue  # a beat ('"Why?" She whirled around.') is a new sentence: its capital is right
        if ctx.text[m.start()] in "?!" and _SAID_WHAT.match(ctx.text, m.end("v")):
            continue  # '"Who is this?" She said it to the Bellringer': the verb has an object, a sentence of its own
        yield Finding(m.start("w"), m.end("w"), f"'{m.group('w')}' → '{m.group('w').lower()}' after the dialogue",
                      m.group("w").lower())


@rule("FB302", "period-before-tag", "dialogue", "error", "a full stop closing a line that a tag continues",
      "When a speech tag follows ('she said'), the line ends with a comma inside the quotes.",
      '"I know." she said.', '"I know," she said.', safe_fix=True)
def period_tag(ctx: Context) -> Iterator[Finding]:
    mark = ctx.story.primary_mark
    for m in ctx.finditer(_PERIOD_TAG):
        if (m.group("q") in "'’") != (mark == "'"):
            continue  # an inner quotation in the other mark ends a sentence of its own
        yield Finding(m.start("p"), m.end("p"), "'.' → ',' before a speech tag", ",")


@rule("FB303", "comma-outside-quote", "dialogue", "warning", "the comma outside the closing quote",
      "In American and most fan-fiction style, the comma before a tag goes inside the quotes.",
      '"Wait", she said.', '"Wait," she said.', safe_fix=True)
def comma_outside(ctx: Context) -> Iterator[Finding]:
    if ctx.story.primary_mark != '"':
        return
    for m in ctx.finditer(_COMMA_OUTSIDE):
        body = m.group("body")
        yield Finding(m.start("w"), m.end("w"), "the comma goes inside the quotes", f'"{body},"')


RUN = 4


@rule("FB304", "unclear-speaker", "dialogue", "warning", "a run of lines where fabula cannot tell who speaks",
      "If a careful reader (and fabula) loses track of who is talking for four lines, a reader will too: "
      "add a tag or a beat.",
      '"No."\n\n"Yes."\n\n"No."\n\n"Yes."', '"No," Yusra said.\n\n"Yes."\n\n"No."\n\n"Yes," said Tomas.')
def unclear(ctx: Context) -> Iterator[Finding]:
    run: list[tuple[int, int]] = []
    for q in ctx.story.quotes:
        if q.kind != "dialogue":
            continue
        unsure = q.speaker is None or (q.confidence or 0) < 0.5
        if unsure:
            run.append((q.start, q.end))
            continue
        if len(run) >= RUN:
            yield Finding(run[0][0], run[-1][1], f"{len(run)} lines in a row with no clear speaker")
        run = []
    if len(run) >= RUN:
        yield Finding(run[0][0], run[-1][1], f"{len(run)} lines in a row with no clear speaker")


_BOOKISM = re.compile(r"['\"”’]\s+(?:she|he|they|I|[A-Z][a-z]+)\s+(?P<w>ejaculated|chortled|expostulated|opined|"
                      r"interjected|vociferated|exclaimed|chirped|purred|growled|snarled|barked|spat|hissed)\b")


@rule("FB305", "said-bookism", "dialogue", "info", "a showy speech verb where 'said' would disappear",
      "'Said' is invisible; 'ejaculated', 'opined', 'chortled' draw the eye from the line itself. "
      "(Information only: a writer may want the effect.)",
      '"Fine," she opined.', '"Fine," she said.')
def bookism(ctx: Context) -> Iterator[Finding]:
    for m in ctx.finditer(_BOOKISM):
        yield Finding(m.start("w"), m.end("w"), f"'{m.group('w')}': would 'said' do?")



@rule("FB306", "answer-tagged-to-asker", "dialogue", "warning",
      "in a two-person exchange, an answer tagged with the name of the one who asked",
      "When two people trade lines and one asks, the next line answers: a tag naming the asker again is "
      "usually the wrong name. Only short, strictly alternating exchanges are checked, where fabula is sure "
      "of every tag.",
      '"Ready?" Tomas said.\n\n"Almost," Yusra said.\n\n"Is the boat in?" Tomas asked.\n\n"Since noon," Tomas said.',
      '"Ready?" Tomas said.\n\n"Almost," Yusra said.\n\n"Is the boat in?" Tomas asked.\n\n"Since noon," Yusra said.')
def answer_tagged_to_asker(ctx: Context) -> Iterator[Finding]:
    from collections import Counter

    text = ctx.text
    lines = [q for q in ctx.story.quotes if q.kind == "dialogue"]
    _spans, block = block_finder(ctx.story.doc.blocks)

    per_block = Counter(block(q.start) for q in lines)
    for before, ask, answer in zip(lines, lines[1:], lines[2:], strict=False):
        blocks = [block(q.start) for q in (before, ask, answer)]
        if len(set(blocks)) < 3 or any(per_block[b] != 1 for b in blocks):
            continue  # each line alone in its own paragraph: a quick exchange, not a speech
        if not all(q.attribution == "explicit" and q.speaker for q in (before, ask, answer)):
            continue
        if not (before.speaker != ask.speaker == answer.speaker):
            continue  # not an exchange of two, or not the asker named again
        if not text[ask.start:ask.end].rstrip("\"'”’ ").endswith("?") or "?" in text[answer.start:answer.end]:
            continue
        gaps = (text[before.end:ask.start], text[ask.end:answer.start])
        if any("\n" not in g or len(g) > 120 for g in gaps) or answer.end - answer.start > 120:
            continue  # a new paragraph for each line, with a bare tag between: a quick exchange
        yield Finding(answer.start, answer.end, "this answers a question, but its tag names the one who asked")
