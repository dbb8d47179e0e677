"""An entity's page: everything the library knows about one entity, read at once."""

from __future__ import annotations

import sqlite3

from .models import EntityPage
from .store import articles as article_store
from .store import entity_pages as pages
from .store import mentions as mention_store


def read(conn: sqlite3.Connection, root: int, *, stories: int = 20, with_: int = 10) -> EntityPage:
    """The page of the entity ``root`` (an id ``entity_groups`` gives as a root)."""
    found = mention_store.entity(conn, root)
    assert found is not None
    ids = pages.article_ids(conn, root, limit=stories)
    rows = article_store.rows_by_id(conn, ids)
    return EntityPage(
        id=root, text=found[0], label=found[1], articles=pages.article_count(conn, root),
        forms=pages.forms(conn, root), names=[(t, lbl) for _, t, lbl in pages.names(conn, root)],
        by_month=pages.by_month(conn, root),
        appears_with=[(t, lbl, n) for _, t, lbl, n in pages.appears_with(conn, root, limit=with_)],
        stories=[rows[i] for i in ids if i in rows],
    )
