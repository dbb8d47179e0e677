"""JSON and CSV exports, for scripts.

JSON: an array with one object per article, the shape ``newsreader show --json``
prints (its fields, body included) except that ``entities`` is grouped by type
({label: [names]}), plus ``collection_note`` and ``position`` (1-based order of
the export). One article per line, UTF-8, characters not escaped.

CSV: a header row, then one row per article with the scalar fields; ``tags``
joined by "; " (a tag that itself contains "; " cannot be told apart there - use
JSON when that matters). UTF-8 (with a byte order mark when ``excel``: Excel reads
a CSV without one in the system's legacy code page), RFC 4180 quoting, so line
breaks in a body or note stay inside their field. A cell that starts with one of
``= + - @``, a tab or a carriage return gets a leading apostrophe, as OWASP's
"CSV injection" guidance says: a spreadsheet would otherwise run it as a formula
(``=HYPERLINK(...)`` in a scraped title), and shows the apostrophe instead.

Dates are ISO 8601 in both (see :mod:`.dates`).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from typing import IO, Any

from .source import ExportItem

CSV_COLUMNS = ("position", "id", "title", "source", "author", "url", "published_at",
               "added_at", "is_read", "is_starred", "tags", "note", "collection_note",
               "language", "guid", "body_text")
TAG_SEPARATOR = "; "


def item_json(item: ExportItem) -> dict[str, Any]:
    data = item.article.to_json()
    data["entities"] = {label: list(names) for label, names in item.entities.items()}
    data["collection_note"] = item.note
    data["position"] = item.position
    if item.suggested_tags:
        data["suggested_tags"] = list(item.suggested_tags)
    return data


def item_row(item: ExportItem) -> list[str]:
    a = item.article
    values: dict[str, Any] = {
        "position": item.position, "id": a.id, "title": a.title, "source": a.source,
        "author": a.author, "url": a.url, "published_at": a.published_at,
        "added_at": a.added_at, "is_read": "true" if a.is_read else "false",
        "is_starred": "true" if a.is_starred else "false",
        "tags": TAG_SEPARATOR.join([*a.tags, *(f"{t} (suggested)" for t in item.suggested_tags)]),
        "note": a.note, "collection_note": item.note,
        "language": a.language, "guid": a.guid, "body_text": a.body_text,
    }
    return [neutralised("" if values[c] is None else str(values[c])) for c in CSV_COLUMNS]


#: what makes a spreadsheet read a cell as a formula (OWASP, "CSV Injection")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(cell: str) -> str:
    """The cell as a spreadsheet shows it as text, never runs it."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def write_json(handle: IO[bytes], items: Iterable[ExportItem],
               step: Callable[[int], None]) -> None:
    write_json_array(handle, items, step, item_json)


def write_json_array(handle: IO[bytes], items: Iterable[ExportItem],
                     step: Callable[[int], None],
                     shape: Callable[[ExportItem], dict[str, Any]]) -> None:
    """A JSON array of ``shape(item)``, one object per line, written as the items come."""
    handle.write(b"[")
    n = 0
    for n, item in enumerate(items, start=1):
        text = json.dumps(shape(item), ensure_ascii=False)
        handle.write((",\n" if n > 1 else "\n").encode("utf-8") + text.encode("utf-8"))
        step(n)
    handle.write(b"\n]\n" if n else b"]\n")


def write_csv(handle: IO[bytes], items: Iterable[ExportItem],
              step: Callable[[int], None], *, excel: bool = False) -> None:
    text = io.TextIOWrapper(handle, encoding="utf-8-sig" if excel else "utf-8", newline="",
                            write_through=True)
    try:
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow(CSV_COLUMNS)
        for n, item in enumerate(items, start=1):
            writer.writerow(item_row(item))
            step(n)
        text.flush()
    finally:
        text.detach()  # the caller owns (and closes) the binary handle
