"""A big learning run trains on two cores (core/learning/many.py): through ``tag learn``
on a real library file, the models are the same as trained in one process; a worker that
dies leaves its share to this process; a cancelled run stops the worker.

The run here is small, so the size from which a worker helps is lowered to nothing."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
from pathlib import Path

import pytest

from newsreader.cli import main
from newsreader.core.learning import many
from newsreader.core.library import Library
from newsreader.core.workers import process_pool

from ...learning_corpus import write_stories

SUBJECTS = ["chips", "oil", "football"]


@pytest.fixture
def library(tmp_path: Path, capsys) -> Path:
    path = tmp_path / "lib.sqlite"
    source = write_stories(tmp_path / "stories.jsonl", 12,
                           tagged={"chips": 6, "oil": 8, "football": 5})
    assert main(["--library", str(path), "import", "--no-entities", str(source)]) == 0
    capsys.readouterr()
    return path


def _models(path: Path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT t.name, m.threshold, m.intercept, m.feature_ids, m.weights "
                            "FROM tag_models m JOIN tags t ON t.id = m.tag_id "
                            "ORDER BY t.name").fetchall()
    finally:
        conn.close()


def _learn(path: Path, capsys) -> str:
    code = main(["--library", str(path), "tag", "learn", *SUBJECTS])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


@pytest.fixture
def helped(monkeypatch) -> list[int]:
    """Every run gets a worker, one collection per chunk; the list counts the workers."""
    started: list[int] = []

    def counted(*args, **kwargs):
        started.append(1)
        return process_pool(*args, **kwargs)

    monkeypatch.setattr(many, "TWO_CORES_FROM", 0)
    monkeypatch.setattr(many, "CHUNK", 1)
    monkeypatch.setattr(many, "process_pool", counted)
    return started


def test_two_cores_train_the_same_models_as_one(library: Path, tmp_path: Path, capsys,
                                                 monkeypatch, helped) -> None:
    alone = tmp_path / "alone.sqlite"
    alone.write_bytes(library.read_bytes())
    out = _learn(library, capsys)
    assert helped == [1]
    assert "'oil' learned from 8 stories" in out
    monkeypatch.setattr(many, "TWO_CORES_FROM", 10**12)
    _learn(alone, capsys)
    assert helped == [1]  # no worker the second time
    assert len(_models(library)) == 3
    assert _models(library) == _models(alone)


def test_a_worker_that_dies_leaves_its_share_here(library: Path, capsys, monkeypatch,
                                                  helped) -> None:
    # a worker that exits as it starts: every chunk handed to it comes back as a broken pool
    monkeypatch.setattr(many, "process_pool",
                        lambda *a, **k: process_pool(1, initializer=os._exit, initargs=(3,)))
    out = _learn(library, capsys)
    assert all(f"'{name}' learned" in out for name in SUBJECTS)
    assert len(_models(library)) == 3


def test_cancelling_a_two_core_run_stops_the_worker(library: Path, helped) -> None:
    before = set(multiprocessing.active_children())  # other tests' pools are not this one's
    opened = Library(library)
    try:
        opened.set_learning(SUBJECTS)
        labels: list[str] = []

        def progress(done: int, total: int, label: str) -> None:
            labels.append(label)

        report = opened.learn(progress=progress,
                              should_cancel=lambda: any(x.startswith("Learning") for x in labels))
    finally:
        opened.close()
    assert report.cancelled and not report.trained
    assert helped == [1]
    assert _models(library) == []
    assert not [p for p in multiprocessing.active_children()
                if p.is_alive() and p not in before]
