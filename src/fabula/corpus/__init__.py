"""Corpus runs: many stories analysed in parallel into one DuckDB store."""
