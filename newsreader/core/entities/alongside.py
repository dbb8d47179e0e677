"""Extracting entities while something else keeps adding articles (a feed refresh).

A thread with its own connection extracts whatever is pending, again and again,
until told to stop; the refresh and the extraction then share the machine instead
of running one after the other. Each side writes in short transactions, and
SQLite's busy timeout lets them take turns.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from .engine import Engine

#: opens its own connection to the library at a path (the Library class: passed in, so
#: that this module, which the Library uses, does not import it back)
Opener = Callable[[Path], AbstractContextManager[Any]]

IDLE_WAIT_S = 0.2


class ExtractionAlongside:
    """``make_engine`` runs in the thread too: loading an engine takes seconds."""

    def __init__(self, library_path: Path, make_engine: Callable[[Any], Engine], *,
                 open_library: Opener) -> None:
        self._path, self._make_engine, self._open = library_path, make_engine, open_library
        self.engine: Engine | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="entities-alongside",
                                        daemon=True)
        self.done = 0
        self.error: BaseException | None = None

    def start(self) -> ExtractionAlongside:
        self._thread.start()
        return self

    def stop(self) -> int:
        """Stop after the batch in hand; what is still pending stays pending."""
        self._stop.set()
        self._thread.join()
        return self.done

    def _run(self) -> None:
        try:
            with self._open(self._path) as own:
                while not self._stop.is_set():
                    if not own.pending_entities():  # e.g. a refresh that is all 304s
                        self._stop.wait(IDLE_WAIT_S)
                        continue
                    if self.engine is None:  # loaded only once there is work
                        self.engine = self._make_engine(own)
                    self.done += own.extract_entities(self.engine,
                                                      should_cancel=self._stop.is_set)
        except BaseException as error:  # reported by the caller, which goes on without it
            self.error = error
