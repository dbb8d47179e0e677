"""The main window driven as a reader would: select, search, mark, import, restart."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QSettings, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox

from newsreader.core.library import Library
from newsreader.ui.article_model import SOURCE, TAGS, TITLE
from newsreader.ui.main_window import MainWindow

from ..conftest import draft


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def stocked(library: Library) -> Library:
    library.import_drafts(
        [
            draft(
                1,
                title="Chip curbs widen",
                tags=["chip export controls"],
                published_at="2024-01-03",
            ),
            draft(
                2,
                title="Lithium deal signed",
                body_text="Lithium from Chile.",
                published_at="2024-01-02",
            ),
            draft(3, title="Grid plan approved", published_at="2024-01-01"),
        ]
    )
    return library


def open_window(qtbot, library: Library, settings: QSettings) -> MainWindow:
    window = MainWindow(library, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.model.complete, timeout=10_000)
    return window


def titles(window: MainWindow) -> list[str]:
    return [window.model.index(r, TITLE).data() for r in range(window.model.rowCount())]


def test_three_panes_list_and_reader(qtbot, stocked: Library, settings: QSettings) -> None:
    window = open_window(qtbot, stocked, settings)
    assert titles(window) == ["Chip curbs widen", "Lithium deal signed", "Grid plan approved"]
    assert window.splitter.count() == 3
    window.table.select_row(1)
    assert "Lithium from Chile." in window.reader.toPlainText()
    qtbot.waitUntil(lambda: stocked.article(2).is_read)  # opened means read (a preference)
    assert window.count_label.text() == "3 stories"  # one row per story (View ▸ Group copies)


def test_keyboard_moves_marks_and_stars(qtbot, stocked: Library, settings: QSettings) -> None:
    window = open_window(qtbot, stocked, settings)
    window.table.setFocus()
    window.window_actions.next.trigger()
    assert window.table.current_id() == 1
    window.window_actions.next.trigger()
    assert window.table.current_id() == 2
    window.window_actions.previous.trigger()
    assert window.table.current_id() == 1
    window.window_actions.toggle_star.trigger()
    assert stocked.article(1).is_starred
    window.window_actions.toggle_read.trigger()
    assert not stocked.article(1).is_read
    bar = window.reader.verticalScrollBar()
    for _ in range(50):  # Space pages through the article, then moves on
        at_bottom = bar.value() >= bar.maximum()
        window.window_actions.page.trigger()
        if window.table.current_id() != 1:
            break
    assert at_bottom and window.table.current_id() == 2


def test_search_box_filters_within_view_and_clearing_returns(qtbot, stocked, settings) -> None:
    window = open_window(qtbot, stocked, settings)
    window.search.setText("lithium")
    with qtbot.waitSignal(window.model.loaded, timeout=10_000):
        window.search.flush()
    assert titles(window) == ["Lithium deal signed"]
    assert window.count_label.text() == "1 match"
    window.sidebar.select_key("tag:chip export controls")
    qtbot.waitUntil(lambda: window.model.complete)
    assert titles(window) == ["Chip curbs widen"] and window.search.text() == ""
    window.search.setText("lithium")
    with qtbot.waitSignal(window.model.loaded, timeout=10_000):
        window.search.flush()
    assert titles(window) == []  # the search runs inside the selected collection
    with qtbot.waitSignal(window.model.loaded, timeout=10_000):
        window.window_actions.escape.trigger()
    assert titles(window) == ["Chip curbs widen"]


def test_sorting_by_header_click(qtbot, stocked: Library, settings: QSettings) -> None:
    window = open_window(qtbot, stocked, settings)
    with qtbot.waitSignal(window.model.loaded, timeout=10_000):
        window.table.sortByColumn(TITLE, Qt.SortOrder.AscendingOrder)
    assert titles(window) == sorted(titles(window))


def test_context_menu_delete_asks_first(qtbot, stocked, settings, monkeypatch) -> None:
    window = open_window(qtbot, stocked, settings)
    window.table.select_row(0)
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Cancel)
    window.window_actions.delete.trigger()
    assert stocked.count() == 3
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.window_actions.delete.trigger()
    assert stocked.count() == 2 and "Chip curbs widen" not in titles(window)
    menu = window.build_context_menu()
    assert [a.text() for a in menu.actions() if a.text()][:3] == [
        "Mark read/&unread", "&Star/unstar", "&Tag…"]


def test_drop_files_imports_in_background(qtbot, stocked, settings, tmp_path, seed_path) -> None:
    window = open_window(qtbot, stocked, settings)
    bad = tmp_path / "broken.json"
    bad.write_text('{"title": "cut off')
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(seed_path)), QUrl.fromLocalFile(str(bad))])
    event = QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    shown = []
    window.transfer.show_import_problems = lambda summary, details: shown.append((summary, details))
    with qtbot.waitSignal(window.import_finished, timeout=20_000) as blocker:
        window.dropEvent(event)
    report = blocker.args[0]
    assert report.added == 1 and [Path(f.path).name for f in report.failed] == ["broken.json"]
    qtbot.waitUntil(lambda: window.model.complete and window.model.rowCount() == 4)
    assert shown and "broken.json" in shown[0][1]


def test_layout_and_view_persist_across_windows(qtbot, stocked, settings) -> None:
    window = open_window(qtbot, stocked, settings)
    window.resize(701, 502)  # within the offscreen screen (800x600)
    window.splitter.setSizes([180, 290, 219])
    window.table.horizontalHeader().resizeSection(SOURCE, 222)
    with qtbot.waitSignal(window.model.loaded, timeout=10_000):
        window.table.sortByColumn(TITLE, Qt.SortOrder.AscendingOrder)
    window.sidebar.select_key("starred")
    window.close()
    again = open_window(qtbot, stocked, settings)
    assert (again.size().width(), again.size().height()) == (701, 502)
    assert again.splitter.sizes()[0] == 180
    assert again.table.horizontalHeader().sectionSize(SOURCE) == 222
    assert again.sidebar.current_key() == "starred"
    assert again.model.view.sort == "title" and not again.model.view.descending


def test_titles_stay_readable_in_a_narrow_list(qtbot, stocked, settings) -> None:
    from newsreader.ui.article_view import DEFAULT_WIDTHS, NARROWEST, TITLE_SHARE

    window = open_window(qtbot, stocked, settings)
    table, header = window.table, window.table.horizontalHeader()
    table.resize(330, 300)  # as in a small window: Source and Tags give way to titles
    qtbot.waitUntil(lambda: header.sectionSize(TAGS) < DEFAULT_WIDTHS[TAGS])
    assert header.sectionSize(TITLE) >= TITLE_SHARE * table.viewport().width() - 1 or (
        header.sectionSize(SOURCE) == header.sectionSize(TAGS) == NARROWEST)
    table.resize(1200, 300)  # room again: the default widths come back
    qtbot.waitUntil(lambda: header.sectionSize(SOURCE) == DEFAULT_WIDTHS[SOURCE]
                    and header.sectionSize(TAGS) == DEFAULT_WIDTHS[TAGS])
    header.resizeSection(SOURCE, 250)  # the reader's own width is kept, narrow or not
    table.resize(330, 300)
    qtbot.waitUntil(lambda: header.sectionSize(TAGS) < DEFAULT_WIDTHS[TAGS])
    assert header.sectionSize(SOURCE) == 250
    assert table.preferred_widths() == [250, 0]


def test_shortcuts_dialog_lists_every_shortcut(qtbot, stocked, settings) -> None:
    from newsreader.ui.dialogs import ShortcutsDialog

    window = open_window(qtbot, stocked, settings)
    dialog = ShortcutsDialog(window.window_actions.all(), window)
    qtbot.addWidget(dialog)
    keys = {dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())}
    assert {"J", "K", "M", "S", "O", "Space", "Esc", "Ctrl+Q", "Ctrl+O", "Ctrl+,"} <= {
        k for cell in keys for k in cell.split(", ")}


def test_read_only_library_shows_notice(qtbot, stocked, settings) -> None:
    window = MainWindow(stocked, settings, notice="This library is open read-only.")
    qtbot.addWidget(window)
    window.show()
    assert window.notice.isVisible()



def test_search_saved_as_smart_collection(qtbot, stocked, settings, monkeypatch) -> None:
    from PySide6.QtWidgets import QInputDialog

    window = open_window(qtbot, stocked, settings)
    window.search.setText("lithium OR grid")
    with qtbot.waitSignal(window.model.loaded, timeout=10_000):
        window.search.flush()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Raw materials", True))
    with qtbot.waitSignal(window.model.loaded, timeout=10_000):
        window.window_actions.save_search.trigger()
    assert stocked.saved_searches() == [("Raw materials", "lithium OR grid")]
    assert window.sidebar.current_key() == "search:Raw materials"
    assert sorted(titles(window)) == ["Grid plan approved", "Lithium deal signed"]
