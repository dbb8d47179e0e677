"""Feed items that share text: every item arrives; copies of a story are grouped."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from newsreader.core.store import feeds as store
from newsreader.core.feeds.refresh import refresh_feeds
from newsreader.core.library import Library
from newsreader.core.store.connection import write_transaction

from ..stories.texts import BOILERPLATE, OTHER, WIRE, WIRE_TITLE
from .conftest import Server, rss


def add(conn: sqlite3.Connection, url: str) -> int:
    with write_transaction(conn):
        return store.add_feed(conn, url)


def html(text: str) -> str:
    return "".join(f"<p>{p}</p>" for p in text.split("\n\n"))


def test_items_with_the_same_body_all_arrive_and_stay_apart(server: Server,
                                                             conn: sqlite3.Connection,
                                                             lib_path: Path) -> None:
    server.state["mutable"] = rss([
        ("c1", "Comments", ""), ("c2", "Comments", ""),
        ("b1", "Rates held at 3.5 percent", f"<p>{BOILERPLATE}</p>"),
        ("b2", "Chip talks resume in Sejong", f"<p>{BOILERPLATE}</p>"),
    ])
    feed = add(conn, server.url("/mutable"))
    report = refresh_feeds(conn)
    assert (report.added, report.failed) == (4, [])
    assert store.get_feed(conn, feed).articles == 4
    with Library(lib_path) as library:
        rows = [r for chunk in library.iter_ids() for r in library.rows(chunk).values()]
    assert len({r.story_id for r in rows}) == 4 and {r.story_size for r in rows} == {1}


def test_an_item_updated_in_place_keeps_its_id_and_finds_its_story(
        server: Server, conn: sqlite3.Connection, lib_path: Path) -> None:
    server.state["mutable"] = rss([("w1", WIRE_TITLE, html(WIRE)), ("o1", "Other", html(OTHER))])
    add(conn, server.url("/mutable"))
    assert refresh_feeds(conn).added == 2
    ids = dict(conn.execute("SELECT guid, id FROM articles"))
    server.state["mutable"] = rss([("w1", WIRE_TITLE, html(WIRE)),
                                   ("o1", "Chip talks: a copy", html(WIRE))])  # o1 now tells it
    second = refresh_feeds(conn)
    assert (second.added, second.updated_ids) == (0, [ids["o1"]])
    with Library(lib_path) as library:
        assert library.article(ids["o1"]).story_id == ids["w1"]
        assert library.article(ids["w1"]).story_size == 2


def test_a_syndicated_copy_with_a_new_headline_in_another_feed_joins_the_story(
        server: Server, conn: sqlite3.Connection, lib_path: Path) -> None:
    server.state["mutable"] = rss([("w1", WIRE_TITLE, html(WIRE))])
    first = add(conn, server.url("/mutable"))
    refresh_feeds(conn, [store.get_feed(conn, first)])
    server.state["mutable"] = rss([("w1", "Seoul and Washington to resume chip talks",
                                    html(WIRE))]).replace(b"example.org/a/", b"example.net/a/")
    second = add(conn, server.url("/mutable?syndicated"))
    assert refresh_feeds(conn, [store.get_feed(conn, second)]).added == 1
    (a, story_a), (b, story_b) = conn.execute("SELECT id, story_id FROM articles ORDER BY id")
    assert story_a == story_b == a and b != a
