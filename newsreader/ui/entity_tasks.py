"""Entity work for the window, run in workers on their own connections."""

from __future__ import annotations

import gc

from ..core.entities.service import EntityCount
from ..core.library import Library
from .tasks import Task

TOP_ENTITIES = 80


def make_extraction_task(library: Library, *, rerun: bool = False) -> Task:
    """Find entities for pending articles (all of them again with ``rerun``), batch by batch;
    each committed batch's ids are delivered so the reader can refresh."""

    def work(task: Task) -> int:
        with library.reopen() as own:
            if rerun:
                own.reset_entities()
            # The rules engine works in a worker process: Python work in a thread of the
            # window's process would make every query of the window wait for the GIL
            # (measured, 20,000 articles: a list page took 155 ms instead of 3 ms).
            engine = own.background_engine()
            # An engine loaded here (spaCy) lives as long as the app: keep it out of the
            # garbage collector's full passes, which otherwise pause the window
            # (measured: pauses of ~230 ms, nine in a 6,000-article run, most of them gone).
            gc.freeze()
            return own.extract_entities(
                engine, progress=task.report_progress,
                should_cancel=lambda: task.cancelled, on_batch=task.deliver)

    return Task(work, name="Finding entities")


def make_top_entities_task(library: Library, query: str) -> Task:
    """The entities most articles of a list mention (a scan of their mentions)."""

    def work(_task: Task) -> tuple[str, list[EntityCount]]:
        with library.reopen() as own:
            return query, own.top_entities(query or None, limit=TOP_ENTITIES)

    return Task(work, name="Counting entities")
