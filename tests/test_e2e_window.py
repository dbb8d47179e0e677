"""End to end through the real entry point: the app started by ``newsreader.cli.main`` on
a library file, used with the mouse and the keyboard, then quit (tests/e2e_driver.py).

Once on the offscreen platform in this process, and once as a program under a real X
server (Xvfb, the xcb platform) where xvfb-run is installed, as CI installs it."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from newsreader.core.library import Library

from .conftest import REPO, draft


def _library(path: Path) -> Path:
    with Library(path) as library:
        library.set_entity_engine("rules")
        library.import_drafts(
            [
                draft(
                    1,
                    title="Chip curbs widen",
                    body_text="Officials in Seoul said chip curbs widen.",
                ),
                draft(
                    2, title="Lithium deal signed", body_text="Lithium from Chile, signed in Seoul."
                ),
                draft(3, title="Grid plan approved", body_text="Germany approved a grid plan."),
                draft(4, title="Memory prices climb", body_text="DRAM prices rose in Taipei."),
            ]
        )
    return path


def _check(report: dict, library: Path, exported: Path) -> None:
    assert report["errors"] == [], report["errors"]
    assert report["rows at start"] == 4 and report["opened by a click"]
    assert report["matches"] == 2
    assert len(report["tagged"]) == 1 and report["in the collection"] == report["tagged"]
    assert report["exported"] == 1 and report["quit"]
    with Library(library) as lib:
        assert {t.name: t.count for t in lib.tags()} == {"e2e collection": 1}
    pages = [p for p in exported.glob("*.md") if p.name != "index.md"]
    assert len(pages) == 1 and (exported / "index.md").exists()


def test_click_search_tag_export_quit_offscreen(qtbot, tmp_path: Path) -> None:
    from tests.e2e_driver import run

    library = _library(tmp_path / "library.sqlite")
    report_path = tmp_path / "report.json"
    hook, handlers = (
        sys.excepthook,
        {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)},
    )
    try:
        assert run(library, tmp_path / "export", report_path) == 0
    finally:  # the app set these up for itself
        sys.excepthook = hook
        for number, handler in handlers.items():
            signal.signal(number, handler)
        signal.set_wakeup_fd(-1)
    _check(json.loads(report_path.read_text()), library, tmp_path / "export")


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="xvfb-run is not installed "
                    "(CI installs it: apt-get install xvfb and the libxcb packages)")
def test_click_search_tag_export_quit_on_a_real_x_server(tmp_path: Path) -> None:
    library = _library(tmp_path / "library.sqlite")
    report_path = tmp_path / "report.json"
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1400x900x24", sys.executable, "-m",
         "tests.e2e_driver", str(library), str(tmp_path / "export"), str(report_path)],
        capture_output=True, text=True, timeout=300, env=env, cwd=REPO)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    _check(json.loads(report_path.read_text()), library, tmp_path / "export")
