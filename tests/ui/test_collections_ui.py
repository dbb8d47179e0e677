"""Curating in the window: tag, untag, undo, drop on a collection, reorder, rename, merge."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QModelIndex, QPointF, QSettings, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QInputDialog, QMessageBox, QPlainTextEdit

from newsreader.core.library import Library
from newsreader.ui.article_model import ARTICLE_IDS_MIME, TITLE
from newsreader.ui.main_window import MainWindow
from newsreader.ui.tag_dialog import TagDialog

from ..conftest import draft
from .hands import click_index, click_row, click_text, key, when_dialog_opens


@pytest.fixture
def window(qtbot, library: Library, tmp_path: Path) -> MainWindow:
    library.import_drafts([draft(n, title=f"Story {n}") for n in range(1, 6)])
    library.add_tag("memo", [1, 2, 3])
    win = MainWindow(library, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.model.complete, timeout=10_000)
    return win


def select_ids(qtbot, window: MainWindow, ids: list[int]) -> None:
    """Click the first, Ctrl+click the rest, as a person selects several articles."""
    for n, article_id in enumerate(ids):
        click_row(qtbot, window, window.model.row_of(article_id),
                  Qt.KeyboardModifier.ControlModifier if n else Qt.KeyboardModifier.NoModifier)
    assert sorted(window.table.selected_ids()) == sorted(ids)


def counts(library: Library) -> dict[str, int]:
    return {t.name: t.count for t in library.tags()}


def shown(qtbot, window: MainWindow) -> list[str]:
    qtbot.waitUntil(lambda: window.model.complete, timeout=10_000)
    return [window.model.index(r, TITLE).data() for r in range(window.model.rowCount())]


def test_tag_untag_and_undo_through_the_ui(qtbot, window, monkeypatch) -> None:
    library = window.library
    select_ids(qtbot, window, [4, 5])
    monkeypatch.setattr(TagDialog, "ask", classmethod(lambda cls, *a, **k: "Energy"))
    window.window_actions.tag.trigger()
    assert counts(library) == {"Energy": 2, "memo": 3}
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("Energy", True))
    select_ids(qtbot, window, [4])
    window.window_actions.untag.trigger()
    assert counts(library)["Energy"] == 1
    window.window_actions.undo.trigger()
    assert counts(library)["Energy"] == 2
    window.window_actions.undo.trigger()
    assert counts(library) == {"memo": 3}  # the collection the first tag created is gone
    window.window_actions.redo.trigger()
    assert counts(library)["Energy"] == 2


def test_delete_key_in_a_collection_view_takes_articles_out(qtbot, window) -> None:
    window.sidebar.select_key("tag:memo")
    assert shown(qtbot, window) == ["Story 1", "Story 2", "Story 3"]  # its own order
    select_ids(qtbot, window, [2])
    window.window_actions.untag.trigger()
    assert shown(qtbot, window) == ["Story 1", "Story 3"]
    assert window.library.count() == 5  # the article stays in the library


def test_drop_on_a_collection_tags_the_articles(qtbot, window) -> None:
    index = window.sidebar.sidebar_model().find_key("tag:memo")
    point = window.sidebar.visualRect(index).center()
    mime = QMimeData()
    mime.setData(ARTICLE_IDS_MIME, json.dumps([4, 5]).encode())
    event = QDropEvent(QPointF(point), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.sidebar.dropEvent(event)
    assert counts(window.library)["memo"] == 5
    window.window_actions.undo.trigger()
    assert counts(window.library)["memo"] == 3


def test_drag_to_reorder_inside_a_collection(qtbot, window) -> None:
    window.sidebar.select_key("tag:memo")
    shown(qtbot, window)
    data = window.model.mimeData([window.model.index(2, TITLE)])  # Story 3
    assert window.model.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0, QModelIndex()) is False
    assert shown(qtbot, window) == ["Story 3", "Story 1", "Story 2"]
    window.window_actions.undo.trigger()
    assert shown(qtbot, window) == ["Story 1", "Story 2", "Story 3"]


def test_rename_merge_and_delete_with_undo(qtbot, window, monkeypatch) -> None:
    library = window.library
    library.add_tag("Other", [4])
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("OTHER", True))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.collections.rename("memo")  # onto an existing name: a merge, after asking
    assert counts(library) == {"Other": 4}
    window.window_actions.undo.trigger()
    assert counts(library) == {"Other": 1, "memo": 3}
    window.collections.delete("memo")
    assert counts(library) == {"Other": 1} and library.count() == 5
    window.window_actions.undo.trigger()
    assert counts(library) == {"Other": 1, "memo": 3}


def test_note_shows_in_reader_and_suggestions_accept(qtbot, window) -> None:
    click_index(qtbot, window.sidebar, window.sidebar.sidebar_model().find_key("tag:memo"))
    shown(qtbot, window)
    click_row(qtbot, window, 0)

    def write(dialog) -> None:
        box = dialog.findChild(QPlainTextEdit)
        qtbot.keyClicks(box, "Key source: the ministry's own figures, which a long note "
                             "wraps inside the box")
        qtbot.keyClick(box, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    when_dialog_opens(write)
    key(qtbot, window.table, Qt.Key.Key_N)
    assert "Key source" in window.reader.toPlainText()
    click_index(qtbot, window.sidebar, window.sidebar.sidebar_model().find_key("all"))
    shown(qtbot, window)
    click_row(qtbot, window, window.model.row_of(5))  # in no collection: suggestions come
    qtbot.waitUntil(lambda: "Suggested collections" in window.reader.toPlainText(), timeout=10_000)
    click_text(qtbot, window.reader, "+ memo")
    qtbot.waitUntil(lambda: counts(window.library).get("memo") == 4, timeout=5_000)


def test_export_from_the_window_runs_in_background(qtbot, window, tmp_path) -> None:
    target = tmp_path / "memo"
    with qtbot.waitSignal(window.export_finished, timeout=20_000) as blocker:
        window.transfer.start_export(target, "folder", collection="memo")
    assert blocker.args[0].count == 3 and (target / "index.md").exists()
