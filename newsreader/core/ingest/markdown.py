"""Markdown stories, optionally with YAML front matter for their metadata.

Notes apps and static-site tools keep articles as Markdown with a front
matter block; the reader stores plain paragraphs, so the markup is removed
while the words (including link text and code) are kept.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from newsreader.core.errors import IngestError
from newsreader.core.ingest.bounded_yaml import YamlLimitError, safe_load_bounded
from newsreader.core.ingest.draft import ArticleDraft
from newsreader.core.ingest.markdown_inline import strip_inline
from newsreader.core.ingest.normalize import (
    clean_text,
    coerce_bool,
    normalize_tags,
    normalize_url,
    parse_date,
    shorten_title,
)
from newsreader.core.ingest.text import title_from_lead

_FRONT = re.compile(
    r"---[ \t]*\n(?P<yaml>.*?)(?:\n|^)(?:---|\.\.\.)[ \t]*(?:\n|$)", re.DOTALL | re.MULTILINE
)
_FENCE = re.compile(r"\s{0,3}(?P<mark>`{3,}|~{3,})")
_ATX = re.compile(r"\s{0,3}(?P<level>#{1,6})(?:\s+(?P<text>.*?))?\s*#*\s*")
_SETEXT = re.compile(r"\s{0,3}(?:=+|-+)\s*")
_RULE = re.compile(r"\s{0,3}(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})")
_BULLET = re.compile(r"\s*[-*+]\s+(?P<text>.*)")
_ORDERED = re.compile(r"\s*(?P<num>\d{1,9}[.)])\s+(?P<text>.*)")
_QUOTE = re.compile(r"\s{0,3}>\s?")
_REF_DEF = re.compile(r"\s{0,3}\[[^\]]+\]:\s*\S+.*")


def _yaml_problem(exc: yaml.YAMLError) -> str:
    """One line naming the problem and its line in the file (after the first ---)."""
    if isinstance(exc, yaml.MarkedYAMLError) and exc.problem:
        mark = exc.problem_mark
        where = f" at line {mark.line + 2}, column {mark.column + 1}" if mark else ""
        return f"{exc.problem}{where}"
    return " ".join(str(exc).split())


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Separate the YAML block from the body; a broken block is the user's to fix."""
    if not text.startswith("---"):
        return {}, text
    found = _FRONT.match(text)
    if not found:
        return {}, text
    try:
        data = safe_load_bounded(found["yaml"])
    except YamlLimitError as exc:
        raise IngestError(f"front matter refused: {exc}") from exc
    except yaml.YAMLError as exc:
        raise IngestError(f"front matter is not valid YAML: {_yaml_problem(exc)}") from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise IngestError("front matter must be a set of 'key: value' lines")
    return data, text[found.end():]


class _Blocks:
    """Collects converted blocks; headings are remembered for the title."""

    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.headings: list[tuple[int, int, str]] = []  # (block index, level, text)
        self.lines: list[str] = []
        self.joiner = " "

    def flush(self) -> None:
        if self.lines:
            block = self.joiner.join(self.lines).strip()
            if block:
                self.blocks.append(block)
        self.lines, self.joiner = [], " "

    def add(self, line: str, joiner: str = " ") -> None:
        if self.lines and self.joiner != joiner:
            self.flush()
        self.joiner = joiner
        self.lines.append(line)

    def heading(self, level: int, text: str) -> None:
        self.flush()
        text = strip_inline(text)
        if text:
            self.headings.append((len(self.blocks), level, text))
            self.blocks.append(text)


def _code_block(lines: list[str], start: int, mark: str, out: _Blocks) -> int:
    """Keep a fenced block's content verbatim; return the line after it."""
    out.flush()
    body: list[str] = []
    i = start + 1
    while i < len(lines) and not lines[i].strip().startswith(mark):
        body.append(lines[i].rstrip())
        i += 1
    content = "\n".join(body).strip("\n")
    if content.strip():
        out.blocks.append(content)
    return i + 1


def _list_item(line: str) -> str | None:
    bullet = _BULLET.fullmatch(line)
    if bullet and not _RULE.fullmatch(line):
        return "- " + strip_inline(bullet["text"])
    ordered = _ORDERED.fullmatch(line)
    if ordered:
        return f"{ordered['num']} {strip_inline(ordered['text'])}"
    return None


def _line(line: str, out: _Blocks) -> None:
    """Convert one line outside code fences into block content."""
    while _QUOTE.match(line):
        line = _QUOTE.sub("", line, count=1)
    atx = _ATX.fullmatch(line)
    if atx:
        out.heading(len(atx["level"]), atx["text"] or "")
    elif _SETEXT.fullmatch(line) and out.lines and out.joiner == " ":
        text = " ".join(out.lines)
        out.lines = []
        out.heading(1 if line.strip().startswith("=") else 2, text)
    elif _RULE.fullmatch(line) or _REF_DEF.fullmatch(line):
        out.flush()
    elif (item := _list_item(line)) is not None:
        out.add(item, "\n")
    elif line.strip():
        text = strip_inline(line)
        if out.joiner == "\n" and line[:1].isspace():  # a list item continues
            out.lines[-1] += " " + text
        elif text:
            out.add(text)
    else:
        out.flush()


def markdown_blocks(body: str) -> _Blocks:
    """Turn Markdown into plain-text blocks, one per paragraph, list or heading."""
    lines = body.split("\n")
    out = _Blocks()
    i = 0
    while i < len(lines):
        fence = _FENCE.match(lines[i])
        if fence:
            i = _code_block(lines, i, fence["mark"], out)
            continue
        _line(lines[i], out)
        i += 1
    out.flush()
    return out


def _pick(data: dict[str, Any], *keys: str) -> Any:
    for key in keys:
        if data.get(key) not in (None, ""):
            return data[key]
    return None


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, (list, dict)):
        return None
    text = " ".join(str(value).split())
    return text or None


def _title_and_body(data: dict[str, Any], converted: _Blocks) -> tuple[str, list[str]]:
    blocks = list(converted.blocks)
    title = _text(data.get("title"))
    if title:
        if converted.headings and converted.headings[0][0] == 0:
            if converted.headings[0][2].casefold() == title.casefold():
                del blocks[0]
        return title, blocks
    level_one = [h for h in converted.headings if h[1] == 1]
    first = level_one[0] if level_one else None
    if first is None and converted.headings and converted.headings[0][0] == 0:
        first = converted.headings[0]
    if first is not None:
        del blocks[first[0]]
        return first[2], blocks
    return (title_from_lead(blocks[0]) if blocks else ""), blocks


#: ``newsreader:`` in the front matter of the files of a Newsreader folder export.
EXPORT_ARTICLE = "article"
EXPORT_INDEX = "index"
#: The file of a folder export that lists its stories (and says what the collection is).
EXPORT_INDEX_NAME = "index.md"
#: An exported body line standing for an empty line that Markdown (or clean_text)
#: would otherwise merge with its neighbours.
EXPORT_BLANK_LINE = "<!-- -->"
#: The line after which an exported article's own text starts; above it are its
#: heading and the notes about it, shown to a reader (an older export has no such
#: line: all of its body is the text).
EXPORT_BODY_START = "<!-- text -->"
# The exporter backslash-escapes ASCII punctuation and writes characters that
# clean_text or Markdown would change (controls, edge spaces) as hex references.
_EXPORT_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])|&#x([0-9A-Fa-f]{1,6});")


def _unescape(found: re.Match[str]) -> str:
    if found[1] is not None:
        return found[1]
    code = int(found[2], 16)
    return chr(code) if code <= 0x10FFFF else found[0]


def decode_export_body(body: str) -> str:
    """The exact body text of a Newsreader-exported article (the exporter's inverse)."""
    lines = body.split("\n")
    if EXPORT_BODY_START in lines:  # the heading and notes above are shown, not stored
        body = "\n".join(lines[lines.index(EXPORT_BODY_START) + 1:])
    body = body.removeprefix("\n")
    return "\n".join(
        "" if line == EXPORT_BLANK_LINE else _EXPORT_ESCAPE.sub(_unescape, line)
        for line in body.split("\n")
    )


def _verbatim(value: Any) -> str | None:
    """A field of an exported file as it was written (no whitespace folding)."""
    if value is None or isinstance(value, (list, dict)):
        return None
    return value if isinstance(value, str) else str(value)


def _collections(data: dict[str, Any]) -> tuple[dict[str, str], dict[str, float]]:
    """Notes and positions by collection: the lists ``collections``, ``collection_notes``
    and ``collection_positions`` (in step), or the older ``collections: {name: {note,
    position}}``; or ``collection`` with ``collection_note`` and ``position``."""
    notes: dict[str, str] = {}
    positions: dict[str, float] = {}
    mapping = data.get("collections")
    if isinstance(mapping, list):
        mapping = _listed_collections(mapping, data.get("collection_notes"),
                                      data.get("collection_positions"))
    entries = list(mapping.items()) if isinstance(mapping, dict) else []
    single = _verbatim(data.get("collection"))
    if single and not any(str(name) == single for name, _ in entries):
        entries.append((single, {"note": data.get("collection_note"),
                                 "position": data.get("position")}))
    for name, entry in entries:
        name = str(name)
        if not name.strip() or not isinstance(entry, (dict, type(None))):
            continue
        entry = entry or {}
        note = entry.get("note")
        notes[name] = _verbatim(note) or ""
        position = _number(entry.get("position"))
        if position is not None:
            positions[name] = position
    return notes, positions


def _listed_collections(names: list[Any], notes: Any, positions: Any) -> dict[str, Any]:
    """``{name: {note, position}}`` from the lists of an exported article (a list that is
    not in step with the names, as an editor may leave it, is not used)."""
    def in_step(values: Any) -> list[Any]:
        ok = isinstance(values, list) and len(values) == len(names)
        return values if ok else [None] * len(names)

    return {str(name): {"note": note, "position": position}
            for name, note, position in zip(names, in_step(notes), in_step(positions),
                                            strict=True)
            if name is not None and not isinstance(name, (list, dict))}


def _number(value: Any) -> float | None:
    """A position: a number, or one written as text (as Obsidian may keep list items)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _exported_tags(data: dict[str, Any]) -> list[str]:
    """The exact collection names: ``collections`` (a list), else the older ``tags`` (in
    newer exports ``tags`` holds the names made into Obsidian tags)."""
    names = data.get("collections")
    return normalize_tags(names if isinstance(names, list) else data.get("tags"))


def _exported_draft(data: dict[str, Any], body: str, origin: str | None) -> ArticleDraft:
    """An article from a Newsreader folder export: every field exactly as exported."""
    notes, positions = _collections(data)
    return ArticleDraft(
        title=_verbatim(data.get("title")) or "",
        body_text=decode_export_body(body),
        source=_verbatim(data.get("source")),
        author=_verbatim(data.get("author")),
        url=normalize_url(_verbatim(data.get("url"))),
        guid=_verbatim(data.get("guid")),
        published_at=parse_date(_pick(data, "published_at", "published")),
        language=_verbatim(data.get("language")),
        tags=_exported_tags(data),
        note=_verbatim(data.get("note")) or "",
        is_read=coerce_bool(data.get("read")),
        is_starred=coerce_bool(data.get("starred")),
        origin=origin,
        collection_notes=notes,
        collection_positions=positions,
        added_at=_verbatim(data.get("added")),
    )


_COLOR = re.compile(r"#[0-9A-Fa-f]{6}")


def export_collection_details(raw: str) -> tuple[str, str, str | None] | None:
    """(name, description, colour) of the collection whose folder export's ``index.md``
    this is; None for any other file."""
    try:
        data, _ = split_front_matter(clean_text(raw, keep_spacing=True))
    except IngestError:
        return None
    name = _verbatim(data.get("collection"))
    if data.get("newsreader") != EXPORT_INDEX or not name or not name.strip():
        return None
    color = _verbatim(data.get("color"))
    return (name, _verbatim(data.get("description")) or "",
            color if color and _COLOR.fullmatch(color) else None)


def parse_markdown(raw: str, *, origin: str | None) -> list[ArticleDraft]:
    """Parse one Markdown article; raise IngestError when it has no text.

    A Newsreader folder export's ``index.md`` (``newsreader: index``) holds no
    article and gives none; its articles (``newsreader: article``) come back
    exactly as exported.
    """
    data, body = split_front_matter(clean_text(raw, keep_spacing=True))
    kind = data.get("newsreader")
    if kind == EXPORT_INDEX:
        return []
    if kind == EXPORT_ARTICLE:
        return [_exported_draft(data, body, origin)]
    title, blocks = _title_and_body(data, markdown_blocks(body))
    if not title and not blocks:
        raise IngestError("no article text in this file")
    draft = ArticleDraft(
        title=shorten_title(title, 300),
        body_text="\n\n".join(blocks),
        source=_text(data.get("source")),
        author=_text(data.get("author")),
        url=normalize_url(_text(_pick(data, "url", "link"))),
        guid=_text(data.get("guid")),
        published_at=parse_date(_pick(data, "published", "published_at", "date")),
        language=_text(data.get("language")),
        tags=normalize_tags(data.get("tags")),
        note=str(data.get("note") or "").strip(),
        is_read=coerce_bool(_pick(data, "is_read", "read")),
        is_starred=coerce_bool(_pick(data, "is_starred", "starred")),
        origin=origin,
    )
    draft.collection_notes, draft.collection_positions = _collections(data)
    return [draft]
