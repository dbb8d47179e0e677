"""An entity's page in the window: how it is written, the names merged in it, its
label, its articles month by month, the entities it appears with and its stories.

A dialog of its own. Clicking a story closes it with ``chosen_story`` set (the caller
opens it); clicking an entity it appears with shows that entity's page in its place;
"Save as collection…" puts every article that mentions it in a collection.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRectF, QSize, Qt, Slot
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.entities.labels import label_word
from ..core.errors import NewsreaderError
from ..core.library import Library
from ..core.models import EntityPage

ID_ROLE = Qt.ItemDataRole.UserRole + 1




class MonthBars(QWidget):
    """Articles per month as bars, oldest on the left; a bar's tooltip says its month."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.months: list[tuple[str, int]] = []
        self.setMinimumHeight(70)
        self.setMouseTracking(True)

    def set_months(self, months: list[tuple[str, int]]) -> None:
        self.months = list(months)
        self.setToolTip("\n".join(f"{m}: {n:,} article{'s' * (n != 1)}"
                                  for m, n in self.months[-24:]))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(400, 80)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Overrides Qt: draw one bar per month, the first and last month under them."""
        painter = QPainter(self)
        text_color = self.palette().color(QPalette.ColorRole.WindowText)
        line = self.fontMetrics().height()
        if not self.months:
            painter.setPen(text_color)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No dated articles.")
            return
        top, bottom = line, self.height() - line - 2
        most = max(n for _, n in self.months)
        step = min(28.0, max(2.0, (self.width() - 8) / len(self.months)))
        bar = QColor(self.palette().color(QPalette.ColorRole.Highlight))
        for i, (_month, n) in enumerate(self.months):
            height = max(1.0, (bottom - top) * n / most)
            painter.fillRect(QRectF(4 + i * step, bottom - height, max(1.0, step - 2), height), bar)
        painter.setPen(text_color)
        painter.drawText(4, line - 3, f"{most:,} at most")
        painter.drawText(4, self.height() - 3, self.months[0][0])
        if len(self.months) > 1:
            last = self.months[-1][0]
            right = 4 + len(self.months) * step
            painter.drawText(int(max(right - self.fontMetrics().horizontalAdvance(last), 80)),
                             self.height() - 3, last)


class EntityPageDialog(QDialog):
    def __init__(self, library: Library, text: str, code: str | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.page: EntityPage | None = None
        #: the story the user clicked (the dialog closes; the caller opens it)
        self.chosen_story: int | None = None
        #: the user asked for the list of every article mentioning it
        self.list_requested = False
        self.resize(860, 620)
        self.title = QLabel(self)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.title.setFont(font)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.bars = MonthBars(self)
        self.with_tree = QTreeWidget(self)
        self.with_tree.setHeaderLabels(["Appears with", "Type", "Articles"])
        self.with_tree.setRootIsDecorated(False)
        self.with_tree.setToolTip("Click one for its page")
        self.stories = QTreeWidget(self)
        self.stories.setHeaderLabels(["Stories, newest first", "Source", "Date"])
        self.stories.setRootIsDecorated(False)
        self.stories.setToolTip("Click one to open it")
        for tree in (self.with_tree, self.stories):
            tree.header().setStretchLastSection(False)
            tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
            tree.header().setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.with_tree.clicked.connect(self.on_with_clicked)
        self.with_tree.activated.connect(self.on_with_clicked)
        self.stories.clicked.connect(self.on_story_clicked)
        self.stories.activated.connect(self.on_story_clicked)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.save_button = QPushButton("Save as collection…", self)
        self.save_button.clicked.connect(self.on_save)
        self.save_button.setEnabled(not library.read_only)
        self.list_button = QPushButton("List all its articles", self)
        self.list_button.clicked.connect(self.on_list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(QLabel("Articles per month", self))
        layout.addWidget(self.bars)
        lists = QHBoxLayout()
        lists.addWidget(self.with_tree, 2)
        lists.addWidget(self.stories, 3)
        layout.addLayout(lists, 1)
        layout.addWidget(self.status)
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addWidget(self.list_button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout.addLayout(row)
        self.show_entity(text, code)

    def show_entity(self, text: str, code: str | None) -> None:
        """Read and show the page of the entity ``text`` (of label ``code``)."""
        page = self.library.entity_page(text, label=code, stories=50)  # errors: the caller's
        self.page = page
        self.setWindowTitle(f"{page.text} — entity")
        self.title.setText(page.text)
        forms = ", ".join(f"{form} ({n:,})" for form, n in page.forms)
        others = [name for name, _ in page.names if name != page.text]
        lines = [f"{label_word(page.label).capitalize()} · in {page.articles:,} "
                 f"article{'s' * (page.articles != 1)}",
                 f"Written as: {forms or '—'}"]
        if others:
            lines.append(f"Names merged in it: {', '.join(others)}")
        self.summary.setText("\n".join(lines))
        self.bars.set_months(page.by_month)
        self.with_tree.clear()
        for name, code_with, n in page.appears_with:
            item = QTreeWidgetItem([name, label_word(code_with), f"{n:,}"])
            item.setData(0, ID_ROLE, (name, code_with))
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.with_tree.addTopLevelItem(item)
        self.stories.clear()
        for row in page.stories:
            item = QTreeWidgetItem([row.title or "(untitled)", row.source or "",
                                    (row.published_at or "")[:10]])
            item.setData(0, ID_ROLE, row.id)
            self.stories.addTopLevelItem(item)
        self.status.setText("")

    def shown(self) -> tuple[str, str]:
        assert self.page is not None
        return self.page.text, self.page.label

    @Slot(QModelIndex)
    def on_story_clicked(self, index: QModelIndex) -> None:
        article_id = index.siblingAtColumn(0).data(ID_ROLE)
        if article_id is not None:
            self.chosen_story = int(article_id)
            self.accept()

    @Slot(QModelIndex)
    def on_with_clicked(self, index: QModelIndex) -> None:
        chosen = index.siblingAtColumn(0).data(ID_ROLE)
        if chosen:
            try:
                self.show_entity(*chosen)
            except NewsreaderError as error:
                self.status.setText(str(error))

    @Slot()
    def on_list(self) -> None:
        self.list_requested = True
        self.accept()

    @Slot()
    def on_save(self) -> None:
        text, code = self.shown()
        name, ok = QInputDialog.getText(
            self, "Save as collection",
            f"Put every article that mentions {text} in the collection:", text=text)
        if not ok or not name.strip():
            return
        try:
            change = self.library.save_entity_as_collection(text, name, label=code)
        except NewsreaderError as error:
            self.status.setText(str(error))
            return
        added = len(change.added)
        self.status.setText(f"{added:,} article{'s' * (added != 1)} put in “{change.name}”"
                            + (" (a new collection)." if change.created else "."))
