"""fabula's measuring instruments: converters from each annotated set to one gold shape, and scorers.

- ``scoring``: speaker accuracy against gold quotes, with ``../shared/eval/score_quotes.py``'s
  rules (most-overlapping predicted quote; characters mapped to gold ones by shared names).
- ``cast``: a gold character list written as fabula's ``--cast`` YAML.
- ``litbank``, ``fics``, ``pdnc``: one module per annotated source.
- ``telling``: scenes (count, time, event order, POV, head-hops) and tags against annotations.

The splits live in ``benchmarks/splits.py``. Nothing here changes fabula's behaviour.
"""
