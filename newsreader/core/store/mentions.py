"""Stored entity mentions: what the reader highlights without re-parsing the text."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from ..models import Mention


def for_article(conn: sqlite3.Connection, article_id: int) -> list[Mention]:
    return [
        Mention(start=r[0], end=r[1], text=r[2], label=r[3], entity_id=r[4])
        for r in conn.execute(
            """
            SELECT m.start, m."end", e.text, e.label, e.id
            FROM mentions m JOIN entities e ON e.id = m.entity_id
            WHERE m.article_id = ? ORDER BY m.start
            """,
            (article_id,),
        )
    ]


def replace(conn: sqlite3.Connection, article_id: int,
            spans: Iterable[tuple[int, int, str, str]]) -> int:
    """Swap an article's mentions for new (start, end, text, label) spans; caller holds the transaction."""
    conn.execute("DELETE FROM mentions WHERE article_id = ?", (article_id,))
    count = 0
    for start, end, text, label in spans:
        conn.execute("INSERT OR IGNORE INTO entities (text, label) VALUES (?, ?)", (text, label))
        entity_id = conn.execute(
            "SELECT id FROM entities WHERE text = ? AND label = ?", (text, label)
        ).fetchone()[0]
        conn.execute(
            'INSERT OR IGNORE INTO mentions (article_id, entity_id, start, "end") VALUES (?, ?, ?, ?)',
            (article_id, entity_id, start, end),
        )
        count += 1
    return count
