"""Dialogue: quoted spans and their kinds (``quotes``), and the speech-verb vocabulary (``verbs``).

Who says each line is decided later, once the cast is known: :mod:`fabula.characters.attribution`.
"""
