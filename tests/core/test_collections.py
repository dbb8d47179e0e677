"""Collections: tagging with undo, rename and merge, notes, order, suggestions."""

from __future__ import annotations

import pytest

from newsreader.core.entities.engines import make_engine
from newsreader.core.errors import NotFoundError
from newsreader.core.library import Library

from ..conftest import draft


@pytest.fixture
def ids(library: Library) -> list[int]:
    return library.import_drafts([draft(n) for n in range(1, 7)]).added_ids


def members(library: Library, name: str) -> list[int]:
    return [i for chunk in library.iter_ids(f'tag:"{name}"', sort="position", descending=False)
            for i in chunk]


def test_add_remove_and_undo_restore_exactly(library: Library, ids: list[int]) -> None:
    first = library.add_tag("Chips", ids[:3])
    assert first.created and first.added == ids[:3]
    library.set_collection_note("chips", ids[1], "the key quote")
    second = library.add_tag("CHIPS", ids[2:5])  # same collection, whatever the case
    assert not second.created and second.added == ids[3:5]
    removed = library.remove_tag("Chips", [ids[1], ids[3]])
    assert [link.note for link in removed.removed] == ["the key quote", ""]
    library.undo_tag_change(removed)
    assert members(library, "Chips") == ids[:5]
    assert ("Chips", "the key quote") in [
        (n, note) for n, note, _ in library.collections_of(ids[1])
    ]
    library.undo_tag_change(second)
    library.undo_tag_change(first)
    assert library.tags() == []


def test_rename_merge_delete_with_undo(library: Library, ids: list[int]) -> None:
    library.add_tag("a", ids[:2])
    library.add_tag("b", ids[1:4])
    library.describe_tag("b", color="#123456", description="Bee")
    assert library.rename_tag("a", "A prime") is False
    before = (library.tag_snapshot("A prime"), library.tag_snapshot("b"))
    assert library.rename_tag("A prime", "B") is True  # onto an existing name: merge
    assert [t.name for t in library.tags()] == ["b"] and members(library, "b") == ids[1:4] + ids[:1]
    library.restore_tag(*before)
    assert {t.name: t.count for t in library.tags()} == {"A prime": 2, "b": 3}
    saved = library.tag_snapshot("b")
    library.delete_tag("b")
    assert library.count() == 6 and [t.name for t in library.tags()] == ["A prime"]
    library.restore_tag(saved)
    assert next(t for t in library.tags() if t.name == "b").description == "Bee"
    with pytest.raises(NotFoundError):
        library.delete_tag("nope")


def test_manual_order(library: Library, ids: list[int]) -> None:
    library.add_tag("memo", ids)
    library.set_collection_order("memo", [ids[4], ids[0]])
    assert members(library, "memo")[:2] == [ids[4], ids[0]]
    assert sorted(members(library, "memo")) == sorted(ids)


def test_tagging_ten_thousand_in_one_go(library: Library) -> None:
    many = library.import_drafts([draft(n) for n in range(10_000)]).added_ids
    change = library.add_tag("bulk", many)
    assert len(change.added) == 10_000 and library.count('tag:bulk') == 10_000
    library.undo_tag_change(change)
    assert library.count("tag:bulk") == 0


def test_suggestion_ranks_the_resembling_collection_first(library: Library) -> None:
    chips = [draft(n, title=f"Chip story {n}", body_text=(
        f"Samsung and TSMC expanded wafer output in Korea and Taiwan. Lithography tools "
        f"from ASML remained scarce, analysts said in report {n}.")) for n in range(1, 5)]
    energy = [draft(n, title=f"Energy story {n}", body_text=(
        f"Germany approved new offshore wind turbines and grid batteries. Electricity "
        f"prices in Berlin fell, utilities said in report {n}.")) for n in range(5, 9)]
    ids = library.import_drafts(chips + energy).added_ids
    library.add_tag("chip supply", ids[:4])
    library.add_tag("energy transition", ids[4:])
    (new,) = library.import_drafts([draft(99, title="Wafer plans", body_text=(
        "Samsung said lithography machines from ASML would arrive in Korea next year."))]).added_ids
    library.extract_entities(make_engine("rules"))
    suggestions = library.suggest_collections(new)
    assert suggestions[0].collection == "chip supply"
    assert "Samsung" in suggestions[0].shared_entities
