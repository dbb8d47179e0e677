"""Opening files to import without ever waiting on something that is not a file.

A named pipe (FIFO) opens only once a writer appears, and its reads wait for data
that may never come; a device such as ``/dev/zero`` reads forever. Folders people
import may hold such things. So a file is opened with ``O_NONBLOCK`` (the open
never waits), checked with ``fstat`` on the very descriptor that will be read (no
race with a rename in between), and refused unless it is a regular file.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from newsreader.core.errors import IngestError

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_KINDS = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"))


def not_regular(mode: int) -> str | None:
    """Why a file of this ``st_mode`` is not read ("not a regular file (a named pipe)"),
    or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _KINDS if test(mode)), "not a file")
    return f"not a regular file ({kind}); skipped"


def regular_problem(path: Path) -> str | None:
    """``not_regular`` for a path (its target, for a symbolic link); None if it cannot be
    looked at, which reading it then reports."""
    try:
        return not_regular(os.stat(path).st_mode)
    except OSError:
        return None


def open_regular(path: Path, buffering: int = -1) -> BinaryIO:
    """Open ``path`` for binary reading; IngestError unless it is a regular file.

    OSError (missing, no permission) goes to the caller as usual.
    """
    fd = os.open(path, _OPEN_FLAGS)
    try:
        problem = not_regular(os.fstat(fd).st_mode)
        if problem is not None:
            raise IngestError(problem)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return open(fd, "rb", buffering=buffering)  # the caller closes it
    except BaseException:
        os.close(fd)
        raise
