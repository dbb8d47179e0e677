"""The window beside other programs: it shows their changes, keeps the reader's place,
and says so when the library cannot be used any more."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox

from newsreader.core.library import Library
from newsreader.ui.article_model import TAGS, TITLE
from newsreader.ui.main_window import MainWindow

from ..conftest import draft
from .hands import click_row, open_window


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def stocked(library: Library) -> Library:
    library.import_drafts([draft(n, title=f"Story {n}", published_at=f"2024-01-{n:02d}")
                           for n in range(1, 6)])
    return library


def cli(library: Library, *args: str) -> None:
    result = subprocess.run([sys.executable, "-m", "newsreader", "--library", str(library.path),
                             *args], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def sidebar_titles(window: MainWindow) -> list[str]:
    model = window.sidebar.model()
    found = []
    for top in range(model.rowCount()):
        section = model.index(top, 0)
        found += [model.index(r, 0, section).data() for r in range(model.rowCount(section))]
    return found


def test_a_cli_tag_shows_in_the_window_keeping_the_selection(qtbot, stocked: Library,
                                                            settings: QSettings) -> None:
    window = open_window(qtbot, stocked, settings)
    click_row(qtbot, window, 1)
    click_row(qtbot, window, 3, Qt.KeyboardModifier.ControlModifier)
    chosen = window.table.selected_ids()
    assert len(chosen) == 2
    cli(stocked, "tag", "add", "from the terminal", str(chosen[0]))
    qtbot.waitUntil(lambda: any(t.startswith("from the terminal") for t in sidebar_titles(window)),
                    timeout=10_000)
    row = window.model.row_of(chosen[0])
    assert row is not None
    qtbot.waitUntil(lambda: window.model.index(row, TAGS).data() == "from the terminal",
                    timeout=10_000)
    assert window.table.selected_ids() == chosen  # nothing the user chose was lost


def test_new_articles_from_the_cli_arrive_and_the_reader_keeps_its_article(
        qtbot, stocked: Library, settings: QSettings, tmp_path: Path) -> None:
    window = open_window(qtbot, stocked, settings)
    window.select_article(3)
    assert window.reader.current_article_id() == 3
    story = tmp_path / "new.md"
    story.write_text("---\ntitle: Arrived from the terminal\npublished: 2024-02-01\n---\n\nText.\n",
                     encoding="utf-8")
    cli(stocked, "import", "--no-entities", str(story))
    qtbot.waitUntil(lambda: window.model.rowCount() == 6, timeout=10_000)
    assert window.model.index(0, TITLE).data() == "Arrived from the terminal"
    assert window.table.current_id() == 3 and window.table.selected_ids() == [3]
    assert window.reader.current_article_id() == 3
    qtbot.waitUntil(lambda: window.count_label.text() == "6 stories", timeout=10_000)


def test_an_article_deleted_elsewhere_is_not_shown_as_if_it_were_there(
        qtbot, stocked: Library, settings: QSettings) -> None:
    window = open_window(qtbot, stocked, settings)
    window.select_article(2)
    code = ("import sys; from newsreader.core.library import Library; "
            "lib = Library(sys.argv[1]); lib.delete_articles([2]); lib.close()")
    subprocess.run([sys.executable, "-c", code, str(stocked.path)], check=True, timeout=60)
    qtbot.waitUntil(lambda: window.model.rowCount() == 4, timeout=10_000)
    assert "deleted" in window.reader.toPlainText()


def test_a_deleted_log_is_reported_and_writes_stop(qtbot, stocked: Library, settings: QSettings,
                                                   monkeypatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(QMessageBox, "open", lambda box: opened.append(box.text()))
    window = open_window(qtbot, stocked, settings)
    stocked.path.with_name(stocked.path.name + "-wal").unlink()
    qtbot.waitUntil(lambda: window.notice.isVisible() and "-wal" in window.notice.text(),
                    timeout=10_000)
    assert opened and "log file" in opened[0]
    with pytest.raises(Exception, match="log file"):
        stocked.set_starred([1])


def test_a_library_that_cannot_be_read_says_what_to_do(qtbot, stocked: Library,
                                                       settings: QSettings) -> None:
    window = open_window(qtbot, stocked, settings)
    window.on_library_failed("the library cannot be read: disk I/O error")
    assert window.notice.isVisible()
    text = window.notice.text()
    assert "disk I/O error" in text and "Restore from backup" in text


def test_counts_that_cannot_be_read_are_reported_in_the_window(qtbot, stocked: Library,
                                                               settings: QSettings,
                                                               monkeypatch) -> None:
    from newsreader.core.errors import LibraryError

    window = open_window(qtbot, stocked, settings)

    def broken(_self):
        raise LibraryError("cannot read library: disk I/O error")

    monkeypatch.setattr(Library, "sidebar_snapshot", broken)
    window.sidebar.refresh()
    qtbot.waitUntil(lambda: "disk I/O error" in window.notice.text(), timeout=10_000)


CLOSE_WHILE_IMPORTING = """
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from newsreader.app import _run_window, open_library
from newsreader.core.opening import close_for_use
from newsreader.ui.main_window import MainWindow

app = QApplication([])
folder, work = sys.argv[1], Path(sys.argv[2])
for n, delay in enumerate((0, 30, 120, 300, 700)):  # as run_app does, window after window
    library, notice = open_library(work / f"lib{n}.sqlite", is_default=False)

    def begin(delay=delay):
        window = next(w for w in app.topLevelWidgets()
                      if isinstance(w, MainWindow) and w.isVisible())
        window.transfer.start_import([folder])
        QTimer.singleShot(delay, window.close)

    QTimer.singleShot(50, begin)
    _run_window(app, library, notice, screenshot=None, select=None, size=None)
    close_for_use(library)
print("done")
"""


def test_closing_the_window_while_an_import_runs_raises_nothing(tmp_path: Path) -> None:
    """The app's own sequence in a process of its own: the window closes mid-import and is
    dropped, the library closes, the next window opens (as after a restore)."""
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(400):
        (folder / f"{n:03d}.md").write_text(f"---\ntitle: Story {n}\n---\n\nBody {n}.\n",
                                            encoding="utf-8")
    result = subprocess.run([sys.executable, "-c", CLOSE_WHILE_IMPORTING, str(folder),
                             str(tmp_path)], capture_output=True, text=True, timeout=300,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0 and "done" in result.stdout, result.stderr
    for symptom in ("Signal source has been deleted", "already deleted", "Traceback"):
        assert symptom not in result.stderr, result.stderr
