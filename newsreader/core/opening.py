"""Opening the library for use: the one path the CLI and the app both take.

:func:`open_for_use` checks the file before anything writes to it (a damaged
library is set aside, never "fixed" or overwritten, and the newest good backup
is named), takes a verified backup before a schema upgrade, and opens a library
written by a newer app read-only. :func:`close_for_use` is its counterpart: it
folds the write-ahead log back into the file and takes the daily backup.

WAL checkpoints. SQLite checkpoints by itself after any commit that leaves the
log over ``wal_autocheckpoint`` pages (1000 by default, about 4 MB), so a long
import -- one transaction per batch of up to 2,000 articles
(``ingest.importer.BATCH_SIZE``) -- keeps the log near one batch plus 4 MB, as
long as no reader holds an old snapshot open for the whole import. A PASSIVE
checkpoint never shrinks the file, though: ``PRAGMA journal_size_limit`` (64 MiB,
set by ``store.connection.connect``) makes SQLite truncate it after each reset,
``store.connection.checkpoint`` (TRUNCATE) empties it after a big import when no
reader is in the way, and the last connection to close checkpoints and deletes it
anyway.
"""

from __future__ import annotations

import os
from os import PathLike
from pathlib import Path

from .errors import (
    CorruptLibraryError,
    LibraryBusyError,
    LibraryError,
    NewerLibraryError,
    NoLibraryError,
)
from .library import Library
from .sample import install_sample
from .store.backup import (
    DEFAULT_KEEP,
    backups,
    latest_backup,
    needs_daily_backup,
    restore,
    rolling_backup,
)
from .store.connection import check_is_sqlite, checkpoint, has_schema, user_version
from .store.filesystem import network_filesystem, on_read_only_filesystem
from .store.integrity import header_problem, quarantine, quick_check_warranted, run_check
from .store.locking import WriterLock
from .store.schema import SCHEMA_VERSION
from .textindex.state import folder_for, remove_folder


def library_exists(path: str | PathLike[str]) -> bool:
    """Whether there is a library file at ``path`` (a damaged one counts: opening it
    says so). Where there is none, only :func:`may_create` may make one."""
    return Path(path).exists()


def may_create(*, is_default: bool, adds: bool) -> bool:
    """Whether opening may create a library that is not there: the one rule for the CLI
    and the window.

    The default library is created on the first start (with the sample stories), for
    every command. A path the user named is created only by what adds to it (``import``,
    ``feed add``, ``tag add``...; the window after asking): a read of a mistyped path
    says "no library at PATH" instead of showing a new, empty library.
    """
    return is_default or adds


def open_for_use(path: str | PathLike[str], *, with_sample: bool = False,
                 keep_backups: int = DEFAULT_KEEP, read_only: bool = False,
                 thorough_check: bool | None = None,
                 create: bool = True) -> tuple[Library, list[str]]:
    """Check, back up if an upgrade is due, and open the library; return it with notices.

    * ``create`` False: a path with no library raises :class:`NoLibraryError` and
      nothing is written (see :func:`may_create`).

    * A damaged library (bad header, truncated, failing ``quick_check``) is moved
      aside as ``<name>.damaged-<time>`` with its ``-wal``/``-shm`` and
      :class:`CorruptLibraryError` is raised with ``.damaged`` (where it is now)
      and ``.backup`` (the newest good backup, or None). Nothing is created in its
      place: the next open would start an empty library there.
    * Before a migration a verified backup is taken (reason
      ``before-migration-<N>``); if that fails the library is not opened
      (LibraryError) and not changed.
    * A library from a newer app opens read-only, with a notice.
    * ``read_only`` opens read-only on purpose (a second window).
    * ``with_sample``: a library created by this open (the first run) gets the
      sample stories and their collections (``sample.install_sample``).
    * ``thorough_check``: see :func:`check_library` (None: quick_check when cheap
      or after an unclean shutdown).
    """
    path = Path(path)
    notices: list[str] = []
    notices.extend(_filesystem_notices(path))
    if path.exists() and on_read_only_filesystem(path):
        read_only = True
    if not path.exists():
        if not create:
            found = _set_aside(path)
            raise NoLibraryError(path, "" if found is None else
                                 f"a damaged library was set aside as {found[0]}.{found[1]}")
        notices.extend(_set_aside_notices(path))
    else:
        try:
            check_library(path, thorough=thorough_check)
        except CorruptLibraryError as error:
            damaged = quarantine(path)
            backup = latest_backup(path)
            raise CorruptLibraryError(
                f"the library {path} is damaged ({_reason(error)}); it was moved to {damaged}"
                + (f"; the newest good backup is {backup}" if backup else "; there is no backup"),
                damaged=damaged, backup=backup) from error
        check_is_sqlite(path)  # someone else's file: refused, untouched
        version = user_version(path)
        if version > SCHEMA_VERSION:
            read_only = True
            notices.append(
                f"This library was written by a newer Newsreader (schema {version}, this app "
                f"knows {SCHEMA_VERSION}). It is open read-only; update the app to change it.")
        elif version < SCHEMA_VERSION and not read_only and has_schema(path):
            made = rolling_backup(path, keep=keep_backups,
                                  reason=f"before-migration-{SCHEMA_VERSION}")
            notices.append(f"The library was upgraded to a new format; the previous "
                           f"version was backed up as {made}.")
    if read_only:
        return Library(path, read_only=True), notices
    try:
        library = Library.open(path)
    except NewerLibraryError as error:  # upgraded by a newer app since we looked
        notices.append(f"{error}. It is open read-only.")
        return Library(path, read_only=True), notices
    if with_sample and library.created:  # first run: the sample, so the window is not empty
        install_sample(library)
    return library, notices


def close_for_use(library: Library, *, keep_backups: int = DEFAULT_KEEP,
                  daily_backup: bool = True) -> list[str]:
    """Close the library: checkpoint its log, then take the daily backup if due.

    Returns notices (a failed backup is reported, never raised: quitting must work).
    """
    notices: list[str] = []
    path = library.path
    writable = not library.read_only
    library.close()
    if not writable or not path.exists():
        return notices
    checkpoint(path)
    if daily_backup and needs_daily_backup(path):
        try:
            rolling_backup(path, keep=keep_backups, reason="daily")
        except LibraryError as error:
            notices.append(f"The daily backup was not made: {error}")
    return notices


def check_library(path: Path, *, thorough: bool | None = None) -> None:
    """Raise :class:`CorruptLibraryError` if the library at ``path`` is damaged.

    ``thorough``: True always runs ``quick_check``, False only the header check,
    None (the default) decides by ``integrity.quick_check_warranted``. A missing or
    empty file is fine (a new library). The error's ``damaged`` is ``path`` (the
    file is not moved here: see ``integrity.quarantine``) and ``backup`` the newest
    good backup or None. It lives here, not in ``store.integrity``, because it asks
    the library's backups (``store.backup``), which themselves are checked by
    ``store.integrity``.
    """
    path = Path(path)
    problem = header_problem(path)
    if problem == "not an SQLite database" and not _known_library(path):
        return  # someone's other file: connect() refuses it without touching it
    if problem is None and _is_empty(path) and _known_library(path):
        problem = "truncated to 0 bytes"  # a new library is empty, one with backups is not
    if problem is None and (thorough or (thorough is None and quick_check_warranted(path))):
        problem = run_check(path, "quick_check")
    if problem is None:
        return
    raise CorruptLibraryError(f"the library {path} is damaged ({problem})",
                              damaged=path, backup=latest_backup(path))


def _is_empty(path: Path) -> bool:
    try:
        return path.stat().st_size == 0
    except OSError:
        return False


def _known_library(path: Path) -> bool:
    """A file we have backed up before is a library, even with its header overwritten."""
    return bool(backups(path, verified=False))


def _reason(error: CorruptLibraryError) -> str:
    text = str(error)
    start, end = text.find("("), text.rfind(")")
    return text[start + 1:end] if 0 <= start < end else text


def _filesystem_notices(path: Path) -> list[str]:
    """What the disk under the library means for using it: read-only, or a network drive."""
    if path.exists() and on_read_only_filesystem(path):
        return [f"This library is on a read-only disk ({path.parent}): you can read and "
                "search it, but nothing can be changed or added."]
    kind = network_filesystem(path)
    if kind is not None:
        return [f"This library is on a network drive ({kind}). SQLite cannot rely on the "
                "locks of network drives: use it from one program on one computer at a "
                "time, or keep it on a local disk."]
    return []


def _set_aside_notices(path: Path) -> list[str]:
    """A damaged library set aside earlier: say so when an empty one starts in its place."""
    found = _set_aside(path)
    return [f"A damaged library was set aside as {found[0]}; a new, empty library "
            f"starts here.{found[1]}"] if found else []


def _set_aside(path: Path) -> tuple[Path, str] | None:
    """The newest damaged library set aside from ``path``, and where its backup is."""
    damaged = sorted(path.parent.glob(f"{path.name}.damaged-*[0-9TZ]"))
    if not damaged:
        return None
    backup = latest_backup(path)
    return damaged[-1], (f" The newest good backup is {backup}." if backup else "")


def open_for_window(path: Path, *, is_default: bool,
                    create: bool = True) -> tuple[Library, str | None]:
    """Open for writing when possible, else read-only with a notice saying why.

    ``create`` False: a path with no library raises :class:`NoLibraryError` (the window
    asks first, see ``app``), as :func:`open_for_use` does.

    One window writes: a second one on the same library (in this process or another)
    finds the writer lock taken and opens read-only. The lock is the operating
    system's, so a crashed app never leaves a stale one behind.
    """
    if not create and not library_exists(path):
        raise NoLibraryError(path)
    lock = WriterLock(path)
    reason = None
    if path.exists() and on_read_only_filesystem(path):
        pass  # open_for_use opens it read-only and says why
    elif path.exists() and not os.access(path, os.W_OK):
        reason = "This library file is read-only: changes cannot be saved."
    elif not lock.acquire():
        reason = (f"This library is open in {lock.describe_holder()}, so this window is "
                  "read-only. Close the other window and reopen this one to make changes.")
    try:
        if reason:
            library, notices = open_for_use(path, read_only=True)
            notices.insert(0, reason)
        else:
            library, notices = open_for_use(path, with_sample=is_default)
    except LibraryBusyError:
        library, notices = Library(path, read_only=True), [
            "Another program is writing to this library, so it is open read-only for now. "
            "Close the other program and restart Newsreader to make changes."]
    except BaseException:
        lock.release()
        raise
    if lock.acquired and not library.read_only:
        library.writer_lock = lock
    else:
        lock.release()
    return library, "\n\n".join(notices) or None


def restore_backup(backup: Path, path: Path) -> Path | None:
    """Put ``backup`` in place of the library at ``path``; returns where the current file
    was kept (None when there was none). NewsreaderError says why it could not. The
    search index of the file that was there goes: it is built again from the backup."""
    replaced = restore(backup, path)
    remove_folder(folder_for(path))
    return replaced
