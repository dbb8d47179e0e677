"""Feed bytes -> drafts: formats, hostile XML, malformed feeds, sanitising."""

from __future__ import annotations

import time

import pytest

from newsreader.core.feeds.discover import discover_feeds
from newsreader.core.feeds.parse import FeedError, NotAFeedError, parse_feed
from newsreader.core.feeds.sanitize import html_to_text, sanitize_html
from newsreader.core.net.http import fetch

from .conftest import BILLION_LAUGHS, PAGE, QUADRATIC, RSS, XXE, Server, rss


def get(server: Server, path: str):
    result = fetch(server.url(path))
    return parse_feed(result.body, url=result.url, content_type=result.headers.get("content-type"))


def test_rss_items_are_sanitised_drafts(server: Server) -> None:
    info = get(server, "/rss")
    assert info.title == "Test Feed" and info.link == "http://example.org/"
    assert [i.guid for i in info.items] == ["one", "two", "three"]
    first = info.items[0]
    assert first.title == "First story"
    assert first.url == "http://example.org/a/one"
    assert first.published_at == "2024-05-06T10:00:00Z"
    assert first.source == "Test Feed"
    assert first.body_text == "Seoul and Washington talk chips."
    assert "<script" not in first.body_html and "alert" not in first.body_html
    assert first.summary_only
    assert 'href="http://example.org/x"' in info.items[1].body_html
    assert "onclick" not in info.items[2].body_html


def test_atom_and_json_feed(server: Server) -> None:
    atom = get(server, "/atom")
    assert atom.title == "Atom Feed"
    (entry,) = atom.items
    assert entry.guid == "urn:a1" and entry.url == "http://example.org/atom/1"
    assert entry.body_text == "Full atom content about APEC in Detroit."
    assert not entry.summary_only
    feed = get(server, "/json")
    (item,) = feed.items
    assert feed.title == "JSON Feed" and item.guid == "j1"
    assert item.published_at == "2024-05-06T10:00:00Z"
    assert "<img" not in item.body_html  # a remote image is a plain link at most
    assert 'href="http://example.org/i.png"' in item.body_html


@pytest.mark.parametrize("data", [BILLION_LAUGHS, QUADRATIC, XXE])
def test_entity_declarations_are_refused_quickly(data: bytes) -> None:
    started = time.monotonic()
    with pytest.raises(FeedError, match=r"^refused: the feed declares XML entities"):
        parse_feed(data)
    assert time.monotonic() - started < 0.5


def test_bombs_served_over_http_are_refused(server: Server) -> None:
    for path in ("/laughs", "/xxe", "/quadratic"):
        with pytest.raises(FeedError, match="refused"):
            get(server, path)


def test_utf16_entity_declaration_is_seen() -> None:
    with pytest.raises(FeedError, match="refused"):
        parse_feed(XXE.decode().replace('<?xml version="1.0"?>', "").encode("utf-16"))


def test_inline_dtd_without_entities_is_refused() -> None:
    with pytest.raises(FeedError, match="inline DTD"):
        parse_feed(b'<?xml version="1.0"?><!DOCTYPE rss [<!ELEMENT rss ANY>]><rss/>')


def test_feedparser_never_opens_a_path_it_is_given() -> None:
    with pytest.raises(NotAFeedError):
        parse_feed(b"/etc/passwd")
    with pytest.raises(TypeError):
        parse_feed("/etc/passwd")  # type: ignore[arg-type]


def test_html_instead_of_feed_is_recognised_and_discovered(server: Server) -> None:
    with pytest.raises(NotAFeedError, match="web page, not a feed") as info:
        get(server, "/page")
    assert info.value.is_html
    assert discover_feeds(PAGE, server.url("/page")) == [server.url("/rss"),
                                                          "http://127.0.0.1:1/atom"]


def test_junk_is_not_a_feed(server: Server) -> None:
    with pytest.raises(NotAFeedError):
        get(server, "/junk")
    with pytest.raises(NotAFeedError):
        parse_feed(b"")
    with pytest.raises(NotAFeedError):
        parse_feed(b'{"hello": "world"}')


def test_truncated_xml_gives_best_effort_items(server: Server) -> None:
    info = get(server, "/truncated")
    assert [i.guid for i in info.items][:2] == ["one", "two"]
    assert info.warning and "malformed" in info.warning


def test_wrong_encoding_declaration_is_read_as_utf8(server: Server) -> None:
    (item,) = get(server, "/wrong-encoding").items
    assert item.title == "Café crème in Sejong"
    assert item.body_text == "Ministère — naïve café."


def test_latin1_bytes_declared_utf8_do_not_fail() -> None:
    data = RSS.replace(b"First story", "Caf\u00e9".encode("latin-1"))
    info = parse_feed(data)
    assert len(info.items) == 3
    assert info.items[0].title.startswith("Caf")


def test_duplicate_guids_keep_the_first(server: Server) -> None:
    items = get(server, "/duplicates").items
    assert [(i.guid, i.title) for i in items] == [("dup", "First version"), ("other", "Other")]


def test_absurd_dates_become_none(server: Server) -> None:
    items = get(server, "/dates").items
    assert [i.published_at for i in items] == [None, None]


def test_empty_titles_come_from_the_text(server: Server) -> None:
    first, second = get(server, "/untitled").items
    assert first.title == "The ministry said on the 28th that talks would continue"
    assert second.title == "http://example.org/a/u2"


def test_sanitiser_allowlist() -> None:
    html = sanitize_html(
        '<div style="x"><p>Hi<script>evil()</script><style>p{}</style></p>'
        '<a href="javascript:evil()">js</a><a href="data:text/html,x">data</a>'
        '<iframe src="http://x/"></iframe><img src="http://x/t.gif" onerror="evil()">'
        '<form><input></form><object data="x"></object><p onmouseover="e()">ok</p></div>',
        "http://example.org/")
    for bad in ("script", "evil", "style", "iframe", "<img", "onerror", "data:", "javascript",
                "<form", "<input", "object", "onmouseover"):
        assert bad not in html, bad
    assert '<a href="http://x/t.gif"' in html and "[image]" in html
    assert html_to_text(html).endswith("ok")


@pytest.mark.parametrize(("author", "shown"), [
    ("desk@example.com (Laura Chen)", "Laura Chen"),
    ("Laura Chen &lt;desk@example.com&gt;", "Laura Chen"),
    ("desk@example.com", "desk@example.com"),
    ("Laura Chen", "Laura Chen"),
])
def test_an_rss_author_with_an_address_shows_as_the_name(author: str, shown: str) -> None:
    body = rss([("a", "Story", "<p>Text.</p>")], extra=f"<author>{author}</author>")
    (item,) = parse_feed(body, url="http://example.org/rss").items
    assert item.author == shown
