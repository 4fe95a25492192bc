"""The corpus store: many stories' schema-1 JSON flattened into DuckDB tables.

The store reads only the public JSON contract (``SCHEMA.md``), never fabula's objects, so a
store built by any version or on any worker means the same thing. Each story is written in one
transaction (its old rows deleted, its new rows inserted, then COMMIT): DuckDB writes its log at
commit, so a run killed at any moment leaves whole stories only, and a re-run continues.

Rows carry a ``story_id`` (a hash of the story's path relative to the corpus root) so that two
runs over the same directory — on one machine or a Dask cluster — give identical tables. Timing
and engine go to ``runs`` alone, the one table expected to differ between runs.
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fabula.errors import FabulaError

SCHEMA_VERSION = 1

#: columns added after a store may have been built: a store opened for writing gains them
ADDED_COLUMNS = [("characters", "unnamed BOOLEAN")]

# table -> column definitions; `start_char`/`end_char` are offsets into the story's text
TABLES: dict[str, str] = {
    "stories": """
        story_id VARCHAR PRIMARY KEY, path VARCHAR NOT NULL, content_hash VARCHAR NOT NULL,
        bytes BIGINT, format VARCHAR, encoding VARCHAR, status VARCHAR NOT NULL, error VARCHAR,
        title VARCHAR, authors VARCHAR[], fandoms VARCHAR[], rating VARCHAR, archive_warnings VARCHAR[],
        categories VARCHAR[], relationships VARCHAR[], work_characters VARCHAR[], freeform VARCHAR[],
        summary VARCHAR, language VARCHAR, series VARCHAR, chapters_label VARCHAR, words BIGINT,
        n_chapters INTEGER, n_scenes INTEGER, n_quotes INTEGER, n_dialogue INTEGER, n_characters INTEGER,
        warnings VARCHAR[], fabula_version VARCHAR""",
    "texts": "story_id VARCHAR, text VARCHAR",
    "paratext": """story_id VARCHAR, n INTEGER, kind VARCHAR, start_char INTEGER, end_char INTEGER,
        chapter INTEGER, song VARCHAR, artist VARCHAR""",
    "chapters": "story_id VARCHAR, n INTEGER, title VARCHAR, start_char INTEGER, end_char INTEGER",
    "scenes": """story_id VARCHAR, n INTEGER, chapter INTEGER, start_char INTEGER, end_char INTEGER,
        break VARCHAR, pov VARCHAR, time VARCHAR""",
    "verse": "story_id VARCHAR, n INTEGER, kind VARCHAR, start_char INTEGER, end_char INTEGER, credit INTEGER",
    "characters": """story_id VARCHAR, character_id VARCHAR, name VARCHAR, gender VARCHAR,
        mentions INTEGER, lines INTEGER, unnamed BOOLEAN""",
    "aliases": "story_id VARCHAR, character_id VARCHAR, alias VARCHAR, kind VARCHAR",
    "quotes": """story_id VARCHAR, quote_id VARCHAR, n INTEGER, kind VARCHAR, start_char INTEGER,
        end_char INTEGER, text VARCHAR, speaker_id VARCHAR, speaker_name VARCHAR, addressees VARCHAR[],
        attribution VARCHAR, confidence DOUBLE, chapter INTEGER, scene INTEGER""",
    "diagnostics": """story_id VARCHAR, code VARCHAR, severity VARCHAR, start_char INTEGER, end_char INTEGER,
        message VARCHAR, fix VARCHAR""",
    "tags": "story_id VARCHAR, source VARCHAR, kind VARCHAR, value VARCHAR, evidence INTEGER[][]",
    "runs": "story_id VARCHAR, analysed_at TIMESTAMP, seconds DOUBLE, engine VARCHAR, fabula_version VARCHAR",
}
CONTENT_TABLES = [t for t in TABLES if t != "runs"]


def story_id(rel_path: str) -> str:
    """A stable id from the path relative to the corpus root (same on every machine and engine)."""
    return hashlib.sha1(rel_path.encode("utf-8")).hexdigest()[:16]


@dataclass
class Outcome:
    """One analysed input, as the runner hands it to the store."""

    rel_path: str
    content_hash: str
    size: int
    format: str | None
    result: dict[str, Any] | None  # the schema-1 JSON (with "text") when the read succeeded
    error: str | None = None
    seconds: float = 0.0


# A query connection reads the store and nothing else: no files (read_text, glob, COPY, EXPORT,
# ATTACH), no extensions (INSTALL, LOAD, autoloading), and the configuration locked so that a
# SET or RESET in the query cannot undo any of it.
LOCKED = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
    "allow_unsigned_extensions": False,
    "lock_configuration": True,
}
# Types Python's DuckDB client cannot hand over faithfully (a time zone needs pytz; UUID, BLOB,
# INTERVAL, BIT and UNION have no JSON form): such columns come back as DuckDB's own text.
_AS_TEXT = ("TIME ZONE", "INTERVAL", "UUID", "BLOB", "BIT", "UNION")


def _connect(path: Path, read_only: bool = False, locked: bool = False) -> Any:
    try:
        import duckdb
    except ImportError as exc:
        raise FabulaError("fabula corpus needs DuckDB: pip install 'fabula[corpus]' (make install does)") from exc

    try:
        if locked:
            return duckdb.connect(str(path), read_only=True, config=dict(LOCKED))
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as exc:
        raise FabulaError(f"cannot open corpus store {path}: {str(exc).splitlines()[0]}") from exc


class Store:
    """A DuckDB file holding analysed stories; one writer (the driver) at a time."""

    def __init__(self, path: Path, read_only: bool = False, locked: bool = False) -> None:
        """``locked``: read-only, and the connection can reach nothing but the store (for user SQL)."""
        self.path = path
        read_only = read_only or locked
        if read_only and not path.exists():
            raise FabulaError(f"no corpus store at {path} (build one with `fabula corpus build DIR --db {path}`)")
        if read_only and not path.is_file():
            raise FabulaError(f"{path} is not a corpus store (not a file)")
        self.con = _connect(path, read_only=read_only, locked=locked)
        if not read_only:
            for name, cols in TABLES.items():
                self.con.execute(f"CREATE TABLE IF NOT EXISTS {name} ({cols})")
            for name, col in ADDED_COLUMNS:
                self.con.execute(f"ALTER TABLE {name} ADD COLUMN IF NOT EXISTS {col}")

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def known(self) -> dict[str, tuple[str, str]]:
        """story_id -> (content hash, status) of everything stored."""
        rows = self.con.execute("SELECT story_id, content_hash, status FROM stories").fetchall()
        return {r[0]: (r[1], r[2]) for r in rows}

    def failures(self, ids: Iterable[str]) -> list[tuple[str, str]]:
        """(path, error) of the given stories whose stored analysis failed."""
        wanted = set(ids)
        rows = self.con.execute("SELECT story_id, path, error FROM stories WHERE status = 'error' ORDER BY path").fetchall()
        return [(r[1], r[2]) for r in rows if r[0] in wanted]

    def write(self, outcome: Outcome, engine: str, version: str) -> None:
        """Replace one story's rows in a single transaction.

        A failed write (a full disk) is rolled back and reported as itself: the rollback's own
        error, which follows it, used to hide the "No space left on device" behind it."""
        import datetime

        import duckdb

        sid = story_id(outcome.rel_path)
        rows = story_rows(sid, outcome)
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            for table in TABLES:
                con.execute(f"DELETE FROM {table} WHERE story_id = ?", [sid])
            for table, table_rows in rows.items():
                _insert(con, table, table_rows)
            _insert(con, "runs", [{
                "story_id": sid, "analysed_at": datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None),
                "seconds": round(outcome.seconds, 4), "engine": engine, "fabula_version": version,
            }])
            con.execute("COMMIT")
        except BaseException as exc:
            try:
                con.execute("ROLLBACK")
            except duckdb.Error:
                pass  # the transaction may be gone with the failure; the failure is what matters
            if isinstance(exc, duckdb.Error):
                raise FabulaError(f"cannot write to the corpus store {self.path}: {str(exc).splitlines()[0]} "
                                  "(stories stored so far are kept; run the build again when fixed)") from exc
            raise

    def query(self, sql: str) -> tuple[list[str], list[tuple[Any, ...]]]:
        """Column names and rows of ``sql``; columns of a type Python cannot take as it is
        (``_AS_TEXT``) are cast to DuckDB's text for them."""
        import duckdb

        try:
            rel = self.con.sql(sql)
            if rel is None:
                return [], []
            columns = list(rel.columns)
            types = [str(t) for t in rel.types]
            if any(m in t for t in types for m in _AS_TEXT):
                rel = rel.project(", ".join(f"CAST(#{i} AS VARCHAR)" if any(m in t for m in _AS_TEXT) else f"#{i}"
                                            for i, t in enumerate(types, start=1)))
            rows = rel.fetchall()
        except duckdb.PermissionException as exc:
            raise FabulaError("query refused: a corpus query reads the store only (no files, no extensions, "
                              f"no writes): {str(exc).splitlines()[0]}") from exc
        except duckdb.Error as exc:
            raise FabulaError(f"query failed: {str(exc).splitlines()[0]}") from exc
        return columns, rows

    def export(self, out_dir: Path, fmt: str) -> list[Path]:
        """Every table to ``out_dir/<table>.<fmt>`` (parquet or csv) with DuckDB's own writers;
        files of those names already in ``out_dir`` are replaced."""
        import duckdb

        if fmt not in ("parquet", "csv"):
            raise FabulaError(f"cannot export to {fmt!r}: choose parquet or csv")
        if out_dir.exists() and not out_dir.is_dir():
            raise FabulaError(f"{out_dir} exists and is not a directory: export writes one file per table into a directory")
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise FabulaError(f"cannot create {out_dir}: {exc.strerror or exc}") from exc
        written = []
        for table in TABLES:
            target = out_dir / f"{table}.{fmt}"
            options = "FORMAT parquet" if fmt == "parquet" else "FORMAT csv, HEADER true"
            path_sql = str(target).replace("'", "''")
            try:
                self.con.execute(f"COPY (SELECT * FROM {table} ORDER BY ALL) TO '{path_sql}' ({options})")
            except duckdb.Error as exc:
                raise FabulaError(f"cannot write {target}: {str(exc).splitlines()[0]}") from exc
            written.append(target)
        return written


def _insert(con: Any, table: str, rows: list[dict[str, Any]]) -> None:
    """Insert rows through an Arrow table: DuckDB reads it in bulk (``executemany`` took seconds a novel)."""
    if not rows:
        return
    import pyarrow as pa

    data = pa.Table.from_pylist(rows)
    con.register("_fabula_rows", data)
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _fabula_rows")
    finally:
        con.unregister("_fabula_rows")


def _locate(starts: list[int], numbers: list[int], pos: int) -> int | None:
    i = bisect.bisect_right(starts, pos) - 1
    return numbers[i] if i >= 0 else None


def story_rows(sid: str, outcome: Outcome) -> dict[str, list[dict[str, Any]]]:
    """The rows of every content table for one story, from its schema-1 JSON."""
    js = outcome.result
    base: dict[str, Any] = {
        "story_id": sid, "path": outcome.rel_path, "content_hash": outcome.content_hash, "bytes": outcome.size,
        "format": outcome.format, "status": "ok" if js is not None else "error", "error": outcome.error,
    }
    if js is None:
        return {"stories": [base]}
    work = js.get("work") or {}
    quotes = js.get("quotes", [])
    chars = js.get("characters", [])
    names = {c["id"]: c["name"] for c in chars}
    base.update({
        "format": js["source"].get("format"), "encoding": js["source"].get("encoding"),
        "title": work.get("title"), "authors": work.get("authors", []), "fandoms": work.get("fandoms", []),
        "rating": work.get("rating"), "archive_warnings": work.get("warnings", []),
        "categories": work.get("categories", []), "relationships": work.get("relationships", []),
        "work_characters": work.get("characters", []), "freeform": work.get("tags", []),
        "summary": work.get("summary"), "language": work.get("language"), "series": _text(work.get("series")),
        "chapters_label": work.get("chapters"), "words": work.get("words"),
        "n_chapters": len(js.get("chapters", [])), "n_scenes": len(js.get("scenes", [])),
        "n_quotes": len(quotes), "n_dialogue": sum(1 for q in quotes if q.get("kind", "dialogue") == "dialogue"),
        "n_characters": len(chars), "warnings": list(js.get("warnings", [])),
        "fabula_version": js.get("fabula_version"),
    })
    text = js.get("text", "")
    rows: dict[str, list[dict[str, Any]]] = {"stories": [base]}
    rows["texts"] = [{"story_id": sid, "text": text}]
    rows["paratext"] = [
        {"story_id": sid, "n": i + 1, "kind": p["kind"], "start_char": p["start"], "end_char": p["end"],
         "chapter": p.get("chapter"), "song": p.get("song"), "artist": p.get("artist")}
        for i, p in enumerate(js.get("paratext", []))
    ]
    rows["chapters"] = [
        {"story_id": sid, "n": c["n"], "title": c.get("title"), "start_char": c["start"], "end_char": c["end"]}
        for c in js.get("chapters", [])
    ]
    rows["scenes"] = [
        {"story_id": sid, "n": s["n"], "chapter": s.get("chapter"), "start_char": s["start"], "end_char": s["end"],
         "break": s.get("break"), "pov": s.get("pov"), "time": s.get("time")}
        for s in js.get("scenes", [])
    ]
    rows["verse"] = [
        {"story_id": sid, "n": i + 1, "kind": v["kind"], "start_char": v["start"], "end_char": v["end"],
         "credit": v.get("credit")}
        for i, v in enumerate(js.get("verse", []))
    ]
    rows["characters"] = [
        {"story_id": sid, "character_id": c["id"], "name": c["name"], "gender": c.get("gender"),
         "mentions": c.get("mentions"), "lines": c.get("lines"), "unnamed": bool(c.get("unnamed", False))}
        for c in chars
    ]
    rows["aliases"] = [
        {"story_id": sid, "character_id": c["id"], "alias": a, "kind": kind}
        for c in chars
        for kind, key in (("name", "aliases"), ("epithet", "epithets"))
        for a in c.get(key, [])
    ]
    ch_starts = [c["start"] for c in js.get("chapters", [])]
    ch_numbers = [c["n"] for c in js.get("chapters", [])]
    sc_starts = [s["start"] for s in js.get("scenes", [])]
    sc_numbers = [s["n"] for s in js.get("scenes", [])]
    rows["quotes"] = [
        {"story_id": sid, "quote_id": q["id"], "n": i + 1, "kind": q.get("kind", "dialogue"),
         "start_char": q["start"], "end_char": q["end"], "text": text[q["start"]:q["end"]] if text else None,
         "speaker_id": q.get("speaker"), "speaker_name": names.get(q.get("speaker") or ""),
         "addressees": list(q.get("addressees") or []), "attribution": q.get("attribution"),
         "confidence": q.get("confidence"), "chapter": _locate(ch_starts, ch_numbers, q["start"]),
         "scene": _locate(sc_starts, sc_numbers, q["start"])}
        for i, q in enumerate(quotes)
    ]
    rows["diagnostics"] = [
        {"story_id": sid, "code": d["code"], "severity": d["severity"], "start_char": d["start"],
         "end_char": d["end"], "message": d["message"], "fix": d.get("fix")}
        for d in js.get("diagnostics", [])
    ]
    rows["tags"] = _tag_rows(sid, work, js.get("tags") or {})
    return rows


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, dict):
        return str(value.get("name") or value.get("title") or value)
    return str(value)


def _tag_rows(sid: str, work: dict[str, Any], suggested: dict[str, Any]) -> list[dict[str, Any]]:
    """The author's own tags (source 'work') and fabula's suggestions (source 'suggested')."""
    rows: list[dict[str, Any]] = []
    if work.get("rating"):
        rows.append({"story_id": sid, "source": "work", "kind": "rating", "value": work["rating"], "evidence": []})
    for kind, key in (("warning", "warnings"), ("category", "categories"), ("relationship", "relationships"),
                      ("character", "characters"), ("freeform", "tags")):
        for value in work.get(key, []):
            rows.append({"story_id": sid, "source": "work", "kind": kind, "value": value, "evidence": []})
    rating = suggested.get("rating")
    if isinstance(rating, dict) and rating.get("value"):
        rows.append({"story_id": sid, "source": "suggested", "kind": "rating", "value": rating["value"],
                     "evidence": [list(e) for e in rating.get("evidence", [])]})
    for kind, key in (("warning", "warnings"), ("relationship", "relationships"), ("character", "characters"),
                      ("freeform", "freeform"), ("category", "categories")):
        for item in suggested.get(key, []) or []:
            value = item.get("value") if isinstance(item, dict) else item
            evidence = item.get("evidence", []) if isinstance(item, dict) else []
            rows.append({"story_id": sid, "source": "suggested", "kind": kind, "value": value,
                         "evidence": [list(e) for e in evidence]})
    return rows
