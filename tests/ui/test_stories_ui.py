"""Copies of one story in the window, as a person meets them: one row per story with
its count, "Also reported by" links in the reader, reading one copy reads the story,
stars and tags on the copy chosen, and View ▸ Group copies to see every copy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt

from newsreader.cli import main
from newsreader.core.library import Library
from newsreader.ui.article_model import COPIES_ROLE, SOURCE, TITLE, copies_text
from newsreader.ui.main_window import MainWindow

from ..core.stories.texts import FOOTER, OTHER, OTHER_TITLE, WIRE, WIRE_TITLE
from .hands import (
    choose_menu,
    click_index,
    click_row,
    click_text,
    key,
    open_window,
    type_and_enter,
    when_dialog_opens,
)

#: a wire story in three copies (newest last), and a story of one
ITEMS = [
    {"title": WIRE_TITLE, "body_text": WIRE, "source": "Yonhap",
     "url": "https://yonhap.example/1", "published_at": "2024-05-02T08:00:00Z"},
    {"title": "Seoul, Washington to resume chip talks", "body_text": WIRE + "\n\n" + FOOTER,
     "source": "Reuters", "url": "https://reuters.example/2",
     "published_at": "2024-05-02T09:00:00Z"},
    {"title": "Chip export talks to resume in June",
     "body_text": "SEOUL, May 2 (Korea Herald) - " + WIRE, "source": "The Korea Herald",
     "url": "https://koreaherald.example/3", "published_at": "2024-05-02T10:00:00Z"},
    {"title": OTHER_TITLE, "body_text": OTHER, "source": "Hungary Today",
     "url": "https://hungary.example/4", "published_at": "2024-05-01T08:00:00Z"},
]
HERALD, YONHAP, REUTERS, OTHER_ID = 3, 1, 2, 4
#: a menu popping up on the offscreen platform (choose_menu) says what it cannot do
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def copies(library: Library, tmp_path: Path) -> Library:
    source = tmp_path / "copies.jsonl"
    source.write_text("".join(json.dumps(item) + "\n" for item in ITEMS), encoding="utf-8")
    library.import_paths([source])
    assert {row.id: row.story_size for row in library.rows([1, 2, 3, 4]).values()} == \
        {1: 3, 2: 3, 3: 3, 4: 1}
    return library


def listed(window: MainWindow) -> list[tuple[str, int]]:
    """(source, copies) of every row."""
    model = window.model
    return [(model.index(r, SOURCE).data(), model.index(r, TITLE).data(COPIES_ROLE))
            for r in range(model.rowCount())]


def read(library: Library) -> dict[int, bool]:
    return {row.id: row.is_read for row in library.rows([1, 2, 3, 4]).values()}


def test_the_list_shows_one_row_per_story_that_says_how_many_copies(qtbot, copies,
                                                                    settings) -> None:
    window = open_window(qtbot, copies, settings)
    # the story's copy that comes first in the list's order (newest first) stands for it
    assert listed(window) == [("The Korea Herald", 3), ("Hungary Today", 1)]
    assert window.count_label.text() == "2 stories"
    assert window.window_actions.group_copies.isChecked()
    assert copies_text(3) == "3 copies" and copies_text(1) == ""
    tip = window.model.index(0, TITLE).data(Qt.ItemDataRole.ToolTipRole)
    assert "3 copies: also reported by Yonhap, Reuters" in tip
    assert "copies" not in window.model.index(1, TITLE).data(Qt.ItemDataRole.ToolTipRole)


def test_a_search_and_a_collection_show_each_story_once(qtbot, copies, settings) -> None:
    copies.add_tag("memo", [YONHAP, REUTERS, OTHER_ID])
    window = open_window(qtbot, copies, settings)
    key(qtbot, window.table, Qt.Key.Key_Slash)
    qtbot.keyClicks(window.search, "Seoul")
    with qtbot.waitSignal(window.model.loaded, timeout=10_000):
        qtbot.keyClick(window.search, Qt.Key.Key_Return)
    # best match first: whichever copy ranks first stands for the story
    assert [n for _, n in listed(window)] == [3] and window.count_label.text() == "1 match"
    key(qtbot, window.table, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.model.complete and window.model.rowCount() == 2)
    click_index(qtbot, window.sidebar, window.sidebar.sidebar_model().find_key("tag:memo"))
    qtbot.waitUntil(lambda: window.model.complete
                    and window.model.view.query.single_collection == "memo")
    # in its own order: the first copy put in the collection stands for the story
    assert listed(window) == [("Yonhap", 3), ("Hungary Today", 1)]


def test_reading_one_copy_marks_the_story_read(qtbot, copies, settings) -> None:
    window = open_window(qtbot, copies, settings)
    click_row(qtbot, window, 0)
    assert window.reader.current_article_id() == HERALD
    qtbot.waitUntil(lambda: read(copies) == {1: True, 2: True, 3: True, 4: False})
    # M marks the row's story unread again: every copy
    key(qtbot, window.table, Qt.Key.Key_M)
    assert read(copies) == {1: False, 2: False, 3: False, 4: False}


def test_also_reported_by_opens_that_copy_and_stars_and_tags_go_to_it(qtbot, copies,
                                                                      settings) -> None:
    window = open_window(qtbot, copies, settings)
    click_row(qtbot, window, 0)
    assert "Also reported by Yonhap, Reuters" in window.reader.toPlainText()
    click_text(qtbot, window.reader, "Reuters")
    assert window.reader.current_article_id() == REUTERS
    assert "Seoul, Washington to resume chip talks" in window.reader.toPlainText()
    assert "Also reported by Yonhap, The Korea Herald" in window.reader.toPlainText()
    # the story's row now shows the copy being read, still selected
    assert listed(window)[0] == ("Reuters", 3) and window.table.selected_ids() == [REUTERS]
    key(qtbot, window.table, Qt.Key.Key_S)
    assert {r.id for r in copies.rows([1, 2, 3]).values() if r.is_starred} == {REUTERS}
    when_dialog_opens(type_and_enter(qtbot, "chip talks"))
    key(qtbot, window.table, Qt.Key.Key_T)
    qtbot.waitUntil(lambda: [t.name for t in copies.tags()] == ["chip talks"])
    assert [r.id for r in copies.rows([1, 2, 3]).values() if r.tags] == [REUTERS]
    # the row keeps the chosen copy when the list is read again (the tag changed it)
    qtbot.waitUntil(lambda: window.model.complete)
    assert listed(window)[0] == ("Reuters", 3)
    click_text(qtbot, window.reader, "The Korea Herald")
    assert window.reader.current_article_id() == HERALD
    assert listed(window)[0][0] == "The Korea Herald"


def test_view_group_copies_off_lists_every_copy_and_is_remembered(qtbot, copies, settings) -> None:
    window = open_window(qtbot, copies, settings)
    choose_menu(qtbot, window, "View", "Group copies")
    qtbot.waitUntil(lambda: window.model.complete and window.model.rowCount() == 4)
    assert listed(window) == [("The Korea Herald", 3), ("Reuters", 3), ("Yonhap", 3),
                              ("Hungary Today", 1)]
    assert window.count_label.text() == "4 articles"
    assert not window.window_actions.group_copies.isChecked()
    # a copy named in the reader is its own row now: the link selects it
    click_row(qtbot, window, 0)
    click_text(qtbot, window.reader, "Yonhap")
    assert window.table.selected_ids() == [YONHAP] and window.reader.current_article_id() == YONHAP
    window.close()
    again = open_window(qtbot, copies, settings)
    assert again.model.rowCount() == 4 and not again.window_actions.group_copies.isChecked()
    choose_menu(qtbot, again, "View", "Group copies")
    qtbot.waitUntil(lambda: again.model.complete and again.model.rowCount() == 2)
    assert again.window_actions.group_copies.isChecked()


def test_end_to_end_copies_imported_by_the_cli_then_read_in_the_window(
        qtbot, tmp_path: Path, settings, capsys) -> None:
    """The command line imports the copies into a library file; the window opened on it
    lists the story once, a click reads it (all copies), a link opens another copy,
    and the list shows every copy once grouping is turned off."""
    path = tmp_path / "e2e.sqlite"
    source = tmp_path / "copies.jsonl"
    source.write_text("".join(json.dumps(item) + "\n" for item in ITEMS), encoding="utf-8")
    assert main(["--library", str(path), "import", "--no-entities", str(source)]) == 0
    capsys.readouterr()
    with Library(path) as library:
        window = open_window(qtbot, library, settings)
        assert listed(window) == [("The Korea Herald", 3), ("Hungary Today", 1)]
        click_row(qtbot, window, 0)
        qtbot.waitUntil(lambda: read(library) == {1: True, 2: True, 3: True, 4: False})
        click_text(qtbot, window.reader, "Yonhap")
        assert window.reader.current_article_id() == YONHAP
        choose_menu(qtbot, window, "View", "Group copies")
        qtbot.waitUntil(lambda: window.model.complete and window.model.rowCount() == 4)
        assert window.table.selected_ids() == [YONHAP]  # the copy being read stays selected
        choose_menu(qtbot, window, "View", "Group copies")  # and on its story's row when grouped
        qtbot.waitUntil(lambda: window.model.complete and window.table.selected_ids() == [YONHAP])
        assert listed(window) == [("Yonhap", 3), ("Hungary Today", 1)]
        window.close()
    assert main(["--library", str(path), "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert sorted((r["id"], r["is_read"], r["story_size"]) for r in rows) == [
        (1, True, 3), (2, True, 3), (3, True, 3), (4, False, 1)]


def test_the_badge_gives_way_to_a_narrow_title(qtbot) -> None:
    from PySide6.QtGui import QFontMetrics
    from PySide6.QtWidgets import QApplication

    from newsreader.ui.copies_badge import badge_fit

    metrics = QFontMetrics(QApplication.font())
    assert badge_fit(3, 600, metrics)[0] == "3 copies"
    assert badge_fit(3, 200, metrics)[0] == "×3"  # "3 copies" would leave under 160 px
    assert badge_fit(3, 60, metrics) is None  # no room: the title keeps the cell
