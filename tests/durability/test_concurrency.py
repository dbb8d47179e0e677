"""Several processes on one library: writers take turns, a busy library is waited for."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsreader.core.store.locking import WriterLock

from .helpers import (
    CHILD,
    SEEDED,
    article_count,
    cli_args,
    consistency_problems,
    env,
    imported_numbers,
    make_folder,
    no_traceback,
    run_cli,
    seed_library,
    seeded_problems,
)


def _start_child(*args: str) -> subprocess.Popen[str]:
    child = subprocess.Popen([sys.executable, str(CHILD), *args], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=env())
    assert child.stdout is not None
    first = child.stdout.readline().strip()
    assert first in ("holding", "locked", "refused"), child.stderr.read()  # type: ignore[union-attr]
    child.first_line = first  # type: ignore[attr-defined]
    return child


def _finish(child: subprocess.Popen[str]) -> None:
    if child.poll() is None:
        child.kill()
    child.wait(timeout=30)
    for stream in (child.stdout, child.stderr):
        if stream is not None:
            stream.close()


def test_two_cli_imports_at_once_both_complete(tmp_path: Path) -> None:
    """Overlapping input on purpose: 2,000 articles are in both folders."""
    library = seed_library(tmp_path / "library.sqlite")
    first = make_folder(tmp_path / "a", 3000, start=0)
    second = make_folder(tmp_path / "b", 3000, start=1000)
    runs = [subprocess.Popen(cli_args(library, "import", "--no-entities", "--json", str(folder)),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env())
            for folder in (first, second)]
    results = []
    for run in runs:
        out, err = run.communicate(timeout=120)
        results.append((run.returncode, out, err))
    for code, _, err in results:
        assert code == 0, err
        assert "locked" not in err and "Traceback" not in err and "busy" not in err, err
    assert imported_numbers(library) == list(range(4000))
    assert article_count(library) == SEEDED + 4000
    assert consistency_problems(library) == []
    assert seeded_problems(library) == []


def test_cli_waits_for_a_writer_that_finishes(tmp_path: Path) -> None:
    library = seed_library(tmp_path / "library.sqlite")
    folder = make_folder(tmp_path / "in", 500)
    holder = _start_child("--hold", str(library), "2.0")
    try:
        started = time.monotonic()
        result = run_cli(library, "import", "--no-entities", str(folder))
        waited = time.monotonic() - started
    finally:
        _finish(holder)
    assert result.returncode == 0, result.stderr
    assert waited > 1.0  # it waited for the lock instead of failing at once
    assert article_count(library) == SEEDED + 500
    assert seeded_problems(library) == []  # the holder's uncommitted change was rolled back


@pytest.mark.slow  # waits out the 10 s busy timeout
def test_cli_gives_up_on_a_library_that_stays_locked(tmp_path: Path) -> None:
    library = seed_library(tmp_path / "library.sqlite")
    folder = make_folder(tmp_path / "in", 500)
    holder = _start_child("--hold", str(library), "30")
    try:
        started = time.monotonic()
        result = run_cli(library, "import", "--no-entities", str(folder), timeout=60)
        waited = time.monotonic() - started
    finally:
        _finish(holder)
    assert result.returncode == 1
    assert no_traceback(result), result.stderr
    assert "busy" in result.stderr and "another program" in result.stderr, result.stderr
    assert 8 < waited < 25
    assert article_count(library) == SEEDED
    assert consistency_problems(library) == []


def test_reads_go_on_while_another_process_writes(tmp_path: Path) -> None:
    library = seed_library(tmp_path / "library.sqlite")
    holder = _start_child("--hold", str(library), "5")
    try:
        started = time.monotonic()
        result = run_cli(library, "list", "--limit", "3")
        assert time.monotonic() - started < 4
    finally:
        _finish(holder)
    assert result.returncode == 0, result.stderr
    assert "Chip exports" in result.stdout


def test_writer_lock_one_window_at_a_time_and_freed_by_a_crash(tmp_path: Path) -> None:
    library = seed_library(tmp_path / "library.sqlite")
    holder = _start_child("--lock", str(library))
    try:
        assert holder.first_line == "locked"  # type: ignore[attr-defined]
        mine = WriterLock(library)
        assert not mine.acquire()
        assert mine.holder()["pid"] == holder.pid  # type: ignore[index]
        assert str(holder.pid) in mine.describe_holder()
        second = _start_child("--lock", str(library))
        assert second.first_line == "refused"  # type: ignore[attr-defined]
        _finish(second)
        # the CLI does not take the lock: it may import while a window is open
        result = run_cli(library, "import", "--no-entities",
                         str(make_folder(tmp_path / "in", 100)))
        assert result.returncode == 0, result.stderr
        os.kill(holder.pid, signal.SIGKILL)  # a crashed window
        holder.wait(timeout=10)
        assert mine.acquire()  # no stale lock: the kernel dropped it with the process
        assert mine.holder()["pid"] == os.getpid()  # type: ignore[index]
        other = WriterLock(library)
        assert not other.acquire()  # a second window of this very process is refused too
        mine.release()
        assert other.acquire()
        other.release()
    finally:
        _finish(holder)
