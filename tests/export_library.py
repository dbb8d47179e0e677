"""A small library made through the command line for the export tests: stories with
bylines, sites, dates in the forms other programs leave, and awkward titles."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from newsreader.cli import main

COLLECTION = "Battery metals"
STORIES = [
    {"title": "Lithium rush in Chile", "author": "By Mark Jones and Ann Lee",
     "source": "The Daily Wire", "url": "https://news.example.com/lithium?a=1&b=%20",
     "published_at": "2024-03-01T10:00:00+09:00", "language": "en",
     "body_text": "Miners expand in the desert.\n\nSecond paragraph."},
    {"title": "=HYPERLINK(\"https://evil.example/\",\"Grid\") upgrade approved",
     "author": "Reuters Staff", "source": "Reuters", "url": "https://news.example.com/grid",
     "published_at": "2024-02-29", "body_text": "-5% in a day.\n\n@everyone look"},
    {"title": "+1 for cobalt: {braces} & 100% of $ #1_x~^\\", "author": "Jones, Mark",
     "source": "@wire", "url": "https://news.example.com/cobalt",
     "published_at": "2024-01-15T08:00:00Z", "body_text": "\tTabbed lead.\r\nCR line."},
]


def export_library(tmp_path: Path) -> Path:
    """A library holding STORIES (ids 1, 2, 3) in COLLECTION; story 2's date then stored
    as another program writes one (an RFC 2822 date with an offset)."""
    source = tmp_path / "stories.json"
    source.write_text(json.dumps([{**s, "tags": [COLLECTION]} for s in STORIES]),
                      encoding="utf-8")
    path = tmp_path / "library.sqlite"
    assert main(["--library", str(path), "import", str(source)]) == 0
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE articles SET published_at = 'Thu, 29 Feb 2024 18:30:00 -0500' "
                     "WHERE id = 2")
    conn.close()
    return path


def added_day(path: Path, article_id: int) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("SELECT added_at FROM articles WHERE id = ?",
                                (article_id,)).fetchone()[0])[:10]
    finally:
        conn.close()
