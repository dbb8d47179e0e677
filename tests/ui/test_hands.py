"""The window as a person uses it: real clicks and keys, dialogs answered by typing."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QSettings, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from newsreader.core.library import Library
from newsreader.core.models import POSITION, RELEVANCE
from newsreader.ui.article_model import PUBLISHED, TITLE
from newsreader.ui.collection_colors import collection_color
from newsreader.ui.main_window import MainWindow

from ..conftest import draft
from .hands import (
    click_index,
    click_row,
    click_text,
    focused,
    key,
    open_window,
    type_and_enter,
    when_dialog_opens,
)

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def stock(library: Library, count: int = 5) -> Library:
    library.import_drafts([
        draft(n, title=f"Story {n}", body_text=f"Body of story {n}. Chip exports rose in Seoul.",
              published_at=f"2024-01-{n:02d}") for n in range(1, count + 1)])
    return library


def click_view(qtbot, window: MainWindow, key_name: str) -> None:
    """Click a sidebar entry ("all", "tag:memo" ...)."""
    click_index(qtbot, window.sidebar, window.sidebar.sidebar_model().find_key(key_name))
    qtbot.waitUntil(lambda: window.model.complete, timeout=10_000)


def reader_text(window: MainWindow) -> str:
    return window.reader.toPlainText()


def titles(window: MainWindow) -> list[str]:
    return [window.model.index(r, TITLE).data() for r in range(window.model.rowCount())]


# -- 1. opening articles -------------------------------------------------------------------
def test_a_click_opens_the_only_article(qtbot, library, settings) -> None:
    library.import_drafts([draft(1, title="Alone", body_text="The only story here.")])
    window = open_window(qtbot, library, settings)
    assert "Select an article" in reader_text(window)
    click_row(qtbot, window, 0)
    assert "The only story here." in reader_text(window)


@pytest.mark.parametrize("code", [Qt.Key.Key_J, Qt.Key.Key_K, Qt.Key.Key_Down, Qt.Key.Key_Up,
                                  Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_Return])
def test_any_key_that_moves_opens_the_only_article(qtbot, library, settings, code) -> None:
    library.import_drafts([draft(1, title="Alone", body_text="The only story here.")])
    window = open_window(qtbot, library, settings)
    key(qtbot, window.table, code)
    assert "The only story here." in reader_text(window)


def test_keys_open_each_article_they_reach(qtbot, library, settings) -> None:
    stock(library, 30)
    window = open_window(qtbot, library, settings)
    click_row(qtbot, window, 0)
    assert "Body of story 30." in reader_text(window)
    key(qtbot, window.table, Qt.Key.Key_Down)
    assert "Body of story 29." in reader_text(window)
    key(qtbot, window.table, Qt.Key.Key_End)
    assert "Body of story 1." in reader_text(window)
    key(qtbot, window.table, Qt.Key.Key_Home)
    assert "Body of story 30." in reader_text(window)
    key(qtbot, window.table, Qt.Key.Key_PageDown)
    assert window.reader.current_article_id() == window.table.current_id() != 30
    key(qtbot, window.table, Qt.Key.Key_PageUp)
    assert window.reader.current_article_id() == 30
    key(qtbot, window.table, Qt.Key.Key_J)
    key(qtbot, window.table, Qt.Key.Key_J)
    key(qtbot, window.table, Qt.Key.Key_K)
    assert "Body of story 29." in reader_text(window)


def test_ctrl_and_shift_click_select_without_opening(qtbot, library, settings) -> None:
    stock(library)
    window = open_window(qtbot, library, settings)
    click_row(qtbot, window, 0)
    opened = window.reader.current_article_id()
    click_row(qtbot, window, 2, CTRL)
    assert len(window.table.selected_ids()) == 2 and window.reader.current_article_id() == opened
    click_row(qtbot, window, 4, SHIFT)  # from the last click (row 2) to row 4, row 0 kept
    assert len(window.table.selected_ids()) == 4 and window.reader.current_article_id() == opened
    click_row(qtbot, window, 3)  # a plain click: that one alone, open
    assert window.table.selected_ids() == [window.model.article_id(3)]
    assert window.reader.current_article_id() == window.model.article_id(3)


# -- 2. a collection's own order -----------------------------------------------------------
def test_a_collection_opens_in_its_own_order_without_a_sort_arrow(qtbot, library, settings,
                                                                  tmp_path) -> None:
    stock(library)
    library.add_tag("memo", [2, 5, 1])  # curated order: 2, 5, 1
    first = open_window(qtbot, library, settings)
    header = first.table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,  # sort by title, then quit
                     pos=QPoint(header.sectionViewportPosition(TITLE) + 10, 5))
    qtbot.waitUntil(lambda: first.model.complete and first.model.view.sort == "title")
    first.close()
    window = open_window(qtbot, library, settings)  # the saved header says: by title
    click_view(qtbot, window, "tag:memo")
    assert window.model.view.sort == POSITION
    assert titles(window) == ["Story 2", "Story 5", "Story 1"]
    assert not window.table.horizontalHeader().isSortIndicatorShown()
    header = window.table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(PUBLISHED) + 10, 5))
    qtbot.waitUntil(lambda: window.model.complete and window.model.view.sort == "date")
    assert header.isSortIndicatorShown()
    click_view(qtbot, window, "all")
    click_view(qtbot, window, "tag:memo")  # opened again: its own order again
    assert titles(window) == ["Story 2", "Story 5", "Story 1"]


# -- 3. entities of files imported in the window --------------------------------------------
def test_files_dropped_on_the_window_get_their_entities(
    qtbot, library, settings, seed_path
) -> None:
    library.set_entity_engine("rules")
    window = open_window(qtbot, library, settings)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(seed_path))])
    drop = QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    window.dropEvent(drop)
    qtbot.waitUntil(lambda: library.count() == 1, timeout=20_000)
    qtbot.waitUntil(lambda: library.pending_entities() == 0 and bool(library.mentions(1)),
                    timeout=60_000)
    qtbot.waitUntil(lambda: not window.progress.busy, timeout=20_000)


# -- 4. dates and details ------------------------------------------------------------------
def test_an_undated_story_shows_no_date_and_says_when_it_was_added(
    qtbot, library, settings
) -> None:
    library.import_drafts([draft(1, title="Dated", published_at="2024-03-01"),
                           draft(2, title="Undated", published_at=None)])
    window = open_window(qtbot, library, settings)
    row = titles(window).index("Undated")
    cell = window.model.index(row, PUBLISHED)
    assert cell.data() == "" and cell.data(Qt.ItemDataRole.ToolTipRole).startswith(
        "Undated; added "
    )
    click_row(qtbot, window, row)
    assert "undated, added" in reader_text(window)


def test_f2_edits_the_details_and_a_bad_date_is_refused(qtbot, library, settings) -> None:
    library.import_drafts([draft(1, title="Old title", published_at=None, author="desk")])
    window = open_window(qtbot, library, settings)
    click_row(qtbot, window, 0)
    seen: list[str] = []

    def fill(dialog) -> None:
        title = focused(dialog)
        title.selectAll()
        qtbot.keyClicks(title, "New title")
        qtbot.keyClick(title, Qt.Key.Key_Tab)
        qtbot.keyClicks(focused(dialog), "not a date")
        qtbot.keyClick(focused(dialog), Qt.Key.Key_Return)
        seen.append(dialog.problem.text())  # refused: the dialog stays, saying why
        date = focused(dialog)
        date.selectAll()
        qtbot.keyClicks(date, "2024-05-01")
        qtbot.keyClick(date, Qt.Key.Key_Return)

    when_dialog_opens(fill)
    key(qtbot, window.table, Qt.Key.Key_F2)
    assert seen and "not a date" in seen[0]
    article = library.article(1)
    assert article.title == "New title" and article.published_at.startswith("2024-05-01")
    assert "New title" in reader_text(window) and "1 May 2024" in reader_text(window)
    qtbot.waitUntil(lambda: window.model.index(0, TITLE).data() == "New title")


# -- 5. search -----------------------------------------------------------------------------
def test_a_query_the_language_cannot_read_says_so_and_changes_nothing(qtbot, library,
                                                                      settings) -> None:
    stock(library)
    window = open_window(qtbot, library, settings)
    key(qtbot, window.table, Qt.Key.Key_Slash)
    assert focused() is window.search
    qtbot.keyClicks(window.search, "AND OR (")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert window.search_problem.isVisible() and "needs a term" in window.search_problem.text()
    assert window.model.rowCount() == 5  # not "everything matched": nothing changed
    window.search.clear()
    qtbot.keyClicks(window.search, "tag:")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert "tag: needs a value" in window.search_problem.text()


def test_search_marks_words_hides_the_arrow_and_esc_keeps_the_article(qtbot, library,
                                                                     settings) -> None:
    stock(library, 40)
    window = open_window(qtbot, library, settings)
    key(qtbot, window.table, Qt.Key.Key_Slash)
    qtbot.keyClicks(window.search, "story 7")
    with qtbot.waitSignal(window.model.loaded, timeout=10_000):
        qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert window.model.view.sort == RELEVANCE
    assert not window.table.horizontalHeader().isSortIndicatorShown()
    row = titles(window).index("Story 7")
    click_row(qtbot, window, row)
    page = window.reader.toHtml().replace(" ", "")
    assert (
        'background-color:#ffe14d;">story</span>' in page
        and 'background-color:#ffe14d;">7<' in page
    )
    key(qtbot, window.search, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.model.complete and window.model.rowCount() == 40)
    qtbot.waitUntil(lambda: window.table.selected_ids() == [7], timeout=5_000)
    assert window.reader.current_article_id() == 7
    index = window.model.index(window.model.row_of(7), TITLE)
    assert window.table.viewport().rect().intersects(window.table.visualRect(index))
    assert window.table.horizontalHeader().isSortIndicatorShown()


# -- 6. first start ------------------------------------------------------------------------
def test_an_empty_library_says_what_to_do_and_adds_the_sample(qtbot, library, settings) -> None:
    window = open_window(qtbot, library, settings)
    qtbot.waitUntil(lambda: "Your library is empty" in reader_text(window))
    assert "Import files" in reader_text(window) and "Add a feed" in reader_text(window)
    click_text(qtbot, window.reader, "Add the sample stories")
    qtbot.waitUntil(lambda: window.model.complete and window.model.rowCount() == 8, timeout=20_000)
    qtbot.waitUntil(lambda: window.reader.current_article_id() is not None, timeout=10_000)


def test_the_first_start_fills_the_screen_and_opens_a_story(qtbot, library, settings) -> None:
    stock(library)
    window = MainWindow(library, settings, open_first=True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.reader.current_article_id() is not None, timeout=10_000)
    room = window.screen().availableGeometry()
    assert window.width() >= min(1000, room.width()) and window.height() >= min(600, room.height())


# -- 7. small things -----------------------------------------------------------------------
def test_the_note_box_wraps_and_ctrl_enter_saves(qtbot, library, settings) -> None:
    stock(library)
    library.add_tag("memo", [1])
    window = open_window(qtbot, library, settings)
    click_view(qtbot, window, "tag:memo")
    click_row(qtbot, window, 0)
    wraps: list[bool] = []

    def write(dialog) -> None:
        box = dialog.findChild(QPlainTextEdit)
        wraps.append(box.lineWrapMode() == QPlainTextEdit.LineWrapMode.WidgetWidth)
        qtbot.keyClicks(box, "Because it names the ministry's figures")
        qtbot.keyClick(box, Qt.Key.Key_Return, CTRL)

    when_dialog_opens(write)
    key(qtbot, window.table, Qt.Key.Key_N)
    assert wraps == [True]
    assert library.collections_of(1)[0][1] == "Because it names the ministry's figures"


def test_a_collection_has_one_colour_in_the_sidebar_and_the_reader(
    qtbot, library, settings
) -> None:
    stock(library)
    library.add_tag("memo", [1])
    library.describe_tag("memo", color="#aa3355")
    library.add_tag("plain", [1])
    window = open_window(qtbot, library, settings)
    click_row(qtbot, window, window.model.row_of(1))
    page = window.reader.toHtml().lower()
    assert "#aa3355" in page and collection_color("plain") in page


def test_entity_counts_say_what_they_count_and_the_scope_is_remembered(qtbot, library,
                                                                        settings) -> None:
    library.set_entity_engine("rules")
    library.import_drafts([draft(1, title="Samsung twice",
                                 body_text="Samsung said Samsung would build in Texas.")])
    library.extract_entities()
    window = open_window(qtbot, library, settings)
    click_row(qtbot, window, 0)
    model = window.entities.model

    def counted() -> dict[str, str]:
        return {model.item(g).child(r, 0).text(): model.item(g).child(r, 1).text()
                for g in range(model.rowCount()) for r in range(model.item(g).rowCount())}

    assert model.horizontalHeaderItem(1).text() == "Mentions"
    assert counted()["Samsung"] == "2"
    combo = window.entities.findChild(QComboBox)
    key(qtbot, combo, Qt.Key.Key_Down)  # "Entities in this list"
    qtbot.waitUntil(lambda: model.horizontalHeaderItem(1).text() == "Articles"
                    and counted().get("Samsung") == "1", timeout=10_000)
    window.close()
    again = open_window(qtbot, library, settings)
    assert again.entities.current_scope() == 1


def test_the_tag_key_asks_for_a_collection_and_tags_the_selection(qtbot, library, settings) -> None:
    stock(library)
    window = open_window(qtbot, library, settings)
    click_row(qtbot, window, 0)
    click_row(qtbot, window, 1, CTRL)
    when_dialog_opens(type_and_enter(qtbot, "chip export controls"))
    key(qtbot, window.table, Qt.Key.Key_T)
    assert {t.name: t.count for t in library.tags()} == {"chip export controls": 2}


def _export_as_csv_to(qtbot, target: Path, answer: str) -> None:
    """Ctrl+E, CSV chosen with the keyboard, the target typed; then ``answer`` ("Cancel"
    by Esc, or a click on "Replace") to the question about the file already there."""
    from PySide6.QtWidgets import QMessageBox, QPushButton

    def answer_question(box: QWidget) -> None:
        assert isinstance(box, QMessageBox), box
        assert target.name in box.text()
        if answer == "Cancel":
            qtbot.keyClick(box, Qt.Key.Key_Escape)
        else:
            button = next(b for b in box.findChildren(QPushButton) if b.text() == "Replace")
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    def fill_in(dialog: QWidget) -> None:
        combos = dialog.findChildren(QComboBox)
        shape = next(c for c in combos if c.findText("CSV") >= 0)
        shape.setFocus()
        for _ in range(shape.findText("CSV")):
            qtbot.keyClick(shape, Qt.Key.Key_Down)
        field = next(w for w in dialog.findChildren(QLineEdit))
        field.setFocus()
        qtbot.keyClick(field, Qt.Key.Key_A, CTRL)
        qtbot.keyClicks(field, str(target))
        when_dialog_opens(answer_question)
        qtbot.keyClick(field, Qt.Key.Key_Return)

    when_dialog_opens(fill_in)


def test_an_export_onto_a_file_of_the_users_asks_first_and_cancel_keeps_it(
        qtbot, library, settings, tmp_path) -> None:
    stock(library)
    mine = tmp_path / "my-notes.csv"
    mine.write_text("my,own\nnotes,here\n", encoding="utf-8")
    window = open_window(qtbot, library, settings)
    click_row(qtbot, window, 0)
    _export_as_csv_to(qtbot, mine, "Cancel")
    key(qtbot, window.table, Qt.Key.Key_E, CTRL)
    qtbot.waitUntil(lambda: "cancelled" in window.statusBar().currentMessage(), timeout=10_000)
    assert mine.read_text(encoding="utf-8") == "my,own\nnotes,here\n"

    _export_as_csv_to(qtbot, mine, "Replace")
    with qtbot.waitSignal(window.export_finished, timeout=20_000):
        key(qtbot, window.table, Qt.Key.Key_E, CTRL)
    with mine.open(encoding="utf-8", newline="") as exported:
        rows = list(csv.DictReader(exported))
    assert rows and "title" in rows[0]
