"""Feeds in the window: subscribe, refresh in the background (also on a timer),
organise, remove, OPML in and out, and fetch the full text of one article."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QTimer, Signal, Slot
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMenu, QMessageBox, QWidget

from ..core.library import Library
from .add_feed_dialog import AddFeedDialog
from .dialogs import DEFAULT_REFRESH_MINUTES, REFRESH_MINUTES, read_int
from .operations import LibraryOp, Operations
from .tasks import Task


class FeedsController(QObject):
    """Owns the feed commands and the refresh timer; the window gives it the library,
    the operations runner, a parent for its dialogs and a status line, and hears what
    arrived through its signals."""

    #: a background feed task ended (its report, or an article)
    finished = Signal(object)
    #: new or changed articles arrived (their entities are to be found)
    arrived = Signal()
    #: the ids of the articles a refresh or a new subscription brought (to tag on arrival)
    new_articles = Signal(list)
    #: a web page was imported (its ImportReport), as a file import would report it
    page_imported = Signal(object)

    def __init__(self, library: Library, ops: Operations, window: QWidget, *,
                 settings: QSettings, status: Callable[[str, int], None],
                 show_error: Callable[[str], None]) -> None:
        super().__init__(window)
        self.window = window  # the parent of its dialogs
        self.library, self.ops, self.settings = library, ops, settings
        self._status, self._show_error = status, show_error
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.on_refresh_all)
        self.apply_interval()

    def apply_interval(self) -> None:
        """Refresh every N minutes while the app runs (0 turns it off); a preference."""
        minutes = read_int(self.settings, REFRESH_MINUTES, DEFAULT_REFRESH_MINUTES)
        self.timer.stop()
        if minutes > 0 and not self.library.read_only:
            self.timer.start(minutes * 60_000)

    # -- background work -------------------------------------------------------------
    def run(self, title: str, work, done) -> Task | None:
        if self.library.read_only:
            self._show_error("This library is open read-only.")
            return None
        task = self.ops.run(LibraryOp(title, work, label=title, on_done=done))
        if task is not None:
            task.signals.succeeded.connect(self.finished)
        return task

    def refresh(self, feeds=None, title: str = "Refreshing feeds") -> Task | None:
        if feeds is None and not self.library.feeds():
            return None
        return self.run(title, lambda own, task: own.refresh_feeds(
            feeds, progress=task.report_progress, should_cancel=lambda: task.cancelled),
            self.on_refreshed)

    @Slot()
    def on_refresh_all(self) -> None:
        self.refresh()

    @Slot(object)
    def on_refreshed(self, report) -> None:
        text = f"Feeds refreshed: {report.added:,} new, {report.updated:,} updated"
        if report.failed:
            text += f", {len(report.failed)} failed (hover a red feed for why)"
        late = len(report.notes)
        if late:
            text += (f"; {late} full-text feed{'s' * (late != 1)} kept summaries whose pages "
                     "came too slowly")
        self._status(text + ".", 10000)
        if report.added or report.updated:
            self.arrived.emit()
        if report.added_ids:
            self.new_articles.emit(list(report.added_ids))

    # -- subscribing -----------------------------------------------------------------
    @Slot()
    def on_add_feed(self) -> None:
        folders = sorted({f.folder for f in self.library.feeds() if f.folder}, key=str.casefold)
        dialog = AddFeedDialog(folders, self.window)
        if not dialog.exec():
            return
        url, folder = dialog.choice()
        if url:
            self.run("Subscribing", lambda own, task: own.add_feed(url, folder=folder)[1],
                     self.on_refreshed)

    @Slot()
    def on_add_page(self) -> None:
        url, ok = QInputDialog.getText(self.window, "Add page from URL", "Web page address:")
        if ok and url.strip():
            self.run("Fetching page", lambda own, task: own.import_url(url.strip()),
                     self.on_page_imported)

    @Slot(object)
    def on_page_imported(self, report: object) -> None:
        self.page_imported.emit(report)

    @Slot(int)
    def on_fetch_full_text(self, article_id: int) -> None:
        self.run("Fetching full article", lambda own, task: own.fetch_full_article(article_id),
                 self.on_full_text)

    @Slot(object)
    def on_full_text(self, article) -> None:
        self.arrived.emit()  # the article itself shows through its change

    # -- OPML -------------------------------------------------------------------------
    @Slot()
    def on_import_opml(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, "Import subscriptions",
                                              str(Path.home()), "OPML (*.opml *.xml);;All (*)")
        if not path:
            return
        try:
            added, parsed = self.library.import_opml(Path(path).read_bytes())
        except OSError as error:
            self._show_error(f"Cannot read {path}: {error.strerror}")
            return
        message = f"Subscribed to {added} new feed{'s' * (added != 1)}."
        if parsed.problems:
            message += "\n\nThe file has problems:\n" + "\n".join(parsed.problems)
        if parsed.refused:
            message += "\n\nRefused:\n" + "\n".join(f"{u}: {r}" for u, r in parsed.refused[:20])
        QMessageBox.information(self.window, "Import subscriptions", message)
        self.refresh()

    @Slot()
    def on_export_opml(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self.window, "Export subscriptions",
                                              str(Path.home() / "subscriptions.opml"),
                                              "OPML (*.opml)")
        if path:
            target = Path(path)
            temp = target.with_name(f".{target.name}.tmp")
            try:
                temp.write_bytes(self.library.export_opml())
                temp.replace(target)
            except OSError as error:
                temp.unlink(missing_ok=True)
                self._show_error(f"Cannot write {path}: {error.strerror}")

    # -- the sidebar's feed menu ---------------------------------------------------
    def add_menu_entries(self, menu: QMenu, key: str) -> None:
        if key.startswith("feed:"):
            feed = self.library.feed(int(key[5:]))
            menu.addAction("Refresh", lambda: self.refresh([feed], f"Refreshing {feed.name}"))
            menu.addAction("Rename…", lambda: self.rename(feed))
            menu.addAction("Move to folder…", lambda: self.move(feed))
            action = menu.addAction("Fetch full articles",
                                    lambda: self.toggle_full_text(feed))
            action.setCheckable(True)
            action.setChecked(feed.full_text)
            menu.addSeparator()
            menu.addAction("Unsubscribe…", lambda: self.remove(feed))
        elif key.startswith("folder:"):
            folder = key[7:]
            menu.addAction("Refresh folder", lambda: self.refresh(self.library.feeds(folder),
                                                                  f"Refreshing {folder}"))
            menu.addAction("Rename folder…", lambda: self.rename_folder(folder))
        menu.addSeparator()
        menu.addAction("Add feed…", self.on_add_feed)
        menu.addAction("Refresh all feeds", self.on_refresh_all)

    def rename(self, feed) -> None:
        title, ok = QInputDialog.getText(self.window, "Rename feed", "Name:", text=feed.name)
        if ok:
            self.library.rename_feed(feed.id, title.strip() or None)

    def move(self, feed) -> None:
        folder, ok = QInputDialog.getText(self.window, "Move feed",
                                          "Folder (empty for none; a/b nests):",
                                          text=feed.folder or "")
        if ok:
            self.library.move_feed(feed.id, folder.strip() or None)

    def toggle_full_text(self, feed) -> None:
        self.library.set_feed_full_text(feed.id, not feed.full_text)

    def rename_folder(self, folder: str) -> None:
        new, ok = QInputDialog.getText(self.window, "Rename folder", "Name:", text=folder)
        if ok and new.strip():
            self.library.rename_folder(folder, new.strip())

    def remove(self, feed) -> None:
        box = QMessageBox(QMessageBox.Icon.Question, "Unsubscribe",
                          f"Unsubscribe from “{feed.name}”? It has {feed.articles:,} articles.",
                          parent=self.window)
        keep = box.addButton("Keep its articles", QMessageBox.ButtonRole.AcceptRole)
        drop = box.addButton("Delete its articles", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() in (keep, drop):
            self.library.remove_feed(feed.id, delete_articles=box.clickedButton() is drop)
