"""Research corpora kept as one table of paragraphs (CSV, TSV or Parquet), read as stories.

Fan-fiction NLP data sets often ship a fic as rows — ``fic_id, chapter_id, para_id, paragraph``.
DuckDB reads the file (its CSV sniffer copes with quoting, delimiters and headers; Parquet is
native) and puts each fic back together: paragraphs in ``--order`` within each chapter,
chapters in ``--chapter`` order, each under a "Chapter N" line when there are several, the
``--title`` column's value (if named) on top. Each fic is then one story for the runner, keyed
``FILE#ID`` and hashed by its text, so a re-run skips the fics already stored and a changed
fic is read again — resumable like a folder of files.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fabula.errors import FabulaError

SUFFIXES = (".csv", ".tsv", ".parquet", ".pq")


@dataclass
class Columns:
    """Which column holds what; ``chapter``, ``order`` and ``title`` are optional."""

    id: str
    text: str
    chapter: str | None = None
    order: str | None = None
    title: str | None = None


def is_table(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES


def _q(name: str) -> str:
    """A column name as a quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


class TableSource:
    """The fics of one table file, as stories the corpus runner plans and reads."""

    def __init__(self, path: Path, cols: Columns) -> None:
        try:
            import duckdb
        except ImportError as exc:
            raise FabulaError("a CSV or Parquet corpus needs DuckDB: pip install 'fabula[corpus]'") from exc
        self.path = path
        self.cols = cols
        if not path.is_file():
            raise FabulaError(f"{path}: no such file")
        if path.stat().st_size == 0:
            raise FabulaError(f"{path} is empty")
        self._tmp = tempfile.TemporaryDirectory(prefix="fabula-table-")
        self.con: Any = duckdb.connect(config={"temp_directory": self._tmp.name})
        try:
            self._load(duckdb)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        con, self.con = getattr(self, "con", None), None
        if con is not None:
            con.close()
        self._tmp.cleanup()

    def __enter__(self) -> TableSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading the file -------------------------------------------------------------------
    def _reader(self) -> str:
        if self.path.suffix.lower() in (".parquet", ".pq"):
            return "read_parquet(?)"
        if self.path.suffix.lower() == ".tsv":
            return "read_csv(?, header = true, delim = '\t')"
        return "read_csv(?, header = true)"

    def _load(self, duckdb: Any) -> None:
        kind = "Parquet" if "parquet" in self._reader() else "CSV"
        src = str(self.path)
        try:
            described = self.con.execute(f"DESCRIBE SELECT * FROM {self._reader()}", [src]).fetchall()
        except duckdb.Error as exc:
            raise FabulaError(f"{self.path} is not a readable {kind} file: {_first_line(exc)}") from exc
        names = [row[0] for row in described]
        c = self.cols
        wanted = [("--id", c.id), ("--text", c.text), ("--chapter", c.chapter), ("--order", c.order), ("--title", c.title)]
        for flag, name in wanted:
            if name is not None and name not in names:
                raise FabulaError(f"{self.path} has no column {name!r} (named by {flag}); its columns: {', '.join(names)}")
        chapter = _q(c.chapter) if c.chapter else "1"
        title = f"CAST({_q(c.title)} AS VARCHAR)" if c.title else "NULL"
        try:
            self.con.execute(
                f"""CREATE TEMP TABLE src AS
                    SELECT CAST({_q(c.id)} AS VARCHAR) AS fic, {chapter} AS chap,
                           {_q(c.order) if c.order else 'NULL'} AS ord, row_number() OVER () AS rn,
                           trim(regexp_replace(CAST({_q(c.text)} AS VARCHAR), '\\n\\s*\\n', chr(10), 'g')) AS para,
                           {title} AS title
                    FROM {self._reader()}""", [src])
            rows = self.con.execute("SELECT count(*) FROM src").fetchone()
            if not rows or rows[0] == 0:
                raise FabulaError(f"{self.path} has no rows")
            self.con.execute(
                """CREATE TEMP TABLE chaps AS
                   SELECT fic, chap, dense_rank() OVER (PARTITION BY fic ORDER BY chap) AS k,
                          string_agg(para, chr(10) || chr(10) ORDER BY ord, rn) AS body
                   FROM src WHERE fic IS NOT NULL AND para IS NOT NULL AND para <> ''
                   GROUP BY fic, chap""")
            self.con.execute(
                """CREATE TEMP TABLE fics AS
                   WITH joined AS (
                       SELECT fic, CASE WHEN count(*) > 1
                                   THEN string_agg('Chapter ' || k || chr(10) || chr(10) || body, chr(10) || chr(10) ORDER BY k)
                                   ELSE any_value(body) END AS body
                       FROM chaps GROUP BY fic),
                   titles AS (SELECT fic, first(title ORDER BY rn) FILTER (WHERE title IS NOT NULL) AS title FROM src GROUP BY fic)
                   SELECT j.fic, CASE WHEN t.title IS NOT NULL AND trim(t.title) <> ''
                                 THEN trim(t.title) || chr(10) || chr(10) || j.body ELSE j.body END AS text
                   FROM joined j LEFT JOIN titles t USING (fic)""")
        except duckdb.Error as exc:
            raise FabulaError(f"{self.path} could not be read as a {kind} corpus: {_first_line(exc)}") from exc

    # -- what the runner asks ---------------------------------------------------------------
    def rel_path(self, fic: str) -> str:
        return f"{self.path.name}#{fic}"

    def stories(self) -> list[tuple[str, str, int]]:
        """``(fic, sha256 of its text, its size in bytes)`` for every fic, in id order."""
        assert self.con is not None
        return [(str(f), str(h), int(n)) for f, h, n in
                self.con.execute("SELECT fic, sha256(text), strlen(text) FROM fics ORDER BY fic").fetchall()]

    def text(self, fic: str) -> bytes:
        assert self.con is not None
        row = self.con.execute("SELECT text FROM fics WHERE fic = ?", [fic]).fetchone()
        return (row[0] if row else "").encode("utf-8")

    def loader(self, fic: str) -> Callable[[], bytes]:
        return lambda: self.text(fic)
