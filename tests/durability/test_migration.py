"""Upgrades: backed up first, one transaction per step, all or nothing; newer files untouched."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from newsreader.core.errors import LibraryError
from newsreader.core.opening import open_for_use
from newsreader.core.store.backup import backups
from newsreader.core.store.connection import connect
from newsreader.core.store.schema import MIGRATIONS, SCHEMA_VERSION, migrate

from .helpers import (
    SEEDED,
    connect_plain,
    env,
    make_folder,
    no_traceback,
    run_cli,
    seed_library,
)


def _dump(path: Path) -> tuple[int, list[str]]:
    conn = connect_plain(path)
    try:
        return (conn.execute("PRAGMA user_version").fetchone()[0], list(conn.iterdump()))
    finally:
        conn.close()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _old_library(path: Path, version: int = SCHEMA_VERSION - 1) -> Path:
    """A library as an older app left it, with articles in it."""
    conn = connect(path)
    try:
        migrate(conn, MIGRATIONS[:version])
        conn.executemany(
            "INSERT INTO articles (url, content_hash, title, added_at, body_text) VALUES "
            "(?,?,?,?,?)",
            [
                (
                    f"https://old.example/{i}",
                    f"h{i}",
                    f"Old story {i}",
                    "2023-01-01T00:00:00Z",
                    f"Body {i}",
                )
                for i in range(300)
            ],
        )
    finally:
        conn.close()
    return path


def _failing_step(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TABLE half_done (x INTEGER)")
    conn.execute("INSERT INTO half_done VALUES (1)")
    conn.execute("ALTER TABLE articles ADD COLUMN half TEXT")
    conn.execute("UPDATE articles SET note = 'migrated'")
    raise RuntimeError("step failed halfway")


def test_a_migration_that_raises_halfway_changes_nothing(tmp_path: Path) -> None:
    library = seed_library(tmp_path / "library.sqlite")
    before = _dump(library)
    conn = connect(library)
    try:
        with pytest.raises(RuntimeError, match="halfway"):
            migrate(conn, [*MIGRATIONS, _failing_step])
        bad_sql = ["CREATE TABLE half_done (x INTEGER)", "INSERT INTO half_done VALUES (1)",
                   "ALTER TABLE no_such_table ADD COLUMN y"]
        with pytest.raises(sqlite3.OperationalError):
            migrate(conn, [*MIGRATIONS, bad_sql])
        assert not conn.in_transaction
    finally:
        conn.close()
    assert _dump(library) == before


def test_a_migration_killed_halfway_changes_nothing(tmp_path: Path) -> None:
    """A real process dies (SIGKILL) in the middle of a migration step."""
    library = seed_library(tmp_path / "library.sqlite")
    before = _dump(library)
    code = (
        "import os, signal, sys\n"
        "from newsreader.core.store.connection import connect\n"
        "from newsreader.core.store.schema import MIGRATIONS, migrate\n"
        "def step(conn):\n"
        "    conn.execute('CREATE TABLE half_done (x INTEGER)')\n"
        "    conn.execute(\"UPDATE articles SET note = 'migrated', title = title || '!'\")\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
        "migrate(connect(sys.argv[1]), [*MIGRATIONS, step])\n")
    result = subprocess.run([sys.executable, "-c", code, str(library)], check=False, env=env())
    assert result.returncode == -9
    assert _dump(library) == before


def test_an_old_library_is_backed_up_then_upgraded(tmp_path: Path) -> None:
    library = _old_library(tmp_path / "library.sqlite")
    before = _dump(library)
    lib, notices = open_for_use(library)
    with lib:
        assert lib.count() == 300
        lib.set_read([1])  # the upgraded library is writable
    made = backups(library)
    assert len(made) == 1 and made[0].name.endswith(f"-before-migration-{SCHEMA_VERSION}.sqlite")
    assert _dump(made[0]) == before  # the backup is the library exactly as it was
    assert any(str(made[0]) in notice for notice in notices)
    assert _dump(library)[0] == SCHEMA_VERSION
    lib, notices = open_for_use(library)  # no second backup once it is up to date
    lib.close()
    assert notices == [] and len(backups(library)) == 1


def test_no_upgrade_without_a_backup(tmp_path: Path) -> None:
    library = _old_library(tmp_path / "library.sqlite")
    before = _dump(library)
    (tmp_path / "backups").write_text("a file where the backup folder should be")
    with pytest.raises(LibraryError, match="backup"):
        open_for_use(library)
    assert _dump(library) == before


def test_a_newer_library_opens_read_only_and_is_never_touched(tmp_path: Path) -> None:
    library = seed_library(tmp_path / "library.sqlite")
    conn = sqlite3.connect(library)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    digest = _sha(library)
    lib, notices = open_for_use(library)
    with lib:
        assert lib.read_only
        assert lib.count() == SEEDED
        with pytest.raises(LibraryError, match="read-only"):
            lib.set_read([1])
    assert any("newer Newsreader" in notice for notice in notices)
    result = run_cli(library, "import", "--no-entities", str(make_folder(tmp_path / "in", 10)))
    assert result.returncode == 1 and no_traceback(result)
    assert "newer Newsreader" in result.stderr
    assert _sha(library) == digest
    assert backups(library, verified=False) == []
