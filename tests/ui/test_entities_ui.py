"""Entities in the window: background extraction, the panel, pivots, preferences."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from newsreader.core.entities.engines import make_engine
from newsreader.core.library import Library
from newsreader.ui.article_model import TITLE
from newsreader.ui.entity_panel import ENTITY_ROLE, LIST_SCOPE
from newsreader.ui.main_window import MainWindow

from ..conftest import draft
from .hands import click_index


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, library: Library, settings: QSettings) -> MainWindow:
    library.set_entity_engine("rules")
    library.import_drafts([
        draft(1, title="Samsung in Texas", body_text="Samsung opened a plant in Texas on Tuesday."),
        draft(2, title="Samsung in Seoul", body_text="Samsung met AT&T <Labs> officials in Seoul."),
        draft(3, title="Grid news", body_text="Germany approved a grid plan."),
    ])
    win = MainWindow(library, settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.model.complete, timeout=10_000)
    return win


def titles(window: MainWindow) -> list[str]:
    return [window.model.index(r, TITLE).data() for r in range(window.model.rowCount())]


def entity_items(window: MainWindow) -> dict[str, object]:
    model = window.entities.model
    found = {}
    for row in range(model.rowCount()):
        head = model.item(row)
        for child in range(head.rowCount()):
            item = head.child(child)
            found[item.data(ENTITY_ROLE)] = item
    return found


def test_background_extraction_fills_reader_and_panel(qtbot, window: MainWindow) -> None:
    window.table.select_row(titles(window).index("Samsung in Seoul"))
    assert window.library.mentions(2) == []
    window.library.add_watch_term("AT&T <Labs>", "ORG")  # HTML-special characters
    with qtbot.waitSignal(window.entity_extraction_done, timeout=30_000):
        window.entity_work.start_extraction()
    assert window.library.pending_entities() == 0
    html = window.reader.toHtml()
    assert 'href="entity:' in html and "AT&amp;T &lt;Labs&gt;</span></a>" in html
    assert "AT&T <Labs>" in window.reader.toPlainText()
    assert {"Samsung", "Seoul"} <= set(entity_items(window))
    # found by a worker process: Python work in a thread would make the window's
    # queries wait for the GIL
    assert window.library.background_engine()._executor is not None


def test_clicking_an_entity_lists_every_article_mentioning_it(qtbot, window) -> None:
    window.library.extract_entities(make_engine("rules"))
    window.sidebar.select_key("tag:whatever")  # falls back to All
    samsung = next(m for m in window.library.mentions(1) if m.text == "Samsung")
    with qtbot.waitSignal(window.model.loaded, timeout=10_000):
        window.reader.entity_clicked.emit(samsung.entity_id)
    assert sorted(titles(window)) == ["Samsung in Seoul", "Samsung in Texas"]
    assert window.search.text() == 'entity:"Samsung"'



def test_panel_lists_entities_of_the_list_and_filters(qtbot, window) -> None:
    window.library.extract_entities(make_engine("rules"))
    window.entities.scope.setCurrentIndex(LIST_SCOPE)
    qtbot.waitUntil(lambda: "Samsung" in entity_items(window), timeout=10_000)
    item = entity_items(window)["Samsung"]
    assert item.parent().child(item.row(), 1).text() == "2"  # in two articles
    with qtbot.waitSignal(window.model.loaded, timeout=10_000):
        click_index(qtbot, window.entities.tree, item.index())
    assert sorted(titles(window)) == ["Samsung in Seoul", "Samsung in Texas"]


def test_reader_tooltip_counts_articles(qtbot, window) -> None:
    window.library.extract_entities(make_engine("rules"))
    window.table.select_row(titles(window).index("Samsung in Texas"))
    samsung = next(m for m in window.library.mentions(1) if m.text == "Samsung")
    tip = window.reader.entity_tooltip(samsung.entity_id)
    assert "mentioned in 2 articles" in tip


def test_preferences_show_the_engine_and_change_it(qtbot, window, settings) -> None:
    from newsreader.ui.dialogs import PreferencesDialog

    dialog = PreferencesDialog(settings, window.library, window)
    qtbot.addWidget(dialog)
    assert "Built-in rules" in dialog.engine_info.text()
    dialog.engine.setCurrentIndex(dialog.engine.findData("auto"))
    assert "In use:" in dialog.engine_info.text()
    dialog.accept()
    assert dialog.engine_changed and window.library.entity_engine_setting()[0] == "auto"
