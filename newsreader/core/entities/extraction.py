"""Extracting entities for stored articles, a batch per transaction.

Articles whose ``entities_engine`` is NULL are pending. A batch is read, run
through the engine, overlaid with the watchlist, linked within each article and
written together with the engine's name in one transaction, so a crash or a
cancel leaves each article either with its old mentions or with its new ones.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence

from ..store import mentions as mention_store
from ..store import watchlist as watch_store
from ..store.connection import write_transaction
from .engine import Engine, Span
from .watchlist import WatchlistMatcher, overlay

Progress = Callable[[int, int, str], None]
BATCH_SIZE = 250


def pending_count(conn: sqlite3.Connection) -> int:
    return int(conn.execute(
        "SELECT count(*) FROM articles WHERE entities_engine IS NULL").fetchone()[0])


def mark_pending(conn: sqlite3.Connection, ids: Iterable[int] | None = None) -> int:
    """Ask for extraction again (all articles, or these); old mentions stay until replaced."""
    if ids is None:
        return conn.execute("UPDATE articles SET entities_engine = NULL "
                            "WHERE entities_engine IS NOT NULL").rowcount
    return conn.executemany("UPDATE articles SET entities_engine = NULL WHERE id = ?",
                            [(i,) for i in ids]).rowcount


def spans_for(text: str, engine_spans: list[Span], watch: WatchlistMatcher) -> list[mention_store.SpanRow]:
    """Final (start, end, canonical text, label) rows for one article."""
    from .postprocess import link_mentions  # loads spaCy's word lists: not at app start-up
    watched = watch.find(text)
    merged = overlay(engine_spans, watched)
    watched_starts = {w.start for w in watched}
    rows = []
    for span, canonical in link_mentions(text, merged):
        if span.start in watched_starts:
            canonical = watch.canonical(span.text)
        rows.append((span.start, span.end, canonical, span.label))
    return rows


def extract_pending(
    conn: sqlite3.Connection,
    engine: Engine,
    *,
    batch_size: int | None = None,
    progress: Progress | None = None,
    should_cancel: Callable[[], bool] | None = None,
    on_batch: Callable[[list[int]], None] | None = None,
    only: Sequence[int] | None = None,
) -> int:
    """Extract for every pending article (or the pending ones of ``only``); return how many."""
    if only is not None:
        return _extract_only(conn, engine, only)
    total = pending_count(conn)
    batch_size = batch_size or getattr(engine, "batch_hint", BATCH_SIZE)
    watch = WatchlistMatcher(watch_store.list_all(conn))
    ids = mention_store.EntityIds(conn)
    done, last_id = 0, 0
    while not (should_cancel is not None and should_cancel()):
        batch = conn.execute(
            "SELECT id, body_text FROM articles WHERE entities_engine IS NULL AND id > ? "
            "ORDER BY id LIMIT ?", (last_id, batch_size)).fetchall()
        if not batch:
            break
        _store(conn, engine, batch, watch, ids)
        last_id = batch[-1][0]
        done += len(batch)
        if progress is not None:
            progress(done, max(total, done), "")
        if on_batch is not None:
            on_batch([row[0] for row in batch])
    return done


def _extract_only(conn: sqlite3.Connection, engine: Engine, only: Sequence[int]) -> int:
    marks = ",".join("?" * len(only))
    batch = conn.execute(
        f"SELECT id, body_text FROM articles WHERE entities_engine IS NULL AND id IN ({marks})",
        list(only)).fetchall()
    if batch:
        watch = WatchlistMatcher(watch_store.list_all(conn))
        _store(conn, engine, batch, watch, mention_store.EntityIds(conn))
    return len(batch)


def _store(conn: sqlite3.Connection, engine: Engine, batch: list[sqlite3.Row],
           watch: WatchlistMatcher, ids: mention_store.EntityIds) -> None:
    """Run one batch through the engine and store it in one transaction."""
    results = engine.extract([row[1] for row in batch])
    try:
        with write_transaction(conn):
            for (article_id, text), found in zip(batch, results, strict=True):
                mention_store.replace(conn, article_id, spans_for(text, found, watch), ids)
                conn.execute("UPDATE articles SET entities_engine = ? WHERE id = ?",
                             (engine.name, article_id))
    except BaseException:
        ids.forget()
        raise
