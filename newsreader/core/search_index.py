"""The search index beside the library: kept in step with it, and asked first.

``<library>.search`` (:mod:`.textindex`) answers ranked searches - free words with or
without operators - with the best matches of a million articles in a few milliseconds.
The library stays the one copy of everything: the index follows its list of changes
(:mod:`.store.search_changes`, filled by triggers, so another program's writes count
too), is rebuilt when missing, damaged, of another library or from a restored older
file, and is only asked while it holds every change. Otherwise, and wherever it cannot
answer, the search runs in SQLite's FTS5 as before (correct, slower).

Operators (``tag:``, ``is:``, dates, ``source:``, entities...) are checked in SQL on the
index's best hits, taking more hits until enough pass.
"""

from __future__ import annotations

import contextlib
import logging
import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .search import CompiledQuery, IndexGroup
from .snippets import snippet
from .store import meta, queries
from .store import search_changes as changes_store
from .store.connection import LibraryConnection, write_transaction
from .store.locking import WriterLock
from .textindex.state import FORMAT, IndexState, folder_for, read_state, remove_folder

if TYPE_CHECKING:  # tantivy loads on the first search or update, not with the Library
    from .textindex.store import TextIndex

log = logging.getLogger(__name__)

#: progress(done, total) while the index catches up or is built
Progress = Callable[[int, int], None]
#: articles read and indexed between two commits (each commit is a point to resume from)
BATCH = 20_000
#: the index's hits taken first for a query with operators (times the page asked for),
#: and the most taken before the search is left to SQLite
FIRST_HITS = 4
MOST_HITS = 200_000
#: the first chunk of a whole list, best first: the rows a window shows at once
FIRST_CHUNK = 200
#: tantivy's own indexing threads for a rebuild (this one reads the library meanwhile)
REBUILD_THREADS = max(1, min(2, (os.cpu_count() or 1) - 1))
#: the lock beside the library that one updating program holds
LOCK_SUFFIX = ".search.lock"
#: changes the index has read are forgotten this many at a time
PRUNE_AFTER = 10_000


@dataclass(frozen=True, slots=True)
class IndexReport:
    """What bringing the index up to date did."""

    indexed: int = 0
    rebuilt: bool = False
    cancelled: bool = False
    #: why nothing could be done (another program writes the index, read-only library)
    skipped: str | None = None


@dataclass(frozen=True, slots=True)
class IndexStatus:
    exists: bool
    #: changes of the library the index has not read (0: current)
    behind: int
    folder: Path
    size: int

    @property
    def size_text(self) -> str:
        """The size for people: "236 KB", "201.0 MB"."""
        if self.size < 1_000_000:
            return f"{max(1, round(self.size / 1000)):,} KB"
        return f"{self.size / 1e6:,.1f} MB"


class SearchIndex:
    """The index of one library file, seen through one connection."""

    def __init__(self, library_path: Path, conn: LibraryConnection, *, read_only: bool) -> None:
        self.folder = folder_for(library_path)
        self._library_path = library_path
        self._conn = conn
        self._read_only = read_only
        self._open: TextIndex | None = None
        self._open_build: str | None = None

    # -- reading ------------------------------------------------------------------
    def _library_id(self) -> str | None:
        return meta.get(self._conn, "library_id")

    def _index(self) -> TextIndex | None:
        """The open index when the folder holds one of this version (reopened after a
        rebuild by anyone)."""
        state = read_state(self.folder)
        if state is None or state.format != FORMAT:
            self._close()
            return None
        if self._open is None or state.build != self._open_build:
            from .textindex.store import TextIndex

            self._close()
            self._open = TextIndex.open(self.folder)
            self._open_build = state.build if self._open is not None else None
        return self._open

    def _close(self) -> None:
        if self._open is not None:
            self._open.close()
        self._open, self._open_build = None, None

    def current(self) -> TextIndex | None:
        """The index when it holds every change of this library, else None."""
        index = self._index()
        state = index.state if index is not None else None
        if index is None or state is None or state.library != self._library_id():
            return None
        return index if state.applied == changes_store.latest(self._conn) else None

    def status(self) -> IndexStatus:
        state = read_state(self.folder)
        latest = changes_store.latest(self._conn)
        usable = (state is not None and state.format == FORMAT
                  and state.library == self._library_id() and state.applied <= latest)
        behind = (changes_store.pending(self._conn, state.applied) if usable and state
                  else changes_store.article_count(self._conn))
        return IndexStatus(usable, behind, self.folder, _folder_size(self.folder))

    def ranked_ids(self, compiled: CompiledQuery, *, limit: int,
                   offset: int = 0) -> list[int] | None:
        """The best ``limit`` matches after ``offset``, or None when the index cannot say
        (not current, or a query without free words in every alternative)."""
        index = self._usable(compiled)
        if index is None or compiled.index_groups is None:
            return None
        from .textindex.translate import any_group_query, best_hits

        want = offset + limit
        if want <= 0:
            return []
        groups = compiled.index_groups
        if len(groups) == 1 and groups[0].filter_where == "1":
            return [i for _, i in best_hits(index, groups[0].terms, want)][offset:]
        if all(g.filter_where == "1" for g in groups):
            query = any_group_query(index, [g.terms for g in groups])
            return [i for _, i in index.best(query, want)][offset:]
        merged: dict[int, float] = {}
        for group in groups:
            found = self._best_passing(index, group, want)
            if found is None:
                return None
            for score, article_id in found:
                merged[article_id] = max(score, merged.get(article_id, score))
        ranked = sorted(merged.items(), key=lambda item: (-item[1], item[0]))
        return [i for i, _ in ranked][offset:want]

    def _usable(self, compiled: CompiledQuery) -> TextIndex | None:
        return self.current() if compiled.index_groups is not None else None

    def _best_passing(self, index: TextIndex, group: IndexGroup,
                      want: int) -> list[tuple[float, int]] | None:
        """The best ``want`` hits of one alternative that meet its operators: the index's
        best hits checked in SQL, more of them until enough pass (None: so few pass that
        SQLite, starting from the operators, is the better way)."""
        from .textindex.translate import among_articles, best_hits

        if group.filter_where == "1":
            return best_hits(index, group.terms, want)
        if group.narrow is not None:  # a small collection, a rare entity: rank only its own
            own = queries.article_ids(self._conn, *group.narrow)
            if not own:
                return []
            hits = index.best(among_articles(index, group.terms, own), len(own))
            scores = {i: score for score, i in hits}
            kept = queries.passing(self._conn, [i for _, i in hits], group.filter_where,
                                   group.filter_params)
            return [(scores[i], i) for i in kept][:want]
        passed: list[tuple[float, int]] = []
        checked = 0
        taken = max(want * FIRST_HITS, 200)
        while True:
            hits = best_hits(index, group.terms, taken)[checked:]
            scores = {i: score for score, i in hits}
            kept = queries.passing(self._conn, [i for _, i in hits], group.filter_where,
                                   group.filter_params)
            passed.extend((scores[i], i) for i in kept)
            checked += len(hits)
            if len(passed) >= want or checked < taken:
                return passed[:want]
            if taken >= MOST_HITS:
                return None
            taken = min(MOST_HITS, _enough(checked, len(passed), want))

    def ranked_chunks(self, compiled: CompiledQuery, chunk: int) -> Iterator[list[int]] | None:
        """Every match, best first, a chunk at a time (a small first chunk, so that a list
        shows its first rows at once), or None when the index cannot say."""
        index = self._usable(compiled)
        groups = compiled.index_groups
        if index is None or groups is None:
            return None
        if len(groups) > 1 and any(g.filter_where != "1" for g in groups):
            return None
        return self._chunks(index, groups, chunk)

    def _chunks(self, index: TextIndex, groups: list[IndexGroup],
                chunk: int) -> Iterator[list[int]]:
        from .textindex.translate import any_group_query

        query = any_group_query(index, [g.terms for g in groups])
        where, params = groups[0].filter_where, groups[0].filter_params
        total = index.count(query)
        given = 0
        taken = min(FIRST_CHUNK, chunk)
        while given < total:
            taken = min(max(taken, given + 1), total)
            ids = [i for _, i in index.best(query, taken, skip=given)]
            given += len(ids)
            if where != "1":
                ids = queries.passing(self._conn, ids, where, params)
            for start in range(0, len(ids), chunk):
                yield ids[start:start + chunk]
            if given < taken:
                return
            taken *= 10

    def snippets(self, compiled: CompiledQuery, ids: list[int]) -> dict[int, str] | None:
        """Snippets around the matched words of listed articles, or None when the index
        cannot say which words match."""
        index = self._usable(compiled)
        if index is None or compiled.index_groups is None:
            return None
        from .textindex.translate import word_matcher

        matches = word_matcher(index, [t for g in compiled.index_groups for t in g.terms])
        found = {}
        for text in changes_store.texts(self._conn, ids):
            made = snippet([text.title, text.body], matches)
            if made is not None:
                found[text.id] = made
        return found

    # -- writing ------------------------------------------------------------------
    def update(self, progress: Progress | None = None,
               cancelled: Callable[[], bool] | None = None) -> IndexReport:
        """Bring the index up to date: read the changes it lacks, or build it anew when it
        cannot follow (missing, another library's, older than the file). Resumable: each
        batch is committed with how far it got. One program updates it at a time (two
        command-line imports that ended together rebuilt it in one folder and broke each
        other's build); the others leave it to that one."""
        if self._read_only:
            return IndexReport(skipped="the library is open read-only")
        lock = WriterLock(self._library_path, suffix=LOCK_SUFFIX)
        if not lock.acquire():
            return IndexReport(skipped="another program is updating the search index")
        try:
            return self._update(progress, cancelled)
        finally:
            lock.release()

    def _update(self, progress: Progress | None,
                cancelled: Callable[[], bool] | None) -> IndexReport:
        library = self._library_id()
        if library is None:
            return IndexReport(skipped="the library has no identity yet")
        index = self._index()
        state = index.state if index is not None else None
        latest = changes_store.latest(self._conn)
        oldest = changes_store.oldest_kept(self._conn)
        if (index is None or state is None or state.library != library
                or state.applied > latest
                or (oldest is not None and oldest > state.applied + 1
                    and state.applied < latest)):
            return self._rebuild(library, progress, cancelled)
        if state.applied == latest:
            return IndexReport()
        from .textindex.store import IndexBusy

        try:
            report = self._catch_up(index, state, progress, cancelled)
        except IndexBusy as error:
            return IndexReport(skipped=f"another program is updating the search index ({error})")
        self._prune()
        return report

    def _catch_up(self, index: TextIndex, state: IndexState, progress: Progress | None,
                  cancelled: Callable[[], bool] | None) -> IndexReport:
        ids, newest = changes_store.changed_since(self._conn, state.applied)
        done = 0
        with index.writing() as writer:
            for start in range(0, len(ids), BATCH):
                if cancelled is not None and cancelled():
                    return IndexReport(indexed=done, cancelled=True)
                part = ids[start:start + BATCH]
                texts = changes_store.texts(self._conn, part)
                writer.remove(part)
                for text in texts:
                    writer.add(text.id, text.title, text.body, text.source, text.author)
                done += len(part)
                last = start + BATCH >= len(ids)
                # a batch not the last is committed as not yet past any change: only the
                # last one may say the index has read up to ``newest``
                writer.commit(replace(state, applied=newest) if last else state)
                if progress is not None:
                    progress(done, len(ids))
        return IndexReport(indexed=done)

    def _rebuild(self, library: str, progress: Progress | None,
                 cancelled: Callable[[], bool] | None) -> IndexReport:
        """A new index in ``<folder>.new``, put in place of the old one when complete."""
        self._close()
        building = self.folder.with_name(self.folder.name + ".new")
        remove_folder(building)
        latest = changes_store.latest(self._conn)
        total = changes_store.article_count(self._conn)
        state = IndexState(library, latest, build=uuid.uuid4().hex)
        from .textindex.store import TextIndex

        try:
            index = TextIndex.create(building, replace(state, applied=-1))
        except (OSError, ValueError) as error:  # tantivy says ValueError for its IO errors
            return IndexReport(skipped=f"cannot write the search index: {error}")
        done = 0
        try:
            with index.writing(threads=REBUILD_THREADS) as writer:
                for texts in changes_store.all_texts(self._conn):
                    if cancelled is not None and cancelled():
                        raise _Cancelled
                    for text in texts:
                        writer.add(text.id, text.title, text.body, text.source, text.author)
                    done += len(texts)
                    if progress is not None:
                        progress(done, total)
                writer.commit(state)
            index.close()
        except _Cancelled:
            index.close()
            remove_folder(building)
            return IndexReport(indexed=done, rebuilt=True, cancelled=True)
        except (OSError, ValueError) as error:
            index.close()
            remove_folder(building)
            return IndexReport(skipped=f"cannot write the search index: {error}")
        old = self.folder.with_name(self.folder.name + ".old")
        remove_folder(old)
        with contextlib.suppress(FileNotFoundError):
            os.replace(self.folder, old)
        os.replace(building, self.folder)
        remove_folder(old)
        self._prune(at_least=1)
        return IndexReport(indexed=done, rebuilt=True)

    def _prune(self, *, at_least: int = PRUNE_AFTER) -> None:
        """Forget the changes the index has read (the list would grow with every write),
        a good many at a time: another program's window sees each prune as a change."""
        state = read_state(self.folder)
        oldest = changes_store.oldest_kept(self._conn)
        if state is None or state.applied <= 0 or oldest is None:
            return
        if state.applied - oldest + 1 < at_least:
            return
        try:
            with write_transaction(self._conn):
                changes_store.prune(self._conn, state.applied)
        except Exception as error:  # noqa: BLE001 - pruning can wait for the next update
            log.info("search changes not pruned: %s", error)

    def close(self) -> None:
        self._close()

    def remove(self) -> None:
        """Delete the index folder (it is rebuilt on the next update)."""
        self._close()
        remove_folder(self.folder)


def _enough(checked: int, passed: int, want: int) -> int:
    """How many hits to take next so that ``want`` pass, at the share that passed so far
    (with room to spare; at least four times as many when none passed)."""
    if passed == 0:
        return checked * 4 + want * FIRST_HITS
    share = passed / checked
    return checked + int((want - passed) / share * 1.5) + want


class _Cancelled(Exception):
    pass


def _folder_size(folder: Path) -> int:
    try:
        return sum(f.stat().st_size for f in folder.iterdir() if f.is_file())
    except OSError:
        return 0
