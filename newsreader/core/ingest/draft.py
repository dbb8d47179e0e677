"""The shape every importer produces, before the store assigns an id."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class ArticleDraft:
    """An article parsed from some input, not yet stored.

    Importers fill what their format carries and leave the rest at its default;
    the store derives the content hash and the added_at time itself.
    ``published_at`` is normalised ISO 8601: "YYYY-MM-DDTHH:MM:SSZ" (UTC) when a
    time is known, "YYYY-MM-DD" when only the day is.
    """

    title: str
    body_text: str
    source: str | None = None
    author: str | None = None
    url: str | None = None
    guid: str | None = None
    published_at: str | None = None
    language: str | None = None
    body_html: str | None = None
    tags: list[str] = field(default_factory=list)
    note: str = ""
    is_read: bool = False
    is_starred: bool = False
    origin: str | None = None
