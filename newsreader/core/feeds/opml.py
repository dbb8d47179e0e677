"""OPML 2.0 subscription lists: read (defusedxml: no DTD, no entities) and write.

Folders are outlines without an ``xmlUrl``; nested folders read as "Outer/Inner".
Links that are not http(s) (file:, javascript:, bare paths...) are refused one by
one, so a list with one bad entry still imports the rest.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from email.utils import formatdate
from typing import Any, NamedTuple

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from ..net.http import FetchError, check_url
from .parse import FeedError

FOLDER_SEPARATOR = "/"
MAX_OPML_BYTES = 10 * 1024 * 1024


class OpmlEntry(NamedTuple):
    url: str
    title: str | None
    folder: str | None
    site_url: str | None = None


@dataclass(slots=True)
class OpmlImport:
    title: str | None = None
    entries: list[OpmlEntry] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (url, reason)


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def read_opml(data: bytes) -> OpmlImport:
    """Parse OPML bytes; FeedError if the file is not OPML or is dangerous XML."""
    if len(data) > MAX_OPML_BYTES:
        raise FeedError("OPML file too large (over 10 MiB)")
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise FeedError(f"refused: the OPML file declares a DTD or entities ({type(error).__name__})") from None
    except ET.ParseError as error:
        raise FeedError(f"not a valid OPML file: {error}") from None
    if _local(root.tag) != "opml":
        raise FeedError("not an OPML file (its root element is not <opml>)")
    result = OpmlImport()
    head = next((c for c in root if _local(c.tag) == "head"), None)
    if head is not None:
        title = next((c for c in head if _local(c.tag) == "title"), None)
        result.title = " ".join((title.text or "").split()) or None if title is not None else None
    body = next((c for c in root if _local(c.tag) == "body"), None)
    if body is None:
        raise FeedError("not a valid OPML file: it has no <body>")
    _walk(body, [], result)
    return result


def parse_opml(data: bytes) -> list[OpmlEntry]:
    """(url, title, folder, site_url) of each acceptable feed in the file."""
    return read_opml(data).entries


def _walk(parent: Any, folders: list[str], result: OpmlImport) -> None:
    for outline in parent:
        if _local(outline.tag) != "outline":
            continue
        attrs = {k.rsplit("}", 1)[-1].lower(): v for k, v in outline.attrib.items()}
        name = " ".join((attrs.get("title") or attrs.get("text") or "").split()) or None
        url = (attrs.get("xmlurl") or "").strip()
        if url:
            try:
                url = check_url(_unfeed(url))
            except FetchError as error:
                result.refused.append((url, str(error)))
                continue
            site = attrs.get("htmlurl")
            try:
                site = check_url(site) if site else None
            except FetchError:
                site = None
            folder = FOLDER_SEPARATOR.join(folders) or None
            result.entries.append(OpmlEntry(url, name, folder, site))
        _walk(outline, folders + [name.replace(FOLDER_SEPARATOR, "-")] if (name and not url)
              else folders, result)


def _unfeed(url: str) -> str:
    """feed://host/x and feed:https://host/x, as some sites write them, as web links."""
    lowered = url.lower()
    if lowered.startswith("feed:http://") or lowered.startswith("feed:https://"):
        return url[5:]
    if lowered.startswith("feed://"):
        return "http://" + url[7:]
    return url


def export_opml(feeds: Iterable[Any], *, title: str = "Newsreader subscriptions") -> bytes:
    """OPML 2.0 of feeds given as objects or tuples with url, title, folder (, site_url)."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    ET.SubElement(head, "dateCreated").text = formatdate(usegmt=True)
    body = ET.SubElement(root, "body")
    folders: dict[tuple[str, ...], ET.Element] = {(): body}
    for feed in sorted((_fields(f) for f in feeds), key=lambda f: ((f[2] or "").lower(),
                                                                 (f[1] or f[0]).lower())):
        url, name, folder, site = feed
        path: tuple[str, ...] = tuple(p for p in (folder or "").split(FOLDER_SEPARATOR) if p.strip())
        for depth in range(1, len(path) + 1):
            key = path[:depth]
            if key not in folders:
                folders[key] = ET.SubElement(folders[key[:-1]], "outline",
                                             text=key[-1], title=key[-1])
        attrs = {"type": "rss", "text": name or url, "title": name or url, "xmlUrl": url}
        if site:
            attrs["htmlUrl"] = site
        ET.SubElement(folders[path], "outline", attrs)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _fields(feed: Any) -> tuple[str, str | None, str | None, str | None]:
    if isinstance(feed, tuple):
        url, name, folder, *rest = feed
        return url, name, folder, (rest[0] if rest else None)
    return feed.url, feed.title, feed.folder, getattr(feed, "site_url", None)
