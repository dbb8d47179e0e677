"""A full disk, simulated with RLIMIT_FSIZE in a child process (tests run as root, so a
read-only folder cannot be simulated with permissions): writes fail with a clear
message, the library stays as it was, the process goes on."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .helpers import (
    SEEDED,
    article_count,
    consistency_problems,
    env,
    imported_numbers,
    make_folder,
    no_traceback,
    seed_library,
    seeded_problems,
)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")

LIMITED = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[1]), resource.RLIM_INFINITY))
sys.argv[1:] = sys.argv[2:]
"""


def _run_limited(limit: int, body: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", LIMITED + body, str(limit), *args],
                          capture_output=True, text=True, timeout=120, check=False, env=env())


@pytest.mark.parametrize("room", [0, 300_000, 1_500_000])
def test_cli_import_on_a_full_disk(tmp_path: Path, room: int) -> None:
    library = seed_library(tmp_path / "library.sqlite")
    folder = make_folder(tmp_path / "in", 3000)
    result = _run_limited(library.stat().st_size + room,
                          "from newsreader.cli import main\nsys.exit(main())",
                          "--library", str(library), "import", "--no-entities", str(folder))
    assert result.returncode == 1, result.stderr
    assert no_traceback(result), result.stderr
    assert "the disk is full" in result.stderr, result.stderr
    assert consistency_problems(library) == []
    assert seeded_problems(library) == []
    k = len(imported_numbers(library))
    assert imported_numbers(library) == list(range(k)) and k % 500 == 0 and k < 3000


def test_the_process_goes_on_and_writes_again_when_there_is_room(tmp_path: Path) -> None:
    """What the app lives through: a write fails, reads go on, later writes succeed."""
    library = seed_library(tmp_path / "library.sqlite")
    folder = make_folder(tmp_path / "in", 2000)
    body = """
import json, resource
from newsreader.core.errors import NewsreaderError
from newsreader.core.library import Library
out = {}
lib = Library(sys.argv[1])
try:
    lib.import_paths([sys.argv[2]])
    out["first"] = "saved"
except NewsreaderError as error:
    out["first"] = str(error)
out["in_transaction"] = lib._conn.in_transaction
out["count_during"] = lib.count()
out["search_during"] = len(lib.search("chip"))
resource.setrlimit(resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
lib.import_paths([sys.argv[2]])
lib.set_read([1, 2, 3])
out["count_after"] = lib.count()
lib.close()
print(json.dumps(out))
"""
    result = _run_limited(library.stat().st_size + 100_000, body, str(library), str(folder))
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["first"] != "saved" and "the disk is full" in out["first"]
    assert out["in_transaction"] is False
    assert out["count_during"] == SEEDED
    assert out["count_after"] == SEEDED + 2000
    assert consistency_problems(library) == []


def test_backup_on_a_full_disk_fails_cleanly(tmp_path: Path) -> None:
    library = seed_library(tmp_path / "library.sqlite")
    before = library.read_bytes()
    body = """
from newsreader.core.errors import LibraryError
from newsreader.core.store.backup import rolling_backup
try:
    rolling_backup(sys.argv[1])
except LibraryError as error:
    print("refused:", error)
"""
    result = _run_limited(library.stat().st_size // 2, body, str(library))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("refused: cannot write the backup"), result.stdout
    assert list((tmp_path / "backups").iterdir()) == []  # no half-written copy left
    assert library.read_bytes() == before


def test_restore_on_a_full_disk_leaves_the_library_in_place(tmp_path: Path) -> None:
    library = seed_library(tmp_path / "library.sqlite")
    body = """
from newsreader.core.errors import LibraryError
from newsreader.core.store.backup import restore
try:
    restore(sys.argv[1], sys.argv[2])
except LibraryError as error:
    print("refused:", error)
"""
    from newsreader.core.store.backup import rolling_backup

    saved = rolling_backup(library)
    with library.open("ab"):
        pass
    before = library.read_bytes()
    result = _run_limited(4096, body, str(saved), str(library))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("refused: cannot copy the backup"), result.stdout
    assert library.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backups", "library.sqlite"]
    assert article_count(library) == SEEDED
