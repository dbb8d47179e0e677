"""Entity work for the window, run in workers on their own connections."""

from __future__ import annotations

import gc
from typing import Any

from ..core.library import Library
from ..core.models import EntityCount
from ..core.query import Query
from .operations import LibraryOp
from .tasks import Task

TOP_ENTITIES = 80


def extraction_op(*, rerun: bool = False, **callbacks: Any) -> LibraryOp:
    """Find entities for pending articles (all of them again with ``rerun``), batch by batch;
    each committed batch's ids are delivered (the reader shows them as they come)."""

    def work(library: Library, task: Task) -> int:
        if rerun:
            library.reset_entities()
        # The rules engine works in a worker process: Python work in a thread of the
        # window's process would make every query of the window wait for the GIL
        # (measured, 20,000 articles: a list page took 155 ms instead of 3 ms).
        engine = library.background_engine()
        # An engine loaded here (spaCy) lives as long as the app: keep it out of the
        # garbage collector's full passes, which otherwise pause the window
        # (measured: pauses of ~230 ms, nine in a 6,000-article run, most of them gone).
        gc.freeze()
        return library.extract_entities(engine, progress=task.report_progress,
                                        should_cancel=lambda: task.cancelled,
                                        on_batch=task.deliver)

    return LibraryOp("Finding entities", work, label="Finding entities", **callbacks)


def top_entities_op(query: Query, **callbacks: Any) -> LibraryOp:
    """The entities most articles of a list mention (a scan of their mentions)."""

    def work(library: Library, _task: Task) -> tuple[Query, list[EntityCount]]:
        return query, library.top_entities(query, limit=TOP_ENTITIES)

    return LibraryOp("Counting entities", work, **callbacks)
