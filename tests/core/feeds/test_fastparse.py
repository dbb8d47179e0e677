"""The lxml fast path gives the drafts feedparser gives, or steps aside."""

from __future__ import annotations

import pytest

from newsreader.core.feeds import parse as feed_parse
from newsreader.core.feeds.fastparse import parse_fast
from newsreader.core.feeds.parse import FeedError, parse_feed

from .conftest import ATOM, BILLION_LAUGHS, QUADRATIC, RSS, XXE, rss

URL = "http://example.org/feed"


def both(data: bytes, content_type: str | None = "application/rss+xml", url: str = URL):
    """(feedparser's FeedInfo, the fast path's FeedInfo or None)."""
    data, content_type = feed_parse._prefer_utf8(data, content_type)
    slow = feed_parse._parse_feedparser(data, url, content_type)
    fast = parse_fast(data, url, content_type)
    return slow, None if fast is None else feed_parse._feed_info(fast[0], fast[1], url, None)


def item(body: str, *, channel: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
            f'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            f'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            f'xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>T</title>'
            f"<link>http://example.org/</link>{channel}<item>{body}</item></channel></rss>"
            ).encode()


def entry(body: str, *, head: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>A</title>{head}<entry>{body}</entry></feed>").encode()


SAME = {
    "test rss": RSS,
    "test atom": ATOM,
    "five items": rss([(f"x-{i}", f"x story {i}", f"<p>Story {i}.</p>") for i in range(5)]),
    "duplicates": rss([("dup", "First", "<p>One.</p>"), ("dup", "Second", "<p>Two.</p>")]),
    "absurd dates": rss([("d1", "Old", "<p>Old.</p>")]).replace(
        b"Mon, 06 May 2024 10:00:00 GMT", b"Mon, 01 Jan 1900 00:00:00 GMT"),
    "untitled": rss([("u1", "", "<p>The ministry said on the 28th that talks would continue. "
                      "More follows.</p>"), ("u2", "   ", "")]),
    "permalink guid, no link": item("<guid>http://example.org/p/1</guid><title>G</title>"),
    "relative link": item("<title>R</title><link>/a/1?x=1&amp;y=2</link><guid>r1</guid>"),
    "link with entity-like query": item("<title>Q</title><link>http://e.org/?a=1&amp;b;=2</link>"),
    "not a permalink": item('<guid isPermaLink="false">/k/1</guid><title>K</title>'),
    "html-looking title": item("<title>Tom &amp;amp; Jerry &lt;/b&gt;</title><link>http://e.org/1</link>"),
    "ampersand title": item("<title>AT&amp;T &amp; you</title><link>http://e.org/2</link>"),
    "escaped html": item("<title>E</title><description>&lt;p&gt;Hi &lt;b&gt;there&lt;/b&gt;"
                         "&lt;script&gt;x()&lt;/script&gt;&lt;/p&gt;</description>"
                         "<link>http://e.org/3</link>"),
    "plain description": item("<title>P</title><description>Just text &amp; more.</description>"
                              "<link>http://e.org/4</link>"),
    "content encoded": item("<title>C</title><link>http://e.org/5</link>"
                            "<content:encoded><![CDATA[<p>Full <a href='/x'>text</a></p>"
                            "]]></content:encoded>"),
    "dc creator": item("<title>D</title><link>http://e.org/6</link><dc:creator> Ann  Lee "
                       "</dc:creator><category>x</category><comments>http://e.org/c</comments>"),
    "non-ascii": item("<title>Café — naïve “quotes” 한국</title><link>http://e.org/7</link>"
                      "<description>Ministère &#233; 日本</description>"),
    "mojibake": item("<title>CafÃ© crÃ¨me</title><link>http://e.org/8</link>"),
    "cp1252 controls": item("<title>Price \u0080 5 \u0093ok\u0094</title><link>http://e.org/9</link>"),
    "odd dates": item("<title>O</title><link>http://e.org/10</link>"
                      "<pubDate>Tue, 7 May 2024 25:61:00 +0900</pubDate>"),
    "iso date in rss": item("<title>I</title><link>http://e.org/11</link>"
                            "<pubDate>2024-05-06T10:00:00+02:00</pubDate>"),
    "bad date": item("<title>B</title><link>http://e.org/12</link><pubDate>yesterday</pubDate>"),
    "language": item("<title>L</title><link>http://e.org/13</link>",
                     channel="<language>en-GB</language><description>x</description>"
                             '<atom:link href="http://e.org/self" rel="self"/>'),
    "empty description": item("<title>E</title><link>http://e.org/14</link><description/>"),
    "atom summary and content": entry(
        '<id>urn:1</id><title type="html">A &amp;amp; B</title>'
        '<link href="http://e.org/a/1"/><updated>2024-05-06T10:00:00Z</updated>'
        '<summary>Short.</summary><content type="html">&lt;p&gt;Long &lt;i&gt;text&lt;/i&gt;'
        "&lt;/p&gt;</content><author><name>Bo</name></author>"),
    "atom content before summary": entry(
        '<id>urn:2</id><title>T</title><content type="text">Body</content><summary>S</summary>'),
    "atom id as link": entry("<id>http://e.org/a/2</id><title>T</title><summary>S</summary>"),
    "atom several links": entry(
        '<id>urn:3</id><title>T</title><link rel="enclosure" href="http://e.org/f.mp3"/>'
        '<link rel="alternate" type="text/html" href="/rel/3"/>'
        '<link rel="related" href="http://e.org/r"/><published>2024-05-01T00:00:00Z</published>'
        "<updated>2024-05-02T00:00:00Z</updated>",
        head='<link href="http://e.org/site"/><link rel="self" href="http://e.org/feed"/>'),
    "atom plain text summary": entry("<id>urn:4</id><title>T</title>"
                                     "<summary>a &lt; b and c &amp; d</summary>"),
}


@pytest.mark.parametrize("name", list(SAME))
def test_fast_path_matches_feedparser(name: str) -> None:
    slow, fast = both(SAME[name])
    assert fast is not None, "the fast path should read this feed"
    assert fast == slow


def test_fast_path_matches_on_the_benchmark_feeds() -> None:
    import sys
    from pathlib import Path

    bench = Path(__file__).resolve().parents[3] / "benchmarks"
    sys.path.insert(0, str(bench))
    try:
        import bench_feeds
    finally:
        sys.path.remove(str(bench))
    feeds = bench_feeds.build_feeds(12, 20, 3, "http://127.0.0.1:9")
    for path, feed in feeds.items():
        slow, fast = both(feed.body, feed.content_type, url="http://127.0.0.1:9" + path)
        assert fast is not None and fast == slow, path
        assert len(fast.items) == 20


UNUSUAL = {
    "xml:base": item('<title xml:base="http://o.org/">X</title>'),
    "xhtml atom": entry('<id>u</id><title>T</title><content type="xhtml"><div '
                        'xmlns="http://www.w3.org/1999/xhtml">Hi</div></content>'),
    "unknown item element": item("<title>X</title><media:title xmlns:media="
                                 "'http://search.yahoo.com/mrss/'>Y</media:title>"),
    "repeated title": item("<title>X</title><title>Y</title>"),
    "markup in title": item("<title>X <b>bold</b></title>"),
    "comment in title": item("<title>X<!-- c --> Y</title>"),
    "author with e-mail": item("<title>X</title><author>a@example.org (Ann)</author>"),
    "description and content": item("<title>X</title><description>S</description>"
                                    "<content:encoded>C</content:encoded>"),
    "rss 0.91": RSS.replace(b'version="2.0"', b'version="0.91"'),
    "not well-formed": RSS[:-20],
    "undefined entity": item("<title>X&nbsp;Y</title>"),
    "latin-1 declared": RSS.replace(b'encoding="utf-8"', b'encoding="iso-8859-1"').replace(
        b"First story", "Café".encode("latin-1")),
}


@pytest.mark.parametrize("name", list(UNUSUAL))
def test_unusual_feeds_go_to_feedparser(name: str) -> None:
    slow, fast = both(UNUSUAL[name])
    assert fast is None
    assert parse_feed(UNUSUAL[name], url=URL, content_type="application/rss+xml") == slow


@pytest.mark.parametrize("content_type", ["text/html", "text/plain", "application/octet-stream",
                                          "application/rss+xml; charset=iso-8859-1"])
def test_content_types_feedparser_would_flag_go_to_feedparser(content_type: str) -> None:
    assert parse_fast(RSS, URL, content_type) is None


def test_hostile_xml_is_still_refused_before_any_parser() -> None:
    for data in (BILLION_LAUGHS, QUADRATIC, XXE):
        with pytest.raises(FeedError, match="refused"):
            parse_feed(data)
    # and the fast path's own parser would neither expand nor fetch an entity
    assert parse_fast(XXE, URL, "application/rss+xml") is None


def test_parse_feed_uses_the_fast_path_and_sanitises(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("feedparser should not be needed")

    monkeypatch.setattr(feed_parse, "_parse_feedparser", refuse)
    info = parse_feed(RSS, url=URL, content_type="application/rss+xml")
    assert [i.guid for i in info.items] == ["one", "two", "three"]
    assert "<script" not in info.items[0].body_html and "onclick" not in info.items[2].body_html


def test_the_installed_feedparser_lends_the_fast_path_its_helpers() -> None:
    """Notices a feedparser release that moved or changed the private helpers the fast
    path borrows (every feed would then be read by feedparser.parse: slower, the same)."""
    from newsreader.core.feeds import fastparse

    assert fastparse.AVAILABLE
    assert parse_fast(RSS, URL, "application/rss+xml") is not None


TAKE_AWAY = {
    "missing": "import feedparser.datetimes as m; del m._parse_date",
    "changed": "import feedparser.datetimes as m; m._parse_date = lambda text, strict: None",
}


@pytest.mark.parametrize("how", sorted(TAKE_AWAY))
def test_without_feedparsers_private_helpers_feeds_read_the_same(
        how: str, server, tmp_path) -> None:
    """`newsreader feed add` in a process whose feedparser lacks (or changed) a private
    helper: the fast path steps aside and the feed's articles are the same."""
    import json
    import subprocess
    import sys

    def add_and_list(library: str, prelude: str) -> list[dict[str, object]]:
        script = (f"{prelude}\nimport sys\nfrom newsreader.cli import main\n"
                  f"from newsreader.core.feeds import fastparse\n"
                  f"assert fastparse.AVAILABLE is {not prelude}, fastparse.AVAILABLE\n"
                  f"main(['--library', {library!r}, 'feed', 'add', {server.url('/rss')!r},"
                  " '--no-entities'])\n"
                  f"sys.exit(main(['--library', {library!r}, 'list', '--json']))")
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 0, done.stderr
        rows = json.loads(done.stdout[done.stdout.index("["):])
        return [{k: v for k, v in row.items() if k not in ("id", "added_at")} for row in rows]

    usual = add_and_list(str(tmp_path / "usual.sqlite"), "")
    without = add_and_list(str(tmp_path / "without.sqlite"), TAKE_AWAY[how])
    assert len(usual) == 3 and without == usual
