"""Writing and reading articles: insert (identity by address), fetch, edit, delete."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence

from ..errors import NotFoundError
from ..ingest.draft import ArticleDraft
from ..ingest.normalize import content_hash, normalize_url, word_form
from ..models import Article, ArticleRow
from ..stories.fingerprint import batch_story_keys, word_count
from ..stories.match import StoryText
from . import stories as story_store
from . import tags as tag_store

ROW_COLUMNS = ("id, title, source, author, url, published_at, added_at, is_read, "
               "is_starred, note, story_id")
EDITABLE = {"title", "source", "author", "url", "published_at", "body_text", "body_html",
            "note", "is_read", "is_starred", "language"}
# SQLite allows 32766 bound variables; stay far below for IN (...) lists.
CHUNK = 900


_COLUMNS = ("url, guid, content_hash, title, source, author, published_at, added_at, "
            "language, body_text, body_html, is_read, is_starred, note")
#: the staging table: the draft's columns, then what storing decides
_STAGED = f"n INTEGER PRIMARY KEY, {_COLUMNS}, feed_id, id, story_id"
#: staged values of a prepared row: n and the draft's columns; after them come the
#: text's word count and story keys, which stay in Python (no JSON to write and read)
_STAGED_VALUES = len(_COLUMNS.split(",")) + 1

#: the staged columns as inserted: a draft without its own added_at gets the batch's
_SELECTED = _COLUMNS.replace("added_at", "coalesce(added_at, ?)")

#: Identity is by address. A draft is the stored article (and is not stored again) when
#: it has its guid (in the same feed, for a feed's item), else its URL, else, having
#: neither, its title and text: same file, same text, same article. Within a batch the
#: first draft of an address wins.
_SAME_GUID_IN_LIBRARY = """
    DELETE FROM temp.staged_articles WHERE guid IS NOT NULL AND (
        EXISTS (SELECT 1 FROM main.articles a WHERE a.guid = staged_articles.guid)
        OR n > (SELECT min(n) FROM temp.staged_articles s WHERE s.guid = staged_articles.guid))
"""
_SAME_GUID_IN_FEED = """
    DELETE FROM temp.staged_articles WHERE guid IS NOT NULL AND (
        EXISTS (SELECT 1 FROM main.articles a WHERE a.feed_id = staged_articles.feed_id
                AND a.guid = staged_articles.guid)
        OR n > (SELECT min(n) FROM temp.staged_articles s WHERE s.guid = staged_articles.guid))
"""
_SAME_URL = """
    DELETE FROM temp.staged_articles WHERE url IS NOT NULL AND (
        EXISTS (SELECT 1 FROM main.articles a WHERE a.url = staged_articles.url)
        OR n > (SELECT min(n) FROM temp.staged_articles s WHERE s.url = staged_articles.url))
"""
_SAME_TEXT_WITHOUT_ADDRESS = """
    DELETE FROM temp.staged_articles WHERE url IS NULL AND guid IS NULL AND (
        EXISTS (SELECT 1 FROM main.articles a WHERE a.content_hash = staged_articles.content_hash
                AND a.title = staged_articles.title)
        OR n > (SELECT min(n) FROM temp.staged_articles s WHERE s.url IS NULL AND s.guid IS NULL
                AND s.content_hash = staged_articles.content_hash
                AND s.title = staged_articles.title))
"""


def prepare_rows(drafts: Sequence[ArticleDraft]) -> list[tuple[object, ...]]:
    """Staging rows for drafts: the costly part of storing (text hash, story keys, URL
    cleaning), which an importer can do on its parsing side while the previous batch is
    stored."""
    forms = [word_form(draft.body_text) for draft in drafts]
    keys = batch_story_keys(forms)
    return [_draft_row(n, draft, form, story_keys)
            for n, (draft, form, story_keys) in enumerate(zip(drafts, forms, keys, strict=True))]


def insert_drafts(conn: sqlite3.Connection, drafts: Sequence[ArticleDraft],
                  added_at: str, rows: list[tuple[object, ...]] | None = None, *,
                  feed_id: int | None = None) -> list[int | None]:
    """Store drafts that are not in the library yet; the new id of each, or None.

    A draft already in the library (see the identity rules above) is skipped; any
    other is stored, even when its text is another article's: it joins that article's
    story (``story_id``) instead. ``feed_id``: the drafts are that feed's items, whose
    guids are the feed's own. All rows go in through one INSERT ... SELECT from a
    staging table: FTS5 then indexes the batch as one segment instead of one per
    article (a per-row INSERT is 3x slower).
    Each new article is then linked to its tags and to the collections of its
    ``collection_notes``/``collection_positions``, whose notes and positions are
    set on those links (one UPDATE per batch); skipped duplicates get neither.
    The caller holds the transaction.
    """
    rows = rows if rows is not None else prepare_rows(drafts)
    _stage(conn, rows, feed_id)
    survivors = [n for (n,) in conn.execute("SELECT n FROM temp.staged_articles ORDER BY n")]
    base = conn.execute("SELECT coalesce(max(id), 0) FROM articles").fetchone()[0]
    items = [story_store.Incoming(base + rank, rows[n][-1], rows[n][-2],
                                  _draft_text(drafts[n]))
             for rank, n in enumerate(survivors, start=1)]
    stories = story_store.group(conn, items)
    conn.executemany("UPDATE temp.staged_articles SET id = ?, story_id = ? WHERE n = ?",
                     [(item.id, stories[item.id], n)
                      for item, n in zip(items, survivors, strict=True)])
    conn.execute(
        f"INSERT INTO articles (id, story_id, feed_id, {_COLUMNS}) "
        f"SELECT id, story_id, feed_id, {_SELECTED} FROM temp.staged_articles ORDER BY n",
        (added_at,))
    conn.execute("DELETE FROM temp.staged_articles")
    story_store.store_keys(conn, items)
    ids: list[int | None] = [None] * len(rows)
    for item, n in zip(items, survivors, strict=True):
        ids[n] = item.id
    placed: list[tuple[str | None, float | None, int, int]] = []
    for draft, article_id in zip(drafts, ids, strict=True):
        if article_id is not None:
            for name in draft.tags:
                tag_store.link(conn, tag_store.ensure(conn, name), [article_id], added_at)
            if draft.collection_notes or draft.collection_positions:
                placed.extend(_placements(conn, draft, article_id, added_at))
    if placed:
        conn.executemany(
            "UPDATE article_tags SET note = coalesce(?, note), position = coalesce(?, position) "
            "WHERE tag_id = ? AND article_id = ?", placed)
    return ids


def _stage(conn: sqlite3.Connection, rows: list[tuple[object, ...]], feed_id: int | None) -> None:
    """Put the rows in the staging table and drop those already in the library."""
    conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS staged_articles ({_STAGED})")
    for column in ("guid", "url", "content_hash"):
        conn.execute(f"CREATE INDEX IF NOT EXISTS temp.staged_{column} "
                     f"ON staged_articles({column})")
    conn.execute("DELETE FROM temp.staged_articles")
    marks = ", ".join("?" * _STAGED_VALUES)
    conn.executemany(f"INSERT INTO temp.staged_articles VALUES ({marks}, ?, NULL, NULL)",
                     [(*row[:_STAGED_VALUES], feed_id) for row in rows])
    conn.execute(_SAME_GUID_IN_FEED if feed_id is not None else _SAME_GUID_IN_LIBRARY)
    conn.execute(_SAME_URL)
    conn.execute(_SAME_TEXT_WITHOUT_ADDRESS)


def _draft_text(draft: ArticleDraft) -> Callable[[], StoryText]:
    return lambda: story_store.text_of(draft.title, draft.body_text)


def _placements(conn: sqlite3.Connection, draft: ArticleDraft, article_id: int,
                added_at: str) -> list[tuple[str | None, float | None, int, int]]:
    """(note, position, tag id, article id) for the draft's collections, linked if new."""
    linked = {tag_store.clean_name(name) for name in draft.tags}
    rows = []
    for name in dict.fromkeys([*draft.collection_notes, *draft.collection_positions]):
        if not tag_store.clean_name(name):
            continue
        tag = tag_store.ensure(conn, name)
        if tag_store.clean_name(name) not in linked:  # link() ignores a link that exists
            tag_store.link(conn, tag, [article_id], added_at)
        rows.append((draft.collection_notes.get(name), draft.collection_positions.get(name),
                     tag, article_id))
    return rows


def _draft_row(
    n: int, draft: ArticleDraft, form: bytes, story_keys: list[int]
) -> tuple[object, ...]:
    return (
        n, normalize_url(draft.url), draft.guid, content_hash(draft.title, draft.body_text, form),
        draft.title, draft.source or None, draft.author or None, draft.published_at,
        draft.added_at or None, draft.language, draft.body_text, draft.body_html,
        int(draft.is_read), int(draft.is_starred), draft.note or "",
        word_count(form), story_keys,
    )


def row_from_record(record: sqlite3.Row, tags: list[str]) -> ArticleRow:
    return ArticleRow(
        id=record["id"], title=record["title"], source=record["source"],
        author=record["author"], url=record["url"], published_at=record["published_at"],
        added_at=record["added_at"], is_read=bool(record["is_read"]),
        is_starred=bool(record["is_starred"]), note=record["note"], tags=tags,
        story_id=record["story_id"] or record["id"],
    )


def rows_by_id(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, ArticleRow]:
    """List rows for the given ids (any order, missing ids absent), tags included."""
    found: dict[int, ArticleRow] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = list(ids[start:start + CHUNK])
        marks = ",".join("?" * len(chunk))
        tags = tag_store.names_for(conn, chunk)
        rows = [row_from_record(record, tags.get(record["id"], [])) for record in conn.execute(
            f"SELECT {ROW_COLUMNS} FROM articles WHERE id IN ({marks})", chunk)]
        story_store.fill_sizes(conn, rows)
        found.update((row.id, row) for row in rows)
    return found


def get(conn: sqlite3.Connection, article_id: int) -> Article:
    record = conn.execute(
        f"SELECT {ROW_COLUMNS}, body_text, body_html, guid, language FROM articles WHERE id = ?",
        (article_id,),
    ).fetchone()
    if record is None:
        raise NotFoundError(f"no article with id {article_id}")
    row = row_from_record(record, tag_store.names_for(conn, [article_id]).get(article_id, []))
    story_store.fill_sizes(conn, [row])
    return Article(
        **{name: getattr(row, name) for name in ArticleRow.__slots__},
        body_text=record["body_text"], body_html=record["body_html"],
        guid=record["guid"], language=record["language"],
    )


def update(conn: sqlite3.Connection, article_id: int, changes: dict[str, object]) -> None:
    """Edit stored fields; the text hash and the story follow a new title or body."""
    unknown = set(changes) - EDITABLE
    if unknown:
        raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
    current = get(conn, article_id)
    values = dict(changes)
    if "url" in values:
        values["url"] = normalize_url(values["url"])  # type: ignore[arg-type]
    if "title" in values or "body_text" in values:
        values["content_hash"] = content_hash(
            str(values.get("title", current.title)), str(values.get("body_text", current.body_text))
        )
    retold = "content_hash" in values
    if retold:
        story_store.forget(conn, [article_id])
    assignments = ", ".join(f"{name} = ?" for name in values)
    conn.execute(f"UPDATE articles SET {assignments} WHERE id = ?", [*values.values(), article_id])
    if retold:
        story_store.regroup(conn, [article_id])


def set_flag(conn: sqlite3.Connection, ids: Iterable[int], column: str, value: bool) -> int:
    if column not in ("is_read", "is_starred"):
        raise ValueError(column)
    ids = list(ids)
    changed = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        marks = ",".join("?" * len(chunk))
        changed += conn.execute(
            f"UPDATE articles SET {column} = ? WHERE id IN ({marks}) AND {column} != ?",
            [int(value), *chunk, int(value)],
        ).rowcount
    return changed


def delete(conn: sqlite3.Connection, ids: Iterable[int]) -> int:
    """Delete articles (a deleted story lead hands its story to the next copy: a trigger)."""
    ids = list(ids)
    story_store.forget(conn, ids)
    removed = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        marks = ",".join("?" * len(chunk))
        removed += conn.execute(f"DELETE FROM articles WHERE id IN ({marks})", chunk).rowcount
    return removed


def titles(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, str]:
    """The titles of these articles, by id (those that exist)."""
    if not ids:
        return {}
    return dict(conn.execute(
        f"SELECT id, title FROM articles WHERE id IN ({','.join('?' * len(ids))})",
        list(ids)).fetchall())
