"""The library file: schema, de-duplication, FTS sync, paging and flags."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from newsreader.core.errors import LibraryError, NewsreaderError, NotFoundError, QueryError
from newsreader.core.library import Library
from newsreader.core.store.schema import SCHEMA_VERSION, migrate

from ..conftest import draft


def fts_rowids(library: Library, word: str) -> list[int]:
    return [r.id for r in library.search(word, limit=100)]


def test_new_library_is_wal_versioned_and_plain_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite"
    Library(path).close()
    db = sqlite_utils.Database(path)
    try:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert {"articles", "articles_fts", "tags", "article_tags", "entities",
                "mentions"} <= set(db.table_names())
    finally:
        db.close()


def test_import_drafts_know_an_article_by_its_address(library: Library) -> None:
    first = library.import_drafts([draft(1), draft(2)])
    assert (first.added, first.skipped) == (2, 0)
    same_url = draft(1, body_text="A rewritten body", url="https://EXAMPLE.com/story/1#top")
    same_text = draft(2, url="https://example.com/other", body_text="  Body of story 2.\n"
                      "Semiconductor   exports rose in quarter 2. ")
    again = library.import_drafts([same_url, same_text, draft(1)])
    # the same URL is the same article; the same text under another address is another one
    assert (again.added, again.skipped) == (1, 2)
    assert library.count() == 3


def test_address_less_drafts_are_known_by_title_and_text(library: Library) -> None:
    plain = draft(1, url=None)
    assert library.import_drafts([plain, draft(1, url=None)]).added == 1  # same file twice
    again = library.import_drafts([draft(1, url=None), draft(1, url=None, title="Other title")])
    assert (again.added, again.skipped) == (1, 1)


def test_fts_follows_insert_update_and_delete(library: Library) -> None:
    report = library.import_drafts([draft(1), draft(2, title="Battery plant opens")])
    one, two = report.added_ids
    assert fts_rowids(library, "battery") == [two]
    library.update_article(two, title="Grid upgrade approved")
    assert fts_rowids(library, "battery") == []
    assert fts_rowids(library, "grid") == [two]
    library.set_read([two])  # a flag change must not disturb the index
    assert fts_rowids(library, "grid") == [two]
    library.delete_articles([one])
    assert fts_rowids(library, "semiconductor") == [two]
    conn = sqlite3.connect(library.path)
    conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
    conn.close()


def test_search_ranks_title_hits_first_with_snippet(library: Library) -> None:
    library.import_drafts([
        draft(1, title="Markets today", body_text="Among other things, lithium prices fell."),
        draft(2, title="Lithium rush in Chile", body_text="Miners expand in the desert."),
    ])
    hits = library.search("lithium")
    assert [h.title for h in hits] == ["Lithium rush in Chile", "Markets today"]
    assert "\x02lithium\x03" in hits[1].snippet


def test_search_input_is_never_fts_syntax(library: Library) -> None:
    library.import_drafts([draft(1, body_text='He said "NEAR(a b)" AND -- OR * ^ col:x')])
    for query in ['NEAR(a b)', 'AND', '"unterminated', '* ^', 'col:x', "a'b", "-"]:
        try:  # SQLite never sees the text as syntax: a result, or a message for the user
            library.search(query)
        except QueryError as error:
            assert str(error)


def test_page_uses_keyset_and_covers_every_row_once(library: Library) -> None:
    library.import_drafts([draft(n, published_at="2024-03-01T00:00:00Z" if n % 3 else None)
                           for n in range(50)])
    seen, after = [], None
    while True:
        rows, after = library.page(after=after, limit=7)
        if not rows:
            break
        seen.extend(r.id for r in rows)
    assert sorted(seen) == sorted(set(seen)) and len(seen) == 50
    keys = [(r.published_at or r.added_at, r.id) for r in library.rows(seen).values()]
    ordered = [
        (library.rows([i])[i].published_at or library.rows([i])[i].added_at, i) for i in seen
    ]
    assert ordered == sorted(keys, reverse=True)


def test_flags_tags_and_missing_article(library: Library) -> None:
    (aid,) = library.import_drafts([draft(1, tags=["Chip export controls"])]).added_ids
    library.set_starred([aid])
    library.add_tag("chip EXPORT controls", [aid])  # same tag, any case
    article = library.article(aid)
    assert article.is_starred and not article.is_read
    assert article.tags == ["Chip export controls"]
    assert [(t.name, t.count) for t in library.tags()] == [("Chip export controls", 1)]
    with pytest.raises(NotFoundError):
        library.article(9999)


def test_file_that_is_not_sqlite_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("my precious notes\n" * 100)
    before = path.read_bytes()
    with pytest.raises(LibraryError, match="not a Newsreader library"):
        Library(path)
    assert path.read_bytes() == before


def test_library_from_newer_app_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite"
    Library(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    with pytest.raises(LibraryError, match="newer Newsreader"):
        Library(path)


def test_failed_migration_leaves_library_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite"
    Library(path).close()
    conn = sqlite3.connect(path, isolation_level=None)

    def broken(c: sqlite3.Connection) -> None:
        c.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("disk on fire")

    from newsreader.core.store.schema import MIGRATIONS

    with pytest.raises(RuntimeError):
        migrate(conn, [*MIGRATIONS, broken])
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert "half_done" not in {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()


def test_read_only_library_refuses_writes(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite"
    Library(path).close()
    with Library(path, read_only=True) as library, pytest.raises(LibraryError, match="read-only"):
        library.import_drafts([draft(1)])


def test_older_library_is_migrated_step_by_step(tmp_path: Path) -> None:
    from newsreader.core.store.connection import connect
    from newsreader.core.store.schema import MIGRATIONS

    path = tmp_path / "old.sqlite"
    conn = connect(path)
    migrate(conn, MIGRATIONS[:1])
    conn.execute("INSERT INTO articles (content_hash, title, added_at) VALUES ('h', 'Old', 'now')")
    conn.close()
    with Library(path) as library:
        assert library.count() == 1
        indexes = {r[0] for r in library._conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"articles_title", "articles_source"} <= indexes


@pytest.mark.parametrize("sort", ["date", "added", "title", "source", "read", "starred"])
@pytest.mark.parametrize("descending", [True, False])
def test_streamed_ids_follow_the_sort_across_chunks(library: Library, sort: str,
                                                    descending: bool) -> None:
    library.import_drafts([
        draft(n, title=f"Title {n % 7}", source=None if n % 5 == 0 else f"S{n % 4}",
              published_at=None if n % 3 == 0 else f"2024-02-{n % 9 + 1:02d}")
        for n in range(1, 120)])
    library.set_read(range(1, 120, 2))
    library.set_starred(range(1, 120, 3))
    from newsreader.core.store.queries import SORT_KEYS

    direction = "DESC" if descending else "ASC"
    expected = [r[0] for r in library._conn.execute(
        f"SELECT a.id FROM articles a ORDER BY {SORT_KEYS[sort]} {direction}, a.id {direction}")]
    streamed = [i for chunk in library.iter_ids(sort=sort, descending=descending, chunk=10)
                for i in chunk]
    assert streamed == expected
    ranked = [i for chunk in library.iter_ids("semiconductor", sort="relevance", chunk=7)
              for i in chunk]
    assert sorted(ranked) == sorted(expected)


def test_big_json_lines_stream_in_batches_and_cancel_keeps_whole_batches(
        library: Library, tmp_path: Path) -> None:
    import json

    source = tmp_path / "big.jsonl"
    source.write_text("\n".join(json.dumps({"title": f"T{n}", "body_text": f"Body {n} text.",
                                            "url": f"https://example.com/{n}"})
                                for n in range(5_000)) + "\n")
    batches: list[int] = []
    report = library.import_paths([source], on_batch=lambda b: batches.append(b.added),
                                  should_cancel=lambda: len(batches) >= 2)
    assert report.cancelled and batches == [2_000, 2_000] and library.count() == 4_000
    again = library.import_paths([source])
    assert (again.added, again.skipped, library.count()) == (1_000, 4_000, 5_000)


def test_edit_details_corrects_title_date_author_source(library: Library) -> None:
    (aid,) = library.import_drafts([draft(1, published_at=None, author="desk")]).added_ids
    edited = library.edit_details(aid, title="  A better   title ", published="5 May 2024",
                                  author="Laura Chen", source="")
    assert (edited.title, edited.published_at[:10], edited.author, edited.source) == \
        ("A better title", "2024-05-05", "Laura Chen", None)
    assert library.search("better")[0].id == aid  # the full-text index follows
    with pytest.raises(NewsreaderError, match="not a date"):
        library.edit_details(aid, title="x", published="someday", author="", source="")
    with pytest.raises(NewsreaderError, match="needs a title"):
        library.edit_details(aid, title="  ", published="", author="", source="")
    assert (
        library.edit_details(aid, title="x", published="", author="", source="").published_at
        is None
    )
