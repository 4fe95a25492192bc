"""Segment: the parts of a story — paratext, title, chapters, scenes, verse."""
