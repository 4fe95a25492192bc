"""Pieces of text handling every pass shares, in one place: the story proper and its sentences.

- :mod:`fabula.text.proper`: which spans of the text are the story (not notes, headings, verse);
- :mod:`fabula.text.sentences`: the sentence splitter behind the ``sentences`` layer, and the
  few older sentence patterns that some passes still use (each says why it differs).

Nothing here imports a pass: passes and renderers import this.
"""
