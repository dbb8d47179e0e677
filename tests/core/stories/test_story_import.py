"""Copies through the real import path: every item kept, copies grouped, re-imports no-ops."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from newsreader.core.library import Library

from .texts import BOILERPLATE, FOOTER, OTHER, OTHER_TITLE, WIRE, WIRE_TITLE, earnings


def write_jsonl(path: Path, items: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(item) + "\n" for item in items), encoding="utf-8")
    return path


def item(n: int, title: str, body: str, source: str = "Wire") -> dict[str, object]:
    return {"title": title, "body_text": body, "source": source,
            "url": f"https://site{n}.example/story/{n}"}


def syndicated(folder: Path, *others: dict[str, object]) -> Path:
    """A wire story (1), its copy under a new headline with a site's footer (2), then others."""
    return write_jsonl(folder / "wire.jsonl", [
        item(1, WIRE_TITLE, WIRE, "Yonhap"),
        item(2, "Seoul, Washington to resume chip talks", WIRE + "\n\n" + FOOTER, "Daily Ledger"),
        *others,
    ])


def stories(library: Library) -> dict[str, int]:
    """story id by URL"""
    return {row.url: row.story_id for chunk in library.iter_ids()
            for row in library.rows(chunk).values()}


def test_boilerplate_bodies_under_different_titles_are_all_kept_apart(
        library: Library, tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "notices.jsonl",
                         [item(n, f"Notice {n}: {topic}", BOILERPLATE) for n, topic in
                          enumerate(["rates held", "chip talks", "plant opens", "strike ends"])])
    report = library.import_paths([source])
    assert (report.added, report.skipped) == (4, 0)
    assert len(set(stories(library).values())) == 4


def test_empty_bodies_with_equal_titles_are_all_kept_apart(
    library: Library, tmp_path: Path
) -> None:
    source = write_jsonl(tmp_path / "comments.jsonl", [item(n, "Comments", "") for n in range(3)])
    assert library.import_paths([source]).added == 3
    assert len(set(stories(library).values())) == 3


def test_a_syndicated_copy_with_a_new_headline_joins_the_story(library: Library,
                                                                tmp_path: Path) -> None:
    source = syndicated(tmp_path, item(3, OTHER_TITLE, OTHER),
                        item(4, "ACME CORP 1ST QTR NET", earnings(1)),
                        item(5, "ZENITH CORP 1ST QTR NET", earnings(2)))
    assert library.import_paths([source]).added == 5
    found = stories(library)
    first, copy = found["https://site1.example/story/1"], found["https://site2.example/story/2"]
    assert first == copy
    assert len(set(found.values())) == 4
    row = library.rows([copy])[copy]
    assert row.story_size == 2


def test_reimporting_the_same_file_changes_nothing(library: Library, tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text(f"{WIRE_TITLE}\n\n{WIRE}\n", encoding="utf-8")
    (tmp_path / "copy.txt").write_text(f"Chip talks to resume\n\n{WIRE}\n", encoding="utf-8")
    first = library.import_paths([tmp_path])
    again = library.import_paths([tmp_path])
    assert (first.added, again.added, again.skipped) == (2, 0, 2)
    assert len(set(stories(library).values())) == 1


def test_a_story_follows_edits_and_deletes(library: Library, tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "wire.jsonl", [item(n, WIRE_TITLE, WIRE) for n in range(3)])
    first, second, third = library.import_paths([source]).added_ids
    assert {r.story_id for r in library.rows([first, second, third]).values()} == {first}
    library.update_article(second, body_text=OTHER)  # now another story
    assert library.article(second).story_id == second
    assert library.article(third).story_size == 2
    library.delete_articles([first])  # the lead goes: the next copy leads
    assert library.article(third).story_id == third
    conn = sqlite3.connect(library.path)
    keys = conn.execute("SELECT count(*) FROM story_keys WHERE article_id = ?", (first,)).fetchone()
    conn.close()
    assert keys == (0,)


def test_reading_one_copy_reads_the_story_and_only_the_story(library: Library,
                                                              tmp_path: Path) -> None:
    library.import_paths([syndicated(tmp_path, item(3, OTHER_TITLE, OTHER))])
    read = lambda: {row.id: row.is_read for row in library.rows([1, 2, 3]).values()}  # noqa: E731
    assert library.set_story_read([2]) == 2
    assert read() == {1: True, 2: True, 3: False}
    assert library.set_story_read([1], False) == 2 and read() == {1: False, 2: False, 3: False}
    assert library.set_story_read([3]) == 1 and read() == {1: False, 2: False, 3: True}


def test_one_id_per_story_across_the_first_ids_and_the_rest(library: Library, tmp_path: Path,
                                                            monkeypatch) -> None:
    from newsreader.core.store import stories as story_store

    source = write_jsonl(tmp_path / "wire.jsonl", [
        item(1, WIRE_TITLE, WIRE, "Yonhap"),
        item(2, OTHER_TITLE, OTHER),
        item(3, "Seoul, Washington to resume chip talks", WIRE + "\n\n" + FOOTER, "Daily Ledger"),
        item(4, "ACME CORP 1ST QTR NET", earnings(1)),
    ])
    library.import_paths([source])
    for first_ids in (1, 2, 3, 400):  # the first ids are looked up, the rest use the index
        monkeypatch.setattr(story_store, "FIRST_IDS", first_ids)
        assert [i for c in library.iter_story_ids(sort="title", descending=False, chunk=2)
                for i in c] == [4, 2, 1]  # by title: ACME, Battery, Korea (Seoul is a copy)
        assert [i for c in library.iter_story_ids(sort="title", descending=True, chunk=2)
                for i in c] == [3, 2, 4]  # Seoul stands for the story, Korea is its copy
