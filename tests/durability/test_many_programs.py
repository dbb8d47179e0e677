"""One library, many programs: the window's Library beside CLI commands, the sqlite shell,
sqlite-utils and Datasette, in any order; every committed write of each stays in the file.

The window is played by a long-lived Library in this process (as the app holds it),
with the short connections its background tasks open (``reopen()``); everything else
is a real program in a subprocess.
"""

from __future__ import annotations

import json
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from newsreader.core.errors import LibraryError
from newsreader.core.ingest.draft import ArticleDraft
from newsreader.core.library import Library
from newsreader.core.opening import open_for_use
from newsreader.core.store.connection import check_is_sqlite
from newsreader.core.store.integrity import header_problem

from .helpers import article, connect_plain, consistency_problems, env, run_cli

BIN = Path(sys.executable).parent


def _tags_seen_by_a_new_process(path: Path) -> set[str]:
    """The collections a program started now finds in the file (not this process's cache)."""
    code = ("import sqlite3, sys, json; c = sqlite3.connect(sys.argv[1]); "
            "print(json.dumps([r[0] for r in c.execute('SELECT name FROM tags')]))")
    result = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                            text=True, check=True, timeout=60)
    return set(json.loads(result.stdout))


def _stocked(path: Path, count: int = 6) -> Library:
    library, _ = open_for_use(path)
    library.import_drafts([ArticleDraft(**article(i, "m")) for i in range(count)])
    return library


def test_the_reported_sequence_loses_nothing(tmp_path: Path) -> None:
    """The issue's steps: the window open, one `show --json` beside it, then writes from
    both sides; before the fix the window's tags never reached the file."""
    path = tmp_path / "library.sqlite"
    window = _stocked(path)
    try:
        window.add_tag("window 1", [1, 2])
        window.reopen().close()  # a background task of the window
        assert run_cli(path, "show", "1", "--json").returncode == 0
        window.reopen().close()
        window.add_tag("window 2", [3])
        window.set_starred([4])
        listed = run_cli(path, "tag", "list", "--json")
        assert {t["name"] for t in json.loads(listed.stdout)} == {"window 1", "window 2"}
        assert run_cli(path, "tag", "add", "cli", "5").returncode == 0
        assert {t.name for t in window.tags()} == {"window 1", "window 2", "cli"}
        window.add_tag("window 3", [6])
    finally:
        window.close()
    assert _tags_seen_by_a_new_process(path) == {"window 1", "window 2", "window 3", "cli"}
    conn = connect_plain(path)
    try:
        assert conn.execute("SELECT is_starred FROM articles WHERE id = 4").fetchone()[0] == 1
    finally:
        conn.close()
    assert consistency_problems(path) == []


def test_reading_the_file_here_does_not_drop_the_windows_locks(tmp_path: Path) -> None:
    """Regression: the header checks opened and closed the file in the process that held
    it open, which drops every POSIX lock the process has on it. Another program closing
    its connection then thought it was the last, and deleted the log still in use."""
    path = tmp_path / "library.sqlite"
    window = _stocked(path, 2)
    try:
        check_is_sqlite(path)
        assert header_problem(path) is None
        window.reopen().close()
        other = subprocess.run(
            [sys.executable, "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
             "c.execute('SELECT count(*) FROM articles').fetchone(); c.close()", str(path)],
            check=True, timeout=60)
        assert other.returncode == 0
        assert path.with_name(path.name + "-wal").exists(), "the log in use was deleted"
        window.add_tag("after the other program", [1])
        assert window.files_problem() is None
        assert _tags_seen_by_a_new_process(path) == {"after the other program"}
    finally:
        window.close()


def test_an_hour_of_use_side_by_side_in_short(tmp_path: Path) -> None:
    """Window writes, task connections, CLI readers and writers, the sqlite shell's kind
    of raw SQL and sqlite-utils, interleaved: each sees the others' writes as they land."""
    path = tmp_path / "library.sqlite"
    window = _stocked(path, 12)
    expected: set[str] = set()
    try:
        for round_no in range(4):
            window.add_tag(f"window {round_no}", [1 + round_no])
            expected.add(f"window {round_no}")
            with window.reopen() as task:  # a background task writing too
                task.add_tag(f"task {round_no}", [2 + round_no])
                expected.add(f"task {round_no}")
            listed = run_cli(path, "list", "--json", "--limit", "100")
            assert listed.returncode == 0, listed.stderr
            assert run_cli(path, "tag", "add", f"cli {round_no}", str(3 + round_no)).returncode == 0
            expected.add(f"cli {round_no}")
            raw = subprocess.run(
                [sys.executable, "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
                 "c.execute('PRAGMA busy_timeout = 10000'); "
                 "c.execute('UPDATE articles SET note = ? WHERE id = ?', (sys.argv[2], 7)); "
                 "c.commit(); c.close()", str(path), f"raw note {round_no}"],
                check=True, timeout=60)
            assert raw.returncode == 0
            utils = subprocess.run(
                [str(BIN / "sqlite-utils"), "query", str(path),
                 "select count(*) as n from article_tags"],
                capture_output=True, text=True, timeout=60)
            assert utils.returncode == 0, utils.stderr
            assert json.loads(utils.stdout)[0]["n"] == len(expected)  # one link per collection
            assert {t.name for t in window.tags()} == expected  # the window sees the CLI's
            assert window.article(7).note == f"raw note {round_no}"
            window.add_tag(f"late {round_no}", [8])
            expected.add(f"late {round_no}")
    finally:
        window.close()
    assert _tags_seen_by_a_new_process(path) == expected
    assert consistency_problems(path) == []


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_datasette_reads_beside_the_window(tmp_path: Path) -> None:
    if not (BIN / "datasette").exists():
        pytest.skip("datasette is not installed (it is in the test extra)")
    path = tmp_path / "library.sqlite"
    window = _stocked(path, 3)
    port = _free_port()
    server = subprocess.Popen([str(BIN / "datasette"), "serve", str(path), "-p", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env())
    try:
        url = f"http://127.0.0.1:{port}/library/tags.json?_shape=array"
        names: list[str] | None = None
        for _ in range(100):
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    names = [row["name"] for row in json.load(response)]
                break
            except OSError:
                time.sleep(0.1)
        assert names == [], "datasette did not start"
        window.add_tag("seen by datasette", [1])
        with urllib.request.urlopen(url, timeout=5) as response:
            assert [row["name"] for row in json.load(response)] == ["seen by datasette"]
        assert run_cli(path, "tag", "add", "from the cli", "2").returncode == 0
        with urllib.request.urlopen(url, timeout=5) as response:
            assert {row["name"] for row in json.load(response)} == {"seen by datasette",
                                                                   "from the cli"}
    finally:
        server.terminate()
        server.wait(timeout=30)
        assert server.stderr is not None
        server.stderr.close()
    window.add_tag("after datasette", [3])
    assert window.files_problem() is None
    window.close()
    assert _tags_seen_by_a_new_process(path) == {"seen by datasette", "from the cli",
                                                 "after datasette"}


def test_a_deleted_log_stops_writes_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    window = _stocked(path, 2)
    try:
        window.add_tag("kept", [1])
        path.with_name(path.name + "-wal").unlink()  # someone "cleaned up" the folder
        problem = window.files_problem()
        assert problem is not None and "log file" in problem and "-wal" in problem
        with pytest.raises(LibraryError, match="log file"):
            window.add_tag("lost", [2])
    finally:
        window.close()


def test_a_replaced_library_file_stops_writes(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    window = _stocked(path, 2)
    try:
        moved = tmp_path / "moved.sqlite"
        path.rename(moved)
        with pytest.raises(LibraryError, match="moved, replaced or deleted"):
            window.set_starred([1])
    finally:
        window.close()


def test_changes_made_elsewhere_are_noticed(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    window = _stocked(path, 2)
    try:
        window.changed_elsewhere()  # the baseline
        assert not window.changed_elsewhere()
        window.add_tag("own", [1])  # the connection's own writes are not "elsewhere"
        assert not window.changed_elsewhere()
        assert run_cli(path, "tag", "add", "cli", "2").returncode == 0
        assert window.changed_elsewhere()
        assert not window.changed_elsewhere()
    finally:
        window.close()


def test_sqlite_refuses_nothing_after_many_short_connections(tmp_path: Path) -> None:
    """A hundred task connections opened and closed beside the window's: no lock lost."""
    path = tmp_path / "library.sqlite"
    window = _stocked(path, 2)
    try:
        for _ in range(100):
            window.reopen().close()
        conn = sqlite3.connect(path)  # another program's connection, closed at once
        conn.execute("SELECT 1 FROM articles").fetchone()
        conn.close()
        assert window.files_problem() is None
    finally:
        window.close()
