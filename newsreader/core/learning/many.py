"""Training many collections at once, on this process and a worker process together.

Fitting the models is most of a learning run (on Reuters-21578, 90 collections over
7,723 stories: 6 of its 10 CPU seconds, three SVM fits per collection), and each
collection's fit is independent of the others'. So a big run hands the work to a second
core: a worker process (``workers.process_pool``: spawned, it ends with this process) is
started before the articles are read, so its import of scikit-learn overlaps the
reading; it gets the feature vectors once and then trains the collections from the
front of the list, chunk by chunk, while this process trains them from the back, taking
only the chunks the worker has not started yet. Progress and cancel are checked between
collections here and while waiting for the worker; a cancelled run stops the worker.

The two sides train with the same seed, so a collection's model is the same whichever
side trained it. A small run (the tests, a handful of collections) is trained here
alone: starting a worker costs about a second of CPU. If the worker dies, what it was
to train is trained here (``workers.with_fallback``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np
import scipy.sparse as sp

from ..workers import process_pool, spawn_context, stop_pool, with_fallback
from .training import CollectionModel, train

#: a run trains on two cores from this many (rows x collections) on
TWO_CORES_FROM = 200_000
#: collections handed to the worker at a time
CHUNK = 4
#: seconds between progress and cancel checks while waiting for the worker
POLL = 0.1

#: (model, or None and why not) per collection
Outcome = tuple[CollectionModel | None, str]


@dataclass(frozen=True, slots=True)
class Job:
    """One collection to train: its stories and its rejections among the articles."""

    name: str
    stories: frozenset[int]
    refused: frozenset[int]


@dataclass(frozen=True, slots=True)
class Helper:
    """The worker, and a flag per chunk of collections shared with it: whoever sets a
    chunk's flag first (under its lock) trains it. (Flags rather than cancelling the
    worker's queued work: Python 3.11's pool fails on a cancelled job when a worker dies.)"""

    pool: ProcessPoolExecutor
    taken: Any  # multiprocessing Array of bytes, one per chunk


@contextmanager
def helper_for(rows: int, collections: int) -> Iterator[Helper | None]:
    """A worker to share a run of this size (see above), or None; started on entering,
    so that it gets ready while the articles are read, and stopped on leaving."""
    if rows * collections < TWO_CORES_FROM or collections < 2 * CHUNK or (os.cpu_count() or 1) < 2:
        yield None
        return
    taken = spawn_context().Array("b", -(-collections // CHUNK))
    pool = process_pool(1, initializer=_ready, initargs=(taken,))
    try:
        yield Helper(pool, taken)
    finally:
        stop_pool(pool)


def train_all(vectors: sp.csr_matrix, rows: np.ndarray, jobs: Sequence[Job], library_size: int,
              seed: int, step: Callable[[int, int, str], None],
              helper: Helper | None = None) -> list[Outcome]:
    """Train each job's collection; with a ``helper`` (``helper_for``), on two cores.
    ``step(done, total, label)`` is called between collections (it may raise to cancel)."""
    if helper is None:
        return [_each(vectors, rows, job, library_size, seed, step, n, len(jobs))
                for n, job in enumerate(jobs)]
    return _shared(vectors, rows, jobs, library_size, seed, step, helper)


def _each(vectors: sp.csr_matrix, rows: np.ndarray, job: Job, library_size: int, seed: int,
          step: Callable[[int, int, str], None], done: int, total: int) -> Outcome:
    step(done, total, f"Learning {job.name}")
    return train_collection(vectors, rows, job, library_size, seed)


def _shared(vectors: sp.csr_matrix, rows: np.ndarray, jobs: Sequence[Job], library_size: int,
            seed: int, step: Callable[[int, int, str], None],
            helper: Helper) -> list[Outcome]:
    chunks = [list(jobs[at:at + CHUNK]) for at in range(0, len(jobs), CHUNK)]
    outcomes: list[list[Outcome] | None] = [None] * len(chunks)
    done = 0

    def here(n: int) -> list[Outcome]:
        nonlocal done
        found = []
        for job in chunks[n]:
            found.append(_each(vectors, rows, job, library_size, seed, step, done, len(jobs)))
            done += 1
        return found

    def handed() -> list[Future[list[Outcome] | None]]:
        helper.pool.submit(_receive, vectors, rows, library_size, seed)
        return [helper.pool.submit(_train_chunk, n, chunk) for n, chunk in enumerate(chunks)]

    futures = with_fallback(handed, lambda: [])
    if not futures:  # the worker could not start: all of it here
        return [outcome for n in range(len(chunks)) for outcome in here(n)]
    for n in reversed(range(len(chunks))):
        if not _take(helper.taken, n):  # the worker has begun this one: the rest is its
            break
        outcomes[n] = here(n)
    waiting = {futures[n]: n for n in range(len(chunks)) if outcomes[n] is None}
    while waiting:
        step(done, len(jobs), "Learning")
        finished, _ = wait(waiting, timeout=POLL, return_when=FIRST_COMPLETED)
        for future in finished:
            n = waiting.pop(future)
            outcomes[n] = with_fallback(future.result, partial(here, n))
            done += len(chunks[n])
    return [outcome for chunk in outcomes if chunk is not None for outcome in chunk]


def _take(taken: Any, n: int) -> bool:
    """Whether this side may train chunk ``n`` (no one had taken it)."""
    with taken.get_lock():
        if taken[n]:
            return False
        taken[n] = 1
        return True


def train_collection(vectors: sp.csr_matrix, rows: np.ndarray, job: Job, library_size: int,
                     seed: int) -> Outcome:
    """One collection's model over these rows of the library, or None and why not."""
    positive = np.isin(rows, np.fromiter(job.stories, dtype=np.int64))
    rejected = np.isin(rows, np.fromiter(job.refused, dtype=np.int64)) & ~positive
    if not positive.any():
        return None, "it has no stories yet; add a few and it learns from them"
    if positive.all() or library_size <= len(job.stories):
        return None, ("every article of the library is in it, so there is nothing to learn "
                      "against yet")
    return train(vectors, positive, rejected, seed=seed), ""


# -- in the worker -------------------------------------------------------------------------
#: what ``_receive`` was given: the vectors, their rows, the library's size and the seed
_given: tuple[sp.csr_matrix, np.ndarray, int, int] | None = None
#: the flags of the chunks (``Helper.taken``)
_taken: Any = None


def _ready(taken: Any) -> None:
    """Keep the flags. (Naming this function made the worker import this module, and
    scikit-learn with it, now, while the parent reads the articles.)"""
    global _taken
    _taken = taken


def _receive(vectors: sp.csr_matrix, rows: np.ndarray, library_size: int, seed: int) -> None:
    global _given
    _given = (vectors, rows, library_size, seed)


def _train_chunk(n: int, jobs: list[Job]) -> list[Outcome] | None:
    """Chunk ``n``'s models, or None if the parent took it."""
    assert _given is not None, "_receive comes first (one worker, in order)"
    if not _take(_taken, n):
        return None
    vectors, rows, library_size, seed = _given
    return [train_collection(vectors, rows, job, library_size, seed) for job in jobs]
