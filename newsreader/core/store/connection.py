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
from os import PathLike
from pathlib import Path

from ..errors import LibraryBusyError, LibraryError
from ..models import collection_key
from .filesystem import FileId, file_id, read_only_uri

BUSY_TIMEOUT_MS = 10_000
_SQLITE_MAGIC = b"SQLite format 3\x00"


class LibraryConnection(sqlite3.Connection):
    """A connection that knows its library's file, and the lock its writers share.

    SQLite makes a writer that finds the database locked sleep and retry (1, 2, 5 ...
    up to 100 ms at a time): two threads of one process writing in turns (a feed
    refresh and the entity extraction beside it) would lose those sleeps on every
    turn. Waiting on a lock shared by the process instead wakes the next writer the
    moment the previous one commits; other processes still meet SQLite's busy timeout.

    It also remembers which file (and which write-ahead log) it opened, so that a
    library moved, replaced or stripped of its ``-wal`` while open is noticed
    (:meth:`files_problem`) before anything more is written into a file nobody reads.
    """

    write_lock: threading.RLock
    library_path: Path | None = None
    main_id: FileId | None = None
    wal_id: FileId | None = None
    _registered: FileId | None = None
    _data_version: int | None = None

    def close(self) -> None:
        try:
            super().close()
        finally:
            registered, self._registered = self._registered, None
            if registered is not None:
                _forget_open(registered)

    def files_problem(self) -> str | None:
        """Why writing through this connection would be lost, or None when all is well."""
        if self.library_path is None:
            return None
        if self.main_id is not None and file_id(self.library_path) != self.main_id:
            return (f"The library file {self.library_path} was moved, replaced or deleted by "
                    "another program while Newsreader had it open. Nothing more is saved; "
                    "quit Newsreader and open the library again.")
        if self.wal_id is not None and file_id(_wal_path(self.library_path)) != self.wal_id:
            return (f"The library's log file ({self.library_path.name}-wal) was deleted by "
                    "another program while Newsreader had the library open; changes made "
                    "since then may not be in the file. Nothing more is saved; quit "
                    "Newsreader and open the library again.")
        return None

    def changed_elsewhere(self) -> bool:
        """True when another connection (another program, or another thread's connection)
        committed since the last call: SQLite's ``PRAGMA data_version``, which reads
        only shared memory, so it is cheap enough to ask every few seconds."""
        version = self.execute("PRAGMA data_version").fetchone()[0]
        previous, self._data_version = self._data_version, version
        return previous is not None and version != previous


_WRITE_LOCKS: dict[str, threading.RLock] = {}
_WRITE_LOCKS_GUARD = threading.Lock()

#: Files this process has open through connect(), by identity, with how many connections.
#: On POSIX, closing *any* descriptor of a file drops every lock the process holds on it
#: (fcntl semantics), SQLite's included: another program would then believe it is the last
#: one using the library, checkpoint, and delete the log this process is still writing to
#: (sqlite.org, "How To Corrupt An SQLite Database File", 2.2). So while a file is open
#: here, nothing in this process may open() and close() it: only SQLite reads it.
_OPEN_HERE: dict[FileId, int] = {}
_OPEN_GUARD = threading.Lock()


def _write_lock_for(target: Path | None) -> threading.RLock:
    if target is None:  # an in-memory database is private to its connection
        return threading.RLock()
    key = str(target.resolve())
    with _WRITE_LOCKS_GUARD:
        return _WRITE_LOCKS.setdefault(key, threading.RLock())


def open_here(path: Path) -> bool:
    """Whether a connection of this process has the file at ``path`` open (then its bytes
    must not be read with open(): see ``_OPEN_HERE``)."""
    identity = file_id(path)
    with _OPEN_GUARD:
        return identity is not None and _OPEN_HERE.get(identity, 0) > 0


def _forget_open(identity: FileId) -> None:
    with _OPEN_GUARD:
        left = _OPEN_HERE.get(identity, 0) - 1
        if left > 0:
            _OPEN_HERE[identity] = left
        else:
            _OPEN_HERE.pop(identity, None)


def _wal_path(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def check_is_sqlite(path: Path) -> None:
    """Refuse a file that is not an SQLite database before SQLite touches it.

    SQLite would only notice on the first query, and a zero-length file is a valid
    empty database to it; a newsreader library that is neither is someone's other
    file and must never be written to. A file this process already has open was
    checked when it was first opened, and must not be read here (see ``_OPEN_HERE``).
    """
    if not open_here(path):
        _check_magic(path)


def connect(path: Path | str, *, read_only: bool = False) -> LibraryConnection:
    """Open one connection to the library with WAL, foreign keys and a busy timeout."""
    target = Path(path) if str(path) != ":memory:" else None
    if target is not None and not target.exists():
        if read_only:
            raise LibraryError(f"no library at {target}")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise LibraryError(f"cannot create folder for library {target}: {error.strerror}") from error
    conn: LibraryConnection | None = None
    try:
        conn = _open(target, read_only=read_only)
        conn.write_lock = _write_lock_for(target)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        if target is not None and not read_only:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA schema_version").fetchone()  # a read opens (creates) the log
            conn.wal_id = file_id(_wal_path(target))
        conn.create_function("collection_key", 1, collection_key, deterministic=True)
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("PRAGMA cache_size = -32000")
        # a reader that delayed a checkpoint must not leave a huge log behind
        conn.execute("PRAGMA journal_size_limit = 67108864")
    except sqlite3.DatabaseError as error:
        if conn is not None:
            conn.close()
        raise LibraryError(f"cannot open library {path}: {error}") from error
    conn.row_factory = sqlite3.Row
    return conn


def _open(target: Path | None, *, read_only: bool) -> LibraryConnection:
    """The bare connection, counted in _OPEN_HERE; the file is checked first unless a
    connection of this process has it open already (then reading it would drop our locks).
    The guard keeps other threads from reading the file between the check and the count."""
    with _OPEN_GUARD:
        identity = file_id(target) if target is not None else None
        if target is not None and identity is not None and _OPEN_HERE.get(identity, 0) == 0:
            _check_magic(target)
        if target is not None and read_only:
            conn = sqlite3.connect(read_only_uri(target), uri=True, isolation_level=None,
                                   check_same_thread=False, factory=LibraryConnection)
        else:
            conn = sqlite3.connect(str(target or ":memory:"), isolation_level=None,
                                   check_same_thread=False, factory=LibraryConnection)
        assert isinstance(conn, LibraryConnection)
        if target is not None:
            identity = identity or file_id(target)  # a new file exists once SQLite opened it
            conn.library_path = target
            conn.main_id = identity
            if identity is not None:
                _OPEN_HERE[identity] = _OPEN_HERE.get(identity, 0) + 1
                conn._registered = identity
        return conn


def _check_magic(path: Path) -> None:
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


@contextmanager
def write_transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One all-or-nothing write: ``BEGIN IMMEDIATE`` ... ``COMMIT`` or ``ROLLBACK``,
    holding the process's write lock for the library (see ``LibraryConnection``)."""
    problem = conn.files_problem() if isinstance(conn, LibraryConnection) else None
    if problem is not None:
        raise LibraryError(problem)
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


# -- savepoints: part of a transaction undone alone ----------------------------------

def savepoint(conn: sqlite3.Connection, name: str) -> None:
    conn.execute(f"SAVEPOINT {name}")


def release(conn: sqlite3.Connection, name: str) -> None:
    """Keep what was written since the savepoint (in the enclosing transaction)."""
    conn.execute(f"RELEASE {name}")


def roll_back_to(conn: sqlite3.Connection, name: str) -> None:
    """Undo what was written since the savepoint, and end it."""
    conn.execute(f"ROLLBACK TO {name}")
    conn.execute(f"RELEASE {name}")


# -- a look at a library file without the app's connection ---------------------------

def checkpoint(path: str | PathLike[str], mode: str = "TRUNCATE") -> bool:
    """Copy the write-ahead log into the library and (TRUNCATE) empty it.

    Returns False when readers kept part of the log in use (it is then done later,
    by SQLite itself); never raises for a busy library.
    """
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=1.0)
    except sqlite3.Error:
        return False
    try:
        busy, _log, _done = conn.execute(f"PRAGMA wal_checkpoint({mode})").fetchone()
        return busy == 0
    except sqlite3.Error:
        return False
    finally:
        conn.close()


def user_version(path: Path) -> int:
    """The schema version written in the file (LibraryError if it cannot be read)."""
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True)
    except sqlite3.Error as error:
        raise LibraryError(f"cannot open library {path}: {error}") from error
    try:
        conn.execute("PRAGMA busy_timeout = 10000")
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.DatabaseError as error:
        raise LibraryError(f"cannot open library {path}: {error}") from error
    finally:
        conn.close()


def has_schema(path: Path) -> bool:
    """Anything worth a backup: a schema (an empty new file has none)."""
    try:
        if path.stat().st_size == 0:
            return False
        conn = sqlite3.connect(read_only_uri(path), uri=True)
    except (OSError, sqlite3.Error):
        return False
    try:
        return conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.close()
