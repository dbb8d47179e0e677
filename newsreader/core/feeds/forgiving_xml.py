"""Reading the XML that programs write and XML parsers refuse, without its dangers.

Subscription lists (OPML) from real programs are often not well-formed: 80 of the 118
files of a popular public collection have a bare ``&`` in a title ("News & Views"),
others use HTML's ``&nbsp;``. A strict parser refuses each file whole. Here the bytes
are first repaired where the intent is plain (a bare ``&`` becomes ``&amp;``, an HTML
entity its character), then parsed by libxml2 in recovery mode, which reads on past
whatever is still broken. As in the strict parser: no DTD, no entities of the file's
own, nothing fetched from the network. libxml2's "huge" mode lets a tree be 2,048
levels deep instead of 256 (files nested 1,000 deep exist); the size limits it lifts
do not matter here, as callers refuse big files first and no entity is expanded.
"""

from __future__ import annotations

import html.entities
import re
from typing import Any

from lxml import etree

_XML_NAMED = {b"amp", b"lt", b"gt", b"quot", b"apos"}
_REFERENCE = re.compile(rb"&(#[0-9]{1,7};|#[xX][0-9A-Fa-f]{1,6};|[A-Za-z][A-Za-z0-9]{0,31};)?")
_UTF16_OR_32 = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")


class RefusedXml(Exception):
    """The document declares a DTD or entities: refused, as the strict parser does."""


def _repair_reference(found: re.Match[bytes]) -> bytes:
    reference = found[1]
    if reference is None:  # a bare "&"
        return b"&amp;"
    if reference.startswith(b"#"):
        return found[0]
    name = reference[:-1]
    if name in _XML_NAMED:
        return found[0]
    code = html.entities.name2codepoint.get(name.decode("ascii"))
    return f"&#{code};".encode("ascii") if code is not None else b"&amp;" + reference


def repair(data: bytes) -> tuple[bytes, int]:
    """``data`` with bare ``&`` escaped and HTML entities as character references, and
    how many were changed (files in UTF-16/32 are left as they are)."""
    if data.startswith(_UTF16_OR_32) or b"\x00" in data[:4]:
        return data, 0
    changed = 0

    def fix(found: re.Match[bytes]) -> bytes:
        nonlocal changed
        replacement = _repair_reference(found)
        changed += replacement != found[0]
        return replacement

    return _REFERENCE.sub(fix, data), changed


def parse_forgiving(data: bytes) -> tuple[Any, list[tuple[int, str]]]:
    """The root element of repaired ``data`` and what libxml2 still found wrong, as
    (line, message); RefusedXml for a DTD; ValueError when no element can be read."""
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True,
                             load_dtd=False, huge_tree=True, remove_comments=True,
                             remove_pis=True)
    repaired, _ = repair(data)
    root = etree.fromstring(repaired, parser)
    if root is None:
        raise ValueError("no element could be read")
    info = root.getroottree().docinfo
    if info.internalDTD is not None or info.doctype:
        raise RefusedXml("the file declares a DTD")
    problems = [(entry.line, " ".join(entry.message.split())) for entry in parser.error_log]
    return root, problems
