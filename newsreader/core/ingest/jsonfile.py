"""JSON articles: one object, an array of them, or JSON Lines.

The object shape is the one ``newsreader show --json`` prints, so an export
can be read back. JSON Lines files are often appended to by scripts; one
broken line must not cost the user every other article in the file.
"""

from __future__ import annotations

import json
from typing import Any

from newsreader.core.errors import IngestError
from newsreader.core.ingest.draft import ArticleDraft
from newsreader.core.ingest.normalize import (
    clean_text,
    coerce_bool,
    normalize_tags,
    normalize_url,
    parse_date,
    shorten_title,
)
from newsreader.core.ingest.text import title_from_lead

_BODY_KEYS = ("body_text", "body", "text", "content")
_TEXT_FIELDS = ("title", "source", "author", "guid", "language")


class _BadItem(ValueError):
    """One object that cannot become an article; the message says why."""


def _pick(item: dict[str, Any], *keys: str) -> Any:
    for key in keys:
        if item.get(key) not in (None, ""):
            return item[key]
    return None


def _scalar(item: dict[str, Any], key: str, value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (dict, list)):
        raise _BadItem(f"field '{key}' must be text")
    return " ".join(str(value).split()) or None


def _body(item: dict[str, Any]) -> str:
    for key in _BODY_KEYS:
        value = item.get(key)
        if value in (None, ""):
            continue
        if not isinstance(value, str):
            raise _BadItem(f"field '{key}' must be text")
        return clean_text(value)
    return ""


def draft_from_object(item: Any, origin: str | None) -> ArticleDraft:
    """Map one exported object onto a draft; raise _BadItem when unusable."""
    if not isinstance(item, dict):
        raise _BadItem(f"expected an object, got {type(item).__name__}")
    fields = {key: _scalar(item, key, item.get(key)) for key in _TEXT_FIELDS}
    body = _body(item)
    title = fields["title"]
    if not title and not body:
        raise _BadItem("no title and no body text")
    if not title:
        title = title_from_lead(body.split("\n\n", 1)[0])
    html = item.get("body_html")
    return ArticleDraft(
        title=shorten_title(title, 300),
        body_text=body,
        source=fields["source"],
        author=fields["author"],
        url=normalize_url(_scalar(item, "url", _pick(item, "url", "link"))),
        guid=fields["guid"],
        published_at=parse_date(_pick(item, "published_at", "published", "date")),
        language=fields["language"],
        body_html=html if isinstance(html, str) and html.strip() else None,
        tags=normalize_tags(item.get("tags")),
        note=str(item.get("note") or "").strip(),
        is_read=coerce_bool(item.get("is_read")),
        is_starred=coerce_bool(item.get("is_starred")),
        origin=origin,
    )


def _describe(error: json.JSONDecodeError) -> str:
    return f"{error.msg} at line {error.lineno}, column {error.colno}"


def _from_document(
    document: Any, origin: str | None
) -> tuple[list[ArticleDraft], list[str]]:
    if isinstance(document, dict):
        items, label = [document], "object"
    elif isinstance(document, list):
        items, label = document, "item"
    else:
        raise IngestError(f"JSON holds a {type(document).__name__}, not articles")
    drafts: list[ArticleDraft] = []
    problems: list[str] = []
    for number, item in enumerate(items, start=1):
        try:
            drafts.append(draft_from_object(item, origin))
        except _BadItem as exc:
            where = f"item {number}" if label == "item" else "the object"
            problems.append(f"{where}: {exc}")
    return drafts, problems


class BadLine(ValueError):
    """One JSON Lines line that holds no usable article; the message says why."""


def is_object_line(line: str) -> bool:
    """Whether a line is one whole JSON object: how a JSON Lines file starts."""
    try:
        return isinstance(json.loads(line), dict)
    except json.JSONDecodeError:
        return False


def _looks_like_lines(raw: str) -> bool:
    """JSON Lines if there are several lines and the first one is an object."""
    lines = [line for line in raw.splitlines() if line.strip()]
    return len(lines) >= 2 and is_object_line(lines[0])


def draft_from_line(line: str, origin: str | None) -> ArticleDraft:
    """Parse one JSON Lines line; raise BadLine, without the line number, if unusable.

    Shared by whole-file parsing and the streaming reader in files.py, so
    both report a bad line in the same words.
    """
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        raise BadLine(f"not valid JSON ({exc.msg}, column {exc.colno})") from None
    try:
        return draft_from_object(item, origin)
    except _BadItem as exc:
        raise BadLine(str(exc)) from None


def _from_lines(raw: str, origin: str | None) -> tuple[list[ArticleDraft], list[str]]:
    drafts: list[ArticleDraft] = []
    problems: list[str] = []
    for number, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            drafts.append(draft_from_line(line, origin))
        except BadLine as exc:
            problems.append(f"line {number}: {exc}")
    return drafts, problems


def parse_json_with_problems(
    raw: str, *, origin: str | None
) -> tuple[list[ArticleDraft], list[str]]:
    """Parse what can be parsed and list, one line each, what could not.

    A file that is not JSON at all raises IngestError; bad entries inside a
    readable file are reported as problems so the good ones still import.
    """
    raw = raw.lstrip("\ufeff")
    if not raw.strip():
        raise IngestError("empty file")
    try:
        document = json.loads(raw)
    except json.JSONDecodeError as exc:
        if _looks_like_lines(raw):
            return _from_lines(raw, origin)
        raise IngestError(f"truncated or invalid JSON: {_describe(exc)}") from exc
    return _from_document(document, origin)


def parse_json(raw: str, *, origin: str | None) -> list[ArticleDraft]:
    """Parse JSON articles; raise IngestError only when none is usable."""
    drafts, problems = parse_json_with_problems(raw, origin=origin)
    if not drafts:
        raise IngestError(no_articles_message(problems))
    return drafts


def no_articles_message(problems: list[str]) -> str:
    """One line for a file where every entry failed."""
    if not problems:
        return "no articles in this JSON file"
    more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
    return f"no usable article: {problems[0]}{more}"
