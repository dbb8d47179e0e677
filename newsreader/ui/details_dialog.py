"""Article ▸ Edit details (F2): an article's title, date, author and source, as in Zotero.

Imported text often comes without a usable date or with a site's name as author;
the reader fixes that here. A date the library cannot read is said so in the
dialog, which stays open with what was typed.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from ..core.errors import NewsreaderError
from ..core.library import Library
from ..core.models import Article
from .dialog_buttons import ok_cancel


class DetailsDialog(QDialog):
    def __init__(self, library: Library, article: Article, parent: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit details")
        self._library = library
        self._article_id = article.id
        self.title = QLineEdit(article.title or "", self)
        self.published = QLineEdit((article.published_at or "")[:10], self)
        self.published.setPlaceholderText("2024-05-01, or empty if the story has no date")
        self.author = QLineEdit(article.author or "", self)
        self.source = QLineEdit(article.source or "", self)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #c0392b;")
        self.problem.hide()
        form = QFormLayout()
        form.addRow("&Title:", self.title)
        form.addRow("&Published:", self.published)
        form.addRow("&Author:", self.author)
        form.addRow("&Source:", self.source)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(ok_cancel(self))
        self.resize(560, self.sizeHint().height())
        self.title.setFocus()
        #: the article as saved, once OK succeeded
        self.saved: Article | None = None

    def accept(self) -> None:
        """Overrides Qt: save, or say what is wrong and stay open."""
        try:
            self.saved = self._library.edit_details(
                self._article_id, title=self.title.text(), published=self.published.text(),
                author=self.author.text(), source=self.source.text())
        except NewsreaderError as error:
            self.problem.setText(str(error))
            self.problem.show()
            return
        super().accept()
