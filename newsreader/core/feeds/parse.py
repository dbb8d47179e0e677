"""Feed bytes (RSS, Atom, RDF, JSON Feed) -> FeedInfo with one draft per item.

Nothing here touches the network or the disk: feedparser is handed a BytesIO of
bytes we fetched ourselves (given a str or bytes it may open a URL or a file).
Before feedparser sees XML, libxml2 reads it up to its root element, and a feed
whose DTD declares entities is refused: that rules out billion laughs, quadratic
blowup and external entities. Every HTML body is
sanitised; dates outside 1970-2100 become None; an item without a title gets
one from its text; duplicate guids keep their first item.
"""

from __future__ import annotations

import codecs
import io
import json
import re
from calendar import timegm
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import feedparser
from lxml import etree

from ..errors import NewsreaderError
from ..ingest.draft import ArticleDraft
from ..ingest.normalize import (
    clean_text,
    is_joined_as_is,
    normalize_url,
    parse_date,
    shorten_title,
)
from ..ingest.text import title_from_lead
from .fastparse import parse_fast
from .sanitize import html_to_text, sanitized_with_text, text_to_html

# A feed whose text is shorter than this and has no full-content element is
# taken to carry summaries only ("fetch full article" then pays off).
SUMMARY_CHARS = 1200
MAX_GUID = 2000
_ENCODING_DECL = re.compile(rb"""^(\s*<\?xml[^>]*?encoding\s*=\s*["'])([A-Za-z0-9._:-]+)(["'])""")
_LATIN_ENCODINGS = {"iso-8859-1", "latin-1", "latin1", "iso8859-1", "windows-1252", "cp1252",
                    "us-ascii", "ascii", "iso-8859-15"}
# Encodings in which "<!ENTITY" is not ASCII bytes: our scan could not see it.
_OPAQUE_ENCODINGS = ("utf-7", "utf7", "cp037", "cp273", "cp500", "cp875", "cp1026", "cp1140",
                     "ebcdic", "ibm037", "ibm500", "ibm1047", "hz", "csibm")


class FeedError(NewsreaderError):
    """Bytes that are not a usable feed."""


class NotAFeedError(FeedError):
    """The bytes are something else; ``is_html`` when a web page came instead."""

    def __init__(self, message: str, *, is_html: bool = False) -> None:
        super().__init__(message)
        self.is_html = is_html


@dataclass(slots=True)
class FeedDraft(ArticleDraft):
    """An article from a feed item; ``summary_only`` when the item lacks the full text."""

    summary_only: bool = False


@dataclass(slots=True)
class FeedInfo:
    title: str | None
    link: str | None
    items: list[FeedDraft] = field(default_factory=list)
    language: str | None = None
    warning: str | None = None  # malformed, read on a best-effort basis


# -- sniffing -------------------------------------------------------------------

def _probe(data: bytes) -> bytes:
    """ASCII view of the start of the data (UTF-16/32 lose their NULs, BOMs dropped)."""
    if b"\x00" in data[:4]:
        data = data.replace(b"\x00", b"")
    for bom in (codecs.BOM_UTF8, b"\xff\xfe", b"\xfe\xff"):
        if data.startswith(bom):
            data = data[len(bom):]
            break
    return data


def sniff(data: bytes) -> str:
    """'xml', 'json' or 'html' (a web page); NotAFeedError for anything else.

    XML is told from a web page by its root element as libxml2 reads it (comments,
    processing instructions and doctypes before it are parsed, not guessed at: an
    XHTML doctype before an <rss> is still a feed). XML whose DTD declares entities
    is refused (XML bombs, external entities) before any feed parser runs; so is XML
    in an encoding our own readers might not agree on.
    """
    probe = _probe(data)
    stripped = probe.lstrip()
    if not stripped:
        raise NotAFeedError("empty response: no feed in it")
    if stripped[:1] in (b"{", b"["):
        return "json"
    if stripped[:1] != b"<":
        raise NotAFeedError("not a feed (neither XML nor JSON)")
    declared = _ENCODING_DECL.match(probe)
    if declared and declared.group(2).decode("ascii").lower().startswith(_OPAQUE_ENCODINGS):
        raise FeedError(f"refused: unsupported feed encoding {declared.group(2).decode('ascii')}")
    root, refusal = _root_element(data)
    if refusal:
        raise FeedError(f"refused: {refusal}")
    if root is None:
        raise NotAFeedError("not a feed (no XML element in it)")
    return "html" if root in _PAGE_ROOTS else "xml"


_PAGE_ROOTS = frozenset({"html", "head", "body"})
_SNIFF_CHUNK = 64 * 1024


def _root_element(data: bytes) -> tuple[str | None, str | None]:
    """(local name of the root element, why the XML is refused or None), read by libxml2
    up to the root's start tag: recovering from errors, expanding nothing, loading no
    DTD and fetching nothing. A DTD of the feed's own (entities or not) is refused."""
    parser = etree.XMLPullParser(events=("start",), recover=True, resolve_entities=False,
                                 no_network=True, load_dtd=False, huge_tree=False)
    for at in range(0, len(data), _SNIFF_CHUNK):
        try:
            parser.feed(data[at:at + _SNIFF_CHUNK])
        except etree.XMLSyntaxError:
            return None, None
        for _event, element in parser.read_events():
            tag = element.tag if isinstance(element.tag, str) else ""
            return tag.rsplit("}", 1)[-1].lower() or None, _dtd_refusal(element)
    return None, None


def _dtd_refusal(element: Any) -> str | None:
    dtd = element.getroottree().docinfo.internalDTD
    if dtd is None:
        return None
    if next(iter(dtd.iterentities()), None) is not None:
        return "the feed declares XML entities (a possible XML bomb)"
    if next(iter(dtd.iterelements()), None) is not None:
        return "the feed carries an inline DTD (a possible XML bomb)"
    return None


# -- helpers --------------------------------------------------------------------

def _text(value: Any) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def _plain_title(value: Any, kind: str | None) -> str:
    if not isinstance(value, str):
        return ""
    if "<" in value or (kind and "html" in kind and "&" in value):
        value = html_to_text(value)  # markup dropped, entities decoded
    return " ".join(clean_text(value).split())


def _web_link(value: Any, base: str | None) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        value = value.strip()
        joined = urljoin(base, value) if base and not is_joined_as_is(value) else value
    except ValueError:
        return None
    return normalize_url(joined)


def _struct_date(value: Any) -> str | None:
    if value is None:
        return None
    try:
        return parse_date(datetime.fromtimestamp(timegm(value), tz=UTC))
    except (OverflowError, OSError, ValueError, TypeError):
        return None


def _body(value: str, kind: str, base: str | None) -> tuple[str, str | None]:
    """(body_text, body_html) from HTML or plain text content."""
    if "html" in kind or "xml" in kind:
        return sanitized_with_text(value, base)
    text = clean_text(value)
    return text, text_to_html(text)


def _finish(title: str, text: str, link: str | None) -> str:
    if title:
        return shorten_title(title, 300)
    if text:
        return title_from_lead(text.split("\n\n", 1)[0])
    return link or "(untitled)"


def _dedupe(items: list[FeedDraft]) -> list[FeedDraft]:
    seen: set[str] = set()
    kept = []
    for item in items:
        if item.guid is not None:
            if item.guid in seen:
                continue
            seen.add(item.guid)
        kept.append(item)
    return kept


# -- XML (feedparser) -------------------------------------------------------------

def _prefer_utf8(data: bytes, content_type: str | None) -> tuple[bytes, str | None]:
    """A feed that is valid UTF-8 but claims Latin-1/ASCII is UTF-8 (the common mistake)."""
    declared = _ENCODING_DECL.match(data)
    claimed = declared.group(2).decode("ascii").lower() if declared else None
    header = None
    if content_type and "charset=" in content_type.lower():
        header = content_type.lower().split("charset=", 1)[1].split(";")[0].strip(" \"'")
    if not ({claimed, header} & _LATIN_ENCODINGS) or data.isascii():
        return data, content_type
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return data, content_type
    if declared:
        data = declared.group(1) + b"utf-8" + declared.group(3) + data[declared.end():]
    return data, (content_type.split(";")[0] if content_type else None)


def _describe(error: Any) -> str:
    message = str(getattr(error, "getMessage", lambda: error)()) if error else "unknown error"
    return " ".join(message.split())[:160]


def _parse_xml(data: bytes, url: str | None, content_type: str | None) -> FeedInfo:
    data, content_type = _prefer_utf8(data, content_type)
    fast = parse_fast(data, url, content_type)  # plain RSS 2.0 / Atom: lxml, same dicts
    if fast is not None:
        feed, entries = fast
        return _feed_info(feed, entries, url, None)
    return _parse_feedparser(data, url, content_type)


def _parse_feedparser(data: bytes, url: str | None, content_type: str | None) -> FeedInfo:
    headers = {"content-type": content_type or "application/xml"}
    if url:
        headers["content-location"] = url
    result = feedparser.parse(io.BytesIO(data), response_headers=headers,
                              resolve_relative_uris=False, sanitize_html=False)
    feed = result.get("feed", {})
    entries = result.get("entries", [])
    if not entries and not result.get("version"):
        if result.get("bozo"):
            raise NotAFeedError(f"not a valid feed: {_describe(result.get('bozo_exception'))}")
        raise NotAFeedError("not a feed (no RSS, Atom or JSON Feed found)")
    warning = None
    if result.get("bozo") and not isinstance(result.get("bozo_exception"),
                                             feedparser.CharacterEncodingOverride):
        warning = (
            f"malformed feed, read as far as possible: {_describe(result.get('bozo_exception'))}"
        )
    return _feed_info(feed, entries, url, warning)


def _feed_info(feed: Any, entries: list[Any], url: str | None, warning: str | None) -> FeedInfo:
    """FeedInfo from feedparser's feed and entries (or the fast path's dicts shaped alike)."""
    title = _plain_title(feed.get("title"), (feed.get("title_detail") or {}).get("type")) or None
    site = _web_link(feed.get("link"), url)
    language = _text(feed.get("language")) or None
    base = site or url
    items = [d for d in (_xml_entry(e, title, base, language, url) for e in entries) if d]
    return FeedInfo(title, site, _dedupe(items), language, warning)


def _best_content(entry: Any) -> tuple[str, str] | None:
    best: tuple[str, str] | None = None
    for content in entry.get("content") or []:
        value = content.get("value") or ""
        if value.strip() and (best is None or len(value) > len(best[0])):
            best = (value, (content.get("type") or "text/html").lower())
    return best


def _xml_entry(entry: Any, feed_title: str | None, base: str | None, language: str | None,
               origin: str | None) -> FeedDraft | None:
    link = _web_link(entry.get("link"), base)
    if link is None:
        for candidate in entry.get("links") or []:
            if candidate.get("rel", "alternate") == "alternate":
                link = _web_link(candidate.get("href"), base)
                if link:
                    break
    guid = (entry.get("id") or "").strip()[:MAX_GUID] or None
    content = _best_content(entry)
    summary = entry.get("summary") or ""
    summary_kind = ((entry.get("summary_detail") or {}).get("type") or "text/html").lower()
    if content is not None:
        text, html = _body(content[0], content[1], link or base)
        summary_only = False
    elif summary.strip():
        text, html = _body(summary, summary_kind, link or base)
        summary_only = len(text) < SUMMARY_CHARS
    else:
        text, html, summary_only = "", None, True
    title = _plain_title(entry.get("title"), (entry.get("title_detail") or {}).get("type"))
    if not (title or text or link):
        return None
    published = (_struct_date(entry.get("published_parsed"))
                 or _struct_date(dict.get(entry, "updated_parsed"))  # not feedparser's
                 or parse_date(entry.get("published"))  # deprecated alias lookup
                 or parse_date(dict.get(entry, "updated")))
    return FeedDraft(
        title=_finish(title, text, link), body_text=text, body_html=html,
        source=feed_title, author=person_name(_text(entry.get("author"))),
        url=link, guid=guid or link, published_at=published,
        language=_text(entry.get("language")) or language, origin=origin,
        summary_only=summary_only,
    )


# -- JSON Feed ------------------------------------------------------------------

def _parse_json(data: bytes, url: str | None) -> FeedInfo:
    try:
        document = json.loads(data)
    except (ValueError, RecursionError) as error:
        raise NotAFeedError(f"not a valid JSON Feed: {str(error)[:120]}") from None
    if not isinstance(document, dict) or not isinstance(document.get("items"), list) or not (
            str(document.get("version", "")).startswith("https://jsonfeed.org/version/")
            or "title" in document):
        raise NotAFeedError("not a feed (JSON, but not a JSON Feed)")
    title = _plain_title(document.get("title"), "text/plain") or None
    site = _web_link(document.get("home_page_url"), url)
    language = _text(document.get("language")) or None
    items = []
    for item in document["items"]:
        if isinstance(item, dict):
            draft = _json_item(item, title, site or url, language, url)
            if draft is not None:
                items.append(draft)
    return FeedInfo(title, site, _dedupe(items), language)


_EMAIL_THEN_NAME = re.compile(r"^\s*[^\s@()<>]+@[^\s@()<>]+\s*\((?P<name>[^()]+)\)\s*$")
_NAME_THEN_EMAIL = re.compile(r"^\s*(?P<name>[^<>]+?)\s*<[^\s@<>]+@[^\s@<>]+>\s*$")


def person_name(author: str | None) -> str | None:
    """The name in an RSS author field: "desk@example.com (Laura Chen)" and
    "Laura Chen <desk@example.com>" are Laura Chen; anything else is kept as it is."""
    if not author or not author.strip():
        return None
    for shape in (_EMAIL_THEN_NAME, _NAME_THEN_EMAIL):
        match = shape.match(author)
        if match and match.group("name").strip():
            return " ".join(match.group("name").split())
    return author.strip()


def _json_author(item: dict[str, Any]) -> str | None:
    authors = item.get("authors")
    if isinstance(authors, list):
        names = [_text(a.get("name")) for a in authors if isinstance(a, dict)]
        return ", ".join(n for n in names if n) or None
    author = item.get("author")
    return _text(author.get("name")) or None if isinstance(author, dict) else None


def _json_item(item: dict[str, Any], feed_title: str | None, base: str | None,
               language: str | None, origin: str | None) -> FeedDraft | None:
    link = _web_link(item.get("url"), base) or _web_link(item.get("external_url"), base)
    raw_id = item.get("id")
    guid = (
        str(raw_id).strip()[:MAX_GUID]
        if isinstance(raw_id, (str, int)) and str(raw_id).strip()
        else None
    )
    html, plain = item.get("content_html"), item.get("content_text")
    summary = item.get("summary")
    if isinstance(html, str) and html.strip():
        text, body_html = _body(html, "text/html", link or base)
        summary_only = False
    elif isinstance(plain, str) and plain.strip():
        text, body_html = _body(plain, "text/plain", link or base)
        summary_only = False
    elif isinstance(summary, str) and summary.strip():
        text, body_html = _body(summary, "text/plain", link or base)
        summary_only = True
    else:
        text, body_html, summary_only = "", None, True
    title = _plain_title(item.get("title"), "text/plain")
    if not (title or text or link):
        return None
    return FeedDraft(
        title=_finish(title, text, link), body_text=text, body_html=body_html,
        source=feed_title, author=_json_author(item), url=link, guid=guid or link,
        published_at=(parse_date(item.get("date_published"))
                      or parse_date(item.get("date_modified"))),
        language=_text(item.get("language")) or language, origin=origin,
        summary_only=summary_only,
    )


# -- entry point ------------------------------------------------------------------

def parse_feed(data: bytes, *, url: str | None = None, content_type: str | None = None) -> FeedInfo:
    """Parse feed bytes; FeedError (NotAFeedError for a page or junk) if there is no feed."""
    if not isinstance(data, (bytes, bytearray)):
        raise TypeError("parse_feed takes the bytes of a feed")
    data = bytes(data)
    kind = sniff(data)
    if kind == "html":
        raise NotAFeedError("this is a web page, not a feed", is_html=True)
    if kind == "json":
        return _parse_json(data, url)
    return _parse_xml(data, url, content_type)
