"""Subscriptions, refresh of many feeds, updates in place, full text, removal."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from newsreader.core.store import feeds as store
from newsreader.core.feeds.opml import export_opml, parse_opml
from newsreader.core.feeds.parse import NotAFeedError
from newsreader.core.feeds.refresh import FetchOptions, fetch_article, refresh_feeds, subscribe
from newsreader.core.library import Library
from newsreader.core.store.connection import connect, write_transaction

from .conftest import Server, rss


def add(conn: sqlite3.Connection, url: str, **kwargs: object) -> int:
    with write_transaction(conn):
        return store.add_feed(conn, url, **kwargs)  # type: ignore[arg-type]


def test_new_library_has_an_empty_feeds_table(conn: sqlite3.Connection) -> None:
    assert conn.execute("SELECT count(*) FROM feeds").fetchone()[0] == 0


def test_refresh_many_with_one_bad_and_one_slow(server: Server, conn: sqlite3.Connection) -> None:
    good = [server.url(f"/feed/{n}") for n in range(6)]
    bad = [server.url("/laughs"), server.url("/missing"), server.url("/html-feed"),
           server.url("/trickle")]
    for url in good + bad:
        add(conn, url, folder="News")
    seen: list[tuple[int, int]] = []
    started = time.monotonic()
    report = refresh_feeds(conn, options=FetchOptions(deadline=1),
                           progress=lambda done, total, url: seen.append((done, total)))
    assert time.monotonic() - started < 4
    assert report.feeds == 10 and report.added == 30 and report.updated == 0
    errors = dict(report.failed)
    assert set(errors) == set(bad)
    assert errors[server.url("/missing")] == "HTTP 404 Not Found"
    assert errors[server.url("/trickle")] == "timed out after 1 s"
    assert errors[server.url("/laughs")].startswith("refused")
    assert seen[-1] == (10, 10)
    feeds = {f.url: f for f in store.list_feeds(conn)}
    assert feeds[good[0]].title == "Feed 0" and feeds[good[0]].articles == 5
    assert feeds[good[0]].last_success and feeds[good[0]].last_error is None
    assert feeds[good[0]].item_count == 5
    assert feeds[server.url("/missing")].last_error == "HTTP 404 Not Found"
    assert feeds[server.url("/missing")].last_success is None
    assert feeds[good[0]].to_json().keys() == {"url", "title", "folder", "last_success",
                                               "last_error", "articles"}
    again = refresh_feeds(conn, [feeds[u] for u in good])
    assert again.added == 0 and again.updated == 0 and not again.failed


def test_per_host_limit_holds(server: Server, conn: sqlite3.Connection) -> None:
    import threading

    active, peak, lock = [0], [0], threading.Lock()

    def slow_fetch(url: str, **kwargs: object):
        from newsreader.core.net.http import fetch
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        try:
            time.sleep(0.05)
            return fetch(url, **kwargs)  # type: ignore[arg-type]
        finally:
            with lock:
                active[0] -= 1

    for n in range(8):
        add(conn, server.url(f"/feed/{n}"))
    report = refresh_feeds(conn, workers=8, per_host=2, options=FetchOptions(fetcher=slow_fetch))
    assert report.added == 40 and peak[0] == 2


def test_feeds_are_fetched_together_but_parsed_one_at_a_time(
        server: Server, conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from newsreader.core.feeds import refresh
    from newsreader.core.net.http import fetch

    counts = {"fetching": 0, "parsing": 0}
    peaks = {"fetching": 0, "parsing": 0}
    lock = threading.Lock()

    def busy(kind: str, work, *args, **kwargs):
        with lock:
            counts[kind] += 1
            peaks[kind] = max(peaks[kind], counts[kind])
        try:
            time.sleep(0.05)  # long enough for the other threads to arrive
            return work(*args, **kwargs)
        finally:
            with lock:
                counts[kind] -= 1

    parse = refresh.parse_feed
    monkeypatch.setattr(refresh, "parse_feed", lambda *a, **k: busy("parsing", parse, *a, **k))
    for n in range(6):
        add(conn, server.url(f"/feed/{n}"))
    report = refresh_feeds(conn, workers=6, per_host=6, options=FetchOptions(
        fetcher=lambda url, **k: busy("fetching", fetch, url, **k)))
    assert report.added == 30 and not report.failed
    assert peaks["parsing"] == 1 and peaks["fetching"] > 1


def test_conditional_get_on_second_refresh(server: Server, conn: sqlite3.Connection) -> None:
    add(conn, server.url("/etag"))
    add(conn, server.url("/lastmod"))
    first = refresh_feeds(conn)
    assert first.added == 3 and first.not_modified == 0  # the same items: deduplicated
    second = refresh_feeds(conn)
    assert second.not_modified == 2 and second.added == 0 and not second.failed
    sent = [h for p, h in server.hits if p == "/etag"][-1]
    assert sent["If-None-Match"] == '"v1"'


def test_permanent_redirect_is_remembered_temporary_is_not(server: Server,
                                                           conn: sqlite3.Connection) -> None:
    moved = add(conn, server.url("/moved-permanently"))
    temp = add(conn, server.url("/moved-temporarily"))
    report = refresh_feeds(conn)
    assert not report.failed
    assert store.get_feed(conn, moved).url == server.url("/rss")
    assert store.get_feed(conn, temp).url == server.url("/moved-temporarily")


def test_updated_item_updates_in_place_keeping_tag_and_read_state(
        server: Server, conn: sqlite3.Connection, lib_path: Path) -> None:
    server.state["mutable"] = rss([("g1", "Draft headline", "<p>First version of the story.</p>"),
                                   ("g2", "Other", "<p>Unchanged.</p>")])
    feed_id = add(conn, server.url("/mutable"))
    first = refresh_feeds(conn)
    assert first.added == 2
    (article_id,) = [r[0] for r in conn.execute("SELECT id FROM articles WHERE guid = 'g1'")]
    with Library(lib_path) as library:
        library.add_tag("chip export controls", [article_id])
        library.set_read([article_id])
        library.update_article(article_id, note="keep me")
    server.state["mutable"] = rss([("g1", "Final headline", "<p>Second, <b>corrected</b> version.</p>"),
                                   ("g2", "Other", "<p>Unchanged.</p>")])
    second = refresh_feeds(conn)
    assert (second.added, second.updated) == (0, 1)
    assert second.updated_ids == [article_id]
    with Library(lib_path) as library:
        article = library.article(article_id)
        assert article.title == "Final headline"
        assert article.body_text == "Second, corrected version."
        assert "<b>corrected</b>" in (article.body_html or "")
        assert article.tags == ["chip export controls"]
        assert article.is_read and article.note == "keep me"
        assert library.count() == 2
        assert library.search("corrected")[0].id == article_id  # FTS follows
    row = conn.execute("SELECT feed_id, guid FROM articles WHERE id = ?", (article_id,)).fetchone()
    assert tuple(row) == (feed_id, "g1")


def test_same_guid_in_two_feeds_is_two_articles(server: Server, conn: sqlite3.Connection) -> None:
    server.state["mutable"] = rss([("1", "Alpha story", "<p>Alpha text here.</p>")])
    a = add(conn, server.url("/mutable"))
    refresh_feeds(conn)
    server.state["mutable"] = rss([("1", "Beta story", "<p>Beta text here.</p>")]).replace(
        b"example.org/a/", b"example.net/a/")  # another link: another article
    with write_transaction(conn):
        b = store.add_feed(conn, server.url("/mutable?second"))
    report = refresh_feeds(conn, [store.get_feed(conn, b)])
    assert report.added == 1
    assert store.get_feed(conn, a).articles == 1 and store.get_feed(conn, b).articles == 1


def test_item_already_imported_by_url_or_text_is_not_duplicated(
        server: Server, conn: sqlite3.Connection, lib_path: Path) -> None:
    from newsreader.core.ingest.draft import ArticleDraft
    with Library(lib_path) as library:
        library.import_drafts([ArticleDraft(title="x", body_text="y",
                                            url="http://example.org/a/one")])
    add(conn, server.url("/rss"))
    assert refresh_feeds(conn).added == 2


def test_subscribe_through_a_home_page(server: Server, conn: sqlite3.Connection) -> None:
    feed_id, report = subscribe(conn, server.url("/page"), folder="Korea/Trade")
    feed = store.get_feed(conn, feed_id)
    assert feed.url == server.url("/rss") and feed.folder == "Korea/Trade"
    assert feed.title == "Test Feed" and report.added == 3
    with pytest.raises(store.FeedExistsError):
        subscribe(conn, server.url("/rss"))
    with pytest.raises(NotAFeedError):
        subscribe(conn, server.url("/html-feed"))


def test_full_text_feed_fetches_item_pages(server: Server, conn: sqlite3.Connection) -> None:
    server.state["mutable"] = rss([("p1", "Chip talks", "<p>Short summary.</p>")]).replace(
        b"http://example.org/a/p1", server.url("/article").encode())
    feed_id, report = subscribe(conn, server.url("/mutable"), full_text=True)
    text = conn.execute("SELECT body_text FROM articles WHERE feed_id = ?", (feed_id,)).fetchone()[0]
    assert "Ahn Deok-geun met Wang Wentao" in text and "track()" not in text
    again = refresh_feeds(conn)
    assert again.updated == 0  # the summary never replaces the page's text


def test_import_any_url(server: Server) -> None:
    draft = fetch_article(server.url("/article"))
    assert draft.title == "Chip talks in Detroit"
    assert "Ahn Deok-geun" in draft.body_text and "Home | World" not in draft.body_text
    assert draft.body_html and "<script" not in draft.body_html


def test_rename_move_folder_and_remove(server: Server, conn: sqlite3.Connection) -> None:
    keep = add(conn, server.url("/feed/keep"), folder="Korea")
    drop = add(conn, server.url("/feed/drop"), folder="Korea/Trade")
    refresh_feeds(conn)
    with write_transaction(conn):
        store.rename_feed(conn, keep, "Kept feed")
        store.rename_folder(conn, "Korea", "Asia")
    assert [(f.title, f.folder) for f in store.list_feeds(conn)] == [
        ("Kept feed", "Asia"), ("Feed drop", "Asia/Trade")]
    assert len(store.list_feeds(conn, "Asia")) == 2
    refresh_feeds(conn)
    assert store.get_feed(conn, keep).title == "Kept feed"  # a refresh keeps the user's name
    with write_transaction(conn):
        store.move_feed(conn, keep, None)
        assert store.remove_feed(conn, keep) == 0
        assert store.remove_feed(conn, drop, delete_articles=True) == 5
    assert conn.execute("SELECT count(*), count(feed_id) FROM articles").fetchone()[:] == (5, 0)
    assert store.list_feeds(conn) == []


def test_opml_import_export_through_the_store(conn: sqlite3.Connection) -> None:
    add(conn, "https://a.example/rss", title="A", folder="Korea/Trade")
    add(conn, "https://b.example/rss")
    data = export_opml(store.list_feeds(conn))
    assert sorted((e.url, e.folder) for e in parse_opml(data)) == [
        ("https://a.example/rss", "Korea/Trade"), ("https://b.example/rss", None)]


def test_bad_urls_are_refused_by_the_store(conn: sqlite3.Connection) -> None:
    from newsreader.core.net.http import FetchError
    for url in ("file:///etc/passwd", "/tmp/feed.xml", "javascript:x"):
        with pytest.raises(FetchError, match="refused"):
            add(conn, url)


def test_cancel_stops_new_fetches(server: Server, conn: sqlite3.Connection) -> None:
    for n in range(20):
        add(conn, server.url(f"/feed/{n}"))
    calls = [0]

    def cancel() -> bool:
        calls[0] += 1
        return calls[0] > 3

    report = refresh_feeds(conn, workers=2, should_cancel=cancel)
    assert report.cancelled and report.feeds < 20


def test_feeds_are_listed_by_folder_then_name_counting_numbers(conn: sqlite3.Connection) -> None:
    for n, (title, folder) in enumerate([("Feed 10", None), ("Feed 2", None), ("feed 1", None),
                                         ("Alpha", "B"), ("Beta 3", "a"), (None, None)]):
        add(conn, f"https://example.org/{n}.xml", title=title, folder=folder)
    assert [f.title or f.url for f in store.list_feeds(conn)] == [
        "feed 1", "Feed 2", "Feed 10", "https://example.org/5.xml", "Beta 3", "Alpha"]


def test_many_feeds_are_parsed_in_a_process_with_the_same_outcome(
        server: Server, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from newsreader.core.feeds import refresh

    used: list[str] = []

    class Counting(refresh.ParsingProcess):
        def parse(self, body: bytes, url: str | None, content_type: str | None):
            used.append(url or "")
            return super().parse(body, url, content_type)

    urls = [server.url(f"/feed/{n}") for n in range(4)] + [
        server.url("/laughs"), server.url("/html-feed"), server.url("/missing")]
    outcomes = {}
    for threshold in (10**9, 1):  # a thread, then a process
        monkeypatch.setattr(refresh, "PROCESS_FROM_FEEDS", threshold)
        monkeypatch.setattr(refresh, "ParsingProcess", Counting)
        path = tmp_path / f"lib-{threshold}.sqlite"
        Library(path).close()
        other = connect(path)
        for url in urls:
            add(other, url)
        report = refresh_feeds(other, options=FetchOptions(deadline=5))
        outcomes[threshold] = (report.added, sorted(report.failed), sorted(
            r[0] for r in other.execute("SELECT title FROM articles")))
        other.close()
    assert outcomes[1] == outcomes[10**9]
    added, failed, _titles = outcomes[1]
    assert added == 20 and len(failed) == 3
    assert any("web page" in error for _url, error in failed)  # NotAFeedError came back whole
    assert len(used) == 6  # every feed that answered went through the process


def test_host_slots_hold_the_limit_and_time_out() -> None:
    from newsreader.core.feeds.pages import HostSlots

    slots = HostSlots(2)
    assert slots.try_take("a") and slots.take("a", until=0) is True
    assert not slots.try_take("a") and slots.try_take("b")
    assert slots.take("a", until=0) is False  # already past: no wait
    slots.give("a")
    assert slots.try_take("a")
