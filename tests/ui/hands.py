"""What a person does to the window, as real input events: clicks on rows, keys on the
focused widget, typing into the dialog that opened. Tests use these instead of calling
slots or selecting rows through the model."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QApplication, QMenu, QWidget

NO_MODIFIER = Qt.KeyboardModifier.NoModifier


def open_window(qtbot, library, settings, **options):
    """The main window on ``library``, shown at a usual size, its list loaded."""
    from newsreader.ui.main_window import MainWindow

    window = MainWindow(library, settings, **options)
    qtbot.addWidget(window)
    window.resize(1200, 700)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.model.complete, timeout=10_000)
    return window


def click_index(qtbot, view: QAbstractItemView, index: QModelIndex,
                modifier: Qt.KeyboardModifier = NO_MODIFIER) -> None:
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier,
                     view.visualRect(index).center())


def double_click_index(qtbot, view: QAbstractItemView, index: QModelIndex) -> None:
    """A double-click: the first click, then the second press Qt reports as one."""
    click_index(qtbot, view, index)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, NO_MODIFIER,
                      view.visualRect(index).center())


def click_row(qtbot, window, row: int, modifier: Qt.KeyboardModifier = NO_MODIFIER) -> None:
    """Click the title of a row of the article list."""
    from newsreader.ui.article_model import TITLE

    click_index(qtbot, window.table, window.model.index(row, TITLE), modifier)


def key(qtbot, widget: QWidget, code: Qt.Key, modifier: Qt.KeyboardModifier = NO_MODIFIER) -> None:
    """A key press on a widget, which takes the focus first as under a person's hands (its
    window active again after a dialog, as a window manager makes it)."""
    widget.window().activateWindow()
    QTest.qWaitForWindowActive(widget.window(), 2000)
    widget.setFocus()
    qtbot.keyClick(widget, code, modifier)


def focused(within: QWidget | None = None) -> QWidget:
    """The widget keys go to: the application's focus, or the one ``within`` a dialog
    holds (a dialog on the offscreen platform is not always the active window)."""
    widget = within.focusWidget() if within is not None else None
    widget = widget or QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def when_dialog_opens(act: Callable[[QWidget], None], *, timeout_ms: int = 10_000) -> None:
    """Run ``act(dialog)`` once a modal dialog is up (the code under test is then inside
    its exec()); ``act`` types and clicks into it like a person."""
    waited = 0

    def look() -> None:
        nonlocal waited
        dialog = QApplication.activeModalWidget()
        if dialog is not None and dialog.isVisible():
            dialog.activateWindow()  # as the window manager does with a new dialog
            act(dialog)
            return
        waited += 20
        if waited < timeout_ms:
            QTimer.singleShot(20, look)

    QTimer.singleShot(0, look)


def type_and_enter(qtbot, text: str) -> Callable[[QWidget], None]:
    """For when_dialog_opens: type into the dialog's focused field, then press Enter."""
    def act(dialog: QWidget) -> None:
        target = focused(dialog)
        qtbot.keyClicks(target, text)
        qtbot.keyClick(target, Qt.Key.Key_Return)
    return act


def click_text(qtbot, browser, text: str, modifier: Qt.KeyboardModifier = NO_MODIFIER,
               button: Qt.MouseButton = Qt.MouseButton.LeftButton) -> None:
    """Click on the first place ``text`` shows in a text browser (a link, a chip)."""
    cursor = browser.document().find(text)
    assert not cursor.isNull(), f"{text!r} is not shown"
    middle = browser.document().find(text)
    middle.setPosition(cursor.selectionStart() + max(1, len(text) // 2))
    browser.ensureCursorVisible()
    if button == Qt.MouseButton.RightButton:
        right_click(qtbot, browser.viewport(), browser.cursorRect(middle).center())
    else:
        qtbot.mouseClick(browser.viewport(), button, modifier, browser.cursorRect(middle).center())


def right_click(qtbot, widget: QWidget, pos: QPoint) -> None:
    """A right click at ``pos`` of ``widget``: the press and release, and the context
    menu event the platform sends with them."""
    qtbot.mouseClick(widget, Qt.MouseButton.RightButton, NO_MODIFIER, pos)
    QApplication.sendEvent(widget, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos,
                                                     widget.mapToGlobal(pos)))


def right_click_index(qtbot, view: QAbstractItemView, index: QModelIndex) -> None:
    view.scrollTo(index)
    right_click(qtbot, view.viewport(), view.visualRect(index).center())


def choose(qtbot, *path: str) -> None:
    """Click the items of the open menu by their text, a submenu's after its own
    ("Relabel", "Product"), as a person does with the mouse."""
    for text in path:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu), f"no menu is open to choose {text!r} from"
        shown = {a.text().replace("&", ""): a for a in menu.actions() if a.isVisible()}
        assert text in shown, f"{text!r} is not in the menu: {list(shown)}"
        assert shown[text].isEnabled(), f"{text!r} is disabled"
        submenu = shown[text].menu()  # before the click: a menu deleted on close takes it
        qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, NO_MODIFIER,
                         menu.actionGeometry(shown[text]).center())
        if submenu is not None:  # it opens after a moment, as under a pointer
            qtbot.waitUntil(lambda submenu=submenu: QApplication.activePopupWidget() is submenu)


def choose_menu(qtbot, window, menu: str, *path: str) -> None:
    """Click a menu of the window's menu bar, then its items (``choose``; names without
    the "&" of their shortcut letter). On the offscreen platform the popup warns that it
    cannot raise itself or grab the keyboard: a test using this ignores those
    (``pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")``)."""
    bar = window.menuBar()
    opener = next(a for a in bar.actions() if a.text().replace("&", "") == menu)
    window.activateWindow()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, NO_MODIFIER,
                     bar.actionGeometry(opener).center())
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is opener.menu(), timeout=5_000)
    choose(qtbot, *path)
    qtbot.waitUntil(lambda: not opener.menu().isVisible(), timeout=5_000)
