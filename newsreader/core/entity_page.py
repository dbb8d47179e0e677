"""An entity's page: everything the library knows about one entity, read at once."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any

from .models import ArticleRow
from .store import articles as article_store
from .store import entity_pages as pages
from .store import mentions as mention_store


@dataclass(frozen=True, slots=True)
class EntityPage:
    id: int
    text: str
    label: str
    articles: int
    forms: list[tuple[str, int]]  # as written in the articles, with mentions
    names: list[tuple[str, str]]  # the stored names merged in it (text, label)
    by_month: list[tuple[str, int]]  # (YYYY-MM, articles)
    appears_with: list[tuple[str, str, int]]  # (text, label, shared articles)
    stories: list[ArticleRow] = field(default_factory=list)  # newest first

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "text": self.text, "label": self.label, "articles": self.articles,
            "forms": [{"text": t, "mentions": n} for t, n in self.forms],
            "names": [{"text": t, "label": lbl} for t, lbl in self.names],
            "by_month": [{"month": m, "articles": n} for m, n in self.by_month],
            "appears_with": [{"text": t, "label": lbl, "articles": n} for t, lbl, n in self.appears_with],
            "stories": [{"id": r.id, "title": r.title, "source": r.source,
                         "published_at": r.published_at} for r in self.stories],
        }


def read(conn: sqlite3.Connection, root: int, *, stories: int = 20, with_: int = 10) -> EntityPage:
    """The page of the entity ``root`` (an id ``entity_groups`` gives as a root)."""
    found = mention_store.entity(conn, root)
    assert found is not None
    ids = pages.article_ids(conn, root, limit=stories)
    rows = article_store.rows_by_id(conn, ids)
    return EntityPage(
        id=root, text=found[0], label=found[1], articles=pages.article_count(conn, root),
        forms=pages.forms(conn, root), names=[(t, lbl) for _, t, lbl in pages.names(conn, root)],
        by_month=pages.by_month(conn, root),
        appears_with=[(t, lbl, n) for _, t, lbl, n in pages.appears_with(conn, root, limit=with_)],
        stories=[rows[i] for i in ids if i in rows],
    )
