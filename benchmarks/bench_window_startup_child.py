"""Child process of bench_window.py: the real `newsreader gui` start-up, timed to the first
rows painted.

    python benchmarks/bench_window_startup_child.py LIBRARY [WxH]

Runs ``newsreader.cli.main(["gui", "--library", LIBRARY, "--size", WxH])`` -- the
same path as the ``newsreader`` command, so the same imports, QApplication,
theme, ``open_library``, ``MainWindow`` and ``show`` as ``app.run_app`` -- with
one change: ``MainWindow`` is replaced by a subclass that stamps its
construction and installs an event filter on ``table.viewport()``. The filter
sees the first ``QEvent.Paint`` after ``model.rowCount() > 0``; a zero timer
then fires right after that paint has finished, and the child prints one JSON
line of ``time.time()`` stamps and exits at once (``os._exit``: the id worker
may still be streaming and is not waited for).
"""

import time

T_MAIN = time.time()  # the first Python line of this script (interpreter start-up is before it)

import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from newsreader import cli  # noqa: E402
from newsreader.ui import main_window  # noqa: E402  (run_app imports it too; same modules)

T_IMPORTS = time.time()
stamps: dict[str, float] = {"main": T_MAIN, "imports": T_IMPORTS}

from PySide6.QtCore import QEvent, QObject, QTimer  # noqa: E402


class FirstPaint(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.done = False

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt's name)
        if (not self.done and event.type() == QEvent.Type.Paint
                and self.window.model.rowCount() > 0):
            self.done = True
            stamps["paint_event"] = time.time()
            stamps["rows_at_paint"] = self.window.model.rowCount()
            QTimer.singleShot(0, finish)
        return False


def finish() -> None:
    stamps["painted"] = time.time()
    print(json.dumps(stamps), flush=True)
    os._exit(0)


class TimedMainWindow(main_window.MainWindow):
    def __init__(self, *args, **kwargs) -> None:
        stamps["window_init"] = time.time()
        super().__init__(*args, **kwargs)
        stamps["window_built"] = time.time()
        self.model.rowsInserted.connect(self._first_rows)
        self._filter = FirstPaint(self)
        self.table.viewport().installEventFilter(self._filter)
        QTimer.singleShot(60_000, self._give_up)

    @staticmethod
    def _give_up() -> None:
        print(json.dumps({"error": "no rows painted in 60 s", **stamps}), flush=True)
        os._exit(1)

    def _first_rows(self, *_args) -> None:
        stamps.setdefault("first_rows", time.time())

    def show(self) -> None:
        stamps["show"] = time.time()
        super().show()


main_window.MainWindow = TimedMainWindow

if __name__ == "__main__":
    library = sys.argv[1]
    size = sys.argv[2] if len(sys.argv) > 2 else "1400x900"
    sys.exit(cli.main(["gui", "--library", library, "--size", size]))
