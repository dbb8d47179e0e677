"""Opening the library file with the settings every connection must share.

Every connection runs in autocommit mode (``isolation_level=None``) so that the
code decides where transactions start: writes go through :func:`write_transaction`,
which takes the write lock up front with ``BEGIN IMMEDIATE`` instead of failing
half-way when another writer appears.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import LibraryBusyError, LibraryError

BUSY_TIMEOUT_MS = 10_000
_SQLITE_MAGIC = b"SQLite format 3\x00"


class LibraryConnection(sqlite3.Connection):
    """A connection that knows the lock its library's writers in this process share.

    SQLite makes a writer that finds the database locked sleep and retry (1, 2, 5 ...
    up to 100 ms at a time): two threads of one process writing in turns (a feed
    refresh and the entity extraction beside it) would lose those sleeps on every
    turn. Waiting on a lock shared by the process instead wakes the next writer the
    moment the previous one commits; other processes still meet SQLite's busy timeout.
    """

    write_lock: threading.RLock


_WRITE_LOCKS: dict[str, threading.RLock] = {}
_WRITE_LOCKS_GUARD = threading.Lock()


def _write_lock_for(target: Path | None) -> threading.RLock:
    if target is None:  # an in-memory database is private to its connection
        return threading.RLock()
    key = str(target.resolve())
    with _WRITE_LOCKS_GUARD:
        return _WRITE_LOCKS.setdefault(key, threading.RLock())


def check_is_sqlite(path: Path) -> None:
    """Refuse a file that is not an SQLite database before SQLite touches it.

    SQLite would only notice on the first query, and a zero-length file is a valid
    empty database to it; a newsreader library that is neither is someone's other
    file and must never be written to.
    """
    try:
        size = path.stat().st_size
        if size == 0:
            return
        with path.open("rb") as handle:
            header = handle.read(len(_SQLITE_MAGIC))
    except OSError as error:
        raise LibraryError(f"cannot read library {path}: {error.strerror or error}") from error
    if header != _SQLITE_MAGIC:
        raise LibraryError(f"{path} is not a Newsreader library (not an SQLite database)")


def connect(path: Path | str, *, read_only: bool = False) -> sqlite3.Connection:
    """Open one connection to the library with WAL, foreign keys and a busy timeout."""
    target = Path(path) if str(path) != ":memory:" else None
    if target is not None:
        if target.exists():
            check_is_sqlite(target)
        elif read_only:
            raise LibraryError(f"no library at {target}")
        else:
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise LibraryError(f"cannot create folder for library {target}: {error.strerror}") from error
    try:
        if target is not None and read_only:
            conn = sqlite3.connect(f"{target.resolve().as_uri()}?mode=ro", uri=True,
                                   isolation_level=None, check_same_thread=False,
                                   factory=LibraryConnection)
        else:
            conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False,
                                   factory=LibraryConnection)
        conn.write_lock = _write_lock_for(target)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        if target is not None and not read_only:
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("PRAGMA cache_size = -32000")
        # a reader that delayed a checkpoint must not leave a huge log behind
        conn.execute("PRAGMA journal_size_limit = 67108864")
    except sqlite3.DatabaseError as error:
        raise LibraryError(f"cannot open library {path}: {error}") from error
    conn.row_factory = sqlite3.Row
    return conn


@contextmanager
def write_transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One all-or-nothing write: ``BEGIN IMMEDIATE`` ... ``COMMIT`` or ``ROLLBACK``,
    holding the process's write lock for the library (see ``LibraryConnection``)."""
    lock = getattr(conn, "write_lock", None)
    if lock is None:
        with _transaction(conn) as same:
            yield same
    else:
        with lock, _transaction(conn) as same:
            yield same


@contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        if "locked" in str(error) or "busy" in str(error):
            raise LibraryBusyError(
                "the library is busy: another program is writing to it; try again when it is done"
            ) from error
        raise LibraryError(f"library is not writable: {error}") from error
    try:
        yield conn
    except sqlite3.OperationalError as error:
        _rollback(conn)  # SQLite may have rolled back already (disk full, I/O error)
        if not _is_storage_error(error):
            raise  # a bug, not the user's disk: keep its own type and message
        raise _write_error(error) from error
    except BaseException:
        _rollback(conn)
        raise
    else:
        try:
            conn.execute("COMMIT")
        except sqlite3.DatabaseError as error:
            _rollback(conn)
            raise _write_error(error) from error


def _rollback(conn: sqlite3.Connection) -> None:
    if conn.in_transaction:
        conn.execute("ROLLBACK")


def _is_storage_error(error: sqlite3.DatabaseError) -> bool:
    text = str(error)
    return any(word in text for word in ("disk", "full", "locked", "busy", "readonly",
                                         "read-only"))


def _write_error(error: sqlite3.DatabaseError) -> LibraryError:
    text = str(error)
    if "disk I/O error" in text or "full" in text:
        return LibraryError("the disk is full or the library cannot be written; "
                            "nothing from this change was saved")
    if "locked" in text or "busy" in text:
        return LibraryBusyError("the library is busy: another program is writing to it; "
                                "try again when it is done")
    return LibraryError(f"could not save to the library: {text}")
