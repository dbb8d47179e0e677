"""An entity's page and corrections, from the reader and the entity panel.

Right-click an entity (or Ctrl+click it in the reader, double-click it in the panel):
open its page; relabel it; say it is the same as another entity; take a merged name
out of it (split); say it is not an entity. Entities ▸ Corrections… lists them all,
each with Undo. Corrections are quick Library writes made here; the views follow
through the window's ``on_library_changed``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QObject, QPoint, Slot
from PySide6.QtWidgets import QMenu, QWidget

from ..core.entities.labels import LABEL_WORDS, a_label
from ..core.errors import NewsreaderError
from ..core.library import Library
from ..core.query import Query
from .entity_corrections import CorrectionsDialog, SameAsDialog, entity_choices
from .entity_page import EntityPageDialog
from .entity_panel import EntityPanel
from .reader import ReaderView

#: the labels "Relabel ▸" offers, in this order (the rarer ones after a separator)
RELABEL_MAIN = ["PERSON", "ORG", "GPE", "LOC", "NORP", "PRODUCT", "EVENT", "LAW", "FAC"]
RELABEL_MORE = ["WORK_OF_ART", "LANGUAGE", "DATE", "MONEY", "PERCENT", "QUANTITY", "CARDINAL"]


class EntityMenus(QObject):
    def __init__(self, library: Library, window: QWidget, *, reader: ReaderView,
                 panel: EntityPanel, show_error: Callable[[str], None],
                 status: Callable[[str, int], None],
                 search_for: Callable[[Query, bool], None],
                 select_article: Callable[[int], object]) -> None:
        super().__init__(window)
        self.library, self._window = library, window
        self._show_error, self._status = show_error, status
        self._search_for, self._select_article = search_for, select_article
        #: the menu shown last (tests and screenshots look at it)
        self.menu: QMenu | None = None
        reader.entity_page_requested.connect(self.on_reader_page)
        reader.entity_menu_requested.connect(self.on_reader_menu)
        panel.entity_page_requested.connect(self.open_page)
        panel.entity_menu_requested.connect(self.show_menu)

    # -- from the reader: an entity id --------------------------------------------------
    def _named(self, entity_id: int) -> tuple[str, str] | None:
        try:
            return self.library.entity(entity_id)
        except NewsreaderError as error:
            self._show_error(str(error))
            return None

    @Slot(int)
    def on_reader_page(self, entity_id: int) -> None:
        named = self._named(entity_id)
        if named is not None:
            self.open_page(*named)

    @Slot(int, QPoint)
    def on_reader_menu(self, entity_id: int, where: QPoint) -> None:
        named = self._named(entity_id)
        if named is not None:
            self.show_menu(*named, where)

    # -- the menu ---------------------------------------------------------------------
    def build_menu(self, text: str, code: str) -> QMenu:
        """The menu of the entity ``text`` of label ``code``."""
        menu = QMenu(self._window)
        menu.setToolTipsVisible(True)
        menu.addAction("Open entity page", lambda: self.open_page(text, code))
        menu.addAction("List every article that mentions it",
                       lambda: self._search_for(Query.entity(text), True))
        menu.addSeparator()
        writable = not self.library.read_only
        relabel = menu.addMenu("Relabel")
        relabel.setEnabled(writable)
        for group in (RELABEL_MAIN, RELABEL_MORE):
            if relabel.actions():
                relabel.addSeparator()
            for new in group:
                word = LABEL_WORDS[new].capitalize()
                action = relabel.addAction(f"{word} (as now)" if new == code else word,
                                           partial(self.relabel, text, code, new))
                action.setEnabled(new != code)
        same = menu.addAction("Same as…", lambda: self.same_as(text, code))
        ignore = menu.addAction("Not an entity", lambda: self.ignore(text, code))
        for action in (same, ignore):
            action.setEnabled(writable)
        others = self._merged_names(text, code)
        if others:
            split = menu.addMenu("Split")
            split.setToolTip(f"Take a name out of {text}: it stands for an entity of its own")
            split.setEnabled(writable)
            for name, name_code in others:
                split.addAction(f"“{name}” out of {text}",
                                partial(self.split, name, name_code, text))
        menu.addSeparator()
        menu.addAction("Corrections…", self.show_corrections)
        return menu

    def _merged_names(self, text: str, code: str) -> list[tuple[str, str]]:
        """The other names merged in the entity, with their own labels (what Split can
        take out)."""
        try:
            page = self.library.entity_page(text, label=code, stories=0)
        except NewsreaderError:
            return []
        seen, names = {text.casefold()}, []
        for name, name_code in page.names:
            if name.casefold() not in seen:
                seen.add(name.casefold())
                names.append((name, name_code))
        return names

    @Slot(str, str, QPoint)
    def show_menu(self, text: str, code: str, where: QPoint) -> None:
        self.menu = self.build_menu(text, code)
        self.menu.popup(where)

    # -- the page -----------------------------------------------------------------------
    @Slot(str, str)
    def open_page(self, text: str, code: str) -> None:
        try:
            dialog = EntityPageDialog(self.library, text, code, self._window)
        except NewsreaderError as error:
            self._show_error(str(error))
            return
        dialog.exec()
        shown, _label = dialog.shown()
        if dialog.chosen_story is not None:  # its articles listed, the story open
            self._search_for(Query.entity(shown), True)
            self._select_article(dialog.chosen_story)
        elif dialog.list_requested:
            self._search_for(Query.entity(shown), True)

    # -- corrections --------------------------------------------------------------------
    def _correct(self, write: Callable[[], object], done: str) -> bool:
        try:
            write()
        except NewsreaderError as error:
            self._show_error(str(error))
            return False
        self._status(f"{done} — Entities ▸ Corrections… to undo.", 8000)
        return True

    def relabel(self, text: str, code: str, new: str) -> bool:
        return self._correct(lambda: self.library.relabel_entity(text, new, only=code),
                             f"“{text}” is now {a_label(new)}")

    def same_as(self, text: str, code: str) -> bool:
        dialog = SameAsDialog(text, entity_choices(self.library, (text, code)), self._window)
        if not dialog.exec():
            return False
        into, into_code = dialog.target()
        if not into:
            return False
        return self._correct(
            lambda: self.library.merge_entity(text, into, label=code, into_label=into_code),
            f"“{text}” is now a name of {into}")

    def ignore(self, text: str, code: str) -> bool:
        return self._correct(lambda: self.library.ignore_entity(text, label=code),
                             f"“{text}” is no longer an entity")

    def split(self, name: str, code: str, text: str) -> bool:
        return self._correct(lambda: self.library.split_entity(name, label=code),
                             f"“{name}” is an entity of its own again, apart from {text}")

    @Slot()
    def show_corrections(self) -> None:
        CorrectionsDialog(self.library, self._window).exec()

