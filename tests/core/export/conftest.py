"""Shared fixtures for the export tests: hostile names and a library using them."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsreader.core.ingest.draft import ArticleDraft
from newsreader.core.library import Library

#: Names a user can type (or paste) that break naive file naming, YAML or Markdown.
HOSTILE = [
    "../../etc", "a/b", "CON", "con.md", ".", "..", "L" * 299 + "Z", "🦀 crab 👩‍👩‍👧 news",
    "\u202eevil\u202c.txt", "\u200fשלום עולם", "quote \"double\" 'single'", "colon: value",
    "-leading dash", "#hashtag", "line\nbreak pasted", "back\\slash", "NUL.txt", "lpt9",
    "trailing dot.", "*bold* _it_ [x](y) <b>hi</b> `code`", "---", "...", "yes", "null", "1.",
    "- item", "> quote", "Straße", "STRASSE", "e\u0301cole", "école", "&amp; entity",
    "a\u2028b", "tab\there", "ctrl\x01\x7fchars", "com1 ", "aux.tar.gz", "x: [1, 2]", "~",
    "%20percent", "name?*<>|\"", "=SUM(A1)",
]


def make_library(path: Path, titles: list[str], *, bodies: list[str] | None = None,
                 collection: str = "Research: energy", extra_tags: list[str] | None = None
                 ) -> tuple[Library, list[int]]:
    library = Library(path)
    bodies = bodies or [
        f"Story {n} opens here.\n\nSecond paragraph {n}." for n in range(len(titles))
    ]
    drafts = [
        ArticleDraft(
            title=title,
            body_text=body,
            source=f"Source {n % 3}",
            author=None if n % 2 else "Ann Lee",
            url=f"https://news.example.com/{n}",
            published_at=f"2024-03-0{n % 9 + 1}T10:00:00Z",
            language="en",
            guid=f"guid-{n}",
            note="" if n % 2 else f" own note {n}\nline 2",
            is_read=bool(n % 2),
            is_starred=bool(n % 3 == 0),
            tags=[collection, *(extra_tags or [])],
        )
        for n, (title, body) in enumerate(zip(titles, bodies, strict=True))
    ]
    ids = library.import_drafts(drafts).added_ids
    assert len(ids) == len(titles)
    order = ids[1::2] + ids[0::2]
    library.set_collection_order(collection, order)
    for n, article_id in enumerate(ids[::3]):
        library.set_collection_note(collection, article_id, f"why {n}: because\n---\n\"quoted\"")
    library.describe_tag(collection, description="About *energy*.\n\n# Not a heading")
    for article_id in ids[:4]:
        library.set_mentions(article_id, [(0, 5, "Story", "ORG"), (12, 17, "opens", "PERSON")])
    return library, order


@pytest.fixture
def hostile() -> list[str]:
    return list(HOSTILE)
