"""Renderers: pure functions of an annotated story."""
