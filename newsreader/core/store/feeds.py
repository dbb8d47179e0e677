"""SQL for feeds: subscriptions, folders, fetch status, and their items as articles.

Every function expects the caller to hold the write transaction when it writes
(``write_transaction``), like the rest of ``core.store``.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from typing import Any

from ..clock import utc_now
from ..errors import NewsreaderError, NotFoundError
from ..ingest.draft import ArticleDraft
from ..ingest.normalize import content_hash
from ..net.http import check_url
from . import articles as article_store
from . import stories as story_store
from ..models import Feed

CHUNK = 500
_COLUMNS = ("id, url, title, folder, site_url, etag, last_modified, last_success, last_error, "
            "last_fetched, full_text, item_count, created_at")


class FeedExistsError(NewsreaderError):
    """A subscription to this URL exists already."""


def _feed(record: sqlite3.Row | tuple[Any, ...], articles: int = 0, unread: int = 0) -> Feed:
    values = list(tuple(record)[:13])
    values[10] = bool(values[10])
    return Feed(*values, articles=articles or 0, unread=unread or 0)


def _clean_folder(folder: str | None) -> str | None:
    if folder is None:
        return None
    parts = [" ".join(p.split()) for p in folder.split("/")]
    return "/".join(p for p in parts if p) or None


def add_feed(conn: sqlite3.Connection, url: str, *, title: str | None = None,
             folder: str | None = None, site_url: str | None = None, full_text: bool = False,
             now: str | None = None) -> int:
    """Subscribe; FeedExistsError if the URL is subscribed already."""
    url = check_url(url)
    if conn.execute("SELECT 1 FROM feeds WHERE url = ?", (url,)).fetchone():
        raise FeedExistsError(f"already subscribed to {url}")
    cursor = conn.execute(
        "INSERT INTO feeds (url, title, folder, site_url, full_text, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (url, " ".join(title.split()) if title else None, _clean_folder(folder), site_url,
         int(full_text), now or utc_now()),
    )
    return int(cursor.lastrowid or 0)


def _counts_sql(where: str = "") -> str:
    return (f"SELECT {', '.join('f.' + c.strip() for c in _COLUMNS.split(','))}, "
            "coalesce(a.n, 0), coalesce(a.unread, 0) FROM feeds f LEFT JOIN ("
            "SELECT feed_id, count(*) AS n, sum(is_read = 0) AS unread FROM articles "
            "WHERE feed_id IS NOT NULL GROUP BY feed_id) a ON a.feed_id = f.id "
            f"{where} ORDER BY coalesce(f.folder, '') COLLATE NOCASE, "
            "coalesce(f.title, f.url) COLLATE NOCASE, f.id")


def list_feeds(conn: sqlite3.Connection, folder: str | None = None) -> list[Feed]:
    """Every feed (or those in ``folder`` and its sub-folders) with article counts."""
    if folder is None:
        rows = conn.execute(_counts_sql()).fetchall()
    else:
        folder = _clean_folder(folder) or ""
        rows = conn.execute(_counts_sql("WHERE f.folder = ? OR f.folder LIKE ? ESCAPE '\\'"),
                            (folder, _like_prefix(folder) + "/%")).fetchall()
    return sorted((_feed(r, r[13], r[14]) for r in rows), key=listing_order)


_DIGITS = re.compile(r"(\d+)")


def listing_order(feed: Feed) -> tuple[str, tuple[str | int, ...], int]:
    """Folder, then name, numbers by value: "Feed 2" before "Feed 10", as a reader counts."""
    name = (feed.title or feed.url).casefold()
    parts = tuple(int(p) if n % 2 else p for n, p in enumerate(_DIGITS.split(name)))
    return (feed.folder or "").casefold(), parts, feed.id


def _like_prefix(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def get_feed(conn: sqlite3.Connection, key: int | str) -> Feed:
    """A feed by id or URL; NotFoundError if there is none."""
    if isinstance(key, int):
        row = conn.execute(_counts_sql("WHERE f.id = ?"), (key,)).fetchone()
    else:
        row = conn.execute(_counts_sql("WHERE f.url = ?"), (key.strip(),)).fetchone()
    if row is None:
        raise NotFoundError(f"no feed {key}" if isinstance(key, int) else f"not subscribed to {key}")
    return _feed(row, row[13], row[14])


def folders(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute(
        "SELECT DISTINCT folder FROM feeds WHERE folder IS NOT NULL ORDER BY folder COLLATE NOCASE")]


def rename_feed(conn: sqlite3.Connection, feed_id: int, title: str | None) -> None:
    _changed(conn.execute("UPDATE feeds SET title = ? WHERE id = ?",
                          (" ".join(title.split()) or None if title else None, feed_id)), feed_id)


def move_feed(conn: sqlite3.Connection, feed_id: int, folder: str | None) -> None:
    _changed(conn.execute("UPDATE feeds SET folder = ? WHERE id = ?",
                          (_clean_folder(folder), feed_id)), feed_id)


def rename_folder(conn: sqlite3.Connection, old: str, new: str | None) -> int:
    """Rename a folder (and its sub-folders); None moves its feeds to the top level."""
    old_name, new_name = _clean_folder(old) or "", _clean_folder(new)
    changed = conn.execute("UPDATE feeds SET folder = ? WHERE folder = ?", (new_name, old_name)).rowcount
    start = len(old_name) + 2
    changed += conn.execute(
        "UPDATE feeds SET folder = CASE WHEN ? IS NULL THEN substr(folder, ?) "
        "ELSE ? || '/' || substr(folder, ?) END WHERE folder LIKE ? ESCAPE '\\'",
        (new_name, start, new_name, start, _like_prefix(old_name) + "/%"),
    ).rowcount
    return changed


def set_full_text(conn: sqlite3.Connection, feed_id: int, on: bool) -> None:
    _changed(conn.execute("UPDATE feeds SET full_text = ? WHERE id = ?", (int(on), feed_id)), feed_id)


def remove_feed(conn: sqlite3.Connection, feed_id: int, *, delete_articles: bool = False) -> int:
    """Unsubscribe; its articles are deleted or kept (then no longer tied to a feed).

    Returns the number of articles deleted.
    """
    removed = 0
    if delete_articles:
        ids = [r[0] for r in conn.execute("SELECT id FROM articles WHERE feed_id = ?", (feed_id,))]
        removed = article_store.delete(conn, ids)
    else:
        conn.execute("UPDATE articles SET feed_id = NULL WHERE feed_id = ?", (feed_id,))
    _changed(conn.execute("DELETE FROM feeds WHERE id = ?", (feed_id,)), feed_id)
    return removed


def _changed(cursor: sqlite3.Cursor, feed_id: int) -> None:
    if cursor.rowcount == 0:
        raise NotFoundError(f"no feed {feed_id}")


# -- fetch status -------------------------------------------------------------------

def record_success(conn: sqlite3.Connection, feed_id: int, *, now: str, etag: str | None,
                   last_modified: str | None, item_count: int, title: str | None = None,
                   site_url: str | None = None) -> None:
    """A fetch that brought a feed: new validators and counts; a title only if none yet."""
    conn.execute(
        "UPDATE feeds SET last_success = ?, last_fetched = ?, last_error = NULL, etag = ?, "
        "last_modified = ?, item_count = ?, title = coalesce(title, ?), "
        "site_url = coalesce(?, site_url) WHERE id = ?",
        (now, now, etag, last_modified, item_count, title, site_url, feed_id),
    )


def record_not_modified(conn: sqlite3.Connection, feed_id: int, *, now: str,
                        etag: str | None = None, last_modified: str | None = None) -> None:
    conn.execute(
        "UPDATE feeds SET last_success = ?, last_fetched = ?, last_error = NULL, "
        "etag = coalesce(?, etag), last_modified = coalesce(?, last_modified) WHERE id = ?",
        (now, now, etag, last_modified, feed_id),
    )


def record_failure(conn: sqlite3.Connection, feed_id: int, error: str, *, now: str) -> None:
    conn.execute("UPDATE feeds SET last_error = ?, last_fetched = ? WHERE id = ?",
                 (error, now, feed_id))


def move_url(conn: sqlite3.Connection, feed_id: int, new_url: str) -> bool:
    """Remember a permanent redirect; False if another subscription has that URL."""
    try:
        new_url = check_url(new_url)
    except NewsreaderError:
        return False
    if conn.execute("SELECT 1 FROM feeds WHERE url = ? AND id != ?", (new_url, feed_id)).fetchone():
        return False
    conn.execute("UPDATE feeds SET url = ? WHERE id = ?", (new_url, feed_id))
    return True


def known_guids(conn: sqlite3.Connection, feed_id: int) -> frozenset[str]:
    return frozenset(r[0] for r in conn.execute(
        "SELECT guid FROM articles WHERE feed_id = ? AND guid IS NOT NULL", (feed_id,)))


# -- items ------------------------------------------------------------------------

def upsert_items(conn: sqlite3.Connection, feed_id: int, drafts: Sequence[ArticleDraft], *,
                 now: str | None = None, update_bodies: bool = True) -> tuple[list[int], list[int]]:
    """Store a feed's items: (ids added, ids updated in place).

    An item whose guid this feed has stored already updates that article's title,
    body and date when they changed (tags, note, read and starred state stay); the
    others go through the library's insert path, which skips what it has by URL
    (not by text: another item with the same text is another copy of the story, kept
    and grouped with it). ``update_bodies=False`` (full-text feeds) keeps stored bodies, which
    came from the article's page and are longer than the feed's summary.
    """
    now = now or utc_now()
    unique: list[ArticleDraft] = []
    seen: set[str] = set()
    for draft in drafts:
        if draft.guid:
            if draft.guid in seen:
                continue
            seen.add(draft.guid)
        unique.append(draft)
    existing = _stored_by_guid(conn, feed_id, [d.guid for d in unique if d.guid])
    fresh: list[ArticleDraft] = []
    updated: list[int] = []
    for draft in unique:
        row = existing.get(draft.guid) if draft.guid else None
        if row is None:
            fresh.append(draft)
        elif _update(conn, row, draft, update_bodies):
            updated.append(row["id"])
    ids = article_store.insert_drafts(conn, fresh, now, feed_id=feed_id)
    return [i for i in ids if i is not None], updated


def _stored_by_guid(conn: sqlite3.Connection, feed_id: int, guids: list[str]) -> dict[str, sqlite3.Row]:
    found: dict[str, sqlite3.Row] = {}
    for start in range(0, len(guids), CHUNK):
        chunk = guids[start:start + CHUNK]
        marks = ",".join("?" * len(chunk))
        for row in conn.execute(
            "SELECT id, guid, title, body_text, body_html, published_at FROM articles "
            f"WHERE feed_id = ? AND guid IN ({marks})", [feed_id, *chunk]
        ):
            found.setdefault(row["guid"], row)
    return found


def _update(conn: sqlite3.Connection, row: sqlite3.Row, draft: ArticleDraft, bodies: bool) -> bool:
    changes: dict[str, Any] = {}
    if draft.title and draft.title != row["title"]:
        changes["title"] = draft.title
    if bodies and draft.body_text and draft.body_text != row["body_text"]:
        changes["body_text"] = draft.body_text
    if bodies and draft.body_html and draft.body_html != row["body_html"]:
        changes["body_html"] = draft.body_html
    if draft.published_at and draft.published_at != row["published_at"]:
        changes["published_at"] = draft.published_at
    if not changes:
        return False
    retold = "title" in changes or "body_text" in changes
    if retold:
        changes["content_hash"] = content_hash(changes.get("title", row["title"]),
                                               changes.get("body_text", row["body_text"]))
        story_store.forget(conn, [row["id"]])
    assignments = ", ".join(f"{name} = ?" for name in changes)
    conn.execute(f"UPDATE articles SET {assignments} WHERE id = ?", [*changes.values(), row["id"]])
    if retold:  # the new text may tell another story, or join one
        story_store.regroup(conn, [row["id"]])
    if "body_text" in changes:  # mention offsets point into the old text
        conn.execute("DELETE FROM mentions WHERE article_id = ?", (row["id"],))
        conn.execute("UPDATE articles SET entities_engine = NULL WHERE id = ?", (row["id"],))
    return True
