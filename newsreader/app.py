"""Composition root: builds the Library, the QApplication and the main window."""

from __future__ import annotations

import logging
import signal
import socket
import sqlite3
import sys
import traceback
import weakref
from pathlib import Path
from types import TracebackType

from .core.errors import CorruptLibraryError, LibraryError, NewsreaderError, NoLibraryError
from .core.library import Library
from .core.opening import (
    close_for_use,
    library_exists,
    may_create,
    open_for_window,
    restore_backup,
)
from .core.paths import resource

#: the window opens its library this way (kept under the app's name for its tests)
open_library = open_for_window

log = logging.getLogger("newsreader")
SCREENSHOT_SETTLE_MS = 400
STARTUP_EXTRACTION_DELAY_MS = 1500


def run_app(library_path: Path, *, is_default: bool, screenshot: str | None = None,
            select: int | None = None, size: str | None = None) -> int:
    from PySide6.QtWidgets import QApplication

    from .ui.collector import collect_on_gui_thread
    from .ui.theme import follow_system

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("Newsreader")
    app.setOrganizationName("Newsreader")
    app.setDesktopFileName("newsreader")
    _set_icon(app)
    follow_system(app)
    quit_on_signals(app)
    collector = collect_on_gui_thread(app)
    try:
        return _run_until_closed(app, collector, library_path, is_default=is_default,
                                 screenshot=screenshot, select=select, size=size)
    finally:
        release_signal_wakeup(app)


def _set_icon(app) -> None:
    """The window's icon: the one the desktop entry names (``install-desktop``)."""
    from PySide6.QtGui import QIcon

    icon = QIcon()
    for name in ("newsreader.svg", "newsreader.png"):
        icon.addFile(str(resource("desktop", name)))
    app.setWindowIcon(icon)


def _run_until_closed(app, collector, library_path: Path, *, is_default: bool,
                      screenshot: str | None, select: int | None, size: str | None) -> int:
    if not may_create(is_default=is_default, adds=False) and not library_exists(library_path):
        if screenshot or not _ask_create(library_path):  # a mistyped --library: not created
            collector.stop()
            raise NoLibraryError(library_path)
    while True:  # a restore from backup closes the window, swaps the file, opens again
        opened = _open_or_recover(library_path, is_default=is_default, screenshot=screenshot)
        if opened is None:
            return 1
        library, notice = opened
        code, restore_from = _run_window(app, library, notice, screenshot=screenshot,
                                         select=select, size=size)
        keep = _keep_backups()
        for message in close_for_use(library, keep_backups=keep):  # checkpoint, daily backup
            log.warning(message)
        if restore_from is None:
            collector.stop()
            return code
        _restore(library_path, restore_from)


def _keep_backups() -> int:
    from PySide6.QtCore import QSettings

    from .ui.dialogs import DEFAULT_KEEP_BACKUPS, KEEP_BACKUPS, read_int

    return read_int(QSettings(), KEEP_BACKUPS, DEFAULT_KEEP_BACKUPS)


def _open_or_recover(path: Path, *, is_default: bool,
                     screenshot: str | None) -> tuple[Library, str | None] | None:
    """Open the library; a damaged one is moved aside and the user picks what next."""
    from PySide6.QtWidgets import QMessageBox

    while True:
        try:
            return open_for_window(path, is_default=is_default)
        except CorruptLibraryError as error:
            if screenshot:
                raise
            if not _ask_recovery(error, path):
                return None
        except LibraryError as error:
            if screenshot:
                raise
            QMessageBox.critical(None, "Newsreader", f"Cannot open the library.\n\n{error}")
            return None


def _ask_create(path: Path) -> bool:
    """True when the user wants a new, empty library at ``path`` (named with --library or
    NEWSREADER_LIBRARY, and not there: perhaps mistyped)."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Question, "Newsreader — no library here",
                      f"There is no library at {path}.\n\nCreate a new, empty library there, "
                      "or quit and check the path?")
    create = box.addButton("Create library", QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(box.addButton("Quit", QMessageBox.ButtonRole.RejectRole))
    box.exec()
    return box.clickedButton() is create


def _ask_recovery(error: CorruptLibraryError, path: Path) -> bool:
    """True to try opening again (after restoring or to start empty), False to quit."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Critical, "Newsreader — library damaged",
                      f"{error}\n\nThe damaged file was moved aside, never deleted.")
    restore = box.addButton("Restore the newest backup", QMessageBox.ButtonRole.AcceptRole) \
        if error.backup is not None else None
    empty = box.addButton("Start an empty library", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if restore is not None and error.backup is not None and box.clickedButton() is restore:
        _restore(path, error.backup)
        return True
    return box.clickedButton() is empty


def _restore(path: Path, backup: Path) -> None:
    from PySide6.QtWidgets import QMessageBox

    try:
        restore_backup(backup, path)
    except NewsreaderError as error:
        QMessageBox.critical(None, "Newsreader", f"The backup was not restored.\n\n{error}")


def _run_window(app, library: Library, notice: str | None, *, screenshot: str | None,
                select: int | None, size: str | None) -> tuple[int, Path | None]:
    from .ui.main_window import MainWindow
    from .ui.tasks import stop_all

    window = MainWindow(library, notice=notice, open_first=library.created)
    install_error_dialog(window)
    if size:
        width, _, height = size.lower().partition("x")
        window.resize(int(width), int(height))
    window.show()
    if screenshot:
        _schedule_screenshot(app, window, screenshot, select)
    else:
        # articles imported by other means (or before a crash) still get their entities
        window.entity_work.start_later(STARTUP_EXTRACTION_DELAY_MS)
    code = app.exec()
    stop_all()  # tasks started while the window closed end before the library does
    return code, window.restore_from


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
    """Exceptions escaping a slot are logged and shown, never swallowed or fatal.

    An error the user can meet (a full disk, a library another program removed) is
    shown as what it is, with what to do; anything else is a bug, reported as one.
    """
    from PySide6.QtWidgets import QMessageBox

    parent = weakref.ref(window)  # the hook outlives the window: it must not keep it alive

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        window = parent()
        if issubclass(kind, NewsreaderError):
            log.warning("%s", error)
            QMessageBox.warning(window, "Newsreader", str(error))
            return
        log.error("unexpected error:\n%s", "".join(traceback.format_exception(kind, error, tb)))
        if issubclass(kind, sqlite3.DatabaseError):
            QMessageBox.critical(window, "Newsreader — the library cannot be used",
                                 database_problem(error))
            return
        QMessageBox.critical(window, "Newsreader — unexpected error",
                             f"{kind.__name__}: {error}\n\nThe details are in the log.")

    sys.excepthook = hook


def database_problem(error: BaseException) -> str:
    """What a raw SQLite error means to the user, and what to do about it."""
    return (f"Newsreader could not read or write the library ({error}). Another program "
            "may have moved, replaced or damaged it, or the disk may be full or gone.\n\n"
            "Your last change may not have been saved. Quit Newsreader and open it again; "
            "if the problem stays, restore a backup (File ▸ Restore from backup…).")


def quit_on_signals(app) -> None:
    """Ctrl+C in the terminal that started the app, or SIGTERM, closes the windows as
    Quit does (settings saved, tasks stopped, the library closed), then the app ends.

    Python runs signal handlers only between its own instructions, which a Qt event
    loop never gives it; the signal's wake-up byte on a socket wakes the loop instead.
    """
    from PySide6.QtCore import QSocketNotifier, QTimer

    release_signal_wakeup(app)  # a second window in one process reuses nothing stale
    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    try:
        signal.set_wakeup_fd(writer.fileno())
    except ValueError:  # not the main thread: leave the signals as they are
        reader.close()
        writer.close()
        return
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, app)

    def drain() -> None:
        try:
            reader.recv(64)
        except OSError:
            pass

    notifier.activated.connect(drain)

    def on_signal(_number: int, _frame: object) -> None:
        QTimer.singleShot(0, app.closeAllWindows)

    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, on_signal)
    app._signal_wakeup = (reader, writer, notifier)  # kept for the app's lifetime


def release_signal_wakeup(app) -> None:
    """Undo :func:`quit_on_signals`: default handlers back, its sockets closed."""
    wakeup = getattr(app, "_signal_wakeup", None)
    if wakeup is None:
        return
    reader, writer, notifier = wakeup
    app._signal_wakeup = None
    notifier.setEnabled(False)
    try:
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    except ValueError:  # not the main thread
        pass
    reader.close()
    writer.close()
