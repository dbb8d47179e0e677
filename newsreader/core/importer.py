"""Importing files and folders: parse each file, store them batch by batch.

Parsing happens outside any transaction; each batch of parsed articles is then
stored in one write transaction, so a crash or a cancel leaves every batch wholly
there or wholly absent, and a bad file only costs its own line in the report.
"""

from __future__ import annotations

import queue
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from os import PathLike
from pathlib import Path

from .clock import utc_now
from .errors import IngestError
from .ingest.draft import ArticleDraft
from .ingest.files import iter_file_drafts, iter_input_files
from .models import ImportFailure, ImportReport
from .store import articles as article_store
from .store.connection import write_transaction

#: progress(files_done, files_total, current_path)
Progress = Callable[[int, int, str], None]
BATCH_SIZE = 2000


def store_drafts(conn: sqlite3.Connection, drafts: Iterable[ArticleDraft],
                 rows: list[tuple[object, ...]] | None = None) -> ImportReport:
    """Store parsed articles in one transaction, skipping those already in the library
    (``rows``: their staging rows, when prepared beforehand)."""
    report = ImportReport()
    with write_transaction(conn):
        ids = article_store.insert_drafts(conn, list(drafts), utc_now(), rows)
    report.added_ids = [i for i in ids if i is not None]
    report.added = len(report.added_ids)
    report.skipped = len(ids) - report.added
    return report


def import_paths(
    conn: sqlite3.Connection,
    paths: Iterable[str | PathLike[str]],
    *,
    progress: Progress | None = None,
    should_cancel: Callable[[], bool] | None = None,
    batch_size: int = BATCH_SIZE,
    on_batch: Callable[[ImportReport], None] | None = None,
) -> ImportReport:
    """Import files and folders; ``on_batch`` hears of each batch once it is committed.

    A thread parses the next batch while this one is stored (SQLite releases the GIL
    while it works), and big JSON Lines files arrive in chunks, so neither memory nor
    a cancel waits for a whole file; a cancel drops only the batch not yet committed.
    """
    report = ImportReport()
    cancelled = should_cancel or (lambda: False)
    candidates = list(iter_input_files(Path(p) for p in paths))
    with _ParsedBatches(candidates, batch_size, report.failed) as parsed:
        for drafts, rows, files_done, current in parsed:
            if cancelled():
                report.cancelled = True
                break
            if drafts:
                _commit(conn, drafts, rows, report, on_batch)
            if progress is not None:
                progress(files_done, len(candidates), current)
    return report


class _ParsedBatches:
    """Batches of parsed drafts from a producer thread, with progress in between.

    Yields (drafts, their staging rows, files done, current path); drafts is empty for a
    progress step. Rows are prepared here too: hashing is the storing thread's dearest
    Python work, and here it overlaps with SQLite storing the previous batch.
    The producer never touches SQLite; it stops soon after the consumer leaves.
    """

    _END = object()

    def __init__(self, candidates: list[tuple[Path, str | None]], batch_size: int,
                 failed: list[ImportFailure]) -> None:
        self._candidates, self._batch_size, self._failed = candidates, batch_size, failed
        self._queue: queue.Queue[object] = queue.Queue(maxsize=4)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._produce, name="import-parser", daemon=True)

    def __enter__(self) -> _ParsedBatches:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        while self._thread.is_alive():  # unblock a producer waiting on a full queue
            try:
                self._queue.get(timeout=0.05)
            except queue.Empty:
                pass

    def __iter__(self) -> Iterator[tuple[list[ArticleDraft], list[tuple[object, ...]], int, str]]:
        while True:
            item = self._queue.get()
            if item is self._END:
                return
            if isinstance(item, BaseException):
                raise item
            yield item  # type: ignore[misc]

    def _put(self, item: object) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def _produce(self) -> None:
        try:
            pending: list[ArticleDraft] = []
            for done, (path, problem) in enumerate(self._candidates, start=1):
                if problem is not None:
                    self._failed.append(ImportFailure(str(path), problem))
                for drafts in ([] if problem else _parse(path, self._failed)):
                    pending.extend(drafts)
                    while len(pending) >= self._batch_size:
                        if not self._put(_batch(pending[:self._batch_size], done - 1, path)):
                            return
                        del pending[:self._batch_size]
                if not self._put(([], [], done, str(path))):
                    return
            if pending and not self._put(_batch(pending, len(self._candidates), "")):
                return
            self._put(self._END)
        except BaseException as error:  # handed to the consumer, raised there
            self._put(error)


def _batch(drafts: list[ArticleDraft], files_done: int, path: object) -> tuple[object, ...]:
    return drafts, article_store.prepare_rows(drafts), files_done, str(path)


def _commit(conn: sqlite3.Connection, drafts: list[ArticleDraft], rows: list[tuple[object, ...]],
            report: ImportReport, on_batch: Callable[[ImportReport], None] | None) -> None:
    batch = store_drafts(conn, drafts, rows)
    report.merge(batch)
    if on_batch is not None:
        on_batch(batch)


def _parse(path: Path, failed: list[ImportFailure]) -> Iterator[list[ArticleDraft]]:
    """The file's articles in chunks; its problems are recorded as they are found."""
    try:
        for result in iter_file_drafts(path):
            failed.extend(ImportFailure(str(path), p) for p in result.problems)
            yield result.drafts
    except IngestError as error:
        failed.append(ImportFailure(str(path), str(error)))
