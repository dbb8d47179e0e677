"""Help ▸ About, clicked through the menu: the version, this window's library and the
entity engine it uses."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QPushButton

from newsreader import __version__
from newsreader.core.library import Library

from .hands import choose_menu, open_window, when_dialog_opens

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")


def test_help_about_names_the_version_library_and_engine(qtbot, tmp_path: Path) -> None:
    library = Library(tmp_path / "library.sqlite")
    library.set_entity_engine("rules")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = open_window(qtbot, library, settings)
    seen: dict[str, str] = {}

    def read_and_close(dialog) -> None:
        seen.update({label: shown.text() for label, shown in dialog.rows.items()})
        seen["title"] = dialog.windowTitle()
        if os.environ.get("NEWSREADER_SHOTS"):  # to look at it: NEWSREADER_SHOTS=folder
            dialog.grab().save(str(Path(os.environ["NEWSREADER_SHOTS"]) / "about.png"))
        (close,) = [b for b in dialog.findChildren(QPushButton) if b.text() == "Close"]
        qtbot.mouseClick(close, Qt.MouseButton.LeftButton)

    try:
        when_dialog_opens(read_and_close)
        choose_menu(qtbot, window, "Help", "About Newsreader")
        qtbot.waitUntil(lambda: "title" in seen, timeout=10_000)
    finally:
        window.close()
        library.close()
    assert seen["title"] == "About Newsreader"
    assert seen["Version"] == __version__
    assert seen["Library"] == str(tmp_path / "library.sqlite")
    assert seen["Entities"].startswith("Built-in rules")
    assert seen["Search index"].startswith(("not built yet", "up to date", "changes behind"))
