"""Every beta-read rule, by code: the one table the beta pass, ``fabula check``, ``fabula rules``
and SARIF read.

As in ruff, a rule's code, severity (``error``, ``warning``, ``info``) and lifecycle (``stable``,
or ``preview``: run only with ``--preview``) are data in one place, and nothing is registered by
importing a module. To add a rule: write its check in its family's module under ``beta/rules/``
with ``@rule(...)`` — code, name, family, severity, summary, rationale, a bad and a good example
— and list it below, in its family. tests/test_beta.py runs every rule on its own examples, and
fails for a rule declared in ``beta/rules/`` but missing here.
"""

from __future__ import annotations

from fabula.beta.engine import Rule
from fabula.beta.rules import dialogue, grammar, style, telling, words


def table(*rules: Rule) -> dict[str, Rule]:
    """Rules by code, in the order given; a code twice is an error."""
    out: dict[str, Rule] = {}
    for r in rules:
        if r.code in out:
            raise ValueError(f"duplicate rule code {r.code}")
        out[r.code] = r
    return out


RULES: dict[str, Rule] = table(
    # FB1xx words
    words.confusable,
    words.its,
    words.your,
    words.their,
    words.could_of,
    words.doubled,
    words.apostrophe_plural,
    words.misspelling,
    words.common_misspelling,
    words.lie_lay,
    words.whose,
    words.real_word_slip,
    words.a_an,
    # FB2xx grammar
    grammar.missing_of,
    grammar.extra_of,
    grammar.lowercase_i,
    grammar.agreement,
    grammar.missing_object,
    grammar.missing_subject,
    grammar.missing_word,
    grammar.verb_form,
    # FB3xx dialogue
    dialogue.capital_tag,
    dialogue.period_tag,
    dialogue.comma_outside,
    dialogue.unclear,
    dialogue.bookism,
    dialogue.answer_tagged_to_asker,
    # FB4xx telling
    telling.head_hop,
    telling.name_misspelt,
    telling.tense_drift,
    # FB5xx style
    style.filter_words,
    style.adverb_tag,
    style.repeated,
    style.long_sentence,
)
