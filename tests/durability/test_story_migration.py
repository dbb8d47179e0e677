"""The upgrade to stories: the unique text index goes, every stored article gets its story,
no article changes id."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from newsreader.core.ingest.normalize import content_hash
from newsreader.core.library import Library
from newsreader.core.store.connection import connect
from newsreader.core.store.schema import MIGRATIONS, migrate
from newsreader.core.store.story_migration import group_into_stories

from ..core.stories.texts import FOOTER, OTHER, OTHER_TITLE, WIRE, WIRE_TITLE


def _before_stories(path: Path) -> list[tuple[int, str]]:
    """A library as the app left it before stories, with a near copy in it."""
    step = MIGRATIONS.index(group_into_stories)
    conn = connect(path)
    try:
        migrate(conn, MIGRATIONS[:step])
        rows = [(7, WIRE_TITLE, WIRE), (9, OTHER_TITLE, OTHER),
                (12, "Seoul, Washington to resume chip talks", WIRE + "\n\n" + FOOTER)]
        conn.executemany(
            "INSERT INTO articles (id, url, content_hash, title, added_at, body_text) "
            "VALUES (?, ?, ?, ?, '2024-01-01T00:00:00Z', ?)",
            [(i, f"https://old.example/{i}", content_hash(t, b), t, b) for i, t, b in rows])
        return [(i, t) for i, t, _ in rows]
    finally:
        conn.close()


def test_an_old_library_gets_stories_in_place(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    before = _before_stories(path)
    with Library(path) as library:
        rows = library.rows([7, 9, 12])
        assert [(i, rows[i].title) for i in (7, 9, 12)] == before  # no id changed
        assert (rows[7].story_id, rows[12].story_id, rows[9].story_id) == (7, 7, 9)
        assert rows[12].story_size == 2
        # the text is no longer unique: a copy under another address is kept
        report = library.import_drafts([_copy_of(library, 7)])
        assert report.added == 1 and library.article(report.added_ids[0]).story_id == 7
    conn = sqlite3.connect(path)
    indexes = {r[1]: r[2] for r in conn.execute("PRAGMA index_list(articles)")}
    conn.close()
    assert indexes["articles_content_hash"] == 0  # not unique


def _copy_of(library: Library, article_id: int):
    from newsreader.core.ingest.draft import ArticleDraft

    article = library.article(article_id)
    return ArticleDraft(title=article.title, body_text=article.body_text,
                        url="https://elsewhere.example/copy")
