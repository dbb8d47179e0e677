"""Composition root: builds the Library, the QApplication and the main window."""

from __future__ import annotations

import sys
from pathlib import Path

from .core.library import Library


def run_app(library_path: Path, *, is_default: bool, screenshot: str | None = None,
            select: int | None = None, size: str | None = None) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from .ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Newsreader")
    app.setOrganizationName("Newsreader")
    library = Library.open(library_path, with_sample=is_default)
    window = MainWindow(library)
    if size:
        width, _, height = size.lower().partition("x")
        window.resize(int(width), int(height))
    window.show()
    if screenshot:
        def capture() -> None:
            window.grab().save(screenshot, "PNG")
            app.quit()

        QTimer.singleShot(300, capture)
    code = app.exec()
    library.close()
    return code
