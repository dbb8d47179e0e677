"""The sample library a new user sees on first start, so the first screen is not empty.

It knows the bundled stories and their collections, not the Library: it installs
them through the two public methods any library has (``import_drafts``,
``describe_tag``). ``opening.open_for_use`` installs it in a new default library;
``Library.add_sample`` is the empty library's offer in the window.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, Protocol

from .ingest.draft import ArticleDraft
from .ingest.jsonfile import parse_json
from .models import ImportReport
from .paths import resource


class SampleTarget(Protocol):
    """What installing the sample needs of a library."""

    def import_drafts(self, drafts: Iterable[ArticleDraft]) -> ImportReport: ...

    def describe_tag(self, name: str, *, color: str | None = None,
                     description: str = "") -> None: ...


def sample_drafts() -> list[ArticleDraft]:
    """The bundled stories, parsed."""
    articles = resource("sample", "articles.jsonl").read_text(encoding="utf-8")
    return parse_json(articles, origin="sample library")


def sample_collections() -> list[dict[str, Any]]:
    """The bundled collections: name, and optionally color and description."""
    return json.loads(resource("sample", "collections.json").read_text(encoding="utf-8"))


def install_sample(library: SampleTarget) -> int:
    """Import the bundled stories and describe their collections; return how many were added."""
    report = library.import_drafts(sample_drafts())
    for item in sample_collections():
        library.describe_tag(item["name"], color=item.get("color"),
                             description=item.get("description", ""))
    return report.added
