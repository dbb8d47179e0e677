"""Help ▸ About: the version, the library open in this window and the entity engine it
uses (what ``newsreader --version`` prints), and the credits the data asks for."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
)

from ..core.library import Library, about

CREDITS = ("Place names from <a href=\"https://www.geonames.org/\">GeoNames</a> "
           "(CC BY 4.0); country names from pycountry; name lists from the US census.")


class AboutDialog(QDialog):
    def __init__(self, library: Library, parent: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About Newsreader")
        icon = QLabel(self)
        icon.setPixmap(QApplication.windowIcon().pixmap(64, 64))
        title = QLabel("<h2>Newsreader</h2>Read news to understand a subject: every article in "
                       "one local SQLite library, searched, tagged into collections, with its "
                       "named entities.", self)
        title.setWordWrap(True)
        head = QHBoxLayout()
        head.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(title, 1)
        form = QFormLayout()
        self.rows: dict[str, QLabel] = {}
        for label, value in about(library.path, library):
            shown = QLabel(value, self)
            shown.setWordWrap(True)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(f"{label}:", shown)
            self.rows[label] = shown
        credits = QLabel(CREDITS, self)
        credits.setWordWrap(True)
        credits.setOpenExternalLinks(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addLayout(form)
        layout.addWidget(credits)
        layout.addWidget(buttons)
        self.resize(520, 300)
