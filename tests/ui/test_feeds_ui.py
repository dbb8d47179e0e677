"""Feeds in the window, against a real server on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox

from newsreader.core.library import Library
from newsreader.ui.main_window import MainWindow

from ..conftest import draft
from ..core.feeds.conftest import server  # noqa: F401  (the fixture)
from .hands import focused, key, when_dialog_opens


@pytest.fixture
def window(qtbot, library: Library, tmp_path: Path) -> MainWindow:
    library.set_entity_engine("rules")
    win = MainWindow(library, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.model.complete, timeout=10_000)
    return win


def test_subscribe_refresh_fetch_full_text_and_unsubscribe(qtbot, window, server, monkeypatch):  # noqa: F811
    def fill(dialog) -> None:  # one dialog: the address, Tab, the folder, Enter
        qtbot.keyClicks(focused(dialog), server.url("/rss"))
        qtbot.keyClick(focused(dialog), Qt.Key.Key_Tab)
        qtbot.keyClicks(focused(dialog), "News")
        qtbot.keyClick(focused(dialog), Qt.Key.Key_Return)

    when_dialog_opens(fill)
    with qtbot.waitSignal(window.feeds.finished, timeout=20_000):
        key(qtbot, window.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier
            | Qt.KeyboardModifier.ShiftModifier)
    (feed,) = window.library.feeds()
    assert feed.folder == "News" and feed.articles > 0
    qtbot.waitUntil(lambda: window.sidebar.sidebar_model().find_key(f"feed:{feed.id}").isValid(),
                    timeout=10_000)
    window.sidebar.select_key(f"feed:{feed.id}")
    qtbot.waitUntil(lambda: window.model.complete and window.model.rowCount() == feed.articles,
                    timeout=10_000)
    qtbot.waitUntil(lambda: not window.progress.busy, timeout=20_000)
    with qtbot.waitSignal(window.feeds.finished, timeout=20_000) as blocker:
        window.window_actions.refresh_feeds.trigger()
    assert blocker.args[0].added == 0
    qtbot.waitUntil(lambda: not window.progress.busy, timeout=20_000)
    monkeypatch.setattr(QMessageBox, "exec", lambda self: self.setProperty("x", 1) or 0)
    monkeypatch.setattr(QMessageBox, "clickedButton", lambda self: self.buttons()[0])
    window.feeds.remove(window.library.feed(feed.id))  # keep its articles
    assert window.library.feeds() == [] and window.library.count() == feed.articles


def test_fetch_full_article_replaces_a_summary(qtbot, window, server) -> None:  # noqa: F811
    (article_id,) = window.library.import_drafts(
        [draft(1, url=server.url("/article"), body_text="Short summary.")]).added_ids
    with qtbot.waitSignal(window.model.loaded, timeout=10_000):
        window.model.reload()
    window.table.select_row(0)
    assert "Fetch full article" in window.reader.toPlainText()
    with qtbot.waitSignal(window.feeds.finished, timeout=20_000):
        window.reader.full_text_requested.emit(article_id)
    assert len(window.library.article(article_id).body_text) > len("Short summary.")
