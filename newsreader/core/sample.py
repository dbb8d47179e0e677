"""The sample library a new user sees on first start, so the first screen is not empty."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from .ingest.jsonfile import parse_json
from .paths import resource

if TYPE_CHECKING:
    from .library import Library


def install_sample(library: Library) -> int:
    """Import the bundled stories and describe their collections; return how many were added."""
    articles = resource("sample", "articles.jsonl").read_text(encoding="utf-8")
    drafts = parse_json(articles, origin="sample library")
    report = library.import_drafts(drafts)
    collections = json.loads(resource("sample", "collections.json").read_text(encoding="utf-8"))
    for item in collections:
        library.describe_tag(item["name"], color=item.get("color"),
                             description=item.get("description", ""))
    return report.added
