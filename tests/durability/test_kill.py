"""SIGKILL a real import (and the tag changes and entity run after it) at random moments.

Each run copies a library seeded with tagged, annotated articles, starts a real
process on it and kills it with SIGKILL at a random moment, then checks:

* the file is sound: integrity_check, foreign_key_check, the FTS index;
* everything written before the run is still there;
* every batch is wholly there or wholly absent: the imported articles are exactly
  the first N of the input, N a whole number of batches, and N is what the child
  reported as committed, or one batch more (committed, killed before it could
  say so); likewise for the tag transactions and the entity batches;
* the library opens normally afterwards and the import can be finished.

Half the moments are uniform over the run, half fall between two consecutive
commits (chosen uniformly among them) so that each phase is hit. Default run:
5 kills of the worker (one among the import, tag and entity commits each, two
anywhere) + 2 of the real CLI import; ``--slow``: 60 + 20. The seed is printed
with the figures; NEWSREADER_KILL_SEED picks another.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from newsreader.core.ingest.importer import BATCH_SIZE
from newsreader.core.opening import open_for_use
from newsreader.core.store.connection import checkpoint

from .helpers import (
    CHILD,
    SEEDED,
    article_count,
    cli_args,
    connect_plain,
    consistency_problems,
    copy_library,
    env,
    imported_numbers,
    make_folder,
    seed_library,
    seeded_problems,
)

TOTAL = 4000
TAG_CHUNK = 50
SEED = int(os.environ.get("NEWSREADER_KILL_SEED", "20261124"))


@dataclass
class Calibration:
    times: list[float]  # seconds from start to each output line of an uninterrupted run
    lines: list[str]
    cli_seconds: float


@dataclass
class Tally:
    runs: int = 0
    failures: list[str] = field(default_factory=list)
    phases: Counter = field(default_factory=Counter)


@pytest.fixture(scope="module")
def workload(tmp_path_factory: pytest.TempPathFactory):
    base = tmp_path_factory.mktemp("kill")
    template = seed_library(base / "template.sqlite")
    folder = make_folder(base / "input", TOTAL)
    times, lines = _run_child(template, folder, base / "calibrate.sqlite", None)
    assert lines[-1] == "done", lines[-5:]
    start = time.monotonic()
    subprocess.run(cli_args(copy_library(template, base / "cli.sqlite"), "import",
                            "--no-entities", str(folder)), check=True, capture_output=True, env=env())
    return template, folder, Calibration(times, lines, time.monotonic() - start)


def _run_child(template: Path, folder: Path, library: Path,
               kill: tuple[int, float] | None) -> tuple[list[float], list[str]]:
    """Run the worker; ``kill`` = (after its line n, this many seconds later) or None.

    n = 0 counts from the start of the process.
    """
    copy_library(template, library)
    lines: list[str] = []
    times: list[float] = []
    seen = threading.Event()
    start = time.monotonic()
    child = subprocess.Popen([sys.executable, str(CHILD), str(library), str(folder)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env())

    def read() -> None:
        assert child.stdout is not None
        for line in child.stdout:
            times.append(time.monotonic() - start)
            lines.append(line.strip())
            if kill is not None and len(lines) >= kill[0]:
                seen.set()
        seen.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    if kill is not None:
        if kill[0] > 0:
            seen.wait(timeout=120)
        time.sleep(kill[1])
        child.send_signal(signal.SIGKILL)
    child.wait(timeout=120)
    reader.join(timeout=10)
    assert child.stderr is not None
    err = child.stderr.read()
    child.stderr.close()
    child.stdout.close()  # type: ignore[union-attr]
    if kill is None and child.returncode != 0:
        raise AssertionError(f"worker failed: {err}")
    return times, lines


def _kill_moment(rng: random.Random, cal: Calibration, kind: str | None = None) -> tuple[int, float]:
    """(after line n, delay): uniform over the run, or between two commits (the
    commit reported on line n+1 is of ``kind`` when given), timed from the worker's
    own report of the earlier one so that machine speed does not matter."""
    if kind is None and rng.random() < 0.5:
        return 0, rng.uniform(0.0, cal.times[-1])
    choices = [n for n, line in enumerate(cal.lines) if kind is None or line.startswith(kind + " ")]
    n = rng.choice(choices)  # between line n-1 and line n (0-based)
    low = cal.times[n - 1] if n else 0.0
    return n, rng.uniform(0.0, (cal.times[n] - low) * 1.1)


def _last(lines: list[str], kind: str) -> int:
    values = [int(line.split()[1]) for line in lines if line.startswith(kind + " ")]
    return values[-1] if values else 0


def _phase(lines: list[str]) -> str:
    if not lines:
        return "start-up"
    last = lines[-1].split()[0]
    return {"open": "import", "import": "import" if _last(lines, "import") < TOTAL else "tag",
            "tag": "tag" if _last(lines, "tag") < TOTAL + SEEDED else "entities",
            "entities": "entities", "done": "after the end"}[last]


def _check_child_run(library: Path, folder: Path, lines: list[str]) -> list[str]:
    problems = consistency_problems(library)
    if problems:
        return problems  # nothing below is meaningful on a damaged file
    problems += seeded_problems(library)
    numbers = imported_numbers(library)
    k = len(numbers)
    if numbers != list(range(k)):
        problems.append(f"imported articles are not the first {k} of the input")
    said = _last(lines, "import")
    if k not in (said, min(said + BATCH_SIZE, TOTAL)) or (k % BATCH_SIZE and k != TOTAL):
        problems.append(f"{k} articles imported; the worker had reported {said} committed")
    conn = connect_plain(library)
    try:
        ids = [row[0] for row in conn.execute("SELECT id FROM articles ORDER BY id")]
        tagged = [row[0] for row in conn.execute(
            "SELECT article_id FROM article_tags JOIN tags ON tags.id = tag_id "
            "WHERE tags.name = 'during' ORDER BY article_id")]
        said = _last(lines, "tag")
        if tagged != ids[:len(tagged)] or len(tagged) not in (said, min(said + TAG_CHUNK, len(ids))):
            problems.append(f"{len(tagged)} articles tagged; the worker had reported {said}")
        done = [row[0] for row in conn.execute(
            "SELECT id FROM articles WHERE entities_engine IS NOT NULL ORDER BY id")]
        said = _last(lines, "entities")
        if done != ids[:len(done)] or len(done) < said:
            problems.append(f"entities stored for {len(done)} articles; reported {said}")
        orphans = conn.execute(
            "SELECT count(*) FROM mentions JOIN articles ON articles.id = mentions.article_id "
            "WHERE articles.entities_engine IS NULL").fetchone()[0]
        if orphans:
            problems.append(f"{orphans} mentions of articles whose extraction never committed")
        bad = conn.execute(
            'SELECT count(*) FROM mentions JOIN articles ON articles.id = mentions.article_id '
            'WHERE mentions.start < 0 OR mentions."end" > length(articles.body_text) '
            'OR mentions.start >= mentions."end"').fetchone()[0]
        if bad:
            problems.append(f"{bad} mentions with offsets outside their article")
    finally:
        conn.close()
    return problems + _reopen_problems(library, folder)


def _reopen_problems(library: Path, folder: Path) -> list[str]:
    """The library opens as usual afterwards and the interrupted import can be finished."""
    try:
        lib, _ = open_for_use(library)
    except Exception as error:  # noqa: BLE001 - any failure here is the finding
        return [f"cannot reopen: {type(error).__name__}: {error}"]
    try:
        lib.import_paths([folder])
        if lib.count() != SEEDED + TOTAL:
            return [f"after finishing the import {lib.count()} articles, not {SEEDED + TOTAL}"]
    finally:
        lib.close()
    return []


def _kill_child_runs(workload, tmp_path: Path, kinds: list[str | None], tally: Tally,
                     rng: random.Random) -> None:
    template, folder, cal = workload
    for n, kind in enumerate(kinds):
        library = tmp_path / f"child-{n}" / "library.sqlite"
        moment = _kill_moment(rng, cal, kind)
        _, lines = _run_child(template, folder, library, moment)
        phase = _phase(lines)
        tally.runs += 1
        tally.phases[phase] += 1
        problems = _check_child_run(library, folder, lines)
        if problems:
            tally.failures.append(f"worker killed {moment[1]:.3f}s after line {moment[0]} "
                                  f"({phase}): {problems}")


def _kill_cli_runs(workload, tmp_path: Path, runs: int, tally: Tally, rng: random.Random) -> None:
    template, folder, cal = workload
    for n in range(runs):
        library = copy_library(template, tmp_path / f"cli-{n}" / "library.sqlite")
        moment = rng.uniform(0.1, cal.cli_seconds)
        child = subprocess.Popen(cli_args(library, "import", "--no-entities", str(folder)),
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env())
        time.sleep(moment)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
        tally.runs += 1
        tally.phases["cli import"] += 1
        problems = consistency_problems(library)
        if not problems:
            problems += seeded_problems(library)
            k = len(imported_numbers(library))
            if imported_numbers(library) != list(range(k)) or (k % BATCH_SIZE and k != TOTAL):
                problems.append(f"{k} articles imported: not whole batches")
            problems += _reopen_problems(library, folder)
        if problems:
            tally.failures.append(f"CLI killed at {moment:.3f}s: {problems}")


def _report(capsys: pytest.CaptureFixture[str], label: str, tally: Tally) -> None:
    phases = ", ".join(f"{name} {count}" for name, count in sorted(tally.phases.items()))
    with capsys.disabled():
        print(f"\n[kill test, {label}] {tally.runs} SIGKILLs, {len(tally.failures)} failures "
              f"(seed {SEED}; killed during: {phases})")
        for failure in tally.failures:
            print("  " + failure)


def test_sigkill_at_random_moments(workload, tmp_path: Path, capsys) -> None:
    rng = random.Random(SEED)
    tally = Tally()
    # one kill inside each phase's commits, two anywhere
    _kill_child_runs(workload, tmp_path, ["import", "tag", "entities", None, None], tally, rng)
    _kill_cli_runs(workload, tmp_path, 2, tally, rng)
    _report(capsys, "default", tally)
    assert tally.failures == []


@pytest.mark.slow
def test_sigkill_at_random_moments_many(workload, tmp_path: Path, capsys) -> None:
    rng = random.Random(SEED + 1)
    tally = Tally()
    _kill_child_runs(workload, tmp_path, [None] * 60, tally, rng)
    _kill_cli_runs(workload, tmp_path, 20, tally, rng)
    _report(capsys, "slow", tally)
    assert tally.failures == []


def test_wal_stays_bounded_during_a_long_import(tmp_path: Path) -> None:
    """Automatic checkpoints keep the log near one batch + 4 MB while the file grows;
    checkpoint() empties it after the import even with the connection still open."""
    library = seed_library(tmp_path / "library.sqlite")
    folder = make_folder(tmp_path / "input", 12_000)
    child = subprocess.Popen(cli_args(library, "import", "--no-entities", str(folder)),
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env())
    wal = library.with_name(library.name + "-wal")
    largest = 0
    while child.poll() is None:
        try:
            largest = max(largest, wal.stat().st_size)
        except FileNotFoundError:
            pass
        time.sleep(0.005)
    assert child.returncode == 0, child.stderr.read()  # type: ignore[union-attr]
    child.stderr.close()  # type: ignore[union-attr]
    size = library.stat().st_size
    assert article_count(library) == SEEDED + 12_000
    # one batch (2,000 small articles, ~5 MB) plus checkpoint lag: bounded, not growing
    assert largest < 12 * 2**20, f"WAL reached {largest} bytes for a {size}-byte library"
    assert not wal.exists() or wal.stat().st_size == 0  # the last close folded it back

    lib, _ = open_for_use(library)
    try:
        lib.import_paths([make_folder(tmp_path / "more", 2000, prefix="m")])
        assert wal.stat().st_size > 0
        assert checkpoint(library)
        assert wal.stat().st_size == 0
        assert lib.count() == SEEDED + 14_000
    finally:
        lib.close()
