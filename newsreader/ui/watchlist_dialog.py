"""Editing the watchlist: terms the researcher wants highlighted everywhere."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ..core.entities.labels import LABELS
from ..core.library import Library


class WatchlistDialog(QDialog):
    """Changes apply at once; the window re-highlights the affected articles afterwards."""

    def __init__(self, library: Library, parent: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Watchlist")
        self._library = library
        self.changed = False
        self.table = QTableWidget(0, 2, self)
        self.table.setHorizontalHeaderLabels(["Term", "Type"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.term = QLineEdit(self)
        self.term.setPlaceholderText("Term to highlight, e.g. CHIPS Act")
        self.label = QComboBox(self)
        for code, info in LABELS.items():
            self.label.addItem(f"{info.name} ({code})", code)
        self.label.setCurrentIndex(list(LABELS).index("PRODUCT"))
        add = QPushButton("Add", self)
        remove = QPushButton("Remove selected", self)
        add.clicked.connect(self.on_add)
        self.term.returnPressed.connect(self.on_add)
        remove.clicked.connect(self.on_remove)
        row = QHBoxLayout()
        row.addWidget(self.term, 1)
        row.addWidget(self.label)
        row.addWidget(add)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.table)
        layout.addWidget(remove)
        layout.addWidget(buttons)
        self.resize(520, 420)
        self.refresh()

    def refresh(self) -> None:
        terms = self._library.watchlist()
        self.table.setRowCount(len(terms))
        for row, term in enumerate(terms):
            self.table.setItem(row, 0, QTableWidgetItem(term.term))
            self.table.setItem(row, 1, QTableWidgetItem(LABELS[term.label].name
                                                        if term.label in LABELS else term.label))

    @Slot()
    def on_add(self) -> None:
        term = self.term.text().strip()
        if term:
            self._library.add_watch_term(term, self.label.currentData())
            self.term.clear()
            self.changed = True
            self.refresh()

    @Slot()
    def on_remove(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for row in rows:
            item = self.table.item(row, 0)
            if item is None:
                continue
            self._library.remove_watch_term(item.text())
            self.changed = True
        self.refresh()
