"""Writing exports so that a failure or a cancel never leaves half a file behind.

A single-file export is written to a temporary file next to the target and
moved over it with ``os.replace``. A folder export is written whole into a
new private temporary folder next to the target; only when every file is
there is the previous export renamed aside, the new folder renamed into its
place and the old one removed. Cancelling or failing before that point only
removes the temporary folder: the previous export stays as it was.

Nothing is ever written through a symbolic link: the target itself must not
be one, files are created with ``O_EXCL | O_NOFOLLOW`` (relative to the
temporary folder's descriptor where the system allows), and every file's
real path is checked to lie inside the temporary folder. A previous export's
symlinks are never opened: the old folder is removed with ``shutil.rmtree``,
which deletes links instead of following them.
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from newsreader.core.errors import NewsreaderError

from .names import UnsafePathError, check_component

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_BINARY = getattr(os, "O_BINARY", 0)
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _BINARY
_DIR_FD = os.open in os.supports_dir_fd and hasattr(os, "O_DIRECTORY")


class ExportError(NewsreaderError):
    """The export cannot be written where asked (the reason is in the message)."""


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
    """Creates files in the private temporary folder of one folder export."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
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
        with open(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
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
def atomic_folder(target: Path, is_previous_export: Callable[[Path], bool]
                  ) -> Iterator[FolderWriter]:
    """Build a folder export in a temporary sibling; swap it into place on success.

    Leaving the block with an exception (a cancel included) removes the
    temporary folder and leaves ``target`` untouched.
    """
    target = Path(os.path.abspath(target))
    check_component(target.name)
    check_folder_target(target, is_previous_export)
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=".newsreader-export-", suffix=".partial",
                                 dir=target.parent))
    writer = FolderWriter(temp)
    try:
        yield writer
        writer.close()
        os.chmod(temp, 0o755)
        _swap_in(temp, target, is_previous_export)
    except BaseException:
        writer.close()
        shutil.rmtree(temp, ignore_errors=True)
        raise


def _swap_in(temp: Path, target: Path, is_previous_export: Callable[[Path], bool]) -> None:
    check_folder_target(target, is_previous_export)  # it may have changed meanwhile
    if _lstat(target) is None:
        os.rename(temp, target)
        return
    old = target.parent / f".newsreader-export-{secrets.token_hex(6)}.old"
    os.rename(target, old)
    try:
        os.rename(temp, target)
    except BaseException:
        os.rename(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)


@contextmanager
def atomic_file(target: Path) -> Iterator[IO[bytes]]:
    """A binary handle on a temporary file that replaces ``target`` when the block ends.

    An exception (a cancel included) deletes the temporary file; ``target``
    keeps its previous content.
    """
    target = Path(os.path.abspath(target))
    check_component(target.name)
    st = _refuse_symlink(target)
    if st is not None and not target.is_file():
        raise ExportError(f"{target} exists and is not a file")
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.parent / f".newsreader-export-{secrets.token_hex(6)}.partial"
    fd = os.open(temp, _CREATE, 0o644)
    try:
        with open(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        _refuse_symlink(target)
        os.replace(temp, target)
    except BaseException:
        try:
            os.unlink(temp)
        except FileNotFoundError:
            pass
        raise
