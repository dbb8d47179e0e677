"""Importing files and folders: parse each file, store them batch by batch.

Parsing happens outside any transaction; each batch of parsed articles is then
stored in one write transaction, so a crash or a cancel leaves every batch wholly
there or wholly absent, and a bad file only costs its own line in the report.
"""

from __future__ import annotations

import sqlite3
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
BATCH_SIZE = 500


def store_drafts(conn: sqlite3.Connection, drafts: Iterable[ArticleDraft]) -> ImportReport:
    """Store parsed articles in one transaction, skipping those already in the library."""
    report = ImportReport()
    with write_transaction(conn):
        ids = article_store.insert_drafts(conn, list(drafts), utc_now())
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

    Big JSON Lines files arrive in chunks, so neither memory nor a cancel waits for a
    whole file; a cancel drops only the batch not yet committed.
    """
    report = ImportReport()
    cancelled = should_cancel or (lambda: False)
    candidates = list(iter_input_files(Path(p) for p in paths))
    pending: list[ArticleDraft] = []
    for done, (path, problem) in enumerate(candidates, start=1):
        if problem is not None:
            report.failed.append(ImportFailure(str(path), problem))
        for drafts in ([] if problem else _parse(path, report)):
            if cancelled():
                break
            pending.extend(drafts)
            while len(pending) >= batch_size:
                _commit(conn, pending[:batch_size], report, on_batch)
                del pending[:batch_size]
            if progress is not None:
                progress(done - 1, len(candidates), f"{path} ({report.added:,} added)")
        if cancelled():
            report.cancelled = True
            return report
        if progress is not None:
            progress(done, len(candidates), str(path))
    if pending:
        _commit(conn, pending, report, on_batch)
    return report


def _commit(conn: sqlite3.Connection, drafts: list[ArticleDraft], report: ImportReport,
            on_batch: Callable[[ImportReport], None] | None) -> None:
    batch = store_drafts(conn, drafts)
    report.merge(batch)
    if on_batch is not None:
        on_batch(batch)


def _parse(path: Path, report: ImportReport) -> Iterator[list[ArticleDraft]]:
    """The file's articles in chunks; its problems go to the report as they are found."""
    try:
        for result in iter_file_drafts(path):
            report.failed.extend(ImportFailure(str(path), p) for p in result.problems)
            yield result.drafts
    except IngestError as error:
        report.failed.append(ImportFailure(str(path), str(error)))
