"""File operations that keep a library, its backups and exports whole on any crash.

The few primitives every careful writer here needs, in one place: make a file's
data and a folder's entries durable (``fsync``), put a finished temporary file in
its target's place in one rename, move a file without ever replacing another,
and set a database aside (with the files SQLite keeps beside it) under a new,
unused name. ``store.backup``, ``store.integrity`` and the export's atomic
writers build on these.
"""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime
from pathlib import Path

from ..errors import LibraryError

#: Companion files SQLite keeps next to a database.
SIDECARS = ("-wal", "-shm", "-journal")


def utc_stamp(now: float | None = None) -> str:
    """``20261124T215600Z``: sortable, filename-safe, UTC."""
    moment = datetime.fromtimestamp(time.time() if now is None else now, tz=UTC)
    return moment.strftime("%Y%m%dT%H%M%SZ")


def fsync_file(path: Path) -> None:
    """Make the file's data durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def replace(temp: Path, target: Path, *, durable: bool = True) -> None:
    """Put the finished ``temp`` in ``target``'s place in one rename (replacing it).

    ``durable``: the data is on the disk before the rename and the rename after it,
    so a crash leaves either the old file or the whole new one.
    """
    if durable:
        fsync_file(temp)
    os.replace(temp, target)
    if durable:
        fsync_dir(Path(target).parent)


def move_no_overwrite(source: Path, target: Path) -> None:
    """Rename ``source`` to ``target``, failing rather than replacing an existing file."""
    try:
        os.link(source, target)  # fails with FileExistsError when target exists
    except FileExistsError:
        raise LibraryError(f"cannot move {source} aside: {target} already exists") from None
    except OSError:  # no hard links here (some network or FAT file systems)
        if target.exists():
            raise LibraryError(f"cannot move {source} aside: {target} already exists") from None
        try:
            os.rename(source, target)
        except OSError as error:
            raise LibraryError(f"cannot move {source} aside: {error.strerror or error}") from error
        return
    try:
        os.unlink(source)
    except OSError as error:
        raise LibraryError(f"cannot move {source} aside: {error.strerror or error}") from error


def set_aside(path: Path, label: str, *, missing_ok: bool = False) -> Path:
    """Move a database and its ``-wal``/``-shm``/``-journal`` aside; return its new path.

    The new name is ``<name>.<label>-<UTC time>`` in the same folder (a number is
    added rather than overwrite anything); the companion files keep their suffix,
    so the set can still be opened together. ``missing_ok``: only the companions
    move when the database itself is gone (else LibraryError).
    """
    path = Path(path)
    base = f"{path.name}.{label}-{utc_stamp()}"
    target = path.with_name(base)
    n = 1
    while any(path.with_name(target.name + s).exists() for s in ("",) + SIDECARS):
        n += 1
        target = path.with_name(f"{base}-{n}")
    if not missing_ok or path.exists():
        move_no_overwrite(path, target)
    for suffix in SIDECARS:
        sidecar = path.with_name(path.name + suffix)
        if sidecar.exists():
            move_no_overwrite(sidecar, target.with_name(target.name + suffix))
    fsync_dir(path.parent)
    return target
