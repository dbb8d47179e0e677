"""Markdown exports: a folder of article files with an index, or one digest file.

Front matter is written by PyYAML (never by string formatting), so any title,
tag or note - colons, "---", quotes, backslashes, control characters, U+2028 -
reads back as the same value; its properties are the flat kinds Obsidian shows.
Text shown as Markdown (headings, link text, the body) is escaped so it renders
as itself in CommonMark, in Pandoc's Markdown and in Obsidian. Article bodies are escaped
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

from newsreader.core.ingest.markdown import (
    EXPORT_ARTICLE,
    EXPORT_BLANK_LINE,
    EXPORT_BODY_START,
    EXPORT_INDEX,
    EXPORT_INDEX_NAME,
)
from newsreader.core.ingest.normalize import clean_text

from ..models import CollectionInfo
from .source import ExportItem
from .timeline import timeline_image

INDEX_NAME = EXPORT_INDEX_NAME

_BASE_DUMPER: type = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_BASE_DUMPER):
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

# Inline syntax of CommonMark, Pandoc's Markdown (citations "@key", math "$x$",
# superscripts "^x^", attributes "{#id}") and Obsidian ("#tag", "^block"), escaped
# wherever it appears; so are runs of "-" (Pandoc's en and em dashes), "=" (Obsidian's
# highlight "==x==") and "%" (Obsidian's comment "%%x%%").
_INLINE_SPECIAL = re.compile(r"[\\`*_\[\]<>#&~|!@$^{}]|(?<=-)-|(?<==)=|(?<=%)%")
# Characters Markdown or clean_text would change or drop: C0/C1 controls (tab is
# kept inside a line), BOM, and the line separators some editors break lines at.
_BODY_CHANGED = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\ufeff\u2028\u2029]")
# A line start that would begin a block: list bullets, setext underlines, Pandoc's
# definitions and fenced divs (":"), example lists "(@)", title block "%"; ordered
# items "1." and Pandoc's lettered and roman ones "a)", "iv.".
_BLOCK_START = re.compile(
    r"([-+=:(%])|(\d{1,9})([.)])|([A-Za-z]|[ivxlcdm]+|[IVXLCDM]+)([.)])(?=\s|$)")


def _escape_char(found: re.Match[str]) -> str:
    return "\\" + found[0]


def _escape_block_start(text: str, escaped: str) -> str:
    """``escaped`` (the escaped ``text``) with a block marker at its start made text."""
    block = _BLOCK_START.match(text)
    if block is None:
        return escaped
    if block[1]:
        return "\\" + escaped
    marker = block[2] or block[4]  # digits and letters are never escaped themselves
    return marker + "\\" + escaped[len(marker):]


def _ref(char: str) -> str:
    return f"&#x{ord(char):X};"


def _escape_nfc_safe(line: str) -> str:
    escaped = _INLINE_SPECIAL.sub(_escape_char, line)
    if not unicodedata.is_normalized("NFC", line):  # clean_text would compose it
        escaped = "".join(c if c.isascii() else _ref(c) for c in escaped)
    return _BODY_CHANGED.sub(lambda m: _ref(m[0]), escaped)


def _encode_line(line: str) -> str:
    """One body line as Markdown text that renders as itself and decodes to itself."""
    stripped = line.strip()  # str.strip: what clean_text and Markdown trim
    start = len(line) - len(line.lstrip())
    end = start + len(stripped)
    lead = "".join(_ref(c) for c in line[:start])
    trail = "".join(_ref(c) for c in line[end:])
    return lead + _escape_block_start(stripped, _escape_nfc_safe(stripped)) + trail


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
    # a list item's text starting "1." or "-" is still a list marker
    return _escape_block_start(text, _INLINE_SPECIAL.sub(_escape_char, text))


def link_target(name: str) -> str:
    """A relative link to a file of the export (percent-encoded, so any name works)."""
    return quote(name, safe="")


def _paragraphs(text: str) -> str:
    """Free text (a description or note) as escaped Markdown paragraphs."""
    return encode_body(text.strip("\n"))


def _quote_block(text: str) -> str:
    return "\n".join("> " + line if line else ">" for line in _paragraphs(text).split("\n"))


# -- one article --------------------------------------------------------------------
# An article file is an Obsidian note: its front matter uses only Obsidian's property
# types (text, list, number, checkbox, date), its tags are valid Obsidian tags (the
# exact collection names are in ``collections``), its title is an alias and a heading,
# and the notes about it show in the page. The story's own text follows
# ``EXPORT_BODY_START``, encoded so that the importer gets it back exactly.

_TAG_JOINS = re.compile(r"-{2,}")


def obsidian_tag(name: str) -> str | None:
    """A collection name as an Obsidian tag: letters, digits, "_" and "-" only (spaces and
    other punctuation become "-"), not all digits; None when nothing is left."""
    text = unicodedata.normalize("NFC", name)
    kept = "".join(c if unicodedata.category(c)[0] in "LNM" or c in "_-" else "-" for c in text)
    tag = _TAG_JOINS.sub("-", kept).strip("-")
    if not tag:
        return None
    return "_" + tag if tag.isdigit() else tag


def obsidian_tags(names: Iterable[str]) -> list[str]:
    tags = (obsidian_tag(name) for name in names)
    return list(dict.fromkeys(t for t in tags if t))


def _also_reported(source: str | None, url: str | None) -> str:
    return " ".join(part for part in (source, url) if part)


def article_front_matter(item: ExportItem, collection: str | None,
                         collections: Iterable[tuple[str, str, float | None]]) -> dict[str, Any]:
    a = item.article
    links = {name: (note, position) for name, note, position in collections}
    names = list(dict.fromkeys([*a.tags, *links]))
    published = a.published_at
    data: dict[str, Any] = {
        "newsreader": EXPORT_ARTICLE,
        "title": a.title,
        "aliases": [" ".join(a.title.split())] if a.title.strip() else None,
        "source": a.source,
        "author": a.author,
        "url": a.url,
        "published": published[:10] if published else None,  # an Obsidian date
        "published_at": published if published and len(published) > 10 else None,
        "added": a.added_at,
        "language": a.language,
        "guid": a.guid,
        "read": bool(a.is_read),
        "starred": bool(a.is_starred),
        "tags": obsidian_tags(names),
        "collections": names,
        "collection_notes": [links.get(n, ("", None))[0] or "" for n in names],
        "collection_positions": [links.get(n, ("", None))[1] for n in names],
        "suggested_tags": list(item.suggested_tags) or None,
    }
    if collection is not None:
        data["collection"] = collection
        data["position"] = item.position
        data["collection_note"] = item.note
    data["note"] = a.note or ""
    for label, entity_names in item.entities.items():
        data[f"entities_{label.lower()}"] = list(entity_names)
    if item.also_reported_by:  # the story's other copies
        data["also_reported_by"] = [_also_reported(source, url)
                                    for source, url in item.also_reported_by]
    return {k: v for k, v in data.items() if v is not None}


def _callout(title: str, text: str) -> str:
    """An Obsidian callout (elsewhere a quotation whose first line names it)."""
    return "\n".join([f"> [!note] {title}", *_quote_block(text).split("\n")])


def article_page(item: ExportItem, collection: str | None,
                 collections: list[tuple[str, str, float | None]], index_link: str) -> str:
    """What a reader sees above the story's text: its title, where it belongs, the
    notes about it (why it is in the exported collection, then in others; its own)."""
    a = item.article
    lines = [f"# {escape_inline(a.title) or '(untitled)'}", ""]
    meta = metadata_line(item)
    lines += [index_link + (f" · {meta}" if meta else ""), ""]
    notes = sorted(((name, note) for name, note, _ in collections if (note or "").strip()),
                   key=lambda pair: pair[0] != collection)
    for name, note in notes:
        lines += [_callout(f"Why it is in “{escape_inline(name)}”", note), ""]
    if a.note.strip():
        lines += [_callout("Note", a.note), ""]
    return "\n".join(lines)


def article_file(item: ExportItem, collection: str | None,
                 collections: Iterable[tuple[str, str, float | None]],
                 index_link: str) -> str:
    collections = list(collections)
    head = front_matter(article_front_matter(item, collection, collections))
    body = encode_body(item.article.body_text or "")
    page = article_page(item, collection, collections, index_link)
    return f"{head}\n{page}\n{EXPORT_BODY_START}\n" + (body + "\n" if body else "")


def wikilink(name: str, text: str) -> str:
    """An Obsidian link to the export's file ``name``, shown as ``text`` (one line, without
    the characters that end a wikilink)."""
    shown = " ".join(re.sub(r"[\[\]|#^]", " ", _CONTROLS.sub("", text)).split())
    target = name.removesuffix(".md")
    return f"[[{target}|{shown}]]" if shown and shown != target else f"[[{target}]]"


def file_link(name: str, text: str, links: str) -> str:
    """A link to the export's file ``name``: a wikilink (``links="wiki"``) or Markdown."""
    if links == "wiki":
        return wikilink(name, text)
    return f"[{escape_inline(text) or '(untitled)'}]({link_target(name)})"


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

def index_entry(n: int, item: ExportItem, name: str, links: str = "markdown") -> str:
    """The index line of the n-th article, linking to its file ``name`` (a wikilink when
    ``links="wiki"``)."""
    meta = metadata_line(item)
    return (f"{n}. {file_link(name, item.article.title, links)}"
            + (f" — {meta}" if meta else ""))


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
# The contents link to each story through an identifier that Pandoc (HTML, DOCX, ODT:
# a bookmark) and CommonMark renderers both honour: an empty span inside the heading.

def _summary(body: str, limit: int = 600) -> str:
    first = next((p for p in body.split("\n\n") if p.strip()), "")
    first = " ".join(first.split())
    if len(first) <= limit:
        return first
    cut = first[:limit].rsplit(" ", 1)[0]
    return cut + " …"


def story_anchor(n: int) -> str:
    """The identifier of the n-th story of a digest (the contents link to ``#`` it)."""
    return f"story-{n}"


def digest_header(title: str, info: CollectionInfo | None, query: str | None,
                  items: list[ExportItem], *, contents: bool = True,
                  timeline: bool = False) -> str:
    lines = [f"# {escape_inline(title) or 'Export'}", ""]
    if info is not None and info.description.strip():
        lines += [_paragraphs(info.description), ""]
    picture = timeline_image((i.article.published_at or i.article.added_at for i in items),
                             info.color if info else None) if timeline else ""
    if picture:
        lines += [picture, ""]
    if query is not None:
        lines += [f"Search: `{query}`" if "`" not in query else
                  f"Search: {escape_inline(query)}", ""]
    if items and contents:
        lines += ["## Contents", ""]
        for n, item in enumerate(items, start=1):
            text = escape_inline(item.article.title) or "(untitled)"
            lines.append(f"{n}. [{text}](#{story_anchor(n)})")
        lines.append("")
    return "\n".join(lines) + "\n"


def digest_story(n: int, item: ExportItem, *, full_text: bool) -> str:
    a = item.article
    lines = [f'## <span id="{story_anchor(n)}"></span>{n}. '
             f"{escape_inline(a.title) or '(untitled)'}", ""]
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


def memo_story(item: ExportItem) -> str:
    """One story of a memo: its headline (linking to the story when it has an address),
    its source and date, and its first paragraph."""
    a = item.article
    headline = escape_inline(a.title) or "(untitled)"
    if a.url and _SAFE_URL.fullmatch(a.url):
        headline = f"[{headline}](<{a.url}>)"
    lines = [f"## {headline}", ""]
    byline = [escape_inline(p) for p in (a.source, (a.published_at or "")[:10]) if p]
    if byline:
        lines += ["*" + " · ".join(byline) + "*", ""]
    first = _summary(a.body_text or "", limit=1200)
    if first:
        lines += [encode_body(first), ""]
    return "\n".join(lines) + "\n"


def write_digest(write: Callable[[str], object], title: str, info: CollectionInfo | None,
                 query: str | None, items: list[ExportItem], *, full_text: bool,
                 step: Callable[[int], None], memo: bool = False,
                 timeline: bool = False) -> None:
    """The digest: title, description, contents, then every story (its body, or its first
    paragraph unless ``full_text``); a ``memo`` is a brief: no contents, each story its
    headline, source and date, and first paragraph. ``timeline``: a picture of the
    stories per week under the description."""
    write(digest_header(title, info, query, items, contents=not memo, timeline=timeline))
    for n, item in enumerate(items, start=1):
        write(memo_story(item) if memo else digest_story(n, item, full_text=full_text))
        step(n)
