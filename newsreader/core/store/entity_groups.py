"""Which stored names are one entity: the ``merged_into`` pointers of ``entities``.

A row of ``entities`` is a name as extraction stored it (text and label). A name
with ``merged_into`` NULL stands for an entity of its own (its *root*); any other
points straight at the root it is a name of, so "US" and "U.S." point at
"United States", and every query reads a mention through its name's root: the
reader highlights all forms as one entity, the panel counts it once, a pivot finds
every form. ``ignored`` hides a name ("not an entity") without losing its mentions.

A new name is placed when it is first stored (``place_new``): by the latest
correction for its key, else with the name of the same key and label stored first
(dots, case, "the"), else under the display name of a country or body known by
several names, else on its own. Corrections are in ``store.entity_corrections``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence

from ..entities.aliases import alias_key, canonical_name

#: A chain of pointers longer than this is a bug, not a library.
_MAX_HOPS = 32


def root_of(conn: sqlite3.Connection, entity_id: int) -> int:
    """The entity a name stands for (itself when it is a root)."""
    for _ in range(_MAX_HOPS):
        row = conn.execute("SELECT merged_into FROM entities WHERE id = ?", (entity_id,)).fetchone()
        if row is None or row[0] is None:
            return entity_id
        entity_id = int(row[0])
    return entity_id


def ensure(conn: sqlite3.Connection, text: str, label: str) -> int:
    """The id of the name (text, label), stored and placed now if it is new.

    The common case, a new name with no correction and no display name of its own,
    is one statement that also points it at the first name of its key and label:
    extraction stores hundreds of thousands of names.
    """
    key = alias_key(text)
    row = conn.execute(
        "INSERT INTO entities (text, label, key, merged_into) VALUES (?, ?, ?, "
        "(SELECT coalesce(f.merged_into, f.id) FROM entities f WHERE f.key = ? AND f.label = ? "
        "AND f.ignored = 0 ORDER BY f.id LIMIT 1)) "
        "ON CONFLICT(text, label) DO NOTHING RETURNING id, merged_into",
        (text, label, key, key, label),
    ).fetchone()
    if row is None:
        return int(conn.execute("SELECT id FROM entities WHERE text = ? AND label = ?",
                                (text, label)).fetchone()[0])
    entity_id = int(row[0])
    if canonical_name(key, label) is not None or _has_corrections(conn):
        conn.execute("UPDATE entities SET merged_into = NULL WHERE id = ?", (entity_id,))
        place_new(conn, entity_id, text, label)
    elif row[1] is not None and not text.isupper():
        _prefer_written_case(conn, entity_id, text, label, int(row[1]))
    return entity_id


#: Labels whose names in capitals are a shouted word, not initials ("TAIWAN", "SMITH").
_SHOUTED_LABELS = frozenset({"GPE", "LOC", "NORP", "PERSON", "FAC"})


def _prefer_written_case(conn: sqlite3.Connection, entity_id: int, text: str, label: str,
                         root: int) -> None:
    """A table's or headline's "TAIWAN", stored first, gives way to "Taiwan" as the
    entity's display name when the mixed-case form arrives (same key, so one entity
    already). Initials stay: "OPEC" keeps its name over a later "Opec"; so does any
    organisation's word of four letters or fewer."""
    shown = conn.execute("SELECT text FROM entities WHERE id = ?", (root,)).fetchone()[0]
    if not shown.isupper() or (label not in _SHOUTED_LABELS and sum(
            c.isalpha() for c in shown) <= 4 and " " not in shown):
        return
    if label not in _SHOUTED_LABELS and not any(c in "AEIOU" for c in shown):
        return
    make_root(conn, entity_id)


def adopt_short_form(conn: sqlite3.Connection, short_id: int, full_id: int) -> bool:
    """An article wrote a name's initials for its full name ("the European Community
    (EC)", "USDA" beside "the U.S. Agriculture Department"): the short name, where it
    stands for no other entity yet, becomes a name of the full one library-wide, so
    the "EC" of articles that never spell it out counts for the European Community
    too. The first meaning an article gives wins; a correction of the short name's
    key (a split, a merge) decides instead. True when it moved."""
    text, label, key, merged = conn.execute(
        "SELECT text, label, key, merged_into FROM entities WHERE id = ?", (short_id,)).fetchone()
    if merged is not None or latest_rule(conn, key or alias_key(text), label) is not None:
        return False
    target = root_of(conn, full_id)
    if target == short_id:
        return False
    join(conn, [short_id], target)
    return True


def _has_corrections(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT EXISTS (SELECT 1 FROM entity_corrections)").fetchone()[0] == 1


def place_new(conn: sqlite3.Connection, entity_id: int, text: str, label: str) -> None:
    """Put a newly stored name where it belongs (see the module's docstring)."""
    key = alias_key(text)
    conn.execute("UPDATE entities SET key = ? WHERE id = ?", (key, entity_id))
    rule = latest_rule(conn, key, label)
    if rule is not None:
        action, target = rule
        if action == "ignore":
            conn.execute("UPDATE entities SET ignored = 1 WHERE id = ?", (entity_id,))
            return
        if action in ("merge", "relabel") and target is not None:
            point(conn, [entity_id], root_of(conn, target))
            return
    else:
        display = canonical_name(key, label)
        if display is not None and display != text:
            point(conn, [entity_id], root_of(conn, ensure(conn, display, label)))
            return
    first = conn.execute(
        "SELECT id FROM entities WHERE key = ? AND label = ? AND id != ? AND ignored = 0 "
        "ORDER BY id LIMIT 1", (key, label, entity_id)).fetchone()
    if first is not None:
        point(conn, [entity_id], root_of(conn, int(first[0])))


def latest_rule(conn: sqlite3.Connection, key: str, label: str) -> tuple[str, int | None] | None:
    """(action, target entity) of the latest correction still in force for names of this
    key and label; None when no correction speaks of them."""
    row = conn.execute(
        "SELECT action, target_id FROM entity_corrections WHERE key = ? AND undone_at IS NULL "
        "AND (label IS NULL OR label = ?) ORDER BY id DESC LIMIT 1", (key, label)).fetchone()
    return None if row is None else (row[0], row[1])


def point(conn: sqlite3.Connection, ids: Sequence[int], root: int) -> None:
    """Make ``ids`` names of ``root`` (the root itself stays a root)."""
    conn.executemany("UPDATE entities SET merged_into = ? WHERE id = ?",
                     [(None if i == root else root, i) for i in ids])


def members(conn: sqlite3.Connection, root: int) -> list[int]:
    """Every name of the entity ``root``, the root first."""
    return [root] + [int(r[0]) for r in conn.execute(
        "SELECT id FROM entities WHERE merged_into = ? ORDER BY id", (root,))]


def join(conn: sqlite3.Connection, roots: Iterable[int], into: int) -> list[int]:
    """Make every name of the entities ``roots`` a name of ``into``; return the names moved."""
    moved = [m for root in roots if root != into for m in members(conn, root)]
    point(conn, moved, into)
    return moved


def make_root(conn: sqlite3.Connection, entity_id: int) -> None:
    """Let a name stand for its entity, its former root and names pointing at it now."""
    old = root_of(conn, entity_id)
    if old == entity_id:
        return
    point(conn, [m for m in members(conn, old) if m != entity_id] + [entity_id], entity_id)


def names_with_key(conn: sqlite3.Connection, key: str, label: str | None = None) -> list[int]:
    sql, params = "SELECT id FROM entities WHERE key = ?", [key]
    if label is not None:
        sql, params = sql + " AND label = ?", [key, label]
    return [int(r[0]) for r in conn.execute(sql + " ORDER BY id", params)]


def roots_named(conn: sqlite3.Connection, name: str, label: str | None = None, *,
                ignored: bool = False) -> list[int]:
    """The entities one of whose names is ``name`` (as written, any case, with or without
    dots), those with a name written exactly so first."""
    sql = ("SELECT coalesce(e.merged_into, e.id) AS root, max(e.text = ?) AS exact "
           "FROM entities e WHERE (e.text = ? COLLATE NOCASE OR e.key = ?)")
    params: list[object] = [name, name, alias_key(name)]
    if label is not None:
        sql += (
            " AND (SELECT r.label FROM entities r WHERE r.id = coalesce(e.merged_into, e.id)) = ?"
        )
        params.append(label)
    if not ignored:
        sql += " AND e.ignored = 0"
    sql += " GROUP BY root ORDER BY exact DESC, root"
    return [int(r[0]) for r in conn.execute(sql, params)]


def snapshot(conn: sqlite3.Connection, ids: Iterable[int]) -> list[list[int | None]]:
    """[id, merged_into, ignored] of each name, to put them back on undo."""
    marks = list(dict.fromkeys(ids))
    rows: list[list[int | None]] = []
    for at in range(0, len(marks), 500):
        part = marks[at:at + 500]
        rows.extend([int(r[0]), r[1], int(r[2])] for r in conn.execute(
            "SELECT id, merged_into, ignored FROM entities WHERE id IN "
            f"({','.join('?' * len(part))})",
            part))
    return rows


def restore(conn: sqlite3.Connection, rows: Iterable[Sequence[int | None]]) -> None:
    conn.executemany("UPDATE entities SET merged_into = ?, ignored = ? WHERE id = ?",
                     [(merged, ignored, entity_id) for entity_id, merged, ignored in rows])


def make_plain(conn: sqlite3.Connection, entity_id: int) -> None:
    """A name of no other entity, and an entity again (not marked "not an entity")."""
    conn.execute("UPDATE entities SET merged_into = NULL, ignored = 0 WHERE id = ?", (entity_id,))


def set_ignored(conn: sqlite3.Connection, ids: Sequence[int], ignored: bool) -> None:
    conn.executemany(
        "UPDATE entities SET ignored = ? WHERE id = ?", [(int(ignored), i) for i in ids]
    )


def place_all(conn: sqlite3.Connection) -> int:
    """Key and place every stored name, in the order they were stored (upgrading a
    library that has names from before merging); return how many were merged."""
    rows = conn.execute("SELECT id, text, label FROM entities ORDER BY id").fetchall()
    conn.execute("UPDATE entities SET merged_into = NULL, key = NULL")
    for entity_id, text, label in rows:
        place_new(conn, int(entity_id), text, label)
    return int(
        conn.execute("SELECT count(*) FROM entities WHERE merged_into IS NOT NULL").fetchone()[0]
    )


#: The schema step that brings merging in (appended to ``schema.MIGRATIONS``).
SCHEMA = [
    "ALTER TABLE entities ADD COLUMN key TEXT",
    "ALTER TABLE entities ADD COLUMN merged_into INTEGER",
    "ALTER TABLE entities ADD COLUMN ignored INTEGER NOT NULL DEFAULT 0",
    "CREATE INDEX entities_key ON entities(key, label)",
    "CREATE INDEX entities_merged ON entities(merged_into) WHERE merged_into IS NOT NULL",
    """
    CREATE TABLE entity_corrections (
        id INTEGER PRIMARY KEY,
        action TEXT NOT NULL,
        name TEXT NOT NULL,
        key TEXT NOT NULL,
        label TEXT,
        target_id INTEGER,
        new_label TEXT,
        created_at TEXT NOT NULL,
        undone_at TEXT,
        before TEXT NOT NULL DEFAULT '{}'
    )
    """,
    "CREATE INDEX entity_corrections_key ON entity_corrections(key)",
]


def migrate(conn: sqlite3.Connection) -> None:
    """Schema step: names get a key and a root; the names already stored are merged."""
    for statement in SCHEMA:
        conn.execute(statement)
    place_all(conn)
