"""OPML import and export: folders, refused links, XML bombs."""

from __future__ import annotations

import pytest

from newsreader.core.feeds.opml import export_opml, parse_opml, read_opml
from newsreader.core.feeds.parse import FeedError
from newsreader.core.models import OpmlEntry

from .conftest import BILLION_LAUGHS


def test_round_trip_with_nested_folders() -> None:
    feeds = [
        OpmlEntry("https://a.example/rss", "A news", None),
        OpmlEntry("https://b.example/atom", "B & Co <daily>", "Korea"),
        OpmlEntry("https://c.example/feed", "C", "Korea/Trade", "https://c.example/"),
        OpmlEntry("https://d.example/feed", None, "Chips"),
    ]
    data = export_opml(feeds)
    assert data.startswith(b"<?xml") and b'version="2.0"' in data
    back = sorted(parse_opml(data))
    assert back == sorted([
        OpmlEntry("https://a.example/rss", "A news", None, None),
        OpmlEntry("https://b.example/atom", "B & Co <daily>", "Korea", None),
        OpmlEntry("https://c.example/feed", "C", "Korea/Trade", "https://c.example/"),
        OpmlEntry("https://d.example/feed", "https://d.example/feed", "Chips", None),
    ])


def test_non_web_links_are_refused_one_by_one() -> None:
    data = b"""<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>
    <outline text="Folder">
      <outline text="ok" xmlUrl="https://ok.example/rss"/>
      <outline text="file" xmlUrl="file:///etc/passwd"/>
      <outline text="js" xmlUrl="javascript:alert(1)"/>
      <outline text="path" xmlUrl="/home/me/feed.xml"/>
      <outline text="feed scheme" xmlUrl="feed://f.example/rss"/>
    </outline></body></opml>"""
    result = read_opml(data)
    assert result.title == "x"
    assert result.entries == [OpmlEntry("https://ok.example/rss", "ok", "Folder", None),
                              OpmlEntry("http://f.example/rss", "feed scheme", "Folder", None)]
    assert [url for url, _ in result.refused] == ["file:///etc/passwd", "javascript:alert(1)",
                                                  "/home/me/feed.xml"]
    assert all(reason.startswith("refused: only http and https") for _, reason in result.refused)


def test_opml_bomb_is_refused() -> None:
    data = BILLION_LAUGHS.replace(b"<rss", b"<opml").replace(b"rss>", b"opml>")
    with pytest.raises(FeedError, match=r"^refused"):
        parse_opml(data)


def test_opml_external_entity_is_refused() -> None:
    with pytest.raises(FeedError, match=r"^refused"):
        parse_opml(b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                   b'<opml version="2.0"><body><outline text="&x;" xmlUrl="http://a/"/></body></opml>')


def test_not_opml() -> None:
    with pytest.raises(FeedError, match="not a valid OPML"):
        parse_opml(b"<opml><body>")
    with pytest.raises(FeedError, match="not an OPML"):
        parse_opml(b"<rss/>")
