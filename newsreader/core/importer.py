"""Importing files and folders: parse each file, store them batch by batch.

Parsing happens outside any transaction; each batch of parsed articles is then
stored in one write transaction, so a crash or a cancel leaves every batch wholly
there or wholly absent, and a bad file only costs its own line in the report.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from os import PathLike
from pathlib import Path

from .clock import utc_now
from .errors import IngestError
from .ingest.draft import ArticleDraft
from .ingest.files import iter_input_files, read_file
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
    """Import files and folders; ``on_batch`` hears of each batch once it is committed."""
    report = ImportReport()
    candidates = list(iter_input_files(Path(p) for p in paths))
    pending: list[ArticleDraft] = []
    for done, (path, problem) in enumerate(candidates, start=1):
        if should_cancel is not None and should_cancel():
            report.cancelled = True
            return report  # the unfinished batch is dropped whole
        if problem is not None:
            report.failed.append(ImportFailure(str(path), problem))
        else:
            pending.extend(_parse(path, report))
        if len(pending) >= batch_size:
            _commit(conn, pending, report, on_batch)
            pending = []
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


def _parse(path: Path, report: ImportReport) -> list[ArticleDraft]:
    try:
        result = read_file(path)
    except IngestError as error:
        report.failed.append(ImportFailure(str(path), str(error)))
        return []
    report.failed.extend(ImportFailure(str(path), problem) for problem in result.problems)
    return result.drafts
