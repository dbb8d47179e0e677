"""Feeds that a textual sniff got wrong: decided on libxml2's reading of the document."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsreader.core.feeds.parse import FeedError, NotAFeedError, parse_feed, sniff

from ..core.feeds.conftest import BILLION_LAUGHS, PAGE, Server, server  # noqa: F401
from .helpers import cli, one_clear_line

pytestmark = pytest.mark.hostile

ITEMS = (b'<rss version="2.0"><channel><title>Doctype News</title><link>http://example.org/</link>'
         b'<item><guid>d1</guid><title>First</title><link>http://example.org/1</link>'
         b"<description>One story.</description></item>"
         b'<item><guid>d2</guid><title>Second</title><link>http://example.org/2</link>'
         b"<description>Two stories.</description></item></channel></rss>")
#: a CMS that puts its page doctype before the RSS it serves
XHTML_DOCTYPE_RSS = (b'<?xml version="1.0" encoding="utf-8"?>\n'
                     b'<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
                     b'"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n' + ITEMS)
#: a comment holding a tag made the sniff take the comment for the root element and stop
#: looking for entity declarations before the DOCTYPE that follows it
COMMENT_BEFORE_BOMB = BILLION_LAUGHS.replace(b"<!DOCTYPE", b"<!-- <rss> --><!DOCTYPE", 1)


def test_an_xhtml_doctype_before_rss_is_a_feed() -> None:
    assert sniff(XHTML_DOCTYPE_RSS) == "xml"
    assert [i.title for i in parse_feed(XHTML_DOCTYPE_RSS).items] == ["First", "Second"]


@pytest.mark.parametrize("data", [
    COMMENT_BEFORE_BOMB,
    COMMENT_BEFORE_BOMB.replace(b"<!-- <rss> -->", b"<?pi <rss> ?><!-- > <html> -->"),
    b'<!-- <html> --><?xml-stylesheet href="x"?>' + BILLION_LAUGHS.split(b"?>", 1)[1],
], ids=["comment", "pi-and-comment", "html-in-comment"])
def test_whatever_comes_before_the_doctype_its_entities_are_refused(data: bytes) -> None:
    with pytest.raises(FeedError, match=r"^refused: the feed declares XML entities"):
        parse_feed(data)


def test_a_comment_mentioning_html_before_rss_is_still_a_feed() -> None:
    data = b"<!-- served by <html> tooling -->\n" + ITEMS
    assert len(parse_feed(data).items) == 2


def test_a_web_page_is_still_a_web_page() -> None:
    assert sniff(PAGE) == "html"
    with pytest.raises(NotAFeedError) as raised:
        parse_feed(b"\n\n  <!-- hi --><!DOCTYPE html><html lang=en><body><p>x & y<br></body>")
    assert raised.value.is_html


def test_the_cli_subscribes_to_it_and_refuses_the_bomb(tmp_path: Path, server: Server) -> None:  # noqa: F811
    library = tmp_path / "lib.sqlite"
    server.state["mutable"] = XHTML_DOCTYPE_RSS
    added = cli(library, "feed", "add", server.url("/mutable"), "--no-entities")
    assert added.returncode == 0, added.stderr
    assert b"Subscribed to Doctype News" in added.stdout
    server.state["mutable"] = COMMENT_BEFORE_BOMB
    refreshed = cli(library, "feed", "refresh", "--no-entities")
    assert refreshed.returncode == 1
    assert one_clear_line(refreshed.stderr, "refused: the feed declares XML entities")
    assert len(json.loads(cli(library, "list", "--json").stdout)) == 2  # nothing lost
