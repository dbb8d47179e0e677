"""Writing exports so that a failure or a cancel never leaves half a file behind.

A single-file export is written to a temporary file next to the target and
moved over it with ``os.replace``. A folder export is written whole into a
new private temporary folder next to the target; only when every file is
there are the previous export's own files moved aside, the new files moved in
and the old ones removed; everything else in the folder stays where it is (see
:mod:`.ownership`). Cancelling or failing before that point only removes the
temporary folder: the previous export stays as it was.

Nothing is ever written through a symbolic link: the target itself must not
be one, files are created with ``O_EXCL | O_NOFOLLOW`` (relative to the
temporary folder's descriptor where the system allows), and every file's
real path is checked to lie inside the temporary folder. A previous export's
symlinks are never opened: the old folder is removed with ``shutil.rmtree``,
which deletes links instead of following them.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from ..store import files
from .names import UnsafePathError, check_component
from ..errors import ExportError
from .ownership import (MANIFEST, FolderPlan, file_conflict, file_digest,
                        manifest_text, overwrite_error, plan_folder, remember)

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_BINARY = getattr(os, "O_BINARY", 0)
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _BINARY
_DIR_FD = os.open in os.supports_dir_fd and hasattr(os, "O_DIRECTORY")


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return path.lstat()
    except FileNotFoundError:
        return None


def _refuse_symlink(path: Path) -> os.stat_result | None:
    st = _lstat(path)
    if st is not None and Path(path).is_symlink():
        raise UnsafePathError(f"{path} is a symbolic link; choose another target")
    return st


def _inside(child: str | Path, folder: str | Path) -> bool:
    real_folder = os.path.realpath(folder)
    real_child = os.path.realpath(child)
    return os.path.commonpath([real_folder, real_child]) == real_folder and real_child != real_folder


class FolderWriter:
    """Creates files in the private temporary folder of one folder export; ``kept`` are
    the names at the target that are not this app's (no new file may take one)."""

    def __init__(self, folder: Path, kept: list[str] | None = None) -> None:
        self.folder = folder
        self.kept = kept or []
        #: {name: SHA-256} of every file written, for the manifest
        self.written: dict[str, str] = {}
        self._fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY) if _DIR_FD else None

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def write_text(self, name: str, text: str) -> Path:
        """Write a new file ``name`` (one safe component) in UTF-8 with "\\n" line ends."""
        check_component(name)
        path = self.folder / name
        if self._fd is not None:
            fd = os.open(name, _CREATE, 0o644, dir_fd=self._fd)
        else:
            fd = os.open(path, _CREATE, 0o644)
        data = text.encode("utf-8")
        with open(fd, "wb") as handle:
            handle.write(data)
        self.written[name] = hashlib.sha256(data).hexdigest()
        if not _inside(path, self.folder):  # cannot happen with a checked name; be sure
            os.unlink(path)
            raise UnsafePathError(f"{name!r} would be written outside the export folder")
        return path


def check_folder_target(target: Path, is_previous_export: Callable[[Path], bool]) -> None:
    """Refuse targets a folder export must not replace."""
    st = _refuse_symlink(target)
    if st is None:
        return
    if not target.is_dir():
        raise ExportError(f"{target} exists and is not a folder")
    if any(target.iterdir()) and not is_previous_export(target):
        raise ExportError(f"{target} is not empty and not a previous export; "
                          "choose a new or empty folder")


@contextmanager
def atomic_folder(target: Path, is_previous_export: Callable[[Path], bool], *,
                  force: bool = False) -> Iterator[FolderWriter]:
    """Build a folder export in a temporary sibling; move it into place on success.

    Leaving the block with an exception (a cancel included) removes the temporary
    folder and leaves ``target`` untouched. Files of an earlier export there that
    someone changed are replaced only with ``force`` (ExportOverwriteError before
    anything is written otherwise).
    """
    target = Path(os.path.abspath(target))
    check_component(target.name)
    check_folder_target(target, is_previous_export)
    plan = plan_folder(target) if _lstat(target) is not None else FolderPlan()
    if plan.changed and not force:
        raise overwrite_error([target / name for name in plan.changed], folder=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=".newsreader-export-", suffix=".partial",
                                 dir=target.parent))
    writer = FolderWriter(temp, kept=plan.kept)
    try:
        yield writer
        writer.write_text(MANIFEST, manifest_text(dict(writer.written)))
        writer.close()
        os.chmod(temp, 0o755)
        _swap_in(temp, target, is_previous_export, force=force)
    except BaseException:
        writer.close()
        shutil.rmtree(temp, ignore_errors=True)
        raise


def _swap_in(temp: Path, target: Path, is_previous_export: Callable[[Path], bool], *,
             force: bool) -> None:
    """Replace the earlier export's own files at ``target`` with the new ones in ``temp``,
    by renames that are undone if one fails; everything else at ``target`` stays."""
    check_folder_target(target, is_previous_export)  # it may have changed meanwhile
    if _lstat(target) is None:
        os.rename(temp, target)
        return
    plan = plan_folder(target)
    if plan.changed and not force:
        raise overwrite_error([target / name for name in plan.changed], folder=True)
    old = Path(tempfile.mkdtemp(prefix=".newsreader-export-", suffix=".old", dir=target.parent))
    moved_out: list[str] = []
    moved_in: list[str] = []
    try:
        for name in plan.owned + plan.changed:
            os.rename(target / name, old / name)
            moved_out.append(name)
        for name in sorted(os.listdir(temp)):
            if os.path.lexists(target / name):
                raise ExportError(f"{target / name} appeared while the export was written; "
                                  "nothing was replaced")
            os.rename(temp / name, target / name)
            moved_in.append(name)
    except BaseException:
        for name in reversed(moved_in):
            os.rename(target / name, temp / name)
        for name in reversed(moved_out):
            os.rename(old / name, target / name)
        shutil.rmtree(old, ignore_errors=True)
        raise
    shutil.rmtree(old, ignore_errors=True)
    os.rmdir(temp)


def _identity(path: Path) -> tuple[int, int, int] | None:
    st = _lstat(path)
    return None if st is None else (st.st_ino, st.st_size, st.st_mtime_ns)


@contextmanager
def atomic_file(target: Path, *, force: bool = False) -> Iterator[IO[bytes]]:
    """A binary handle on a temporary file that replaces ``target`` when the block ends.

    An exception (a cancel included) deletes the temporary file; ``target``
    keeps its previous content. A file at ``target`` that this app did not write
    as it is now is replaced only with ``force`` (ExportOverwriteError before
    anything is written otherwise), and never if it changes while the export runs.
    """
    target = Path(os.path.abspath(target))
    check_component(target.name)
    st = _refuse_symlink(target)
    if st is not None and not target.is_file():
        raise ExportError(f"{target} exists and is not a file")
    if not force and file_conflict(target) is not None:
        raise overwrite_error([target], folder=False)
    before = _identity(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.parent / f".newsreader-export-{secrets.token_hex(6)}.partial"
    fd = os.open(temp, _CREATE, 0o644)
    try:
        with open(fd, "wb") as handle:
            yield handle
        _refuse_symlink(target)
        if _identity(target) != before:
            raise ExportError(f"{target} was changed by another program while the export was "
                              "written; nothing was replaced")
        digest = file_digest(temp)
        files.replace(temp, target)  # its data on the disk, then the rename
    except BaseException:
        try:
            os.unlink(temp)
        except FileNotFoundError:
            pass
        raise
    if digest is not None:
        remember(target, digest)
