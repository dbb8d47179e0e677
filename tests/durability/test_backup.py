"""Verified, rolling backups and restoring one."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsreader.core.errors import CorruptLibraryError, LibraryBusyError, LibraryError
from newsreader.core.ingest.importer import BATCH_SIZE
from newsreader.core.library import Library
from newsreader.core.opening import close_for_use, open_for_use
from newsreader.core.store.backup import (
    backup_time,
    backup_to,
    backups,
    latest_backup,
    needs_daily_backup,
    restore,
    rolling_backup,
)

from .helpers import (
    SEEDED,
    article_count,
    cli_args,
    consistency_problems,
    env,
    make_folder,
    no_traceback,
    run_cli,
    seed_library,
    seeded_problems,
)


def _journal_mode(path: Path) -> str:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        conn.close()


def test_backup_is_verified_self_contained_and_never_overwrites(tmp_path: Path) -> None:
    library = seed_library(tmp_path / "library.sqlite")
    target = backup_to(library, tmp_path / "copies" / "one.sqlite")
    assert target.exists() and not Path(f"{target}.tmp").exists()
    assert not Path(f"{target}-wal").exists()
    assert _journal_mode(target) == "delete"  # one file, usable on its own
    assert consistency_problems(target) == []
    assert seeded_problems(target) == []
    with pytest.raises(LibraryError, match="already exists"):
        backup_to(library, target)


def test_backup_includes_what_is_only_in_the_wal(tmp_path: Path) -> None:
    """A writer killed before any checkpoint: its commits live only in -wal; a backup
    must have them (copying the main file alone would lose them)."""
    library = seed_library(tmp_path / "library.sqlite")
    code = ("import sqlite3, os, signal, sys\n"
            "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
            "c.execute('PRAGMA wal_autocheckpoint = 0')\n"
            "c.execute(\"UPDATE articles SET note = 'only in the log' WHERE id = 2\")\n"
            "os.kill(os.getpid(), signal.SIGKILL)\n")
    subprocess.run([sys.executable, "-c", code, str(library)], check=False, env=env())
    assert Path(f"{library}-wal").stat().st_size > 0
    copy = backup_to(library, tmp_path / "copy.sqlite")
    conn = sqlite3.connect(copy)
    try:
        assert conn.execute("SELECT note FROM articles WHERE id = 2").fetchone()[0] == "only in the log"
    finally:
        conn.close()


def test_backup_during_a_running_import_is_a_consistent_snapshot(tmp_path: Path) -> None:
    library = seed_library(tmp_path / "library.sqlite")
    folder = make_folder(tmp_path / "in", 6000)
    child = subprocess.Popen(cli_args(library, "import", "--no-entities", str(folder)),
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env())
    made = []
    try:
        while child.poll() is None and len(made) < 20:
            made.append(rolling_backup(library, keep=100, reason="during import"))
    finally:
        child.wait(timeout=120)
    assert child.returncode == 0
    for copy in made:
        assert consistency_problems(copy) == []
        assert (article_count(copy) - SEEDED) % BATCH_SIZE == 0


def test_rolling_backups_are_named_pruned_and_listed_newest_first(tmp_path: Path) -> None:
    library = seed_library(tmp_path / "library.sqlite")
    assert needs_daily_backup(library)
    assert latest_backup(library) is None
    made = [rolling_backup(library, keep=3, reason=f"Test {n}!") for n in range(5)]
    folder = tmp_path / "backups"
    assert sorted(folder.iterdir()) == sorted(made[2:])  # only the newest 3 are kept
    assert made[0].name.startswith("library-") and made[0].name.endswith("-test-0.sqlite")
    assert backups(library) == list(reversed(made[2:]))
    assert latest_backup(library) == made[-1]
    assert not needs_daily_backup(library)
    taken = backup_time(made[-1])
    assert taken is not None and abs(taken.timestamp() - time.time()) < 60
    # a damaged newest backup is skipped, an old one makes the daily backup due
    made[-1].write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    assert latest_backup(library) == made[-2]
    assert made[-1] not in backups(library) and made[-1] in backups(library, verified=False)
    for path in folder.iterdir():
        path.rename(folder / path.name.replace("library-2", "library-1", 1))
    assert needs_daily_backup(library)


def test_close_for_use_takes_the_daily_backup_only_when_due(tmp_path: Path) -> None:
    library = seed_library(tmp_path / "library.sqlite")
    lib, notices = open_for_use(library)
    assert notices == []
    assert close_for_use(lib) == []
    first = backups(library)
    assert len(first) == 1 and "-daily" in first[0].name
    lib, _ = open_for_use(library)
    close_for_use(lib)
    assert backups(library) == first
    assert not Path(f"{library}-wal").exists()


def test_restore_moves_the_current_file_aside_and_puts_the_backup_in(tmp_path: Path) -> None:
    library = seed_library(tmp_path / "library.sqlite")
    saved = rolling_backup(library, reason="manual")
    with Library(library) as lib:
        lib.delete_articles(range(1, 101))
    assert article_count(library) == SEEDED - 100
    replaced = restore(saved, library)
    assert replaced is not None and replaced.name.startswith("library.sqlite.replaced-")
    assert article_count(replaced) == SEEDED - 100  # kept, not deleted
    assert article_count(library) == SEEDED
    assert seeded_problems(library) == []
    for suffix in ("-wal", "-shm"):
        assert not Path(f"{library}{suffix}").exists()
        assert not Path(f"{replaced}{suffix}").exists()
    lib, _ = open_for_use(library)
    with lib:
        assert lib.count() == SEEDED
        lib.set_read([SEEDED], True)  # writable again


def test_restore_refuses_while_the_library_is_open_elsewhere(tmp_path: Path) -> None:
    library = seed_library(tmp_path / "library.sqlite")
    saved = rolling_backup(library)
    code = ("import sqlite3, sys, time\n"
            "c = sqlite3.connect(sys.argv[1])\n"
            "c.execute('SELECT count(*) FROM articles').fetchone()\n"
            "print('open', flush=True)\ntime.sleep(30)\n")
    holder = subprocess.Popen([sys.executable, "-c", code, str(library)],
                              stdout=subprocess.PIPE, text=True, env=env())
    try:
        assert holder.stdout.readline().strip() == "open"  # type: ignore[union-attr]
        before = library.read_bytes()
        with pytest.raises(LibraryBusyError, match="close it"):
            restore(saved, library)
        assert library.read_bytes() == before
        assert list(tmp_path.glob("library.sqlite.re*")) == []
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=10)
        holder.stdout.close()  # type: ignore[union-attr]


def test_restore_refuses_a_damaged_backup(tmp_path: Path) -> None:
    library = seed_library(tmp_path / "library.sqlite")
    saved = rolling_backup(library)
    data = bytearray(saved.read_bytes())
    data[len(data) // 2: len(data) // 2 + 8192] = os.urandom(8192)
    saved.write_bytes(bytes(data))
    before = library.read_bytes()
    with pytest.raises(CorruptLibraryError, match="backup"):
        restore(saved, library)
    assert library.read_bytes() == before


def _cli_has(command: str) -> bool:
    from newsreader import cli

    try:
        cli.build_parser().parse_args([command])
    except SystemExit:
        return False
    return True


@pytest.mark.skipif(not _cli_has("backup"),
                    reason="cli.py has no backup/restore commands yet (integration pending)")
def test_cli_backup_and_restore(tmp_path: Path) -> None:
    library = seed_library(tmp_path / "library.sqlite")
    result = run_cli(library, "backup")
    assert result.returncode == 0, result.stderr
    made = latest_backup(library)
    assert made is not None and str(made) in result.stdout
    target = tmp_path / "elsewhere" / "copy.sqlite"
    assert run_cli(library, "backup", "--to", str(target)).returncode == 0
    assert consistency_problems(target) == []
    with Library(library) as lib:
        lib.delete_articles([1, 2, 3])
    result = run_cli(library, "restore", str(target))
    assert result.returncode == 0, result.stderr
    assert article_count(library) == SEEDED
    assert list(tmp_path.glob("library.sqlite.replaced-*"))
    bad = run_cli(library, "restore", str(tmp_path / "missing.sqlite"))
    assert bad.returncode == 1 and no_traceback(bad)
