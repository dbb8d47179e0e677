"""Tags (collections) and their links to articles."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from ..clock import utc_now
from ..models import TagInfo

_SEPARATOR = "\x1f"


def clean_name(name: str) -> str:
    """A tag name as stored: any text the user typed, trimmed, newlines folded to spaces."""
    return " ".join(name.split())


def ensure(conn: sqlite3.Connection, name: str, created_at: str | None = None) -> int:
    """The id of the tag with this name (case-insensitive), created when missing."""
    name = clean_name(name)
    if not name:
        raise ValueError("a tag name cannot be empty")
    row = conn.execute("SELECT id FROM tags WHERE name = ?", (name,)).fetchone()
    if row:
        return int(row[0])
    cursor = conn.execute(
        "INSERT INTO tags (name, created_at) VALUES (?, ?)", (name, created_at or utc_now())
    )
    return int(cursor.lastrowid)


def link(conn: sqlite3.Connection, tag_id: int, article_ids: Sequence[int], added_at: str) -> int:
    """Tag the articles, appending them to the end of the collection's manual order."""
    top = conn.execute(
        "SELECT coalesce(max(position), 0) FROM article_tags WHERE tag_id = ?", (tag_id,)
    ).fetchone()[0]
    cursor = conn.executemany(
        "INSERT OR IGNORE INTO article_tags (article_id, tag_id, added_at, position) "
        "VALUES (?, ?, ?, ?)",
        [(aid, tag_id, added_at, top + n + 1) for n, aid in enumerate(article_ids)],
    )
    return cursor.rowcount


def names_for(conn: sqlite3.Connection, article_ids: Sequence[int]) -> dict[int, list[str]]:
    """Tag names per article, in the order the tags were created."""
    if not article_ids:
        return {}
    marks = ",".join("?" * len(article_ids))
    result: dict[int, list[str]] = {}
    for article_id, names in conn.execute(
        f"""
        SELECT at.article_id, group_concat(t.name, '{_SEPARATOR}')
        FROM article_tags at JOIN tags t ON t.id = at.tag_id
        WHERE at.article_id IN ({marks})
        GROUP BY at.article_id
        """,
        list(article_ids),
    ):
        result[article_id] = names.split(_SEPARATOR)
    return result


def list_all(conn: sqlite3.Connection) -> list[TagInfo]:
    return [
        TagInfo(name=r[0], count=r[1], color=r[2], description=r[3])
        for r in conn.execute(
            """
            SELECT t.name, count(at.article_id), t.color, t.description
            FROM tags t LEFT JOIN article_tags at ON at.tag_id = t.id
            GROUP BY t.id ORDER BY t.name COLLATE NOCASE
            """
        )
    ]


def describe(conn: sqlite3.Connection, name: str, *, color: str | None, description: str) -> None:
    conn.execute(
        "UPDATE tags SET color = coalesce(?, color), description = ? WHERE name = ?",
        (color, description, clean_name(name)),
    )
