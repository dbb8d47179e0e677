"""A fast path for plain, well-formed RSS 2.0 and Atom 1.0: lxml instead of feedparser.

It builds the same dicts feedparser would (the keys ``parse._xml_entry`` reads),
so every field of the drafts is computed by the same code either way; a test
compares both paths item by item. It runs after ``sniff`` (no entity
declarations, no inline DTD) on bytes, with an lxml parser that resolves no
entities, reads nothing from the network and refuses huge trees.

It handles only what it can reproduce exactly and returns None for anything
else (feedparser then reads the feed): a feed that is not well-formed, not
UTF-8, served with a non-XML content type, RSS 1.0/0.9x, xml:base, XHTML or
base64 content, markup inside a text element, repeated or unknown item
elements, authors with e-mail addresses...
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from ..ingest.normalize import is_joined_as_is


def _borrow_feedparser() -> tuple[Any, Any, Any, Any, Any] | None:
    """The very functions feedparser applies, so that the results match; None when they
    are gone or no longer behave as in the feedparser versions pyproject allows.

    They are feedparser's private helpers, so a release may move, rename or change them
    at will: each is tried on an input whose answer we know, and on any surprise the fast
    path stays off and every feed is read by the public ``feedparser.parse`` (slower, the
    same articles). ``test_fastparse`` notices both: that the fast path is on with the
    installed feedparser, and that a feed parses the same with the helpers taken away.
    """
    try:
        from feedparser.datetimes import _parse_date
        from feedparser.html import _cp1252
        from feedparser.mixin import _FeedParserMixin
        from feedparser.urls import _urljoin, make_safe_absolute_uri

        looks_like_html = _FeedParserMixin.looks_like_html
        behaves = (tuple(_parse_date("Mon, 06 May 2024 10:00:00 GMT"))[:6] == (2024, 5, 6, 10, 0, 0)
                   and "\x80".translate(_cp1252) == "\u20ac"
                   and looks_like_html("<p>x</p>") and not looks_like_html("x & y")
                   and _urljoin("http://e.org/a/", "b?c") == "http://e.org/a/b?c"
                   and make_safe_absolute_uri("http://e.org/x", None) == "http://e.org/x")
    except Exception:  # noqa: BLE001 - whatever another feedparser does: use its public API
        return None
    if not behaves:
        return None
    return _parse_date, _cp1252, looks_like_html, _urljoin, make_safe_absolute_uri


_BORROWED = _borrow_feedparser()
if _BORROWED is not None:
    _parse_date, _cp1252, _looks_like_html, _feedparser_urljoin, make_safe_absolute_uri = _BORROWED
#: False: feedparser's helpers are missing or changed, and parse_fast always steps aside.
AVAILABLE = _BORROWED is not None

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                          load_dtd=False, dtd_validation=False, recover=False,
                          remove_comments=False, remove_pis=False, strip_cdata=True)
ATOM = "http://www.w3.org/2005/Atom"
DC = "http://purl.org/dc/elements/1.1/"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
XML_NS = "http://www.w3.org/XML/1998/namespace"
_A = "{" + ATOM + "}"
_XML_BASE = "{" + XML_NS + "}base"
_XML_LANG = "{" + XML_NS + "}lang"
_LINK_ENTITY = re.compile("&([A-Za-z0-9_]+);")
_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")

# RSS item children: what they feed into, or nothing (ignored by feedparser's
# fields that we read). Anything else sends the feed to feedparser.
_RSS_ITEM = {"title": "title", "link": "link", "guid": "guid", "pubDate": "pubdate",
             "description": "description", f"{{{CONTENT}}}encoded": "encoded",
             "author": "author", f"{{{DC}}}creator": "author",
             "category": None, "comments": None, "enclosure": None}
_RSS_CHANNEL = {"title": "title", "link": "link", "language": "language",
                "description": None, "lastBuildDate": None, "pubDate": None, "generator": None,
                "ttl": None, "copyright": None, "managingEditor": None, "webMaster": None,
                "docs": None, "category": None, "image": None, f"{_A}link": "atomlink",
                "item": None}
_ATOM_ENTRY = {f"{_A}title": "title", f"{_A}link": "link", f"{_A}id": "guid",
               f"{_A}published": "published", f"{_A}updated": "updated",
               f"{_A}summary": "summary", f"{_A}content": "content", f"{_A}author": "author",
               f"{_A}category": None}
_ATOM_FEED = {f"{_A}title": "title", f"{_A}link": "link", f"{_A}id": None,
              f"{_A}updated": None, f"{_A}subtitle": None, f"{_A}author": None,
              f"{_A}generator": None, f"{_A}rights": None, f"{_A}icon": None,
              f"{_A}logo": None, f"{_A}category": None, f"{_A}entry": None}
_ATOM_TYPES = {None: "text/plain", "text": "text/plain", "html": "text/html"}


def _urljoin(base: str, uri: str) -> str:
    """feedparser's join, skipped for a link it would return unchanged (most of them)."""
    return uri if is_joined_as_is(uri) else _feedparser_urljoin(base, uri)


class _Unusual(Exception):
    """Something this path does not reproduce exactly: feedparser reads the feed."""


def _fp(value: str) -> str:
    """What feedparser makes of an element's text (after it decoded the bytes as UTF-8)."""
    value = value.strip()
    if not value.isascii():
        try:
            value = value.encode("iso-8859-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
        value = value.translate(_cp1252)
    return value


def _text(element: Any) -> str:
    """The element's text; markup, comments or processing instructions inside: unusual."""
    if len(element) or element.attrib.get(_XML_BASE) is not None:
        raise _Unusual
    return _fp(element.text or "")


def _date(value: str) -> Any:
    return _parse_date(value) if value else None


def _decoded(data: bytes, content_type: str | None) -> bool:
    """True when feedparser would read these bytes as UTF-8 and call them XML."""
    media, _, params = (content_type or "application/xml").lower().partition(";")
    media = media.strip()
    charset = None
    if "charset=" in params:
        charset = params.split("charset=", 1)[1].split(";")[0].strip(" \"'")
    if charset not in (None, "utf-8", "utf8"):
        return False
    if media.startswith("text/"):
        if media != "text/xml" or (charset is None and not data.isascii()):
            return False
    elif not (media == "application/xml" or (media.startswith("application/")
                                              and media.endswith("+xml"))):
        return False
    declared = _ENCODING.match(data)
    if declared and declared.group(1).lower() not in (b"utf-8", b"utf8"):
        return False
    return data[:2] not in (b"\xff\xfe", b"\xfe\xff") and b"\x00" not in data[:4]


def parse_fast(data: bytes, url: str | None, content_type: str | None
               ) -> tuple[dict[str, Any], list[dict[str, Any]]] | None:
    """(feed, entries) as feedparser's dicts, or None to let feedparser read the feed."""
    if not AVAILABLE or not _decoded(data, content_type):
        return None
    try:
        data.decode("utf-8")
        root = etree.fromstring(data, _PARSER)
    except (etree.XMLSyntaxError, ValueError, UnicodeDecodeError):
        return None
    base = make_safe_absolute_uri(url or "", None) if url else ""
    try:
        if root.tag == "rss" and root.get("version") in ("2.0", "2.00", "0.92", "0.91"):
            if root.get("version") != "2.0":
                return None
            return _rss(root, base)
        if root.tag == f"{_A}feed":
            return _atom(root, base)
    except _Unusual:
        return None
    return None


def _check_tree(root: Any) -> None:
    for element in root.iter():
        if not isinstance(element.tag, str):
            raise _Unusual  # comments, PIs: feedparser drops them from text
        if element.attrib and (_XML_BASE in element.attrib or _XML_LANG in element.attrib):
            if element is not root or _XML_BASE in element.attrib:
                raise _Unusual


def _children(parent: Any, known: dict[str, str | None]) -> dict[str, Any]:
    """The known children by role; an unknown or a repeated one (but ignored ones): unusual."""
    found: dict[str, Any] = {}
    for child in parent:
        if child.tag not in known:
            raise _Unusual
        role = known[child.tag]
        if role is None:
            continue
        if role in found:
            raise _Unusual
        found[role] = child
    return found


def _rss_type(value: str) -> str:
    """RSS text is plain unless it looks like HTML (feedparser's guess)."""
    return "text/html" if _looks_like_html(value) else "text/plain"


def _rss(root: Any, base: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    _check_tree(root)
    if root.get(_XML_LANG) is not None or len(root) != 1 or root[0].tag != "channel":
        raise _Unusual
    channel = root[0]
    parts = _children(channel, _RSS_CHANNEL)
    feed: dict[str, Any] = {}
    if "atomlink" in parts and parts["atomlink"].get("rel", "alternate") != "self":
        raise _Unusual
    if "title" in parts:
        title = _text(parts["title"])
        feed["title"] = title
        feed["title_detail"] = {"type": _rss_type(title)}
    if "link" in parts:
        link = _LINK_ENTITY.sub(r"&\g<1>", _urljoin(base, _text(parts["link"])))
        feed["link"] = link
    if "language" in parts:
        feed["language"] = _text(parts["language"])
    entries = [_rss_item(item, base) for item in channel.iterfind("item")]
    return feed, entries


def _rss_item(item: Any, base: str) -> dict[str, Any]:
    if item.attrib:
        raise _Unusual
    parts = _children(item, _RSS_ITEM)
    entry: dict[str, Any] = {}
    guid_is_link = False
    if "guid" in parts:
        element = parts["guid"]
        guid_is_link = element.get("isPermaLink", "true") == "true"
        value = _text(element)
        entry["id"] = _urljoin(base, value) if guid_is_link and value else value
    if "link" in parts:
        value = _text(parts["link"])
        if not value:
            raise _Unusual
        value = _urljoin(base, value).replace("&amp;", "&")
        entry["link"] = _LINK_ENTITY.sub(r"&\g<1>", value)
    elif guid_is_link:
        entry["link"] = entry["id"]
    if "title" in parts:
        title = _text(parts["title"])
        if title:
            entry["title"] = title
            entry["title_detail"] = {"type": _rss_type(title)}
    if "pubdate" in parts:
        value = _text(parts["pubdate"])
        entry["published"] = value
        entry["published_parsed"] = _date(value)
    if "author" in parts:
        value = _text(parts["author"])
        if "@" in value or parts["author"].attrib:
            raise _Unusual
        entry["author"] = value
    if "encoded" in parts:
        if "description" in parts:
            raise _Unusual  # which becomes the summary depends on the order
        value = _text(parts["encoded"])
        if not value:
            raise _Unusual
        entry["content"] = [{"type": "text/html", "value": value}]
        entry["summary"] = value
        entry["summary_detail"] = {"type": "text/html"}
    elif "description" in parts:
        element = parts["description"]
        if element.attrib:
            raise _Unusual
        value = _text(element)
        entry["summary"] = value
        entry["summary_detail"] = {"type": "text/html"}
    return entry


def _atom_kind(element: Any) -> str:
    kind = element.get("type")
    if kind not in _ATOM_TYPES or element.get("mode") is not None or element.get("src"):
        raise _Unusual
    return _ATOM_TYPES[kind]


def _atom_link(parts_links: list[Any], base: str) -> tuple[str | None, list[dict[str, Any]]]:
    link = None
    links = []
    for element in parts_links:
        href = element.get("href")
        if not href:
            raise _Unusual
        rel = element.get("rel", "alternate")
        kind = element.get("type", "application/atom+xml" if rel == "self" else "text/html")
        href = _urljoin(base, href)
        links.append({"rel": rel, "type": kind, "href": href})
        if rel == "alternate" and kind.lower() in ("text/html", "application/xhtml+xml"):
            link = href
    return link, links


def _atom(root: Any, base: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    _check_tree(root)
    feed: dict[str, Any] = {}
    links = []
    title = None
    for child in root:
        if child.tag not in _ATOM_FEED:
            raise _Unusual
        if child.tag == f"{_A}link":
            links.append(child)
        elif child.tag == f"{_A}title":
            if title is not None:
                raise _Unusual
            title = child
    if title is not None:
        feed["title"] = _text(title)
        feed["title_detail"] = {"type": _atom_kind(title)}
    link, _ = _atom_link(links, base)
    if link is not None:
        feed["link"] = link
    lang = root.get(_XML_LANG)
    if lang is not None:
        feed["language"] = lang.replace("_", "-")
    entries = [_atom_entry(entry, base) for entry in root.iterfind(f"{_A}entry")]
    return feed, entries


def _atom_entry(element: Any, base: str) -> dict[str, Any]:
    if element.attrib:
        raise _Unusual
    entry: dict[str, Any] = {}
    links = []
    single: dict[str, Any] = {}
    for child in element:
        if child.tag not in _ATOM_ENTRY:
            raise _Unusual
        role = _ATOM_ENTRY[child.tag]
        if role is None:
            continue
        if role == "link":
            links.append(child)
        elif role in single:
            raise _Unusual
        else:
            single[role] = child
    if "guid" in single:
        value = _text(single["guid"])
        entry["id"] = _urljoin(base, value) if value else value
    link, entry_links = _atom_link(links, base)
    if link is not None:
        entry["link"] = link
    elif "guid" in single:
        entry["link"] = entry["id"]
    if entry_links:
        entry["links"] = entry_links
    if "title" in single:
        kind = _atom_kind(single["title"])
        value = _text(single["title"])
        if value:
            entry["title"] = value
            entry["title_detail"] = {"type": kind}
    for role in ("published", "updated"):
        if role in single:
            value = _text(single[role])
            entry[role] = value
            entry[f"{role}_parsed"] = _date(value)
    if "author" in single:
        author = single["author"]
        if author.attrib or len(author) != 1 or author[0].tag != f"{_A}name" \
                or (author.text or "").strip() or (author[0].tail or "").strip():
            raise _Unusual
        entry["author"] = _text(author[0])
    if "content" in single:
        kind = _atom_kind(single["content"])
        value = _text(single["content"])
        entry["content"] = [{"type": kind, "value": value}]
        if "summary" not in single:
            entry["summary"] = value
            entry["summary_detail"] = {"type": kind}
    if "summary" in single:
        kind = _atom_kind(single["summary"])
        entry["summary"] = _text(single["summary"])
        entry["summary_detail"] = {"type": kind}
    return entry
