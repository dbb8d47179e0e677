"""Copies of one story in the window: one row per story (View ▸ Group copies), the
reader's "Also reported by" links, and reading that reads the whole story.

The list model does the grouping (``Library.iter_story_ids``); this part owns the
setting, opens the copy a link names, and says how reading marks articles. Starring
and tagging are not here: they act on the rows selected, which show the copy the
user chose.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, QSettings, Slot

from ..core.library import Library
from ..core.models import Article
from .article_model import ArticleListModel, copy_label
from .article_view import ArticleTableView
from .dialogs import read_bool

#: QSettings key: the list shows one row per story (on unless the user turned it off)
GROUP_COPIES = "list/group_copies"


class StoriesController(QObject):
    def __init__(self, library: Library, model: ArticleListModel, table: ArticleTableView,
                 settings: QSettings, *, open_article: Callable[[int], None],
                 reader_article: Callable[[], int | None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._library = library
        self._model = model
        self._table = table
        self._settings = settings
        self._open_article = open_article
        self._reader_article = reader_article
        #: the article read while the list is read again in the other grouping
        self._reselect: int | None = None
        model.set_grouped(read_bool(settings, GROUP_COPIES, True))
        model.loaded.connect(self._on_listed)

    @property
    def grouped(self) -> bool:
        return self._model.grouped

    @Slot(bool)
    def set_grouped(self, grouped: bool) -> None:
        """View ▸ Group copies: one row per story, or a row for every copy (remembered)."""
        self._settings.setValue(GROUP_COPIES, grouped)
        self._reselect = self._reader_article()
        self._model.set_grouped(grouped)

    @Slot()
    def _on_listed(self) -> None:
        """After Group copies changed: the article being read is selected again, on its
        own row or on its story's."""
        article_id, self._reselect = self._reselect, None
        if article_id is not None and not self._table.selectionModel().hasSelection():
            row = self.row_for(article_id)
            if row is not None:
                self._table.select_row(row, centre=True)

    def copies_of(self, article: Article) -> Sequence[tuple[int, str]]:
        """The other copies of an article's story for the reader: (id, where from)."""
        if article.story_size < 2:
            return []
        return [(copy.id, copy_label(copy)) for copy in self._library.copies(article.id)]

    def set_read(self, ids: list[int], read: bool, *, whole_story: bool) -> None:
        """Mark articles read or unread; ``whole_story``: every copy of their stories too
        (reading one copy reads the story; M on a row of the grouped list marks its story)."""
        if not ids:
            return
        if whole_story:
            self._library.set_story_read(ids, read)
        else:
            self._library.set_read(ids, read)

    def row_for(self, article_id: int) -> int | None:
        """The row that shows an article: its own, or in the grouped list its story's,
        which then shows this copy (an article to select, from a link or a restart)."""
        row = self._model.row_of(article_id)
        if row is not None or not self._model.grouped:
            return row
        others = self._model.rows_of([copy.id for copy in self._library.copies(article_id)])
        if not others:
            return None
        row = min(others.values())
        self._model.show_copy(row, article_id)
        return row

    @Slot(int)
    def on_copy_clicked(self, article_id: int) -> None:
        """A copy named under "Also reported by": select its row when the list has one;
        else the row of the story open now shows that copy (so a star or a tag goes to
        it); else the reader alone shows it."""
        row = self._model.row_of(article_id)
        if row is not None:
            self._table.select_row(row, centre=True)
            return
        current = self._table.single_selected_row()
        if current is not None and self._model.article_id(current) == self._reader_article():
            self._model.show_copy(current, article_id)
        self._open_article(article_id)
