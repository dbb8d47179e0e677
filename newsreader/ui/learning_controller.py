"""Collections that learn, in the window: the collection menu's "Learn from its stories"
and "Rule…", training in the background (again whenever a learning collection's stories
or rejections change), Accept / Reject of suggestions (keys on the selection, links in
the reader), and the tagging of new arrivals once their entities are found.

The window hands this part the library, its operations, the reader and a few callbacks;
every write goes through the Library, so the views follow through
``on_library_changed`` like any other change.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QInputDialog, QMenu, QWidget

from ..core.errors import NewsreaderError
from ..core.library import Library
from ..core.models import ArrivalReport, Changes, LearnReport
from ..core.query import Query
from .operations import LibraryOp, Operations
from .reader import ReaderView
from .tasks import Task

log = logging.getLogger("newsreader.ui")

#: after the collections change (tagging, accepting, rejecting), wait this long for the
#: changes to settle before training the changed learning collections again
RETRAIN_MS = 1500
#: how long to wait before trying again while another task holds the library
BUSY_RETRY_MS = 1000


def suggested_view_of(query: Query) -> str | None:
    """The learning collection whose "Suggested" entry this query shows, else None."""
    if len(query.groups) == 1 and len(query.groups[0]) == 1:
        term = query.groups[0][0]
        if term.operator == "suggested" and not term.negated:
            return term.value
    return None


class LearningController(QObject):
    #: a training run ended (its LearnReport)
    learned = Signal(object)
    #: new arrivals were tagged by the rules and the learning collections (ArrivalReport)
    arrivals_tagged = Signal(object)

    def __init__(self, library: Library, ops: Operations, window: QWidget, *,
                 reader: ReaderView, selected_ids: Callable[[], list[int]],
                 view_query: Callable[[], Query], status: Callable[[str, int], None],
                 show_error: Callable[[str], None]) -> None:
        super().__init__(window)
        self.library, self.ops, self._window, self.reader = library, ops, window, reader
        self._selected_ids, self._view_query = selected_ids, view_query
        self._status, self._show_error = status, show_error
        #: new articles waiting for their entities before they are tagged
        self._arrivals: list[int] = []
        self._entities_done = False
        #: learning collections that could not be trained, and their size when tried
        self._untrained: dict[str, int] = {}
        #: collections asked to learn while another task held the library
        self._queued: set[str] = set()
        self._task: Task | None = None
        self._retrain = QTimer(self, singleShot=True, interval=RETRAIN_MS)
        self._retrain.timeout.connect(self.retrain_changed)
        self._arrival_timer = QTimer(self, singleShot=True, interval=BUSY_RETRY_MS)
        self._arrival_timer.timeout.connect(self.tag_waiting_arrivals)
        ops.changed.connect(self.on_changed)
        ops.settled.connect(self.on_settled)
        reader.article_shown.connect(self.show_suggestions_of)
        reader.suggestion_decided.connect(self.on_reader_decision)

    def stop(self) -> None:
        self._retrain.stop()
        self._arrival_timer.stop()

    # -- the collection menu ------------------------------------------------------------
    def add_menu_entries(self, menu: QMenu, name: str) -> None:
        """"Learn from its stories" (a switch) and "Rule…" in a collection's menu."""
        learns = name.casefold() in {n.casefold() for n in self.library.learning_collections()}
        switch = menu.addAction("Learn from its stories")
        switch.setCheckable(True)
        switch.setChecked(learns)
        switch.setToolTip("Find the stories not in it yet, and mark new ones it is sure of "
                          "as suggested")
        switch.toggled.connect(lambda on: self.set_learning(name, on))
        menu.addAction("Rule…", lambda: self.edit_rule(name))

    def add_suggested_menu_entries(self, menu: QMenu, name: str) -> None:
        """The "Suggested" entry's menu: decide on all of them at once."""
        menu.addAction("Accept all suggestions", lambda: self.decide_all(name, True))
        menu.addAction("Reject all suggestions", lambda: self.decide_all(name, False))
        menu.addSeparator()
        menu.addAction("Learn again now", lambda: self.train([name]))

    def _writable(self) -> bool:
        if self.library.read_only:
            self._show_error("This library is open read-only; collections cannot change.")
            return False
        return True

    def set_learning(self, name: str, on: bool) -> None:
        if not self._writable():
            return
        try:
            (stored,) = self.library.set_learning([name], on)
        except NewsreaderError as error:
            self._show_error(str(error))
            return
        if on:
            self._untrained.pop(stored, None)
            self.train()
        else:
            self._status(f"“{stored}” no longer learns; its suggestions are gone "
                         "(what you rejected is remembered).", 10000)

    def edit_rule(self, name: str) -> None:
        """Ask for the search whose matches the collection takes in, now and on arrival
        (empty: no rule)."""
        if not self._writable():
            return
        current = dict(self.library.rules()).get(name, "")
        text, ok = QInputDialog.getText(
            self._window, f"Rule of “{name}”",
            "Put in this collection every article that matches this search,\n"
            "now and as new ones arrive (leave it empty for no rule):", text=current)
        if not ok or text.strip() == current.strip():
            return
        try:
            change = self.library.set_rule(name, text.strip() or None)
        except NewsreaderError as error:
            self._show_error(str(error))
            return
        if not text.strip():
            self._status(f"“{change.name}” has no rule any more; its articles stay.", 10000)
            return
        added = len(change.added)
        self._status(f"“{change.name}” now tags what matches  {text.strip()}  : {added:,} "
                     f"article{'s' * (added != 1)} added now, new ones as they arrive.", 10000)

    # -- training -----------------------------------------------------------------------
    def train(self, only: Sequence[str] | None = None) -> Task | None:
        """Train the learning collections (``only``: these again) in the background, with
        progress and Cancel in the status bar."""
        if self.library.read_only:
            return None
        if self.ops.busy:  # after the running task (an import, entities)
            self._queued.update(only if only is not None else self.library.learning_collections())
            self._retrain.start(BUSY_RETRY_MS)
            self._status("Learning starts when the running task has finished.", 5000)
            return None
        names = list(only) if only is not None else None
        self._queued.clear()

        def work(library: Library, task: Task) -> LearnReport:
            return library.learn(names, progress=task.report_progress,
                                 should_cancel=lambda: task.cancelled)

        self._task = self.ops.run(LibraryOp("Learning", work, label="Learning",
                                            on_done=self.on_learned,
                                            on_failed=self.on_learning_failed))
        return self._task

    @Slot(object)
    def on_learned(self, report: LearnReport) -> None:
        self._task = None
        counts = {t.name: t.count for t in self.library.tags()}
        for name, _why in report.skipped:
            self._untrained[name] = counts.get(name, 0)
        for done in report.trained:
            self._untrained.pop(done.name, None)
        self._status(learned_text(report), 15000)
        self.learned.emit(report)

    @Slot(str)
    def on_learning_failed(self, message: str) -> None:
        self._task = None
        self._status(f"Learning failed: {message}", 15000)
        log.warning("learning failed: %s", message)

    @Slot()
    def retrain_changed(self) -> None:
        """Train again the learning collections whose stories or rejections changed
        since they learned (and those not trainable before whose size changed)."""
        if self.library.read_only:
            return
        if self.ops.busy:
            self._retrain.start(BUSY_RETRY_MS)
            return
        stale = sorted(set(self.changed_collections()) | self._queued)
        if stale:
            self.train(stale)

    def changed_collections(self) -> list[str]:
        counts = {t.name: t.count for t in self.library.tags()}
        stale = []
        for name in self.library.learning_collections():
            change = self.library.learning_changes(name)
            if change is None:  # never trained: when it has grown or shrunk since it was tried
                if self._untrained.get(name) != counts.get(name, 0):
                    stale.append(name)
            elif any(change):
                stale.append(name)
        return stale

    @Slot(object)
    def on_changed(self, changes: Changes) -> None:
        """A write of the window (tagging, accepting, rejecting, a rule): the open article's
        suggestions again, and the changed learning collections retrained once it settles."""
        if changes.collections:
            self.refresh_reader()
            if self.library.learning_collections():
                self._retrain.start(RETRAIN_MS)

    @Slot(object)
    def on_settled(self, changes: Changes) -> None:
        """A background run ended (training, arrivals): the open article's suggestions."""
        if changes.collections:
            self.refresh_reader()

    # -- accept and reject --------------------------------------------------------------
    def refresh_reader(self) -> None:
        article_id = self.reader.current_article_id()
        if article_id is not None:
            self.show_suggestions_of(article_id)

    @Slot(int)
    def show_suggestions_of(self, article_id: int) -> None:
        """The reader's chips of the learning collections that suggest this article."""
        rows = self.library.suggestions_for(article_id)
        if rows or self.reader.learned_suggestions():
            self.reader.set_extras(learned=rows)

    @Slot(str, bool)
    def on_reader_decision(self, name: str, accept: bool) -> None:
        article_id = self.reader.current_article_id()
        if article_id is not None:
            self.decide([article_id], accept, only=name)

    def on_accept_selection(self) -> None:
        self.decide(self._selection(), True)

    def on_reject_selection(self) -> None:
        self.decide(self._selection(), False)

    def _selection(self) -> list[int]:
        ids = self._selected_ids()
        if not ids and self.reader.current_article_id() is not None:
            ids = [self.reader.current_article_id()]  # type: ignore[list-item]
        return ids

    def decide(self, ids: list[int], accept: bool, *, only: str | None = None) -> None:
        """Accept or reject the suggestions of these articles: for ``only`` this
        collection, else for the collection shown (or its "Suggested" entry), else for
        every collection that suggests them."""
        if not ids or not self._writable():
            return
        view = self._view_query()
        only = only or view.single_collection or suggested_view_of(view)
        by_collection: dict[str, list[int]] = {}
        for article_id, names in self.library.suggested_tags(ids).items():
            for name in names:
                if only is None or name.casefold() == only.casefold():
                    by_collection.setdefault(name, []).append(article_id)
        if not by_collection:
            what = "this article" if len(ids) == 1 else "the selected articles"
            where = f" for “{only}”" if only else ""
            self._status(f"No suggestion{where} awaits a decision on {what}.", 5000)
            return
        done = 0
        try:
            for name, chosen in by_collection.items():
                if accept:
                    done += len(self.library.accept_suggestions(name, chosen).added)
                else:
                    done += self.library.reject_suggestions(name, chosen)
        except NewsreaderError as error:
            self._show_error(str(error))
            return
        listed = ", ".join(f"“{name}”" for name in by_collection)
        plural = "s" * (done != 1)
        self._status(f"Accepted {done:,} article{plural} into {listed}." if accept else
                     f"Rejected {done:,} suggestion{plural} for {listed}; they will not be "
                     "suggested again.", 8000)

    def decide_all(self, name: str, accept: bool) -> None:
        if not self._writable():
            return
        try:
            if accept:
                count = len(self.library.accept_suggestions(name).added)
            else:
                count = self.library.reject_suggestions(name)
        except NewsreaderError as error:
            self._show_error(str(error))
            return
        self._status(f"{'Accepted' if accept else 'Rejected'} {count:,} suggestion"
                     f"{'s' * (count != 1)} for “{name}”.", 8000)

    # -- new arrivals -----------------------------------------------------------------
    @Slot(object)
    def on_imported(self, report: Any) -> None:
        """An import (or a web page) ended: tag its new articles once their entities are
        found."""
        self.add_arrivals(list(getattr(report, "added_ids", []) or []))

    @Slot(list)
    def add_arrivals(self, ids: list[int]) -> None:
        if ids and not self.library.read_only:
            self._arrivals.extend(ids)
            self._entities_done = False
            self._arrival_timer.start(0)

    @Slot()
    def on_entities_done(self) -> None:
        self._entities_done = True
        self._arrival_timer.start(0)

    @Slot()
    def tag_waiting_arrivals(self) -> None:
        """Tag the new arrivals by the rules and the learning collections, after their
        entities (the extraction starts after an import; this waits for it)."""
        if not self._arrivals:
            return
        if self.ops.busy:
            self._arrival_timer.start(BUSY_RETRY_MS)
            return
        if not self._entities_done and self.library.pending_entities():
            self._arrival_timer.start(BUSY_RETRY_MS)  # the extraction is about to start
            return
        ids, self._arrivals = self._arrivals, []

        def work(library: Library, task: Task) -> ArrivalReport:
            return library.tag_arrivals(ids, progress=task.report_progress,
                                        should_cancel=lambda: task.cancelled)

        if self.ops.run(LibraryOp("Tagging new articles", work, label="Tagging new articles",
                                  on_done=self.on_arrivals_tagged)) is None:
            self._arrivals = ids + self._arrivals
            self._arrival_timer.start(BUSY_RETRY_MS)

    @Slot(object)
    def on_arrivals_tagged(self, report: ArrivalReport) -> None:
        text = arrivals_text(report)
        if text:
            self._status(text, 15000)
        self.arrivals_tagged.emit(report)


def learned_text(report: LearnReport) -> str:
    """What a training run did, in one line for the status bar."""
    if report.cancelled:
        return "Learning cancelled; nothing changed (the last training stays in use)."
    parts = []
    for done in report.trained:
        stories = f"{done.stories} stor{'ies' if done.stories != 1 else 'y'}"
        found = (f"{done.suggested} article{'s' * (done.suggested != 1)} suggested"
                 if done.suggested else "nothing it is sure of yet")
        parts.append(f"“{done.name}” learned from {stories}: {found}")
    for name, why in report.skipped:
        parts.append(f"“{name}” learns, but cannot be trained yet: {why}")
    return ". ".join(parts) + "." if parts else "No collection learns."


def arrivals_text(report: ArrivalReport) -> str:
    parts = [f"rule of “{name}” tagged {count} new article{'s' * (count != 1)}"
             for name, count in report.ruled.items()]
    parts += [f"{count} new article{'s' * (count != 1)} suggested for “{name}”"
              for name, count in report.suggested.items()]
    if not parts:
        return ""
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] + "."
