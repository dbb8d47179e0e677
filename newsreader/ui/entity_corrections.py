"""Dialogs of entity corrections: "Same as…" (choose the entity by typing its name, with
completion) and the list of corrections made in this library, each of which can be
undone (Entities ▸ Corrections…).

Each correction is one Library write; what it changed reaches the views through the
window's ``on_library_changed`` like any other write.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.entities.labels import label_word
from ..core.errors import NewsreaderError
from ..core.library import Library
from ..core.models import Correction
from .dialog_buttons import ok_cancel
from .entity_page import ID_ROLE

#: how many of the library's most mentioned entities the "Same as…" field completes
COMPLETIONS = 5000


def entity_choices(library: Library, but: tuple[str, str]) -> dict[str, tuple[str, str]]:
    """What "Same as…" completes: each entity's name (with its type when two share a
    name), to (text, label); the entity being corrected left out."""
    found = [(e.text, e.label) for e in library.top_entities(None, limit=COMPLETIONS)
             if (e.text, e.label) != but]
    names = [text for text, _ in found]
    return {(text if names.count(text) == 1 else f"{text} ({label_word(code)})"): (text, code)
            for text, code in found}


class SameAsDialog(QDialog):
    """ "“SK” is the same as: [SK hynix]": type a name, pick it from the completion."""

    def __init__(self, text: str, choices: dict[str, tuple[str, str]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Same as…")
        self.choices = choices
        self.field = QLineEdit(self)
        self.field.setPlaceholderText("Type the name of the entity it is")
        completer = QCompleter(sorted(choices, key=str.casefold), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.field.setCompleter(completer)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"“{text}” is another name of:", self))
        layout.addWidget(self.field)
        note = QLabel("Every article that mentions it, and every one found later, will "
                      "count it as that entity. Entities ▸ Corrections… can undo it.", self)
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addWidget(ok_cancel(self))
        self.resize(420, self.sizeHint().height())
        self.field.setFocus()

    def target(self) -> tuple[str, str | None]:
        """(text, label) of the entity typed: label None when the name is not a choice
        (the Library then finds it, or says which entities share it)."""
        typed = " ".join(self.field.text().split())
        if typed in self.choices:
            return self.choices[typed]
        folded = [v for k, v in self.choices.items() if k.casefold() == typed.casefold()]
        return folded[0] if len(folded) == 1 else (typed, None)


def _minute(stamp: str) -> str:
    """"2026-12-06T01:21:11Z" as "2026-12-06 01:21"."""
    return stamp[:16].replace("T", " ")


class CorrectionsDialog(QDialog):
    """Every correction made in this library, newest first, with Undo."""

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.setWindowTitle("Entity corrections")
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(["Correction", "Made", "Undone"])
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.undo_button = QPushButton("&Undo", self)
        self.undo_button.setToolTip("Undo the selected correction, in every article")
        self.undo_button.clicked.connect(self.on_undo)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.undo_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.tree.itemSelectionChanged.connect(self._enable)
        self.resize(640, 420)
        self.reload()

    def reload(self) -> None:
        self.tree.clear()
        corrections = self.library.entity_corrections()
        for correction in reversed(corrections):
            item = QTreeWidgetItem([correction.sentence(), _minute(correction.created_at),
                                    _minute(correction.undone_at or "")])
            item.setData(0, ID_ROLE, correction.id)
            if correction.undone_at:
                for column in range(3):
                    item.setForeground(column, self.palette().placeholderText())
            self.tree.addTopLevelItem(item)
        if not corrections:
            self.status.setText("No corrections yet: right-click an entity in the reader or "
                                "the entity panel to relabel it, merge it or say it is none.")
        self._enable()

    def selected(self) -> Correction | None:
        items = self.tree.selectedItems()
        if not items:
            return None
        wanted = items[0].data(0, ID_ROLE)
        return next((c for c in self.library.entity_corrections() if c.id == wanted), None)

    @Slot()
    def _enable(self) -> None:
        chosen = self.selected()
        self.undo_button.setEnabled(chosen is not None and chosen.undone_at is None
                                    and not self.library.read_only)

    @Slot()
    def on_undo(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        try:
            undone = self.library.undo_entity_correction(chosen.id)
        except NewsreaderError as error:
            self.status.setText(str(error))
            return
        self.reload()
        self.status.setText(f"Undone: {undone.sentence()}.")
