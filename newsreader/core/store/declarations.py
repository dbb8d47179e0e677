"""Schema step 10: two tables declared so that other SQLite tools read the library right.

Version 9 declared two things that other programs misread in a sound library:

* ``articles_fts`` said ``content='articles'``. Datasette and sqlite-utils find a
  table's full-text index by matching the SQL text of ``sqlite_master`` against
  ``content="articles"`` or ``content=[articles]`` only, so neither offered a search
  (no ``?_search=``, ``sqlite-utils detect-fts`` empty). Now ``content="articles"``.
* ``mentions.entity_id`` was ``NOT NULL`` in a WITHOUT ROWID table whose primary key
  (article_id, start, "end") has a column declared after it. SQLite 3.40.0 to 3.41.0
  (Debian 12 ships 3.40.1) then reports "NULL value in mentions.entity_id" for every
  row in ``PRAGMA integrity_check`` and ``quick_check``, where the column holds no
  NULL. Now ``CHECK (entity_id IS NOT NULL)``: the same rule (``INSERT OR IGNORE``
  skips a violating row either way), which those versions check correctly.

Neither change alters a byte of stored data: FTS5 reads its options from the
declaration whenever it opens the table (its index and ``articles_fts_config`` stay
as they are), and a row of ``mentions`` is recorded the same way whatever its
constraint says. So the new text is written into ``sqlite_master`` under ``PRAGMA
writable_schema`` with the schema version bumped, inside the migration's transaction:
the procedure SQLite's ALTER TABLE page documents for changes "that do not affect the
on-disk content in any way". It takes milliseconds at any size, where dropping and
rebuilding the full-text index takes minutes over a million articles. No row breaks
the CHECK when the step commits (a NULL entity, which no version wrote, is deleted),
and the new declarations are read back before it commits, so a mistake rolls back to
the library as it was.

Where SQLite refuses to edit its schema (a build with ``SQLITE_DBCONFIG_DEFENSIVE``
on), the tables are rebuilt the ordinary way instead: slower, same result.
"""

from __future__ import annotations

import re
import sqlite3

OLD_FTS_CONTENT = re.compile(r"content\s*=\s*'articles'")
NEW_FTS_CONTENT = 'content="articles"'
OLD_ENTITY_ID = "entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE"
NEW_ENTITY_ID = ("entity_id INTEGER REFERENCES entities(id) ON DELETE CASCADE "
                 "CHECK (entity_id IS NOT NULL)")
#: the full-text index's merge setting (schema step 5), lost when it is rebuilt
FTS_AUTOMERGE = "INSERT INTO articles_fts(articles_fts, rank) VALUES ('automerge', 16)"


def migrate(conn: sqlite3.Connection) -> None:
    """The schema step (the caller holds its transaction)."""
    wanted = new_declarations(conn)
    if not wanted:
        return
    try:
        _rewrite_in_place(conn, wanted)
    except sqlite3.DatabaseError as error:
        if "may not be modified" not in str(error):
            raise
        _rebuild(conn, wanted)
    # a mention of no entity (none was ever written) would break the CHECK; once the
    # column is not NOT NULL, SQLite no longer assumes "IS NULL" false and finds such
    # rows through the mentions_entity index instead of reading the whole table
    conn.execute("DELETE FROM mentions WHERE entity_id IS NULL")
    _read_back(conn)


def new_declarations(conn: sqlite3.Connection) -> dict[str, str]:
    """{table: its new CREATE statement} for the tables still declared the old way."""
    declared = dict(conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' "
        "AND name IN ('articles_fts', 'mentions')").fetchall())
    wanted: dict[str, str] = {}
    fts = declared.get("articles_fts", "")
    if OLD_FTS_CONTENT.search(fts):
        wanted["articles_fts"] = OLD_FTS_CONTENT.sub(NEW_FTS_CONTENT, fts, count=1)
    mentions = declared.get("mentions", "")
    if OLD_ENTITY_ID in mentions:
        wanted["mentions"] = mentions.replace(OLD_ENTITY_ID, NEW_ENTITY_ID, 1)
    return wanted


def _rewrite_in_place(conn: sqlite3.Connection, wanted: dict[str, str]) -> None:
    version = int(conn.execute("PRAGMA schema_version").fetchone()[0])
    conn.execute("PRAGMA writable_schema = ON")
    try:
        for name, sql in wanted.items():
            conn.execute("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?",
                         (sql, name))
        conn.execute(f"PRAGMA schema_version = {version + 1}")
    finally:
        conn.execute("PRAGMA writable_schema = OFF")


def _rebuild(conn: sqlite3.Connection, wanted: dict[str, str]) -> None:
    """The ordinary way: a new table of each, filled from the old one."""
    if "articles_fts" in wanted:
        conn.execute("DROP TABLE articles_fts")
        conn.execute(wanted["articles_fts"])
        conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")
        conn.execute(FTS_AUTOMERGE)
    if "mentions" in wanted:
        indexes = [sql for (sql,) in conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'mentions' "
            "AND sql IS NOT NULL")]
        conn.execute("ALTER TABLE mentions RENAME TO mentions_old")
        conn.execute(wanted["mentions"])
        conn.execute('INSERT OR IGNORE INTO mentions (article_id, entity_id, start, "end") '
                     'SELECT article_id, entity_id, start, "end" FROM mentions_old')
        conn.execute("DROP TABLE mentions_old")
        for sql in indexes:
            conn.execute(sql)


def _read_back(conn: sqlite3.Connection) -> None:
    """SQLite reads the new declarations (a mistake raises here, and the step rolls back)."""
    conn.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'x' LIMIT 0").fetchall()
    conn.execute('SELECT article_id, entity_id, start, "end" FROM mentions LIMIT 0').fetchall()
    if new_declarations(conn):
        raise sqlite3.DatabaseError("the new table declarations did not take")
