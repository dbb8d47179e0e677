"""Worker processes that never outlive the program that started them.

Every process the app or the CLI starts (entity extraction, the import parser, the
feed parser) is *spawned*, never forked: a fork would copy the open SQLite
connections into the child, which SQLite forbids (sqlite.org, "How To Corrupt An
SQLite Database File", 2.6), and the window has threads a fork cannot copy.

A worker must also end when its parent ends in any way, SIGKILL included: a parent
that is killed runs no clean-up, and a spaCy worker left behind holds ~150 MB for
nothing. Each worker therefore watches its parent's *sentinel* (a pipe the parent
holds open, which the kernel closes when the parent dies) on a thread of its own and
exits at once when it closes.

The work given to workers can always be done here too (more slowly, or holding the
GIL): when a worker dies (killed, out of memory) the job in hand is done in this
process instead (:func:`with_fallback`, :func:`run_in_worker`, :func:`submit_chunks`).
The import parser is the exception: it streams its batches, so its death ends the
import with an IngestError (``ingest.importer``).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures import wait as futures_wait
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.connection import wait
from typing import Any, Generic, TypeVar


def spawn_context() -> Any:
    """The one way this app starts processes (see the module's note)."""
    return multiprocessing.get_context("spawn")


def process_pool(max_workers: int = 1, initializer: Callable[..., None] | None = None,
                 initargs: tuple[Any, ...] = ()) -> ProcessPoolExecutor:
    """A pool of spawned workers that exit with this process; ``initializer(*initargs)``
    runs once in each worker, after it started watching its parent."""
    return ProcessPoolExecutor(max_workers=max_workers, mp_context=spawn_context(),
                               initializer=_start_worker, initargs=(initializer, initargs))


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """End a pool now: queued work is dropped and running workers are terminated rather
    than waited for (a spaCy worker may be minutes into a chunk; Ctrl+C must not wait)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())  # no API for them
    # Work already handed to the pipe will never be read: its feeder thread may be blocked
    # writing it, and Python 3.11.2 joins that thread at exit (the command hung after
    # Ctrl+C). Queued data is dropped on purpose, so it must not be waited for.
    call_queue = getattr(pool, "_call_queue", None)
    if call_queue is not None:
        call_queue.cancel_join_thread()
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(5)


def _start_worker(initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
    exit_with_parent()
    if initializer is not None:
        initializer(*initargs)


def exit_with_parent() -> None:
    """In a spawned process: exit as soon as the process that started it is gone.

    Call first thing in the process (a pool's initializer, a Process target).
    """
    parent = multiprocessing.parent_process()
    sentinel = getattr(parent, "sentinel", None)
    if sentinel is None:  # not a spawned child (called in the main process): nothing to watch
        return

    def watch() -> None:
        wait([sentinel])
        os._exit(1)  # no clean-up to run: the work was for a parent that is gone

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


# -- work that can also be done here: one way to fall back when a worker dies ----------

T = TypeVar("T")


def with_fallback(work: Callable[[], T], fallback: Callable[[], T]) -> T:
    """``work()``, which hands its job to worker processes; if one of them died
    (killed, out of memory: its pool is broken), ``fallback()`` does the job here.

    The one place the app handles a dead worker. A fallback that keeps a pool also
    closes it, so the next job starts a new one (``WorkerEngine``, ``RulesEngine``).
    """
    try:
        return work()
    except BrokenProcessPool:
        return fallback()


def run_in_worker(executor: Executor, fn: Callable[..., T], *args: Any,
                  fallback: Callable[[], T], **kwargs: Any) -> T:
    """``fn(*args, **kwargs)`` in one of the executor's workers, waited for; ``fallback()``
    here if a worker died."""
    return with_fallback(lambda: executor.submit(fn, *args, **kwargs).result(), fallback)


def submit_chunks(executor: Executor, fn: Callable[..., list[T]], items: Sequence[Any],
                  chunk: int, *args: Any, fallback: Callable[[], list[T]]) -> Pending[T]:
    """Start ``fn(items[i:i + chunk], *args)`` for each chunk in the executor's workers;
    the joined results come from :meth:`Pending.result`. If a worker dies, now or
    later, ``fallback()`` gives the whole result here."""
    return with_fallback(
        lambda: Pending([executor.submit(fn, list(items[at:at + chunk]), *args)
                         for at in range(0, len(items), chunk)], fallback),
        lambda: Pending(done=fallback()))


class Pending(Generic[T]):
    """A result being computed by workers, a list per future joined in order (or
    known already: ``done``); ``fallback`` computes it here if a worker dies."""

    def __init__(self, futures: Sequence[Future[list[T]]] = (),
                 fallback: Callable[[], list[T]] | None = None, *,
                 done: list[T] | None = None) -> None:
        self._futures, self._fallback, self._done = futures, fallback, done

    def wait(self, cancelled: Callable[[], bool], every: float = 0.2) -> bool:
        """Wait for the result while ``cancelled()`` is false; False when it turned true
        first (the futures not started are dropped). A stop asked for mid-batch (Ctrl+C,
        SIGTERM) is then heard within ``every`` seconds, not after a batch of spaCy work
        that takes half a minute on a busy machine."""
        waiting = [f for f in self._futures if not f.done()]
        while self._done is None and waiting:
            if cancelled():
                for future in waiting:
                    future.cancel()
                return False
            waiting = list(futures_wait(waiting, timeout=every).not_done)
        return True

    def result(self) -> list[T]:
        if self._done is None:
            self._done = with_fallback(
                lambda: [found for future in self._futures for found in future.result()],
                self._broken)
        return self._done

    def _broken(self) -> list[T]:
        if self._fallback is None:
            raise BrokenProcessPool("a worker died and there is no fallback")
        return self._fallback()
