"""Pieces of text handling the passes share: sentences (:mod:`fabula.text.sentences`), the splitter
behind the ``sentences`` layer and the few older sentence patterns some passes still use, each
saying why it differs. (The story proper — which spans are the story's own telling — is
:func:`fabula.segment.proper.story_proper`.)

Nothing here imports another part of fabula: passes and renderers import this.
"""
