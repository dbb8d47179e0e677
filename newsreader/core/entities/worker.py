"""Any engine in one worker process, for extraction beside other work.

Python work in a thread makes every other thread of its process wait for the GIL
after each SQLite call (a window's list page took 155 ms instead of 3 ms while a
thread read articles). So background extraction runs its engine, whichever it is,
in one spawned process that finds and links the mentions; the caller's thread only
stores them, and hands over the next batch before storing the last.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor

from ..store.mentions import SpanRow
from ..workers import process_pool, submit_chunks
from .engine import Engine, Span
from .extraction import PendingRows, spans_for
from .watchlist import WatchlistMatcher

#: texts per future: small enough that the results of a batch arrive steadily
CHUNK = 250


class WorkerEngine:
    """``kind`` "rules" or "spacy" (with ``model``), loaded in the worker when it starts."""

    batch_hint = 1_000

    def __init__(self, kind: str, model: str | None = None) -> None:
        self.kind, self.model = kind, model
        self.name = f"spacy:{model}" if kind == "spacy" else "rules"
        self._executor: ProcessPoolExecutor | None = None
        self._local: Engine | None = None

    def extract(self, texts: Sequence[str]) -> list[list[Span]]:
        def here() -> list[list[Span]]:
            self.close()  # the worker died (killed?): this batch here, the next in a new one
            return self._here().extract(texts)

        return submit_chunks(self._pool(), _extract_in_worker, texts, CHUNK,
                             fallback=here).result()

    def submit_rows(self, texts: Sequence[str], watch: WatchlistMatcher) -> PendingRows:
        def here() -> list[list[SpanRow]]:
            self.close()
            found = self._here().extract(texts)
            return [spans_for(t, s, watch) for t, s in zip(texts, found, strict=True)]

        return submit_chunks(self._pool(), _rows_in_worker, texts, CHUNK, watch, fallback=here)

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._executor = process_pool(1, initializer=_load, initargs=(self.kind, self.model))
            weakref.finalize(self, self._executor.shutdown, wait=True, cancel_futures=True)
        return self._executor

    def _here(self) -> Engine:
        if self._local is None:
            from .engines import make_engine

            self._local = make_engine(self.kind, self.model)
        return self._local


_engine: Engine | None = None


def _load(kind: str, model: str | None) -> None:
    """In the worker: load the engine once."""
    global _engine
    from .engines import make_engine

    _engine = make_engine(kind, model)


def _extract_in_worker(texts: list[str]) -> list[list[Span]]:
    assert _engine is not None
    return _engine.extract(texts)


def _rows_in_worker(texts: list[str], watch: WatchlistMatcher) -> list[list[SpanRow]]:
    assert _engine is not None
    return [spans_for(t, s, watch) for t, s in zip(texts, _engine.extract(texts), strict=True)]
