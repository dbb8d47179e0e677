"""What an export writes: articles with their entities and collection notes, in order."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from ..models import Article, CollectionInfo
from ..store import articles as article_store
from ..store import learning as learning_store
from ..store import mentions as mention_store
from ..store import stories as story_store
from ..store import tags as tag_store
from .dates import with_iso_dates


@dataclass(slots=True)
class ExportItem:
    """One article as exported; ``note`` and ``position`` belong to the exported collection."""

    article: Article
    entities: dict[str, list[str]] = field(default_factory=dict)  # label -> names, first seen first
    note: str = ""
    position: int | None = None
    #: collections the article is suggested for, not yet accepted (only when asked)
    suggested_tags: list[str] = field(default_factory=list)
    #: the other copies of the story: (source, url) each, oldest first
    also_reported_by: list[tuple[str | None, str | None]] = field(default_factory=list)


class Source(Protocol):
    """What an export reads from the library (the Library is one): export() is given it,
    so that this package does not import the Library that calls it."""

    def export_items(self, *, collection: str | None = None, query: str | None = None,
                     ids: Sequence[int] | None = None,
                     with_suggested: bool = False) -> tuple[list[int], Iterator[ExportItem]]: ...

    def collection_info(self, name: str) -> CollectionInfo: ...

    def collections_of(self, article_id: int) -> list[tuple[str, str, float | None]]: ...


def collection_info(conn: sqlite3.Connection, name: str) -> CollectionInfo:
    tag = tag_store.tag_id(conn, name)
    return CollectionInfo(*tag_store.details(conn, tag))


def collection_ids(conn: sqlite3.Connection, name: str, *,
                   with_suggested: bool = False) -> list[int]:
    """The collection's articles in its order; then, when asked, those suggested for it
    (best first)."""
    tag = tag_store.tag_id(conn, name)
    ids = tag_store.article_ids(conn, tag)
    if with_suggested:
        ids += [s.article_id for s in learning_store.suggestions(
            conn, tag, (learning_store.SUGGESTED,))]
    return ids


def items(conn: sqlite3.Connection, ids: Sequence[int], collection: str | None = None, *,
          with_suggested: bool = False) -> Iterator[ExportItem]:
    """Export items for the ids, in the given order, numbered from 1 (with the
    collections each is suggested for when ``with_suggested``)."""
    notes: dict[int, str] = {}
    if collection is not None:
        tag = tag_store.tag_id(conn, collection)
        notes = tag_store.notes(conn, tag)
    for position, article_id in enumerate(ids, start=1):
        article = with_iso_dates(article_store.get(conn, article_id))
        suggested = (learning_store.suggested_names_for(conn, [article_id]).get(article_id, [])
                     if with_suggested else [])
        yield ExportItem(article, grouped_entities(conn, article_id),
                         notes.get(article_id, ""), position, suggested,
                         other_copies(conn, article_id))



def other_copies(conn: sqlite3.Connection, article_id: int) -> list[tuple[str | None, str | None]]:
    """(source, url) of the story's other copies."""
    ids = story_store.copies(conn, article_id)
    rows = article_store.rows_by_id(conn, ids)
    return [(rows[i].source, rows[i].url) for i in ids if i in rows]


def grouped_entities(conn: sqlite3.Connection, article_id: int) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for mention in mention_store.for_article(conn, article_id):
        names = grouped.setdefault(mention.label, [])
        if mention.text not in names:
            names.append(mention.text)
    return grouped
