"""Corpus runs: a directory into DuckDB, resumable after SIGINT and SIGKILL, same on Dask."""

from __future__ import annotations

import datetime
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from fabula.corpus.runner import build, discover
from fabula.corpus.store import CONTENT_TABLES, Outcome, Store, story_id, story_rows

from .conftest import AO3_HTML, DRAFT_MD, EXAMPLE, FIXTURES, spawned_children
from .test_cli import run


def make_corpus(root: Path, copies: int = 4) -> list[str]:
    """Our own fixtures, copied with a varying end note, plus a nested folder."""
    root.mkdir(parents=True, exist_ok=True)
    sources = [EXAMPLE, DRAFT_MD, AO3_HTML, FIXTURES / "harbour_ffn.txt"]
    names = []
    for i in range(copies):
        for src in sources:
            rel = f"{'nested/' if i % 2 else ''}{src.stem}-{i}{src.suffix}"
            target = root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            data = src.read_bytes()
            if src.suffix == ".txt":
                data += f"\n\nA/N: Thank you for reading, part {i}!\n".encode()
            target.write_bytes(data)
            names.append(rel)
    return names


def snapshot(db: Path) -> dict[str, list[tuple[object, ...]]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in CONTENT_TABLES}
    finally:
        con.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[str]]:
    """A corpus and the store of one uninterrupted local build (the reference)."""
    root = tmp_path_factory.mktemp("fics")
    names = make_corpus(root)
    db = tmp_path_factory.mktemp("db") / "ref.duckdb"
    summary = build(root, db, workers=2)
    assert summary.analysed == len(names) and not summary.failed and not summary.interrupted
    return root, db, names


def test_discover_finds_story_files_and_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "b.epub").write_bytes(b"x")
    (tmp_path / "notes.pdf").write_bytes(b"x")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "c.txt").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "d.md").write_text("x")
    assert [p.relative_to(tmp_path).as_posix() for p in discover(tmp_path)] == ["a.txt", "b.epub", "sub/d.md"]


def test_rows_from_the_json_contract() -> None:
    js = {
        "fabula_version": "0.1.0", "source": {"format": "text", "encoding": "utf-8", "words": 9},
        "work": {"title": "Low Tide", "authors": ["inkwren"], "tags": ["Fluff"], "words": 9, "chapters": "1/1"},
        "chapters": [{"n": 1, "start": 0, "end": 40}], "scenes": [{"n": 1, "chapter": 1, "start": 0, "end": 40}],
        "characters": [{"id": "c1", "name": "Emeric Hollis", "aliases": ["Emeric"], "epithets": ["the keeper"],
                        "gender": "she", "mentions": 3, "lines": 1}],
        "quotes": [{"id": "q1", "start": 0, "end": 7, "kind": "dialogue", "speaker": "c1", "addressees": [],
                    "attribution": "explicit", "confidence": 0.9}],
        "tags": {"rating": {"value": "Teen And Up Audiences", "evidence": [[3, 9]]}, "warnings": []},
        "text": '"Hush," Emeric said to the sea at low tide.',
    }
    rows = story_rows("s1", Outcome("a/low-tide.txt", "abc", 42, "text", js))
    assert rows["stories"][0]["title"] == "Low Tide" and rows["stories"][0]["n_dialogue"] == 1
    quote = rows["quotes"][0]
    assert quote["text"] == '"Hush,"' and quote["speaker_name"] == "Emeric Hollis"
    assert quote["chapter"] == 1 and quote["scene"] == 1
    assert {(a["alias"], a["kind"]) for a in rows["aliases"]} == {("Emeric", "name"), ("the keeper", "epithet")}
    assert {(t["source"], t["kind"], t["value"]) for t in rows["tags"]} == {
        ("work", "freeform", "Fluff"), ("suggested", "rating", "Teen And Up Audiences")}
    failed = story_rows("s2", Outcome("bad.txt", "def", 0, "text", None, "bad.txt is empty"))
    assert list(failed) == ["stories"] and failed["stories"][0]["status"] == "error"


def test_build_stores_every_story_once(corpus: tuple[Path, Path, list[str]]) -> None:
    root, db, names = corpus
    with Store(db, read_only=True) as store:
        _, rows = store.query("SELECT path, status, story_id FROM stories ORDER BY path")
        assert [r[0] for r in rows] == sorted(names)
        assert all(r[1] == "ok" and r[2] == story_id(r[0]) for r in rows)
        _, quotes = store.query("SELECT count(*) FROM quotes WHERE kind = 'dialogue' AND speaker_name IS NOT NULL")
        assert quotes[0][0] > 20
        _, texts = store.query("SELECT count(*) FROM texts")
        assert texts[0][0] == len(names)


def test_rerun_skips_unchanged_and_redoes_a_changed_file(corpus: tuple[Path, Path, list[str]], tmp_path: Path) -> None:
    root, ref, names = corpus
    db = tmp_path / "copy.duckdb"
    db.write_bytes(ref.read_bytes())
    again = build(root, db, workers=1)
    assert again.analysed == 0 and again.skipped == len(names)
    changed = root / names[0]
    original = changed.read_bytes()
    try:
        changed.write_bytes(original + b'\n\n"One more thing," Orla said.\n')
        redo = build(root, db, workers=1)
        assert redo.analysed == 1 and redo.skipped == len(names) - 1
        with Store(db, read_only=True) as store:
            _, rows = store.query(f"SELECT count(*) FROM stories WHERE path = '{names[0]}'")
            assert rows[0][0] == 1
            _, quotes = store.query(f"SELECT count(*) FROM quotes q JOIN stories s USING (story_id) "
                                    f"WHERE s.path = '{names[0]}' AND q.text LIKE '%One more thing%'")
            assert quotes[0][0] == 1
    finally:
        changed.write_bytes(original)


def test_bad_files_are_recorded_and_the_run_goes_on(tmp_path: Path) -> None:
    root = tmp_path / "fics"
    make_corpus(root, copies=1)
    (root / "binary.txt").write_bytes(b"\x00\x01\x02\x03 not a story \x00" * 20)
    (root / "empty.md").write_bytes(b"")
    (root / "cut.epub").write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    db = tmp_path / "s.duckdb"
    r = run("corpus", "build", str(root), "--db", str(db), "--workers", "2")
    assert r.returncode == 1, r.stderr
    assert "Traceback" not in r.stderr
    for name in ("binary.txt", "empty.md", "cut.epub"):
        assert f"failed: {name}:" in r.stderr
    with Store(db, read_only=True) as store:
        _, rows = store.query("SELECT path, status, error FROM stories ORDER BY path")
    status = {r[0]: r[1] for r in rows}
    assert sum(s == "ok" for s in status.values()) == 4
    assert {p for p, s in status.items() if s == "error"} == {"binary.txt", "empty.md", "cut.epub"}
    assert all(r[2] for r in rows if r[1] == "error")


def _interrupted_then_resumed(corpus: tuple[Path, Path, list[str]], tmp_path: Path, sig: int) -> None:
    root, ref, names = corpus
    db = tmp_path / "s.duckdb"
    proc = subprocess.Popen([sys.executable, "-m", "fabula.cli", "corpus", "build", str(root), "--db", str(db),
                             "--workers", "1"], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                            start_new_session=True)
    done = 0
    try:
        assert proc.stderr is not None
        for line in proc.stderr:
            if "] ok " in line:
                done += 1
            if done == 3:
                proc.send_signal(sig)
                break
        proc.wait(timeout=60)
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # no orphaned worker survives the test
        except ProcessLookupError:
            pass
    assert done == 3
    assert proc.returncode == (130 if sig == signal.SIGINT else -signal.SIGKILL)
    with Store(db, read_only=True) as store:
        _, rows = store.query("SELECT count(*), count(DISTINCT path) FROM stories")
    assert 3 <= rows[0][0] < len(names) and rows[0][0] == rows[0][1]
    resumed = build(root, db, workers=2)
    assert resumed.skipped >= 3 and resumed.analysed + resumed.skipped == len(names)
    assert snapshot(db) == snapshot(ref)


def test_sigint_then_resume_equals_an_uninterrupted_run(corpus: tuple[Path, Path, list[str]], tmp_path: Path) -> None:
    _interrupted_then_resumed(corpus, tmp_path, signal.SIGINT)


def test_sigkill_then_resume_equals_an_uninterrupted_run(corpus: tuple[Path, Path, list[str]], tmp_path: Path) -> None:
    _interrupted_then_resumed(corpus, tmp_path, signal.SIGKILL)


def test_dask_engine_builds_the_same_store(corpus: tuple[Path, Path, list[str]], tmp_path: Path) -> None:
    root, ref, names = corpus
    db = tmp_path / "dask.duckdb"
    summary = build(root, db, engine="dask", workers=2)
    assert summary.analysed == len(names) and not summary.failed
    assert snapshot(db) == snapshot(ref)
    with Store(db, read_only=True) as store:
        _, engines = store.query("SELECT DISTINCT engine FROM runs")
    assert engines == [("dask:local/2",)]


def test_query_formats_and_errors(corpus: tuple[Path, Path, list[str]]) -> None:
    _, db, names = corpus
    sql = "SELECT path, words FROM stories ORDER BY path LIMIT 2"
    as_json = run("corpus", "query", str(db), sql, "--format", "json")
    assert as_json.returncode == 0, as_json.stderr
    records = json.loads(as_json.stdout)
    assert [r["path"] for r in records] == sorted(names)[:2] and all(r["words"] > 0 for r in records)
    as_csv = run("corpus", "query", str(db), sql, "--format", "csv")
    assert as_csv.stdout.splitlines()[0] == "path,words" and len(as_csv.stdout.splitlines()) == 3
    table = run("corpus", "query", str(db), sql)
    assert sorted(names)[0] in table.stdout and "2 rows" in table.stdout
    bad = run("corpus", "query", str(db), "SELECT * FROM no_such_table")
    assert bad.returncode == 2 and bad.stderr.startswith("fabula: error: query failed") and "Traceback" not in bad.stderr
    missing = run("corpus", "query", str(db.parent / "nope.duckdb"), "SELECT 1")
    assert missing.returncode == 2 and "no corpus store" in missing.stderr


def test_a_result_too_wide_for_the_terminal_is_shown_one_record_at_a_time(corpus: tuple[Path, Path, list[str]]) -> None:
    _, db, names = corpus
    with Store(db, read_only=True) as store:
        columns, _ = store.query("SELECT * FROM stories LIMIT 1")
    assert len(columns) > 10
    wide = run("corpus", "query", str(db), "SELECT * FROM stories ORDER BY path LIMIT 2")
    assert wide.returncode == 0, wide.stderr
    # every column's name and the values are on the screen (an 80-column grid of 30 columns showed none)
    assert all(c in wide.stdout for c in columns) and sorted(names)[0] in wide.stdout
    assert "row 1" in wide.stdout and "row 2" in wide.stdout and "2 rows" in wide.stdout


def test_export_to_parquet_reads_back(corpus: tuple[Path, Path, list[str]], tmp_path: Path) -> None:
    _, db, names = corpus
    r = run("corpus", "export", str(db), "--to", "parquet", str(tmp_path / "out"))
    assert r.returncode == 0, r.stderr
    quotes = tmp_path / "out" / "quotes.parquet"
    assert quotes.exists()
    con = duckdb.connect()
    n_parquet = con.execute(f"SELECT count(*) FROM read_parquet('{quotes}')").fetchone()
    n_store = duckdb.connect(str(db), read_only=True).execute("SELECT count(*) FROM quotes").fetchone()
    assert n_parquet == n_store
    stories = con.execute(f"SELECT count(*) FROM read_parquet('{tmp_path / 'out' / 'stories.parquet'}')").fetchone()
    assert stories == (len(names),)


def test_build_refuses_a_missing_directory_and_a_stray_scheduler(tmp_path: Path) -> None:
    r = run("corpus", "build", str(tmp_path / "nowhere"), "--db", str(tmp_path / "x.duckdb"))
    assert r.returncode == 2 and "neither a file nor a directory" in r.stderr
    r = run("corpus", "build", str(tmp_path), "--scheduler", "tcp://127.0.0.1:1")
    assert r.returncode == 2 and "--scheduler needs --engine dask" in r.stderr


def test_a_file_over_the_size_limit_is_recorded_not_read(tmp_path: Path) -> None:
    root = tmp_path / "fics"
    root.mkdir()
    (root / "big.txt").write_text("word " * 5000)
    started = time.perf_counter()
    summary = build(root, tmp_path / "s.duckdb", workers=1, max_bytes=1000)
    assert summary.failed and "over the 1,000-byte limit" in summary.failed[0][1]
    assert time.perf_counter() - started < 60


def test_corpus_commands_leave_no_binding_noise_on_stderr(corpus: tuple[Path, Path, list[str]]) -> None:
    """DuckDB's bindings print ~47 lines of 'nanobind: leaked …' when its objects outlive the interpreter."""
    _, db, _ = corpus
    ok = run("corpus", "query", str(db), "SELECT count(*) FROM stories")
    failed = run("corpus", "query", str(db), "SELECT * FROM no_such_table")
    assert ok.returncode == 0 and failed.returncode == 2
    for r in (ok, failed):
        assert "nanobind" not in r.stderr and "leaked" not in r.stderr, r.stderr
    assert failed.stderr.count("\n") == 1


LOCKED_OUT = [
    "SELECT content FROM read_text('{secret}')",
    "SELECT * FROM glob('{dir}/*')",
    "SELECT * FROM read_csv('{secret}')",
    "COPY (SELECT 1) TO '{dir}/written.csv'",
    "EXPORT DATABASE '{dir}/exported'",
    "ATTACH '{dir}/other.duckdb' AS other",
    "INSTALL httpfs",
    "LOAD httpfs",
    "SET enable_external_access = true",
    "RESET enable_external_access",
    "SET lock_configuration = false",
    "SET enable_external_access = true; SELECT content FROM read_text('{secret}')",
    "CREATE TABLE stolen AS SELECT 1",
    "DELETE FROM stories",
]


@pytest.mark.parametrize("sql", LOCKED_OUT)
def test_a_query_reads_the_store_and_nothing_else(corpus: tuple[Path, Path, list[str]], tmp_path: Path, sql: str) -> None:
    _, db, names = corpus
    secret = tmp_path / "secret.txt"
    secret.write_text("the password is swordfish\n")
    (tmp_path / "other.duckdb").write_bytes(db.read_bytes())
    r = run("corpus", "query", str(db), sql.format(secret=secret, dir=tmp_path))
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert r.stderr.startswith("fabula: error: query ") and r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
    assert "swordfish" not in r.stdout + r.stderr
    assert not (tmp_path / "written.csv").exists() and not (tmp_path / "exported").exists()
    with Store(db, read_only=True) as store:
        assert store.query("SELECT count(*) FROM stories")[1] == [(len(names),)]


def test_query_json_takes_every_duckdb_type(corpus: tuple[Path, Path, list[str]]) -> None:
    """Time zones (pytz is not installed), UUID, BLOB, INTERVAL, NaN and infinities all give valid JSON."""
    _, db, _ = corpus
    sql = ("SELECT now() AS now, TIMESTAMPTZ '2024-05-01 10:00:00+02' AS tz, uuid() AS id, '\\xFF\\x00ab'::BLOB AS raw, "
           "INTERVAL 3 DAY AS span, 'nan'::DOUBLE AS nan, 'inf'::DOUBLE AS inf, [1.5, 'nan'::DOUBLE] AS xs, "
           "1.25::DECIMAL(5, 2) AS money, '101'::BIT AS bits, max(analysed_at) AS last FROM runs")
    r = run("corpus", "query", str(db), sql, "--format", "json")
    assert r.returncode == 0, r.stderr
    row = json.loads(r.stdout, parse_constant=lambda c: pytest.fail(f"{c} is not JSON"))[0]
    instant = datetime.datetime(2024, 5, 1, 8, tzinfo=datetime.timezone.utc)
    assert datetime.datetime.fromisoformat(row["tz"]) == instant  # in the machine's time zone
    assert row["span"] == "3 days" and row["raw"] == "\\xFF\\x00ab"
    assert len(row["id"]) == 36 and row["nan"] is None and row["inf"] is None and row["xs"] == [1.5, None]
    assert row["money"] == 1.25 and row["bits"] == "101" and row["last"].startswith("20")
    for fmt in ("table", "csv"):
        other = run("corpus", "query", str(db), sql, "--format", fmt)
        assert other.returncode == 0 and "Traceback" not in other.stderr and "pytz" not in other.stderr, other.stderr


def test_export_onto_an_existing_file_is_one_line(corpus: tuple[Path, Path, list[str]], tmp_path: Path) -> None:
    _, db, _ = corpus
    target = tmp_path / "notes.txt"
    target.write_text("mine")
    r = run("corpus", "export", str(db), str(target))
    assert r.returncode == 2 and r.stderr.startswith("fabula: error: ") and "not a directory" in r.stderr
    assert r.stderr.count("\n") == 1 and target.read_text() == "mine"


def test_a_worker_killed_mid_build_is_replaced_and_its_stories_retried(tmp_path: Path) -> None:
    """kill -9 of a pool worker (what the out-of-memory killer does) costs a retry, not the build."""
    from tests.hostile_shapes import prose

    root = tmp_path / "fics"
    names = make_corpus(root, copies=1)
    (root / "long.txt").write_bytes(prose(30_000)[0])  # largest first: a worker is on it when the kill comes
    db = tmp_path / "s.duckdb"
    proc = subprocess.Popen([sys.executable, "-m", "fabula.cli", "corpus", "build", str(root), "--db", str(db),
                             "--workers", "2"], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                            start_new_session=True)
    lines = []
    killed: list[int] = []
    try:
        assert proc.stderr is not None
        for line in proc.stderr:
            lines.append(line)
            if "] ok " in line and not killed:
                killed = spawned_children(proc.pid)
                for pid in killed:
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass  # the runner, seeing the first worker die, stopped the pool's others itself
        proc.wait(timeout=300)
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    err = "".join(lines)
    assert killed, err
    assert proc.returncode == 0, err
    assert "Traceback" not in err and "internal error" not in err
    assert "were run again" in err or "was run again" in err
    with Store(db, read_only=True) as store:
        _, rows = store.query("SELECT path, status FROM stories ORDER BY path")
    assert sorted(p for p, _ in rows) == sorted([*names, "long.txt"]) and {s for _, s in rows} == {"ok"}


def test_unreadable_and_vanished_entries_are_recorded_and_the_build_goes_on(tmp_path: Path) -> None:
    root = tmp_path / "fics"
    make_corpus(root, copies=1)
    (root / "mem.txt").symlink_to("/proc/self/mem")  # a regular file to stat that no read succeeds on
    (root / "dangling.md").symlink_to(tmp_path / "gone.md")  # listed, then missing
    locked = root / "locked.txt"
    locked.write_text("secret")
    locked.chmod(0)
    db = tmp_path / "s.duckdb"
    r = run("corpus", "build", str(root), "--db", str(db), "--workers", "1")
    assert r.returncode == 1 and "Traceback" not in r.stderr and "internal error" not in r.stderr, r.stderr
    with Store(db, read_only=True) as store:
        _, rows = store.query("SELECT path, status, error FROM stories ORDER BY path")
    status = {p: (s, e) for p, s, e in rows}
    root_user = os.geteuid() == 0  # root reads a mode-000 file
    assert sum(s == "ok" for s, _ in status.values()) == 4 + root_user
    assert status["mem.txt"][0] == "error" and "cannot read" in status["mem.txt"][1]
    assert "failed: mem.txt:" in r.stderr and "dangling.md" not in status
    assert status["locked.txt"][0] == ("ok" if root_user else "error")


def test_a_file_deleted_after_the_listing_is_recorded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from fabula.corpus import runner

    root = tmp_path / "fics"
    make_corpus(root, copies=1)
    listed = runner.discover(root) + [root / "deleted.txt"]
    monkeypatch.setattr(runner, "discover", lambda _root: listed)
    summary = runner.build(root, tmp_path / "s.duckdb", workers=1)
    assert summary.analysed == 5 and [p for p, _ in summary.failed] == ["deleted.txt"]
    assert "No such file" in summary.failed[0][1]


def test_an_oversized_file_is_refused_from_its_size_without_hashing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from fabula.corpus import runner

    root = tmp_path / "fics"
    root.mkdir()
    with open(root / "sparse.txt", "wb") as fh:
        fh.truncate(20 * 2**30)  # 20 GB that take no disk
    (root / "small.txt").write_bytes(EXAMPLE.read_bytes())
    hashed: list[str] = []
    real = runner.file_hash
    monkeypatch.setattr(runner, "file_hash", lambda p: hashed.append(p.name) or real(p))
    summary = build(root, tmp_path / "s.duckdb", workers=1)
    assert hashed == ["small.txt"]
    assert [p for p, _ in summary.failed] == ["sparse.txt"] and "limit" in summary.failed[0][1]
    again = build(root, tmp_path / "s.duckdb", workers=1)
    assert again.skipped == 2 and hashed == ["small.txt", "small.txt"]


def test_a_full_disk_is_reported_as_itself(tmp_path: Path) -> None:
    """The failed COMMIT's 'No space left on device' is the message, not the ROLLBACK's error after it."""
    from fabula.errors import FabulaError

    class FullDisk:
        def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
            self.con = con

        def execute(self, sql: str, *args: object) -> object:
            if sql == "COMMIT":
                raise duckdb.IOException('IO Error: Could not write file "s.duckdb.wal": No space left on device')
            if sql == "ROLLBACK":
                raise duckdb.TransactionException("TransactionContext Error: cannot rollback - no transaction is active")
            return self.con.execute(sql, *args)

        def __getattr__(self, name: str) -> object:
            return getattr(self.con, name)

    store = Store(tmp_path / "s.duckdb")
    real = store.con
    store.con = FullDisk(real)
    outcome = Outcome("a.txt", "abc", 10, "text", None, "boom")
    with pytest.raises(FabulaError, match="No space left on device"):
        store.write(outcome, "local", "0")
    real.close()


def test_query_table_shows_escape_codes_instead_of_sending_them(corpus: tuple[Path, Path, list[str]]) -> None:
    _, db, _ = corpus
    r = run("corpus", "query", str(db), "SELECT chr(27) || '[2J' || chr(27) || ']0;pwned' || chr(7) AS \"a\" || chr(155)")
    assert r.returncode == 2  # (a bad alias: refused, one line)
    r = run("corpus", "query", str(db), "SELECT chr(27) || '[2J' || chr(27) || ']0;pwned' || chr(7) || chr(155) AS a")
    assert r.returncode == 0, r.stderr
    assert not any(ch in r.stdout for ch in "\x1b\x07\x9b") and "\\x1b[2J" in r.stdout


def test_an_unnamed_speaker_is_marked_in_the_store_and_an_older_store_gains_the_column(tmp_path: Path) -> None:
    import fabula

    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    # a store built before characters had an "unnamed" column
    con.execute("CREATE TABLE characters (story_id VARCHAR, character_id VARCHAR, name VARCHAR, gender VARCHAR, "
                "mentions INTEGER, lines INTEGER)")
    con.close()
    story = fabula.read(b'Aurelio Bassi woke in a white room. His sister Paola slept by the window.\n\n'
                        b'"You\'re awake," the nurse said.\n\n"Where am I?" said Aurelio.\n', until="speakers")
    js = story.to_dict()
    with Store(db) as store:
        store.write(Outcome("nurse.txt", "h", 100, "text", js), "local", "test")
    con = duckdb.connect(str(db), read_only=True)
    rows = dict(con.execute("SELECT name, unnamed FROM characters").fetchall())
    con.close()
    assert rows["the nurse"] is True and rows["Aurelio Bassi"] is False


def test_the_build_counts_a_storys_words_as_read_does(tmp_path: Path) -> None:
    import fabula

    folder = tmp_path / "fics"
    folder.mkdir()
    (folder / EXAMPLE.name).write_bytes(EXAMPLE.read_bytes())
    r = run("corpus", "build", str(folder), "--db", str(tmp_path / "c.duckdb"))
    assert r.returncode == 0, r.stderr
    words = fabula.read(EXAMPLE, until="stats").work.words
    assert f"{EXAMPLE.name} ({words:,} words" in r.stderr  # notes left out, as `fabula read` counts
    with Store(tmp_path / "c.duckdb", read_only=True) as store:
        assert store.query("SELECT words FROM stories")[1] == [(words,)]
