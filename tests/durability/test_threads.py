"""Threads of one process writing to one library take turns on a shared lock."""

from __future__ import annotations

import sqlite3
import threading
from contextlib import closing
from pathlib import Path

from newsreader.core.store.connection import connect, write_transaction


def test_connections_to_one_file_share_one_write_lock(tmp_path: Path) -> None:
    with closing(connect(tmp_path / "lib.sqlite")) as first, \
            closing(connect(tmp_path / "sub" / ".." / "lib.sqlite")) as second, \
            closing(connect(tmp_path / "other.sqlite")) as other, \
            closing(connect(":memory:")) as memory_a, closing(connect(":memory:")) as memory_b:
        assert first.write_lock is second.write_lock  # the same file, spelt otherwise
        assert other.write_lock is not first.write_lock
        assert memory_a.write_lock is not memory_b.write_lock


def test_a_second_writer_waits_for_the_first_to_commit(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite"
    with closing(connect(path)) as first, closing(connect(path)) as second:
        _second_waits(first, second)


def _second_waits(first: sqlite3.Connection, second: sqlite3.Connection) -> None:
    first.execute("CREATE TABLE log (who TEXT)")
    inside, finished = threading.Event(), threading.Event()

    def write_second() -> None:
        inside.wait()
        with write_transaction(second):
            second.execute("INSERT INTO log VALUES ('second')")
        finished.set()

    thread = threading.Thread(target=write_second)
    thread.start()
    with write_transaction(first):
        first.execute("INSERT INTO log VALUES ('first')")
        inside.set()
        assert not finished.wait(0.2)  # held off by the lock, not failing on a busy database
    thread.join(timeout=30)
    assert finished.is_set()
    assert [r[0] for r in first.execute("SELECT who FROM log ORDER BY rowid")] == [
        "first",
        "second",
    ]


def test_the_lock_is_released_when_a_write_fails(tmp_path: Path) -> None:
    with closing(connect(tmp_path / "lib.sqlite")) as conn:
        try:
            with write_transaction(conn):
                conn.execute("CREATE TABLE t (x)")
                raise ValueError("a bug half-way")
        except ValueError:
            pass
        released = threading.Event()
        threading.Thread(
            target=lambda: conn.write_lock.acquire(timeout=5) and released.set()
        ).start()
        assert released.wait(10)
