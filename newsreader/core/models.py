"""Plain records the Library hands to the UI and the CLI."""

from __future__ import annotations

import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

#: Sort keys of a list beyond its columns: a collection's own (manual) order, which only a
#: view of one collection has, and a search's relevance (best match first).
POSITION = "position"
RELEVANCE = "relevance"
#: What marks the matched words in a search snippet (control characters no text holds).
SNIPPET_OPEN, SNIPPET_CLOSE = "\x02", "\x03"


@dataclass(frozen=True, slots=True)
class Changes:
    """What a write to the library changed, so that each view updates only what shows
    it. Every write of the Library announces one (``Library.subscribe``); the window
    hears them, and the changes of other programs, on one path."""

    #: which articles exist, or their text (an import, a delete, a feed refresh)
    articles: bool = False
    #: read and starred marks
    flags: bool = False
    #: title, date, author, source, note of articles
    details: bool = False
    #: collections, their members, order, notes, suggestions
    collections: bool = False
    entities: bool = False
    feeds: bool = False
    #: watch list, saved searches, preferences kept in the library
    settings: bool = False
    #: the articles whose rows changed, when known (empty: any may have)
    ids: frozenset[int] = frozenset()
    #: another program (or connection) changed the library: anything may have changed
    elsewhere: bool = False

    @classmethod
    def everything(cls) -> Changes:
        return cls(articles=True, flags=True, details=True, collections=True, entities=True,
                   feeds=True, settings=True, elsewhere=True)

    def __or__(self, other: Changes) -> Changes:
        """Both changes at once (the ids of both; any article when either changed rows
        without saying which)."""
        unknown = (self.rows and not self.ids) or (other.rows and not other.ids)
        return Changes(**{f: getattr(self, f) or getattr(other, f) for f in _CHANGE_KINDS},
                       ids=frozenset() if unknown else self.ids | other.ids,
                       elsewhere=self.elsewhere or other.elsewhere)

    @property
    def rows(self) -> bool:
        """Whether rows of the article list may show something else."""
        return self.articles or self.flags or self.details or self.collections

    @property
    def nothing(self) -> bool:
        return self == Changes()


_CHANGE_KINDS = ("articles", "flags", "details", "collections", "entities", "feeds", "settings")


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
    #: the collections that learn, their suggestions awaiting a decision, their rules
    learning: list[str] = field(default_factory=list)
    suggested: dict[str, int] = field(default_factory=dict)
    rules: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class TagChange:
    """What one tagging action did to one collection, so it can be undone exactly."""

    name: str
    added: list[int]  # articles newly put in
    removed: list[Any]  # store.tags.Link rows taken out (notes and order included)
    created: bool  # the collection did not exist before


# -- records of the core's parts, handed out by the Library ------------------------

@dataclass(frozen=True, slots=True)
class Link:
    """One article in one collection, with what the researcher wrote about it."""

    article_id: int
    added_at: str
    position: float | None
    note: str


@dataclass(frozen=True, slots=True)
class TagSnapshot:
    """A collection and its links as they were, enough to put it back (undo)."""

    name: str
    color: str | None
    description: str
    created_at: str
    links: tuple[Link, ...]


@dataclass(frozen=True, slots=True)
class EntityCount:
    id: int
    text: str
    label: str
    articles: int


@dataclass(frozen=True, slots=True)
class Suggestion:
    collection: str
    score: float
    shared_entities: list[str]


@dataclass(frozen=True, slots=True)
class Correction:
    id: int
    action: str
    name: str
    label: str | None
    target: str | None  # the entity the names joined (merge, relabel)
    new_label: str | None
    created_at: str
    undone_at: str | None

    def sentence(self) -> str:
        """The correction as a sentence, for the window and the command line alike:
        "“HBM” is a product", "“SK” is the same as SK hynix"."""
        from .entities.labels import a_label

        name = f"“{self.name}”"
        if self.action == "relabel":
            return f"{name} is {a_label(self.new_label or '')}"
        if self.action == "merge":
            return f"{name} is the same as {self.target or '?'}"
        if self.action == "split":
            return f"{name} taken out of the entity it was merged into"
        if self.action == "ignore":
            return f"{name} is not an entity"
        return f"{self.action} {name}"

    def to_json(self) -> dict[str, object]:
        return {"id": self.id, "action": self.action, "name": self.name, "label": self.label,
                "target": self.target, "new_label": self.new_label,
                "created_at": self.created_at, "undone_at": self.undone_at}


@dataclass(frozen=True, slots=True)
class CorrectionDone:
    """What one correction changed: its listed record and how many names moved."""

    correction: Correction
    names: int


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
            "id": self.id,
            "text": self.text,
            "label": self.label,
            "articles": self.articles,
            "forms": [{"text": t, "mentions": n} for t, n in self.forms],
            "names": [{"text": t, "label": lbl} for t, lbl in self.names],
            "by_month": [{"month": m, "articles": n} for m, n in self.by_month],
            "appears_with": [
                {"text": t, "label": lbl, "articles": n} for t, lbl, n in self.appears_with
            ],
            "stories": [
                {"id": r.id, "title": r.title, "source": r.source, "published_at": r.published_at}
                for r in self.stories
            ],
        }


@dataclass(slots=True)
class LearnedCollection:
    name: str
    stories: int
    rejected: int
    suggested: int


@dataclass(slots=True)
class LearnReport:
    """What a learning run did: collections trained, and those it could not, with why."""

    trained: list[LearnedCollection] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    cancelled: bool = False


@dataclass(slots=True)
class ArrivalReport:
    """Per collection, how many new articles were suggested for it or tagged by its rule."""

    suggested: dict[str, int] = field(default_factory=dict)
    ruled: dict[str, int] = field(default_factory=dict)
    cancelled: bool = False


@dataclass(frozen=True, slots=True)
class SuggestionRow:
    """One stored suggestion of a collection for an article, with why."""

    collection: str
    article_id: int
    title: str
    score: float
    reasons: list[str]
    state: str


@dataclass(slots=True)
class Feed:
    id: int
    url: str
    title: str | None
    folder: str | None
    site_url: str | None
    etag: str | None
    last_modified: str | None
    last_success: str | None
    last_error: str | None
    last_fetched: str | None
    full_text: bool
    item_count: int
    created_at: str
    articles: int = 0
    unread: int = 0

    @property
    def name(self) -> str:
        return self.title or self.url

    def to_json(self) -> dict[str, Any]:
        return {"url": self.url, "title": self.title, "folder": self.folder,
                "last_success": self.last_success, "last_error": self.last_error,
                "articles": self.articles}


@dataclass(frozen=True, slots=True)
class WatchTerm:
    term: str
    label: str
    color: str | None


@dataclass(frozen=True, slots=True)
class PageKey:
    """Where a keyset page ends: the sort value and id of its last row."""

    value: str | None
    id: int


@dataclass(frozen=True, slots=True)
class ViewCounts:
    """The numbers the sidebar shows next to its fixed views."""

    all: int
    unread: int
    starred: int


@dataclass(frozen=True, slots=True)
class CollectionInfo:
    name: str
    description: str
    color: str | None


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    count: int  # articles written (those done before a cancel, which wrote nothing)
    cancelled: bool


class OpmlEntry(NamedTuple):
    url: str
    title: str | None
    folder: str | None
    site_url: str | None = None


@dataclass(slots=True)
class OpmlImport:
    title: str | None = None
    entries: list[OpmlEntry] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (url, reason)
    #: what was wrong with the file itself, one line each ("line 4: ...")
    problems: list[str] = field(default_factory=list)
    #: feeds the file names that could not be read at all (a broken tag)
    skipped: int = 0


@dataclass(slots=True)
class RefreshReport:
    feeds: int = 0
    added: int = 0
    updated: int = 0
    not_modified: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    #: (url, what the user should know) about feeds that did not fail, e.g. late pages
    notes: list[tuple[str, str]] = field(default_factory=list)
    cancelled: bool = False
    added_ids: list[int] = field(default_factory=list)
    updated_ids: list[int] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"feeds": self.feeds, "added": self.added, "updated": self.updated,
                "failed": [{"url": url, "error": error} for url, error in self.failed],
                "notes": [{"url": url, "note": note} for url, note in self.notes]}
