"""Importing from the window: the Library's import, run in a worker."""

from __future__ import annotations

from ..core.library import Library
from ..core.models import ImportReport
from .tasks import Task

MAX_LISTED_FAILURES = 200


def make_import_task(library: Library, paths: list[str]) -> Task:
    """A task that imports on its own connection and delivers each committed batch."""

    def work(task: Task) -> ImportReport:
        with library.reopen() as own:
            return own.import_paths(
                paths,
                progress=task.report_progress,
                should_cancel=lambda: task.cancelled,
                on_batch=lambda batch: task.deliver(batch.added),
            )

    return Task(work, name="Import")


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
