"""Saved web pages: keep the article, drop menus, banners and comments.

trafilatura does the boilerplate removal; this module only adds what it
leaves out (the publication time, a canonical link it missed) and maps its
result onto an ArticleDraft. Nothing here touches the network.
"""

from __future__ import annotations

import re
from typing import Any

import lxml.html
import trafilatura
from lxml import etree

from newsreader.core.errors import IngestError
from newsreader.core.ingest.draft import ArticleDraft
from newsreader.core.ingest.normalize import clean_text, normalize_url, parse_date, shorten_title
from newsreader.core.ingest.text import title_from_lead

# Pages state the full publication time here; trafilatura keeps only the day.
_TIME_XPATHS = (
    '//meta[@property="article:published_time"]/@content',
    '//meta[@name="article:published_time"]/@content',
    '//meta[@itemprop="datePublished"]/@content',
    '//meta[@name="pubdate"]/@content',
    '//meta[@name="date"]/@content',
    '//time[@itemprop="datePublished"]/@datetime',
    "//article//time/@datetime",
)
# trafilatura falls back to whatever text a page has (a menu's "Home"); a
# handful of words is not an article.
_MIN_WORDS = 8
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_URL_XPATHS = (
    '//link[@rel="canonical"]/@href',
    '//meta[@property="og:url"]/@content',
)


def _tree(raw: str | bytes) -> Any | None:
    try:
        return lxml.html.document_fromstring(raw)
    except (etree.ParserError, ValueError):
        return None


def _first(tree: Any | None, xpaths: tuple[str, ...]) -> str | None:
    if tree is None:
        return None
    for xpath in xpaths:
        for value in tree.xpath(xpath):
            if str(value).strip():
                return str(value).strip()
    return None


def _extract(raw: str | bytes, url: str | None) -> Any:
    """Run trafilatura, tolerating both its 1.x (dict) and 2.x (Document) results."""
    result = trafilatura.bare_extraction(
        raw,
        url=url,
        with_metadata=True,
        include_comments=False,
        favor_precision=True,
        include_tables=True,
    )
    if result is None:
        return None
    if isinstance(result, dict):
        return result
    return result.as_dict()


def _paragraphs(text: str, title: str | None) -> list[str]:
    paragraphs = [p.strip() for p in clean_text(text).split("\n") if p.strip()]
    if paragraphs and title and paragraphs[0].casefold() == title.casefold():
        paragraphs = paragraphs[1:]
    return paragraphs


def _language(tree: Any | None) -> str | None:
    if tree is None:
        return None
    lang = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    return lang.strip() or None if lang else None


def _text(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None


def parse_html(
    raw: str | bytes, *, origin: str | None, url: str | None = None
) -> list[ArticleDraft]:
    """Parse one saved page into one article; raise IngestError if it has none."""
    if isinstance(raw, str):
        # lxml refuses str input that still declares a byte encoding.
        raw = _XML_DECLARATION.sub("", raw.lstrip("\ufeff"), count=1)
    if not (raw.strip() if isinstance(raw, (str, bytes)) else raw):
        raise IngestError("empty file")
    data = _extract(raw, url)
    if not data or not (data.get("text") or "").strip():
        raise IngestError("no article text found in this page")
    tree = _tree(raw)
    title = _text(data.get("title"))
    paragraphs = _paragraphs(data["text"], title)
    if sum(len(p.split()) for p in paragraphs) < _MIN_WORDS:
        raise IngestError("no article text found in this page")
    published = parse_date(_first(tree, _TIME_XPATHS)) or parse_date(data.get("date"))
    link = normalize_url(_text(data.get("url"))) or normalize_url(_first(tree, _URL_XPATHS))
    draft = ArticleDraft(
        title=shorten_title(title or title_from_lead(paragraphs[0]), 300),
        body_text="\n\n".join(paragraphs),
        source=_text(data.get("sitename")),
        author=_text(data.get("author")),
        url=link or normalize_url(url),
        published_at=published,
        language=_text(data.get("language")) or _language(tree),
        origin=origin,
    )
    return [draft]
