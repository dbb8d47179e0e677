"""The library file in the tools people open it with: Datasette, sqlite-utils, sqlite3.

Each test makes its library through the command line (``import``), as a user does, then
asks the real tool: Datasette's JSON API (its own test client, the code ``datasette
serve`` runs), the ``sqlite-utils`` command, and Debian's ``sqlite3`` shell (installed by
``.ci/run``; its SQLite 3.40 is the one that misread schema 9).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import sqlite_utils

from newsreader.cli import main
from newsreader.core.store import declarations
from newsreader.core.store.connection import connect
from newsreader.core.store.integrity import check_rows
from newsreader.core.store.schema import MIGRATIONS, SCHEMA_VERSION, migrate

BIN = Path(sys.executable).parent
STORIES = {
    "lithium.txt": "Lithium rush in Chile\n\nSamsung met miners in Santiago on Monday.",
    "grid.txt": "Grid upgrade approved\n\nToyota opened a plant in Texas on Friday.",
}


def sqlite3_shell(path: Path, sql: str) -> list[str]:
    """What Debian's ``sqlite3`` shell prints for ``sql``, line by line."""
    shell = shutil.which("sqlite3")
    if shell is None:
        pytest.fail("the sqlite3 shell is missing: apt-get install sqlite3 (.ci/run does)")
    result = subprocess.run([shell, str(path), sql], capture_output=True, text=True,
                            timeout=120, check=False)
    return (result.stdout + result.stderr).splitlines()


def imported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    folder = tmp_path / "stories"
    folder.mkdir()
    for name, text in STORIES.items():
        (folder / name).write_text(text, encoding="utf-8")
    path = tmp_path / "library.sqlite"
    assert main(["--library", str(path), "import", str(folder)]) == 0, capsys.readouterr().err
    return path


def old_library(path: Path) -> Path:
    """A library as schema 9 left it: full-text index, entities and mentions included."""
    conn = connect(path)
    migrate(conn, MIGRATIONS[:9])
    conn.execute("INSERT INTO articles (id, content_hash, title, body_text, added_at) VALUES "
                 "(1, 'h1', 'Lithium rush in Chile', 'Samsung met miners.', '2024-01-01'), "
                 "(2, 'h2', 'Grid upgrade approved', 'Toyota opened a plant.', '2024-01-02')")
    conn.execute("INSERT INTO entities (id, text, label, key) VALUES (1, 'Samsung', 'ORG', "
                 "'samsung'), (2, 'Toyota', 'ORG', 'toyota')")
    conn.execute('INSERT INTO mentions (article_id, entity_id, start, "end") VALUES '
                 "(1, 1, 0, 7), (2, 2, 0, 6)")
    conn.close()
    return path


def datasette_search(path: Path, words: str) -> tuple[list[str], str]:
    """Titles Datasette's ``articles.json?_search=`` returns, and how it describes them
    (``datasette FILE --get URL`` answers one request as ``datasette serve`` would)."""
    url = f"/{path.stem}/articles.json?_search={words}&_col=title&_shape=objects"
    result = subprocess.run([str(BIN / "datasette"), str(path), "--get", url],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    return [row["title"] for row in data["rows"]], data["human_description_en"]


def detected_fts(path: Path) -> str | None:
    """The full-text table sqlite-utils finds for ``articles`` (``Table.detect_fts``)."""
    db = sqlite_utils.Database(path)
    try:
        return db["articles"].detect_fts()
    finally:
        db.close()


def fts_shadow(path: Path) -> list[tuple[int, bytes]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT id, block FROM articles_fts_data ORDER BY id").fetchall()
    finally:
        conn.close()


def test_datasette_offers_the_search(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = imported(tmp_path, capsys)
    titles, description = datasette_search(path, "lithium")
    assert titles == ["Lithium rush in Chile"]
    assert description == 'where search matches "lithium"'


def test_sqlite_utils_finds_and_searches_the_index(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    path = imported(tmp_path, capsys)
    assert detected_fts(path) == "articles_fts"
    found = subprocess.run([str(BIN / "sqlite-utils"), "search", str(path), "articles", "toyota",
                            "-c", "title", "--csv"], capture_output=True, text=True, check=False,
                           timeout=60)
    assert found.returncode == 0, found.stderr
    assert found.stdout.splitlines() == ["title", "Grid upgrade approved"]


def test_the_sqlite3_shell_and_the_app_agree_the_library_is_sound(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = imported(tmp_path, capsys)
    conn = sqlite3.connect(path)
    mentions = conn.execute("SELECT count(*) FROM mentions").fetchone()[0]
    conn.close()
    assert mentions >= 2  # Samsung, Santiago, Toyota, Texas ...
    assert sqlite3_shell(path, "PRAGMA integrity_check") == ["ok"]
    conn = sqlite3.connect(path)
    assert check_rows(conn) == []
    conn.close()


def _break_a_mention(path: Path, declaration: str) -> None:
    """A mention of no entity, put there behind SQLite's back (as a bad tool could)."""
    conn = sqlite3.connect(path, isolation_level=None)
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'mentions'").fetchone()[0]
    loose = sql.replace(declaration, "entity_id INTEGER")
    for text in (loose, sql):
        version = conn.execute("PRAGMA schema_version").fetchone()[0]
        conn.execute("PRAGMA writable_schema = ON")
        conn.execute("UPDATE sqlite_master SET sql = ? WHERE name = 'mentions'", (text,))
        conn.execute(f"PRAGMA schema_version = {version + 1}")
        conn.execute("PRAGMA writable_schema = OFF")
        if text == loose:
            conn.execute('INSERT INTO mentions (article_id, entity_id, start, "end") '
                         "VALUES (1, NULL, 90, 95)")
    conn.close()


def test_a_real_null_is_reported_by_both(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    path = imported(tmp_path, capsys)
    _break_a_mention(path, declarations.NEW_ENTITY_ID)
    shell = sqlite3_shell(path, "PRAGMA integrity_check")
    conn = sqlite3.connect(path)
    assert check_rows(conn) == shell == ["CHECK constraint failed in mentions"]
    conn.close()


def test_a_real_null_in_an_old_library_is_not_taken_for_sqlites_mistake(tmp_path: Path) -> None:
    path = old_library(tmp_path / "old.sqlite")
    conn = sqlite3.connect(path)
    assert check_rows(conn) == []  # 3.40's false "NULL value" lines are still discounted
    conn.close()
    _break_a_mention(path, declarations.OLD_ENTITY_ID)
    conn = sqlite3.connect(path)
    assert check_rows(conn)[:1] == ["NULL value in mentions.entity_id"]
    conn.close()


def test_an_old_library_is_migrated_in_place(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    path = old_library(tmp_path / "old.sqlite")
    index_before = fts_shadow(path)
    assert datasette_search(path, "lithium")[1] == ""  # schema 9: Datasette ignores _search
    assert main(["--library", str(path), "list", "lithium"]) == 0  # the app upgrades it
    assert "Lithium rush in Chile" in capsys.readouterr().out
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()
    assert fts_shadow(path) == index_before  # the index was kept, not rebuilt
    assert sqlite3_shell(path, "PRAGMA integrity_check;"
                         "INSERT INTO articles_fts(articles_fts, rank) "
                         "VALUES ('integrity-check', 1);"
                         "SELECT count(*) FROM mentions") == ["ok", "2"]
    assert datasette_search(path, "lithium")[0] == ["Lithium rush in Chile"]
    assert detected_fts(path) == "articles_fts"


def test_where_sqlite_refuses_to_edit_its_schema_the_tables_are_rebuilt(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = old_library(tmp_path / "old.sqlite")

    def refused(conn: sqlite3.Connection, wanted: dict[str, str]) -> None:
        raise sqlite3.OperationalError("table sqlite_master may not be modified")

    monkeypatch.setattr(declarations, "_rewrite_in_place", refused)
    conn = connect(path)
    migrate(conn)
    conn.close()
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'grid'"
                        ).fetchall() == [(2,)]
    assert conn.execute("SELECT v FROM articles_fts_config WHERE k = 'automerge'"
                        ).fetchone() == (16,)
    assert conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' "
                        "AND tbl_name = 'mentions'").fetchall() == [("mentions_entity",)]
    conn.close()
    assert sqlite3_shell(path, "PRAGMA integrity_check; SELECT count(*) FROM mentions"
                         ) == ["ok", "2"]
    assert detected_fts(path) == "articles_fts"


def test_a_declaration_sqlite_cannot_read_rolls_the_step_back(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = old_library(tmp_path / "old.sqlite")
    monkeypatch.setattr(declarations, "NEW_FTS_CONTENT", "content=(articles")
    conn = connect(path)
    with pytest.raises(sqlite3.DatabaseError):
        migrate(conn)
    conn.close()
    monkeypatch.undo()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 9
    assert "content='articles'" in conn.execute(
        "SELECT sql FROM sqlite_master WHERE name = 'articles_fts'").fetchone()[0]
    assert conn.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'toyota'"
                        ).fetchone() == (1,)
    conn.close()
