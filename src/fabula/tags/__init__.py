"""Suggested AO3 tags with evidence: rating, warnings, category, relationships, characters, freeform."""
