"""The rules, one module per family; importing this package registers them all."""

from fabula.beta.rules import dialogue, grammar, style, telling, words

__all__ = ["dialogue", "grammar", "style", "telling", "words"]
