"""The command line and the search index: `newsreader index`, and keeping it in step.

A command that changed articles (import, feed refresh, edits, deletes) brings the search
index up to date before it ends, so that the window and the next `list QUERY` find the
new text at the index's speed. A library too big to index in passing (a first index of
more than :data:`INDEX_IN_PASSING` articles) is left to `newsreader index` or the window,
which build it in the background; searches use SQLite's own index meanwhile.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from .cli_support import Interrupt, print_json
from .core.library import Library
from .core.models import Changes
from .progress import TerminalProgress
from .terminal import say, warn

#: at most this many articles are (re)indexed at the end of a command without being asked
INDEX_IN_PASSING = 50_000


def add_parser(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = commands.add_parser(
        "index", parents=[common], help="build or update the search index",
        description="The search index beside the library (<library>.search) answers "
                    "searches of a million articles in milliseconds. It follows every "
                    "change by itself; this builds it now, with progress (Ctrl+C stops; "
                    "the next run resumes).")
    p.add_argument("--rebuild", action="store_true", help="throw it away and build it anew")
    p.add_argument("--status", action="store_true", help="only say how far behind it is")
    p.add_argument("--json", action="store_true", help="print the status as JSON")


def cmd_index(library: Library, args: argparse.Namespace) -> int:
    if not args.status:
        if args.rebuild:
            library.remove_search_index()
        report = _update(library, label="Indexing for search")
        if report is None:
            return 130
    status = library.search_index_status()
    if status is None:
        warn("a library in memory has no search index")
        return 1
    if args.json:
        print_json({"folder": str(status.folder), "exists": status.exists,
                    "behind": status.behind, "bytes": status.size})
    elif status.exists:
        say(f"Search index {status.folder}: {status.size_text}, "
            + ("up to date." if status.behind == 0
               else f"{status.behind:,} changes behind (`newsreader index` updates it)."))
    else:
        say(f"No search index yet: searches use SQLite's own index. "
            f"`newsreader index` builds it at {status.folder}.")
    return 0


def _update(library: Library, *, label: str) -> object | None:
    """Update with a progress bar; None when Ctrl+C stopped it (what is done is kept)."""
    bar = TerminalProgress(sys.stderr, label=label)
    with Interrupt() as stop:
        try:
            report = library.update_search_index(bar.update, stop.requested)
        finally:
            bar.finish()
    if report.skipped:
        warn(f"search index not updated: {report.skipped}")
    if report.cancelled:
        warn("search index: stopped; `newsreader index` goes on from here")
        return None
    return report


@contextmanager
def keeping_index(library: Library) -> Iterator[None]:
    """Run a command; if it changed articles, bring the search index up to date after."""
    heard: list[Changes] = []
    stop: Callable[[], None] = library.subscribe(heard.append)
    try:
        yield
    finally:
        stop()
    if not any(c.articles or c.details for c in heard) or library.read_only:
        return
    status = library.search_index_status()
    if status is None or (not status.exists and status.behind > INDEX_IN_PASSING):
        return
    if status.behind > 0:
        _update(library, label="Updating the search index")
