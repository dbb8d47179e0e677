"""Python 3.13's ``ResourceWarning: unclosed database``, on the Pythons before it too.

From 3.13 a sqlite3 connection that is garbage-collected while still open warns,
and the suite turns every warning into a failure (``filterwarnings = error``). So
that a test which forgets to close a connection fails here as it would on 3.13,
connections made in the test process warn the same way on older Pythons.
"""

from __future__ import annotations

import sqlite3
import sys
import warnings
from typing import Any

from newsreader.core.store.connection import LibraryConnection


def _is_open(conn: sqlite3.Connection) -> bool:
    try:
        conn.total_changes  # noqa: B018 - raises once the connection is closed
    except sqlite3.ProgrammingError:
        return False
    return True


def _warn_if_open(conn: sqlite3.Connection) -> None:
    if _is_open(conn):
        warnings.warn(f"unclosed database in {conn!r}", ResourceWarning, stacklevel=1)


class _Warning(sqlite3.Connection):
    def __del__(self) -> None:
        _warn_if_open(self)


def install() -> None:
    """Make unclosed connections warn (nothing to do from 3.13 on: sqlite3 does it)."""
    if sys.version_info >= (3, 13):
        return
    plain_connect = sqlite3.connect

    def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        if "factory" not in kwargs and len(args) < 6:
            kwargs["factory"] = _Warning
        return plain_connect(*args, **kwargs)

    sqlite3.connect = connect  # type: ignore[assignment]
    LibraryConnection.__del__ = _warn_if_open  # type: ignore[attr-defined]
