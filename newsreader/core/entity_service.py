"""The Library's entity features, kept apart so library.py stays a thin facade."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from functools import lru_cache

from .entities import extraction
from .entities.engine import Engine
from .entities.engines import make_engine, resolve
from .errors import NewsreaderError
from .store import meta
from .store import watchlist as watch_store
from .store.connection import write_transaction
from .models import EntityCount

ENGINE_KEY = "entities.engine"
MODEL_KEY = "entities.model"


def configured_engine(conn: sqlite3.Connection) -> tuple[str, str | None]:
    return meta.get(conn, ENGINE_KEY, "auto") or "auto", meta.get(conn, MODEL_KEY)


def engine_for(conn: sqlite3.Connection, choice: str | None, model: str | None,
               processes: int = 1) -> Engine:
    saved_choice, saved_model = configured_engine(conn)
    return make_engine(choice or saved_choice, model or saved_model, processes=processes)


def background_engine(conn: sqlite3.Connection) -> Engine:
    """The engine for extraction beside other work (a window, a feed refresh): the
    configured one, in one worker process that finds and links every batch, so the
    caller's process keeps its core and its GIL (see ``entities.worker``)."""
    choice, model = configured_engine(conn)
    return _in_a_worker(*resolve(choice, model))


@lru_cache(maxsize=2)
def _in_a_worker(kind: str, model: str | None) -> Engine:
    from .entities.worker import WorkerEngine

    return WorkerEngine(kind, model)


def top_entities(conn: sqlite3.Connection, where: str, params: list[object], *,
                 limit: int, labels: Sequence[str] | None) -> list[EntityCount]:
    """The entities mentioned by the most articles among those the WHERE clause selects."""
    label_sql = ""
    if labels:
        label_sql = f" AND e.label IN ({','.join('?' * len(labels))})"
    return [EntityCount(*row) for row in conn.execute(
        f"""
        SELECT e.id, e.text, e.label, count(DISTINCT m.article_id) AS n
        FROM mentions m JOIN entities f ON f.id = m.entity_id AND f.ignored = 0
        JOIN entities e ON e.id = coalesce(f.merged_into, f.id)
        WHERE m.article_id IN (SELECT a.id FROM articles a WHERE {where}){label_sql}
        GROUP BY e.id ORDER BY n DESC, e.text LIMIT ?
        """,
        [*params, *(labels or []), limit],
    )]


def article_counts(conn: sqlite3.Connection, entity_ids: Sequence[int]) -> dict[int, int]:
    """How many articles mention each entity, any of its names (the reader's hover text)."""
    if not entity_ids:
        return {}
    marks = ",".join("?" * len(entity_ids))
    return dict(conn.execute(
        f"SELECT coalesce(e.merged_into, e.id) AS root, count(DISTINCT m.article_id) "
        f"FROM entities e JOIN mentions m ON m.entity_id = e.id "
        f"WHERE (e.id IN ({marks}) OR e.merged_into IN ({marks})) AND e.ignored = 0 GROUP BY root",
        [*entity_ids, *entity_ids]).fetchall())


def add_watch_term(conn: sqlite3.Connection, term: str, label: str, color: str | None) -> int:
    """Add a term and queue the articles that contain it; return how many were queued."""
    term = " ".join(term.split())
    if not term:
        raise NewsreaderError("a watchlist term cannot be empty")
    with write_transaction(conn):
        watch_store.add(conn, term, label.upper(), color)
        ids = [r[0] for r in conn.execute(
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?",
            ('"' + term.replace('"', '""') + '"',))]
        return extraction.mark_pending(conn, ids)


def remove_watch_term(conn: sqlite3.Connection, term: str) -> int:
    with write_transaction(conn):
        if not watch_store.remove(conn, term):
            raise NewsreaderError(f"{term!r} is not on the watchlist")
        ids = [r[0] for r in conn.execute(
            "SELECT DISTINCT m.article_id FROM mentions m JOIN entities e ON e.id = m.entity_id "
            "WHERE e.text = ? COLLATE NOCASE", (term,))]
        return extraction.mark_pending(conn, ids)


def extract(conn: sqlite3.Connection, engine: Engine, *,
            progress: extraction.Progress | None = None,
            should_cancel: Callable[[], bool] | None = None,
            on_batch: Callable[[list[int]], None] | None = None,
            only: Sequence[int] | None = None) -> int:
    return extraction.extract_pending(conn, engine, progress=progress,
                                      should_cancel=should_cancel, on_batch=on_batch, only=only)
