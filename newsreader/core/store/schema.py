"""The library schema and its migrations, versioned with ``PRAGMA user_version``.

Each migration is a list of statements applied in one ``BEGIN IMMEDIATE``
transaction together with the version bump, so a failure leaves the file exactly
as it was. A library whose version is newer than :data:`SCHEMA_VERSION` was
written by a newer app and is never touched.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable, Sequence

from ..errors import NewerLibraryError
from . import declarations, entity_groups, search_changes
from .connection import write_transaction
from .story_migration import group_into_stories

_V1 = [
    """
    CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        url TEXT,
        guid TEXT,
        content_hash TEXT NOT NULL,
        title TEXT NOT NULL,
        source TEXT,
        author TEXT,
        published_at TEXT,
        added_at TEXT NOT NULL,
        language TEXT,
        feed_id INTEGER,
        is_read INTEGER NOT NULL DEFAULT 0,
        is_starred INTEGER NOT NULL DEFAULT 0,
        note TEXT NOT NULL DEFAULT '',
        sort_date TEXT GENERATED ALWAYS AS (coalesce(published_at, added_at)) VIRTUAL,
        -- the long columns last: reading a list row never walks their overflow pages
        body_text TEXT NOT NULL DEFAULT '',
        body_html TEXT
    )
    """,
    "CREATE UNIQUE INDEX articles_url ON articles(url) WHERE url IS NOT NULL",
    "CREATE UNIQUE INDEX articles_content_hash ON articles(content_hash)",
    "CREATE INDEX articles_guid ON articles(guid) WHERE guid IS NOT NULL",
    "CREATE INDEX articles_sort_date ON articles(sort_date, id)",
    "CREATE INDEX articles_unread ON articles(sort_date, id) WHERE is_read = 0",
    "CREATE INDEX articles_starred ON articles(sort_date, id) WHERE is_starred = 1",
    """
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, body_text, source, author,
        content='articles', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, body_text, source, author)
        VALUES (new.id, new.title, new.body_text, new.source, new.author);
    END
    """,
    """
    CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, body_text, source, author)
        VALUES ('delete', old.id, old.title, old.body_text, old.source, old.author);
    END
    """,
    """
    CREATE TRIGGER articles_au AFTER UPDATE OF title, body_text, source, author ON articles
    BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, body_text, source, author)
        VALUES ('delete', old.id, old.title, old.body_text, old.source, old.author);
        INSERT INTO articles_fts(rowid, title, body_text, source, author)
        VALUES (new.id, new.title, new.body_text, new.source, new.author);
    END
    """,
    """
    CREATE TABLE tags (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        color TEXT,
        description TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE article_tags (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
        added_at TEXT NOT NULL,
        position REAL,
        note TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (tag_id, article_id)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX article_tags_article ON article_tags(article_id)",
    """
    CREATE TABLE entities (
        id INTEGER PRIMARY KEY,
        text TEXT NOT NULL,
        label TEXT NOT NULL,
        UNIQUE (text, label)
    )
    """,
    """
    CREATE TABLE mentions (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        PRIMARY KEY (article_id, start, "end")
    ) WITHOUT ROWID
    """,
    "CREATE INDEX mentions_entity ON mentions(entity_id, article_id)",
    """
    CREATE TABLE saved_searches (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        query TEXT NOT NULL,
        created_at TEXT NOT NULL
    )
    """,
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)",
]

# 2: the list sorts by any column as fast as by date, at a million rows.
_V2 = [
    "CREATE INDEX articles_title ON articles(title COLLATE NOCASE, id)",
    "CREATE INDEX articles_source ON articles(coalesce(source, '') COLLATE NOCASE, id)",
    "CREATE INDEX articles_read ON articles(is_read, id)",
    "CREATE INDEX articles_starred_flag ON articles(is_starred, id)",
    "CREATE INDEX articles_added ON articles(added_at, id)",
]

# 3: entities are extracted once per article (which engine did it is recorded, so a
# change of engine or watchlist knows what to redo), and the researcher's watchlist.
_V3 = [
    "ALTER TABLE articles ADD COLUMN entities_engine TEXT",
    "CREATE INDEX articles_entities_pending ON articles(id) WHERE entities_engine IS NULL",
    """
    CREATE TABLE watchlist (
        id INTEGER PRIMARY KEY,
        term TEXT NOT NULL UNIQUE COLLATE NOCASE,
        label TEXT NOT NULL,
        color TEXT,
        created_at TEXT NOT NULL
    )
    """,
]

# 4: feed subscriptions, and "this guid in this feed" as an index lookup.
_V4 = [
    """
    CREATE TABLE feeds (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        title TEXT,
        folder TEXT,
        site_url TEXT,
        etag TEXT,
        last_modified TEXT,
        last_success TEXT,
        last_error TEXT,
        last_fetched TEXT,
        full_text INTEGER NOT NULL DEFAULT 0,
        item_count INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
    )
    """,
    "CREATE INDEX feeds_folder ON feeds(folder COLLATE NOCASE, title COLLATE NOCASE)",
    "CREATE INDEX articles_feed_guid ON articles(feed_id, guid) WHERE feed_id IS NOT NULL",
]

# 5: the full-text index merges its segments less eagerly (16 per level, not 4):
# imports index 20% faster and searches stay far under their budget.
_V5 = ["INSERT INTO articles_fts(articles_fts, rank) VALUES ('automerge', 16)"]


def _v6(conn: sqlite3.Connection) -> None:
    """6: collection names in NFC, so that "Été" typed two ways is one collection (two
    such collections of an older library become one, every article and note kept)."""
    from .tags import compose_names

    compose_names(conn)


# 8: collections that learn, and rules. A collection may learn (a model per collection,
# over one shared feature space) and may have a rule (a saved search that tags what
# matches it). Suggestions wait in tag_suggestions until accepted (they then become
# article_tags rows) or rejected (kept, so the next training learns from the "no").
_V8 = [
    "ALTER TABLE tags ADD COLUMN learns INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE tags ADD COLUMN rule TEXT",
    """
    CREATE TABLE tag_suggestions (
        tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        state TEXT NOT NULL CHECK (state IN ('ranked', 'suggested', 'rejected')),
        score REAL NOT NULL,
        reasons TEXT NOT NULL DEFAULT '[]',
        scored_at TEXT NOT NULL,
        decided_at TEXT,
        PRIMARY KEY (tag_id, article_id)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX tag_suggestions_article ON tag_suggestions(article_id, state)",
    "CREATE INDEX tag_suggestions_rank ON tag_suggestions(tag_id, state, score)",
    """
    CREATE TABLE learning_features (
        id INTEGER PRIMARY KEY,
        term TEXT NOT NULL,
        weight REAL NOT NULL
    )
    """,
    """
    CREATE TABLE tag_models (
        tag_id INTEGER PRIMARY KEY REFERENCES tags(id) ON DELETE CASCADE,
        trained_at TEXT NOT NULL,
        positives INTEGER NOT NULL,
        negatives INTEGER NOT NULL,
        rejected INTEGER NOT NULL,
        intercept REAL NOT NULL,
        threshold REAL NOT NULL,
        rank_floor REAL NOT NULL,
        feature_ids BLOB NOT NULL,
        weights BLOB NOT NULL
    )
    """,
]


Migration = Sequence[str] | Callable[[sqlite3.Connection], None]

# 9: identity by address; copies of one story are grouped (story_id), never dropped.
_V9 = group_into_stories

# 10: the full-text index declared as Datasette and sqlite-utils recognise it, and
# mentions.entity_id declared so that SQLite 3.40's integrity_check reads it right; in
# place, without rewriting any data (see store.declarations).
_V10 = declarations.migrate


def _v11(conn: sqlite3.Connection) -> None:
    """11: the list of changes the search index beside the file follows, and an identity
    of this library for that index to name (a copy elsewhere gets an index of its own)."""
    for statement in search_changes.SCHEMA:
        conn.execute(statement)
    conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('library_id', ?)",
                  (uuid.uuid4().hex,))


#: MIGRATIONS[n] brings a library from version n to n + 1. The entity-names step (7),
#: the stories step (9), the declarations step (10) and the search step (11) are
#: self-contained functions.
MIGRATIONS: list[Migration] = [_V1, _V2, _V3, _V4, _V5, _v6, entity_groups.migrate, _V8, _V9,
                               _V10, _v11]
SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _apply(conn: sqlite3.Connection, step: Migration) -> None:
    if callable(step):
        step(conn)
    else:
        for statement in step:
            conn.execute(statement)


def migrate(conn: sqlite3.Connection, migrations: Sequence[Migration] = MIGRATIONS) -> int:
    """Bring the library up to date, one transaction per step; return the old version."""
    start = schema_version(conn)
    if start > len(migrations):
        raise NewerLibraryError(
            f"this library was written by a newer Newsreader (schema {start}, "
            f"this app knows {len(migrations)}); update the app to open it"
        )
    for version in range(start, len(migrations)):
        with write_transaction(conn):
            if schema_version(conn) != version:  # another process migrated meanwhile
                continue
            _apply(conn, migrations[version])
            conn.execute(f"PRAGMA user_version = {version + 1}")
    return start
