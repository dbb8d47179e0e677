"""Starting the app: which library opens how, the screenshot command, error reporting."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from newsreader.app import open_library
from newsreader.core.library import Library
from newsreader.core.store.schema import SCHEMA_VERSION


def test_screenshot_command_writes_png_of_selected_article(tmp_path: Path, seed_path) -> None:
    library = tmp_path / "lib.sqlite"
    with Library(library) as lib:
        lib.import_paths([seed_path])
    shot = tmp_path / "shot.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-m", "newsreader", "--library", str(library), "gui",
         "--screenshot", str(shot), "--select", "1", "--size", "1200x760"],
        capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
    with Library(library) as lib:
        assert lib.article(1).is_read  # it was opened in the reader


def test_newer_library_opens_read_only_with_notice(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite"
    Library(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    library, notice = open_library(path, is_default=False)
    assert library.read_only and "newer Newsreader" in notice
    library.close()


def test_unwritable_library_opens_read_only(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "lib.sqlite"
    Library(path).close()
    # root writes anything, so the permission check itself is what is simulated
    monkeypatch.setattr(os, "access", lambda p, mode: mode != os.W_OK)
    library, notice = open_library(path, is_default=False)
    assert library.read_only and "read-only" in notice
    library.close()


def test_slot_errors_are_shown_and_logged(qtbot, library: Library, monkeypatch, caplog) -> None:
    from PySide6.QtWidgets import QMessageBox

    from newsreader.app import install_error_dialog
    from newsreader.ui.main_window import MainWindow

    window = MainWindow(library)
    qtbot.addWidget(window)
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[2]))
    previous = sys.excepthook
    install_error_dialog(window)
    try:
        try:
            raise ValueError("boom")
        except ValueError as error:
            sys.excepthook(type(error), error, error.__traceback__)
    finally:
        sys.excepthook = previous
    assert shown and "ValueError: boom" in shown[0]
    assert "boom" in caplog.text


def test_library_locked_by_another_process_opens_read_only(tmp_path: Path, monkeypatch) -> None:
    from newsreader.core.store import connection
    from newsreader.core.store.schema import MIGRATIONS, migrate

    path = tmp_path / "lib.sqlite"
    conn = connection.connect(path)
    migrate(conn, MIGRATIONS[:1])  # an older library: opening it must write (migrate)
    conn.close()
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 100)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    try:
        library, notice = open_library(path, is_default=False)
        assert library.read_only and "Another program" in notice
        library.close()
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_second_window_on_the_same_library_is_read_only(qtbot, tmp_path: Path) -> None:
    from newsreader.ui.main_window import MainWindow

    path = tmp_path / "lib.sqlite"
    first, first_notice = open_library(path, is_default=False)
    second, notice = open_library(path, is_default=False)
    try:
        assert not first.read_only and first_notice is None
        assert second.read_only and "read-only" in notice
        window = MainWindow(second, notice=notice)
        qtbot.addWidget(window)
        window.show()
        assert window.notice.isVisible() and "read-only" in window.notice.text()
    finally:
        second.close()
        first.close()
    third, notice = open_library(path, is_default=False)  # the first closed: writable again
    assert not third.read_only
    third.close()


def test_sidebar_and_entity_models_pass_qt_model_tester(qtmodeltester, qtbot, library) -> None:
    from newsreader.ui.entity_panel import EntityPanel
    from newsreader.ui.sidebar import SidebarModel

    from .conftest import draft

    library.import_drafts([draft(1, tags=["a", "b"]), draft(2)])
    library.save_search("smart", "chips")
    qtmodeltester.check(SidebarModel(library))
    panel = EntityPanel()
    qtbot.addWidget(panel)
    from newsreader.core.models import Mention

    panel.show_mentions([Mention(0, 4, "Acme", "ORG"), Mention(5, 10, "Paris", "GPE")])
    qtmodeltester.check(panel.model)
