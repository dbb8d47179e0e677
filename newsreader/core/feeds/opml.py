"""OPML 2.0 subscription lists: read (defusedxml: no DTD, no entities) and write.

Folders are outlines without an ``xmlUrl``; nested folders read as "Outer/Inner".
Links that are not http(s) (file:, javascript:, bare paths...) are refused one by
one, so a list with one bad entry still imports the rest. A file that is not
well-formed XML (a bare ``&`` in a title is the usual reason) is read again by
:mod:`.forgiving_xml`, and what could still not be read is reported in ``problems``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from email.utils import formatdate
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from lxml import etree

from ..models import OpmlEntry, OpmlImport
from ..net.http import FetchError, check_url
from .forgiving_xml import RefusedXml, parse_forgiving
from .parse import FeedError

FOLDER_SEPARATOR = "/"
MAX_OPML_BYTES = 10 * 1024 * 1024
#: Folders deeper than this are read as this deep (their feeds are kept, one level up).
MAX_FOLDER_DEPTH = 20
#: at most this many parser complaints are reported, with a count of the rest
_SHOWN_PROBLEMS = 10
_FEED_ATTRIBUTE = re.compile(rb"\bxmlurl\s*=", re.IGNORECASE)


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def read_opml(data: bytes) -> OpmlImport:
    """Parse OPML bytes; FeedError if the file is not OPML or is dangerous XML."""
    if len(data) > MAX_OPML_BYTES:
        raise FeedError("OPML file too large (over 10 MiB)")
    problems: list[tuple[int, str]] = []
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise FeedError(
            f"refused: the OPML file declares a DTD or entities ({type(error).__name__})"
        ) from None
    except ET.ParseError as strict:
        root, problems = _forgiving(data, strict)
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
    _walk(body, result)
    if problems:
        _report(data, problems, result)
    return result


def _forgiving(data: bytes, strict: ET.ParseError) -> tuple[Any, list[tuple[int, str]]]:
    """The forgiving parse of a file the strict parser refused, and what was wrong."""
    try:
        root, problems = parse_forgiving(data)
    except RefusedXml:
        raise FeedError("refused: the OPML file declares a DTD or entities") from None
    except (etree.XMLSyntaxError, ValueError):
        raise FeedError(f"not a valid OPML file: {strict}") from None
    line = strict.position[0] if strict.position else 0
    return root, problems or [(line, str(strict).split(":")[0])]


def _report(data: bytes, problems: list[tuple[int, str]], result: OpmlImport) -> None:
    """Say what the forgiving parse repaired or passed over, and how many feeds the file
    names that it could not read; a file of which nothing was readable is refused."""
    named = len(_FEED_ATTRIBUTE.findall(data))
    result.skipped = max(0, named - len(result.entries) - len(result.refused))
    if not result.entries and not result.refused:
        line, message = problems[0]
        raise FeedError(f"not a valid OPML file: {message} (line {line})")
    first_line, first = problems[0]
    if not result.skipped:
        result.problems.append(f"not well-formed XML (line {first_line}: {first}); every feed "
                               "in it was read")
        return
    shown = [f"line {line}: {message}" for line, message in dict.fromkeys(problems)]
    more = len(shown) - _SHOWN_PROBLEMS
    result.problems.append(f"not well-formed XML; {result.skipped} feed"
                           f"{'s' * (result.skipped != 1)} in it could not be read:")
    result.problems += shown[:_SHOWN_PROBLEMS] + ([f"and {more} more"] if more > 0 else [])


def parse_opml(data: bytes) -> list[OpmlEntry]:
    """(url, title, folder, site_url) of each acceptable feed in the file."""
    return read_opml(data).entries


def _walk(body: Any, result: OpmlImport) -> None:
    """Every outline below ``body``, in document order, however deep (no recursion: a
    file nested 1,000 deep must not exhaust Python's stack)."""
    stack: list[tuple[Iterator[Any], list[str]]] = [(iter(body), [])]
    flattened = False
    while stack:
        children, folders = stack[-1]
        outline = next(children, None)
        if outline is None:
            stack.pop()
            continue
        if _local(outline.tag) != "outline":
            continue
        name, url = _read_outline(outline, folders, result)
        inner = folders
        if name and not url:
            if len(folders) < MAX_FOLDER_DEPTH:
                inner = [*folders, name.replace(FOLDER_SEPARATOR, "-")]
            else:
                flattened = True
        stack.append((iter(outline), inner))
    if flattened:
        result.problems.append(f"folders nested more than {MAX_FOLDER_DEPTH} deep were read "
                               f"as {MAX_FOLDER_DEPTH} deep")


def _read_outline(outline: Any, folders: list[str], result: OpmlImport) -> tuple[str | None, str]:
    """Record the feed this outline names, if any; (its name, its feed link or "")."""
    attrs = {k.rsplit("}", 1)[-1].lower(): v for k, v in outline.attrib.items()}
    name = " ".join((attrs.get("title") or attrs.get("text") or "").split()) or None
    url = (attrs.get("xmlurl") or "").strip()
    if url:
        try:
            checked = check_url(_unfeed(url))
        except FetchError as error:
            result.refused.append((url, str(error)))
            return name, url
        site = attrs.get("htmlurl")
        try:
            site = check_url(site) if site else None
        except FetchError:
            site = None
        result.entries.append(OpmlEntry(checked, name, FOLDER_SEPARATOR.join(folders) or None,
                                        site))
    return name, url


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
        path: tuple[str, ...] = tuple(
            p for p in (folder or "").split(FOLDER_SEPARATOR) if p.strip()
        )
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
