"""Composition root: builds the Library, the QApplication and the main window."""

from __future__ import annotations

import logging
import os
import sys
import traceback
from pathlib import Path
from types import TracebackType

from .core.errors import LibraryBusyError, LibraryError, NewerLibraryError, NewsreaderError
from .core.library import Library

log = logging.getLogger("newsreader")
SCREENSHOT_SETTLE_MS = 400
STARTUP_EXTRACTION_DELAY_MS = 1500


def open_library(path: Path, *, is_default: bool) -> tuple[Library, str | None]:
    """Open for writing when possible, else read-only with a notice saying why."""
    try:
        if path.exists() and not os.access(path, os.W_OK):
            return Library(path, read_only=True), "This library file is read-only: changes cannot be saved."
        return Library.open(path, with_sample=is_default), None
    except NewerLibraryError as error:
        return Library(path, read_only=True), f"{error}. It is open read-only."
    except LibraryBusyError:
        return Library(path, read_only=True), (
            "Another program is writing to this library, so it is open read-only for now. "
            "Close the other program and restart Newsreader to make changes.")


def run_app(library_path: Path, *, is_default: bool, screenshot: str | None = None,
            select: int | None = None, size: str | None = None) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from .ui.main_window import MainWindow
    from .ui.theme import follow_system

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Newsreader")
    app.setOrganizationName("Newsreader")
    app.setDesktopFileName("newsreader")
    follow_system(app)
    try:
        library, notice = open_library(library_path, is_default=is_default)
    except LibraryError as error:
        if screenshot:
            raise
        QMessageBox.critical(None, "Newsreader", f"Cannot open the library.\n\n{error}")
        return 1
    window = MainWindow(library, notice=notice)
    install_error_dialog(window)
    if size:
        width, _, height = size.lower().partition("x")
        window.resize(int(width), int(height))
    window.show()
    if screenshot:
        _schedule_screenshot(app, window, screenshot, select)
    else:
        # articles imported by other means (or before a crash) still get their entities
        QTimer.singleShot(STARTUP_EXTRACTION_DELAY_MS, window.start_extraction)
    code = app.exec()
    library.close()
    return code


def _schedule_screenshot(app, window, path: str, select: int | None) -> None:
    """Select the article once the list has it, let everything paint, save, quit."""
    from PySide6.QtCore import QTimer

    def capture() -> None:
        if not window.grab().save(path, "PNG"):
            log.error("could not write %s", path)
            app.exit(1)
            return
        app.quit()

    def when_listed(_count: int = 0) -> None:
        if select is not None:
            if not window.library.read_only:
                try:  # the picture shows the article's entities even before a background run
                    window.library.extract_entities(only=[select])
                except NewsreaderError as error:
                    log.warning("entities not extracted: %s", error)
            window.select_article(select)
        QTimer.singleShot(SCREENSHOT_SETTLE_MS, capture)

    if window.model.complete:
        when_listed()
    else:
        window.model.loaded.connect(when_listed)


def install_error_dialog(window) -> None:
    """Exceptions escaping a slot are logged and shown, never swallowed or fatal."""
    from PySide6.QtWidgets import QMessageBox

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        log.error("unexpected error:\n%s", "".join(traceback.format_exception(kind, error, tb)))
        QMessageBox.critical(window, "Newsreader — unexpected error",
                             f"{kind.__name__}: {error}\n\nThe details are in the log.")

    sys.excepthook = hook
