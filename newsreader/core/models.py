"""Plain records the Library hands to the UI and the CLI."""

from __future__ import annotations

import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any


def collection_name(name: str) -> str:
    """A collection name as stored: trimmed, runs of spaces and newlines folded to one
    space, in Unicode's composed form (NFC), so that "Été" typed as E + combining accent
    (as macOS file names and some keyboards give it) is the same name as "Été"."""
    return unicodedata.normalize("NFC", " ".join(name.split()))


def collection_key(name: str) -> str:
    """What all names of one collection share: the stored form, case folded ("ÉTÉ" is
    "été"; SQLite's NOCASE folds ASCII letters only, so library connections also have
    this as an SQL function of the same name)."""
    return collection_name(name).casefold()


def same_collection(first: str, second: str) -> bool:
    """Whether two names the user typed mean one collection (case aside)."""
    return collection_key(first) == collection_key(second)


@dataclass(slots=True)
class ArticleRow:
    """What one line of the article list needs, and nothing heavier (no body)."""

    id: int
    title: str
    source: str | None
    author: str | None
    url: str | None
    published_at: str | None
    added_at: str
    is_read: bool
    is_starred: bool
    note: str
    tags: list[str] = field(default_factory=list)
    snippet: str | None = None
    #: the story this article is a copy of (its first copy's id) and how many copies it has
    story_id: int = 0
    story_size: int = 1

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        if self.snippet is None:
            data.pop("snippet")
        return data


@dataclass(slots=True)
class Article(ArticleRow):
    """A whole stored article, body included."""

    body_text: str = ""
    body_html: str | None = None
    guid: str | None = None
    language: str | None = None

    def to_json(self) -> dict[str, Any]:
        data = ArticleRow.to_json(self)
        data.pop("body_html", None)
        return data


@dataclass(slots=True)
class ImportFailure:
    path: str
    error: str


@dataclass(slots=True)
class ImportReport:
    """The outcome of one import run, shown to the user and printed by ``--json``."""

    added: int = 0
    skipped: int = 0
    failed: list[ImportFailure] = field(default_factory=list)
    cancelled: bool = False
    added_ids: list[int] = field(default_factory=list)

    def merge(self, other: ImportReport) -> None:
        self.added += other.added
        self.skipped += other.skipped
        self.failed.extend(other.failed)
        self.added_ids.extend(other.added_ids)

    def to_json(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "skipped": self.skipped,
            "failed": [{"path": f.path, "error": f.error} for f in self.failed],
        }


@dataclass(slots=True)
class TagInfo:
    name: str
    count: int
    color: str | None
    description: str


@dataclass(frozen=True, slots=True)
class Mention:
    """One entity occurrence: character offsets into the article's body_text."""

    start: int
    end: int
    text: str
    label: str
    entity_id: int = 0


@dataclass(frozen=True, slots=True)
class SidebarSnapshot:
    """Counts of the fixed views, the collections and the smart collections."""

    counts: Any  # store.queries.ViewCounts
    tags: list[TagInfo]
    saved: list[tuple[str, str]]
    feeds: list[Any] = field(default_factory=list)  # feeds.store.Feed


@dataclass(frozen=True, slots=True)
class TagChange:
    """What one tagging action did to one collection, so it can be undone exactly."""

    name: str
    added: list[int]  # articles newly put in
    removed: list[Any]  # store.tags.Link rows taken out (notes and order included)
    created: bool  # the collection did not exist before
