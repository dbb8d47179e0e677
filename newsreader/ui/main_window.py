"""The main window: for now, the list of stored articles."""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QMainWindow, QTableView

from ..core.library import Library
from .article_model import ArticleTableModel


class MainWindow(QMainWindow):
    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.setWindowTitle(f"Newsreader — {library.path.name}")
        self.model = ArticleTableModel(library, parent=self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(1, 200)
        header.resizeSection(2, 110)
        self.setCentralWidget(self.table)
        self.statusBar().showMessage(f"{library.count()} articles in {library.path}")
