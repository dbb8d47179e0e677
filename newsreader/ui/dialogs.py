"""Small dialogs: keyboard shortcuts, preferences."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ..core.errors import NewsreaderError
from ..core.library import Library, describe_engine
from .dialog_buttons import ok_cancel

MARK_READ_ON_OPEN = "reader/mark_read_on_open"
REFRESH_MINUTES = "feeds/refresh_minutes"
KEEP_BACKUPS = "backups/keep"
DEFAULT_KEEP_BACKUPS = 10
DEFAULT_REFRESH_MINUTES = 30
READER_FONT_SIZE = "reader/font_size"
DEFAULT_FONT_SIZE = 12


class ShortcutsDialog(QDialog):
    """Every action that has a shortcut, read from the actions themselves so it stays true."""

    def __init__(self, actions: Iterable[QAction], parent: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        rows = [(a.text().replace("&", ""), ", ".join(s.toString() for s in a.shortcuts()))
                for a in actions if a.shortcuts()]
        table = QTableWidget(len(rows), 2, self)
        table.setHorizontalHeaderLabels(["Action", "Keys"])
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (name, keys) in enumerate(rows):
            table.setItem(row, 0, QTableWidgetItem(name))
            table.setItem(row, 1, QTableWidgetItem(keys))
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        table.resizeColumnToContents(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
        self.table = table
        self.resize(460, 520)


class PreferencesDialog(QDialog):
    def __init__(self, settings: QSettings, library: Library, parent: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self._settings = settings
        self._library = library
        self.engine_changed = False
        self.rerun_requested = False
        self._engine_choice, self._engine_model = library.entity_engine_setting()
        self.engine = QComboBox(self)
        for choice, text in (("auto", "Automatic (statistical when installed)"),
                             ("spacy", "Statistical (spaCy pipeline)"),
                             ("rules", "Built-in rules (no download)")):
            self.engine.addItem(text, choice)
        self.engine.setCurrentIndex(max(0, self.engine.findData(self._engine_choice)))
        self.engine.setEnabled(not library.read_only)
        self.engine_info = QLabel(self)
        self.engine_info.setWordWrap(True)
        self.engine_info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.engine.currentIndexChanged.connect(self.on_engine_changed)
        self.on_engine_changed()
        self.rerun = QPushButton("Find entities again in every article", self)
        self.rerun.setEnabled(not library.read_only)
        self.rerun.clicked.connect(self.on_rerun)
        self.mark_read = QCheckBox("Mark articles as read when opened", self)
        self.mark_read.setChecked(read_bool(settings, MARK_READ_ON_OPEN, True))
        self.font_size = QSpinBox(self)
        self.font_size.setRange(8, 32)
        self.font_size.setSuffix(" pt")
        self.font_size.setValue(read_int(settings, READER_FONT_SIZE, DEFAULT_FONT_SIZE))
        form = QFormLayout()
        form.addRow(self.mark_read)
        form.addRow("Reader text size", self.font_size)
        self.refresh_minutes = QSpinBox(self)
        self.refresh_minutes.setRange(0, 24 * 60)
        self.refresh_minutes.setSuffix(" min")
        self.refresh_minutes.setSpecialValueText("never")
        self.refresh_minutes.setValue(read_int(settings, REFRESH_MINUTES, DEFAULT_REFRESH_MINUTES))
        form.addRow("Refresh feeds every", self.refresh_minutes)
        self.keep_backups = QSpinBox(self)
        self.keep_backups.setRange(1, 365)
        self.keep_backups.setValue(read_int(settings, KEEP_BACKUPS, DEFAULT_KEEP_BACKUPS))
        self.keep_backups.setToolTip("A verified backup is taken daily on quit and before "
                                     "upgrades; older ones beyond this number are removed.")
        form.addRow("Backups to keep", self.keep_backups)
        form.addRow("Entity engine", self.engine)
        form.addRow("", self.engine_info)
        form.addRow("", self.rerun)
        buttons = ok_cancel(self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def on_engine_changed(self, _index: int = 0) -> None:
        choice = self.engine.currentData()
        try:
            self.engine_info.setText(f"In use: {describe_engine(choice, self._engine_model)}")
        except NewsreaderError as error:
            self.engine_info.setText(str(error))

    def on_rerun(self) -> None:
        self.rerun_requested = True
        self.accept()

    def accept(self) -> None:
        """Overrides Qt: store the choices before closing."""
        self._settings.setValue(MARK_READ_ON_OPEN, self.mark_read.isChecked())
        self._settings.setValue(READER_FONT_SIZE, self.font_size.value())
        self._settings.setValue(REFRESH_MINUTES, self.refresh_minutes.value())
        self._settings.setValue(KEEP_BACKUPS, self.keep_backups.value())
        choice = self.engine.currentData()
        if choice != self._engine_choice and not self._library.read_only:
            self._library.set_entity_engine(choice, self._engine_model)
            self.engine_changed = True
        super().accept()


def read_bool(settings: QSettings, key: str, default: bool) -> bool:
    """QSettings returns "true"/"false" strings from INI files; normalise."""
    value = settings.value(key, default)
    if isinstance(value, str):
        return value.lower() in ("1", "true", "yes")
    return bool(value)


def read_int(settings: QSettings, key: str, default: int) -> int:
    """QSettings returns numbers from INI files as strings; convert (a value of some
    other type, which only another program could have written, reads as the default)."""
    value = settings.value(key, default)
    return int(value) if isinstance(value, (str, int, float)) else default
