"""Finished feeds are stored in batches: one transaction, one savepoint per feed."""

from __future__ import annotations

import sqlite3

import pytest

from newsreader.core.errors import NewsreaderError
from newsreader.core.feeds import refresh
from newsreader.core.store import feeds as store
from newsreader.core.feeds.parse import parse_feed
from newsreader.core.feeds.refresh import FeedJob, FeedOutcome, refresh_feeds, store_outcomes
from newsreader.core.models import RefreshReport
from newsreader.core.store.connection import write_transaction

from .conftest import Server, rss


def feeds(conn: sqlite3.Connection, count: int) -> list[FeedOutcome]:
    outcomes = []
    with write_transaction(conn):
        for n in range(count):
            url = f"http://example.org/f{n}"
            feed_id = store.add_feed(conn, url)
            info = parse_feed(rss([(f"{n}-{i}", f"Feed {n} story {i}", f"<p>Text {n} {i}.</p>")
                                   for i in range(3)]), url=url)
            outcomes.append(FeedOutcome(FeedJob(feed_id, url), info=info, etag=f'"{n}"'))
    return outcomes


def stored(conn: sqlite3.Connection, feed_id: int) -> int:
    return conn.execute("SELECT count(*) FROM articles WHERE feed_id = ?", (feed_id,)).fetchone()[0]


def test_one_failing_feed_costs_only_its_own_line(conn: sqlite3.Connection,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    outcomes = feeds(conn, 3)
    real = store.record_success

    def flaky(conn_: sqlite3.Connection, feed_id: int, **kwargs: object) -> None:
        real(conn_, feed_id, **kwargs)  # type: ignore[arg-type]
        if feed_id == outcomes[1].job.feed_id:
            raise NewsreaderError("disk says no")

    monkeypatch.setattr(store, "record_success", flaky)
    report = RefreshReport()
    store_outcomes(conn, outcomes, report)
    assert report.feeds == 3 and report.added == 6 and len(report.added_ids) == 6
    assert report.failed == [(outcomes[1].job.url, "disk says no")]
    assert [stored(conn, o.job.feed_id) for o in outcomes] == [3, 0, 3]
    etags = [r[0] for r in conn.execute("SELECT etag FROM feeds ORDER BY id")]
    assert etags == ['"0"', None, '"2"']


def test_a_bug_keeps_the_feeds_before_it_and_is_raised(conn: sqlite3.Connection,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    outcomes = feeds(conn, 3)
    real = store.record_success

    def buggy(conn_: sqlite3.Connection, feed_id: int, **kwargs: object) -> None:
        if feed_id == outcomes[1].job.feed_id:
            raise ZeroDivisionError
        real(conn_, feed_id, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(store, "record_success", buggy)
    report = RefreshReport()
    with pytest.raises(ZeroDivisionError):
        store_outcomes(conn, outcomes, report)
    assert [stored(conn, o.job.feed_id) for o in outcomes] == [3, 0, 0]
    assert report.feeds == 1 and report.added == 3
    assert not conn.in_transaction


def test_many_feeds_are_written_in_few_transactions(server: Server, conn: sqlite3.Connection,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    with write_transaction(conn):
        for n in range(40):
            store.add_feed(conn, server.url(f"/feed/b{n}"))
    commits = []
    real = refresh.store_outcomes

    def counting(conn_: sqlite3.Connection, batch, report, now=None) -> None:  # noqa: ANN001
        commits.append(len(batch))
        real(conn_, batch, report, now)

    monkeypatch.setattr(refresh, "store_outcomes", counting)
    seen: list[int] = []
    report = refresh_feeds(conn, workers=8, per_host=8,
                           progress=lambda done, total, url: seen.append(done))
    assert report.feeds == 40 and report.added == 200 and not report.failed
    assert sum(commits) == 40 and len(commits) < 40
    assert seen == list(range(1, 41))
    again = refresh_feeds(conn, workers=8, per_host=8)
    assert again.feeds == 40 and again.added == 0 and not again.failed
