"""Importing files and folders: parse each file, store them batch by batch.

Parsing happens outside any transaction; each batch of parsed articles is then
stored in one write transaction, so a crash or a cancel leaves every batch wholly
there or wholly absent, and a bad file only costs its own line in the report.
"""

from __future__ import annotations

import logging
import pickle
import queue
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection
from os import PathLike
from pathlib import Path

from ..clock import utc_now
from ..errors import IngestError
from ..models import ImportFailure, ImportReport
from ..store import articles as article_store
from ..store import tags as tag_store
from ..store.connection import write_transaction
from ..workers import exit_with_parent, spawn_context
from .draft import ArticleDraft
from .files import iter_file_drafts, iter_input_files
from .markdown import EXPORT_INDEX_NAME, export_collection_details

log = logging.getLogger(__name__)

#: progress(files_done, files_total, current_path)
Progress = Callable[[int, int, str], None]
BATCH_SIZE = 2000
#: From this much input, files are parsed in a process of their own, not a thread.
#: Python work in a second thread makes the storing thread wait for the GIL after each
#: of its SQLite calls (up to 5 ms each, thousands per batch): parsing in a thread
#: overlapped with storing not at all. A process costs ~0.3 s to start.
PROCESS_FROM_BYTES = 16 * 1024 * 1024
#: A batch is stored once it holds this many characters of text, even with fewer than
#: BATCH_SIZE articles: a folder of book-length files must not be held in memory whole.
BATCH_CHARS = 32_000_000


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
    source = (_ParsedInProcess if _input_bytes(candidates) >= PROCESS_FROM_BYTES
              else _ParsedBatches)
    with source(candidates, batch_size, report.failed) as parsed:
        for drafts, rows, files_done, current in parsed:
            if cancelled():
                report.cancelled = True
                break
            if drafts:
                _commit(conn, drafts, rows, report, on_batch)
            if progress is not None:
                progress(files_done, len(candidates), current)
    if not report.cancelled:
        _adopt_collection_details(conn, candidates)
    return report


#: A folder export's index.md says what its collection is about at its top.
_INDEX_HEAD_BYTES = 1024 * 1024


def _adopt_collection_details(conn: sqlite3.Connection,
                              candidates: list[tuple[Path, str | None]]) -> None:
    """The description and colour of each collection whose folder export was imported
    (its index.md says them), for a collection that has none yet."""
    found = []
    for path, problem in candidates:
        if problem is None and path.name.lower() == EXPORT_INDEX_NAME:
            try:
                with open(path, "rb") as handle:
                    head = handle.read(_INDEX_HEAD_BYTES).decode("utf-8", errors="replace")
            except OSError:
                continue  # the file's own import said what was wrong with it
            details = export_collection_details(head)
            if details is not None:
                found.append(details)
    if found:
        with write_transaction(conn):
            for name, description, color in found:
                tag_store.adopt_details(conn, name, description=description, color=color)


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
            for item in _parsed_items(self._candidates, self._batch_size, self._failed):
                if not self._put(item):
                    return
            self._put(self._END)
        except BaseException as error:  # noqa: BLE001 - handed to the consumer, raised there
            self._put(error)


Item = tuple[list[ArticleDraft], list[tuple[object, ...]], int, str]


def _parsed_items(candidates: list[tuple[Path, str | None]], batch_size: int,
                  failed: list[ImportFailure]) -> Iterator[Item]:
    """Batches of parsed drafts with their staging rows, and a progress step per file."""
    pending: list[ArticleDraft] = []
    chars = 0
    for done, (path, problem) in enumerate(candidates, start=1):
        if problem is not None:
            failed.append(ImportFailure(str(path), problem))
        for drafts in ([] if problem else _parse(path, failed)):
            pending.extend(drafts)
            chars += sum(len(d.body_text) for d in drafts)
            while len(pending) >= batch_size:
                yield _batch(pending[:batch_size], done - 1, path)
                del pending[:batch_size]
                chars = sum(len(d.body_text) for d in pending)
            if chars >= BATCH_CHARS:
                yield _batch(pending, done - 1, path)
                pending, chars = [], 0
        yield [], [], done, str(path)
    if pending:
        yield _batch(pending, len(candidates), "")


def _input_bytes(candidates: list[tuple[Path, str | None]]) -> int:
    total = 0
    for path, problem in candidates:
        if problem is None:
            try:
                total += path.stat().st_size
            except OSError:
                pass  # reported when it is parsed
    return total


class _ParsedInProcess:
    """``_ParsedBatches`` with the parsing in a process: same items, same order.

    Items come through a one-way pipe whose ends each process holds alone: when the
    parser dies, reading ends (EOF) instead of waiting for the rest of a message; when
    this process dies, the parser's next write fails and it ends too. The parser
    writes one item ahead of the one being stored; it never touches SQLite. Problems
    found in files travel with the items and join ``failed`` as the items arrive.
    """

    def __init__(self, candidates: list[tuple[Path, str | None]], batch_size: int,
                 failed: list[ImportFailure]) -> None:
        context = spawn_context()
        self._failed = failed
        self._reader, writer = context.Pipe(duplex=False)
        self._stop = context.Event()
        self._process = context.Process(target=_produce_in_process, name="import-parser",
                                        args=(candidates, batch_size, writer, self._stop),
                                        daemon=True)
        self._writer: Connection | None = writer

    def __enter__(self) -> _ParsedInProcess:
        self._process.start()
        assert self._writer is not None
        self._writer.close()  # the parser's alone now: its death closes the pipe
        self._writer = None
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        while self._process.is_alive():  # unblock a parser waiting to write an item
            try:
                if self._reader.poll(0.05):
                    self._reader.recv()
            except (EOFError, OSError):
                break
        self._process.join()
        self._reader.close()

    def __iter__(self) -> Iterator[Item]:
        while True:
            try:
                kind, payload, failures = self._reader.recv()
            except (EOFError, OSError):
                raise IngestError("the parsing process ended unexpectedly") from None
            self._failed.extend(failures)
            if kind == "end":
                return
            if kind == "error":
                raise payload
            yield payload


def _produce_in_process(candidates: list[tuple[Path, str | None]], batch_size: int,
                        out: Connection, stop: threading.Event) -> None:
    """In the parsing process: send ("item" | "end" | "error", payload, new failures)."""
    exit_with_parent()
    failed: list[ImportFailure] = []

    def send(kind: str, payload: object) -> bool:
        if stop.is_set():
            return False
        message = (kind, payload, failed[:])
        failed.clear()
        try:
            out.send(message)
        except OSError:  # the importing process is gone
            return False
        return True

    try:
        for item in _parsed_items(candidates, batch_size, failed):
            if not send("item", item):
                return
        send("end", None)
    except BaseException as error:  # noqa: BLE001 - raised by the consumer, as from the thread
        try:
            pickle.dumps(error)
        except Exception:  # noqa: BLE001 - an exception that cannot travel: its text can
            error = IngestError(f"{type(error).__name__}: {error}")
        send("error", error)
    finally:
        out.close()


def _batch(drafts: list[ArticleDraft], files_done: int, path: object) -> Item:
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
    except Exception as error:  # a parser bug costs this file, not the batch
        log.debug("reading %s failed", path, exc_info=True)  # the report says it to the user
        failed.append(ImportFailure(str(path), f"could not be read ({type(error).__name__}: "
                                               f"{' '.join(str(error).split())[:200]})"))
