"""Errors a user can cause. Each carries a one-line message fit to show as is."""

from __future__ import annotations

from pathlib import Path


class NewsreaderError(Exception):
    """Base for every error the UI and CLI turn into a clear message."""


class LibraryError(NewsreaderError):
    """The library file cannot be opened or written as asked."""


class LibraryBusyError(LibraryError):
    """Another program held the library's write lock for longer than we wait."""


class NoLibraryError(LibraryError):
    """No library file at the path given: a read never creates one (a mistyped
    ``--library`` would otherwise open a new, empty library and show nothing)."""

    def __init__(self, path: Path, hint: str = "") -> None:
        super().__init__(f"no library at {path}" + (f" ({hint})" if hint else ""))
        self.path = path


class NewerLibraryError(LibraryError):
    """The library was written by a newer app: it may be read, never changed."""


class CorruptLibraryError(LibraryError):
    """The library file is damaged (fails SQLite's checks, or was truncated).

    ``damaged`` is where the damaged file is now (set aside, never overwritten or
    deleted); ``backup`` is the newest good backup to restore, or None.
    """

    def __init__(self, message: str, *, damaged: Path | None = None,
                 backup: Path | None = None) -> None:
        super().__init__(message)
        self.damaged = damaged
        self.backup = backup


class IngestError(NewsreaderError):
    """One input file cannot be turned into articles."""


class QueryError(NewsreaderError):
    """A search query the user typed cannot be understood."""


class NotFoundError(NewsreaderError):
    """An article id (or other key) that is not in the library."""


class ExportError(NewsreaderError):
    """The export cannot be written where asked (the reason is in the message)."""


class ExportOverwriteError(ExportError):
    """The target holds files Newsreader did not write (or that changed since): nothing
    was written; ``paths`` names them."""

    def __init__(self, message: str, paths: list[Path]) -> None:
        super().__init__(message)
        self.paths = paths
