"""SQL for the entity extraction queue: an article whose ``entities_engine`` is NULL is pending."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence


def count(conn: sqlite3.Connection) -> int:
    return int(conn.execute(
        "SELECT count(*) FROM articles WHERE entities_engine IS NULL").fetchone()[0])


def mark(conn: sqlite3.Connection, ids: Iterable[int] | None = None) -> int:
    """Queue all articles (those done), or these; return how many rows changed."""
    if ids is None:
        return conn.execute("UPDATE articles SET entities_engine = NULL "
                            "WHERE entities_engine IS NOT NULL").rowcount
    return conn.executemany("UPDATE articles SET entities_engine = NULL WHERE id = ?",
                            [(i,) for i in ids]).rowcount


def heads(conn: sqlite3.Connection, after: int, size: int) -> list[tuple[int, int | None]]:
    """(id, length of the body) of up to ``size`` pending articles after id ``after``, in id order."""
    return conn.execute(
        "SELECT id, length(body_text) FROM articles WHERE entities_engine IS NULL AND id > ? "
        "ORDER BY id LIMIT ?", (after, size)).fetchall()


def bodies(conn: sqlite3.Connection, ids: Sequence[int]) -> list[sqlite3.Row]:
    """(id, body_text) of these articles, in id order."""
    return conn.execute(
        f"SELECT id, body_text FROM articles WHERE id IN ({','.join('?' * len(ids))}) "
        "ORDER BY id", list(ids)).fetchall()


def pending_bodies(conn: sqlite3.Connection, ids: Sequence[int]) -> list[sqlite3.Row]:
    """(id, body_text) of those of these articles that are pending."""
    marks = ",".join("?" * len(ids))
    return conn.execute(
        f"SELECT id, body_text FROM articles WHERE entities_engine IS NULL AND id IN ({marks})",
        list(ids)).fetchall()


def mark_done(conn: sqlite3.Connection, article_id: int, engine_name: str) -> None:
    conn.execute("UPDATE articles SET entities_engine = ? WHERE id = ?",
                 (engine_name, article_id))
