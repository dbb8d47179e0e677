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
    ``collection_notes`` and ``collection_positions`` (by collection name) restore
    what a researcher wrote about the article in a collection and where it stood
    in the collection's order (a Newsreader folder export carries both); a name
    there that is not in ``tags`` is added to them. ``added_at`` keeps the time
    the article first entered a library; the store uses the import time without it.
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
    collection_notes: dict[str, str] = field(default_factory=dict)
    collection_positions: dict[str, float] = field(default_factory=dict)
    added_at: str | None = None
