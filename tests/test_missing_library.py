"""A mistyped --library path: reads say "no library at PATH" and create nothing, what adds
creates the library and says so, the window asks first; the default library is still
created with the sample on the first start."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsreader.cli import main

READS = [
    ["list"], ["list", "chips"], ["show", "1"], ["export", "x", "--to", "OUT"],
    ["export", "--query", "chips", "--to", "OUT", "--format", "json"], ["tag", "list"],
    ["tag", "review"], ["entities", "--top"], ["entities", "corrections"], ["feed", "list"],
    ["feed", "refresh"], ["watch", "list"],
]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("command", READS, ids=" ".join)
def test_a_read_of_a_missing_library_says_so_and_creates_nothing(
        capsys, tmp_path: Path, command: list[str]) -> None:
    missing = tmp_path / "libary.sqlite"  # the typo the user made
    argv = [str(tmp_path / "out") if part == "OUT" else part for part in command]
    code, out, err = run(capsys, "--library", str(missing), *argv)
    assert code == 1 and out == ""
    assert err == f"newsreader: no library at {missing}\n"
    assert list(tmp_path.iterdir()) == []  # no library, no -wal, no export


def test_commands_that_add_create_the_library_and_say_so(capsys, tmp_path: Path,
                                                         seed_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    code, out, err = run(capsys, "--library", str(path), "import", "--no-entities",
                         str(seed_path))
    assert code == 0 and out == "Imported 1 article.\n"
    assert err == f"newsreader: created a new library at {path}\n"
    code, out, err = run(capsys, "--library", str(path), "list", "--json")
    assert code == 0 and len(json.loads(out)) == 1 and err == ""  # there now: no note
    for argv in (["tag", "add", "mine", "1"], ["watch", "add", "HBM"],
                 ["entities", "--use", "--engine", "rules"]):
        other = tmp_path / f"{argv[0]}.sqlite"
        code, _, err = run(capsys, "--library", str(other), *argv)
        assert other.exists() and f"created a new library at {other}" in err


def test_the_default_library_is_still_created_with_the_sample(capsys) -> None:
    code, out, err = run(capsys, "tag", "list", "--json")
    assert code == 0 and "created a new library at" in err and "sample" in err
    assert {"chip export controls", "energy transition"} <= {t["name"] for t in json.loads(out)}
    code, _, err = run(capsys, "list")
    assert code == 0 and err == ""


def test_the_installed_command_refuses_a_missing_library(tmp_path: Path) -> None:
    missing = tmp_path / "nope" / "library.sqlite"
    done = subprocess.run([sys.executable, "-m", "newsreader", "--library", str(missing),
                           "list"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and done.stderr == f"newsreader: no library at {missing}\n"
    assert not missing.parent.exists()


def test_the_window_refuses_a_missing_library_for_a_screenshot(tmp_path: Path) -> None:
    missing = tmp_path / "library.sqlite"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-m", "newsreader", "--library", str(missing), "gui",
                           "--screenshot", str(tmp_path / "shot.png")],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 1 and f"newsreader: no library at {missing}" in done.stderr
    assert list(tmp_path.iterdir()) == []


def _answer(qtbot, button: str, seen: list[str]):
    """For when_dialog_opens: note the question, click one of its buttons."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton

    def act(dialog) -> None:
        seen.append(dialog.text())
        (target,) = [b for b in dialog.findChildren(QPushButton) if b.text() == button]
        qtbot.mouseClick(target, Qt.MouseButton.LeftButton)
    return act


def _close_the_window_once_shown(qtbot, shown: list[object]) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from newsreader.ui.main_window import MainWindow

    def look() -> None:
        windows = [w for w in QApplication.topLevelWidgets()
                   if isinstance(w, MainWindow) and w.isVisible()]
        if windows and windows[0].model.complete:
            shown.append(windows[0].library.path)
            windows[0].close()
        else:
            QTimer.singleShot(50, look)

    QTimer.singleShot(0, look)


@pytest.fixture
def keep_hooks(monkeypatch):
    """run_app installs its error dialog as sys.excepthook: give pytest-qt its own back."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)


def test_the_window_asks_before_creating_and_quit_creates_nothing(
        qtbot, capsys, tmp_path: Path, keep_hooks) -> None:
    from tests.ui.hands import when_dialog_opens

    missing = tmp_path / "libary.sqlite"
    seen: list[str] = []
    when_dialog_opens(_answer(qtbot, "Quit", seen))
    code, _, err = run(capsys, "--library", str(missing), "gui")
    assert seen == [f"There is no library at {missing}.\n\nCreate a new, empty library there, "
                    "or quit and check the path?"]
    assert code == 1 and f"no library at {missing}" in err
    assert list(tmp_path.iterdir()) == []


def test_the_window_asks_before_creating_and_creates_when_told(
        qtbot, capsys, tmp_path: Path, keep_hooks) -> None:
    from tests.ui.hands import when_dialog_opens

    missing = tmp_path / "new.sqlite"
    seen: list[str] = []
    shown: list[object] = []
    when_dialog_opens(_answer(qtbot, "Create library", seen))
    _close_the_window_once_shown(qtbot, shown)
    code, _, _ = run(capsys, "--library", str(missing), "gui")
    assert code == 0 and len(seen) == 1 and shown == [missing]
    assert missing.exists()
    code, out, _ = run(capsys, "--library", str(missing), "list", "--json")
    assert code == 0 and json.loads(out) == []  # a library the user named starts empty
