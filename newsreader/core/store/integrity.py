"""Is the library file sound? Checked on open, before anything writes to it.

Two levels:

* the **header check** reads the first 100 bytes: the SQLite magic, a sane page
  size and, when no write-ahead log is pending, a file at least as long as the
  header says (a truncated copy fails here in microseconds);
* ``PRAGMA quick_check`` reads every page of the database (through its WAL) and
  checks the b-trees, without cross-checking indexes against tables. It costs
  about one sequential read of the file, so ``opening.check_library`` runs it only
  when it is cheap or warranted (see :func:`quick_check_warranted`).

A damaged library is never "fixed" in place and never overwritten: :func:`quarantine`
moves it (with its ``-wal``/``-shm``) aside as ``<name>.damaged-<UTC time>`` and the
user is offered the newest good backup.
"""

from __future__ import annotations

import os
import re
import socket
import sqlite3
import struct
from pathlib import Path

from ..errors import LibraryError
from .connection import open_here
from .files import set_aside
from .filesystem import read_only_uri

SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_SIZE = 100
#: Files up to this size are quick_checked on every open (well under 0.1 s warm).
ALWAYS_CHECK_BYTES = 64 * 1024 * 1024
def header_problem(path: Path) -> str | None:
    """Why the first 100 bytes say the file is damaged, or None.

    Returns None for a missing or empty file (a new library). A file that does not
    start with the SQLite magic is reported as ``"not an SQLite database"``: the
    caller decides whether that is a damaged library or someone else's file.
    """
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return None
    except OSError as error:
        raise LibraryError(f"cannot read library {path}: {error.strerror or error}") from error
    if size == 0:
        return None
    if open_here(path):
        return None  # open in this process: SQLite checks it; reading it here would drop our locks
    try:
        with path.open("rb") as handle:
            header = handle.read(HEADER_SIZE)
    except OSError as error:
        raise LibraryError(f"cannot read library {path}: {error.strerror or error}") from error
    if len(header) < len(SQLITE_MAGIC):
        if SQLITE_MAGIC.startswith(header):
            return f"truncated: {size} bytes, shorter than the database header"
        return "not an SQLite database"
    if header[: len(SQLITE_MAGIC)] != SQLITE_MAGIC:
        return "not an SQLite database"
    if len(header) < HEADER_SIZE:
        return f"truncated: {size} bytes, shorter than the database header"
    (raw_page_size,) = struct.unpack(">H", header[16:18])
    page_size = 65536 if raw_page_size == 1 else raw_page_size
    if page_size < 512 or page_size > 65536 or page_size & (page_size - 1):
        return f"bad page size in header ({raw_page_size})"
    if header[18] not in (1, 2) or header[19] not in (1, 2):
        return "bad file format numbers in header"
    change_counter, pages = struct.unpack(">II", header[24:32])
    (valid_for,) = struct.unpack(">I", header[92:96])
    if _wal_pending(path):
        return None  # the log may hold pages the main file does not have yet
    if size % page_size:
        return f"truncated: {size} bytes is not a whole number of {page_size}-byte pages"
    if pages and valid_for == change_counter and size < pages * page_size:
        return f"truncated: {size} bytes, the header says {pages * page_size}"
    return None


def _wal_pending(path: Path) -> bool:
    wal = path.with_name(path.name + "-wal")
    try:
        return wal.stat().st_size > 0
    except OSError:
        return False


def quick_check_warranted(path: Path) -> bool:
    """Whether an open should pay for ``PRAGMA quick_check``.

    Always for a small file (it is cheap); for a big one only when a
    non-empty ``-wal`` is left over: the last connection to close a WAL database
    checkpoints and deletes the log, so a leftover log means the previous session
    crashed, or another program has the library open right now (not counted when
    that program is a live app window holding the WriterLock). The daily verified
    backup reads and checks every page of a big library anyway.
    """
    try:
        size = path.stat().st_size
    except OSError:
        return False
    if size <= ALWAYS_CHECK_BYTES:
        return True
    return _wal_pending(path) and not _app_has_it_open(path)


def _app_has_it_open(path: Path) -> bool:
    """A live app window holds the library's WriterLock: its log is no sign of a crash.

    Only the lock file's note is read (pid and host): taking the lock, even for a
    moment, could turn a window opening at that instant read-only.
    """
    from .locking import WriterLock

    info = WriterLock(path).holder()
    if not info or info.get("host") != socket.gethostname():
        return False
    try:
        os.kill(int(info["pid"]), 0)
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return True


def run_check(path: Path, pragma: str = "quick_check", *, read_only: bool = True) -> str | None:
    """Run ``PRAGMA quick_check`` or ``integrity_check``; the problem found, or None.

    The connection is read-only so that checking never changes the file: a
    read-write one would checkpoint a leftover ``-wal`` into a possibly damaged
    database when it closes. A database that is merely locked is not reported as
    damaged (the check is skipped): only SQLite's own verdicts count.
    """
    try:
        if read_only:
            conn = sqlite3.connect(read_only_uri(path), uri=True, isolation_level=None)
        else:
            conn = sqlite3.connect(str(path), isolation_level=None)
    except sqlite3.Error as error:
        raise LibraryError(f"cannot open library {path}: {error}") from error
    try:
        conn.execute("PRAGMA busy_timeout = 10000")
        rows = _problems(conn, pragma)
    except sqlite3.OperationalError as error:
        text = str(error)
        if "locked" in text or "busy" in text:
            return None
        if "unable to open" in text or "readonly" in text or "disk I/O" in text:
            raise LibraryError(f"cannot read library {path}: {text}") from error
        return text
    except sqlite3.DatabaseError as error:  # "file is not a database", "malformed"
        return str(error)
    finally:
        conn.close()
    if not rows:
        return None
    return "; ".join(rows[:3]) + (" ..." if len(rows) > 3 else "")


def check_rows(conn: sqlite3.Connection, pragma: str = "integrity_check",
               max_problems: int = 20) -> list[str]:
    """The real problems ``PRAGMA quick_check``/``integrity_check`` finds; [] when sound."""
    return _problems(conn, pragma, max_problems)


def _problems(conn: sqlite3.Connection, pragma: str, max_problems: int = 20) -> list[str]:
    # No error limit: the bogus NULL reports below (one per row of the table) must
    # not use it up and end the check before it reaches the rest of the file.
    verdicts: dict[str, bool] = {}
    problems: list[str] = []
    for (row,) in conn.execute(f"PRAGMA {pragma}(2147483647)"):
        if row == "ok":
            continue
        if row not in verdicts:
            verdicts[row] = _false_null_report(conn, row)
        if not verdicts[row]:
            problems.append(row)
            if len(problems) >= max_problems:
                break
    return problems


_NULL_REPORT = re.compile(r"^NULL value in ([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_]*)$")


def _false_null_report(conn: sqlite3.Connection, row: str) -> bool:
    """A "NULL value in T.C" line where T.C holds no NULL at all.

    SQLite 3.40.0 to 3.41.0 (Debian 12 ships 3.40.1) report a NULL in every row of a
    WITHOUT ROWID table with a NOT NULL column declared before a primary-key column.
    A library at schema 10 or later (any this app has opened for writing) declares no
    such column (``store.declarations``); an older one (checked on open before it is
    migrated, or an old backup) would otherwise be set aside as damaged. The claim is
    checked by reading the column with ``typeof``: SQLite takes ``C IS NULL`` to be
    false for a NOT NULL column without looking, so that test would hide a real NULL,
    which must still count.
    """
    match = _NULL_REPORT.match(row)
    if match is None:
        return False
    table, column = match.groups()
    try:
        found = conn.execute(
            f'SELECT 1 FROM "{table}" WHERE typeof("{column}") = \'null\' LIMIT 1').fetchone()
    except sqlite3.DatabaseError:
        return False
    return found is None


def quarantine(path: Path) -> Path:
    """Move a damaged library and its ``-wal``/``-shm`` aside; return its new path.

    The new name is ``<name>.damaged-<UTC time>`` in the same folder (a number is
    added rather than overwrite anything); the log files keep their suffix so the
    set can still be opened together for a rescue.
    """
    return set_aside(Path(path), "damaged")
