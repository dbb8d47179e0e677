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
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.connection import wait
from typing import Any


def spawn_context() -> Any:
    """The one way this app starts processes (see the module's note)."""
    return multiprocessing.get_context("spawn")


def process_pool(max_workers: int = 1, initializer: Callable[..., None] | None = None,
                 initargs: tuple[Any, ...] = ()) -> ProcessPoolExecutor:
    """A pool of spawned workers that exit with this process; ``initializer(*initargs)``
    runs once in each worker, after it started watching its parent."""
    return ProcessPoolExecutor(max_workers=max_workers, mp_context=spawn_context(),
                               initializer=_start_worker, initargs=(initializer, initargs))


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
