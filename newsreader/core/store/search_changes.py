"""What the search index beside the library has still to learn, and the text it indexes.

Triggers on ``articles`` (schema step 11) write one row to ``search_changes`` for every
article added, deleted or whose title, text, source or author changed - whoever wrote
it: this app, the command line beside the window, sqlite-utils. The search index
records the last ``seq`` it has applied; everything after it is what it must re-read.
``seq`` is AUTOINCREMENT, so it never goes back even when applied rows are pruned.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

SCHEMA = [
    """
    CREATE TABLE search_changes (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        article_id INTEGER NOT NULL
    )
    """,
    """
    CREATE TRIGGER articles_search_ai AFTER INSERT ON articles BEGIN
        INSERT INTO search_changes (article_id) VALUES (new.id);
    END
    """,
    """
    CREATE TRIGGER articles_search_ad AFTER DELETE ON articles BEGIN
        INSERT INTO search_changes (article_id) VALUES (old.id);
    END
    """,
    """
    CREATE TRIGGER articles_search_au AFTER UPDATE OF title, body_text, source, author
    ON articles BEGIN
        INSERT INTO search_changes (article_id) VALUES (new.id);
    END
    """,
    # a first change, so that a library's first index has a number to start from
    "INSERT INTO search_changes (article_id) VALUES (0)",
]


@dataclass(frozen=True, slots=True)
class IndexedText:
    """The text of one article as the search index holds it."""

    id: int
    title: str
    body: str
    source: str
    author: str


def latest(conn: sqlite3.Connection) -> int:
    """The number of the newest change (0 before any)."""
    row = conn.execute(
        "SELECT seq FROM sqlite_sequence WHERE name = 'search_changes'").fetchone()
    return int(row[0]) if row else 0


def changed_since(conn: sqlite3.Connection, seq: int) -> tuple[list[int], int]:
    """The articles changed after change ``seq`` (each once) and the newest change's number.
    Read in the caller's transaction, so that the texts read next are of the same moment."""
    newest = latest(conn)
    ids = [r[0] for r in conn.execute(
        "SELECT DISTINCT article_id FROM search_changes WHERE seq > ? AND seq <= ? "
        "AND article_id > 0", (seq, newest))]
    return ids, newest


def pending(conn: sqlite3.Connection, seq: int) -> int:
    """How many changes came after change ``seq`` (an estimate of the work to catch up)."""
    return int(conn.execute("SELECT count(*) FROM search_changes WHERE seq > ?",
                            (seq,)).fetchone()[0])


def oldest_kept(conn: sqlite3.Connection) -> int | None:
    """The oldest change still listed, or None when none is (all were applied and pruned)."""
    row = conn.execute("SELECT min(seq) FROM search_changes").fetchone()
    return row[0]


def texts(conn: sqlite3.Connection, ids: Sequence[int]) -> list[IndexedText]:
    """The texts of those of ``ids`` that still exist (a missing one was deleted)."""
    found: list[IndexedText] = []
    for start in range(0, len(ids), 500):
        part = list(ids[start:start + 500])
        marks = ",".join("?" * len(part))
        found.extend(IndexedText(*row) for row in conn.execute(
            "SELECT id, coalesce(title, ''), coalesce(body_text, ''), coalesce(source, ''), "
            f"coalesce(author, '') FROM articles WHERE id IN ({marks})", part))
    return found


def all_texts(conn: sqlite3.Connection, chunk: int = 5_000) -> Iterator[list[IndexedText]]:
    """Every article's text in id order, a chunk at a time (for a rebuild)."""
    after = 0
    while True:
        rows = [IndexedText(*row) for row in conn.execute(
            "SELECT id, coalesce(title, ''), coalesce(body_text, ''), coalesce(source, ''), "
            "coalesce(author, '') FROM articles WHERE id > ? ORDER BY id LIMIT ?",
            (after, chunk))]
        if not rows:
            return
        yield rows
        after = rows[-1].id


def article_count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])


def prune(conn: sqlite3.Connection, seq: int) -> None:
    """Forget the changes up to ``seq``: the index has them. (Caller's write transaction.)"""
    conn.execute("DELETE FROM search_changes WHERE seq <= ?", (seq,))
