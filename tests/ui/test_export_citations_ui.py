"""The export dialog offers the citation formats: chosen with the keyboard, written, and
read by pandoc --citeproc."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pypandoc
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from newsreader.core.library import Library

from ..conftest import draft
from .hands import click_row, key, open_window, when_dialog_opens

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def _export_as(qtbot, shape: str, target: Path) -> None:
    """In the dialog Ctrl+E opens: the shape chosen with the arrow keys, the target typed,
    Enter."""
    def fill_in(dialog: QWidget) -> None:
        combo = next(c for c in dialog.findChildren(QComboBox) if c.findText(shape) >= 0)
        combo.setFocus()
        for _ in range(combo.findText(shape) - combo.currentIndex()):
            qtbot.keyClick(combo, Qt.Key.Key_Down)
        assert combo.currentText() == shape
        field = next(w for w in dialog.findChildren(QLineEdit))
        assert field.text().endswith(target.suffix)  # the name follows the shape
        field.setFocus()
        qtbot.keyClick(field, Qt.Key.Key_A, CTRL)
        qtbot.keyClicks(field, str(target))
        qtbot.keyClick(field, Qt.Key.Key_Return)

    when_dialog_opens(fill_in)


@pytest.mark.parametrize(("shape", "name"), [("Citations: CSL-JSON (Zotero, Pandoc)", "refs.json"),
                                             ("Citations: BibTeX", "refs.bib"),
                                             ("Citations: RIS", "refs.ris")])
def test_the_window_exports_citations_pandoc_reads(qtbot, library: Library,
                                                   settings: QSettings, tmp_path: Path,
                                                   shape: str, name: str) -> None:
    library.import_drafts([draft(1, title="Lithium rush in Chile", author="Mark Jones",
                                 source="The Daily Wire", published_at="2024-03-01")])
    window = open_window(qtbot, library, settings)
    click_row(qtbot, window, 0)
    target = tmp_path / name
    _export_as(qtbot, shape, target)
    with qtbot.waitSignal(window.export_finished, timeout=20_000):
        key(qtbot, window.table, Qt.Key.Key_E, CTRL)
    manuscript = tmp_path / "manuscript.md"
    manuscript.write_text("As reported [@jones2024lithium-1].\n", encoding="utf-8")
    done = subprocess.run([pypandoc.get_pandoc_path(), str(manuscript), "--citeproc",
                           "--bibliography", str(target), "-t", "plain"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0 and "not found" not in done.stderr, done.stderr
    assert done.stdout.startswith("As reported (Jones 2024).")
    assert "Lithium Rush in Chile" in done.stdout
