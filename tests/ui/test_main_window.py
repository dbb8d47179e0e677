"""The window lists the library's articles through a lazy model."""

from __future__ import annotations

from pathlib import Path

from newsreader.core.library import Library
from newsreader.ui.article_model import PAGE_SIZE, ArticleTableModel
from newsreader.ui.main_window import MainWindow

from ..conftest import draft


def test_model_passes_qt_model_tester(qtmodeltester, library: Library) -> None:
    library.import_drafts([draft(n) for n in range(5)])
    model = ArticleTableModel(library)
    qtmodeltester.check(model)


def test_model_fetches_pages_as_the_view_asks(library: Library) -> None:
    library.import_drafts([draft(n) for n in range(PAGE_SIZE + 50)])
    model = ArticleTableModel(library)
    assert model.rowCount() == PAGE_SIZE
    from PySide6.QtCore import QModelIndex

    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == PAGE_SIZE + 50
    assert not model.canFetchMore(QModelIndex())


def test_window_lists_articles(qtbot, library: Library, tmp_path: Path) -> None:
    library.import_drafts([draft(1, title="Chip curbs widen")])
    window = MainWindow(library)
    qtbot.addWidget(window)
    window.show()
    assert window.model.index(0, 0).data() == "Chip curbs widen"
    shot = tmp_path / "shot.png"
    assert window.grab().save(str(shot)) and shot.stat().st_size > 0
