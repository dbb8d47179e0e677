"""Importing from the window: the Library's import, run in a worker."""

from __future__ import annotations

from typing import Any

from ..core.library import Library
from ..core.models import ImportReport
from .operations import LibraryOp
from .tasks import Task

MAX_LISTED_FAILURES = 200


def import_op(paths: list[str], **callbacks: Any) -> LibraryOp:
    """Import ``paths`` on the op's own connection; each committed batch is delivered (the
    list shows it, and its changes reach the window)."""

    def work(library: Library, task: Task) -> ImportReport:
        return library.import_paths(paths, progress=task.report_progress,
                                    should_cancel=lambda: task.cancelled,
                                    on_batch=lambda batch: task.deliver(batch.added))

    return LibraryOp("Import", work, label="Importing", **callbacks)


def report_text(report: ImportReport) -> tuple[str, str]:
    """A one-line summary, and the list of failures (empty when none) for details."""
    summary = f"Imported {report.added:,} article{'s' * (report.added != 1)}"
    if report.skipped:
        summary += f", skipped {report.skipped:,} already in the library"
    if report.failed:
        summary += f", {len(report.failed):,} could not be read"
    if report.cancelled:
        summary += " (cancelled)"
    lines = [f"{f.path}: {f.error}" for f in report.failed[:MAX_LISTED_FAILURES]]
    if len(report.failed) > MAX_LISTED_FAILURES:
        lines.append(f"… and {len(report.failed) - MAX_LISTED_FAILURES:,} more")
    return summary + ".", "\n".join(lines)
