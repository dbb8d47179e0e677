"""One app window writes to a library at a time: a Qt-free writer lock.

SQLite already serialises writes (WAL + ``BEGIN IMMEDIATE`` + ``busy_timeout``),
so two *processes* can never corrupt the file; what it cannot do is stop two app
windows from both editing and each showing a stale picture of the other's
changes. :class:`WriterLock` is that rule: the first window holds it and writes,
a second window opens the library read-only and says so.

The lock is an operating-system lock (``flock`` on POSIX, ``msvcrt.locking`` on
Windows) on ``<library>.lock``, not a PID file: the kernel drops it when the
holding process ends in any way, SIGKILL and power loss included, so a crash can
never leave a stale lock behind and there is nothing to "recover". (QLockFile
would do as well, with PID-based stale detection; this needs no Qt, so the core and
its tests can use it.) The file also records who holds the lock, for the notice.

The CLI does not take this lock: a command-line import into a library the app
has open is fine (SQLite serialises the writes; the app sees the new articles
on its next refresh), and two CLI imports at once simply take turns per batch.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import time
from os import PathLike
from pathlib import Path
from typing import IO, Any, Self

_WINDOWS_LOCK_OFFSET = 1 << 30  # lock a byte far past the holder info, so it stays readable


class WriterLock:
    """``with WriterLock(path) as lock: if lock.acquired: ...`` or acquire()/release()."""

    def __init__(self, library_path: str | PathLike[str], suffix: str = ".lock") -> None:
        """``suffix``: another lock of the same library (the search index's builder)."""
        # one lock per file, whichever name (a symlink, a relative path) reaches it
        library_path = Path(library_path).resolve()
        self.path = library_path.with_name(library_path.name + suffix)
        self._handle: IO[bytes] | None = None

    @property
    def acquired(self) -> bool:
        return self._handle is not None

    def acquire(self) -> bool:
        """Take the lock without waiting; False when another process (or window) has it."""
        if self._handle is not None:
            return True
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle = open(self.path, "a+b")  # noqa: SIM115 (held open while locked)
        except OSError:
            # No lock file possible (read-only folder): the library cannot be written
            # either, and SQLite's own locks still protect it.
            return False
        try:
            _lock(handle)
        except OSError:
            handle.close()
            return False
        self._handle = handle
        info = {"pid": os.getpid(), "host": socket.gethostname(), "since": time.time()}
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(json.dumps(info).encode())
            handle.flush()
        except OSError:
            pass  # the lock is what matters; the info is only for the notice
        return True

    def release(self) -> None:
        """Let the lock go (the file stays: deleting it would race with a new holder)."""
        if self._handle is None:
            return
        handle, self._handle = self._handle, None
        try:
            handle.seek(0)
            handle.truncate()
        except OSError:
            pass
        try:
            _unlock(handle)
        finally:
            handle.close()

    def holder(self) -> dict[str, Any] | None:
        """Who holds the lock (``pid``, ``host``, ``since``), if it says; None otherwise."""
        try:
            data = json.loads(self.path.read_bytes() or b"null")
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def describe_holder(self) -> str:
        """A phrase for the read-only notice: "Newsreader (process 1234 on host)"."""
        info = self.holder()
        if not info:
            return "another Newsreader window"
        where = (
            f" on {info['host']}"
            if info.get("host") and info["host"] != socket.gethostname()
            else ""
        )
        return f"another Newsreader window (process {info.get('pid')}{where})"

    def __enter__(self) -> Self:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def __del__(self) -> None:
        if self._handle is not None:
            self.release()


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(handle: IO[bytes]) -> None:
        handle.seek(_WINDOWS_LOCK_OFFSET)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(handle: IO[bytes]) -> None:
        handle.seek(_WINDOWS_LOCK_OFFSET)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        except OSError:
            pass
else:
    import fcntl

    def _lock(handle: IO[bytes]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(handle: IO[bytes]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
