"""workers: spawned processes, and the one way work falls back here when one dies."""

from __future__ import annotations

import ast
import os
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

import newsreader
from newsreader.core import workers
from newsreader.core.workers import Pending, process_pool, run_in_worker, submit_chunks, with_fallback

PACKAGE = Path(newsreader.__file__).parent


def _double(items: list[int]) -> list[int]:
    return [2 * i for i in items]


def _die(*_args: object) -> list[int]:
    os._exit(1)  # a worker killed mid-job


def _broken() -> list[int]:
    raise BrokenProcessPool("a worker died")


def test_with_fallback_only_for_a_dead_worker() -> None:
    assert with_fallback(lambda: 1, lambda: 2) == 1
    assert with_fallback(_broken, lambda: [2]) == [2]
    with pytest.raises(ValueError):  # the job's own errors are the job's
        with_fallback(lambda: int("x"), lambda: 2)


def test_a_worker_that_dies_hands_the_job_back() -> None:
    pool = process_pool(1)
    try:
        assert run_in_worker(pool, _double, [1, 2], fallback=lambda: []) == [2, 4]
        assert run_in_worker(pool, _die, [1], fallback=lambda: ["here"]) == ["here"]
        # the pool is broken now: what is submitted to it is done here at once
        pending = submit_chunks(pool, _double, [1, 2, 3], 2, fallback=lambda: [0])
        assert pending.result() == [0]
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def test_chunks_are_joined_in_order() -> None:
    pool = process_pool(2)
    try:
        pending = submit_chunks(pool, _double, list(range(7)), 3, fallback=lambda: [])
        assert pending.result() == [0, 2, 4, 6, 8, 10, 12]
    finally:
        pool.shutdown(wait=True)


def test_pending_falls_back_when_a_future_breaks() -> None:
    broken: Future[list[int]] = Future()
    broken.set_exception(BrokenProcessPool("a worker died"))
    fine: Future[list[int]] = Future()
    fine.set_result([1])
    assert Pending([fine, broken], lambda: [9, 9]).result() == [9, 9]
    assert Pending([fine], lambda: [9]).result() == [1]
    assert Pending(done=[5]).result() == [5]
    with pytest.raises(BrokenProcessPool):
        Pending([broken]).result()


def test_only_workers_handles_a_dead_worker() -> None:
    """One mechanism: no other module catches BrokenProcessPool itself."""
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == Path(workers.__file__):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
        names |= {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
        names |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                  for alias in node.names}
        if "BrokenProcessPool" in names:
            offenders.append(str(path.relative_to(PACKAGE)))
    assert offenders == []
