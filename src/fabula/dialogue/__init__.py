"""Dialogue: quoted spans, their kinds, and (later passes) their speakers."""
