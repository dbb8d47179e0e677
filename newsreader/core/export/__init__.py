"""Exporting a collection, a search or a selection: folder, digest, JSON, CSV, citations.

``export(library, target, format=...)`` writes one of:

* ``folder``: ``target`` becomes a folder with one Markdown file per article
  (YAML front matter with every field, the body as Markdown paragraphs) and an
  ``index.md`` listing the stories in order. It imports back without loss:
  ``Library(empty).import_paths([target])`` recreates the articles, their tags,
  collection notes and order, their own notes and read/starred state.
* ``digest``: one Markdown file to read or share - title, description,
  contents, then every story (heading, metadata, notes, body or summary).
* ``json`` / ``csv``: one file for scripts and spreadsheets (see :mod:`.tabular`).
* ``csl-json`` / ``bibtex`` / ``ris``: citations for a reference manager or
  ``pandoc --citeproc`` (see :mod:`.citations`).

Every format but ``folder`` can also be written to an open binary stream (standard
output) instead of a path. Dates are ISO 8601 in every format (see :mod:`.dates`).

Whatever happens - an error, a cancel, a full or read-only disk - the previous
export at ``target`` stays intact and no half-written file is left (see
:mod:`.atomic`); only what this app wrote there is ever replaced, unless asked
(``force``, see :mod:`.ownership`); file names are safe on every system whatever
the titles (see :mod:`.names`).
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import IO, TYPE_CHECKING

from ..errors import ExportError, ExportOverwriteError
from ..models import CollectionInfo, ExportResult
from . import citations, tabular
from . import markdown as md
from .atomic import atomic_file, atomic_folder
from .names import ARTICLE_NAME_BYTES, NameAllocator, UnsafePathError, default_target
from .ownership import MANIFEST, conflicts, read_manifest
from .source import ExportItem

if TYPE_CHECKING:
    from .source import Source as Library  # what export() asks of the Library it is given

__all__ = ["FORMATS", "ExportError", "ExportOverwriteError", "ExportResult", "UnsafePathError",
           "conflicts", "default_target", "export", "is_previous_export"]

FORMATS = ("folder", "digest", "json", "csv", "csl-json", "bibtex", "ris")
#: the writers of the one-file formats but the digest: writer(handle, items, step)
_WRITERS = {"json": tabular.write_json, "csv": tabular.write_csv,
            "csl-json": citations.write_csl_json, "bibtex": citations.write_bibtex,
            "ris": citations.write_ris}
#: How a folder export's index and stories link to each other: Markdown links, or
#: Obsidian's wikilinks.
LINKS = ("markdown", "wiki")
#: progress(done, total): articles written so far, of all to export.
Progress = Callable[[int, int], None]


class _Cancelled(Exception):
    pass


def is_previous_export(folder: Path) -> bool:
    """True when ``folder`` holds a Newsreader folder export (its manifest or its index.md
    says so)."""
    if read_manifest(Path(folder)) is not None:
        return True
    index = Path(folder) / md.INDEX_NAME
    try:
        if index.is_symlink() or not index.is_file():
            return False
        fd = os.open(index, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with open(fd, "rb") as handle:
            head = handle.read(64 * 1024)
    except OSError:
        return False
    return head.startswith(b"---\n") and f"\nnewsreader: {md.EXPORT_INDEX}\n".encode() in head


def export(library: Library, target: str | os.PathLike[str] | IO[bytes], *, format: str,
           collection: str | None = None, query: str | None = None,
           ids: Sequence[int] | None = None, progress: Progress | None = None,
           should_cancel: Callable[[], bool] | None = None,
           full_text: bool = True, force: bool = False,
           with_suggested: bool = False, excel: bool = False, memo: bool = False,
           links: str = "markdown", timeline: bool = False) -> ExportResult:
    """Export a collection (in its order), a search (newest first) or the given ids.

    ``progress(done, total)`` hears of every article; ``should_cancel()`` is
    asked before each one, and a cancel leaves the previous export as it was
    (``ExportResult.cancelled``). ``full_text=False`` puts each story's first
    paragraph instead of its whole body in a digest; ``memo`` makes the digest a brief
    (each story's headline, source, date and first paragraph), ``timeline`` shows its
    stories per week as a picture (an inline SVG). ``links="wiki"`` links a
    folder's index and stories with Obsidian's wikilinks. Suggested tags, not yet accepted,
    are left out unless ``with_suggested`` (a collection then ends with its suggested
    articles, each saying so). ``excel`` writes a CSV as Excel opens it (with a BOM).
    ``target`` may be an open binary stream (standard output) for every format but
    ``folder``; it is written as the export goes, and is neither closed nor replaced.
    Raises ExportError/UnsafePathError when ``target`` cannot be written safely
    (a symbolic link, a non-empty folder that is not a previous export, a full or
    read-only disk ...), ExportOverwriteError when it holds files this app did not
    write (or that were changed since) and ``force`` is not given.
    """
    if format not in FORMATS:
        raise ValueError(f"unknown export format {format!r} (one of {', '.join(FORMATS)})")
    if links not in LINKS:
        raise ValueError(f"unknown kind of links {links!r} (one of {', '.join(LINKS)})")
    stream: IO[bytes] | None = None
    if not isinstance(target, (str, os.PathLike)):
        if format == "folder":
            raise ExportError("a folder export cannot go to standard output; give a folder "
                              "with --to, or choose a one-file format")
        stream, target = target, "-"
    target = Path(target)
    chosen, items = library.export_items(collection=collection, query=query, ids=ids,
                                         with_suggested=with_suggested)
    total = len(chosen)
    info = library.collection_info(collection) if collection is not None else None
    title = info.name if info else (f"Search: {query}" if query is not None
                                    else "Selected stories")
    done = 0
    cancelled = should_cancel or (lambda: False)

    def guarded(source: Iterable[ExportItem]) -> Iterator[ExportItem]:
        nonlocal done
        for item in source:
            if cancelled():
                raise _Cancelled
            yield item
            done += 1
            if progress is not None:
                progress(done, total)

    if progress is not None:
        progress(0, total)
    try:
        if format == "folder":
            _folder(library, target, guarded(items), total, title, info, query, force, links)
        elif format == "digest":
            with _one_file(stream or target, force) as handle:
                _digest(handle, guarded(items), title, info, query, full_text, cancelled,
                        memo, timeline)
        else:
            writer = partial(tabular.write_csv, excel=excel) if format == "csv" else \
                _WRITERS[format]
            with _one_file(stream or target, force) as handle:
                writer(handle, guarded(items), lambda n: None)
    except _Cancelled:
        return ExportResult(target, done, True)
    except OSError as error:
        if stream is not None and isinstance(error, BrokenPipeError):
            raise  # the reader of the stream went away (`... --to - | head`)
        raise ExportError(_disk_problem(target, error)) from error
    return ExportResult(target, done, False)


_DISK_FULL = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}


def _disk_problem(target: Path, error: OSError) -> str:
    """One line for an export the disk refused; what was there before is untouched."""
    if error.errno in _DISK_FULL:
        reason = "the disk is full"
    elif error.errno == errno.EROFS:
        reason = "the disk is read-only"
    elif error.errno in (errno.EACCES, errno.EPERM):
        reason = "permission denied"
    else:
        reason = error.strerror or str(error)
    return f"cannot write the export to {target}: {reason}; nothing there was changed"


def _folder(library: Library, target: Path, items: Iterable[ExportItem], total: int,
            title: str, info: CollectionInfo | None, query: str | None, force: bool,
            links: str) -> None:
    collection = info.name if info else None
    width = max(3, len(str(total)))
    entries: list[str] = []
    index_link = md.file_link(md.INDEX_NAME, title, links)
    with atomic_folder(target, is_previous_export, force=force) as writer:
        names = NameAllocator(reserved=(md.INDEX_NAME, MANIFEST, *writer.kept))
        for n, item in enumerate(items, start=1):
            position = item.position if item.position is not None else n
            # without the characters that end an Obsidian link: [[001 Title]] works
            stem = _LINK_BREAKING.sub("_", item.article.title)
            name = names.allocate(f"{position:0{width}d} {stem}", max_bytes=ARTICLE_NAME_BYTES)
            collections = library.collections_of(item.article.id)
            writer.write_text(name, md.article_file(item, collection, collections, index_link))
            entries.append(md.index_entry(n, item, name, links))
        writer.write_text(md.INDEX_NAME, md.index_text(title, info, query, entries))


@contextmanager
def _one_file(target: Path | IO[bytes], force: bool) -> Iterator[IO[bytes]]:
    """A one-file export's handle: a file swapped in at the end, or the stream given."""
    if isinstance(target, Path):
        with atomic_file(target, force=force) as handle:
            yield handle
    else:
        yield target
        target.flush()


_LINK_BREAKING = re.compile(r"[#^\[\]|]")


def _digest(handle: IO[bytes], items: Iterable[ExportItem], title: str,
            info: CollectionInfo | None, query: str | None, full_text: bool,
            cancelled: Callable[[], bool], memo: bool, timeline: bool) -> None:
    gathered = list(items)  # the contents come first, so every title is needed up front

    def step(_: int) -> None:
        if cancelled():
            raise _Cancelled

    md.write_digest(lambda text: handle.write(text.encode("utf-8")), title, info, query,
                    gathered, full_text=full_text, step=step, memo=memo, timeline=timeline)
