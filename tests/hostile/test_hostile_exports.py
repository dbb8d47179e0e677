"""Exporting where people keep their own work: what they made there is never deleted,
and a file Newsreader did not write is replaced only when they say so (--force, or
the app's confirmation)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsreader.core.export.ownership import MANIFEST

from ..durability.helpers import ro_mount
from .helpers import cli, one_clear_line

pytestmark = pytest.mark.hostile

SUFFIX = {"digest": ".md", "json": ".json", "csv": ".csv"}


@pytest.fixture
def library(tmp_path: Path) -> Path:
    path = tmp_path / "lib.sqlite"
    lines = [json.dumps({"title": f"Story {n}", "body_text": f"Text of story {n}.",
                         "url": f"https://example.org/{n}"}) for n in range(1, 4)]
    (tmp_path / "in.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert cli(path, "import", "--no-entities", str(tmp_path / "in.jsonl")).returncode == 0
    assert cli(path, "tag", "add", "memo", "1", "2", "3").returncode == 0
    return path


def _export(library: Path, target: Path, fmt: str = "folder", *extra: str):
    return cli(library, "export", "memo", "--to", str(target), "--format", fmt, *extra)


def _articles(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("0*.md"))


def test_reexporting_keeps_what_the_user_saved_in_the_folder(library: Path, tmp_path: Path) -> None:
    target = tmp_path / "memo"
    assert _export(library, target).returncode == 0
    (target / "my-annotations.txt").write_text("Call the ministry about 002.", encoding="utf-8")
    (target / "attachments").mkdir()
    (target / "attachments" / "chart.png").write_bytes(b"\x89PNG chart")
    assert cli(library, "tag", "remove", "memo", "2").returncode == 0
    again = _export(library, target)
    assert again.returncode == 0, again.stderr
    assert (target / "my-annotations.txt").read_text(
        encoding="utf-8"
    ) == "Call the ministry about 002."
    assert (target / "attachments" / "chart.png").read_bytes() == b"\x89PNG chart"
    assert _articles(target) == ["001 Story 1.md", "002 Story 3.md"]  # the new export's own
    assert sorted(p.name for p in target.iterdir()) == [
        MANIFEST, "001 Story 1.md", "002 Story 3.md", "attachments", "index.md",
        "my-annotations.txt"]


def test_an_exported_file_edited_since_is_replaced_only_with_force(library: Path,
                                                                   tmp_path: Path) -> None:
    target = tmp_path / "memo"
    assert _export(library, target).returncode == 0
    edited = target / "002 Story 2.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nMy own remarks.\n", encoding="utf-8")
    (target / "my-annotations.txt").write_text("mine", encoding="utf-8")
    refused = _export(library, target)
    assert refused.returncode == 1
    assert one_clear_line(refused.stderr, "1 file of the earlier export in ")
    assert b"(002 Story 2.md); nothing was exported; add --force to replace it" in refused.stderr
    assert "My own remarks." in edited.read_text(encoding="utf-8")
    forced = _export(library, target, "folder", "--force")
    assert forced.returncode == 0, forced.stderr
    assert "My own remarks." not in edited.read_text(encoding="utf-8")
    assert (target / "my-annotations.txt").read_text(encoding="utf-8") == "mine"


def test_a_user_file_named_like_an_article_is_kept_and_the_article_named_otherwise(
        library: Path, tmp_path: Path) -> None:
    target = tmp_path / "memo"
    assert _export(library, target).returncode == 0
    manifest = json.loads((target / MANIFEST).read_text(encoding="utf-8"))
    (target / MANIFEST).unlink()  # as an export from before manifests left it
    (target / "004 Story 4.md").write_text("# My own story 4\n", encoding="utf-8")
    assert _export(library, target).returncode == 0
    assert (target / "004 Story 4.md").read_text(encoding="utf-8") == "# My own story 4\n"
    assert set(manifest["files"]) <= {p.name for p in target.iterdir()}


@pytest.mark.parametrize("fmt", ["digest", "json", "csv"])
def test_a_file_the_user_made_is_never_replaced_silently(library: Path, tmp_path: Path,
                                                         fmt: str) -> None:
    target = tmp_path / f"report{SUFFIX[fmt]}"
    target.write_text("my own report, typed by hand\n", encoding="utf-8")
    refused = _export(library, target, fmt)
    assert refused.returncode == 1
    assert one_clear_line(refused.stderr, f"{target} exists and was not written by Newsreader")
    assert b"add --force to replace it" in refused.stderr
    assert target.read_text(encoding="utf-8") == "my own report, typed by hand\n"
    assert _export(library, target, fmt, "--force").returncode == 0
    assert _export(library, target, fmt).returncode == 0  # written by us: replaced freely


def test_a_csv_edited_in_a_spreadsheet_is_not_replaced(library: Path, tmp_path: Path) -> None:
    target = tmp_path / "memo.csv"
    assert _export(library, target, "csv").returncode == 0
    with target.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    rows[1][rows[0].index("note")] = "checked with the source"
    with target.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(rows)
    refused = _export(library, target, "csv")
    assert refused.returncode == 1 and b"was changed since" in refused.stderr
    with target.open(newline="", encoding="utf-8") as handle:
        assert list(csv.reader(handle))[1][rows[0].index("note")] == "checked with the source"


@pytest.mark.parametrize("fmt", ["folder", "csv"])
def test_an_export_to_a_read_only_disk_is_one_clear_line(library: Path, tmp_path: Path,
                                                          fmt: str) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = tmp_path / "mounted"
    if not ro_mount(disk, mounted):
        pytest.skip("a read-only bind mount needs root and mount permission")
    try:
        result = _export(library, mounted / ("memo" if fmt == "folder" else "memo.csv"), fmt)
    finally:
        subprocess.run(["umount", str(mounted)], check=True)
    assert result.returncode == 1
    assert one_clear_line(result.stderr, "the disk is read-only; nothing there was changed")


LIMITED = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[1]), resource.RLIM_INFINITY))
from newsreader.cli import main
sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.parametrize("fmt", ["folder", "digest"])
def test_an_export_to_a_full_disk_is_one_clear_line_and_keeps_the_last_one(
        library: Path, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / ("memo" if fmt == "folder" else "memo.md")
    assert cli(library, "tag", "describe", "memo", "--description", "x" * 100_000).returncode == 0
    assert _export(library, target, fmt).returncode == 0
    before = sorted(target.iterdir()) if fmt == "folder" else target.read_bytes()
    result = subprocess.run([sys.executable, "-c", LIMITED, "65536", "--library", str(library),
                             "export", "memo", "--to", str(target), "--format", fmt],
                            capture_output=True, timeout=120, check=False)
    assert result.returncode == 1
    assert one_clear_line(result.stderr, "the disk is full; nothing there was changed")
    assert (sorted(target.iterdir()) if fmt == "folder" else target.read_bytes()) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".newsreader-export")]


@pytest.mark.parametrize("answer", ["Replace", "Cancel"])
def test_the_app_asks_before_replacing_a_file_it_did_not_write(qtbot, tmp_path: Path,
                                                               answer: str) -> None:
    from PySide6.QtCore import QSettings, Qt, QTimer
    from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

    from newsreader.core.library import Library
    from newsreader.ui.export_dialog import ExportDialog

    from ..conftest import draft
    from ..ui.test_main_window import open_window

    report = tmp_path / "report.csv"
    report.write_text("my own report, typed by hand\n", encoding="utf-8")
    seen: list[str] = []

    def drive() -> None:
        """Answer the export dialog, then the question, as a person would."""
        modal = QApplication.activeModalWidget()
        if isinstance(modal, ExportDialog) and not seen:
            seen.append("dialog")
            for _ in range(3):  # Folder, Digest, JSON, CSV
                qtbot.keyClick(modal.format, Qt.Key.Key_Down)
            modal.target.setFocus()
            modal.target.selectAll()  # arranged: what is typed next replaces the default
            qtbot.keyClicks(modal.target, str(report))
            ok = modal.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
            qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        elif isinstance(modal, QMessageBox) and seen == ["dialog"]:
            seen.append(modal.text())
            modal.grab().save(str(tmp_path / "question.png"))
            button = next(b for b in modal.buttons() if b.text() == answer)
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
            return
        QTimer.singleShot(50, drive)

    with Library(tmp_path / "lib.sqlite") as library:
        library.import_drafts([draft(n, title=f"Story {n}") for n in range(1, 4)])
        library.add_tag("memo", [1, 2, 3])
        window = open_window(qtbot, library, QSettings(str(tmp_path / "s.ini"),
                                                       QSettings.Format.IniFormat))
        QTimer.singleShot(0, drive)
        if answer == "Replace":
            with qtbot.waitSignal(window.export_finished, timeout=20_000):
                window.window_actions.export.trigger()  # File > Export… (Ctrl+E)
        else:
            window.window_actions.export.trigger()
            assert window.statusBar().currentMessage() == "Export cancelled; nothing was written."
        window.close()
    assert seen == ["dialog", "“report.csv” exists and was not written by Newsreader, or was "
                              "changed since it was."]
    if answer == "Cancel":
        assert report.read_text(encoding="utf-8") == "my own report, typed by hand\n"
        return
    with report.open(newline="", encoding="utf-8") as handle:  # as a spreadsheet reads it
        rows = list(csv.DictReader(handle))
    assert sorted(row["title"] for row in rows) == ["Story 1", "Story 2", "Story 3"]
