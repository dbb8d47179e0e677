"""The window keeps the search index beside the library in step, and searches with it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt

from newsreader.core.library import Library
from newsreader.core.models import RELEVANCE

from ..conftest import draft
from ..durability.helpers import run_cli
from .hands import click_row, key, open_window


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def current(library: Library) -> bool:
    status = library.search_index_status()
    return status is not None and status.exists and status.behind == 0


def titles(window) -> list[str]:
    return [window.model.index(r, 1).data() for r in range(window.model.rowCount())]


def search(qtbot, window, text: str) -> None:
    key(qtbot, window.table, Qt.Key.Key_Slash)
    window.search.selectAll()
    qtbot.keyClicks(window.search, text)
    with qtbot.waitSignal(window.model.loaded, timeout=10_000):
        qtbot.keyClick(window.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.model.complete, timeout=10_000)


def test_the_window_builds_the_index_and_searches_best_first_with_it(
        qtbot, library: Library, settings: QSettings) -> None:
    library.import_drafts([draft(n, title=f"Harbour report {n}") for n in range(1, 6)]
                          + [draft(6, title="Sejong talks", body_text="Sejong. Sejong.")])
    assert not current(library)
    window = open_window(qtbot, library, settings)
    qtbot.waitUntil(lambda: current(library), timeout=20_000)
    search(qtbot, window, "sejong OR harbour")
    assert window.model.view.sort == RELEVANCE
    assert len(titles(window)) == 6
    search(qtbot, window, "sejong")
    assert titles(window) == ["Sejong talks"]
    click_row(qtbot, window, 0)
    assert window.reader.current_article_id() == 6


def test_an_import_beside_the_window_is_found_from_the_window(
        qtbot, library: Library, settings: QSettings, tmp_path: Path) -> None:
    library.import_drafts([draft(1, title="Harbour report")])
    window = open_window(qtbot, library, settings)
    qtbot.waitUntil(lambda: current(library), timeout=20_000)
    story = tmp_path / "new.txt"
    story.write_text("Lighthouse keepers strike\n\nThe keepers of the lighthouse stopped work.",
                     encoding="utf-8")
    assert run_cli(library.path, "import", str(story)).returncode == 0
    qtbot.waitUntil(lambda: current(library), timeout=20_000)
    search(qtbot, window, "lighthouse")
    assert titles(window) == ["Lighthouse keepers strike"]


def test_an_edit_in_the_window_reaches_the_index(qtbot, library: Library,
                                                 settings: QSettings) -> None:
    library.import_drafts([draft(1, title="Harbour report"), draft(2, title="Rice prices")])
    window = open_window(qtbot, library, settings)
    qtbot.waitUntil(lambda: current(library), timeout=20_000)
    library.edit_details(2, title="Lighthouse prices", published="", author="", source="")
    qtbot.waitUntil(lambda: not window.search_index.running and current(library),
                    timeout=20_000)
    search(qtbot, window, "lighthouse")
    assert titles(window) == ["Lighthouse prices"]
