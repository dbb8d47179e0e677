"""The export dialog's shapes: a digest as a brief with its timeline, a folder with
Obsidian's wikilinks.

Driven as a person does: Ctrl+E on the list, arrow keys on the "As" and "Links" boxes, a
click on the brief's box, a path typed into "To", a click on OK.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtWidgets import QDialogButtonBox

from newsreader.core.library import Library
from newsreader.ui.export_dialog import ExportDialog
from newsreader.ui.main_window import MainWindow

from ..conftest import draft
from .hands import click_index, key, open_window, when_dialog_opens


@pytest.fixture
def window(qtbot, library: Library, tmp_path: Path) -> MainWindow:
    library.import_drafts([draft(n, title=f"Story {n}") for n in range(1, 4)])
    library.add_tag("chip export controls", [1, 2, 3])
    win = open_window(qtbot, library, QSettings(str(tmp_path / "s.ini"),
                                                QSettings.Format.IniFormat))
    click_index(qtbot, win.sidebar,
                win.sidebar.sidebar_model().find_key("tag:chip export controls"))
    qtbot.waitUntil(lambda: win.model.rowCount() == 3, timeout=10_000)
    return win


def _export_with(qtbot, window: MainWindow, target: Path, choose) -> None:
    """Ctrl+E, then ``choose(dialog)``, the target typed in, OK; wait for the export."""
    def act(dialog) -> None:
        assert isinstance(dialog, ExportDialog)
        choose(dialog)
        dialog.target.setFocus()
        dialog.target.selectAll()  # what is typed next replaces the default path
        qtbot.keyClicks(dialog.target, str(target))
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    when_dialog_opens(act)
    with qtbot.waitSignal(window.export_finished, timeout=20_000):
        key(qtbot, window.table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)


def test_a_digest_made_a_brief_in_the_export_dialog(qtbot, window: MainWindow,
                                                     tmp_path: Path) -> None:
    seen: dict[str, bool] = {}

    def brief(dialog: ExportDialog) -> None:
        seen["memo offered for a folder"] = dialog.memo.isVisible()
        qtbot.keyClick(dialog.format, Qt.Key.Key_Down)  # Folder -> One Markdown digest
        seen["memo offered for a digest"] = dialog.memo.isVisible()
        seen["links offered for a digest"] = dialog.links.isVisible()
        for box in (dialog.memo, dialog.timeline):  # a click on each tick box
            qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))

    target = tmp_path / "brief.md"
    _export_with(qtbot, window, target, brief)
    assert seen == {"memo offered for a folder": False, "memo offered for a digest": True,
                    "links offered for a digest": False}
    text = target.read_text(encoding="utf-8")
    assert "## Contents" not in text and text.count("\n## ") == 3  # headlines only
    assert "](data:image/svg+xml;base64," in text  # the timeline


def test_a_folder_with_wikilinks_from_the_export_dialog(qtbot, window: MainWindow,
                                                        tmp_path: Path) -> None:
    def wiki(dialog: ExportDialog) -> None:
        assert dialog.links.isVisible()
        qtbot.keyClick(dialog.links, Qt.Key.Key_Down)  # Markdown links -> wikilinks

    target = tmp_path / "vault"
    _export_with(qtbot, window, target, wiki)
    index = (target / "index.md").read_text(encoding="utf-8")
    assert index.count("[[") == 3 and "](" not in index.split("\n---\n", 1)[1]
    assert "[[index|chip export controls]]" in (target / "001 Story 1.md").read_text("utf-8")
