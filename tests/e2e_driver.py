"""A person using the real app, start to quit, through ``newsreader.cli.main``.

    python -m tests.e2e_driver LIBRARY EXPORT_FOLDER REPORT.json

starts ``newsreader --library LIBRARY gui`` in this process and, from timers inside the
app's own event loop, clicks a row, types a search, tags with T, opens the collection,
exports it with Ctrl+E and quits with Ctrl+Q, all as real mouse and key events. What
it saw is written to REPORT.json; the exit status is the app's. Run by the tests on
the offscreen platform in-process, and under Xvfb on the xcb platform as a program.
"""

from __future__ import annotations

import json
import sys
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit

#: a step yields a condition; the next step runs once it holds (or the run fails)
Step = Iterator[Callable[[], bool]]
STEP_TIMEOUT_MS = 30_000
COLLECTION = "e2e collection"


def _window():
    from newsreader.ui.main_window import MainWindow

    return next((w for w in QApplication.topLevelWidgets()
                 if isinstance(w, MainWindow) and w.isVisible()), None)


def _click(view, index, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    view.scrollTo(index)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier,
                     view.visualRect(index).center())


def _key(widget, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    widget.window().activateWindow()  # back from a dialog, as the window manager does
    QTest.qWaitForWindowActive(widget.window(), 2000)
    widget.setFocus()
    QTest.keyClick(widget, key, modifier)


def _dialog():
    dialog = QApplication.activeModalWidget()
    return dialog if dialog is not None and dialog.isVisible() else None


def script(report: dict, export_to: Path) -> Step:
    from newsreader.ui.article_model import TITLE

    yield lambda: _window() is not None and _window().model.complete
    window = _window()
    report["rows at start"] = window.model.rowCount()
    _click(window.table, window.model.index(1, TITLE))
    report["opened by a click"] = window.reader.current_article_id() == window.model.article_id(1)
    _key(window.table, Qt.Key.Key_Slash)
    QTest.keyClicks(window.search, "Seoul")
    QTest.keyClick(window.search, Qt.Key.Key_Return)
    yield lambda: window.model.complete and window.count_label.text().endswith(("match", "matches"))
    report["matches"] = window.model.rowCount()
    _click(window.table, window.model.index(0, TITLE))
    chosen = window.table.selected_ids()
    QTimer.singleShot(0, lambda: _answer_tag_dialog())
    _key(window.table, Qt.Key.Key_T)  # the dialog runs its own loop; _answer_tag_dialog types
    report["tagged"] = sorted(chosen)
    _key(window.table, Qt.Key.Key_Escape)
    yield lambda: window.model.complete and window.model.rowCount() == report["rows at start"]
    key = f"tag:{COLLECTION}"
    yield lambda: window.sidebar.sidebar_model().find_key(key).isValid()
    _click(window.sidebar, window.sidebar.sidebar_model().find_key(key))
    yield lambda: window.model.complete and window.model.view.query.single_collection == COLLECTION
    report["in the collection"] = sorted(window.model.article_id(r)
                                         for r in range(window.model.rowCount()))
    yield lambda: not window.progress.busy  # the startup's entity run, if it is still going
    finished: list[object] = []
    window.export_finished.connect(finished.append)
    QTimer.singleShot(0, lambda: _answer_export_dialog(export_to))
    _key(window.table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    yield lambda: bool(finished)
    report["exported"] = getattr(finished[0], "count", None)
    report["quit"] = True
    _key(window.table, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)


def _answer_tag_dialog() -> None:
    dialog = _dialog()
    if dialog is None:
        QTimer.singleShot(20, _answer_tag_dialog)
        return
    field = dialog.findChild(QLineEdit)
    QTest.keyClicks(field, COLLECTION)
    QTest.keyClick(field, Qt.Key.Key_Return)


def _answer_export_dialog(target: Path) -> None:
    dialog = _dialog()
    if dialog is None:
        QTimer.singleShot(20, lambda: _answer_export_dialog(target))
        return
    field = dialog.target
    QTest.mouseClick(field, Qt.MouseButton.LeftButton, pos=QPoint(5, field.height() // 2))
    QTest.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(field, str(target))
    QTest.keyClick(field, Qt.Key.Key_Return)


def run(library: Path, export_to: Path, report_path: Path) -> int:
    """Start the app through its entry point with the script scheduled inside it."""
    from newsreader.cli import main

    report: dict = {"errors": []}
    steps = script(report, export_to)
    waited = {"ms": 0}

    def advance() -> None:
        try:
            condition = next(steps)
        except StopIteration:
            return
        except Exception:  # noqa: BLE001 - reported, and the app is closed
            report["errors"].append(traceback.format_exc())
            QApplication.closeAllWindows()
            return
        wait_for(condition)

    def wait_for(condition: Callable[[], bool]) -> None:
        try:
            ready = condition()
        except Exception:  # noqa: BLE001
            ready = False
        if ready:
            waited["ms"] = 0
            QTimer.singleShot(0, advance)
        elif waited["ms"] > STEP_TIMEOUT_MS:
            window = _window()
            state = (
                (
                    f" (rows {window.model.rowCount()}, complete {window.model.complete}, "
                    f"search {window.search.text()!r}, view {window.model.view})"
                )
                if window
                else ""
            )
            report["errors"].append("a step waited too long" + state)
            QApplication.closeAllWindows()
        else:
            waited["ms"] += 50
            QTimer.singleShot(50, lambda: wait_for(condition))

    app = QApplication.instance() or QApplication(sys.argv[:1])
    QTimer.singleShot(200, advance)
    try:
        code = main(["--library", str(library), "gui"])
    finally:
        report_path.write_text(json.dumps(report, indent=2), encoding="utf-8")
    del app
    return code


if __name__ == "__main__":
    sys.exit(run(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])))
