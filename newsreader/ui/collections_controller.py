"""Curating collections from the window: tagging, removing, dropping, reordering,
renaming, merging, recolouring, describing, deleting and noting, all undoable."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QPoint, Qt, Slot
from PySide6.QtGui import QColor, QUndoStack
from PySide6.QtWidgets import QColorDialog, QInputDialog, QMenu, QMessageBox

from ..core.models import same_collection
from .collection_commands import ReshapeCollections, TagArticles
from .note_dialog import NoteDialog
from .tag_dialog import TagDialog


class CollectionsController(QObject):
    def __init__(self, window: Any) -> None:  # the MainWindow that composes this part
        super().__init__(window)
        self.window = window
        self.library = window.library
        self.undo_stack = QUndoStack(self)
        window.sidebar.articles_dropped.connect(self.on_articles_dropped)
        window.sidebar.customContextMenuRequested.connect(self.on_sidebar_menu)
        window.model.reorder_requested.connect(self.on_reorder)
        window.reader.suggestion_accepted.connect(self.on_suggestion_accepted)

    # -- helpers ---------------------------------------------------------------------
    def names(self) -> list[str]:
        return [t.name for t in self.library.tags()]

    def current_collection(self) -> str | None:
        return self.window.view_query().single_collection

    def push(self, command) -> None:
        if self.library.read_only:
            self.window.show_error("This library is open read-only; collections cannot change.")
            return
        self.undo_stack.push(command)

    def tag(self, name: str, ids: list[int], *, remove: bool = False) -> None:
        if ids and name.strip():
            self.push(TagArticles(self.library, name, ids, remove=remove))

    def reshape(self, text: str, touched: list[str], action: Callable[[], object],
                creates: str | None = None) -> None:
        self.push(ReshapeCollections(self.library, text, touched, action, creates=creates))

    # -- tagging ---------------------------------------------------------------------
    @Slot()
    def on_tag(self) -> None:
        ids = self.window.table.selected_ids()
        if not ids:
            return
        name = TagDialog.ask(self.names(), f"Add {len(ids):,} article{'s' * (len(ids) > 1)} "
                             "to the collection:", self.window)
        if name:
            self.tag(name, ids)

    @Slot()
    def on_untag(self) -> None:
        """Delete: take the selection out of the collection being viewed (or one chosen)."""
        rows = [r for r in self.window.selected_article_rows() if r.tags]
        if not rows:
            return
        name = self.current_collection()
        if name is None:
            choices = sorted({t for r in rows for t in r.tags}, key=str.casefold)
            name, ok = QInputDialog.getItem(self.window, "Remove from collection",
                                            "Take the selection out of:", choices, 0, False)
            if not ok:
                return
        self.tag(name, [r.id for r in rows], remove=True)

    @Slot(str, list)
    def on_articles_dropped(self, name: str, ids: list[int]) -> None:
        self.tag(name, ids)

    @Slot(str)
    def on_suggestion_accepted(self, name: str) -> None:
        article_id = self.window.reader.current_article_id()
        if article_id is not None:
            self.tag(name, [article_id])

    @Slot(str, list)
    def on_reorder(self, name: str, ordered: list[int]) -> None:
        self.reshape(f"Reorder “{name}”", [name],
                     lambda: self.library.set_collection_order(name, ordered))

    @Slot()
    def on_edit_note(self) -> None:
        name, article_id = self.current_collection(), self.window.reader.current_article_id()
        if name is None or article_id is None:
            self.window.statusBar().showMessage(
                "Open a collection and an article in it to note why it is there.", 5000)
            return
        current = dict((n, note) for n, note, _ in self.library.collections_of(article_id))
        dialog = NoteDialog(name, current.get(name, ""), self.window)
        if dialog.exec():
            text = dialog.note()
            self.reshape(f"Note in “{name}”", [name],
                         lambda: self.library.set_collection_note(name, article_id, text))

    # -- the sidebar's collection menu ----------------------------------------------
    @Slot(QPoint)
    def on_sidebar_menu(self, position: QPoint) -> None:
        key = self.window.sidebar.key_at(position)
        menu = QMenu(self.window)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # one menu per right-click
        if key.startswith(("feed:", "folder:")) or key == "":
            self.window.feeds.add_menu_entries(menu, key)
            if key:
                menu.popup(self.window.sidebar.viewport().mapToGlobal(position))
                return
            menu.addSeparator()
        suggested = self.window.sidebar.suggested_at(position)
        if suggested is not None:
            self.window.learning.add_suggested_menu_entries(menu, suggested)
            menu.popup(self.window.sidebar.viewport().mapToGlobal(position))
            return
        name = self.window.sidebar.collection_at(position)
        menu.addAction("New collection…", self.on_new_collection)
        if name is not None:
            menu.addSeparator()
            self.window.learning.add_menu_entries(menu, name)
            menu.addSeparator()
            menu.addAction("Rename or merge…", lambda: self.rename(name))
            menu.addAction("Colour…", lambda: self.recolour(name))
            menu.addAction("Description…", lambda: self.describe(name))
            menu.addAction("Export…", lambda: self.window.transfer.on_export(collection=name))
            menu.addSeparator()
            menu.addAction("Delete collection…", lambda: self.delete(name))
        menu.popup(self.window.sidebar.viewport().mapToGlobal(position))

    @Slot()
    def on_new_collection(self) -> None:
        name, ok = QInputDialog.getText(self.window, "New collection", "Name:")
        if ok and name.strip() and not any(same_collection(name, n) for n in self.names()):
            self.reshape(f"New collection “{name.strip()}”", [],
                         lambda: self.library.describe_tag(name), creates=name.strip())

    def rename(self, name: str) -> None:
        new, ok = QInputDialog.getText(self.window, "Rename collection",
                                       "New name (an existing name merges the two):", text=name)
        if not ok or not new.strip() or new.strip() == name:
            return
        target = next((n for n in self.names() if same_collection(n, new)), None)
        if target is not None and not same_collection(target, name):
            answer = QMessageBox.question(
                self.window, "Merge collections",
                f"“{target}” exists already. Merge “{name}” into it?")
            if answer != QMessageBox.StandardButton.Yes:
                return
            self.reshape(f"Merge “{name}” into “{target}”", [name, target],
                         lambda: self.library.rename_tag(name, target))
        else:
            self.reshape(f"Rename “{name}”", [name],
                         lambda: self.library.rename_tag(name, new), creates=new.strip())

    def recolour(self, name: str) -> None:
        current = next((t for t in self.library.tags() if t.name == name), None)
        color = QColorDialog.getColor(QColor(current.color if current and current.color
                                             else "#9a9a9a"), self.window, f"Colour of “{name}”")
        if color.isValid():
            description = current.description if current else ""
            self.reshape(f"Colour of “{name}”", [name], lambda: self.library.describe_tag(
                name, color=color.name(), description=description))

    def describe(self, name: str) -> None:
        current = next((t for t in self.library.tags() if t.name == name), None)
        text, ok = QInputDialog.getMultiLineText(self.window, "Description",
                                                 f"What “{name}” collects:",
                                                 current.description if current else "")
        if ok:
            self.reshape(f"Description of “{name}”", [name],
                         lambda: self.library.describe_tag(name, description=text.strip()))

    def delete(self, name: str) -> None:
        answer = QMessageBox.question(
            self.window, "Delete collection",
            f"Delete the collection “{name}”? Its articles stay in the library "
            "(Edit ▸ Undo brings it back).")
        if answer == QMessageBox.StandardButton.Yes:
            self.reshape(f"Delete “{name}”", [name], lambda: self.library.delete_tag(name))
