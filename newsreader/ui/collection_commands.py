"""Undoable collection changes: each command does its change through the Library and
knows how to put the library back exactly (notes and manual order included). The
Library announces what each do and undo changed; the views follow from that."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QUndoCommand

from ..core.library import Library
from ..core.models import TagChange, TagSnapshot


class TagArticles(QUndoCommand):
    """Add articles to, or take them out of, one collection."""

    def __init__(self, library: Library, name: str, ids: Sequence[int], *, remove: bool) -> None:
        verb = "Remove from" if remove else "Add to"
        super().__init__(f"{verb} “{name}” ({len(ids):,})")
        self._library, self._name, self._ids = library, name, list(ids)
        self._remove = remove
        self._change: TagChange | None = None

    def redo(self) -> None:
        """Overrides Qt: (re)do the change and remember exactly what it did."""
        if self._remove:
            self._change = self._library.remove_tag(self._name, self._ids)
        else:
            self._change = self._library.add_tag(self._name, self._ids)

    def undo(self) -> None:
        """Overrides Qt."""
        if self._change is not None:
            self._library.undo_tag_change(self._change)


class ReshapeCollections(QUndoCommand):
    """Rename, merge, delete, recolour, describe, reorder or annotate: any change to whole
    collections, undone by restoring snapshots of the collections it touched."""

    def __init__(self, library: Library, text: str, touched: Sequence[str],
                 action: Callable[[], object], *, creates: str | None = None) -> None:
        super().__init__(text)
        self._library, self._touched, self._action = library, list(touched), action
        self._creates = creates
        self._before: list[TagSnapshot] = []

    def redo(self) -> None:
        """Overrides Qt."""
        self._before = [self._library.tag_snapshot(name) for name in self._touched]
        self._action()

    def undo(self) -> None:
        """Overrides Qt: drop what the action created, put the touched collections back."""
        drop = [self._creates] if self._creates else []
        self._library.restore_tag(*self._before, drop=drop)
