"""The entity panel: who and what the current article, or the whole list, is about.

Entities are grouped by type with counts; activating one asks the window to list
every article that mentions it; double-clicking one opens its page, and its context
menu (``entity_menu_requested``) offers the page and corrections.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal, Slot
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QHeaderView, QLabel, QTreeView, QVBoxLayout, QWidget

from ..core.entities.labels import DEFAULT_VISIBLE, label
from ..core.models import EntityCount
from ..core.models import Mention
from .sidebar import swatch

ENTITY_ROLE = Qt.ItemDataRole.UserRole + 1
LABEL_ROLE = Qt.ItemDataRole.UserRole + 2
ARTICLE_SCOPE, LIST_SCOPE = 0, 1


def counted_as(count: int, unit: str) -> str:
    """What a count counts: "8 mentions" in one article, "in 7 articles" in a list."""
    if unit == "articles":
        return f"in {count:,} article{'s' * (count != 1)}"
    return f"{count:,} mention{'s' * (count != 1)}"


class EntityPanel(QWidget):
    #: the user picked an entity: list the articles that mention it
    entity_chosen = Signal(str)
    #: an entity was double-clicked: (text, label) for its page
    entity_page_requested = Signal(str, str)
    #: an entity was right-clicked: (text, label, where on the screen) for its menu
    entity_menu_requested = Signal(str, str, QPoint)
    #: the scope changed (ARTICLE_SCOPE or LIST_SCOPE): the window supplies new counts
    scope_changed = Signal(int)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.scope = QComboBox(self)
        self.scope.addItems(["Entities in this article", "Entities in this list"])
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.model = QStandardItemModel(self)
        self.tree = QTreeView(self)
        self.tree.setModel(self.model)
        self.tree.header().setStretchLastSection(False)
        self.tree.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        self.tree.setIndentation(12)
        self.tree.setUniformRowHeights(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.scope)
        layout.addWidget(self.status)
        layout.addWidget(self.tree)
        self.tree.activated.connect(self.on_activated)
        self.tree.clicked.connect(self.on_activated)
        self.tree.doubleClicked.connect(self.on_double_clicked)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self.on_context_menu)
        self.scope.currentIndexChanged.connect(self.scope_changed)
        self._visible: frozenset[str] = DEFAULT_VISIBLE
        self._rows: list[tuple[str, str, int]] = []
        self._unit = "mentions"

    def set_visible_labels(self, labels: frozenset[str]) -> None:
        """Show the types the reader shows (numbers and times are hidden by default)."""
        self._visible = frozenset(labels)
        self._fill(self._rows, self._unit)

    def current_scope(self) -> int:
        return self.scope.currentIndex()

    def show_mentions(self, mentions: Iterable[Mention]) -> None:
        """The current article's entities, counted by mentions in it."""
        counts = Counter((m.label, m.text) for m in mentions)
        self._fill([(lbl, text, n) for (lbl, text), n in counts.items()], "mentions")

    def show_counts(self, entities: Iterable[EntityCount]) -> None:
        """The list's entities, counted by articles that mention them."""
        self._fill([(e.label, e.text, e.articles) for e in entities], "articles")

    def show_status(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def _fill(self, rows: list[tuple[str, str, int]], unit: str) -> None:
        self._rows, self._unit = rows, unit
        self.model.clear()
        # the second column's heading says what its numbers count
        self.model.setHorizontalHeaderLabels(["Entity", "Mentions" if unit == "mentions"
                                              else "Articles"])
        groups: dict[str, list[tuple[str, int]]] = {}
        for code, text, count in rows:
            if code in self._visible:
                groups.setdefault(code, []).append((text, count))
        for code, items in sorted(groups.items(), key=lambda kv: -sum(n for _, n in kv[1])):
            info = label(code)
            head = QStandardItem(f"{info.name}  ({len(items)})")
            head.setIcon(swatch(info.accent))
            head.setSelectable(False)
            blank = QStandardItem("")
            blank.setSelectable(False)
            for text, count in sorted(items, key=lambda item: (-item[1], item[0].casefold())):
                tip = (f"{text}: {counted_as(count, unit)}; click to list every article that "
                       "mentions it, double-click for its page, right-click to correct it")
                child = QStandardItem(text)
                number = QStandardItem(f"{count:,}")
                for item in (child, number):
                    item.setToolTip(tip)
                    item.setData(text, ENTITY_ROLE)
                    item.setData(code, LABEL_ROLE)
                number.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                head.appendRow([child, number])
            self.model.appendRow([head, blank])
        self.tree.expandAll()
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.show_status("" if groups else "No entities found.")

    @Slot(QModelIndex)
    def on_activated(self, index: QModelIndex) -> None:
        text = index.data(ENTITY_ROLE)
        if text:
            self.entity_chosen.emit(text)

    @Slot(QModelIndex)
    def on_double_clicked(self, index: QModelIndex) -> None:
        text = index.data(ENTITY_ROLE)
        if text:
            self.entity_page_requested.emit(text, index.data(LABEL_ROLE))

    @Slot(QPoint)
    def on_context_menu(self, pos: QPoint) -> None:
        index = self.tree.indexAt(pos)
        text = index.data(ENTITY_ROLE) if index.isValid() else None
        if text:
            self.entity_menu_requested.emit(text, index.data(LABEL_ROLE),
                                            self.tree.viewport().mapToGlobal(pos))
