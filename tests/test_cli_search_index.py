"""`newsreader index`, and the search index kept in step by commands that change articles,
also beside another program's Library (the window) on the same file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsreader.cli import main
from newsreader.core.library import Library

from .durability.helpers import run_cli


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def jsonl(path: Path, titles: list[str]) -> Path:
    path.write_text("".join(json.dumps({"title": t, "body": f"{t}. The text of it.",
                                        "url": f"https://example.com/{path.stem}/{i}"}) + "\n"
                            for i, t in enumerate(titles)), encoding="utf-8")
    return path


def status(capsys: pytest.CaptureFixture[str], lib: str) -> dict[str, object]:
    code, out, err = run(capsys, "--library", lib, "index", "--status", "--json")
    assert code == 0, err
    return json.loads(out)


def test_an_import_leaves_the_index_up_to_date_and_list_uses_it(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    lib = str(tmp_path / "lib.sqlite")
    stories = jsonl(tmp_path / "a.jsonl", ["Chip export controls", "Coffee harvest late"])
    code, _, err = run(capsys, "--library", lib, "import", str(stories))
    assert code == 0, err
    now = status(capsys, lib)
    assert now["exists"] is True and now["behind"] == 0
    assert Path(str(now["folder"])) == tmp_path / "lib.sqlite.search"
    code, out, _ = run(capsys, "--library", lib, "list", "chips", "--json")
    assert [r["title"] for r in json.loads(out)] == ["Chip export controls"]


def test_index_builds_rebuilds_and_says_how_it_stands(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite"
    with Library(path) as library:  # written without the command line: no index yet
        library.import_paths([jsonl(tmp_path / "a.jsonl", ["Wheat", "Barley", "Rye"])])
    lib = str(path)
    assert status(capsys, lib)["exists"] is False
    code, out, _ = run(capsys, "--library", lib, "index", "--status")
    assert code == 0 and "No search index yet" in out
    code, out, err = run(capsys, "--library", lib, "index")
    assert code == 0, err
    assert "up to date" in out
    code, out, err = run(capsys, "--library", lib, "index", "--rebuild")
    assert code == 0 and "up to date" in out, err
    assert status(capsys, lib)["behind"] == 0


def test_a_command_beside_the_window_keeps_the_windows_searches_fast_and_right(
        tmp_path: Path) -> None:
    """The window's Library open; the CLI imports in another process: the CLI brings the
    index up to date, and the window's next search is answered by it, with the new story."""
    path = tmp_path / "lib.sqlite"
    window = Library(path)
    try:
        window.import_paths([jsonl(tmp_path / "a.jsonl", ["Chip talks in Sejong"])])
        window.update_search_index()
        result = run_cli(path, "import", str(jsonl(tmp_path / "b.jsonl",
                                                   ["Chip exports fall", "Rice prices"])))
        assert result.returncode == 0, result.stderr
        now = window.search_index_status()
        assert now is not None and now.exists and now.behind == 0
        assert {r.title for r in window.search("chip")} == {"Chip talks in Sejong",
                                                          "Chip exports fall"}
        window.edit_details(1, title="Rice talks in Sejong", published="", author="",
                            source="")
        assert {r.title for r in window.search("rice")} == {"Rice talks in Sejong",
                                                          "Rice prices"}  # SQLite: behind
        listed = run_cli(path, "list", "rice", "--json")
        assert {r["title"] for r in json.loads(listed.stdout)} == {"Rice talks in Sejong",
                                                                  "Rice prices"}
    finally:
        window.close()


def test_two_programs_updating_at_once_one_waits_for_the_next_time(tmp_path: Path) -> None:
    """Two command-line imports that end together both want to build the index: one
    does, the other leaves it (they used to build in one folder and break both)."""
    from newsreader.core.search_index import LOCK_SUFFIX
    from newsreader.core.store.locking import WriterLock

    path = tmp_path / "lib.sqlite"
    with Library(path) as first:
        first.import_paths([jsonl(tmp_path / "a.jsonl", ["One", "Two"])])
    with WriterLock(path, suffix=LOCK_SUFFIX):  # another program is updating the index
        result = run_cli(path, "import", str(jsonl(tmp_path / "b.jsonl", ["Three"])))
        assert result.returncode == 0, result.stderr
        assert "another program is updating the search index" in result.stderr
        with Library(path) as second:
            assert second.update_search_index().skipped
            assert {r.title for r in second.search("three")} == {"Three"}  # SQLite meanwhile
    with Library(path) as second:
        assert second.update_search_index().rebuilt
        assert {r.title for r in second.search("three")} == {"Three"}


def test_a_writer_held_inside_tantivy_is_waited_for_too(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite"
    with Library(path) as first, Library(path) as second:
        first.import_paths([jsonl(tmp_path / "a.jsonl", ["One", "Two"])])
        first.update_search_index()
        first.import_paths([jsonl(tmp_path / "b.jsonl", ["Three"])])
        index = first._search_index
        assert index is not None
        opened = index._index()
        assert opened is not None
        with opened.writing():  # tantivy's own lock, as an older version would hold it
            report = second.update_search_index()
        assert report.skipped and "another program" in report.skipped
        assert first.update_search_index().indexed == 1


def test_every_write_of_the_window_and_the_cli_survives_with_the_index_in_step(
        tmp_path: Path) -> None:
    """The window's Library and CLI processes write in turn (each updating the search
    index after): a new process then finds every write of both, in the file and by search."""
    import sqlite3

    path = tmp_path / "lib.sqlite"
    window = Library(path)
    try:
        window.import_paths([jsonl(tmp_path / "a.jsonl", ["Harbour strike"])])
        window.update_search_index()
        assert run_cli(path, "import", str(jsonl(tmp_path / "b.jsonl", ["Rice prices",
                                                                          "Tea prices"]))
                       ).returncode == 0
        window.edit_details(1, title="Lighthouse strike", published="", author="", source="")
        window.add_tag("window tag", [1])
        window.update_search_index()
        assert run_cli(path, "tag", "add", "cli tag", "2").returncode == 0
        window.set_starred([3])
        assert run_cli(path, "import", str(jsonl(tmp_path / "c.jsonl", ["Coal exports"]))
                       ).returncode == 0
        window.update_search_index()
        assert {r.title for r in window.search("strike OR prices OR coal")} == {
            "Lighthouse strike", "Rice prices", "Tea prices", "Coal exports"}
    finally:
        window.close()
    listed = run_cli(path, "list", "lighthouse OR rice OR tea OR coal", "--json")
    assert {r["title"] for r in json.loads(listed.stdout)} == {
        "Lighthouse strike", "Rice prices", "Tea prices", "Coal exports"}
    conn = sqlite3.connect(path)
    try:
        tags = dict(conn.execute("SELECT t.name, at.article_id FROM tags t "
                                 "JOIN article_tags at ON at.tag_id = t.id"))
        starred = conn.execute("SELECT is_starred FROM articles WHERE id = 3").fetchone()[0]
    finally:
        conn.close()
    assert tags == {"window tag": 1, "cli tag": 2} and starred == 1
