"""Collections that learn, in the window: the collection menu's switch and rule, the
"Suggested" entry, Accept / Reject by key and in the reader, and new arrivals tagged."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from newsreader.core.library import Library
from newsreader.ui.article_model import TAGS, TITLE
from newsreader.ui.main_window import MainWindow

from ..core.feeds.conftest import server  # noqa: F401  (the fixture)
from ..learning_corpus import write_stories
from .hands import (
    choose,
    click_index,
    click_row,
    click_text,
    focused,
    key,
    open_window,
    right_click_index,
    type_and_enter,
    when_dialog_opens,
)

LEARNING_MS = 60_000  # the first training of a run imports scikit-learn


@pytest.fixture
def errors(monkeypatch) -> list[str]:
    """What would have shown in an error box (none of these paths may end in one)."""
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda _parent, _title, text, *a, **k: shown.append(text))
    return shown


@pytest.fixture
def library_with_stories(library: Library, tmp_path: Path) -> Library:
    """24 stories on three subjects: five in "chips", one in "oil", and an empty "later"."""
    library.import_paths([str(write_stories(tmp_path / "a.jsonl", 8,
                                            tagged={"chips": 5, "oil": 1}))])
    library.describe_tag("later")
    return library


def open_on(qtbot, library: Library, tmp_path: Path) -> MainWindow:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    return open_window(qtbot, library, settings)


def open_context_menu(qtbot, view, index):
    """Right-click an item of a view: its menu, once it is up."""
    right_click_index(qtbot, view, index)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None, timeout=5_000)
    return QApplication.activePopupWidget()


def sidebar_item(window: MainWindow, key_: str):
    return window.sidebar.sidebar_model().find_key(key_)


def sidebar_text(window: MainWindow, key_: str) -> str:
    index = sidebar_item(window, key_)
    return index.data() if index.isValid() else ""


def titles(qtbot, window: MainWindow) -> list[str]:
    qtbot.waitUntil(lambda: window.model.complete, timeout=10_000)
    return [window.model.index(r, TITLE).data() for r in range(window.model.rowCount())]


def show_view(qtbot, window: MainWindow, key_: str) -> list[str]:
    click_index(qtbot, window.sidebar, sidebar_item(window, key_))
    return titles(qtbot, window)


def status(window: MainWindow) -> str:
    return window.statusBar().currentMessage()


def learn_from_menu(qtbot, window: MainWindow, name: str):
    """Right-click the collection, click "Learn from its stories": the training's report."""
    open_context_menu(qtbot, window.sidebar, sidebar_item(window, f"tag:{name}"))
    with qtbot.waitSignal(window.learning.learned, timeout=LEARNING_MS) as blocker:
        choose(qtbot, "Learn from its stories")
    return blocker.args[0]


def test_learn_from_the_collection_menu_trains_in_the_background(
        qtbot, library_with_stories, tmp_path, errors) -> None:
    window = open_on(qtbot, library_with_stories, tmp_path)
    assert not sidebar_item(window, "suggested:chips").isValid()
    report = learn_from_menu(qtbot, window, "chips")
    assert [t.name for t in report.trained] == ["chips"]
    assert "“chips” learned from 5 stories: 3 articles suggested" in status(window)
    # counted apart from its own five stories, under it in the sidebar
    qtbot.waitUntil(lambda: sidebar_text(window, "suggested:chips") == "Suggested  (3)",
                    timeout=10_000)
    assert sidebar_text(window, "tag:chips") == "chips  (5)"
    # the menu shows the switch on; switching it off drops the suggestions
    menu = open_context_menu(qtbot, window.sidebar, sidebar_item(window, "tag:chips"))
    switch = next(a for a in menu.actions() if a.text() == "Learn from its stories")
    assert switch.isCheckable() and switch.isChecked()
    choose(qtbot, "Learn from its stories")
    assert window.library.learning_collections() == []
    assert "no longer learns" in status(window)
    qtbot.waitUntil(lambda: not sidebar_item(window, "suggested:chips").isValid(), timeout=10_000)
    assert errors == []


def test_an_empty_collection_says_why_it_cannot_learn_yet(
        qtbot, library_with_stories, tmp_path, errors) -> None:
    window = open_on(qtbot, library_with_stories, tmp_path)
    report = learn_from_menu(qtbot, window, "later")
    assert report.trained == [] and [name for name, _ in report.skipped] == ["later"]
    assert "“later” learns, but cannot be trained yet: it has no stories yet" in status(window)
    qtbot.waitUntil(lambda: sidebar_text(window, "suggested:later") == "Suggested  (0)",
                    timeout=10_000)
    assert errors == []
    # once it has a story it learns by itself
    show_view(qtbot, window, "all")
    click_row(qtbot, window, window.model.row_of(3))

    def type_name(dialog) -> None:  # Enter takes the completion, Enter again the dialog
        qtbot.keyClicks(focused(dialog), "later")
        qtbot.keyClick(focused(dialog), Qt.Key.Key_Return)
        if dialog.isVisible():
            qtbot.keyClick(focused(dialog), Qt.Key.Key_Return)

    when_dialog_opens(type_name)
    with qtbot.waitSignal(window.learning.learned, timeout=LEARNING_MS) as blocker:
        key(qtbot, window.table, Qt.Key.Key_T)
    assert [t.name for t in blocker.args[0].trained] == ["later"]


def test_a_collection_of_one_story_learns_from_it(
        qtbot, library_with_stories, tmp_path, errors) -> None:
    window = open_on(qtbot, library_with_stories, tmp_path)
    report = learn_from_menu(qtbot, window, "oil")
    assert [(t.name, t.stories) for t in report.trained] == [("oil", 1)]
    assert "“oil” learned from 1 story" in status(window)
    assert errors == []


@pytest.fixture
def learned(library_with_stories: Library) -> Library:
    library_with_stories.set_learning(["chips"])
    library_with_stories.learn()
    return library_with_stories


def test_the_suggested_entry_lists_them_and_keys_accept_and_reject(
        qtbot, learned, tmp_path, errors) -> None:
    window = open_on(qtbot, learned, tmp_path)
    suggested = show_view(qtbot, window, "suggested:chips")
    assert sorted(suggested) == [f"Export controls on chips tightened (s{n})" for n in (5, 6, 7)]
    assert window.model.index(0, TAGS).data() == "○ chips"  # marked: not in it yet
    click_row(qtbot, window, 0)
    first = window.reader.current_article_id()
    text = window.reader.toPlainText()
    assert "chips suggested" in text and "Accept" in text and "Reject" in text
    assert "because of: " in text and "export" in text.split("because of: ")[1]
    with qtbot.waitSignal(window.learning.learned, timeout=LEARNING_MS):  # and it learns again
        key(qtbot, window.table, Qt.Key.Key_A)
        assert "chips" in window.library.article(first).tags
        assert "Accepted 1 article into “chips”" in status(window)
        qtbot.waitUntil(lambda: len(titles(qtbot, window)) == 2, timeout=10_000)
    qtbot.waitUntil(lambda: sidebar_text(window, "tag:chips") == "chips  (6)", timeout=10_000)
    click_row(qtbot, window, 0)
    second = window.reader.current_article_id()
    key(qtbot, window.table, Qt.Key.Key_R)
    assert "Rejected 1 suggestion for “chips”" in status(window)
    assert second not in [r.article_id for r in window.library.review("chips")]
    assert "chips" not in window.library.article(second).tags
    qtbot.waitUntil(lambda: len(titles(qtbot, window)) == 1, timeout=10_000)
    # an article nothing suggests: a clear word, not an error
    show_view(qtbot, window, "all")
    click_row(qtbot, window, window.model.row_of(2))
    key(qtbot, window.table, Qt.Key.Key_A)
    assert "No suggestion awaits a decision on this article." in status(window)
    assert errors == []


def test_the_reader_chip_accepts_and_rejects(qtbot, learned, tmp_path, errors) -> None:
    window = open_on(qtbot, learned, tmp_path)
    ids = [r.article_id for r in window.library.review("chips")]
    show_view(qtbot, window, "all")
    click_row(qtbot, window, window.model.row_of(ids[0]))
    assert "○ chips" in window.model.index(window.model.row_of(ids[0]), TAGS).data()
    assert "Suggested collections" not in window.reader.toPlainText()  # it learns: its own chip
    click_text(qtbot, window.reader, "Accept")
    assert "chips" in window.library.article(ids[0]).tags
    qtbot.waitUntil(lambda: "Accept" not in window.reader.toPlainText(), timeout=10_000)
    qtbot.waitUntil(lambda: window.model.index(window.model.row_of(ids[0]), TAGS).data()
                    == "chips", timeout=10_000)
    click_row(qtbot, window, window.model.row_of(ids[1]))
    click_text(qtbot, window.reader, "Reject")
    assert ids[1] not in [r.article_id for r in window.library.review("chips")]
    qtbot.waitUntil(lambda: "Reject" not in window.reader.toPlainText(), timeout=10_000)
    assert errors == []


def test_a_rule_from_the_collection_menu(qtbot, library_with_stories, tmp_path, errors) -> None:
    window = open_on(qtbot, library_with_stories, tmp_path)
    open_context_menu(qtbot, window.sidebar, sidebar_item(window, "tag:oil"))
    when_dialog_opens(type_and_enter(qtbot, "title:crude"))
    choose(qtbot, "Rule…")
    assert window.library.rules() == [("oil", "title:crude")]
    assert window.library.tag("oil").count == 8
    assert "“oil” now tags what matches  title:crude  : 7 articles added now" in status(window)
    qtbot.waitUntil(lambda: sidebar_text(window, "tag:oil") == "oil  (8)", timeout=10_000)
    assert "Rule: tags what matches  title:crude" in sidebar_item(window, "tag:oil").data(
        Qt.ItemDataRole.ToolTipRole)

    def clear(dialog) -> None:  # the rule shows; erase it and press Enter
        field = focused(dialog)
        field.selectAll()
        qtbot.keyClick(field, Qt.Key.Key_Delete)
        qtbot.keyClick(field, Qt.Key.Key_Return)

    open_context_menu(qtbot, window.sidebar, sidebar_item(window, "tag:oil"))
    when_dialog_opens(clear)
    choose(qtbot, "Rule…")
    assert window.library.rules() == [] and window.library.tag("oil").count == 8
    assert "has no rule any more" in status(window)
    # a search the language cannot read: said, and nothing changes
    open_context_menu(qtbot, window.sidebar, sidebar_item(window, "tag:oil"))
    when_dialog_opens(type_and_enter(qtbot, "tag:"))
    choose(qtbot, "Rule…")
    assert window.library.rules() == [] and len(errors) == 1


def drop_files(window: MainWindow, paths: list[Path]) -> None:
    """Files dropped on the window, as from a file manager."""
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(QPointF(200, 200), Qt.DropAction.CopyAction, data,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)  # what Qt calls at the drop (as tests/ui/test_main_window.py)


def test_dropped_files_are_tagged_on_arrival_after_their_entities(
        qtbot, learned, tmp_path, errors) -> None:
    """End to end: a learning collection and a rule; files dropped on the window are
    imported, their entities found, then tagged: suggested for one, ruled into the other."""
    learned.set_rule("oil", "title:crude")
    window = open_on(qtbot, learned, tmp_path)
    new = write_stories(tmp_path / "new.jsonl", 2, prefix="n")
    with qtbot.waitSignal(window.learning.arrivals_tagged, timeout=LEARNING_MS) as blocker:
        drop_files(window, [new])
    report = blocker.args[0]
    assert report.suggested == {"chips": 2} and report.ruled == {"oil": 2}
    assert window.library.pending_entities() == 0  # tagged after the entities were found
    assert "Rule of “oil” tagged 2 new articles; 2 new articles suggested for “chips”" \
        in status(window)
    qtbot.waitUntil(lambda: sidebar_text(window, "suggested:chips") == "Suggested  (5)",
                    timeout=10_000)
    assert "Export controls on chips tightened (n1)" in show_view(qtbot, window,
                                                                  "suggested:chips")
    # suggested is not accepted: the collection's own list and its export leave them out
    assert "Export controls on chips tightened (n1)" not in show_view(qtbot, window, "tag:chips")
    assert errors == []


def test_a_feed_refresh_tags_its_new_articles(qtbot, library, tmp_path, server,  # noqa: F811
                                               errors) -> None:
    library.set_entity_engine("rules")
    library.set_rule("korea", "chips OR Samsung")
    window = open_on(qtbot, library, tmp_path)

    def fill(dialog) -> None:
        qtbot.keyClicks(focused(dialog), server.url("/rss"))
        qtbot.keyClick(focused(dialog), Qt.Key.Key_Return)

    when_dialog_opens(fill)
    with qtbot.waitSignal(window.learning.arrivals_tagged, timeout=30_000) as blocker:
        key(qtbot, window.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier
            | Qt.KeyboardModifier.ShiftModifier)
    assert blocker.args[0].ruled == {"korea": 2}
    assert sorted(show_view(qtbot, window, "tag:korea")) == ["First story", "Second story"]


def _export_csv(qtbot, target: Path, seen: list, *, tick_suggested: bool) -> None:
    """In the export dialog: CSV (keyboard), the target typed, the suggested box clicked
    or not, Enter."""
    from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit

    def fill_in(dialog) -> None:
        shape = next(c for c in dialog.findChildren(QComboBox) if c.findText("CSV") >= 0)
        shape.setFocus()
        for _ in range(shape.findText("CSV")):
            qtbot.keyClick(shape, Qt.Key.Key_Down)
        box = dialog.findChild(QCheckBox)
        seen.append((box.isVisible(), box.text()))
        if tick_suggested:
            qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
            seen.append(box.isChecked())
        field = dialog.findChild(QLineEdit)
        field.setFocus()
        qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(field, str(target))
        qtbot.keyClick(field, Qt.Key.Key_Return)

    when_dialog_opens(fill_in)


def test_a_collections_export_leaves_its_suggestions_out_unless_asked(
        qtbot, learned, tmp_path, errors) -> None:
    window = open_on(qtbot, learned, tmp_path)
    show_view(qtbot, window, "tag:chips")
    click_row(qtbot, window, 0)
    seen: list = []
    for tick, target in ((False, tmp_path / "own.csv"), (True, tmp_path / "all.csv")):
        _export_csv(qtbot, target, seen, tick_suggested=tick)
        with qtbot.waitSignal(window.export_finished, timeout=20_000):
            key(qtbot, window.table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    # the box offers the collection's three suggestions; the second time it was ticked
    assert seen == [(True, "Also its 3 suggested articles, marked as suggested")] * 2 + [True]
    own = (tmp_path / "own.csv").read_text(encoding="utf-8")
    both = (tmp_path / "all.csv").read_text(encoding="utf-8")
    assert "(s5)" not in own and "(s0)" in own
    assert "(s5)" in both and "chips (suggested)" in both
    assert errors == []


def test_a_library_of_one_article_says_why_it_cannot_learn(qtbot, library, tmp_path,
                                                            errors) -> None:
    library.import_paths([str(write_stories(tmp_path / "one.jsonl", 1))])
    (first, *_rest) = [r for c in library.iter_ids("") for r in c]
    library.delete_articles(_rest)
    library.add_tag("solo", [first])
    window = open_on(qtbot, library, tmp_path)
    report = learn_from_menu(qtbot, window, "solo")
    assert report.trained == [] and [name for name, _ in report.skipped] == ["solo"]
    assert "“solo” learns, but cannot be trained yet" in status(window)
    assert errors == []


def test_learning_asked_for_during_another_task_starts_after_it(
        qtbot, library_with_stories, tmp_path, errors) -> None:
    import threading

    from newsreader.ui.operations import LibraryOp

    window = open_on(qtbot, library_with_stories, tmp_path)
    gate = threading.Event()
    window.ops.run(LibraryOp("Waiting", lambda _library, _task: gate.wait(20), label="Waiting"))
    qtbot.waitUntil(lambda: window.ops.busy, timeout=5_000)
    open_context_menu(qtbot, window.sidebar, sidebar_item(window, "tag:chips"))
    choose(qtbot, "Learn from its stories")
    assert "Learning starts when the running task has finished." in status(window)
    with qtbot.waitSignal(window.learning.learned, timeout=LEARNING_MS) as blocker:
        gate.set()
    assert [t.name for t in blocker.args[0].trained] == ["chips"]
    assert errors == []
