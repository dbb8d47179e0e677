"""The search index beside the library follows every change, and is never the only copy.

Searches go to the index only while it holds every change of the library; otherwise to
SQLite's FTS5. Each test here makes the change, brings the index up to date the way the
app does (``update_search_index``), and checks that a search finds what the library now
holds, by the index (``current()``), not by the fallback.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from newsreader.core.library import Library
from newsreader.core.opening import restore_backup
from newsreader.core.textindex import translate

from ..conftest import draft


def ids(library: Library, query: str) -> list[int]:
    return [row.id for row in library.search(query, limit=50)]


def served_by_index(library: Library) -> bool:
    status = library.search_index_status()
    return status is not None and status.exists and status.behind == 0


@pytest.fixture
def indexed(library: Library) -> Library:
    library.import_drafts([
        draft(1, title="China curbs chip exports", body_text="Beijing set new rules.",
              source="Reuters"),
        draft(2, title="Coffee prices rise", body_text="Brazil's harvest is late. Of the crop, "
              "most is sold.", source="Yonhap"),
        draft(3, title="Chip makers and China", body_text="Trade talks go on in Sejong.",
              source="AP"),
    ])
    report = library.update_search_index()
    assert report.rebuilt and report.indexed == 3
    assert served_by_index(library)
    return library


def test_an_import_is_found_once_the_index_has_it(indexed: Library) -> None:
    assert ids(indexed, "china") == [1, 3] or ids(indexed, "china") == [3, 1]
    indexed.import_drafts([draft(4, title="China and the coffee trade", body_text="More.")])
    assert not served_by_index(indexed)
    assert 4 in ids(indexed, "coffee")  # behind: SQLite answers, and has it
    assert indexed.update_search_index().indexed == 1
    assert served_by_index(indexed)
    assert set(ids(indexed, "coffee")) == {2, 4}


def test_an_edit_and_a_delete_are_followed(indexed: Library) -> None:
    indexed.edit_details(2, title="Tea prices rise", published="", author="", source="Yonhap")
    indexed.delete_articles([3])
    indexed.update_search_index()
    assert served_by_index(indexed)
    assert ids(indexed, "coffee") == []
    assert ids(indexed, "tea") == [2]
    assert ids(indexed, "china") == [1]


def test_operators_are_checked_on_the_indexs_hits(indexed: Library) -> None:
    indexed.add_tag("chips", [3])
    indexed.set_read([1])
    assert served_by_index(indexed)  # tags and flags are not in the index: still current
    assert ids(indexed, "china tag:chips") == [3]
    assert ids(indexed, "china -tag:chips") == [1]
    assert ids(indexed, "china is:unread") == [3]
    assert ids(indexed, "china source:reuters") == [1]
    assert ids(indexed, "china -sejong") == [1]
    assert set(ids(indexed, "coffee OR sejong")) == {2, 3}
    assert ids(indexed, "coffee OR china source:AP") in ([2, 3], [3, 2])


def test_words_prefixes_phrases_and_accents_as_in_fts5(indexed: Library) -> None:
    indexed.import_drafts([draft(5, title="Café society", body_text="The U.S. market.")])
    indexed.update_search_index()
    assert ids(indexed, "chin*") in ([1, 3], [3, 1])
    assert ids(indexed, "chips") in ([1, 3], [3, 1])  # stems: "chips" finds "chip"
    assert ids(indexed, '"chip exports"') == [1]
    assert ids(indexed, '"exports chip"') == []
    assert ids(indexed, "cafe") == [4] and ids(indexed, "café") == [4]
    assert ids(indexed, '"u.s."') == [4]
    assert ids(indexed, "nothingmatches") == []


def test_a_phrase_of_common_words_is_looked_for_among_the_articles_with_its_words(
        indexed: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(translate, "COMMON_WORD", 0)  # every word counts as common here
    monkeypatch.setattr(translate, "FIRST_CANDIDATES", 1)
    # twelve articles with the words many times but not the phrase rank first by words
    indexed.import_drafts([draft(20 + n, title=f"Report {n}",
                                 body_text="Crop the of. " * 20) for n in range(12)])
    indexed.update_search_index()
    assert ids(indexed, '"chip exports"') == [1]
    assert ids(indexed, '"exports chip"') == []
    assert [r.id for r in indexed.search('"of the crop"', limit=1)] == [2]  # found later
    assert ids(indexed, '"of the crop"') == [2]
    assert ids(indexed, '"of the crop" source:yonhap') == [2]
    assert ids(indexed, '"of the crop" source:reuters') == []


def test_the_best_match_comes_first_and_snippets_mark_the_words(indexed: Library) -> None:
    indexed.import_drafts([draft(6, title="Sejong", body_text="Sejong Sejong, in Sejong.")])
    indexed.update_search_index()
    rows = indexed.search("sejong")
    assert [r.id for r in rows] == [4, 3]
    assert rows[1].snippet is not None and "\x02Sejong\x03" in rows[1].snippet


def test_the_whole_list_comes_best_first_in_chunks(indexed: Library) -> None:
    chunks = list(indexed.iter_ids("china OR coffee", sort="relevance", chunk=2))
    assert sorted(i for c in chunks for i in c) == [1, 2, 3]
    assert all(len(c) <= 2 for c in chunks)


def test_a_deleted_index_is_rebuilt_and_searches_go_on_meanwhile(indexed: Library) -> None:
    status = indexed.search_index_status()
    assert status is not None
    shutil.rmtree(status.folder)
    assert not served_by_index(indexed)
    assert set(ids(indexed, "china")) == {1, 3}  # SQLite's index answers
    assert indexed.update_search_index().rebuilt
    assert served_by_index(indexed)
    assert set(ids(indexed, "china")) == {1, 3}


def test_a_damaged_index_is_rebuilt(indexed: Library) -> None:
    status = indexed.search_index_status()
    assert status is not None
    for path in status.folder.iterdir():
        if path.name != "state.json":
            path.write_bytes(b"\0" * 64)
    assert set(ids(indexed, "china")) == {1, 3}
    indexed.update_search_index()
    assert served_by_index(indexed)
    assert set(ids(indexed, "china")) == {1, 3}


def test_an_index_of_another_library_is_not_used(indexed: Library, tmp_path: Path) -> None:
    status = indexed.search_index_status()
    assert status is not None
    other = tmp_path / "other.sqlite"
    with Library(other) as elsewhere:
        elsewhere.import_drafts([draft(9, title="Unrelated")])
        shutil.copytree(status.folder, tmp_path / "other.sqlite.search")
        assert set(ids(elsewhere, "china")) == set()
        assert elsewhere.update_search_index().rebuilt
        assert ids(elsewhere, "unrelated") == [1]


def test_restoring_a_backup_rebuilds_the_index(indexed: Library, tmp_path: Path) -> None:
    backup = Path(indexed.back_up(tmp_path / "backup.sqlite"))
    indexed.import_drafts([draft(7, title="After the backup")])
    indexed.update_search_index()
    path = indexed.path
    indexed.close()
    restore_backup(backup, path)
    with Library(path) as restored:
        assert not served_by_index(restored)  # the index of the replaced file went with it
        assert ids(restored, "backup") == []
        restored.update_search_index()
        assert served_by_index(restored)
        assert ids(restored, "backup") == []
        assert set(ids(restored, "china")) == {1, 3}


def test_a_read_only_library_searches_with_what_it_has(indexed: Library) -> None:
    path = indexed.path
    indexed.close()
    with Library(path, read_only=True) as reader:
        assert set(ids(reader, "china")) == {1, 3}
        assert reader.update_search_index().skipped


def test_the_list_of_changes_is_pruned_once_the_index_has_them(
        indexed: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsreader.core import search_index

    monkeypatch.setattr(search_index, "PRUNE_AFTER", 2)
    indexed.import_drafts([draft(10), draft(11), draft(12)])
    indexed.update_search_index()
    status = indexed.search_index_status()
    assert status is not None and status.behind == 0
    indexed.import_drafts([draft(13, title="Thirteen")])
    indexed.update_search_index()
    assert ids(indexed, "thirteen") == [7]


@pytest.mark.parametrize("few", [0, 2_000])
def test_collections_and_entities_find_the_same_either_way(
        indexed: Library, monkeypatch: pytest.MonkeyPatch, few: int) -> None:
    """A small collection is searched from its articles, a big one by checking each
    article: both give the same answers, with words (the index) and without."""
    from newsreader.core.store import queries

    monkeypatch.setattr(queries, "FEW", few)
    indexed.add_tag("chips", [1, 3])
    indexed.set_mentions(3, [(0, 4, "Chip", "ORG")])
    assert set(ids(indexed, "tag:chips")) == {1, 3}
    assert ids(indexed, "china tag:chips -sejong") == [1]
    assert set(ids(indexed, "coffee OR china tag:chips")) == {1, 2, 3}
    assert ids(indexed, "-tag:chips") == [2]
    assert ids(indexed, 'entity:"chip"') == [3]
    assert ids(indexed, 'china entity:"chip"') == [3]
    assert ids(indexed, "coffee tag:chips") == []
