"""A web page -> the feeds it announces with <link rel="alternate" type="...">."""

from __future__ import annotations

from urllib.parse import urljoin

import lxml.html
from lxml import etree

from ..net.http import FetchError, check_url

FEED_TYPES = {
    "application/rss+xml": "rss",
    "application/atom+xml": "atom",
    "application/rdf+xml": "rss",
    "application/feed+json": "json",
    "application/json": "json",
    "application/x.atom+xml": "atom",
    "application/x-atom+xml": "atom",
    "text/xml": "rss",
    "application/xml": "rss",
}
_PARSER = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)


def discover_feeds(page: bytes | str, base_url: str | None = None) -> list[str]:
    """Feed links the page announces, absolute, http(s) only, in page order, no repeats."""
    if not page or not (page.strip() if isinstance(page, (bytes, str)) else page):
        return []
    try:
        tree = lxml.html.document_fromstring(page, parser=_PARSER)
    except (etree.ParserError, ValueError):
        return []
    base = base_url
    for href in tree.xpath("//head/base/@href"):
        base = urljoin(base_url or "", str(href).strip())
        break
    found: list[str] = []
    for link in tree.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").split(";")[0].strip().lower()
        href = (link.get("href") or "").strip()
        if not href or "alternate" not in rel or kind not in FEED_TYPES:
            continue
        try:
            url = check_url(urljoin(base, href) if base else href)
        except (FetchError, ValueError):
            continue
        if url not in found:
            found.append(url)
    return found
