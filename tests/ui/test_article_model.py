"""The lazy article model: ids streamed by a worker, rows fetched by page."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from newsreader.core.library import Library
from newsreader.ui.article_model import (
    PAGE_ROWS,
    PUBLISHED,
    SOURCE,
    STAR,
    TITLE,
    ArticleListModel,
    View,
    relevance_view,
)

from ..conftest import draft


def load(qtbot, model: ArticleListModel, view: View) -> None:
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        model.set_view(view)


@pytest.fixture
def model(qtbot, library: Library) -> ArticleListModel:
    library.import_drafts([draft(n, source=f"Source {n % 3}") for n in range(1, 351)])
    model = ArticleListModel(library)
    load(qtbot, model, View())
    return model


def test_model_passes_qt_model_tester(qtmodeltester, model: ArticleListModel) -> None:
    qtmodeltester.check(model)


def test_all_ids_arrive_and_rows_are_fetched_by_page(model: ArticleListModel) -> None:
    assert model.rowCount() == 350 and model.complete
    last = model.index(349, TITLE).data()
    assert last.startswith("Story number")
    assert len(model._pages) == 1  # only the page of that row was fetched
    assert model.article_row(0).id == model.article_id(0)
    assert model.article_row(PAGE_ROWS * 2 + 5) is not None


def test_sorting_by_each_column_asks_the_library(qtbot, model: ArticleListModel) -> None:
    with qtbot.waitSignal(model.loaded):
        model.sort(SOURCE, Qt.SortOrder.AscendingOrder)
    sources = [model.index(r, SOURCE).data() for r in range(model.rowCount())]
    assert sources == sorted(sources)
    with qtbot.waitSignal(model.loaded):
        model.sort(PUBLISHED, Qt.SortOrder.AscendingOrder)
    dates = [model.index(r, PUBLISHED).data() for r in range(model.rowCount())]
    assert dates == sorted(dates)


def test_search_view_ranks_and_carries_snippets(qtbot, library: Library) -> None:
    library.import_drafts([draft(1, title="Lithium deal", body_text="Lithium from Chile."),
                           draft(2, title="Other news", body_text="Nothing on lithium here.")])
    model = ArticleListModel(library)
    load(qtbot, model, relevance_view("lithium"))
    assert model.rowCount() == 2
    assert model.index(0, TITLE).data() == "Lithium deal"
    assert "<b" in model.index(1, TITLE).data(Qt.ItemDataRole.ToolTipRole)


def test_flags_refresh_and_removal(qtbot, library: Library, model: ArticleListModel) -> None:
    first = model.article_id(0)
    assert model.index(0, TITLE).data(Qt.ItemDataRole.FontRole).bold()
    library.set_starred([first])
    library.set_read([first])
    with qtbot.waitSignal(model.dataChanged):
        model.refresh_ids([first])
    assert model.index(0, STAR).data() == "★"
    assert model.index(0, TITLE).data(Qt.ItemDataRole.FontRole) is None
    model.remove_rows([0, 1])
    assert model.rowCount() == 348 and model.article_id(0) != first


def test_a_new_view_drops_ids_of_the_old_one(qtbot, library: Library, model) -> None:
    model.set_view(View("source:\"Source 1\""))
    model.set_view(View("source:\"Source 2\""))
    qtbot.waitUntil(lambda: model.complete, timeout=10_000)
    assert model.rowCount() == library.count('source:"Source 2"')
