"""Library: the one facade the UI and the CLI talk to.

A Library owns one SQLite connection and is used from one thread; a background
worker opens its own Library on the same path (SQLite in WAL mode lets readers
go on while one writer writes).
"""

from __future__ import annotations

import functools
import inspect
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from os import PathLike
from pathlib import Path
from typing import IO, TYPE_CHECKING, TypeVar

from . import entity_names, entity_page, suggest
from .clock import utc_now
from .entities import extraction
from .entities import service as entity_service
from .entities.engine import Engine
from .entities.engines import resolve
from .errors import LibraryError, NewsreaderError, NotFoundError
from .export import source as export_source
from .export.source import ExportItem
from .ingest import importer
from .ingest.draft import ArticleDraft
from .ingest.normalize import parse_date
from .models import (
    POSITION,
    RELEVANCE,
    ArrivalReport,
    Article,
    ArticleRow,
    Changes,
    CollectionInfo,
    Correction,
    CorrectionDone,
    EntityCount,
    EntityPage,
    ExportResult,
    Feed,
    ImportReport,
    LearnReport,
    Mention,
    OpmlImport,
    PageKey,
    RefreshReport,
    SidebarSnapshot,
    Suggestion,
    SuggestionRow,
    TagChange,
    TagInfo,
    TagSnapshot,
    ViewCounts,
    WatchTerm,
)
from .query import Query, Term
from .search import check, compile_query, running_query
from .search_index import IndexReport, IndexStatus, SearchIndex
from .search_index import Progress as SearchIndexProgress
from .store import articles as article_store
from .store import entity_corrections as correction_store
from .store import entity_groups, entity_pages, meta, queries
from .store import feeds as feed_store
from .store import learning as learning_store
from .store import mentions as mention_store
from .store import saved_searches as saved_store
from .store import stories as story_store
from .store import tags as tag_store
from .store import watchlist as watch_store
from .store.connection import LibraryConnection, connect, write_transaction
from .store.schema import migrate

if TYPE_CHECKING:
    from .entities.alongside import ExtractionAlongside
    from .learning.service import Progress as LearningProgress
    from .store.locking import WriterLock

T = TypeVar("T")


class Library:
    def __init__(self, path: str | PathLike[str], *, read_only: bool = False,
                 search_index: bool = True) -> None:
        """``search_index=False``: search with SQLite alone (a benchmark's comparison)."""
        self.path = Path(path)
        self.read_only = read_only
        self.created = not self.path.exists() or self.path.stat().st_size == 0
        #: the app's lock as the one writing window, if it has it
        self.writer_lock: WriterLock | None = None
        self._listeners: list[Callable[[Changes], None]] = []
        self._conn: LibraryConnection = connect(self.path, read_only=read_only)
        try:
            if not read_only:
                migrate(self._conn)
        except Exception:
            self._conn.close()
            raise
        self._search_index = (SearchIndex(self.path, self._conn, read_only=read_only)
                              if search_index and str(path) != ":memory:" else None)

    @classmethod
    def open(cls, path: str | PathLike[str]) -> Library:
        """Open (creating if needed); ``opening.open_for_use`` gives a new default library
        the sample stories."""
        return cls(path)

    def add_sample(self) -> int:
        """Add the bundled sample stories and their collections (the empty library's offer)."""
        from .sample import install_sample

        self._check_writable()
        return install_sample(self)

    def reopen(self) -> Library:
        """Another connection to the same library, for a worker thread."""
        return Library(self.path, read_only=self.read_only,
                       search_index=self._search_index is not None)

    def subscribe(self, listener: Callable[[Changes], None]) -> Callable[[], None]:
        """Call ``listener(changes)`` after every write of this Library (on the thread
        that wrote); returns the function that stops it."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def _announce(self, changes: Changes) -> None:
        for listener in list(self._listeners):
            listener(changes)

    def close(self) -> None:
        if self._search_index is not None:
            self._search_index.close()
        self._conn.close()
        if self.writer_lock is not None:
            self.writer_lock.release()
            self.writer_lock = None

    def changed_elsewhere(self) -> bool:
        """Whether another program (or another connection of this one) committed a change
        since the last call; cheap enough to ask every few seconds."""
        try:
            return self._conn.changed_elsewhere()
        except sqlite3.DatabaseError as error:
            raise LibraryError(f"the library cannot be read: {error}") from error

    def files_problem(self) -> str | None:
        """Why changes could no longer reach the file (it or its log was moved or deleted
        by another program), or None; writes are refused while there is one."""
        return self._conn.files_problem()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- import -----------------------------------------------------------------
    def import_paths(
        self,
        paths: Iterable[str | PathLike[str]],
        *,
        progress: importer.Progress | None = None,
        should_cancel: Callable[[], bool] | None = None,
        on_batch: Callable[[ImportReport], None] | None = None,
    ) -> ImportReport:
        self._check_writable()
        return importer.import_paths(self._conn, paths, progress=progress,
                                     should_cancel=should_cancel, on_batch=on_batch)

    def import_drafts(self, drafts: Iterable[ArticleDraft]) -> ImportReport:
        self._check_writable()
        return importer.store_drafts(self._conn, drafts)

    # -- reading ----------------------------------------------------------------
    def count(self, query: Query | str | None = None) -> int:
        with running_query():
            return queries.count(self._conn, self._compile(query))

    def article(self, article_id: int) -> Article:
        return article_store.get(self._conn, article_id)

    def rows(self, ids: Sequence[int]) -> dict[int, ArticleRow]:
        return article_store.rows_by_id(self._conn, ids)

    def page(
        self,
        query: Query | str | None = None,
        *,
        sort: str = "date",
        descending: bool = True,
        after: PageKey | None = None,
        limit: int = 200,
    ) -> tuple[list[ArticleRow], PageKey | None]:
        """A page of the list in sort order; pass the returned key to get the next."""
        with running_query():
            return queries.page(self._conn, self._compile(query), sort=sort,
                                descending=descending, after=after, limit=limit)

    def iter_ids(self, query: Query | str | None = None, *, sort: str = "date",
                 descending: bool = True, chunk: int = 50_000) -> Iterator[list[int]]:
        """All matching ids in list order, in chunks (for a worker filling the list)."""
        with running_query():
            yield from self._ids_in_chunks(query, sort, descending, chunk)

    def _ids_in_chunks(self, query: Query | str | None, sort: str, descending: bool,
                       chunk: int) -> Iterator[list[int]]:
        query = Query.of(query)
        compiled = self._compile(query)
        collection = query.single_collection
        if sort == RELEVANCE and compiled is not None and self._search_index is not None:
            chunks = self._search_index.ranked_chunks(compiled, chunk)
            if chunks is not None:
                yield from chunks
                return
        if sort == POSITION and collection is not None:
            try:
                tag = tag_store.tag_id(self._conn, collection)
            except NotFoundError:
                return
            ids = queries.position_ids(self._conn, compiled, tag, descending=descending)
            for start in range(0, len(ids), chunk):
                yield ids[start:start + chunk]
            return
        yield from queries.stream_ids(self._conn, compiled, sort=sort,
                                      descending=descending, chunk=chunk)

    def search(self, query: Query | str, *, limit: int = 50, offset: int = 0) -> list[ArticleRow]:
        """Best matches first when the query has words, else newest first; with snippets."""
        with running_query():
            compiled = self._compile(query)
            if compiled is not None and self._search_index is not None:
                ids = self._search_index.ranked_ids(compiled, limit=limit, offset=offset)
                if ids is not None:
                    marks = self._search_index.snippets(compiled, ids) or {}
                    return queries.rows_in_order(self._conn, ids, marks)
            if compiled is not None and compiled.ranked:
                ids = queries.ranked_ids(self._conn, compiled, limit=limit, offset=offset)
                return queries.rows_in_order(self._conn, ids,
                                             queries.snippets(self._conn, compiled, ids))
            rows, _ = queries.page(self._conn, compiled, limit=limit + offset)
        return rows[offset:]

    # -- the search index beside the file (issue 18) --------------------------------
    def update_search_index(self, progress: SearchIndexProgress | None = None,
                            cancelled: Callable[[], bool] | None = None) -> IndexReport:
        """Bring the search index beside the library up to date with every change (build
        it when it is missing or cannot follow); searches use it once it is current, and
        SQLite's own index until then. Resumes where a cancelled run stopped."""
        if self._search_index is None:
            return IndexReport(skipped="a library in memory has no search index")
        return self._search_index.update(progress, cancelled)

    def search_index_status(self) -> IndexStatus | None:
        return self._search_index.status() if self._search_index is not None else None

    def remove_search_index(self) -> None:
        """Delete the search index (searches use SQLite's until it is built again)."""
        if self._search_index is not None:
            self._search_index.remove()

    def mentions(self, article_id: int) -> list[Mention]:
        """The stored entity mentions of one article, in text order."""
        return mention_store.for_article(self._conn, article_id)

    def set_mentions(self, article_id: int, spans: Iterable[tuple[int, int, str, str]]) -> None:
        """Replace an article's mentions with (start, end, text, label) spans, atomically."""
        self._check_writable()
        with write_transaction(self._conn):
            mention_store.replace(self._conn, article_id, spans)

    def snippets(self, query: Query | str | None, ids: list[int]) -> dict[int, str]:
        """Snippets (matches between SNIPPET_OPEN and SNIPPET_CLOSE) for listed articles."""
        with running_query():
            compiled = self._compile(query)
            if compiled is not None and self._search_index is not None:
                marks = self._search_index.snippets(compiled, ids)
                if marks is not None:
                    return marks
            return queries.snippets(self._conn, compiled, ids)

    def view_counts(self) -> ViewCounts:
        return queries.view_counts(self._conn)

    def sidebar_snapshot(self) -> SidebarSnapshot:
        """Everything the sidebar shows, read at once (a worker reads it at a million rows)."""
        return SidebarSnapshot(self.view_counts(), self.tags(), self.saved_searches(),
                               self.feeds(), self.learning_collections(),
                               self.suggested_counts(), dict(self.rules()))

    def saved_searches(self) -> list[tuple[str, str]]:
        """(name, query) of every smart collection, by name."""
        return saved_store.list_all(self._conn)

    def save_search(self, name: str, query: Query | str) -> None:
        self._check_writable()
        with write_transaction(self._conn):
            saved_store.save(self._conn, name, Query.of(query).text if isinstance(query, Query)
                             else query)

    # -- stories: copies of one story (issue 15) ----------------------------------
    # Articles that carry the same story share ``story_id`` (the id of its first copy);
    # list rows carry it with ``story_size``. Grouping happens as articles are written.
    def iter_story_ids(self, query: Query | str | None = None, *, sort: str = "date",
                       descending: bool = True, chunk: int = 50_000) -> Iterator[list[int]]:
        """Like :meth:`iter_ids`, one id per story: the story's copy that comes first in
        the list's order (the window's "one row per story"; rows() gives its story_size)."""
        return story_store.first_of_each_story(
            self._conn, self.iter_ids(query, sort=sort, descending=descending, chunk=chunk))

    def story_page(self, query: Query | str | None = None, *, limit: int = 50) -> list[ArticleRow]:
        """The first ``limit`` stories of a search (best matches first when it has words,
        else newest first), one row each, for the command line's ``list --stories``."""
        compiled = self._compile(query)
        sort = ("relevance" if compiled is not None
                and (compiled.ranked or compiled.index_groups is not None) else "date")
        ids: list[int] = []
        for chunk in self.iter_story_ids(query, sort=sort, chunk=max(limit, 200)):
            ids.extend(chunk[:limit - len(ids)])
            if len(ids) >= limit:
                break
        rows = self.rows(ids)
        return [rows[i] for i in ids if i in rows]

    def copies(self, article_id: int) -> list[ArticleRow]:
        """The other copies of an article's story, oldest first (none for a story of one)."""
        ids = story_store.copies(self._conn, article_id)
        rows = self.rows(ids)
        return [rows[i] for i in ids if i in rows]

    def set_story_read(self, ids: Iterable[int], read: bool = True) -> int:
        """Mark these articles and every other copy of their stories read (or unread):
        reading one copy of a story reads the story. Returns how many rows changed."""
        self._check_writable()
        with write_transaction(self._conn):
            return story_store.set_read(self._conn, list(ids), read)

    # -- entities ---------------------------------------------------------------
    def entity_engine_setting(self) -> tuple[str, str | None]:
        """The engine choice ("auto", "rules", "spacy") and model saved in this library."""
        return entity_service.configured_engine(self._conn)

    def set_entity_engine(self, choice: str, model: str | None = None) -> None:
        """Choose the engine for future extraction; existing mentions stay until re-run."""
        resolve(choice, model)  # refuse an unknown choice before saving it
        self._check_writable()
        with write_transaction(self._conn):
            meta.put(self._conn, entity_service.ENGINE_KEY, choice)
            meta.put(self._conn, entity_service.MODEL_KEY, model)

    def entity_engine(self, choice: str | None = None, model: str | None = None, *,
                      processes: int = 1) -> Engine:
        """The engine to use: the given choice, else the library's; ``processes`` > 1 lets
        a statistical engine use more cores on large batches (not inside the app)."""
        return entity_service.engine_for(self._conn, choice, model, processes)

    def background_engine(self) -> Engine:
        """The engine for extraction in the background, beside a feed refresh or a window:
        the rules engine in a worker process, so the caller's threads keep the GIL."""
        return entity_service.background_engine(self._conn)

    def extract_alongside(self) -> ExtractionAlongside:
        """Entity extraction started in a worker process beside a long write of this
        process (a feed refresh), on what arrives as it arrives; ``stop()`` it after."""
        from .entities.alongside import ExtractionAlongside

        return ExtractionAlongside(self.path, Library.background_engine,
                                   open_library=Library).start()

    def pending_entities(self) -> int:
        return extraction.pending_count(self._conn)

    def extract_entities(
        self,
        engine: Engine | None = None,
        *,
        progress: importer.Progress | None = None,
        should_cancel: Callable[[], bool] | None = None,
        on_batch: Callable[[list[int]], None] | None = None,
        only: Sequence[int] | None = None,
    ) -> int:
        """Extract entities of every article that has none from the current engine yet."""
        self._check_writable()
        return entity_service.extract(self._conn, engine or self.entity_engine(),
                                      progress=progress, should_cancel=should_cancel,
                                      on_batch=on_batch, only=only)

    def reset_entities(self, ids: Iterable[int] | None = None) -> int:
        """Queue articles (all by default) for extraction again."""
        self._check_writable()
        with write_transaction(self._conn):
            return extraction.mark_pending(self._conn, ids)

    def top_entities(self, query: Query | str | None = None, *, limit: int = 50,
                     labels: Sequence[str] | None = None) -> list[EntityCount]:
        with running_query():
            compiled = self._compile(query)
            where, params = queries.where_clause(compiled)
            return entity_service.top_entities(self._conn, where, params, limit=limit,
                                               labels=labels)

    def entity(self, entity_id: int) -> tuple[str, str]:
        """(text, label) of a stored entity (of the entity it is a name of, when merged)."""
        found = mention_store.entity(self._conn, entity_id)
        if found is None:
            raise NotFoundError(f"no entity with id {entity_id}")
        root = entity_groups.root_of(self._conn, entity_id)
        return mention_store.entity(self._conn, root) or found

    def entity_article_counts(self, entity_ids: Sequence[int]) -> dict[int, int]:
        return entity_service.article_counts(self._conn, entity_ids)

    def watchlist(self) -> list[WatchTerm]:
        return watch_store.list_all(self._conn)

    def add_watch_term(self, term: str, label: str, color: str | None = None) -> int:
        """Watch a term; the articles containing it are queued for extraction."""
        self._check_writable()
        return entity_service.add_watch_term(self._conn, term, label, color)

    def remove_watch_term(self, term: str) -> int:
        self._check_writable()
        return entity_service.remove_watch_term(self._conn, term)

    def tags(self) -> list[TagInfo]:
        return tag_store.list_all(self._conn)

    def tag(self, name: str) -> TagInfo:
        """The collection called ``name`` (as typed: any case, composed or not)."""
        return tag_store.list_all(self._conn, tag_store.tag_id(self._conn, name))[0]

    # -- entity names: one entity per thing, its page, corrections (issue 17) ------
    # A stored name stands for an entity; names merged into one ("US", "U.S.", "United
    # States") are read as it everywhere (store.entity_groups). Corrections hold for every
    # article now and every later extraction, are listed and can be undone (entity_names).
    def entity_page(self, name: str, *, label: str | None = None, stories: int = 20) -> EntityPage:
        """Everything about the entity called ``name``: forms, names, label, articles per
        month, the entities it appears with, its newest ``stories``."""
        code = entity_names.label_code(label) if label else None
        return entity_page.read(self._conn, entity_names.find_root(self._conn, name, code),
                                stories=stories)

    def entity_article_ids(self, name: str, *, label: str | None = None) -> list[int]:
        """Every article that mentions the entity called ``name``, newest first."""
        code = entity_names.label_code(label) if label else None
        return entity_pages.article_ids(self._conn, entity_names.find_root(self._conn, name, code))

    def save_entity_as_collection(self, name: str, collection: str, *,
                                  label: str | None = None) -> TagChange:
        """Put every article that mentions the entity in a collection (created when new)."""
        return self.add_tag(collection, self.entity_article_ids(name, label=label))

    def relabel_entity(self, name: str, label: str, *, only: str | None = None) -> CorrectionDone:
        """"This is an organisation": the entity called ``name`` gets ``label`` (a code or a
        word such as "organisation"), in every article and every future extraction."""
        code = entity_names.label_code(only) if only else None
        return self._correct(entity_names.relabel, name, label, only=code)

    def merge_entity(self, name: str, into: str, *, label: str | None = None,
                     into_label: str | None = None) -> CorrectionDone:
        """"Same as ``into``": the entity called ``name`` becomes one of its names."""
        codes = [entity_names.label_code(x) if x else None for x in (label, into_label)]
        return self._correct(entity_names.merge, name, into, label=codes[0], into_label=codes[1])

    def split_entity(self, name: str, *, label: str | None = None) -> CorrectionDone:
        """Take the name ``name`` out of the entity it was merged into."""
        code = entity_names.label_code(label) if label else None
        return self._correct(entity_names.split, name, label=code)

    def ignore_entity(self, name: str, *, label: str | None = None) -> CorrectionDone:
        """"Not an entity": hide the name in every article, now and after extraction."""
        code = entity_names.label_code(label) if label else None
        return self._correct(entity_names.ignore, name, label=code)

    def entity_corrections(self, *, include_undone: bool = True) -> list[Correction]:
        """Every correction made in this library, oldest first."""
        return correction_store.list_all(self._conn, include_undone=include_undone)

    def undo_entity_correction(self, correction_id: int | None = None) -> Correction:
        """Undo a correction (the latest still in force by default)."""
        self._check_writable()
        with write_transaction(self._conn):
            return entity_names.undo(self._conn, correction_id)

    def _correct(self, action: Callable[..., CorrectionDone], *args: object,
                 **kwargs: object) -> CorrectionDone:
        self._check_writable()
        with write_transaction(self._conn):
            return action(self._conn, *args, **kwargs)

    # -- editing ----------------------------------------------------------------
    def update_article(self, article_id: int, **changes: object) -> None:
        self._check_writable()
        with write_transaction(self._conn):
            article_store.update(self._conn, article_id, changes)

    def edit_details(self, article_id: int, *, title: str, published: str, author: str,
                     source: str) -> Article:
        """Correct an article's title, date (empty: undated), author and source."""
        self._check_writable()
        clean_title = " ".join(title.split())
        if not clean_title:
            raise NewsreaderError("an article needs a title")
        when = None
        if published.strip():
            when = parse_date(published)
            if when is None:
                raise NewsreaderError(f"“{published.strip()}” is not a date the library can read; "
                                      "write it as 2024-05-01 (or leave it empty when the story "
                                      "has no date)")
        changes: dict[str, object] = {"title": clean_title, "published_at": when,
                   "author": " ".join(author.split()) or None,
                   "source": " ".join(source.split()) or None}
        with write_transaction(self._conn):
            article_store.update(self._conn, article_id, changes)
        return self.article(article_id)

    def set_read(self, ids: Iterable[int], read: bool = True) -> int:
        return self._set_flag(ids, "is_read", read)

    def set_starred(self, ids: Iterable[int], starred: bool = True) -> int:
        return self._set_flag(ids, "is_starred", starred)

    def delete_articles(self, ids: Iterable[int]) -> int:
        self._check_writable()
        with write_transaction(self._conn):
            return article_store.delete(self._conn, ids)

    # -- collections --------------------------------------------------------------
    def add_tag(self, name: str, ids: Sequence[int]) -> TagChange:
        """Put articles in a collection (created when new); says what changed, for undo."""
        self._check_writable()
        with write_transaction(self._conn):
            tag, stored, created = tag_store.ensure_named(self._conn, name)
            added = tag_store.link_new(self._conn, tag, ids, utc_now())
        return TagChange(stored, added, [], created)

    def remove_tag(self, name: str, ids: Sequence[int]) -> TagChange:
        """Take articles out of a collection; the removed links (notes too) come back for undo."""
        self._check_writable()
        with write_transaction(self._conn):
            tag = tag_store.tag_id(self._conn, name)
            removed = tag_store.unlink(self._conn, tag, ids)
        return TagChange(tag_store.clean_name(name), [], removed, False)

    def undo_tag_change(self, change: TagChange) -> None:
        """Put a collection back as it was before ``change``."""
        self._check_writable()
        with write_transaction(self._conn):
            tag = tag_store.tag_id(self._conn, change.name)
            if change.added:
                tag_store.unlink(self._conn, tag, change.added)
            if change.removed:
                tag_store.relink(self._conn, tag, change.removed)
            if change.created:
                tag_store.delete_if_empty(self._conn, tag)

    def tag_snapshot(self, name: str) -> TagSnapshot:
        return tag_store.snapshot(self._conn, name)

    def restore_tag(self, *snapshots: TagSnapshot, drop: Sequence[str] = ()) -> None:
        """Undo a rename, merge or delete: drop ``drop`` collections, restore the snapshots."""
        self._check_writable()
        with write_transaction(self._conn):
            for name in drop:
                tag_store.delete_named(self._conn, name)
            for saved in snapshots:
                tag_store.restore(self._conn, saved)

    def rename_tag(self, old: str, new: str) -> bool:
        """Rename a collection; a name that exists already merges the two. True if merged."""
        self._check_writable()
        with write_transaction(self._conn):
            return tag_store.rename(self._conn, old, new)

    def delete_tag(self, name: str) -> None:
        """Delete a collection; its articles stay in the library."""
        self._check_writable()
        with write_transaction(self._conn):
            tag_store.delete(self._conn, name)

    def describe_tag(self, name: str, *, color: str | None = None, description: str = "") -> None:
        self._check_writable()
        with write_transaction(self._conn):
            tag_store.ensure(self._conn, name)
            tag_store.describe(self._conn, name, color=color, description=description)

    def set_collection_note(self, name: str, article_id: int, note: str) -> None:
        """Why this article is in this collection."""
        self._check_writable()
        with write_transaction(self._conn):
            tag_store.set_note(self._conn, tag_store.tag_id(self._conn, name), article_id, note)

    def set_collection_order(self, name: str, ordered_ids: Sequence[int]) -> None:
        self._check_writable()
        with write_transaction(self._conn):
            tag_store.set_order(self._conn, tag_store.tag_id(self._conn, name), ordered_ids)

    def export_items(self, *, collection: str | None = None, query: Query | str | None = None,
                     ids: Sequence[int] | None = None,
                     with_suggested: bool = False) -> tuple[list[int], Iterator[ExportItem]]:
        """The ids to export (a collection in its order, a search newest first, or the given
        ids) and a lazy stream of their export items, so a progress bar knows the total.
        Suggested tags (and a collection's suggested articles) only ``with_suggested``."""
        if collection is not None:
            chosen = export_source.collection_ids(self._conn, collection,
                                                  with_suggested=with_suggested)
        elif query is not None:
            chosen = [i for chunk in self.iter_ids(query) for i in chunk]
        else:
            chosen = list(ids or [])
        return chosen, export_source.items(self._conn, chosen, collection,
                                           with_suggested=with_suggested)

    def collection_info(self, name: str) -> CollectionInfo:
        return export_source.collection_info(self._conn, name)

    def suggest_collections(self, article_id: int, *, limit: int = 3) -> list[Suggestion]:
        """Collections this article most resembles, with the entities they share; not the
        collections that learn (their own suggestions speak for them: suggestions_for)."""
        learning = {name.casefold() for name in self.learning_collections()}
        found = suggest.suggest(self._conn, article_id, limit=limit + len(learning))
        return [s for s in found if s.collection.casefold() not in learning][:limit]

    def collections_of(self, article_id: int) -> list[tuple[str, str, float | None]]:
        """(collection, note, position) for each collection the article is in."""
        return tag_store.links_of(self._conn, article_id)

    # == collections that learn, and rules (issue 16) ===================================
    # A learned collection ranks the articles not in it and tags new arrivals it is sure
    # of as *suggested*; accepting makes them ordinary stories of the collection,
    # rejecting is remembered and learned from. A rule tags whatever matches a search.
    # See core/learning/ for how, store/learning.py for what is kept.

    def set_learning(self, names: Sequence[str], on: bool = True) -> list[str]:
        """Switch learning on or off for these collections (they must exist); their
        stored names. Switching off drops the model and its pending suggestions."""
        self._check_writable()
        stored = []
        with write_transaction(self._conn):
            for name in names:
                tag = tag_store.tag_id(self._conn, name)
                learning_store.set_learns(self._conn, tag, on)
                stored.append(self._tag_name(tag))
        return stored

    def learning_collections(self) -> list[str]:
        return [t.name for t in learning_store.learned_tags(self._conn)]

    def learn(self, only: Sequence[str] | None = None, *,
              progress: LearningProgress | None = None,
              should_cancel: Callable[[], bool] | None = None) -> LearnReport:
        """Train every learned collection and rank the library for each; ``only``: train
        just these again (after decisions), keeping the others' models. A cancelled run
        changes nothing."""
        self._check_writable()
        from .learning import service as learning  # scikit-learn: only when learning

        return learning.learn(self._conn, only=only, progress=progress,
                              should_cancel=should_cancel)

    def learning_changes(self, name: str) -> tuple[int, int] | None:
        """(stories, rejections) added or removed since the collection's model was
        trained; None when it has no model."""
        tag = tag_store.tag_id(self._conn, name)
        info = learning_store.model_info(self._conn, tag)
        if info is None:
            return None
        return (len(learning_store.members(self._conn, tag)) - info[0],
                len(learning_store.rejected(self._conn, tag)) - info[1])

    def suggestions(self, name: str, *, query: Query | str | None = None, limit: int = 20,
                    progress: LearningProgress | None = None,
                    should_cancel: Callable[[], bool] | None = None) -> list[SuggestionRow]:
        """A learned collection's best candidates among the articles not in it (those
        matching ``query``, scored now, if given), best first, with reasons."""
        tag = tag_store.tag_id(self._conn, name)
        if not learning_store.learns(self._conn, tag):
            raise NewsreaderError(f"the collection {self._tag_name(tag)!r} does not learn; "
                                  f"turn it on with: newsreader tag learn {self._tag_name(tag)!r}")
        if query is None:
            return learning_store.suggestions(
                self._conn, tag, (learning_store.SUGGESTED, learning_store.RANKED), limit=limit)
        from .learning import service as learning

        ids = [i for chunk in self.iter_ids(query) for i in chunk]
        learned = learning_store.LearnedTag(tag, self._tag_name(tag))
        return learning.rank_articles(self._conn, learned, ids, limit=limit, progress=progress,
                                      should_cancel=should_cancel)

    def review(self, name: str | None = None) -> list[SuggestionRow]:
        """Articles tagged as suggested (awaiting accept or reject), by collection."""
        tag = None if name is None else tag_store.tag_id(self._conn, name)
        return learning_store.suggestions(self._conn, tag, (learning_store.SUGGESTED,))

    def suggested_tags(self, ids: Sequence[int]) -> dict[int, list[str]]:
        """The collections each article is suggested for, awaiting a decision."""
        return learning_store.suggested_names_for(self._conn, ids)

    def suggestions_for(self, article_id: int) -> list[SuggestionRow]:
        """The collections this article is suggested for, awaiting a decision, with why."""
        return learning_store.suggestions_of_article(self._conn, article_id)

    def suggested_counts(self) -> dict[str, int]:
        """Suggestions awaiting a decision per collection (counted apart from its stories)."""
        return learning_store.suggested_counts(self._conn)

    def accept_suggestions(self, name: str, ids: Sequence[int] | None = None) -> TagChange:
        """Put suggested articles (all of the collection's by default) in the collection."""
        self._check_writable()
        with write_transaction(self._conn):
            tag, ids = self._decision_targets(name, ids)
            added = tag_store.link_new(self._conn, tag, ids, utc_now())
            learning_store.clear_decided(self._conn, tag, ids)
        return TagChange(self._tag_name(tag), added, [], False)

    def reject_suggestions(self, name: str, ids: Sequence[int] | None = None) -> int:
        """Remember that these articles (all the collection's suggestions by default) do
        not belong in the collection: never suggested again, learned from next time."""
        self._check_writable()
        with write_transaction(self._conn):
            tag, ids = self._decision_targets(name, ids)
            inside = sorted(set(ids) & learning_store.members(self._conn, tag))
            if inside:
                raise NewsreaderError(
                    f"article {inside[0]} is in {self._tag_name(tag)!r}; to take it out: "
                    f"newsreader tag remove {self._tag_name(tag)!r} {inside[0]}")
            return learning_store.reject(self._conn, tag, ids, utc_now())

    def set_rule(self, name: str, query: str | None) -> TagChange:
        """Give a collection (created when new) a rule: the search ``query`` tags what it
        matches now and what arrives later; None removes the rule."""
        self._check_writable()
        if query is not None:
            if not query.strip():
                raise NewsreaderError("a rule needs a search; to remove it use --off")
            self.check_query(query)
        matched = [] if query is None else [i for chunk in self.iter_ids(query) for i in chunk]
        with write_transaction(self._conn):
            if query is None:
                tag, created = tag_store.tag_id(self._conn, name), False
            else:
                tag, _, created = tag_store.ensure_named(self._conn, name)
            learning_store.set_rule(self._conn, tag, query)
            added = tag_store.link_new(self._conn, tag, matched, utc_now())
            learning_store.clear_decided(self._conn, tag, added)
        return TagChange(self._tag_name(tag), added, [], created)

    def rules(self) -> list[tuple[str, str]]:
        """(collection, search) of every rule."""
        return [(name, query) for _, name, query in learning_store.rules(self._conn)]

    def tag_arrivals(self, ids: Sequence[int], *, progress: LearningProgress | None = None,
                     should_cancel: Callable[[], bool] | None = None) -> ArrivalReport:
        """Tag newly arrived articles by the rules and, as suggested, by the learned
        collections (call it once their entities are found: both may use them). Costs
        nothing when no collection has a rule or learns."""
        self._check_writable()
        from .learning.rules import apply_rules
        from .models import ArrivalReport

        def rule_filter(query: str, candidates: Sequence[int]) -> list[int]:
            try:
                where, params = queries.where_clause(self._compile(query))
            except NewsreaderError:  # a rule the search language no longer reads
                return []
            return learning_store.matching(self._conn, where, params, candidates)

        report, ids = ArrivalReport(), [int(i) for i in ids]
        if ids:
            apply_rules(self._conn, ids, rule_filter, report)
        if ids and learning_store.has_models(self._conn):
            from .learning import service as learning  # scikit-learn: only when learning

            learning.suggest_arrivals(self._conn, ids, report, progress=progress,
                                      should_cancel=should_cancel)
        return report

    def _decision_targets(self, name: str, ids: Sequence[int] | None) -> tuple[int, Sequence[int]]:
        """The collection's id and the articles to accept or reject (by default, all its
        suggestions), which must exist."""
        tag = tag_store.tag_id(self._conn, name)
        if ids is None:
            ids = [s.article_id for s in learning_store.suggestions(
                self._conn, tag, (learning_store.SUGGESTED,))]
        self._require_articles(ids)
        return tag, ids

    def _tag_name(self, tag: int) -> str:
        return tag_store.name_of(self._conn, tag)

    def _require_articles(self, ids: Sequence[int]) -> None:
        missing = set(ids) - set(self.rows(list(ids)))
        if missing:
            raise NotFoundError(f"no article with id {min(missing)}")

    # -- export and backups ----------------------------------------------------------
    def export(self, target: str | PathLike[str] | IO[bytes], *, format: str = "folder",
               collection: str | None = None, query: Query | str | None = None,
               ids: Sequence[int] | None = None,
               progress: Callable[[int, int], None] | None = None,
               should_cancel: Callable[[], bool] | None = None, full_text: bool = True,
               force: bool = False, with_suggested: bool = False, excel: bool = False,
               memo: bool = False, links: str = "markdown",
               timeline: bool = False) -> ExportResult:
        """Export a collection (in its order), a search or the given ids to ``target``, a
        path or an open binary stream (see :func:`.export.export`): files this app did not
        write are replaced only with ``force`` (ExportOverwriteError names them otherwise)."""
        from .export import export

        text = query.text if isinstance(query, Query) else query
        return export(self, target, format=format, collection=collection, query=text, ids=ids,
                      progress=progress, should_cancel=should_cancel, full_text=full_text,
                      force=force, with_suggested=with_suggested, excel=excel, memo=memo,
                      links=links, timeline=timeline)

    @staticmethod
    def export_conflicts(target: str | PathLike[str], format: str) -> list[Path]:
        """The files an export to ``target`` would replace that this app did not write (or
        that changed since it did): ask the user before exporting with ``force``."""
        from .export import conflicts

        return conflicts(Path(target), format)

    def back_up(self, to: str | PathLike[str] | None = None) -> Path:
        """A verified copy of the library: to ``to``, else a rolling backup in the backups
        folder beside it (the oldest beyond the kept number go)."""
        return back_up_file(self.path, to)

    def backups(self) -> list[Path]:
        """This library's rolling backups, newest first (not verified: listing is quick)."""
        from .store.backup import backups

        return backups(self.path, verified=False)

    # -- feeds ------------------------------------------------------------------
    def feeds(self, folder: str | None = None) -> list[Feed]:
        return feed_store.list_feeds(self._conn, folder)

    def feed(self, key: int | str) -> Feed:
        return feed_store.get_feed(self._conn, key)

    def add_feed(self, url: str, *, folder: str | None = None, full_text: bool = False,
                 title: str | None = None) -> tuple[int, RefreshReport]:
        """Subscribe to a feed or a page announcing one; its first items are stored."""
        self._check_writable()
        from .feeds import refresh as feed_refresh

        return feed_refresh.subscribe(self._conn, url, folder=folder, full_text=full_text,
                                      title=title)

    def rename_feed(self, feed_id: int, title: str | None) -> None:
        self._write(feed_store.rename_feed, feed_id, title)

    def move_feed(self, feed_id: int, folder: str | None) -> None:
        self._write(feed_store.move_feed, feed_id, folder)

    def rename_folder(self, old: str, new: str | None) -> int:
        return self._write(feed_store.rename_folder, old, new)

    def set_feed_full_text(self, feed_id: int, on: bool) -> None:
        self._write(feed_store.set_full_text, feed_id, on)

    def remove_feed(self, feed_id: int, *, delete_articles: bool = False) -> int:
        return self._write(feed_store.remove_feed, feed_id, delete_articles=delete_articles)

    def refresh_feeds(self, feeds: Sequence[Feed] | None = None, *,
                      progress: importer.Progress | None = None,
                      should_cancel: Callable[[], bool] | None = None,
                      workers: int | None = None, per_host: int | None = None,
                      deadline: float | None = None) -> RefreshReport:
        """Refresh these feeds (all by default) several at a time; each feed's items are
        stored in one transaction as it arrives."""
        self._check_writable()
        from .feeds import refresh as feed_refresh

        options = None if deadline is None else feed_refresh.FetchOptions(deadline=deadline)
        return feed_refresh.refresh_feeds(self._conn, feeds, progress=progress,
                                          should_cancel=should_cancel,
                                          workers=workers or feed_refresh.DEFAULT_WORKERS,
                                          per_host=per_host or feed_refresh.DEFAULT_PER_HOST,
                                          options=options)

    def import_opml(self, data: bytes) -> tuple[int, OpmlImport]:
        """Subscribe to every new feed of an OPML file (fetched later); (added, parsed file)."""
        self._check_writable()
        from .feeds.opml import read_opml

        parsed = read_opml(data)
        added = 0
        with write_transaction(self._conn):
            for entry in parsed.entries:
                try:
                    feed_store.add_feed(self._conn, entry.url, title=entry.title,
                                        folder=entry.folder, site_url=entry.site_url)
                    added += 1
                except feed_store.FeedExistsError:
                    pass
        return added, parsed

    def export_opml(self) -> bytes:
        from .feeds.opml import export_opml

        return export_opml(self.feeds())

    def fetch_full_article(self, article_id: int) -> Article:
        """Replace a summary with the text of the article's page (the reader's button)."""
        self._check_writable()
        from .feeds.refresh import fetch_article

        article = self.article(article_id)
        if not article.url:
            raise NewsreaderError("this article has no web address to fetch")
        draft = fetch_article(article.url)
        with write_transaction(self._conn):
            article_store.update(self._conn, article_id, {"body_text": draft.body_text,
                                                          "body_html": draft.body_html})
            extraction.mark_pending(self._conn, [article_id])
        return self.article(article_id)

    def import_url(self, url: str) -> ImportReport:
        """Download one web page and store its article (main text by trafilatura)."""
        self._check_writable()
        from .feeds.refresh import fetch_article

        return self.import_drafts([fetch_article(url)])

    # -- internals --------------------------------------------------------------
    def _write(self, function: Callable[..., T], *args: object, **kwargs: object) -> T:
        """Run one store function in its own write transaction."""
        self._check_writable()
        with write_transaction(self._conn):
            return function(self._conn, *args, **kwargs)

    def _set_flag(self, ids: Iterable[int], column: str, value: bool) -> int:
        self._check_writable()
        with write_transaction(self._conn):
            return article_store.set_flag(self._conn, ids, column, value)

    def query(self, text: str | None) -> Query:
        """The query ``text`` says, read once: hand it to this Library's methods (which
        take a Query or its text) and ask it what it is (``problem``, ``has_words``,
        ``single_collection``...)."""
        return Query.parse(text)

    def check_query(self, query: Query | str) -> Query:
        """The query, or QueryError saying what the search language cannot read in it."""
        return check(query)

    def _compile(self, query: Query | str | None):
        parsed = check(query)
        if parsed.is_empty:
            return None
        known: dict[tuple[str | None, str], bool] = {}

        def few(term: Term) -> bool:
            """Whether an operator's articles are few enough for a search to start from
            them (counted once per compile)."""
            key = (term.operator, term.value)
            if key not in known:
                known[key] = queries.few_articles(self._conn, term.operator or "", term.value)
            return known[key]

        return compile_query(parsed, few)

    def _check_writable(self) -> None:
        if self.read_only:
            raise LibraryError(f"library {self.path} is open read-only")


# -- what each write changes ------------------------------------------------------------
# Every method that writes announces what it changed once it returns (or fails part way:
# an import's stored batches stay). A view refreshes what shows those things only. The
# table is checked against the methods that write (tests/core/test_changes.py).
_ARTICLES = Changes(articles=True, entities=True, collections=True, feeds=True)
_COLLECTIONS = Changes(collections=True)
_ENTITIES = Changes(entities=True)
WRITES: dict[str, tuple[Changes, str | None]] = {
    # method: (what it changes, the argument naming the articles whose rows changed)
    "add_sample": (_ARTICLES, None),
    "import_paths": (_ARTICLES, None),
    "import_drafts": (_ARTICLES, None),
    "import_url": (_ARTICLES, None),
    "delete_articles": (_ARTICLES, None),
    "set_mentions": (_ENTITIES, None),
    "extract_entities": (_ENTITIES, None),
    "reset_entities": (_ENTITIES, None),
    "set_entity_engine": (Changes(settings=True), None),
    "save_search": (Changes(settings=True), None),
    "add_watch_term": (Changes(settings=True, entities=True), None),
    "remove_watch_term": (Changes(settings=True, entities=True), None),
    "relabel_entity": (_ENTITIES, None),
    "merge_entity": (_ENTITIES, None),
    "split_entity": (_ENTITIES, None),
    "ignore_entity": (_ENTITIES, None),
    "undo_entity_correction": (_ENTITIES, None),
    "save_entity_as_collection": (_COLLECTIONS, None),
    "update_article": (Changes(details=True), "article_id"),
    "edit_details": (Changes(details=True), "article_id"),
    "fetch_full_article": (Changes(details=True, entities=True), "article_id"),
    "set_read": (Changes(flags=True), "ids"),
    "set_starred": (Changes(flags=True), "ids"),
    "set_story_read": (Changes(flags=True), None),  # the copies' rows too: any row
    "add_tag": (_COLLECTIONS, "ids"),
    "remove_tag": (_COLLECTIONS, "ids"),
    "undo_tag_change": (_COLLECTIONS, None),
    "restore_tag": (_COLLECTIONS, None),
    "rename_tag": (_COLLECTIONS, None),
    "delete_tag": (_COLLECTIONS, None),
    "describe_tag": (_COLLECTIONS, None),
    "set_collection_note": (_COLLECTIONS, "article_id"),
    "set_collection_order": (_COLLECTIONS, None),
    "set_learning": (_COLLECTIONS, None),
    "learn": (_COLLECTIONS, None),
    "accept_suggestions": (_COLLECTIONS, None),
    "reject_suggestions": (_COLLECTIONS, None),
    "set_rule": (_COLLECTIONS, None),
    "tag_arrivals": (_COLLECTIONS, None),
    "add_feed": (_ARTICLES, None),
    "rename_feed": (Changes(feeds=True), None),
    "move_feed": (Changes(feeds=True), None),
    "rename_folder": (Changes(feeds=True), None),
    "set_feed_full_text": (Changes(feeds=True), None),
    "remove_feed": (_ARTICLES, None),
    "refresh_feeds": (_ARTICLES, None),
    "import_opml": (Changes(feeds=True), None),
}


def _announcing(method: Callable[..., T], changes: Changes, ids_argument: str | None):
    signature = inspect.signature(method)

    @functools.wraps(method)
    def write(self: Library, *args: object, **kwargs: object) -> T:
        try:
            return method(self, *args, **kwargs)
        finally:
            said = changes
            if ids_argument is not None:
                value = signature.bind(self, *args, **kwargs).arguments.get(ids_argument)
                ids = [value] if isinstance(value, int) else list(value or ())
                said = Changes(**{**{f: getattr(changes, f) for f in changes.__slots__},
                                  "ids": frozenset(ids)})
            self._announce(said)

    return write


for _name, (_changes, _ids) in WRITES.items():
    setattr(Library, _name, _announcing(getattr(Library, _name), _changes, _ids))


def back_up_file(path: Path, to: str | PathLike[str] | None) -> Path:
    """A verified copy of the library file at ``path`` (see :meth:`Library.back_up`)."""
    from .store.backup import backup_to, rolling_backup

    return (backup_to(path, Path(to).expanduser()) if to is not None
            else rolling_backup(path, reason="manual"))


def describe_engine(choice: str = "auto", model: str | None = None) -> str:
    """A sentence for Preferences and the CLI: which entity engine runs, and how to get a
    better one."""
    from .entities.engines import describe

    return describe(choice, model)


def about(path: str | PathLike[str], library: Library | None = None) -> list[tuple[str, str]]:
    """What Help ▸ About and ``newsreader --version`` say, as (label, value) rows: the
    version, the library's path, the entity engine it uses and its search index.

    Without ``library`` the file at ``path`` is read read-only for its engine choice, and
    nothing is created where there is no library (the engine is then the default's).
    """
    from .. import __version__

    path = Path(path)
    where = str(path)
    choice, model = "auto", None
    index = "none yet"
    if library is not None:
        choice, model = library.entity_engine_setting()
        index = _index_words(library)
    elif not path.exists():
        where += " (not created yet)"
    else:
        try:
            with Library(path, read_only=True) as reading:
                choice, model = reading.entity_engine_setting()
                index = _index_words(reading)
        except (NewsreaderError, sqlite3.Error) as error:
            where += f" (cannot be read: {error})"
    return [("Version", __version__), ("Library", where),
            ("Entities", describe_engine(choice, model)), ("Search index", index)]


def _index_words(library: Library) -> str:
    status = library.search_index_status()
    if status is None or not status.exists:
        return "not built yet (searches use SQLite's own index meanwhile)"
    size = f"{status.size_text} at {status.folder}"
    if status.behind:
        return f"{status.behind:,} changes behind (it catches up by itself); {size}"
    return f"up to date; {size}"
