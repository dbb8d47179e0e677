"""Smart collections: named queries that are re-run whenever they are opened."""

from __future__ import annotations

import sqlite3

from ..clock import utc_now


def list_all(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    return [(r[0], r[1]) for r in
            conn.execute("SELECT name, query FROM saved_searches ORDER BY name COLLATE NOCASE")]


def save(conn: sqlite3.Connection, name: str, query: str) -> None:
    """Create the smart collection, or give an existing one of that name the new query."""
    name = " ".join(name.split())
    if not name:
        raise ValueError("a smart collection needs a name")
    conn.execute(
        "INSERT INTO saved_searches (name, query, created_at) VALUES (?, ?, ?) "
        "ON CONFLICT(name) DO UPDATE SET query = excluded.query",
        (name, query, utc_now()),
    )
