"""Refreshing feeds: fetch and parse in worker threads, store from the calling thread.

Workers never touch SQLite: each one fetches one feed (conditional GET), parses
it and, for "full text" feeds, fetches the pages of the items it has not seen.
The calling thread schedules the work (at most ``workers`` at once, at most
``per_host`` per host), and writes finished feeds in small batches: one
transaction per batch (one commit is what storing costs most), one savepoint per
feed, so one bad feed costs its own line in the report and nothing else, and a
cancel keeps everything stored so far.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, replace
from typing import Any

from ..clock import utc_now
from ..errors import NewsreaderError
from ..net.http import (DEFAULT_CONNECT_TIMEOUT, DEFAULT_DEADLINE, DEFAULT_MAX_BYTES,
                        FetchResult, fetch)
from ..store import feeds as feed_store
from ..store.connection import release, roll_back_to, savepoint, write_transaction
from ..workers import process_pool, run_in_worker
from .discover import discover_feeds
from . import pages
from .pages import (DEFAULT_PER_HOST, MAX_FULL_TEXT_ITEMS, PARSING, HostSlots, fetch_article,
                    fill_full_text, host_of)
from .parse import FeedInfo, NotAFeedError, parse_feed
from ..models import RefreshReport

__all__ = ["DEFAULT_PER_HOST", "DEFAULT_WORKERS", "MAX_FULL_TEXT_ITEMS", "FetchOptions",
           "FeedJob", "FeedOutcome", "RefreshReport", "fetch_article", "fetch_feed",
           "fill_full_text", "refresh_feeds", "resolve_feed_url", "subscribe"]

DEFAULT_WORKERS = 8

#: progress(feeds_done, feeds_total, url_just_done)
Progress = Callable[[int, int, str], None]
Fetcher = Callable[..., FetchResult]

#: Fetches run concurrently; parsing takes turns. Parsing is Python work under the GIL,
#: and lxml drops and retakes the GIL around each of the small parses a feed's items
#: need, so two threads parsing at once pass the GIL back and forth thousands of times:
#: 500 feeds parsed in 2.5 s by one thread took 5.6 s in two (and a refresh 8.1 s
#: instead of 6.1 s). One at a time costs nothing, as the GIL allowed only that anyway.
_PARSING = PARSING
#: From this many feeds a refresh parses them in a process of its own (started once,
#: ~0.3 s): parsing in a thread makes the storing thread, and a window's queries, wait
#: for the GIL after each SQLite call.
PROCESS_FROM_FEEDS = 20


def parse_here(body: bytes, url: str | None, content_type: str | None) -> FeedInfo:
    with _PARSING:
        return parse_feed(body, url=url, content_type=content_type)


class ParsingProcess:
    """Feeds parsed in one spawned process; ``parse`` blocks the calling thread only."""

    def __init__(self) -> None:
        self._executor = process_pool(1)

    def parse(self, body: bytes, url: str | None, content_type: str | None) -> FeedInfo:
        # the process died (killed?): this feed here
        return run_in_worker(self._executor, parse_feed, body, url=url, content_type=content_type,
                             fallback=lambda: parse_here(body, url, content_type))

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


@dataclass(slots=True, frozen=True)
class FeedJob:
    """What a worker needs to know about one feed (read by the calling thread)."""

    feed_id: int
    url: str
    etag: str | None = None
    last_modified: str | None = None
    full_text: bool = False
    known_guids: frozenset[str] = frozenset()


@dataclass(slots=True)
class FeedOutcome:
    job: FeedJob
    info: FeedInfo | None = None
    error: str | None = None
    note: str | None = None
    not_modified: bool = False
    permanent_url: str | None = None
    etag: str | None = None
    last_modified: str | None = None


@dataclass(slots=True)
class FetchOptions:
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT
    deadline: float = DEFAULT_DEADLINE
    max_bytes: int = DEFAULT_MAX_BYTES
    fetcher: Fetcher = fetch
    #: (body, url, content type) -> FeedInfo; a refresh of many feeds uses a process
    parser: Callable[[bytes, str | None, str | None], FeedInfo] = parse_here
    #: seconds all the item pages of a refresh may take together (None: the module's
    #: FULL_TEXT_DEADLINE, see pages.py)
    full_text_deadline: float | None = None
    #: set by refresh_feeds: the per-host limit its fetches share, and when its
    #: full-text fetching ends (monotonic)
    hosts: HostSlots | None = None
    full_text_until: float | None = None

    @property
    def full_text_seconds(self) -> float:
        return pages.FULL_TEXT_DEADLINE if self.full_text_deadline is None \
            else self.full_text_deadline

    def get(self, url: str, **kwargs: Any) -> FetchResult:
        return self.fetcher(url, connect_timeout=self.connect_timeout, deadline=self.deadline,
                            max_bytes=self.max_bytes, **kwargs)


# -- one feed (worker side: no SQLite) -------------------------------------------------

def fetch_feed(job: FeedJob, options: FetchOptions | None = None,
               should_cancel: Callable[[], bool] | None = None) -> FeedOutcome:
    """Fetch and parse one feed; every failure becomes ``error``, never an exception."""
    options = options or FetchOptions()
    outcome = FeedOutcome(job)
    try:
        try:
            result = options.get(job.url, etag=job.etag, last_modified=job.last_modified)
        finally:
            if options.hosts is not None:  # the scheduler took it; its pages take their own
                options.hosts.give(host_of(job.url))
        outcome.permanent_url = result.permanent_url
        outcome.etag, outcome.last_modified = result.etag, result.last_modified
        if result.not_modified:
            outcome.not_modified = True
            return outcome
        try:
            outcome.info = options.parser(result.body, result.url,
                                          result.headers.get("content-type"))
        except NotAFeedError as error:
            if error.is_html:
                found = discover_feeds(result.body, result.url)
                hint = f"; it links to the feed {found[0]}" if found else ""
                raise NotAFeedError(f"this is a web page, not a feed{hint}") from None
            raise
        if job.full_text:
            _, late = fill_full_text(outcome.info.items, options, known=job.known_guids,
                                     should_cancel=should_cancel, slots=options.hosts,
                                     until=options.full_text_until)
            if late:
                outcome.note = (f"{late} article page{'s' * (late != 1)} did not arrive within "
                                f"the refresh's {options.full_text_seconds:g} s for full "
                                "texts; their summaries are kept")
    except NewsreaderError as error:
        outcome.error = str(error)
    except Exception as error:  # noqa: BLE001 - a bug in one feed must not stop the others
        outcome.error = f"internal error: {type(error).__name__}: {error}"
    return outcome


# -- many feeds (calling thread: schedules and writes) ---------------------------------

def jobs_for(conn: sqlite3.Connection, feeds: Sequence[feed_store.Feed]) -> list[FeedJob]:
    return [FeedJob(f.id, f.url, f.etag, f.last_modified, f.full_text,
                    feed_store.known_guids(conn, f.id) if f.full_text else frozenset())
            for f in feeds]


def store_outcome(conn: sqlite3.Connection, outcome: FeedOutcome, report: RefreshReport,
                  now: str | None = None) -> None:
    """Write one feed's result in one transaction and count it in the report."""
    store_outcomes(conn, [outcome], report, now)


def _write_outcome(conn: sqlite3.Connection, outcome: FeedOutcome, report: RefreshReport,
                   now: str) -> None:
    job = outcome.job
    if outcome.permanent_url and outcome.permanent_url != job.url:
        feed_store.move_url(conn, job.feed_id, outcome.permanent_url)
    if outcome.error is not None:
        feed_store.record_failure(conn, job.feed_id, outcome.error, now=now)
    elif outcome.not_modified:
        feed_store.record_not_modified(conn, job.feed_id, now=now, etag=outcome.etag,
                                       last_modified=outcome.last_modified)
    elif outcome.info is not None:
        added, updated = feed_store.upsert_items(conn, job.feed_id, outcome.info.items,
                                                 now=now, update_bodies=not job.full_text)
        feed_store.record_success(conn, job.feed_id, now=now, etag=outcome.etag,
                                  last_modified=outcome.last_modified,
                                  item_count=len(outcome.info.items),
                                  title=outcome.info.title, site_url=outcome.info.link)
        report.added += len(added)
        report.updated += len(updated)
        report.added_ids.extend(added)
        report.updated_ids.extend(updated)


def store_outcomes(conn: sqlite3.Connection, outcomes: Sequence[FeedOutcome],
                   report: RefreshReport, now: str | None = None) -> None:
    """Write several feeds' results in one transaction, each feed in its own savepoint.

    A feed whose writes fail is rolled back to its savepoint alone and reported
    with its error; the others are committed. One commit for a batch of feeds
    instead of one each is what makes storing cheap (SQLite and FTS5 pay per commit).
    """
    now = now or utc_now()
    counts: list[tuple[int, int, int]] = []
    failure: BaseException | None = None
    try:
        with write_transaction(conn):
            for outcome in outcomes:
                if failure is not None:
                    break
                counts.append((report.added, report.updated, len(report.added_ids)))
                savepoint(conn, "feed_outcome")
                try:
                    _write_outcome(conn, outcome, report, now)
                except BaseException as error:  # undo this feed only, keep the others
                    roll_back_to(conn, "feed_outcome")
                    _undo_counts(report, counts[-1])
                    if isinstance(error, NewsreaderError):
                        outcome.error = str(error)
                    else:
                        failure = error
                        counts.pop()
                    continue
                release(conn, "feed_outcome")
    except NewsreaderError as error:  # BEGIN or COMMIT failed: nothing of the batch stored
        if counts:
            _undo_counts(report, counts[0])
        for outcome in outcomes:
            outcome.error = str(error)
    for outcome in outcomes[:len(counts)] if failure is not None else outcomes:
        report.feeds += 1
        if outcome.error is not None:
            report.failed.append((outcome.job.url, outcome.error))
        elif outcome.note is not None:
            report.notes.append((outcome.job.url, outcome.note))
        elif outcome.not_modified:
            report.not_modified += 1
    if failure is not None:
        raise failure


def _undo_counts(report: RefreshReport, before: tuple[int, int, int]) -> None:
    added, updated, ids = before
    report.added, report.updated = added, updated
    del report.added_ids[ids:]
    del report.updated_ids[updated:]  # updated ids grow with the count


#: store finished feeds once this many are waiting, or once the oldest waited this long:
#: each commit makes FTS5 write and merge a segment, ~28 ms for 16 feeds of 50 items,
#: so batches of 64 store 500 such feeds in 1.7 s instead of 2.3 s
STORE_BATCH = 64
STORE_DELAY = 0.5


def refresh_feeds(
    conn: sqlite3.Connection,
    feeds: Sequence[feed_store.Feed] | None = None,
    *,
    workers: int = DEFAULT_WORKERS,
    per_host: int = DEFAULT_PER_HOST,
    progress: Progress | None = None,
    should_cancel: Callable[[], bool] | None = None,
    options: FetchOptions | None = None,
    on_feed: Callable[[FeedOutcome], None] | None = None,
) -> RefreshReport:
    """Refresh ``feeds`` (all by default) with bounded concurrency; see the module doc.

    Finished feeds are stored in small batches (one transaction, a savepoint per
    feed), at the latest ``STORE_DELAY`` seconds after the first of them finished.
    On cancel no new fetch starts; feeds already fetched are stored, those in
    flight are abandoned (their threads end by their own deadline).
    """
    options = options or FetchOptions()
    cancelled = should_cancel or (lambda: False)
    if feeds is None:
        feeds = feed_store.list_feeds(conn)
    pending = jobs_for(conn, feeds)
    total = len(pending)
    report = RefreshReport()
    if not pending:
        return report
    parsing = ParsingProcess() if (total >= PROCESS_FROM_FEEDS
                                   and options.parser is parse_here) else None
    if parsing is not None:
        options = replace(options, parser=parsing.parse)
    hosts = HostSlots(per_host)  # given back by each feed's worker once its feed is in
    options = replace(options, hosts=hosts,
                      full_text_until=time.monotonic() + options.full_text_seconds)
    running: dict[Future[FeedOutcome], FeedJob] = {}
    ready: list[FeedOutcome] = []
    oldest = 0.0
    pool = ThreadPoolExecutor(max_workers=max(1, min(workers, total)),
                              thread_name_prefix="feed-refresh")
    done = 0

    def submit() -> None:
        while pending and len(running) < workers:
            index = next((i for i, job in enumerate(pending)
                          if hosts.try_take(host_of(job.url))), None)
            if index is None:
                break
            job = pending.pop(index)
            running[pool.submit(fetch_feed, job, options, cancelled)] = job

    def flush() -> None:
        nonlocal done
        batch = ready[:]
        ready.clear()
        store_outcomes(conn, batch, report)
        for outcome in batch:
            done += 1
            if on_feed is not None:
                on_feed(outcome)
            if progress is not None:
                progress(done, total, outcome.job.url)

    try:
        while pending or running or ready:
            if cancelled():
                report.cancelled = True
                break
            submit()
            if running:
                timeout = 0.25 if not ready else max(0.0, oldest + STORE_DELAY - time.monotonic())
                finished, _ = wait(running, timeout=timeout, return_when=FIRST_COMPLETED)
                for future in finished:
                    running.pop(future)
                    if not ready:
                        oldest = time.monotonic()
                    ready.append(future.result())
                submit()  # keep the workers busy while this thread writes
            if ready and (len(ready) >= STORE_BATCH or not running
                          or time.monotonic() - oldest >= STORE_DELAY):
                flush()
    finally:
        try:
            if ready:
                flush()  # fetched already: stored even on cancel
        finally:
            pool.shutdown(wait=not report.cancelled, cancel_futures=True)
            if parsing is not None:
                parsing.close()
    return report


# -- adding a feed -----------------------------------------------------------------

def resolve_feed_url(url: str, options: FetchOptions | None = None
                     ) -> tuple[str, FeedInfo, FetchResult]:
    """The feed behind ``url`` (a feed, or a page announcing one) and its parsed content.

    Raises FetchError/FeedError with a clear message when there is no feed there.
    """
    options = options or FetchOptions()
    result = options.get(url)
    try:
        return result.permanent_url or url, parse_feed(
            result.body, url=result.url, content_type=result.headers.get("content-type")), result
    except NotAFeedError as error:
        if not error.is_html:
            raise
        candidates = discover_feeds(result.body, result.url)
    if not candidates:
        raise NotAFeedError(f"no feed found at {url}: the page announces none")
    problems = []
    for candidate in candidates[:5]:
        try:
            found = options.get(candidate)
            return found.permanent_url or candidate, parse_feed(
                found.body, url=found.url, content_type=found.headers.get("content-type")), found
        except NewsreaderError as error:
            problems.append(f"{candidate}: {error}")
    raise NotAFeedError(f"no usable feed found at {url} ({'; '.join(problems)[:300]})")


def subscribe(conn: sqlite3.Connection, url: str, *, folder: str | None = None,
              full_text: bool = False, title: str | None = None,
              options: FetchOptions | None = None) -> tuple[int, RefreshReport]:
    """Find the feed at ``url``, subscribe, store its first items: (feed id, report)."""
    options = options or FetchOptions()
    feed_url, info, fetched = resolve_feed_url(url, options)
    with write_transaction(conn):
        feed_id = feed_store.add_feed(conn, feed_url, title=title, folder=folder,
                                      site_url=info.link, full_text=full_text)
    job = FeedJob(feed_id, feed_url, full_text=full_text)
    if full_text:
        fill_full_text(info.items, options)
    report = RefreshReport()
    store_outcome(conn, FeedOutcome(job, info=info, etag=fetched.etag,
                                    last_modified=fetched.last_modified), report)
    return feed_id, report
