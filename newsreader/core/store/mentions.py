"""Stored entity mentions: what the reader highlights without re-parsing the text."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence

from ..models import Mention
from . import entity_groups

#: (start, end, canonical entity text, label)
SpanRow = tuple[int, int, str, str]


def for_article(conn: sqlite3.Connection, article_id: int) -> list[Mention]:
    """The article's mentions, each as the entity its name stands for (``entity_groups``:
    "U.S." as United States), names marked "not an entity" left out."""
    return [
        Mention(start=r[0], end=r[1], text=r[2], label=r[3], entity_id=r[4])
        for r in conn.execute(
            """
            SELECT m.start, m."end", r.text, r.label, r.id
            FROM mentions m JOIN entities e ON e.id = m.entity_id
            JOIN entities r ON r.id = coalesce(e.merged_into, e.id)
            WHERE m.article_id = ? AND e.ignored = 0 ORDER BY m.start
            """,
            (article_id,),
        )
    ]


def entity(conn: sqlite3.Connection, entity_id: int) -> tuple[str, str] | None:
    """(text, label) of a stored entity, None if there is none with that id."""
    row = conn.execute("SELECT text, label FROM entities WHERE id = ?", (entity_id,)).fetchone()
    return (row[0], row[1]) if row else None


class EntityIds:
    """Entity ids by (text, label), remembered across a run so each is looked up once;
    a new name is placed in its entity as it is stored (``entity_groups.ensure``)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._ids: dict[tuple[str, str], int] = {}
        self._short_forms: set[tuple[str, str, str]] = set()

    def get(self, text: str, label: str) -> int:
        key = (text, label)
        found = self._ids.get(key)
        if found is None:
            found = self._ids[key] = entity_groups.ensure(self._conn, text, label)
        return found

    def short_form(self, short: str, full: str, label: str) -> None:
        """``short`` stood for ``full`` in an article (``entity_groups.adopt_short_form``);
        each pair is looked at once a run."""
        if (short, full, label) not in self._short_forms:
            self._short_forms.add((short, full, label))
            entity_groups.adopt_short_form(self._conn, self.get(short, label),
                                           self.get(full, label))

    def forget(self) -> None:
        """After a rollback, ids created inside it no longer exist."""
        self._ids.clear()
        self._short_forms.clear()


def replace(conn: sqlite3.Connection, article_id: int, spans: Iterable[SpanRow],
            ids: EntityIds | None = None) -> int:
    """Swap an article's mentions for new spans; the caller holds the transaction."""
    ids = ids or EntityIds(conn)
    conn.execute("DELETE FROM mentions WHERE article_id = ?", (article_id,))
    rows = [(article_id, ids.get(text, label), start, end) for start, end, text, label in spans]
    conn.executemany(
        'INSERT OR IGNORE INTO mentions (article_id, entity_id, start, "end") VALUES (?, ?, ?, ?)',
        rows,
    )
    return len(rows)


def top_entities(conn: sqlite3.Connection, where: str, params: list[object], *,
                 limit: int, labels: Sequence[str] | None) -> list[tuple[int, str, str, int]]:
    """(entity id, text, label, articles) of the entities mentioned by the most articles
    among those the WHERE clause (over ``articles a``) selects, most first."""
    label_sql = ""
    if labels:
        label_sql = f" AND e.label IN ({','.join('?' * len(labels))})"
    return conn.execute(
        f"""
        SELECT e.id, e.text, e.label, count(DISTINCT m.article_id) AS n
        FROM mentions m JOIN entities f ON f.id = m.entity_id AND f.ignored = 0
        JOIN entities e ON e.id = coalesce(f.merged_into, f.id)
        WHERE m.article_id IN (SELECT a.id FROM articles a WHERE {where}){label_sql}
        GROUP BY e.id ORDER BY n DESC, e.text LIMIT ?
        """,
        [*params, *(labels or []), limit],
    ).fetchall()


def article_counts(conn: sqlite3.Connection, entity_ids: Sequence[int]) -> dict[int, int]:
    """How many articles mention each entity, any of its names."""
    if not entity_ids:
        return {}
    marks = ",".join("?" * len(entity_ids))
    return dict(conn.execute(
        f"SELECT coalesce(e.merged_into, e.id) AS root, count(DISTINCT m.article_id) "
        f"FROM entities e JOIN mentions m ON m.entity_id = e.id "
        f"WHERE (e.id IN ({marks}) OR e.merged_into IN ({marks})) AND e.ignored = 0 GROUP BY root",
        [*entity_ids, *entity_ids]).fetchall())


def articles_naming(conn: sqlite3.Connection, text: str) -> list[int]:
    """The articles that mention an entity by this text (any case)."""
    return [r[0] for r in conn.execute(
        "SELECT DISTINCT m.article_id FROM mentions m JOIN entities e ON e.id = m.entity_id "
        "WHERE e.text = ? COLLATE NOCASE", (text,))]
