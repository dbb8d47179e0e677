"""Tags (collections) and their links to articles."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from ..clock import utc_now
from ..errors import NewsreaderError, NotFoundError
from ..models import Link, TagInfo, TagSnapshot, collection_key, collection_name

_SEPARATOR = "\x1f"


#: how a collection name is stored (see models.collection_name)
clean_name = collection_name


def find(conn: sqlite3.Connection, name: str) -> tuple[int, str] | None:
    """(id, stored name) of the collection ``name`` means: the same name in any case
    ("ÉTÉ" is "été"; SQLite's NOCASE folds ASCII letters only), or None."""
    name = clean_name(name)
    row = conn.execute("SELECT id, name FROM tags WHERE name = ?", (name,)).fetchone()
    if row is None:  # a few hundred names at most: compare them all
        key = name.casefold()
        row = next((r for r in conn.execute("SELECT id, name FROM tags")
                    if collection_key(r[1]) == key), None)
    return None if row is None else (int(row[0]), row[1])


def ensure(conn: sqlite3.Connection, name: str, created_at: str | None = None) -> int:
    """The id of the tag with this name (case-insensitive), created when missing."""
    name = clean_name(name)
    if not name:
        raise NewsreaderError("a collection name cannot be empty")
    found = find(conn, name)
    if found:
        return found[0]
    cursor = conn.execute(
        "INSERT INTO tags (name, created_at) VALUES (?, ?)", (name, created_at or utc_now())
    )
    assert cursor.lastrowid is not None  # an INSERT sets it
    return cursor.lastrowid


def ensure_named(conn: sqlite3.Connection, name: str) -> tuple[int, str, bool]:
    """(id, stored name, whether it was created now) of the collection called ``name``."""
    existing = find(conn, name)
    if existing:
        return existing[0], existing[1], False
    return ensure(conn, name), clean_name(name), True


def delete_if_empty(conn: sqlite3.Connection, tag: int) -> None:
    conn.execute("DELETE FROM tags WHERE id = ? AND NOT EXISTS "
                 "(SELECT 1 FROM article_tags WHERE tag_id = ?)", (tag, tag))


def delete_named(conn: sqlite3.Connection, name: str) -> None:
    """Delete the collection if it exists (undo of one that an action created)."""
    found = find(conn, name)
    if found is not None:
        conn.execute("DELETE FROM tags WHERE id = ?", (found[0],))


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


def list_all(conn: sqlite3.Connection, only: int | None = None) -> list[TagInfo]:
    """Every collection with its count, by name (or only the one with id ``only``)."""
    return [
        TagInfo(name=r[0], count=r[1], color=r[2], description=r[3])
        for r in conn.execute(
            f"""
            SELECT t.name, count(at.article_id), t.color, t.description
            FROM tags t LEFT JOIN article_tags at ON at.tag_id = t.id
            {"WHERE t.id = ?" if only is not None else ""}
            GROUP BY t.id ORDER BY t.name COLLATE NOCASE
            """, () if only is None else (only,)
        )
    ]


def describe(conn: sqlite3.Connection, name: str, *, color: str | None, description: str) -> None:
    conn.execute(
        "UPDATE tags SET color = coalesce(?, color), description = ? WHERE id = ?",
        (color, description, tag_id(conn, name)),
    )


def adopt_details(conn: sqlite3.Connection, name: str, *, description: str,
                  color: str | None) -> None:
    """Give the collection (created when missing) a description and colour where it has
    none: what the library already says is kept."""
    conn.execute(
        "UPDATE tags SET description = CASE WHEN description = '' THEN ? ELSE description END, "
        "color = coalesce(color, ?) WHERE id = ?", (description, color, ensure(conn, name)))


def tag_id(conn: sqlite3.Connection, name: str) -> int:
    found = find(conn, name)
    if found is None:
        raise NotFoundError(f"no collection named {clean_name(name)!r}")
    return found[0]


def name_of(conn: sqlite3.Connection, tag: int) -> str:
    return conn.execute("SELECT name FROM tags WHERE id = ?", (tag,)).fetchone()[0]


def details(conn: sqlite3.Connection, tag: int) -> tuple[str, str, str | None]:
    """(name, description, colour) of a collection."""
    row = conn.execute("SELECT name, description, color FROM tags WHERE id = ?", (tag,)).fetchone()
    return row[0], row[1], row[2]


def article_ids(conn: sqlite3.Connection, tag: int) -> list[int]:
    """The collection's articles in its order."""
    return [r[0] for r in conn.execute(
        "SELECT article_id FROM article_tags WHERE tag_id = ? ORDER BY position, article_id",
        (tag,))]


def notes(conn: sqlite3.Connection, tag: int) -> dict[int, str]:
    """The collection's notes on its articles, by article id."""
    return dict(conn.execute("SELECT article_id, note FROM article_tags WHERE tag_id = ?",
                             (tag,)).fetchall())


def stage_ids(conn: sqlite3.Connection, ids: Sequence[int]) -> None:
    """Put ids in a temp table: set operations on 10,000 ids then run in SQL, not Python."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS staged_ids (id INTEGER PRIMARY KEY, ord INTEGER)")
    conn.execute("DELETE FROM temp.staged_ids")
    conn.executemany("INSERT OR IGNORE INTO temp.staged_ids VALUES (?, ?)",
                     [(i, n) for n, i in enumerate(ids)])


def link_new(conn: sqlite3.Connection, tag: int, ids: Sequence[int], added_at: str) -> list[int]:
    """Tag the articles not yet in the collection, appended to its order in the order
    given; return them."""
    stage_ids(conn, ids)
    top = conn.execute("SELECT coalesce(max(position), 0) FROM article_tags WHERE tag_id = ?",
                       (tag,)).fetchone()[0]
    added = [r[0] for r in conn.execute(
        """
        INSERT INTO article_tags (article_id, tag_id, added_at, position)
        SELECT s.id, ?, ?, ? + 1 + s.ord FROM temp.staged_ids s
        JOIN main.articles a ON a.id = s.id
        WHERE NOT EXISTS (SELECT 1 FROM article_tags x WHERE x.tag_id = ? AND x.article_id = s.id)
        ORDER BY s.ord
        RETURNING article_id
        """, (tag, added_at, top, tag))]
    return added


def unlink(conn: sqlite3.Connection, tag: int, ids: Sequence[int]) -> list[Link]:
    """Take articles out of the collection; return the links removed (to undo with relink)."""
    stage_ids(conn, ids)
    return [Link(*row) for row in conn.execute(
        "DELETE FROM article_tags WHERE tag_id = ? AND article_id IN "
        "(SELECT id FROM temp.staged_ids) RETURNING article_id, added_at, position, note",
        (tag,))]


def relink(conn: sqlite3.Connection, tag: int, links: Sequence[Link]) -> None:
    conn.executemany(
        "INSERT OR REPLACE INTO article_tags (article_id, tag_id, added_at, position, note) "
        "VALUES (?, ?, ?, ?, ?)",
        [(link.article_id, tag, link.added_at, link.position, link.note) for link in links])


def snapshot(conn: sqlite3.Connection, name: str) -> TagSnapshot:
    tag = tag_id(conn, name)
    row = conn.execute("SELECT name, color, description, created_at FROM tags WHERE id = ?",
                       (tag,)).fetchone()
    links = tuple(Link(*r) for r in conn.execute(
        "SELECT article_id, added_at, position, note FROM article_tags WHERE tag_id = ?", (tag,)))
    return TagSnapshot(row[0], row[1], row[2], row[3], links)


def restore(conn: sqlite3.Connection, saved: TagSnapshot) -> None:
    """Make the collection exactly as in the snapshot (created again if it was deleted)."""
    conn.execute(
        "INSERT INTO tags (name, color, description, created_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(name) DO UPDATE SET name = excluded.name, color = excluded.color, "
        "description = excluded.description",
        (saved.name, saved.color, saved.description, saved.created_at))
    tag = tag_id(conn, saved.name)
    conn.execute("DELETE FROM article_tags WHERE tag_id = ?", (tag,))
    relink(conn, tag, saved.links)


def rename(conn: sqlite3.Connection, old: str, new: str) -> bool:
    """Rename; onto an existing collection's name, merge into it. True when merged."""
    source, new = tag_id(conn, old), clean_name(new)
    if not new:
        raise NewsreaderError("a collection name cannot be empty")
    target = find(conn, new)
    if target is None or target[0] == source:
        conn.execute("UPDATE tags SET name = ? WHERE id = ?", (new, source))
        return False
    merge(conn, source, target[0])
    return True


def merge(conn: sqlite3.Connection, source: int, target: int) -> None:
    """Move the collection ``source``'s articles, in its order and with their notes, to the
    end of ``target`` (those already there keep theirs), then delete ``source``."""
    links = [Link(*r) for r in conn.execute(
        "SELECT article_id, added_at, position, note FROM article_tags WHERE tag_id = ? "
        "ORDER BY position", (source,))]
    top = conn.execute("SELECT coalesce(max(position), 0) FROM article_tags WHERE tag_id = ?",
                       (target,)).fetchone()[0]
    conn.executemany(
        "INSERT OR IGNORE INTO article_tags (article_id, tag_id, added_at, position, note) "
        "VALUES (?, ?, ?, ?, ?)",
        [(link.article_id, target, link.added_at, top + n + 1, link.note)
         for n, link in enumerate(links)])
    conn.execute("DELETE FROM tags WHERE id = ?", (source,))


def compose_names(conn: sqlite3.Connection) -> int:
    """Store every collection name in NFC, merging a decomposed "Été" into a composed one
    that already exists (an upgrade step); return how many names changed."""
    changed = 0
    for tag, name in conn.execute("SELECT id, name FROM tags ORDER BY id").fetchall():
        composed = clean_name(name)
        if composed == name:
            continue
        changed += 1
        same = conn.execute("SELECT id FROM tags WHERE name = ? AND id != ?",
                            (composed, tag)).fetchone()
        if same is None:
            conn.execute("UPDATE tags SET name = ? WHERE id = ?", (composed, tag))
        else:
            merge(conn, tag, same[0])
    return changed


def delete(conn: sqlite3.Connection, name: str) -> None:
    conn.execute("DELETE FROM tags WHERE id = ?", (tag_id(conn, name),))


def set_note(conn: sqlite3.Connection, tag: int, article_id: int, note: str) -> None:
    if conn.execute("UPDATE article_tags SET note = ? WHERE tag_id = ? AND article_id = ?",
                    (note, tag, article_id)).rowcount == 0:
        raise NotFoundError("that article is not in the collection")


def set_order(conn: sqlite3.Connection, tag: int, ordered_ids: Sequence[int]) -> None:
    """Number the collection's articles in this order (others keep theirs, after them)."""
    stage_ids(conn, ordered_ids)
    conn.execute("UPDATE article_tags SET position = position + ? WHERE tag_id = ? AND "
                 "article_id NOT IN (SELECT id FROM temp.staged_ids)", (len(ordered_ids) + 1, tag))
    conn.executemany("UPDATE article_tags SET position = ? WHERE tag_id = ? AND article_id = ?",
                     [(n + 1, tag, i) for n, i in enumerate(ordered_ids)])


def links_of(conn: sqlite3.Connection, article_id: int) -> list[tuple[str, str, float | None]]:
    """(collection name, note, position) of every collection the article is in."""
    return [(r[0], r[1], r[2]) for r in conn.execute(
        "SELECT t.name, at.note, at.position FROM article_tags at JOIN tags t ON t.id = at.tag_id "
        "WHERE at.article_id = ? ORDER BY t.name COLLATE NOCASE", (article_id,))]
