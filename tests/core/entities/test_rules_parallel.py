"""The rules engine on both cores: same spans as one process, workers gone when done."""

from __future__ import annotations

import multiprocessing

from newsreader.core.entities import rules
from newsreader.core.entities.engines import make_engine
from newsreader.core.entities.rules import RulesEngine
from tests.core.entities.test_rules import PARAGRAPHS


def test_batch_hint_follows_processes() -> None:
    assert RulesEngine().batch_hint == rules.BATCH_HINT
    assert RulesEngine(processes=2).batch_hint == rules.BATCH_HINT_PARALLEL >= rules.PARALLEL_FROM


def test_make_engine_passes_processes() -> None:
    assert make_engine("rules", processes=2).processes == 2
    assert make_engine("rules").processes == 1


def test_small_batches_stay_in_process() -> None:
    engine = RulesEngine(processes=2)
    engine.extract(list(PARAGRAPHS))
    assert engine._pool is None


def test_big_batch_uses_workers_and_matches_one_process() -> None:
    n = len(PARAGRAPHS)
    texts = [
        f"{PARAGRAPHS[i % n]} {PARAGRAPHS[i * 7 % n]} ({i})" for i in range(rules.PARALLEL_FROM + 7)
    ]
    texts[3] = ""
    expected = RulesEngine().extract(texts)
    engine = RulesEngine(processes=2)
    try:
        assert engine.extract(texts) == expected
        pool = engine._pool
        assert pool is not None
        workers = list(pool._executor._processes.values())
        assert len(workers) == 2 and all(w.is_alive() for w in workers)
        assert engine.extract(texts[::-1]) == expected[::-1]  # the pool is reused
        assert engine._pool is pool
    finally:
        engine.close()
    assert engine._pool is None
    assert not any(w.is_alive() for w in workers)
    assert not [p for p in multiprocessing.active_children() if p in workers]
