"""What an entity's page shows, read through the names' roots (``entity_groups``):
its forms as written, its names, articles per month, the entities it appears with."""

from __future__ import annotations

import sqlite3

#: Labels worth listing beside an entity: names, not numbers or dates.
NAME_LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW", "PRODUCT",
               "WORK_OF_ART", "LANGUAGE")
_OF_ENTITY = ("m.entity_id IN (SELECT id FROM entities WHERE (id = :root OR merged_into = :root) "
              "AND ignored = 0)")


def forms(conn: sqlite3.Connection, root: int, *, limit: int = 50) -> list[tuple[str, int]]:
    """Each way the entity is written in the articles ("US", "U.S.", "United States"),
    with how many mentions, most used first."""
    return [(r[0], int(r[1])) for r in conn.execute(
        f"""
        SELECT substr(a.body_text, m.start + 1, m."end" - m.start) AS form, count(*) AS n
        FROM mentions m JOIN articles a ON a.id = m.article_id
        WHERE {_OF_ENTITY} GROUP BY form ORDER BY n DESC, form LIMIT :limit
        """, {"root": root, "limit": limit})]


def names(conn: sqlite3.Connection, root: int) -> list[tuple[int, str, str]]:
    """(id, text, label) of the stored names merged in this entity, the root first."""
    return [(int(r[0]), r[1], r[2]) for r in conn.execute(
        "SELECT id, text, label FROM entities WHERE (id = ? OR merged_into = ?) AND ignored = 0 "
        "ORDER BY id != ?, id", (root, root, root))]


def article_count(conn: sqlite3.Connection, root: int) -> int:
    return int(
        conn.execute(
            f"SELECT count(DISTINCT m.article_id) FROM mentions m WHERE {_OF_ENTITY}",
            {"root": root},
        ).fetchone()[0]
    )


def by_month(conn: sqlite3.Connection, root: int) -> list[tuple[str, int]]:
    """(YYYY-MM, articles) for each month the entity is mentioned in, oldest first (by the
    article's date, else when it was added)."""
    return [(r[0], int(r[1])) for r in conn.execute(
        f"""
        SELECT substr(a.sort_date, 1, 7) AS month, count(*) FROM articles a
        WHERE a.id IN (SELECT m.article_id FROM mentions m WHERE {_OF_ENTITY})
        GROUP BY month ORDER BY month
        """, {"root": root})]


def appears_with(
    conn: sqlite3.Connection, root: int, *, limit: int = 10
) -> list[tuple[int, str, str, int]]:
    """(id, text, label, shared articles) of the entities mentioned most often in the same
    articles, names only (no dates or numbers)."""
    labels = ",".join(f"'{label}'" for label in NAME_LABELS)
    return [(int(r[0]), r[1], r[2], int(r[3])) for r in conn.execute(
        f"""
        WITH mine AS (SELECT DISTINCT m.article_id FROM mentions m WHERE {_OF_ENTITY})
        SELECT r.id, r.text, r.label, count(DISTINCT o.article_id) AS n
        FROM mine JOIN mentions o ON o.article_id = mine.article_id
        JOIN entities e ON e.id = o.entity_id AND e.ignored = 0
        JOIN entities r ON r.id = coalesce(e.merged_into, e.id)
        WHERE r.id != :root AND r.label IN ({labels})
        GROUP BY r.id ORDER BY n DESC, r.text LIMIT :limit
        """, {"root": root, "limit": limit})]


def article_ids(conn: sqlite3.Connection, root: int, *, limit: int | None = None) -> list[int]:
    """The articles that mention the entity, newest first."""
    sql = (f"SELECT a.id FROM articles a WHERE a.id IN (SELECT m.article_id FROM mentions m "
           f"WHERE {_OF_ENTITY}) ORDER BY a.sort_date DESC, a.id DESC")
    params: dict[str, object] = {"root": root}
    if limit is not None:
        sql += " LIMIT :limit"
        params["limit"] = limit
    return [int(r[0]) for r in conn.execute(sql, params)]
