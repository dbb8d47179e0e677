"""The window's actions: menus, shortcuts and the context menu share one set.

Single-key shortcuts (j, k, m, s, o, t, n, a, r, /) are window-wide but never steal typing:
a focused line edit claims printable keys before shortcuts see them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QAction, QKeySequence


class WindowActions:
    def __init__(self, window: Any) -> None:  # the MainWindow that composes this part
        self._window = window
        self._all: list[QAction] = []
        w = window
        self.import_files = self._make("&Import files…", ["Ctrl+O"],
                                       window.transfer.on_import_files)
        self.import_folder = self._make("Import &folder…", "Ctrl+Shift+O",
                                        window.transfer.on_import_folder)
        self.quit = self._make("&Quit", ["Ctrl+Q"], w.close)
        self.find = self._make("&Find", ["Ctrl+F", "/"], w.on_find)
        self.escape = self._make("Clear search", "Esc", w.on_escape)
        self.save_search = self._make("Save search as smart collection…", ["Ctrl+Shift+S"],
                                      w.on_save_search)
        self.preferences = self._make("&Preferences…", ["Ctrl+,"], w.on_preferences)
        self.next = self._make("&Next article", ["J"], w.on_next)
        self.previous = self._make("P&revious article", ["K"], w.on_previous)
        self.page = self._make("Page down, then next article", ["Space"], w.on_space)
        self.toggle_read = self._make("Mark read/&unread", ["M"], w.on_toggle_read)
        self.toggle_star = self._make("&Star/unstar", ["S"], w.on_toggle_star)
        self.open_original = self._make("&Open original", ["O"], w.on_open_original)
        self.copy_link = self._make("&Copy link", ["Ctrl+Shift+C"], w.on_copy_link)
        self.edit_details = self._make("&Edit details…", ["F2"], w.on_edit_details)
        c = window.collections
        self.undo = c.undo_stack.createUndoAction(window, "&Undo")
        self.undo.setShortcuts([QKeySequence("Ctrl+Z")])
        self.redo = c.undo_stack.createRedoAction(window, "&Redo")
        self.redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        for action in (self.undo, self.redo):
            window.addAction(action)
            self._all.append(action)
        self.tag = self._make("&Tag…", ["T"], c.on_tag)
        self.untag = self._make("Remove from collection", ["Del"], c.on_untag)
        self.note = self._make("Collection &note…", ["N"], c.on_edit_note)
        self.new_collection = self._make("New collection…", [], c.on_new_collection)
        self.accept = self._make("&Accept suggestion", ["A"], window.learning.on_accept_selection)
        self.reject = self._make("&Reject suggestion", ["R"], window.learning.on_reject_selection)
        self.manual_order = self._make("Collection's own order", ["Ctrl+Shift+M"],
                                       w.on_manual_order)
        self.export = self._make("&Export…", ["Ctrl+E"], window.transfer.on_export)
        self.delete = self._make("&Delete…", ["Shift+Del"], w.on_delete)
        f = window.feeds
        self.add_feed = self._make("Add &feed…", ["Ctrl+Shift+A"], f.on_add_feed)
        self.add_page = self._make("Add page from &URL…", ["Ctrl+Shift+U"], f.on_add_page)
        self.refresh_feeds = self._make("&Refresh feeds", ["F5"], f.on_refresh_all)
        self.import_opml = self._make("Import subscriptions (OPML)…", [], f.on_import_opml)
        self.export_opml = self._make("Export subscriptions (OPML)…", [], f.on_export_opml)
        self.backup = self._make("&Back up now", [], window.transfer.on_backup)
        self.restore = self._make("Restore from backup…", [], window.transfer.on_restore)
        self.find_entities = self._make("Find entities again", [], window.entity_work.on_find_again)
        self.watchlist = self._make("&Watchlist…", ["Ctrl+Shift+W"],
                                    window.entity_work.on_watchlist)
        self.corrections = self._make("&Corrections…", [], window.entity_menus.show_corrections)
        self.shortcuts = self._make("&Keyboard shortcuts", ["F1", "?"], w.on_shortcuts)
        self.about = self._make("&About Newsreader", [], w.on_about)
        # one row per story, or a row for every copy (on by default; remembered)
        self.group_copies = self._make("&Group copies", [], lambda: None)
        self.group_copies.setCheckable(True)
        self.group_copies.setChecked(window.stories.grouped)
        self.group_copies.setToolTip("One row per story: copies of it from other sources "
                                     "are listed in the reader")
        self.group_copies.toggled.connect(window.stories.set_grouped)
        self._build_menus()

    def _make(self, text: str, keys: list[str] | str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self._window)
        action.setShortcuts([QKeySequence(k) for k in ([keys] if isinstance(keys, str) else keys)])
        action.triggered.connect(lambda _checked=False: slot())
        self._window.addAction(action)
        self._all.append(action)
        return action

    def _build_menus(self) -> None:
        bar = self._window.menuBar()
        menus: dict[str, list[QAction | None]] = {
            "&File": [self.import_files, self.import_folder, self.add_page, None, self.add_feed,
                      self.refresh_feeds, self.import_opml, self.export_opml, None, self.export,
                      None, self.backup, self.restore, None, self.quit],
            "&Edit": [self.undo, self.redo, None, self.find, self.escape, self.save_search, None,
                      self.preferences],
            "&View": [self.group_copies],
            "&Article": [self.next, self.previous, self.page, None, self.toggle_read,
                         self.toggle_star, None, self.edit_details, self.open_original,
                         self.copy_link, None, self.delete],
            "&Collections": [self.tag, self.untag, self.note, None, self.accept, self.reject,
                             None, self.new_collection, self.manual_order],
            "E&ntities": [self.watchlist, self.corrections, self.find_entities],
            "&Help": [self.shortcuts, None, self.about],
        }
        for title, actions in menus.items():
            menu = bar.addMenu(title)
            for action in actions:
                if action is None:
                    menu.addSeparator()
                else:
                    menu.addAction(action)

    def context_actions(self) -> list[QAction | None]:
        return [self.toggle_read, self.toggle_star, self.tag, self.untag, self.accept,
                self.reject, None,
                self.edit_details, self.copy_link, self.open_original, None, self.delete]

    def all(self) -> list[QAction]:
        return list(self._all)
