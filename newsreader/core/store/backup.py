"""Verified backups of the library, and restoring one.

A backup is made with SQLite's online backup API, never by copying the file: the
API reads the database as one consistent snapshot *through* its write-ahead log,
while other connections go on reading and writing. The copy is written to
``<target>.tmp``, switched out of WAL mode (one self-contained file), checked with
``PRAGMA integrity_check``, fsynced and only then renamed into place, so a file
with a backup's name is always a whole, verified database.

Rolling backups live in a ``backups/`` folder next to the library, named
``<stem>-<UTC time>[-<reason>].sqlite`` (``library-20261124T215600Z-before-migration-3.sqlite``);
the newest ``keep`` are kept.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import time
from datetime import UTC, datetime
from os import PathLike
from pathlib import Path

from ..errors import CorruptLibraryError, LibraryBusyError, LibraryError
from .files import SIDECARS, fsync_dir, fsync_file, move_no_overwrite, replace, set_aside, utc_stamp
from .integrity import check_rows, header_problem, run_check

DEFAULT_KEEP = 10
BACKUP_FOLDER = "backups"
DAILY_SECONDS = 24 * 60 * 60
#: Room left free on the disk after a backup, beyond the copy itself.
SPARE_BYTES = 16 * 1024 * 1024
_STAMP = re.compile(r"^\d{8}T\d{6}Z$")


def backup_to(source: sqlite3.Connection | str | PathLike[str], target: Path, *,
              check: str = "integrity_check") -> Path:
    """Copy the library (an open connection or a path) to ``target``, verified.

    Never overwrites: ``target`` must not exist. Raises LibraryError when there is
    no room or the copy cannot be written (nothing is left behind), and
    CorruptLibraryError when the copy fails ``check``, which means the library
    itself is damaged.
    """
    target = Path(target)
    if target.exists():
        raise LibraryError(f"{target} already exists: choose another name for the backup")
    own = not isinstance(source, sqlite3.Connection)
    source_path = Path(source) if own else _main_file(source)
    if own:
        if not source_path.exists() or source_path.stat().st_size == 0:
            raise LibraryError(f"no library at {source_path}")
        problem = header_problem(source_path)
        if problem is not None:
            raise CorruptLibraryError(f"the library {source_path} is damaged ({problem})",
                                      damaged=source_path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise LibraryError(f"cannot create backup folder {target.parent}: "
                           f"{error.strerror or error}") from error
    if source_path is not None:
        _check_room(source_path, target.parent)
    tmp = target.with_name(target.name + ".tmp")
    _unlink_quietly(tmp)
    src = _open_source(source_path) if own else source
    dst: sqlite3.Connection | None = None
    try:
        dst = sqlite3.connect(str(tmp), isolation_level=None)
        src.backup(dst)  # one step: one consistent snapshot, writers are not blocked
        dst.execute("PRAGMA journal_mode = DELETE")  # a backup is one self-contained file
        rows = check_rows(dst, check)
        dst.close()
        dst = None
        if rows:
            raise CorruptLibraryError(
                f"the library {source_path} is damaged: its backup failed {check} "
                f"({'; '.join(rows[:3])})", damaged=source_path)
        replace(tmp, target)
    except sqlite3.DatabaseError as error:
        _cleanup(dst, tmp)
        if "malformed" in str(error) or "not a database" in str(error):
            raise CorruptLibraryError(f"the library {source_path} is damaged ({error})",
                                      damaged=source_path) from error
        raise LibraryError(f"cannot write the backup {target}: {error}") from error
    except OSError as error:
        _cleanup(dst, tmp)
        raise LibraryError(f"cannot write the backup {target}: {error.strerror or error}") from error
    except BaseException:
        _cleanup(dst, tmp)
        raise
    finally:
        if own:
            src.close()
    return target


def rolling_backup(library_path: str | PathLike[str], *, keep: int = DEFAULT_KEEP,
                   folder: Path | None = None, reason: str = "",
                   conn: sqlite3.Connection | None = None) -> Path:
    """A verified backup in the backups folder; then only the newest ``keep`` remain.

    ``conn`` (optional) is an open connection to the library to copy from.
    """
    library_path = Path(library_path)
    folder = backup_folder(library_path, folder)
    slug = re.sub(r"[^a-z0-9]+", "-", reason.lower()).strip("-")
    base = f"{library_path.stem}-{utc_stamp()}" + (f"-{slug}" if slug else "")
    target = folder / f"{base}.sqlite"
    n = 1
    while target.exists() or target.with_name(target.name + ".tmp").exists():
        n += 1
        target = folder / f"{base}-{n}.sqlite"
    made = backup_to(conn if conn is not None else library_path, target)
    prune(library_path, keep=keep, folder=folder)
    return made


def prune(library_path: Path, *, keep: int = DEFAULT_KEEP, folder: Path | None = None) -> list[Path]:
    """Delete all but the newest ``keep`` (at least one) backups; return the deleted."""
    removed = []
    for old in backups(library_path, folder=folder, verified=False)[max(keep, 1):]:
        try:
            old.unlink()
            removed.append(old)
        except OSError:
            pass
    return removed


def backup_folder(library_path: Path, folder: Path | None = None) -> Path:
    return Path(folder) if folder is not None else Path(library_path).parent / BACKUP_FOLDER


def backups(library_path: str | PathLike[str], *, folder: Path | None = None,
            verified: bool = True) -> list[Path]:
    """This library's rolling backups, newest first.

    ``verified`` (the default) keeps only those that pass the header check and
    ``PRAGMA quick_check`` now (each costs a read of the file); with False the list
    is by name only, instantly.
    """
    library_path = Path(library_path)
    where = backup_folder(library_path, folder)
    pattern = re.compile(rf"^{re.escape(library_path.stem)}-(\d{{8}}T\d{{6}}Z)(?:-[a-z0-9-]+)?\.sqlite$")
    found: list[tuple[str, int, Path]] = []
    try:
        entries = list(os.scandir(where))
    except OSError:
        return []
    for entry in entries:
        match = pattern.match(entry.name)
        if match and entry.is_file():
            found.append((match.group(1), entry.stat().st_mtime_ns, Path(entry.path)))
    found.sort(reverse=True)
    paths = [path for _, _, path in found]
    return [p for p in paths if is_good(p)] if verified else paths


def is_good(path: Path) -> bool:
    """A backup that is a whole SQLite database passing ``quick_check``."""
    try:
        if not path.exists() or path.stat().st_size == 0 or header_problem(path) is not None:
            return False
        return run_check(path, "quick_check", read_only=True) is None
    except LibraryError:
        return False


def latest_backup(library_path: str | PathLike[str], *, folder: Path | None = None) -> Path | None:
    """The newest backup that passes quick_check (older ones are tried in turn)."""
    for candidate in backups(library_path, folder=folder, verified=False):
        if is_good(candidate):
            return candidate
    return None


def backup_time(backup: Path) -> datetime | None:
    """When a rolling backup was taken, from its name (UTC)."""
    for part in backup.stem.split("-"):
        if _STAMP.match(part):
            return datetime.strptime(part, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    return None


def needs_daily_backup(library_path: str | PathLike[str], *, folder: Path | None = None,
                       max_age_seconds: float = DAILY_SECONDS) -> bool:
    """True when the library has content and no backup newer than a day (by name)."""
    library_path = Path(library_path)
    try:
        if library_path.stat().st_size == 0:
            return False
    except OSError:
        return False
    existing = backups(library_path, folder=folder, verified=False)
    if not existing:
        return True
    taken = backup_time(existing[0])
    return taken is None or time.time() - taken.timestamp() > max_age_seconds


def restore(backup: str | PathLike[str], library_path: str | PathLike[str]) -> Path | None:
    """Put a verified backup in the library's place; return where the old file went.

    The backup is checked first (``integrity_check``). The current library, if
    any, is never deleted: it is switched out of WAL mode (which checkpoints its
    log and needs every other connection closed, so a library still open
    elsewhere raises LibraryBusyError and nothing changes) and moved aside as
    ``<name>.replaced-<UTC time>``; a damaged one that SQLite cannot switch is
    moved with its ``-wal``/``-shm``. The backup is copied next to the library,
    fsynced and linked into place (never over a file that appeared meanwhile).
    """
    backup = Path(backup)
    library_path = Path(library_path)
    if not backup.is_file():
        raise LibraryError(f"no backup at {backup}")
    problem = header_problem(backup) or run_check(backup, "integrity_check", read_only=True)
    if problem is not None:
        raise CorruptLibraryError(f"the backup {backup} is damaged ({problem}); "
                                  "choose another one", damaged=backup)
    _check_room(backup, library_path.parent)
    library_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = library_path.with_name(library_path.name + ".restoring")
    _unlink_quietly(tmp)
    try:
        shutil.copyfile(backup, tmp)
        fsync_file(tmp)
    except OSError as error:
        _unlink_quietly(tmp)
        raise LibraryError(f"cannot copy the backup next to {library_path}: "
                           f"{error.strerror or error}") from error
    replaced = None
    try:
        if library_path.exists() or any(library_path.with_name(library_path.name + s).exists()
                                        for s in SIDECARS):
            replaced = _move_current_aside(library_path)
        move_no_overwrite(tmp, library_path)
        fsync_dir(library_path.parent)
    finally:
        _unlink_quietly(tmp)
    return replaced


def _move_current_aside(library_path: Path) -> Path:
    if library_path.exists() and library_path.stat().st_size > 0:
        _leave_wal_mode(library_path)
    return set_aside(library_path, "replaced", missing_ok=True)


def _leave_wal_mode(library_path: Path) -> None:
    """Checkpoint the log into the file and drop -wal/-shm, proving no one else has it open."""
    try:
        conn = sqlite3.connect(str(library_path), isolation_level=None)
    except sqlite3.Error:
        return
    try:
        conn.execute("PRAGMA busy_timeout = 2000")
        conn.execute("PRAGMA journal_mode = DELETE").fetchone()
    except sqlite3.OperationalError as error:
        if "locked" in str(error) or "busy" in str(error):
            raise LibraryBusyError(
                f"the library {library_path} is open in another program (or window): "
                "close it before restoring") from error
    except sqlite3.DatabaseError:
        pass  # damaged: it moves with its log files
    finally:
        conn.close()


def _open_source(path: Path) -> sqlite3.Connection:
    try:
        conn = sqlite3.connect(str(path), isolation_level=None)
        conn.execute("PRAGMA busy_timeout = 10000")
    except sqlite3.Error as error:
        raise LibraryError(f"cannot open library {path}: {error}") from error
    return conn


def _main_file(conn: sqlite3.Connection) -> Path | None:
    for row in conn.execute("PRAGMA database_list"):
        if row[1] == "main" and row[2]:
            return Path(row[2])
    return None


def _check_room(source: Path, folder: Path) -> None:
    size = source.stat().st_size
    wal = source.with_name(source.name + "-wal")
    if wal.exists():
        size += wal.stat().st_size
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return
    if free < size + SPARE_BYTES:
        raise LibraryError(f"not enough free space in {folder} for a copy of the library "
                           f"({size // 2**20 + 1} MB needed, {free // 2**20} MB free)")


def _cleanup(dst: sqlite3.Connection | None, tmp: Path) -> None:
    if dst is not None:
        try:
            dst.close()
        except sqlite3.Error:
            pass
    _unlink_quietly(tmp)
    for suffix in SIDECARS:
        _unlink_quietly(tmp.with_name(tmp.name + suffix))


def _unlink_quietly(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass
