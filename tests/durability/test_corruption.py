"""A damaged library is set aside (never overwritten), and the newest good backup offered."""

from __future__ import annotations

import inspect
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from newsreader import cli
from newsreader.core.errors import CorruptLibraryError, LibraryError
from newsreader.core.opening import check_library, open_for_use
from newsreader.core.store import integrity
from newsreader.core.store.backup import restore, rolling_backup
from newsreader.core.store.integrity import quarantine, quick_check_warranted
from newsreader.core.store.locking import WriterLock

from .helpers import SEEDED, article_count, env, run_cli, seed_library, seeded_problems

CLI_INTEGRATED = "open_for_use" in inspect.getsource(cli)
PAGE = 4096


def _overwrite_pages(path: Path, count: int = 6, seed: int = 7) -> None:
    """Random bytes over ``count`` whole pages, never page 1 (the header)."""
    rng = random.Random(seed)
    data = bytearray(path.read_bytes())
    pages = len(data) // PAGE
    for page in rng.sample(range(2, pages), min(count, pages - 2)):
        data[page * PAGE:(page + 1) * PAGE] = rng.randbytes(PAGE)
    path.write_bytes(bytes(data))


def _library_with_backup(tmp_path: Path) -> tuple[Path, Path]:
    library = seed_library(tmp_path / "library.sqlite")
    return library, rolling_backup(library, reason="daily")


def _recovered(error: CorruptLibraryError, library: Path) -> None:
    """The damaged file is kept aside, the backup is offered and restores cleanly."""
    assert error.damaged is not None and error.damaged.exists()
    assert error.damaged.name.startswith("library.sqlite.damaged-")
    assert str(error.damaged) in str(error) and str(error.backup) in str(error)
    assert not library.exists()
    assert error.backup is not None
    assert restore(error.backup, library) is None  # nothing left in the way
    lib, _ = open_for_use(library)
    with lib:
        assert lib.count() == SEEDED
    assert seeded_problems(library) == []


def test_overwritten_pages_are_caught_and_recovered_from_backup(tmp_path: Path) -> None:
    library, saved = _library_with_backup(tmp_path)
    _overwrite_pages(library)
    damaged_bytes = library.read_bytes()
    with pytest.raises(CorruptLibraryError) as caught:
        open_for_use(library)
    assert caught.value.backup == saved
    assert caught.value.damaged.read_bytes() == damaged_bytes  # moved, not changed
    _recovered(caught.value, library)


@pytest.mark.parametrize("keep", [0.5, 0.5 + 1 / 3000, 50 / 1e9])
def test_truncated_library_is_caught(tmp_path: Path, keep: float) -> None:
    library, saved = _library_with_backup(tmp_path)
    size = library.stat().st_size
    with library.open("r+b") as handle:
        handle.truncate(max(50, int(size * keep)))
    with pytest.raises(CorruptLibraryError, match="truncated") as caught:
        open_for_use(library)
    assert caught.value.backup == saved
    _recovered(caught.value, library)


def test_library_truncated_to_nothing_is_not_taken_for_a_new_one(tmp_path: Path) -> None:
    library, _ = _library_with_backup(tmp_path)
    library.write_bytes(b"")
    with pytest.raises(CorruptLibraryError, match="0 bytes") as caught:
        open_for_use(library, with_sample=True)
    _recovered(caught.value, library)


def test_overwritten_header_of_a_known_library_is_damage(tmp_path: Path) -> None:
    library, _ = _library_with_backup(tmp_path)
    with library.open("r+b") as handle:
        handle.write(os.urandom(100))
    with pytest.raises(CorruptLibraryError) as caught:
        open_for_use(library)
    _recovered(caught.value, library)


def test_someone_elses_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    other = tmp_path / "notes.sqlite"
    other.write_text("my notes, not a database\n" * 100)
    before = other.read_bytes()
    with pytest.raises(LibraryError, match="not a Newsreader library"):
        open_for_use(other)
    assert other.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.sqlite"]


def test_damage_found_after_a_crash_moves_the_log_files_too(tmp_path: Path) -> None:
    library, _ = _library_with_backup(tmp_path)
    code = ("import sqlite3, os, signal, sys\n"
            "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
            "c.execute('PRAGMA wal_autocheckpoint = 0')\n"
            "c.execute(\"UPDATE articles SET note = 'x' WHERE id = 3\")\n"
            "os.kill(os.getpid(), signal.SIGKILL)\n")
    subprocess.run([sys.executable, "-c", code, str(library)], check=False, env=env())
    assert Path(f"{library}-wal").exists()
    _overwrite_pages(library, seed=11)
    with pytest.raises(CorruptLibraryError) as caught:
        open_for_use(library)
    damaged = caught.value.damaged
    assert Path(f"{damaged}-wal").exists()
    assert not Path(f"{library}-wal").exists() and not Path(f"{library}-shm").exists()
    _recovered(caught.value, library)


def test_no_backup_still_sets_the_damaged_file_aside(tmp_path: Path) -> None:
    library = seed_library(tmp_path / "library.sqlite")
    _overwrite_pages(library)
    with pytest.raises(CorruptLibraryError, match="no backup") as caught:
        open_for_use(library)
    assert caught.value.backup is None and caught.value.damaged.exists()
    lib, notices = open_for_use(library)  # a new, empty library, and the user is told why
    with lib:
        assert lib.count() == 0
    assert any(str(caught.value.damaged) in notice for notice in notices)


def test_quarantine_never_overwrites(tmp_path: Path) -> None:
    library = seed_library(tmp_path / "library.sqlite")
    first = quarantine(library)
    library.write_bytes(b"second")
    second = quarantine(library)
    assert first != second and first.exists() and second.read_bytes() == b"second"


def test_quick_check_policy_for_big_libraries(tmp_path: Path, monkeypatch) -> None:
    library = seed_library(tmp_path / "library.sqlite")
    assert quick_check_warranted(library)  # small: every open
    monkeypatch.setattr(integrity, "ALWAYS_CHECK_BYTES", 0)  # as if it were big
    assert not quick_check_warranted(library)  # closed cleanly: the header check only
    code = ("import sqlite3, os, signal, sys\n"
            "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
            "c.execute(\"UPDATE articles SET note = 'x' WHERE id = 3\")\n"
            "os.kill(os.getpid(), signal.SIGKILL)\n")
    subprocess.run([sys.executable, "-c", code, str(library)], check=False, env=env())
    assert quick_check_warranted(library)  # the last session did not close cleanly
    check_library(library)  # and it is sound
    with WriterLock(library):  # a live app window explains the log: no check
        assert not quick_check_warranted(library)
    assert quick_check_warranted(library)


@pytest.mark.skipif(not CLI_INTEGRATED, reason="cli.main does not call open_for_use yet "
                                               "(integration pending)")
def test_cli_reports_both_paths_and_fails(tmp_path: Path) -> None:
    library, saved = _library_with_backup(tmp_path)
    _overwrite_pages(library)
    result = run_cli(library, "list")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    damaged = next(tmp_path.glob("library.sqlite.damaged-*[0-9Z]"))
    assert str(damaged) in result.stderr and str(saved) in result.stderr
    assert not library.exists()
    assert run_cli(library, "restore", str(saved)).returncode == 0
    assert article_count(library) == SEEDED
