"""The reader's corrections to entity names, kept so they hold for future extraction
and can be listed and undone.

Each row says what was done to the names of one key (``aliases.alias_key``; with a
label, only names of that label): ``relabel`` and ``merge`` make them names of
``target_id``'s entity, ``split`` takes them out of the entity they were part of,
``ignore`` hides them. ``before`` holds the names' pointers as they were
(``entity_groups.snapshot``) and the last entity id at the time, so an undo puts
them back and places anew the names stored since under this correction.
"""

from __future__ import annotations

import json
import sqlite3

from ..models import Correction


def record(conn: sqlite3.Connection, *, action: str, name: str, key: str, label: str | None,
           target_id: int | None, new_label: str | None, created_at: str,
           before: list[list[int | None]]) -> int:
    last_id = conn.execute("SELECT coalesce(max(id), 0) FROM entities").fetchone()[0]
    return int(conn.execute(
        "INSERT INTO entity_corrections (action, name, key, label, target_id, new_label, "
        "created_at, before) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        (action, name, key, label, target_id, new_label, created_at,
         json.dumps({"rows": before, "last_id": last_id}))).fetchone()[0])


_COLUMNS = ("c.id, c.action, c.name, c.label, "
            "(SELECT t.text FROM entities t WHERE t.id = c.target_id), c.new_label, "
            "c.created_at, c.undone_at")


def list_all(conn: sqlite3.Connection, *, include_undone: bool = True) -> list[Correction]:
    where = "" if include_undone else " WHERE c.undone_at IS NULL"
    return [Correction(*row) for row in conn.execute(
        f"SELECT {_COLUMNS} FROM entity_corrections c{where} ORDER BY c.id")]


def get(conn: sqlite3.Connection, correction_id: int) -> Correction | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM entity_corrections c WHERE c.id = ?",
                       (correction_id,)).fetchone()
    return None if row is None else Correction(*row)


def latest_active(conn: sqlite3.Connection) -> int | None:
    row = conn.execute("SELECT max(id) FROM entity_corrections WHERE undone_at IS NULL").fetchone()
    return None if row[0] is None else int(row[0])


def undo_state(
    conn: sqlite3.Connection, correction_id: int
) -> tuple[str, list[list[int | None]], int]:
    """(key, rows as they were before, last entity id then) of one correction."""
    key, before = conn.execute("SELECT key, before FROM entity_corrections WHERE id = ?",
                               (correction_id,)).fetchone()
    state = json.loads(before or "{}")
    return key, state.get("rows", []), int(state.get("last_id", 0))


def touched_later(conn: sqlite3.Connection, correction_id: int, ids: set[int]) -> int | None:
    """The first correction in force after this one that changed one of ``ids``, if any."""
    for later_id, before in conn.execute(
            "SELECT id, before FROM entity_corrections WHERE id > ? AND undone_at IS NULL "
            "ORDER BY id", (correction_id,)):
        if ids & {int(row[0]) for row in json.loads(before or "{}").get("rows", [])}:
            return int(later_id)
    return None


def mark_undone(conn: sqlite3.Connection, correction_id: int, when: str) -> None:
    conn.execute("UPDATE entity_corrections SET undone_at = ? WHERE id = ?", (when, correction_id))


def names_since(conn: sqlite3.Connection, key: str, last_id: int) -> list[tuple[int, str, str]]:
    """(id, text, label) of the names of ``key`` stored after entity id ``last_id``."""
    return [
        (int(r[0]), r[1], r[2])
        for r in conn.execute(
            "SELECT id, text, label FROM entities WHERE key = ? AND id > ? ORDER BY id",
            (key, last_id),
        )
    ]
