"""The Library's entity features, kept apart so library.py stays a thin facade."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from functools import lru_cache

from ..errors import NewsreaderError
from ..store import mentions as mention_store
from ..store import meta
from ..store import watchlist as watch_store
from ..store.connection import write_transaction
from . import extraction
from .engine import Engine
from .engines import make_engine, resolve
from ..models import EntityCount

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
    caller's process keeps its core and its GIL (see ``worker``)."""
    choice, model = configured_engine(conn)
    return _in_a_worker(*resolve(choice, model))


@lru_cache(maxsize=2)
def _in_a_worker(kind: str, model: str | None) -> Engine:
    from .worker import WorkerEngine

    return WorkerEngine(kind, model)


def top_entities(conn: sqlite3.Connection, where: str, params: list[object], *,
                 limit: int, labels: Sequence[str] | None) -> list[EntityCount]:
    """The entities mentioned by the most articles among those the WHERE clause selects."""
    return [EntityCount(*row) for row in mention_store.top_entities(
        conn, where, params, limit=limit, labels=labels)]


def article_counts(conn: sqlite3.Connection, entity_ids: Sequence[int]) -> dict[int, int]:
    """How many articles mention each entity, any of its names (the reader's hover text)."""
    return mention_store.article_counts(conn, entity_ids)


def add_watch_term(conn: sqlite3.Connection, term: str, label: str, color: str | None) -> int:
    """Add a term and queue the articles that contain it; return how many were queued."""
    term = " ".join(term.split())
    if not term:
        raise NewsreaderError("a watchlist term cannot be empty")
    with write_transaction(conn):
        watch_store.add(conn, term, label.upper(), color)
        ids = watch_store.articles_containing(conn, term)
        return extraction.mark_pending(conn, ids)


def remove_watch_term(conn: sqlite3.Connection, term: str) -> int:
    with write_transaction(conn):
        if not watch_store.remove(conn, term):
            raise NewsreaderError(f"{term!r} is not on the watchlist")
        ids = mention_store.articles_naming(conn, term)
        return extraction.mark_pending(conn, ids)


def extract(conn: sqlite3.Connection, engine: Engine, *,
            progress: extraction.Progress | None = None,
            should_cancel: Callable[[], bool] | None = None,
            on_batch: Callable[[list[int]], None] | None = None,
            only: Sequence[int] | None = None) -> int:
    return extraction.extract_pending(conn, engine, progress=progress,
                                      should_cancel=should_cancel, on_batch=on_batch, only=only)
