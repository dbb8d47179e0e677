"""Markdown exports: a folder of article files with an index, or one digest file.

Front matter is written by PyYAML (never by string formatting), so any title,
tag or note - colons, "---", quotes, backslashes, control characters, U+2028 -
reads back as the same value. Text shown as Markdown (headings, link text, the
body) is escaped so it renders as itself. Article bodies are escaped
reversibly: the Markdown importer's ``decode_export_body`` gives back the exact
text (see :func:`encode_body`), which is what makes a folder export import
back without loss.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import quote

import yaml

from ..models import CollectionInfo
from .source import ExportItem
from newsreader.core.ingest.markdown import (
    EXPORT_ARTICLE,
    EXPORT_BLANK_LINE,
    EXPORT_INDEX,
)
from newsreader.core.ingest.normalize import clean_text

INDEX_NAME = "index.md"

_BASE_DUMPER: type = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_BASE_DUMPER):  # type: ignore[misc, valid-type]
    """Safe dumper that double-quotes any string a line-based tool could change.

    Plain and single-quoted YAML keep line breaks and edge spaces literally,
    where clean_text (run on every imported file) or an editor would fold or
    trim them; double-quoted YAML writes them as escapes.
    """


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    risky = not value.isprintable() or value != value.strip() or "\ufeff" in value
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"' if risky else None)


def _represent_float(dumper: yaml.SafeDumper, value: float) -> yaml.ScalarNode:
    if value.is_integer() and abs(value) < 2**53:
        return dumper.represent_int(int(value))
    return dumper.represent_float(value)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(float, _represent_float)


def dump_yaml(data: dict[str, Any]) -> str:
    """YAML for ``data`` that survives the importer's clean_text byte for byte.

    clean_text normalises to NFC and drops a BOM; text that it would change
    is written with every non-ASCII character escaped instead.
    """
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     width=1_000_000, default_flow_style=False)
    if clean_text(text, keep_spacing=True) != text.strip():
        text = yaml.dump(data, Dumper=_Dumper, allow_unicode=False, sort_keys=False,
                         width=1_000_000, default_flow_style=False)
    return text


def front_matter(data: dict[str, Any]) -> str:
    return "---\n" + dump_yaml(data) + "---\n"


# -- escaping -----------------------------------------------------------------------

# Inline Markdown (and Obsidian "#tag") syntax, escaped wherever it appears.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>#&~|!])")
# Characters Markdown or clean_text would change or drop: C0/C1 controls (tab is
# kept inside a line), BOM, and the line separators some editors break lines at.
_BODY_CHANGED = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\ufeff\u2028\u2029]")
# A line start that would begin a block: list bullets, setext underlines, ordered items.
_BLOCK_START = re.compile(r"([-+=])|(\d{1,9})([.)])")


def _ref(char: str) -> str:
    return f"&#x{ord(char):X};"


def _escape_nfc_safe(line: str) -> str:
    if unicodedata.is_normalized("NFC", line):
        return _BODY_CHANGED.sub(lambda m: _ref(m[0]), _INLINE_SPECIAL.sub(r"\\\1", line))
    pieces = []
    for char in line:
        if char.isascii():
            piece = _INLINE_SPECIAL.sub(r"\\\1", char)
            pieces.append(_BODY_CHANGED.sub(lambda m: _ref(m[0]), piece))
        else:
            pieces.append(_ref(char))
    return "".join(pieces)


def _encode_line(line: str) -> str:
    """One body line as Markdown text that renders as itself and decodes to itself."""
    stripped = line.strip()  # str.strip: what clean_text and Markdown trim
    start = len(line) - len(line.lstrip())
    end = start + len(stripped)
    lead = "".join(_ref(c) for c in line[:start])
    trail = "".join(_ref(c) for c in line[end:])
    middle = _escape_nfc_safe(stripped)
    block = _BLOCK_START.match(stripped)
    if block:
        if block[1]:
            middle = "\\" + middle
        else:
            middle = block[2] + "\\" + middle[len(block[2]):]
    return lead + middle + trail


def encode_body(text: str) -> str:
    """Body text as Markdown paragraphs; ``decode_export_body`` inverts it exactly.

    Paragraphs stay paragraphs. Markdown punctuation is backslash-escaped;
    leading and trailing spaces, control characters and line separators
    become character references; an empty line that would merge with another
    (or vanish at either end) becomes an HTML comment.
    """
    if not text:
        return ""
    lines = text.split("\n")
    out = []
    last = len(lines) - 1
    for n, line in enumerate(lines):
        if line == "":
            blank_ok = 0 < n < last and lines[n - 1] != ""
            out.append("" if blank_ok else EXPORT_BLANK_LINE)
        else:
            out.append(_encode_line(line))
    return "\n".join(out)


_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff]")


def escape_inline(text: str) -> str:
    """Text for a heading, link text or metadata line: one line, rendered as itself.

    Line breaks become spaces and control characters are left out (neither is
    visible in rendered Markdown); the exact value is in the front matter.
    """
    text = " ".join(_CONTROLS.sub("", text).split())
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    block = _BLOCK_START.match(text)
    if block:  # a list item's text starting "1." or "-" is still a list marker
        text = "\\" + text if block[1] else block[2] + "\\" + text[len(block[2]):]
    return text


def link_target(name: str) -> str:
    """A relative link to a file of the export (percent-encoded, so any name works)."""
    return quote(name, safe="")


def _paragraphs(text: str) -> str:
    """Free text (a description or note) as escaped Markdown paragraphs."""
    return encode_body(text.strip("\n"))


def _quote_block(text: str) -> str:
    return "\n".join("> " + line if line else ">" for line in _paragraphs(text).split("\n"))


# -- one article --------------------------------------------------------------------

def article_front_matter(item: ExportItem, collection: str | None,
                         collections: Iterable[tuple[str, str, float | None]]) -> dict[str, Any]:
    a = item.article
    data: dict[str, Any] = {
        "newsreader": EXPORT_ARTICLE,
        "title": a.title,
        "source": a.source,
        "author": a.author,
        "url": a.url,
        "published": a.published_at,
        "added": a.added_at,
        "language": a.language,
        "guid": a.guid,
        "read": bool(a.is_read),
        "starred": bool(a.is_starred),
        "tags": list(a.tags),
        "suggested_tags": list(item.suggested_tags) or None,
        "entities": {label: list(names) for label, names in item.entities.items()},
    }
    if collection is not None:
        data["collection"] = collection
        data["position"] = item.position
        data["collection_note"] = item.note
    data["note"] = a.note or ""
    data["collections"] = {name: {"note": note or "", "position": position}
                           for name, note, position in collections}
    if item.also_reported_by:  # the story's other copies
        data["also_reported_by"] = [{k: v for k, v in (("source", source), ("url", url)) if v}
                                    for source, url in item.also_reported_by]
    return {k: v for k, v in data.items() if v is not None}


def article_file(item: ExportItem, collection: str | None,
                 collections: Iterable[tuple[str, str, float | None]]) -> str:
    body = encode_body(item.article.body_text or "")
    head = front_matter(article_front_matter(item, collection, collections))
    return head + "\n" + body + "\n" if body else head


# -- metadata line -------------------------------------------------------------------

def metadata_line(item: ExportItem) -> str:
    a = item.article
    parts = [escape_inline(p) for p in (a.source, a.author) if p]
    if a.published_at:
        parts.append(escape_inline(a.published_at[:10]))
    if a.url:
        parts.append(f"<{a.url}>" if _SAFE_URL.fullmatch(a.url) else escape_inline(a.url))
    if a.tags:
        parts.append("tags: " + ", ".join(escape_inline(t) for t in a.tags))
    if item.suggested_tags:
        parts.append("suggested: " + ", ".join(escape_inline(t) for t in item.suggested_tags))
    return " · ".join(parts)


_SAFE_URL = re.compile(r"https?://[^\s<>\x00-\x1f\x7f]+")


# -- index.md -----------------------------------------------------------------------

def index_entry(n: int, item: ExportItem, name: str) -> str:
    """The index line of the n-th article, linking to its file ``name``."""
    text = escape_inline(item.article.title) or "(untitled)"
    meta = metadata_line(item)
    return f"{n}. [{text}]({link_target(name)})" + (f" — {meta}" if meta else "")


def index_text(title: str, info: CollectionInfo | None, query: str | None,
               entries: list[str]) -> str:
    """``index.md``: the export's title, the collection description, then every story
    in order (``entries`` from :func:`index_entry`)."""
    data: dict[str, Any] = {"newsreader": EXPORT_INDEX, "title": title}
    if info is not None:
        data["collection"] = info.name
        data["description"] = info.description or ""
        if info.color:
            data["color"] = info.color
    if query is not None:
        data["query"] = query
    data["count"] = len(entries)
    lines = [front_matter(data), f"# {escape_inline(title) or 'Export'}", ""]
    if info is not None and info.description.strip():
        lines += [_paragraphs(info.description), ""]
    lines += entries
    return "\n".join(lines).rstrip("\n") + "\n"


# -- digest -------------------------------------------------------------------------

def _summary(body: str, limit: int = 600) -> str:
    first = next((p for p in body.split("\n\n") if p.strip()), "")
    first = " ".join(first.split())
    if len(first) <= limit:
        return first
    cut = first[:limit].rsplit(" ", 1)[0]
    return cut + " …"


def digest_header(title: str, info: CollectionInfo | None, query: str | None,
                  items: list[ExportItem]) -> str:
    lines = [f"# {escape_inline(title) or 'Export'}", ""]
    if info is not None and info.description.strip():
        lines += [_paragraphs(info.description), ""]
    if query is not None:
        lines += [f"Search: `{query}`" if "`" not in query else
                  f"Search: {escape_inline(query)}", ""]
    if items:
        lines += ["## Contents", ""]
        for n, item in enumerate(items, start=1):
            text = escape_inline(item.article.title) or "(untitled)"
            lines.append(f"{n}. [{text}](#story-{n})")
        lines.append("")
    return "\n".join(lines) + "\n"


def digest_story(n: int, item: ExportItem, *, full_text: bool) -> str:
    a = item.article
    lines = [f'<a id="story-{n}"></a>', "",
             f"## {n}. {escape_inline(a.title) or '(untitled)'}", ""]
    meta = metadata_line(item)
    if meta:
        lines += [meta, ""]
    if item.note.strip():
        lines += [_quote_block(item.note), ""]
    if a.note.strip():
        lines += ["*Note:* " + escape_inline(a.note), ""]
    body = a.body_text if full_text else _summary(a.body_text or "")
    if body.strip():
        lines += [encode_body(body.strip("\n")), ""]
    return "\n".join(lines) + "\n"


def write_digest(write: Callable[[str], None], title: str, info: CollectionInfo | None,
                 query: str | None, items: list[ExportItem], *, full_text: bool,
                 step: Callable[[int], None]) -> None:
    write(digest_header(title, info, query, items))
    for n, item in enumerate(items, start=1):
        write(digest_story(n, item, full_text=full_text))
        step(n)
