"""Files in and out of the library from the window: import, export, backup, restore.

Each runs as a LibraryOp (progress and Cancel in the status bar); what an import added
reaches the views as its changes, like any other write. The window gives this part the
state of its list (``list_state``) and hears it through signals.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ..core.library import Library
from ..core.models import ExportResult, ImportReport
from ..core.query import Query
from .export_dialog import ExportDialog, confirm_replace
from .import_task import import_op, report_text
from .operations import LibraryOp, Operations
from .tasks import Task

#: (the collection the list shows or None, the list's whole query, the selected ids)
ListState = Callable[[], tuple[str | None, Query, list[int]]]
Status = Callable[[str, int], None]


class TransferController(QObject):
    #: an import started here ended (its ImportReport)
    import_finished = Signal(object)
    #: an export started here ended (its ExportResult)
    export_finished = Signal(object)
    #: the user chose a backup to restore (its Path): the window closes, the app restores
    restore_requested = Signal(object)

    def __init__(self, library: Library, ops: Operations, window: QWidget, *,
                 status: Status, show_error: Callable[[str], None],
                 list_state: ListState) -> None:
        super().__init__(window)
        self.library, self.ops, self._window = library, ops, window
        self._status, self._show_error, self._list_state = status, show_error, list_state

    # -- import ---------------------------------------------------------------------
    @Slot()
    def on_import_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self._window, "Import articles", str(Path.home()),
            "Articles (*.txt *.md *.markdown *.html *.htm *.json *.jsonl);;All files (*)")
        if paths:
            self.start_import(paths)

    @Slot()
    def on_import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self._window, "Import a folder", str(Path.home()))
        if folder:
            self.start_import([folder])

    def start_import(self, paths: list[str]) -> Task | None:
        if self.library.read_only:
            self._show_error("This library is open read-only; nothing can be imported.")
            return None
        return self.ops.run(import_op(paths, on_done=self.on_import_done))

    @Slot(object)
    def on_import_done(self, report: ImportReport) -> None:
        summary, details = report_text(report)
        self._status(summary, 10000)
        if details:
            self.show_import_problems(summary, details)
        self.import_finished.emit(report)

    def show_import_problems(self, summary: str, details: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, "Import finished with problems",
                          summary + "\n\nThe files below were not imported.",
                          QMessageBox.StandardButton.Ok, self._window)
        box.setDetailedText(details)
        box.open()

    # -- backups --------------------------------------------------------------------
    @Slot()
    def on_backup(self) -> None:
        """A verified copy in the backups folder beside the library (in the background)."""
        self.ops.run(LibraryOp("Back up", lambda library, _task: library.back_up(),
                               label="Backing up", on_done=self.on_backup_done))

    @Slot(object)
    def on_backup_done(self, made: object) -> None:
        self._status(f"Backed up to {made}", 10000)

    @Slot()
    def on_restore(self) -> None:
        found = self.library.backups()
        folder = str(found[0].parent) if found else str(self.library.path.parent)
        chosen, _ = QFileDialog.getOpenFileName(self._window, "Restore from backup", folder,
                                                "Backups (*.sqlite);;All files (*)")
        if not chosen:
            return
        answer = QMessageBox.question(
            self._window, "Restore from backup",
            f"Replace the library with {Path(chosen).name}? The current library is kept "
            "beside it (renamed, never deleted), and Newsreader reopens.")
        if answer == QMessageBox.StandardButton.Yes:
            self.restore_requested.emit(Path(chosen))

    # -- export ---------------------------------------------------------------------
    @Slot()
    def on_export(self, collection: str | None = None) -> None:
        """Ask what to export (the collection, this list, the selection), how and where;
        ask again before replacing files Newsreader did not write."""
        shown, query, selected = self._list_state()
        collection = collection or shown
        sources = []
        if collection:
            sources.append((f"Collection “{collection}” in its order", "collection"))
        if not query.is_empty:
            sources.append((f"This list: {query.text}", "query"))
        if selected:
            sources.append((f"The {len(selected):,} selected articles", "ids"))
        if not sources:
            sources.append(("All articles", "all"))
        suggested = self.library.suggested_counts().get(collection, 0) if collection else 0
        dialog = ExportDialog(sources, collection or "newsreader-export", self._window,
                              suggested=suggested)
        if not dialog.exec():
            return
        source, fmt, target = dialog.choice()
        replaced = self.library.export_conflicts(target, fmt)
        if replaced and not confirm_replace(self._window, replaced, folder=fmt == "folder"):
            self._status("Export cancelled; nothing was written.", 8000)
            return
        self.start_export(target, fmt, collection=collection if source == "collection" else None,
                          query={"query": query, "all": Query()}.get(source),
                          ids=selected if source == "ids" else None, force=bool(replaced),
                          with_suggested=source == "collection" and dialog.with_suggested(),
                          memo=dialog.as_memo(), links=dialog.link_style(),
                          timeline=dialog.with_timeline())

    def start_export(self, target: Path, fmt: str, *, collection: str | None = None,
                     query: Query | str | None = None, ids: list[int] | None = None,
                     force: bool = False, with_suggested: bool = False, memo: bool = False,
                     links: str = "markdown", timeline: bool = False) -> Task | None:
        def work(library: Library, task: Task) -> ExportResult:
            return library.export(target, format=fmt, collection=collection, query=query,
                                  ids=ids, progress=task.report_progress,
                                  should_cancel=lambda: task.cancelled, force=force,
                                  with_suggested=with_suggested, memo=memo, links=links,
                                  timeline=timeline)

        return self.ops.run(LibraryOp("Export", work, label="Exporting",
                                      on_done=self.on_export_done))

    @Slot(object)
    def on_export_done(self, result: Any) -> None:
        if result.cancelled:
            self._status("Export cancelled; the previous export is unchanged.", 8000)
        else:
            self._status(f"Exported {result.count:,} articles to {result.path}", 10000)
        self.export_finished.emit(result)
