"""The schema step that replaces dropping copies with grouping them into stories.

Self-contained (one callable appended to ``schema.MIGRATIONS``), so its number can
change when branches merge. In one transaction it:

* drops the UNIQUE index on the text hash (the same text under another address is
  another article now) and keeps a plain one (an address-less re-import is found by
  its text and title);
* adds ``articles.story_id`` (the id of the story's first copy) with its index, and
  the ``story_keys`` lookup table;
* gives every stored article its story, grouping them in id order exactly as if they
  were imported again: no article changes id, nothing else changes;
* adds the trigger that hands a deleted lead's story to its next copy.
"""

from __future__ import annotations

import sqlite3

from ..ingest.normalize import word_form
from ..stories.fingerprint import batch_story_keys, word_count
from . import stories as story_store

BATCH = 2_000

STATEMENTS = [
    "DROP INDEX IF EXISTS articles_content_hash",
    "CREATE INDEX articles_content_hash ON articles(content_hash)",
    "ALTER TABLE articles ADD COLUMN story_id INTEGER",
    "UPDATE articles SET story_id = id",
    "CREATE INDEX articles_story ON articles(story_id, id)",
    "CREATE TABLE story_keys (key INTEGER PRIMARY KEY, article_id INTEGER NOT NULL, "
    "words INTEGER NOT NULL)",
    # a deleted lead hands its story to the next copy, whoever deletes it
    """
    CREATE TRIGGER articles_story_lead_ad AFTER DELETE ON articles
    WHEN old.story_id = old.id BEGIN
        UPDATE articles SET story_id = (
            SELECT min(id) FROM articles WHERE story_id = old.id)
        WHERE story_id = old.id;
    END
    """,
]


def group_into_stories(conn: sqlite3.Connection) -> None:
    """The migration step (the caller holds its transaction)."""
    for statement in STATEMENTS:
        conn.execute(statement)
    last = 0
    while True:
        rows = conn.execute("SELECT id, title, body_text FROM articles WHERE id > ? "
                            "ORDER BY id LIMIT ?", (last, BATCH)).fetchall()
        if not rows:
            return
        last = rows[-1][0]
        texts = {article: (title, body) for article, title, body in rows}
        forms = [word_form(body) for _, _, body in rows]
        items = [story_store.Incoming(article, article_keys, word_count(form),
                                      story_store.text_reader(texts, article))
                 for (article, _, _), article_keys, form
                 in zip(rows, batch_story_keys(forms), forms, strict=True)]
        stories = story_store.group(conn, items)
        conn.executemany(
            "UPDATE articles SET story_id = ? WHERE id = ?",
            [(story, article) for article, story in stories.items() if story != article],
        )
        story_store.store_keys(conn, items)
