"""The beta read: rules with codes, a span, a message and (where safe) a fix — a linter for fiction."""


def prepare() -> None:
    """Load now what a beta read loads on first use: the rules, the word lists and the trigram model,
    the dictionaries, and spaCy's tagger and parser (its import and pipeline are most of a check's
    cost on a novel, where a few sentences are parsed: about 1.1-1.4 s of CPU on The Sign of the Four).

    Nothing calls it in a plain read; a process that will run the beta read later — a side process
    started while the read runs — calls it meanwhile, so that the check itself pays none of it."""
    import fabula.beta.rules  # noqa: F401  (the rules' modules)
    from fabula.beta import lexicon, ngrams, spelling, tagger
    from fabula.beta.registry import RULES  # noqa: F401

    ngrams.model()
    lexicon.words()
    lexicon._pair_rows()
    spelling._enchant()
    spelling.fandom_words()
    spelling.common_misspelling("definately")
    spelling.first_sound("hour")
    tagger._nlp()
