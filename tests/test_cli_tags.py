"""The tag commands, including names that look like options."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsreader.cli import main
from newsreader.core.library import Library

from .conftest import draft


@pytest.fixture
def lib(tmp_path: Path) -> str:
    path = tmp_path / "lib.sqlite"
    with Library(path) as library:
        library.import_drafts([draft(n) for n in range(1, 6)])
    return str(path)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def tags(capsys, lib: str) -> list[dict]:
    return json.loads(run(capsys, "--library", lib, "tag", "list", "--json")[1])


def test_add_remove_list_by_ids_and_query(capsys, lib) -> None:
    code, out, _ = run(capsys, "--library", lib, "tag", "add", "chip export controls", "1", "2")
    assert code == 0 and "Added 2 articles" in out
    run(capsys, "--library", lib, "tag", "add", "chip export controls", "--query", "number 3")
    assert tags(capsys, lib) == [{"name": "chip export controls", "count": 3, "color": None,
                                  "description": ""}]
    run(capsys, "--library", lib, "tag", "remove", "chip export controls", "2")
    assert tags(capsys, lib)[0]["count"] == 2
    _, out, _ = run(capsys, "--library", lib, "list", "--json", 'tag:"chip export controls"')
    assert sorted(r["id"] for r in json.loads(out)) == [1, 3]


def test_double_dash_ends_options(capsys, lib) -> None:
    code, _, err = run(capsys, "--library", lib, "tag", "add", "--", "-draft", "4")
    assert code == 0, err
    assert [t["name"] for t in tags(capsys, lib)] == ["-draft"]
    _, out, _ = run(capsys, "--library", lib, "list", "--json", "--", 'tag:"-draft"')
    assert [r["id"] for r in json.loads(out)] == [4]


def test_rename_merge_describe_note_delete(capsys, lib) -> None:
    run(capsys, "--library", lib, "tag", "add", "a", "1")
    run(capsys, "--library", lib, "tag", "add", "b", "2")
    code, out, _ = run(capsys, "--library", lib, "tag", "rename", "a", "B")
    assert code == 0 and out.startswith("Merged")
    run(
        capsys,
        "--library",
        lib,
        "tag",
        "describe",
        "b",
        "--description",
        "Bee",
        "--color",
        "#aa0000",
    )
    run(capsys, "--library", lib, "tag", "note", "b", "1", "why it matters")
    assert tags(capsys, lib) == [
        {"name": "b", "count": 2, "color": "#aa0000", "description": "Bee"}
    ]
    with Library(lib) as library:
        assert ("b", "why it matters") in [(n, note) for n, note, _ in library.collections_of(1)]
    run(capsys, "--library", lib, "tag", "delete", "b")
    assert tags(capsys, lib) == []


def test_bad_tag_commands_are_one_line(capsys, lib) -> None:
    for argv in (("tag", "add", "x"), ("tag", "add", "x", "99"), ("tag", "remove", "nope", "1"),
                 ("tag", "add", "x", "1", "--query", "y")):
        code, _, err = run(capsys, "--library", lib, *argv)
        assert code == 1 and len(err.strip().splitlines()) == 1, argv


def test_export_collection_and_import_back(capsys, lib, tmp_path) -> None:
    run(capsys, "--library", lib, "tag", "add", "--", "-draft", "3", "1")
    run(capsys, "--library", lib, "tag", "note", "--", "-draft", "1", "lead story")
    out_dir = tmp_path / "out"
    code, _out, err = run(capsys, "--library", lib, "export", "--to", str(out_dir), "--", "-draft")
    assert code == 0, err
    assert (out_dir / "index.md").exists()
    fresh = str(tmp_path / "fresh.sqlite")
    code, _, err = run(capsys, "--library", fresh, "import", "--no-entities", str(out_dir))
    assert code == 0, err
    with Library(fresh) as library:
        order = [i for c in library.iter_ids('tag:"-draft"', sort="position", descending=False)
                 for i in c]
        titles = [library.article(i).title for i in order]
        notes = {n: note for n, note, _ in library.collections_of(order[1])}
    assert titles == ["Story number 3 about chips", "Story number 1 about chips"]
    assert notes == {"-draft": "lead story"}
    for fmt, name in (("digest", "d.md"), ("json", "a.json"), ("csv", "a.csv")):
        code, _, err = run(capsys, "--library", lib, "export", "--query", "chips",
                           "--to", str(tmp_path / name), "--format", fmt)
        assert code == 0 and (tmp_path / name).stat().st_size > 0, err
    assert len(json.loads((tmp_path / "a.json").read_text())) == 5
