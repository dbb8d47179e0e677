"""One name, one collection: "Été" typed composed (one É) and decomposed (E + U+0301,
as macOS file names give it) look the same, so they are the same collection."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from newsreader.core.library import Library
from newsreader.core.store.connection import connect
from newsreader.core.store.schema import MIGRATIONS, migrate

from .helpers import cli

pytestmark = pytest.mark.hostile

COMPOSED = "Été 2024"
DECOMPOSED = unicodedata.normalize("NFD", COMPOSED)


def _library(tmp_path: Path, stories: int = 3) -> Path:
    path = tmp_path / "lib.sqlite"
    lines = [json.dumps({"title": f"Story {n}", "body_text": f"Summer story {n}.",
                         "url": f"https://example.org/{n}"}) for n in range(stories)]
    (tmp_path / "in.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert cli(path, "import", "--no-entities", str(tmp_path / "in.jsonl")).returncode == 0
    return path


def test_a_name_typed_two_ways_is_one_collection(tmp_path: Path) -> None:
    assert COMPOSED != DECOMPOSED
    library = _library(tmp_path)
    assert cli(library, "tag", "add", COMPOSED, "1").returncode == 0
    assert cli(library, "tag", "add", DECOMPOSED, "2").returncode == 0
    assert cli(library, "tag", "add", COMPOSED.upper(), "3").returncode == 0  # ASCII case too
    listed = json.loads(cli(library, "tag", "list", "--json").stdout)
    assert [(t["name"], t["count"]) for t in listed] == [(COMPOSED, 3)]
    found = json.loads(cli(library, "list", f'tag:"{DECOMPOSED}"', "--json").stdout)
    assert sorted(r["id"] for r in found) == [1, 2, 3]
    described = cli(library, "tag", "describe", DECOMPOSED, "--description", "Summer")
    assert described.returncode == 0, described.stderr
    assert json.loads(cli(library, "tag", "list", "--json").stdout)[0]["description"] == "Summer"


def test_an_older_library_with_both_gets_one_collection_and_keeps_every_note(
        tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    conn = connect(path)
    try:
        migrate(conn, MIGRATIONS[:5])  # as the app before NFC names left it
        conn.executemany("INSERT INTO articles (id, url, content_hash, title, added_at, body_text) "
                         "VALUES (?, ?, ?, ?, '2024-01-01', 'Body')",
                         [(n, f"https://old.example/{n}", f"h{n}", f"Old {n}") for n in (1, 2, 3)])
        conn.execute("INSERT INTO tags (id, name, created_at) VALUES (1, ?, '2024-01-01')",
                     (COMPOSED,))
        conn.execute("INSERT INTO tags (id, name, created_at) VALUES (2, ?, '2024-01-02')",
                     (DECOMPOSED,))
        conn.executemany("INSERT INTO article_tags (article_id, tag_id, added_at, position, note) "
                         "VALUES (?, ?, '2024-01-01', ?, ?)",
                         [(1, 1, 1, "first"), (2, 2, 1, "second"), (3, 2, 2, "third"),
                          (1, 2, 3, "also in the other")])
    finally:
        conn.close()
    with Library(path) as library:
        assert [(t.name, t.count) for t in library.tags()] == [(COMPOSED, 3)]
        assert [library.collections_of(n) for n in (1, 2, 3)] == [
            [(COMPOSED, "first", 1.0)], [(COMPOSED, "second", 2.0)], [(COMPOSED, "third", 3.0)]]
