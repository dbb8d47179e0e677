"""Extracting entities for stored articles, a batch per transaction.

Articles whose ``entities_engine`` is NULL are pending. A batch is read, run
through the engine, overlaid with the watchlist, linked within each article and
written together with the engine's name in one transaction, so a crash or a
cancel leaves each article either with its old mentions or with its new ones.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Protocol

from ..store import mentions as mention_store
from ..store import pending_entities as queue
from ..store import watchlist as watch_store
from ..store.connection import write_transaction
from ..workers import Pending
from .aliases import abbreviates
from .engine import Engine, ExtractionStopped, Span
from .watchlist import WatchlistMatcher, overlay

Progress = Callable[[int, int, str], None]
BATCH_SIZE = 250
#: Characters of article text in one batch at most (but for one longer article): a batch
#: of a thousand book-length articles must not be read into memory at once.
BATCH_CHARS = 8_000_000


def pending_count(conn: sqlite3.Connection) -> int:
    return queue.count(conn)


def mark_pending(conn: sqlite3.Connection, ids: Iterable[int] | None = None) -> int:
    """Ask for extraction again (all articles, or these); old mentions stay until replaced."""
    return queue.mark(conn, ids)


def spans_for(
    text: str, engine_spans: list[Span], watch: WatchlistMatcher
) -> list[mention_store.SpanRow]:
    """Final (start, end, canonical text, label) rows for one article."""
    from .capitals import recase
    from .postprocess import (
        link_mentions,  # loads spaCy's word lists: not at app start-up
    )

    watched = watch.find(text)
    merged = overlay(engine_spans, watched)
    watched_starts = {w.start for w in watched}
    cased = recase(text)  # a headline's "LEICESTERSHIRE" is the body's "Leicestershire"
    if cased is not text:
        merged = [Span(s.start, s.end, s.label, cased[s.start:s.end]) for s in merged]
    rows = []
    for span, canonical in link_mentions(text, merged):
        if span.start in watched_starts:
            canonical = watch.canonical(span.text)
        rows.append((span.start, span.end, canonical, span.label))
    return rows


#: the rows of one batch, being found by worker processes (or found already)
PendingRows = Pending


class BackgroundEngine(Engine, Protocol):
    """An engine that can work on the next batch while the caller stores the last one."""

    def submit_rows(self, texts: Sequence[str], watch: WatchlistMatcher) -> PendingRows: ...


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
    cancelled = should_cancel or (lambda: False)
    watch = WatchlistMatcher(watch_store.list_all(conn))
    ids = mention_store.EntityIds(conn)
    hint: int = getattr(engine, "batch_hint", BATCH_SIZE)  # the batch an engine works best on
    batches = _pending_batches(conn, batch_size or hint, cancelled)
    done = 0
    for batch, rows in _with_rows(engine, batches, watch, cancelled):
        _store(conn, engine.name, batch, rows, ids)
        done += len(batch)
        if progress is not None:
            progress(done, max(total, done), "")
        if on_batch is not None:
            on_batch([row[0] for row in batch])
    return done


def _pending_batches(conn: sqlite3.Connection, size: int,
                     cancelled: Callable[[], bool]) -> Iterator[list[sqlite3.Row]]:
    """Pending articles in id order, at most ``size`` and BATCH_CHARS characters a batch."""
    chars = BATCH_CHARS
    last_id = 0
    while not cancelled():
        heads = queue.heads(conn, last_id, size)
        if not heads:
            return
        ids: list[int] = []
        total = 0
        for article_id, length in heads:
            if ids and total + (length or 0) > chars:
                break
            ids.append(article_id)
            total += length or 0
        last_id = ids[-1]
        yield queue.bodies(conn, ids)


def _with_rows(
    engine: Engine,
    batches: Iterable[list[sqlite3.Row]],
    watch: WatchlistMatcher,
    cancelled: Callable[[], bool],
) -> Iterator[tuple[list[sqlite3.Row], list[list[mention_store.SpanRow]]]]:
    """Each batch with its rows. A background engine gets the next batch before the
    caller stores this one, so its workers never wait for the database."""
    submit = getattr(engine, "submit_rows", None)
    if submit is None:
        interrupt_when = getattr(engine, "interrupt_when", None)
        if interrupt_when is not None:
            interrupt_when(cancelled)
        for batch in batches:
            texts = [row[1] for row in batch]
            try:
                found = engine.extract(texts)
            except ExtractionStopped:
                return  # stopped mid-batch: nothing of it is stored, it stays pending
            yield batch, [spans_for(text, spans, watch)
                          for text, spans in zip(texts, found, strict=True)]
        return
    ahead: tuple[list[sqlite3.Row], PendingRows] | None = None
    for batch in batches:
        pending = submit([row[1] for row in batch], watch)
        if ahead is not None:
            if not ahead[1].wait(cancelled):
                return  # stopped mid-batch: nothing of it is stored, it stays pending
            yield ahead[0], ahead[1].result()
        ahead = (batch, pending)
    if ahead is not None and not cancelled() and ahead[1].wait(cancelled):
        yield ahead[0], ahead[1].result()


def _extract_only(conn: sqlite3.Connection, engine: Engine, only: Sequence[int]) -> int:
    batch = queue.pending_bodies(conn, only)
    if batch:
        watch = WatchlistMatcher(watch_store.list_all(conn))
        for found_batch, rows in _with_rows(engine, [batch], watch, lambda: False):
            _store(conn, engine.name, found_batch, rows, mention_store.EntityIds(conn))
    return len(batch)


def _store(conn: sqlite3.Connection, engine_name: str, batch: list[sqlite3.Row],
           rows: list[list[mention_store.SpanRow]], ids: mention_store.EntityIds) -> None:
    """Store one batch's mentions in one transaction."""
    try:
        with write_transaction(conn):
            for (article_id, text), found in zip(batch, rows, strict=True):
                mention_store.replace(conn, article_id, found, ids)
                queue.mark_done(conn, article_id, engine_name)
                _short_forms(text, found, ids)
    except BaseException:
        ids.forget()
        raise


def _short_forms(text: str, rows: list[mention_store.SpanRow],
                 ids: mention_store.EntityIds) -> None:
    """Initials the article wrote for a full name it gives ("EC" for European Community)
    name that entity in the whole library (``EntityIds.short_form``); not a person's
    surname, nor "Korea" for South Korea: those stand for others elsewhere."""
    for start, end, canonical, label in rows:
        if end - start < len(canonical) and label != "PERSON":
            written = text[start:end]
            if written.isupper() and abbreviates(written, canonical):
                ids.short_form(written, canonical, label)
