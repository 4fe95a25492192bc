"""A research corpus as one table of paragraphs (CSV, TSV, Parquet): each fic one story, resumable,
bad tables one clear line. Our own three tiny fics, rows shuffled as data sets ship them."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from fabula.corpus.runner import build
from fabula.corpus.tabular import Columns, TableSource
from fabula.errors import FabulaError

ROWS = [
    # fic_id, chapter_id, para_id, paragraph, title
    (7, 1, 2, "The lamp room smelled of oil.", "Lamp Oil"),
    (7, 1, 1, "A/N: my first fic, be nice!\n\nIt's short.", "Lamp Oil"),
    (7, 1, 3, '"You did this," Emeric said.', "Lamp Oil"),
    (7, 2, 1, '"Someone had to," said Tomas.', "Lamp Oil"),
    (7, 2, 2, "By noon the fog had lifted.", "Lamp Oil"),
    (12, 1, 1, "Morning came grey.", "Tide"),
    (12, 1, 3, "***", "Tide"),
    (12, 1, 2, "She went down to the water.", "Tide"),
    (12, 1, 4, '"Wait," he called.', "Tide"),
    (30, 1, 1, "The ferry was late again.", None),
]
COLS = ["--id", "fic_id", "--chapter", "chapter_id", "--order", "para_id", "--text", "paragraph"]


def write_csv(path: Path, rows: list[tuple[object, ...]] = ROWS) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["fic_id", "chapter_id", "para_id", "paragraph", "title"])
        w.writerows(rows)
    return path


def fabula(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "fabula", *args], capture_output=True, text=True, timeout=600)


def test_a_fic_is_put_back_together(tmp_path: Path) -> None:
    with TableSource(write_csv(tmp_path / "fics.csv"), Columns("fic_id", "paragraph", "chapter_id", "para_id", "title")) as src:
        fics = {fic: src.text(fic).decode("utf-8") for fic, _, _ in src.stories()}
    assert set(fics) == {"7", "12", "30"}
    assert fics["7"] == ("Lamp Oil\n\nChapter 1\n\nA/N: my first fic, be nice!\nIt's short.\n\n"
                         "The lamp room smelled of oil.\n\n\"You did this,\" Emeric said.\n\nChapter 2\n\n"
                         "\"Someone had to,\" said Tomas.\n\nBy noon the fog had lifted.")
    assert fics["12"] == "Tide\n\nMorning came grey.\n\nShe went down to the water.\n\n***\n\n\"Wait,\" he called."
    assert fics["30"] == "The ferry was late again."


def test_csv_corpus_build_and_resume(tmp_path: Path) -> None:
    table = write_csv(tmp_path / "fics.csv")
    db = tmp_path / "fics.duckdb"
    source = TableSource(table, Columns("fic_id", "paragraph", "chapter_id", "para_id", "title"))
    try:
        summary = build(table, db, workers=1, table=source)
    finally:
        source.close()
    assert summary.analysed == 3 and not summary.failed
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("SELECT path, title, n_chapters, n_scenes FROM stories ORDER BY path").fetchall()
        notes = con.execute("SELECT kind, chapter FROM paratext").fetchall()
    finally:
        con.close()
    assert rows == [("fics.csv#12", "Tide", 1, 2, ), ("fics.csv#30", None, 1, 1), ("fics.csv#7", "Lamp Oil", 2, 2)]
    assert notes == [("author_note", 1)]
    # a second run stores nothing again; a changed fic (and only it) is read again
    again = fabula("corpus", "build", str(table), "--db", str(db), "--workers", "1", *COLS, "--title", "title")
    assert again.returncode == 0, again.stderr
    assert "0 analysed, 3 unchanged" in again.stderr
    write_csv(table, [*ROWS[:-1], (30, 1, 1, "The ferry was early, for once.", None)])
    changed = fabula("corpus", "build", str(table), "--db", str(db), "--workers", "1", *COLS, "--title", "title")
    assert changed.returncode == 0 and "1 analysed, 2 unchanged" in changed.stderr


def test_parquet_and_tsv(tmp_path: Path) -> None:
    table = write_csv(tmp_path / "fics.csv")
    con = duckdb.connect()
    try:
        con.execute(f"COPY (SELECT * FROM read_csv('{table}')) TO '{tmp_path / 'fics.parquet'}' (FORMAT parquet)")
        con.execute(f"COPY (SELECT * FROM read_csv('{table}')) TO '{tmp_path / 'fics.tsv'}' (HEADER, DELIMITER '\t')")
    finally:
        con.close()
    for name in ("fics.parquet", "fics.tsv"):
        with TableSource(tmp_path / name, Columns("fic_id", "paragraph", "chapter_id", "para_id")) as src:
            assert [f for f, _, _ in src.stories()] == ["12", "30", "7"]
            assert src.text("12").decode().startswith("Morning came grey.")


@pytest.mark.parametrize(("content", "args", "message"), [
    ("", COLS, "fics.csv is empty"),
    ("fic_id,chapter_id,para_id,paragraph\n", COLS, "fics.csv has no rows"),
    ("fic,chapter_id,para_id,paragraph\n1,1,1,Hello.\n", COLS, "has no column 'fic_id' (named by --id); its columns: fic,"),
    ("fic_id,paragraph\n1,Hello.\n", ["--id", "fic_id"], "name its columns with --id and --text"),
])
def test_bad_tables_are_one_line(tmp_path: Path, content: str, args: list[str], message: str) -> None:
    table = tmp_path / "fics.csv"
    table.write_text(content, encoding="utf-8")
    out = fabula("corpus", "build", str(table), "--db", str(tmp_path / "x.duckdb"), *args)
    assert out.returncode == 2
    errors = [ln for ln in out.stderr.splitlines() if ln.startswith("fabula: error:")]
    assert len(errors) == 1 and message in errors[0], out.stderr
    assert "Traceback" not in out.stderr


def test_column_flags_need_a_table(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Once.", encoding="utf-8")
    out = fabula("corpus", "build", str(tmp_path), "--db", str(tmp_path / "x.duckdb"), "--id", "fic_id")
    assert out.returncode == 2 and "--id name columns of a .csv" in out.stderr


def test_unreadable_parquet(tmp_path: Path) -> None:
    (tmp_path / "x.parquet").write_bytes(b"PAR1 this is not parquet")
    with pytest.raises(FabulaError, match="is not a readable Parquet file"):
        TableSource(tmp_path / "x.parquet", Columns("a", "b"))
