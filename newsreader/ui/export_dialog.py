"""Choosing what to export, in which shape, and where."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from .dialog_buttons import ok_cancel

FORMATS = (("folder", "Folder of Markdown files (one per article, with index.md)"),
           ("digest", "One Markdown digest"), ("json", "JSON"), ("csv", "CSV"),
           ("csl-json", "Citations: CSL-JSON (Zotero, Pandoc)"),
           ("bibtex", "Citations: BibTeX"), ("ris", "Citations: RIS"))
SUFFIX = {"digest": ".md", "json": ".json", "csv": ".csv", "folder": "",
          "csl-json": ".json", "bibtex": ".bib", "ris": ".ris"}
LINKS = (("markdown", "Markdown links"), ("wiki", "Obsidian [[wikilinks]]"))


class ExportDialog(QDialog):
    def __init__(self, sources: list[tuple[str, str]], default_name: str,
                 parent: Any = None, *, suggested: int = 0) -> None:
        """``sources``: (label, key) pairs such as ("Collection “x”", "collection");
        ``suggested``: the collection's suggestions awaiting a decision (left out unless
        the box offered for them is ticked)."""
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.source = QComboBox(self)
        for text, key in sources:
            self.source.addItem(text, key)
        self.format = QComboBox(self)
        for key, text in FORMATS:
            self.format.addItem(text, key)
        self.target = QLineEdit(str(Path.home() / default_name), self)
        browse = QPushButton("Choose…", self)
        browse.clicked.connect(self.on_browse)
        self.format.currentIndexChanged.connect(self.on_format)
        row = QHBoxLayout()
        row.addWidget(self.target, 1)
        row.addWidget(browse)
        form = QFormLayout()
        form.addRow("Export", self.source)
        form.addRow("As", self.format)
        form.addRow("To", row)
        self.suggested = QCheckBox(f"Also its {suggested:,} suggested article"
                                   f"{'s' * (suggested != 1)}, marked as suggested", self)
        self.suggested.setVisible(suggested > 0)
        if suggested:
            form.addRow("", self.suggested)
        # how a folder's index and stories link; a digest may be a brief instead
        self.links = QComboBox(self)
        for key, text in LINKS:
            self.links.addItem(text, key)
        self.memo = QCheckBox("A brief: each story's headline, source, date and first "
                              "paragraph", self)
        self.timeline = QCheckBox("With its timeline: a picture of the stories per week", self)
        form.addRow("Links", self.links)
        form.addRow("", self.memo)
        form.addRow("", self.timeline)
        self._form = form
        self.on_shape()
        self.format.currentIndexChanged.connect(self.on_shape)
        self.source.currentIndexChanged.connect(self.on_source)
        self.on_source(0)
        buttons = ok_cancel(self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    def choice(self) -> tuple[str, str, Path]:
        """(source key, format, target path)."""
        return self.source.currentData(), self.format.currentData(), Path(self.target.text())

    def on_shape(self, _index: int = 0) -> None:
        """The links are offered for a folder, the brief for a digest."""
        self._form.setRowVisible(self.links, self.format.currentData() == "folder")
        for box in (self.memo, self.timeline):
            self._form.setRowVisible(box, self.format.currentData() == "digest")
        if self.isVisible():
            self.resize(self.width(), self.sizeHint().height())

    def link_style(self) -> str:
        """"markdown" or "wiki": how a folder export's files link to each other."""
        return self.links.currentData()

    def as_memo(self) -> bool:
        """Whether a digest is to be a brief (the box is ticked, the format a digest)."""
        return self.format.currentData() == "digest" and self.memo.isChecked()

    def with_timeline(self) -> bool:
        """Whether a digest carries the picture of its stories per week."""
        return self.format.currentData() == "digest" and self.timeline.isChecked()

    def on_source(self, _index: int) -> None:
        """Only a collection has suggestions of its own to offer."""
        self.suggested.setEnabled(self.source.currentData() == "collection")

    def with_suggested(self) -> bool:
        """Whether the collection's suggested articles go too (the box is ticked)."""
        return (not self.suggested.isHidden() and self.suggested.isEnabled()
                and self.suggested.isChecked())

    def on_format(self, _index: int) -> None:
        path = Path(self.target.text())
        stem = path.name.removesuffix(path.suffix) if path.suffix in SUFFIX.values() else path.name
        self.target.setText(str(path.with_name(stem + SUFFIX[self.format.currentData()])))

    def on_browse(self) -> None:
        if self.format.currentData() == "folder":
            chosen = QFileDialog.getExistingDirectory(self, "Export into folder",
                                                      str(Path(self.target.text()).parent))
            if chosen:
                self.target.setText(str(Path(chosen) / Path(self.target.text()).name))
        else:
            chosen, _ = QFileDialog.getSaveFileName(self, "Export to file", self.target.text())
            if chosen:
                self.target.setText(chosen)


def confirm_replace(parent: Any, paths: list[Path], *, folder: bool) -> bool:
    """Ask before an export replaces files Newsreader did not write (or that were changed
    since it did); Cancel is the default. True to replace them."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Replace files?")
    shown = "\n".join(f"    {p.name}" for p in paths[:8])
    more = f"\n    … and {len(paths) - 8} more" if len(paths) > 8 else ""
    if folder:
        box.setText(f"{len(paths)} file{'s' * (len(paths) != 1)} of the earlier export in "
                    f"“{paths[0].parent.name}” {'were' if len(paths) != 1 else 'was'} "
                    "changed since it was written.")
        box.setInformativeText(f"{shown}{more}\n\nReplace {'them' if len(paths) != 1 else 'it'}"
                               " with the new export? Everything else in the folder is kept.")
    else:
        box.setText(f"“{paths[0].name}” exists and was not written by Newsreader, or was "
                    "changed since it was.")
        box.setInformativeText("Replace it with the export?")
    replace = box.addButton("Replace", QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is replace
