"""store.files: the few file primitives backups, the integrity check and exports share."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsreader.core.errors import LibraryError
from newsreader.core.store import files


def test_replace_puts_the_new_file_in_place(tmp_path: Path) -> None:
    target, temp = tmp_path / "out.md", tmp_path / ".out.md.partial"
    target.write_text("old")
    temp.write_text("new")
    files.replace(temp, target)
    assert target.read_text() == "new" and not temp.exists()


def test_move_no_overwrite_never_replaces(tmp_path: Path) -> None:
    source, target = tmp_path / "a", tmp_path / "b"
    source.write_text("a")
    target.write_text("b")
    with pytest.raises(LibraryError, match="already exists"):
        files.move_no_overwrite(source, target)
    assert source.read_text() == "a" and target.read_text() == "b"
    target.unlink()
    files.move_no_overwrite(source, target)
    assert target.read_text() == "a" and not source.exists()


def test_set_aside_moves_the_database_with_its_companions(tmp_path: Path) -> None:
    library = tmp_path / "library.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{library}{suffix}").write_text(suffix or "db")
    first = files.set_aside(library, "damaged")
    assert first.name.startswith("library.sqlite.damaged-")
    assert {p.name for p in tmp_path.iterdir()} == {first.name, first.name + "-wal",
                                                    first.name + "-shm"}
    library.write_text("db again")
    second = files.set_aside(library, "damaged")  # same second: a number, never a replace
    assert second != first and second.read_text() == "db again" and first.read_text() == "db"


def test_set_aside_a_missing_database(tmp_path: Path) -> None:
    library = tmp_path / "library.sqlite"
    Path(f"{library}-wal").write_text("log")
    with pytest.raises(LibraryError):
        files.set_aside(library, "damaged")
    moved = files.set_aside(library, "replaced", missing_ok=True)
    assert Path(f"{moved}-wal").read_text() == "log" and not moved.exists()
