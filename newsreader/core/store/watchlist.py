"""The researcher's watchlist: terms highlighted in every article, with a label and colour."""

from __future__ import annotations

import sqlite3

from ..clock import utc_now
from ..models import WatchTerm


def list_all(conn: sqlite3.Connection) -> list[WatchTerm]:
    return [WatchTerm(*row) for row in conn.execute(
        "SELECT term, label, color FROM watchlist ORDER BY term COLLATE NOCASE")]


def add(conn: sqlite3.Connection, term: str, label: str, color: str | None) -> None:
    conn.execute(
        "INSERT INTO watchlist (term, label, color, created_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(term) DO UPDATE SET label = excluded.label, color = excluded.color",
        (term, label, color, utc_now()),
    )


def remove(conn: sqlite3.Connection, term: str) -> bool:
    return conn.execute("DELETE FROM watchlist WHERE term = ?", (term,)).rowcount > 0


def articles_containing(conn: sqlite3.Connection, term: str) -> list[int]:
    """The articles whose text holds the term as a phrase (the full-text index's view)."""
    return [r[0] for r in conn.execute(
        "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?",
        ('"' + term.replace('"', '""') + '"',))]
