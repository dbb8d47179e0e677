"""Writing and reading articles: insert with de-duplication, fetch, edit, delete."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from ..errors import NotFoundError
from ..ingest.draft import ArticleDraft
from ..ingest.normalize import content_hash, normalize_url
from ..models import Article, ArticleRow
from . import tags as tag_store

ROW_COLUMNS = ("id, title, source, author, url, published_at, added_at, is_read, "
               "is_starred, note")
EDITABLE = {"title", "source", "author", "url", "published_at", "body_text", "body_html",
            "note", "is_read", "is_starred", "language"}
# SQLite allows 32766 bound variables; stay far below for IN (...) lists.
CHUNK = 900


_COLUMNS = ("url, guid, content_hash, title, source, author, published_at, added_at, "
            "language, body_text, body_html, is_read, is_starred, note")


#: the staged columns as inserted: a draft without its own added_at gets the batch's
_SELECTED = _COLUMNS.replace("added_at", "coalesce(added_at, ?)")


def prepare_rows(drafts: Sequence[ArticleDraft]) -> list[tuple[object, ...]]:
    """Staging rows for drafts: the costly part of storing (text hash, URL cleaning),
    which an importer can do on its parsing thread while the previous batch is stored."""
    return [_draft_row(n, draft) for n, draft in enumerate(drafts)]


def insert_drafts(conn: sqlite3.Connection, drafts: Sequence[ArticleDraft],
                  added_at: str, rows: list[tuple[object, ...]] | None = None) -> list[int | None]:
    """Store drafts that are not in the library yet; the new id of each, or None.

    Duplicates are recognised by guid, then URL, then a hash of the normalised text;
    the unique indexes on url and content_hash make the check race-free. All rows go
    in through one INSERT ... SELECT from a staging table: FTS5 then indexes the batch
    as one segment instead of one per article (a per-row INSERT is 3x slower).
    Each new article is then linked to its tags and to the collections of its
    ``collection_notes``/``collection_positions``, whose notes and positions are
    set on those links (one UPDATE per batch); skipped duplicates get neither.
    The caller holds the transaction.
    """
    rows = rows if rows is not None else prepare_rows(drafts)
    conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS staged_articles (n INTEGER PRIMARY KEY, {_COLUMNS})")
    conn.execute("DELETE FROM temp.staged_articles")
    conn.executemany(f"INSERT INTO temp.staged_articles VALUES ({', '.join('?' * 15)})", rows)
    conn.execute(
        """
        DELETE FROM temp.staged_articles WHERE guid IS NOT NULL AND (
            guid IN (SELECT guid FROM main.articles WHERE guid IS NOT NULL)
            OR n > (SELECT min(n) FROM temp.staged_articles s WHERE s.guid = staged_articles.guid))
        """
    )
    inserted = {
        (content, url): article_id
        for article_id, content, url in conn.execute(
            f"INSERT INTO articles ({_COLUMNS}) SELECT {_SELECTED} FROM temp.staged_articles "
            "WHERE true ORDER BY n ON CONFLICT DO NOTHING RETURNING id, content_hash, url",
            (added_at,),
        )
    }
    conn.execute("DELETE FROM temp.staged_articles")
    ids = [inserted.pop((row[3], row[1]), None) for row in rows]
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


def _draft_row(n: int, draft: ArticleDraft) -> tuple[object, ...]:
    return (
        n, normalize_url(draft.url), draft.guid, content_hash(draft.title, draft.body_text),
        draft.title, draft.source or None, draft.author or None, draft.published_at,
        draft.added_at or None, draft.language, draft.body_text, draft.body_html,
        int(draft.is_read), int(draft.is_starred), draft.note or "",
    )


def row_from_record(record: sqlite3.Row, tags: list[str]) -> ArticleRow:
    return ArticleRow(
        id=record["id"], title=record["title"], source=record["source"],
        author=record["author"], url=record["url"], published_at=record["published_at"],
        added_at=record["added_at"], is_read=bool(record["is_read"]),
        is_starred=bool(record["is_starred"]), note=record["note"], tags=tags,
    )


def rows_by_id(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, ArticleRow]:
    """List rows for the given ids (any order, missing ids absent), tags included."""
    found: dict[int, ArticleRow] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = list(ids[start:start + CHUNK])
        marks = ",".join("?" * len(chunk))
        tags = tag_store.names_for(conn, chunk)
        for record in conn.execute(
            f"SELECT {ROW_COLUMNS} FROM articles WHERE id IN ({marks})", chunk
        ):
            found[record["id"]] = row_from_record(record, tags.get(record["id"], []))
    return found


def get(conn: sqlite3.Connection, article_id: int) -> Article:
    record = conn.execute(
        f"SELECT {ROW_COLUMNS}, body_text, body_html, guid, language FROM articles WHERE id = ?",
        (article_id,),
    ).fetchone()
    if record is None:
        raise NotFoundError(f"no article with id {article_id}")
    row = row_from_record(record, tag_store.names_for(conn, [article_id]).get(article_id, []))
    return Article(
        **{name: getattr(row, name) for name in ArticleRow.__slots__},
        body_text=record["body_text"], body_html=record["body_html"],
        guid=record["guid"], language=record["language"],
    )


def update(conn: sqlite3.Connection, article_id: int, changes: dict[str, object]) -> None:
    """Edit stored fields; the text hash follows title and body so dedupe stays true."""
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
    assignments = ", ".join(f"{name} = ?" for name in values)
    conn.execute(f"UPDATE articles SET {assignments} WHERE id = ?", [*values.values(), article_id])


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
    ids = list(ids)
    removed = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        marks = ",".join("?" * len(chunk))
        removed += conn.execute(f"DELETE FROM articles WHERE id IN ({marks})", chunk).rowcount
    return removed
