"""Extraction beside other work: the next batch is found while the last one is stored.

A background engine (``submit_rows``) hands back the rows ready to store, found and
linked in its worker process; the calling process never loads spaCy.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from newsreader.core.entities.engines import make_engine
from newsreader.core.entities.extraction import PendingRows, spans_for
from newsreader.core.entities.rules import PARALLEL_FROM, RulesEngine
from newsreader.core.entities.watchlist import WatchlistMatcher
from newsreader.core.entities.worker import WorkerEngine
from newsreader.core.library import Library
from tests.core.entities.test_rules import PARAGRAPHS

from ...conftest import draft


def _import_paragraphs(library: Library, count: int) -> None:
    n = len(PARAGRAPHS)
    library.import_drafts([draft(i, body_text=f"{PARAGRAPHS[i % n]} ({i})") for i in range(count)])


def _all_mentions(library: Library, count: int) -> list[list[tuple[int, int, str, str]]]:
    return [[(m.start, m.end, m.text, m.label) for m in library.mentions(i)]
            for i in range(1, count + 1)]


class RecordingEngine:
    """Finds nothing; records when batches are submitted, so the order can be checked."""

    name = "recording"
    batch_hint = 3

    def __init__(self, events: list[str]) -> None:
        self.events = events

    def extract(self, texts: Sequence[str]) -> list[list]:
        return [[] for _ in texts]

    def submit_rows(self, texts: Sequence[str], watch: WatchlistMatcher) -> PendingRows:
        self.events.append(f"submit {len(texts)}")
        return PendingRows(done=[spans_for(t, [], watch) for t in texts])


def test_next_batch_is_submitted_before_the_last_is_stored(library: Library) -> None:
    _import_paragraphs(library, 8)
    events: list[str] = []
    done = library.extract_entities(RecordingEngine(events),
                                    on_batch=lambda ids: events.append(f"stored {len(ids)}"))
    assert done == 8 and library.pending_entities() == 0
    assert events == ["submit 3", "submit 3", "stored 3", "submit 2", "stored 3", "stored 2"]


def test_cancel_drops_the_batch_in_flight(library: Library) -> None:
    _import_paragraphs(library, 8)
    events: list[str] = []
    done = library.extract_entities(RecordingEngine(events),
                                    on_batch=lambda ids: events.append("stored"),
                                    should_cancel=lambda: "stored" in events)
    assert done == 3 and library.pending_entities() == 5  # the second batch stays pending
    assert events == ["submit 3", "submit 3", "stored"]


def test_worker_rows_match_extraction_in_one_process(library: Library, tmp_path: Path) -> None:
    count = 60
    _import_paragraphs(library, count)
    library.add_watch_term("Samsung Electronics", "ORG")
    library.extract_entities(make_engine("rules"))
    expected = _all_mentions(library, count)
    assert sum(map(len, expected)) > count  # the paragraphs are full of entities

    other = Library(tmp_path / "other.sqlite")
    try:
        _import_paragraphs(other, count)
        other.add_watch_term("Samsung Electronics", "ORG")
        engine = WorkerEngine("rules")
        try:
            assert other.extract_entities(engine) == count
            assert engine._executor is not None  # the batches went to the worker
        finally:
            engine.close()
        assert _all_mentions(other, count) == expected
    finally:
        other.close()


def test_a_killed_worker_costs_nothing_but_time() -> None:
    """The rules engine's own pool (``processes=2``, batches from PARALLEL_FROM texts)."""
    n = len(PARAGRAPHS)
    texts = [f"{PARAGRAPHS[i % n]} ({i})" for i in range(PARALLEL_FROM)]
    watch = WatchlistMatcher([])
    expected = RulesEngine().submit_rows(texts, watch).result()
    engine = RulesEngine(processes=2)
    try:
        assert engine.submit_rows(texts, watch).result() == expected
        assert engine._pool is not None
        _kill_workers_then_check(engine, engine._pool._executor, texts, watch, expected)
    finally:
        engine.close()


def _kill_workers_then_check(engine, executor, texts, watch, expected) -> None:
    for worker in list(executor._processes.values()):
        with contextlib.suppress(ProcessLookupError):  # the pool may have ended it already
            os.kill(worker.pid, signal.SIGKILL)
        worker.join(timeout=30)
    assert engine.submit_rows(texts, watch).result() == expected  # done here instead
    assert engine.submit_rows(texts, watch).result() == expected  # by a new worker


def test_the_refresh_process_never_loads_spacy(tmp_path: Path) -> None:
    """The background engine's process only reads texts and stores rows."""
    code = """
import sys
from newsreader.core.library import Library
from tests.conftest import draft
library = Library(sys.argv[1])
library.set_entity_engine("rules")
library.import_drafts([draft(n, body_text=f"Samsung opened a plant in Texas, report {n}.")
                       for n in range(1, 30)])
found = library.extract_entities(library.background_engine())
print(found, library.pending_entities(), "spacy" in sys.modules,
      {m.text for m in library.mentions(1)} >= {"Samsung", "Texas"})
"""
    root = Path(__file__).resolve().parents[3]
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path / "lib.sqlite")],
                            capture_output=True, text=True, cwd=root, timeout=120,
                            env={**os.environ, "PYTHONPATH": str(root)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["29", "0", "False", "True"]


def test_a_worker_engine_survives_its_worker_being_killed() -> None:
    texts = [f"{p} ({i})" for i, p in enumerate(PARAGRAPHS)]
    watch = WatchlistMatcher([])
    expected = RulesEngine().submit_rows(texts, watch).result()
    engine = WorkerEngine("rules")
    try:
        assert engine.submit_rows(texts, watch).result() == expected
        assert engine.extract(texts[:3]) == RulesEngine().extract(texts[:3])
        assert engine._executor is not None
        _kill_workers_then_check(engine, engine._executor, texts, watch, expected)
    finally:
        engine.close()
