"""The rules, one module per family (words, grammar, dialogue, telling, style); each check carries
its metadata in an ``@rule(...)`` beside its code. ``fabula/beta/registry.py`` lists them all."""
