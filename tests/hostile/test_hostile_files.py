"""Imported folders with things in them that are not files, and files that would
make a parser work forever: each is skipped with a line, the rest of the batch imports."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from newsreader.core.library import Library

from .helpers import cli, one_clear_line

pytestmark = pytest.mark.hostile

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")


def _folder_with(tmp_path: Path, *names: str) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in names:
        (folder / name).write_text(f"Story {name}\n\nA plain story about {name} for the test.\n",
                                   encoding="utf-8")
    return folder


@needs_fifo
def test_a_named_pipe_in_a_folder_is_skipped_with_a_line(tmp_path: Path) -> None:
    folder = _folder_with(tmp_path, "a.txt", "c.txt")
    os.mkfifo(folder / "b.txt")  # nobody ever writes to it: opening it would wait forever
    library = tmp_path / "lib.sqlite"
    result = cli(library, "import", "--no-entities", str(folder))
    assert result.returncode == 1, result.stderr
    assert one_clear_line(result.stderr, "b.txt: not a regular file (a named pipe); skipped")
    with Library(library) as lib:
        assert sorted(r.title for r in lib.search("")) == ["Story a.txt", "Story c.txt"]


@needs_fifo
def test_a_named_pipe_given_by_name_is_refused_with_a_line(tmp_path: Path) -> None:
    folder = _folder_with(tmp_path, "a.txt")
    os.mkfifo(folder / "pipe.md")
    result = cli(tmp_path / "lib.sqlite", "import", "--no-entities", "--json",
                 str(folder / "pipe.md"), str(folder / "a.txt"))
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["added"] == 1
    assert report["failed"] == [{"path": str(folder / "pipe.md"),
                                 "error": "not a regular file (a named pipe); skipped"}]


def test_a_link_to_a_device_in_a_folder_is_skipped(tmp_path: Path) -> None:
    folder = _folder_with(tmp_path, "a.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")  # reads forever
    with Library(tmp_path / "lib.sqlite") as lib:
        report = lib.import_paths([folder])
    assert report.added == 1
    assert [(Path(f.path).name, f.error) for f in report.failed] == [
        ("zero.txt", "not a regular file (a device); skipped")]
