"""An entity's page and corrections in the window (issue 17), as a person does them:
Ctrl+click or right-click a name in the reader, double-click or right-click one in the
entity panel, choose from the menu, type into the dialogs, click Undo."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QCompleter

from newsreader.core.library import Library
from newsreader.ui.article_model import TITLE
from newsreader.ui.entity_corrections import CorrectionsDialog, SameAsDialog
from newsreader.ui.entity_page import EntityPageDialog
from newsreader.ui.entity_panel import ENTITY_ROLE, LABEL_ROLE
from newsreader.ui.main_window import MainWindow

from ..conftest import draft
from .hands import (
    choose,
    click_index,
    click_row,
    click_text,
    double_click_index,
    focused,
    key,
    open_window,
    right_click_index,
    when_dialog_opens,
)

#: menus and completion popups raise themselves and grab the keyboard; the offscreen
#: platform says it cannot
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard)")
CTRL = Qt.KeyboardModifier.ControlModifier
STORIES = [  # title, date, body, the names in it
    ("Memory prices", "2024-03-05", "SK hynix raised memory prices in Seoul.",
     [("SK hynix", "ORG"), ("Seoul", "GPE")]),
    ("Plant plans", "2024-02-10", "SK hynix plans a plant in Indiana; Seoul approved.",
     [("SK hynix", "ORG"), ("Indiana", "GPE"), ("Seoul", "GPE")]),
    ("Tight supply", "2024-01-20", "HBM supply stayed tight, SK said in Seoul.",
     [("HBM", "ORG"), ("SK", "ORG"), ("Seoul", "GPE")]),
    ("Grid news", "2024-01-05", "Germany approved a grid plan.", [("Germany", "GPE")]),
]


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, library: Library, settings: QSettings) -> MainWindow:
    library.set_entity_engine("rules")
    ids = library.import_drafts([draft(n, title=t, published_at=f"{d}T08:00:00Z", body_text=b)
                                 for n, (t, d, b, _) in enumerate(STORIES, 1)]).added_ids
    library.extract_entities()
    for article_id, (_t, _d, body, names) in zip(ids, STORIES, strict=True):
        at = {name: body.index(name) for name, _code in names}
        library.set_mentions(article_id, [(at[name], at[name] + len(name), name, code)
                                          for name, code in names])
    return open_window(qtbot, library, settings)


def titles(window: MainWindow) -> list[str]:
    return [window.model.index(r, TITLE).data() for r in range(window.model.rowCount())]


def open_story(qtbot, window: MainWindow, title: str) -> None:
    click_row(qtbot, window, titles(window).index(title))
    qtbot.waitUntil(lambda: window.reader.article() is not None
                    and window.reader.article().title == title)


def panel_index(window: MainWindow, text: str):
    model = window.entities.model
    for row in range(model.rowCount()):
        head = model.item(row)
        for child in range(head.rowCount()):
            if head.child(child).data(ENTITY_ROLE) == text:
                return model.indexFromItem(head.child(child))
    return None


def shown_labels(window: MainWindow) -> dict[str, str]:
    return {m.text: m.label for m in window.reader.mentions()}


def test_a_click_lists_and_a_ctrl_click_opens_the_page_whose_story_opens(qtbot, window) -> None:
    """End to end: reader -> every article -> the entity's page -> one of its stories."""
    open_story(qtbot, window, "Plant plans")
    with qtbot.waitSignal(window.model.loaded, timeout=10_000):
        click_text(qtbot, window.reader, "SK hynix")  # a plain click still lists them
    assert sorted(titles(window)) == ["Memory prices", "Plant plans"]
    seen: dict[str, object] = {}

    def on_page(dialog) -> None:
        assert isinstance(dialog, EntityPageDialog)
        seen["summary"] = dialog.summary.text()
        seen["bars"] = dialog.bars.months
        seen["with"] = [dialog.with_tree.topLevelItem(i).text(0)
                        for i in range(dialog.with_tree.topLevelItemCount())]
        seen["stories"] = [dialog.stories.topLevelItem(i).text(0)
                           for i in range(dialog.stories.topLevelItemCount())]
        click_index(qtbot, dialog.stories, dialog.stories.model().index(0, 0))  # the newer

    when_dialog_opens(on_page)
    click_text(qtbot, window.reader, "SK hynix", CTRL)
    assert seen["summary"].startswith("Organisation · in 2 articles")
    assert "Written as: SK hynix (2)" in seen["summary"]
    assert seen["bars"] == [("2024-02", 1), ("2024-03", 1)]
    assert seen["with"][0] == "Seoul" and "Indiana" in seen["with"]
    assert seen["stories"] == ["Memory prices", "Plant plans"]
    qtbot.waitUntil(lambda: window.reader.article().title == "Memory prices")
    assert window.table.current_id() == window.reader.current_article_id()
    assert window.search.text() == 'entity:"SK hynix"'
    assert sorted(titles(window)) == ["Memory prices", "Plant plans"]


def test_the_panel_opens_a_page_that_leads_to_another_and_saves_a_collection(
        qtbot, window) -> None:
    open_story(qtbot, window, "Plant plans")
    qtbot.waitUntil(lambda: panel_index(window, "SK hynix") is not None)
    said: list[str] = []

    def on_page(dialog) -> None:
        assert dialog.title.text() == "SK hynix"
        row = [dialog.with_tree.topLevelItem(i).text(0)
               for i in range(dialog.with_tree.topLevelItemCount())].index("Seoul")
        click_index(qtbot, dialog.with_tree, dialog.with_tree.model().index(row, 0))
        assert dialog.title.text() == "Seoul" and dialog.stories.topLevelItemCount() == 3

        def on_name(ask) -> None:
            target = focused(ask)
            target.selectAll()
            qtbot.keyClicks(target, "Seoul stories")
            qtbot.keyClick(target, Qt.Key.Key_Return)

        when_dialog_opens(on_name)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        said.append(dialog.status.text())
        key(qtbot, dialog.stories, Qt.Key.Key_Escape)

    when_dialog_opens(on_page)
    double_click_index(qtbot, window.entities.tree, panel_index(window, "SK hynix"))
    assert said == ["3 articles put in “Seoul stories” (a new collection)."]
    qtbot.waitUntil(lambda: window.sidebar.sidebar_model().find_key("tag:Seoul stories")
                    is not None)
    assert window.library.count('tag:"Seoul stories"') == 3


def test_relabel_from_the_reader_and_undo_it_in_the_list_of_corrections(qtbot, window) -> None:
    open_story(qtbot, window, "Tight supply")
    assert shown_labels(window)["HBM"] == "ORG"
    click_text(qtbot, window.reader, "HBM", button=Qt.MouseButton.RightButton)
    choose(qtbot, "Relabel", "Product")
    qtbot.waitUntil(lambda: shown_labels(window)["HBM"] == "PRODUCT")  # through on_library_changed
    qtbot.waitUntil(lambda: (panel_index(window, "HBM") is not None
                             and panel_index(window, "HBM").data(LABEL_ROLE) == "PRODUCT"))
    assert "HBM" in window.statusBar().currentMessage()
    seen: list[str] = []

    def on_list(dialog) -> None:
        assert isinstance(dialog, CorrectionsDialog)
        seen.append(dialog.tree.topLevelItem(0).text(0))
        click_index(qtbot, dialog.tree, dialog.tree.model().index(0, 0))
        qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)
        seen.append(dialog.tree.topLevelItem(0).text(2))  # when it was undone
        seen.append(str(dialog.undo_button.isEnabled()))
        key(qtbot, dialog.tree, Qt.Key.Key_Escape)

    when_dialog_opens(on_list)
    click_text(qtbot, window.reader, "Seoul", button=Qt.MouseButton.RightButton)
    choose(qtbot, "Corrections…")
    assert seen[0] == "“HBM” is a product" and seen[1] and seen[2] == "False"
    qtbot.waitUntil(lambda: shown_labels(window)["HBM"] == "ORG")
    assert window.library.entity_corrections()[0].undone_at is not None


def test_same_as_with_completion_then_split_then_not_an_entity_from_the_panel(
        qtbot, window) -> None:
    open_story(qtbot, window, "Tight supply")
    qtbot.waitUntil(lambda: panel_index(window, "SK") is not None)

    def on_same_as(dialog) -> None:
        assert isinstance(dialog, SameAsDialog)
        field = focused(dialog)
        qtbot.keyClicks(field, "hyn")
        completer: QCompleter = field.completer()
        qtbot.waitUntil(lambda: completer.popup().isVisible())
        assert completer.currentCompletion() == "SK hynix"
        qtbot.keyClick(completer.popup(), Qt.Key.Key_Down)
        qtbot.keyClick(completer.popup(), Qt.Key.Key_Return)
        assert field.text() == "SK hynix"
        qtbot.keyClick(field, Qt.Key.Key_Return)

    when_dialog_opens(on_same_as)
    right_click_index(qtbot, window.entities.tree, panel_index(window, "SK"))
    choose(qtbot, "Same as…")
    # every form of it is one entity now: in the reader, the panel and the pivot
    qtbot.waitUntil(lambda: "SK" not in shown_labels(window) and panel_index(window, "SK") is None)
    assert sorted(m.text for m in window.reader.mentions()) == ["HBM", "SK hynix", "Seoul"]
    assert len(window.library.entity_article_ids("SK hynix")) == 3

    right_click_index(qtbot, window.entities.tree, panel_index(window, "SK hynix"))
    choose(qtbot, "Split", "“SK” out of SK hynix")
    qtbot.waitUntil(lambda: panel_index(window, "SK") is not None)
    assert len(window.library.entity_article_ids("SK hynix")) == 2

    right_click_index(qtbot, window.entities.tree, panel_index(window, "Seoul"))
    choose(qtbot, "Not an entity")
    qtbot.waitUntil(lambda: panel_index(window, "Seoul") is None)
    assert "Seoul" not in shown_labels(window)
    assert "entity:" not in window.reader.toHtml().split("Seoul")[0][-60:]
    assert [c.action for c in window.library.entity_corrections()] == ["merge", "split", "ignore"]
    assert QApplication.activePopupWidget() is None


def test_the_menus_open_the_page_and_the_corrections(qtbot, window) -> None:
    """Right-click > Open entity page > List all its articles; Entities > Corrections…"""
    open_story(qtbot, window, "Plant plans")

    def on_page(dialog) -> None:
        assert dialog.title.text() == "Indiana"
        qtbot.mouseClick(dialog.list_button, Qt.MouseButton.LeftButton)

    when_dialog_opens(on_page)
    click_text(qtbot, window.reader, "Indiana", button=Qt.MouseButton.RightButton)
    with qtbot.waitSignal(window.model.loaded, timeout=10_000):
        choose(qtbot, "Open entity page")
    assert titles(window) == ["Plant plans"] and window.search.text() == 'entity:"Indiana"'

    seen: list[str] = []

    def on_list(dialog) -> None:
        assert isinstance(dialog, CorrectionsDialog)
        seen.append(dialog.status.text())
        key(qtbot, dialog.tree, Qt.Key.Key_Escape)

    bar = window.menuBar()
    entities = next(a for a in bar.actions() if a.text() == "E&ntities")
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(entities).center())
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is entities.menu())
    when_dialog_opens(on_list)
    choose(qtbot, "Corrections…")
    assert seen and seen[0].startswith("No corrections yet")
